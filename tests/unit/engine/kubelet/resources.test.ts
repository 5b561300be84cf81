/** Memory and CPU: limits, the kernel's OOM killer, node-pressure eviction, admission, usage stats. */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

const stress = (name: string, bytes: string, resources?: Record<string, unknown>) => ({
  containers: [
    {
      name,
      image: 'polinux/stress',
      command: ['stress'],
      args: ['--vm', '1', '--vm-bytes', bytes, '--vm-hang', '0'],
      ...(resources ? { resources } : {}),
    },
  ],
});

describe('memory limits', () => {
  it("over the limit: OOMKilled, exit code 137 (the docs' stress example)", () => {
    const c = kubeletCluster();
    c.createPod(
      'memory-demo-2',
      stress('memory-demo-2-ctr', '250M', { requests: { memory: '50Mi' }, limits: { memory: '100Mi' } }),
    );
    const rows = c.watchRows('memory-demo-2', secs(40));
    expect(rows).toContain('0/1 OOMKilled 0');
    expect(rows.some((r) => r.startsWith('0/1 CrashLoopBackOff'))).toBe(true);
    const cs = c.pod('memory-demo-2')!.status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated ?? cs.state!.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('under the limit: runs, and the stats show the usage', () => {
    const c = kubeletCluster();
    c.createPod(
      'memory-demo',
      stress('memory-demo-ctr', '150M', { requests: { memory: '100Mi' }, limits: { memory: '200Mi' } }),
    );
    c.advance(secs(30));
    expect(c.row('memory-demo')).toEqual(['1/1', 'Running', '0']);
    const summary = c.kubelets.get('kind-control-plane')!.summary();
    const p = summary.pods.find((x) => x.podRef.name === 'memory-demo')!;
    expect(p.containers[0]!.memory.workingSetBytes).toBeGreaterThan(150e6);
    expect(p.containers[0]!.cpu.usageNanoCores).toBeGreaterThanOrEqual(0);
  });
});

describe('the node runs out of memory', () => {
  it('kind has no eviction threshold: the kernel OOM killer picks the BestEffort container (SystemOOM)', () => {
    const c = kubeletCluster();
    c.createPod(
      'guaranteed',
      stress('g', '1G', {
        requests: { memory: '1200Mi', cpu: '100m' },
        limits: { memory: '1200Mi', cpu: '100m' },
      }),
    );
    c.createPod('besteffort', stress('b', '100M'));
    c.advance(secs(20));
    expect(c.row('guaranteed')[1]).toBe('Running');
    c.cluster.faults.fillMemory('default', 'besteffort', 'b', '6Gi');
    c.advance(secs(5));
    const term = c.pod('besteffort')!.status!.containerStatuses![0]!;
    expect(term.lastState!.terminated ?? term.state!.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
    expect(c.row('guaranteed')).toEqual(['1/1', 'Running', '0']);
    const sys = c.events(undefined, 'default').find((e) => e.reason === 'SystemOOM');
    expect(sys?.message).toMatch(/^System OOM encountered, victim process: stress, pid: \d+$/);
  });

  it('with evictionHard memory.available<500Mi: MemoryPressure, BestEffort evicted before Burstable before Guaranteed', () => {
    const c = kubeletCluster({ kubelet: { evictionHard: { 'memory.available': '500Mi' } } });
    // stress's M is MiB: 3 × 1600Mi plus the system leaves less than 500Mi of the node's 5.8Gi
    c.createPod(
      'guaranteed',
      stress('g', '1600M', {
        requests: { memory: '1700Mi', cpu: '100m' },
        limits: { memory: '1700Mi', cpu: '100m' },
      }),
    );
    c.createPod('burstable', stress('u', '1600M', { requests: { memory: '100Mi' } }));
    c.createPod('besteffort', stress('b', '1600M'));
    c.advance(secs(30));
    const evicted = () =>
      ['guaranteed', 'burstable', 'besteffort'].filter((n) => c.pod(n)!.status!.reason === 'Evicted');
    c.until(() => evicted().length > 0, secs(30));
    expect(evicted()).toEqual(['besteffort']);
    const p = c.pod('besteffort')!;
    expect(p.status!.phase).toBe('Failed');
    expect(p.status!.message).toMatch(
      /^The node was low on resource: memory\. Threshold quantity: 500Mi, available: \d+Ki\. Container b was using \d+Ki, request is 0, has larger consumption of memory\. $/,
    );
    expect(p.status!.conditions!.find((x) => x.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'TerminationByKubelet',
    });
    expect(c.events('besteffort').find((e) => e.reason === 'Evicted')!.type).toBe('Warning');
    c.advance(secs(11));
    const node = c.call<{ status: { conditions: { type: string; status: string; reason: string }[] } }>(
      'GET',
      '/api/v1/nodes/kind-control-plane',
    );
    expect(node.status.conditions.find((x) => x.type === 'MemoryPressure')).toMatchObject({
      status: 'True',
      reason: 'KubeletHasInsufficientMemory',
    });
    // the pressure is relieved: the others keep running
    c.advance(secs(30));
    expect(c.row('guaranteed')[1]).toBe('Running');
  });
});

describe('admission', () => {
  it('a pod bound to a node without room: OutOfmemory, phase Failed', () => {
    const c = kubeletCluster();
    c.createPod('big', {
      containers: [{ name: 'c', image: 'nginx:1.25.3', resources: { requests: { memory: '50Gi' } } }],
    });
    c.advance(secs(2));
    const p = c.pod('big')!;
    expect(p.status!.phase).toBe('Failed');
    expect(p.status!.reason).toBe('OutOfmemory');
    expect(p.status!.message).toMatch(
      /^Pod was rejected: Node didn't have enough resource: memory, requested: 53687091200, used: \d+, capacity: \d+$/,
    );
    expect(c.row('big')[1]).toBe('OutOfmemory');
  });
});

describe('stats for metrics', () => {
  it("/stats/summary on the node's port 10250, with per-container CPU and memory", () => {
    const c = kubeletCluster();
    c.createPod('cpu', {
      containers: [
        { name: 'c', image: 'vish/stress', args: ['-cpus', '1'], resources: { limits: { cpu: '500m' } } },
      ],
    });
    c.advance(secs(40));
    const net = c.kubelets.network;
    let body = '';
    net.http(
      net.namespaceOf('172.18.0.2')!,
      '172.18.0.2',
      10250,
      { method: 'GET', path: '/stats/summary' },
      {},
      (r) => (body = r.ok ? r.response.body! : r.error),
    );
    const s = JSON.parse(body) as {
      pods: { podRef: { name: string }; containers: { cpu: { usageNanoCores: number } }[] }[];
    };
    const cpu = s.pods.find((p) => p.podRef.name === 'cpu')!.containers[0]!.cpu.usageNanoCores;
    expect(cpu).toBeGreaterThan(450e6);
    expect(cpu).toBeLessThanOrEqual(500e6);
  });
});
