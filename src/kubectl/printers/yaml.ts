/**
 * YAML output exactly as kubectl writes it.
 *
 * kubectl marshals with sigs.k8s.io/yaml: the object goes to JSON, the JSON is read back by
 * go-yaml v2 (so map keys come back unordered and are sorted on output), and go-yaml v2's
 * emitter (a port of libyaml) writes it. This file ports the parts of that emitter that
 * decide the text: how map keys are sorted (a "natural" order: `a9` before `a10`, non-letters
 * before letters), when a string must be quoted (`"3600"`, `"true"`, `"2025-01-01"`, single
 * quotes for a cron schedule that starts with a star), block literals for multi-line strings (`|`, `|-`, `|2+`), `? ` for keys over 128 bytes, and
 * folding of long lines at 80 columns (the wrapped `message:` lines everyone has seen).
 */

/** Options for {@link toYAML}. */
export interface YamlOptions {
  /**
   * Sort mapping keys as go-yaml does (default true, what kubectl always does). Pass false
   * only to keep an insertion order on purpose.
   */
  sortKeys?: boolean;
}

/** Marshal a JSON-like value as kubectl's YAML printer does. The text ends with a newline. */
export function toYAML(value: unknown, opts: YamlOptions = {}): string {
  const e = new Emitter(opts.sortKeys !== false);
  e.emitNode(normalize(value), { root: true, sequence: false, mapping: false, simpleKey: false });
  // DOCUMENT-END: write_indent.
  e.indent = -1;
  e.writeIndent();
  return e.out.join('');
}

/** What JSON.stringify would keep: drops undefined and functions, turns Dates into strings. */
function normalize(v: unknown): unknown {
  return v === undefined ? null : JSON.parse(JSON.stringify(v) ?? 'null');
}

// ---------------------------------------------------------------------------------------------
// Key order (go-yaml v2 sorter.go keyList.Less)

const isLetter = (c: string) => /\p{L}/u.test(c);
const isDigit = (c: string) => /\p{Nd}/u.test(c);

/** go-yaml's keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
  const ar = [...a];
  const br = [...b];
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue;
    const al = isLetter(ar[i]!);
    const bl = isLetter(br[i]!);
    if (al && bl) return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
    if (al || bl) return bl;
    let an = 0;
    let bn = 0;
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== '0') {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = an * 10 + (ar[ai]!.charCodeAt(0) - 48);
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = bn * 10 + (br[bi]!.charCodeAt(0) - 48);
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ar[i]!.codePointAt(0)! < br[i]!.codePointAt(0)!;
  }
  return ar.length < br.length;
}

export function sortYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Which strings would read back as something else (go-yaml v2 resolve.go)

const RESOLVE_MAP = new Set([
  'y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON',
  'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF',
  '', '~', 'null', 'Null', 'NULL',
  '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF',
  '<<',
]); // prettier-ignore

const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

/** Go's strconv.ParseInt(s, 0, 64)/ParseUint syntax check (range ignored: big ints are ints too). */
function isGoInt(s: string): boolean {
  return /^[+-]?(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|0[0-7]*|[1-9][0-9]*)$/.test(s);
}

/** Go's strconv.ParseFloat syntax check (decimal, hex, inf/nan). */
function isGoFloat(s: string): boolean {
  return (
    /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(s) ||
    /^[+-]?0[xX]([0-9a-fA-F]+(\.[0-9a-fA-F]*)?|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/.test(s) ||
    /^[+-]?(inf|infinity|nan)$/i.test(s)
  );
}

function daysIn(year: number, month: number): number {
  return [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ][month - 1]!;
}

/** go-yaml v2 parseTimestamp: the four layouts it accepts. */
function isYamlTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))|(?: (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?))?$/.exec(
      s,
    );
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(Number(m[1]), month)) return false;
  const h = m[4] ?? m[7];
  const mi = m[5] ?? m[8];
  const se = m[6] ?? m[9];
  if (h !== undefined && (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59)) return false;
  return true;
}

/** True if the plain scalar `s` would be read back as something other than a string. */
export function resolvesToNonString(s: string): boolean {
  if (RESOLVE_MAP.has(s)) return true;
  const c = s[0];
  if (c === '.') return isGoFloat(s);
  if (c === '+' || c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
    if (isYamlTimestamp(s)) return true;
    const plain = s.replace(/_/g, '');
    if (isGoInt(plain)) return true;
    if (YAML_STYLE_FLOAT.test(plain) && isGoFloat(plain)) return true;
    if (/^-?0b[01]+$/.test(plain)) return true;
  }
  return false;
}

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  if (s === '') return false;
  const c = s[0]!;
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false;
  return BASE60_FLOAT.test(s);
}

// ---------------------------------------------------------------------------------------------
// Number formatting (strconv.FormatInt / FormatFloat 'g' -1)

export function formatGoFloatG(f: number): string {
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  const sign = f < 0 || Object.is(f, -0) ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits, as Go does.
  const [mant, e] = Math.abs(f).toExponential().split('e') as [string, string];
  const exp = Number(e);
  const digits = mant.replace('.', '');
  if (exp < -4 || exp >= 6) {
    const ee = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${mant}e${exp < 0 ? '-' : '+'}${ee}`;
  }
  if (exp >= 0) {
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return frac ? `${sign}${int}.${frac}` : `${sign}${int}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

function formatNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return n.toFixed(0);
  return formatGoFloatG(n);
}

// ---------------------------------------------------------------------------------------------
// The emitter (go-yaml v2 emitterc.go, block style, best_indent 2, best_width 80)

type Style = 'plain' | 'single' | 'double' | 'literal';

interface Ctx {
  root: boolean;
  sequence: boolean;
  mapping: boolean;
  simpleKey: boolean;
}

interface Analysis {
  multiline: boolean;
  flowPlainAllowed: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

const isBreakCh = (c: string | undefined) =>
  c === '\r' || c === '\n' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpaceCh = (c: string | undefined) => c === ' ';
const isBlankCh = (c: string | undefined) => c === ' ' || c === '\t';
const isBlankzCh = (c: string | undefined) => c === undefined || c === '\0' || isBlankCh(c) || isBreakCh(c);

/** libyaml is_printable, for a whole code point. */
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
  );
}

export function analyzeScalar(value: string): Analysis {
  if (value.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  if (value.startsWith('---') || value.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  const chars = [...value];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const followedByWhitespace = i + 1 >= chars.length || isBlankCh(chars[i + 1]);
    if (i === 0) {
      switch (ch) {
        case '#':
        case ',':
        case '[':
        case ']':
        case '{':
        case '}':
        case '&':
        case '*':
        case '!':
        case '|':
        case '>':
        case "'":
        case '"':
        case '%':
        case '@':
        case '`':
          flowIndicators = true;
          blockIndicators = true;
          break;
        case '?':
        case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '-':
          if (followedByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (ch) {
        case ',':
        case '?':
        case '[':
        case ']':
        case '{':
        case '}':
          flowIndicators = true;
          break;
        case ':':
          flowIndicators = true;
          if (followedByWhitespace) blockIndicators = true;
          break;
        case '#':
          if (precededByWhitespace) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(ch)) specialCharacters = true;
    if (isSpaceCh(ch)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreakCh(ch)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankzCh(ch);
  }
  const a: Analysis = {
    multiline: lineBreaks,
    flowPlainAllowed: true,
    blockPlainAllowed: true,
    singleQuotedAllowed: true,
    blockAllowed: true,
  };
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (trailingSpace) a.blockAllowed = false;
  if (breakSpace) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
    a.singleQuotedAllowed = false;
    a.blockAllowed = false;
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false;
    a.blockPlainAllowed = false;
  }
  if (flowIndicators) a.flowPlainAllowed = false;
  if (blockIndicators) a.blockPlainAllowed = false;
  return a;
}

/** The style the encoder asks for (encode.go stringv). */
function requestedStringStyle(s: string): Style {
  if (s.includes('\n')) return 'literal';
  if (!resolvesToNonString(s) && !isBase60Float(s)) return 'plain';
  return 'double';
}

const utf8Len = (s: string) => new TextEncoder().encode(s).length;

class Emitter {
  readonly out: string[] = [];
  column = 0;
  whitespace = true;
  indention = true;
  indent = -1;
  private readonly indents: number[] = [];
  private flowLevel = 0;
  private readonly bestIndent = 2;
  private readonly bestWidth = 80;

  constructor(private readonly sortKeys: boolean) {}

  private put(c: string): void {
    this.out.push(c);
    this.column++;
  }

  private putBreak(): void {
    this.out.push('\n');
    this.column = 0;
    this.indention = true;
  }

  private write(c: string): void {
    this.out.push(c);
    this.column++;
  }

  private writeBreak(c: string): void {
    if (c === '\n') {
      this.putBreak();
    } else {
      this.out.push(c);
      this.column = 0;
      this.indention = true;
    }
  }

  writeIndent(): void {
    const indent = this.indent < 0 ? 0 : this.indent;
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace))
      this.putBreak();
    while (this.column < indent) this.put(' ');
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    ind: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ): void {
    if (needWhitespace && !this.whitespace) this.put(' ');
    for (const c of ind) this.write(c);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? this.bestIndent : 0;
    else if (!indentless) this.indent += this.bestIndent;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  emitNode(v: unknown, ctx: Ctx): void {
    if (v === null) return this.emitScalar('null', 'plain', ctx);
    if (typeof v === 'boolean') return this.emitScalar(v ? 'true' : 'false', 'plain', ctx);
    if (typeof v === 'number') return this.emitScalar(formatNumber(v), 'plain', ctx);
    if (typeof v === 'string') return this.emitScalar(v, requestedStringStyle(v), ctx);
    if (Array.isArray(v)) {
      if (v.length === 0 || this.flowLevel > 0) return this.emitFlowEmpty('[', ']');
      return this.emitBlockSequence(v, ctx);
    }
    const obj = v as Record<string, unknown>;
    const keys = this.sortKeys ? sortYamlKeys(Object.keys(obj)) : Object.keys(obj);
    if (keys.length === 0 || this.flowLevel > 0) return this.emitFlowEmpty('{', '}');
    return this.emitBlockMapping(obj, keys);
  }

  private emitFlowEmpty(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private emitBlockSequence(items: unknown[], ctx: Ctx): void {
    this.increaseIndent(false, ctx.mapping && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator('-', true, false, true);
      this.emitNode(item, { root: false, sequence: true, mapping: false, simpleKey: false });
    }
    this.popIndent();
  }

  private emitBlockMapping(obj: Record<string, unknown>, keys: string[]): void {
    this.increaseIndent(false, false);
    for (const k of keys) {
      this.writeIndent();
      const simple = !analyzeScalar(k).multiline && utf8Len(k) <= 128;
      if (simple) {
        this.emitScalar(k, requestedStringStyle(k), {
          root: false,
          sequence: false,
          mapping: true,
          simpleKey: true,
        });
        this.writeIndicator(':', false, false, false);
      } else {
        this.writeIndicator('?', true, false, true);
        this.emitScalar(k, requestedStringStyle(k), {
          root: false,
          sequence: false,
          mapping: true,
          simpleKey: false,
        });
        this.writeIndent();
        this.writeIndicator(':', true, false, true);
      }
      this.emitNode(obj[k], { root: false, sequence: false, mapping: true, simpleKey: false });
    }
    this.popIndent();
  }

  private emitScalar(value: string, requested: Style, ctx: Ctx): void {
    const a = analyzeScalar(value);
    let style = requested;
    if (ctx.simpleKey && a.multiline) style = 'double';
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed))
        style = 'single';
      if (value.length === 0 && (this.flowLevel > 0 || ctx.simpleKey)) style = 'single';
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || ctx.simpleKey)) style = 'double';

    this.increaseIndent(true, false);
    const allowBreaks = !ctx.simpleKey;
    switch (style) {
      case 'plain':
        this.writePlain(value, allowBreaks);
        break;
      case 'single':
        this.writeSingleQuoted(value, allowBreaks);
        break;
      case 'double':
        this.writeDoubleQuoted(value, allowBreaks);
        break;
      case 'literal':
        this.writeLiteral(value);
        break;
    }
    this.popIndent();
  }

  private writePlain(value: string, allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ');
    let spaces = false;
    let breaks = false;
    const cs = [...value];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (isSpaceCh(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && !isSpaceCh(cs[i + 1])) {
          this.writeIndent();
        } else {
          this.write(c);
        }
        spaces = true;
      } else if (isBreakCh(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(value: string, allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    const cs = [...value];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (isSpaceCh(c)) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > this.bestWidth &&
          i > 0 &&
          i < cs.length - 1 &&
          !isSpaceCh(cs[i + 1])
        ) {
          this.writeIndent();
        } else {
          this.write(c);
        }
        spaces = true;
      } else if (isBreakCh(c)) {
        if (!breaks && c === '\n') this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === "'") this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(value: string, allowBreaks: boolean): void {
    let spaces = false;
    this.writeIndicator('"', true, false, false);
    const cs = [...value];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      const cp = c.codePointAt(0)!;
      if (!isPrintable(c) || cp === 0xfeff || isBreakCh(c) || c === '"' || c === '\\') {
        this.put('\\');
        const simple: Record<number, string> = {
          0x00: '0',
          0x07: 'a',
          0x08: 'b',
          0x09: 't',
          0x0a: 'n',
          0x0b: 'v',
          0x0c: 'f',
          0x0d: 'r',
          0x1b: 'e',
          0x22: '"',
          0x5c: '\\',
          0x85: 'N',
          0xa0: '_',
          0x2028: 'L',
          0x2029: 'P',
        };
        const s = simple[cp];
        if (s !== undefined) {
          this.put(s);
        } else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8];
          this.put(letter as string);
          for (const d of cp
            .toString(16)
            .toUpperCase()
            .padStart(width as number, '0'))
            this.put(d);
        }
        spaces = false;
      } else if (isSpaceCh(c)) {
        if (allowBreaks && !spaces && this.column > this.bestWidth && i > 0 && i < cs.length - 1) {
          this.writeIndent();
          if (isSpaceCh(cs[i + 1])) this.put('\\');
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(value: string): void {
    this.writeIndicator('|', true, false, false);
    // yaml_emitter_write_block_scalar_hints
    const cs = [...value];
    if (isSpaceCh(cs[0]) || isBreakCh(cs[0]))
      this.writeIndicator(String(this.bestIndent), false, false, false);
    let chomp = '';
    if (cs.length === 0) {
      chomp = '-';
    } else if (!isBreakCh(cs[cs.length - 1])) {
      chomp = '-';
    } else if (cs.length === 1) {
      chomp = '+';
    } else if (isBreakCh(cs[cs.length - 2])) {
      chomp = '+';
    }
    if (chomp) this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cs) {
      if (isBreakCh(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}
