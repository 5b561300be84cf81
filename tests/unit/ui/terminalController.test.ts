import { describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import { TerminalController, type Backend } from '../../../src/ui/terminal/controller';

const { Terminal } = xtermHeadless;

/** A headless xterm plus a fake worker that records runs and answers completions. */
function setup(cols = 40) {
  const term = new Terminal({ cols, rows: 10, allowProposedApi: true, convertEol: true });
  const screen = {
    write: (d: string) => term.write(d),
    get cols() {
      return term.cols;
    },
    clear: () => term.clear(),
  };
  const runs: { id: number; text: string }[] = [];
  let interrupts = 0;
  const backend: Backend = {
    run: (id, text) => void runs.push({ id, text }),
    interrupt: () => void interrupts++,
    complete: async (line) =>
      line.endsWith('kubectl ge')
        ? { from: line.length - 2, to: line.length, candidates: ['get'] }
        : { from: line.length, to: line.length, candidates: [] },
    isComplete: async (text) => !/<<EOF/.test(text) || /\nEOF$/.test(text),
  };
  const ctl = new TerminalController(screen, backend);
  ctl.showPrompt();
  const flush = () => new Promise<void>((r) => term.write('', () => setTimeout(r, 0)));
  const line = (y: number) => term.buffer.active.getLine(y)?.translateToString(true) ?? '';
  return { term, ctl, runs, flush, line, interrupts: () => interrupts };
}

describe('terminal controller on a headless xterm', () => {
  it('places the cursor after Japanese text at double width', async () => {
    const t = setup();
    t.ctl.input('echo 日本語');
    await t.flush();
    expect(t.line(0)).toBe('$ echo 日本語');
    expect(t.term.buffer.active.cursorX).toBe(2 + 5 + 6);
    t.ctl.input('\x1b[D');
    await t.flush();
    expect(t.term.buffer.active.cursorX).toBe(2 + 5 + 4);
  });

  it('runs a command, holds the prompt until it is done, and queues typeahead', async () => {
    const t = setup();
    t.ctl.input('kubectl get pods -w\r');
    await t.flush();
    expect(t.runs).toEqual([{ id: 1, text: 'kubectl get pods -w' }]);
    t.ctl.input('ls');
    t.ctl.output(1, 'NAME   READY\n');
    t.ctl.input('\x03');
    expect(t.interrupts()).toBe(1);
    t.ctl.done(1);
    await t.flush();
    expect(t.line(1)).toBe('NAME   READY');
    expect(t.line(2)).toBe('^C');
    // The typeahead was dropped by Ctrl-C; the prompt is back.
    expect(t.line(3)).toBe('$ ');
  });

  it('reads heredoc continuation lines with PS2 and sends them as one command', async () => {
    const t = setup();
    t.ctl.input('cat <<EOF > a.txt\rhello\rEOF\r');
    await t.flush();
    await t.flush();
    expect(t.runs).toEqual([{ id: 1, text: 'cat <<EOF > a.txt\nhello\nEOF' }]);
    expect(t.line(1)).toBe('> hello');
  });

  it('completes with Tab', async () => {
    const t = setup();
    t.ctl.input('kubectl ge\t');
    await t.flush();
    await t.flush();
    expect(t.line(0)).toBe('$ kubectl get ');
  });

  it('redraws a line that wraps without leaving copies behind', async () => {
    const t = setup(20);
    t.ctl.input('kubectl get pods --all-namespaces');
    t.ctl.input('\x01');
    t.ctl.input('X');
    await t.flush();
    expect(t.line(0)).toBe('$ Xkubectl get pods ');
    expect(t.line(1)).toBe('--all-namespaces');
    expect(t.line(2)).toBe('');
    expect([t.term.buffer.active.cursorX, t.term.buffer.active.cursorY]).toEqual([3, 0]);
  });
});
