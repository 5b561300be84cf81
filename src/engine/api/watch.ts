/**
 * Watches, as the apiserver's watch cache serves them (apiserver/pkg/storage/cacher).
 *
 * Every write is offered to the watchers of its resource. A watcher filters by namespace, name,
 * label selector and field selector, looking at both the new and the previous state of the
 * object, like cacheWatcher.convertToWatchEvent:
 *   - it matched before and matches now  → MODIFIED
 *   - it matches now but did not before  → ADDED   (the object entered the selection)
 *   - it matched before but no longer    → DELETED (it left the selection; the old content,
 *                                           stamped with the new resourceVersion)
 *
 * Delivery is always asynchronous: events are queued and handed out from a zero-delay timer on
 * the simulated clock, never from inside the write that caused them. So a controller that
 * writes while handling an event cannot re-enter itself, and every watcher sees events in
 * resourceVersion order.
 */
import type { WatchEvent } from '../../api/types';
import type { SimClock } from '../clock';
import type { KubeObject } from '../../api/types';
import type { StoreEvent, WatchEventType } from './store';
import type { ResourceInfo } from './registry';
import { errorToStatus } from './errors';

/** Decides whether an object is in a watcher's selection. */
export type WatchPredicate = (obj: KubeObject) => boolean;

/** Turns a raw event into what the watcher's client receives (e.g. a Table row). */
export type WatchTransform = (type: WatchEventType, obj: KubeObject) => WatchEvent;

interface Watcher {
  id: number;
  resourceKey: string;
  /** The value of the resource's trigger field this watcher requires, if its selector pins one. */
  trigger: string | undefined;
  predicate: WatchPredicate;
  transform: WatchTransform;
  onEvent: (event: WatchEvent) => void;
  queue: WatchEvent[];
  stopped: boolean;
}

export interface WatchRegistration {
  stop(): void;
  /** Queue an event for this watcher only (initial events, bookmarks, errors). */
  push(event: WatchEvent): void;
}

/**
 * The cacher's trigger index (apiserver storage.IndexerFuncs): for pods, a watcher whose field
 * selector requires `spec.nodeName=X` (every kubelet's) is filed under X, and a pod change is
 * offered only to the watchers filed under its old and new node name plus the watchers without a
 * trigger value. Any other watcher could not have matched, so the events are the same.
 */
interface ResourceWatchers {
  /** Every watcher of the resource, in registration (id) order. */
  all: Watcher[];
  /** Watchers without a trigger value, in id order. */
  untriggered: Watcher[];
  /** Trigger value → its watchers, in id order. */
  byTrigger: Map<string, Watcher[]>;
}

/** The field each resource's watchers may be indexed by (pods: spec.nodeName, as the cacher does). */
export const TRIGGER_FIELDS: Readonly<Record<string, { field: string; value: (o: KubeObject) => string }>> = {
  '/pods': {
    field: 'spec.nodeName',
    value: (o) => (o as { spec?: { nodeName?: string } }).spec?.nodeName ?? '',
  },
};

export class WatchHub {
  private nextId = 1;
  private readonly byResource = new Map<string, ResourceWatchers>();
  private readonly pending = new Set<Watcher>();
  private flushScheduled = false;

  constructor(private readonly clock: SimClock) {}

  /** Number of active watchers (for tests and benchmarks). */
  get size(): number {
    let n = 0;
    for (const ws of this.byResource.values()) n += ws.all.length;
    return n;
  }

  add(
    info: ResourceInfo,
    predicate: WatchPredicate,
    transform: WatchTransform,
    onEvent: (event: WatchEvent) => void,
    /** The trigger field's value the predicate requires (see TRIGGER_FIELDS), if any. */
    trigger?: string,
  ): WatchRegistration {
    const resourceKey = keyOf(info);
    const w: Watcher = {
      id: this.nextId++,
      resourceKey,
      trigger: TRIGGER_FIELDS[resourceKey] ? trigger : undefined,
      predicate,
      transform,
      onEvent,
      queue: [],
      stopped: false,
    };
    let rw = this.byResource.get(resourceKey);
    if (!rw) {
      rw = { all: [], untriggered: [], byTrigger: new Map() };
      this.byResource.set(resourceKey, rw);
    }
    rw.all.push(w);
    if (w.trigger === undefined) rw.untriggered.push(w);
    else {
      const l = rw.byTrigger.get(w.trigger);
      if (l) l.push(w);
      else rw.byTrigger.set(w.trigger, [w]);
    }
    return {
      stop: () => this.remove(w),
      push: (event) => this.enqueue(w, event),
    };
  }

  /** Offer one write to the watchers of its resource. */
  publish(info: ResourceInfo, event: StoreEvent): void {
    const key = keyOf(info);
    const rw = this.byResource.get(key);
    if (!rw || rw.all.length === 0) return;
    for (const w of this.candidates(key, rw, event)) {
      // A failing filter or printer must not fail the write that is already stored: that
      // watcher gets an ERROR event and is closed, as the apiserver does with a broken watch.
      try {
        const converted = convert(w, event);
        if (converted) this.enqueue(w, w.transform(converted.type, converted.object));
      } catch (e) {
        this.enqueue(w, { type: 'ERROR', object: errorToStatus(e) });
        const reg = w;
        this.clock.setTimeout(() => this.remove(reg), 0, 'watch error');
      }
    }
  }

  /**
   * The watchers that may get an event for this write, in id order (the order every watcher
   * was offered writes in before the index existed, so delivery order is unchanged). A copy:
   * handlers run later, but a failing predicate removes its watcher meanwhile.
   */
  private candidates(key: string, rw: ResourceWatchers, event: StoreEvent): Watcher[] {
    const trig = TRIGGER_FIELDS[key];
    if (!trig || rw.byTrigger.size === 0) return [...rw.all];
    const cur = trig.value(event.object);
    const prev = event.prev !== undefined ? trig.value(event.prev) : cur;
    const a = rw.byTrigger.get(cur);
    const b = prev !== cur ? rw.byTrigger.get(prev) : undefined;
    if (!a && !b) return [...rw.untriggered];
    return mergeById(mergeById(rw.untriggered, a ?? []), b ?? []);
  }

  /** The event a watcher gets for a write, if any (cacheWatcher.convertToWatchEvent). */
  static convert(
    predicate: WatchPredicate,
    event: StoreEvent,
  ): { type: WatchEventType; object: KubeObject } | undefined {
    return convert({ predicate } as Watcher, event);
  }

  private enqueue(w: Watcher, event: WatchEvent): void {
    if (w.stopped) return;
    w.queue.push(event);
    this.pending.add(w);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.clock.setTimeout(() => this.flush(), 0, 'watch delivery');
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    // Deliver in rounds: handlers may write, which queues more events (delivered by a later timer).
    const batch = [...this.pending];
    this.pending.clear();
    for (const w of batch) {
      const events = w.queue;
      w.queue = [];
      for (const e of events) {
        if (w.stopped) break;
        w.onEvent(e);
      }
    }
  }

  private remove(w: Watcher): void {
    if (w.stopped) return;
    w.stopped = true;
    w.queue = [];
    this.pending.delete(w);
    const rw = this.byResource.get(w.resourceKey);
    if (!rw) return;
    removeFrom(rw.all, w);
    if (w.trigger === undefined) removeFrom(rw.untriggered, w);
    else {
      const l = rw.byTrigger.get(w.trigger);
      if (l) {
        removeFrom(l, w);
        if (l.length === 0) rw.byTrigger.delete(w.trigger);
      }
    }
  }
}

function removeFrom(list: Watcher[], w: Watcher): void {
  const i = list.indexOf(w);
  if (i >= 0) list.splice(i, 1);
}

/** Two id-ordered lists as one id-ordered list. */
function mergeById(a: readonly Watcher[], b: readonly Watcher[]): Watcher[] {
  if (b.length === 0) return a.slice();
  if (a.length === 0) return b.slice();
  const out: Watcher[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push(a[i]!.id < b[j]!.id ? a[i++]! : b[j++]!);
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

const keyOf = (info: ResourceInfo): string => `${info.group}/${info.resource}`;

function convert(
  w: Pick<Watcher, 'predicate'>,
  event: StoreEvent,
): { type: WatchEventType; object: KubeObject } | undefined {
  const cur = event.type !== 'DELETED' && w.predicate(event.object);
  const old = event.prev !== undefined && w.predicate(event.prev);
  if (cur && !old) return { type: 'ADDED', object: event.object };
  if (cur && old) return { type: 'MODIFIED', object: event.object };
  if (!cur && old) {
    // Leaving the selection (or deleted): the previous content at the new resourceVersion.
    return {
      type: 'DELETED',
      object: event.type === 'DELETED' ? event.object : withResourceVersion(event.prev!, event.rv),
    };
  }
  return undefined;
}

function withResourceVersion(obj: KubeObject, rv: number): KubeObject {
  return Object.freeze({ ...obj, metadata: Object.freeze({ ...obj.metadata, resourceVersion: String(rv) }) });
}
