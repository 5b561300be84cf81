/**
 * frameworkImpl (k/k pkg/scheduler/framework/runtime/framework.go): one scheduling profile's
 * plugins, sorted by extension point in the profile's order, and the code that runs each
 * extension point with upstream's rules:
 *
 *  - PreFilter: a Skip means the plugin's Filter is not run this cycle; UnschedulableAndUnresolvable
 *    stops at once; Unschedulable lets the others run (preemption may still help); PreFilterResults
 *    (node name sets) are intersected.
 *  - Filter: per node, the plugins run in order and the first rejection wins; later plugins are
 *    not run for that node.
 *  - Score: every non-skipped plugin scores every feasible node, NormalizeScore rewrites the scores
 *    to 0..100, and the weighted sum is the node's total.
 *
 * Go runs Filter and Score in parallel over nodes; here they run in node order, which gives the
 * same results (upstream's results do not depend on the order either, except which nodes are
 * examined when enough feasible ones are found, and that is kept: see schedule-one.ts).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo } from './node-info';
import {
  Code,
  CycleState,
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  Status,
  asStatus,
  newStatus,
  type BindPlugin,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type NodeToStatus,
  type FilterPlugin,
  type Plugin,
  type PostFilterPlugin,
  type PostFilterResult,
  type PreEnqueuePlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type PreScorePlugin,
  type ScorePlugin,
} from './types';

/** What plugins may ask of the scheduler they run in (framework.Handle, in small). */
export interface FrameworkHandle {
  /** Pods nominated to run on a node (preemptors waiting for their victims to go). */
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** A plugin with its score weight (profile config). */
export interface PluginEntry {
  plugin: Plugin;
  weight?: number;
}

/** What RunScorePlugins computed, kept whole for the decision record. */
export interface ScoreResult {
  /** The Score plugins that ran (not skipped by PreScore), in profile order. */
  plugins: ScorePlugin[];
  weights: number[];
  /** Per plugin, per node (in `nodes` order): what Score returned. */
  raw: Float64Array[];
  /** Per plugin, per node: after NormalizeScore (before the weight). */
  normalized: Float64Array[];
  /** Per node: Σ normalized × weight. */
  totals: Float64Array;
  /** The pooled storage behind the arrays above (ScoreBufferPool.release when done with them). */
  buffer?: Float64Array;
}

/**
 * Reusable storage for the score arrays: one buffer per attempt (raw and normalized scores of
 * every plugin and the totals, as views), taken here and given back when the decision record
 * that holds it is dropped. Allocating typed arrays of this size per plugin per attempt costs
 * more than scoring 500 nodes.
 */
export class ScoreBufferPool {
  private readonly free = new Map<number, Float64Array[]>();

  /** A buffer of at least `len` doubles, contents undefined. */
  get(len: number): Float64Array {
    const cap = len <= 64 ? 64 : 2 ** Math.ceil(Math.log2(len));
    return this.free.get(cap)?.pop() ?? new Float64Array(cap);
  }

  release(buf: Float64Array): void {
    let l = this.free.get(buf.length);
    if (!l) this.free.set(buf.length, (l = []));
    if (l.length < 8) l.push(buf);
  }
}

export interface PreFilterOutcome {
  result: PreFilterResult | null;
  status: Status | null;
  /** Plugins whose PreFilterResult restricted the nodes (the diagnosis' unschedulable plugins). */
  pluginsWithNodes: Set<string>;
  /** Per plugin in order: its PreFilter status (null = success), for the decision record. */
  statuses: { plugin: string; status: Status | null }[];
}

// Local copies: imported bindings are live bindings, and some module transforms make every
// access a getter call; these are read in the per-node loops.
const SUCCESS = Code.Success;
const MAX_SCORE = MAX_NODE_SCORE;
const MIN_SCORE = MIN_NODE_SCORE;

const has = <K extends string>(p: Plugin, method: K): p is Plugin & Record<K, unknown> =>
  typeof (p as unknown as Record<string, unknown>)[method] === 'function';

export class Framework {
  readonly preEnqueuePlugins: PreEnqueuePlugin[] = [];
  readonly preFilterPlugins: PreFilterPlugin[] = [];
  readonly filterPlugins: FilterPlugin[] = [];
  /** Storage for runScorePlugins' arrays; the decision store gives it back. */
  readonly scoreBuffers = new ScoreBufferPool();
  private _filterPluginNames: readonly string[] | undefined;
  private _scoreWeights: readonly { plugin: string; weight: number }[] | undefined;

  /** The Filter plugins' names in profile order (shared by the decision records). */
  get filterPluginNames(): readonly string[] {
    return (this._filterPluginNames ??= Object.freeze(this.filterPlugins.map((p) => p.name)));
  }

  /** The Score plugins with their weights in profile order (shared by the decision records). */
  get scoreWeights(): readonly { plugin: string; weight: number }[] {
    return (this._scoreWeights ??= Object.freeze(
      this.scorePlugins.map((p) =>
        Object.freeze({ plugin: p.name, weight: this.scoreWeight.get(p.name) ?? 1 }),
      ),
    ));
  }
  readonly postFilterPlugins: PostFilterPlugin[] = [];
  readonly preScorePlugins: PreScorePlugin[] = [];
  readonly scorePlugins: ScorePlugin[] = [];
  readonly bindPlugins: BindPlugin[] = [];
  readonly enqueueExtensions: EnqueueExtensions[] = [];
  readonly scoreWeight = new Map<string, number>();
  readonly plugins: Plugin[] = [];
  /** 0 = adaptive (the default profile leaves percentageOfNodesToScore unset). */
  percentageOfNodesToScore = 0;
  handle: FrameworkHandle = { nominatedPodsForNode: () => [] };

  constructor(
    /** The profile's schedulerName. */
    readonly profileName: string,
    entries: PluginEntry[],
  ) {
    for (const { plugin: p, weight } of entries) {
      this.plugins.push(p);
      if (has(p, 'preEnqueue')) this.preEnqueuePlugins.push(p as unknown as PreEnqueuePlugin);
      if (has(p, 'preFilter')) this.preFilterPlugins.push(p as unknown as PreFilterPlugin);
      if (has(p, 'filter')) this.filterPlugins.push(p as unknown as FilterPlugin);
      if (has(p, 'postFilter')) this.postFilterPlugins.push(p as unknown as PostFilterPlugin);
      if (has(p, 'preScore')) this.preScorePlugins.push(p as unknown as PreScorePlugin);
      if (has(p, 'score')) {
        this.scorePlugins.push(p as unknown as ScorePlugin);
        this.scoreWeight.set(p.name, weight ?? 1);
      }
      if (has(p, 'bind')) this.bindPlugins.push(p as unknown as BindPlugin);
      if (has(p, 'eventsToRegister')) this.enqueueExtensions.push(p as unknown as EnqueueExtensions);
    }
  }

  /** The events each plugin registered, for the queue's hint map. */
  eventsToRegister(): Map<string, ClusterEventWithHint[]> {
    const m = new Map<string, ClusterEventWithHint[]>();
    for (const p of this.enqueueExtensions) m.set(p.name, p.eventsToRegister());
    return m;
  }

  runPreEnqueuePlugins(pod: Pod): Status | null {
    for (const p of this.preEnqueuePlugins) {
      const s = p.preEnqueue(pod);
      if (s && s.code !== Code.Success) {
        s.plugin = p.name;
        if (!s.isRejected())
          return asStatus(new Error(`running PreEnqueue plugin ${p.name}: ${s.message()}`));
        return s;
      }
    }
    return null;
  }

  runPreFilterPlugins(state: CycleState, pod: PodInfo): PreFilterOutcome {
    let result: PreFilterResult | null = null;
    const pluginsWithNodes = new Set<string>();
    const skip = new Set<string>();
    const statuses: PreFilterOutcome['statuses'] = [];
    let returnStatus: Status | null = null;
    for (const p of this.preFilterPlugins) {
      let r: PreFilterResult | null;
      let s: Status | null;
      try {
        [r, s] = p.preFilter(state, pod);
      } catch (e) {
        [r, s] = [null, asStatus(e)];
      }
      statuses.push({ plugin: p.name, status: s });
      if (s?.isSkip()) {
        skip.add(p.name);
        continue;
      }
      if (s && s.code !== Code.Success) {
        s.plugin = p.name;
        if (s.code === Code.UnschedulableAndUnresolvable) {
          return { result: null, status: s, pluginsWithNodes: new Set(), statuses };
        }
        if (s.code === Code.Unschedulable) {
          returnStatus = s;
          continue;
        }
        const err = asStatus(new Error(`running PreFilter plugin ${JSON.stringify(p.name)}: ${s.message()}`));
        err.plugin = p.name;
        return { result: null, status: err, pluginsWithNodes: new Set(), statuses };
      }
      if (r?.nodeNames) pluginsWithNodes.add(p.name);
      result = mergePreFilterResult(result, r);
      if (result?.nodeNames && result.nodeNames.size === 0) {
        const names = [...pluginsWithNodes].sort();
        const msg =
          names.length === 1
            ? `node(s) didn't satisfy plugin ${names[0]}`
            : `node(s) didn't satisfy plugin(s) [${names.join(' ')}] simultaneously`;
        return {
          result,
          status: newStatus(Code.UnschedulableAndUnresolvable, msg),
          pluginsWithNodes,
          statuses,
        };
      }
    }
    state.skipFilterPlugins = skip;
    state.activeFilterPlugins = skip.size
      ? this.filterPlugins.filter((p) => !skip.has(p.name))
      : this.filterPlugins;
    return { result, status: returnStatus, pluginsWithNodes, statuses };
  }

  runPreFilterExtensionAddPod(
    state: CycleState,
    podToSchedule: PodInfo,
    podInfoToAdd: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | null {
    for (const p of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.addPod(state, podToSchedule, podInfoToAdd, nodeInfo);
      if (s && s.code !== Code.Success)
        return asStatus(
          new Error(`running AddPod on PreFilter plugin ${JSON.stringify(p.name)}: ${s.message()}`),
        );
    }
    return null;
  }

  runPreFilterExtensionRemovePod(
    state: CycleState,
    podToSchedule: PodInfo,
    podInfoToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | null {
    for (const p of this.preFilterPlugins) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const ext = p.preFilterExtensions?.();
      if (!ext) continue;
      const s = ext.removePod(state, podToSchedule, podInfoToRemove, nodeInfo);
      if (s && s.code !== Code.Success)
        return asStatus(
          new Error(`running RemovePod on PreFilter plugin ${JSON.stringify(p.name)}: ${s.message()}`),
        );
    }
    return null;
  }

  /** RunFilterPlugins: the first plugin that rejects the node decides. null = the node fits. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    let plugins = state.activeFilterPlugins;
    if (!plugins) {
      const skip = state.skipFilterPlugins;
      plugins = state.activeFilterPlugins = this.filterPlugins.filter((p) => !skip.has(p.name));
    }
    for (let i = 0; i < plugins.length; i++) {
      const p = plugins[i]!;
      let s: Status | null;
      try {
        s = p.filter(state, pod, nodeInfo);
      } catch (e) {
        s = asStatus(e);
      }
      if (s !== null && s.code !== SUCCESS) {
        if (!s.isRejected()) {
          s = asStatus(new Error(`running ${JSON.stringify(p.name)} filter plugin: ${s.message()}`));
        }
        s.plugin = p.name;
        return s;
      }
    }
    return null;
  }

  /**
   * RunFilterPluginsWithNominatedPods: when pods of equal or higher priority are nominated to this
   * node, the filters run twice, once as if those pods were already there and once without them;
   * the pod must fit both ways (a conservative decision, see upstream's comment).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, info: NodeInfo): Status | null {
    const nominated = this.handle.nominatedPodsForNode(info.name);
    if (nominated.length === 0) return this.runFilterPlugins(state, pod, info);
    let status: Status | null = null;
    let podsAdded = false;
    for (let i = 0; i < 2; i++) {
      let stateToUse = state;
      let nodeInfoToUse = info;
      if (i === 0) {
        const added = this.addGENominatedPods(state, pod, info, nominated);
        if (added instanceof Status) return added;
        [podsAdded, stateToUse, nodeInfoToUse] = added;
      } else if (!podsAdded || status !== null) {
        break;
      }
      status = this.runFilterPlugins(stateToUse, pod, nodeInfoToUse);
      if (status !== null && !status.isRejected()) return status;
    }
    return status;
  }

  private addGENominatedPods(
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
    nominated: readonly PodInfo[],
  ): [boolean, CycleState, NodeInfo] | Status {
    let nodeInfoOut: NodeInfo | null = null;
    let stateOut: CycleState | null = null;
    for (const pi of nominated) {
      if (pi.priority >= pod.priority && pi.uid !== pod.uid) {
        nodeInfoOut ??= nodeInfo.clone();
        stateOut ??= state.clone();
        nodeInfoOut.addPodInfo(pi);
        const s = this.runPreFilterExtensionAddPod(stateOut, pod, pi, nodeInfoOut);
        if (s !== null) return s;
      }
    }
    if (!nodeInfoOut || !stateOut) return [false, state, nodeInfo];
    return [true, stateOut, nodeInfoOut];
  }

  /**
   * RunPostFilterPlugins: the first plugin that succeeds (or is UnschedulableAndUnresolvable)
   * decides; otherwise the reasons of all of them are combined.
   */
  runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    m: NodeToStatus,
  ): [PostFilterResult | null, Status | null] {
    let result: PostFilterResult | null = null;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.postFilterPlugins) {
      let r: PostFilterResult | null;
      let s: Status | null;
      try {
        [r, s] = p.postFilter(state, pod, m);
      } catch (e) {
        [r, s] = [null, asStatus(e)];
      }
      if (s === null || s.code === Code.Success) return [r, s];
      if (s.code === Code.UnschedulableAndUnresolvable) return [r, s.withPlugin(p.name)];
      if (!s.isRejected()) return [null, asStatus(s.asError()).withPlugin(p.name)];
      if (r?.nominatingInfo && r.nominatingInfo.mode !== 'Noop') result = r;
      reasons.push(...s.reasons);
      if (!rejector) rejector = p.name;
    }
    return [result, new Status(Code.Unschedulable, reasons).withPlugin(rejector)];
  }

  /** RunPreScorePlugins: a Skip removes the plugin from this cycle's Score. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null {
    const skip = new Set<string>();
    for (const p of this.preScorePlugins) {
      let s: Status | null;
      try {
        s = p.preScore(state, pod, nodes);
      } catch (e) {
        s = asStatus(e);
      }
      if (s?.isSkip()) {
        skip.add(p.name);
        continue;
      }
      if (s && s.code !== Code.Success)
        return asStatus(new Error(`running PreScore plugin ${JSON.stringify(p.name)}: ${s.message()}`));
    }
    state.skipScorePlugins = skip;
    return null;
  }

  /** RunScorePlugins: raw scores, NormalizeScore, range check, weights, totals. */
  runScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): ScoreResult | Status {
    const plugins: ScorePlugin[] = [];
    const skip = state.skipScorePlugins;
    for (const p of this.scorePlugins) if (skip.size === 0 || !skip.has(p.name)) plugins.push(p);
    const n = nodes.length;
    const raw: Float64Array[] = [];
    const normalized: Float64Array[] = [];
    const weights: number[] = [];
    // [totals | raw₀ | normalized₀ | raw₁ | …] in one pooled buffer.
    const buffer = this.scoreBuffers.get(n * (2 * plugins.length + 1));
    const totals = buffer.subarray(0, n).fill(0);
    for (let k = 0; k < plugins.length; k++) {
      const p = plugins[k]!;
      const off = (1 + 2 * k) * n;
      // Pooled storage: scoreNodes (and the per-node loop) write every entry.
      const scores = buffer.subarray(off, off + n);
      try {
        if (p.scoreNodes) p.scoreNodes(state, pod, nodes, scores);
        else for (let i = 0; i < n; i++) scores[i] = p.score(state, pod, nodes[i]!);
      } catch (e) {
        return asStatus(new Error(`plugin ${JSON.stringify(p.name)} failed with: ${(e as Error).message}`));
      }
      let normal = scores;
      if (p.normalizeScore) {
        // Keep the raw scores for the decision record; normalize a copy.
        normal = buffer.subarray(off + n, off + 2 * n);
        normal.set(scores);
        const s = p.normalizeScore(state, pod, normal, nodes);
        if (s && s.code !== SUCCESS)
          return asStatus(new Error(`plugin ${JSON.stringify(p.name)} failed with: ${s.message()}`));
      }
      raw.push(scores);
      normalized.push(normal);
      const weight = this.scoreWeight.get(p.name) ?? 1;
      weights.push(weight);
      const bad = addWeighted(totals, normal, weight);
      if (bad !== undefined)
        return asStatus(
          new Error(
            `plugin ${JSON.stringify(p.name)} returns an invalid score ${bad}, it should in the range of [${MIN_SCORE}, ${MAX_SCORE}] after normalizing`,
          ),
        );
    }
    return { plugins, weights, raw, normalized, totals, buffer };
  }

  runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    for (const p of this.bindPlugins) {
      const s = p.bind(state, pod, nodeName);
      if (s?.isSkip()) continue;
      if (s && s.code !== Code.Success)
        return asStatus(
          new Error(`running Bind plugin ${JSON.stringify(p.name)}: ${s.message()}`),
        ).withPlugin(p.name);
      return null;
    }
    return newStatus(Code.Skip);
  }
}

/** totals += scores × weight; returns the first score out of [0, 100], if any. */
function addWeighted(totals: Float64Array, scores: Float64Array, weight: number): number | undefined {
  const n = scores.length;
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (score > MAX_SCORE || score < MIN_SCORE) return score;
    totals[i] = totals[i]! + score * weight;
  }
  return undefined;
}

/** PreFilterResult.Merge: the intersection of two node-name restrictions. */
export function mergePreFilterResult(
  a: PreFilterResult | null,
  b: PreFilterResult | null,
): PreFilterResult | null {
  if (!a?.nodeNames) return b?.nodeNames ? { nodeNames: new Set(b.nodeNames) } : a;
  if (!b?.nodeNames) return a;
  const out = new Set<string>();
  for (const n of a.nodeNames) if (b.nodeNames.has(n)) out.add(n);
  return { nodeNames: out };
}

/** A fresh CycleState for one attempt. */
export const newCycleState = (): CycleState => new CycleState();
