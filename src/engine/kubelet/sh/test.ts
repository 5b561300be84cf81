/** test(1) / `[`: file tests, string and integer comparisons, `!`, `-a`, `-o`. */
import type { ContainerFS } from '../runtime/fs';

export function testExpr(args: string[], fs: ContainerFS, cwd: string): boolean | string {
  let i = 0;
  const file = (op: string, path: string): boolean => {
    const st = fs.stat(path, cwd);
    if (typeof st === 'string') return false;
    switch (op) {
      case '-e':
        return true;
      case '-f':
        return st.kind === 'file';
      case '-d':
        return st.kind === 'dir';
      case '-s':
        return st.size > 0;
      case '-r':
      case '-w':
        return true;
      case '-x':
        return (st.mode & 0o111) !== 0;
      case '-L':
      case '-h':
        return (
          typeof fs.stat(path, cwd, false) !== 'string' &&
          (fs.stat(path, cwd, false) as { kind: string }).kind === 'link'
        );
      default:
        return false;
    }
  };
  const int = (s: string): number | string => (/^-?\d+$/.test(s.trim()) ? Number(s) : `${s}: bad number`);
  const primary = (): boolean | string => {
    const a = args[i];
    if (a === undefined) return false;
    if (a === '!') {
      i++;
      const r = primary();
      return typeof r === 'string' ? r : !r;
    }
    if (a === '(') {
      i++;
      const r = or();
      if (args[i] === ')') i++;
      return r;
    }
    const b = args[i + 1];
    const c = args[i + 2];
    if (
      b !== undefined &&
      ['=', '==', '!=', '-eq', '-ne', '-lt', '-le', '-gt', '-ge'].includes(b) &&
      c !== undefined
    ) {
      i += 3;
      if (b === '=' || b === '==') return a === c;
      if (b === '!=') return a !== c;
      const x = int(a);
      const y = int(c);
      if (typeof x === 'string') return x;
      if (typeof y === 'string') return y;
      return b === '-eq'
        ? x === y
        : b === '-ne'
          ? x !== y
          : b === '-lt'
            ? x < y
            : b === '-le'
              ? x <= y
              : b === '-gt'
                ? x > y
                : x >= y;
    }
    if (/^-[efdsrwxLhzn]$/.test(a) && b !== undefined) {
      i += 2;
      if (a === '-z') return b === '';
      if (a === '-n') return b !== '';
      return file(a, b);
    }
    i++;
    return a !== '';
  };
  const and = (): boolean | string => {
    let r = primary();
    while (args[i] === '-a') {
      i++;
      const s = primary();
      if (typeof r === 'string') return r;
      if (typeof s === 'string') return s;
      r = r && s;
    }
    return r;
  };
  const or = (): boolean | string => {
    let r = and();
    while (args[i] === '-o') {
      i++;
      const s = and();
      if (typeof r === 'string') return r;
      if (typeof s === 'string') return s;
      r = r || s;
    }
    return r;
  };
  if (args.length === 0) return false;
  const r = or();
  if (typeof r === 'string') return r;
  if (i < args.length) return `${args[i]}: unknown operand`;
  return r;
}
