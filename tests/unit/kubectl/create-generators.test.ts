/**
 * `kubectl create <generator> --dry-run=client` against what the real kubectl v1.32 printed for
 * the same command lines, files and environment (fixtures/create-generators.json, captured by
 * fixtures/capture-create.mjs), plus the outputs quoted in the behaviour reference §13.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { kubectl, newWorld } from './write-harness';

interface Fixture {
  files: Record<string, string>;
  env: Record<string, string>;
  results: { args: string[]; stdout: string; stderr: string; code: number }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/create-generators.json', import.meta.url), 'utf8'),
) as Fixture;

describe('kubectl create generators match kubectl v1.32', () => {
  for (const r of fixture.results) {
    it(r.args.join(' '), async () => {
      const w = newWorld(fixture.files);
      w.env = { ...w.env, ...fixture.env };
      const got = await kubectl(w, r.args);
      expect({ stdout: got.stdout, stderr: got.stderr, code: got.code }).toEqual({
        stdout: r.stdout,
        stderr: r.stderr,
        code: r.code,
      });
      // --dry-run=client never talks to the server.
      if (r.args.includes('--dry-run=client') && !r.args.some((a) => a.startsWith('--from=')))
        expect(got.requests).toEqual([]);
    });
  }
});
