/**
 * Durations as Kubernetes and kubectl print and parse them.
 *
 * - `humanDuration` is apimachinery's `duration.HumanDuration`: the AGE column of `kubectl get`,
 *   event ages, RESTARTS "(5m ago)". It keeps two or three significant figures (`2m3s`, `3h1m`,
 *   `2d1h`, `2y1d`) and reference §8.3 lists its boundaries.
 * - `shortHumanDuration` keeps one unit (`1m`, `2h`, `3d`).
 * - `formatGoDuration` / `parseGoDuration` are Go's `time.Duration.String()` and
 *   `time.ParseDuration`, used by kubectl flags such as `--timeout=30s` and `--since=1h`.
 *
 * Durations are milliseconds (the simulator's clock unit); Go's nanoseconds are available through
 * the `…Ns` variants where precision matters.
 */
import { parseRFC3339OrUndefined } from './time';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** `duration.HumanDuration(d)`. */
export function humanDuration(ms: number): string {
  // "Allow deviation no more than 2 seconds (excluded) to tolerate machine time inconsistence."
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    const d = Math.trunc(hours / 24);
    return h === 0 ? `${d}d` : `${d}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** `duration.ShortHumanDuration(d)`: a single unit. */
export function shortHumanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 24) return `${hours}h`;
  if (hours < 24 * 365) return `${Math.trunc(hours / 24)}d`;
  return `${Math.trunc(ms / HOUR / 24 / 365)}y`;
}

/**
 * kubectl's `translateTimestampSince`: the age of an RFC 3339 timestamp at `nowMs`, or
 * `<unknown>` when there is no timestamp (a zero metav1.Time).
 */
export function ageSince(timestamp: string | undefined | null, nowMs: number): string {
  const t = parseRFC3339OrUndefined(timestamp);
  if (t === undefined) return '<unknown>';
  return humanDuration(nowMs - t);
}

// ---------------------------------------------------------------------------------------------
// Go time.Duration
// ---------------------------------------------------------------------------------------------

const NS_PER_MS = 1_000_000n;
const MAX_DURATION = (1n << 63n) - 1n;

/** `fmtFrac`: v/10^prec's fraction without trailing zeros (and without "." if it is zero). */
function fmtFrac(v: bigint, prec: number): [string, bigint] {
  let out = '';
  let print = false;
  for (let i = 0; i < prec; i++) {
    const digit = v % 10n;
    print = print || digit !== 0n;
    if (print) out = digit.toString() + out;
    v /= 10n;
  }
  if (print) out = '.' + out;
  return [out, v];
}

/** Go's `time.Duration.String()` for a duration in nanoseconds: `1h2m3.5s`, `1.5ms`, `0s`. */
export function formatGoDurationNs(d: bigint): string {
  const neg = d < 0n;
  let u = neg ? -d : d;
  let out: string;
  if (u < 1_000_000_000n) {
    // Smaller than a second: use ns, µs or ms with a fraction.
    let unit: string;
    let prec: number;
    if (u === 0n) return '0s';
    if (u < 1000n) {
      unit = 'ns';
      prec = 0;
    } else if (u < 1_000_000n) {
      unit = 'µs';
      prec = 3;
    } else {
      unit = 'ms';
      prec = 6;
    }
    const [frac, whole] = fmtFrac(u, prec);
    out = whole.toString() + frac + unit;
  } else {
    const [frac, secs] = fmtFrac(u, 9);
    u = secs;
    out = (u % 60n).toString() + frac + 's';
    u /= 60n;
    if (u > 0n) {
      out = (u % 60n).toString() + 'm' + out;
      u /= 60n;
      // Stop at hours "because days can be different lengths".
      if (u > 0n) out = u.toString() + 'h' + out;
    }
  }
  return neg ? '-' + out : out;
}

/** `time.Duration.String()` of a millisecond duration: `90000` → `1m30s`, `500` → `500ms`. */
export function formatGoDuration(ms: number): string {
  return formatGoDurationNs(BigInt(Math.round(ms * 1e6)));
}

/** Go's error for an unparsable duration. */
export class DurationParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DurationParseError';
  }
}

const unitMap: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  µs: 1000n, // U+00B5 micro sign
  μs: 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/**
 * The time package's own `quote`: ASCII as is (with `"` and `\` escaped), everything else as
 * `\x` escapes of its UTF-8 bytes.
 */
function timeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x80 || c < 0x20) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}

/** `time.ParseDuration` → nanoseconds. Throws DurationParseError with Go's message. */
export function parseGoDurationNs(orig: string): bigint {
  const invalid = (): DurationParseError =>
    new DurationParseError(`time: invalid duration ${timeQuote(orig)}`);
  let s = orig;
  let d = 0n;
  let neg = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  // "Special case: if all that is left is "0", this is zero."
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  const LIMIT = 1n << 63n;
  while (s !== '') {
    if (!(s[0] === '.' || (s[0]! >= '0' && s[0]! <= '9'))) throw invalid();
    // Leading integer.
    let v = 0n;
    let i = 0;
    for (; i < s.length && s[i]! >= '0' && s[i]! <= '9'; i++) {
      if (v > LIMIT / 10n) throw invalid();
      v = v * 10n + BigInt(s.charCodeAt(i) - 48);
      if (v > LIMIT) throw invalid();
    }
    const pre = i !== 0;
    s = s.slice(i);
    // Fraction: digits after '.', accumulating precision until it would overflow.
    let f = 0n;
    let scale = 1;
    let post = false;
    if (s !== '' && s[0] === '.') {
      s = s.slice(1);
      let j = 0;
      let overflow = false;
      for (; j < s.length && s[j]! >= '0' && s[j]! <= '9'; j++) {
        if (overflow) continue;
        if (f > (LIMIT - 1n) / 10n) {
          overflow = true;
          continue;
        }
        const y = f * 10n + BigInt(s.charCodeAt(j) - 48);
        if (y > LIMIT) {
          overflow = true;
          continue;
        }
        f = y;
        scale *= 10;
      }
      post = j !== 0;
      s = s.slice(j);
    }
    if (!pre && !post) throw invalid(); // e.g. ".s" or "-.s"
    // Unit: everything up to the next digit or '.'.
    let k = 0;
    while (k < s.length && !(s[k] === '.' || (s[k]! >= '0' && s[k]! <= '9'))) k++;
    if (k === 0) throw new DurationParseError(`time: missing unit in duration ${timeQuote(orig)}`);
    const u = s.slice(0, k);
    s = s.slice(k);
    const unit = Object.prototype.hasOwnProperty.call(unitMap, u) ? unitMap[u] : undefined;
    if (unit === undefined) {
      throw new DurationParseError(`time: unknown unit ${timeQuote(u)} in duration ${timeQuote(orig)}`);
    }
    if (v > LIMIT / unit) throw invalid();
    v *= unit;
    if (f > 0n) {
      // float64 keeps nanosecond accuracy for fractions of up to an hour, as upstream notes.
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > LIMIT) throw invalid();
    }
    d += v;
    if (d > LIMIT) throw invalid();
  }
  if (neg) return -d;
  if (d > MAX_DURATION) throw invalid();
  return d;
}

/** `time.ParseDuration` → milliseconds (may be fractional: `1.5ms`, `1ns`). */
export function parseGoDuration(s: string): number {
  const ns = parseGoDurationNs(s);
  return Number(ns / NS_PER_MS) + Number(ns % NS_PER_MS) / 1e6;
}
