import { useEffect, useMemo, useState } from 'react';
import { WorkerClient } from '../worker/client';
import { Terminal } from './terminal/Terminal';

/**
 * The first playground: one terminal on a simulated kind cluster. The graph, editor, lesson
 * panel and time controls arrive with the playground issue; this shell of a page already runs
 * the real engine, shell and kubectl in the worker.
 */
export function App() {
  const client = useMemo(() => new WorkerClient(), []);
  const [now, setNow] = useState<number | undefined>();

  useEffect(() => {
    const off = client.subscribe((msg) => {
      if (msg.type === 'ready' || msg.type === 'tick') setNow(msg.now);
    });
    client.send({ v: 1, type: 'init', seed: 1, preset: 'kind' });
    return off;
  }, [client]);

  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        height: '100vh',
        background: '#1e1e1e',
        color: '#ddd',
      }}
    >
      <header style={{ padding: '6px 12px', fontFamily: 'sans-serif', display: 'flex', gap: 16 }}>
        <strong>Breakfix</strong>
        <span data-testid="sim-time">
          {now === undefined ? 'starting…' : new Date(now).toISOString().replace('.000Z', 'Z')}
        </span>
      </header>
      <main style={{ flex: 1, minHeight: 0, padding: 4 }}>
        <Terminal client={client} tab="1" />
      </main>
    </div>
  );
}
