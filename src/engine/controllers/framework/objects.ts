/**
 * Small helpers for object metadata that every controller needs: cache keys (client-go's
 * MetaNamespaceKeyFunc), frozen copies, timestamps.
 */
import type { KubeObject } from '../../../api/types';

/** `namespace/name` for namespaced objects, `name` for cluster-scoped ones (cache.MetaNamespaceKeyFunc). */
export function metaNamespaceKey(obj: Pick<KubeObject, 'metadata'>): string {
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${obj.metadata.name ?? ''}` : (obj.metadata.name ?? '');
}

/** The inverse of metaNamespaceKey (cache.SplitMetaNamespaceKey). */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/**
 * Freeze an object and everything in it. Informer caches hand out frozen objects so that a
 * controller that forgets to copy before changing one fails loudly instead of silently
 * corrupting the cache every other controller reads (sample-controller: "never mutate cached
 * objects").
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}

/** A mutable deep copy (obj.DeepCopy()). */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

let lastSecond = NaN;
let lastStamp = '';

/** metav1.Time as the API serialises it: RFC 3339, whole seconds, UTC (`2026-01-01T00:00:00Z`). */

export function rfc3339(ms: number): string {
  // Many timestamps fall in the same simulated second: remember the last one formatted.
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastStamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
    lastSecond = second;
  }
  return lastStamp;
}

/** metav1.MicroTime: RFC 3339 with microseconds (`2026-01-01T00:00:00.000000Z`), as leases use. */
export function rfc3339Micro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Parse an RFC 3339 timestamp into ms (NaN when absent or malformed). */
export function parseTime(s: string | undefined | null): number {
  return s ? Date.parse(s) : NaN;
}

export const hasFinalizer = (obj: Pick<KubeObject, 'metadata'>, finalizer: string): boolean =>
  (obj.metadata.finalizers ?? []).includes(finalizer);

export const isBeingDeleted = (obj: Pick<KubeObject, 'metadata'>): boolean =>
  obj.metadata.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;
