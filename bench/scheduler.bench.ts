/**
 * Scheduler benchmarks (issue 5): the scheduler_perf workloads of kube-scheduler
 * (test/integration/scheduler_perf/config/performance-config.yaml), run against the simulated
 * API server with the real scheduler: informers, queue, the default profile, bindings through
 * `POST pods/<name>/binding`, events, and the decision record kept for recent attempts.
 *
 * Each workload creates its nodes and init pods and lets them schedule (not measured), then
 * creates the measured pods through the API (not measured: that is the test client's work, done
 * concurrently by scheduler_perf's client) and settles the clock until every one is bound. What
 * is measured is everything the scheduler does meanwhile: informer events, the scheduling
 * cycles, bindings, FailedScheduling/Scheduled events, status patches, preemption, and the
 * decision record.
 *
 * Time is the process's CPU time (user + system), not wall time: the benchmarks run on a machine
 * shared with other jobs, where wall time mostly measures the neighbours. Each workload runs three
 * times on a fresh cluster and the best run is reported (neighbours only ever slow a run down);
 * the median and the wall-clock figure are in the note.
 *
 *   npm run bench -- scheduler          # or: npx tsx bench/scheduler.bench.ts
 */
import { ApiServer } from '../src/engine/api/server';
import { podAdmissionPlugins } from '../src/engine/api/strategies/index';
import { inProcessControllerClient } from '../src/engine/cluster';
import { SimClock } from '../src/engine/clock';
import { NanoClock } from '../src/engine/events';
import { Rand } from '../src/engine/rand';
import { createScheduler } from '../src/engine/scheduler/index';
import type { Scheduler } from '../src/engine/scheduler/index';
import type { BenchResult } from './types';

type Json = Record<string, unknown>;

interface Env {
  server: ApiServer;
  clock: SimClock;
  scheduler: Scheduler;
}

function newEnv(seed = 1): Env {
  const clock = new SimClock();
  const rand = new Rand(seed);
  const server = new ApiServer({ clock, rand: rand.fork() });
  for (const p of podAdmissionPlugins({ randomSuffix: (n) => rand.nameSuffix(n) }))
    server.admission.register(p);
  const client = inProcessControllerClient(server);
  for (const ns of ['default', 'sched-perf'])
    server.handle({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
  for (const ns of ['default', 'sched-perf'])
    server.handle({
      method: 'POST',
      path: `/api/v1/namespaces/${ns}/serviceaccounts`,
      body: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default' } },
    });
  const scheduler = createScheduler({
    server,
    client,
    clock,
    rand: rand.fork(),
    nanoClock: new NanoClock(clock, rand.fork()),
  });
  scheduler.run();
  clock.settle();
  return { server, clock, scheduler };
}

function must(res: { status: number; body: unknown }, what: string): void {
  if (res.status >= 300) throw new Error(`${what}: ${JSON.stringify(res.body)}`);
}

/** config/templates/node-default.yaml: 4 CPU, 32Gi, 110 pods. */
function createNodes(env: Env, n: number, labels: (i: number) => Record<string, string> = () => ({})): void {
  for (let i = 0; i < n; i++) {
    const name = `scheduler-perf-${i}`;
    must(
      env.server.handle({
        method: 'POST',
        path: '/api/v1/nodes',
        body: {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, labels: { 'kubernetes.io/hostname': name, ...labels(i) } },
          spec: {},
          status: {
            capacity: { pods: '110', cpu: '4', memory: '32Gi' },
            allocatable: { pods: '110', cpu: '4', memory: '32Gi' },
            conditions: [{ type: 'Ready', status: 'True' }],
            phase: 'Running',
          },
        },
      }),
      'create node',
    );
  }
  env.clock.settle();
}

/** config/templates/pod-default.yaml: pause, 100m / 500Mi. */
const podDefault = (): Json => ({
  containers: [
    {
      name: 'pause',
      image: 'registry.k8s.io/pause:3.10',
      ports: [{ containerPort: 80 }],
      resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } },
    },
  ],
});

let podSeq = 0;
function createPods(
  env: Env,
  n: number,
  spec: () => Json,
  labels: Record<string, string> = {},
  extraSpec: Json = {},
): void {
  for (let i = 0; i < n; i++) {
    must(
      env.server.handle({
        method: 'POST',
        path: '/api/v1/namespaces/sched-perf/pods',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `pod-${++podSeq}`, labels },
          spec: { ...spec(), ...extraSpec },
        },
      }),
      'create pod',
    );
  }
}

function countUnbound(env: Env): number {
  let n = 0;
  for (const p of env.server.list('pods', { namespace: 'sched-perf' }))
    if (!(p.spec as { nodeName?: string }).nodeName && !p.metadata.deletionTimestamp) n++;
  return n;
}

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

interface Measured {
  cpu: number;
  wall: number;
}

/** Create `n` pods, then settle until all are bound; pods/s over the scheduling phase. */
function measure(
  env: Env,
  n: number,
  spec: () => Json,
  labels: Record<string, string> = {},
  extraSpec: Json = {},
): Measured {
  createPods(env, n, spec, labels, extraSpec);
  const c0 = cpuSeconds();
  const w0 = performance.now();
  env.clock.settle();
  // Preemption: victims are deleted (grace 0 here), preemptors retry after their back-off.
  let guard = 0;
  while (countUnbound(env) > 0 && guard++ < 200) env.clock.advance(1000);
  const cpu = cpuSeconds() - c0;
  const wall = (performance.now() - w0) / 1000;
  const left = countUnbound(env);
  if (left > 0) throw new Error(`${left} pods left unscheduled`);
  return { cpu: n / cpu, wall: n / wall };
}

const antiAffinity = (): Json => ({
  ...podDefault(),
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { color: 'green' } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
});

const topologySpreading = (): Json => ({
  ...podDefault(),
  topologySpreadConstraints: [
    {
      maxSkew: 5,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { color: 'blue' } },
    },
  ],
});

const nodeAffinity = (): Json => ({
  ...podDefault(),
  affinity: {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [
          {
            matchExpressions: [
              { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['zone1', 'zone2'] },
            ],
          },
        ],
      },
    },
  },
});

function priorityClass(env: Env, name: string, value: number): void {
  must(
    env.server.handle({
      method: 'POST',
      path: '/apis/scheduling.k8s.io/v1/priorityclasses',
      body: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value },
    }),
    'create priorityclass',
  );
}

interface Workload {
  name: string;
  goal?: string;
  /** Independent runs (fresh cluster each); the best is reported (default 3). */
  trials?: number;
  run(): Measured;
}

interface Trials {
  best: Measured;
  median: number;
  all: number[];
}

/**
 * Run a workload `trials` times. On a machine shared with other jobs, neighbours only ever make
 * a run slower, so the best run is the closest to what the code costs; the median is noted.
 */
function runTrials(w: Workload): Trials {
  const runs: Measured[] = [];
  for (let i = 0; i < (w.trials ?? 3); i++) runs.push(w.run());
  const sorted = runs.map((r) => r.cpu).sort((a, b) => a - b);
  const best = runs.reduce((a, b) => (b.cpu > a.cpu ? b : a));
  return { best, median: sorted[Math.floor(sorted.length / 2)]!, all: runs.map((r) => r.cpu) };
}

const workloads: Workload[] = [
  {
    name: 'SchedulingBasic/500Nodes_1000Pods',
    run() {
      const env = newEnv();
      createNodes(env, 500);
      createPods(env, 500, podDefault);
      env.clock.settle();
      return measure(env, 1000, podDefault);
    },
  },
  {
    name: 'SchedulingBasic/5000Nodes_10000Pods',
    goal: '≥ 5000 pods/s',
    run() {
      const env = newEnv();
      createNodes(env, 5000);
      createPods(env, 1000, podDefault);
      env.clock.settle();
      return measure(env, 10000, podDefault);
    },
  },
  {
    name: 'SchedulingPodAntiAffinity/500Nodes',
    goal: '≥ 1000 pods/s',
    run() {
      const env = newEnv();
      createNodes(env, 500);
      createPods(env, 100, antiAffinity, { color: 'green' });
      env.clock.settle();
      return measure(env, 400, antiAffinity, { color: 'green' });
    },
  },
  {
    name: 'TopologySpreading/500Nodes',
    run() {
      const env = newEnv();
      createNodes(env, 500, (i) => ({
        'topology.kubernetes.io/zone': ['moon-1', 'moon-2', 'moon-3'][i % 3]!,
      }));
      createPods(env, 1000, podDefault);
      env.clock.settle();
      return measure(env, 1000, topologySpreading, { color: 'blue' });
    },
  },
  {
    name: 'SchedulingNodeAffinity/500Nodes',
    run() {
      const env = newEnv();
      createNodes(env, 500, () => ({ 'topology.kubernetes.io/zone': 'zone1' }));
      createPods(env, 500, nodeAffinity);
      env.clock.settle();
      return measure(env, 1000, nodeAffinity);
    },
  },
  {
    name: 'PreemptionBasic/500Nodes',
    run() {
      const env = newEnv();
      priorityClass(env, 'low-priority', 10);
      priorityClass(env, 'high-priority', 1000);
      createNodes(env, 500);
      // Low-priority pods fill the nodes (4 × 900m of 4 CPU); terminationGracePeriodSeconds 0 so
      // that victims leave at once, as there are no kubelets (scheduler_perf does the same).
      const low = (): Json => ({
        containers: [
          {
            name: 'pause',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '900m', memory: '500Mi' } },
          },
        ],
        priorityClassName: 'low-priority',
        terminationGracePeriodSeconds: 0,
      });
      createPods(env, 2000, low);
      env.clock.settle();
      const high = (): Json => ({
        containers: [
          {
            name: 'pause',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '900m', memory: '500Mi' } },
          },
        ],
        priorityClassName: 'high-priority',
      });
      return measure(env, 500, high);
    },
  },
];

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const w of workloads) {
    const t = runTrials(w);
    results.push({
      name: `scheduler/${w.name}`,
      value: t.best.cpu,
      unit: 'pods/s',
      goal: w.goal,
      note: `best of ${t.all.length} runs, per CPU second of the process (median ${t.median.toFixed(0)}); ${t.best.wall.toFixed(0)} pods/s wall clock`,
    });
  }
  return results;
}

// `npx tsx bench/scheduler.bench.ts [filter]`: run directly.
if (process.argv[1]?.endsWith('scheduler.bench.ts')) {
  const filter = process.argv[2];
  for (const w of workloads) {
    if (filter && !w.name.includes(filter)) continue;
    const t = runTrials(w);
    process.stdout.write(
      `${w.name}: ${t.best.cpu.toFixed(0)} pods/s per CPU second, best of ${t.all.length} (${t.all.map((v) => v.toFixed(0)).join(', ')}; ${t.best.wall.toFixed(0)} wall)${w.goal ? ` (goal ${w.goal})` : ''}\n`,
    );
  }
}
