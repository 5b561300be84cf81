/**
 * Behaviour of the write verbs beyond what the captured transcripts show: apply against a
 * server that merges with the real strategic-merge-patch code, generators that POST, edit
 * re-opening the editor after a 422, and wait / delete --wait on the simulated clock.
 */
import { describe, expect, it } from 'vitest';
import type { ApiRequest, ApiResponse } from '../../../src/api/client';
import type { KubeObject } from '../../../src/api/types';
import { applyStrategicMergePatch } from '../../../src/apimachinery/strategicpatch/index';
import type { FakeCore } from './fixtures/oracle/fake-core.mjs';
import { kubectl, newWorld, type World } from './write-harness';

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports:
        - containerPort: 80
`;

const get = (core: FakeCore, path: string) =>
  core.handle({ method: 'GET', pathname: path, query: {} }).body as KubeObject;

/** PATCH with strategic merge answered by src/apimachinery/strategicpatch, as the engine does. */
function realStrategicMerge(req: ApiRequest, core: FakeCore): ApiResponse | undefined {
  if (req.method !== 'PATCH' || req.headers?.contentType !== 'application/strategic-merge-patch+json')
    return undefined;
  const current = get(core, req.path);
  const group = req.path.startsWith('/apis/') ? req.path.split('/')[2]! : '';
  const merged = applyStrategicMergePatch(current, req.body, `${group}/${current.kind}`);
  if (req.query?.dryRun === 'All') return { status: 200, body: merged };
  const r = core.handle({
    method: 'PUT',
    pathname: req.path,
    query: {},
    contentType: 'application/json',
    body: JSON.stringify(merged),
  });
  return { status: r.status, body: r.body };
}

function world(files: Record<string, string> = {}): World {
  const w = newWorld({ 'web.yaml': WEB, ...files });
  w.client.intercept = realStrategicMerge;
  return w;
}

const LAST_APPLIED =
  '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"annotations":{},"labels":{"app":"web"},"name":"web","namespace":"default"},"spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"image":"nginx:1.25","name":"nginx","ports":[{"containerPort":80}]}]}}}}\n';

describe('kubectl apply (client-side) with the real strategic merge', () => {
  it('creates with the last-applied annotation, then is unchanged', async () => {
    const w = world();
    const first = await kubectl(w, ['apply', '-f', 'web.yaml']);
    expect(first).toMatchObject({ stdout: 'deployment.apps/web created\n', stderr: '', code: 0 });
    const post = first.requests.find((r) => r.method === 'POST')!;
    const body = post.body as KubeObject;
    expect(body.metadata.annotations!['kubectl.kubernetes.io/last-applied-configuration']).toBe(LAST_APPLIED);
    expect(post.query).toEqual({ fieldManager: 'kubectl-client-side-apply', fieldValidation: 'Strict' });

    const again = await kubectl(w, ['apply', '-f', 'web.yaml']);
    expect(again.stdout).toBe('deployment.apps/web unchanged\n');
    expect(again.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('sends only what changed, and removes what the file no longer has', async () => {
    const w = world({
      'web3.yaml': WEB.replace('replicas: 2', 'replicas: 3'),
      'noport.yaml': WEB.replace('        ports:\n        - containerPort: 80\n', ''),
    });
    await kubectl(w, ['apply', '-f', 'web.yaml']);
    const r = await kubectl(w, ['apply', '-f', 'web3.yaml']);
    expect(r.stdout).toBe('deployment.apps/web configured\n');
    const patch = r.requests.find((q) => q.method === 'PATCH')!;
    expect(patch.contentType).toBe('application/strategic-merge-patch+json');
    expect(Object.keys(patch.body as object)).toEqual(['metadata', 'spec']);
    expect((patch.body as { spec: unknown }).spec).toEqual({ replicas: 3 });

    const r2 = await kubectl(w, ['apply', '-f', 'noport.yaml']);
    expect(r2.stdout).toBe('deployment.apps/web configured\n');
    const live = get(w.client.core, '/apis/apps/v1/namespaces/default/deployments/web') as KubeObject & {
      spec: { replicas: number; template: { spec: { containers: Record<string, unknown>[] } } };
    };
    expect(live.spec.replicas).toBe(2);
    expect(live.spec.template.spec.containers).toEqual([{ image: 'nginx:1.25', name: 'nginx' }]);
  });

  it('leaves alone what others set on the live object', async () => {
    const w = world();
    await kubectl(w, ['apply', '-f', 'web.yaml']);
    expect((await kubectl(w, ['annotate', 'deployment', 'web', 'owner=ops'])).stdout).toBe(
      'deployment.apps/web annotated\n',
    );
    const r = await kubectl(w, ['apply', '-f', 'web.yaml']);
    expect(r.stdout).toBe('deployment.apps/web unchanged\n');
    const live = get(w.client.core, '/apis/apps/v1/namespaces/default/deployments/web');
    expect(live.metadata.annotations!.owner).toBe('ops');
  });

  it('-o yaml prints what the server answered; --dry-run=server sends dryRun=All', async () => {
    const w = world();
    const r = await kubectl(w, ['apply', '-f', 'web.yaml', '--dry-run=server', '-o', 'name']);
    expect(r.stdout).toBe('deployment.apps/web\n');
    expect(r.requests[1]!.query).toEqual({
      dryRun: 'All',
      fieldManager: 'kubectl-client-side-apply',
      fieldValidation: 'Strict',
    });
    expect(w.client.core.store.size).toBe(0);
    const y = await kubectl(w, ['apply', '-f', 'web.yaml', '-o', 'yaml']);
    // (the fake server spends a uid on dry runs too)
    expect(y.stdout).toContain('  uid: uid-2\n');
    expect(y.stdout.startsWith('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  annotations:\n')).toBe(
      true,
    );
  });

  it('refuses what it does not simulate, clearly', async () => {
    const w = world();
    expect((await kubectl(w, ['apply', '-f', 'web.yaml', '--prune', '--all'])).stderr).toBe(
      'error: kubectl apply --prune is not simulated in Breakfix\n',
    );
    expect((await kubectl(w, ['apply', '-f', 'web.yaml', '--server-side'])).code).toBe(1);
  });
});

describe('kubectl create <generator> against the server', () => {
  it('POSTs the typed object and prints the result', async () => {
    const w = world();
    const r = await kubectl(w, ['create', 'deployment', 'gen', '--image=nginx']);
    expect(r).toMatchObject({ stdout: 'deployment.apps/gen created\n', stderr: '', code: 0 });
    expect(r.requests).toHaveLength(1);
    const post = r.requests[0]!;
    expect(post.path).toBe('/apis/apps/v1/namespaces/default/deployments');
    expect(post.query).toEqual({ fieldManager: 'kubectl-create', fieldValidation: 'Strict' });
    // A typed object: Go struct field order, creationTimestamp null, empty structs kept.
    expect(JSON.stringify(post.body)).toBe(
      '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"gen","creationTimestamp":null,"labels":{"app":"gen"}},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"gen"}},"template":{"metadata":{"creationTimestamp":null,"labels":{"app":"gen"}},"spec":{"containers":[{"name":"nginx","image":"nginx","resources":{}}]}},"strategy":{}},"status":{}}',
    );
  });

  it('wraps server errors as each generator does', async () => {
    const w = world();
    await kubectl(w, ['create', 'deployment', 'gen', '--image=nginx']);
    expect((await kubectl(w, ['create', 'deployment', 'gen', '--image=nginx'])).stderr).toBe(
      'error: failed to create deployment: deployments.apps "gen" already exists\n',
    );
    await kubectl(w, ['create', 'secret', 'generic', 's', '--from-literal=a=1']);
    expect((await kubectl(w, ['create', 'secret', 'generic', 's', '--from-literal=a=1'])).stderr).toBe(
      'error: failed to create secret secrets "s" already exists\n',
    );
    await kubectl(w, ['create', 'namespace', 'dev']);
    expect((await kubectl(w, ['create', 'namespace', 'dev'])).stderr).toBe(
      'Error from server (AlreadyExists): namespaces "dev" already exists\n',
    );
    await kubectl(w, ['create', 'service', 'nodeport', 'np', '--tcp=80']);
    expect((await kubectl(w, ['create', 'service', 'nodeport', 'np', '--tcp=80'])).stderr).toBe(
      'error: failed to create NodePort service: services "np" already exists\n',
    );
    // Not served by this server: what the real kubectl says.
    expect((await kubectl(w, ['create', 'quota', 'q', '--hard=pods=1'])).stderr).toBe(
      'error: failed to create quota: the server could not find the requested resource\n',
    );
  });

  it('--dry-run=server, -o yaml of the created object, --save-config', async () => {
    const w = world();
    const dry = await kubectl(w, ['create', 'configmap', 'c', '--from-literal=a=1', '--dry-run=server']);
    expect(dry.stdout).toBe('configmap/c created (server dry run)\n');
    expect(dry.requests[0]!.query!.dryRun).toBe('All');
    const y = await kubectl(w, [
      'create',
      'configmap',
      'c',
      '--from-literal=a=1',
      '-o',
      'yaml',
      '--save-config',
    ]);
    expect(y.stdout).toBe(`apiVersion: v1
data:
  a: "1"
kind: ConfigMap
metadata:
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: |
      {"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c","creationTimestamp":null},"data":{"a":"1"}}
  creationTimestamp: "2025-01-01T00:00:00Z"
  name: c
  namespace: default
  resourceVersion: "102"
  uid: uid-2
`);
  });

  it('create job --from=cronjob copies the job template and points back at the CronJob', async () => {
    const w = world();
    await kubectl(w, ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date']);
    const r = await kubectl(w, [
      'create',
      'job',
      'manual',
      '--from=cronjob/cj',
      '--dry-run=client',
      '-o',
      'json',
    ]);
    expect(r.stderr).toBe('');
    const job = JSON.parse(r.stdout) as KubeObject & {
      spec: { template: { spec: { containers: { command: string[] }[] } } };
    };
    expect(job.metadata.annotations).toEqual({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'cj', uid: 'uid-1', controller: true },
    ]);
    expect(job.spec.template.spec.containers[0]!.command).toEqual(['date']);
    expect((await kubectl(w, ['create', 'job', 'x', '--from=deployment/nosuch'])).stderr).toBe(
      'Error from server (NotFound): deployments.apps "nosuch" not found\n',
    );
  });
});

describe('kubectl edit', () => {
  const CM = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm1\ndata:\n  a: "1"\n';

  /** The API server refuses `a: bad` with a 422, as validation would. */
  function validating(req: ApiRequest, core: FakeCore): ApiResponse | undefined {
    if (req.method !== 'PATCH') return undefined;
    const data = (req.body as { data?: Record<string, string> }).data;
    if (data?.a === 'bad') {
      return {
        status: 422,
        body: {
          apiVersion: 'v1',
          kind: 'Status',
          metadata: {},
          status: 'Failure',
          message: 'ConfigMap "cm1" is invalid: data.a: Invalid value: "bad": must not be bad',
          reason: 'Invalid',
          details: {
            name: 'cm1',
            kind: 'ConfigMap',
            causes: [
              {
                reason: 'FieldValueInvalid',
                message: 'Invalid value: "bad": must not be bad',
                field: 'data.a',
              },
            ],
          },
          code: 422,
        },
      };
    }
    return realStrategicMerge(req, core);
  }

  it('re-opens the editor with the server’s reasons, then saves the fix', async () => {
    const w = newWorld({ 'cm.yaml': CM });
    w.client.intercept = validating;
    await kubectl(w, ['create', '-f', 'cm.yaml']);
    const shown: string[] = [];
    w.editor = (text, round) => {
      shown.push(text);
      return round === 0 ? text.replace('a: "1"', 'a: bad') : text.replace('a: bad', 'a: good');
    };
    const r = await kubectl(w, ['edit', 'configmap', 'cm1']);
    expect(r).toMatchObject({
      stdout: 'configmap/cm1 edited\n',
      stderr: 'error: configmaps "cm1" is invalid\n',
      code: 0,
    });
    expect(shown).toHaveLength(2);
    expect(
      shown[1]!.startsWith(`# Please edit the object below. Lines beginning with a '#' will be ignored,
# and an empty file will abort the edit. If an error occurs while saving this file will be
# reopened with the relevant failures.
#
# configmaps "cm1" was not valid:
# * data.a: Invalid value: "bad": must not be bad
#
apiVersion: v1
data:
  a: bad
`),
    ).toBe(true);
    expect(get(w.client.core, '/api/v1/namespaces/default/configmaps/cm1')).toMatchObject({
      data: { a: 'good' },
    });
    expect(w.fs.readDir('/tmp')).toEqual([]);
  });

  it('closing the editor without saving cancels', async () => {
    const w = newWorld({ 'cm.yaml': CM });
    await kubectl(w, ['create', '-f', 'cm.yaml']);
    w.editor = () => null;
    expect(await kubectl(w, ['edit', 'cm/cm1'])).toMatchObject({
      stdout: '',
      stderr: 'Edit cancelled, no changes made.\n',
      code: 0,
    });
  });

  it('an emptied file cancels; a changed name is refused and the file kept', async () => {
    const w = newWorld({ 'cm.yaml': CM });
    await kubectl(w, ['create', '-f', 'cm.yaml']);
    w.editor = () => '# nothing left\n';
    expect((await kubectl(w, ['edit', 'cm/cm1'])).stderr).toBe('Edit cancelled, saved file was empty.\n');
    w.editor = (t) => t.replace('name: cm1', 'name: other');
    const r = await kubectl(w, ['edit', 'cm/cm1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^A copy of your changes has been stored to "\/tmp\/kubectl-edit-\d+\.yaml"\nerror: At least one of apiVersion, kind and name was changed\n$/,
    );
  });
});

describe('waiting on the simulated clock', () => {
  const POD =
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p1\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
  const podPath = '/api/v1/namespaces/default/pods/p1';

  function becomeReadyAt(w: World, at: number): void {
    w.timers.push({
      at,
      run: () => {
        const pod = get(w.client.core, podPath);
        const ready = {
          ...pod,
          status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
        };
        w.client.core.handle({
          method: 'PUT',
          pathname: podPath,
          query: {},
          contentType: 'application/json',
          body: JSON.stringify(ready),
        });
      },
    });
  }

  it('wait --for=condition=Ready returns when the pod becomes ready', async () => {
    const w = newWorld({ 'pod.yaml': POD });
    await kubectl(w, ['create', '-f', 'pod.yaml']);
    const start = w.clock.now;
    becomeReadyAt(w, start + 5000);
    const r = await kubectl(w, ['wait', 'pod/p1', '--for=condition=Ready', '--timeout=30s']);
    expect(r).toMatchObject({ stdout: 'pod/p1 condition met\n', stderr: '', code: 0 });
    expect(w.clock.now - start).toBe(5000);
  });

  it('wait --for=jsonpath with a value, and the timeout', async () => {
    const w = newWorld({ 'pod.yaml': POD });
    await kubectl(w, ['create', '-f', 'pod.yaml']);
    const start = w.clock.now;
    becomeReadyAt(w, start + 5000);
    const early = await kubectl(w, [
      'wait',
      'pod/p1',
      '--for=jsonpath={.status.phase}=Running',
      '--timeout=3s',
    ]);
    expect(early).toMatchObject({
      stdout: '',
      stderr: 'error: timed out waiting for the condition on pods/p1\n',
      code: 1,
    });
    expect(w.clock.now - start).toBe(3000);
    const later = await kubectl(w, ['wait', 'pod/p1', '--for', 'jsonpath={.status.phase}=Running']);
    expect(later.stdout).toBe('pod/p1 condition met\n');
    expect(w.clock.now - start).toBe(5000);
  });

  it('delete waits for graceful deletion to finish, unless --wait=false', async () => {
    const w = newWorld({ 'pod.yaml': POD });
    // Pods terminate gracefully: the DELETE marks the pod, the kubelet removes it 2s later.
    w.client.intercept = (req, core) => {
      if (req.method !== 'DELETE' || !req.path.includes('/pods/')) return undefined;
      const pod = get(core, req.path);
      if ((pod as unknown as { code?: number }).code === 404) return undefined;
      const marked = { ...pod, metadata: { ...pod.metadata, deletionTimestamp: '2025-01-01T12:00:30Z' } };
      core.handle({
        method: 'PUT',
        pathname: req.path,
        query: {},
        contentType: 'application/json',
        body: JSON.stringify(marked),
      });
      w.timers.push({
        at: w.clock.now + 2000,
        run: () => core.handle({ method: 'DELETE', pathname: req.path, query: {}, body: '{}' }),
      });
      return { status: 200, body: marked };
    };
    await kubectl(w, ['create', '-f', 'pod.yaml']);
    const start = w.clock.now;
    const r = await kubectl(w, ['delete', 'pod', 'p1']);
    expect(r).toMatchObject({ stdout: 'pod "p1" deleted\n', stderr: '', code: 0 });
    expect(w.clock.now - start).toBe(2000);
    await kubectl(w, ['create', '-f', 'pod.yaml']);
    const t = w.clock.now;
    expect((await kubectl(w, ['delete', 'pod', 'p1', '--wait=false'])).stdout).toBe('pod "p1" deleted\n');
    expect(w.clock.now).toBe(t);
  });

  it('--force --grace-period=0 warns and says force deleted', async () => {
    const w = newWorld({ 'pod.yaml': POD });
    await kubectl(w, ['create', '-f', 'pod.yaml']);
    const r = await kubectl(w, ['delete', 'pod', 'p1', '--force']);
    expect(r.stdout).toBe('pod "p1" force deleted\n');
    expect(r.stderr).toBe(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
    expect(r.requests[0]!.body).toEqual({ gracePeriodSeconds: 0, propagationPolicy: 'Background' });
  });
});

describe('errors kubectl reports before running', () => {
  const klogTime = (s: string) => s.replace(/^([EW])\d{4} \d\d:\d\d:\d\d\.\d{6} +\d+ /gm, '$1MMDD TIME PID ');

  it('a missing required flag is cobra’s error, logged by kubectl’s main', async () => {
    const r = await kubectl(newWorld(), ['create', 'deployment', 'web']);
    expect(r.code).toBe(1);
    expect(klogTime(r.stderr)).toBe(
      'EMMDD TIME PID run.go:72] "command failed" err="required flag(s) \\"image\\" not set"\n',
    );
    const cj = await kubectl(newWorld(), ['create', 'cronjob', 'c']);
    expect(klogTime(cj.stderr)).toBe(
      'EMMDD TIME PID run.go:72] "command failed" err="required flag(s) \\"image\\", \\"schedule\\" not set"\n',
    );
  });

  it('--dry-run without a value still works, with kubectl’s deprecation warning', async () => {
    const r = await kubectl(newWorld(), ['create', 'deployment', 'web', '--image=nginx', '--dry-run']);
    expect(r.stdout).toBe('deployment.apps/web created (dry run)\n');
    expect(klogTime(r.stderr)).toBe(
      'WMMDD TIME PID helpers.go:702] --dry-run is deprecated and can be replaced with --dry-run=client.\n',
    );
  });

  it('kubectl diff exits 2 on errors (1 means differences)', async () => {
    const r = await kubectl(newWorld(), ['diff']);
    expect(r).toMatchObject({ stdout: '', stderr: 'error: must specify one of -f and -k\n', code: 2 });
  });
});

describe('kubectl apply --force', () => {
  it('replaces an object whose change the server refuses (immutable selector)', async () => {
    const w = world({ 'web2.yaml': WEB.replace(/app: web/g, 'app: web2') });
    const strategic = w.client.intercept!;
    w.client.intercept = (req, core) => {
      const body = req.body as { spec?: { selector?: unknown } } | undefined;
      if (req.method === 'PATCH' && body?.spec?.selector) {
        return {
          status: 422,
          body: {
            apiVersion: 'v1',
            kind: 'Status',
            metadata: {},
            status: 'Failure',
            message: 'Deployment.apps "web" is invalid: spec.selector: Invalid value: …: field is immutable',
            reason: 'Invalid',
            details: {
              name: 'web',
              group: 'apps',
              kind: 'Deployment',
              causes: [
                {
                  reason: 'FieldValueInvalid',
                  message: 'Invalid value: …: field is immutable',
                  field: 'spec.selector',
                },
              ],
            },
            code: 422,
          },
        };
      }
      return strategic(req, core);
    };
    await kubectl(w, ['apply', '-f', 'web.yaml']);
    const refused = await kubectl(w, ['apply', '-f', 'web2.yaml']);
    expect(refused).toMatchObject({
      stdout: '',
      stderr: 'The Deployment "web" is invalid: spec.selector: Invalid value: …: field is immutable\n',
      code: 1,
    });
    const forced = await kubectl(w, ['apply', '-f', 'web2.yaml', '--force']);
    expect(forced).toMatchObject({ stdout: 'deployment.apps/web configured\n', stderr: '', code: 0 });
    expect(forced.requests.map((r) => r.method)).toEqual(['GET', 'PATCH', 'DELETE', 'GET', 'POST']);
    const live = get(w.client.core, '/apis/apps/v1/namespaces/default/deployments/web') as KubeObject & {
      spec: { selector: unknown };
    };
    expect(live.spec.selector).toEqual({ matchLabels: { app: 'web2' } });
  });
});
