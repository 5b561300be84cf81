/**
 * The terminal tabs. Each tab is its own shell in the worker; the screens and line editors live
 * in the registry (terminal/registry.ts), outside React.
 */
import { createStore } from 'zustand/vanilla';

export interface TerminalsState {
  tabs: { id: string }[];
  active: string;
}

export const terminalsStore = createStore<TerminalsState>(() => ({ tabs: [{ id: '1' }], active: '1' }));

export function addTerminal(): string {
  const { tabs } = terminalsStore.getState();
  const id = String(Math.max(0, ...tabs.map((t) => Number(t.id) || 0)) + 1);
  terminalsStore.setState({ tabs: [...tabs, { id }], active: id });
  return id;
}

export function closeTerminal(id: string): void {
  const { tabs, active } = terminalsStore.getState();
  if (tabs.length <= 1) return;
  const i = tabs.findIndex((t) => t.id === id);
  const rest = tabs.filter((t) => t.id !== id);
  terminalsStore.setState({ tabs: rest, active: active === id ? rest[Math.max(0, i - 1)]!.id : active });
}
