import { describe, expect, it } from 'vitest';
import {
  TimeParseError,
  civilFromDays,
  daysFromCivil,
  formatGoTime,
  formatRFC3339,
  formatRFC3339Micro,
  formatRFC3339Nano,
  parseRFC3339,
  parseRFC3339OrUndefined,
} from '../../../src/apimachinery/time';

const T = Date.UTC(2026, 0, 1, 0, 0, 0);

describe('formatting', () => {
  it('metav1.Time: RFC 3339 in UTC with whole seconds', () => {
    expect(formatRFC3339(T)).toBe('2026-01-01T00:00:00Z');
    expect(formatRFC3339(T + 1999)).toBe('2026-01-01T00:00:01Z');
    expect(formatRFC3339(Date.UTC(2024, 1, 29, 23, 59, 59))).toBe('2024-02-29T23:59:59Z');
    expect(formatRFC3339(-1)).toBe('1969-12-31T23:59:59Z');
  });

  it('metav1.MicroTime: six fractional digits', () => {
    expect(formatRFC3339Micro(T)).toBe('2026-01-01T00:00:00.000000Z');
    expect(formatRFC3339Micro(T + 123.456)).toBe('2026-01-01T00:00:00.123456Z');
  });

  it('RFC3339Nano drops trailing zeros', () => {
    expect(formatRFC3339Nano(T)).toBe('2026-01-01T00:00:00Z');
    expect(formatRFC3339Nano(T + 120)).toBe('2026-01-01T00:00:00.12Z');
  });

  it('time.RFC1123Z for kubectl describe', () => {
    expect(formatGoTime(T)).toBe('Thu, 01 Jan 2026 00:00:00 +0000');
    expect(formatGoTime(Date.UTC(2006, 0, 2, 15, 4, 5))).toBe('Mon, 02 Jan 2006 15:04:05 +0000');
    expect(formatGoTime(Date.UTC(2006, 0, 2, 22, 4, 5), -420)).toBe('Mon, 02 Jan 2006 15:04:05 -0700');
    expect(formatGoTime(Date.UTC(2026, 5, 15, 3, 0, 0), 540)).toBe('Mon, 15 Jun 2026 12:00:00 +0900');
  });

  it('calendar arithmetic matches Date.UTC, including years 0-99', () => {
    for (const [y, mo, d] of [
      [1970, 1, 1],
      [2000, 2, 29],
      [2100, 3, 1],
      [1600, 12, 31],
    ] as const) {
      expect(daysFromCivil(y, mo, d) * 86_400_000).toBe(Date.UTC(y, mo - 1, d));
      expect(civilFromDays(daysFromCivil(y, mo, d))).toEqual({ year: y, month: mo, day: d });
    }
    expect(civilFromDays(daysFromCivil(50, 6, 1))).toEqual({ year: 50, month: 6, day: 1 });
  });
});

describe('parseRFC3339 (time.Parse(time.RFC3339, …))', () => {
  it.each([
    ['2026-01-01T00:00:00Z', T],
    ['2026-01-01T09:00:00+09:00', T],
    ['2025-12-31T19:00:00-05:00', T],
    ['2026-01-01T00:00:00.5Z', T + 500],
    ['2026-01-01T00:00:00,25Z', T + 250],
    ['2026-01-01T00:00:00.123456789Z', T + 123.456789],
    ['2026-01-01T0:00:00Z', T],
    ['2024-02-29T12:00:00Z', Date.UTC(2024, 1, 29, 12)],
  ])('%s', (input, ms) => {
    expect(parseRFC3339(input)).toBeCloseTo(ms, 6);
  });

  it('round-trips formatRFC3339', () => {
    const t = Date.UTC(2031, 6, 4, 13, 14, 15);
    expect(parseRFC3339(formatRFC3339(t))).toBe(t);
  });

  const layout = '"2006-01-02T15:04:05Z07:00"';
  it.each([
    ['', `parsing time "" as ${layout}: cannot parse "" as "2006"`],
    ['abc', `parsing time "abc" as ${layout}: cannot parse "abc" as "2006"`],
    [
      '2026/01/01T00:00:00Z',
      `parsing time "2026/01/01T00:00:00Z" as ${layout}: cannot parse "/01/01T00:00:00Z" as "-"`,
    ],
    [
      '2026-1-01T00:00:00Z',
      `parsing time "2026-1-01T00:00:00Z" as ${layout}: cannot parse "1-01T00:00:00Z" as "01"`,
    ],
    [
      '2026-01-01 00:00:00Z',
      `parsing time "2026-01-01 00:00:00Z" as ${layout}: cannot parse " 00:00:00Z" as "T"`,
    ],
    ['2026-01-01T00:00:00', `parsing time "2026-01-01T00:00:00" as ${layout}: cannot parse "" as "Z07:00"`],
    [
      '2026-01-01T00:00:00+0900',
      `parsing time "2026-01-01T00:00:00+0900" as ${layout}: cannot parse "+0900" as "Z07:00"`,
    ],
    ['2026-13-01T00:00:00Z', 'parsing time "2026-13-01T00:00:00Z": month out of range'],
    ['2026-02-30T00:00:00Z', 'parsing time "2026-02-30T00:00:00Z": day out of range'],
    ['2026-01-01T24:00:00Z', 'parsing time "2026-01-01T24:00:00Z": hour out of range'],
    ['2026-01-01T00:60:00Z', 'parsing time "2026-01-01T00:60:00Z": minute out of range'],
    ['2026-01-01T00:00:00Zjunk', 'parsing time "2026-01-01T00:00:00Zjunk": extra text: "junk"'],
  ])('%j fails', (input, message) => {
    expect(() => parseRFC3339(input)).toThrow(TimeParseError);
    expect(() => parseRFC3339(input)).toThrow(message);
  });

  it('parseRFC3339OrUndefined', () => {
    expect(parseRFC3339OrUndefined(undefined)).toBeUndefined();
    expect(parseRFC3339OrUndefined('nope')).toBeUndefined();
    expect(parseRFC3339OrUndefined('2026-01-01T00:00:00Z')).toBe(T);
  });
});
