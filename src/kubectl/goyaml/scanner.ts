/**
 * libyaml's scanner (go-yaml v2 scannerc.go): characters to tokens, with the simple-key and
 * indentation bookkeeping that produces most of the errors users see (`mapping values are not
 * allowed in this context`, `could not find expected ':'`, `found character that cannot start
 * any token`). Only what decides an error is kept: token values are not built.
 */
export interface Mark {
  index: number;
  line: number;
  column: number;
}

export type TokenType =
  | 'STREAM-START'
  | 'STREAM-END'
  | 'VERSION-DIRECTIVE'
  | 'TAG-DIRECTIVE'
  | 'DOCUMENT-START'
  | 'DOCUMENT-END'
  | 'BLOCK-SEQUENCE-START'
  | 'BLOCK-MAPPING-START'
  | 'BLOCK-END'
  | 'FLOW-SEQUENCE-START'
  | 'FLOW-SEQUENCE-END'
  | 'FLOW-MAPPING-START'
  | 'FLOW-MAPPING-END'
  | 'BLOCK-ENTRY'
  | 'FLOW-ENTRY'
  | 'KEY'
  | 'VALUE'
  | 'ALIAS'
  | 'ANCHOR'
  | 'TAG'
  | 'SCALAR';

export interface Token {
  type: TokenType;
  start: Mark;
  end: Mark;
  /** Anchor or alias name; tag handle; %TAG handle. */
  value?: string;
  /** Tag suffix. */
  suffix?: string;
  major?: number;
  minor?: number;
  plain?: boolean;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

/** A libyaml error: which stage found it, its problem text and where. */
export class Failure extends Error {
  constructor(
    readonly stage: 'reader' | 'scanner' | 'parser' | 'composer',
    readonly problem: string,
    readonly problemMark: Mark | undefined,
    readonly contextMark: Mark | undefined,
  ) {
    super(problem);
  }
}

export const copy = (m: Mark): Mark => ({ ...m });
const ZERO: Mark = { index: 0, line: 0, column: 0 };

const isBreakC = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankC = (c: number) => c === 0x20 || c === 0x09;
const isAlphaC = (c: number) =>
  (c >= 0x30 && c <= 0x39) ||
  (c >= 0x41 && c <= 0x5a) ||
  (c >= 0x61 && c <= 0x7a) ||
  c === 0x5f ||
  c === 0x2d;
const isDigitC = (c: number) => c >= 0x30 && c <= 0x39;
const isHexC = (c: number) => isDigitC(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

/** libyaml's reader: the characters YAML allows (anything else is "control characters are not allowed"). */
const isPrintable = (c: number) =>
  c === 0x09 ||
  c === 0x0a ||
  c === 0x0d ||
  (c >= 0x20 && c <= 0x7e) ||
  c === 0x85 ||
  (c >= 0xa0 && c <= 0xd7ff) ||
  (c >= 0xe000 && c <= 0xfffd) ||
  (c >= 0x10000 && c <= 0x10ffff);

const URI_CHARS = new Set(";/?:@&=+$,.!~*'()[]%".split('').map((c) => c.charCodeAt(0)));

export class Scanner {
  private readonly buf: number[];
  private pos = 0;
  readonly mark: Mark = { index: 0, line: 0, column: 0 };

  private tokens: Token[] = [];
  private tokensHead = 0;
  tokensParsed = 0;
  private tokenAvailable = false;
  private streamStartProduced = false;
  streamEndProduced = false;

  private indent = -1;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTokenNumber = new Set<number>();
  private simpleKeysMinPossibleIndex = 0;
  private flowLevel = 0;

  constructor(text: string) {
    const cps: number[] = [];
    for (const ch of text) cps.push(ch.codePointAt(0)!);
    // The reader rejects control characters before the scanner sees them.
    if (!cps.every(isPrintable)) {
      throw new Failure('reader', 'control characters are not allowed', undefined, undefined);
    }
    // NUL padding plays the role of libyaml's end-of-buffer marker.
    this.buf = [...cps, 0, 0, 0, 0, 0];
  }

  // --- character helpers (buffer position + k) ---
  private c(k = 0): number {
    return this.buf[this.pos + k] ?? 0;
  }
  /** The end of the input (the reader lets no NUL through, so a NUL is the padding). */
  private isZ(k = 0) {
    return this.c(k) === 0;
  }
  private isBreak(k = 0) {
    return isBreakC(this.c(k));
  }
  private isBreakz(k = 0) {
    return this.isBreak(k) || this.isZ(k);
  }
  private isBlank(k = 0) {
    return isBlankC(this.c(k));
  }
  private isBlankz(k = 0) {
    return this.isBlank(k) || this.isBreakz(k);
  }
  private is(ch: string, k = 0) {
    return this.c(k) === ch.charCodeAt(0);
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }

  private skipLine(): void {
    if (this.is('\r') && this.is('\n', 1)) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
    } else if (this.isBreak()) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
    }
  }

  /** read_line: like skipLine (values are not kept). */
  private readLine(): void {
    if (this.is('\r') && this.is('\n', 1)) {
      this.pos += 2;
      this.mark.index++;
    } else if (this.isBreak()) {
      this.pos += 1;
    } else {
      return;
    }
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
  }

  private scannerError(problem: string, contextMark: Mark): never {
    throw new Failure('scanner', problem, copy(this.mark), contextMark);
  }

  // --- the token queue ---

  /** yaml_parser_scan / peek_token: the next token, without consuming it. */
  peek(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.tokensHead]!;
  }

  /** skip_token. */
  skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.tokensHead]!.type === 'STREAM-END';
    this.tokensHead++;
  }

  private insertToken(pos: number, token: Token): void {
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokensHead + pos, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      let needMore = false;
      if (this.tokensHead === this.tokens.length) needMore = true;
      else {
        this.staleSimpleKeys();
        needMore = this.simpleKeysByTokenNumber.has(this.tokensParsed);
      }
      if (!needMore) break;
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    this.scanToNextToken();
    this.staleSimpleKeys();
    this.unrollIndent(this.mark.column);

    if (this.isZ()) {
      this.fetchStreamEnd();
      return;
    }
    const col0 = this.mark.column === 0;
    if (col0 && this.is('%')) return this.fetchDirective();
    if (col0 && this.is('-') && this.is('-', 1) && this.is('-', 2) && this.isBlankz(3))
      return this.fetchDocumentIndicator('DOCUMENT-START');
    if (col0 && this.is('.') && this.is('.', 1) && this.is('.', 2) && this.isBlankz(3))
      return this.fetchDocumentIndicator('DOCUMENT-END');
    if (this.is('[')) return this.fetchFlowCollectionStart('FLOW-SEQUENCE-START');
    if (this.is('{')) return this.fetchFlowCollectionStart('FLOW-MAPPING-START');
    if (this.is(']')) return this.fetchFlowCollectionEnd('FLOW-SEQUENCE-END');
    if (this.is('}')) return this.fetchFlowCollectionEnd('FLOW-MAPPING-END');
    if (this.is(',')) return this.fetchFlowEntry();
    if (this.is('-') && this.isBlankz(1)) return this.fetchBlockEntry();
    if (this.is('?') && (this.flowLevel > 0 || this.isBlankz(1))) return this.fetchKey();
    if (this.is(':') && (this.flowLevel > 0 || this.isBlankz(1))) return this.fetchValue();
    if (this.is('*')) return this.fetchAnchor('ALIAS');
    if (this.is('&')) return this.fetchAnchor('ANCHOR');
    if (this.is('!')) return this.fetchTag();
    if (this.is('|') && this.flowLevel === 0) return this.fetchBlockScalar();
    if (this.is('>') && this.flowLevel === 0) return this.fetchBlockScalar();
    if (this.is("'")) return this.fetchFlowScalar(true);
    if (this.is('"')) return this.fetchFlowScalar(false);

    const indicator = '-?:,[]{}#&*!|>\'"%@`'.includes(String.fromCodePoint(this.c()));
    if (
      !(this.isBlankz() || indicator) ||
      (this.is('-') && !this.isBlank(1)) ||
      (this.flowLevel === 0 && (this.is('?') || this.is(':')) && !this.isBlankz(1))
    ) {
      return this.fetchPlainScalar();
    }
    this.scannerError('found character that cannot start any token', copy(this.mark));
  }

  private staleSimpleKeys(): void {
    for (let i = this.simpleKeysMinPossibleIndex; i < this.simpleKeys.length; i++) {
      const key = this.simpleKeys[i]!;
      if (!key.possible) {
        this.simpleKeysMinPossibleIndex = i;
        continue;
      }
      if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
        if (key.required) this.scannerError("could not find expected ':'", copy(key.mark));
        key.possible = false;
        this.simpleKeysByTokenNumber.delete(key.tokenNumber);
        this.simpleKeysMinPossibleIndex = i + 1;
      } else {
        break;
      }
    }
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead),
        mark: copy(this.mark),
      };
      this.removeSimpleKey();
      this.simpleKeysByTokenNumber.add(key.tokenNumber);
      this.simpleKeys[this.simpleKeys.length - 1] = key;
    }
  }

  private removeSimpleKey(): void {
    const i = this.simpleKeys.length - 1;
    const key = this.simpleKeys[i]!;
    if (key.possible) {
      if (key.required) this.scannerError("could not find expected ':'", copy(key.mark));
      key.possible = false;
      this.simpleKeysByTokenNumber.delete(key.tokenNumber);
    }
    if (this.simpleKeysMinPossibleIndex > i) this.simpleKeysMinPossibleIndex = i;
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: copy(ZERO) });
    this.flowLevel++;
    if (this.flowLevel > 10000) {
      this.scannerError('exceeded max depth of 10000', copy(this.simpleKeys.at(-1)!.mark));
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.length - 1;
      if (this.simpleKeys[last]!.possible)
        this.simpleKeysByTokenNumber.delete(this.simpleKeys[last]!.tokenNumber);
      this.simpleKeys.pop();
      if (this.simpleKeysMinPossibleIndex > last) this.simpleKeysMinPossibleIndex = last;
    }
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > 10000) {
        this.scannerError('exceeded max depth of 10000', copy(this.simpleKeys.at(-1)!.mark));
      }
      const token: Token = { type, start: copy(mark), end: copy(mark) };
      if (number > -1) number -= this.tokensParsed;
      this.insertToken(number, token);
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insertToken(-1, { type: 'BLOCK-END', start: copy(this.mark), end: copy(this.mark) });
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: copy(ZERO) });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { type: 'STREAM-START', start: copy(this.mark), end: copy(this.mark) });
  }

  private fetchStreamEnd(): void {
    // Force a new line.
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { type: 'STREAM-END', start: copy(this.mark), end: copy(this.mark) });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = copy(this.mark);
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, start, end: copy(this.mark) });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type, start, end: copy(this.mark) });
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type, start, end: copy(this.mark) });
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type: 'FLOW-ENTRY', start, end: copy(this.mark) });
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed)
        this.scannerError('block sequence entries are not allowed in this context', copy(this.mark));
      this.rollIndent(this.mark.column, -1, 'BLOCK-SEQUENCE-START', copy(this.mark));
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type: 'BLOCK-ENTRY', start, end: copy(this.mark) });
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed)
        this.scannerError('mapping keys are not allowed in this context', copy(this.mark));
      this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', copy(this.mark));
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type: 'KEY', start, end: copy(this.mark) });
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (key.possible) {
      this.insertToken(key.tokenNumber - this.tokensParsed, {
        type: 'KEY',
        start: copy(key.mark),
        end: copy(key.mark),
      });
      this.rollIndent(key.mark.column, key.tokenNumber, 'BLOCK-MAPPING-START', key.mark);
      key.possible = false;
      this.simpleKeysByTokenNumber.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed)
          this.scannerError('mapping values are not allowed in this context', copy(this.mark));
        this.rollIndent(this.mark.column, -1, 'BLOCK-MAPPING-START', copy(this.mark));
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = copy(this.mark);
    this.skip();
    this.insertToken(-1, { type: 'VALUE', start, end: copy(this.mark) });
  }

  private fetchAnchor(type: 'ALIAS' | 'ANCHOR'): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar());
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      if (this.mark.column === 0 && this.c() === 0xfeff) this.skip();
      // Tabs are allowed in the flow context and, in the block context, after the start of a
      // line's content (not as indentation).
      while (this.is(' ') || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.is('\t'))) this.skip();
      if (this.is('#')) while (!this.isBreakz()) this.skip();
      if (this.isBreak()) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else {
        break;
      }
    }
  }

  private scanDirective(): Token {
    const start = copy(this.mark);
    this.skip();
    let name = '';
    while (isAlphaC(this.c())) {
      name += String.fromCodePoint(this.c());
      this.skip();
    }
    if (name === '')
      throw new Failure('scanner', 'could not find expected directive name', copy(this.mark), start);
    if (!this.isBlankz())
      throw new Failure('scanner', 'found unexpected non-alphabetical character', copy(this.mark), start);
    let token: Token;
    if (name === 'YAML') {
      while (this.isBlank()) this.skip();
      const major = this.scanVersionNumber(start);
      if (!this.is('.'))
        throw new Failure('scanner', "did not find expected digit or '.' character", copy(this.mark), start);
      this.skip();
      const minor = this.scanVersionNumber(start);
      token = { type: 'VERSION-DIRECTIVE', start, end: copy(this.mark), major, minor };
    } else if (name === 'TAG') {
      while (this.isBlank()) this.skip();
      const handle = this.scanTagHandle(true, start);
      if (!this.isBlank())
        throw new Failure('scanner', 'did not find expected whitespace', copy(this.mark), start);
      while (this.isBlank()) this.skip();
      this.scanTagUri(true, '', start);
      if (!this.isBlankz())
        throw new Failure(
          'scanner',
          'did not find expected whitespace or line break',
          copy(this.mark),
          start,
        );
      token = { type: 'TAG-DIRECTIVE', start, end: copy(this.mark), value: handle };
    } else {
      throw new Failure('scanner', 'found unknown directive name', copy(this.mark), start);
    }
    while (this.isBlank()) this.skip();
    if (this.is('#')) while (!this.isBreakz()) this.skip();
    if (!this.isBreakz())
      throw new Failure('scanner', 'did not find expected comment or line break', copy(this.mark), start);
    if (this.isBreak()) this.skipLine();
    return token;
  }

  private scanVersionNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (isDigitC(this.c())) {
      length++;
      if (length > 2)
        throw new Failure('scanner', 'found extremely long version number', copy(this.mark), start);
      value = value * 10 + (this.c() - 0x30);
      this.skip();
    }
    if (length === 0)
      throw new Failure('scanner', 'did not find expected version number', copy(this.mark), start);
    return value;
  }

  private scanAnchor(type: 'ALIAS' | 'ANCHOR'): Token {
    const start = copy(this.mark);
    this.skip();
    let s = '';
    while (isAlphaC(this.c())) {
      s += String.fromCodePoint(this.c());
      this.skip();
    }
    const end = copy(this.mark);
    if (s === '' || !(this.isBlankz() || '?:,]}%@`'.includes(String.fromCodePoint(this.c())))) {
      this.scannerError('did not find expected alphabetic or numeric character', start);
    }
    return { type, start, end, value: s };
  }

  private scanTag(): Token {
    const start = copy(this.mark);
    let handle: string;
    let suffix: string;
    if (this.is('<', 1)) {
      handle = '';
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, '', start);
      if (!this.is('>')) this.scannerError("did not find the expected '>'", start);
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.startsWith('!') && handle.endsWith('!')) {
        suffix = this.scanTagUri(false, '', start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = '!';
        if (suffix === '') [handle, suffix] = ['', '!'];
      }
    }
    if (!this.isBlankz()) this.scannerError('did not find expected whitespace or line break', start);
    return { type: 'TAG', start, end: copy(this.mark), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    if (!this.is('!')) this.scannerError("did not find expected '!'", start);
    let s = '!';
    this.skip();
    while (isAlphaC(this.c())) {
      s += String.fromCodePoint(this.c());
      this.skip();
    }
    if (this.is('!')) {
      s += '!';
      this.skip();
    } else if (directive && s !== '!') {
      this.scannerError("did not find expected '!'", start);
    }
    return s;
  }

  private scanTagUri(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    while (isAlphaC(this.c()) || URI_CHARS.has(this.c())) {
      if (this.is('%')) {
        s += this.scanUriEscapes(directive, start);
      } else {
        s += String.fromCodePoint(this.c());
        this.skip();
      }
      hasTag = true;
    }
    if (!hasTag) this.scannerError('did not find expected tag URI', start);
    return s;
  }

  private scanUriEscapes(_directive: boolean, start: Mark): string {
    let w = 1024;
    const bytes: number[] = [];
    while (w > 0) {
      if (!(this.is('%') && isHexC(this.c(1)) && isHexC(this.c(2))))
        this.scannerError('did not find URI escaped octet', start);
      const octet = parseInt(String.fromCharCode(this.c(1), this.c(2)), 16);
      if (w === 1024) {
        w =
          (octet & 0x80) === 0
            ? 1
            : (octet & 0xe0) === 0xc0
              ? 2
              : (octet & 0xf0) === 0xe0
                ? 3
                : (octet & 0xf8) === 0xf0
                  ? 4
                  : 0;
        if (w === 0) this.scannerError('found an incorrect leading UTF-8 octet', start);
      } else if ((octet & 0xc0) !== 0x80) {
        this.scannerError('found an incorrect trailing UTF-8 octet', start);
      }
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }

  /** A literal (`|`) or folded (`>`) scalar: only its indentation can be wrong. */
  private scanBlockScalar(): Token {
    const start = copy(this.mark);
    this.skip();
    let increment = 0;
    if (this.is('+') || this.is('-')) {
      this.skip();
      if (isDigitC(this.c())) {
        if (this.is('0')) this.scannerError('found an indentation indicator equal to 0', start);
        increment = this.c() - 0x30;
        this.skip();
      }
    } else if (isDigitC(this.c())) {
      if (this.is('0')) this.scannerError('found an indentation indicator equal to 0', start);
      increment = this.c() - 0x30;
      this.skip();
      if (this.is('+') || this.is('-')) this.skip();
    }
    while (this.isBlank()) this.skip();
    if (this.is('#')) while (!this.isBreakz()) this.skip();
    if (!this.isBreakz()) this.scannerError('did not find expected comment or line break', start);
    if (this.isBreak()) this.skipLine();
    let end = copy(this.mark);
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    const breaks = (): void => {
      end = copy(this.mark);
      let maxIndent = 0;
      for (;;) {
        while ((indent === 0 || this.mark.column < indent) && this.is(' ')) this.skip();
        if (this.mark.column > maxIndent) maxIndent = this.mark.column;
        if ((indent === 0 || this.mark.column < indent) && this.is('\t')) {
          this.scannerError('found a tab character where an indentation space is expected', start);
        }
        if (!this.isBreak()) break;
        this.readLine();
        end = copy(this.mark);
      }
      if (indent === 0) {
        indent = maxIndent;
        if (indent < this.indent + 1) indent = this.indent + 1;
        if (indent < 1) indent = 1;
      }
    };
    breaks();
    while (this.mark.column === indent && !this.isZ()) {
      while (!this.isBreakz()) this.skip();
      this.readLine();
      breaks();
    }
    return { type: 'SCALAR', start, end };
  }

  private scanFlowScalar(single: boolean): Token {
    const start = copy(this.mark);
    this.skip();
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) ||
          (this.is('.') && this.is('.', 1) && this.is('.', 2))) &&
        this.isBlankz(3)
      ) {
        this.scannerError('found unexpected document indicator', start);
      }
      if (this.isZ()) this.scannerError('found unexpected end of stream', start);
      while (!this.isBlankz()) {
        if (single && this.is("'") && this.is("'", 1)) {
          this.skip();
          this.skip();
        } else if (single && this.is("'")) {
          break;
        } else if (!single && this.is('"')) {
          break;
        } else if (!single && this.is('\\') && this.isBreak(1)) {
          // An escaped line break.
          this.skip();
          this.skipLine();
          break;
        } else if (!single && this.is('\\')) {
          let codeLength = 0;
          const e = String.fromCodePoint(this.c(1));
          if (e !== '\0' && '0abt\tnvfre "\'\\N_LP'.includes(e)) {
            // A one-character escape.
          } else if (e === 'x') codeLength = 2;
          else if (e === 'u') codeLength = 4;
          else if (e === 'U') codeLength = 8;
          else this.scannerError('found unknown escape character', start);
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHexC(this.c(k))) this.scannerError('did not find expected hexdecimal number', start);
              value = value * 16 + parseInt(String.fromCodePoint(this.c(k)), 16);
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.scannerError('found invalid Unicode character escape code', start);
            }
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          this.skip();
        }
      }
      if (single ? this.is("'") : this.is('"')) break;
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) this.skip();
        else this.readLine();
      }
    }
    this.skip();
    return { type: 'SCALAR', start, end: copy(this.mark) };
  }

  private scanPlainScalar(): Token {
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = copy(this.mark);
    let end = copy(this.mark);
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.is('-') && this.is('-', 1) && this.is('-', 2)) ||
          (this.is('.') && this.is('.', 1) && this.is('.', 2))) &&
        this.isBlankz(3)
      ) {
        break;
      }
      if (this.is('#')) break;
      while (!this.isBlankz()) {
        if (
          (this.is(':') && this.isBlankz(1)) ||
          (this.flowLevel > 0 &&
            (this.is(',') || this.is('?') || this.is('[') || this.is(']') || this.is('{') || this.is('}')))
        ) {
          break;
        }
        leadingBlanks = false;
        this.skip();
        end = copy(this.mark);
      }
      if (!(this.isBlank() || this.isBreak())) break;
      while (this.isBlank() || this.isBreak()) {
        if (this.isBlank()) {
          if (leadingBlanks && this.mark.column < indent && this.is('\t')) {
            this.scannerError('found a tab character that violates indentation', start);
          }
          this.skip();
        } else {
          this.readLine();
          leadingBlanks = true;
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: 'SCALAR', start, end, plain: true };
  }
}
