/**
 * Transcript runner and CLI session, separate from main.ts so tests call them in-process.
 *
 * A transcript is a shell script run line by line; each command is echoed as `$ <line>` (its
 * heredoc lines as `> <line>`), then everything it printed. Lines written right after a command
 * as `> TEXT` are what the learner types into that command while it runs (its terminal):
 *
 *   kubectl exec -it web-0 -- sh
 *   > ls /
 *   > exit 3
 *
 *   `> TEXT`  types TEXT and Enter          `>`     Enter alone
 *   `> ^D`    Ctrl-D (end of input)          `> ^C`  Ctrl-C
 *
 * Such a command gets a terminal as stdin (so `-it` allocates a TTY); one without `> ` lines has
 * an empty stdin that is not a terminal, as under `< /dev/null`. Each line is typed once the
 * command has settled at the current simulated instant (typing takes no simulated time; a line
 * typed while the container is busy waits in its input, as type-ahead does). The terminal echoes a
 * typed line itself in cooked mode (`-i` without `-t`); with a remote TTY the container's pty
 * echoes it, after its prompt. When the lines run out and the command still reads, it gets
 * Ctrl-D, then simulated time runs (at most {@link WAIT_AFTER_INPUT_MS}) for it to finish. Lines
 * left over after it read some are reported (`breakfix: N typed lines were not read …`); a command
 * that failed before reading at all (no shell in the image) drops them silently.
 */
import { TerminalInput, type Editor } from '../api/io';
import type { ClusterPreset } from '../engine/index';
import { loadPreset, PRESETS } from '../engine/index';
import { Session } from '../session/session';
import { isComplete, type Shell } from '../shell/index';
import { driveUntilSettled, PARKED } from './driver';

/** How long (simulated) a transcript waits for an interactive command after its last typed line. */
export const WAIT_AFTER_INPUT_MS = 10 * 60_000;

/** One transcript command: its lines (heredocs included) and the lines typed into it. */
export interface TranscriptCommand {
  lines: string[];
  /** `> ` lines after the command, without the prefix; undefined when there are none. */
  input?: string[];
}

/** A transcript line typed into the running command (`> TEXT`, or `>` alone for Enter). */
const INPUT_LINE = /^>(?: (.*))?$/;

export interface CliOptions {
  seed: number;
  preset: 'kind' | 'multinode' | ClusterPreset;
  startTime?: number;
  file?: string;
  help?: boolean;
}

export function parseCliArgs(argv: string[], readFile: (path: string) => string): CliOptions {
  const opts: CliOptions = { seed: 1, preset: 'kind' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--')
      ? (a.split(/=(.*)/s, 2) as [string, string | undefined])
      : [a, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--seed') {
      const v = value();
      opts.seed = Number(v);
      if (!Number.isInteger(opts.seed))
        throw new Error(`--seed must be an integer, got ${JSON.stringify(v)}`);
    } else if (flag === '--cluster') {
      const v = value();
      // a built-in preset by name (kind, multinode, the book's kind-nodeport …), else a cluster file
      opts.preset =
        v === 'kind' || v === 'multinode'
          ? v
          : Object.hasOwn(PRESETS, v)
            ? PRESETS[v]!()
            : loadPreset(readFile(v));
    } else if (flag === '--start-time') {
      const v = value();
      const t = Date.parse(v);
      if (Number.isNaN(t)) throw new Error(`--start-time must be an ISO 8601 time, got ${JSON.stringify(v)}`);
      opts.startTime = t;
    } else if (flag === '-h' || flag === '--help') opts.help = true;
    else if (a === '-' || !a.startsWith('-')) {
      if (opts.file !== undefined) throw new Error(`unexpected argument ${JSON.stringify(a)}`);
      opts.file = a;
    } else throw new Error(`unknown flag ${JSON.stringify(a)} (see --help)`);
  }
  return opts;
}

/**
 * `kubectl edit` in the CLI: like kubectl, it runs $KUBE_EDITOR (or $EDITOR) on a temporary file,
 * through the shell — e.g. `KUBE_EDITOR="sed -i s/1.24.0/1.25.3/" kubectl edit deploy web`.
 */
function shellEditor(session: Session, shell: () => Shell, signal: () => AbortSignal): Editor {
  let n = 0;
  return {
    async edit(fileName, content, _signal, env) {
      const sh = shell();
      const vars = env ?? sh.env;
      const editorCmd = vars.KUBE_EDITOR || vars.EDITOR;
      if (!editorCmd) {
        throw new Error(
          'no editor: set KUBE_EDITOR to a command that edits the file it is given (e.g. "sed -i s/old/new/")',
        );
      }
      const path = `/tmp/${fileName.replace(/\.yaml$/, '')}-${++n}.yaml`;
      session.fs.writeFile(path, content);
      let errText = '';
      const status = await sh.run(
        `${editorCmd} ${path}`,
        { stdout: () => {}, stderr: (t) => void (errText += t) },
        signal(),
      );
      if (status !== 0)
        throw new Error(
          `there was a problem with the editor "${editorCmd}"${errText ? `: ${errText.trim()}` : ''}`,
        );
      const result = session.fs.readFile(path) ?? '';
      session.fs.remove(path);
      return result;
    },
  };
}

export class CliSession {
  readonly session: Session;
  private shell: Shell;
  private currentSignal: AbortSignal = new AbortController().signal;
  /** Terminal tabs (`# tab NAME` in a transcript); the first one is `1`. */
  private readonly shells = new Map<string, Shell>();
  private tab = '1';
  /** Commands left running in a tab the transcript switched away from, and their unseen output. */
  private readonly parked = new Map<
    string,
    { ctl: AbortController; work: Promise<number>; output: string[]; done: boolean }
  >();

  constructor(
    opts: CliOptions,
    private readonly write: (s: string) => void,
    private readonly mode: { interactive: boolean } = { interactive: false },
  ) {
    this.session = new Session({
      seed: opts.seed,
      preset: opts.preset,
      startTime: opts.startTime,
      tty: false,
    });
    this.shell = this.session.newShell();
    this.shells.set('1', this.shell);
    this.session.editor = shellEditor(
      this.session,
      () => this.shell,
      () => this.currentSignal,
    );
  }

  isComplete(text: string): boolean {
    return isComplete(text);
  }

  exitCode(): number | undefined {
    return this.shell.exitRequested;
  }

  /**
   * Switch terminal tab (created on first use). The command still running in the tab left stays
   * running; what it prints meanwhile is shown when the transcript comes back to its tab.
   */
  switchTab(name: string): void {
    this.tab = name;
    let sh = this.shells.get(name);
    if (!sh) {
      sh = this.session.newShell();
      this.shells.set(name, sh);
    }
    this.shell = sh;
    const p = this.parked.get(name);
    if (p) {
      this.write(p.output.join(''));
      p.output.length = 0;
    }
  }

  /** Ctrl-C for the command left running in the current tab (before a new command is typed). */
  async interruptParked(): Promise<void> {
    const p = this.parked.get(this.tab);
    if (!p) return;
    this.parked.delete(this.tab);
    if (p.done) {
      this.write(p.output.join(''));
      return;
    }
    this.write('^C\n');
    p.ctl.abort('interrupt');
    await driveUntilSettled(this.session, p.work, { interrupt: () => {} });
    this.write(p.output.join(''));
  }

  /** Interrupt every command still running in other tabs (the end of a transcript). */
  async closeTabs(): Promise<void> {
    for (const name of [...this.parked.keys()]) {
      if (name !== this.tab) this.write(`# tab ${name}\n`);
      this.switchTab(name);
      await this.interruptParked();
    }
  }

  /**
   * Run a command line. `opts.input` are scripted lines typed into it (a transcript's `> ` lines);
   * `opts.terminal` is a live terminal the caller feeds (the interactive prompt). Either one makes
   * stdin a terminal.
   */
  async run(
    text: string,
    signal?: AbortSignal,
    opts: { park?: boolean; input?: string[]; terminal?: TerminalInput } = {},
  ): Promise<number> {
    await this.interruptParked();
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.currentSignal = ctl.signal;
    const tab = this.tab;
    const output: string[] = [];
    const emit = (t: string) => {
      if (this.tab === tab && !this.parked.has(tab)) this.write(t);
      else output.push(t);
    };
    const script = opts.input
      ? scriptedInput(opts.input, emit, () => ctl.abort('interrupt'), this.session)
      : undefined;
    const terminal = opts.terminal ?? script?.terminal;
    const io = { stdout: emit, stderr: emit, input: terminal };
    const work = this.shell.run(text, io, ctl.signal);
    const status = await driveUntilSettled(this.session, work, {
      park: () => opts.park === true,
      feed: script?.feed,
      waitAnyway: script?.waitAnyway,
      live: opts.terminal ? () => opts.terminal!.reading : undefined,
      interrupt: () => ctl.abort('interrupt'),
      onStuck: () => {
        if (!this.mode.interactive) {
          this.write(
            'breakfix: this command waits until interrupted and nothing will interrupt it here; put `timeout N` in front of it\n',
          );
        }
      },
    });
    signal?.removeEventListener('abort', onAbort);
    const unread = script?.unread() ?? 0;
    if (unread > 0 && status !== PARKED)
      this.write(
        `breakfix: ${unread} typed line${unread === 1 ? ' was' : 's were'} not read by the command\n`,
      );
    if (status === PARKED) {
      const entry = { ctl, work, output, done: false };
      this.parked.set(tab, entry);
      void work.then(() => {
        entry.done = true;
      });
      return 0;
    }
    return status;
  }
}

/**
 * The learner at the keyboard, from a script: types the next line whenever the command has
 * settled, Ctrl-D when the lines run out, and then waits a bounded time for the command to end.
 */
function scriptedInput(
  lines: string[],
  echo: (text: string) => void,
  interrupt: () => void,
  session: Session,
): { terminal: TerminalInput; feed: () => boolean; waitAnyway: () => boolean; unread: () => number } {
  const terminal = new TerminalInput();
  const queue = [...lines];
  let exhaustedAt: number | undefined;
  let typedAny = false;
  const feed = (): boolean => {
    const next = queue[0];
    // Ctrl-C is a keystroke the terminal turns into a signal: it needs no reader
    if (next === '^C') {
      queue.shift();
      if (!terminal.interrupt()) {
        echo('^C\n');
        interrupt();
      }
      return true;
    }
    if (!terminal.reading) return false;
    typedAny = true;
    if (next === undefined) {
      if (exhaustedAt !== undefined) return false;
      exhaustedAt = session.cluster.now();
      terminal.eof();
      return true;
    }
    queue.shift();
    if (next === '^D') terminal.eof();
    else {
      // cooked mode: the local terminal shows what was typed; raw: the remote pty echoes it
      if (!terminal.raw) echo(`${next}\n`);
      terminal.push(`${next}\n`);
    }
    return true;
  };
  const waitAnyway = () =>
    exhaustedAt !== undefined && session.cluster.now() - exhaustedAt < WAIT_AFTER_INPUT_MS;
  // a command that never read its terminal (it failed first) leaves the lines to nobody: no note
  const unread = () => (typedAny ? queue.length + terminal.pending : 0);
  return { terminal, feed, waitAnyway, unread };
}

/** Split a transcript into commands: a command spans several lines while its input is incomplete (heredocs, quotes). */
export function splitTranscript(text: string): string[][] {
  return parseTranscript(text).map((c) => c.lines);
}

/** Split a transcript into commands and the `> ` lines typed into each (see the header). */
export function parseTranscript(text: string): TranscriptCommand[] {
  const out: TranscriptCommand[] = [];
  let cur: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) {
    if (cur.length === 0 && line.trim() === '') continue;
    const typed = cur.length === 0 ? INPUT_LINE.exec(line) : null;
    const prev = out[out.length - 1];
    if (typed && prev && !/^#/.test(prev.lines[0]!)) {
      (prev.input ??= []).push(typed[1] ?? '');
      continue;
    }
    cur.push(line);
    if (isComplete(cur.join('\n'))) {
      out.push({ lines: cur });
      cur = [];
    }
  }
  if (cur.length) out.push({ lines: cur });
  return out;
}

/** Run a transcript, writing `$ line` echoes and output. Returns 0, or 1 if the input ended mid-command. */
export async function runTranscript(
  text: string,
  opts: CliOptions,
  write: (s: string) => void,
): Promise<number> {
  const cli = new CliSession(opts, write);
  const parsed = parseTranscript(text);
  const cmds = parsed.map((c) => c.lines);
  const tabDirective = (c: string[] | undefined) =>
    c && c.length === 1 ? /^#\s*tab\s+(\S+)\s*$/.exec(c[0]!) : null;
  for (let i = 0; i < cmds.length; i++) {
    const cmd = cmds[i]!;
    const tab = tabDirective(cmd);
    if (tab) {
      // `# tab NAME`: continue in another terminal tab (the command in this one keeps running)
      write(`# tab ${tab[1]}\n`);
      cli.switchTab(tab[1]!);
      continue;
    }
    await cli.interruptParked();
    write(`$ ${cmd[0]}\n`);
    for (const l of cmd.slice(1)) write(`> ${l}\n`);
    await cli.run(cmd.join('\n'), undefined, {
      park: tabDirective(cmds[i + 1]) !== null,
      input: parsed[i]!.input,
    });
    if (cli.exitCode() !== undefined) break;
  }
  await cli.closeTabs();
  return 0;
}
