/**
 * The Monaco instance once it has loaded (lazily), for `window.__breakfix` and the tests.
 */
import type * as Monaco from 'monaco-editor/esm/vs/editor/editor.api.js';

export const editorRegistry: {
  monaco: typeof Monaco | null;
  editor: Monaco.editor.IStandaloneCodeEditor | null;
} = { monaco: null, editor: null };
