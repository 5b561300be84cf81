/**
 * What a command (kubectl, a shell built-in) gets from its host: streams, a file system,
 * simulated time and an editor. The browser worker and the Node CLI each implement these;
 * commands never know which host they run in.
 */
import type { KubeClient } from './client';
import type { HostNetwork } from './hostnet';

/** A small POSIX-like file system. Paths are absolute after resolution (`/root/web.yaml`). */
export interface FileSystem {
  /** Current working directory, e.g. `/root`. */
  cwd(): string;
  /** Resolve a path against cwd and `~` (the home directory). */
  resolve(path: string): string;
  readFile(path: string): string | undefined;
  writeFile(path: string, data: string): void;
  /** Entries of a directory (names only, sorted), or undefined if it is not a directory. */
  readDir(path: string): string[] | undefined;
  isDir(path: string): boolean;
  exists(path: string): boolean;
  remove(path: string): boolean;
  mkdir(path: string): void;
}

/**
 * Opens text in an editor and resolves with the saved text, or null if the editor was closed
 * without saving. `kubectl edit` uses it; the UI opens a Monaco tab, the CLI uses $EDITOR or a
 * scripted editor in tests.
 */
export interface Editor {
  /**
   * `env` is the environment of the command that asked (kubectl reads KUBE_EDITOR / EDITOR from
   * its own environment, so `KUBE_EDITOR=… kubectl edit …` must reach the editor).
   */
  edit(
    fileName: string,
    content: string,
    signal?: AbortSignal,
    env?: Record<string, string>,
  ): Promise<string | null>;
}

export interface CommandContext {
  client: KubeClient;
  /** Arguments after the command name. */
  args: string[];
  /**
   * Everything on stdin when it is not a terminal: the pipe's data, the heredoc, the `< file`.
   * Empty when stdin is the terminal: then `input` is live and the learner types into it.
   */
  stdin: string;
  /**
   * stdin as a stream. For a pipe, heredoc or file it yields `stdin` once, then EOF. For a
   * terminal (`input.terminal`) it yields each line the learner enters (with its `\n`), `null`
   * on Ctrl-D, and waits in between. Commands that hold an interactive session
   * (`kubectl exec -it`) read it; commands that want all of stdin may use `stdin` (or
   * {@link drainInput}). Absent in hosts that predate it: treat as `stringInput(stdin)`.
   */
  input?: InputStream;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  fs: FileSystem;
  env: Record<string, string>;
  /** Simulated time in ms since the Unix epoch. */
  now(): number;
  /**
   * Wait `ms` of simulated time (or until `signal` aborts). The CLI advances the clock; the
   * browser waits in wall time × speed. `Infinity` waits until the signal aborts.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Aborted on Ctrl-C or when `timeout N` expires. Long-running commands must honour it. */
  signal: AbortSignal;
  editor: Editor;
  /** True when stdin/stdout are an interactive terminal (`-it` sessions, colours). */
  tty: boolean;
  /**
   * The learner's machine's loopback network (`kubectl port-forward` listens on it, the host's
   * `curl localhost:PORT` connects to it). Absent in hosts without one: nothing listens.
   */
  host?: HostNetwork;
}

/**
 * A stream of input chunks. `read()` resolves with the next chunk, or `null` at end of input
 * (for a terminal: Ctrl-D, after which a later read may get more lines, as with a real tty), or
 * `null` when `signal` aborts. One reader at a time.
 */
export interface InputStream {
  read(signal?: AbortSignal): Promise<string | null>;
  /** True when the learner types into it (a terminal); false for pipes, heredocs and files. */
  readonly terminal: boolean;
  /**
   * Raw mode, as kubectl sets it on the local terminal while a remote TTY is attached: the
   * remote pty echoes what is typed (so the local terminal must not), and Ctrl-C is a keystroke
   * for the remote (`onInterrupt`) instead of a signal that ends the local command. Hosts still
   * edit the line locally (the simulated pty works in lines): they show it while it is typed and
   * let the remote echo replace it once sent. `undefined` restores cooked mode. No-op for
   * non-terminals.
   */
  setRaw(onInterrupt: (() => void) | undefined): void;
}

/** The input of a pipe, heredoc or file: `text` in one chunk, then EOF. */
export function stringInput(text: string): InputStream {
  let done = false;
  return {
    terminal: false,
    read: () => {
      if (done || text === '') {
        done = true;
        return Promise.resolve(null);
      }
      done = true;
      return Promise.resolve(text);
    },
    setRaw: () => {},
  };
}

/**
 * The learner's terminal as an {@link InputStream}: the host pushes each entered line (`push`)
 * and Ctrl-D (`eof`); a command reads them in order. Lines typed while nothing reads wait in the
 * queue (type-ahead), as a tty's line buffer keeps them.
 */
export class TerminalInput implements InputStream {
  private readonly queue: (string | null)[] = [];
  private waiter: ((chunk: string | null) => void) | undefined;
  private rawInterrupt: (() => void) | undefined;
  private readonly onModeChange: ((raw: boolean) => void) | undefined;
  /** Whether the command has read the terminal (until then, typed lines are the shell's type-ahead). */
  private attached = false;

  /**
   * `onModeChange` tells the host when the command first reads the terminal (the host then edits
   * and echoes typed lines for it) and when raw mode starts or ends.
   */
  constructor(
    onModeChange?: (raw: boolean) => void,
    /** False for a host whose own stdin is a pipe (the CLI fed from a file): then no TTY. */
    readonly terminal: boolean = true,
  ) {
    this.onModeChange = onModeChange;
  }

  /** True while a remote TTY owns the terminal (no local echo; Ctrl-C goes to the remote). */
  get raw(): boolean {
    return this.rawInterrupt !== undefined;
  }

  /**
   * Ctrl-C. In raw mode it goes to the remote and this returns true; otherwise it returns false
   * and the host interrupts the foreground command.
   */
  interrupt(): boolean {
    if (!this.rawInterrupt) return false;
    this.rawInterrupt();
    return true;
  }

  /** A line the learner entered, with its newline (or any chunk of typed text). */
  push(chunk: string): void {
    this.deliver(chunk);
  }

  /** Ctrl-D: the reader gets end of input. */
  eof(): void {
    this.deliver(null);
  }

  /** Whether a command is waiting for input right now (headless hosts feed scripted lines then). */
  get reading(): boolean {
    return this.waiter !== undefined;
  }

  /** Lines typed ahead that nobody has read yet. */
  get pending(): number {
    return this.queue.length;
  }

  read(signal?: AbortSignal): Promise<string | null> {
    if (!this.attached) {
      this.attached = true;
      this.onModeChange?.(this.raw);
    }
    if (this.queue.length > 0) return Promise.resolve(this.queue.shift()!);
    if (signal?.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiter !== finish) return;
        this.waiter = undefined;
        resolve(null);
      };
      const finish = (chunk: string | null) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(chunk);
      };
      this.waiter = finish;
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  setRaw(onInterrupt: (() => void) | undefined): void {
    const was = this.raw;
    this.rawInterrupt = onInterrupt;
    if (was !== this.raw && this.attached) this.onModeChange?.(this.raw);
  }

  /**
   * The lines typed that the command never read (Ctrl-Ds dropped): when it ends, they are the
   * shell's type-ahead, as with a real tty.
   */
  takeUnread(): string[] {
    const out = this.queue.filter((c): c is string => c !== null);
    this.queue.length = 0;
    return out;
  }

  private deliver(chunk: string | null): void {
    const w = this.waiter;
    if (w) {
      this.waiter = undefined;
      w(chunk);
    } else this.queue.push(chunk);
  }
}

/** Read an input stream to its end (or until `signal` aborts) as one string. */
export async function drainInput(input: InputStream, signal?: AbortSignal): Promise<string> {
  let out = '';
  for (;;) {
    const chunk = await input.read(signal);
    if (chunk === null) return out;
    out += chunk;
  }
}

/** A command exits with a code: 0 success, 1 error, 2 usage, 124 timeout, 127 not found, 130 Ctrl-C. */
export type ExitCode = number;
