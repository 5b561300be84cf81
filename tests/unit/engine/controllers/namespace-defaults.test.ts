import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { DESCRIPTION, DESCRIPTION_ANNOTATION } from '../../../../src/engine/controllers/rootcacert/publisher';
import { createNamespace, testCluster } from './helpers';

type ConfigMap = KubeObject & { data?: Record<string, string> };

describe('serviceaccount controller', () => {
  it('creates the default ServiceAccount in every namespace', () => {
    const c = testCluster();
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']) {
      expect(c.find(`/api/v1/namespaces/${ns}/serviceaccounts/default`), ns).toBeDefined();
    }
    c.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev' } });
    expect(c.find('/api/v1/namespaces/dev/serviceaccounts/default')).toBeUndefined();
    c.cluster.settle();
    const sa = c.find('/api/v1/namespaces/dev/serviceaccounts/default')!;
    expect(sa.metadata.creationTimestamp).toBe(c.find('/api/v1/namespaces/dev')!.metadata.creationTimestamp);
  });

  it('re-creates it when someone deletes it', () => {
    const c = testCluster();
    createNamespace(c, 'dev');
    const before = c.find('/api/v1/namespaces/dev/serviceaccounts/default')!;
    c.call('DELETE', '/api/v1/namespaces/dev/serviceaccounts/default');
    c.cluster.settle();
    const after = c.find('/api/v1/namespaces/dev/serviceaccounts/default')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
  });

  it('does not create anything in a terminating namespace', () => {
    const c = testCluster();
    createNamespace(c, 'dying');
    c.call('DELETE', '/api/v1/namespaces/dying/serviceaccounts/default');
    c.call('DELETE', '/api/v1/namespaces/dying');
    c.cluster.settle();
    expect(c.find('/api/v1/namespaces/dying/serviceaccounts/default')).toBeUndefined();
  });
});

describe('root CA certificate publisher', () => {
  it('publishes kube-root-ca.crt with the cluster CA in every namespace', () => {
    const c = testCluster();
    createNamespace(c, 'dev');
    for (const ns of ['default', 'kube-system', 'dev']) {
      const cm = c.find(`/api/v1/namespaces/${ns}/configmaps/kube-root-ca.crt`) as ConfigMap;
      expect(cm.data).toEqual({ 'ca.crt': c.caPem });
      expect(cm.metadata.annotations?.[DESCRIPTION_ANNOTATION]).toBe(DESCRIPTION);
    }
    expect(c.caPem).toMatch(
      /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/,
    );
  });

  it('restores edited content and re-creates a deleted ConfigMap', () => {
    const c = testCluster();
    createNamespace(c, 'dev');
    const path = '/api/v1/namespaces/dev/configmaps/kube-root-ca.crt';
    c.call('PATCH', path, { data: { 'ca.crt': 'tampered', extra: 'x' } }, 'application/merge-patch+json');
    c.cluster.settle();
    expect((c.find(path) as ConfigMap).data).toEqual({ 'ca.crt': c.caPem });

    const uid = c.find(path)!.metadata.uid;
    c.call('DELETE', path);
    c.cluster.settle();
    const again = c.find(path) as ConfigMap;
    expect(again.metadata.uid).not.toBe(uid);
    expect(again.data).toEqual({ 'ca.crt': c.caPem });
  });
});
