/**
 * FailedScheduling: the examples of reference §10.3 reproduced by the scheduler itself (event
 * message, PodScheduled condition), and the FitError formatter on its own.
 */
import { describe, expect, it } from 'vitest';
import { fitErrorMessage } from '../../../../src/engine/scheduler/framework/fit-error';
import { Code, Status, newDiagnosis } from '../../../../src/engine/scheduler/framework/types';
import { eventsFor, newEnv, node, pod, podOf, scheduledCondition, type Env } from './helpers';

const CP_TAINT = [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }];

function failedScheduling(env: Env, name: string): string[] {
  return eventsFor(env, name)
    .filter((e) => e.reason === 'FailedScheduling')
    .map((e) => e.message);
}

describe('§10.3 examples, produced by the scheduler', () => {
  it('0/1 nodes: 1 Insufficient cpu; preemption finds no victims', () => {
    const env = newEnv();
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'big', cpu: '2' }));
    env.settle();
    const msg =
      '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod..';
    expect(failedScheduling(env, 'big')).toEqual([msg]);
    const cond = scheduledCondition(podOf(env, 'big'));
    expect(cond).toMatchObject({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: msg,
    });
    expect(podOf(env, 'big')!.spec!.nodeName).toBeUndefined();
  });

  it('0/3 nodes: the control-plane taint and Insufficient cpu; preemption is not helpful on the tainted node', () => {
    const env = newEnv();
    env.createNode(node('cp', { cpu: '8', taints: CP_TAINT }));
    env.createNode(node('w1', { cpu: '1' }));
    env.createNode(node('w2', { cpu: '1' }));
    env.createPod(pod({ name: 'big', cpu: '2' }));
    env.settle();
    expect(failedScheduling(env, 'big')).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
    ]);
  });

  it('0/2 nodes: one node contributes two reasons; the histogram is sorted as strings', () => {
    const env = newEnv();
    env.createNode(node('n1', { cpu: '1', memory: '1Gi' }));
    env.createNode(node('n2', { cpu: '1', memory: '8Gi' }));
    env.createPod(pod({ name: 'big', cpu: '2', memory: '2Gi' }));
    env.settle();
    expect(failedScheduling(env, 'big')).toEqual([
      '0/2 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod..',
    ]);
  });

  it('0/5 nodes with a taint, a cordoned node and Insufficient memory (as v1.32 prints it)', () => {
    // Reference §10.3 lists this case as "3 Insufficient memory, 1 node(s) had untolerated taint
    // {dedicated: gpu}, 1 node(s) were unschedulable. preemption: … 5 No preemption victims found
    // for incoming pod." — an unsorted histogram ending in one dot, which v1.32's FitError.Error()
    // cannot produce: it sorts the histogram, appends " %v." to the preemption message (hence
    // ".."), and the taint and the cordon are UnschedulableAndUnresolvable, for which preemption
    // reports "Preemption is not helpful for scheduling".
    const env = newEnv();
    for (const n of ['m1', 'm2', 'm3']) env.createNode(node(n, { memory: '1Gi' }));
    env.createNode(node('gpu', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }));
    env.createNode(node('cordoned', { unschedulable: true }));
    env.createPod(pod({ name: 'big', memory: '2Gi' }));
    env.settle();
    expect(failedScheduling(env, 'big')).toEqual([
      '0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable, 3 Insufficient memory. preemption: 0/5 nodes are available: 2 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod..',
    ]);
  });

  it('preemptionPolicy: Never', () => {
    const env = newEnv();
    env.call('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high-nonpreempting' },
      value: 1000000,
      preemptionPolicy: 'Never',
    });
    env.createNode(node('n1', { cpu: '1' }));
    env.createPod(pod({ name: 'big', cpu: '2', spec: { priorityClassName: 'high-nonpreempting' } }));
    env.settle();
    expect(failedScheduling(env, 'big')).toEqual([
      '0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..',
    ]);
  });

  it('no nodes at all', () => {
    const env = newEnv();
    env.createPod(pod({ name: 'p' }));
    env.settle();
    expect(failedScheduling(env, 'p')).toEqual(['no nodes available to schedule pods']);
    expect(scheduledCondition(podOf(env, 'p'))).toMatchObject({
      reason: 'Unschedulable',
      message: 'no nodes available to schedule pods',
    });
  });
});

describe('FitError.Error()', () => {
  it('a PreFilter message replaces the histogram (reference: missing PVC)', () => {
    const d = newDiagnosis();
    d.preFilterMsg = 'persistentvolumeclaim "rc-definitely-missing-pvc" not found';
    d.nodeToStatus.setAbsentNodesStatus(new Status(Code.UnschedulableAndUnresolvable, [d.preFilterMsg]));
    // The preemption part, as the reference quotes it (the simulator has no volume plugins).
    const pre = newDiagnosis();
    pre.nodeToStatus.setAbsentNodesStatus(
      new Status(Code.UnschedulableAndUnresolvable, ['No preemption victims found for incoming pod']),
    );
    d.postFilterMsg = `preemption: ${fitErrorMessage(3, pre)}`;
    expect(fitErrorMessage(3, d)).toBe(
      '0/3 nodes are available: persistentvolumeclaim "rc-definitely-missing-pvc" not found. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..',
    );
  });

  it('nodes absent from the map count with the absent-nodes reasons', () => {
    const d = newDiagnosis();
    d.nodeToStatus.set('a', new Status(Code.Unschedulable, ['Insufficient cpu']));
    d.nodeToStatus.setAbsentNodesStatus(
      new Status(Code.UnschedulableAndUnresolvable, ["node(s) didn't satisfy plugin(s) [NodeAffinity]"]),
    );
    expect(fitErrorMessage(4, d)).toBe(
      "0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't satisfy plugin(s) [NodeAffinity].",
    );
  });

  it('"10 …" sorts before "2 …" (string order, as Go sort.Strings)', () => {
    const d = newDiagnosis();
    for (let i = 0; i < 10; i++)
      d.nodeToStatus.set(`a${i}`, new Status(Code.Unschedulable, ['Insufficient cpu']));
    d.nodeToStatus.set('b1', new Status(Code.Unschedulable, ['Insufficient memory']));
    d.nodeToStatus.set('b2', new Status(Code.Unschedulable, ['Insufficient memory']));
    expect(fitErrorMessage(12, d)).toBe(
      '0/12 nodes are available: 10 Insufficient cpu, 2 Insufficient memory.',
    );
  });
});
