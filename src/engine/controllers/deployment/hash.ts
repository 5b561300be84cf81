/**
 * controller.ComputeHash (pkg/controller/controller_utils.go) and the deep hash printer it uses
 * (pkg/util/hash DeepHashObject → apimachinery dump.ForHash → davecgh/go-spew with SortKeys,
 * DisableMethods, DisablePointerAddresses and DisableCapacities, format `%#v`).
 *
 * The pod-template-hash that names a ReplicaSet (`web-7d4b9c8f5`) is:
 *   1. the pod template printed by spew: `(v1.PodTemplateSpec){ObjectMeta:(v1.ObjectMeta){Name:(string)
 *      GenerateName:(string) …} Spec:(v1.PodSpec){…}}` — every field of the Go structs in
 *      declaration order, zero values included, types in parentheses;
 *   2. hashed with FNV-32a, followed by the little-endian collisionCount if the Deployment has
 *      one (a hash collision bumps it and produces a different name);
 *   3. the 32-bit result written in decimal and each digit mapped through rand.SafeEncodeString's
 *      alphabet `bcdfghjklmnpqrstvwxz2456789` — which is why these hashes only ever contain the
 *      characters 4 5 6 7 8 9 b c d f and have up to 10 of them.
 */
import { GO_NAMED_MAPS, GO_NAMED_SCALARS, GO_STRUCTS } from './gotypes';

/** rand.SafeEncodeString's alphabet: no vowels, no look-alike digits. */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** SafeEncodeString: each byte mapped to ALPHANUMS[b % 27]. */
export function safeEncodeString(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += ALPHANUMS[s.charCodeAt(i) % ALPHANUMS.length];
  return out;
}

/** FNV-32a over UTF-8 bytes. */
export class Fnv32a {
  private h = 0x811c9dc5;

  writeString(s: string): void {
    for (const b of new TextEncoder().encode(s)) this.writeByte(b);
  }

  writeBytes(bytes: ArrayLike<number>): void {
    for (let i = 0; i < bytes.length; i++) this.writeByte(bytes[i]!);
  }

  private writeByte(b: number): void {
    this.h = Math.imul(this.h ^ b, 0x01000193) >>> 0;
  }

  sum32(): number {
    return this.h >>> 0;
  }
}

/**
 * ComputeHash(template, collisionCount): the pod-template-hash label value for a Deployment's
 * pod template (JSON, as the API returns it).
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  const hasher = new Fnv32a();
  hasher.writeString(deepHashString(template, 'v1.PodTemplateSpec'));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    hasher.writeBytes(bytes);
  }
  return safeEncodeString(String(hasher.sum32()));
}

/** What DeepHashObject writes for a JSON value of Go type `goType`. */
export function deepHashString(value: unknown, goType: string): string {
  const out: string[] = [];
  formatValue(out, value, goType, false);
  return out.join('');
}

// ---------------------------------------------------------------------------------------------
// spew's formatter (%#v) over JSON values with Go types
// ---------------------------------------------------------------------------------------------

const isNil = (v: unknown): boolean => v === undefined || v === null;

/** Go zero value → its spew text for scalar kinds. */
function scalarText(kind: string, v: unknown): string {
  switch (kind) {
    case 'string':
      return isNil(v) ? '' : String(v);
    case 'bool':
      return v === true ? 'true' : 'false';
    default:
      return isNil(v) ? '0' : String(typeof v === 'number' ? Math.trunc(v) : v);
  }
}

const SCALARS = new Set(['string', 'bool', 'int', 'int32', 'int64', 'uint64', 'uint32']);

/**
 * formatState.format: print `(Type)` unless the type is implied by the container (slice
 * elements and map keys/values), then the value.
 */
function formatValue(out: string[], v: unknown, goType: string, ignoreType: boolean): void {
  if (goType.startsWith('*')) {
    formatPtr(out, v, goType, ignoreType);
    return;
  }
  if (!ignoreType) out.push(`(${goType})`);
  if (SCALARS.has(goType)) {
    out.push(scalarText(goType, v));
    return;
  }
  const named = GO_NAMED_SCALARS[goType];
  if (named) {
    out.push(scalarText(named, v));
    return;
  }
  if (goType.startsWith('[]')) {
    if (!Array.isArray(v)) {
      out.push('<nil>');
      return;
    }
    const elem = goType.slice(2);
    out.push('[');
    v.forEach((e, i) => {
      if (i > 0) out.push(' ');
      formatValue(out, e, elem, true);
    });
    out.push(']');
    return;
  }
  const mapTypes = GO_NAMED_MAPS[goType] ?? parseMapType(goType);
  if (mapTypes) {
    if (isNil(v) || typeof v !== 'object') {
      out.push('<nil>');
      return;
    }
    const obj = v as Record<string, unknown>;
    // SortKeys: string keys in byte order.
    const keys = Object.keys(obj).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    out.push('map[');
    keys.forEach((k, i) => {
      if (i > 0) out.push(' ');
      formatValue(out, k, mapTypes[0], true);
      out.push(':');
      formatValue(out, obj[k], mapTypes[1], true);
    });
    out.push(']');
    return;
  }
  switch (goType) {
    case 'v1.Time':
      // metav1.Time{Time time.Time}; templates carry the zero time (creationTimestamp: null).
      out.push('{Time:(time.Time){wall:(uint64)0 ext:(int64)0 loc:(*time.Location)<nil>}}');
      return;
    case 'intstr.IntOrString': {
      const isStr = typeof v === 'string';
      out.push(
        `{Type:(intstr.Type)${isStr ? 1 : 0} IntVal:(int32)${isStr ? 0 : scalarText('int32', v)} StrVal:(string)${isStr ? v : ''}}`,
      );
      return;
    }
    case 'resource.Quantity':
      out.push(quantityText(typeof v === 'string' ? v : isNil(v) ? '' : String(v)));
      return;
  }
  const fields = GO_STRUCTS[goType];
  if (fields) {
    const obj = (isNil(v) || typeof v !== 'object' ? {} : v) as Record<string, unknown>;
    out.push('{');
    fields.forEach(([name, type, json], i) => {
      if (i > 0) out.push(' ');
      out.push(`${name}:`);
      // An embedded struct reads its fields from the same JSON object.
      formatValue(out, json === '' ? obj : obj[json], type, false);
    });
    out.push('}');
    return;
  }
  // A type this table does not know: print its JSON, which still changes the hash when it changes.
  out.push(JSON.stringify(v ?? null));
}

function parseMapType(goType: string): readonly [string, string] | undefined {
  const m = /^map\[([^\]]+)\](.+)$/.exec(goType);
  return m ? [m[1]!, m[2]!] : undefined;
}

/** formatState.formatPtr: `(*T)<nil>`, or `(*T)` followed by the value without its type. */
function formatPtr(out: string[], v: unknown, goType: string, ignoreType: boolean): void {
  const elem = goType.slice(1);
  if (isNil(v)) {
    out.push(ignoreType ? '<nil>' : `(${goType})<nil>`);
    return;
  }
  out.push(ignoreType ? '<*>' : `(${goType})`);
  formatValue(out, v, elem, true);
}

// ---------------------------------------------------------------------------------------------
// resource.Quantity internals (what ParseQuantity of the canonical string produces)
// ---------------------------------------------------------------------------------------------

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = {
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

/**
 * The spew text of the Quantity that ParseQuantity(s) returns: `{i:(resource.int64Amount){value:
 * (int64)N scale:(resource.Scale)S} d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)S
 * Format:(resource.Format)F}`. The string is cached (s) only when it is already canonical.
 */
export function quantityText(str: string): string {
  const q = parseQuantityInternals(str);
  return (
    `{i:(resource.int64Amount){value:(int64)${q.value} scale:(resource.Scale)${q.scale}} ` +
    `d:(resource.infDecAmount){Dec:(*inf.Dec)<nil>} s:(string)${q.s} Format:(resource.Format)${q.format}}`
  );
}

interface QuantityInternals {
  value: bigint;
  scale: number;
  s: string;
  format: string;
}

function parseQuantityInternals(str: string): QuantityInternals {
  if (str === '0') return { value: 0n, scale: 0, s: '0', format: 'DecimalSI' };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([a-zA-Z]*)([+-]?\d*)$/.exec(str);
  if (!m) return { value: 0n, scale: 0, s: '', format: 'DecimalSI' };
  const positive = m[1] !== '-';
  let num = m[2]!.replace(/^0+/, '');
  const denom = m[3] ?? '';
  const suffix = m[4]! + m[5]!;
  if (num === '') num = '0';
  let base = 10;
  let exponent = 0;
  let format = 'DecimalSI';
  if (suffix in BINARY_SUFFIXES) {
    base = 2;
    exponent = BINARY_SUFFIXES[suffix]!;
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIXES) {
    exponent = DECIMAL_SUFFIXES[suffix]!;
  } else if (/^[eE][+-]?\d+$/.test(suffix)) {
    exponent = Number(suffix.slice(1));
    format = 'DecimalExponent';
  }
  let scale = 0;
  let mantissa = 1n;
  let precision: number;
  if (base === 10) {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  } else if (exponent >= 0 && denom.length === 0) {
    mantissa = 1n << BigInt(exponent);
    precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
  } else precision = -1;
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= -9) {
      const shifted = num + denom;
      const value = BigInt(shifted);
      let result = value * mantissa;
      if (result <= 0x7fffffffffffffffn) {
        if (!positive) result = -result;
        let canonical: boolean;
        if (format === 'BinarySI') canonical = exponent % 10 === 0 && (value & 7n) !== 0n;
        else canonical = scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return { value: result, scale, s: canonical ? str : '', format };
      }
    }
  }
  // The inf.Dec slow path: not reached by canonical quantities of pod templates.
  return { value: 0n, scale: 0, s: '', format };
}
