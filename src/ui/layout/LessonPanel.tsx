import { useStore } from 'zustand';
import { LessonMap } from '../lesson/LessonMap';
import { LessonPlayer } from '../lesson/LessonPlayer';
import { lessonStore } from '../lesson/store';
import { prefsStore, usePrefs, useT } from '../state/prefs';

/**
 * The lesson panel: the chapter map, or the lesson being played (its steps, live checklist,
 * hints and finish screen). The lesson itself runs in the worker (src/worker/lessons.ts); this
 * panel shows its view and sends the learner's choices.
 */
export function LessonPanel() {
  const t = useT();
  const open = usePrefs((p) => p.lessonOpen);
  const active = useStore(lessonStore, (s) => s.active);
  const lesson = useStore(lessonStore, (s) => s.lesson);
  const view = useStore(lessonStore, (s) => s.view);
  const showMap = useStore(lessonStore, (s) => s.showMap);
  const opening = useStore(lessonStore, (s) => s.opening);
  const error = useStore(lessonStore, (s) => s.error);
  if (!open)
    return (
      <aside className="lesson-panel collapsed" data-testid="lesson-panel">
        <button
          className="lesson-toggle"
          data-testid="lesson-toggle"
          title={t('lesson.expand')}
          aria-label={t('lesson.expand')}
          onClick={() => prefsStore.setState({ lessonOpen: true })}
        >
          ›
        </button>
      </aside>
    );
  const playing = active !== null && !showMap;
  return (
    <aside className="lesson-panel panel" data-testid="lesson-panel">
      <header>
        <strong>{t('lesson.title')}</strong>
        <span className="spacer" />
        {active !== null && (
          <button
            className="lesson-map-toggle"
            data-testid="lesson-map-toggle"
            aria-pressed={showMap}
            onClick={() => lessonStore.setState({ showMap: !showMap })}
          >
            {showMap ? t('lesson.playing') : t('lesson.map')}
          </button>
        )}
        <button
          className="lesson-toggle"
          data-testid="lesson-toggle"
          title={t('lesson.collapse')}
          aria-label={t('lesson.collapse')}
          onClick={() => prefsStore.setState({ lessonOpen: false })}
        >
          ‹
        </button>
      </header>
      <div className="lesson-body">
        {error && (
          <p className="error" data-testid="lesson-open-error">
            {t('lesson.error', { error })}
          </p>
        )}
        {playing ? (
          lesson && view ? (
            <LessonPlayer lesson={lesson} view={view} />
          ) : (
            <p className="muted" data-testid="lesson-opening">
              {opening ? t('lesson.opening') : t('lesson.opening')}
            </p>
          )
        ) : (
          <LessonMap />
        )}
      </div>
    </aside>
  );
}
