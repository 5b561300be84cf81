/**
 * A small `sed`: the `s/regex/replacement/[g]` command (and `-n …p`-less printing), with `-i` to
 * edit files in place and `-e` for several scripts. It exists because it is the honest way to
 * script `kubectl edit` in a transcript: `KUBE_EDITOR="sed -i s/1.24.0/1.25.3/" kubectl edit …`.
 */
import type { CommandFn } from '../types';

interface Subst {
  re: RegExp;
  replacement: string;
}

function parseSubst(script: string): Subst | string {
  if (!script.startsWith('s') || script.length < 2)
    return `sed: -e expression #1, char 1: unknown command: \`${script[0] ?? ''}'`;
  const delim = script[1]!;
  const parts: string[] = [];
  let cur = '';
  for (let i = 2; i < script.length; i++) {
    const c = script[i]!;
    if (c === '\\' && script[i + 1] === delim) {
      cur += delim;
      i++;
    } else if (c === delim) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  if (parts.length < 3) return `sed: -e expression #1, char ${script.length}: unterminated \`s' command`;
  const [pattern, replacement, flags] = parts as [string, string, string];
  if (!/^[gI]*$/.test(flags)) return `sed: -e expression #1, char ${script.length}: unknown option to \`s'`;
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
  for (const s of scripts) {
    const p = parseSubst(s);
    if (typeof p === 'string') {
      ctx.stderr(p + '\n');
      return 1;
    }
    substs.push(p);
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
