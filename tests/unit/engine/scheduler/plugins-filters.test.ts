/**
 * TaintToleration, NodeUnschedulable, NodeName, NodeAffinity (incl. nodeSelector), NodePorts and
 * InterPodAffinity: Filter verdicts with their exact reasons, and Score as §10.2 describes.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { CycleState, type Status } from '../../../../src/engine/scheduler/framework/types';
import { PodInfo, type NodeInfo } from '../../../../src/engine/scheduler/framework/node-info';
import { toleratesTaint } from '../../../../src/engine/scheduler/framework/helpers';
import { TaintToleration } from '../../../../src/engine/scheduler/plugins/taint-toleration';
import { NodeUnschedulable } from '../../../../src/engine/scheduler/plugins/node-unschedulable';
import { NodeName } from '../../../../src/engine/scheduler/plugins/node-name';
import { NodeAffinity } from '../../../../src/engine/scheduler/plugins/node-affinity';
import { NodePorts } from '../../../../src/engine/scheduler/plugins/node-ports';
import { InterPodAffinity } from '../../../../src/engine/scheduler/plugins/inter-pod-affinity';
import { handleFor, node, nodeInfo, pod } from './helpers';

const reasonOf = (s: Status | null) => (s ? `${s.code}:${s.reasons.join(', ')}` : 'ok');

describe('TaintToleration', () => {
  const tt = new TaintToleration();
  const filter = (p: Pod, ni: NodeInfo) => reasonOf(tt.filter(new CycleState(), new PodInfo(p), ni));

  it('rejects on the first untolerated NoSchedule/NoExecute taint, showing its value', () => {
    const cp = nodeInfo(
      node('cp', { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    );
    expect(filter(pod(), cp)).toBe(
      '3:node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }',
    );
    const gpu = nodeInfo(
      node('g', {
        taints: [
          { key: 'soft', value: 'x', effect: 'PreferNoSchedule' },
          { key: 'dedicated', value: 'gpu', effect: 'NoExecute' },
        ],
      }),
    );
    expect(filter(pod(), gpu)).toBe('3:node(s) had untolerated taint {dedicated: gpu}');
  });

  it('tolerations: Equal (the default) compares values, Exists ignores them, empty key+Exists tolerates all', () => {
    const taint = { key: 'disktype', value: 'ssd', effect: 'NoSchedule' as const };
    expect(toleratesTaint({ key: 'disktype', value: 'ssd', effect: 'NoSchedule' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'disktype', operator: 'Equal', value: 'hdd' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'disktype', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'disktype', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
    const n = nodeInfo(node('n', { taints: [taint] }));
    const p = pod({
      spec: { tolerations: [{ key: 'disktype', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' }] },
    });
    expect(filter(p, n)).toBe('ok');
  });

  it('Score counts intolerable PreferNoSchedule taints, normalized in reverse', () => {
    const soft = (k: string) => ({ key: k, effect: 'PreferNoSchedule' as const });
    const nodes = [
      nodeInfo(node('a')),
      nodeInfo(node('b', { taints: [soft('x')] })),
      nodeInfo(node('c', { taints: [soft('x'), soft('y')] })),
    ];
    const p = new PodInfo(pod({ spec: { tolerations: [{ key: 'y', operator: 'Exists' }] } }));
    const s = new CycleState();
    tt.preScore(s, p, nodes);
    const scores = new Float64Array(nodes.map((n) => tt.score(s, p, n)));
    expect([...scores]).toEqual([0, 1, 1]);
    tt.normalizeScore(s, p, scores);
    expect([...scores]).toEqual([100, 0, 0]);
    const none = new Float64Array([0, 0]);
    tt.normalizeScore(s, p, none);
    expect([...none]).toEqual([100, 100]);
  });
});

describe('NodeUnschedulable and NodeName', () => {
  it('a cordoned node rejects pods unless they tolerate node.kubernetes.io/unschedulable', () => {
    const pl = new NodeUnschedulable();
    const n = nodeInfo(node('n', { unschedulable: true }));
    expect(reasonOf(pl.filter(new CycleState(), new PodInfo(pod()), n))).toBe('3:node(s) were unschedulable');
    const ds = pod({
      spec: {
        tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(pl.filter(new CycleState(), new PodInfo(ds), n)).toBeNull();
  });

  it('spec.nodeName must name the node', () => {
    const pl = new NodeName();
    const p = pod({ nodeName: 'b' });
    expect(reasonOf(pl.filter(new CycleState(), new PodInfo(p), nodeInfo(node('a'))))).toBe(
      "3:node(s) didn't match the requested node name",
    );
    expect(pl.filter(new CycleState(), new PodInfo(p), nodeInfo(node('b')))).toBeNull();
  });
});

describe('NodeAffinity', () => {
  const na = new NodeAffinity();
  const run = (p: Pod, n: NodeInfo) => {
    const s = new CycleState();
    const pi = new PodInfo(p);
    const [, st] = na.preFilter(s, pi);
    if (st?.isSkip()) return 'skip';
    if (st) return reasonOf(st);
    return reasonOf(na.filter(s, pi, n));
  };

  it('nodeSelector: every label must match (the book: disktype: ssd)', () => {
    const p = pod({ spec: { nodeSelector: { disktype: 'ssd' } } });
    expect(run(p, nodeInfo(node('a')))).toBe("3:node(s) didn't match Pod's node affinity/selector");
    expect(run(p, nodeInfo(node('a', { labels: { disktype: 'ssd' } })))).toBe('ok');
    expect(run(pod(), nodeInfo(node('a')))).toBe('skip');
  });

  it('required terms are ORed, expressions ANDed; In/NotIn/Exists/DoesNotExist/Gt/Lt', () => {
    const terms = [
      {
        matchExpressions: [
          { key: 'zone', operator: 'In', values: ['a', 'b'] },
          { key: 'gpu', operator: 'DoesNotExist' },
        ],
      },
      { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] },
    ];
    const p = pod({
      spec: {
        affinity: {
          nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } },
        },
      },
    });
    expect(run(p, nodeInfo(node('n', { labels: { zone: 'a' } })))).toBe('ok');
    expect(run(p, nodeInfo(node('n', { labels: { zone: 'a', gpu: '1' } })))).toMatch(/^3:/);
    expect(run(p, nodeInfo(node('n', { labels: { cores: '16' } })))).toBe('ok');
    expect(run(p, nodeInfo(node('n', { labels: { cores: '8' } })))).toMatch(/^3:/);
  });

  it('metadata.name matchFields narrow the nodes in PreFilter; conflicting terms are unresolvable', () => {
    const byName = (values: string[]) => ({
      matchFields: [{ key: 'metadata.name', operator: 'In', values }],
    });
    const pi = new PodInfo(
      pod({
        spec: {
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [byName(['w1'])] },
            },
          },
        },
      }),
    );
    const [res] = na.preFilter(new CycleState(), pi);
    expect([...(res?.nodeNames ?? [])]).toEqual(['w1']);
  });

  it('Score sums the weights of matching preferred terms, normalized by the highest', () => {
    const p = new PodInfo(
      pod({
        spec: {
          affinity: {
            nodeAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                {
                  weight: 1,
                  preference: { matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] },
                },
                {
                  weight: 3,
                  preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] },
                },
              ],
            },
          },
        },
      }),
    );
    const nodes = [
      nodeInfo(node('ssd', { labels: { disktype: 'ssd' } })),
      nodeInfo(node('both', { labels: { disktype: 'ssd', zone: 'a' } })),
      nodeInfo(node('none')),
    ];
    const s = new CycleState();
    expect(na.preScore(s, p, nodes)).toBeNull();
    const scores = new Float64Array(nodes.map((n) => na.score(s, p, n)));
    expect([...scores]).toEqual([1, 4, 0]);
    na.normalizeScore(s, p, scores);
    expect([...scores]).toEqual([25, 100, 0]);
    expect(na.preScore(new CycleState(), new PodInfo(pod()), nodes)?.isSkip()).toBe(true);
  });
});

describe('NodePorts', () => {
  const np = new NodePorts();
  const withPort = (hostPort: number, hostIP?: string, protocol?: string) =>
    pod({
      spec: {
        containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 80, hostPort, hostIP, protocol }] }],
      },
    });

  it('a host port in use on the node (same protocol, same or 0.0.0.0 IP) rejects the pod', () => {
    const n = nodeInfo(node('n'), [withPort(8080)]);
    const run = (p: Pod) => {
      const s = new CycleState();
      const pi = new PodInfo(p);
      const [, st] = np.preFilter(s, pi);
      return st?.isSkip() ? 'skip' : reasonOf(np.filter(s, pi, n));
    };
    expect(run(withPort(8080))).toBe("2:node(s) didn't have free ports for the requested pod ports");
    expect(run(withPort(8080, '10.0.0.1'))).toMatch(/^2:/);
    expect(run(withPort(8080, undefined, 'UDP'))).toBe('ok');
    expect(run(withPort(9090))).toBe('ok');
    expect(run(pod())).toBe('skip');
  });
});

describe('InterPodAffinity', () => {
  const app = (v: string) => ({ app: v });
  const antiTerm = (labels: Record<string, string>, topologyKey = 'kubernetes.io/hostname') => ({
    labelSelector: { matchLabels: labels },
    topologyKey,
  });
  const withAnti = (labels: Record<string, string>, against: Record<string, string>) =>
    pod({
      labels,
      spec: {
        affinity: {
          podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm(against)] },
        },
      },
    });
  const withAffinity = (labels: Record<string, string>, to: Record<string, string>, topologyKey = 'zone') =>
    pod({
      labels,
      spec: {
        affinity: {
          podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [antiTerm(to, topologyKey)] },
        },
      },
    });

  function filterAll(nodes: NodeInfo[], p: Pod): string[] {
    const ipa = new InterPodAffinity(handleFor(nodes));
    const s = new CycleState();
    const pi = new PodInfo(p);
    const [, st] = ipa.preFilter(s, pi);
    if (st?.isSkip()) return nodes.map(() => 'skip');
    return nodes.map((n) => reasonOf(ipa.filter(s, pi, n)));
  }

  it("the incoming pod's required anti-affinity (the book's hello-server with 3 replicas)", () => {
    const nodes = [
      nodeInfo(node('w1'), [withAnti(app('hello'), app('hello'))]),
      nodeInfo(node('w2'), [withAnti(app('hello'), app('hello'))]),
    ];
    expect(filterAll(nodes, withAnti(app('hello'), app('hello')))).toEqual([
      "2:node(s) didn't match pod anti-affinity rules",
      "2:node(s) didn't match pod anti-affinity rules",
    ]);
  });

  it("existing pods' anti-affinity against the incoming pod", () => {
    const nodes = [nodeInfo(node('w1'), [withAnti(app('db'), app('web'))]), nodeInfo(node('w2'))];
    expect(filterAll(nodes, pod({ labels: app('web') }))).toEqual([
      "2:node(s) didn't satisfy existing pods anti-affinity rules",
      'ok',
    ]);
    expect(filterAll([nodeInfo(node('w1'))], pod({ labels: app('web') }))).toEqual(['skip']);
  });

  it('required affinity: a matching pod in the same domain; the first pod of a self-affine group goes anywhere with the label', () => {
    const z = (zone: string) => ({ zone });
    const nodes = [
      nodeInfo(node('a1', { labels: z('a') }), [pod({ labels: app('cache') })]),
      nodeInfo(node('a2', { labels: z('a') })),
      nodeInfo(node('b1', { labels: z('b') })),
      nodeInfo(node('nolabel')),
    ];
    expect(filterAll(nodes, withAffinity(app('web'), app('cache')))).toEqual([
      'ok',
      'ok',
      "3:node(s) didn't match pod affinity rules",
      "3:node(s) didn't match pod affinity rules",
    ]);
    const empty = [nodeInfo(node('a1', { labels: z('a') })), nodeInfo(node('x'))];
    expect(filterAll(empty, withAffinity(app('cache'), app('cache')))).toEqual([
      'ok',
      "3:node(s) didn't match pod affinity rules",
    ]);
  });

  it('namespaces and namespaceSelector decide which pods a term sees', () => {
    const other = pod({ namespace: 'other', labels: app('db') });
    const nodes = [nodeInfo(node('w1'), [other])];
    // Default: only the incoming pod's own namespace.
    expect(filterAll(nodes, withAnti(app('web'), app('db')))).toEqual(['ok']);
    const bySelector = pod({
      labels: app('web'),
      spec: {
        affinity: {
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { ...antiTerm(app('db')), namespaceSelector: { matchLabels: { name: 'other' } } },
            ],
          },
        },
      },
    });
    const ipa = new InterPodAffinity(
      handleFor(nodes, {
        namespaces: (sel) =>
          [
            { metadata: { name: 'other', labels: { name: 'other' } } },
            { metadata: { name: 'default', labels: { name: 'default' } } },
          ].filter((n) => sel.matches(n.metadata.labels)),
      }),
    );
    const s = new CycleState();
    const pi = new PodInfo(bySelector);
    ipa.preFilter(s, pi);
    expect(reasonOf(ipa.filter(s, pi, nodes[0]!))).toBe("2:node(s) didn't match pod anti-affinity rules");
  });

  it('Score: preferred (anti-)affinity ± weight per matching pod in the domain, normalized min–max', () => {
    const nodes = [
      nodeInfo(node('w1'), [pod({ labels: app('db') }), pod({ labels: app('db') })]),
      nodeInfo(node('w2'), [pod({ labels: app('cache') })]),
      nodeInfo(node('w3')),
    ];
    const p = new PodInfo(
      pod({
        spec: {
          affinity: {
            podAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 10, podAffinityTerm: antiTerm(app('db')) },
              ],
            },
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 5, podAffinityTerm: antiTerm(app('cache')) },
              ],
            },
          },
        },
      }),
    );
    const ipa = new InterPodAffinity(handleFor(nodes));
    const s = new CycleState();
    expect(ipa.preScore(s, p, nodes)).toBeNull();
    const scores = new Float64Array(nodes.map((n) => ipa.score(s, p, n)));
    expect([...scores]).toEqual([20, -5, 0]);
    ipa.normalizeScore(s, p, scores);
    // 100 × (s − min) / (max − min): (20+5)/25 → 100, 0, 5/25 → 20
    expect([...scores]).toEqual([100, 0, 20]);
  });
});
