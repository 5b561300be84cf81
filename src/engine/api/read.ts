/**
 * GET, LIST and WATCH (apiserver/pkg/endpoints/handlers/get.go, watch.go; the generic store's
 * List/Watch; the watch cache's initial events).
 *
 * Lists are in etcd key order (`<namespace>/<name>`). `limit` pages them with a `continue`
 * token shaped like etcd3's (base64 of {"v":"meta.k8s.io/v1","rv":…,"start":"<key>\u0000"}).
 * Departure: a continued list shows the current objects after the token's key, not a snapshot
 * at the token's revision (there is no MVCC history here), though it reports that revision.
 */
import type { WatchHandle } from '../../api/client';
import type { KubeList, KubeObject, ListMeta, Status, WatchEvent } from '../../api/types';
import {
  parseAndTransformSelector,
  FieldSelectorParseError,
  type FieldSelector,
} from '../../apimachinery/fields';
import { parseSelector, SelectorParseError, type Selector } from '../../apimachinery/labels';
import { newBadRequest, newNotFound, StatusError } from './errors';
import { apiVersionOf, type ResourceInfo } from './registry';
import type { RequestContext } from './server';
import type { StoreEvent } from './store';
import { tableForWatch, wantsTable } from './table';
import { TRIGGER_FIELDS, WatchHub } from './watch';

/** `labelSelector`: a 400 with the parser's message when it does not parse. */
export function buildLabelSelector(s: string): Selector {
  try {
    return parseSelector(s);
  } catch (e) {
    if (e instanceof SelectorParseError) throw newBadRequest(e.message);
    throw e;
  }
}

/**
 * `fieldSelector`: parsed, and every label run through the kind's field label conversion
 * (a 400 with the kind's message for labels it does not support).
 */
export function buildFieldSelector(info: ResourceInfo, s: string): FieldSelector {
  const f = info.fields;
  try {
    return parseAndTransformSelector(s, (label, value) => {
      if (label === 'metadata.name') return [label, value];
      if (label === 'metadata.namespace' && f.acceptsNamespace) return [label, value];
      const alias = f.aliases?.[label];
      if (alias) return [alias, value];
      if (f.accepted.includes(label)) return [label, value];
      throw newBadRequest(f.reject(label));
    });
  } catch (e) {
    if (e instanceof FieldSelectorParseError) throw newBadRequest(e.message);
    throw e;
  }
}

/** The selection a list or watch applies: namespace, labels, fields. */
export function objectPredicate(
  info: ResourceInfo,
  namespace: string | undefined,
  label: Selector | undefined,
  field: FieldSelector | undefined,
): (obj: KubeObject) => boolean {
  const hasLabel = label !== undefined && !label.empty();
  const hasField = field !== undefined && !field.empty();
  if (namespace === undefined && !hasLabel && !hasField) return () => true;
  return (obj) => {
    const m = obj.metadata;
    if (namespace !== undefined && (m.namespace ?? '') !== namespace) return false;
    if (hasLabel && !label.matches(m.labels)) return false;
    if (hasField) {
      let values: Record<string, string> | undefined;
      return field.matches((name) => {
        if (name === 'metadata.name') return m.name;
        if (name === 'metadata.namespace') return info.namespaced ? m.namespace : undefined;
        values ??= info.fields.values(obj);
        return values[name];
      });
    }
    return true;
  };
}

/** Items of a list on the wire carry no apiVersion/kind (the list says what they are). */
export function stripTypeMeta(obj: KubeObject): KubeObject {
  const out: Record<string, unknown> = {};
  for (const k in obj) if (k !== 'kind' && k !== 'apiVersion') out[k] = obj[k];
  return out as KubeObject;
}

export const listMeta = (rv: string): ListMeta => ({ resourceVersion: rv });

export function getObject(ctx: RequestContext): KubeObject {
  const { info, server } = ctx;
  const obj = server.resourceStore(info).get(ctx.namespace ?? '', ctx.name!);
  if (!obj) throw newNotFound({ group: info.group, resource: info.resource }, ctx.name!);
  return obj;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(rv: number, lastKey: string): string {
  return btoa(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }));
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(atob(token)) as { v?: string; rv?: number; start?: string };
    if (t.v !== 'meta.k8s.io/v1' || typeof t.rv !== 'number' || typeof t.start !== 'string')
      throw new Error('bad');
    return { rv: t.rv, start: t.start };
  } catch {
    throw newBadRequest(
      'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
  }
}

/** The wire list and the full objects behind it (tables need apiVersion/kind on each). */
export interface ListResult {
  list: KubeList;
  objects: KubeObject[];
}

export function listObjects(ctx: RequestContext): ListResult {
  const { info, server, query } = ctx;
  const label = query.labelSelector ? buildLabelSelector(query.labelSelector) : undefined;
  const field = query.fieldSelector ? buildFieldSelector(info, query.fieldSelector) : undefined;
  // A field selector on metadata.namespace narrows a cluster-wide list to one namespace.
  let namespace = ctx.namespace;
  if (namespace === undefined && info.namespaced) {
    const ns = field?.requiresExactMatch('metadata.namespace');
    if (ns) namespace = ns;
  }
  const pred = objectPredicate(info, undefined, label, field);
  let limit = 0;
  if (query.limit !== undefined && query.limit !== '') {
    limit = Number(query.limit);
    if (!Number.isInteger(limit))
      throw newBadRequest(`strconv.ParseInt: parsing ${JSON.stringify(query.limit)}: invalid syntax`);
    if (limit < 0) limit = 0;
  }
  let rv = server.store.currentRevision;
  let start: string | undefined;
  if (query.continue) {
    const token = decodeContinue(query.continue);
    rv = token.rv;
    start = token.start;
  }
  const items: KubeObject[] = [];
  let lastKey = '';
  let more = false;
  let remaining = 0;
  const noSelectors = (!label || label.empty()) && (!field || field.empty());
  const rs = server.resourceStore(info);
  for (const o of rs.iterate(namespace)) {
    const key = keyOf(info, o);
    if (start !== undefined && `${key}\u0000` < start) continue;
    if (start !== undefined && `${key}\u0000` === start) continue;
    if (!pred(o)) continue;
    if (limit > 0 && items.length >= limit) {
      more = true;
      if (!noSelectors) break;
      remaining++;
      continue;
    }
    items.push(o);
    lastKey = key;
  }
  const metadata: ListMeta = { resourceVersion: String(rv) };
  if (more) {
    metadata.continue = encodeContinue(rv, lastKey);
    if (noSelectors) metadata.remainingItemCount = remaining;
  }
  return {
    list: { kind: info.listKind, apiVersion: apiVersionOf(info), metadata, items: items.map(stripTypeMeta) },
    objects: items,
  };
}

const keyOf = (info: ResourceInfo, o: KubeObject): string =>
  info.namespaced ? `${o.metadata.namespace}/${o.metadata.name}` : (o.metadata.name ?? '');

/** Start a watch: initial events (resourceVersion "" or "0"), or resume after a resourceVersion. */
export function startWatch(ctx: RequestContext, onEvent: (event: WatchEvent) => void): WatchHandle {
  const { info, server, query } = ctx;
  const label = query.labelSelector ? buildLabelSelector(query.labelSelector) : undefined;
  let fieldSel = query.fieldSelector ?? '';
  // GET /…/pods/{name}?watch=true is a watch on that one name.
  if (ctx.name !== undefined)
    fieldSel = fieldSel ? `${fieldSel},metadata.name=${ctx.name}` : `metadata.name=${ctx.name}`;
  const field = fieldSel ? buildFieldSelector(info, fieldSel) : undefined;
  const pred = objectPredicate(info, ctx.namespace, label, field);

  const rvParam = query.resourceVersion ?? '';
  let resume: StoreEvent[] | undefined;
  let expired: Status | undefined;
  const rs = server.resourceStore(info);
  if (rvParam !== '' && rvParam !== '0') {
    const n = Number(rvParam);
    if (!Number.isInteger(n) || n < 0) throw newBadRequest(`invalid resource version: ${rvParam}`);
    resume = rs.eventsSince(n);
    if (!resume) {
      const err = new StatusError({
        apiVersion: 'v1',
        kind: 'Status',
        metadata: {},
        status: 'Failure',
        message: `too old resource version: ${n} (${rs.oldestResumableRV + 1})`,
        reason: 'Expired',
        code: 410,
      });
      expired = err.status;
    }
  }

  const table = wantsTable(ctx.req) ? tableForWatch(ctx) : undefined;
  const transform = (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: KubeObject): WatchEvent =>
    table
      ? { type, object: table(obj) }
      : { type, object: ctx.converter ? ctx.converter.fromStored(obj) : obj };
  // A watch pinned to one value of the resource's trigger field (a kubelet's
  // spec.nodeName=<node>) is indexed by it, as the watch cache does.
  const trigger = TRIGGER_FIELDS[`${info.group}/${info.resource}`];
  const reg = server.watches.add(
    info,
    pred,
    transform,
    onEvent,
    trigger ? field?.requiresExactMatch(trigger.field) : undefined,
  );

  if (expired) {
    reg.push({ type: 'ERROR', object: expired });
    // The server closes a watch after an ERROR event.
    server.clock.setTimeout(() => reg.stop(), 0, 'watch expired');
    return { stop: () => reg.stop() };
  }
  if (resume) {
    for (const ev of resume) {
      const c = WatchHub.convert(pred, ev);
      if (c) reg.push(transform(c.type, c.object));
    }
  } else {
    for (const o of rs.iterate(ctx.namespace)) if (pred(o)) reg.push(transform('ADDED', o));
    if (query.sendInitialEvents === 'true' && query.allowWatchBookmarks === 'true') {
      reg.push({
        type: 'BOOKMARK',
        object: {
          kind: info.kind,
          apiVersion: apiVersionOf(info),
          metadata: {
            resourceVersion: server.resourceVersion(),
            annotations: { 'k8s.io/initial-events-end': 'true' },
          },
        },
      });
    }
  }
  return { stop: () => reg.stop() };
}
