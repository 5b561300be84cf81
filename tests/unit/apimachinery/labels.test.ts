import { describe, expect, it } from 'vitest';
import {
  SelectorParseError,
  everything,
  formatLabelSelector,
  formatLabels,
  labelSelectorAsMap,
  labelSelectorAsSelector,
  newRequirement,
  nothing,
  parseSelector,
  selectorFromSet,
  validatedSelectorFromSet,
} from '../../../src/apimachinery/labels';

// Reference §3.3 [RUN], verbatim. Label sets:
const A = { app: 'web', tier: 'frontend' };
const B = { app: 'web', tier: 'backend' };
const C = { app: 'db' };
const D = {};
const E = { env: 'prod', app: 'web' };
const F = { x: '3' };

const table33: [string, string, boolean, boolean, boolean, boolean, boolean, boolean][] = [
  ['', '', true, true, true, true, true, true],
  ['app=web', 'app=web', true, true, false, false, true, false],
  ['app==web', 'app==web', true, true, false, false, true, false],
  ['app!=web', 'app!=web', false, false, true, true, false, true],
  ['app=web,tier=frontend', 'app=web,tier=frontend', true, false, false, false, false, false],
  ['tier=frontend,app=web', 'app=web,tier=frontend', true, false, false, false, false, false],
  ['app', 'app', true, true, true, false, true, false],
  ['!app', '!app', false, false, false, true, false, true],
  ['!tier', '!tier', false, false, true, true, true, true],
  ['tier', 'tier', true, true, false, false, false, false],
  ['app in (web,db)', 'app in (db,web)', true, true, true, false, true, false],
  ['app in (web, db)', 'app in (db,web)', true, true, true, false, true, false],
  ['app notin (web)', 'app notin (web)', false, false, true, true, false, true],
  ['tier notin (frontend)', 'tier notin (frontend)', false, true, true, true, true, true],
  [
    'app in (web),tier notin (frontend)',
    'app in (web),tier notin (frontend)',
    false,
    true,
    false,
    false,
    true,
    false,
  ],
  ['env in (prod)', 'env in (prod)', false, false, false, false, true, false],
  ['env notin (prod)', 'env notin (prod)', true, true, true, true, false, true],
  ['app=web,!env', 'app=web,!env', true, true, false, false, false, false],
  ['app in ()', 'app in ()', false, false, false, false, false, false],
  ['x=', 'x=', false, false, false, false, false, false],
  ['app=web ,tier=backend', 'app=web,tier=backend', false, true, false, false, false, false],
  [' app = web ', 'app=web', true, true, false, false, true, false],
  ['app  in  ( db )', 'app in (db)', false, false, true, false, false, false],
  ['example.com/app=web', 'example.com/app=web', false, false, false, false, false, false],
  ['app in (web,)', 'app in (,web)', true, true, false, false, true, false],
  ['x>1', 'x>1', false, false, false, false, false, true],
  ['x<5', 'x<5', false, false, false, false, false, true],
  ['x>3', 'x>3', false, false, false, false, false, false],
  ['x in (3),x notin (4)', 'x in (3),x notin (4)', false, false, false, false, false, true],
  ['app=', 'app=', false, false, false, false, false, false],
  ['Ap_p.1=V-1.x', 'Ap_p.1=V-1.x', false, false, false, false, false, false],
];
const errors33: [string, string][] = [
  [
    'x=a||y=b',
    "unable to parse requirement: values[0][x]: Invalid value: \"a||y\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
  ['x==a==b', "found '==', expected: ',' or 'end of string'"],
  ['!x=a', "found '=', expected: ',' or 'end of string'"],
  [
    'x<a',
    "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
  ],
  ['x,,y', "found ',', expected: identifier after ','"],
  [',x,y', "found ',', expected: !, identifier, or 'end of string'"],
  ['x nott in (y)', "unable to parse requirement: found 'nott', expected: in, notin, =, ==, !=, gt, lt"],
  ['a in (xyz),', "found '', expected: identifier after ','"],
  ['a in (xyz)b notin ()', "found 'b', expected: ',' or 'end of string'"],
  ['a in (xyz abc)', "unable to parse requirement: found 'abc', expected: ',' or ')'"],
  ['a notin(', "unable to parse requirement: found '', expected: ',', ')' or identifier"],
  ['a (', "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"],
  ['(', "found '(', expected: !, identifier, or 'end of string'"],
  ['app=web=x', "found '=', expected: ',' or 'end of string'"],
  [
    'app=-bad',
    "unable to parse requirement: values[0][app]: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
  ],
  ['app=a b', "found 'b', expected: ',' or 'end of string'"],
  [
    '-app=web',
    "unable to parse requirement: <nil>: Invalid value: \"-app\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ],
  ['app in web', "unable to parse requirement: found 'web' expected: '('"],
  ['app!web', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
  ['app=web,', "found '', expected: identifier after ','"],
  ['=web', "found '=', expected: !, identifier, or 'end of string'"],
  [
    'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa=v',
    'unable to parse requirement: <nil>: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": name part must be no more than 63 characters',
  ],
  [
    'k=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'unable to parse requirement: values[0][k]: Invalid value: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": must be no more than 63 characters',
  ],
  ['x exists', "unable to parse requirement: found 'exists', expected: in, notin, =, ==, !=, gt, lt"],
  ['app in (web', "unable to parse requirement: found '', expected: ',' or ')'"],
];

describe('parseSelector: reference §3.3 table', () => {
  it.each(table33)('%j', (selector, str, a, b, c, d, e, f) => {
    const s = parseSelector(selector);
    expect(s.toString()).toBe(str);
    expect([A, B, C, D, E, F].map((ls) => s.matches(ls))).toEqual([a, b, c, d, e, f]);
  });

  it.each(errors33)('%j is rejected', (selector, message) => {
    let err: unknown;
    try {
      parseSelector(selector);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SelectorParseError);
    expect((err as Error).message).toBe(message);
  });
});

describe('selector_test.go strings (reference §3.2)', () => {
  // TestSelectorParse good: after removing spaces, String() equals the input.
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    'good %j',
    (input) => {
      expect(parseSelector(input).toString()).toBe(input.replaceAll(' ', ''));
    },
  );
  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a'])('bad %j', (input) => {
    expect(() => parseSelector(input)).toThrow(SelectorParseError);
  });

  const matches: [string, Record<string, string>, boolean][] = [
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['foo=bar', { foo: 'bar', baz: 'blah' }, true],
    ['baz=blah', { foo: 'bar', baz: 'blah' }, true],
    ['foo=bar,baz=blah', { foo: 'bar', baz: 'blah' }, true],
    ['foo=blah', { foo: 'bar', baz: 'blah' }, false],
    ['baz=bar', { foo: 'bar', baz: 'blah' }, false],
    ['foo=bar,foobar=bar,baz=blah', { foo: 'bar', baz: 'blah' }, false],
  ];
  it.each(matches)('TestSelectorMatches %j ~ %j → %s', (selector, labels, expected) => {
    expect(parseSelector(selector).matches(labels)).toBe(expected);
  });

  const setValid = [
    '\rx',
    'this-is-a-dns.domain.com/key-with-dash',
    'this-is-another-dns.domain.com/key-with-dash in (so,what)',
    '0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)',
    'foo  in\t (abc)',
    'x notin\n (abc)',
    'x in (abc,)',
    'x in (abc,abc)',
    'x in ()',
    'x in (a,,,)',
    'x notin (abc,,def),bar,z in (),w',
    'x,y in (a)',
    'x=a',
    'x>1',
    'x<7',
    'x=a,y!=b',
    'x=a,y!=b,z in (h,i,j)',
    'x notin ( )',
    'x notin (, a)',
    'a ',
    'a in (x,y,notin, z,in)',
  ];
  it.each(setValid)('TestSetSelectorParser valid %j', (input) => {
    expect(() => parseSelector(input)).not.toThrow();
  });
  const setInvalid = [
    'x=a||y=b',
    'x,,y',
    ',x,y',
    'x nott in (y)',
    'a in (xyz),',
    'a in (xyz)b notin ()',
    'a in (xyz abc)',
    'a notin(',
    'a (',
    '(',
  ];
  it.each(setInvalid)('TestSetSelectorParser invalid %j', (input) => {
    expect(() => parseSelector(input)).toThrow(SelectorParseError);
  });

  it('parses the value sets of TestSetSelectorParser', () => {
    expect(parseSelector('x in (abc,)').toString()).toBe('x in (,abc)');
    expect(parseSelector('x in ()').toString()).toBe('x in ()');
    expect(parseSelector('x in (a,,,)').toString()).toBe('x in (,a)');
    // The reference lists `x in (a,,)` as valid, but v1.32 rejects it (checked with the real
    // `kubectl set selector --local`, which runs the same parser): `,,` is consumed as a pair, so
    // the `)` after it is unexpected.
    expect(() => parseSelector('x in (a,,)')).toThrow(
      "unable to parse requirement: found ')', expected: ',', or identifier",
    );
    expect(parseSelector('x in (abc,abc)').toString()).toBe('x in (abc)');
    expect(parseSelector('a in (x,y,notin, z,in)').toString()).toBe('a in (in,notin,x,y,z)');
    expect(parseSelector('x notin (abc,,def),bar,z in (),w').toString()).toBe(
      'bar,w,x notin (,abc,def),z in ()',
    );
  });

  it.each([
    ['x in (abc,def),y notin (jkl),z', 'x in (abc,def),y notin (jkl),z'],
    ['x notin (abc,def),y!=jkl,!z', 'x notin (abc,def),y!=jkl,!z'],
    ['x notin (abc),y in (jkl,mno),z notin ()', 'x notin (abc),y in (jkl,mno),z notin ()'],
    ['x=abc,y==jkl,z!=a,z', 'x=abc,y==jkl,z!=a,z'],
    ['x>2,y<8,z', 'x>2,y<8,z'],
  ])('TestToString %j', (input, expected) => {
    expect(parseSelector(input).toString()).toBe(expected);
  });

  it('TestRequirementSelectorMatching', () => {
    expect(parseSelector('x notin (),y').matches({ y: '' })).toBe(true);
    expect(parseSelector('!x,y').matches({ y: '' })).toBe(true);
    expect(parseSelector('x notin (),!y').matches({ y: '' })).toBe(false);
    expect(parseSelector('x in ()').matches({ y: 'baz' })).toBe(false);
    expect(parseSelector('z>1').matches({ z: '2' })).toBe(true);
    expect(parseSelector('z>1').matches({ z: 'v2' })).toBe(false);
  });
});

describe('metav1.LabelSelector helpers', () => {
  it('nil selects nothing, empty selects everything', () => {
    expect(labelSelectorAsSelector(undefined).matches({ a: 'b' })).toBe(false);
    expect(labelSelectorAsSelector(undefined).empty()).toBe(false);
    expect(labelSelectorAsSelector({}).matches({ a: 'b' })).toBe(true);
    expect(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).empty()).toBe(true);
    expect(everything().matches(undefined)).toBe(true);
    expect(nothing().matches({})).toBe(false);
  });

  it('converts matchLabels and matchExpressions into one sorted selector', () => {
    const s = labelSelectorAsSelector({
      matchLabels: { tier: 'fe', app: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
        { key: 'track', operator: 'NotIn', values: ['beta'] },
      ],
    });
    expect(s.toString()).toBe('app=web,!canary,env in (dev,prod),tier=fe,track notin (beta),zone');
    expect(s.matches({ app: 'web', tier: 'fe', env: 'dev', zone: 'a' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'fe', env: 'dev', zone: 'a', canary: '' })).toBe(false);
    expect(s.requiresExactMatch('app')).toBe('web');
    expect(s.requiresExactMatch('env')).toBeUndefined();
  });

  it('reports invalid selectors with upstream messages', () => {
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    ).toThrow('"Gt" is not a valid label selector operator');
    expect(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In' }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
    expect(() =>
      labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] }),
    ).toThrow('values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist');
    expect(() => labelSelectorAsSelector({ matchLabels: { '-bad': 'x' } })).toThrow(
      /^key: Invalid value: "-bad": name part must consist of alphanumeric characters/,
    );
    expect(() => labelSelectorAsSelector({ matchLabels: { app: 'a b' } })).toThrow(
      /^values\[0\]\[app\]: Invalid value: "a b": a valid label must be an empty string/,
    );
  });

  it('aggregates several requirement errors as [e1, e2]', () => {
    expect(() => newRequirement('-k', 'gt', ['x'])).toThrow(
      /^\[key: Invalid value: "-k": .*, values\[0\]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer\]$/,
    );
  });

  it('formats selectors for the SELECTOR column', () => {
    expect(formatLabelSelector(undefined)).toBe('<none>');
    expect(formatLabelSelector({})).toBe('<none>');
    expect(formatLabelSelector({ matchLabels: { app: 'web' } })).toBe('app=web');
    expect(formatLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' }] })).toBe('<error>');
  });

  it('converts to the old map form where possible', () => {
    expect(labelSelectorAsMap(undefined)).toBeUndefined();
    expect(
      labelSelectorAsMap({
        matchLabels: { app: 'web' },
        matchExpressions: [{ key: 'x', operator: 'In', values: ['1'] }],
      }),
    ).toEqual({ app: 'web', x: '1' });
    expect(() => labelSelectorAsMap({ matchExpressions: [{ key: 'x', operator: 'Exists' }] })).toThrow(
      'operator "Exists" cannot be converted into the old label selector format',
    );
  });
});

describe('label sets', () => {
  it('selectorFromSet matches exactly the set, sorted by key', () => {
    const s = selectorFromSet({ tier: 'fe', app: 'web' });
    expect(s.toString()).toBe('app=web,tier=fe');
    expect(s.matches({ app: 'web', tier: 'fe', extra: 'x' })).toBe(true);
    expect(s.matches({ app: 'web' })).toBe(false);
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(selectorFromSet(undefined).matches({ any: 'thing' })).toBe(true);
  });

  it('validatedSelectorFromSet validates', () => {
    expect(() => validatedSelectorFromSet({ app: '-x' })).toThrow(SelectorParseError);
    expect(validatedSelectorFromSet({ app: 'x' }).toString()).toBe('app=x');
  });

  it('formatLabels prints k=v sorted, <none> when empty', () => {
    expect(formatLabels({ tier: 'fe', app: 'web' })).toBe('app=web,tier=fe');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels(undefined)).toBe('<none>');
  });
});
