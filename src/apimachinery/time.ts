/**
 * Timestamps as Kubernetes writes and reads them.
 *
 * - `metav1.Time` is serialised as RFC 3339 in UTC with whole seconds (`2026-01-01T00:00:00Z`);
 *   `creationTimestamp`, condition `lastTransitionTime` and friends use it.
 * - `metav1.MicroTime` keeps microseconds (`2026-01-01T00:00:00.000000Z`); Events and Leases use it.
 * - `kubectl describe` prints times with Go's `time.RFC1123Z` layout
 *   (`Mon, 02 Jan 2006 15:04:05 -0700`).
 * - Parsing follows Go's `time.Parse(time.RFC3339, s)`, including its error messages.
 *
 * All values are milliseconds since the Unix epoch. The calendar arithmetic is done here with
 * integers (proleptic Gregorian, as Go's time package) rather than with `Date`, which keeps it
 * independent of the host time zone and of `Date.UTC`'s two-digit-year rule.
 */
import { goQuote } from './golang';

const MS_PER_DAY = 86_400_000;
const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day number (inverse of daysFromCivil). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** `daysIn(month, year)`. */
export function daysIn(month: number, year: number): number {
  if (month === 2) return isLeap(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

interface Broken {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Milliseconds within the second, 0..999 (fractional for sub-millisecond inputs). */
  ms: number;
  weekday: number;
}

/** Split a UTC instant into calendar fields (floor semantics, so pre-1970 instants work too). */
function breakDown(ms: number): Broken {
  const days = Math.floor(ms / MS_PER_DAY);
  const inDay = ms - days * MS_PER_DAY;
  const { year, month, day } = civilFromDays(days);
  const secs = Math.floor(inDay / 1000);
  return {
    year,
    month,
    day,
    hour: Math.floor(secs / 3600),
    minute: Math.floor(secs / 60) % 60,
    second: secs % 60,
    ms: inDay - secs * 1000,
    // 1970-01-01 was a Thursday.
    weekday: (((days + 4) % 7) + 7) % 7,
  };
}

const pad = (n: number, width: number): string => {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
};

const ymdhms = (b: Broken): string =>
  `${pad(b.year, 4)}-${pad(b.month, 2)}-${pad(b.day, 2)}T${pad(b.hour, 2)}:${pad(b.minute, 2)}:${pad(b.second, 2)}`;

/** metav1.Time: `2026-01-01T00:00:00Z` (sub-second parts are truncated, as upstream). */
export function formatRFC3339(ms: number): string {
  return ymdhms(breakDown(ms)) + 'Z';
}

/** metav1.MicroTime: `2026-01-01T00:00:00.000000Z`. */
export function formatRFC3339Micro(ms: number): string {
  const b = breakDown(ms);
  const micros = Math.min(999_999, Math.floor(b.ms * 1000));
  return `${ymdhms(b)}.${pad(micros, 6)}Z`;
}

/** Go's `time.RFC3339Nano` style used by some fields: fraction without trailing zeros. */
export function formatRFC3339Nano(ms: number): string {
  const b = breakDown(ms);
  const nanos = Math.min(999_999_999, Math.round(b.ms * 1e6));
  const frac = nanos === 0 ? '' : '.' + pad(nanos, 9).replace(/0+$/, '');
  return `${ymdhms(b)}${frac}Z`;
}

/**
 * `time.RFC1123Z` (`Mon, 02 Jan 2006 15:04:05 -0700`), what `kubectl describe` prints for
 * Start Time, Creation Timestamp and similar. `offsetMinutes` is the local zone's offset east of
 * UTC; the simulated machine runs in UTC.
 */
export function formatGoTime(ms: number, offsetMinutes = 0): string {
  const b = breakDown(ms + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const off = Math.abs(offsetMinutes);
  return (
    `${DAY_NAMES[b.weekday]}, ${pad(b.day, 2)} ${MONTH_NAMES[b.month - 1]} ${pad(b.year, 4)} ` +
    `${pad(b.hour, 2)}:${pad(b.minute, 2)}:${pad(b.second, 2)} ${sign}${pad(Math.floor(off / 60), 2)}${pad(off % 60, 2)}`
  );
}

/** A `time.ParseError`; the message is Go's. */
export class TimeParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeParseError';
  }
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i]! >= '0' && s[i]! <= '9';

/** `getnum`: one or two digits (exactly two when `fixed`). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigitAt(s, 0)) return undefined;
  if (!isDigitAt(s, 1)) {
    if (fixed) return undefined;
    return [Number(s[0]), s.slice(1)];
  }
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/**
 * `time.Parse(time.RFC3339, s)` → milliseconds. Accepts fractional seconds (`.123456789` or
 * `,123`) and numeric offsets (`+09:00`). Throws TimeParseError with Go's text, e.g.
 * `parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x" as "2006"`.
 */
export function parseRFC3339(value: string): number {
  const cannot = (valueElem: string, layoutElem: string): TimeParseError =>
    new TimeParseError(
      `parsing time ${goQuote(value)} as ${goQuote(RFC3339)}: cannot parse ${goQuote(valueElem)} as ${goQuote(layoutElem)}`,
    );
  const outOfRange = (what: string): TimeParseError =>
    new TimeParseError(`parsing time ${goQuote(value)}: ${what} out of range`);
  const skip = (rest: string, literal: string): string => {
    if (!rest.startsWith(literal)) throw cannot(rest, literal);
    return rest.slice(literal.length);
  };

  let rest = value;
  // 2006
  if (rest.length < 4 || !isDigitAt(rest, 0) || !/^\d{4}$/.test(rest.slice(0, 4))) throw cannot(rest, '2006');
  const year = Number(rest.slice(0, 4));
  rest = skip(rest.slice(4), '-');
  // 01
  let hold = rest;
  let n = getnum(rest, true);
  if (!n) throw cannot(hold, '01');
  const month = n[0];
  rest = n[1];
  if (month <= 0 || month > 12) throw outOfRange('month');
  rest = skip(rest, '-');
  // 02 (any one- or two-digit day here; validated against the month at the end)
  hold = rest;
  n = getnum(rest, true);
  if (!n) throw cannot(hold, '02');
  const day = n[0];
  rest = skip(n[1], 'T');
  // 15 (the hour may have one digit)
  hold = rest;
  n = getnum(rest, false);
  if (!n) throw cannot(hold, '15');
  const hour = n[0];
  rest = n[1];
  if (hour >= 24) throw outOfRange('hour');
  rest = skip(rest, ':');
  // 04
  hold = rest;
  n = getnum(rest, true);
  if (!n) throw cannot(hold, '04');
  const minute = n[0];
  rest = n[1];
  if (minute >= 60) throw outOfRange('minute');
  rest = skip(rest, ':');
  // 05, with an optional fraction the layout does not mention
  hold = rest;
  n = getnum(rest, true);
  if (!n) throw cannot(hold, '05');
  const second = n[0];
  rest = n[1];
  if (second >= 60) throw outOfRange('second');
  let nanos = 0;
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigitAt(rest, 1)) {
    let end = 2;
    while (isDigitAt(rest, end)) end++;
    // parseNanoseconds: at most nine digits count.
    nanos = Number(rest.slice(1, Math.min(end, 10)).padEnd(9, '0'));
    rest = rest.slice(end);
  }
  // Z07:00
  let offsetSeconds = 0;
  hold = rest;
  if (rest.startsWith('Z')) {
    rest = rest.slice(1);
  } else {
    if (rest.length < 6 || rest[3] !== ':') throw cannot(hold, 'Z07:00');
    const hh = getnum(rest.slice(1, 3), true);
    const mm = hh ? getnum(rest.slice(4, 6), true) : undefined;
    const hr = hh?.[0] ?? 0;
    const mins = mm?.[0] ?? 0;
    // Go accepts offsets up to 24h and 60m ("some people do write offsets of 24 hours"), and
    // reports a range error before a bad sign.
    if (hr > 24) throw outOfRange('time zone offset hour');
    if (mins > 60) throw outOfRange('time zone offset minute');
    if (!hh || !mm || (rest[0] !== '+' && rest[0] !== '-')) throw cannot(hold, 'Z07:00');
    offsetSeconds = (hr * 60 + mins) * 60 * (rest[0] === '-' ? -1 : 1);
    rest = rest.slice(6);
  }
  if (rest.length !== 0) {
    throw new TimeParseError(`parsing time ${goQuote(value)}: extra text: ${goQuote(rest)}`);
  }
  if (day < 1 || day > daysIn(month, year)) throw outOfRange('day');

  const seconds =
    daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds;
  return seconds * 1000 + nanos / 1e6;
}

/** parseRFC3339 that returns undefined instead of throwing. */
export function parseRFC3339OrUndefined(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  try {
    return parseRFC3339(value);
  } catch {
    return undefined;
  }
}
