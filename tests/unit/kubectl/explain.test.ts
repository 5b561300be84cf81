import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wrapString } from '../../../src/kubectl/commands/explain';
import { FakeApi } from './fake-client';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** Real kubectl v1.32 output for each `### explain …` command, against explain-openapi-apps-v1.json. */
function captured(): { cmd: string; output: string; code: number }[] {
  const text = fixture('explain.kubectl.txt');
  const out: { cmd: string; output: string; code: number }[] = [];
  const re = /^### (explain .*)\n([\s\S]*?)^### rc=(\d+)\n/gm;
  for (let m = re.exec(text); m; m = re.exec(text))
    out.push({ cmd: m[1]!, output: m[2]!, code: Number(m[3]) });
  return out;
}

function api(): FakeApi {
  const a = new FakeApi();
  const doc = JSON.parse(fixture('explain-openapi-apps-v1.json'));
  delete doc.paths; // the simulated server's documents carry components only: the Kind comes from discovery
  a.overrides.set('GET /openapi/v3', {
    status: 200,
    body: { paths: { 'apis/apps/v1': { serverRelativeURL: '/openapi/v3/apis/apps/v1?hash=ABC' } } },
  });
  a.overrides.set('GET /openapi/v3/apis/apps/v1', { status: 200, body: doc });
  return a;
}

describe('kubectl explain', () => {
  const cases = captured();
  it('has the captured cases', () => expect(cases.length).toBe(12));
  for (const c of cases) {
    it(`prints ${c.cmd} as kubectl v1.32 does`, async () => {
      const r = await api().kubectl(c.cmd);
      expect(r.stdout + r.stderr).toBe(c.output);
      expect(r.code).toBe(c.code);
    });
  }

  it('reports unknown types and bad arguments', async () => {
    expect((await api().kubectl('explain foo')).stderr).toBe(
      'the server doesn\'t have a resource type "foo"\n',
    );
    expect((await api().kubectl('explain pods a')).stderr).toBe(
      'error: We accept only this format: explain RESOURCE\n',
    );
    expect((await api().kubectl('explain deploy -o foo')).stderr).toBe('error: unrecognized format: foo\n');
    expect((await api().kubectl('explain deploy --api-version=apps/v2')).stderr).toBe(
      'error: couldn\'t find resource for "apps/v2, Resource=deployments"\n',
    );
  });

  it('wraps like go-wordwrap', () => {
    expect(wrapString('aaa bbb ccc', 7)).toBe('aaa bbb\nccc');
    expect(wrapString('a\n\nb', 7)).toBe('a\n\nb');
    expect(wrapString('averyveryverylongword x', 5)).toBe('averyveryverylongword\nx');
  });
});
