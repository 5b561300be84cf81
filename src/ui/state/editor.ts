/**
 * The editor's tabs. A `file` tab is a file of the session's file system (Apply/Diff/Delete run
 * kubectl on it); an `edit` tab is `kubectl edit` waiting for the learner (request `n`).
 */
import { createStore } from 'zustand/vanilla';
import type { CommandResult } from '../../worker/protocol';

export interface EditorTab {
  id: string;
  kind: 'file' | 'edit';
  /** Path in the session's file system (file tabs) or kubectl's temporary file name (edit tabs). */
  path: string;
  content: string;
  /** What was last saved (file tabs) or what kubectl gave (edit tabs). */
  saved: string;
  /** kubectl edit's request number. */
  n?: number;
  output?: CommandResult & { running?: boolean };
}

export interface EditorState {
  tabs: EditorTab[];
  active: string | null;
}

export const editorStore = createStore<EditorState>(() => ({ tabs: [], active: null }));

export const tabTitle = (t: EditorTab): string => t.path.split('/').pop() || t.path;

let seq = 0;
const newId = () => `t${Date.now().toString(36)}${++seq}`;

export const NEW_FILE_TEMPLATE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25.3
`;

export function openFileTab(path: string, content: string, saved = content): string {
  const existing = editorStore.getState().tabs.find((t) => t.kind === 'file' && t.path === path);
  if (existing) {
    editorStore.setState({ active: existing.id });
    return existing.id;
  }
  const id = newId();
  editorStore.setState((s) => ({
    tabs: [...s.tabs, { id, kind: 'file', path, content, saved }],
    active: id,
  }));
  return id;
}

export function openEditTab(n: number, fileName: string, content: string): string {
  const id = `edit-${n}`;
  editorStore.setState((s) => ({
    tabs: [...s.tabs, { id, kind: 'edit', path: fileName, content, saved: content, n }],
    active: id,
  }));
  return id;
}

export function updateTab(id: string, patch: Partial<EditorTab>): void {
  editorStore.setState((s) => ({ tabs: s.tabs.map((t) => (t.id === id ? { ...t, ...patch } : t)) }));
}

export function removeTab(id: string): void {
  editorStore.setState((s) => {
    const i = s.tabs.findIndex((t) => t.id === id);
    const tabs = s.tabs.filter((t) => t.id !== id);
    const active = s.active === id ? (tabs[Math.max(0, i - 1)]?.id ?? null) : s.active;
    return { tabs, active };
  });
}

/** A free `untitled-N.yaml` path in the home directory. */
export function untitledPath(): string {
  const taken = new Set(editorStore.getState().tabs.map((t) => t.path));
  for (let i = 1; ; i++) {
    const p = `/root/untitled-${i}.yaml`;
    if (!taken.has(p)) return p;
  }
}
