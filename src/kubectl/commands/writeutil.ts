/**
 * What the write verbs (create, apply, delete, replace, patch, label, annotate, edit, diff,
 * wait) share: their help records, `--dry-run` and `--validate` parsing, the REST calls of
 * cli-runtime's resource.Helper with the query parameters kubectl adds, and printing the result
 * the way `PrintFlags.ToPrinter` does (the `deployment.apps/web created` line, or -o).
 */
import type { KubeObject } from '../../api/types';
import type { ResourceRef } from '../builder';
import { resourcePath, type Mapping } from '../discovery';
import { AggregateError, KubectlError, StatusError } from '../errors';
import { makePrinter, GENERIC_OUTPUT_FORMATS, operationLine, type Printer } from '../printers/index';
import type { CommandSpec, Invocation } from '../registry';
import type { RestClient } from '../rest';
import { helpSpec as recordedHelpSpec, type AdjustFlags } from '../helptext/index';

/** The help record of `kubectl <path>` with its flags (verbatim from kubectl v1.32). */
export function helpSpec(path: string, short: string, adjust?: AdjustFlags): Omit<CommandSpec, 'run'> {
  return recordedHelpSpec(path, short, adjust);
}

export type DryRun = 'none' | 'client' | 'server';

/** cmdutil.GetDryRunStrategy: `--dry-run` alone is the deprecated spelling of client. */
export function dryRunStrategy(inv: Invocation): DryRun {
  const v = inv.flags.string('dry-run');
  switch (v) {
    case '':
    case 'none':
      return 'none';
    case 'client':
      return 'client';
    case 'server':
      return 'server';
    case 'unchanged':
      inv.kube.logger.warning(
        'helpers.go:702',
        '--dry-run is deprecated and can be replaced with --dry-run=client.',
      );
      return 'client';
  }
  throw new KubectlError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** The operation suffix the printers add for dry runs. */
export function dryRunSuffix(d: DryRun): string {
  return d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '';
}

/** cmdutil.GetValidationDirective: the fieldValidation query parameter. */
export function validationDirective(inv: Invocation): string {
  if (!inv.flags.has('validate')) return 'Strict';
  const v = inv.flags.string('validate').toLowerCase();
  switch (v) {
    case 'strict':
    case 'true':
      return 'Strict';
    case 'warn':
      return 'Warn';
    case 'ignore':
    case 'false':
      return 'Ignore';
  }
  throw new KubectlError(
    `invalid - validate option ${JSON.stringify(inv.flags.string('validate'))}; must be one of: strict (or true), warn, ignore (or false)`,
  );
}

/** -k is not simulated. */
export function rejectKustomize(inv: Invocation): void {
  if (inv.flags.has('kustomize') && inv.flags.string('kustomize')) {
    throw new KubectlError(`kubectl ${inv.command.name} -k (kustomize) is not simulated in Breakfix`);
  }
}

/** FilenameOptions.RequireFilenameOrKustomize. */
export function requireFilename(inv: Invocation): void {
  rejectKustomize(inv);
  if (inv.flags.strings('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
}

/** Go's sorted-map JSON order, deeply: unstructured objects and patches marshal that way. */
export function sortDeep<T>(v: T): T {
  if (Array.isArray(v)) return v.map(sortDeep) as T;
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortDeep((v as Record<string, unknown>)[k]);
    return out as T;
  }
  return v;
}

export interface WriteOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: string;
}

function writeQuery(o: WriteOptions): Record<string, string> {
  const q: Record<string, string> = {};
  if (o.dryRun) q.dryRun = 'All';
  if (o.fieldManager) q.fieldManager = o.fieldManager;
  if (o.fieldValidation) q.fieldValidation = o.fieldValidation;
  return q;
}

/** Fill in apiVersion/kind of a list item or response that lacks them. */
function withTypeMeta(obj: KubeObject, m: Mapping): KubeObject {
  if (obj && typeof obj === 'object' && (!obj.kind || !obj.apiVersion)) {
    return {
      ...obj,
      apiVersion: obj.apiVersion || (m.group ? `${m.group}/${m.version}` : m.version),
      kind: obj.kind || m.kind,
    };
  }
  return obj;
}

/** resource.Helper: GET, POST, PUT, PATCH and DELETE of one object. All throw StatusError. */
export class Helper {
  constructor(
    readonly rest: RestClient,
    readonly mapping: Mapping,
  ) {}

  async get(namespace: string, name: string): Promise<KubeObject> {
    const resp = await this.rest.requestOK({
      method: 'GET',
      path: resourcePath(this.mapping, namespace, name),
    });
    return withTypeMeta(resp.body as KubeObject, this.mapping);
  }

  async list(
    namespace: string,
    labelSelector?: string,
    fieldSelector?: string,
  ): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    const query: Record<string, string> = {};
    if (labelSelector) query.labelSelector = labelSelector;
    if (fieldSelector) query.fieldSelector = fieldSelector;
    const resp = await this.rest.requestOK({
      method: 'GET',
      path: resourcePath(this.mapping, namespace),
      query,
    });
    const body = resp.body as { items?: KubeObject[]; metadata?: { resourceVersion?: string } };
    return {
      items: (body.items ?? []).map((o) => withTypeMeta(o, this.mapping)),
      resourceVersion: body.metadata?.resourceVersion ?? '',
    };
  }

  async create(namespace: string, obj: unknown, o: WriteOptions): Promise<KubeObject> {
    const resp = await this.rest.requestOK({
      method: 'POST',
      path: resourcePath(this.mapping, namespace),
      query: writeQuery(o),
      body: obj,
    });
    return withTypeMeta(resp.body as KubeObject, this.mapping);
  }

  async replace(namespace: string, name: string, obj: unknown, o: WriteOptions): Promise<KubeObject> {
    const resp = await this.rest.requestOK({
      method: 'PUT',
      path: resourcePath(this.mapping, namespace, name),
      query: writeQuery(o),
      body: obj,
    });
    return withTypeMeta(resp.body as KubeObject, this.mapping);
  }

  async patch(
    namespace: string,
    name: string,
    contentType: string,
    patch: unknown,
    o: WriteOptions,
  ): Promise<KubeObject> {
    const resp = await this.rest.requestOK({
      method: 'PATCH',
      path: resourcePath(this.mapping, namespace, name),
      query: writeQuery(o),
      headers: { contentType },
      body: patch,
    });
    return withTypeMeta(resp.body as KubeObject, this.mapping);
  }

  /** DELETE with a DeleteOptions body, as kubectl sends it. Returns the response object. */
  async delete(namespace: string, name: string, options: Record<string, unknown>): Promise<unknown> {
    const resp = await this.rest.requestOK({
      method: 'DELETE',
      path: resourcePath(this.mapping, namespace, name),
      body: options,
    });
    return resp.body;
  }
}

/** A ref's object name (from the arguments or the file). */
export const refName = (ref: ResourceRef): string => ref.name ?? ref.object?.metadata.name ?? '';

/**
 * cmdutil.AddSourceToErr: `error when creating "web.yaml": …`, keeping an API error's reason
 * (Invalid errors are printed from their details, so only the message changes).
 */
export function addSourceToErr(verb: string, source: string | undefined, err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  if (!source) return e;
  if (e instanceof StatusError) {
    return new StatusError({
      ...e.status,
      message: `error when ${verb} ${JSON.stringify(source)}: ${e.status.message ?? ''}`,
    });
  }
  return new Error(`error when ${verb} ${JSON.stringify(source)}: ${e.message}`);
}

/** Return one error bare, several as kubectl's aggregate (one `Error from server …` line each). */
export function collectErrors(errs: Error[]): void {
  if (errs.length === 1) throw errs[0]!;
  if (errs.length > 1) throw new AggregateError(errs);
}

/**
 * PrintFlags.ToPrinter for write verbs: no -o prints `<kind>.<group>/<name> <operation>`; -o
 * name prints `<kind>.<group>/<name>`; other formats print the object. `typed` objects (built
 * by generators) keep their Go field order in JSON.
 */
export function printObject(
  inv: Invocation,
  obj: unknown,
  operation: string,
  o: { typed?: boolean; allowedFormats?: string[]; fresh?: boolean } = {},
): void {
  const output = inv.flags.has('output') ? inv.flags.string('output') : '';
  // --template alone selects a Go template printer (PrintFlags.ToPrinter).
  const template = inv.flags.has('template') ? inv.flags.string('template') : '';
  if (output === '' && template === '') {
    const list = obj as { kind?: string; items?: KubeObject[] };
    if (list.kind === 'List' && Array.isArray(list.items)) {
      for (const item of list.items) inv.out(operationLine(item, operation));
      return;
    }
    inv.out(operationLine(obj as KubeObject, operation));
    return;
  }
  printer(inv, o).print(obj, (t) => inv.out(t));
}

const printers = new WeakMap<Invocation, Map<string, Printer>>();

/**
 * The -o printer of this invocation (validated early, as kubectl's Complete does). One printer
 * per command run, as in kubectl: the YAML printer puts `---` between the objects it prints.
 */
export function printer(
  inv: Invocation,
  o: { typed?: boolean; allowedFormats?: string[]; fresh?: boolean } = {},
): Printer {
  // label and patch build a new printer for every object (no `---` between them).
  if (o.fresh) return newPrinter(inv, o);
  const key = `${o.typed ? 'typed' : 'sorted'}:${(o.allowedFormats ?? []).join(',')}`;
  let byKey = printers.get(inv);
  if (!byKey) printers.set(inv, (byKey = new Map()));
  let p = byKey.get(key);
  if (!p) byKey.set(key, (p = newPrinter(inv, o)));
  return p;
}

function newPrinter(inv: Invocation, o: { typed?: boolean; allowedFormats?: string[] }): Printer {
  const output = inv.flags.string('output');
  return makePrinter(output, {
    fs: inv.ctx.fs,
    allowedFormats: o.allowedFormats ?? GENERIC_OUTPUT_FORMATS,
    showManagedFields: inv.flags.has('show-managed-fields') && inv.flags.bool('show-managed-fields'),
    allowMissingTemplateKeys:
      !inv.flags.has('allow-missing-template-keys') || inv.flags.bool('allow-missing-template-keys'),
    template: inv.flags.has('template') ? inv.flags.string('template') : '',
    sortKeys: !o.typed,
    // Typed objects reach JSONPath through encoding/json: every number is a float64.
    float64Numbers: o.typed,
  });
}

/** Validate -o before doing anything (kubectl builds its printer in Complete). */
export function checkOutput(inv: Invocation, o: { typed?: boolean; allowedFormats?: string[] } = {}): void {
  if (inv.flags.has('output') && inv.flags.string('output') !== '') printer(inv, o);
}

/** True for -o formats that print whole objects (anything but '' and name). */
export function printsObjects(inv: Invocation): boolean {
  const o = inv.flags.has('output') ? inv.flags.string('output') : '';
  return o !== '' && o !== 'name';
}

/** The strategic-merge kind key C's patch code takes: `/Pod`, `apps/Deployment`. */
export const kindKey = (m: Mapping): string => `${m.group}/${m.kind}`;

/** `pods "x"`-style resource words for delete output: the lowercased kind plus group. */
export function kindString(m: Mapping): string {
  return m.group ? `${m.kind.toLowerCase()}.${m.group}` : m.kind.toLowerCase();
}

/** Deterministic randomness for names kubectl draws at random (utilrand.String, temp dirs). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** utilrand.String: lowercase consonants and digits without look-alikes. */
export function randomString(rand: () => number, n: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(rand() * alphabet.length)];
  return s;
}

/** One object to act on (cli-runtime resource.Info). */
export interface Info {
  mapping: Mapping;
  namespace: string;
  name: string;
  /** The object: from the file, or fetched from the server (`Latest()`), when asked for. */
  object?: KubeObject;
  /** The file it came from (`-f`). */
  source?: string;
}

/**
 * Visit the builder's refs as kubectl's ContinueOnError visitors do, one object at a time:
 * collections are listed (their items become infos), named objects are fetched when `latest` is
 * set (label, annotate, edit, wait, patch), objects from files too unless `latestForFiles` is
 * false. `fn` runs for each info as soon as it is known; errors (of fetching or of `fn`) are
 * collected and returned, not thrown.
 */
export async function visitInfos(
  inv: Invocation,
  refs: ResourceRef[],
  o: { latest: boolean; latestForFiles?: boolean },
  fn: (info: Info) => Promise<void> = async () => {},
): Promise<{ infos: Info[]; errors: Error[] }> {
  const rest = inv.kube.rest();
  const infos: Info[] = [];
  const errors: Error[] = [];
  const run = async (info: Info) => {
    infos.push(info);
    try {
      await fn(info);
    } catch (e) {
      errors.push(e as Error);
    }
  };
  for (const ref of refs) {
    const helper = new Helper(rest, ref.mapping);
    if (ref.name === undefined) {
      let items: KubeObject[];
      try {
        items = (await helper.list(ref.namespace, ref.labelSelector, ref.fieldSelector)).items;
      } catch (e) {
        errors.push(e as Error);
        continue;
      }
      for (const item of items) {
        await run({
          mapping: ref.mapping,
          namespace: item.metadata.namespace ?? '',
          name: item.metadata.name ?? '',
          object: item,
        });
      }
      continue;
    }
    const info: Info = {
      mapping: ref.mapping,
      namespace: ref.namespace,
      name: ref.name,
      object: ref.object,
      source: ref.source,
    };
    if (o.latest && (!ref.object || o.latestForFiles !== false)) {
      try {
        info.object = await helper.get(ref.namespace, ref.name);
      } catch (e) {
        errors.push(e as Error);
        continue;
      }
    }
    await run(info);
  }
  return { infos, errors };
}

export const isNotFoundError = (e: unknown): boolean =>
  e instanceof StatusError && (e.status.reason === 'NotFound' || e.status.code === 404);
