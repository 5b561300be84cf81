/**
 * JSON patch (RFC 6902) exactly as the apiserver applies `application/json-patch+json`: the
 * port follows gopkg.in/evanphx/json-patch.v4 (v4.12.0, vendored by Kubernetes 1.32), quirks and
 * error texts included, because kubectl prints those texts to the user:
 *
 *   $ kubectl patch pod web --type=json -p '[{"op":"remove","path":"/spec/foo"}]'
 *   … error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value
 *
 * Quirks kept on purpose (RFC 6902 says otherwise, Kubernetes does this):
 * - `replace` on a missing object member adds it; only a missing array index fails.
 * - `test` of a missing member (or a missing array index's parent) against `null` succeeds.
 * - `copy` from a missing member copies `null`.
 * - Negative array indices count from the end (`SupportNegativeIndices`) for add and remove.
 * - The first path segment before the first `/` is ignored (`a/b` addresses `/b`).
 *
 * Errors are `PatchError`s of kind `Invalid` (the apiserver answers 422 with the text as the
 * cause), or `BadRequest` when the patch document itself cannot be decoded.
 */
import { PatchError } from './mergepatch';
import { deepCopy, hasKey, isMap, type JsonMap } from './strategicpatch/gofmt';

export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test' | string;
  path?: string;
  from?: string;
  value?: unknown;
}

/** Thrown inside the port; `applyJsonPatch` turns it into a PatchError. */
class OpError extends Error {}

/** RFC 6901 unescaping, as evanphx's strings.Replacer does it (`~1` then `~0`, left to right). */
export const decodePointerToken = (k: string): string => k.replace(/~[01]/g, (m) => (m === '~1' ? '/' : '~'));

/** RFC 6901 escaping of one reference token. */
export const encodePointerToken = (k: string): string => k.replace(/~/g, '~0').replace(/\//g, '~1');

/** strconv.Atoi, with its error texts. */
function atoi(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (!Number.isSafeInteger(n) && Math.abs(n) >= 2 ** 63)
    throw new OpError(`strconv.Atoi: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

const invalidIndex = (idx: number): OpError =>
  new OpError(`Unable to access invalid index: ${idx}: invalid index referenced`);

/** A place to read and write one level of the document: evanphx's partialDoc / partialArray. */
type Container = { doc: JsonMap } | { ary: unknown[] };

function get(c: Container, key: string): unknown {
  if ('doc' in c) return hasKey(c.doc, key) ? c.doc[key] : null;
  const idx = atoi(key);
  // Go would panic on a negative index here; the apiserver would answer 500. Treat as missing.
  if (idx >= c.ary.length || idx < 0) throw invalidIndex(idx);
  return c.ary[idx] ?? null;
}

function set(c: Container, key: string, val: unknown): void {
  if ('doc' in c) c.doc[key] = val;
  else c.ary[atoi(key)] = val;
}

function add(c: Container, key: string, val: unknown): void {
  if ('doc' in c) {
    c.doc[key] = val;
    return;
  }
  if (key === '-') {
    c.ary.push(val);
    return;
  }
  let idx: number;
  try {
    idx = atoi(key);
  } catch (e) {
    throw new OpError(`value was not a proper array index: '${key}': ${(e as Error).message}`);
  }
  const size = c.ary.length + 1;
  if (idx >= size || idx < -size) throw invalidIndex(idx);
  if (idx < 0) idx += size;
  c.ary.splice(idx, 0, val);
}

function remove(c: Container, key: string): void {
  if ('doc' in c) {
    if (!hasKey(c.doc, key)) throw new OpError(`Unable to remove nonexistent key: ${key}: missing value`);
    delete c.doc[key];
    return;
  }
  let idx = atoi(key);
  if (idx >= c.ary.length || idx < -c.ary.length) throw invalidIndex(idx);
  if (idx < 0) idx += c.ary.length;
  c.ary.splice(idx, 1);
}

/** findObject: the container holding the last token of `path`, or undefined. */
function findObject(root: Container, path: string): [Container, string] | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let c = root;
  for (const part of split.slice(1, -1)) {
    let next: unknown;
    try {
      next = get(c, decodePointerToken(part));
    } catch {
      return undefined;
    }
    if (Array.isArray(next)) c = { ary: next };
    else if (isMap(next)) c = { doc: next };
    else return undefined;
  }
  return [c, decodePointerToken(split[split.length - 1]!)];
}

/** lazyNode.equal: structural equality; scalars compare by their JSON text. */
function equalNode(n: unknown, o: unknown): boolean {
  if (isMap(n)) {
    if (!isMap(o) || Object.keys(n).length !== Object.keys(o).length) return false;
    for (const k of Object.keys(n)) {
      if (!hasKey(o, k)) return false;
      const v = n[k];
      const ov = o[k];
      if (v === null && ov === null) continue;
      if (v === null || ov === null) return false;
      if (!equalNode(v, ov)) return false;
    }
    return true;
  }
  if (Array.isArray(n)) {
    if (!Array.isArray(o) || n.length !== o.length) return false;
    return n.every((v, i) => (v === null && o[i] === null) || equalNode(v, o[i]));
  }
  if (isMap(o) || Array.isArray(o)) return false;
  return JSON.stringify(n) === JSON.stringify(o);
}

/** Operation.Path / Operation.From: the member must be a JSON string. */
function pointer(op: JsonMap, name: 'path' | 'from'): string {
  const v = op[name];
  if (v === undefined || v === null)
    throw new OpError(
      name === 'path'
        ? 'operation missing path field: missing value'
        : 'operation, missing from field: missing value',
    );
  if (typeof v !== 'string')
    throw new OpError(`json: cannot unmarshal ${jsonTypeName(v)} into Go value of type string`);
  return v;
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (isMap(v)) return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

function kindOf(op: JsonMap): string {
  const v = op.op;
  return typeof v === 'string' ? v : 'unknown';
}

function applyOp(root: Container, op: JsonMap): void {
  const kind = kindOf(op);
  const value = hasKey(op, 'value') ? deepCopy(op.value) : null;
  switch (kind) {
    case 'add': {
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch {
        throw new OpError('add operation failed to decode path: missing value');
      }
      const found = findObject(root, path);
      if (!found)
        throw new OpError(`add operation does not apply: doc is missing path: "${path}": missing value`);
      try {
        add(found[0], found[1], value);
      } catch (e) {
        throw new OpError(`error in add for path: '${path}': ${(e as Error).message}`);
      }
      return;
    }
    case 'remove': {
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch {
        throw new OpError('remove operation failed to decode path: missing value');
      }
      const found = findObject(root, path);
      if (!found)
        throw new OpError(`remove operation does not apply: doc is missing path: "${path}": missing value`);
      try {
        remove(found[0], found[1]);
      } catch (e) {
        throw new OpError(`error in remove for path: '${path}': ${(e as Error).message}`);
      }
      return;
    }
    case 'replace': {
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch (e) {
        throw new OpError(`replace operation failed to decode path: ${(e as Error).message}`);
      }
      const found = findObject(root, path);
      if (!found)
        throw new OpError(`replace operation does not apply: doc is missing path: ${path}: missing value`);
      try {
        get(found[0], found[1]);
      } catch {
        throw new OpError(`replace operation does not apply: doc is missing key: ${path}: missing value`);
      }
      set(found[0], found[1], value);
      return;
    }
    case 'move': {
      let from: string;
      try {
        from = pointer(op, 'from');
      } catch (e) {
        throw new OpError(`move operation failed to decode from: ${(e as Error).message}`);
      }
      const src = findObject(root, from);
      if (!src)
        throw new OpError(`move operation does not apply: doc is missing from path: ${from}: missing value`);
      let val: unknown;
      try {
        val = get(src[0], src[1]);
        remove(src[0], src[1]);
      } catch (e) {
        throw new OpError(`error in move for path: '${src[1]}': ${(e as Error).message}`);
      }
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch (e) {
        throw new OpError(`move operation failed to decode path: ${(e as Error).message}`);
      }
      const dst = findObject(root, path);
      if (!dst)
        throw new OpError(
          `move operation does not apply: doc is missing destination path: ${path}: missing value`,
        );
      try {
        add(dst[0], dst[1], val);
      } catch (e) {
        throw new OpError(`error in move for path: '${path}': ${(e as Error).message}`);
      }
      return;
    }
    case 'test': {
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch (e) {
        throw new OpError(`test operation failed to decode path: ${(e as Error).message}`);
      }
      const found = findObject(root, path);
      if (!found) throw new OpError(`test operation does not apply: is missing path: ${path}: missing value`);
      let val: unknown;
      try {
        val = get(found[0], found[1]);
      } catch (e) {
        throw new OpError(`error in test for path: '${path}': ${(e as Error).message}`);
      }
      const failed = new OpError(`testing value ${path} failed: test failed`);
      if (val === null) {
        if (hasKey(op, 'value') && op.value === null) return;
        throw failed;
      }
      if (!hasKey(op, 'value') || !equalNode(val, op.value)) throw failed;
      return;
    }
    case 'copy': {
      let from: string;
      try {
        from = pointer(op, 'from');
      } catch (e) {
        throw new OpError(`copy operation failed to decode from: ${(e as Error).message}`);
      }
      const src = findObject(root, from);
      if (!src)
        throw new OpError(`copy operation does not apply: doc is missing from path: ${from}: missing value`);
      let val: unknown;
      try {
        val = get(src[0], src[1]);
      } catch (e) {
        throw new OpError(`error in copy for from: '${from}': ${(e as Error).message}`);
      }
      let path: string;
      try {
        path = pointer(op, 'path');
      } catch {
        throw new OpError('copy operation failed to decode path: missing value');
      }
      const dst = findObject(root, path);
      if (!dst)
        throw new OpError(
          `copy operation does not apply: doc is missing destination path: ${path}: missing value`,
        );
      try {
        add(dst[0], dst[1], deepCopy(val));
      } catch (e) {
        throw new OpError(`error while adding value during copy: ${(e as Error).message}`);
      }
      return;
    }
    default:
      throw new OpError(`Unexpected kind: ${kind}`);
  }
}

/**
 * Decodes a JSON patch document as `jsonpatch.DecodePatch` does: it must be an array of objects.
 * Throws a 400 `PatchError` with Go's json decoding text otherwise.
 */
export function decodeJsonPatch(patch: unknown): JsonMap[] {
  // `null` decodes to an empty patch, as json.Unmarshal leaves the slice nil.
  if (patch === null) return [];
  if (!Array.isArray(patch))
    throw new PatchError(
      `json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type jsonpatch.Patch`,
      'BadRequest',
    );
  for (const op of patch) {
    if (op !== null && !isMap(op))
      throw new PatchError(
        `json: cannot unmarshal ${jsonTypeName(op)} into Go value of type jsonpatch.Operation`,
        'BadRequest',
      );
  }
  return patch.map((op) => (isMap(op) ? op : {}));
}

/**
 * Applies an RFC 6902 patch and returns the new document; `doc` is not modified.
 * `ops` is the decoded request body (anything: it is validated as DecodePatch does).
 */
export function applyJsonPatch<T = unknown>(doc: T, ops: unknown): T {
  const decoded = decodeJsonPatch(ops);
  const copy = deepCopy(doc) as unknown;
  let root: Container;
  if (Array.isArray(copy)) root = { ary: copy };
  else if (isMap(copy)) root = { doc: copy };
  else throw new PatchError('json: cannot unmarshal non-object document', 'BadRequest');
  for (const op of decoded) {
    try {
      applyOp(root, op);
    } catch (e) {
      if (e instanceof OpError) throw new PatchError(e.message, 'Invalid');
      throw e;
    }
  }
  return copy as T;
}
