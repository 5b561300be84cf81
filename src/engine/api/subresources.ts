/**
 * The subresources the API server itself implements:
 *  - `<resource>/status` (GET, PUT, PATCH): writes change only status (and, for most kinds, the
 *    labels/annotations/finalizers the status writer sends); the main resource keeps status.
 *  - `deployments/scale`, `replicasets/scale` (GET, PUT, PATCH): an autoscaling/v1 Scale view of
 *    spec.replicas, what `kubectl scale` and the HPA use.
 *  - `namespaces/finalize` (PUT): the namespace controller removes `spec.finalizers` here; when
 *    none are left on a terminating namespace, it is removed.
 * Others (binding, eviction, log, exec …) are served by handlers that later parts of the
 * simulation register (Registry.registerSubresource); until then they answer "not simulated".
 */
import type { ApiResponse } from '../../api/client';
import type { KubeObject } from '../../api/types';
import { invalid } from '../../apimachinery/field';
import { labelSelectorAsSelector } from '../../apimachinery/labels';
import { newConflict, newInvalid, newMethodNotAllowed, newNotFound, OPTIMISTIC_LOCK_MESSAGE } from './errors';
import { deepClone, isObject } from './objects';
import type { SubresourceInfo } from './registry';
import { getObject } from './read';
import { ok, type RequestContext } from './server';
import { applyPatchDocument, applyUpdate, checkName, decodeBody } from './write';

export function serveBuiltinSubresource(ctx: RequestContext, sub: SubresourceInfo): ApiResponse | undefined {
  const method = ctx.req.method;
  const verb =
    method === 'GET'
      ? 'get'
      : method === 'PUT'
        ? 'update'
        : method === 'PATCH'
          ? 'patch'
          : method === 'POST'
            ? 'create'
            : 'delete';
  switch (sub.name) {
    case 'status':
      if (!sub.verbs.includes(verb)) throw newMethodNotAllowed();
      return serveStatus(ctx);
    case 'scale':
      if (!sub.verbs.includes(verb)) throw newMethodNotAllowed();
      return serveScale(ctx);
    case 'finalize':
      if (ctx.info.group === '' && ctx.info.kind === 'Namespace') {
        if (method !== 'PUT') throw newMethodNotAllowed();
        return serveFinalize(ctx);
      }
      return undefined;
    default:
      return undefined;
  }
}

function serveStatus(ctx: RequestContext): ApiResponse {
  const { info, server } = ctx;
  switch (ctx.req.method) {
    case 'GET':
      return ok(getObject(ctx));
    case 'PUT': {
      const obj = decodeBody(ctx, ctx.req.body);
      checkName(ctx, obj);
      const existing = getObject(ctx);
      return applyUpdate(ctx, existing, obj, 'status');
    }
    default: {
      // PATCH: the patch applies to the whole object, then only its status is taken.
      const existing = server.resourceStore(info).get(ctx.namespace ?? '', ctx.name!);
      if (!existing) throw newNotFound({ group: info.group, resource: info.resource }, ctx.name!);
      const current = ctx.converter ? ctx.converter.fromStored(existing) : existing;
      const patched = applyPatchDocument(ctx, current, `${info.group}/${info.kind}`);
      const obj = decodeBody(ctx, patched, 'patch');
      obj.metadata.name = existing.metadata.name;
      return applyUpdate(ctx, existing, obj, 'status');
    }
  }
}

function serveFinalize(ctx: RequestContext): ApiResponse {
  const obj = decodeBody(ctx, ctx.req.body);
  checkName(ctx, obj);
  const existing = getObject(ctx);
  return applyUpdate(ctx, existing, obj, 'finalize');
}

// ---------------------------------------------------------------------------------------------
// Scale
// ---------------------------------------------------------------------------------------------

/** The autoscaling/v1 Scale of a Deployment or ReplicaSet (pkg/registry/apps/*\/storage scaleFromX). */
export function scaleOf(obj: KubeObject): KubeObject {
  const m = obj.metadata;
  const spec = (obj.spec ?? {}) as {
    replicas?: number;
    selector?: Parameters<typeof labelSelectorAsSelector>[0];
  };
  const status = (obj.status ?? {}) as { replicas?: number };
  let selector = '';
  try {
    selector = labelSelectorAsSelector(spec.selector).toString();
  } catch {
    selector = '';
  }
  const scaleSpec: Record<string, unknown> = {};
  if (spec.replicas) scaleSpec.replicas = spec.replicas;
  const scaleStatus: Record<string, unknown> = { replicas: status.replicas ?? 0 };
  if (selector) scaleStatus.selector = selector;
  const meta: Record<string, unknown> = {
    name: m.name,
    namespace: m.namespace,
    uid: m.uid,
    resourceVersion: m.resourceVersion,
    creationTimestamp: m.creationTimestamp,
  };
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: meta,
    spec: scaleSpec,
    status: scaleStatus,
  };
}

function serveScale(ctx: RequestContext): ApiResponse {
  const { info } = ctx;
  const existing = getObject(ctx);
  if (ctx.req.method === 'GET') return ok(scaleOf(existing));
  let scale: unknown;
  if (ctx.req.method === 'PATCH') scale = applyPatchDocument(ctx, scaleOf(existing), 'autoscaling/Scale');
  else scale = ctx.req.body;
  if (!isObject(scale))
    throw newInvalid('autoscaling', 'Scale', ctx.name!, [invalid('spec', '', 'must be an object')]);
  const s = scale as {
    metadata?: { resourceVersion?: string; name?: string };
    spec?: { replicas?: unknown };
  };
  const replicas = s.spec?.replicas ?? 0;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas))
    throw newInvalid('autoscaling', 'Scale', ctx.name!, [
      invalid('spec.replicas', replicas, 'must be an integer'),
    ]);
  // ValidateScale
  if (replicas < 0)
    throw newInvalid('autoscaling', 'Scale', ctx.name!, [
      invalid('spec.replicas', replicas, 'must be greater than or equal to 0'),
    ]);
  const rv = s.metadata?.resourceVersion;
  if (rv && rv !== existing.metadata.resourceVersion)
    throw newConflict({ group: info.group, resource: info.resource }, ctx.name!, OPTIMISTIC_LOCK_MESSAGE);
  const obj = deepClone(existing) as KubeObject;
  obj.spec = { ...((obj.spec as Record<string, unknown>) ?? {}), replicas };
  const res = applyUpdate({ ...ctx, subresource: '' }, existing, obj, '');
  if (res.status >= 300) return res;
  return ok(scaleOf(res.body as KubeObject));
}
