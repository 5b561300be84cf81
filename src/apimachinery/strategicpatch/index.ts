/**
 * Strategic merge patch, the patch format of `kubectl apply`, `kubectl patch` (the default
 * `--type strategic`), `kubectl edit`, `label` and `annotate` on built-in kinds. A port of
 * k8s.io/apimachinery/pkg/util/strategicpatch (v0.32) driven by the hand-written field table in
 * metadata.ts instead of Go struct tags.
 *
 * Server side: `applyStrategicMergePatch` (what PATCH with application/strategic-merge-patch+json
 * does to the stored object). Client side: `createTwoWayMergePatch` and
 * `createThreeWayMergePatch` (what kubectl sends), and `createApplyPatch`, which picks strategic
 * or JSON merge patch by kind exactly as kubectl apply does.
 */
import {
  KUBECTL_APPLY_PRECONDITIONS,
  PATCH_TYPES,
  PatchError,
  conflictError,
  createThreeWayJsonMergePatch,
  preconditionFailedError,
  type PreconditionFunc,
} from '../mergepatch';
import { CLIENT_MERGE, SERVER_MERGE, mergeMap } from './apply';
import { diffMaps, diffOptions, mergingMapsHaveConflicts } from './diff';
import { errBadJSONDoc } from './errors';
import { deepCopy, isMap, type JsonMap } from './gofmt';
import { isStrategicMergePatchKind, rootSchema } from './metadata';

export { isStrategicMergePatchKind, lookupPatchMeta, type PatchMeta } from './metadata';
export type { JsonMap } from './gofmt';

function requireObject(v: unknown, what: 'document' | 'patch'): JsonMap {
  if (isMap(v)) return v;
  if (what === 'document') throw errBadJSONDoc();
  // The apiserver decodes the body into a map[string]interface{} first.
  const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'boolean' ? 'bool' : typeof v;
  if (t === 'null') return {};
  throw new PatchError(
    `json: cannot unmarshal ${t} into Go value of type map[string]interface {}`,
    'BadRequest',
  );
}

/**
 * Applies a strategic merge patch to an object of kind `kindKey` (`/Pod`, `apps/Deployment`)
 * and returns the result; the inputs are not modified. Errors are `PatchError`s whose `kind`
 * tells the HTTP status the apiserver would answer with.
 *
 * Custom resources do not support strategic merge patch at all: callers check
 * `isStrategicMergePatchKind` first and answer `unsupportedStrategicMergePatchError()` (415).
 * Other kinds missing from the table are patched with ObjectMeta's metadata only.
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, kindKey: string): JsonMap {
  const o = deepCopy(requireObject(original, 'document'));
  const p = deepCopy(requireObject(patch, 'patch'));
  return mergeMap(o, p, rootSchema(kindKey), SERVER_MERGE);
}

/**
 * CreateTwoWayMergePatch: the patch that turns `original` into `modified` (kubectl edit, label,
 * annotate). Preconditions are checked against the patch (mergepatch.PreconditionFunc).
 */
export function createTwoWayMergePatch(
  original: JsonMap,
  modified: JsonMap,
  kindKey: string,
  preconditions: readonly PreconditionFunc[] = [],
): JsonMap {
  const patch = diffMaps(
    deepCopy(requireObject(original, 'document')),
    deepCopy(requireObject(modified, 'document')),
    rootSchema(kindKey),
    diffOptions({ setElementOrder: true }),
  );
  for (const fn of preconditions) if (!fn(patch)) throw preconditionFailedError(patch);
  return deepCopy(patch);
}

/**
 * CreateThreeWayMergePatch, as `kubectl apply` calls it:
 * - `original`: the last-applied configuration (the kubectl.kubernetes.io/last-applied-configuration
 *   annotation of the live object), or undefined when there is none;
 * - `modified`: the object from the file, with its new last-applied annotation already set;
 * - `current`: the live object.
 *
 * The result holds the changes from `current` to `modified` (never deleting fields that only the
 * live object has, such as status or fields set by controllers) plus the deletions from `original`
 * to `modified` (fields removed from the file). With `overwrite` false (kubectl apply
 * --overwrite=false) a patch that changes fields changed since the last apply is a Conflict.
 */
export function createThreeWayMergePatch(
  original: JsonMap | undefined,
  modified: JsonMap,
  current: JsonMap,
  kindKey: string,
  overwrite = true,
): JsonMap {
  const schema = rootSchema(kindKey);
  // One copy of each document, shared by the diffs below: Go's diffs sort scalar lists in place
  // and later diffs see that.
  const o = deepCopy(original ? requireObject(original, 'document') : {});
  const m = deepCopy(requireObject(modified, 'document'));
  const c = deepCopy(requireObject(current, 'document'));
  const delta = diffMaps(c, m, schema, diffOptions({ ignoreDeletions: true, setElementOrder: true }));
  const deletions = diffMaps(
    o,
    m,
    schema,
    diffOptions({ setElementOrder: true, ignoreChangesAndAdditions: true }),
  );
  const patch = mergeMap(deletions, delta, schema, CLIENT_MERGE);
  if (!overwrite) {
    const changed = diffMaps(o, c, schema, diffOptions({}));
    if (mergingMapsHaveConflicts(patch, changed, schema)) throw conflictError(patch, changed);
  }
  return deepCopy(patch);
}

/** kubectl prints `<kind>/<name> unchanged` and sends nothing when the patch is `{}`. */
export function isEmptyPatch(patch: unknown): boolean {
  return isMap(patch) && Object.keys(patch).length === 0;
}

export interface ApplyPatch {
  /** The Content-Type of the PATCH request. */
  type: typeof PATCH_TYPES.strategic | typeof PATCH_TYPES.merge;
  patch: JsonMap;
}

/**
 * The patch `kubectl apply` sends for an existing object (apply.go Patcher.patchSimple): a
 * strategic merge patch for built-in kinds, a JSON merge patch (with the apiVersion, kind and
 * name preconditions) for custom resources.
 */
export function createApplyPatch(
  original: JsonMap | undefined,
  modified: JsonMap,
  current: JsonMap,
  kindKey: string,
  overwrite = true,
): ApplyPatch {
  if (isStrategicMergePatchKind(kindKey))
    return {
      type: PATCH_TYPES.strategic,
      patch: createThreeWayMergePatch(original, modified, current, kindKey, overwrite),
    };
  return {
    type: PATCH_TYPES.merge,
    patch: createThreeWayJsonMergePatch(original, modified, current, KUBECTL_APPLY_PRECONDITIONS),
  };
}
