/**
 * stdin as a stream (src/api/io.ts) and how the shell wires it: the terminal reaches the first
 * command of a pipeline; pipes, heredocs and `<` give text then EOF; ctx.tty follows the terminal.
 */
import { describe, expect, it } from 'vitest';
import { drainInput, stringInput, TerminalInput, type CommandContext } from '../../../src/api/io';
import { createShell, MemoryFS } from '../../../src/shell/index';
import { parseTranscript } from '../../../src/cli/transcript';

describe('InputStream', () => {
  it('a string source yields its text once, then EOF; empty is EOF at once', async () => {
    const s = stringInput('a\nb\n');
    expect(await s.read()).toBe('a\nb\n');
    expect(await s.read()).toBeNull();
    expect(await stringInput('').read()).toBeNull();
    expect(s.terminal).toBe(false);
  });

  it('a terminal delivers lines in order, waits in between, and Ctrl-D is EOF (not forever)', async () => {
    const t = new TerminalInput();
    t.push('typed ahead\n');
    expect(await t.read()).toBe('typed ahead\n');
    const pending = t.read();
    expect(t.reading).toBe(true);
    t.push('ls\n');
    expect(await pending).toBe('ls\n');
    expect(t.reading).toBe(false);
    t.eof();
    expect(await t.read()).toBeNull();
    t.push('after eof\n');
    expect(await t.read()).toBe('after eof\n');
  });

  it('a read ends with null when its signal aborts, and the next line goes to the next reader', async () => {
    const t = new TerminalInput();
    const ctl = new AbortController();
    const r = t.read(ctl.signal);
    ctl.abort();
    expect(await r).toBeNull();
    expect(t.reading).toBe(false);
    t.push('x\n');
    expect(t.pending).toBe(1);
    expect(await t.read()).toBe('x\n');
  });

  it('raw mode routes Ctrl-C to the remote and reports mode changes once the command reads', async () => {
    const modes: boolean[] = [];
    const t = new TerminalInput((raw) => modes.push(raw));
    expect(t.interrupt()).toBe(false); // cooked: the host interrupts the command
    void t.read();
    let sent = 0;
    t.setRaw(() => sent++);
    expect(t.raw).toBe(true);
    expect(t.interrupt()).toBe(true);
    expect(sent).toBe(1);
    t.setRaw(undefined);
    expect(modes).toEqual([false, true, false]);
  });

  it('unread lines are handed back (EOFs dropped); drainInput collects a stream', async () => {
    const t = new TerminalInput();
    t.push('a\n');
    t.eof();
    t.push('b\n');
    expect(t.takeUnread()).toEqual(['a\n', 'b\n']);
    expect(t.pending).toBe(0);
    const u = new TerminalInput();
    u.push('one\n');
    u.push('two\n');
    u.eof();
    expect(await drainInput(u)).toBe('one\ntwo\n');
  });
});

describe('the shell wires stdin', () => {
  function shellWith(seen: { args: string[]; stdin: string; terminal: boolean; tty: boolean }[]) {
    const sh = createShell({
      client: {
        request: async () => ({ status: 200, body: {} }),
        watch: async () => ({ ok: false }),
      } as never,
      fs: new MemoryFS('/root'),
      editor: { edit: async () => null },
      now: () => 0,
      sleep: async () => {},
      tty: false,
    });
    sh.register('probe', async (ctx: CommandContext) => {
      const input = ctx.input!;
      seen.push({ args: ctx.args, stdin: ctx.stdin, terminal: input.terminal, tty: ctx.tty });
      // read one chunk, as an interactive command does
      const chunk = await input.read();
      ctx.stdout(`got ${JSON.stringify(chunk)}\n`);
      return 0;
    });
    return sh;
  }
  const io = (out: string[], input?: TerminalInput) => ({
    stdout: (t: string) => void out.push(t),
    stderr: (t: string) => void out.push(t),
    input,
  });

  it('the first command of a pipeline reads the terminal; the next one reads the pipe', async () => {
    const seen: { args: string[]; stdin: string; terminal: boolean; tty: boolean }[] = [];
    const sh = shellWith(seen);
    const term = new TerminalInput();
    term.push('hello\n');
    const out: string[] = [];
    await sh.run('probe 1 | probe 2', io(out, term), new AbortController().signal);
    expect(seen).toEqual([
      { args: ['1'], stdin: '', terminal: true, tty: true },
      { args: ['2'], stdin: 'got "hello\\n"\n', terminal: false, tty: false },
    ]);
    expect(out.join('')).toBe('got "got \\"hello\\\\n\\"\\n"\n');
  });

  it('heredocs and `<` replace the terminal; without a terminal stdin is empty', async () => {
    const seen: { args: string[]; stdin: string; terminal: boolean; tty: boolean }[] = [];
    const sh = shellWith(seen);
    const out: string[] = [];
    await sh.run('probe a <<EOF\nline\nEOF', io(out, new TerminalInput()), new AbortController().signal);
    await sh.run(
      'echo x > /root/f; probe b < /root/f',
      io(out, new TerminalInput()),
      new AbortController().signal,
    );
    await sh.run('probe c', io(out), new AbortController().signal);
    expect(seen.map((s) => [s.args[0], s.stdin, s.terminal])).toEqual([
      ['a', 'line\n', false],
      ['b', 'x\n', false],
      ['c', '', false],
    ]);
    expect(out).toEqual(['got "line\\n"\n', 'got "x\\n"\n', 'got null\n']);
  });
});

describe('transcript notation', () => {
  it('`> ` lines after a command are typed into it; heredoc lines stay the command', () => {
    const cmds = parseTranscript(
      [
        'kubectl exec -it web -- sh',
        '> ls /',
        '>',
        '> ^D',
        'cat <<EOF',
        '> not input: inside a heredoc',
        'EOF',
        'echo done',
      ].join('\n'),
    );
    expect(cmds).toEqual([
      { lines: ['kubectl exec -it web -- sh'], input: ['ls /', '', '^D'] },
      { lines: ['cat <<EOF', '> not input: inside a heredoc', 'EOF'] },
      { lines: ['echo done'] },
    ]);
  });
});
