/**
 * The UI's mirror of the cluster: a vanilla zustand store (no React inside), so that the graph,
 * the inspector and the debug handle subscribe to it without re-rendering React.
 *
 * The worker posts one `tick` per 100 ms; the bridge queues them and applies everything queued
 * once per animation frame, as one `setState`. A full listing arrives only with `ready` (start,
 * reset); after that the mirror changes only by the entries of the ticks.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Capabilities, FromWorkerOf, WireChange, WireObject } from '../../worker/protocol';

export interface MirrorState {
  ready: boolean;
  /** While a saved session replays: how far it is. */
  restoring?: { done: number; total: number };
  now: number;
  speed: number;
  preset: string;
  seed: number;
  presets: string[];
  capabilities: Capabilities;
  /** Every object by uid, with the printer cells the worker attached. */
  objects: ReadonlyMap<string, WireObject>;
  /** Increments with every applied batch (cheap change detection for subscribers). */
  version: number;
  /** The entries applied by the last batch (incremental subscribers read these). */
  lastChanges: readonly WireChange[];
  fatal?: string;
}

export type Mirror = StoreApi<MirrorState>;

export const NO_CAPABILITIES: Capabilities = {
  killContainer: false,
  stopNode: false,
  startNode: false,
  schedulerDecisions: false,
};

export function createMirror(): Mirror {
  return createStore<MirrorState>(() => ({
    ready: false,
    now: 0,
    speed: 1,
    preset: 'kind',
    seed: 1,
    presets: [],
    capabilities: NO_CAPABILITIES,
    objects: new Map(),
    version: 0,
    lastChanges: [],
  }));
}

/** The one full snapshot: replaces everything. */
export function applyReady(mirror: Mirror, msg: FromWorkerOf<'ready'>): void {
  const objects = new Map<string, WireObject>();
  for (const o of msg.objects) objects.set(o.object.metadata.uid!, o);
  mirror.setState((s) => ({
    ready: true,
    restoring: undefined,
    now: msg.now,
    speed: msg.speed,
    preset: msg.preset,
    seed: msg.seed,
    presets: msg.presets,
    capabilities: msg.capabilities,
    objects,
    version: s.version + 1,
    lastChanges: [],
  }));
}

/** Apply the ticks queued since the last frame, in order, as one state change. */
export function applyTicks(mirror: Mirror, ticks: readonly FromWorkerOf<'tick'>[]): void {
  if (ticks.length === 0) return;
  const last = ticks[ticks.length - 1]!;
  const changes: WireChange[] = [];
  for (const t of ticks) changes.push(...t.changes);
  if (changes.length === 0) {
    mirror.setState({ now: last.now, speed: last.speed });
    return;
  }
  const objects = new Map(mirror.getState().objects);
  for (const c of changes) {
    const uid = c.object.metadata.uid!;
    if (c.op === 'removed') objects.delete(uid);
    else objects.set(uid, { object: c.object, ...(c.cells ? { cells: c.cells } : {}) });
  }
  mirror.setState((s) => ({
    now: last.now,
    speed: last.speed,
    objects,
    version: s.version + 1,
    lastChanges: changes,
  }));
}

/**
 * A selector over the mirror that recomputes only when a batch touched one of `kinds` (or the
 * mirror was replaced): `compute` may then scan every object without costing a scan per tick.
 * One instance per subscriber (it remembers the version it last saw).
 */
export function selectOnKinds<T>(
  kinds: readonly string[],
  compute: (s: MirrorState) => T,
): (s: MirrorState) => T {
  const watched = new Set(kinds);
  let seen = -1;
  let value!: T;
  return (s) => {
    if (s.version === seen) return value;
    const onlyOthers =
      seen === s.version - 1 &&
      s.lastChanges.length > 0 &&
      !s.lastChanges.some((c) => watched.has(c.object.kind));
    if (!onlyOthers) value = compute(s);
    seen = s.version;
    return value;
  };
}
