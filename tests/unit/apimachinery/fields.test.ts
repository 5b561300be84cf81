import { describe, expect, it } from 'vitest';
import {
  FieldSelectorParseError,
  escapeValue,
  everything,
  oneTermEqualSelector,
  parseAndTransformSelector,
  parseSelector,
  selectorFromSet,
  unescapeValue,
} from '../../../src/apimachinery/fields';

const getter =
  (fields: Record<string, string>) =>
  (f: string): string | undefined =>
    fields[f];

describe('fields.ParseSelector (selector_test.go)', () => {
  // TestSelectorParse good strings: String() gives the input back (terms are already sorted).
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])('good %j', (input) => {
    expect(parseSelector(input).toString()).toBe(input);
  });

  it.each([
    ['x=a||y=b', 'invalid field selector: unescaped character in value: 61'],
    ['x==a==b', 'invalid field selector: unescaped character in value: 61'],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x in (a)', "invalid selector: 'x in (a)'; can't understand 'x in (a)'"],
    // Terms are sorted before parsing, so 'b' fails before 'x in (a'.
    ['x in (a,b,c)', "invalid selector: 'x in (a,b,c)'; can't understand 'b'"],
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['x=a\\b', 'invalid field selector: invalid escape sequence: \\b'],
    ['x=a\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('bad %j', (input, message) => {
    expect(() => parseSelector(input)).toThrow(FieldSelectorParseError);
    expect(() => parseSelector(input)).toThrow(message);
  });

  it('sorts terms and normalises == to =', () => {
    expect(parseSelector('status.phase==Running,metadata.name=web').toString()).toBe(
      'metadata.name=web,status.phase=Running',
    );
    expect(parseSelector('b=1,a=2').toString()).toBe('a=2,b=1');
  });

  it('keeps escaped commas inside a value', () => {
    const s = parseSelector('a=x\\,y,b=z');
    expect(s.requirements()).toEqual([
      { field: 'a', operator: '=', value: 'x,y' },
      { field: 'b', operator: '=', value: 'z' },
    ]);
    expect(s.toString()).toBe('a=x\\,y,b=z');
  });

  it('splits a term at the first operator', () => {
    expect(parseSelector('a!=b').requirements()).toEqual([{ field: 'a', operator: '!=', value: 'b' }]);
    expect(parseSelector('a==b').requirements()).toEqual([{ field: 'a', operator: '=', value: 'b' }]);
    expect(parseSelector('a=').requirements()).toEqual([{ field: 'a', operator: '=', value: '' }]);
  });

  it('drops empty terms and a bare `=`', () => {
    expect(parseSelector(',,a=b,').toString()).toBe('a=b');
    expect(parseSelector('=').empty()).toBe(true);
  });
});

describe('matching', () => {
  it('= needs an equal value, != any other (missing fields are "")', () => {
    const pod = getter({ 'status.phase': 'Running', 'spec.nodeName': 'node-1' });
    expect(parseSelector('status.phase=Running').matches(pod)).toBe(true);
    expect(parseSelector('status.phase!=Running').matches(pod)).toBe(false);
    expect(parseSelector('status.phase=Running,spec.nodeName!=node-2').matches(pod)).toBe(true);
    expect(parseSelector('spec.nodeName=').matches(getter({}))).toBe(true);
    expect(parseSelector('spec.nodeName!=').matches(pod)).toBe(true);
    expect(parseSelector('spec.nodeName!=').matches(getter({}))).toBe(false);
    expect(everything().matches(pod)).toBe(true);
  });

  it('requiresExactMatch finds = terms only', () => {
    const s = parseSelector('metadata.name=web,status.phase!=Failed');
    expect(s.requiresExactMatch('metadata.name')).toBe('web');
    expect(s.requiresExactMatch('status.phase')).toBeUndefined();
  });

  it('transforms terms', () => {
    const s = parseAndTransformSelector('name=web', (f, v) => [f === 'name' ? 'metadata.name' : f, v]);
    expect(s.toString()).toBe('metadata.name=web');
    expect(parseAndTransformSelector('a=b,c=d', (f, v) => (f === 'a' ? ['', ''] : [f, v])).toString()).toBe(
      'c=d',
    );
  });

  it('builds selectors from sets and single terms', () => {
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
    expect(selectorFromSet(undefined).empty()).toBe(true);
    expect(oneTermEqualSelector('metadata.name', 'a,b').toString()).toBe('metadata.name=a\\,b');
  });
});

describe('escaping', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('escapeValue(%j) = %j and back', (raw, escaped) => {
    expect(escapeValue(raw)).toBe(escaped);
    expect(unescapeValue(escaped)).toBe(raw);
  });
});
