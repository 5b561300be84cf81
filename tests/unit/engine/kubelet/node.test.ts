/** The node side: adoption of the bootstrap's pods, node status, Lease heartbeats, faults. */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

interface Node {
  status: {
    conditions: { type: string; status: string; lastHeartbeatTime: string; reason: string }[];
    images: { names: string[]; sizeBytes: number }[];
  };
}

describe("a kind cluster's node agents", () => {
  it('take over the system pods without changing them (adoption): same IDs, IPs, start times, all ready', () => {
    const c = kubeletCluster();
    const before = c.server.list('pods', { namespace: 'kube-system' });
    c.advance(secs(60));
    const after = c.server.list('pods', { namespace: 'kube-system' });
    expect(after.map((p) => (p.status as { podIP: string }).podIP)).toEqual(
      before.map((p) => (p.status as { podIP: string }).podIP),
    );
    for (const p of after) {
      const st = p.status as {
        phase: string;
        containerStatuses: { ready: boolean; restartCount: number; containerID: string }[];
      };
      expect(st.phase).toBe('Running');
      expect(st.containerStatuses.every((s) => s.ready && s.restartCount === 0)).toBe(true);
    }
    const ids = (ps: typeof before) =>
      ps.flatMap((p) =>
        (p.status as { containerStatuses: { containerID: string }[] }).containerStatuses.map(
          (s) => s.containerID,
        ),
      );
    expect(ids(after)).toEqual(ids(before));
    // and their programs run: CoreDNS logs, etcd answers its probes
    const coredns = after.find((p) => p.metadata.name!.startsWith('coredns'))!;
    expect(
      c.call<string>('GET', `/api/v1/namespaces/kube-system/pods/${coredns.metadata.name}/log`),
    ).toContain('CoreDNS-1.11.3\n');
    expect(c.events(undefined, 'kube-system').filter((e) => e.reason === 'Unhealthy')).toEqual([]);
  });

  it("new pods get the next pod IPs of the node's podCIDR", () => {
    const c = kubeletCluster();
    c.createPod('a', { containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sleep', '100'] }] });
    c.createPod('b', { containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sleep', '100'] }] });
    c.advance(secs(10));
    expect([c.pod('a')!.status!.podIP, c.pod('b')!.status!.podIP]).toEqual(['10.244.0.5', '10.244.0.6']);
  });

  it('node status: heartbeats every 5 minutes when nothing changes; the images list (largest first)', () => {
    const c = kubeletCluster();
    const hb = () =>
      c
        .call<Node>('GET', '/api/v1/nodes/kind-control-plane')
        .status.conditions.find((x) => x.type === 'Ready')!.lastHeartbeatTime;
    c.advance(secs(20));
    const first = hb();
    c.advance(secs(60));
    expect(hb()).toBe(first);
    c.advance(secs(300));
    expect(hb()).not.toBe(first);
    const images = c.call<Node>('GET', '/api/v1/nodes/kind-control-plane').status.images;
    expect(images[0]!.names[0]).toMatch(/^registry\.k8s\.io\/kube-apiserver(-amd64)?@sha256:[0-9a-f]{64}$/);
    expect(images[0]!.names).toContain('registry.k8s.io/kube-apiserver:v1.32.2');
    expect(images.map((i) => i.sizeBytes)).toEqual([...images.map((i) => i.sizeBytes)].sort((a, b) => b - a));
    c.createPod('n', { containers: [{ name: 'n', image: 'nginx:1.25.3' }] });
    c.advance(secs(30));
    const names = c
      .call<Node>('GET', '/api/v1/nodes/kind-control-plane')
      .status.images.flatMap((i) => i.names);
    expect(names).toContain('docker.io/library/nginx:1.25.3');
  });

  it('the Lease is renewed every 10 s; a stopped kubelet stops renewing, its containers keep running', () => {
    const c = kubeletCluster();
    c.createPod('web', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.advance(secs(15));
    const renew = () =>
      c.call<{ spec: { renewTime: string } }>(
        'GET',
        '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/kind-control-plane',
      ).spec.renewTime;
    const r1 = renew();
    c.advance(secs(10));
    const r2 = renew();
    expect(Date.parse(r2) - Date.parse(r1)).toBe(10_000);
    c.cluster.faults.stopKubelet('kind-control-plane');
    expect(c.cluster.faults.kubeletRunning('kind-control-plane')).toBe(false);
    c.advance(secs(60));
    expect(renew()).toBe(r2);
    // the container still serves
    const net = c.kubelets.network;
    let code = 0;
    net.http(
      net.namespaceOf('172.18.0.2')!,
      c.pod('web')!.status!.podIP!,
      80,
      { method: 'GET', path: '/' },
      {},
      (r) => (code = r.ok ? r.response.status : -1),
    );
    expect(code).toBe(200);
    // logs need the kubelet: the API server cannot reach it
    const res = c.raw('GET', '/api/v1/namespaces/default/pods/web/log');
    expect((res.body as { message: string }).message).toBe(
      'Get "https://172.18.0.2:10250/containerLogs/default/web/": dial tcp 172.18.0.2:10250: connect: connection refused',
    );
    c.cluster.faults.startKubelet('kind-control-plane');
    c.advance(secs(11));
    expect(Date.parse(renew())).toBeGreaterThan(Date.parse(r2));
    expect(c.row('web')).toEqual(['1/1', 'Running', '0']);
  });
});

describe('faults', () => {
  it('killContainer: exit 137 and a restart; crashProcess: the exit code, then a restart', () => {
    const c = kubeletCluster();
    c.createPod('web', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.until(() => c.row('web')[1] === 'Running', secs(20));
    c.cluster.faults.killContainer('default', 'web');
    c.advance(secs(5));
    expect(c.row('web')[2]).toMatch(/^1 \(\ds ago\)$/);
    expect(c.pod('web')!.status!.containerStatuses![0]!.lastState!.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    c.cluster.faults.crashProcess('default', 'web', 'web', 42);
    c.advance(secs(20));
    expect(c.pod('web')!.status!.containerStatuses![0]!.lastState!.terminated).toMatchObject({
      exitCode: 42,
      reason: 'Error',
    });
  });

  it('failProbe / clearProbeFailure', () => {
    const c = kubeletCluster();
    c.createPod('web', {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25.3',
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 2 },
        },
      ],
    });
    c.until(() => c.row('web')[0] === '1/1', secs(20));
    c.cluster.faults.failProbe('default', 'web', 'web', 'readiness');
    c.advance(secs(10));
    expect(c.row('web')[0]).toBe('0/1');
    expect(c.events('web').find((e) => e.reason === 'Unhealthy')!.message).toBe(
      'Readiness probe failed: HTTP probe failed with statuscode: 500',
    );
    c.cluster.faults.clearProbeFailure('default', 'web', 'web', 'readiness');
    c.advance(secs(5));
    expect(c.row('web')[0]).toBe('1/1');
  });

  it('fillMemory over the limit: OOMKilled; errors are clear', () => {
    const c = kubeletCluster();
    c.createPod('web', {
      containers: [{ name: 'web', image: 'nginx:1.25.3', resources: { limits: { memory: '64Mi' } } }],
    });
    c.until(() => c.row('web')[1] === 'Running', secs(20));
    c.cluster.faults.fillMemory('default', 'web', 'web', '100Mi');
    expect(c.watchRows('web', secs(3), 50)).toEqual(['1/1 Running 0', '0/1 OOMKilled 0', '1/1 Running 1']);
    expect(c.pod('web')!.status!.containerStatuses![0]!.lastState!.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect(() => c.cluster.faults.killContainer('default', 'nope')).toThrow(
      'pod default/nope is not running on any node',
    );
    expect(() => c.cluster.faults.stopKubelet('kind-worker')).toThrow('node "kind-worker" not found');
  });
});

describe('multinode', () => {
  it('each node has its own kubelet, podCIDR and images', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    const node = 'kind-multinode-worker2';
    c.call('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'w' },
      spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx:1.25.3' }] },
    });
    c.advance(secs(20));
    expect(c.pod('w')!.status!.podIP).toMatch(/^10\.244\.2\.\d+$/);
    expect(c.pod('w')!.status!.hostIP).toBe('172.18.0.4');
    expect(c.kubelets.kubelets.size).toBe(3);
  });
});
