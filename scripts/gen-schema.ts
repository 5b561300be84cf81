/**
 * Builds src/engine/api/schema/generated/k8s.schema.json: one JSON Schema (draft-07) for every kind
 * the simulator serves, generated from the `kubernetes-types` declarations (which are themselves
 * generated from the apiserver's OpenAPI document) with ts-json-schema-generator.
 *
 * The same file serves three readers:
 *  - strict decoding (src/engine/api/schema/decode.ts) walks `definitions`;
 *  - the OpenAPI v3 endpoints behind `kubectl explain` (openapi.ts) re-key `definitions` as
 *    `components.schemas` (definition names are already the upstream ones, e.g.
 *    `io.k8s.api.apps.v1.Deployment`, and kinds carry `x-kubernetes-group-version-kind`);
 *  - the Monaco YAML editor uses the file as it is: the root `allOf` dispatches on `kind`
 *    (`if kind == Deployment then $ref Deployment`), the form monaco-yaml understands.
 *
 * Definitions keep upstream shapes where readers depend on them: a described reference is
 * `{allOf: [{$ref}], description}` (as in the apiserver's OpenAPI v3), IntOrString and Quantity are
 * shared named schemas, integers carry `format: int32|int64`. Breakfix-only hints start with `x-go-`
 * (the Go type name strict decoding errors print) and are dropped from the OpenAPI documents.
 */
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { createGenerator } from 'ts-json-schema-generator';
import {
  BYTE_FIELDS,
  ENUM_FIELDS,
  ENUM_TYPES,
  GO_TYPE_FIELDS,
  INT64_FIELDS,
  INT_OR_STRING_DESCRIPTION,
} from './gen-schema-overlay';

/** A served kind: the kubernetes-types module that declares it and its group/version. */
export interface KindSpec {
  module: string;
  group: string;
  version: string;
  kind: string;
}

/** The kinds the simulator serves, in the order the editor's dispatch lists them. */
export const KINDS: readonly KindSpec[] = [
  { module: 'core/v1', group: '', version: 'v1', kind: 'Namespace' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Node' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Pod' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Event' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'ConfigMap' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Secret' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'ServiceAccount' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Service' },
  { module: 'core/v1', group: '', version: 'v1', kind: 'Endpoints' },
  { module: 'discovery/v1', group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
  { module: 'apps/v1', group: 'apps', version: 'v1', kind: 'ReplicaSet' },
  { module: 'apps/v1', group: 'apps', version: 'v1', kind: 'Deployment' },
  { module: 'apps/v1', group: 'apps', version: 'v1', kind: 'DaemonSet' },
  { module: 'batch/v1', group: 'batch', version: 'v1', kind: 'Job' },
  { module: 'batch/v1', group: 'batch', version: 'v1', kind: 'CronJob' },
  { module: 'scheduling/v1', group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
  { module: 'autoscaling/v2', group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
  { module: 'policy/v1', group: 'policy', version: 'v1', kind: 'PodDisruptionBudget' },
  { module: 'coordination/v1', group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
];

/** kubernetes-types module → upstream OpenAPI package prefix and Go package name. */
const PACKAGES: Record<string, { openapi: string; go: string }> = {
  'core/v1': { openapi: 'io.k8s.api.core.v1', go: 'v1' },
  'apps/v1': { openapi: 'io.k8s.api.apps.v1', go: 'v1' },
  'batch/v1': { openapi: 'io.k8s.api.batch.v1', go: 'v1' },
  'discovery/v1': { openapi: 'io.k8s.api.discovery.v1', go: 'v1' },
  'scheduling/v1': { openapi: 'io.k8s.api.scheduling.v1', go: 'v1' },
  'autoscaling/v2': { openapi: 'io.k8s.api.autoscaling.v2', go: 'v2' },
  'policy/v1': { openapi: 'io.k8s.api.policy.v1', go: 'v1' },
  'coordination/v1': { openapi: 'io.k8s.api.coordination.v1', go: 'v1' },
  'authentication/v1': { openapi: 'io.k8s.api.authentication.v1', go: 'v1' },
  'meta/v1': { openapi: 'io.k8s.apimachinery.pkg.apis.meta.v1', go: 'v1' },
  'api/resource': { openapi: 'io.k8s.apimachinery.pkg.api.resource', go: 'resource' },
  runtime: { openapi: 'io.k8s.apimachinery.pkg.runtime', go: 'runtime' },
};

export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const OUTPUT_PATH = 'src/engine/api/schema/generated/k8s.schema.json';

type Json = Record<string, unknown>;
type Schema = Json & {
  $ref?: string;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  allOf?: Schema[];
  required?: string[];
};

/** Exported declarations and import sources of each kubernetes-types module (via the TS parser). */
function readModules(typesRoot: string): Map<string, { exports: Set<string>; imports: string[] }> {
  const out = new Map<string, { exports: Set<string>; imports: string[] }>();
  const visit = (id: string): void => {
    if (out.has(id)) return;
    const file = path.join(typesRoot, `${id}.d.ts`);
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, false);
    const entry = { exports: new Set<string>(), imports: [] as string[] };
    out.set(id, entry);
    for (const st of sf.statements) {
      if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier)) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(id), st.moduleSpecifier.text));
        entry.imports.push(target);
      } else if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name) {
        entry.exports.add(st.name.text);
      }
    }
    for (const imp of entry.imports) visit(imp);
  };
  for (const k of KINDS) visit(k.module);
  return out;
}

/** The module a bare definition name of a generator run rooted at `root` comes from (nearest first). */
function originOf(
  modules: Map<string, { exports: Set<string>; imports: string[] }>,
  root: string,
  name: string,
): string {
  let level = [root];
  const seen = new Set(level);
  while (level.length) {
    const hits = level.filter((m) => modules.get(m)!.exports.has(name));
    if (hits.length > 1) throw new Error(`ambiguous type ${name} from ${root}: ${hits.join(', ')}`);
    if (hits.length === 1) return hits[0]!;
    const next: string[] = [];
    for (const m of level)
      for (const imp of modules.get(m)!.imports)
        if (!seen.has(imp)) {
          seen.add(imp);
          next.push(imp);
        }
    level = next;
  }
  throw new Error(`type ${name} not found from ${root}`);
}

const REF_PREFIX = '#/definitions/';

function mapRefs(node: unknown, rename: (name: string) => string): void {
  if (Array.isArray(node)) {
    for (const x of node) mapRefs(x, rename);
  } else if (node && typeof node === 'object') {
    const o = node as Json;
    if (typeof o.$ref === 'string' && o.$ref.startsWith(REF_PREFIX))
      o.$ref = REF_PREFIX + rename(decodeURIComponent(o.$ref.slice(REF_PREFIX.length)));
    for (const v of Object.values(o)) mapRefs(v, rename);
  }
}

/** Applies the overlay tables and upstream conventions to one property schema. */
class Overlay {
  readonly used = new Set<string>();
  private readonly int64 = new Set(INT64_FIELDS);
  private readonly bytes = new Set(BYTE_FIELDS);

  property(key: string, s: Schema): Schema {
    s = this.scalar(key, s);
    const goType = GO_TYPE_FIELDS[key];
    if (goType) {
      this.used.add(key);
      if (goType.startsWith('[]')) {
        if (!s.items) throw new Error(`${key}: ${goType} on a non-array`);
        s.items['x-go-type'] = goType.slice(2);
      } else s['x-go-type'] = goType;
    }
    const enumType = ENUM_FIELDS[key];
    if (enumType) {
      this.used.add(key);
      const target = s.items ?? s;
      if (target.type !== 'string') throw new Error(`${key}: enum on a non-string`);
      target.enum = [...ENUM_TYPES[enumType]!];
      target['x-go-type'] = enumType;
    }
    if (this.bytes.has(key)) {
      this.used.add(key);
      const target = typeof s.additionalProperties === 'object' ? s.additionalProperties : s;
      if (target.type !== 'string') throw new Error(`${key}: byte format on a non-string`);
      target.format = 'byte';
    }
    return s;
  }

  /** number → integer int32/int64; number|string → IntOrString; described $ref → allOf form. */
  private scalar(key: string, s: Schema): Schema {
    if (s.items) s.items = this.scalar(key, s.items);
    if (s.additionalProperties && typeof s.additionalProperties === 'object')
      s.additionalProperties = this.scalar(key, s.additionalProperties);
    if (s.type === 'number') {
      s.type = 'integer';
      s.format = this.int64.has(key) ? 'int64' : 'int32';
      if (s.format === 'int64') this.used.add(key);
    } else if (
      Array.isArray(s.type) &&
      s.type.length === 2 &&
      s.type.includes('number') &&
      s.type.includes('string')
    ) {
      const { description } = s;
      s = { allOf: [{ $ref: REF_PREFIX + INT_OR_STRING }] };
      if (description !== undefined) s.description = description;
    } else if (s.$ref && s.description !== undefined) {
      s = { allOf: [{ $ref: s.$ref }], description: s.description };
    }
    return s;
  }

  unused(): string[] {
    const all = [
      ...INT64_FIELDS,
      ...BYTE_FIELDS,
      ...Object.keys(ENUM_FIELDS),
      ...Object.keys(GO_TYPE_FIELDS),
    ];
    return all.filter((k) => !this.used.has(k));
  }
}

/** Sorts object keys recursively (stable output: the check compares bytes). */
function sortKeys(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (node && typeof node === 'object') {
    const o = node as Json;
    const out: Json = {};
    for (const k of Object.keys(o).sort()) out[k] = sortKeys(o[k]);
    return out;
  }
  return node;
}

export function generateSchema(repoRoot: string): string {
  const typesRoot = path.join(repoRoot, 'node_modules/kubernetes-types');
  const typesVersion = (
    JSON.parse(readFileSync(path.join(typesRoot, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const modules = readModules(typesRoot);
  const moduleIds = [...modules.keys()];
  for (const m of moduleIds) if (!PACKAGES[m]) throw new Error(`no upstream package name for module ${m}`);

  /** Upstream name → definition, plus the kubernetes-types module and bare name (overlay keys). */
  const defs = new Map<string, { schema: Schema; module: string; bare: string }>();
  const roots = [...new Set(KINDS.map((k) => k.module))];
  for (const root of roots) {
    const generator = createGenerator({
      path: path.join(typesRoot, `${root}.d.ts`),
      expose: 'export',
      topRef: true,
      jsDoc: 'extended',
      skipTypeCheck: true,
      additionalProperties: false,
      encodeRefs: false,
      sortProps: true,
    });
    for (const k of KINDS.filter((x) => x.module === root)) {
      const generated = structuredClone(generator.createSchema(k.kind));
      const local = (generated.definitions ?? {}) as Record<string, Schema>;
      const origin = new Map<string, string>();
      for (const bare of Object.keys(local)) origin.set(bare, originOf(modules, root, bare));
      const upstream = (bare: string): string => {
        const m = origin.get(bare) ?? originOf(modules, root, bare);
        return `${PACKAGES[m]!.openapi}.${bare}`;
      };
      for (const [bare, schema] of Object.entries(local)) {
        mapRefs(schema, upstream);
        const name = upstream(bare);
        const prev = defs.get(name);
        if (prev && JSON.stringify(prev.schema) !== JSON.stringify(schema))
          throw new Error(`${name} generated differently from two roots`);
        defs.set(name, { schema, module: origin.get(bare)!, bare });
      }
    }
  }

  const overlay = new Overlay();
  const out: Record<string, Schema> = {};
  for (const [name, { schema, module, bare }] of defs) {
    if (schema.properties)
      for (const [prop, ps] of Object.entries(schema.properties))
        schema.properties[prop] = overlay.property(`${module}.${bare}.${prop}`, ps);
    out[name] = schema;
  }
  const unused = overlay.unused();
  if (unused.length) throw new Error(`overlay entries match no field: ${unused.join(', ')}`);

  // Shared scalar schemas, shaped as in the apiserver's OpenAPI v3 document.
  const quantity = out[QUANTITY];
  if (!quantity) throw new Error('Quantity missing');
  out[QUANTITY] = { description: quantity.description, oneOf: [{ type: 'string' }, { type: 'number' }] };
  out[INT_OR_STRING] = {
    description: INT_OR_STRING_DESCRIPTION,
    format: 'int-or-string',
    oneOf: [{ type: 'integer' }, { type: 'string' }],
    'x-kubernetes-int-or-string': true,
  };
  for (const t of ['Time', 'MicroTime']) {
    const name = `${PACKAGES['meta/v1']!.openapi}.${t}`;
    if (out[name]) out[name] = { type: 'string', format: 'date-time', description: out[name].description };
  }
  // Free-form JSON (FieldsV1 is a trie in JSON; RawExtension is any object).
  for (const name of [
    `${PACKAGES['meta/v1']!.openapi}.FieldsV1`,
    `${PACKAGES.runtime!.openapi}.RawExtension`,
  ]) {
    if (out[name]) out[name] = { type: 'object', description: out[name].description };
  }
  // Kinds: the GVK annotation kubectl and the OpenAPI endpoints look for.
  for (const k of KINDS) {
    const name = `${PACKAGES[k.module]!.openapi}.${k.kind}`;
    const d = out[name];
    if (!d) throw new Error(`kind ${name} missing`);
    d['x-kubernetes-group-version-kind'] = [{ group: k.group, kind: k.kind, version: k.version }];
  }

  const doc = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment:
      `GENERATED by \`npm run gen\` (scripts/gen-schema.ts) from kubernetes-types ${typesVersion} ` +
      'and the hand tables in scripts/gen-schema-overlay.ts. Do not edit.',
    allOf: KINDS.map((k) => ({
      if: { properties: { kind: { const: k.kind } }, required: ['kind'] },
      then: { $ref: `${REF_PREFIX}${PACKAGES[k.module]!.openapi}.${k.kind}` },
    })),
    definitions: sortKeys(out),
  };
  return JSON.stringify(doc, null, 1) + '\n';
}
