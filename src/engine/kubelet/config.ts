/**
 * The kubelet's configuration (KubeletConfiguration as kind writes it, see
 * bootstrap/config.ts KUBELET_CONFIG) and the constants of pkg/kubelet that learners can observe.
 */
import type { ProfileName } from './stages';

export interface KubeletConfig {
  /** How often node status is computed; it is posted when it changed or every report period. */
  nodeStatusUpdateFrequencyMs: number;
  nodeStatusReportFrequencyMs: number;
  /** Lease duration; renewals every quarter of it (10 s). */
  nodeLeaseDurationSeconds: number;
  /** Pod resync (volume refresh, periodic sync), 1 minute + up to 50% jitter. */
  syncFrequencyMs: number;
  /**
   * evictionHard. kind sets `imagefs/nodefs` thresholds to 0% and — because a partial map
   * replaces the defaults — has no memory threshold: a kind node does not evict on memory, the
   * kernel OOM killer acts instead. Lessons can set `{ 'memory.available': '100Mi' }` (the
   * kubelet's own default) to see evictions.
   */
  evictionHard: Record<string, string>;
  /** Eviction manager's monitoring interval. */
  evictionMonitoringIntervalMs: number;
  /** How long a pressure condition stays after the signal clears (evictionPressureTransitionPeriod, 5m default; kind: 0s → default). */
  evictionPressureTransitionPeriodMs: number;
  serializeImagePulls: boolean;
  maxPods: number;
  clusterDNS: string;
  clusterDomain: string;
  /** Lifecycle timing profile. */
  profile: ProfileName;
}

export const KIND_KUBELET_CONFIG: KubeletConfig = {
  nodeStatusUpdateFrequencyMs: 10_000,
  nodeStatusReportFrequencyMs: 5 * 60_000,
  nodeLeaseDurationSeconds: 40,
  syncFrequencyMs: 60_000,
  evictionHard: { 'imagefs.available': '0%', 'nodefs.available': '0%', 'nodefs.inodesFree': '0%' },
  evictionMonitoringIntervalMs: 10_000,
  evictionPressureTransitionPeriodMs: 5 * 60_000,
  serializeImagePulls: true,
  maxPods: 110,
  clusterDNS: '10.96.0.10',
  clusterDomain: 'cluster.local',
  profile: 'realistic',
};

/** backOffPeriod and MaxContainerBackOff (kubelet.go): container restarts and image pulls. */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;
/** Pod worker: retry after an error (10 s + up to 50%). */
export const WORKER_BACKOFF_MS = 10_000;
export const WORKER_BACKOFF_JITTER = 0.5;
export const WORKER_RESYNC_JITTER = 0.5;
/** kuberuntime: always give containers a minimal shutdown grace period. */
export const MINIMUM_GRACE_PERIOD_S = 2;
/** WaitForAttachAndMount gives up after 2m3s. */
export const MOUNT_TIMEOUT_MS = 123_000;
/** Volume operation retry back-off: 500 ms doubling to 2m2s (exponentialbackoff). */
export const VOLUME_RETRY_INITIAL_MS = 500;
export const VOLUME_RETRY_MAX_MS = 122_000;
/** Node memory the node's own processes use (systemd, containerd, kubelet), bytes. */
export const SYSTEM_MEMORY = 380 * 1024 * 1024;
/** Memory of a pod sandbox (the pause container). */
export const SANDBOX_MEMORY = 200 * 1024;

export const KUBELET_USER_AGENT = 'kubelet/v1.32.2 (linux/amd64) kubernetes/67a30c0';
