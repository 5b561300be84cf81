import { useState } from 'react';
import { useStore } from 'zustand';
import type { CheckResult } from '../../lessons/checks/index';
import type { LessonView, StepView } from '../../lessons/runtime';
import type { Lesson, Text } from '../../lessons/types';
import type { Locale } from '../../i18n/index';
import { usePrefs, useT } from '../state/prefs';
import { Markdown, StepDocView } from './StepDocView';
import { lessonAction, lessonStore, leaveLesson, resetLesson } from './store';

/** A check's text: `code` spans become <code> (the texts are plain strings, never HTML). */
function InlineCode({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of parts means the backticks are balanced.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((p, i) => (i % 2 ? <code key={i}>{p}</code> : p))}</>;
}

/** One line of the checklist (and its inner checks for all/any/not). */
function CheckLine({ r, n, locale }: { r: CheckResult; n?: number; locale: Locale }) {
  return (
    <li
      className={`lesson-check ${r.passed ? 'pass' : 'fail'}`}
      data-testid={n === undefined ? undefined : `lesson-check-${n}`}
      data-state={r.passed ? 'pass' : 'fail'}
    >
      <span className="lesson-check-mark" aria-hidden>
        {r.passed ? '✓' : '✗'}
      </span>
      <span className="lesson-check-title">
        <InlineCode text={r.title[locale]} />
      </span>
      {!r.passed && r.detail && (
        <div className="lesson-check-detail">
          <InlineCode text={r.detail[locale]} />
        </div>
      )}
      {r.children && r.children.length > 0 && (
        <ul>
          {r.children.map((c, i) => (
            <CheckLine key={i} r={c} locale={locale} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** The live checklist of the current step: green as each check holds (numbered from 1). */
function Checklist({ step, locale }: { step: StepView; locale: Locale }) {
  const t = useT();
  if (!step.results) {
    return (
      <p className="lesson-checklist muted" data-testid="lesson-checklist" data-state="pending">
        {step.state === 'preparing' ? t('lesson.preparing') : t('lesson.checking')}
      </p>
    );
  }
  const all = step.results.every((r) => r.passed);
  return (
    <section className="lesson-checklist" data-testid="lesson-checklist" data-state={all ? 'pass' : 'fail'}>
      <h4>{t('lesson.checklist')}</h4>
      <ul>
        {step.results.map((r, i) => (
          <CheckLine key={i} r={r} n={i + 1} locale={locale} />
        ))}
      </ul>
    </section>
  );
}

function Hints({ step, locale }: { step: StepView; locale: Locale }) {
  const t = useT();
  const lesson = useStore(lessonStore, (s) => s.lesson);
  if (!lesson || (step.hintsShown.length === 0 && step.hintsLeft === 0)) return null;
  return (
    <section className="lesson-hints">
      {step.hintsShown.map((h, i) => (
        <div key={i} className="lesson-hint-text" data-testid={`lesson-hint-text-${i + 1}`}>
          <Markdown text={h[locale]} lesson={lesson} />
        </div>
      ))}
      <button
        data-testid="lesson-hint"
        disabled={step.hintsLeft === 0 || step.state !== 'active'}
        onClick={() => lessonAction({ action: 'hint' })}
      >
        {step.hintsLeft === 0 ? t('lesson.noMoreHints') : `${t('lesson.hint')} (${step.hintsLeft})`}
      </button>
    </section>
  );
}

/** A predict step: choose an answer first; once the step is done, it is shown against what happened. */
function Predict({ step, lesson, locale }: { step: StepView; lesson: Lesson; locale: Locale }) {
  const t = useT();
  const spec = lesson.spec.steps[step.index]!;
  const [choice, setChoice] = useState<string | null>(null);
  const given = step.answer;
  const text = (x: Text | undefined) => x?.[locale] ?? '';
  return (
    <section className="lesson-predict" data-testid="lesson-predict">
      {spec.question && <Markdown text={text(spec.question)} lesson={lesson} />}
      <ul className="lesson-choices">
        {(spec.choices ?? []).map((c) => (
          <li key={c.id}>
            <label>
              <input
                type="radio"
                name={`predict-${step.id}`}
                data-testid={`lesson-choice-${c.id}`}
                disabled={given !== undefined}
                checked={(given ?? choice) === c.id}
                onChange={() => setChoice(c.id)}
              />{' '}
              {c.text[locale]}
            </label>
          </li>
        ))}
      </ul>
      {given === undefined ? (
        <>
          <button
            data-testid="lesson-answer"
            className="primary"
            disabled={choice === null}
            onClick={() => choice && lessonAction({ action: 'answer', choice })}
          >
            {t('lesson.answer')}
          </button>
          <p className="muted">{t('lesson.waitingAnswer')}</p>
        </>
      ) : null}
      {step.reveal && (
        <div className={`lesson-reveal ${step.reveal.correct ? 'pass' : 'fail'}`} data-testid="lesson-reveal">
          <strong>
            {step.reveal.correct
              ? t('lesson.correct')
              : t('lesson.incorrect', {
                  answer:
                    spec.choices?.find((c) => c.id === step.reveal!.answer)?.text[locale] ??
                    step.reveal.answer,
                })}
          </strong>
          <Markdown text={step.reveal.explanation[locale]} lesson={lesson} />
        </div>
      )}
    </section>
  );
}

function Finish({ lesson, locale }: { lesson: Lesson; locale: Locale }) {
  const t = useT();
  return (
    <section className="lesson-finish" data-testid="lesson-finish">
      <h3>
        <span className="lesson-finish-mark">✓</span> {t('lesson.finished')}
      </h3>
      {lesson.finish && <StepDocView doc={lesson.finish[locale]} lesson={lesson} />}
      <div className="lesson-nav">
        <button data-testid="lesson-back" onClick={() => leaveLesson()}>
          {t('lesson.backToMap')}
        </button>
        <button data-testid="lesson-reset" onClick={() => void resetLesson()}>
          {t('lesson.reset')}
        </button>
      </div>
    </section>
  );
}

const STATE_MARK: Record<StepView['state'], string> = {
  pending: '○',
  preparing: '◔',
  active: '●',
  done: '✓',
  skipped: '↷',
};

/** The lesson being played: its steps, the current one's text, checklist, hints and buttons. */
export function LessonPlayer({ lesson, view }: { lesson: Lesson; view: LessonView }) {
  const t = useT();
  const locale = usePrefs((p) => p.locale);
  if (view.phase === 'finished') return <Finish lesson={lesson} locale={locale} />;
  const step = view.steps[view.current];
  const spec = lesson.spec.steps[view.current];
  const doc = lesson.texts[view.current]?.[locale];
  const last = view.current === view.steps.length - 1;
  return (
    <div className="lesson-player" data-testid="lesson-view" data-phase={view.phase}>
      <h3 className="lesson-name">{lesson.spec.title[locale]}</h3>
      <ol className="lesson-steps" data-testid="lesson-steps">
        {view.steps.map((s) => (
          <li
            key={s.id}
            className={`lesson-step-item ${s.state}${s.index === view.current ? ' current' : ''}`}
            data-testid={`lesson-step-${s.index + 1}`}
            data-state={s.state}
            title={t(`lesson.kind.${s.kind}`)}
          >
            {STATE_MARK[s.state]}
          </li>
        ))}
      </ol>
      {view.phase === 'failed' && view.error && (
        <div className="lesson-error error" data-testid="lesson-error">
          <pre>{view.error[locale]}</pre>
        </div>
      )}
      {view.phase === 'starting' && <p className="muted">{t('lesson.opening')}</p>}
      {step && spec && (
        <article
          className={`lesson-step kind-${step.kind}`}
          data-testid="lesson-step"
          data-step={step.id}
          data-index={step.index + 1}
          data-state={step.state}
        >
          <div className="lesson-step-head muted">
            {t('lesson.step', { n: step.index + 1, total: view.steps.length })} ·{' '}
            {t(`lesson.kind.${step.kind}`)}
          </div>
          {doc && <StepDocView doc={doc} lesson={lesson} />}
          {step.missing.length > 0 && (
            <p className="lesson-missing" data-testid="lesson-missing">
              {t('lesson.missing', { list: step.missing.join(', ') })}
            </p>
          )}
          {step.kind === 'predict' && <Predict key={step.id} step={step} lesson={lesson} locale={locale} />}
          {(spec.checks?.length ?? 0) > 0 && (step.kind !== 'predict' || step.answer !== undefined) && (
            <Checklist step={step} locale={locale} />
          )}
          <Hints step={step} locale={locale} />
        </article>
      )}
      {step && (
        <div className="lesson-nav">
          <button
            data-testid="lesson-next"
            className="primary"
            disabled={view.phase !== 'running' || step.state !== 'done'}
            onClick={() => lessonAction({ action: 'next' })}
          >
            {last ? t('lesson.finishLesson') : t('lesson.next')}
          </button>
          <button
            data-testid="lesson-skip"
            disabled={view.phase !== 'running' || step.state !== 'active'}
            onClick={() => lessonAction({ action: 'skip' })}
          >
            {t('lesson.skip')}
          </button>
          <span className="spacer" />
          <button
            data-testid="lesson-reset"
            onClick={() => {
              if (window.confirm(t('lesson.resetConfirm'))) void resetLesson();
            }}
          >
            {t('lesson.reset')}
          </button>
          <button data-testid="lesson-leave" onClick={() => leaveLesson()}>
            {t('lesson.leave')}
          </button>
        </div>
      )}
    </div>
  );
}
