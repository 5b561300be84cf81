/**
 * Parser for the shell's language: a hand-written recursive descent over characters, because
 * quoting, `$(…)` and heredocs interact in ways a token stream loses.
 *
 * Supported: words with '…', "…", \escapes, $VAR, ${VAR}, $?, $(…), `|`, `;`, newline, `&&`,
 * `||`, `!`, redirections (`>`, `>>`, `<`, `2>`, `2>&1`, `&>`), heredocs (`<<EOF`, `<<'EOF'`,
 * `<<-EOF`), comments, and `NAME=value` prefixes. Not supported (a clear syntax error instead):
 * `&` background jobs, subshells `( … )`, `{ … }` groups, `if`/`for`/`while`, functions, globbing.
 */
import type { AndOr, Pipeline, Redirect, Script, SimpleCommand, Word, WordPart } from './ast';

export class ShellSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellSyntaxError';
  }
}

/** The input ends inside a quote, a heredoc, after `|`/`&&`/`||` or a trailing backslash. */
export class IncompleteInputError extends Error {
  constructor(readonly waitingFor: string) {
    super(`unexpected end of input (waiting for ${waitingFor})`);
    this.name = 'IncompleteInputError';
  }
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  redirect: Redirect;
}

const RESERVED = new Set([
  'if',
  'then',
  'else',
  'elif',
  'fi',
  'for',
  'while',
  'until',
  'do',
  'done',
  'case',
  'esac',
  'function',
]);

const isNameStart = (c: string | undefined): boolean => c !== undefined && /[A-Za-z_]/.test(c);
const isNameChar = (c: string | undefined): boolean => c !== undefined && /[A-Za-z0-9_]/.test(c);
const isWordBreak = (c: string | undefined): boolean => c === undefined || /[\s|&;<>()]/.test(c);

export function parseScript(src: string): Script {
  return new Parser(src).parseScript();
}

/** True when `src` is syntactically complete (the terminal shows a `> ` continuation prompt otherwise). */
export function isComplete(src: string): boolean {
  try {
    parseScript(src);
    return true;
  } catch (e) {
    if (e instanceof IncompleteInputError) return false;
    return true;
  }
}

class Parser {
  private pos = 0;
  private pending: PendingHeredoc[] = [];

  constructor(private readonly src: string) {}

  parseScript(): Script {
    const items: AndOr[] = [];
    for (;;) {
      this.skipBlanksAndSeparators();
      if (this.eof()) break;
      items.push(this.parseAndOr());
      this.skipBlanks();
      const c = this.peek();
      if (c === ';') {
        this.pos++;
      } else if (c === '\n') {
        this.newline();
      } else if (c === '&') {
        throw new ShellSyntaxError('background jobs (`&`) are not supported in this shell');
      } else if (!this.eof()) {
        throw new ShellSyntaxError(`syntax error near unexpected token \`${this.peekToken()}'`);
      }
    }
    if (this.pending.length)
      throw new IncompleteInputError(`heredoc delimiter ${this.pending[0]!.delimiter}`);
    return { items };
  }

  private parseAndOr(): AndOr {
    const first = this.parsePipeline();
    const rest: AndOr['rest'] = [];
    for (;;) {
      this.skipBlanks();
      if (this.src.startsWith('&&', this.pos) || this.src.startsWith('||', this.pos)) {
        const op = this.src.slice(this.pos, this.pos + 2) as '&&' | '||';
        this.pos += 2;
        this.skipBlanksAndNewlines(op);
        rest.push({ op, pipeline: this.parsePipeline() });
      } else break;
    }
    return { first, rest };
  }

  private parsePipeline(): Pipeline {
    this.skipBlanks();
    let negated = false;
    if (this.peek() === '!' && isWordBreak(this.src[this.pos + 1])) {
      negated = true;
      this.pos++;
    }
    const commands = [this.parseSimple()];
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '|' && this.src[this.pos + 1] !== '|') {
        this.pos++;
        this.skipBlanksAndNewlines('|');
        commands.push(this.parseSimple());
      } else break;
    }
    return { negated, commands };
  }

  private parseSimple(): SimpleCommand {
    const cmd: SimpleCommand = { kind: 'simple', assignments: [], words: [], redirects: [] };
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (c === undefined || c === '\n' || c === ';' || c === '|' || c === '&' || c === '#') {
        if (c === '&' && this.src[this.pos + 1] === '>') {
          this.pos += 2;
          const target = this.parseWordOrFail();
          cmd.redirects.push({ fd: 1, op: '>', target }, { fd: 2, op: '>&', target: literalWord('1') });
          continue;
        }
        break;
      }
      if (c === '(' || c === ')') throw new ShellSyntaxError(`syntax error near unexpected token \`${c}'`);
      const redirect = this.tryRedirect();
      if (redirect) {
        cmd.redirects.push(redirect);
        continue;
      }
      // NAME=value before the command name is an assignment.
      if (cmd.words.length === 0 && isNameStart(c)) {
        const m = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(this.src.slice(this.pos));
        if (m) {
          this.pos += m[0].length;
          const value = isWordBreak(this.peek()) ? { parts: [] } : this.parseWord();
          cmd.assignments.push({ name: m[0].slice(0, -1), value });
          continue;
        }
      }
      const word = this.parseWord();
      if (cmd.words.length === 0 && word.parts.length === 1) {
        const p = word.parts[0]!;
        if (p.kind === 'literal' && !p.quoted && RESERVED.has(p.text)) {
          throw new ShellSyntaxError(
            `\`${p.text}' is not supported in this shell (no control flow; run commands one by one)`,
          );
        }
      }
      cmd.words.push(word);
    }
    if (cmd.words.length === 0 && cmd.assignments.length === 0 && cmd.redirects.length === 0) {
      const c = this.peek();
      if (c === undefined) throw new IncompleteInputError('a command');
      throw new ShellSyntaxError(`syntax error near unexpected token \`${this.peekToken()}'`);
    }
    return cmd;
  }

  private tryRedirect(): Redirect | undefined {
    const rest = this.src.slice(this.pos);
    const m = /^(\d?)(>>|>&|<<-|<<|>|<)/.exec(rest);
    if (!m) return undefined;
    const fdText = m[1]!;
    const op = m[2]!;
    this.pos += m[0].length;
    this.skipBlanks();
    if (op === '<<' || op === '<<-') {
      const start = this.pos;
      const word = this.parseWordOrFail();
      const raw = this.src.slice(start, this.pos);
      const quoted = /['"\\]/.test(raw);
      const delimiter = word.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
      const redirect: Redirect = { fd: 0, op: '<<', heredoc: { body: '', expand: !quoted } };
      this.pending.push({ delimiter, stripTabs: op === '<<-', redirect });
      return redirect;
    }
    const fd = fdText ? Number(fdText) : op.startsWith('<') ? 0 : 1;
    if (op === '>&') {
      const target = this.parseWordOrFail();
      return { fd, op: '>&', target };
    }
    return { fd, op: op as '>' | '>>' | '<', target: this.parseWordOrFail() };
  }

  private parseWordOrFail(): Word {
    this.skipBlanks();
    const c = this.peek();
    if (c === undefined || c === '\n')
      throw new ShellSyntaxError("syntax error near unexpected token `newline'");
    if (isWordBreak(c))
      throw new ShellSyntaxError(`syntax error near unexpected token \`${this.peekToken()}'`);
    return this.parseWord();
  }

  /** One word: adjacent quoted and unquoted pieces glue together (`a"b c"'d'` is one word). */
  private parseWord(): Word {
    const parts: WordPart[] = [];
    let lit = '';
    const flush = (quoted: boolean) => {
      if (lit) parts.push({ kind: 'literal', text: lit, quoted });
      lit = '';
    };
    while (!isWordBreak(this.peek())) {
      const c = this.peek()!;
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n === undefined) throw new IncompleteInputError('the escaped character');
        this.pos += 2;
        if (n !== '\n') {
          flush(false);
          parts.push({ kind: 'literal', text: n, quoted: true });
        }
      } else if (c === "'") {
        flush(false);
        const end = this.src.indexOf("'", this.pos + 1);
        if (end < 0) throw new IncompleteInputError("'");
        parts.push({ kind: 'literal', text: this.src.slice(this.pos + 1, end), quoted: true });
        this.pos = end + 1;
      } else if (c === '"') {
        flush(false);
        this.pos++;
        this.parseDoubleQuoted(parts);
      } else if (c === '$') {
        flush(false);
        parts.push(this.parseDollar(false));
      } else if (c === '`') {
        throw new ShellSyntaxError('backquote command substitution is not supported; use $(...)');
      } else {
        lit += c;
        this.pos++;
      }
    }
    flush(false);
    return { parts };
  }

  private parseDoubleQuoted(parts: WordPart[]): void {
    let lit = '';
    const flush = () => {
      parts.push({ kind: 'literal', text: lit, quoted: true });
      lit = '';
    };
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new IncompleteInputError('"');
      if (c === '"') {
        this.pos++;
        break;
      }
      if (c === '\\') {
        const n = this.src[this.pos + 1];
        if (n === undefined) throw new IncompleteInputError('"');
        if (n === '$' || n === '`' || n === '"' || n === '\\') {
          lit += n;
          this.pos += 2;
        } else if (n === '\n') {
          this.pos += 2;
        } else {
          lit += c;
          this.pos++;
        }
      } else if (c === '$') {
        flush();
        parts.push(this.parseDollar(true));
      } else {
        if (c === '\n') this.line();
        lit += c;
        this.pos++;
      }
    }
    flush();
  }

  private parseDollar(quoted: boolean): WordPart {
    this.pos++; // $
    const c = this.peek();
    if (c === '(') {
      if (this.src[this.pos + 1] === '(')
        throw new ShellSyntaxError('arithmetic expansion $(( )) is not supported');
      const start = this.pos + 1;
      let depth = 1;
      let i = start;
      let q: string | undefined;
      for (; i < this.src.length; i++) {
        const ch = this.src[i];
        if (q) {
          if (ch === q) q = undefined;
          else if (ch === '\\' && q === '"') i++;
          continue;
        }
        if (ch === "'" || ch === '"') q = ch;
        else if (ch === '\\') i++;
        else if (ch === '(') depth++;
        else if (ch === ')' && --depth === 0) break;
      }
      if (depth !== 0) throw new IncompleteInputError(')');
      this.pos = i + 1;
      return { kind: 'command', script: this.src.slice(start, i), quoted };
    }
    if (c === '{') {
      const end = this.src.indexOf('}', this.pos);
      if (end < 0) throw new IncompleteInputError('}');
      const name = this.src.slice(this.pos + 1, end);
      if (!/^([A-Za-z_][A-Za-z0-9_]*|\?|#|\$|[0-9])$/.test(name))
        throw new ShellSyntaxError(`\${${name}}: bad substitution`);
      this.pos = end + 1;
      return { kind: 'var', name, quoted };
    }
    if (c === '?' || c === '$' || c === '#' || (c !== undefined && /[0-9]/.test(c))) {
      this.pos++;
      return { kind: 'var', name: c, quoted };
    }
    if (isNameStart(c)) {
      const start = this.pos;
      while (isNameChar(this.peek())) this.pos++;
      return { kind: 'var', name: this.src.slice(start, this.pos), quoted };
    }
    return { kind: 'literal', text: '$', quoted };
  }

  private skipBlanks(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (!this.eof() && this.peek() !== '\n') this.pos++;
      } else break;
    }
  }

  private skipBlanksAndNewlines(after: string): void {
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '\n') this.newline();
      else break;
    }
    if (this.eof()) throw new IncompleteInputError(`a command after ${after}`);
  }

  private skipBlanksAndSeparators(): void {
    for (;;) {
      this.skipBlanks();
      const c = this.peek();
      if (c === '\n') this.newline();
      else if (c === ';') {
        throw new ShellSyntaxError("syntax error near unexpected token `;'");
      } else break;
    }
  }

  /** Consume a newline; if heredocs are pending, their bodies follow now. */
  private newline(): void {
    this.pos++;
    this.line();
  }

  private line(): void {
    while (this.pending.length) {
      const h = this.pending.shift()!;
      const lines: string[] = [];
      for (;;) {
        if (this.eof()) {
          this.pending.unshift(h);
          throw new IncompleteInputError(`heredoc delimiter ${h.delimiter}`);
        }
        const nl = this.src.indexOf('\n', this.pos);
        const lineEnd = nl < 0 ? this.src.length : nl;
        let text = this.src.slice(this.pos, lineEnd);
        this.pos = nl < 0 ? this.src.length : nl + 1;
        if (h.stripTabs) text = text.replace(/^\t+/, '');
        if (text === h.delimiter) break;
        if (nl < 0) {
          this.pending.unshift(h);
          throw new IncompleteInputError(`heredoc delimiter ${h.delimiter}`);
        }
        lines.push(text);
      }
      h.redirect.heredoc!.body = lines.length ? lines.join('\n') + '\n' : '';
    }
  }

  private peek(): string | undefined {
    return this.src[this.pos];
  }

  private peekToken(): string {
    const m = /^(&&|\|\||[|;&<>()]|\S+)/.exec(this.src.slice(this.pos));
    return m ? m[0] : 'newline';
  }

  private eof(): boolean {
    return this.pos >= this.src.length;
  }
}

function literalWord(text: string): Word {
  return { parts: [{ kind: 'literal', text, quoted: true }] };
}
