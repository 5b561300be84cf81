/**
 * deploymentutil (pkg/controller/deployment/util/deployment_util.go): the arithmetic and
 * bookkeeping of rollouts, as pure functions over Deployments and ReplicaSets.
 *
 * Vocabulary:
 *  - the *new* ReplicaSet is the one whose pod template equals the Deployment's (ignoring the
 *    pod-template-hash label); all others are *old*;
 *  - maxSurge (rounded up) bounds how many pods may exist above spec.replicas during a rollout,
 *    maxUnavailable (rounded down) how many of spec.replicas may be unavailable; if both round to
 *    0, maxUnavailable becomes 1 so that the rollout can move at all (reference §4.2);
 *  - revisions are numbers in the `deployment.kubernetes.io/revision` annotation of each
 *    ReplicaSet; the new one always gets max(old) + 1, so a rollback re-numbers the ReplicaSet it
 *    returns to.
 */
import type {
  Deployment,
  DeploymentCondition,
  DeploymentStatus,
  ReplicaSet,
  ReplicaSetCondition,
} from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import {
  getScaledValueFromIntOrPercent,
  maxSurge as intstrMaxSurge,
  maxUnavailable as intstrMaxUnavailable,
} from '../../../apimachinery/intstr';
import { semanticEqual } from '../../api/objects';
import { parseTime, rfc3339 } from '../framework/objects';
import { rsByCreationTimestampLess } from '../replicaset/controller-utils';

export type DeploymentObject = Deployment & KubeObject;
export type ReplicaSetObject = ReplicaSet & KubeObject;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The label that ties a ReplicaSet and its pods to one pod template (DefaultDeploymentUniqueLabelKey). */
export const DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY = 'pod-template-hash';
const LAST_APPLIED_CONFIG_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
const DEPRECATED_ROLLBACK_TO = 'deprecated.deployment.rollback.to';

// Reasons of the Progressing and Available conditions.
export const REPLICA_SET_UPDATED_REASON = 'ReplicaSetUpdated';
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
export const NEW_REPLICA_SET_REASON = 'NewReplicaSetCreated';
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
export const PAUSED_DEPLOY_REASON = 'DeploymentPaused';
export const RESUMED_DEPLOY_REASON = 'DeploymentResumed';
export const MINIMUM_REPLICAS_AVAILABLE = 'MinimumReplicasAvailable';
export const MINIMUM_REPLICAS_UNAVAILABLE = 'MinimumReplicasUnavailable';

const MAX_INT32 = 2147483647;

const replicas = (d: Deployment): number => d.spec?.replicas ?? 1;
const rsReplicas = (rs: ReplicaSet): number => rs.spec?.replicas ?? 1;

// ---------------------------------------------------------------------------------------------
// Conditions
// ---------------------------------------------------------------------------------------------

/** NewDeploymentCondition: lastUpdateTime = lastTransitionTime = now. Fields in Go order. */
export function newDeploymentCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const t = rfc3339(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

export function getDeploymentCondition(
  status: DeploymentStatus | undefined,
  type: string,
): DeploymentCondition | undefined {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

/**
 * SetDeploymentCondition: nothing if a condition with the same status and reason exists;
 * otherwise replace it, keeping lastTransitionTime when only the reason changed.
 */
export function setDeploymentCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getDeploymentCondition(status, condition.type);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const cond = { ...condition };
  if (current && current.status === cond.status) cond.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeDeploymentCondition(status: DeploymentStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/** ReplicaSetToDeploymentCondition: a ReplicaFailure of a ReplicaSet, as a Deployment condition. */
export function replicaSetToDeploymentCondition(c: ReplicaSetCondition): DeploymentCondition {
  return {
    type: c.type,
    status: c.status,
    lastUpdateTime: c.lastTransitionTime,
    lastTransitionTime: c.lastTransitionTime,
    reason: c.reason,
    message: c.message,
  };
}

// ---------------------------------------------------------------------------------------------
// Revisions and annotations
// ---------------------------------------------------------------------------------------------

/** Revision: the revision annotation as a number (0 when absent; NaN when not an integer). */
export function revision(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  const v = obj.metadata?.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return /^[+-]?\d+$/.test(v) ? Number(v) : NaN;
}

/** MaxRevision: the highest revision among the ReplicaSets (unparseable ones are skipped). */
export function maxRevision(rss: readonly (ReplicaSet | undefined)[]): number {
  let max = 0;
  for (const rs of rss) {
    if (!rs) continue;
    const v = revision(rs);
    if (!Number.isNaN(v) && v > max) max = v;
  }
  return max;
}

/** LastRevision: the second highest revision (the one `rollout undo` goes back to). */
export function lastRevision(rss: readonly ReplicaSet[]): number {
  let max = 0;
  let secMax = 0;
  for (const rs of rss) {
    const v = revision(rs);
    if (Number.isNaN(v)) continue;
    if (v >= max) {
      secMax = max;
      max = v;
    } else if (v > secMax) secMax = v;
  }
  return secMax;
}

const ANNOTATIONS_TO_SKIP = new Set([
  LAST_APPLIED_CONFIG_ANNOTATION,
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  DEPRECATED_ROLLBACK_TO,
]);

/** skipCopyAnnotation: annotations the Deployment keeps to itself. */
export const skipCopyAnnotation = (key: string): boolean => ANNOTATIONS_TO_SKIP.has(key);

/**
 * copyDeploymentAnnotationsToReplicaSet: the Deployment's own annotations (e.g.
 * `kubernetes.io/change-cause`) are copied to its new ReplicaSet; that is where `rollout
 * history` later finds the CHANGE-CAUSE of each revision.
 */
function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  let changed = false;
  rs.metadata ??= {};
  const annotations = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (skipCopyAnnotation(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/** limit the revision history annotation to ~2000 characters (maxRevHistoryLengthInChars). */
export const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/**
 * SetNewReplicaSetAnnotations: copy the Deployment's annotations, raise the revision to
 * `newRevision` if it is higher (remembering the old one in revision-history: a rollback), and
 * for a ReplicaSet about to be created set desired/max replicas.
 */
export function setNewReplicaSetAnnotations(
  d: DeploymentObject,
  newRS: ReplicaSet,
  newRevision: string,
  exists: boolean,
  revHistoryLimitInChars = MAX_REV_HISTORY_LENGTH_IN_CHARS,
): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, newRS);
  const annotations = (newRS.metadata!.annotations ??= {});
  const oldRevision = annotations[REVISION_ANNOTATION];
  const had = oldRevision !== undefined;
  let oldRevisionInt: number;
  if (oldRevision === undefined || oldRevision === '') oldRevisionInt = 0;
  else if (/^[+-]?\d+$/.test(oldRevision)) oldRevisionInt = Number(oldRevision);
  else return false;
  if (!/^[+-]?\d+$/.test(newRevision)) return false;
  const newRevisionInt = Number(newRevision);
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = newRevision;
    changed = true;
  }
  // The ReplicaSet had a revision and got a newer one: we are rolling back to it. Keep its old
  // revisions for history.
  if (had && oldRevisionInt < newRevisionInt) {
    const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
    const oldRevisions = history.split(',');
    if (oldRevisions[0]!.length === 0) {
      annotations[REVISION_HISTORY_ANNOTATION] = oldRevision!;
    } else {
      let totalLen = history.length + oldRevision!.length + 1;
      let start = 0;
      while (totalLen > revHistoryLimitInChars && start < oldRevisions.length) {
        totalLen = totalLen - oldRevisions[start]!.length - 1;
        start++;
      }
      if (totalLen <= revHistoryLimitInChars)
        annotations[REVISION_HISTORY_ANNOTATION] = [...oldRevisions.slice(start), oldRevision!].join(',');
    }
  }
  if (!exists && setReplicasAnnotations(newRS, replicas(d), replicas(d) + maxSurge(d))) changed = true;
  return changed;
}

/** SetDeploymentRevision: the Deployment's revision annotation follows its new ReplicaSet's. */
export function setDeploymentRevision(d: DeploymentObject, rev: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[REVISION_ANNOTATION] === rev) return false;
  annotations[REVISION_ANNOTATION] = rev;
  return true;
}

/**
 * SetReplicasAnnotations: desired-replicas (spec.replicas) and max-replicas (replicas +
 * maxSurge) as the Deployment was when this ReplicaSet was last scaled. Proportional scaling
 * reads them back to tell what share of the Deployment each ReplicaSet holds.
 */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  rs.metadata ??= {};
  const annotations = (rs.metadata.annotations ??= {});
  let updated = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    updated = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    updated = true;
  }
  return updated;
}

/** ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = rs.metadata?.annotations;
  if (!a) return true;
  return a[DESIRED_REPLICAS_ANNOTATION] !== String(desired) || a[MAX_REPLICAS_ANNOTATION] !== String(max);
}

/** getIntFromAnnotation: strconv.Atoi of an annotation (undefined when missing or invalid). */
function intFromAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return undefined;
  return Number(v);
}

export const getDesiredReplicasAnnotation = (rs: ReplicaSet): number | undefined =>
  intFromAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
const getMaxReplicasAnnotation = (rs: ReplicaSet): number | undefined =>
  intFromAnnotation(rs, MAX_REPLICAS_ANNOTATION);

// ---------------------------------------------------------------------------------------------
// Fenceposts and replica arithmetic
// ---------------------------------------------------------------------------------------------

export const isRollingUpdate = (d: Deployment): boolean => d.spec?.strategy?.type === 'RollingUpdate';

/** MaxUnavailable: 0 unless RollingUpdate with replicas > 0; capped at replicas. */
export const maxUnavailable = (d: Deployment): number => intstrMaxUnavailable(d);

/** MaxSurge: 0 unless RollingUpdate. */
export const maxSurge = (d: Deployment): number => intstrMaxSurge(d);

/** MinAvailable = replicas − MaxUnavailable. */
export const minAvailable = (d: Deployment): number => replicas(d) - maxUnavailable(d);

/** GetReplicaCountForReplicaSets: the sum of spec.replicas. */
export function getReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rsReplicas(rs);
  return n;
}

/** GetActualReplicaCountForReplicaSets: the sum of status.replicas. */
export function getActualReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.replicas ?? 0;
  return n;
}

export function getReadyReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.readyReplicas ?? 0;
  return n;
}

export function getAvailableReplicaCountForReplicaSets(rss: readonly (ReplicaSet | undefined)[]): number {
  let n = 0;
  for (const rs of rss) if (rs) n += rs.status?.availableReplicas ?? 0;
  return n;
}

/**
 * NewRSNewReplicas: how big the new ReplicaSet may be now. RollingUpdate: grow it by what is
 * left under replicas + maxSurge (counting every ReplicaSet's spec.replicas), never past
 * replicas. Recreate: everything at once (called only once the old pods are gone).
 */
export function newRSNewReplicas(
  d: Deployment,
  allRSs: readonly (ReplicaSet | undefined)[],
  newRS: ReplicaSet,
): number {
  switch (d.spec?.strategy?.type) {
    case 'RollingUpdate': {
      const surge = getScaledValueFromIntOrPercent(
        d.spec.strategy.rollingUpdate?.maxSurge,
        replicas(d),
        true,
      );
      const currentPodCount = getReplicaCountForReplicaSets(allRSs);
      const maxTotalPods = replicas(d) + surge;
      if (currentPodCount >= maxTotalPods) return rsReplicas(newRS);
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, replicas(d) - rsReplicas(newRS));
      return rsReplicas(newRS) + scaleUpCount;
    }
    case 'Recreate':
      return replicas(d);
    default:
      throw new Error(`deployment type ${d.spec?.strategy?.type ?? ''} isn't supported`);
  }
}

/** IsSaturated: the new ReplicaSet holds, wants and has available all replicas. */
export function isSaturated(d: Deployment, rs: ReplicaSet | undefined): boolean {
  if (!rs) return false;
  const desired = getDesiredReplicasAnnotation(rs);
  if (desired === undefined) return false;
  return (
    rsReplicas(rs) === replicas(d) &&
    desired === replicas(d) &&
    (rs.status?.availableReplicas ?? 0) === replicas(d)
  );
}

/** integer.RoundToInt32: round half away from zero. */
const roundToInt32 = (a: number): number => (a < 0 ? Math.trunc(a - 0.5) : Math.trunc(a + 0.5));

/**
 * getReplicaSetFraction: how much this ReplicaSet should grow or shrink when the Deployment is
 * resized mid-rollout: its share of the old max-replicas, applied to the new one.
 */
function getReplicaSetFraction(rs: ReplicaSetObject, d: DeploymentObject): number {
  if (replicas(d) === 0) return -rsReplicas(rs);
  const deploymentMaxReplicas = replicas(d) + maxSurge(d);
  let before = getMaxReplicasAnnotation(rs);
  if (before === undefined || before === 0) {
    // No annotation (someone removed it, or we are scaling): fall back to the current size.
    before = d.status?.replicas ?? 0;
    if (before === 0) return 0;
  }
  const newRSsize = (rsReplicas(rs) * deploymentMaxReplicas) / before;
  return roundToInt32(newRSsize) - rsReplicas(rs);
}

/** GetProportion: getReplicaSetFraction, bounded by what is still allowed to be added/removed. */
export function getProportion(
  rs: ReplicaSetObject | undefined,
  d: DeploymentObject,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (
    !rs ||
    rsReplicas(rs) === 0 ||
    deploymentReplicasToAdd === 0 ||
    deploymentReplicasToAdd === deploymentReplicasAdded
  )
    return 0;
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(rsFraction, allowed) : Math.max(rsFraction, allowed);
}

// ---------------------------------------------------------------------------------------------
// Finding the new and old ReplicaSets
// ---------------------------------------------------------------------------------------------

/** EqualIgnoreHash: two pod templates are the same if they differ only in pod-template-hash. */
export function equalIgnoreHash(t1: PodTemplateSpec | undefined, t2: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): unknown => {
    if (!t) return t;
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels[DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY];
    return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(t1), strip(t2));
}

/**
 * FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (there can be
 * several after some upgrades; the oldest wins deterministically).
 */
export function findNewReplicaSet(
  d: Deployment,
  rsList: readonly ReplicaSetObject[],
): ReplicaSetObject | undefined {
  const sorted = [...rsList].sort((a, b) =>
    rsByCreationTimestampLess(a, b) ? -1 : rsByCreationTimestampLess(b, a) ? 1 : 0,
  );
  return sorted.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

/** FindOldReplicaSets: (old ReplicaSets with pods, all old ReplicaSets). */
export function findOldReplicaSets(
  d: Deployment,
  rsList: readonly ReplicaSetObject[],
): { requiredRSs: ReplicaSetObject[]; allOldRSs: ReplicaSetObject[] } {
  const newRS = findNewReplicaSet(d, rsList);
  const requiredRSs: ReplicaSetObject[] = [];
  const allOldRSs: ReplicaSetObject[] = [];
  for (const rs of rsList) {
    if (newRS && rs.metadata.uid === newRS.metadata.uid) continue;
    allOldRSs.push(rs);
    if (rsReplicas(rs) !== 0) requiredRSs.push(rs);
  }
  return { requiredRSs, allOldRSs };
}

/**
 * FindActiveOrLatest: the one ReplicaSet with pods, or (none with pods) the newest; undefined when
 * several have pods (a rollout is in progress).
 */
export function findActiveOrLatest(
  newRS: ReplicaSetObject | undefined,
  oldRSs: ReplicaSetObject[],
): ReplicaSetObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  oldRSs.sort((a, b) => (rsByCreationTimestampLess(b, a) ? -1 : rsByCreationTimestampLess(a, b) ? 1 : 0));
  const active = [...oldRSs, newRS].filter((rs): rs is ReplicaSetObject => !!rs && rsReplicas(rs) > 0);
  switch (active.length) {
    case 0:
      return newRS ?? oldRSs[0];
    case 1:
      return active[0];
    default:
      return undefined;
  }
}

/** ReplicaSetsByRevision: lowest revision first (then oldest). */
export function sortRSByRevision(rss: ReplicaSetObject[]): ReplicaSetObject[] {
  const less = (a: ReplicaSetObject, b: ReplicaSetObject): boolean => {
    const r1 = revision(a);
    const r2 = revision(b);
    if (r1 === r2 || (Number.isNaN(r1) && Number.isNaN(r2))) return rsByCreationTimestampLess(a, b);
    return r1 < r2;
  };
  return rss.sort((a, b) => (less(a, b) ? -1 : less(b, a) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------------------------

/** HasProgressDeadline: progressDeadlineSeconds set and not MaxInt32 ("never"). */
export const hasProgressDeadline = (d: Deployment): boolean =>
  d.spec?.progressDeadlineSeconds != null && d.spec.progressDeadlineSeconds !== MAX_INT32;

/** HasRevisionHistoryLimit. */
export const hasRevisionHistoryLimit = (d: Deployment): boolean =>
  d.spec?.revisionHistoryLimit != null && d.spec.revisionHistoryLimit !== MAX_INT32;

/**
 * DeploymentComplete: every replica updated, no old ones left, all available, and the status
 * describes the latest spec.
 */
export function deploymentComplete(d: DeploymentObject, newStatus: DeploymentStatus): boolean {
  return (
    (newStatus.updatedReplicas ?? 0) === replicas(d) &&
    (newStatus.replicas ?? 0) === replicas(d) &&
    (newStatus.availableReplicas ?? 0) === replicas(d) &&
    (newStatus.observedGeneration ?? 0) >= (d.metadata.generation ?? 0)
  );
}

/**
 * DeploymentProgressing: compared with the status the Deployment has now, more pods updated,
 * fewer old pods, more ready or more available — any of these is progress, and resets the
 * progress deadline.
 */
export function deploymentProgressing(d: Deployment, newStatus: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldStatusOldReplicas = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newStatusOldReplicas = (newStatus.replicas ?? 0) - (newStatus.updatedReplicas ?? 0);
  return (
    (newStatus.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (newStatus.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/**
 * DeploymentTimedOut: no progress reported for longer than progressDeadlineSeconds (measured
 * from the Progressing condition's lastUpdateTime, strictly after the deadline).
 */
export function deploymentTimedOut(d: Deployment, newStatus: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const condition = getDeploymentCondition(newStatus, 'Progressing');
  if (!condition) return false;
  // A finished rollout cannot time out; scaling or resyncs after it are not rollouts.
  if (condition.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (condition.reason === TIMED_OUT_REASON) return true;
  const from = parseTime(condition.lastUpdateTime);
  return from + d.spec!.progressDeadlineSeconds! * 1000 < now;
}
