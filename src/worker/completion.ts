/**
 * Tab completion from live cluster state, as kubectl's bash completion would offer it: command
 * names, kubectl verbs and subcommands, flags, resource types (from discovery), object names
 * (listed through the client in the right namespace), flag values and file names.
 *
 * The verbs and flags come from kubectl's own command registry, so new verbs complete as soon as
 * they are registered. (Real kubectl answers this with its hidden `__complete` command; if our
 * kubectl grows one, this file should call it instead.)
 */
import type { CompletionResult } from './protocol';

/** What completion may look at; the host provides it from the session. */
export interface CompletionSources {
  commandNames(): string[];
  /** kubectl's top-level commands with their flags and subcommands (after their help loaded). */
  kubectlCommands(): KubectlCommandInfo[] | Promise<KubectlCommandInfo[]>;
  globalFlags(): FlagInfo[];
  /** Resource types: plural, singular, short names, kind. */
  resourceTypes(): TypeInfo[];
  /** Names of objects of a type (`namespace` undefined = all namespaces). */
  listNames(type: TypeInfo, namespace: string | undefined): Promise<string[]>;
  /** Directory entries for file completion (directories end with `/`), or undefined. */
  listDir(path: string): string[] | undefined;
}

export interface FlagInfo {
  name: string;
  shorthand?: string;
  /** Whether the flag takes the next word as its value. */
  takesValue: boolean;
  hidden?: boolean;
}

export interface KubectlCommandInfo {
  name: string;
  aliases?: string[];
  hidden?: boolean;
  flags: FlagInfo[];
  subcommands: KubectlCommandInfo[];
}

export interface TypeInfo {
  plural: string;
  singular: string;
  shortNames: string[];
  kind: string;
  group: string;
  namespaced: boolean;
}

const OUTPUT_FORMATS = [
  'json',
  'yaml',
  'wide',
  'name',
  'custom-columns=',
  'jsonpath=',
  'go-template=',
  'jsonpath-as-json=',
  'custom-columns-file=',
  'go-template-file=',
  'jsonpath-file=',
];

/** Verbs whose first argument is a pod name rather than a type. */
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);
/** Verbs whose arguments are node names. */
const NODE_VERBS = new Set(['cordon', 'uncordon', 'drain', 'taint']);
/** Verbs that take `TYPE [NAME…]` or `TYPE/NAME`. */
const TYPE_VERBS = new Set([
  'get',
  'describe',
  'delete',
  'edit',
  'label',
  'annotate',
  'patch',
  'scale',
  'explain',
  'wait',
  'autoscale',
  'expose',
  'status',
  'history',
  'restart',
  'pause',
  'resume',
  'undo',
  'top',
  'set',
  'env',
  'image',
  'resources',
  'selector',
]);
/** Shell commands whose arguments are files. */
const FILE_COMMANDS = new Set([
  'cat',
  'ls',
  'rm',
  'tee',
  'head',
  'tail',
  'grep',
  'sed',
  'cd',
  'mkdir',
  'touch',
  'wc',
  'sort',
  'uniq',
  'base64',
]);

/** Split the text before the cursor into words, remembering where the last one starts. */
export function splitWords(line: string): { words: string[]; currentStart: number } {
  const words: string[] = [];
  let cur = '';
  let start = 0;
  let inWord = false;
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
      else cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (!inWord) {
        inWord = true;
        start = i;
      }
      quote = ch;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
      continue;
    }
    // A new command starts after a pipe or a list operator.
    if (ch === '|' || ch === ';' || ch === '&') {
      if (inWord) words.push(cur);
      words.length = 0;
      cur = '';
      inWord = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      start = i;
    }
    cur += ch;
  }
  if (inWord) words.push(cur);
  else {
    words.push('');
    start = line.length;
  }
  return { words, currentStart: start };
}

const uniqueSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

function typeMatches(t: TypeInfo, word: string): boolean {
  const w = word.toLowerCase();
  return (
    t.plural === w ||
    t.singular === w ||
    t.shortNames.includes(w) ||
    t.kind.toLowerCase() === w ||
    (t.group !== '' && (`${t.plural}.${t.group}` === w || `${t.singular}.${t.group}` === w))
  );
}

function findType(types: TypeInfo[], word: string): TypeInfo | undefined {
  return types.find((t) => typeMatches(t, word));
}

function typeWords(types: TypeInfo[]): string[] {
  const out: string[] = [];
  for (const t of types) out.push(t.plural, t.singular, ...t.shortNames);
  return out;
}

export async function complete(line: string, src: CompletionSources): Promise<CompletionResult> {
  const { words, currentStart } = splitWords(line);
  const current = words[words.length - 1]!;
  const before = words.slice(0, -1);
  const result = (candidates: Iterable<string>): CompletionResult => ({
    from: currentStart,
    to: line.length,
    candidates: uniqueSorted(candidates).filter((c) => c.startsWith(current)),
  });

  if (before.length === 0) return result([...src.commandNames(), 'kubectl']);
  const cmd = before[0]!;
  if (cmd === 'kubectl') return result(await completeKubectl(before.slice(1), current, src));
  if (FILE_COMMANDS.has(cmd) && !current.startsWith('-')) return result(files(current, src));
  return result([]);
}

function files(current: string, src: CompletionSources): string[] {
  const slash = current.lastIndexOf('/');
  const dir = slash >= 0 ? current.slice(0, slash + 1) : '';
  const entries = src.listDir(dir === '' ? '.' : dir) ?? [];
  return entries.map((e) => dir + e);
}

async function completeKubectl(args: string[], current: string, src: CompletionSources): Promise<string[]> {
  const globals = src.globalFlags();
  const commands = await src.kubectlCommands();
  let command: KubectlCommandInfo | undefined;
  let sub: KubectlCommandInfo | undefined;
  const positionals: string[] = [];
  let namespace: string | undefined = 'default';
  let pendingFlag: FlagInfo | undefined;

  const flagsNow = (): FlagInfo[] => [...(sub?.flags ?? []), ...(command?.flags ?? []), ...globals];
  const lookup = (word: string): FlagInfo | undefined => {
    const name = word.replace(/^-+/, '').split('=')[0]!;
    return word.startsWith('--')
      ? flagsNow().find((f) => f.name === name)
      : flagsNow().find((f) => f.shorthand === name);
  };

  for (const w of args) {
    if (pendingFlag) {
      if (pendingFlag.name === 'namespace') namespace = w;
      pendingFlag = undefined;
      continue;
    }
    if (w.startsWith('-') && w !== '-') {
      const f = lookup(w);
      if (f?.name === 'all-namespaces') namespace = undefined;
      const inline = w.startsWith('--') ? w.includes('=') : w.length > 2;
      if (inline && f?.name === 'namespace')
        namespace = w.startsWith('--') ? w.slice(w.indexOf('=') + 1) : w.slice(2);
      else if (!inline && f?.takesValue) pendingFlag = f;
      continue;
    }
    if (!command) {
      command = commands.find((c) => c.name === w || c.aliases?.includes(w));
      continue;
    }
    if (command.subcommands.length && !sub) {
      sub = command.subcommands.find((c) => c.name === w || c.aliases?.includes(w));
      if (sub) continue;
    }
    positionals.push(w);
  }

  // The value of a flag given as the previous word, or as `--flag=value`.
  const valueFlag =
    pendingFlag ?? (current.startsWith('--') && current.includes('=') ? lookup(current) : undefined);
  if (valueFlag) {
    const prefix = pendingFlag ? '' : current.slice(0, current.indexOf('=') + 1);
    const values = await flagValues(valueFlag, current.slice(prefix.length), src);
    return values.map((v) => prefix + v);
  }
  if (current.startsWith('-')) {
    return flagsNow()
      .filter((f) => !f.hidden)
      .map((f) => `--${f.name}`);
  }
  if (!command) return commands.filter((c) => !c.hidden).map((c) => c.name);
  if (command.subcommands.length && !sub)
    return command.subcommands.filter((c) => !c.hidden).map((c) => c.name);

  const verb = sub?.name ?? command.name;
  const types = src.resourceTypes();
  if (POD_VERBS.has(verb) && positionals.length === 0) {
    const pods = findType(types, 'pods');
    return pods ? src.listNames(pods, namespace) : [];
  }
  if (NODE_VERBS.has(verb)) {
    const nodes = findType(types, 'nodes');
    return nodes ? src.listNames(nodes, undefined) : [];
  }
  if (!TYPE_VERBS.has(verb) && !TYPE_VERBS.has(command.name)) return [];

  // TYPE/NAME
  const slash = current.indexOf('/');
  if (slash > 0) {
    const t = findType(types, current.slice(0, slash));
    if (!t) return [];
    const names = await src.listNames(t, t.namespaced ? namespace : undefined);
    return names.map((n) => `${current.slice(0, slash)}/${n}`);
  }
  if (positionals.length === 0) return typeWords(types);
  const first = positionals[0]!;
  if (first.includes('/') || first.includes(',') || verb === 'explain') return [];
  const t = findType(types, first);
  if (!t) return [];
  return src.listNames(t, t.namespaced ? namespace : undefined);
}

async function flagValues(flag: FlagInfo, current: string, src: CompletionSources): Promise<string[]> {
  switch (flag.name) {
    case 'namespace': {
      const ns = findType(src.resourceTypes(), 'namespaces');
      return ns ? src.listNames(ns, undefined) : [];
    }
    case 'output':
      return OUTPUT_FORMATS;
    case 'filename':
      return files(current, src);
    default:
      return [];
  }
}
