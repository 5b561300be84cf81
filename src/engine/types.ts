/**
 * The engine's public contract (re-exported from src/engine/index.ts). Hosts (worker, CLI,
 * tests, benchmarks) create a Cluster and talk to it through its KubeClient; they never reach
 * into the API server's store.
 */
import type { KubeClient } from '../api/client';
import type { ChangeSet } from '../api/changeset';
import type { SimClock } from './clock';

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
}

export interface ClusterOptions {
  /** Seed of the RNG: same seed + same inputs = same cluster, byte for byte. Default 1. */
  seed?: number;
  /** Simulated start time in ms since the epoch. Default DEFAULT_START_TIME. */
  startTime?: number;
  /** `kind` (one node), `multinode` (control plane + 2 workers), or a custom preset. Default `kind`. */
  preset?: 'kind' | 'multinode' | ClusterPreset;
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
}
