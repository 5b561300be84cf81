import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { debugHandle } from './debug';
import { preloadMonaco } from './editor/EditorPanel';
import { decodeShare } from './persist/share';
import { loadState } from './persist/storage';
import type { SavedState } from './persist/savedState';
import type { Port } from '../worker/client';
import { Runtime, RuntimeContext } from './runtime';
import { NEW_FILE_TEMPLATE, openFileTab } from './state/editor';
import { prefsStore } from './state/prefs';
import { toast } from './state/view';
import './styles.css';

/**
 * The UI proper, loaded by the entry (main.tsx) once it has started the cluster worker: `port`
 * is that worker.
 */
export async function boot(port: Port): Promise<void> {
  let saved: SavedState | undefined;
  let shareError: unknown;
  try {
    saved = decodeShare(location.hash);
  } catch (e) {
    shareError = e;
  }
  // A shared session replaces the saved one; the link is not kept in the address bar.
  if (saved || shareError) history.replaceState(null, '', location.pathname + location.search);
  else saved = await loadState();

  const rt = new Runtime(saved, port);
  // A first visit opens an example manifest, so that the editor shows what it can do.
  if (!saved) openFileTab('/root/web.yaml', NEW_FILE_TEMPLATE, '');

  const applyPrefs = () => {
    const p = prefsStore.getState();
    document.documentElement.dataset.theme = p.theme;
    document.documentElement.lang = p.locale;
  };
  applyPrefs();
  prefsStore.subscribe(applyPrefs);
  window.__breakfix = debugHandle(rt);

  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <RuntimeContext.Provider value={rt}>
        <App />
      </RuntimeContext.Provider>
    </StrictMode>,
  );
  rt.start();
  if (shareError)
    toast(`share link: ${shareError instanceof Error ? shareError.message : String(shareError)}`, true);
  // Monaco is large: fetch it once the terminal and the graph are up.
  void rt.whenReady().then(() => setTimeout(preloadMonaco, 200));
}
