/**
 * Userland tools, in two flavours: busybox applets (busybox, curl, stress images) and the GNU
 * tools of Debian/Ubuntu images. Same behaviour, each flavour's own messages:
 *   busybox `cat: can't open 'x': No such file or directory`
 *   GNU     `cat: x: No such file or directory`
 * Tools that need something not simulated (vi, top, ping's ICMP, traceroute) say so.
 */
// Every tool is a Program (a generator) so the shell can run them all alike; most finish
// without waiting for anything, hence generators without `yield`.
/* eslint-disable require-yield */
import { wait, type Task } from '../coroutine';
import { FS_ERROR_TEXT, normalizePath, type FsError, type Stat } from '../runtime/fs';
import { SIGNALS, type Proc, type Program } from '../runtime/process';
import { printf } from '../sh/printf';
import { testExpr } from '../sh/test';
import { DNS_NOT_SIMULATED, parseURL, resolveHost } from './httpclient';
import { statusText } from '../../network/http';

export type ToolFlavor = 'busybox' | 'gnu';

const errText = (e: FsError | string | { error: FsError }): string =>
  typeof e === 'object' ? FS_ERROR_TEXT[e.error] : (FS_ERROR_TEXT[e as FsError] ?? e);

function readAllInput(p: Proc): Task<string> {
  return (function* () {
    return yield* wait(p.stdin.readAll());
  })();
}

/** Files named in args, or stdin: [name, content or error]. */
function* inputs(p: Proc, files: string[]): Task<[string, string | { error: FsError }][]> {
  if (files.length === 0 || (files.length === 1 && files[0] === '-')) return [['-', yield* readAllInput(p)]];
  const out: [string, string | { error: FsError }][] = [];
  for (const f of files) out.push([f, f === '-' ? yield* readAllInput(p) : p.fs.read(f, p.cwd)]);
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** `date` output in UTC: `Thu Jan  1 00:02:05 UTC 2026`, or a +FORMAT. */
export function formatDate(ms: number, fmt?: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  const Y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const day = d.getUTCDate();
  const H = p2(d.getUTCHours());
  const M = p2(d.getUTCMinutes());
  const S = p2(d.getUTCSeconds());
  if (!fmt) return `${DAYS[d.getUTCDay()]} ${MONTHS[m]} ${String(day).padStart(2)} ${H}:${M}:${S} UTC ${Y}`;
  return fmt.replace(/%([a-zA-Z%])/g, (_x, c: string) => {
    switch (c) {
      case 'Y':
        return String(Y);
      case 'm':
        return p2(m + 1);
      case 'd':
        return p2(day);
      case 'H':
        return H;
      case 'M':
        return M;
      case 'S':
        return S;
      case 's':
        return String(Math.floor(ms / 1000));
      case 'T':
        return `${H}:${M}:${S}`;
      case 'F':
        return `${Y}-${p2(m + 1)}-${p2(day)}`;
      case 'a':
        return DAYS[d.getUTCDay()]!;
      case 'b':
        return MONTHS[m]!;
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'N':
        return String((ms % 1000) * 1_000_000).padStart(9, '0');
      case '%':
        return '%';
      default:
        return `%${c}`;
    }
  });
}

function modeString(st: Stat): string {
  const t = st.kind === 'dir' ? 'd' : st.kind === 'link' ? 'l' : '-';
  const bits = st.kind === 'link' ? 0o777 : st.mode;
  let s = t;
  for (let i = 8; i >= 0; i--) s += bits & (1 << i) ? 'rwx'[(8 - i) % 3] : '-';
  return s;
}

function lsTime(ms: number, now: number): string {
  const d = new Date(ms);
  const recent = now - ms < 182 * 24 * 3600 * 1000;
  const tail = recent
    ? `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`
    : String(d.getUTCFullYear()).padStart(5);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${tail}`;
}

/** Arrange names in columns like `ls -C` on an 80-column terminal. */
function columns(names: string[], width = 80): string {
  if (names.length === 0) return '';
  const maxLen = Math.max(...names.map((n) => n.length)) + 2;
  const perRow = Math.max(1, Math.floor(width / maxLen));
  const rows = Math.ceil(names.length / perRow);
  let out = '';
  for (let r = 0; r < rows; r++) {
    const line: string[] = [];
    for (let c = 0; c < perRow; c++) {
      const i = c * rows + r;
      if (i < names.length) line.push(names[i]!.padEnd(maxLen));
    }
    out += line.join('').trimEnd() + '\n';
  }
  return out;
}

function userName(p: Proc, uid: number): string {
  const passwd = p.fs.read('/etc/passwd');
  if (typeof passwd === 'string') {
    for (const line of passwd.split('\n')) {
      const f = line.split(':');
      if (f[2] === String(uid)) return f[0]!;
    }
  }
  return String(uid);
}

/** Parse `1`, `0.5`, `1m`, `infinity` (sleep). Returns seconds. */
function parseSleep(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const m = /^(\d*\.?\d+)([smhd]?)$/.exec(arg);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1);
}

export function makeApplets(flavor: ToolFlavor): Record<string, Program> {
  const gnu = flavor === 'gnu';
  const tools: Record<string, Program> = {};

  tools.true = function* () {
    return 0;
  };
  tools.false = function* () {
    return 1;
  };
  tools.echo = function* (p) {
    const args = p.argv.slice(1);
    let nl = true;
    if (args[0] === '-n') {
      nl = false;
      args.shift();
    }
    p.stdout(args.join(' ') + (nl ? '\n' : ''));
    return 0;
  };
  tools.printf = function* (p) {
    p.stdout(printf(p.argv[1] ?? '', p.argv.slice(2)));
    return 0;
  };
  tools['['] = function* (p) {
    const a = p.argv.slice(1);
    if (a[a.length - 1] !== ']') {
      p.stderr('[: missing ]\n');
      return 2;
    }
    const r = testExpr(a.slice(0, -1), p.fs, p.cwd);
    return typeof r === 'string' ? 2 : r ? 0 : 1;
  };
  tools.test = function* (p) {
    const r = testExpr(p.argv.slice(1), p.fs, p.cwd);
    return typeof r === 'string' ? 2 : r ? 0 : 1;
  };
  tools.pwd = function* (p) {
    p.stdout(p.cwd + '\n');
    return 0;
  };
  tools.hostname = function* (p) {
    if (p.argv[1] === '-i') {
      const hosts = p.fs.read('/etc/hosts');
      const ip =
        typeof hosts === 'string'
          ? hosts
              .split('\n')
              .find((l) => l.includes(p.hostname))
              ?.split(/\s+/)[0]
          : undefined;
      p.stdout((ip ?? '127.0.0.1') + '\n');
      return 0;
    }
    p.stdout(p.hostname + '\n');
    return 0;
  };
  tools.whoami = function* (p) {
    p.stdout(p.user.name + '\n');
    return 0;
  };
  tools.id = function* (p) {
    const g = p.user.gid === 0 ? 'root' : userName(p, p.user.gid);
    p.stdout(
      gnu
        ? `uid=${p.user.uid}(${p.user.name}) gid=${p.user.gid}(${g}) groups=${p.user.gid}(${g})\n`
        : `uid=${p.user.uid}(${p.user.name}) gid=${p.user.gid}(${g}) groups=${p.user.gid}(${g})\n`,
    );
    return 0;
  };
  tools.uname = function* (p) {
    const a = p.argv.slice(1).join('');
    if (a.includes('a'))
      p.stdout(
        `Linux ${p.hostname} 6.10.14-linuxkit #1 SMP ${gnu ? 'PREEMPT_DYNAMIC ' : ''}Thu Oct 24 19:28:55 UTC 2024 x86_64${gnu ? ' x86_64 x86_64 GNU/Linux' : ' GNU/Linux'}\n`,
      );
    else if (a.includes('r')) p.stdout('6.10.14-linuxkit\n');
    else if (a.includes('m')) p.stdout('x86_64\n');
    else if (a.includes('n')) p.stdout(p.hostname + '\n');
    else p.stdout('Linux\n');
    return 0;
  };
  tools.date = function* (p) {
    const fmtArg = p.argv.slice(1).find((a) => a.startsWith('+'));
    p.stdout(formatDate(p.now(), fmtArg?.slice(1)) + '\n');
    return 0;
  };
  tools.sleep = function* (p) {
    const args = p.argv.slice(1);
    if (args.length === 0) {
      p.stderr(
        gnu
          ? "sleep: missing operand\nTry 'sleep --help' for more information.\n"
          : 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n',
      );
      return 1;
    }
    let total = 0;
    for (const a of args) {
      const s = parseSleep(a);
      if (s === undefined) {
        p.stderr(
          gnu
            ? `sleep: invalid time interval '${a}'\nTry 'sleep --help' for more information.\n`
            : `sleep: invalid number '${a}'\n`,
        );
        return 1;
      }
      total += s;
    }
    p.setMemory(gnu ? 1_572_864 : 131_072);
    if (total === Infinity) {
      yield* wait({ subscribe: () => () => {} });
      return 0;
    }
    yield* wait(p.sleep(total * 1000));
    return 0;
  };
  tools.env = function* (p) {
    const args = p.argv.slice(1);
    const env = { ...p.env };
    let i = 0;
    while (i < args.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(args[i]!)) {
      const eq = args[i]!.indexOf('=');
      env[args[i]!.slice(0, eq)] = args[i]!.slice(eq + 1);
      i++;
    }
    if (i < args.length) {
      const child = p.spawn(args.slice(i), { env });
      if (typeof child === 'string') {
        p.stderr(
          gnu
            ? `env: '${args[i]}': No such file or directory\n`
            : `env: can't execute '${args[i]}': No such file or directory\n`,
        );
        return 127;
      }
      return yield* wait(child.exited);
    }
    for (const [k, v] of Object.entries(env)) p.stdout(`${k}=${v}\n`);
    return 0;
  };
  tools.printenv = function* (p) {
    const names = p.argv.slice(1);
    if (names.length === 0) {
      for (const [k, v] of Object.entries(p.env)) p.stdout(`${k}=${v}\n`);
      return 0;
    }
    let rc = 0;
    for (const n of names) {
      if (p.env[n] === undefined) rc = 1;
      else p.stdout(p.env[n] + '\n');
    }
    return rc;
  };
  tools.cat = function* (p) {
    const files = p.argv.slice(1).filter((a) => !/^-[A-Za-z]+$/.test(a));
    let rc = 0;
    for (const [name, data] of yield* inputs(p, files)) {
      if (typeof data === 'string') p.stdout(data);
      else {
        p.stderr(gnu ? `cat: ${name}: ${errText(data)}\n` : `cat: can't open '${name}': ${errText(data)}\n`);
        rc = 1;
      }
    }
    return rc;
  };
  tools.ls = function* (p) {
    const flags = new Set<string>();
    const paths: string[] = [];
    for (const a of p.argv.slice(1)) {
      if (/^-[A-Za-z1]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
      else paths.push(a);
    }
    if (paths.length === 0) paths.push('.');
    const long = flags.has('l');
    const all = flags.has('a');
    const almost = flags.has('A');
    let rc = 0;
    const render = (dirPath: string, names: string[]): string => {
      if (!long) return p.tty && !flags.has('1') ? columns(names) : names.map((n) => n + '\n').join('');
      let out = '';
      let blocks = 0;
      const rows: string[] = [];
      for (const n of names) {
        const full = n === '.' || n === '..' ? normalizePath(n, dirPath) : normalizePath(n, dirPath);
        const st = p.fs.stat(full, '/', false);
        if (typeof st === 'string') continue;
        blocks += Math.ceil(st.size / 4096) * 4;
        const owner = userName(p, st.uid);
        const group = st.gid === 0 ? 'root' : userName(p, st.gid);
        const name = st.kind === 'link' ? `${n} -> ${st.target}` : n;
        rows.push(
          gnu
            ? `${modeString(st)} 1 ${owner} ${group} ${String(st.size).padStart(5)} ${lsTime(st.mtime, p.now())} ${name}`
            : `${modeString(st)}    1 ${owner.padEnd(8)} ${group.padEnd(8)} ${String(st.size).padStart(9)} ${lsTime(st.mtime, p.now())} ${name}`,
        );
      }
      out += `total ${blocks}\n`;
      return out + rows.map((r) => r + '\n').join('');
    };
    for (const path of paths) {
      const st = p.fs.stat(path, p.cwd);
      if (typeof st === 'string') {
        p.stderr(gnu ? `ls: cannot access '${path}': ${errText(st)}\n` : `ls: ${path}: ${errText(st)}\n`);
        rc = gnu ? 2 : 1;
        continue;
      }
      if (st.kind !== 'dir' || flags.has('d')) {
        p.stdout(
          long
            ? render(normalizePath(path, p.cwd).replace(/\/[^/]*$/, '') || '/', [path]).replace(
                /^total \d+\n/,
                '',
              )
            : path + '\n',
        );
        continue;
      }
      let names = p.fs.list(path, p.cwd);
      if (typeof names === 'string') continue;
      if (!all && !almost) names = names.filter((n) => !n.startsWith('.'));
      if (all) names = ['.', '..', ...names];
      if (paths.length > 1) p.stdout(`${path}:\n`);
      p.stdout(render(normalizePath(path, p.cwd), names));
    }
    return rc;
  };
  tools.ps = function* (p) {
    const procs = p.ps();
    if (gnu) {
      p.stdout('    PID TTY          TIME CMD\n');
      for (const x of procs)
        p.stdout(
          `${String(x.pid).padStart(7)} ?        00:00:00 ${x.args.split(' ')[0]!.split('/').pop()}\n`,
        );
      return 0;
    }
    p.stdout('PID   USER     TIME  COMMAND\n');
    for (const x of procs) {
      const secs = Math.floor(x.cpuMs / 1000);
      const time = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, '0')}`;
      p.stdout(`${String(x.pid).padStart(5)} ${x.user.padEnd(8)} ${time.padStart(5)} ${x.args}\n`);
    }
    return 0;
  };
  tools.kill = function* (p) {
    let sig: number = SIGNALS.SIGTERM;
    let rc = 0;
    for (const a of p.argv.slice(1)) {
      if (a.startsWith('-')) {
        const n = a.slice(1).toUpperCase().replace(/^SIG/, '');
        sig = /^\d+$/.test(n) ? Number(n) : (SIGNALS[`SIG${n}` as keyof typeof SIGNALS] ?? SIGNALS.SIGTERM);
        continue;
      }
      if (!p.kill(Number(a), sig)) {
        p.stderr(gnu ? `kill: (${a}) - No such process\n` : `kill: can't kill pid ${a}: No such process\n`);
        rc = 1;
      }
    }
    return rc;
  };
  tools.mkdir = function* (p) {
    const parents = p.argv.includes('-p');
    let rc = 0;
    for (const d of p.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const e = p.fs.mkdir(d, p.cwd, parents);
      if (e) {
        p.stderr(
          gnu
            ? `mkdir: cannot create directory '${d}': ${errText(e)}\n`
            : `mkdir: can't create directory '${d}': ${errText(e)}\n`,
        );
        rc = 1;
      }
    }
    return rc;
  };
  tools.rmdir = function* (p) {
    let rc = 0;
    for (const d of p.argv.slice(1)) {
      const e = p.fs.remove(d, p.cwd);
      if (e) {
        p.stderr(`rmdir: '${d}': ${errText(e)}\n`);
        rc = 1;
      }
    }
    return rc;
  };
  tools.rm = function* (p) {
    const flags = p.argv
      .slice(1)
      .filter((a) => a.startsWith('-'))
      .join('');
    const recursive = /[rR]/.test(flags);
    const force = flags.includes('f');
    let rc = 0;
    for (const f of p.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const st = p.fs.stat(f, p.cwd, false);
      if (typeof st !== 'string' && st.kind === 'dir' && !recursive) {
        p.stderr(gnu ? `rm: cannot remove '${f}': Is a directory\n` : `rm: '${f}' is a directory\n`);
        rc = 1;
        continue;
      }
      const e = p.fs.remove(f, p.cwd, recursive);
      if (e && !(force && e === 'ENOENT')) {
        p.stderr(
          gnu ? `rm: cannot remove '${f}': ${errText(e)}\n` : `rm: can't remove '${f}': ${errText(e)}\n`,
        );
        rc = 1;
      }
    }
    return rc;
  };
  tools.touch = function* (p) {
    let rc = 0;
    for (const f of p.argv.slice(1).filter((a) => !a.startsWith('-'))) {
      const cur = p.fs.read(f, p.cwd);
      const e = p.fs.write(f, typeof cur === 'string' ? cur : '', p.cwd);
      if (e) {
        p.stderr(gnu ? `touch: cannot touch '${f}': ${errText(e)}\n` : `touch: ${f}: ${errText(e)}\n`);
        rc = 1;
      }
    }
    return rc;
  };
  tools.tee = function* (p) {
    const append = p.argv.includes('-a');
    const files = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    const data = yield* readAllInput(p);
    p.stdout(data);
    for (const f of files) p.fs.write(f, data, p.cwd, append);
    return 0;
  };
  tools.cp = function* (p) {
    const args = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (args.length < 2) {
      p.stderr(
        gnu
          ? "cp: missing file operand\nTry 'cp --help' for more information.\n"
          : 'cp: missing file operand\n',
      );
      return 1;
    }
    const dest = args.pop()!;
    for (const src of args) {
      const data = p.fs.read(src, p.cwd);
      if (typeof data !== 'string') {
        p.stderr(
          gnu
            ? `cp: cannot stat '${src}': ${errText(data)}\n`
            : `cp: can't stat '${src}': ${errText(data)}\n`,
        );
        return 1;
      }
      const dst = p.fs.stat(dest, p.cwd);
      const target = typeof dst !== 'string' && dst.kind === 'dir' ? `${dest}/${src.split('/').pop()}` : dest;
      const e = p.fs.write(target, data, p.cwd);
      if (e) {
        p.stderr(`cp: cannot create regular file '${target}': ${errText(e)}\n`);
        return 1;
      }
    }
    return 0;
  };
  tools.mv = function* (p) {
    const args = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (args.length !== 2) return 1;
    const data = p.fs.read(args[0]!, p.cwd);
    if (typeof data !== 'string') {
      p.stderr(
        gnu
          ? `mv: cannot stat '${args[0]}': ${errText(data)}\n`
          : `mv: can't rename '${args[0]}': ${errText(data)}\n`,
      );
      return 1;
    }
    const e = p.fs.write(args[1]!, data, p.cwd) ?? p.fs.remove(args[0]!, p.cwd);
    if (e) {
      p.stderr(`mv: cannot move '${args[0]}': ${errText(e)}\n`);
      return 1;
    }
    return 0;
  };
  tools.ln = function* (p) {
    const args = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    if (args.length !== 2) return 1;
    const e = p.fs.symlink(args[0]!, args[1]!, p.cwd);
    if (e) {
      p.stderr(`ln: ${args[1]}: ${errText(e)}\n`);
      return 1;
    }
    return 0;
  };
  tools.chmod = function* () {
    return 0;
  };
  const lineTool = (name: string, fn: (lines: string[], args: string[]) => string[] | string): Program =>
    function* (p) {
      const opts = p.argv.slice(1);
      const files: string[] = [];
      const flagArgs: string[] = [];
      for (let i = 0; i < opts.length; i++) {
        const a = opts[i]!;
        if (/^-[nc]$/.test(a) && name !== 'grep' && name !== 'sort') {
          flagArgs.push(a, opts[++i] ?? '');
        } else if (a.startsWith('-') && a !== '-') flagArgs.push(a);
        else files.push(a);
      }
      let rc = 0;
      const all: string[] = [];
      for (const [f, data] of yield* inputs(p, files)) {
        if (typeof data !== 'string') {
          p.stderr(
            gnu
              ? `${name}: cannot open '${f}' for reading: ${errText(data)}\n`
              : `${name}: can't open '${f}': ${errText(data)}\n`,
          );
          rc = 1;
          continue;
        }
        all.push(
          ...data
            .replace(/\n$/, '')
            .split('\n')
            .filter((_l, _i, arr) => !(arr.length === 1 && arr[0] === '')),
        );
      }
      const out = fn(all, flagArgs);
      if (typeof out === 'string') p.stdout(out);
      else if (out.length) p.stdout(out.join('\n') + '\n');
      return rc;
    };
  const count = (flags: string[], def: number): number => {
    const i = flags.indexOf('-n');
    if (i >= 0) return Number(flags[i + 1]);
    const m = flags.map((f) => /^-(\d+)$/.exec(f)).find(Boolean);
    return m ? Number(m[1]) : def;
  };
  tools.head = lineTool('head', (lines, f) => lines.slice(0, count(f, 10)));
  tools.tail = lineTool('tail', (lines, f) => lines.slice(-count(f, 10)));
  tools.sort = lineTool('sort', (lines, f) => {
    const s = [...lines].sort(f.includes('-n') ? (a, b) => parseFloat(a) - parseFloat(b) : undefined);
    return f.includes('-r') ? s.reverse() : s;
  });
  tools.uniq = lineTool('uniq', (lines) => lines.filter((l, i) => i === 0 || lines[i - 1] !== l));
  tools.wc = function* (p) {
    const flags = p.argv
      .slice(1)
      .filter((a) => a.startsWith('-'))
      .join('');
    const files = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    for (const [f, data] of yield* inputs(p, files)) {
      if (typeof data !== 'string') continue;
      const l = (data.match(/\n/g) ?? []).length;
      const w = data.split(/\s+/).filter(Boolean).length;
      const c = data.length;
      const name = f === '-' ? '' : ` ${f}`;
      if (flags.includes('l')) p.stdout(`${gnu ? l : String(l).padStart(7)}${name}\n`);
      else if (flags.includes('w')) p.stdout(`${gnu ? w : String(w).padStart(7)}${name}\n`);
      else if (flags.includes('c')) p.stdout(`${gnu ? c : String(c).padStart(7)}${name}\n`);
      else
        p.stdout(
          `${String(l).padStart(gnu ? 1 : 7)} ${String(w).padStart(gnu ? 1 : 7)} ${String(c).padStart(gnu ? 1 : 7)}${name}\n`,
        );
    }
    return 0;
  };
  tools.grep = function* (p) {
    const args = p.argv.slice(1);
    const flags = new Set<string>();
    let pattern: string | undefined;
    const files: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === '-e') pattern = args[++i];
      else if (/^-[A-Za-z]+$/.test(a)) for (const c of a.slice(1)) flags.add(c);
      else if (pattern === undefined) pattern = a;
      else files.push(a);
    }
    if (pattern === undefined) {
      p.stderr(
        gnu
          ? "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n"
          : 'BusyBox v1.36.1 multi-call binary.\n\nUsage: grep [-HhnlLoqvsrRiwFE] [-m N] [-A|B|C N] { PATTERN | -e PATTERN... | -f FILE... } [FILE]...\n',
      );
      return 2;
    }
    let re: RegExp;
    try {
      re = new RegExp(
        flags.has('F')
          ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          : pattern.replace(/\\([(){}|+?])/g, '$1'),
        flags.has('i') ? 'i' : '',
      );
    } catch {
      re = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    }
    let matched = false;
    let rc = 0;
    const multi = files.length > 1;
    for (const [f, data] of yield* inputs(p, files)) {
      if (typeof data !== 'string') {
        if (!flags.has('s')) p.stderr(`grep: ${f}: ${errText(data)}\n`);
        rc = 2;
        continue;
      }
      const lines = data.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      let n = 0;
      lines.forEach((line, idx) => {
        const hit = re.test(line) !== flags.has('v');
        if (!hit) return;
        matched = true;
        n++;
        if (flags.has('q') || flags.has('c') || flags.has('l')) return;
        p.stdout(`${multi ? f + ':' : ''}${flags.has('n') ? idx + 1 + ':' : ''}${line}\n`);
      });
      if (flags.has('c')) p.stdout(`${multi ? f + ':' : ''}${n}\n`);
      if (flags.has('l') && n) p.stdout(f + '\n');
    }
    return rc === 2 && !matched ? 2 : matched ? 0 : 1;
  };
  tools.cut = lineTool('cut', (lines, f) => {
    const d = (f.find((x) => x.startsWith('-d')) ?? '-d\t').slice(2) || '\t';
    const fields = (f.find((x) => x.startsWith('-f')) ?? '-f1').slice(2).split(',').map(Number);
    return lines.map((l) => fields.map((i) => l.split(d)[i - 1] ?? '').join(d));
  });
  tools.tr = function* (p) {
    const [a = '', b = ''] = p.argv.slice(1).filter((x) => !x.startsWith('-'));
    const del = p.argv.includes('-d');
    const data = yield* readAllInput(p);
    const expand = (s: string) =>
      s.replace(/([a-zA-Z0-9])-([a-zA-Z0-9])/g, (_m, x: string, y: string) => {
        let r = '';
        for (let c = x.charCodeAt(0); c <= y.charCodeAt(0); c++) r += String.fromCharCode(c);
        return r;
      });
    const from = expand(a);
    const to = expand(b);
    let out = '';
    for (const c of data) {
      const i = from.indexOf(c);
      if (i < 0) out += c;
      else if (!del) out += to[Math.min(i, to.length - 1)] ?? '';
    }
    p.stdout(out);
    return 0;
  };
  tools.seq = function* (p) {
    const n = p.argv.slice(1).map(Number);
    const [first, step, last] =
      n.length === 1 ? [1, 1, n[0]!] : n.length === 2 ? [n[0]!, 1, n[1]!] : [n[0]!, n[1]!, n[2]!];
    let out = '';
    for (let i = first; step > 0 ? i <= last : i >= last; i += step) out += `${i}\n`;
    p.stdout(out);
    return 0;
  };
  tools.yes = function* (p) {
    const s = (p.argv.slice(1).join(' ') || 'y') + '\n';
    for (;;) {
      p.stdout(s.repeat(100));
      p.setCpu(1000);
      yield* wait(p.sleep(1));
    }
  };
  tools.basename = function* (p) {
    p.stdout(
      (p.argv[1] ?? '')
        .replace(/\/+$/, '')
        .split('/')
        .pop()!
        .replace(new RegExp(`${(p.argv[2] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), '') + '\n',
    );
    return 0;
  };
  tools.dirname = function* (p) {
    const s = (p.argv[1] ?? '').replace(/\/+$/, '');
    p.stdout((s.includes('/') ? s.slice(0, s.lastIndexOf('/')) || '/' : '.') + '\n');
    return 0;
  };
  tools.which = function* (p) {
    let rc = 0;
    for (const n of p.argv.slice(1)) {
      const hit = (p.env.PATH ?? '')
        .split(':')
        .map((d) => `${d}/${n}`)
        .find((c) => typeof p.fs.executable(c) === 'object');
      if (hit) p.stdout(hit + '\n');
      else rc = 1;
    }
    return rc;
  };
  tools.stat = function* (p) {
    const f = p.argv[1];
    if (!f) return 1;
    const st = p.fs.stat(f, p.cwd);
    if (typeof st === 'string') {
      p.stderr(
        gnu ? `stat: cannot statx '${f}': ${errText(st)}\n` : `stat: can't stat '${f}': ${errText(st)}\n`,
      );
      return 1;
    }
    p.stdout(
      `  File: ${f}\n  Size: ${st.size}\t\tBlocks: ${Math.ceil(st.size / 512)}\tIO Block: 4096\t${st.kind === 'dir' ? 'directory' : 'regular file'}\nAccess: (0${(st.mode & 0o777).toString(8)}/${modeString(st)})  Uid: (${String(st.uid).padStart(5)}/${userName(p, st.uid).padStart(8)})   Gid: (${String(st.gid).padStart(5)}/${userName(p, st.gid).padStart(8)})\n`,
    );
    return 0;
  };
  tools.find = function* (p) {
    const start = p.argv[1] && !p.argv[1].startsWith('-') ? p.argv[1] : '.';
    const nameIdx = p.argv.indexOf('-name');
    const pat = nameIdx > 0 ? p.argv[nameIdx + 1] : undefined;
    const re = pat
      ? new RegExp(
          '^' +
            pat
              .replace(/[.+^${}()|\\]/g, '\\$&')
              .replace(/\*/g, '.*')
              .replace(/\?/g, '.') +
            '$',
        )
      : undefined;
    const walk = (path: string, depth: number) => {
      if (depth > 12) return;
      const base = path.split('/').pop() ?? path;
      if (!re || re.test(base)) p.stdout(path + '\n');
      const st = p.fs.stat(path, p.cwd, false);
      if (typeof st === 'string' || st.kind !== 'dir') return;
      if (['/proc', '/sys'].includes(normalizePath(path, p.cwd))) return;
      const names = p.fs.list(path, p.cwd);
      if (typeof names === 'string') return;
      for (const n of names) walk(path === '/' ? `/${n}` : `${path}/${n}`, depth + 1);
    };
    walk(start, 0);
    return 0;
  };
  tools.df = function* (p) {
    p.stdout(
      gnu
        ? 'Filesystem     1K-blocks     Used Available Use% Mounted on\n'
        : 'Filesystem           1K-blocks      Used Available Use% Mounted on\n',
    );
    p.stdout(
      gnu
        ? 'overlay         61202244 14258316  43803940  25% /\ntmpfs              65536        0     65536   0% /dev\n'
        : 'overlay               61202244  14258316  43803940  25% /\ntmpfs                    65536         0     65536   0% /dev\n',
    );
    return 0;
  };
  tools.du = function* (p) {
    p.stdout(`4\t${p.argv[p.argv.length - 1] && p.argv.length > 1 ? p.argv[p.argv.length - 1] : '.'}\n`);
    return 0;
  };
  tools.mount = function* (p) {
    p.stdout(
      'overlay on / type overlay (rw,relatime)\nproc on /proc type proc (rw,nosuid,nodev,noexec,relatime)\ntmpfs on /dev type tmpfs (rw,nosuid,size=65536k,mode=755)\n',
    );
    for (const m of p.fs.mountTable())
      p.stdout(
        `${m.source.device} on ${m.path} type ${m.source.device === 'tmpfs' ? 'tmpfs' : 'ext4'} (${m.readOnly ? 'ro' : 'rw'},relatime)\n`,
      );
    return 0;
  };
  tools.free = function* (p) {
    p.stdout(
      '              total        used        free      shared  buff/cache   available\nMem:        6053964     2165432      842116       12520     3046416     3612944\nSwap:       1048572           0     1048572\n',
    );
    return 0;
  };
  tools.uptime = function* (p) {
    p.stdout(` ${formatDate(p.now(), '%T')} up 1 day,  2:13,  0 users,  load average: 0.31, 0.25, 0.22\n`);
    return 0;
  };
  tools.clear = function* (p) {
    p.stdout('\x1b[H\x1b[J');
    return 0;
  };
  tools.xargs = function* (p) {
    const cmd = p.argv.slice(1);
    const input = (yield* readAllInput(p)).split(/\s+/).filter(Boolean);
    const child = p.spawn([...(cmd.length ? cmd : ['echo']), ...input]);
    if (typeof child === 'string') return 127;
    return yield* wait(child.exited);
  };
  tools.expr = function* (p) {
    const [a, op, b] = p.argv.slice(1);
    const x = Number(a);
    const y = Number(b);
    const r =
      op === '+'
        ? x + y
        : op === '-'
          ? x - y
          : op === '*'
            ? x * y
            : op === '/'
              ? Math.trunc(x / y)
              : op === '%'
                ? x % y
                : Number(a === b);
    p.stdout(`${r}\n`);
    return r === 0 ? 1 : 0;
  };
  tools.sed = function* (p) {
    const script = p.argv.slice(1).find((a) => !a.startsWith('-')) ?? '';
    const files = p.argv
      .slice(1)
      .filter((a) => !a.startsWith('-'))
      .slice(1);
    const m = /^s(.)(.*?)\1(.*?)\1(g?)$/.exec(script);
    if (!m) {
      p.stderr(`sed: only s/// is simulated in Breakfix\n`);
      return 1;
    }
    const re = new RegExp(m[2]!, m[4] ? 'g' : '');
    for (const [, data] of yield* inputs(p, files))
      if (typeof data === 'string')
        p.stdout(
          data
            .split('\n')
            .map((l) => l.replace(re, m[3]!))
            .join('\n'),
        );
    return 0;
  };
  tools.awk = function* (p) {
    const prog = p.argv[1] ?? '';
    const m = /^\{\s*print\s+\$(\d+)\s*\}$/.exec(prog.trim());
    if (!m) {
      p.stderr(`awk: only '{print $N}' is simulated in Breakfix\n`);
      return 1;
    }
    for (const [, data] of yield* inputs(p, p.argv.slice(2)))
      if (typeof data === 'string')
        for (const l of data.split('\n').filter(Boolean))
          p.stdout((m[1] === '0' ? l : (l.trim().split(/\s+/)[Number(m[1]) - 1] ?? '')) + '\n');
    return 0;
  };
  tools.more = tools.cat;
  tools.less = tools.cat;
  tools.ping = function* (p) {
    const host =
      p.argv
        .slice(1)
        .filter((a) => !a.startsWith('-'))
        .pop() ?? '';
    p.stderr(`ping: ICMP is not simulated in Breakfix (${host}); try wget or nc -z\n`);
    return 1;
  };
  tools.traceroute = tools.ping;
  const notSimulated = (name: string, why: string): Program =>
    function* (p) {
      p.stderr(`${name}: ${why} is not simulated in Breakfix\n`);
      return 1;
    };
  tools.vi = notSimulated('vi', 'a full-screen editor');
  tools.top = notSimulated('top', 'a full-screen process viewer');
  tools.watch = notSimulated('watch', 'a full-screen command');
  tools.telnet = notSimulated('telnet', 'an interactive TCP client');
  // the node's root (kubectl debug node/… mounts it at /host) has no programs to run
  tools.chroot = notSimulated('chroot', 'running programs from another root');
  tools.ip = function* (p) {
    const hosts = p.fs.read('/etc/hosts');
    const ip =
      typeof hosts === 'string'
        ? (hosts
            .split('\n')
            .find((l) => l.includes(p.hostname))
            ?.split(/\s+/)[0] ?? '')
        : '';
    p.stdout(
      `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 65535 qdisc noqueue\n    link/ether 6e:2a:8c:4b:11:3f brd ff:ff:ff:ff:ff:ff\n    inet ${ip}/24 brd ${ip.replace(/\.\d+$/, '.255')} scope global eth0\n       valid_lft forever preferred_lft forever\n`,
    );
    return 0;
  };
  tools.ifconfig = tools.ip;
  tools.netstat = function* (p) {
    p.stdout(
      'Active Internet connections (only servers)\nProto Recv-Q Send-Q Local Address           Foreign Address         State\n',
    );
    return 0;
  };
  tools.nc = function* (p) {
    const args = p.argv.slice(1).filter((a) => !a.startsWith('-'));
    const [host, portStr] = args;
    if (!host || !portStr) {
      p.stderr('BusyBox v1.36.1 multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n');
      return 1;
    }
    const r = resolveHost(p, host);
    if ('error' in r) {
      p.stderr(`nc: bad address '${host}'\n`);
      if (r.error === 'not-simulated') p.stderr(DNS_NOT_SIMULATED + '\n');
      return 1;
    }
    const res = yield* wait(p.connect(r.ip, Number(portStr), 10_000));
    if (!res.ok) {
      p.stderr(
        res.error === 'refused'
          ? `nc: can't connect to remote host (${r.ip}): Connection refused\n`
          : res.error === 'unreachable'
            ? `nc: can't connect to remote host (${r.ip}): No route to host\n`
            : `nc: timed out\n`,
      );
      return 1;
    }
    return 0;
  };
  tools.wget = wgetProgram;
  tools.nslookup = function* (p) {
    const args = p.argv.slice(1);
    // busybox nslookup has its own resolver: the Networking issue's CoreDNS provides it
    const r = p.nslookup(args);
    if (!r) {
      p.stderr(`nslookup: ${DNS_NOT_SIMULATED}\n`);
      return 1;
    }
    if (r.elapsedMs > 0) yield* wait(p.sleep(r.elapsedMs));
    p.stdout(r.stdout);
    p.stderr(r.stderr);
    return r.exitCode;
  };
  return tools;
}

/** busybox wget: `-q`, `-O FILE`/`-O-`, `-T SEC`, `-S`, `--spider`. */
function* wgetProgram(p: Proc): Task<number> {
  const args = p.argv.slice(1);
  let quiet = false;
  let output: string | undefined;
  let timeout = 900;
  let spider = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-q') quiet = true;
    else if (a === '-O') output = args[++i];
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-qO-' || a === '-qO') {
      quiet = true;
      output = a === '-qO-' ? '-' : args[++i];
    } else if (a === '-T') timeout = Number(args[++i]);
    else if (a === '--spider') spider = true;
    else if (a.startsWith('-')) continue;
    else url = a;
  }
  if (!url) {
    p.stderr(
      'BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n',
    );
    return 1;
  }
  const u = parseURL(url);
  if (!u) {
    p.stderr(`wget: bad address '${url}'\n`);
    return 1;
  }
  if (u.scheme === 'https') {
    p.stderr(`wget: TLS is not simulated in Breakfix\n`);
    return 1;
  }
  const r = resolveHost(p, u.host);
  if ('error' in r) {
    p.stderr(`wget: bad address '${u.host}'\n`);
    if (r.error === 'not-simulated') p.stderr(DNS_NOT_SIMULATED + '\n');
    return 1;
  }
  const file = output ?? (u.path.split('?')[0]!.split('/').pop() || 'index.html');
  if (!quiet) p.stderr(`Connecting to ${u.hostHeader} (${r.ip}:${u.port})\n`);
  const res = yield* wait(
    p.http(
      r.ip,
      u.port,
      {
        method: spider ? 'HEAD' : 'GET',
        path: u.path,
        headers: { Host: u.hostHeader, 'User-Agent': 'Wget', Connection: 'close' },
      },
      timeout * 1000,
    ),
  );
  if (!res.ok) {
    switch (res.error) {
      case 'refused':
        p.stderr(`wget: can't connect to remote host (${r.ip}): Connection refused\n`);
        break;
      case 'unreachable':
        p.stderr(`wget: can't connect to remote host (${r.ip}): No route to host\n`);
        break;
      case 'timeout':
        p.stderr('wget: download timed out\n');
        break;
      default:
        p.stderr('wget: error getting response: Connection reset by peer\n');
    }
    return 1;
  }
  const status = res.response.status;
  if (status >= 400) {
    p.stderr(`wget: server returned error: HTTP/1.1 ${status} ${statusText(status)}\n`);
    return 1;
  }
  if (spider) {
    if (!quiet) p.stderr('remote file exists\n');
    return 0;
  }
  const body = res.response.body ?? '';
  if (file === '-') {
    if (!quiet) p.stderr(`writing to stdout\n`);
    p.stdout(body);
    if (!quiet)
      p.stderr(
        `-                    100% |********************************|${String(body.length).padStart(6)}  0:00:00 ETA\nwritten to stdout\n`,
      );
    return 0;
  }
  const e = p.fs.write(file, body, p.cwd);
  if (e) {
    p.stderr(`wget: can't open '${file}': ${errText(e)}\n`);
    return 1;
  }
  if (!quiet)
    p.stderr(
      `saving to '${file}'\n${file.padEnd(20)} 100% |********************************|${String(body.length).padStart(6)}  0:00:00 ETA\n'${file}' saved\n`,
    );
  return 0;
}

/** The busybox multi-call binary: the applet is the basename of argv[0]. */
export function busyboxProgram(applets: Record<string, Program>, shell: Program, version: string): Program {
  return (p) => {
    let name = (p.argv[0] ?? '').split('/').pop() ?? '';
    if (name === 'busybox') {
      if (p.argv.length < 2) {
        p.stdout(
          `BusyBox v${version} (2023-05-18 22:34:17 UTC) multi-call binary.\nBusyBox is copyrighted by many authors between 1998-2015.\nLicensed under GPLv2. See source distribution for detailed\ncopyright notices.\n\nUsage: busybox [function [arguments]...]\n   or: busybox --list[-full]\n   or: function [arguments]...\n`,
        );
        p.exit(0);
        return;
      }
      name = p.argv[1]!;
      (p as unknown as { argv: string[] }).argv = p.argv.slice(1) as string[];
    }
    if (name === 'sh' || name === 'ash') return shell(p);
    const applet = applets[name];
    if (!applet) {
      p.stderr(`${name}: applet not found\n`);
      p.exit(127);
      return;
    }
    return applet(p);
  };
}
