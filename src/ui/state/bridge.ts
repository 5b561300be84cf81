/**
 * Connects the worker client to the mirror: ticks are queued as they arrive and applied once
 * per animation frame; `ready` replaces the mirror at once. The journal's changes (the saved
 * session) are handed to `onJournal` as they come.
 */
import type { JournalEntry } from '../../session/snapshot';
import type { WorkerClient } from '../../worker/client';
import type { FromWorkerOf } from '../../worker/protocol';
import { applyReady, applyTicks, type Mirror } from './mirror';

export interface BridgeHooks {
  onReady?(msg: FromWorkerOf<'ready'>): void;
  onJournal?(delta: { from: number; entries: JournalEntry[] }): void;
  /** Defaults to requestAnimationFrame; tests pass their own. */
  frame?(cb: () => void): void;
}

export function connectMirror(client: WorkerClient, mirror: Mirror, hooks: BridgeHooks = {}): () => void {
  let queue: FromWorkerOf<'tick'>[] = [];
  let scheduled = false;
  const frame = hooks.frame ?? ((cb: () => void) => void requestAnimationFrame(cb));
  const flush = () => {
    scheduled = false;
    const ticks = queue;
    queue = [];
    const t0 = performance.now();
    applyTicks(mirror, ticks);
    if (ticks.length) performance.measure('breakfix:mirror', { start: t0, duration: performance.now() - t0 });
  };
  return client.subscribe((msg) => {
    switch (msg.type) {
      case 'ready':
        queue = [];
        applyReady(mirror, msg);
        hooks.onReady?.(msg);
        return;
      case 'progress':
        mirror.setState({ restoring: { done: msg.done, total: msg.total } });
        return;
      case 'tick':
        queue.push(msg);
        if (msg.journal) hooks.onJournal?.(msg.journal);
        if (!scheduled) {
          scheduled = true;
          frame(flush);
        }
        return;
      case 'fatal':
        mirror.setState({ fatal: msg.message });
        return;
    }
  });
}
