/**
 * The shape of every controller (kubernetes/sample-controller):
 *
 *   informer event ──► handler puts a key on the queue ──► worker: sync(key) ──► API writes
 *                                                             │ error
 *                                                             └──► queue.addRateLimited(key)
 *
 * `sync(key)` is level-triggered and idempotent: it reads the current state of the object from
 * the informer cache (or the API), computes what should be, and writes the difference through
 * the API. It never trusts what the event said, so a missed or duplicated event costs nothing.
 *
 * Go runs a few worker goroutines that block on `queue.Get()`. Here a worker is a zero-delay
 * SimClock timer that processes one key and re-arms itself while keys are ready; timers of all
 * controllers and watch deliveries interleave in (time, sequence) order, like goroutines on one
 * core, and `settle()` drains them all.
 */
import type { SimClock } from '../../clock';
import { errorMessage } from './client';
import { nopLogger, type Logger } from './log';
import type { RateLimiter } from './ratelimiter';
import { RateLimitingQueue } from './workqueue';

/**
 * Runs `processOne` on zero-delay clock timers while there is work. `kick()` arms it; it re-arms
 * itself as long as `processOne` returns true (more work is ready).
 */
export class QueueWorker {
  private scheduled = false;
  private running = false;

  constructor(
    private readonly clock: SimClock,
    private readonly label: string,
    private readonly processOne: () => boolean,
  ) {}

  start(): void {
    this.running = true;
    this.kick();
  }

  stop(): void {
    this.running = false;
  }

  kick(): void {
    if (!this.running || this.scheduled) return;
    this.scheduled = true;
    this.clock.setTimeout(
      () => {
        this.scheduled = false;
        if (this.running && this.processOne()) this.kick();
      },
      0,
      this.label,
    );
  }
}

/** How often a controller checks again whether its caches have synced (WaitForCacheSync polls every 100 ms). */
const CACHE_SYNC_POLL_MS = 100;

export abstract class Controller {
  protected readonly queue: RateLimitingQueue;
  private readonly worker: QueueWorker;
  private readonly cacheSyncs: (() => boolean)[] = [];

  constructor(
    /** The controller's name, as kube-controller-manager logs it (e.g. `namespace`). */
    readonly name: string,
    protected readonly clock: SimClock,
    protected readonly logger: Logger = nopLogger,
    rateLimiter?: RateLimiter,
  ) {
    this.worker = new QueueWorker(clock, `${name} controller`, () => this.processNextWorkItem());
    this.queue = new RateLimitingQueue(clock, name, rateLimiter, () => this.worker.kick());
  }

  /** Reconcile one key. Throw to have the key retried with back-off. */
  protected abstract sync(key: string): void;

  /** Informers whose caches must be loaded before the first sync (`cache.WaitForCacheSync`). */
  protected waitForCacheSync(...synced: (() => boolean)[]): void {
    this.cacheSyncs.push(...synced);
  }

  /** Start the worker (the informers must have been started by the factory). */
  run(): void {
    if (this.cacheSyncs.every((s) => s())) {
      this.worker.start();
      return;
    }
    this.clock.setTimeout(() => this.run(), CACHE_SYNC_POLL_MS, `${this.name} wait for cache sync`);
  }

  stop(): void {
    this.worker.stop();
    this.queue.shutDown();
  }

  /** Put a key on the queue (for event handlers). */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /**
   * What to do after a sync: forget the key's back-off on success, retry it rate-limited on
   * failure. Controllers override this for special errors (e.g. "wait N seconds").
   */
  protected handleErr(key: string, err: unknown): void {
    if (err === undefined) {
      this.queue.forget(key);
      return;
    }
    this.logger.error(`error syncing ${JSON.stringify(key)}: ${errorMessage(err)}, requeuing`);
    this.queue.addRateLimited(key);
  }

  private processNextWorkItem(): boolean {
    const key = this.queue.get();
    if (key === undefined) return false;
    let error: unknown = undefined;
    try {
      this.sync(key);
    } catch (err) {
      error = err ?? new Error('sync failed');
    }
    this.handleErr(key, error);
    this.queue.done(key);
    return this.queue.len() > 0;
  }
}
