/**
 * The node lifecycle controller on the simulated clock: a kubelet that stops renewing its Lease is
 * marked Unknown after the 50 s grace period, its node tainted unreachable, its pods marked not
 * ready and, 300 s later, evicted; a kubelet that comes back makes it all undone.
 */
import { describe, expect, it } from 'vitest';
import type { Node, Pod, Taint } from 'kubernetes-types/core/v1';
import {
  NODE_MONITOR_GRACE_PERIOD_MS,
  NODE_MONITOR_PERIOD_MS,
} from '../../../../src/engine/controllers/nodelifecycle/node-lifecycle-controller';
import { customPreset } from '../../../../src/engine/presets';
import { kubeletCluster, secs, type KubeletTestCluster } from '../kubelet/helpers';

const WORKER = 'kind-multinode-worker';

function node(c: KubeletTestCluster, name = WORKER): Node {
  return c.call<Node>('GET', `/api/v1/nodes/${name}`);
}
const cond = (n: Node, type: string) => n.status!.conditions!.find((x) => x.type === type)!;
const taints = (n: Node) => (n.spec?.taints ?? []).map((t: Taint) => `${t.key}:${t.effect}`);

/** Three pods on the worker (created through the API: admission adds the 300 s tolerations). */
function withPods(c: KubeletTestCluster, nodeName = WORKER): string[] {
  const names = ['a', 'b', 'c'];
  for (const n of names)
    c.call('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: n },
      spec: { nodeName, containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] },
    });
  c.advance(secs(30));
  for (const n of names) expect(c.row(n)).toEqual(['1/1', 'Running', '0']);
  return names;
}

const podReady = (c: KubeletTestCluster, name: string) =>
  (c.pod(name) as Pod).status!.conditions!.find((x) => x.type === 'Ready')!.status;

describe('node lifecycle controller', () => {
  it('leaves a healthy cluster alone: every node Ready, no controller taints, no NodeNotReady', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    c.advance(secs(600));
    for (const n of c.server.list('nodes', {}) as unknown as Node[]) {
      expect(cond(n, 'Ready').status).toBe('True');
      expect(taints(n).filter((t) => t.startsWith('node.kubernetes.io/'))).toEqual([]);
    }
    expect(c.events().filter((e) => e.reason === 'NodeNotReady')).toEqual([]);
  });

  it('a silent kubelet: Ready until the grace period, then Unknown, tainted, pods not ready', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    const pods = withPods(c);
    const before = cond(node(c), 'Ready');
    c.cluster.faults.stopKubelet(WORKER);
    expect(c.cluster.faults.kubeletRunning(WORKER)).toBe(false);
    c.advance(NODE_MONITOR_GRACE_PERIOD_MS - 10_000);
    expect(cond(node(c), 'Ready').status).toBe('True');
    expect(taints(node(c))).toEqual([]);
    // the last renewal was at most 10 s before the stop; the monitor looks every 5 s
    c.advance(10_000 + 10_000 + NODE_MONITOR_PERIOD_MS);
    const n = node(c);
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'])
      expect(cond(n, type)).toMatchObject({
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
      });
    // the heartbeat stays the kubelet's last one; the transition is now
    expect(cond(n, 'Ready').lastHeartbeatTime).toBe(before.lastHeartbeatTime);
    expect(cond(n, 'Ready').lastTransitionTime).not.toBe(before.lastTransitionTime);
    expect(taints(n)).toEqual([
      'node.kubernetes.io/unreachable:NoSchedule',
      'node.kubernetes.io/unreachable:NoExecute',
    ]);
    for (const t of n.spec!.taints!) expect(t.timeAdded).toMatch(/^2026-.*Z$/);
    const nodeEvents = c.events(WORKER).filter((e) => e.reason === 'NodeNotReady');
    expect(nodeEvents).toEqual([
      expect.objectContaining({ type: 'Normal', message: `Node ${WORKER} status is now: NodeNotReady` }),
    ]);
    for (const p of pods) {
      expect(podReady(c, p)).toBe('False');
      // containers still run and look ready to the last status the kubelet posted
      expect(c.row(p)).toEqual(['1/1', 'Running', '0']);
      expect(c.events(p).filter((e) => e.reason === 'NodeNotReady')).toEqual([
        expect.objectContaining({ type: 'Warning', message: 'Node is not ready' }),
      ]);
    }
    const ev = (
      c.server.list('events', { namespace: 'default' }) as unknown as {
        reason: string;
        source: { component: string };
      }[]
    ).find((e) => e.reason === 'NodeNotReady')!;
    expect(ev.source.component).toBe('node-controller');
  });

  it('evicts the pods 300 s after the NoExecute taint; they stay Terminating until the kubelet returns', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    const pods = withPods(c);
    c.cluster.faults.stopKubelet(WORKER);
    c.until(() => taints(node(c)).includes('node.kubernetes.io/unreachable:NoExecute'), secs(120), 100);
    const taintedAt = Date.parse(node(c).spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!);
    // DefaultTolerationSeconds: tolerate unreachable:NoExecute for 300 s
    expect((c.pod('a') as Pod).spec!.tolerations).toContainEqual({
      key: 'node.kubernetes.io/unreachable',
      operator: 'Exists',
      effect: 'NoExecute',
      tolerationSeconds: 300,
    });
    c.advance(taintedAt + 299_000 - c.clock.now());
    for (const p of pods) expect((c.pod(p) as Pod).metadata!.deletionTimestamp).toBeUndefined();
    c.advance(2_000);
    for (const p of pods) {
      const pod = c.pod(p) as Pod;
      expect(pod.metadata!.deletionTimestamp).toBeDefined();
      expect(c.row(p)[1]).toBe('Terminating');
      expect(c.events(p).map((e) => e.reason)).toContain('TaintManagerEviction');
    }
    // nobody confirms the deletion while the kubelet is down
    c.advance(secs(600));
    for (const p of pods) expect(c.row(p)[1]).toBe('Terminating');
    c.cluster.faults.startKubelet(WORKER);
    c.advance(secs(60));
    for (const p of pods) expect(c.row(p)[1]).toBe('gone');
    const n = node(c);
    expect(cond(n, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(taints(n)).toEqual([]);
    expect(c.events(WORKER).map((e) => e.reason)).toEqual(
      expect.arrayContaining(['NodeNotReady', 'NodeReady', 'NodeHasSufficientMemory']),
    );
  });

  it('a kubelet back before the eviction: conditions True, taints gone, deletions cancelled, pods ready', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    const pods = withPods(c);
    c.cluster.faults.stopKubelet(WORKER);
    c.advance(secs(120));
    expect(cond(node(c), 'Ready').status).toBe('Unknown');
    c.cluster.faults.startKubelet(WORKER);
    c.advance(secs(15));
    const n = node(c);
    for (const type of ['MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(cond(n, type).status).toBe('False');
    expect(cond(n, 'Ready').status).toBe('True');
    expect(taints(n)).toEqual([]);
    for (const p of pods) {
      expect(podReady(c, p)).toBe('True');
      expect(c.events(p).map((e) => e.message)).toContain(`Cancelling deletion of Pod default/${p}`);
    }
    c.advance(secs(400));
    for (const p of pods) expect(c.row(p)).toEqual(['1/1', 'Running', '0']);
  });

  it('a kubelet that reports Ready=False gets the not-ready taints; silence then swaps them for unreachable', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    withPods(c);
    c.cluster.faults.stopKubelet(WORKER);
    // play the kubelet: post Ready=False and keep renewing the Lease
    const n0 = node(c) as Node & { metadata: { name: string } };
    const now = () => new Date(c.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
    c.call('PUT', `/api/v1/nodes/${WORKER}/status`, {
      ...n0,
      status: {
        ...n0.status,
        conditions: n0.status!.conditions!.map((x) =>
          x.type === 'Ready'
            ? {
                ...x,
                status: 'False',
                reason: 'KubeletNotReady',
                message: 'container runtime is down',
                lastHeartbeatTime: now(),
                lastTransitionTime: now(),
              }
            : x,
        ),
      },
    });
    const renew = () => {
      const lease = c.call<{ spec: { renewTime: string } }>(
        'GET',
        `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${WORKER}`,
      );
      lease.spec.renewTime = new Date(c.clock.now()).toISOString().replace('Z', '000Z');
      c.call('PUT', `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${WORKER}`, lease);
    };
    for (let i = 0; i < 12; i++) {
      renew();
      c.advance(secs(10));
    }
    let n = node(c);
    expect(cond(n, 'Ready').status).toBe('False');
    expect(taints(n)).toEqual([
      'node.kubernetes.io/not-ready:NoSchedule',
      'node.kubernetes.io/not-ready:NoExecute',
    ]);
    // The controller only reacts to a transition it made itself (True → Unknown): a kubelet that
    // reports False records its own NodeNotReady event, and the pods' readiness is its business.
    expect(podReady(c, 'a')).toBe('True');
    expect(c.events(WORKER).filter((e) => e.reason === 'NodeNotReady')).toEqual([]);
    // now the Lease stops too: Unknown, and the NoExecute taint becomes unreachable at once
    c.advance(secs(70));
    n = node(c);
    expect(cond(n, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown' });
    expect(taints(n).sort()).toEqual([
      'node.kubernetes.io/unreachable:NoExecute',
      'node.kubernetes.io/unreachable:NoSchedule',
    ]);
  });

  it('one node, silent: NotReady, but no NoExecute taint (every node of the zone is down: nothing is evicted)', () => {
    const c = kubeletCluster();
    c.createPod('solo', { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] });
    c.advance(secs(30));
    c.cluster.faults.stopKubelet('kind-control-plane');
    c.advance(secs(500));
    const n = node(c, 'kind-control-plane');
    expect(cond(n, 'Ready').status).toBe('Unknown');
    expect(taints(n)).toEqual(['node.kubernetes.io/unreachable:NoSchedule']);
    expect((c.pod('solo') as Pod).metadata!.deletionTimestamp).toBeUndefined();
  });

  it("taints one node at a time: the zone's bucket allows 0.1 node per second", () => {
    const c = kubeletCluster({ preset: customPreset({ nodes: 5 }) });
    c.advance(secs(30));
    c.cluster.faults.stopKubelet('kind-worker');
    c.cluster.faults.stopKubelet('kind-worker2');
    c.advance(secs(120));
    const added = ['kind-worker', 'kind-worker2'].map((w) =>
      Date.parse(node(c, w).spec!.taints!.find((t) => t.effect === 'NoExecute')!.timeAdded!),
    );
    expect(Math.abs(added[1]! - added[0]!)).toBeGreaterThanOrEqual(10_000);
    for (const w of ['kind-worker3', 'kind-worker4']) expect(taints(node(c, w))).toEqual([]);
  });

  it('a partially disrupted zone (3 of 5 nodes silent) stops adding NoExecute taints', () => {
    const c = kubeletCluster({ preset: customPreset({ nodes: 5 }) });
    c.advance(secs(30));
    for (const w of ['kind-worker', 'kind-worker2', 'kind-worker3']) c.cluster.faults.stopKubelet(w);
    c.advance(secs(180));
    const noExecute = ['kind-worker', 'kind-worker2', 'kind-worker3'].filter((w) =>
      taints(node(c, w)).includes('node.kubernetes.io/unreachable:NoExecute'),
    );
    for (const w of ['kind-worker', 'kind-worker2', 'kind-worker3'])
      expect(cond(node(c, w), 'Ready').status).toBe('Unknown');
    // the first one may be tainted before the zone counts as disrupted; not all three
    expect(noExecute.length).toBeLessThan(3);
  });

  it('cordon: the unschedulable taint, with timeAdded, and back', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    c.call(
      'PATCH',
      `/api/v1/nodes/${WORKER}`,
      { spec: { unschedulable: true } },
      'application/merge-patch+json',
    );
    let n = node(c);
    expect(n.spec!.taints).toEqual([
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: expect.any(String) },
    ]);
    c.call(
      'PATCH',
      `/api/v1/nodes/${WORKER}`,
      { spec: { unschedulable: false } },
      'application/merge-patch+json',
    );
    n = node(c);
    expect(n.spec?.taints).toBeUndefined();
  });
});

describe('node faults', () => {
  it('stopNode kills the containers too; startNode restarts them (RESTARTS 1)', () => {
    const c = kubeletCluster({ preset: 'multinode' });
    withPods(c);
    c.cluster.faults.stopNode(WORKER);
    c.advance(secs(10));
    // the API still shows the last status: nobody reports the deaths
    expect(c.row('a')).toEqual(['1/1', 'Running', '0']);
    const ip = (c.pod('a') as Pod).status!.podIP!;
    const net = c.kubelets.network;
    let answer = '';
    net.http(net.namespaceOf('172.18.0.2')!, ip, 80, { method: 'GET', path: '/' }, {}, (r) => {
      answer = r.ok ? String(r.response.status) : 'refused';
    });
    c.clock.settle();
    expect(answer).toBe('refused');
    c.cluster.faults.startNode(WORKER);
    c.advance(secs(30));
    expect(c.row('a')).toEqual(['1/1', 'Running', expect.stringMatching(/^1 \(\d+s ago\)$/)]);
    expect(() => c.cluster.faults.stopNode('nope')).toThrow('node "nope" not found');
  });
});
