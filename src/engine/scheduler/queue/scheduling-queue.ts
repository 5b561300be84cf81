/**
 * The scheduling queue (k/k pkg/scheduler/backend/queue/scheduling_queue.go, v1.32 with
 * SchedulerQueueingHints on): where pending pods wait, in three sub-queues.
 *
 *   activeQ         pods to try now, highest priority first (the QueueSort plugin), then oldest
 *   backoffQ        pods that failed and wait out their back-off: 1 s, 2 s, 4 s … 10 s
 *   unschedulable   pods that fit nowhere; they leave only when a cluster event happens that one
 *                   of the plugins that rejected them says may help (its QueueingHint returns
 *                   Queue), or after 5 minutes in any case (flushUnschedulablePodsLeftover)
 *
 * A pod whose failure was an error (not a plugin's rejection) goes to backoffQ directly. Pods with
 * scheduling gates wait in unschedulable, "gated", until the gates are removed.
 *
 * Upstream runs two loops, flushBackoffQCompleted every second and
 * flushUnschedulablePodsLeftover every 30 seconds. Here they are timers set only while there is
 * something to flush, at the same instants the loops would wake (on the 1 s / 30 s grid from the
 * scheduler's start), so an idle scheduler leaves no timers behind.
 *
 * The nominator remembers pods nominated to a node by preemption, so that Filter counts them on
 * that node (framework.RunFilterPluginsWithNominatedPods).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { SimClock, TimerId } from '../../clock';
import { PodInfo, podRequests, type AffinityTerm } from '../framework/node-info';
import {
  ActionType,
  EVENT_UNSCHEDULABLE_TIMEOUT,
  isWildCard,
  matchClusterEvent,
  type ClusterEvent,
  type ClusterEventWithHint,
  type NominatingInfo,
  type Status,
} from '../framework/types';
import type { Labels } from '../../../apimachinery/labels';
import { Heap } from './heap';

export const DEFAULT_POD_INITIAL_BACKOFF_MS = 1_000;
export const DEFAULT_POD_MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration: 5 minutes. */
export const DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS = 5 * 60_000;
const BACKOFF_FLUSH_PERIOD_MS = 1_000;
const UNSCHEDULABLE_FLUSH_PERIOD_MS = 30_000;

/** framework.QueuedPodInfo. */
export class QueuedPodInfo {
  /** When the pod was (re)added to the queue: sorts activeQ and starts the back-off. */
  timestamp: number;
  /** Scheduling attempts so far. */
  attempts = 0;
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins = new Set<string>();
  pendingPlugins = new Set<string>();
  /** Held back by a PreEnqueue plugin (scheduling gates). */
  gated = false;
  gatingPlugin = '';
  gatingMessage = '';

  constructor(
    public podInfo: PodInfo,
    now: number,
  ) {
    this.timestamp = now;
  }

  get pod(): Pod {
    return this.podInfo.pod;
  }

  get key(): string {
    return this.podInfo.key;
  }
}

export type QueueName = 'activeQ' | 'backoffQ' | 'unschedulablePods';

type QueueingStrategy = 'queueSkip' | 'queueAfterBackoff' | 'queueImmediately';

export interface SchedulingQueueOptions {
  clock: SimClock;
  /** QueueSort's Less. */
  less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  /** RunPreEnqueuePlugins: a rejection keeps the pod gated. */
  preEnqueue: (pod: Pod) => Status | null;
  /** Plugin name → the events it registered (with hints). */
  hints: Map<string, ClusterEventWithHint[]>;
  /** The informer's view of a pod (nominator checks that a pod still exists and is unbound). */
  getPod: (namespace: string, name: string) => Pod | undefined;
  /** Labels of a namespace (for affinity terms with a namespaceSelector). */
  namespaceLabels: (namespace: string) => Labels;
  /** Called when activeQ gets a pod (wakes the scheduling loop). */
  onActive: () => void;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxInUnschedulableMs?: number;
}

/** The nominator (nominator.go): pods nominated to nodes by preemption. */
export class Nominator {
  private readonly nominatedPods = new Map<string, PodInfo[]>();
  private readonly nominatedPodToNode = new Map<string, string>();

  constructor(private readonly getPod: (namespace: string, name: string) => Pod | undefined) {}

  add(pi: PodInfo, nominatingInfo: NominatingInfo | null): void {
    this.delete(pi.pod);
    let nodeName: string;
    if (nominatingInfo?.mode === 'Override') nodeName = nominatingInfo.nominatedNodeName;
    else {
      nodeName = pi.pod.status?.nominatedNodeName ?? '';
      if (!nodeName) return;
    }
    if (!nodeName) return;
    // If the pod was removed or is already scheduled, don't nominate it.
    const current = this.getPod(pi.namespace, pi.name);
    if (!current || current.spec?.nodeName) return;
    this.nominatedPodToNode.set(pi.uid, nodeName);
    let list = this.nominatedPods.get(nodeName);
    if (!list) this.nominatedPods.set(nodeName, (list = []));
    if (!list.some((p) => p.uid === pi.uid)) list.push(pi);
  }

  delete(pod: Pod): void {
    const uid = pod.metadata?.uid ?? '';
    const nnn = this.nominatedPodToNode.get(uid);
    if (nnn === undefined) return;
    const list = this.nominatedPods.get(nnn) ?? [];
    const rest = list.filter((p) => p.uid !== uid);
    if (rest.length) this.nominatedPods.set(nnn, rest);
    else this.nominatedPods.delete(nnn);
    this.nominatedPodToNode.delete(uid);
  }

  update(oldPod: Pod, newPodInfo: PodInfo): void {
    let info: NominatingInfo | null = null;
    const uid = oldPod.metadata?.uid ?? '';
    if (!oldPod.status?.nominatedNodeName && !newPodInfo.pod.status?.nominatedNodeName) {
      const nnn = this.nominatedPodToNode.get(uid);
      if (nnn !== undefined) info = { mode: 'Override', nominatedNodeName: nnn };
    }
    this.delete(oldPod);
    this.add(newPodInfo, info);
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    if (this.nominatedPods.size === 0) return EMPTY;
    return this.nominatedPods.get(nodeName) ?? EMPTY;
  }

  nominatedNodeOf(uid: string): string | undefined {
    return this.nominatedPodToNode.get(uid);
  }
}

const EMPTY: readonly PodInfo[] = Object.freeze([]);

export class PriorityQueue {
  readonly activeQ: Heap<QueuedPodInfo>;
  readonly backoffQ: Heap<QueuedPodInfo>;
  readonly unschedulablePods = new Map<string, QueuedPodInfo>();
  readonly nominator: Nominator;
  private readonly inFlight = new Set<string>();
  private schedulingCycle = 0;
  /** Cycle at the last move request (events that arrived while pods were in flight). */
  private moveRequestCycle = -1;
  private readonly clock: SimClock;
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxInUnschedulable: number;
  private startTime: number;
  private backoffTimer: TimerId | undefined;
  private backoffTimerAt = Infinity;
  private unschedulableTimer: TimerId | undefined;
  private unschedulableTimerAt = Infinity;
  private closed = false;

  constructor(private readonly opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoff = opts.podInitialBackoffMs ?? DEFAULT_POD_INITIAL_BACKOFF_MS;
    this.maxBackoff = opts.podMaxBackoffMs ?? DEFAULT_POD_MAX_BACKOFF_MS;
    this.maxInUnschedulable = opts.podMaxInUnschedulableMs ?? DEFAULT_POD_MAX_IN_UNSCHEDULABLE_MS;
    this.startTime = this.clock.now();
    this.activeQ = new Heap((p) => p.key, opts.less);
    this.backoffQ = new Heap(
      (p) => p.key,
      (a, b) => this.backoffTime(a) < this.backoffTime(b),
    );
    this.nominator = new Nominator(opts.getPod);
  }

  /** Run: the flush loops tick on a grid starting now. */
  run(): void {
    this.startTime = this.clock.now();
    this.closed = false;
  }

  close(): void {
    this.closed = true;
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    if (this.unschedulableTimer !== undefined) this.clock.clearTimeout(this.unschedulableTimer);
    this.backoffTimer = this.unschedulableTimer = undefined;
    this.backoffTimerAt = this.unschedulableTimerAt = Infinity;
  }

  get currentSchedulingCycle(): number {
    return this.schedulingCycle;
  }

  private newQueuedPodInfo(pod: Pod, plugins?: Set<string>): QueuedPodInfo {
    const q = new QueuedPodInfo(new PodInfo(pod), this.clock.now());
    if (plugins) q.unschedulablePlugins = plugins;
    return q;
  }

  /** Which queue holds the pod, if any. */
  whereIs(key: string): QueueName | undefined {
    if (this.activeQ.has(key)) return 'activeQ';
    if (this.backoffQ.has(key)) return 'backoffQ';
    if (this.unschedulablePods.has(key)) return 'unschedulablePods';
    return undefined;
  }

  // ---- adding ------------------------------------------------------------------------------

  /** `runPreEnqueuePlugins` + activeQ, or unschedulable (gated). Returns true when activeQ got it. */
  private moveToActiveQ(pInfo: QueuedPodInfo): boolean {
    const s = this.opts.preEnqueue(pInfo.pod);
    if (s) {
      pInfo.gated = true;
      pInfo.gatingPlugin = s.plugin;
      pInfo.gatingMessage = s.message();
      this.backoffQ.delete(pInfo.key);
      this.unschedulablePods.set(pInfo.key, pInfo);
      return false;
    }
    pInfo.gated = false;
    pInfo.gatingPlugin = '';
    pInfo.gatingMessage = '';
    if (pInfo.initialAttemptTimestamp === undefined) pInfo.initialAttemptTimestamp = this.clock.now();
    this.activeQ.addOrUpdate(pInfo);
    this.unschedulablePods.delete(pInfo.key);
    this.backoffQ.delete(pInfo.key);
    return true;
  }

  /** `Add`: a new unscheduled pod. */
  add(pod: Pod): void {
    const pInfo = this.newQueuedPodInfo(pod);
    if (this.moveToActiveQ(pInfo)) this.opts.onActive();
    else this.armUnschedulableFlush();
    this.nominator.add(pInfo.podInfo, null);
  }

  /** `Activate`: move these pods to activeQ if they wait in backoffQ or unschedulable. */
  activate(pods: Pod[]): void {
    let activated = false;
    for (const pod of pods) {
      const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
      const pInfo = this.unschedulablePods.get(key) ?? this.backoffQ.get(key);
      if (!pInfo) continue;
      if (this.moveToActiveQ(pInfo)) activated = true;
    }
    if (activated) this.opts.onActive();
  }

  /** `Pop`: the next pod to schedule (attempts + 1), or undefined. */
  pop(): QueuedPodInfo | undefined {
    const pInfo = this.activeQ.pop();
    if (!pInfo) return undefined;
    pInfo.attempts++;
    this.schedulingCycle++;
    this.inFlight.add(pInfo.podInfo.uid);
    return pInfo;
  }

  /** `Done`: the attempt of this pod is over. */
  done(uid: string): void {
    this.inFlight.delete(uid);
  }

  /**
   * `AddUnschedulableIfNotPresent`: the attempt failed. A failure caused by an error goes to
   * backoffQ; a rejection goes to unschedulable, unless events that may have changed the outcome
   * arrived during the attempt (then straight back, through back-off).
   */
  addUnschedulableIfNotPresent(pInfo: QueuedPodInfo, podSchedulingCycle: number): void {
    this.done(pInfo.podInfo.uid);
    const key = pInfo.key;
    if (this.unschedulablePods.has(key) || this.activeQ.has(key) || this.backoffQ.has(key)) return;
    pInfo.timestamp = this.clock.now();
    const rejectors = pInfo.unschedulablePlugins.size + pInfo.pendingPlugins.size;
    let strategy: QueueingStrategy;
    if (rejectors === 0) strategy = 'queueAfterBackoff';
    else strategy = this.moveRequestCycle >= podSchedulingCycle ? 'queueAfterBackoff' : 'queueSkip';
    this.requeuePodViaQueueingHint(pInfo, strategy);
    this.nominator.add(pInfo.podInfo, null);
  }

  // ---- updates and deletes -------------------------------------------------------------------

  /** `Update`: an unscheduled pod changed. An update may make an unschedulable pod schedulable. */
  update(oldPod: Pod | undefined, newPod: Pod): void {
    const key = `${newPod.metadata?.namespace ?? ''}/${newPod.metadata?.name ?? ''}`;
    const events = oldPod ? podSchedulingPropertiesChange(newPod, oldPod) : [];
    const inActive = this.activeQ.get(key);
    if (oldPod && inActive) {
      inActive.podInfo = new PodInfo(newPod);
      this.activeQ.addOrUpdate(inActive);
      this.nominator.update(oldPod, inActive.podInfo);
      return;
    }
    const inBackoff = this.backoffQ.get(key);
    if (oldPod && inBackoff) {
      inBackoff.podInfo = new PodInfo(newPod);
      this.backoffQ.addOrUpdate(inBackoff);
      this.nominator.update(oldPod, inBackoff.podInfo);
      return;
    }
    const pInfo = this.unschedulablePods.get(key);
    if (pInfo) {
      pInfo.podInfo = new PodInfo(newPod);
      if (oldPod) this.nominator.update(oldPod, pInfo.podInfo);
      if (pInfo.gated) {
        // Gates removed (or other update): try the PreEnqueue plugins again.
        if (this.moveToActiveQ(pInfo)) this.opts.onActive();
        return;
      }
      for (const evt of events) {
        const hint = this.isPodWorthRequeuing(pInfo, evt, oldPod, newPod);
        const queue = this.requeuePodViaQueueingHint(pInfo, hint);
        if (queue === 'activeQ') break;
      }
      return;
    }
    if (this.inFlight.has(newPod.metadata?.uid ?? '')) return;
    // Not in any queue: put it in activeQ.
    const fresh = this.newQueuedPodInfo(newPod);
    if (this.moveToActiveQ(fresh)) this.opts.onActive();
    else this.armUnschedulableFlush();
  }

  /** `Delete`: the pod is gone (or got bound). */
  delete(pod: Pod): void {
    const key = `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
    this.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulablePods.delete(key);
  }

  // ---- cluster events ------------------------------------------------------------------------

  /** `MoveAllToActiveOrBackoffQueue`: an event happened; ask every unschedulable pod's rejectors. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    if (this.unschedulablePods.size === 0) {
      this.moveRequestCycle = this.schedulingCycle;
      return;
    }
    this.movePodsToActiveOrBackoffQueue([...this.unschedulablePods.values()], event, oldObj, newObj);
  }

  /** `AssignedPodAdded`: only pods with cross-topology terms (affinity, spreading) can care. */
  assignedPodAdded(pod: Pod, event: ClusterEvent): void {
    this.movePodsToActiveOrBackoffQueue(
      this.unschedulablePodsWithCrossTopologyTerm(pod),
      event,
      undefined,
      pod,
    );
  }

  /** `AssignedPodUpdated`. */
  assignedPodUpdated(oldPod: Pod, newPod: Pod, event: ClusterEvent): void {
    if ((event.actionType & ActionType.UpdatePodScaleDown) !== 0) {
      this.moveAllToActiveOrBackoffQueue(event, oldPod, newPod);
      return;
    }
    this.movePodsToActiveOrBackoffQueue(
      this.unschedulablePodsWithCrossTopologyTerm(newPod),
      event,
      oldPod,
      newPod,
    );
  }

  private unschedulablePodsWithCrossTopologyTerm(pod: Pod): QueuedPodInfo[] {
    const ns = pod.metadata?.namespace ?? '';
    let nsLabels: Labels | undefined;
    const out: QueuedPodInfo[] = [];
    for (const pInfo of this.unschedulablePods.values()) {
      if (pInfo.unschedulablePlugins.has('PodTopologySpread') && pInfo.podInfo.namespace === ns) {
        out.push(pInfo);
        continue;
      }
      const terms: AffinityTerm[] = pInfo.podInfo.requiredAffinityTerms;
      if (terms.length === 0) continue;
      nsLabels ??= this.opts.namespaceLabels(ns);
      if (terms.some((t) => t.matches(pod, nsLabels))) out.push(pInfo);
    }
    return out;
  }

  private movePodsToActiveOrBackoffQueue(
    pods: QueuedPodInfo[],
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): void {
    let activated = false;
    for (const pInfo of pods) {
      if (pInfo.gated) continue;
      const hint = this.isPodWorthRequeuing(pInfo, event, oldObj, newObj);
      if (hint === 'queueSkip') continue;
      this.unschedulablePods.delete(pInfo.key);
      if (this.requeuePodViaQueueingHint(pInfo, hint) === 'activeQ') activated = true;
    }
    this.moveRequestCycle = this.schedulingCycle;
    if (activated) this.opts.onActive();
  }

  /** `isPodWorthRequeuing`: ask the hints of the plugins that rejected the pod. */
  private isPodWorthRequeuing(
    pInfo: QueuedPodInfo,
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
  ): QueueingStrategy {
    const rejectors = pInfo.unschedulablePlugins.size + pInfo.pendingPlugins.size;
    if (rejectors === 0) return 'queueAfterBackoff';
    if (isWildCard(event)) return 'queueAfterBackoff';
    let strategy: QueueingStrategy = 'queueSkip';
    for (const [plugin, registered] of this.opts.hints) {
      const pending = pInfo.pendingPlugins.has(plugin);
      if (!pending && !pInfo.unschedulablePlugins.has(plugin)) continue;
      for (const r of registered) {
        if (!matchClusterEvent(r.event, event)) continue;
        let hint: 'Queue' | 'QueueSkip' = 'Queue';
        if (r.hint) {
          try {
            hint = r.hint(pInfo.pod, oldObj, newObj);
          } catch {
            hint = 'Queue'; // an erroring hint must not strand the pod
          }
        }
        if (hint === 'QueueSkip') continue;
        if (pending) return 'queueImmediately';
        if (pInfo.pendingPlugins.size === 0) return 'queueAfterBackoff';
        strategy = 'queueAfterBackoff';
      }
    }
    return strategy;
  }

  private requeuePodViaQueueingHint(pInfo: QueuedPodInfo, strategy: QueueingStrategy): QueueName {
    if (strategy === 'queueSkip') {
      this.unschedulablePods.set(pInfo.key, pInfo);
      this.armUnschedulableFlush();
      return 'unschedulablePods';
    }
    if (strategy === 'queueAfterBackoff' && this.isPodBackingoff(pInfo)) {
      this.unschedulablePods.delete(pInfo.key);
      this.backoffQ.addOrUpdate(pInfo);
      this.armBackoffFlush();
      return 'backoffQ';
    }
    if (this.moveToActiveQ(pInfo)) {
      this.opts.onActive();
      return 'activeQ';
    }
    this.armUnschedulableFlush();
    return 'unschedulablePods';
  }

  // ---- back-off ------------------------------------------------------------------------------

  /** `calculateBackoffDuration`: 1 s doubled per further attempt, at most 10 s. */
  backoffDuration(pInfo: QueuedPodInfo): number {
    if (pInfo.attempts === 0) return 0;
    let d = this.initialBackoff;
    for (let i = 1; i < pInfo.attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return d;
  }

  backoffTime(pInfo: QueuedPodInfo): number {
    return pInfo.timestamp + this.backoffDuration(pInfo);
  }

  private isPodBackingoff(pInfo: QueuedPodInfo): boolean {
    if (pInfo.gated) return false;
    return this.backoffTime(pInfo) > this.clock.now();
  }

  /** The next instant of a loop with `period` started at startTime, at or after `t`. */
  private nextTick(t: number, period: number): number {
    const now = this.clock.now();
    const k = Math.ceil((Math.max(t, now) - this.startTime) / period);
    return this.startTime + Math.max(0, k) * period;
  }

  private armBackoffFlush(): void {
    if (this.closed) return;
    const head = this.backoffQ.peek();
    if (!head) return;
    // The loop moves a pod on the first tick at which its back-off time is no longer in the future.
    const at = this.nextTick(this.backoffTime(head), BACKOFF_FLUSH_PERIOD_MS);
    if (this.backoffTimer !== undefined && this.backoffTimerAt <= at) return;
    if (this.backoffTimer !== undefined) this.clock.clearTimeout(this.backoffTimer);
    this.backoffTimerAt = at;
    this.backoffTimer = this.clock.setTimeout(
      () => {
        this.backoffTimer = undefined;
        this.backoffTimerAt = Infinity;
        this.flushBackoffQCompleted();
      },
      at - this.clock.now(),
      'scheduler flushBackoffQCompleted',
    );
  }

  /** `flushBackoffQCompleted`: pods whose back-off is over go to activeQ. */
  flushBackoffQCompleted(): void {
    let activated = false;
    const now = this.clock.now();
    for (;;) {
      const head = this.backoffQ.peek();
      if (!head || this.backoffTime(head) > now) break;
      this.backoffQ.pop();
      if (this.moveToActiveQ(head)) activated = true;
    }
    if (activated) this.opts.onActive();
    this.armBackoffFlush();
  }

  private armUnschedulableFlush(): void {
    if (this.closed || this.unschedulablePods.size === 0) return;
    let earliest = Infinity;
    for (const p of this.unschedulablePods.values())
      if (!p.gated && p.timestamp < earliest) earliest = p.timestamp;
    if (earliest === Infinity) return;
    // Moved on the first tick at which it has been there strictly longer than the maximum.
    let at = this.nextTick(earliest + this.maxInUnschedulable, UNSCHEDULABLE_FLUSH_PERIOD_MS);
    if (at - earliest <= this.maxInUnschedulable) at += UNSCHEDULABLE_FLUSH_PERIOD_MS;
    if (this.unschedulableTimer !== undefined && this.unschedulableTimerAt <= at) return;
    if (this.unschedulableTimer !== undefined) this.clock.clearTimeout(this.unschedulableTimer);
    this.unschedulableTimerAt = at;
    this.unschedulableTimer = this.clock.setTimeout(
      () => {
        this.unschedulableTimer = undefined;
        this.unschedulableTimerAt = Infinity;
        this.flushUnschedulablePodsLeftover();
      },
      at - this.clock.now(),
      'scheduler flushUnschedulablePodsLeftover',
    );
  }

  /** `flushUnschedulablePodsLeftover`: pods unschedulable for more than 5 minutes are retried. */
  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const toMove: QueuedPodInfo[] = [];
    for (const p of this.unschedulablePods.values())
      if (!p.gated && now - p.timestamp > this.maxInUnschedulable) toMove.push(p);
    if (toMove.length)
      this.movePodsToActiveOrBackoffQueue(toMove, EVENT_UNSCHEDULABLE_TIMEOUT, undefined, undefined);
    this.armUnschedulableFlush();
  }

  /** Everything pending, for debugging and the decision record. */
  pendingPods(): { pod: Pod; queue: QueueName }[] {
    return [
      ...this.activeQ.list().map((p) => ({ pod: p.pod, queue: 'activeQ' as const })),
      ...this.backoffQ.list().map((p) => ({ pod: p.pod, queue: 'backoffQ' as const })),
      ...[...this.unschedulablePods.values()].map((p) => ({
        pod: p.pod,
        queue: 'unschedulablePods' as const,
      })),
    ];
  }
}

// ---- pod update events (framework/events.go PodSchedulingPropertiesChange) --------------------

const sameStringMap = (
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
): boolean => {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  if (ka.length !== kb.length) return false;
  for (const k of ka) if ((a ?? {})[k] !== (b ?? {})[k]) return false;
  return true;
};

/** The scheduling-relevant kinds of change between two versions of a pod. */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod): ClusterEvent[] {
  const resource = newPod.spec?.nodeName ? 'AssignedPod' : 'UnscheduledPod';
  const events: ClusterEvent[] = [];
  const push = (actionType: number, label: string) =>
    events.push({
      resource,
      actionType,
      label: `${resource === 'AssignedPod' ? 'AssignedPod' : 'UnscheduledPod'}${label}`,
    });
  if (!sameStringMap(newPod.metadata?.labels, oldPod.metadata?.labels))
    push(ActionType.UpdatePodLabel, 'UpdatePodLabel');
  if (isPodScaleDown(newPod, oldPod)) push(ActionType.UpdatePodScaleDown, 'UpdatePodScaleDown');
  if ((oldPod.spec?.schedulingGates ?? []).length > 0 && (newPod.spec?.schedulingGates ?? []).length === 0)
    push(ActionType.UpdatePodSchedulingGatesEliminated, 'UpdatePodSchedulingGatesEliminated');
  if ((newPod.spec?.tolerations ?? []).length !== (oldPod.spec?.tolerations ?? []).length)
    push(ActionType.UpdatePodTolerations, 'UpdatePodTolerations');
  if (events.length === 0) push(ActionType.UpdatePodOther, 'UpdatePodOther');
  return events;
}

/** extractPodScaleDown: some container's requests went down (in-place resize). */
function isPodScaleDown(newPod: Pod, oldPod: Pod): boolean {
  if (newPod.spec?.containers === oldPod.spec?.containers) return false; // frozen objects share unchanged parts
  const oldReqs = podRequests(oldPod, false);
  const newReqs = podRequests(newPod, false);
  return newReqs.milliCPU < oldReqs.milliCPU || newReqs.memory < oldReqs.memory;
}
