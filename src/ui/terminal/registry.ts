/**
 * The live terminals, outside React: what persistence saves and `window.__breakfix` reads.
 */
import type { Terminal as XTerm } from '@xterm/xterm';
import type { SavedTerminal } from '../persist/savedState';
import type { TerminalController } from './controller';

export interface TerminalHandle {
  controller: TerminalController;
  term: XTerm;
  /** Writes xterm has not parsed yet (a long output is parsed over several frames). */
  pendingWrites?: () => number;
}

export const terminalRegistry = new Map<string, TerminalHandle>();

/** Saved tabs whose views have not mounted yet (consumed by the view on mount). */
export const pendingRestore = new Map<string, SavedTerminal>();

/** The terminal's text, wrapped rows joined back into lines. `upTo` = absolute row to stop before. */
export function screenText(term: XTerm, upTo?: number): string {
  const buf = term.buffer.active;
  const end = Math.min(upTo ?? buf.length, buf.length);
  const lines: string[] = [];
  for (let y = 0; y < end; y++) {
    const line = buf.getLine(y);
    if (!line) continue;
    const text = line.translateToString(true);
    if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
    else lines.push(text);
  }
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

/** What to save of a terminal: the screen above the current input line, at most `max` lines. */
export function savedScreen(h: TerminalHandle, max = 2000): string {
  const buf = h.term.buffer.active;
  const inputRow = buf.baseY + buf.cursorY - (h.controller.isRunning ? 0 : h.controller.inputRow);
  const lines = screenText(h.term, h.controller.isRunning ? undefined : inputRow).split('\n');
  return lines.slice(-max).join('\n');
}
