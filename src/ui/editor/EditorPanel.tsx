import { lazy, Suspense, useCallback } from 'react';
import { useStore } from 'zustand';
import type { FileVerb } from '../../worker/protocol';
import { useRuntime } from '../runtime';
import {
  editorStore,
  NEW_FILE_TEMPLATE,
  openFileTab,
  removeTab,
  tabTitle,
  untitledPath,
  updateTab,
  type EditorTab,
} from '../state/editor';
import { usePrefs, useT } from '../state/prefs';

// Monaco is ~3 MB: it loads in its own chunk, after the terminal and the graph.
const MonacoView = lazy(() => import('./MonacoView'));

/** Start loading Monaco in the background once the page is idle. */
export function preloadMonaco(): void {
  void import('./MonacoView');
}

/**
 * The editor: tabs of files in the session's file system, and tabs that `kubectl edit` opened.
 * Apply / Diff / Delete write the buffer to its file and run `kubectl <verb> -f <file>` in a
 * hidden shell: the very code the terminal runs, with its output shown below.
 */
export function EditorPanel() {
  const rt = useRuntime();
  const t = useT();
  const theme = usePrefs((p) => p.theme);
  const { tabs, active } = useStore(editorStore);
  const tab = tabs.find((x) => x.id === active);
  const schema = useCallback(() => rt.whenReady().then(() => rt.client.call('schema', {})), [rt]);

  const save = async (x: EditorTab) => {
    if (x.kind === 'edit') {
      rt.client.send({ type: 'editorResult', n: x.n!, text: x.content });
      removeTab(x.id);
      return;
    }
    await rt.whenReady();
    await rt.client.call('writeFile', { path: x.path, text: x.content });
    updateTab(x.id, { saved: x.content });
  };

  const run = async (x: EditorTab, verb: FileVerb) => {
    const command = `kubectl ${verb} -f ${x.path}`;
    updateTab(x.id, { output: { command, output: '', status: 0, running: true } });
    await rt.whenReady();
    const r = await rt.client.call('applyFile', { path: x.path, text: x.content, verb });
    updateTab(x.id, { saved: x.content, output: r });
  };

  const close = (x: EditorTab) => {
    if (x.kind === 'edit') {
      // Closing without saving hands kubectl its text back unchanged: "Edit cancelled, no changes made."
      rt.client.send({ type: 'editorResult', n: x.n!, text: x.saved });
    } else if (x.content !== x.saved && !window.confirm(t('editor.closeUnsaved', { name: tabTitle(x) })))
      return;
    removeTab(x.id);
  };

  return (
    <section className="panel editor-panel" data-testid="editor">
      <div className="tabs" role="tablist">
        {tabs.map((x) => (
          <div
            key={x.id}
            role="tab"
            aria-selected={x.id === active}
            className={`tab ${x.id === active ? 'active' : ''} ${x.kind === 'edit' ? 'edit-tab' : ''}`}
            data-testid={`editor-tab-${tabTitle(x)}`}
            title={x.path}
            onClick={() => editorStore.setState({ active: x.id })}
          >
            <span>
              {tabTitle(x)}
              {x.content !== x.saved ? ' ●' : ''}
            </span>
            <button
              className="tab-close"
              data-testid={`editor-close-${tabTitle(x)}`}
              aria-label={x.kind === 'edit' ? t('editor.cancelEdit') : t('editor.closeTab')}
              title={x.kind === 'edit' ? t('editor.cancelEdit') : t('editor.closeTab')}
              onClick={(e) => {
                e.stopPropagation();
                close(x);
              }}
            >
              ×
            </button>
          </div>
        ))}
        <button
          className="tab-add"
          data-testid="editor-new"
          title={t('editor.newFile')}
          onClick={() => openFileTab(untitledPath(), NEW_FILE_TEMPLATE, '')}
        >
          +
        </button>
      </div>
      {tab && (
        <div className="editor-actions">
          {tab.kind === 'file' ? (
            <>
              <button data-testid="editor-save" onClick={() => void save(tab)}>
                {t('editor.save')}
              </button>
              <button data-testid="editor-apply" className="primary" onClick={() => void run(tab, 'apply')}>
                {t('editor.apply')}
              </button>
              <button data-testid="editor-diff" onClick={() => void run(tab, 'diff')}>
                {t('editor.diff')}
              </button>
              <button data-testid="editor-delete" className="danger" onClick={() => void run(tab, 'delete')}>
                {t('editor.delete')}
              </button>
              <span className="muted path">{tab.path}</span>
            </>
          ) : (
            <>
              <span className="muted">{t('editor.editing')}</span>
              <button data-testid="editor-save-edit" className="primary" onClick={() => void save(tab)}>
                {t('editor.saveEdit')}
              </button>
              <button data-testid="editor-cancel-edit" onClick={() => close(tab)}>
                {t('editor.cancelEdit')}
              </button>
            </>
          )}
        </div>
      )}
      <div className="editor-body">
        {tab ? (
          <Suspense fallback={<div className="placeholder">{t('editor.loading')}</div>}>
            <MonacoView
              tab={tab}
              theme={theme}
              schema={schema}
              onChange={(text) => updateTab(tab.id, { content: text })}
              onSave={() => void save(editorStore.getState().tabs.find((x) => x.id === tab.id)!)}
            />
          </Suspense>
        ) : (
          <div className="placeholder">{t('editor.noTabs')}</div>
        )}
      </div>
      {tab?.output && (
        <div className="editor-output" data-testid="editor-output">
          <div className="muted">$ {tab.output.command}</div>
          <pre className={tab.output.status !== 0 ? 'error' : ''}>
            {tab.output.running ? '…' : tab.output.output}
          </pre>
        </div>
      )}
    </section>
  );
}
