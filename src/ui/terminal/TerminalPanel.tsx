import { useStore } from 'zustand';
import { useRuntime } from '../runtime';
import { useT } from '../state/prefs';
import { addTerminal, closeTerminal, terminalsStore } from '../state/terminals';
import { pendingRestore } from './registry';
import { TerminalView } from './TerminalView';

/** The terminal tabs: each its own shell in the worker; a blocking command holds only its tab. */
export function TerminalPanel() {
  const rt = useRuntime();
  const t = useT();
  const { tabs, active } = useStore(terminalsStore);
  const close = (id: string) => {
    rt.client.send({ type: 'closeTab', tab: id });
    closeTerminal(id);
    // The view saved its screen on unmount for StrictMode's remount; a closed tab needs none.
    setTimeout(() => pendingRestore.delete(id), 0);
  };
  return (
    <section className="panel terminal-panel" data-testid="terminal">
      <div className="tabs" role="tablist">
        {tabs.map((tab, i) => (
          <div
            key={tab.id}
            role="tab"
            aria-selected={tab.id === active}
            className={`tab ${tab.id === active ? 'active' : ''}`}
            data-testid={`terminal-tab-${tab.id}`}
            onClick={() => terminalsStore.setState({ active: tab.id })}
          >
            <span>{t('terminal.tab', { n: i + 1 })}</span>
            {tabs.length > 1 && (
              <button
                className="tab-close"
                title={t('terminal.closeTab')}
                aria-label={t('terminal.closeTab')}
                onClick={(e) => {
                  e.stopPropagation();
                  close(tab.id);
                }}
              >
                ×
              </button>
            )}
          </div>
        ))}
        <button
          className="tab-add"
          data-testid="terminal-new"
          title={t('terminal.newTab')}
          onClick={() => addTerminal()}
        >
          +
        </button>
      </div>
      <div className="terminal-body">
        {tabs.map((tab) => (
          <TerminalView key={tab.id} tab={tab.id} active={tab.id === active} />
        ))}
      </div>
    </section>
  );
}
