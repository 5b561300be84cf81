import { describe, expect, it } from 'vitest';
import {
  BinarySI,
  DecimalExponent,
  DecimalSI,
  ErrFormatWrong,
  ErrSuffix,
  QuantityError,
  newMilliQuantity,
  newQuantity,
  newScaledQuantity,
  parseQuantity,
  parseQuantityOrUndefined,
  type Format,
} from '../../../src/apimachinery/quantity';

// Reference §1.3 [RUN], verbatim: input, String(), canonical if not cached, Format, Value(), MilliValue().
const table13: [string, string, string, string, string, string][] = [
  ['0', '0', '0', 'DecimalSI', '0', '0'],
  ['0m', '0', '0', 'DecimalSI', '0', '0'],
  ['0Ki', '0', '0', 'BinarySI', '0', '0'],
  ['1', '1', '1', 'DecimalSI', '1', '1000'],
  ['100m', '100m', '100m', 'DecimalSI', '1', '100'],
  ['250m', '250m', '250m', 'DecimalSI', '1', '250'],
  ['500m', '500m', '500m', 'DecimalSI', '1', '500'],
  ['1000m', '1', '1', 'DecimalSI', '1', '1000'],
  ['1500m', '1500m', '1500m', 'DecimalSI', '2', '1500'],
  ['2000m', '2', '2', 'DecimalSI', '2', '2000'],
  ['0.5', '500m', '500m', 'DecimalSI', '1', '500'],
  ['0.25', '250m', '250m', 'DecimalSI', '1', '250'],
  ['0.1', '100m', '100m', 'DecimalSI', '1', '100'],
  ['0.2', '200m', '200m', 'DecimalSI', '1', '200'],
  ['0.001', '1m', '1m', 'DecimalSI', '1', '1'],
  ['0.0001', '100u', '100u', 'DecimalSI', '1', '1'],
  ['1.5', '1500m', '1500m', 'DecimalSI', '2', '1500'],
  ['2.5', '2500m', '2500m', 'DecimalSI', '3', '2500'],
  ['1.0', '1', '1', 'DecimalSI', '1', '1000'],
  ['1.25', '1250m', '1250m', 'DecimalSI', '2', '1250'],
  ['10', '10', '10', 'DecimalSI', '10', '10000'],
  ['1000', '1k', '1k', 'DecimalSI', '1000', '1000000'],
  ['1500', '1500', '1500', 'DecimalSI', '1500', '1500000'],
  ['1024', '1024', '1024', 'DecimalSI', '1024', '1024000'],
  ['1k', '1k', '1k', 'DecimalSI', '1000', '1000000'],
  ['1e3', '1e3', '1e3', 'DecimalExponent', '1000', '1000000'],
  ['1E3', '1E3', '1e3', 'DecimalExponent', '1000', '1000000'],
  ['1e-3', '1e-3', '1e-3', 'DecimalExponent', '1', '1'],
  ['1.5e3', '1500', '1500', 'DecimalExponent', '1500', '1500000'],
  ['1.2e3', '1200', '1200', 'DecimalExponent', '1200', '1200000'],
  ['1.3E+6', '1300e3', '1300e3', 'DecimalExponent', '1300000', '1300000000'],
  ['2e6', '2e6', '2e6', 'DecimalExponent', '2000000', '2000000000'],
  ['1M', '1M', '1M', 'DecimalSI', '1000000', '1000000000'],
  ['1m', '1m', '1m', 'DecimalSI', '1', '1'],
  ['1.5m', '1500u', '1500u', 'DecimalSI', '1', '2'],
  ['0.5m', '500u', '500u', 'DecimalSI', '1', '1'],
  ['1Ki', '1Ki', '1Ki', 'BinarySI', '1024', '1024000'],
  ['5Ki', '5Ki', '5Ki', 'BinarySI', '5120', '5120000'],
  ['1.5Ki', '1536', '1536', 'BinarySI', '1536', '1536000'],
  ['1024Ki', '1Mi', '1Mi', 'BinarySI', '1048576', '1048576000'],
  ['2048Ki', '2Mi', '2Mi', 'BinarySI', '2097152', '2097152000'],
  ['1Mi', '1Mi', '1Mi', 'BinarySI', '1048576', '1048576000'],
  ['0.5Mi', '512Ki', '512Ki', 'BinarySI', '524288', '524288000'],
  ['64Mi', '64Mi', '64Mi', 'BinarySI', '67108864', '67108864000'],
  ['100Mi', '100Mi', '100Mi', 'BinarySI', '104857600', '104857600000'],
  ['123Mi', '123Mi', '123Mi', 'BinarySI', '128974848', '128974848000'],
  ['128974848', '128974848', '128974848', 'DecimalSI', '128974848', '128974848000'],
  ['129M', '129M', '129M', 'DecimalSI', '129000000', '129000000000'],
  ['129e6', '129e6', '129e6', 'DecimalExponent', '129000000', '129000000000'],
  ['256Mi', '256Mi', '256Mi', 'BinarySI', '268435456', '268435456000'],
  ['512Mi', '512Mi', '512Mi', 'BinarySI', '536870912', '536870912000'],
  ['1000Mi', '1000Mi', '1000Mi', 'BinarySI', '1048576000', '1048576000000'],
  ['1024Mi', '1Gi', '1Gi', 'BinarySI', '1073741824', '1073741824000'],
  ['1536Mi', '1536Mi', '1536Mi', 'BinarySI', '1610612736', '1610612736000'],
  ['1.5Gi', '1536Mi', '1536Mi', 'BinarySI', '1610612736', '1610612736000'],
  ['0.5Gi', '512Mi', '512Mi', 'BinarySI', '536870912', '536870912000'],
  ['1Gi', '1Gi', '1Gi', 'BinarySI', '1073741824', '1073741824000'],
  ['10Gi', '10Gi', '10Gi', 'BinarySI', '10737418240', '10737418240000'],
  ['1024Gi', '1Ti', '1Ti', 'BinarySI', '1099511627776', '1099511627776000'],
  ['1Ti', '1Ti', '1Ti', 'BinarySI', '1099511627776', '1099511627776000'],
  ['1Pi', '1Pi', '1Pi', 'BinarySI', '1125899906842624', '1125899906842624000'],
  ['1Ei', '1Ei', '1Ei', 'BinarySI', '1152921504606846976', '-9223372036854775808'],
  ['1000M', '1G', '1G', 'DecimalSI', '1000000000', '1000000000000'],
  ['1000k', '1M', '1M', 'DecimalSI', '1000000', '1000000000'],
  ['1000000', '1M', '1M', 'DecimalSI', '1000000', '1000000000'],
  ['1080000000n', '1080m', '1080m', 'DecimalSI', '2', '1080'],
  ['1.08', '1080m', '1080m', 'DecimalSI', '2', '1080'],
  ['9.01', '9010m', '9010m', 'DecimalSI', '10', '9010'],
  ['8.1k', '8100', '8100', 'DecimalSI', '8100', '8100000'],
  ['100.035k', '100.035k', '100035', 'DecimalSI', '100035', '100035000'],
  ['10.035M', '10.035M', '10035k', 'DecimalSI', '10035000', '10035000000'],
  ['100.035Ki', '102435840m', '102435840m', 'BinarySI', '102436', '102435840'],
  ['.001', '1m', '1m', 'DecimalSI', '1', '1'],
  ['.001Ki', '1024m', '1024m', 'BinarySI', '2', '1024'],
  ['1.', '1.', '1', 'DecimalSI', '1', '1000'],
  ['1.G', '1.G', '1G', 'DecimalSI', '1000000000', '1000000000000'],
  ['3.001n', '4n', '4n', 'DecimalSI', '1', '1'],
  ['0.9n', '1n', '1n', 'DecimalSI', '1', '1'],
  ['2.5P', '2500T', '2500T', 'DecimalSI', '2500000000000000', '2500000000000000000'],
  ['12E', '12E', '12E', 'DecimalSI', '0', '0'],
  ['9Ei', '9223372036854775807', '9223372036854775807', 'BinarySI', '9223372036854775807', '-1000'],
  ['0.000000000001Ki', '2n', '2n', 'DecimalSI', '1', '1'],
  ['307200Ki', '300Mi', '300Mi', 'BinarySI', '314572800', '314572800000'],
  ['-1', '-1', '-1', 'DecimalSI', '-1', '-1000'],
  ['-100m', '-100m', '-100m', 'DecimalSI', '-1', '-100'],
  ['-1Gi', '-1Gi', '-1Gi', 'BinarySI', '-1073741824', '-1073741824000'],
  ['+1', '+1', '1', 'DecimalSI', '1', '1000'],
  ['+1Gi', '+1Gi', '1Gi', 'BinarySI', '1073741824', '1073741824000'],
  ['m', '0', '0', 'DecimalSI', '0', '0'],
  ['Ki', '0', '0', 'BinarySI', '0', '0'],
];
const errors13: [string, string][] = [
  ['1K', "unable to parse quantity's suffix"],
  ['1.1.M', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1+1.0M', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['0.1mi', "unable to parse quantity's suffix"],
  ['0.1am', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['aoeu', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['.5i', "unable to parse quantity's suffix"],
  ['1i', "unable to parse quantity's suffix"],
  ['-3.01i', "unable to parse quantity's suffix"],
  ['-3.01e-', "unable to parse quantity's suffix"],
  [' 1', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1 ', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1KB', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1Mb', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1gi', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1g', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1kb', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['1mi', "unable to parse quantity's suffix"],
  ['1.5.5', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
  ['--1', "unable to parse quantity's suffix"],
  ['1e', "unable to parse quantity's suffix"],
  ['1e+', "unable to parse quantity's suffix"],
  ['1ki', "unable to parse quantity's suffix"],
];

describe('parseQuantity: reference §1.3 full table', () => {
  it.each(table13)('%s', (input, str, canonical, format, value, milli) => {
    const q = parseQuantity(input);
    expect(q.toString()).toBe(str);
    expect(q.canonicalString()).toBe(canonical);
    expect(q.format).toBe(format);
    expect(q.valueBig()).toBe(BigInt(value));
    expect(q.milliValueBig()).toBe(BigInt(milli));
  });

  it.each(errors13)('%j is rejected', (input, message) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
    expect(() => parseQuantity(input)).toThrow(message);
  });
});

describe('parseQuantity: quantity_test.go tables (reference §1.2)', () => {
  // TestQuantityParseEmit
  const emit: [string, string][] = [
    ['1Ki', '1Ki'],
    ['1Mi', '1Mi'],
    ['1Gi', '1Gi'],
    ['1024Mi', '1Gi'],
    ['1000M', '1G'],
    ['.001Ki', '1024m'],
    ['.000001Ki', '1024u'],
    ['.000000001Ki', '1024n'],
    ['.000000000001Ki', '2n'],
  ];
  it.each(emit)('ParseEmit %s → %s (and negated)', (input, expected) => {
    expect(parseQuantity(input).toString()).toBe(expected);
    expect(parseQuantity('-' + input).toString()).toBe('-' + expected);
  });

  // TestQuantityString: value (mantissa, exp10, format) → canonical, plus an alternate spelling.
  const str: [bigint, number, Format, string, string?][] = [
    [1024n ** 3n, 0, BinarySI, '1Gi', '1024Mi'],
    [300n * 1024n ** 2n, 0, BinarySI, '300Mi', '307200Ki'],
    [6n * 1024n, 0, BinarySI, '6Ki'],
    [1001n * 1024n ** 3n, 0, BinarySI, '1001Gi', '1025024Mi'],
    [1024n ** 4n, 0, BinarySI, '1Ti', '1024Gi'],
    [5n, 0, BinarySI, '5', '5000m'],
    [500n, -3, BinarySI, '500m', '0.5'],
    [1n, 9, DecimalSI, '1G', '1000M'],
    [1000n, 6, DecimalSI, '1G', '0.001T'],
    [1n, -3, DecimalSI, '1m', '1000u'],
    [80n, -3, DecimalSI, '80m'],
    [1080n, -3, DecimalSI, '1080m', '1.08'],
    [108n, -2, DecimalSI, '1080m', '1080000000n'],
    [300n, 6, DecimalSI, '300M'],
    [1n, 12, DecimalSI, '1T'],
    [1234567n, 6, DecimalSI, '1234567M'],
    [1234567n, -3, BinarySI, '1234567m'],
    [3n, 3, DecimalSI, '3k'],
    [1025n, 0, BinarySI, '1025'],
    [0n, 0, DecimalSI, '0'],
    [0n, 0, BinarySI, '0'],
    [0n, 0, DecimalExponent, '0', '00'],
    [1n, 9, DecimalExponent, '1e9', '.001e12'],
    [1n, -3, DecimalExponent, '1e-3', '0.001e0'],
    [1n, -9, DecimalExponent, '1e-9', '1000e-12'],
    [80n, -3, DecimalExponent, '80e-3'],
    [300n, 6, DecimalExponent, '300e6'],
    [1n, -9, DecimalSI, '1n'],
    [80n, -9, DecimalSI, '80n'],
    [1080n, -9, DecimalSI, '1080n'],
    [1n, -6, DecimalSI, '1u'],
    [80n, -6, DecimalSI, '80u'],
    [1080n, -6, DecimalSI, '1080u'],
  ];
  it.each(str)('String %s e%s %s → %s', (mantissa, exp, format, canonical, alternate) => {
    const q = newScaledQuantity(mantissa, exp).withFormat(format);
    expect(q.toString()).toBe(canonical);
    // Negated versions: '-' + canonical, never '-0'.
    expect(q.neg().toString()).toBe(mantissa === 0n ? '0' : '-' + canonical);
    if (alternate !== undefined) {
      const parsed = parseQuantity(alternate);
      expect(parsed.canonicalString()).toBe(canonical);
      expect(parsed.cmp(q)).toBe(0);
    }
  });

  // TestQuantityParse: every input parses, also with '-' and '+' prefixes.
  const parses = [
    '0',
    '0n',
    '0u',
    '0m',
    '0Ki',
    '0k',
    '0Mi',
    '0M',
    '0Gi',
    '0G',
    '0Ti',
    '0T',
    '1',
    '1Ki',
    '8Ki',
    '7Mi',
    '6Gi',
    '5Ti',
    '4Pi',
    '3Ei',
    '10Ti',
    '100Ti',
    '5n',
    '4u',
    '3m',
    '9',
    '8k',
    '50k',
    '7M',
    '6G',
    '5T',
    '40T',
    '300T',
    '2P',
    '1E',
    '1E-3',
    '1e3',
    '1E6',
    '1e9',
    '1E12',
    '1e15',
    '1E18',
    '1e14',
    '1e13',
    '100.035k',
    '0.001',
    '0.0005k',
    '0.005',
    '0.05',
    '0.5',
    '0.00050k',
    '0.00500',
    '0.05000',
    '0.50000',
    '0.5e0',
    '0.5e-1',
    '0.5e-2',
    '10.035M',
    '1.2e3',
    '1.3E+6',
    '1.40e9',
    '1.53E12',
    '1.6e15',
    '1.7E18',
    '9.01',
    '8.1k',
    '7.123456M',
    '6.987654321G',
    '5.444T',
    '40.1T',
    '300.2T',
    '2.5P',
    '1.01E',
    '3.001n',
    '1.1E-9',
    '0.0000000001',
    '0.0000000005',
    '0.5e-9',
    '0.9n',
    '0.00000012345',
    '0.00000012354',
    '9Ei',
    '9223372036854775807Ki',
    '12E',
    '100.035Ki',
    '0.5Mi',
    '0.05Gi',
    '0.025Ti',
    '0.000000000001Ki',
    '.001',
    '.0001k',
    '1.',
    '1.G',
  ];
  it.each(parses)('Parse %s with any sign', (input) => {
    const q = parseQuantity(input);
    expect(parseQuantity('+' + input).cmp(q)).toBe(0);
    expect(parseQuantity('-' + input).cmp(q.neg())).toBe(0);
  });

  const rounding: [string, string, Format][] = [
    ['3.001n', '4n', DecimalSI],
    ['1.1E-9', '2e-9', DecimalExponent],
    ['0.0000000001', '1n', DecimalSI],
    ['0.0000000005', '1n', DecimalSI],
    ['0.5e-9', '1e-9', DecimalExponent],
    ['0.9n', '1n', DecimalSI],
    ['0.00000012345', '124n', DecimalSI],
    ['0.00000012354', '124n', DecimalSI],
    ['9Ei', '9223372036854775807', BinarySI],
    ['9223372036854775807Ki', '9223372036854775807', BinarySI],
    ['0.000000000001Ki', '2n', DecimalSI],
    ['0Ki', '0', BinarySI],
    ['0Ti', '0', BinarySI],
    ['3Ei', '3Ei', BinarySI],
    ['100Ti', '100Ti', BinarySI],
  ];
  it.each(rounding)('Parse %s → %s (%s)', (input, canonical, format) => {
    const q = parseQuantity(input);
    expect(q.canonicalString()).toBe(canonical);
    expect(q.format).toBe(format);
  });

  const invalid = [
    '1.1.M',
    '1+1.0M',
    '0.1mi',
    '0.1am',
    'aoeu',
    '.5i',
    '1i',
    '-3.01i',
    '-3.01e-',
    ' 1',
    '1 ',
    '',
  ];
  it.each(invalid)('rejects %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
  });
});

describe('Quantity behaviour', () => {
  it('uses the exact upstream error texts', () => {
    expect(ErrFormatWrong).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(() => parseQuantity('1K')).toThrow(ErrSuffix);
    // A binary suffix too large for the int64 fast path with no digits has no numeric part.
    expect(() => parseQuantity('Ei')).toThrow('unable to parse numeric part of quantity');
  });

  it('parseQuantityOrUndefined swallows only parse errors', () => {
    expect(parseQuantityOrUndefined('abc')).toBeUndefined();
    expect(parseQuantityOrUndefined(undefined)).toBeUndefined();
    expect(parseQuantityOrUndefined('250m')?.milliValue()).toBe(250);
  });

  it('arithmetic clears the cached string and keeps exact values', () => {
    const a = parseQuantity('100.035k');
    expect(a.toString()).toBe('100.035k');
    expect(a.add(parseQuantity('0')).toString()).toBe('100035');
    expect(parseQuantity('1.5').add(parseQuantity('500m')).toString()).toBe('2');
    expect(parseQuantity('1Gi').sub(parseQuantity('512Mi')).toString()).toBe('512Mi');
    expect(parseQuantity('100m').sub(parseQuantity('250m')).toString()).toBe('-150m');
    expect(parseQuantity('1Ei').add(parseQuantity('1Ei')).toString()).toBe('2Ei');
    // Past int64 the sum moves to arbitrary precision; Value() then overflows silently as upstream.
    const big = parseQuantity('9Ei').add(parseQuantity('1'));
    expect(big.toString()).toBe('8Ei');
    expect(big.valueBig()).toBe(-(1n << 63n));
  });

  it('a zero receiver takes the format of the other operand', () => {
    expect(newQuantity(0, DecimalSI).add(parseQuantity('1Ki')).format).toBe(BinarySI);
    expect(newQuantity(0, DecimalSI).add(parseQuantity('1Ki')).toString()).toBe('1Ki');
    expect(newQuantity(0, DecimalSI).sub(parseQuantity('1Ki')).toString()).toBe('-1Ki');
    expect(parseQuantity('1').add(parseQuantity('1Ki')).format).toBe(DecimalSI);
  });

  it('compares exactly across formats and representations', () => {
    expect(parseQuantity('1Gi').cmp(parseQuantity('1G'))).toBe(1);
    expect(parseQuantity('1000m').cmp(parseQuantity('1'))).toBe(0);
    expect(parseQuantity('1Ei').cmp(parseQuantity('1152921504606846976'))).toBe(0);
    expect(parseQuantity('-1').cmp(parseQuantity('1n'))).toBe(-1);
    expect(parseQuantity('1e999999999').cmp(parseQuantity('1'))).toBe(1);
    expect(parseQuantity('1').cmpInt64(1)).toBe(0);
    expect(parseQuantity('1.5').isZero()).toBe(false);
    expect(parseQuantity('0m').isZero()).toBe(true);
    expect(parseQuantity('-5m').sign()).toBe(-1);
  });

  it('rounds Value() away from zero on the int64 path', () => {
    expect(parseQuantity('-1.5').valueBig()).toBe(-2n);
    expect(parseQuantity('-100m').value()).toBe(-1);
    expect(parseQuantity('1.5m').milliValue()).toBe(2);
  });

  it('builds quantities from numbers like NewQuantity/NewMilliQuantity', () => {
    expect(newMilliQuantity(250, DecimalSI).toString()).toBe('250m');
    expect(newMilliQuantity(1500, DecimalSI).toString()).toBe('1500m');
    expect(newQuantity(1536, BinarySI).toString()).toBe('1536');
    expect(newQuantity(1024 * 1024, BinarySI).toString()).toBe('1Mi');
    expect(newQuantity(1000, DecimalSI).toString()).toBe('1k');
    expect(newScaledQuantity(5, 3).toString()).toBe('5k');
  });

  it('serialises to JSON as a string', () => {
    expect(JSON.stringify({ cpu: parseQuantity('0.5') })).toBe('{"cpu":"500m"}');
  });

  it('approximates float64 like AsApproximateFloat64', () => {
    expect(parseQuantity('1500m').asApproximateFloat64()).toBe(1.5);
    expect(parseQuantity('1Gi').asApproximateFloat64()).toBe(1073741824);
    expect(parseQuantity('3.001n').asApproximateFloat64()).toBeCloseTo(4e-9, 20);
  });
});
