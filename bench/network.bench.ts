/**
 * Networking benchmarks (issue: Networking): 1,000 Services with 10 endpoints each.
 *
 *  - setup: the endpoints and endpointslice controllers and kube-proxy take in 1,000 Services
 *    and 10,000 ready pods (written with their kubelet status directly, on nodes no kubelet
 *    runs, so only the Service machinery is measured; one such node per Service, as a real
 *    cluster spreads them, so that the scheduler's cache of assigned pods stays cheap);
 *  - endpoint update latency: one pod turns unready; simulated time until kube-proxy stops
 *    routing to it (bounded by kube-proxy's 1 s minSyncPeriod) and the wall time that took;
 *  - proxy decisions per wall second (one DNAT choice per connection, seeded random);
 *  - the traffic model: 1,000 flows of 1,000 requests/s through the Services for a simulated
 *    hour, as rates; simulated requests per wall second (goal ≥ 1,000,000).
 */
import { createClusterInternals } from '../src/engine/cluster';
import type { BenchResult } from './types';

const SERVICES = 1000;
const PER_SERVICE = 10;

export async function run(): Promise<BenchResult[]> {
  const c = createClusterInternals({ seed: 1, preset: 'kind', kubelet: { profile: 'fast' } });
  const req = c.controllerClient;
  const t0 = performance.now();
  const ips: string[] = [];
  for (let s = 0; s < SERVICES; s++) {
    const r = req.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      body: {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: `s${s}` },
        spec: { selector: { app: `s${s}` }, ports: [{ port: 80, targetPort: 8080 }] },
      },
    });
    ips.push((r.body as { spec: { clusterIP: string } }).spec.clusterIP);
  }
  const ready = (status: 'True' | 'False', ip: string) => ({
    phase: 'Running',
    podIP: ip,
    podIPs: [{ ip }],
    conditions: [
      {
        type: 'Ready',
        status,
        lastTransitionTime: new Date(c.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      },
    ],
  });
  for (let s = 0; s < SERVICES; s++)
    for (let i = 0; i < PER_SERVICE; i++) {
      const n = s * PER_SERVICE + i;
      const ip = `10.250.${Math.floor(n / 250)}.${(n % 250) + 2}`;
      const name = `s${s}-p${i}`;
      const pod = req.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels: { app: `s${s}` } },
          spec: { nodeName: `bench-node-${s}`, containers: [{ name: 'c', image: 'nginx' }] },
        },
      }).body as Record<string, unknown>;
      req.request({
        method: 'PUT',
        path: `/api/v1/namespaces/default/pods/${name}/status`,
        body: { ...pod, status: ready('True', ip) },
      });
    }
  c.clock.settle();
  c.clock.advance(2000);
  c.clock.settle();
  const setupWall = performance.now() - t0;
  const proxy = c.services.nodes[0]!.proxy;
  const endpointsOf = (s: number) => proxy.rulesFor(ips[s]!)?.[0]?.cluster.length ?? 0;
  if (endpointsOf(500) !== PER_SERVICE)
    throw new Error(`setup: service s500 has ${endpointsOf(500)} endpoints`);

  // readiness change → kube-proxy rules
  const latencies: number[] = [];
  const walls: number[] = [];
  for (let k = 0; k < 5; k++) {
    c.clock.advance(3000);
    const s = 100 + k * 97;
    const name = `s${s}-p0`;
    const pod = req.request({ method: 'GET', path: `/api/v1/namespaces/default/pods/${name}` })
      .body as Record<string, unknown>;
    const ip = (pod.status as { podIP: string }).podIP;
    const w0 = performance.now();
    const start = c.clock.now();
    req.request({
      method: 'PUT',
      path: `/api/v1/namespaces/default/pods/${name}/status`,
      body: { ...pod, status: ready('False', ip) },
    });
    c.clock.settle();
    while (endpointsOf(s) !== PER_SERVICE - 1) {
      c.clock.advance(1);
      if (c.clock.now() - start > 10_000) throw new Error('kube-proxy never dropped the endpoint');
    }
    latencies.push(c.clock.now() - start);
    walls.push(performance.now() - w0);
  }

  // proxy decisions
  const from = c.kubelets.network.namespaceOf('172.18.0.2')!;
  const N = 1_000_000;
  const r0 = performance.now();
  let ok = 0;
  for (let i = 0; i < N; i++)
    if (typeof c.services.routeVirtual(from, ips[i % SERVICES]!, 80) !== 'string') ok++;
  const routeWall = (performance.now() - r0) / 1000;
  if (ok !== N) throw new Error('proxy refused connections');

  // traffic model: rates, integrated per simulated second
  const tm = c.services.traffic;
  for (let s = 0; s < SERVICES; s++)
    tm.setFlow({ id: `f${s}`, from, ip: ips[s]!, port: 80, rps: 1000, cpuMsPerRequest: 0.05 });
  const m0 = performance.now();
  for (let sec = 0; sec < 3600; sec++) tm.advance(1000);
  const trafficWall = (performance.now() - m0) / 1000;

  const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [
    { name: 'network/setup 1000 services × 10 endpoints (wall)', value: Math.round(setupWall), unit: 'ms' },
    {
      name: 'network/endpoint update latency after readiness change (simulated)',
      value: Math.round(avg(latencies)),
      unit: 'ms',
      note: 'kube-proxy minSyncPeriod 1 s bounds it',
    },
    {
      name: 'network/endpoint update latency after readiness change (wall)',
      value: Number(avg(walls).toFixed(2)),
      unit: 'ms',
    },
    {
      name: 'network/proxy DNAT decisions per wall second',
      value: Math.round(N / routeWall),
      unit: 'connections/s',
    },
    {
      name: 'network/traffic model simulated requests per wall second',
      value: Math.round(tm.totalRequests / trafficWall),
      unit: 'requests/s',
      goal: '>= 1000000',
    },
  ];
}
