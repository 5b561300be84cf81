/**
 * DELETE and DELETE on a collection (apiserver/pkg/registry/generic/registry/store.go Delete,
 * rest.BeforeDelete; pkg/registry/core/namespace/storage for namespaces).
 *
 * What a delete does depends on the object:
 *  - No finalizers, no graceful deletion: removed at once.
 *  - Finalizers present (or added by propagationPolicy: `foregroundDeletion` for Foreground,
 *    `orphan` for Orphan): the object stays with `deletionTimestamp` set and
 *    `deletionGracePeriodSeconds: 0` until an update empties `metadata.finalizers` (the garbage
 *    collector and other controllers do that), which then removes it.
 *  - Pods bound to a node are deleted gracefully: `deletionTimestamp` = now + grace period
 *    (`gracePeriodSeconds`, else `spec.terminationGracePeriodSeconds`, else 0), and the pod stays
 *    until a DELETE with `gracePeriodSeconds=0` (the kubelet's, once the containers are gone;
 *    `kubectl delete --force --grace-period=0` too). Unbound or finished pods go at once.
 *  - Namespaces: the first DELETE only sets `deletionTimestamp` and `status.phase: Terminating`;
 *    the namespace controller empties it and clears `spec.finalizers` through the `finalize`
 *    subresource, which removes it.
 *
 * The response is the object itself for pods, services, service accounts and namespaces
 * (ReturnDeletedObject), and for an object that is only marked for deletion; otherwise a Status
 * with `status: Success` and the object's name, group, resource and uid.
 */
import type { ApiResponse } from '../../api/client';
import type { KubeObject, Status } from '../../api/types';
import { goSyntax, invalid, notSupported, type FieldError } from '../../apimachinery/field';
import { newConflict, newInvalid, newNotFound, StatusError } from './errors';
import { qualifiedKindString } from './errors';
import { deepClone, isObject, meta, parseRfc3339, rfc3339, semanticEqual } from './objects';
import { buildFieldSelector, buildLabelSelector, listMeta, objectPredicate, stripTypeMeta } from './read';
import type { ResourceInfo } from './registry';
import { apiVersionOf } from './registry';
import { ok, type RequestContext } from './server';

export const FINALIZER_ORPHAN = 'orphan';
export const FINALIZER_FOREGROUND = 'foregroundDeletion';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/** DeleteOptions from the body (kubectl sends one) or the query parameters. */
export function parseDeleteOptions(ctx: RequestContext): DeleteOptions {
  const body = isObject(ctx.req.body) ? (ctx.req.body as Record<string, unknown>) : {};
  const q = ctx.query;
  const opts: DeleteOptions = {};
  const grace =
    body.gracePeriodSeconds ??
    (q.gracePeriodSeconds !== undefined ? Number(q.gracePeriodSeconds) : undefined);
  if (grace !== undefined && grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = body.propagationPolicy ?? q.propagationPolicy;
  const errs: FieldError[] = [];
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground')
      errs.push(notSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan']));
    else opts.propagationPolicy = policy;
  }
  const orphan =
    body.orphanDependents ?? (q.orphanDependents !== undefined ? q.orphanDependents === 'true' : undefined);
  if (typeof orphan === 'boolean') opts.orphanDependents = orphan;
  if (opts.orphanDependents !== undefined && opts.propagationPolicy !== undefined)
    errs.push(
      invalid(
        'propagationPolicy',
        goSyntax(`"${opts.propagationPolicy}"`),
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  if (errs.length) throw newInvalid('meta.k8s.io', 'DeleteOptions', '', errs);
  if (isObject(body.preconditions)) {
    const p = body.preconditions as { uid?: unknown; resourceVersion?: unknown };
    opts.preconditions = {};
    if (typeof p.uid === 'string') opts.preconditions.uid = p.uid;
    if (typeof p.resourceVersion === 'string') opts.preconditions.resourceVersion = p.resourceVersion;
  }
  return opts;
}

/** The kind, qualified, as BeforeDelete's precondition conflicts print it (`Pod`, `Deployment.apps`). */
const kindResource = (info: ResourceInfo): { group: string; resource: string } => ({
  group: info.group,
  resource: info.kind,
});

export function deleteObject(ctx: RequestContext): ApiResponse {
  const { info, server } = ctx;
  const opts = parseDeleteOptions(ctx);
  const existing = server.resourceStore(info).get(ctx.namespace ?? '', ctx.name!);
  if (!existing) throw newNotFound({ group: info.group, resource: info.resource }, ctx.name!);
  server.admit({
    operation: 'DELETE',
    info,
    subresource: '',
    namespace: ctx.namespace ?? '',
    name: ctx.name!,
    oldObject: existing,
    dryRun: ctx.dryRun,
    userAgent: ctx.req.headers?.userAgent,
  });
  server.validateAdmission({
    operation: 'DELETE',
    info,
    subresource: '',
    namespace: ctx.namespace ?? '',
    name: ctx.name!,
    oldObject: existing,
    dryRun: ctx.dryRun,
  });
  if (info.group === '' && info.kind === 'Namespace') return deleteNamespace(ctx, existing, opts);
  const result = deleteStored(ctx, existing, opts);
  const status = !result.deleted && opts.orphanDependents === false ? 202 : 200;
  return ok(result.body, status);
}

/** Store.Delete on one stored object. */
export function deleteStored(
  ctx: RequestContext,
  existing: KubeObject,
  opts: DeleteOptions,
): { deleted: boolean; body: unknown } {
  const { info, server } = ctx;
  const m = existing.metadata;
  // Preconditions (checked early by BeforeDelete).
  if (opts.preconditions?.uid !== undefined && opts.preconditions.uid !== m.uid)
    throw newConflict(
      kindResource(info),
      m.name!,
      `the UID in the precondition (${opts.preconditions.uid}) does not match the UID in record (${m.uid}). The object might have been deleted and then recreated`,
    );
  if (
    opts.preconditions?.resourceVersion !== undefined &&
    opts.preconditions.resourceVersion !== m.resourceVersion
  )
    throw newConflict(
      kindResource(info),
      m.name!,
      `the ResourceVersion in the precondition (${opts.preconditions.resourceVersion}) does not match the ResourceVersion in record (${m.resourceVersion}). The object might have been modified`,
    );
  if (opts.gracePeriodSeconds !== undefined && opts.gracePeriodSeconds < 0) opts.gracePeriodSeconds = 1;

  const updated = deepClone(existing);
  const um = meta(updated);
  if (
    um.deletionGracePeriodSeconds !== undefined &&
    um.deletionGracePeriodSeconds !== null &&
    um.deletionGracePeriodSeconds < 0
  )
    um.deletionGracePeriodSeconds = 1;

  // rest.BeforeDelete: graceful deletion (pods only).
  let graceful = false;
  let pending = false;
  const isPod = info.group === '' && info.kind === 'Pod';
  if (isPod) {
    if (um.deletionTimestamp) {
      const dgps = um.deletionGracePeriodSeconds;
      if (dgps === undefined || dgps === null || dgps === 0) {
        graceful = false;
      } else if (opts.gracePeriodSeconds !== undefined) {
        if (opts.gracePeriodSeconds >= dgps) pending = true;
        else {
          // Only a shorter grace period may be given: move the deadline forward.
          const t = parseRfc3339(um.deletionTimestamp) - dgps * 1000 + opts.gracePeriodSeconds * 1000;
          um.deletionTimestamp = rfc3339(t);
          um.deletionGracePeriodSeconds = opts.gracePeriodSeconds;
          graceful = true;
        }
      } else {
        opts.gracePeriodSeconds = dgps;
        pending = true;
      }
    } else {
      const period = podGracePeriod(existing, opts);
      opts.gracePeriodSeconds = period;
      um.deletionTimestamp = server.nowTimestamp(period);
      um.deletionGracePeriodSeconds = period;
      graceful = true;
      if ((um.generation ?? 0) > 0) um.generation = um.generation! + 1;
    }
  }
  if (pending) return { deleted: false, body: finalizeDelete(info, existing) };

  // The update half of a two-phase delete; an update that changes nothing writes nothing.
  const write = (u: KubeObject): KubeObject =>
    ctx.dryRun ? u : semanticEqual(u, existing) ? existing : server.writeUpdate(info, existing, u);
  const pendingBefore = (m.finalizers ?? []).length > 0;
  const newFinalizers = gcFinalizers(info, existing, opts);
  if (graceful || pendingBefore || newFinalizers !== undefined) {
    if (newFinalizers !== undefined) um.finalizers = newFinalizers;
    if ((um.finalizers ?? []).length === 0) delete um.finalizers;
    const pendingFinalizers = (um.finalizers ?? []).length > 0;
    if (!graceful) {
      if (pendingFinalizers) {
        markAsDeleting(updated, server.nowTimestamp());
        return { deleted: false, body: write(updated) };
      }
      // errDeleteNow: fall through to the removal.
    } else {
      const out = write(updated);
      if (pendingFinalizers || (opts.gracePeriodSeconds ?? 0) > 0) return { deleted: false, body: out };
      if (ctx.dryRun) return { deleted: true, body: out };
      // Graceless: the update above is followed by the removal.
      const removed = server.writeDelete(info, out);
      return { deleted: true, body: finalizeDelete(info, removed) };
    }
  }
  if (ctx.dryRun) return { deleted: true, body: finalizeDelete(info, existing) };
  const removed = server.writeDelete(info, existing);
  return { deleted: true, body: finalizeDelete(info, removed) };
}

/** podStrategy.CheckGracefulDelete. */
function podGracePeriod(pod: KubeObject, opts: DeleteOptions): number {
  const spec = (pod.spec ?? {}) as { terminationGracePeriodSeconds?: number; nodeName?: string };
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  let period = opts.gracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 0;
  if (!spec.nodeName) period = 0;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  return period;
}

/** markAsDeleting: finalizers hold a non-graceful delete. */
function markAsDeleting(obj: KubeObject, now: string): void {
  const m = meta(obj);
  if (!m.deletionTimestamp && (m.generation ?? 0) > 0) m.generation = m.generation! + 1;
  if (!m.deletionTimestamp || parseRfc3339(m.deletionTimestamp) > parseRfc3339(now))
    m.deletionTimestamp = now;
  m.deletionGracePeriodSeconds = 0;
}

/**
 * deletionFinalizersForGarbageCollection: the finalizers after applying the propagation policy,
 * or undefined when they do not change.
 */
function gcFinalizers(info: ResourceInfo, obj: KubeObject, opts: DeleteOptions): string[] | undefined {
  const current = obj.metadata.finalizers ?? [];
  const orphan = shouldOrphan(info, current, opts);
  const foreground = shouldDeleteDependents(current, opts);
  const next = current.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
  if (orphan) next.push(FINALIZER_ORPHAN);
  if (foreground) next.push(FINALIZER_FOREGROUND);
  const a = new Set(current);
  const b = new Set(next);
  if (a.size === b.size && [...a].every((x) => b.has(x))) return undefined;
  return next;
}

function shouldOrphan(info: ResourceInfo, finalizers: string[], opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return opts.orphanDependents;
  if (opts.propagationPolicy) return opts.propagationPolicy === 'Orphan';
  if (finalizers.includes(FINALIZER_ORPHAN)) return true;
  if (finalizers.includes(FINALIZER_FOREGROUND)) return false;
  return info.gcPolicy === 'OrphanDependents';
}

function shouldDeleteDependents(finalizers: string[], opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return false;
  if (opts.propagationPolicy) return opts.propagationPolicy === 'Foreground';
  if (finalizers.includes(FINALIZER_FOREGROUND)) return true;
  return false;
}

/** finalizeDelete: the object (ReturnDeletedObject) or a Status Success. */
export function finalizeDelete(info: ResourceInfo, obj: KubeObject): unknown {
  if (info.returnDeletedObject) return obj;
  // The generic store leaves Status.code unset: it is omitted from the JSON.
  const status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata.name,
      ...(info.group ? { group: info.group } : {}),
      kind: info.resource,
      uid: obj.metadata.uid,
    },
  };
  return status as unknown as Status;
}

// ---------------------------------------------------------------------------------------------
// Namespaces
// ---------------------------------------------------------------------------------------------

function deleteNamespace(ctx: RequestContext, ns: KubeObject, opts: DeleteOptions): ApiResponse {
  const { info, server } = ctx;
  const m = ns.metadata;
  const qrNs = { group: '', resource: 'namespaces' };
  if (opts.preconditions?.uid !== undefined && opts.preconditions.uid !== m.uid)
    throw newConflict(
      qrNs,
      m.name!,
      `Precondition failed: UID in precondition: ${opts.preconditions.uid}, UID in object meta: ${m.uid}`,
    );
  if (
    opts.preconditions?.resourceVersion !== undefined &&
    opts.preconditions.resourceVersion !== m.resourceVersion
  )
    throw newConflict(
      qrNs,
      m.name!,
      `Precondition failed: ResourceVersion in precondition: ${opts.preconditions.resourceVersion}, ResourceVersion in object meta: ${m.resourceVersion}`,
    );
  if (!m.deletionTimestamp) {
    // Upon the first request, switch the phase to start namespace termination.
    const updated = deepClone(ns);
    meta(updated).deletionTimestamp = server.nowTimestamp();
    updated.status = { ...((updated.status as Record<string, unknown>) ?? {}), phase: 'Terminating' };
    const fins = updated.metadata.finalizers ?? [];
    const orphan =
      opts.orphanDependents ??
      (opts.propagationPolicy ? opts.propagationPolicy === 'Orphan' : fins.includes(FINALIZER_ORPHAN));
    const foreground = opts.propagationPolicy
      ? opts.propagationPolicy === 'Foreground'
      : fins.includes(FINALIZER_FOREGROUND);
    const next = fins.filter((f) => f !== FINALIZER_ORPHAN && f !== FINALIZER_FOREGROUND);
    if (orphan) next.push(FINALIZER_ORPHAN);
    if (foreground) next.push(FINALIZER_FOREGROUND);
    if (next.length) updated.metadata.finalizers = next;
    else delete updated.metadata.finalizers;
    const out = ctx.dryRun ? updated : server.writeUpdate(info, ns, updated);
    return ok(out);
  }
  // Prior to final deletion, spec.finalizers must be empty.
  const specFins = (ns.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
  if (specFins.length !== 0) return ok(ns);
  const result = deleteStored(ctx, ns, { ...opts, preconditions: { uid: m.uid } });
  return ok(result.body);
}

// ---------------------------------------------------------------------------------------------
// Collections
// ---------------------------------------------------------------------------------------------

/** DeleteCollection: list with the selectors, delete each; answers with the list as it was. */
export function deleteCollection(ctx: RequestContext): ApiResponse {
  const { info, server } = ctx;
  const opts = parseDeleteOptions(ctx);
  const label = ctx.query.labelSelector ? buildLabelSelector(ctx.query.labelSelector) : undefined;
  const field = ctx.query.fieldSelector ? buildFieldSelector(info, ctx.query.fieldSelector) : undefined;
  const pred = objectPredicate(info, undefined, label, field);
  const items: KubeObject[] = [];
  for (const o of server.resourceStore(info).iterate(ctx.namespace)) if (pred(o)) items.push(o);
  const rv = server.resourceVersion();
  for (const item of items) {
    const current = server.resourceStore(info).get(item.metadata.namespace ?? '', item.metadata.name!);
    if (!current) continue;
    try {
      deleteStored({ ...ctx, name: item.metadata.name }, current, {
        ...opts,
        preconditions: opts.preconditions ? { ...opts.preconditions } : undefined,
      });
    } catch (e) {
      if (e instanceof StatusError && e.status.code === 404) continue;
      throw e;
    }
  }
  return ok({
    kind: info.listKind,
    apiVersion: apiVersionOf(info),
    metadata: listMeta(rv),
    items: items.map(stripTypeMeta),
  });
}

/** For messages elsewhere: `Pod`, `Deployment.apps`. */
export const qualifiedKind = (info: ResourceInfo): string => qualifiedKindString(info.group, info.kind);
