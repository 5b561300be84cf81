/**
 * The CronJob schedule parser Kubernetes validates with: `cron.ParseStandard` of
 * github.com/robfig/cron/v3 (five fields, or a descriptor such as `@hourly`, optionally preceded
 * by `TZ=`/`CRON_TZ=`). Ported for its error messages, which the apiserver returns verbatim:
 * `spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]`.
 * The CronJob controller computes next fire times from what this parser returns
 * (controllers/cronjob/schedule.ts).
 */
import { atoi, NumError } from '../../../apimachinery/golang';
import { DurationParseError, parseGoDurationNs } from '../../../apimachinery/duration';

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = {
  min: 1,
  max: 12,
  names: {
    jan: 1,
    feb: 2,
    mar: 3,
    apr: 4,
    may: 5,
    jun: 6,
    jul: 7,
    aug: 8,
    sep: 9,
    oct: 10,
    nov: 11,
    dec: 12,
  },
};
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

export class CronParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronParseError';
  }
}

/** A parsed schedule: the allowed values of each field (descriptors expand to the same form). */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  dom: Set<number>;
  months: Set<number>;
  dow: Set<number>;
  /** robfig's "star bit": whether day-of-month / day-of-week was `*` or `?`. */
  domStar: boolean;
  dowStar: boolean;
  /** `@every <duration>` schedules. */
  everyMs?: number;
  /** The `TZ=` / `CRON_TZ=` location, if given. */
  timeZone?: string;
}

/** `mustParseInt`. */
function mustParseInt(expr: string): number {
  let num: number;
  try {
    num = atoi(expr);
  } catch (e) {
    if (e instanceof NumError) throw new CronParseError(`failed to parse int from ${expr}: ${e.message}`);
    throw e;
  }
  if (num < 0) throw new CronParseError(`negative number (${num}) not allowed: ${expr}`);
  return num;
}

function parseIntOrName(expr: string, names: Record<string, number> | undefined): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? mustParseInt(expr);
}

/** `getRange`: one comma-separated part of a field. */
function getRange(expr: string, r: Bounds, out: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const singleDigit = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, r.names);
    else throw new CronParseError(`too many hyphens: ${expr}`);
  }
  let step: number;
  if (rangeAndStep.length === 1) step = 1;
  else if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (singleDigit) end = r.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else throw new CronParseError(`too many slashes: ${expr}`);
  if (start < r.min)
    throw new CronParseError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronParseError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end)
    throw new CronParseError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronParseError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) out.add(i);
  return star;
}

/** `getField`. */
function getField(field: string, r: Bounds): { values: Set<number>; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of field.split(',').filter((p) => p !== '')) star = getRange(part, r, values) || star;
  return { values, star };
}

const all = (b: Bounds): Set<number> => {
  const s = new Set<number>();
  for (let i = b.min; i <= b.max; i++) s.add(i);
  return s;
};

function descriptor(spec: string, timeZone: string | undefined): CronSchedule {
  const base = (
    minutes: number[],
    hours: number[],
    dom: number[],
    months: number[],
    dow: number[],
    domStar: boolean,
    dowStar: boolean,
  ): CronSchedule => ({
    minutes: new Set(minutes),
    hours: new Set(hours),
    dom: new Set(dom),
    months: new Set(months),
    dow: new Set(dow),
    domStar,
    dowStar,
    timeZone,
  });
  const allOf = (b: Bounds): number[] => [...all(b)];
  switch (spec) {
    case '@yearly':
    case '@annually':
      return base([0], [0], [1], [1], allOf(DOW), false, true);
    case '@monthly':
      return base([0], [0], [1], allOf(MONTHS), allOf(DOW), false, true);
    case '@weekly':
      return base([0], [0], allOf(DOM), allOf(MONTHS), [0], true, false);
    case '@daily':
    case '@midnight':
      return base([0], [0], allOf(DOM), allOf(MONTHS), allOf(DOW), true, true);
    case '@hourly':
      return base([0], allOf(HOURS), allOf(DOM), allOf(MONTHS), allOf(DOW), true, true);
  }
  const every = '@every ';
  if (spec.startsWith(every)) {
    try {
      const ns = parseGoDurationNs(spec.slice(every.length));
      return { ...base([], [], [], [], [], true, true), everyMs: Number(ns / 1_000_000n) };
    } catch (e) {
      if (e instanceof DurationParseError)
        throw new CronParseError(`failed to parse duration ${spec}: ${e.message}`);
      throw e;
    }
  }
  throw new CronParseError(`unrecognized descriptor: ${spec}`);
}

/**
 * Go's `time.LoadLocation(name)`: `undefined` when the zone loads, else its error
 * (`unknown time zone Foo/Bar`). "" and "UTC" are UTC and "Local" is the process's zone, as in
 * Go. Other names are looked up in the runtime's tz database through `Intl`, which Node and the
 * browsers both carry. Go opens the zone file by name, so the spelling must be exact, whereas
 * `Intl` folds case (`asia/tokyo` resolves to Asia/Tokyo): a name whose case differs from the
 * database's is refused here, as Go refuses it.
 */
export function loadLocation(name: string): Error | undefined {
  if (name === '' || name === 'UTC' || name === 'Local') return undefined;
  return zoneExists(name) ? undefined : new Error(`unknown time zone ${name}`);
}

let canonicalZones: Map<string, string> | undefined;

function zoneExists(name: string): boolean {
  // Zone file names: letters, digits, '.', '-', '_', '+' between slashes (no offsets such as
  // "+09:00", which newer Intl versions accept but Go does not).
  if (!/^[A-Za-z0-9._+-]+(\/[A-Za-z0-9._+-]+)*$/.test(name)) return false;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return false;
  }
  if (resolved === name) return true;
  canonicalZones ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const canonical = canonicalZones.get(name.toLowerCase());
  if (canonical !== undefined) return canonical === name;
  // A link (US/Eastern, Etc/UTC, Japan): Intl does not say how it is spelt, but every tz
  // database name starts each part with a capital letter.
  return name.split('/').every((part) => /^[A-Z]/.test(part));
}

/** Whether `name` is a time zone the apiserver's time.LoadLocation would load. */
export function knownTimeZone(name: string): boolean {
  return loadLocation(name) === undefined;
}

/** `cron.ParseStandard(spec)`: throws CronParseError with robfig's message. */
export function parseStandard(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronParseError('empty spec string');
  let timeZone: string | undefined;
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const i = spec.indexOf(' ');
    const eq = spec.indexOf('=');
    const loc = i < 0 ? spec.slice(eq + 1) : spec.slice(eq + 1, i);
    if (!knownTimeZone(loc))
      throw new CronParseError(`provided bad location ${loc}: unknown time zone ${loc}`);
    timeZone = loc;
    spec = i < 0 ? '' : spec.slice(i).trim();
  }
  if (spec.startsWith('@')) return descriptor(spec, timeZone);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5)
    throw new CronParseError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = getField(fields[0]!, MINUTES);
  const hour = getField(fields[1]!, HOURS);
  const dom = getField(fields[2]!, DOM);
  const month = getField(fields[3]!, MONTHS);
  const dow = getField(fields[4]!, DOW);
  return {
    minutes: minute.values,
    hours: hour.values,
    dom: dom.values,
    months: month.values,
    dow: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
    timeZone,
  };
}
