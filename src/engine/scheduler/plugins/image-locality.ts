/**
 * ImageLocality (Score, weight 1): prefer nodes that already have the pod's images (the kubelet
 * reports them in `status.images`). Each image present adds size × (nodes with it / all nodes),
 * so an image everybody has counts fully and a rare one little (no "node heating"); the sum is
 * clamped to [23 MB, 1000 MB × containers] and scaled to 0..100.
 *
 * Image names are compared as written, with `:latest` added when there is no tag: like upstream,
 * `nginx:1.25.3` in a pod does not match `docker.io/library/nginx:1.25.3` in node status.
 */
import type { NodeInfo, PodInfo } from '../framework/node-info';
import { MAX_NODE_SCORE, type CycleState, type ScorePlugin } from '../framework/types';
import type { PluginHandle } from '../framework/handle';

const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** `normalizedImageName`. */
export function normalizedImageName(name: string): string {
  if (name.lastIndexOf(':') <= name.lastIndexOf('/')) return `${name}:latest`;
  return name;
}

/** `calculatePriority`. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc((MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD));
}

export class ImageLocality implements ScorePlugin {
  readonly name = 'ImageLocality';

  constructor(private readonly handle: Pick<PluginHandle, 'snapshot'>) {}

  score(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const spec = pod.pod.spec;
    const init = spec?.initContainers ?? [];
    const containers = spec?.containers ?? [];
    const total = this.handle.snapshot().numNodes();
    let sum = 0;
    if (nodeInfo.imageStates.size > 0) {
      for (const c of init) sum += this.scaled(nodeInfo, c.image, total);
      for (const c of containers) sum += this.scaled(nodeInfo, c.image, total);
    }
    return imageLocalityPriority(sum, init.length + containers.length);
  }

  scoreNodes(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void {
    const spec = pod.pod.spec;
    const numContainers = (spec?.initContainers ?? []).length + (spec?.containers ?? []).length;
    // A node without any of the images scores the floor; most nodes in a fresh cluster do.
    const floor = imageLocalityPriority(0, numContainers);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      out[i] = !n.hasImages ? floor : this.score(state, pod, n);
    }
  }

  private scaled(nodeInfo: NodeInfo, image: string | undefined, totalNumNodes: number): number {
    const state = nodeInfo.imageStates.get(normalizedImageName(image ?? ''));
    if (!state || totalNumNodes === 0) return 0;
    // int64(float64(size) * spread)
    return Math.trunc(state.size * (state.nodes.size / totalNumNodes));
  }
}
