/**
 * Small helpers the strategies share: Go `%#v` renderings of the values field errors print,
 * quantity and IP checks, and map-key paths (`data[key]`). Kubernetes validation iterates Go maps
 * in random order; here keys are always visited sorted, so the simulator is deterministic.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { goCompareStrings, goQuote } from '../../../apimachinery/golang';
import {
  parseQuantity,
  QuantityError,
  newMilliQuantity,
  type Quantity,
} from '../../../apimachinery/quantity';
import { invalid, goSyntax, type FieldError } from '../../../apimachinery/field';

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Like isObj for typed values: a present (non-null, non-array) object of the declared type. */
export const has = <T>(v: T | null | undefined): v is T =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Go's `for k := range m`, made deterministic. */
export const sortedKeys = (m: Record<string, unknown> | undefined | null): string[] =>
  Object.keys(m ?? {}).sort(goCompareStrings);

/** `fldPath.Key(k)`: `data[my.key]` (no quotes, as field.Path prints keys). */
export const key = (path: string, k: string): string => `${path}[${k}]`;

/** A field error whose bad value is a Go string (`%q`, Go escaping). */
export const invalidStr = (path: string, value: string, detail: string): FieldError =>
  invalid(path, goSyntax(goQuote(value)), detail);

/** Go's `%#v` of a `map[string]string`: keys sorted, `map[string]string(nil)` for nil. */
export function goMap(m: Record<string, string> | undefined | null, type = 'map[string]string'): string {
  if (m == null) return `${type}(nil)`;
  return `${type}{${sortedKeys(m)
    .map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`)
    .join(', ')}}`;
}

/** Go's `%#v` of a `[]string`. */
export function goStrings(xs: readonly string[] | undefined | null, type = '[]string'): string {
  if (xs == null) return `${type}(nil)`;
  return `${type}{${xs.map(goQuote).join(', ')}}`;
}

/** Go's `%#v` of a metav1.LabelSelector (as field errors print selectors, reference §12.4). */
export function goLabelSelector(s: LabelSelector | undefined | null): string {
  if (s == null) return '<nil>';
  const exprs =
    s.matchExpressions == null
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${s.matchExpressions
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStrings(e.values)}}`,
          )
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goMap(s.matchLabels)}, MatchExpressions:${exprs}}`;
}

/** Go's `%#v` of an intstr.IntOrString value. */
export function goIntOrString(v: number | string): string {
  return typeof v === 'number'
    ? `intstr.IntOrString{Type:0, IntVal:${v}, StrVal:""}`
    : `intstr.IntOrString{Type:1, IntVal:0, StrVal:${goQuote(v)}}`;
}

/**
 * A pointer Go prints with `%#v` inside a struct. Go prints the address; the simulator has none,
 * so (like src/apimachinery/validation.ts) it prints the pointed-to value instead.
 */
export const goPtr = (type: string, value: string | undefined): string =>
  value === undefined ? `(*${type})(nil)` : `(*${type})(${value})`;

/** Parses a quantity string, or undefined if it does not parse (strict decoding rejected it). */
export function quantity(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(String(v).trim());
  } catch (e) {
    if (e instanceof QuantityError) return undefined;
    throw e;
  }
}

/** `Quantity.String()` of a wire value (canonical form), or the value itself if it does not parse. */
export function quantityString(v: unknown): string {
  return quantity(v)?.toString() ?? String(v);
}

const NOT_A_QUANTITY = Symbol('not a quantity');
const MAX_REMEMBERED_QUANTITIES = 10_000;
const storedQuantities = new Map<string, string | typeof NOT_A_QUANTITY>();
const storedMilliQuantities = new Map<string, string | typeof NOT_A_QUANTITY>();

/**
 * The stored form of a quantity: canonical, and (for ResourceLists) rounded up to milli units as
 * SetDefaults_ResourceList does (`0.0001` → `1m`).
 */
export function canonicalQuantity(v: unknown, roundToMilli: boolean): unknown {
  if (typeof v !== 'string' && typeof v !== 'number') return v;
  // Parsing is pure and the same few requests repeat in every pod of a workload: remember them.
  const cache = roundToMilli ? storedMilliQuantities : storedQuantities;
  const key = typeof v === 'string' ? `s${v}` : `n${v}`;
  let c = cache.get(key);
  if (c === undefined) {
    c = parseStoredQuantity(v, roundToMilli);
    if (cache.size >= MAX_REMEMBERED_QUANTITIES) cache.clear();
    cache.set(key, c);
  }
  return c === NOT_A_QUANTITY ? v : c;
}

function parseStoredQuantity(v: string | number, roundToMilli: boolean): string | typeof NOT_A_QUANTITY {
  const q = quantity(v);
  if (!q) return NOT_A_QUANTITY;
  if (roundToMilli) {
    const milli = newMilliQuantity(q.milliValueBig(), q.format);
    if (milli.cmp(q) !== 0) return milli.toString();
  }
  return q.toString();
}

/** Go's `%#v` of a resource.Quantity (the unexported fields Go prints for values without String()). */
export function goQuantity(v: unknown): string {
  const q = quantity(v);
  const s = q?.toString() ?? String(v);
  const m = /^([+-]?)(\d+)(?:\.(\d+))?/.exec(s);
  let value = 0n;
  let scale = 0;
  if (m) {
    const frac = m[3] ?? '';
    value = BigInt(`${m[1]}${m[2]}${frac}`);
    scale = -frac.length;
    const suffix = s.slice(m[0].length);
    const si: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
    const bin: Record<string, bigint> = {
      Ki: 1n << 10n,
      Mi: 1n << 20n,
      Gi: 1n << 30n,
      Ti: 1n << 40n,
      Pi: 1n << 50n,
      Ei: 1n << 60n,
    };
    if (suffix in si) scale += si[suffix]!;
    else if (suffix in bin) value *= bin[suffix]!;
  }
  const format = q?.format ?? 'DecimalSI';
  return `resource.Quantity{i:resource.int64Amount{value:${value}, scale:${scale}}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:${goQuote(s)}, Format:${goQuote(format)}}`;
}

/** Semantic deep equality of JSON values (key order and `undefined` members ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a === null || b === null) return a == b;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}

/** Deep copy of a JSON value. */
export const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Returns `o[k]` as an object, creating it when absent. */
export function ensureObj(o: Json, k: string): Json {
  const v = o[k];
  if (isObj(v)) return v;
  const n: Json = {};
  o[k] = n;
  return n;
}

// ---------------------------------------------------------------------------------------------
// IP addresses (netutils.ParseIPSloppy: IPv4 with leading zeros allowed, or IPv6)
// ---------------------------------------------------------------------------------------------

/** Parses an IP address into bytes (4 or 16), or undefined. */
export function parseIP(s: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x) => x <= 255) ? b : undefined;
  }
  if (!s.includes(':')) return undefined;
  let text = s;
  let tail: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    const t = parseIP(text.slice(lastColon + 1));
    if (!t || t.length !== 4) return undefined;
    tail = t;
    text = text.slice(0, lastColon + 1) + '0:0';
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    for (const g of h.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = groups(halves[0]!);
  const rest = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const missing = 8 - head.length - rest.length;
  if ((halves.length === 1 && missing !== 0) || (halves.length === 2 && missing < 1)) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...rest];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (tail.length) bytes.splice(12, 4, ...tail);
  return bytes;
}

export const isIPv4 = (s: string): boolean => parseIP(s)?.length === 4;

/** `validation.IsValidIP(fldPath, value)`. */
export function validateIP(path: string, value: string): FieldError[] {
  return parseIP(value)
    ? []
    : [invalidStr(path, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

/** `validation.IsValidIPv4Address`. */
export function validateIPv4(path: string, value: string): FieldError[] {
  return parseIP(value)?.length === 4 ? [] : [invalidStr(path, value, 'must be a valid IPv4 address')];
}

/** `validation.IsValidIPv6Address`. */
export function validateIPv6(path: string, value: string): FieldError[] {
  return parseIP(value)?.length === 16 ? [] : [invalidStr(path, value, 'must be a valid IPv6 address')];
}

/** `ValidateNonSpecialIP`. */
export function validateNonSpecialIP(path: string, value: string): FieldError[] {
  const b = parseIP(value);
  if (!b) return [invalidStr(path, value, 'must be a valid IP address')];
  const errs: FieldError[] = [];
  const v4 =
    b.length === 4
      ? b
      : b.slice(0, 10).every((x) => x === 0) && b[10] === 255 && b[11] === 255
        ? b.slice(12)
        : undefined;
  const zero = b.every((x) => x === 0);
  if (zero) errs.push(invalidStr(path, value, `may not be unspecified (${value})`));
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  if (loopback) errs.push(invalidStr(path, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  if (linkLocal)
    errs.push(invalidStr(path, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  const llMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (llMulticast)
    errs.push(
      invalidStr(path, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'),
    );
  return errs;
}

/** `validation.IsValidCIDR`. */
export function validateCIDR(path: string, value: string): FieldError[] {
  const m = /^(.+)\/(\d{1,3})$/.exec(value);
  const ip = m ? parseIP(m[1]!) : undefined;
  if (!m || !ip || Number(m[2]) > ip.length * 8)
    return [invalidStr(path, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  return [];
}
