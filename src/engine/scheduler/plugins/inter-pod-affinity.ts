/**
 * InterPodAffinity (k/k pkg/scheduler/framework/plugins/interpodaffinity).
 *
 * Filter, with counts per topology domain (topologyKey=value) computed once in PreFilter:
 *  1. required pod affinity: every term's domain on this node must already hold a pod matching
 *     all terms — `node(s) didn't match pod affinity rules` (unresolvable). The first pod of a
 *     group whose terms match itself may go anywhere that has the topology labels.
 *  2. required anti-affinity of the incoming pod: no matching pod in the term's domain —
 *     `node(s) didn't match pod anti-affinity rules`.
 *  3. required anti-affinity of the pods already running: the incoming pod must not land in a
 *     domain of a pod whose anti-affinity term it matches —
 *     `node(s) didn't satisfy existing pods anti-affinity rules`.
 * Anti-affinity rejections are Unschedulable: preempting the matching pods could help.
 *
 * Score (weight 2): for each domain, + weight for every existing pod matching a preferred
 * affinity term of the incoming pod, − weight for preferred anti-affinity, and symmetrically for
 * the existing pods' preferred terms (and their required affinity terms, hardPodAffinityWeight 1)
 * that the incoming pod matches; normalized to 0..100 between the lowest and highest node.
 *
 * Terms with a namespaceSelector are resolved to namespace names once per cycle.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { nothing, type Labels } from '../../../apimachinery/labels';
import { namespaceLabels, type PluginHandle } from '../framework/handle';
import {
  getAffinityTerms,
  topologyValueCount,
  type AffinityTerm,
  type NodeInfo,
  type PodInfo,
  type WeightedAffinityTerm,
} from '../framework/node-info';
import {
  ActionType,
  Code,
  MAX_NODE_SCORE,
  asStatus,
  newStatus,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterExtensions,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
  type StateData,
  type Status,
} from '../framework/types';
import { asNodes, asPods } from './helper';

export const ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH =
  "node(s) didn't satisfy existing pods anti-affinity rules";
export const ERR_REASON_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod affinity rules";
export const ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH = "node(s) didn't match pod anti-affinity rules";
const PRE_FILTER_STATE_KEY = 'PreFilterInterPodAffinity';
const PRE_SCORE_STATE_KEY = 'PreScoreInterPodAffinity';
/** InterPodAffinityArgs.hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

/**
 * topologyToMatchedTermCount: (topology key, value) → count, as one Int32Array per key indexed by
 * the value's interned id (NodeInfo.topologyId), cheaper than a fresh map of strings per cycle.
 * `size` is the number of pairs with a non-zero count (`len(map)` upstream, which deletes entries
 * that drop to zero).
 */
class TopologyCounts {
  private readonly keys: string[] = [];
  private readonly counts: Int32Array[] = [];
  size = 0;

  private slot(k: string): number {
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === k) return i;
    return -1;
  }

  /** The count of the node's domain for key `k` (0 when the node has no such label). */
  get(k: string, node: NodeInfo): number {
    const i = this.slot(k);
    if (i < 0) return 0;
    const id = node.topologyId(k);
    return id < 0 ? 0 : (this.counts[i]![id] ?? 0);
  }

  /** `update`: add `value` to the node's domain for key `k`, when the node has the label. */
  update(node: NodeInfo, k: string, value: number): void {
    const id = node.topologyId(k);
    if (id < 0) return;
    let i = this.slot(k);
    if (i < 0) {
      i = this.keys.length;
      this.keys.push(k);
      this.counts.push(new Int32Array(Math.max(16, topologyValueCount(k) + 16)));
    }
    let arr = this.counts[i]!;
    if (id >= arr.length) {
      const grown = new Int32Array(Math.max(arr.length * 2, id + 16));
      grown.set(arr);
      this.counts[i] = arr = grown;
    }
    const old = arr[id]!;
    const n = old + value;
    arr[id] = n;
    if (old === 0 && n !== 0) this.size++;
    else if (old !== 0 && n === 0) this.size--;
  }

  /** Add `value` for each term's domain when the pod matches ALL terms. */
  updateWithAffinityTerms(terms: readonly AffinityTerm[], pod: Pod, node: NodeInfo, value: number): void {
    if (podMatchesAllAffinityTerms(terms, pod))
      for (const t of terms) this.update(node, t.topologyKey, value);
  }

  /** Add `value` for each anti-affinity term the pod matches. */
  updateWithAntiAffinityTerms(
    terms: readonly AffinityTerm[],
    pod: Pod,
    nsLabels: Labels,
    node: NodeInfo,
    value: number,
  ): void {
    for (const t of terms) if (t.matches(pod, nsLabels)) this.update(node, t.topologyKey, value);
  }

  /** Some domain of the node has a positive count. */
  anyPositive(node: NodeInfo): boolean {
    for (let i = 0; i < this.keys.length; i++) {
      const id = node.topologyId(this.keys[i]!);
      if (id >= 0 && (this.counts[i]![id] ?? 0) > 0) return true;
    }
    return false;
  }

  clone(): TopologyCounts {
    const c = new TopologyCounts();
    for (let i = 0; i < this.keys.length; i++) {
      c.keys.push(this.keys[i]!);
      c.counts.push(this.counts[i]!.slice());
    }
    c.size = this.size;
    return c;
  }
}

/** `podMatchesAllAffinityTerms`: false for an empty list. */
export function podMatchesAllAffinityTerms(terms: readonly AffinityTerm[], pod: Pod): boolean {
  if (terms.length === 0) return false;
  for (const t of terms) {
    // The incoming pod's terms have namespaceSelector merged into namespaces: no labels needed.
    if (!t.matches(pod, null)) return false;
  }
  return true;
}

const podMatchesAnyAffinityTerm = (terms: readonly AffinityTerm[], pod: Pod): boolean =>
  terms.some((t) => t.matches(pod, null));

class PreFilterState implements StateData {
  constructor(
    /** The incoming pod's required terms, with namespace selectors resolved. */
    readonly requiredAffinityTerms: AffinityTerm[],
    readonly requiredAntiAffinityTerms: AffinityTerm[],
    readonly pod: PodInfo,
    readonly namespaceLabels: Labels,
    readonly existingAntiAffinityCounts: TopologyCounts,
    readonly affinityCounts: TopologyCounts,
    readonly antiAffinityCounts: TopologyCounts,
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.requiredAffinityTerms,
      this.requiredAntiAffinityTerms,
      this.pod,
      this.namespaceLabels,
      this.existingAntiAffinityCounts.clone(),
      this.affinityCounts.clone(),
      this.antiAffinityCounts.clone(),
    );
  }

  updateWithPod(pi: PodInfo, node: NodeInfo, multiplier: number): void {
    this.existingAntiAffinityCounts.updateWithAntiAffinityTerms(
      pi.requiredAntiAffinityTerms,
      this.pod.pod,
      this.namespaceLabels,
      node,
      multiplier,
    );
    this.affinityCounts.updateWithAffinityTerms(this.requiredAffinityTerms, pi.pod, node, multiplier);
    this.antiAffinityCounts.updateWithAntiAffinityTerms(
      this.requiredAntiAffinityTerms,
      pi.pod,
      null,
      node,
      multiplier,
    );
  }
}

class PreScoreState implements StateData {
  /** topologyKey → value → score. */
  topologyScore = new Map<string, Map<string, number>>();
  clone(): StateData {
    return this;
  }
}

function processTerm(
  m: Map<string, Map<string, number>>,
  term: AffinityTerm,
  weight: number,
  pod: Pod,
  nsLabels: Labels,
  node: Node,
  multiplier: number,
): void {
  if (!term.matches(pod, nsLabels)) return;
  const tpValue = node.metadata?.labels?.[term.topologyKey];
  if (tpValue === undefined) return;
  let inner = m.get(term.topologyKey);
  if (!inner) m.set(term.topologyKey, (inner = new Map()));
  inner.set(tpValue, (inner.get(tpValue) ?? 0) + weight * multiplier);
}

const processTerms = (
  m: Map<string, Map<string, number>>,
  terms: readonly WeightedAffinityTerm[],
  pod: Pod,
  nsLabels: Labels,
  node: Node,
  multiplier: number,
) => {
  for (const t of terms) processTerm(m, t.term, t.weight, pod, nsLabels, node, multiplier);
};

export class InterPodAffinity
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = 'InterPodAffinity';
  ignorePreferredTermsOfExistingPods = false;

  constructor(private readonly handle: Pick<PluginHandle, 'snapshot' | 'listers'>) {}

  /** `mergeAffinityTermNamespacesIfNotEmpty`: resolve a namespaceSelector into namespace names. */
  private mergeNamespaces(t: AffinityTerm): AffinityTerm {
    if (t.namespaceSelector.empty()) return t;
    const c = t.clone();
    for (const ns of this.handle.listers.namespaces(t.namespaceSelector))
      c.namespaces.add(ns.metadata?.name ?? '');
    c.namespaceSelector = nothing();
    return c;
  }

  private withMergedNamespaces(terms: readonly AffinityTerm[]): AffinityTerm[] {
    return terms.map((t) => this.mergeNamespaces(t));
  }

  // ---- PreFilter / Filter --------------------------------------------------------------------

  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null] {
    if (pod.parseError)
      return [null, newStatus(Code.UnschedulableAndUnresolvable, `parsing pod: ${pod.parseError}`)];
    const snapshot = this.handle.snapshot();
    const withAnti = snapshot.havePodsWithRequiredAntiAffinityNodeInfoList;
    if (
      withAnti.length === 0 &&
      pod.requiredAffinityTerms.length === 0 &&
      pod.requiredAntiAffinityTerms.length === 0
    )
      return [null, newStatus(Code.Skip)];
    const affinityTerms = this.withMergedNamespaces(pod.requiredAffinityTerms);
    const antiTerms = this.withMergedNamespaces(pod.requiredAntiAffinityTerms);
    const nsLabels = namespaceLabels(this.handle.listers, pod.namespace);

    // Existing pods' anti-affinity terms that the incoming pod matches.
    // Pods of one workload share their (interned) terms: match each distinct term once.
    const existing = new TopologyCounts();
    const matched = new Map<AffinityTerm, boolean>();
    for (const nodeInfo of withAnti) {
      for (const existingPod of nodeInfo.podsWithRequiredAntiAffinity) {
        for (const t of existingPod.requiredAntiAffinityTerms) {
          let m = matched.get(t);
          if (m === undefined) matched.set(t, (m = t.matches(pod.pod, nsLabels)));
          if (!m) continue;
          existing.update(nodeInfo, t.topologyKey, 1);
        }
      }
    }

    // The incoming pod's terms against the pods already running.
    const affinityCounts = new TopologyCounts();
    const antiAffinityCounts = new TopologyCounts();
    if (affinityTerms.length || antiTerms.length) {
      const nodes = snapshot.list();
      for (let i = 0; i < nodes.length; i++) {
        const nodeInfo = nodes[i]!;
        const pods = nodeInfo.pods;
        if (pods.length === 0) continue;
        for (let j = 0; j < pods.length; j++) {
          const existingPod = pods[j]!.pod;
          if (affinityTerms.length && podMatchesAllAffinityTerms(affinityTerms, existingPod))
            for (const t of affinityTerms) {
              affinityCounts.update(nodeInfo, t.topologyKey, 1);
            }
          for (let k = 0; k < antiTerms.length; k++) {
            const t = antiTerms[k]!;
            if (!t.matches(existingPod, null)) continue;
            antiAffinityCounts.update(nodeInfo, t.topologyKey, 1);
          }
        }
      }
    }

    if (existing.size === 0 && affinityTerms.length === 0 && antiTerms.length === 0)
      return [null, newStatus(Code.Skip)];
    state.write(
      PRE_FILTER_STATE_KEY,
      new PreFilterState(
        affinityTerms,
        antiTerms,
        pod,
        nsLabels,
        existing,
        affinityCounts,
        antiAffinityCounts,
      ),
    );
    return [null, null];
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (state, _pod, podInfoToAdd, nodeInfo) => {
        const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
        if (!s)
          return asStatus(
            new Error(`reading ${JSON.stringify(PRE_FILTER_STATE_KEY)} from cycleState: not found`),
          );
        s.updateWithPod(podInfoToAdd, nodeInfo, 1);
        return null;
      },
      removePod: (state, _pod, podInfoToRemove, nodeInfo) => {
        const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
        if (!s)
          return asStatus(
            new Error(`reading ${JSON.stringify(PRE_FILTER_STATE_KEY)} from cycleState: not found`),
          );
        s.updateWithPod(podInfoToRemove, nodeInfo, -1);
        return null;
      },
    };
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s)
      return asStatus(
        new Error(`reading ${JSON.stringify(PRE_FILTER_STATE_KEY)} from cycleState: not found`),
      );
    if (!satisfyPodAffinity(s, nodeInfo))
      return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyPodAntiAffinity(s, nodeInfo))
      return newStatus(Code.Unschedulable, ERR_REASON_ANTI_AFFINITY_RULES_NOT_MATCH);
    if (!satisfyExistingPodsAntiAffinity(s, nodeInfo))
      return newStatus(Code.Unschedulable, ERR_REASON_EXISTING_ANTI_AFFINITY_RULES_NOT_MATCH);
    return null;
  }

  // ---- PreScore / Score ----------------------------------------------------------------------

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    if (nodes.length === 0) return newStatus(Code.Skip);
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.ignorePreferredTermsOfExistingPods && !hasConstraints) return newStatus(Code.Skip);
    const snapshot = this.handle.snapshot();
    const allNodes = hasConstraints ? snapshot.list() : snapshot.havePodsWithAffinityNodeInfoList;
    if (allNodes.length === 0) return newStatus(Code.Skip);
    const preferredAffinity = pod.preferredAffinityTerms.map((t) => ({
      term: this.mergeNamespaces(t.term),
      weight: t.weight,
    }));
    const preferredAnti = pod.preferredAntiAffinityTerms.map((t) => ({
      term: this.mergeNamespaces(t.term),
      weight: t.weight,
    }));
    const nsLabels = namespaceLabels(this.handle.listers, pod.namespace);
    const s = new PreScoreState();
    for (const nodeInfo of allNodes) {
      const node = nodeInfo.node;
      const podsToProcess = hasConstraints ? nodeInfo.pods : nodeInfo.podsWithAffinity;
      // Without preferred terms of its own, only pods with terms that score matter (not, e.g.,
      // the pods that have required anti-affinity terms only).
      if (!hasConstraints && !podsToProcess.some((p) => p.hasScoringTerms)) continue;
      if (!node || !hasAnyLabel(nodeInfo.labels)) continue;
      for (const existing of podsToProcess) {
        if (!hasConstraints && !existing.hasScoringTerms) continue;
        processTerms(s.topologyScore, preferredAffinity, existing.pod, null, node, 1);
        processTerms(s.topologyScore, preferredAnti, existing.pod, null, node, -1);
        if (HARD_POD_AFFINITY_WEIGHT > 0)
          for (const t of existing.requiredAffinityTerms)
            processTerm(s.topologyScore, t, HARD_POD_AFFINITY_WEIGHT, pod.pod, nsLabels, node, 1);
        processTerms(s.topologyScore, existing.preferredAffinityTerms, pod.pod, nsLabels, node, 1);
        processTerms(s.topologyScore, existing.preferredAntiAffinityTerms, pod.pod, nsLabels, node, -1);
      }
    }
    // Entries that summed to zero still count as "something to score" upstream only when present.
    if (s.topologyScore.size === 0) return newStatus(Code.Skip);
    state.write(PRE_SCORE_STATE_KEY, s);
    return null;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) throw new Error(`reading ${JSON.stringify(PRE_SCORE_STATE_KEY)} from cycleState: not found`);
    const labels = nodeInfo.labels ?? {};
    let score = 0;
    for (const [tpKey, tpValues] of s.topologyScore) {
      const v = labels[tpKey];
      if (v !== undefined) score += tpValues.get(v) ?? 0;
    }
    return score;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: Float64Array): Status | null {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s || s.topologyScore.size === 0) return null;
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! > max) max = scores[i]!;
      if (scores[i]! < min) min = scores[i]!;
    }
    const diff = max - min;
    for (let i = 0; i < scores.length; i++) {
      const f = diff > 0 ? MAX_NODE_SCORE * ((scores[i]! - min) / diff) : 0;
      scores[i] = Math.trunc(f);
    }
    return null;
  }

  // ---- events --------------------------------------------------------------------------------

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: {
          resource: 'AssignedPod',
          actionType: ActionType.Add | ActionType.UpdatePodLabel | ActionType.Delete,
        },
        hint: (pod, oldObj, newObj) => this.isSchedulableAfterPodChange(pod, oldObj, newObj),
      },
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeLabel },
        hint: (pod, oldObj, newObj) => this.isSchedulableAfterNodeChange(pod, oldObj, newObj),
      },
    ];
  }

  private isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): 'Queue' | 'QueueSkip' {
    const [original, modified] = asPods(oldObj, newObj);
    if ((modified && !modified.spec?.nodeName) || (original && !original.spec?.nodeName)) return 'QueueSkip';
    const terms = getAffinityTerms(
      pod,
      pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    );
    const antiTerms = getAffinityTerms(
      pod,
      pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    );
    if (modified && original) {
      if (!podMatchesAllAffinityTerms(terms, original) && podMatchesAllAffinityTerms(terms, modified))
        return 'Queue';
      if (podMatchesAnyAffinityTerm(antiTerms, original) && !podMatchesAnyAffinityTerm(antiTerms, modified))
        return 'Queue';
      return 'QueueSkip';
    }
    if (modified) return podMatchesAllAffinityTerms(terms, modified) ? 'Queue' : 'QueueSkip';
    if (!original) return 'QueueSkip';
    return podMatchesAnyAffinityTerm(antiTerms, original) ? 'Queue' : 'QueueSkip';
  }

  private isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): 'Queue' | 'QueueSkip' {
    const [original, modified] = asNodes(oldObj, newObj);
    if (!modified) return 'QueueSkip';
    const ol = original?.metadata?.labels ?? {};
    const nl = modified.metadata?.labels ?? {};
    const terms = getAffinityTerms(
      pod,
      pod.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    );
    for (const t of terms) {
      if (!original) {
        if (t.topologyKey in nl) return 'Queue';
        continue;
      }
      const oh = t.topologyKey in ol;
      const mh = t.topologyKey in nl;
      if (!oh && mh) return 'Queue';
      if (oh && mh && ol[t.topologyKey] !== nl[t.topologyKey]) return 'Queue';
    }
    const antiTerms = getAffinityTerms(
      pod,
      pod.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    );
    for (const t of antiTerms) {
      if (!original) return 'Queue';
      const oh = t.topologyKey in ol;
      const mh = t.topologyKey in nl;
      if (oh && !mh) return 'Queue';
      if (oh && mh && ol[t.topologyKey] !== nl[t.topologyKey]) return 'Queue';
    }
    return 'QueueSkip';
  }
}

function hasAnyLabel(labels: Record<string, string>): boolean {
  for (const _ in labels) return true;
  return false;
}

/** The node satisfies the incoming pod's required affinity. */
function satisfyPodAffinity(s: PreFilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const t of s.requiredAffinityTerms) {
    if (node.topologyId(t.topologyKey) < 0) return false; // all topology labels must exist on the node
    if (s.affinityCounts.get(t.topologyKey, node) <= 0) podsExist = false;
  }
  if (!podsExist) {
    // The first pod of a group with affinity to itself may go anywhere with the topology labels.
    return s.affinityCounts.size === 0 && podMatchesAllAffinityTerms(s.requiredAffinityTerms, s.pod.pod);
  }
  return true;
}

/** No pod the incoming pod's anti-affinity hates is in the node's domains. */
function satisfyPodAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  if (s.antiAffinityCounts.size === 0) return true;
  for (const t of s.requiredAntiAffinityTerms) {
    if (s.antiAffinityCounts.get(t.topologyKey, node) > 0) return false;
  }
  return true;
}

/** No running pod whose anti-affinity matches the incoming pod shares a domain with this node. */
function satisfyExistingPodsAntiAffinity(s: PreFilterState, node: NodeInfo): boolean {
  // Upstream walks the node's labels; walking the (few) counted keys is the same test.
  return s.existingAntiAffinityCounts.size === 0 || !s.existingAntiAffinityCounts.anyPositive(node);
}
