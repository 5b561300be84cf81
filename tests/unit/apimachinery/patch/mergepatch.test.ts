/** RFC 7386 (Appendix A), CreateMergePatch, and the three-way JSON merge patch of kubectl apply. */
import { describe, expect, it } from 'vitest';
import {
  KUBECTL_APPLY_PRECONDITIONS,
  PatchError,
  applyMergePatch,
  createMergePatch,
  createThreeWayJsonMergePatch,
  hasConflicts,
  unsupportedStrategicMergePatchError,
} from '../../../../src/apimachinery/mergepatch';

describe('RFC 7386 appendix A', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j = %j', (target, patch, want) => {
    expect(applyMergePatch(target, patch)).toEqual(want);
  });

  it('rejects null and scalar patches, as evanphx/json-patch does (the RFC would replace)', () => {
    expect(() => applyMergePatch({ a: 'foo' }, null)).toThrow('Invalid JSON Patch');
    expect(() => applyMergePatch({ a: 'foo' }, 'bar')).toThrow('Invalid JSON Patch');
  });
});

describe('createMergePatch', () => {
  it('sets changes, adds additions, nulls deletions, replaces lists whole', () => {
    expect(
      createMergePatch(
        { a: 1, b: { c: 1, d: 2 }, l: [1, 2], gone: true },
        { a: 2, b: { c: 1 }, l: [1, 2, 3], n: 'x' },
      ),
    ).toEqual({ a: 2, b: { d: null }, l: [1, 2, 3], n: 'x', gone: null });
  });

  it('is empty for equal documents, except for lists holding null (evanphx: null never matches)', () => {
    expect(createMergePatch({ a: [1], b: { c: 'd' } }, { a: [1], b: { c: 'd' } })).toEqual({});
    expect(createMergePatch({ a: [null] }, { a: [null] })).toEqual({ a: [null] });
  });
});

describe('createThreeWayJsonMergePatch (kubectl apply for custom resources)', () => {
  const lastApplied = {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w' },
    spec: { size: 1, color: 'red' },
  };
  const live = {
    ...lastApplied,
    metadata: { name: 'w', uid: 'u', labels: { owner: 'ops' } },
    spec: { size: 1, color: 'red', replicas: 3 },
    status: { ready: true },
  };

  it('deletes what the file dropped, changes what differs, keeps what only the server has', () => {
    const file = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { size: 2 } };
    expect(createThreeWayJsonMergePatch(lastApplied, file, live, KUBECTL_APPLY_PRECONDITIONS)).toEqual({
      spec: { size: 2, color: null },
    });
  });

  it('fails the name precondition when the file renames the object', () => {
    const file = { ...lastApplied, metadata: { name: 'other' } };
    expect(() => createThreeWayJsonMergePatch(lastApplied, file, live, KUBECTL_APPLY_PRECONDITIONS)).toThrow(
      /^precondition failed for: map\[metadata:map\[name:other\]\]$/,
    );
  });

  it('detects conflicting halves', () => {
    expect(hasConflicts({ a: { b: 1 } }, { a: { c: null } })).toBe(false);
    expect(hasConflicts({ a: 1 }, { a: null })).toBe(true);
  });
});

describe('PatchError', () => {
  it('builds the 415 a strategic merge patch on a custom resource gets', () => {
    const e = unsupportedStrategicMergePatchError();
    expect(e).toBeInstanceOf(PatchError);
    expect(e.toStatus()).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    });
  });
});
