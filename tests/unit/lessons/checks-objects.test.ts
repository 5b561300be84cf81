/** exists, absent, field and condition, on a real cluster, with their explanations in both languages. */
import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../../src/lessons/checks/index';
import { ghostPod, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});

const PODS = '/api/v1/namespaces/default/pods';

describe('exists', () => {
  it('fails with the namespace when the object is missing, passes once it exists', async () => {
    const c = { check: 'exists', kind: 'Pod', name: 'myapp' } as const;
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.passed).toBe(false);
    expect(r.title).toEqual({ en: 'Pod myapp exists', ja: 'Pod myapp がある' });
    expect(r.detail).toEqual({
      en: 'Pod myapp was not found in namespace default.',
      ja: 'Namespace default に Pod myapp が見つかりません。',
    });
    await env.create(PODS, ghostPod('myapp'));
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
  });

  it('resolves kubectl resource names and short names through discovery', async () => {
    await env.create('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'handson' } });
    for (const kind of ['Namespace', 'namespace', 'namespaces', 'ns']) {
      expect((await evaluateCheck(env.ctx(), { check: 'exists', kind, name: 'handson' })).passed).toBe(true);
    }
    const r = await evaluateCheck(env.ctx(), { check: 'exists', kind: 'ns', name: 'nope' });
    expect(r.detail).toEqual({ en: 'Namespace nope was not found.', ja: 'Namespace nope が見つかりません。' });
  });

  it('names the other namespace in title and explanation', async () => {
    const r = await evaluateCheck(env.ctx(), {
      check: 'exists',
      kind: 'cm',
      name: 'greeting',
      namespace: 'handson',
    });
    expect(r.title.en).toBe('ConfigMap greeting (namespace handson) exists');
    expect(r.detail?.en).toBe('ConfigMap greeting (namespace handson) was not found in namespace handson.');
  });

  it('treats an object being deleted as not there', async () => {
    await env.create(PODS, { ...ghostPod('doomed'), metadata: { name: 'doomed', finalizers: ['test/keep'] } });
    await env.del(`${PODS}/doomed`);
    const r = await evaluateCheck(env.ctx(), { check: 'exists', kind: 'Pod', name: 'doomed' });
    expect(r.passed).toBe(false);
    expect(r.detail).toEqual({ en: 'Pod doomed is being deleted.', ja: 'Pod doomed は削除中です。' });
  });

  it('an unknown kind fails with the server-side reason', async () => {
    const r = await evaluateCheck(env.ctx(), { check: 'exists', kind: 'Gadget', name: 'x' });
    expect(r.passed).toBe(false);
    expect(r.detail?.en).toBe('The API server answered 404: the server doesn\'t have a resource type "Gadget"');
    expect(r.detail?.ja).toContain('API サーバーの応答 404');
  });
});

describe('absent', () => {
  it('fails while the object exists or is being deleted, passes when it is gone', async () => {
    const c = { check: 'absent', kind: 'Pod', name: 'nginx' } as const;
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
    await env.create(PODS, { ...ghostPod('nginx'), metadata: { name: 'nginx', finalizers: ['test/keep'] } });
    let r = await evaluateCheck(env.ctx(), c);
    expect(r.title).toEqual({ en: 'Pod nginx does not exist', ja: 'Pod nginx がない' });
    expect(r.detail).toEqual({ en: 'Pod nginx still exists.', ja: 'Pod nginx はまだあります。' });
    await env.del(`${PODS}/nginx`);
    r = await evaluateCheck(env.ctx(), c);
    expect(r.passed).toBe(false);
    expect(r.detail).toEqual({
      en: 'Pod nginx is still being deleted (it has a deletionTimestamp; finalizers: test/keep).',
      ja: 'Pod nginx はまだ削除中です（deletionTimestamp があります。finalizers: test/keep）。',
    });
  });
});

describe('field', () => {
  it('compares what kubectl get -o jsonpath prints, and quotes it when it differs', async () => {
    await env.create(PODS, ghostPod('myapp', { app: 'myapp' }, 'blux2/hello-server:1.1'));
    const c = {
      check: 'field',
      kind: 'Pod',
      name: 'myapp',
      path: '{.spec.containers[0].image}',
      equals: 'blux2/hello-server:1.0',
    } as const;
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.title.en).toBe("`kubectl get pod myapp -o jsonpath='{.spec.containers[0].image}'` prints blux2/hello-server:1.0");
    expect(r.title.ja).toBe("`kubectl get pod myapp -o jsonpath='{.spec.containers[0].image}'` の出力が blux2/hello-server:1.0");
    expect(r.detail).toEqual({
      en: '`kubectl get pod myapp -o jsonpath=\'{.spec.containers[0].image}\'` prints "blux2/hello-server:1.1".',
      ja: '`kubectl get pod myapp -o jsonpath=\'{.spec.containers[0].image}\'` の出力は "blux2/hello-server:1.1" です。',
    });
    expect((await evaluateCheck(env.ctx(), { ...c, equals: undefined, matches: ':1\\.1$' })).passed).toBe(true);
  });

  it('a missing key prints nothing, as kubectl does', async () => {
    await env.create(PODS, ghostPod('myapp'));
    const r = await evaluateCheck(env.ctx(), {
      check: 'field',
      kind: 'Pod',
      name: 'myapp',
      path: '{.status.podIP}',
      matches: '.',
    });
    expect(r.detail?.en).toBe("`kubectl get pod myapp -o jsonpath='{.status.podIP}'` prints nothing yet.");
    expect(r.detail?.ja).toBe("`kubectl get pod myapp -o jsonpath='{.status.podIP}'` の出力はまだ空です。");
  });

  it('with a selector, runs the template on the List', async () => {
    await env.create(PODS, ghostPod('a', { app: 'web' }, 'nginx:1.24.0'));
    await env.create(PODS, ghostPod('b', { app: 'web' }, 'nginx:1.25.3'));
    await env.create(PODS, ghostPod('c', { app: 'db' }, 'nginx:1.25.3'));
    const c = {
      check: 'field',
      kind: 'pods',
      selector: 'app=web',
      path: '{.items[*].spec.containers[0].image}',
      equals: 'nginx:1.25.3 nginx:1.25.3',
    } as const;
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.detail?.en).toBe(
      '`kubectl get pod -l app=web -o jsonpath=\'{.items[*].spec.containers[0].image}\'` prints "nginx:1.24.0 nginx:1.25.3".',
    );
    expect((await evaluateCheck(env.ctx(), { ...c, equals: 'nginx:1.24.0 nginx:1.25.3' })).passed).toBe(true);
  });

  it('reports a missing object and a broken template', async () => {
    const missing = await evaluateCheck(env.ctx(), { check: 'field', kind: 'Pod', name: 'x', path: '{.a}', equals: '' });
    expect(missing.detail?.en).toBe('Pod x was not found in namespace default.');
    await env.create(PODS, ghostPod('x'));
    const bad = await evaluateCheck(env.ctx(), { check: 'field', kind: 'Pod', name: 'x', path: '{.a', equals: '' });
    expect(bad.passed).toBe(false);
    expect(bad.detail?.en).toBe('The template {.a fails: unclosed action');
    expect(bad.detail?.ja).toBe('テンプレート {.a がエラーになります: unclosed action');
  });
});

describe('condition', () => {
  it('explains a missing condition, a wrong status with its reason, and passes on True', async () => {
    await env.create(PODS, ghostPod('myapp'));
    const c = { check: 'condition', kind: 'Pod', name: 'myapp', condition: 'Ready' } as const;
    let r = await evaluateCheck(env.ctx(), c);
    expect(r.title).toEqual({ en: 'Pod myapp has condition Ready=True', ja: 'Pod myapp の condition Ready が True' });
    expect(r.detail).toEqual({
      en: 'Pod myapp has no Ready condition yet.',
      ja: 'Pod myapp にはまだ Ready condition がありません。',
    });
    await env.patchStatus(`${PODS}/myapp`, {
      conditions: [
        { type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' },
      ],
    });
    r = await evaluateCheck(env.ctx(), c);
    expect(r.detail).toEqual({
      en: 'Its Ready condition is False (ContainersNotReady: containers with unready status: [c]).',
      ja: 'Ready condition は False です（ContainersNotReady: containers with unready status: [c]）。',
    });
    expect((await evaluateCheck(env.ctx(), { ...c, status: 'False' })).passed).toBe(true);
    expect((await evaluateCheck(env.ctx(), { ...c, status: 'False', reason: 'Other' })).passed).toBe(false);
    await env.patchStatus(`${PODS}/myapp`, { conditions: [{ type: 'Ready', status: 'True' }] });
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
  });
});
