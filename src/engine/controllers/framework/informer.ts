/**
 * SharedInformer (client-go tools/cache): keeps a local, read-only copy of one resource type and
 * tells controllers what changed.
 *
 * It LISTs once, then WATCHes from the list's resourceVersion, so that it sees every change
 * exactly once and in order. Each event updates the cache first, then calls the registered
 * handlers, which should do nothing but put keys on a work queue: the controller's sync reads
 * the (already updated) cache later. If the watch fails, the informer lists again and reconciles
 * the cache with the fresh list (objects that vanished meanwhile are reported as deleted with
 * `finalStateUnknown`, client-go's DeletedFinalStateUnknown).
 *
 * Objects in the cache are deep-frozen copies: handlers and listers share them, nobody may
 * change them.
 */
import type { WatchHandle } from '../../../api/client';
import { isStatus, type KubeObject, type WatchEvent } from '../../../api/types';
import type { SimClock, TimerId } from '../../clock';
import {
  collectionPath,
  errorMessage,
  groupVersionString,
  RestClient,
  type ControllerClient,
  type ResourceRef,
} from './client';
import { nopLogger, type Logger } from './log';
import { deepFreeze, metaNamespaceKey } from './objects';
import { Indexer, Lister, type IndexFunc } from './store';

export interface ResourceEventHandler<T extends KubeObject = KubeObject> {
  /** A new object (or one seen for the first time, `isInInitialList` during the first list). */
  add?(obj: T, isInInitialList: boolean): void;
  /** A changed object; also called with old === new on a resync. */
  update?(oldObj: T, newObj: T): void;
  /** A removed object, in its last known state. `finalStateUnknown`: the delete was missed and found on a relist. */
  delete?(obj: T, finalStateUnknown: boolean): void;
}

export interface InformerOptions {
  /** Watch one namespace only (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/**
 * Objects for the cache: deep-frozen, never a caller's mutable object. The API server hands out
 * its stored objects already frozen (they are shared, never copied), so those are kept as they
 * are; anything else is copied first.
 */
function frozenCopy<T extends object>(obj: T): T {
  if (Object.isFrozen(obj)) return obj;
  const nestedFrozen = Object.values(obj).every(
    (v) => v === null || typeof v !== 'object' || Object.isFrozen(v),
  );
  return deepFreeze(nestedFrozen ? { ...obj } : structuredClone(obj));
}

/** Reflector back-off after a failed list or watch (client-go: 800 ms growing to 30 s). */
const INITIAL_BACKOFF_MS = 800;
const MAX_BACKOFF_MS = 30_000;

interface Registration<T extends KubeObject> {
  handler: ResourceEventHandler<T>;
  resyncMs: number;
  timer?: TimerId;
}

export class SharedInformer<T extends KubeObject = KubeObject> {
  readonly store: Indexer<T>;
  readonly lister: Lister<T>;
  private readonly rest: RestClient;
  private registrations: Registration<T>[] = [];
  private started = false;
  private stopped = false;
  private synced = false;
  private watchHandle: WatchHandle | undefined;
  /** Incremented for every new watch, so late events of an abandoned watch are ignored. */
  private watchGeneration = 0;
  private lastSyncResourceVersion = '';
  private backoffMs = INITIAL_BACKOFF_MS;
  private relistTimer: TimerId | undefined;

  constructor(
    private readonly client: ControllerClient,
    private readonly clock: SimClock,
    readonly resource: ResourceRef,
    private readonly options: InformerOptions = {},
    private readonly logger: Logger = nopLogger,
    userAgent = 'kube-controller-manager',
  ) {
    this.store = new Indexer<T>();
    this.lister = new Lister<T>(this.store);
    this.rest = new RestClient(client, userAgent);
  }

  /**
   * Register a handler. On an informer that is already running, the handler first gets an `add`
   * for every cached object (as client-go replays the cache to late handlers). With `resyncMs`,
   * the handler also gets `update(obj, obj)` for every cached object that often.
   */
  addEventHandler(handler: ResourceEventHandler<T>, resyncMs = 0): void {
    const reg: Registration<T> = { handler, resyncMs };
    this.registrations.push(reg);
    if (this.synced) for (const obj of this.store.list()) this.call(() => handler.add?.(obj, true));
    if (this.started) this.scheduleResync(reg);
  }

  addIndexers(indexers: Record<string, IndexFunc<T>>): void {
    this.store.addIndexers(indexers);
  }

  /** Start: LIST now (synchronously), then WATCH. */
  run(): void {
    if (this.started) return;
    this.started = true;
    this.listAndWatch();
    for (const reg of this.registrations) this.scheduleResync(reg);
  }

  /** True once the first LIST has been loaded into the cache (cache.InformerSynced). */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion of the last list or watch event the cache reflects. */
  lastResourceVersion(): string {
    return this.lastSyncResourceVersion;
  }

  stop(): void {
    this.stopped = true;
    this.stopWatch();
    if (this.relistTimer !== undefined) this.clock.clearTimeout(this.relistTimer);
    for (const reg of this.registrations) if (reg.timer !== undefined) this.clock.clearTimeout(reg.timer);
  }

  private get label(): string {
    return `informer ${this.resource.resource}${this.resource.group ? '.' + this.resource.group : ''}`;
  }

  private query(): Record<string, string> {
    const q: Record<string, string> = {};
    if (this.options.labelSelector) q.labelSelector = this.options.labelSelector;
    if (this.options.fieldSelector) q.fieldSelector = this.options.fieldSelector;
    return q;
  }

  private listAndWatch(): void {
    if (this.stopped) return;
    let list;
    try {
      list = this.rest.list<T>(this.resource, this.options.namespace, this.query());
    } catch (err) {
      this.logger.error(`failed to list ${this.resource.resource}: ${errorMessage(err)}`);
      this.scheduleRelist(this.nextBackoff());
      return;
    }
    this.replace(list.items, list.metadata.resourceVersion ?? '');
    this.synced = true;
    this.backoffMs = INITIAL_BACKOFF_MS;
    this.startWatch();
  }

  private startWatch(): void {
    this.stopWatch();
    const generation = ++this.watchGeneration;
    const result = this.client.watch(
      {
        method: 'GET',
        path: collectionPath(this.resource, this.options.namespace),
        query: {
          ...this.query(),
          watch: 'true',
          resourceVersion: this.lastSyncResourceVersion,
          allowWatchBookmarks: 'true',
        },
        headers: { userAgent: this.rest.userAgent },
      },
      (event) => {
        if (generation === this.watchGeneration && !this.stopped) this.onWatchEvent(event);
      },
    );
    if (result.ok) {
      this.watchHandle = result.handle;
      return;
    }
    // 410 Gone: our resourceVersion is too old to watch from; list again right away.
    const gone = result.response.status === 410;
    this.logger.error(`failed to watch ${this.resource.resource}: status ${result.response.status}`);
    this.scheduleRelist(gone ? 0 : this.nextBackoff());
  }

  private stopWatch(): void {
    this.watchGeneration++;
    this.watchHandle?.stop();
    this.watchHandle = undefined;
  }

  private onWatchEvent(event: WatchEvent): void {
    if (event.type === 'ERROR') {
      const code = isStatus(event.object) ? event.object.code : 0;
      this.stopWatch();
      this.scheduleRelist(code === 410 ? 0 : this.nextBackoff());
      return;
    }
    const raw = event.object as KubeObject;
    const rv = raw.metadata?.resourceVersion;
    if (rv) this.lastSyncResourceVersion = rv;
    if (event.type === 'BOOKMARK') return;
    const obj = this.intern(raw);
    const key = metaNamespaceKey(obj);
    if (event.type === 'DELETED') {
      this.store.remove(key);
      this.distribute((h) => h.delete?.(obj, false));
      return;
    }
    const old = this.store.getByKey(key);
    this.store.put(obj);
    if (old) this.distribute((h) => h.update?.(old, obj));
    else this.distribute((h) => h.add?.(obj, false));
  }

  /**
   * The cached form of an object. Items of a LIST come without apiVersion and kind (as from the
   * real API server); the informer knows its resource and puts them back, as client-go's typed
   * informers get them from the scheme, so that every cached object says what it is.
   */
  private intern(raw: KubeObject): T {
    const { kind } = this.resource;
    const typed: KubeObject =
      raw.kind || !kind ? raw : { ...raw, kind, apiVersion: groupVersionString(this.resource) };
    return frozenCopy(typed) as T;
  }

  /** Reconcile the cache with a full list (cache.Store.Replace). */
  private replace(items: T[], resourceVersion: string): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const item of items) {
      const obj = this.intern(item);
      const key = metaNamespaceKey(obj);
      seen.add(key);
      const old = this.store.getByKey(key);
      this.store.put(obj);
      if (!old) this.distribute((h) => h.add?.(obj, initial));
      else if (old.metadata.resourceVersion !== obj.metadata.resourceVersion)
        this.distribute((h) => h.update?.(old, obj));
    }
    for (const key of this.store.listKeys()) {
      if (seen.has(key)) continue;
      const old = this.store.getByKey(key)!;
      this.store.remove(key);
      this.distribute((h) => h.delete?.(old, true));
    }
    this.lastSyncResourceVersion = resourceVersion;
  }

  private scheduleRelist(delayMs: number): void {
    if (this.stopped || this.relistTimer !== undefined) return;
    this.relistTimer = this.clock.setTimeout(
      () => {
        this.relistTimer = undefined;
        this.listAndWatch();
      },
      delayMs,
      `${this.label} relist`,
    );
  }

  private nextBackoff(): number {
    const d = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    return d;
  }

  private scheduleResync(reg: Registration<T>): void {
    if (reg.resyncMs <= 0 || this.stopped) return;
    reg.timer = this.clock.setTimeout(
      () => {
        for (const obj of this.store.list()) this.call(() => reg.handler.update?.(obj, obj));
        this.scheduleResync(reg);
      },
      reg.resyncMs,
      `${this.label} resync`,
    );
  }

  private distribute(fn: (h: ResourceEventHandler<T>) => void): void {
    for (const reg of this.registrations) this.call(() => fn(reg.handler));
  }

  /** A failing handler must not break the informer or its other handlers (utilruntime.HandleCrash). */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.logger.error(`${this.label}: event handler failed: ${errorMessage(err)}`);
    }
  }
}

/**
 * One informer per resource (and options), shared by every controller of a process, as
 * client-go's SharedInformerFactory does: the API server serves one watch per resource instead
 * of one per controller, and all controllers see the same cache.
 */
export class InformerFactory {
  private informers = new Map<string, SharedInformer>();

  constructor(
    private readonly client: ControllerClient,
    private readonly clock: SimClock,
    private readonly logger: Logger = nopLogger,
    private readonly userAgent = 'kube-controller-manager',
  ) {}

  informerFor<T extends KubeObject = KubeObject>(
    resource: ResourceRef,
    options: InformerOptions = {},
  ): SharedInformer<T> {
    const key = [
      resource.group,
      resource.version,
      resource.resource,
      options.namespace ?? '',
      options.labelSelector ?? '',
      options.fieldSelector ?? '',
    ].join('|');
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new SharedInformer(this.client, this.clock, resource, options, this.logger, this.userAgent);
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedInformer<T>;
  }

  /** Start every informer created so far that is not running yet (factory.Start). */
  start(): void {
    for (const informer of this.informers.values()) informer.run();
  }

  /** True when every informer has loaded its first list (WaitForCacheSync, without waiting). */
  hasSynced(): boolean {
    return [...this.informers.values()].every((i) => i.hasSynced());
  }

  stop(): void {
    for (const informer of this.informers.values()) informer.stop();
  }
}
