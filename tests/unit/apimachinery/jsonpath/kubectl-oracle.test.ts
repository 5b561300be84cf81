/**
 * Differential tests against the real kubectl v1.32: every expectation in fixtures/cases.json
 * was recorded by oracle/record.mts (`kubectl label --local … -o jsonpath=T`, and
 * `kubectl create … --dry-run=client -o jsonpath=T` for typed objects).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  JsonPathPrintError,
  executeJsonPath,
  parseKubectlJsonPath,
} from '../../../../src/apimachinery/jsonpath';

interface Case {
  object: string;
  template: string;
  output?: string;
  allowMissingKeys?: boolean;
  typed?: boolean;
  want: { stdout: string; stderr: string; code: number };
}
const data = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'cases.json'), 'utf8')) as {
  objects: Record<string, unknown>;
  cases: Case[];
};

/** What the kubectl command would print: stdout, stderr and the exit code. */
function run(c: Case): { stdout: string; stderr: string; code: number } {
  try {
    const template = parseKubectlJsonPath(c.template);
    const stdout = executeJsonPath(template, data.objects[c.object], {
      allowMissingKeys: c.allowMissingKeys ?? true,
      outputJson: c.output === 'jsonpath-as-json',
      float64Numbers: c.typed ?? false,
    });
    return { stdout, stderr: '', code: 0 };
  } catch (e) {
    if (!(e instanceof JsonPathPrintError)) throw e;
    if (e.panic) return { stdout: '', stderr: e.message, code: 2 };
    return { stdout: '', stderr: `error: ${e.message}`, code: 1 };
  }
}

/**
 * Go visits map entries in random order (`.*`, `..`, `{range}` over a map); the simulator
 * visits them sorted. Those outputs are compared as multisets of words (split at spaces and
 * commas, so that `-o jsonpath-as-json` arrays compare too).
 */
const visitsMaps = (c: Case): boolean => c.template.includes('..') || c.template.includes('.*');
const words = (s: string): string[] => s.split(/[\s,]+/).sort();

describe('JSONPath output as kubectl v1.32 prints it', () => {
  it.each(data.cases.map((c) => [c.object, c.output ?? 'jsonpath', c.template, c] as const))(
    '%s -o %s=%j',
    (_o, _out, _t, c) => {
      const got = run(c);
      if (visitsMaps(c) && c.want.code === 0 && got.code === 0) {
        expect(words(got.stdout)).toEqual(words(c.want.stdout));
      } else {
        expect(got).toEqual(c.want);
      }
    },
  );
});
