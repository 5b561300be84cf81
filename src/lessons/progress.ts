/**
 * Saved progress: plain JSON with a schema version, for local storage and export/import.
 * Steps are referred to by id, so a lesson may gain steps without breaking saved progress.
 */

export const PROGRESS_VERSION = 1;

export interface StepProgress {
  /** The step's checks held (do, break, predict) or the learner read it (read). */
  done: boolean;
  /** How many hints were shown. */
  hints: number;
  /** predict: the chosen answer. */
  answer?: string;
}

export interface LessonProgress {
  v: typeof PROGRESS_VERSION;
  lessonId: string;
  /** Id of the current step. */
  current: string;
  steps: Record<string, StepProgress>;
  finished: boolean;
}

/** Progress of every lesson the learner has opened. */
export interface ProgressBook {
  v: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

export function emptyBook(): ProgressBook {
  return { v: PROGRESS_VERSION, lessons: {} };
}

export function withLesson(book: ProgressBook, progress: LessonProgress): ProgressBook {
  return { v: PROGRESS_VERSION, lessons: { ...book.lessons, [progress.lessonId]: progress } };
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function parseStep(x: unknown): StepProgress | undefined {
  if (!isObject(x) || typeof x.done !== 'boolean') return undefined;
  const hints = typeof x.hints === 'number' && Number.isInteger(x.hints) && x.hints >= 0 ? x.hints : 0;
  return typeof x.answer === 'string' ? { done: x.done, hints, answer: x.answer } : { done: x.done, hints };
}

export function parseLessonProgress(x: unknown): LessonProgress | undefined {
  if (!isObject(x) || x.v !== PROGRESS_VERSION) return undefined;
  if (typeof x.lessonId !== 'string' || typeof x.current !== 'string' || !isObject(x.steps)) return undefined;
  const steps: Record<string, StepProgress> = {};
  for (const [id, s] of Object.entries(x.steps)) {
    const parsed = parseStep(s);
    if (parsed) steps[id] = parsed;
  }
  return { v: PROGRESS_VERSION, lessonId: x.lessonId, current: x.current, steps, finished: x.finished === true };
}

/**
 * Read a saved book (from storage or an imported file). Unreadable entries are dropped rather
 * than failing the whole import; a book from a newer version is refused.
 */
export function parseBook(x: unknown): ProgressBook {
  if (!isObject(x)) throw new Error('progress: expected a JSON object');
  if (typeof x.v === 'number' && x.v > PROGRESS_VERSION)
    throw new Error(`progress: version ${x.v} is newer than this playground understands (${PROGRESS_VERSION})`);
  if (x.v !== PROGRESS_VERSION || !isObject(x.lessons)) throw new Error('progress: not a Breakfix progress file');
  const book = emptyBook();
  for (const [id, p] of Object.entries(x.lessons)) {
    const parsed = parseLessonProgress(p);
    if (parsed && parsed.lessonId === id) book.lessons[id] = parsed;
  }
  return book;
}
