/**
 * `kubectl get` (kubectl/pkg/cmd/get/get.go).
 *
 * Human-readable output asks the server for Tables (`Accept: …as=Table…`) and prints them
 * with the table printer; every other `-o` asks for plain JSON objects and prints them
 * "generically" (one object bare, anything else wrapped in a `List`). `-w` lists, prints,
 * then watches from the list's resourceVersion and prints each event's row until Ctrl-C.
 */
import type { ApiResponse } from '../../api/client';
import type { KubeObject, Table, WatchEvent } from '../../api/types';
import type { ResourceRef } from '../builder';
import { resourcePath, type Mapping } from '../discovery';
import { AggregateError, KubectlError, StatusError, isNotFound } from '../errors';
import { boolFlag, intFlag, stringFlag, stringSliceFlag } from '../flags';
import {
  asList,
  CustomColumnsPrinter,
  isHumanReadable,
  makePrinter,
  type Printer,
  type PrinterOptions,
} from '../printers/index';
import { relaxedOrRaw, sortObjects, sortTableRows } from '../printers/sort';
import { TablePrinter } from '../printers/table';
import { KUBECTL_TABWRITER, TabWriter } from '../printers/tabwriter';
import { registerCommand, type Invocation } from '../registry';
import { ACCEPT_TABLE, type RestClient } from '../rest';

const GET_LONG = `Display one or many resources.

 Prints a table of the most important information about the specified resources. You can filter the list using a label selector and the --selector flag. If the desired resource type is namespaced you will only see results in the current namespace if you don't specify any namespace.

 By specifying the output as 'template' and providing a Go template as the value of the --template flag, you can filter the attributes of the fetched resources.

Use "kubectl api-resources" for a complete list of supported resources.`;

const GET_EXAMPLE = `  # List all pods in ps output format
  kubectl get pods
  
  # List all pods in ps output format with more information (such as node name)
  kubectl get pods -o wide
  
  # List a single replication controller with specified NAME in ps output format
  kubectl get replicationcontroller web
  
  # List deployments in JSON output format, in the "v1" version of the "apps" API group
  kubectl get deployments.v1.apps -o json
  
  # List a single pod in JSON output format
  kubectl get -o json pod web-pod-13je7
  
  # List a pod identified by type and name specified in "pod.yaml" in JSON output format
  kubectl get -f pod.yaml -o json
  
  # List resources from a directory with kustomization.yaml - e.g. dir/kustomization.yaml
  kubectl get -k dir/
  
  # Return only the phase value of the specified pod
  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}
  
  # List resource information in custom columns
  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image
  
  # List all replication controllers and services together in ps output format
  kubectl get rc,services
  
  # List one or more resources by their type and names
  kubectl get rc/web service/frontend pods/web-pod-13je7
  
  # List the 'status' subresource for a single pod
  kubectl get pod web-pod-13je7 --subresource status
  
  # List all deployments in namespace 'backend'
  kubectl get deployments.apps --namespace backend
  
  # List all pods existing in all namespaces
  kubectl get pods --all-namespaces`;

const OUTPUT_USAGE =
  'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns], golang template [http://golang.org/pkg/text/template/#pkg-overview] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].';

/** One fetched thing: a Table (human output) or objects (generic output). */
interface Info {
  ref: ResourceRef;
  mapping: Mapping;
  table?: Table;
  objects?: KubeObject[];
  /** The list's resourceVersion (for -w). */
  resourceVersion?: string;
  isList: boolean;
}

/** Fill apiVersion/kind on list items (the API omits them; kubectl's decoder sets them). */
function itemsOf(list: { apiVersion?: string; kind?: string; items?: KubeObject[] }): KubeObject[] {
  const kind = (list.kind ?? '').replace(/List$/, '');
  return (list.items ?? []).map((it) => ({
    ...it,
    apiVersion: it.apiVersion ?? list.apiVersion ?? '',
    kind: it.kind ?? kind,
  }));
}

interface FetchOptions {
  accept: string;
  chunkSize: number;
  sort: boolean;
  subresource: string;
}

/** GET one object or LIST a collection (following `continue` tokens), as the builder does. */
async function fetchRef(rest: RestClient, ref: ResourceRef, o: FetchOptions): Promise<Info> {
  const mapping = ref.mapping;
  const query: Record<string, string> = {};
  if (ref.name !== undefined) {
    const path = resourcePath(mapping, ref.namespace, ref.name, o.subresource || undefined);
    if (o.sort && o.accept === ACCEPT_TABLE) query.includeObject = 'Object';
    const resp = await rest.requestOK({ method: 'GET', path, query, headers: { accept: o.accept } });
    const body = resp.body as KubeObject | Table;
    if (body.kind === 'Table') return { ref, mapping, table: body as Table, isList: false };
    return { ref, mapping, objects: [body as KubeObject], isList: false };
  }
  if (ref.labelSelector) query.labelSelector = ref.labelSelector;
  if (ref.fieldSelector) query.fieldSelector = ref.fieldSelector;
  if (o.sort && o.accept === ACCEPT_TABLE) query.includeObject = 'Object';
  const chunk = o.sort ? 0 : o.chunkSize;
  if (chunk > 0) query.limit = String(chunk);
  const path = resourcePath(mapping, ref.namespace);
  let table: Table | undefined;
  const objects: KubeObject[] = [];
  let rv = '';
  for (;;) {
    const resp: ApiResponse = await rest.request({
      method: 'GET',
      path,
      query,
      headers: { accept: o.accept },
    });
    if (resp.status < 200 || resp.status > 299)
      throw enhanceListError(rest.statusError(resp), mapping, query);
    const body = resp.body as Table & { apiVersion?: string; kind?: string; items?: KubeObject[] };
    rv = body.metadata?.resourceVersion ?? rv;
    if (body.kind === 'Table') {
      if (!table) table = body;
      else table = { ...table, rows: [...table.rows, ...body.rows] };
    } else {
      objects.push(...itemsOf(body));
    }
    const cont = body.metadata?.continue;
    if (!cont) break;
    query.continue = cont;
  }
  if (table) return { ref, mapping, table, isList: true, resourceVersion: rv };
  return { ref, mapping, objects, isList: true, resourceVersion: rv };
}

/** resource.EnhanceListError: say which list failed, keeping the API error's reason. */
export function enhanceListError(err: StatusError, m: Mapping, q: Record<string, string>): StatusError {
  if (err.reason !== 'BadRequest' && err.reason !== 'NotFound') return err;
  const subj = `${m.group}/${m.version}, Resource=${m.name}`;
  const ls = q.labelSelector ?? '';
  const fs = q.fieldSelector ?? '';
  const message =
    ls === '' && fs === ''
      ? `Unable to list ${JSON.stringify(subj)}: ${err.message}`
      : `Unable to find ${JSON.stringify(subj)} that match label selector ${JSON.stringify(ls)}, field selector ${JSON.stringify(fs)}: ${err.message}`;
  return new StatusError({ ...err.status, message });
}

function multipleGVKs(infos: Info[]): boolean {
  if (infos.length < 2) return false;
  const key = (m: Mapping) => `${m.group}/${m.version}/${m.kind}`;
  return infos.some((i) => key(i.mapping) !== key(infos[0]!.mapping));
}

/** `Deployment.apps`-style GroupKind string for name prefixes. */
const groupKind = (m: Mapping) => (m.group ? `${m.kind}.${m.group}` : m.kind);

async function runGet(inv: Invocation): Promise<number | void> {
  const f = inv.flags;
  const output = f.string('output');
  const raw = f.string('raw');
  const watch = f.bool('watch');
  const watchOnly = f.bool('watch-only');
  const sortBy = f.string('sort-by');
  const filenames = f.strings('filename');

  if (raw) {
    if (inv.args.length > 0) throw new KubectlError('arguments may not be passed when --raw is specified');
    if (watch || watchOnly || f.string('selector')) {
      throw new KubectlError(
        '--raw may not be specified with other flags that filter the server request or alter the output',
      );
    }
    if (output) throw inv.usageError('--raw and --output are mutually exclusive');
    const rest = inv.kube.rest();
    const [path, q] = raw.split('?') as [string, string | undefined];
    const query: Record<string, string> = {};
    for (const kv of (q ?? '').split('&').filter(Boolean)) {
      const [k, v] = kv.split('=');
      query[decodeURIComponent(k!)] = decodeURIComponent(v ?? '');
    }
    const resp = await rest.request({ method: 'GET', path, query });
    if (resp.status < 200 || resp.status > 299) throw rest.statusError(resp);
    // What the apiserver writes: plain text as is, /version indented (WriteRawJSON), and API
    // objects as compact JSON with the encoder's trailing newline.
    if (typeof resp.body === 'string') inv.out(resp.body);
    else if (path === '/version') inv.out(JSON.stringify(resp.body, null, 2));
    else inv.out(JSON.stringify(resp.body) + '\n');
    return;
  }
  if (f.string('kustomize'))
    throw new KubectlError('kubectl get -k (kustomize) is not simulated in Breakfix');

  const { namespace } = inv.kube.namespace();
  const allNamespaces = f.bool('all-namespaces');

  if (f.bool('show-labels')) {
    if (output !== '' && output !== 'wide')
      throw new KubectlError(`--show-labels option cannot be used with ${output} printer`);
  }
  if (f.bool('output-watch-events') && !(watch || watchOnly)) {
    throw inv.usageError('--output-watch-events option can only be used with --watch or --watch-only');
  }
  if (watch || watchOnly) {
    if (sortBy) inv.err('warning: --watch or --watch-only requested, --sort-by will be ignored\n');
  } else if (inv.args.length === 0 && filenames.length === 0) {
    inv.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n',
    );
    throw inv.usageError(
      'Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).',
    );
  }

  // A --template without -o selects a Go template, not the human-readable printer.
  const human = isHumanReadable(output) && f.string('template') === '' && f.bool('server-print');
  const wide = output === 'wide';
  const serverPrint = human;
  const fetchOpts: FetchOptions = {
    accept: serverPrint ? ACCEPT_TABLE : 'application/json',
    chunkSize: f.int('chunk-size'),
    sort: !!sortBy && !(watch || watchOnly),
    subresource: f.string('subresource'),
  };

  const result = await inv.kube.build({
    args: inv.args,
    filenames,
    recursive: f.bool('recursive'),
    labelSelector: f.changed('selector') ? f.string('selector') : undefined,
    fieldSelector: f.changed('field-selector') ? f.string('field-selector') : undefined,
    allNamespaces,
    namespace,
    allowEmptySelector: true,
  });

  if (watch || watchOnly)
    return runWatch(inv, result.refs, fetchOpts, { human: serverPrint, wide, allNamespaces, output });

  const rest = inv.kube.rest();
  const errors: Error[] = [...result.errors];
  const infos: Info[] = [];
  const ignoreNotFound = f.bool('ignore-not-found');
  for (const ref of result.refs) {
    try {
      infos.push(await fetchRef(rest, ref, fetchOpts));
    } catch (e) {
      if (ignoreNotFound && isNotFound(e)) continue;
      if (e instanceof StatusError || e instanceof KubectlError) {
        errors.push(e);
        continue;
      }
      throw e;
    }
  }

  if (!serverPrint || !human) {
    return printGeneric(inv, infos, errors, result.singleItemImplied, output, sortBy);
  }

  // Human-readable tables. With --sort-by, kubectl's RuntimeSorter orders the fetched Tables
  // themselves when there are several (their own fields, so `.metadata.name` is not found),
  // then its SortingPrinter sorts the rows of each; a table whose rows cannot be sorted is
  // silently not printed.
  let ordered = infos;
  if (sortBy && infos.length > 1) {
    ordered = sortObjects(infos, (i) => i.table ?? i.objects?.[0], relaxedOrRaw(sortBy), inv.ctx.now);
  }
  const printWithKind = multipleGVKs(infos) || f.bool('show-kind');
  let written = 0;
  let separatorReady = false;
  const out = (t: string) => {
    if (t.length === 0) return;
    if (separatorReady) {
      inv.out('\n');
      separatorReady = false;
    }
    written += t.length;
    inv.out(t);
  };
  const w = new TabWriter(out, KUBECTL_TABWRITER);
  let printer: TablePrinter | undefined;
  let lastMapping: Mapping | undefined;
  let allResourcesNamespaced = !allNamespaces;
  for (const info of ordered) {
    allResourcesNamespaced = allResourcesNamespaced && info.mapping.namespaced;
    const withNamespace = allNamespaces && info.mapping.namespaced;
    if (
      !printer ||
      !lastMapping ||
      lastMapping.name !== info.mapping.name ||
      lastMapping.group !== info.mapping.group
    ) {
      w.flush();
      w.resetRememberedWidths();
      if (lastMapping && !f.bool('no-headers') && written > 0) separatorReady = true;
      printer = new TablePrinter({
        noHeaders: f.bool('no-headers'),
        wide,
        withNamespace,
        kind: printWithKind ? groupKind(info.mapping) : undefined,
        showLabels: f.bool('show-labels'),
        columnLabels: f.strings('label-columns'),
      });
      lastMapping = info.mapping;
    }
    const table = info.table && sortBy ? sortTableRows(info.table, sortBy, inv.ctx.now) : info.table;
    if (table) printer.print(table, w);
  }
  w.flush();
  if (written === 0 && !ignoreNotFound && errors.length === 0) {
    inv.err(
      allResourcesNamespaced ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n',
    );
  }
  if (errors.length > 0) throw new AggregateError(errors);
}

/** printGeneric: one object bare, anything else as a List. */
function printGeneric(
  inv: Invocation,
  infos: Info[],
  errors: Error[],
  singleItemImplied: boolean,
  output: string,
  sortBy: string,
): number | void {
  const f = inv.flags;
  if (singleItemImplied && errors.length > 0 && infos.length === 0)
    throw errors.length === 1 ? errors[0] : new AggregateError(errors);
  const objects = infos.flatMap((i) => i.objects ?? []);
  if (objects.length === 0 && f.bool('ignore-not-found')) {
    if (errors.length > 0) throw new AggregateError(errors);
    return;
  }
  const printer: Printer = makePrinter(output, printerOptions(inv));
  let obj: unknown;
  if (!singleItemImplied || objects.length !== 1 || infos.some((i) => i.isList)) {
    // kubectl's SortingPrinter sorts any List it prints, even one of a single item.
    obj = asList(sortBy ? sortObjects(objects, (x) => x, sortBy, inv.ctx.now) : objects);
  } else {
    obj = objects[0];
  }
  if (printer instanceof CustomColumnsPrinter) {
    const w = new TabWriter((t) => inv.out(t), KUBECTL_TABWRITER);
    try {
      printer.printTo(obj, w);
    } finally {
      w.flush();
    }
  } else {
    printer.print(obj, (t) => inv.out(t));
  }
  if (errors.length > 0) throw new AggregateError(errors);
}

/** The printer flags of `kubectl get` (objects from the server: unstructured, int64 numbers). */
function printerOptions(inv: Invocation): PrinterOptions {
  const f = inv.flags;
  return {
    fs: inv.ctx.fs,
    noHeaders: f.bool('no-headers'),
    showManagedFields: f.bool('show-managed-fields'),
    allowMissingTemplateKeys: f.bool('allow-missing-template-keys'),
    template: f.string('template'),
  };
}

interface WatchOptions {
  human: boolean;
  wide: boolean;
  allNamespaces: boolean;
  output: string;
}

async function runWatch(
  inv: Invocation,
  refs: ResourceRef[],
  fetchOpts: FetchOptions,
  o: WatchOptions,
): Promise<number | void> {
  const f = inv.flags;
  if (refs.length === 0) throw new KubectlError('no resources found');
  const first = refs[0]!;
  if (refs.some((r) => r.mapping.name !== first.mapping.name || r.mapping.group !== first.mapping.group)) {
    throw new KubectlError('you may only specify a single resource type');
  }
  const rest = inv.kube.rest();
  const infos: Info[] = [];
  for (const ref of refs) infos.push(await fetchRef(rest, ref, { ...fetchOpts, sort: false }));
  const info = infos[0]!;
  const outputEvents = f.bool('output-watch-events');
  const w = new TabWriter((t) => inv.out(t), KUBECTL_TABWRITER);
  const tablePrinter = new TablePrinter({
    noHeaders: f.bool('no-headers'),
    wide: o.wide,
    withNamespace: o.allNamespaces && first.mapping.namespaced,
    showLabels: f.bool('show-labels'),
    columnLabels: f.strings('label-columns'),
  });
  const generic: Printer | undefined = o.human ? undefined : makePrinter(o.output, printerOptions(inv));
  const printOne = (obj: KubeObject | Table, eventType?: string) => {
    if (o.human) {
      if (obj.kind === 'Table') tablePrinter.print(obj as Table, w, outputEvents ? eventType : undefined);
      return;
    }
    const toPrint = outputEvents ? { type: eventType, object: obj } : obj;
    if (generic instanceof CustomColumnsPrinter) generic.printTo(toPrint, w);
    else generic!.print(toPrint, (t) => w.print(t));
  };

  let outputObjects = !f.bool('watch-only');
  if (outputObjects && infos.length > 1) {
    // Several named objects: kubectl prints them, then refuses to watch more than one.
    for (const i of infos) if (i.table) printOne(i.table);
    w.flush();
    throw new KubectlError('you may only watch a single resource or type of resource at a time');
  }
  if (outputObjects) {
    if (info.table) {
      if (info.isList && outputEvents) {
        for (const row of info.table.rows) printOne({ ...info.table, rows: [row] }, 'ADDED');
      } else {
        printOne(info.table, outputEvents ? 'ADDED' : undefined);
      }
    } else {
      for (const obj of info.objects ?? []) printOne(obj, 'ADDED');
    }
  }
  w.flush();
  outputObjects = info.isList;

  const query: Record<string, string> = {};
  if (first.name !== undefined) {
    query.fieldSelector = `metadata.name=${first.name}`;
    query.resourceVersion = '0';
  } else {
    if (first.labelSelector) query.labelSelector = first.labelSelector;
    if (first.fieldSelector) query.fieldSelector = first.fieldSelector;
    query.resourceVersion = info.resourceVersion ?? '0';
  }
  const path = resourcePath(first.mapping, first.namespace);
  let failure: Error | undefined;
  const done = new AbortController();
  const handle = await rest.watch(
    { method: 'GET', path, query, headers: { accept: fetchOpts.accept } },
    (ev: WatchEvent) => {
      if (done.signal.aborted) return;
      if (ev.type === 'ERROR') {
        const s = ev.object as { kind?: string };
        failure = s.kind === 'Status' ? new StatusError(ev.object as never) : new KubectlError('watch error');
        done.abort();
        return;
      }
      if (ev.type === 'BOOKMARK') return;
      if (outputObjects) {
        printOne(ev.object as KubeObject | Table, ev.type);
        w.flush();
      }
      outputObjects = true;
    },
  );
  const stop = AbortSignal.any([inv.ctx.signal, done.signal]);
  await inv.ctx.sleep(Infinity, stop);
  handle.stop();
  done.abort();
  if (failure) throw failure;
  return inv.ctx.signal.aborted ? 130 : 0;
}

registerCommand({
  name: 'get',
  short: 'Display one or many resources',
  long: GET_LONG,
  example: GET_EXAMPLE,
  use: 'get [(-o|--output=)json|yaml|name|go-template|go-template-file|template|templatefile|jsonpath|jsonpath-as-json|jsonpath-file|custom-columns|custom-columns-file|wide] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  suggestFor: ['list', 'ps'],
  flags: [
    boolFlag(
      'all-namespaces',
      'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
      { shorthand: 'A' },
    ),
    boolFlag(
      'allow-missing-template-keys',
      'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
      { default: true },
    ),
    intFlag(
      'chunk-size',
      500,
      'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
    ),
    stringFlag(
      'field-selector',
      "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    ),
    stringSliceFlag(
      'filename',
      'Filename, directory, or URL to files identifying the resource to get from a server.',
      {
        shorthand: 'f',
      },
    ),
    boolFlag(
      'ignore-not-found',
      'If the requested object does not exist the command will return exit code 0.',
    ),
    stringFlag(
      'kustomize',
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
      {
        shorthand: 'k',
      },
    ),
    stringSliceFlag(
      'label-columns',
      'Accepts a comma separated list of labels that are going to be presented as columns. Names are case-sensitive. You can also use multiple flag options like -L label1 -L label2...',
      { shorthand: 'L' },
    ),
    boolFlag(
      'no-headers',
      "When using the default or custom-column output format, don't print headers (default print headers).",
    ),
    stringFlag('output', OUTPUT_USAGE, { shorthand: 'o' }),
    boolFlag(
      'output-watch-events',
      'Output watch event objects when --watch or --watch-only is used. Existing objects are output as initial ADDED events.',
    ),
    stringFlag(
      'raw',
      'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.',
    ),
    boolFlag(
      'recursive',
      'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
      { shorthand: 'R' },
    ),
    stringFlag(
      'selector',
      "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
      { shorthand: 'l' },
    ),
    boolFlag(
      'server-print',
      'If true, have the server return the appropriate table output. Supports extension APIs and CRDs.',
      { default: true },
    ),
    boolFlag('show-kind', 'If present, list the resource type for the requested object(s).'),
    boolFlag('show-labels', 'When printing, show all labels as the last column (default hide labels column)'),
    boolFlag(
      'show-managed-fields',
      'If true, keep the managedFields when printing objects in JSON or YAML format.',
    ),
    stringFlag(
      'sort-by',
      "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
    ),
    stringFlag(
      'subresource',
      'If specified, gets the subresource of the requested object. This flag is beta and may change in the future.',
    ),
    stringFlag(
      'template',
      'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
    ),
    boolFlag('watch', 'After listing/getting the requested object, watch for changes.', { shorthand: 'w' }),
    boolFlag('watch-only', 'Watch for changes to the requested object(s), without listing/getting first.'),
    boolFlag(
      'use-openapi-print-columns',
      'If true, use x-kubernetes-print-column metadata (if present) from the OpenAPI schema for displaying a resource.',
      { deprecated: 'deprecated in favor of server-side printing' },
    ),
  ],
  run: runGet,
});
