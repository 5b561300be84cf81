/**
 * Headless time driver: while a command runs, jump simulated time from timer to timer as long as
 * somebody waits on a deadline (`sleep 30`, `timeout 30 …`, `kubectl wait --timeout`), and yield to
 * the JavaScript event loop between jumps so the command's own promises run in order.
 *
 * A command that waits with no deadline and nothing else pending (`kubectl get pods -w` in a
 * transcript) can never end on its own: the driver interrupts it as Ctrl-C would, and says why.
 */
import { lazyLoadsInFlight } from '../api/lazy';
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
  /**
   * Scripted terminal input (a transcript's `> ` lines): called once the command has settled at
   * the current instant, before simulated time moves. Returns true when it typed something.
   * Typing takes no simulated time.
   */
  feed?: () => boolean;
  /**
   * While true, a command with nobody waiting on a deadline is still waited for, timer by timer,
   * as a learner watching an interactive session would (a `sleep 5` typed into a container's
   * shell). The caller bounds it.
   */
  waitAnyway?: () => boolean;
  /**
   * A learner at the keyboard (the interactive prompt) is in a session with the command: while
   * true and nobody waits on a deadline, the command is never interrupted, and simulated time
   * follows wall time as in the browser.
   */
  live?: () => boolean;
}

const wallPause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

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
  /** Event-loop turns since time last moved or input was typed (input waits for a quiet instant). */
  let turns = 0;
  while (!settled) {
    await yieldToEventLoop();
    if (settled) break;
    if (opts.feed) {
      if (++turns < 20) continue;
      if (opts.feed()) {
        turns = 0;
        idleRounds = 0;
        continue;
      }
    }
    const { finite, openEnded } = session.waiting();
    if (finite > 0 || opts.waitAnyway?.()) {
      turns = 0;
      idleRounds = 0;
      if (!clock.step(limit)) {
        opts.interrupt();
      }
      continue;
    }
    // Code loaded on first use arrives in wall time: wait for it before deciding anything.
    if (lazyLoadsInFlight() > 0) {
      await wallPause(1);
      continue;
    }
    // Nobody waits on a deadline. Give pending promise chains a few turns before deciding.
    if (++idleRounds < 20) continue;
    if (opts.live?.()) {
      const before = Date.now();
      await wallPause(20);
      session.cluster.advance(Math.min(1000, Date.now() - before));
      idleRounds = 0;
      continue;
    }
    if (openEnded > 0 || idleRounds > 100_000) {
      if (opts.park?.()) return PARKED;
      opts.onStuck?.();
      opts.interrupt();
      idleRounds = 0;
    }
  }
  return tracked;
}
