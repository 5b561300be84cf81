import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../../src/api/lazy';
import { createWorkerHost, type WorkerHost } from '../../../src/worker/host';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../../../src/worker/protocol';
import type { SessionSnapshot } from '../../../src/session/snapshot';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
type In = ToWorker extends infer T ? (T extends unknown ? Omit<T, 'v'> : never) : never;

const turn = () => new Promise<void>((r) => setImmediate(r));

/** A host with its posted messages recorded, driven like the worker drives it. */
function harness() {
  const posted: FromWorker[] = [];
  const host: WorkerHost = createWorkerHost({
    post: (m) => void posted.push(m),
    schedule: (fn) => void setImmediate(fn),
    yieldToLoop: turn,
  });
  let rpcId = 0;
  const send = (m: In) => host.handle({ ...m, v: PROTOCOL_VERSION } as ToWorker);
  const of = <T extends FromWorker['type']>(type: T) => posted.filter((m): m is Msg<T> => m.type === type);
  return {
    host,
    posted,
    send,
    of,
    async init(snapshot?: SessionSnapshot, speed = 1) {
      await send({ type: 'init', preset: 'kind', seed: 7, speed, ...(snapshot ? { snapshot } : {}) });
      return of('ready').at(-1)!;
    },
    /** Run a line in a tab and wait for its prompt to come back. */
    async run(tab: string, text: string, ticks = 0) {
      const id = ++rpcId;
      await send({ type: 'run', tab, id, text });
      for (let i = 0; i < 200 && !of('done').some((d) => d.tab === tab && d.id === id); i++) {
        if (ticks) await host.tick(ticks);
        await turn();
      }
      const done = of('done').find((d) => d.tab === tab && d.id === id);
      const output = of('output')
        .filter((o) => o.tab === tab && o.id === id)
        .map((o) => o.text)
        .join('');
      return { status: done?.status, output };
    },
    async call<T>(method: string, params: unknown): Promise<T> {
      const id = 1000 + ++rpcId;
      await send({ type: 'rpc', id, method, params } as In);
      for (let i = 0; i < 100 && !of('rpcResult').some((r) => r.id === id); i++) await turn();
      const r = of('rpcResult').find((x) => x.id === id)!;
      if (!r.ok) throw new Error(r.error);
      return r.result as T;
    },
  };
}

describe('worker host', () => {
  it('starts with one full snapshot that carries the printer cells', async () => {
    const h = harness();
    const ready = await h.init();
    expect(ready.v).toBe(PROTOCOL_VERSION);
    expect(ready.presets).toContain('kind');
    const node = ready.objects.find((o) => o.object.kind === 'Node');
    expect(node?.object.metadata.name).toBe('kind-control-plane');
    expect(node?.cells?.Status).toBe('Ready');
    const pod = ready.objects.find(
      (o) => o.object.kind === 'Pod' && o.object.metadata.name?.startsWith('coredns'),
    );
    expect(pod?.cells?.Status).toBeTruthy();
  });

  it('runs commands per tab and posts the changes they make with the next tick', async () => {
    const h = harness();
    await h.init();
    const r = await h.run('1', 'kubectl create deployment web --image=nginx:1.25.3 --replicas=3');
    expect(r).toEqual({ status: 0, output: 'deployment.apps/web created\n' });
    await h.host.tick(100);
    const tick = h.of('tick').at(-1)!;
    const dep = tick.changes.find((c) => c.object.kind === 'Deployment');
    expect(dep?.op).toBe('added');
    expect(dep?.object.metadata.name).toBe('web');
    expect(tick.journal?.entries.some((e) => e.t === 'run')).toBe(true);
  });

  it('lets sleep follow the speed of the clock, and Ctrl-C end a blocking command in its tab only', async () => {
    const h = harness();
    await h.init(undefined, 5);
    await h.send({ type: 'run', tab: '1', id: 1, text: 'sleep 10' });
    await h.send({ type: 'run', tab: '2', id: 1, text: 'kubectl get pods -w' });
    await h.host.tick(1000); // 5 s simulated
    await turn();
    expect(h.of('done')).toEqual([]);
    await h.host.tick(1000); // 10 s
    await turn();
    expect(h.of('done').map((d) => d.tab)).toEqual(['1']);
    await h.send({ type: 'interrupt', tab: '2' });
    for (let i = 0; i < 10; i++) await turn();
    expect(h.of('done').find((d) => d.tab === '2')?.status).toBe(130);
  });

  it('refuses messages of another protocol version', async () => {
    const h = harness();
    await h.host.handle({ v: 1, type: 'setSpeed', speed: 2 } as unknown as ToWorker);
    expect(h.of('fatal')[0]?.message).toBe(`protocol version 1 is not ${PROTOCOL_VERSION}`);
  });

  it('pauses and steps time', async () => {
    const h = harness();
    const ready = await h.init();
    await h.send({ type: 'setSpeed', speed: 0 });
    await h.host.tick(500);
    expect(h.of('tick').at(-1)!.now).toBe(ready.now);
    await h.send({ type: 'step', ms: 1000 });
    expect(h.of('tick').at(-1)!.now).toBe(ready.now + 1000);
  });

  it('holds simulated time while code loaded on first use is on its way', async () => {
    const h = harness();
    const ready = await h.init();
    let arrive = () => {};
    const load = lazyModule(() => new Promise<void>((r) => (arrive = r)));
    const loading = load();
    await h.host.tick(500);
    expect(h.of('tick').at(-1)!.now).toBe(ready.now);
    arrive();
    await loading;
    await h.host.tick(500);
    expect(h.of('tick').at(-1)!.now).toBe(ready.now + 500);
  });

  it('completes verbs, resource types and names from the live cluster', async () => {
    const h = harness();
    await h.init();
    await h.run('1', 'kubectl create deployment web --image=nginx:1.25.3');
    const c = (line: string) =>
      h.call<{ candidates: string[]; from: number }>('complete', { tab: '1', line });
    expect((await c('kub')).candidates).toEqual(['kubectl']);
    expect((await c('kubectl ge')).candidates).toContain('get');
    expect((await c('kubectl get deploy')).candidates).toContain('deployments');
    expect((await c('kubectl get deployments ')).candidates).toEqual(['web']);
    expect((await c('kubectl get deploy/')).candidates).toEqual(['deploy/web']);
    expect((await c('kubectl -n kube-system get pods core')).candidates[0]).toMatch(/^coredns-/);
    expect((await c('kubectl get pods --all-n')).candidates).toEqual(['--all-namespaces']);
    expect((await c('kubectl get pods -o ya')).candidates).toEqual(['yaml']);
    expect((await c('kubectl get pods -n kube-')).candidates).toEqual([
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
  });

  it('writes editor buffers to the file system and applies them with kubectl', async () => {
    const h = harness();
    await h.init();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: "1"\n';
    const r = await h.call<{ command: string; output: string; status: number }>('applyFile', {
      path: '/root/cfg.yaml',
      text: yaml,
      verb: 'apply',
    });
    expect(r.command).toBe('kubectl apply -f /root/cfg.yaml');
    expect(await h.call('readFile', { path: '~/cfg.yaml' })).toBe(yaml);
    if (r.status === 0) expect(r.output).toBe('configmap/cfg created\n');
  });

  it('restores a session by replaying its journal: same objects, uids and time', async () => {
    const a = harness();
    await a.init();
    await a.run('1', 'kubectl create deployment web --image=nginx:1.25.3 --replicas=2');
    await a.host.tick(1000);
    await a.run('2', 'sleep 3', 1000);
    await a.run('1', 'kubectl create namespace dev');
    await a.host.tick(700);
    const snap = await a.call<SessionSnapshot>('snapshot', {});
    const before = await a.call<{ output: string }>('exec', { text: 'kubectl get all,ns -A -o name' });

    const b = harness();
    const ready = await b.init(JSON.parse(JSON.stringify(snap)) as SessionSnapshot);
    expect(ready.now).toBe(snap.now);
    const uids = (objs: { object: { kind: string; metadata: { uid?: string } } }[]) =>
      objs
        .filter((o) => o.object.kind !== 'Event')
        .map((o) => o.object.metadata.uid)
        .sort();
    const aReady = a.of('ready').at(-1)!;
    // Everything the first session had at start is there with the same uid …
    expect(uids(ready.objects)).toEqual(expect.arrayContaining(uids(aReady.objects)));
    // … and so is what its commands made.
    const after = await b.call<{ output: string }>('exec', { text: 'kubectl get all,ns -A -o name' });
    expect(after.output).toBe(before.output);
  });
});
