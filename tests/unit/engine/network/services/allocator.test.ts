import { describe, expect, it } from 'vitest';
import {
  clusterIPRangeOffset,
  nodePortRangeOffset,
  OffsetBitmap,
} from '../../../../../src/engine/network/services/allocator';
import { Rand } from '../../../../../src/engine/rand';
import { create, networkCluster, service } from './helpers';

describe('allocation bands (KEP-3070, KEP-3668)', () => {
  it('reserves 256 static addresses of a /16 and 86 static NodePorts', () => {
    expect(clusterIPRangeOffset(65534)).toBe(256);
    expect(nodePortRangeOffset(2768)).toBe(86);
  });

  it('hands out the upper band first, the static band only when it is full', () => {
    const b = new OffsetBitmap(20, 16, new Rand(1));
    const got = [0, 1, 2, 3].map(() => b.allocateNext('x')!);
    expect(got.every((i) => i >= 16)).toBe(true);
    expect(b.allocateNext('x')).toBeLessThan(16);
  });
});

describe('ServiceAllocator in the API server', () => {
  it('allocates a ClusterIP from 10.96.0.0/16 outside the static band, and a NodePort', () => {
    const c = networkCluster();
    const a = create(c, service('a', { app: 'a' }, 80, 8080));
    const ip = (a.body.spec as { clusterIP: string }).clusterIP;
    expect(ip).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(Number(ip.split('.')[2])).toBeGreaterThanOrEqual(1);
    const np = create(c, service('np', { app: 'a' }, 80, 8080, { type: 'NodePort' }));
    const port = (np.body.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
    expect(port).toBeGreaterThanOrEqual(30086);
    expect(port).toBeLessThanOrEqual(32767);
  });

  it('refuses a NodePort or ClusterIP that is taken, with the apiserver messages', () => {
    const c = networkCluster();
    expect(
      create(
        c,
        service('one', { app: 'a' }, 80, 8080, { type: 'NodePort', ports: [{ port: 80, nodePort: 30599 }] }),
      ).status,
    ).toBe(201);
    const dup = create(
      c,
      service('two', { app: 'a' }, 80, 8080, { type: 'NodePort', ports: [{ port: 80, nodePort: 30599 }] }),
    );
    expect(dup.status).toBe(422);
    expect((dup.body as { message?: string }).message).toBe(
      'Service "two" is invalid: spec.ports[0].nodePort: Invalid value: 30599: provided port is already allocated',
    );
    const ipDup = create(c, service('dns2', { app: 'a' }, 53, 53, { clusterIP: '10.96.0.10' }));
    expect((ipDup.body as { message?: string }).message).toBe(
      'Service "dns2" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    const out = create(c, service('far', { app: 'a' }, 53, 53, { clusterIP: '10.0.0.5' }));
    expect((out.body as { message?: string }).message).toBe(
      'Service "far" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/16',
    );
  });

  it('releases what a failed create reserved and what a deleted Service held', () => {
    const c = networkCluster();
    // a dry run allocates but keeps nothing
    const dry = c.controllerClient.request({
      method: 'POST',
      path: '/api/v1/namespaces/default/services',
      query: { dryRun: 'All' },
      body: service('d', { app: 'a' }, 80, 80, { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }),
    });
    expect(dry.status).toBe(201);
    c.clock.settle();
    expect(
      create(
        c,
        service('real', { app: 'a' }, 80, 80, { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }),
      ).status,
    ).toBe(201);
    c.controllerClient.request({ method: 'DELETE', path: '/api/v1/namespaces/default/services/real' });
    c.clock.settle();
    expect(
      create(
        c,
        service('again', { app: 'a' }, 80, 80, { type: 'NodePort', ports: [{ port: 80, nodePort: 30100 }] }),
      ).status,
    ).toBe(201);
  });

  it('drops the NodePorts when a NodePort Service becomes ClusterIP', () => {
    const c = networkCluster();
    const np = create(c, service('t', { app: 'a' }, 80, 80, { type: 'NodePort' })).body;
    const upd = structuredClone(np) as unknown as { spec: Record<string, unknown> };
    upd.spec.type = 'ClusterIP';
    const res = c.controllerClient.request({
      method: 'PUT',
      path: '/api/v1/namespaces/default/services/t',
      body: upd,
    });
    expect(res.status).toBe(200);
    expect(
      (res.body as { spec: { ports: { nodePort?: number }[] } }).spec.ports[0]!.nodePort,
    ).toBeUndefined();
  });
});
