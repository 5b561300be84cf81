import { describe, expect, it } from 'vitest';
import type { Status } from '../../../src/api/types';
import { buildResources, decodeManifests } from '../../../src/kubectl/builder';
import {
  AggregateError,
  ConnectionError,
  formatError,
  KubectlError,
  NoResourceMatchError,
  StatusError,
} from '../../../src/kubectl/errors';
import { FakeApi } from './fake-client';

const status = (s: Partial<Status>): StatusError =>
  new StatusError({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Failure', code: 400, ...s });

describe('error printing (helpers.go checkErr, reference §12)', () => {
  it('prints API errors with their reason', () => {
    expect(
      formatError(status({ reason: 'NotFound', code: 404, message: 'pods "nosuch" not found' })).message,
    ).toBe('Error from server (NotFound): pods "nosuch" not found');
    expect(formatError(status({ reason: '', message: 'boom' })).message).toBe('Error from server: boom');
    expect(formatError(status({ reason: 'Unauthorized', code: 401, message: 'Unauthorized' })).message).toBe(
      'error: You must be logged in to the server (Unauthorized)',
    );
  });

  it('prints Invalid with one cause inline and several as a list', () => {
    const one = status({
      reason: 'Invalid',
      code: 422,
      message: 'x',
      details: {
        name: 'bad',
        kind: 'Deployment',
        causes: [
          {
            field: 'spec.template.metadata.labels',
            message:
              'Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
          },
        ],
      },
    });
    expect(formatError(one).message).toBe(
      'The Deployment "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`\n',
    );
    const two = status({
      reason: 'Invalid',
      code: 422,
      details: {
        name: 'bad2',
        kind: 'Deployment',
        causes: [
          { field: 'spec.selector', message: 'Required value' },
          { field: 'spec.selector', message: 'Required value' },
          {
            field: 'spec.template.metadata.labels',
            message:
              'Invalid value: map[string]string{"app":"bad2"}: `selector` does not match template `labels`',
          },
        ],
      },
    });
    expect(formatError(two).message).toBe(
      'The Deployment "bad2" is invalid: \n* spec.selector: Required value\n* spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad2"}: `selector` does not match template `labels`\n',
    );
  });

  it('prints plain, aggregate, type and connection errors', () => {
    expect(formatError(new KubectlError('boom')).message).toBe('error: boom');
    expect(formatError(new KubectlError('error: already prefixed')).message).toBe('error: already prefixed');
    expect(formatError(new NoResourceMatchError('foos')).message).toBe(
      'the server doesn\'t have a resource type "foos"',
    );
    expect(formatError(new AggregateError([new KubectlError('a'), new KubectlError('b')])).message).toBe(
      'a\nb\n',
    );
    expect(formatError(new AggregateError([new KubectlError('only')])).message).toBe('error: only');
    expect(formatError(new ConnectionError('localhost:8080', true, '', '')).message).toBe(
      'The connection to the server localhost:8080 was refused - did you specify the right host or port?',
    );
  });
});

describe('resource builder', () => {
  it('decodes multi-document YAML and flattens Lists', () => {
    const { objects, errors } = decodeManifests(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n---\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: b\n  data:\n    enabled: yes\n    mode: "0644"\n    perm: 0644\n',
      'x.yaml',
    );
    expect(errors).toEqual([]);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(['Pod/a', 'ConfigMap/b']);
    // go-yaml v2 reads plain YAML 1.1 scalars: yes is a bool, 0644 an octal int.
    expect(objects[1]!.data).toEqual({ enabled: true, mode: '0644', perm: 420 });
  });

  it('reports undecodable documents with kubectl text', () => {
    expect(decodeManifests('apiVersion: v1\nmetadata:\n  name: a\n', 'nokind.yaml').errors[0]!.message).toBe(
      'unable to decode "nokind.yaml": Object \'Kind\' is missing in \'{"apiVersion":"v1","metadata":{"name":"a"}}\'',
    );
    expect(decodeManifests('- a\n', 'arr.yaml').errors[0]!.message).toBe(
      'unable to decode "arr.yaml": json: cannot unmarshal array into Go value of type unstructured.detector',
    );
    expect(decodeManifests('a: [\n', 'bad.yaml').errors[0]!.message).toMatch(
      /^error parsing bad\.yaml: error converting YAML to JSON: yaml: line \d+: did not find expected node content$/,
    );
  });

  it('resolves files, directories and namespaces', async () => {
    const api = new FakeApi();
    api.fs.writeFile('/root/d/a.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    api.fs.writeFile('/root/d/notes.txt', 'ignored');
    api.fs.writeFile(
      '/root/d/sub/b.yml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: other\n',
    );
    api.fs.writeFile('/root/foo.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: a\n');
    const f = await import('../../../src/kubectl/discovery');
    const { RestClient } = await import('../../../src/kubectl/rest');
    const { Logger } = await import('../../../src/kubectl/klog');
    const logger = new Logger(
      0,
      () => 0,
      () => {},
    );
    const rest = new RestClient({ client: api, server: 'https://127.0.0.1:6443', logger, now: () => 0 });
    const mapper = new f.RESTMapper(new f.Discovery(api, rest, logger, () => 0));
    const flat = await buildResources(mapper, api.fs, { filenames: ['d'], namespace: 'dev' });
    expect(flat.refs.map((r) => `${r.mapping.name}/${r.name}@${r.namespace}`)).toEqual([
      'deployments/web@dev',
    ]);
    const deep = await buildResources(mapper, api.fs, {
      filenames: ['d'],
      recursive: true,
      namespace: 'dev',
    });
    expect(deep.refs.map((r) => `${r.mapping.name}/${r.name}@${r.namespace}`)).toEqual([
      'deployments/web@dev',
      'configmaps/c@other',
    ]);
    await expect(
      buildResources(mapper, api.fs, {
        filenames: ['d'],
        recursive: true,
        namespace: 'dev',
        enforceNamespace: true,
      }),
    ).rejects.toThrow(
      'the namespace from the provided object "other" does not match the namespace "dev". You must pass \'--namespace=other\' to perform this operation.',
    );
    const unknown = await buildResources(mapper, api.fs, { filenames: ['foo.yaml'], namespace: 'default' });
    expect(unknown.errors[0]!.message).toBe(
      'resource mapping not found for name: "a" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
    );
    await expect(
      buildResources(mapper, api.fs, { filenames: ['nope.yaml'], namespace: 'default' }),
    ).rejects.toThrow('the path "nope.yaml" does not exist');
    await expect(buildResources(mapper, api.fs, { namespace: 'default' })).rejects.toThrow(
      'You must provide one or more resources by argument or filename.',
    );
    await expect(buildResources(mapper, api.fs, { args: ['pods'], namespace: 'default' })).rejects.toThrow(
      'resource(s) were provided, but no name was specified',
    );
  });
});
