/**
 * generateAPIPodStatus against printPod: for each situation of reference §8.4, the status the
 * kubelet writes gives the STATUS / READY / RESTARTS columns kubectl shows.
 */
import type { Container, Pod, PodStatus } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { podSummary } from '../../../../src/engine/api/printers/pod';
import {
  generateAPIPodStatus,
  normalizeStatus,
  type ReasonInfo,
  type RuntimeContainerStatus,
} from '../../../../src/engine/kubelet/status/generate';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const T = (s: number) => NOW - s * 1000;

function pod(
  containers: Container[],
  opts: { init?: Container[]; restartPolicy?: string; deleting?: boolean; status?: PodStatus } = {},
): Pod {
  return {
    metadata: {
      name: 'p',
      namespace: 'default',
      uid: 'u1',
      ...(opts.deleting ? { deletionTimestamp: '2026-01-01T00:59:00Z' } : {}),
    },
    spec: {
      containers,
      initContainers: opts.init,
      restartPolicy: opts.restartPolicy ?? 'Always',
    } as Pod['spec'],
    status: opts.status,
  };
}
const ctr = (name: string, extra: Partial<Container> = {}): Container => ({
  name,
  image: 'busybox:1.36.1',
  ...extra,
});
let seq = 0;
const rc = (
  name: string,
  state: RuntimeContainerStatus['state'],
  extra: Partial<RuntimeContainerStatus> = {},
): RuntimeContainerStatus => ({
  id: (++seq).toString(16).padStart(64, '0'),
  name,
  state,
  createdAt: T(100) + seq,
  startedAt: state === 'created' ? undefined : T(90),
  finishedAt: state === 'exited' ? T(10) : undefined,
  image: 'docker.io/library/busybox:1.36.1',
  imageRef: 'docker.io/library/busybox@sha256:' + 'a'.repeat(64),
  restartCount: 0,
  ...extra,
});

function row(
  p: Pod,
  containers: RuntimeContainerStatus[],
  opts: {
    reasons?: Record<string, ReasonInfo>;
    ready?: string[];
    started?: string[];
    sandbox?: boolean;
    terminal?: boolean;
  } = {},
): [string, string, string] {
  const readySet = new Set(opts.ready ?? containers.filter((c) => c.state === 'running').map((c) => c.name));
  const status = generateAPIPodStatus({
    pod: p,
    runtime: {
      ips: opts.sandbox === false ? [] : ['10.244.0.5'],
      sandboxReady: opts.sandbox !== false,
      containers: [...containers].sort((a, b) => b.createdAt - a.createdAt),
    },
    oldStatus: p.status ?? {},
    reasonCache: (n) => opts.reasons?.[n],
    probes: {
      started: (n) => (opts.started ? opts.started.includes(n) : true),
      ready: (n) => readySet.has(n),
    },
    podIsTerminal: !!opts.terminal,
    hostIP: '172.18.0.2',
  });
  const full: Pod = { ...p, status: normalizeStatus(status, p.status ?? {}, NOW) };
  const s = podSummary(full, NOW);
  return [s.ready, s.status, s.restarts];
}

describe('the columns of the statuses the kubelet writes (§8.4)', () => {
  it('ContainerCreating before the sandbox and while pulling', () => {
    expect(row(pod([ctr('web')]), [], { sandbox: false })).toEqual(['0/1', 'ContainerCreating', '0']);
    expect(row(pod([ctr('web')]), [])).toEqual(['0/1', 'ContainerCreating', '0']);
  });

  it('Running, READY follows readiness', () => {
    expect(row(pod([ctr('web')]), [rc('web', 'running')])).toEqual(['1/1', 'Running', '0']);
    expect(row(pod([ctr('web')]), [rc('web', 'running')], { ready: [] })).toEqual(['0/1', 'Running', '0']);
    expect(
      row(pod([ctr('a'), ctr('b')]), [rc('a', 'running'), rc('b', 'running')], { ready: ['a'] }),
    ).toEqual(['1/2', 'Running', '0']);
  });

  it('waiting reasons from the reason cache: ErrImagePull, ImagePullBackOff, CreateContainerConfigError', () => {
    for (const reason of [
      'ErrImagePull',
      'ImagePullBackOff',
      'CreateContainerConfigError',
      'InvalidImageName',
      'ErrImageNeverPull',
      'RunContainerError',
    ]) {
      expect(row(pod([ctr('web')]), [], { reasons: { web: { reason, message: 'm' } } })).toEqual([
        '0/1',
        reason,
        '0',
      ]);
    }
  });

  it('Error → CrashLoopBackOff with RESTARTS "n (Ns ago)"', () => {
    const dead = rc('web', 'exited', { exitCode: 1, reason: 'Error', restartCount: 2 });
    expect(row(pod([ctr('web')]), [dead])).toEqual(['0/1', 'Error', '2']);
    expect(
      row(pod([ctr('web')]), [
        dead,
        rc('web', 'exited', {
          exitCode: 1,
          reason: 'Error',
          restartCount: 1,
          createdAt: T(200),
          finishedAt: T(150),
        }),
      ]),
    ).toEqual(['0/1', 'Error', '2 (2m30s ago)']);
    expect(
      row(
        pod([ctr('web')]),
        [
          dead,
          rc('web', 'exited', {
            exitCode: 1,
            reason: 'Error',
            restartCount: 1,
            createdAt: T(200),
            finishedAt: T(150),
          }),
        ],
        { reasons: { web: { reason: 'CrashLoopBackOff', message: 'back-off 20s …' } } },
      ),
    ).toEqual(['0/1', 'CrashLoopBackOff', '2 (10s ago)']);
  });

  it('OOMKilled, Completed and Error as terminated reasons; the phases', () => {
    const oom = rc('web', 'exited', { exitCode: 137, reason: 'OOMKilled' });
    expect(row(pod([ctr('web')]), [oom])).toEqual(['0/1', 'OOMKilled', '0']);
    expect(
      row(pod([ctr('c')], { restartPolicy: 'Never' }), [
        rc('c', 'exited', { exitCode: 0, reason: 'Completed' }),
      ]),
    ).toEqual(['0/1', 'Completed', '0']);
    expect(
      row(pod([ctr('c')], { restartPolicy: 'Never' }), [rc('c', 'exited', { exitCode: 3, reason: 'Error' })]),
    ).toEqual(['0/1', 'Error', '0']);
  });

  it('NotReady: one container completed while another runs, pod not Ready', () => {
    expect(
      row(pod([ctr('a'), ctr('b')], { restartPolicy: 'OnFailure' }), [
        rc('a', 'exited', { exitCode: 0, reason: 'Completed' }),
        rc('b', 'running'),
      ]),
    ).toEqual(['1/2', 'NotReady', '0']);
  });

  it('init containers: Init:0/2, Init:1/2, Init:Error, Init:CrashLoopBackOff, PodInitializing', () => {
    const init = [ctr('i1'), ctr('i2')];
    const p = pod([ctr('web')], { init });
    expect(row(p, [])).toEqual(['0/1', 'Init:0/2', '0']);
    expect(row(p, [rc('i1', 'running')])).toEqual(['0/1', 'Init:0/2', '0']);
    expect(row(p, [rc('i1', 'exited', { exitCode: 0, reason: 'Completed' }), rc('i2', 'running')])).toEqual([
      '0/1',
      'Init:1/2',
      '0',
    ]);
    expect(row(p, [rc('i1', 'exited', { exitCode: 1, reason: 'Error' })])).toEqual([
      '0/1',
      'Init:Error',
      '0',
    ]);
    expect(
      row(p, [rc('i1', 'exited', { exitCode: 1, reason: 'Error', restartCount: 2 })], {
        reasons: { i1: { reason: 'CrashLoopBackOff', message: '' } },
      }),
    ).toEqual(['0/1', 'Init:CrashLoopBackOff', '2 (10s ago)']);
    expect(
      row(p, [
        rc('i1', 'exited', { exitCode: 0, reason: 'Completed' }),
        rc('i2', 'exited', { exitCode: 0, reason: 'Completed' }),
      ]),
    ).toEqual(['0/1', 'PodInitializing', '0']);
    expect(
      row(p, [
        rc('i1', 'exited', { exitCode: 0, reason: 'Completed' }),
        rc('i2', 'exited', { exitCode: 0, reason: 'Completed' }),
        rc('web', 'running'),
      ]),
    ).toEqual(['1/1', 'Running', '0']);
    expect(
      row(pod([ctr('web')], { init: [ctr('i1')], restartPolicy: 'Never' }), [
        rc('i1', 'exited', { exitCode: 2, reason: 'Error' }),
      ]),
    ).toEqual(['0/1', 'Init:Error', '0']);
  });

  it('sidecars count in READY and gate the next init container until started', () => {
    const p = pod([ctr('web')], { init: [ctr('proxy', { restartPolicy: 'Always' }), ctr('setup')] });
    expect(row(p, [rc('proxy', 'running')], { started: [] })).toEqual(['0/2', 'Init:0/2', '0']);
    expect(row(p, [rc('proxy', 'running'), rc('setup', 'running')], { started: ['proxy', 'setup'] })).toEqual(
      ['1/2', 'Init:1/2', '0'],
    );
    expect(
      row(p, [
        rc('proxy', 'running'),
        rc('setup', 'exited', { exitCode: 0, reason: 'Completed' }),
        rc('web', 'running'),
      ]),
    ).toEqual(['2/2', 'Running', '0']);
  });

  it('Terminating while deleted', () => {
    expect(row(pod([ctr('web')], { deleting: true }), [rc('web', 'running')])).toEqual([
      '1/1',
      'Terminating',
      '0',
    ]);
  });

  it('conditions: reasons and messages of the unready ones', () => {
    const p = pod([ctr('web')], { init: [ctr('i1')] });
    const s = generateAPIPodStatus({
      pod: p,
      runtime: { ips: [], sandboxReady: false, containers: [] },
      oldStatus: {},
      reasonCache: () => undefined,
      probes: { started: () => true, ready: () => false },
      podIsTerminal: false,
      hostIP: '172.18.0.2',
    });
    expect(s.conditions).toEqual([
      { type: 'PodReadyToStartContainers', status: 'False' },
      {
        type: 'Initialized',
        status: 'False',
        reason: 'ContainersNotInitialized',
        message: 'containers with incomplete status: [i1]',
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [web]',
      },
      {
        type: 'ContainersReady',
        status: 'False',
        reason: 'ContainersNotReady',
        message: 'containers with unready status: [web]',
      },
      { type: 'PodScheduled', status: 'True' },
    ]);
    expect(s.phase).toBe('Pending');
    expect(s.initContainerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(s.containerStatuses![0]!.state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('container statuses are sorted by name; init containers keep spec order', () => {
    const p = pod([ctr('zeta'), ctr('alpha')], { init: [ctr('z-init'), ctr('a-init')] });
    const s = generateAPIPodStatus({
      pod: p,
      runtime: { ips: [], sandboxReady: true, containers: [] },
      oldStatus: {},
      reasonCache: () => undefined,
      probes: { started: () => true, ready: () => true },
      podIsTerminal: false,
      hostIP: '172.18.0.2',
    });
    expect(s.containerStatuses!.map((c) => c.name)).toEqual(['alpha', 'zeta']);
    expect(s.initContainerStatuses!.map((c) => c.name)).toEqual(['z-init', 'a-init']);
  });

  it('normalizeStatus keeps lastTransitionTime while a condition is unchanged', () => {
    const old: PodStatus = {
      conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:10:00Z' }],
    };
    const next = normalizeStatus(
      {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'ContainersReady', status: 'False' },
        ],
      },
      old,
      NOW,
    );
    expect(next.conditions).toEqual([
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2026-01-01T00:10:00Z' },
      {
        type: 'ContainersReady',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: '2026-01-01T01:00:00Z',
      },
    ]);
    expect(next.startTime).toBe('2026-01-01T01:00:00Z');
  });
});
