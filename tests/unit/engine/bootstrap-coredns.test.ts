/**
 * The bootstrap writes CoreDNS's ReplicaSet with the pod-template-hash a real v1.32 cluster has
 * (`coredns-668d6bf9bc`), which our own hash of the template would not give. The running
 * Deployment controller must adopt it as the new ReplicaSet by template equality (upstream
 * FindNewReplicaSet / EqualIgnoreHash), never make a second one.
 */
import { describe, expect, it } from 'vitest';
import { createClusterInternals } from '../../../src/engine/cluster';

describe('bootstrap CoreDNS ReplicaSet', () => {
  it.each(['kind', 'multinode'] as const)('%s: stays the only ReplicaSet of coredns', (preset) => {
    const c = createClusterInternals({ preset });
    c.cluster.advance(15 * 60_000);
    const names = c.server
      .list('replicasets.apps', { namespace: 'kube-system' })
      .map((rs) => rs.metadata.name);
    expect(names).toEqual(['coredns-668d6bf9bc']);
    const pods = c.server
      .list('pods', { namespace: 'kube-system', labelSelector: 'k8s-app=kube-dns' })
      .map((p) => p.metadata.name);
    expect(pods).toHaveLength(2);
    for (const p of pods) expect(p).toMatch(/^coredns-668d6bf9bc-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});
