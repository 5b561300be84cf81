/**
 * The `diff -u` that `kubectl diff` shows. GNU diff picks one of many minimal diffs (it sets
 * aside unmatched lines, splits at the middle snake and slides change runs); ours follows the
 * same steps, so the hunks must be identical, line for line, including on repetitive YAML.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unifiedFileDiff, unifiedHunks } from '../../../src/kubectl/commands/unidiff';

function gnuDiff(a: string, b: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'unidiff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    try {
      execFileSync('diff', ['-u', join(dir, 'a'), join(dir, 'b')]);
      return '';
    } catch (e) {
      const out = (e as { stdout?: Buffer; status?: number }).stdout?.toString();
      if ((e as { status?: number }).status !== 1 || out === undefined) return undefined;
      return out.split('\n').slice(2).join('\n');
    }
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hasGnuDiff = gnuDiff('a\n', 'b\n') !== undefined;

describe('unified diff', () => {
  it('prints hunks with three lines of context, and nothing for equal texts', () => {
    const a =
      ['apiVersion: v1', 'data:', '  k: v', 'kind: ConfigMap', 'metadata:', '  name: cm'].join('\n') + '\n';
    const b = a.replace('  k: v\n', '  extra: x\n  k: v2\n');
    expect(unifiedHunks(a, b)).toBe(
      '@@ -1,6 +1,7 @@\n apiVersion: v1\n data:\n-  k: v\n+  extra: x\n+  k: v2\n kind: ConfigMap\n metadata:\n   name: cm\n',
    );
    expect(unifiedHunks(a, a)).toBe('');
  });

  it('a new file (-N) is one hunk from 0,0', () => {
    expect(
      unifiedFileDiff('/tmp/LIVE-1/x', '/tmp/MERGED-2/x', undefined, 'a\nb\n', Date.UTC(2025, 0, 1)),
    ).toBe(
      'diff -u -N /tmp/LIVE-1/x /tmp/MERGED-2/x\n' +
        '--- /tmp/LIVE-1/x\t2025-01-01 00:00:00.000000000 +0000\n' +
        '+++ /tmp/MERGED-2/x\t2025-01-01 00:00:00.000000000 +0000\n' +
        '@@ -0,0 +1,2 @@\n+a\n+b\n',
    );
  });

  it.skipIf(!hasGnuDiff)('chooses the same hunks as GNU diff on random and repetitive inputs', () => {
    let seed = 12345;
    const rnd = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const mismatches: string[] = [];
    for (let t = 0; t < 120; t++) {
      const alphabet = t % 2 === 0 ? 5 : 400; // repetitive, then mostly unique lines
      const a: string[] = [];
      for (let i = rnd(40); i > 0; i--) a.push(`line ${rnd(alphabet)}`);
      const b = a.filter(() => rnd(5) !== 0).map((x) => (rnd(6) === 0 ? `changed ${rnd(3)}` : x));
      for (let i = rnd(4); i > 0; i--) b.splice(rnd(b.length + 1), 0, `new ${rnd(3)}`);
      const A = a.map((x) => `${x}\n`).join('');
      const B = b.map((x) => `${x}\n`).join('');
      if (unifiedHunks(A, B) !== gnuDiff(A, B)) mismatches.push(JSON.stringify({ a, b }));
    }
    expect(mismatches).toEqual([]);
  });
});
