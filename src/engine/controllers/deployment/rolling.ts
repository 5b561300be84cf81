/**
 * RollingUpdate (pkg/controller/deployment/rolling.go). Each sync takes at most one step:
 *
 *   1. scale the new ReplicaSet up, as far as maxSurge allows (reconcileNewReplicaSet);
 *   2. if that changed nothing, scale old ReplicaSets down, as far as maxUnavailable allows
 *      (reconcileOldReplicaSets): first their unhealthy pods, then available ones;
 *   3. if neither changed anything and the rollout is complete, delete old ReplicaSets beyond
 *      revisionHistoryLimit;
 *   4. write status.
 *
 * With 10 replicas and the 25%/25% defaults (surge 3, unavailable 2): 10+3 → 5+3 → 5+8 → 0+8 →
 * 0+10, each step waiting for the pods of the previous one to become available (reference §4.4).
 */
import { filterActiveReplicaSets, sortRSByCreationTimestamp } from '../replicaset/controller-utils';
import type { DeploymentController } from './deployment-controller';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import {
  deploymentComplete,
  getAvailableReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  maxUnavailable,
  newRSNewReplicas,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util';

const replicas = (d: DeploymentObject): number => d.spec?.replicas ?? 1;
const rsReplicas = (rs: ReplicaSetObject): number => rs.spec?.replicas ?? 1;

export function rolloutRolling(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true);
  const allRSs = [...oldRSs, newRS];

  // Scale up, if we can.
  if (reconcileNewReplicaSet(dc, allRSs, newRS!, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  // Scale down, if we can.
  if (reconcileOldReplicaSets(dc, allRSs, filterActiveReplicaSets(oldRSs), newRS!, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

/** reconcileNewReplicaSet: grow (or, if the Deployment shrank, shrink) the new ReplicaSet. */
export function reconcileNewReplicaSet(
  dc: DeploymentController,
  allRSs: (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
): boolean {
  if (rsReplicas(newRS) === replicas(d)) return false;
  if (rsReplicas(newRS) > replicas(d)) return scaleReplicaSetAndRecordEvent(dc, newRS, replicas(d), d).scaled;
  const newReplicasCount = newRSNewReplicas(d, allRSs, newRS);
  return scaleReplicaSetAndRecordEvent(dc, newRS, newReplicasCount, d).scaled;
}

/**
 * reconcileOldReplicaSets: how many old pods may go now without dropping below
 * replicas − maxUnavailable available pods? The new ReplicaSet's pods that are not available
 * yet count against that budget (maxScaledDown = all − minAvailable − newRSUnavailable).
 */
export function reconcileOldReplicaSets(
  dc: DeploymentController,
  allRSs: (ReplicaSetObject | undefined)[],
  oldRSs: ReplicaSetObject[],
  newRS: ReplicaSetObject,
  d: DeploymentObject,
): boolean {
  const oldPodsCount = getReplicaCountForReplicaSets(oldRSs);
  if (oldPodsCount === 0) return false; // Can't scale down further
  const allPodsCount = getReplicaCountForReplicaSets(allRSs);
  const minAvailable = replicas(d) - maxUnavailable(d);
  const newRSUnavailablePodCount = rsReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
  const maxScaledDown = allPodsCount - minAvailable - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return false;

  // Clean up unhealthy replicas first, otherwise unhealthy replicas will block the deployment and
  // cause a timeout (kubernetes/kubernetes#16737).
  let cleanupCount: number;
  let cleaned: ReplicaSetObject[];
  try {
    ({ oldRSs: cleaned, cleanupCount } = cleanupUnhealthyReplicas(dc, oldRSs, d, maxScaledDown));
  } catch {
    return false;
  }
  // Scale down old replica sets, need check maxUnavailable to ensure we can scale down.
  let scaledDownCount: number;
  try {
    scaledDownCount = scaleDownOldReplicaSetsForRollingUpdate(dc, [...cleaned, newRS], cleaned, d);
  } catch {
    return false;
  }
  return cleanupCount + scaledDownCount > 0;
}

/**
 * cleanupUnhealthyReplicas: old ReplicaSets (oldest first) lose their not-available pods first —
 * removing those cannot make availability worse. The ReplicaSet controller picks the pods:
 * unscheduled, pending and not-ready ones go first.
 */
export function cleanupUnhealthyReplicas(
  dc: DeploymentController,
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
  maxCleanupCount: number,
): { oldRSs: ReplicaSetObject[]; cleanupCount: number } {
  sortRSByCreationTimestamp(oldRSs);
  let totalScaledDown = 0;
  for (let i = 0; i < oldRSs.length; i++) {
    const targetRS = oldRSs[i]!;
    if (totalScaledDown >= maxCleanupCount) break;
    if (rsReplicas(targetRS) === 0) continue; // cannot scale down this replica set.
    const available = targetRS.status?.availableReplicas ?? 0;
    if (rsReplicas(targetRS) === available) continue; // no unhealthy replicas found.
    const scaledDownCount = Math.min(maxCleanupCount - totalScaledDown, rsReplicas(targetRS) - available);
    const newReplicasCount = rsReplicas(targetRS) - scaledDownCount;
    if (newReplicasCount > rsReplicas(targetRS))
      throw new Error(
        `when cleaning up unhealthy replicas, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${rsReplicas(targetRS)} -> ${newReplicasCount}`,
      );
    const { rs } = scaleReplicaSetAndRecordEvent(dc, targetRS, newReplicasCount, d);
    totalScaledDown += scaledDownCount;
    oldRSs[i] = rs;
  }
  return { oldRSs, cleanupCount: totalScaledDown };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: with more than minAvailable pods available, remove
 * the surplus from old ReplicaSets, oldest first.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  dc: DeploymentController,
  allRSs: (ReplicaSetObject | undefined)[],
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
): number {
  const minAvailable = replicas(d) - maxUnavailable(d);
  const availablePodCount = getAvailableReplicaCountForReplicaSets(allRSs);
  if (availablePodCount <= minAvailable) return 0; // Cannot scale down.
  sortRSByCreationTimestamp(oldRSs);
  let totalScaledDown = 0;
  const totalScaleDownCount = availablePodCount - minAvailable;
  for (const targetRS of oldRSs) {
    if (totalScaledDown >= totalScaleDownCount) break; // No further scaling required.
    if (rsReplicas(targetRS) === 0) continue;
    const scaleDownCount = Math.min(rsReplicas(targetRS), totalScaleDownCount - totalScaledDown);
    const newReplicasCount = rsReplicas(targetRS) - scaleDownCount;
    if (newReplicasCount > rsReplicas(targetRS))
      throw new Error(
        `when scaling down old replica set, got invalid request to scale down ${targetRS.metadata.namespace}/${targetRS.metadata.name} ${rsReplicas(targetRS)} -> ${newReplicasCount}`,
      );
    scaleReplicaSetAndRecordEvent(dc, targetRS, newReplicasCount, d);
    totalScaledDown += scaleDownCount;
  }
  return totalScaledDown;
}
