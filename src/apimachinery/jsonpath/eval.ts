/**
 * Executing a parsed JSONPath template: a port of client-go's `util/jsonpath/jsonpath.go`
 * (FindResults, walk, the eval* functions, PrintResults) and of the comparison functions it
 * borrows from Go's text/template (`third_party/forked/golang/template/funcs.go`).
 *
 * Every step maps a list of values to a new list, so `.items[*].metadata.name` yields one name
 * per item. A field missing from every input is an error (`foo is not found`) unless
 * allowMissingKeys is set, which kubectl's printers do by default. Steps that fail hand back
 * a value list along with the error, as in Go: an `exists` filter (`[?(@.a)]`) ignores the
 * error and counts those values.
 */
import { goCompareStrings } from '../golang';
import type { ArrayNode, FilterNode, JsonPathNode, ListNode } from './node';
import {
  GoNumber,
  INVALID,
  goFormatNumber,
  goJsonMarshal,
  goSprint,
  goTypeName,
  isMap,
  mapKeys,
  numberType,
  type GoValue,
  type ValueOptions,
} from './value';

export interface FindOptions extends ValueOptions {
  /** client-go's AllowMissingKeys: a missing field yields no value instead of `x is not found`. */
  readonly allowMissingKeys?: boolean;
}

/**
 * A template that failed on the given data; `message` is client-go's error text
 * (`foo is not found`, `array index out of bounds: index 0, length 0`). `panic` marks the cases
 * where kubectl itself panics (a Go runtime error), e.g. indexing inside a `{range}` that
 * matched nothing.
 */
export class JsonPathExecuteError extends Error {
  constructor(
    message: string,
    readonly panic = false,
  ) {
    super(message);
    this.name = 'JsonPathExecuteError';
  }
}

/** A step's values and, when it failed, client-go's error (Go's `([]reflect.Value, error)`). */
interface Step {
  readonly values: GoValue[];
  readonly err?: string;
}

const ok = (values: GoValue[]): Step => ({ values });
const fail = (values: GoValue[], err: string): Step => ({ values, err });

const ZERO_VALUE_PANIC = 'reflect: call of reflect.Value.Type on zero Value';

/** One execution of a template: the range bookkeeping client-go keeps on its JSONPath struct. */
export class Evaluator {
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  private readonly allowMissingKeys: boolean;

  constructor(
    private readonly nodes: readonly JsonPathNode[],
    private readonly opts: FindOptions = {},
  ) {
    this.allowMissingKeys = opts.allowMissingKeys ?? false;
  }

  /**
   * FindResults: one result list per top-level node. client-go narrows `parser.Root.Nodes` to
   * the loop body when it meets `{range}`; here `start` is that narrowing, and `lastEndNode` the
   * index of the `{end}` that closed the body, where the outer loop resumes.
   */
  findResults(data: GoValue, start = 0): GoValue[][] {
    const cur = [data];
    const fullResult: GoValue[][] = [];
    const end = this.nodes.length;
    for (let i = start; i < end; i++) {
      const node = this.nodes[i] as JsonPathNode;
      const { values, err } = this.walk(cur, node);
      if (err !== undefined) throw new JsonPathExecuteError(err);

      // An {end} closes the body of the innermost range.
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (values.length > 0) {
          // value.Interface() then reflect.ValueOf: a null element becomes the zero Value.
          for (const value of values) fullResult.push(...this.findResults(value ?? INVALID, i + 1));
        } else {
          // Walk the body once, against nothing, only to find its {end}.
          this.findResults(INVALID, i + 1);
        }
        this.inRange--;
        for (let k = i + 1; k < end; k++) {
          if (k === this.lastEndNode) {
            i = k;
            break;
          }
        }
        continue;
      }
      fullResult.push(values);
    }
    return fullResult;
  }

  private walk(input: GoValue[], node: JsonPathNode): Step {
    switch (node.type) {
      case 'List':
        return this.evalList(input, node);
      case 'Text':
        return ok([node.text]);
      case 'Field':
        return this.evalField(input, node.value);
      case 'Array':
        return this.evalArray(input, node.params);
      case 'Filter':
        return this.evalFilter(input, node);
      case 'Int':
        return ok(input.map(() => new GoNumber(node.value, 'int')));
      case 'Float':
        return ok(input.map(() => new GoNumber(node.value, 'float64')));
      case 'Bool':
        return ok(input.map(() => node.value));
      case 'Wildcard':
        return ok(input.flatMap((v) => children(v)));
      case 'Recursive':
        return ok(evalRecursive(input));
      case 'Union':
        return this.evalUnion(input, node.nodes);
      case 'Identifier':
        return this.evalIdentifier(input, node.name);
    }
  }

  private evalList(input: GoValue[], list: ListNode): Step {
    let cur = input;
    for (const node of list.nodes) {
      const step = this.walk(cur, node);
      if (step.err !== undefined) return step;
      cur = step.values;
    }
    return ok(cur);
  }

  private evalIdentifier(input: GoValue[], name: string): Step {
    switch (name) {
      case 'range':
        this.beginRange++;
        return ok(input);
      case 'end':
        if (this.inRange > 0) {
          this.endRange++;
          return ok([]);
        }
        return fail([], 'not in range, nothing to end');
      default:
        return fail(input, `unrecognized identifier ${name}`);
    }
  }

  private evalField(input: GoValue[], key: string): Step {
    // If there's no input, there's no output (and no error, even without allowMissingKeys).
    if (input.length === 0) return ok([]);
    const results: GoValue[] = [];
    for (const value of input) {
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, key) && value[key] !== undefined) {
        results.push(value[key]);
      }
    }
    if (results.length === 0 && !this.allowMissingKeys) return fail(results, `${key} is not found`);
    return ok(results);
  }

  private evalArray(input: GoValue[], params: ArrayNode['params']): Step {
    const result: GoValue[] = [];
    for (const value of input) {
      if (value === null || value === undefined) continue;
      if (value === INVALID) throw new JsonPathExecuteError(ZERO_VALUE_PANIC, true);
      if (!Array.isArray(value)) return fail(input, `${goTypeName(value, this.opts)} is not array or slice`);
      const len = value.length;
      const [p0, p1, p2] = params;
      let start = p0.known ? p0.value : 0;
      if (start < 0) start += len;
      let stop = p1.known ? p1.value : len;
      if (stop < 0 || (stop === 0 && p1.derived)) stop += len;
      if (stop === start) {
        // Zero elements requested: allowed, and client-go stops looking at further inputs.
        return ok(result);
      }
      if (start >= len || start < 0) {
        return fail(input, `array index out of bounds: index ${start}, length ${len}`);
      }
      if (stop > len || stop < 0) {
        return fail(input, `array index out of bounds: index ${stop - 1}, length ${len}`);
      }
      if (start > stop) {
        return fail(input, `starting index ${start} is greater than ending index ${stop}`);
      }
      let step = 1;
      if (p2.known) {
        if (p2.value <= 0) return fail(input, 'step must be > 0');
        step = p2.value;
      }
      for (let i = start; i < stop; i += step) result.push(value[i]);
    }
    return ok(result);
  }

  private evalUnion(input: GoValue[], lists: readonly ListNode[]): Step {
    const result: GoValue[] = [];
    for (const list of lists) {
      const step = this.evalList(input, list);
      if (step.err !== undefined) return fail(input, step.err);
      result.push(...step.values);
    }
    return ok(result);
  }

  private evalFilter(input: GoValue[], node: FilterNode): Step {
    const results: GoValue[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        return fail(input, `${goSprint(value, this.opts)} is not array or slice and cannot be filtered`);
      }
      for (const item of value as GoValue[]) {
        const temp = [item];
        const lefts = this.evalList(temp, node.left);
        if (node.operator === 'exists') {
          if (lefts.values.length > 0) results.push(item);
          continue;
        }
        if (lefts.err !== undefined) return fail(input, lefts.err);
        if (lefts.values.length === 0) continue;
        if (lefts.values.length > 1) return fail(input, 'can only compare one element at a time');
        const rights = this.evalList(temp, node.right);
        if (rights.err !== undefined) return fail(input, rights.err);
        if (rights.values.length === 0) continue;
        if (rights.values.length > 1) return fail(input, 'can only compare one element at a time');
        const cmp = compare(node.operator, lefts.values[0], rights.values[0], this.opts);
        if (typeof cmp === 'string') return fail(results, cmp);
        if (cmp) results.push(item);
      }
    }
    return ok(results);
  }
}

const utf8 = new TextEncoder();

/** The elements `.*` visits: map values (in key order), slice elements, a string's bytes. */
function children(value: GoValue): GoValue[] {
  if (Array.isArray(value)) return value as GoValue[];
  if (isMap(value)) return mapKeys(value).map((k) => value[k]);
  if (typeof value === 'string') return [...utf8.encode(value)].map((b) => new GoNumber(b, 'uint8'));
  return [];
}

/** `..`: every value that has children, in pre-order (leaves are not included). */
function evalRecursive(input: GoValue[]): GoValue[] {
  const result: GoValue[] = [];
  for (const value of input) {
    const kids = children(value);
    if (kids.length !== 0) {
      result.push(value);
      result.push(...evalRecursive(kids));
    }
  }
  return result;
}

type Kind = 'bool' | 'int' | 'uint' | 'float' | 'string';

const BAD_TYPE = 'invalid type for comparison';
const INCOMPATIBLE = 'incompatible types for comparison';

function basicKind(v: GoValue, opts: ValueOptions): Kind | undefined {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return numberType(v, opts) === 'int64' ? 'int' : 'float';
  if (v instanceof GoNumber) return v.goType === 'int' ? 'int' : v.goType === 'uint8' ? 'uint' : 'float';
  return undefined;
}

const num = (v: GoValue): number => (v instanceof GoNumber ? v.value : (v as number));

/** text/template's eq; a string result is the error. */
function equal(a: GoValue, b: GoValue, opts: ValueOptions): boolean | string {
  const ka = basicKind(a, opts);
  if (ka === undefined) return BAD_TYPE;
  const kb = basicKind(b, opts);
  if (kb === undefined) return BAD_TYPE;
  if (ka !== kb) {
    // int and uint compare by value; other mixes (int vs float64!) are errors.
    if ((ka === 'int' && kb === 'uint') || (ka === 'uint' && kb === 'int')) return num(a) === num(b);
    return INCOMPATIBLE;
  }
  if (ka === 'bool' || ka === 'string') return a === b;
  return num(a) === num(b);
}

/** text/template's lt. */
function less(a: GoValue, b: GoValue, opts: ValueOptions): boolean | string {
  const ka = basicKind(a, opts);
  if (ka === undefined) return BAD_TYPE;
  const kb = basicKind(b, opts);
  if (kb === undefined) return BAD_TYPE;
  if (ka !== kb) {
    if ((ka === 'int' && kb === 'uint') || (ka === 'uint' && kb === 'int')) return num(a) < num(b);
    return INCOMPATIBLE;
  }
  if (ka === 'bool') return BAD_TYPE;
  if (ka === 'string') return goCompareStrings(a as string, b as string) < 0;
  return num(a) < num(b);
}

function compare(op: string, a: GoValue, b: GoValue, opts: ValueOptions): boolean | string {
  const not = (r: boolean | string): boolean | string => (typeof r === 'string' ? r : !r);
  const lessEqual = (): boolean | string => {
    const lt = less(a, b, opts);
    return lt === true || typeof lt === 'string' ? lt : equal(a, b, opts);
  };
  switch (op) {
    case '<':
      return less(a, b, opts);
    case '>':
      return not(lessEqual());
    case '==':
      return equal(a, b, opts);
    case '!=':
      return not(equal(a, b, opts));
    case '<=':
      return lessEqual();
    case '>=':
      return not(less(a, b, opts));
    default:
      return `unrecognized filter operator ${op}`;
  }
}

/** evalToText: `fmt.Fprint` of a scalar. JSON null prints `null`; the zero Value `<no value>`. */
function evalToText(v: GoValue, opts: ValueOptions): string {
  if (v === INVALID) return '<no value>';
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || v instanceof GoNumber) return goFormatNumber(v, opts);
  return String(v);
}

/**
 * PrintResults for one result list: values separated by one space, maps and slices as compact
 * JSON, strings raw. With outputJson (`-o jsonpath-as-json`) the list is one indented JSON array.
 */
export function printResults(
  results: readonly GoValue[],
  outputJson = false,
  opts: ValueOptions = {},
): string {
  if (outputJson) return goJsonMarshal([...results], '    ', opts) + '\n';
  return results
    .map((r) => (Array.isArray(r) || isMap(r) ? goJsonMarshal(r, undefined, opts) : evalToText(r, opts)))
    .join(' ');
}
