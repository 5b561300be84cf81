import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '../../../../src/api/changeset';
import type { KubeObject } from '../../../../src/api/types';
import { createNamespace, deploymentChain, names, POD_GRACE_MS, testCluster } from './helpers';

type Namespace = KubeObject & {
  spec?: { finalizers?: string[] };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; reason: string; message: string }[];
  };
};

describe('namespace controller', () => {
  it('empties a deleted namespace after 5 s, waits for its pods to terminate, then the namespace disappears', () => {
    const c = testCluster();
    createNamespace(c, 'dev');
    deploymentChain(c, 'dev');
    c.call('POST', '/api/v1/namespaces/dev/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'app' },
      data: { a: '1' },
    });
    c.cluster.settle();
    expect(c.find('/api/v1/namespaces/dev')!).toMatchObject({ spec: { finalizers: ['kubernetes'] } });

    const statuses: Namespace[] = [];
    c.cluster.onChange((changes) => {
      for (const e of changes as ChangeEntry[])
        if (e.op === 'updated' && e.to.kind === 'Namespace') statuses.push(e.to as Namespace);
    });

    c.call('DELETE', '/api/v1/namespaces/dev');
    c.cluster.settle();
    // Terminating, content untouched for the grace period
    const terminating = c.find('/api/v1/namespaces/dev') as Namespace;
    expect(terminating.status?.phase).toBe('Terminating');
    expect(terminating.metadata.deletionTimestamp).toBeDefined();
    c.cluster.advance(4999);
    expect(names(c, '/api/v1/namespaces/dev/configmaps').sort()).toEqual(['app', 'kube-root-ca.crt']);
    expect(names(c, '/api/v1/namespaces/dev/pods')).toHaveLength(2);

    c.cluster.advance(1);
    expect(names(c, '/api/v1/namespaces/dev/configmaps')).toEqual([]);
    expect(names(c, '/apis/apps/v1/namespaces/dev/deployments')).toEqual([]);
    expect(names(c, '/apis/apps/v1/namespaces/dev/replicasets')).toEqual([]);
    expect(names(c, '/api/v1/namespaces/dev/serviceaccounts')).toEqual([]);
    // the pods were scheduled onto a node: deleted gracefully, the namespace waits for them
    const pods = c.call<{ items: KubeObject[] }>('GET', '/api/v1/namespaces/dev/pods').items;
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p.metadata.deletionTimestamp).toBeDefined();
    const waiting = c.find('/api/v1/namespaces/dev') as Namespace;
    expect(waiting.status?.phase).toBe('Terminating');
    expect(waiting.status?.conditions?.find((x) => x.type === 'NamespaceContentRemaining')).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: pods. has 2 resource instances',
    });

    // the kubelet stops them within their grace period; the next pass finalizes the namespace
    c.cluster.advance(POD_GRACE_MS);
    expect(names(c, '/api/v1/namespaces/dev/pods')).toEqual([]);
    expect(c.find('/api/v1/namespaces/dev')).toBeUndefined();

    // the controller recorded its conditions (all "ok") before finalizing
    const last = statuses.filter((s) => (s.status?.conditions ?? []).length > 0).at(-1)!;
    expect(last.status!.conditions!.map((x) => [x.type, x.status, x.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'False', 'ContentRemoved'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentRemoved'],
    ]);
  });

  it('reports content held by finalizers and waits for it', () => {
    const c = testCluster();
    createNamespace(c, 'stuck');
    c.call('POST', '/api/v1/namespaces/stuck/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    c.cluster.settle();
    c.call('DELETE', '/api/v1/namespaces/stuck');
    c.cluster.advance(5000);

    const ns = c.find('/api/v1/namespaces/stuck') as Namespace;
    expect(ns.status?.phase).toBe('Terminating');
    const cond = Object.fromEntries((ns.status?.conditions ?? []).map((x) => [x.type, x]));
    expect(cond.NamespaceContentRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeResourcesRemain',
      message: 'Some resources are remaining: configmaps. has 1 resource instances',
    });
    expect(cond.NamespaceFinalizersRemaining).toMatchObject({
      status: 'True',
      reason: 'SomeFinalizerRemain',
      message: 'Some finalizers are remaining: example.com/hold in 1 resource instances',
    });
    expect(cond.NamespaceDeletionContentFailure).toMatchObject({ status: 'False', reason: 'ContentDeleted' });

    // still there a minute later
    c.cluster.advance(60_000);
    expect(c.find('/api/v1/namespaces/stuck')).toBeDefined();

    // release the finalizer: the next pass (≤ 15/2+1 s later) finalizes the namespace
    c.call(
      'PATCH',
      '/api/v1/namespaces/stuck/configmaps/held',
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    c.cluster.settle();
    c.cluster.advance(8000);
    expect(c.find('/api/v1/namespaces/stuck')).toBeUndefined();
  });

  it('waits for the pods grace period before insisting', () => {
    const c = testCluster();
    createNamespace(c, 'slow');
    // a pod bound to a node is deleted gracefully and stays until its kubelet confirms
    c.call('POST', '/api/v1/namespaces/slow/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'bound' },
      spec: {
        nodeName: 'kind-control-plane',
        terminationGracePeriodSeconds: 30,
        containers: [{ name: 'c', image: 'busybox' }],
      },
    });
    c.cluster.settle();
    c.call('DELETE', '/api/v1/namespaces/slow');
    c.cluster.advance(5000);
    const pod = c.find('/api/v1/namespaces/slow/pods/bound')!;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    const ns = c.find('/api/v1/namespaces/slow') as Namespace;
    expect(ns.status?.conditions?.find((x) => x.type === 'NamespaceContentRemaining')?.message).toBe(
      'Some resources are remaining: pods. has 1 resource instances',
    );
    // the "kubelet" confirms: the namespace goes on the next pass (30/2+1 = 16 s later)
    c.call('DELETE', '/api/v1/namespaces/slow/pods/bound', { gracePeriodSeconds: 0 });
    c.cluster.advance(16_000);
    expect(c.find('/api/v1/namespaces/slow')).toBeUndefined();
  });

  it('leaves namespaces that are not being deleted alone', () => {
    const c = testCluster();
    createNamespace(c, 'keep');
    c.cluster.advance(10 * 60_000);
    const ns = c.find('/api/v1/namespaces/keep') as Namespace;
    expect(ns.status?.phase).toBe('Active');
    expect(ns.status?.conditions).toBeUndefined();
  });
});
