/**
 * PodTopologySpread (k/k pkg/scheduler/framework/plugins/podtopologyspread).
 *
 * Filter (`whenUnsatisfiable: DoNotSchedule` constraints): for each constraint, the node's domain
 * (the value of its `topologyKey` label) may hold at most `maxSkew` more matching pods than the
 * emptiest eligible domain, counting the incoming pod if it matches the selector itself:
 *
 *     matching pods in the domain + self − global minimum ≤ maxSkew
 *
 * The global minimum is 0 while fewer than `minDomains` domains exist. A node without the
 * topology label is rejected (`… (missing required label)`, unresolvable). Which nodes count as
 * domains follows `nodeAffinityPolicy` (default Honor: only nodes the pod's nodeSelector /
 * required affinity accept) and `nodeTaintsPolicy` (default Ignore). Rejections are Unschedulable
 * (preemption can remove matching pods).
 *
 * Score (`ScheduleAnyway` constraints, weight 2), and the system default constraints for pods
 * without any (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) when a Service, ReplicaSet,
 * StatefulSet or ReplicationController selects the pod: each node scores Σ over constraints of
 * matching-pods-in-its-domain × log(domains + 2) + (maxSkew − 1); fewer is better, normalized as
 * 100 × (max + min − score) / max.
 */
import type { Node, Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import {
  labelSelectorAsSelector,
  newRequirement,
  selectorFromSet,
  type Labels,
  type Selector,
} from '../../../apimachinery/labels';
import type { PluginHandle } from '../framework/handle';
import {
  doNotScheduleTaintsFilter,
  findMatchingUntoleratedTaint,
  type RequiredNodeAffinity,
} from '../framework/helpers';
import type { NodeInfo, PodInfo } from '../framework/node-info';
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
import { requiredNodeAffinityOf } from './node-affinity';

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;
const PRE_FILTER_STATE_KEY = 'PreFilterPodTopologySpread';
const PRE_SCORE_STATE_KEY = 'PreScorePodTopologySpread';
const LABEL_HOSTNAME = 'kubernetes.io/hostname';
const INVALID_SCORE = -1;

/** The system default constraints (defaultingType: System). */
export const SYSTEM_DEFAULT_CONSTRAINTS: TopologySpreadConstraint[] = [
  { topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 3 },
  { topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', maxSkew: 5 },
];

/** The internal form of a constraint. */
export interface TopologySpreadConstraintInternal {
  maxSkew: number;
  topologyKey: string;
  selector: Selector;
  minDomains: number;
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

function matchNodeInclusionPolicies(
  c: TopologySpreadConstraintInternal,
  pod: Pod,
  node: NodeInfo,
  required: RequiredNodeAffinity,
): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !required.match(node.name, node.labels)) return false;
  if (
    c.nodeTaintsPolicy === 'Honor' &&
    findMatchingUntoleratedTaint(node.taints, pod.spec?.tolerations, doNotScheduleTaintsFilter)
  )
    return false;
  return true;
}

/** `nodeLabelsMatchSpreadConstraints`: the node has every constraint's topology key. */
export function nodeLabelsMatchSpreadConstraints(
  labels: Labels,
  constraints: readonly TopologySpreadConstraintInternal[],
): boolean {
  for (const c of constraints) if (!labels || !(c.topologyKey in labels)) return false;
  return true;
}

/** `countPodsMatchSelector`: pods in `ns` matching, terminating ones excluded. */
function countPodsMatchSelector(pods: readonly PodInfo[], selector: Selector, ns: string): number {
  if (selector.empty()) return 0;
  let count = 0;
  for (const p of pods) {
    if (p.isTerminating || p.namespace !== ns) continue;
    if (selector.matches(p.labels)) count++;
  }
  return count;
}

/**
 * Matching-pod counts per node, remembered while the node's content (its generation) stays the
 * same. Upstream counts every pod of every node in each PreScore (in 16 goroutines); here the
 * count of a node whose pods did not change since the last cycle with the same selector is
 * reused, which gives the same numbers. A generation is unique to one content of a node (clones
 * keep it, every change takes a new one), so a stale entry can never be read.
 */
class MatchCountCache {
  private readonly byNode = new Map<string, { gen: number; key: string; count: number }>();

  /** The cache key of a selector in a namespace. */
  static key(selector: Selector, ns: string): string {
    return `${ns}\u0000${selector.toString()}`;
  }

  count(node: NodeInfo, selector: Selector, key: string, ns: string): number {
    const e = this.byNode.get(node.name);
    if (e && e.gen === node.generation && e.key === key) return e.count;
    const count = countPodsMatchSelector(node.pods, selector, ns);
    if (e) {
      e.gen = node.generation;
      e.key = key;
      e.count = count;
    } else this.byNode.set(node.name, { gen: node.generation, key, count });
    return count;
  }
}

/** `criticalPaths`: the two domains with the fewest matching pods (a cheap running minimum). */
class CriticalPaths {
  p: { topologyValue: string; matchNum: number }[] = [
    { topologyValue: '', matchNum: 2147483647 },
    { topologyValue: '', matchNum: 2147483647 },
  ];

  update(tpVal: string, num: number): void {
    const p = this.p;
    let i = -1;
    if (tpVal === p[0]!.topologyValue) i = 0;
    else if (tpVal === p[1]!.topologyValue) i = 1;
    if (i >= 0) {
      p[i]!.matchNum = num;
      if (p[0]!.matchNum > p[1]!.matchNum) [p[0], p[1]] = [p[1]!, p[0]!];
    } else if (num < p[0]!.matchNum) {
      p[1] = { ...p[0]! };
      p[0] = { topologyValue: tpVal, matchNum: num };
    } else if (num < p[1]!.matchNum) {
      p[1] = { topologyValue: tpVal, matchNum: num };
    }
  }

  clone(): CriticalPaths {
    const c = new CriticalPaths();
    c.p = this.p.map((x) => ({ ...x }));
    return c;
  }
}

class PreFilterState implements StateData {
  constructor(
    readonly constraints: TopologySpreadConstraintInternal[],
    /** Per constraint: domain value → matching pods. */
    readonly tpValueToMatchNum: Map<string, number>[],
    readonly criticalPaths: CriticalPaths[],
  ) {}

  clone(): StateData {
    return new PreFilterState(
      this.constraints,
      this.tpValueToMatchNum.map((m) => new Map(m)),
      this.criticalPaths.map((c) => c.clone()),
    );
  }

  /** The global minimum for the skew, with minDomains taken into account. */
  minMatchNum(i: number, minDomains: number): number {
    let min = this.criticalPaths[i]!.p[0]!.matchNum;
    if (this.tpValueToMatchNum[i]!.size < minDomains) min = 0;
    return min;
  }

  updateWithPod(updated: PodInfo, preemptor: PodInfo, node: NodeInfo, delta: number): void {
    if (updated.namespace !== preemptor.namespace || !node.node) return;
    if (!nodeLabelsMatchSpreadConstraints(node.labels, this.constraints)) return;
    const required = requiredNodeAffinityOf(preemptor);
    this.constraints.forEach((c, i) => {
      if (!c.selector.matches(updated.labels)) return;
      if (!matchNodeInclusionPolicies(c, preemptor.pod, node, required)) return;
      const v = node.labels![c.topologyKey]!;
      const m = this.tpValueToMatchNum[i]!;
      const n = (m.get(v) ?? 0) + delta;
      m.set(v, n);
      this.criticalPaths[i]!.update(v, n);
    });
  }
}

class PreScoreState implements StateData {
  constraints: TopologySpreadConstraintInternal[] = [];
  ignoredNodes = new Set<string>();
  /** Per constraint: domain value → matching pods (not for hostname: counted per node in Score). */
  topologyValueToPodCounts: Map<string, number>[] = [];
  topologyNormalizingWeight: number[] = [];
  /** Per constraint: its MatchCountCache key and cache. */
  countKeys: string[] = [];
  countCaches: MatchCountCache[] = [];

  clone(): StateData {
    return this;
  }
}

export class PodTopologySpread
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = 'PodTopologySpread';
  /** defaultingType System: the defaults above, and nodes lacking a zone label still spread by hostname. */
  readonly systemDefaulted = true;
  readonly defaultConstraints = SYSTEM_DEFAULT_CONSTRAINTS;
  /** One cache per constraint position, for Score (`s`) and for Filter (`f`) constraints. */
  private readonly counts = new Map<string, MatchCountCache>();

  private countCache(i: number, phase: 's' | 'f' = 's'): MatchCountCache {
    const k = `${phase}${i}`;
    let c = this.counts.get(k);
    if (!c) {
      c = new MatchCountCache();
      this.counts.set(k, c);
    }
    return c;
  }

  constructor(private readonly handle: Pick<PluginHandle, 'snapshot' | 'listers'>) {}

  // ---- constraints ---------------------------------------------------------------------------

  /** `filterTopologySpreadConstraints`: the constraints with this action, selectors compiled. */
  filterConstraints(
    constraints: readonly TopologySpreadConstraint[],
    podLabels: Record<string, string>,
    action: 'DoNotSchedule' | 'ScheduleAnyway',
  ): TopologySpreadConstraintInternal[] {
    const out: TopologySpreadConstraintInternal[] = [];
    for (const c of constraints) {
      if (c.whenUnsatisfiable !== action) continue;
      let selector = labelSelectorAsSelector(c.labelSelector ?? null);
      if (c.matchLabelKeys?.length) {
        const reqs = [];
        for (const k of c.matchLabelKeys)
          if (k in podLabels) reqs.push(newRequirement(k, 'in', [podLabels[k]!]));
        if (reqs.length) selector = selector.add(...reqs);
      }
      out.push({
        maxSkew: c.maxSkew,
        topologyKey: c.topologyKey,
        selector,
        minDomains: c.minDomains ?? 1,
        nodeAffinityPolicy: (c.nodeAffinityPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Honor',
        nodeTaintsPolicy: (c.nodeTaintsPolicy as 'Honor' | 'Ignore' | undefined) ?? 'Ignore',
      });
    }
    return out;
  }

  /** The pod's own constraints, or the system defaults with the pod's owners' selector. */
  getConstraints(pod: Pod, action: 'DoNotSchedule' | 'ScheduleAnyway'): TopologySpreadConstraintInternal[] {
    const labels = pod.metadata?.labels ?? {};
    if ((pod.spec?.topologySpreadConstraints ?? []).length > 0)
      return this.filterConstraints(pod.spec!.topologySpreadConstraints!, labels, action);
    if (!this.defaultConstraints.some((c) => c.whenUnsatisfiable === action)) return [];
    // Without labels only a Service with an empty selector selects the pod, and without a
    // controller no owner does: the default constraints have no selector, nothing to spread.
    if (
      Object.keys(labels).length === 0 &&
      !(pod.metadata?.ownerReferences ?? []).some((o) => o.controller) &&
      !this.handle.listers
        .services(pod.metadata?.namespace ?? '')
        .some((s) => s.spec?.selector && Object.keys(s.spec.selector).length === 0)
    )
      return [];
    const constraints = this.filterConstraints(this.defaultConstraints, labels, action);
    if (constraints.length === 0) return [];
    const selector = this.defaultSelector(pod);
    if (selector.empty()) return [];
    for (const c of constraints) c.selector = selector;
    return constraints;
  }

  /**
   * `helper.DefaultSelector`: the labels of every Service selecting the pod, plus the selector of
   * its controlling ReplicaSet, StatefulSet or ReplicationController.
   */
  defaultSelector(pod: Pod): Selector {
    const ns = pod.metadata?.namespace ?? '';
    const podLabels = pod.metadata?.labels ?? {};
    const set: Record<string, string> = {};
    for (const svc of this.handle.listers.services(ns)) {
      const sel = svc.spec?.selector;
      if (!sel) continue;
      if (selectorFromSet(sel).matches(podLabels)) Object.assign(set, sel);
    }
    let selector = selectorFromSet(set);
    const owner = (pod.metadata?.ownerReferences ?? []).find((o) => o.controller);
    if (!owner) return selector;
    if (owner.apiVersion === 'v1' && owner.kind === 'ReplicationController') {
      const rc = this.handle.listers.replicationController(ns, owner.name);
      if (rc?.spec?.selector) selector = selectorFromSet({ ...set, ...rc.spec.selector });
    } else if (
      owner.apiVersion === 'apps/v1' &&
      (owner.kind === 'ReplicaSet' || owner.kind === 'StatefulSet')
    ) {
      const obj =
        owner.kind === 'ReplicaSet'
          ? this.handle.listers.replicaSet(ns, owner.name)
          : this.handle.listers.statefulSet(ns, owner.name);
      if (obj?.spec?.selector) {
        try {
          const [reqs, ok] = labelSelectorAsSelector(obj.spec.selector).requirements();
          if (ok) selector = selector.add(...reqs);
        } catch {
          // an invalid selector adds nothing
        }
      }
    }
    return selector;
  }

  // ---- PreFilter / Filter --------------------------------------------------------------------

  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null] {
    let constraints: TopologySpreadConstraintInternal[];
    try {
      constraints = this.getConstraints(pod.pod, 'DoNotSchedule');
    } catch (e) {
      return [null, asStatus(new Error(`get constraints from pod: ${(e as Error).message}`))];
    }
    if (constraints.length === 0) return [null, newStatus(Code.Skip)];
    const required = requiredNodeAffinityOf(pod);
    const tpValueToMatchNum = constraints.map(() => new Map<string, number>());
    const keys = constraints.map((c) => MatchCountCache.key(c.selector, pod.namespace));
    const caches = constraints.map((_, i) => this.countCache(i, 'f'));
    for (const nodeInfo of this.handle.snapshot().list()) {
      if (!nodeLabelsMatchSpreadConstraints(nodeInfo.labels, constraints)) continue;
      constraints.forEach((c, i) => {
        if (!matchNodeInclusionPolicies(c, pod.pod, nodeInfo, required)) return;
        const value = nodeInfo.labels![c.topologyKey]!;
        const count = caches[i]!.count(nodeInfo, c.selector, keys[i]!, pod.namespace);
        const m = tpValueToMatchNum[i]!;
        m.set(value, (m.get(value) ?? 0) + count);
      });
    }
    const criticalPaths = constraints.map((_, i) => {
      const cp = new CriticalPaths();
      for (const [value, num] of tpValueToMatchNum[i]!) cp.update(value, num);
      return cp;
    });
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(constraints, tpValueToMatchNum, criticalPaths));
    return [null, null];
  }

  preFilterExtensions(): PreFilterExtensions {
    return {
      addPod: (state, podToSchedule, podInfoToAdd, nodeInfo) => {
        state
          .read<PreFilterState>(PRE_FILTER_STATE_KEY)
          ?.updateWithPod(podInfoToAdd, podToSchedule, nodeInfo, 1);
        return null;
      },
      removePod: (state, podToSchedule, podInfoToRemove, nodeInfo) => {
        state
          .read<PreFilterState>(PRE_FILTER_STATE_KEY)
          ?.updateWithPod(podInfoToRemove, podToSchedule, nodeInfo, -1);
        return null;
      },
    };
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s)
      return asStatus(
        new Error(`reading ${JSON.stringify(PRE_FILTER_STATE_KEY)} from cycleState: not found`),
      );
    if (s.constraints.length === 0) return null;
    const labels = nodeInfo.labels ?? {};
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const tpVal = labels[c.topologyKey];
      if (tpVal === undefined)
        return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_LABEL_NOT_MATCH);
      const minMatchNum = s.minMatchNum(i, c.minDomains);
      const selfMatchNum = c.selector.matches(pod.labels) ? 1 : 0;
      const matchNum = s.tpValueToMatchNum[i]!.get(tpVal) ?? 0;
      if (matchNum + selfMatchNum - minMatchNum > c.maxSkew)
        return newStatus(Code.Unschedulable, ERR_REASON_CONSTRAINTS_NOT_MATCH);
    }
    return null;
  }

  // ---- PreScore / Score ----------------------------------------------------------------------

  preScore(state: CycleState, pod: PodInfo, filteredNodes: readonly NodeInfo[]): Status | null {
    const allNodes = this.handle.snapshot().list();
    if (allNodes.length === 0) return newStatus(Code.Skip);
    const requireAllTopologies =
      (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    let constraints: TopologySpreadConstraintInternal[];
    try {
      constraints = this.getConstraints(pod.pod, 'ScheduleAnyway');
    } catch (e) {
      return asStatus(new Error(`calculating preScoreState: ${(e as Error).message}`));
    }
    if (constraints.length === 0) return newStatus(Code.Skip);
    const s = new PreScoreState();
    s.constraints = constraints;
    s.countKeys = constraints.map((c) => MatchCountCache.key(c.selector, pod.namespace));
    s.countCaches = constraints.map((_, i) => this.countCache(i));
    s.topologyValueToPodCounts = s.constraints.map(() => new Map());
    const topoSize = s.constraints.map(() => 0);
    for (const node of filteredNodes) {
      if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(node.labels, s.constraints)) {
        s.ignoredNodes.add(node.name);
        continue;
      }
      s.constraints.forEach((c, i) => {
        if (c.topologyKey === LABEL_HOSTNAME) return;
        const value = (node.labels ?? {})[c.topologyKey] ?? '';
        const m = s.topologyValueToPodCounts[i]!;
        if (!m.has(value)) {
          m.set(value, 0);
          topoSize[i]!++;
        }
      });
    }
    s.topologyNormalizingWeight = s.constraints.map((c, i) => {
      let sz = topoSize[i]!;
      if (c.topologyKey === LABEL_HOSTNAME) sz = filteredNodes.length - s.ignoredNodes.size;
      return Math.log(sz + 2);
    });
    const required = requiredNodeAffinityOf(pod);
    // Hostname constraints are counted per node in Score: their maps stay empty here.
    const counted = s.constraints.flatMap((c, i) => (c.topologyKey === LABEL_HOSTNAME ? [] : [i]));
    if (counted.length > 0) {
      for (const nodeInfo of allNodes) {
        if (requireAllTopologies && !nodeLabelsMatchSpreadConstraints(nodeInfo.labels, s.constraints))
          continue;
        const labels = nodeInfo.labels ?? {};
        for (const i of counted) {
          const c = s.constraints[i]!;
          const value = labels[c.topologyKey] ?? '';
          const m = s.topologyValueToPodCounts[i]!;
          const cur = m.get(value);
          if (cur === undefined) continue;
          if (!matchNodeInclusionPolicies(c, pod.pod, nodeInfo, required)) continue;
          m.set(value, cur + s.countCaches[i]!.count(nodeInfo, c.selector, s.countKeys[i]!, pod.namespace));
        }
      }
    }
    state.write(PRE_SCORE_STATE_KEY, s);
    return null;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) throw new Error(`reading ${JSON.stringify(PRE_SCORE_STATE_KEY)} from cycleState: not found`);
    if (s.ignoredNodes.has(nodeInfo.name)) return 0;
    const labels = nodeInfo.labels ?? {};
    let score = 0;
    for (let i = 0; i < s.constraints.length; i++) {
      const c = s.constraints[i]!;
      const tpVal = labels[c.topologyKey];
      if (tpVal === undefined) continue;
      const cnt =
        c.topologyKey === LABEL_HOSTNAME
          ? s.countCaches[i]!.count(nodeInfo, c.selector, s.countKeys[i]!, pod.namespace)
          : (s.topologyValueToPodCounts[i]!.get(tpVal) ?? 0);
      score += cnt * s.topologyNormalizingWeight[i]! + (c.maxSkew - 1);
    }
    return goRound(score);
  }

  normalizeScore(
    state: CycleState,
    _pod: PodInfo,
    scores: Float64Array,
    nodes: readonly NodeInfo[],
  ): Status | null {
    const s = state.read<PreScoreState>(PRE_SCORE_STATE_KEY);
    if (!s) return null;
    let minScore = Number.MAX_SAFE_INTEGER;
    let maxScore = 0;
    for (let i = 0; i < scores.length; i++) {
      if (s.ignoredNodes.has(nodes[i]!.name)) {
        scores[i] = INVALID_SCORE;
        continue;
      }
      const v = scores[i]!;
      if (v < minScore) minScore = v;
      if (v > maxScore) maxScore = v;
    }
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] === INVALID_SCORE) {
        scores[i] = 0;
        continue;
      }
      if (maxScore === 0) {
        scores[i] = MAX_NODE_SCORE;
        continue;
      }
      scores[i] = Math.trunc((MAX_NODE_SCORE * (maxScore + minScore - scores[i]!)) / maxScore);
    }
    return null;
  }

  // ---- events --------------------------------------------------------------------------------

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: {
          resource: 'Pod',
          actionType:
            ActionType.Add | ActionType.UpdatePodLabel | ActionType.UpdatePodTolerations | ActionType.Delete,
        },
        hint: (pod, oldObj, newObj) => this.isSchedulableAfterPodChange(pod, oldObj, newObj),
      },
      {
        event: {
          resource: 'Node',
          actionType:
            ActionType.Add | ActionType.Delete | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint,
        },
        hint: (pod, oldObj, newObj) => this.isSchedulableAfterNodeChange(pod, oldObj, newObj),
      },
    ];
  }

  private isSchedulableAfterPodChange(pod: Pod, oldObj: unknown, newObj: unknown): 'Queue' | 'QueueSkip' {
    const [original, modified] = asPods(oldObj, newObj);
    const involved = (p: Pod) =>
      p.metadata?.uid === pod.metadata?.uid ||
      (!!p.spec?.nodeName && p.metadata?.namespace === pod.metadata?.namespace);
    if ((modified && !involved(modified)) || (original && !involved(original))) return 'QueueSkip';
    const constraints = this.getConstraints(pod, 'DoNotSchedule');
    if (modified && original) {
      if (original.metadata?.uid === pod.metadata?.uid)
        return JSON.stringify(modified.spec?.tolerations ?? []) ===
          JSON.stringify(original.spec?.tolerations ?? [])
          ? 'QueueSkip'
          : 'Queue';
      const ol = original.metadata?.labels ?? {};
      const nl = modified.metadata?.labels ?? {};
      if (JSON.stringify(ol) === JSON.stringify(nl)) return 'QueueSkip';
      for (const c of constraints) if (c.selector.matches(ol) !== c.selector.matches(nl)) return 'Queue';
      return 'QueueSkip';
    }
    const p = modified ?? original;
    if (!p) return 'QueueSkip';
    for (const c of constraints) if (c.selector.matches(p.metadata?.labels ?? {})) return 'Queue';
    return 'QueueSkip';
  }

  private isSchedulableAfterNodeChange(pod: Pod, oldObj: unknown, newObj: unknown): 'Queue' | 'QueueSkip' {
    const [original, modified] = asNodes(oldObj, newObj);
    const constraints = this.getConstraints(pod, 'DoNotSchedule');
    const matching = (n: Node | undefined) =>
      !!n && nodeLabelsMatchSpreadConstraints(n.metadata?.labels ?? {}, constraints);
    const om = matching(original);
    const mm = matching(modified);
    if (original && modified) {
      if (om !== mm) return 'Queue';
      if (mm) {
        const ol = original.metadata?.labels ?? {};
        const nl = modified.metadata?.labels ?? {};
        if (constraints.some((c) => ol[c.topologyKey] !== nl[c.topologyKey])) return 'Queue';
        if (JSON.stringify(original.spec?.taints ?? []) !== JSON.stringify(modified.spec?.taints ?? []))
          return 'Queue';
      }
      return 'QueueSkip';
    }
    if (modified) return mm ? 'Queue' : 'QueueSkip';
    return om ? 'Queue' : 'QueueSkip';
  }
}

/** Go's math.Round: half away from zero. */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
