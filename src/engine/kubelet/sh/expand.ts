/**
 * Word expansion (POSIX 2.6): parameters, command substitution, arithmetic, field splitting on
 * unquoted results, and pathname expansion (globbing) against the container's filesystem.
 */
import type { ContainerFS } from '../runtime/fs';
import { normalizePath } from '../runtime/fs';
import type { Word } from './ast';
import type { Task } from '../coroutine';

export interface ExpandHost {
  /** A parameter's value (`$HOME`, `$?`, `$1` …), or undefined when unset. */
  param(name: string): string | undefined;
  /** All positional parameters (`$@`). */
  positional(): string[];
  setVar(name: string, value: string): void;
  /** `$(…)`: the output of a script, without trailing newlines. */
  substitute(script: string): Task<string>;
  fs: ContainerFS;
  cwd(): string;
  /** An error in an expansion (`${x?}` …). */
  error(msg: string): void;
}

export class ArithError extends Error {}

/** $((…)): integers, + - * / % ** comparisons && || ! ( ) and variables. */
export function arith(expr: string, host: Pick<ExpandHost, 'param' | 'setVar'>): number {
  const toks = expr.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||\+\+|--|[-+*/%()<>!=]/g) ?? [];
  let i = 0;
  const peek = () => toks[i];
  const take = () => toks[i++];
  const val = (name: string): number => {
    const v = host.param(name);
    const n = v === undefined || v === '' ? 0 : Number(v);
    if (!Number.isFinite(n)) throw new ArithError(`arithmetic syntax error`);
    return Math.trunc(n);
  };
  const primary = (): number => {
    const t = take();
    if (t === undefined) throw new ArithError('arithmetic syntax error');
    if (t === '(') {
      const v = or();
      if (take() !== ')') throw new ArithError('arithmetic syntax error');
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (t === '!') return primary() ? 0 : 1;
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() === '=') {
        take();
        const v = or();
        host.setVar(t, String(v));
        return v;
      }
      if (peek() === '++' || peek() === '--') {
        const op = take();
        const v = val(t);
        host.setVar(t, String(op === '++' ? v + 1 : v - 1));
        return v;
      }
      return val(t);
    }
    throw new ArithError('arithmetic syntax error');
  };
  const pow = (): number => {
    const b = primary();
    if (peek() === '**') {
      take();
      return b ** pow();
    }
    return b;
  };
  const mul = (): number => {
    let v = pow();
    while (peek() === '*' || peek() === '/' || peek() === '%') {
      const op = take();
      const r = pow();
      if ((op === '/' || op === '%') && r === 0) throw new ArithError('divide by zero');
      v = op === '*' ? v * r : op === '/' ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const add = (): number => {
    let v = mul();
    while (peek() === '+' || peek() === '-') v = take() === '+' ? v + mul() : v - mul();
    return v;
  };
  const cmp = (): number => {
    let v = add();
    while (['<', '>', '<=', '>=', '==', '!='].includes(peek() ?? '')) {
      const op = take();
      const r = add();
      v = Number(
        op === '<'
          ? v < r
          : op === '>'
            ? v > r
            : op === '<='
              ? v <= r
              : op === '>='
                ? v >= r
                : op === '=='
                  ? v === r
                  : v !== r,
      );
    }
    return v;
  };
  const and = (): number => {
    let v = cmp();
    while (peek() === '&&') {
      take();
      const r = cmp();
      v = v && r ? 1 : 0;
    }
    return v;
  };
  const or = (): number => {
    let v = and();
    while (peek() === '||') {
      take();
      const r = and();
      v = v || r ? 1 : 0;
    }
    return v;
  };
  if (toks.length === 0) return 0;
  const v = or();
  if (i < toks.length) throw new ArithError('arithmetic syntax error');
  return v;
}

interface Field {
  text: string;
  /** Any quoted part (an empty quoted field still counts). */
  quoted: boolean;
  /** Has unquoted glob characters. */
  glob: boolean;
}

/** Expand one word into fields. */
export function* expandWord(word: Word, host: ExpandHost, split = true): Task<string[]> {
  const fields: Field[] = [];
  let cur: Field | undefined;
  const ensure = (): Field => (cur ??= { text: '', quoted: false, glob: false });
  const endField = () => {
    if (cur) fields.push(cur);
    cur = undefined;
  };
  const addUnquoted = (value: string) => {
    if (!split) {
      ensure().text += value;
      return;
    }
    const pieces = value.split(/[ \t\n]+/);
    pieces.forEach((piece, idx) => {
      if (idx > 0) endField();
      if (piece !== '') ensure().text += piece;
      else if (idx === 0 && pieces.length > 1 && cur === undefined) {
        /* leading separator */
      }
    });
    if (pieces.length > 1 && pieces[pieces.length - 1] === '') endField();
  };
  for (const part of word) {
    switch (part.t) {
      case 'lit': {
        const f = ensure();
        f.text += part.text;
        if (part.quoted) f.quoted = true;
        else if (/[*?[]/.test(part.text)) f.glob = true;
        break;
      }
      case 'var': {
        if (part.name === '@' && part.quoted) {
          const args = host.positional();
          args.forEach((a, idx) => {
            if (idx > 0) endField();
            const f = ensure();
            f.text += a;
            f.quoted = true;
          });
          if (args.length === 0 && cur === undefined) {
            /* "$@" with no arguments expands to nothing */
          }
          break;
        }
        let value =
          part.name === '@' || part.name === '*' ? host.positional().join(' ') : host.param(part.name);
        if (part.op === '#') {
          value = String((host.param(part.name) ?? '').length);
        } else if (part.op) {
          const unsetOrNull = part.op.startsWith(':')
            ? value === undefined || value === ''
            : value === undefined;
          const op = part.op.replace(':', '');
          const argValue = part.arg ? (yield* expandWord(part.arg, host, false)).join(' ') : '';
          if (op === '-' && unsetOrNull) value = argValue;
          else if (op === '=' && unsetOrNull) {
            host.setVar(part.name, argValue);
            value = argValue;
          } else if (op === '+') value = unsetOrNull ? '' : argValue;
        }
        if (part.quoted) {
          const f = ensure();
          f.text += value ?? '';
          f.quoted = true;
        } else addUnquoted(value ?? '');
        break;
      }
      case 'cmd': {
        const out = (yield* host.substitute(part.script)).replace(/\n+$/, '');
        if (part.quoted) {
          const f = ensure();
          f.text += out;
          f.quoted = true;
        } else addUnquoted(out);
        break;
      }
      case 'arith': {
        let v: string;
        try {
          v = String(arith(part.expr, host));
        } catch (e) {
          host.error(`arithmetic syntax error`);
          void e;
          v = '0';
        }
        if (part.quoted) {
          const f = ensure();
          f.text += v;
          f.quoted = true;
        } else addUnquoted(v);
        break;
      }
    }
  }
  endField();
  const out: string[] = [];
  for (const f of fields) {
    if (f.text === '' && !f.quoted) continue;
    if (f.glob && split) {
      const matches = glob(f.text, host.fs, host.cwd());
      if (matches.length > 0) {
        out.push(...matches);
        continue;
      }
    }
    out.push(f.text);
  }
  return out;
}

/** fnmatch for one path component. */
export function fnmatch(pattern: string, name: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        let cls = pattern.slice(i + 1, end);
        if (cls.startsWith('!')) cls = '^' + cls.slice(1);
        re += `[${cls.replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(re + '$').test(name);
}

/** Pathname expansion; sorted; hidden files only when the pattern starts with a dot. */
export function glob(pattern: string, fs: ContainerFS, cwd: string): string[] {
  const abs = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p !== '' || i === 0);
  let paths: string[] = [abs ? '/' : ''];
  for (let i = abs ? 1 : 0; i < parts.length; i++) {
    const comp = parts[i]!;
    const next: string[] = [];
    for (const base of paths) {
      const join = (n: string) => (base === '' ? n : base.endsWith('/') ? base + n : `${base}/${n}`);
      if (!/[*?[]/.test(comp)) {
        next.push(join(comp));
        continue;
      }
      const dirPath = base === '' ? cwd : normalizePath(base, cwd);
      const names = fs.list(dirPath);
      if (typeof names === 'string') continue;
      for (const n of names) {
        if (n.startsWith('.') && !comp.startsWith('.')) continue;
        if (fnmatch(comp, n)) next.push(join(n));
      }
    }
    paths = next;
  }
  return paths.filter((p) => typeof fs.stat(p, cwd, false) !== 'string').sort();
}
