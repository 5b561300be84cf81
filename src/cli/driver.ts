/**
 * Headless time driver: while a command runs, jump simulated time from timer to timer as long as
 * somebody waits on a deadline (`sleep 30`, `timeout 30 …`, `kubectl wait --timeout`), and yield to
 * the JavaScript event loop between jumps so the command's own promises run in order.
 *
 * A command that waits with no deadline and nothing else pending (`kubectl get pods -w` in a
 * transcript) can never end on its own: the driver interrupts it as Ctrl-C would, and says why.
 */
import type { Session } from '../session/session';

const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export interface DriveOptions {
  /** Interrupt a command waiting on nothing but a signal (transcripts). */
  interrupt: () => void;
  /** Called when the driver had to interrupt an open-ended wait. */
  onStuck?: () => void;
  /** Safety valve against runaway loops: the most simulated time one command may take (default 10 years). */
  maxSimulatedMs?: number;
  /**
   * A command waiting on nothing but a signal may be left running (a transcript switches to
   * another terminal tab, e.g. after `kubectl port-forward`): then the driver returns `parked`
   * instead of interrupting it.
   */
  park?: () => boolean;
}

/** What driveUntilSettled returns for a command left running in its tab. */
export const PARKED = Symbol('parked');

export async function driveUntilSettled<T>(
  session: Session,
  work: Promise<T>,
  opts: DriveOptions,
): Promise<T | typeof PARKED> {
  let settled = false;
  const tracked = work.finally(() => {
    settled = true;
  });
  tracked.catch(() => {});
  const clock = session.cluster.clock;
  const limit = clock.now() + (opts.maxSimulatedMs ?? 10 * 365 * 86_400_000);
  let idleRounds = 0;
  while (!settled) {
    await yieldToEventLoop();
    if (settled) break;
    const { finite, openEnded } = session.waiting();
    if (finite > 0) {
      idleRounds = 0;
      if (!clock.step(limit)) {
        opts.interrupt();
      }
      continue;
    }
    // Nobody waits on a deadline. Give pending promise chains a few turns before deciding.
    if (++idleRounds < 20) continue;
    if (openEnded > 0 || idleRounds > 100_000) {
      if (opts.park?.()) return PARKED;
      opts.onStuck?.();
      opts.interrupt();
      idleRounds = 0;
    }
  }
  return tracked;
}
