/**
 * Node operations from the terminal: `kubectl taint`, `cordon`, `uncordon`, `drain` (not simulated
 * yet) against a simulated multinode cluster, and the host command `breakfix why`.
 */
import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../../src/api/io';
import { createCluster } from '../../../../src/engine/index';
import { runKubectl } from '../../../../src/kubectl/index';
import { defaultKubeconfig } from '../../../../src/kubectl/kubeconfig';
import { parseTaints, reorganizeTaints } from '../../../../src/kubectl/commands/taint';
import { breakfix } from '../../../../src/shell/builtins/breakfix';
import { MemoryFS } from '../../../../src/shell/fs';

const W = 'kind-multinode-worker';

function setup() {
  const cluster = createCluster({ preset: 'multinode' });
  const fs = new MemoryFS('/root');
  fs.writeFile('/root/.kube/config', defaultKubeconfig(cluster.preset.name));
  const ctx = (args: string[], out: { text: string }): CommandContext => ({
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
  });
  const kubectl = async (line: string) => {
    const out = { text: '' };
    const code = await runKubectl(ctx(line.split(' '), out));
    cluster.settle();
    return { out: out.text, code };
  };
  const why = async (...args: string[]) => {
    const out = { text: '' };
    const code = await breakfix(ctx(args, out), {} as never);
    return { out: out.text, code };
  };
  const node = async () =>
    (await cluster.client.request({ method: 'GET', path: `/api/v1/nodes/${W}` })).body as {
      spec: { taints?: unknown[]; unschedulable?: boolean };
    };
  return { cluster, kubectl, why, node };
}

describe('kubectl taint', () => {
  it('adds, refuses a duplicate without --overwrite, modifies, removes by key:effect and by key', async () => {
    const t = setup();
    expect(await t.kubectl(`taint nodes ${W} disktype=ssd:NoSchedule`)).toEqual({
      out: `node/${W} tainted\n`,
      code: 0,
    });
    expect((await t.node()).spec.taints).toEqual([{ key: 'disktype', value: 'ssd', effect: 'NoSchedule' }]);
    expect(await t.kubectl(`taint nodes ${W} disktype=ssd:NoSchedule`)).toEqual({
      out: `error: node ${W} already has disktype taint(s) with same effect(s) and --overwrite is false\n`,
      code: 1,
    });
    expect((await t.kubectl(`taint nodes ${W} disktype=hdd:NoSchedule --overwrite`)).out).toBe(
      `node/${W} modified\n`,
    );
    expect((await t.kubectl(`taint node ${W} dedicated=gpu:NoExecute`)).out).toBe(`node/${W} tainted\n`);
    expect((await t.kubectl(`taint nodes ${W} disktype:NoSchedule-`)).out).toBe(`node/${W} untainted\n`);
    expect((await t.kubectl(`taint nodes ${W} dedicated-`)).out).toBe(`node/${W} untainted\n`);
    expect((await t.node()).spec.taints).toBeUndefined();
    expect(await t.kubectl(`taint nodes ${W} dedicated-`)).toEqual({
      out: 'error: taint "dedicated" not found\n',
      code: 1,
    });
  });

  it('errors as kubectl prints them', async () => {
    const t = setup();
    expect((await t.kubectl(`taint nodes ${W} a=b:Bad`)).out).toBe(
      "error: invalid taint effect: Bad, unsupported taint effect\nSee 'kubectl taint -h' for help and examples\n",
    );
    expect((await t.kubectl('taint pods x a=b:NoSchedule')).out).toBe(
      'error: invalid resource type pods, only ["node" "nodes"] are supported\n',
    );
    expect((await t.kubectl(`taint nodes ${W}`)).out).toBe('error: at least one taint update is required\n');
    expect((await t.kubectl('taint nodes a=b:NoSchedule')).out).toBe(
      "error: at least one resource name must be specified since 'all' parameter is not set\n",
    );
    expect((await t.kubectl(`taint nodes ${W} a=b:NoSchedule a-`)).out).toBe(
      'error: can not both modify and remove the following taint(s) in the same command: {"a":""}\n',
    );
    expect((await t.kubectl('taint nodes nope a=b:NoSchedule')).out).toBe(
      'Error from server (NotFound): nodes "nope" not found\n',
    );
    expect((await t.kubectl(`taint nodes ${W} a=b:NoSchedule x`)).out).toBe(
      'error: all resources must be specified before taint changes: x\n',
    );
  });

  it('--all and -l select nodes; --dry-run=client changes nothing', async () => {
    const t = setup();
    expect((await t.kubectl('taint nodes --all team=a:PreferNoSchedule')).out).toBe(
      'node/kind-multinode-control-plane tainted\nnode/kind-multinode-worker tainted\nnode/kind-multinode-worker2 tainted\n',
    );
    expect((await t.kubectl(`taint nodes ${W} x=1:NoExecute --dry-run=client`)).out).toBe(
      `node/${W} tainted (dry run)\n`,
    );
    expect((await t.node()).spec.taints).toEqual([{ key: 'team', value: 'a', effect: 'PreferNoSchedule' }]);
  });

  it('parseTaints / reorganizeTaints follow kubectl', () => {
    expect(parseTaints(['a=b:NoSchedule', 'c:NoExecute', 'd-', 'e:PreferNoSchedule-'])).toEqual({
      add: [
        { key: 'a', value: 'b', effect: 'NoSchedule' },
        { key: 'c', effect: 'NoExecute' },
      ],
      remove: [{ key: 'd' }, { key: 'e', effect: 'PreferNoSchedule' }],
    });
    expect(() => parseTaints(['a=b'])).toThrow('invalid taint spec: a=b');
    const r = reorganizeTaints(
      [{ key: 'x', effect: 'NoSchedule' }],
      false,
      [{ key: 'y', effect: 'NoSchedule' }],
      [],
    );
    expect(r).toMatchObject({ operation: 'tainted', taints: [{ key: 'y' }, { key: 'x' }] });
  });
});

describe('kubectl cordon / uncordon / drain', () => {
  it('cordons and uncordons, idempotently', async () => {
    const t = setup();
    expect((await t.kubectl(`cordon ${W}`)).out).toBe(`node/${W} cordoned\n`);
    expect((await t.node()).spec.unschedulable).toBe(true);
    expect((await t.kubectl(`cordon ${W}`)).out).toBe(`node/${W} already cordoned\n`);
    expect((await t.kubectl(`uncordon ${W}`)).out).toBe(`node/${W} uncordoned\n`);
    expect((await t.node()).spec.unschedulable).toBeUndefined();
    expect((await t.kubectl(`uncordon ${W}`)).out).toBe(`node/${W} already uncordoned\n`);
    expect(await t.kubectl('cordon')).toEqual({
      out: "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n",
      code: 1,
    });
  });

  it('drain says it is not simulated yet', async () => {
    const t = setup();
    const r = await t.kubectl(`drain ${W} --ignore-daemonsets`);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^error: kubectl drain is not simulated in Breakfix yet: .*PodDisruptionBudgets/);
  });
});

describe('breakfix why', () => {
  it('explains a Pending pod node by node, and where a running one went', async () => {
    const t = setup();
    const pod = (name: string, spec: Record<string, unknown> = {}) =>
      t.cluster.client.request({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods',
        body: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name },
          spec: { containers: [{ name: 'c', image: 'nginx:1.25.3' }], ...spec },
        },
      });
    await pod('pending', { nodeSelector: { disktype: 'ssd' } });
    await pod('web');
    t.cluster.settle();
    const pending = await t.why('why', 'pod/pending');
    expect(pending.code).toBe(0);
    expect(pending.out).toContain(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.",
    );
    expect(pending.out).toMatch(
      /kind-multinode-worker +rejected +NodeAffinity +node\(s\) didn't match Pod's node affinity\/selector/,
    );
    const web = await t.why('why', 'pod/web', '-n', 'default');
    expect(web.out).toMatch(/^pod\/web in default: attempt 1 at .*: scheduled to kind-multinode-worker2?\n/);
    expect(web.out).toContain('TaintToleration×3');
    expect(await t.why('why', 'pod/none')).toEqual({ out: 'breakfix why: pods "none" not found\n', code: 1 });
    expect((await t.why('why', 'web')).code).toBe(1);
    const json = JSON.parse((await t.why('why', 'pod/web', '-o', 'json')).out) as { kind: string };
    expect(json.kind).toBe('SchedulingDecisionList');
  });
});
