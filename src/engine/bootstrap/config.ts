/**
 * Configuration objects of a fresh kind cluster: the ConfigMaps kubeadm and kind write
 * (coredns, kube-proxy, kubeadm-config, kubelet-config, cluster-info, local-path-config …),
 * the kube-system service accounts, PriorityClasses and the bootstrap token Secret.
 */
import type { KubeObject } from '../../api/types';
import { KUBERNETES_VERSION } from './nodes';
import { LOCAL_PATH_HELPER_IMAGE } from './addons';

const configMap = (
  namespace: string,
  name: string,
  data: Record<string, string>,
  extra: Partial<KubeObject['metadata']> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, ...extra },
  data,
});

export const COREFILE = `.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
`;

function kubeProxyConfig(controlPlane: string): Record<string, string> {
  return {
    'config.conf': `apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
bindAddressHardFail: false
clientConnection:
  acceptContentTypes: ""
  burst: 0
  contentType: ""
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
  qps: 0
clusterCIDR: 10.244.0.0/16
configSyncPeriod: 0s
conntrack:
  maxPerCore: 0
  min: null
  tcpBeLiberal: false
  tcpCloseWaitTimeout: null
  tcpEstablishedTimeout: null
  udpStreamTimeout: 0s
  udpTimeout: 0s
detectLocal:
  bridgeInterface: ""
  interfaceNamePrefix: ""
detectLocalMode: ""
enableProfiling: false
healthzBindAddress: ""
hostnameOverride: ""
iptables:
  localhostNodePorts: null
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 1s
  syncPeriod: 0s
ipvs:
  excludeCIDRs: null
  minSyncPeriod: 0s
  scheduler: ""
  strictARP: false
  syncPeriod: 0s
  tcpFinTimeout: 0s
  tcpTimeout: 0s
  udpTimeout: 0s
kind: KubeProxyConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
metricsBindAddress: ""
mode: iptables
nftables:
  masqueradeAll: false
  masqueradeBit: null
  minSyncPeriod: 0s
  syncPeriod: 0s
nodePortAddresses: null
oomScoreAdj: null
portRange: ""
showHiddenMetricsForVersion: ""
winkernel:
  enableDSR: false
  forwardHealthCheckVip: false
  networkName: ""
  rootHnsEndpointName: ""
  sourceVip: ""`,
    'kubeconfig.conf': `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://${controlPlane}:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token`,
  };
}

function kubeadmClusterConfiguration(cluster: string, controlPlane: string): string {
  return `apiServer:
  certSANs:
  - localhost
  - 127.0.0.1
  extraArgs:
  - name: runtime-config
    value: ""
apiVersion: kubeadm.k8s.io/v1beta4
caCertificateValidityPeriod: 87600h0m0s
certificateValidityPeriod: 8760h0m0s
certificatesDir: /etc/kubernetes/pki
clusterName: ${cluster}
controlPlaneEndpoint: ${controlPlane}:6443
controllerManager:
  extraArgs:
  - name: enable-hostpath-provisioner
    value: "true"
dns: {}
encryptionAlgorithm: RSA-2048
etcd:
  local:
    dataDir: /var/lib/etcd
imageRepository: registry.k8s.io
kind: ClusterConfiguration
kubernetesVersion: ${KUBERNETES_VERSION}
networking:
  dnsDomain: cluster.local
  podSubnet: 10.244.0.0/16
  serviceSubnet: 10.96.0.0/16
proxy: {}
scheduler: {}
`;
}

const KUBELET_CONFIG = `apiVersion: kubelet.config.k8s.io/v1beta1
authentication:
  anonymous:
    enabled: false
  webhook:
    cacheTTL: 0s
    enabled: true
  x509:
    clientCAFile: /etc/kubernetes/pki/ca.crt
authorization:
  mode: Webhook
  webhook:
    cacheAuthorizedTTL: 0s
    cacheUnauthorizedTTL: 0s
cgroupDriver: systemd
cgroupRoot: /kubelet
clusterDNS:
- 10.96.0.10
clusterDomain: cluster.local
containerRuntimeEndpoint: ""
cpuManagerReconcilePeriod: 0s
crashLoopBackOff: {}
evictionHard:
  imagefs.available: 0%
  nodefs.available: 0%
  nodefs.inodesFree: 0%
evictionPressureTransitionPeriod: 0s
failSwapOn: false
fileCheckFrequency: 0s
healthzBindAddress: 127.0.0.1
healthzPort: 10248
httpCheckFrequency: 0s
imageGCHighThresholdPercent: 100
imageMaximumGCAge: 0s
imageMinimumGCAge: 0s
kind: KubeletConfiguration
logging:
  flushFrequency: 0
  options:
    json:
      infoBufferSize: "0"
    text:
      infoBufferSize: "0"
  verbosity: 0
memorySwap: {}
nodeStatusReportFrequency: 0s
nodeStatusUpdateFrequency: 0s
rotateCertificates: true
runtimeRequestTimeout: 0s
shutdownGracePeriod: 0s
shutdownGracePeriodCriticalPods: 0s
staticPodPath: /etc/kubernetes/manifests
streamingConnectionIdleTimeout: 0s
syncFrequency: 0s
volumeStatsAggPeriod: 0s
`;

const LOCAL_PATH_CONFIG: Record<string, string> = {
  'config.json': `{
        "nodePathMap":[
        {
                "node":"DEFAULT_PATH_FOR_NON_LISTED_NODES",
                "paths":["/var/local-path-provisioner"]
        }
        ]
}`,
  'helperPod.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: helper-pod
spec:
  containers:
  - name: helper-pod
    image: ${LOCAL_PATH_HELPER_IMAGE}
    imagePullPolicy: IfNotPresent`,
  setup: `#!/bin/sh
set -eu
mkdir -m 0777 -p "$VOL_DIR"`,
  teardown: `#!/bin/sh
set -eu
rm -rf "$VOL_DIR"`,
};

/** kube-system ConfigMaps kubeadm writes, plus kube-public's cluster-info. */
export function kubeadmConfigMaps(cluster: string, controlPlane: string, caPem: string): KubeObject[] {
  const caData = btoa(caPem);
  return [
    configMap('kube-system', 'kubeadm-config', {
      ClusterConfiguration: kubeadmClusterConfiguration(cluster, controlPlane),
    }),
    configMap('kube-system', 'kubelet-config', { kubelet: KUBELET_CONFIG }),
    configMap('kube-public', 'cluster-info', {
      kubeconfig: `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${caData}
    server: https://${controlPlane}:6443
  name: ""
contexts: null
current-context: ""
kind: Config
preferences: {}
users: null
`,
    }),
  ];
}

/** ConfigMaps the API server itself writes at startup. */
export function apiserverConfigMaps(caPem: string, today: string): KubeObject[] {
  return [
    configMap('kube-system', 'extension-apiserver-authentication', {
      'client-ca-file': caPem,
      'requestheader-allowed-names': '["front-proxy-client"]',
      'requestheader-client-ca-file': caPem,
      'requestheader-extra-headers-prefix': '["X-Remote-Extra-"]',
      'requestheader-group-headers': '["X-Remote-Group"]',
      'requestheader-username-headers': '["X-Remote-User"]',
    }),
    configMap('kube-system', 'kube-apiserver-legacy-service-account-token-tracking', { since: today }),
  ];
}

export const corednsConfigMap = (): KubeObject => configMap('kube-system', 'coredns', { Corefile: COREFILE });
export const kubeProxyConfigMap = (controlPlane: string): KubeObject =>
  configMap('kube-system', 'kube-proxy', kubeProxyConfig(controlPlane), { labels: { app: 'kube-proxy' } });
export const localPathConfigMap = (): KubeObject =>
  configMap('local-path-storage', 'local-path-config', LOCAL_PATH_CONFIG);

export const serviceAccount = (namespace: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name, namespace },
});

/**
 * The service accounts kube-controller-manager creates for its controllers
 * (--use-service-account-credentials=true), one per controller that runs by default in v1.32.
 */
export const CONTROLLER_SERVICE_ACCOUNTS = [
  'attachdetach-controller',
  'bootstrap-signer',
  'certificate-controller',
  'clusterrole-aggregation-controller',
  'cronjob-controller',
  'daemon-set-controller',
  'deployment-controller',
  'disruption-controller',
  'endpoint-controller',
  'endpointslice-controller',
  'endpointslicemirroring-controller',
  'ephemeral-volume-controller',
  'expand-controller',
  'generic-garbage-collector',
  'horizontal-pod-autoscaler',
  'job-controller',
  'legacy-service-account-token-cleaner',
  'namespace-controller',
  'node-controller',
  'persistent-volume-binder',
  'pod-garbage-collector',
  'pv-protection-controller',
  'pvc-protection-controller',
  'replicaset-controller',
  'replication-controller',
  'resourcequota-controller',
  'root-ca-cert-publisher',
  'service-account-controller',
  'service-controller',
  'statefulset-controller',
  'token-cleaner',
  'ttl-after-finished-controller',
  'ttl-controller',
  'validatingadmissionpolicy-status-controller',
];

/** The PriorityClasses the API server creates at startup. */
export function systemPriorityClasses(): KubeObject[] {
  return [
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-cluster-critical' },
      value: 2000000000,
      description:
        'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
      preemptionPolicy: 'PreemptLowerPriority',
    },
    {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-node-critical' },
      value: 2000001000,
      description: 'Used for system critical pods that must not be moved from their current node.',
      preemptionPolicy: 'PreemptLowerPriority',
    },
  ];
}

/** kind's fixed kubeadm bootstrap token `abcdef.0123456789abcdef`, valid for 24 h. */
export function bootstrapTokenSecret(expiration: string): KubeObject {
  const b = (s: string) => btoa(s);
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'bootstrap-token-abcdef', namespace: 'kube-system' },
    type: 'bootstrap.kubernetes.io/token',
    data: {
      'auth-extra-groups': b('system:bootstrappers:kubeadm:default-node-token'),
      expiration: b(expiration),
      'token-id': b('abcdef'),
      'token-secret': b('0123456789abcdef'),
      'usage-bootstrap-authentication': b('true'),
      'usage-bootstrap-signing': b('true'),
    },
  };
}
