/**
 * Transient view state: the selected object (inspector), the open context menu, and toasts.
 */
import { createStore } from 'zustand/vanilla';

export interface Toast {
  id: number;
  text: string;
  error?: boolean;
}

export interface ViewState {
  /** uid of the object the inspector shows. */
  selected: string | null;
  /** The context menu: which object, where (in the graph's coordinates). */
  menu: { uid: string; x: number; y: number } | null;
  toasts: Toast[];
}

export const viewStore = createStore<ViewState>(() => ({ selected: null, menu: null, toasts: [] }));

let toastId = 0;
export function toast(text: string, error = false): void {
  const id = ++toastId;
  viewStore.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, text, error }] }));
  setTimeout(
    () => viewStore.setState((s) => ({ toasts: s.toasts.filter((x) => x.id !== id) })),
    error ? 8000 : 4000,
  );
}
