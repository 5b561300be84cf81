/**
 * A rate-limited work queue on the simulated clock (client-go util/workqueue).
 *
 * It holds *keys* (`namespace/name`), not objects: a controller syncs "whatever the object looks
 * like now", so ten changes to one object while it waits collapse into one sync. Rules, as in
 * client-go:
 *  - a key is at most once in the queue (`dirty` set);
 *  - a key being processed is never handed out twice: if it is added meanwhile it is queued
 *    again when the worker calls `done` (`processing` set);
 *  - `addAfter` waits on a clock timer (if the key is already waiting, the earlier time wins);
 *  - `addRateLimited` waits as long as the rate limiter says (exponential per-item back-off),
 *    `forget` resets that back-off after a success.
 */
import type { SimClock, TimerId } from '../../clock';
import { defaultControllerRateLimiter, type RateLimiter } from './ratelimiter';

export class RateLimitingQueue {
  private queue: string[] = [];
  private head = 0;
  private dirty = new Set<string>();
  private processing = new Set<string>();
  private waiting = new Map<string, { at: number; timer: TimerId }>();
  private shutdown = false;
  private readonly rateLimiter: RateLimiter;

  constructor(
    private readonly clock: SimClock,
    readonly name: string,
    rateLimiter?: RateLimiter,
    /** Called whenever a key becomes available to `get` (the controller schedules a worker). */
    private readonly onReady: () => void = () => {},
  ) {
    this.rateLimiter = rateLimiter ?? defaultControllerRateLimiter(clock);
  }

  /** Mark a key as needing processing. */
  add(key: string): void {
    if (this.shutdown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.onReady();
  }

  /** Number of keys ready to be processed. */
  len(): number {
    return this.queue.length - this.head;
  }

  /** Take the next key (undefined when none is ready). The caller must call `done(key)`. */
  get(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.processing.add(key);
    this.dirty.delete(key);
    return key;
  }

  /** Processing of `key` finished; if it was added meanwhile, it goes back in the queue. */
  done(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key)) {
      this.queue.push(key);
      this.onReady();
    }
  }

  /** Add the key after `delayMs` of simulated time. */
  addAfter(key: string, delayMs: number): void {
    if (this.shutdown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = this.clock.now() + delayMs;
    const existing = this.waiting.get(key);
    if (existing) {
      if (existing.at <= at) return;
      this.clock.clearTimeout(existing.timer);
    }
    const timer = this.clock.setTimeout(
      () => {
        this.waiting.delete(key);
        this.add(key);
      },
      delayMs,
      `workqueue ${this.name}`,
    );
    this.waiting.set(key, { at, timer });
  }

  /** Add the key once the rate limiter allows it (a retry after a failure). */
  addRateLimited(key: string): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** The key succeeded: reset its back-off. */
  forget(key: string): void {
    this.rateLimiter.forget(key);
  }

  numRequeues(key: string): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Stop accepting keys and cancel every pending delayed add. */
  shutDown(): void {
    this.shutdown = true;
    for (const { timer } of this.waiting.values()) this.clock.clearTimeout(timer);
    this.waiting.clear();
    this.queue = [];
    this.head = 0;
    this.dirty.clear();
  }

  get shuttingDown(): boolean {
    return this.shutdown;
  }
}
