import { describe, expect, it } from 'vitest';
import {
  DurationParseError,
  ageSince,
  formatGoDuration,
  formatGoDurationNs,
  humanDuration,
  parseGoDuration,
  parseGoDurationNs,
  shortHumanDuration,
} from '../../../src/apimachinery/duration';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

// Reference §8.3 [RUN] extra examples, verbatim: duration, HumanDuration, ShortHumanDuration.
const table83: [string, string, string][] = [
  ['-3s', '<invalid>', '<invalid>'],
  ['-1s', '0s', '0s'],
  ['0s', '0s', '0s'],
  ['500ms', '0s', '0s'],
  ['1s', '1s', '1s'],
  ['5s', '5s', '5s'],
  ['59s', '59s', '59s'],
  ['1m0s', '60s', '1m'],
  ['1m30s', '90s', '1m'],
  ['1m59s', '119s', '1m'],
  ['2m0s', '2m', '2m'],
  ['2m3s', '2m3s', '2m'],
  ['2m30s', '2m30s', '2m'],
  ['5m0s', '5m', '5m'],
  ['5m30s', '5m30s', '5m'],
  ['9m59s', '9m59s', '9m'],
  ['10m0s', '10m', '10m'],
  ['10m30s', '10m', '10m'],
  ['45m0s', '45m', '45m'],
  ['59m0s', '59m', '59m'],
  ['1h0m0s', '60m', '1h'],
  ['1h30m0s', '90m', '1h'],
  ['2h59m0s', '179m', '2h'],
  ['3h0m0s', '3h', '3h'],
  ['3h2m0s', '3h2m', '3h'],
  ['5h0m0s', '5h', '5h'],
  ['5h30m0s', '5h30m', '5h'],
  ['7h59m0s', '7h59m', '7h'],
  ['8h0m0s', '8h', '8h'],
  ['8h30m0s', '8h', '8h'],
  ['12h0m0s', '12h', '12h'],
  ['23h0m0s', '23h', '23h'],
  ['24h0m0s', '24h', '1d'],
  ['47h0m0s', '47h', '1d'],
  ['48h0m0s', '2d', '2d'],
  ['51h0m0s', '2d3h', '2d'],
  ['120h0m0s', '5d', '5d'],
  ['191h0m0s', '7d23h', '7d'],
  ['192h0m0s', '8d', '8d'],
  ['240h0m0s', '10d', '10d'],
  ['720h0m0s', '30d', '30d'],
  ['2880h0m0s', '120d', '120d'],
  ['8736h0m0s', '364d', '364d'],
  ['8760h0m0s', '365d', '1y'],
  ['17496h0m0s', '729d', '1y'],
  ['17520h0m0s', '2y', '2y'],
  ['17544h0m0s', '2y1d', '2y'],
  ['26520h0m0s', '3y10d', '3y'],
  ['70080h0m0s', '8y', '8y'],
  ['87600h0m0s', '10y', '10y'],
];

describe('HumanDuration / ShortHumanDuration: reference §8.3 table', () => {
  it.each(table83)('%s', (duration, human, short) => {
    const ms = parseGoDuration(duration);
    expect(formatGoDuration(ms)).toBe(duration);
    expect(humanDuration(ms)).toBe(human);
    expect(shortHumanDuration(ms)).toBe(short);
  });
});

describe('HumanDuration: TestHumanDuration and boundaries (reference §8.3)', () => {
  it.each([
    [1 * s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [70 * m, '70m'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [8 * d + 2 * h, '8d'],
    [367 * d, '367d'],
    [2 * y + 25 * h, '2y1d'],
    [8 * y + 2 * h, '8y'],
    [-2 * s, '<invalid>'],
    [-2 * s + 1e-6, '0s'],
    [0, '0s'],
    [999, '0s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + s, '2m1s'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [10 * m + s, '10m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + m, '3h1m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [48 * h - 1, '47h'],
    [48 * h, '2d'],
    [49 * h, '2d1h'],
    [8 * d - 1, '7d23h'],
    [8 * d, '8d'],
    [8 * d + 23 * h, '8d'],
    [730 * d - 1, '729d'],
    [730 * d, '2y'],
    [730 * d + 23 * h + 59 * m, '2y'],
    [731 * d, '2y1d'],
    [3 * y, '3y'],
    [4 * y, '4y'],
    [5 * y, '5y'],
    [6 * y, '6y'],
    [7 * y, '7y'],
    [8 * y - 1, '7y364d'],
    [8 * y, '8y'],
    [9 * y, '9y'],
  ])('%s ms → %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('ageSince (translateTimestampSince)', () => {
  const now = Date.UTC(2026, 0, 1, 0, 10, 0);
  it('formats the age of a timestamp', () => {
    expect(ageSince('2026-01-01T00:00:00Z', now)).toBe('10m');
    expect(ageSince('2026-01-01T00:08:30Z', now)).toBe('90s');
    expect(ageSince('2026-01-01T00:10:05Z', now)).toBe('<invalid>');
  });
  it('is <unknown> without a timestamp', () => {
    expect(ageSince(undefined, now)).toBe('<unknown>');
    expect(ageSince('', now)).toBe('<unknown>');
  });
});

describe('Go time.Duration', () => {
  it.each([
    [0n, '0s'],
    [1n, '1ns'],
    [1100n, '1.1µs'],
    [2_200_000n, '2.2ms'],
    [3_300_000_000n, '3.3s'],
    [4n * 60_000_000_000n + 5_000_000_000n, '4m5s'],
    [4n * 60_000_000_000n + 5_001_000_000n, '4m5.001s'],
    [5n * 3_600_000_000_000n + 6n * 60_000_000_000n + 7_001_000_000n, '5h6m7.001s'],
    [8n * 60_000_000_000n + 1n, '8m0.000000001s'],
    [(1n << 63n) - 1n, '2562047h47m16.854775807s'],
    [-(1n << 63n), '-2562047h47m16.854775808s'],
  ])('String(%s) = %s (time_test.go)', (ns, expected) => {
    expect(formatGoDurationNs(ns)).toBe(expected);
  });

  it('formats milliseconds', () => {
    expect(formatGoDuration(90_000)).toBe('1m30s');
    expect(formatGoDuration(500)).toBe('500ms');
    expect(formatGoDuration(0)).toBe('0s');
    expect(formatGoDuration(3_600_000)).toBe('1h0m0s');
    expect(formatGoDuration(-1500)).toBe('-1.5s');
  });

  it.each([
    ['0', 0n],
    ['5s', 5_000_000_000n],
    ['30s', 30_000_000_000n],
    ['1478s', 1_478_000_000_000n],
    ['-5s', -5_000_000_000n],
    ['+5s', 5_000_000_000n],
    ['-0', 0n],
    ['+0', 0n],
    ['5.0s', 5_000_000_000n],
    ['5.6s', 5_600_000_000n],
    ['5.s', 5_000_000_000n],
    ['.5s', 500_000_000n],
    ['1.0s', 1_000_000_000n],
    ['1.00s', 1_000_000_000n],
    ['1.004s', 1_004_000_000n],
    ['100.00100s', 100_001_000_000n],
    ['10ns', 10n],
    ['11us', 11_000n],
    ['12µs', 12_000n],
    ['12μs', 12_000n],
    ['13ms', 13_000_000n],
    ['14s', 14_000_000_000n],
    ['15m', 900_000_000_000n],
    ['16h', 57_600_000_000_000n],
    ['3h30m', 12_600_000_000_000n],
    ['10.5s4m', 250_500_000_000n],
    ['-2m3.4s', -123_400_000_000n],
    ['1h2m3s4ms5us6ns', 3_723_004_005_006n],
    ['39h9m14.425s', 140_954_425_000_000n],
    ['52763797000ns', 52_763_797_000n],
    ['0.3333333333333333333h', 1_200_000_000_000n],
    ['9007199254740993ns', 9_007_199_254_740_993n],
    ['9223372036854775807ns', (1n << 63n) - 1n],
    ['-9223372036854775808ns', -(1n << 63n)],
    ['0.100000000000000000000h', 360_000_000_000n],
  ])('ParseDuration(%j) (time_test.go)', (input, ns) => {
    expect(parseGoDurationNs(input)).toBe(ns);
  });

  it.each([
    ['', 'time: invalid duration ""'],
    ['3', 'time: missing unit in duration "3"'],
    ['-', 'time: invalid duration "-"'],
    ['s', 'time: invalid duration "s"'],
    ['.', 'time: invalid duration "."'],
    ['-.', 'time: invalid duration "-."'],
    ['.s', 'time: invalid duration ".s"'],
    ['+.s', 'time: invalid duration "+.s"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['abc', 'time: invalid duration "abc"'],
    ['\x85\x85', 'time: invalid duration "\\xc2\\x85\\xc2\\x85"'],
    ['9223372036854775810ns', 'time: invalid duration "9223372036854775810ns"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
    ['3000000h', 'time: invalid duration "3000000h"'],
  ])('ParseDuration(%j) fails with %j', (input, message) => {
    expect(() => parseGoDurationNs(input)).toThrow(DurationParseError);
    expect(() => parseGoDurationNs(input)).toThrow(message);
  });

  it('parses into milliseconds for kubectl flags', () => {
    expect(parseGoDuration('30s')).toBe(30_000);
    expect(parseGoDuration('1.5ms')).toBe(1.5);
    expect(parseGoDuration('-1h')).toBe(-3_600_000);
  });
});
