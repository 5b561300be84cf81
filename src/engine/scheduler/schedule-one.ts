/**
 * One scheduling attempt (k/k pkg/scheduler/schedule_one.go): pop a pod, find the nodes that fit,
 * score them, pick one, assume the pod onto it, bind. On failure: FailedScheduling event,
 * PodScheduled=False condition, maybe preemption, and back to the queue.
 *
 *   scheduleOne
 *     schedulingCycle ── schedulePod ── findNodesThatFitPod ── PreFilter
 *     │                  │                                  └─ Filter on nodes (nominated node first)
 *     │                  ├─ prioritizeNodes ── PreScore, Score, NormalizeScore, weights
 *     │                  └─ selectHost (highest total; ties broken by the seeded Rand)
 *     │                  on FitError: PostFilter (DefaultPreemption)
 *     ├─ assume (the cache counts the pod on the node now)
 *     └─ bindingCycle ── DefaultBinder: POST pods/<name>/binding ── `Scheduled` event
 *
 * Upstream binds in a goroutine while the next pod is scheduled; here binding follows in the same
 * step (the API answers at once), which gives the same result.
 *
 * Every attempt leaves a decision record (decisions.ts).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { EvaluatedNodes, type AttemptRecord, type AttemptResult } from './decisions';
import { ERR_NO_NODES_AVAILABLE, FitError } from './framework/fit-error';
import { PodInfo, type NodeInfo } from './framework/node-info';
import type { Framework, ScoreResult } from './framework/runtime';
import {
  Code,
  CycleState,
  Status,
  addPluginStatus,
  asStatus,
  newDiagnosis,
  newStatus,
  type Diagnosis,
  type NominatingInfo,
} from './framework/types';
import type { QueuedPodInfo } from './queue/scheduling-queue';
import type { Scheduler } from './scheduler';
import { truncateMessage } from './events';
import { copyStatus, patchPodStatus, updatePodCondition } from './util';

/** Below this many nodes every node is examined (minFeasibleNodesToFind). */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** The adaptive percentage never goes below this (minFeasibleNodesPercentageToFind). */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

const CLEAR_NOMINATED_NODE: NominatingInfo = { mode: 'Override', nominatedNodeName: '' };

export interface ScheduleResult {
  suggestedHost: string;
  evaluatedNodes: number;
  feasibleNodes: number;
  nominatingInfo?: NominatingInfo | null;
}

/**
 * `numFeasibleNodesToFind`: how many feasible nodes are enough. All of them below 100 nodes;
 * otherwise percentageOfNodesToScore (adaptive by default: 50 − nodes/125 %, at least 5%), and
 * at least 100.
 */
export function numFeasibleNodesToFind(percentageOfNodesToScore: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let percentage = percentageOfNodesToScore;
  if (percentage === 0) {
    percentage = 50 - Math.trunc(numAllNodes / 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND)
      percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }
  const numNodes = Math.trunc((numAllNodes * percentage) / 100);
  if (numNodes < MIN_FEASIBLE_NODES_TO_FIND) return MIN_FEASIBLE_NODES_TO_FIND;
  return numNodes;
}

/** Run one attempt. Returns true while activeQ has more pods. */
export function scheduleOne(sched: Scheduler): boolean {
  const pInfo = sched.queue.pop();
  if (!pInfo) return false;
  const pod = pInfo.pod;
  if (skipPodSchedule(sched, pod)) {
    sched.queue.done(pInfo.podInfo.uid);
    return sched.queue.activeQ.length > 0;
  }
  const fwk = sched.framework;
  const state = new CycleState();
  const record = newRecord(sched, pInfo);
  sched.currentRecord = record;
  try {
    const [result, assumed, status] = schedulingCycle(sched, fwk, state, pInfo, record);
    if (status !== null) {
      handleSchedulingFailure(sched, fwk, assumed, status, result.nominatingInfo ?? null, record);
    } else {
      const bindStatus = bindingCycle(sched, fwk, state, result, assumed);
      if (bindStatus !== null) handleBindingCycleError(sched, fwk, assumed, bindStatus, record);
      else finishRecord(record, 'Scheduled', '', result.suggestedHost);
    }
  } finally {
    sched.currentRecord = undefined;
    sched.decisions.add(record);
  }
  return sched.queue.activeQ.length > 0;
}

function newRecord(sched: Scheduler, pInfo: QueuedPodInfo): AttemptRecord {
  return {
    seq: sched.decisions.nextSeq(),
    cycle: sched.queue.currentSchedulingCycle,
    attempt: pInfo.attempts,
    time: sched.clock.now(),
    namespace: pInfo.podInfo.namespace,
    name: pInfo.podInfo.name,
    uid: pInfo.podInfo.uid,
    profile: sched.framework.profileName,
    result: 'Error',
    message: '',
    selectedNode: '',
    numAllNodes: 0,
    preFilter: [],
    filterPlugins: sched.framework.filterPluginNames,
    skippedFilterPlugins: [],
    feasible: 0,
    // Every field from the start: one object shape for all records.
    preFilterNodes: undefined,
    nominatedNode: undefined,
    evaluated: undefined,
    notEvaluatedReason: undefined,
    scores: undefined,
    preemption: undefined,
    scoringNote: undefined,
  };
}

function finishRecord(r: AttemptRecord, result: AttemptResult, message: string, node = ''): void {
  r.result = result;
  r.message = message;
  r.selectedNode = node;
}

/** `skipPodSchedule`: a pod being deleted, or one already assumed, is not scheduled again. */
function skipPodSchedule(sched: Scheduler, pod: Pod): boolean {
  if (pod.metadata?.deletionTimestamp) {
    sched.recorder.eventf(
      pod,
      null,
      'Warning',
      'FailedScheduling',
      'Scheduling',
      `skip schedule deleting pod: ${pod.metadata.namespace}/${pod.metadata.name}`,
    );
    return true;
  }
  return sched.cache.isAssumedPod(pod.metadata?.uid ?? '');
}

/** `schedulingCycle`: [result, the (assumed) pod info, status]; status null = go bind. */
function schedulingCycle(
  sched: Scheduler,
  fwk: Framework,
  state: CycleState,
  pInfo: QueuedPodInfo,
  record: AttemptRecord,
): [ScheduleResult, QueuedPodInfo, Status | null] {
  const podInfo = pInfo.podInfo;
  const res = schedulePod(sched, fwk, state, podInfo, record);
  if (res instanceof FitError) {
    // Preemption, hoping the pod fits in a later attempt.
    let nominatingInfo: NominatingInfo | null = null;
    if (fwk.postFilterPlugins.length > 0) {
      const [result, status] = fwk.runPostFilterPlugins(state, podInfo, res.diagnosis.nodeToStatus);
      res.diagnosis.postFilterMsg = status?.message() ?? '';
      if (result?.nominatingInfo) nominatingInfo = result.nominatingInfo;
      const ev = sched.preemptionEvaluator;
      if (ev?.lastRecord) {
        record.preemption = ev.lastRecord;
        ev.lastRecord = undefined;
      }
    }
    const status = new Status(Code.Unschedulable, [], new Error(res.message));
    sched.lastFitError = res;
    return [{ suggestedHost: '', evaluatedNodes: 0, feasibleNodes: 0, nominatingInfo }, pInfo, status];
  }
  if (res instanceof Status) {
    return [
      { suggestedHost: '', evaluatedNodes: 0, feasibleNodes: 0, nominatingInfo: CLEAR_NOMINATED_NODE },
      pInfo,
      res,
    ];
  }
  // Assume: the cache counts the pod on the node before the binding is confirmed.
  const assumedPod: Pod = { ...podInfo.pod, spec: { ...podInfo.pod.spec!, nodeName: res.suggestedHost } };
  const assumedInfo = PodInfo.next(assumedPod, podInfo);
  const assumed = Object.assign(
    Object.create(Object.getPrototypeOf(pInfo) as object) as QueuedPodInfo,
    pInfo,
    {
      podInfo: assumedInfo,
    },
  );
  try {
    sched.cache.assumePod(assumedInfo);
  } catch (e) {
    return [{ ...res, nominatingInfo: CLEAR_NOMINATED_NODE }, assumed, asStatus(e)];
  }
  sched.queue.nominator.delete(assumedPod);
  return [res, assumed, null];
}

/** `schedulePod`: a host, a FitError, or an error Status. */
export function schedulePod(
  sched: Scheduler,
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  record?: AttemptRecord,
): ScheduleResult | FitError | Status {
  const snapshot = sched.cache.updateSnapshot();
  sched.snapshotForCycle = snapshot;
  if (record) record.numAllNodes = snapshot.numNodes();
  if (snapshot.numNodes() === 0) {
    const s = newStatus(Code.UnschedulableAndUnresolvable, ERR_NO_NODES_AVAILABLE);
    if (record) finishRecord(record, 'Unschedulable', ERR_NO_NODES_AVAILABLE);
    return s;
  }
  const found = findNodesThatFitPod(sched, fwk, state, pod, record);
  if (found instanceof Status) return found;
  const [feasibleNodes, diagnosis] = found;
  if (feasibleNodes.length === 0) return new FitError(snapshot.numNodes(), diagnosis);
  if (record) record.feasible = feasibleNodes.length;
  const evaluated = feasibleNodes.length + diagnosis.nodeToStatus.len();
  if (feasibleNodes.length === 1) {
    if (record) record.scoringNote = 'only one feasible node: Score was not run';
    return { suggestedHost: feasibleNodes[0]!.name, evaluatedNodes: evaluated, feasibleNodes: 1 };
  }
  const scores = prioritizeNodes(fwk, state, pod, feasibleNodes);
  if (scores instanceof Status) return scores;
  if (record)
    record.scores = {
      result: scores,
      skipped: [...state.skipScorePlugins],
      weights: fwk.scoreWeights,
    };
  const host = selectHost(feasibleNodes, scores.totals, sched.rand);
  return { suggestedHost: host, evaluatedNodes: evaluated, feasibleNodes: feasibleNodes.length };
}

/** `findNodesThatFitPod`. */
function findNodesThatFitPod(
  sched: Scheduler,
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  record?: AttemptRecord,
): [NodeInfo[], Diagnosis] | Status {
  const diagnosis = newDiagnosis();
  const snapshot = sched.snapshotForCycle!;
  const allNodes = snapshot.list();
  const pre = fwk.runPreFilterPlugins(state, pod);
  if (record) {
    record.preFilter = pre.statuses;
    record.skippedFilterPlugins = [...state.skipFilterPlugins];
  }
  diagnosis.unschedulablePlugins = new Set(pre.pluginsWithNodes);
  if (pre.status !== null) {
    if (!pre.status.isRejected()) return pre.status;
    diagnosis.nodeToStatus.setAbsentNodesStatus(pre.status);
    diagnosis.preFilterMsg = pre.status.message();
    addPluginStatus(diagnosis, pre.status);
    return [[], diagnosis];
  }

  // A node nominated by an earlier preemption is likely the only one that fits: try it first.
  const nnn = pod.pod.status?.nominatedNodeName;
  if (nnn) {
    const nodeInfo = snapshot.get(nnn);
    if (nodeInfo) {
      const feasible = findNodesThatPassFilters(
        sched,
        fwk,
        state,
        pod,
        diagnosis,
        [nodeInfo],
        undefined,
        true,
      );
      if (record)
        record.nominatedNode = {
          node: nnn,
          status: feasible.length ? null : diagnosis.nodeToStatus.get(nnn),
        };
      if (feasible.length) return [feasible, diagnosis];
    }
  }

  let nodes = allNodes;
  if (pre.result?.nodeNames) {
    nodes = [];
    for (const name of pre.result.nodeNames) {
      const n = snapshot.get(name);
      if (n) nodes.push(n);
    }
    diagnosis.nodeToStatus.setAbsentNodesStatus(
      newStatus(
        Code.UnschedulableAndUnresolvable,
        `node(s) didn't satisfy plugin(s) [${[...pre.pluginsWithNodes].sort().join(' ')}]`,
      ),
    );
    if (record) record.preFilterNodes = nodes.map((n) => n.name);
  }
  const feasible = findNodesThatPassFilters(sched, fwk, state, pod, diagnosis, nodes, record);
  const processed = feasible.length + diagnosis.nodeToStatus.len();
  sched.nextStartNodeIndex = allNodes.length ? (sched.nextStartNodeIndex + processed) % allNodes.length : 0;
  return [feasible, diagnosis];
}

/**
 * `findNodesThatPassFilters`: run the filters on the nodes, starting where the previous cycle
 * stopped (so every node gets its turn), until enough feasible nodes are found.
 */
function findNodesThatPassFilters(
  sched: Scheduler,
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  diagnosis: Diagnosis,
  nodes: readonly NodeInfo[],
  record?: AttemptRecord,
  fromZero = false,
): NodeInfo[] {
  const numAllNodes = nodes.length;
  if (numAllNodes === 0) return [];
  let numNodesToFind = numFeasibleNodesToFind(fwk.percentageOfNodesToScore, numAllNodes);
  if (fwk.scorePlugins.length === 0) numNodesToFind = 1;
  const feasible: NodeInfo[] = [];
  const start = fromZero ? 0 : sched.nextStartNodeIndex;
  const evaluated = record ? (record.evaluated = new EvaluatedNodes(nodes, start)) : undefined;
  if (fwk.filterPlugins.length === 0) {
    for (let i = 0; i < numNodesToFind; i++) feasible.push(nodes[(start + i) % numAllNodes]!);
    return feasible;
  }
  let i = 0;
  for (; i < numAllNodes; i++) {
    const nodeInfo = nodes[(start + i) % numAllNodes]!;
    const status = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (evaluated) {
      if (status !== null) {
        evaluated.rejectedAt.push(evaluated.count);
        evaluated.rejected.push(status);
      }
      evaluated.count++;
    }
    if (status === null) {
      feasible.push(nodeInfo);
      if (feasible.length >= numNodesToFind) {
        i++;
        break;
      }
      continue;
    }
    diagnosis.nodeToStatus.set(nodeInfo.name, status);
    addPluginStatus(diagnosis, status);
  }
  if (record && i < numAllNodes)
    record.notEvaluatedReason = `${numAllNodes - i} node(s) not evaluated: ${numNodesToFind} feasible node(s) were enough (percentageOfNodesToScore)`;
  return feasible;
}

/** `prioritizeNodes`: PreScore then Score. */
function prioritizeNodes(
  fwk: Framework,
  state: CycleState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
): ScoreResult | Status {
  const pre = fwk.runPreScorePlugins(state, pod, nodes);
  if (pre !== null) return pre;
  return fwk.runScorePlugins(state, pod, nodes);
}

/**
 * `selectHost`: the node with the highest total; among equal ones, each is picked with the same
 * probability (reservoir sampling, one random draw per further tie, from the seeded Rand).
 */
export function selectHost(
  nodes: readonly NodeInfo[],
  totals: Float64Array,
  rand: { int(n: number): number },
): string {
  let best = -Infinity;
  for (let i = 0; i < nodes.length; i++) if (totals[i]! > best) best = totals[i]!;
  let selected = -1;
  let cnt = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (totals[i] !== best) continue;
    cnt++;
    if (cnt === 1 || rand.int(cnt) === 0) selected = i;
  }
  return nodes[selected]!.name;
}

/** `bindingCycle`: bind, then the `Scheduled` event. */
function bindingCycle(
  sched: Scheduler,
  fwk: Framework,
  state: CycleState,
  result: ScheduleResult,
  assumed: QueuedPodInfo,
): Status | null {
  sched.queue.done(assumed.podInfo.uid);
  let status = fwk.runBindPlugins(state, assumed.podInfo, result.suggestedHost);
  if (status?.isSkip()) status = asStatus(new Error('no bind plugin bound the pod'));
  sched.cache.finishBinding(assumed.podInfo);
  if (status !== null) return status;
  const pod = assumed.pod;
  sched.recorder.eventf(
    pod,
    null,
    'Normal',
    'Scheduled',
    'Binding',
    `Successfully assigned ${pod.metadata?.namespace}/${pod.metadata?.name} to ${result.suggestedHost}`,
  );
  return null;
}

function handleBindingCycleError(
  sched: Scheduler,
  fwk: Framework,
  assumed: QueuedPodInfo,
  status: Status,
  record: AttemptRecord,
): void {
  sched.cache.forgetPod(assumed.podInfo);
  // The assumed pod held room on the node: its release is an AssignedPodDelete event.
  sched.queue.moveAllToActiveOrBackoffQueue(
    { resource: 'AssignedPod', actionType: 2, label: 'AssignedPodDelete' },
    assumed.pod,
    undefined,
  );
  handleSchedulingFailure(sched, fwk, assumed, status, CLEAR_NOMINATED_NODE, record);
}

/**
 * `handleSchedulingFailure`: back to the queue (unless the pod is gone or bound meanwhile),
 * nominate it if preemption chose a node, record `FailedScheduling`, set PodScheduled=False.
 */
function handleSchedulingFailure(
  sched: Scheduler,
  _fwk: Framework,
  pInfo: QueuedPodInfo,
  status: Status,
  nominatingInfo: NominatingInfo | null,
  record: AttemptRecord,
): void {
  const reason = status.isRejected() ? 'Unschedulable' : 'SchedulerError';
  const pod = pInfo.pod;
  const fitError = sched.lastFitError;
  sched.lastFitError = undefined;
  const errMsg = status.message();
  if (fitError) {
    pInfo.unschedulablePlugins = fitError.diagnosis.unschedulablePlugins;
    pInfo.pendingPlugins = fitError.diagnosis.pendingPlugins;
  } else {
    pInfo.unschedulablePlugins = new Set();
    pInfo.pendingPlugins = new Set();
  }
  finishRecord(record, reason === 'Unschedulable' ? 'Unschedulable' : 'Error', errMsg);

  const cached = sched.listers.pod(pInfo.podInfo.namespace, pInfo.podInfo.name);
  if (!cached || cached.metadata?.uid !== pInfo.podInfo.uid) {
    sched.queue.done(pInfo.podInfo.uid);
  } else if (cached.spec?.nodeName) {
    sched.queue.done(pInfo.podInfo.uid);
  } else {
    pInfo.podInfo = new PodInfo(cached);
    sched.queue.addUnschedulableIfNotPresent(pInfo, sched.queue.currentSchedulingCycle);
  }
  // Update the nominator now, before the next cycle (the pod update from the API comes later).
  sched.queue.nominator.add(new PodInfo(pod), nominatingInfo);

  sched.recorder.eventf(pod, null, 'Warning', 'FailedScheduling', 'Scheduling', truncateMessage(errMsg));
  updatePodScheduledCondition(sched, pod, errMsg, reason, nominatingInfo);
}

/** `updatePod`: PodScheduled=False with the message, and nominatedNodeName when it changes. */
function updatePodScheduledCondition(
  sched: Scheduler,
  pod: Pod,
  message: string,
  reason: string,
  nominatingInfo: NominatingInfo | null,
): void {
  const newStatus = copyStatus(pod);
  const nnnNeedsUpdate =
    nominatingInfo?.mode === 'Override' &&
    (pod.status?.nominatedNodeName ?? '') !== nominatingInfo.nominatedNodeName;
  const changed = updatePodCondition(
    newStatus,
    { type: 'PodScheduled', status: 'False', reason, message },
    sched.clock.now(),
  );
  if (!changed && !nnnNeedsUpdate) return;
  if (nnnNeedsUpdate) {
    if (nominatingInfo!.nominatedNodeName)
      (newStatus as { nominatedNodeName?: string }).nominatedNodeName = nominatingInfo!.nominatedNodeName;
    else delete (newStatus as { nominatedNodeName?: string }).nominatedNodeName;
  }
  try {
    patchPodStatus(sched.client, pod, pod.status ?? {}, newStatus);
  } catch (e) {
    sched.logger.error(
      `Error updating pod ${pod.metadata?.namespace}/${pod.metadata?.name}: ${(e as Error).message}`,
    );
  }
}
