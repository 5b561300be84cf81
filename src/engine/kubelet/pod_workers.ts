/**
 * Pod workers (pkg/kubelet/pod_workers.go): one sync at a time per pod, driven by events.
 *
 *  - A sync is requested by the API (a new pod, a spec change, a deletion), by the PLEG (a
 *    container started or exited), by a liveness/startup failure, or by a timer.
 *  - While a sync runs (it may take time: pulling an image, waiting for a container to stop),
 *    further requests are remembered and one more sync runs right after.
 *  - After a failed sync (CrashLoopBackOff, ErrImagePull, CreateContainerConfigError …) the pod
 *    is synced again after 10 s + up to 50% jitter: that is why a crash-looping container
 *    restarts a few seconds after its back-off expires, and why a missing ConfigMap key that
 *    appears is noticed within about 15 s.
 *  - Pods with volumes to refresh resync every minute (+50%); others need no periodic sync in the
 *    simulation (the real kubelet's resync changes nothing for them).
 */
import type { SimClock, TimerId } from '../clock';
import type { Rand } from '../rand';
import { WORKER_BACKOFF_JITTER, WORKER_BACKOFF_MS, WORKER_RESYNC_JITTER } from './config';
import { spawn, type Task, type TaskHandle, type TaskResult } from './coroutine';
import { jitter } from './stages';

export type SyncOutcome = { ok: true; resync: boolean } | { ok: false; error: string };

interface WorkerState {
  running: TaskHandle<SyncOutcome> | undefined;
  pending: boolean;
  timer: TimerId | undefined;
  timerAt: number;
  stopped: boolean;
}

export class PodWorkers {
  private readonly workers = new Map<string, WorkerState>();

  constructor(
    private readonly clock: SimClock,
    private readonly rand: Rand,
    private readonly sync: (uid: string) => Task<SyncOutcome>,
    private readonly syncFrequencyMs: number,
    private readonly onError: (uid: string, err: unknown) => void = () => {},
  ) {}

  private state(uid: string): WorkerState {
    let s = this.workers.get(uid);
    if (!s) {
      s = { running: undefined, pending: false, timer: undefined, timerAt: Infinity, stopped: false };
      this.workers.set(uid, s);
    }
    return s;
  }

  /** Ask for a sync in `delayMs` (or sooner if one is already due sooner). */
  request(uid: string, delayMs = 0): void {
    const s = this.state(uid);
    if (s.stopped) return;
    if (s.running) {
      s.pending = true;
      return;
    }
    const at = this.clock.now() + Math.max(0, delayMs);
    if (s.timer !== undefined && s.timerAt <= at) return;
    if (s.timer !== undefined) this.clock.clearTimeout(s.timer);
    s.timerAt = at;
    s.timer = this.clock.setTimeout(() => this.start(uid), Math.ceil(at - this.clock.now()), 'pod worker');
  }

  isBusy(uid: string): boolean {
    return !!this.workers.get(uid)?.running;
  }

  private start(uid: string): void {
    const s = this.state(uid);
    s.timer = undefined;
    s.timerAt = Infinity;
    if (s.stopped || s.running) return;
    s.pending = false;
    let handle: TaskHandle<SyncOutcome> | undefined = undefined;
    handle = spawn(this.sync(uid), (r) => {
      if (handle === undefined || s.running === handle) s.running = undefined;
      if (s.stopped) return;
      // the callback may run before spawn() returns (a sync that never waits): defer decisions
      this.clock.setTimeout(() => this.finished(uid, s, r), 0, 'pod worker done');
    });
    if (!handle.done) s.running = handle;
  }

  private finished(uid: string, s: WorkerState, r: TaskResult<SyncOutcome>): void {
    if (s.stopped) return;
    if (s.pending) {
      s.pending = false;
      this.request(uid, 0);
      return;
    }
    if (!r.ok) {
      if (!r.cancelled) {
        this.onError(uid, r.error);
        this.request(uid, jitter(this.rand, WORKER_BACKOFF_MS, WORKER_BACKOFF_JITTER));
      }
      return;
    }
    const outcome = r.value;
    if (!outcome.ok) this.request(uid, jitter(this.rand, WORKER_BACKOFF_MS, WORKER_BACKOFF_JITTER));
    else if (outcome.resync) this.request(uid, jitter(this.rand, this.syncFrequencyMs, WORKER_RESYNC_JITTER));
  }

  /** Stop one pod's worker (the pod is gone). */
  forget(uid: string): void {
    const s = this.workers.get(uid);
    if (!s) return;
    s.stopped = true;
    if (s.timer !== undefined) this.clock.clearTimeout(s.timer);
    this.workers.delete(uid);
  }

  /** The kubelet stops: no more syncs (running ones are abandoned where they wait). */
  stopAll(): void {
    for (const [uid, s] of this.workers) {
      s.stopped = true;
      if (s.timer !== undefined) this.clock.clearTimeout(s.timer);
      s.running?.cancel();
      this.workers.delete(uid);
    }
  }
}
