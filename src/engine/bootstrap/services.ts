/**
 * The two Services every kind cluster has, with their endpoints: `default/kubernetes` (the API
 * server, ClusterIP 10.96.0.1:443 → 6443 on the control-plane node) and `kube-system/kube-dns`
 * (CoreDNS, ClusterIP 10.96.0.10, 53/UDP, 53/TCP, 9153/TCP).
 */
import type { KubeObject } from '../../api/types';
import { rfc3339 } from '../controllers/framework/objects';

export const KUBERNETES_SERVICE_IP = '10.96.0.1';
export const KUBE_DNS_SERVICE_IP = '10.96.0.10';

const clusterIPSpec = (ip: string) => ({
  clusterIP: ip,
  clusterIPs: [ip],
  internalTrafficPolicy: 'Cluster',
  ipFamilies: ['IPv4'],
  ipFamilyPolicy: 'SingleStack',
  sessionAffinity: 'None',
  type: 'ClusterIP',
});

export function kubernetesService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kubernetes',
      namespace: 'default',
      labels: { component: 'apiserver', provider: 'kubernetes' },
    },
    spec: {
      ...clusterIPSpec(KUBERNETES_SERVICE_IP),
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    },
  };
}

/** The API server's own endpoints (written by its endpoint reconciler, not the endpoints controller). */
export function kubernetesEndpoints(apiserverIP: string): KubeObject[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        { addresses: [{ ip: apiserverIP }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] },
      ],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [apiserverIP], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
    },
  ];
}

const KUBE_DNS_LABELS = {
  'k8s-app': 'kube-dns',
  'kubernetes.io/cluster-service': 'true',
  'kubernetes.io/name': 'CoreDNS',
};

export function kubeDnsService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: 'kube-dns',
      namespace: 'kube-system',
      labels: KUBE_DNS_LABELS,
      annotations: { 'prometheus.io/port': '9153', 'prometheus.io/scrape': 'true' },
    },
    spec: {
      ...clusterIPSpec(KUBE_DNS_SERVICE_IP),
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
      ],
      selector: { 'k8s-app': 'kube-dns' },
    },
  };
}

/**
 * kube-dns's Endpoints and EndpointSlice as the endpoints and endpointslice controllers write
 * them once both CoreDNS pods are ready.
 */
export function kubeDnsEndpoints(
  service: KubeObject,
  pods: KubeObject[],
  at: number,
  sliceName: string,
): KubeObject[] {
  const ready = pods.map((p) => ({
    ip: (p.status as { podIP: string }).podIP,
    nodeName: (p.spec as { nodeName: string }).nodeName,
    targetRef: {
      kind: 'Pod',
      name: p.metadata.name ?? '',
      namespace: 'kube-system',
      uid: p.metadata.uid ?? '',
    },
  }));
  const ports = [
    { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    { name: 'dns', port: 53, protocol: 'UDP' },
    { name: 'metrics', port: 9153, protocol: 'TCP' },
  ];
  return [
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: KUBE_DNS_LABELS,
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) },
      },
      subsets: [{ addresses: ready, ports }],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: sliceName,
        generateName: 'kube-dns-',
        namespace: 'kube-system',
        labels: {
          'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
          ...KUBE_DNS_LABELS,
          'kubernetes.io/service-name': 'kube-dns',
        },
        annotations: { 'endpoints.kubernetes.io/last-change-trigger-time': rfc3339(at) },
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'Service',
            name: 'kube-dns',
            uid: service.metadata.uid ?? '',
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      addressType: 'IPv4',
      endpoints: ready.map((r) => ({
        addresses: [r.ip],
        conditions: { ready: true, serving: true, terminating: false },
        nodeName: r.nodeName,
        targetRef: r.targetRef,
      })),
      ports: [
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    },
  ];
}
