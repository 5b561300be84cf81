/**
 * Events as components record them (client-go tools/record): `recorder.event(pod, 'Warning',
 * 'BackOff', 'Back-off restarting failed container …')` becomes a core/v1 Event object in the
 * object's namespace, written through the API like any other object.
 *
 * What happens to one call, as in client-go:
 *  1. makeEvent: name `<involvedObject.name>.<UnixNano in hex>`, count 1, first = last timestamp
 *     = now, source {component, host}, reportingComponent/Instance copied from the source.
 *  2. The event is queued and written asynchronously (a zero-delay clock timer: the recording
 *     component never waits for the API).
 *  3. The EventCorrelator looks at it first:
 *     - aggregation: 10 events that differ only in message (same source, object, type, reason)
 *       within 10 minutes turn into one event "(combined from similar events): <message>";
 *     - de-duplication: an event identical to an earlier one (same source, object, type, reason,
 *       message) is not created again: the earlier one gets count+1 and a new lastTimestamp
 *       through a strategic merge PATCH of {count, lastTimestamp, message};
 *     - spam filter: a token bucket per source+object allows bursts of 25 events, then 1 every
 *       5 minutes; filtered events are dropped (their count still advances for the next write).
 *  4. Create or patch; a patch of an event that has expired meanwhile falls back to a create.
 *     Errors the server answered are not retried; only "server unreachable" is, up to 12 times.
 *
 * One EventBroadcaster stands for one process's broadcaster (kube-controller-manager, a kubelet,
 * the scheduler): its correlator state is shared by all recorders made from it.
 */
import type { KubeObject } from '../api/types';
import type { SimClock } from './clock';
import type { Rand } from './rand';
import {
  RestClient,
  errorMessage,
  isAlreadyExists,
  isNotFound,
  hasStatusCause,
} from './controllers/framework/client';
import type { ControllerClient } from './controllers/framework/client';
import { StatusError } from './api/errors';
import { nopLogger, type Logger } from './controllers/framework/log';
import { LruCache } from './controllers/framework/lru';
import { rfc3339 } from './controllers/framework/objects';

export type EventType = 'Normal' | 'Warning';

/** core/v1 EventSource: who reports (e.g. {component: 'kubelet', host: 'kind-control-plane'}). */
export interface EventSource {
  component: string;
  host?: string;
}

/** core/v1 ObjectReference, as an event's involvedObject. */
export interface ObjectReference {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  /** Part of the object, e.g. `spec.containers{nginx}` for container events of the kubelet. */
  fieldPath?: string;
}

/** core/v1 Event as the recorder writes it. */
export interface CoreEvent extends KubeObject {
  involvedObject: ObjectReference;
  reason: string;
  message: string;
  source: EventSource;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  type: EventType;
  eventTime: null;
  reportingComponent: string;
  reportingInstance: string;
}

export interface EventRecorder {
  /**
   * Record an event about `object` (an object, or a reference with a fieldPath). Never throws and
   * never waits: the event is written later on the simulated clock.
   */
  event(object: KubeObject | ObjectReference, type: EventType, reason: string, message: string): void;
  /** The same, with annotations on the Event object. */
  annotatedEvent(
    object: KubeObject | ObjectReference,
    annotations: Record<string, string>,
    type: EventType,
    reason: string,
    message: string,
  ): void;
}

/** ref.GetReference: the reference an event keeps to its object (optionally to one field of it). */
export function getReference(obj: KubeObject, fieldPath?: string): ObjectReference {
  const ref: ObjectReference = {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion,
  };
  if (fieldPath) ref.fieldPath = fieldPath;
  return stripUndefined(ref);
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || o[k] === '') delete o[k];
  return o;
}

/**
 * Unique nanosecond timestamps for event names. The simulated clock counts milliseconds; the
 * nanoseconds within a millisecond come from the seeded RNG (and increase strictly), so names
 * look like real ones, are unique, and are the same in every run with the same seed.
 */
export class NanoClock {
  private last = 0n;

  constructor(
    private readonly clock: SimClock,
    private readonly rand: Rand,
  ) {}

  /** time.Now().UnixNano() */
  unixNano(): bigint {
    const base = BigInt(this.clock.now()) * 1_000_000n;
    let ns = base + BigInt(this.rand.int(1_000_000));
    if (ns <= this.last) ns = this.last + 1n + BigInt(this.rand.int(1000));
    this.last = ns;
    return ns;
  }
}

// ---- correlator (client-go tools/record/events_cache.go) ----------------------------------

const MAX_LRU_CACHE_ENTRIES = 4096;
/** If we see the same event that varies only by message more than 10 times in 10 minutes, aggregate it. */
const AGGREGATE_MAX_EVENTS = 10;
const AGGREGATE_INTERVAL_MS = 600 * 1000;
/** A source may send 25 events about an object, then 1 new event every 5 minutes. */
const SPAM_BURST = 25;
const SPAM_QPS = 1 / 300;

const eventKey = (e: CoreEvent): string =>
  [
    e.source.component,
    e.source.host ?? '',
    e.involvedObject.kind,
    e.involvedObject.namespace ?? '',
    e.involvedObject.name,
    e.involvedObject.fieldPath ?? '',
    e.involvedObject.uid ?? '',
    e.involvedObject.apiVersion ?? '',
    e.type,
    e.reason,
    e.message,
  ].join('');

const spamKey = (e: CoreEvent): string =>
  [
    e.source.component,
    e.source.host ?? '',
    e.involvedObject.kind,
    e.involvedObject.namespace ?? '',
    e.involvedObject.name,
    e.involvedObject.uid ?? '',
    e.involvedObject.apiVersion ?? '',
  ].join('');

/** EventAggregatorByReasonFunc: (aggregate key, local key). */
const aggregateKeys = (e: CoreEvent): [string, string] => [
  [
    e.source.component,
    e.source.host ?? '',
    e.involvedObject.kind,
    e.involvedObject.namespace ?? '',
    e.involvedObject.name,
    e.involvedObject.uid ?? '',
    e.involvedObject.apiVersion ?? '',
    e.type,
    e.reason,
    e.reportingComponent,
    e.reportingInstance,
  ].join(''),
  e.message,
];

interface TokenBucket {
  tokens: number;
  last: number;
}

interface AggregateRecord {
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string;
  name: string;
  resourceVersion: string;
}

interface CorrelateResult {
  event: CoreEvent;
  /** Strategic merge patch for an existing event (count > 1). */
  patch?: Record<string, unknown>;
  skip: boolean;
}

class EventCorrelator {
  private spam = new LruCache<TokenBucket>(MAX_LRU_CACHE_ENTRIES);
  private aggregates = new LruCache<AggregateRecord>(MAX_LRU_CACHE_ENTRIES);
  private logs = new LruCache<EventLog>(MAX_LRU_CACHE_ENTRIES);

  constructor(
    private readonly clock: SimClock,
    private readonly nano: NanoClock,
  ) {}

  correlate(newEvent: CoreEvent): CorrelateResult {
    const [aggregated, key] = this.aggregate(newEvent);
    const [observed, patch] = this.observe(aggregated, key);
    if (this.filter(observed)) return { event: observed, skip: true };
    return { event: observed, patch, skip: false };
  }

  /** eventLogger.updateState: remember what the server returned (name, count, resourceVersion). */
  updateState(e: CoreEvent): void {
    this.logs.add(eventKey(e), {
      count: e.count,
      firstTimestamp: e.firstTimestamp,
      name: e.metadata.name ?? '',
      resourceVersion: e.metadata.resourceVersion ?? '',
    });
  }

  /** EventAggregator.EventAggregate */
  private aggregate(e: CoreEvent): [CoreEvent, string] {
    const now = this.clock.now();
    const [aggKey, localKey] = aggregateKeys(e);
    let record = this.aggregates.get(aggKey);
    if (!record || now - record.lastTimestamp > AGGREGATE_INTERVAL_MS) {
      record = { localKeys: new Set(), lastTimestamp: 0 };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.aggregates.add(aggKey, record);
    if (record.localKeys.size < AGGREGATE_MAX_EVENTS) return [e, eventKey(e)];
    // do not grow the local key set any larger than the maximum
    const first = record.localKeys.values().next().value;
    if (first !== undefined) record.localKeys.delete(first);
    const ts = rfc3339(now);
    const combined: CoreEvent = {
      ...e,
      metadata: {
        name: `${e.involvedObject.name}.${this.nano.unixNano().toString(16)}`,
        namespace: e.metadata.namespace,
      },
      count: 1,
      firstTimestamp: ts,
      lastTimestamp: ts,
      message: `(combined from similar events): ${e.message}`,
    };
    return [combined, aggKey];
  }

  /** eventLogger.eventObserve: same key seen before → count+1 and a patch. */
  private observe(e: CoreEvent, key: string): [CoreEvent, Record<string, unknown> | undefined] {
    const event: CoreEvent = { ...e, metadata: { ...e.metadata } };
    const last = this.logs.get(key);
    let patch: Record<string, unknown> | undefined;
    if (last && last.count > 0) {
      event.metadata = { ...event.metadata, name: last.name, resourceVersion: last.resourceVersion };
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
      // strategicpatch.CreateTwoWayMergePatch of the event against a copy with count 0,
      // lastTimestamp 1970 and no message: exactly these three fields.
      patch = { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message };
    }
    this.logs.add(key, {
      count: event.count,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name ?? '',
      resourceVersion: event.metadata.resourceVersion ?? '',
    });
    return [event, patch];
  }

  /** EventSourceObjectSpamFilter.Filter: true when the event must be dropped. */
  private filter(e: CoreEvent): boolean {
    const now = this.clock.now();
    const key = spamKey(e);
    const bucket = this.spam.get(key) ?? { tokens: SPAM_BURST, last: now };
    bucket.tokens = Math.min(SPAM_BURST, bucket.tokens + ((now - bucket.last) / 1000) * SPAM_QPS);
    bucket.last = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.spam.add(key, bucket);
    return !allowed;
  }
}

// ---- broadcaster and recorder ---------------------------------------------------------------

/** Tries per event before giving up, and the sleep between tries (client-go record). */
const MAX_TRIES_PER_EVENT = 12;
const RETRY_SLEEP_MS = 10_000;

export interface EventBroadcasterOptions {
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  /** Shared by all broadcasters of a cluster so event names never collide. */
  nanoClock?: NanoClock;
  /** User-Agent of the writes (the process's own, e.g. `kube-controller-manager/v1.32.2 …`). */
  userAgent?: string;
  logger?: Logger;
}

export class EventBroadcaster {
  private readonly rest: RestClient;
  private readonly clock: SimClock;
  private readonly rand: Rand;
  private readonly nano: NanoClock;
  private readonly correlator: EventCorrelator;
  private readonly logger: Logger;
  private pending: CoreEvent[] = [];
  private flushScheduled = false;
  private shutDown = false;

  constructor(opts: EventBroadcasterOptions) {
    this.clock = opts.clock;
    this.rand = opts.rand;
    this.nano = opts.nanoClock ?? new NanoClock(opts.clock, opts.rand);
    this.rest = new RestClient(opts.client, opts.userAgent ?? 'kube-controller-manager');
    this.correlator = new EventCorrelator(this.clock, this.nano);
    this.logger = opts.logger ?? nopLogger;
  }

  /** A recorder that reports as `source` (broadcaster.NewRecorder). */
  newRecorder(source: EventSource): EventRecorder {
    const generate = (
      object: KubeObject | ObjectReference,
      annotations: Record<string, string> | undefined,
      type: EventType,
      reason: string,
      message: string,
    ): void => {
      if (type !== 'Normal' && type !== 'Warning') {
        this.logger.error(`Unsupported event type: '${String(type)}'`);
        return;
      }
      const ref = 'metadata' in object ? getReference(object) : stripUndefined({ ...object });
      this.enqueue(this.makeEvent(ref, annotations, type, reason, message, source));
    };
    return {
      event: (object, type, reason, message) => generate(object, undefined, type, reason, message),
      annotatedEvent: (object, annotations, type, reason, message) =>
        generate(object, annotations, type, reason, message),
    };
  }

  /** Stop writing events (queued ones are dropped). */
  shutdown(): void {
    this.shutDown = true;
    this.pending = [];
  }

  private makeEvent(
    ref: ObjectReference,
    annotations: Record<string, string> | undefined,
    type: EventType,
    reason: string,
    message: string,
    source: EventSource,
  ): CoreEvent {
    const ts = rfc3339(this.clock.now());
    const metadata: KubeObject['metadata'] = {
      name: `${ref.name}.${this.nano.unixNano().toString(16)}`,
      namespace: ref.namespace || 'default',
    };
    if (annotations) metadata.annotations = { ...annotations };
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata,
      involvedObject: ref,
      reason,
      message,
      source: source.host
        ? { component: source.component, host: source.host }
        : { component: source.component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
  }

  private enqueue(event: CoreEvent): void {
    if (this.shutDown) return;
    this.pending.push(event);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.clock.setTimeout(() => this.flush(), 0, 'event broadcaster');
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.pending;
    this.pending = [];
    for (const event of batch) this.recordToSink(event);
  }

  private recordToSink(event: CoreEvent): void {
    const result = this.correlator.correlate(event);
    if (result.skip) return;
    this.tryRecord(result.event, result.patch, 0);
  }

  private tryRecord(event: CoreEvent, patch: Record<string, unknown> | undefined, tries: number): void {
    if (this.shutDown) return;
    if (this.recordEvent(event, patch)) return;
    tries++;
    if (tries >= MAX_TRIES_PER_EVENT) {
      this.logger.error(`Unable to write event '${event.metadata.name}' (retry limit exceeded!)`);
      return;
    }
    // Randomize the first sleep so that various clients won't all be synced up if the server goes down.
    const delay = tries === 1 ? Math.floor(RETRY_SLEEP_MS * this.rand.next()) : RETRY_SLEEP_MS;
    this.clock.setTimeout(() => this.tryRecord(event, patch, tries), delay, 'event broadcaster retry');
  }

  /** Returns true when the event was written or must be abandoned, false to retry. */
  private recordEvent(event: CoreEvent, patch: Record<string, unknown> | undefined): boolean {
    const ns = event.metadata.namespace;
    const ref = { group: '', version: 'v1', resource: 'events', namespaced: true };
    let written: CoreEvent | undefined;
    let error: unknown;
    const update = event.count > 1 && patch !== undefined;
    if (update) {
      try {
        written = this.rest.patch<CoreEvent>(
          ref,
          ns,
          event.metadata.name ?? '',
          'application/strategic-merge-patch+json',
          patch,
        );
      } catch (err) {
        error = err;
      }
    }
    if (!update || (error !== undefined && isNotFound(error))) {
      error = undefined;
      // Making sure that resourceVersion is empty on creation
      const { resourceVersion: _rv, ...metadata } = event.metadata;
      const body: CoreEvent = { ...event, metadata };
      try {
        written = this.rest.create<CoreEvent>(ref, ns, body);
      } catch (err) {
        error = err;
      }
    }
    if (written) {
      this.correlator.updateState(written);
      return true;
    }
    if (error instanceof StatusError) {
      // The server answered: something about the event is wrong, don't keep trying.
      if (!isAlreadyExists(error) && !hasStatusCause(error, 'NamespaceTerminating')) {
        this.logger.error(
          `Server rejected event '${event.metadata.name}': '${errorMessage(error)}' (will not retry!)`,
        );
      }
      return true;
    }
    this.logger.error(
      `Unable to write event '${event.metadata.name}': '${errorMessage(error)}' (may retry after sleeping)`,
    );
    return false;
  }
}
