/**
 * The terminal's line editor as a pure state machine: (state, key) → new state + effects. The
 * Terminal turns effects into xterm writes and worker requests; tests drive it without a DOM.
 *
 * Keys are what xterm's onData delivers, split by `splitKeys` (printable runs, control
 * characters, escape sequences). The bindings are readline's (bash's defaults): Ctrl-A/E/K/U/W,
 * Home/End, Up/Down through history, Ctrl-R reverse incremental search, Tab completion, Ctrl-C,
 * Ctrl-L.
 */
import { stringWidth } from './width';

export interface SearchState {
  query: string;
  /** History index of the current match, or -1 when nothing matches. */
  match: number;
  /** The line and cursor before the search started (Ctrl-G restores them). */
  savedBuffer: string;
  savedCursor: number;
}

export interface LineState {
  buffer: string;
  /** Cursor position in UTF-16 code units within buffer. */
  cursor: number;
  history: string[];
  /** Index into history while browsing with Up/Down; history.length = the line being typed. */
  historyIndex: number;
  /** The line being typed before browsing history started. */
  draft: string;
  /** Set while Ctrl-R searches the history. */
  search?: SearchState;
  /** How many Tabs in a row were pressed (the second one lists the candidates). */
  tabs: number;
}

export type Effect =
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'clearScreen' }
  | { type: 'redraw' }
  | { type: 'bell' }
  /** Ask for completions of the text before the cursor. */
  | { type: 'complete'; line: string; list: boolean };

export interface Result {
  state: LineState;
  effects: Effect[];
}

export const initialLine = (history: string[] = []): LineState => ({
  buffer: '',
  cursor: 0,
  history,
  historyIndex: history.length,
  draft: '',
  tabs: 0,
});

/** Most history kept per tab (bash's HISTSIZE default is 500; we keep more, it is cheap). */
export const HISTORY_LIMIT = 1000;

const prevWordStart = (s: string, from: number): number => {
  let i = from;
  while (i > 0 && s[i - 1] === ' ') i--;
  while (i > 0 && s[i - 1] !== ' ') i--;
  return i;
};

const prevChar = (s: string, i: number): number =>
  i >= 2 && /[\uDC00-\uDFFF]/.test(s[i - 1]!) ? i - 2 : Math.max(0, i - 1);
const nextChar = (s: string, i: number): number =>
  i < s.length && /[\uD800-\uDBFF]/.test(s[i]!) ? Math.min(s.length, i + 2) : Math.min(s.length, i + 1);

/**
 * Split what xterm delivered into keys: one escape sequence, one control character, or a run of
 * printable text (typed, pasted or composed by an IME) per key.
 */
export function splitKeys(data: string): string[] {
  const keys: string[] = [];
  let i = 0;
  while (i < data.length) {
    const ch = data[i]!;
    if (ch === '\x1b') {
      // eslint-disable-next-line no-control-regex -- terminal escape sequences are the input here
      const m = /^\x1b(\[[0-9;]*[A-Za-z~]|O[A-Za-z]|.)?/s.exec(data.slice(i))!;
      keys.push(m[0]);
      i += m[0].length;
    } else if (ch < ' ' || ch === '\x7f') {
      // A pasted "\r\n" is one Enter.
      keys.push(ch);
      i += ch === '\r' && data[i + 1] === '\n' ? 2 : 1;
    } else {
      let j = i;
      while (j < data.length && data[j]! >= ' ' && data[j] !== '\x7f' && data[j] !== '\x1b') j++;
      keys.push(data.slice(i, j));
      i = j;
    }
  }
  return keys.map((k) => (k === '\n' ? '\r' : k));
}

function addHistory(history: string[], line: string): string[] {
  if (!line.trim() || history[history.length - 1] === line) return history;
  const next = [...history, line];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

/** The newest history entry at or before `from` that contains `query`, or -1. */
function findBackward(history: string[], query: string, from: number): number {
  for (let i = Math.min(from, history.length - 1); i >= 0; i--) if (history[i]!.includes(query)) return i;
  return -1;
}

function pressSearch(s: LineState, search: SearchState, key: string): Result {
  const redraw = (st: LineState): Result => ({ state: st, effects: [{ type: 'redraw' }] });
  const withSearch = (q: string, match: number): Result =>
    redraw({ ...s, search: { ...search, query: q, match } });
  const accept = (): LineState => {
    const line = search.match >= 0 ? s.history[search.match]! : search.savedBuffer;
    return { ...s, search: undefined, buffer: line, cursor: line.length, historyIndex: s.history.length };
  };
  switch (key) {
    case '\x12': {
      // Ctrl-R again: the next older match.
      if (!search.query) return { state: s, effects: [{ type: 'bell' }] };
      const m = findBackward(s.history, search.query, search.match - 1);
      if (m < 0) return { state: s, effects: [{ type: 'bell' }] };
      return withSearch(search.query, m);
    }
    case '\x7f':
    case '\b': {
      const q = search.query.slice(0, -1);
      return withSearch(q, q ? findBackward(s.history, q, s.history.length - 1) : -1);
    }
    case '\x07': // Ctrl-G: give up, restore the line
      return redraw({ ...s, search: undefined, buffer: search.savedBuffer, cursor: search.savedCursor });
    case '\x03':
      return { state: initialLine(s.history), effects: [{ type: 'interrupt' }] };
    case '\r':
      return press(accept(), '\r');
    case '\x1b':
      return redraw(accept());
    default:
      if (key.startsWith('\x1b') || (key.length === 1 && key < ' ')) {
        // Any other editing key ends the search and acts on the found line (readline does so).
        return press(accept(), key);
      }
      {
        const q = search.query + key;
        const m = findBackward(s.history, q, search.match >= 0 ? search.match : s.history.length - 1);
        return m < 0
          ? {
              state: { ...s, search: { ...search, query: q, match: search.match } },
              effects: [{ type: 'bell' }, { type: 'redraw' }],
            }
          : withSearch(q, m);
      }
  }
}

export function press(state: LineState, key: string): Result {
  const s = key === '\t' ? state : state.tabs ? { ...state, tabs: 0 } : state;
  if (s.search) return pressSearch(s, s.search, key);
  const set = (patch: Partial<LineState>): Result => ({
    state: { ...s, ...patch },
    effects: [{ type: 'redraw' }],
  });
  switch (key) {
    case '\r': {
      const line = s.buffer;
      return { state: initialLine(addHistory(s.history, line)), effects: [{ type: 'submit', line }] };
    }
    case '\x03':
      return { state: initialLine(s.history), effects: [{ type: 'interrupt' }] };
    case '\x0c':
      return { state: s, effects: [{ type: 'clearScreen' }, { type: 'redraw' }] };
    case '\t': {
      const tabs = s.tabs + 1;
      return {
        state: { ...s, tabs },
        effects: [{ type: 'complete', line: s.buffer.slice(0, s.cursor), list: tabs >= 2 }],
      };
    }
    case '\x12':
      return set({
        search: { query: '', match: -1, savedBuffer: s.buffer, savedCursor: s.cursor },
      });
    case '\x7f':
    case '\b': {
      if (s.cursor === 0) return { state: s, effects: [{ type: 'bell' }] };
      const p = prevChar(s.buffer, s.cursor);
      return set({ buffer: s.buffer.slice(0, p) + s.buffer.slice(s.cursor), cursor: p });
    }
    case '\x04':
    case '\x1b[3~': {
      if (s.cursor >= s.buffer.length) return { state: s, effects: [] };
      return set({ buffer: s.buffer.slice(0, s.cursor) + s.buffer.slice(nextChar(s.buffer, s.cursor)) });
    }
    case '\x1b[D':
    case '\x02':
      return set({ cursor: prevChar(s.buffer, s.cursor) });
    case '\x1b[C':
    case '\x06':
      return set({ cursor: nextChar(s.buffer, s.cursor) });
    case '\x1b[1;5D':
    case '\x1bb':
      return set({ cursor: prevWordStart(s.buffer, s.cursor) });
    case '\x1b[1;5C':
    case '\x1bf': {
      let i = s.cursor;
      while (i < s.buffer.length && s.buffer[i] === ' ') i++;
      while (i < s.buffer.length && s.buffer[i] !== ' ') i++;
      return set({ cursor: i });
    }
    case '\x01':
    case '\x1b[H':
    case '\x1bOH':
    case '\x1b[1~':
      return set({ cursor: 0 });
    case '\x05':
    case '\x1b[F':
    case '\x1bOF':
    case '\x1b[4~':
      return set({ cursor: s.buffer.length });
    case '\x0b':
      return set({ buffer: s.buffer.slice(0, s.cursor) });
    case '\x15':
      return set({ buffer: s.buffer.slice(s.cursor), cursor: 0 });
    case '\x17': {
      const start = prevWordStart(s.buffer, s.cursor);
      return set({ buffer: s.buffer.slice(0, start) + s.buffer.slice(s.cursor), cursor: start });
    }
    case '\x1b[A':
    case '\x10': {
      if (s.historyIndex === 0) return { state: s, effects: [{ type: 'bell' }] };
      const idx = s.historyIndex - 1;
      const draft = s.historyIndex === s.history.length ? s.buffer : s.draft;
      const line = s.history[idx]!;
      return set({ historyIndex: idx, buffer: line, cursor: line.length, draft });
    }
    case '\x1b[B':
    case '\x0e': {
      if (s.historyIndex >= s.history.length) return { state: s, effects: [{ type: 'bell' }] };
      const idx = s.historyIndex + 1;
      const line = idx === s.history.length ? s.draft : s.history[idx]!;
      return set({ historyIndex: idx, buffer: line, cursor: line.length });
    }
    default: {
      if (key.startsWith('\x1b')) return { state: s, effects: [] };
      // eslint-disable-next-line no-control-regex -- drop control characters from typed text
      const text = key.replace(/[\x00-\x1f\x7f]/g, '');
      if (!text) return { state: s, effects: [] };
      return set({
        buffer: s.buffer.slice(0, s.cursor) + text + s.buffer.slice(s.cursor),
        cursor: s.cursor + text.length,
      });
    }
  }
}

/** The candidates of one completion request, as the worker answers them. */
export interface Completion {
  from: number;
  to: number;
  candidates: string[];
}

export function commonPrefix(xs: readonly string[]): string {
  if (xs.length === 0) return '';
  let p = xs[0]!;
  for (const x of xs) while (!x.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * Apply a completion as readline does: one candidate is inserted with a space after it (not
 * after `/` or `=`); several insert their common prefix; the second Tab lists them.
 */
export function applyCompletion(
  s: LineState,
  c: Completion,
  list: boolean,
): { state: LineState; show?: string[]; bell?: boolean } {
  if (c.candidates.length === 0) return { state: s, bell: true };
  const word = s.buffer.slice(c.from, c.to);
  const replace = (text: string): LineState => {
    const buffer = s.buffer.slice(0, c.from) + text + s.buffer.slice(c.to);
    return { ...s, buffer, cursor: c.from + text.length };
  };
  if (c.candidates.length === 1) {
    const only = c.candidates[0]!;
    const tail = /[/=]$/.test(only) || s.buffer[c.to] === ' ' ? '' : ' ';
    return { state: { ...replace(only + tail), tabs: 0 } };
  }
  const prefix = commonPrefix(c.candidates);
  if (prefix.length > word.length) return { state: replace(prefix) };
  return list ? { state: s, show: c.candidates } : { state: s, bell: true };
}

/** Lay out completion candidates in columns for a terminal `cols` wide (as bash lists them). */
export function formatCandidates(candidates: readonly string[], cols: number): string {
  const width = Math.max(...candidates.map(stringWidth)) + 2;
  const perRow = Math.max(1, Math.floor(cols / width));
  const rows = Math.ceil(candidates.length / perRow);
  const lines: string[] = [];
  for (let r = 0; r < rows; r++) {
    let line = '';
    for (let c = 0; c < perRow; c++) {
      const item = candidates[c * rows + r];
      if (item === undefined) continue;
      line += item + ' '.repeat(width - stringWidth(item));
    }
    lines.push(line.trimEnd());
  }
  return lines.join('\r\n') + '\r\n';
}

/** What is on the input line: the prompt (or the search prompt), the text and the cursor. */
export function displayOf(prompt: string, s: LineState): { prompt: string; text: string; cursor: number } {
  if (s.search) {
    const found = s.search.match >= 0 ? s.history[s.search.match]! : '';
    const label = s.search.match < 0 && s.search.query ? 'failed reverse-i-search' : 'reverse-i-search';
    return { prompt: `(${label})\`${s.search.query}': `, text: found, cursor: found.length };
  }
  return { prompt, text: s.buffer, cursor: s.cursor };
}

/** Strip colour escapes to measure a prompt's width. */
// eslint-disable-next-line no-control-regex -- SGR escape sequences
const visible = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

/**
 * The escape sequence that redraws the input line, also when it wraps over several rows of a
 * terminal `cols` wide: go up to the row where the prompt starts, rewrite prompt and text,
 * erase below, and put the cursor back. Returns the cursor's row offset from the prompt's row,
 * which the next redraw needs.
 */
export function renderLine(
  prompt: string,
  s: LineState,
  cols = Infinity,
  cursorRow = 0,
): { text: string; cursorRow: number } {
  const d = displayOf(prompt, s);
  const pw = stringWidth(visible(d.prompt));
  const total = pw + stringWidth(d.text);
  const at = pw + stringWidth(d.text.slice(0, d.cursor));
  let out = cursorRow > 0 ? `\x1b[${cursorRow}A\r` : '\r';
  out += d.prompt + d.text;
  let endRow: number;
  if (Number.isFinite(cols) && total > 0 && total % cols === 0) {
    // The cursor sits in the "pending wrap" cell: move it to the next row explicitly.
    out += ' \r';
    endRow = total / cols;
  } else {
    endRow = Number.isFinite(cols) ? Math.floor(total / cols) : 0;
  }
  out += '\x1b[J';
  const row = Number.isFinite(cols) ? Math.floor(at / cols) : 0;
  const col = Number.isFinite(cols) ? at % cols : at;
  const endCol = Number.isFinite(cols) ? (total % cols === 0 && total > 0 ? 0 : total % cols) : total;
  if (endRow > row) out += `\x1b[${endRow - row}A`;
  if (endRow !== row || col !== endCol) {
    out += '\r';
    if (col > 0) out += `\x1b[${col}C`;
  }
  return { text: out, cursorRow: row };
}
