/**
 * ImageLocality (Score, weight 1): prefer nodes that already have the pod's images (the kubelet
 * reports them in `status.images`). Each image present adds size × (nodes with it / all nodes),
 * so an image everybody has counts fully and a rare one little (no "node heating"); the sum is
 * clamped to [23 MB, 1000 MB × containers] and scaled to 0..100.
 *
 * Image names are compared as written, with `:latest` added when there is no tag: like upstream,
 * `nginx:1.25.3` in a pod does not match `docker.io/library/nginx:1.25.3` in node status.
 */
import { imageStatesVersion, type NodeInfo, type PodInfo } from '../framework/node-info';
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
  /** The memo key of the last scoreNodes call (see there). */
  private lastKey = '';

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
    // The pod's image names, normalized once for all nodes (init containers first, as score does).
    const names: string[] = [];
    for (const c of spec?.initContainers ?? []) names.push(normalizedImageName(c.image ?? ''));
    for (const c of spec?.containers ?? []) names.push(normalizedImageName(c.image ?? ''));
    const total = this.handle.snapshot().numNodes();
    // A node's score only changes with its images, the pod's images, the node count and the
    // cluster-wide image states: remembered on the NodeInfo under that key (one string object
    // while the key stays the same, so the comparison is by reference).
    let key = `${names.join('\u0000')}\u0001${total}\u0001${imageStatesVersion()}`;
    if (key === this.lastKey) key = this.lastKey;
    else this.lastKey = key;
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      if (!n.hasImages || total === 0) {
        out[i] = floor;
        continue;
      }
      if (n.localityKey === key) {
        out[i] = n.localityScore;
        continue;
      }
      const images = n.imageStates;
      let sum = 0;
      for (const name of names) {
        const st = images.get(name);
        // int64(float64(size) * spread)
        if (st) sum += Math.trunc(st.size * (st.nodes.size / total));
      }
      out[i] = imageLocalityPriority(sum, numContainers);
      n.localityKey = key;
      n.localityScore = out[i]!;
    }
  }

  private scaled(nodeInfo: NodeInfo, image: string | undefined, totalNumNodes: number): number {
    const state = nodeInfo.imageStates.get(normalizedImageName(image ?? ''));
    if (!state || totalNumNodes === 0) return 0;
    // int64(float64(size) * spread)
    return Math.trunc(state.size * (state.nodes.size / totalNumNodes));
  }
}
