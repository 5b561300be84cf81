/**
 * Unknown fields under `fieldValidation=Warn` (the server default) and `Ignore`: the Go decoder
 * simply has nowhere to put them, so they are dropped, and with Warn each one comes back as a
 * warning (`unknown field "spec.replica"`), which kubectl prints as `Warning: …`. Only `Strict`
 * (what `kubectl create/apply/replace` send) turns them into a 400.
 *
 * The walk follows the generated schema (./schema): structs have `additionalProperties: false`,
 * maps an `additionalProperties` schema, lists `items`.
 */
import { k8sSchema, referencedDefinition, servedKinds, type JsonSchema } from './schema/schema';

function resolve(s: JsonSchema): JsonSchema {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    const ref = referencedDefinition(cur);
    if (!ref) return cur;
    cur = k8sSchema.definitions[ref] ?? {};
  }
  return cur;
}

/** Remove the fields `kindKey`'s schema does not know from `obj`, in place. */
export function dropUnknownFields(kindKey: string, obj: unknown): void {
  const kd = servedKinds().get(kindKey);
  if (!kd) return;
  walk(obj, k8sSchema.definitions[kd.definition] ?? {});
}

function walk(v: unknown, schema: JsonSchema): void {
  if (v === null || typeof v !== 'object') return;
  const s = resolve(schema);
  if (Array.isArray(v)) {
    if (s.items) for (const x of v) walk(x, s.items);
    return;
  }
  const o = v as Record<string, unknown>;
  if (s.properties) {
    for (const k of Object.keys(o)) {
      const p = s.properties[k];
      if (p) walk(o[k], p);
      else if (s.additionalProperties === false) delete o[k];
    }
    return;
  }
  if (typeof s.additionalProperties === 'object')
    for (const k of Object.keys(o)) walk(o[k], s.additionalProperties);
}
