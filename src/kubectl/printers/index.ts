/**
 * Output printers and kubectl's `-o` handling (cli-runtime genericclioptions PrintFlags).
 *
 *   const p = makePrinter(spec, { fs });             // throws the exact kubectl error for bad -o
 *   p.print(obj, out)                                // one object, a List, or items one by one
 *
 * JSON and YAML print server objects with sorted keys (they are unstructured); pass
 * `sortKeys: false` for typed objects a generator built in Go field order. YAML separates
 * consecutive objects with `---`. `-o name` prints `deployment.apps/web`; with an operation it
 * is the success line of write verbs (`deployment.apps/web created`).
 */
import type { FileSystem } from '../../api/io';
import type { KubeObject } from '../../api/types';
import { KubectlError } from '../errors';
import {
  JsonPathParseError,
  parseJsonPath,
  executeJsonPath,
  findJsonPathResults,
  goSharpV,
  type JsonPath,
} from './jsonpath';
import { toJSON } from './json';
import { KUBECTL_TABWRITER, TabWriter } from './tabwriter';
import { escapeTerminal, goSprint } from './table';
import { toYAML } from './yaml';

export { toJSON, toCompactJSON } from './json';
export { toYAML } from './yaml';
export { TabWriter, tabulate, KUBECTL_TABWRITER } from './tabwriter';
export { TablePrinter } from './table';
export { parseJsonPath, executeJsonPath } from './jsonpath';

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

class JSONPathPrinter implements Printer {
  constructor(
    private readonly jp: JsonPath,
    private readonly asJSON: boolean,
    private readonly allowMissing: boolean,
  ) {}
  print(obj: unknown, out: (t: string) => void): void {
    try {
      if (this.asJSON) {
        const groups = findJsonPathResults(this.jp, obj, this.allowMissing);
        out(toJSON(groups.flat()));
        return;
      }
      out(executeJsonPath(this.jp, obj, this.allowMissing));
    } catch (e) {
      if (e instanceof JsonPathParseError) throw e;
      const t = this.jp.template;
      throw new KubectlError(
        `error executing jsonpath ${JSON.stringify(t)}: Error executing template: ${(e as Error).message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${t}\n\tobject given to jsonpath engine was:\n\t\t${goSharpV(obj)}\n\n`,
      );
    }
  }
}

const JSONPATH_RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `.a.b`, `a.b`, `{a.b}` → `{.a.b}`. */
export function relaxedJSONPathExpression(expr: string): string {
  if (expr === '') return expr;
  const m = JSONPATH_RELAXED.exec(expr);
  if (!m) {
    throw new KubectlError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  }
  return `{.${m[1] || m[2]}}`;
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

function parseCustomColumnsTemplate(text: string): CustomColumn[] {
  const lines = text.split('\n');
  if (lines.length < 1 || lines[0]!.trim() === '') {
    throw new KubectlError(
      'invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  }
  if (lines.length < 2 || (lines[1] ?? '').trim() === '') {
    throw new KubectlError(
      'invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.',
    );
  }
  const headers = lines[0]!.split(/\s+/).filter(Boolean);
  const specs = lines[1]!.split(/\s+/).filter(Boolean);
  if (headers.length !== specs.length) {
    throw new KubectlError(
      `number of headers (${headers.length}) and field specifications (${specs.length}) don't match`,
    );
  }
  return headers.map((h, i) => ({ header: h, fieldSpec: relaxedJSONPathExpression(specs[i]!) }));
}

/** CustomColumnsPrinter: a header once, then one row per object, through the tabwriter. */
export class CustomColumnsPrinter implements Printer {
  private printedHeader = false;
  private writer?: TabWriter;

  constructor(
    private readonly columns: CustomColumn[],
    private readonly noHeaders: boolean,
  ) {}

  /** Print into a shared tabwriter (get flushes it). */
  printTo(obj: unknown, w: TabWriter): void {
    if (!this.noHeaders && !this.printedHeader) {
      w.print(this.columns.map((c) => c.header).join('\t') + '\n');
      this.printedHeader = true;
    }
    let parsers: JsonPath[];
    try {
      parsers = this.columns.map((c) => parseJsonPath(c.fieldSpec));
    } catch (e) {
      throw new KubectlError((e as Error).message);
    }
    const objs = isList(obj) ? obj.items : [obj];
    for (const o of objs) {
      const cols = parsers.map((p) => {
        const values = findJsonPathResults(p, o, true);
        const strs: string[] = [];
        if (values.length === 0 || values[0]!.length === 0) strs.push('<none>');
        for (const group of values) for (const v of group) strs.push(escapeTerminal(goSprint(v)));
        return strs.join(',');
      });
      w.print(cols.join('\t') + '\n');
    }
  }

  print(obj: unknown, out: (t: string) => void): void {
    if (!this.writer) this.writer = new TabWriter(out, KUBECTL_TABWRITER);
    this.printTo(obj, this.writer);
    this.writer.flush();
  }
}

/** The printer kind an `-o` value selects. */
export type OutputKind =
  | 'table'
  | 'wide'
  | 'json'
  | 'yaml'
  | 'name'
  | 'jsonpath'
  | 'jsonpath-as-json'
  | 'custom-columns'
  | 'go-template';

/** Split `-o` into its format and argument (`jsonpath={.x}` → ['jsonpath', '{.x}']). */
export function splitOutput(output: string): { format: string; arg: string | undefined } {
  const i = output.indexOf('=');
  if (i < 0) return { format: output.toLowerCase(), arg: undefined };
  return { format: output.slice(0, i).toLowerCase(), arg: output.slice(i + 1) };
}

/** True for the human-readable printers (`kubectl get` asks the server for a Table). */
export function isHumanReadable(output: string): boolean {
  const { format } = splitOutput(output);
  return format === '' || format === 'wide';
}

/**
 * Build the printer for `-o <output>` (non human-readable formats). Throws kubectl's messages:
 * `unable to match a printer suitable for the output format "x", allowed formats are: …`,
 * `template format specified but no template given`, jsonpath parse errors …
 */
export function makePrinter(output: string, o: PrinterOptions = {}): Printer {
  const { format, arg } = splitOutput(output);
  const allowed = o.allowedFormats ?? GET_OUTPUT_FORMATS;
  const readFile = (path: string, what: string): string => {
    const text = o.fs?.readFile(o.fs.resolve(path));
    if (text === undefined)
      throw new KubectlError(`error reading ${what} ${path}, open ${path}: no such file or directory`);
    return text;
  };
  switch (format) {
    case 'json':
      if (arg === undefined) return new JSONPrinter(o);
      break;
    case 'yaml':
      if (arg === undefined) return new YAMLPrinter(o);
      break;
    case 'name':
      if (arg === undefined) return new NamePrinter(o.operation, true);
      break;
    case 'jsonpath':
    case 'jsonpath-as-json':
    case 'jsonpath-file': {
      if (!allowed.includes(format)) break;
      if (!arg) throw new KubectlError('template format specified but no template given');
      const template = format === 'jsonpath-file' ? readFile(arg, '--template') : arg;
      let jp: JsonPath;
      try {
        jp = parseJsonPath(template);
      } catch (e) {
        throw new KubectlError(`error parsing jsonpath ${template}, ${(e as Error).message}`);
      }
      return new JSONPathPrinter(jp, format === 'jsonpath-as-json', o.allowMissingTemplateKeys !== false);
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      if (!allowed.includes(format)) break;
      if (format === 'custom-columns-file') {
        if (!arg) throw new KubectlError('custom-columns format specified but no custom columns given');
        return new CustomColumnsPrinter(parseCustomColumnsTemplate(readFile(arg, 'template')), !!o.noHeaders);
      }
      return new CustomColumnsPrinter(parseCustomColumnsSpec(arg ?? ''), !!o.noHeaders);
    }
    case 'go-template':
    case 'go-template-file':
    case 'template':
    case 'templatefile':
      if (!allowed.includes(format)) break;
      if (!arg) throw new KubectlError('template format specified but no template given');
      throw new KubectlError(
        `-o ${format} (Go templates) is not simulated in Breakfix; use -o jsonpath=… instead`,
      );
  }
  throw new KubectlError(
    `unable to match a printer suitable for the output format ${JSON.stringify(output)}, allowed formats are: ${allowed.join(',')}`,
  );
}

/** Wrap several objects into the `List` kubectl prints for -o json/yaml with many items. */
export function asList(items: unknown[], resourceVersion = ''): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion } };
}
