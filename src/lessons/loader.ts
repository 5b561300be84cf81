/**
 * Loading a lesson folder. The host hands over the folder's files as text (the browser bundles
 * them with `import.meta.glob('/lessons/**', { query: '?raw' })`, tests read them from disk):
 *
 *     lessons/<id>/lesson.yaml        the spec (lessons/lesson.schema.json)
 *     lessons/<id>/steps/<n>.ja.md    step n (1-based), Japanese
 *     lessons/<id>/steps/<n>.en.md    step n, English (same code blocks)
 *     lessons/<id>/finish.ja.md       optional finish-screen text (and .en.md)
 *     lessons/<id>/files/<name>       manifests: copied to ~/<name>, applied, injected
 *
 * `loadLesson` fails only when the folder cannot make a lesson at all; `lintLesson` lists every
 * problem an author should fix (the lesson tests require it to be empty).
 */
import { parse as parseYaml } from 'yaml';
import { JsonPathParseError, parseJsonPath } from '../apimachinery/jsonpath';
import { parseSelector, SelectorParseError } from '../apimachinery/labels';
import { compareStepDocs, parseInfo, parseStepMarkdown } from './markdown';
import type { Check, Lesson, LessonSpec, StepDoc } from './types';
import { LANGS } from './types';

export type LessonFiles = Readonly<Record<string, string>>;

export class LessonLoadError extends Error {
  constructor(
    readonly lessonId: string,
    readonly problems: string[],
  ) {
    super(`lesson ${lessonId}: ${problems.join('; ')}`);
    this.name = 'LessonLoadError';
  }
}

export function stepTextPath(index: number, lang: 'ja' | 'en'): string {
  return `steps/${index + 1}.${lang}.md`;
}

/** Parse `lesson.yaml` (no schema validation: the bundled lessons are validated in CI). */
export function parseLessonYaml(id: string, source: string): LessonSpec {
  let doc: unknown;
  try {
    doc = parseYaml(source);
  } catch (e) {
    throw new LessonLoadError(id, [`lesson.yaml: ${e instanceof Error ? e.message : String(e)}`]);
  }
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { steps?: unknown }).steps))
    throw new LessonLoadError(id, ['lesson.yaml: expected a mapping with a list of steps']);
  return doc as LessonSpec;
}

export function loadLesson(id: string, files: LessonFiles): Lesson {
  const source = files['lesson.yaml'];
  if (source === undefined) throw new LessonLoadError(id, ['lesson.yaml is missing']);
  const spec = parseLessonYaml(id, source);
  const missing: string[] = [];
  const texts = spec.steps.map((_, i) => {
    const docs = {} as { ja: StepDoc; en: StepDoc };
    for (const lang of LANGS) {
      const md = files[stepTextPath(i, lang)];
      if (md === undefined) missing.push(`${stepTextPath(i, lang)} is missing`);
      docs[lang] = parseStepMarkdown(md ?? '');
    }
    return docs;
  });
  if (missing.length) throw new LessonLoadError(id, missing);
  const lesson: Lesson = { spec, texts, files: {} };
  if (files['finish.ja.md'] !== undefined || files['finish.en.md'] !== undefined) {
    lesson.finish = {
      ja: parseStepMarkdown(files['finish.ja.md'] ?? ''),
      en: parseStepMarkdown(files['finish.en.md'] ?? ''),
    };
  }
  for (const [path, content] of Object.entries(files)) {
    if (path.startsWith('files/')) lesson.files[path.slice('files/'.length)] = content;
  }
  return lesson;
}

/**
 * Split a flat map of lesson files by lesson id, e.g. what the browser bundles with
 * `import.meta.glob('/lessons/**', { query: '?raw', import: 'default', eager: true })`:
 * `{'/lessons/ch04-first-pod/lesson.yaml': '…'}` → `{'ch04-first-pod': {'lesson.yaml': '…'}}`.
 * Files directly under the root (README.md, the schema) are ignored.
 */
export function groupLessonFiles(flat: Readonly<Record<string, string>>, root = '/lessons/'): Record<string, LessonFiles> {
  const out: Record<string, Record<string, string>> = {};
  for (const [path, content] of Object.entries(flat)) {
    if (!path.startsWith(root)) continue;
    const rest = path.slice(root.length);
    const slash = rest.indexOf('/');
    if (slash <= 0) continue;
    (out[rest.slice(0, slash)] ??= {})[rest.slice(slash + 1)] = content;
  }
  return out;
}

/** Every check of a list, combinators included. */
export function allChecks(checks: readonly Check[] | undefined): Check[] {
  const out: Check[] = [];
  const walk = (c: Check): void => {
    out.push(c);
    if (c.check === 'all' || c.check === 'any') c.checks.forEach(walk);
    else if (c.check === 'not') walk(c.of);
  };
  (checks ?? []).forEach(walk);
  return out;
}

function regexProblem(re: string | undefined): string | undefined {
  if (re === undefined) return undefined;
  try {
    new RegExp(re);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * What an author must fix: the folder name, missing or extra files, step texts that differ in
 * structure between ja and en, code blocks showing a file with other content, predict steps
 * without a valid answer, command checks outside command lessons, invalid JSONPath templates,
 * regular expressions and label selectors. (The JSON schema is checked separately.)
 */
export function lintLesson(id: string, lesson: Lesson, rawFiles: LessonFiles): string[] {
  const p: string[] = [];
  const { spec } = lesson;
  if (spec.id !== id) p.push(`id ${JSON.stringify(spec.id)} does not match the folder name ${JSON.stringify(id)}`);
  const fileNames = new Set(Object.keys(lesson.files));
  const needFile = (name: string, where: string): void => {
    if (!fileNames.has(name)) p.push(`${where}: files/${name} does not exist`);
  };
  for (const f of spec.start?.files ?? []) needFile(f, 'start.files');
  for (const f of spec.start?.manifests ?? []) needFile(f, 'start.manifests');

  // Step files: exactly one per step and language.
  for (const path of Object.keys(rawFiles)) {
    const m = /^steps\/(\d+)\.(ja|en)\.md$/.exec(path);
    if (path.startsWith('steps/') && (!m || Number(m[1]) < 1 || Number(m[1]) > spec.steps.length))
      p.push(`${path} does not belong to any step (the lesson has ${spec.steps.length} steps)`);
  }
  const ids = new Set<string>();
  spec.steps.forEach((step, i) => {
    const where = `step ${i + 1} (${step.id})`;
    if (ids.has(step.id)) p.push(`${where}: duplicate step id`);
    ids.add(step.id);
    const checks = step.checks ?? [];
    if ((step.kind === 'do' || step.kind === 'break') && checks.length === 0) p.push(`${where}: a ${step.kind} step needs checks`);
    if (step.kind === 'read' && (checks.length || step.solution?.length)) p.push(`${where}: a read step has no checks or solution`);
    if (checks.length && !step.solution?.length) p.push(`${where}: checks without a solution cannot be replayed`);
    if (step.kind === 'break') {
      if (!step.inject?.manifests?.length && !step.inject?.commands?.length) p.push(`${where}: a break step needs an inject`);
      for (const f of step.inject?.manifests ?? []) needFile(f, `${where} inject`);
    } else if (step.inject) p.push(`${where}: only break steps inject faults`);
    if (step.kind === 'predict') {
      const choices = step.choices ?? [];
      if (!step.question) p.push(`${where}: a predict step needs a question`);
      if (choices.length < 2) p.push(`${where}: a predict step needs at least two choices`);
      if (new Set(choices.map((c) => c.id)).size !== choices.length) p.push(`${where}: duplicate choice ids`);
      if (!choices.some((c) => c.id === step.answer)) p.push(`${where}: answer ${JSON.stringify(step.answer)} is not a choice`);
      if (!step.explanation) p.push(`${where}: a predict step needs an explanation`);
    } else if (step.question || step.choices || step.answer || step.explanation) {
      p.push(`${where}: question, choices, answer and explanation belong to predict steps`);
    }
    const declared = new Set([...(spec.requires ?? []), ...(step.requires ?? [])]);
    for (const c of allChecks(checks)) {
      // Checks that cannot pass without a capability must say so, or the runtime cannot warn.
      const needs = c.check === 'http' ? 'http' : c.check === 'logs' ? 'logs' : undefined;
      if (needs && !declared.has(needs)) p.push(`${where}: a ${c.check} check needs requires: [${needs}]`);
      if (c.check === 'command' && !spec.commandLesson)
        p.push(`${where}: command checks are only for lessons about commands (commandLesson: true)`);
      if (c.check === 'field') {
        try {
          parseJsonPath('check', c.path);
        } catch (e) {
          if (!(e instanceof JsonPathParseError)) throw e;
          p.push(`${where}: JSONPath ${c.path}: ${e.message}`);
        }
        if ((c.equals === undefined) === (c.matches === undefined)) p.push(`${where}: a field check needs exactly one of equals, matches`);
        if ((c.name === undefined) === (c.selector === undefined)) p.push(`${where}: a field check needs exactly one of name, selector`);
      }
      if (c.check === 'podsReady' && c.count !== undefined && c.min !== undefined)
        p.push(`${where}: podsReady takes count or min, not both`);
      if (c.check === 'logs' && (c.pod === undefined) === (c.selector === undefined))
        p.push(`${where}: a logs check needs exactly one of pod, selector`);
      for (const sel of [
        c.check === 'podsReady' || c.check === 'field' || c.check === 'logs' ? c.selector : undefined,
      ]) {
        if (sel === undefined) continue;
        try {
          parseSelector(sel);
        } catch (e) {
          if (!(e instanceof SelectorParseError)) throw e;
          p.push(`${where}: selector ${JSON.stringify(sel)}: ${e.message}`);
        }
      }
      const res = [
        c.check === 'field' ? c.matches : undefined,
        c.check === 'event' ? c.message : undefined,
        c.check === 'logs' ? c.matches : undefined,
        c.check === 'http' ? c.body : undefined,
      ];
      for (const re of res) {
        const err = regexProblem(re);
        if (err) p.push(`${where}: regular expression ${JSON.stringify(re)}: ${err}`);
      }
    }
    // Texts: same structure in both languages; file blocks show the file as it is.
    const docs = lesson.texts[i];
    if (docs) {
      for (const d of compareStepDocs(docs.ja, docs.en)) p.push(`${where} ja/en drift: ${d}`);
      for (const lang of LANGS) {
        for (const s of docs[lang].segments) {
          if (s.type !== 'code' || s.file === undefined) continue;
          const content = lesson.files[s.file];
          if (content === undefined) p.push(`${where} ${lang}: code block file=${s.file}: files/${s.file} does not exist`);
          else if (content !== s.code) p.push(`${where} ${lang}: code block file=${s.file} differs from files/${s.file}`);
        }
        const md = rawFiles[stepTextPath(i, lang)] ?? '';
        for (const line of md.split('\n')) {
          const m = /^ {0,3}(?:`{3,}|~{3,})(.+)$/.exec(line);
          if (!m) continue;
          const unknown = parseInfo(m[1]!).unknown;
          if (unknown.length) p.push(`${where} ${lang}: unknown code block option ${unknown.join(' ')}`);
        }
      }
    }
  });
  if (lesson.finish) {
    for (const d of compareStepDocs(lesson.finish.ja, lesson.finish.en)) p.push(`finish ja/en drift: ${d}`);
  }
  return p;
}
