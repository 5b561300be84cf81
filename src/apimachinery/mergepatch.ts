/**
 * JSON merge patch (RFC 7386) as Kubernetes runs it, plus the errors every patch flavour shares.
 *
 * - `applyMergePatch` is evanphx/json-patch v4 `MergePatch`, which the apiserver uses for
 *   `application/merge-patch+json` and kubectl for `kubectl patch --type merge --local`. As the
 *   RFC says, null members of objects that the patch inserts are dropped, also inside arrays
 *   (`[{"a":null,"b":1}]` inserts `[{"b":1}]`); null items of arrays are kept.
 * - `createMergePatch` is evanphx `CreateMergePatch` (a two-way diff).
 * - `createThreeWayJsonMergePatch` is apimachinery `jsonmergepatch.CreateThreeWayJSONMergePatch`:
 *   what `kubectl apply` sends for kinds that have no Go struct in kubectl's scheme (custom
 *   resources). Deletions come from last-applied → file, additions and changes from live → file.
 * - `PatchError` carries the Go error text word for word and the HTTP status the apiserver maps
 *   it to, so the REST layer can build the same Status (`toStatus()`).
 */
import type { Status } from '../api/types';
import { deepCopy, goType, goV, hasKey, isMap, type JsonMap } from './strategicpatch/gofmt';

export type { JsonMap } from './strategicpatch/gofmt';

/**
 * Which apiserver response a patch error becomes:
 * - `BadRequest` (400): the patch document is malformed (NewBadRequest(err.Error())).
 * - `Invalid` (422): the generic "the server rejected our request due to an error in our request"
 *   response, with the Go error in `details.causes[0].message` (NewGenericServerResponse(422, …)).
 *   JSON patch operations that do not apply end here.
 * - `Internal` (500): an error the handler did not classify; the Status message is the Go error
 *   text and the reason is empty (ErrorToAPIStatus on a plain error).
 * - `UnsupportedMediaType` (415): a strategic merge patch sent for a custom resource.
 * - `PreconditionFailed` / `Conflict`: client-side errors of the three-way patch builders
 *   (mergepatch.ErrPreconditionFailed / ErrConflict); kubectl handles these itself.
 */
export type PatchErrorKind =
  'BadRequest' | 'Invalid' | 'Internal' | 'UnsupportedMediaType' | 'PreconditionFailed' | 'Conflict';

const HTTP_CODE: Record<PatchErrorKind, number> = {
  BadRequest: 400,
  Invalid: 422,
  Internal: 500,
  UnsupportedMediaType: 415,
  PreconditionFailed: 500,
  Conflict: 500,
};

/** apimachinery/pkg/api/errors NewGenericServerResponse's text for 422. */
export const GENERIC_INVALID_MESSAGE = 'the server rejected our request due to an error in our request';

export class PatchError extends Error {
  constructor(
    /** The Go error text (`err.Error()`), e.g. `add operation does not apply: doc is missing path: "/x/y": missing value`. */
    message: string,
    readonly kind: PatchErrorKind,
  ) {
    super(message);
    this.name = 'PatchError';
  }

  get code(): number {
    return HTTP_CODE[this.kind];
  }

  /** The Status the apiserver answers with for this error (apiserver handlers/patch.go). */
  toStatus(): Status {
    const base = { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure' } as const;
    switch (this.kind) {
      case 'BadRequest':
        return { ...base, message: this.message, reason: 'BadRequest', code: 400 };
      case 'Invalid':
        return {
          ...base,
          message: GENERIC_INVALID_MESSAGE,
          reason: 'Invalid',
          details: { causes: [{ reason: 'UnexpectedServerResponse', message: this.message }] },
          code: 422,
        };
      case 'UnsupportedMediaType':
        return { ...base, message: this.message, reason: 'UnsupportedMediaType', code: 415 };
      default:
        return { ...base, message: this.message, code: 500 };
    }
  }
}

/** The media types a PATCH may carry, as kubectl and the apiserver name them. */
export const PATCH_TYPES = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
} as const;

/**
 * The 415 the apiserver returns for a strategic merge patch on a custom resource
 * (negotiation.NewUnsupportedMediaTypeError with the CRD handler's patch types).
 */
export function unsupportedStrategicMergePatchError(): PatchError {
  return new PatchError(
    'the body of the request was in an unknown format - accepted media types include: ' +
      `${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.apply}`,
    'UnsupportedMediaType',
  );
}

// ---------------------------------------------------------------------------------------------
// RFC 7386 apply (evanphx/json-patch v4 merge.go)

const errBadJSONDoc = (): PatchError => new PatchError('Invalid JSON Document', 'Internal');
const errBadJSONPatch = (): PatchError => new PatchError('Invalid JSON Patch', 'BadRequest');

/** Removes null members of objects, recursively, also inside arrays (whose null items stay). */
function pruneNulls(v: unknown): unknown {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else v[k] = pruneNulls(v[k]);
    }
    return v;
  }
  if (Array.isArray(v)) return v.map(pruneNulls);
  return v;
}

function mergeValue(cur: unknown, patch: unknown): unknown {
  // A current value that is not an object is replaced by the (pruned) patch value.
  if (!isMap(cur)) return pruneNulls(patch);
  // A patch value that is not an object replaces the current object as it is.
  if (!isMap(patch)) return patch;
  mergeDocs(cur, patch);
  return cur;
}

function mergeDocs(doc: JsonMap, patch: JsonMap): void {
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (v === null) delete doc[k];
    else if (!hasKey(doc, k)) doc[k] = pruneNulls(v);
    else doc[k] = mergeValue(doc[k], v);
  }
}

/**
 * Applies a JSON merge patch to `target` and returns the result; the inputs are not modified.
 * A target that is not an object is replaced by the patch (`MergePatch`'s "not a doc" branch).
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || patch === undefined) throw errBadJSONPatch();
  if (target === null || target === undefined) throw errBadJSONDoc();
  const p = deepCopy(patch);
  if (!isMap(target) || !isMap(p)) {
    if (isMap(p) || Array.isArray(p)) return pruneNulls(p);
    throw errBadJSONPatch();
  }
  const doc = deepCopy(target);
  mergeDocs(doc, p);
  return doc;
}

// ---------------------------------------------------------------------------------------------
// Two-way diff (evanphx CreateMergePatch / getDiff)

/** evanphx `matchesValue`: note that two nulls do not match, so arrays holding null always differ. */
function matchesValue(a: unknown, b: unknown): boolean {
  // CreateMergePatch decodes with encoding/json: every number is a float64.
  const ta = typeof a === 'number' ? 'float64' : goType(a);
  const tb = typeof b === 'number' ? 'float64' : goType(b);
  if (ta !== tb) return false;
  if (ta === 'string' || ta === 'float64' || ta === 'bool') return a === b;
  if (ta === 'map') {
    const x = a as JsonMap;
    const y = b as JsonMap;
    for (const k of Object.keys(x)) if (!matchesValue(x[k], y[k])) return false;
    for (const k of Object.keys(y)) if (!matchesValue(x[k], y[k])) return false;
    return true;
  }
  return false;
}

function matchesArray(a: unknown[], b: unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => matchesValue(v, b[i]));
}

function getDiff(a: JsonMap, b: JsonMap): JsonMap {
  const into: JsonMap = {};
  for (const key of Object.keys(b)) {
    const bv = b[key];
    if (!hasKey(a, key)) {
      into[key] = bv;
      continue;
    }
    const av = a[key];
    const ta = typeof av === 'number' ? 'float64' : goType(av);
    const tb = typeof bv === 'number' ? 'float64' : goType(bv);
    if (ta !== tb) {
      into[key] = bv;
      continue;
    }
    if (ta === 'map') {
      const dst = getDiff(av as JsonMap, bv as JsonMap);
      if (Object.keys(dst).length > 0) into[key] = dst;
    } else if (ta === 'slice') {
      if (!matchesArray(av as unknown[], bv as unknown[])) into[key] = bv;
    } else if (ta !== 'nil' && !matchesValue(av, bv)) {
      into[key] = bv;
    }
  }
  for (const key of Object.keys(a)) if (!hasKey(b, key)) into[key] = null;
  return into;
}

/** The merge patch that turns `original` into `modified` (both JSON objects). */
export function createMergePatch(original: JsonMap, modified: JsonMap): JsonMap {
  if (!isMap(original) || !isMap(modified)) throw errBadJSONDoc();
  return deepCopy(getDiff(original, modified));
}

// ---------------------------------------------------------------------------------------------
// Three-way (apimachinery jsonmergepatch) and the helpers shared with strategic merge patch

/** A precondition on a computed patch (mergepatch.PreconditionFunc). */
export type PreconditionFunc = (patch: JsonMap) => boolean;

/** mergepatch.RequireKeyUnchanged: the patch must not touch a top-level key. */
export const requireKeyUnchanged =
  (key: string): PreconditionFunc =>
  (patch) =>
    !hasKey(patch, key);

/** mergepatch.RequireMetadataKeyUnchanged: the patch must not touch `metadata.<key>`. */
export const requireMetadataKeyUnchanged =
  (key: string): PreconditionFunc =>
  (patch) => {
    if (!hasKey(patch, 'metadata')) return true;
    const m = patch.metadata;
    if (!isMap(m)) return false;
    return !hasKey(m, key);
  };

/** The preconditions kubectl apply passes for JSON merge patches (apiVersion, kind, name). */
export const KUBECTL_APPLY_PRECONDITIONS: readonly PreconditionFunc[] = [
  requireKeyUnchanged('apiVersion'),
  requireKeyUnchanged('kind'),
  requireMetadataKeyUnchanged('name'),
];

/** mergepatch.NewErrPreconditionFailed. */
export const preconditionFailedError = (patch: JsonMap): PatchError =>
  new PatchError(`precondition failed for: ${goV(patch)}`, 'PreconditionFailed');

/**
 * mergepatch.HasConflicts: true when both sides set the same key to different values
 * (maps compared key by key, lists item by item).
 */
export function hasConflicts(left: unknown, right: unknown): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    for (const k of Object.keys(left)) {
      if (hasKey(right, k) && hasConflicts(left[k], right[k])) return true;
    }
    return false;
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    if (left.length !== right.length) return true;
    return left.some((v, i) => hasConflicts(v, right[i]));
  }
  return !(goType(left) === goType(right) && (left === right || (left === null && right === null)));
}

/** keepOrDeleteNullInObj: keep only the nulls (deletions) or only the non-nulls (the rest). */
function keepOrDeleteNull(m: JsonMap, keepNull: boolean): JsonMap {
  const out: JsonMap = {};
  for (const key of Object.keys(m)) {
    const val = m[key];
    if (keepNull && val === null) {
      out[key] = null;
    } else if (val !== null) {
      if (isMap(val)) {
        // Explicitly-set empty maps are values, not empty patches.
        if (Object.keys(val).length === 0) {
          if (!keepNull) out[key] = val;
          continue;
        }
        const sub = keepOrDeleteNull(val, keepNull);
        if (Object.keys(sub).length !== 0) out[key] = sub;
      } else if (!keepNull) {
        // Lists and scalars are always replaced whole in JSON merge patch.
        out[key] = val;
      }
    }
  }
  return out;
}

/** YAML-ish rendering used by mergepatch.ToYAMLOrError in conflict messages (keys sorted). */
function toYaml(v: unknown, indent = ''): string {
  if (isMap(v)) {
    const keys = Object.keys(v).sort();
    if (keys.length === 0) return '{}\n';
    return keys
      .map((k) => {
        const x = v[k];
        if ((isMap(x) && Object.keys(x).length) || (Array.isArray(x) && x.length))
          return `${indent}${k}:\n${toYaml(x, indent + '  ')}`;
        return `${indent}${k}: ${scalarYaml(x)}\n`;
      })
      .join('');
  }
  if (Array.isArray(v)) {
    return v
      .map((x) => `${indent}- ${isMap(x) || Array.isArray(x) ? JSON.stringify(x) : scalarYaml(x)}\n`)
      .join('');
  }
  return `${indent}${scalarYaml(v)}\n`;
}

function scalarYaml(x: unknown): string {
  if (x === null || x === undefined) return 'null';
  if (isMap(x)) return '{}';
  if (Array.isArray(x)) return '[]';
  return typeof x === 'string' ? x : String(x);
}

/** mergepatch.NewErrConflict. */
export const conflictError = (patch: unknown, current: unknown): PatchError =>
  new PatchError(
    `patch:\n${toYaml(patch)}\nconflicts with changes made from original to current:\n${toYaml(current)}\n`,
    'Conflict',
  );

/**
 * jsonmergepatch.CreateThreeWayJSONMergePatch: the merge patch kubectl apply sends for custom
 * resources. `original` is the last-applied configuration (or `{}`), `modified` the new file
 * (with its own last-applied annotation), `current` the live object. Fields only in `current`
 * are left alone; fields in `original` but not in `modified` are deleted (null).
 */
export function createThreeWayJsonMergePatch(
  original: JsonMap | undefined,
  modified: JsonMap | undefined,
  current: JsonMap | undefined,
  preconditions: readonly PreconditionFunc[] = [],
): JsonMap {
  const o = original ?? {};
  const m = modified ?? {};
  const c = current ?? {};
  const addAndChange = keepOrDeleteNull(getDiff(c, m), false);
  const deletions = keepOrDeleteNull(getDiff(o, m), true);
  if (hasConflicts(addAndChange, deletions)) throw conflictError(addAndChange, deletions);
  // MergePatch(deletePatch, addAndChangePatch); deletePatch keeps its nulls as values.
  const patch = deepCopy(deletions);
  mergeDocs(patch, deepCopy(addAndChange));
  for (const fn of preconditions) {
    // meetPreconditions returns a plain error here (not ErrPreconditionFailed).
    if (!fn(patch)) throw new PatchError(`precondition failed for: ${goV(patch)}`, 'Internal');
  }
  return patch;
}
