/**
 * Lesson state in saved sessions: the session snapshot names the lesson it plays (version 2,
 * with version-1 snapshots migrated), and the page's saved progress is read defensively.
 */
import { describe, expect, it } from 'vitest';
import { PROGRESS_VERSION } from '../../../src/lessons/progress';
import { parseSessionSnapshot, SESSION_FORMAT, SESSION_VERSION } from '../../../src/session/snapshot';
import { migrate } from '../../../src/ui/persist/savedState';
import { bookFromSaved } from '../../../src/ui/lesson/store';

const v1 = { format: SESSION_FORMAT, version: 1, preset: 'kind', seed: 1, journal: [{ t: 'adv', ms: 5 }], now: 5 };

describe('session snapshots and lessons', () => {
  it('reads a version-1 snapshot as a session without a lesson', () => {
    const s = parseSessionSnapshot(v1);
    expect(s.version).toBe(SESSION_VERSION);
    expect(SESSION_VERSION).toBe(2);
    expect(s.lesson).toBeUndefined();
    expect(s.journal).toEqual([{ t: 'adv', ms: 5 }]);
  });

  it('keeps the lesson of a version-2 snapshot and refuses a newer version', () => {
    expect(parseSessionSnapshot({ ...v1, version: 2, lesson: 'ch05-image-pull' }).lesson).toBe('ch05-image-pull');
    expect(parseSessionSnapshot({ ...v1, version: 2, lesson: 42 }).lesson).toBeUndefined();
    expect(() => parseSessionSnapshot({ ...v1, version: 3 })).toThrow(/unsupported session version 3/);
    expect(() => parseSessionSnapshot({ ...v1, version: 0 })).toThrow(/unsupported/);
  });

  it('carries the lesson and the progress through a saved page state', () => {
    const progress = {
      v: PROGRESS_VERSION,
      lessonId: 'ch05-image-pull',
      current: 'wrong-tag',
      steps: { plan: { done: true, hints: 0 }, 'wrong-tag': { done: false, hints: 2 } },
      finished: false,
    };
    const state = migrate({
      version: 1,
      session: { ...v1, version: 2, lesson: 'ch05-image-pull' },
      terminals: { active: '1', tabs: [{ id: '1', history: [], screen: '' }] },
      editor: { active: null, tabs: [] },
      lessons: { progress: { 'ch05-image-pull': progress, broken: { v: 99 }, other: progress }, completed: ['ch04-first-pod'] },
      prefs: {},
    });
    expect(state.session?.lesson).toBe('ch05-image-pull');
    const book = bookFromSaved(state.lessons);
    // Unreadable entries and entries filed under another lesson's id are dropped.
    expect(Object.keys(book.lessons)).toEqual(['ch05-image-pull']);
    expect(book.lessons['ch05-image-pull']!.steps['wrong-tag']!.hints).toBe(2);
    expect(state.lessons.completed).toEqual(['ch04-first-pod']);
  });
});
