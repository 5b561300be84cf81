/**
 * What the kubelet keeps about each pod it runs: the latest spec from the API, its sandbox and
 * container instances in the runtime, the reason cache (why a container is waiting), and where
 * the pod is in its life (running → terminating → terminated).
 */
import type { Container as SpecContainer, Pod } from 'kubernetes-types/core/v1';
import type { Container, Sandbox } from './runtime/containerd';
import type { ReasonInfo, RuntimeContainerStatus, RuntimePodStatus } from './status/generate';

export interface PodRecord {
  uid: string;
  pod: Pod;
  sandbox?: Sandbox;
  /** Container name → instances, newest first (the current one and the one before). */
  instances: Map<string, Container[]>;
  /** kubelet reasonCache: the error of the last failed start of each container. */
  reasonCache: Map<string, ReasonInfo>;
  admitted: boolean;
  /** Rejected at admission or evicted: the pod's final reason and message. */
  failure?: { reason: string; message: string };
  /** Kill everything now with this grace period (eviction). */
  gracePeriodOverride?: number;
  stage: 'running' | 'terminating' | 'terminated';
  /** The API object is gone (deleted). */
  deleted: boolean;
  /** Container spec hashes when started (a changed definition restarts the container). */
  hashes: Map<string, string>;
  /** Faults: `container/probeType` → the probe output to report. */
  forcedProbeFailures: Map<string, string>;
  /** When the kubelet first saw the pod. */
  firstSeen: number;
}

export function newRecord(pod: Pod, now: number): PodRecord {
  return {
    uid: pod.metadata!.uid!,
    pod,
    instances: new Map(),
    reasonCache: new Map(),
    admitted: false,
    stage: 'running',
    deleted: false,
    hashes: new Map(),
    forcedProbeFailures: new Map(),
    firstSeen: now,
  };
}

export function latest(rec: PodRecord, name: string): Container | undefined {
  return rec.instances.get(name)?.[0];
}

/** kubecontainer.PodStatus of a record, newest container instances first. */
export function runtimePodStatus(rec: PodRecord, nodeIP: string): RuntimePodStatus {
  const containers: RuntimeContainerStatus[] = [];
  for (const list of rec.instances.values())
    for (const c of list)
      containers.push({
        id: c.id,
        name: c.name,
        state: c.state,
        createdAt: c.createdAt,
        startedAt: c.startedAt,
        finishedAt: c.finishedAt,
        exitCode: c.exitCode,
        reason: c.reason,
        message: c.message,
        image: c.imageName,
        imageRef: c.imageRef,
        restartCount: c.attempt,
      });
  containers.sort((a, b) => b.createdAt - a.createdAt);
  const sb = rec.sandbox;
  const ready = !!sb && sb.state === 'ready';
  return { ips: ready ? [sb.hostNetwork ? nodeIP : sb.ip] : [], sandboxReady: ready, containers };
}

/** A stable hash of a container's spec (HashContainer): a change restarts the container. */
export function containerHash(c: SpecContainer): string {
  const s = JSON.stringify({ ...c, resources: undefined });
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h >>> 0).toString(16);
}

/** format.Pod: `name_namespace(uid)`. */
export const formatPod = (pod: Pod): string =>
  `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
