import { useEffect, useRef } from 'react';
import { Terminal as XTerm, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { useRuntime, type Runtime } from '../runtime';
import { prefsStore, type Theme } from '../state/prefs';
import { TerminalController, type Backend } from './controller';
import { pendingRestore, savedScreen, terminalRegistry } from './registry';

const THEMES: Record<Theme, ITheme> = {
  dark: { background: '#1b1d23', foreground: '#d8dee9', cursor: '#d8dee9', selectionBackground: '#3b4252' },
  light: {
    background: '#fbfbfd',
    foreground: '#1f2328',
    cursor: '#1f2328',
    selectionBackground: '#c8d6f0',
    green: '#1a7f37',
    brightGreen: '#1a7f37',
  },
};

/** The worker side of one tab: its shell runs there; completion asks it about the live cluster. */
function backendFor(rt: Runtime, tab: string): Backend {
  return {
    run: (id, text) => void rt.whenReady().then(() => rt.client.send({ type: 'run', tab, id, text })),
    input: (id, data) => rt.client.send({ type: 'input', tab, id, data }),
    interrupt: () => rt.client.send({ type: 'interrupt', tab }),
    complete: (line) => rt.whenReady().then(() => rt.client.call('complete', { tab, line })),
    isComplete: (text) => rt.whenReady().then(() => rt.client.call('isComplete', { text })),
  };
}

/** One terminal tab: xterm draws, our line editor edits, the worker's shell runs. */
export function TerminalView({ tab, active }: { tab: string; active: boolean }) {
  const rt = useRuntime();
  const ref = useRef<HTMLDivElement>(null);
  const fitRef = useRef<(() => void) | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const term = new XTerm({
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace, "IPAGothic", "Noto Sans Mono CJK JP"',
      fontSize: 13,
      convertEol: true,
      cursorBlink: true,
      scrollback: 5000,
      theme: THEMES[prefsStore.getState().theme],
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    // Never fit while hidden: a display:none element has no size (xterm.js#3029).
    const refit = () => {
      if (el.offsetWidth > 0 && el.offsetHeight > 0) fit.fit();
    };
    fitRef.current = refit;
    refit();
    let frame = 0;
    const ro = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(refit);
    });
    ro.observe(el);

    let pending = 0;
    const screen = {
      write: (d: string) => {
        pending++;
        term.write(d, () => void pending--);
      },
      get cols() {
        return term.cols;
      },
      clear: () => term.clear(),
    };
    const restore = pendingRestore.get(tab);
    pendingRestore.delete(tab);
    const controller = new TerminalController(screen, backendFor(rt, tab), restore?.history ?? []);
    controller.onChange = () => rt.scheduleSave(300);
    if (restore?.screen) term.write(restore.screen.replace(/\n/g, '\r\n') + '\r\n');
    controller.showPrompt();
    terminalRegistry.set(tab, { controller, term, pendingWrites: () => pending });

    const unsubscribe = rt.client.subscribe((msg) => {
      if (!('tab' in msg) || msg.tab !== tab) return;
      if (msg.type === 'output') controller.output(msg.id, msg.text);
      else if (msg.type === 'done') controller.done(msg.id, msg.unread);
      else if (msg.type === 'termMode') controller.termMode(msg.id, msg.raw);
      else if (msg.type === 'clear') controller.clear();
    });

    // Copy with Ctrl-C when text is selected (otherwise Ctrl-C interrupts), Ctrl-Shift-C always;
    // paste with Ctrl-V / Ctrl-Shift-V through the browser's paste event, which xterm reads.
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown') return true;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      if (mod && key === 'c' && (e.shiftKey || term.hasSelection())) {
        if (term.hasSelection()) void navigator.clipboard?.writeText(term.getSelection()).catch(() => {});
        return false;
      }
      if (mod && key === 'v') return false;
      return true;
    });
    const onData = term.onData((d) => controller.input(d));
    const unTheme = prefsStore.subscribe((p, prev) => {
      if (p.theme !== prev.theme) term.options.theme = THEMES[p.theme];
    });

    return () => {
      unTheme();
      onData.dispose();
      unsubscribe();
      ro.disconnect();
      cancelAnimationFrame(frame);
      terminalRegistry.delete(tab);
      // Keep what was on screen if React mounts this view again (StrictMode does, in dev).
      pendingRestore.set(tab, {
        id: tab,
        history: [...controller.history],
        screen: savedScreen({ controller, term }),
      });
      term.dispose();
    };
  }, [rt, tab]);

  useEffect(() => {
    if (!active) return;
    requestAnimationFrame(() => {
      fitRef.current?.();
      terminalRegistry.get(tab)?.term.focus();
    });
  }, [active, tab]);

  return (
    <div
      ref={ref}
      className="terminal-view"
      data-testid={`terminal-${tab}`}
      style={{ display: active ? 'block' : 'none' }}
    />
  );
}
