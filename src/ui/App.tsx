import type { CSSProperties } from 'react';
import { useStore } from 'zustand';
import { EditorPanel } from './editor/EditorPanel';
import { GraphView } from './graph/GraphView';
import { LessonPanel } from './layout/LessonPanel';
import { Splitter } from './layout/Splitter';
import { TopBar } from './layout/TopBar';
import { useRuntime } from './runtime';
import { prefsStore, usePrefs, useT } from './state/prefs';
import { viewStore } from './state/view';
import { TerminalPanel } from './terminal/TerminalPanel';

/**
 * The workstation: top bar; lesson panel (left, collapsible); the graph (centre) and the editor
 * (right); the terminal across the bottom. Every divider can be dragged.
 */
export function App() {
  const rt = useRuntime();
  const t = useT();
  const lessonOpen = usePrefs((p) => p.lessonOpen);
  const lessonWidth = usePrefs((p) => p.lessonWidth);
  const editorWidth = usePrefs((p) => p.editorWidth);
  const terminalHeight = usePrefs((p) => p.terminalHeight);
  const ready = useStore(rt.mirror, (m) => m.ready);
  const restoring = useStore(rt.mirror, (m) => m.restoring);
  const fatal = useStore(rt.mirror, (m) => m.fatal);
  const toasts = useStore(viewStore, (v) => v.toasts);

  return (
    <div
      className="app"
      style={
        {
          '--lesson-width': `${lessonWidth}px`,
          '--editor-width': `${editorWidth}px`,
          '--terminal-height': `${terminalHeight}px`,
        } as CSSProperties
      }
    >
      <TopBar />
      <div className="workspace">
        <LessonPanel />
        {lessonOpen && (
          <Splitter
            axis="x"
            size={lessonWidth}
            min={180}
            max={520}
            onResize={(w) => prefsStore.setState({ lessonWidth: w })}
            testId="split-lesson"
          />
        )}
        <div className="main-column">
          <div className="upper">
            <GraphView />
            <Splitter
              axis="x"
              size={editorWidth}
              invert
              min={280}
              max={900}
              onResize={(w) => prefsStore.setState({ editorWidth: w })}
              testId="split-editor"
            />
            <EditorPanel />
          </div>
          <Splitter
            axis="y"
            size={terminalHeight}
            invert
            min={120}
            max={900}
            onResize={(h) => prefsStore.setState({ terminalHeight: h })}
            testId="split-terminal"
          />
          <TerminalPanel />
        </div>
      </div>
      {!ready && (
        <div className="status-banner" data-testid="starting">
          {restoring
            ? t('app.restoring', { done: restoring.done, total: restoring.total })
            : t('app.starting')}
        </div>
      )}
      {fatal && <div className="status-banner error">{fatal}</div>}
      <div className="toasts" data-testid="toasts">
        {toasts.map((x) => (
          <div key={x.id} className={`toast ${x.error ? 'error' : ''}`}>
            {x.text}
          </div>
        ))}
      </div>
    </div>
  );
}
