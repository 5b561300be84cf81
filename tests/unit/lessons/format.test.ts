/** Step Markdown, the loader's lint, the schema's verdicts, progress files and the chapter map. */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { buildCatalog, lessonStatus } from '../../../src/lessons/catalog';
import { groupLessonFiles, lintLesson, loadLesson, LessonLoadError } from '../../../src/lessons/loader';
import { codeBlocks, compareStepDocs, parseActionHref, parseStepMarkdown } from '../../../src/lessons/markdown';
import { emptyBook, parseBook, withLesson, type LessonProgress } from '../../../src/lessons/progress';
import type { LessonSpec } from '../../../src/lessons/types';
import { lessonValidator } from '../../lessons/schema';

describe('step Markdown', () => {
  const md = [
    '## Title',
    '',
    'Some *prose* and [open it](open:web.yaml).',
    '',
    '```sh run',
    'kubectl apply -f web.yaml',
    '```',
    '',
    '~~~yaml file=web.yaml',
    'kind: Pod',
    '# not a heading',
    '~~~',
    '',
    '```text',
    'NAME   READY',
    '```',
    '### More',
  ].join('\n');

  it('cuts prose and code blocks, with click actions from the info string', () => {
    const doc = parseStepMarkdown(md);
    expect(doc.segments).toEqual([
      { type: 'markdown', text: '## Title\n\nSome *prose* and [open it](open:web.yaml).' },
      { type: 'code', lang: 'sh', run: true, code: 'kubectl apply -f web.yaml\n' },
      { type: 'code', lang: 'yaml', run: false, file: 'web.yaml', code: 'kind: Pod\n# not a heading\n' },
      { type: 'code', lang: 'text', run: false, code: 'NAME   READY\n' },
      { type: 'markdown', text: '### More' },
    ]);
    expect(doc.openLinks).toEqual(['web.yaml']);
    expect(doc.headings).toEqual([2, 3]);
    expect(parseActionHref('open:web.yaml')).toEqual({ action: 'open', path: 'web.yaml' });
    expect(parseActionHref('https://kubernetes.io')).toBeUndefined();
  });

  it('reports ja/en drift in code blocks, links and headings', () => {
    const ja = parseStepMarkdown(md);
    expect(compareStepDocs(ja, parseStepMarkdown(md))).toEqual([]);
    const en = parseStepMarkdown(md.replace('kubectl apply -f web.yaml', 'kubectl create -f web.yaml').replace('### More', 'More'));
    expect(compareStepDocs(ja, en)).toEqual([
      'code block 1 (sh run) differs:\n  ja: "kubectl apply -f web.yaml\\n"\n  en: "kubectl create -f web.yaml\\n"',
      'heading levels differ: ja [2, 3], en [2]',
    ]);
    const fewer = parseStepMarkdown('## Title\n\n```sh\nkubectl get pods\n```\n');
    expect(compareStepDocs(ja, fewer)[0]).toBe('ja has 3 code blocks, en has 1');
    expect(codeBlocks(fewer)).toEqual([{ lang: 'sh', run: false, code: 'kubectl get pods\n' }]);
  });
});

const spec = (over: Partial<LessonSpec> = {}): LessonSpec => ({
  id: 'ch09-test',
  chapter: 9,
  order: 1,
  title: { ja: 'テスト', en: 'Test' },
  cluster: { preset: 'kind' },
  start: { files: ['web.yaml'] },
  steps: [
    { id: 'intro', kind: 'read' },
    {
      id: 'create',
      kind: 'do',
      checks: [{ check: 'exists', kind: 'Pod', name: 'web' }],
      hints: [{ ja: 'ヒント', en: 'Hint' }],
      solution: ['kubectl apply -f web.yaml'],
    },
  ],
  ...over,
});

const files = (s: LessonSpec, extra: Record<string, string> = {}): Record<string, string> => {
  const out: Record<string, string> = { 'lesson.yaml': stringify(s), 'files/web.yaml': 'kind: Pod\n' };
  s.steps.forEach((_, i) => {
    out[`steps/${i + 1}.ja.md`] = '## 手順\n\n```sh run\nkubectl get pods\n```\n';
    out[`steps/${i + 1}.en.md`] = '## Step\n\n```sh run\nkubectl get pods\n```\n';
  });
  return { ...out, ...extra };
};

describe('loader and lint', () => {
  it('a good lesson loads with no problems and validates', () => {
    const s = spec();
    const f = files(s);
    const lesson = loadLesson('ch09-test', f);
    expect(lesson.files).toEqual({ 'web.yaml': 'kind: Pod\n' });
    expect(lesson.texts).toHaveLength(2);
    expect(lintLesson('ch09-test', lesson, f)).toEqual([]);
    expect(lessonValidator()(s)).toEqual([]);
  });

  it('groups a bundle of files by lesson', () => {
    expect(
      groupLessonFiles({
        '/lessons/README.md': '#',
        '/lessons/lesson.schema.json': '{}',
        '/lessons/ch04-a/lesson.yaml': 'id: ch04-a',
        '/lessons/ch04-a/steps/1.ja.md': 'ja',
        '/lessons/ch04-b/files/web.yaml': 'kind: Pod',
        '/elsewhere/x': '',
      }),
    ).toEqual({
      'ch04-a': { 'lesson.yaml': 'id: ch04-a', 'steps/1.ja.md': 'ja' },
      'ch04-b': { 'files/web.yaml': 'kind: Pod' },
    });
  });

  it('missing step texts fail the load', () => {
    const f = files(spec());
    delete f['steps/2.en.md'];
    expect(() => loadLesson('ch09-test', f)).toThrow(LessonLoadError);
    expect(() => loadLesson('ch09-test', f)).toThrow('steps/2.en.md is missing');
  });

  it('lists what an author must fix', () => {
    const s = spec({
      id: 'ch09-other',
      start: { files: ['web.yaml', 'gone.yaml'] },
      steps: [
        { id: 'intro', kind: 'read', solution: ['kubectl get pods'] },
        {
          id: 'create',
          kind: 'do',
          checks: [
            { check: 'field', kind: 'Pod', name: 'web', path: '{.status.phase', equals: 'Running', matches: 'x' },
            { check: 'podsReady', selector: 'app in (web', count: 1, min: 1 },
            { check: 'command', command: 'kubectl get pods' },
            { check: 'event', message: '(unclosed' },
          ],
        },
        { id: 'create', kind: 'break', checks: [], solution: [] },
        {
          id: 'guess',
          kind: 'predict',
          question: { ja: '?', en: '?' },
          choices: [
            { id: 'a', text: { ja: 'a', en: 'a' } },
            { id: 'a', text: { ja: 'b', en: 'b' } },
          ],
          answer: 'c',
        },
      ],
    });
    const f = files(s, {
      'steps/3.ja.md': '```sh rn\nkubectl get pods\n```\n',
      'steps/4.en.md': '```yaml file=web.yaml\nkind: Service\n```\n',
      'steps/9.ja.md': '',
    });
    const problems = lintLesson('ch09-test', loadLesson('ch09-test', f), f);
    expect(problems).toEqual([
      'id "ch09-other" does not match the folder name "ch09-test"',
      'start.files: files/gone.yaml does not exist',
      'steps/9.ja.md does not belong to any step (the lesson has 4 steps)',
      'step 1 (intro): a read step has no checks or solution',
      'step 2 (create): checks without a solution cannot be replayed',
      'step 2 (create): JSONPath {.status.phase: unclosed action',
      'step 2 (create): a field check needs exactly one of equals, matches',
      'step 2 (create): podsReady takes count or min, not both',
      expect.stringMatching(/^step 2 \(create\): selector "app in \(web": /),
      'step 2 (create): command checks are only for lessons about commands (commandLesson: true)',
      expect.stringMatching(/^step 2 \(create\): regular expression "\(unclosed": /),
      'step 3 (create): duplicate step id',
      'step 3 (create): a break step needs checks',
      'step 3 (create): a break step needs an inject',
      expect.stringMatching(/^step 3 \(create\) ja\/en drift: code block 1: ja is `sh`, en is `sh run`/),
      'step 3 (create) ja/en drift: heading levels differ: ja [], en [2]',
      'step 3 (create) ja: unknown code block option rn',
      'step 4 (guess): duplicate choice ids',
      'step 4 (guess): answer "c" is not a choice',
      'step 4 (guess): a predict step needs an explanation',
      expect.stringMatching(/^step 4 \(guess\) ja\/en drift: code block 1: ja is `sh run`, en is `yaml file=web.yaml`/),
      expect.stringMatching(/^step 4 \(guess\) ja\/en drift: code block 1 \(sh run\) differs/),
      'step 4 (guess) ja/en drift: heading levels differ: ja [2], en []',
      'step 4 (guess) en: code block file=web.yaml differs from files/web.yaml',
    ]);
  });
});

describe('lint: capabilities', () => {
  it('http and logs checks must declare what they need', () => {
    const s = spec({
      steps: [
        {
          id: 'curl',
          kind: 'do',
          checks: [
            { check: 'http', from: 'host', url: 'http://localhost:30599/' },
            { check: 'logs', pod: 'myapp', matches: 'port' },
          ],
          solution: ['kubectl get pods'],
        },
      ],
    });
    const f = files(s);
    expect(lintLesson('ch09-test', loadLesson('ch09-test', f), f)).toEqual([
      'step 1 (curl): a http check needs requires: [http]',
      'step 1 (curl): a logs check needs requires: [logs]',
    ]);
    const ok = spec({ ...s, requires: ['logs'], steps: [{ ...s.steps[0]!, requires: ['http'] }] });
    expect(lintLesson('ch09-test', loadLesson('ch09-test', files(ok)), files(ok))).toEqual([]);
  });
});

describe('the JSON schema', () => {
  const validate = lessonValidator();

  it('rejects unknown check kinds, missing fields, stray keys, and read steps with checks', () => {
    const bad = (over: unknown): string[] => validate({ ...spec(), ...(over as object) });
    expect(bad({ steps: [{ id: 'x', kind: 'do', checks: [{ check: 'teleport' }], solution: ['x'] }]}).join('\n')).toMatch(
      /check.*must be equal to one of the allowed values/,
    );
    expect(bad({ steps: [{ id: 'x', kind: 'do', checks: [{ check: 'exists', kind: 'Pod' }], solution: ['x'] }] }).join('\n')).toMatch(
      /must have required property 'name'/,
    );
    expect(bad({ steps: [{ id: 'x', kind: 'do', checks: [{ check: 'exists', kind: 'Pod', name: 'a', colour: 'red' }], solution: ['x'] }] }).join('\n')).toMatch(
      /must NOT have additional properties.*colour/,
    );
    expect(bad({ steps: [{ id: 'x', kind: 'read', checks: [{ check: 'exists', kind: 'Pod', name: 'a' }] }] }).join('\n')).toMatch(
      /must NOT be valid/,
    );
    expect(bad({ steps: [{ id: 'x', kind: 'do', solution: ['x'] }] }).join('\n')).toMatch(/must have required property 'checks'/);
    expect(bad({ title: { ja: 'だけ' } }).join('\n')).toMatch(/must have required property 'en'/);
    expect(bad({ cluster: { preset: 'minikube' } }).join('\n')).toMatch(/must be equal to one of the allowed values/);
    expect(bad({ requires: ['kubelet', 'kubectl:edit', 'teleporter'] }).join('\n')).toMatch(/requires\/2/);
  });
});

describe('progress and the chapter map', () => {
  const progress = (lessonId: string, finished: boolean): LessonProgress => ({
    v: 1,
    lessonId,
    current: 'intro',
    steps: { intro: { done: true, hints: 1 }, guess: { done: true, hints: 0, answer: 'a' } },
    finished,
  });

  it('round-trips through JSON, drops unreadable entries, refuses newer versions', () => {
    const book = withLesson(emptyBook(), progress('ch04-namespaces', true));
    expect(parseBook(JSON.parse(JSON.stringify(book)))).toEqual(book);
    const messy = { v: 1, lessons: { a: { v: 1, lessonId: 'b', current: 'x', steps: {} }, c: 'nope' } };
    expect(parseBook(messy)).toEqual(emptyBook());
    expect(() => parseBook({ v: 2, lessons: {} })).toThrow('version 2 is newer');
    expect(() => parseBook([])).toThrow('expected a JSON object');
  });

  it('orders chapters, checks prerequisites, and tells what may be opened', () => {
    const a = spec({ id: 'ch04-a', chapter: 4, order: 1 });
    const b = spec({ id: 'ch04-b', chapter: 4, order: 2, prerequisites: ['ch04-a'] });
    const c = spec({ id: 'ch02-c', chapter: 2, order: 1, requires: ['kubelet'] });
    const catalog = buildCatalog([b, a, c]);
    expect(catalog.chapters.map((ch) => [ch.chapter, ch.lessons.map((l) => l.id)])).toEqual([
      [2, ['ch02-c']],
      [4, ['ch04-a', 'ch04-b']],
    ]);
    let book = emptyBook();
    expect(lessonStatus(catalog, 'ch04-b', book)).toBe('locked');
    expect(lessonStatus(catalog, 'ch04-a', book)).toBe('available');
    book = withLesson(book, progress('ch04-a', false));
    expect(lessonStatus(catalog, 'ch04-a', book)).toBe('in-progress');
    book = withLesson(book, progress('ch04-a', true));
    expect(lessonStatus(catalog, 'ch04-a', book)).toBe('finished');
    expect(lessonStatus(catalog, 'ch04-b', book)).toBe('available');
    expect(lessonStatus(catalog, 'ch02-c', book, (cap) => cap !== 'kubelet')).toBe('unavailable');
    expect(() => buildCatalog([spec({ id: 'ch04-x', prerequisites: ['ch04-y'] })])).toThrow('unknown prerequisite ch04-y');
    expect(() =>
      buildCatalog([spec({ id: 'ch04-x', prerequisites: ['ch04-y'] }), spec({ id: 'ch04-y', prerequisites: ['ch04-x'] })]),
    ).toThrow('prerequisites form a cycle: ch04-x → ch04-y → ch04-x');
  });
});
