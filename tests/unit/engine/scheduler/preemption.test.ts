/**
 * Preemption (DefaultPreemption): who may preempt, which pods become victims, which node is
 * chosen, and what the victims and the preemptor see through the API.
 */
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  pickOneNodeForPreemption,
  type Candidate,
} from '../../../../src/engine/scheduler/preemption/preemption';
import { eventsFor, newEnv, node, pod, podOf, scheduledCondition, type Env } from './helpers';

function priorityClass(env: Env, name: string, value: number, extra: Record<string, unknown> = {}): void {
  env.call('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name },
    value,
    ...extra,
  });
}

function lowAndHigh(env: Env): void {
  priorityClass(env, 'low', 10);
  priorityClass(env, 'high', 1000);
}

describe('preemption', () => {
  it('evicts a lower-priority pod: DisruptionTarget, graceful delete, Preempted event, nominatedNodeName, then binds', () => {
    const env = newEnv();
    lowAndHigh(env);
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'low', cpu: '800m', spec: { priorityClassName: 'low' } }));
    env.settle();
    expect(podOf(env, 'low')!.spec!.nodeName).toBe('n1');

    const high = env.createPod(pod({ name: 'high', cpu: '500m', spec: { priorityClassName: 'high' } }));
    env.settle();
    const victim = podOf(env, 'low')!;
    expect(victim.metadata!.deletionTimestamp).toBeDefined();
    expect(victim.status!.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
    const preempted = eventsFor(env, 'low').find((e) => e.reason === 'Preempted')!;
    expect(preempted.message).toBe(`Preempted by pod ${high.metadata.uid} on node n1`);
    expect((preempted as unknown as { related?: { name: string } }).related?.name).toBe('high');
    const preemptor = podOf(env, 'high')!;
    expect(preemptor.status!.nominatedNodeName).toBe('n1');
    expect(scheduledCondition(preemptor)!.message).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(preemptor.spec!.nodeName).toBeUndefined();

    // The kubelet finishes the graceful deletion: the preemptor gets the node.
    env.fakeKubelet();
    env.server.handle({
      method: 'DELETE',
      path: '/api/v1/namespaces/default/pods/low',
      body: { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
    });
    env.settle();
    env.clock.advance(10_000);
    expect(podOf(env, 'low')).toBeUndefined();
    expect(podOf(env, 'high')!.spec!.nodeName).toBe('n1');
    expect(eventsFor(env, 'high').map((e) => e.reason)).toEqual(['FailedScheduling', 'Scheduled']);
  });

  it('reprieves the most important pods first: only what must go is evicted', () => {
    const env = newEnv();
    priorityClass(env, 'p1', 1);
    priorityClass(env, 'p2', 2);
    priorityClass(env, 'p10', 10);
    env.createNode(node('n1', { cpu: '2' }));
    env.createPod(pod({ name: 'a', cpu: '1', spec: { priorityClassName: 'p1' } }));
    env.createPod(pod({ name: 'b', cpu: '500m', spec: { priorityClassName: 'p2' } }));
    env.settle();
    env.createPod(pod({ name: 'c', cpu: '1', spec: { priorityClassName: 'p10' } }));
    env.settle();
    expect(podOf(env, 'a')!.metadata!.deletionTimestamp).toBeDefined();
    expect(podOf(env, 'b')!.metadata!.deletionTimestamp).toBeUndefined();
    const rec = env.scheduler.decisions.forPod('default', 'c').at(-1)!;
    expect(rec.preemption).toMatchObject({ nominatedNode: 'n1', victims: ['default/a'] });
  });

  it('pods of equal or higher priority are never victims', () => {
    const env = newEnv();
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'a', cpu: '800m' }));
    env.settle();
    env.createPod(pod({ name: 'b', cpu: '800m' }));
    env.settle();
    expect(scheduledCondition(podOf(env, 'b'))!.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..',
    );
  });

  it('chooses the node whose highest-priority victim is lowest', () => {
    const env = newEnv();
    priorityClass(env, 'p1', 1);
    priorityClass(env, 'p5', 5);
    lowAndHigh(env);
    env.createNode(node('n1', { cpu: '1' }));
    env.createNode(node('n2', { cpu: '1' }));
    env.createPod(pod({ name: 'five', cpu: '800m', spec: { priorityClassName: 'p5', nodeName: 'n1' } }));
    env.createPod(pod({ name: 'one', cpu: '800m', spec: { priorityClassName: 'p1', nodeName: 'n2' } }));
    env.settle();
    env.createPod(pod({ name: 'high', cpu: '500m', spec: { priorityClassName: 'high' } }));
    env.settle();
    expect(podOf(env, 'high')!.status!.nominatedNodeName).toBe('n2');
    expect(podOf(env, 'one')!.metadata!.deletionTimestamp).toBeDefined();
    expect(podOf(env, 'five')!.metadata!.deletionTimestamp).toBeUndefined();
  });

  it('prefers a node where no PodDisruptionBudget would be violated', () => {
    const env = newEnv();
    lowAndHigh(env);
    env.createNode(node('n1', { cpu: '1' }));
    env.createNode(node('n2', { cpu: '1' }));
    env.createPod(
      pod({
        name: 'guarded',
        cpu: '800m',
        labels: { app: 'db' },
        spec: { priorityClassName: 'low', nodeName: 'n1' },
      }),
    );
    env.createPod(
      pod({
        name: 'free',
        cpu: '800m',
        labels: { app: 'web' },
        spec: { priorityClassName: 'low', nodeName: 'n2' },
      }),
    );
    env.call('POST', '/apis/policy/v1/namespaces/default/poddisruptionbudgets', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'db' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'db' } } },
    });
    env.settle();
    env.createPod(pod({ name: 'high', cpu: '500m', spec: { priorityClassName: 'high' } }));
    env.settle();
    expect(podOf(env, 'high')!.status!.nominatedNodeName).toBe('n2');
    expect(podOf(env, 'guarded')!.metadata!.deletionTimestamp).toBeUndefined();
  });

  it('does not preempt again while its victims are still terminating on the nominated node', () => {
    const env = newEnv();
    lowAndHigh(env);
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(
      pod({
        name: 'low',
        cpu: '800m',
        spec: { priorityClassName: 'low', terminationGracePeriodSeconds: 30 },
      }),
    );
    env.settle();
    env.createPod(pod({ name: 'high', cpu: '500m', spec: { priorityClassName: 'high' } }));
    env.settle();
    // Retry while the victim is still terminating (no kubelet to finish it).
    env.clock.advance(5 * 60_000 + 31_000);
    const rec = env.scheduler.decisions.forPod('default', 'high').at(-1)!;
    expect(rec.attempt).toBeGreaterThan(1);
    expect(rec.message).toBe(
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to a terminating pod on the nominated node..',
    );
  });

  it('system-cluster-critical pods preempt ordinary ones (priority 2000000000 from the built-in class)', () => {
    const env = newEnv();
    priorityClass(env, 'system-cluster-critical', 2000000000);
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'app', cpu: '800m' }));
    env.settle();
    env.createPod(
      pod({
        name: 'dns',
        namespace: 'kube-system',
        cpu: '500m',
        spec: { priorityClassName: 'system-cluster-critical' },
      }),
    );
    env.settle();
    expect((podOf(env, 'dns', 'kube-system') as Pod).spec!.priority).toBe(2000000000);
    expect(podOf(env, 'app')!.metadata!.deletionTimestamp).toBeDefined();
  });

  it('a globalDefault PriorityClass gives pods without a class its value', () => {
    const env = newEnv();
    priorityClass(env, 'everyone', 100, { globalDefault: true });
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'a', cpu: '800m' }));
    env.settle();
    expect(podOf(env, 'a')!.spec!.priority).toBe(100);
  });
});

describe('pickOneNodeForPreemption', () => {
  const p = (priority: number, startTime?: string): Pod => ({
    spec: { containers: [], priority },
    status: { startTime },
  });
  const c = (name: string, victims: Pod[], numPDBViolations = 0): [string, Candidate] => [
    name,
    { name, victims, numPDBViolations },
  ];

  it('criteria in order: PDB violations, highest victim priority, sum of priorities, victim count, latest start, first', () => {
    expect(pickOneNodeForPreemption(new Map([c('a', [p(1)], 1), c('b', [p(5)], 0)]), 0)).toBe('b');
    expect(pickOneNodeForPreemption(new Map([c('a', [p(5)]), c('b', [p(3), p(3)])]), 0)).toBe('b');
    expect(pickOneNodeForPreemption(new Map([c('a', [p(3), p(2)]), c('b', [p(3), p(1)])]), 0)).toBe('b');
    // Priorities are summed with MaxInt32+1 added to each, so fewer victims usually win already…
    expect(pickOneNodeForPreemption(new Map([c('a', [p(3), p(0)]), c('b', [p(3)])]), 0)).toBe('b');
    // …and the victim count decides only when the sums are equal (the lowest priority adds 0).
    expect(pickOneNodeForPreemption(new Map([c('a', [p(3), p(-2147483648)]), c('b', [p(3)])]), 0)).toBe('b');
  });

  it('latest start time of the highest-priority victims wins a tie', () => {
    const m = new Map([c('a', [p(3, '2026-01-01T00:00:00Z')]), c('b', [p(3, '2026-01-01T00:05:00Z')])]);
    expect(pickOneNodeForPreemption(m, Date.parse('2026-01-01T01:00:00Z'))).toBe('b');
    const tie = new Map([c('a', [p(3, '2026-01-01T00:00:00Z')]), c('b', [p(3, '2026-01-01T00:00:00Z')])]);
    expect(pickOneNodeForPreemption(tie, 0)).toBe('a');
  });
});
