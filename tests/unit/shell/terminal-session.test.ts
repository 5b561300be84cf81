/**
 * The terminal tab while a command holds a session (kubectl exec -it): typed lines go to the
 * command, echoed by the terminal (cooked) or by the remote pty (raw); Ctrl-D / Ctrl-C; lines the
 * command never read come back to the shell. Drawn on a headless xterm.
 */
import { describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import { TerminalController, type Backend } from '../../../src/ui/terminal/controller';

const { Terminal } = xtermHeadless;

function setup(cols = 40) {
  const term = new Terminal({ cols, rows: 12, allowProposedApi: true, convertEol: true });
  const screen = {
    write: (d: string) => term.write(d),
    get cols() {
      return term.cols;
    },
    clear: () => term.clear(),
  };
  const runs: { id: number; text: string }[] = [];
  const inputs: { id: number; data: string | null }[] = [];
  let interrupts = 0;
  const backend: Backend = {
    run: (id, text) => void runs.push({ id, text }),
    input: (id, data) => void inputs.push({ id, data }),
    interrupt: () => void interrupts++,
    complete: async (line) => ({ from: line.length, to: line.length, candidates: [] }),
    isComplete: async () => true,
  };
  const ctl = new TerminalController(screen, backend);
  ctl.showPrompt();
  const flush = () => new Promise<void>((r) => term.write('', () => setTimeout(r, 0)));
  const lines = () => {
    const out: string[] = [];
    for (let y = 0; y <= term.buffer.active.baseY + term.buffer.active.cursorY; y++)
      out.push((term.buffer.active.getLine(y)?.translateToString(true) ?? '').trimEnd());
    return out;
  };
  return { term, ctl, runs, inputs, flush, lines, interrupts: () => interrupts };
}

async function startSession(t: ReturnType<typeof setup>, raw: boolean) {
  t.ctl.input('kubectl exec -it bb -- sh\r');
  await t.flush();
  expect(t.runs).toEqual([{ id: 1, text: 'kubectl exec -it bb -- sh' }]);
  t.ctl.termMode(1, false); // the command reads the terminal
  if (raw) t.ctl.termMode(1, true); // kubectl attached a remote TTY
  t.ctl.output(1, '/ # ');
}

describe('a command session in the terminal', () => {
  it('raw mode: the typed line is edited locally, then replaced by the remote echo', async () => {
    const t = setup();
    await startSession(t, true);
    t.ctl.input('echo hx\x7fi');
    await t.flush();
    expect(t.lines().at(-1)).toBe('/ # echo hi');
    t.ctl.input('\r');
    await t.flush();
    expect(t.inputs).toEqual([{ id: 1, data: 'echo hi\n' }]);
    // wiped: the remote pty echoes it
    expect(t.lines().at(-1)).toBe('/ #');
    t.ctl.output(1, 'echo hi\nhi\n/ # ');
    await t.flush();
    expect(t.lines().slice(-3)).toEqual(['/ # echo hi', 'hi', '/ #']);
  });

  it('cooked mode (-i): the terminal echoes the line itself', async () => {
    const t = setup();
    await startSession(t, false);
    t.ctl.input('ls\r');
    t.ctl.output(1, 'bin\n');
    await t.flush();
    expect(t.lines().slice(-3)).toEqual(['/ # ls', 'bin', '']);
    expect(t.inputs).toEqual([{ id: 1, data: 'ls\n' }]);
  });

  it('output arriving while a line is typed keeps the line below it', async () => {
    const t = setup();
    await startSession(t, true);
    t.ctl.input('ech');
    t.ctl.output(1, '\nnews\n/ # ');
    await t.flush();
    expect(t.lines().slice(-2)).toEqual(['news', '/ # ech']);
    t.ctl.input('o\r');
    expect(t.inputs).toEqual([{ id: 1, data: 'echo\n' }]);
  });

  it('Ctrl-D on an empty line is end of input; Ctrl-C goes to the worker', async () => {
    const t = setup();
    await startSession(t, true);
    t.ctl.input('x\x04'); // not empty: Ctrl-D deletes forward (nothing here), no EOF
    t.ctl.input('\x7f\x04');
    t.ctl.input('\x03');
    await t.flush();
    expect(t.inputs).toEqual([{ id: 1, data: null }]);
    expect(t.interrupts()).toBe(1);
    // raw mode: the terminal itself prints nothing for Ctrl-C (the remote pty echoes ^C)
    expect(t.lines().at(-1)).toBe('/ #');
  });

  it('keys typed before the command reads are its input; unread lines return to the shell', async () => {
    const t = setup();
    t.ctl.input('kubectl exec -i bb -- sh\r');
    await t.flush();
    t.ctl.input('pwd\r'); // typed ahead, while the session starts
    t.ctl.termMode(1, false);
    expect(t.inputs).toEqual([{ id: 1, data: 'pwd\n' }]);
    t.ctl.output(1, '/\n');
    t.ctl.input('echo later\rec');
    t.ctl.done(1, ['echo later\n']);
    await t.flush();
    // the shell runs the line the command never read; the partial line stays being typed
    expect(t.runs.map((r) => r.text)).toEqual(['kubectl exec -i bb -- sh', 'echo later']);
  });
});
