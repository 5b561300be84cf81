/**
 * How Go prints the JSON values that the patch code works on. The apiserver and kubectl put these
 * renderings into error messages (`map: map[name:foo] does not contain declared merge key: uid`),
 * and the patch algorithms compare list items by their `%v` string, so the simulator must produce
 * the same text as `fmt.Sprintf("%v", x)` on a `map[string]interface{}` decoded from JSON.
 *
 * Numbers: apimachinery decodes JSON with `util/json`, which keeps integers as int64, so integers
 * print as plain digits; other numbers are float64 and print with `%v` (strconv 'g', shortest).
 */

export type JsonMap = Record<string, unknown>;

export const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Go dynamic type a decoded JSON value has: what `reflect.TypeOf` would compare. */
export type GoType = 'map' | 'slice' | 'string' | 'int64' | 'float64' | 'bool' | 'nil';

export function goType(v: unknown): GoType {
  if (v === null || v === undefined) return 'nil';
  if (Array.isArray(v)) return 'slice';
  switch (typeof v) {
    case 'object':
      return 'map';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int64' : 'float64';
    default:
      return 'nil';
  }
}

/** `reflect.TypeOf(v).String()` for decoded JSON, as `ErrBadArgType` prints it. */
export function goTypeName(v: unknown): string {
  switch (goType(v)) {
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    case 'nil':
      return '%!s(<nil>)';
    default:
      return goType(v);
  }
}

/** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 or from 1e6. */
function formatFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(f)));
  // With the shortest precision, %g switches to %e when the exponent is < -4 or >= 6.
  if (exp < -4 || exp >= 6) {
    const [mant, e] = f.toExponential().split('e') as [string, string];
    const n = Number(e);
    const digits = String(Math.abs(n)).padStart(2, '0');
    return `${mant}e${n < 0 ? '-' : '+'}${digits}`;
  }
  return String(f);
}

/** `fmt.Sprintf("%v", v)` for a decoded JSON value. */
export function goV(v: unknown): string {
  switch (goType(v)) {
    case 'nil':
      return '<nil>';
    case 'string':
      return v as string;
    case 'bool':
      return String(v);
    case 'int64':
      return String(v);
    case 'float64':
      return formatFloat(v as number);
    case 'slice':
      return `[${(v as unknown[]).map(goV).join(' ')}]`;
    case 'map': {
      const m = v as JsonMap;
      // fmt prints maps with their keys sorted.
      const keys = Object.keys(m).sort(goStringLess);
      return `map[${keys.map((k) => `${k}:${goV(m[k])}`).join(' ')}]`;
    }
  }
}

/** `fmt.Sprintf("%s", v)` for an interface value: strings bare, anything else `%!s(T=v)`. */
export function goS(v: unknown): string {
  const t = goType(v);
  if (t === 'string') return v as string;
  if (t === 'nil') return '%!s(<nil>)';
  if (t === 'map' || t === 'slice') return goV(v);
  return `%!s(${t}=${goV(v)})`;
}

/** Go compares strings bytewise (UTF-8); JS compares UTF-16 code units. Equal for the BMP. */
export function goStringLess(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `reflect.DeepEqual` on decoded JSON values (an int64 and a float64 are never equal). */
export function deepEqual(a: unknown, b: unknown): boolean {
  const ta = goType(a);
  if (ta !== goType(b)) return false;
  if (ta === 'slice') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => deepEqual(v, y[i]));
  }
  if (ta === 'map') {
    const x = a as JsonMap;
    const y = b as JsonMap;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && deepEqual(x[k], y[k]));
  }
  if (ta === 'nil') return true;
  return a === b;
}

/** A deep copy of a decoded JSON value (the Go code mutates its inputs; we never do). */
export function deepCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => deepCopy(x)) as T;
  if (isMap(v)) {
    const out: JsonMap = {};
    for (const k of Object.keys(v)) out[k] = deepCopy(v[k]);
    return out as T;
  }
  return v;
}

export const hasKey = (m: JsonMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);
