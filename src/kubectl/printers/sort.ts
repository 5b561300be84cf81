/**
 * `--sort-by`: kubectl's sorter (kubectl/pkg/cmd/get/sorter.go). The field is a JSONPath
 * (relaxed: `.metadata.name` or `{.metadata.name}`), named `sorting`, run with missing keys
 * allowed on each object (for tables, on the full object the server includes with
 * `includeObject=Object`). Strings that are both Quantities compare as quantities
 * (`--sort-by=.spec.containers[0].resources.requests.cpu`), other strings byte by byte
 * (`pod-10` before `pod-2`); an object missing the field is "less" than any other.
 *
 * kubectl sorts in three places, with different error handling, and all three are kept:
 * - `sortObjects` (SortObjects): the items of the List that `-o name/json/yaml/jsonpath/
 *   custom-columns` print, and the per-resource Tables of a human `get` of several resources.
 *   Its errors are kubectl's (`couldn't find any field with path "{.x}" in the list of objects`).
 * - `sortTableRows` (SortingPrinter + TableSorter): the rows of one server Table. kubectl drops
 *   its errors (the table is simply not printed), so it returns undefined.
 * - values Go cannot compare (maps, lists, an int with a string) make kubectl exit through
 *   klog (`F… sorter.go:329] Field {.x} in *unstructured.Unstructured is an unsortable type: …`).
 *
 * The order is Go's sort.Sort (gosort.ts), not a stable sort: with a Less that calls every
 * missing field "less", the order of such objects depends on the algorithm.
 */
import type { Table } from '../../api/types';
import { goCompareStrings, goQuote } from '../../apimachinery/golang';
import {
  findResults,
  goSharpV,
  goTypeName,
  JsonPathExecuteError,
  JsonPathParseError,
  parseJsonPath,
  relaxedJsonPathExpression,
  type GoValue,
  type JsonPathTemplate,
} from '../../apimachinery/jsonpath';
import { parseQuantity } from '../../apimachinery/quantity';
import { ExitError, KubectlError } from '../errors';
import { klogHeader } from '../klog';
import { goSort } from './gosort';

/** isLess failed: Go cannot order these two values. */
class UnsortableError extends Error {}

/**
 * sorter.go isLess for two values found in unstructured data (reflect kind `interface`): nil
 * first, int64 with int64, float64 with float64, strings as quantities or byte by byte.
 * Anything else throws UnsortableError with Go's message.
 */
export function isLess(i: GoValue, j: GoValue): boolean {
  const iNil = i === null || i === undefined;
  const jNil = j === null || j === undefined;
  if (iNil && jNil) return false;
  if (iNil) return true;
  if (jNil) return false;
  const it = goTypeName(i);
  const jt = goTypeName(j);
  if (it === 'int64' || it === 'float64') {
    if (jt === it) return (i as number) < (j as number);
  } else if (it === 'string') {
    if (jt === 'string') {
      const [a, b] = [i as string, j as string];
      try {
        return parseQuantity(a).cmp(parseQuantity(b)) < 0;
      } catch {
        // Byte order, as kubectl v1.32 compares strings held in an interface: `pod-10` sorts
        // before `pod-2` (the natural order of later versions is not there yet).
        return goCompareStrings(a, b) < 0;
      }
    }
  } else {
    throw new UnsortableError(`unsortable type: ${it}`);
  }
  throw new UnsortableError('unsortable interface: interface');
}

/** klog.Exitf / klog.Fatalf in sorter.go: an `F` line on stderr, and the process exits. */
function klogExit(now: () => number, source: string, msg: string, code = 1): ExitError {
  return new ExitError(code, klogHeader('F', now(), source) + msg + '\n');
}

/** JSONPath errors surface as kubectl prints them: the bare message (`error: …`). */
function parseSortingPath(field: string): JsonPathTemplate {
  try {
    return parseJsonPath('sorting', field);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new KubectlError(e.message);
    throw e;
  }
}

/** RelaxedJSONPathExpression, or the field as given when it is not a relaxed path (NewRuntimeSorter). */
export function relaxedOrRaw(sortBy: string): string {
  try {
    return relaxedJsonPathExpression(sortBy);
  } catch {
    return sortBy;
  }
}

/**
 * SortObjects: sort `items` by the field of the object each one stands for. Throws kubectl's
 * errors: the relaxed-path and JSONPath parse messages, a JSONPath execution error, or
 * `couldn't find any field with path "{.x}" in the list of objects` when no object has it.
 */
export function sortObjects<T>(
  items: readonly T[],
  objectOf: (item: T) => unknown,
  fieldInput: string,
  now: () => number,
): T[] {
  const objs = [...items];
  if (objs.length === 0) return objs;
  let field: string;
  try {
    field = relaxedJsonPathExpression(fieldInput);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new KubectlError(e.message);
    throw e;
  }
  const parser = parseSortingPath(field);
  const find = (item: T) => findResults(parser, objectOf(item));
  const has = (v: GoValue[][]) => v.length > 0 && v[0]!.length > 0;
  // No model validation: the field is valid if at least one object has it.
  if (!objs.some((item) => has(find(item)))) {
    throw new KubectlError(`couldn't find any field with path ${goQuote(field)} in the list of objects`);
  }
  goSort({
    len: objs.length,
    swap(i, j) {
      [objs[i], objs[j]] = [objs[j]!, objs[i]!];
    },
    // RuntimeSort.Less evaluates the path again for every comparison.
    less(i, j) {
      const values = (k: number, which: 'i' | 'j', line: number): GoValue[][] => {
        try {
          return find(objs[k]!);
        } catch (e) {
          if (!(e instanceof JsonPathExecuteError)) throw e;
          const obj = `&unstructured.Unstructured{Object:${goSharpV(objectOf(objs[k]!))}}`;
          const err = which === 'i' ? `&errors.errorString{s:${goQuote(e.message)}}` : e.message;
          throw klogExit(
            now,
            `sorter.go:${line}`,
            `Failed to get ${which} values for ${obj} using ${field} (${err})`,
            255,
          );
        }
      };
      const iValues = values(i, 'i', 310);
      const jValues = values(j, 'j', 315);
      if (!has(iValues)) return true;
      if (!has(jValues)) return false;
      try {
        return isLess(iValues[0]![0], jValues[0]![0]);
      } catch (e) {
        if (!(e instanceof UnsortableError)) throw e;
        throw klogExit(
          now,
          'sorter.go:329',
          `Field ${field} in *unstructured.Unstructured is an unsortable type: interface, err: ${e.message}`,
        );
      }
    },
  });
  return objs;
}

/**
 * SortingPrinter for one server Table: rows sorted by the field of their object. Returns
 * undefined where kubectl's printer fails (a bad path, a JSONPath error, no row with the
 * field): `kubectl get` ignores that error, so the table is not printed at all.
 */
export function sortTableRows(table: Table, sortBy: string, now: () => number): Table | undefined {
  if (table.rows.length <= 1) return table;
  const field = relaxedOrRaw(sortBy);
  let parser: JsonPathTemplate;
  let parsedRows: GoValue[][][];
  try {
    parser = parseJsonPath('sorting', field);
    parsedRows = table.rows.map((r) => findResults(parser, r.object));
  } catch (e) {
    if (e instanceof JsonPathParseError || e instanceof JsonPathExecuteError) return undefined;
    throw e;
  }
  const has = (v: GoValue[][]) => v.length > 0 && v[0]!.length > 0;
  if (!parsedRows.some(has)) return undefined;
  const rows = [...table.rows];
  goSort({
    len: rows.length,
    swap(i, j) {
      [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      [parsedRows[i], parsedRows[j]] = [parsedRows[j]!, parsedRows[i]!];
    },
    less(i, j) {
      const iValues = parsedRows[i]!;
      const jValues = parsedRows[j]!;
      if (!has(iValues)) return true;
      if (!has(jValues)) return false;
      try {
        return isLess(iValues[0]![0], jValues[0]![0]);
      } catch (e) {
        if (!(e instanceof UnsortableError)) throw e;
        throw klogExit(
          now,
          'sorter.go:375',
          `Field ${field} in [][][]reflect.Value is an unsortable type: interface, err: ${e.message}`,
        );
      }
    },
  });
  return { ...table, rows };
}
