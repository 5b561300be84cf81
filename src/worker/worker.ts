/// <reference lib="webworker" />
/**
 * Worker entry: the only file that calls postMessage on the worker side. Everything else is in
 * host.ts, which is tested without a Worker.
 */
import { createWorkerHost } from './host';
import { PROTOCOL_VERSION, type ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

// A turn of the event loop without setTimeout's 4 ms clamping (replays yield thousands of times).
const channel = new MessageChannel();
const turns: (() => void)[] = [];
channel.port1.onmessage = () => turns.shift()?.();
const yieldToLoop = () =>
  new Promise<void>((resolve) => {
    turns.push(resolve);
    channel.port2.postMessage(null);
  });

const host = createWorkerHost({
  post: (msg) => scope.postMessage(msg),
  schedule: (fn) => setTimeout(fn, 0),
  yieldToLoop,
});

scope.onmessage = (e: MessageEvent<ToWorker>) => {
  host.handle(e.data).catch((err: unknown) => {
    console.error(err);
    scope.postMessage({
      v: PROTOCOL_VERSION,
      type: 'fatal',
      message: err instanceof Error ? err.message : String(err),
    });
  });
};

// Simulated time follows wall time; 100 ms ticks keep the UI lively without flooding it.
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  void host.tick(now - last);
  last = now;
}, 100);
