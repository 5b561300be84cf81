/**
 * `pods/{name}/ephemeralcontainers` (GET, PUT, PATCH): how `kubectl debug` adds a debug container
 * to a running pod. The update may only add ephemeral containers — existing ones can neither change
 * nor go — and they may not have ports, probes, resources or lifecycle hooks. The kubelet then
 * starts the new container (it is never restarted); with `targetContainerName` it joins that
 * container's process namespace, so `ps` shows the target's processes.
 */
import type { ApiResponse } from '../../../api/client';
import type { KubeObject } from '../../../api/types';
import {
  duplicate,
  forbidden,
  notFound as fieldNotFound,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import { deepClone } from '../../api/objects';
import { newInvalid, errorToStatus } from '../../api/errors';
import type { SubresourceRequest } from '../../api/registry';
import type { ApiServer, RequestContext } from '../../api/server';
import { applyPatchDocument, applyUpdate, decodeBody } from '../../api/write';

/**
 * The container fields an ephemeral container may not set, in the order of core.Container's
 * struct (upstream validateFieldAllowList walks the struct, so errors come out in this order).
 */
const FORBIDDEN_FIELDS = [
  'ports',
  'resources',
  'resizePolicy',
  'restartPolicy',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'lifecycle',
];

/**
 * Whether a field holds Go's zero value, as upstream compares it (reflect.DeepEqual with the
 * zero value): absent or null, and for `resources`, a struct rather than a pointer, also an
 * object with nothing set (`resources: {}`, which `kubectl debug` sends). An empty list or map
 * (`ports: []`, `limits: {}`) is not nil in Go, so it counts as set.
 */
function isZero(field: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (field === 'resources' && typeof v === 'object' && !Array.isArray(v))
    return Object.values(v as Record<string, unknown>).every((x) => x === undefined || x === null);
  return false;
}

function defaults(c: Record<string, unknown>): void {
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  if (!c.imagePullPolicy) {
    const image = String(c.image ?? '');
    const tagged = /:[\w][\w.-]*$/.test(image.slice(image.lastIndexOf('/') + 1)) || image.includes('@');
    c.imagePullPolicy = !tagged || image.endsWith(':latest') ? 'Always' : 'IfNotPresent';
  }
}

function validate(next: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = next.spec as {
    containers: { name: string }[];
    initContainers?: { name: string }[];
    ephemeralContainers?: Record<string, unknown>[];
  };
  const oldEph = (old.spec as { ephemeralContainers?: Record<string, unknown>[] }).ephemeralContainers ?? [];
  const eph = spec.ephemeralContainers ?? [];
  for (const o of oldEph) {
    const n = eph.find((e) => e.name === o.name);
    if (!n || JSON.stringify(n) !== JSON.stringify(o)) {
      errs.push(
        forbidden(
          'spec.ephemeralContainers',
          `existing ephemeral containers ${JSON.stringify(o.name)} may not be changed`,
        ),
      );
    }
  }
  const names = new Set([
    ...spec.containers.map((c) => c.name),
    ...(spec.initContainers ?? []).map((c) => c.name),
  ]);
  eph.forEach((e, i) => {
    const path = `spec.ephemeralContainers[${i}]`;
    if (oldEph.some((o) => o.name === e.name)) {
      names.add(String(e.name));
      return;
    }
    if (!e.name) errs.push(required(`${path}.name`, ''));
    else if (names.has(String(e.name))) errs.push(duplicate(`${path}.name`, e.name));
    names.add(String(e.name));
    if (!e.image) errs.push(required(`${path}.image`, ''));
    for (const f of FORBIDDEN_FIELDS)
      if (!isZero(f, e[f])) errs.push(forbidden(`${path}.${f}`, 'cannot be set for an Ephemeral Container'));
    const target = e.targetContainerName;
    if (
      target !== undefined &&
      target !== '' &&
      !spec.containers.some((c) => c.name === target) &&
      !(spec.initContainers ?? []).some((c) => c.name === target)
    )
      errs.push(fieldNotFound(`${path}.targetContainerName`, target));
  });
  return errs;
}

export function serveEphemeralContainers(server: ApiServer) {
  return (req: SubresourceRequest): ApiResponse => {
    try {
      const ctx: RequestContext = {
        server,
        req: req.request,
        info: req.info,
        version: req.info.version,
        namespace: req.namespace,
        name: req.name,
        subresource: 'ephemeralcontainers',
        query: req.request.query ?? {},
        dryRun: (req.request.query ?? {}).dryRun === 'All',
        warnings: [],
      };
      const existing = server.get('pods', req.namespace, req.name);
      if (!existing) return fail(404, 'NotFound', `pods "${req.name}" not found`);
      if (req.request.method === 'GET')
        return { status: 200, body: deepClone(existing), contentType: 'application/json' };
      let incoming: KubeObject;
      if (req.request.method === 'PATCH')
        incoming = decodeBody(ctx, applyPatchDocument(ctx, existing, '/Pod'), 'patch');
      else if (req.request.method === 'PUT') incoming = decodeBody(ctx, req.request.body);
      else
        return fail(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      const next = deepClone(existing) as KubeObject;
      const eph = (
        (incoming.spec as { ephemeralContainers?: Record<string, unknown>[] } | undefined)
          ?.ephemeralContainers ?? []
      ).map((c) => {
        const copy = deepClone(c);
        defaults(copy);
        return copy;
      });
      (next.spec as Record<string, unknown>).ephemeralContainers = eph;
      if (eph.length === 0) delete (next.spec as Record<string, unknown>).ephemeralContainers;
      const rv = incoming.metadata?.resourceVersion;
      if (rv) next.metadata = { ...next.metadata, resourceVersion: rv };
      const errs = validate(next, existing);
      if (errs.length) throw newInvalid('', 'Pod', req.name, errs);
      return applyUpdate(ctx, existing, next, 'ephemeralcontainers');
    } catch (e) {
      const s = errorToStatus(e);
      return { status: s.code, body: s, contentType: 'application/json' };
    }
  };
}

function fail(code: number, reason: string, message: string): ApiResponse {
  return {
    status: code,
    body: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', message, reason, code },
    contentType: 'application/json',
  };
}
