/**
 * Command-line flags with the semantics of spf13/pflag, which kubectl (through cobra) uses.
 *
 * Why a port and not a generic parser: students paste real kubectl command lines, and the
 * corner cases are part of what kubectl *is*: `-nkube-system` is `-n kube-system`, `-it` is
 * `-i -t`, a bool flag never eats the next word (`--watch false` leaves `false` as an
 * argument), `--` ends the flags, `_` in a flag name is read as `-` (kubectl's
 * WordSepNormalizeFunc), and every error message is pflag's, word for word.
 */

export type FlagType = 'bool' | 'string' | 'int' | 'duration' | 'stringSlice' | 'stringArray';

export type FlagDefault = boolean | string | number | string[];

export interface FlagSpec {
  /** Long name, without dashes: `namespace`. */
  name: string;
  /** One-letter short name: `n`. */
  shorthand?: string;
  type: FlagType;
  /** Default value (bool: false, string: '', int: 0, duration: ms, slices: []). */
  default?: FlagDefault;
  /**
   * Value used when the flag is given without `=value` (pflag NoOptDefVal). Bool flags have
   * `true`; some string flags have one too (`--dry-run` → `unchanged`). A flag with a
   * NoOptDefVal never takes the next argument as its value.
   */
  noOptDefVal?: string;
  usage: string;
  hidden?: boolean;
  /** Printed as `Flag --<name> has been deprecated, <message>` when used. */
  deprecated?: string;
  /** How `--help` shows the default when Go's formatting differs from ours (e.g. `--vmodule=:`). */
  defaultText?: string;
}

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** kubectl's normalisation: `--all_namespaces` is `--all-namespaces`. */
export const normalizeFlagName = (name: string): string => name.replace(/_/g, '-');

/** The value of one flag after parsing. */
type Value = boolean | string | number | string[];

/** Go's strconv.ParseBool. */
export function parseGoBool(s: string): boolean | undefined {
  switch (s) {
    case '1':
    case 't':
    case 'T':
    case 'TRUE':
    case 'true':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'FALSE':
    case 'false':
    case 'False':
      return false;
  }
  return undefined;
}

/** Go's strconv.ParseInt(s, 0, 64) as pflag's int flags use it; throws the Go error text. */
export function parseGoInt(s: string): number {
  const fail = (why: string) => new Error(`strconv.ParseInt: parsing ${goQuote(s)}: ${why}`);
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]+|[1-9][0-9_]*|0)$/.exec(s);
  if (!m) throw fail('invalid syntax');
  const sign = m[1] === '-' ? -1n : 1n;
  let body = m[2]!;
  if (body.includes('_')) {
    // Go allows underscores only with a base prefix (base 0); keep it simple and strict.
    if (!/^0[xXbBoO]/.test(body)) throw fail('invalid syntax');
    body = body.replace(/_/g, '');
  }
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (/^0[bB]/.test(body)) v = BigInt(body);
  else if (/^0[oO]/.test(body)) v = BigInt('0o' + body.slice(2));
  else if (body.length > 1 && body.startsWith('0')) v = BigInt('0o' + body.slice(1));
  else v = BigInt(body);
  v *= sign;
  if (v > 9223372036854775807n || v < -9223372036854775808n) throw fail('value out of range');
  return Number(v);
}

/** Go's strconv.Quote for the ASCII strings flags carry. */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.ParseDuration, returning milliseconds; throws the Go error text. */
export function parseGoDuration(s: string): number {
  const orig = s;
  const invalid = () => new Error(`time: invalid duration ${goQuote(orig)}`);
  let neg = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw invalid();
  let total = 0;
  while (s !== '') {
    const num = /^([0-9]*)(\.[0-9]*)?/.exec(s);
    if (!num || num[0] === '' || num[0] === '.') throw invalid();
    s = s.slice(num[0].length);
    const unit = /^[^0-9.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(orig)}`);
    const mult = UNIT_MS[unit];
    if (mult === undefined)
      throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(orig)}`);
    s = s.slice(unit.length);
    total += parseFloat(num[0]) * mult;
  }
  return neg ? -total : total;
}

/** Go's time.Duration.String() for a duration given in milliseconds. */
export function formatGoDuration(ms: number): string {
  if (ms === 0) return '0s';
  const neg = ms < 0;
  let ns = Math.round(Math.abs(ms) * 1e6);
  let out: string;
  if (ns < 1e9) {
    // Sub-second: the largest unit that keeps the integer part non-zero.
    if (ns < 1e3) out = `${ns}ns`;
    else if (ns < 1e6) out = `${trimFrac(ns / 1e3)}µs`;
    else out = `${trimFrac(ns / 1e6)}ms`;
  } else {
    const h = Math.floor(ns / 3.6e12);
    ns -= h * 3.6e12;
    const m = Math.floor(ns / 6e10);
    ns -= m * 6e10;
    const sec = trimFrac(ns / 1e9);
    out = h > 0 ? `${h}h${m}m${sec}s` : m > 0 ? `${m}m${sec}s` : `${sec}s`;
  }
  return neg ? `-${out}` : out;
}

function trimFrac(x: number): string {
  return String(Number(x.toFixed(9)));
}

/** encoding/csv reading of one line, as pflag's stringSlice flags split their values. */
export function readCsvLine(s: string): string[] {
  if (s === '') return [];
  const out: string[] = [];
  let i = 0;
  while (i <= s.length) {
    if (s[i] === '"') {
      let v = '';
      i++;
      for (;;) {
        if (i >= s.length)
          throw new Error(
            `parse error on line 1, column ${s.length + 1}: extraneous or missing " in quoted-field`,
          );
        if (s[i] === '"') {
          if (s[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += s[i];
        i++;
      }
      out.push(v);
      if (i < s.length && s[i] !== ',')
        throw new Error(`parse error on line 1, column ${i + 1}: extraneous or missing " in quoted-field`);
      i++;
    } else {
      const j = s.indexOf(',', i);
      const end = j < 0 ? s.length : j;
      const field = s.slice(i, end);
      if (field.includes('"'))
        throw new Error(
          `parse error on line 1, column ${i + field.indexOf('"') + 1}: bare " in non-quoted-field`,
        );
      out.push(field);
      i = end + 1;
    }
  }
  return out;
}

function defaultOf(spec: FlagSpec): Value {
  if (spec.default !== undefined) return Array.isArray(spec.default) ? [...spec.default] : spec.default;
  switch (spec.type) {
    case 'bool':
      return false;
    case 'string':
      return '';
    case 'int':
    case 'duration':
      return 0;
    default:
      return [];
  }
}

/** The flag set of one command: its own flags plus the persistent flags it inherits. */
export class FlagSet {
  private readonly byName = new Map<string, FlagSpec>();
  private readonly byShort = new Map<string, FlagSpec>();
  private readonly values = new Map<string, Value>();
  private readonly changedSet = new Set<string>();
  /** Flags that were given and are deprecated: the caller prints the warning. */
  readonly deprecationWarnings: string[] = [];

  constructor(specs: readonly FlagSpec[]) {
    for (const spec of specs) {
      // A command's own flag shadows an inherited one of the same name (cobra's merge order).
      if (this.byName.has(spec.name)) continue;
      if (spec.shorthand && this.byShort.has(spec.shorthand)) continue;
      this.byName.set(spec.name, spec);
      if (spec.shorthand) this.byShort.set(spec.shorthand, spec);
      this.values.set(spec.name, defaultOf(spec));
    }
  }

  lookup(name: string): FlagSpec | undefined {
    return this.byName.get(normalizeFlagName(name));
  }

  lookupShort(c: string): FlagSpec | undefined {
    return this.byShort.get(c);
  }

  specs(): FlagSpec[] {
    return [...this.byName.values()];
  }

  /** True if the flag was given on the command line. */
  changed(name: string): boolean {
    return this.changedSet.has(name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  private raw(name: string): Value {
    const v = this.values.get(name);
    if (v === undefined) throw new Error(`flag accessed but not defined: ${name}`);
    return v;
  }

  bool(name: string): boolean {
    return this.raw(name) as boolean;
  }

  string(name: string): string {
    return this.raw(name) as string;
  }

  int(name: string): number {
    return this.raw(name) as number;
  }

  /** Duration flags, in milliseconds. */
  duration(name: string): number {
    return this.raw(name) as number;
  }

  /** stringSlice and stringArray flags. */
  strings(name: string): string[] {
    return [...(this.raw(name) as string[])];
  }

  /** Set a value as if it came from the command line (pflag Set). Throws FlagError. */
  set(spec: FlagSpec, value: string): void {
    const name = spec.name;
    const flagName = spec.shorthand ? `-${spec.shorthand}, --${name}` : `--${name}`;
    const bad = (err: string) =>
      new FlagError(`invalid argument ${goQuote(value)} for ${goQuote(flagName)} flag: ${err}`);
    switch (spec.type) {
      case 'bool': {
        const b = parseGoBool(value);
        if (b === undefined) throw bad(`strconv.ParseBool: parsing ${goQuote(value)}: invalid syntax`);
        this.values.set(name, b);
        break;
      }
      case 'string':
        this.values.set(name, value);
        break;
      case 'int':
        try {
          this.values.set(name, parseGoInt(value));
        } catch (e) {
          throw bad((e as Error).message);
        }
        break;
      case 'duration':
        try {
          this.values.set(name, parseGoDuration(value));
        } catch (e) {
          throw bad((e as Error).message);
        }
        break;
      case 'stringSlice': {
        let parts: string[];
        try {
          parts = readCsvLine(value);
        } catch (e) {
          throw bad((e as Error).message);
        }
        const prev = this.changedSet.has(name) ? (this.values.get(name) as string[]) : [];
        this.values.set(name, [...prev, ...parts]);
        break;
      }
      case 'stringArray': {
        const prev = this.changedSet.has(name) ? (this.values.get(name) as string[]) : [];
        this.values.set(name, [...prev, value]);
        break;
      }
    }
    if (spec.deprecated && !this.changedSet.has(name)) {
      this.deprecationWarnings.push(`Flag --${name} has been deprecated, ${spec.deprecated}`);
    }
    this.changedSet.add(name);
  }

  /**
   * Parse `args` (pflag FlagSet.Parse with interspersed arguments). Returns the positional
   * arguments and ArgsLenAtDash (-1 without `--`). Throws FlagError with pflag's message.
   */
  parse(args: readonly string[]): { positional: string[]; argsLenAtDash: number } {
    const positional: string[] = [];
    let argsLenAtDash = -1;
    let rest = [...args];
    while (rest.length > 0) {
      const s = rest.shift()!;
      if (s.length === 0 || s[0] !== '-' || s.length === 1) {
        positional.push(s);
        continue;
      }
      if (s[1] === '-') {
        if (s.length === 2) {
          argsLenAtDash = positional.length;
          positional.push(...rest);
          break;
        }
        rest = this.parseLongArg(s, rest);
      } else {
        let shorthands = s.slice(1);
        while (shorthands.length > 0) {
          [shorthands, rest] = this.parseSingleShortArg(shorthands, rest);
        }
      }
    }
    return { positional, argsLenAtDash };
  }

  private parseLongArg(s: string, args: string[]): string[] {
    let name = s.slice(2);
    if (name.length === 0 || name[0] === '-' || name[0] === '=') {
      throw new FlagError(`bad flag syntax: ${s}`);
    }
    const eq = name.indexOf('=');
    let value: string | undefined;
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    const spec = this.lookup(name);
    if (!spec) throw new FlagError(`unknown flag: --${name}`);
    if (value === undefined) {
      if (spec.noOptDefVal !== undefined) value = spec.noOptDefVal;
      else if (args.length > 0) value = args.shift()!;
      else throw new FlagError(`flag needs an argument: ${s}`);
    }
    this.set(spec, value);
    return args;
  }

  private parseSingleShortArg(shorthands: string, args: string[]): [string, string[]] {
    const c = shorthands[0]!;
    let outShorts = shorthands.slice(1);
    const spec = this.byShort.get(c);
    if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${shorthands}`);
    let value: string;
    if (shorthands.length > 2 && shorthands[1] === '=') {
      value = shorthands.slice(2);
      outShorts = '';
    } else if (spec.noOptDefVal !== undefined) {
      value = spec.noOptDefVal;
    } else if (shorthands.length > 1) {
      value = shorthands.slice(1);
      outShorts = '';
    } else if (args.length > 0) {
      value = args.shift()!;
    } else {
      throw new FlagError(`flag needs an argument: '${c}' in -${shorthands}`);
    }
    this.set(spec, value);
    return [outShorts, args];
  }
}

/** Build a bool flag spec (pflag BoolP). */
export function boolFlag(name: string, usage: string, opts: Partial<FlagSpec> = {}): FlagSpec {
  return { name, type: 'bool', default: false, noOptDefVal: 'true', usage, ...opts };
}

export function stringFlag(name: string, usage: string, opts: Partial<FlagSpec> = {}): FlagSpec {
  return { name, type: 'string', default: '', usage, ...opts };
}

export function intFlag(name: string, def: number, usage: string, opts: Partial<FlagSpec> = {}): FlagSpec {
  return { name, type: 'int', default: def, usage, ...opts };
}

export function durationFlag(
  name: string,
  defMs: number,
  usage: string,
  opts: Partial<FlagSpec> = {},
): FlagSpec {
  return { name, type: 'duration', default: defMs, usage, ...opts };
}

export function stringSliceFlag(name: string, usage: string, opts: Partial<FlagSpec> = {}): FlagSpec {
  return { name, type: 'stringSlice', default: [], usage, ...opts };
}

export function stringArrayFlag(name: string, usage: string, opts: Partial<FlagSpec> = {}): FlagSpec {
  return { name, type: 'stringArray', default: [], usage, ...opts };
}

/** How kubectl's help template prints a flag's default (`--output=''`, `--chunk-size=500`, `-f, --filename=[]`). */
export function flagDefaultText(spec: FlagSpec): string {
  if (spec.defaultText !== undefined) return spec.defaultText;
  const d = defaultOf(spec);
  switch (spec.type) {
    case 'string':
      return `'${d as string}'`;
    case 'stringSlice':
    case 'stringArray':
      return `[${(d as string[]).join(',')}]`;
    case 'duration':
      return formatGoDuration(d as number);
    default:
      return String(d);
  }
}

/** The `Options:` block of kubectl's help (flags sorted by name, usage on its own line). */
export function flagUsages(specs: readonly FlagSpec[]): string {
  const visible = specs.filter((s) => !s.hidden && !s.deprecated).sort((a, b) => (a.name < b.name ? -1 : 1));
  return visible
    .map((s) => {
      const names = s.shorthand ? `-${s.shorthand}, --${s.name}` : `--${s.name}`;
      return `    ${names}=${flagDefaultText(s)}:\n\t${s.usage}\n`;
    })
    .join('\n');
}
