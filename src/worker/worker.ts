/// <reference lib="webworker" />
/**
 * Worker entry: the only file that calls postMessage on the worker side.
 */
import type { KubeObject } from '../api/types';
import { createWorkerHost } from './host';
import type { ToWorker } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const host = createWorkerHost(
  (msg) => scope.postMessage(msg),
  () => [] as KubeObject[],
);

scope.onmessage = (e: MessageEvent<ToWorker>) => host.handle(e.data);

// Simulated time follows wall time; 100 ms ticks keep the UI lively without flooding it.
let last = performance.now();
setInterval(() => {
  const now = performance.now();
  host.tick(now - last);
  last = now;
}, 100);
