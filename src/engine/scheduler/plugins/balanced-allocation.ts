/**
 * NodeResourcesBalancedAllocation (Score, weight 1): prefer nodes where cpu and memory would be
 * used in similar proportions. For each resource the fraction requested/allocatable (the real
 * requests, incoming pod included, capped at 1); the score is (1 − standard deviation) × 100,
 * with two resources std = |f_cpu − f_mem| / 2.
 */
import type { NodeInfo, PodInfo } from '../framework/node-info';
import {
  MAX_NODE_SCORE,
  type CycleState,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
} from '../framework/types';
import {
  DEFAULT_RESOURCES,
  ResourceAllocationScorer,
  podResourceRequestList,
  type ResourceSpec,
} from './resource-allocation';

const PRE_SCORE_STATE_KEY = 'PreScoreNodeResourcesBalancedAllocation';
const MAX_SCORE = MAX_NODE_SCORE;

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** `balancedResourceScorer`. */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  const fractions: number[] = [];
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    let f = requested[i]! / allocatable[i]!;
    if (f > 1) f = 1;
    total += f;
    fractions.push(f);
  }
  let std = 0;
  if (fractions.length === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const f of fractions) sum += (f - mean) * (f - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  // int64((1 - std) * MaxNodeScore): truncation toward zero.
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = 'NodeResourcesBalancedAllocation';

  private readonly scorer: ResourceAllocationScorer;

  constructor(private readonly resources: readonly ResourceSpec[] = DEFAULT_RESOURCES) {
    this.scorer = new ResourceAllocationScorer(resources, true, balancedResourceScorer);
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(podResourceRequestList(pod, this.resources, true)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    const podRequests = s ? s.podRequests : podResourceRequestList(pod, this.resources, true);
    return this.scorer.score(nodeInfo, podRequests);
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    const podRequests = s ? s.podRequests : podResourceRequestList(pod, this.resources, true);
    if (this.resources === DEFAULT_RESOURCES) {
      const podCPU = podRequests[0]!;
      const podMem = podRequests[1]!;
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        const aCPU = n.allocCPU;
        const aMem = n.allocMem;
        if (aCPU === 0 || aMem === 0) {
          out[i] = this.scorer.score(n, podRequests);
          continue;
        }
        let fc = (n.reqCPU + podCPU) / aCPU;
        let fm = (n.reqMem + podMem) / aMem;
        if (fc > 1) fc = 1;
        if (fm > 1) fm = 1;
        out[i] = Math.trunc((1 - Math.abs((fc - fm) / 2)) * MAX_SCORE);
      }
      return;
    }
    for (let i = 0; i < nodes.length; i++) out[i] = this.scorer.score(nodes[i]!, podRequests);
  }
}
