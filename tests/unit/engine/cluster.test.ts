import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject } from '../../../src/api/types';
import {
  createCluster,
  DEFAULT_START_TIME,
  PRESETS,
  customPreset,
  loadPreset,
} from '../../../src/engine/index';
import { createClusterInternals, USER_ARRIVES_AFTER_MS } from '../../../src/engine/cluster';
import { DEFAULT_NODE_CAPACITY } from '../../../src/engine/presets';

type Pod = KubeObject & {
  spec: { nodeName?: string };
  status: {
    phase: string;
    podIP?: string;
    hostIP?: string;
    qosClass?: string;
    containerStatuses?: { ready: boolean }[];
  };
};
type Node = KubeObject & {
  spec: { taints?: { key: string; effect: string }[]; podCIDR?: string; providerID?: string };
  status: {
    capacity: Record<string, string>;
    allocatable: Record<string, string>;
    conditions: { type: string; status: string }[];
    addresses: { type: string; address: string }[];
    nodeInfo: Record<string, string>;
  };
};

/** Every stored object of every served resource, as JSON. */
function dumpAll(internals: ReturnType<typeof createClusterInternals>): string {
  const out: KubeObject[] = [];
  for (const info of internals.server.registry.all())
    out.push(...internals.server.list(`${info.resource}.${info.group}`.replace(/\.$/, '')));
  return JSON.stringify(out);
}

const pods = (c: ReturnType<typeof createClusterInternals>) => c.server.list('pods') as Pod[];

describe('createCluster', () => {
  it('returns a bootstrapped cluster two minutes after its creation', async () => {
    const cluster = createCluster();
    expect(cluster.now()).toBe(DEFAULT_START_TIME + USER_ARRIVES_AFTER_MS);
    expect(cluster.preset.name).toBe('kind');
    const res = await cluster.client.request({ method: 'GET', path: '/api/v1/nodes' });
    expect(res.status).toBe(200);
    const nodes = (res.body as KubeList).items;
    expect(nodes.map((n) => n.metadata.name)).toEqual(['kind-control-plane']);
    expect(nodes[0]!.metadata.creationTimestamp).toBe('2026-01-01T00:00:02Z');
  });

  it('kind: one untainted control-plane node with kind labels, annotations, capacity and addresses', () => {
    const c = createClusterInternals({ preset: 'kind' });
    const node = c.server.get('nodes', undefined, 'kind-control-plane') as Node;
    expect(node.metadata.labels).toEqual({
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': 'kind-control-plane',
      'kubernetes.io/os': 'linux',
      'node-role.kubernetes.io/control-plane': '',
      'node.kubernetes.io/exclude-from-external-load-balancers': '',
    });
    expect(node.metadata.annotations).toEqual({
      'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock',
      'node.alpha.kubernetes.io/ttl': '0',
      'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
    });
    expect(node.spec.taints).toBeUndefined();
    expect(node.spec.podCIDR).toBe('10.244.0.0/24');
    expect(node.spec.providerID).toBe('kind://docker/kind/kind-control-plane');
    expect(node.status.capacity).toEqual(DEFAULT_NODE_CAPACITY);
    expect(node.status.allocatable).toEqual(DEFAULT_NODE_CAPACITY);
    expect(node.status.addresses).toEqual([
      { type: 'InternalIP', address: '172.18.0.2' },
      { type: 'Hostname', address: 'kind-control-plane' },
    ]);
    expect(node.status.conditions.map((x) => `${x.type}=${x.status}`)).toEqual([
      'MemoryPressure=False',
      'DiskPressure=False',
      'PIDPressure=False',
      'Ready=True',
    ]);
    expect(node.status.nodeInfo).toMatchObject({
      kubeletVersion: 'v1.32.2',
      containerRuntimeVersion: 'containerd://2.0.2',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      operatingSystem: 'linux',
      architecture: 'amd64',
    });
    const lease = c.server.get('leases.coordination.k8s.io', 'kube-node-lease', 'kind-control-plane')!;
    expect(lease.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Node', uid: node.metadata.uid });
  });

  it('kind: the system pods of a kind cluster, all running', () => {
    const c = createClusterInternals();
    const all = pods(c);
    const names = all.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(names).toHaveLength(9);
    const expected = [
      /^kube-system\/coredns-668d6bf9bc-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^kube-system\/coredns-668d6bf9bc-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^kube-system\/etcd-kind-control-plane$/,
      /^kube-system\/kindnet-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^kube-system\/kube-apiserver-kind-control-plane$/,
      /^kube-system\/kube-controller-manager-kind-control-plane$/,
      /^kube-system\/kube-proxy-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
      /^kube-system\/kube-scheduler-kind-control-plane$/,
      /^local-path-storage\/local-path-provisioner-7dc846544d-[bcdfghjklmnpqrstvwxz2456789]{5}$/,
    ];
    names.forEach((n, i) => expect(n).toMatch(expected[i]!));
    for (const p of all) {
      expect(p.status.phase, p.metadata.name).toBe('Running');
      expect(p.spec.nodeName).toBe('kind-control-plane');
      expect(p.status.containerStatuses!.every((s) => s.ready)).toBe(true);
    }

    const etcd = all.find((p) => p.metadata.name === 'etcd-kind-control-plane')!;
    expect(etcd.metadata.labels).toEqual({ component: 'etcd', tier: 'control-plane' });
    expect(etcd.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Node',
        name: 'kind-control-plane',
        uid: c.server.get('nodes', undefined, 'kind-control-plane')!.metadata.uid,
        controller: true,
      },
    ]);
    expect(etcd.metadata.annotations?.['kubernetes.io/config.source']).toBe('file');
    expect(etcd.status.podIP).toBe('172.18.0.2');
    expect(etcd.status.qosClass).toBe('Burstable');

    const coredns = all.filter((p) => p.metadata.name!.startsWith('coredns-'));
    expect(coredns.map((p) => p.status.podIP).sort()).toEqual(['10.244.0.2', '10.244.0.3']);
    expect(coredns[0]!.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicaSet',
      name: 'coredns-668d6bf9bc',
      controller: true,
    });
    const kindnet = all.find((p) => p.metadata.name!.startsWith('kindnet-'))!;
    expect(kindnet.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'DaemonSet', name: 'kindnet' });
    expect(kindnet.status.qosClass).toBe('Guaranteed');
    expect(kindnet.metadata.labels?.['controller-revision-hash']).toMatch(/^[bcdf456789]{8,10}$/);
  });

  it('kind: workloads, services, leases and config objects exist as on kind', () => {
    const c = createClusterInternals();
    const svc = (ns: string, n: string) =>
      c.server.get('services', ns, n) as KubeObject & { spec: Record<string, unknown> };
    expect(svc('default', 'kubernetes').spec).toMatchObject({
      clusterIP: '10.96.0.1',
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    });
    expect(svc('kube-system', 'kube-dns').spec).toMatchObject({
      clusterIP: '10.96.0.10',
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
        { name: 'metrics', port: 9153, protocol: 'TCP' },
      ],
    });
    const deploy = c.server.get('deployments.apps', 'kube-system', 'coredns') as KubeObject & {
      status: Record<string, unknown>;
    };
    expect(deploy.status).toMatchObject({
      replicas: 2,
      readyReplicas: 2,
      availableReplicas: 2,
      updatedReplicas: 2,
    });
    const rs = c.server.get('replicasets.apps', 'kube-system', 'coredns-668d6bf9bc')!;
    expect(rs.metadata.ownerReferences?.[0]?.uid).toBe(deploy.metadata.uid);
    const ds = c.server.get('daemonsets.apps', 'kube-system', 'kube-proxy') as KubeObject & {
      status: Record<string, unknown>;
    };
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 1, numberReady: 1 });
    const endpoints = c.server.get('endpoints', 'kube-system', 'kube-dns') as KubeObject & {
      subsets: { addresses: { ip: string }[] }[];
    };
    expect(endpoints.subsets[0]!.addresses.map((a) => a.ip).sort()).toEqual(['10.244.0.2', '10.244.0.3']);
    expect(c.server.list('namespaces').map((n) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
      'local-path-storage',
    ]);
    expect(
      c.server.list('leases.coordination.k8s.io', { namespace: 'kube-system' }).map((l) => l.metadata.name),
    ).toEqual(expect.arrayContaining(['kube-controller-manager', 'kube-scheduler']));
    // node events from the kubelet and the node controller, in default
    const reasons = (
      c.server.list('events', { namespace: 'default' }) as (KubeObject & { reason: string })[]
    ).map((e) => e.reason);
    expect(reasons).toEqual(
      expect.arrayContaining(['Starting', 'NodeHasSufficientMemory', 'RegisteredNode', 'NodeReady']),
    );
    // nothing went wrong on the way
    expect(c.logs.lines.filter((l) => l.startsWith('E'))).toEqual([]);
  });

  it('multinode: a tainted control plane and two workers with their daemon pods', () => {
    const c = createClusterInternals({ preset: 'multinode' });
    const nodes = c.server.list('nodes') as Node[];
    expect(nodes.map((n) => n.metadata.name)).toEqual([
      'kind-multinode-control-plane',
      'kind-multinode-worker',
      'kind-multinode-worker2',
    ]);
    expect(nodes[0]!.spec.taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    expect(nodes[1]!.spec.taints).toBeUndefined();
    expect(nodes[1]!.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBeUndefined();
    expect(nodes.map((n) => n.status.addresses[0]!.address)).toEqual([
      '172.18.0.2',
      '172.18.0.3',
      '172.18.0.4',
    ]);
    expect(nodes.map((n) => n.spec.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
    expect(new Set(nodes.map((n) => n.status.nodeInfo.bootID)).size).toBe(1); // one Docker host
    for (const worker of ['kind-multinode-worker', 'kind-multinode-worker2']) {
      const on = pods(c)
        .filter((p) => p.spec.nodeName === worker)
        .map((p) => p.metadata.name!.replace(/-[a-z0-9]{5}$/, ''));
      expect(on.sort()).toEqual(['kindnet', 'kube-proxy']);
    }
    const ds = c.server.get('daemonsets.apps', 'kube-system', 'kindnet') as KubeObject & {
      status: Record<string, unknown>;
    };
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });

  it('the book presets: NodePort mapping and node names', () => {
    expect(PRESETS['kind-nodeport']!().portMappings).toEqual([{ hostPort: 30599, containerPort: 30599 }]);
    expect(PRESETS['multinode-nodeport']!().nodes.map((n) => n.name)).toEqual([
      'multinode-nodeport-control-plane',
      'multinode-nodeport-worker',
      'multinode-nodeport-worker2',
    ]);
    const c = createCluster({ preset: PRESETS['kind-nodeport']!() });
    expect(c.preset.nodes[0]!.name).toBe('kind-nodeport-control-plane');
  });

  it('is deterministic: the same seed gives identical objects, another seed does not', () => {
    const a = dumpAll(createClusterInternals({ seed: 42, preset: 'multinode' }));
    const b = dumpAll(createClusterInternals({ seed: 42, preset: 'multinode' }));
    const other = dumpAll(createClusterInternals({ seed: 43, preset: 'multinode' }));
    expect(a).toBe(b);
    expect(a).not.toBe(other);
  });

  it('is deterministic under the same requests too', () => {
    const run = () => {
      const c = createClusterInternals({ seed: 7 });
      c.server.handle({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'dev' } } });
      c.cluster.settle();
      c.server.handle({ method: 'DELETE', path: '/api/v1/namespaces/dev' });
      c.cluster.advance(10_000);
      return dumpAll(c);
    };
    expect(run()).toBe(run());
  });
});

describe('presets', () => {
  it('customPreset builds a kind-like cluster', () => {
    const p = customPreset({ name: 'lab', nodes: 3, cpu: '4', memory: '8Gi', labels: { disktype: 'ssd' } });
    expect(p.nodes.map((n) => [n.name, n.role])).toEqual([
      ['lab-control-plane', 'control-plane'],
      ['lab-worker', 'worker'],
      ['lab-worker2', 'worker'],
    ]);
    expect(p.nodes[1]!.labels).toEqual({ disktype: 'ssd' });
    expect(p.nodes[0]!.labels).toBeUndefined();
    const c = createClusterInternals({ preset: p });
    const worker = c.server.get('nodes', undefined, 'lab-worker') as Node;
    expect(worker.metadata.labels?.disktype).toBe('ssd');
    expect(worker.status.capacity).toMatchObject({ cpu: '4', memory: '8Gi', pods: '110' });
    expect((c.server.get('nodes', undefined, 'lab-control-plane') as Node).spec.taints).toHaveLength(1);
  });

  it('customPreset with one node puts labels and taints on the control plane', () => {
    const p = customPreset({
      nodes: 1,
      labels: { zone: 'a' },
      taints: [{ key: 'disktype', value: 'ssd', effect: 'NoSchedule' }],
    });
    expect(p.nodes).toHaveLength(1);
    expect(p.nodes[0]!.taints).toEqual([{ key: 'disktype', value: 'ssd', effect: 'NoSchedule' }]);
    expect(() => customPreset({ nodes: 0 })).toThrow(/at least 1 node/);
  });

  it('loadPreset reads the book kind configs', () => {
    const exportMapping = loadPreset(
      `kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
  extraPortMappings:
  - containerPort: 30599
    hostPort: 30599
    listenAddress: "127.0.0.1"
    protocol: TCP
`,
      'kind-nodeport',
    );
    expect(exportMapping).toEqual({
      name: 'kind-nodeport',
      nodes: [{ name: 'kind-nodeport-control-plane', role: 'control-plane' }],
      portMappings: [{ hostPort: 30599, containerPort: 30599 }],
    });
    const multi = loadPreset(`kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
name: kind-multinode
nodes:
- role: control-plane
- role: worker
- role: worker
  labels:
    disktype: ssd
  capacity:
    memory: 4Gi
  taints:
  - key: dedicated
    value: gpu
    effect: NoSchedule
`);
    expect(multi.nodes.map((n) => n.name)).toEqual([
      'kind-multinode-control-plane',
      'kind-multinode-worker',
      'kind-multinode-worker2',
    ]);
    expect(multi.nodes[2]).toEqual({
      name: 'kind-multinode-worker2',
      role: 'worker',
      labels: { disktype: 'ssd' },
      capacity: { memory: '4Gi' },
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
    });
  });

  it('loadPreset rejects what it does not simulate, by name', () => {
    const head = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n';
    expect(() => loadPreset(`${head}networking:\n  disableDefaultCNI: true\n`)).toThrow(
      'cluster file: networking is not simulated in Breakfix',
    );
    expect(() => loadPreset(`${head}nodes:\n- role: control-plane\n  image: kindest/node:v1.29.0\n`)).toThrow(
      'cluster file: nodes[0].image is not simulated in Breakfix',
    );
    expect(() => loadPreset(`${head}nodes:\n- role: control-plane\n- role: control-plane\n`)).toThrow(
      /HA control plane/,
    );
    expect(() => loadPreset(`${head}nodes:\n- role: worker\n`)).toThrow(/one control-plane node/);
    expect(() => loadPreset('kind: Pod\napiVersion: v1\n')).toThrow(/kind must be "Cluster"/);
  });
});
