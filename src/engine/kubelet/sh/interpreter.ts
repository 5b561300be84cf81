/**
 * The container shell: busybox ash (`sh` in busybox, curl and stress images) or bash (ubuntu),
 * running as a process. It interprets the AST on the simulated clock: `sleep 5` really waits five
 * simulated seconds, a `while true; do wget …; sleep 0.01; done` loop really sends 100 requests a
 * second. Differences between the two flavours are in the messages and the prompt.
 *
 * Signals follow the shells: a trap runs when the foreground command has finished; without a
 * trap, SIGTERM/SIGINT kill a non-interactive shell (unless it is PID 1, which ignores them); an
 * interactive shell ignores SIGINT and SIGTERM and passes Ctrl-C to its foreground command.
 */
import { spawn, wait, type Task } from '../coroutine';
import type { Node, Redirect } from './ast';
import { ShSyntaxError } from './ast';
import { expandWord, fnmatch, type ExpandHost } from './expand';
import { parseScript } from './parser';
import { SIGNALS, Stdin, spawnErrorText, type ChildProcess, type Proc, type Sink } from '../runtime/process';
import { FS_ERROR_TEXT, normalizePath, type FsError } from '../runtime/fs';
import { printf } from './printf';
import { testExpr } from './test';

export type Flavor = 'ash' | 'dash' | 'bash';

interface IO {
  stdout: Sink;
  stderr: Sink;
  stdin: Stdin;
}

class ExitShell {
  constructor(readonly code: number) {}
}

class LoopControl {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {}
}

const BUILTINS = new Set([
  ':',
  'true',
  'false',
  'echo',
  'printf',
  'cd',
  'pwd',
  'export',
  'unset',
  'exit',
  'set',
  'shift',
  'read',
  'test',
  '[',
  'eval',
  'exec',
  'trap',
  'kill',
  'wait',
  'type',
  'break',
  'continue',
  'source',
  '.',
  'umask',
  'command',
  'readonly',
  'local',
  'return',
  'history',
  'help',
  'alias',
  'ulimit',
  'times',
  'hash',
  'getopts',
  'let',
  'jobs',
  'fg',
  'bg',
]);

export interface ShellOptions {
  flavor: Flavor;
  /** `$0`. */
  name: string;
  args: string[];
  interactive: boolean;
}

export class Shell implements ExpandHost {
  readonly vars: Record<string, string>;
  private readonly exported = new Set<string>();
  private positionalArgs: string[];
  private status = 0;
  private lastBg = 0;
  private traps = new Map<string, string>();
  private pendingSignals: number[] = [];
  private foreground: ChildProcess | undefined;
  /** Waiting for a command line at the prompt (an interactive shell). */
  private atPrompt = false;
  private bgJobs: ChildProcess[] = [];
  private lineNo = 0;

  constructor(
    readonly p: Proc,
    readonly opts: ShellOptions,
  ) {
    this.vars = { ...p.env };
    for (const k of Object.keys(p.env)) this.exported.add(k);
    if (this.vars.PWD === undefined) this.vars.PWD = p.cwd;
    this.positionalArgs = opts.args;
    if (opts.flavor === 'bash' && this.vars.SHLVL === undefined) {
      this.vars.SHLVL = '1';
      this.exported.add('SHLVL');
    }
    p.onSignal((sig) => this.onSignal(sig));
  }

  get fs() {
    return this.p.fs;
  }

  cwd(): string {
    return this.p.cwd;
  }

  private get arg0(): string {
    return this.opts.name;
  }

  /** `sh: foo: not found` / `bash: line 1: foo: command not found`. */
  private errPrefix(): string {
    if (this.opts.flavor === 'bash' && !this.opts.interactive)
      return `${this.arg0}: line ${this.lineNo || 1}: `;
    if (this.opts.flavor === 'dash') return `${this.arg0}: ${this.lineNo || 1}: `;
    return `${this.arg0}: `;
  }

  private onSignal(sig: number): void {
    const name =
      Object.entries(SIGNALS)
        .find(([, v]) => v === sig)?.[0]
        ?.slice(3) ?? '';
    if (this.traps.has(name)) {
      if (this.traps.get(name) === '') return; // trap '' TERM: ignored
      this.pendingSignals.push(sig);
      if (!this.foreground || this.inWait) this.flushTrapsSoon();
      return;
    }
    if (this.opts.interactive) {
      if (sig === SIGNALS.SIGINT && this.foreground) this.foreground.kill(sig);
      else if (sig === SIGNALS.SIGINT && this.atPrompt) {
        // Ctrl-C at the prompt: the line is dropped and a fresh prompt starts on a new line
        this.p.stderr('\n');
        this.p.stdout(this.prompt());
      }
      if (sig === SIGNALS.SIGINT || sig === SIGNALS.SIGTERM || sig === SIGNALS.SIGQUIT) return;
    }
    if (sig === SIGNALS.SIGCHLD || sig === SIGNALS.SIGWINCH) return;
    if (this.p.pid === 1) return;
    (this.p as unknown as { terminate(s: number): void }).terminate(128 + sig);
  }

  private trapTimer: number | undefined;
  /** In the `wait` builtin: a trapped signal interrupts it (POSIX). */
  private inWait = false;

  private flushTrapsSoon(): void {
    if (this.trapTimer !== undefined) return;
    this.trapTimer = this.p.setTimeout(() => {
      this.trapTimer = undefined;
      // the shell is idle (in `wait`, `read` …): run the trap now
      const io: IO = { stdout: (t) => this.p.stdout(t), stderr: (t) => this.p.stderr(t), stdin: new Stdin() };
      // eslint-disable-next-line @typescript-eslint/no-this-alias -- generator functions have no lexical this
      const self = this;
      spawn(
        (function* (): Task<void> {
          try {
            yield* self.runPendingTraps(io);
          } catch (e) {
            if (!(e instanceof ExitShell)) throw e;
            const code = yield* self.finish(e.code, io);
            self.p.exit(code);
          }
        })(),
      );
    }, 0);
  }

  private *runPendingTraps(io: IO): Task<void> {
    while (this.pendingSignals.length) {
      const sig = this.pendingSignals.shift()!;
      const name =
        Object.entries(SIGNALS)
          .find(([, v]) => v === sig)?.[0]
          ?.slice(3) ?? '';
      const action = this.traps.get(name);
      if (action) yield* this.evalString(action, io);
    }
  }

  // ---- ExpandHost --------------------------------------------------------------------------

  param(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.status);
      case '$':
        return String(this.p.pid);
      case '#':
        return String(this.positionalArgs.length);
      case '0':
        return this.arg0;
      case '!':
        return this.lastBg ? String(this.lastBg) : '';
    }
    if (/^[1-9]$/.test(name)) return this.positionalArgs[Number(name) - 1];
    if (name === 'PWD') return this.p.cwd;
    if (name === 'RANDOM') return String((this.p.now() * 7919 + this.p.pid * 104729) % 32768);
    return this.vars[name];
  }

  positional(): string[] {
    return this.positionalArgs;
  }

  setVar(name: string, value: string): void {
    this.vars[name] = value;
    if (this.exported.has(name)) this.p.env[name] = value;
  }

  *substitute(script: string): Task<string> {
    let out = '';
    const io: IO = { stdout: (t) => (out += t), stderr: (t) => this.p.stderr(t), stdin: new Stdin() };
    const saved = this.status;
    yield* this.evalString(script, io, true);
    void saved;
    return out;
  }

  error(msg: string): void {
    this.p.stderr(`${this.errPrefix()}${msg}\n`);
  }

  // ---- entry points --------------------------------------------------------------------------

  /** `sh -c 'script'` */
  *runScript(src: string): Task<number> {
    const io: IO = { stdout: (t) => this.p.stdout(t), stderr: (t) => this.p.stderr(t), stdin: this.p.stdin };
    try {
      yield* this.evalString(src, io);
    } catch (e) {
      if (e instanceof ExitShell) return yield* this.finish(e.code, io);
      throw e;
    }
    return yield* this.finish(this.status, io);
  }

  private *finish(code: number, io: IO): Task<number> {
    const exitTrap = this.traps.get('EXIT');
    if (exitTrap) {
      this.traps.delete('EXIT');
      try {
        yield* this.evalString(exitTrap, io);
      } catch (e) {
        if (!(e instanceof ExitShell)) throw e;
      }
    }
    return code;
  }

  /** Read commands from stdin (an interactive shell prints prompts). */
  *runInteractive(): Task<number> {
    const io: IO = { stdout: (t) => this.p.stdout(t), stderr: (t) => this.p.stderr(t), stdin: new Stdin() };
    let buffer = '';
    for (;;) {
      if (this.opts.interactive) this.p.stdout(buffer ? '> ' : this.prompt());
      this.atPrompt = !buffer;
      const line = yield* wait(this.p.stdin.readLine());
      this.atPrompt = false;
      if (line === null) {
        // Ctrl-D at the prompt: bash says `exit`; ash and dash end the prompt line on stderr
        if (this.opts.interactive)
          this.p[this.opts.flavor === 'bash' ? 'stdout' : 'stderr'](
            this.opts.flavor === 'bash' ? 'exit\n' : '\n',
          );
        return yield* this.finish(this.status, io);
      }
      buffer += line + '\n';
      let ast: Node;
      try {
        ast = parseScript(buffer);
      } catch (e) {
        if (e instanceof ShSyntaxError && e.incomplete) continue;
        buffer = '';
        this.p.stderr(`${this.errPrefix()}${(e as Error).message}\n`);
        this.status = 2;
        continue;
      }
      buffer = '';
      try {
        this.status = yield* this.exec(ast, io);
      } catch (e) {
        if (e instanceof ExitShell) return yield* this.finish(e.code, io);
        if (e instanceof LoopControl) continue;
        throw e;
      }
    }
  }

  private prompt(): string {
    const cwd = this.p.cwd;
    const home = this.vars.HOME;
    const shown =
      home && home !== '/' && (cwd === home || cwd.startsWith(home + '/'))
        ? '~' + cwd.slice(home.length)
        : cwd;
    const sigil = this.p.user.uid === 0 ? '#' : '$';
    if (this.opts.flavor === 'bash') return `${this.p.user.name}@${this.p.hostname}:${shown}${sigil} `;
    if (this.opts.flavor === 'dash') return `${sigil} `;
    return `${shown} ${sigil} `;
  }

  private *evalString(src: string, io: IO, subshell = false): Task<number> {
    let ast: Node;
    try {
      ast = parseScript(src);
    } catch (e) {
      this.p.stderr(`${this.errPrefix()}${(e as Error).message}\n`);
      this.status = 2;
      if (!this.opts.interactive && !subshell) throw new ExitShell(2);
      return 2;
    }
    this.status = yield* this.exec(ast, io);
    return this.status;
  }

  // ---- execution -----------------------------------------------------------------------------

  *exec(node: Node, io: IO): Task<number> {
    switch (node.t) {
      case 'list': {
        let s = this.status;
        for (const item of node.items) {
          this.lineNo++;
          if (item.background) {
            s = this.background(item.node, io);
          } else {
            s = yield* this.exec(item.node, io);
          }
          this.status = s;
          if (this.pendingSignals.length) yield* this.runPendingTraps(io);
        }
        return s;
      }
      case 'and': {
        const l = yield* this.exec(node.left, io);
        this.status = l;
        if (l !== 0) return l;
        return yield* this.exec(node.right, io);
      }
      case 'or': {
        const l = yield* this.exec(node.left, io);
        this.status = l;
        if (l === 0) return l;
        return yield* this.exec(node.right, io);
      }
      case 'pipeline':
        return yield* this.pipeline(node.cmds, node.negate, io);
      case 'if': {
        for (const c of node.clauses) {
          if ((yield* this.exec(c.cond, io)) === 0) return yield* this.exec(c.body, io);
        }
        return node.otherwise ? yield* this.exec(node.otherwise, io) : 0;
      }
      case 'while': {
        let s = 0;
        let turnStart = this.p.now();
        for (;;) {
          const c = yield* this.exec(node.cond, io);
          if ((c === 0) === node.until) break;
          try {
            s = yield* this.exec(node.body, io);
          } catch (e) {
            if (e instanceof LoopControl) {
              if (e.levels > 1) throw new LoopControl(e.kind, e.levels - 1);
              if (e.kind === 'break') break;
              continue;
            }
            throw e;
          }
          if (this.p.exited) break;
          yield* this.spinGuard(turnStart);
          turnStart = this.p.now();
        }
        this.p.setCpu(0);
        return s;
      }
      case 'for': {
        let items: string[];
        if (node.words) {
          items = [];
          for (const w of node.words) items.push(...(yield* expandWord(w, this)));
        } else items = [...this.positionalArgs];
        let s = 0;
        for (const it of items) {
          this.setVar(node.name, it);
          try {
            s = yield* this.exec(node.body, io);
          } catch (e) {
            if (e instanceof LoopControl) {
              if (e.levels > 1) throw new LoopControl(e.kind, e.levels - 1);
              if (e.kind === 'break') break;
              continue;
            }
            throw e;
          }
        }
        return s;
      }
      case 'case': {
        const value = (yield* expandWord(node.word, this, false)).join(' ');
        for (const item of node.items) {
          for (const pw of item.patterns) {
            const pat = (yield* expandWord(pw, this, false)).join(' ');
            if (fnmatch(pat, value)) return item.body ? yield* this.exec(item.body, io) : 0;
          }
        }
        return 0;
      }
      case 'group': {
        const rio = yield* this.applyRedirects(node.redirects, io);
        if (typeof rio === 'number') return rio;
        return yield* this.exec(node.body, rio);
      }
      case 'subshell': {
        const rio = yield* this.applyRedirects(node.redirects, io);
        if (typeof rio === 'number') return rio;
        const saved = { ...this.vars };
        const savedCwd = this.p.cwd;
        try {
          return yield* this.exec(node.body, rio);
        } catch (e) {
          if (e instanceof ExitShell) return e.code;
          throw e;
        } finally {
          for (const k of Object.keys(this.vars)) if (!(k in saved)) delete this.vars[k];
          Object.assign(this.vars, saved);
          this.p.cwd = savedCwd;
        }
      }
      case 'simple':
        return yield* this.simple(node, io);
    }
  }

  /**
   * A loop turn that took no simulated time (`while true; do echo hi; done`) would never let the
   * clock move: charge it a millisecond of CPU and show the shell busy at one full core.
   */
  private *spinGuard(turnStart: number): Task<void> {
    if (this.p.now() > turnStart) {
      this.p.setCpu(0);
      return;
    }
    this.p.setCpu(1000);
    yield* wait(this.p.sleep(1));
  }

  private background(node: Node, io: IO): number {
    if (node.t === 'simple' && node.words.length > 0) {
      // run synchronously only to expand; then spawn without waiting
      const task = this.startBackground(node, io);
      if (typeof task === 'number') return task;
      this.lastBg = task.pid;
      this.bgJobs.push(task);
      return 0;
    }
    this.p.stderr(`${this.errPrefix()}background compound commands are not simulated in Breakfix\n`);
    return 2;
  }

  private startBackground(node: Extract<Node, { t: 'simple' }>, io: IO): ChildProcess | number {
    // expand synchronously (background commands with $(…) are rare)
    const argv: string[] = [];
    for (const w of node.words) {
      const g = expandWord(w, this);
      let r = g.next();
      while (!r.done) r = g.next();
      argv.push(...r.value);
    }
    const child = this.p.spawn(argv, {
      env: this.exportedEnv(),
      cwd: this.p.cwd,
      stdout: io.stdout,
      stderr: io.stderr,
      stdin: new Stdin(),
    });
    if (typeof child === 'string') {
      this.notFound(argv[0]!, child, io);
      return 127;
    }
    return child;
  }

  private *pipeline(cmds: Node[], negate: boolean, io: IO): Task<number> {
    let input: Stdin = io.stdin;
    let s = 0;
    for (let i = 0; i < cmds.length; i++) {
      const last = i === cmds.length - 1;
      let buf = '';
      const stage: IO = { stdout: last ? io.stdout : (t) => (buf += t), stderr: io.stderr, stdin: input };
      s = yield* this.exec(cmds[i]!, stage);
      if (!last) input = new Stdin(buf, true);
    }
    return negate ? (s === 0 ? 1 : 0) : s;
  }

  private exportedEnv(extra: Record<string, string> = {}): Record<string, string> {
    const env: Record<string, string> = {};
    for (const k of this.exported) if (this.vars[k] !== undefined) env[k] = this.vars[k]!;
    return { ...env, ...extra };
  }

  private *applyRedirects(redirects: Redirect[], io: IO): Task<IO | number> {
    const out: IO = { ...io };
    for (const r of redirects) {
      if (r.op === '<<') {
        const body = r.heredoc ?? '';
        const quotedDelim = r.target.some((p) => p.t === 'lit' && p.quoted);
        out.stdin = new Stdin(quotedDelim ? body : yield* this.expandHeredoc(body), true);
        continue;
      }
      if (r.op === '>&') {
        const src = r.dupFd === 2 ? out.stderr : out.stdout;
        if (r.fd === 2) out.stderr = src;
        else if (r.fd === 1) out.stdout = src;
        continue;
      }
      const target = (yield* expandWord(r.target, this, false)).join(' ');
      if (r.op === '<') {
        const data = this.fs.read(target, this.p.cwd);
        if (typeof data !== 'string') {
          this.p.stderr(`${this.errPrefix()}can't open '${target}': ${FS_ERROR_TEXT[data.error]}\n`);
          return 1;
        }
        out.stdin = new Stdin(data, true);
        continue;
      }
      const sink = this.fileSink(target, r.op === '>>');
      if (typeof sink === 'string') {
        const text = FS_ERROR_TEXT[sink as FsError] ?? sink;
        const f = this.opts.flavor;
        this.p.stderr(
          f === 'bash'
            ? `${this.errPrefix()}${target}: ${text}\n`
            : `${this.errPrefix()}${f === 'dash' ? 'cannot' : "can't"} create ${target}: ${text}\n`,
        );
        return 1;
      }
      if (r.dupFd === -2) {
        out.stdout = sink;
        out.stderr = sink;
      } else if (r.fd === 2) out.stderr = sink;
      else out.stdout = sink;
    }
    return out;
  }

  private *expandHeredoc(body: string): Task<string> {
    let out = '';
    const re = /\$\{?([A-Za-z_][A-Za-z0-9_]*|\?)\}?|\$\(([^)]*)\)/g;
    let last = 0;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      out += body.slice(last, m.index);
      out +=
        m[1] !== undefined ? (this.param(m[1]) ?? '') : (yield* this.substitute(m[2]!)).replace(/\n+$/, '');
      last = m.index + m[0].length;
    }
    return out + body.slice(last);
  }

  private fileSink(path: string, append: boolean): Sink | FsError {
    if (path === '/dev/null') return () => {};
    if (path === '/dev/stdout') return (t) => this.p.stdout(t);
    if (path === '/dev/stderr') return (t) => this.p.stderr(t);
    const abs = normalizePath(path, this.p.cwd);
    if (!append) {
      const e = this.fs.write(abs, '');
      if (e) return e;
    } else {
      const st = this.fs.stat(abs);
      if (typeof st === 'string') {
        const e = this.fs.write(abs, '');
        if (e) return e;
      }
    }
    return (t) => {
      this.fs.write(abs, t, '/', true);
    };
  }

  private *simple(node: Extract<Node, { t: 'simple' }>, io: IO): Task<number> {
    const argv: string[] = [];
    for (const w of node.words) argv.push(...(yield* expandWord(w, this)));
    const assigns: [string, string][] = [];
    for (const [name, w] of node.assigns) assigns.push([name, (yield* expandWord(w, this, false)).join(' ')]);
    const rio = yield* this.applyRedirects(node.redirects, io);
    if (typeof rio === 'number') return rio;
    if (argv.length === 0) {
      for (const [k, v] of assigns) this.setVar(k, v);
      return 0;
    }
    const cmd = argv[0]!;
    if (
      BUILTINS.has(cmd) &&
      !(this.opts.flavor === 'ash' && ['history', 'let', 'local'].includes(cmd) && false)
    ) {
      const saved = assigns.map(([k]) => [k, this.vars[k]] as const);
      for (const [k, v] of assigns) this.vars[k] = v;
      try {
        return yield* this.builtin(argv, rio);
      } finally {
        if (cmd !== 'export' && cmd !== 'readonly')
          for (const [k, v] of saved) {
            if (v === undefined) delete this.vars[k];
            else this.vars[k] = v;
          }
      }
    }
    const env = this.exportedEnv(Object.fromEntries(assigns));
    const child = this.p.spawn(argv, {
      env,
      cwd: this.p.cwd,
      stdout: rio.stdout,
      stderr: rio.stderr,
      stdin: rio.stdin,
      tty: this.p.tty,
    });
    if (typeof child === 'string') return this.notFound(cmd, child, rio);
    this.foreground = child;
    try {
      const code = yield* wait(child.exited);
      // the shell got the terminal's SIGINT too: it ends the interrupted line (ash's EXINT)
      if (this.opts.interactive && code === 128 + SIGNALS.SIGINT) this.p.stderr('\n');
      return code;
    } finally {
      this.foreground = undefined;
    }
  }

  private notFound(cmd: string, err: string, io: IO): number {
    if (err === 'ENOENT') {
      if (this.opts.flavor === 'bash') {
        io.stderr(
          cmd.includes('/')
            ? `${this.errPrefix()}${cmd}: No such file or directory\n`
            : `${this.errPrefix()}${cmd}: command not found\n`,
        );
      } else io.stderr(`${this.errPrefix()}${cmd}: not found\n`);
      return 127;
    }
    io.stderr(`${this.errPrefix()}${cmd}: ${spawnErrorText(err as 'EACCES')}\n`);
    return 126;
  }

  // ---- builtins ------------------------------------------------------------------------------

  private *builtin(argv: string[], io: IO): Task<number> {
    const [cmd, ...args] = argv as [string, ...string[]];
    const err = (msg: string) => io.stderr(`${this.errPrefix()}${msg}\n`);
    switch (cmd) {
      case ':':
      case 'true':
        return 0;
      case 'false':
        return 1;
      case 'echo': {
        let newline = true;
        let escapes = false;
        let i = 0;
        while (i < args.length && /^-[neE]+$/.test(args[i]!)) {
          if (args[i]!.includes('n')) newline = false;
          if (args[i]!.includes('e')) escapes = true;
          if (args[i]!.includes('E')) escapes = false;
          i++;
        }
        let text = args.slice(i).join(' ');
        if (escapes) text = unescapeEcho(text);
        io.stdout(text + (newline ? '\n' : ''));
        return 0;
      }
      case 'printf': {
        if (args.length === 0) {
          err(
            this.opts.flavor === 'bash'
              ? 'printf: usage: printf [-v var] format [arguments]'
              : 'printf: usage: printf FORMAT [ARGUMENT]...',
          );
          return 2;
        }
        io.stdout(printf(args[0]!, args.slice(1)));
        return 0;
      }
      case 'pwd':
        io.stdout(this.p.cwd + '\n');
        return 0;
      case 'cd': {
        const target =
          args[0] === undefined
            ? (this.vars.HOME ?? '/')
            : args[0] === '-'
              ? (this.vars.OLDPWD ?? this.p.cwd)
              : args[0];
        const abs = normalizePath(target, this.p.cwd);
        const st = this.fs.stat(abs);
        if (typeof st === 'string' || st.kind !== 'dir') {
          const text = typeof st === 'string' ? FS_ERROR_TEXT[st] : 'Not a directory';
          err(this.opts.flavor === 'bash' ? `cd: ${target}: ${text}` : `cd: can't cd to ${target}: ${text}`);
          return 1;
        }
        this.vars.OLDPWD = this.p.cwd;
        this.p.cwd = abs;
        this.setVar('PWD', abs);
        return 0;
      }
      case 'export':
      case 'readonly':
      case 'local': {
        if (args.length === 0 || args[0] === '-p') {
          for (const k of [...this.exported].sort()) {
            const v = this.vars[k];
            if (v === undefined) continue;
            io.stdout(this.opts.flavor === 'bash' ? `declare -x ${k}="${v}"\n` : `export ${k}='${v}'\n`);
          }
          return 0;
        }
        for (const a of args) {
          const eq = a.indexOf('=');
          const k = eq < 0 ? a : a.slice(0, eq);
          if (eq >= 0) this.vars[k] = a.slice(eq + 1);
          if (cmd === 'export') {
            this.exported.add(k);
            if (this.vars[k] !== undefined) this.p.env[k] = this.vars[k]!;
          }
        }
        return 0;
      }
      case 'unset':
        for (const a of args.filter((a) => !a.startsWith('-'))) {
          delete this.vars[a];
          this.exported.delete(a);
          delete this.p.env[a];
        }
        return 0;
      case 'exit': {
        const code = args[0] === undefined ? this.status : Number(args[0]);
        if (!Number.isInteger(code)) {
          err(
            this.opts.flavor === 'bash'
              ? `exit: ${args[0]}: numeric argument required`
              : `exit: Illegal number: ${args[0]}`,
          );
          throw new ExitShell(2);
        }
        if (this.opts.interactive && this.opts.flavor === 'bash') io.stdout('exit\n');
        throw new ExitShell(code & 0xff);
      }
      case 'set':
        if (args[0] === '--') this.positionalArgs = args.slice(1);
        else if (args.length === 0)
          for (const k of Object.keys(this.vars).sort()) io.stdout(`${k}='${this.vars[k]}'\n`);
        return 0;
      case 'shift': {
        const n = args[0] ? Number(args[0]) : 1;
        this.positionalArgs = this.positionalArgs.slice(n);
        return 0;
      }
      case 'read': {
        const names = args.filter((a) => !a.startsWith('-'));
        const line = yield* wait(io.stdin.readLine());
        if (line === null) return 1;
        const fields = line.trim().split(/[ \t]+/);
        if (names.length === 0) this.setVar('REPLY', line);
        names.forEach((n, i) =>
          this.setVar(n, i === names.length - 1 ? fields.slice(i).join(' ') : (fields[i] ?? '')),
        );
        return 0;
      }
      case 'test':
      case '[': {
        let targs = args;
        if (cmd === '[') {
          if (targs[targs.length - 1] !== ']') {
            err('[: missing ]');
            return 2;
          }
          targs = targs.slice(0, -1);
        }
        const r = testExpr(targs, this.fs, this.p.cwd);
        if (typeof r === 'string') {
          err(`${cmd}: ${r}`);
          return 2;
        }
        return r ? 0 : 1;
      }
      case 'eval':
        return yield* this.evalString(args.join(' '), io, true);
      case 'source':
      case '.': {
        if (!args[0]) return 0;
        const data = this.fs.read(args[0], this.p.cwd);
        if (typeof data !== 'string') {
          err(`${cmd}: can't open '${args[0]}': ${FS_ERROR_TEXT[data.error]}`);
          return 1;
        }
        return yield* this.evalString(data, io, true);
      }
      case 'exec': {
        if (args.length === 0) return 0;
        const child = this.p.spawn(args, {
          env: this.exportedEnv(),
          cwd: this.p.cwd,
          stdout: io.stdout,
          stderr: io.stderr,
          stdin: io.stdin,
        });
        if (typeof child === 'string') {
          const code = this.notFound(args[0]!, child, io);
          throw new ExitShell(code);
        }
        this.foreground = child;
        const code = yield* wait(child.exited);
        throw new ExitShell(code);
      }
      case 'trap': {
        if (args.length === 0) {
          for (const [sig, action] of this.traps) io.stdout(`trap -- '${action}' ${sig}\n`);
          return 0;
        }
        const [action, ...sigs] = args;
        for (const s of sigs) {
          const name = s.replace(/^SIG/, '').toUpperCase();
          const norm =
            name === '0'
              ? 'EXIT'
              : /^\d+$/.test(name)
                ? (Object.entries(SIGNALS)
                    .find(([, v]) => v === Number(name))?.[0]
                    ?.slice(3) ?? name)
                : name;
          if (action === '-') this.traps.delete(norm);
          else this.traps.set(norm, action!);
        }
        return 0;
      }
      case 'kill': {
        let sig: number = SIGNALS.SIGTERM;
        const targets: string[] = [];
        for (const a of args) {
          if (a === '-l') {
            io.stdout(
              Object.keys(SIGNALS)
                .map((s) => s.slice(3))
                .join(' ') + '\n',
            );
            return 0;
          }
          if (a.startsWith('-')) {
            const n = a.slice(1).replace(/^s\s*/, '').toUpperCase().replace(/^SIG/, '');
            sig = /^\d+$/.test(n) ? Number(n) : (SIGNALS[`SIG${n}` as keyof typeof SIGNALS] ?? NaN);
            if (Number.isNaN(sig)) {
              err(`kill: bad signal name '${a.slice(1)}'`);
              return 1;
            }
          } else targets.push(a);
        }
        let rc = 0;
        for (const t of targets) {
          if (!this.p.kill(Number(t), sig)) {
            err(
              this.opts.flavor === 'bash'
                ? `kill: (${t}) - No such process`
                : `kill: can't kill pid ${t}: No such process`,
            );
            rc = 1;
          }
        }
        return rc;
      }
      case 'wait': {
        for (const j of this.bgJobs) {
          this.foreground = j;
          this.inWait = true;
          const code = yield* wait(j.exited);
          this.inWait = false;
          this.foreground = undefined;
          this.status = code;
          if (this.pendingSignals.length) yield* this.runPendingTraps(io);
        }
        this.bgJobs = [];
        return this.status;
      }
      case 'type':
      case 'command': {
        const names = cmd === 'command' ? args.filter((a) => a !== '-v') : args;
        let rc = 0;
        for (const n of names) {
          if (BUILTINS.has(n)) io.stdout(cmd === 'command' ? `${n}\n` : `${n} is a shell builtin\n`);
          else {
            const path = (this.vars.PATH ?? '')
              .split(':')
              .map((d) => `${d}/${n}`)
              .find((c) => typeof this.fs.executable(c) === 'object');
            if (path) io.stdout(cmd === 'command' ? `${path}\n` : `${n} is ${path}\n`);
            else {
              if (cmd === 'type') err(`${n}: not found`);
              rc = 1;
            }
          }
        }
        return rc;
      }
      case 'break':
      case 'continue':
        throw new LoopControl(cmd, Number(args[0] ?? '1'));
      case 'return':
        throw new ExitShell(Number(args[0] ?? this.status));
      case 'umask':
        io.stdout('0022\n');
        return 0;
      case 'history':
      case 'jobs':
      case 'hash':
      case 'alias':
      case 'times':
        return 0;
      case 'ulimit':
        io.stdout('unlimited\n');
        return 0;
      default:
        err(`${cmd}: not simulated in Breakfix`);
        return 2;
    }
  }
}

function unescapeEcho(s: string): string {
  return s.replace(/\\(n|t|\\|c|0[0-7]{0,3}|e)/g, (_m, e: string) =>
    e === 'n'
      ? '\n'
      : e === 't'
        ? '\t'
        : e === '\\'
          ? '\\'
          : e === 'e'
            ? '\x1b'
            : e === 'c'
              ? ''
              : String.fromCharCode(parseInt(e.slice(1) || '0', 8)),
  );
}

/** The `sh`/`bash` program: `-c script [name args…]`, a script file, or commands from stdin. */
export function shellProgram(flavor: Flavor): (p: Proc) => Task<number> {
  return function* (p: Proc): Task<number> {
    const argv = [...p.argv];
    const name = argv[0] ?? 'sh';
    let i = 1;
    let command: string | undefined;
    let forceInteractive = false;
    while (i < argv.length && argv[i]!.startsWith('-') && argv[i] !== '-') {
      const opt = argv[i]!;
      i++;
      if (opt === '--') break;
      if (opt === '-c' || /^-[a-z]*c[a-z]*$/.test(opt)) {
        command = argv[i];
        i++;
        if (command === undefined) {
          p.stderr(
            flavor === 'bash'
              ? `${name}: -c: option requires an argument\n`
              : `${name}: -c requires an argument\n`,
          );
          return 2;
        }
        break;
      }
      if (opt.includes('i')) forceInteractive = true;
      if (opt === '--login' || opt === '-l' || opt === '-e' || opt === '-x' || opt === '-s' || opt === '-i')
        continue;
    }
    if (command !== undefined) {
      const sh = new Shell(p, { flavor, name: argv[i] ?? name, args: argv.slice(i + 1), interactive: false });
      return yield* sh.runScript(command);
    }
    if (i < argv.length) {
      const script = p.fs.read(argv[i]!, p.cwd);
      if (typeof script !== 'string') {
        p.stderr(
          flavor === 'bash'
            ? `${name}: ${argv[i]}: No such file or directory\n`
            : `${name}: can't open '${argv[i]}': No such file or directory\n`,
        );
        return 127;
      }
      const sh = new Shell(p, { flavor, name: argv[i]!, args: argv.slice(i + 1), interactive: false });
      return yield* sh.runScript(script);
    }
    const sh = new Shell(p, { flavor, name, args: [], interactive: forceInteractive || p.tty });
    return yield* sh.runInteractive();
  };
}
