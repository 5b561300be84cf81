/**
 * FitError: the pod fits on no node. Its message is the one users know from `kubectl describe
 * pod` (framework/types.go `FitError.Error`, reference §10.3):
 *
 *   0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: },
 *   2 Insufficient memory. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..
 *
 * The reasons of every rejected node are counted ("2 Insufficient memory") and the counts are
 * sorted as strings (so "1 node(s)…" comes before "2 Insufficient…"). Nodes never tried count
 * with the reasons of the "absent nodes" status. A PreFilter rejection replaces the histogram.
 * Each part is appended with " %v.", which is why a message ending in the preemption message
 * ends in "..".
 */
import type { Diagnosis } from './types';

export const NO_NODE_AVAILABLE_MSG = (n: number): string => `0/${n} nodes are available`;

/** Go's sort.Strings: byte-wise comparison. */
export const goStringCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function fitErrorMessage(numAllNodes: number, d: Diagnosis): string {
  let msg = `${NO_NODE_AVAILABLE_MSG(numAllNodes)}:`;
  if (d.preFilterMsg !== '') msg += ` ${d.preFilterMsg}.`;
  if (d.preFilterMsg === '') {
    const reasons = new Map<string, number>();
    for (const status of d.nodeToStatus.nodeToStatus.values())
      for (const r of status.reasons) reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const listed = d.nodeToStatus.len();
    if (listed < numAllNodes)
      for (const r of d.nodeToStatus.absentNodesStatus.reasons)
        reasons.set(r, (reasons.get(r) ?? 0) + numAllNodes - listed);
    const histogram = [...reasons].map(([k, v]) => `${v} ${k}`).sort(goStringCompare);
    if (histogram.length) msg += ` ${histogram.join(', ')}.`;
  }
  if (d.postFilterMsg !== '') msg += ` ${d.postFilterMsg}.`;
  return msg;
}

/** The error SchedulePod returns when the pod fits nowhere. */
export class FitError {
  constructor(
    readonly numAllNodes: number,
    readonly diagnosis: Diagnosis,
  ) {}

  /** Computed when asked: PostFilter adds its message to the diagnosis after construction. */
  get message(): string {
    return fitErrorMessage(this.numAllNodes, this.diagnosis);
  }
}

/** `ErrNoNodesAvailable`. */
export const ERR_NO_NODES_AVAILABLE = 'no nodes available to schedule pods';
