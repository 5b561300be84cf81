/**
 * Code loaded on first use (`import()` of a chunk the browser fetches only when needed). Loading
 * takes wall time, not simulated time: the headless CLI's time driver asks whether a load is in
 * flight before it decides that a command is stuck waiting on nothing (src/cli/driver.ts).
 */
let inFlight = 0;

/** Memoise `load` and count it as in flight until it settles. */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    if (!loaded) {
      inFlight++;
      loaded = load().finally(() => {
        inFlight--;
      });
    }
    return loaded;
  };
}

/** How many first-use loads have not settled yet. */
export const lazyLoadsInFlight = (): number => inFlight;
