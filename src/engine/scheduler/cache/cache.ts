/**
 * The scheduler cache (k/k pkg/scheduler/backend/cache/cache.go): NodeInfos for every node, kept
 * up to date from the informers, plus the pods the scheduler has *assumed* onto a node before the
 * binding reached the API server. An assumed pod counts on its node at once, so the next pod does
 * not take the same room; when the informer later reports the pod bound, the assumption is
 * confirmed, and if binding fails it is forgotten.
 *
 * The cache also owns the Snapshot the scheduling cycle reads. Upstream copies every NodeInfo that
 * changed since the last cycle (the scheduling cycle runs while informers keep updating the
 * cache). In the simulation nothing runs concurrently with a cycle, so the snapshot shares the
 * cache's NodeInfos and only its lists (all nodes in node-tree order, nodes with pods that have
 * affinity, with required anti-affinity) are rebuilt, and only when their membership changed.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import {
  bumpImageStatesVersion,
  NodeInfo,
  NodeNumbers,
  PodInfo,
  nextGeneration,
  type ImageState,
} from '../framework/node-info';
import { NodeTree } from './node-tree';

interface PodState {
  podInfo: PodInfo;
  /** The node it is on (for an assumed pod: the node it was assumed onto). */
  nodeName: string;
  assumed: boolean;
  bindingFinished: boolean;
}

/** The nodes and lists a scheduling cycle reads (framework.NodeInfoLister / SharedLister). */
export class Snapshot {
  nodeInfoMap = new Map<string, NodeInfo>();
  nodeInfoList: NodeInfo[] = [];
  havePodsWithAffinityNodeInfoList: NodeInfo[] = [];
  havePodsWithRequiredAntiAffinityNodeInfoList: NodeInfo[] = [];

  /** A snapshot of a fixed set of NodeInfos (tests, benchmarks). */
  static of(nodes: NodeInfo[]): Snapshot {
    const s = new Snapshot();
    for (const n of nodes) s.nodeInfoMap.set(n.name, n);
    s.nodeInfoList = nodes.filter((n) => n.node);
    s.refreshAffinityLists();
    return s;
  }

  get(name: string): NodeInfo | undefined {
    return this.nodeInfoMap.get(name);
  }

  list(): NodeInfo[] {
    return this.nodeInfoList;
  }

  numNodes(): number {
    return this.nodeInfoList.length;
  }

  refreshAffinityLists(): void {
    this.havePodsWithAffinityNodeInfoList = this.nodeInfoList.filter((n) => n.podsWithAffinity.length > 0);
    this.havePodsWithRequiredAntiAffinityNodeInfoList = this.nodeInfoList.filter(
      (n) => n.podsWithRequiredAntiAffinity.length > 0,
    );
  }
}

/** Two versions of a node list the same images (names and sizes, in order). */
function sameImages(a: Node, b: Node): boolean {
  const x = a.status?.images ?? [];
  const y = b.status?.images ?? [];
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if ((p.sizeBytes ?? 0) !== (q.sizeBytes ?? 0)) return false;
    const pn = p.names ?? [];
    const qn = q.names ?? [];
    if (pn.length !== qn.length) return false;
    for (let j = 0; j < pn.length; j++) if (pn[j] !== qn[j]) return false;
  }
  return true;
}

export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  /** The flat numbers of all the cache's NodeInfos, in the order the nodes arrived. */
  private readonly numbers = new NodeNumbers();
  private readonly nodeTree = new NodeTree();
  private readonly podStates = new Map<string, PodState>();
  readonly imageStates = new Map<string, ImageState>();
  private listDirty = true;
  private affinityDirty = true;
  readonly snapshot = new Snapshot();

  // ---- nodes ---------------------------------------------------------------------------------

  addNode(node: Node): NodeInfo {
    const name = node.metadata?.name ?? '';
    let n = this.nodes.get(name);
    if (!n) {
      n = new NodeInfo(name, this.numbers);
      this.nodes.set(name, n);
    } else if (n.node) {
      this.removeNodeImageStates(n.node);
    }
    this.nodeTree.addNode(node);
    this.addNodeImageStates(node, n);
    n.setNode(node);
    this.listDirty = true;
    return n;
  }

  updateNode(oldNode: Node | undefined, newNode: Node): NodeInfo {
    const name = newNode.metadata?.name ?? '';
    let n = this.nodes.get(name);
    if (!n) {
      n = new NodeInfo(name, this.numbers);
      this.nodes.set(name, n);
      this.nodeTree.addNode(newNode);
      this.listDirty = true;
    } else {
      // Most node updates (heartbeats, conditions) leave the image list as it was: then the
      // image states stay as they are (removing and re-adding them would give the same).
      if (n.node && sameImages(n.node, newNode)) {
        if (this.nodeTree.updateNode(n.node, newNode)) this.listDirty = true;
        n.setNode(newNode);
        return n;
      }
      if (n.node) this.removeNodeImageStates(n.node);
      if (this.nodeTree.updateNode(n.node ?? oldNode, newNode)) this.listDirty = true;
      if (!n.node) this.listDirty = true;
    }
    this.addNodeImageStates(newNode, n);
    n.setNode(newNode);
    return n;
  }

  /** A node was deleted. Its NodeInfo stays while pods still point at it (they will be deleted too). */
  removeNode(node: Node): void {
    const name = node.metadata?.name ?? '';
    const n = this.nodes.get(name);
    if (!n) return;
    if (n.node) this.removeNodeImageStates(n.node);
    this.nodeTree.removeNode(node);
    if (n.pods.length === 0) this.nodes.delete(name);
    else n.removeNode();
    this.listDirty = true;
  }

  private addNodeImageStates(node: Node, n: NodeInfo): void {
    bumpImageStatesVersion();
    const sums = new Map<string, ImageState>();
    for (const image of node.status?.images ?? []) {
      for (const name of image.names ?? []) {
        let state = this.imageStates.get(name);
        if (!state) {
          state = { size: image.sizeBytes ?? 0, nodes: new Set() };
          this.imageStates.set(name, state);
        }
        state.nodes.add(n.name);
        if (!sums.has(name)) sums.set(name, state);
      }
    }
    n.imageStates = sums;
  }

  private removeNodeImageStates(node: Node): void {
    bumpImageStatesVersion();
    const name = node.metadata?.name ?? '';
    for (const image of node.status?.images ?? []) {
      for (const imageName of image.names ?? []) {
        const state = this.imageStates.get(imageName);
        if (!state) continue;
        state.nodes.delete(name);
        if (state.nodes.size === 0) this.imageStates.delete(imageName);
      }
    }
  }

  // ---- pods ----------------------------------------------------------------------------------

  private nodeFor(nodeName: string): NodeInfo {
    let n = this.nodes.get(nodeName);
    if (!n) {
      // A pod on a node the cache does not know yet (its add event comes later).
      n = new NodeInfo(nodeName, this.numbers);
      this.nodes.set(nodeName, n);
    }
    return n;
  }

  private addPodToNode(pi: PodInfo, nodeName: string): void {
    const n = this.nodeFor(nodeName);
    const hadAffinity = n.podsWithAffinity.length > 0;
    const hadAnti = n.podsWithRequiredAntiAffinity.length > 0;
    n.addPodInfo(pi);
    this.affinityMembership(n, hadAffinity, hadAnti);
  }

  /**
   * A node joined or left the snapshot's lists of nodes with (anti-)affinity pods: change the
   * lists in place rather than rebuild them (their order does not matter: plugins sum over them).
   */
  private affinityMembership(n: NodeInfo, hadAffinity: boolean, hadAnti: boolean): void {
    const hasAffinity = n.podsWithAffinity.length > 0;
    const hasAnti = n.podsWithRequiredAntiAffinity.length > 0;
    if (hadAffinity === hasAffinity && hadAnti === hasAnti) return;
    if (this.listDirty || this.affinityDirty) return; // a rebuild is due anyway
    const s = this.snapshot;
    if (!n.node || s.nodeInfoMap.get(n.name) !== n) {
      this.affinityDirty = true;
      return;
    }
    if (hadAffinity !== hasAffinity) toggle(s.havePodsWithAffinityNodeInfoList, n, hasAffinity);
    if (hadAnti !== hasAnti) toggle(s.havePodsWithRequiredAntiAffinityNodeInfoList, n, hasAnti);
  }

  private removePodFromNode(pod: Pod, nodeName: string): void {
    const n = this.nodes.get(nodeName);
    if (!n) return;
    const hadAffinity = n.podsWithAffinity.length > 0;
    const hadAnti = n.podsWithRequiredAntiAffinity.length > 0;
    n.removePod(pod);
    this.affinityMembership(n, hadAffinity, hadAnti);
    if (!n.node && n.pods.length === 0) {
      this.nodes.delete(nodeName);
      this.listDirty = true;
    }
  }

  /** `AssumePod`: count the pod on `pod.spec.nodeName` before the binding is confirmed. */
  assumePod(pi: PodInfo): void {
    if (this.podStates.has(pi.uid))
      throw new Error(`pod ${pi.key}(${pi.uid}) is in the cache, so can't be assumed`);
    this.addPodToNode(pi, pi.nodeName);
    this.podStates.set(pi.uid, { podInfo: pi, nodeName: pi.nodeName, assumed: true, bindingFinished: false });
  }

  finishBinding(pi: PodInfo): void {
    const st = this.podStates.get(pi.uid);
    if (st?.assumed) st.bindingFinished = true;
  }

  /** `ForgetPod`: binding failed, the assumed pod leaves its node. */
  forgetPod(pi: PodInfo): void {
    const st = this.podStates.get(pi.uid);
    if (!st || !st.assumed) return;
    this.removePodFromNode(st.podInfo.pod, st.nodeName);
    this.podStates.delete(pi.uid);
  }

  isAssumedPod(uid: string): boolean {
    return !!this.podStates.get(uid)?.assumed;
  }

  /** `AddPod`: an assigned pod from the informer; confirms an assumed pod. */
  addPod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const nodeName = pod.spec?.nodeName ?? '';
    const st = this.podStates.get(uid);
    if (st?.assumed) {
      // The binding went through: replace the assumed copy with the real pod.
      this.removePodFromNode(st.podInfo.pod, st.nodeName);
      const pi = PodInfo.next(pod, st.podInfo);
      this.addPodToNode(pi, nodeName);
      this.podStates.set(uid, { podInfo: pi, nodeName, assumed: false, bindingFinished: false });
      return;
    }
    if (st) return; // already added
    const pi = new PodInfo(pod);
    this.addPodToNode(pi, nodeName);
    this.podStates.set(uid, { podInfo: pi, nodeName, assumed: false, bindingFinished: false });
  }

  updatePod(oldPod: Pod, newPod: Pod): void {
    const uid = oldPod.metadata?.uid ?? '';
    const st = this.podStates.get(uid);
    if (!st) {
      this.addPod(newPod);
      return;
    }
    this.removePodFromNode(st.podInfo.pod, st.nodeName);
    const pi = PodInfo.next(newPod, st.podInfo);
    const nodeName = newPod.spec?.nodeName ?? '';
    this.addPodToNode(pi, nodeName);
    this.podStates.set(uid, { podInfo: pi, nodeName, assumed: false, bindingFinished: false });
  }

  removePod(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const st = this.podStates.get(uid);
    if (!st) return;
    this.removePodFromNode(st.podInfo.pod, st.nodeName);
    this.podStates.delete(uid);
  }

  /** The cached PodInfo of a pod (assigned or assumed). */
  getPod(uid: string): PodInfo | undefined {
    return this.podStates.get(uid)?.podInfo;
  }

  podCount(): number {
    return this.podStates.size;
  }

  // ---- snapshot ------------------------------------------------------------------------------

  /** `UpdateSnapshot`: bring the lists of the shared snapshot up to date. */
  updateSnapshot(): Snapshot {
    const s = this.snapshot;
    if (this.listDirty) {
      s.nodeInfoMap = new Map();
      for (const [name, n] of this.nodes) if (n.node) s.nodeInfoMap.set(name, n);
      s.nodeInfoList = [];
      for (const name of this.nodeTree.list()) {
        const n = s.nodeInfoMap.get(name);
        if (n) s.nodeInfoList.push(n);
      }
      this.listDirty = false;
      this.affinityDirty = true;
    }
    if (this.affinityDirty) {
      s.refreshAffinityLists();
      this.affinityDirty = false;
    }
    return s;
  }

  /** A fresh generation number (exposed for tests). */
  static nextGeneration(): number {
    return nextGeneration();
  }
}

function toggle(list: NodeInfo[], n: NodeInfo, member: boolean): void {
  const i = list.indexOf(n);
  if (member && i < 0) list.push(n);
  else if (!member && i >= 0) list.splice(i, 1);
}
