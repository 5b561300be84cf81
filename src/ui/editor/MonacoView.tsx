/**
 * The Monaco editor of the active tab (lazy chunk: see monacoSetup.ts). One model per tab, so
 * each tab keeps its own undo history.
 */
import { useEffect, useRef, useState } from 'react';
import Editor from '@monaco-editor/react';
import type { EditorTab } from '../state/editor';
import type { Theme } from '../state/prefs';
import { setupMonaco } from './monacoSetup';
import { editorRegistry } from './registry';

export interface MonacoViewProps {
  tab: EditorTab;
  theme: Theme;
  onChange(text: string): void;
  onSave(): void;
  schema(): Promise<unknown>;
}

export default function MonacoView({ tab, theme, onChange, onSave, schema }: MonacoViewProps) {
  const [ready, setReady] = useState(false);
  const save = useRef(onSave);
  useEffect(() => {
    save.current = onSave;
  });
  useEffect(() => {
    let live = true;
    void setupMonaco(schema).then(() => live && setReady(true));
    return () => {
      live = false;
    };
  }, [schema]);
  if (!ready) return null;
  const name = tab.path.split('/').pop() || 'file.yaml';
  return (
    <Editor
      path={`file:///tabs/${tab.id}/${name}`}
      value={tab.content}
      language="yaml"
      theme={theme === 'dark' ? 'vs-dark' : 'light'}
      onChange={(v) => onChange(v ?? '')}
      onMount={(editor, monaco) => {
        editorRegistry.editor = editor;
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => save.current());
        // Not from a learner already typing in a terminal: the editor mounts a moment after start.
        if (!document.activeElement?.closest('.xterm')) editor.focus();
      }}
      options={{
        fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace, "IPAGothic"',
        fontSize: 13,
        minimap: { enabled: false },
        scrollBeyondLastLine: false,
        tabSize: 2,
        automaticLayout: true,
        quickSuggestions: { other: true, comments: false, strings: true },
      }}
    />
  );
}
