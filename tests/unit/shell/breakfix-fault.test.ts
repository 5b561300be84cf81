/**
 * `breakfix fault`: the terminal's way to break things below the API (kill a container, fail a
 * probe, stop a kubelet or a whole node). It talks to the Breakfix `faults` subresources through
 * the API client, like every other command; errors name the missing target.
 */
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../src/api/io';
import { createCluster } from '../../../src/engine/index';
import { defaultKubeconfig } from '../../../src/kubectl/kubeconfig';
import { breakfix } from '../../../src/shell/builtins/breakfix';
import { MemoryFS } from '../../../src/shell/fs';

function setup() {
  const cluster = createCluster({ preset: 'multinode' });
  const fs = new MemoryFS('/root');
  fs.writeFile('/root/.kube/config', defaultKubeconfig(cluster.preset.name));
  const run = async (...args: string[]) => {
    const out = { text: '' };
    const ctx: CommandContext = {
      client: cluster.client,
      args,
      stdin: '',
      stdout: (t) => (out.text += t),
      stderr: (t) => (out.text += t),
      fs,
      env: { HOME: '/root' },
      now: () => cluster.now(),
      sleep: async () => {},
      signal: new AbortController().signal,
      editor: { edit: async () => null },
      tty: false,
    };
    const code = await breakfix(ctx, {} as never);
    cluster.settle();
    return { out: out.text, code };
  };
  const get = async <T>(path: string) => (await cluster.client.request({ method: 'GET', path })).body as T;
  return { cluster, run, get };
}

type PodLike = {
  spec: { nodeName: string };
  status: {
    containerStatuses?: { restartCount: number; lastState?: { terminated?: { exitCode: number } } }[];
    conditions?: { type: string; status: string }[];
  };
};

async function runningPod(t: ReturnType<typeof setup>, name: string, spec: Record<string, unknown>) {
  await t.cluster.client.request({
    method: 'POST',
    path: '/api/v1/namespaces/default/pods',
    body: { apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec },
  });
  t.cluster.advance(30_000);
  return t.get<PodLike>(`/api/v1/namespaces/default/pods/${name}`);
}

describe('breakfix fault', () => {
  it('prints its usage; rejects unknown faults, flags and targets', async () => {
    const t = setup();
    const help = await t.run('fault', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('breakfix fault stop-kubelet NODE');
    expect(await t.run('fault')).toMatchObject({ code: 1 });
    const unknown = await t.run('fault', 'explode', 'x');
    expect(unknown.code).toBe(1);
    expect(unknown.out).toMatch(/^breakfix fault: unknown fault "explode"\n/);
    expect((await t.run('fault', 'kill-container', 'nope')).out).toMatch(
      /^breakfix fault kill-container: pods "nope" not found\n$/,
    );
    expect((await t.run('fault', 'stop-node', 'nope')).out).toBe(
      'breakfix fault stop-node: nodes "nope" not found\n',
    );
    expect((await t.run('fault', 'kill-container', 'p', '--signal', 'HUP')).out).toMatch(
      /unsupported signal "HUP"/,
    );
    expect((await t.run('fault', 'fail-probe', 'p', 'liveness')).out).toMatch(/-c CONTAINER is required/);
    expect((await t.run('fault', 'stop-kubelet', 'n', '-c', 'x')).out).toMatch(/a node fault takes no flags/);
  });

  it('kill-container and crash: the kubelet restarts the container with the exit code recorded', async () => {
    const t = setup();
    await runningPod(t, 'web', { containers: [{ name: 'nginx', image: 'nginx:1.25.3' }] });
    expect(await t.run('fault', 'kill-container', 'web')).toEqual({
      out: 'pod/web: container (default) killed (SIGKILL)\n',
      code: 0,
    });
    t.cluster.advance(20_000);
    let p = await t.get<PodLike>('/api/v1/namespaces/default/pods/web');
    expect(p.status.containerStatuses![0]!.restartCount).toBe(1);
    expect(p.status.containerStatuses![0]!.lastState!.terminated!.exitCode).toBe(137);
    expect((await t.run('fault', 'crash', 'pod/web', '-c', 'nginx', '--exit-code', '3')).code).toBe(0);
    t.cluster.advance(30_000);
    p = await t.get<PodLike>('/api/v1/namespaces/default/pods/web');
    expect(p.status.containerStatuses![0]!.restartCount).toBe(2);
    expect(p.status.containerStatuses![0]!.lastState!.terminated!.exitCode).toBe(3);
    expect((await t.run('fault', 'kill-container', 'web', '-c', 'sidecar')).out).toMatch(
      /container "sidecar" of pod default\/web has not been created/,
    );
  });

  it('fail-probe / clear-probe: readiness fails, the pod turns not ready, then ready again', async () => {
    const t = setup();
    await runningPod(t, 'ready', {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.25.3',
          readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 },
        },
      ],
    });
    const ready = async () =>
      (await t.get<PodLike>('/api/v1/namespaces/default/pods/ready')).status.conditions!.find(
        (c) => c.type === 'Ready',
      )!.status;
    expect(await ready()).toBe('True');
    expect((await t.run('fault', 'fail-probe', 'ready', '-c', 'nginx', 'readiness')).out).toBe(
      'pod/ready: readiness probe of container nginx fails from now on\n',
    );
    t.cluster.advance(20_000);
    expect(await ready()).toBe('False');
    expect((await t.run('fault', 'clear-probe', 'ready', '-c', 'nginx', 'readiness')).code).toBe(0);
    t.cluster.advance(10_000);
    expect(await ready()).toBe('True');
    expect((await t.run('fault', 'fail-probe', 'ready', '-c', 'nginx', 'liveness')).out).toMatch(
      /has no liveness probe/,
    );
  });

  it('stop-kubelet / start-kubelet: the node goes NotReady after the grace period and comes back', async () => {
    const t = setup();
    const W = 'kind-multinode-worker';
    expect(await t.run('fault', 'stop-kubelet', W)).toEqual({
      out: `node/${W}: kubelet stopped (containers keep running)\n`,
      code: 0,
    });
    const ready = async () =>
      (
        await t.get<{ status: { conditions: { type: string; status: string }[] } }>(`/api/v1/nodes/${W}`)
      ).status.conditions.find((c) => c.type === 'Ready')!.status;
    t.cluster.advance(70_000);
    expect(await ready()).toBe('Unknown');
    expect((await t.run('fault', 'start-kubelet', `node/${W}`)).code).toBe(0);
    t.cluster.advance(5_000);
    expect(await ready()).toBe('True');
  });
});
