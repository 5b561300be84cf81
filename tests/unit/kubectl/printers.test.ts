import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Table } from '../../../src/api/types';
import { parseYamlStream } from '../../../src/kubectl/yamlparse';
import { toJSON } from '../../../src/kubectl/printers/json';
import { makePrinter } from '../../../src/kubectl/printers/index';
import { TablePrinter } from '../../../src/kubectl/printers/table';
import { tabulate, TabWriter, KUBECTL_TABWRITER } from '../../../src/kubectl/printers/tabwriter';
import {
  formatGoFloatG,
  resolvesToNonString,
  sortYamlKeys,
  toYAML,
} from '../../../src/kubectl/printers/yaml';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

/** `### <command>` sections of the §13 reference outputs. */
function referenceOutputs(): { title: string; body: string }[] {
  const text = fixture('reference-s13-outputs.txt');
  const parts = text.split(/^### (.*)$/m);
  const out: { title: string; body: string }[] = [];
  for (let i = 1; i < parts.length; i += 2)
    out.push({ title: parts[i]!, body: parts[i + 1]!.replace(/^\n/, '') });
  return out;
}

describe('YAML printer (go-yaml v2 as kubectl uses it)', () => {
  it('reproduces every §13 generator output byte for byte', () => {
    const cases = referenceOutputs().filter(
      (c) => c.title.includes('-o yaml') && !c.body.includes('\n---\n'),
    );
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) {
      const [obj] = parseYamlStream(c.body);
      expect(toYAML(obj), c.title).toBe(c.body);
    }
  });

  it('matches real kubectl on quoting, block literals, folding and key order', () => {
    const obj = JSON.parse(fixture('tricky-configmap.json'));
    expect(toYAML(obj)).toBe(fixture('tricky-configmap.kubectl.yaml.txt'));
  });

  it('quotes what go-yaml would read back as something else', () => {
    for (const s of [
      '3600',
      'true',
      'yes',
      'n',
      'on',
      '~',
      'null',
      '',
      '1e3',
      '0x1F',
      '1_000',
      '2025-01-01',
      '.inf',
      '-1.5',
    ]) {
      expect(resolvesToNonString(s), s).toBe(true);
    }
    for (const s of ['nginx', '1.25.3', 'v1.32', 'a:b', '80-8080', 'NaN', 'yess'])
      expect(resolvesToNonString(s), s).toBe(false);
    expect(toYAML({ a: '1:20' })).toBe('a: "1:20"\n');
    expect(toYAML({ a: [], b: {}, c: null })).toBe('a: []\nb: {}\nc: null\n');
  });

  it('sorts keys in go-yaml natural order', () => {
    expect(sortYamlKeys(['b', 'a10', 'a9', 'A', '_u', '1', 'a-b', 'ab'])).toEqual([
      '_u',
      '1',
      'A',
      'a-b',
      'a9',
      'a10',
      'ab',
      'b',
    ]);
  });

  it('formats floats like strconv.FormatFloat(f, g, -1)', () => {
    expect(formatGoFloatG(0.5)).toBe('0.5');
    expect(formatGoFloatG(1234567.5)).toBe('1.2345675e+06');
    expect(formatGoFloatG(100000.5)).toBe('100000.5');
    expect(formatGoFloatG(0.00001)).toBe('1e-05');
  });
});

describe('JSON printer', () => {
  it('keeps Go struct order for typed objects (§13 -o json)', () => {
    const c = referenceOutputs().find((x) => x.title.includes('-o json'))!;
    expect(toJSON(JSON.parse(c.body), { sortKeys: false })).toBe(c.body);
  });

  it('sorts keys and escapes HTML like encoding/json for server objects', () => {
    const obj = JSON.parse(fixture('tricky-configmap.json'));
    expect(toJSON(obj)).toBe(fixture('tricky-configmap.kubectl.json.txt'));
  });
});

function podTable(rows: [string, string, string, string, string, string, string, string, string][]): Table {
  const col = (name: string, priority = 0) => ({
    name,
    type: 'string',
    format: name === 'Name' ? 'name' : '',
    description: '',
    priority,
  });
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'Table',
    metadata: {},
    columnDefinitions: [
      col('Name'),
      col('Ready'),
      col('Status'),
      col('Restarts'),
      col('Age'),
      col('IP', 1),
      col('Node', 1),
      col('Nominated Node', 1),
      col('Readiness Gates', 1),
    ],
    rows: rows.map((cells) => ({
      cells,
      object: {
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadata',
        metadata: { name: cells[0], namespace: 'default' },
      },
    })),
  };
}

const REF_ROWS: [string, string, string, string, string, string, string, string, string][] = [
  ['web-7d4b9c8f5-abcde', '1/1', 'Running', '0', '5m1s', '10.244.1.5', 'kind-worker', '<none>', '<none>'],
  [
    'crash',
    '0/1',
    'CrashLoopBackOff',
    '5 (70s ago)',
    '10m',
    '10.244.2.7',
    'kind-worker2',
    '<none>',
    '<none>',
  ],
  ['pending', '0/1', 'Pending', '0', '60s', '<none>', '<none>', '<none>', '<none>'],
  ['init-demo', '0/1', 'Init:0/2', '0', '12s', '10.244.1.9', 'kind-worker', '<none>', '<none>'],
];

function printTable(table: Table, opts: ConstructorParameters<typeof TablePrinter>[0]): string {
  let out = '';
  const w = new TabWriter((t) => (out += t), KUBECTL_TABWRITER);
  new TablePrinter(opts).print(table, w);
  w.flush();
  return out;
}

describe('table printer (§8.1)', () => {
  it('prints the default columns with 3-space padding', () => {
    expect(printTable(podTable(REF_ROWS), {})).toBe(
      [
        'NAME                  READY   STATUS             RESTARTS      AGE',
        'web-7d4b9c8f5-abcde   1/1     Running            0             5m1s',
        'crash                 0/1     CrashLoopBackOff   5 (70s ago)   10m',
        'pending               0/1     Pending            0             60s',
        'init-demo             0/1     Init:0/2           0             12s',
        '',
      ].join('\n'),
    );
  });

  it('adds priority-1 columns with -o wide', () => {
    expect(printTable(podTable(REF_ROWS), { wide: true })).toBe(
      [
        'NAME                  READY   STATUS             RESTARTS      AGE    IP           NODE           NOMINATED NODE   READINESS GATES',
        'web-7d4b9c8f5-abcde   1/1     Running            0             5m1s   10.244.1.5   kind-worker    <none>           <none>',
        'crash                 0/1     CrashLoopBackOff   5 (70s ago)   10m    10.244.2.7   kind-worker2   <none>           <none>',
        'pending               0/1     Pending            0             60s    <none>       <none>         <none>           <none>',
        'init-demo             0/1     Init:0/2           0             12s    10.244.1.9   kind-worker    <none>           <none>',
        '',
      ].join('\n'),
    );
  });

  it('recomputes widths without the header row for --no-headers', () => {
    expect(printTable(podTable(REF_ROWS.slice(0, 2)), { noHeaders: true })).toBe(
      'web-7d4b9c8f5-abcde   1/1   Running            0             5m1s\ncrash                 0/1   CrashLoopBackOff   5 (70s ago)   10m\n',
    );
  });

  it('prints nothing for an empty table', () => {
    expect(printTable(podTable([]), {})).toBe('');
  });

  it('decorates: NAMESPACE for -A, kind prefixes, -L and --show-labels', () => {
    const t = podTable(REF_ROWS.slice(0, 1));
    t.rows[0]!.object!.metadata.labels = { app: 'web', 'app.kubernetes.io/tier': 'fe' };
    expect(
      printTable(t, {
        withNamespace: true,
        kind: 'Pod',
        columnLabels: ['app.kubernetes.io/tier', 'missing'],
        showLabels: true,
      }),
    ).toBe(
      'NAMESPACE   NAME                      READY   STATUS    RESTARTS   AGE    TIER   MISSING   LABELS\n' +
        'default     pod/web-7d4b9c8f5-abcde   1/1     Running   0          5m1s   fe               app=web,app.kubernetes.io/tier=fe\n',
    );
  });

  it('prints header-less watch tables with the remembered widths', () => {
    let out = '';
    const w = new TabWriter((t) => (out += t), KUBECTL_TABWRITER);
    const p = new TablePrinter({});
    p.print(podTable(REF_ROWS.slice(2, 3)), w);
    w.flush();
    p.print({ ...podTable([['a', '1/1', 'Running', '0', '1s', '', '', '', '']]), columnDefinitions: [] }, w);
    w.flush();
    expect(out).toBe(
      'NAME      READY   STATUS    RESTARTS   AGE\npending   0/1     Pending   0          60s\na         1/1     Running   0          1s\n',
    );
  });
});

describe('tabwriter', () => {
  it('does not pad the last cell and pads at least to minwidth 6', () => {
    expect(tabulate('A\tB\tC\nx\ty\tz\n')).toBe('A     B     C\nx     y     z\n');
    expect(tabulate('CURRENT\tNAME\tNAMESPACE\n*\tkind-kind\t\n')).toBe(
      'CURRENT   NAME        NAMESPACE\n*         kind-kind   \n',
    );
  });
});

describe('jsonpath and custom-columns printers (outputs of real kubectl v1.32)', () => {
  const list = {
    apiVersion: 'v1',
    kind: 'List',
    metadata: { resourceVersion: '' },
    items: [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'web-1', labels: { app: 'web', tier: 'fe' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }], nodeName: 'kind-worker' },
        status: { phase: 'Running' },
      },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'db', labels: { app: 'db' } },
        spec: { containers: [{ name: 'redis', image: 'redis' }] },
        status: { phase: 'Pending' },
      },
    ],
  };
  const run = (output: string, obj: unknown = list) => {
    let out = '';
    makePrinter(output).print(obj, (t) => (out += t));
    return out;
  };

  it('prints ranges, filters, indexes and maps as kubectl does', () => {
    expect(run('jsonpath={.items[*].metadata.name}')).toBe('web-1 db');
    expect(run('jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}')).toBe(
      'web-1\tRunning\ndb\tPending\n',
    );
    expect(run('jsonpath={.items[?(@.status.phase=="Running")].metadata.name}')).toBe('web-1');
    expect(run('jsonpath={.items[-1].metadata.name}')).toBe('db');
    expect(run('jsonpath={.items[*].spec.containers[*].image}')).toBe('nginx:1.25 redis');
    expect(run('jsonpath={.items[?(@.spec.nodeName)].metadata.name}')).toBe('web-1');
    expect(run('jsonpath={.kind} {.apiVersion}')).toBe('List v1');
    expect(run("jsonpath={.items[*]['metadata.name']}")).toBe('web-1 db');
    expect(run('jsonpath={.metadata}')).toBe('{"resourceVersion":""}');
    expect(run('jsonpath={.items[0].metadata.labels}')).toBe('{"app":"web","tier":"fe"}');
    expect(run('jsonpath={.nope}')).toBe('');
    expect(run('jsonpath-as-json={.items[*].metadata.name}')).toBe('[\n    "web-1",\n    "db"\n]\n');
  });

  it('reports jsonpath errors with kubectl text', () => {
    expect(() => run('jsonpath={.items[')).toThrow('error parsing jsonpath {.items[, unterminated array');
    expect(() => run('jsonpath={.metadata.name')).toThrow(
      'error parsing jsonpath {.metadata.name, unclosed action',
    );
    expect(() => run('jsonpath={.a,.b}')).toThrow("unrecognized character in action: U+002C ','");
    expect(() => run('jsonpath')).toThrow('template format specified but no template given');
    expect(() => run('jsonpath={.items[5].metadata.name}')).toThrow(
      'Error executing template: array index out of bounds: index 5, length 2.',
    );
  });

  it('prints custom columns with <none> and Go map formatting', () => {
    expect(
      run('custom-columns=A:.kind,B:.metadata.name,C:.spec.containers[*].name,D:.metadata.labels,E:.x'),
    ).toBe(
      'A     B       C       D                      E\nPod   web-1   nginx   map[app:web tier:fe]   <none>\nPod   db      redis   map[app:db]            <none>\n',
    );
    expect(() => run('custom-columns=NAME')).toThrow(
      'unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>',
    );
    expect(() => run('custom-columns=')).toThrow(
      'custom-columns format specified but no custom columns given',
    );
  });

  it('prints names and rejects unknown formats', () => {
    expect(run('name')).toBe('pod/web-1\npod/db\n');
    expect(run('name', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' } })).toBe(
      'deployment.apps/web\n',
    );
    expect(() => run('foo')).toThrow(
      'unable to match a printer suitable for the output format "foo", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml',
    );
  });

  it('separates YAML documents with ---', () => {
    const p = makePrinter('yaml');
    let out = '';
    p.print({ a: 1 }, (t) => (out += t));
    p.print({ b: 2 }, (t) => (out += t));
    expect(out).toBe('a: 1\n---\nb: 2\n');
  });
});
