/**
 * The field descriptions of the generated schema, loaded on first use.
 *
 * Four fifths of k8s.schema.json (gzipped) are `description` texts, which only `kubectl explain`
 * (through the `/openapi/v3` documents) and the editor's hover need; decoding, pruning and
 * defaulting use the structure alone. The browser build (vite.config.ts, plugin
 * `schemaStructureOnly`) therefore gives schema.ts a copy of the document without descriptions,
 * and the full document becomes a chunk of its own that this module fetches when something asks
 * for descriptions. In Node (CLI, tests) schema.ts imports the full document: it is loaded
 * already and {@link loadSchemaDescriptions} resolves at once.
 */
import { k8sSchema, type SchemaDocument } from './schema';

/** True when `k8sSchema` carries its descriptions (the full document). */
export function schemaDescriptionsLoaded(): boolean {
  return !k8sSchema.$comment.includes(STRUCTURE_ONLY_MARK);
}

/**
 * The mark the build plugin appends to `$comment` of the description-free copy (the same string
 * is in vite.config.ts).
 */
export const STRUCTURE_ONLY_MARK = '[structure only: descriptions load on first use]';

let loading: Promise<void> | undefined;

/** Where the full document comes from (its own chunk in the browser build). */
let source = async (): Promise<SchemaDocument> =>
  (await import('./generated/k8s.schema.json')).default as unknown as SchemaDocument;

/**
 * Tests only: in Node the dynamic import returns the very object schema.ts holds, so a test that
 * plays the browser's structure-only start gives the full document this way.
 */
export function setSchemaDescriptionSource(load: () => Promise<SchemaDocument>): void {
  source = load;
  loading = undefined;
}

/**
 * Makes `k8sSchema` the full document. The top-level parts are swapped whole (not patched), so
 * that every object keeps the key order of the generated file: the `/openapi/v3` documents and
 * their hashes come out exactly as in Node.
 */
export function loadSchemaDescriptions(): Promise<void> {
  if (schemaDescriptionsLoaded()) return Promise.resolve();
  loading ??= source().then((full) => {
    Object.assign(k8sSchema, full);
  });
  return loading;
}
