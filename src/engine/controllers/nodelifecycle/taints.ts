/**
 * The taints the node lifecycle controller owns (k/k pkg/controller/nodelifecycle), and the one
 * write it uses to change them (controllerutil.SwapNodeControllerTaint).
 *
 *   condition          status    NoSchedule taint (doNoScheduleTaintingPass)
 *   Ready              False     node.kubernetes.io/not-ready
 *   Ready              Unknown   node.kubernetes.io/unreachable
 *   MemoryPressure     True      node.kubernetes.io/memory-pressure
 *   DiskPressure       True      node.kubernetes.io/disk-pressure
 *   NetworkUnavailable True      node.kubernetes.io/network-unavailable
 *   PIDPressure        True      node.kubernetes.io/pid-pressure
 *   spec.unschedulable true      node.kubernetes.io/unschedulable
 *
 * The NoExecute twins of not-ready and unreachable (the ones that evict pods, after the 300 s the
 * DefaultTolerationSeconds admission plugin grants) are added by the rate-limited tainting pass.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { type RestClient } from '../framework/client';
import { rfc3339 } from '../framework/objects';
import { NODES } from '../framework/resources';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' };
export const NOT_READY_NOEXECUTE: Taint = { key: TAINT_NOT_READY, effect: 'NoExecute' };
export const UNREACHABLE_NOEXECUTE: Taint = { key: TAINT_UNREACHABLE, effect: 'NoExecute' };

/** nodeConditionToTaintKeyStatusMap. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: TAINT_NOT_READY, Unknown: TAINT_UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));

export type NodeObject = KubeObject & Node & { metadata: { name: string } };

/** The NoSchedule taints a node's conditions and spec.unschedulable call for. */
export function wantedNoScheduleTaints(node: Node): Taint[] {
  const out: Taint[] = [];
  for (const c of node.status?.conditions ?? []) {
    const key = CONDITION_TAINTS[c.type]?.[c.status];
    if (key) out.push({ key, effect: 'NoSchedule' });
  }
  if (node.spec?.unschedulable) out.push({ ...UNSCHEDULABLE_TAINT });
  return out;
}

/** The NoSchedule taints of the node that this controller manages (the rest are the user's). */
export function managedNoScheduleTaints(node: Node): Taint[] {
  return (node.spec?.taints ?? []).filter(
    (t) => t.effect === 'NoSchedule' && (t.key === TAINT_UNSCHEDULABLE || CONDITION_TAINT_KEYS.has(t.key)),
  );
}

/** taintutils: same key and effect. */
export const sameTaint = (a: Taint, b: Taint): boolean => a.key === b.key && a.effect === b.effect;
export const taintExists = (taints: readonly Taint[] | undefined, t: Taint): boolean =>
  (taints ?? []).some((x) => sameTaint(x, t));

/** TaintSetDiff: what to add to `current` and what to remove from it to reach `wanted`. */
export function taintSetDiff(wanted: readonly Taint[], current: readonly Taint[]): [Taint[], Taint[]] {
  return [wanted.filter((t) => !taintExists(current, t)), current.filter((t) => !taintExists(wanted, t))];
}

/**
 * SwapNodeControllerTaint (AddOrUpdateTaintOnNode then RemoveTaintOffNode): the added taints get
 * `timeAdded` now; the new list is written with a JSON merge patch guarded by the resourceVersion
 * just read, so a concurrent `kubectl taint` is not lost (a conflict throws; the caller retries).
 * Returns false when there was nothing to change.
 */
export function swapNodeControllerTaint(
  rest: RestClient,
  nodeName: string,
  add: readonly Taint[],
  remove: readonly Taint[],
  now: number,
): boolean {
  const node = rest.get<NodeObject>(NODES, undefined, nodeName);
  const taints = [...(node.spec?.taints ?? [])];
  let changed = false;
  for (const t of add) {
    const i = taints.findIndex((x) => sameTaint(x, t));
    if (i >= 0 && (taints[i]!.value ?? '') === (t.value ?? '')) continue;
    const next: Taint = { ...t, timeAdded: rfc3339(now) };
    if (i >= 0) taints[i] = next;
    else taints.push(next);
    changed = true;
  }
  const kept = taints.filter((x) => !remove.some((t) => sameTaint(x, t)));
  if (kept.length !== taints.length) changed = true;
  if (!changed) return false;
  rest.patch(NODES, undefined, nodeName, 'application/merge-patch+json', {
    metadata: { resourceVersion: node.metadata.resourceVersion },
    spec: { taints: kept.length ? kept : null },
  });
  return true;
}
