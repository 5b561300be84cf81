/** LoadBalancer Services: `<pending>` on plain kind; addresses from a pool when the preset has a controller. */
import { describe, expect, it } from 'vitest';
import { createClusterInternals } from '../../../../../src/engine/cluster';
import { poolAddresses } from '../../../../../src/engine/network/services/loadbalancer';
import { kindPreset, loadPreset } from '../../../../../src/engine/presets';
import { advance, create, get, networkCluster, service } from './helpers';

const ingress = (o: unknown): string[] =>
  (
    (o as { status?: { loadBalancer?: { ingress?: { ip?: string }[] } } }).status?.loadBalancer?.ingress ?? []
  ).map((i) => i.ip ?? '');

function lbCluster(addresses: string[]) {
  return createClusterInternals({
    seed: 1,
    preset: { ...kindPreset(), loadBalancer: { addresses } },
    kubelet: { profile: 'fast' },
  });
}

describe('load-balancer controller', () => {
  it('is off by default: the Service keeps an empty status (EXTERNAL-IP <pending>)', () => {
    const c = networkCluster();
    create(c, service('lb', { app: 'x' }, 80, 8080, { type: 'LoadBalancer' }));
    advance(c, 60_000);
    expect(ingress(get(c, 'Service', 'default', 'lb'))).toEqual([]);
  });

  it('assigns the lowest free address, queues Services when the pool is empty, and reuses freed ones', () => {
    const c = lbCluster(['172.18.255.200-172.18.255.201']);
    for (const n of ['a', 'b', 'c']) create(c, service(n, { app: n }, 80, 8080, { type: 'LoadBalancer' }));
    advance(c, 1_000);
    expect(ingress(get(c, 'Service', 'default', 'a'))).toEqual(['172.18.255.200']);
    expect(ingress(get(c, 'Service', 'default', 'b'))).toEqual(['172.18.255.201']);
    expect(ingress(get(c, 'Service', 'default', 'c'))).toEqual([]);
    // a ClusterIP Service is none of its business
    create(c, service('plain', { app: 'p' }, 80, 8080));
    advance(c, 1_000);
    expect(ingress(get(c, 'Service', 'default', 'plain'))).toEqual([]);
    c.controllerClient.request({ method: 'DELETE', path: '/api/v1/namespaces/default/services/a' });
    advance(c, 1_000);
    expect(ingress(get(c, 'Service', 'default', 'c'))).toEqual(['172.18.255.200']);
  });

  it('honours spec.loadBalancerIP inside the pool and refuses one outside it', () => {
    const c = lbCluster(['172.18.255.200-172.18.255.210']);
    create(
      c,
      service('want', { app: 'w' }, 80, 8080, { type: 'LoadBalancer', loadBalancerIP: '172.18.255.205' }),
    );
    create(c, service('out', { app: 'o' }, 80, 8080, { type: 'LoadBalancer', loadBalancerIP: '10.0.0.1' }));
    advance(c, 1_000);
    expect(ingress(get(c, 'Service', 'default', 'want'))).toEqual(['172.18.255.205']);
    expect(ingress(get(c, 'Service', 'default', 'out'))).toEqual([]);
  });

  it('parses pools and the cluster file field', () => {
    expect(poolAddresses({ addresses: ['172.18.255.254-172.18.255.255'] })).toEqual([
      '172.18.255.254',
      '172.18.255.255',
    ]);
    expect(poolAddresses({ addresses: ['10.0.0.0/31', '10.0.1.7'] })).toEqual([
      '10.0.0.0',
      '10.0.0.1',
      '10.0.1.7',
    ]);
    const base = 'kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\n';
    expect(
      loadPreset(`${base}loadBalancer:\n  addresses: [172.18.255.200-172.18.255.250]\n`).loadBalancer,
    ).toEqual({
      addresses: ['172.18.255.200-172.18.255.250'],
    });
    expect(loadPreset(`${base}loadBalancer: {}\n`).loadBalancer).toEqual({
      addresses: ['172.18.255.200-172.18.255.250'],
    });
    expect(() => loadPreset(`${base}loadBalancer:\n  protocol: bgp\n`)).toThrow(
      'cluster file: loadBalancer.protocol is not simulated in Breakfix',
    );
    expect(loadPreset(base).loadBalancer).toBeUndefined();
  });
});
