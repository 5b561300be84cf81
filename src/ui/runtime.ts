/**
 * The page's runtime: the worker client, the cluster mirror, and saved state. One instance,
 * created in main.tsx before React renders, and handed to components by context.
 *
 *  - start: `init` the worker with the saved session (replayed) or a fresh preset;
 *  - the bridge applies ticks to the mirror once per frame and hands over journal deltas;
 *  - `kubectl edit` requests open editor tabs;
 *  - every change (journal, terminals, editor tabs, preferences) schedules a save to IndexedDB.
 */
import { createContext, useContext } from 'react';
import { createStore } from 'zustand/vanilla';
import { applyJournalDelta, SESSION_FORMAT, SESSION_VERSION, type JournalEntry } from '../session/snapshot';
import { WorkerClient, type Port } from '../worker/client';
import { activeLesson, attachLessons, savedLessons } from './lesson/store';
import { connectMirror } from './state/bridge';
import { editorStore, openEditTab, removeTab } from './state/editor';
import { createMirror, type Mirror } from './state/mirror';
import { prefsStore } from './state/prefs';
import { terminalsStore } from './state/terminals';
import { STATE_VERSION, type SavedState } from './persist/savedState';
import { saveState } from './persist/storage';
import { pendingRestore, savedScreen, terminalRegistry } from './terminal/registry';

export const DEFAULT_SEED = 1;

export interface SaveStatus {
  status: 'idle' | 'saving' | 'saved';
  savedAt: number;
}

export class Runtime {
  readonly client: WorkerClient;
  readonly mirror: Mirror = createMirror();
  readonly saveStatus = createStore<SaveStatus>(() => ({ status: 'idle', savedAt: 0 }));
  /** The session's journal, kept in step with the worker's (what gets saved). */
  private journal: JournalEntry[] = [];
  private readyWaiters: (() => void)[] = [];
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private saving = false;
  /** Saving is off until the session is ready (a half-replayed journal is never saved). */
  private canSave = false;

  constructor(
    private readonly saved: SavedState | undefined,
    port?: Port,
    private readonly persist: (s: SavedState) => Promise<void> = saveState,
  ) {
    this.client = new WorkerClient(port);
    attachLessons(this, saved);
    if (saved) {
      prefsStore.setState(saved.prefs);
      terminalsStore.setState({
        tabs: saved.terminals.tabs.map((t) => ({ id: t.id })),
        active: saved.terminals.active,
      });
      for (const t of saved.terminals.tabs) pendingRestore.set(t.id, t);
      editorStore.setState({
        tabs: saved.editor.tabs.map((t) => ({ ...t, kind: 'file' as const })),
        active: saved.editor.active,
      });
    }
    connectMirror(this.client, this.mirror, {
      onReady: (msg) => {
        this.journal = msg.journal;
        this.canSave = true;
        for (const w of this.readyWaiters.splice(0)) w();
        this.scheduleSave(0);
      },
      onJournal: (delta) => {
        applyJournalDelta(this.journal, delta);
        this.scheduleSave(1000);
      },
    });
    this.client.subscribe((msg) => {
      if (msg.type === 'editorOpen') openEditTab(msg.n, msg.fileName, msg.content);
      else if (msg.type === 'editorClose') removeTab(`edit-${msg.n}`);
    });
    editorStore.subscribe(() => this.scheduleSave(300));
    terminalsStore.subscribe(() => this.scheduleSave(300));
    prefsStore.subscribe((p, prev) => {
      if (p.speed !== prev.speed) this.client.send({ type: 'setSpeed', speed: p.speed });
      this.scheduleSave(300);
    });
  }

  /** Start the worker's session: the saved one (replayed), or a fresh preset. */
  start(): void {
    const s = this.saved?.session;
    this.client.send({
      type: 'init',
      preset: s?.preset ?? 'kind',
      seed: s?.seed ?? DEFAULT_SEED,
      speed: prefsStore.getState().speed,
      ...(s ? { snapshot: s } : {}),
    });
  }

  whenReady(): Promise<void> {
    if (this.mirror.getState().ready) return Promise.resolve();
    return new Promise((r) => this.readyWaiters.push(r));
  }

  /** Back to a fresh cluster of `preset`. Terminals keep their history; the screens start over. */
  reset(preset: string, seed: number = DEFAULT_SEED): void {
    this.canSave = false;
    this.mirror.setState({ ready: false });
    for (const t of editorStore.getState().tabs) if (t.kind === 'edit') removeTab(t.id);
    // The new session's file system is empty: the open files are not saved in it any more.
    editorStore.setState((s) => ({ tabs: s.tabs.map((t) => ({ ...t, saved: '' })) }));
    for (const h of terminalRegistry.values()) {
      h.controller.reset();
      h.controller.clear();
    }
    this.client.send({ type: 'init', preset, seed, speed: prefsStore.getState().speed });
    void this.whenReady().then(() => {
      for (const h of terminalRegistry.values()) h.controller.showPrompt();
    });
  }

  /** Replace the saved state (import) and start the page over from it. */
  async replaceAndReload(state: SavedState): Promise<void> {
    this.canSave = false;
    clearTimeout(this.saveTimer);
    await this.persist(state);
    location.replace(location.pathname + location.search);
  }

  /** The state to save, export or share, as it is now. */
  snapshot(): SavedState {
    const m = this.mirror.getState();
    const lesson = activeLesson();
    const terms = terminalsStore.getState();
    const ed = editorStore.getState();
    return {
      version: STATE_VERSION,
      session: {
        format: SESSION_FORMAT,
        version: SESSION_VERSION,
        preset: m.preset,
        seed: m.seed,
        journal: this.journal.map((e) => ({ ...e })),
        now: m.now,
        ...(lesson ? { lesson } : {}),
      },
      terminals: {
        active: terms.active,
        tabs: terms.tabs.map((t) => {
          const h = terminalRegistry.get(t.id);
          const pending = pendingRestore.get(t.id);
          return {
            id: t.id,
            history: [...(h?.controller.history ?? pending?.history ?? [])],
            screen: h ? savedScreen(h) : (pending?.screen ?? ''),
          };
        }),
      },
      editor: {
        active: ed.tabs.some((t) => t.id === ed.active && t.kind === 'file') ? ed.active : null,
        tabs: ed.tabs
          .filter((t) => t.kind === 'file')
          .map((t) => ({ id: t.id, path: t.path, content: t.content, saved: t.saved })),
      },
      lessons: savedLessons(),
      prefs: { ...prefsStore.getState() },
    };
  }

  /** Save soon (after `delay` ms, or sooner if a save is already scheduled). */
  scheduleSave(delay: number): void {
    if (!this.canSave) return;
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveNow();
    }, delay);
  }

  async saveNow(): Promise<void> {
    if (!this.canSave) return;
    if (this.saving) {
      this.scheduleSave(200);
      return;
    }
    this.saving = true;
    this.saveStatus.setState({ status: 'saving' });
    try {
      await this.persist(this.snapshot());
      this.saveStatus.setState({ status: 'saved', savedAt: Date.now() });
    } catch (e) {
      console.warn('breakfix: saving failed', e);
      this.saveStatus.setState({ status: 'idle' });
    } finally {
      this.saving = false;
    }
  }
}

export const RuntimeContext = createContext<Runtime | null>(null);

export function useRuntime(): Runtime {
  const r = useContext(RuntimeContext);
  if (!r) throw new Error('no Runtime in context');
  return r;
}
