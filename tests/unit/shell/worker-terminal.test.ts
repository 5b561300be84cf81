/**
 * The worker side of a terminal session (protocol v4): `input` messages reach the running
 * command's stdin, `termMode` tells the tab when the command reads and when a remote TTY takes
 * the terminal (raw), Ctrl-C goes to the remote in raw mode, and unread lines come back on `done`.
 */
import { describe, expect, it } from 'vitest';
import { createWorkerHost } from '../../../src/worker/host';
import { PROTOCOL_VERSION, type FromWorker, type ToWorker } from '../../../src/worker/protocol';

type In = ToWorker extends infer T ? (T extends unknown ? Omit<T, 'v'> : never) : never;
const turn = () => new Promise<void>((r) => setImmediate(r));

function harness() {
  const posted: FromWorker[] = [];
  const host = createWorkerHost({
    post: (m) => void posted.push(m),
    schedule: (fn) => void setImmediate(fn),
    yieldToLoop: turn,
  });
  const send = (m: In) => host.handle({ ...m, v: PROTOCOL_VERSION } as ToWorker);
  const output = (id: number) =>
    posted
      .filter((m): m is Extract<FromWorker, { type: 'output' }> => m.type === 'output' && m.id === id)
      .map((m) => m.text)
      .join('');
  const done = (id: number) =>
    posted.find((m): m is Extract<FromWorker, { type: 'done' }> => m.type === 'done' && m.id === id);
  /** Let simulated time pass until `until` holds (or give up). */
  const waitFor = async (until: () => boolean, ms = 500) => {
    for (let i = 0; i < 400 && !until(); i++) {
      await host.tick(ms);
      await turn();
    }
    return until();
  };
  return { host, posted, send, output, done, waitFor };
}

describe('terminal input through the worker', () => {
  it('an exec -it session: prompt, typed lines, raw mode, Ctrl-C to the remote, exit status', async () => {
    const h = harness();
    await h.send({ type: 'init', preset: 'kind', seed: 7, speed: 1 });
    await h.send({
      type: 'run',
      tab: '1',
      id: 1,
      text: 'kubectl run bb --image=busybox:1.36.1 -- sleep 3600',
    });
    await h.send({
      type: 'run',
      tab: '1',
      id: 2,
      text: 'kubectl wait --for=condition=Ready pod/bb --timeout=120s',
    });
    expect(await h.waitFor(() => h.done(2) !== undefined)).toBe(true);
    expect(h.output(2)).toBe('pod/bb condition met\n');

    await h.send({ type: 'run', tab: '1', id: 3, text: 'kubectl exec -it bb -- sh' });
    expect(await h.waitFor(() => h.output(3).endsWith('/ # '), 10)).toBe(true);
    const modes = h.posted.filter((m) => m.type === 'termMode');
    expect(modes.at(-1)).toEqual({ v: PROTOCOL_VERSION, type: 'termMode', tab: '1', id: 3, raw: true });

    await h.send({ type: 'input', tab: '1', id: 3, data: 'echo $HOSTNAME\n' });
    expect(await h.waitFor(() => h.output(3).endsWith('bb\n/ # '), 10)).toBe(true);
    // input for a command that is not the running one is dropped
    await h.send({ type: 'input', tab: '1', id: 99, data: 'echo lost\n' });
    await h.send({ type: 'input', tab: '1', id: 3, data: 'sleep 600\n' });
    await h.waitFor(() => h.output(3).endsWith('sleep 600\n'), 10);
    await h.send({ type: 'interrupt', tab: '1' });
    expect(await h.waitFor(() => h.output(3).endsWith('sleep 600\n^C\n/ # '), 10)).toBe(true);
    expect(h.done(3)).toBeUndefined(); // Ctrl-C did not end kubectl: the remote got it
    await h.send({ type: 'input', tab: '1', id: 3, data: 'exit 4\n' });
    expect(await h.waitFor(() => h.done(3) !== undefined, 10)).toBe(true);
    expect(h.output(3)).not.toContain('lost');
    expect(h.output(3).endsWith('/ # exit 4\ncommand terminated with exit code 4\n')).toBe(true);
    expect(h.done(3)!.status).toBe(4);
    // the journal records the input, so a replay types the same lines
    const snap = await (async () => {
      await h.send({ type: 'rpc', id: 500, method: 'snapshot', params: {} });
      for (let i = 0; i < 100; i++) {
        const r = h.posted.find(
          (m): m is Extract<FromWorker, { type: 'rpcResult' }> => m.type === 'rpcResult' && m.id === 500,
        );
        if (r && r.ok) return r.result as { journal: { t: string; data?: string | null }[] };
        await turn();
      }
      throw new Error('no snapshot');
    })();
    expect(snap.journal.filter((e) => e.t === 'in').map((e) => e.data)).toEqual([
      'echo $HOSTNAME\n',
      'sleep 600\n',
      'exit 4\n',
    ]);
  });

  it('lines typed into a command that never reads come back with done', async () => {
    const h = harness();
    await h.send({ type: 'init', preset: 'kind', seed: 7, speed: 1 });
    await h.send({ type: 'run', tab: '1', id: 1, text: 'sleep 5' });
    await h.send({ type: 'input', tab: '1', id: 1, data: 'kubectl get pods\n' });
    expect(await h.waitFor(() => h.done(1) !== undefined)).toBe(true);
    expect(h.done(1)!.unread).toEqual(['kubectl get pods\n']);
    expect(h.posted.some((m) => m.type === 'termMode')).toBe(false);
  });
});
