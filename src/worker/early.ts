/**
 * Starting the cluster worker before the UI's code has loaded (src/ui/main.tsx): the worker's
 * chunk downloads and compiles meanwhile. The Port keeps what the worker posts until the UI's
 * WorkerClient listens.
 */
import type { Port } from './client';
import type { FromWorker } from './protocol';

export function startWorkerEarly(): Port {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  const early: MessageEvent<FromWorker>[] = [];
  let listener: Port['onmessage'] = null;
  worker.onmessage = (e: MessageEvent<FromWorker>) => (listener ? listener(e) : void early.push(e));
  return {
    postMessage: (msg) => worker.postMessage(msg),
    get onmessage() {
      return listener;
    },
    set onmessage(fn) {
      listener = fn;
      if (fn) for (const e of early.splice(0)) fn(e);
    },
  };
}
