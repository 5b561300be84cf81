import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const SCHEMA_MODULE = fileURLToPath(new URL('./src/engine/api/schema/schema.ts', import.meta.url));
const SCHEMA_JSON = fileURLToPath(
  new URL('./src/engine/api/schema/generated/k8s.schema.json', import.meta.url),
);
/** The same mark as STRUCTURE_ONLY_MARK in src/engine/api/schema/descriptions.ts. */
const STRUCTURE_ONLY_MARK = '[structure only: descriptions load on first use]';

/**
 * The cluster worker starts with the generated schema's structure only: schema.ts's static import
 * of k8s.schema.json gets a copy without `description` texts (a fifth of the gzipped size), and
 * the full file, imported dynamically by schema/descriptions.ts, becomes a chunk fetched when
 * `kubectl explain` or the editor first needs the texts. Node (CLI, vitest) does not use this
 * config and imports the full file.
 */
function schemaStructureOnly(): Plugin {
  const id = '\0breakfix:k8s-schema-structure';
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k, x]) => k !== 'description' || typeof x !== 'string')
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  return {
    name: 'breakfix:schema-structure-only',
    enforce: 'pre',
    resolveId(source, importer) {
      if (importer === SCHEMA_MODULE && source === './generated/k8s.schema.json') return id;
      return undefined;
    },
    load(loaded) {
      if (loaded !== id) return undefined;
      this.addWatchFile(SCHEMA_JSON);
      const doc = strip(JSON.parse(readFileSync(SCHEMA_JSON, 'utf8'))) as { $comment: string };
      doc.$comment = `${doc.$comment} ${STRUCTURE_ONLY_MARK}`;
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(doc))});`;
    },
  };
}

// The playground is a static site: everything (Monaco, fonts, schemas) is bundled, nothing is
// fetched at run time. The engine and the shell run in a module Web Worker; code that only some
// commands need is split into chunks the worker loads on first use (dynamic `import()`).
export default defineConfig({
  plugins: [react()],
  base: './',
  worker: { format: 'es', plugins: () => [schemaStructureOnly()] },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
