import { describe, expect, it } from 'vitest';
import type { ChangeSet } from '../../../../src/api/changeset';
import type { KubeObject, WatchEvent } from '../../../../src/api/types';
import { createLocalClient } from '../../../../src/engine/api/client';
import { ApiServer } from '../../../../src/engine/api/server';
import { SimClock } from '../../../../src/engine/clock';
import { Rand } from '../../../../src/engine/rand';
import { cm, harness, pod } from './helpers';

describe('local client', () => {
  it('resolves after zero-delay work has run, with a copy of the body', async () => {
    const clock = new SimClock();
    const server = new ApiServer({ clock, rand: new Rand(1), strategies: {} });
    const client = createLocalClient(server, clock);
    const events: WatchEvent[] = [];
    const w = await client.watch(
      { method: 'GET', path: '/api/v1/namespaces', query: { watch: 'true' } },
      (e) => events.push(e),
    );
    expect(w.ok).toBe(true);
    const res = await client.request({
      method: 'POST',
      path: '/api/v1/namespaces',
      body: { metadata: { name: 'dev' } },
    });
    expect(res.status).toBe(201);
    expect(events.map((e) => e.type)).toEqual(['ADDED']);
    // The body is the client's own copy.
    (res.body as KubeObject).metadata.name = 'changed';
    expect(server.get('namespaces', undefined, 'dev')?.metadata.name).toBe('dev');
    const refused = await client.watch(
      { method: 'GET', path: '/api/v1/nosuch', query: { watch: 'true' } },
      () => {},
    );
    expect(refused.ok).toBe(false);
  });

  it('never throws: a failing strategy becomes a 500 and the store stays as it was', async () => {
    const clock = new SimClock();
    const server = new ApiServer({
      clock,
      rand: new Rand(1),
      strategies: {
        '/ConfigMap': {
          validate() {
            throw new Error('kaboom');
          },
        },
      },
    });
    const client = createLocalClient(server, clock);
    await client.request({ method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'dev' } } });
    const rv = server.resourceVersion();
    const res = await client.request({
      method: 'POST',
      path: '/api/v1/namespaces/dev/configmaps',
      body: cm('x'),
    });
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({
      kind: 'Status',
      reason: 'InternalError',
      code: 500,
      message: 'Internal error occurred: kaboom',
    });
    expect(server.resourceVersion()).toBe(rv);
    expect(server.count('configmaps')).toBe(0);
  });
});

describe('ChangeSet', () => {
  it('every write is one entry, delivered in batches after the writes', () => {
    const h = harness();
    const batches: ChangeSet[] = [];
    h.server.onChange((c) => batches.push(c));
    h.ns('dev');
    h.clock.advance(1000);
    const a = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    h.ok('PUT', '/api/v1/namespaces/dev/configmaps/a', { ...a, data: { x: '1' } });
    h.ok('DELETE', '/api/v1/namespaces/dev/configmaps/a');
    expect(batches.length).toBe(1); // the namespace, flushed by advance()
    h.clock.settle();
    expect(batches.length).toBe(2);
    const entries = batches[1]!;
    expect(entries.map((e) => e.op)).toEqual(['added', 'updated', 'removed']);
    expect(entries.map((e) => e.resourceVersion)).toEqual(['2', '3', '4']);
    expect(entries.every((e) => e.time === Date.UTC(2026, 0, 1, 0, 0, 1))).toBe(true);
    const upd = entries[1]!;
    if (upd.op !== 'updated') throw new Error('expected update');
    expect(upd.from.data).toEqual({});
    expect(upd.to.data).toEqual({ x: '1' });
  });
});

describe('performance', () => {
  it('lists 10k pods by label selector quickly and creates fast', () => {
    const h = harness();
    h.ns('dev');
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) {
      h.server.handle({
        method: 'POST',
        path: '/api/v1/namespaces/dev/pods',
        body: pod(`p-${i}`, { app: i % 100 === 0 ? 'rare' : 'common' }),
      });
    }
    const createMs = performance.now() - t0;
    h.server.list('pods', { namespace: 'dev' }); // warm the sorted-key cache
    const t1 = performance.now();
    const res = h.server.handle({
      method: 'GET',
      path: '/api/v1/namespaces/dev/pods',
      query: { labelSelector: 'app=rare' },
    });
    const listMs = performance.now() - t1;
    expect((res.body as { items: unknown[] }).items).toHaveLength(100);
    // Generous bounds (shared CI machine); the benchmarks track the real numbers.
    expect(listMs).toBeLessThan(50);
    expect(createMs).toBeLessThan(10_000);
  });
});
