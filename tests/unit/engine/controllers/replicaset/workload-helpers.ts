/** Terse helpers for the workload-controller tests. */
import { createNamespace, testCluster, type TestCluster } from '../helpers';
import { FakeKubelet, type FakeKubeletOptions } from './fake-kubelet';

/** An API object as the tests read it: any field, untyped (the API's JSON). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
export type Json = Record<string, any>;
export type Obj = Json;

export interface WorkloadCluster extends TestCluster {
  kubelet: FakeKubelet;
  ns: string;
  get<T = Obj>(path: string): T;
  list(resource: string): Obj[];
  events(component?: string): string[];
  advanceSeconds(s: number): void;
}

const PATHS: Record<string, string> = {
  pods: '/api/v1/namespaces/NS/pods',
  events: '/api/v1/namespaces/NS/events',
  replicasets: '/apis/apps/v1/namespaces/NS/replicasets',
  deployments: '/apis/apps/v1/namespaces/NS/deployments',
  jobs: '/apis/batch/v1/namespaces/NS/jobs',
  cronjobs: '/apis/batch/v1/namespaces/NS/cronjobs',
};

export function workloadCluster(kubelet: FakeKubeletOptions = {}, ns = 'demo'): WorkloadCluster {
  const c = testCluster();
  createNamespace(c, ns);
  const fk = new FakeKubelet(c, kubelet);
  const path = (resource: string) => PATHS[resource]!.replace('NS', ns);
  return {
    ...c,
    kubelet: fk,
    ns,
    get: <T>(p: string) => c.call<T>('GET', p),
    list: (resource) => c.call<{ items: Obj[] }>('GET', path(resource)).items,
    events: (component) =>
      c
        .call<{ items: Obj[] }>('GET', path('events'))
        .items.filter((e) => !component || e.source?.component === component)
        .sort((a, b) =>
          a.metadata.creationTimestamp! < b.metadata.creationTimestamp!
            ? -1
            : a.metadata.creationTimestamp! > b.metadata.creationTimestamp!
              ? 1
              : 0,
        )
        .map((e) => `${e.type} ${e.reason} ${e.message}`),
    advanceSeconds: (s) => {
      for (let i = 0; i < s; i++) c.cluster.advance(1000);
    },
  };
}

export const template = (
  labels: Record<string, string>,
  image = 'nginx:1.25.3',
  extra: Record<string, unknown> = {},
) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'web', image }], ...extra },
});

export function createReplicaSet(
  c: WorkloadCluster,
  name: string,
  replicas: number,
  labels = { app: name },
  extra = {},
) {
  const rs = c.call('POST', `/apis/apps/v1/namespaces/${c.ns}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: { replicas, selector: { matchLabels: labels }, template: template(labels, 'nginx:1.25.3', extra) },
  });
  c.cluster.settle();
  return rs;
}

export function createDeployment(
  c: WorkloadCluster,
  name: string,
  replicas: number,
  opts: {
    image?: string;
    strategy?: Record<string, unknown>;
    extraSpec?: Record<string, unknown>;
    podSpec?: Record<string, unknown>;
  } = {},
) {
  const d = c.call('POST', `/apis/apps/v1/namespaces/${c.ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: template({ app: name }, opts.image ?? 'nginx:1.24.0', opts.podSpec ?? {}),
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(opts.extraSpec ?? {}),
    },
  });
  c.cluster.settle();
  return d;
}

/** PATCH a Deployment (merge patch). */
export function patchDeployment(c: WorkloadCluster, name: string, patch: unknown) {
  c.call(
    'PATCH',
    `/apis/apps/v1/namespaces/${c.ns}/deployments/${name}`,
    patch,
    'application/merge-patch+json',
  );
  c.cluster.settle();
}

export function setImage(c: WorkloadCluster, name: string, image: string) {
  c.call(
    'PATCH',
    `/apis/apps/v1/namespaces/${c.ns}/deployments/${name}`,
    { spec: { template: { spec: { containers: [{ name: 'web', image }] } } } },
    'application/strategic-merge-patch+json',
  );
  c.cluster.settle();
}

/** Active (not terminating) pods, their ReplicaSet's name, and readiness. */
export function activePods(c: WorkloadCluster) {
  return c
    .list('pods')
    .filter((p) => !p.metadata.deletionTimestamp && !['Succeeded', 'Failed'].includes(p.status?.phase));
}

export const isReady = (p: Json): boolean =>
  (p.status?.conditions ?? []).some(
    (x: { type: string; status: string }) => x.type === 'Ready' && x.status === 'True',
  );

/** `name spec/status/available` for each ReplicaSet, oldest first. */
export function rsSummary(c: WorkloadCluster): string[] {
  return c
    .list('replicasets')
    .sort((a, b) => (a.metadata.creationTimestamp! < b.metadata.creationTimestamp! ? -1 : 1))
    .map(
      (r) =>
        `${r.spec.template.spec.containers[0].image} ${r.spec.replicas}/${r.status?.replicas ?? 0}/${r.status?.availableReplicas ?? 0}`,
    );
}
