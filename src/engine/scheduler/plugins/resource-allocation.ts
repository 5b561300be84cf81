/**
 * resourceAllocationScorer (noderesources/resource_allocation.go): what NodeResourcesFit's
 * LeastAllocated strategy and NodeResourcesBalancedAllocation share. For each configured resource
 * (cpu and memory, weight 1 each) it computes the node's allocatable and what would be requested
 * with the incoming pod added, then hands both lists to the strategy's scorer.
 *
 * `useRequested` false (LeastAllocated): the node's NonZeroRequested and the pod's requests with
 * the defaults for containers that request nothing (100m CPU, 200Mi memory), so that pods
 * without requests still spread. True (BalancedAllocation): the real requests.
 */
import type { NodeInfo, PodInfo } from '../framework/node-info';

export interface ResourceSpec {
  name: string;
  weight: number;
}

/** The default `resources` of both plugins' args. */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];

/** `calculatePodResourceRequestList`. */
export function podResourceRequestList(
  pod: PodInfo,
  resources: readonly ResourceSpec[],
  useRequested: boolean,
): number[] {
  const r = useRequested ? pod.requests : pod.nonZeroRequests;
  return resources.map((spec) => {
    switch (spec.name) {
      case 'cpu':
        return r.milliCPU;
      case 'memory':
        return r.memory;
      case 'ephemeral-storage':
        return r.ephemeralStorage;
      default:
        return r.scalar?.get(spec.name) ?? 0;
    }
  });
}

/** `calculateResourceAllocatableRequest`: [allocatable, requested incl. the pod]. */
export function allocatableAndRequested(
  nodeInfo: NodeInfo,
  resource: string,
  podRequest: number,
  useRequested: boolean,
): [number, number] {
  const requested = useRequested ? nodeInfo.requested : nodeInfo.nonZeroRequested;
  switch (resource) {
    case 'cpu':
      return [nodeInfo.allocatable.milliCPU, requested.milliCPU + podRequest];
    case 'memory':
      return [nodeInfo.allocatable.memory, requested.memory + podRequest];
    case 'ephemeral-storage':
      return [nodeInfo.allocatable.ephemeralStorage, nodeInfo.requested.ephemeralStorage + podRequest];
    default:
      // An extended resource the pod does not request is left out of the score.
      if (podRequest === 0) return [0, 0];
      return [
        nodeInfo.allocatable.scalar?.get(resource) ?? 0,
        (nodeInfo.requested.scalar?.get(resource) ?? 0) + podRequest,
      ];
  }
}

/**
 * `resourceAllocationScorer.score`: fill `requested`/`allocatable` for the node and return the
 * scorer's result. The two lists are reused between calls (one scorer per plugin instance).
 */
export class ResourceAllocationScorer {
  private readonly requested: number[];
  private readonly allocatable: number[];

  constructor(
    readonly resources: readonly ResourceSpec[],
    readonly useRequested: boolean,
    private readonly scorer: (requested: number[], allocatable: number[]) => number,
  ) {
    this.requested = new Array<number>(resources.length).fill(0);
    this.allocatable = new Array<number>(resources.length).fill(0);
  }

  score(nodeInfo: NodeInfo, podRequests: readonly number[]): number {
    const n = this.resources.length;
    const requested = this.requested;
    const allocatable = this.allocatable;
    for (let i = 0; i < n; i++) {
      const [alloc, req] = allocatableAndRequested(
        nodeInfo,
        this.resources[i]!.name,
        podRequests[i]!,
        this.useRequested,
      );
      allocatable[i] = alloc;
      requested[i] = alloc === 0 ? 0 : req;
    }
    return this.scorer(requested, allocatable);
  }
}

/** LeastAllocated per resource: ((capacity − requested) × 100) / capacity, integer division. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * 100) / capacity);
}

/** `leastResourceScorer`: the weighted average of leastRequestedScore (integer division). */
export function leastResourceScorer(resources: readonly ResourceSpec[]) {
  return (requested: number[], allocatable: number[]): number => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < requested.length; i++) {
      if (allocatable[i] === 0) continue;
      const w = resources[i]!.weight;
      nodeScore += leastRequestedScore(requested[i]!, allocatable[i]!) * w;
      weightSum += w;
    }
    if (weightSum === 0) return 0;
    return Math.trunc(nodeScore / weightSum);
  };
}

/** MostAllocated per resource: (requested × 100) / capacity (not in the default profile). */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  if (requested > capacity) requested = capacity;
  return Math.trunc((requested * 100) / capacity);
}
