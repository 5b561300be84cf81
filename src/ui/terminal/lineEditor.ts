/**
 * The terminal's line editor as a pure state machine: (state, key) → new state + effects. The
 * Terminal component turns effects into xterm writes; tests drive it without a DOM.
 *
 * Keys are the strings xterm's onData delivers (printable text, control characters, escape
 * sequences for arrows/Home/End).
 */
import { stringWidth } from './width';

export interface LineState {
  buffer: string;
  /** Cursor position in UTF-16 code units within buffer. */
  cursor: number;
  history: string[];
  /** Index into history while browsing with Up/Down; history.length = the line being typed. */
  historyIndex: number;
  /** The line being typed before browsing history started. */
  draft: string;
}

export type Effect =
  | { type: 'submit'; line: string }
  | { type: 'interrupt' }
  | { type: 'clearScreen' }
  | { type: 'redraw' }
  | { type: 'bell' };

export const initialLine = (history: string[] = []): LineState => ({
  buffer: '',
  cursor: 0,
  history,
  historyIndex: history.length,
  draft: '',
});

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

export function press(state: LineState, key: string): { state: LineState; effects: Effect[] } {
  const s = state;
  const set = (patch: Partial<LineState>): { state: LineState; effects: Effect[] } => ({
    state: { ...s, ...patch },
    effects: [{ type: 'redraw' }],
  });
  switch (key) {
    case '\r': {
      const line = s.buffer;
      const history =
        line.trim() && s.history[s.history.length - 1] !== line ? [...s.history, line] : s.history;
      return { state: { ...initialLine(history) }, effects: [{ type: 'submit', line }] };
    }
    case '\x03':
      return { state: initialLine(s.history), effects: [{ type: 'interrupt' }] };
    case '\x0c':
      return { state: s, effects: [{ type: 'clearScreen' }, { type: 'redraw' }] };
    case '\x7f':
    case '\b': {
      if (s.cursor === 0) return { state: s, effects: [{ type: 'bell' }] };
      const p = prevChar(s.buffer, s.cursor);
      return set({ buffer: s.buffer.slice(0, p) + s.buffer.slice(s.cursor), cursor: p });
    }
    case '\x1b[3~': {
      if (s.cursor >= s.buffer.length) return { state: s, effects: [] };
      return set({ buffer: s.buffer.slice(0, s.cursor) + s.buffer.slice(nextChar(s.buffer, s.cursor)) });
    }
    case '\x1b[D':
      return set({ cursor: prevChar(s.buffer, s.cursor) });
    case '\x1b[C':
      return set({ cursor: nextChar(s.buffer, s.cursor) });
    case '\x01':
    case '\x1b[H':
    case '\x1bOH':
      return set({ cursor: 0 });
    case '\x05':
    case '\x1b[F':
    case '\x1bOF':
      return set({ cursor: s.buffer.length });
    case '\x0b':
      return set({ buffer: s.buffer.slice(0, s.cursor) });
    case '\x15':
      return set({ buffer: s.buffer.slice(s.cursor), cursor: 0 });
    case '\x17': {
      const start = prevWordStart(s.buffer, s.cursor);
      return set({ buffer: s.buffer.slice(0, start) + s.buffer.slice(s.cursor), cursor: start });
    }
    case '\x1b[A': {
      if (s.historyIndex === 0) return { state: s, effects: [{ type: 'bell' }] };
      const idx = s.historyIndex - 1;
      const draft = s.historyIndex === s.history.length ? s.buffer : s.draft;
      const line = s.history[idx]!;
      return set({ historyIndex: idx, buffer: line, cursor: line.length, draft });
    }
    case '\x1b[B': {
      if (s.historyIndex >= s.history.length) return { state: s, effects: [{ type: 'bell' }] };
      const idx = s.historyIndex + 1;
      const line = idx === s.history.length ? s.draft : s.history[idx]!;
      return set({ historyIndex: idx, buffer: line, cursor: line.length });
    }
    default: {
      if (key.startsWith('\x1b')) return { state: s, effects: [] };
      // Pasted text may hold several lines: the caller splits on \r before calling press.
      const text = key.replace(/[\x00-\x1f\x7f]/g, '');
      if (!text) return { state: s, effects: [] };
      return set({
        buffer: s.buffer.slice(0, s.cursor) + text + s.buffer.slice(s.cursor),
        cursor: s.cursor + text.length,
      });
    }
  }
}

/**
 * The escape sequence that redraws the prompt line: carriage return, prompt, buffer, erase to end
 * of line, then move the cursor back by the display width of what follows it.
 */
export function renderLine(prompt: string, s: LineState): string {
  const after = stringWidth(s.buffer.slice(s.cursor));
  return `\r${prompt}${s.buffer}\x1b[K${after ? `\x1b[${after}D` : ''}`;
}
