/**
 * The add-ons of a kind cluster, as kubeadm (kube-proxy, CoreDNS) and kind (kindnet CNI,
 * local-path-provisioner) install them: workload objects with their pod templates, and the pods
 * the DaemonSet and ReplicaSet controllers make from them.
 */
import type { KubeObject } from '../../api/types';
import { KUBERNETES_VERSION } from './nodes';

export const COREDNS_IMAGE = 'registry.k8s.io/coredns/coredns:v1.11.3';
export const KINDNETD_IMAGE = 'docker.io/kindest/kindnetd:v20250214-acbabc1a';
export const LOCAL_PATH_PROVISIONER_IMAGE = 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a';
export const LOCAL_PATH_HELPER_IMAGE = 'docker.io/kindest/local-path-helper:v20250214-acbabc1a';
export const KUBE_PROXY_IMAGE = `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`;

/** pod-template-hash of CoreDNS's ReplicaSet on v1.32 kubeadm clusters (`coredns-668d6bf9bc-…`). */
export const COREDNS_TEMPLATE_HASH = '668d6bf9bc';
/** pod-template-hash of kind v0.27's local-path-provisioner (`local-path-provisioner-7dc846544d-…`). */
export const LOCAL_PATH_TEMPLATE_HASH = '7dc846544d';

export const PRIORITY: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

export interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

export function kubeProxyTemplate(): PodTemplate {
  return {
    metadata: { labels: { 'k8s-app': 'kube-proxy' } },
    spec: {
      containers: [
        {
          name: 'kube-proxy',
          image: KUBE_PROXY_IMAGE,
          command: [
            '/usr/local/bin/kube-proxy',
            '--config=/var/lib/kube-proxy/config.conf',
            '--hostname-override=$(NODE_NAME)',
          ],
          env: [
            { name: 'NODE_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } },
          ],
          imagePullPolicy: 'IfNotPresent',
          securityContext: { privileged: true },
          volumeMounts: [
            { name: 'kube-proxy', mountPath: '/var/lib/kube-proxy' },
            { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-node-critical',
      serviceAccountName: 'kube-proxy',
      tolerations: [{ operator: 'Exists' }],
      volumes: [
        { name: 'kube-proxy', configMap: { name: 'kube-proxy' } },
        { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
        { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
      ],
    },
  };
}

export function kindnetTemplate(controlPlaneNode: string): PodTemplate {
  return {
    metadata: { labels: { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' } },
    spec: {
      containers: [
        {
          name: 'kindnet-cni',
          image: KINDNETD_IMAGE,
          env: [
            { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
            { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            { name: 'POD_SUBNET', value: '10.244.0.0/16' },
            { name: 'CONTROL_PLANE_ENDPOINT', value: `${controlPlaneNode}:6443` },
          ],
          resources: { limits: { cpu: '100m', memory: '50Mi' }, requests: { cpu: '100m', memory: '50Mi' } },
          securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] }, privileged: false },
          volumeMounts: [
            { name: 'cni-cfg', mountPath: '/etc/cni/net.d' },
            { name: 'xtables-lock', mountPath: '/run/xtables.lock' },
            { name: 'lib-modules', mountPath: '/lib/modules', readOnly: true },
          ],
        },
      ],
      hostNetwork: true,
      serviceAccountName: 'kindnet',
      tolerations: [{ operator: 'Exists' }],
      volumes: [
        { name: 'cni-cfg', hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' } },
        { name: 'xtables-lock', hostPath: { path: '/run/xtables.lock', type: 'FileOrCreate' } },
        { name: 'lib-modules', hostPath: { path: '/lib/modules' } },
      ],
    },
  };
}

export function corednsTemplate(): PodTemplate {
  return {
    metadata: { labels: { 'k8s-app': 'kube-dns' } },
    spec: {
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              podAffinityTerm: {
                labelSelector: {
                  matchExpressions: [{ key: 'k8s-app', operator: 'In', values: ['kube-dns'] }],
                },
                topologyKey: 'kubernetes.io/hostname',
              },
              weight: 100,
            },
          ],
        },
      },
      containers: [
        {
          name: 'coredns',
          image: COREDNS_IMAGE,
          args: ['-conf', '/etc/coredns/Corefile'],
          imagePullPolicy: 'IfNotPresent',
          livenessProbe: {
            failureThreshold: 5,
            httpGet: { path: '/health', port: 8080, scheme: 'HTTP' },
            initialDelaySeconds: 60,
            successThreshold: 1,
            timeoutSeconds: 5,
          },
          ports: [
            { containerPort: 53, name: 'dns', protocol: 'UDP' },
            { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
            { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
          ],
          readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
          resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
          securityContext: {
            allowPrivilegeEscalation: false,
            capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] },
            readOnlyRootFilesystem: true,
          },
          volumeMounts: [{ name: 'config-volume', mountPath: '/etc/coredns', readOnly: true }],
        },
      ],
      dnsPolicy: 'Default',
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      priorityClassName: 'system-cluster-critical',
      serviceAccountName: 'coredns',
      tolerations: [
        { key: 'CriticalAddonsOnly', operator: 'Exists' },
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' },
      ],
      volumes: [
        {
          name: 'config-volume',
          configMap: { name: 'coredns', items: [{ key: 'Corefile', path: 'Corefile' }] },
        },
      ],
    },
  };
}

export function localPathTemplate(): PodTemplate {
  return {
    metadata: { labels: { app: 'local-path-provisioner' } },
    spec: {
      containers: [
        {
          name: 'local-path-provisioner',
          image: LOCAL_PATH_PROVISIONER_IMAGE,
          command: [
            'local-path-provisioner',
            '--debug',
            'start',
            '--helper-image',
            LOCAL_PATH_HELPER_IMAGE,
            '--config',
            '/etc/config/config.json',
          ],
          env: [
            { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
            { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
          ],
          imagePullPolicy: 'IfNotPresent',
          volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
        },
      ],
      nodeSelector: { 'kubernetes.io/os': 'linux' },
      serviceAccountName: 'local-path-provisioner-service-account',
      tolerations: [
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane', operator: 'Equal' },
        { effect: 'NoSchedule', key: 'node-role.kubernetes.io/master', operator: 'Equal' },
      ],
      volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
    },
  };
}

export function daemonSet(
  name: string,
  labels: Record<string, string>,
  selector: Record<string, string>,
  template: PodTemplate,
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'kube-system', labels },
    spec: {
      selector: { matchLabels: selector },
      template,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
    },
  };
}

export function deployment(
  name: string,
  namespace: string,
  labels: Record<string, string> | undefined,
  replicas: number,
  selector: Record<string, string>,
  template: PodTemplate,
  strategy?: Record<string, unknown>,
): KubeObject {
  const metadata: KubeObject['metadata'] = { name, namespace };
  if (labels) metadata.labels = labels;
  const spec: Record<string, unknown> = { replicas, selector: { matchLabels: selector }, template };
  if (strategy) spec.strategy = strategy;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec };
}

const ownerRef = (owner: KubeObject) => ({
  apiVersion: owner.apiVersion,
  kind: owner.kind,
  name: owner.metadata.name ?? '',
  uid: owner.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: true,
});

/** The ReplicaSet the Deployment controller creates for a new template. */
export function replicaSetFor(dep: KubeObject, hash: string): KubeObject {
  const spec = dep.spec as {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: PodTemplate;
  };
  const maxSurge = 1; // 25% of 1 or 2 replicas, rounded up
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${dep.metadata.name}-${hash}`,
      namespace: dep.metadata.namespace,
      labels: { ...spec.template.metadata.labels, 'pod-template-hash': hash },
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(spec.replicas),
        'deployment.kubernetes.io/max-replicas': String(spec.replicas + maxSurge),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [ownerRef(dep)],
    },
    spec: {
      replicas: spec.replicas,
      selector: { matchLabels: { ...spec.selector.matchLabels, 'pod-template-hash': hash } },
      template: {
        ...spec.template,
        metadata: {
          ...spec.template.metadata,
          labels: { ...spec.template.metadata.labels, 'pod-template-hash': hash },
        },
      },
    },
  };
}

/** A pod as a controller creates it from its template (generateName `<owner>-`). */
export function podFromTemplate(
  owner: KubeObject,
  template: PodTemplate,
  name: string,
  extraLabels: Record<string, string>,
  nodeName: string,
  extraSpec: Record<string, unknown> = {},
): KubeObject {
  const spec: Record<string, unknown> = { ...template.spec, ...extraSpec, nodeName };
  const pc = spec.priorityClassName as string | undefined;
  if (pc && PRIORITY[pc] !== undefined) spec.priority = PRIORITY[pc];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...template.metadata.labels, ...extraLabels },
      ownerReferences: [ownerRef(owner)],
    },
    spec,
  };
}

/**
 * What the DaemonSet controller adds to each daemon pod: node affinity pinning it to its node,
 * and tolerations so node problems don't evict it (util.AddOrUpdateDaemonPodTolerations).
 */
export function daemonPodSpecExtras(template: PodTemplate, nodeName: string): Record<string, unknown> {
  const tolerations = [...((template.spec.tolerations as unknown[]) ?? [])];
  tolerations.push(
    { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
    { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/disk-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/memory-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/pid-pressure', operator: 'Exists' },
    { effect: 'NoSchedule', key: 'node.kubernetes.io/unschedulable', operator: 'Exists' },
  );
  if (template.spec.hostNetwork) {
    tolerations.push({
      effect: 'NoSchedule',
      key: 'node.kubernetes.io/network-unavailable',
      operator: 'Exists',
    });
  }
  return {
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] },
          ],
        },
      },
    },
    tolerations,
  };
}
