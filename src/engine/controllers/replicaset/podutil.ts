/**
 * What controllers ask about a pod (k8s.io/kubernetes pkg/api/v1/pod/util.go and the pod helpers
 * of pkg/controller/controller_utils.go).
 *
 * "Ready" is the kubelet's verdict (the pod's `Ready` condition). "Available" is the workload
 * controllers' own, stricter notion: ready *for at least minReadySeconds*. A Deployment counts
 * available pods, not ready ones, when it decides how far a rolling update may go; that is why
 * `minReadySeconds` slows a rollout down even when every pod turns ready at once.
 */
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject, OwnerReference } from '../../../api/types';
import { parseTime } from '../framework/objects';

export type PodObject = Pod & KubeObject;

/**
 * Facts derived from an object, remembered per object. Objects from informer caches are
 * deep-frozen and replaced (never changed) when they are updated, so what was computed from one
 * stays true for as long as it lives. That matters: the ReplicaSet controller looks at every pod
 * of a ReplicaSet on every sync, and a rollout of 1,000 pods runs thousands of syncs. Objects that
 * are not frozen (built by a caller, who may still change them) get fresh facts on every call.
 */
export interface Facts {
  /** metav1.GetControllerOf. */
  readonly controllerRef: OwnerReference | undefined;
  /** GetPodReadyCondition. */
  readonly readyCondition: PodCondition | undefined;
  /** IsPodReady. */
  readonly ready: boolean;
  /** When the pod last became ready; NaN when it is not ready. */
  readonly readySince: number;
  /** Label-selector matches of the object's labels (src/engine/controllers/replicaset/selectors.ts). */
  matches?: Map<object, boolean>;
  /** creationTimestamp in ms (computed when first asked). */
  created?: number;
  /** maxContainerRestarts (computed when first asked). */
  restarts?: { regular: number; sidecar: number };
}
const factsCache = new WeakMap<object, Facts>();

function computeFacts(obj: { metadata?: { ownerReferences?: OwnerReference[] }; status?: unknown }): Facts {
  let controllerRef: OwnerReference | undefined;
  for (const r of obj.metadata?.ownerReferences ?? [])
    if (r.controller === true) {
      controllerRef = r;
      break;
    }
  let readyCondition: PodCondition | undefined;
  for (const c of (obj.status as Pod['status'])?.conditions ?? [])
    if (c.type === 'Ready') {
      readyCondition = c;
      break;
    }
  const ready = readyCondition?.status === 'True';
  return {
    controllerRef,
    readyCondition,
    ready,
    readySince: ready ? parseTime(readyCondition?.lastTransitionTime) : NaN,
  };
}

/** The facts of an object: remembered when it is frozen, computed afresh otherwise. */
export function factsOf(obj: { metadata?: { ownerReferences?: OwnerReference[] }; status?: unknown }): Facts {
  let f = factsCache.get(obj);
  if (f) return f;
  f = computeFacts(obj);
  if (Object.isFrozen(obj)) factsCache.set(obj, f);
  return f;
}

/** GetPodReadyCondition: the pod's `Ready` condition, if the kubelet has reported one. */
export function getPodReadyCondition(pod: Pod): PodCondition | undefined {
  return factsOf(pod).readyCondition;
}

/** IsPodReady: the `Ready` condition is `True`. */
export function isPodReady(pod: Pod): boolean {
  return factsOf(pod).ready;
}

/**
 * IsPodAvailable: ready, and ready for longer than minReadySeconds (strictly: the transition
 * plus minReadySeconds must lie *before* now).
 */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  return factsAvailable(factsOf(pod), minReadySeconds, now);
}

/** IsPodAvailable from a pod's facts. */
export function factsAvailable(f: Facts, minReadySeconds: number, now: number): boolean {
  if (!f.ready) return false;
  if (minReadySeconds === 0) return true;
  return !Number.isNaN(f.readySince) && f.readySince + minReadySeconds * 1000 < now;
}

/** podReadyTime: when the pod last became ready (NaN when it is not ready). */
export function podReadyTime(pod: Pod): number {
  return factsOf(pod).readySince;
}

/**
 * IsPodActive: neither finished (Succeeded/Failed) nor being deleted. Controllers count only
 * active pods as "theirs": a pod that is shutting down is already being replaced.
 */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

/** IsPodTerminating: being deleted but not finished yet (CountTerminatingPods). */
export function isPodTerminating(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !!pod.metadata?.deletionTimestamp;
}

/** FilterActivePods. */
export function filterActivePods<T extends Pod>(pods: readonly T[]): T[] {
  return pods.filter(isPodActive);
}

/** CountTerminatingPods. */
export function countTerminatingPods(pods: readonly Pod[]): number {
  let n = 0;
  for (const p of pods) if (isPodTerminating(p)) n++;
  return n;
}

/** metav1.GetControllerOf: the owner reference with `controller: true`, if any. */
export function getControllerOf(obj: {
  metadata?: { ownerReferences?: OwnerReference[] };
}): OwnerReference | undefined {
  return factsOf(obj).controllerRef;
}

/** metav1.IsControlledBy. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return !!ref && ref.uid === owner.metadata.uid;
}

/** metav1.NewControllerRef: how a controller marks what it made as its own. */
export function newControllerRef(owner: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** creationTimestamp in ms since the epoch (NaN when missing). */
export function creationTime(obj: KubeObject | Pod): number {
  const f = factsOf(obj);
  if (f.created === undefined) f.created = parseTime(obj.metadata?.creationTimestamp);
  return f.created;
}

/** The highest restart count of a pod's containers, and of its sidecars (used by the deletion ranking). */
export function maxContainerRestarts(pod: Pod): { regular: number; sidecar: number } {
  const f = factsOf(pod);
  if (f.restarts) return f.restarts;
  let regular = 0;
  let sidecar = 0;
  for (const c of pod.status?.containerStatuses ?? []) regular = Math.max(regular, c.restartCount ?? 0);
  // Restartable init containers (sidecars) are compared separately.
  const sidecars = (pod.spec?.initContainers ?? [])
    .filter((c) => c.restartPolicy === 'Always')
    .map((c) => c.name);
  if (sidecars.length > 0)
    for (const c of pod.status?.initContainerStatuses ?? [])
      if (sidecars.includes(c.name)) sidecar = Math.max(sidecar, c.restartCount ?? 0);
  f.restarts = { regular, sidecar };
  return f.restarts;
}
