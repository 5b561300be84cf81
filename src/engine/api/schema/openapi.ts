/**
 * The apiserver's OpenAPI v3 endpoints, which `kubectl explain` (and client-side validation) read:
 *
 *   GET /openapi/v3                 → { paths: { "api/v1": { serverRelativeURL: "/openapi/v3/api/v1?hash=…" }, … } }
 *   GET /openapi/v3/apis/apps/v1    → { openapi: "3.0.0", info, paths, components: { schemas: { "io.k8s.api.apps.v1.Deployment": … } } }
 *
 * Both are built from the generated schema. A group-version document holds the schemas of its
 * kinds and every schema they reference (the apps/v1 document carries io.k8s.api.core.v1.PodSpec
 * and the meta/v1 types, as upstream's does), in upstream's shape: `$ref`s point into
 * `#/components/schemas/`, kinds carry `x-kubernetes-group-version-kind`, and the editor-only
 * parts of the generated file (`additionalProperties: false` on structs, `const` apiVersion/kind,
 * `x-go-type`) are left out.
 *
 * Departure: `paths` is empty (kubectl explain reads only components); the hash is a stable
 * content hash of the document in upstream's format (128 upper-case hex digits), not SHA-512.
 */
import { k8sSchema, referencedDefinition, refName, servedKinds, type JsonSchema } from './schema';

/** The version the documents' `info` reports (the simulated apiserver's git version). */
export const OPENAPI_INFO_VERSION = 'v1.32.2';

export interface OpenAPIV3Index {
  paths: Record<string, { serverRelativeURL: string }>;
}

export interface OpenAPIV3Document {
  openapi: '3.0.0';
  info: { title: 'Kubernetes'; version: string };
  paths: Record<string, never>;
  components: { schemas: Record<string, JsonSchema> };
}

const DEFINITIONS_PREFIX = '#/definitions/';
const COMPONENTS_PREFIX = '#/components/schemas/';

/** `api/v1`, `apis/apps/v1`: the index key of a group-version. */
export const groupVersionPath = (group: string, version: string): string =>
  group ? `apis/${group}/${version}` : `api/${version}`;

const docCache = new Map<string, { doc: OpenAPIV3Document; hash: string }>();

function groupVersionPaths(): string[] {
  const out = new Set<string>();
  for (const k of servedKinds().values()) out.add(groupVersionPath(k.group, k.version));
  return [...out].sort();
}

/** The `/openapi/v3` discovery index. */
export function openAPIV3Index(): OpenAPIV3Index {
  const paths: OpenAPIV3Index['paths'] = {};
  for (const p of groupVersionPaths()) {
    const entry = build(p)!;
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${entry.hash}` };
  }
  return { paths };
}

/**
 * The document of one group-version. `path` may be given as in the index (`apis/apps/v1`) or as
 * the request path (`/openapi/v3/apis/apps/v1?hash=…`). Undefined for a path the server lacks.
 */
export function openAPIV3Document(path: string): OpenAPIV3Document | undefined {
  const p = path
    .replace(/\?.*$/, '')
    .replace(/^\/+/, '')
    .replace(/^openapi\/v3\//, '')
    .replace(/\/+$/, '');
  return build(p)?.doc;
}

function build(path: string): { doc: OpenAPIV3Document; hash: string } | undefined {
  const cached = docCache.get(path);
  if (cached) return cached;
  const roots = [...servedKinds().values()]
    .filter((k) => groupVersionPath(k.group, k.version) === path)
    .map((k) => k.definition);
  if (!roots.length) return undefined;

  // Every definition reachable from the group-version's kinds.
  const names = new Set<string>();
  const visit = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    const s = k8sSchema.definitions[name];
    if (s) collectRefs(s, visit);
  };
  roots.forEach(visit);

  const schemas: Record<string, JsonSchema> = {};
  for (const name of [...names].sort()) schemas[name] = toOpenAPI(k8sSchema.definitions[name]!, true);
  const doc: OpenAPIV3Document = {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: OPENAPI_INFO_VERSION },
    paths: {},
    components: { schemas },
  };
  const entry = { doc, hash: contentHash(JSON.stringify(doc)) };
  docCache.set(path, entry);
  return entry;
}

function collectRefs(s: JsonSchema, visit: (name: string) => void): void {
  const ref = referencedDefinition(s);
  if (ref) visit(ref);
  if (s.$ref) visit(refName(s.$ref));
  for (const sub of s.allOf ?? []) collectRefs(sub, visit);
  for (const sub of s.oneOf ?? []) collectRefs(sub, visit);
  if (s.items) collectRefs(s.items, visit);
  if (typeof s.additionalProperties === 'object') collectRefs(s.additionalProperties, visit);
  for (const p of Object.values(s.properties ?? {})) collectRefs(p, visit);
}

/** Generated-schema node → upstream OpenAPI v3 node. */
function toOpenAPI(s: JsonSchema, definitionRoot = false): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(s) as [keyof JsonSchema, unknown][]) {
    switch (key) {
      case '$ref':
        out.$ref = COMPONENTS_PREFIX + (value as string).slice(DEFINITIONS_PREFIX.length);
        break;
      case 'additionalProperties':
        if (typeof value === 'object') out.additionalProperties = toOpenAPI(value as JsonSchema);
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, JsonSchema>).map(([k, v]) => [k, toOpenAPI(v)]),
        );
        break;
      case 'items':
        out.items = toOpenAPI(value as JsonSchema);
        break;
      case 'allOf':
      case 'oneOf':
        out[key] = (value as JsonSchema[]).map((v) => toOpenAPI(v));
        break;
      case 'const':
      case 'x-go-type':
      case 'x-kubernetes-int-or-string':
        break;
      case 'x-kubernetes-group-version-kind':
        if (definitionRoot) out[key] = value as JsonSchema[typeof key];
        break;
      default:
        (out as Record<string, unknown>)[key] = value;
    }
  }
  return out;
}

/** A stable 512-bit content hash rendered like upstream's (128 upper-case hex digits). */
function contentHash(text: string): string {
  const lanes = new Uint32Array(16);
  for (let i = 0; i < 16; i++) lanes[i] = (0x811c9dc5 ^ Math.imul(i + 1, 0x9e3779b9)) >>> 0;
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    for (let i = 0; i < 16; i++) lanes[i] = Math.imul(lanes[i]! ^ (code + i), 0x01000193);
  }
  let out = '';
  for (let i = 0; i < 16; i++) out += lanes[i]!.toString(16).padStart(8, '0');
  return out.toUpperCase();
}
