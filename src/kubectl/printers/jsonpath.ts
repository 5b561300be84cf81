/**
 * kubectl's JSONPath (k8s.io/client-go/util/jsonpath), ported node for node: the parser, the
 * evaluator with its `range … end` state machine, and the printing rules of v1.32 (strings
 * raw, numbers as Go prints them, maps and lists as compact JSON, results separated by one
 * space). `-o jsonpath`, `-o custom-columns` and `--sort-by` all use it.
 *
 * Quirks kept on purpose because users meet them: a missing field prints nothing (kubectl
 * allows missing keys by default); text after `{end}` is not printed when the range was
 * empty; `{.a,.b}` is a syntax error while `{['a','b']}` is a union.
 */
import { toCompactJSON } from './json';
import { formatGoFloatG } from './yaml';

type Node =
  | { type: 'list'; nodes: Node[] }
  | { type: 'text'; text: string }
  | { type: 'field'; value: string }
  | { type: 'array'; params: [Param, Param, Param] }
  | { type: 'filter'; left: ListNode; right: ListNode; op: string }
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'wildcard' }
  | { type: 'recursive' }
  | { type: 'union'; nodes: ListNode[] }
  | { type: 'identifier'; name: string };

type ListNode = { type: 'list'; nodes: Node[] };

interface Param {
  value: number;
  known: boolean;
  derived: boolean;
}

export class JsonPathParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathParseError';
  }
}

export class JsonPathExecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathExecError';
  }
}

const newList = (): ListNode => ({ type: 'list', nodes: [] });

const isSpace = (r: string) => r === ' ' || r === '\t';
const isEndOfLine = (r: string) => r === '\r' || r === '\n';
const isLetter = (r: string) => /\p{L}/u.test(r);
const isDigit = (r: string) => /\p{Nd}/u.test(r);
const isAlphaNumeric = (r: string) => r === '_' || isLetter(r) || isDigit(r);
const EOF = '';

function isTerminator(r: string): boolean {
  if (isSpace(r) || isEndOfLine(r)) return true;
  return r === EOF || '.,[]$@{}'.includes(r);
}

/** %#U: `U+002C ','`. */
function sharpU(r: string): string {
  const cp = r.codePointAt(0)!;
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')} '${r}'`;
}

/** strconv.UnquoteChar-based unquoting that also accepts single quotes (UnquoteExtend). */
function unquoteExtend(s: string): string {
  const n = s.length;
  if (n < 2) throw new Error('invalid syntax');
  const quote = s[0]!;
  if (quote !== s[n - 1]) throw new Error('invalid syntax');
  if (quote !== '"' && quote !== "'") throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  if (!body.includes('\\') && !body.includes(quote)) return body;
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === quote) throw new Error('invalid syntax');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = body[++i];
    switch (e) {
      case 'a':
        out += '\x07';
        break;
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'v':
        out += '\v';
        break;
      case '\\':
        out += '\\';
        break;
      case "'":
      case '"':
        if (e !== quote) throw new Error('invalid syntax');
        out += e;
        break;
      case 'x': {
        const h = body.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(h)) throw new Error('invalid syntax');
        out += String.fromCharCode(parseInt(h, 16));
        i += 2;
        break;
      }
      case 'u':
      case 'U': {
        const len = e === 'u' ? 4 : 8;
        const h = body.slice(i + 1, i + 1 + len);
        if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(h)) throw new Error('invalid syntax');
        out += String.fromCodePoint(parseInt(h, 16));
        i += len;
        break;
      }
      default:
        if (e !== undefined && /[0-7]/.test(e)) {
          const o = body.slice(i, i + 3);
          if (!/^[0-7]{3}$/.test(o)) throw new Error('invalid syntax');
          out += String.fromCharCode(parseInt(o, 8));
          i += 2;
          break;
        }
        throw new Error('invalid syntax');
    }
  }
  return out;
}

class Parser {
  root: ListNode = newList();
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;

  parse(text: string): void {
    this.input = text;
    this.root = newList();
    this.pos = 0;
    this.parseText(this.root);
  }

  private consumeText(): string {
    const v = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return v;
  }

  private next(): string {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const cp = this.input.codePointAt(this.pos)!;
    const r = String.fromCodePoint(cp);
    this.width = r.length;
    this.pos += this.width;
    return r;
  }

  private peek(): string {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private parseText(cur: ListNode): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
        return this.parseLeftDelim(cur);
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) cur.nodes.push({ type: 'text', text: this.consumeText() });
  }

  private parseLeftDelim(cur: ListNode): void {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    cur.nodes.push(node);
    this.parseInsideAction(node);
  }

  private parseInsideAction(cur: ListNode): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) return this.parseRightDelim();
      if (rest.startsWith('[?(')) return this.parseFilter(cur);
      if (rest.startsWith('..')) return this.parseRecursive(cur);
      const r = this.next();
      if (r === EOF || isEndOfLine(r)) throw new JsonPathParseError('unclosed action');
      if (r === ' ' || r === '@' || r === '$') {
        this.consumeText();
        continue;
      }
      if (r === '[') return this.parseArray(cur);
      if (r === '"' || r === "'") return this.parseQuote(cur, r);
      if (r === '.') return this.parseField(cur);
      if (r === '+' || r === '-' || isDigit(r)) {
        this.backup();
        return this.parseNumber(cur);
      }
      if (isAlphaNumeric(r)) {
        this.backup();
        return this.parseIdentifier(cur);
      }
      throw new JsonPathParseError(`unrecognized character in action: ${sharpU(r)}`);
    }
  }

  private parseRightDelim(): void {
    this.pos += 1;
    this.consumeText();
    this.parseText(this.root);
  }

  private parseIdentifier(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (isTerminator(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ type: 'bool', value: value === 'true' });
    else cur.nodes.push({ type: 'identifier', name: value });
    this.parseInsideAction(cur);
  }

  private parseRecursive(cur: ListNode): void {
    const last = cur.nodes[cur.nodes.length - 1];
    if (last && last.type === 'recursive') throw new JsonPathParseError('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: 'recursive' });
    const r = this.peek();
    if (r !== EOF && isAlphaNumeric(r)) return this.parseField(cur);
    this.parseInsideAction(cur);
  }

  private parseNumber(cur: ListNode): void {
    let r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) {
      r = this.next();
      if (r !== '.' && (r === EOF || !isDigit(r))) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) {
      cur.nodes.push({ type: 'int', value: parseInt(value, 10) });
      return this.parseInsideAction(cur);
    }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) {
      cur.nodes.push({ type: 'float', value: parseFloat(value) });
      return this.parseInsideAction(cur);
    }
    throw new JsonPathParseError(`cannot parse number ${value}`);
  }

  private parseArray(cur: ListNode): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText();
    text = text.slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      const union: ListNode[] = [];
      for (const s of strs) union.push(parseAction(`[${s.trim()}]`));
      cur.nodes.push({ type: 'union', nodes: union });
      return this.parseInsideAction(cur);
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      const p = parseAction(`.${dict[1]}`);
      cur.nodes.push(...p.nodes);
      return this.parseInsideAction(cur);
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new JsonPathParseError(`invalid array index ${text}`);
    const value = [m[1] ?? '', m[2] ?? '', m[3] ?? ''];
    const params: [Param, Param, Param] = [
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
      { value: 0, known: false, derived: false },
    ];
    for (let i = 0; i < 3; i++) {
      if (value[i] !== '') {
        if (i > 0) value[i] = value[i]!.slice(1);
        if (i > 0 && value[i] === '') {
          params[i]!.known = false;
        } else {
          if (!/^-?\d+$/.test(value[i]!))
            throw new JsonPathParseError(`array index ${value[i]} is not a number`);
          params[i]!.known = true;
          params[i]!.value = parseInt(value[i]!, 10);
        }
      } else if (i === 1) {
        params[i] = { known: true, value: params[0].value + 1, derived: true };
      } else {
        params[i] = { known: false, value: 0, derived: false };
      }
    }
    cur.nodes.push({ type: 'array', params });
    this.parseInsideAction(cur);
  }

  private parseFilter(cur: ListNode): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new JsonPathParseError('unclosed array expect ]');
    let text = this.consumeText();
    text = text.slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!m) {
      cur.nodes.push({ type: 'filter', left: parseAction(text), right: newList(), op: 'exists' });
    } else {
      cur.nodes.push({ type: 'filter', left: parseAction(m[1]!), right: parseAction(m[3]!), op: m[2]! });
    }
    this.parseInsideAction(cur);
  }

  private parseQuote(cur: ListNode, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === '\n') throw new JsonPathParseError('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    let s: string;
    try {
      s = unquoteExtend(value);
    } catch (e) {
      throw new JsonPathParseError(`unquote string ${value} error ${(e as Error).message}`);
    }
    cur.nodes.push({ type: 'text', text: s });
    this.parseInsideAction(cur);
  }

  private parseField(cur: ListNode): void {
    this.consumeText();
    while (this.advance()) {
      /* scan */
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ type: 'wildcard' });
    else cur.nodes.push({ type: 'field', value: value.replace(/\\/g, '') });
    this.parseInsideAction(cur);
  }

  private advance(): boolean {
    const r = this.next();
    if (r === '\\') {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

function parseAction(text: string): ListNode {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as ListNode;
}

/** A parsed template. */
export interface JsonPath {
  readonly template: string;
  readonly root: ListNode;
}

/** Parse a JSONPath template (`{.items[*].metadata.name}`); throws JsonPathParseError. */
export function parseJsonPath(template: string): JsonPath {
  const p = new Parser();
  p.parse(template);
  return { template, root: p.root };
}

// ---------------------------------------------------------------------------------------------
// Evaluation. Values are plain JSON values; "absent" is distinct from null.

type Value = unknown;

const isMap = (v: Value): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Go's type name for a JSON value inside unstructured content. */
function goTypeName(v: Value): string {
  if (v === null || v === undefined) return 'interface {}';
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Number.isInteger(v) ? 'int64' : 'float64';
}

class Evaluator {
  private stack: Value[][] = [];
  private cur: Value[] = [];
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;

  constructor(private readonly allowMissingKeys: boolean) {}

  findResults(data: Value, nodes: Node[]): Value[][] {
    this.cur = [data];
    const full: Value[][] = [];
    for (let i = 0; i < nodes.length; i++) {
      const results = this.walk(this.cur, nodes[i]!);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange -= 1;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange -= 1;
        this.inRange += 1;
        for (let k = 0; k < results.length; k++) {
          if (k === results.length - 1) this.inRange -= 1;
          full.push(...this.findResults(results[k], nodes.slice(i + 1)));
        }
        break;
      }
      full.push(results);
    }
    return full;
  }

  private walk(value: Value[], node: Node): Value[] {
    switch (node.type) {
      case 'list':
        return this.evalList(value, node);
      case 'text':
        return [node.text];
      case 'field':
        return this.evalField(value, node.value);
      case 'array':
        return this.evalArray(value, node.params);
      case 'filter':
        return this.evalFilter(value, node);
      case 'int':
      case 'float':
      case 'bool':
        return value.map(() => node.value);
      case 'wildcard':
        return this.evalWildcard(value);
      case 'recursive':
        return this.evalRecursive(value);
      case 'union':
        return node.nodes.flatMap((l) => this.evalList(value, l));
      case 'identifier':
        return this.evalIdentifier(value, node.name);
    }
  }

  private evalList(value: Value[], node: ListNode): Value[] {
    let cur = value;
    for (const n of node.nodes) cur = this.walk(cur, n);
    return cur;
  }

  private evalIdentifier(input: Value[], name: string): Value[] {
    switch (name) {
      case 'range':
        this.stack.push(this.cur);
        this.beginRange += 1;
        return input;
      case 'end':
        if (this.endRange < this.inRange) {
          this.endRange += 1;
          return [];
        }
        if (this.stack.length > 0) {
          this.cur = this.stack.pop()!;
          return [];
        }
        throw new JsonPathExecError('not in range, nothing to end');
      default:
        throw new JsonPathExecError(`unrecognized identifier ${name}`);
    }
  }

  private evalArray(input: Value[], p: [Param, Param, Param]): Value[] {
    const result: Value[] = [];
    for (const value of input) {
      if (value === null || value === undefined) continue;
      if (!Array.isArray(value)) throw new JsonPathExecError(`${goTypeName(value)} is not array or slice`);
      const len = value.length;
      let start = p[0].known ? p[0].value : 0;
      if (start < 0) start += len;
      let end = p[1].known ? p[1].value : len;
      if (end < 0 || (end === 0 && p[1].derived)) end += len;
      if (end !== start) {
        if (start >= len)
          throw new JsonPathExecError(`array index out of bounds: index ${start}, length ${len}`);
        if (end > len)
          throw new JsonPathExecError(`array index out of bounds: index ${end - 1}, length ${len}`);
      }
      if (start < 0 || end < start) {
        throw new JsonPathExecError(`slice bounds out of range [${start}:${end}]`);
      }
      const slice = value.slice(start, end);
      if (p[2].known) {
        const step = p[2].value;
        // Go's Slice3 treats the third value as capacity, not a step; results are the same slice.
        void step;
      }
      result.push(...slice);
    }
    return result;
  }

  private evalField(input: Value[], name: string): Value[] {
    const results: Value[] = [];
    if (input.length === 0) return results;
    for (const value of input) {
      if (value === null || value === undefined) continue;
      if (isMap(value) && Object.prototype.hasOwnProperty.call(value, name)) results.push(value[name]);
    }
    if (results.length === 0) {
      if (this.allowMissingKeys) return results;
      throw new JsonPathExecError(`${name} is not found`);
    }
    return results;
  }

  private children(value: Value): Value[] {
    if (Array.isArray(value)) return [...value];
    if (isMap(value))
      return Object.keys(value)
        .sort()
        .map((k) => value[k]);
    if (typeof value === 'string') return [...new TextEncoder().encode(value)];
    return [];
  }

  private evalWildcard(input: Value[]): Value[] {
    const results: Value[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      results.push(...this.children(v));
    }
    return results;
  }

  private evalRecursive(input: Value[]): Value[] {
    const result: Value[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = this.children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(kids));
      }
    }
    return result;
  }

  private evalFilter(input: Value[], node: Extract<Node, { type: 'filter' }>): Value[] {
    const results: Value[] = [];
    for (const value of input) {
      if (!Array.isArray(value)) {
        throw new JsonPathExecError(`${goSharpV(value)} is not array or slice and cannot be filtered`);
      }
      for (const item of value) {
        let lefts: Value[];
        let leftErr: unknown;
        try {
          lefts = this.evalList([item], node.left);
        } catch (e) {
          lefts = [];
          leftErr = e;
        }
        if (node.op === 'exists') {
          if (lefts.length > 0) results.push(item);
          continue;
        }
        if (leftErr) throw leftErr;
        if (lefts.length !== 1) throw new JsonPathExecError('can only compare one element at a time');
        const rights = this.evalList([item], node.right);
        if (rights.length !== 1) throw new JsonPathExecError('can only compare one element at a time');
        if (compare(lefts[0], rights[0], node.op)) results.push(item);
      }
    }
    return results;
  }
}

/** text/template's comparison functions (eq, ne, lt, le, gt, ge) for basic values. */
function compare(a: Value, b: Value, op: string): boolean {
  const kind = (v: Value) =>
    typeof v === 'string'
      ? 'string'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'boolean'
          ? 'bool'
          : 'other';
  const ka = kind(a);
  const kb = kind(b);
  if (op === '==' || op === '!=') {
    if (ka === 'other' || kb === 'other') throw new JsonPathExecError('invalid type for comparison');
    if (ka !== kb) throw new JsonPathExecError('incompatible types for comparison');
    return op === '==' ? a === b : a !== b;
  }
  if (ka !== kb) throw new JsonPathExecError('incompatible types for comparison');
  if (ka === 'bool' || ka === 'other') throw new JsonPathExecError('invalid type for comparison');
  const x = a as string | number;
  const y = b as string | number;
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    case '>=':
      return x >= y;
  }
  throw new JsonPathExecError(`unrecognized filter operator ${op}`);
}

/** How one result prints (PrintResults of client-go v0.32). */
export function jsonPathText(v: Value): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'object') return toCompactJSON(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return String(v);
    const s = formatGoFloatG(v);
    return s === '.nan' ? 'NaN' : s === '.inf' ? '+Inf' : s === '-.inf' ? '-Inf' : s;
  }
  return String(v);
}

/** Evaluate and return each result group (FindResults). Throws JsonPathExecError. */
export function findJsonPathResults(jp: JsonPath, data: unknown, allowMissingKeys = true): unknown[][] {
  return new Evaluator(allowMissingKeys).findResults(data, jp.root.nodes);
}

/** Evaluate and render as `kubectl -o jsonpath` prints (no trailing newline added). */
export function executeJsonPath(jp: JsonPath, data: unknown, allowMissingKeys = true): string {
  const groups = findJsonPathResults(jp, data, allowMissingKeys);
  return groups.map((g) => g.map(jsonPathText).join(' ')).join('');
}

/** Go's %#v of a JSON value in unstructured content (used in kubectl's jsonpath error dump). */
export function goSharpV(v: Value): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSharpV).join(', ')}}`;
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    const keys = Object.keys(rec).sort();
    return `map[string]interface {}{${keys.map((k) => `${JSON.stringify(k)}:${goSharpV(rec[k])}`).join(', ')}}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : jsonPathText(v);
  return String(v);
}
