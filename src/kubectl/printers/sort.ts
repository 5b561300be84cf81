/**
 * `--sort-by`: kubectl's sorter (kubectl/pkg/cmd/get/sorter.go). The field is a JSONPath
 * (relaxed: `.metadata.name` or `{.metadata.name}`), evaluated on each object (for tables, on
 * the full object the server includes with `includeObject=Object`). Strings that are both
 * Quantities compare as quantities (`--sort-by=.spec.containers[0].resources.requests.cpu`),
 * other strings in natural order (`pod-2` before `pod-10`); objects missing the field go first.
 */
import { parseQuantity } from '../../apimachinery/quantity';
import { KubectlError } from '../errors';
import { findJsonPathResults, parseJsonPath, type JsonPath } from './jsonpath';
import { relaxedJSONPathExpression } from './index';

/** github.com/fvbommel/sortorder NaturalLess. */
export function naturalLess(s1: string, s2: string): boolean {
  const b1 = new TextEncoder().encode(s1);
  const b2 = new TextEncoder().encode(s2);
  const isDigit = (c: number | undefined) => c !== undefined && c >= 48 && c <= 57;
  let i1 = 0;
  let i2 = 0;
  while (i1 < b1.length && i2 < b2.length) {
    const c1 = b1[i1]!;
    const c2 = b2[i2]!;
    const d1 = isDigit(c1);
    const d2 = isDigit(c2);
    if (d1 !== d2) return d1;
    if (!d1) {
      if (c1 !== c2) return c1 < c2;
      i1++;
      i2++;
      continue;
    }
    while (i1 < b1.length && b1[i1] === 48) i1++;
    while (i2 < b2.length && b2[i2] === 48) i2++;
    const nz1 = i1;
    const nz2 = i2;
    while (i1 < b1.length && isDigit(b1[i1])) i1++;
    while (i2 < b2.length && isDigit(b2[i2])) i2++;
    const len1 = i1 - nz1;
    const len2 = i2 - nz2;
    if (len1 !== len2) return len1 < len2;
    const n1 = s1Slice(b1, nz1, i1);
    const n2 = s1Slice(b2, nz2, i2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return b1.length < b2.length;
}

function s1Slice(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.slice(from, to));
}

/** sorter.go isLess for two JSON values. */
export function valueLess(i: unknown, j: unknown): boolean {
  if (i === null || i === undefined) return j !== null && j !== undefined;
  if (j === null || j === undefined) return false;
  if (typeof i === 'number' && typeof j === 'number') return i < j;
  if (typeof i === 'boolean' && typeof j === 'boolean') return !i && j;
  if (typeof i === 'string' && typeof j === 'string') {
    try {
      const qi = parseQuantity(i);
      const qj = parseQuantity(j);
      return qi.cmp(qj) < 0;
    } catch {
      return naturalLess(i, j);
    }
  }
  if (Array.isArray(i) && Array.isArray(j)) {
    for (let k = 0; k < Math.min(i.length, j.length); k++) {
      if (valueLess(i[k], j[k])) return true;
      if (valueLess(j[k], i[k])) return false;
    }
    return i.length < j.length;
  }
  if (typeof i === 'object' && typeof j === 'object') {
    const ki = Object.keys(i as object).sort();
    const kj = Object.keys(j as object).sort();
    for (let k = 0; k < Math.min(ki.length, kj.length); k++) {
      if (ki[k] !== kj[k]) return ki[k]! < kj[k]!;
    }
    for (const k of ki) {
      const a = (i as Record<string, unknown>)[k];
      const b = (j as Record<string, unknown>)[k];
      if (valueLess(a, b)) return true;
      if (valueLess(b, a)) return false;
    }
    return false;
  }
  throw new KubectlError(`unsortable type: ${typeof i}`);
}

/** Parse a --sort-by value into a JSONPath. */
export function sortField(sortBy: string): JsonPath {
  let field: string;
  try {
    field = relaxedJSONPathExpression(sortBy);
  } catch {
    field = sortBy;
  }
  try {
    return parseJsonPath(field);
  } catch (e) {
    throw new KubectlError(`error parsing jsonpath ${field}, ${(e as Error).message}`);
  }
}

/** Sort items by a field (stable), as TableSorter / RuntimeSort do. Returns the new order. */
export function sortByField<T>(items: T[], jp: JsonPath, objectOf: (item: T) => unknown): T[] {
  const keyed = items.map((item, index) => {
    let v: unknown[][] = [];
    try {
      v = findJsonPathResults(jp, objectOf(item), true);
    } catch (e) {
      throw new KubectlError(`couldn't find any field with path: ${jp.template}: ${(e as Error).message}`);
    }
    const has = v.length > 0 && v[0]!.length > 0;
    return { item, index, has, value: has ? v[0]![0] : undefined };
  });
  keyed.sort((a, b) => {
    const less = (x: typeof a, y: typeof a) => (!x.has ? true : !y.has ? false : valueLess(x.value, y.value));
    if (!a.has && !b.has) return a.index - b.index;
    if (less(a, b) && !less(b, a)) return -1;
    if (less(b, a) && !less(a, b)) return 1;
    return a.index - b.index;
  });
  return keyed.map((k) => k.item);
}
