/**
 * Simulated time (ARCHITECTURE.md §2).
 *
 * Every delay in the engine — image pulls, probe periods, back-offs, controller resyncs, CronJob
 * schedules — is a timer on this one clock. Nothing in the engine reads the wall clock: hosts
 * decide how fast simulated time passes (the browser follows wall time × speed, the CLI only
 * moves on `sleep`, `wait` and friends), and the same inputs always give the same timeline.
 *
 * Timers fire in (time, sequence) order, so two timers due at the same instant run in the order
 * they were set. A timer may set further timers; those due at or before the target time run in
 * the same `advance` call.
 */

export type TimerId = number;

interface Timer {
  id: TimerId;
  at: number;
  seq: number;
  fn: () => void;
  label: string;
}

/** 2026-01-01T00:00:00Z: the default start of simulated time (any fixed instant would do). */
export const DEFAULT_START_TIME = Date.UTC(2026, 0, 1, 0, 0, 0);

export class SimClock {
  private current: number;
  private seq = 0;
  private nextId = 1;
  /** Binary min-heap ordered by (at, seq). */
  private heap: Timer[] = [];
  private cancelled = new Set<TimerId>();

  constructor(startTime: number = DEFAULT_START_TIME) {
    this.current = startTime;
  }

  /** Simulated milliseconds since the Unix epoch. */
  now(): number {
    return this.current;
  }

  /** Run `fn` after `delayMs` of simulated time (0 = at the next settle). */
  setTimeout(fn: () => void, delayMs: number, label = ''): TimerId {
    const id = this.nextId++;
    const delay = Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
    this.push({ id, at: this.current + delay, seq: this.seq++, fn, label });
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.cancelled.add(id);
  }

  /** Time of the earliest pending timer, or undefined if none. */
  nextTimerAt(): number | undefined {
    this.dropCancelled();
    return this.heap[0]?.at;
  }

  /** Number of pending timers (for tests and benchmarks). */
  pendingTimers(): number {
    return this.heap.length - this.cancelled.size;
  }

  /** Run every timer already due (including ones they set for now). Returns how many ran. */
  settle(): number {
    return this.runUntil(this.current);
  }

  /** Move time forward by `ms`, running every timer that falls due on the way, in order. */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number): void {
    if (target < this.current) throw new RangeError('the simulated clock cannot go backwards');
    this.runUntil(target);
    this.current = target;
  }

  /**
   * Advance to the next pending timer (if it is due no later than `limit`) and run everything due
   * then. Returns false when nothing was due before `limit` (time then moves to `limit`).
   * Hosts use this to interleave simulated time with their own async work.
   */
  step(limit: number): boolean {
    const next = this.nextTimerAt();
    if (next === undefined || next > limit) {
      if (limit > this.current && Number.isFinite(limit)) this.current = limit;
      return false;
    }
    if (next > this.current) this.current = next;
    this.runUntil(this.current);
    return true;
  }

  private runUntil(target: number): number {
    let ran = 0;
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.at > target) break;
      this.pop();
      if (top.at > this.current) this.current = top.at;
      ran++;
      top.fn();
    }
    return ran;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.cancelled.has(this.heap[0]!.id)) {
      this.cancelled.delete(this.heap[0]!.id);
      this.pop();
    }
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Timer | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
