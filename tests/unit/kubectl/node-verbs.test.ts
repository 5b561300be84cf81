/**
 * kubectl logs, exec, attach, run, debug and top (src/kubectl/commands/{logs,exec,run,debug,top}.ts)
 * against a simulated kind cluster through the headless CLI, plus the pure helpers they share.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, Status } from '../../../src/api/types';
import { parseCliArgs, runTranscript } from '../../../src/cli/transcript';
import {
  allContainerNames,
  findOrDefaultContainer,
  selectorOf,
  sortMostActive,
} from '../../../src/kubectl/commands/streams/pods';
import { sessionResult } from '../../../src/kubectl/commands/streams/session';
import { ExitError, KubectlError } from '../../../src/kubectl/errors';

async function transcript(lines: string[]): Promise<string> {
  let out = '';
  await runTranscript(
    lines.join('\n') + '\n',
    parseCliArgs([], () => ''),
    (s) => (out += s),
  );
  return out;
}

/** The output of the command line `$ cmd` in a transcript (up to the next `$ `). */
function outputOf(text: string, cmd: string): string {
  const start = text.indexOf(`$ ${cmd}\n`);
  if (start < 0) throw new Error(`no command ${cmd}`);
  const rest = text.slice(start + cmd.length + 3);
  const end = rest.indexOf('\n$ ');
  return end < 0 ? rest : rest.slice(0, end + 1);
}

const pod = (name: string, extra: Record<string, unknown> = {}): KubeObject =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z' },
    spec: { containers: [{ name: 'app' }, { name: 'sidecar' }], initContainers: [{ name: 'init' }] },
    ...extra,
  }) as KubeObject;

describe('shared helpers', () => {
  it('defaults to the first container and says so, as podcmd does', () => {
    const warnings: string[] = [];
    expect(findOrDefaultContainer(pod('p'), '', false, (t) => warnings.push(t))).toBe('app');
    expect(warnings).toEqual(['Defaulted container "app" out of: app, sidecar, init (init)\n']);
    expect(allContainerNames(pod('p'))).toBe('app, sidecar, init (init)');
    expect(() => findOrDefaultContainer(pod('p'), 'nope', false, () => {})).toThrow(
      'container nope not found in pod p',
    );
  });

  it('honours the default-container annotation without a notice', () => {
    const p = pod('p');
    p.metadata.annotations = { 'kubectl.kubernetes.io/default-container': 'sidecar' };
    const warnings: string[] = [];
    expect(findOrDefaultContainer(p, '', false, (t) => warnings.push(t))).toBe('sidecar');
    expect(warnings).toEqual([]);
  });

  it('orders pods most active first (reverse ActivePods)', () => {
    const pending = pod('a', { status: { phase: 'Pending' } });
    const ready = pod('b', {
      spec: { nodeName: 'n', containers: [{ name: 'app' }] },
      status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
    });
    const running = pod('c', {
      spec: { nodeName: 'n', containers: [{ name: 'app' }] },
      status: { phase: 'Running' },
    });
    expect(sortMostActive([pending, running, ready]).map((p) => p.metadata.name)).toEqual(['b', 'c', 'a']);
  });

  it('turns selectors into label queries', () => {
    expect(
      selectorOf({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: {},
        spec: {
          selector: {
            matchLabels: { app: 'web' },
            matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
          },
        },
      }),
    ).toBe('app=web,tier in (a,b)');
    expect(
      selectorOf({ apiVersion: 'v1', kind: 'Service', metadata: {}, spec: { selector: { app: 'x' } } }),
    ).toBe('app=x');
  });

  it('maps the end of an exec stream to kubectl results', () => {
    const base = { apiVersion: 'v1', kind: 'Status', metadata: {} };
    expect(sessionResult({ ...base, status: 'Success' } as Status)).toBe(0);
    const exit = () =>
      sessionResult({
        ...base,
        status: 'Failure',
        reason: 'NonZeroExitCode',
        details: { causes: [{ reason: 'ExitCode', message: '3' }] },
      } as unknown as Status);
    expect(exit).toThrow(ExitError);
    expect(exit).toThrow('command terminated with exit code 3');
    expect(() =>
      sessionResult({
        ...base,
        status: 'Failure',
        reason: 'InternalError',
        message: 'Internal error occurred: x',
      } as Status),
    ).toThrow(KubectlError);
  });
});

describe('kubectl node verbs on a kind cluster', () => {
  it('logs, exec, run and top print what kubectl prints', { timeout: 60_000 }, async () => {
    const out = await transcript([
      'kubectl create deployment web --image=nginx:1.25.3 --replicas=2',
      'kubectl run hello --image=blux2/hello-server:1.0',
      'sleep 30',
      'kubectl logs deploy/web --tail=1',
      'kubectl logs hello',
      'kubectl logs nosuch',
      'kubectl logs',
      'kubectl logs -l app=web hello',
      "kubectl exec deploy/web -- sh -c 'echo out; exit 3'",
      'echo rc=$?',
      'kubectl exec hello -- sh',
      'kubectl exec hello',
      "kubectl run once --image=busybox:1.36.1 --rm -i --restart=Never -- sh -c 'echo bye; exit 4'",
      'echo rc=$?',
      'kubectl run x --image=nginx -t',
      'kubectl run x --image=nginx --rm',
      'kubectl top pod',
      'kubectl top node',
    ]);
    expect(outputOf(out, 'kubectl logs deploy/web --tail=1')).toMatch(
      /^Found 2 pods, using pod\/web-[a-z0-9]+-[a-z0-9]{5}\n.*worker process/,
    );
    expect(outputOf(out, 'kubectl logs hello')).toMatch(
      /^\d{4}\/\d\d\/\d\d [\d:]{8} Starting server on port 8080\n$/,
    );
    expect(outputOf(out, 'kubectl logs nosuch')).toBe(
      'error: error from server (NotFound): pods "nosuch" not found in namespace "default"\n',
    );
    expect(outputOf(out, 'kubectl logs')).toBe(
      "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(outputOf(out, 'kubectl logs -l app=web hello')).toBe(
      "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n",
    );
    expect(outputOf(out, "kubectl exec deploy/web -- sh -c 'echo out; exit 3'")).toBe(
      'out\ncommand terminated with exit code 3\n',
    );
    expect(outputOf(out, 'echo rc=$?')).toBe('rc=3\n');
    expect(outputOf(out, 'kubectl exec hello -- sh')).toMatch(
      /^error: Internal error occurred: error executing command in container: .*exec: "sh": executable file not found in \$PATH: unknown\n$/,
    );
    expect(outputOf(out, 'kubectl exec hello')).toBe(
      'error: you must specify at least one command for the container\n',
    );
    expect(
      outputOf(
        out,
        "kubectl run once --image=busybox:1.36.1 --rm -i --restart=Never -- sh -c 'echo bye; exit 4'",
      ),
    ).toBe('bye\npod "once" deleted\npod default/once terminated (Error)\n');
    expect(out).toContain('$ echo rc=$?\nrc=4\n');
    expect(outputOf(out, 'kubectl run x --image=nginx -t')).toBe(
      "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples\n",
    );
    expect(outputOf(out, 'kubectl run x --image=nginx --rm')).toBe(
      "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples\n",
    );
    expect(outputOf(out, 'kubectl top pod')).toBe('error: Metrics API not available\n');
    expect(outputOf(out, 'kubectl top node')).toBe('error: Metrics API not available\n');
  });

  it('run --dry-run=client -o yaml equals the real generator (§13)', async () => {
    const out = await transcript([
      'kubectl run nginx --image=nginx --port=80 --labels=app=web,tier=fe --env=FOO=bar --restart=Never --dry-run=client -o yaml',
    ]);
    expect(out.split('\n').slice(1).join('\n')).toBe(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: null
  labels:
    app: web
    tier: fe
  name: nginx
spec:
  containers:
  - env:
    - name: FOO
      value: bar
    image: nginx
    name: nginx
    ports:
    - containerPort: 80
    resources: {}
  dnsPolicy: ClusterFirst
  restartPolicy: Never
status: {}
`);
  });

  it('debug adds an ephemeral container that targets a container', { timeout: 60_000 }, async () => {
    const out = await transcript([
      'kubectl run hello --image=blux2/hello-server:1.0',
      'sleep 30',
      'kubectl debug hello --image=busybox:1.36.1 -c dbg --target=hello -- sleep 3600',
      'sleep 5',
      "kubectl get pod hello -o jsonpath='{.spec.ephemeralContainers[0].targetContainerName}'",
      'kubectl exec hello -c dbg -- ps',
      'kubectl debug hello',
    ]);
    expect(
      outputOf(out, 'kubectl debug hello --image=busybox:1.36.1 -c dbg --target=hello -- sleep 3600'),
    ).toBe(
      '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n',
    );
    expect(out).toContain("'{.spec.ephemeralContainers[0].targetContainerName}'\nhello");
    expect(outputOf(out, 'kubectl exec hello -c dbg -- ps')).toContain('/hello');
    expect(outputOf(out, 'kubectl debug hello')).toBe(
      'error: you must specify --image when not using --copy-to.\n',
    );
  });
});
