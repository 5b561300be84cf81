/**
 * Computing a strategic merge patch from documents: apimachinery strategicpatch `diffMaps` and
 * its helpers, as `kubectl apply` (CreateThreeWayMergePatch), `kubectl edit` and `kubectl
 * annotate/label` (CreateTwoWayMergePatch) run them. For each field of `modified`:
 *
 * - added or changed scalars, and lists without a merge strategy, are copied whole;
 * - objects are diffed recursively (or copied whole for `patchStrategy: replace`);
 * - merge lists of objects get the changed items (with their merge key), `{key, $patch: delete}`
 *   for removed ones, and a `$setElementOrder/<field>` list giving the new order;
 * - merge lists of scalars get the added items, `$deleteFromPrimitiveList/<field>` for the removed
 *   ones and `$setElementOrder/<field>`;
 * - fields of `original` missing from `modified` become `null`;
 * - objects with `patchStrategy: retainKeys` get `$retainKeys`, the keys to keep.
 *
 * Go's quirks are kept, including that diffing a list of scalars sorts the original list in place
 * (so a reordered-but-equal list of finalizers still gets a `$setElementOrder`).
 */
import { errBadArgType, errNoListOfLists, errNoMergeKey, internal } from './errors';
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
  mergeKeyValueEqual,
  normalizeSliceOrder,
  sliceElementType,
  sliceStable,
  sortScalars,
} from './order';

export interface DiffOptions {
  /** Emit `$setElementOrder` lists. */
  setElementOrder: boolean;
  /** Leave additions and changes out (the deletions half of a three-way patch). */
  ignoreChangesAndAdditions: boolean;
  /** Leave deletions out (the changes half of a three-way patch). */
  ignoreDeletions: boolean;
  /** Emit `$retainKeys` for this object (set from the field's retainKeys strategy). */
  buildRetainKeysDirective: boolean;
}

const DIFF_DEFAULTS: DiffOptions = {
  setElementOrder: false,
  ignoreChangesAndAdditions: false,
  ignoreDeletions: false,
  buildRetainKeysDirective: false,
};

export const diffOptions = (o: Partial<DiffOptions>): DiffOptions => ({ ...DIFF_DEFAULTS, ...o });

/** diffMaps: the (recursive) patch that turns `original` into `modified`. Mutates as Go does. */
export function diffMaps(
  original: JsonMap,
  modified: JsonMap,
  schema: Schema,
  options: DiffOptions,
): JsonMap {
  const patch: JsonMap = {};
  const retainKeysList: unknown[] = [];
  for (const key of Object.keys(modified)) {
    const modifiedValue = modified[key];
    if (options.buildRetainKeysDirective && modifiedValue !== null) retainKeysList.push(key);
    if (!hasKey(original, key)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    const originalValue = original[key];
    if (key === DIRECTIVE_MARKER) {
      // handleDirectiveMarker: only meaningful when diffing patches.
      if (typeof originalValue !== 'string' || typeof modifiedValue !== 'string')
        throw internal(`invalid value for special key: ${DIRECTIVE_MARKER}`);
      if (modifiedValue !== originalValue) patch[DIRECTIVE_MARKER] = modifiedValue;
      continue;
    }
    if (goType(originalValue) !== goType(modifiedValue)) {
      if (!options.ignoreChangesAndAdditions) patch[key] = modifiedValue;
      continue;
    }
    if (isMap(originalValue))
      handleMapDiff(key, originalValue, modifiedValue as JsonMap, patch, schema, options);
    else if (Array.isArray(originalValue))
      handleSliceDiff(key, originalValue, modifiedValue as unknown[], patch, schema, options);
    else replacePatchFieldIfNotEqual(key, originalValue, modifiedValue, patch, options);
  }
  if (!options.ignoreDeletions) {
    for (const key of Object.keys(original)) if (!hasKey(modified, key)) patch[key] = null;
  }
  if (
    retainKeysList.length > 0 &&
    (Object.keys(patch).length > 0 || hasAdditionalNewField(original, modified))
  ) {
    patch[RETAIN_KEYS_DIRECTIVE] = sortScalars(retainKeysList);
  }
  return patch;
}

/** hasAdditionalNewField: original has a non-null key that modified lacks. */
function hasAdditionalNewField(original: JsonMap, modified: JsonMap): boolean {
  return Object.keys(original).some((k) => original[k] !== null && !hasKey(modified, k));
}

function replacePatchFieldIfNotEqual(
  key: string,
  original: unknown,
  modified: unknown,
  patch: JsonMap,
  options: DiffOptions,
): void {
  if (options.ignoreChangesAndAdditions) return;
  if (deepEqual(original, modified)) return;
  patch[key] = modified;
}

function handleMapDiff(
  key: string,
  original: JsonMap,
  modified: JsonMap,
  patch: JsonMap,
  schema: Schema,
  options: DiffOptions,
): void {
  const { schema: subschema, meta } = lookupField(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  const opts = { ...options, buildRetainKeysDirective: retainKeys };
  if (strategy === REPLACE_DIRECTIVE) {
    if (!opts.ignoreChangesAndAdditions) patch[key] = modified;
    return;
  }
  const patchValue = diffMaps(original, modified, subschema, opts);
  if (Object.keys(patchValue).length > 0) patch[key] = patchValue;
}

function handleSliceDiff(
  key: string,
  original: unknown[],
  modified: unknown[],
  patch: JsonMap,
  schema: Schema,
  options: DiffOptions,
): void {
  const { schema: subschema, meta } = lookupField(schema, key);
  const [retainKeys, strategy] = extractRetainKeysPatchStrategy(meta.strategies);
  if (strategy !== MERGE_DIRECTIVE) {
    replacePatchFieldIfNotEqual(key, original, modified, patch, options);
    return;
  }
  const opts = { ...options, buildRetainKeysDirective: retainKeys };
  const [addList, deletionList, setOrderList] = diffLists(original, modified, subschema, meta.mergeKey, opts);
  if (addList.length > 0) patch[key] = addList;
  if (deletionList.length > 0) patch[`${DELETE_FROM_PRIMITIVE_LIST_PREFIX}/${key}`] = deletionList;
  if (setOrderList.length > 0) patch[`${SET_ELEMENT_ORDER_PREFIX}/${key}`] = setOrderList;
}

/** diffLists: [patch list, deletion list (scalars only), $setElementOrder list]. */
function diffLists(
  original: unknown[],
  modified: unknown[],
  schema: Schema,
  mergeKey: string,
  options: DiffOptions,
): [unknown[], unknown[], unknown[]] {
  if (original.length === 0) {
    if (modified.length === 0 || options.ignoreChangesAndAdditions) return [[], [], []];
    return [modified, [], []];
  }
  const kind = sliceElementType(original, modified);
  if (kind === 'map') {
    const [changes, deletions] = diffListsOfMaps(original, modified, schema, mergeKey, options);
    let patchList = normalizeSliceOrder(changes, modified, mergeKey, kind);
    const orderSame = isOrderSame(original, modified, mergeKey);
    patchList = [...patchList, ...deletions];
    let setOrderList: unknown[] = [];
    if (
      options.setElementOrder &&
      ((!options.ignoreChangesAndAdditions && (patchList.length > 0 || !orderSame)) ||
        (!options.ignoreDeletions && patchList.length > 0))
    ) {
      setOrderList = modified.map((v) => ({ [mergeKey]: (v as JsonMap)[mergeKey] }));
    }
    return [patchList, [], setOrderList];
  }
  if (kind === 'slice') throw errNoListOfLists();
  const [additions, deletions] = diffListsOfScalars(original, modified, options);
  const patchList = normalizeSliceOrder(additions, modified, mergeKey, kind);
  let setOrderList: unknown[] = [];
  if (
    options.setElementOrder &&
    ((!options.ignoreDeletions && deletions.length > 0) ||
      // `original` has been sorted in place by diffListsOfScalars: Go compares the sorted list.
      (!options.ignoreChangesAndAdditions && !deepEqual(original, modified)))
  ) {
    setOrderList = modified;
  }
  return [patchList, deletions, setOrderList];
}

function isOrderSame(original: unknown[], modified: unknown[], mergeKey: string): boolean {
  if (original.length !== modified.length) return false;
  return modified.every((m, i) => mergeKeyValueEqual(original[i], m, mergeKey));
}

/** diffListsOfScalars: [additions, deletions], walking both lists sorted by their `%v` text. */
function diffListsOfScalars(
  original: unknown[],
  modified: unknown[],
  options: DiffOptions,
): [unknown[], unknown[]] {
  const originalScalars = sortScalars(original); // in place, as in Go
  const modifiedScalars = sortScalars([...modified]);
  const addList: unknown[] = [];
  const deletionList: unknown[] = [];
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalScalars.length;
    const mIn = mi < modifiedScalars.length;
    if (!oIn && !mIn) break;
    const os = oIn ? goV(originalScalars[oi]) : '';
    const ms = mIn ? goV(modifiedScalars[mi]) : '';
    if (oIn && mIn && os === ms) {
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && os > ms)) {
      if (!options.ignoreChangesAndAdditions) addList.push(modifiedScalars[mi]);
      mi++;
    } else {
      if (!options.ignoreDeletions) deletionList.push(originalScalars[oi]);
      oi++;
    }
  }
  return [addList, deduplicateScalars(deletionList)];
}

/** sortMergeListsByNameArray (no recursion): a copy sorted by the `%v` text of the merge key. */
function sortByMergeKey(s: unknown[], mergeKey: string): unknown[] {
  if (s.length === 0) return s;
  const t = sliceElementType(s);
  if (t !== 'map') {
    sortScalars(deduplicateScalars(s));
    return s;
  }
  const out = s.map((v) => {
    if (!isMap(v)) throw errBadArgType('map', v);
    return v;
  });
  const key = (m: JsonMap): string => goV(hasKey(m, mergeKey) ? m[mergeKey] : null);
  sliceStable(out, (a, b) => key(a) < key(b));
  return out;
}

/** diffListsOfMaps: [changed and added items, `$patch: delete` items]. */
function diffListsOfMaps(
  original: unknown[],
  modified: unknown[],
  schema: Schema,
  mergeKey: string,
  options: DiffOptions,
): [unknown[], unknown[]] {
  const patch: unknown[] = [];
  const deletionList: unknown[] = [];
  const originalSorted = sortByMergeKey(original, mergeKey);
  const modifiedSorted = sortByMergeKey(modified, mergeKey);
  const at = (list: unknown[], i: number): [JsonMap, unknown] => {
    const m = list[i];
    if (!isMap(m)) throw errBadArgType('map', m);
    if (!hasKey(m, mergeKey)) throw errNoMergeKey(m, mergeKey);
    return [m, m[mergeKey]];
  };
  let oi = 0;
  let mi = 0;
  for (;;) {
    const oIn = oi < originalSorted.length;
    const mIn = mi < modifiedSorted.length;
    if (!oIn && !mIn) break;
    const [oEl, oKey] = oIn ? at(originalSorted, oi) : [{}, null];
    const [mEl, mKey] = mIn ? at(modifiedSorted, mi) : [{}, null];
    const os = oIn ? goV(oKey) : '';
    const ms = mIn ? goV(mKey) : '';
    if (oIn && mIn && os === ms) {
      const patchValue = diffMaps(oEl, mEl, schema, options);
      if (Object.keys(patchValue).length > 0) {
        patchValue[mergeKey] = mKey;
        patch.push(patchValue);
      }
      oi++;
      mi++;
    } else if (!oIn || (oIn && mIn && os > ms)) {
      if (!options.ignoreChangesAndAdditions) patch.push(mEl);
      mi++;
    } else {
      if (!options.ignoreDeletions)
        deletionList.push({ [mergeKey]: oKey, [DIRECTIVE_MARKER]: DELETE_DIRECTIVE });
      oi++;
    }
  }
  return [patch, deletionList];
}

// ---------------------------------------------------------------------------------------------
// Conflicts (MergingMapsHaveConflicts), for kubectl apply --overwrite=false

function mergingMapFieldsHaveConflicts(
  left: unknown,
  right: unknown,
  schema: Schema,
  strategy: string,
  mergeKey: string,
): boolean {
  if (isMap(left)) {
    if (!isMap(right)) return true;
    const okL = hasKey(left, DIRECTIVE_MARKER);
    const okR = hasKey(right, DIRECTIVE_MARKER);
    if (okL || okR) {
      if (okL !== okR) return true;
      if (left[DIRECTIVE_MARKER] !== right[DIRECTIVE_MARKER]) return true;
    }
    if (strategy === REPLACE_DIRECTIVE) return false;
    return mapsHaveConflicts(left, right, schema);
  }
  if (Array.isArray(left)) {
    if (!Array.isArray(right)) return true;
    return slicesHaveConflicts(left, right, schema, strategy, mergeKey);
  }
  return !deepEqual(left, right);
}

function mapsHaveConflicts(left: JsonMap, right: JsonMap, schema: Schema): boolean {
  for (const key of Object.keys(left)) {
    if (key === DIRECTIVE_MARKER || key === RETAIN_KEYS_DIRECTIVE || !hasKey(right, key)) continue;
    const l = left[key];
    let subschema: Schema;
    let strategy = '';
    let mergeKey = '';
    if (Array.isArray(l) || isMap(l)) {
      const r = lookupField(schema, key);
      subschema = r.schema;
      [, strategy] = extractRetainKeysPatchStrategy(r.meta.strategies);
      mergeKey = r.meta.mergeKey;
    }
    if (mergingMapFieldsHaveConflicts(l, right[key], subschema, strategy, mergeKey)) return true;
  }
  return false;
}

function slicesHaveConflicts(
  left: unknown[],
  right: unknown[],
  schema: Schema,
  strategy: string,
  mergeKey: string,
): boolean {
  const kind = sliceElementType(left, right);
  if (strategy === MERGE_DIRECTIVE) {
    if (kind !== 'map') return false;
    const toMap = (s: unknown[]): Map<string, unknown> => {
      const m = new Map<string, unknown>();
      for (const v of s) {
        if (!isMap(v)) throw internal(`invalid element type in merging list:${goV(s)}`);
        if (!hasKey(v, mergeKey))
          throw internal(`cannot find merge key \`${mergeKey}\` in merging list element:${goV(v)}`);
        m.set(goV(v[mergeKey]), v);
      }
      return m;
    };
    const l = toMap(left);
    const r = toMap(right);
    for (const [k, v] of l)
      if (r.has(k) && mergingMapFieldsHaveConflicts(v, r.get(k), schema, '', '')) return true;
    return false;
  }
  if (left.length !== right.length) return true;
  let l = left;
  let r = right;
  if (kind !== 'map') {
    l = sortScalars(deduplicateScalars([...left]));
    r = sortScalars(deduplicateScalars([...right]));
  }
  return l.some((v, i) => mergingMapFieldsHaveConflicts(v, r[i], schema, '', ''));
}

/** MergingMapsHaveConflicts: do two patches set the same fields differently? */
export function mergingMapsHaveConflicts(left: JsonMap, right: JsonMap, schema: Schema): boolean {
  return mergingMapFieldsHaveConflicts(left, right, schema, '', '');
}
