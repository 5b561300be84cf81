/**
 * client-go's own JSONPath tests (util/jsonpath/jsonpath_test.go and parser_test.go), ported
 * table by table, plus the helpers kubectl builds on (RelaxedJSONPathExpression, Go printing).
 * The differential tests against the real kubectl are in jsonpath/kubectl-oracle.test.ts.
 */
import { describe, expect, it } from 'vitest';
import {
  GoNumber,
  JsonPathExecuteError,
  JsonPathParseError,
  JsonPathPrintError,
  executeJsonPath,
  findResults,
  goFormatFloat,
  goJsonMarshal,
  goSharpV,
  goSprint,
  nodeString,
  parseJsonPath,
  parseKubectlJsonPath,
  printResults,
  relaxedJsonPathExpression,
  unquoteExtend,
  type JsonPathNode,
} from '../../../src/apimachinery/jsonpath';

/** client-go's Execute: results printed one after another; errors are client-go's own text. */
function execute(template: string, input: unknown, allowMissingKeys = false): string {
  const parsed = parseJsonPath('test', template);
  return findResults(parsed, input, { allowMissingKeys })
    .map((r) => printResults(r))
    .join('');
}

function executeError(template: string, input: unknown, allowMissingKeys = false): string {
  try {
    execute(template, input, allowMissingKeys);
  } catch (e) {
    if (e instanceof JsonPathExecuteError || e instanceof JsonPathParseError) return e.message;
    throw e;
  }
  return 'nil';
}

type Row = [name: string, template: string, input: unknown, expect: string, expectError?: boolean];

/** testJSONPath: expectError rows must fail to parse or to execute. */
function table(rows: Row[], allowMissingKeys = false): void {
  it.each(rows)('%s: %s', (_name, template, input, want, expectError) => {
    if (expectError) {
      expect(executeError(template, input, allowMissingKeys)).not.toBe('nil');
    } else {
      expect(execute(template, input, allowMissingKeys)).toBe(want);
    }
  });
}

/** The nodes of a parse tree in client-go's collectNode order, without the root. */
function collect(nodes: JsonPathNode[], cur: JsonPathNode): JsonPathNode[] {
  nodes.push(cur);
  if (cur.type === 'List') for (const n of cur.nodes) collect(nodes, n);
  if (cur.type === 'Filter') {
    collect(nodes, cur.left);
    collect(nodes, cur.right);
  }
  if (cur.type === 'Union') for (const n of cur.nodes) collect(nodes, n);
  return nodes;
}

describe('parser (parser_test.go TestParser)', () => {
  const arr = (...p: [number, boolean, boolean][]) =>
    `NodeArray: [${p.map(([v, k, d]) => `{${v} ${k} ${d}}`).join(' ')}]`;
  it.each<[string, string, string[]]>([
    ['plain', 'hello jsonpath', ['NodeText: hello jsonpath']],
    ['variable', 'hello {.jsonpath}', ['NodeText: hello ', 'NodeList', 'NodeField: jsonpath']],
    ['arrayfiled', "hello {['jsonpath']}", ['NodeText: hello ', 'NodeList', 'NodeField: jsonpath']],
    ['quote', '{"{"}', ['NodeList', 'NodeText: {']],
    ['array', '{[1:3]}', ['NodeList', arr([1, true, false], [3, true, false], [0, false, false])]],
    [
      'allarray',
      '{.book[*].author}',
      [
        'NodeList',
        'NodeField: book',
        arr([0, false, false], [0, false, false], [0, false, false]),
        'NodeField: author',
      ],
    ],
    ['wildcard', '{.bicycle.*}', ['NodeList', 'NodeField: bicycle', 'NodeWildcard']],
    [
      'filter',
      '{[?(@.price<3)]}',
      [
        'NodeList',
        'NodeFilter: NodeList < NodeList',
        'NodeList',
        'NodeField: price',
        'NodeList',
        'NodeInt: 3',
      ],
    ],
    ['recursive', '{..}', ['NodeList', 'NodeRecursive']],
    ['recurField', '{..price}', ['NodeList', 'NodeRecursive', 'NodeField: price']],
    ['arraydict', "{['book.price']}", ['NodeList', 'NodeField: book', 'NodeField: price']],
    [
      'union',
      "{['bicycle.price', 3, 'book.price']}",
      [
        'NodeList',
        'NodeUnion',
        'NodeList',
        'NodeField: bicycle',
        'NodeField: price',
        'NodeList',
        arr([3, true, false], [4, true, true], [0, false, false]),
        'NodeList',
        'NodeField: book',
        'NodeField: price',
      ],
    ],
    [
      'range',
      '{range .items}{.name},{end}',
      [
        'NodeList',
        'NodeIdentifier: range',
        'NodeField: items',
        'NodeList',
        'NodeField: name',
        'NodeText: ,',
        'NodeList',
        'NodeIdentifier: end',
      ],
    ],
    ...(
      [
        ['paired parentheses in quotes', '{[?(@.status.nodeInfo.osImage == "()")]}', '()'],
        [
          'paired parentheses in double quotes and with double quotes escape',
          '{[?(@.status.nodeInfo.osImage == "(\\"\\")")]}',
          '("")',
        ],
        ['plain text in single quotes', "{[?(@.status.nodeInfo.osImage == 'Linux')]}", 'Linux'],
        ['test filter suffix', '{[?(@.status.nodeInfo.osImage == "{[()]}")]}', '{[()]}'],
        ['double inside single', `{[?(@.status.nodeInfo.osImage == "''")]}`, "''"],
        ['single inside double', `{[?(@.status.nodeInfo.osImage == '""')]}`, '""'],
        ['single containing escaped single', "{[?(@.status.nodeInfo.osImage == '\\\\\\'')]}", "\\'"],
      ] as const
    ).map(([name, text, literal]): [string, string, string[]] => [
      name,
      text,
      [
        'NodeList',
        'NodeFilter: NodeList == NodeList',
        'NodeList',
        'NodeField: status',
        'NodeField: nodeInfo',
        'NodeField: osImage',
        'NodeList',
        `NodeText: ${literal}`,
      ],
    ]),
    [
      'unregular parentheses in double quotes',
      '{[?(@.test == "())(")]}',
      [
        'NodeList',
        'NodeFilter: NodeList == NodeList',
        'NodeList',
        'NodeField: test',
        'NodeList',
        'NodeText: ())(',
      ],
    ],
    [
      'negative index slice, equals a[len-5] to a[len-1]',
      '{[-5:]}',
      ['NodeList', arr([-5, true, false], [0, false, false], [0, false, false])],
    ],
    [
      'negative index slice, equals a[len-1]',
      '{[-1]}',
      ['NodeList', arr([-1, true, false], [0, true, true], [0, false, false])],
    ],
    [
      'negative index slice, equals a[1] to a[len-1]',
      '{[1:-1]}',
      ['NodeList', arr([1, true, false], [-1, true, false], [0, false, false])],
    ],
    [
      'float and bool literals',
      '{1.5}{true}',
      ['NodeList', 'NodeFloat: 1.500000', 'NodeList', 'NodeBool: true'],
    ],
  ])('%s', (_name, text, nodes) => {
    const root = parseJsonPath('test', text).root;
    expect(collect([], root).slice(1).map(nodeString)).toEqual(nodes);
  });

  it('rejects malformed input', () => {
    expect(() => parseJsonPath('test', '{\\\\\\}')).toThrow(JsonPathParseError);
  });
});

describe('parser errors (parser_test.go TestFailParser and more)', () => {
  it.each([
    ['{.hello', 'unclosed action'],
    ['{*}', "unrecognized character in action: U+002A '*'"],
    ['{+12.3.0}', 'cannot parse number +12.3.0'],
    ['{[1}', 'unterminated array'],
    ['{[?(.price]}', 'unterminated filter'],
    ['{\t.a}', 'unrecognized character in action: U+0009'],
    ['{\u{1F600}}', "unrecognized character in action: U+1F600 '\u{1F600}'"],
    ['{.a\n}', 'unclosed action'],
    ['{[a]}', 'invalid array index a'],
    ['{[-]}', 'array index - is not a number'],
    ['{[1:99999999999999999999]}', 'array index 99999999999999999999 is not a number'],
    ['{....a}', 'invalid multiple recursive descent'],
    ['{"abc}', 'unterminated quoted string'],
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    ['{[?(@.a==1)}', 'unclosed array expect ]'],
    ['{[1,[a]]}', 'invalid array index [a'],
  ])('%j: %s', (text, message) => {
    expect(() => parseJsonPath('test', text)).toThrow(new JsonPathParseError(message));
  });
});

describe('UnquoteExtend', () => {
  it.each([
    ['"abc"', 'abc'],
    ["'abc'", 'abc'],
    ['"a\\tb\\n"', 'a\tb\n'],
    ["'it\\'s'", "it's"],
    ['"\\u00e9\\x41\\101\\U0001F600"', 'éAA\u{1F600}'],
    ['"\\\\"', '\\'],
    ['"\\q"', undefined],
    ["'\\\"'", undefined],
    ['"\\ud800"', undefined],
    ['"abc\'', undefined],
    ['"', undefined],
  ])('%s', (input, want) => {
    expect(unquoteExtend(input)).toBe(want);
  });
});

const types = {
  bools: [true, false, true, false],
  integers: [1, 2, 3, 4],
  floats: [1.0, 2.2, 3.3, 4.0],
  strings: ['one', 'two', 'three', 'four'],
  interfaces: [true, 'one', 1, 1.1],
  maps: [
    { name: 'one', value: 1 },
    { name: 'two', value: 2.02 },
    { name: 'three', value: 3.03 },
    { name: 'four', value: 4.04 },
  ],
};

describe('TestTypesInput (maps; client-go also tests Go structs, which JSON data never is)', () => {
  table([
    ['boolSlice', '{ .bools }', types, '[true,false,true,false]'],
    ['boolSliceIndex', '{ .bools[0] }', types, 'true'],
    ['boolSliceIndex', '{ .bools[-1] }', types, 'false'],
    ['boolSubSlice', '{ .bools[0:2] }', types, 'true false'],
    ['boolSubSliceFirst2', '{ .bools[:2] }', types, 'true false'],
    ['boolSubSliceStep2', '{ .bools[:4:2] }', types, 'true true'],
    ['integerSlice', '{ .integers }', types, '[1,2,3,4]'],
    ['integerSliceIndex', '{ .integers[0] }', types, '1'],
    ['integerSliceIndexReverse', '{ .integers[-2] }', types, '3'],
    ['integerSubSliceFirst2', '{ .integers[0:2] }', types, '1 2'],
    ['integerSubSliceFirst2Alt', '{ .integers[:2] }', types, '1 2'],
    ['integerSubSliceStep2', '{ .integers[:4:2] }', types, '1 3'],
    ['floatSlice', '{ .floats }', types, '[1,2.2,3.3,4]'],
    ['floatSliceIndex', '{ .floats[0] }', types, '1'],
    ['floatSliceIndexReverse', '{ .floats[-2] }', types, '3.3'],
    ['floatSubSliceFirst2', '{ .floats[0:2] }', types, '1 2.2'],
    ['floatSubSliceFirst2Alt', '{ .floats[:2] }', types, '1 2.2'],
    ['floatSubSliceStep2', '{ .floats[:4:2] }', types, '1 3.3'],
    ['stringSlice', '{ .strings }', types, '["one","two","three","four"]'],
    ['stringSliceIndex', '{ .strings[0] }', types, 'one'],
    ['stringSliceIndexReverse', '{ .strings[-2] }', types, 'three'],
    ['stringSubSliceFirst2', '{ .strings[0:2] }', types, 'one two'],
    ['stringSubSliceFirst2Alt', '{ .strings[:2] }', types, 'one two'],
    ['stringSubSliceStep2', '{ .strings[:4:2] }', types, 'one three'],
    ['interfaceSlice', '{ .interfaces }', types, '[true,"one",1,1.1]'],
    ['interfaceSliceIndex', '{ .interfaces[0] }', types, 'true'],
    ['interfaceSliceIndexReverse', '{ .interfaces[-2] }', types, '1'],
    ['interfaceSubSliceFirst2', '{ .interfaces[0:2] }', types, 'true one'],
    ['interfaceSubSliceFirst2Alt', '{ .interfaces[:2] }', types, 'true one'],
    ['interfaceSubSliceStep2', '{ .interfaces[:4:2] }', types, 'true 1'],
    [
      'mapSlice',
      '{ .maps }',
      types,
      '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]',
    ],
    ['mapSliceIndex', '{ .maps[0] }', types, '{"name":"one","value":1}'],
    ['mapSliceIndexReverse', '{ .maps[-2] }', types, '{"name":"three","value":3.03}'],
    ['mapSubSliceFirst2', '{ .maps[0:2] }', types, '{"name":"one","value":1} {"name":"two","value":2.02}'],
    ['mapSubSliceFirst2Alt', '{ .maps[:2] }', types, '{"name":"one","value":1} {"name":"two","value":2.02}'],
    ['mapSubSliceStepOdd', '{ .maps[::2] }', types, '{"name":"one","value":1} {"name":"three","value":3.03}'],
    [
      'mapSubSliceStepEven',
      '{ .maps[1::2] }',
      types,
      '{"name":"two","value":2.02} {"name":"four","value":4.04}',
    ],
  ]);
});

// TestStructInput's store, as the map kubectl would see after a JSON round trip.
const store = {
  Name: 'jsonpath',
  Book: [
    { Category: 'reference', Author: 'Nigel Rees', Title: 'Sayings of the Centurey', Price: 8.95 },
    { Category: 'fiction', Author: 'Evelyn Waugh', Title: 'Sword of Honour', Price: 12.99 },
    { Category: 'fiction', Author: 'Herman Melville', Title: 'Moby Dick', Price: 8.99 },
  ],
  Bicycle: [
    { Color: 'red', Price: 19.95, IsNew: true },
    { Color: 'green', Price: 20.01, IsNew: false },
  ],
  Labels: { engieer: 10, 'web/html': 15, 'k8s-app': 20 },
  Employees: { jason: 'manager', dan: 'clerk' },
};

describe('TestStructInput (on maps: fields print in key order, not struct order)', () => {
  table([
    ['plain', 'hello jsonpath', null, 'hello jsonpath'],
    ['recursive', '{..}', [1, 2, 3], '[1,2,3]'],
    ['filter', '{[?(@<5)]}', [2, 6, 3, 7], '2 3'],
    ['quote', '{"{"}', null, '{'],
    ['union', '{[1,3,4]}', [0, 1, 2, 3, 4], '1 3 4'],
    ['array', '{[0:2]}', ['Monday', 'Tudesday'], 'Monday Tudesday'],
    ['variable', 'hello {.Name}', store, 'hello jsonpath'],
    ['dict/', '{$.Labels.web/html}', store, '15'],
    ['dict/', '{$.Employees.jason}', store, 'manager'],
    ['dict/', '{$.Employees.dan}', store, 'clerk'],
    ['dict-', '{.Labels.k8s-app}', store, '20'],
    ['nest', '{.Bicycle[*].Color}', store, 'red green'],
    ['allarray', '{.Book[*].Author}', store, 'Nigel Rees Evelyn Waugh Herman Melville'],
    [
      'allfields',
      '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}',
      store,
      '{red true 19.95} {green false 20.01} ',
    ],
    // Bicycle comes before Book here: map keys are visited sorted, struct fields in declaration order.
    ['recurfields', '{..Price}', store, '19.95 20.01 8.95 12.99 8.99'],
    ['recurdotfields', '{...Price}', store, '19.95 20.01 8.95 12.99 8.99'],
    [
      'superrecurfields',
      '{............................................................Price}',
      store,
      '',
      true,
    ],
    [
      'allstructsSlice',
      '{.Bicycle}',
      store,
      '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]',
    ],
    [
      'allstructs',
      '{range .Bicycle[*]}{ @ }{ " " }{end}',
      store,
      '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} ',
    ],
    [
      'lastarray',
      '{.Book[-1:]}',
      store,
      '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
    ],
    [
      'recurarray',
      '{..Book[2]}',
      store,
      '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
    ],
    ['bool', '{.Bicycle[?(@.IsNew==true)]}', store, '{"Color":"red","IsNew":true,"Price":19.95}'],
  ]);
  table([['nonexistent field', '{.hello}', store, '']], true);

  it.each([
    ['invalid identifier', '{hello}', 'unrecognized identifier hello'],
    ['nonexistent field', '{.hello}', 'hello is not found'],
    ['invalid array', '{.Labels[0]}', 'map[string]interface {} is not array or slice'],
    ['invalid filter operator', '{.Book[?(@.Price<>10)]}', 'unrecognized filter operator <>'],
    ['redundant end', '{range .Labels.*}{@}{end}{end}', 'not in range, nothing to end'],
  ])('fails: %s', (_name, template, message) => {
    expect(executeError(template, store)).toBe(message);
  });
});

describe('TestJSONInput', () => {
  const points = [
    { id: 'i1', x: 4, y: -5 },
    { id: 'i2', x: -2, y: -5, z: 1 },
    { id: 'i3', x: 8, y: 3 },
    { id: 'i4', x: -6, y: -1 },
    { id: 'i5', x: 0, y: 2, z: 1 },
    { id: 'i6', x: 1, y: 4 },
  ];
  table([
    ['exists filter', '{[?(@.z)].id}', points, 'i2 i5'],
    ['bracket key', "{[0]['id']}", points, 'i1'],
  ]);
});

const nodes = {
  kind: 'List',
  items: [
    {
      kind: 'None',
      metadata: { name: '127.0.0.1', labels: { 'kubernetes.io/hostname': '127.0.0.1' } },
      status: {
        capacity: { cpu: '4' },
        ready: true,
        addresses: [{ type: 'LegacyHostIP', address: '127.0.0.1' }],
      },
    },
    {
      kind: 'None',
      metadata: { name: '127.0.0.2', labels: { 'kubernetes.io/hostname': '127.0.0.2' } },
      status: {
        capacity: { cpu: '8' },
        ready: false,
        addresses: [
          { type: 'LegacyHostIP', address: '127.0.0.2' },
          { type: 'another', address: '127.0.0.3' },
        ],
      },
    },
  ],
  users: [
    { name: 'myself', user: {} },
    { name: 'e2e', user: { username: 'admin', password: 'secret' } },
  ],
};

describe('TestKubernetes', () => {
  table([
    ['range item', '{range .items[*]}{.metadata.name}, {end}{.kind}', nodes, '127.0.0.1, 127.0.0.2, List'],
    [
      'range item with quote',
      '{range .items[*]}{.metadata.name}{"\\t"}{end}',
      nodes,
      '127.0.0.1\t127.0.0.2\t',
    ],
    ['range addresss', '{.items[*].status.addresses[*].address}', nodes, '127.0.0.1 127.0.0.2 127.0.0.3'],
    [
      'double range',
      '{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}',
      nodes,
      '127.0.0.1, 127.0.0.2, 127.0.0.3, ',
    ],
    ['item name', '{.items[*].metadata.name}', nodes, '127.0.0.1 127.0.0.2'],
    [
      'union nodes capacity',
      "{.items[*]['metadata.name', 'status.capacity']}",
      nodes,
      '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}',
    ],
    [
      'range nodes capacity',
      '{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}',
      nodes,
      '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
    ],
    ['user password', '{.users[?(@.name=="e2e")].user.password}', nodes, 'secret'],
    ['hostname', '{.items[0].metadata.labels.kubernetes\\.io/hostname}', nodes, '127.0.0.1'],
    [
      'hostname filter',
      '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}',
      nodes,
      'None',
    ],
    ['bool item', '{.items[?(@..ready==true)].metadata.name}', nodes, '127.0.0.1'],
  ]);
  it('recursive name (Go prints in map order; sorted here)', () => {
    expect(execute('{..name}', nodes).split(' ').sort()).toEqual(['127.0.0.1', '127.0.0.2', 'e2e', 'myself']);
  });
});

describe('TestEmptyRange', () => {
  table(
    [
      ['empty range', '{range .items[*]}{.metadata.name}{end}', { items: [] }, ''],
      [
        'empty nested range',
        '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        { items: [] },
        '',
      ],
    ],
    true,
  );
});

describe('TestNestedRanges', () => {
  const another = [{ name: 'value1' }, { name: 'value2' }];
  const data = {
    items: [
      {
        metadata: { name: 'pod1' },
        spec: {
          containers: [
            { name: 'foo', another },
            { name: 'bar', another },
          ],
        },
      },
      { metadata: { name: 'pod2' }, spec: { containers: [{ name: 'baz', another }] } },
    ],
  };
  table([
    [
      'nested range with a trailing newline',
      '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
      data,
      'pod1:foo,bar,+pod2:baz,+',
    ],
    [
      'nested range with a trailing character within another nested range with a trailing newline',
      '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}' +
        '{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
      data,
      'pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#',
    ],
    [
      'two nested ranges at the same level with a trailing newline',
      '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}' +
        '{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
      data,
      'pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n',
    ],
  ]);
});

describe('TestFilterPartialMatchesSometimesMissingAnnotations (issue 45546)', () => {
  const data = {
    kind: 'List',
    items: [
      { kind: 'Pod', metadata: { name: 'pod1', annotations: { color: 'blue' } } },
      { kind: 'Pod', metadata: { name: 'pod2' } },
      { kind: 'Pod', metadata: { name: 'pod3', annotations: { color: 'green' } } },
      { kind: 'Pod', metadata: { name: 'pod4', annotations: { color: 'blue' } } },
    ],
  };
  const template = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}';
  table([['tolerate missing items', template, data, 'pod1 pod4']], true);
  table([['error on missing items', template, data, '', true]], false);
});

const containers = (n: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  spec: {
    containers: Array.from({ length: n }, (_, i) => ({ image: 'radial/busyboxplus:curl', name: `fake${i}` })),
  },
});

describe('TestNegativeIndex', () => {
  const data = containers(4);
  table([
    ['containers[0]', '{.spec.containers[0].name}', data, 'fake0'],
    ['containers[0:0] is empty', '{.spec.containers[0:0].name}', data, ''],
    ['containers[0:-1]', '{.spec.containers[0:-1].name}', data, 'fake0 fake1 fake2'],
    ['containers[-1:0] errors', '{.spec.containers[-1:0].name}', data, '', true],
    ['containers[-1]', '{.spec.containers[-1].name}', data, 'fake3'],
    ['containers[-1:]', '{.spec.containers[-1:].name}', data, 'fake3'],
    ['containers[-2]', '{.spec.containers[-2].name}', data, 'fake2'],
    ['containers[-2:]', '{.spec.containers[-2:].name}', data, 'fake2 fake3'],
    ['containers[-3]', '{.spec.containers[-3].name}', data, 'fake1'],
    ['containers[-4]', '{.spec.containers[-4].name}', data, 'fake0'],
    ['containers[-4:]', '{.spec.containers[-4:].name}', data, 'fake0 fake1 fake2 fake3'],
    ['containers[-5] is out of bounds', '{.spec.containers[-5].name}', data, '', true],
    ['containers[5:5] is empty', '{.spec.containers[5:5].name}', data, ''],
    ['containers[-5:-5] is empty', '{.spec.containers[-5:-5].name}', data, ''],
    ['containers[3:1] errors', '{.spec.containers[3:1].name}', data, '', true],
    ['containers[-1:-2] errors', '{.spec.containers[-1:-2].name}', data, '', true],
  ]);
  it.each([
    ['{.spec.containers[-5].name}', 'array index out of bounds: index -1, length 4'],
    ['{.spec.containers[3:1].name}', 'starting index 3 is greater than ending index 1'],
    ['{.spec.containers[4].name}', 'array index out of bounds: index 4, length 4'],
    ['{.spec.containers[1:9].name}', 'array index out of bounds: index 8, length 4'],
  ])('%s fails with %s', (template, message) => {
    expect(executeError(template, data)).toBe(message);
  });
});

describe('TestStep', () => {
  const data = containers(6);
  table([
    ['containers[0:]', '{.spec.containers[0:].name}', data, 'fake0 fake1 fake2 fake3 fake4 fake5'],
    ['containers[0:6:]', '{.spec.containers[0:6:].name}', data, 'fake0 fake1 fake2 fake3 fake4 fake5'],
    ['containers[0:6:1]', '{.spec.containers[0:6:1].name}', data, 'fake0 fake1 fake2 fake3 fake4 fake5'],
    ['containers[0:6:0] errors', '{.spec.containers[0:6:0].name}', data, '', true],
    ['containers[0:6:-1] errors', '{.spec.containers[0:6:-1].name}', data, '', true],
    ['containers[1:4:2]', '{.spec.containers[1:4:2].name}', data, 'fake1 fake3'],
    ['containers[1:4:3]', '{.spec.containers[1:4:3].name}', data, 'fake1'],
    ['containers[1:4:4]', '{.spec.containers[1:4:4].name}', data, 'fake1'],
    ['containers[0:6:2]', '{.spec.containers[0:6:2].name}', data, 'fake0 fake2 fake4'],
    ['containers[0:6:3]', '{.spec.containers[0:6:3].name}', data, 'fake0 fake3'],
    ['containers[0:6:5]', '{.spec.containers[0:6:5].name}', data, 'fake0 fake5'],
    ['containers[0:6:6]', '{.spec.containers[0:6:6].name}', data, 'fake0'],
  ]);
});

describe('findResults (what custom-columns, --sort-by and wait read)', () => {
  const pod = {
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: { containers: [{ name: 'a', ports: [{ containerPort: 80 }] }, { name: 'b' }] },
    status: { conditions: [{ type: 'Ready', status: 'True' }], phase: null },
  };
  const find = (template: string, options = {}) =>
    findResults(parseJsonPath('column0', relaxedJsonPathExpression(template)), pod, options);

  it('returns one list per action, with the raw values', () => {
    expect(find('.spec.containers[*].name')).toEqual([['a', 'b']]);
    expect(find('.metadata.labels')).toEqual([[{ app: 'web' }]]);
    expect(find('{.status.conditions[?(@.type=="Ready")].status}')).toEqual([['True']]);
    expect(find('.status.phase')).toEqual([[null]]);
  });

  it('allows missing keys by default, as every kubectl caller does', () => {
    expect(find('.metadata.annotations')).toEqual([[]]);
    expect(() => find('.metadata.annotations', { allowMissingKeys: false })).toThrow(
      new JsonPathExecuteError('annotations is not found'),
    );
  });

  it('returns template literals as Go numbers and text as strings', () => {
    const results = findResults(parseJsonPath('t', 'x{1}{2.5}{true}'), pod);
    expect(results).toEqual([['x'], [new GoNumber(1, 'int')], [new GoNumber(2.5, 'float64')], [true]]);
  });

  it('gives the same results when a template is executed again', () => {
    const t = parseJsonPath('t', '{range .spec.containers[*]}{.name};{end}');
    expect(findResults(t, pod)).toEqual(findResults(t, pod));
  });
});

describe('executeJsonPath (kubectl -o jsonpath)', () => {
  const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };

  it('prints maps and lists as JSON, scalars raw', () => {
    const t = parseKubectlJsonPath('{.data} {.metadata.name}{"\\n"}');
    expect(executeJsonPath(t, cm)).toBe('{"a":"b"} x\n');
  });

  it('reports a failure with the object printed by %#v', () => {
    const t = parseKubectlJsonPath('{.data[0]}');
    expect(() => executeJsonPath(t, cm)).toThrow(
      new JsonPathPrintError(
        'error executing jsonpath "{.data[0]}": Error executing template: map[string]interface {} is not array or slice. ' +
          'Printing more information for debugging the template:\n' +
          '\ttemplate was:\n\t\t{.data[0]}\n' +
          '\tobject given to jsonpath engine was:\n' +
          '\t\tmap[string]interface {}{"apiVersion":"v1", "data":map[string]interface {}{"a":"b"}, "kind":"ConfigMap", ' +
          '"metadata":map[string]interface {}{"name":"x"}}\n\n\n',
        'map[string]interface {} is not array or slice',
      ),
    );
  });

  it('misses keys silently unless --allow-missing-template-keys=false', () => {
    const t = parseKubectlJsonPath('{.nope}');
    expect(executeJsonPath(t, cm)).toBe('');
    expect(() => executeJsonPath(t, cm, { allowMissingKeys: false })).toThrow(/nope is not found/);
  });

  it('wraps parse errors as kubectl does', () => {
    expect(() => parseKubectlJsonPath('{.a')).toThrow(
      new JsonPathPrintError('error parsing jsonpath {.a, unclosed action\n', 'unclosed action'),
    );
  });

  it('reports the panic kubectl hits when indexing inside an empty range', () => {
    const t = parseKubectlJsonPath('{range .nope[*]}{[0]}{end}');
    try {
      executeJsonPath(t, cm);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JsonPathPrintError);
      expect((e as JsonPathPrintError).panic).toBe(true);
      expect((e as JsonPathPrintError).message).toBe(
        'panic: reflect: call of reflect.Value.Type on zero Value',
      );
    }
  });

  it('prints -o jsonpath-as-json as one indented array per action', () => {
    const t = parseKubectlJsonPath('{.metadata.name}{.data}');
    expect(executeJsonPath(t, cm, { outputJson: true })).toBe(
      '[\n    "x"\n]\n[\n    {\n        "a": "b"\n    }\n]\n',
    );
  });
});

describe('relaxedJsonPathExpression (RelaxedJSONPathExpression)', () => {
  it.each([
    ['metadata.name', '{.metadata.name}'],
    ['.metadata.name', '{.metadata.name}'],
    ['{metadata.name}', '{.metadata.name}'],
    ['{.metadata.name}', '{.metadata.name}'],
    ['', ''],
    ['.items[*].metadata.name', '{.items[*].metadata.name}'],
    ['.status.conditions[?(@.type=="Ready")].status', '{.status.conditions[?(@.type=="Ready")].status}'],
    ['..name', '{..name}'],
    ['{..name}', '{..name}'],
  ])('%j → %j', (input, want) => {
    expect(relaxedJsonPathExpression(input)).toBe(want);
  });

  it.each(['{.a}{.b}', '{range .items[*]}{.name}{end}', '{.a', '.a}', '{}'])('rejects %j', (input) => {
    expect(() => relaxedJsonPathExpression(input)).toThrow(
      new JsonPathParseError(
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
      ),
    );
  });
});

describe('Go printing of JSON values', () => {
  it.each([
    [1, '1'],
    [1.5, '1.5'],
    [100000000, '1e+08'],
    [123456, '123456'],
    [1234567.5, '1.2345675e+06'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1e21, '1e+21'],
    [-2.5e-10, '-2.5e-10'],
    [0, '0'],
  ])('%%v of float64(%d) is %s', (f, want) => {
    expect(goFormatFloat(f)).toBe(want);
  });

  it('%v (custom-columns, wait): maps with sorted keys, slices with spaces, nil as <nil>', () => {
    expect(goSprint({ b: [1, 'x', null], a: { c: true } })).toBe('map[a:map[c:true] b:[1 x <nil>]]');
    expect(goSprint(null)).toBe('<nil>');
    expect(goSprint(1e21)).toBe('1e+21');
    expect(goSprint(3)).toBe('3');
    expect(goSprint(3, { float64Numbers: true })).toBe('3');
    expect(goSprint(1e8, { float64Numbers: true })).toBe('1e+08');
  });

  it('%#v (the object in error messages)', () => {
    expect(goSharpV({ s: 'a"\x01', n: null, l: [1, 1.5, true], m: {} })).toBe(
      'map[string]interface {}{"l":[]interface {}{1, 1.5, true}, "m":map[string]interface {}{}, ' +
        '"n":interface {}(nil), "s":"a\\"\\x01"}',
    );
  });

  it('json.Marshal: sorted keys, HTML escaping, Go float format', () => {
    expect(goJsonMarshal({ b: '<a&b>', a: [1e-7, 1e21, 0.5, 2], c: '\u2028\b\x7f' })).toBe(
      '{"a":[1e-7,1e+21,0.5,2],"b":"\\u003ca\\u0026b\\u003e","c":"\\u2028\\b\x7f"}',
    );
    expect(goJsonMarshal({ a: [], b: {}, c: [{ d: 1 }] }, '    ')).toBe(
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        {\n            "d": 1\n        }\n    ]\n}',
    );
  });
});
