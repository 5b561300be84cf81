import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { cm, deployment, harness, pod } from './helpers';

describe('delete', () => {
  it('removes an object without finalizers and answers Status Success (most kinds)', () => {
    const h = harness();
    h.ns('dev');
    const c = h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    const res = h.req('DELETE', '/api/v1/namespaces/dev/configmaps/app');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'app', kind: 'configmaps', uid: c.metadata.uid },
    });
    expect(h.req('GET', '/api/v1/namespaces/dev/configmaps/app').status).toBe(404);
    expect(h.fail('DELETE', '/apis/apps/v1/namespaces/dev/deployments/nosuch').message).toBe(
      'deployments.apps "nosuch" not found',
    );
  });

  it('keeps an object with finalizers until an update empties them', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app', {}, { finalizers: ['example.com/hold'] }));
    h.clock.advance(5000);
    const marked = h.ok('DELETE', '/api/v1/namespaces/dev/configmaps/app');
    expect(marked.metadata.deletionTimestamp).toBe('2026-01-01T00:00:05Z');
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(marked.metadata.finalizers).toEqual(['example.com/hold']);
    const still = h.ok('GET', '/api/v1/namespaces/dev/configmaps/app');
    // Adding finalizers is refused while deleting.
    expect(
      h.fail('PUT', '/api/v1/namespaces/dev/configmaps/app', {
        ...still,
        metadata: { ...still.metadata, finalizers: ['example.com/hold', 'example.com/more'] },
      }).message,
    ).toContain('no new finalizers can be added if the object is being deleted');
    // Creating it again says it is being deleted.
    expect(h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('app')).message).toBe(
      'object is being deleted: configmaps "app" already exists',
    );
    const { finalizers: _f, ...meta } = still.metadata;
    const res = h.req('PUT', '/api/v1/namespaces/dev/configmaps/app', { ...still, metadata: meta });
    expect(res.status).toBe(200);
    expect(h.req('GET', '/api/v1/namespaces/dev/configmaps/app').status).toBe(404);
  });

  it('propagationPolicy adds the garbage collector finalizers', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('fg'));
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('or'));
    h.ok('POST', '/apis/apps/v1/namespaces/dev/deployments', deployment('bg'));
    const fg = h.ok('DELETE', '/apis/apps/v1/namespaces/dev/deployments/fg', {
      propagationPolicy: 'Foreground',
    });
    expect(fg.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect(fg.metadata.deletionTimestamp).toBeDefined();
    expect(fg.metadata.generation).toBe(2); // marking for deletion bumps generation
    const or = h.ok('DELETE', '/apis/apps/v1/namespaces/dev/deployments/or?propagationPolicy=Orphan');
    expect(or.metadata.finalizers).toEqual(['orphan']);
    const bg = h.ok('DELETE', '/apis/apps/v1/namespaces/dev/deployments/bg', {
      propagationPolicy: 'Background',
    });
    expect(bg).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'bg', group: 'apps', kind: 'deployments' },
    });
    expect(
      h.fail('DELETE', '/apis/apps/v1/namespaces/dev/deployments/fg', { propagationPolicy: 'Sideways' })
        .message,
    ).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"',
    );
  });

  it('batch/v1 Jobs orphan by default when no policy is given', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/apis/batch/v1/namespaces/dev/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
    });
    const j = h.ok('DELETE', '/apis/batch/v1/namespaces/dev/jobs/j');
    expect(j.metadata.finalizers).toEqual(['orphan']);
  });

  it('checks preconditions', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    expect(
      h.fail('DELETE', '/api/v1/namespaces/dev/configmaps/app', { preconditions: { uid: 'nope' } }),
    ).toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
    expect(
      h.fail('DELETE', '/api/v1/namespaces/dev/configmaps/app', { preconditions: { uid: 'nope' } }).message,
    ).toMatch(
      /^Operation cannot be fulfilled on ConfigMap "app": the UID in the precondition \(nope\) does not match the UID in record \(.*\)\. The object might have been deleted and then recreated$/,
    );
  });

  it('dry-run deletes nothing', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('app'));
    h.ok('DELETE', '/api/v1/namespaces/dev/configmaps/app?dryRun=All');
    expect(h.req('GET', '/api/v1/namespaces/dev/configmaps/app').status).toBe(200);
  });

  it('deletes a collection by label selector and answers with the list', () => {
    const h = harness();
    h.ns('dev');
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a', {}, { labels: { x: '1' } }));
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('b', {}, { labels: { x: '1' } }));
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('c'));
    const list = h.ok<{ kind: string; items: KubeObject[] }>(
      'DELETE',
      '/api/v1/namespaces/dev/configmaps?labelSelector=x%3D1',
    );
    expect(list.kind).toBe('ConfigMapList');
    expect(list.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(h.server.list('configmaps').map((o) => o.metadata.name)).toEqual(['c']);
  });
});

describe('pod graceful deletion', () => {
  it('deletes an unscheduled pod at once (after marking it), answering with the pod', () => {
    const h = harness();
    h.ns('dev');
    const w = h.watch('/api/v1/namespaces/dev/pods', { resourceVersion: '1' });
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('p'));
    const res = h.ok('DELETE', '/api/v1/namespaces/dev/pods/p');
    expect(res.kind).toBe('Pod');
    expect(res.metadata.deletionGracePeriodSeconds).toBe(0);
    expect(h.req('GET', '/api/v1/namespaces/dev/pods/p').status).toBe(404);
    h.clock.settle();
    expect(w.events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });

  it('gives a bound pod its grace period, and removes it on a later grace-0 delete', () => {
    const h = harness();
    h.ns('dev');
    h.ok(
      'POST',
      '/api/v1/namespaces/dev/pods',
      pod('p', {}, { nodeName: 'node-1', terminationGracePeriodSeconds: 30 }),
    );
    const first = h.ok('DELETE', '/api/v1/namespaces/dev/pods/p');
    expect(first.metadata.deletionTimestamp).toBe('2026-01-01T00:00:30Z');
    expect(first.metadata.deletionGracePeriodSeconds).toBe(30);
    // Still there, terminating; a second plain delete changes nothing.
    const again = h.ok('DELETE', '/api/v1/namespaces/dev/pods/p');
    expect(again.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    // A shorter grace period moves the deadline forward.
    const shorter = h.ok('DELETE', '/api/v1/namespaces/dev/pods/p', { gracePeriodSeconds: 10 });
    expect(shorter.metadata.deletionTimestamp).toBe('2026-01-01T00:00:10Z');
    expect(h.req('GET', '/api/v1/namespaces/dev/pods/p').status).toBe(200);
    // The kubelet's final delete.
    h.ok('DELETE', '/api/v1/namespaces/dev/pods/p', { gracePeriodSeconds: 0 });
    expect(h.req('GET', '/api/v1/namespaces/dev/pods/p').status).toBe(404);
  });

  it('--force --grace-period=0 removes a bound pod at once', () => {
    const h = harness();
    h.ns('dev');
    h.ok(
      'POST',
      '/api/v1/namespaces/dev/pods',
      pod('p', {}, { nodeName: 'node-1', terminationGracePeriodSeconds: 30 }),
    );
    h.ok('DELETE', '/api/v1/namespaces/dev/pods/p?gracePeriodSeconds=0');
    expect(h.req('GET', '/api/v1/namespaces/dev/pods/p').status).toBe(404);
  });
});

describe('namespace deletion', () => {
  it('marks the namespace Terminating, refuses new content, and removes it once finalized', () => {
    const h = harness();
    const ns = h.ns('dev');
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
    h.ok('POST', '/api/v1/namespaces/dev/configmaps', cm('a'));
    const term = h.ok('DELETE', '/api/v1/namespaces/dev');
    expect(term.kind).toBe('Namespace');
    expect(term.status).toEqual({ phase: 'Terminating' });
    expect(term.metadata.deletionTimestamp).toBe('2026-01-01T00:00:00Z');
    const denied = h.fail('POST', '/api/v1/namespaces/dev/configmaps', cm('b'));
    expect(denied).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'configmaps "b" is forbidden: unable to create new content in namespace dev because it is being terminated',
      details: {
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace dev is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
    });
    // A second delete does nothing while spec.finalizers remain.
    expect(h.ok('DELETE', '/api/v1/namespaces/dev').metadata.resourceVersion).toBe(
      term.metadata.resourceVersion,
    );
    // The namespace controller clears spec.finalizers through /finalize.
    const finalized = h.req('PUT', '/api/v1/namespaces/dev/finalize', { ...term, spec: { finalizers: [] } });
    expect(finalized.status).toBe(200);
    expect(h.req('GET', '/api/v1/namespaces/dev').status).toBe(404);
  });

  it('spec.finalizers cannot change through a plain update', () => {
    const h = harness();
    const ns = h.ns('dev');
    const upd = h.ok('PUT', '/api/v1/namespaces/dev', { ...ns, spec: { finalizers: [] } });
    expect(upd.spec).toEqual({ finalizers: ['kubernetes'] });
  });

  it('refuses to delete the system namespaces', () => {
    const h = harness();
    h.ns('default');
    expect(h.fail('DELETE', '/api/v1/namespaces/default')).toMatchObject({
      code: 403,
      message: 'namespaces "default" is forbidden: this namespace may not be deleted',
    });
  });
});
