/**
 * The framework follow-ups: JSONPath through the apimachinery port (jsonpath, custom-columns,
 * --sort-by, wait --for=jsonpath), exact -o matching, server warnings, a stopped API server,
 * and go-yaml's syntax errors. Expected texts are what the real kubectl v1.32 printed for the
 * same command lines (against a fake API server answering with Tables where noted).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { readJsonDocuments } from '../../../src/kubectl/jsonstream';
import { goSort } from '../../../src/kubectl/printers/gosort';
import { isLess } from '../../../src/kubectl/printers/sort';
import { parseYaml, parseYamlStream, readYamlDocuments } from '../../../src/kubectl/yamlparse';
import { FakeApi, pod } from './fake-client';

const cm = (
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', creationTimestamp: '2025-11-27T10:00:00Z', labels },
  data,
});

const REFUSED =
  'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n';

describe('JSONPath output through the apimachinery port', () => {
  it('prints kubectl errors for missing keys, bad templates and panics', async () => {
    const api = new FakeApi().add(cm('a', { k: 'v' }));
    const missing = await api.kubectl([
      'get',
      'cm',
      'a',
      '-o',
      'jsonpath={.foo}',
      '--allow-missing-template-keys=false',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(
      /^error: error executing jsonpath "\{\.foo\}": Error executing template: foo is not found\. Printing more information for debugging the template:\n\ttemplate was:\n\t\t\{\.foo\}\n\tobject given to jsonpath engine was:\n\t\tmap\[string\]interface \{\}\{"apiVersion":"v1", .*\}\n\n\n$/,
    );
    expect((await api.kubectl(['get', 'cm', 'a', '-o', 'jsonpath={.foo'])).stderr).toBe(
      'error: error parsing jsonpath {.foo, unclosed action\n',
    );
    const panic = await api.kubectl(['get', 'cm', '-o', 'jsonpath={range .nope[*]}{[0]}{end}']);
    expect(panic.code).toBe(2);
    expect(panic.stderr.split('\n')[0]).toBe('panic: reflect: call of reflect.Value.Type on zero Value');
    // The List kubectl builds for several objects is what the template sees.
    expect((await api.kubectl(['get', 'cm', '-o', 'jsonpath={.kind} {.metadata}'])).stdout).toBe(
      'List {"resourceVersion":""}',
    );
  });

  it('prints the custom-columns header before a column fails', async () => {
    const api = new FakeApi().add(cm('a'));
    expect(await api.kubectl(['get', 'cm', '-o', 'custom-columns=NAME:.metadata.name[0]'])).toEqual({
      stdout: 'NAME\n',
      stderr: 'error: string is not array or slice\n',
      code: 1,
    });
    expect((await api.kubectl(['get', 'cm', '-o', 'custom-columns=A:.a['])).stderr).toBe(
      'error: unterminated array\n',
    );
    expect((await api.kubectl(['get', 'cm', '-o', 'custom-columns=A:{.a'])).stderr).toBe(
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
    );
  });
});

describe('-o matching (PrintFlags.ToPrinter)', () => {
  it('matches json, yaml and name in any case, the template formats exactly', async () => {
    const api = new FakeApi().add(cm('a'));
    expect((await api.kubectl('get cm a -o NAME')).stdout).toBe('configmap/a\n');
    const allowed =
      'allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n';
    for (const o of ['JSONPATH={.kind}', 'WIDE', 'wide=x', '=json', 'name=x']) {
      expect((await api.kubectl(['get', 'cm', 'a', '-o', o])).stderr, o).toBe(
        `error: unable to match a printer suitable for the output format ${JSON.stringify(o)}, ${allowed}`,
      );
    }
    // --template gives the template of a bare -o jsonpath.
    expect(
      (await api.kubectl(['get', 'cm', 'a', '-o', 'jsonpath', '--template={.metadata.name}'])).stdout,
    ).toBe('a');
    expect(
      (await api.kubectl(['create', 'cm', 'x', '--dry-run=client', '-o', 'custom-columns=A:.x'])).stderr,
    ).toBe(
      'error: unable to match a printer suitable for the output format "custom-columns=A:.x", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml\n',
    );
  });

  it('reads -file formats before refusing Go templates', async () => {
    const api = new FakeApi().add(cm('a'));
    expect((await api.kubectl(['get', 'cm', 'a', '-o', 'templatefile=x'])).stderr).toBe(
      'error: error reading --template x, open x: no such file or directory\n',
    );
  });
});

describe('--sort-by', () => {
  it('compares strings byte by byte and quantities as quantities', () => {
    expect(isLess('pod-10', 'pod-2')).toBe(true);
    expect(isLess('900Mi', '1Gi')).toBe(true);
    expect(isLess(null, 'a')).toBe(true);
    expect(() => isLess([1], [2])).toThrow('unsortable type: []interface {}');
    expect(() => isLess(1, 'a')).toThrow('unsortable interface: interface');
  });

  it('sorts like Go sort.Sort, including the order of objects missing the field', () => {
    // Less is "missing first"; two missing objects swap, as Go's insertion sort does.
    const xs = ['a', undefined, 'c', undefined, 'b'];
    const idx = xs.map((_, i) => i);
    goSort({
      len: idx.length,
      less: (i, j) =>
        xs[idx[i]!] === undefined ? true : xs[idx[j]!] === undefined ? false : xs[idx[i]!]! < xs[idx[j]!]!,
      swap: (i, j) => ([idx[i], idx[j]] = [idx[j]!, idx[i]!]),
    });
    expect(idx).toEqual([3, 1, 0, 4, 2]);
  });

  it('reports or drops sort errors as kubectl does', async () => {
    const api = new FakeApi().add(cm('pod-2', {}, { app: 'x' }), cm('pod-10'));
    expect((await api.kubectl('get cm --sort-by=.metadata.name -o name')).stdout).toBe(
      'configmap/pod-10\nconfigmap/pod-2\n',
    );
    expect((await api.kubectl('get cm --sort-by=.metadata.name')).stdout).toBe(
      'NAME     AGE\npod-10   5m\npod-2    5m\n',
    );
    // kubectl sorts a List even of one item, and says when no item has the field.
    expect((await api.kubectl('get cm -l app=x --sort-by=.spec.nothing -o name')).stderr).toBe(
      'error: couldn\'t find any field with path "{.spec.nothing}" in the list of objects\n',
    );
    // The table printer's sort errors are dropped: nothing is printed for that table.
    expect(await api.kubectl('get cm --sort-by=.spec.nothing')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      code: 0,
    });
    // Several tables are sorted as objects first: a Table has no .metadata.name.
    expect((await api.kubectl('get cm pod-2 pod-10 --sort-by=.metadata.name')).stderr).toBe(
      'error: couldn\'t find any field with path "{.metadata.name}" in the list of objects\n',
    );
    expect((await api.kubectl('get cm --sort-by={.a[ -o name')).stderr).toBe(
      "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'\n",
    );
  });
});

describe('kubectl wait --for=jsonpath', () => {
  it('parses the condition as kubectl v1.32 does', async () => {
    const api = new FakeApi().add(cm('a', { k: 'v' }));
    const run = async (cond: string) =>
      (await api.kubectl(['wait', 'cm/a', `--for=${cond}`, '--timeout=1s'])).stderr;
    expect(await run('jsonpath={.a}=b=c')).toBe(
      "error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'\n",
    );
    expect(await run('jsonpath=')).toBe('error: jsonpath expression cannot be empty\n');
    expect(await run('jsonpath={.data.k}=""')).toBe(
      "error: jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3\n",
    );
    expect(await run('jsonpath={.data}=v')).toBe(
      'error: jsonpath leads to a nested object or list which is not supported\n',
    );
    expect((await api.kubectl(['wait', 'cm/a', '--for=jsonpath={.data.k}=v'])).stdout).toBe(
      'configmap/a condition met\n',
    );
  });
});

describe('server warnings', () => {
  it('prints each Warning header once, as it arrives', async () => {
    const api = new FakeApi().add(cm('a'));
    api.overrides.set('GET /api/v1/namespaces/default/configmaps/a', {
      status: 200,
      body: cm('a'),
      warnings: ['unknown field "spec.replica"', 'unknown field "spec.replica"', 'second'],
    });
    const r = await api.kubectl('get cm a -o name');
    expect(r.stderr).toBe('Warning: unknown field "spec.replica"\nWarning: second\n');
    expect(r.stdout).toBe('configmap/a\n');
  });
});

describe('a stopped API server', () => {
  it('is a refused connection for every verb that talks to it', async () => {
    const api = new FakeApi().add(pod('web'));
    api.fs.writeFile('/root/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    api.down = new Error('dial tcp 127.0.0.1:6443: connect: connection refused');
    const memcache = (s: string) => s.split('\n').filter((l) => l.includes('memcache.go:265')).length;
    // Verb, and how many failed discovery attempts the real kubectl logs first.
    const cases: [string, number][] = [
      ['get pods', 5],
      ['describe pod web', 5],
      ['delete pod web', 5],
      ['label pod web a=b', 5],
      ['annotate pod web a=b', 5],
      ['patch pod web -p {}', 5],
      ['edit pod web', 5],
      ['get pods -w', 5],
      ['wait --for=delete pod/web', 4],
      ['explain pods', 2],
      ['get --raw /version', 0],
      ['version', 0],
    ];
    for (const [line, lines] of cases) {
      const r = await api.kubectl(line);
      expect(r.code, line).toBe(1);
      expect(r.stderr.endsWith(REFUSED), line).toBe(true);
      expect(memcache(r.stderr), line).toBe(lines);
    }
    const apiResources = await api.kubectl('api-resources');
    expect(apiResources.stdout).toBe('NAME   SHORTNAMES   APIVERSION   NAMESPACED   KIND\n');
    expect(memcache(apiResources.stderr)).toBe(1);
    const info = await api.kubectl('cluster-info');
    expect(info.stdout).toBe(
      "\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
    expect(info.stderr.endsWith(REFUSED)).toBe(true);
    const versions = await api.kubectl('api-versions');
    expect(versions.stderr.split('\n').at(-2)).toBe(
      'error: couldn\'t get available api versions from server: Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused',
    );
  });

  it('fails -f files at validation, or at mapping with --validate=false', async () => {
    const api = new FakeApi();
    api.fs.writeFile('/root/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    api.down = new Error('connection refused');
    expect(await api.kubectl('apply -f /root/cm.yaml')).toEqual({
      stdout: '',
      stderr:
        'error: error validating "/root/cm.yaml": error validating data: failed to download openapi: Get "https://127.0.0.1:6443/openapi/v2?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false\n',
      code: 1,
    });
    const r = await api.kubectl('delete -f /root/cm.yaml');
    expect(r.stderr.split('\n').slice(1)).toEqual([
      'error: unable to recognize "/root/cm.yaml": Get "https://127.0.0.1:6443/api?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused',
      '',
    ]);
  });
});

describe('go-yaml syntax errors', () => {
  // Each file and the message kubectl v1.32 printed for it (after `error converting YAML to JSON: `).
  const H = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n';
  const cases: [string, string][] = [
    [`${H}  name: [a, b\n`, "yaml: line 4: did not find expected ',' or ']'"],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\ndata:\n  a: b\n',
      "yaml: line 3: did not find expected ',' or '}'",
    ],
    [`${H}  name: x\n  labels: a: b\n`, 'yaml: line 5: mapping values are not allowed in this context'],
    [`${H}\tname: x\n`, 'yaml: line 4: found character that cannot start any token'],
    [`${H}  name: "x\ndata:\n  a: b\n`, 'yaml: line 7: found unexpected end of stream'],
    [`${H}  name: 'x\ndata:\n  a: b\n`, 'yaml: line 7: found unexpected end of stream'],
    [`${H}  name: x\n data:\n  a: b\n`, 'yaml: line 4: did not find expected key'],
    [`${H}  name: x\n    labels: y\n`, 'yaml: line 5: mapping values are not allowed in this context'],
    [`${H}  name: x\ndata:\n  - a\n  b: c\n`, "yaml: line 6: did not find expected '-' indicator"],
    ['a: b\n- c\n', 'yaml: line 1: did not find expected key'],
    [`${H}  name: x\ndata:\n  a: |\n  b\n`, "yaml: line 8: could not find expected ':'"],
    [`${H}  name: @x\n`, 'yaml: line 4: found character that cannot start any token'],
    [`${H}  name: x # ok\ndata:\n  k: "a\\qb"\n`, 'yaml: line 6: found unknown escape character'],
    [
      `${H}  name: x\ndata:\n  a: |\n\tfoo\n`,
      'yaml: line 7: found a tab character where an indentation space is expected',
    ],
    ['%YAML 1.1\n%YAML 1.1\n---\na: b\n', 'yaml: line 1: found duplicate %YAML directive'],
    ['a: &x 1\nb: *x\nc: *y\n', "yaml: unknown anchor 'y' referenced"],
    ['a: !foo!bar x\n', 'yaml: found undefined tag handle'],
    ['a: b\n\u0001\n', 'yaml: control characters are not allowed'],
    [
      'apiVersion: v1\r\nkind: ConfigMap\r\nmetadata:\r\n  name: x\r\n  labels: [a\r\n',
      "yaml: line 5: did not find expected ',' or ']'",
    ],
  ];
  it.each(cases)('%j', (text, message) => {
    expect(() => parseYamlStream(text)).toThrow(message);
  });

  it('counts lines from the start of each document and keeps the documents before', () => {
    const { docs, error } = readYamlDocuments('a: 1\n---\nb: 2\nc: [\n');
    expect(docs).toEqual([{ a: 1 }]);
    expect(error?.message).toBe('yaml: line 2: did not find expected node content');
    expect(() => parseYamlStream('a: b\n--- c: d\n')).toThrow('invalid Yaml document separator: c: d');
  });

  it('reads the first document only, lets a repeated key win and keeps YAML 1.1 scalars', () => {
    expect(parseYaml('a: 1\n...\nfoo: [\n')).toEqual({ a: 1 });
    expect(parseYaml('name: x\nname: y\n')).toEqual({ name: true });
    expect(() => parseYaml('a: [b')).toThrow("yaml: line 1: did not find expected ',' or ']'");
  });

  it('prints decode errors for typed metadata fields', async () => {
    const api = new FakeApi();
    api.fs.writeFile(
      '/root/x.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {a: 1}\n',
    );
    expect((await api.kubectl('create -f /root/x.yaml --dry-run=client')).stderr).toBe(
      'error: unable to decode "/root/x.yaml": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string\n',
    );
  });
});

describe('JSON manifests', () => {
  const cm1 = '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}';
  it.each([
    [
      '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x",}}\n',
      "json: offset 68: invalid character '}' looking for beginning of object key string",
    ],
    ['{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}\n', 'unexpected EOF'],
    [
      '  {"apiVersion": "v1" "kind": "ConfigMap"}\n',
      "json: offset 23: invalid character '\"' after object key:value pair",
    ],
    [`${cm1}\n---\n`, "json: offset 71: invalid character '-' in numeric literal"],
    [
      '{"metadata": {"name": "é"}, "data": {"a": 01}}',
      "json: offset 45: invalid character '1' after object key:value pair",
    ],
    ['{"data": {"a": "\\q"}}', "json: offset 18: invalid character 'q' in string escape code"],
    ['{"data": {"a": tru}}', "json: offset 19: invalid character '}' in literal true (expecting 'e')"],
  ])('%j', (text, message) => {
    expect(readJsonDocuments(text).error?.message).toBe(message);
  });

  it('reads a stream of values', () => {
    expect(readJsonDocuments(`${cm1}\n${cm1} 5 "s"`).docs).toHaveLength(4);
  });
});
