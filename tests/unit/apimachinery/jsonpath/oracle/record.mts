/**
 * Records the expectations in ../fixtures/cases.json from the real kubectl v1.32 on this machine:
 *
 *   npx tsx tests/unit/apimachinery/jsonpath/oracle/record.mts
 *
 * - Cases on `objects` run `kubectl label -f obj.json --local foo- -o jsonpath=T`: an offline
 *   command that prints the unstructured object it read (removing a label that is not there
 *   changes nothing; every fixture has labels, so none is added).
 * - Cases on `typed` run `kubectl <args> --dry-run=client -o jsonpath=T`, where kubectl prints
 *   a typed object converted through encoding/json (all numbers float64). The object itself is
 *   recorded into `objects` from `-o json`.
 *
 * `want` is { stdout, stderr, code }; for a Go panic only stderr's first line is kept.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as prettier from 'prettier';

const run = promisify(execFile);
const here = new URL('.', import.meta.url).pathname;
const file = join(here, '..', 'fixtures', 'cases.json');
const tmp = join(tmpdir(), 'breakfix-jsonpath-oracle.json');

interface Case {
  object: string;
  template: string;
  output?: string;
  allowMissingKeys?: boolean;
  typed?: boolean;
  want?: { stdout: string; stderr: string; code: number };
}
const data = JSON.parse(readFileSync(file, 'utf8')) as {
  objects: Record<string, unknown>;
  typed: Record<string, string[]>;
  cases: Case[];
};

async function kubectl(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('kubectl', args, {
      env: { ...process.env, KUBECONFIG: '/dev/null' },
    });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

for (const [name, args] of Object.entries(data.typed)) {
  const { stdout } = await kubectl([...args, '--dry-run=client', '-o', 'json']);
  data.objects[name] = JSON.parse(stdout);
}

let changed = 0;
for (const c of data.cases) {
  const flag = `${c.output ?? 'jsonpath'}=${c.template}`;
  const extra = c.allowMissingKeys === false ? ['--allow-missing-template-keys=false'] : [];
  let want;
  if (c.typed) {
    want = await kubectl([...(data.typed[c.object] ?? []), '--dry-run=client', '-o', flag, ...extra]);
  } else {
    writeFileSync(tmp, JSON.stringify(data.objects[c.object]));
    want = await kubectl(['label', '-f', tmp, '--local', 'foo-', '-o', flag, ...extra]);
  }
  if (want.code === 2) want.stderr = want.stderr.split('\n')[0] ?? '';
  if (JSON.stringify(want) !== JSON.stringify(c.want)) changed++;
  c.want = want;
}
// Written as `prettier --write` would leave it, so that `npm run format:check` stays green.
const options = { ...(await prettier.resolveConfig(file)), filepath: file };
writeFileSync(file, await prettier.format(JSON.stringify(data), options));
console.log(`${data.cases.length} cases, ${changed} changed`);
