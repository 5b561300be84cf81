/**
 * CronJob schedules with the semantics of github.com/robfig/cron/v3 (what Kubernetes uses).
 *
 * Parsing is the apiserver's port of cron.ParseStandard (strategies/cron.ts): the same fields,
 * ranges, names, descriptors and — what learners see — the same error messages. Computing the
 * next fire time is left to the `cron-parser` library (time zones and DST through luxon), fed
 * with the parsed values and robfig's "star bits": when day-of-month or day-of-week was written
 * as `*` or `?`, both must match; when both are restricted, either may (`0 0 1 * MON` runs on the
 * 1st *and* on Mondays). `@every <duration>` schedules (robfig's ConstantDelaySchedule) are
 * computed here.
 */
import {
  CronDayOfMonth,
  CronDayOfWeek,
  CronExpression,
  CronFieldCollection,
  CronHour,
  CronMinute,
  CronMonth,
  CronSecond,
  type DayOfMonthRange,
  type DayOfWeekRange,
  type HourRange,
  type MonthRange,
  type SixtyRange,
} from 'cron-parser';
import { loadLocation, parseStandard, type CronSchedule } from '../../api/strategies/cron';

export { loadLocation };

export interface Schedule {
  /** The first activation strictly after `t` (ms since the epoch). */
  next(t: number): number;
}

/** cron.ParseStandard: throws CronParseError with robfig's message. */
export function parseSchedule(spec: string): Schedule {
  const s = parseStandard(spec);
  if (s.everyMs !== undefined) return constantDelaySchedule(s.everyMs);
  return new SpecSchedule(s);
}

/**
 * ConstantDelaySchedule: every `delay` (at least a second, whole seconds), counted from the
 * previous activation rounded down to the second.
 */
function constantDelaySchedule(everyMs: number): Schedule {
  let delay = Math.max(everyMs, 1000);
  delay -= delay % 1000;
  return { next: (t) => t - (t % 1000) + delay };
}

const sorted = (set: Set<number>): number[] => [...set].sort((a, b) => a - b);

class SpecSchedule implements Schedule {
  private readonly fields: CronFieldCollection;
  private readonly tz: string | undefined;

  constructor(s: CronSchedule) {
    this.tz = s.timeZone === 'Local' ? 'UTC' : s.timeZone;
    this.fields = new CronFieldCollection({
      second: new CronSecond([0]),
      minute: new CronMinute(sorted(s.minutes) as SixtyRange[]),
      hour: new CronHour(sorted(s.hours) as HourRange[]),
      dayOfMonth: new CronDayOfMonth(sorted(s.dom) as DayOfMonthRange[], { wildcard: s.domStar }),
      month: new CronMonth(sorted(s.months) as MonthRange[]),
      dayOfWeek: new CronDayOfWeek(sorted(s.dow) as DayOfWeekRange[], { wildcard: s.dowStar }),
    });
  }

  next(t: number): number {
    // robfig first moves to the next whole second, then searches; the schedule's second is 0.
    const from = t - (t % 1000);
    const expr = new CronExpression(this.fields, { currentDate: from, tz: this.tz ?? 'UTC' });
    let next = expr.next().getTime();
    while (next <= t) next = expr.next().getTime();
    return next;
  }
}

/** Time.In(tz).Format(time.RFC3339): `2026-01-01T09:00:00+09:00`, or `…Z` for UTC. */
export function formatRFC3339In(ms: number, tz: string | undefined): string {
  const utc = new Date(Math.floor(ms / 1000) * 1000);
  if (!tz || tz === 'UTC' || tz === 'Local') return utc.toISOString().replace('.000Z', 'Z');
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(utc);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  const offsetMin = Math.round((local - utc.getTime()) / 60000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const base = new Date(local).toISOString().slice(0, 19);
  if (offsetMin === 0) return `${base}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
