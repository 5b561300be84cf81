/**
 * Next fire times around daylight saving changes and for schedules that never fire, as
 * robfig/cron v3's SpecSchedule.Next computes them (its spec_test.go has the same DST cases):
 * a local time that does not exist is skipped, a local time that happens twice fires twice.
 */
import { describe, expect, it } from 'vitest';
import { GO_ZERO_TIME, parseSchedule } from '../../../../../src/engine/controllers/cronjob/schedule';

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

/** The next `n` fire times of `spec` after `from`. */
function nextTimes(spec: string, from: string, n: number): string[] {
  const s = parseSchedule(spec);
  const out: string[] = [];
  let t = Date.parse(from);
  for (let i = 0; i < n; i++) {
    t = s.next(t);
    out.push(iso(t));
  }
  return out;
}

describe('America/New_York spring forward (2012-03-11 02:00 EST -> 03:00 EDT)', () => {
  it('skips 02:30, which does not exist that day', () => {
    expect(nextTimes('TZ=America/New_York 30 2 * * *', '2012-03-11T05:00:00Z', 2)).toEqual([
      '2012-03-12T06:30:00Z',
      '2012-03-13T06:30:00Z',
    ]);
  });

  it('a schedule for that day only waits for the next year (robfig spec_test)', () => {
    expect(nextTimes('TZ=America/New_York 30 2 11 Mar ?', '2012-03-11T05:00:00Z', 1)).toEqual([
      '2013-03-11T06:30:00Z',
    ]);
  });

  it('an hourly schedule fires every real hour across the gap', () => {
    expect(nextTimes('TZ=America/New_York 0 * * * *', '2012-03-11T05:30:00Z', 3)).toEqual([
      '2012-03-11T06:00:00Z',
      '2012-03-11T07:00:00Z',
      '2012-03-11T08:00:00Z',
    ]);
  });
});

describe('America/New_York fall back (2012-11-04 02:00 EDT -> 01:00 EST)', () => {
  it('fires at 01:30 in both offsets', () => {
    expect(nextTimes('TZ=America/New_York 30 1 * * *', '2012-11-04T04:00:00Z', 3)).toEqual([
      '2012-11-04T05:30:00Z',
      '2012-11-04T06:30:00Z',
      '2012-11-05T06:30:00Z',
    ]);
  });

  it('from 01:45 EDT the next 01:30 is the EST one (robfig spec_test)', () => {
    expect(nextTimes('TZ=America/New_York 30 1 04 Nov ?', '2012-11-04T05:45:00Z', 1)).toEqual([
      '2012-11-04T06:30:00Z',
    ]);
  });

  it('02:30 comes once, in EST (robfig spec_test)', () => {
    expect(nextTimes('TZ=America/New_York 30 2 04 Nov ?', '2012-11-04T04:00:00Z', 1)).toEqual([
      '2012-11-04T07:30:00Z',
    ]);
  });

  it('a quarter-hourly schedule fires through the repeated hour', () => {
    expect(nextTimes('TZ=America/New_York */15 * * * *', '2012-11-04T05:40:00Z', 6)).toEqual([
      '2012-11-04T05:45:00Z',
      '2012-11-04T06:00:00Z',
      '2012-11-04T06:15:00Z',
      '2012-11-04T06:30:00Z',
      '2012-11-04T06:45:00Z',
      '2012-11-04T07:00:00Z',
    ]);
  });
});

describe('day-of-month and day-of-week', () => {
  it('both restricted: either matches', () => {
    // 2012-07-28 is a Saturday: Monday the 30th, then Wednesday the 1st of August.
    expect(nextTimes('0 0 1 * MON', '2012-07-28T00:00:00Z', 2)).toEqual([
      '2012-07-30T00:00:00Z',
      '2012-08-01T00:00:00Z',
    ]);
  });

  it('one is a star: both must match', () => {
    expect(nextTimes('0 0 * * MON', '2012-07-28T00:00:00Z', 2)).toEqual([
      '2012-07-30T00:00:00Z',
      '2012-08-06T00:00:00Z',
    ]);
    // */2 has a step, so no star bit: odd days or Sundays.
    expect(nextTimes('0 0 */2 * SUN', '2012-07-14T00:00:00Z', 2)).toEqual([
      '2012-07-15T00:00:00Z',
      '2012-07-17T00:00:00Z',
    ]);
  });

  it('strictly after t, from t rounded down to the second', () => {
    expect(nextTimes('* * * * *', '2012-07-14T00:00:00.500Z', 1)).toEqual(['2012-07-14T00:01:00Z']);
    expect(nextTimes('* * * * *', '2012-07-14T00:00:59.999Z', 1)).toEqual(['2012-07-14T00:01:00Z']);
  });
});

describe('schedules that never fire', () => {
  it("return Go's zero time, as robfig's Next does", () => {
    expect(parseSchedule('0 0 30 2 *').next(Date.parse('2012-07-09T23:35:00Z'))).toBe(GO_ZERO_TIME);
    expect(parseSchedule('0 0 31 4 *').next(Date.parse('2012-07-09T23:35:00Z'))).toBe(GO_ZERO_TIME);
  });
});
