/**
 * How Go sees the JSON values that JSONPath walks, and how Go prints them.
 *
 * kubectl runs JSONPath over `map[string]interface{}` built by the unstructured JSON decoder:
 * integral numbers become int64, others float64; `null` is a nil interface. Go's printing then
 * differs from JavaScript's in ways users see: `%v` prints float64(1e6) as `1e+06`, maps as
 * `map[a:b]`; `%#v` prints `map[string]interface {}{"a":"b"}`; encoding/json escapes `<` as
 * `\u003c` and sorts map keys. The helpers below reproduce those.
 *
 * A JavaScript number from the data is an int64 when it is an integer in int64 range, else a
 * float64 (`float64Numbers` treats all data numbers as float64, as kubectl does for typed
 * objects it converts through encoding/json, e.g. `create --dry-run=client -o jsonpath`).
 * Literals in a template are Go `int` / `float64`, and `.*` over a string yields its bytes
 * (`uint8`); those are wrapped in GoNumber so that comparisons see Go's kinds.
 */
import { goCompareStrings, goQuote } from '../golang';

/** A number whose Go type is fixed by where it came from, not by its value. */
export class GoNumber {
  constructor(
    readonly value: number,
    readonly goType: 'int' | 'float64' | 'uint8',
  ) {}
}

/**
 * Go's zero `reflect.Value`: what client-go walks when a `{range}` matched nothing (it executes
 * the loop body once against `nil` to find its `{end}`). Distinct from JSON null (a nil interface).
 */
export const INVALID: unique symbol = Symbol('invalid reflect.Value');

/** A value as JSONPath sees it: decoded JSON, a template literal, or the zero Value. */
export type GoValue = unknown;

export interface ValueOptions {
  /** Treat every data number as float64 (objects that went through encoding/json, not unstructured). */
  readonly float64Numbers?: boolean;
}

const INT64_LIMIT = 2 ** 63;

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof GoNumber);

/** Map keys in Go's order (byte order; what fmt and encoding/json print). Undefined values are absent. */
export const mapKeys = (m: Record<string, unknown>): string[] =>
  Object.keys(m)
    .filter((k) => m[k] !== undefined)
    .sort(goCompareStrings);

/** The Go kind of a data number: int64 for integers the unstructured decoder keeps as int64. */
export function numberType(n: number, opts: ValueOptions = {}): 'int64' | 'float64' {
  if (opts.float64Numbers) return 'float64';
  return Number.isInteger(n) && n >= -INT64_LIMIT && n < INT64_LIMIT ? 'int64' : 'float64';
}

/** The Go type name, as in `map[string]interface {} is not array or slice`. */
export function goTypeName(v: GoValue, opts: ValueOptions = {}): string {
  if (v instanceof GoNumber) return v.goType;
  if (typeof v === 'number') return numberType(v, opts);
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  if (isMap(v)) return 'map[string]interface {}';
  return 'interface {}';
}

/**
 * Go's `%v` of a float64 (`strconv.FormatFloat(f, 'g', -1, 64)`): the shortest digits that
 * round-trip, in exponent form when the exponent is below -4 or at least 6 (`1e+06`, `1e-05`,
 * `1.2345675e+06`), else plain (`123456.5`).
 */
export function goFormatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (f === Infinity) return '+Inf';
  if (f === -Infinity) return '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mantissa = '', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Between 1e-4 and 1e6 JavaScript prints the same shortest digits without an exponent.
  return String(f);
}

/** `%v` of a number from the data or a template. */
export function goFormatNumber(v: number | GoNumber, opts: ValueOptions = {}): string {
  if (v instanceof GoNumber) return v.goType === 'float64' ? goFormatFloat(v.value) : String(v.value);
  return numberType(v, opts) === 'int64' ? intString(v) : goFormatFloat(v);
}

/** Decimal digits of an integral double (String() would switch to exponent form at 1e21). */
const intString = (n: number): string => (Object.is(n, -0) ? '0' : BigInt(n).toString());

/**
 * `fmt.Sprint(v)` (`%v`): strings raw, maps as `map[k:v k2:v2]` with sorted keys, slices as
 * `[a b]`, nil as `<nil>`. custom-columns and `kubectl wait --for=jsonpath` print values this way.
 */
export function goSprint(v: GoValue, opts: ValueOptions = {}): string {
  if (v === INVALID) return '<invalid reflect.Value>';
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || v instanceof GoNumber) return goFormatNumber(v, opts);
  if (Array.isArray(v)) return `[${v.map((x) => goSprint(x, opts)).join(' ')}]`;
  if (isMap(v))
    return `map[${mapKeys(v)
      .map((k) => `${k}:${goSprint(v[k], opts)}`)
      .join(' ')}]`;
  return String(v);
}

/**
 * `fmt.Sprintf("%#v", v)` for decoded JSON: `map[string]interface {}{"a":1, "b":[]interface {}{"x"}}`,
 * nil as `interface {}(nil)` inside containers (`<nil>` at the top). kubectl prints the object this
 * way when a JSONPath template fails.
 */
export function goSharpV(v: GoValue, opts: ValueOptions = {}): string {
  if (v === null || v === undefined) return '<nil>';
  return sharpV(v, opts);
}

function sharpV(v: GoValue, opts: ValueOptions): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (v === INVALID) return '<invalid reflect.Value>';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof GoNumber && v.goType === 'uint8') return '0x' + v.value.toString(16);
  if (typeof v === 'number' || v instanceof GoNumber) return goFormatNumber(v, opts);
  if (Array.isArray(v)) return `[]interface {}{${v.map((x) => sharpV(x, opts)).join(', ')}}`;
  if (isMap(v)) {
    const entries = mapKeys(v).map((k) => `${goQuote(k)}:${sharpV(v[k], opts)}`);
    return `map[string]interface {}{${entries.join(', ')}}`;
  }
  return String(v);
}

const HEX = '0123456789abcdef';

/** encoding/json's string encoding, with its default HTML escaping (`<` → `\u003c`). */
export function goJsonString(s: string): string {
  let out = '"';
  for (const c of s) {
    const r = c.codePointAt(0) ?? 0;
    switch (c) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
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
      case '<':
      case '>':
      case '&':
        out += '\\u00' + HEX[r >> 4] + HEX[r & 0xf];
        continue;
      case '\u2028':
        out += '\\u2028';
        continue;
      case '\u2029':
        out += '\\u2029';
        continue;
    }
    if (r < 0x20) out += '\\u00' + HEX[r >> 4] + HEX[r & 0xf];
    else if (r >= 0xd800 && r <= 0xdfff)
      out += '\\ufffd'; // a lone surrogate is not UTF-8
    else out += c;
  }
  return out + '"';
}

/** encoding/json's number: int64 as digits, float64 shortest, `e` form below 1e-6 or from 1e21. */
function goJsonNumber(v: number | GoNumber, opts: ValueOptions): string {
  const n = v instanceof GoNumber ? v.value : v;
  const isFloat = v instanceof GoNumber ? v.goType === 'float64' : numberType(n, opts) === 'float64';
  if (!isFloat) return intString(n);
  if (!Number.isFinite(n)) throw new Error(`json: unsupported value: ${goFormatFloat(n)}`);
  // JavaScript switches to exponent form at the same bounds and prints the same digits.
  return Object.is(n, -0) ? '-0' : String(n);
}

/**
 * `json.Marshal(v)` (indent undefined) or `json.MarshalIndent(v, "", indent)`: map keys sorted,
 * HTML-escaped strings. JSONPath prints maps and slices this way (`{"a":"b"}`, `["x","y"]`).
 */
export function goJsonMarshal(v: GoValue, indent?: string, opts: ValueOptions = {}): string {
  return marshal(v, indent, '', opts);
}

function marshal(v: GoValue, indent: string | undefined, prefix: string, opts: ValueOptions): string {
  if (v === null || v === undefined || v === INVALID) return 'null';
  if (typeof v === 'string') return goJsonString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number' || v instanceof GoNumber) return goJsonNumber(v, opts);
  const inner = indent === undefined ? '' : prefix + indent;
  const open = indent === undefined ? '' : '\n' + inner;
  const sep = indent === undefined ? ',' : ',\n' + inner;
  const close = indent === undefined ? '' : '\n' + prefix;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + open + v.map((x) => marshal(x, indent, inner, opts)).join(sep) + close + ']';
  }
  if (isMap(v)) {
    const keys = mapKeys(v);
    if (keys.length === 0) return '{}';
    const colon = indent === undefined ? ':' : ': ';
    const body = keys.map((k) => goJsonString(k) + colon + marshal(v[k], indent, inner, opts));
    return '{' + open + body.join(sep) + close + '}';
  }
  return 'null';
}
