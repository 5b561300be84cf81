/**
 * generateAPIPodStatus (pkg/kubelet/kubelet_pods.go) and the condition generators
 * (pkg/kubelet/status/generate.go): from what the runtime knows about a pod's containers, the
 * kubelet's reason cache and the probe results, the PodStatus the API shows — phase, conditions,
 * IPs, and the container statuses whose waiting/terminated reasons become `kubectl get`'s STATUS
 * column (reference §8.4). Pure functions: easy to test case by case.
 */
import type { Container, ContainerStatus, Pod, PodCondition, PodStatus } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../controllers/framework/objects';
import { computePodQOS } from '../cm/qos';
import { cloneJson } from '../../api/objects';

export type RuntimeState = 'created' | 'running' | 'exited' | 'unknown';

/** kubecontainer.Status: one container instance as the runtime reports it. */
export interface RuntimeContainerStatus {
  id: string;
  name: string;
  state: RuntimeState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  /** `docker.io/library/nginx:1.25.3` */
  image: string;
  /** `docker.io/library/nginx@sha256:…` */
  imageRef: string;
  restartCount: number;
}

/** kubecontainer.PodStatus */
export interface RuntimePodStatus {
  ips: string[];
  /** The sandbox is ready with its network (PodReadyToStartContainers). */
  sandboxReady: boolean;
  /** Every known container instance, newest first. */
  containers: RuntimeContainerStatus[];
}

export interface ReasonInfo {
  reason: string;
  message: string;
}

export interface ProbeView {
  /** Startup probe passed (or there is none) for this running container. */
  started(containerName: string, containerID: string, kind: 'init' | 'regular'): boolean;
  /** Readiness: probe result Success, or no readiness probe. */
  ready(containerName: string, containerID: string, kind: 'init' | 'regular'): boolean;
}

export interface GenerateInput {
  pod: Pod;
  runtime: RuntimePodStatus;
  /** The status manager's last status (or the API's). */
  oldStatus: PodStatus;
  reasonCache(containerName: string): ReasonInfo | undefined;
  probes: ProbeView;
  podIsTerminal: boolean;
  hostIP: string;
  /** An eviction or admission rejection: phase Failed with this reason and message. */
  evict?: { reason: string; message: string };
}

const CONTAINER_CREATING = 'ContainerCreating';
const POD_INITIALIZING = 'PodInitializing';

export const isRestartableInitContainer = (c: Container | undefined): boolean =>
  c?.restartPolicy === 'Always';

export function findLatest(status: RuntimePodStatus, name: string): RuntimeContainerStatus | undefined {
  return status.containers.find((c) => c.name === name);
}

/** kubecontainer.ShouldContainerBeRestarted */
export function shouldContainerBeRestarted(
  container: Container,
  pod: Pod,
  status: RuntimePodStatus,
  initContainer = false,
): boolean {
  if (pod.metadata?.deletionTimestamp) return false;
  const s = findLatest(status, container.name);
  if (!s) return true;
  if (s.state === 'running') return false;
  if (s.state === 'unknown' || s.state === 'created') return true;
  if (initContainer && isRestartableInitContainer(container)) return true;
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never') return false;
  if (policy === 'OnFailure' && s.exitCode === 0) return false;
  return true;
}

const t = (ms: number | undefined): string | null => (ms === undefined ? null : rfc3339(ms));

function convertContainerStatus(
  cs: RuntimeContainerStatus,
  old: ContainerStatus | undefined,
): ContainerStatus {
  const cid = `containerd://${cs.id}`;
  const status: ContainerStatus = {
    name: cs.name,
    state: {},
    lastState: {},
    ready: false,
    restartCount: cs.restartCount,
    image: cs.image,
    imageID: cs.imageRef,
    containerID: cid,
  };
  if (old?.volumeMounts) status.volumeMounts = old.volumeMounts;
  switch (cs.state) {
    case 'running':
      status.state = { running: { startedAt: t(cs.startedAt)! } };
      break;
    case 'created':
      status.state = { waiting: {} };
      break;
    case 'exited': {
      const term: Record<string, unknown> = { exitCode: cs.exitCode ?? 0 };
      if (cs.reason) term.reason = cs.reason;
      if (cs.message) term.message = cs.message;
      term.startedAt = t(cs.startedAt);
      term.finishedAt = t(cs.finishedAt);
      term.containerID = cid;
      status.state = { terminated: term as never };
      break;
    }
    default:
      if (old?.state?.running) {
        status.state = {
          terminated: {
            reason: 'ContainerStatusUnknown',
            message: 'The container could not be located when the pod was terminated',
            exitCode: 137,
          },
        };
        status.restartCount = (old.restartCount ?? 0) + 1;
      } else status.state = { waiting: {} };
  }
  return status;
}

function volumeMountStatuses(c: Container): ContainerStatus['volumeMounts'] {
  if (!c.volumeMounts || c.volumeMounts.length === 0) return undefined;
  return c.volumeMounts.map((m) => {
    const vm: Record<string, unknown> = { name: m.name, mountPath: m.mountPath };
    if (m.readOnly) {
      vm.readOnly = true;
      vm.recursiveReadOnly = 'Disabled';
    }
    return vm as never;
  });
}

/** convertToAPIContainerStatuses */
export function convertToAPIContainerStatuses(
  input: GenerateInput,
  previous: ContainerStatus[] | undefined,
  containers: Container[],
  hasInitContainers: boolean,
  kind: 'init' | 'regular' | 'ephemeral',
): ContainerStatus[] {
  const { pod, runtime } = input;
  const oldStatuses = new Map((previous ?? []).map((s) => [s.name, s]));
  const statuses = new Map<string, ContainerStatus>();
  const defaultWaiting = { waiting: { reason: hasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING } };
  for (const c of containers) {
    let status: ContainerStatus = {
      name: c.name,
      state: defaultWaiting,
      lastState: {},
      ready: false,
      restartCount: 0,
      image: c.image ?? '',
      imageID: '',
    };
    const vms = volumeMountStatuses(c);
    if (vms) status.volumeMounts = vms;
    const old = oldStatuses.get(c.name);
    if (old) {
      if (old.state?.terminated) status = cloneJson(old);
      else {
        status.restartCount = old.restartCount ?? 0;
        status.lastState = old.lastState ?? {};
      }
    }
    statuses.set(c.name, status);
  }
  // a container that disappeared from the runtime while running: terminated, unknown
  for (const c of containers) {
    if (runtime.containers.some((s) => s.name === c.name)) continue;
    const old = oldStatuses.get(c.name);
    if (!old || old.state?.terminated || !old.state?.running) continue;
    const status = statuses.get(c.name)!;
    const isDefault =
      status.state?.waiting?.reason === (hasInitContainers ? POD_INITIALIZING : CONTAINER_CREATING);
    if (!isDefault || status.lastState?.terminated) continue;
    status.lastState = {
      terminated: {
        reason: 'ContainerStatusUnknown',
        message:
          'The container could not be located when the pod was deleted.  The container used to be Running',
        exitCode: 137,
      },
    };
    if (!pod.metadata?.deletionTimestamp) status.restartCount = (status.restartCount ?? 0) + 1;
  }
  // the newest instance is the state, the one before it the last state
  const seen = new Map<string, number>();
  for (const cs of runtime.containers) {
    if (!statuses.has(cs.name)) continue;
    const n = seen.get(cs.name) ?? 0;
    if (n >= 2) continue;
    const converted = convertContainerStatus(cs, oldStatuses.get(cs.name));
    if (n === 0) {
      const vms = statuses.get(cs.name)!.volumeMounts;
      if (vms) converted.volumeMounts = vms;
      statuses.set(cs.name, converted);
    } else statuses.get(cs.name)!.lastState = converted.state;
    seen.set(cs.name, n + 1);
  }
  // containers that failed to start, or wait to be restarted: Waiting with the cached reason
  for (const c of containers) {
    if (kind === 'init') {
      const s = findLatest(runtime, c.name);
      if (s && s.state === 'exited' && s.exitCode === 0) continue;
    }
    if (kind === 'ephemeral') {
      const s = findLatest(runtime, c.name);
      if (s) continue;
    } else if (!shouldContainerBeRestarted(c, pod, runtime, kind === 'init')) continue;
    const status = statuses.get(c.name)!;
    const reason = input.reasonCache(c.name);
    if (!reason) continue;
    if (status.state?.terminated) status.lastState = status.state;
    status.state = { waiting: { reason: reason.reason, message: reason.message } };
  }
  // readiness and startup (prober manager UpdatePodStatus)
  for (const c of containers) {
    const s = statuses.get(c.name)!;
    const cid = (s.containerID ?? '').replace('containerd://', '');
    const running = !!s.state?.running;
    const probeKind = kind === 'init' ? 'init' : 'regular';
    const started = running && input.probes.started(c.name, cid, probeKind);
    s.started = started;
    if (kind === 'init' && !isRestartableInitContainer(c)) {
      s.ready = !!s.state?.terminated && s.state.terminated.exitCode === 0;
      continue;
    }
    s.ready = started && running && input.probes.ready(c.name, cid, probeKind);
  }
  const list = containers.map((c) => statuses.get(c.name)!);
  if (kind === 'init') return list;
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** getPhase */
export function getPhase(pod: Pod, info: ContainerStatus[], podIsTerminal: boolean): string {
  const spec = pod.spec!;
  const get = (name: string) => info.find((s) => s.name === name);
  let pendingInitialization = 0;
  let failedInitialization = 0;
  for (const c of spec.initContainers ?? []) {
    if (isRestartableInitContainer(c)) continue;
    const s = get(c.name);
    if (!s) {
      pendingInitialization++;
      continue;
    }
    if (s.state?.running) pendingInitialization++;
    else if (s.state?.terminated) {
      if (s.state.terminated.exitCode !== 0) failedInitialization++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) {
        if (s.lastState.terminated.exitCode !== 0) failedInitialization++;
      } else pendingInitialization++;
    } else pendingInitialization++;
  }
  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;
  for (const c of spec.initContainers ?? []) {
    if (!isRestartableInitContainer(c)) continue;
    const s = get(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) {
      if (!s.started) pendingInitialization++;
      running++;
    } else if (s.state?.terminated) {
      /* not counted */
    } else if (s.state?.waiting) {
      if (!s.lastState?.terminated) {
        pendingInitialization++;
        waiting++;
      }
    } else {
      pendingInitialization++;
      unknown++;
    }
  }
  for (const c of spec.containers ?? []) {
    const s = get(c.name);
    if (!s) {
      unknown++;
      continue;
    }
    if (s.state?.running) running++;
    else if (s.state?.terminated) {
      stopped++;
      if (s.state.terminated.exitCode === 0) succeeded++;
    } else if (s.state?.waiting) {
      if (s.lastState?.terminated) stopped++;
      else waiting++;
    } else unknown++;
  }
  const policy = spec.restartPolicy ?? 'Always';
  if (failedInitialization > 0 && policy === 'Never') return 'Failed';
  const anyRegularStarted = hasAnyRegularContainerStarted(pod, info);
  if ((pendingInitialization > 0 && !anyRegularStarted) || waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

const list = (names: string[]): string => `[${names.join(' ')}]`;

function hasAnyRegularContainerStarted(pod: Pod, statuses: ContainerStatus[]): boolean {
  return (pod.spec?.containers ?? []).some((c) => {
    const s = statuses.find((x) => x.name === c.name);
    return !!s && (!!s.state?.running || !!s.state?.terminated);
  });
}

export function generatePodInitializedCondition(
  pod: Pod,
  statuses: ContainerStatus[],
  phase: string,
): PodCondition {
  const inits = pod.spec?.initContainers ?? [];
  if (inits.length === 0) return { type: 'Initialized', status: 'True' };
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const c of inits) {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) {
      unknown.push(c.name);
      continue;
    }
    if (isRestartableInitContainer(c)) {
      if (!s.started) incomplete.push(c.name);
      continue;
    }
    if (!s.state?.terminated || s.state.terminated.exitCode !== 0) incomplete.push(c.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'Initialized', status: 'True', reason: 'PodCompleted' };
  if (hasAnyRegularContainerStarted(pod, statuses)) return { type: 'Initialized', status: 'True' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${list(unknown)}`);
  if (incomplete.length) msgs.push(`containers with incomplete status: ${list(incomplete)}`);
  if (msgs.length)
    return {
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: msgs.join(', '),
    };
  return { type: 'Initialized', status: 'True' };
}

export function generateContainersReadyCondition(
  pod: Pod,
  statuses: ContainerStatus[],
  phase: string,
): PodCondition {
  const unknown: string[] = [];
  const unready: string[] = [];
  const check = (c: Container) => {
    const s = statuses.find((x) => x.name === c.name);
    if (!s) unknown.push(c.name);
    else if (!s.ready) unready.push(c.name);
  };
  for (const c of pod.spec?.initContainers ?? []) if (isRestartableInitContainer(c)) check(c);
  for (const c of pod.spec?.containers ?? []) check(c);
  if (phase === 'Succeeded' && unknown.length === 0)
    return { type: 'ContainersReady', status: 'False', reason: 'PodCompleted' };
  if (phase === 'Failed') return { type: 'ContainersReady', status: 'False', reason: 'PodFailed' };
  const msgs: string[] = [];
  if (unknown.length) msgs.push(`containers with unknown status: ${list(unknown)}`);
  if (unready.length) msgs.push(`containers with unready status: ${list(unready)}`);
  if (msgs.length)
    return {
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: msgs.join(', '),
    };
  return { type: 'ContainersReady', status: 'True' };
}

export function generatePodReadyCondition(
  pod: Pod,
  conditions: PodCondition[],
  statuses: ContainerStatus[],
  phase: string,
): PodCondition {
  const cr = generateContainersReadyCondition(pod, statuses, phase);
  if (cr.status !== 'True')
    return { type: 'Ready', status: cr.status, reason: cr.reason, message: cr.message };
  const unready: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = conditions.find((x) => x.type === gate.conditionType);
    if (!c)
      unready.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True')
      unready.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  if (unready.length)
    return { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: unready.join(', ') };
  return { type: 'Ready', status: 'True' };
}

const KUBELET_CONDITIONS = new Set([
  'PodScheduled',
  'Ready',
  'Initialized',
  'ContainersReady',
  'PodReadyToStartContainers',
]);

/** generateAPIPodStatus */
export function generateAPIPodStatus(input: GenerateInput): PodStatus {
  const { pod, runtime, oldStatus } = input;
  const spec = pod.spec!;
  const s: PodStatus = {};
  const hasInit = (spec.initContainers ?? []).length > 0;
  const ephemeralSpecs = (spec.ephemeralContainers ?? []) as Container[];
  const containerStatuses = convertToAPIContainerStatuses(
    input,
    oldStatus.containerStatuses,
    spec.containers ?? [],
    hasInit,
    'regular',
  );
  const initStatuses = convertToAPIContainerStatuses(
    input,
    oldStatus.initContainerStatuses,
    spec.initContainers ?? [],
    hasInit,
    'init',
  );
  const ephemeralStatuses = ephemeralSpecs.length
    ? convertToAPIContainerStatuses(
        input,
        oldStatus.ephemeralContainerStatuses,
        ephemeralSpecs,
        hasInit,
        'ephemeral',
      )
    : undefined;

  let phase = getPhase(pod, [...containerStatuses, ...initStatuses], input.podIsTerminal);
  const apiPhase = pod.status?.phase;
  if (phase !== 'Failed' && phase !== 'Succeeded') {
    if (oldStatus.phase === 'Failed' || oldStatus.phase === 'Succeeded') phase = oldStatus.phase;
    else if (apiPhase === 'Failed' || apiPhase === 'Succeeded') phase = apiPhase;
  }
  let reason: string | undefined;
  let message: string | undefined;
  if (phase === oldStatus.phase) {
    reason = oldStatus.reason || pod.status?.reason;
    message = oldStatus.message || pod.status?.message;
  }
  if (input.evict) {
    phase = 'Failed';
    reason = input.evict.reason;
    message = input.evict.message;
  }
  if ((apiPhase === 'Failed' || apiPhase === 'Succeeded') && phase !== apiPhase) phase = apiPhase;

  const conditions: PodCondition[] = [];
  for (const c of pod.status?.conditions ?? []) if (!KUBELET_CONDITIONS.has(c.type)) conditions.push(c);
  const disruption = oldStatus.conditions?.find((c) => c.type === 'DisruptionTarget');
  if (disruption && !conditions.some((c) => c.type === 'DisruptionTarget')) conditions.push(disruption);
  conditions.push({ type: 'PodReadyToStartContainers', status: runtime.sandboxReady ? 'True' : 'False' });
  const all = [...initStatuses, ...containerStatuses];
  conditions.push(generatePodInitializedCondition(pod, all, phase));
  conditions.push(generatePodReadyCondition(pod, conditions, all, phase));
  conditions.push(generateContainersReadyCondition(pod, all, phase));
  conditions.push({ type: 'PodScheduled', status: 'True' });

  s.phase = phase;
  if (reason) s.reason = reason;
  if (message) s.message = message;
  s.conditions = conditions;
  s.hostIP = input.hostIP;
  s.hostIPs = [{ ip: input.hostIP }];
  if (runtime.ips.length) {
    s.podIP = runtime.ips[0];
    s.podIPs = runtime.ips.map((ip) => ({ ip }));
  } else if (spec.hostNetwork) {
    s.podIP = input.hostIP;
    s.podIPs = [{ ip: input.hostIP }];
  } else if (oldStatus.podIP) {
    s.podIP = oldStatus.podIP;
    s.podIPs = oldStatus.podIPs;
  }
  if (oldStatus.startTime) s.startTime = oldStatus.startTime;
  if (hasInit) s.initContainerStatuses = initStatuses;
  s.containerStatuses = containerStatuses;
  if (ephemeralStatuses) s.ephemeralContainerStatuses = ephemeralStatuses;
  s.qosClass = computePodQOS(spec);
  return s;
}

/**
 * The status manager's normalisation before a write (updateStatusInternal): conditions keep their
 * lastTransitionTime while their status is unchanged, get `now` when it changes; lastProbeTime is
 * null; startTime is set once.
 */
export function normalizeStatus(status: PodStatus, old: PodStatus, now: number): PodStatus {
  const s = cloneJson(status);
  s.conditions = (s.conditions ?? []).map((c) => {
    if (c.lastTransitionTime && !KUBELET_CONDITIONS.has(c.type)) return c;
    const prev = old.conditions?.find((o) => o.type === c.type);
    const ltt =
      prev && prev.status === c.status && prev.lastTransitionTime ? prev.lastTransitionTime : rfc3339(now);
    const out: Record<string, unknown> = {
      type: c.type,
      status: c.status,
      lastProbeTime: null,
      lastTransitionTime: ltt,
    };
    if (c.reason) out.reason = c.reason;
    if (c.message) out.message = c.message;
    return out as never;
  });
  if (!s.startTime) s.startTime = old.startTime ?? rfc3339(now);
  return s;
}
