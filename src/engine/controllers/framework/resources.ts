/** The resources built-in components address directly (group, version, plural, scope, kind). */
import type { ResourceRef } from './client';

const core = (resource: string, kind: string, namespaced = true): ResourceRef => ({
  group: '',
  version: 'v1',
  resource,
  kind,
  namespaced,
});

export const NAMESPACES = core('namespaces', 'Namespace', false);
export const NODES = core('nodes', 'Node', false);
export const PODS = core('pods', 'Pod');
export const EVENTS = core('events', 'Event');
export const CONFIGMAPS = core('configmaps', 'ConfigMap');
export const SECRETS = core('secrets', 'Secret');
export const SERVICEACCOUNTS = core('serviceaccounts', 'ServiceAccount');
export const SERVICES = core('services', 'Service');
export const ENDPOINTS = core('endpoints', 'Endpoints');

export const DEPLOYMENTS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  namespaced: true,
};
export const REPLICASETS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'replicasets',
  kind: 'ReplicaSet',
  namespaced: true,
};
export const DAEMONSETS: ResourceRef = {
  group: 'apps',
  version: 'v1',
  resource: 'daemonsets',
  kind: 'DaemonSet',
  namespaced: true,
};
export const ENDPOINTSLICES: ResourceRef = {
  group: 'discovery.k8s.io',
  version: 'v1',
  resource: 'endpointslices',
  kind: 'EndpointSlice',
  namespaced: true,
};
export const LEASES: ResourceRef = {
  group: 'coordination.k8s.io',
  version: 'v1',
  resource: 'leases',
  kind: 'Lease',
  namespaced: true,
};
export const PRIORITYCLASSES: ResourceRef = {
  group: 'scheduling.k8s.io',
  version: 'v1',
  resource: 'priorityclasses',
  kind: 'PriorityClass',
  namespaced: false,
};
