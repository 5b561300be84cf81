/**
 * The http check's requests from inside a pod (Cluster.podHttp through podHttpProbe): they start
 * in the pod's network namespace, resolve names with its resolv.conf, go through kube-proxy,
 * and fail with the very text curl prints in that pod.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evalHttp } from '../../../src/lessons/checks/http';
import type { CheckContext, HttpProbeRequest, HttpProbeResult } from '../../../src/lessons/checks/context';
import type { CheckResult } from '../../../src/lessons/checks/index';
import { loadLesson } from '../../../src/lessons/loader';
import { LessonRuntime } from '../../../src/lessons/runtime';
import { Session } from '../../../src/session/session';
import { sessionLessonHost } from '../../../src/worker/lessons';
import { CliLessonHost, readLessonFiles } from '../../lessons/support';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: hello-server
spec:
  replicas: 2
  selector:
    matchLabels:
      app: hello-server
  template:
    metadata:
      labels:
        app: hello-server
    spec:
      containers:
      - name: hello-server
        image: blux2/hello-server:1.0
        ports:
        - containerPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: hello-server-service
spec:
  selector:
    app: hello-server
  ports:
  - port: 8080
    targetPort: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: nobody-home
spec:
  selector:
    app: hello-serve
  ports:
  - port: 8080
    targetPort: 8080
`;

let host: CliLessonHost;
let helloPodIP = '';
let nobodyIP = '';

const fromPod = (pod: string, url: string, extra: { namespace?: string; container?: string } = {}) =>
  host.http({ from: { pod, ...extra }, url, method: 'GET' });

/** What `kubectl exec POD -- curl -sS -m 10 URL` prints in the same cluster (stderr included). */
async function curlInPod(pod: string, url: string, ns = 'default'): Promise<string> {
  const start = host.transcript.length;
  await host.learner(`kubectl exec -n ${ns} ${pod} -- curl -sS -m 10 ${url}`);
  return host.transcript.slice(start).split('\n').slice(1).join('\n').trim();
}

async function jsonpath(cmd: string): Promise<string> {
  const start = host.transcript.length;
  await host.learner(cmd);
  return host.transcript.slice(start).split('\n')[1]!.trim();
}

beforeAll(async () => {
  host = new CliLessonHost('kind');
  host.advance(60_000);
  host.writeFile('/root/app.yaml', DEPLOYMENT);
  expect(await host.learner('kubectl apply -f app.yaml')).toBe(0);
  expect(await host.learner('kubectl create namespace other')).toBe(0);
  for (const ns of ['default', 'other'])
    expect(
      await host.learner(
        `kubectl run curl -n ${ns} --image=curlimages/curl:8.4.0 --restart=Never --command -- sleep infinity`,
      ),
    ).toBe(0);
  // an image that does not exist: the pod never runs
  expect(await host.learner('kubectl run broken --image=blux2/hello-server:1.1 --restart=Never')).toBe(0);
  host.advance(90_000);
  helloPodIP = await jsonpath(`kubectl get pods -l app=hello-server -o jsonpath='{.items[0].status.podIP}'`);
  nobodyIP = await jsonpath(`kubectl get service nobody-home -o jsonpath='{.spec.clusterIP}'`);
  expect(helloPodIP).toMatch(/^10\.244\.\d+\.\d+$/);
  expect(nobodyIP).toMatch(/^10\.96\.\d+\.\d+$/);
}, 60_000);

describe('requests from inside a pod', () => {
  it('reach a Service by its short name, namespace-qualified name and FQDN', async () => {
    for (const name of [
      'hello-server-service',
      'hello-server-service.default',
      'hello-server-service.default.svc',
      'hello-server-service.default.svc.cluster.local',
      'hello-server-service.default.svc.cluster.local.',
    ]) {
      expect(await fromPod('curl', `http://${name}:8080/`), name).toEqual({
        ok: true,
        status: 200,
        body: 'Hello, world!',
      });
    }
  });

  it('reach a pod IP directly, and the URL path goes along', async () => {
    expect(await fromPod('curl', `http://${helloPodIP}:8080/`)).toEqual({
      ok: true,
      status: 200,
      body: 'Hello, world!',
    });
    const health = await fromPod('curl', `http://${helloPodIP}:8080/healthz`);
    expect(health.ok).toBe(true);
  });

  it('resolve names with the pod namespace search list', async () => {
    // the short name only exists in the caller's own namespace
    expect(await fromPod('curl', 'http://hello-server-service:8080/', { namespace: 'other' })).toEqual({
      ok: false,
      error: 'curl: (6) Could not resolve host: hello-server-service',
    });
    expect(await fromPod('curl', 'http://hello-server-service.default:8080/', { namespace: 'other' })).toEqual({
      ok: true,
      status: 200,
      body: 'Hello, world!',
    });
  });

  it('fail to resolve an unknown name exactly as curl does in the pod', async () => {
    const r = await fromPod('curl', 'http://hello-server-svc:8080/');
    expect(r).toEqual({ ok: false, error: 'curl: (6) Could not resolve host: hello-server-svc' });
    expect(await curlInPod('curl', 'http://hello-server-svc:8080/')).toBe(
      'curl: (6) Could not resolve host: hello-server-svc\ncommand terminated with exit code 6',
    );
  });

  it('are refused on a port nobody listens on, and by a Service without endpoints', async () => {
    const refused = await fromPod('curl', `http://${helloPodIP}:9999/`);
    expect(refused).toEqual({
      ok: false,
      error: `curl: (7) Failed to connect to ${helloPodIP} port 9999 after 0 ms: Couldn't connect to server`,
    });
    expect(await curlInPod('curl', `http://${helloPodIP}:9999/`)).toContain(
      `curl: (7) Failed to connect to ${helloPodIP} port 9999 after 0 ms: Couldn't connect to server`,
    );
    // kube-proxy REJECTs a ClusterIP whose Service has no endpoints
    expect(await fromPod('curl', 'http://nobody-home:8080/')).toEqual({
      ok: false,
      error: "curl: (7) Failed to connect to nobody-home port 8080 after 0 ms: Couldn't connect to server",
    });
  });

  it('time out in simulated time: a missing pod IP after the ARP timeout, a black hole after -m 10', async () => {
    const before = host.now();
    expect(await fromPod('curl', 'http://10.244.0.250:8080/')).toEqual({
      ok: false,
      error: "curl: (7) Failed to connect to 10.244.0.250 port 8080 after 3000 ms: Couldn't connect to server",
    });
    expect(host.now() - before).toBeGreaterThanOrEqual(3000);
    expect(await fromPod('curl', 'http://192.0.2.1:8080/')).toEqual({
      ok: false,
      error: 'curl: (28) Operation timed out after 10000 milliseconds with 0 bytes received',
    });
  });

  it('need the pod to exist and run, and the container to be one of it', async () => {
    expect(await fromPod('nope', 'http://hello-server-service:8080/')).toEqual({
      ok: false,
      error: 'pods "nope" not found in namespace "default"',
    });
    expect(await fromPod('broken', 'http://hello-server-service:8080/')).toEqual({
      ok: false,
      error: 'pod broken is not running (its phase is Pending)',
    });
    expect(await fromPod('curl', 'http://hello-server-service:8080/', { container: 'sidecar' })).toEqual({
      ok: false,
      error: 'container sidecar is not valid for pod curl',
    });
    expect(await fromPod('curl', 'http://hello-server-service:8080/', { container: 'curl' })).toMatchObject({
      ok: true,
      status: 200,
    });
  });

  it('the http check takes the lesson namespace for a pod named without one', async () => {
    const seen: HttpProbeRequest[] = [];
    const ctx = {
      namespace: 'other',
      http: async (req: HttpProbeRequest): Promise<HttpProbeResult> => {
        seen.push(req);
        return host.http(req);
      },
    } as unknown as CheckContext;
    const detail = await evalHttp(ctx, {
      check: 'http',
      from: { pod: 'curl' },
      url: 'http://hello-server-service:8080/',
      body: 'Hello',
    });
    expect(seen[0]!.from).toEqual({ pod: 'curl', namespace: 'other' });
    expect(detail?.en).toBe('The request failed: curl: (6) Could not resolve host: hello-server-service');
  });
});

describe('lesson ch06-service checks the Services from inside the curl Pod', () => {
  it('the ClusterIP answers from the Pod, and the selector typo fails there as curl says', async () => {
    const lesson = loadLesson('ch06-service', readLessonFiles('ch06-service'));
    const h = new CliLessonHost(lesson.spec.cluster.preset, lesson.spec.cluster.seed ?? 1);
    const rt = new LessonRuntime(lesson, h);
    await rt.start();
    const podCheck = (results: CheckResult[]) => results.find((r) => r.title.en.includes('from Pod curl'));
    const steps = lesson.spec.steps;
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      if (step.id === 'typo') {
        h.advance(10_000);
        const broken = podCheck(await rt.evaluate());
        expect(broken?.passed).toBe(false);
        expect(broken?.detail?.en).toBe(
          "The request failed: curl: (7) Failed to connect to hello-server-external port 8080 after 0 ms: Couldn't connect to server",
        );
      }
      for (const line of step.solution ?? []) rt.recordCommand(line, await h.learner(line));
      let results = await rt.evaluate();
      for (let t = 0; t < 120 && !results.every((r) => r.passed); t++) {
        h.advance(1000);
        results = await rt.evaluate();
      }
      if (step.id === 'clusterip' || step.id === 'typo') expect(podCheck(results)?.passed).toBe(true);
      expect(results.every((r) => r.passed), h.transcript).toBe(true);
      await rt.settled();
      await rt.next();
    }
    expect(rt.view().phase).toBe('finished');
    // what the learner sees with the step's own command
    expect(h.transcript).toContain('$ kubectl exec curl -- curl -sS hello-server-service:8080\nHello, world!');
  }, 60_000);
});

describe('the worker lesson host', () => {
  it('passes requests from pods to the cluster instead of saying they are not available', async () => {
    const session = new Session({ preset: 'kind', seed: 1 });
    const lessonHost = sessionLessonHost({
      session,
      exec: async (command) => ({ command, status: 0, output: '' }),
      input: () => undefined,
    });
    expect(await lessonHost.http!({ from: { pod: 'web', namespace: 'default' }, url: 'http://web/', method: 'GET' })).toEqual({
      ok: false,
      error: 'pods "web" not found in namespace "default"',
    });
  });
});
