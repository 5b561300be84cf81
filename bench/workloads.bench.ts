/**
 * Workload-controller benchmarks (issue 4): a whole cluster (API server, kube-controller-manager,
 * scheduler, one kubelet per node) rolling out big Deployments.
 *
 *  (a) a Deployment of 1,000 replicas on 50 nodes: apply → every pod Ready.
 *      Goal ≤ 0.5 s wall, ≤ 30 MB peak heap growth.
 *  (b) 10,000 replicas on 1,000 worker nodes: apply → every pod Running and Ready, then a rolling
 *      update (new image) → the rollout complete. Goal < 5 s wall each. A cluster this size gets
 *      the large cluster CIDR (docs/CLUSTERS.md: node /24s from 10.128.0.0/11).
 *
 * The cluster is bootstrapped before measuring. Simulated time advances in 250 ms steps, as the
 * UI's clock would; what is measured is the wall time (and the CPU time, in the note) of
 * everything the simulation does meanwhile: the Deployment and ReplicaSet controllers, the
 * scheduler, the kubelets' pod lifecycles, the status writes, the events and the informers.
 * Peak heap is sampled after every step (heap in use minus the heap before the apply; with
 * `node --expose-gc` the baseline is taken after a full collection).
 *
 *   npm run bench -- workloads          # or: npx tsx bench/workloads.bench.ts
 *   BENCH_WORKLOADS=a npx tsx bench/workloads.bench.ts     # only (a); `b` for only (b)
 */
import type { KubeObject } from '../src/api/types';
import { createClusterInternals, type ClusterInternals } from '../src/engine/cluster';
import { customPreset } from '../src/engine/presets';
import type { BenchResult } from './types';

type Deployment = KubeObject & {
  spec: { replicas: number };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
  };
};

const STEP_MS = 250;
/** Workers of benchmark (b) (BENCH_WORKLOADS_NODES overrides, e.g. for a quicker profile). */
const BIG_WORKERS = Number(process.env.BENCH_WORKLOADS_NODES ?? 1000);
/** Replicas of benchmark (b) (BENCH_WORKLOADS_REPLICAS overrides). */
const BIG_REPLICAS = Number(process.env.BENCH_WORKLOADS_REPLICAS ?? 10_000);
/** Which benchmarks to run: `a`, `b` or both (default). */
const ONLY = process.env.BENCH_WORKLOADS ?? 'ab';

function cluster(nodes: number): ClusterInternals {
  // nodes workers plus the control plane, whose NoSchedule taint keeps pods off it; pods: 110
  // per node as kind's kubelet allows.
  const c = createClusterInternals({
    seed: 1,
    preset: customPreset({ nodes: nodes + 1, cpu: '16', memory: '64Gi' }),
  });
  c.cluster.advance(5_000);
  return c;
}

function call(
  c: ClusterInternals,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  contentType?: string,
): void {
  const res = c.server.handle({ method, path, body, headers: contentType ? { contentType } : undefined });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(res.body)}`);
}

const deployment = (c: ClusterInternals): Deployment =>
  c.server.get('deployments', 'default', 'web') as unknown as Deployment;

/** The rollout is complete: DeploymentComplete plus every pod Ready. */
function done(c: ClusterInternals): boolean {
  const d = deployment(c);
  const s = d.status ?? {};
  return (
    (s.observedGeneration ?? 0) >= (d.metadata.generation ?? 0) &&
    s.updatedReplicas === d.spec.replicas &&
    s.replicas === d.spec.replicas &&
    s.readyReplicas === d.spec.replicas &&
    s.availableReplicas === d.spec.replicas
  );
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Measured {
  wall: number;
  cpu: number;
  peakHeapMB: number;
  simulatedSeconds: number;
  /** Set when the wall-time budget ran out first: how far the rollout got. */
  unfinished?: string;
}

/**
 * Wall-time budget of one measurement (BENCH_WORKLOADS_BUDGET_S, default 300 s): past it the
 * measurement stops and reports how far the rollout got, so that a slow part of the simulation
 * shows up as a number instead of a benchmark that never ends.
 */
const BUDGET_MS = Number(process.env.BENCH_WORKLOADS_BUDGET_S ?? 300) * 1000;

/** Run `start`, then step simulated time until the rollout is complete. */
function measure(c: ClusterInternals, start: () => void, limitSimulatedMs = 3_600_000): Measured {
  (globalThis as { gc?: () => void }).gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  let peak = heap0;
  const sim0 = c.clock.now();
  const c0 = cpuSeconds();
  const w0 = performance.now();
  let unfinished: string | undefined;
  start();
  c.cluster.settle();
  while (!done(c)) {
    if (c.clock.now() - sim0 > limitSimulatedMs)
      throw new Error(`rollout not complete: ${JSON.stringify(deployment(c).status)}`);
    if (performance.now() - w0 > BUDGET_MS) {
      const s = deployment(c).status ?? {};
      unfinished = `stopped after ${(BUDGET_MS / 1000).toFixed(0)} s wall: ${s.updatedReplicas ?? 0} updated, ${s.readyReplicas ?? 0} ready of ${deployment(c).spec.replicas}`;
      break;
    }
    c.cluster.advance(STEP_MS);
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
  }
  return {
    wall: (performance.now() - w0) / 1000,
    cpu: cpuSeconds() - c0,
    peakHeapMB: (peak - heap0) / 2 ** 20,
    simulatedSeconds: (c.clock.now() - sim0) / 1000,
    unfinished,
  };
}

function createDeployment(c: ClusterInternals, replicas: number): void {
  call(c, 'POST', '/apis/apps/v1/namespaces/default/deployments', {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          containers: [
            {
              name: 'nginx',
              image: 'nginx:1.24.0',
              resources: { requests: { cpu: '10m', memory: '16Mi' } },
            },
          ],
        },
      },
    },
  });
}

function setImage(c: ClusterInternals, image: string): void {
  call(
    c,
    'PATCH',
    '/apis/apps/v1/namespaces/default/deployments/web',
    { spec: { template: { spec: { containers: [{ name: 'nginx', image }] } } } },
    'application/strategic-merge-patch+json',
  );
}

const note = (m: Measured): string =>
  `${m.unfinished ? `NOT FINISHED (${m.unfinished}); ` : ''}cpu ${m.cpu.toFixed(2)} s, ${m.simulatedSeconds.toFixed(0)} simulated s, peak heap +${m.peakHeapMB.toFixed(1)} MB`;

const standalone = process.argv[1]?.endsWith('workloads.bench.ts') ?? false;

const format = (r: BenchResult): string =>
  `${r.name}: ${r.value.toFixed(2)} ${r.unit}${r.goal ? ` (goal ${r.goal})` : ''}${r.note ? ` — ${r.note}` : ''}\n`;

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // Run alone (`npx tsx bench/workloads.bench.ts`), each result is printed as soon as it is known.
  const report = (...rs: BenchResult[]): void => {
    results.push(...rs);
    if (standalone) for (const r of rs) process.stdout.write(format(r));
  };

  if (ONLY.includes('a')) {
    const small = cluster(50);
    const a = measure(small, () => createDeployment(small, 1_000));
    report(
      {
        name: '1,000 replicas on 50 nodes: apply → all Ready',
        value: a.wall,
        unit: 's wall',
        goal: '≤ 0.5 s',
        note: note(a),
      },
      {
        name: '1,000 replicas on 50 nodes: peak heap growth',
        value: a.peakHeapMB,
        unit: 'MB',
        goal: '≤ 30 MB',
      },
    );
  }
  if (!ONLY.includes('b')) return results;

  const big = cluster(BIG_WORKERS);
  const b1 = measure(big, () => createDeployment(big, BIG_REPLICAS));
  const bigName = `${BIG_REPLICAS.toLocaleString('en-US')} replicas on ${BIG_WORKERS.toLocaleString('en-US')} nodes`;
  report({
    name: `${bigName}: apply → all Running and Ready`,
    value: b1.wall,
    unit: 's wall',
    goal: '< 5 s',
    note: note(b1),
  });
  if (b1.unfinished) return results; // no rolling update from an unfinished rollout
  const b2 = measure(big, () => setImage(big, 'nginx:1.25.3'));
  report({
    name: `${bigName}: rolling update → complete`,
    value: b2.wall,
    unit: 's wall',
    goal: '< 5 s',
    note: note(b2),
  });
  return results;
}

if (standalone) void run();
