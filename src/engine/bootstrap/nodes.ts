/**
 * Node objects as a kind node's kubelet registers them (kindest/node:v1.32.2 on Docker Desktop),
 * their status, and their heartbeat Leases in kube-node-lease.
 */
import type { KubeObject } from '../../api/types';
import { rfc3339, rfc3339Micro } from '../controllers/framework/objects';
import { nodeAddress, nodeCapacity, nodePodCIDR, nodeTaints } from '../presets';
import type { ClusterPreset, NodeSpecPreset } from '../types';

export const KUBERNETES_VERSION = 'v1.32.2';
export const CONTAINER_RUNTIME_VERSION = 'containerd://2.0.2';
export const KERNEL_VERSION = '6.10.14-linuxkit';
export const OS_IMAGE = 'Debian GNU/Linux 12 (bookworm)';
/** kind's docker network; the gateway is .1, nodes get .2, .3 … in creation order. */
export const nodeIP = (index: number): string => nodeAddress(index);
/** Pod CIDR the node-ipam controller assigns from --cluster-cidr (presets.clusterCIDR), in registration order. */
export const podCIDR = (index: number, nodeCount = 1): string => nodePodCIDR(index, nodeCount);

/** Host facts shared by every node of a cluster (they are containers on one Docker VM). */
export interface HostIdentity {
  systemUUID: string;
  bootID: string;
}

export interface NodeFacts {
  preset: NodeSpecPreset;
  index: number;
  ip: string;
  machineID: string;
}

export function nodeLabels(node: NodeSpecPreset): Record<string, string> {
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': node.name,
    'kubernetes.io/os': 'linux',
  };
  if (node.role === 'control-plane') {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  return { ...labels, ...node.labels };
}

/** The Node as registered (metadata and spec; status is written separately). */
export function nodeObject(cluster: ClusterPreset, facts: NodeFacts): KubeObject {
  const n = facts.preset;
  const spec: Record<string, unknown> = {
    podCIDR: podCIDR(facts.index, cluster.nodes.length),
    podCIDRs: [podCIDR(facts.index, cluster.nodes.length)],
    providerID: `kind://docker/${cluster.name}/${n.name}`,
  };
  const taints = nodeTaints(cluster, n);
  if (taints.length > 0) spec.taints = taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: n.name,
      labels: nodeLabels(n),
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
  };
}

const NOT_READY_MESSAGE =
  'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized';

/**
 * Node status as the kubelet posts it. `readySince` undefined: just registered, the CNI is not up
 * yet (Ready=False); otherwise Ready=True since then.
 */
export function nodeStatus(
  facts: NodeFacts,
  host: HostIdentity,
  registeredAt: number,
  heartbeat: number,
  readySince?: number,
): Record<string, unknown> {
  const capacity = nodeCapacity(facts.preset);
  const cond = (type: string, status: string, since: number, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: rfc3339(heartbeat),
    lastTransitionTime: rfc3339(since),
    reason,
    message,
  });
  return {
    capacity,
    allocatable: { ...capacity },
    conditions: [
      cond(
        'MemoryPressure',
        'False',
        registeredAt,
        'KubeletHasSufficientMemory',
        'kubelet has sufficient memory available',
      ),
      cond('DiskPressure', 'False', registeredAt, 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond(
        'PIDPressure',
        'False',
        registeredAt,
        'KubeletHasSufficientPID',
        'kubelet has sufficient PID available',
      ),
      readySince === undefined
        ? cond('Ready', 'False', registeredAt, 'KubeletNotReady', NOT_READY_MESSAGE)
        : cond('Ready', 'True', readySince, 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: facts.ip },
      { type: 'Hostname', address: facts.preset.name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: facts.machineID,
      systemUUID: host.systemUUID,
      bootID: host.bootID,
      kernelVersion: KERNEL_VERSION,
      osImage: OS_IMAGE,
      containerRuntimeVersion: CONTAINER_RUNTIME_VERSION,
      kubeletVersion: KUBERNETES_VERSION,
      kubeProxyVersion: KUBERNETES_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** The node's heartbeat Lease (kube-node-lease/<node>), owned by the Node. */
export function nodeLease(node: KubeObject, renewTime: number): KubeObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: {
      name: node.metadata.name,
      namespace: 'kube-node-lease',
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Node', name: node.metadata.name ?? '', uid: node.metadata.uid ?? '' },
      ],
    },
    spec: {
      holderIdentity: node.metadata.name,
      leaseDurationSeconds: 40,
      renewTime: rfc3339Micro(renewTime),
    },
  };
}
