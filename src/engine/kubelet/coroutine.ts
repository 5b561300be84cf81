/**
 * Cooperative tasks on the simulated clock.
 *
 * The kubelet is written in Go as goroutines that block: a pod worker waits for a container to
 * stop, a probe worker sleeps for its period, `sleep 5` in a container blocks its shell. Here the
 * same code is a generator that `yield`s what it waits for (a timer, a container exit, an HTTP
 * answer) and is resumed from a SimClock timer when that happens. Everything stays synchronous
 * and deterministic: a task never runs outside `clock.advance()`/`settle()`, and two tasks woken
 * at the same instant run in the order their timers were set.
 *
 *   function* syncPod(): Task<void> {
 *     yield* wait(sleepFor(clock, 500));          // time.Sleep(500 * time.Millisecond)
 *     const code = yield* wait(container.exited); // <-container.exitCh
 *   }
 *   spawn(syncPod(), (r) => …);
 */
import type { SimClock } from '../clock';

/** Something a task can wait for. `subscribe` calls `cb` once (possibly at once) and returns a cancel function. */
export interface Waitable<T> {
  subscribe(cb: (value: T) => void): () => void;
}

export type Task<R = void> = Generator<Waitable<unknown>, R, unknown>;

/** `const v = yield* wait(w)`: wait for `w` and get its value, typed. */
export function* wait<T>(w: Waitable<T>): Generator<Waitable<unknown>, T, unknown> {
  return (yield w as Waitable<unknown>) as T;
}

/** Resolves after `ms` of simulated time. */
export function sleepFor(clock: SimClock, ms: number, label = 'sleep'): Waitable<void> {
  return {
    subscribe(cb) {
      // whole milliseconds: the clock's time stays an integer (event names use it as nanoseconds)
      const id = clock.setTimeout(() => cb(), Math.max(0, Math.ceil(ms)), label);
      return () => clock.clearTimeout(id);
    },
  };
}

/** Already resolved (a channel that has a value). */
export function resolved<T>(value: T): Waitable<T> {
  return {
    subscribe(cb) {
      cb(value);
      return () => {};
    },
  };
}

/** A waitable that never resolves (a nil channel). */
export const never: Waitable<never> = { subscribe: () => () => {} };

/**
 * A one-shot event, like a Go channel that is closed once: every waiter, past and future, gets
 * the value. Waiters are called synchronously from `fire`, in subscription order.
 */
export class Signal<T = void> implements Waitable<T> {
  private fired = false;
  private value: T | undefined;
  private waiters: ((v: T) => void)[] = [];

  get done(): boolean {
    return this.fired;
  }

  get result(): T | undefined {
    return this.value;
  }

  fire(value: T): void {
    if (this.fired) return;
    this.fired = true;
    this.value = value;
    const ws = this.waiters;
    this.waiters = [];
    for (const w of ws) w(value);
  }

  subscribe(cb: (value: T) => void): () => void {
    if (this.fired) {
      cb(this.value as T);
      return () => {};
    }
    this.waiters.push(cb);
    return () => {
      const i = this.waiters.indexOf(cb);
      if (i >= 0) this.waiters.splice(i, 1);
    };
  }
}

/** The first of several waitables (a `select`): resolves with its index and value. */
export function race(...ws: Waitable<unknown>[]): Waitable<{ index: number; value: unknown }> {
  return {
    subscribe(cb) {
      let done = false;
      const cancels: (() => void)[] = [];
      ws.forEach((w, index) => {
        if (done) return;
        const cancel = w.subscribe((value) => {
          if (done) return;
          done = true;
          for (const c of cancels) c();
          cb({ index, value });
        });
        cancels.push(cancel);
      });
      if (done) for (const c of cancels) c();
      return () => {
        done = true;
        for (const c of cancels) c();
      };
    },
  };
}

export type TaskResult<R> = { ok: true; value: R } | { ok: false; error: unknown; cancelled: boolean };

/** A running task. */
export class TaskHandle<R> implements Waitable<TaskResult<R>> {
  readonly finished = new Signal<TaskResult<R>>();
  private cancelCurrent: (() => void) | undefined;
  private running = true;

  constructor(private readonly gen: Task<R>) {}

  get done(): boolean {
    return !this.running;
  }

  subscribe(cb: (value: TaskResult<R>) => void): () => void {
    return this.finished.subscribe(cb);
  }

  /** Stop the task where it waits; its `finally` blocks run. */
  cancel(): void {
    if (!this.running) return;
    this.running = false;
    this.cancelCurrent?.();
    this.cancelCurrent = undefined;
    try {
      this.gen.return(undefined as R);
    } catch {
      // a finally block that throws has nobody to report to
    }
    this.finished.fire({ ok: false, error: new Error('cancelled'), cancelled: true });
  }

  /** @internal Run until the task waits for something not yet available, or ends. */
  step(input: unknown, isError = false): void {
    let next: unknown = input;
    let throwing = isError;
    for (;;) {
      if (!this.running) return;
      let r: IteratorResult<Waitable<unknown>, R>;
      try {
        r = throwing ? this.gen.throw(next) : this.gen.next(next);
      } catch (error) {
        this.running = false;
        this.finished.fire({ ok: false, error, cancelled: false });
        return;
      }
      throwing = false;
      if (r.done) {
        this.running = false;
        this.finished.fire({ ok: true, value: r.value });
        return;
      }
      let sync = true;
      let gotSync = false;
      let syncValue: unknown;
      this.cancelCurrent = r.value.subscribe((v) => {
        if (sync) {
          gotSync = true;
          syncValue = v;
        } else {
          this.cancelCurrent = undefined;
          this.step(v);
        }
      });
      sync = false;
      if (!gotSync) return;
      this.cancelCurrent = undefined;
      next = syncValue;
    }
  }
}

/** Start a task now (it runs until its first wait before `spawn` returns). */
export function spawn<R>(task: Task<R>, onDone?: (result: TaskResult<R>) => void): TaskHandle<R> {
  const h = new TaskHandle(task);
  if (onDone) h.finished.subscribe(onDone);
  h.step(undefined);
  return h;
}
