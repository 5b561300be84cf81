/**
 * event: an Event was recorded (what `kubectl get events` and the Events of `kubectl describe`
 * show). Events are matched on reason, message, type and involved object, and on when they were
 * last seen: by default after the current step started, so an event from an earlier step does not
 * count twice.
 */
import type { KubeObject, KubeList } from '../../api/types';
import { parseRFC3339OrUndefined } from '../../apimachinery/time';
import { ApiError, statusMessage } from '../resources';
import type { EventCheck, Text } from '../types';
import { text, type CheckContext } from './context';
import { kindName } from './describe';

interface CoreEvent extends KubeObject {
  involvedObject?: { kind?: string; name?: string; namespace?: string };
  reason?: string;
  message?: string;
  type?: string;
  lastTimestamp?: string | null;
  firstTimestamp?: string | null;
  eventTime?: string | null;
  series?: { lastObservedTime?: string };
}

/** When an event was last seen (ms), from whichever of its timestamps is latest. */
export function eventLastSeen(e: CoreEvent): number {
  const times = [e.lastTimestamp, e.firstTimestamp, e.eventTime, e.series?.lastObservedTime]
    .map((t) => parseRFC3339OrUndefined(t ?? undefined))
    .filter((t): t is number => t !== undefined);
  // creationTimestamp only when the event carries no time of its own (an event object is
  // created once and updated as it repeats, so its creation says nothing about its last time).
  if (times.length === 0) return parseRFC3339OrUndefined(e.metadata.creationTimestamp) ?? 0;
  return Math.max(...times);
}

export async function evalEvent(ctx: CheckContext, c: EventCheck): Promise<Text | undefined> {
  const namespace = c.namespace ?? ctx.namespace;
  const res = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`,
  });
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, 'events'));
  const since = c.since ?? 'step';
  // Event times have one-second precision (lastTimestamp): compare whole seconds.
  const from =
    since === 'ever' ? 0 : Math.floor((since === 'step' ? ctx.stepStartedAt : ctx.lessonStartedAt) / 1000) * 1000;
  const message = c.message !== undefined ? new RegExp(c.message) : undefined;
  const kind = c.involved?.kind !== undefined ? kindName(c.involved.kind) : undefined;
  const found = (res.body as KubeList<CoreEvent>).items.some(
    (e) =>
      (c.reason === undefined || e.reason === c.reason) &&
      (c.type === undefined || e.type === c.type) &&
      (message === undefined || message.test(e.message ?? '')) &&
      (kind === undefined || e.involvedObject?.kind === kind) &&
      (c.involved?.name === undefined || e.involvedObject?.name === c.involved.name) &&
      eventLastSeen(e) >= from,
  );
  if (found) return undefined;
  if (since === 'step')
    return text(
      'No such event has been recorded since this step started.',
      'このステップを始めてから、該当するイベントはまだ記録されていません。',
    );
  if (since === 'lesson')
    return text(
      'No such event has been recorded since this lesson started.',
      'このレッスンを始めてから、該当するイベントはまだ記録されていません。',
    );
  return text(`No such event in namespace ${namespace}.`, `Namespace ${namespace} に該当するイベントはありません。`);
}
