/**
 * Every lesson folder validates: lesson.yaml against lessons/lesson.schema.json (ajv), the
 * loader's lint (files, texts, predict answers, JSONPath, selectors, regular expressions, ja/en
 * drift), and the chapter map (prerequisites exist and form no cycle).
 */
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../src/lessons/catalog';
import { lintLesson, loadLesson } from '../../src/lessons/loader';
import { CHECK_KINDS } from '../../src/lessons/types';
import { lessonSchema as schema, lessonValidator } from './schema';
import { lessonIds, readLessonFiles } from './support';

const validate = lessonValidator();
const ids = lessonIds();

describe('lesson files', () => {
  it('the schema knows exactly the check kinds of src/lessons/types.ts', () => {
    expect(Object.keys(schema.definitions.checks).sort()).toEqual([...CHECK_KINDS].sort());
  });

  for (const id of ids) {
    it(`${id}: lesson.yaml validates against lesson.schema.json`, () => {
      const files = readLessonFiles(id);
      expect(files['lesson.yaml'], 'lesson.yaml exists').toBeDefined();
      const errors = validate(parseYaml(files['lesson.yaml']!));
      expect(errors, errors.join('\n')).toEqual([]);
    });

    it(`${id}: loads, and its files and texts agree`, () => {
      const files = readLessonFiles(id);
      const problems = lintLesson(id, loadLesson(id, files), files);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('the chapter map: prerequisites exist, form no cycle, and come earlier in the map', () => {
    const catalog = buildCatalog(ids.map((id) => loadLesson(id, readLessonFiles(id)).spec));
    const order = catalog.chapters.flatMap((c) => c.lessons.map((l) => l.id));
    expect(order).toHaveLength(ids.length);
    for (const id of order) {
      for (const p of catalog.byId[id]!.prerequisites) {
        expect(order.indexOf(p), `${id} needs ${p}, which comes later`).toBeLessThan(order.indexOf(id));
      }
    }
  });
});
