import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '../../../../src/api/changeset';
import type { KubeObject } from '../../../../src/api/types';
import {
  createNamespace,
  deploymentChain,
  names,
  ownerRef,
  POD_GRACE_MS,
  testCluster,
  type TestCluster,
} from './helpers';

/** Record removals (kind/name) in the order the API server performed them. */
function recordRemovals(c: TestCluster, ns: string): string[] {
  const removed: string[] = [];
  c.cluster.onChange((changes) => {
    for (const e of changes as ChangeEntry[]) {
      if (e.op === 'removed' && e.object.metadata.namespace === ns && e.object.kind !== 'Event') {
        removed.push(`${e.object.kind}/${e.object.metadata.name}`);
      }
    }
  });
  return removed;
}

const DEPLOY = (ns: string, name = 'web') => `/apis/apps/v1/namespaces/${ns}/deployments/${name}`;

describe('garbage collector', () => {
  it('background: deleting the Deployment removes it at once, then its ReplicaSet, then the pods', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs } = deploymentChain(c, 'demo');
    const removed = recordRemovals(c, 'demo');

    c.call('DELETE', DEPLOY('demo'), { propagationPolicy: 'Background' });
    expect(c.find(DEPLOY('demo'))).toBeUndefined();
    // the dependents are still there until the collector runs
    expect(names(c, '/apis/apps/v1/namespaces/demo/replicasets')).toEqual([rs.metadata.name]);
    c.cluster.settle();

    expect(names(c, '/apis/apps/v1/namespaces/demo/replicasets')).toEqual([]);
    // the running pods are deleted gracefully: marked now, removed once their kubelet stopped them
    const terminating = c.call<{ items: KubeObject[] }>('GET', '/api/v1/namespaces/demo/pods').items;
    expect(terminating).toHaveLength(2);
    for (const p of terminating) expect(p.metadata.deletionTimestamp).toBeDefined();
    c.cluster.advance(POD_GRACE_MS);
    expect(names(c, '/api/v1/namespaces/demo/pods')).toEqual([]);
    expect(removed[0]).toBe('Deployment/web');
    expect(removed[1]).toBe(`ReplicaSet/${rs.metadata.name}`);
    expect(removed.slice(2).sort()).toEqual([
      `Pod/${rs.metadata.name}-q9zt4`,
      `Pod/${rs.metadata.name}-x7k2p`,
    ]);
  });

  it('a DELETE without a propagation policy cascades in the background for apps/v1', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    deploymentChain(c, 'demo');
    c.call('DELETE', DEPLOY('demo'));
    c.cluster.settle();
    c.cluster.advance(POD_GRACE_MS);
    expect(names(c, '/apis/apps/v1/namespaces/demo/replicasets')).toEqual([]);
    expect(names(c, '/api/v1/namespaces/demo/pods')).toEqual([]);
  });

  it('foreground: the owner waits with foregroundDeletion until its dependents are gone', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs } = deploymentChain(c, 'demo');
    const removed = recordRemovals(c, 'demo');

    c.call('DELETE', DEPLOY('demo'), { propagationPolicy: 'Foreground' });
    const marked = c.find(DEPLOY('demo'))!;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.cluster.settle();
    // the pods terminate gracefully; until they are gone the whole chain waits
    expect(c.find(DEPLOY('demo'))!.metadata.finalizers).toEqual(['foregroundDeletion']);
    c.cluster.advance(POD_GRACE_MS);

    expect(c.find(DEPLOY('demo'))).toBeUndefined();
    expect(names(c, '/apis/apps/v1/namespaces/demo/replicasets')).toEqual([]);
    expect(names(c, '/api/v1/namespaces/demo/pods')).toEqual([]);
    // bottom-up: pods first, then the ReplicaSet (itself deleted in the foreground), then the Deployment
    expect(removed.slice(0, 2).every((r) => r.startsWith('Pod/'))).toBe(true);
    expect(removed.slice(2)).toEqual([`ReplicaSet/${rs.metadata.name}`, 'Deployment/web']);
  });

  it('foreground: a blocking dependent held by a finalizer keeps the whole chain waiting', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs, pods } = deploymentChain(c, 'demo');
    const held = pods[0]!;
    c.call(
      'PATCH',
      `/api/v1/namespaces/demo/pods/${held.metadata.name}`,
      { metadata: { finalizers: ['example.com/hold'] } },
      'application/merge-patch+json',
    );
    c.cluster.settle();

    c.call('DELETE', DEPLOY('demo'), { propagationPolicy: 'Foreground' });
    c.cluster.settle();
    c.cluster.advance(60_000);

    const rsNow = c.find(`/apis/apps/v1/namespaces/demo/replicasets/${rs.metadata.name}`)!;
    expect(rsNow.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(c.find(DEPLOY('demo'))!.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(names(c, '/api/v1/namespaces/demo/pods')).toEqual([held.metadata.name]);

    // release the pod: everything goes
    c.call(
      'PATCH',
      `/api/v1/namespaces/demo/pods/${held.metadata.name}`,
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    c.cluster.settle();
    expect(names(c, '/api/v1/namespaces/demo/pods')).toEqual([]);
    expect(names(c, '/apis/apps/v1/namespaces/demo/replicasets')).toEqual([]);
    expect(c.find(DEPLOY('demo'))).toBeUndefined();
  });

  it('foreground: dependents with blockOwnerDeletion false do not hold the owner', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs } = deploymentChain(c, 'demo');
    // A ConfigMap, not a Pod: the ReplicaSet controller would release (orphan) a pod that claims
    // it as controller without matching its selector, before the collector ever saw it.
    const loose = c.call('POST', '/api/v1/namespaces/demo/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'loose', finalizers: ['example.com/hold'], ownerReferences: [ownerRef(rs, false)] },
    });
    c.cluster.settle();
    c.call('DELETE', `/apis/apps/v1/namespaces/demo/replicasets/${rs.metadata.name}`, {
      propagationPolicy: 'Foreground',
    });
    c.cluster.settle();
    // the blocking dependents (the pods) terminate gracefully
    // (the Deployment, still there, makes a new ReplicaSet with new pods meanwhile)
    c.cluster.advance(POD_GRACE_MS);
    const ownPods = names(c, '/api/v1/namespaces/demo/pods').filter((n) =>
      n.startsWith(`${rs.metadata.name}-`),
    );
    expect(ownPods).toEqual([]);
    expect(c.find(`/apis/apps/v1/namespaces/demo/replicasets/${rs.metadata.name}`)).toBeUndefined();
    // the non-blocking dependent was deleted too, but its own finalizer keeps it around
    const held = c.find(`/api/v1/namespaces/demo/configmaps/${loose.metadata.name}`)!;
    expect(held.metadata.deletionTimestamp).toBeDefined();
  });

  it('orphan: dependents lose their ownerReference and survive', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs } = deploymentChain(c, 'demo');

    c.call('DELETE', DEPLOY('demo'), { propagationPolicy: 'Orphan' });
    expect(c.find(DEPLOY('demo'))!.metadata.finalizers).toEqual(['orphan']);
    c.cluster.settle();

    expect(c.find(DEPLOY('demo'))).toBeUndefined();
    const orphaned = c.find(`/apis/apps/v1/namespaces/demo/replicasets/${rs.metadata.name}`)!;
    expect(orphaned.metadata.ownerReferences).toBeUndefined();
    expect(orphaned.metadata.deletionTimestamp).toBeUndefined();
    // grandchildren keep their owner (the ReplicaSet still exists)
    const pods = c.call<{ items: KubeObject[] }>('GET', '/api/v1/namespaces/demo/pods').items;
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
  });

  it('deletes an object whose owner does not exist (uid mismatch counts as absent)', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { rs } = deploymentChain(c, 'demo');
    c.call('POST', '/api/v1/namespaces/demo/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'stale',
        // right name, wrong uid: an owner from a previous life
        ownerReferences: [{ ...ownerRef(rs), uid: '00000000-0000-4000-8000-000000000000' }],
      },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
    });
    c.call('POST', '/api/v1/namespaces/demo/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'ghost-child',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '11111111-1111-4111-8111-111111111111' },
        ],
      },
    });
    c.cluster.settle();
    // the pod was scheduled and started, so its deletion is graceful
    expect(c.find('/api/v1/namespaces/demo/pods/stale')?.metadata.deletionTimestamp).toBeDefined();
    c.cluster.advance(POD_GRACE_MS);
    expect(c.find('/api/v1/namespaces/demo/pods/stale')).toBeUndefined();
    expect(c.find('/api/v1/namespaces/demo/configmaps/ghost-child')).toBeUndefined();
    // the real owner's own dependents are untouched
    expect(names(c, '/api/v1/namespaces/demo/pods')).toHaveLength(2);
  });

  it('keeps an object with one live owner and removes only the dangling reference', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const owner = c.call('POST', '/api/v1/namespaces/demo/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner' },
    });
    c.call('POST', '/api/v1/namespaces/demo/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'child',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid },
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', uid: '22222222-2222-4222-8222-222222222222' },
        ],
      },
    });
    c.cluster.settle();
    const child = c.find('/api/v1/namespaces/demo/configmaps/child')!;
    expect(child.metadata.ownerReferences?.map((r) => r.name)).toEqual(['owner']);
  });

  it('an owner in another namespace is invalid: the dependent is deleted with a warning event', () => {
    const c = testCluster();
    createNamespace(c, 'a');
    createNamespace(c, 'b');
    const owner = c.call('POST', '/api/v1/namespaces/a/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'owner' },
    });
    c.cluster.settle();
    c.call('POST', '/api/v1/namespaces/b/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'child',
        ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }],
      },
    });
    c.cluster.settle();
    expect(c.find('/api/v1/namespaces/b/configmaps/child')).toBeUndefined();
    const events = c.call<{ items: (KubeObject & { reason: string; message: string; type: string })[] }>(
      'GET',
      '/api/v1/namespaces/b/events',
    ).items;
    const warning = events.find((e) => e.reason === 'OwnerRefInvalidNamespace');
    expect(warning?.type).toBe('Warning');
    expect(warning?.message).toBe(
      `ownerRef [v1/ConfigMap, namespace: b, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "b"`,
    );
  });

  it('tracks every owner relation in its graph', () => {
    const c = testCluster();
    createNamespace(c, 'demo');
    const { deploy, rs, pods } = deploymentChain(c, 'demo');
    const gc = c.controllerManager.controllers.get('garbage-collector') as unknown as {
      graphNodes(): ReadonlyMap<string, { dependents: Set<{ identity: { uid: string } }> }>;
    };
    const graph = gc.graphNodes();
    const deps = (uid: string | undefined) =>
      [...(graph.get(uid ?? '')?.dependents ?? [])].map((d) => d.identity.uid).sort();
    expect(deps(deploy.metadata.uid)).toEqual([rs.metadata.uid]);
    expect(deps(rs.metadata.uid)).toEqual(pods.map((p) => p.metadata.uid).sort());
  });
});
