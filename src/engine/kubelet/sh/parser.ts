/**
 * A recursive-descent parser for the POSIX shell grammar subset the container shells accept:
 * simple commands with assignments and redirections, pipelines, `&&`/`||`, `;`/`&`/newlines,
 * `if/elif/else/fi`, `while`/`until`, `for … in`, `case … esac`, `{ …; }` and `( … )`, quotes,
 * `$VAR`/`${VAR…}`, `$(…)`/`` `…` ``, `$((…))`, here-documents. Syntax errors carry ash's wording
 * (`syntax error: unexpected "done"`).
 */
import { ShSyntaxError, type Node, type Redirect, type Word, type WordPart } from './ast';

type Tok = { k: 'word'; word: Word; raw: string } | { k: 'op'; v: string } | { k: 'nl' } | { k: 'eof' };

const RESERVED = new Set([
  'if',
  'then',
  'elif',
  'else',
  'fi',
  'while',
  'until',
  'do',
  'done',
  'for',
  'in',
  'case',
  'esac',
  '{',
  '}',
  '!',
]);

class Lexer {
  private i = 0;
  /** Here-documents waiting for their bodies after the next newline. */
  private pendingHeredocs: { redirect: Redirect; delim: string; strip: boolean }[] = [];

  constructor(private readonly s: string) {}

  /** Read the bodies of pending here-documents (after a newline). */
  private readHeredocs(): void {
    for (const h of this.pendingHeredocs) {
      let body = '';
      for (;;) {
        if (this.i >= this.s.length)
          throw new ShSyntaxError(`syntax error: unexpected end of file (expecting "${h.delim}")`, true);
        const nl = this.s.indexOf('\n', this.i);
        const line = nl < 0 ? this.s.slice(this.i) : this.s.slice(this.i, nl);
        this.i = nl < 0 ? this.s.length : nl + 1;
        const cmp = h.strip ? line.replace(/^\t+/, '') : line;
        if (cmp === h.delim) break;
        body += cmp + '\n';
      }
      h.redirect.heredoc = body;
    }
    this.pendingHeredocs = [];
  }

  addHeredoc(redirect: Redirect, delim: string, strip: boolean): void {
    this.pendingHeredocs.push({ redirect, delim, strip });
  }

  next(): Tok {
    const s = this.s;
    // skip blanks and comments
    for (;;) {
      while (this.i < s.length && (s[this.i] === ' ' || s[this.i] === '\t')) this.i++;
      if (s[this.i] === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
        continue;
      }
      if (s[this.i] === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
      }
      break;
    }
    if (this.i >= s.length) return { k: 'eof' };
    const c = s[this.i]!;
    if (c === '\n') {
      this.i++;
      if (this.pendingHeredocs.length) this.readHeredocs();
      return { k: 'nl' };
    }
    for (const op of [
      '&&',
      '||',
      ';;',
      '>>',
      '<<-',
      '<<',
      '>&',
      '<&',
      '&>',
      ';',
      '|',
      '&',
      '(',
      ')',
      '>',
      '<',
    ]) {
      if (s.startsWith(op, this.i)) {
        this.i += op.length;
        return { k: 'op', v: op };
      }
    }
    // an io number: 2>, 2>>, 2>&1
    const io = /^(\d)(?=[<>])/.exec(s.slice(this.i));
    if (io) {
      this.i += 1;
      const rest = this.next();
      if (rest.k !== 'op') throw new ShSyntaxError('syntax error: bad redirection');
      return { k: 'op', v: io[1] + rest.v };
    }
    return this.word();
  }

  private word(): Tok {
    const s = this.s;
    const parts: WordPart[] = [];
    const start = this.i;
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ t: 'lit', text: lit, quoted });
      lit = '';
    };
    while (this.i < s.length) {
      const c = s[this.i]!;
      if (' \t\n;&|()<>'.includes(c)) break;
      if (c === '\\') {
        flush(false);
        const n = s[this.i + 1];
        this.i += 2;
        if (n === undefined) break;
        if (n !== '\n') parts.push({ t: 'lit', text: n, quoted: true });
        continue;
      }
      if (c === "'") {
        flush(false);
        const end = s.indexOf("'", this.i + 1);
        if (end < 0) throw new ShSyntaxError('syntax error: unterminated quoted string', true);
        parts.push({ t: 'lit', text: s.slice(this.i + 1, end), quoted: true });
        this.i = end + 1;
        continue;
      }
      if (c === '"') {
        flush(false);
        this.i++;
        let q = '';
        const qflush = () => {
          parts.push({ t: 'lit', text: q, quoted: true });
          q = '';
        };
        let closed = false;
        while (this.i < s.length) {
          const d = s[this.i]!;
          if (d === '"') {
            this.i++;
            closed = true;
            break;
          }
          if (d === '\\' && '$`"\\\n'.includes(s[this.i + 1] ?? '')) {
            if (s[this.i + 1] !== '\n') q += s[this.i + 1];
            this.i += 2;
            continue;
          }
          if (d === '$' || d === '`') {
            const part = this.dollar(true);
            if (part) {
              qflush();
              parts.push(part);
              continue;
            }
          }
          q += d;
          this.i++;
        }
        if (!closed) throw new ShSyntaxError('syntax error: unterminated quoted string', true);
        qflush();
        continue;
      }
      if (c === '$' || c === '`') {
        const part = this.dollar(false);
        if (part) {
          flush(false);
          parts.push(part);
          continue;
        }
      }
      lit += c;
      this.i++;
    }
    flush(false);
    return { k: 'word', word: parts, raw: s.slice(start, this.i) };
  }

  /** `$NAME`, `${…}`, `$(…)`, `$((…))`, `` `…` ``; undefined for a lone `$`. */
  private dollar(quoted: boolean): WordPart | undefined {
    const s = this.s;
    if (s[this.i] === '`') {
      const end = s.indexOf('`', this.i + 1);
      if (end < 0) throw new ShSyntaxError('syntax error: unterminated quoted string', true);
      const script = s.slice(this.i + 1, end);
      this.i = end + 1;
      return { t: 'cmd', script, quoted };
    }
    const n = s[this.i + 1];
    if (n === '(' && s[this.i + 2] === '(') {
      const end = this.matching(this.i + 3, '((', '))');
      const expr = s.slice(this.i + 3, end);
      this.i = end + 2;
      return { t: 'arith', expr, quoted };
    }
    if (n === '(') {
      const end = this.matching(this.i + 2, '(', ')');
      const script = s.slice(this.i + 2, end);
      this.i = end + 1;
      return { t: 'cmd', script, quoted };
    }
    if (n === '{') {
      const end = s.indexOf('}', this.i + 2);
      if (end < 0) throw new ShSyntaxError('syntax error: missing }', true);
      const body = s.slice(this.i + 2, end);
      this.i = end + 1;
      if (body.startsWith('#')) return { t: 'var', name: body.slice(1), quoted, op: '#' };
      const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]|[?#$!@*])(:?[-=+])?([\s\S]*)$/.exec(body);
      if (!m) throw new ShSyntaxError(`syntax error: bad substitution`);
      const part: WordPart = { t: 'var', name: m[1]!, quoted };
      if (m[2]) {
        part.op = m[2] as '-';
        part.arg = new Lexer(m[3]!).wordOnly();
      }
      return part;
    }
    const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9?#$!@*])/.exec(s.slice(this.i + 1));
    if (!m) return undefined;
    this.i += 1 + m[1]!.length;
    return { t: 'var', name: m[1]!, quoted };
  }

  /** A whole string as one word (for `${VAR:-default}` defaults). */
  wordOnly(): Word {
    if (this.s === '') return [];
    const t = this.word();
    return t.k === 'word' ? t.word : [];
  }

  private matching(from: number, open: string, close: string): number {
    let depth = 1;
    let i = from;
    const s = this.s;
    while (i < s.length) {
      if (s[i] === "'") {
        const e = s.indexOf("'", i + 1);
        i = e < 0 ? s.length : e + 1;
        continue;
      }
      if (s.startsWith(close, i)) {
        depth--;
        if (depth === 0) return i;
        i += close.length;
        continue;
      }
      if (s.startsWith(open, i)) {
        depth++;
        i += open.length;
        continue;
      }
      i++;
    }
    throw new ShSyntaxError(`syntax error: unterminated ${open}`, true);
  }
}

export class Parser {
  private tok: Tok;
  private readonly lx: Lexer;

  constructor(src: string) {
    this.lx = new Lexer(src);
    this.tok = this.lx.next();
  }

  /** The whole input. */
  parseProgram(): Node {
    const list = this.list(new Set());
    if (this.tok.k !== 'eof') throw this.unexpected();
    return list;
  }

  private advance(): Tok {
    const t = this.tok;
    this.tok = this.lx.next();
    return t;
  }

  private isWord(w: string): boolean {
    return this.tok.k === 'word' && this.tok.raw === w;
  }

  private unexpected(): ShSyntaxError {
    const t = this.tok;
    if (t.k === 'eof') return new ShSyntaxError('syntax error: unexpected end of file', true);
    if (t.k === 'nl') return new ShSyntaxError('syntax error: unexpected newline');
    if (t.k === 'op') return new ShSyntaxError(`syntax error: unexpected "${t.v}"`);
    return new ShSyntaxError(`syntax error: unexpected "${t.raw}"`);
  }

  private skipNewlines(): void {
    while (this.tok.k === 'nl') this.advance();
  }

  private expectWord(w: string): void {
    this.skipNewlines();
    if (!this.isWord(w)) {
      if (this.tok.k === 'eof')
        throw new ShSyntaxError(`syntax error: unexpected end of file (expecting "${w}")`, true);
      throw this.unexpected();
    }
    this.advance();
  }

  /** A list of and-or commands separated by `;`, `&` or newlines, until one of `stop`. */
  private list(stop: Set<string>): Node {
    const items: { node: Node; background: boolean }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.tok.k === 'eof') break;
      if (this.tok.k === 'word' && stop.has(this.tok.raw)) break;
      if (this.tok.k === 'op' && (this.tok.v === ')' || this.tok.v === ';;')) break;
      const node = this.andOr();
      let background = false;
      const t = this.tok as Tok;
      if (t.k === 'op' && (t.v === ';' || t.v === '&')) {
        background = t.v === '&';
        this.advance();
      } else if (
        t.k !== 'nl' &&
        t.k !== 'eof' &&
        !(t.k === 'word' && stop.has(t.raw)) &&
        !(t.k === 'op' && (t.v === ')' || t.v === ';;'))
      ) {
        throw this.unexpected();
      }
      items.push({ node, background });
    }
    return { t: 'list', items };
  }

  private andOr(): Node {
    let left = this.pipeline();
    while (this.tok.k === 'op' && (this.tok.v === '&&' || this.tok.v === '||')) {
      const op = this.advance() as { k: 'op'; v: string };
      this.skipNewlines();
      const right = this.pipeline();
      left = op.v === '&&' ? { t: 'and', left, right } : { t: 'or', left, right };
    }
    return left;
  }

  private pipeline(): Node {
    let negate = false;
    if (this.isWord('!')) {
      this.advance();
      negate = true;
    }
    const cmds = [this.command()];
    while (this.tok.k === 'op' && this.tok.v === '|') {
      this.advance();
      this.skipNewlines();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !negate ? cmds[0]! : { t: 'pipeline', cmds, negate };
  }

  private command(): Node {
    const t = this.tok;
    if (t.k === 'word') {
      switch (t.raw) {
        case 'if':
          return this.ifClause();
        case 'while':
        case 'until':
          return this.whileClause(t.raw === 'until');
        case 'for':
          return this.forClause();
        case 'case':
          return this.caseClause();
        case '{': {
          this.advance();
          const body = this.list(new Set(['}']));
          this.expectWord('}');
          return { t: 'group', body, redirects: this.redirects() };
        }
        case 'then':
        case 'elif':
        case 'else':
        case 'fi':
        case 'do':
        case 'done':
        case 'esac':
        case '}':
          throw this.unexpected();
      }
    }
    if (t.k === 'op' && t.v === '(') {
      this.advance();
      const body = this.list(new Set());
      if (!(this.tok.k === 'op' && this.tok.v === ')'))
        throw (this.tok as Tok).k === 'eof'
          ? new ShSyntaxError('syntax error: unexpected end of file (expecting ")")', true)
          : this.unexpected();
      this.advance();
      return { t: 'subshell', body, redirects: this.redirects() };
    }
    return this.simple();
  }

  private redirects(): Redirect[] {
    const out: Redirect[] = [];
    for (;;) {
      const r = this.redirect();
      if (!r) return out;
      out.push(r);
    }
  }

  private redirect(): Redirect | undefined {
    const t = this.tok;
    if (t.k !== 'op') return undefined;
    const m = /^(\d?)(>>|>&|<<-|<<|&>|>|<|<&)$/.exec(t.v);
    if (!m) return undefined;
    this.advance();
    const target = this.tok;
    if (target.k !== 'word') throw this.unexpected();
    this.advance();
    const op = m[2]!;
    const fd = m[1] ? Number(m[1]) : op.startsWith('<') ? 0 : 1;
    if (op === '&>') return { fd: 1, op: '>', target: target.word, dupFd: -2 };
    if (op === '>&' || op === '<&') {
      if (/^\d$/.test(target.raw)) return { fd, op: '>&', target: target.word, dupFd: Number(target.raw) };
      return { fd: 1, op: '>', target: target.word, dupFd: -2 };
    }
    if (op === '<<' || op === '<<-') {
      const r: Redirect = { fd: 0, op: '<<', target: target.word };
      const delim = target.word.map((p) => (p.t === 'lit' ? p.text : '')).join('');
      this.lx.addHeredoc(r, delim, op === '<<-');
      return r;
    }
    return { fd, op: op as '>' | '>>' | '<', target: target.word };
  }

  private simple(): Node {
    const assigns: [string, Word][] = [];
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (;;) {
      const r = this.redirect();
      if (r) {
        redirects.push(r);
        continue;
      }
      const t = this.tok;
      if (t.k !== 'word') break;
      if (words.length === 0) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(t.raw);
        const first = t.word[0];
        if (m && first && first.t === 'lit' && !first.quoted && first.text.startsWith(m[0])) {
          const rest: Word = [{ ...first, text: first.text.slice(m[0].length) }, ...t.word.slice(1)];
          assigns.push([m[1]!, rest]);
          this.advance();
          continue;
        }
      }
      words.push(t.word);
      this.advance();
    }
    if (words.length === 0 && assigns.length === 0 && redirects.length === 0) throw this.unexpected();
    return { t: 'simple', assigns, words, redirects };
  }

  private ifClause(): Node {
    this.advance();
    const clauses: { cond: Node; body: Node }[] = [];
    let otherwise: Node | undefined;
    const cond = this.list(new Set(['then']));
    this.expectWord('then');
    clauses.push({ cond, body: this.list(new Set(['elif', 'else', 'fi'])) });
    for (;;) {
      this.skipNewlines();
      if (this.isWord('elif')) {
        this.advance();
        const c = this.list(new Set(['then']));
        this.expectWord('then');
        clauses.push({ cond: c, body: this.list(new Set(['elif', 'else', 'fi'])) });
        continue;
      }
      if (this.isWord('else')) {
        this.advance();
        otherwise = this.list(new Set(['fi']));
      }
      this.expectWord('fi');
      break;
    }
    return { t: 'if', clauses, otherwise };
  }

  private whileClause(until: boolean): Node {
    this.advance();
    const cond = this.list(new Set(['do']));
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { t: 'while', cond, body, until };
  }

  private forClause(): Node {
    this.advance();
    const nameTok = this.tok;
    if (nameTok.k !== 'word') throw this.unexpected();
    this.advance();
    let words: Word[] | undefined;
    this.skipNewlines();
    if (this.isWord('in')) {
      this.advance();
      words = [];
      while (this.tok.k === 'word') {
        words.push(this.tok.word);
        this.advance();
      }
      if (this.tok.k === 'op' && this.tok.v === ';') this.advance();
    } else if (this.tok.k === 'op' && this.tok.v === ';') this.advance();
    this.expectWord('do');
    const body = this.list(new Set(['done']));
    this.expectWord('done');
    return { t: 'for', name: nameTok.raw, words, body };
  }

  private caseClause(): Node {
    this.advance();
    const w = this.tok;
    if (w.k !== 'word') throw this.unexpected();
    this.advance();
    this.expectWord('in');
    const items: { patterns: Word[]; body: Node | undefined }[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.isWord('esac')) {
        this.advance();
        break;
      }
      if (this.tok.k === 'op' && this.tok.v === '(') this.advance();
      const patterns: Word[] = [];
      for (;;) {
        const p = this.tok;
        if (p.k !== 'word') throw this.unexpected();
        patterns.push(p.word);
        this.advance();
        if (this.tok.k === 'op' && this.tok.v === '|') {
          this.advance();
          continue;
        }
        break;
      }
      if (!(this.tok.k === 'op' && this.tok.v === ')')) throw this.unexpected();
      this.advance();
      const body = this.list(new Set(['esac']));
      items.push({ patterns, body });
      if ((this.tok as Tok).k === 'op' && (this.tok as { v: string }).v === ';;') this.advance();
    }
    return { t: 'case', word: w.word, items };
  }
}

export function parseScript(src: string): Node {
  return new Parser(src).parseProgram();
}

export { RESERVED };
