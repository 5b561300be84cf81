/**
 * What survives a reload: the session (as a replayable journal), the terminal tabs with their
 * history and screens, the editor's file tabs, lesson progress and the page's preferences.
 *
 * Saved data carries `version`. When the shape changes, bump STATE_VERSION and add a migration
 * from the previous version to MIGRATIONS; `migrate` runs them in order, so a state saved by any
 * older release loads. A state from a newer release (or garbage) is refused, never half-read.
 */
import { parseSessionSnapshot, type SessionSnapshot } from '../../session/snapshot';
import type { Prefs } from '../state/prefs';

export const STATE_VERSION = 1;

export interface SavedTerminal {
  id: string;
  history: string[];
  /** The screen's text (scrollback included, without colours), shown again after a reload. */
  screen: string;
}

export interface SavedEditorTab {
  id: string;
  path: string;
  content: string;
  /** The content last written to the session's file system. */
  saved: string;
}

export interface SavedState {
  version: typeof STATE_VERSION;
  session: SessionSnapshot | null;
  terminals: { active: string; tabs: SavedTerminal[] };
  editor: { active: string | null; tabs: SavedEditorTab[] };
  /**
   * Lesson progress by lesson id (src/lessons/progress.ts LessonProgress; unreadable entries are
   * dropped when loaded) and the lessons finished at least once. The lesson being played is
   * part of the session (SessionSnapshot.lesson).
   */
  lessons: { progress: Record<string, unknown>; completed?: string[] };
  prefs: Partial<Prefs>;
}

type Migration = (old: Record<string, unknown>) => Record<string, unknown>;

/**
 * MIGRATIONS[n] turns a version-n state into a version-(n+1) one. Version 1 is the first saved
 * format, so there is nothing to migrate yet; the first change adds `1: (s) => ({ ...s, … })`.
 */
export const MIGRATIONS: Record<number, Migration> = {};

export function emptyState(prefs: Partial<Prefs> = {}): SavedState {
  return {
    version: STATE_VERSION,
    session: null,
    terminals: { active: '1', tabs: [{ id: '1', history: [], screen: '' }] },
    editor: { active: null, tabs: [] },
    lessons: { progress: {} },
    prefs,
  };
}

/** Bring any saved state up to STATE_VERSION, or throw a readable error. */
export function migrate(
  raw: unknown,
  migrations: Record<number, Migration> = MIGRATIONS,
  target: number = STATE_VERSION,
): SavedState {
  if (!raw || typeof raw !== 'object') throw new Error('saved state is not an object');
  let s = raw as Record<string, unknown>;
  let version = s.version;
  if (typeof version !== 'number' || !Number.isInteger(version))
    throw new Error('saved state has no version');
  if (version > target) throw new Error(`saved state version ${version} is newer than this page (${target})`);
  while (version < target) {
    const m = migrations[version];
    if (!m) throw new Error(`no migration from saved state version ${version}`);
    s = { ...m(s), version: version + 1 };
    version += 1;
  }
  return validate(s);
}

function validate(s: Record<string, unknown>): SavedState {
  const base = emptyState();
  const terminals = s.terminals as SavedState['terminals'] | undefined;
  const editor = s.editor as SavedState['editor'] | undefined;
  return {
    version: STATE_VERSION,
    session: s.session ? parseSessionSnapshot(s.session) : null,
    terminals: terminals?.tabs?.length ? terminals : base.terminals,
    editor: editor?.tabs ? editor : base.editor,
    lessons: (s.lessons as SavedState['lessons']) ?? base.lessons,
    prefs: (s.prefs as Partial<Prefs>) ?? {},
  };
}
