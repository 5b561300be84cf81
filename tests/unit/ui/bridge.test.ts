import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { connectMirror } from '../../../src/ui/state/bridge';
import { createMirror } from '../../../src/ui/state/mirror';
import { WorkerClient, type Port } from '../../../src/worker/client';
import {
  PROTOCOL_VERSION,
  type FromWorker,
  type ToWorker,
  type WireChange,
} from '../../../src/worker/protocol';

const pod = (name: string, rv: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: rv },
});
const change = (op: WireChange['op'], o: KubeObject): WireChange => ({
  op,
  time: 0,
  resourceVersion: o.metadata.resourceVersion!,
  object: o,
});

function fakeWorker() {
  const sent: ToWorker[] = [];
  const port: Port = { postMessage: (m) => void sent.push(m), onmessage: null };
  type Unversioned = FromWorker extends infer T ? (T extends unknown ? Omit<T, 'v'> : never) : never;
  const emit = (m: Unversioned) =>
    port.onmessage!({ data: { ...m, v: PROTOCOL_VERSION } } as MessageEvent<FromWorker>);
  return { port, sent, emit };
}

describe('worker bridge', () => {
  it('applies the ticks of one frame as one state change, and the full snapshot only on ready', () => {
    const w = fakeWorker();
    const client = new WorkerClient(w.port);
    const mirror = createMirror();
    const frames: (() => void)[] = [];
    connectMirror(client, mirror, { frame: (cb) => void frames.push(cb) });
    let states = 0;
    mirror.subscribe(() => void states++);

    w.emit({
      type: 'ready',
      now: 1000,
      speed: 1,
      preset: 'kind',
      seed: 1,
      presets: ['kind'],
      objects: [{ object: pod('a', '1'), cells: { Status: 'Pending' } }],
      capabilities: { killContainer: true, stopNode: true, startNode: true, schedulerDecisions: true },
      journal: [],
    });
    expect(mirror.getState().objects.get('uid-a')?.cells?.Status).toBe('Pending');
    states = 0;

    w.emit({
      type: 'tick',
      now: 1100,
      speed: 1,
      changes: [{ ...change('updated', pod('a', '2')), cells: { Status: 'Running' } }],
    });
    w.emit({ type: 'tick', now: 1200, speed: 1, changes: [change('added', pod('b', '3'))] });
    w.emit({ type: 'tick', now: 1300, speed: 1, changes: [change('removed', pod('a', '4'))] });
    // Nothing is applied until the frame…
    expect(states).toBe(0);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    // … and then all three ticks at once.
    expect(states).toBe(1);
    const s = mirror.getState();
    expect(s.now).toBe(1300);
    expect([...s.objects.keys()]).toEqual(['uid-b']);
    expect(s.lastChanges.map((c) => c.op)).toEqual(['updated', 'added', 'removed']);
  });

  it('answers typed RPCs by id', async () => {
    const w = fakeWorker();
    const client = new WorkerClient(w.port);
    const p = client.call('isComplete', { text: 'echo hi' });
    const sent = w.sent[0] as Extract<ToWorker, { type: 'rpc' }>;
    expect(sent).toMatchObject({
      v: PROTOCOL_VERSION,
      type: 'rpc',
      method: 'isComplete',
      params: { text: 'echo hi' },
    });
    w.emit({ type: 'rpcResult', id: sent.id, ok: true, result: true });
    await expect(p).resolves.toBe(true);
    const q = client.call('schema', {});
    w.emit({
      type: 'rpcResult',
      id: (w.sent[1] as { id: number }).id,
      ok: false,
      error: 'the session is starting',
    });
    await expect(q).rejects.toThrow('the session is starting');
  });
});
