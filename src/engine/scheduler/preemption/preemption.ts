/**
 * Preemption (k/k pkg/scheduler/framework/preemption/preemption.go and the DefaultPreemption
 * plugin's victim selection), run as PostFilter when a pod fits nowhere:
 *
 *  1. Is the pod allowed to preempt? Not with `preemptionPolicy: Never`, and not again while
 *     victims it already chose are still terminating on its nominated node.
 *  2. Candidate nodes: only nodes whose Filter failure was plain Unschedulable (not "taint",
 *     "node affinity" and the like: removing pods cannot fix those).
 *  3. Dry run per candidate, starting at a random offset: remove every pod of lower priority and
 *     check the pod fits; then add them back ("reprieve"), most important first, PDB-violating
 *     ones before the others, as long as the pod still fits. What could not be reprieved are the
 *     victims. Enough candidates are collected (10% of the nodes, at least 100).
 *  4. Pick a node: fewest PDB violations, then the lowest highest-priority victim, the smallest
 *     sum of priorities, the fewest victims, the latest start of the highest-priority victims,
 *     then the first.
 *  5. Preempt: each victim gets the DisruptionTarget condition and is deleted gracefully (the
 *     kubelet stops it), with a `Preempted` event; lower-priority pods nominated to that node lose
 *     their nomination; the preemptor is nominated to the node (status.nominatedNodeName) and
 *     waits for the victims to go.
 *
 * The decision is recorded: candidates, their victims, and the chosen node.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { labelSelectorAsSelector } from '../../../apimachinery/labels';
import { isNotFound } from '../../controllers/framework/client';
import { fitErrorMessage } from '../framework/fit-error';
import type { PluginHandle } from '../framework/handle';
import type { NodeInfo, PodInfo } from '../framework/node-info';
import {
  Code,
  NodeToStatus,
  Status,
  asStatus,
  newStatus,
  newDiagnosis,
  type CycleState,
  type PostFilterResult,
} from '../framework/types';
import {
  copyStatus,
  earliestPodStartTime,
  moreImportantPod,
  patchPodStatus,
  updatePodCondition,
} from '../util';

export const NO_VICTIMS_MSG = 'No preemption victims found for incoming pod';
export const NOT_HELPFUL_MSG = 'Preemption is not helpful for scheduling';
export const PREEMPTION_POLICY_NEVER_MSG = 'not eligible due to preemptionPolicy=Never.';
export const TERMINATING_POD_MSG = 'not eligible due to a terminating pod on the nominated node.';

/** DefaultPreemptionArgs. */
export const MIN_CANDIDATE_NODES_PERCENTAGE = 10;
export const MIN_CANDIDATE_NODES_ABSOLUTE = 100;

export interface Candidate {
  name: string;
  victims: Pod[];
  numPDBViolations: number;
}

/** What one preemption attempt did, for the decision record. */
export interface PreemptionRecord {
  eligible: boolean;
  message: string;
  /** Nodes where removing lower-priority pods could help, in the order they were tried. */
  candidates: { node: string; victims: string[]; numPDBViolations: number }[];
  /** Nodes tried where preemption would not help, with the reason. */
  rejected: { node: string; reason: string }[];
  nominatedNode?: string;
  victims?: string[];
}

const podKey = (p: Pod) => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;

/** `podTerminatingByPreemption`. */
function podTerminatingByPreemption(p: Pod): boolean {
  if (!p.metadata?.deletionTimestamp) return false;
  for (const c of p.status?.conditions ?? [])
    if (c.type === 'DisruptionTarget') return c.status === 'True' && c.reason === 'PreemptionByScheduler';
  return false;
}

/**
 * `filterPodsWithPDBViolation`: split pods (in their order) into those whose eviction would push
 * a PodDisruptionBudget below its allowed disruptions and the others.
 */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    let violated = false;
    const labels = pi.pod.metadata?.labels ?? {};
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        if (pdb.metadata?.namespace !== pi.namespace) return;
        let selector;
        try {
          selector = labelSelectorAsSelector(pdb.spec?.selector ?? null);
        } catch {
          return;
        }
        if (selector.empty() || !selector.matches(labels)) return;
        if (pdb.status?.disruptedPods && pi.name in pdb.status.disruptedPods) return;
        allowed[i]!--;
        if (allowed[i]! < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}

export class Evaluator {
  /** The last attempt, read by the scheduler into the decision record. */
  lastRecord: PreemptionRecord | undefined;

  constructor(
    readonly pluginName: string,
    private readonly handle: PluginHandle,
  ) {}

  /**
   * `Preempt`. Returns the PostFilter result and status; an Unschedulable status carries the
   * message for the `preemption:` part of FailedScheduling.
   */
  preempt(state: CycleState, podInfo: PodInfo, m: NodeToStatus): [PostFilterResult | null, Status] {
    const record: PreemptionRecord = { eligible: true, message: '', candidates: [], rejected: [] };
    this.lastRecord = record;
    // 0) the latest version of the pod
    const latest = this.handle.listers.pod(podInfo.namespace, podInfo.name);
    if (!latest) return [null, asStatus(new Error(`pods "${podInfo.name}" not found`))];
    const pod = latest;

    // 1) eligible?
    const nominated = pod.status?.nominatedNodeName ?? '';
    const [ok, msg] = this.podEligibleToPreemptOthers(pod, podInfo.priority, m.get(nominated));
    if (!ok) {
      record.eligible = false;
      record.message = msg;
      return [null, newStatus(Code.Unschedulable, msg)];
    }

    // 2) candidates
    const allNodes = this.handle.snapshot().list();
    if (allNodes.length === 0) return [null, asStatus(new Error('no nodes available'))];
    const [candidates, nodeStatuses, err] = this.findCandidates(state, allNodes, podInfo, m, record);
    if (err && candidates.length === 0) return [null, asStatus(err)];
    if (candidates.length === 0) {
      const d = newDiagnosis();
      d.nodeToStatus = nodeStatuses;
      d.nodeToStatus.setAbsentNodesStatus(newStatus(Code.UnschedulableAndUnresolvable, NOT_HELPFUL_MSG));
      const message = fitErrorMessage(allNodes.length, d);
      record.message = message;
      return [
        { nominatingInfo: { mode: 'Override', nominatedNodeName: '' } },
        newStatus(Code.Unschedulable, message),
      ];
    }

    // 4) the best candidate
    const best = this.selectCandidate(candidates);
    if (!best || !best.name) return [null, newStatus(Code.Unschedulable, 'no candidate node for preemption')];

    // 5) preempt
    const s = this.prepareCandidate(best, pod, podInfo);
    if (s) return [null, s];
    record.nominatedNode = best.name;
    record.victims = best.victims.map(podKey);
    return [{ nominatingInfo: { mode: 'Override', nominatedNodeName: best.name } }, newStatus(Code.Success)];
  }

  /** `PodEligibleToPreemptOthers`. */
  podEligibleToPreemptOthers(pod: Pod, priority: number, nominatedNodeStatus: Status): [boolean, string] {
    if (pod.spec?.preemptionPolicy === 'Never') return [false, PREEMPTION_POLICY_NEVER_MSG];
    const nomNodeName = pod.status?.nominatedNodeName ?? '';
    if (nomNodeName) {
      if (nominatedNodeStatus.code === Code.UnschedulableAndUnresolvable) return [true, ''];
      const nodeInfo = this.handle.snapshot().get(nomNodeName);
      if (nodeInfo) {
        for (const p of nodeInfo.pods)
          if (p.priority < priority && podTerminatingByPreemption(p.pod)) return [false, TERMINATING_POD_MSG];
      }
    }
    return [true, ''];
  }

  private findCandidates(
    state: CycleState,
    allNodes: readonly NodeInfo[],
    pod: PodInfo,
    m: NodeToStatus,
    record: PreemptionRecord,
  ): [Candidate[], NodeToStatus, Error | undefined] {
    const potentialNodes = m.nodesForStatusCode(allNodes, Code.Unschedulable);
    if (potentialNodes.length === 0) return [[], new NodeToStatus(), undefined];
    const pdbs = this.handle.listers.podDisruptionBudgets();
    const [offset, numCandidates] = this.getOffsetAndNumCandidates(potentialNodes.length);
    return this.dryRunPreemption(state, pod, potentialNodes, pdbs, offset, numCandidates, record);
  }

  /** A random offset, and max(10% of the nodes, 100) capped at the number of nodes. */
  getOffsetAndNumCandidates(numNodes: number): [number, number] {
    let n = Math.trunc((numNodes * MIN_CANDIDATE_NODES_PERCENTAGE) / 100);
    if (n < MIN_CANDIDATE_NODES_ABSOLUTE) n = MIN_CANDIDATE_NODES_ABSOLUTE;
    if (n > numNodes) n = numNodes;
    return [this.handle.rand.int(numNodes), n];
  }

  /** `DryRunPreemption`: candidates that violate no PDB come first. */
  dryRunPreemption(
    state: CycleState,
    pod: PodInfo,
    potentialNodes: readonly NodeInfo[],
    pdbs: readonly PodDisruptionBudget[],
    offset: number,
    numCandidates: number,
    record?: PreemptionRecord,
  ): [Candidate[], NodeToStatus, Error | undefined] {
    const nonViolating: Candidate[] = [];
    const violating: Candidate[] = [];
    const statuses = new NodeToStatus();
    const errs: string[] = [];
    for (let i = 0; i < potentialNodes.length; i++) {
      const nodeInfoCopy = potentialNodes[(offset + i) % potentialNodes.length]!.clone();
      const stateCopy = state.clone();
      const [pods, numPDBViolations, status0] = this.selectVictimsOnNode(stateCopy, pod, nodeInfoCopy, pdbs);
      let status = status0;
      if (status === null && pods.length > 0) {
        const c: Candidate = { name: nodeInfoCopy.name, victims: pods, numPDBViolations };
        (numPDBViolations === 0 ? nonViolating : violating).push(c);
        record?.candidates.push({ node: c.name, victims: pods.map(podKey), numPDBViolations });
        if (nonViolating.length > 0 && nonViolating.length + violating.length >= numCandidates) break;
        continue;
      }
      if (status === null && pods.length === 0)
        status = asStatus(
          new Error(`expected at least one victim pod on node ${JSON.stringify(nodeInfoCopy.name)}`),
        );
      if (status!.code === Code.Error) errs.push(status!.message());
      statuses.set(nodeInfoCopy.name, status!);
      record?.rejected.push({ node: nodeInfoCopy.name, reason: status!.message() });
    }
    return [[...nonViolating, ...violating], statuses, errs.length ? new Error(errs.join(', ')) : undefined];
  }

  /** `SelectVictimsOnNode`: the fewest, least important pods whose removal lets the pod fit. */
  selectVictimsOnNode(
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
    pdbs: readonly PodDisruptionBudget[],
  ): [Pod[], number, Status | null] {
    const fwk = this.handle.framework();
    const removePod = (rpi: PodInfo): Status | null => {
      nodeInfo.removePod(rpi.pod);
      return fwk.runPreFilterExtensionRemovePod(state, pod, rpi, nodeInfo);
    };
    const addPod = (api: PodInfo): Status | null => {
      nodeInfo.addPodInfo(api);
      return fwk.runPreFilterExtensionAddPod(state, pod, api, nodeInfo);
    };
    const potentialVictims = nodeInfo.pods.filter((pi) => pi.priority < pod.priority);
    for (const pi of potentialVictims) {
      const s = removePod(pi);
      if (s) return [[], 0, s];
    }
    if (potentialVictims.length === 0)
      return [[], 0, newStatus(Code.UnschedulableAndUnresolvable, NO_VICTIMS_MSG)];
    const fits = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo);
    if (fits !== null) return [[], 0, fits];
    const now = this.handle.clock.now();
    potentialVictims.sort((a, b) =>
      moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0,
    );
    const [violatingVictims, nonViolatingVictims] = filterPodsWithPDBViolation(potentialVictims, pdbs);
    const victims: PodInfo[] = [];
    let numViolatingVictim = 0;
    const reprieve = (pi: PodInfo): boolean | Status => {
      const s = addPod(pi);
      if (s) return s;
      const fit = fwk.runFilterPluginsWithNominatedPods(state, pod, nodeInfo) === null;
      if (!fit) {
        const r = removePod(pi);
        if (r) return r;
        victims.push(pi);
      }
      return fit;
    };
    for (const p of violatingVictims) {
      const r = reprieve(p);
      if (r instanceof Status) return [[], 0, r];
      if (!r) numViolatingVictim++;
    }
    for (const p of nonViolatingVictims) {
      const r = reprieve(p);
      if (r instanceof Status) return [[], 0, r];
    }
    if (violatingVictims.length && nonViolatingVictims.length)
      victims.sort((a, b) =>
        moreImportantPod(a.pod, b.pod, now) ? -1 : moreImportantPod(b.pod, a.pod, now) ? 1 : 0,
      );
    return [victims.map((v) => v.pod), numViolatingVictim, null];
  }

  /** `SelectCandidate` → `pickOneNodeForPreemption`. */
  selectCandidate(candidates: Candidate[]): Candidate | undefined {
    if (candidates.length === 0) return undefined;
    if (candidates.length === 1) return candidates[0];
    const byName = new Map<string, Candidate>();
    for (const c of candidates) byName.set(c.name, c);
    const chosen = pickOneNodeForPreemption(byName, this.handle.clock.now());
    return byName.get(chosen) ?? candidates[0];
  }

  /** `prepareCandidate`: evict the victims, clear lower-priority nominations on the node. */
  private prepareCandidate(c: Candidate, preemptor: Pod, preemptorInfo: PodInfo): Status | null {
    for (const victim of c.victims) {
      if (victim.metadata?.deletionTimestamp) continue; // graceful deletion already started
      const err = this.preemptPod(c, preemptor, victim);
      if (err) return asStatus(err);
    }
    const nominated = this.handle
      .nominatedPodsForNode(c.name)
      .filter((pi) => pi.priority < preemptorInfo.priority);
    for (const pi of nominated) {
      const p = this.handle.listers.pod(pi.namespace, pi.name) ?? pi.pod;
      if (!p.status?.nominatedNodeName) continue;
      const newStatus = copyStatus(p);
      delete (newStatus as { nominatedNodeName?: string }).nominatedNodeName;
      try {
        patchPodStatus(this.handle.client, p, p.status ?? {}, newStatus);
      } catch {
        // not critical
      }
    }
    return null;
  }

  /** `PreemptPod`: DisruptionTarget condition, graceful delete, `Preempted` event. */
  private preemptPod(c: Candidate, preemptor: Pod, victim: Pod): Error | undefined {
    const now = this.handle.clock.now();
    const newStatus = copyStatus(victim);
    const updated = updatePodCondition(
      newStatus,
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'PreemptionByScheduler',
        message: `${preemptor.spec?.schedulerName ?? 'default-scheduler'}: preempting to accommodate a higher priority pod`,
      },
      now,
    );
    if (updated) {
      try {
        patchPodStatus(this.handle.client, victim, victim.status ?? {}, newStatus);
      } catch (e) {
        if (!isNotFound(e)) return e as Error;
        return undefined; // already gone
      }
    }
    try {
      this.handle.client.delete(
        { group: '', version: 'v1', resource: 'pods', namespaced: true },
        victim.metadata?.namespace,
        victim.metadata?.name ?? '',
      );
    } catch (e) {
      if (!isNotFound(e)) return e as Error;
      return undefined;
    }
    this.handle.recorder.eventf(
      victim,
      preemptor,
      'Normal',
      'Preempted',
      'Preempting',
      `Preempted by pod ${preemptor.metadata?.uid ?? ''} on node ${c.name}`,
    );
    return undefined;
  }
}

/**
 * `pickOneNodeForPreemption`: the score functions in order; each keeps only the nodes with the
 * best score, until one node is left.
 */
export function pickOneNodeForPreemption(nodesToVictims: Map<string, Candidate>, now: number): string {
  if (nodesToVictims.size === 0) return '';
  let all = [...nodesToVictims.keys()];
  const v = (n: string) => nodesToVictims.get(n)!;
  const prio = (p: Pod) => p.spec?.priority ?? 0;
  const scoreFuncs: ((node: string) => number)[] = [
    (n) => -v(n).numPDBViolations,
    (n) => -prio(v(n).victims[0]!),
    (n) => -v(n).victims.reduce((s, p) => s + prio(p) + 2147483648, 0),
    (n) => -v(n).victims.length,
    (n) => earliestPodStartTime(v(n).victims, now) ?? -Infinity,
  ];
  for (const f of scoreFuncs) {
    let selected: string[] = [];
    let max = -Infinity;
    for (const node of all) {
      const score = f(node);
      if (score > max) {
        max = score;
        selected = [];
      }
      if (score === max) selected.push(node);
    }
    if (selected.length === 1) return selected[0]!;
    all = selected;
  }
  return all[0]!;
}
