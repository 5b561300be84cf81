/**
 * Differential tests against the real kubectl v1.32: every expectation in ../fixtures was
 * recorded by oracle/record.mts (`kubectl patch --local` for applying patches, `kubectl apply`
 * against a fake apiserver for the three-way patches it sends).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../../../../src/apimachinery/jsonpatch';
import { applyMergePatch } from '../../../../src/apimachinery/mergepatch';
import {
  applyStrategicMergePatch,
  createApplyPatch,
  isEmptyPatch,
  type JsonMap,
} from '../../../../src/apimachinery/strategicpatch';

const fixtures = join(__dirname, 'fixtures');
const load = <T>(name: string): T => JSON.parse(readFileSync(join(fixtures, name), 'utf8')) as T;

/** Key order is not part of JSON equality (Go marshals maps sorted). */
function canon(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canon);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canon((v as JsonMap)[k])]),
    );
  return v;
}

const kindKey = (obj: JsonMap): string => {
  const apiVersion = String(obj.apiVersion);
  return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}/${String(obj.kind)}`;
};

describe('patches applied as kubectl patch --local (kubectl v1.32) applies them', () => {
  const data = load<{
    bases: Record<string, JsonMap>;
    cases: { type: 'strategic' | 'merge' | 'json'; base: string; patch: unknown; want: unknown }[];
  }>('patch-cases.json');

  it.each(data.cases.map((c, i) => [i, c.type, JSON.stringify(c.patch), c] as const))(
    '#%i %s %s',
    (_i, type, _p, c) => {
      const obj = data.bases[c.base]!;
      const before = JSON.stringify(obj);
      let got: unknown;
      try {
        got =
          type === 'strategic'
            ? applyStrategicMergePatch(obj, c.patch, kindKey(obj))
            : type === 'merge'
              ? applyMergePatch(obj, c.patch)
              : applyJsonPatch(obj, c.patch);
      } catch (e) {
        got = `ERR ${(e as Error).message.trim()}`;
      }
      expect(canon(got)).toEqual(canon(c.want));
      expect(JSON.stringify(obj)).toBe(before); // inputs are never modified
    },
  );
});

describe('kubectl apply: the three-way patch kubectl v1.32 sends', () => {
  const LAST = 'kubectl.kubernetes.io/last-applied-configuration';
  type ApplyCase = { name: string; file: JsonMap; live: JsonMap; want: { type?: string; patch?: JsonMap } };
  const cases = load<ApplyCase[]>('apply-cases.json');

  /** kubectl GetModifiedConfiguration: the file with namespace, an annotations map and its own JSON. */
  function modifiedOf(file: JsonMap): JsonMap {
    const m = structuredClone(file) as JsonMap & {
      metadata: JsonMap & { annotations?: Record<string, string> };
    };
    if (m.kind !== 'Node') m.metadata.namespace ??= 'default';
    m.metadata.annotations = { ...(m.metadata.annotations ?? {}) };
    const text = JSON.stringify(canon(m)) + '\n';
    m.metadata.annotations[LAST] = text;
    return m;
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const lastApplied = (c.live.metadata as { annotations?: Record<string, string> }).annotations?.[LAST];
    const original = lastApplied ? (JSON.parse(lastApplied) as JsonMap) : undefined;
    const got = createApplyPatch(original, modifiedOf(c.file), c.live, kindKey(c.file));
    if (c.want.patch) {
      expect(got.type).toBe(c.want.type);
      expect(canon(got.patch)).toEqual(canon(c.want.patch));
    } else {
      expect(isEmptyPatch(got.patch)).toBe(true);
    }
  });
});
