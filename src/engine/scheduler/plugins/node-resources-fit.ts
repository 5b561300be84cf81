/**
 * NodeResourcesFit.
 *  - PreFilter: the pod's requests (containers summed, init containers' peak, overhead).
 *  - Filter: the node must have room: `Too many pods` when its pod count is at
 *    allocatable `pods`; `Insufficient cpu`, `Insufficient memory`,
 *    `Insufficient ephemeral-storage`, `Insufficient <resource>` when the request exceeds
 *    allocatable minus what the pods on it request. All failing resources are reported (one node
 *    can contribute several reasons to the FailedScheduling histogram). Unschedulable: evicting
 *    pods may make room, so preemption is tried.
 *  - Score (weight 1), LeastAllocated: per resource ((allocatable − requested) × 100) /
 *    allocatable, averaged over cpu and memory; "requested" includes the incoming pod and counts
 *    containers without requests as 100m / 200Mi.
 */
import type { Node } from 'kubernetes-types/core/v1';
import { NodeInfo, podRequests, type PodInfo, type Resource } from '../framework/node-info';
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
import { asNodes, asPods } from './helper';
import {
  DEFAULT_RESOURCES,
  ResourceAllocationScorer,
  leastResourceScorer,
  podResourceRequestList,
  type ResourceSpec,
} from './resource-allocation';

const PRE_FILTER_STATE_KEY = 'PreFilterNodeResourcesFit';
const PRE_SCORE_STATE_KEY = 'PreScoreNodeResourcesFit';

class PreFilterState implements StateData {
  constructor(readonly request: Resource) {}
  clone(): StateData {
    return this;
  }
}

class PreScoreState implements StateData {
  constructor(readonly podRequests: number[]) {}
  clone(): StateData {
    return this;
  }
}

/** One resource the node lacks (noderesources.InsufficientResource). */
export interface InsufficientResource {
  resourceName: string;
  reason: string;
  requested: number;
  used: number;
  capacity: number;
}

/** `fitsRequest`: every resource the node cannot accommodate. */
export function fitsRequest(req: Resource, nodeInfo: NodeInfo): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  const alloc = nodeInfo.allocatable;
  const used = nodeInfo.requested;
  if (nodeInfo.pods.length + 1 > alloc.allowedPodNumber) {
    out.push({
      resourceName: 'pods',
      reason: 'Too many pods',
      requested: 1,
      used: nodeInfo.pods.length,
      capacity: alloc.allowedPodNumber,
    });
  }
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar) return out;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU)
    out.push({
      resourceName: 'cpu',
      reason: 'Insufficient cpu',
      requested: req.milliCPU,
      used: used.milliCPU,
      capacity: alloc.milliCPU,
    });
  if (req.memory > 0 && req.memory > alloc.memory - used.memory)
    out.push({
      resourceName: 'memory',
      reason: 'Insufficient memory',
      requested: req.memory,
      used: used.memory,
      capacity: alloc.memory,
    });
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)
    out.push({
      resourceName: 'ephemeral-storage',
      reason: 'Insufficient ephemeral-storage',
      requested: req.ephemeralStorage,
      used: used.ephemeralStorage,
      capacity: alloc.ephemeralStorage,
    });
  if (req.scalar) {
    for (const [name, q] of req.scalar) {
      if (q === 0) continue;
      const a = alloc.scalar?.get(name) ?? 0;
      const u = used.scalar?.get(name) ?? 0;
      if (q > a - u)
        out.push({ resourceName: name, reason: `Insufficient ${name}`, requested: q, used: u, capacity: a });
    }
  }
  return out;
}

/** The common case of fitsRequest, without building the list: does everything fit? */
function fitsQuickly(req: Resource, n: NodeInfo): boolean {
  return (
    n.numPods + 1 <= n.allocPods &&
    (req.milliCPU <= 0 || req.milliCPU <= n.allocCPU - n.reqCPU) &&
    (req.memory <= 0 || req.memory <= n.allocMem - n.reqMem) &&
    (req.ephemeralStorage <= 0 || req.ephemeralStorage <= n.allocEph - n.reqEph) &&
    req.scalar === null
  );
}

const emptyNodeInfo = (node: Node): NodeInfo => {
  const n = new NodeInfo(node.metadata?.name ?? '');
  n.setNode(node);
  return n;
};

export class NodeResourcesFit
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = 'NodeResourcesFit';
  private readonly scorer: ResourceAllocationScorer;

  constructor(private readonly resources: readonly ResourceSpec[] = DEFAULT_RESOURCES) {
    this.scorer = new ResourceAllocationScorer(resources, false, leastResourceScorer(resources));
  }

  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null] {
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(pod.requests));
    return [null, null];
  }

  /** The state last read, with its request: Filter runs once per node with the same state. */
  private lastState: CycleState | null = null;
  private lastRequest: Resource | null = null;

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let req: Resource;
    if (state === this.lastState && this.lastRequest) req = this.lastRequest;
    else {
      const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
      req = s ? s.request : pod.requests;
      this.lastState = state;
      this.lastRequest = req;
    }
    if (fitsQuickly(req, nodeInfo)) return null;
    const insufficient = fitsRequest(req, nodeInfo);
    if (insufficient.length === 0) return null;
    return newStatus(Code.Unschedulable, ...insufficient.map((r) => r.reason));
  }

  preScore(state: CycleState, pod: PodInfo): Status | null {
    state.write(PRE_SCORE_STATE_KEY, new PreScoreState(podResourceRequestList(pod, this.resources, false)));
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    const podRequests = s ? s.podRequests : podResourceRequestList(pod, this.resources, false);
    return this.scorer.score(nodeInfo, podRequests);
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    const podRequests = s ? s.podRequests : podResourceRequestList(pod, this.resources, false);
    if (this.resources === DEFAULT_RESOURCES) {
      // cpu and memory, weight 1 each: the same arithmetic without the generic lists.
      const podCPU = podRequests[0]!;
      const podMem = podRequests[1]!;
      for (let i = 0; i < nodes.length; i++) {
        const n = nodes[i]!;
        const aCPU = n.allocCPU;
        const aMem = n.allocMem;
        let sum = 0;
        let w = 0;
        if (aCPU !== 0) {
          const r = n.nzCPU + podCPU;
          sum += r > aCPU ? 0 : Math.trunc(((aCPU - r) * 100) / aCPU);
          w++;
        }
        if (aMem !== 0) {
          const r = n.nzMem + podMem;
          sum += r > aMem ? 0 : Math.trunc(((aMem - r) * 100) / aMem);
          w++;
        }
        out[i] = w === 0 ? 0 : Math.trunc(sum / w);
      }
      return;
    }
    for (let i = 0; i < nodes.length; i++) out[i] = this.scorer.score(nodes[i]!, podRequests);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.Delete | ActionType.UpdatePodScaleDown },
        hint: (_pod, oldObj, newObj) => {
          const [original, modified] = asPods(oldObj, newObj);
          if (!modified) return original?.spec?.nodeName ? 'Queue' : 'QueueSkip';
          // A scale-down of an assigned pod frees room.
          return modified.spec?.nodeName ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeAllocatable },
        hint: (pod, oldObj, newObj) => {
          const [original, modified] = asNodes(oldObj, newObj);
          if (!modified) return 'QueueSkip';
          const req = podRequests(pod, false);
          if (fitsRequest(req, emptyNodeInfo(modified)).length > 0) return 'QueueSkip';
          if (!original) return 'Queue';
          return haveAnyRequestedResourcesIncreased(req, emptyNodeInfo(original), emptyNodeInfo(modified))
            ? 'Queue'
            : 'QueueSkip';
        },
      },
    ];
  }
}

function haveAnyRequestedResourcesIncreased(req: Resource, original: NodeInfo, modified: NodeInfo): boolean {
  if (modified.allocatable.allowedPodNumber > original.allocatable.allowedPodNumber) return true;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && !req.scalar) return false;
  if (
    (req.milliCPU !== 0 && modified.allocatable.milliCPU > original.allocatable.milliCPU) ||
    (req.memory !== 0 && modified.allocatable.memory > original.allocatable.memory) ||
    (req.ephemeralStorage !== 0 &&
      modified.allocatable.ephemeralStorage > original.allocatable.ephemeralStorage)
  )
    return true;
  for (const [name, q] of req.scalar ?? []) {
    if (q === 0) continue;
    if ((modified.allocatable.scalar?.get(name) ?? 0) > (original.allocatable.scalar?.get(name) ?? 0))
      return true;
  }
  return false;
}
