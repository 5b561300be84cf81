/**
 * Transcript runner and CLI session, separate from main.ts so tests call them in-process.
 */
import type { Editor } from '../api/io';
import type { ClusterPreset } from '../engine/index';
import { loadPreset } from '../engine/index';
import { Session } from '../session/session';
import { isComplete, type Shell } from '../shell/index';
import { driveUntilSettled } from './driver';

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
  private readonly shell: Shell;
  private currentSignal: AbortSignal = new AbortController().signal;

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

  async run(text: string, signal?: AbortSignal): Promise<number> {
    const ctl = new AbortController();
    const onAbort = () => ctl.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    this.currentSignal = ctl.signal;
    const io = { stdout: this.write, stderr: this.write };
    const work = this.shell.run(text, io, ctl.signal);
    const status = await driveUntilSettled(this.session, work, {
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
  for (const cmd of splitTranscript(text)) {
    write(`$ ${cmd[0]}\n`);
    for (const l of cmd.slice(1)) write(`> ${l}\n`);
    await cli.run(cmd.join('\n'));
    if (cli.exitCode() !== undefined) break;
  }
  return 0;
}
