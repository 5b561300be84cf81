import { describe, expect, it } from 'vitest';
import {
  IntOrStringError,
  getScaledValueFromIntOrPercent,
  intValue,
  maxSurge,
  maxUnavailable,
  parseIntOrString,
  resolveFenceposts,
  type IntOrString,
} from '../../../src/apimachinery/intstr';

// Reference §4.3 [RUN], verbatim.
// replicas, maxSurge, maxUnavailable, surge, unavailable, MaxSurge(), MaxUnavailable(), max total, min available
const table43: [
  number,
  IntOrString | null,
  IntOrString | null,
  number,
  number,
  number,
  number,
  number,
  number,
][] = [
  [0, '25%', '25%', 0, 1, 0, 0, 0, 0],
  [1, '25%', '25%', 1, 0, 1, 0, 2, 1],
  [2, '25%', '25%', 1, 0, 1, 0, 3, 2],
  [3, '25%', '25%', 1, 0, 1, 0, 4, 3],
  [4, '25%', '25%', 1, 1, 1, 1, 5, 3],
  [5, '25%', '25%', 2, 1, 2, 1, 7, 4],
  [6, '25%', '25%', 2, 1, 2, 1, 8, 5],
  [7, '25%', '25%', 2, 1, 2, 1, 9, 6],
  [8, '25%', '25%', 2, 2, 2, 2, 10, 6],
  [9, '25%', '25%', 3, 2, 3, 2, 12, 7],
  [10, '25%', '25%', 3, 2, 3, 2, 13, 8],
  [11, '25%', '25%', 3, 2, 3, 2, 14, 9],
  [12, '25%', '25%', 3, 3, 3, 3, 15, 9],
  [15, '25%', '25%', 4, 3, 4, 3, 19, 12],
  [20, '25%', '25%', 5, 5, 5, 5, 25, 15],
  [100, '25%', '25%', 25, 25, 25, 25, 125, 75],
  [10, '39%', '39%', 4, 3, 4, 3, 14, 7],
  [10, '0%', '0%', 0, 1, 0, 1, 10, 9],
  [0, '0%', '0%', 0, 1, 0, 0, 0, 0],
  [3, 0, 1, 0, 1, 0, 1, 3, 2],
  [3, 1, 0, 1, 0, 1, 0, 4, 3],
  [3, 0, 0, 0, 1, 0, 1, 3, 2],
  [2, '1%', '25%', 1, 0, 1, 0, 3, 2],
  [2, '0%', '1%', 0, 1, 0, 1, 2, 1],
  [5, '50%', '50%', 3, 2, 3, 2, 8, 3],
  [5, '100%', '0%', 5, 0, 5, 0, 10, 5],
  [5, 10, 10, 10, 10, 10, 5, 15, 0],
  [4, null, null, 0, 1, 0, 1, 4, 3],
  [10, null, '39%', 0, 3, 0, 3, 10, 7],
  [10, '39%', null, 4, 0, 4, 0, 14, 10],
  [3, '33%', '33%', 1, 0, 1, 0, 4, 3],
  [1, '25%', 1, 1, 1, 1, 1, 2, 0],
];
const errors43: [number, IntOrString | null, IntOrString | null, string][] = [
  [10, 'oops', '39%', 'invalid value for IntOrString: invalid type: string is not a percentage'],
  [10, '55%', 'urg', 'invalid value for IntOrString: invalid type: string is not a percentage'],
  [7, '5', '1', 'invalid value for IntOrString: invalid type: string is not a percentage'],
];

const rolling = (
  replicas: number,
  ms: IntOrString | null,
  mu: IntOrString | null,
  type = 'RollingUpdate',
) => ({
  spec: {
    replicas,
    strategy: { type, rollingUpdate: { maxSurge: ms ?? undefined, maxUnavailable: mu ?? undefined } },
  },
});

describe('resolveFenceposts: reference §4.3 table', () => {
  it.each(table43)(
    'replicas=%s maxSurge=%j maxUnavailable=%j',
    (replicas, ms, mu, surge, unavailable, maxS, maxU, maxTotal, minAvailable) => {
      expect(resolveFenceposts(ms, mu, replicas)).toEqual({ surge, unavailable });
      const d = rolling(replicas, ms, mu);
      expect(maxSurge(d)).toBe(maxS);
      expect(maxUnavailable(d)).toBe(maxU);
      expect(replicas + maxSurge(d)).toBe(maxTotal);
      expect(replicas - maxUnavailable(d)).toBe(minAvailable);
    },
  );

  it.each(errors43)('replicas=%s maxSurge=%j maxUnavailable=%j fails', (replicas, ms, mu, message) => {
    expect(() => resolveFenceposts(ms, mu, replicas)).toThrow(IntOrStringError);
    expect(() => resolveFenceposts(ms, mu, replicas)).toThrow(message);
  });
});

describe('deployment_util_test.go (reference §4.2)', () => {
  // TestResolveFenceposts
  it.each([
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
    [null, '39%', 10, 0, 3, false],
    ['39%', null, 10, 4, 0, false],
    [null, null, 10, 0, 1, false],
  ] as const)('maxSurge=%j maxUnavailable=%j desired=%s', (ms, mu, desired, surge, unavailable, fails) => {
    if (fails) expect(() => resolveFenceposts(ms, mu, desired)).toThrow(IntOrStringError);
    else expect(resolveFenceposts(ms, mu, desired)).toEqual({ surge, unavailable });
  });

  // TestMaxUnavailable (maxSurge = 1)
  it.each([
    [10, 5, 5],
    [10, 10, 10],
    [5, 10, 5],
    [0, 10, 0],
    [10, '50%', 5],
    [10, '100%', 10],
    [5, '100%', 5],
  ] as const)('MaxUnavailable replicas=%s maxUnavailable=%j → %s', (replicas, mu, expected) => {
    expect(maxUnavailable(rolling(replicas, 1, mu))).toBe(expected);
  });

  it('MaxUnavailable and MaxSurge are 0 for Recreate', () => {
    expect(maxUnavailable(rolling(10, 1, 5, 'Recreate'))).toBe(0);
    expect(maxSurge(rolling(10, 1, 5, 'Recreate'))).toBe(0);
  });
});

describe('intstr', () => {
  it('GetScaledValueFromIntOrPercent', () => {
    expect(getScaledValueFromIntOrPercent(5, 10, true)).toBe(5);
    expect(getScaledValueFromIntOrPercent('25%', 10, true)).toBe(3);
    expect(getScaledValueFromIntOrPercent('25%', 10, false)).toBe(2);
    expect(getScaledValueFromIntOrPercent('-10%', 15, false)).toBe(-2);
    expect(() => getScaledValueFromIntOrPercent(undefined, 10, true)).toThrow('nil value for IntOrString');
    expect(() => getScaledValueFromIntOrPercent('x%', 10, true)).toThrow(
      'invalid value for IntOrString: invalid value "x%": strconv.Atoi: parsing "x": invalid syntax',
    );
    expect(() => getScaledValueFromIntOrPercent('%', 10, true)).toThrow(
      'invalid value for IntOrString: invalid value "%": strconv.Atoi: parsing "": invalid syntax',
    );
    expect(() => getScaledValueFromIntOrPercent('99999999999999999999%', 10, true)).toThrow(
      'strconv.Atoi: parsing "99999999999999999999": value out of range',
    );
  });

  it('Parse: integers become ints, anything else stays a string', () => {
    expect(parseIntOrString('8080')).toBe(8080);
    expect(parseIntOrString('-1')).toBe(-1);
    expect(parseIntOrString('+7')).toBe(7);
    expect(parseIntOrString('http')).toBe('http');
    expect(parseIntOrString('25%')).toBe('25%');
    expect(parseIntOrString(' 1')).toBe(' 1');
    // FromInt truncates to int32.
    expect(parseIntOrString('4294967297')).toBe(1);
  });

  it('IntValue', () => {
    expect(intValue(3)).toBe(3);
    expect(intValue('42')).toBe(42);
    expect(intValue('http')).toBe(0);
  });
});
