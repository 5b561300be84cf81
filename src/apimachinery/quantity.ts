/**
 * resource.Quantity, ported from k8s.io/apimachinery v0.32 `pkg/api/resource` (quantity.go,
 * amount.go, math.go, suffix.go, scale_int.go).
 *
 * A Quantity is a fixed-point decimal: `100m` CPU, `1Gi` memory, `1e3`. Kubernetes never stores a
 * float for it, and neither does this port: values are BigInt mantissas with a power-of-ten
 * scale. Upstream keeps two representations, a fast `int64Amount` (an int64 mantissa and a base-10
 * scale) and a slow arbitrary-precision `inf.Dec`. Which one a value lives in is invisible to
 * `String()`, but it does change what `Value()` / `MilliValue()` return when the int64 result
 * overflows or the value is a negative fraction, so the port keeps both and follows the same
 * rules for choosing between them (reference §1.3 lists such cases, e.g. `1Ei` → MilliValue
 * -9223372036854775808).
 *
 * Quantities here are immutable: `add` and `sub` return a new Quantity where Go mutates in place.
 */
import { wrapInt64 } from './golang';

export type Format = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export const DecimalExponent: Format = 'DecimalExponent';
export const BinarySI: Format = 'BinarySI';
export const DecimalSI: Format = 'DecimalSI';

/** The regular expression upstream quotes in its parse error (it is only used in the message). */
export const splitREString = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

/** The three parse errors of quantity.go, with their exact texts. */
export const ErrFormatWrong = `quantities must match the regular expression '${splitREString}'`;
export const ErrNumeric = 'unable to parse numeric part of quantity';
export const ErrSuffix = "unable to parse quantity's suffix";

export class QuantityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QuantityError';
  }
}

/** Power-of-ten scales (amount.go `Scale`): 1 = 10^0, Milli = 10^-3, … */
export const Nano = -9;
export const Micro = -6;
export const Milli = -3;
export const Kilo = 3;
export const Mega = 6;
export const Giga = 9;
export const Tera = 12;
export const Peta = 15;
export const Exa = 18;

const MOST_NEGATIVE = -(1n << 63n);
const MOST_POSITIVE = (1n << 63n) - 1n;
const pow10 = (n: number): bigint => 10n ** BigInt(n);
const fitsInt64 = (x: bigint): boolean => x >= MOST_NEGATIVE && x <= MOST_POSITIVE;
/** Go's `/` and `%` on integers truncate toward zero, as BigInt's do. */
const sign = (x: bigint): number => (x === 0n ? 0 : x > 0n ? 1 : -1);

// ---------------------------------------------------------------------------------------------
// int64Amount: value * 10^scale with an int64 value (amount.go, math.go)
// ---------------------------------------------------------------------------------------------

interface Int64Amount {
  value: bigint;
  /** Base-10 exponent: 1.5 is {value: 15, scale: -1}. */
  scale: number;
}

/**
 * `int64MultiplyScale(a, b)` and its 10/100/1000 variants: a*b and whether it fitted. On overflow
 * the wrapped product is returned (except for the most negative int64), which Value() exposes.
 */
function int64MultiplyScale(a: bigint, b: bigint): [bigint, boolean] {
  if (a === 0n || a === 1n) return [a * b, true];
  if (a === MOST_NEGATIVE && b !== 1n) return [0n, false];
  const c = wrapInt64(a * b);
  return [c, c / b === a];
}

/** `positiveScaleInt64`: base * 10^scale; the generic loop returns 0 on overflow. */
function positiveScaleInt64(base: bigint, scale: number): [bigint, boolean] {
  switch (scale) {
    case 0:
      return [base, true];
    case 1:
    case 2:
    case 3:
    case 6:
    case 9:
      return int64MultiplyScale(base, pow10(scale));
    default: {
      // Zero stays zero at any scale; skipping the loop avoids scale-many iterations for `0e999999`.
      if (base === 0n) return [0n, true];
      let value = base;
      for (let i = 0; i < scale; i++) {
        const [v, ok] = int64MultiplyScale(value, 10n);
        if (!ok) return [0n, false];
        value = v;
      }
      return [value, true];
    }
  }
}

/**
 * `negativeScaleInt64`: base / 10^scale, rounding away from zero, and whether it was exact. It
 * stops as soon as the value reaches zero, so huge scales cost nothing.
 */
function negativeScaleInt64(base: bigint, scale: number): [bigint, boolean] {
  if (scale === 0) return [base, true];
  let value = base;
  let fraction = false;
  for (let i = 0; i < scale; i++) {
    if (!fraction && value % 10n !== 0n) fraction = true;
    value = value / 10n;
    if (value === 0n) {
      if (fraction) return [base > 0n ? 1n : -1n, false];
      return [0n, true];
    }
  }
  if (fraction) value = base > 0n ? value + 1n : value - 1n;
  return [value, !fraction];
}

/** `int64Amount.AsScaledInt64` (v0.32): the value at `scale`, rounded up; overflow wraps or gives 0. */
function int64AsScaledInt64(a: Int64Amount, scale: number): [bigint, boolean] {
  if (a.scale < scale) {
    const [result] = negativeScaleInt64(a.value, scale - a.scale);
    return [result, true];
  }
  return positiveScaleInt64(a.value, a.scale - scale);
}

/** `int64Add`: a+b if it fits in int64. */
function int64Add(a: bigint, b: bigint): bigint | undefined {
  const c = a + b;
  return fitsInt64(c) ? c : undefined;
}

/** `int64Amount.Add`: exact sum if every intermediate step fits in int64, else undefined. */
function int64AmountAdd(a: Int64Amount, b: Int64Amount): Int64Amount | undefined {
  if (b.value === 0n) return a;
  if (a.value === 0n) return b;
  if (a.scale === b.scale) {
    const c = int64Add(a.value, b.value);
    return c === undefined ? undefined : { value: c, scale: a.scale };
  }
  if (a.scale > b.scale) {
    const [shifted, ok] = positiveScaleInt64(a.value, a.scale - b.scale);
    if (!ok) return undefined;
    const c = int64Add(shifted, b.value);
    return c === undefined ? undefined : { value: c, scale: b.scale };
  }
  const [shifted, ok] = positiveScaleInt64(b.value, b.scale - a.scale);
  if (!ok) return undefined;
  const c = int64Add(a.value, shifted);
  return c === undefined ? undefined : { value: c, scale: a.scale };
}

// ---------------------------------------------------------------------------------------------
// inf.Dec: unscaled * 10^-scale with an arbitrary-precision unscaled value (gopkg.in/inf.v0)
// ---------------------------------------------------------------------------------------------

interface Dec {
  unscaled: bigint;
  /** inf.Dec's scale counts digits after the point: 1.5 is {unscaled: 15, scale: 1}. */
  scale: number;
}

const int64AsDec = (a: Int64Amount): Dec => ({ unscaled: a.value, scale: -a.scale });

/** Both operands at the larger inf scale, so their unscaled values can be compared or added. */
function align(x: Dec, y: Dec): [bigint, bigint, number] {
  const s = Math.max(x.scale, y.scale);
  return [x.unscaled * pow10(s - x.scale), y.unscaled * pow10(s - y.scale), s];
}

const digitCount = (x: bigint): number => (x < 0n ? -x : x).toString().length;

/**
 * `inf.Dec.Cmp`. Magnitudes are compared first so that `1e999999999` against `1` does not build
 * a billion-digit number to align the scales (the result is the same; newer upstream releases
 * added the same shortcut for the same reason).
 */
function decCmp(x: Dec, y: Dec): number {
  const sx = sign(x.unscaled);
  const sy = sign(y.unscaled);
  if (sx !== sy) return sx > sy ? 1 : -1;
  if (sx === 0) return 0;
  // |v| lies in [10^(m-1), 10^m) with m = digits - scale.
  const mx = digitCount(x.unscaled) - x.scale;
  const my = digitCount(y.unscaled) - y.scale;
  if (mx !== my) return mx > my ? sx : -sx;
  const [a, b] = align(x, y);
  return a === b ? 0 : a < b ? -1 : 1;
}

/** `inf.Dec.Round(x, s, inf.RoundUp)`: to exactly `s` digits after the point, away from zero. */
function decRoundUp(x: Dec, s: number): Dec {
  if (x.scale <= s) return { unscaled: x.unscaled * pow10(s - x.scale), scale: s };
  // Dropping more digits than there are leaves only the rounding unit (avoids building 10^huge).
  if (x.scale - s > digitCount(x.unscaled)) return { unscaled: BigInt(sign(x.unscaled)), scale: s };
  const d = pow10(x.scale - s);
  let q = x.unscaled / d;
  if (x.unscaled % d !== 0n) q += BigInt(sign(x.unscaled));
  return { unscaled: q, scale: s };
}

/**
 * `inf.Dec.SetString`: an optional sign, digits, at most one '.', nothing else, and at least one
 * digit. Returns undefined where inf would fail (ParseQuantity then reports ErrNumeric).
 */
function decFromString(s: string): Dec | undefined {
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(s);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return undefined;
  const unscaled = BigInt(intPart + frac || '0');
  return { unscaled: m[1] === '-' ? -unscaled : unscaled, scale: frac.length };
}

const MAX_ALLOWED: Dec = { unscaled: MOST_POSITIVE, scale: 0 };

/**
 * `scaledValue` (scale_int.go): ceil(unscaled * 10^-scale / 10^-newScale) as an int64, with Go's
 * silent overflow. The fast path uses int64 division, which for negative values adds one to a
 * truncated quotient (so -1.5 → 0 there); the port keeps that.
 */
function scaledValue(unscaled: bigint, scale: number, newScale: number): bigint {
  const dif = scale - newScale;
  if (dif === 0) return wrapInt64(unscaled);
  if (dif < 0) {
    // math.Pow10 above 10^18 does not fit int64; amd64 converts it to the most negative int64.
    const factor = -dif <= 18 ? pow10(-dif) : MOST_NEGATIVE;
    return wrapInt64(wrapInt64(unscaled) * factor);
  }
  if (unscaled < MOST_POSITIVE && dif < 19) {
    const divide = pow10(dif);
    const u = wrapInt64(unscaled);
    const result = u / divide;
    return u % divide !== 0n ? wrapInt64(result + 1n) : result;
  }
  // big.Int DivMod is Euclidean: the remainder is never negative.
  const divisor = pow10(dif);
  let result = unscaled / divisor;
  let remainder = unscaled % divisor;
  if (remainder < 0n) {
    result -= 1n;
    remainder += divisor;
  }
  return remainder !== 0n ? wrapInt64(wrapInt64(result) + 1n) : wrapInt64(result);
}

// ---------------------------------------------------------------------------------------------
// Suffixes (suffix.go)
// ---------------------------------------------------------------------------------------------

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByExponent = new Map(Object.entries(binarySuffixes).map(([s, e]) => [e, s]));

/** `suffixHandler.interpret`: base, exponent and format of a suffix, or undefined (ErrSuffix). */
function interpretSuffix(suffix: string): { base: 2 | 10; exponent: number; format: Format } | undefined {
  if (Object.hasOwn(decimalSuffixes, suffix))
    return { base: 10, exponent: decimalSuffixes[suffix] ?? 0, format: DecimalSI };
  if (Object.hasOwn(binarySuffixes, suffix))
    return { base: 2, exponent: binarySuffixes[suffix] ?? 0, format: BinarySI };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(suffix[1:], 10, 64), then int32() truncation, as upstream does.
    const m = /^[+-]?[0-9]+$/.exec(suffix.slice(1));
    if (!m) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (!fitsInt64(parsed)) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: DecimalExponent };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Parsing (quantity.go parseQuantityString + ParseQuantity)
// ---------------------------------------------------------------------------------------------

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const SUFFIX_CHARS = 'eEinumkKMGTP';

interface ScannedQuantity {
  positive: boolean;
  /** The numeric part with its sign, as written (`-1.5`), or `0` when it was all zeros. */
  value: string;
  /** Integer digits without leading zeros (`0` if none). */
  num: string;
  /** Digits after the point. */
  denom: string;
  suffix: string;
}

/** `parseQuantityString`: the hand-written scanner that splits sign, digits and suffix. */
function parseQuantityString(str: string): ScannedQuantity {
  let positive = true;
  let pos = 0;
  const end = str.length;
  const result = (value: string, num: string, denom: string, suffix: string): ScannedQuantity => ({
    positive,
    value,
    num,
    denom,
    suffix,
  });

  if (pos < end) {
    if (str[0] === '-') {
      positive = false;
      pos++;
    } else if (str[0] === '+') pos++;
  }

  // Strip leading zeros; a string of only zeros (after the sign) is zero.
  for (let i = pos; ; i++) {
    if (i >= end) return result('0', '0', '', '');
    if (str[i] === '0') pos++;
    else break;
  }

  // The integer digits.
  let num = '';
  for (let i = pos; ; i++) {
    if (i >= end) return result(str.slice(0, end), str.slice(pos, end), '', '');
    if (!isDigit(str[i])) {
      num = str.slice(pos, i);
      pos = i;
      break;
    }
  }
  if (num.length === 0) num = '0';

  // The fraction. Upstream allows `1.` and `1.G` (a TODO in the source says it may stop one day).
  let denom = '';
  if (pos < end && str[pos] === '.') {
    pos++;
    for (let i = pos; ; i++) {
      if (i >= end) return result(str.slice(0, end), num, str.slice(pos, end), '');
      if (!isDigit(str[i])) {
        denom = str.slice(pos, i);
        pos = i;
        break;
      }
    }
  }
  const value = str.slice(0, pos);

  // The suffix: letters from the suffix alphabet, then an optional sign and digits (for `e-3`).
  const suffixStart = pos;
  for (let i = pos; ; i++) {
    if (i >= end) return result(value, num, denom, str.slice(suffixStart, end));
    if (!SUFFIX_CHARS.includes(str[i] ?? '')) {
      pos = i;
      break;
    }
  }
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  for (let i = pos; ; i++) {
    if (i >= end) return result(value, num, denom, str.slice(suffixStart, end));
    if (!isDigit(str[i])) break;
  }
  // Something other than a digit followed the suffix.
  throw new QuantityError(ErrFormatWrong);
}

/** maxInt64Factors: an int64 holds any 18-digit decimal. */
const maxInt64Factors = 18;

/**
 * `ParseQuantity`: parse `str` or throw a QuantityError with upstream's message. No whitespace is
 * trimmed here (the JSON decoder trims before calling it).
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ErrFormatWrong);
  if (str === '0') return new Quantity({ value: 0n, scale: 0 }, undefined, DecimalSI, str);

  const { positive, value, num, denom, suffix } = parseQuantityString(str);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityError(ErrSuffix);
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // Fast path: the whole number fits an int64 mantissa with a power-of-ten scale.
  let precision = 0;
  let scale = 0;
  let mantissa = 1n;
  if (format === DecimalExponent || format === DecimalSI) {
    scale = exponent;
    precision = maxInt64Factors - (num.length + denom.length);
  } else if (exponent >= 0 && denom.length === 0) {
    // Binary: only whole numbers take the fast path. 1Mi (2^20) has ~6 decimal digits, so
    // exponent*3/10 - 1 estimates the digits the suffix uses up (float32 math, truncated).
    mantissa = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else {
    precision = -1;
  }

  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= Nano) {
      const shifted = num + denom;
      const digits = BigInt(shifted);
      const [product, ok] =
        digits === 0n || mantissa === 1n || digits === 1n
          ? [digits * mantissa, true]
          : int64MultiplyScale(digits, mantissa);
      if (ok && fitsInt64(product)) {
        const result = positive ? product : -product;
        const amount = { value: result, scale };
        // Keep the caller's text as String() when it already looks canonical (reference §1.1,
        // "caching quirk"): this is why `100.035k`, `1.` and `+1` round-trip verbatim.
        if (format === BinarySI) {
          if (exponent % 10 === 0 && (digits & 7n) !== 0n)
            return new Quantity(amount, undefined, format, str);
        } else if (scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0') {
          return new Quantity(amount, undefined, format, str);
        }
        return new Quantity(amount, undefined, format);
      }
    }
  }

  // Slow path: arbitrary precision.
  let amount = decFromString(value);
  if (!amount) throw new QuantityError(ErrNumeric);
  if (base === 10) {
    amount = { unscaled: amount.unscaled, scale: amount.scale - exponent };
  } else {
    amount = { unscaled: amount.unscaled * (1n << BigInt(exponent)), scale: amount.scale };
  }

  const negative = amount.unscaled < 0n;
  if (negative) amount = { unscaled: -amount.unscaled, scale: amount.scale };

  // Round non-zero values up to the nearest nano: "if you want some resources, you should get some
  // resources, even if you asked for way too small of an amount" (upstream comment).
  if (amount.unscaled !== 0n) amount = decRoundUp(amount, -Nano);

  // BinarySI is capped at 2^63-1 ("9Ei" saturates).
  if (format === BinarySI && decCmp(amount, MAX_ALLOWED) > 0) amount = { ...MAX_ALLOWED };
  // A binary quantity below 1 would round when printed, so it becomes DecimalSI.
  if (format === BinarySI && amount.unscaled > 0n && decCmp(amount, { unscaled: 1n, scale: 0 }) < 0) {
    format = DecimalSI;
  }
  if (negative) amount = { unscaled: -amount.unscaled, scale: amount.scale };

  return new Quantity(undefined, amount, format);
}

/** ParseQuantity that returns undefined instead of throwing (for optional fields and filters). */
export function parseQuantityOrUndefined(str: string | undefined | null): Quantity | undefined {
  if (str == null) return undefined;
  try {
    return parseQuantity(str);
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** `MustParse`: for literals in code, where a bad string is a programming error. */
export function mustParseQuantity(str: string): Quantity {
  try {
    return parseQuantity(str);
  } catch (e) {
    throw new Error(`cannot parse '${str}': ${(e as Error).message}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Quantity
// ---------------------------------------------------------------------------------------------

export class Quantity {
  /** @internal Use parseQuantity / newQuantity / newMilliQuantity / newScaledQuantity. */
  constructor(
    private readonly i: Int64Amount | undefined,
    private readonly d: Dec | undefined,
    /** How String() renders the value; decided by the suffix it was parsed from. */
    readonly format: Format,
    /** The cached String() (set by parse when the input was already canonical). */
    private readonly s?: string,
  ) {}

  /** The value as an exact inf.Dec, whichever representation holds it. */
  private asDec(): Dec {
    return this.d ?? int64AsDec(this.i ?? { value: 0n, scale: 0 });
  }

  private get int(): Int64Amount {
    return this.i ?? { value: 0n, scale: 0 };
  }

  isZero(): boolean {
    return this.d ? this.d.unscaled === 0n : this.int.value === 0n;
  }

  /** -1, 0 or 1. */
  sign(): number {
    return sign(this.d ? this.d.unscaled : this.int.value);
  }

  /** -1, 0 or 1 as this is less than, equal to or greater than y. */
  cmp(y: Quantity): number {
    return decCmp(this.asDec(), y.asDec());
  }

  cmpInt64(y: number | bigint): number {
    return decCmp(this.asDec(), { unscaled: BigInt(y), scale: 0 });
  }

  equal(y: Quantity): boolean {
    return this.cmp(y) === 0;
  }

  /** `Add`: this + y. A zero receiver takes y's format. */
  add(y: Quantity): Quantity {
    let format = this.format;
    if (!this.d && !y.d) {
      if (this.int.value === 0n) format = y.format;
      const sum = int64AmountAdd(this.int, y.int);
      if (sum) return new Quantity(sum, undefined, format);
    } else if (this.isZero()) {
      format = y.format;
    }
    const [a, b, scale] = align(this.asDec(), y.asDec());
    return new Quantity(undefined, { unscaled: a + b, scale }, format);
  }

  /** `Sub`: this - y. A zero receiver takes y's format. */
  sub(y: Quantity): Quantity {
    const format = this.isZero() ? y.format : this.format;
    if (!this.d && !y.d) {
      // int64Amount.Sub adds the negation, which wraps for the most negative int64 as in Go.
      const diff = int64AmountAdd(this.int, { value: wrapInt64(-y.int.value), scale: y.int.scale });
      if (diff) return new Quantity(diff, undefined, format);
    }
    const [a, b, scale] = align(this.asDec(), y.asDec());
    return new Quantity(undefined, { unscaled: a - b, scale }, format);
  }

  /** `Neg`: -this. */
  neg(): Quantity {
    if (!this.d)
      return new Quantity(
        { value: wrapInt64(-this.int.value), scale: this.int.scale },
        undefined,
        this.format,
      );
    return new Quantity(undefined, { unscaled: -this.d.unscaled, scale: this.d.scale }, this.format);
  }

  /**
   * `ScaledValue(scale)`: ceil(q / 10^scale) as an int64, overflowing silently like upstream
   * (reference §1.3: `12E`.Value() is 0, `1Ei`.MilliValue() is -9223372036854775808).
   */
  scaledValueBig(scale: number): bigint {
    if (!this.d) return int64AsScaledInt64(this.int, scale)[0];
    return scaledValue(this.d.unscaled, this.d.scale, -scale);
  }

  /** `Value()`: the value rounded up to an integer, as an exact int64. */
  valueBig(): bigint {
    return this.scaledValueBig(0);
  }

  /** `MilliValue()`: ceil(q * 1000), as an exact int64. */
  milliValueBig(): bigint {
    return this.scaledValueBig(Milli);
  }

  /** `Value()` as a number (exact up to 2^53; use valueBig beyond that). */
  value(): number {
    return Number(this.valueBig());
  }

  /** `MilliValue()` as a number (exact up to 2^53; use milliValueBig beyond that). */
  milliValue(): number {
    return Number(this.milliValueBig());
  }

  scaledValue(scale: number): number {
    return Number(this.scaledValueBig(scale));
  }

  /**
   * `AsApproximateFloat64`: mantissa * 10^exponent in float64, as upstream computes it (used by
   * HPA utilisation maths and `kubectl top`-style ratios).
   */
  asApproximateFloat64(): number {
    const [base, exponent] = this.d
      ? [Number(this.d.unscaled), -this.d.scale]
      : [Number(this.int.value), this.int.scale];
    if (exponent === 0) return base;
    return base * goPow10(exponent);
  }

  /** `AsInt64`: the integer value if it is exactly an int64 (scale 0 or positive), else undefined. */
  asInt64(): bigint | undefined {
    if (this.d) return undefined;
    const { value, scale } = this.int;
    if (scale === 0) return value;
    if (scale < 0) return undefined;
    const [v, ok] = positiveScaleInt64(value, scale);
    return ok ? v : undefined;
  }

  /**
   * `String()`: the cached input when it was canonical, otherwise the canonical form (the largest
   * suffix that keeps an integer mantissa; never a decimal point). This is what the API server
   * stores and `kubectl get -o yaml` shows.
   */
  toString(): string {
    return this.s ?? this.canonicalize();
  }

  /** `MarshalJSON`: a Quantity is a JSON string. */
  toJSON(): string {
    return this.toString();
  }

  /** The canonical form ignoring the cached input, i.e. what String() gives after any arithmetic. */
  canonicalString(): string {
    return this.canonicalize();
  }

  /** A copy with another format (Go code assigns `q.Format = …`); the cached text is dropped. */
  withFormat(format: Format): Quantity {
    return new Quantity(this.i, this.d, format);
  }

  /** `CanonicalizeBytes`: number and suffix. */
  private canonicalize(): string {
    if (this.isZero()) return '0';
    let format = this.format;
    let rounded: bigint | undefined;
    if (format === BinarySI) {
      if (this.cmpInt64(-1024) > 0 && this.cmpInt64(1024) < 0) {
        // Small binary values print as decimal: "This avoids rounding and hopefully confusion, too."
        format = DecimalSI;
      } else {
        const { unscaled, scale } = this.asDec();
        const whole = scale <= 0 ? unscaled * pow10(-scale) : undefined;
        if (whole !== undefined) rounded = whole;
        else if (unscaled % pow10(scale) === 0n) rounded = unscaled / pow10(scale);
        // Not an integer: don't lose precision, show it as DecimalSI.
        else format = DecimalSI;
      }
    }

    if (format === DecimalSI || format === DecimalExponent) {
      const [number, exponent] = this.asCanonicalBytes();
      let suffix: string;
      if (format === DecimalExponent) suffix = exponent === 0 ? '' : `e${exponent}`;
      // v0.32 has no suffix above E (10^18) and silently drops the exponent (`1000E` → `1`);
      // newer releases fall back to `e21`. The port matches v0.32.
      else suffix = decimalSuffixByExponent.get(exponent) ?? '';
      return number + suffix;
    }

    // BinarySI: remove factors of 1024 into the suffix.
    let amount = rounded ?? 0n;
    let times = 0;
    while (amount !== 0n && amount % 1024n === 0n) {
      amount /= 1024n;
      times++;
    }
    return amount.toString() + (binarySuffixByExponent.get(times * 10) ?? '');
  }

  /**
   * `AsCanonicalBytes`: mantissa and base-10 exponent with all factors of ten moved into the
   * exponent, then the exponent lowered to a multiple of three (1.1e5 → "110", 3).
   */
  private asCanonicalBytes(): [string, number] {
    let [amount, exponent] = this.d ? [this.d.unscaled, -this.d.scale] : [this.int.value, this.int.scale];
    while (amount !== 0n && amount % 10n === 0n) {
      amount /= 10n;
      exponent++;
    }
    while (exponent % 3 !== 0) {
      amount *= 10n;
      exponent--;
    }
    return [amount.toString(), exponent];
  }
}

/** Go's math.Pow10: a table lookup of correctly rounded powers (1/10^n for negative n). */
function goPow10(n: number): number {
  const lit = (k: number): number => Number(`1e${k}`);
  if (n >= 0) {
    if (n > 308) return Infinity;
    return n < 32 ? lit(n) : lit(32 * Math.floor(n / 32)) * lit(n % 32);
  }
  if (n < -323) return 0;
  const m = -n;
  return (m < 32 ? 1 : lit(-32 * Math.floor(m / 32))) / lit(m % 32);
}

/** `NewQuantity(value, format)`: an integer quantity. */
export function newQuantity(value: number | bigint, format: Format): Quantity {
  return new Quantity({ value: BigInt(value), scale: 0 }, undefined, format);
}

/** `NewMilliQuantity(value, format)`: value/1000, e.g. newMilliQuantity(250, DecimalSI) is `250m`. */
export function newMilliQuantity(value: number | bigint, format: Format): Quantity {
  return new Quantity({ value: BigInt(value), scale: Milli }, undefined, format);
}

/** `NewScaledQuantity(value, scale)`: value * 10^scale, DecimalSI. */
export function newScaledQuantity(value: number | bigint, scale: number): Quantity {
  return new Quantity({ value: BigInt(value), scale }, undefined, DecimalSI);
}
