/**
 * The page's entry. It starts the cluster worker before anything else, so that the worker's
 * chunk (the engine, kubectl and the shell: the biggest script of the page) downloads and
 * compiles while the main thread fetches the UI (start.tsx), not after it.
 */
import { startWorkerEarly } from '../worker/early';

const port = startWorkerEarly();
void import('./start').then((m) => m.boot(port));
