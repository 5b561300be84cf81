/**
 * Saving and restoring a session by replaying what the learner did.
 *
 * Why a journal and not a dump of the objects: a cluster is more than its API objects. Creating
 * them again through the client would give them new uids, timestamps and resourceVersions,
 * controllers would react to the re-creation, and whatever the components hold in memory
 * (container processes, restart back-offs, logs, queues) would be lost. The engine, however, is
 * deterministic: the same seed, preset and inputs give the same cluster, byte for byte
 * (ARCHITECTURE.md, "Determinism"). So a session is saved as its inputs — commands, Ctrl-C,
 * editor saves, file writes, UI actions and how far simulated time moved between them — and
 * restored by running them again on a fresh cluster. The result has the same names, uids, logs
 * and clock as before the reload, and the journal is small enough for a share link.
 *
 * The cost is replay time, which grows with the simulated time of the session; an engine-level
 * snapshot (store + clock + component state) would make restore constant-time. Reported to the
 * lead as a possible engine feature.
 *
 * Pure code: the host gives the replay its effects and a way to yield to its event loop.
 */
import type { ApiRequest } from '../api/client';

export const SESSION_FORMAT = 'breakfix/session';
/**
 * 2: `lesson` (the lesson this session plays). A version-1 snapshot is read as a session
 * without a lesson (see `migrateSnapshot`).
 */
export const SESSION_VERSION = 2;

/** One input to the session, in the order the host received it. */
export type JournalEntry =
  /** Simulated time moved by `ms` (a tick, a step, or several idle ticks merged). */
  | { t: 'adv'; ms: number }
  /** A command line was run in a terminal tab (tabs starting with `~` are hidden shells). */
  | { t: 'run'; tab: string; id: number; text: string }
  /** Ctrl-C in a tab. */
  | { t: 'int'; tab: string }
  /** Terminal input for the command running in a tab: a line, or null for Ctrl-D. */
  | { t: 'in'; tab: string; data: string | null }
  /** A tab was closed: its shell is dropped. */
  | { t: 'close'; tab: string }
  /** The editor answered `kubectl edit`'s n-th request (null: closed without saving). */
  | { t: 'edit'; n: number; text: string | null }
  /** The editor wrote a file into the session's file system. */
  | { t: 'write'; path: string; text: string }
  /** A UI action sent one API request (delete a pod, cordon a node …). */
  | { t: 'req'; req: ApiRequest }
  /** A fault injected through the engine (kill a container, stop a node …). */
  | { t: 'fault'; action: string; target: Record<string, string> };

export interface SessionSnapshot {
  format: typeof SESSION_FORMAT;
  version: number;
  /** Preset name as the worker knows it (`kind`, `kind-multinode` …). */
  preset: string;
  seed: number;
  journal: JournalEntry[];
  /** Simulated time when the snapshot was taken (checked after a replay). */
  now: number;
  /**
   * The lesson played on this session (version 2): its start state and injected faults are in
   * the journal, so a restored session resumes the lesson instead of starting it over.
   */
  lesson?: string;
}

/** SNAPSHOT_MIGRATIONS[n] turns a version-n snapshot into a version-(n+1) one. */
const SNAPSHOT_MIGRATIONS: Record<number, (s: Record<string, unknown>) => Record<string, unknown>> = {
  // Version 1 had no lessons: nothing to add (`lesson` is optional).
  1: (s) => ({ ...s }),
};

function migrateSnapshot(d: Record<string, unknown>): Record<string, unknown> {
  let s = d;
  for (let v = d.version as number; v < SESSION_VERSION; v++) {
    const m = SNAPSHOT_MIGRATIONS[v];
    if (!m) throw new Error(`no migration from session version ${v}`);
    s = { ...m(s), version: v + 1 };
  }
  return s;
}

/**
 * Records the journal. Consecutive advances are merged while no command is running, which keeps
 * an idle hour down to one entry. While a command waits on the clock, every tick stays its own
 * entry: a sleeping command wakes after the `advance` that reached its deadline returns, so the
 * tick boundaries decide when it continues and must be replayed exactly.
 */
export class JournalRecorder {
  readonly entries: JournalEntry[];
  /** The first index changed since the last `takeDelta` (entries before it are final). */
  private dirtyFrom: number;
  /** Whether the last entry is an advance that later idle advances may extend. */
  private lastMergeable = false;

  constructor(entries: JournalEntry[] = []) {
    this.entries = entries;
    this.dirtyFrom = entries.length;
  }

  advance(ms: number, mergeable: boolean): void {
    if (ms <= 0) return;
    const last = this.entries[this.entries.length - 1];
    if (mergeable && last?.t === 'adv' && this.lastMergeable) {
      last.ms += ms;
      this.dirtyFrom = Math.min(this.dirtyFrom, this.entries.length - 1);
    } else {
      this.push({ t: 'adv', ms });
    }
    this.lastMergeable = mergeable;
  }

  push(entry: JournalEntry): void {
    this.entries.push(entry);
    this.dirtyFrom = Math.min(this.dirtyFrom, this.entries.length - 1);
    this.lastMergeable = false;
  }

  /** What changed since the last call: replace `entries[from..]` with these. */
  takeDelta(): { from: number; entries: JournalEntry[] } | undefined {
    if (this.dirtyFrom >= this.entries.length) return undefined;
    const from = this.dirtyFrom;
    this.dirtyFrom = this.entries.length;
    return { from, entries: this.entries.slice(from).map((e) => ({ ...e })) };
  }
}

/** Apply a journal delta to a copy kept elsewhere (the UI keeps one to save it). */
export function applyJournalDelta(
  journal: JournalEntry[],
  delta: { from: number; entries: JournalEntry[] },
): void {
  journal.length = Math.min(journal.length, delta.from);
  journal.push(...delta.entries);
}

/** The effects of a replay: the host's own handlers for each kind of input. */
export interface ReplayTarget {
  apply(entry: JournalEntry): void | Promise<void>;
  /** True while some command is running (then every entry is followed by a turn of the event loop). */
  busy(): boolean;
}

/**
 * Run a journal again. After each entry, while commands are running, the replay yields to the
 * event loop so that their continuations run before the next input — as they did live, where
 * every input arrived as its own message.
 */
export async function replayJournal(
  journal: readonly JournalEntry[],
  target: ReplayTarget,
  yieldToLoop: () => Promise<void>,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  for (let i = 0; i < journal.length; i++) {
    await target.apply(journal[i]!);
    if (target.busy() || journal[i]!.t !== 'adv') await yieldToLoop();
    if (onProgress && (i % 200 === 199 || i === journal.length - 1)) onProgress(i + 1, journal.length);
  }
}

/** Checks a parsed file or link and returns it as a snapshot, or throws a readable error. */
export function parseSessionSnapshot(data: unknown): SessionSnapshot {
  if (!data || typeof data !== 'object') throw new Error('not an object');
  const d = data as Partial<SessionSnapshot>;
  if (d.format !== SESSION_FORMAT) throw new Error(`format is not ${SESSION_FORMAT}`);
  if (
    typeof d.version !== 'number' ||
    !Number.isInteger(d.version) ||
    d.version < 1 ||
    d.version > SESSION_VERSION
  )
    throw new Error(`unsupported session version ${String(d.version)}`);
  const m = migrateSnapshot(d as Record<string, unknown>) as Partial<SessionSnapshot>;
  if (typeof m.preset !== 'string' || typeof m.seed !== 'number' || !Array.isArray(m.journal))
    throw new Error('preset, seed or journal missing');
  const out: SessionSnapshot = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    preset: m.preset,
    seed: m.seed,
    journal: m.journal as JournalEntry[],
    now: typeof m.now === 'number' ? m.now : 0,
  };
  if (typeof m.lesson === 'string' && m.lesson) out.lesson = m.lesson;
  return out;
}
