/**
 * The in-memory kube-apiserver: one `handle(request) → response` entry point that behaves like
 * the real REST API (routing, discovery, get/list/create/update/patch/delete, subresources,
 * admission, optimistic concurrency, graceful deletion, finalizers, dry runs), plus `watch`.
 *
 * Everything in the cluster talks to it the same way: kubectl through an in-process KubeClient
 * (./client.ts), controllers, the scheduler and kubelets through `handle()` and `watch()` (or
 * the cheap read-only `get`/`list` fast paths, which stand in for informer caches).
 *
 * Each write produces exactly one ChangeEntry. Watch events and ChangeSets are delivered from
 * zero-delay timers on the simulated clock, never from inside the write.
 *
 *   const server = new ApiServer({ clock, rand });
 *   server.handle({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'dev' } } });
 *   server.watch({ method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } }, (e) => …);
 */
import type { ChangeEntry, ChangeSet } from '../../api/changeset';
import type { ApiRequest, ApiResponse, WatchResult } from '../../api/client';
import type { KubeObject, WatchEvent } from '../../api/types';
import { goSyntax, notSupported } from '../../apimachinery/field';
import {
  newInvalid,
  newBadRequest,
  errorToStatus,
  newPathNotFound,
  newMethodNotAllowed,
  newNotSimulated,
  type StatusError,
} from './errors';
import type { SimClock } from '../clock';
import type { Rand } from '../rand';
import {
  AdmissionChain,
  namespaceLifecycle,
  type AdmissionAttributes,
  type AdmissionContext,
} from './admission';
import {
  aggregatedDiscovery,
  aggregatedDiscoveryType,
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from './discovery';
import { canonicalize, deepFreeze, meta, rfc3339 } from './objects';
import { isTrue, parsePath, verbOf, type Route, type Verb } from './paths';
import {
  apiVersionOf,
  Registry,
  type ResourceInfo,
  type SubresourceHandler,
  type SubresourceInfo,
} from './registry';
import { Store, type ResourceStore, type StoreEvent } from './store';
import type { VersionConverter } from './conversion';
import { strategyKey, type KindStrategy, type StrategyContext, type StrategyTable } from './strategy';
import { strategies as defaultStrategies } from './strategies/index';
import { WatchHub } from './watch';
import { openAPIV3Document, openAPIV3Index } from './schema/openapi';
import { createObject, updateObject, patchObject } from './write';
import { deleteCollection, deleteObject } from './delete';
import {
  getObject,
  listObjects,
  startWatch,
  buildLabelSelector,
  buildFieldSelector,
  objectPredicate,
} from './read';
import { serveBuiltinSubresource } from './subresources';
import { toTableResponse, wantsTable } from './table';

export interface ApiServerOptions {
  clock: SimClock;
  /** The server's own random source (uids, generated names); fork it from the cluster's Rand. */
  rand: Rand;
  /** Per-kind strategies; defaults to the built-in table (src/engine/api/strategies). */
  strategies?: StrategyTable;
  registry?: Registry;
  /** The revision the counter starts from (the first write gets this + 1). */
  initialResourceVersion?: number;
  /** How many changes per resource a watch can resume from (default 20000). */
  watchHistory?: number;
}

/** What request handlers get: the parsed request plus the server. */
export interface RequestContext {
  server: ApiServer;
  req: ApiRequest;
  info: ResourceInfo;
  /** The version the request speaks (`info.version`, or another served through `converter`). */
  version: string;
  converter?: VersionConverter;
  /** The request's namespace for namespaced resources, undefined for cluster scope or all namespaces. */
  namespace: string | undefined;
  name: string | undefined;
  subresource: string;
  query: Record<string, string>;
  dryRun: boolean;
  /** Warning headers collected while serving (unknown fields under fieldValidation=Warn). */
  warnings: string[];
}

export class ApiServer {
  readonly clock: SimClock;
  readonly rand: Rand;
  readonly registry: Registry;
  /** The admission chain; `admission.register(plugin)` adds plugins (NamespaceLifecycle is built in). */
  readonly admission = new AdmissionChain();
  /** @internal */
  readonly store: Store;
  /** @internal */
  readonly watches: WatchHub;
  private readonly strategies: StrategyTable;
  private readonly changeListeners = new Set<(changes: ChangeSet) => void>();
  private pendingChanges: ChangeEntry[] = [];
  private changeFlushScheduled = false;
  private readonly lookupCache = new Map<string, ResourceInfo | undefined>();

  constructor(opts: ApiServerOptions) {
    this.clock = opts.clock;
    this.rand = opts.rand;
    this.registry = opts.registry ?? new Registry();
    this.strategies = opts.strategies ?? defaultStrategies;
    this.store = new Store(opts.initialResourceVersion ?? 0, opts.watchHistory);
    this.watches = new WatchHub(this.clock);
    this.admission.register(namespaceLifecycle);
  }

  // -------------------------------------------------------------------------------------------
  // The REST entry points
  // -------------------------------------------------------------------------------------------

  /**
   * Serve one request, synchronously. Never throws: every failure is a Status response, and an
   * unexpected exception is a 500 InternalError with the store untouched (writes happen only
   * after every check has passed).
   */
  handle(req: ApiRequest): ApiResponse {
    try {
      return this.route(normalizeRequest(req));
    } catch (e) {
      const status = errorToStatus(e);
      return { status: status.code, body: status, contentType: 'application/json' };
    }
  }

  /**
   * `GET …?watch=true`: events go to `onEvent` asynchronously (zero-delay clock timers), in
   * resourceVersion order. Objects delivered are the stored, frozen ones; clone before changing.
   */
  watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): WatchResult {
    try {
      req = normalizeRequest(req);
      const route = parsePath(req.path);
      if (route.type !== 'resource' || req.method !== 'GET') throw newMethodNotAllowed();
      const ctx = this.requestContext(route, req);
      if (ctx.subresource) throw newMethodNotAllowed();
      if (!ctx.info.verbs.includes('watch')) throw newMethodNotAllowed();
      return { ok: true, handle: startWatch(ctx, onEvent) };
    } catch (e) {
      const status = errorToStatus(e);
      return { ok: false, response: { status: status.code, body: status, contentType: 'application/json' } };
    }
  }

  /** Every write, batched per clock tick (flushed from a zero-delay timer). Returns an unsubscribe. */
  onChange(listener: (changes: ChangeSet) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Deliver pending ChangeSet entries now (normally a zero-delay timer does it). */
  flushChanges(): void {
    this.changeFlushScheduled = false;
    if (this.pendingChanges.length === 0) return;
    const batch = this.pendingChanges;
    this.pendingChanges = [];
    for (const l of [...this.changeListeners]) l(batch);
  }

  /** Serve `<resource>/<sub>` with `handler` (binding, eviction, log, exec …); see Registry. */
  registerSubresource(
    resource: string,
    sub: string,
    handler: SubresourceHandler,
    info?: Omit<SubresourceInfo, 'name'>,
  ): void {
    this.registry.registerSubresource(resource, sub, handler, info);
  }

  // -------------------------------------------------------------------------------------------
  // Fast read paths (the informer caches of controllers)
  // -------------------------------------------------------------------------------------------

  /** The current global resourceVersion. */
  resourceVersion(): string {
    return String(this.store.currentRevision);
  }

  /**
   * A stored object (frozen), or undefined. `resource` is what kubectl accepts: `pods`,
   * `deployments.apps`, `apps/deployments`, `deploy`, `Deployment`.
   */
  get(resource: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const info = this.resolve(resource);
    return info ? this.store.of(info).get(info.namespaced ? (namespace ?? '') : '', name) : undefined;
  }

  /**
   * Stored objects (frozen) in key order, optionally in one namespace and filtered by selectors
   * (the query-parameter syntax). Throws a StatusError for a bad selector.
   */
  list(
    resource: string,
    opts: { namespace?: string; labelSelector?: string; fieldSelector?: string } = {},
  ): KubeObject[] {
    const info = this.resolve(resource);
    if (!info) return [];
    const label = opts.labelSelector ? buildLabelSelector(opts.labelSelector) : undefined;
    const field = opts.fieldSelector ? buildFieldSelector(info, opts.fieldSelector) : undefined;
    const pred = objectPredicate(info, undefined, label, field);
    const out: KubeObject[] = [];
    const ns = info.namespaced ? opts.namespace : undefined;
    for (const o of this.store.of(info).iterate(ns)) if (pred(o)) out.push(o);
    return out;
  }

  /** How many objects of a resource are stored (cheap). */
  count(resource: string, namespace?: string): number {
    const info = this.resolve(resource);
    if (!info) return 0;
    const rs = this.store.of(info);
    return namespace !== undefined && info.namespaced ? rs.namespaceCount(namespace) : rs.count;
  }

  /** The ResourceInfo for a user-style resource name (cached). */
  resolve(resource: string): ResourceInfo | undefined {
    if (this.lookupCache.has(resource)) return this.lookupCache.get(resource);
    const info = this.registry.lookupResource(resource);
    this.lookupCache.set(resource, info);
    return info;
  }

  // -------------------------------------------------------------------------------------------
  // Internals shared by the handlers (./write.ts, ./delete.ts, ./read.ts, ./subresources.ts)
  // -------------------------------------------------------------------------------------------

  /** @internal The strategy of a kind (an empty one when the kind has none). */
  strategyFor(info: ResourceInfo): KindStrategy {
    return this.strategies[strategyKey(info.group, info.kind)] ?? {};
  }

  /** @internal What strategies may read (one object; `now` reads the clock). */
  strategyContext(): StrategyContext {
    return this.strategyCtx;
  }

  /** @internal What admission plugins may read. */
  admissionContext(): AdmissionContext {
    return this.admissionCtx;
  }

  private readonly strategyCtx: StrategyContext = withNow(
    {
      get: (resource: string, group: string, namespace: string | undefined, name: string) =>
        this.lookup(group, resource, namespace, name),
    },
    () => this.clock.now(),
  );

  private readonly admissionCtx: AdmissionContext = withNow(
    {
      get: (group: string, resource: string, namespace: string | undefined, name: string) =>
        this.lookup(group, resource, namespace, name),
      list: (group: string, resource: string, namespace?: string) => {
        const info = this.registry.get(group, resource);
        return info ? [...this.store.of(info).iterate(info.namespaced ? namespace : undefined)] : [];
      },
    },
    () => this.clock.now(),
  );

  private lookup(
    group: string,
    resource: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const info = this.registry.get(group, resource);
    return info ? this.store.of(info).get(info.namespaced ? (namespace ?? '') : '', name) : undefined;
  }

  /** @internal Run the mutating admission plugins. */
  admit(attrs: AdmissionAttributes): void {
    this.admission.admit(attrs, this.admissionContext());
  }

  /** @internal Run the validating admission plugins. */
  validateAdmission(attrs: AdmissionAttributes): void {
    this.admission.validate(attrs, this.admissionContext());
  }

  /** @internal */
  resourceStore(info: ResourceInfo): ResourceStore {
    return this.store.of(info);
  }

  /** @internal Store a new object: stamps resourceVersion, freezes, records, notifies. */
  writeCreate(info: ResourceInfo, obj: KubeObject): KubeObject {
    const rv = this.store.nextRevision();
    meta(obj).resourceVersion = String(rv);
    const stored = deepFreeze(canonicalize(obj));
    const m = stored.metadata;
    this.store.of(info).put(m.namespace ?? '', m.name!, stored);
    this.recordWrite(info, { type: 'ADDED', object: stored, rv });
    return stored;
  }

  /** @internal Replace a stored object. */
  writeUpdate(info: ResourceInfo, old: KubeObject, obj: KubeObject): KubeObject {
    const rv = this.store.nextRevision();
    meta(obj).resourceVersion = String(rv);
    const stored = deepFreeze(canonicalize(obj));
    const m = stored.metadata;
    this.store.of(info).put(m.namespace ?? '', m.name!, stored);
    this.recordWrite(info, { type: 'MODIFIED', object: stored, prev: old, rv });
    return stored;
  }

  /**
   * @internal Remove a stored object. Returns it as it was (last resourceVersion); the watch
   * DELETED event carries the deletion's revision.
   */
  writeDelete(info: ResourceInfo, old: KubeObject): KubeObject {
    const rv = this.store.nextRevision();
    const m = old.metadata;
    this.store.of(info).remove(m.namespace ?? '', m.name!);
    const tombstone = deepFreeze({ ...old, metadata: { ...old.metadata, resourceVersion: String(rv) } });
    this.recordWrite(info, { type: 'DELETED', object: tombstone, prev: old, rv });
    return old;
  }

  private recordWrite(info: ResourceInfo, event: StoreEvent): void {
    this.store.of(info).record(event);
    this.watches.publish(info, event);
    const time = this.clock.now();
    const resourceVersion = String(event.rv);
    const entry: ChangeEntry =
      event.type === 'ADDED'
        ? { op: 'added', time, resourceVersion, object: event.object }
        : event.type === 'MODIFIED'
          ? { op: 'updated', time, resourceVersion, from: event.prev!, to: event.object }
          : { op: 'removed', time, resourceVersion, object: event.object };
    this.pendingChanges.push(entry);
    if (!this.changeFlushScheduled && this.changeListeners.size > 0) {
      this.changeFlushScheduled = true;
      this.clock.setTimeout(() => this.flushChanges(), 0, 'changeset');
    } else if (this.changeListeners.size === 0) {
      // Nobody listens: don't accumulate.
      this.pendingChanges = [];
    }
  }

  /** @internal metadata.creationTimestamp & co. */
  nowTimestamp(offsetSeconds = 0): string {
    return rfc3339(this.clock.now() + offsetSeconds * 1000);
  }

  /** @internal Turn field errors into the kind's 422. */
  invalid(
    info: ResourceInfo,
    name: string,
    errs: { type: string; field: string; body: string }[],
  ): StatusError {
    return newInvalid(info.group, info.kind, name, errs as Parameters<typeof newInvalid>[3]);
  }

  // -------------------------------------------------------------------------------------------
  // Routing
  // -------------------------------------------------------------------------------------------

  private route(req: ApiRequest): ApiResponse {
    const route = parsePath(req.path);
    const accept = req.headers?.accept;
    switch (route.type) {
      case 'version':
        return ok(VERSION_INFO);
      case 'api': {
        const agg = aggregatedDiscoveryType(accept);
        if (agg) return ok(aggregatedDiscovery(this.registry, true, agg), 200, agg);
        return ok(apiVersions());
      }
      case 'apis': {
        const agg = aggregatedDiscoveryType(accept);
        if (agg) return ok(aggregatedDiscovery(this.registry, false, agg), 200, agg);
        return ok(apiGroupList(this.registry));
      }
      case 'group': {
        const g = apiGroup(this.registry, route.group);
        if (!g) throw newPathNotFound();
        return ok(g);
      }
      case 'groupVersion': {
        const list = apiResourceList(this.registry, route.group, route.version);
        if (!list) throw newPathNotFound();
        return ok(list);
      }
      case 'openapi':
        return this.serveOpenAPI(route.path);
      case 'resource':
        return this.serveResource(route, req);
      default:
        throw newPathNotFound();
    }
  }

  private serveOpenAPI(path: string): ApiResponse {
    if (path === 'v3') return ok(openAPIV3Index());
    if (path.startsWith('v3/')) {
      const doc = openAPIV3Document(path.slice(3));
      if (doc) return ok(doc);
    }
    throw newPathNotFound();
  }

  private requestContext(route: Extract<Route, { type: 'resource' }>, req: ApiRequest): RequestContext {
    const info = this.registry.get(route.group, route.resource);
    if (!info) throw newPathNotFound();
    const converter = route.version !== info.version ? info.converters?.[route.version] : undefined;
    if (route.version !== info.version && !converter) {
      if (info.versions.includes(route.version))
        throw newNotSimulated(
          `${route.group}/${route.version} (only ${apiVersionOf(info)} ${info.resource} are served)`,
        );
      throw newPathNotFound();
    }
    if (!info.namespaced && route.namespace !== undefined) throw newPathNotFound();
    const query = req.query ?? {};
    const dryRun =
      req.method === 'GET'
        ? false
        : parseDryRun(
            req.method,
            query.dryRun ??
              (req.method === 'DELETE' ? (req.body as { dryRun?: unknown } | undefined)?.dryRun : undefined),
          );
    return {
      server: this,
      req,
      info,
      version: route.version,
      converter,
      namespace: info.namespaced ? route.namespace : undefined,
      name: route.name,
      subresource: route.subresource ?? '',
      query,
      dryRun,
      warnings: [],
    };
  }

  private serveResource(route: Extract<Route, { type: 'resource' }>, req: ApiRequest): ApiResponse {
    const ctx = this.requestContext(route, req);
    const res = convertResponse(ctx, this.serveResourceRequest(ctx));
    if (ctx.warnings.length) res.warnings = [...new Set(ctx.warnings)];
    return res;
  }

  private serveResourceRequest(ctx: RequestContext): ApiResponse {
    const { req } = ctx;
    const { info } = ctx;
    if (ctx.subresource) {
      const sub = info.subresources.find((s) => s.name === ctx.subresource);
      if (!sub || ctx.name === undefined) throw newPathNotFound();
      const handler = this.registry.subresourceHandler(info, ctx.subresource);
      if (handler) {
        return handler({
          info,
          subresource: ctx.subresource,
          namespace: ctx.namespace,
          name: ctx.name,
          request: req,
        });
      }
      const builtin = serveBuiltinSubresource(ctx, sub);
      if (builtin) return builtin;
      throw newNotSimulated(`${info.resource}/${ctx.subresource}`);
    }
    const watch = isTrue(ctx.query.watch);
    const verb: Verb = verbOf(req.method, ctx.name !== undefined, watch);
    if (!info.verbs.includes(verb)) throw newMethodNotAllowed();
    if (
      info.namespaced &&
      ctx.namespace === undefined &&
      (verb === 'create' || verb === 'deletecollection' || ctx.name !== undefined)
    )
      throw newPathNotFound();
    switch (verb) {
      case 'get': {
        const obj = getObject(ctx);
        if (wantsTable(req)) return toTableResponse(ctx, obj);
        return ok(obj);
      }
      case 'list': {
        const result = listObjects(ctx);
        if (wantsTable(req)) return toTableResponse(ctx, result);
        return ok(result.list);
      }
      case 'watch':
        throw newBadRequest('watch requests must be made with KubeClient.watch');
      case 'create':
        return createObject(ctx);
      case 'update':
        return updateObject(ctx);
      case 'patch':
        return patchObject(ctx);
      case 'delete':
        return deleteObject(ctx);
      case 'deletecollection':
        return deleteCollection(ctx);
    }
  }
}

/** A query string left in the path (`/api/v1/pods?limit=1`) joins `query` (which wins). */
function normalizeRequest(req: ApiRequest): ApiRequest {
  const i = req.path.indexOf('?');
  if (i < 0) return req;
  const query: Record<string, string> = {};
  for (const kv of req.path.slice(i + 1).split('&')) {
    if (!kv) continue;
    const j = kv.indexOf('=');
    const k = decodeURIComponent((j < 0 ? kv : kv.slice(0, j)).replace(/\+/g, ' '));
    query[k] = j < 0 ? '' : decodeURIComponent(kv.slice(j + 1).replace(/\+/g, ' '));
  }
  return { ...req, path: req.path.slice(0, i), query: { ...query, ...(req.query ?? {}) } };
}

/** Responses of a request in a converted version: objects and lists back in that version. */
function convertResponse(ctx: RequestContext, res: ApiResponse): ApiResponse {
  const conv = ctx.converter;
  const body = res.body as { kind?: string; items?: KubeObject[] } | undefined;
  if (!conv || !body || typeof body !== 'object') return res;
  if (body.kind === ctx.info.kind) return { ...res, body: conv.fromStored(body as KubeObject) };
  if (body.kind === ctx.info.listKind && Array.isArray(body.items)) {
    const apiVersion = apiVersionOf({ group: ctx.info.group, version: ctx.version });
    const items = body.items.map((i) => {
      const {
        apiVersion: _a,
        kind: _k,
        ...rest
      } = conv.fromStored({ ...i, apiVersion, kind: ctx.info.kind });
      return rest as KubeObject;
    });
    return { ...res, body: { ...body, apiVersion, items } };
  }
  return res;
}

/** Add a live `now` property (read from the clock at each access). */
function withNow<T extends object>(obj: T, now: () => number): T & { now: number } {
  return Object.defineProperty(obj, 'now', { get: now, enumerable: true }) as T & { now: number };
}

export function ok(body: unknown, status = 200, contentType = 'application/json'): ApiResponse {
  return { status, body, contentType };
}

const OPTIONS_KIND: Record<string, string> = {
  POST: 'CreateOptions',
  PUT: 'UpdateOptions',
  PATCH: 'PatchOptions',
  DELETE: 'DeleteOptions',
};

/** `dryRun=All` (query) or `dryRun: ["All"]` (DeleteOptions body). Anything else is a 422. */
function parseDryRun(method: string, v: unknown): boolean {
  if (v === undefined || v === null || v === '') return false;
  const values = (Array.isArray(v) ? v : [v]).map(String);
  if (values.length === 0) return false;
  if (values.some((x) => x !== 'All')) {
    const rendered = goSyntax(`[]string{${values.map((x) => JSON.stringify(x)).join(', ')}}`);
    throw newInvalid('meta.k8s.io', OPTIONS_KIND[method] ?? 'CreateOptions', '', [
      notSupported('dryRun', rendered, ['All']),
    ]);
  }
  return true;
}
