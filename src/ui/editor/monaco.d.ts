// Side-effect entry points of monaco-editor 0.52.2 that ship no typings.
declare module 'monaco-editor/esm/vs/editor/editor.all.js';
declare module 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
declare module 'monaco-editor/esm/vs/editor/editor.worker.js?worker' {
  const WorkerCtor: new () => Worker;
  export default WorkerCtor;
}
