/**
 * Kubelet benchmark (issue 3): 1,000 pods on 100 nodes, each pod with a liveness and a readiness
 * HTTP probe (every 10 s), simulated for one hour — 720,000 probes, 36,000 Lease renewals, node
 * status every 10 s. Goal: under 10 s (faster than 360× real time).
 *
 * Setup (not measured): an API server with its strategies, 100 Nodes with their Leases, the
 * kubelets, 1,000 pods bound to the nodes, ten simulated minutes for images to pull and pods to
 * become ready. Measured: one simulated hour of the steady state, in process CPU time (the
 * machine is shared; wall time is in the note), and the heap growth per pod.
 *
 *   npm run bench -- kubelet        # or: npx tsx bench/kubelet.bench.ts
 */
import { ApiServer } from '../src/engine/api/server';
import { inProcessControllerClient } from '../src/engine/cluster';
import { SimClock } from '../src/engine/clock';
import { NanoClock } from '../src/engine/events';
import { Rand } from '../src/engine/rand';
import { startKubelets } from '../src/engine/kubelet/index';
import { nodeLease, nodeObject, nodeStatus, nodeIP } from '../src/engine/bootstrap/nodes';
import type { ClusterPreset } from '../src/engine/types';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BenchResult } from './types';

const NODES = 100;
const PODS = 1000;
const HOUR = Number(process.env.BENCH_HOUR_MS ?? 3600_000);

function must(res: { status: number; body: unknown }, what: string): unknown {
  if (res.status >= 300) throw new Error(`${what}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A full GC before each heap reading, so the per-pod figure is live memory, not garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function run(): Promise<BenchResult[]> {
  const clock = new SimClock();
  const rand = new Rand(7);
  const server = new ApiServer({ clock, rand: rand.fork() });
  const client = inProcessControllerClient(server);
  const logs = { info: () => {}, error: (m: string) => void m };
  const preset: ClusterPreset = {
    name: 'bench',
    nodes: Array.from({ length: NODES }, (_, i) => ({
      name: `bench-worker${i + 1}`,
      role: 'worker' as const,
      capacity: { cpu: '16', memory: '64Gi', pods: '110' },
    })),
  };
  for (const ns of ['default', 'kube-node-lease'])
    must(
      server.handle({
        method: 'POST',
        path: '/api/v1/namespaces',
        body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
      }),
      'namespace',
    );
  const host = { systemUUID: rand.uuid(), bootID: rand.uuid() };
  preset.nodes.forEach((n, index) => {
    const facts = { preset: n, index, ip: nodeIP(index), machineID: rand.uuid().replace(/-/g, '') };
    const obj = must(
      server.handle({ method: 'POST', path: '/api/v1/nodes', body: nodeObject(preset, facts) }),
      'node',
    ) as never;
    const withStatus = {
      ...(obj as object),
      status: nodeStatus(facts, host, clock.now(), clock.now(), clock.now()),
    };
    must(
      server.handle({ method: 'PUT', path: `/api/v1/nodes/${n.name}/status`, body: withStatus }),
      'node status',
    );
    must(
      server.handle({
        method: 'POST',
        path: '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases',
        body: nodeLease(obj, clock.now()),
      }),
      'lease',
    );
  });
  clock.settle();

  collectGarbage();
  const heap0 = process.memoryUsage().heapUsed;
  const kubelets = startKubelets({
    server,
    controllerClient: client,
    clock,
    rand: rand.fork(),
    nanoClock: new NanoClock(clock, rand.fork()),
    logs,
    preset,
  });
  for (let i = 0; i < PODS; i++) {
    const probe = { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10 };
    must(
      server.handle({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `web-${i}`, labels: { app: 'web' } },
          spec: {
            nodeName: preset.nodes[i % NODES]!.name,
            containers: [
              {
                name: 'hello-server',
                image: 'blux2/hello-server:2.3',
                livenessProbe: probe,
                readinessProbe: probe,
                resources: { requests: { cpu: '10m', memory: '32Mi' } },
              },
            ],
          },
        },
      }),
      'pod',
    );
  }
  clock.advance(10 * 60_000);
  const ready = server
    .list('pods', { namespace: 'default' })
    .filter((p) =>
      (p.status as { conditions?: { type: string; status: string }[] }).conditions?.some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    ).length;
  if (ready !== PODS) throw new Error(`only ${ready}/${PODS} pods are ready after 10 minutes`);
  collectGarbage();
  const heap1 = process.memoryUsage().heapUsed;

  const cpu0 = cpuMs();
  const wall0 = performance.now();
  clock.advance(HOUR);
  const wall = performance.now() - wall0;
  const cpu = cpuMs() - cpu0;
  const restarts = server
    .list('pods', { namespace: 'default' })
    .reduce(
      (n, p) =>
        n +
        ((p.status as { containerStatuses?: { restartCount: number }[] }).containerStatuses?.[0]
          ?.restartCount ?? 0),
      0,
    );
  if (restarts !== 0) throw new Error(`${restarts} restarts during the hour: the steady state is not steady`);
  void kubelets;
  return [
    {
      name: `1,000 pods × 100 nodes, liveness+readiness, 1 simulated hour`,
      value: cpu / 1000,
      unit: 's CPU',
      goal: '< 10 s',
      note: `wall ${(wall / 1000).toFixed(2)} s; ${(HOUR / wall).toFixed(0)}× real time; 720,000 probes`,
    },
    {
      name: 'memory per running pod (kubelet, runtime, status, informers)',
      value: (heap1 - heap0) / PODS / 1024,
      unit: 'KiB',
      note: 'heap growth from before the kubelets start to all pods ready, divided by the pods',
    },
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  void run().then((r) => console.log(r));
}
