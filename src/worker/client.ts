/**
 * The main thread's handle on the worker: send requests, subscribe to what comes back.
 */
import type { FromWorker, ToWorker } from './protocol';

type Listener = (msg: FromWorker) => void;

export class WorkerClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<Listener>();

  constructor() {
    this.worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      for (const l of this.listeners) l(e.data);
    };
  }

  send(msg: ToWorker): void {
    this.worker.postMessage(msg);
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
