/** RFC 6902 (Appendix A examples) and the evanphx/json-patch v4 behaviour Kubernetes has. */
import { describe, expect, it } from 'vitest';
import {
  applyJsonPatch,
  decodePointerToken,
  encodePointerToken,
} from '../../../../src/apimachinery/jsonpatch';
import { GENERIC_INVALID_MESSAGE, PatchError } from '../../../../src/apimachinery/mergepatch';

const fail = (doc: unknown, ops: unknown): PatchError => {
  try {
    applyJsonPatch(doc, ops);
  } catch (e) {
    if (e instanceof PatchError) return e;
    throw e;
  }
  throw new Error('patch applied');
};

describe('RFC 6902 appendix A', () => {
  it.each([
    [
      'A.1 add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.2 add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'A.3 remove an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'A.4 remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'A.5 replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'A.6 move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'A.7 move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'A.8 test a value: success',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'A.10 add a nested member object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'A.11 ignore unrecognized elements',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux', xyz: 123 }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'A.14 ~ escape ordering',
      { '/': 9, '~1': 10 },
      [{ op: 'test', path: '/~01', value: 10 }],
      { '/': 9, '~1': 10 },
    ],
    [
      'A.16 add an array value',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
  ])('%s', (_name, doc, ops, want) => {
    expect(applyJsonPatch(doc, ops)).toEqual(want);
  });

  it('A.9 test a value: error', () => {
    expect(fail({ baz: 'qux' }, [{ op: 'test', path: '/baz', value: 'bar' }]).message).toBe(
      'testing value /baz failed: test failed',
    );
  });

  it('A.12 add to a nonexistent target', () => {
    expect(fail({ foo: 'bar' }, [{ op: 'add', path: '/baz/bat', value: 'qux' }]).message).toBe(
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    );
  });

  it('A.15 comparing strings and numbers', () => {
    expect(fail({ '/': 9, '~1': 10 }, [{ op: 'test', path: '/~01', value: '10' }]).message).toBe(
      'testing value /~01 failed: test failed',
    );
  });
});

describe('Kubernetes specifics', () => {
  it('escapes and unescapes reference tokens', () => {
    expect(encodePointerToken('a/b~c')).toBe('a~1b~0c');
    expect(decodePointerToken('a~1b~0c')).toBe('a/b~c');
    expect(decodePointerToken('~01')).toBe('~1');
  });

  it('answers 422 with the evanphx text as the cause, as the apiserver does', () => {
    const e = fail({ spec: {} }, [{ op: 'remove', path: '/spec/foo' }]);
    expect(e.message).toBe(
      "error in remove for path: '/spec/foo': Unable to remove nonexistent key: foo: missing value",
    );
    expect(e.code).toBe(422);
    expect(e.toStatus()).toEqual({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: GENERIC_INVALID_MESSAGE,
      reason: 'Invalid',
      details: { causes: [{ reason: 'UnexpectedServerResponse', message: e.message }] },
      code: 422,
    });
  });

  it('rejects a patch that is not a list of operations with 400', () => {
    const e = fail({}, { op: 'add', path: '/a', value: 1 });
    expect(e.message).toBe('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
    expect(e.toStatus().reason).toBe('BadRequest');
    expect(e.code).toBe(400);
  });

  it('applies all operations or none, and never modifies its input', () => {
    const doc = { a: 1 };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'add', path: '/b', value: 2 },
        { op: 'remove', path: '/zzz' },
      ]),
    ).toThrow(PatchError);
    expect(doc).toEqual({ a: 1 });
  });
});
