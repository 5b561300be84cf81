import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { LayoutEngine } from '../../../src/ui/graph/layout';
import { buildGraph, podState, UNSCHEDULED } from '../../../src/ui/graph/model';
import type { WireObject } from '../../../src/worker/protocol';

let n = 0;
const obj = (
  kind: string,
  name: string,
  extra: Record<string, unknown> = {},
  ns: string | undefined = 'default',
): KubeObject => {
  const { metadata, ...rest } = extra as { metadata?: Record<string, unknown> };
  return {
    apiVersion: 'v1',
    kind,
    metadata: {
      name,
      uid: `${kind}-${name}`,
      creationTimestamp: `2026-01-01T00:00:${String(n++).padStart(2, '0')}Z`,
      ...(ns ? { namespace: ns } : {}),
      ...metadata,
    },
    ...rest,
  } as KubeObject;
};
const w = (object: KubeObject, cells?: Record<string, string>): WireObject => ({
  object,
  ...(cells ? { cells } : {}),
});
const owned = (kind: string, name: string) => ({
  ownerReferences: [{ apiVersion: 'apps/v1', kind, name, uid: `${kind}-${name}`, controller: true }],
});

function cluster(): WireObject[] {
  return [
    w(obj('Node', 'kind-control-plane', {}, undefined), { Status: 'Ready' }),
    w(obj('Node', 'kind-worker', { spec: { unschedulable: true } }, undefined), {
      Status: 'Ready,SchedulingDisabled',
    }),
    w(obj('Deployment', 'web'), { Ready: '1/3' }),
    w(obj('ReplicaSet', 'web-abc', { metadata: owned('Deployment', 'web'), spec: { replicas: 3 } }), {
      Ready: '1',
    }),
    w(
      obj('ReplicaSet', 'web-old', {
        metadata: owned('Deployment', 'web'),
        spec: { replicas: 0 },
        status: { replicas: 0 },
      }),
    ),
    w(
      obj('Pod', 'web-abc-1', {
        metadata: { ...owned('ReplicaSet', 'web-abc'), labels: { app: 'web' } },
        spec: {
          nodeName: 'kind-control-plane',
          volumes: [
            { name: 'cfg', configMap: { name: 'web-config' } },
            {
              name: 'kube-api-access-x1',
              projected: { sources: [{ configMap: { name: 'kube-root-ca.crt' } }] },
            },
          ],
          containers: [{ name: 'c', env: [{ valueFrom: { secretKeyRef: { name: 'db' } } }] }],
        },
      }),
      { Status: 'Running', Ready: '1/1' },
    ),
    w(
      obj('Pod', 'web-abc-2', {
        metadata: { ...owned('ReplicaSet', 'web-abc'), labels: { app: 'web' } },
        spec: { nodeName: 'kind-control-plane' },
      }),
      { Status: 'CrashLoopBackOff', Ready: '0/1' },
    ),
    w(
      obj('Pod', 'web-abc-3', {
        metadata: { ...owned('ReplicaSet', 'web-abc'), labels: { app: 'web' } },
        spec: {},
      }),
      {
        Status: 'Pending',
        Ready: '0/1',
      },
    ),
    w(obj('Service', 'web', { spec: { selector: { app: 'web' } } }), { Type: 'ClusterIP' }),
    w(
      obj('Endpoints', 'web', {
        subsets: [
          {
            addresses: [{ targetRef: { kind: 'Pod', name: 'web-abc-1' } }],
            notReadyAddresses: [{ targetRef: { kind: 'Pod', name: 'web-abc-2' } }],
          },
        ],
      }),
    ),
    w(obj('Service', 'typo', { spec: { selector: { app: 'wbe' } } }), { Type: 'ClusterIP' }),
    w(obj('ConfigMap', 'web-config')),
    w(obj('ConfigMap', 'kube-root-ca.crt')),
    w(obj('Secret', 'db', { type: 'Opaque' })),
    w(obj('Pod', 'coredns-1', { spec: { nodeName: 'kind-control-plane' } }, 'kube-system'), {
      Status: 'Running',
      Ready: '1/1',
    }),
    w(obj('Lease', 'kind-control-plane', {}, 'kube-node-lease')),
  ];
}

describe('graph model', () => {
  it('puts pods in their nodes or the unscheduled bucket, with the printer status', () => {
    const g = buildGraph(cluster(), { namespace: 'default' });
    const byName = new Map(g.nodes.map((x) => [x.name, x]));
    expect(byName.get('web-abc-1')).toMatchObject({
      parent: 'Node-kind-control-plane',
      status: 'Running',
      state: 'ready',
    });
    expect(byName.get('web-abc-2')).toMatchObject({ status: 'CrashLoopBackOff', state: 'error' });
    expect(byName.get('web-abc-3')).toMatchObject({ parent: UNSCHEDULED, state: 'pending' });
    expect(byName.get('kind-worker')).toMatchObject({ state: 'cordoned' });
    expect(byName.has('coredns-1')).toBe(false);
    expect(byName.has('kind-control-plane')).toBe(true);
    expect(buildGraph(cluster(), { namespace: null }).nodes.some((x) => x.name === 'coredns-1')).toBe(true);
  });

  it('draws owner, endpoint and config edges, and hides what is not the learner’s', () => {
    const g = buildGraph(cluster(), { namespace: 'default' });
    const edges = g.edges.map((e) => `${e.kind} ${e.source} ${e.target}`).sort();
    expect(edges).toEqual(
      [
        'config ConfigMap-web-config Pod-web-abc-1',
        'config Secret-db Pod-web-abc-1',
        'endpoint Service-web Pod-web-abc-1',
        'endpoint-notready Service-web Pod-web-abc-2',
        'owner Deployment-web ReplicaSet-web-abc',
        'owner ReplicaSet-web-abc Pod-web-abc-1',
        'owner ReplicaSet-web-abc Pod-web-abc-2',
        'owner ReplicaSet-web-abc Pod-web-abc-3',
      ].sort(),
    );
    const names = g.nodes.map((x) => x.name);
    expect(names).not.toContain('kube-root-ca.crt');
    expect(names).not.toContain('web-old');
    expect(g.nodes.find((x) => x.name === 'typo')?.broken).toBe(true);
    expect(g.nodes.find((x) => x.name === 'web' && x.kind === 'Service')?.broken).toBeUndefined();
    expect(g.nodes.find((x) => x.kind === 'Deployment')?.column).toBe(2);
    expect(g.nodes.find((x) => x.kind === 'ReplicaSet')?.column).toBe(1);
  });

  it('draws unknown owner kinds generically', () => {
    const objs = [
      ...cluster(),
      w({ ...obj('Rollout', 'canary'), apiVersion: 'argoproj.io/v1alpha1' }),
      w(obj('Pod', 'canary-1', { metadata: owned('Rollout', 'canary') })),
    ];
    const g = buildGraph(objs, { namespace: 'default' });
    expect(g.nodes.find((x) => x.kind === 'Rollout')).toMatchObject({ name: 'canary', column: 1 });
    expect(g.edges.some((e) => e.source === 'Rollout-canary' && e.target === 'Pod-canary-1')).toBe(true);
  });

  it('sorts pod statuses into colours as kubectl prints them', () => {
    expect(podState('Running', '1/2', false)).toBe('running');
    expect(podState('Running', '2/2', false)).toBe('ready');
    expect(podState('ContainerCreating', '0/1', false)).toBe('creating');
    expect(podState('ImagePullBackOff', '0/1', false)).toBe('error');
    expect(podState('OOMKilled', '0/1', false)).toBe('error');
    expect(podState('Completed', '0/1', false)).toBe('completed');
    expect(podState('Running', '1/1', true)).toBe('terminating');
    expect(podState('Terminating', '1/1', false)).toBe('terminating');
  });
});

describe('layout', () => {
  it('keeps every element in place when another pod changes or arrives', () => {
    const layout = new LayoutEngine();
    const objs = cluster();
    const first = layout.compute(buildGraph(objs, { namespace: 'default' })).positions;
    // A status change, a new pod and a deleted pod.
    const changed = objs
      .filter((o) => o.object.metadata.name !== 'web-abc-2')
      .map((o) =>
        o.object.metadata.name === 'web-abc-1' ? { ...o, cells: { Status: 'Terminating', Ready: '0/1' } } : o,
      );
    changed.push(
      w(
        obj('Pod', 'web-abc-4', {
          metadata: owned('ReplicaSet', 'web-abc'),
          spec: { nodeName: 'kind-control-plane' },
        }),
        {
          Status: 'ContainerCreating',
        },
      ),
    );
    const second = layout.compute(buildGraph(changed, { namespace: 'default' })).positions;
    for (const id of [
      'Pod-web-abc-1',
      'Pod-web-abc-3',
      'Deployment-web',
      'ReplicaSet-web-abc',
      'Service-web',
    ])
      expect(second.get(id)).toEqual(first.get(id));
    // The new pod takes the freed slot.
    expect(second.get('Pod-web-abc-4')).toEqual(first.get('Pod-web-abc-2'));
  });

  it('lines a ReplicaSet up with its Deployment', () => {
    const p = new LayoutEngine().compute(buildGraph(cluster(), { namespace: 'default' })).positions;
    expect(p.get('ReplicaSet-web-abc')!.y).toBe(p.get('Deployment-web')!.y);
    expect(p.get('ReplicaSet-web-abc')!.x).toBeGreaterThan(p.get('Deployment-web')!.x);
  });
});
