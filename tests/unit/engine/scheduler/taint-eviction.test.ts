/**
 * NoExecute taints evict pods without a matching toleration, at once or after tolerationSeconds
 * (the taint-eviction-controller of kube-controller-manager).
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../../src/api/types';
import { createClusterInternals } from '../../../../src/engine/cluster';
import {
  getMinTolerationTime,
  getMatchingTolerations,
} from '../../../../src/engine/controllers/tainteviction/taint-eviction-controller';

const WORKER = 'kind-multinode-worker';

function setup() {
  const c = createClusterInternals({ preset: 'multinode' });
  const call = (method: 'POST' | 'PATCH' | 'GET', path: string, body?: unknown, contentType?: string) => {
    const res = c.server.handle({ method, path, body, headers: contentType ? { contentType } : undefined });
    if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    return res.body as KubeObject;
  };
  const createPod = (name: string, tolerations?: unknown[]) =>
    call('POST', '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { nodeName: WORKER, containers: [{ name: 'c', image: 'nginx:1.25.3' }], tolerations },
    });
  const taint = (taints: unknown[] | null) =>
    call('PATCH', `/api/v1/nodes/${WORKER}`, { spec: { taints } }, 'application/merge-patch+json');
  const pod = (name: string) => c.server.get('pods', 'default', name) as (KubeObject & Pod) | undefined;
  const events = (name: string) =>
    c.server
      .list('events', { namespace: 'default' })
      .filter((e) => (e as { involvedObject?: { name?: string } }).involvedObject?.name === name)
      .map(
        (e) =>
          `${(e as unknown as { reason: string }).reason}: ${(e as unknown as { message: string }).message}`,
      );
  return { c, createPod, taint, pod, events };
}

const NO_EXECUTE = [{ key: 'maintenance', value: 'now', effect: 'NoExecute' }];

describe('taint-eviction-controller', () => {
  it('evicts a pod without a matching toleration at once: event, DisruptionTarget, graceful delete', () => {
    const t = setup();
    t.createPod('web');
    t.c.clock.settle();
    t.taint(NO_EXECUTE);
    t.c.clock.settle();
    const p = t.pod('web')!;
    expect(p.metadata!.deletionTimestamp).toBeDefined();
    expect(p.status!.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    expect(t.events('web')).toContain('TaintManagerEviction: Marking for deletion Pod default/web');
    const ev = t.c.server
      .list('events', { namespace: 'default' })
      .find((e) => (e as { reason?: string }).reason === 'TaintManagerEviction') as
      { source: { component: string } } | undefined;
    expect(ev!.source.component).toBe('taint-eviction-controller');
  });

  it('honours tolerationSeconds, and tolerations without it keep the pod', () => {
    const t = setup();
    t.createPod('timed', [
      { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ]);
    t.createPod('forever', [{ key: 'maintenance', operator: 'Equal', value: 'now', effect: 'NoExecute' }]);
    t.c.clock.settle();
    t.taint(NO_EXECUTE);
    t.c.clock.settle();
    t.c.clock.advance(59_000);
    expect(t.pod('timed')!.metadata!.deletionTimestamp).toBeUndefined();
    t.c.clock.advance(1_000);
    expect(t.pod('timed')!.metadata!.deletionTimestamp).toBeDefined();
    t.c.clock.advance(600_000);
    expect(t.pod('forever')!.metadata!.deletionTimestamp).toBeUndefined();
  });

  it('removing the taint cancels a scheduled eviction', () => {
    const t = setup();
    t.createPod('timed', [
      { key: 'maintenance', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
    ]);
    t.c.clock.settle();
    t.taint(NO_EXECUTE);
    t.c.clock.settle();
    t.c.clock.advance(30_000);
    t.taint(null);
    t.c.clock.settle();
    t.c.clock.advance(60_000);
    expect(t.pod('timed')!.metadata!.deletionTimestamp).toBeUndefined();
    expect(t.events('timed').filter((e) => e.startsWith('TaintManagerEviction'))).toEqual([
      'TaintManagerEviction: Cancelling deletion of Pod default/timed',
    ]);
  });

  it('NoSchedule and PreferNoSchedule taints never evict; system DaemonSet pods tolerate everything', () => {
    const t = setup();
    t.createPod('web');
    t.c.clock.settle();
    t.taint([
      { key: 'a', effect: 'NoSchedule' },
      { key: 'b', effect: 'PreferNoSchedule' },
    ]);
    t.c.clock.advance(60_000);
    expect(t.pod('web')!.metadata!.deletionTimestamp).toBeUndefined();
    t.taint(NO_EXECUTE);
    t.c.clock.advance(1_000);
    const systemPods = t.c.server
      .list('pods', { namespace: 'kube-system' })
      .filter((p) => (p.spec as { nodeName?: string }).nodeName === WORKER);
    expect(systemPods.length).toBeGreaterThan(0);
    for (const p of systemPods) expect(p.metadata.deletionTimestamp).toBeUndefined();
  });

  it('helpers: the shortest tolerationSeconds wins; ≤ 0 means now; none means forever', () => {
    expect(getMinTolerationTime([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }, {}])).toBe(60_000);
    expect(getMinTolerationTime([{ tolerationSeconds: -5 }])).toBe(0);
    expect(getMinTolerationTime([{ key: 'x' }])).toBe(-1);
    expect(getMinTolerationTime([])).toBe(0);
    const taints = [{ key: 'a', effect: 'NoExecute' as const }];
    expect(getMatchingTolerations(taints, [])).toEqual([false, []]);
    expect(getMatchingTolerations(taints, [{ operator: 'Exists' }])[0]).toBe(true);
  });
});
