/**
 * NodeAffinity.
 *  - PreFilter: nothing to do (Skip) without nodeSelector and required node affinity. Terms that
 *    pin `metadata.name` (DaemonSet pods) narrow the nodes to try (a PreFilterResult).
 *  - Filter: `spec.nodeSelector` AND the required terms (ORed) must match the node's labels:
 *    `node(s) didn't match Pod's node affinity/selector`, UnschedulableAndUnresolvable.
 *  - Score (weight 2): the sum of the weights of the preferred terms the node matches,
 *    normalized by the highest sum (DefaultNormalizeScore).
 */
import type { Node } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo } from '../framework/node-info';
import { PreferredSchedulingTerms, RequiredNodeAffinity } from '../framework/helpers';
import {
  ActionType,
  Code,
  newStatus,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
} from '../framework/types';
import { asNodes, normalizeToMax } from './helper';

export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";
const ERR_REASON_CONFLICT = 'pod affinity terms conflict';
const PRE_FILTER_STATE_KEY = 'PreFilterNodeAffinity';
const PRE_SCORE_STATE_KEY = 'PreScoreNodeAffinity';

class PreFilterState implements StateData {
  constructor(readonly required: RequiredNodeAffinity) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly preferred: PreferredSchedulingTerms) {}
  clone(): StateData {
    return this;
  }
}

/** Cached per PodInfo: parsing node selectors once per pod, not per cycle. */
const requiredCache = new WeakMap<PodInfo, RequiredNodeAffinity>();
export function requiredNodeAffinityOf(pod: PodInfo): RequiredNodeAffinity {
  let r = requiredCache.get(pod);
  if (!r) requiredCache.set(pod, (r = new RequiredNodeAffinity(pod.pod)));
  return r;
}

export class NodeAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = 'NodeAffinity';

  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null] {
    const affinity = pod.pod.spec?.affinity;
    const required = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (!required && !pod.pod.spec?.nodeSelector) return [null, newStatus(Code.Skip)];
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(requiredNodeAffinityOf(pod)));
    const terms = required?.nodeSelectorTerms ?? [];
    if (terms.length === 0) return [null, null];
    // Affinity to specific nodes by name: only those need to be tried.
    let nodeNames: Set<string> | undefined;
    for (const t of terms) {
      let termNames: Set<string> | undefined;
      for (const r of t.matchFields ?? []) {
        if (r.key === 'metadata.name' && r.operator === 'In') {
          const s = new Set(r.values ?? []);
          termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
        }
      }
      if (!termNames) return [null, null]; // this term allows every node: the terms are ORed
      nodeNames = new Set([...(nodeNames ?? []), ...termNames]);
    }
    if (nodeNames && nodeNames.size === 0)
      return [null, newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_CONFLICT)];
    if (nodeNames && nodeNames.size > 0) return [{ nodeNames }, null];
    return [null, null];
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    const required = s ? s.required : requiredNodeAffinityOf(pod);
    if (required.match(nodeInfo.name, nodeInfo.labels)) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_POD);
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return null;
    const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
    if (!preferred || preferred.length === 0) return newStatus(Code.Skip);
    const terms = new PreferredSchedulingTerms(preferred);
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(terms));
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return 0;
    return s.preferred.score(nodeInfo.name, nodeInfo.labels);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: Float64Array): Status | null {
    normalizeToMax(scores, false);
    return null;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, oldObj, newObj) => {
          const [original, modified] = asNodes(oldObj, newObj);
          if (!modified) return 'QueueSkip';
          const required = new RequiredNodeAffinity(pod);
          const matches = (n: Node) => required.match(n.metadata?.name ?? '', n.metadata?.labels ?? {});
          if (!matches(modified)) return 'QueueSkip';
          if (!original) return 'Queue';
          return matches(original) ? 'QueueSkip' : 'Queue';
        },
      },
    ];
  }
}
