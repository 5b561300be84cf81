/**
 * The scheduling queue: back-off (1 s doubling to 10 s), unschedulable pods moved by the cluster
 * events their rejecting plugins care about, the 5-minute flush, scheduling gates, and the
 * FailedScheduling event series.
 */
import { describe, expect, it } from 'vitest';
import { PodInfo } from '../../../../src/engine/scheduler/framework/node-info';
import { QueuedPodInfo } from '../../../../src/engine/scheduler/queue/scheduling-queue';
import { eventsFor, newEnv, node, pod, podOf } from './helpers';

const attempts = (env: ReturnType<typeof newEnv>, name: string) =>
  env.scheduler.decisions.forPod('default', name).length;

describe('back-off', () => {
  it('1 s, 2 s, 4 s, 8 s, then 10 s', () => {
    const env = newEnv();
    const q = env.scheduler.queue;
    const pi = new QueuedPodInfo(new PodInfo(pod()), 0);
    const d = [1, 2, 3, 4, 5, 6].map((a) => {
      pi.attempts = a;
      return q.backoffDuration(pi);
    });
    expect(d).toEqual([1000, 2000, 4000, 8000, 10000, 10000]);
    pi.attempts = 0;
    expect(q.backoffDuration(pi)).toBe(0);
  });
});

describe('requeueing on cluster events', () => {
  it('nodeSelector: Pending until a node gets the label, then scheduled at once (the book, disktype=ssd)', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'nginx', spec: { nodeSelector: { disktype: 'ssd' } } }));
    env.settle();
    expect(podOf(env, 'nginx')!.spec!.nodeName).toBeUndefined();
    expect(env.scheduler.queue.whereIs('default/nginx')).toBe('unschedulablePods');
    // An unrelated change does not retry it.
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { metadata: { labels: { other: 'x' } } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(attempts(env, 'nginx')).toBe(1);
    env.clock.advance(2000); // past the back-off
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { metadata: { labels: { disktype: 'ssd' } } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(podOf(env, 'nginx')!.spec!.nodeName).toBe('w1');
    expect(attempts(env, 'nginx')).toBe(2);
  });

  it('a pod still backing off waits in backoffQ and is tried when its back-off ends (on the 1 s tick)', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    const t0 = env.clock.now();
    env.createPod(pod({ name: 'p', spec: { nodeSelector: { disktype: 'ssd' } } }));
    env.settle();
    env.clock.advance(300);
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { metadata: { labels: { disktype: 'ssd' } } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(env.scheduler.queue.whereIs('default/p')).toBe('backoffQ');
    env.clock.advance(699);
    expect(podOf(env, 'p')!.spec!.nodeName).toBeUndefined();
    env.clock.advance(1);
    expect(podOf(env, 'p')!.spec!.nodeName).toBe('w1');
    expect(env.clock.now() - t0).toBe(1000);
  });

  it('resources: a deleted pod frees room; an unrelated deletion does not retry the pod', () => {
    const env = newEnv();
    env.createNode(node('w1', { cpu: '1' }));
    env.createPod(pod({ name: 'a', cpu: '800m' }));
    env.createPod(pod({ name: 'unbound', spec: { nodeSelector: { none: 'x' } } }));
    env.settle();
    env.createPod(pod({ name: 'b', cpu: '800m' }));
    env.settle();
    env.clock.advance(20_000);
    env.call('DELETE', '/api/v1/namespaces/default/pods/unbound');
    env.settle();
    expect(attempts(env, 'b')).toBe(1);
    env.call('DELETE', '/api/v1/namespaces/default/pods/a', {
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      gracePeriodSeconds: 0,
    });
    env.settle();
    expect(podOf(env, 'b')!.spec!.nodeName).toBe('w1');
  });

  it('taints: adding a matching toleration is not possible on a pod, but removing the taint retries it', () => {
    const env = newEnv();
    env.createNode(node('w1', { taints: [{ key: 'disktype', value: 'ssd', effect: 'NoSchedule' }] }));
    env.createPod(pod({ name: 'p' }));
    env.settle();
    env.clock.advance(20_000);
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { spec: { taints: null } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(podOf(env, 'p')!.spec!.nodeName).toBe('w1');
  });

  it('uncordon retries pods rejected by NodeUnschedulable', () => {
    const env = newEnv();
    env.createNode(node('w1', { unschedulable: true }));
    env.createPod(pod({ name: 'p' }));
    env.settle();
    env.clock.advance(20_000);
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { spec: { unschedulable: null } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(podOf(env, 'p')!.spec!.nodeName).toBe('w1');
  });

  it('topology spread: labelling nodes with the zone key retries the pod (the book, key `zone`)', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createNode(node('w2'));
    env.createPod(
      pod({
        name: 'mypod',
        labels: { app: 'nginx' },
        spec: {
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: 'zone',
              whenUnsatisfiable: 'DoNotSchedule',
              labelSelector: { matchLabels: { app: 'nginx' } },
            },
          ],
        },
      }),
    );
    env.settle();
    expect(eventsFor(env, 'mypod')[0]!.message).toBe(
      "0/2 nodes are available: 2 node(s) didn't match pod topology spread constraints (missing required label). preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling..",
    );
    env.clock.advance(20_000);
    env.call(
      'PATCH',
      '/api/v1/nodes/w1',
      { metadata: { labels: { zone: 'a' } } },
      'application/strategic-merge-patch+json',
    );
    env.settle();
    expect(podOf(env, 'mypod')!.spec!.nodeName).toBe('w1');
  });
});

describe('the 5-minute flush', () => {
  it('an unschedulable pod is retried after more than 5 minutes, on the 30 s loop', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'p', spec: { nodeSelector: { disktype: 'ssd' } } }));
    env.settle();
    const start = env.scheduler.decisions.forPod('default', 'p')[0]!.time;
    env.clock.advance(11 * 60_000);
    const times = env.scheduler.decisions.forPod('default', 'p').map((r) => (r.time - start) / 1000);
    // Retried on the first 30 s tick strictly after 5 minutes in the pool (+ 1 s back-off rounding).
    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThan(300);
    expect(times[1]).toBeLessThanOrEqual(330);
    expect(times.length).toBe(3);
  });
});

describe('scheduling gates', () => {
  it('a gated pod is not tried; removing the gates queues it', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'g', spec: { schedulingGates: [{ name: 'example.com/wait' }] } }));
    env.settle();
    expect(attempts(env, 'g')).toBe(0);
    expect(podOf(env, 'g')!.status!.conditions).toEqual([
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }),
    ]);
    const cur = podOf(env, 'g')!;
    env.call('PUT', '/api/v1/namespaces/default/pods/g', {
      ...cur,
      spec: { ...cur.spec, schedulingGates: [] },
    });
    env.settle();
    expect(podOf(env, 'g')!.spec!.nodeName).toBe('w1');
  });
});

describe('FailedScheduling events (events.k8s.io series)', () => {
  it('the first retry after the condition changed starts a new event; the next one makes it a series', () => {
    const env = newEnv();
    env.createNode(node('w1'));
    env.createPod(pod({ name: 'p', spec: { nodeSelector: { disktype: 'ssd' } } }));
    env.settle();
    env.clock.advance(16 * 60_000); // three retries at ~5 min
    const events = eventsFor(env, 'p').filter((e) => e.reason === 'FailedScheduling');
    expect(events.length).toBe(2);
    expect(events[0]!.series).toBeUndefined();
    expect(events[1]!.series?.count).toBe(2);
    expect(events[1]).toMatchObject({
      action: 'Scheduling',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-kind-control-plane',
      source: {},
      type: 'Warning',
    });
  });
});
