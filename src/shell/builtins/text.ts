/**
 * The text tools learners pipe kubectl output into: cat, grep, head, tail, wc, sort, uniq, base64,
 * tee. Options and messages follow GNU coreutils/grep; unsupported options fail loudly.
 */
import type { CommandContext } from '../../api/io';
import type { CommandFn } from '../types';

const tryHelp = (cmd: string): string => `Try '${cmd} --help' for more information.\n`;

/** Read the named files (or stdin for none / `-`). Missing files are reported GNU-style. */
function readInputs(ctx: CommandContext, cmd: string, files: string[]): { text: string[]; status: number } {
  if (files.length === 0) return { text: [ctx.stdin], status: 0 };
  const out: string[] = [];
  let status = 0;
  for (const f of files) {
    if (f === '-') {
      out.push(ctx.stdin);
      continue;
    }
    const path = ctx.fs.resolve(f);
    if (ctx.fs.isDir(path)) {
      ctx.stderr(`${cmd}: ${f}: Is a directory\n`);
      status = 1;
      continue;
    }
    const t = ctx.fs.readFile(path);
    if (t === undefined) {
      ctx.stderr(`${cmd}: ${f}: No such file or directory\n`);
      status = 1;
      continue;
    }
    out.push(t);
  }
  return { text: out, status };
}

const lines = (text: string): string[] => {
  if (text === '') return [];
  const ls = text.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
};

/** Split `-abc` into flags; returns undefined at the first non-flag argument. */
interface Parsed {
  flags: Map<string, string | true>;
  rest: string[];
}

function parseFlags(
  ctx: CommandContext,
  cmd: string,
  spec: { bool: string; value: string; long?: Record<string, string> },
): Parsed | number {
  const flags = new Map<string, string | true>();
  const rest: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const [name, val] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      const short = spec.long?.[name];
      if (!short) {
        ctx.stderr(`${cmd}: unrecognized option '${a}'\n${tryHelp(cmd)}`);
        return 2;
      }
      if (spec.value.includes(short)) {
        const v = val ?? args[++i];
        if (v === undefined) {
          ctx.stderr(`${cmd}: option '--${name}' requires an argument\n${tryHelp(cmd)}`);
          return 2;
        }
        flags.set(short, v);
      } else flags.set(short, true);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d+$/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j]!;
        if (spec.value.includes(f)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) {
            ctx.stderr(`${cmd}: option requires an argument -- '${f}'\n${tryHelp(cmd)}`);
            return 2;
          }
          flags.set(f, v);
          break;
        }
        if (!spec.bool.includes(f)) {
          ctx.stderr(`${cmd}: invalid option -- '${f}'\n${tryHelp(cmd)}`);
          return 2;
        }
        flags.set(f, true);
      }
      continue;
    }
    rest.push(a);
  }
  return { flags, rest };
}

export const cat: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'cat', { bool: 'n', value: '', long: { number: 'n' } });
  if (typeof p === 'number') return 1;
  if (p.rest.length === 0 && ctx.input?.terminal) {
    // `cat` (or `cat > file.yaml`) at the terminal: each line as it is entered, until Ctrl-D
    let n = 0;
    for (;;) {
      const chunk = await ctx.input.read(ctx.signal);
      if (chunk === null) return ctx.signal.aborted ? 130 : 0;
      ctx.stdout(
        p.flags.has('n')
          ? lines(chunk)
              .map((l) => `${String(++n).padStart(6)}\t${l}\n`)
              .join('')
          : chunk,
      );
    }
  }
  const { text, status } = readInputs(ctx, 'cat', p.rest);
  let out = text.join('');
  if (p.flags.has('n'))
    out = lines(out)
      .map((l, i) => `${String(i + 1).padStart(6)}\t${l}\n`)
      .join('');
  ctx.stdout(out);
  return status;
};

export const tee: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'tee', { bool: 'a', value: '', long: { append: 'a' } });
  if (typeof p === 'number') return 1;
  for (const f of p.rest) {
    const path = ctx.fs.resolve(f);
    ctx.fs.writeFile(path, (p.flags.has('a') ? (ctx.fs.readFile(path) ?? '') : '') + ctx.stdin);
  }
  ctx.stdout(ctx.stdin);
  return 0;
};

/** Translate a POSIX basic regular expression into a JavaScript one. */
function breToJs(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      out += '+?|(){}'.includes(n) ? n : '\\' + n;
    } else if ('+?|(){}'.includes(c)) out += '\\' + c;
    else out += c;
  }
  return out;
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const grep: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'grep', {
    bool: 'ivcnEFwoqlhHx',
    value: 'eABCm',
    long: {
      'ignore-case': 'i',
      'invert-match': 'v',
      count: 'c',
      'line-number': 'n',
      'extended-regexp': 'E',
      'fixed-strings': 'F',
      'word-regexp': 'w',
      'only-matching': 'o',
      quiet: 'q',
      silent: 'q',
      regexp: 'e',
      'after-context': 'A',
      'before-context': 'B',
      context: 'C',
      'max-count': 'm',
      'line-regexp': 'x',
    },
  });
  if (typeof p === 'number') return 2;
  const f = p.flags;
  let patterns: string[];
  let files: string[];
  if (f.has('e')) {
    patterns = [f.get('e') as string];
    files = p.rest;
  } else {
    if (p.rest.length === 0) {
      ctx.stderr(`Usage: grep [OPTION]... PATTERNS [FILE]...\n${tryHelp('grep')}`);
      return 2;
    }
    patterns = p.rest[0]!.split('\n');
    files = p.rest.slice(1);
  }
  let source = patterns
    .map((pat) => (f.has('F') ? escapeRe(pat) : f.has('E') ? pat : breToJs(pat)))
    .map((s) => `(?:${s})`)
    .join('|');
  if (f.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  if (f.has('x')) source = `^(?:${source})$`;
  let re: RegExp;
  try {
    re = new RegExp(source, f.has('i') ? 'gi' : 'g');
  } catch {
    ctx.stderr('grep: Unmatched ( or \\(\n');
    return 2;
  }
  const after = Number(f.get('A') ?? f.get('C') ?? 0);
  const before = Number(f.get('B') ?? f.get('C') ?? 0);
  const max = f.has('m') ? Number(f.get('m')) : Infinity;
  const { text, status } = readInputs(ctx, 'grep', files);
  const multi = files.length > 1 ? !f.has('h') : f.has('H');
  let any = false;
  files = files.length ? files : ['(standard input)'];
  text.forEach((t, fi) => {
    const prefix = multi ? `${files[fi]}:` : '';
    const ls = lines(t);
    let count = 0;
    let lastPrinted = -1;
    let afterLeft = 0;
    const emit = (i: number, sep: string) => {
      if (lastPrinted >= 0 && i > lastPrinted + 1 && (before || after)) ctx.stdout('--\n');
      ctx.stdout(`${prefix}${f.has('n') ? `${i + 1}${sep}` : ''}${ls[i]}\n`);
      lastPrinted = i;
    };
    for (let i = 0; i < ls.length && count < max; i++) {
      re.lastIndex = 0;
      const hit = re.test(ls[i]!) !== f.has('v');
      if (hit) {
        count++;
        any = true;
        if (f.has('q') || f.has('c') || f.has('l')) continue;
        if (f.has('o') && !f.has('v')) {
          re.lastIndex = 0;
          for (const m of ls[i]!.matchAll(re))
            if (m[0]) ctx.stdout(`${prefix}${f.has('n') ? `${i + 1}:` : ''}${m[0]}\n`);
          continue;
        }
        for (let b = Math.max(lastPrinted + 1, i - before); b < i; b++) emit(b, '-');
        emit(i, ':');
        afterLeft = after;
      } else if (afterLeft > 0 && !f.has('q') && !f.has('c')) {
        afterLeft--;
        emit(i, '-');
      }
    }
    if (f.has('c')) ctx.stdout(`${prefix}${count}\n`);
    if (f.has('l') && count > 0) ctx.stdout(`${files[fi]}\n`);
  });
  if (status) return 2;
  return any ? 0 : 1;
};

function headTail(which: 'head' | 'tail'): CommandFn {
  return async (ctx) => {
    const args = ctx.args.map((a) => (/^-\d+$/.test(a) ? `-n${a.slice(1)}` : a));
    const p = parseFlags({ ...ctx, args }, which, {
      bool: 'qvf',
      value: 'nc',
      long: { lines: 'n', bytes: 'c', follow: 'f' },
    });
    if (typeof p === 'number') return 1;
    if (p.flags.has('f')) {
      ctx.stderr(`${which}: following files (-f) is not supported in this shell; use kubectl logs -f\n`);
      return 1;
    }
    const spec = String(p.flags.get('n') ?? '10');
    const fromStart = which === 'tail' && spec.startsWith('+');
    const n = Number(spec.replace(/^[+-]/, ''));
    if (!Number.isInteger(n)) {
      ctx.stderr(`${which}: invalid number of lines: ‘${spec}’\n`);
      return 1;
    }
    const { text, status } = readInputs(ctx, which, p.rest);
    for (const t of text) {
      const ls = lines(t);
      let sel: string[];
      if (which === 'head')
        sel = spec.startsWith('-') ? ls.slice(0, Math.max(0, ls.length - n)) : ls.slice(0, n);
      else sel = fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n);
      ctx.stdout(sel.map((l) => l + '\n').join(''));
    }
    return status;
  };
}

export const head = headTail('head');
export const tail = headTail('tail');

export const wc: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'wc', {
    bool: 'lwcm',
    value: '',
    long: { lines: 'l', words: 'w', bytes: 'c', chars: 'm' },
  });
  if (typeof p === 'number') return 1;
  const { text, status } = readInputs(ctx, 'wc', p.rest);
  const sel = ['l', 'w', 'c'].filter((k) => p.flags.has(k) || (k === 'c' && p.flags.has('m')));
  const which = sel.length ? sel : ['l', 'w', 'c'];
  const rows = text.map((t) => ({
    l: (t.match(/\n/g) ?? []).length,
    w: t.split(/\s+/).filter(Boolean).length,
    c: new TextEncoder().encode(t).length,
  }));
  const names = p.rest.length ? p.rest : [''];
  if (names.length > 1)
    rows.push(rows.reduce((a, r) => ({ l: a.l + r.l, w: a.w + r.w, c: a.c + r.c }), { l: 0, w: 0, c: 0 }));
  // GNU wc pads every count to the width of the largest when it prints more than one number.
  const width =
    which.length === 1 && rows.length === 1
      ? 0
      : Math.max(p.rest.length ? 1 : 7, ...rows.flatMap((r) => which.map((k) => String(r[k as 'l']).length)));
  rows.forEach((r, i) => {
    const nums = which.map((k) => String(r[k as 'l']).padStart(width)).join(' ');
    const name = i < names.length ? names[i] : 'total';
    ctx.stdout(`${nums}${name ? ` ${name}` : ''}\n`);
  });
  return status;
};

export const sort: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'sort', {
    bool: 'rnuf',
    value: 'kt',
    long: {
      reverse: 'r',
      'numeric-sort': 'n',
      unique: 'u',
      'ignore-case': 'f',
      key: 'k',
      'field-separator': 't',
    },
  });
  if (typeof p === 'number') return 2;
  const { text, status } = readInputs(ctx, 'sort', p.rest);
  let ls = text.flatMap(lines);
  const sep = p.flags.get('t') as string | undefined;
  const keySpec = p.flags.get('k') as string | undefined;
  const keyOf = (l: string): string => {
    if (!keySpec) return l;
    const [startS, endS] = keySpec.split(',');
    const start = parseInt(startS!, 10) - 1;
    const end = endS ? parseInt(endS, 10) : undefined;
    const fields = sep ? l.split(sep) : l.trim().split(/\s+/);
    return fields.slice(start, end ?? fields.length).join(sep ?? ' ');
  };
  const num = (s: string): number => {
    const m = /^\s*-?\d+(\.\d+)?/.exec(s);
    return m ? Number(m[0]) : 0;
  };
  const fold = p.flags.has('f');
  const cmp = (a: string, b: string): number => {
    const ka = keyOf(a);
    const kb = keyOf(b);
    if (p.flags.has('n')) return num(ka) - num(kb) || (a < b ? -1 : a > b ? 1 : 0);
    const x = fold ? ka.toUpperCase() : ka;
    const y = fold ? kb.toUpperCase() : kb;
    return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
  };
  ls.sort(cmp);
  if (p.flags.has('r')) ls.reverse();
  if (p.flags.has('u')) ls = ls.filter((l, i) => i === 0 || cmp(l, ls[i - 1]!) !== 0);
  ctx.stdout(ls.map((l) => l + '\n').join(''));
  return status;
};

export const uniq: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'uniq', {
    bool: 'cdu',
    value: '',
    long: { count: 'c', repeated: 'd', unique: 'u' },
  });
  if (typeof p === 'number') return 1;
  const { text, status } = readInputs(ctx, 'uniq', p.rest.slice(0, 1));
  const ls = text.flatMap(lines);
  const groups: { line: string; n: number }[] = [];
  for (const l of ls) {
    const g = groups[groups.length - 1];
    if (g && g.line === l) g.n++;
    else groups.push({ line: l, n: 1 });
  }
  for (const g of groups) {
    if (p.flags.has('d') && g.n < 2) continue;
    if (p.flags.has('u') && g.n > 1) continue;
    ctx.stdout(p.flags.has('c') ? `${String(g.n).padStart(7)} ${g.line}\n` : `${g.line}\n`);
  }
  return status;
};

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Encode(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]!;
    out += i + 1 < bytes.length ? B64[(n >> 6) & 63]! : '=';
    out += i + 2 < bytes.length ? B64[n & 63]! : '=';
  }
  return out;
}

/** Decode base64; returns the bytes decoded before the first invalid character and whether all was valid. */
export function base64Decode(text: string): { bytes: Uint8Array; ok: boolean } {
  const clean = text.replace(/[\r\n]/g, '');
  const out: number[] = [];
  let buf = 0;
  let bits = 0;
  let ok = true;
  let i = 0;
  for (; i < clean.length; i++) {
    const c = clean[i]!;
    if (c === '=') break;
    const v = B64.indexOf(c);
    if (v < 0) {
      ok = false;
      break;
    }
    buf = (buf << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push((buf >> bits) & 0xff);
    }
  }
  if (ok) {
    const rest = clean.slice(i);
    if (!/^=*$/.test(rest) || (clean.length % 4 !== 0 && rest.length > 0)) ok = false;
    else if (rest.length === 0 && clean.length % 4 === 1) ok = false;
  }
  return { bytes: Uint8Array.from(out), ok };
}

export const base64: CommandFn = async (ctx) => {
  const p = parseFlags(ctx, 'base64', {
    bool: 'di',
    value: 'w',
    long: { decode: 'd', 'ignore-garbage': 'i', wrap: 'w' },
  });
  if (typeof p === 'number') return 1;
  if (p.rest.length > 1) {
    ctx.stderr(`base64: extra operand ‘${p.rest[1]}’\n${tryHelp('base64')}`);
    return 1;
  }
  const { text, status } = readInputs(ctx, 'base64', p.rest);
  if (status) return status;
  const input = text.join('');
  if (p.flags.has('d')) {
    const src = p.flags.has('i') ? input.replace(/[^A-Za-z0-9+/=]/g, '') : input;
    const { bytes, ok } = base64Decode(src);
    ctx.stdout(new TextDecoder().decode(bytes));
    if (!ok) {
      ctx.stderr('base64: invalid input\n');
      return 1;
    }
    return 0;
  }
  const wrap = Number(p.flags.get('w') ?? 76);
  const enc = base64Encode(new TextEncoder().encode(input));
  if (!wrap) ctx.stdout(enc ? enc + '\n' : '');
  else {
    let out = '';
    for (let i = 0; i < enc.length; i += wrap) out += enc.slice(i, i + wrap) + '\n';
    ctx.stdout(out);
  }
  return 0;
};
