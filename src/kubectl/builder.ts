/**
 * The resource builder (cli-runtime/pkg/resource/builder.go): turns a command's arguments and
 * `-f` files into the list of things to act on, with kubectl's rules and error messages:
 *
 *   kubectl get pods                     → list pods in the namespace
 *   kubectl get pods web db              → two named pods
 *   kubectl get pods,svc                 → list both types
 *   kubectl get pods,svc web             → pods/web and services/web
 *   kubectl get pod/web svc/db           → two named objects of different types
 *   kubectl get all                      → every type in the `all` category
 *   kubectl get -f dir/ -R               → the objects in those files (Lists flattened)
 *   kubectl get pods -l app=web          → list with a label selector
 *
 * It resolves names to mappings (through the RESTMapper) but sends no other request: the
 * caller fetches, lists, deletes or patches what comes back.
 */
import type { FileSystem } from '../api/io';
import type { KubeObject } from '../api/types';
import { goQuote } from '../apimachinery/golang';
import { parseSelector } from '../apimachinery/labels';
import { type Mapping, type RESTMapper, qualifiedResource } from './discovery';
import { ConnectionError, KubectlError, NoKindMatchError, NoResourceMatchError } from './errors';
import { toCompactJSON } from './printers/json';
import { isJsonStream, readJsonDocuments } from './jsonstream';
import { readYamlDocuments, YamlSyntaxError } from './yamlparse';

export interface BuilderOptions {
  /** Positional arguments: `TYPE [NAME...]`, `TYPE/NAME...`, `TYPE1,TYPE2 [NAME...]`. */
  args?: string[];
  /** `-f` values (files, directories, `-` for stdin). */
  filenames?: string[];
  /** `-R`: descend into directories. */
  recursive?: boolean;
  labelSelector?: string;
  fieldSelector?: string;
  /** `--all`: select everything of the given types. */
  selectAll?: boolean;
  /** `-A`: namespace is ignored and lists span all namespaces. */
  allNamespaces?: boolean;
  /** The namespace in effect (from -n or the context). */
  namespace: string;
  /**
   * `-n` was given explicitly and the command requires objects from files to be in it
   * (builder RequireNamespace: apply, create, delete, replace …). `get` leaves this false.
   */
  enforceNamespace?: boolean;
  /** A bare type with no names lists everything (get: true; delete/label: false, they need --all or -l). */
  allowEmptySelector?: boolean;
  /** Expand categories such as `all` in type arguments (default true). */
  expandCategories?: boolean;
  /** Stdin, for `-f -`. */
  stdin?: string;
  /**
   * Client-side schema validation is on (`--validate` strict or warn: apply, create, replace).
   * It reads the OpenAPI schema before anything else, so a stopped server fails there.
   */
  validate?: boolean;
}

/** One thing to act on: a named object, or a collection to list. */
export interface ResourceRef {
  mapping: Mapping;
  /** Namespace for the request; `''` for cluster-scoped resources and for all namespaces. */
  namespace: string;
  /** The object name; undefined for a collection. */
  name?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** From `-f`: the decoded object and the file it came from (`-` shows as `STDIN`). */
  object?: KubeObject;
  source?: string;
}

export interface BuildResult {
  refs: ResourceRef[];
  /** The arguments name exactly one object (kubectl prints it bare, not as a List). */
  singleItemImplied: boolean;
  /** Errors for some inputs (undecodable documents, unknown kinds); the other refs are still valid. */
  errors: Error[];
}

/** The builder's error when nothing was asked for. */
export const MISSING_RESOURCE_ERROR = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/** SplitResourceArgument: `a,b,,a` → [a, b]. */
export function splitResourceArgument(arg: string): string[] {
  const out: string[] = [];
  for (const s of arg.split(',')) if (s && !out.includes(s)) out.push(s);
  return out;
}

function normalizeMultipleResourcesArgs(args: string[]): string[] {
  if (args.length >= 2) {
    const resources = splitResourceArgument(args[0]!);
    if (resources.length > 1) {
      const out: string[] = [];
      for (const r of resources) for (const n of args.slice(1)) out.push(`${r}/${n}`);
      return out;
    }
  }
  return args;
}

function splitResourceTypeName(s: string): { resource: string; name: string } {
  const seg = s.split('/');
  if (seg.length !== 2)
    throw new KubectlError('arguments in resource/name form may not have more than one slash');
  const [resource, name] = seg as [string, string];
  if (!resource || !name || splitResourceArgument(resource).length !== 1) {
    throw new KubectlError('arguments in resource/name form must have a single resource and name');
  }
  return { resource, name };
}

/** The file extensions kubectl reads from directories. */
export const FILE_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** One document read from a file, before mapping. */
export interface ManifestDoc {
  object: KubeObject;
  source: string;
}

/** Expand `-f` arguments into (path, text) pairs as kubectl's FileVisitor does. */
export function readFilenameArgs(
  fs: FileSystem,
  filenames: string[],
  recursive: boolean,
  stdin: string,
): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  for (const f of filenames) {
    if (f === '-') {
      out.push({ source: 'STDIN', text: stdin });
      continue;
    }
    if (/^https?:\/\//.test(f)) {
      throw new KubectlError(`reading manifests from URLs (${f}) is not simulated in Breakfix`);
    }
    const path = fs.resolve(f);
    if (!fs.exists(path)) throw new KubectlError(`the path ${JSON.stringify(f)} does not exist`);
    if (fs.isDir(path)) {
      const walk = (dir: string, display: string) => {
        for (const entry of fs.readDir(dir) ?? []) {
          const full = `${dir.replace(/\/$/, '')}/${entry}`;
          const shown = `${display.replace(/\/$/, '')}/${entry}`;
          if (fs.isDir(full)) {
            if (recursive) walk(full, shown);
            continue;
          }
          if (!FILE_EXTENSIONS.some((ext) => entry.endsWith(ext))) continue;
          out.push({ source: shown, text: fs.readFile(full) ?? '' });
        }
      };
      walk(path, f);
    } else {
      out.push({ source: f, text: fs.readFile(path) ?? '' });
    }
  }
  return out;
}

/**
 * What a `-f` file gets when the server cannot be reached: with validation, the failed OpenAPI
 * download (`error validating "x.yaml": error validating data: failed to download openapi: …`);
 * without, the failed mapping (`unable to recognize "x.yaml": Get "…/api?timeout=32s": …`).
 */
function unreachableError(e: ConnectionError, source: string, validate: boolean): Error {
  if (!validate) return new Error(`unable to recognize ${goQuote(source)}: ${e.urlError}`);
  const openapi = e.urlError.replace(/^(\w+ "[a-z]+:\/\/[^/"]+)[^"]*"/, '$1/openapi/v2?timeout=32s"');
  return new Error(
    `error validating ${goQuote(source)}: error validating data: failed to download openapi: ${openapi}; if you choose to ignore these errors, turn validation off with --validate=false`,
  );
}

/** encoding/json's name for the kind of a JSON value in an UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

const META_STRINGS: Record<string, string> = {
  name: 'string',
  generateName: 'string',
  namespace: 'string',
  selfLink: 'string',
  uid: 'types.UID',
  resourceVersion: 'string',
};

/**
 * The decoder reads metadata into a typed ObjectMeta, so a field of the wrong JSON type fails
 * the whole document: `json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name
 * of type string` (`name: y` is a YAML 1.1 boolean). The first bad field wins, as in Go.
 */
function objectMetaTypeError(meta: unknown): string | undefined {
  if (meta === null || meta === undefined || typeof meta !== 'object' || Array.isArray(meta))
    return undefined;
  const fail = (v: unknown, field: string, type: string) =>
    `json: cannot unmarshal ${jsonKind(v)} into Go struct field ObjectMeta.metadata.${field} of type ${type}`;
  for (const [k, v] of Object.entries(meta as Record<string, unknown>)) {
    if (v === null) continue;
    const t = META_STRINGS[k];
    if (t !== undefined && typeof v !== 'string') return fail(v, k, t);
    if (k === 'labels' || k === 'annotations') {
      if (typeof v !== 'object' || Array.isArray(v)) return fail(v, k, 'map[string]string');
      for (const x of Object.values(v as Record<string, unknown>)) {
        if (x !== null && typeof x !== 'string') return fail(x, k, 'string');
      }
    }
    if (k === 'finalizers') {
      if (!Array.isArray(v)) return fail(v, k, '[]string');
      for (const x of v) if (x !== null && typeof x !== 'string') return fail(x, k, 'string');
    }
  }
  return undefined;
}

/**
 * Decode a manifest stream (YAML documents or JSON) into objects, flattening `List`s. Errors
 * come back per document with kubectl's text (`unable to decode "x.yaml": …`,
 * `error parsing x.yaml: error converting YAML to JSON: yaml: line 1: …`).
 */
export function decodeManifests(text: string, source: string): { objects: KubeObject[]; errors: Error[] } {
  const objects: KubeObject[] = [];
  const errors: Error[] = [];
  // A stream starting with `{` is JSON for Go's decoder, anything else YAML documents. The
  // documents before a syntax error are still decoded (kubectl streams them), then the error
  // ends the file.
  const { docs, error } = isJsonStream(text) ? readJsonDocuments(text) : readYamlDocuments(text);
  for (const doc of docs) {
    if (doc === null || doc === undefined) continue;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      const t = Array.isArray(doc)
        ? 'array'
        : typeof doc === 'string'
          ? 'string'
          : typeof doc === 'boolean'
            ? 'bool'
            : 'number';
      errors.push(
        new Error(
          `unable to decode ${JSON.stringify(source)}: json: cannot unmarshal ${t} into Go value of type unstructured.detector`,
        ),
      );
      continue;
    }
    const o = doc as Record<string, unknown>;
    const metaError = objectMetaTypeError(o.metadata);
    if (metaError) {
      errors.push(new Error(`unable to decode ${JSON.stringify(source)}: ${metaError}`));
      continue;
    }
    if (typeof o.kind !== 'string' || o.kind === '') {
      errors.push(
        new Error(
          `unable to decode ${JSON.stringify(source)}: Object 'Kind' is missing in '${toCompactJSON(o)}'`,
        ),
      );
      continue;
    }
    if (typeof o.apiVersion !== 'string' || o.apiVersion === '') {
      errors.push(
        new Error(
          `unable to decode ${JSON.stringify(source)}: Object 'apiVersion' is missing in '${toCompactJSON(o)}'`,
        ),
      );
      continue;
    }
    if (o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items as unknown[]) {
        if (item && typeof item === 'object' && typeof (item as KubeObject).kind === 'string') {
          const it = item as KubeObject;
          if (!it.metadata) it.metadata = {};
          objects.push(it);
        }
      }
      continue;
    }
    if (!o.metadata || typeof o.metadata !== 'object') o.metadata = {};
    objects.push(o as KubeObject);
  }
  if (error) {
    const msg =
      error instanceof YamlSyntaxError ? `error converting YAML to JSON: ${error.message}` : error.message;
    errors.push(new Error(`error parsing ${source}: ${msg}`));
  }
  return { objects, errors };
}

/** Run the builder. Throws KubectlError for argument errors; per-input errors are returned. */
export async function buildResources(
  mapper: RESTMapper,
  fs: FileSystem,
  o: BuilderOptions,
): Promise<BuildResult> {
  const args = [...(o.args ?? [])];
  const filenames = o.filenames ?? [];
  const namespace = o.allNamespaces ? '' : o.namespace;
  let labelSelector = o.labelSelector;
  const fieldSelector = o.fieldSelector;
  if (o.selectAll) labelSelector = labelSelector ?? '';

  // ResourceTypeOrNameArgs
  let tuples: { resource: string; name: string }[] = [];
  let types: string[] = [];
  let names: string[] = [];
  const normalized = normalizeMultipleResourcesArgs(args);
  const slashes = normalized.filter((a) => a.includes('/')).length;
  if (slashes > 0) {
    if (slashes !== normalized.length) {
      throw new KubectlError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      );
    }
    tuples = normalized.map(splitResourceTypeName);
  } else if (normalized.length > 0) {
    let first = normalized[0]!;
    if (o.expandCategories !== false) first = await replaceAliases(mapper, first);
    types = splitResourceArgument(first);
    names = normalized.slice(1);
    if (normalized.length === 1 && labelSelector === undefined && o.allowEmptySelector) labelSelector = '';
  }

  // visitorResult
  if (filenames.length > 0) {
    if (types.length > 0) {
      throw new KubectlError(
        'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
      );
    }
    if (names.length > 0) throw new KubectlError('name cannot be provided when a path is specified');
    if (tuples.length > 0)
      throw new KubectlError('resource/name arguments cannot be provided when a path is specified');
    const inputs = readFilenameArgs(fs, filenames, !!o.recursive, o.stdin ?? '');
    const isDirOrStream = filenames.some((f) => f === '-' || fs.isDir(fs.resolve(f)));
    const refs: ResourceRef[] = [];
    const errors: Error[] = [];
    inputs: for (const input of inputs) {
      const { objects, errors: errs } = decodeManifests(input.text, input.source);
      errors.push(...errs);
      for (const obj of objects) {
        let mapping: Mapping;
        try {
          // A -f object is mapped once (one failed-discovery line); with validation the schema
          // download comes first and fails before discovery is tried.
          mapping = await mapper.withDiscoveryFailureLines(o.validate ? 0 : 1, () =>
            mapper.mappingForKind(obj.apiVersion, obj.kind),
          );
        } catch (e) {
          if (e instanceof ConnectionError) {
            errors.push(unreachableError(e, input.source, !!o.validate));
            // A validation error ends the file (StreamVisitor); a mapping error only the object.
            if (o.validate) continue inputs;
            continue;
          }
          if (e instanceof NoKindMatchError) {
            errors.push(
              new Error(
                `resource mapping not found for name: ${JSON.stringify(obj.metadata.name ?? '')} namespace: ${JSON.stringify(obj.metadata.namespace ?? '')} from ${JSON.stringify(input.source)}: ${e.message}\nensure CRDs are installed first`,
              ),
            );
            continue;
          }
          throw e;
        }
        let ns = '';
        if (mapping.namespaced) {
          const objNs = obj.metadata.namespace ?? '';
          if (o.enforceNamespace && objNs && objNs !== o.namespace) {
            throw new KubectlError(
              `the namespace from the provided object ${JSON.stringify(objNs)} does not match the namespace ${JSON.stringify(o.namespace)}. You must pass '--namespace=${objNs}' to perform this operation.`,
            );
          }
          ns = objNs || o.namespace;
        }
        if (labelSelector) {
          let sel;
          try {
            sel = parseSelector(labelSelector);
          } catch (e) {
            throw new KubectlError(
              `the provided selector ${JSON.stringify(labelSelector)} is not valid: ${(e as Error).message}`,
            );
          }
          if (!sel.matches(obj.metadata.labels ?? {})) continue;
        }
        refs.push({
          mapping,
          namespace: ns,
          name: obj.metadata.name ?? '',
          object: obj,
          source: input.source,
        });
      }
    }
    return { refs, singleItemImplied: !isDirOrStream && filenames.length === 1, errors };
  }

  if (labelSelector !== undefined || fieldSelector !== undefined) {
    if (names.length > 0) throw new KubectlError('name cannot be provided when a selector is specified');
    if (tuples.length > 0) {
      throw new KubectlError(
        'selectors and the all flag cannot be used when passing resource/name arguments',
      );
    }
    if (types.length === 0)
      throw new KubectlError('at least one resource must be specified to use a selector');
    const refs: ResourceRef[] = [];
    for (const t of types) {
      const mapping = await mappingFor(mapper, t);
      refs.push({
        mapping,
        namespace: mapping.namespaced ? namespace : '',
        labelSelector: labelSelector ?? '',
        fieldSelector: fieldSelector ?? '',
      });
    }
    return { refs, singleItemImplied: false, errors: [] };
  }

  const checkNamespace = () => {
    if (namespace === '') {
      throw new KubectlError(
        o.allNamespaces
          ? 'a resource cannot be retrieved by name across all namespaces'
          : 'namespace may not be empty when retrieving a resource by name',
      );
    }
  };

  if (tuples.length > 0) {
    const refs: ResourceRef[] = [];
    const cache = new Map<string, Mapping>();
    for (const t of tuples) {
      let mapping = cache.get(t.resource);
      if (!mapping) {
        mapping = await mappingFor(mapper, t.resource);
        cache.set(t.resource, mapping);
      }
      if (mapping.namespaced) checkNamespace();
      refs.push({ mapping, namespace: mapping.namespaced ? namespace : '', name: t.name });
    }
    return { refs, singleItemImplied: tuples.length === 1, errors: [] };
  }

  if (names.length > 0) {
    if (types.length > 1) throw new KubectlError('you must specify only one resource');
    const mapping = await mappingFor(mapper, types[0]!);
    if (mapping.namespaced) checkNamespace();
    return {
      refs: names.map((name) => ({ mapping, namespace: mapping.namespaced ? namespace : '', name })),
      singleItemImplied: names.length === 1,
      errors: [],
    };
  }

  if (types.length > 0) {
    for (const t of types) await mappingFor(mapper, t);
    throw new KubectlError('resource(s) were provided, but no name was specified');
  }
  throw new KubectlError(MISSING_RESOURCE_ERROR);
}

/** The builder's mappingFor: an unknown type is `the server doesn't have a resource type "x"`. */
async function mappingFor(mapper: RESTMapper, arg: string): Promise<Mapping> {
  try {
    return await mapper.mappingFor(arg);
  } catch (e) {
    if (e instanceof NoResourceMatchError) {
      throw new KubectlError(`the server doesn't have a resource type ${JSON.stringify(e.resource)}`);
    }
    throw e;
  }
}

/** ReplaceAliases: a category (`all`) becomes its resources, `pods,services,deployments.apps,…`. */
async function replaceAliases(mapper: RESTMapper, input: string): Promise<string> {
  const out: string[] = [];
  for (const arg of input.split(',')) {
    if (arg && (await mapper.isCategory(arg))) {
      const rs = await mapper.category(arg);
      out.push(rs.map((r) => (r.group ? `${r.name}.${r.group}` : r.name)).join(','));
    } else {
      out.push(arg);
    }
  }
  return out.join(',');
}

/** `deployments.apps "web"`-style text used by messages about a ref. */
export function refDisplay(ref: ResourceRef): string {
  return `${qualifiedResource(ref.mapping)} ${JSON.stringify(ref.name ?? '')}`;
}
