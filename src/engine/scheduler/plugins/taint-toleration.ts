/**
 * TaintToleration.
 *  - Filter: the node's first NoSchedule/NoExecute taint the pod does not tolerate rejects it:
 *    `node(s) had untolerated taint {<key>: <value>}` (the value, so an empty one shows `{key: }`).
 *    UnschedulableAndUnresolvable: evicting pods cannot remove a taint.
 *  - Score (weight 3): the number of the node's PreferNoSchedule taints the pod does not
 *    tolerate, normalized in reverse (fewest intolerable taints = 100).
 */
import type { Toleration } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo } from '../framework/node-info';
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  tolerationsTolerateTaint,
} from '../framework/helpers';
import {
  ActionType,
  Code,
  newStatus,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
} from '../framework/types';
import { asNodes, asPods, normalizeToMax } from './helper';

const PRE_SCORE_STATE_KEY = 'PreScoreTaintToleration';

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = 'TaintToleration';

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const taints = nodeInfo.taints;
    if (!taints || taints.length === 0) return null;
    const taint = findMatchingUntoleratedTaint(taints, pod.pod.spec?.tolerations, doNotScheduleTaintsFilter);
    if (!taint) return null;
    return newStatus(
      Code.UnschedulableAndUnresolvable,
      `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
    );
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return null;
    const t = (pod.pod.spec?.tolerations ?? []).filter((x) => !x.effect || x.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(t));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const taints = nodeInfo.taints;
    if (!taints || taints.length === 0) return 0;
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) throw new Error(`reading ${JSON.stringify(PRE_SCORE_STATE_KEY)} from cycleState: not found`);
    let intolerable = 0;
    for (const taint of taints) {
      if (taint.effect !== 'PreferNoSchedule') continue;
      if (!tolerationsTolerateTaint(s.tolerationsPreferNoSchedule, taint)) intolerable++;
    }
    return intolerable;
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    for (let i = 0; i < nodes.length; i++) {
      const taints = nodes[i]!.taints;
      out[i] = !taints || taints.length === 0 ? 0 : this.score(state, pod, nodes[i]!);
    }
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): Status | null {
    normalizeToMax(scores, true);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (pod, oldObj, newObj) => {
          const [original, modified] = asNodes(oldObj, newObj);
          if (!modified) return 'QueueSkip';
          const tolerations = pod.spec?.tolerations;
          const wasUntolerated = original
            ? !!findMatchingUntoleratedTaint(original.spec?.taints, tolerations, doNotScheduleTaintsFilter)
            : true;
          const isUntolerated = !!findMatchingUntoleratedTaint(
            modified.spec?.taints,
            tolerations,
            doNotScheduleTaintsFilter,
          );
          return wasUntolerated && !isUntolerated ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
        hint: (pod, oldObj, newObj) => {
          const [, modified] = asPods(oldObj, newObj);
          return modified?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
