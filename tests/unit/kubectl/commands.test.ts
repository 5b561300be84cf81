import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { FakeApi, pod } from './fake-client';

const cm = (name: string, namespace = 'default', data: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace, creationTimestamp: '2025-11-27T10:00:00Z' },
  data,
});

const deploy = (name: string, namespace = 'default'): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace, creationTimestamp: '2025-11-27T09:00:00Z' },
  spec: { replicas: 1 },
});

describe('kubectl get', () => {
  it('prints a table, and an empty list on stderr', async () => {
    const api = new FakeApi().add(pod('web-1'), pod('db', { created: '2025-11-27T09:59:00Z' }));
    expect(await api.kubectl('get pods')).toEqual({
      stdout: 'NAME    AGE\nweb-1   5m\ndb      6m\n',
      stderr: '',
      code: 0,
    });
    expect(await api.kubectl('get deploy')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      code: 0,
    });
    expect(await api.kubectl('get deploy -A')).toEqual({
      stdout: '',
      stderr: 'No resources found\n',
      code: 0,
    });
    expect(await api.kubectl('get ns')).toEqual({ stdout: '', stderr: 'No resources found\n', code: 0 });
  });

  it('asks for Tables with kubectl headers and query parameters', async () => {
    const api = new FakeApi().add(pod('web-1', { labels: { app: 'web' } }));
    await api.kubectl("get pods -l 'app in (web)' --field-selector=metadata.name=web-1");
    const req = api.requests.at(-1)!;
    expect(req.path).toBe('/api/v1/namespaces/default/pods');
    expect(req.query).toEqual({
      labelSelector: 'app in (web)',
      fieldSelector: 'metadata.name=web-1',
      limit: '500',
    });
    expect(req.headers?.accept).toBe(
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
    );
  });

  it('adds NAMESPACE with -A, kind prefixes and blank lines between types', async () => {
    const api = new FakeApi().add(pod('web-1'), pod('dns', { namespace: 'kube-system' }), deploy('web'));
    const r = await api.kubectl('get pods,deploy -A');
    expect(r.stdout).toBe(
      [
        'NAMESPACE     NAME        AGE',
        'default       pod/web-1   5m',
        'kube-system   pod/dns     5m',
        '',
        'NAMESPACE   NAME                  AGE',
        'default     deployment.apps/web   65m',
        '',
      ].join('\n'),
    );
  });

  it('expands the all category and short names', async () => {
    const api = new FakeApi().add(pod('web-1'), deploy('web'), cm('x'));
    const r = await api.kubectl('get all');
    expect(r.stdout).toBe(
      'NAME        AGE\npod/web-1   5m\n\nNAME                  AGE\ndeployment.apps/web   65m\n',
    );
    expect((await api.kubectl('get deploy')).stdout).toBe('NAME   AGE\nweb    65m\n');
    expect((await api.kubectl('get deployments.apps web')).stdout).toBe('NAME   AGE\nweb    65m\n');
    expect((await api.kubectl('get deployment.v1.apps/web')).stdout).toBe('NAME   AGE\nweb    65m\n');
    expect((await api.kubectl('get Deployment')).stdout).toBe('NAME   AGE\nweb    65m\n');
  });

  it('prints errors as kubectl does and keeps going', async () => {
    const api = new FakeApi().add(pod('web-1'));
    expect(await api.kubectl('get pod nosuch')).toEqual({
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nosuch" not found\n',
      code: 1,
    });
    expect(await api.kubectl('get deploy nosuch')).toMatchObject({
      stderr: 'Error from server (NotFound): deployments.apps "nosuch" not found\n',
    });
    expect(await api.kubectl('get pods web-1 nosuch')).toEqual({
      stdout: 'NAME    AGE\nweb-1   5m\n',
      stderr: 'Error from server (NotFound): pods "nosuch" not found\n',
      code: 1,
    });
    expect(await api.kubectl('get foos')).toEqual({
      stdout: '',
      stderr: 'error: the server doesn\'t have a resource type "foos"\n',
      code: 1,
    });
    expect((await api.kubectl('get pods nosuch --ignore-not-found')).code).toBe(0);
    expect((await api.kubectl('get pods -A web-1')).stderr).toBe(
      'error: a resource cannot be retrieved by name across all namespaces\n',
    );
    expect((await api.kubectl('get pods/web-1 pods')).stderr).toMatch(
      /^error: there is no need to specify a resource type as a separate argument/,
    );
  });

  it('explains a missing resource type', async () => {
    const r = await new FakeApi().kubectl('get');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
    );
  });

  it('prints one object bare and several as a List', async () => {
    const api = new FakeApi().add(cm('a', 'default', { k: 'v' }), cm('b'));
    expect((await api.kubectl('get cm a -o yaml')).stdout).toBe(
      'apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  creationTimestamp: "2025-11-27T10:00:00Z"\n  name: a\n  namespace: default\n  resourceVersion: "1001"\n',
    );
    const list = (await api.kubectl('get cm -o yaml')).stdout;
    expect(list.startsWith('apiVersion: v1\nitems:\n- apiVersion: v1\n')).toBe(true);
    expect(list.endsWith('kind: List\nmetadata:\n  resourceVersion: ""\n')).toBe(true);
    expect((await api.kubectl('get deploy -o json')).stdout).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
    expect((await api.kubectl('get cm -o name')).stdout).toBe('configmap/a\nconfigmap/b\n');
    expect((await api.kubectl('get cm a -o jsonpath={.data.k}')).stdout).toBe('v');
    expect((await api.kubectl('get cm --sort-by=.metadata.name -o name')).stdout).toBe(
      'configmap/a\nconfigmap/b\n',
    );
    expect((await api.kubectl('get cm -o custom-columns=N:.metadata.name,K:.data.k')).stdout).toBe(
      'N     K\na     v\nb     <none>\n',
    );
  });

  it('rejects bad -o values after fetching, as kubectl does', async () => {
    const api = new FakeApi().add(cm('a'));
    const r = await api.kubectl('get cm a -o foo');
    expect(r.stderr).toMatch(/^error: unable to match a printer suitable for the output format "foo"/);
    expect((await api.kubectl('get cm --show-labels -o json')).stderr).toBe(
      'error: --show-labels option cannot be used with json printer\n',
    );
  });

  it('logs requests at -v=6 with klog headers', async () => {
    const api = new FakeApi().add(pod('web-1'));
    const r = await api.kubectl('get pods -v=6');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'I1127 10:05:00.000000   12345 loader.go:402] Config loaded from file:  /root/.kube/config',
    );
    expect(lines.slice(-3)).toEqual([
      'I1127 10:05:00.000000   12345 round_trippers.go:560] GET https://127.0.0.1:6443/api?timeout=32s 200 OK in 0 milliseconds',
      'I1127 10:05:00.000000   12345 round_trippers.go:560] GET https://127.0.0.1:6443/apis?timeout=32s 200 OK in 0 milliseconds',
      'I1127 10:05:00.000000   12345 round_trippers.go:560] GET https://127.0.0.1:6443/api/v1/namespaces/default/pods?limit=500 200 OK in 0 milliseconds',
    ]);
    // Discovery is cached between invocations (like ~/.kube/cache): the next run only lists pods.
    const again = await api.kubectl('get pods -v=6');
    expect(again.stderr.split('\n').filter((l) => l.includes('round_trippers'))).toHaveLength(1);
  });

  it('falls back to legacy discovery requests', async () => {
    const api = new FakeApi().add(deploy('web'));
    api.legacyDiscovery = true;
    const r = await api.kubectl('get deploy -v=6');
    expect(r.stdout).toBe('NAME   AGE\nweb    65m\n');
    expect(r.stderr).toContain('GET https://127.0.0.1:6443/apis/apps/v1?timeout=32s 200 OK');
  });

  it('shows a stopped API server as a refused connection', async () => {
    const api = new FakeApi();
    api.down = new Error('connection refused');
    const r = await api.kubectl('get pods');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter((l) => l.includes('memcache.go:265'))).toHaveLength(5);
    expect(
      r.stderr.endsWith(
        'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n',
      ),
    ).toBe(true);
  });

  it('watches: lists, then prints each event row until interrupted', async () => {
    const api = new FakeApi().add(pod('web-1'));
    const ac = new AbortController();
    const running = api.kubectl('get pods -w', { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 10));
    const req = api.requests.at(-1)!;
    expect(req.query).toMatchObject({ resourceVersion: '1001', watch: 'true' });
    api.emit('ADDED', pod('a-much-longer-name'));
    api.emit('DELETED', pod('web-1'));
    ac.abort();
    const r = await running;
    expect(r.stdout).toBe('NAME    AGE\nweb-1   5m\na-much-longer-name   5m\nweb-1                5m\n');
    expect(r.code).toBe(130);
  });
});

describe('kubectl command line', () => {
  it('suggests commands like cobra', async () => {
    const api = new FakeApi();
    expect(await api.kubectl('gett')).toEqual({
      stdout: '',
      stderr: 'Error: unknown command "gett" for "kubectl"\n\nDid you mean this?\n\tset\n\tget\n\n',
      code: 1,
    });
    expect((await api.kubectl('foo')).stderr).toBe(
      'Error: unknown command "foo" for "kubectl"\n\nDid you mean this?\n\ttop\n\n',
    );
    expect((await api.kubectl('--foo get pods')).stderr).toBe(
      'Error: flags cannot be placed before plugin name: --foo\n',
    );
    expect((await api.kubectl('-n kube-system get pods')).stderr).toBe(
      'No resources found in kube-system namespace.\n',
    );
  });

  it('prints flag errors with the command path', async () => {
    const api = new FakeApi();
    expect((await api.kubectl('get pods --foo')).stderr).toBe(
      "Error: unknown flag: --foo\nSee 'kubectl get --help' for usage.\n",
    );
    expect((await api.kubectl('config view --foo')).stderr).toBe(
      "Error: unknown flag: --foo\nSee 'kubectl config view --help' for usage.\n",
    );
    // As the real kubectl v1.32 prints them (cobra's "Error: " and kubectl's FlagErrorFunc).
    const cases: [string, string][] = [
      ['get -z', "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"],
      ['get pods -Az', "Error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage.\n"],
      ['get pods -o', "Error: flag needs an argument: 'o' in -o\nSee 'kubectl get --help' for usage.\n"],
      ['get pods --output', "Error: flag needs an argument: --output\nSee 'kubectl get --help' for usage.\n"],
      ['get ---x', "Error: bad flag syntax: ---x\nSee 'kubectl get --help' for usage.\n"],
      [
        'get pods --watch=xx',
        'Error: invalid argument "xx" for "-w, --watch" flag: strconv.ParseBool: parsing "xx": invalid syntax\n' +
          "See 'kubectl get --help' for usage.\n",
      ],
      ['--foo get', "Error: unknown flag: --foo\nSee 'kubectl --help' for usage.\n"],
      ['-v', "Error: flag needs an argument: 'v' in -v\nSee 'kubectl --help' for usage.\n"],
      ['get --help --nosuch', "Error: unknown flag: --nosuch\nSee 'kubectl get --help' for usage.\n"],
      ['options --x', "Error: unknown flag: --x\nRun 'kubectl options' without flags.\n"],
      ['help --x', "Error: unknown flag: --x\nSee 'kubectl help --help' for usage.\n"],
      ['nosuchverb', 'Error: unknown command "nosuchverb" for "kubectl"\n'],
    ];
    for (const [line, stderr] of cases) {
      expect(await api.kubectl(line), line).toEqual({ stdout: '', stderr, code: 1 });
    }
  });

  it('prints help', async () => {
    const api = new FakeApi();
    const root = await api.kubectl('');
    expect(root.stdout.startsWith('kubectl controls the Kubernetes cluster manager.\n')).toBe(true);
    expect(root.code).toBe(0);
    const v = await api.kubectl('version --help');
    expect(v.stdout).toBe(
      "Print the client and server version information for the current context.\n\nExamples:\n  # Print the client and server versions for the current context\n  kubectl version\n\nOptions:\n    --client=false:\n\tIf true, shows client version only (no server required).\n\n    -o, --output='':\n\tOne of 'yaml' or 'json'.\n\nUsage:\n  kubectl version [flags] [options]\n\nUse \"kubectl options\" for a list of global command-line options (applies to all commands).\n",
    );
    const cfg = await api.kubectl('config');
    expect(cfg.code).toBe(1);
    expect(cfg.stderr).toContain('Available Commands:\n  current-context   Display the current-context\n');
    expect((await api.kubectl('config foo')).stderr).toBe(
      'error: unknown command "foo"\nSee \'kubectl config -h\' for help and examples\n',
    );
  });

  it('fails clearly for commands and flags that are not simulated', async () => {
    const api = new FakeApi();
    expect((await api.kubectl('certificate approve x')).stderr).toBe(
      'error: kubectl certificate is not simulated in Breakfix\n',
    );
    expect((await api.kubectl('get pods --as=bob')).stderr).toMatch(
      /^error: --as is not simulated in Breakfix/,
    );
  });
});

describe('kubectl config', () => {
  it('shows and switches contexts, writing the kubeconfig back', async () => {
    const api = new FakeApi();
    expect((await api.kubectl('config current-context')).stdout).toBe('kind-kind\n');
    expect((await api.kubectl('config get-contexts')).stdout).toBe(
      'CURRENT   NAME        CLUSTER     AUTHINFO    NAMESPACE\n*         kind-kind   kind-kind   kind-kind   \n',
    );
    expect((await api.kubectl('config set-context --current --namespace=dev')).stdout).toBe(
      'Context "kind-kind" modified.\n',
    );
    expect(api.fs.readFile('/root/.kube/config')).toContain('    namespace: dev\n');
    expect((await api.kubectl('get pods')).stderr).toBe('No resources found in dev namespace.\n');
    expect((await api.kubectl('config use-context nope')).stderr).toBe(
      'error: no context exists with the name: "nope"\n',
    );
    expect((await api.kubectl('get pods --context=foo')).stderr).toBe(
      'Error in configuration: context was not found for specified context: foo\n',
    );
  });

  it('redacts certificates and keys in config view', async () => {
    const r = await new FakeApi().kubectl('config view');
    expect(r.stdout).toBe(
      'apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: DATA+OMITTED\n    server: https://127.0.0.1:6443\n  name: kind-kind\ncontexts:\n- context:\n    cluster: kind-kind\n    user: kind-kind\n  name: kind-kind\ncurrent-context: kind-kind\nkind: Config\npreferences: {}\nusers:\n- name: kind-kind\n  user:\n    client-certificate-data: DATA+OMITTED\n    client-key-data: DATA+OMITTED\n',
    );
  });
});

describe('version, api-resources, cluster-info', () => {
  it('prints versions', async () => {
    const api = new FakeApi();
    expect((await api.kubectl('version')).stdout).toBe(
      'Client Version: v1.32.4\nKustomize Version: v5.5.0\nServer Version: v1.32.2\n',
    );
    expect((await api.kubectl('version --client')).stdout).toBe(
      'Client Version: v1.32.4\nKustomize Version: v5.5.0\n',
    );
    expect((await api.kubectl('version -o foo')).stderr).toBe("error: --output must be 'yaml' or 'json'\n");
  });

  it('lists resources sorted by group then name', async () => {
    const r = await new FakeApi().kubectl('api-resources');
    expect(r.stdout).toBe(
      [
        'NAME          SHORTNAMES   APIVERSION         NAMESPACED   KIND',
        'configmaps    cm           v1                 true         ConfigMap',
        'events        ev           v1                 true         Event',
        'namespaces    ns           v1                 false        Namespace',
        'nodes         no           v1                 false        Node',
        'pods          po           v1                 true         Pod',
        'services      svc          v1                 true         Service',
        'deployments   deploy       apps/v1            true         Deployment',
        'replicasets   rs           apps/v1            true         ReplicaSet',
        'events        ev           events.k8s.io/v1   true         Event',
        '',
      ].join('\n'),
    );
    expect((await new FakeApi().kubectl('api-resources --namespaced=false -o name')).stdout).toBe(
      'namespaces\nnodes\n',
    );
    expect((await new FakeApi().kubectl('api-versions')).stdout).toBe('apps/v1\nevents.k8s.io/v1\nv1\n');
  });

  it('prints cluster-info from the kube-system services', async () => {
    const api = new FakeApi().add({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: { ports: [{ name: 'dns', port: 53 }] },
    });
    expect((await api.kubectl('cluster-info')).stdout).toBe(
      "Kubernetes control plane is running at https://127.0.0.1:6443\nCoreDNS is running at https://127.0.0.1:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n",
    );
  });
});
