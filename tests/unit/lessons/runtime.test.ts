/**
 * The lesson runtime on a real session: start state, live evaluation after changes (coalesced),
 * step kinds, hints, predict reveals, progress and resuming, failures.
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { ApiRequest } from '../../../src/api/client';
import { loadLesson } from '../../../src/lessons/loader';
import { INJECT_DIR, LessonRuntime, type LessonView } from '../../../src/lessons/runtime';
import type { LessonSpec } from '../../../src/lessons/types';
import { CliLessonHost } from '../../lessons/support';

const cm = (color: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  color: ${color}\n`;

const color = (value: string) =>
  ({ check: 'field', kind: 'ConfigMap', name: 'app-config', path: '{.data.color}', equals: value }) as const;

const spec: LessonSpec = {
  id: 'ch09-runtime',
  chapter: 9,
  order: 1,
  title: { ja: 'ランタイム', en: 'Runtime' },
  cluster: { preset: 'kind' },
  start: { files: ['cm.yaml'], commands: ['kubectl create namespace team'] },
  steps: [
    { id: 'intro', kind: 'read' },
    {
      id: 'create',
      kind: 'do',
      checks: [color('blue')],
      hints: [
        { ja: 'ヒント1', en: 'Hint 1' },
        { ja: 'ヒント2', en: 'Hint 2' },
      ],
      solution: ['kubectl apply -f cm.yaml'],
    },
    {
      id: 'repair',
      kind: 'break',
      inject: { manifests: ['broken.yaml'] },
      checks: [color('blue')],
      solution: ['kubectl apply -f cm.yaml'],
    },
    {
      id: 'guess',
      kind: 'predict',
      question: { ja: '？', en: '?' },
      choices: [
        { id: 'a', text: { ja: 'あ', en: 'A' } },
        { id: 'b', text: { ja: 'い', en: 'B' } },
      ],
      answer: 'a',
      explanation: { ja: '説明', en: 'Because.' },
      checks: [{ check: 'exists', kind: 'Namespace', name: 'team2' }],
      solution: ['kubectl create namespace team2'],
    },
    {
      id: 'last',
      kind: 'predict',
      question: { ja: '？', en: '?' },
      choices: [
        { id: 'a', text: { ja: 'あ', en: 'A' } },
        { id: 'b', text: { ja: 'い', en: 'B' } },
      ],
      answer: 'b',
      explanation: { ja: '説明', en: 'Because.' },
    },
  ],
};

function lessonFiles(s: LessonSpec = spec): Record<string, string> {
  const files: Record<string, string> = {
    'lesson.yaml': stringify(s),
    'files/cm.yaml': cm('blue'),
    'files/broken.yaml': cm('red'),
  };
  s.steps.forEach((_, i) => {
    files[`steps/${i + 1}.ja.md`] = `## ${i + 1}\n`;
    files[`steps/${i + 1}.en.md`] = `## ${i + 1}\n`;
  });
  return files;
}

function setup(s: LessonSpec = spec, options: ConstructorParameters<typeof LessonRuntime>[2] = {}) {
  const host = new CliLessonHost('kind');
  const rt = new LessonRuntime(loadLesson(s.id, lessonFiles(s)), host, options);
  const views: LessonView[] = [];
  rt.subscribe((v) => views.push(v));
  // What the worker does: tell the runtime about every change.
  host.cli.session.cluster.onChange(() => rt.notify());
  return { host, rt, views };
}

async function learner(host: CliLessonHost, rt: LessonRuntime, line: string): Promise<void> {
  rt.recordCommand(line, await host.learner(line));
  await rt.settled();
}

describe('LessonRuntime', () => {
  it('plays a lesson: start state, live checks, break, predict, finish', async () => {
    const { host, rt, views } = setup();
    expect(views[0]!.phase).toBe('idle');
    await rt.start();
    // Start: files in the home directory, start commands run.
    expect(host.cli.session.fs.readFile('/root/cm.yaml')).toBe(cm('blue'));
    expect((await host.client.request({ method: 'GET', path: '/api/v1/namespaces/team' })).status).toBe(200);
    let v = rt.view();
    expect(v.phase).toBe('running');
    expect(v.steps.map((s) => s.state)).toEqual(['done', 'pending', 'pending', 'pending', 'pending']);

    await rt.next();
    await rt.settled();
    v = rt.view();
    expect(v.current).toBe(1);
    expect(v.steps[1]!.state).toBe('active');
    expect(v.steps[1]!.results?.[0]).toMatchObject({
      passed: false,
      detail: { en: 'ConfigMap app-config was not found in namespace default.' },
    });
    // Hints, one at a time.
    expect(rt.revealHint()).toEqual({ ja: 'ヒント1', en: 'Hint 1' });
    expect(rt.view().steps[1]!.hintsLeft).toBe(1);
    expect(rt.revealHint()).toEqual({ ja: 'ヒント2', en: 'Hint 2' });
    expect(rt.revealHint()).toBeUndefined();
    expect(rt.view().steps[1]!.hintsShown).toHaveLength(2);
    // next() does nothing until the step is done.
    await rt.next();
    expect(rt.view().current).toBe(1);

    // The learner fixes it; the change notification alone turns the check green.
    await learner(host, rt, 'kubectl apply -f cm.yaml');
    v = rt.view();
    expect(v.steps[1]!.state).toBe('done');
    expect(v.steps[1]!.results?.[0]?.passed).toBe(true);

    // Break: the fault is injected out of the learner's sight.
    await rt.next();
    await rt.settled();
    expect(host.cli.session.fs.readFile(`${INJECT_DIR}/ch09-runtime/broken.yaml`)).toBe(cm('red'));
    expect(host.cli.session.fs.readDir('/root')).not.toContain('broken.yaml');
    v = rt.view();
    expect(v.steps[2]!.state).toBe('active');
    expect(v.steps[2]!.results?.[0]?.detail?.en).toBe(
      '`kubectl get configmap app-config -o jsonpath=\'{.data.color}\'` prints "red".',
    );
    await learner(host, rt, 'kubectl apply -f cm.yaml');
    expect(rt.view().steps[2]!.state).toBe('done');

    // Predict with checks: nothing is evaluated before the answer.
    await rt.next();
    await learner(host, rt, 'kubectl create namespace team2');
    expect(rt.view().steps[3]!.results).toBeUndefined();
    expect(rt.view().steps[3]!.state).toBe('active');
    expect(() => rt.answer('z')).toThrow('unknown choice z');
    rt.answer('b');
    await rt.settled();
    v = rt.view();
    expect(v.steps[3]!.state).toBe('done');
    expect(v.steps[3]!.reveal).toEqual({ chosen: 'b', answer: 'a', correct: false, explanation: { ja: '説明', en: 'Because.' } });
    rt.answer('a'); // the answer is final
    expect(rt.view().steps[3]!.answer).toBe('b');

    // Predict without checks: done on answering; the last next() finishes the lesson.
    await rt.next();
    rt.answer('b');
    expect(rt.view().steps[4]!.reveal?.correct).toBe(true);
    await rt.next();
    expect(rt.view().phase).toBe('finished');
    expect(rt.progress()).toEqual({
      v: 1,
      lessonId: 'ch09-runtime',
      current: 'last',
      finished: true,
      steps: {
        intro: { done: true, hints: 0 },
        create: { done: true, hints: 2 },
        repair: { done: true, hints: 0 },
        guess: { done: true, hints: 0, answer: 'b' },
        last: { done: true, hints: 0, answer: 'b' },
      },
    });
  });

  it('coalesces a burst of notifications into one evaluation', async () => {
    const { host, rt } = setup();
    await rt.start();
    await rt.next();
    await rt.settled();
    const requests: ApiRequest[] = [];
    const request = host.client.request.bind(host.client);
    host.client.request = (req) => {
      requests.push(req);
      return request(req);
    };
    for (let i = 0; i < 20; i++) rt.notify();
    await rt.settled();
    const oneEvaluation = requests.length;
    expect(oneEvaluation).toBeGreaterThan(0);
    requests.length = 0;
    rt.notify();
    await rt.settled();
    expect(requests.length).toBe(oneEvaluation);
  });

  it('resumes from saved progress by replaying the solutions of the steps done', async () => {
    const first = setup();
    await first.rt.start();
    await first.rt.next();
    await learner(first.host, first.rt, 'kubectl apply -f cm.yaml');
    await first.rt.next();
    await first.rt.settled();
    const saved = JSON.parse(JSON.stringify(first.rt.progress())) as ReturnType<LessonRuntime['progress']>;
    expect(saved.current).toBe('repair');

    // A fresh cluster: steps 1–2 are replayed, the break step's fault is injected again.
    const second = setup(spec, { progress: saved });
    await second.rt.start();
    await second.rt.settled();
    const v = second.rt.view();
    expect(v.current).toBe(2);
    expect(v.steps.map((s) => s.state)).toEqual(['done', 'done', 'active', 'pending', 'pending']);
    expect(v.steps[2]!.results?.[0]?.passed).toBe(false);
    await learner(second.host, second.rt, 'kubectl apply -f cm.yaml');
    expect(second.rt.view().steps[2]!.state).toBe('done');
  });

  it('with a restored session, resumes without applying or replaying anything', async () => {
    const { host, rt } = setup(spec, {
      sessionRestored: true,
      progress: {
        v: 1,
        lessonId: 'ch09-runtime',
        current: 'repair',
        finished: false,
        steps: { intro: { done: true, hints: 0 }, create: { done: true, hints: 1 } },
      },
    });
    await rt.start();
    await rt.settled();
    expect(host.transcript).toBe(''); // no command ran: the snapshot has the state
    expect(host.cli.session.fs.readFile('/root/cm.yaml')).toBeUndefined();
    const v = rt.view();
    expect(v.current).toBe(2);
    expect(v.steps.map((s) => s.state)).toEqual(['done', 'done', 'active', 'pending', 'pending']);
    expect(v.steps[1]!.hintsShown).toHaveLength(1);
  });

  it('moves on by itself with autoAdvance, and skip() passes over a step', async () => {
    const { host, rt } = setup(spec, { autoAdvance: true });
    await rt.start();
    expect(rt.view().current).toBe(0); // read steps wait for the learner
    await rt.next();
    await learner(host, rt, 'kubectl apply -f cm.yaml');
    await rt.settled();
    expect(rt.view().current).toBe(2);
    await rt.settled();
    await rt.skip();
    expect(rt.view().current).toBe(3);
    expect(rt.view().steps[2]!.state).toBe('skipped');
    expect(rt.progress().steps.repair).toEqual({ done: false, hints: 0 });
  });

  it('fails clearly when the start state cannot be made', async () => {
    const broken: LessonSpec = { ...spec, start: { commands: ['kubectl create namespace Bad_Name'] } };
    const { rt } = setup(broken);
    await rt.start();
    const v = rt.view();
    expect(v.phase).toBe('failed');
    expect(v.error?.en).toMatch(/^The lesson could not set up the cluster: `kubectl create namespace Bad_Name` exited with 1\./);
    expect(v.error?.en).toContain('Bad_Name');
    expect(v.error?.ja).toMatch(/^レッスンの準備に失敗しました/);
  });

  it('lists the capabilities a step needs that the host lacks', async () => {
    const s: LessonSpec = { ...spec, steps: spec.steps.map((st, i) => (i === 1 ? { ...st, requires: ['kubelet'] } : st)) };
    const { host, rt } = setup(s);
    host.has = (c) => c !== 'kubelet';
    await rt.start();
    expect(rt.view().steps.map((st) => st.missing)).toEqual([[], ['kubelet'], [], [], []]);
  });
});
