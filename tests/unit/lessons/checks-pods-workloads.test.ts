/** podsReady (with kubectl's STATUS column), replicas and rollout. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { evaluateCheck, rolloutStatusMessage } from '../../../src/lessons/checks/index';
import { ghostPod, overlay, readyStatus, testEnv, waitingStatus, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});

const PODS = '/api/v1/namespaces/default/pods';

describe('podsReady', () => {
  it('no pod matching', async () => {
    const r = await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web', count: 3 });
    expect(r.title).toEqual({ en: '3 Pods with app=web are Ready', ja: 'app=web の Pod が 3 個 Ready' });
    expect(r.detail).toEqual({
      en: 'No Pod matches app=web in namespace default.',
      ja: 'Namespace default に app=web に一致する Pod がありません。',
    });
  });

  it('names the pods that are not ready with the STATUS kubectl shows', async () => {
    for (const n of ['web-1', 'web-2', 'web-3']) await env.create(PODS, ghostPod(n, { app: 'web' }));
    await env.patchStatus(`${PODS}/web-1`, readyStatus('10.244.0.5'));
    await env.patchStatus(`${PODS}/web-2`, waitingStatus('ImagePullBackOff'));
    const r = await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web', count: 3 });
    expect(r.passed).toBe(false);
    expect(r.detail).toEqual({
      en: '1 of 3 Pods with app=web are Ready; not ready: web-2 ImagePullBackOff, web-3 Pending.',
      ja: 'app=web の Pod のうち Ready なのは 1/3 個です（Ready でない Pod: web-2 ImagePullBackOff, web-3 Pending）。',
    });
    // min: at least one is enough.
    const min = await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web' });
    expect(min.title.en).toBe('At least 1 Pod with app=web is Ready');
    expect(min.passed).toBe(true);
  });

  it('count is exact: too many ready pods fail too', async () => {
    for (const n of ['a', 'b']) {
      await env.create(PODS, ghostPod(n, { app: 'web' }));
      await env.patchStatus(`${PODS}/${n}`, readyStatus(n === 'a' ? '10.244.0.5' : '10.244.0.6'));
    }
    const r = await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web', count: 1 });
    expect(r.detail).toEqual({
      en: '2 Pods with app=web are Ready; 1 expected.',
      ja: 'app=web の Ready な Pod は 2 個です（期待は 1 個）。',
    });
    expect((await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web', count: 2 })).passed).toBe(true);
  });

  it('a pod being deleted does not count as ready (STATUS Terminating)', async () => {
    await env.create(PODS, { ...ghostPod('old', { app: 'web' }), metadata: { name: 'old', labels: { app: 'web' }, finalizers: ['test/keep'] } });
    await env.patchStatus(`${PODS}/old`, readyStatus('10.244.0.7'));
    await env.del(`${PODS}/old`);
    const r = await evaluateCheck(env.ctx(), { check: 'podsReady', selector: 'app=web' });
    expect(r.detail?.en).toBe('0 of 1 Pods with app=web are Ready; not ready: old Terminating.');
  });
});

const deployment = (status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', generation: 2, ...extra },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: {} },
  status: { observedGeneration: 2, ...status },
});

const DEPLOY = '/apis/apps/v1/namespaces/default/deployments/web';

describe('replicas', () => {
  it('"Deployment web has 1/3 ready replicas"', async () => {
    const client = overlay(env.client, { [DEPLOY]: deployment({ replicas: 3, readyReplicas: 1 }) });
    const r = await evaluateCheck(env.ctx({ client }), { check: 'replicas', kind: 'deploy', name: 'web' });
    expect(r.title).toEqual({
      en: 'Deployment web has all its replicas ready',
      ja: 'Deployment web のレプリカがすべて Ready',
    });
    expect(r.detail).toEqual({
      en: 'Deployment web has 1/3 ready replicas.',
      ja: 'Deployment web の Ready なレプリカは 1/3 個です。',
    });
  });

  it('passes when ready replicas reach spec.replicas, or exactly count', async () => {
    const client = overlay(env.client, { [DEPLOY]: deployment({ replicas: 3, readyReplicas: 3 }) });
    expect((await evaluateCheck(env.ctx({ client }), { check: 'replicas', kind: 'Deployment', name: 'web' })).passed).toBe(true);
    const r = await evaluateCheck(env.ctx({ client }), { check: 'replicas', kind: 'Deployment', name: 'web', count: 2 });
    expect(r.title.en).toBe('Deployment web has 2 ready replicas');
    expect(r.detail?.en).toBe('Deployment web has 3/2 ready replicas.');
  });

  it('a missing Deployment', async () => {
    const r = await evaluateCheck(env.ctx(), { check: 'replicas', kind: 'Deployment', name: 'web' });
    expect(r.detail?.en).toBe('Deployment web was not found in namespace default.');
  });
});

describe('rollout', () => {
  it("follows kubectl rollout status's messages", () => {
    expect(rolloutStatusMessage(deployment({}, { generation: 3 }))).toBe(
      'Waiting for deployment spec update to be observed...',
    );
    expect(
      rolloutStatusMessage(
        deployment({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
      ),
    ).toBe('deployment "web" exceeded its progress deadline');
    expect(rolloutStatusMessage(deployment({ replicas: 4, updatedReplicas: 1, availableReplicas: 3 }))).toBe(
      'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...',
    );
    expect(rolloutStatusMessage(deployment({ replicas: 4, updatedReplicas: 3, availableReplicas: 3 }))).toBe(
      'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...',
    );
    expect(rolloutStatusMessage(deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 2 }))).toBe(
      'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...',
    );
    expect(rolloutStatusMessage(deployment({ replicas: 3, updatedReplicas: 3, availableReplicas: 3 }))).toBeUndefined();
  });

  it('explains an unfinished rollout in both languages', async () => {
    const client = overlay(env.client, {
      [DEPLOY]: deployment({ replicas: 4, updatedReplicas: 1, availableReplicas: 3, readyReplicas: 3 }),
    });
    const r = await evaluateCheck(env.ctx({ client }), { check: 'rollout', kind: 'Deployment', name: 'web' });
    expect(r.title).toEqual({
      en: 'The rollout of Deployment web is complete',
      ja: 'Deployment web のロールアウトが完了している',
    });
    expect(r.detail).toEqual({
      en: 'Not finished: `kubectl rollout status` says "Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated..."',
      ja: 'まだ完了していません。`kubectl rollout status` の表示: "Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated..."',
    });
  });

  it('reads Deployments only', async () => {
    const r = await evaluateCheck(env.ctx(), { check: 'rollout', kind: 'rs', name: 'web' });
    expect(r.detail?.en).toBe('The rollout check reads Deployments only, not ReplicaSet.');
  });
});
