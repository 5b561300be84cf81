/**
 * The ReplicaSet controller against the simulated API server and scheduler, with a fake kubelet
 * that makes pods Running and Ready one second after they appear.
 */
import { describe, expect, it } from 'vitest';
import { activePods, createReplicaSet, isReady, workloadCluster } from './workload-helpers';

describe('ReplicaSet controller', () => {
  it('creates the missing pods, named <rs>-<5 chars>, owned by the ReplicaSet, and reports status', () => {
    const c = workloadCluster();
    const rs = createReplicaSet(c, 'web', 3);
    const pods = c.list('pods');
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.generateName).toBe('web-');
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(c.get(`/apis/apps/v1/namespaces/demo/replicasets/web`).status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
    c.advanceSeconds(2);
    expect(c.get(`/apis/apps/v1/namespaces/demo/replicasets/web`).status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
    expect(c.events('replicaset-controller')).toEqual(
      pods.map(() => expect.stringMatching(/^Normal SuccessfulCreate Created pod: web-\w{5}$/)),
    );
  });

  it('replaces a deleted pod', () => {
    const c = workloadCluster();
    createReplicaSet(c, 'web', 2);
    c.advanceSeconds(2);
    const victim = c.list('pods')[0]!.metadata.name;
    c.call('DELETE', `/api/v1/namespaces/demo/pods/${victim}`);
    c.advanceSeconds(1);
    const names = activePods(c).map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(victim);
  });

  it('scales down the pods that are least far along first (not ready before ready)', () => {
    const c = workloadCluster();
    createReplicaSet(c, 'web', 2);
    c.advanceSeconds(2); // two ready pods
    const ready = c.list('pods').map((p) => p.metadata.name);
    c.call(
      'PATCH',
      '/apis/apps/v1/namespaces/demo/replicasets/web',
      { spec: { replicas: 4 } },
      'application/merge-patch+json',
    );
    c.cluster.settle(); // two more, not ready yet
    c.call(
      'PATCH',
      '/apis/apps/v1/namespaces/demo/replicasets/web',
      { spec: { replicas: 2 } },
      'application/merge-patch+json',
    );
    c.cluster.settle();
    const left = activePods(c);
    expect(left.map((p) => p.metadata.name).sort()).toEqual([...ready].sort());
    expect(left.every(isReady)).toBe(true);
    expect(c.events('replicaset-controller').filter((e) => e.includes('SuccessfulDelete'))).toHaveLength(2);
  });

  it('adopts a matching orphan and releases a pod whose labels stop matching', () => {
    const c = workloadCluster();
    c.call('POST', '/api/v1/namespaces/demo/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stray', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    });
    const rs = createReplicaSet(c, 'web', 2);
    const stray = c.get('/api/v1/namespaces/demo/pods/stray');
    expect(stray.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);
    expect(c.list('pods')).toHaveLength(2); // the orphan counts: only one new pod
    // Relabel: the ReplicaSet lets it go and makes a replacement.
    c.call(
      'PATCH',
      '/api/v1/namespaces/demo/pods/stray',
      { metadata: { labels: { app: 'debug' } } },
      'application/merge-patch+json',
    );
    c.cluster.settle();
    expect(c.get('/api/v1/namespaces/demo/pods/stray').metadata.ownerReferences).toBeUndefined();
    expect(c.list('pods').filter((p) => p.metadata.labels.app === 'web')).toHaveLength(2);
  });

  it('creates pods in slow-start batches: one failing create, one FailedCreate event, a ReplicaFailure condition', () => {
    const c = workloadCluster();
    createReplicaSet(c, 'web', 5, { app: 'web' }, { serviceAccountName: 'nope' });
    expect(c.list('pods')).toHaveLength(0);
    const failed = c.events('replicaset-controller');
    expect(failed).toEqual([
      'Warning FailedCreate Error creating: pods "web-" is forbidden: error looking up service account demo/nope: serviceaccount "nope" not found',
    ]);
    const cond = c.get('/apis/apps/v1/namespaces/demo/replicasets/web').status.conditions;
    expect(cond).toEqual([
      {
        type: 'ReplicaFailure',
        status: 'True',
        lastTransitionTime: expect.any(String),
        reason: 'FailedCreate',
        message:
          'pods "web-" is forbidden: error looking up service account demo/nope: serviceaccount "nope" not found',
      },
    ]);
    // The retry after back-off fails the same way; once the account exists, the pods come.
    c.call('POST', '/api/v1/namespaces/demo/serviceaccounts', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'nope' },
    });
    c.advanceSeconds(3);
    expect(c.list('pods')).toHaveLength(5);
    expect(c.get('/apis/apps/v1/namespaces/demo/replicasets/web').status.conditions).toBeUndefined();
  });
});
