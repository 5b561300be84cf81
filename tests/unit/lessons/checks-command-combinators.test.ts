/** command (with kubectl's way of reading flags), and all / any / not. */
import { beforeEach, describe, expect, it } from 'vitest';
import { evaluateCheck } from '../../../src/lessons/checks/index';
import { lineMatches, splitCommands } from '../../../src/lessons/commandline';
import { ghostPod, testEnv, type TestEnv } from './helpers';

let env: TestEnv;
beforeEach(() => {
  env = testEnv();
});

describe('command', () => {
  it('counts commands of the current step only, unless since: lesson', async () => {
    const c = { check: 'command', command: 'kubectl get pods -o wide' } as const;
    let r = await evaluateCheck(env.ctx({ stepIndex: 1 }), c);
    expect(r.title).toEqual({ en: 'Run `kubectl get pods -o wide`', ja: '`kubectl get pods -o wide` を実行する' });
    expect(r.detail).toEqual({ en: 'Not run in this step yet.', ja: 'このステップではまだ実行していません。' });
    env.commands.push({ line: 'kubectl get po -owide', time: 0, step: 0 });
    expect((await evaluateCheck(env.ctx({ stepIndex: 1 }), c)).passed).toBe(false);
    expect((await evaluateCheck(env.ctx({ stepIndex: 1 }), { ...c, since: 'lesson' })).passed).toBe(true);
    env.commands.push({ line: 'kubectl get pod --output=wide | grep myapp', time: 0, step: 1 });
    expect((await evaluateCheck(env.ctx({ stepIndex: 1 }), c)).passed).toBe(true);
    r = await evaluateCheck(env.ctx({ stepIndex: 2 }), { ...c, since: 'lesson', command: 'kubectl describe pod' });
    expect(r.detail).toEqual({ en: 'Not run in this lesson yet.', ja: 'このレッスンではまだ実行していません。' });
  });

  it('succeeded: only commands that exited 0', async () => {
    env.commands.push({ line: 'kubectl describe pod myap', time: 0, step: 0, status: 1 });
    const c = { check: 'command', command: 'kubectl describe pod', succeeded: true } as const;
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(false);
    env.commands.push({ line: 'kubectl describe pod myapp', time: 0, step: 0, status: 0 });
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
  });
});

describe('command lines', () => {
  it('splits pipelines, lists, $(…), heredocs, assignments and timeout', () => {
    expect(
      splitCommands(
        `KUBE_EDITOR="sed -i s/1.1/1.0/" kubectl edit pod myapp && echo "$(kubectl get pod myapp -o jsonpath='{.spec.nodeName}')" | tee out.txt 2>&1 > /dev/null; timeout 10 kubectl get pods -w`,
      ),
    ).toEqual([
      ['kubectl', 'edit', 'pod', 'myapp'],
      ['kubectl', 'get', 'pod', 'myapp', '-o', 'jsonpath={.spec.nodeName}'],
      ['echo', ''],
      ['tee', 'out.txt'],
      ['kubectl', 'get', 'pods', '-w'],
    ]);
    expect(splitCommands("cat <<EOF > a.yaml\nkind: Pod\nkubectl delete pod x\nEOF\nkubectl apply -f a.yaml")).toEqual([
      ['cat'],
      ['kubectl', 'apply', '-f', 'a.yaml'],
    ]);
  });

  it('compares flags by meaning and resources by kind', () => {
    const yes: [string, string][] = [
      ['kubectl get pods -o wide', 'kubectl get po -owide'],
      ['kubectl get pods -o wide', 'kubectl get pod --output=wide -n default'],
      ['kubectl get pods -n kube-system', 'kubectl --namespace kube-system get pods'],
      ['kubectl get pods -A', 'kubectl get pods --all-namespaces'],
      ['kubectl describe pod myapp', 'kubectl describe pods/myapp'],
      ['kubectl exec myapp -- curl', 'kubectl exec -it myapp -- curl -s localhost:8080'],
      ['kubectl logs', 'kubectl logs myapp -c hello-server'],
      ['kubectl get deploy', 'kubectl get deployments.apps'],
    ];
    const no: [string, string][] = [
      ['kubectl get pods -o wide', 'kubectl get pods'],
      ['kubectl get pods -o wide', 'kubectl get pods -o yaml'],
      ['kubectl describe pod myapp', 'kubectl describe pod nginx'],
      ['kubectl get pods', 'kubectl describe pods'],
      ['kubectl get pods -n kube-system', 'kubectl get pods -n default'],
      ['kubectl exec myapp -- curl', 'kubectl exec myapp -- wget'],
    ];
    for (const [p, l] of yes) expect(lineMatches(p, l), `${p} ~ ${l}`).toBe(true);
    for (const [p, l] of no) expect(lineMatches(p, l), `${p} !~ ${l}`).toBe(false);
  });
});

describe('all / any / not', () => {
  const exists = (name: string) => ({ check: 'exists', kind: 'Pod', name }) as const;

  it('all: passes when every inner check passes; explains each failure', async () => {
    const c = { check: 'all', checks: [exists('a'), exists('b')] } as const;
    let r = await evaluateCheck(env.ctx(), c);
    expect(r.title).toEqual({ en: 'Pod a exists and Pod b exists', ja: 'Pod a がある、かつ Pod b がある' });
    expect(r.detail).toEqual({
      en: 'Pod a was not found in namespace default. Pod b was not found in namespace default.',
      ja: 'Namespace default に Pod a が見つかりません。Namespace default に Pod b が見つかりません。',
    });
    expect(r.children?.map((x) => x.passed)).toEqual([false, false]);
    await env.create('/api/v1/namespaces/default/pods', ghostPod('a'));
    r = await evaluateCheck(env.ctx(), c);
    expect(r.detail?.en).toBe('Pod b was not found in namespace default.');
    await env.create('/api/v1/namespaces/default/pods', ghostPod('b'));
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
  });

  it('any: one is enough; otherwise lists them', async () => {
    const c = { check: 'any', checks: [exists('a'), exists('b')] } as const;
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.title.en).toBe('Pod a exists or Pod b exists');
    expect(r.detail).toEqual({
      en: 'None of these holds: Pod a exists; Pod b exists.',
      ja: '次のどれも成り立っていません: Pod a がある、Pod b がある。',
    });
    await env.create('/api/v1/namespaces/default/pods', ghostPod('b'));
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
  });

  it('not: inverts, and says what still holds', async () => {
    const c = { check: 'not', of: exists('a') } as const;
    expect((await evaluateCheck(env.ctx(), c)).passed).toBe(true);
    await env.create('/api/v1/namespaces/default/pods', ghostPod('a'));
    const r = await evaluateCheck(env.ctx(), c);
    expect(r.title).toEqual({ en: 'Not: Pod a exists', ja: '次が成り立たない: Pod a がある' });
    expect(r.detail).toEqual({ en: 'This still holds: Pod a exists.', ja: 'まだ次が成り立っています: Pod a がある。' });
  });

  it('a custom title replaces the generated one', async () => {
    const title = { en: 'myapp is there', ja: 'myapp がある' };
    const r = await evaluateCheck(env.ctx(), { ...exists('myapp'), title });
    expect(r.title).toEqual(title);
  });
});
