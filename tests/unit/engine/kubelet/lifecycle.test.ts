/**
 * The pod lifecycle as a learner sees it in `kubectl get pods -w` and `kubectl describe`: the
 * statuses in order, at realistic times, with the kubelet's exact event texts.
 */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

describe('starting a pod', () => {
  it('nginx: Pending → ContainerCreating → Running, with Pulling/Pulled/Created/Started', () => {
    const c = kubeletCluster();
    c.createPod('nginx', {
      containers: [{ name: 'nginx', image: 'nginx:1.25.3', ports: [{ containerPort: 80 }] }],
    });
    expect(c.row('nginx')).toEqual(['0/1', 'Pending', '0']);
    const rows = c.watchRows('nginx', secs(15));
    expect(rows).toEqual(['0/1 Pending 0', '0/1 ContainerCreating 0', '1/1 Running 0']);
    const ev = c.events('nginx').map((e) => [e.type, e.reason, e.message]);
    expect(ev[0]).toEqual(['Normal', 'Pulling', 'Pulling image "nginx:1.25.3"']);
    expect(ev[1]![2]).toMatch(
      /^Successfully pulled image "nginx:1\.25\.3" in \d+(\.\d+)?m?s \(\d+(\.\d+)?m?s including waiting\)\. Image size: 70520156 bytes\.$/,
    );
    expect(ev.slice(2)).toEqual([
      ['Normal', 'Created', 'Created container nginx'],
      ['Normal', 'Started', 'Started container nginx'],
    ]);
    expect(c.events('nginx').every((e) => e.fieldPath === 'spec.containers{nginx}')).toBe(true);
    const pod = c.pod('nginx')!;
    expect(pod.status!.podIP).toMatch(/^10\.244\.0\.\d+$/);
    expect(pod.status!.hostIP).toBe('172.18.0.2');
    expect(pod.status!.qosClass).toBe('BestEffort');
    const cs = pod.status!.containerStatuses![0]!;
    expect(cs.image).toBe('docker.io/library/nginx:1.25.3');
    expect(cs.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(cs.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(cs.started).toBe(true);
    expect(pod.status!.conditions!.map((x) => `${x.type}=${x.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True',
    ]);
  });

  it('a second pod of the same image does not pull: "already present on machine"', () => {
    const c = kubeletCluster();
    c.createPod('a', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.advance(secs(15));
    c.createPod('b', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    const t = c.until(() => c.row('b')[1] === 'Running', secs(5));
    expect(t).toBeLessThan(secs(3));
    expect(c.events('b').map((e) => e.message)).toContain(
      'Container image "nginx:1.25.3" already present on machine',
    );
  });

  it('pulls are serialized: the second pull shows the waiting time', () => {
    const c = kubeletCluster();
    c.createPod('a', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.createPod('b', { containers: [{ name: 'web', image: 'nginx:1.24.0' }] });
    c.advance(secs(30));
    const pulled = c.events('b').find((e) => e.reason === 'Pulled')!.message;
    const m = /in ([\d.]+)s \(([\d.]+)s including waiting\)/.exec(pulled)!;
    expect(Number(m[2])).toBeGreaterThan(Number(m[1]) + 2);
  });
});

describe('image pull failures (book §4 #1: hello-server:1.1 does not exist)', () => {
  it("ErrImagePull then ImagePullBackOff, with containerd's NotFound text", () => {
    const c = kubeletCluster();
    c.createPod('myapp', {
      containers: [
        { name: 'hello-server', image: 'blux2/hello-server:1.1', ports: [{ containerPort: 8080 }] },
      ],
    });
    const rows = c.watchRows('myapp', secs(40));
    expect(rows.slice(0, 4)).toEqual([
      '0/1 Pending 0',
      '0/1 ContainerCreating 0',
      '0/1 ErrImagePull 0',
      '0/1 ImagePullBackOff 0',
    ]);
    const ev = c.events('myapp');
    const byMsg = (m: string) => ev.find((e) => e.message === m);
    expect(byMsg('Pulling image "blux2/hello-server:1.1"')?.type).toBe('Normal');
    expect(
      byMsg(
        'Failed to pull image "blux2/hello-server:1.1": rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/blux2/hello-server:1.1": failed to resolve reference "docker.io/blux2/hello-server:1.1": docker.io/blux2/hello-server:1.1: not found',
      )?.reason,
    ).toBe('Failed');
    expect(byMsg('Error: ErrImagePull')?.type).toBe('Warning');
    expect(byMsg('Back-off pulling image "blux2/hello-server:1.1"')?.reason).toBe('BackOff');
    expect(byMsg('Error: ImagePullBackOff')?.reason).toBe('Failed');
    const cs = c.pod('myapp')!.status!.containerStatuses![0]!;
    expect(cs.image).toBe('blux2/hello-server:1.1');
    expect(cs.imageID).toBe('');
  });

  it('pull retries back off 10 s, 20 s, 40 s … (counts of Pulling grow slowly)', () => {
    const c = kubeletCluster();
    c.createPod('myapp', { containers: [{ name: 'hello-server', image: 'blux2/hello-server:1.3' }] });
    c.advance(secs(60));
    const pulling = c.events('myapp').find((e) => e.reason === 'Pulling')!;
    // t≈0, ≈+10..25, ≈+30..55: three pulls in the first minute, not one every sync
    expect(pulling.count).toBeGreaterThanOrEqual(3);
    expect(pulling.count).toBeLessThanOrEqual(4);
  });

  it('fixing the image (the book: kubectl edit pod myapp) recovers', () => {
    const c = kubeletCluster();
    c.createPod('myapp', { containers: [{ name: 'hello-server', image: 'blux2/hello-server:1.1' }] });
    c.advance(secs(20));
    const pod = c.pod('myapp')!;
    pod.spec!.containers[0]!.image = 'blux2/hello-server:1.0';
    c.call('PUT', '/api/v1/namespaces/default/pods/myapp', pod);
    c.until(() => c.row('myapp')[1] === 'Running', secs(30));
    expect(c.row('myapp')).toEqual(['1/1', 'Running', '0']);
  });

  it('a typo in a repository name gives "pull access denied"; images outside the catalog say so', () => {
    const c = kubeletCluster();
    c.createPod('typo', { containers: [{ name: 'web', image: 'ngnix' }] });
    c.createPod('other', { containers: [{ name: 'db', image: 'postgres:16' }] });
    c.advance(secs(5));
    expect(c.events('typo').find((e) => e.message.startsWith('Failed to pull'))!.message).toContain(
      'pull access denied, repository does not exist or may require authorization',
    );
    expect(c.events('other').find((e) => e.message.startsWith('Failed to pull'))!.message).toContain(
      `not in Breakfix's image catalog (not simulated)`,
    );
  });

  it('imagePullPolicy Never without the image: ErrImageNeverPull', () => {
    const c = kubeletCluster();
    c.createPod('never', { containers: [{ name: 'web', image: 'nginx:1.24.0', imagePullPolicy: 'Never' }] });
    c.advance(secs(3));
    expect(c.row('never')[1]).toBe('ErrImageNeverPull');
    expect(c.events('never').map((e) => e.message)).toContain(
      'Container image "nginx:1.24.0" is not present with pull policy of Never',
    );
  });

  it('an invalid image name: InvalidImageName with the InspectFailed event', () => {
    const c = kubeletCluster();
    c.createPod('bad', { containers: [{ name: 'web', image: 'Nginx' }] });
    c.advance(secs(3));
    expect(c.row('bad')[1]).toBe('InvalidImageName');
    expect(c.events('bad').map((e) => `${e.reason}: ${e.message}`)).toContain(
      'InspectFailed: Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase',
    );
  });
});

describe('restarts and CrashLoopBackOff', () => {
  it('a crashing container: Error, restart at once, then CrashLoopBackOff with growing back-off', () => {
    const c = kubeletCluster();
    c.createPod('crash', {
      containers: [
        { name: 'crash', image: 'busybox:1.36.1', command: ['sh', '-c', 'echo starting; exit 1'] },
      ],
    });
    const rows = c.watchRows('crash', secs(120));
    expect(rows.slice(0, 6)).toEqual([
      '0/1 Pending 0',
      '0/1 ContainerCreating 0',
      '0/1 Error 0',
      '0/1 Error 1',
      '0/1 CrashLoopBackOff 1',
      '0/1 Error 2',
    ]);
    const pod = c.pod('crash')!;
    const cs = pod.status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(pod.status!.phase).toBe('Running');
    const backoff = c.events('crash').find((e) => e.reason === 'BackOff')!;
    expect(backoff.type).toBe('Warning');
    expect(backoff.message).toBe(
      `Back-off restarting failed container crash in pod crash_default(${pod.metadata!.uid})`,
    );
  });

  it('the CrashLoopBackOff waiting message carries the back-off: 10s, 20s, 40s …', () => {
    const c = kubeletCluster();
    c.createPod('crash', { containers: [{ name: 'crash', image: 'busybox:1.36.1', command: ['false'] }] });
    const seen = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      c.advance(200);
      const w = c.pod('crash')!.status!.containerStatuses![0]!.state!.waiting;
      if (w?.reason === 'CrashLoopBackOff') seen.add(/^back-off (\S+) /.exec(w.message!)![1]!);
    }
    expect([...seen]).toEqual(['10s', '20s', '40s', '1m20s', '2m40s', '5m0s']);
    expect(c.pod('crash')!.status!.containerStatuses![0]!.restartCount).toBeGreaterThanOrEqual(5);
  });

  it('RESTARTS shows "(Ns ago)" from the last termination', () => {
    const c = kubeletCluster();
    c.createPod('crash', { containers: [{ name: 'crash', image: 'busybox:1.36.1', command: ['false'] }] });
    c.advance(secs(30));
    expect(c.row('crash')[2]).toMatch(/^\d \(\d+s ago\)$/);
  });

  it('restartPolicy Never: one run; Completed (exit 0) or Error (exit ≠ 0), phase Succeeded/Failed', () => {
    const c = kubeletCluster();
    c.createPod('ok', {
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sh', '-c', 'echo done'] }],
    });
    c.createPod('ko', {
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sh', '-c', 'exit 3'] }],
    });
    c.advance(secs(20));
    expect(c.row('ok')).toEqual(['0/1', 'Completed', '0']);
    expect(c.row('ko')).toEqual(['0/1', 'Error', '0']);
    expect(c.pod('ok')!.status!.phase).toBe('Succeeded');
    expect(c.pod('ko')!.status!.phase).toBe('Failed');
    expect(c.pod('ko')!.status!.containerStatuses![0]!.state!.terminated).toMatchObject({
      exitCode: 3,
      reason: 'Error',
    });
    const ready = c.pod('ok')!.status!.conditions!.find((x) => x.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'False', reason: 'PodCompleted' });
  });

  it('restartPolicy OnFailure: restarts failures, not successes', () => {
    const c = kubeletCluster();
    c.createPod('job', {
      restartPolicy: 'OnFailure',
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sh', '-c', 'exit 1'] }],
    });
    c.advance(secs(30));
    expect(Number(c.row('job')[2].split(' ')[0])).toBeGreaterThanOrEqual(1);
    expect(c.pod('job')!.status!.phase).toBe('Running');
  });

  it('busybox with no command runs sh without stdin: Completed, then CrashLoopBackOff', () => {
    const c = kubeletCluster();
    c.createPod('bb', { containers: [{ name: 'bb', image: 'busybox:1.36.1' }] });
    const rows = c.watchRows('bb', secs(40));
    expect(rows).toContain('0/1 Completed 0');
    expect(rows).toContain('0/1 CrashLoopBackOff 1');
  });

  it('a command that does not exist: StartError exit 128, RunContainerError, then CrashLoopBackOff', () => {
    const c = kubeletCluster();
    c.createPod('nocmd', {
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['nosuchcommand'] }],
    });
    const rows = c.watchRows('nocmd', secs(30));
    expect(rows).toContain('0/1 RunContainerError 0');
    const ev = c
      .events('nocmd')
      .find((e) => e.message.startsWith('Error: failed to create containerd task'))!;
    expect(ev.message).toBe(
      'Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "nosuchcommand": executable file not found in $PATH: unknown',
    );
    const cs = c.pod('nocmd')!.status!.containerStatuses![0]!;
    expect(cs.lastState!.terminated ?? cs.state!.terminated).toMatchObject({
      exitCode: 128,
      reason: 'StartError',
    });
  });
});

describe('deleting a pod', () => {
  it('nginx stops gracefully at once (SIGQUIT, exit 0): Terminating, then gone', () => {
    const c = kubeletCluster();
    c.createPod('nginx', { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] });
    c.until(() => c.row('nginx')[1] === 'Running', secs(20));
    c.call('DELETE', '/api/v1/namespaces/default/pods/nginx');
    expect(c.row('nginx')[1]).toBe('Terminating');
    const t = c.until(() => c.pod('nginx') === undefined, secs(10), 50);
    expect(t).toBeLessThan(secs(3));
    expect(c.events('nginx').find((e) => e.reason === 'Killing')!.message).toBe('Stopping container nginx');
  });

  it('busybox sleep ignores SIGTERM as PID 1: SIGKILL after the 30 s grace period (exit 137)', () => {
    const c = kubeletCluster();
    c.createPod('sleeper', {
      containers: [{ name: 's', image: 'busybox:1.36.1', command: ['sleep', '3600'] }],
    });
    c.until(() => c.row('sleeper')[1] === 'Running', secs(20));
    let last: unknown;
    c.server.onChange((changes) => {
      for (const ch of changes) if (ch.op === 'updated' && ch.to.metadata.name === 'sleeper') last = ch.to;
    });
    c.call('DELETE', '/api/v1/namespaces/default/pods/sleeper');
    const t = c.until(() => c.pod('sleeper') === undefined, secs(40), 100);
    expect(t).toBeGreaterThanOrEqual(secs(30));
    expect(t).toBeLessThan(secs(32));
    const st = (
      last as {
        status: {
          phase: string;
          containerStatuses: { state: { terminated: { exitCode: number; reason: string } } }[];
        };
      }
    ).status;
    expect(st.phase).toBe('Failed');
    expect(st.containerStatuses[0]!.state.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
  });

  it('a preStop hook runs first (the book: preStop sleep 10)', () => {
    const c = kubeletCluster();
    c.createPod('web', {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.24.0',
          lifecycle: { preStop: { exec: { command: ['/bin/sh', '-c', 'sleep 10'] } } },
        },
      ],
    });
    c.until(() => c.row('web')[1] === 'Running', secs(20));
    c.call('DELETE', '/api/v1/namespaces/default/pods/web');
    const t = c.until(() => c.pod('web') === undefined, secs(40), 100);
    expect(t).toBeGreaterThanOrEqual(secs(10));
    expect(t).toBeLessThan(secs(12));
  });
});
