/**
 * The generated Kubernetes schema (generated/k8s.schema.json, written by `npm run gen` from
 * kubernetes-types) and lookups on it. One file serves strict decoding (decode.ts), the OpenAPI v3
 * documents behind `kubectl explain` (openapi.ts) and, as it is, the Monaco YAML editor: its root
 * `allOf` picks a kind's definition by `kind`.
 */
import raw from './generated/k8s.schema.json';

/** The subset of JSON Schema / OpenAPI the generated file uses. */
export interface JsonSchema {
  $ref?: string;
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: string[];
  const?: string;
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-int-or-string'?: boolean;
  /** Breakfix: the Go type name strict-decoding errors print, where it is not derivable. */
  'x-go-type'?: string;
}

export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

export interface SchemaDocument {
  $schema: string;
  $comment: string;
  allOf: { if: JsonSchema; then: JsonSchema }[];
  definitions: Record<string, JsonSchema>;
}

/** The whole generated document (also the Monaco editor schema, unchanged). */
export const k8sSchema = raw as unknown as SchemaDocument;

export const REF_PREFIX = '#/definitions/';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.Time';
export const MICRO_TIME = 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime';

/** A served kind and its definition name (`io.k8s.api.apps.v1.Deployment`). */
export interface KindDefinition extends GroupVersionKind {
  definition: string;
}

let kindIndex: Map<string, KindDefinition> | undefined;

/** Every served kind, keyed `<group>/<Kind>` like the strategy table (`/Pod`, `apps/Deployment`). */
export function servedKinds(): Map<string, KindDefinition> {
  if (!kindIndex) {
    kindIndex = new Map();
    for (const [definition, s] of Object.entries(k8sSchema.definitions)) {
      for (const gvk of s['x-kubernetes-group-version-kind'] ?? [])
        kindIndex.set(`${gvk.group}/${gvk.kind}`, { ...gvk, definition });
    }
  }
  return kindIndex;
}

/** The definition a `$ref` points to (the name after `#/definitions/`). */
export const refName = (ref: string): string => ref.slice(REF_PREFIX.length);

/**
 * Follows `$ref` and the single-element `allOf: [{$ref}]` wrapper to the definition name, or
 * undefined for an inline schema.
 */
export function referencedDefinition(s: JsonSchema): string | undefined {
  if (s.$ref) return refName(s.$ref);
  if (s.allOf && s.allOf.length === 1 && s.allOf[0]!.$ref && !s.properties) return refName(s.allOf[0]!.$ref);
  return undefined;
}
