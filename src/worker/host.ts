/**
 * The worker side of the protocol, written against a `post` function so that it can be unit
 * tested without a Worker. Simulated time follows wall time × speed; every change the cluster
 * makes is batched and posted once per tick.
 */
import type { ChangeEntry } from '../api/changeset';
import type { KubeObject } from '../api/types';
import { Session } from '../session/session';
import type { Shell } from '../shell/index';
import type { FromWorker, ToWorker } from './protocol';

export interface WorkerHost {
  handle(msg: ToWorker): void;
  /** Move simulated time by `wallMs` × speed and post the batched changes. */
  tick(wallMs: number): void;
}

export function createWorkerHost(
  post: (msg: FromWorker) => void,
  listAll: (s: Session) => KubeObject[],
): WorkerHost {
  let session: Session | undefined;
  let speed = 1;
  const shells = new Map<string, Shell>();
  const running = new Map<string, AbortController>();
  let pending: ChangeEntry[] = [];

  const shellFor = (tab: string): Shell => {
    let sh = shells.get(tab);
    if (!sh) {
      sh = session!.newShell({}, () => post({ v: 1, type: 'clear', tab }));
      shells.set(tab, sh);
    }
    return sh;
  };

  return {
    handle(msg) {
      if (msg.type === 'init') {
        session = new Session({ seed: msg.seed, preset: msg.preset, tty: true });
        shells.clear();
        session.cluster.onChange((cs) => void pending.push(...cs));
        post({ v: 1, type: 'ready', now: session.cluster.now(), objects: listAll(session) });
      } else if (!session) {
        return;
      } else if (msg.type === 'run') {
        const ctl = new AbortController();
        running.set(msg.tab, ctl);
        const io = {
          stdout: (text: string) => post({ v: 1, type: 'output', tab: msg.tab, id: msg.id, text }),
          stderr: (text: string) => post({ v: 1, type: 'output', tab: msg.tab, id: msg.id, text }),
        };
        void shellFor(msg.tab)
          .run(msg.text, io, ctl.signal)
          .then((status) => {
            running.delete(msg.tab);
            post({ v: 1, type: 'done', tab: msg.tab, id: msg.id, status });
          });
      } else if (msg.type === 'interrupt') {
        running.get(msg.tab)?.abort('interrupt');
      } else if (msg.type === 'setSpeed') {
        speed = Math.max(0, msg.speed);
      }
    },
    tick(wallMs) {
      if (!session) return;
      if (speed > 0) session.cluster.advance(Math.round(wallMs * speed));
      if (pending.length) {
        const changes = pending;
        pending = [];
        post({ v: 1, type: 'tick', now: session.cluster.now(), changes });
      } else post({ v: 1, type: 'tick', now: session.cluster.now(), changes: [] });
    },
  };
}
