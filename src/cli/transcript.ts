/**
 * Transcript runner and CLI session, separate from main.ts so tests call them in-process.
 */
import type { Editor } from '../api/io';
import type { ClusterPreset } from '../engine/index';
import { loadPreset } from '../engine/index';
import { Session } from '../session/session';
import { isComplete, type Shell } from '../shell/index';
import { driveUntilSettled, PARKED } from './driver';

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
      opts.preset = v === 'kind' || v === 'multinode' ? v : loadPreset(readFile(v));
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

  async run(text: string, signal?: AbortSignal, opts: { park?: boolean } = {}): Promise<number> {
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
    const io = { stdout: emit, stderr: emit };
    const work = this.shell.run(text, io, ctl.signal);
    const status = await driveUntilSettled(this.session, work, {
      park: () => opts.park === true,
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

/** Split a transcript into commands: a command spans several lines while its input is incomplete (heredocs, quotes). */
export function splitTranscript(text: string): string[][] {
  const out: string[][] = [];
  let cur: string[] = [];
  for (const line of text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n')) {
    if (cur.length === 0 && line.trim() === '') continue;
    cur.push(line);
    if (isComplete(cur.join('\n'))) {
      out.push(cur);
      cur = [];
    }
  }
  if (cur.length) out.push(cur);
  return out;
}

/** Run a transcript, writing `$ line` echoes and output. Returns 0, or 1 if the input ended mid-command. */
export async function runTranscript(
  text: string,
  opts: CliOptions,
  write: (s: string) => void,
): Promise<number> {
  const cli = new CliSession(opts, write);
  const cmds = splitTranscript(text);
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
    await cli.run(cmd.join('\n'), undefined, { park: tabDirective(cmds[i + 1]) !== null });
    if (cli.exitCode() !== undefined) break;
  }
  await cli.closeTabs();
  return 0;
}
