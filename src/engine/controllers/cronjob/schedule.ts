/**
 * CronJob schedules with the semantics of github.com/robfig/cron/v3 (what Kubernetes uses).
 *
 * Parsing is the apiserver's port of cron.ParseStandard (strategies/cron.ts): the same fields,
 * ranges, names, descriptors and — what learners see — the same error messages. The next fire
 * time of a five-field schedule is searched by `croner` (zero dependencies, time zones through
 * Intl), fed with the parsed values as comma lists and robfig's "star bits": when day-of-month
 * or day-of-week was written as `*` or `?`, both must match (croner's `domAndDow`); when both are
 * restricted, either may (`0 0 1 * MON` runs on the 1st *and* on Mondays). `@every <duration>`
 * schedules (robfig's ConstantDelaySchedule) are computed here.
 *
 * Daylight saving time: robfig's SpecSchedule.Next walks the clock in absolute steps and fires at
 * every instant whose local wall-clock time matches. So a time that does not exist (02:30 when
 * New York springs forward) is skipped, and a time that happens twice (01:30 when it falls back)
 * fires twice, once in each offset. croner moves a skipped time to the next valid instant and
 * fires a repeated time only once, so `next` corrects both: it drops croner's candidates whose
 * wall clock does not match (the moved ones) and adds the second occurrence of repeated times.
 */
import { Cron } from 'croner';
import { loadLocation, parseStandard, type CronSchedule } from '../../api/strategies/cron';

export { loadLocation };

export interface Schedule {
  /** The first activation strictly after `t` (ms since the epoch). */
  next(t: number): number;
}

/**
 * Go's zero time.Time (0001-01-01T00:00:00Z) in ms since the epoch: what robfig's Next returns
 * for a schedule that never fires (`0 0 30 2 *`); the controller then reports that two schedules
 * are less than a second apart, as Kubernetes does.
 */
export const GO_ZERO_TIME = -62_135_596_800_000;

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

const list = (set: Set<number>): string => [...set].sort((a, b) => a - b).join(',');

/** The clock changes that repeat local times: 1 h almost everywhere, 30 min, and 2 h (Troll). */
const SHIFTS_MS = [3_600_000, 1_800_000, 7_200_000];
const HOUR_MS = 3_600_000;

const wallFormats = new Map<string, Intl.DateTimeFormat>();

/** The local wall-clock time of `ms` in `tz`, as a comparable string. */
function wallClock(ms: number, tz: string): string {
  let f = wallFormats.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallFormats.set(tz, f);
  }
  return f.format(ms);
}

/** The offset from UTC of `tz` at `ms` (minutes), from its wall clock. */
function utcOffset(ms: number, tz: string): number {
  const m = /^(\d+)\/(\d+)\/(\d+), (\d+):(\d+):(\d+)$/.exec(wallClock(ms, tz));
  if (!m) return 0;
  const [, mo, d, y, h, mi, s] = m.map(Number) as number[];
  const local = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!);
  return Math.round((local - (ms - (ms % 1000))) / 60_000);
}

class SpecSchedule implements Schedule {
  private readonly cron: Cron;
  private readonly tz: string;

  constructor(s: CronSchedule) {
    this.tz = !s.timeZone || s.timeZone === 'Local' ? 'UTC' : s.timeZone;
    // robfig's seconds field is 0 for ParseStandard schedules.
    const pattern = `0 ${list(s.minutes)} ${list(s.hours)} ${list(s.dom)} ${list(s.months)} ${list(s.dow)}`;
    this.cron = new Cron(pattern, { timezone: this.tz, domAndDow: s.domStar || s.dowStar, paused: true });
  }

  /** croner's next time strictly after `t` whose wall clock matches (moved DST-gap times skipped). */
  private nextMatching(t: number): number | undefined {
    let d = this.cron.nextRun(new Date(t));
    while (d && (d.getTime() <= t || !this.cron.match(d))) d = this.cron.nextRun(d);
    return d?.getTime();
  }

  next(t: number): number {
    // robfig moves to the next whole second, then searches; every match is a whole minute.
    const from = t - (t % 1000);
    let best = this.nextMatching(from);
    if (this.tz !== 'UTC') {
      const repeat = this.repeatedAfter(from, best);
      if (repeat !== undefined && (best === undefined || repeat < best)) best = repeat;
    }
    return best ?? GO_ZERO_TIME;
  }

  /**
   * The earliest second occurrence of a repeated local time that matches, after `from` and
   * before `limit`: the same wall clock as a match y (which croner did give) at y + shift.
   */
  private repeatedAfter(from: number, limit: number | undefined): number | undefined {
    const maxShift = Math.max(...SHIFTS_MS);
    // Only near a change of offset; none happens twice within a few hours.
    if (utcOffset(from - maxShift, this.tz) === utcOffset(from + maxShift + HOUR_MS, this.tz))
      return undefined;
    let found: number | undefined;
    for (let y = this.nextMatching(from - maxShift - 1000); y !== undefined && y <= from;) {
      for (const shift of SHIFTS_MS) {
        const x = y + shift;
        if (x <= from || (limit !== undefined && x >= limit) || (found !== undefined && x >= found)) continue;
        if (wallClock(x, this.tz) === wallClock(y, this.tz)) found = x;
      }
      y = this.nextMatching(y);
    }
    return found;
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
