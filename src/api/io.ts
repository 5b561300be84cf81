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
  stdin: string;
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

/** A command exits with a code: 0 success, 1 error, 2 usage, 124 timeout, 127 not found, 130 Ctrl-C. */
export type ExitCode = number;
