/**
 * pods/log, exec, attach and ephemeralcontainers: the contracts kubectl logs/exec/run/debug use
 * (documented in src/engine/kubelet/server/logs.ts and streams.ts).
 */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

const LOG = '/api/v1/namespaces/default/pods';

function running(c: ReturnType<typeof kubeletCluster>, name: string, spec: Record<string, unknown>) {
  c.createPod(name, spec);
  c.until(() => c.row(name)[1] === 'Running', secs(30));
}

describe('pods/log', () => {
  it('returns the container log; timestamps, tailLines, sinceSeconds, limitBytes select', () => {
    const c = kubeletCluster();
    running(c, 'counter', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'i=0; while true; do echo "line $i"; i=$((i+1)); sleep 1; done'],
        },
      ],
    });
    c.advance(secs(10));
    const all = c.call<string>('GET', `${LOG}/counter/log`);
    expect(all.split('\n').slice(0, 3)).toEqual(['line 0', 'line 1', 'line 2']);
    const tail = c.call<string>('GET', `${LOG}/counter/log`, undefined, undefined, { tailLines: '2' });
    expect(tail.split('\n').filter(Boolean)).toHaveLength(2);
    const ts = c.call<string>('GET', `${LOG}/counter/log`, undefined, undefined, {
      timestamps: 'true',
      tailLines: '1',
    });
    expect(ts).toMatch(/^2026-01-01T00:0\d:\d\d\.\d{9}Z line \d+\n$/);
    const since = c.call<string>('GET', `${LOG}/counter/log`, undefined, undefined, { sinceSeconds: '3' });
    expect(since.split('\n').filter(Boolean).length).toBeLessThanOrEqual(4);
    const limited = c.call<string>('GET', `${LOG}/counter/log`, undefined, undefined, { limitBytes: '5' });
    expect(limited).toBe('line ');
  });

  it("the API server's and kubelet's errors", () => {
    const c = kubeletCluster();
    c.createPod('two', {
      containers: [
        { name: 'a', image: 'busybox:1.36.1', command: ['sleep', '100'] },
        { name: 'b', image: 'busybox:1.36.1', command: ['sleep', '100'] },
      ],
    });
    c.createPod('pulling', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.createPod('bad', { containers: [{ name: 'web', image: 'blux2/hello-server:1.1' }] });
    c.advance(100);
    const err = (name: string, q: Record<string, string> = {}) =>
      c.raw('GET', `${LOG}/${name}/log`, undefined, q).body as {
        message: string;
        code: number;
        reason: string;
      };
    expect(err('nope')).toMatchObject({ code: 404, reason: 'NotFound', message: 'pods "nope" not found' });
    expect(err('two')).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'a container name must be specified for pod two, choose one of: [a b]',
    });
    expect(err('two', { container: 'c' }).message).toBe('container c is not valid for pod two');
    c.advance(secs(1));
    expect(err('pulling').message).toBe(
      'container "web" in pod "pulling" is waiting to start: ContainerCreating',
    );
    c.advance(secs(8));
    expect(err('bad').message).toBe(
      'container "web" in pod "bad" is waiting to start: image can\'t be pulled',
    );
    c.advance(secs(10));
    expect(err('two', { container: 'a', previous: 'true' }).message).toBe(
      'previous terminated container "a" in pod "two" not found',
    );
  });

  it("--previous shows the last terminated container's output", () => {
    const c = kubeletCluster();
    c.createPod('crash', {
      containers: [
        { name: 'c', image: 'busybox:1.36.1', command: ['sh', '-c', 'echo "boom at $(date +%s)"; exit 1'] },
      ],
    });
    c.advance(secs(20));
    const prev = c.call<string>('GET', `${LOG}/crash/log`, undefined, undefined, { previous: 'true' });
    expect(prev).toMatch(/^boom at \d+\n$/);
  });

  it('follow: the backlog, then new lines as they come; the stream ends when the container stops', async () => {
    const c = kubeletCluster();
    running(c, 'ticker', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo tick $i; sleep 2; done'],
        },
      ],
    });
    const s = await c.stream(`${LOG}/ticker/log`, { follow: 'true' });
    expect(s.ok).toBe(true);
    c.advance(100);
    const first = s.text();
    expect(first).toMatch(/^tick 1\n/);
    c.advance(secs(12));
    expect(s.text()).toBe('tick 1\ntick 2\ntick 3\ntick 4\ntick 5\n');
    expect(s.end()).toMatchObject({ status: 'Success' });
  });
});

describe('pods/exec', () => {
  it('runs a command: output and exit status', async () => {
    const c = kubeletCluster();
    running(c, 'bb', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sleep', '3600'],
          env: [{ name: 'GREETING', value: 'hi' }],
        },
      ],
    });
    const s = await c.stream(
      `${LOG}/bb/exec`,
      {},
      { command: ['sh', '-c', 'echo $GREETING from $(hostname); ls /'] },
    );
    c.advance(10);
    expect(s.text()).toBe('hi from bb\nbin\ndev\netc\nhome\nlib\nlib64\nproc\nroot\nsys\ntmp\nusr\nvar\n');
    expect(s.end()).toMatchObject({ status: 'Success' });
    const f = await c.stream(`${LOG}/bb/exec`, {}, { command: ['sh', '-c', 'exit 3'] });
    c.advance(10);
    expect(f.end()).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
      details: { causes: [{ reason: 'ExitCode', message: '3' }] },
    });
  });

  it('an image without a shell: the OCI runtime exec error', async () => {
    const c = kubeletCluster();
    running(c, 'hello', { containers: [{ name: 'hello-server', image: 'blux2/hello-server:1.0' }] });
    const s = await c.stream(`${LOG}/hello/exec`, {}, { command: ['sh'], stdin: true, tty: true });
    c.advance(10);
    const end = s.end() as { message: string; reason: string; code: number };
    expect(end.reason).toBe('InternalError');
    expect(end.message).toMatch(
      /^Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in \$PATH: unknown$/,
    );
  });

  it('an interactive shell, line by line (-it sh): prompt, echo, commands, Ctrl-D', async () => {
    const c = kubeletCluster();
    running(c, 'bb', { containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sleep', '3600'] }] });
    const s = await c.stream(`${LOG}/bb/exec`, {}, { command: ['sh'], stdin: true, tty: true });
    c.advance(10);
    expect(s.text()).toBe('/ # ');
    const session = (s.events[0]!.object as { metadata: { name: string } }).metadata.name;
    const send = (body: Record<string, unknown>) =>
      c.call('POST', `${LOG}/bb/exec`, body, undefined, { session });
    send({ stdin: 'cd /etc\n' });
    send({ stdin: 'cat hostname\n' });
    c.advance(10);
    expect(s.text()).toBe('/ # cd /etc\n/etc # cat hostname\nbb\n/etc # ');
    send({ stdin: 'sleep 100\n' });
    c.advance(secs(1));
    send({ signal: 'SIGINT' });
    c.advance(10);
    expect(s.text().endsWith('sleep 100\n^C\n/etc # ')).toBe(true);
    // the interrupted command's status (130) is the shell's if it exits now; ^D after a success exits 0
    send({ stdin: 'echo $?\n' });
    c.advance(10);
    expect(s.text().endsWith('echo $?\n130\n/etc # ')).toBe(true);
    send({ eof: true });
    c.advance(10);
    expect(s.end()).toMatchObject({ status: 'Success' });
    // no session → the real API's answer to a plain request
    expect((c.raw('POST', `${LOG}/bb/exec`).body as { message: string }).message).toBe(
      'Upgrade request required',
    );
  });

  it('exec into a container that is not running', async () => {
    const c = kubeletCluster();
    c.createPod('done', {
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['true'] }],
    });
    c.advance(secs(10));
    const s = await c.stream(`${LOG}/done/exec`, {}, { command: ['ls'] });
    expect(s.ok).toBe(false);
    expect((s.response as { message: string }).message).toBe(
      'cannot exec into a container in a completed pod; current phase is Succeeded',
    );
  });
});

describe('pods/attach', () => {
  it('kubectl run -it: attach to PID 1 with stdin and a tty', async () => {
    const c = kubeletCluster();
    running(c, 'shell', { containers: [{ name: 'shell', image: 'busybox:1.36.1', stdin: true, tty: true }] });
    const s = await c.stream(`${LOG}/shell/attach`, { stdin: 'true', tty: 'true' });
    const session = (s.events[0]!.object as { metadata: { name: string } }).metadata.name;
    c.call('POST', `${LOG}/shell/attach`, { stdin: 'echo hello\n' }, undefined, { session });
    c.advance(100);
    expect(s.text()).toContain('hello');
    c.call('POST', `${LOG}/shell/attach`, { stdin: 'exit\n' }, undefined, { session });
    c.advance(secs(2));
    expect(s.end()).toMatchObject({ status: 'Success' });
  });
});

describe('pods/ephemeralcontainers (kubectl debug)', () => {
  it("adds a debug container that shares the target's processes", async () => {
    const c = kubeletCluster();
    running(c, 'hello', { containers: [{ name: 'hello-server', image: 'blux2/hello-server:1.0' }] });
    const patch = {
      spec: {
        ephemeralContainers: [
          {
            name: 'debugger-x7k2p',
            image: 'busybox:1.28',
            stdin: true,
            tty: true,
            targetContainerName: 'hello-server',
          },
        ],
      },
    };
    c.call('PATCH', `${LOG}/hello/ephemeralcontainers`, patch, 'application/strategic-merge-patch+json');
    c.until(() => !!c.pod('hello')!.status!.ephemeralContainerStatuses?.[0]?.state?.running, secs(20));
    const ev = c
      .events('hello')
      .filter((e) => e.fieldPath === 'spec.ephemeralContainers{debugger-x7k2p}')
      .map((e) => e.reason);
    expect(ev).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    const s = await c.stream(`${LOG}/hello/exec`, { container: 'debugger-x7k2p' }, { command: ['ps'] });
    c.advance(10);
    expect(s.text()).toMatch(/^PID {3}USER {5}TIME {2}COMMAND\n {4}1 root {6}0:00 \/hello\n/);
    // existing ephemeral containers cannot change
    const bad = c.raw(
      'PATCH',
      `${LOG}/hello/ephemeralcontainers`,
      { spec: { ephemeralContainers: [{ name: 'debugger-x7k2p', image: 'busybox:1.36.1' }] } },
      undefined,
      'application/strategic-merge-patch+json',
    );
    expect(bad.status).toBe(422);
    expect((bad.body as { message: string }).message).toContain(
      'existing ephemeral containers "debugger-x7k2p" may not be changed',
    );
  });
});
