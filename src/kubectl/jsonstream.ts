/**
 * JSON manifests as kubectl reads them: a file whose first non-space character is `{` is a
 * stream of JSON values for Go's encoding/json Decoder (not YAML), and a syntax error reads
 * `json: offset 68: invalid character '}' looking for beginning of object key string`, where
 * the offset counts the bytes of the file up to and including the bad one.
 *
 * The checking is a port of encoding/json's scanner (scanner.go), byte for byte, so that the
 * messages and offsets are Go's; the values themselves come from JSON.parse, which accepts
 * exactly the same texts.
 */

/** Go's encoding/json SyntaxError inside the stream, as apimachinery's JSONSyntaxError prints it. */
export class JsonStreamError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonStreamError';
  }
}

/** yaml.GuessJSONStream: JSON when the first non-space character is `{`. */
export function isJsonStream(text: string): boolean {
  return /^\s*\{/u.test(text);
}

/**
 * A scanner step: `end` when the byte follows a complete top-level value (the byte is not part
 * of it), `end-here` when the byte completes one (a closing `}` or `]`).
 */
type Result = 'continue' | 'end' | 'end-here' | 'error';
type Step = (c: number) => Result;

/**
 * json's quoteChar: strconv.Quote of the byte read as a rune, in single quotes (`'}'`, `'\n'`,
 * `'é'` for the first byte of a UTF-8 sequence).
 */
function quoteChar(c: number): string {
  if (c === 0x27) return "'\\''";
  if (c === 0x22) return "'\"'";
  const named: Record<number, string> = {
    7: '\\a',
    8: '\\b',
    9: '\\t',
    10: '\\n',
    11: '\\v',
    12: '\\f',
    13: '\\r',
  };
  if (named[c]) return `'${named[c]}'`;
  if (c === 0x5c) return "'\\\\'";
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  if ((c >= 0x80 && c < 0xa0) || c === 0xad) return `'\\u${c.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** encoding/json's scanner: one state function per step, a stack of object/array contexts. */
class JsonScanner {
  step: Step = (c) => this.beginValue(c);
  private stack: ('object-key' | 'object-value' | 'array')[] = [];
  error = '';

  private fail(c: number, context: string): 'error' {
    this.error = `invalid character ${quoteChar(c)} ${context}`;
    this.step = () => 'error';
    return 'error';
  }

  private beginValue(c: number): Result {
    if (isSpace(c)) return 'continue';
    switch (c) {
      case 0x7b: // {
        this.step = (d) => this.beginStringOrEmpty(d);
        this.stack.push('object-key');
        return 'continue';
      case 0x5b: // [
        this.step = (d) => this.beginValueOrEmpty(d);
        this.stack.push('array');
        return 'continue';
      case 0x22:
        this.step = (d) => this.inString(d);
        return 'continue';
      case 0x2d:
        this.step = (d) => this.neg(d);
        return 'continue';
      case 0x30:
        this.step = (d) => this.zero(d);
        return 'continue';
      case 0x74:
        this.step = this.literal('true', 1);
        return 'continue';
      case 0x66:
        this.step = this.literal('false', 1);
        return 'continue';
      case 0x6e:
        this.step = this.literal('null', 1);
        return 'continue';
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (d) => this.one(d);
      return 'continue';
    }
    return this.fail(c, 'looking for beginning of value');
  }

  private beginStringOrEmpty(c: number): Result {
    if (isSpace(c)) return 'continue';
    if (c === 0x7d) {
      this.stack[this.stack.length - 1] = 'object-value';
      return this.endValue(c);
    }
    return this.beginString(c);
  }

  private beginString(c: number): Result {
    if (isSpace(c)) return 'continue';
    if (c === 0x22) {
      this.step = (d) => this.inString(d);
      return 'continue';
    }
    return this.fail(c, 'looking for beginning of object key string');
  }

  private beginValueOrEmpty(c: number): Result {
    if (isSpace(c)) return 'continue';
    if (c === 0x5d) return this.endValue(c);
    return this.beginValue(c);
  }

  private endValue(c: number): Result {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      this.step = () => this.endTopStep();
      return this.endTopStep();
    }
    if (isSpace(c)) {
      this.step = (d) => this.endValue(d);
      return 'continue';
    }
    switch (top) {
      case 'object-key':
        if (c === 0x3a) {
          this.stack[this.stack.length - 1] = 'object-value';
          this.step = (d) => this.beginValue(d);
          return 'continue';
        }
        return this.fail(c, 'after object key');
      case 'object-value':
        if (c === 0x2c) {
          this.stack[this.stack.length - 1] = 'object-key';
          this.step = (d) => this.beginString(d);
          return 'continue';
        }
        if (c === 0x7d) return this.close();
        return this.fail(c, 'after object key:value pair');
      case 'array':
        if (c === 0x2c) {
          this.step = (d) => this.beginValue(d);
          return 'continue';
        }
        if (c === 0x5d) return this.close();
        return this.fail(c, 'after array element');
    }
  }

  /** A closing `}` or `]`: at the top level it completes the value. */
  private close(): Result {
    this.stack.pop();
    this.step = (d) => this.endValue(d);
    if (this.stack.length > 0) return 'continue';
    this.step = () => 'end';
    return 'end-here';
  }

  /** After a complete top-level scalar: the Decoder stops at the next byte. */
  private endTopStep(): Result {
    return 'end';
  }

  private inString(c: number): Result {
    if (c === 0x22) {
      this.step = (d) => this.endValue(d);
      return 'continue';
    }
    if (c === 0x5c) {
      this.step = (d) => this.inStringEsc(d);
      return 'continue';
    }
    if (c < 0x20) return this.fail(c, 'in string literal');
    return 'continue';
  }

  private inStringEsc(c: number): Result {
    if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
      this.step = (d) => this.inString(d);
      return 'continue';
    }
    if (c === 0x75) {
      let n = 0;
      const hex = (d: number): Result => {
        if (!isHex(d)) return this.fail(d, 'in \\u hexadecimal character escape');
        n++;
        if (n === 4) this.step = (e) => this.inString(e);
        return 'continue';
      };
      this.step = hex;
      return 'continue';
    }
    return this.fail(c, 'in string escape code');
  }

  private neg(c: number): Result {
    if (c === 0x30) {
      this.step = (d) => this.zero(d);
      return 'continue';
    }
    if (c >= 0x31 && c <= 0x39) {
      this.step = (d) => this.one(d);
      return 'continue';
    }
    return this.fail(c, 'in numeric literal');
  }

  private one(c: number): Result {
    if (isDigit(c)) return 'continue';
    return this.zero(c);
  }

  private zero(c: number): Result {
    if (c === 0x2e) {
      this.step = (d) => this.dot(d);
      return 'continue';
    }
    if (c === 0x65 || c === 0x45) {
      this.step = (d) => this.exp(d);
      return 'continue';
    }
    return this.endValue(c);
  }

  private dot(c: number): Result {
    if (isDigit(c)) {
      this.step = (d) => this.dot0(d);
      return 'continue';
    }
    return this.fail(c, 'after decimal point in numeric literal');
  }

  private dot0(c: number): Result {
    if (isDigit(c)) return 'continue';
    if (c === 0x65 || c === 0x45) {
      this.step = (d) => this.exp(d);
      return 'continue';
    }
    return this.endValue(c);
  }

  private exp(c: number): Result {
    if (c === 0x2b || c === 0x2d) {
      this.step = (d) => this.expSign(d);
      return 'continue';
    }
    return this.expSign(c);
  }

  private expSign(c: number): Result {
    if (isDigit(c)) {
      this.step = (d) => this.exp0(d);
      return 'continue';
    }
    return this.fail(c, 'in exponent of numeric literal');
  }

  private exp0(c: number): Result {
    if (isDigit(c)) return 'continue';
    return this.endValue(c);
  }

  /** `true`, `false`, `null`: each next letter, or `in literal true (expecting 'r')`. */
  private literal(word: string, i: number): Step {
    return (c) => {
      const want = word.charCodeAt(i);
      if (c !== want) return this.fail(c, `in literal ${word} (expecting '${word[i]}')`);
      this.step = i + 1 === word.length ? (d) => this.endValue(d) : this.literal(word, i + 1);
      return 'continue';
    };
  }
}

/**
 * The values of a JSON stream as kubectl's Decoder reads them: the values before the first
 * bad one, and the error (`json: offset N: …`, or `unexpected EOF` for a value cut short).
 */
export function readJsonDocuments(text: string): { docs: unknown[]; error?: Error } {
  const bytes = new TextEncoder().encode(text);
  const decoder = new TextDecoder();
  const docs: unknown[] = [];
  let pos = 0;
  for (;;) {
    // Whitespace between values, then EOF, ends the stream cleanly.
    let start = pos;
    while (start < bytes.length && isSpace(bytes[start]!)) start++;
    if (start >= bytes.length) return { docs };
    const scanner = new JsonScanner();
    let end = -1;
    for (let i = pos; i < bytes.length; i++) {
      const r = scanner.step(bytes[i]!);
      if (r === 'error')
        return { docs, error: new JsonStreamError(`json: offset ${i + 1}: ${scanner.error}`) };
      if (r === 'end' || r === 'end-here') {
        end = r === 'end' ? i : i + 1;
        break;
      }
    }
    if (end < 0) {
      // EOF: a number can end there; anything else was cut short.
      if (scanner.step(0x20) !== 'end') return { docs, error: new JsonStreamError('unexpected EOF') };
      end = bytes.length;
    }
    docs.push(JSON.parse(decoder.decode(bytes.subarray(start, end))));
    pos = end;
  }
}
