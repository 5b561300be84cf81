import { describe, expect, it } from 'vitest';
import {
  NumError,
  atoi,
  goCompareStrings,
  goQuote,
  goStringSliceSyntax,
  parseInt64,
  utf8Length,
} from '../../../src/apimachinery/golang';

describe('Go formatting helpers', () => {
  it.each([
    ['abc', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\nnl', '"tab\\there\\nnl"'],
    ['\x00\x1b\x7f', '"\\x00\\x1b\\x7f"'],
    ['héllo 日本', '"héllo 日本"'],
    ['\u00a0\u2028', '"\\u00a0\\u2028"'],
    ['😀', '"😀"'],
  ])('strconv.Quote(%j) = %s', (input, expected) => {
    expect(goQuote(input)).toBe(expected);
  });

  it('counts UTF-8 bytes like len()', () => {
    expect(utf8Length('abc')).toBe(3);
    expect(utf8Length('é')).toBe(2);
    expect(utf8Length('日')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it('orders strings by code point like sort.Strings', () => {
    expect(['b', 'a', 'B', '😀', '\uffff'].sort(goCompareStrings)).toEqual(['B', 'a', 'b', '\uffff', '😀']);
    expect(goCompareStrings('a', 'ab')).toBe(-1);
    expect(goCompareStrings('x', 'x')).toBe(0);
  });

  it('prints []string like %#v', () => {
    expect(goStringSliceSyntax(null)).toBe('[]string(nil)');
    expect(goStringSliceSyntax([])).toBe('[]string{}');
    expect(goStringSliceSyntax(['a', 'b'])).toBe('[]string{"a", "b"}');
  });

  it('parses integers like strconv', () => {
    expect(parseInt64('-9223372036854775808')).toBe(-(1n << 63n));
    expect(() => parseInt64('9223372036854775808')).toThrow(
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    );
    expect(() => parseInt64('1_000')).toThrow('strconv.ParseInt: parsing "1_000": invalid syntax');
    expect(atoi('+12')).toBe(12);
    expect(() => atoi('')).toThrow(NumError);
    expect(() => atoi('-')).toThrow('strconv.Atoi: parsing "-": invalid syntax');
  });
});
