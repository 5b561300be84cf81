/** lessons/lesson.schema.json compiled with ajv (strict), with readable error lines. */
import Ajv from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonsRoot } from './support';

export const lessonSchema = JSON.parse(readFileSync(join(lessonsRoot, 'lesson.schema.json'), 'utf8')) as {
  definitions: { checks: Record<string, unknown> };
};

export function lessonValidator(): (doc: unknown) => string[] {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const validate = ajv.compile(lessonSchema);
  return (doc) =>
    validate(doc)
      ? []
      : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
