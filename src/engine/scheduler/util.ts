/**
 * Small pieces of k/k pkg/scheduler/util and pkg/api/v1/pod the scheduler uses: pod conditions,
 * status patches (as strategic merge patches of `status`, what `util.PatchPodStatus` sends),
 * start times, importance of pods.
 */
import type { Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { createTwoWayMergePatch, isEmptyPatch, type JsonMap } from '../../apimachinery/strategicpatch/index';
import type { RestClient } from '../controllers/framework/client';
import {
  rfc3339 as rfc3339Uncached,
  rfc3339Micro as rfc3339MicroUncached,
} from '../controllers/framework/objects';
import { podPriority } from './framework/helpers';

let lastMs = NaN;
let lastStr = '';
let lastMicroMs = NaN;
let lastMicroStr = '';

/** metav1.Time of `ms` (memoized: many writes happen at the same simulated instant). */
export function rfc3339(ms: number): string {
  if (ms !== lastMs) {
    lastMs = ms;
    lastStr = rfc3339Uncached(ms);
  }
  return lastStr;
}

/** metav1.MicroTime of `ms` (memoized). */
export function rfc3339Micro(ms: number): string {
  if (ms !== lastMicroMs) {
    lastMicroMs = ms;
    lastMicroStr = rfc3339MicroUncached(ms);
  }
  return lastMicroStr;
}

/**
 * `podutil.UpdatePodCondition`: set the condition (lastTransitionTime = now unless the status is
 * unchanged). Returns true when something changed.
 */
export function updatePodCondition(status: PodStatus, condition: PodCondition, now: number): boolean {
  const cond: PodCondition = {
    type: condition.type,
    status: condition.status,
    lastProbeTime: (condition.lastProbeTime ?? null) as unknown as string,
    lastTransitionTime: rfc3339(now),
  };
  if (condition.reason) cond.reason = condition.reason;
  if (condition.message) cond.message = condition.message;
  const conditions = [...(status.conditions ?? [])];
  const i = conditions.findIndex((c) => c.type === condition.type);
  if (i < 0) {
    conditions.push(cond);
    (status as { conditions?: PodCondition[] }).conditions = conditions;
    return true;
  }
  const old = conditions[i]!;
  if (cond.status === old.status) cond.lastTransitionTime = old.lastTransitionTime;
  const equal =
    cond.status === old.status &&
    (cond.reason ?? '') === (old.reason ?? '') &&
    (cond.message ?? '') === (old.message ?? '') &&
    (cond.lastProbeTime ?? null) === (old.lastProbeTime ?? null) &&
    cond.lastTransitionTime === old.lastTransitionTime;
  conditions[i] = cond;
  (status as { conditions?: PodCondition[] }).conditions = conditions;
  return !equal;
}

/** `util.PatchPodStatus`: PATCH pods/<name>/status with the strategic merge patch old → new. */
export function patchPodStatus(
  client: RestClient,
  pod: Pod,
  oldStatus: PodStatus,
  newStatus: PodStatus,
): Pod | undefined {
  const patch = createTwoWayMergePatch(
    { status: oldStatus } as unknown as JsonMap,
    { status: newStatus } as unknown as JsonMap,
    '/Pod',
  );
  if (isEmptyPatch(patch)) return undefined;
  return client.patch(
    { group: '', version: 'v1', resource: 'pods', namespaced: true },
    pod.metadata?.namespace,
    pod.metadata?.name ?? '',
    'application/strategic-merge-patch+json',
    patch,
    'status',
  ) as unknown as Pod;
}

/** A mutable copy of a pod's status. */
export const copyStatus = (pod: Pod): PodStatus => structuredClone(pod.status ?? {}) as PodStatus;

/** `util.GetPodStartTime`: status.startTime, or now for pods that have not started. */
export function podStartTime(pod: Pod, now: number): number {
  const st = pod.status?.startTime;
  if (!st) return now;
  let t = parsedStartTimes.get(st);
  if (t === undefined) {
    if (parsedStartTimes.size >= 4096) parsedStartTimes.clear();
    parsedStartTimes.set(st, (t = Date.parse(st)));
  }
  return Number.isNaN(t) ? now : t;
}

/** Parsed RFC 3339 start times (victim sorting compares them again and again). */
const parsedStartTimes = new Map<string, number>();

/** `util.MoreImportantPod`: higher priority, then the one that started earlier. */
export function moreImportantPod(a: Pod, b: Pod, now: number): boolean {
  const p1 = podPriority(a);
  const p2 = podPriority(b);
  if (p1 !== p2) return p1 > p2;
  return podStartTime(a, now) < podStartTime(b, now);
}

/** `util.GetEarliestPodStartTime`: among the highest-priority victims, the earliest start. */
export function earliestPodStartTime(victims: readonly Pod[], now: number): number | undefined {
  if (victims.length === 0) return undefined;
  let earliest = podStartTime(victims[0]!, now);
  let maxPriority = podPriority(victims[0]!);
  for (const p of victims) {
    const prio = podPriority(p);
    if (prio === maxPriority) {
      const t = podStartTime(p, now);
      if (t < earliest) earliest = t;
    } else if (prio > maxPriority) {
      maxPriority = prio;
      earliest = podStartTime(p, now);
    }
  }
  return earliest;
}
