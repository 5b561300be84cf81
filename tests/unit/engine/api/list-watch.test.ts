import { describe, expect, it } from 'vitest';
import type { KubeList, KubeObject, Status } from '../../../../src/api/types';
import { cm, harness, pod } from './helpers';

describe('list', () => {
  it('returns a <Kind>List in key order, items without apiVersion/kind', () => {
    const h = harness();
    h.ns('b');
    h.ns('a');
    h.ok('POST', '/api/v1/namespaces/b/configmaps', cm('x'));
    h.ok('POST', '/api/v1/namespaces/a/configmaps', cm('z'));
    h.ok('POST', '/api/v1/namespaces/a/configmaps', cm('y'));
    const list = h.ok<KubeList>('GET', '/api/v1/configmaps');
    expect(list.kind).toBe('ConfigMapList');
    expect(list.apiVersion).toBe('v1');
    expect(list.metadata.resourceVersion).toBe(h.server.resourceVersion());
    expect(list.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual([
      'a/y',
      'a/z',
      'b/x',
    ]);
    expect(list.items[0]).not.toHaveProperty('kind');
    expect(list.items[0]).not.toHaveProperty('apiVersion');
    const inA = h.ok<KubeList>('GET', '/api/v1/namespaces/a/configmaps');
    expect(inA.items.map((i) => i.metadata.name)).toEqual(['y', 'z']);
  });

  it('filters by label selector and field selector', () => {
    const h = harness();
    h.ns('dev');
    h.ok(
      'POST',
      '/api/v1/namespaces/dev/pods',
      pod('web-1', { app: 'web', tier: 'fe' }, { nodeName: 'node-a' }),
    );
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('web-2', { app: 'web' }, { nodeName: 'node-b' }));
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('db', { app: 'db' }));
    const names = (q: string): string[] =>
      h.ok<KubeList>('GET', `/api/v1/namespaces/dev/pods?${q}`).items.map((i) => i.metadata.name!);
    expect(names('labelSelector=app%3Dweb')).toEqual(['web-1', 'web-2']);
    expect(names('labelSelector=app%20in%20(db)')).toEqual(['db']);
    expect(names('labelSelector=!tier')).toEqual(['db', 'web-2']);
    expect(names('fieldSelector=spec.nodeName%3Dnode-a')).toEqual(['web-1']);
    expect(names('fieldSelector=spec.nodeName%3D')).toEqual(['db']);
    expect(names('fieldSelector=metadata.name!%3Ddb,status.phase%3DPending')).toEqual(['web-1', 'web-2']);
    expect(names('fieldSelector=spec.host%3Dnode-b')).toEqual(['web-2']);
  });

  it('rejects bad selectors with the apiserver messages', () => {
    const h = harness();
    expect(h.fail('GET', '/api/v1/pods?fieldSelector=spec.foo%3Dx')).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'field label not supported: spec.foo',
    });
    expect(h.fail('GET', '/api/v1/configmaps?fieldSelector=data.x%3Dy').message).toBe(
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
    expect(h.fail('GET', '/apis/batch/v1/jobs?fieldSelector=spec.x%3Dy').message).toBe(
      'field label "spec.x" not supported for Job',
    );
    expect(h.fail('GET', '/api/v1/nodes?fieldSelector=metadata.namespace%3Dx').message).toBe(
      'field label not supported: metadata.namespace',
    );
    expect(h.fail('GET', '/api/v1/pods?labelSelector=x%2C%2Cy')).toMatchObject({
      code: 400,
      message: "found ',', expected: identifier after ','",
    });
  });

  it('pages with limit and continue', () => {
    const h = harness();
    h.ns('dev');
    for (const n of ['a', 'b', 'c', 'd', 'e']) h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm(n));
    const p1 = h.ok<KubeList>('GET', '/api/v1/namespaces/dev/configmaps?limit=2');
    expect(p1.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(p1.metadata.remainingItemCount).toBe(3);
    expect(JSON.parse(atob(p1.metadata.continue!))).toEqual({
      v: 'meta.k8s.io/v1',
      rv: 6,
      start: 'dev/b\u0000',
    });
    const p2 = h.ok<KubeList>(
      'GET',
      `/api/v1/namespaces/dev/configmaps?limit=2&continue=${encodeURIComponent(p1.metadata.continue!)}`,
    );
    expect(p2.items.map((i) => i.metadata.name)).toEqual(['c', 'd']);
    const p3 = h.ok<KubeList>(
      'GET',
      `/api/v1/namespaces/dev/configmaps?limit=2&continue=${encodeURIComponent(p2.metadata.continue!)}`,
    );
    expect(p3.items.map((i) => i.metadata.name)).toEqual(['e']);
    expect(p3.metadata.continue).toBeUndefined();
    expect(p3.metadata.resourceVersion).toBe('6');
  });

  it('accepts the query string inside the path too', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a', {}, { labels: { k: 'v' } }));
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('b'));
    const res = h.server.handle({
      method: 'GET',
      path: '/api/v1/namespaces/dev/configmaps?labelSelector=k%3Dv',
    });
    expect((res.body as KubeList).items.map((i) => i.metadata.name)).toEqual(['a']);
  });

  it('fast paths: get, list with selectors, count', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('a', { app: 'web' }));
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('b', { app: 'db' }));
    expect(h.server.get('po', 'dev', 'a')?.metadata.name).toBe('a');
    expect(h.server.list('pods', { labelSelector: 'app=db' }).map((o) => o.metadata.name)).toEqual(['b']);
    expect(h.server.count('pods', 'dev')).toBe(2);
    expect(h.server.count('namespaces')).toBe(1);
  });
});

describe('watch', () => {
  it('delivers asynchronously, never inside the write', () => {
    const h = harness();
    h.ns('dev');
    const w = h.watch('/api/v1/namespaces/dev/configmaps', { resourceVersion: h.server.resourceVersion() });
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    expect(w.events).toHaveLength(0);
    h.clock.settle();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED']);
    expect((w.events[0]!.object as KubeObject).metadata.name).toBe('a');
  });

  it('sends the current objects as ADDED when no resourceVersion is given', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('b'));
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    const w = h.watch('/api/v1/namespaces/dev/configmaps');
    h.clock.settle();
    expect(w.events.map((e) => `${e.type} ${(e.object as KubeObject).metadata.name}`)).toEqual([
      'ADDED a',
      'ADDED b',
    ]);
  });

  it('resumes after a resourceVersion with every later change', () => {
    const h = harness();
    h.ns('dev');
    const a = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    h.ok('PUT', '/api/v1/namespaces/dev/configmaps/a', { ...a, data: { x: '1' } });
    h.ok('DELETE', '/api/v1/namespaces/dev/configmaps/a');
    const w = h.watch('/api/v1/namespaces/dev/configmaps', { resourceVersion: a.metadata.resourceVersion! });
    h.clock.settle();
    expect(w.events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    const del = w.events[1]!.object as KubeObject;
    expect(del.metadata.resourceVersion).toBe(h.server.resourceVersion());
  });

  it('turns selector membership changes into ADDED / DELETED, as the watch cache does', () => {
    const h = harness();
    h.ns('dev');
    const w = h.watch('/api/v1/namespaces/dev/configmaps', {
      labelSelector: 'app=web',
      resourceVersion: '1',
    });
    const a = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a', {}, { labels: { app: 'db' } }));
    const b = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/a', {
      ...a,
      metadata: { ...a.metadata, labels: { app: 'web' } },
    });
    const c = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/a', { ...b, data: { v: '2' } });
    const d = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/a', {
      ...c,
      metadata: { ...c.metadata, labels: { app: 'db' } },
    });
    h.clock.settle();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    const left = w.events[2]!.object as KubeObject;
    // The previous content (still labelled app=web), at the new resourceVersion.
    expect(left.metadata.labels).toEqual({ app: 'web' });
    expect(left.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('filters by namespace and by name (fieldSelector or a named path)', () => {
    const h = harness();
    h.ns('a');
    h.ns('b');
    const byName = h.watch('/api/v1/configmaps', { fieldSelector: 'metadata.name=x', resourceVersion: '2' });
    const inB = h.watch('/api/v1/namespaces/b/configmaps', { resourceVersion: '2' });
    const named = h.watch('/api/v1/namespaces/a/configmaps/x', { resourceVersion: '2' });
    h.ok('POST', '/api/v1/namespaces/a/configmaps', cm('x'));
    h.ok('POST', '/api/v1/namespaces/b/configmaps', cm('x'));
    h.ok('POST', '/api/v1/namespaces/b/configmaps', cm('y'));
    h.clock.settle();
    const ids = (events: typeof byName.events): string[] =>
      events.map(
        (e) => `${(e.object as KubeObject).metadata.namespace}/${(e.object as KubeObject).metadata.name}`,
      );
    expect(ids(byName.events)).toEqual(['a/x', 'b/x']);
    expect(ids(inB.events)).toEqual(['b/x', 'b/y']);
    expect(ids(named.events)).toEqual(['a/x']);
  });

  it('stops delivering after stop()', () => {
    const h = harness();
    h.ns('dev');
    const w = h.watch('/api/v1/namespaces/dev/configmaps', { resourceVersion: '1' });
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    w.stop();
    h.clock.settle();
    expect(w.events).toHaveLength(0);
  });

  it('a handler that writes does not re-enter: its events come in a later delivery', () => {
    const h = harness();
    h.ns('dev');
    const seen: string[] = [];
    const res = h.server.watch(
      {
        method: 'GET',
        path: '/api/v1/namespaces/dev/configmaps',
        query: { watch: 'true', resourceVersion: '1' },
      },
      (e) => {
        const name = (e.object as KubeObject).metadata.name!;
        seen.push(`${e.type} ${name}`);
        if (name === 'a') {
          h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('b'));
          seen.push('wrote b');
        }
      },
    );
    expect(res.ok).toBe(true);
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    h.clock.settle();
    expect(seen).toEqual(['ADDED a', 'wrote b', 'ADDED b']);
  });

  it('answers a too-old resourceVersion with a 410 Expired ERROR event', () => {
    const h = harness({ watchHistory: 2 });
    h.ns('dev');
    for (const n of ['a', 'b', 'c', 'd']) h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm(n));
    const w = h.watch('/api/v1/namespaces/dev/configmaps', { resourceVersion: '2' });
    h.clock.settle();
    expect(w.events).toHaveLength(1);
    expect(w.events[0]!.type).toBe('ERROR');
    expect(w.events[0]!.object as Status).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: 'too old resource version: 2 (4)',
    });
  });

  it('refuses a watch with a bad selector', () => {
    const h = harness();
    const res = h.server.watch(
      { method: 'GET', path: '/api/v1/pods', query: { watch: 'true', fieldSelector: 'spec.nope=1' } },
      () => {},
    );
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.response.status).toBe(400);
  });
});
