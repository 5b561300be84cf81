/**
 * Small ports of Go standard-library behaviour that Kubernetes messages depend on.
 *
 * Kubernetes is written in Go, so its error texts carry Go's formatting: `%q` quotes strings with
 * `strconv.Quote`, `sort.Strings` orders by UTF-8 bytes, `len(s)` counts bytes, and
 * `strconv.Atoi` has its own error wording. JavaScript differs on each of these in edge cases
 * (JSON.stringify escapes differently, `.length` counts UTF-16 units, `.sort()` orders by UTF-16
 * units), so the simulator routes them through the helpers below.
 */

/** Runes Go's `unicode.IsPrint` accepts: letters, marks, numbers, punctuation, symbols and ' '. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/**
 * `strconv.Quote(s)`: what Go's `%q` prints. Printable runes stay as they are, `"` and `\` are
 * backslashed, the C escapes (\a \b \f \n \r \t \v) are used where they exist, other ASCII
 * control bytes become `\xNN`, other non-printable runes `\uNNNN` / `\UNNNNNNNN`.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') {
      out += '\\' + ch;
      continue;
    }
    // A lone UTF-16 surrogate cannot come from UTF-8 input; Go would see U+FFFD there.
    if (r >= 0xd800 && r <= 0xdfff) {
      out += '\\ufffd';
      continue;
    }
    if (PRINTABLE.test(ch)) {
      out += ch;
      continue;
    }
    switch (ch) {
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (r < 0x20 || r === 0x7f) out += '\\x' + hex(r, 2);
    else if (r < 0x10000) out += '\\u' + hex(r, 4);
    else out += '\\U' + hex(r, 8);
  }
  return out + '"';
}

/** `len(s)` in Go: the number of UTF-8 bytes, which is what Kubernetes length limits count. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const r = ch.codePointAt(0) ?? 0;
    n += r < 0x80 ? 1 : r < 0x800 ? 2 : r < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Go's string ordering (`a < b`, `sort.Strings`): byte-wise on UTF-8, which is the same as
 * comparing code points. JavaScript's default compares UTF-16 units, which disagrees for
 * characters above U+FFFF versus U+E000–U+FFFF.
 */
export function goCompareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/** `sort.Strings` on a copy. */
export const goSortStrings = (xs: readonly string[]): string[] => [...xs].sort(goCompareStrings);

/** A `*strconv.NumError`; its message is the Go one, e.g. `strconv.Atoi: parsing "x": invalid syntax`. */
export class NumError extends Error {
  constructor(
    readonly func: string,
    readonly num: string,
    readonly reason: 'invalid syntax' | 'value out of range',
  ) {
    super(`strconv.${func}: parsing ${goQuote(num)}: ${reason}`);
    this.name = 'NumError';
  }
}

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_CUTOFF = 1n << 63n;

/** `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits only, int64 range. Throws NumError. */
export function parseInt64(s: string, func = 'ParseInt'): bigint {
  if (s === '') throw new NumError(func, s, 'invalid syntax');
  let digits = s;
  let neg = false;
  if (s[0] === '+') digits = s.slice(1);
  else if (s[0] === '-') {
    neg = true;
    digits = s.slice(1);
  }
  if (digits === '') throw new NumError(func, s, 'invalid syntax');
  // ParseUint: a non-digit is a syntax error, but an overflow seen first is a range error.
  let un = 0n;
  for (const c of digits) {
    if (c < '0' || c > '9') throw new NumError(func, s, 'invalid syntax');
    un = un * 10n + BigInt(c.charCodeAt(0) - 48);
    if (un > UINT64_MAX) throw new NumError(func, s, 'value out of range');
  }
  if (!neg && un >= INT64_CUTOFF) throw new NumError(func, s, 'value out of range');
  if (neg && un > INT64_CUTOFF) throw new NumError(func, s, 'value out of range');
  return neg ? -un : un;
}

/**
 * `strconv.Atoi(s)` on a 64-bit platform. Returned as a number; values beyond 2^53 lose precision
 * (Kubernetes callers that need int64 use parseInt64).
 */
export function atoi(s: string): number {
  return Number(parseInt64(s, 'Atoi'));
}

/**
 * Go's `%#v` of a `[]string`: `[]string{"a", "b"}`, and `[]string(nil)` for a nil slice. Field
 * errors print bad slice values this way.
 */
export function goStringSliceSyntax(xs: readonly string[] | null | undefined): string {
  if (xs == null) return '[]string(nil)';
  return `[]string{${xs.map(goQuote).join(', ')}}`;
}

/** Two's-complement wrap to int64, as Go's integer arithmetic overflows silently. */
export const wrapInt64 = (x: bigint): bigint => BigInt.asIntN(64, x);
