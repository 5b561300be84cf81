/**
 * Pod READY / STATUS / RESTARTS exactly as printPod derives them: the upstream TestPrintPod and
 * TestPrintPodWithRestartableInitContainer cases of reference §8.4, and the typical statuses a
 * learner sees.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { podSummary, toTable } from '../../../../src/engine/api/printers';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');

type Status = NonNullable<Pod['status']>;
type CS = NonNullable<Status['containerStatuses']>[number];

function pod(
  containers: number,
  status: Status,
  extra: Partial<NonNullable<Pod['spec']>> = {},
  meta = {},
): Pod {
  return {
    metadata: { name: 'p', ...meta },
    spec: { containers: Array.from({ length: containers }, (_, i) => ({ name: `c${i}` })), ...extra },
    status,
  };
}

const cs = (name: string, extra: Partial<CS> = {}): CS => ({
  name,
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
  ...extra,
});
const running = { running: { startedAt: ago(100) } };
const restartedAgo = (s: number) => ({ terminated: { exitCode: 1, finishedAt: ago(s) } });

const summary = (p: Pod): [string, string, string] => {
  const s = podSummary(p, NOW);
  return [s.ready, s.status, s.restarts];
};

describe('printPod: upstream TestPrintPod cases', () => {
  it('test1: phase, one ready running container, restarts summed', () => {
    const p = pod(2, {
      phase: 'podPhase',
      containerStatuses: [
        cs('c0', { ready: true, restartCount: 3, state: running }),
        cs('c1', { restartCount: 3 }),
      ],
    });
    expect(summary(p)).toEqual(['1/2', 'podPhase', '6']);
  });

  it('test2: a waiting reason replaces the phase', () => {
    const p = pod(2, {
      phase: 'podPhase',
      containerStatuses: [
        cs('c0', { ready: true, restartCount: 3, state: running }),
        cs('c1', { restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } }),
      ],
    });
    expect(summary(p)).toEqual(['1/2', 'ContainerWaitingReason', '6']);
  });

  it('test3: the first container with a reason wins', () => {
    const p = pod(2, {
      phase: 'podPhase',
      containerStatuses: [
        cs('c0', { restartCount: 3, state: { waiting: { reason: 'ContainerWaitingReason' } } }),
        cs('c1', {
          restartCount: 3,
          state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } },
        }),
      ],
    });
    expect(summary(p)).toEqual(['0/2', 'ContainerWaitingReason', '6']);
  });

  it('test4: ready but not running does not count as ready', () => {
    const p = pod(2, {
      phase: 'podPhase',
      containerStatuses: [
        cs('c0', { ready: true, restartCount: 3, state: running }),
        cs('c1', { ready: true, restartCount: 3 }),
      ],
    });
    expect(summary(p)).toEqual(['1/2', 'podPhase', '6']);
  });

  it('test5: status.reason replaces the phase', () => {
    const p = pod(2, {
      phase: 'podPhase',
      reason: 'podReason',
      containerStatuses: [
        cs('c0', { ready: true, restartCount: 3, state: running }),
        cs('c1', { restartCount: 3 }),
      ],
    });
    expect(summary(p)).toEqual(['1/2', 'podReason', '6']);
  });

  it('test6: Completed with a running container is NotReady, or Running with the Ready condition', () => {
    const statuses = [
      cs('c0', { ready: true, restartCount: 3, state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
      cs('c1', { ready: true, restartCount: 3, state: running }),
    ];
    expect(summary(pod(2, { phase: 'Running', containerStatuses: statuses }))).toEqual([
      '1/2',
      'NotReady',
      '6',
    ]);
    expect(
      summary(
        pod(2, {
          phase: 'Running',
          containerStatuses: statuses,
          conditions: [{ type: 'Ready', status: 'True' }],
        }),
      ),
    ).toEqual(['1/2', 'Running', '6']);
  });

  it('test7/8: an init container running: Init:0/1, Init:0/2 with its restarts and when', () => {
    const init = cs('i0', { restartCount: 3, state: running, lastState: restartedAgo(10) });
    const waiting = cs('c0', { state: { waiting: {} } });
    expect(
      summary(
        pod(
          1,
          { phase: 'Pending', initContainerStatuses: [init], containerStatuses: [waiting] },
          { initContainers: [{ name: 'i0' }] },
        ),
      ),
    ).toEqual(['0/1', 'Init:0/1', '3 (10s ago)']);
    expect(
      summary(
        pod(
          1,
          {
            phase: 'Pending',
            initContainerStatuses: [init, cs('i1', { state: { waiting: {} } })],
            containerStatuses: [waiting],
          },
          { initContainers: [{ name: 'i0' }, { name: 'i1' }] },
        ),
      ),
    ).toEqual(['0/1', 'Init:0/2', '3 (10s ago)']);
  });

  it('test9/10: the second init container running: Init:1/2, the latest restart is shown', () => {
    const inits = [{ name: 'i0' }, { name: 'i1' }];
    const done = cs('i0', { state: { terminated: { exitCode: 0, reason: 'Completed' } } });
    const runningInit = cs('i1', { restartCount: 3, state: running, lastState: restartedAgo(10) });
    expect(
      summary(
        pod(1, { phase: 'Pending', initContainerStatuses: [done, runningInit] }, { initContainers: inits }),
      ),
    ).toEqual(['0/1', 'Init:1/2', '3 (10s ago)']);
    const doneWithRestarts = cs('i0', {
      restartCount: 2,
      state: { terminated: { exitCode: 0, reason: 'Completed' } },
      lastState: restartedAgo(120),
    });
    expect(
      summary(
        pod(
          1,
          { phase: 'Pending', initContainerStatuses: [doneWithRestarts, runningInit] },
          { initContainers: inits },
        ),
      ),
    ).toEqual(['0/1', 'Init:1/2', '5 (10s ago)']);
  });

  it('test11: init restarts are dropped once the pod is initialized', () => {
    const p = pod(
      1,
      {
        phase: 'Running',
        initContainerStatuses: [
          cs('i0', {
            restartCount: 2,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
            lastState: restartedAgo(120),
          }),
        ],
        containerStatuses: [cs('c0', { restartCount: 4, state: running, lastState: restartedAgo(20) })],
      },
      { initContainers: [{ name: 'i0' }] },
    );
    expect(summary(p)).toEqual(['0/1', 'Running', '4 (20s ago)']);
  });

  it('test12-14: restarts with the most recent termination of any container', () => {
    const day = 24 * 3600;
    expect(
      summary(
        pod(1, {
          phase: 'Running',
          containerStatuses: [
            cs('c0', { ready: true, restartCount: 3, state: running, lastState: restartedAgo(5 * day) }),
          ],
        }),
      ),
    ).toEqual(['1/1', 'Running', '3 (5d ago)']);
    expect(
      summary(
        pod(2, {
          phase: 'Running',
          containerStatuses: [
            cs('c0', { ready: true, state: running }),
            cs('c1', { ready: true, restartCount: 3, state: running, lastState: restartedAgo(10 * day) }),
          ],
        }),
      ),
    ).toEqual(['2/2', 'Running', '3 (10d ago)']);
    expect(
      summary(
        pod(2, {
          phase: 'Running',
          containerStatuses: [
            cs('c0', { ready: true, restartCount: 6, state: running, lastState: restartedAgo(5 * day) }),
            cs('c1', { ready: true, restartCount: 3, state: running, lastState: restartedAgo(20 * day) }),
          ],
        }),
      ),
    ).toEqual(['2/2', 'Running', '9 (5d ago)']);
  });

  it('test15: SchedulingGated', () => {
    const p = pod(2, {
      phase: 'Pending',
      conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
    });
    expect(summary(p)).toEqual(['0/2', 'SchedulingGated', '0']);
  });

  it('test16-20: Completed, Error, and Terminating only for non-terminal phases', () => {
    const completed = [cs('c0', { state: { terminated: { exitCode: 0, reason: 'Completed' } } })];
    const error = [cs('c0', { state: { terminated: { exitCode: 1, reason: 'Error' } } })];
    const deleting = { deletionTimestamp: ago(5) };
    expect(summary(pod(1, { phase: 'Succeeded', containerStatuses: completed }))).toEqual([
      '0/1',
      'Completed',
      '0',
    ]);
    expect(summary(pod(1, { phase: 'Failed', containerStatuses: error }))).toEqual(['0/1', 'Error', '0']);
    expect(summary(pod(1, { phase: 'Succeeded', containerStatuses: completed }, {}, deleting))).toEqual([
      '0/1',
      'Completed',
      '0',
    ]);
    expect(
      summary(pod(1, { phase: 'Running', containerStatuses: [cs('c0', { state: running })] }, {}, deleting)),
    ).toEqual(['0/1', 'Terminating', '0']);
    expect(summary(pod(1, { phase: 'Pending' }, {}, deleting))).toEqual(['0/1', 'Terminating', '0']);
  });
});

describe('printPod: sidecars (TestPrintPodWithRestartableInitContainer)', () => {
  const inits = [
    { name: 'sidecar0', restartPolicy: 'Always' },
    { name: 'sidecar1', restartPolicy: 'Always' },
  ];
  it('a sidecar not yet started: Init:0/2, sidecars count in READY', () => {
    const p = pod(
      1,
      {
        phase: 'Pending',
        initContainerStatuses: [
          cs('sidecar0', { restartCount: 3, state: running, started: false, lastState: restartedAgo(10) }),
          cs('sidecar1', { state: { waiting: {} } }),
        ],
        containerStatuses: [cs('c0', { state: { waiting: {} } })],
      },
      { initContainers: inits },
    );
    expect(summary(p)).toEqual(['0/3', 'Init:0/2', '3 (10s ago)']);
  });

  it('the first sidecar started, the second not: Init:1/2', () => {
    const p = pod(
      1,
      {
        phase: 'Pending',
        initContainerStatuses: [
          cs('sidecar0', { restartCount: 3, state: running, started: true, lastState: restartedAgo(10) }),
          cs('sidecar1', { state: running, started: false }),
        ],
        containerStatuses: [cs('c0', { state: { waiting: {} } })],
      },
      { initContainers: inits },
    );
    expect(summary(p)).toEqual(['0/3', 'Init:1/2', '3 (10s ago)']);
  });

  it('both sidecars started and the pod initialized: sidecar restarts are kept', () => {
    const p = pod(
      1,
      {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          cs('sidecar0', { restartCount: 3, state: running, started: true, lastState: restartedAgo(10) }),
          cs('sidecar1', { state: running, started: true }),
        ],
        containerStatuses: [
          cs('c0', { ready: true, restartCount: 4, state: running, lastState: restartedAgo(20) }),
        ],
      },
      { initContainers: inits },
    );
    expect(summary(p)).toEqual(['1/3', 'Running', '7 (10s ago)']);
  });

  it('sidecars terminated after the main container completed: Completed', () => {
    const p = pod(
      1,
      {
        phase: 'Succeeded',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          cs('sidecar0', {
            restartCount: 3,
            started: false,
            state: { terminated: { exitCode: 137, reason: 'Error' } },
            lastState: restartedAgo(10),
          }),
          cs('sidecar1', { started: false, state: { terminated: { exitCode: 137, reason: 'Error' } } }),
        ],
        containerStatuses: [
          cs('c0', {
            restartCount: 4,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
            lastState: restartedAgo(20),
          }),
        ],
      },
      { initContainers: inits },
    );
    expect(summary(p)).toEqual(['0/3', 'Completed', '7 (10s ago)']);
  });

  it('statuses for unknown container names are not sidecars', () => {
    const p = pod(
      1,
      {
        phase: 'Running',
        initContainerStatuses: [cs('initinvalid'), cs('sidecarinvalid')],
        containerStatuses: [cs('containerinvalid')],
      },
      { initContainers: [{ name: 'init1' }, { name: 'sidecar1', restartPolicy: 'Always' }] },
    );
    expect(summary(p)).toEqual(['0/2', 'Init:0/2', '0']);
  });
});

describe('printPod: statuses a learner sees', () => {
  const one = (state: CS['state'], extra: Partial<CS> = {}, phase = 'Running') =>
    summary(pod(1, { phase, containerStatuses: [cs('c0', { state, ...extra })] }));

  it('waiting reasons', () => {
    expect(one({ waiting: { reason: 'ContainerCreating' } }, {}, 'Pending')[1]).toBe('ContainerCreating');
    expect(one({ waiting: { reason: 'ErrImagePull' } }, {}, 'Pending')[1]).toBe('ErrImagePull');
    expect(one({ waiting: { reason: 'ImagePullBackOff' } }, {}, 'Pending')[1]).toBe('ImagePullBackOff');
    expect(one({ waiting: { reason: 'CreateContainerConfigError' } }, {}, 'Pending')[1]).toBe(
      'CreateContainerConfigError',
    );
  });

  it('CrashLoopBackOff with `5 (70s ago)`', () => {
    expect(
      one({ waiting: { reason: 'CrashLoopBackOff' } }, { restartCount: 5, lastState: restartedAgo(70) }),
    ).toEqual(['0/1', 'CrashLoopBackOff', '5 (70s ago)']);
  });

  it('terminated without a reason: ExitCode:N or Signal:N; OOMKilled', () => {
    expect(one({ terminated: { exitCode: 3 } })[1]).toBe('ExitCode:3');
    expect(one({ terminated: { exitCode: 137, signal: 9 } })[1]).toBe('Signal:9');
    expect(one({ terminated: { exitCode: 137, reason: 'OOMKilled' } })[1]).toBe('OOMKilled');
  });

  it('init container failures and PodInitializing', () => {
    const inits = { initContainers: [{ name: 'i0' }, { name: 'i1' }] };
    const withInit = (s: CS, main?: CS) =>
      summary(
        pod(
          1,
          { phase: 'Pending', initContainerStatuses: [s], containerStatuses: main ? [main] : [] },
          inits,
        ),
      );
    expect(withInit(cs('i0', { state: { waiting: { reason: 'CrashLoopBackOff' } } }))[1]).toBe(
      'Init:CrashLoopBackOff',
    );
    expect(withInit(cs('i0', { state: { waiting: { reason: 'ErrImagePull' } } }))[1]).toBe(
      'Init:ErrImagePull',
    );
    expect(withInit(cs('i0', { state: { terminated: { exitCode: 1, reason: 'Error' } } }))[1]).toBe(
      'Init:Error',
    );
    expect(withInit(cs('i0', { state: { terminated: { exitCode: 2 } } }))[1]).toBe('Init:ExitCode:2');
    expect(withInit(cs('i0', { state: { terminated: { exitCode: 2, signal: 9 } } }))[1]).toBe(
      'Init:Signal:9',
    );
    // A waiting reason of PodInitializing on an init container is not shown as such.
    expect(withInit(cs('i0', { state: { waiting: { reason: 'PodInitializing' } } }))[1]).toBe('Init:0/2');
    // All init containers done; the main container is still waiting on PodInitializing.
    const allDone = summary(
      pod(
        1,
        {
          phase: 'Pending',
          initContainerStatuses: [
            cs('i0', { state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
            cs('i1', { state: { terminated: { exitCode: 0, reason: 'Completed' } } }),
          ],
          containerStatuses: [cs('c0', { state: { waiting: { reason: 'PodInitializing' } } })],
        },
        inits,
      ),
    );
    expect(allDone).toEqual(['0/1', 'PodInitializing', '0']);
  });

  it('Evicted and other kubelet reasons, NodeLost while deleting', () => {
    expect(summary(pod(1, { phase: 'Failed', reason: 'Evicted' }))[1]).toBe('Evicted');
    // a container's reason still overrides the pod's
    expect(
      summary(
        pod(1, {
          phase: 'Failed',
          reason: 'Evicted',
          containerStatuses: [
            cs('c0', { state: { terminated: { exitCode: 137, reason: 'ContainerStatusUnknown' } } }),
          ],
        }),
      )[1],
    ).toBe('ContainerStatusUnknown');
    expect(
      summary(pod(1, { phase: 'Running', reason: 'NodeLost' }, {}, { deletionTimestamp: ago(1) }))[1],
    ).toBe('Unknown');
  });

  it('a restart without a recorded termination time is a bare count', () => {
    expect(one({ running: {} }, { restartCount: 2 })[2]).toBe('2');
  });
});

describe('pod table rows', () => {
  const obj = (p: Pod): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', ...p }) as unknown as KubeObject;

  it('has the wide cells: IP, NODE, NOMINATED NODE, READINESS GATES (reference wide test)', () => {
    const p = pod(
      1,
      {
        phase: 'podPhase',
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        nominatedNodeName: 'node1',
        conditions: [
          { type: 'condition1', status: 'False' },
          { type: 'condition2', status: 'True' },
          { type: 'condition3', status: 'False' },
        ],
        containerStatuses: [cs('c0', { ready: true, restartCount: 3, state: running })],
      },
      {
        nodeName: 'test1',
        readinessGates: [
          { conditionType: 'condition1' },
          { conditionType: 'condition2' },
          { conditionType: 'condition3' },
        ],
      },
    );
    const t = toTable({ group: '', resource: 'pods' }, obj(p), { now: NOW });
    expect(t.rows[0]!.cells).toEqual([
      'p',
      '1/1',
      'podPhase',
      '3',
      '<unknown>',
      '1.1.1.1',
      'test1',
      'node1',
      '1/3',
    ]);
    const bare = toTable({ group: '', resource: 'pods' }, obj(pod(1, { phase: 'Pending' })), { now: NOW });
    expect(bare.rows[0]!.cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('fills IP from status.podIP when podIPs is empty, and marks finished pods Completed', () => {
    const t = toTable(
      { group: '', resource: 'pods' },
      [
        obj(pod(1, { phase: 'Succeeded', podIP: '10.0.0.9' })),
        obj(pod(1, { phase: 'Failed' })),
        obj(pod(1, { phase: 'Running' })),
      ],
      { now: NOW },
    );
    expect(t.rows[0]!.cells[5]).toBe('10.0.0.9');
    expect(t.rows[0]!.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(t.rows[1]!.conditions).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    expect(t.rows[2]!.conditions).toBeUndefined();
  });
});
