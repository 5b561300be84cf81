/**
 * How long things take on a node: the pod lifecycle as data, like kwok's stages. Each step has a
 * base delay and a jitter drawn from the kubelet's seeded Rand, so two pods started together do
 * not move in lock-step, and the same seed always gives the same timeline.
 *
 * `realistic` follows a kind node on a laptop (Docker Desktop): a new pod is Running about 1 s
 * after it is bound when its image is present; nginx:1.25.3 (70 MB) pulls in about 6–8 s.
 * `fast` shrinks everything except what the learner must see (back-offs, probe periods, grace
 * periods are Kubernetes' rules, not stages, and never change).
 */
import type { Rand } from '../rand';

/** A delay: `base` ms plus up to `jitter` ms. */
export interface Delay {
  base: number;
  jitter: number;
}

export interface LifecycleStages {
  /** Watch event → the pod worker starts syncing. */
  podWorkerStart: Delay;
  /** RunPodSandbox: pause container + CNI ADD (the pod gets its IP). */
  sandbox: Delay;
  /** Volume SetUp (ConfigMap/Secret/projected files written). */
  mountVolumes: Delay;
  /** Registry round trips before the first byte (resolve, manifest, config). */
  pullLatency: Delay;
  /** Download + unpack speed, bytes per second. */
  pullBytesPerSecond: number;
  /** Resolving a reference that turns out not to exist. */
  pullNotFound: Delay;
  /** CreateContainer. */
  createContainer: Delay;
  /** StartContainer (runc start, the process exec). */
  startContainer: Delay;
  /** Volume TearDown + sandbox removal after the containers have stopped. */
  teardown: Delay;
  /** PLEG relist period: container state changes reach the kubelet on this grid. */
  plegRelistMs: number;
}

export const REALISTIC: LifecycleStages = {
  podWorkerStart: { base: 8, jitter: 25 },
  sandbox: { base: 350, jitter: 400 },
  mountVolumes: { base: 40, jitter: 80 },
  pullLatency: { base: 900, jitter: 700 },
  pullBytesPerSecond: 12 * 1024 * 1024,
  pullNotFound: { base: 700, jitter: 900 },
  createContainer: { base: 40, jitter: 90 },
  startContainer: { base: 90, jitter: 160 },
  teardown: { base: 150, jitter: 300 },
  plegRelistMs: 1000,
};

export const FAST: LifecycleStages = {
  podWorkerStart: { base: 1, jitter: 4 },
  sandbox: { base: 50, jitter: 50 },
  mountVolumes: { base: 5, jitter: 10 },
  pullLatency: { base: 100, jitter: 100 },
  pullBytesPerSecond: 200 * 1024 * 1024,
  pullNotFound: { base: 100, jitter: 100 },
  createContainer: { base: 5, jitter: 10 },
  startContainer: { base: 10, jitter: 20 },
  teardown: { base: 20, jitter: 30 },
  plegRelistMs: 1000,
};

export const PROFILES = { realistic: REALISTIC, fast: FAST } as const;
export type ProfileName = keyof typeof PROFILES;

export function draw(rand: Rand, d: Delay): number {
  return Math.round(d.base + rand.next() * d.jitter);
}

/** wait.Jitter(d, factor): d plus up to factor×d. */
export function jitter(rand: Rand, ms: number, factor: number): number {
  return Math.round(ms + rand.next() * factor * ms);
}
