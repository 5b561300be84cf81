/**
 * Monaco, fully bundled (no CDN), with Kubernetes YAML support from monaco-yaml. This module is
 * only reached through a dynamic import, so it lands in its own chunk and loads after the
 * terminal and the graph have painted.
 *
 * monaco-editor is pinned to 0.52.2: monaco-yaml 5.5 cannot create its worker on ≥0.53 and does
 * not resolve on ≥0.56 (shared/STACK.md §1).
 *
 * The schema is the engine's own generated schema (the one strict decoding uses), fetched from
 * the worker, so that the editor's markers and `kubectl apply` agree.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import 'monaco-editor/esm/vs/editor/editor.all.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { loader } from '@monaco-editor/react';
import YamlWorker from './yaml.worker?worker';
import { editorRegistry } from './registry';

self.MonacoEnvironment = {
  getWorker: (_id: string, label: string) => (label === 'yaml' ? new YamlWorker() : new EditorWorker()),
};

// @monaco-editor/react would otherwise load Monaco from a CDN.
loader.config({ monaco });

let configured: Promise<typeof monaco> | undefined;

export function setupMonaco(schema: () => Promise<unknown>): Promise<typeof monaco> {
  configured ??= schema().then((s) => {
    configureMonacoYaml(monaco, {
      enableSchemaRequest: false,
      isKubernetes: true,
      completion: true,
      hover: true,
      validate: true,
      // A filename-like URI: monaco-yaml uses it as the schema's identity and never fetches it.
      schemas: [{ uri: 'inmemory://breakfix/kubernetes.schema.json', fileMatch: ['*'], schema: s as object }],
    });
    editorRegistry.monaco = monaco;
    return monaco;
  });
  return configured;
}
