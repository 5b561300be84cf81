/**
 * The scheduling framework's vocabulary (k/k pkg/scheduler/framework/interface.go, types.go,
 * cycle_state.go): status codes, the per-cycle state plugins share, the extension points a plugin
 * may implement, and the cluster events that move pods between the scheduling queues.
 *
 * A `Status` of `null` is success, as a nil *Status is in Go: the hot paths (Filter and Score run
 * once per node and plugin) allocate nothing when a node passes.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo } from './node-info';

/** framework.Code. */
export const Code = {
  Success: 0,
  Error: 1,
  Unschedulable: 2,
  UnschedulableAndUnresolvable: 3,
  Wait: 4,
  Skip: 5,
  Pending: 6,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export const CODE_NAMES: readonly string[] = [
  'Success',
  'Error',
  'Unschedulable',
  'UnschedulableAndUnresolvable',
  'Wait',
  'Skip',
  'Pending',
];

/** The highest score a Score plugin may return after NormalizeScore (framework.MaxNodeScore). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

/** framework.Status: a code, the reasons (joined by ", " in messages) and the plugin that set it. */
export class Status {
  plugin = '';

  constructor(
    readonly code: Code,
    readonly reasons: readonly string[] = [],
    /** For Error statuses: the underlying error. */
    readonly err?: Error,
  ) {}

  /** `Message()`: the reasons joined by ", ". */
  message(): string {
    if (this.err && this.reasons.length === 0) return this.err.message;
    return this.reasons.join(', ');
  }

  isSkip(): boolean {
    return this.code === Code.Skip;
  }

  /** Unschedulable, UnschedulableAndUnresolvable or Pending (`IsRejected`). */
  isRejected(): boolean {
    return (
      this.code === Code.Unschedulable ||
      this.code === Code.UnschedulableAndUnresolvable ||
      this.code === Code.Pending
    );
  }

  withPlugin(plugin: string): this {
    this.plugin = plugin;
    return this;
  }

  asError(): Error {
    return this.err ?? new Error(this.message());
  }
}

/** `framework.NewStatus(code, reasons...)`. */
export const newStatus = (code: Code, ...reasons: string[]): Status => new Status(code, reasons);
/** `framework.AsStatus(err)`: an Error status. */
export const asStatus = (err: unknown): Status =>
  new Status(Code.Error, [], err instanceof Error ? err : new Error(String(err)));

export const isSuccess = (s: Status | null | undefined): boolean => !s || s.code === Code.Success;
export const statusCode = (s: Status | null | undefined): Code => (s ? s.code : Code.Success);

/** Something a plugin stores in the CycleState; `clone` is used when preemption copies the state. */
export interface StateData {
  clone(): StateData;
}

/**
 * framework.CycleState: what plugins compute in PreFilter/PreScore and read per node in
 * Filter/Score. One per scheduling attempt.
 */
export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Filter plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  skipFilterPlugins = new Set<string>();
  /** Score plugins whose PreScore returned Skip. */
  skipScorePlugins = new Set<string>();
  /** The Filter plugins to run this cycle (profile order minus the skipped ones), set after PreFilter. */
  activeFilterPlugins: FilterPlugin[] | null = null;

  read<T extends StateData>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }

  write(key: string, value: StateData): void {
    this.data.set(key, value);
  }

  delete(key: string): void {
    this.data.delete(key);
  }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    c.skipFilterPlugins = new Set(this.skipFilterPlugins);
    c.skipScorePlugins = new Set(this.skipScorePlugins);
    c.activeFilterPlugins = this.activeFilterPlugins;
    return c;
  }
}

/** framework.PreFilterResult: `nodeNames` undefined means all nodes. */
export interface PreFilterResult {
  nodeNames?: Set<string>;
}

/** How a PostFilter result treats the pod's nominatedNodeName (framework.NominatingMode). */
export type NominatingMode = 'Noop' | 'Override';

export interface NominatingInfo {
  nominatedNodeName: string;
  mode: NominatingMode;
}

export interface PostFilterResult {
  nominatingInfo?: NominatingInfo;
}

/**
 * framework.NodeToStatus: the Filter verdict for every node that was rejected, plus one status
 * that stands for every node not listed (`absentNodesStatus`, UnschedulableAndUnresolvable by
 * default: such nodes were never tried, e.g. excluded by a PreFilterResult).
 */
export class NodeToStatus {
  readonly nodeToStatus = new Map<string, Status>();
  absentNodesStatus: Status = new Status(Code.UnschedulableAndUnresolvable);

  get(nodeName: string): Status {
    return this.nodeToStatus.get(nodeName) ?? this.absentNodesStatus;
  }

  set(nodeName: string, s: Status): void {
    this.nodeToStatus.set(nodeName, s);
  }

  len(): number {
    return this.nodeToStatus.size;
  }

  setAbsentNodesStatus(s: Status): void {
    this.absentNodesStatus = s;
  }

  /** `NodesForStatusCode`: the nodes (of `nodes`) whose status has this code, absent ones included. */
  nodesForStatusCode(nodes: readonly NodeInfo[], code: Code): NodeInfo[] {
    const out: NodeInfo[] = [];
    if (this.absentNodesStatus.code === code) {
      for (const n of nodes) {
        const s = this.nodeToStatus.get(n.name);
        if (!s || s.code === code) out.push(n);
      }
      return out;
    }
    for (const n of nodes) if (this.nodeToStatus.get(n.name)?.code === code) out.push(n);
    return out;
  }
}

/** framework.Diagnosis: why the pod fits nowhere (the data behind FitError.Error()). */
export interface Diagnosis {
  nodeToStatus: NodeToStatus;
  unschedulablePlugins: Set<string>;
  pendingPlugins: Set<string>;
  preFilterMsg: string;
  postFilterMsg: string;
}

export const newDiagnosis = (): Diagnosis => ({
  nodeToStatus: new NodeToStatus(),
  unschedulablePlugins: new Set(),
  pendingPlugins: new Set(),
  preFilterMsg: '',
  postFilterMsg: '',
});

/** `Diagnosis.AddPluginStatus`: remember which plugin rejected the pod (for requeueing). */
export function addPluginStatus(d: Diagnosis, s: Status): void {
  if (!s.plugin) return;
  if (s.code === Code.Pending) d.pendingPlugins.add(s.plugin);
  else if (s.isRejected()) d.unschedulablePlugins.add(s.plugin);
}

// ---- plugins -------------------------------------------------------------------------------

export interface Plugin {
  readonly name: string;
}

export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): Status | null;
}

export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podInfoToAdd: PodInfo, nodeInfo: NodeInfo): Status | null;
  removePod(
    state: CycleState,
    podToSchedule: PodInfo,
    podInfoToRemove: PodInfo,
    nodeInfo: NodeInfo,
  ): Status | null;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null];
  preFilterExtensions?(): PreFilterExtensions | null;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null;
}

export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, m: NodeToStatus): [PostFilterResult | null, Status | null];
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | null;
}

/**
 * A Score plugin. `score` returns the raw score of one node (throw a ScoreError for a failure);
 * `normalizeScore` rewrites the raw scores of all scored nodes in place to 0..100.
 */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /**
   * Optional: score all nodes at once into `out` (same results as calling `score` per node;
   * lets a plugin read its cycle state once instead of once per node). It must write every
   * entry of `out`, which is reused storage.
   */
  scoreNodes?(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], out: Float64Array): void;
  normalizeScore?(
    state: CycleState,
    pod: PodInfo,
    scores: Float64Array,
    nodes: readonly NodeInfo[],
  ): Status | null;
}

export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Status | null;
}

// ---- cluster events (framework/events.go, types.go) -----------------------------------------

/** What an event is about (framework.EventResource). `Pod` matches both assigned and unscheduled pods. */
export type EventResource = 'Pod' | 'AssignedPod' | 'UnscheduledPod' | 'Node' | 'Namespace' | '*';

/** framework.ActionType: a bit set. */
export const ActionType = {
  Add: 1 << 0,
  Delete: 1 << 1,
  UpdateNodeAllocatable: 1 << 2,
  UpdateNodeLabel: 1 << 3,
  UpdateNodeTaint: 1 << 4,
  UpdateNodeCondition: 1 << 5,
  UpdateNodeAnnotation: 1 << 6,
  UpdatePodLabel: 1 << 7,
  UpdatePodScaleDown: 1 << 8,
  UpdatePodTolerations: 1 << 9,
  UpdatePodSchedulingGatesEliminated: 1 << 10,
  /** updatePodOther: a pod update none of the specific types describe. */
  UpdatePodOther: 1 << 11,
  UpdateNamespaceLabel: 1 << 12,
} as const;
export const ACTION_UPDATE =
  ActionType.UpdateNodeAllocatable |
  ActionType.UpdateNodeLabel |
  ActionType.UpdateNodeTaint |
  ActionType.UpdateNodeCondition |
  ActionType.UpdateNodeAnnotation |
  ActionType.UpdatePodLabel |
  ActionType.UpdatePodScaleDown |
  ActionType.UpdatePodTolerations |
  ActionType.UpdatePodSchedulingGatesEliminated |
  ActionType.UpdatePodOther |
  ActionType.UpdateNamespaceLabel;
export const ACTION_ALL = ActionType.Add | ActionType.Delete | ACTION_UPDATE;

const ACTION_NAMES: [number, string][] = Object.entries(ActionType).map(([k, v]) => [v, k]);

export interface ClusterEvent {
  resource: EventResource;
  actionType: number;
  /** A readable label, e.g. `NodeAdd`, `AssignedPodDelete`, `UnschedulableTimeout`. */
  label?: string;
}

export function eventLabel(e: ClusterEvent): string {
  if (e.label) return e.label;
  const actions = ACTION_NAMES.filter(([v]) => (e.actionType & v) !== 0).map(([, k]) => k);
  return `${e.resource}${actions.join('|')}`;
}

/** `ClusterEvent.Match`: does the registered event `registered` cover the event that happened? */
export function matchClusterEvent(registered: ClusterEvent, happened: ClusterEvent): boolean {
  const resourceMatch =
    registered.resource === '*' ||
    registered.resource === happened.resource ||
    (registered.resource === 'Pod' &&
      (happened.resource === 'AssignedPod' || happened.resource === 'UnscheduledPod'));
  return resourceMatch && (registered.actionType & happened.actionType) !== 0;
}

export const isWildCard = (e: ClusterEvent): boolean => e.resource === '*' && e.actionType === ACTION_ALL;

/** framework.QueueingHint. */
export type QueueingHint = 'Queue' | 'QueueSkip';

/** Given the pod that was rejected and the changed object (old/new), would it be worth retrying? */
export type QueueingHintFn = (pod: Pod, oldObj: unknown, newObj: unknown) => QueueingHint;

export interface ClusterEventWithHint {
  event: ClusterEvent;
  /** Absent: always Queue. */
  hint?: QueueingHintFn;
}

export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): ClusterEventWithHint[];
}

export const EVENT_NODE_ADD: ClusterEvent = {
  resource: 'Node',
  actionType: ActionType.Add,
  label: 'NodeAdd',
};
export const EVENT_NODE_DELETE: ClusterEvent = {
  resource: 'Node',
  actionType: ActionType.Delete,
  label: 'NodeDelete',
};
export const EVENT_ASSIGNED_POD_ADD: ClusterEvent = {
  resource: 'AssignedPod',
  actionType: ActionType.Add,
  label: 'AssignedPodAdd',
};
export const EVENT_ASSIGNED_POD_DELETE: ClusterEvent = {
  resource: 'AssignedPod',
  actionType: ActionType.Delete,
  label: 'AssignedPodDelete',
};
export const EVENT_UNSCHEDULABLE_TIMEOUT: ClusterEvent = {
  resource: '*',
  actionType: ACTION_ALL,
  label: 'UnschedulableTimeout',
};
export const EVENT_FORCE_ACTIVATE: ClusterEvent = {
  resource: '*',
  actionType: ACTION_ALL,
  label: 'ForceActivate',
};
