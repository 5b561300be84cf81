/**
 * kubectl's JSONPath: templates such as `{.items[*].metadata.name}` or
 * `{range .items[*]}{.metadata.name}{"\n"}{end}`, used by `-o jsonpath`, `-o custom-columns`,
 * `--sort-by` and `kubectl wait --for=jsonpath`.
 *
 * The implementation is a port of client-go's `util/jsonpath` (see jsonpath/), checked against
 * the real kubectl v1.32. Which options each kubectl caller passes:
 *
 * | caller | call | options |
 * |---|---|---|
 * | `get -o jsonpath=T` | `parseKubectlJsonPath(T)` then `executeJsonPath` | `allowMissingKeys: !(--allow-missing-template-keys=false)` |
 * | `get -o jsonpath-as-json=T` | same | same, plus `outputJson: true` |
 * | `-o custom-columns` | `parseJsonPath('column<i>', relaxedJsonPathExpression(spec))`, `findResults` | `allowMissingKeys: true` (always) |
 * | `--sort-by` | `parseJsonPath('sorting', relaxedJsonPathExpression(f))`, `findResults` | `allowMissingKeys: true` (always) |
 * | `wait --for=jsonpath=` | `parseJsonPath('wait', relaxedJsonPathExpression(p))`, `findResults`, `goSprint` | `allowMissingKeys: true` (always) |
 *
 * Objects fetched from the API server are unstructured (integers are int64). Objects kubectl
 * builds itself and converts through encoding/json (`create … --dry-run=client -o jsonpath`)
 * see only float64 numbers: pass `float64Numbers: true` there (replicas 100000000 prints
 * `1e+08`, and `[?(@.port==80)]` fails with `incompatible types for comparison`).
 *
 * Where Go is random, this is deterministic: `.*`, `..` and `{range}` over a map visit keys in
 * sorted order (Go visits them in random order). A parsed template can be executed any number
 * of times (client-go's narrows itself after a `{range}`, breaking a reused template).
 */
import { goQuote } from './golang';
import { Evaluator, JsonPathExecuteError, printResults, type FindOptions } from './jsonpath/eval';
import type { ListNode } from './jsonpath/node';
import { JsonPathParseError, parseTemplate } from './jsonpath/parser';
import { goSharpV, type GoValue } from './jsonpath/value';

export { JsonPathExecuteError, printResults, type FindOptions } from './jsonpath/eval';
export { nodeString, type JsonPathNode, type ListNode, type ParamsEntry } from './jsonpath/node';
export { JsonPathParseError, unquoteExtend } from './jsonpath/parser';
export {
  GoNumber,
  INVALID,
  goFormatFloat,
  goFormatNumber,
  goJsonMarshal,
  goJsonString,
  goSharpV,
  goSprint,
  goTypeName,
  isMap,
  numberType,
  type GoValue,
  type ValueOptions,
} from './jsonpath/value';

/** A parsed template: its name (client-go's, used in no message kubectl shows), source and tree. */
export interface JsonPathTemplate {
  readonly name: string;
  readonly raw: string;
  /** Text nodes and one ListNode per `{…}` action, in order. */
  readonly root: ListNode;
}

export interface JsonPathOptions extends FindOptions {
  /** `-o jsonpath-as-json`: print each result list as an indented JSON array. */
  readonly outputJson?: boolean;
}

/**
 * `jsonpath.New(name).Parse(template)`. Throws JsonPathParseError with client-go's message
 * (`unclosed action`, `unrecognized character in action: U+002A '*'`, `invalid array index x`).
 */
export function parseJsonPath(name: string, template: string): JsonPathTemplate {
  return { name, raw: template, root: parseTemplate(template) };
}

/**
 * The raw results, one list per top-level node (a text node gives `[text]`; a `{range}` gives
 * one list per node of its body per iteration). custom-columns, --sort-by and wait read
 * `results[0]`; see `goSprint` for how they print a value. Values are the data's own
 * (objects, arrays, strings, numbers, null) or GoNumber for template literals and string bytes.
 *
 * allowMissingKeys defaults to true, as every kubectl caller sets it (client-go defaults to
 * false). Throws JsonPathExecuteError with client-go's message (`foo is not found`).
 */
export function findResults(
  template: JsonPathTemplate,
  data: unknown,
  options: FindOptions = {},
): GoValue[][] {
  const opts = { ...options, allowMissingKeys: options.allowMissingKeys ?? true };
  return new Evaluator(template.root.nodes, opts).findResults(data);
}

/** A failure as kubectl's JSONPath printer reports it; print it as `error: ${message}`. */
export class JsonPathPrintError extends Error {
  constructor(
    message: string,
    /** client-go's own error: `foo is not found`, `unclosed action`. */
    readonly reason: string,
    /** kubectl panics (exit code 2, Go stack trace) instead of printing an error. */
    readonly panic = false,
  ) {
    super(message);
    this.name = 'JsonPathPrintError';
  }
}

/**
 * printers.NewJSONPathPrinter with kubectl's flag wrapping: parses `-o jsonpath=T`, and on
 * failure throws JsonPathPrintError `error parsing jsonpath {.a, unclosed action\n`.
 */
export function parseKubectlJsonPath(template: string): JsonPathTemplate {
  try {
    return parseJsonPath('out', template);
  } catch (e) {
    if (!(e instanceof JsonPathParseError)) throw e;
    throw new JsonPathPrintError(`error parsing jsonpath ${template}, ${e.message}\n`, e.message);
  }
}

/**
 * kubectl's JSONPathPrinter.PrintObj: the text `-o jsonpath` prints for `data` (the object's
 * unstructured content; for `get` of several objects, the `List` kubectl builds). Nothing is
 * printed on failure: it throws JsonPathPrintError whose message is kubectl's, ending in
 * three newlines:
 *
 *     error executing jsonpath "{.foo}": Error executing template: foo is not found. Printing more information for debugging the template:
 *     \ttemplate was:
 *     \t\t{.foo}
 *     \tobject given to jsonpath engine was:
 *     \t\tmap[string]interface {}{"apiVersion":"v1", …}
 *
 * allowMissingKeys defaults to true, kubectl's `--allow-missing-template-keys` default.
 */
export function executeJsonPath(
  template: JsonPathTemplate,
  data: unknown,
  options: JsonPathOptions = {},
): string {
  let results: GoValue[][];
  try {
    results = findResults(template, data, options);
  } catch (e) {
    if (!(e instanceof JsonPathExecuteError)) throw e;
    const message = e.panic
      ? `panic: ${e.message}`
      : `error executing jsonpath ${goQuote(template.raw)}: Error executing template: ${e.message}. ` +
        'Printing more information for debugging the template:\n' +
        `\ttemplate was:\n\t\t${template.raw}\n` +
        `\tobject given to jsonpath engine was:\n\t\t${goSharpV(data, options)}\n\n\n`;
    throw new JsonPathPrintError(message, e.message, e.panic);
  }
  return results.map((r) => printResults(r, options.outputJson ?? false, options)).join('');
}

const relaxedRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/**
 * kubectl's RelaxedJSONPathExpression (custom-columns, --sort-by, wait --for=jsonpath): accepts
 * `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}`, and returns
 * `{.metadata.name}`. The empty string stays empty. Throws JsonPathParseError otherwise.
 */
export function relaxedJsonPathExpression(pathExpression: string): string {
  if (pathExpression.length === 0) return pathExpression;
  const m = relaxedRegexp.exec(pathExpression);
  if (!m) {
    throw new JsonPathParseError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  const fieldSpec = m[1] !== undefined && m[1] !== '' ? m[1] : (m[2] ?? '');
  return `{.${fieldSpec}}`;
}
