/**
 * PodTopologySpread: the skew rule of DoNotSchedule constraints (with minDomains and the node
 * inclusion policies), ScheduleAnyway scoring (count × log(domains + 2) + maxSkew − 1, then
 * 100 × (max + min − score) / max), and the system default constraints.
 */
import type { Pod, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, type Status } from '../../../../src/engine/scheduler/framework/types';
import { PodInfo, type NodeInfo } from '../../../../src/engine/scheduler/framework/node-info';
import { PodTopologySpread } from '../../../../src/engine/scheduler/plugins/pod-topology-spread';
import { handleFor, node, nodeInfo, pod } from './helpers';

const web = { app: 'web' };
const zoneNode = (name: string, zone?: string, extra: Parameters<typeof node>[1] = {}) =>
  node(name, { ...extra, labels: { ...(zone ? { zone } : {}), ...extra.labels } });
const spread = (c: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew: 1,
  topologyKey: 'zone',
  whenUnsatisfiable: 'DoNotSchedule',
  labelSelector: { matchLabels: web },
  ...c,
});
const spreadPod = (
  c: Partial<TopologySpreadConstraint> = {},
  extra: Partial<NonNullable<Pod['spec']>> = {},
) => pod({ labels: web, spec: { topologySpreadConstraints: [spread(c)], ...extra } });
const reason = (s: Status | null) => (s ? `${s.code}:${s.reasons.join(', ')}` : 'ok');

function filter(nodes: NodeInfo[], p: Pod): string[] {
  const pl = new PodTopologySpread(handleFor(nodes));
  const s = new CycleState();
  const pi = new PodInfo(p);
  const [, st] = pl.preFilter(s, pi);
  if (st?.isSkip()) return nodes.map(() => 'skip');
  return nodes.map((n) => reason(pl.filter(s, pi, n)));
}

describe('PodTopologySpread: Filter', () => {
  it('matching pods in the domain + self − global minimum ≤ maxSkew', () => {
    const nodes = [
      nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web }), pod({ labels: web })]),
      nodeInfo(zoneNode('b1', 'b'), [pod({ labels: web })]),
      nodeInfo(zoneNode('c1', 'c'), [pod({ labels: { app: 'other' } })]),
    ];
    // counts a=2, b=1, c=0: min 0 → a: 2+1−0=3 > 1, b: 1+1=2 > 1, c: 0+1 = 1 ok
    expect(filter(nodes, spreadPod())).toEqual([
      "2:node(s) didn't match pod topology spread constraints",
      "2:node(s) didn't match pod topology spread constraints",
      'ok',
    ]);
    expect(filter(nodes, spreadPod({ maxSkew: 2 }))).toEqual([
      "2:node(s) didn't match pod topology spread constraints",
      'ok',
      'ok',
    ]);
  });

  it("a node without the topology label is unresolvable (the book's `zone` key on kind)", () => {
    const nodes = [nodeInfo(zoneNode('w1')), nodeInfo(zoneNode('w2'))];
    expect(filter(nodes, spreadPod())).toEqual([
      "3:node(s) didn't match pod topology spread constraints (missing required label)",
      "3:node(s) didn't match pod topology spread constraints (missing required label)",
    ]);
  });

  it('a pod that does not match its own selector does not count itself', () => {
    const nodes = [nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web })]), nodeInfo(zoneNode('b1', 'b'))];
    const p = pod({ labels: { app: 'x' }, spec: { topologySpreadConstraints: [spread()] } });
    expect(filter(nodes, p)).toEqual(['ok', 'ok']); // 1 + 0 − 0 ≤ 1
  });

  it('minDomains: with fewer eligible domains the global minimum is 0', () => {
    const nodes = [
      nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web })]),
      nodeInfo(zoneNode('b1', 'b'), [pod({ labels: web })]),
    ];
    expect(filter(nodes, spreadPod())).toEqual(['ok', 'ok']); // 1+1−1 = 1
    expect(filter(nodes, spreadPod({ minDomains: 3 }))).toEqual([
      "2:node(s) didn't match pod topology spread constraints",
      "2:node(s) didn't match pod topology spread constraints",
    ]); // 1+1−0 = 2
  });

  it('nodeAffinityPolicy Honor (default) counts only nodes the pod may use; Ignore counts all', () => {
    const nodes = [
      nodeInfo(zoneNode('a1', 'a', { labels: { pool: 'x' } }), [pod({ labels: web })]),
      nodeInfo(zoneNode('b1', 'b', { labels: { pool: 'y' } })),
    ];
    const sel = { nodeSelector: { pool: 'x' } };
    // Honor: zone b is not eligible → only domain a (count 1) → min 1 → a: 1+1−1 = 1 ok
    expect(filter(nodes, spreadPod({}, sel))[0]).toBe('ok');
    // Ignore: domains a=1, b=0 → min 0 → a: 2 > 1
    expect(filter(nodes, spreadPod({ nodeAffinityPolicy: 'Ignore' }, sel))[0]).toMatch(/^2:/);
  });

  it('nodeTaintsPolicy Honor leaves out tainted nodes the pod does not tolerate', () => {
    const taint = [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' as const }];
    const nodes = [
      nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web })]),
      nodeInfo(zoneNode('b1', 'b', { taints: taint })),
    ];
    expect(filter(nodes, spreadPod())[0]).toMatch(/^2:/); // Ignore: b counts with 0 → min 0
    expect(filter(nodes, spreadPod({ nodeTaintsPolicy: 'Honor' }))[0]).toBe('ok');
  });

  it('no DoNotSchedule constraint: Skip', () => {
    expect(
      filter([nodeInfo(zoneNode('a1', 'a'))], spreadPod({ whenUnsatisfiable: 'ScheduleAnyway' })),
    ).toEqual(['skip']);
  });
});

describe('PodTopologySpread: Score', () => {
  function score(nodes: NodeInfo[], p: Pod, pl = new PodTopologySpread(handleFor(nodes))): number[] | 'skip' {
    const s = new CycleState();
    const pi = new PodInfo(p);
    const st = pl.preScore(s, pi, nodes);
    if (st?.isSkip()) return 'skip';
    const scores = new Float64Array(nodes.map((n) => pl.score(s, pi, n)));
    pl.normalizeScore(s, pi, scores, nodes);
    return [...scores];
  }

  it('count × log(domains + 2) + (maxSkew − 1), normalized as 100 × (max + min − s) / max', () => {
    const nodes = [
      nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web }), pod({ labels: web })]),
      nodeInfo(zoneNode('b1', 'b'), [pod({ labels: web })]),
      nodeInfo(zoneNode('c1', 'c')),
    ];
    // raw: round(2·ln 5) = 3, round(1·ln 5) = 2, 0 → min 0, max 3 → 100·(3+0−s)/3 → 0, 33, 100
    expect(score(nodes, spreadPod({ whenUnsatisfiable: 'ScheduleAnyway' }))).toEqual([0, 33, 100]);
  });

  it('nodes without the key are ignored (score 0) for pods with their own constraints', () => {
    const nodes = [nodeInfo(zoneNode('a1', 'a'), [pod({ labels: web })]), nodeInfo(zoneNode('x'))];
    // a1 raw round(1·ln 3) = 1 → max 1, min 1 → 100·(1+1−1)/1 = 100; x ignored → 0
    expect(score(nodes, spreadPod({ whenUnsatisfiable: 'ScheduleAnyway' }))).toEqual([100, 0]);
  });

  it('system defaults apply to pods a Service selects: hostname maxSkew 3, zone maxSkew 5', () => {
    const nodes = [nodeInfo(node('w1'), [pod({ labels: web }), pod({ labels: web })]), nodeInfo(node('w2'))];
    const handle = handleFor(nodes, {
      services: () => [{ metadata: { name: 'web' }, spec: { selector: web } }],
    });
    const pl = new PodTopologySpread(handle);
    // hostname: count × ln(2 + 2) + 2; zone: no node has it → skipped in Score.
    // w1: 2·1.386 + 2 = 4.77 → 5; w2: 0 + 2 = 2 → 100·(5+2−s)/5 → 40, 100
    expect(score(nodes, pod({ labels: web }), pl)).toEqual([40, 100]);
    // Without a Service, ReplicaSet or StatefulSet selecting it, nothing to spread.
    expect(score(nodes, pod({ labels: web }))).toBe('skip');
  });

  it('the owning ReplicaSet selector is used', () => {
    const nodes = [nodeInfo(node('w1'), [pod({ labels: web })]), nodeInfo(node('w2'))];
    const handle = handleFor(nodes, {
      replicaSet: (_ns, name) =>
        name === 'rs'
          ? ({ metadata: { name: 'rs' }, spec: { selector: { matchLabels: web }, template: {} } } as never)
          : undefined,
    });
    const owned = pod({
      labels: web,
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u', controller: true },
      ],
    });
    const pl = new PodTopologySpread(handle);
    expect(pl.defaultSelector(owned).toString()).toBe('app=web');
    expect(score(nodes, owned, pl)).toEqual([Math.trunc((100 * (3 + 2 - 3)) / 3), 100]);
  });
});
