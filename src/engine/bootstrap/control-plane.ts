/**
 * The control plane of a kind node: the static pods kubeadm writes to
 * /etc/kubernetes/manifests (v1.32 kubeadm with kind's cluster configuration), as they appear in
 * the API — mirror pods the kubelet creates, owned by the Node, with the `kubernetes.io/config.*`
 * annotations.
 */
import type { KubeObject } from '../../api/types';
import type { Rand } from '../rand';
import { randomHex } from './util';
import { KUBERNETES_VERSION } from './nodes';

export const ETCD_IMAGE = 'registry.k8s.io/etcd:3.5.16-0';

const hostPath = (name: string, path: string, type: string) => ({ name, hostPath: { path, type } });
const mount = (name: string, mountPath: string, readOnly = false) =>
  readOnly ? { name, mountPath, readOnly: true } : { name, mountPath };

const httpProbe = (
  host: string,
  path: string,
  port: number,
  scheme: 'HTTP' | 'HTTPS',
  opts: { failureThreshold: number; initialDelaySeconds?: number; periodSeconds: number },
) => ({
  failureThreshold: opts.failureThreshold,
  httpGet: { host, path, port, scheme },
  ...(opts.initialDelaySeconds !== undefined ? { initialDelaySeconds: opts.initialDelaySeconds } : {}),
  periodSeconds: opts.periodSeconds,
  successThreshold: 1,
  timeoutSeconds: 15,
});

type Scheme = 'HTTP' | 'HTTPS';
/** kubeadm's staticpodutil.LivenessProbe: 8 failures, after 10 s, every 10 s. */
const livenessProbe = (host: string, path: string, port: number, scheme: Scheme) =>
  httpProbe(host, path, port, scheme, { failureThreshold: 8, initialDelaySeconds: 10, periodSeconds: 10 });
/** kubeadm's staticpodutil.ReadinessProbe: 3 failures, every second. */
const readinessProbe = (host: string, path: string, port: number, scheme: Scheme) =>
  httpProbe(host, path, port, scheme, { failureThreshold: 3, periodSeconds: 1 });
/** kubeadm's staticpodutil.StartupProbe: 24 failures (4 minutes) before the liveness probe takes over. */
const startupProbe = (host: string, path: string, port: number, scheme: Scheme) =>
  httpProbe(host, path, port, scheme, { failureThreshold: 24, initialDelaySeconds: 10, periodSeconds: 10 });

const CA_MOUNTS = [
  mount('ca-certs', '/etc/ssl/certs', true),
  mount('etc-ca-certificates', '/etc/ca-certificates', true),
];
const CA_VOLUMES = [
  hostPath('ca-certs', '/etc/ssl/certs', 'DirectoryOrCreate'),
  hostPath('etc-ca-certificates', '/etc/ca-certificates', 'DirectoryOrCreate'),
];
const SHARE_MOUNTS = [
  mount('usr-local-share-ca-certificates', '/usr/local/share/ca-certificates', true),
  mount('usr-share-ca-certificates', '/usr/share/ca-certificates', true),
];
const SHARE_VOLUMES = [
  hostPath('usr-local-share-ca-certificates', '/usr/local/share/ca-certificates', 'DirectoryOrCreate'),
  hostPath('usr-share-ca-certificates', '/usr/share/ca-certificates', 'DirectoryOrCreate'),
];

interface StaticPodParts {
  component: string;
  annotations?: Record<string, string>;
  container: Record<string, unknown>;
  volumes: unknown[];
}

function staticPods(cluster: string, node: string, ip: string): StaticPodParts[] {
  const v = KUBERNETES_VERSION;
  return [
    {
      component: 'etcd',
      annotations: { 'kubeadm.kubernetes.io/etcd.advertise-client-urls': `https://${ip}:2379` },
      container: {
        name: 'etcd',
        image: ETCD_IMAGE,
        command: [
          'etcd',
          `--advertise-client-urls=https://${ip}:2379`,
          '--cert-file=/etc/kubernetes/pki/etcd/server.crt',
          '--client-cert-auth=true',
          '--data-dir=/var/lib/etcd',
          '--experimental-initial-corrupt-check=true',
          '--experimental-watch-progress-notify-interval=5s',
          `--initial-advertise-peer-urls=https://${ip}:2380`,
          `--initial-cluster=${node}=https://${ip}:2380`,
          '--key-file=/etc/kubernetes/pki/etcd/server.key',
          `--listen-client-urls=https://127.0.0.1:2379,https://${ip}:2379`,
          '--listen-metrics-urls=http://127.0.0.1:2381',
          `--listen-peer-urls=https://${ip}:2380`,
          `--name=${node}`,
          '--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt',
          '--peer-client-cert-auth=true',
          '--peer-key-file=/etc/kubernetes/pki/etcd/peer.key',
          '--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
          '--snapshot-count=10000',
          '--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt',
        ],
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: livenessProbe('127.0.0.1', '/livez', 2381, 'HTTP'),
        readinessProbe: readinessProbe('127.0.0.1', '/readyz', 2381, 'HTTP'),
        resources: { requests: { cpu: '100m', memory: '100Mi' } },
        startupProbe: startupProbe('127.0.0.1', '/readyz', 2381, 'HTTP'),
        volumeMounts: [mount('etcd-data', '/var/lib/etcd'), mount('etcd-certs', '/etc/kubernetes/pki/etcd')],
      },
      volumes: [
        hostPath('etcd-certs', '/etc/kubernetes/pki/etcd', 'DirectoryOrCreate'),
        hostPath('etcd-data', '/var/lib/etcd', 'DirectoryOrCreate'),
      ],
    },
    {
      component: 'kube-apiserver',
      annotations: { 'kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint': `${ip}:6443` },
      container: {
        name: 'kube-apiserver',
        image: `registry.k8s.io/kube-apiserver:${v}`,
        command: [
          'kube-apiserver',
          `--advertise-address=${ip}`,
          '--allow-privileged=true',
          '--authorization-mode=Node,RBAC',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--enable-admission-plugins=NodeRestriction',
          '--enable-bootstrap-token-auth=true',
          '--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt',
          '--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt',
          '--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key',
          '--etcd-servers=https://127.0.0.1:2379',
          '--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt',
          '--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key',
          '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname',
          '--proxy-client-cert-file=/etc/kubernetes/pki/front-proxy-client.crt',
          '--proxy-client-key-file=/etc/kubernetes/pki/front-proxy-client.key',
          '--requestheader-allowed-names=front-proxy-client',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--requestheader-extra-headers-prefix=X-Remote-Extra-',
          '--requestheader-group-headers=X-Remote-Group',
          '--requestheader-username-headers=X-Remote-User',
          '--runtime-config=',
          '--secure-port=6443',
          '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
          '--service-account-key-file=/etc/kubernetes/pki/sa.pub',
          '--service-account-signing-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/16',
          '--tls-cert-file=/etc/kubernetes/pki/apiserver.crt',
          '--tls-private-key-file=/etc/kubernetes/pki/apiserver.key',
        ],
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: livenessProbe(ip, '/livez', 6443, 'HTTPS'),
        readinessProbe: readinessProbe(ip, '/readyz', 6443, 'HTTPS'),
        resources: { requests: { cpu: '250m' } },
        startupProbe: startupProbe(ip, '/livez', 6443, 'HTTPS'),
        volumeMounts: [...CA_MOUNTS, mount('k8s-certs', '/etc/kubernetes/pki', true), ...SHARE_MOUNTS],
      },
      volumes: [
        ...CA_VOLUMES,
        hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
        ...SHARE_VOLUMES,
      ],
    },
    {
      component: 'kube-controller-manager',
      container: {
        name: 'kube-controller-manager',
        image: `registry.k8s.io/kube-controller-manager:${v}`,
        command: [
          'kube-controller-manager',
          '--allocate-node-cidrs=true',
          '--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--bind-address=127.0.0.1',
          '--client-ca-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-cidr=10.244.0.0/16',
          `--cluster-name=${cluster}`,
          '--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt',
          '--cluster-signing-key-file=/etc/kubernetes/pki/ca.key',
          '--controllers=*,bootstrapsigner,tokencleaner',
          '--enable-hostpath-provisioner=true',
          '--kubeconfig=/etc/kubernetes/controller-manager.conf',
          '--leader-elect=true',
          '--requestheader-client-ca-file=/etc/kubernetes/pki/front-proxy-ca.crt',
          '--root-ca-file=/etc/kubernetes/pki/ca.crt',
          '--service-account-private-key-file=/etc/kubernetes/pki/sa.key',
          '--service-cluster-ip-range=10.96.0.0/16',
          '--use-service-account-credentials=true',
        ],
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: livenessProbe('127.0.0.1', '/healthz', 10257, 'HTTPS'),
        resources: { requests: { cpu: '200m' } },
        startupProbe: startupProbe('127.0.0.1', '/healthz', 10257, 'HTTPS'),
        volumeMounts: [
          ...CA_MOUNTS,
          mount('flexvolume-dir', '/usr/libexec/kubernetes/kubelet-plugins/volume/exec'),
          mount('k8s-certs', '/etc/kubernetes/pki', true),
          mount('kubeconfig', '/etc/kubernetes/controller-manager.conf', true),
          ...SHARE_MOUNTS,
        ],
      },
      volumes: [
        ...CA_VOLUMES,
        hostPath(
          'flexvolume-dir',
          '/usr/libexec/kubernetes/kubelet-plugins/volume/exec',
          'DirectoryOrCreate',
        ),
        hostPath('k8s-certs', '/etc/kubernetes/pki', 'DirectoryOrCreate'),
        hostPath('kubeconfig', '/etc/kubernetes/controller-manager.conf', 'FileOrCreate'),
        ...SHARE_VOLUMES,
      ],
    },
    {
      component: 'kube-scheduler',
      container: {
        name: 'kube-scheduler',
        image: `registry.k8s.io/kube-scheduler:${v}`,
        command: [
          'kube-scheduler',
          '--authentication-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--authorization-kubeconfig=/etc/kubernetes/scheduler.conf',
          '--bind-address=127.0.0.1',
          '--kubeconfig=/etc/kubernetes/scheduler.conf',
          '--leader-elect=true',
        ],
        imagePullPolicy: 'IfNotPresent',
        livenessProbe: livenessProbe('127.0.0.1', '/healthz', 10259, 'HTTPS'),
        resources: { requests: { cpu: '100m' } },
        startupProbe: startupProbe('127.0.0.1', '/healthz', 10259, 'HTTPS'),
        volumeMounts: [mount('kubeconfig', '/etc/kubernetes/scheduler.conf', true)],
      },
      volumes: [hostPath('kubeconfig', '/etc/kubernetes/scheduler.conf', 'FileOrCreate')],
    },
  ];
}

/**
 * The four mirror pods of the control-plane node, ready to POST. `seenAt` is when the kubelet
 * read the manifests (the `kubernetes.io/config.seen` annotation, with nanoseconds).
 */
export function controlPlanePods(
  cluster: string,
  node: KubeObject,
  ip: string,
  rand: Rand,
  seenAt: string,
): KubeObject[] {
  const nodeName = node.metadata.name ?? '';
  return staticPods(cluster, nodeName, ip).map((p) => {
    const hash = randomHex(rand, 32);
    return {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `${p.component}-${nodeName}`,
        namespace: 'kube-system',
        labels: { component: p.component, tier: 'control-plane' },
        annotations: {
          ...p.annotations,
          'kubernetes.io/config.hash': hash,
          'kubernetes.io/config.mirror': hash,
          'kubernetes.io/config.seen': seenAt,
          'kubernetes.io/config.source': 'file',
        },
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid ?? '', controller: true },
        ],
      },
      spec: {
        containers: [p.container],
        hostNetwork: true,
        nodeName,
        priority: 2000001000,
        priorityClassName: 'system-node-critical',
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        tolerations: [{ effect: 'NoExecute', operator: 'Exists' }],
        volumes: p.volumes,
      },
    };
  });
}
