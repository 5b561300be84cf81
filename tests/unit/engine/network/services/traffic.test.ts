/**
 * The traffic model's cost on the servers: a request rate through a Service is spread over its
 * ready endpoints, and each request costs the serving container CPU — visible in the kubelet's
 * Summary API (what metrics-server, `kubectl top` and the HPA read). Not-ready pods get nothing.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../../src/api/types';
import type { ClusterInternals } from '../../../../../src/engine/cluster';
import { advance, create, deployment, get, list, networkCluster, service } from './helpers';

const RPS = 600;
const CPU_MS = 0.05;

function podCpu(c: ClusterInternals): Map<string, number> {
  const summary = c.kubelets.get('kind-control-plane')!.summary();
  const out = new Map<string, number>();
  for (const p of summary.pods)
    if (p.podRef.namespace === 'default') out.set(p.podRef.name, p.containers[0]!.cpu.usageNanoCores / 1e6);
  return out;
}

function setUp(): { c: ClusterInternals; ready: KubeObject[]; unready: KubeObject; ip: string } {
  const c = networkCluster();
  create(c, deployment('web', 'blux2/hello-server:1.0', 3, 8080));
  // a fourth pod the Service selects, never ready (its probe knocks on a closed port)
  create(c, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web-unready', namespace: 'default', labels: { app: 'web' } },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'blux2/hello-server:1.0',
          readinessProbe: { httpGet: { path: '/', port: 9999 }, periodSeconds: 5 },
        },
      ],
    },
  });
  const svc = create(c, service('web', { app: 'web' }, 80, 8080)).body;
  advance(c, 30_000);
  const pods = list(c, 'Pod', 'default');
  const isReady = (p: KubeObject) =>
    ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
      (x) => x.type === 'Ready' && x.status === 'True',
    );
  return {
    c,
    ready: pods.filter(isReady),
    unready: pods.find((p) => p.metadata.name === 'web-unready')!,
    ip: (svc.spec as { clusterIP: string }).clusterIP,
  };
}

describe('traffic model: request CPU on the serving containers', () => {
  it('splits R over the N ready endpoints and charges each R/N × cost; the not-ready pod gets nothing', () => {
    const { c, ready, unready, ip } = setUp();
    expect(ready.map((p) => p.metadata.name).sort()).toHaveLength(3);
    expect(ready.some((p) => p.metadata.name === unready.metadata.name)).toBe(false);

    const before = podCpu(c);
    const client = c.kubelets.network.namespaceOf('172.18.0.2')!;
    c.services.traffic.setFlow({ id: 'load', from: client, ip, port: 80, rps: RPS, cpuMsPerRequest: CPU_MS });
    advance(c, 30_000);
    const after = podCpu(c);

    const share = (RPS / 3) * CPU_MS; // 10 millicores each
    for (const p of ready) {
      const podIP = (p.status as { podIP: string }).podIP;
      expect(c.services.traffic.load(podIP, 8080)?.rps).toBeCloseTo(RPS / 3, 6);
      expect(after.get(p.metadata.name!)! - (before.get(p.metadata.name!) ?? 0)).toBeCloseTo(share, 3);
    }
    const unreadyIP = (unready.status as { podIP: string }).podIP;
    expect(c.services.traffic.load(unreadyIP, 8080)).toBeUndefined();
    expect(after.get('web-unready')! - (before.get('web-unready') ?? 0)).toBeCloseTo(0, 6);
    expect(c.services.traffic.failedPerSecond).toBe(0);
  });

  it('moves the load when an endpoint leaves, and stops charging when the flow ends', () => {
    const { c, ready, ip } = setUp();
    const client = c.kubelets.network.namespaceOf('172.18.0.2')!;
    c.services.traffic.setFlow({ id: 'load', from: client, ip, port: 80, rps: RPS, cpuMsPerRequest: CPU_MS });
    advance(c, 30_000);
    // scaled down to two: they share the whole rate after kube-proxy's sync
    c.controllerClient.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      headers: { contentType: 'application/merge-patch+json' },
      body: { spec: { replicas: 2 } },
    });
    advance(c, 5_000);
    const names = new Set(list(c, 'Pod', 'default').map((p) => p.metadata.name));
    const gone = ready.filter((p) => !names.has(p.metadata.name));
    const left = ready.filter((p) => names.has(p.metadata.name) && !p.metadata.deletionTimestamp);
    const terminating = list(c, 'Pod', 'default').filter((p) => p.metadata.deletionTimestamp);
    expect(gone.length + terminating.length).toBe(1);
    const leaving = gone[0] ?? terminating[0]!;
    const leavingIP = (leaving.status as { podIP: string }).podIP;
    expect(c.services.traffic.load(leavingIP, 8080)?.rps ?? 0).toBe(0);
    const serving = left.filter((p) => p.metadata.name !== leaving.metadata.name);
    expect(serving).toHaveLength(2);
    for (const p of serving) {
      const podIP = (p.status as { podIP: string }).podIP;
      expect(c.services.traffic.load(podIP, 8080)?.cpuMillicores).toBeCloseTo((RPS / 2) * CPU_MS, 6);
    }
    c.services.traffic.removeFlow('load');
    advance(c, 15_000);
    podCpu(c); // a cadvisor sample; the rate is over the window from it to the next one
    advance(c, 15_000);
    const idle = podCpu(c);
    for (const p of serving) expect(idle.get(p.metadata.name!)!).toBeLessThan(1);
  });

  it('counts requests to a Service without endpoints as failed', () => {
    const c = networkCluster();
    const svc = create(c, service('empty', { app: 'none' }, 80, 8080)).body;
    advance(c, 5_000);
    const client = c.kubelets.network.namespaceOf('172.18.0.2')!;
    const ip = (svc.spec as { clusterIP: string }).clusterIP;
    c.services.traffic.setFlow({ id: 'f', from: client, ip, port: 80, rps: 50, cpuMsPerRequest: CPU_MS });
    expect(c.services.traffic.failedPerSecond).toBe(50);
    c.services.traffic.advance(2_000);
    expect(c.services.traffic.totalFailed).toBe(100);
    expect(get(c, 'Service', 'default', 'empty')).toBeDefined();
  });
});
