/**
 * printPod (printers.go): the READY / STATUS / RESTARTS cells of `kubectl get pods`.
 *
 * This is the function learners read the most output of, so it follows the Go code line by line,
 * including its quirks: the *first* container with a waiting/terminated reason wins (the loop runs
 * from the last container to the first and keeps overwriting), init-container restarts are dropped
 * once the pod is initialized, and a Ready-but-not-Running container is not counted as ready.
 */
import type { Container, ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { parseTime, translateTimestampSince } from './format';
import { humanDuration } from '../../../apimachinery/duration';
import type { RowData } from './types';

/** podutil.IsRestartableInitContainer: a sidecar is an init container with restartPolicy Always. */
function isRestartableInitContainer(c: Container | undefined): boolean {
  return c?.restartPolicy === 'Always';
}

/** Returns the later of a restart date and a container's last termination time (ms, or undefined). */
function laterRestart(current: number | undefined, status: ContainerStatus): number | undefined {
  const finished = status.lastState?.terminated
    ? parseTime(status.lastState.terminated.finishedAt)
    : undefined;
  // lastRestartDate.Before(&terminatedDate): a zero (unset) finishedAt never wins.
  if (finished === undefined) return current;
  if (current === undefined || current < finished) return finished;
  return current;
}

export interface PodSummary {
  ready: string;
  status: string;
  restarts: string;
}

/** The READY, STATUS and RESTARTS cells for one pod at simulated time `now`. */
export function podSummary(pod: Pod, now: number): PodSummary {
  const spec = pod.spec ?? { containers: [] };
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitContainerRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestartDate: number | undefined;
  let lastRestartableInitContainerRestartDate: number | undefined;

  const podPhase = status.phase ?? '';
  let reason: string = podPhase;
  if (status.reason) reason = status.reason;

  // A pod carrying {type: PodScheduled, reason: SchedulingGated} shows SchedulingGated.
  for (const c of status.conditions ?? []) {
    if (c.type === 'PodScheduled' && c.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initContainers = new Map<string, Container>();
  for (const c of spec.initContainers ?? []) {
    initContainers.set(c.name, c);
    if (isRestartableInitContainer(c)) totalContainers++;
  }

  let initializing = false;
  const initStatuses = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const container = initStatuses[i]!;
    restarts += container.restartCount ?? 0;
    lastRestartDate = laterRestart(lastRestartDate, container);
    const sidecar = isRestartableInitContainer(initContainers.get(container.name));
    if (sidecar) {
      restartableInitContainerRestarts += container.restartCount ?? 0;
      lastRestartableInitContainerRestartDate = laterRestart(
        lastRestartableInitContainerRestartDate,
        container,
      );
    }
    const terminated = container.state?.terminated;
    const waiting = container.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) {
      continue;
    } else if (sidecar && container.started === true) {
      if (container.ready) readyContainers++;
      continue;
    } else if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal
          ? `Init:Signal:${terminated.signal}`
          : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
      initializing = true;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${(spec.initContainers ?? []).length}`;
      initializing = true;
    }
    break;
  }

  if (!initializing || isPodInitializedConditionTrue(pod)) {
    restarts = restartableInitContainerRestarts;
    lastRestartDate = lastRestartableInitContainerRestartDate;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const container = statuses[i]!;
      restarts += container.restartCount ?? 0;
      lastRestartDate = laterRestart(lastRestartDate, container);
      const waiting = container.state?.waiting;
      const terminated = container.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated && !terminated.reason) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (container.ready && container.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // Back to "Running" if at least one container is still running.
    if (reason === 'Completed' && hasRunning) {
      reason = hasPodReadyCondition(pod) ? 'Running' : 'NotReady';
    }
  }

  const deleting = pod.metadata?.deletionTimestamp != null;
  if (deleting && status.reason === 'NodeLost') {
    reason = 'Unknown';
  } else if (deleting && podPhase !== 'Succeeded' && podPhase !== 'Failed') {
    reason = 'Terminating';
  }

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestartDate !== undefined) {
    restartsStr = `${restarts} (${humanDuration(now - lastRestartDate)} ago)`;
  }
  return { ready: `${readyContainers}/${totalContainers}`, status: reason, restarts: restartsStr };
}

function hasPodReadyCondition(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function isPodInitializedConditionTrue(pod: Pod): boolean {
  for (const c of pod.status?.conditions ?? []) {
    if (c.type !== 'Initialized') continue;
    return c.status === 'True';
  }
  return false;
}

/** v1 → internal conversion fills podIPs from podIP when only the latter is set. */
function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip ?? '');
  if (ips.length === 0 && pod.status?.podIP) return [pod.status.podIP];
  return ips;
}

const podSucceeded = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const podFailed = [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }];

export function printPod(pod: Pod, now: number): RowData {
  const s = podSummary(pod, now);
  let podIP = podIPs(pod)[0] ?? '';
  if (podIP === '') podIP = '<none>';
  const nodeName = pod.spec?.nodeName || '<none>';
  const nominatedNodeName = pod.status?.nominatedNodeName || '<none>';
  let readinessGates = '<none>';
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length > 0) {
    let trueConditions = 0;
    for (const gate of gates) {
      const cond = (pod.status?.conditions ?? []).find((c) => c.type === gate.conditionType);
      if (cond?.status === 'True') trueConditions++;
    }
    readinessGates = `${trueConditions}/${gates.length}`;
  }
  const phase = pod.status?.phase;
  return {
    cells: [
      pod.metadata?.name ?? '',
      s.ready,
      s.status,
      s.restarts,
      translateTimestampSince(pod.metadata?.creationTimestamp, now),
      podIP,
      nodeName,
      nominatedNodeName,
      readinessGates,
    ],
    conditions: phase === 'Succeeded' ? podSucceeded : phase === 'Failed' ? podFailed : undefined,
  };
}
