/**
 * Output printers and kubectl's `-o` handling (cli-runtime genericclioptions PrintFlags).
 *
 *   const p = makePrinter(spec, { fs });             // throws the exact kubectl error for bad -o
 *   p.print(obj, out)                                // one object, a List, or items one by one
 *
 * JSON and YAML print server objects with sorted keys (they are unstructured); pass
 * `sortKeys: false` for typed objects a generator built in Go field order. YAML separates
 * consecutive objects with `---`. `-o name` prints `deployment.apps/web`; with an operation it
 * is the success line of write verbs (`deployment.apps/web created`). JSONPath and
 * custom-columns run on the apimachinery port of client-go's JSONPath (apimachinery/jsonpath.ts).
 */
import type { FileSystem } from '../../api/io';
import type { KubeObject } from '../../api/types';
import {
  executeJsonPath,
  findResults,
  goSprint,
  JsonPathParseError,
  parseJsonPath,
  parseKubectlJsonPath,
  relaxedJsonPathExpression,
  type JsonPathTemplate,
} from '../../apimachinery/jsonpath';
import { KubectlError } from '../errors';
import { toJSON } from './json';
import { KUBECTL_TABWRITER, TabWriter } from './tabwriter';
import { escapeTerminal } from './table';
import { toYAML } from './yaml';

export { toJSON, toCompactJSON } from './json';
export { toYAML } from './yaml';
export { TabWriter, tabulate, KUBECTL_TABWRITER } from './tabwriter';
export { TablePrinter } from './table';

/** The formats `kubectl get` accepts, as its error message lists them. */
export const GET_OUTPUT_FORMATS = [
  'custom-columns',
  'custom-columns-file',
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'wide',
  'yaml',
];

/** The formats of commands with JSON/YAML/name/template printing (create, apply, config view …). */
export const GENERIC_OUTPUT_FORMATS = [
  'go-template',
  'go-template-file',
  'json',
  'jsonpath',
  'jsonpath-as-json',
  'jsonpath-file',
  'name',
  'template',
  'templatefile',
  'yaml',
];

export interface Printer {
  /** Print an object, a List (`kind: List` / `*List` with items) or a plain value. */
  print(obj: unknown, out: (text: string) => void): void;
}

export interface PrinterOptions {
  fs?: FileSystem;
  /** The formats this command accepts (for the "unable to match a printer" message). */
  allowedFormats?: string[];
  noHeaders?: boolean;
  /** Keep metadata.managedFields (--show-managed-fields). */
  showManagedFields?: boolean;
  /** --allow-missing-template-keys (default true). */
  allowMissingTemplateKeys?: boolean;
  /** Typed objects in Go field order (generators): keep insertion order in JSON. */
  sortKeys?: boolean;
  /** For `-o name`: the operation of write verbs (`created`, `configured (dry run)`). */
  operation?: string;
  /** The --template flag: the template of `-o jsonpath` / `-o custom-columns` given without `=`. */
  template?: string;
  /**
   * Objects kubectl built itself and printed through encoding/json (generators, `config view`,
   * apply's List): JSONPath and custom-columns see every number as float64 (`1e+08`).
   */
  float64Numbers?: boolean;
}

const isList = (o: unknown): o is { items: unknown[] } =>
  !!o &&
  typeof o === 'object' &&
  Array.isArray((o as { items?: unknown }).items) &&
  typeof (o as { kind?: unknown }).kind === 'string' &&
  (o as { kind: string }).kind.endsWith('List');

/** Drop metadata.managedFields (printers.OmitManagedFieldsPrinter). */
export function omitManagedFields<T>(obj: T): T {
  if (!obj || typeof obj !== 'object') return obj;
  const strip = (o: unknown): unknown => {
    if (!o || typeof o !== 'object') return o;
    const r = o as { metadata?: Record<string, unknown> };
    if (r.metadata && 'managedFields' in r.metadata) {
      const metadata = { ...r.metadata };
      delete metadata.managedFields;
      return { ...r, metadata };
    }
    return o;
  };
  if (isList(obj)) return { ...(strip(obj) as object), items: obj.items.map(strip) } as T;
  return strip(obj) as T;
}

/** `deployment.apps/web` for an object (printers.NamePrinter). */
export function resourceName(obj: {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string };
}): string {
  const apiVersion = obj.apiVersion ?? '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
  const kind = (obj.kind ?? '').toLowerCase();
  const name = obj.metadata?.name || '<unknown>';
  if (!obj.kind) throw new KubectlError(`missing kind for resource with name ${name}`);
  return group ? `${kind}.${group}/${name}` : `${kind}/${name}`;
}

class NamePrinter implements Printer {
  constructor(
    private readonly operation = '',
    private readonly short = true,
  ) {}
  print(obj: unknown, out: (t: string) => void): void {
    if (isList(obj)) {
      for (const item of obj.items) this.print(item, out);
      return;
    }
    const o = obj as KubeObject;
    if (!o.kind || !o.apiVersion) {
      throw new KubectlError(
        'missing apiVersion or kind; try GetObjectKind().SetGroupVersionKind() if you know the type',
      );
    }
    let line = resourceName(o);
    if (!this.short && this.operation) line += ` ${this.operation}`;
    out(`${line}\n`);
  }
}

/** The success line of write verbs: `deployment.apps/web created`. */
export function operationLine(obj: KubeObject, operation: string): string {
  return `${resourceName(obj)} ${operation}\n`;
}

class JSONPrinter implements Printer {
  constructor(private readonly o: PrinterOptions) {}
  print(obj: unknown, out: (t: string) => void): void {
    const v = this.o.showManagedFields ? obj : omitManagedFields(obj);
    out(toJSON(v, { sortKeys: this.o.sortKeys !== false }));
  }
}

class YAMLPrinter implements Printer {
  private count = 0;
  constructor(private readonly o: PrinterOptions) {}
  print(obj: unknown, out: (t: string) => void): void {
    this.count++;
    if (this.count > 1) out('---\n');
    const v = this.o.showManagedFields ? obj : omitManagedFields(obj);
    out(toYAML(v));
  }
}

/**
 * printers.JSONPathPrinter: `-o jsonpath=T` and `-o jsonpath-as-json=T`. A failure throws the
 * apimachinery JsonPathPrintError, which errors.ts prints as kubectl does (`error: error
 * executing jsonpath …`, or a Go panic with exit code 2).
 */
class JSONPathPrinter implements Printer {
  constructor(
    private readonly template: JsonPathTemplate,
    private readonly asJSON: boolean,
    private readonly o: PrinterOptions,
  ) {}
  print(obj: unknown, out: (t: string) => void): void {
    out(
      executeJsonPath(this.template, obj, {
        allowMissingKeys: this.o.allowMissingTemplateKeys !== false,
        outputJson: this.asJSON,
        float64Numbers: this.o.float64Numbers ?? false,
      }),
    );
  }
}

/** RelaxedJSONPathExpression with its error as a KubectlError (custom-columns, wait). */
export function relaxedJSONPathExpression(expr: string): string {
  try {
    return relaxedJsonPathExpression(expr);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new KubectlError(e.message);
    throw e;
  }
}

export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

export function parseCustomColumnsSpec(spec: string): CustomColumn[] {
  if (spec === '') throw new KubectlError('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const i = part.indexOf(':');
    if (i < 0)
      throw new KubectlError(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, i), fieldSpec: relaxedJSONPathExpression(part.slice(i + 1)) };
  });
}

/** NewCustomColumnsPrinterFromTemplate: a line of headers, then a line of column specs. */
function parseCustomColumnsTemplate(text: string): CustomColumn[] {
  // bufio.Scanner lines: a final newline ends the last line rather than starting another.
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length < 1) {
    throw new KubectlError(
      'invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  }
  if (lines.length < 2) {
    throw new KubectlError(
      'invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  }
  const words = (line: string) => line.split(/[\s\u0085\u00a0]+/).filter(Boolean);
  const headers = words(lines[0]!);
  const specs = words(lines[1]!);
  if (headers.length !== specs.length) {
    throw new KubectlError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  }
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxedJSONPathExpression(specs[i]!) }));
}

/**
 * CustomColumnsPrinter: a header once, then one row per object, through the tabwriter. Each
 * column is its own JSONPath (`column0`, `column1` …) run with missing keys allowed; a column
 * with no value prints `<none>`, several values are joined with `,` (fmt.Sprint each). The
 * header is written before the columns are parsed, so a bad column still prints it.
 */
export class CustomColumnsPrinter implements Printer {
  private printedHeader = false;
  private writer?: TabWriter;

  constructor(
    private readonly columns: CustomColumn[],
    private readonly noHeaders: boolean,
    private readonly float64Numbers = false,
  ) {}

  /** Print into a shared tabwriter (get flushes it). */
  printTo(obj: unknown, w: TabWriter): void {
    if (!this.noHeaders && !this.printedHeader) {
      w.print(this.columns.map((c) => c.header).join('\t') + '\n');
      this.printedHeader = true;
    }
    let parsers: JsonPathTemplate[];
    try {
      parsers = this.columns.map((c, i) => parseJsonPath(`column${i}`, c.fieldSpec));
    } catch (e) {
      if (e instanceof JsonPathParseError) throw new KubectlError(e.message);
      throw e;
    }
    const opts = { allowMissingKeys: true, float64Numbers: this.float64Numbers };
    const objs = isList(obj) ? obj.items : [obj];
    for (const o of objs) {
      const cols = parsers.map((p) => {
        const values = findResults(p, o, opts);
        const strs: string[] = [];
        if (values.length === 0 || values[0]!.length === 0) strs.push('<none>');
        for (const group of values) for (const v of group) strs.push(escapeTerminal(goSprint(v, opts)));
        return strs.join(',');
      });
      w.print(cols.join('\t') + '\n');
    }
  }

  print(obj: unknown, out: (t: string) => void): void {
    if (!this.writer) this.writer = new TabWriter(out, KUBECTL_TABWRITER);
    try {
      this.printTo(obj, this.writer);
    } finally {
      // kubectl's deferred Flush: the header reaches the terminal even when a column fails.
      this.writer.flush();
    }
  }
}

/** True for the human-readable printers (`kubectl get` asks the server for a Table): exactly '' or `wide`. */
export function isHumanReadable(output: string): boolean {
  return output === '' || output === 'wide';
}

const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];
const CUSTOM_COLUMNS_FORMATS = ['custom-columns', 'custom-columns-file'];

/**
 * How a template printer family reads `-o`: `jsonpath` takes its template from --template,
 * `jsonpath=T` from the value (unless --template is given). Returns undefined when `output`
 * is not one of `formats` (the next family is tried), throws when the template is missing.
 */
function templateFormat(
  output: string,
  formats: string[],
  templateArg: string,
  missing: string,
): { format: string; value: string } | undefined {
  let format = output;
  let value = templateArg;
  if (templateArg === '') {
    const f = formats.find((x) => output.startsWith(`${x}=`));
    if (f !== undefined) {
      format = f;
      value = output.slice(f.length + 1);
    }
  }
  if (!formats.includes(format)) return undefined;
  if (value === '') throw new KubectlError(missing);
  return { format, value };
}

/**
 * PrintFlags.ToPrinter: the printer for `-o <output>` (non human-readable formats), trying
 * kubectl's printer families in its order. `json`, `yaml` and `name` match case-insensitively,
 * the template formats exactly, and only the formats the command allows (`allowedFormats`)
 * match at all. Throws kubectl's messages: `unable to match a printer suitable for the output
 * format "x", allowed formats are: …`, `template format specified but no template given`,
 * `error parsing jsonpath {.a, unclosed action` …
 */
export function makePrinter(output: string, o: PrinterOptions = {}): Printer {
  const allowed = o.allowedFormats ?? GET_OUTPUT_FORMATS;
  const templateArg = o.template ?? '';
  // A --template without -o means a Go template (kept for backwards compatibility).
  if (templateArg !== '' && output === '') output = 'go-template';
  const readFile = (path: string, what: string, suffix = ''): string => {
    const text = o.fs?.readFile(o.fs.resolve(path));
    if (text === undefined)
      throw new KubectlError(
        `error reading ${what} ${path}, open ${path}: no such file or directory${suffix}`,
      );
    return text;
  };
  const lower = output.toLowerCase();
  if (lower === 'json' && allowed.includes('json')) return new JSONPrinter(o);
  if (lower === 'yaml' && allowed.includes('yaml')) return new YAMLPrinter(o);
  if (lower === 'name' && allowed.includes('name')) return new NamePrinter(o.operation, true);

  if (allowed.includes('jsonpath')) {
    const missing = 'template format specified but no template given';
    const jp = templateFormat(output, JSONPATH_FORMATS, templateArg, missing);
    if (jp) {
      const text = jp.format === 'jsonpath-file' ? readFile(jp.value, '--template') : jp.value;
      return new JSONPathPrinter(parseKubectlJsonPath(text), jp.format === 'jsonpath-as-json', o);
    }
    const gt = templateFormat(output, GO_TEMPLATE_FORMATS, templateArg, missing);
    if (gt) {
      if (gt.format.endsWith('file')) readFile(gt.value, '--template');
      throw new KubectlError(
        `-o ${gt.format} (Go templates) is not simulated in Breakfix; use -o jsonpath=… instead`,
      );
    }
  }
  if (allowed.includes('custom-columns')) {
    const missing = 'custom-columns format specified but no custom columns given';
    const cc = templateFormat(output, CUSTOM_COLUMNS_FORMATS, templateArg, missing);
    if (cc?.format === 'custom-columns-file') {
      // The template file's printer always prints its header line (NoHeaders is not passed on).
      const text = readFile(cc.value, 'template', '\n');
      return new CustomColumnsPrinter(parseCustomColumnsTemplate(text), false, o.float64Numbers);
    }
    if (cc)
      return new CustomColumnsPrinter(parseCustomColumnsSpec(cc.value), !!o.noHeaders, o.float64Numbers);
  }
  throw new KubectlError(
    `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${allowed.join(',')}`,
  );
}

/** Wrap several objects into the `List` kubectl prints for -o json/yaml with many items. */
export function asList(items: unknown[], resourceVersion = ''): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion } };
}
