/**
 * The shell's interpreter: expands words, wires redirections and pipes, runs commands in order.
 *
 * Pipes are buffered: each command of a pipeline runs to completion and its whole stdout becomes
 * the next command's stdin. That is enough for `kubectl … | grep …` and `| base64 --decode`; a
 * pipeline fed by a never-ending command (`kubectl get -w | grep`) prints when the feeding command
 * ends (e.g. under `timeout`). docs/FIDELITY.md says so.
 */
import { stringInput, type CommandContext, type ExitCode, type InputStream } from '../api/io';
import type { AndOr, Pipeline, Redirect, Script, SimpleCommand, Word } from './ast';
import { IncompleteInputError, ShellSyntaxError, parseScript } from './parser';
import type { CommandFn, ShellHost, ShellIO, ShellState } from './types';

export const DEV_NULL = '/dev/null';

/**
 * A command's standard streams. `input` is stdin as a stream: the terminal the host gave `run`
 * (the learner's keystrokes), or, after a pipe or a redirection, a string source whose text is
 * also in `stdin`. Only the first command of a pipeline (without `<`/`<<`) reads the terminal.
 */
interface Streams {
  stdin: string;
  input?: InputStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

export class Shell implements ShellState {
  env: Record<string, string>;
  history: string[] = [];
  lastStatus = 0;
  exitRequested: number | undefined = undefined;
  private readonly commands = new Map<string, CommandFn>();
  /** Extra hints for commands learners expect but this playground does not have. */
  private readonly hints = new Map<string, string>();
  /** Where the stderr of `$(…)` goes: the terminal of the current top-level run. */
  private errSink: (t: string) => void = () => {};

  constructor(
    private readonly host: ShellHost,
    options: { env?: Record<string, string> } = {},
  ) {
    this.env = {
      HOME: '/root',
      USER: 'root',
      SHELL: '/bin/sh',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      ...options.env,
    };
  }

  register(name: string, fn: CommandFn): void {
    this.commands.set(name, fn);
  }

  hint(name: string, text: string): void {
    this.hints.set(name, text);
  }

  commandNames(): string[] {
    return [...this.commands.keys()].sort();
  }

  clearScreen(): void {
    this.host.clearScreen?.();
  }

  /**
   * Run a script (one or more lines, heredocs included). Records it in history. Syntax errors are
   * printed as bash prints them (`sh: syntax error …`) with status 2. `io.input` is the terminal
   * the learner types into while the command runs; without it stdin is empty (`< /dev/null`).
   */
  async run(src: string, io: ShellIO, signal: AbortSignal): Promise<ExitCode> {
    this.errSink = io.stderr;
    const trimmed = src.replace(/\n+$/, '');
    if (trimmed.trim()) this.history.push(trimmed);
    let script: Script;
    try {
      script = parseScript(src);
    } catch (e) {
      if (e instanceof ShellSyntaxError || e instanceof IncompleteInputError) {
        io.stderr(`sh: ${e.message}\n`);
        this.lastStatus = 2;
        return 2;
      }
      throw e;
    }
    return this.runScript(
      script,
      { stdin: '', input: io.input, stdout: io.stdout, stderr: io.stderr },
      signal,
    );
  }

  private async runScript(script: Script, streams: Streams, signal: AbortSignal): Promise<ExitCode> {
    let status = this.lastStatus;
    for (const item of script.items) {
      if (signal.aborted) return (this.lastStatus = 130);
      status = await this.runAndOr(item, streams, signal);
      this.lastStatus = status;
      if (this.exitRequested !== undefined) break;
    }
    return status;
  }

  private async runAndOr(item: AndOr, streams: Streams, signal: AbortSignal): Promise<ExitCode> {
    let status = await this.runPipeline(item.first, streams, signal);
    for (const { op, pipeline } of item.rest) {
      this.lastStatus = status;
      if (signal.aborted) return 130;
      if ((op === '&&' && status === 0) || (op === '||' && status !== 0)) {
        status = await this.runPipeline(pipeline, streams, signal);
      }
    }
    return status;
  }

  private async runPipeline(p: Pipeline, streams: Streams, signal: AbortSignal): Promise<ExitCode> {
    let stdin = streams.stdin;
    let input = streams.input;
    let status = 0;
    for (let i = 0; i < p.commands.length; i++) {
      const last = i === p.commands.length - 1;
      let captured = '';
      const out = last ? streams.stdout : (s: string) => void (captured += s);
      status = await this.runSimple(
        p.commands[i]!,
        { stdin, input, stdout: out, stderr: streams.stderr },
        signal,
      );
      stdin = captured;
      input = stringInput(captured);
    }
    return p.negated ? (status === 0 ? 1 : 0) : status;
  }

  private async runSimple(cmd: SimpleCommand, streams: Streams, signal: AbortSignal): Promise<ExitCode> {
    const argv: string[] = [];
    for (const w of cmd.words) argv.push(...(await this.expandWord(w, signal, true)));
    const assigned: Record<string, string> = {};
    for (const a of cmd.assignments)
      assigned[a.name] = (await this.expandWord(a.value, signal, false)).join(' ');

    let { stdin, input, stdout, stderr } = streams;
    for (const r of cmd.redirects) {
      const res = await this.applyRedirect(r, { stdin, input, stdout, stderr }, signal);
      if (typeof res === 'number') return res;
      ({ stdin, input, stdout, stderr } = res);
    }

    if (argv.length === 0) {
      Object.assign(this.env, assigned);
      return 0;
    }
    return this.exec(argv, { ...this.env, ...assigned }, { stdin, input, stdout, stderr }, signal);
  }

  /** Run argv[0] with the given environment. Used by pipelines, `timeout` and `$(…)`. */
  async exec(
    argv: string[],
    env: Record<string, string>,
    streams: Streams,
    signal: AbortSignal,
  ): Promise<ExitCode> {
    const name = argv[0]!;
    const fn = this.commands.get(name);
    if (!fn) {
      streams.stderr(`${name}: command not found\n`);
      const hint = this.hints.get(name);
      if (hint) streams.stderr(`${hint}\n`);
      return 127;
    }
    const input = streams.input ?? stringInput(streams.stdin);
    const ctx: CommandContext = {
      client: this.host.client,
      args: argv.slice(1),
      stdin: input.terminal ? '' : streams.stdin,
      input,
      stdout: streams.stdout,
      stderr: streams.stderr,
      fs: this.host.fs,
      env,
      now: () => this.host.now(),
      sleep: (ms, s) => this.host.sleep(ms, s ?? signal),
      signal,
      editor: this.host.editor,
      // a terminal on stdin makes the command's session interactive even in a host without one
      tty: this.host.tty || input.terminal,
      host: this.host.host,
    };
    try {
      return await fn(ctx, this);
    } catch (e) {
      // A command must never take the shell down: report the bug plainly and carry on.
      streams.stderr(`${name}: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
  }

  private async applyRedirect(r: Redirect, s: Streams, signal: AbortSignal): Promise<Streams | ExitCode> {
    if (r.op === '<<') {
      const h = r.heredoc!;
      const body = h.expand ? await this.expandHeredoc(h.body, signal) : h.body;
      return { ...s, stdin: body, input: stringInput(body) };
    }
    const target = (await this.expandWord(r.target!, signal, false)).join(' ');
    if (r.op === '>&') {
      if (target !== '1' && target !== '2') {
        s.stderr(`sh: ${target}: ambiguous redirect\n`);
        return 1;
      }
      const dest = target === '1' ? s.stdout : s.stderr;
      return r.fd === 2 ? { ...s, stderr: dest } : { ...s, stdout: dest };
    }
    const fs = this.host.fs;
    if (r.op === '<') {
      if (target === DEV_NULL) return { ...s, stdin: '', input: stringInput('') };
      const text = fs.readFile(fs.resolve(target));
      if (text === undefined) {
        s.stderr(
          `sh: ${target}: ${fs.isDir(fs.resolve(target)) ? 'Is a directory' : 'No such file or directory'}\n`,
        );
        return 1;
      }
      return { ...s, stdin: text, input: stringInput(text) };
    }
    // > and >>
    let sink: (t: string) => void;
    if (target === DEV_NULL) sink = () => {};
    else {
      const path = fs.resolve(target);
      if (fs.isDir(path)) {
        s.stderr(`sh: ${target}: Is a directory\n`);
        return 1;
      }
      const parent = path.slice(0, path.lastIndexOf('/')) || '/';
      if (!fs.isDir(parent)) {
        s.stderr(`sh: ${target}: No such file or directory\n`);
        return 1;
      }
      if (r.op === '>') fs.writeFile(path, '');
      sink = (t: string) => fs.writeFile(path, (fs.readFile(path) ?? '') + t);
    }
    return r.fd === 2 ? { ...s, stderr: sink } : { ...s, stdout: sink };
  }

  /** Expand a word. Unquoted expansions split into fields on blanks; quoted ones never split. */
  private async expandWord(w: Word, signal: AbortSignal, split: boolean): Promise<string[]> {
    const fields: string[] = [];
    let cur = '';
    let hasCur = false;
    for (let i = 0; i < w.parts.length; i++) {
      const part = w.parts[i]!;
      let text: string;
      if (part.kind === 'literal') {
        text = part.text;
        if (!part.quoted && i === 0 && (text === '~' || text.startsWith('~/')))
          text = (this.env.HOME ?? '/root') + text.slice(1);
        cur += text;
        hasCur = true;
        continue;
      }
      text = part.kind === 'var' ? this.lookup(part.name) : await this.substitute(part.script, signal);
      if (part.quoted || !split) {
        cur += text;
        hasCur = true;
        continue;
      }
      const pieces = text.split(/[ \t\n]+/);
      for (let j = 0; j < pieces.length; j++) {
        if (j > 0) {
          if (hasCur) fields.push(cur);
          cur = '';
          hasCur = false;
        }
        if (pieces[j]) {
          cur += pieces[j];
          hasCur = true;
        }
      }
    }
    if (hasCur || (w.parts.length > 0 && w.parts.every((p) => p.quoted))) fields.push(cur);
    return fields;
  }

  private async expandHeredoc(body: string, signal: AbortSignal): Promise<string> {
    // Only variables and $(…) expand in an unquoted heredoc; quotes stay literal.
    let out = '';
    const re = /\\([$`\\])|\$\{([A-Za-z_][A-Za-z0-9_]*|\?)\}|\$([A-Za-z_][A-Za-z0-9_]*|\?)|\$\(([^()]*)\)/g;
    let last = 0;
    for (let m = re.exec(body); m; m = re.exec(body)) {
      out += body.slice(last, m.index);
      if (m[1]) out += m[1];
      else if (m[2] ?? m[3]) out += this.lookup((m[2] ?? m[3])!);
      else out += await this.substitute(m[4]!, signal);
      last = re.lastIndex;
    }
    return out + body.slice(last);
  }

  private lookup(name: string): string {
    if (name === '?') return String(this.lastStatus);
    if (name === '$') return '1';
    if (name === '#') return '0';
    if (/^[0-9]$/.test(name)) return name === '0' ? 'sh' : '';
    return this.env[name] ?? '';
  }

  /** `$(…)`: run the script, capture stdout, drop trailing newlines (stderr still shows). */
  private async substitute(script: string, signal: AbortSignal): Promise<string> {
    let out = '';
    let parsed: Script;
    try {
      parsed = parseScript(script);
    } catch (e) {
      throw new ShellSyntaxError(e instanceof Error ? e.message : String(e));
    }
    await this.runScript(parsed, { stdin: '', stdout: (t) => void (out += t), stderr: this.errSink }, signal);
    return out.replace(/\n+$/, '');
  }
}
