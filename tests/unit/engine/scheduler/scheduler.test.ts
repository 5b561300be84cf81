/**
 * The scheduler end to end: binding through `pods/<name>/binding`, the `Scheduled` event, node
 * choice, percentageOfNodesToScore, and the decision record through its API.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import { numFeasibleNodesToFind, selectHost } from '../../../../src/engine/scheduler/schedule-one';
import { Rand } from '../../../../src/engine/rand';
import { eventsFor, newEnv, node, nodeInfo, pod, podOf, scheduledCondition } from './helpers';

describe('binding', () => {
  it('binds through pods/<name>/binding: nodeName, PodScheduled=True, a `Scheduled` event from default-scheduler', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'web' }));
    env.settle();
    const p = podOf(env, 'web')!;
    expect(p.spec!.nodeName).toBe('w1');
    expect(scheduledCondition(p)).toEqual({
      type: 'PodScheduled',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: expect.any(String),
    });
    const ev = eventsFor(env, 'web');
    expect(ev.map((e) => [e.type, e.reason, e.message])).toEqual([
      ['Normal', 'Scheduled', 'Successfully assigned default/web to w1'],
    ]);
    expect(ev[0]).toMatchObject({
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      firstTimestamp: null,
      source: {},
    });
  });

  it('the binding subresource refuses bound, deleting and gated pods, and mismatched names', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'a', nodeName: 'w1' }));
    env.createPod(pod({ name: 'g', spec: { schedulingGates: [{ name: 'x' }] } }));
    env.settle();
    const bind = (name: string, body: unknown) =>
      env.server.handle({ method: 'POST', path: `/api/v1/namespaces/default/pods/${name}/binding`, body });
    const binding = (name: string, target = 'w1') => ({
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name },
      target: { kind: 'Node', name: target },
    });
    expect(bind('a', binding('a')).body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: 'Operation cannot be fulfilled on pods/binding "a": pod a is already assigned to node "w1"',
    });
    expect(bind('g', binding('g')).body).toMatchObject({
      code: 409,
      message: 'Operation cannot be fulfilled on pods/binding "g": pod g has non-empty .spec.schedulingGates',
    });
    expect(bind('a', binding('b')).body).toMatchObject({
      code: 400,
      message: 'name in URL does not match name in Binding object',
    });
    expect(bind('nope', binding('nope')).body).toMatchObject({ code: 404, message: 'pods "nope" not found' });
    expect(bind('a', { metadata: { name: 'a' }, target: { kind: 'Pod', name: '' } }).body).toMatchObject({
      code: 500,
    });
  });
});

describe('choosing a node', () => {
  it('spreads identical pods over identical nodes (LeastAllocated), deterministically for a seed', () => {
    const run = (seed: number) => {
      const env = newEnv(seed);
      for (const n of ['w1', 'w2', 'w3']) env.createNode(node(n));
      for (let i = 0; i < 6; i++) env.createPod(pod({ name: `p${i}`, cpu: '500m', memory: '512Mi' }));
      env.settle();
      return [0, 1, 2, 3, 4, 5].map((i) => podOf(env, `p${i}`)!.spec!.nodeName);
    };
    const a = run(1);
    expect(a).toEqual(run(1));
    for (const n of ['w1', 'w2', 'w3']) expect(a.filter((x) => x === n).length).toBe(2);
  });

  it('percentageOfNodesToScore: all nodes below 100, else max(100, n × (50 − n/125)%) with at least 5%', () => {
    expect(numFeasibleNodesToFind(0, 3)).toBe(3);
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 500)).toBe(230); // 46%
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500); // 10%
    expect(numFeasibleNodesToFind(0, 10000)).toBe(500); // 5%
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(30, 1000)).toBe(300);
    expect(numFeasibleNodesToFind(1, 1000)).toBe(100);
  });

  it('selectHost picks among the highest totals with one draw per further tie', () => {
    const nodes = ['a', 'b', 'c', 'd'].map((n) => nodeInfo(node(n)));
    const picks = new Set<string>();
    const rand = new Rand(7);
    for (let i = 0; i < 50; i++) picks.add(selectHost(nodes, new Float64Array([5, 9, 9, 1]), rand));
    expect([...picks].sort()).toEqual(['b', 'c']);
    expect(selectHost(nodes, new Float64Array([1, 2, 3, 4]), { int: () => 0 })).toBe('d');
  });

  it('with many nodes only enough feasible ones are evaluated, rotating the start', () => {
    const env = newEnv();
    for (let i = 0; i < 200; i++) env.createNode(node(`n${i}`));
    env.createPod(pod({ name: 'a' }));
    env.createPod(pod({ name: 'b' }));
    env.settle();
    const [ra] = env.scheduler.decisions.forPod('default', 'a');
    const [rb] = env.scheduler.decisions.forPod('default', 'b');
    expect(ra!.evaluated!.count).toBe(numFeasibleNodesToFind(0, 200)); // 200 × 49% = 98 → 100
    expect(ra!.notEvaluatedReason).toMatch(/^100 node\(s\) not evaluated/);
    expect([ra!.evaluated!.nameAt(0), ra!.evaluated!.names().at(-1)]).toEqual(['n0', 'n99']);
    expect(rb!.evaluated!.nameAt(0)).toBe('n100');
  });
});

describe('decision record API', () => {
  it('GET pods/<name>/schedulingdecisions: per node the filter verdicts, per plugin the scores', () => {
    const env = newEnv();
    env.createNode(
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    );
    env.createNode(node('w1', { cpu: '2' }));
    env.createNode(node('w2', { cpu: '4' }));
    env.createPod(pod({ name: 'web', cpu: '500m' }));
    env.settle();
    const res = env.server.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/web/schedulingdecisions',
    });
    expect(res.status).toBe(200);
    const body = res.body as {
      apiVersion: string;
      kind: string;
      items: {
        result: string;
        selectedNode: string;
        nodes: unknown;
        filter: {
          nodes: {
            node: string;
            result: string;
            plugin?: string;
            reasons?: string[];
            plugins: { plugin: string; result: string }[];
          }[];
          skipped: string[];
        };
        score: {
          nodes: {
            node: string;
            total: number;
            plugins: { plugin: string; raw: number; normalized: number; weight: number; weighted: number }[];
          }[];
        };
      }[];
    };
    expect(body.apiVersion).toBe('breakfix.dev/v1alpha1');
    expect(body.kind).toBe('SchedulingDecisionList');
    const item = body.items[0]!;
    expect(item.result).toBe('Scheduled');
    expect(item.selectedNode).toBe('w2');
    expect(item.nodes).toEqual({ total: 3, evaluated: 3, feasible: 2 });
    const cp = item.filter.nodes.find((n) => n.node === 'cp')!;
    expect(cp).toMatchObject({
      result: 'Rejected',
      plugin: 'TaintToleration',
      reasons: ['node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }'],
    });
    expect(cp.plugins.map((p) => p.result)).toEqual([
      'Passed',
      'Passed',
      'Rejected',
      'Skipped',
      'Skipped',
      'NotRun',
      'Skipped',
      'Skipped',
    ]);
    expect(item.score.nodes[0]!.node).toBe('w2');
    const fit = item.score.nodes[0]!.plugins.find((p) => p.plugin === 'NodeResourcesFit')!;
    // w2: cpu (4000 − 500) × 100 / 4000 = 87; memory (8Gi − 0 − 200Mi default) → 97 → (87 + 97) / 2 = 92
    expect(fit).toEqual({ plugin: 'NodeResourcesFit', raw: 92, normalized: 92, weight: 1, weighted: 92 });
    const tt = item.score.nodes[0]!.plugins.find((p) => p.plugin === 'TaintToleration')!;
    expect(tt).toMatchObject({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
    expect(item.score.nodes[0]!.total).toBe(item.score.nodes[0]!.plugins.reduce((s, p) => s + p.weighted, 0));
  });

  it('keeps the attempts of a pending pod, and answers 404 for an unknown pod', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'p', spec: { nodeSelector: { a: 'b' } } }));
    env.settle();
    env.clock.advance(6 * 60_000);
    const res = env.server.handle({
      method: 'GET',
      path: '/api/v1/namespaces/default/pods/p/schedulingdecisions',
    });
    const items = (res.body as { items: { attempt: number; result: string; message: string }[] }).items;
    expect(items.map((i) => [i.attempt, i.result])).toEqual([
      [1, 'Unschedulable'],
      [2, 'Unschedulable'],
    ]);
    expect(items[0]!.message).toBe(
      "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling..",
    );
    expect(
      env.server.handle({ method: 'GET', path: '/api/v1/namespaces/default/pods/nope/schedulingdecisions' })
        .status,
    ).toBe(404);
    expect(
      env.server.handle({
        method: 'POST',
        path: '/api/v1/namespaces/default/pods/p/schedulingdecisions',
        body: {},
      }).status,
    ).toBe(405);
  });

  it('is listed in discovery as a Breakfix subresource, never as a resource', () => {
    const env = newEnv();
    const list = env.call<{ resources: { name: string; kind: string; group?: string; version?: string }[] }>(
      'GET',
      '/api/v1',
    );
    expect(list.resources.find((r) => r.name === 'pods/schedulingdecisions')).toMatchObject({
      kind: 'SchedulingDecisionList',
      group: 'breakfix.dev',
      version: 'v1alpha1',
    });
    expect(list.resources.find((r) => r.name === 'pods/binding')).toMatchObject({ kind: 'Binding' });
  });
});

describe('pods the scheduler leaves alone', () => {
  it('pods with spec.nodeName and pods for another scheduler are not scheduled', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'pinned', nodeName: 'w1' }));
    env.createPod(pod({ name: 'other', spec: { schedulerName: 'my-scheduler' } }));
    env.settle();
    expect(env.scheduler.decisions.size).toBe(0);
    expect((podOf(env, 'other') as Pod).spec!.nodeName).toBeUndefined();
  });
});
