/**
 * client-go's flowcontrol.Backoff, as the kubelet uses it for container restarts (CrashLoopBackOff)
 * and for image pulls (ImagePullBackOff): `NewBackOff(10s, 300s)`, no jitter in v1.32.
 *
 *  - `next(id, t)` records a failure: the first one (or the first after a quiet period of more than
 *    2 × max = 10 minutes) sets the delay to 10 s, each further one doubles it up to 5 minutes.
 *  - `isInBackOffSince(id, t)`: is it still too early to retry something that failed at `t`?
 *  - `isInBackOffSinceUpdate(id, t)`: the same, measured from the last `next` (image pulls).
 *
 * The 10-minute reset is what the docs describe as "after a container has run for 10 minutes
 * without any problems, the kubelet resets the restart backoff timer".
 */
export interface BackoffEntry {
  /** Current delay, ms. */
  backoff: number;
  /** When `next` was last called (the clock's now, not the event time), ms. */
  lastUpdate: number;
}

export class Backoff {
  private readonly entries = new Map<string, BackoffEntry>();

  constructor(
    private readonly now: () => number,
    readonly initial: number,
    readonly max: number,
  ) {}

  /** The current delay for `id` (0 if none). */
  get(id: string): number {
    return this.entries.get(id)?.backoff ?? 0;
  }

  entry(id: string): BackoffEntry | undefined {
    return this.entries.get(id);
  }

  /** Record a failure at `eventTime`. */
  next(id: string, eventTime: number): void {
    const entry = this.entries.get(id);
    if (!entry || this.hasExpired(eventTime, entry.lastUpdate)) {
      this.entries.set(id, { backoff: this.initial, lastUpdate: this.now() });
      return;
    }
    entry.backoff = Math.min(entry.backoff * 2, this.max);
    entry.lastUpdate = this.now();
  }

  /** Still backing off from a failure at `eventTime` (container restarts: its finishedAt). */
  isInBackOffSince(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return this.now() - eventTime < entry.backoff;
  }

  /** Still backing off since the last recorded failure (image pulls). */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean {
    const entry = this.entries.get(id);
    if (!entry) return false;
    if (this.hasExpired(eventTime, entry.lastUpdate)) return false;
    return eventTime - entry.lastUpdate < entry.backoff;
  }

  reset(id: string): void {
    this.entries.delete(id);
  }

  /** Drop entries untouched for more than 2 × max (Backoff.GC). */
  gc(): void {
    const now = this.now();
    for (const [id, e] of this.entries) if (now - e.lastUpdate > 2 * this.max) this.entries.delete(id);
  }

  /** "consider stable if it's ok for twice the maxDuration" */
  private hasExpired(eventTime: number, lastUpdate: number): boolean {
    return eventTime - lastUpdate > this.max * 2;
  }
}
