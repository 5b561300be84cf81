import { describe, expect, it } from 'vitest';
import { CronParseError, parseCronSchedule } from '../../../../src/engine/api/strategies/index';

const err = (spec: string): string => {
  try {
    parseCronSchedule(spec);
  } catch (e) {
    if (e instanceof CronParseError) return e.message;
    throw e;
  }
  return '';
};

describe('parseCronSchedule (robfig/cron v3 ParseStandard)', () => {
  it('accepts standard schedules and descriptors', () => {
    expect(err('*/5 * * * *')).toBe('');
    expect(err('0 9-17 * JAN-mar mon-FRI')).toBe('');
    expect(err('@hourly')).toBe('');
    expect(err('@every 1h30m')).toBe('');
    expect(err('CRON_TZ=Asia/Tokyo 0 9 * * *')).toBe('');
    const s = parseCronSchedule('*/15 2,4 * * 1-5');
    expect([...s.minutes]).toEqual([0, 15, 30, 45]);
    expect([...s.hours]).toEqual([2, 4]);
    expect(s.domStar).toBe(true);
    expect(s.dowStar).toBe(false);
  });

  it('words errors as upstream', () => {
    expect(err('* * * *')).toBe('expected exactly 5 fields, found 4: [* * * *]');
    expect(err('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]');
    expect(err('')).toBe('empty spec string');
    expect(err('60 * * * *')).toBe('end of range (60) above maximum (59): 60');
    expect(err('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(err('* * * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(err('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(err('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(err('a * * * *')).toBe('failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax');
    expect(err('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(err('*/2/3 * * * *')).toBe('too many slashes: */2/3');
    expect(err('@sometimes')).toBe('unrecognized descriptor: @sometimes');
    expect(err('@every soon')).toBe('failed to parse duration @every soon: time: invalid duration "soon"');
  });
});
