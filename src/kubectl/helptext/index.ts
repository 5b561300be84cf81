/**
 * The help of the kubectl commands whose texts Breakfix takes from the real kubectl v1.32 (the
 * write verbs, scale/rollout/set, and taint/cordon/uncordon/drain): description, examples, usage
 * line, aliases and flags with their defaults.
 *
 * The source is `kubectl-help.json`: the exact output of `kubectl <command> --help`, recorded by
 * `npx tsx scripts/gen-help.ts --capture` where kubectl is installed. The records are parsed here,
 * when the module loads, the way cobra laid them out, so no text is typed twice; the renderer
 * (src/kubectl/help.ts) writes them back, and tests/unit/kubectl/helptext.test.ts checks that
 * `kubectl <command> --help` gives back every record byte for byte.
 */
import type { FlagSpec } from '../flags';
import type { CommandSpec } from '../registry';
import recorded from './kubectl-help.json';

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

const HELP = parseAll(recorded as Record<string, string>);

/** The recorded help of `kubectl <path>` (`create secret generic`, `rollout status` …). */
export function recordedHelp(path: string): CommandHelp {
  const h = HELP.get(path);
  if (!h) throw new Error(`no help text for kubectl ${path}`);
  return h;
}

/** Every recorded command, in the order of the records (write verbs first). */
export function allRecordedHelp(): ReadonlyMap<string, CommandHelp> {
  return HELP;
}

/** The command record of `kubectl <path>`: its help, with flags the caller may change. */
export function helpSpec(path: string, short = ''): Omit<CommandSpec, 'run'> {
  const h = recordedHelp(path);
  return {
    name: path.split(' ').pop()!,
    aliases: h.aliases,
    short: h.short ?? short,
    long: h.long,
    example: h.example,
    use: h.use,
    flags: copyFlags(h.flags),
  };
}

/** Copies of flag specs (slice defaults included), so that no command changes the records. */
export function copyFlags(flags: readonly FlagSpec[]): FlagSpec[] {
  return flags.map((f) => ({ ...f, default: Array.isArray(f.default) ? [...f.default] : f.default }));
}
