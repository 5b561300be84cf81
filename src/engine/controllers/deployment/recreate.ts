/**
 * Recreate (pkg/controller/deployment/recreate.go): scale every old ReplicaSet to 0, wait until
 * none of their pods is left running, and only then create (or scale up) the new ReplicaSet to
 * the full replica count. Between the two, the Deployment has no pods at all: the outage that
 * RollingUpdate exists to avoid.
 */
import { filterActiveReplicaSets } from '../replicaset/controller-utils';
import type { PodObject } from '../replicaset/podutil';
import type { DeploymentController } from './deployment-controller';
import { syncRolloutStatus } from './progress';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision, scaleReplicaSetAndRecordEvent } from './sync';
import {
  deploymentComplete,
  getActualReplicaCountForReplicaSets,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util';

export function rolloutRecreate(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
  podMap: Map<string, PodObject[]>,
): void {
  // Don't create a new RS if not already existed, so that we avoid scaling up before scaling down.
  let { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  let allRSs = [...oldRSs, newRS];
  const activeOldRSs = filterActiveReplicaSets(oldRSs);

  // scale down old replica sets.
  if (scaleDownOldReplicaSetsForRecreate(dc, activeOldRSs, d)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  // Do not process a deployment when it has old pods running.
  if (oldPodsRunning(newRS, oldRSs, podMap)) {
    syncRolloutStatus(dc, allRSs, newRS, d);
    return;
  }
  // If we need to create a new RS, create it now.
  if (!newRS) {
    ({ newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  // scale up new replica set.
  scaleReplicaSetAndRecordEvent(dc, newRS!, d.spec?.replicas ?? 1, d);
  if (deploymentComplete(d, d.status ?? {})) cleanupDeployment(dc, oldRSs, d);
  syncRolloutStatus(dc, allRSs, newRS, d);
}

function scaleDownOldReplicaSetsForRecreate(
  dc: DeploymentController,
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
): boolean {
  let scaled = false;
  for (let i = 0; i < oldRSs.length; i++) {
    const rs = oldRSs[i]!;
    if ((rs.spec?.replicas ?? 1) === 0) continue; // Scaling not required.
    const result = scaleReplicaSetAndRecordEvent(dc, rs, 0, d);
    if (result.scaled) {
      oldRSs[i] = result.rs;
      scaled = true;
    }
  }
  return scaled;
}

/**
 * oldPodsRunning: any old ReplicaSet still reports pods, or any pod of an old ReplicaSet is not
 * finished (Succeeded/Failed) — terminating pods included, so the new pods start only once the
 * old ones have really stopped.
 */
export function oldPodsRunning(
  newRS: ReplicaSetObject | undefined,
  oldRSs: ReplicaSetObject[],
  podMap: Map<string, PodObject[]>,
): boolean {
  if (getActualReplicaCountForReplicaSets(oldRSs) > 0) return true;
  for (const [rsUID, podList] of podMap) {
    // If the pods belong to the new ReplicaSet, ignore.
    if (newRS && newRS.metadata.uid === rsUID) continue;
    for (const pod of podList) {
      const phase = pod.status?.phase;
      // Don't count pods in terminal state; an Unknown pod may still be running.
      if (phase === 'Failed' || phase === 'Succeeded') continue;
      return true;
    }
  }
  return false;
}
