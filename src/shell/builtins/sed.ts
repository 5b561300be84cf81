/**
 * A small `sed`: `s/regex/replacement/[gI]` commands (several per script, separated by `;` or
 * newlines), with `-i` to edit files in place and `-e` for several scripts. It exists because it is the honest way to
 * script `kubectl edit` in a transcript: `KUBE_EDITOR="sed -i s/1.24.0/1.25.3/" kubectl edit …`.
 */
import type { CommandFn } from '../types';

interface Subst {
  re: RegExp;
  replacement: string;
}

/**
 * One `-e` script: `s` commands separated by `;` or newlines (GNU sed's syntax for several
 * commands in one script). Errors name the expression and the character as GNU sed does.
 */
function parseScript(script: string, n: number): Subst[] | string {
  const err = (char: number, what: string) => `sed: -e expression #${n}, char ${char}: ${what}`;
  const out: Subst[] = [];
  let pos = 0;
  for (;;) {
    while (pos < script.length && /[\s;]/.test(script[pos]!)) pos++;
    if (pos >= script.length) return out;
    if (script[pos] !== 's') return err(pos + 1, `unknown command: \`${script[pos]!}'`);
    const delim = script[pos + 1];
    if (delim === undefined || delim === '\n' || delim === '\\')
      return err(script.length, "unterminated `s' command");
    const parts: string[] = [];
    let cur = '';
    let i = pos + 2;
    for (; i < script.length && parts.length < 2; i++) {
      const c = script[i]!;
      if (c === '\\' && script[i + 1] === delim) {
        cur += delim;
        i++;
      } else if (c === '\\' && i + 1 < script.length) {
        cur += c + script[++i]!;
      } else if (c === delim) {
        parts.push(cur);
        cur = '';
      } else cur += c;
    }
    if (parts.length < 2) return err(script.length, "unterminated `s' command");
    let flags = '';
    while (i < script.length && !/[\s;}]/.test(script[i]!)) flags += script[i++];
    if (!/^[gI]*$/.test(flags)) return err(i, "unknown option to `s'");
    while (i < script.length && /[ \t]/.test(script[i]!)) i++;
    if (i < script.length && script[i] !== ';' && script[i] !== '\n')
      return err(i + 1, "unknown option to `s'");
    out.push(compile(parts[0]!, parts[1]!, flags));
    pos = i;
  }
}

function compile(pattern: string, replacement: string, flags: string): Subst {
  // Basic regular expressions: \( \) \{ \} \+ \? \| are the special forms.
  let src = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      src += '+?|(){}'.includes(n) ? n : '\\' + n;
    } else src += '+?|(){}'.includes(c) ? '\\' + c : c;
  }
  const rep = replacement
    .replace(/\\(\d)/g, '$$$1')
    .replace(/(^|[^\\])&/g, '$1$$&')
    .replace(/\\&/g, '&');
  return {
    re: new RegExp(src, (flags.includes('g') ? 'g' : '') + (flags.includes('I') ? 'i' : '')),
    replacement: rep,
  };
}

export const sed: CommandFn = async (ctx) => {
  let inPlace = false;
  const scripts: string[] = [];
  const files: string[] = [];
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-i' || a === '--in-place') inPlace = true;
    else if (a === '-e' || a === '--expression') scripts.push(args[++i] ?? '');
    else if (a.startsWith('-') && a.length > 1) {
      ctx.stderr(`sed: option ${a} is not supported in this shell (only s/// with -i and -e)\n`);
      return 1;
    } else if (scripts.length === 0 && !args.slice(0, i).some((x) => x === '-e')) scripts.push(a);
    else files.push(a);
  }
  if (scripts.length === 0) {
    ctx.stderr('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n');
    return 1;
  }
  const substs: Subst[] = [];
  for (const [k, s] of scripts.entries()) {
    const p = parseScript(s, k + 1);
    if (typeof p === 'string') {
      ctx.stderr(p + '\n');
      return 1;
    }
    substs.push(...p);
  }
  const apply = (text: string): string =>
    text
      .split('\n')
      .map((line) => substs.reduce((l, s) => l.replace(s.re, s.replacement), line))
      .join('\n');
  if (files.length === 0) {
    if (inPlace) {
      ctx.stderr('sed: no input files\n');
      return 1;
    }
    ctx.stdout(apply(ctx.stdin));
    return 0;
  }
  let status = 0;
  for (const f of files) {
    const text = ctx.fs.readFile(f);
    if (text === undefined) {
      ctx.stderr(`sed: can't read ${f}: No such file or directory\n`);
      status = 2;
      continue;
    }
    if (inPlace) ctx.fs.writeFile(f, apply(text));
    else ctx.stdout(apply(text));
  }
  return status;
};
