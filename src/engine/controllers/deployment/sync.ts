/**
 * pkg/controller/deployment/sync.go: what every kind of sync shares — finding (or creating) the
 * new ReplicaSet and keeping revisions in step, scaling (including proportional scaling of a
 * Deployment resized mid-rollout), cleaning up old ReplicaSets, and computing status.
 */
import type { DeploymentStatus } from 'kubernetes-types/apps/v1';
import {
  errorMessage,
  hasStatusCause,
  isAlreadyExists,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
} from '../framework/client';
import { DEPLOYMENTS, REPLICASETS } from '../framework/resources';
import {
  filterActiveReplicaSets,
  sortRSBySizeNewer,
  sortRSBySizeOlder,
} from '../replicaset/controller-utils';
import { newControllerRef } from '../replicaset/podutil';
import { goOrder, setOmitEmpty } from '../replicaset/replicaset-status';
import type { DeploymentController } from './deployment-controller';
import { computeHash } from './hash';
import {
  DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY,
  FAILED_RS_CREATE_REASON,
  findActiveOrLatest,
  findNewReplicaSet,
  findOldReplicaSets,
  FOUND_NEW_RS_REASON,
  equalIgnoreHash,
  getActualReplicaCountForReplicaSets,
  getAvailableReplicaCountForReplicaSets,
  getDeploymentCondition,
  getDesiredReplicasAnnotation,
  getProportion,
  getReadyReplicaCountForReplicaSets,
  getReplicaCountForReplicaSets,
  hasProgressDeadline,
  hasRevisionHistoryLimit,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  maxUnavailable,
  MINIMUM_REPLICAS_AVAILABLE,
  MINIMUM_REPLICAS_UNAVAILABLE,
  NEW_REPLICA_SET_REASON,
  newDeploymentCondition,
  newRSNewReplicas,
  PAUSED_DEPLOY_REASON,
  replicasAnnotationsNeedUpdate,
  RESUMED_DEPLOY_REASON,
  REVISION_ANNOTATION,
  setDeploymentCondition,
  setDeploymentRevision,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sortRSByRevision,
  TIMED_OUT_REASON,
  type DeploymentObject,
  type ReplicaSetObject,
} from './util';
import { cloneJson } from '../../api/objects';

const replicas = (d: DeploymentObject): number => d.spec?.replicas ?? 1;
const rsReplicas = (rs: ReplicaSetObject): number => rs.spec?.replicas ?? 1;

/** syncStatusOnly: a Deployment being deleted only gets its status updated. */
export function syncStatusOnly(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * sync: scaling only, no rollout — for paused Deployments and for resizes (a scaling event),
 * which are applied immediately and proportionally even in the middle of a rollout.
 */
export function sync(dc: DeploymentController, d: DeploymentObject, rsList: ReplicaSetObject[]): void {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  scale(dc, d, newRS, oldRSs);
  // Clean up the deployment when it's paused and no rollback is in flight.
  if (d.spec?.paused) cleanupDeployment(dc, oldRSs, d);
  syncDeploymentStatus(dc, [...oldRSs, newRS], newRS, d);
}

/**
 * checkPausedConditions: `Progressing Unknown DeploymentPaused` while paused and `…
 * DeploymentResumed` after, so the progress deadline restarts when a rollout resumes.
 */
export function checkPausedConditions(dc: DeploymentController, d: DeploymentObject): void {
  if (!hasProgressDeadline(d)) return;
  const cond = getDeploymentCondition(d.status, 'Progressing');
  // If we have reported lack of progress, do not overwrite it with a paused condition.
  if (cond && cond.reason === TIMED_OUT_REASON) return;
  const pausedCondExists = !!cond && cond.reason === PAUSED_DEPLOY_REASON;
  d.status ??= {};
  let needsUpdate = false;
  if (d.spec?.paused && !pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        PAUSED_DEPLOY_REASON,
        'Deployment is paused',
        dc.now(),
      ),
    );
    needsUpdate = true;
  } else if (!d.spec?.paused && pausedCondExists) {
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'Unknown',
        RESUMED_DEPLOY_REASON,
        'Deployment is resumed',
        dc.now(),
      ),
    );
    needsUpdate = true;
  }
  if (!needsUpdate) return;
  dc.rest.update(DEPLOYMENTS, d, 'status');
}

/**
 * getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created if asked and missing) with its
 * revision brought up to date, and all old ones.
 */
export function getAllReplicaSetsAndSyncRevision(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
  createIfNotExisted: boolean,
): { newRS: ReplicaSetObject | undefined; oldRSs: ReplicaSetObject[] } {
  const { allOldRSs } = findOldReplicaSets(d, rsList);
  const newRS = getNewReplicaSet(dc, d, rsList, allOldRSs, createIfNotExisted);
  return { newRS, oldRSs: allOldRSs };
}

/** The pod template of a new ReplicaSet: the Deployment's, labelled with its hash. */
function newReplicaSetObject(d: DeploymentObject, hash: string): ReplicaSetObject {
  const template = cloneJson(d.spec?.template ?? {});
  template.metadata = {
    ...(template.metadata ?? {}),
    labels: { ...(template.metadata?.labels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash },
  };
  const selector = cloneJson(d.spec?.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY]: hash };
  const spec: Record<string, unknown> = { replicas: 0 };
  if (d.spec?.minReadySeconds) spec.minReadySeconds = d.spec.minReadySeconds;
  spec.selector = selector;
  spec.template = template;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // A deterministic name, so that creating it twice fails instead of duplicating it.
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      labels: { ...template.metadata.labels },
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
    },
    spec,
  } as unknown as ReplicaSetObject;
}

/**
 * getNewReplicaSet: find the ReplicaSet whose template matches the Deployment's and sync its
 * revision (max old revision + 1), copied annotations and minReadySeconds; or create it
 * (`<deployment>-<pod-template-hash>`, sized by NewRSNewReplicas) when asked to.
 */
export function getNewReplicaSet(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
  oldRSs: ReplicaSetObject[],
  createIfNotExisted: boolean,
): ReplicaSetObject | undefined {
  const existingNewRS = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);

  if (existingNewRS) {
    const rsCopy = cloneJson(existingNewRS) as ReplicaSetObject;
    const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
    const minReadySecondsNeedsUpdate = (rsCopy.spec?.minReadySeconds ?? 0) !== (d.spec?.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadySecondsNeedsUpdate) {
      rsCopy.spec = { ...rsCopy.spec!, minReadySeconds: d.spec?.minReadySeconds };
      if (!rsCopy.spec.minReadySeconds) delete rsCopy.spec.minReadySeconds;
      return dc.rest.update<ReplicaSetObject>(REPLICASETS, rsCopy);
    }
    // The Deployment's revision follows the ReplicaSet's (which was set before).
    let needsUpdate = setDeploymentRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? '');
    // If no other Progressing condition has been recorded and we need to estimate the progress
    // of this deployment then it is likely that old users started caring about progress. In that
    // case we need to take into account the first time we noticed their new replica set.
    d.status ??= {};
    const cond = getDeploymentCondition(d.status, 'Progressing');
    if (hasProgressDeadline(d) && !cond) {
      setDeploymentCondition(
        d.status,
        newDeploymentCondition(
          'Progressing',
          'True',
          FOUND_NEW_RS_REASON,
          `Found new replica set ${JSON.stringify(rsCopy.metadata.name)}`,
          dc.now(),
        ),
      );
      needsUpdate = true;
    }
    if (needsUpdate) dc.rest.update(DEPLOYMENTS, d, 'status');
    return rsCopy;
  }

  if (!createIfNotExisted) return undefined;

  // The new ReplicaSet does not exist: create it.
  const hash = computeHash(d.spec?.template, d.status?.collisionCount);
  const newRS = newReplicaSetObject(d, hash);
  const newReplicasCount = newRSNewReplicas(d, [...oldRSs, newRS], newRS);
  newRS.spec!.replicas = newReplicasCount;
  setNewReplicaSetAnnotations(d, newRS, newRevision, false);
  // Go struct order of ObjectMeta: name, namespace, labels, annotations, ownerReferences.
  const m = newRS.metadata;
  newRS.metadata = {
    name: m.name,
    namespace: m.namespace,
    labels: m.labels,
    annotations: m.annotations,
    ownerReferences: m.ownerReferences,
  };

  let alreadyExists = false;
  let createdRS: ReplicaSetObject;
  try {
    createdRS = dc.rest.create<ReplicaSetObject>(REPLICASETS, d.metadata.namespace, newRS);
  } catch (err) {
    if (isAlreadyExists(err)) {
      // A slow cache, or a hash collision.
      alreadyExists = true;
      const rs = dc.rsInformer.lister.get(d.metadata.namespace ?? '', newRS.metadata.name ?? '');
      if (!rs) throw err;
      const ref = rs.metadata.ownerReferences?.find((r) => r.controller);
      if (ref && ref.uid === d.metadata.uid && equalIgnoreHash(d.spec?.template, rs.spec?.template)) {
        createdRS = rs;
      } else {
        // A different template with the same hash: bump collisionCount so that the next
        // sync computes another name, and requeue through the error.
        d.status ??= {};
        d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
        try {
          dc.rest.update(DEPLOYMENTS, d, 'status');
        } catch {
          // The error that matters is the AlreadyExists one.
        }
        throw err;
      }
    } else if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) {
      throw err;
    } else {
      const msg = `Failed to create new replica set ${JSON.stringify(newRS.metadata.name)}: ${errorMessage(err)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setDeploymentCondition(
          d.status,
          newDeploymentCondition('Progressing', 'False', FAILED_RS_CREATE_REASON, msg, dc.now()),
        );
        try {
          dc.rest.update(DEPLOYMENTS, d, 'status');
        } catch {
          // We have a bigger issue to report.
        }
      }
      dc.recorder.event(d, 'Warning', FAILED_RS_CREATE_REASON, msg);
      throw err;
    }
  }
  if (!alreadyExists && newReplicasCount > 0)
    dc.recorder.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled up replica set ${createdRS.metadata.name} from 0 to ${newReplicasCount}`,
    );
  let needsUpdate = setDeploymentRevision(d, newRevision);
  if (!alreadyExists && hasProgressDeadline(d)) {
    d.status ??= {};
    setDeploymentCondition(
      d.status,
      newDeploymentCondition(
        'Progressing',
        'True',
        NEW_REPLICA_SET_REASON,
        `Created new replica set ${JSON.stringify(createdRS.metadata.name)}`,
        dc.now(),
      ),
    );
    needsUpdate = true;
  }
  if (needsUpdate) dc.rest.update(DEPLOYMENTS, d, 'status');
  return createdRS;
}

/**
 * scale: when only one ReplicaSet has pods, give it spec.replicas; when the new one is
 * saturated, scale the old ones to 0; otherwise (a resize in mid-rollout) distribute the change
 * over all active ReplicaSets in proportion to their size, leftovers to the largest.
 */
export function scale(
  dc: DeploymentController,
  d: DeploymentObject,
  newRS: ReplicaSetObject | undefined,
  oldRSs: ReplicaSetObject[],
): void {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (rsReplicas(activeOrLatest) === replicas(d)) return;
    scaleReplicaSetAndRecordEvent(dc, activeOrLatest, replicas(d), d);
    return;
  }
  // The new ReplicaSet is saturated: the old ones should be fully scaled down (this handles
  // ReplicaSet adoption during a saturated new ReplicaSet).
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) scaleReplicaSetAndRecordEvent(dc, old, 0, d);
    return;
  }
  // There are old ReplicaSets with pods and the new one is not saturated: scale all of them
  // proportionally (rolling updates only).
  if (!isRollingUpdate(d)) return;
  const allRSs = filterActiveReplicaSets([...oldRSs, newRS]);
  const allRSsReplicas = getReplicaCountForReplicaSets(allRSs);
  const allowedSize = replicas(d) > 0 ? replicas(d) + maxSurge(d) : 0;
  // Replicas to add (or, negative, to remove), to be shared between the active ReplicaSets from
  // the largest to the smallest. Same size: scale the newer first when growing, the older first
  // when shrinking.
  const deploymentReplicasToAdd = allowedSize - allRSsReplicas;
  let scalingOperation = '';
  if (deploymentReplicasToAdd > 0) {
    sortRSBySizeNewer(allRSs);
    scalingOperation = 'up';
  } else if (deploymentReplicasToAdd < 0) {
    sortRSBySizeOlder(allRSs);
    scalingOperation = 'down';
  }
  let deploymentReplicasAdded = 0;
  const nameToSize = new Map<string, number>();
  for (const rs of allRSs) {
    if (deploymentReplicasToAdd !== 0) {
      const proportion = getProportion(rs, d, deploymentReplicasToAdd, deploymentReplicasAdded);
      nameToSize.set(rs.metadata.name ?? '', rsReplicas(rs) + proportion);
      deploymentReplicasAdded += proportion;
    } else nameToSize.set(rs.metadata.name ?? '', rsReplicas(rs));
  }
  allRSs.forEach((rs, i) => {
    const name = rs.metadata.name ?? '';
    // Add/remove any leftovers to the largest replica set.
    if (i === 0 && deploymentReplicasToAdd !== 0) {
      const leftover = deploymentReplicasToAdd - deploymentReplicasAdded;
      nameToSize.set(name, Math.max(0, nameToSize.get(name)! + leftover));
    }
    scaleReplicaSet(dc, rs, nameToSize.get(name)!, d, scalingOperation);
  });
}

/** scaleReplicaSetAndRecordEvent: scale (and say so) unless the size is already right. */
export function scaleReplicaSetAndRecordEvent(
  dc: DeploymentController,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
): { scaled: boolean; rs: ReplicaSetObject } {
  if (rsReplicas(rs) === newScale) return { scaled: false, rs };
  const scalingOperation = rsReplicas(rs) < newScale ? 'up' : 'down';
  return scaleReplicaSet(dc, rs, newScale, d, scalingOperation);
}

/**
 * scaleReplicaSet: update spec.replicas and the desired/max-replicas annotations; a size change
 * is reported as `ScalingReplicaSet  Scaled up replica set web-7d4b9c8f5 from 1 to 2`.
 */
export function scaleReplicaSet(
  dc: DeploymentController,
  rs: ReplicaSetObject,
  newScale: number,
  d: DeploymentObject,
  scalingOperation: string,
): { scaled: boolean; rs: ReplicaSetObject } {
  const sizeNeedsUpdate = rsReplicas(rs) !== newScale;
  const max = replicas(d) + maxSurge(d);
  const annotationsNeedUpdate = replicasAnnotationsNeedUpdate(rs, replicas(d), max);
  if (!sizeNeedsUpdate && !annotationsNeedUpdate) return { scaled: false, rs };
  const oldScale = rsReplicas(rs);
  const rsCopy = cloneJson(rs) as ReplicaSetObject;
  rsCopy.spec = { ...rsCopy.spec!, replicas: newScale };
  setReplicasAnnotations(rsCopy, replicas(d), max);
  const updated = dc.rest.update<ReplicaSetObject>(REPLICASETS, rsCopy);
  if (sizeNeedsUpdate)
    dc.recorder.event(
      d,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${scalingOperation} replica set ${updated.metadata.name} from ${oldScale} to ${newScale}`,
    );
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/**
 * cleanupDeployment: delete the oldest old ReplicaSets beyond revisionHistoryLimit — only those
 * with no pods left, whose status is current and which are not being deleted already.
 */
export function cleanupDeployment(
  dc: DeploymentController,
  oldRSs: ReplicaSetObject[],
  d: DeploymentObject,
): void {
  if (!hasRevisionHistoryLimit(d)) return;
  const cleanable = oldRSs.filter((rs) => !!rs && !rs.metadata.deletionTimestamp);
  const diff = cleanable.length - d.spec!.revisionHistoryLimit!;
  if (diff <= 0) return;
  sortRSByRevision(cleanable);
  for (let i = 0; i < diff; i++) {
    const rs = cleanable[i]!;
    // Avoid deleting a replica set with non-zero replica counts.
    if (
      (rs.status?.replicas ?? 0) !== 0 ||
      rsReplicas(rs) !== 0 ||
      (rs.metadata.generation ?? 0) > (rs.status?.observedGeneration ?? 0) ||
      rs.metadata.deletionTimestamp
    )
      continue;
    try {
      dc.rest.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '');
    } catch (err) {
      // Stop at the first error rather than overloading the API server with more deletes.
      if (!isNotFound(err)) throw err;
    }
  }
}

/** syncDeploymentStatus: write the calculated status if it changed. */
export function syncDeploymentStatus(
  dc: DeploymentController,
  allRSs: (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
): void {
  const newStatus = calculateStatus(allRSs, newRS, d, dc.now());
  if (statusEqual(d.status, newStatus)) return;
  d.status = newStatus;
  dc.rest.update(DEPLOYMENTS, d, 'status');
}

/** Go's reflect.DeepEqual of two statuses (key order aside). */
export function statusEqual(a: DeploymentStatus | undefined, b: DeploymentStatus): boolean {
  // The comparison below without building the strings, for plain JSON (nearly always).
  if (plainTree(a ?? {}) && plainTree(b ?? {})) return sameJsonAnyKeyOrder(a ?? {}, b ?? {});
  const norm = (s: DeploymentStatus | undefined): string =>
    JSON.stringify(goOrder(s ?? {}, DEPLOYMENT_STATUS_FIELDS), (_k, v: unknown) =>
      v && typeof v === 'object' && !Array.isArray(v)
        ? Object.fromEntries(
            Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : 1)),
          )
        : v,
    );
  return norm(a) === norm(b);
}

/** A value JSON.stringify leaves out of an object (and writes as `null` in an array). */
const omitted = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** Only plain objects, arrays and primitives JSON.stringify handles without help (no toJSON). */
function plainTree(v: unknown): boolean {
  if (typeof v === 'bigint') return false;
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) return v.every(plainTree);
  if (!isPlainObject(v)) return false;
  for (const k of Object.keys(v)) if (!plainTree((v as Record<string, unknown>)[k])) return false;
  return true;
}

/** Whether two plain trees serialise to the same JSON once every object's keys are sorted. */
function sameJsonAnyKeyOrder(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  const xObj = typeof x === 'object' && x !== null;
  const yObj = typeof y === 'object' && y !== null;
  if (!xObj || !yObj) return xObj === yObj && JSON.stringify(x) === JSON.stringify(y);
  if (Array.isArray(x) !== Array.isArray(y)) return false;
  if (Array.isArray(x)) {
    const ys = y as unknown[];
    if (x.length !== ys.length) return false;
    for (let i = 0; i < x.length; i++) {
      const a: unknown = x[i];
      const b = ys[i];
      if (!sameJsonAnyKeyOrder(omitted(a) ? null : a, omitted(b) ? null : b)) return false;
    }
    return true;
  }
  const xo = x as Record<string, unknown>;
  const yo = y as Record<string, unknown>;
  let n = 0;
  for (const k of Object.keys(xo)) {
    if (omitted(xo[k])) continue;
    n++;
    if (!Object.prototype.hasOwnProperty.call(yo, k) || omitted(yo[k])) return false;
    if (!sameJsonAnyKeyOrder(xo[k], yo[k])) return false;
  }
  for (const k of Object.keys(yo)) if (!omitted(yo[k])) n--;
  return n === 0;
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && !('toJSON' in v);
}

/** DeploymentStatus fields in Go struct order. */
export const DEPLOYMENT_STATUS_FIELDS = [
  'observedGeneration',
  'replicas',
  'updatedReplicas',
  'readyReplicas',
  'availableReplicas',
  'unavailableReplicas',
  'conditions',
  'collisionCount',
];

/**
 * calculateStatus: replicas (pods that exist), updated (of the new ReplicaSet), ready,
 * available, unavailable (desired − available, never negative), and the Available condition:
 * True once at least replicas − maxUnavailable pods are available.
 */
export function calculateStatus(
  allRSs: readonly (ReplicaSetObject | undefined)[],
  newRS: ReplicaSetObject | undefined,
  d: DeploymentObject,
  now: number,
): DeploymentStatus {
  const availableReplicas = getAvailableReplicaCountForReplicaSets(allRSs);
  const totalReplicas = getReplicaCountForReplicaSets(allRSs);
  const unavailableReplicas = Math.max(0, totalReplicas - availableReplicas);
  const status: DeploymentStatus = {};
  setOmitEmpty(status, 'observedGeneration', d.metadata.generation ?? 0);
  setOmitEmpty(status, 'replicas', getActualReplicaCountForReplicaSets(allRSs));
  setOmitEmpty(status, 'updatedReplicas', getActualReplicaCountForReplicaSets([newRS]));
  setOmitEmpty(status, 'readyReplicas', getReadyReplicaCountForReplicaSets(allRSs));
  setOmitEmpty(status, 'availableReplicas', availableReplicas);
  setOmitEmpty(status, 'unavailableReplicas', unavailableReplicas);
  if (d.status?.conditions) status.conditions = d.status.conditions.map((c) => ({ ...c }));
  if (availableReplicas >= replicas(d) - maxUnavailable(d))
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'True',
        MINIMUM_REPLICAS_AVAILABLE,
        'Deployment has minimum availability.',
        now,
      ),
    );
  else
    setDeploymentCondition(
      status,
      newDeploymentCondition(
        'Available',
        'False',
        MINIMUM_REPLICAS_UNAVAILABLE,
        'Deployment does not have minimum availability.',
        now,
      ),
    );
  if (d.status?.collisionCount != null) status.collisionCount = d.status.collisionCount;
  return goOrder(status, DEPLOYMENT_STATUS_FIELDS);
}

/**
 * isScalingEvent: the Deployment was resized since its active ReplicaSets were last scaled
 * (their desired-replicas annotation differs from spec.replicas).
 */
export function isScalingEvent(
  dc: DeploymentController,
  d: DeploymentObject,
  rsList: ReplicaSetObject[],
): boolean {
  const { newRS, oldRSs } = getAllReplicaSetsAndSyncRevision(dc, d, rsList, false);
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = getDesiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== replicas(d)) return true;
  }
  return false;
}
