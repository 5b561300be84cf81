/**
 * The invariant test of issue 5 (fast-check): after any random sequence of pod and node changes,
 *  - no node's summed requests exceed its allocatable (nor its pod count),
 *  - no pod sits on a node whose NoSchedule/NoExecute taints it does not tolerate,
 *  - nodeSelector, required pod (anti-)affinity and DoNotSchedule spread hold for bound pods.
 *
 * Placement rules are checked when each binding reaches the API server (a wrapper around the
 * binding subresource), against the cluster as the API sees it then: later changes such as a new
 * NoSchedule taint legitimately leave running pods where they are. The checker below is written
 * independently of the plugins, from the rules' definitions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Node, Pod, PodAffinityTerm, Toleration } from 'kubernetes-types/core/v1';
import { serveBinding } from '../../../../src/engine/scheduler/binding-rest';
import { newEnv, node, pod, type Env } from './helpers';

const Mi = 1024 ** 2;
const cpuOf = (q: string | undefined) =>
  !q ? 0 : q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
const memOf = (q: string | undefined) =>
  !q
    ? 0
    : q.endsWith('Gi')
      ? Number(q.slice(0, -2)) * 1024 * Mi
      : q.endsWith('Mi')
        ? Number(q.slice(0, -2)) * Mi
        : Number(q);
const req = (p: Pod) => {
  const r = p.spec!.containers[0]!.resources?.requests ?? {};
  return { cpu: cpuOf(r.cpu as string | undefined), mem: memOf(r.memory as string | undefined) };
};
const matches = (sel: Record<string, string> | undefined, labels: Record<string, string> | undefined) =>
  Object.entries(sel ?? {}).every(([k, v]) => labels?.[k] === v);
const tolerated = (t: Toleration[] | undefined, taint: { key: string; value?: string; effect: string }) =>
  (t ?? []).some(
    (x) =>
      (!x.effect || x.effect === taint.effect) &&
      (!x.key || x.key === taint.key) &&
      (x.operator === 'Exists' || (x.value ?? '') === (taint.value ?? '')),
  );

/** Why binding `p` to `n` breaks a rule, or undefined. */
function violation(p: Pod, n: Node, nodes: Node[], pods: Pod[]): string | undefined {
  const on = (name: string) =>
    pods.filter((x) => x.spec?.nodeName === name && x.metadata?.uid !== p.metadata?.uid);
  const here = on(n.metadata!.name!);
  const alloc = {
    cpu: cpuOf(n.status!.allocatable!.cpu as string),
    mem: memOf(n.status!.allocatable!.memory as string),
    pods: Number(n.status!.allocatable!.pods),
  };
  const used = here.reduce((a, x) => ({ cpu: a.cpu + req(x).cpu, mem: a.mem + req(x).mem }), req(p));
  if (used.cpu > alloc.cpu || used.mem > alloc.mem || here.length + 1 > alloc.pods) return 'over-committed';
  for (const t of n.spec?.taints ?? [])
    if ((t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerated(p.spec?.tolerations, t))
      return `untolerated taint ${t.key}`;
  if (!matches(p.spec?.nodeSelector, n.metadata?.labels)) return 'nodeSelector';
  const hostOf = (name: string) => nodes.find((x) => x.metadata!.name === name)?.metadata?.labels ?? {};
  const sameDomain = (key: string, a: Record<string, string>, b: Record<string, string>) =>
    key in a && key in b && a[key] === b[key];
  const termMatches = (t: PodAffinityTerm, owner: Pod, x: Pod) =>
    x.metadata?.namespace === owner.metadata?.namespace &&
    matches(t.labelSelector?.matchLabels, x.metadata?.labels);
  const nl = n.metadata!.labels ?? {};
  const bound = pods.filter((x) => x.spec?.nodeName && x.metadata?.uid !== p.metadata?.uid);
  for (const t of p.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
    if (bound.some((x) => termMatches(t, p, x) && sameDomain(t.topologyKey, nl, hostOf(x.spec!.nodeName!))))
      return 'anti-affinity';
  for (const x of bound)
    for (const t of x.spec?.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [])
      if (termMatches(t, x, p) && sameDomain(t.topologyKey, nl, hostOf(x.spec!.nodeName!)))
        return 'existing anti-affinity';
  for (const t of p.spec?.affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
    if (!(t.topologyKey in nl)) return 'affinity: topology label missing';
    // Only pods on nodes that have the topology label count (affinityCounts); when none matches,
    // a pod matching its own terms may start the group.
    const anyMatch = bound.some((x) => termMatches(t, p, x) && t.topologyKey in hostOf(x.spec!.nodeName!));
    const inDomain = bound.some(
      (x) => termMatches(t, p, x) && sameDomain(t.topologyKey, nl, hostOf(x.spec!.nodeName!)),
    );
    if (!inDomain && !(anyMatch === false && termMatches(t, p, p))) return 'affinity';
  }
  for (const c of p.spec?.topologySpreadConstraints ?? []) {
    if (c.whenUnsatisfiable !== 'DoNotSchedule') continue;
    if (!(c.topologyKey in nl)) return 'spread: topology label missing';
    const eligible = nodes.filter(
      (x) => c.topologyKey in (x.metadata?.labels ?? {}) && matches(p.spec?.nodeSelector, x.metadata?.labels),
    );
    const count = new Map<string, number>();
    for (const x of eligible) count.set(x.metadata!.labels![c.topologyKey]!, 0);
    for (const x of bound) {
      if (x.metadata?.deletionTimestamp || x.metadata?.namespace !== p.metadata?.namespace) continue;
      const xl = hostOf(x.spec!.nodeName!);
      if (!eligible.some((e) => e.metadata!.name === x.spec!.nodeName)) continue;
      if (matches(c.labelSelector?.matchLabels, x.metadata?.labels))
        count.set(xl[c.topologyKey]!, (count.get(xl[c.topologyKey]!) ?? 0) + 1);
    }
    const min = Math.min(...count.values());
    const self = matches(c.labelSelector?.matchLabels, p.metadata?.labels) ? 1 : 0;
    if ((count.get(nl[c.topologyKey]!) ?? 0) + self - min > c.maxSkew) return 'spread';
  }
  return undefined;
}

type Op =
  | { t: 'node'; cpu: string; mem: string; zone: string; ssd: boolean; taint: boolean }
  | {
      t: 'pod';
      cpu: string;
      mem: string;
      app: string;
      ssd: boolean;
      tolerate: boolean;
      anti: boolean;
      affinity: boolean;
      spread: boolean;
      high: boolean;
    }
  | { t: 'delete'; i: number }
  | { t: 'label'; i: number; ssd: boolean }
  | { t: 'taint'; i: number; on: boolean }
  | { t: 'wait'; ms: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('node' as const),
      cpu: fc.constantFrom('1', '2', '4'),
      mem: fc.constantFrom('1Gi', '2Gi', '4Gi'),
      zone: fc.constantFrom('a', 'b', 'c', ''),
      ssd: fc.boolean(),
      taint: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('pod' as const),
      cpu: fc.constantFrom('', '100m', '500m', '1'),
      mem: fc.constantFrom('', '256Mi', '1Gi'),
      app: fc.constantFrom('web', 'db'),
      ssd: fc.boolean(),
      tolerate: fc.boolean(),
      anti: fc.boolean(),
      affinity: fc.boolean(),
      spread: fc.boolean(),
      high: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('delete' as const), i: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('label' as const), i: fc.nat(), ssd: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('taint' as const), i: fc.nat(), on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({ t: fc.constant('wait' as const), ms: fc.constantFrom(1000, 10_000, 310_000) }),
  },
);

function run(ops: Op[], seed: number): string[] {
  const env: Env = newEnv(seed);
  env.fakeKubelet();
  env.call('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'high' },
    value: 1000,
  });
  const violations: string[] = [];
  let bindings = 0;
  // Check every binding against the cluster as the API server sees it.
  env.server.registerSubresource('pods', 'binding', (r) => {
    const p = env.server.get('pods', r.namespace, r.name) as Pod | undefined;
    const target = (r.request.body as { target?: { name?: string } }).target?.name ?? '';
    const n = env.server.get('nodes', undefined, target) as Node | undefined;
    bindings++;
    if (p && n) {
      const v = violation(p, n, env.server.list('nodes') as Node[], env.server.list('pods') as Pod[]);
      if (v) violations.push(`${r.name} → ${target}: ${v}`);
    }
    return serveBinding(env.server, r);
  });
  let nodes = 0;
  let pods = 0;
  const nodeName = (i: number) => `n${i % Math.max(nodes, 1)}`;
  for (const op of ops) {
    switch (op.t) {
      case 'node': {
        const labels: Record<string, string> = {};
        if (op.zone) labels.zone = op.zone;
        if (op.ssd) labels.disktype = 'ssd';
        env.createNode(
          node(`n${nodes++}`, {
            cpu: op.cpu,
            memory: op.mem,
            pods: '5',
            labels,
            taints: op.taint ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] : undefined,
          }),
        );
        break;
      }
      case 'pod': {
        const spec: Partial<NonNullable<Pod['spec']>> = {};
        if (op.ssd) spec.nodeSelector = { disktype: 'ssd' };
        if (op.tolerate)
          spec.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'x', effect: 'NoSchedule' }];
        const term = (app: string, key: string) => ({
          labelSelector: { matchLabels: { app } },
          topologyKey: key,
        });
        if (op.anti || op.affinity) spec.affinity = {};
        if (op.anti)
          spec.affinity!.podAntiAffinity = {
            requiredDuringSchedulingIgnoredDuringExecution: [term(op.app, 'kubernetes.io/hostname')],
          };
        if (op.affinity)
          spec.affinity!.podAffinity = {
            requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')],
          };
        if (op.spread)
          spec.topologySpreadConstraints = [
            {
              maxSkew: 1,
              topologyKey: 'zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: op.app } },
            },
          ];
        if (op.high) spec.priorityClassName = 'high';
        const p = pod({
          name: `p${pods++}`,
          labels: { app: op.app },
          cpu: op.cpu || undefined,
          memory: op.mem || undefined,
          spec,
        });
        p.spec!.terminationGracePeriodSeconds = 0;
        env.createPod(p);
        break;
      }
      case 'delete': {
        if (pods === 0) break;
        env.server.handle({ method: 'DELETE', path: `/api/v1/namespaces/default/pods/p${op.i % pods}` });
        break;
      }
      case 'label': {
        if (nodes === 0) break;
        env.server.handle({
          method: 'PATCH',
          path: `/api/v1/nodes/${nodeName(op.i)}`,
          headers: { contentType: 'application/merge-patch+json' },
          body: { metadata: { labels: { disktype: op.ssd ? 'ssd' : null } } },
        });
        break;
      }
      case 'taint': {
        if (nodes === 0) break;
        env.server.handle({
          method: 'PATCH',
          path: `/api/v1/nodes/${nodeName(op.i)}`,
          headers: { contentType: 'application/merge-patch+json' },
          body: { spec: { taints: op.on ? [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] : null } },
        });
        break;
      }
      case 'wait':
        env.clock.advance(op.ms);
        break;
    }
    env.settle();
  }
  env.clock.advance(400_000);
  // Final state: no node over-committed.
  const all = env.server.list('pods') as Pod[];
  for (const n of env.server.list('nodes') as Node[]) {
    const here = all.filter((p) => p.spec?.nodeName === n.metadata!.name);
    const cpu = here.reduce((s, p) => s + req(p).cpu, 0);
    const mem = here.reduce((s, p) => s + req(p).mem, 0);
    if (
      cpu > cpuOf(n.status!.allocatable!.cpu as string) ||
      mem > memOf(n.status!.allocatable!.memory as string) ||
      here.length > 5
    )
      violations.push(`${n.metadata!.name} over-committed at the end`);
  }
  if (process.env.INV_DEBUG)
    console.log(`ops ${ops.length} bindings ${bindings} pods ${pods} nodes ${nodes}`);
  return violations;
}

describe('scheduler invariants (fast-check)', () => {
  it('bindings never break resources, taints, selectors, required (anti-)affinity or DoNotSchedule spread', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 5, maxLength: 40 }),
        fc.integer({ min: 1, max: 1000 }),
        (ops, seed) => {
          expect(run(ops, seed)).toEqual([]);
        },
      ),
      { numRuns: Number(process.env.INV_RUNS ?? 40), seed: Number(process.env.INV_SEED ?? 20260101) },
    );
  });

  it('the checker itself catches a bad placement', () => {
    const n = node('n', { cpu: '1', taints: [{ key: 'k', effect: 'NoSchedule' }] });
    expect(violation(pod({ cpu: '2' }), n, [n], [])).toBe('over-committed');
    expect(violation(pod({ cpu: '100m' }), n, [n], [])).toBe('untolerated taint k');
  });
});
