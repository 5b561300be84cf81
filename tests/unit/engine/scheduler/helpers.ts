/**
 * Helpers for the scheduler tests: pods and nodes as plain objects, NodeInfos for plugin tests,
 * a small API server + scheduler environment (no kind bootstrap), and a stand-in for the kubelet
 * that finishes graceful deletions (the real one lives in src/engine/kubelet).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../../src/api/types';
import { ApiServer } from '../../../../src/engine/api/server';
import { podAdmissionPlugins } from '../../../../src/engine/api/strategies/index';
import { inProcessControllerClient } from '../../../../src/engine/cluster';
import { SimClock } from '../../../../src/engine/clock';
import { NanoClock } from '../../../../src/engine/events';
import { Rand } from '../../../../src/engine/rand';
import { Snapshot } from '../../../../src/engine/scheduler/cache/cache';
import { NodeInfo, PodInfo } from '../../../../src/engine/scheduler/framework/node-info';
import type { Listers, PluginHandle } from '../../../../src/engine/scheduler/framework/handle';
import { createScheduler, type Scheduler } from '../../../../src/engine/scheduler/index';

let uid = 0;

export interface PodOpts {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  cpu?: string;
  memory?: string;
  image?: string;
  nodeName?: string;
  priority?: number;
  spec?: Partial<NonNullable<Pod['spec']>>;
  status?: Pod['status'];
  ownerReferences?: NonNullable<Pod['metadata']>['ownerReferences'];
}

/** A pod object (as the informer would deliver it). */
export function pod(o: PodOpts = {}): Pod {
  const requests: Record<string, string> = {};
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const p: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name ?? `p${++uid}`,
      namespace: o.namespace ?? 'default',
      uid: `uid-${o.name ?? uid}-${++uid}`,
      labels: o.labels,
      ownerReferences: o.ownerReferences,
    },
    spec: {
      containers: [
        {
          name: 'c',
          image: o.image ?? 'nginx:1.25.3',
          resources: Object.keys(requests).length ? { requests } : {},
        },
      ],
      nodeName: o.nodeName,
      priority: o.priority,
      ...o.spec,
    },
    status: o.status ?? { phase: 'Pending' },
  };
  return p;
}

export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: NonNullable<Node['spec']>['taints'];
  unschedulable?: boolean;
  images?: NonNullable<Node['status']>['images'];
}

export function node(name: string, o: NodeOpts = {}): Node {
  const capacity = { cpu: o.cpu ?? '4', memory: o.memory ?? '8Gi', pods: o.pods ?? '110' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-${name}`, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: { capacity, allocatable: { ...capacity }, images: o.images },
  };
}

/** A NodeInfo with the node and pods (bound to it). */
export function nodeInfo(n: Node, pods: Pod[] = []): NodeInfo {
  const ni = new NodeInfo(n.metadata!.name!);
  ni.setNode(n);
  for (const p of pods) ni.addPodInfo(new PodInfo({ ...p, spec: { ...p.spec!, nodeName: ni.name } }));
  return ni;
}

/** A plugin handle over a fixed snapshot (listers empty unless given). */
export function handleFor(nodes: NodeInfo[], listers: Partial<Listers> = {}): PluginHandle {
  const snapshot = Snapshot.of(nodes);
  return {
    snapshot: () => snapshot,
    framework: () => {
      throw new Error('no framework in plugin tests');
    },
    nominatedPodsForNode: () => [],
    listers: {
      pod: () => undefined,
      namespace: () => undefined,
      namespaces: () => [],
      services: () => [],
      replicaSet: () => undefined,
      statefulSet: () => undefined,
      replicationController: () => undefined,
      podDisruptionBudgets: () => [],
      ...listers,
    },
    client: undefined as never,
    recorder: undefined as never,
    rand: new Rand(1),
    clock: new SimClock(),
  };
}

// ---- an API server with the scheduler --------------------------------------------------------

export interface Env {
  server: ApiServer;
  clock: SimClock;
  scheduler: Scheduler;
  call<T = KubeObject>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): T;
  get(resource: string, ns: string | undefined, name: string): KubeObject | undefined;
  createNode(n: Node): void;
  createPod(p: Pod): KubeObject;
  /** Finish graceful deletions as a kubelet would, at once (call before settling). */
  fakeKubelet(): void;
  settle(): void;
}

export function newEnv(seed = 1): Env {
  const clock = new SimClock();
  const rand = new Rand(seed);
  const server = new ApiServer({ clock, rand: rand.fork() });
  for (const p of podAdmissionPlugins({ randomSuffix: (n) => rand.nameSuffix(n) }))
    server.admission.register(p);
  const client = inProcessControllerClient(server);
  const call = <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): T => {
    const res = server.handle({ method, path, body, headers: contentType ? { contentType } : undefined });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  for (const ns of ['default', 'kube-system', 'other']) {
    call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: { name: ns } },
    });
    call('POST', `/api/v1/namespaces/${ns}/serviceaccounts`, {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default' },
    });
  }
  const scheduler = createScheduler({
    server,
    client,
    clock,
    rand: rand.fork(),
    nanoClock: new NanoClock(clock, rand.fork()),
    hostname: 'kind-control-plane',
  });
  scheduler.run();
  clock.settle();
  let kubelet = false;
  const env: Env = {
    server,
    clock,
    scheduler,
    call,
    get: (resource, ns, name) => server.get(resource, ns, name),
    createNode: (n) => {
      call('POST', '/api/v1/nodes', n);
      clock.settle();
    },
    createPod: (p) => {
      const body = structuredClone(p) as Pod;
      delete (body.metadata as { uid?: string }).uid;
      delete (body as { status?: unknown }).status;
      return call('POST', `/api/v1/namespaces/${p.metadata!.namespace ?? 'default'}/pods`, body);
    },
    fakeKubelet: () => {
      if (kubelet) return;
      kubelet = true;
      server.watch({ method: 'GET', path: '/api/v1/pods', query: { watch: 'true' } }, (e) => {
        const o = e.object as KubeObject;
        if (e.type === 'MODIFIED' && o.metadata.deletionTimestamp) {
          server.handle({
            method: 'DELETE',
            path: `/api/v1/namespaces/${o.metadata.namespace}/pods/${o.metadata.name}`,
            body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
          });
        }
      });
    },
    settle: () => clock.settle(),
  };
  return env;
}

export const podOf = (env: Env, name: string, ns = 'default'): Pod | undefined =>
  env.get('pods', ns, name) as Pod | undefined;

/** The PodScheduled condition of a pod. */
export const scheduledCondition = (p: Pod | undefined) =>
  p?.status?.conditions?.find((c) => c.type === 'PodScheduled');

export const eventsFor = (env: Env, name: string, ns = 'default') =>
  env.server
    .list('events', { namespace: ns })
    .filter(
      (e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name,
    ) as (KubeObject & {
    reason: string;
    message: string;
    type: string;
    series?: { count: number };
  })[];
