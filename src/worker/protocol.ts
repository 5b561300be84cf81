/**
 * The typed, versioned protocol between the UI (main thread) and the worker that runs the
 * session (engine + shells). Every message carries `v`; a worker and a page of different
 * versions refuse each other instead of misreading.
 *
 * Streams (one-way):
 *   UI → worker: init, run, input (terminal input for the running command), interrupt,
 *                closeTab, setSpeed, step, editorResult, lessonStart/lessonAction (the lesson panel)
 *   worker → UI: ready (the one full snapshot, on start or reset), tick (the changes of one tick),
 *                output/done/clear/termMode (a tab's terminal), editorOpen/editorClose (kubectl edit),
 *                progress (restoring a saved session), lesson (the lesson's view)
 * Requests with a reply: `rpc` → `rpcResult`, typed by {@link RpcMethods}.
 */
import type { ChangeEntry } from '../api/changeset';
import type { KubeObject } from '../api/types';
import type { LessonView } from '../lessons/runtime';
import type { LessonProgress } from '../lessons/progress';
import type { Lesson } from '../lessons/types';
import type { JournalEntry, SessionSnapshot } from '../session/snapshot';

export const PROTOCOL_VERSION = 4;
type V = { v: typeof PROTOCOL_VERSION };

/**
 * One object as the UI mirror holds it: the API object, plus the cells of the server-side
 * printer's row (`kubectl get`'s READY, STATUS, RESTARTS … by column name). The UI shows the
 * STATUS the printer computes and never re-derives it.
 */
export interface WireObject {
  object: KubeObject;
  cells?: Record<string, string>;
}

/**
 * A ChangeSet entry on the wire: `from` is dropped (the mirror has it) and the printer cells are
 * attached. Several changes of one object within a tick are merged into the last one.
 */
export type WireChange = Pick<ChangeEntry, 'op' | 'time' | 'resourceVersion'> & WireObject;

/** Faults the engine offers (engineer K1 adds them to the Cluster); the UI disables the rest. */
export interface Capabilities {
  killContainer: boolean;
  stopNode: boolean;
  startNode: boolean;
  /** The scheduler's per-node decision record for a pod. */
  schedulerDecisions: boolean;
}

export type ActionName =
  | 'deletePod'
  | 'delete'
  | 'cordon'
  | 'uncordon'
  | 'killContainer'
  | 'stopNode'
  | 'startNode'
  /** `kubectl edit` of the object: answered when the editor tab is saved or closed. */
  | 'edit';
export type InspectWhat = 'yaml' | 'describe' | 'logs' | 'scheduling';
export type FileVerb = 'apply' | 'diff' | 'delete';

export interface CompletionResult {
  /** The range of the line the candidates replace (the word under the cursor). */
  from: number;
  to: number;
  candidates: string[];
}

export interface CommandResult {
  /** The command line that ran, as a learner would type it. */
  command: string;
  /** stdout and stderr interleaved, as a terminal would show them. */
  output: string;
  status: number;
}

/** Requests that expect an answer. */
export interface RpcMethods {
  /** Tab completion from live cluster state. `line` is the text before the cursor. */
  complete: { params: { tab: string; line: string }; result: CompletionResult };
  /** Whether the text is a complete command (else the terminal reads another line: heredocs, quotes). */
  isComplete: { params: { text: string }; result: boolean };
  /** Run a command line in a hidden shell and collect its output. */
  exec: { params: { text: string }; result: CommandResult };
  /** `kubectl get -o yaml` / `describe` / `logs` of one object, for the inspector. */
  inspect: { params: { uid: string; what: InspectWhat }; result: CommandResult };
  /** A context-menu action on one object. */
  action: { params: { action: ActionName; uid: string; container?: string }; result: CommandResult };
  /** Write the editor buffer to the session's file system, then `kubectl <verb> -f <path>`. */
  applyFile: { params: { path: string; text: string; verb: FileVerb }; result: CommandResult };
  writeFile: { params: { path: string; text: string }; result: null };
  readFile: { params: { path: string }; result: string | null };
  /** The JSON schema of every kind, shared with the engine's strict decoding (for monaco-yaml). */
  schema: { params: Record<string, never>; result: unknown };
  /** The session as a replayable snapshot (export, share link). */
  snapshot: { params: Record<string, never>; result: SessionSnapshot };
}
export type RpcMethod = keyof RpcMethods;

/** What the learner does in the lesson panel (src/worker/lessons.ts). */
export type LessonAction =
  | { action: 'next' }
  | { action: 'skip' }
  | { action: 'hint' }
  | { action: 'answer'; choice: string }
  /** Leave the lesson; the cluster stays as it is. */
  | { action: 'stop' };

export type ToWorker = V &
  (
    | { type: 'init'; preset: string; seed: number; speed: number; snapshot?: SessionSnapshot }
    | { type: 'run'; tab: string; id: number; text: string }
    /**
     * What the learner entered while command `id` runs in `tab` (v4): a line with its `\n`, or
     * null for Ctrl-D (end of input). The worker hands it to the command's stdin.
     */
    | { type: 'input'; tab: string; id: number; data: string | null }
    /** Ctrl-C: interrupts the command, or in raw mode (`-it` sessions) goes to the remote. */
    | { type: 'interrupt'; tab: string }
    | { type: 'closeTab'; tab: string }
    | { type: 'setSpeed'; speed: number }
    | { type: 'step'; ms: number }
    | { type: 'editorResult'; n: number; text: string | null }
    /**
     * Play a lesson on the current session (v3). `restored`: the session was replayed from a
     * snapshot that already holds the lesson's start state and the steps done.
     */
    | { type: 'lessonStart'; lesson: Lesson; progress?: LessonProgress; restored: boolean }
    | ({ type: 'lessonAction' } & LessonAction)
    | { [M in RpcMethod]: { type: 'rpc'; id: number; method: M; params: RpcMethods[M]['params'] } }[RpcMethod]
  );

export type FromWorker = V &
  (
    | {
        type: 'ready';
        now: number;
        speed: number;
        preset: string;
        seed: number;
        /** Preset names the worker can start. */
        presets: string[];
        objects: WireObject[];
        capabilities: Capabilities;
        /** The journal so far (after a restore: the replayed one plus what the restore added). */
        journal: JournalEntry[];
      }
    | { type: 'progress'; done: number; total: number }
    | {
        type: 'tick';
        now: number;
        speed: number;
        changes: WireChange[];
        /** Replace `journal[from..]` with `entries`. */
        journal?: { from: number; entries: JournalEntry[] };
      }
    | { type: 'output'; tab: string; id: number; text: string }
    /** The command ended; `unread`: lines typed into it that it never read (the shell's type-ahead, v4). */
    | { type: 'done'; tab: string; id: number; status: number; unread?: string[] }
    | { type: 'clear'; tab: string }
    /**
     * The running command put the terminal in raw mode (a remote TTY echoes typed lines and gets
     * Ctrl-C) or back to cooked mode (the terminal echoes; Ctrl-C interrupts) (v4).
     */
    | { type: 'termMode'; tab: string; id: number; raw: boolean }
    /** kubectl edit asks the UI to open `content` in a tab; answer with editorResult. */
    | { type: 'editorOpen'; n: number; fileName: string; content: string }
    /** The edit was abandoned (Ctrl-C): close its tab. */
    | { type: 'editorClose'; n: number }
    | { type: 'rpcResult'; id: number; ok: true; result: unknown }
    | { type: 'rpcResult'; id: number; ok: false; error: string }
    | { type: 'fatal'; message: string }
    /** The lesson panel's view and the progress to save (v3); null when no lesson runs. */
    | { type: 'lesson'; view: LessonView | null; progress: LessonProgress | null }
  );

export type ToWorkerOf<T extends ToWorker['type']> = Extract<ToWorker, { type: T }>;
export type FromWorkerOf<T extends FromWorker['type']> = Extract<FromWorker, { type: T }>;
