/**
 * The help of the kubectl commands whose texts Breakfix takes from the real kubectl v1.32 (the
 * write verbs, scale/rollout/set, and taint/cordon/uncordon/drain): description, examples, usage
 * line, aliases and flags with their defaults.
 *
 * The source is `kubectl-help.json`: the exact output of `kubectl <command> --help`, recorded by
 * `npx tsx scripts/gen-help.ts --capture` where kubectl is installed. The records are parsed here
 * the way cobra laid them out, so no text is typed twice; the renderer (src/kubectl/help.ts)
 * writes them back, and tests/unit/kubectl/helptext.test.ts checks that `kubectl <command>
 * --help` gives back every record byte for byte.
 *
 * The JSON is a chunk of its own, loaded on first use ({@link loadHelp}: runKubectl awaits it
 * before it looks at a command's flags). Commands register at module load, before that, so
 * {@link helpSpec} and {@link recordedFlags} hand out placeholders that {@link hydrateCommands}
 * and the load fill in; {@link recordedHelp} and {@link allRecordedHelp} need the load done.
 */
import { lazyModule } from '../../api/lazy';
import type { FlagSpec } from '../flags';
import type { CommandSpec } from '../registry';

export interface CommandHelp {
  /** The line the parent command's "Available Commands" shows (subcommands only). */
  short?: string;
  long: string;
  example?: string;
  use: string;
  aliases?: string[];
  flags: FlagSpec[];
}

/**
 * pflag StringArray flags: their `[]` defaults look like a StringSlice's in the help text, but
 * the value is not split at commas.
 */
const STRING_ARRAY = new Set([
  'from-literal',
  'prune-allowlist',
  'resource-name',
  'user',
  'group',
  'serviceaccount',
  'rule',
  'annotation',
  'audience',
]);

type Section = 'long' | 'Aliases' | 'Examples' | 'Available Commands' | 'Options' | 'Usage';

/** Cut a help text at cobra's section headers (`Examples:`, `Options:` …). */
function sections(text: string): Partial<Record<Section, string>> {
  const out: Partial<Record<Section, string>> = {};
  let cur: Section = 'long';
  let buf: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^(Aliases|Examples|Available Commands|Options|Usage):$/.exec(line);
    if (m) {
      out[cur] = buf.join('\n');
      cur = m[1] as Section;
      buf = [];
    } else buf.push(line);
  }
  out[cur] = buf.join('\n');
  return out;
}

const trimNewlines = (s: string) => s.replace(/\n+$/, '');

/** One flag of the Options section: `    -f, --filename=[]:` and its tab-indented usage line. */
function flagSpecs(options: string | undefined): FlagSpec[] {
  const specs: FlagSpec[] = [];
  const lines = (options ?? '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/.exec(lines[i]!);
    if (!m) continue;
    const [, shorthand, name, def] = m as unknown as [string, string | undefined, string, string];
    const next = lines[i + 1];
    const spec: FlagSpec = { name, usage: next?.startsWith('\t') ? next.slice(1) : '', type: 'string' };
    if (shorthand) spec.shorthand = shorthand;
    if (def === 'true' || def === 'false') {
      Object.assign(spec, { type: 'bool', default: def === 'true', noOptDefVal: 'true' });
    } else if (def.startsWith("'")) {
      spec.default = def.slice(1, -1);
    } else if (def.startsWith('[')) {
      const inner = def.slice(1, -1);
      spec.type = STRING_ARRAY.has(name) ? 'stringArray' : 'stringSlice';
      spec.default = inner ? inner.split(',') : [];
    } else if (/^-?\d+$/.test(def)) {
      Object.assign(spec, { type: 'int', default: Number(def) });
    } else if (def && /^(\d+h)?(\d+m)?(\d+(\.\d+)?s)?$/.test(def)) {
      let ms = 0;
      for (const [, num, unit] of def.matchAll(/(\d+(?:\.\d+)?)([hms])/g))
        ms += Number(num) * { h: 3_600_000, m: 60_000, s: 1000 }[unit as 'h' | 'm' | 's'];
      Object.assign(spec, { type: 'duration', default: Math.trunc(ms) });
    } else {
      Object.assign(spec, { default: def, defaultText: def });
    }
    // `--dry-run` alone means `--dry-run=unchanged` (the deprecated spelling of client)
    if (name === 'dry-run') spec.noOptDefVal = 'unchanged';
    specs.push(spec);
    i++;
  }
  return specs;
}

/** Parse a recorded `kubectl <path> --help`; `shorts` collects its subcommands' short lines. */
export function parseHelp(path: string, text: string, shorts: Map<string, string>): CommandHelp {
  const s = sections(text);
  for (const line of (s['Available Commands'] ?? '').split('\n')) {
    const m = /^ {2}(\S+)\s+(.*)$/.exec(line);
    if (m) shorts.set(`${path} ${m[1]}`, m[2]!);
  }
  const use = (s.Usage ?? '')
    .trim()
    .split('\n')[0]!
    .replace(/^kubectl /, '')
    .replace(/ \[options\]$/, '');
  const help: CommandHelp = { long: trimNewlines(s.long ?? ''), use, flags: flagSpecs(s.Options) };
  if (s.Examples) help.example = trimNewlines(s.Examples);
  if (s.Aliases) help.aliases = s.Aliases.trim().split(', ').slice(1);
  return help;
}

function parseAll(texts: Record<string, string>): Map<string, CommandHelp> {
  const shorts = new Map<string, string>();
  const out = new Map<string, CommandHelp>();
  for (const [path, text] of Object.entries(texts)) out.set(path, parseHelp(path, text, shorts));
  for (const [path, help] of out) {
    const short = shorts.get(path);
    if (short !== undefined) help.short = short;
  }
  return out;
}

let HELP: Map<string, CommandHelp> | undefined;

/** Flags handed out by {@link recordedFlags} before the load: filled in place when it ends. */
const pendingFlags: { path: string | undefined; flag: FlagSpec }[] = [];

/**
 * Fetch and parse the recorded help (once; a chunk of its own in the browser, the file in Node).
 * Flag placeholders are filled in; registered commands are by {@link hydrateCommands}.
 */
export const loadHelp = lazyModule(async (): Promise<void> => {
  const texts = (await import('./kubectl-help.json')).default as Record<string, string>;
  if (HELP) return;
  HELP = parseAll(texts);
  for (const { path, flag } of pendingFlags.splice(0)) Object.assign(flag, findFlag(path, flag.name));
});

/** Whether {@link loadHelp} has finished. */
export const helpLoaded = (): boolean => HELP !== undefined;

function loaded(): Map<string, CommandHelp> {
  if (!HELP) throw new Error('the recorded kubectl help is not loaded yet (await loadHelp() first)');
  return HELP;
}

/** The recorded help of `kubectl <path>` (`create secret generic`, `rollout status` …). */
export function recordedHelp(path: string): CommandHelp {
  const h = loaded().get(path);
  if (!h) throw new Error(`no help text for kubectl ${path}`);
  return h;
}

/** Every recorded command, in the order of the records (write verbs first). */
export function allRecordedHelp(): ReadonlyMap<string, CommandHelp> {
  return loaded();
}

/** Rewrites the flags of a command record (e.g. a NoOptDefVal cobra sets in code). */
export type AdjustFlags = (flags: FlagSpec[]) => FlagSpec[];

type HelpFields = Omit<CommandSpec, 'run' | 'name' | 'subcommands'>;
const HELP_FIELDS = ['aliases', 'short', 'long', 'example', 'use', 'flags'] as const;

/** What a placeholder from {@link helpSpec} still needs: its record and its first values. */
interface PendingHelp {
  path: string;
  short: string;
  adjust: AdjustFlags | undefined;
  placeholder: HelpFields;
}

const PENDING = Symbol('recorded help to fill in');
type MaybePending = CommandSpec & { [PENDING]?: PendingHelp };

function specFrom(path: string, short: string, adjust: AdjustFlags | undefined): HelpFields {
  const h = recordedHelp(path);
  const flags = copyFlags(h.flags);
  return {
    aliases: h.aliases,
    short: h.short ?? short,
    long: h.long,
    example: h.example,
    use: h.use,
    flags: adjust ? adjust(flags) : flags,
  };
}

/**
 * The command record of `kubectl <path>`: its help, with flags the caller may change (`adjust`
 * rewrites them when the record is read). Before {@link loadHelp} has finished this is a
 * placeholder (usage `<path> [flags]`, no flags) that keeps its origin through object spreads;
 * {@link hydrateCommands} fills in every field the caller did not set itself.
 */
export function helpSpec(path: string, short = '', adjust?: AdjustFlags): Omit<CommandSpec, 'run'> {
  const name = path.split(' ').pop()!;
  if (HELP) return { name, ...specFrom(path, short, adjust) };
  const placeholder: HelpFields = {
    aliases: undefined,
    short,
    long: undefined,
    example: undefined,
    use: `${path} [flags]`,
    flags: [],
  };
  const spec: Omit<MaybePending, 'run'> = { name, ...placeholder };
  spec[PENDING] = { path, short, adjust, placeholder };
  return spec;
}

/**
 * Fill in the commands (and their subcommands) that were registered from {@link helpSpec}
 * placeholders; a field the command set itself after the spread (`flags: []`) stays. Needs the
 * load done; does nothing for commands already complete.
 */
export function hydrateCommands(commands: readonly CommandSpec[]): void {
  for (const c of commands as readonly MaybePending[]) {
    const pending = c[PENDING];
    if (pending) {
      const real = specFrom(pending.path, pending.short, pending.adjust);
      const spec = c as unknown as Record<string, unknown>;
      for (const key of HELP_FIELDS) if (spec[key] === pending.placeholder[key]) spec[key] = real[key];
      delete c[PENDING];
    }
    if (c.subcommands) hydrateCommands(c.subcommands);
  }
}

function findFlag(path: string | undefined, name: string): FlagSpec {
  const records = path === undefined ? [...loaded().values()] : [recordedHelp(path)];
  const spec = records.flatMap((h) => h.flags).find((f) => f.name === name);
  if (!spec) throw new Error(`no recorded flag --${name}${path === undefined ? '' : ` of kubectl ${path}`}`);
  return copyFlags([spec])[0]!;
}

/**
 * Copies of recorded flags, for commands whose help is not recorded but shares flags with one
 * that is: those of `kubectl <path>`, or the first record with the flag when `path` is undefined.
 * Before {@link loadHelp} has finished they are placeholders, filled in place by the load.
 */
export function recordedFlags(path: string | undefined, names: readonly string[]): FlagSpec[] {
  return names.map((name) => {
    if (HELP) return findFlag(path, name);
    const flag: FlagSpec = { name, usage: '', type: 'string' };
    pendingFlags.push({ path, flag });
    return flag;
  });
}

/** Copies of flag specs (slice defaults included), so that no command changes the records. */
export function copyFlags(flags: readonly FlagSpec[]): FlagSpec[] {
  return flags.map((f) => ({ ...f, default: Array.isArray(f.default) ? [...f.default] : f.default }));
}
