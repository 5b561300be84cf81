/**
 * The main thread's handle on the worker: send messages, call typed RPCs, subscribe to what
 * comes back. Nothing here waits on the engine synchronously; every answer is a Promise.
 */
import {
  PROTOCOL_VERSION,
  type FromWorker,
  type RpcMethod,
  type RpcMethods,
  type ToWorker,
} from './protocol';

type Listener = (msg: FromWorker) => void;

/** Anything that speaks the protocol: a real Worker, or a fake in tests. */
export interface Port {
  postMessage(msg: ToWorker): void;
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null;
}

/** A message without its version field (the client adds it). */
type Unversioned<T> = T extends unknown ? Omit<T, 'v'> : never;

export class WorkerClient {
  private readonly port: Port;
  private readonly listeners = new Set<Listener>();
  private readonly calls = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private nextId = 1;

  constructor(port?: Port) {
    this.port =
      port ?? (new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }) as unknown as Port);
    this.port.onmessage = (e) => this.receive(e.data);
  }

  private receive(msg: FromWorker): void {
    if (msg.type === 'rpcResult') {
      const call = this.calls.get(msg.id);
      if (!call) return;
      this.calls.delete(msg.id);
      if (msg.ok) call.resolve(msg.result);
      else call.reject(new Error(msg.error));
      return;
    }
    for (const l of this.listeners) l(msg);
  }

  send(msg: Unversioned<Exclude<ToWorker, { type: 'rpc' }>>): void {
    this.port.postMessage({ ...msg, v: PROTOCOL_VERSION } as ToWorker);
  }

  /** Call the worker and wait for its answer. */
  call<M extends RpcMethod>(method: M, params: RpcMethods[M]['params']): Promise<RpcMethods[M]['result']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.port.postMessage({ v: PROTOCOL_VERSION, type: 'rpc', id, method, params } as ToWorker);
    });
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
