import { useEffect } from 'react';
import { useStore } from 'zustand';
import { lessonStatus, type LessonStatus } from '../../lessons/catalog';
import { PROGRESS_VERSION, type ProgressBook } from '../../lessons/progress';
import { useRuntime } from '../runtime';
import { usePrefs, useT } from '../state/prefs';
import { lessonStore, loadCatalog, openLesson, sessionHasWork } from './store';

const MARKS: Record<LessonStatus, string> = {
  finished: '✓',
  'in-progress': '●',
  available: '○',
  locked: '◌',
  unavailable: '×',
};

/**
 * The chapter map: chapters in order, each lesson with its status and prerequisites. A lesson
 * whose prerequisites are not finished can still be opened (the learner may know the basics
 * already); the map only says what comes first.
 */
export function LessonMap() {
  const rt = useRuntime();
  const t = useT();
  const locale = usePrefs((p) => p.locale);
  const catalog = useStore(lessonStore, (s) => s.catalog);
  const catalogError = useStore(lessonStore, (s) => s.catalogError);
  const book = useStore(lessonStore, (s) => s.book);
  const completed = useStore(lessonStore, (s) => s.completed);
  const active = useStore(lessonStore, (s) => s.active);
  const opening = useStore(lessonStore, (s) => s.opening);

  useEffect(() => {
    void loadCatalog();
  }, []);

  if (catalogError) return <p className="error">{catalogError}</p>;
  if (!catalog) return <p className="muted">{t('lesson.loadingMap')}</p>;

  // Lessons finished once count as finished for the map, even after starting them over.
  const effective: ProgressBook = { ...book, lessons: { ...book.lessons } };
  for (const id of completed) {
    const p = effective.lessons[id];
    effective.lessons[id] = p
      ? { ...p, finished: true }
      : { v: PROGRESS_VERSION, lessonId: id, current: '', steps: {}, finished: true };
  }

  const open = (id: string) => {
    if (active === id) {
      lessonStore.setState({ showMap: false });
      return;
    }
    if (active === null && sessionHasWork(rt) && !window.confirm(t('lesson.openConfirm'))) return;
    void openLesson(id);
  };

  return (
    <nav className="lesson-map" data-testid="lesson-map">
      {catalog.chapters.map((ch) => (
        <section key={ch.chapter} className="lesson-chapter">
          <h3>{t('lesson.chapter', { n: ch.chapter })}</h3>
          <ul>
            {ch.lessons.map((e) => {
              const status = lessonStatus(catalog, e.id, effective);
              const title = e.title[locale];
              const prereqs = e.prerequisites.map((p) => catalog.byId[p]?.title[locale] ?? p);
              const statusText =
                status === 'finished'
                  ? t('lesson.statusFinished')
                  : status === 'in-progress'
                    ? t('lesson.statusInProgress')
                    : status === 'locked'
                      ? t('lesson.statusLocked')
                      : status === 'unavailable'
                        ? t('lesson.statusUnavailable')
                        : '';
              return (
                <li key={e.id} className={`lesson-entry ${status}${active === e.id ? ' active' : ''}`}>
                  <button
                    data-testid={`lesson-open-${e.id}`}
                    data-status={status}
                    disabled={opening !== null}
                    title={[statusText, e.summary?.[locale]].filter(Boolean).join('\n')}
                    onClick={() => open(e.id)}
                  >
                    <span className="lesson-mark" aria-label={statusText}>
                      {MARKS[status]}
                    </span>
                    <span className="lesson-entry-title">{title}</span>
                    {active === e.id && <em className="lesson-playing"> · {t('lesson.playing')}</em>}
                  </button>
                  {prereqs.length > 0 && status !== 'finished' && (
                    <div className="lesson-prereq muted">
                      {t('lesson.requiresPrereq', { list: prereqs.join(', ') })}
                    </div>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </nav>
  );
}
