/**
 * What the shell needs from its host (the browser worker or the Node CLI), and the shape of a
 * command it can run. Commands receive a CommandContext (src/api/io.ts); kubectl is one of them.
 */
import type { KubeClient } from '../api/client';
import type { CommandContext, Editor, ExitCode, FileSystem, InputStream } from '../api/io';
import type { HostNetwork } from '../api/hostnet';

export interface ShellHost {
  client: KubeClient;
  fs: FileSystem;
  editor: Editor;
  /** Simulated time in ms. */
  now(): number;
  /** Wait for simulated time (see CommandContext.sleep). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** True for an interactive terminal. */
  tty: boolean;
  /** Clear the terminal screen (`clear`, Ctrl-L). Hosts without a screen ignore it. */
  clearScreen?(): void;
  /** The machine's loopback network (port-forward, curl localhost), shared by the session's tabs. */
  host?: HostNetwork;
}

export interface ShellIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** The terminal's input while the command runs (absent: stdin is empty, as `< /dev/null`). */
  input?: InputStream;
}

/** A command the shell can run. `shell` is given to the few built-ins that change shell state. */
export type CommandFn = (ctx: CommandContext, shell: ShellState) => Promise<ExitCode>;

/** The part of the shell that built-ins may read and change. */
export interface ShellState {
  env: Record<string, string>;
  history: readonly string[];
  lastStatus: number;
  commandNames(): string[];
  /** Set by `exit`: the host decides what ending a session means. */
  exitRequested: number | undefined;
  clearScreen(): void;
  /** Run a command by name (for `timeout` and similar wrappers). */
  exec(
    argv: string[],
    env: Record<string, string>,
    streams: {
      stdin: string;
      input?: InputStream;
      stdout: (s: string) => void;
      stderr: (s: string) => void;
    },
    signal: AbortSignal,
  ): Promise<ExitCode>;
}
