/**
 * The headless CLI: the same session (cluster + shell + kubectl) as the browser, in a terminal.
 *
 *   npm run --silent sim -- [--seed N] [--cluster kind|multinode|FILE] [--start-time ISO] [FILE|-]
 *
 * With a FILE (or `-` for stdin) it runs a transcript: each line is echoed as `$ <line>` (heredoc
 * lines as `> <line>`), followed by everything the command printed, stdout and stderr in order.
 * Simulated time only moves when a command waits (sleep, timeout, kubectl wait/rollout status),
 * so a transcript gives the same output on every run. Without a FILE it opens a prompt.
 */
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
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
      'usage: npm run --silent sim -- [--seed N] [--cluster kind|multinode|FILE] [--start-time ISO] [FILE|-]\n',
    );
    return 0;
  }
  if (opts.file !== undefined) {
    const text = opts.file === '-' ? readFileSync(0, 'utf8') : readFileSync(opts.file, 'utf8');
    return runTranscript(text, opts, (s) => process.stdout.write(s));
  }
  return repl(opts);
}

/** The interactive prompt: one shell, with history; Ctrl-C interrupts the running command. */
async function repl(opts: ReturnType<typeof parseCliArgs>): Promise<number> {
  const cli = new CliSession(opts, (s) => process.stdout.write(s), { interactive: true });
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: process.stdin.isTTY,
    historySize: 1000,
  });
  let buffer = '';
  let running: AbortController | undefined;
  rl.on('SIGINT', () => {
    if (running) running.abort('interrupt');
    else {
      buffer = '';
      process.stdout.write('^C\n');
      rl.setPrompt('$ ');
      rl.prompt();
    }
  });
  rl.setPrompt('$ ');
  rl.prompt();
  for await (const line of rl) {
    buffer += (buffer ? '\n' : '') + line;
    if (!cli.isComplete(buffer)) {
      rl.setPrompt('> ');
      rl.prompt();
      continue;
    }
    const text = buffer;
    buffer = '';
    running = new AbortController();
    await cli.run(text, running.signal);
    running = undefined;
    if (cli.exitCode() !== undefined) break;
    rl.setPrompt('$ ');
    rl.prompt();
  }
  rl.close();
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
