/**
 * The JSONPath template parser: a port of client-go's `util/jsonpath/parser.go`.
 *
 * kubectl's JSONPath is not the JSONPath of other tools: text outside `{…}` is printed as is,
 * `{range …}{end}` loops, `['a.b']` splits on the dot like `.a.b`, and errors have their own
 * wording (`unclosed action`, `invalid array index x`). The parser below keeps client-go's shape
 * (a cursor over the input, `next`/`backup`/`consumeText`) so that its quirks, which users meet
 * as error messages, stay the same. Loops replace Go's tail calls so long templates cannot
 * exhaust the stack.
 */
import { parseInt64 } from '../golang';
import { newList, type ArrayNode, type JsonPathNode, type ListNode, type ParamsEntry } from './node';

/** A template that client-go's parser rejects; `message` is client-go's text, e.g. `unclosed action`. */
export class JsonPathParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathParseError';
  }
}

const EOF = -1;
const dictKeyRex = /^'([^']*)'$/;
const sliceOperatorRex = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/;
// Go's `.` matches anything but '\n'; JavaScript's also stops at '\r', U+2028 and U+2029.
const filterRex = /^([^!<>=]+)([!<>=]+)([^\n]+?)$/;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

const ch = (s: string): number => s.codePointAt(0) ?? EOF;
const str = (r: number): string => (r === EOF ? '' : String.fromCodePoint(r));
const isDigit = (r: number): boolean => r !== EOF && DIGIT.test(str(r));
const isSpace = (r: number): boolean => r === ch(' ') || r === ch('\t');
const isEndOfLine = (r: number): boolean => r === ch('\r') || r === ch('\n');
const isAlphaNumeric = (r: number): boolean =>
  r === ch('_') || (r !== EOF && LETTER.test(str(r))) || isDigit(r);
const TERMINATORS = new Set(['.', ',', '[', ']', '$', '@', '{', '}'].map(ch));
const isTerminator = (r: number): boolean => r === EOF || isSpace(r) || isEndOfLine(r) || TERMINATORS.has(r);

/** Go's `%#U`: `U+002A '*'`, without the quoted character when it is not printable. */
function goSharpU(r: number): string {
  const code = 'U+' + r.toString(16).toUpperCase().padStart(4, '0');
  return PRINTABLE.test(str(r)) ? `${code} '${str(r)}'` : code;
}

/** `strconv.Atoi`, or undefined where Go returns an error. */
function atoiOrUndefined(s: string): number | undefined {
  try {
    return Number(parseInt64(s, 'Atoi'));
  } catch {
    return undefined;
  }
}

/** `strconv.ParseFloat(s, 64)` for the inputs parseNumber can hand it (signs, digits, dots). */
function parseFloatOrUndefined(s: string): number | undefined {
  if (!/^[+-]?(?:\d+\.?\d*|\.\d+)$/.test(s)) return undefined;
  const f = Number(s);
  return Number.isFinite(f) ? f : undefined;
}

class Parser {
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;
  private root: ListNode = newList();

  parse(text: string): ListNode {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.start = 0;
    this.parseText();
    return this.root;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos) ?? EOF;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private hasPrefix(prefix: string): boolean {
    return this.input.startsWith(prefix, this.pos);
  }

  /** Text up to the next `{`, then the action; repeated until the input ends. */
  private parseText(): void {
    for (;;) {
      if (this.hasPrefix('{')) {
        if (this.pos > this.start) this.root.nodes.push({ type: 'Text', text: this.consumeText() });
        // parseLeftDelim
        this.pos += 1;
        this.consumeText();
        const action = newList();
        this.root.nodes.push(action);
        this.parseInsideAction(action);
        continue;
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: 'Text', text: this.consumeText() });
  }

  /** Scans one action until its `}` (parseRightDelim), appending nodes to `cur`. */
  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      if (this.hasPrefix('}')) {
        this.pos += 1;
        this.consumeText();
        return;
      }
      if (this.hasPrefix('[?(')) {
        this.parseFilter(cur);
        continue;
      }
      if (this.hasPrefix('..')) {
        this.parseRecursive(cur);
        continue;
      }
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathParseError('unclosed action');
      if (r === ch(' ') || r === ch('@') || r === ch('$')) {
        // Spaces separate tokens; `@` and `$` name the current object, which is implicit.
        this.consumeText();
      } else if (r === ch('[')) {
        this.parseArray(cur);
      } else if (r === ch('"') || r === ch("'")) {
        this.parseQuote(cur, r);
      } else if (r === ch('.')) {
        this.parseField(cur);
      } else if (r === ch('+') || r === ch('-') || isDigit(r)) {
        this.backup();
        this.parseNumber(cur);
      } else if (isAlphaNumeric(r)) {
        this.backup();
        this.parseIdentifier(cur);
      } else {
        throw new JsonPathParseError(`unrecognized character in action: ${goSharpU(r)}`);
      }
    }
  }

  /** Keywords (`range`, `end`) and the literals `true` / `false`. */
  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'Bool', value: value === 'true' });
    else cur.nodes.push({ type: 'Identifier', name: value });
  }

  /** `..`, recursive descent. */
  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last?.type === 'Recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'Recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: ListNode): void {
    const sign = this.peek();
    if (sign === ch('+') || sign === ch('-')) this.next();
    for (;;) {
      const r = this.next();
      if (r !== ch('.') && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const i = atoiOrUndefined(value);
    if (i !== undefined) {
      cur.nodes.push({ type: 'Int', value: i });
      return;
    }
    const f = parseFloatOrUndefined(value);
    if (f !== undefined) {
      cur.nodes.push({ type: 'Float', value: f });
      return;
    }
    throw new JsonPathParseError(`cannot parse number ${value}`);
  }

  /** `[…]`: a union `[a,b]`, a quoted key `['k']`, or an index / slice `[i]`, `[s:e:step]`, `[*]`. */
  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === ch('\n')) throw new JsonPathParseError('unterminated array');
      if (r === ch(']')) break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';

    const parts = text.split(',');
    if (parts.length > 1) {
      const union = parts.map((part) => parseAction(`[${trimSpaces(part)}]`));
      cur.nodes.push({ type: 'Union', nodes: union });
      return;
    }

    const key = dictKeyRex.exec(text);
    if (key) {
      // ['a.b'] is parsed as .a.b: the dot still separates fields (escape it: ['a\.b']).
      cur.nodes.push(...parseAction(`.${key[1] ?? ''}`).nodes);
      return;
    }

    const slice = sliceOperatorRex.exec(text);
    if (!slice) throw new JsonPathParseError(`invalid array index ${text}`);
    const params: ParamsEntry[] = [];
    for (let i = 0; i < 3; i++) {
      let value = slice[i + 1] ?? '';
      if (value !== '') {
        if (i > 0) value = value.slice(1);
        if (i > 0 && value === '') {
          params.push({ value: 0, known: false, derived: false });
        } else {
          const n = atoiOrUndefined(value);
          if (n === undefined) throw new JsonPathParseError(`array index ${value} is not a number`);
          params.push({ value: n, known: true, derived: false });
        }
      } else if (i === 1) {
        // A single index [i] is the slice [i:i+1].
        params.push({ value: (params[0]?.value ?? 0) + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    const node: ArrayNode = { type: 'Array', params: params as unknown as ArrayNode['params'] };
    cur.nodes.push(node);
  }

  /** `[?(left op right)]` or `[?(path)]`. */
  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = EOF;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === ch('\n')) throw new JsonPathParseError('unterminated filter');
      if (r === ch('"') || r === ch("'")) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ch(')')) {
        // Quotes appear at most once on the right-hand side; a ')' inside them is text.
        if (begin === end) break;
      }
    }
    if (this.next() !== ch(']')) throw new JsonPathParseError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = filterRex.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'Filter', left: parseAction(text), right: newList(), operator: 'exists' });
    } else {
      const left = parseAction(m[1] ?? '');
      const right = parseAction(m[3] ?? '');
      cur.nodes.push({ type: 'Filter', left, right, operator: m[2] ?? '' });
    }
  }

  /** `"…"` or `'…'`: a text node, unquoted like Go's strconv.Unquote (single quotes allowed). */
  private parseQuote(cur: ListNode, end: number): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === ch('\n')) throw new JsonPathParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    const s = unquoteExtend(value);
    if (s === undefined) throw new JsonPathParseError(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: 'Text', text: s });
  }

  /** `.name` up to the next unescaped terminator; `\` escapes the next character and is dropped. */
  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      // scan
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'Wildcard' });
    else cur.nodes.push({ type: 'Field', value: value.replaceAll('\\', '') });
  }

  private advance(): boolean {
    const r = this.next();
    if (r === ch('\\')) {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

/** `strings.Trim(s, " ")`. */
const trimSpaces = (s: string): string => s.replace(/^ +| +$/g, '');

/** client-go's parseAction: parse `{text}` and return the action's node list. */
function parseAction(text: string): ListNode {
  const root = new Parser().parse(`{${text}}`);
  return root.nodes[0] as ListNode;
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/**
 * client-go's UnquoteExtend: Go's `strconv.Unquote` that also accepts single-quoted strings
 * (with Go's escapes: \n, \t, \x41, \101, \u00e9, \U0001F600, \\ and the string's own quote).
 * Returns undefined for Go's ErrSyntax. A \x or octal escape above 0x7f is a lone byte in Go,
 * which is not valid UTF-8; it is shown here as U+FFFD, as a terminal would.
 */
export function unquoteExtend(s: string): string | undefined {
  if (s.length < 2) return undefined;
  const quote = s[0];
  if (quote !== s[s.length - 1] || (quote !== '"' && quote !== "'")) return undefined;
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i] ?? '';
    if (c === quote) return undefined;
    if (c !== '\\') {
      const cp = body.codePointAt(i) ?? 0;
      out += String.fromCodePoint(cp);
      i += cp > 0xffff ? 2 : 1;
      continue;
    }
    if (i + 1 >= body.length) return undefined;
    const e = body[i + 1] ?? '';
    i += 2;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const digits = body.slice(i, i + n);
      if (digits.length < n || !/^[0-9a-fA-F]+$/.test(digits)) return undefined;
      const v = parseInt(digits, 16);
      i += n;
      if (e === 'x') out += v < 0x80 ? String.fromCharCode(v) : '\ufffd';
      else if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) return undefined;
      else out += String.fromCodePoint(v);
    } else if (e >= '0' && e <= '7') {
      const digits = body.slice(i, i + 2);
      if (digits.length < 2 || !/^[0-7]{2}$/.test(digits)) return undefined;
      const v = parseInt(e + digits, 8);
      i += 2;
      if (v > 255) return undefined;
      out += v < 0x80 ? String.fromCharCode(v) : '\ufffd';
    } else if (e === "'" || e === '"') {
      if (e !== quote) return undefined;
      out += e;
    } else {
      return undefined;
    }
  }
  return out;
}

/** Parses a whole template into its root list (text nodes and one ListNode per action). */
export function parseTemplate(text: string): ListNode {
  return new Parser().parse(text);
}

export type { JsonPathNode };
