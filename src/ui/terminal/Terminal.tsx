import { useEffect, useRef } from 'react';
import { Terminal as XTerm } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import type { WorkerClient } from '../../worker/client';
import { initialLine, press, renderLine, type LineState } from './lineEditor';

const PROMPT = '$ ';
const CONTINUATION = '> ';

/** One terminal tab: xterm for drawing, our line editor for input, the worker's shell for running. */
export function Terminal({ client, tab }: { client: WorkerClient; tab: string }) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const term = new XTerm({
      fontFamily: 'monospace, "IPAGothic", "Noto Sans Mono CJK JP"',
      fontSize: 14,
      convertEol: true,
      cursorBlink: true,
      theme: { background: '#1e1e1e' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const ro = new ResizeObserver(() => requestAnimationFrame(() => fit.fit()));
    ro.observe(el);

    let state: LineState = initialLine();
    let pendingLines: string[] = [];
    let running: number | undefined;
    let nextId = 1;
    const prompt = () => (pendingLines.length ? CONTINUATION : PROMPT);
    term.write(PROMPT);

    const unsubscribe = client.subscribe((msg) => {
      if (!('tab' in msg) || msg.tab !== tab) return;
      if (msg.type === 'output') term.write(msg.text);
      else if (msg.type === 'clear') term.clear();
      else if (msg.type === 'done' && msg.id === running) {
        running = undefined;
        term.write(PROMPT);
      }
    });

    const onData = term.onData((data) => {
      if (running !== undefined) {
        if (data === '\x03') {
          client.send({ v: 1, type: 'interrupt', tab });
          term.write('^C\r\n');
        }
        return;
      }
      // Split pasted text into keystrokes line by line.
      const keys = data.length > 1 && !data.startsWith('\x1b') ? data.split(/(\r)/).filter(Boolean) : [data];
      for (const key of keys) {
        const r = press(state, key);
        state = r.state;
        for (const e of r.effects) {
          if (e.type === 'redraw') term.write(renderLine(prompt(), state));
          else if (e.type === 'clearScreen') term.clear();
          else if (e.type === 'bell') term.write('\x07');
          else if (e.type === 'interrupt') {
            pendingLines = [];
            term.write('^C\r\n' + PROMPT);
          } else if (e.type === 'submit') {
            term.write('\r\n');
            pendingLines.push(e.line);
            const text = pendingLines.join('\n');
            // A heredoc or open quote continues on the next line, as in bash (PS2 `> `).
            if (
              /<<-?\s*['"]?(\w+)['"]?/.test(text) &&
              !new RegExp(`\\n${/<<-?\s*['"]?(\w+)['"]?/.exec(text)![1]}$`).test(text)
            ) {
              term.write(CONTINUATION);
              continue;
            }
            pendingLines = [];
            running = nextId++;
            client.send({ v: 1, type: 'run', tab, id: running, text });
          }
        }
      }
    });

    return () => {
      onData.dispose();
      unsubscribe();
      ro.disconnect();
      term.dispose();
    };
  }, [client, tab]);

  return (
    <div
      ref={ref}
      data-testid={`terminal-${tab}`}
      style={{ width: '100%', height: '100%', overflow: 'hidden' }}
    />
  );
}
