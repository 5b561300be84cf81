/**
 * kube-scheduler's event recorder: client-go tools/events (the events.k8s.io/v1 API), not the
 * older tools/record most controllers use. The differences show in `kubectl get events -o yaml`
 * and `describe`:
 *
 *  - an event has `eventTime` (microseconds), `action` (Scheduling, Binding, Preempting),
 *    `reportingComponent: default-scheduler`, `reportingInstance: default-scheduler-<host>`, an
 *    empty `source` and no first/last timestamps or count;
 *  - repeats are a *series*: events with the same type, action, reason, reporter, regarding and
 *    related objects (the message is not part of the key) are isomorphic. The second one turns
 *    the first into a series and patches it (`series: {count: 2, lastObservedTime}`); later ones
 *    only count in memory, written every 30 minutes; a series not seen for 6 minutes is
 *    finished (written once more and forgotten). `describe` shows `(x2 over 5m)`.
 *
 * The regarding reference includes the pod's resourceVersion, so an attempt after the pod
 * changed (its PodScheduled condition was first set) starts a new event.
 *
 * events.k8s.io is not served by the simulated API server; the scheduler writes the same
 * objects through core/v1, where they look exactly as the real apiserver shows them there.
 */
import type { KubeObject } from '../../api/types';
import type { SimClock, TimerId } from '../clock';
import { RestClient, errorMessage, isNotFound, type ControllerClient } from '../controllers/framework/client';
import { nopLogger, type Logger } from '../controllers/framework/log';
import { rfc3339Micro } from './util';
import { getReference, type NanoClock, type ObjectReference } from '../events';

const FINISH_TIME_MS = 6 * 60_000;
const REFRESH_TIME_MS = 30 * 60_000;
/** events/v1 `note` is at most 1 kB; the scheduler truncates (truncateMessage). */
export const NOTE_LENGTH_LIMIT = 1024;

const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };

interface SchedulerEvent extends KubeObject {
  action: string;
  eventTime: string;
  involvedObject: ObjectReference;
  related?: ObjectReference;
  reason: string;
  message: string;
  type: string;
  reportingComponent: string;
  reportingInstance: string;
  source: Record<string, never>;
  firstTimestamp: null;
  lastTimestamp: null;
  series?: { count: number; lastObservedTime: string };
}

interface CacheEntry {
  event: SchedulerEvent;
  /** Time of the event (for finishing singletons). */
  eventTime: number;
  lastObserved: number;
}

/** `truncateMessage` (schedule_one.go). */
export function truncateMessage(message: string): string {
  const max = NOTE_LENGTH_LIMIT;
  if (message.length <= max) return message;
  const suffix = ' ...';
  return message.slice(0, max - suffix.length) + suffix;
}

export class SchedulerEventRecorder {
  private readonly rest: RestClient;
  private readonly cache = new Map<string, CacheEntry>();
  /** Entries of the cache that are series (the 30-minute refresh only runs while there are some). */
  private seriesCount = 0;
  private readonly startedAt: number;
  private finishTimer: TimerId | undefined;
  private refreshTimer: TimerId | undefined;
  private stopped = false;

  constructor(
    client: ControllerClient,
    private readonly clock: SimClock,
    private readonly nano: NanoClock,
    userAgent: string,
    readonly reportingController: string,
    readonly reportingInstance: string,
    private readonly logger: Logger = nopLogger,
  ) {
    this.rest = new RestClient(client, userAgent);
    this.startedAt = clock.now();
  }

  stop(): void {
    this.stopped = true;
    if (this.finishTimer !== undefined) this.clock.clearTimeout(this.finishTimer);
    if (this.refreshTimer !== undefined) this.clock.clearTimeout(this.refreshTimer);
  }

  /** `Eventf(regarding, related, type, reason, action, note)`. Written on a zero-delay timer. */
  eventf(
    regarding: KubeObject | object,
    related: KubeObject | object | null,
    type: string,
    reason: string,
    action: string,
    note: string,
  ): void {
    if (this.stopped) return;
    const now = this.clock.now();
    const ref = getReference(regarding as KubeObject);
    const event: SchedulerEvent = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${ref.name}.${this.nano.unixNano().toString(16)}`,
        namespace: ref.namespace || 'default',
      },
      action,
      eventTime: rfc3339Micro(now),
      firstTimestamp: null,
      involvedObject: ref,
      lastTimestamp: null,
      message: note,
      reason,
      reportingComponent: this.reportingController,
      reportingInstance: this.reportingInstance,
      source: {},
      type,
    };
    if (related) event.related = getReference(related as KubeObject);
    this.clock.setTimeout(() => this.recordToSink(event, now), 0, 'scheduler event');
  }

  private key(e: SchedulerEvent): string {
    const r = (o: ObjectReference | undefined) =>
      o
        ? `${o.kind}\u0000${o.namespace ?? ''}\u0000${o.name}\u0000${o.uid ?? ''}\u0000${o.apiVersion ?? ''}\u0000${o.resourceVersion ?? ''}\u0000${o.fieldPath ?? ''}`
        : '';
    return `${e.type}\u0001${e.action}\u0001${e.reason}\u0001${e.reportingComponent}\u0001${e.reportingInstance}\u0001${r(e.involvedObject)}\u0001${r(e.related)}`;
  }

  private recordToSink(event: SchedulerEvent, at: number): void {
    if (this.stopped) return;
    const key = this.key(event);
    const iso = this.cache.get(key);
    let toRecord: SchedulerEvent | undefined;
    if (iso) {
      iso.lastObserved = at;
      if (iso.event.series) {
        iso.event.series = { count: iso.event.series.count + 1, lastObservedTime: rfc3339Micro(at) };
        toRecord = undefined;
      } else {
        iso.event.series = { count: 2, lastObservedTime: rfc3339Micro(at) };
        this.seriesCount++;
        toRecord = structuredClone(iso.event);
      }
    } else {
      this.cache.set(key, { event, eventTime: at, lastObserved: at });
      toRecord = event;
    }
    if (toRecord) {
      const written = this.recordEvent(toRecord);
      if (written && iso) iso.event.metadata = { ...iso.event.metadata, name: written.metadata.name };
    }
    this.armTimers();
  }

  /** `recordEvent`: PATCH the series onto the existing event, or create it. */
  private recordEvent(event: SchedulerEvent): KubeObject | undefined {
    const ns = event.metadata.namespace;
    if (event.series) {
      try {
        return this.rest.patch(
          EVENTS,
          ns,
          event.metadata.name ?? '',
          'application/strategic-merge-patch+json',
          {
            series: event.series,
          },
        );
      } catch (e) {
        if (!isNotFound(e)) {
          this.logger.error(`Server rejected event (will not retry!): ${errorMessage(e)}`);
          return undefined;
        }
      }
    }
    const { resourceVersion: _rv, ...metadata } = event.metadata;
    try {
      return this.rest.create(EVENTS, ns, { ...event, metadata });
    } catch (e) {
      this.logger.error(`Server rejected event (will not retry!): ${errorMessage(e)}`);
      return undefined;
    }
  }

  /** The 6-minute finish loop and the 30-minute refresh loop, only while the cache holds events. */
  private armTimers(): void {
    if (this.stopped || this.cache.size === 0) return;
    const next = (period: number) => {
      const elapsed = this.clock.now() - this.startedAt;
      return this.startedAt + (Math.floor(elapsed / period) + 1) * period - this.clock.now();
    };
    if (this.finishTimer === undefined)
      this.finishTimer = this.clock.setTimeout(
        () => {
          this.finishTimer = undefined;
          this.finishSeries();
          this.armTimers();
        },
        next(FINISH_TIME_MS),
        'scheduler event finishSeries',
      );
    if (this.refreshTimer === undefined && this.seriesCount > 0)
      this.refreshTimer = this.clock.setTimeout(
        () => {
          this.refreshTimer = undefined;
          this.refreshExistingEventSeries();
          this.armTimers();
        },
        next(REFRESH_TIME_MS),
        'scheduler event refresh',
      );
  }

  /** `finishSeries`: write the final count of series idle for 6 minutes; forget old singletons. */
  private finishSeries(): void {
    const cutoff = this.clock.now() - FINISH_TIME_MS;
    for (const [key, e] of this.cache) {
      if (e.event.series) {
        if (e.lastObserved < cutoff) {
          this.recordEvent(structuredClone(e.event));
          this.cache.delete(key);
          this.seriesCount--;
        }
      } else if (e.eventTime < cutoff) {
        this.cache.delete(key);
      }
    }
  }

  /** `refreshExistingEventSeries`: write every series' current count. */
  private refreshExistingEventSeries(): void {
    for (const e of this.cache.values()) if (e.event.series) this.recordEvent(structuredClone(e.event));
  }
}
