/**
 * Rate limiters for work queues (client-go util/workqueue/default_rate_limiters.go). A rate
 * limiter answers "how long should this item wait before it is retried?".
 *
 * Controllers use DefaultControllerRateLimiter: the larger of a per-item exponential back-off
 * (5 ms, 10 ms, 20 ms … capped at 1000 s; reset by `forget`) and an overall token bucket
 * (10 retries per second, bursts of 100) that protects the API server when many items fail.
 */
import type { SimClock } from '../../clock';

export interface RateLimiter {
  /** How long to wait (ms) before the item may be processed again; counts a failure. */
  when(item: string): number;
  /** Stop tracking the item (it succeeded): the next failure starts from the base delay. */
  forget(item: string): void;
  /** How many times the item has been requeued since it was last forgotten. */
  numRequeues(item: string): number;
}

/** Per-item exponential back-off: base · 2^failures, capped at max. */
export class ItemExponentialFailureRateLimiter implements RateLimiter {
  private failures = new Map<string, number>();

  constructor(
    private readonly baseDelayMs: number,
    private readonly maxDelayMs: number,
  ) {}

  when(item: string): number {
    const exp = this.failures.get(item) ?? 0;
    this.failures.set(item, exp + 1);
    const backoff = this.baseDelayMs * Math.pow(2, exp);
    return Math.min(backoff, this.maxDelayMs);
  }

  forget(item: string): void {
    this.failures.delete(item);
  }

  numRequeues(item: string): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * An overall token bucket (golang.org/x/time/rate with Reserve): `qps` tokens per second, at most
 * `burst` saved up. Each retry takes a token; when none is left it waits for the next one.
 */
export class BucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;

  constructor(
    private readonly clock: SimClock,
    private readonly qps: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  forget(): void {}

  numRequeues(): number {
    return 0;
  }
}

/** The worst (longest) answer of several limiters. */
export class MaxOfRateLimiter implements RateLimiter {
  private readonly limiters: RateLimiter[];

  constructor(...limiters: RateLimiter[]) {
    this.limiters = limiters;
  }

  when(item: string): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.when(item));
    return max;
  }

  forget(item: string): void {
    for (const l of this.limiters) l.forget(item);
  }

  numRequeues(item: string): number {
    let max = 0;
    for (const l of this.limiters) max = Math.max(max, l.numRequeues(item));
    return max;
  }
}

/** workqueue.DefaultControllerRateLimiter(): exponential 5 ms → 1000 s, plus 10 qps / 100 burst overall. */
export function defaultControllerRateLimiter(clock: SimClock): RateLimiter {
  return new MaxOfRateLimiter(
    new ItemExponentialFailureRateLimiter(5, 1000 * 1000),
    new BucketRateLimiter(clock, 10, 100),
  );
}
