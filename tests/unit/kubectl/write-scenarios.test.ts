/**
 * The write verbs replayed against what the real kubectl v1.32 printed and sent, step by step,
 * talking to the same in-memory API server (fixtures/write-scenarios.json, captured by
 * fixtures/capture-writes.mjs against fixtures/oracle/fake-apiserver.mjs). Each step compares
 * stdout, stderr, the exit code and the requests (method, path, query, content type, body).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubectl, newWorld, sed, type LoggedRequest } from './write-harness';

interface Step {
  args: string[];
  stdin?: string;
  edit?: string[];
  shown?: string[];
  stdout: string;
  stderr: string;
  code: number;
  requests: {
    method: string;
    path: string;
    query: Record<string, string>;
    contentType?: string;
    body?: string;
  }[];
}
interface Fixture {
  files: Record<string, string>;
  scenarios: { name: string; steps: Step[] }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/write-scenarios.json', import.meta.url), 'utf8'),
) as Fixture;

/** Random temp names and file times differ run to run, in kubectl too. */
function normalize(s: string): string {
  return (
    s
      .replace(/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-N')
      .replace(/\/tmp\/kubectl-edit-\d+\.yaml/g, '/tmp/kubectl-edit-N.yaml')
      .replace(/\t\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}/g, '\tTIME')
      // The oracle server closed watches abruptly when kubectl gave up; client-go warned about it.
      .replace(/^W\d{4} [^\n]*very short watch[^\n]*\n/gm, '')
  );
}

function requestsOf(reqs: Step['requests'] | LoggedRequest[], ours: boolean) {
  return reqs.map((r) => {
    const query = { ...r.query };
    // The reflector's watch timeout is random (5 to 10 minutes).
    if (query.timeoutSeconds) query.timeoutSeconds = 'T';
    let body: unknown = r.body;
    if (body !== undefined && !ours) {
      try {
        body = JSON.parse(r.body as string);
      } catch {
        body = r.body;
      }
    }
    return {
      method: r.method,
      path: r.path,
      query,
      contentType: r.contentType ?? undefined,
      body: JSON.stringify(body),
    };
  });
}

/**
 * Deliberate departures: what Breakfix prints instead (and sends: nothing).
 * - server-side apply is not simulated;
 * - an invalid JSON patch is rejected by kubectl itself with the apiserver's Go json message
 *   (the KubeClient carries parsed JSON only), where the oracle's fake server had its own text.
 */
const DEPARTURES: Record<string, { stdout: string; stderr: string; code: number; requests?: number }> = {
  'apply -f web.yaml --server-side': {
    stdout: '',
    stderr: 'error: kubectl apply --server-side is not simulated in Breakfix\n',
    code: 1,
    requests: 0,
  },
  'patch pod p1 -p {bad': {
    stdout: '',
    stderr:
      "Error from server (BadRequest): invalid character 'b' looking for beginning of object key string\n",
    code: 1,
    requests: 0,
  },
};

/** `--list` prints a Go map: in random order. */
const unordered = (s: Step) => s.args.includes('--list');
const sortLines = (t: string) => t.split('\n').sort().join('\n');

/** Steps that depend on something the oracle server could not do (protobuf bodies of typed clients). */
const unusable = (s: Step) => s.requests.some((r) => r.contentType?.includes('protobuf'));

describe('write verbs match kubectl v1.32, step by step', () => {
  for (const sc of fixture.scenarios) {
    it(sc.name, async () => {
      const w = newWorld(fixture.files);
      for (const [i, step] of sc.steps.entries()) {
        const exprs = step.edit ?? [];
        const shown: string[] = [];
        w.editor = (text, round) => {
          shown.push(text);
          const e = exprs[round];
          return e === undefined ? text : sed(e, text);
        };
        // The oracle server refused these (415), so they changed nothing there either.
        if (unusable(step)) continue;
        const got = await kubectl(w, step.args, step.stdin);
        const label = `step ${i}: kubectl ${step.args.join(' ')}`;
        const departure = DEPARTURES[step.args.join(' ')];
        if (departure) {
          expect({ step: label, stdout: got.stdout, stderr: got.stderr, code: got.code }).toEqual({
            step: label,
            stdout: departure.stdout,
            stderr: departure.stderr,
            code: departure.code,
          });
          if (departure.requests !== undefined) expect(got.requests.length).toBe(departure.requests);
          continue;
        }
        if (unordered(step)) {
          got.stdout = sortLines(got.stdout);
          step.stdout = sortLines(step.stdout);
        }
        expect({
          step: label,
          stdout: normalize(got.stdout),
          stderr: normalize(got.stderr),
          code: got.code,
        }).toEqual({
          step: label,
          stdout: normalize(step.stdout),
          stderr: normalize(step.stderr),
          code: step.code,
        });
        expect({ step: label, requests: requestsOf(got.requests, true) }).toEqual({
          step: label,
          requests: requestsOf(step.requests, false),
        });
        // go-yaml's error wording is the YAML parser's (src/kubectl/yamlparse.ts), not edit's.
        const yamlErr = (t: string) => t.replace(/yaml: line \d+: [^\n]*/g, 'yaml: line N: …');
        if (step.shown) {
          expect({ step: label, shown: shown.map((t) => yamlErr(normalize(t))) }).toEqual({
            step: label,
            shown: step.shown.map((t) => yamlErr(normalize(t))),
          });
        }
      }
    });
  }
});
