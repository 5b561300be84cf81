import { prefsStore, usePrefs, useT } from '../state/prefs';

/** The lesson panel: a placeholder until the lessons issue fills it. */
export function LessonPanel() {
  const t = useT();
  const open = usePrefs((p) => p.lessonOpen);
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
  return (
    <aside className="lesson-panel panel" data-testid="lesson-panel">
      <header>
        <strong>{t('lesson.title')}</strong>
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
      <p className="muted">{t('lesson.placeholder')}</p>
    </aside>
  );
}
