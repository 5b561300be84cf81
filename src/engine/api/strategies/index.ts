/**
 * The strategy table: for every served kind, its defaulting (SetDefaults_*), kind-specific
 * PrepareForCreate/Update, validation with the apiserver's messages, and whether it has a status
 * subresource. Keyed `<group>/<Kind>` (core group empty).
 *
 * Also exported: the pod admission plugins (ServiceAccount, Priority, DefaultTolerationSeconds)
 * for the API server's admission chain, and the Service allocation hook for the network.
 */
import type { StrategyTable } from '../strategy';
import { daemonSetStrategy, deploymentStrategy, replicaSetStrategy } from './apps';
import { cronJobStrategy, jobStrategy } from './batch';
import {
  endpointSliceStrategy,
  hpaStrategy,
  leaseStrategy,
  pdbStrategy,
  priorityClassStrategy,
} from './cluster-kinds';
import {
  configMapStrategy,
  endpointsStrategy,
  eventStrategy,
  namespaceStrategy,
  nodeStrategy,
  secretStrategy,
  serviceAccountStrategy,
} from './core';
import { podStrategy } from './pod';
import { createServiceStrategy, type ServiceAllocator } from './service';

export interface StrategyOptions {
  /** Allocates Service ClusterIPs and NodePorts (the simulated network); none by default. */
  serviceAllocator?: ServiceAllocator;
}

export function createStrategies(opts: StrategyOptions = {}): StrategyTable {
  return {
    '/Namespace': namespaceStrategy,
    '/Node': nodeStrategy,
    '/Pod': podStrategy,
    '/Event': eventStrategy,
    '/ConfigMap': configMapStrategy,
    '/Secret': secretStrategy,
    '/ServiceAccount': serviceAccountStrategy,
    '/Service': createServiceStrategy(opts.serviceAllocator),
    '/Endpoints': endpointsStrategy,
    'discovery.k8s.io/EndpointSlice': endpointSliceStrategy,
    'apps/ReplicaSet': replicaSetStrategy,
    'apps/Deployment': deploymentStrategy,
    'apps/DaemonSet': daemonSetStrategy,
    'batch/Job': jobStrategy,
    'batch/CronJob': cronJobStrategy,
    'scheduling.k8s.io/PriorityClass': priorityClassStrategy,
    'autoscaling/HorizontalPodAutoscaler': hpaStrategy,
    'policy/PodDisruptionBudget': pdbStrategy,
    'coordination.k8s.io/Lease': leaseStrategy,
  };
}

/** The default table (no Service allocator). */
export const strategies: StrategyTable = createStrategies();

export type { ServiceAllocator } from './service';
export { NODE_PORT_RANGE } from './service';
export {
  defaultTolerationSecondsAdmission,
  podAdmissionPlugins,
  priorityAdmission,
  serviceAccountAdmission,
  SERVICE_ACCOUNT_MOUNT_PATH,
  SERVICE_ACCOUNT_VOLUME_PREFIX,
  type ServiceAccountPluginOptions,
} from './admission';
export { computePodQOS, type QOSClass } from './pod';
export { parseStandard as parseCronSchedule, CronParseError, type CronSchedule } from './cron';
export { imageTag } from './pod-defaults';
