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

export class WatchHub {
  private nextId = 1;
  private readonly byResource = new Map<string, Watcher[]>();
  private readonly pending = new Set<Watcher>();
  private flushScheduled = false;

  constructor(private readonly clock: SimClock) {}

  /** Number of active watchers (for tests and benchmarks). */
  get size(): number {
    let n = 0;
    for (const ws of this.byResource.values()) n += ws.length;
    return n;
  }

  add(
    info: ResourceInfo,
    predicate: WatchPredicate,
    transform: WatchTransform,
    onEvent: (event: WatchEvent) => void,
  ): WatchRegistration {
    const w: Watcher = {
      id: this.nextId++,
      resourceKey: keyOf(info),
      predicate,
      transform,
      onEvent,
      queue: [],
      stopped: false,
    };
    const list = this.byResource.get(w.resourceKey) ?? [];
    list.push(w);
    this.byResource.set(w.resourceKey, list);
    return {
      stop: () => this.remove(w),
      push: (event) => this.enqueue(w, event),
    };
  }

  /** Offer one write to the watchers of its resource. */
  publish(info: ResourceInfo, event: StoreEvent): void {
    const list = this.byResource.get(keyOf(info));
    if (!list || list.length === 0) return;
    for (const w of [...list]) {
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
    const list = this.byResource.get(w.resourceKey);
    if (!list) return;
    const i = list.indexOf(w);
    if (i >= 0) list.splice(i, 1);
  }
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
