/**
 * The lesson panel's state, outside React: the chapter map, saved progress, and the lesson the
 * session plays (its content and the view the worker's runtime posts).
 *
 * A lesson owns its cluster: opening one starts a fresh cluster of the lesson's preset (as
 * the top bar's Reset does) and then asks the worker to start the lesson on it. The session's
 * snapshot names the lesson (SessionSnapshot.lesson), so a reload or an import resumes it on
 * the replayed cluster instead of starting it again.
 *
 * Progress (a ProgressBook: per lesson, the current step, steps done, hints shown, answers) is
 * saved with the page's state (SavedState.lessons) and travels in exports and share links.
 */
import { createStore } from 'zustand/vanilla';
import type { Catalog } from '../../lessons/catalog';
import {
  emptyBook,
  parseLessonProgress,
  withLesson,
  type LessonProgress,
  type ProgressBook,
} from '../../lessons/progress';
import type { LessonView } from '../../lessons/runtime';
import type { Lesson } from '../../lessons/types';
import type { LessonAction } from '../../worker/protocol';
import type { SavedState } from '../persist/savedState';
import type { Runtime } from '../runtime';

export interface LessonState {
  catalog: Catalog | null;
  catalogError: string | null;
  book: ProgressBook;
  /** Lessons finished at least once (a reset lesson keeps its mark on the map). */
  completed: string[];
  /** The lesson the session plays. */
  active: string | null;
  /** Its texts and files, once loaded. */
  lesson: Lesson | null;
  view: LessonView | null;
  /** Opening a lesson: loading its files or starting its cluster. */
  opening: string | null;
  error: string | null;
  /** The chapter map is shown (also while a lesson runs). */
  showMap: boolean;
}

export const lessonStore = createStore<LessonState>(() => ({
  catalog: null,
  catalogError: null,
  book: emptyBook(),
  completed: [],
  active: null,
  lesson: null,
  view: null,
  opening: null,
  error: null,
  showMap: true,
}));

/** The lesson to start once the next session is ready. */
interface PendingStart {
  id: string;
  restored: boolean;
  progress?: LessonProgress;
}

let pending: PendingStart | null = null;
let runtime: Runtime | undefined;

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Lazily loaded (the content module pulls in marked, DOMPurify and the lesson files). */
export const content = () => import('./content');

/** Read the saved progress. Entries that cannot be read are dropped. */
export function bookFromSaved(saved: SavedState['lessons'] | undefined): ProgressBook {
  const book = emptyBook();
  for (const [id, p] of Object.entries(saved?.progress ?? {})) {
    const parsed = parseLessonProgress(p);
    if (parsed && parsed.lessonId === id) book.lessons[id] = parsed;
  }
  return book;
}

function completedFromSaved(saved: SavedState['lessons'] | undefined): string[] {
  const c: unknown = saved?.completed;
  return Array.isArray(c) ? c.filter((x): x is string => typeof x === 'string') : [];
}

/** What to save: the progress book and the lessons finished once. */
export function savedLessons(): SavedState['lessons'] {
  const s = lessonStore.getState();
  return { progress: { ...s.book.lessons }, completed: [...s.completed] };
}

/** The lesson the current session plays (saved in its snapshot). */
export function activeLesson(): string | undefined {
  return lessonStore.getState().active ?? undefined;
}

/**
 * Wire the lesson state to the page's runtime: restore what was saved, follow the worker's
 * lesson views, (re)start the lesson whenever a session becomes ready, save on every change.
 */
export function attachLessons(rt: Runtime, saved: SavedState | undefined): void {
  runtime = rt;
  const book = bookFromSaved(saved?.lessons);
  const restoredId = saved?.session?.lesson ?? null;
  lessonStore.setState({
    book,
    completed: completedFromSaved(saved?.lessons),
    active: restoredId,
    showMap: restoredId === null,
    view: null,
  });
  if (restoredId) {
    pending = { id: restoredId, restored: true };
    const p = book.lessons[restoredId];
    if (p) pending.progress = p;
  }
  rt.client.subscribe((msg) => {
    if (msg.type === 'ready') void sessionReady(rt);
    else if (msg.type === 'lesson') {
      const s = lessonStore.getState();
      if (!msg.view || !msg.progress) {
        lessonStore.setState({ view: null });
        return;
      }
      if (msg.view.lessonId !== s.active) return;
      const progress = msg.progress;
      const completed =
        progress.finished && !s.completed.includes(progress.lessonId)
          ? [...s.completed, progress.lessonId]
          : s.completed;
      lessonStore.setState({ view: msg.view, book: withLesson(s.book, progress), completed });
    }
  });
  lessonStore.subscribe((s, prev) => {
    if (s.book !== prev.book || s.completed !== prev.completed || s.active !== prev.active)
      rt.scheduleSave(300);
  });
}

/** A session became ready: start the pending lesson on it, or note that it plays none. */
async function sessionReady(rt: Runtime): Promise<void> {
  const start = pending;
  pending = null;
  if (!start) {
    lessonStore.setState({ active: null, lesson: null, view: null, opening: null });
    return;
  }
  lessonStore.setState({ active: start.id, opening: start.id, error: null });
  try {
    const lesson = await (await content()).loadLessonById(start.id);
    if (lessonStore.getState().active !== start.id) return;
    lessonStore.setState({ lesson, opening: null });
    rt.client.send({
      type: 'lessonStart',
      lesson,
      restored: start.restored,
      ...(start.progress ? { progress: start.progress } : {}),
    });
  } catch (e) {
    lessonStore.setState({ opening: null, error: message(e) });
  }
}

/** Load the chapter map (once). */
export async function loadCatalog(): Promise<void> {
  if (lessonStore.getState().catalog) return;
  try {
    const catalog = await (await content()).loadCatalog();
    lessonStore.setState({ catalog, catalogError: null });
  } catch (e) {
    lessonStore.setState({ catalogError: message(e) });
  }
}

/**
 * Open a lesson on a fresh cluster of its preset, from its start. (The runtime could resume a
 * lesson by replaying the solutions of the steps done, but a solution may wait on simulated
 * time or on an editor — `kubectl edit` opens the learner's editor tab in the browser — so the
 * browser resumes a lesson only with its own saved session, on reload or import.)
 */
export async function openLesson(id: string): Promise<void> {
  const rt = runtime;
  if (!rt) return;
  lessonStore.setState({ opening: id, error: null });
  let lesson: Lesson;
  try {
    lesson = await (await content()).loadLessonById(id);
  } catch (e) {
    lessonStore.setState({ opening: null, error: message(e) });
    return;
  }
  const s = lessonStore.getState();
  const lessons = { ...s.book.lessons };
  delete lessons[id];
  pending = { id, restored: false };
  lessonStore.setState({ book: { ...s.book, lessons }, active: id, lesson, view: null, showMap: false });
  rt.reset(lesson.spec.cluster.preset, lesson.spec.cluster.seed);
}

/** Start the active lesson over: a fresh cluster in the lesson's start state. */
export function resetLesson(): Promise<void> {
  const id = lessonStore.getState().active;
  return id ? openLesson(id) : Promise.resolve();
}

export function lessonAction(action: LessonAction): void {
  runtime?.client.send({ type: 'lessonAction', ...action });
}

/** Leave the lesson: the cluster stays as it is, the progress is kept. */
export function leaveLesson(): void {
  lessonAction({ action: 'stop' });
  lessonStore.setState({ active: null, lesson: null, view: null, showMap: true });
}

/** Whether the session holds work of the learner's own (commands, edits, files). */
export function sessionHasWork(rt: Runtime): boolean {
  return (rt.snapshot().session?.journal ?? []).some(
    (e) => (e.t === 'run' && !e.tab.startsWith('~')) || e.t === 'write' || e.t === 'edit' || e.t === 'fault',
  );
}
