/**
 * What plugins get from the scheduler they run in (framework.Handle): the snapshot of the
 * cluster for this cycle, the listers of the scheduler's informers, the nominator, the API
 * client, the event recorder and the seeded random source.
 */
import type { Namespace, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { Labels, Selector } from '../../../apimachinery/labels';
import type { SimClock } from '../../clock';
import type { RestClient } from '../../controllers/framework/client';
import type { Rand } from '../../rand';
import type { Snapshot } from '../cache/cache';
import type { SchedulerEventRecorder } from '../events';
import type { Framework } from './runtime';
import type { PodInfo } from './node-info';

export interface Listers {
  pod(namespace: string, name: string): Pod | undefined;
  namespace(name: string): Namespace | undefined;
  /** Namespaces whose labels match the selector. */
  namespaces(selector: Selector): Namespace[];
  services(namespace: string): Service[];
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  statefulSet(namespace: string, name: string): StatefulSet | undefined;
  replicationController(namespace: string, name: string): ReplicationController | undefined;
  podDisruptionBudgets(): PodDisruptionBudget[];
}

export interface PluginHandle {
  /** The snapshot the current cycle reads (SnapshotSharedLister). */
  snapshot(): Snapshot;
  framework(): Framework;
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
  listers: Listers;
  client: RestClient;
  recorder: SchedulerEventRecorder;
  rand: Rand;
  clock: SimClock;
}

/** `GetNamespaceLabelsSnapshot`: the labels of a namespace, empty when it is unknown. */
export function namespaceLabels(listers: Listers, ns: string): Labels {
  return listers.namespace(ns)?.metadata?.labels ?? {};
}
