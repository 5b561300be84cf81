/**
 * Endpoints, EndpointSlices and kube-proxy driven by readiness: a pod whose readiness probe
 * fails leaves the Service's ready endpoints, kube-proxy stops sending it connections within its
 * 1 s minSyncPeriod, and it comes back when the probe passes again.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../../src/api/types';
import { advance, create, deployment, get, list, networkCluster, service } from './helpers';

const readiness = {
  readinessProbe: { httpGet: { path: '/', port: 8080 }, periodSeconds: 1, failureThreshold: 1 },
};

function setup() {
  const c = networkCluster();
  create(c, deployment('web', 'blux2/hello-server:1.0', 2, 8080, readiness));
  const svc = create(c, service('web', { app: 'web' }, 80, 8080)).body;
  advance(c, 30_000);
  const pods = list(c, 'Pod', 'default').filter((p) => p.metadata.name!.startsWith('web-'));
  return { c, svc, pods, clusterIP: (svc.spec as { clusterIP: string }).clusterIP };
}

const subsets = (ep: KubeObject | undefined) =>
  (
    ep as {
      subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: unknown[] }[];
    }
  )?.subsets ?? [];
const slicesOf = (c: ReturnType<typeof networkCluster>, svc: string) =>
  list(c, 'EndpointSlice', 'default').filter(
    (s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc,
  ) as (KubeObject & {
    endpoints?: {
      addresses: string[];
      conditions: { ready: boolean; serving: boolean; terminating: boolean };
    }[];
    ports?: { port: number }[] | null;
  })[];

describe('endpoints follow readiness', () => {
  it('lists ready pods, moves an unready one to notReadyAddresses, and back', () => {
    const { c, pods, clusterIP } = setup();
    const ips = pods.map((p) => (p.status as { podIP: string }).podIP).sort();
    const ep = get(c, 'Endpoints', 'default', 'web');
    expect(
      subsets(ep)[0]!
        .addresses!.map((a) => a.ip)
        .sort(),
    ).toEqual(ips);
    expect(subsets(ep)[0]!.ports).toEqual([{ port: 8080, protocol: 'TCP' }]);
    const [slice] = slicesOf(c, 'web');
    expect(
      slice!.endpoints!.every((e) => e.conditions.ready && e.conditions.serving && !e.conditions.terminating),
    ).toBe(true);
    expect(slice!.metadata.ownerReferences?.[0]?.kind).toBe('Service');

    const victim = pods[0]!;
    const victimIP = (victim.status as { podIP: string }).podIP;
    c.cluster.faults.failProbe('default', victim.metadata.name!, 'web', 'readiness');
    advance(c, 5_000);
    const after = subsets(get(c, 'Endpoints', 'default', 'web'));
    expect(after.flatMap((s) => s.notReadyAddresses ?? []).map((a) => a.ip)).toEqual([victimIP]);
    expect(after.flatMap((s) => s.addresses ?? []).map((a) => a.ip)).not.toContain(victimIP);
    const ep2 = slicesOf(c, 'web')[0]!.endpoints!.find((e) => e.addresses[0] === victimIP)!;
    expect(ep2.conditions).toEqual({ ready: false, serving: false, terminating: false });

    // kube-proxy sends every new connection to the ready pod only
    const from = c.kubelets.network.namespaceOf(victimIP)!;
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const r = c.kubelets.network.route(from, clusterIP, 80);
      if ('listener' in r) seen.add(r.listener.ns.ips[0]!);
    }
    expect([...seen]).toEqual(ips.filter((ip) => ip !== victimIP));

    c.cluster.faults.clearProbeFailure('default', victim.metadata.name!, 'web', 'readiness');
    advance(c, 5_000);
    expect(
      subsets(get(c, 'Endpoints', 'default', 'web'))[0]!
        .addresses!.map((a) => a.ip)
        .sort(),
    ).toEqual(ips);
  });

  it('keeps a terminating pod in its slice as terminating, and drops it from Endpoints', () => {
    const { c, pods } = setup();
    const victim = pods[0]!;
    c.controllerClient.request({
      method: 'DELETE',
      path: `/api/v1/namespaces/default/pods/${victim.metadata.name}`,
    });
    c.clock.settle();
    const ip = (victim.status as { podIP: string }).podIP;
    const inSlice = slicesOf(c, 'web')
      .flatMap((s) => s.endpoints ?? [])
      .find((e) => e.addresses[0] === ip);
    if (inSlice) expect(inSlice.conditions.terminating).toBe(true);
    const inEp = subsets(get(c, 'Endpoints', 'default', 'web')).flatMap((s) => [
      ...(s.addresses ?? []),
      ...(s.notReadyAddresses ?? []),
    ]);
    expect(inEp.map((a) => a.ip)).not.toContain(ip);
  });

  it('a selector typo: no endpoints, a placeholder slice, and connection refused', () => {
    const { c, pods } = setup();
    const typo = create(c, service('typo', { app: 'we' }, 80, 8080, { type: 'NodePort' })).body;
    advance(c, 2_000);
    expect(get(c, 'Endpoints', 'default', 'typo')).toBeDefined();
    expect(subsets(get(c, 'Endpoints', 'default', 'typo'))).toEqual([]);
    const slices = slicesOf(c, 'typo');
    expect(slices).toHaveLength(1);
    expect(slices[0]!.endpoints ?? []).toEqual([]);
    expect(slices[0]!.ports ?? null).toBeNull();
    const from = c.kubelets.network.namespaceOf((pods[0]!.status as { podIP: string }).podIP)!;
    expect(c.kubelets.network.route(from, (typo.spec as { clusterIP: string }).clusterIP, 80)).toEqual({
      error: 'refused',
    });
    const nodePort = (typo.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort;
    expect(c.kubelets.network.route(from, '172.18.0.2', nodePort)).toEqual({ error: 'refused' });
    // the pod IP still answers
    expect(
      'listener' in c.kubelets.network.route(from, (pods[1]!.status as { podIP: string }).podIP, 8080),
    ).toBe(true);
    // an unused port of a ClusterIP is rejected too (the book's CronJob on :8081)
    const web = get(c, 'Service', 'default', 'web')!;
    expect(c.kubelets.network.route(from, (web.spec as { clusterIP: string }).clusterIP, 8081)).toEqual({
      error: 'refused',
    });
  });

  it('rules change only when kube-proxy syncs (minSyncPeriod 1 s)', () => {
    const { c } = setup();
    const proxy = c.services.nodes[0]!.proxy;
    const before = proxy.syncs;
    create(c, service('s1', { app: 'web' }, 81, 8080));
    create(c, service('s2', { app: 'web' }, 82, 8080));
    advance(c, 999);
    const mid = proxy.syncs;
    advance(c, 1_000);
    expect(proxy.syncs).toBeGreaterThan(before);
    expect(proxy.syncs - mid).toBeLessThanOrEqual(2);
  });
});
