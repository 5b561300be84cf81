/**
 * The node-side break/fix scenarios of the book (shared/reference/book-hands-on.md §4), each
 * showing its symptom at the right simulated time and the fix.
 */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

const Mi = 1024 * 1024;

describe('chapter 7: probes', () => {
  it('#8 liveness against delayfailserver: 503s, Killing, restarts, then CrashLoopBackOff; last state exit 2', () => {
    const c = kubeletCluster();
    c.createPod(
      'httpserver-liveness',
      {
        containers: [
          {
            name: 'httpserver',
            image: 'blux2/delayfailserver:1.1',
            livenessProbe: {
              httpGet: { path: '/healthz', port: 8080 },
              initialDelaySeconds: 5,
              periodSeconds: 5,
            },
          },
        ],
      },
      { labels: { app: 'httpserver' } },
    );
    const rows = c.watchRows('httpserver-liveness', secs(240), 500);
    expect(rows.slice(0, 3)).toEqual(['0/1 Pending 0', '0/1 ContainerCreating 0', '1/1 Running 0']);
    expect(rows).toContain('1/1 Running 1');
    expect(rows).toContain('1/1 Running 3');
    expect(rows.some((r) => r.startsWith('0/1 CrashLoopBackOff'))).toBe(true);
    const cs = c.pod('httpserver-liveness')!.status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    const ev = c.events('httpserver-liveness');
    expect(ev.find((e) => e.reason === 'Unhealthy')!.message).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 503',
    );
    expect(ev.find((e) => e.reason === 'Killing')!.message).toBe(
      'Container httpserver failed liveness probe, will be restarted',
    );
    expect(ev.find((e) => e.reason === 'Killing')!.type).toBe('Normal');
  });

  it('#7 readiness against delayfailserver: READY 1/1 → 0/1 while STATUS stays Running', () => {
    const c = kubeletCluster();
    c.createPod('httpserver-readiness', {
      containers: [
        {
          name: 'httpserver',
          image: 'blux2/delayfailserver:1.1',
          readinessProbe: {
            httpGet: { path: '/healthz', port: 8080 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
      ],
    });
    const rows = c.watchRows('httpserver-readiness', secs(60), 500);
    expect(rows).toEqual([
      '0/1 Pending 0',
      '0/1 ContainerCreating 0',
      '0/1 Running 0',
      '1/1 Running 0',
      '0/1 Running 0',
    ]);
    const ready = c.pod('httpserver-readiness')!.status!.conditions!.find((x) => x.type === 'Ready')!;
    expect(ready).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [httpserver]',
    });
  });

  it('#9 readiness on the wrong port with a busybox sidecar: READY 1/2, connection refused', () => {
    const c = kubeletCluster();
    c.createPod('hello-server', {
      containers: [
        {
          name: 'hello-server',
          image: 'blux2/hello-server:1.6',
          ports: [{ containerPort: 8080 }],
          readinessProbe: {
            httpGet: { path: '/health', port: 8081 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
          livenessProbe: {
            httpGet: { path: '/health', port: 8080 },
            initialDelaySeconds: 10,
            periodSeconds: 5,
          },
        },
        { name: 'busybox', image: 'busybox:1.36.1', command: ['sleep', '9999'] },
      ],
    });
    c.advance(secs(40));
    expect(c.row('hello-server')).toEqual(['1/2', 'Running', '0']);
    const ip = c.pod('hello-server')!.status!.podIP!;
    const unhealthy = c.events('hello-server').find((e) => e.reason === 'Unhealthy')!;
    expect(unhealthy.message).toBe(
      `Readiness probe failed: Get "http://${ip}:8081/health": dial tcp ${ip}:8081: connect: connection refused`,
    );
    expect(unhealthy.fieldPath).toBe('spec.containers{hello-server}');
    // the liveness probe on 8080 passes: the app logs it
    const log = c.call<string>(
      'GET',
      '/api/v1/namespaces/default/pods/hello-server/log',
      undefined,
      undefined,
      { container: 'hello-server' },
    );
    expect(log).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Starting server on port 8080\n/);
    expect(log).toContain('Health Status OK');
    // the fix: readiness on 8080 (a new pod, as the Deployment would roll out)
    c.createPod('hello-server-fixed', {
      containers: [
        {
          name: 'hello-server',
          image: 'blux2/hello-server:1.6',
          readinessProbe: {
            httpGet: { path: '/health', port: 8080 },
            initialDelaySeconds: 5,
            periodSeconds: 5,
          },
        },
        { name: 'busybox', image: 'busybox:1.36.1', command: ['sleep', '9999'] },
      ],
    });
    c.advance(secs(20));
    expect(c.row('hello-server-fixed')).toEqual(['2/2', 'Running', '0']);
  });

  it('#11 hello-server:1.7 leaks under a 100Mi limit: OOMKilled, exit 137, CrashLoopBackOff; 1.8 fixes it', () => {
    const c = kubeletCluster();
    const resources = { requests: { memory: '100Mi', cpu: '10m' }, limits: { memory: '100Mi', cpu: '10m' } };
    c.createPod('leak', {
      containers: [{ name: 'hello-server', image: 'blux2/hello-server:1.7', resources }],
    });
    c.until(() => c.row('leak')[1] === 'Running', secs(20));
    expect(c.pod('leak')!.status!.qosClass).toBe('Guaranteed');
    // curl localhost:8080 through a port-forward: a request to "/" starts the leak
    const ip = c.pod('leak')!.status!.podIP!;
    const net = c.kubelets.network;
    let reply: string | undefined;
    net.http(
      net.namespaceOf('172.18.0.2')!,
      ip,
      8080,
      { method: 'GET', path: '/' },
      { timeoutMs: 60_000 },
      (r) => (reply = r.ok ? 'answered' : r.error),
    );
    c.until(() => reply !== undefined, secs(10), 50);
    expect(reply).toBe('eof'); // curl: (52) Empty reply from server
    c.advance(secs(3));
    const cs = c.pod('leak')!.status!.containerStatuses![0]!;
    const term = cs.state!.terminated ?? cs.lastState!.terminated;
    expect(term).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    // no event mentions OOM (the book notes it): only the restart's events
    expect(c.events('leak').some((e) => /OOM/i.test(e.message))).toBe(false);
    // the fix
    const pod = c.pod('leak')!;
    pod.spec!.containers[0]!.image = 'blux2/hello-server:1.8';
    c.call('PUT', '/api/v1/namespaces/default/pods/leak', pod);
    c.advance(secs(40));
    expect(c.row('leak')[1]).toBe('Running');
    let body: string | undefined;
    net.http(
      net.namespaceOf('172.18.0.2')!,
      c.pod('leak')!.status!.podIP!,
      8080,
      { method: 'GET', path: '/' },
      { timeoutMs: 5000 },
      (r) => (body = r.ok ? r.response.body : r.error),
    );
    c.until(() => body !== undefined, secs(5), 10);
    expect(body).toBe("Hello, world! Let's learn Kubernetes!");
    expect(c.kubelets.get('kind-control-plane')!.runtime.nodeMemoryUsage()).toBeLessThan(2048 * Mi);
  });
});

describe('chapter 6: ConfigMaps', () => {
  it('#5 a missing ConfigMap key: CreateContainerConfigError, then starts by itself when the key is added', () => {
    const c = kubeletCluster();
    c.call('POST', '/api/v1/namespaces/default/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'hello-server-configmap' },
      data: { PORT: '8081' },
    });
    c.createPod('hello-server', {
      containers: [
        {
          name: 'hello-server',
          image: 'blux2/hello-server:1.4',
          env: [
            { name: 'PORT', valueFrom: { configMapKeyRef: { name: 'hello-server-configmap', key: 'PORT' } } },
            { name: 'HOST', valueFrom: { configMapKeyRef: { name: 'hello-server-configmap', key: 'HOST' } } },
          ],
        },
      ],
    });
    c.advance(secs(10));
    expect(c.row('hello-server')).toEqual(['0/1', 'CreateContainerConfigError', '0']);
    const w = c.pod('hello-server')!.status!.containerStatuses![0]!.state!.waiting!;
    expect(w).toEqual({
      reason: 'CreateContainerConfigError',
      message: "couldn't find key HOST in ConfigMap default/hello-server-configmap",
    });
    expect(c.events('hello-server').map((e) => `${e.type} ${e.reason} ${e.message}`)).toContain(
      "Warning Failed Error: couldn't find key HOST in ConfigMap default/hello-server-configmap",
    );
    // the fix: add the key
    const cm = c.call<{ data: Record<string, string> }>(
      'GET',
      '/api/v1/namespaces/default/configmaps/hello-server-configmap',
    );
    cm.data.HOST = 'localhost';
    c.call('PUT', '/api/v1/namespaces/default/configmaps/hello-server-configmap', cm);
    const t = c.until(() => c.row('hello-server')[1] === 'Running', secs(30));
    expect(t).toBeLessThanOrEqual(secs(16));
    expect(c.row('hello-server')).toEqual(['1/1', 'Running', '0']);
    const log = c.call<string>('GET', '/api/v1/namespaces/default/pods/hello-server/log');
    expect(log).toMatch(/Starting server on port 8081\n$/);
  });

  it('a missing ConfigMap: configmap "x" not found', () => {
    const c = kubeletCluster();
    c.createPod('p', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sleep', '100'],
          envFrom: [{ configMapRef: { name: 'nope' } }],
        },
      ],
    });
    c.advance(secs(8));
    expect(c.pod('p')!.status!.containerStatuses![0]!.state!.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "nope" not found',
    });
  });
});
