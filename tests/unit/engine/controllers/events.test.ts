import { describe, expect, it } from 'vitest';
import type { ChangeEntry } from '../../../../src/api/changeset';
import type { KubeObject } from '../../../../src/api/types';
import { EventBroadcaster, type CoreEvent } from '../../../../src/engine/events';
import { Rand } from '../../../../src/engine/rand';
import { EVENT_TTL_MS } from '../../../../src/engine/controllers/eventttl/event-ttl-controller';
import { createNamespace, testCluster, type TestCluster } from './helpers';

function setup() {
  const c = testCluster();
  createNamespace(c, 'demo');
  const pod = c.call('POST', '/api/v1/namespaces/demo/pods', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    // Held back by a scheduling gate: the scheduler never binds it and no kubelet runs it, so
    // the only events about it are the ones this test records (no Scheduled/Pulling/… noise).
    spec: { schedulingGates: [{ name: 'example.com/hold' }], containers: [{ name: 'web', image: 'nginx' }] },
  });
  const broadcaster = new EventBroadcaster({
    client: c.controllerClient,
    clock: c.clock,
    rand: new Rand(7),
    nanoClock: c.nanoClock,
  });
  return { c, pod, broadcaster };
}

const eventsIn = (c: TestCluster, ns: string): CoreEvent[] =>
  c.call<{ items: CoreEvent[] }>('GET', `/api/v1/namespaces/${ns}/events`).items;

describe('event recorder', () => {
  it('writes a core/v1 Event as client-go record does', () => {
    const { c, pod, broadcaster } = setup();
    const kubelet = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    kubelet.event(
      {
        kind: 'Pod',
        namespace: 'demo',
        name: 'web',
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
        fieldPath: 'spec.containers{web}',
      },
      'Normal',
      'Pulling',
      'Pulling image "nginx"',
    );
    // written asynchronously, not from inside the call
    expect(eventsIn(c, 'demo')).toHaveLength(0);
    c.cluster.settle();
    const [e] = eventsIn(c, 'demo');
    expect(e!.metadata.name).toMatch(/^web\.[0-9a-f]{16}$/);
    const nanos = BigInt(`0x${e!.metadata.name!.slice(4)}`);
    expect(nanos / 1_000_000n).toBe(BigInt(c.cluster.now()));
    expect(e).toMatchObject({
      involvedObject: {
        kind: 'Pod',
        namespace: 'demo',
        name: 'web',
        uid: pod.metadata.uid,
        apiVersion: 'v1',
        resourceVersion: pod.metadata.resourceVersion,
        fieldPath: 'spec.containers{web}',
      },
      reason: 'Pulling',
      message: 'Pulling image "nginx"',
      source: { component: 'kubelet', host: 'kind-control-plane' },
      count: 1,
      type: 'Normal',
      reportingComponent: 'kubelet',
      reportingInstance: 'kind-control-plane',
    });
    expect(e!.firstTimestamp).toBe(new Date(c.cluster.now()).toISOString().replace('.000Z', 'Z'));
    expect(e!.lastTimestamp).toBe(e!.firstTimestamp);
  });

  it('controllers report without a host; cluster-scoped objects get events in default', () => {
    const { c, broadcaster } = setup();
    const node = c.find('/api/v1/nodes/kind-control-plane')!;
    broadcaster.newRecorder({ component: 'node-controller' }).event(node, 'Normal', 'RegisteredNode', 'x');
    c.cluster.settle();
    const e = eventsIn(c, 'default').find((x) => x.message === 'x')!;
    expect(e.source).toEqual({ component: 'node-controller' });
    expect(e.reportingComponent).toBe('node-controller');
    expect(e.reportingInstance).toBe('');
    expect(e.involvedObject).toMatchObject({
      kind: 'Node',
      name: 'kind-control-plane',
      apiVersion: 'v1',
      uid: node.metadata.uid,
    });
  });

  it('aggregates repeats of the same event into count and lastTimestamp with a PATCH', () => {
    const { c, pod, broadcaster } = setup();
    const kubelet = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    const ops: string[] = [];
    c.cluster.onChange((changes) => {
      for (const ch of changes as ChangeEntry[]) {
        const o = ch.op === 'updated' ? ch.to : ch.object;
        if (o.kind === 'Event' && o.metadata.namespace === 'demo') ops.push(ch.op);
      }
    });
    const first = c.cluster.now();
    for (let i = 0; i < 3; i++) {
      kubelet.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container web in pod web_demo(x)');
      c.cluster.settle();
      c.cluster.advance(10_000);
    }
    c.cluster.settle();
    const events = eventsIn(c, 'demo');
    expect(events).toHaveLength(1);
    expect(events[0]!.count).toBe(3);
    expect(events[0]!.firstTimestamp).toBe(new Date(first).toISOString().replace('.000Z', 'Z'));
    expect(events[0]!.lastTimestamp).toBe(new Date(first + 20_000).toISOString().replace('.000Z', 'Z'));
    expect(ops).toEqual(['added', 'updated', 'updated']);
  });

  it('combines similar events (same reason, different messages) after 10 in 10 minutes', () => {
    const { c, pod, broadcaster } = setup();
    const rec = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    for (let i = 1; i <= 12; i++) {
      rec.event(pod, 'Warning', 'Unhealthy', `Readiness probe failed: attempt ${i}`);
      c.cluster.advance(1000);
    }
    const events = eventsIn(c, 'demo');
    const combined = events.filter((e) => e.message.startsWith('(combined from similar events): '));
    expect(events.length - combined.length).toBe(9);
    expect(combined).toHaveLength(1);
    expect(combined[0]!.count).toBe(3);
    expect(combined[0]!.message).toBe('(combined from similar events): Readiness probe failed: attempt 12');
  });

  it('drops events beyond 25 per source and object, then allows one every 5 minutes', () => {
    const { c, pod, broadcaster } = setup();
    const rec = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    for (let i = 1; i <= 30; i++) rec.event(pod, 'Normal', `Reason${i}`, `message ${i}`);
    c.cluster.settle();
    expect(eventsIn(c, 'demo')).toHaveLength(25);
    c.cluster.advance(300_000);
    rec.event(pod, 'Normal', 'Later', 'after the refill');
    rec.event(pod, 'Normal', 'Later2', 'one too many');
    c.cluster.settle();
    const reasons = eventsIn(c, 'demo').map((e) => e.reason);
    expect(reasons).toContain('Later');
    expect(reasons).not.toContain('Later2');
  });

  it('ignores unknown event types', () => {
    const { c, pod, broadcaster } = setup();
    broadcaster.newRecorder({ component: 'x' }).event(pod, 'Error' as 'Normal', 'R', 'm');
    c.cluster.settle();
    expect(eventsIn(c, 'demo')).toHaveLength(0);
  });

  it('events expire one hour after their last write', () => {
    const { c, pod, broadcaster } = setup();
    const rec = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    rec.event(pod, 'Normal', 'Pulled', 'once');
    rec.event(pod, 'Normal', 'Created', 'twice');
    c.cluster.settle();
    c.cluster.advance(30 * 60_000);
    rec.event(pod, 'Normal', 'Created', 'twice'); // count 2: the hour starts again
    c.cluster.settle();
    c.cluster.advance(EVENT_TTL_MS - 30 * 60_000 - 1);
    expect(
      eventsIn(c, 'demo')
        .map((e) => e.reason)
        .sort(),
    ).toEqual(['Created', 'Pulled']);
    c.cluster.advance(1);
    expect(eventsIn(c, 'demo').map((e) => e.reason)).toEqual(['Created']);
    c.cluster.advance(30 * 60_000);
    expect(eventsIn(c, 'demo')).toEqual([]);
    // the bootstrap's node events are gone too by now
    expect(eventsIn(c, 'default')).toEqual([]);
  });

  it('an event whose object was patched away is re-created on the next repeat', () => {
    const { c, pod, broadcaster } = setup();
    const rec = broadcaster.newRecorder({ component: 'kubelet', host: 'kind-control-plane' });
    rec.event(pod, 'Normal', 'Pulled', 'same');
    c.cluster.settle();
    const [e] = eventsIn(c, 'demo');
    c.call('DELETE', `/api/v1/namespaces/demo/events/${e!.metadata.name}`);
    rec.event(pod, 'Normal', 'Pulled', 'same');
    c.cluster.settle();
    const [again] = eventsIn(c, 'demo') as (KubeObject & { count: number })[];
    expect(again!.metadata.name).toBe(e!.metadata.name);
    expect(again!.count).toBe(2);
  });
});
