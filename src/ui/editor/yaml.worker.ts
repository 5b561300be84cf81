// monaco-yaml's language worker, re-exported so that Vite bundles it as a worker of its own
// (the README's Vite recipe: https://github.com/remcohaszing/monaco-yaml#why-doesnt-it-work-with-vite).
import 'monaco-yaml/yaml.worker.js';
