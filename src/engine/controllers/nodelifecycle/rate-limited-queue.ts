/**
 * The per-zone queue of nodes waiting for a NoExecute taint (k/k nodelifecycle/scheduler
 * RateLimitedTimedQueue with a flowcontrol token bucket): a node is tainted only when the zone's
 * bucket has a token, so that a zone losing many nodes at once does not evict every pod at once.
 * kube-controller-manager's defaults: 0.1 nodes per second (--node-eviction-rate), burst 1; in a
 * partially disrupted small zone the rate drops to 0 (nothing more is tainted).
 */

/** flowcontrol.NewTokenBucketRateLimiter on the simulated clock; qps 0 never accepts. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private qps: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  get rate(): number {
    return this.qps;
  }

  tryAccept(now: number): boolean {
    if (this.qps <= 0) return false;
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** SwapLimiter: a new rate; the bucket starts full again, as upstream's new limiter does. */
  swap(qps: number, now: number): void {
    if (qps === this.qps) return;
    this.qps = qps;
    this.tokens = this.burst;
    this.last = now;
  }
}

interface TimedValue {
  value: string;
  uid: string;
  addedAt: number;
  processAt: number;
}

/**
 * Items in (processAt, insertion) order. As upstream's UniqueQueue, a value that `try` has
 * processed stays known: adding it again does nothing until `remove` forgets it (the node became
 * Ready, or its taint must change), so a tainted node does not take the next node's token.
 */
export class RateLimitedTimedQueue {
  private items: TimedValue[] = [];
  private readonly known = new Set<string>();

  constructor(readonly limiter: TokenBucket) {}

  get length(): number {
    return this.items.length;
  }

  add(value: string, uid: string, now: number): boolean {
    if (this.known.has(value)) return false;
    this.known.add(value);
    this.items.push({ value, uid, addedAt: now, processAt: now });
    return true;
  }

  remove(value: string): boolean {
    const had = this.known.delete(value);
    this.items = this.items.filter((i) => i.value !== value);
    return had;
  }

  /**
   * Try: for each due item, take a token (stop when there is none) and run `fn`; an item whose
   * `fn` returns [false, retryMs] is queued again for later.
   */
  try(now: number, fn: (value: string) => [boolean, number]): void {
    const ordered = [...this.items].sort((a, b) => a.processAt - b.processAt);
    for (const item of ordered) {
      if (item.processAt > now) break;
      if (!this.limiter.tryAccept(now)) break;
      const [done, retryMs] = fn(item.value);
      if (done) this.items = this.items.filter((i) => i !== item);
      else item.processAt = now + retryMs;
    }
  }

  /** When the next item is due (undefined when empty). */
  nextDue(): number | undefined {
    return this.items.length ? Math.min(...this.items.map((i) => i.processAt)) : undefined;
  }
}
