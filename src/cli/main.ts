/**
 * The headless CLI: the same session (cluster + shell + kubectl) as the browser, in a terminal.
 *
 *   npm run --silent sim -- [--seed N] [--cluster kind|multinode|kind-nodeport|multinode-nodeport|FILE] [--start-time ISO] [FILE|-]
 *
 * With a FILE (or `-` for stdin) it runs a transcript: each line is echoed as `$ <line>` (heredoc
 * lines as `> <line>`), followed by everything the command printed, stdout and stderr in order.
 * Simulated time only moves when a command waits (sleep, timeout, kubectl wait/rollout status),
 * so a transcript gives the same output on every run. Without a FILE it opens a prompt. Lines
 * `> TEXT` after a command are typed into it (see transcript.ts for the notation).
 */
import { readFileSync } from 'node:fs';
import { createInterface, type Interface } from 'node:readline';
import { TerminalInput } from '../api/io';
import { parseCliArgs, runTranscript, CliSession } from './transcript';

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseCliArgs(process.argv.slice(2), (p) => readFileSync(p, 'utf8'));
  } catch (e) {
    process.stderr.write(`breakfix: ${(e as Error).message}\n`);
    return 2;
  }
  if (opts.help) {
    process.stdout.write(
      'usage: npm run --silent sim -- [--seed N] [--cluster kind|multinode|kind-nodeport|multinode-nodeport|FILE] [--start-time ISO] [FILE|-]\n',
    );
    return 0;
  }
  if (opts.file !== undefined) {
    const text = opts.file === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.file, 'utf8');
    return runTranscript(text, opts, (s) => process.stdout.write(s));
  }
  return repl(opts);
}

/**
 * The interactive prompt: one shell, with history; Ctrl-C interrupts the running command. While
 * a command runs, each line entered is its terminal input and Ctrl-D is end of input; a
 * command with a remote TTY (`kubectl exec -it`) gets Ctrl-C as a keystroke and echoes lines
 * itself, so the line the local terminal echoed is wiped.
 */
async function repl(opts: ReturnType<typeof parseCliArgs>): Promise<number> {
  /** The output since the last line break (a container's prompt the typed line follows). */
  let tail = '';
  let rl!: Interface;
  const write = (s: string) => {
    process.stdout.write(s);
    const brk = s.lastIndexOf('\n');
    tail = brk >= 0 ? s.slice(brk + 1) : tail + s;
    // readline redraws its line from the left edge: the command's prompt must be its prompt
    if (running && isTTY && rl) rl.setPrompt(tail);
  };
  const cli = new CliSession(opts, write, { interactive: true });
  const isTTY = process.stdin.isTTY === true;
  let buffer = '';
  let running: { ctl: AbortController; terminal: TerminalInput } | undefined;
  let finished!: () => void;
  const ended = new Promise<void>((r) => (finished = r));
  /** stdin (a file or pipe) has ended: the last command gets EOF, then the prompt ends. */
  let inputEnded = false;

  const prompt = (p: string) => {
    rl.setPrompt(p);
    rl.prompt();
  };
  const start = (text: string) => {
    const terminal = new TerminalInput(undefined, isTTY);
    const ctl = new AbortController();
    running = { ctl, terminal };
    rl.setPrompt('');
    void cli.run(text, ctl.signal, { terminal }).then(() => {
      running = undefined;
      // lines typed that the command never read are the shell's type-ahead
      const ahead = terminal.takeUnread();
      if (cli.exitCode() !== undefined) return finished();
      prompt('$ ');
      for (const l of ahead) onLine(l.replace(/\n$/, ''));
      if (inputEnded) {
        // onLine may have started the next command (TS cannot see that through the closure)
        const next = running as { terminal: TerminalInput } | undefined;
        if (next) next.terminal.eof();
        else finished();
      }
    });
  };
  const onLine = (line: string) => {
    if (running) {
      const { terminal } = running;
      // raw mode: the remote pty echoes the line; wipe the copy the local terminal wrote
      if (terminal.raw && isTTY && process.stdout.isTTY) process.stdout.write(`\x1b[1A\r\x1b[2K${tail}`);
      else tail = '';
      terminal.push(line + '\n');
      return;
    }
    buffer += (buffer ? '\n' : '') + line;
    if (!cli.isComplete(buffer)) return prompt('> ');
    const text = buffer;
    buffer = '';
    start(text);
  };
  const open = () => {
    rl = createInterface({
      input: process.stdin,
      output: process.stdout,
      terminal: isTTY,
      historySize: 1000,
    });
    rl.on('line', onLine);
    rl.on('SIGINT', () => {
      if (running) {
        if (!running.terminal.interrupt()) running.ctl.abort('interrupt');
      } else {
        buffer = '';
        process.stdout.write('^C\n');
        prompt('$ ');
      }
    });
    rl.on('close', () => {
      // Ctrl-D: end of input for the running command (the prompt goes on), else leave
      if (running && isTTY) {
        running.terminal.eof();
        open();
        rl.setPrompt('');
      } else if (running) {
        // the input file ended: the command gets EOF and the prompt ends after it
        inputEnded = true;
        running.terminal.eof();
      } else finished();
    });
  };
  open();
  prompt('$ ');
  await ended;
  return cli.exitCode() ?? 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(
      `breakfix: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.exit(70);
  },
);
