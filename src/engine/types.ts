/**
 * The engine's public contract (re-exported from src/engine/index.ts). Hosts (worker, CLI,
 * tests, benchmarks) create a Cluster and talk to it through its KubeClient; they never reach
 * into the API server's store.
 */
import type { KubeClient } from '../api/client';
import type { ChangeSet } from '../api/changeset';
import type { SimClock } from './clock';
import type { PodHttpRequest, PodHttpResult } from './network/services/podhttp';
import type { PublishedPort } from './network/services/portforward';

/** A node of a cluster preset, as kind would create it. */
export interface NodeSpecPreset {
  name: string;
  /** `control-plane` nodes get the node-role label and (when `taintControlPlane`) the NoSchedule taint. */
  role: 'control-plane' | 'worker';
  /** Capacity as Quantity strings, e.g. { cpu: '8', memory: '16Gi', pods: '110', 'ephemeral-storage': '100Gi' }. */
  capacity?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }[];
}

export interface ClusterPreset {
  /** kind cluster name: contexts are `kind-<name>`, nodes `<name>-control-plane`, `<name>-worker` … */
  name: string;
  nodes: NodeSpecPreset[];
  /** Host ports mapped to NodePorts (kind's extraPortMappings), e.g. [{ hostPort: 30599, containerPort: 30599 }]. */
  portMappings?: { hostPort: number; containerPort: number }[];
  /**
   * A simulated load-balancer controller (MetalLB layer 2) handing out these addresses to
   * `type: LoadBalancer` Services, e.g. `['172.18.255.200-172.18.255.250']`. Absent (kind's
   * default): their EXTERNAL-IP stays `<pending>`. See docs/CLUSTERS.md.
   */
  loadBalancer?: { addresses: string[] };
}

/**
 * Faults injected into the simulated nodes (lessons, the UI): they act below the API, like a
 * crashing program or a dying kubelet would, and the cluster reacts as Kubernetes does. Each
 * throws an Error with a clear message when its target does not exist or is not running.
 */
export interface ClusterFaults {
  /** Signal a container's main process (default SIGKILL: every process dies, exit code 137). */
  killContainer(
    namespace: string,
    pod: string,
    container?: string,
    signal?: 'SIGKILL' | 'SIGTERM' | 'SIGINT' | 'SIGQUIT',
  ): void;
  /** The container's main process exits with this code (default 1): a crash. */
  crashProcess(namespace: string, pod: string, container?: string, exitCode?: number): void;
  /** Make a probe fail until cleared; `message` is the probe output the Unhealthy events show. */
  failProbe(
    namespace: string,
    pod: string,
    container: string,
    probe: 'liveness' | 'readiness' | 'startup',
    message?: string,
  ): void;
  clearProbeFailure(
    namespace: string,
    pod: string,
    container: string,
    probe: 'liveness' | 'readiness' | 'startup',
  ): void;
  /** The container's main process allocates this much more memory (bytes or a Quantity, e.g. `200Mi`). */
  fillMemory(namespace: string, pod: string, container: string | undefined, amount: number | string): void;
  /** Stop a node's kubelet: no heartbeats, syncs or probes; containers keep running. */
  stopKubelet(node: string): void;
  startKubelet(node: string): void;
  /** The whole node goes down: kubelet stopped and every container killed (a power cut). */
  stopNode(node: string): void;
  /** The node boots again: the kubelet starts and restarts the containers per restartPolicy. */
  startNode(node: string): void;
  kubeletRunning(node: string): boolean;
}

/** Node agent settings (kubelet configuration) for every node of the cluster. */
export interface KubeletOptions {
  /** Lifecycle timings: `realistic` (default, a kind node on a laptop) or `fast` (tests). */
  profile?: 'realistic' | 'fast';
  /** KubeletConfiguration evictionHard, e.g. `{ 'memory.available': '100Mi' }` (kind has none). */
  evictionHard?: Record<string, string>;
}

export interface ClusterOptions {
  /** Seed of the RNG: same seed + same inputs = same cluster, byte for byte. Default 1. */
  seed?: number;
  /** Simulated start time in ms since the epoch. Default DEFAULT_START_TIME. */
  startTime?: number;
  /** `kind` (one node), `multinode` (control plane + 2 workers), or a custom preset. Default `kind`. */
  preset?: 'kind' | 'multinode' | ClusterPreset;
  /** Node agent settings (src/engine/kubelet). */
  kubelet?: KubeletOptions;
}

export interface Cluster {
  readonly clock: SimClock;
  /** An in-process client. Each request runs all zero-delay work it triggers before resolving. */
  readonly client: KubeClient;
  readonly preset: ClusterPreset;
  now(): number;
  /** Move simulated time forward, running every timer on the way. */
  advance(ms: number): void;
  /** Run all work that is due now. */
  settle(): void;
  /** Every write, batched as it happens. Returns an unsubscribe function. */
  onChange(listener: (changes: ChangeSet) => void): () => void;
  /** Faults to inject into the nodes (src/engine/kubelet/faults.ts). */
  readonly faults: ClusterFaults;
  /**
   * The host ports Docker publishes for the preset's portMappings (kind's extraPortMappings):
   * the session listens on them for the learner's machine (src/engine/network/services/portforward.ts).
   */
  readonly publishedPorts: readonly PublishedPort[];
  /**
   * An HTTP request from inside a pod, as curl in one of its containers makes it (pod DNS,
   * kube-proxy; src/engine/network/services/podhttp.ts). Settles in simulated time.
   */
  podHttp(req: PodHttpRequest): Promise<PodHttpResult>;
}
