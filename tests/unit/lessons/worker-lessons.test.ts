/**
 * The lesson runtime in the worker host (src/worker/lessons.ts): a lesson started over the
 * protocol sets up the cluster through journaled hidden shells, re-evaluates its checks as
 * ticks move the cluster, records the learner's terminal commands, survives a save/restore of
 * the session without re-injecting its fault, and stops on request.
 */
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../../src/lessons/loader';
import { parseStepMarkdown } from '../../../src/lessons/markdown';
import type { Lesson } from '../../../src/lessons/types';
import type { LessonView } from '../../../src/lessons/runtime';
import type { SessionSnapshot } from '../../../src/session/snapshot';
import { createWorkerHost } from '../../../src/worker/host';
import { workerCapabilities } from '../../../src/worker/lessons';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../../../src/worker/protocol';
import { readLessonFiles } from '../../lessons/support';

type Msg<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
type In = ToWorker extends infer T ? (T extends unknown ? Omit<T, 'v'> : never) : never;

const turn = () => new Promise<void>((r) => setImmediate(r));
const lesson = loadLesson('ch05-image-pull', readLessonFiles('ch05-image-pull'));

function harness() {
  const posted: FromWorker[] = [];
  const host = createWorkerHost({
    post: (m) => void posted.push(m),
    schedule: (fn) => void setImmediate(fn),
    yieldToLoop: turn,
  });
  let seq = 0;
  const send = (m: In) => host.handle({ ...m, v: PROTOCOL_VERSION } as ToWorker);
  const of = <T extends FromWorker['type']>(type: T) => posted.filter((m): m is Msg<T> => m.type === type);
  const view = (): LessonView | null | undefined => of('lesson').at(-1)?.view;
  return {
    host,
    send,
    of,
    view,
    async init(snapshot?: SessionSnapshot) {
      // 60× speed: one 1 s tick is a simulated minute (the browser's fastest speed button).
      await send({ type: 'init', preset: 'kind', seed: 1, speed: 60, ...(snapshot ? { snapshot } : {}) });
    },
    /** Tick (1 s of wall time each) until `done` holds or `max` ticks went by. */
    async until(done: () => boolean, max = 30) {
      for (let i = 0; i < max && !done(); i++) {
        await host.tick(1000);
        for (let j = 0; j < 20; j++) await turn();
      }
      return done();
    },
    async run(tab: string, text: string) {
      const id = ++seq;
      await send({ type: 'run', tab, id, text });
      for (let i = 0; i < 400 && !of('done').some((d) => d.tab === tab && d.id === id); i++) {
        await host.tick(100);
        await turn();
      }
      return of('done').find((d) => d.tab === tab && d.id === id)?.status;
    },
    async call<T>(method: string, params: unknown): Promise<T> {
      const id = 1000 + ++seq;
      await send({ type: 'rpc', id, method, params } as In);
      for (let i = 0; i < 100 && !of('rpcResult').some((r) => r.id === id); i++) await turn();
      const r = of('rpcResult').find((x) => x.id === id)!;
      if (!r.ok) throw new Error(r.error);
      return r.result as T;
    },
  };
}

const step = (v: LessonView | null | undefined) => (v ? v.steps[v.current] : undefined);

describe('lessons in the worker host', () => {
  it('plays ch05-image-pull: start state, live checks, the injected fault, resume after a restore', async () => {
    const h = harness();
    await h.init();
    await h.send({ type: 'lessonStart', lesson, restored: false });
    expect(await h.until(() => h.view()?.phase === 'running')).toBe(true);
    expect(h.view()!.current).toBe(0);
    expect(step(h.view())!.state).toBe('done'); // a read step
    // start.files: ~/myapp.yaml is in the learner's file system.
    expect(await h.call<string | null>('readFile', { path: '/root/myapp.yaml' })).toBe(lesson.files['myapp.yaml']);

    await h.send({ type: 'lessonAction', action: 'next' });
    expect(await h.until(() => step(h.view())?.results !== undefined)).toBe(true);
    expect(h.view()!.current).toBe(1);
    const before = step(h.view())!;
    expect(before.state).toBe('active');
    expect(before.results!.map((r) => r.passed)).toEqual([false, false]);
    expect(before.results![0]!.detail?.en).toBeTruthy();

    // The learner applies the manifest in a terminal; ticks move the cluster; the checks turn green.
    expect(await h.run('1', 'kubectl apply -f myapp.yaml')).toBe(0);
    expect(await h.until(() => step(h.view())?.state === 'done')).toBe(true);
    expect(step(h.view())!.results!.every((r) => r.passed)).toBe(true);
    expect(h.of('lesson').at(-1)!.progress!.steps['run-myapp']!.done).toBe(true);

    // The break step injects its fault through a journaled hidden shell.
    await h.send({ type: 'lessonAction', action: 'next' });
    expect(await h.until(() => h.view()!.current === 2 && step(h.view())?.results !== undefined)).toBe(true);
    expect(step(h.view())!.results![0]).toMatchObject({ passed: false });
    await h.send({ type: 'lessonAction', action: 'hint' });
    await turn();
    expect(step(h.view())!.hintsShown).toHaveLength(1);
    const snap = await h.call<SessionSnapshot>('snapshot', {});
    expect(snap.lesson).toBe('ch05-image-pull');
    expect(snap.journal.some((e) => e.t === 'run' && e.tab.startsWith('~') && e.text.includes('pod-destruction'))).toBe(true);
    const progress = h.of('lesson').at(-1)!.progress!;
    expect(progress.current).toBe('wrong-tag');

    // A reload: the session is replayed, the lesson resumes on it without injecting again.
    const r = harness();
    await r.init(snap);
    await r.send({ type: 'lessonStart', lesson, progress, restored: true });
    expect(await r.until(() => step(r.view())?.results !== undefined)).toBe(true);
    expect(r.view()!.current).toBe(2);
    expect(step(r.view())!.hintsShown).toHaveLength(1);
    expect(step(r.view())!.results![0]!.passed).toBe(false);
    const again = await r.call<SessionSnapshot>('snapshot', {});
    expect(again.journal.filter((e) => e.t === 'run' && e.tab.startsWith('~')).length).toBe(
      snap.journal.filter((e) => e.t === 'run' && e.tab.startsWith('~')).length,
    );

    // Fixed with kubectl edit: the session's editor is the UI's, answered as a saved editor tab.
    const edited = r.run('1', 'kubectl edit pod myapp');
    expect(await r.until(() => r.of('editorOpen').length > 0, 10)).toBe(true);
    const open = r.of('editorOpen')[0]!;
    expect(open.content).toContain('image: blux2/hello-server:1.1');
    await r.send({ type: 'editorResult', n: open.n, text: open.content.replaceAll('image: blux2/hello-server:1.1', 'image: blux2/hello-server:1.0') });
    expect(await edited).toBe(0);
    const ok = await r.until(() => step(r.view())?.state === "done", 60);
    expect(ok, JSON.stringify(step(r.view()))).toBe(true);

    await r.send({ type: 'lessonAction', action: 'stop' });
    expect(r.of('lesson').at(-1)).toMatchObject({ view: null, progress: null });
    expect((await r.call<SessionSnapshot>('snapshot', {})).lesson).toBeUndefined();
  }, 60_000);

  it("records the learner's commands as they start: a watch counts while it still runs", async () => {
    const empty = parseStepMarkdown('');
    const watchLesson: Lesson = {
      spec: {
        id: 't-watch',
        chapter: 5,
        order: 1,
        title: { ja: 't', en: 't' },
        cluster: { preset: 'kind' },
        commandLesson: true,
        steps: [
          {
            id: 'watch',
            kind: 'do',
            checks: [{ check: 'command', command: 'kubectl get pods -w' }],
            solution: ['kubectl get pods -w'],
          },
        ],
      },
      texts: [{ ja: empty, en: empty }],
      files: {},
    };
    const h = harness();
    await h.init();
    await h.send({ type: 'lessonStart', lesson: watchLesson, restored: false });
    expect(await h.until(() => step(h.view())?.results !== undefined)).toBe(true);
    expect(step(h.view())!.results![0]!.passed).toBe(false);
    // Typed in a hidden shell (the lesson's own) it would not count; in tab 1 it does, at once.
    await h.send({ type: 'run', tab: '1', id: 1, text: 'kubectl get pods -w' });
    expect(await h.until(() => step(h.view())?.state === 'done', 5)).toBe(true);
    expect(h.of('done').some((d) => d.tab === '1')).toBe(false); // still watching
    await h.send({ type: 'interrupt', tab: '1' });
  });

  it('knows kubectl verbs by their registration', () => {
    const has = workerCapabilities();
    expect(has('kubectl:get')).toBe(true);
    expect(has('kubectl:no-such-verb')).toBe(false);
  });
});
