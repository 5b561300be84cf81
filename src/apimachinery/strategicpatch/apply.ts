/**
 * Applying a strategic merge patch: apimachinery strategicpatch `mergeMap` and friends
 * (StrategicMergeMapPatch on the server; kubectl also uses `mergeMap` to combine the two halves
 * of a three-way patch, with `mergeParallelList` off). A strategic merge patch is a JSON merge
 * patch plus:
 *
 * - lists whose field has `patchStrategy: merge` are merged: items by their merge key, scalars
 *   as a set union;
 * - `$patch: replace` in an object replaces it whole, `$patch: delete` empties it, and a list
 *   item `{<key>: v, $patch: delete}` removes the item with that key; `[{$patch: replace}, …]`
 *   replaces the list;
 * - `$deleteFromPrimitiveList/<field>: [..]` removes scalars from a list;
 * - `$setElementOrder/<field>: [..]` fixes the order of the merged list;
 * - `$retainKeys: [..]` drops every key of the object not listed (patchStrategy retainKeys,
 *   e.g. Deployment `spec.strategy`, Volume sources).
 *
 * The port keeps the Go control flow so that edge cases (ordering of new items, what happens to
 * directives in new fields, error texts) match the apiserver; the Go version mutates its
 * arguments, and so does this one: callers pass copies.
 */
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  internal,
} from './errors';
import { deepEqual, goType, goV, hasKey, isMap, type JsonMap } from './gofmt';
import { lookupField, type Schema } from './metadata';
import {
  DELETE_DIRECTIVE,
  DELETE_FROM_PRIMITIVE_LIST_PREFIX,
  DIRECTIVE_MARKER,
  MERGE_DIRECTIVE,
  REPLACE_DIRECTIVE,
  RETAIN_KEYS_DIRECTIVE,
  SET_ELEMENT_ORDER_PREFIX,
  deduplicateScalars,
  extractRetainKeysPatchStrategy,
  extractToDeleteItems,
  findMapInSlice,
  mergeKeyValueEqual,
  normalizeElementOrder,
  partitionMaps,
  partitionPrimitives,
  sliceElementType,
} from './order';

export interface MergeOptions {
  /** Apply `$deleteFromPrimitiveList` (server side) rather than carry it along (client side). */
  mergeParallelList: boolean;
  /** Drop `null`s that match nothing (server side) rather than keep them as deletions. */
  ignoreUnmatchedNulls: boolean;
}

/** Options of StrategicMergeMapPatch (the apiserver, `kubectl patch --local`). */
export const SERVER_MERGE: MergeOptions = { mergeParallelList: true, ignoreUnmatchedNulls: true };
/** Options CreateThreeWayMergePatch uses to combine deletions and changes (MergeOptions{}). */
export const CLIENT_MERGE: MergeOptions = { mergeParallelList: false, ignoreUnmatchedNulls: false };

const startsWith = (k: string, prefix: string): boolean => k.startsWith(prefix);

/** extractKey: `$setElementOrder/containers` → `containers`. */
function extractKey(s: string, prefix: string): string {
  const i = s.indexOf('/');
  if (i < 0 || s.slice(0, i) !== prefix) {
    if (prefix === DELETE_FROM_PRIMITIVE_LIST_PREFIX) throw errBadPatchFormatForPrimitiveList();
    if (prefix === SET_ELEMENT_ORDER_PREFIX) throw errBadPatchFormatForSetElementOrderList();
    throw internal(`fail to find unknown prefix ${JSON.stringify(prefix)} in ${s}\n`);
  }
  return s.slice(i + 1);
}

/** handleDirectiveInMergeMap. */
function handleDirectiveInMergeMap(directive: unknown, patch: JsonMap): JsonMap {
  if (directive === REPLACE_DIRECTIVE) {
    delete patch[DIRECTIVE_MARKER];
    return patch;
  }
  if (directive === DELETE_DIRECTIVE) return {};
  throw errBadPatchType(directive, patch);
}

const containsDirectiveMarker = (item: unknown): boolean => isMap(item) && hasKey(item, DIRECTIVE_MARKER);

/**
 * removeDirectives: a value that lands in a field the original does not have is stored without
 * its `$patch` objects (an object carrying `$patch` is dropped altogether). Returns [value, keep].
 */
function removeDirectives(obj: unknown): [unknown, boolean] {
  if (isMap(obj)) {
    if (hasKey(obj, DIRECTIVE_MARKER)) return [null, false];
    for (const k of Object.keys(obj)) {
      const [v, keep] = removeDirectives(obj[k]);
      if (keep) obj[k] = v;
      else delete obj[k];
    }
    return [obj, true];
  }
  if (Array.isArray(obj)) {
    const res: unknown[] = [];
    for (const v of obj) {
      const [nv, keep] = removeDirectives(v);
      if (keep) res.push(nv);
    }
    return [res, true];
  }
  return [obj, true];
}

/** discardNullValuesFromPatch: nulls inside a value that is added whole are not stored. */
function discardNullValuesFromPatch(v: unknown): void {
  if (isMap(v)) {
    for (const k of Object.keys(v)) {
      if (v[k] === null) delete v[k];
      else discardNullValuesFromPatch(v[k]);
    }
  } else if (Array.isArray(v)) {
    v.forEach(discardNullValuesFromPatch);
  }
}

/** validatePatchWithSetOrderList: the patch list must follow the `$setElementOrder` list. */
function validatePatchWithSetOrderList(patchList: unknown, setOrderList: unknown, mergeKey: string): void {
  if (!Array.isArray(setOrderList)) throw errBadPatchFormatForSetElementOrderList();
  if (!Array.isArray(patchList)) throw errBadPatchFormatForSetElementOrderList();
  if (setOrderList.length === 0 || patchList.length === 0) return;
  const nonDelete = mergeKey.length > 0 ? extractToDeleteItems(patchList)[0] : patchList;
  let p = 0;
  let s = 0;
  while (p < nonDelete.length && s < setOrderList.length) {
    if (containsDirectiveMarker(nonDelete[p])) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(nonDelete[p], setOrderList[s], mergeKey)) p++;
    s++;
  }
  if (p < nonDelete.length && s >= setOrderList.length)
    throw internal(
      `The order in patch list:\n${goV(patchList)}\n doesn't match ${SET_ELEMENT_ORDER_PREFIX} list:\n${goV(setOrderList)}\n`,
    );
}

/** applyRetainKeysDirective. */
function applyRetainKeysDirective(original: JsonMap, patch: JsonMap, options: MergeOptions): void {
  if (!hasKey(patch, RETAIN_KEYS_DIRECTIVE)) return;
  const retainKeysInPatch = patch[RETAIN_KEYS_DIRECTIVE];
  delete patch[RETAIN_KEYS_DIRECTIVE];
  if (!options.mergeParallelList) {
    // `original` is the other half of a three-way patch: the two directives must agree.
    if (hasKey(original, RETAIN_KEYS_DIRECTIVE)) {
      if (!deepEqual(original[RETAIN_KEYS_DIRECTIVE], retainKeysInPatch))
        throw internal(
          `${goV(original[RETAIN_KEYS_DIRECTIVE])} and ${goV(retainKeysInPatch)} are not deep equal: this may happen when calculating the 3-way diff patch`,
        );
    } else {
      original[RETAIN_KEYS_DIRECTIVE] = retainKeysInPatch;
    }
    return;
  }
  if (!Array.isArray(retainKeysInPatch)) throw errBadPatchFormatForRetainKeys();
  const keep = new Set(retainKeysInPatch);
  for (const k of Object.keys(patch)) {
    const v = patch[k];
    if (
      v === null ||
      startsWith(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX) ||
      startsWith(k, SET_ELEMENT_ORDER_PREFIX)
    )
      continue;
    // Every field the patch sets must be one of the retained keys.
    if (!keep.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(original)) if (!keep.has(k)) delete original[k];
}

/**
 * mergePatchIntoOriginal: handle each `$setElementOrder/<field>` together with `<field>`,
 * then sort the merged list: $setElementOrder order > patch order > live order.
 */
function mergePatchIntoOriginal(
  original: JsonMap,
  patch: JsonMap,
  schema: Schema,
  options: MergeOptions,
): void {
  for (const key of Object.keys(patch)) {
    if (!startsWith(key, SET_ELEMENT_ORDER_PREFIX)) continue;
    const setElementOrderInPatch = patch[key];
    if (!options.mergeParallelList) {
      if (hasKey(original, key)) {
        if (!deepEqual(original[key], setElementOrderInPatch))
          throw errBadPatchFormatForSetElementOrderList();
      } else {
        original[key] = setElementOrderInPatch;
      }
    }
    delete patch[key];

    if (!Array.isArray(setElementOrderInPatch)) throw errBadArgType('slice', setElementOrderInPatch);
    const originalKey = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = hasKey(original, originalKey);
    const foundPatch = hasKey(patch, originalKey);
    const originalList = original[originalKey];
    const patchList = patch[originalKey];
    let originalFieldValue: unknown[] = [];
    let patchFieldValue: unknown[] = [];
    if (foundOriginal) {
      if (!Array.isArray(originalList)) throw errBadArgType('slice', originalList);
      originalFieldValue = originalList;
    }
    if (foundPatch) {
      if (!Array.isArray(patchList)) throw errBadArgType('slice', patchList);
      patchFieldValue = patchList;
    }
    const { schema: subschema, meta } = lookupField(schema, originalKey);
    const [, patchStrategy] = extractRetainKeysPatchStrategy(meta.strategies);
    // A missing list validates as an empty one (Go passes a nil slice).
    validatePatchWithSetOrderList(foundPatch ? patchFieldValue : [], setElementOrderInPatch, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalFieldValue;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchFieldValue)[0] as unknown[];
    else if (foundOriginal && foundPatch)
      merged = mergeSliceHandler(
        originalList,
        patchList,
        subschema,
        patchStrategy,
        meta.mergeKey,
        false,
        options,
      );
    else continue;

    const [patchItems, serverOnlyItems] =
      meta.mergeKey.length === 0
        ? partitionPrimitives(merged, setElementOrderInPatch)
        : partitionMaps(merged, setElementOrderInPatch, meta.mergeKey);
    const kind = sliceElementType(originalFieldValue, patchFieldValue);
    original[originalKey] = normalizeElementOrder(
      patchItems,
      serverOnlyItems,
      setElementOrderInPatch,
      originalFieldValue,
      meta.mergeKey,
      kind,
    );
    delete patch[originalKey];
  }
}

/**
 * mergeMap: merge `patch` into `original` (both objects, both mutated) under `schema`.
 * Returns the merged object (which may be a different object when `$patch` is used).
 */
export function mergeMap(
  original: JsonMap | null,
  patch: JsonMap,
  schema: Schema,
  options: MergeOptions,
): JsonMap {
  if (hasKey(patch, DIRECTIVE_MARKER)) return handleDirectiveInMergeMap(patch[DIRECTIVE_MARKER], patch);
  const orig: JsonMap = original ?? {};
  applyRetainKeysDirective(orig, patch, options);
  mergePatchIntoOriginal(orig, patch, schema, options);

  for (const key of Object.keys(patch)) {
    let k = key;
    const patchV = patch[key];
    let isDeleteList = false;
    if (startsWith(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX)) {
      if (!options.mergeParallelList) {
        // Client side: carry the deletion list into the combined patch.
        orig[k] = patchV;
        continue;
      }
      k = extractKey(k, DELETE_FROM_PRIMITIVE_LIST_PREFIX);
      isDeleteList = true;
    }

    // null deletes the field; on the server an unmatched null is dropped, on the client kept.
    if (patchV === null) {
      delete orig[k];
      if (options.ignoreUnmatchedNulls) continue;
    }

    if (!hasKey(orig, k)) {
      if (!isDeleteList) {
        if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) orig[k] = v;
      }
      continue;
    }

    const originalType = goType(orig[k]);
    if (originalType !== goType(patchV)) {
      if (!isDeleteList) {
        if (options.ignoreUnmatchedNulls) discardNullValuesFromPatch(patchV);
        const [v, keep] = removeDirectives(patchV);
        if (keep) orig[k] = v;
        else delete orig[k];
      }
      continue;
    }

    if (originalType === 'map') {
      const { schema: subschema, meta } = lookupField(schema, k);
      const [, patchStrategy] = extractRetainKeysPatchStrategy(meta.strategies);
      orig[k] = mergeMapHandler(orig[k], patchV, subschema, patchStrategy, options);
    } else if (originalType === 'slice') {
      const { schema: subschema, meta } = lookupField(schema, k);
      const [, patchStrategy] = extractRetainKeysPatchStrategy(meta.strategies);
      orig[k] = mergeSliceHandler(
        orig[k],
        patchV,
        subschema,
        patchStrategy,
        meta.mergeKey,
        isDeleteList,
        options,
      );
    } else {
      const [v, keep] = removeDirectives(patchV);
      if (keep) orig[k] = v;
      else delete orig[k];
    }
  }
  return orig;
}

function mergeMapHandler(
  original: unknown,
  patch: unknown,
  schema: Schema,
  strategy: string,
  options: MergeOptions,
): JsonMap {
  if (!isMap(original)) throw errBadArgType('map', original);
  if (!isMap(patch)) throw errBadArgType('map', patch);
  return strategy !== REPLACE_DIRECTIVE ? mergeMap(original, patch, schema, options) : patch;
}

function mergeSliceHandler(
  original: unknown,
  patch: unknown,
  schema: Schema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  options: MergeOptions,
): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType('slice', original);
  if (!Array.isArray(patch)) throw errBadArgType('slice', patch);
  // Deletion lists apply whatever the field's strategy is.
  if (strategy === MERGE_DIRECTIVE || isDeleteList)
    return mergeSlice(original, patch, schema, mergeKey, options, isDeleteList);
  return patch;
}

/** mergeSlice: merge a patch list into a live list (maps by merge key, scalars as a set). */
function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: Schema,
  mergeKey: string,
  options: MergeOptions,
  isDeleteList: boolean,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let orig = original;
  let pat = patch;
  if (kind !== 'map') {
    if (options.mergeParallelList && isDeleteList) {
      const toDelete = new Set(patch);
      return original.filter((v) => !toDelete.has(v));
    }
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw internal(`cannot merge lists without merge key for ${schemaName(schema)}`);
    [orig, pat] = mergeSliceWithSpecialElements(original, patch, mergeKey);
    merged = mergeSliceWithoutSpecialElements(orig, pat, mergeKey, schema, options);
  }
  const [patchItems, serverOnlyItems] =
    mergeKey.length === 0 ? partitionPrimitives(merged, pat) : partitionMaps(merged, pat, mergeKey);
  return normalizeElementOrder(patchItems, serverOnlyItems, pat, orig, mergeKey, kind);
}

const schemaName = (schema: Schema): string => schema ?? '';

/**
 * mergeSliceWithSpecialElements: apply `{key: v, $patch: delete}` items to the live list and
 * `{$patch: replace}` to the whole list; returns the live list and the rest of the patch.
 */
function mergeSliceWithSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const rest: unknown[] = [];
  let replace = false;
  let orig = original;
  for (const v of patch) {
    const typed = v as JsonMap;
    if (!hasKey(typed, DIRECTIVE_MARKER)) {
      rest.push(v);
      continue;
    }
    const patchType = typed[DIRECTIVE_MARKER];
    if (patchType === DELETE_DIRECTIVE) {
      if (!hasKey(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
      // deleteMatchingEntries: remove every item with that merge key value.
      orig = [...orig];
      for (let found = findMapInSlice(orig, mergeKey, typed[mergeKey]); found;) {
        orig.splice(found[1], 1);
        found = findMapInSlice(orig, mergeKey, typed[mergeKey]);
      }
    } else if (patchType === REPLACE_DIRECTIVE) {
      replace = true;
    } else if (patchType === MERGE_DIRECTIVE) {
      throw internal('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(patchType, typed);
    }
  }
  return replace ? [rest, []] : [orig, rest];
}

/** mergeSliceWithoutSpecialElements: merge items with a matching key, append the others. */
function mergeSliceWithoutSpecialElements(
  original: unknown[],
  patch: unknown[],
  mergeKey: string,
  schema: Schema,
  options: MergeOptions,
): unknown[] {
  const out = [...original];
  for (const v of patch) {
    const typed = v as JsonMap;
    if (!hasKey(typed, mergeKey)) throw errNoMergeKey(typed, mergeKey);
    const found = findMapInSlice(out, mergeKey, typed[mergeKey]);
    if (found) out[found[1]] = mergeMap(found[0], typed, schema, options);
    else out.push(v);
  }
  return out;
}
