import { describe, expect, it } from 'vitest';
import type { APIResourceList, KubeObject, Table } from '../../../../src/api/types';
import { cm, deployment, harness } from './helpers';

const SMP = { headers: { contentType: 'application/strategic-merge-patch+json' } };
const MERGE = { headers: { contentType: 'application/merge-patch+json' } };
const JSONP = { headers: { contentType: 'application/json-patch+json' } };

describe('patch', () => {
  it('dispatches on the content type', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1', b: '2' }));
    const merged = h.ok(
      'PATCH',
      '/api/v1/namespaces/dev/configmaps/app',
      { data: { a: null, c: '3' } },
      MERGE,
    );
    expect(merged.data).toEqual({ b: '2', c: '3' });
    const json = h.ok(
      'PATCH',
      '/api/v1/namespaces/dev/configmaps/app',
      [{ op: 'replace', path: '/data/b', value: 'x' }],
      JSONP,
    );
    expect(json.data).toEqual({ b: 'x', c: '3' });
    const smp = h.ok(
      'PATCH',
      '/api/v1/namespaces/dev/configmaps/app',
      { metadata: { labels: { l: 'v' } } },
      SMP,
    );
    expect(smp.metadata.labels).toEqual({ l: 'v' });
  });

  it('merges container lists by name with a strategic merge patch', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('web'));
    const p = h.ok(
      'PATCH',
      '/apis/apps/v1/namespaces/dev/deployments/web',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } } },
      SMP,
    );
    const containers = (p.spec as { template: { spec: { containers: { name: string; image: string }[] } } })
      .template.spec.containers;
    expect(containers).toEqual([{ name: 'c', image: 'nginx:1.25' }]);
    expect(p.metadata.generation).toBe(2);
  });

  it('a failing JSON patch is a 422 with the generic message', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    const s = h.fail(
      'PATCH',
      '/api/v1/namespaces/dev/configmaps/app',
      [{ op: 'test', path: '/data/x', value: 'y' }],
      JSONP,
    );
    expect(s).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
    });
  });

  it('honours resourceVersion in the patch, 404s on a missing object, 415s on a bad type', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    expect(
      h.fail('PATCH', '/api/v1/namespaces/dev/configmaps/app', { metadata: { resourceVersion: '1' } }, MERGE)
        .code,
    ).toBe(409);
    expect(h.fail('PATCH', '/api/v1/namespaces/dev/configmaps/nope', { data: {} }, MERGE).message).toBe(
      'configmaps "nope" not found',
    );
    expect(
      h.fail(
        'PATCH',
        '/api/v1/namespaces/dev/configmaps/app',
        {},
        { headers: { contentType: 'text/plain' } },
      ),
    ).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
    });
  });

  it('patches status through the status subresource only', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('web'));
    const p = h.ok(
      'PATCH',
      '/apis/apps/v1/namespaces/dev/deployments/web/status',
      { status: { replicas: 1 }, spec: { replicas: 9 } },
      MERGE,
    );
    expect(p.status).toEqual({ replicas: 1 });
    expect((p.spec as { replicas: number }).replicas).toBe(1);
  });
});

describe('discovery', () => {
  it('/version is v1.32.2', () => {
    const h = harness();
    expect(h.ok('GET', '/version')).toMatchObject({
      major: '1',
      minor: '32',
      gitVersion: 'v1.32.2',
      platform: 'linux/amd64',
    });
  });

  it('/api and /api/v1 list the core resources with subresources, sorted', () => {
    const h = harness();
    expect(h.ok('GET', '/api')).toMatchObject({ kind: 'APIVersions', versions: ['v1'] });
    const v1 = h.ok<APIResourceList>('GET', '/api/v1');
    expect(v1.kind).toBe('APIResourceList');
    expect(v1.groupVersion).toBe('v1');
    const names = v1.resources.map((r) => r.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('pods/status');
    expect(names).toContain('pods/log');
    expect(names).toContain('namespaces/finalize');
    const pods = v1.resources.find((r) => r.name === 'pods')!;
    expect(pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(v1.resources.find((r) => r.name === 'pods/eviction')).toEqual({
      name: 'pods/eviction',
      singularName: '',
      namespaced: true,
      group: 'policy',
      version: 'v1',
      kind: 'Eviction',
      verbs: ['create'],
    });
  });

  it('/apis lists groups in aggregator order; autoscaling prefers v2', () => {
    const h = harness();
    const groups = h.ok<{ groups: { name: string }[] }>('GET', '/apis').groups.map((g) => g.name);
    expect(groups).toEqual([
      'apps',
      'autoscaling',
      'batch',
      'policy',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
    ]);
    expect(h.ok('GET', '/apis/autoscaling')).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'autoscaling',
      versions: [
        { groupVersion: 'autoscaling/v2', version: 'v2' },
        { groupVersion: 'autoscaling/v1', version: 'v1' },
      ],
      preferredVersion: { groupVersion: 'autoscaling/v2', version: 'v2' },
    });
    const apps = h.ok<APIResourceList>('GET', '/apis/apps/v1');
    expect(apps.resources.find((r) => r.name === 'deployments/scale')).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
    });
    expect(h.fail('GET', '/apis/nosuch.io').code).toBe(404);
  });

  it('serves aggregated discovery when asked for it', () => {
    const h = harness();
    const res = h.req('GET', '/apis', undefined, {
      headers: {
        accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
      },
    });
    expect(res.contentType).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    const body = res.body as {
      kind: string;
      items: {
        metadata: { name: string };
        versions: { version: string; resources: { resource: string }[] }[];
      }[];
    };
    expect(body.kind).toBe('APIGroupDiscoveryList');
    const apps = body.items.find((i) => i.metadata.name === 'apps')!;
    expect(apps.versions[0]!.resources.map((r) => r.resource)).toEqual([
      'daemonsets',
      'deployments',
      'replicasets',
    ]);
  });

  it('answers the OpenAPI v3 index', () => {
    const h = harness();
    const res = h.req('GET', '/openapi/v3');
    expect(res.status).toBe(200);
  });
});

describe('tables', () => {
  it('answers as=Table with the printer columns and PartialObjectMetadata rows', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1' }));
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const t = h.ok<Table>('GET', '/api/v1/namespaces/dev/configmaps', undefined, { headers: { accept } });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.metadata.resourceVersion).toBe(h.server.resourceVersion());
    expect(t.columnDefinitions[0]).toMatchObject({ name: 'Name', type: 'string', format: 'name' });
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0]!.cells[0]).toBe('app');
    expect(t.rows[0]!.object).toMatchObject({
      kind: 'PartialObjectMetadata',
      apiVersion: 'meta.k8s.io/v1',
      metadata: { name: 'app' },
    });
    const one = h.ok<Table>('GET', '/api/v1/namespaces/dev/configmaps/app', undefined, {
      headers: { accept },
    });
    expect(one.rows).toHaveLength(1);
  });

  it('a Table watch sends headers on the first event only', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    const w = h.watch(
      '/api/v1/namespaces/dev/configmaps',
      {},
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' },
    );
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('b'));
    h.clock.settle();
    expect(w.events).toHaveLength(2);
    const [t1, t2] = w.events.map((e) => e.object as Table);
    expect(t1!.kind).toBe('Table');
    expect(t1!.columnDefinitions.length).toBeGreaterThan(0);
    expect(t2!.columnDefinitions).toEqual([]);
    expect(t2!.rows[0]!.cells[0]).toBe('b');
  });
});

describe('versions and subresources', () => {
  it('serves HorizontalPodAutoscalers in autoscaling/v1 through conversion', () => {
    const h = harness();
    h.ns('dev');
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 50,
      },
    };
    const created = h.ok('POST', '/apis/autoscaling/v1/namespaces/dev/horizontalpodautoscalers', v1);
    expect(created.apiVersion).toBe('autoscaling/v1');
    expect(created.spec).toMatchObject({ targetCPUUtilizationPercentage: 50, maxReplicas: 3 });
    const stored = h.ok('GET', '/apis/autoscaling/v2/namespaces/dev/horizontalpodautoscalers/web');
    expect(stored.apiVersion).toBe('autoscaling/v2');
    expect((stored.spec as { metrics: unknown[] }).metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
      },
    ]);
    const list = h.ok<{ apiVersion: string; kind: string; items: KubeObject[] }>(
      'GET',
      '/apis/autoscaling/v1/namespaces/dev/horizontalpodautoscalers',
    );
    expect(list.apiVersion).toBe('autoscaling/v1');
    expect(list.kind).toBe('HorizontalPodAutoscalerList');
    expect(list.items[0]!.spec).toMatchObject({ targetCPUUtilizationPercentage: 50 });
    expect(list.items[0]).not.toHaveProperty('apiVersion');
  });

  it('says clearly what is not simulated', () => {
    const h = harness();
    h.ns('dev');
    const obj: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    };
    h.ok('POST', '/api/v1/namespaces/dev/pods', obj);
    expect(h.fail('GET', '/api/v1/namespaces/dev/pods/p/log')).toMatchObject({
      code: 405,
      message: 'pods/log is not simulated in Breakfix',
    });
  });

  it('serves a registered subresource handler', () => {
    const h = harness();
    h.ns('dev');
    h.server.registerSubresource('pods', 'log', (r) => ({
      status: 200,
      body: `logs of ${r.name}`,
      contentType: 'text/plain',
    }));
    expect(h.req('GET', '/api/v1/namespaces/dev/pods/p/log').body).toBe('logs of p');
  });
});
