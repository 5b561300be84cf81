/**
 * The `kubectl.kubernetes.io/last-applied-configuration` annotation (kubectl/pkg/util/apply.go).
 *
 * Client-side apply remembers what the user applied last, so that the next apply can tell
 * "the user removed this field" from "someone else added this field". The annotation holds the
 * object as kubectl encoded it (compact JSON plus a trailing newline) without the annotation
 * itself. Objects read from files are unstructured, so their keys come out sorted and an empty
 * `"annotations":{}` is kept; objects built by generators (`create --save-config`) are typed, so
 * their keys keep struct order and empty maps disappear.
 */
import type { KubeObject } from '../../api/types';
import { goJSON, goJSONOrdered } from '../generators/gojson';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** ObjectMeta's field order, for typed objects. */
const OBJECT_META_ORDER = [
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
];

function withAnnotations(
  obj: KubeObject,
  annotations: Record<string, string> | undefined,
  typed: boolean,
): KubeObject {
  const meta: Record<string, unknown> = { ...obj.metadata };
  if (!typed) {
    if (annotations === undefined) delete meta.annotations;
    else meta.annotations = annotations;
    return { ...obj, metadata: meta };
  }
  // Typed: omitempty drops an empty map, and the key sits at its struct position.
  const ordered: Record<string, unknown> = {};
  const keys = [...OBJECT_META_ORDER, ...Object.keys(meta).filter((k) => !OBJECT_META_ORDER.includes(k))];
  for (const k of keys) {
    if (k === 'annotations') {
      if (annotations && Object.keys(annotations).length > 0) ordered.annotations = sortedKeys(annotations);
    } else if (k in meta) ordered[k] = meta[k];
  }
  return { ...obj, metadata: ordered };
}

function sortedKeys(m: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k]!;
  return out;
}

/** runtime.Encode: compact JSON with the encoder's trailing newline. */
export function encodeObject(obj: unknown, typed: boolean): string {
  return (typed ? goJSONOrdered(obj) : goJSON(obj)) + '\n';
}

/**
 * util.GetModifiedConfiguration: the object encoded without the last-applied annotation; with
 * `annotate`, the encoding of the object carrying that encoding as its annotation (what apply
 * sends as "modified" in the three-way patch).
 */
export function getModifiedConfiguration(obj: KubeObject, annotate: boolean, typed = false): string {
  const annots: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  delete annots[LAST_APPLIED_ANNOTATION];
  const without = withAnnotations(obj, annots, typed);
  const modified = encodeObject(without, typed);
  if (!annotate) return modified;
  return encodeObject(withAnnotations(obj, { ...annots, [LAST_APPLIED_ANNOTATION]: modified }, typed), typed);
}

/** util.GetOriginalConfiguration: the annotation's value, or undefined if there is none. */
export function getOriginalConfiguration(obj: KubeObject): string | undefined {
  const v = obj.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  return v === undefined ? undefined : v;
}

/** util.CreateApplyAnnotation: a copy of `obj` carrying its own last-applied annotation. */
export function createApplyAnnotation(obj: KubeObject, typed = false): KubeObject {
  const modified = getModifiedConfiguration(obj, false, typed);
  const annots: Record<string, string> = { ...(obj.metadata.annotations ?? {}) };
  annots[LAST_APPLIED_ANNOTATION] = modified;
  return withAnnotations(obj, annots, typed);
}
