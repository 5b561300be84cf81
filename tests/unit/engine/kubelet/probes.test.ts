/** The probe state machine (prober/worker.go) and its messages, on real containers. */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

const probeTimes = (c: ReturnType<typeof kubeletCluster>, name: string, reason = 'Unhealthy') =>
  c.events(name).filter((e) => e.reason === reason);

describe('readiness', () => {
  it('starts not ready; ready after the first success (probed as soon as the container runs)', () => {
    const c = kubeletCluster();
    c.createPod('web', {
      containers: [
        { name: 'web', image: 'nginx:1.25.3', readinessProbe: { httpGet: { path: '/', port: 80 } } },
      ],
    });
    c.until(() => c.pod('web')!.status!.containerStatuses?.[0]?.state?.running !== undefined, secs(20), 50);
    const started = c.clock.now();
    c.until(() => c.row('web')[0] === '1/1', secs(5), 50);
    expect(c.clock.now() - started).toBeLessThan(secs(1.5));
  });

  it('initialDelaySeconds and periodSeconds: first probe after the delay, then every period', () => {
    const c = kubeletCluster();
    c.createPod('web', {
      containers: [
        {
          name: 'web',
          image: 'nginx:1.25.3',
          readinessProbe: {
            tcpSocket: { port: 8080 },
            initialDelaySeconds: 10,
            periodSeconds: 3,
            failureThreshold: 1,
          },
        },
      ],
    });
    c.until(() => !!c.pod('web')!.status!.containerStatuses?.[0]?.state?.running, secs(20), 50);
    c.advance(secs(30));
    const ev = probeTimes(c, 'web')[0]!;
    expect(ev.message).toMatch(
      /^Readiness probe failed: dial tcp 10\.244\.0\.\d+:8080: connect: connection refused$/,
    );
    // ≈ 30 s after the first one at ≈ 10 s, every 3 s: 7 failures
    expect(ev.count).toBeGreaterThanOrEqual(6);
    expect(ev.count).toBeLessThanOrEqual(8);
  });

  it('failureThreshold: Ready stays true until N consecutive failures; successThreshold to come back', () => {
    const c = kubeletCluster();
    c.createPod('app', {
      containers: [
        {
          name: 'app',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'touch /tmp/ok; sleep 3600'],
          readinessProbe: {
            exec: { command: ['cat', '/tmp/ok'] },
            periodSeconds: 2,
            failureThreshold: 3,
            successThreshold: 2,
          },
        },
      ],
    });
    c.until(() => c.row('app')[0] === '1/1', secs(30), 100);
    const k = c.kubelets.get('kind-control-plane')!;
    const ctr = k.recordFor('default', 'app')!.instances.get('app')![0]!;
    k.runtime.exec(ctr.id, ['rm', '/tmp/ok'], { stdout: () => {}, stderr: () => {} });
    const t = c.until(() => c.row('app')[0] === '0/1', secs(20), 100);
    expect(t).toBeGreaterThanOrEqual(secs(4));
    expect(t).toBeLessThanOrEqual(secs(6.5));
    expect(probeTimes(c, 'app')[0]!.message).toBe(
      "Readiness probe failed: cat: can't open '/tmp/ok': No such file or directory\n",
    );
    k.runtime.exec(ctr.id, ['touch', '/tmp/ok'], { stdout: () => {}, stderr: () => {} });
    const back = c.until(() => c.row('app')[0] === '1/1', secs(20), 100);
    expect(back).toBeGreaterThanOrEqual(secs(2));
  });
});

describe('liveness and startup', () => {
  it('a startup probe holds liveness and readiness back; its failure restarts the container', () => {
    const c = kubeletCluster();
    c.createPod('slow', {
      containers: [
        {
          name: 'slow',
          image: 'nginx:1.25.3',
          startupProbe: { httpGet: { path: '/', port: 81 }, periodSeconds: 2, failureThreshold: 3 },
          livenessProbe: { httpGet: { path: '/', port: 82 }, periodSeconds: 1, failureThreshold: 1 },
        },
      ],
    });
    c.advance(secs(20));
    const ev = c.events('slow');
    expect(ev.some((e) => e.message.startsWith('Liveness'))).toBe(false);
    expect(ev.find((e) => e.message.startsWith('Startup probe failed'))!.message).toMatch(
      /^Startup probe failed: Get "http:\/\/10\.244\.0\.\d+:81\/": dial tcp 10\.244\.0\.\d+:81: connect: connection refused$/,
    );
    expect(ev.find((e) => e.reason === 'Killing')!.message).toBe(
      'Container slow failed startup probe, will be restarted',
    );
    expect(c.pod('slow')!.status!.containerStatuses![0]!.started).toBe(false);
  });

  it('liveness succeeds → started=true, no restarts; a failing one restarts after failureThreshold × period', () => {
    const c = kubeletCluster();
    c.createPod('ok', {
      containers: [
        {
          name: 'ok',
          image: 'nginx:1.25.3',
          livenessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        },
      ],
    });
    c.createPod('bad', {
      containers: [
        {
          name: 'bad',
          image: 'nginx:1.25.3',
          livenessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
        },
      ],
    });
    c.advance(secs(60));
    expect(c.row('ok')).toEqual(['1/1', 'Running', '0']);
    expect(c.events('bad').find((e) => e.reason === 'Unhealthy')!.message).toBe(
      'Liveness probe failed: HTTP probe failed with statuscode: 404',
    );
    expect(Number(c.row('bad')[2].split(' ')[0])).toBeGreaterThanOrEqual(2);
  });

  it('exec probe timeouts: command "…" timed out', () => {
    const c = kubeletCluster();
    c.createPod('t', {
      containers: [
        {
          name: 't',
          image: 'busybox:1.36.1',
          command: ['sleep', '3600'],
          readinessProbe: { exec: { command: ['sleep', '5'] }, timeoutSeconds: 1, periodSeconds: 10 },
        },
      ],
    });
    c.advance(secs(20));
    expect(probeTimes(c, 't')[0]!.message).toBe('Readiness probe failed: command "sleep 5" timed out');
  });

  it('grpc probes are not simulated: the probe errors (state unchanged)', () => {
    const c = kubeletCluster();
    c.createPod('g', {
      containers: [{ name: 'g', image: 'nginx:1.25.3', readinessProbe: { grpc: { port: 9000 } } }],
    });
    c.advance(secs(20));
    expect(probeTimes(c, 'g')[0]!.message).toBe(
      'Readiness probe errored and resulted in unknown state: gRPC probes are not simulated in Breakfix',
    );
    expect(c.row('g')[0]).toBe('0/1');
  });

  it("named ports resolve against the container's ports", () => {
    const c = kubeletCluster();
    c.createPod('n', {
      containers: [
        {
          name: 'n',
          image: 'nginx:1.25.3',
          ports: [{ name: 'http', containerPort: 80 }],
          readinessProbe: { httpGet: { path: '/', port: 'http' } },
        },
      ],
    });
    c.advance(secs(15));
    expect(c.row('n')[0]).toBe('1/1');
  });
});

describe('CPU throttling slows answers', () => {
  it('a container at its CPU limit answers slower', () => {
    const c = kubeletCluster();
    const spec = (limit?: string) => ({
      containers: [
        {
          name: 'web',
          image: 'blux2/hello-server:2.3',
          ...(limit ? { resources: { limits: { cpu: limit, memory: '64Mi' } } } : {}),
        },
      ],
    });
    c.createPod('free', spec());
    c.createPod('tight', spec('10m'));
    c.until(() => c.row('free')[1] === 'Running' && c.row('tight')[1] === 'Running', secs(30), 100);
    const k = c.kubelets.get('kind-control-plane')!;
    const net = c.kubelets.network;
    const node = net.namespaceOf('172.18.0.2')!;
    const time = (pod: string): number => {
      let took = -1;
      net.http(
        node,
        c.pod(pod)!.status!.podIP!,
        8080,
        { method: 'GET', path: '/metrics' },
        { timeoutMs: 10_000 },
        (r) => (took = r.elapsedMs),
      );
      c.until(() => took >= 0, secs(10), 1);
      return took;
    };
    expect(time('free')).toBeLessThan(1);
    const unloaded = time('tight');
    expect(unloaded).toBeGreaterThanOrEqual(50);
    // a busy loop next to the server takes its share of the 10m quota: slower still
    const ctr = k.recordFor('default', 'tight')!.instances.get('web')![0]!;
    ctr.init!.setCpu(1000);
    expect(time('tight')).toBeGreaterThan(unloaded);
  });
});
