/** event, endpoints and http. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { HttpProbeRequest } from '../../../src/lessons/checks/index';
import { evaluateCheck } from '../../../src/lessons/checks/index';
import { formatRFC3339 } from '../../../src/apimachinery/time';
import { ghostPod, readyStatus, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});

const NS = '/api/v1/namespaces/default';

async function event(name: string, reason: string, message: string, at: number, type = 'Warning'): Promise<void> {
  await env.create(`${NS}/events`, {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name },
    involvedObject: { kind: 'Pod', name: 'myapp', namespace: 'default', apiVersion: 'v1' },
    reason,
    message,
    type,
    source: { component: 'kubelet' },
    firstTimestamp: formatRFC3339(at),
    lastTimestamp: formatRFC3339(at),
    count: 1,
  });
}

describe('event', () => {
  it('matches reason, message, type and object, seen since the step started', async () => {
    const now = env.session.cluster.now();
    await event('myapp.1', 'Failed', 'Failed to pull image "blux2/hello-server:1.1": not found', now - 60_000);
    const c = {
      check: 'event',
      involved: { kind: 'pod', name: 'myapp' },
      reason: 'Failed',
      message: 'hello-server:1\\.1.*not found',
    } as const;
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.title).toEqual({
      en: 'An event with reason Failed and a message matching /hello-server:1\\.1.*not found/ was recorded for Pod myapp',
      ja: 'Pod myapp についてreason が Failed、message が /hello-server:1\\.1.*not found/ に一致するイベントが記録されている',
    });
    // An older event does not count for this step …
    expect(r.detail).toEqual({
      en: 'No such event has been recorded since this step started.',
      ja: 'このステップを始めてから、該当するイベントはまだ記録されていません。',
    });
    // … but does since the lesson started earlier, or ever.
    expect((await evaluateCheck(env.ctx({ lessonStartedAt: now - 120_000 }), { ...c, since: 'lesson' })).passed).toBe(true);
    expect((await evaluateCheck(env.ctx(), { ...c, since: 'ever' })).passed).toBe(true);
    await event('myapp.2', 'Failed', 'Failed to pull image "blux2/hello-server:1.1": not found', now);
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
    expect((await evaluateCheck(env.ctx(), { ...c, type: 'Normal' })).passed).toBe(false);
    expect((await evaluateCheck(env.ctx(), { ...c, involved: { name: 'other' } })).passed).toBe(false);
    const lesson = await evaluateCheck(env.ctx({ lessonStartedAt: now + 5000 }), { ...c, since: 'lesson' });
    expect(lesson.detail?.en).toBe('No such event has been recorded since this lesson started.');
  });
});

const service = (name: string, selector?: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name },
  spec: { ...(selector ? { selector } : {}), ports: [{ port: 8080, targetPort: 8080 }] },
});

describe('endpoints', () => {
  it('a missing Service', async () => {
    const r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'web' });
    expect(r.title).toEqual({ en: 'Service web has ready endpoints', ja: 'Service web に Ready なエンドポイントがある' });
    expect(r.detail?.en).toBe('Service web was not found in namespace default.');
  });

  it('follows a selector typo to "matches no Pod"', async () => {
    await env.create(`${NS}/pods`, ghostPod('hello-server-1', { app: 'hello-server' }));
    await env.patchStatus(`${NS}/pods/hello-server-1`, readyStatus('10.244.0.9'));
    await env.create(`${NS}/services`, service('hello-server-service', { app: 'hello-serve' }));
    const r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'hello-server-service' });
    expect(r.passed).toBe(false);
    expect(r.detail).toEqual({
      en: 'Service hello-server-service has no ready endpoints: its selector app=hello-serve matches no Pod in namespace default.',
      ja: 'Service hello-server-service には Ready なエンドポイントがありません。selector app=hello-serve に一致する Pod が Namespace default にありません。',
    });
  });

  it('says when the selected pods are not ready', async () => {
    await env.create(`${NS}/pods`, ghostPod('web-1', { app: 'web' }));
    await env.create(`${NS}/services`, service('web', { app: 'web' }));
    const r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'web' });
    expect(r.detail?.en).toBe(
      'Service web has no ready endpoints: its selector app=web matches 1 Pod, none of them Ready (web-1 Pending).',
    );
  });

  it('a Service without a selector, then with endpoints', async () => {
    await env.create(`${NS}/services`, service('external'));
    let r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'external' });
    expect(r.detail).toEqual({
      en: 'Service external has no ready endpoints: it has no selector, so no Pod is added to it automatically.',
      ja: 'Service external には Ready なエンドポイントがありません。selector がないため、Pod は自動では追加されません。',
    });
    await env.create(`${NS}/endpoints`, {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'external' },
      subsets: [{ addresses: [{ ip: '10.244.0.20' }, { ip: '10.244.0.21' }], ports: [{ port: 8080 }] }],
    });
    r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'external' });
    expect(r.passed).toBe(true);
    r = await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'external', min: 3 });
    expect(r.title.en).toBe('Service external has at least 3 ready endpoints');
    expect(r.detail?.en).toBe(
      'Service external has 2 ready endpoints (3 needed): it has no selector, so no Pod is added to it automatically.',
    );
  });

  it('counts ready addresses of EndpointSlices', async () => {
    await env.create(`${NS}/services`, service('sliced'));
    await env.create('/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'sliced-abcde', labels: { 'kubernetes.io/service-name': 'sliced' } },
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.244.0.30'], conditions: { ready: true } },
        { addresses: ['10.244.0.31'], conditions: { ready: false } },
        { addresses: ['10.244.0.32'] },
      ],
      ports: [{ port: 8080 }],
    });
    expect((await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'sliced', min: 2 })).passed).toBe(true);
    expect((await evaluateCheck(env.ctx(), { check: 'endpoints', service: 'sliced', min: 3 })).passed).toBe(false);
  });
});

describe('http', () => {
  const c = {
    check: 'http',
    from: { pod: 'curl' },
    url: 'http://hello-server-service:8080/',
    body: 'Hello, world!',
  } as const;

  it('says clearly that the host cannot make requests yet', async () => {
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.passed).toBe(false);
    expect(r.title).toEqual({
      en: 'GET http://hello-server-service:8080/ from Pod curl answers 200 with a body matching /Hello, world!/',
      ja: 'Pod curl から GET http://hello-server-service:8080/ すると 200 が返る、本文が /Hello, world!/ に一致する',
    });
    expect(r.detail?.en).toBe(
      'HTTP checks are not available yet: this playground does not simulate requests between pods, Services and your machine yet.',
    );
    expect(r.detail?.ja).toContain('HTTP のチェックはまだ使えません');
  });

  it('asks the host, and explains errors, status and body', async () => {
    const seen: HttpProbeRequest[] = [];
    let answer: Awaited<ReturnType<NonNullable<ReturnType<TestEnv['ctx']>['http']>>> = {
      ok: false,
      error: 'Failed to connect to hello-server-service port 8080: Connection refused',
    };
    const ctx = env.ctx({
      http: async (req) => {
        seen.push(req);
        return answer;
      },
    });
    let r = await evaluateCheck(ctx, c);
    // the pod is looked for in the lesson's namespace
    expect(seen).toEqual([
      { from: { pod: 'curl', namespace: 'default' }, url: 'http://hello-server-service:8080/', method: 'GET' },
    ]);
    expect(r.detail).toEqual({
      en: 'The request failed: Failed to connect to hello-server-service port 8080: Connection refused',
      ja: 'リクエストが失敗しました: Failed to connect to hello-server-service port 8080: Connection refused',
    });
    answer = { ok: true, status: 503, body: '' };
    r = await evaluateCheck(ctx, c);
    expect(r.detail).toEqual({ en: 'It answered 503 (200 expected).', ja: '応答は 503 でした（期待は 200）。' });
    answer = { ok: true, status: 200, body: "Hello, world! Let's learn Kubernetes!" };
    expect((await evaluateCheck(ctx, c)).passed).toBe(true);
    answer = { ok: true, status: 200, body: 'I am hungry.' };
    r = await evaluateCheck(ctx, c);
    expect(r.detail?.en).toBe('The body does not match /Hello, world!/: "I am hungry.".');
    const host = await evaluateCheck(ctx, { check: 'http', from: 'host', url: 'http://localhost:30599/', status: 200 });
    expect(host.title.en).toBe('GET http://localhost:30599/ from this machine answers 200');
    expect(host.passed).toBe(true);
  });
});
