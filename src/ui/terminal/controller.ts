/**
 * One terminal tab's behaviour, independent of React and of the DOM: the line editor, the
 * prompt, continuation lines, typeahead while a command runs, Ctrl-C, completion. It draws on a
 * `Screen` (xterm, or @xterm/headless in tests) and talks to the worker through a `Backend`.
 *
 * A running command that reads the terminal (`kubectl exec -it … -- sh`) gets what is typed, a
 * line at a time, as a tty in canonical mode gives it: the line is edited here (after whatever
 * the command printed last on the line, e.g. the container's `/ # ` prompt), and Enter sends it.
 * In cooked mode the terminal echoes the line; in raw mode (a remote TTY is attached) the remote
 * pty echoes it, so the edited line is wiped before sending. Ctrl-D on an empty line is end of
 * input; Ctrl-C interrupts (in raw mode the worker passes it to the remote). Until the command
 * first reads, keys wait as the shell's type-ahead; lines it never read come back with `done`.
 */
import {
  applyCompletion,
  formatCandidates,
  initialLine,
  press,
  renderLine,
  splitKeys,
  type Completion,
  type LineState,
} from './lineEditor';
import { stringWidth } from './width';

/** The prompt: a green `$` — colour belongs to the prompt, never to command output. */
export const PS1 = '\x1b[1;32m$\x1b[0m ';
/** bash's PS2, for heredocs and open quotes. */
export const PS2 = '> ';

/** The largest piece of output written to xterm at once (see `output`). */
const OUTPUT_CHUNK = 4096;

export interface Screen {
  write(data: string): void;
  readonly cols: number;
  clear(): void;
}

export interface Backend {
  run(id: number, text: string): void;
  /** A line (with its newline) for the running command `id`, or null for Ctrl-D. */
  input?(id: number, data: string | null): void;
  interrupt(): void;
  complete(line: string): Promise<Completion>;
  isComplete(text: string): Promise<boolean>;
}

export class TerminalController {
  private state: LineState;
  private cursorRow = 0;
  /** Lines of a command that continues (heredoc, open quote). */
  private pendingLines: string[] = [];
  /** The id of the running command, if any. */
  private running: number | undefined;
  /** Waiting for the worker (completion, isComplete): keys are queued meanwhile. */
  private busy = false;
  private queue: string[] = [];
  private nextId: number;
  /** Whether the last output ended a line (else the prompt starts a new one). */
  private atLineStart = true;
  /** How many commands have finished in this tab (tests wait on it). */
  completed = 0;
  /** Set while the running command reads the terminal: its own line editor state. */
  private program: { line: LineState; raw: boolean; row: number } | undefined;
  /** History of the lines typed into commands (kept apart from the shell's). */
  private programHistory: string[] = [];
  /** The output since the last line break: what precedes typed input on its line. */
  private tail = '';
  /** Called when something worth saving changed (history, a command ran). */
  onChange?: () => void;

  constructor(
    private readonly screen: Screen,
    private readonly backend: Backend,
    history: string[] = [],
    firstId = 1,
  ) {
    this.state = initialLine(history);
    this.nextId = firstId;
  }

  get history(): readonly string[] {
    return this.state.history;
  }

  /** How many rows above the cursor the input line starts (a long line wraps). */
  get inputRow(): number {
    return this.cursorRow;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  private prompt(): string {
    return this.pendingLines.length ? PS2 : PS1;
  }

  /**
   * Draw a fresh prompt. Output that did not end with a newline (`-o jsonpath=…`) keeps its line:
   * the prompt goes below it (as zsh does) rather than over it.
   */
  showPrompt(): void {
    if (!this.atLineStart) this.screen.write('\r\n');
    this.atLineStart = true;
    this.cursorRow = 0;
    this.screen.write(renderLine(this.prompt(), this.state, this.screen.cols, 0).text);
  }

  private redraw(): void {
    const r = renderLine(this.prompt(), this.state, this.screen.cols, this.cursorRow);
    this.cursorRow = r.cursorRow;
    this.screen.write(r.text);
  }

  /** Keys and pasted text from xterm. */
  input(data: string): void {
    for (const key of splitKeys(data)) {
      if (this.running !== undefined && this.program) {
        this.programKey(key);
        continue;
      }
      if (this.running !== undefined) {
        if (key === '\x03') {
          this.queue = [];
          this.backend.interrupt();
          this.screen.write('^C\r\n');
          this.atLineStart = true;
        } else this.queue.push(key);
        continue;
      }
      if (this.busy) {
        this.queue.push(key);
        continue;
      }
      this.key(key);
    }
  }

  private key(key: string): void {
    const r = press(this.state, key);
    this.state = r.state;
    for (const e of r.effects) {
      switch (e.type) {
        case 'redraw':
          this.redraw();
          break;
        case 'bell':
          this.screen.write('\x07');
          break;
        case 'clearScreen':
          this.screen.clear();
          this.screen.write('\x1b[H\x1b[2J');
          this.cursorRow = 0;
          break;
        case 'interrupt':
          this.pendingLines = [];
          this.screen.write('^C\r\n');
          this.showPrompt();
          break;
        case 'submit':
          this.screen.write('\r\n');
          this.submit(e.line);
          break;
        case 'complete':
          this.complete(e.line, e.list);
          break;
      }
    }
  }

  private submit(line: string): void {
    this.pendingLines.push(line);
    const text = this.pendingLines.join('\n');
    if (!text.trim()) {
      this.pendingLines = [];
      this.showPrompt();
      return;
    }
    this.busy = true;
    void this.backend.isComplete(text).then(
      (complete) => this.afterCheck(text, complete),
      () => this.afterCheck(text, true),
    );
  }

  private afterCheck(text: string, complete: boolean): void {
    this.busy = false;
    if (!complete) {
      this.showPrompt();
    } else {
      this.pendingLines = [];
      this.running = this.nextId++;
      this.backend.run(this.running, text);
      this.onChange?.();
    }
    this.drain();
  }

  private complete(line: string, list: boolean): void {
    const before = this.state;
    this.busy = true;
    void this.backend.complete(line).then(
      (c) => {
        this.busy = false;
        if (this.state === before) {
          const r = applyCompletion(this.state, c, list);
          this.state = r.state;
          if (r.bell) this.screen.write('\x07');
          if (r.show) {
            this.screen.write('\r\n' + formatCandidates(r.show, this.screen.cols));
            this.showPrompt();
          } else this.redraw();
        }
        this.drain();
      },
      () => {
        this.busy = false;
        this.drain();
      },
    );
  }

  private drain(): void {
    while (this.queue.length && !this.busy && this.running === undefined) this.key(this.queue.shift()!);
  }

  /**
   * The running command reads the terminal (first call), or switched raw mode on or off. Keys
   * typed ahead until now become its input.
   */
  termMode(id: number, raw: boolean): void {
    if (id !== this.running) return;
    if (this.program) {
      this.program.raw = raw;
      return;
    }
    this.program = { line: initialLine(this.programHistory), raw, row: 0 };
    const ahead = this.queue.splice(0);
    for (const k of ahead) this.programKey(k);
  }

  private programKey(key: string): void {
    const p = this.program!;
    const id = this.running!;
    if (key === '\x03') {
      this.wipeTyped();
      p.line = initialLine(this.programHistory);
      this.backend.interrupt();
      if (!p.raw) {
        this.screen.write('^C\r\n');
        this.atLineStart = true;
        this.tail = '';
      }
      return;
    }
    if (key === '\x04' && p.line.buffer === '') {
      this.backend.input?.(id, null);
      return;
    }
    if (key === '\r') {
      const line = p.line.buffer;
      if (line.trim()) this.programHistory = [...this.programHistory, line].slice(-200);
      if (p.raw) this.wipeTyped();
      else if (p.line.cursor !== line.length) {
        // the newline goes after the whole line, wherever the cursor was
        p.line = { ...p.line, cursor: line.length };
        this.drawTyped();
      }
      p.line = initialLine(this.programHistory);
      if (!p.raw) {
        this.screen.write('\r\n');
        this.atLineStart = true;
        this.tail = '';
      }
      p.row = 0;
      this.backend.input?.(id, line + '\n');
      return;
    }
    // Tab, Ctrl-R and Ctrl-L are the shell's line editor's; a command's line has none of them
    if (key === '\t' || key === '\x12' || key === '\x0c') return;
    const r = press(p.line, key);
    p.line = r.state;
    for (const e of r.effects) {
      if (e.type === 'redraw') this.drawTyped();
      else if (e.type === 'bell') this.screen.write('');
    }
  }

  /** Draw the line being typed into the command after the output's last line. */
  private drawTyped(): void {
    const p = this.program!;
    const r = renderLine(this.tail, p.line, this.screen.cols, p.row);
    p.row = r.cursorRow;
    this.screen.write(r.text);
  }

  /** Remove the line being typed from the screen (the cursor goes back after the output). */
  private wipeTyped(): void {
    const p = this.program;
    if (!p || p.line.buffer === '') return;
    const r = renderLine(this.tail, initialLine(), this.screen.cols, p.row);
    p.row = r.cursorRow;
    this.screen.write(r.text);
  }

  /** Output of the running command. */
  output(id: number, text: string): void {
    if (id !== this.running || !text) return;
    const typing = this.program !== undefined && this.program.line.buffer !== '';
    if (typing) this.wipeTyped();
    // xterm parses each write in one go: a long output in pieces lets it spread the parsing
    // over several frames instead of freezing the tab.
    for (let i = 0; i < text.length;) {
      let end = Math.min(text.length, i + OUTPUT_CHUNK);
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--; // keep surrogate pairs whole
      this.screen.write(text.slice(i, end));
      i = end;
    }
    this.atLineStart = text.endsWith('\n');
    const brk = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    this.tail = brk >= 0 ? text.slice(brk + 1) : this.tail + text;
    if (this.program) {
      // the cursor is at the end of the tail: that many rows below where the tail starts
      // eslint-disable-next-line no-control-regex -- escape sequences in the output take no cells
      const w = stringWidth(this.tail.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
      const cols = this.screen.cols;
      this.program.row = Number.isFinite(cols) && w > 0 ? Math.floor((w - 1) / cols) : 0;
      if (typing) this.drawTyped();
    }
  }

  /** The command ended. `unread`: lines typed into it that it never read (type-ahead for the shell). */
  done(id: number, unread: readonly string[] = []): void {
    if (id !== this.running) return;
    const partial = this.program?.line.buffer ?? '';
    this.wipeTyped();
    this.program = undefined;
    this.tail = '';
    this.running = undefined;
    this.completed++;
    const ahead = unread.join('').replace(/\n/g, '\r') + partial;
    if (ahead) this.queue.unshift(...splitKeys(ahead));
    this.showPrompt();
    this.onChange?.();
    this.drain();
  }

  /** The cluster was reset: whatever ran is gone. */
  reset(): void {
    this.running = undefined;
    this.program = undefined;
    this.tail = '';
    this.pendingLines = [];
    this.queue = [];
    this.busy = false;
    this.state = initialLine(this.state.history);
  }

  clear(): void {
    this.screen.clear();
    this.screen.write('\x1b[H\x1b[2J');
  }
}
