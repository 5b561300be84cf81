/**
 * `POST /api/v1/namespaces/<ns>/pods/<name>/binding`, served by the API server
 * (k/k pkg/registry/core/pod/storage BindingREST). It lives next to the scheduler, its only
 * client, and is registered on the API server when the cluster is composed.
 *
 * It sets `spec.nodeName` (which no other write may change), adds the Binding's annotations, and
 * sets the PodScheduled condition to True, in one storage update, refusing a pod that is being
 * deleted, already bound, or still gated:
 *
 *   Operation cannot be fulfilled on pods/binding "web": pod web is already assigned to node "kind-worker"
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { ApiResponse } from '../../api/client';
import type { KubeObject, Status } from '../../api/types';
import { newBadRequest, newConflict, newMethodNotAllowed, newNotFound, errorToStatus } from '../api/errors';
import type { ApiServer } from '../api/server';
import type { SubresourceRequest } from '../api/registry';
import { rfc3339 } from './util';

interface Binding {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    annotations?: Record<string, string>;
  };
  target?: { kind?: string; name?: string };
}

const failure = (code: number, message: string): ApiResponse => {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, code };
  return { status: code, body, contentType: 'application/json' };
};

const fromError = (e: unknown): ApiResponse => {
  const s = errorToStatus(e);
  return { status: s.code, body: s, contentType: 'application/json' };
};

/** Register the handler (idempotent per server). */
export function registerBindingSubresource(server: ApiServer): void {
  server.registerSubresource('pods', 'binding', (req) => serveBinding(server, req), {
    kind: 'Binding',
    verbs: ['create'],
  });
}

export function serveBinding(server: ApiServer, req: SubresourceRequest): ApiResponse {
  try {
    if (req.request.method !== 'POST') throw newMethodNotAllowed();
    const binding = (req.request.body ?? {}) as Binding;
    if (typeof binding !== 'object' || binding === null) throw newBadRequest('not a Binding object');
    if ((binding.metadata?.name ?? '') !== req.name)
      throw newBadRequest('name in URL does not match name in Binding object');
    // ValidatePodBinding (its error is an aggregate, not a Status: a 500 with the text).
    const errs: string[] = [];
    const kind = binding.target?.kind ?? '';
    if (kind !== '' && kind !== 'Node')
      errs.push(
        `target.kind: Unsupported value: ${JSON.stringify(kind)}: supported values: "Node", "<empty>"`,
      );
    if (!binding.target?.name) errs.push('target.name: Required value');
    if (errs.length) return failure(500, errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`);

    const namespace = req.namespace ?? '';
    const existing = server.get('pods', namespace, req.name) as (KubeObject & Pod) | undefined;
    if (!existing) throw newNotFound({ group: '', resource: 'pods' }, req.name);
    // Preconditions from the Binding's metadata.
    const uid = binding.metadata?.uid;
    if (uid && uid !== existing.metadata.uid)
      throw newConflict(
        { group: '', resource: 'pods' },
        req.name,
        `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`,
      );
    const rv = binding.metadata?.resourceVersion;
    if (rv && rv !== existing.metadata.resourceVersion)
      throw newConflict(
        { group: '', resource: 'pods' },
        req.name,
        `Precondition failed: ResourceVersion in precondition: ${rv}, ResourceVersion in object meta: ${existing.metadata.resourceVersion}`,
      );
    const conflict = (detail: string) =>
      newConflict({ group: '', resource: 'pods/binding' }, req.name, detail);
    if (existing.metadata.deletionTimestamp)
      throw conflict(`pod ${req.name} is being deleted, cannot be assigned to a host`);
    if (existing.spec?.nodeName)
      throw conflict(`pod ${req.name} is already assigned to node ${JSON.stringify(existing.spec.nodeName)}`);
    if ((existing.spec?.schedulingGates ?? []).length)
      throw conflict(`pod ${req.name} has non-empty .spec.schedulingGates`);

    const dryRun = req.request.query?.dryRun === 'All';
    if (!dryRun) {
      // A new object sharing the unchanged (frozen) parts of the stored one.
      const next = { ...existing, metadata: { ...existing.metadata } } as KubeObject & Pod;
      next.spec = { ...existing.spec!, nodeName: binding.target!.name! };
      (next as { status?: unknown }).status = { ...(existing.status ?? {}) };
      const annotations = binding.metadata?.annotations;
      if (annotations && Object.keys(annotations).length)
        next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations };
      setPodScheduled(next, server.clock.now());
      server.writeUpdate(server.resolve('pods')!, existing, next);
    }
    const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
    return { status: 201, body, contentType: 'application/json' };
  } catch (e) {
    return fromError(e);
  }
}

/** The apiserver's `podutil.UpdatePodCondition(PodScheduled=True)`: no reason, no message. */
function setPodScheduled(pod: Pod, now: number): void {
  const status = ((pod as { status?: Pod['status'] }).status ??= {}) as { conditions?: PodCondition[] };
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === 'PodScheduled');
  const cond: PodCondition = {
    type: 'PodScheduled',
    status: 'True',
    lastProbeTime: null as unknown as string,
    lastTransitionTime: rfc3339(now),
  };
  if (i < 0) conditions.push(cond);
  else {
    if (conditions[i]!.status === 'True') cond.lastTransitionTime = conditions[i]!.lastTransitionTime;
    conditions[i] = cond;
  }
  status.conditions = conditions;
}
