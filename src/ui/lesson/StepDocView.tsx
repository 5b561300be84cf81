import { useEffect, useState, type MouseEvent } from 'react';
import type { Lesson, StepDoc } from '../../lessons/types';
import { useRuntime } from '../runtime';
import { useT } from '../state/prefs';
import { openInEditor, runInTerminal } from './actions';
import { content } from './store';

type ContentModule = Awaited<ReturnType<typeof content>>;
let loaded: ContentModule | undefined;

/** The lazily loaded content module (Markdown rendering), once it is there. */
export function useContent(): ContentModule | undefined {
  const [mod, setMod] = useState(loaded);
  useEffect(() => {
    if (mod) return;
    let live = true;
    void content().then((m) => {
      loaded = m;
      if (live) setMod(m);
    });
    return () => {
      live = false;
    };
  }, [mod]);
  return mod;
}

/** Rendered Markdown; `[label](open:file)` links open the file in the editor. */
export function Markdown({ text, lesson }: { text: string; lesson: Lesson }) {
  const rt = useRuntime();
  const mod = useContent();
  const onClick = (e: MouseEvent<HTMLDivElement>) => {
    const a = (e.target as HTMLElement).closest('a[data-open]');
    if (!a) return;
    e.preventDefault();
    const name = a.getAttribute('data-open')!;
    void openInEditor(rt, name, lesson.files[name]);
  };
  if (!mod) return <div className="lesson-md muted">…</div>;
  return (
    <div
      className="lesson-md"
      onClick={onClick}
      dangerouslySetInnerHTML={{ __html: mod.renderMarkdown(text) }}
    />
  );
}

/**
 * A step's text: prose, and code blocks. `sh run` blocks get a Run button (typed into the
 * terminal); `file=` blocks get an Open button (the file in the editor). Buttons are numbered
 * by code block, from 1: lesson-run-<n>, lesson-file-<n>.
 */
export function StepDocView({ doc, lesson }: { doc: StepDoc; lesson: Lesson }) {
  const rt = useRuntime();
  const t = useT();
  let block = 0;
  return (
    <div className="lesson-doc" data-testid="lesson-doc">
      {doc.segments.map((seg, i) => {
        if (seg.type === 'markdown') return <Markdown key={i} text={seg.text} lesson={lesson} />;
        const n = ++block;
        return (
          <div key={i} className="lesson-code">
            <pre>
              <code className={seg.lang ? `language-${seg.lang}` : undefined}>{seg.code}</code>
            </pre>
            {(seg.run || seg.file !== undefined) && (
              <div className="lesson-code-actions">
                {seg.run && (
                  <button
                    data-testid={`lesson-run-${n}`}
                    className="primary"
                    title={t('lesson.runTitle')}
                    onClick={() => runInTerminal(seg.code)}
                  >
                    ▶ {t('lesson.run')}
                  </button>
                )}
                {seg.file !== undefined && (
                  <button
                    data-testid={`lesson-file-${n}`}
                    onClick={() => void openInEditor(rt, seg.file!, lesson.files[seg.file!])}
                  >
                    {t('lesson.open')}
                  </button>
                )}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
