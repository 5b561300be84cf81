/**
 * The in-memory "etcd": objects keyed by resource, namespace and name, one global revision
 * counter (every write bumps it and stamps the object's `metadata.resourceVersion`), and a
 * bounded history of changes per resource that watches can resume from.
 *
 * Objects are stored deep-frozen and handed out without copying. Keys iterate in etcd order
 * (`<namespace>/<name>`, byte-wise), which is the order the real apiserver lists in.
 */
import type { KubeObject } from '../../api/types';
import type { ResourceInfo } from './registry';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One write, as the watch cache records it. */
export interface StoreEvent {
  type: WatchEventType;
  /** The object after the write; for DELETED, the last state, stamped with the deletion's revision. */
  object: KubeObject;
  /** The object before the write (MODIFIED, DELETED). */
  prev?: KubeObject;
  rv: number;
}

/** How many events per resource a watch can resume from (the watch cache's capacity). */
export const HISTORY_CAPACITY = 20_000;

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class ResourceStore {
  /** namespace ('' for cluster-scoped) → name → object */
  private readonly byNamespace = new Map<string, Map<string, KubeObject>>();
  private size = 0;
  private sortedNamespaces: string[] | null = null;
  /** Per namespace: its objects in name order, and each name's index there (rebuilt lazily). */
  private readonly sorted = new Map<string, { objects: KubeObject[]; index: Map<string, number> }>();
  private history: StoreEvent[] = [];
  private historyStart = 0;
  /** Events with rv <= this may have been dropped from the history. */
  private oldestKeptRV = 0;

  constructor(
    readonly info: ResourceInfo,
    private readonly capacity = HISTORY_CAPACITY,
  ) {}

  get count(): number {
    return this.size;
  }

  get(namespace: string, name: string): KubeObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  /** Insert or replace. */
  put(namespace: string, name: string, obj: KubeObject): void {
    let ns = this.byNamespace.get(namespace);
    if (!ns) {
      ns = new Map();
      this.byNamespace.set(namespace, ns);
      this.sortedNamespaces = null;
    }
    if (!ns.has(name)) {
      this.size++;
      this.sorted.delete(namespace);
    } else {
      const cache = this.sorted.get(namespace);
      const i = cache?.index.get(name);
      if (cache && i !== undefined) cache.objects[i] = obj;
    }
    ns.set(name, obj);
  }

  remove(namespace: string, name: string): void {
    const ns = this.byNamespace.get(namespace);
    if (!ns || !ns.delete(name)) return;
    this.size--;
    this.sorted.delete(namespace);
    if (ns.size === 0) {
      this.byNamespace.delete(namespace);
      this.sortedNamespaces = null;
    }
  }

  /**
   * Objects in key order, in one namespace or all of them. The arrays are the store's caches:
   * iterate them, do not keep or modify them.
   */
  iterate(namespace?: string): readonly KubeObject[] {
    if (namespace !== undefined) return this.sortedIn(namespace);
    // etcd orders full keys `<namespace>/<name>`: compare namespaces with their slash ("a-b/" < "a/").
    if (!this.sortedNamespaces)
      this.sortedNamespaces = [...this.byNamespace.keys()].sort((a, b) => byteCompare(`${a}/`, `${b}/`));
    if (this.sortedNamespaces.length === 1) return this.sortedIn(this.sortedNamespaces[0]!);
    const out: KubeObject[] = [];
    for (const ns of this.sortedNamespaces) for (const o of this.sortedIn(ns)) out.push(o);
    return out;
  }

  private sortedIn(namespace: string): readonly KubeObject[] {
    const ns = this.byNamespace.get(namespace);
    if (!ns) return [];
    let cache = this.sorted.get(namespace);
    if (!cache) {
      const names = [...ns.keys()].sort(byteCompare);
      const index = new Map<string, number>();
      names.forEach((n, i) => index.set(n, i));
      cache = { objects: names.map((n) => ns.get(n)!), index };
      this.sorted.set(namespace, cache);
    }
    return cache.objects;
  }

  namespaceCount(namespace: string): number {
    return this.byNamespace.get(namespace)?.size ?? 0;
  }

  record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.capacity) {
      this.oldestKeptRV = this.history[this.historyStart]!.rv;
      this.historyStart++;
      if (this.historyStart > this.capacity) {
        this.history = this.history.slice(this.historyStart);
        this.historyStart = 0;
      }
    }
  }

  /**
   * Events after revision `rv`, oldest first, or undefined when some of them are no longer kept
   * (the watch must then fail with 410 Expired).
   */
  eventsSince(rv: number): StoreEvent[] | undefined {
    if (rv < this.oldestKeptRV) return undefined;
    const out: StoreEvent[] = [];
    // Binary search for the first event with a revision above rv.
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.history.length; i++) out.push(this.history[i]!);
    return out;
  }

  /** The oldest revision a watch may still start from. */
  get oldestResumableRV(): number {
    return this.oldestKeptRV;
  }
}

export class Store {
  private revision: number;
  private readonly resources = new Map<string, ResourceStore>();

  constructor(
    initialRevision = 0,
    private readonly historyCapacity = HISTORY_CAPACITY,
  ) {
    this.revision = initialRevision;
  }

  /** The current global revision (the resourceVersion of the latest write). */
  get currentRevision(): number {
    return this.revision;
  }

  /** Allocate the revision of a new write. */
  nextRevision(): number {
    return ++this.revision;
  }

  of(info: ResourceInfo): ResourceStore {
    const key = `${info.group}/${info.resource}`;
    let rs = this.resources.get(key);
    if (!rs) {
      rs = new ResourceStore(info, this.historyCapacity);
      this.resources.set(key, rs);
    }
    return rs;
  }
}
