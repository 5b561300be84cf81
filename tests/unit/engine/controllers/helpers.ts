/** Shared helpers for the controller tests: a bootstrapped cluster and terse REST calls. */
import type { KubeObject, OwnerReference } from '../../../../src/api/types';
import { createClusterInternals, type ClusterInternals } from '../../../../src/engine/cluster';

export interface TestCluster extends ClusterInternals {
  /** Send a request straight to the API server; throws on a non-2xx answer. */
  call<T = KubeObject>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): T;
  /** The object, or undefined when the API says NotFound. */
  find(path: string): KubeObject | undefined;
}

export function testCluster(opts: Parameters<typeof createClusterInternals>[0] = {}): TestCluster {
  const internals = createClusterInternals(opts);
  const call = <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
  ): T => {
    const res = internals.server.handle({
      method,
      path,
      body,
      headers: contentType ? { contentType } : undefined,
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return structuredClone(res.body) as T;
  };
  const find = (path: string): KubeObject | undefined => {
    const res = internals.server.handle({ method: 'GET', path });
    if (res.status === 404) return undefined;
    if (res.status >= 300) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as KubeObject;
  };
  return { ...internals, call, find };
}

export const ownerRef = (o: KubeObject, block = true): OwnerReference => ({
  apiVersion: o.apiVersion,
  kind: o.kind,
  name: o.metadata.name ?? '',
  uid: o.metadata.uid ?? '',
  controller: true,
  blockOwnerDeletion: block,
});

const template = {
  metadata: { labels: { app: 'web' } },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25.3' }] },
};

/** A pod's default terminationGracePeriodSeconds (30 s): by then its kubelet has removed it. */
export const POD_GRACE_MS = 30_000;

export function createNamespace(c: TestCluster, name: string): KubeObject {
  const ns = c.call('POST', '/api/v1/namespaces', {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
  c.cluster.settle();
  return ns;
}

/**
 * Deployment → ReplicaSet → 2 Pods, made by hand with ownerReferences, the way the Deployment and
 * ReplicaSet controllers would have made them (they find the chain complete and leave it alone).
 * In the full cluster the scheduler binds the pods and the kubelet runs them, so deleting a pod
 * is graceful: it gets a deletionTimestamp and goes once its kubelet has stopped the containers
 * (within the default grace period, POD_GRACE_MS).
 */
export function deploymentChain(c: TestCluster, ns: string, name = 'web') {
  const deploy = c.call('POST', `/apis/apps/v1/namespaces/${ns}/deployments`, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  const rs = c.call('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: `${name}-5d4f8b7c9`, labels: { app: 'web' }, ownerReferences: [ownerRef(deploy)] },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template },
  });
  const pods = ['x7k2p', 'q9zt4'].map((s) =>
    c.call('POST', `/api/v1/namespaces/${ns}/pods`, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${rs.metadata.name}-${s}`, labels: { app: 'web' }, ownerReferences: [ownerRef(rs)] },
      spec: template.spec,
    }),
  );
  c.cluster.settle();
  return { deploy, rs, pods };
}

export const names = (c: TestCluster, path: string): string[] =>
  (c.call<{ items: KubeObject[] }>('GET', path).items ?? []).map((o) => o.metadata.name ?? '');
