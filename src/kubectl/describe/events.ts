/**
 * The Events section of every describe output: how kubectl finds an object's events (searchEvents)
 * and how it prints them (DescribeEvents).
 */
import type { Event } from 'kubernetes-types/core/v1';
import type { DescribeClient } from './client';
import { parseTime, translateTimestampSince } from './helpers';
import { LEVEL_0, LEVEL_1, type PrefixWriter } from './writer';

/** What reference.GetReference gives for an object; an empty kind or uid is left out of the query. */
export interface EventRef {
  kind?: string;
  name: string;
  namespace?: string;
  uid?: string;
}

/**
 * events.GetFieldSelector(name, namespace, kind, uid) as a string. kubectl builds it from a Go map,
 * so the real order of the terms varies from run to run; the simulator always uses the order the
 * terms are added in: `involvedObject.name=…,involvedObject.namespace=…,involvedObject.kind=…,
 * involvedObject.uid=…`. Values are escaped as fields.EscapeValue does.
 */
export function eventFieldSelector(ref: EventRef): string {
  const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/=/g, '\\=');
  const terms: [string, string][] = [
    ['involvedObject.name', ref.name],
    ['involvedObject.namespace', ref.namespace ?? ''],
  ];
  if (ref.kind) terms.push(['involvedObject.kind', ref.kind]);
  if (ref.uid) terms.push(['involvedObject.uid', ref.uid]);
  return terms.map(([k, v]) => `${k}=${esc(v)}`).join(',');
}

/**
 * searchEvents: LIST core/v1 events in the object's namespace (all namespaces for cluster-scoped
 * objects) with a field selector on involvedObject, in chunks. Errors are swallowed by the callers
 * (`events, _ = searchEvents(...)`), which then print no Events section.
 */
export async function searchEvents(client: DescribeClient, ref: EventRef): Promise<Event[] | undefined> {
  try {
    return await client.list<Event>('v1', 'events', ref.namespace, {
      fieldSelector: eventFieldSelector(ref),
    });
  } catch {
    return undefined;
  }
}

/** The time SortableEvents orders by: series.lastObservedTime, else lastTimestamp, else eventTime. */
function eventTime(e: Event): number {
  if (e.series) return parseTime(e.series.lastObservedTime) ?? -Infinity;
  const last = parseTime(e.lastTimestamp);
  if (last !== undefined) return last;
  return parseTime(e.eventTime) ?? -Infinity;
}

/**
 * DescribeEvents. `Events: <none>` stays in the preceding alignment block; otherwise the writer is
 * flushed first, so the events table is aligned on its own. Age is the first-seen age, or
 * `<last> (xN over <first>)` for repeated events and series.
 */
export function describeEvents(events: Event[], w: PrefixWriter, now: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, 'Events:\t<none>\n');
    return;
  }
  w.flush();
  const sorted = [...events].sort((a, b) => eventTime(a) - eventTime(b));
  w.write(LEVEL_0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  w.write(LEVEL_1, '----\t------\t----\t----\t-------\n');
  for (const e of sorted) {
    let firstTimestampSince = translateTimestampSince(e.eventTime, now);
    if (parseTime(e.eventTime) === undefined)
      firstTimestampSince = translateTimestampSince(e.firstTimestamp, now);
    let interval: string;
    if (e.series) {
      interval = `${translateTimestampSince(e.series.lastObservedTime, now)} (x${e.series.count ?? 0} over ${firstTimestampSince})`;
    } else if ((e.count ?? 0) > 1) {
      interval = `${translateTimestampSince(e.lastTimestamp, now)} (x${e.count} over ${firstTimestampSince})`;
    } else {
      interval = firstTimestampSince;
    }
    const source = e.source?.component || e.reportingComponent || '';
    w.write(
      LEVEL_1,
      `${e.type ?? ''}\t${e.reason ?? ''}\t${interval}\t${source}\t${(e.message ?? '').trim()}\n`,
    );
  }
}
