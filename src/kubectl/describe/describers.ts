/**
 * Which describer handles which kind (describe.go describerMap), keyed by group and kind; every
 * other kind gets the generic describer.
 */
import {
  describeConfigMapByName,
  describeEndpointsByName,
  describeLimitRangeByName,
  describeNamespaceByName,
  describeResourceQuotaByName,
  describeRoleBindingByName,
  describeSecretByName,
  describeServiceAccountByName,
  describeServiceByName,
} from './core';
import { describeGeneric } from './generic';
import { describeNodeByName } from './node';
import {
  describeEndpointSliceByName,
  describeHPAByName,
  describePDBByName,
  describePriorityClassByName,
} from './other';
import { describePodByName } from './pod';
import { describeRoleByName } from './rbac';
import type { Describer } from './types';
import {
  describeCronJobByName,
  describeDaemonSetByName,
  describeDeploymentByName,
  describeJobByName,
  describeReplicaSetByName,
  describeStatefulSetByName,
} from './workloads';

const DESCRIBERS: Record<string, Describer> = {
  '/Pod': describePodByName,
  '/Node': describeNodeByName,
  '/Namespace': (c, ns, name) => describeNamespaceByName(c, ns, name),
  '/Service': describeServiceByName,
  '/Endpoints': describeEndpointsByName,
  '/ConfigMap': describeConfigMapByName,
  '/Secret': (c, ns, name) => describeSecretByName(c, ns, name),
  '/ServiceAccount': describeServiceAccountByName,
  '/LimitRange': (c, ns, name) => describeLimitRangeByName(c, ns, name),
  '/ResourceQuota': (c, ns, name) => describeResourceQuotaByName(c, ns, name),
  'apps/Deployment': describeDeploymentByName,
  'apps/ReplicaSet': describeReplicaSetByName,
  'apps/DaemonSet': describeDaemonSetByName,
  'apps/StatefulSet': describeStatefulSetByName,
  'batch/Job': describeJobByName,
  'batch/CronJob': describeCronJobByName,
  'autoscaling/HorizontalPodAutoscaler': describeHPAByName,
  'policy/PodDisruptionBudget': describePDBByName,
  'scheduling.k8s.io/PriorityClass': describePriorityClassByName,
  'discovery.k8s.io/EndpointSlice': describeEndpointSliceByName,
  'rbac.authorization.k8s.io/RoleBinding': (c, ns, name) => describeRoleBindingByName(c, ns, name, false),
  'rbac.authorization.k8s.io/ClusterRoleBinding': (c, ns, name) =>
    describeRoleBindingByName(c, ns, name, true),
  'rbac.authorization.k8s.io/Role': (c, ns, name) => describeRoleByName(c, ns, name, false),
  'rbac.authorization.k8s.io/ClusterRole': (c, ns, name) => describeRoleByName(c, ns, name, true),
};

/** A resource as the REST mapping describes it. */
export interface DescribeMapping {
  group: string;
  version: string;
  kind: string;
  /** Plural resource name. */
  resource: string;
}

/** describe.Describer(mapping): the kind's describer, or the generic one. */
export function describerFor(m: DescribeMapping): Describer {
  const specific = DESCRIBERS[`${m.group}/${m.kind}`];
  if (specific) return specific;
  const groupVersion = m.group ? `${m.group}/${m.version}` : m.version;
  return (client, namespace, name, settings) =>
    describeGeneric(client, { groupVersion, resource: m.resource }, namespace, name, settings);
}
