/**
 * Small helpers on JSON-shaped objects: clone, freeze, semantic equality, and the RFC 3339
 * timestamps the apiserver writes (metav1.Time marshals to whole seconds in UTC).
 *
 * Stored objects are deep-frozen: the store hands the same object to every reader (lists,
 * watches, controllers) without copying, and a reader that tries to modify one gets a TypeError
 * instead of silently corrupting the cluster. Clone before you modify.
 */
import type { KubeObject, ObjectMeta } from '../../api/types';

export function deepClone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = deepClone(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value as Record<string, unknown>) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = deepClone(v);
  }
  return out as T;
}

/**
 * structuredClone for JSON-shaped values (plain objects, arrays, primitives), several times
 * faster: like structuredClone it keeps keys whose value is `undefined` (deepClone drops them).
 * Objects referenced twice are copied twice (stored objects do not share subtrees).
 */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = cloneJson(value[i]);
    return out as T;
  }
  const out: Record<string, unknown> = {};
  for (const k in value as Record<string, unknown>) out[k] = cloneJson((value as Record<string, unknown>)[k]);
  return out as T;
}

/** A value JSON.stringify leaves out of an object (and writes as `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

function plainJson(v: object): boolean {
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && !('toJSON' in v);
}

/**
 * `JSON.stringify(a) === JSON.stringify(b)` without building the strings: the same keys in the
 * same order with equal values (keys JSON leaves out are skipped). Anything but plain objects,
 * arrays and primitives is compared through JSON.stringify itself.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (
    typeof a !== 'object' ||
    typeof b !== 'object' ||
    a === null ||
    b === null ||
    !plainJson(a) ||
    !plainJson(b)
  )
    return JSON.stringify(a) === JSON.stringify(b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) {
      const x: unknown = a[i];
      const y = bb[i];
      if (!jsonEqual(omitted(x) ? null : x, omitted(y) ? null : y)) return false;
    }
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ka = Object.keys(ao);
  const kb = Object.keys(bo);
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < ka.length && omitted(ao[ka[i]!])) i++;
    while (j < kb.length && omitted(bo[kb[j]!])) j++;
    if (i === ka.length || j === kb.length) return i === ka.length && j === kb.length;
    if (ka[i] !== kb[j] || !jsonEqual(ao[ka[i]!], bo[kb[j]!])) return false;
    i++;
    j++;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (Array.isArray(value)) {
    for (const v of value) deepFreeze(v);
  } else {
    for (const k in value as Record<string, unknown>) deepFreeze((value as Record<string, unknown>)[k]);
  }
  return value;
}

/**
 * apiequality.Semantic.DeepEqual on JSON values: an absent key equals `undefined`, and (as Go's
 * omitempty round trip makes them) an empty object/array equals an absent one.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k in ao) if (!semanticEqual(ao[k], bo[k])) return false;
  for (const k in bo) if (!(k in ao) && !isEmpty(bo[k])) return false;
  return true;
}

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') {
    for (const _ in v as object) return false;
    return true;
  }
  return false;
}

/** `2026-01-01T00:00:00Z`: metav1.Time as JSON (RFC 3339, whole seconds, UTC). */
let lastSecond = NaN;
let lastStamp = '';

export function rfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastStamp = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    lastSecond = second;
  }
  return lastStamp;
}

/** Milliseconds of an RFC 3339 timestamp, or NaN. */
export function parseRfc3339(ts: string | undefined): number {
  return ts ? Date.parse(ts) : NaN;
}

/** ObjectMeta fields in the order Go serialises them (types.go field order). */
const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
] as const;
const META_KEYS: ReadonlySet<string> = new Set(META_ORDER);

/**
 * Rebuild an object with `kind`, `apiVersion`, `metadata` first and metadata keys in Go order,
 * dropping empty metadata fields as `omitempty` does, so that the JSON a client sees reads like
 * the real apiserver's.
 */
export function canonicalize(obj: KubeObject): KubeObject {
  const meta = obj.metadata as Record<string, unknown>;
  const m: Record<string, unknown> = {};
  for (const k of META_ORDER) {
    const v = meta[k];
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0) continue;
    m[k] = v;
  }
  for (const k in meta) if (!META_KEYS.has(k)) m[k] = meta[k];
  const out: Record<string, unknown> = {
    kind: obj.kind,
    apiVersion: obj.apiVersion,
    metadata: m as ObjectMeta,
  };
  for (const k in obj)
    if (k !== 'kind' && k !== 'apiVersion' && k !== 'metadata' && obj[k] !== undefined) out[k] = obj[k];
  return out as KubeObject;
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** ObjectMeta with the system fields writable (kubernetes-types marks them readonly for clients). */
export type MutableMeta = { -readonly [K in keyof ObjectMeta]: ObjectMeta[K] };

/** The server may write every metadata field. */
export const meta = (obj: KubeObject): MutableMeta => obj.metadata as MutableMeta;
