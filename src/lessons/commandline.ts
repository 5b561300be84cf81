/**
 * Reading command lines the way the command check needs: which commands did a line run, and
 * does one of them do what a pattern such as `kubectl get pods -o wide` asks?
 *
 * This is deliberately small and forgiving: the shell has already run the line; here it is only
 * read again. Quotes, `|`, `&&`, `||`, `;`, `$(…)`, redirections, heredoc bodies, leading
 * `VAR=value` assignments and `timeout N` are understood. kubectl flags are compared by meaning
 * (`-o wide` = `-owide` = `--output=wide`), resource names by kind (`po` = `pods` = `pod`), and
 * `TYPE/NAME` counts as `TYPE NAME`.
 */
import { kindName } from './checks/describe';

/** The simple commands of a line (or script), each as argv. */
export function splitCommands(src: string): string[][] {
  const out: string[][] = [];
  const lines = src.replace(/\r\n/g, '\n').split('\n');
  const heredocEnds: { word: string; strip: boolean }[] = [];
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (heredocEnds.length) {
      const h = heredocEnds[0]!;
      if ((h.strip ? line.replace(/^\t+/, '') : line) === h.word) heredocEnds.shift();
      continue;
    }
    text += line + '\n';
    for (const m of line.matchAll(/<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
      heredocEnds.push({ word: m[3]!, strip: m[1] === '-' });
    }
  }
  tokenize(text, out);
  return out.map(unwrap).filter((argv) => argv.length > 0);
}

function tokenize(src: string, out: string[][]): void {
  let argv: string[] = [];
  let word = '';
  let inWord = false;
  let skipNext = false; // the word after a redirection is a file name
  const endWord = (): void => {
    if (inWord) {
      if (skipNext) skipNext = false;
      else argv.push(word);
    }
    word = '';
    inWord = false;
  };
  const endCommand = (): void => {
    endWord();
    if (argv.length) out.push(argv);
    argv = [];
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      word += src.slice(i + 1, end < 0 ? src.length : end);
      inWord = true;
      i = end < 0 ? src.length : end;
    } else if (ch === '"') {
      inWord = true;
      for (i++; i < src.length && src[i] !== '"'; i++) {
        if (src[i] === '\\' && i + 1 < src.length && '"\\$`'.includes(src[i + 1]!)) word += src[++i];
        else if (src[i] === '$' && src[i + 1] === '(') i = subshell(src, i + 2, out) - 1;
        else word += src[i];
      }
    } else if (ch === '\\') {
      if (src[i + 1] === '\n') i++;
      else {
        word += src[i + 1] ?? '';
        inWord = true;
        i++;
      }
    } else if (ch === '$' && src[i + 1] === '(') {
      i = subshell(src, i + 2, out) - 1;
      inWord = true;
    } else if (ch === '#' && !inWord) {
      while (i < src.length && src[i] !== '\n') i++;
      endCommand();
    } else if (' \t'.includes(ch)) {
      endWord();
    } else if ('\n;&|'.includes(ch)) {
      if (ch === '&' && src[i + 1] === '>') {
        // &> file
        endWord();
        i++;
        skipNext = true;
        continue;
      }
      endCommand();
      if ((ch === '&' || ch === '|') && src[i + 1] === ch) i++;
    } else if (ch === '>' || ch === '<') {
      // 2>&1, >&2: nothing to skip; > file, >> file, < file: skip the file name; << WORD: the word.
      if (inWord && /^\d+$/.test(word)) {
        word = '';
        inWord = false;
      } else endWord();
      while (src[i + 1] === '>' || src[i + 1] === '<' || src[i + 1] === '-') i++;
      if (src[i + 1] === '&') {
        i++;
        while (i + 1 < src.length && /[0-9-]/.test(src[i + 1]!)) i++;
      } else skipNext = true;
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
}

/** Read `$(…)` starting after `$(`; its commands go to `out`. Returns the index after `)`. */
function subshell(src: string, start: number, out: string[][]): number {
  let depth = 1;
  let i = start;
  for (; i < src.length; i++) {
    const ch = src[i];
    if (ch === "'") {
      const end = src.indexOf("'", i + 1);
      i = end < 0 ? src.length : end;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
  }
  tokenize(src.slice(start, i), out);
  return i + 1;
}

/** Drop `VAR=value` prefixes and unwrap `timeout [-s SIG] N cmd…`. */
function unwrap(argv: string[]): string[] {
  let a = argv;
  while (a.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a[0]!)) a = a.slice(1);
  if (a[0] === 'timeout') {
    let i = 1;
    while (i < a.length && a[i]!.startsWith('-')) i += a[i] === '-s' || a[i] === '-k' ? 2 : 1;
    return unwrap(a.slice(i + 1));
  }
  return a;
}

// ---- matching -----------------------------------------------------------------------------------

/** kubectl's shorthands (and other tools' common ones) by full name. */
const SHORT: Record<string, string> = {
  o: 'output',
  n: 'namespace',
  l: 'selector',
  f: 'filename',
  c: 'container',
  A: 'all-namespaces',
  w: 'watch',
  i: 'stdin',
  t: 'tty',
  p: 'patch',
  k: 'kustomize',
  L: 'label-columns',
  R: 'recursive',
  h: 'help',
};

/** Shorthands that take a value. */
const SHORT_WITH_VALUE = new Set(['o', 'n', 'l', 'f', 'c', 'p', 'k', 'L']);

/** Long flags that take no value (anything else takes the next word unless written `--x=y`). */
const BOOLEAN_LONG = new Set([
  'all-namespaces',
  'watch',
  'watch-only',
  'show-labels',
  'show-kind',
  'rm',
  'stdin',
  'tty',
  'all',
  'force',
  'overwrite',
  'no-headers',
  'ignore-not-found',
  'wait',
  'quiet',
  'previous',
  'follow',
  'timestamps',
  'recursive',
  'help',
  'local',
  'decode',
  'server-side',
  'prefix',
]);

export interface Invocation {
  command: string;
  /** Non-flag words, resource names normalised to their kind, `TYPE/NAME` split. */
  words: string[];
  /** Flags by full name; `true` for flags without a value. */
  flags: Map<string, string | true>;
  /** Words after `--` (the command run inside a container), as written. */
  rest: string[];
}

export function parseInvocation(argv: string[]): Invocation {
  const [command = '', ...args] = argv;
  const words: string[] = [];
  const flags = new Map<string, string | true>();
  let rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else {
        const name = a.slice(2);
        const next = args[i + 1];
        if (BOOLEAN_LONG.has(name) || next === undefined || next.startsWith('-')) flags.set(name, true);
        else {
          flags.set(name, next);
          i++;
        }
      }
    } else if (a.startsWith('-') && a.length > 1) {
      // -owide, -o wide, -o=wide, -it
      for (let j = 1; j < a.length; j++) {
        const letter = a[j]!;
        const name = SHORT[letter] ?? letter;
        if (SHORT_WITH_VALUE.has(letter)) {
          let value = a.slice(j + 1).replace(/^=/, '');
          if (value === '' && i + 1 < args.length) value = args[++i]!;
          flags.set(name, value);
          break;
        }
        flags.set(name, true);
      }
    } else words.push(...normalizeWord(a, words.length));
  }
  return { command, words, flags, rest };
}

function normalizeWord(w: string, position: number): string[] {
  if (position === 0) return [w]; // the verb
  const slash = w.indexOf('/');
  if (slash > 0) {
    const type = resourceKind(w.slice(0, slash));
    if (type !== undefined) return [type, w.slice(slash + 1)];
  }
  return [resourceKind(w) ?? w];
}

/** `po`, `pods`, `deployments.apps` → `pod`, `deployment`; undefined for other words. */
function resourceKind(w: string): string | undefined {
  const dot = w.indexOf('.');
  const base = dot > 0 ? w.slice(0, dot) : w;
  const kind = kindName(base);
  return kind !== base || /^[A-Z]/.test(kind) ? kind.toLowerCase() : undefined;
}

/**
 * Does a recorded invocation do what the pattern asks? Same command and verb; the pattern's
 * other words appear in order; every flag of the pattern is there (with the same value when the
 * pattern gives one); the words after `--` start with the pattern's.
 */
export function matchesInvocation(pattern: Invocation, got: Invocation): boolean {
  if (pattern.command !== got.command) return false;
  if (pattern.words.length && pattern.words[0] !== got.words[0]) return false;
  let j = 1;
  for (const w of pattern.words.slice(1)) {
    while (j < got.words.length && got.words[j] !== w) j++;
    if (j >= got.words.length) return false;
    j++;
  }
  for (const [name, value] of pattern.flags) {
    const v = got.flags.get(name);
    if (v === undefined) return false;
    if (value !== true && v !== value) return false;
  }
  return pattern.rest.every((w, i) => got.rest[i] === w);
}

/** Does any simple command of `line` match the pattern (itself a command line)? */
export function lineMatches(pattern: string, line: string): boolean {
  const pats = splitCommands(pattern).map(parseInvocation);
  const p = pats[0];
  if (!p) return false;
  return splitCommands(line).some((argv) => matchesInvocation(p, parseInvocation(argv)));
}
