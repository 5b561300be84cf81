/**
 * The status half of the ReplicaSet controller (pkg/controller/replicaset/replica_set_utils.go):
 * count the pods a ReplicaSet owns, how many are ready and available, record a ReplicaFailure
 * condition when pods could not be created or deleted, and write it only when it changed.
 */
import type { ReplicaSet, ReplicaSetCondition, ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../../api/types';
import { errorMessage, type RestClient } from '../framework/client';
import { rfc3339 } from '../framework/objects';
import { REPLICASETS } from '../framework/resources';
import { factsAvailable, factsOf, type PodObject } from './podutil';
import { cachedSetSelector, selectorMatches } from './selectors';
import { cloneJson, jsonEqual } from '../../api/objects';

export type ReplicaSetObject = ReplicaSet & KubeObject;

/** statusUpdateRetries: one GET-and-retry after a failed status update. */
const STATUS_UPDATE_RETRIES = 1;

export function newReplicaSetCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): ReplicaSetCondition {
  return { type, status, lastTransitionTime: rfc3339(now), reason, message };
}

export function getReplicaSetCondition(
  status: ReplicaSetStatus | undefined,
  type: string,
): ReplicaSetCondition | undefined {
  return (status?.conditions ?? []).find((c) => c.type === type);
}

/** SetCondition: add or replace, unless the same status and reason are already there. */
export function setReplicaSetCondition(status: ReplicaSetStatus, cond: ReplicaSetCondition): void {
  const current = getReplicaSetCondition(status, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== cond.type), cond];
}

export function removeReplicaSetCondition(status: ReplicaSetStatus, type: string): void {
  const rest = (status.conditions ?? []).filter((c) => c.type !== type);
  if (rest.length > 0) status.conditions = rest;
  else delete status.conditions;
}

/**
 * calculateStatus: replicas = active pods owned; fullyLabeled = those that carry every label of
 * the template; ready; available (ready for minReadySeconds). A failed create/delete sets the
 * ReplicaFailure condition (reason FailedCreate/FailedDelete, message = the API error); a
 * successful sync removes it.
 */
export function calculateStatus(
  rs: ReplicaSetObject,
  filteredPods: readonly PodObject[],
  manageReplicasErr: unknown,
  now: number,
): ReplicaSetStatus {
  const templateLabel = cachedSetSelector(rs.spec?.template?.metadata?.labels);
  const minReadySeconds = rs.spec?.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of filteredPods) {
    const facts = factsOf(pod);
    if (selectorMatches(templateLabel, pod, facts)) fullyLabeled++;
    if (facts.ready) {
      ready++;
      if (factsAvailable(facts, minReadySeconds, now)) available++;
    }
  }
  return statusFromCounts(
    rs,
    { replicas: filteredPods.length, fullyLabeled, ready, available },
    manageReplicasErr,
    now,
  );
}

/** The pod counts a ReplicaSet's status reports. */
export interface PodCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/** The second half of calculateStatus: the new status from the counts. */
export function statusFromCounts(
  rs: ReplicaSetObject,
  counts: PodCounts,
  manageReplicasErr: unknown,
  now: number,
): ReplicaSetStatus {
  const newStatus: ReplicaSetStatus = cloneJson(rs.status ?? { replicas: 0 });
  const failureCond = getReplicaSetCondition(rs.status, 'ReplicaFailure');
  if (manageReplicasErr !== undefined && !failureCond) {
    const diff = counts.replicas - (rs.spec?.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    setReplicaSetCondition(
      newStatus,
      newReplicaSetCondition('ReplicaFailure', 'True', reason, errorMessage(manageReplicasErr), now),
    );
  } else if (manageReplicasErr === undefined && failureCond) {
    removeReplicaSetCondition(newStatus, 'ReplicaFailure');
  }
  newStatus.replicas = counts.replicas;
  setOmitEmpty(newStatus, 'fullyLabeledReplicas', counts.fullyLabeled);
  setOmitEmpty(newStatus, 'readyReplicas', counts.ready);
  setOmitEmpty(newStatus, 'availableReplicas', counts.available);
  return goOrder(newStatus, RS_STATUS_FIELDS);
}

/** ReplicaSetStatus fields in Go struct order (the order `-o json` shows them in). */
const RS_STATUS_FIELDS = [
  'replicas',
  'fullyLabeledReplicas',
  'readyReplicas',
  'availableReplicas',
  'observedGeneration',
  'conditions',
];

/**
 * The object with its keys in Go struct order: the API server serialises typed structs, so
 * `kubectl get -o json` shows fields in declaration order, not in the order a client set them.
 */
export function goOrder<T extends object>(obj: T, fields: readonly string[]): T {
  const src = obj as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of fields) if (src[f] !== undefined) out[f] = src[f];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out as T;
}

/**
 * Set a field the way Go's JSON encoding would serialise it with `omitempty`: a zero value is
 * left out. (`replicas` has no omitempty in ReplicaSetStatus, so `replicas: 0` does show.)
 */
export function setOmitEmpty<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  value: T[K] | 0 | '',
): void {
  if (value === 0 || value === '' || value === undefined || value === null) delete obj[key];
  else obj[key] = value as T[K];
}

const conditionsEqual = (
  a: ReplicaSetCondition[] | undefined,
  b: ReplicaSetCondition[] | undefined,
): boolean => jsonEqual(a ?? [], b ?? []);

/**
 * updateReplicaSetStatus: write the new status through `replicasets/<name>/status` unless nothing
 * changed (the steady state), with one GET-and-retry on failure. observedGeneration records which
 * spec this status describes, so that clients (and the Deployment controller) know whether the
 * ReplicaSet controller has seen the latest spec.
 */
export function updateReplicaSetStatus(
  rest: RestClient,
  rs: ReplicaSetObject,
  newStatus: ReplicaSetStatus,
): ReplicaSetObject {
  newStatus = { ...newStatus };
  const s: Partial<ReplicaSetStatus> = rs.status ?? {};
  if (
    (s.replicas ?? 0) === (newStatus.replicas ?? 0) &&
    (s.fullyLabeledReplicas ?? 0) === (newStatus.fullyLabeledReplicas ?? 0) &&
    (s.readyReplicas ?? 0) === (newStatus.readyReplicas ?? 0) &&
    (s.availableReplicas ?? 0) === (newStatus.availableReplicas ?? 0) &&
    (rs.metadata.generation ?? 0) === (s.observedGeneration ?? 0) &&
    conditionsEqual(s.conditions, newStatus.conditions)
  )
    return rs;
  setOmitEmpty(newStatus, 'observedGeneration', rs.metadata.generation ?? 0);
  newStatus = goOrder(newStatus, RS_STATUS_FIELDS);
  let current: ReplicaSetObject = rs;
  for (let i = 0; ; i++) {
    try {
      return rest.update<ReplicaSetObject>(REPLICASETS, { ...current, status: newStatus }, 'status');
    } catch (err) {
      if (i >= STATUS_UPDATE_RETRIES) throw err;
      current = rest.get<ReplicaSetObject>(REPLICASETS, rs.metadata.namespace, rs.metadata.name ?? '');
    }
  }
}
