import { describe, expect, it } from 'vitest';
import { NAME_ALPHABET } from '../../../../src/engine/rand';
import type { KubeObject } from '../../../../src/api/types';
import { cm, deployment, harness } from './helpers';

describe('create / get', () => {
  it('creates with system fields and reads it back', () => {
    const h = harness();
    h.ns('dev');
    const res = h.req('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1' }));
    expect(res.status).toBe(201);
    const created = res.body as KubeObject;
    expect(created.metadata.namespace).toBe('dev');
    expect(created.metadata.uid).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(created.metadata.creationTimestamp).toBe('2026-01-01T00:00:00Z');
    expect(created.metadata.resourceVersion).toBe('2');
    expect(created.metadata.generation).toBeUndefined();
    const got = h.ok('GET', '/api/v1/namespaces/dev/configmaps/app');
    expect(got).toEqual(created);
    expect(Object.keys(got).slice(0, 3)).toEqual(['kind', 'apiVersion', 'metadata']);
  });

  it('fills apiVersion and kind when the body omits them', () => {
    const h = harness();
    const ns = h.ok('POST', '/api/v1/namespaces', { metadata: { name: 'x' } });
    expect(ns.kind).toBe('Namespace');
    expect(ns.apiVersion).toBe('v1');
  });

  it('answers AlreadyExists and NotFound with the real messages', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    const dup = h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    expect(dup).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      message: 'configmaps "app" already exists',
      details: { name: 'app', kind: 'configmaps' },
    });
    const nf = h.fail('GET', '/apis/apps/v1/namespaces/dev/deployments/nosuch');
    expect(nf).toMatchObject({
      reason: 'NotFound',
      code: 404,
      message: 'deployments.apps "nosuch" not found',
      details: { name: 'nosuch', group: 'apps', kind: 'deployments' },
    });
  });

  it('requires the namespace to exist', () => {
    const h = harness();
    expect(h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('app'))).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "dev" not found',
    });
  });

  it('rejects a body namespace that differs from the URL', () => {
    const h = harness();
    h.ns('dev');
    const s = h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('app', {}, { namespace: 'other' }));
    expect(s).toMatchObject({
      code: 400,
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });

  it('generates names from generateName with 5 characters of the name alphabet', () => {
    const h = harness();
    h.ns('dev');
    const a = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('', {}, { generateName: 'web-' }));
    const b = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('', {}, { generateName: 'web-' }));
    for (const o of [a, b]) {
      expect(o.metadata.name).toMatch(new RegExp(`^web-[${NAME_ALPHABET}]{5}$`));
      expect(o.metadata.generateName).toBe('web-');
    }
    expect(a.metadata.name).not.toBe(b.metadata.name);
  });

  it('rejects a missing name and an invalid one', () => {
    const h = harness();
    h.ns('dev');
    expect(h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm(''))).toMatchObject({
      code: 422,
      reason: 'Invalid',
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    });
    const bad = h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('My_App'));
    expect(bad.message).toMatch(
      /^ConfigMap "My_App" is invalid: metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain/,
    );
  });

  it('dry-run creates nothing and shows no resourceVersion', () => {
    const h = harness();
    h.ns('dev');
    const res = h.req('POST', '/api/v1/namespaces/dev/configmaps?dryRun=All', cm('app'));
    expect(res.status).toBe(201);
    const o = res.body as KubeObject;
    expect(o.metadata.uid).toBeDefined();
    expect(o.metadata.resourceVersion).toBeUndefined();
    expect(h.req('GET', '/api/v1/namespaces/dev/configmaps/app').status).toBe(404);
    expect(h.fail('POST', '/api/v1/namespaces/dev/configmaps?dryRun=Some', cm('app'))).toMatchObject({
      code: 422,
      message:
        'CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"',
    });
  });

  it('unknown fields: 400 with fieldValidation=Strict, dropped with a warning by default', () => {
    const h = harness();
    h.ns('dev');
    const body = { ...cm('app'), spec: { x: 1 } };
    expect(h.fail('POST', '/api/v1/namespaces/dev/configmaps?fieldValidation=Strict', body)).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message:
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "spec"',
    });
    const res = h.req('POST', '/api/v1/namespaces/dev/configmaps', body);
    expect(res.status).toBe(201);
    expect(res.warnings).toEqual(['unknown field "spec"']);
    expect(res.body).not.toHaveProperty('spec');
    const ignored = h.req('POST', '/api/v1/namespaces/dev/configmaps?fieldValidation=Ignore', {
      ...body,
      metadata: { name: 'b' },
    });
    expect(ignored.warnings).toBeUndefined();
  });

  it('stores frozen objects: readers cannot change the cluster', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1' }));
    const stored = h.server.get('configmaps', 'dev', 'app')!;
    expect(() => {
      (stored.data as Record<string, string>).a = '2';
    }).toThrow(TypeError);
  });

  it('refuses namespaced paths for cluster-scoped resources and unknown resources', () => {
    const h = harness();
    h.ns('dev');
    expect(h.fail('GET', '/api/v1/namespaces/dev/nodes').code).toBe(404);
    expect(h.fail('GET', '/api/v1/foos')).toMatchObject({
      code: 404,
      message: 'the server could not find the requested resource',
    });
    expect(h.fail('DELETE', '/api/v1/namespaces')).toMatchObject({ code: 405, reason: 'MethodNotAllowed' });
  });
});

describe('update', () => {
  it('bumps resourceVersion, keeps system fields, and detects conflicts', () => {
    const h = harness();
    h.ns('dev');
    const created = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1' }));
    const upd = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/app', { ...created, data: { a: '2' } });
    expect(Number(upd.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(upd.metadata.uid).toBe(created.metadata.uid);
    expect(upd.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
    // Stale resourceVersion: 409 with the optimistic-lock message.
    const stale = h.fail('PUT', '/api/v1/namespaces/dev/configmaps/app', { ...created, data: { a: '3' } });
    expect(stale).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "app": the object has been modified; please apply your changes to the latest version and try again',
    });
    // No resourceVersion: unconditional.
    const { resourceVersion: _rv, ...metaNoRV } = created.metadata;
    const unconditional = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/app', {
      ...created,
      metadata: metaNoRV,
      data: { a: '4' },
    });
    expect(unconditional.data).toEqual({ a: '4' });
  });

  it('answers NotFound for a missing object and BadRequest for a mismatched name', () => {
    const h = harness();
    h.ns('dev');
    expect(h.fail('PUT', '/api/v1/namespaces/dev/configmaps/app', cm('app')).message).toBe(
      'configmaps "app" not found',
    );
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    expect(h.fail('PUT', '/api/v1/namespaces/dev/configmaps/app', cm('other'))).toMatchObject({
      code: 400,
      message: 'the name of the object (other) does not match the name on the URL (app)',
    });
  });

  it('writes nothing for a no-op update', () => {
    const h = harness();
    h.ns('dev');
    const created = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', { a: '1' }));
    const again = h.ok('PUT', '/api/v1/namespaces/dev/configmaps/app', created);
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(h.server.resourceVersion()).toBe(created.metadata.resourceVersion);
  });

  it('tracks generation for kinds that use it: spec changes only (and annotations for Deployments)', () => {
    const h = harness();
    h.ns('dev');
    const d = h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('web'));
    expect(d.metadata.generation).toBe(1);
    const labels = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web', {
      ...d,
      metadata: { ...d.metadata, labels: { x: 'y' } },
    });
    expect(labels.metadata.generation).toBe(1);
    const spec = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web', {
      ...labels,
      spec: { ...(labels.spec as object), replicas: 3 },
    });
    expect(spec.metadata.generation).toBe(2);
    const ann = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web', {
      ...spec,
      metadata: { ...spec.metadata, annotations: { note: 'x' } },
    });
    expect(ann.metadata.generation).toBe(3);
    // A client cannot set generation.
    const forced = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web', {
      ...ann,
      metadata: { ...ann.metadata, generation: 99 },
    });
    expect(forced.metadata.generation).toBe(3);
  });

  it('does not track generation for pods and configmaps', () => {
    const h = harness();
    h.ns('dev');
    const p = h.ok('POST', '/api/v1/namespaces/dev/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    expect(p.metadata.generation).toBeUndefined();
    expect(p.status).toEqual({ phase: 'Pending' });
  });
});

describe('status subresource', () => {
  it('main-resource writes keep the stored status; /status writes change only status', () => {
    const h = harness();
    h.ns('dev');
    const d = h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', {
      ...deployment('web'),
      status: { replicas: 7 },
    });
    expect(d.status).toEqual({}); // create resets status (Go writes the empty struct)
    const st = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web/status', {
      ...d,
      spec: { ...(d.spec as object), replicas: 5 },
      metadata: { ...d.metadata, labels: { changed: 'yes' } },
      status: { replicas: 1, observedGeneration: 1 },
    });
    expect(st.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect((st.spec as { replicas: number }).replicas).toBe(1);
    expect(st.metadata.labels).toBeUndefined(); // apps status strategies keep the labels
    expect(st.metadata.generation).toBe(1);
    const main = h.ok('PUT', '/apis/apps/v1/namespaces/dev/deployments/web', {
      ...st,
      status: { replicas: 99 },
    });
    expect(main.status).toEqual({ replicas: 1, observedGeneration: 1 });
    expect(h.ok('GET', '/apis/apps/v1/namespaces/dev/deployments/web/status')).toEqual(main);
  });

  it('the scale subresource reads and writes spec.replicas', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('web', 2));
    const scale = h.ok('GET', '/apis/apps/v1/namespaces/dev/deployments/web/scale');
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', namespace: 'dev' },
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=web' },
    });
    const patched = h.ok(
      'PATCH',
      '/apis/apps/v1/namespaces/dev/deployments/web/scale',
      { spec: { replicas: 4 } },
      {
        headers: { contentType: 'application/merge-patch+json' },
      },
    );
    expect(patched.spec).toEqual({ replicas: 4 });
    const d = h.ok('GET', '/apis/apps/v1/namespaces/dev/deployments/web');
    expect((d.spec as { replicas: number }).replicas).toBe(4);
    expect(d.metadata.generation).toBe(2);
  });
});

describe('admission hooks', () => {
  it('a validating plugin can veto a write, and nothing is stored', () => {
    const h = harness();
    h.ns('dev');
    h.server.admission.register({
      name: 'NoFoo',
      validate(attrs) {
        if (attrs.object?.metadata.name === 'foo') throw new (class extends Error {})('boom');
      },
    });
    const before = h.server.resourceVersion();
    const res = h.req('POST', '/api/v1/namespaces/dev/configmaps', cm('foo'));
    expect(res.status).toBe(500);
    expect(res.body).toMatchObject({ reason: 'InternalError', message: 'Internal error occurred: boom' });
    expect(h.server.resourceVersion()).toBe(before);
    expect(h.req('GET', '/api/v1/namespaces/dev/configmaps/foo').status).toBe(404);
  });

  it('a mutating plugin can change the object', () => {
    const h = harness();
    h.ns('dev');
    h.server.admission.register({
      name: 'AddLabel',
      admit(attrs) {
        if (attrs.operation === 'CREATE' && attrs.object) attrs.object.metadata.labels = { added: 'true' };
      },
    });
    expect(h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('x')).metadata.labels).toEqual({
      added: 'true',
    });
  });
});
