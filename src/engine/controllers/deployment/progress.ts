/**
 * Progress (pkg/controller/deployment/progress.go): the Progressing condition and the progress
 * deadline.
 *
 * While a rollout moves (more pods updated, fewer old pods, more ready or available), the
 * Progressing condition is `True ReplicaSetUpdated` and its lastUpdateTime is refreshed. When the
 * rollout completes it becomes `True NewReplicaSetAvailable`. If nothing moves for
 * progressDeadlineSeconds (600 by default) it becomes `False ProgressDeadlineExceeded` — which is
 * what makes `kubectl rollout status` give up with "exceeded its progress deadline". Nothing is
 * rolled back: the old pods keep serving, the stuck new ones stay.
 */
import type { DeploymentCondition } from 'kubernetes-types/apps/v1';
import { DEPLOYMENTS } from '../framework/resources';
import { parseTime } from '../framework/objects';
import type { DeploymentController } from './deployment-controller';
import { calculateStatus, statusEqual } from './sync';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getDeploymentCondition,
  hasProgressDeadline,
  NEW_RS_AVAILABLE_REASON,
  newDeploymentCondition,
  removeDeploymentCondition,
  replicaSetToDeploymentCondition,
  REPLICA_SET_UPDATED_REASON,
  setDeploymentCondition,
  TIMED_OUT_REASON,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util';

/** syncRolloutStatus: status plus the Progressing and ReplicaFailure conditions. */
export function syncRolloutStatus(
  dc: DeploymentController,
  allRSs: (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
): void {
  const now = dc.now();
  const newStatus = calculateStatus(allRSs, newRS, d, now);
  // If there is no progressDeadlineSeconds set, remove any Progressing condition.
  if (!hasProgressDeadline(d)) removeDeploymentCondition(newStatus, 'Progressing');

  // If there is only one replica set that is active then that means we are not running a new
  // rollout and this is a resync where we don't need to estimate any progress.
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  const isCompleteDeployment =
    (newStatus.replicas ?? 0) === (newStatus.updatedReplicas ?? 0) &&
    !!currentCond &&
    currentCond.reason === NEW_RS_AVAILABLE_REASON;
  // Check for progress only if there is a progress deadline set and the latest rollout hasn't
  // completed yet.
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    if (deploymentComplete(d, newStatus)) {
      const msg = newRS
        ? `ReplicaSet ${JSON.stringify(newRS.metadata.name)} has successfully progressed.`
        : `Deployment ${JSON.stringify(d.metadata.name)} has successfully progressed.`;
      setDeploymentCondition(
        newStatus,
        newDeploymentCondition('Progressing', 'True', NEW_RS_AVAILABLE_REASON, msg, now),
      );
    } else if (deploymentProgressing(d, newStatus)) {
      // Progress: refresh lastUpdateTime (a new condition with the same reason would be
      // ignored by setDeploymentCondition, so the old one is removed first), keeping
      // lastTransitionTime while it stays True.
      const msg = newRS
        ? `ReplicaSet ${JSON.stringify(newRS.metadata.name)} is progressing.`
        : `Deployment ${JSON.stringify(d.metadata.name)} is progressing.`;
      const condition: DeploymentCondition = newDeploymentCondition(
        'Progressing',
        'True',
        REPLICA_SET_UPDATED_REASON,
        msg,
        now,
      );
      if (currentCond) {
        if (currentCond.status === 'True') condition.lastTransitionTime = currentCond.lastTransitionTime;
        removeDeploymentCondition(newStatus, 'Progressing');
      }
      setDeploymentCondition(newStatus, condition);
    } else if (deploymentTimedOut(d, newStatus, now)) {
      const msg = newRS
        ? `ReplicaSet ${JSON.stringify(newRS.metadata.name)} has timed out progressing.`
        : `Deployment ${JSON.stringify(d.metadata.name)} has timed out progressing.`;
      setDeploymentCondition(
        newStatus,
        newDeploymentCondition('Progressing', 'False', TIMED_OUT_REASON, msg, now),
      );
    }
  }

  // Move failure conditions of the replica sets into the Deployment's conditions.
  const replicaFailureCond = getReplicaFailures(allRSs, newRS);
  if (replicaFailureCond.length > 0) setDeploymentCondition(newStatus, replicaFailureCond[0]!);
  else removeDeploymentCondition(newStatus, 'ReplicaFailure');

  // Do not update if there is nothing new to add.
  if (statusEqual(d.status, newStatus)) {
    requeueStuckDeployment(dc, d, newStatus, now);
    return;
  }
  d.status = newStatus;
  dc.rest.update(DEPLOYMENTS, d, 'status');
}

/** getReplicaFailures: ReplicaFailure conditions of the new ReplicaSet, else of any. */
function getReplicaFailures(
  allRSs: (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
): DeploymentCondition[] {
  const fromRS = (rs: ReplicaSetObject): DeploymentCondition[] =>
    (rs.status?.conditions ?? [])
      .filter((c) => c.type === 'ReplicaFailure')
      .map(replicaSetToDeploymentCondition);
  const conditions = newRS ? fromRS(newRS) : [];
  if (conditions.length > 0) return conditions;
  for (const rs of allRSs) if (rs) conditions.push(...fromRS(rs));
  return conditions;
}

/**
 * requeueStuckDeployment: with no progress to report now, sync again when the progress
 * deadline would expire (lastUpdateTime + progressDeadlineSeconds, plus a second), so the
 * timeout is noticed even if nothing else happens. Returns the delay, 0 for now, -1 for never.
 */
export function requeueStuckDeployment(
  dc: DeploymentController,
  d: DeploymentObject,
  newStatus: DeploymentObject['status'],
  now: number,
): number {
  const currentCond = getDeploymentCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !currentCond) return -1;
  if (deploymentComplete(d, newStatus ?? {}) || currentCond.reason === TIMED_OUT_REASON) return -1;
  const after = parseTime(currentCond.lastUpdateTime) + d.spec!.progressDeadlineSeconds! * 1000 - now;
  // If the remaining time is less than a second, then requeue the deployment immediately
  // (rate limited, so we stay on the safe side).
  if (after < 1000) {
    dc.enqueueRateLimited(d);
    return 0;
  }
  dc.enqueueAfter(d, after + 1000);
  return after;
}
