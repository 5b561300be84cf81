/**
 * The lesson runtime inside the worker: a LessonHost built on the worker's session, and the
 * glue that feeds it and reports back to the UI.
 *
 *  - The lesson's own commands (start manifests, injected faults) run in hidden shells and are
 *    journaled like every other input, so a saved session replays them and a reload finds the
 *    cluster exactly as the lesson left it. Files it writes are journaled too.
 *  - Every ChangeSet marks the lesson dirty; the host calls `tick()` once per tick, so a burst of
 *    changes costs one evaluation of the current step's checks.
 *  - Every line the learner runs in a terminal is recorded with its exit status.
 *  - Views are posted as `lesson` messages, only when they changed.
 */
import { hostHttpProbe, podHttpProbe } from '../lessons/hostnet';
import type { LessonProgress } from '../lessons/progress';
import { LessonRuntime, type LessonHost, type LessonView } from '../lessons/runtime';
import type { Capability, Lesson } from '../lessons/types';
import { registeredCommands } from '../kubectl/registry';
import type { Session } from '../session/session';
import type { JournalEntry } from '../session/snapshot';
import { PROTOCOL_VERSION, type CommandResult, type FromWorker, type LessonAction } from './protocol';

/** What the lessons need of the host's session (HostSession in host.ts). */
export interface LessonSessionPort {
  readonly session: Session;
  /** Run a command line in a hidden shell (journaled: replays restore its effect). */
  exec(text: string, journaled: boolean): Promise<CommandResult>;
  /** A journaled input (file writes). */
  input(entry: JournalEntry): Promise<void> | void;
}

/**
 * What the worker's simulator can do. The engine runs the scheduler, kubelets, controllers,
 * endpoints, DNS and the host network; kubectl verbs are whatever kubectl has registered.
 */
export function workerCapabilities(): (c: Capability) => boolean {
  const verbs = new Set(registeredCommands().flatMap((c) => [c.name, ...(c.aliases ?? [])]));
  return (c) => {
    if (c.startsWith('kubectl:')) return verbs.has(c.slice('kubectl:'.length));
    if (c === 'exec' || c === 'port-forward' || c === 'debug') return verbs.has(c);
    return true;
  };
}

export function sessionLessonHost(port: LessonSessionPort): LessonHost {
  const { session } = port;
  return {
    client: session.cluster.client,
    now: () => session.cluster.now(),
    writeFile: (path, content) => void port.input({ t: 'write', path, text: content }),
    run: async (text) => {
      const r = await port.exec(text, true);
      return { status: r.status, output: r.output };
    },
    // Requests from the learner's machine go where `curl localhost:PORT` goes, requests from a
    // pod start in its network namespace; the browser's clock runs by itself, so the request
    // completes as simulated time moves on.
    http: hostHttpProbe(session.host, { fromPod: podHttpProbe(session.cluster) }),
    has: workerCapabilities(),
  };
}

export class WorkerLessons {
  private runtime: LessonRuntime | undefined;
  private dirty = false;
  private lastPosted = '';
  private readonly unsubscribe: () => void;

  constructor(
    private readonly port: LessonSessionPort,
    private readonly post: (msg: FromWorker) => void,
  ) {
    this.unsubscribe = port.session.cluster.onChange(() => {
      this.dirty = true;
    });
  }

  /** The lesson being played, if any (saved with the session snapshot). */
  get lessonId(): string | undefined {
    return this.runtime?.spec.id;
  }

  async start(lesson: Lesson, progress: LessonProgress | undefined, restored: boolean): Promise<void> {
    this.stopRuntime();
    const options: ConstructorParameters<typeof LessonRuntime>[2] = { sessionRestored: restored };
    if (progress && progress.lessonId === lesson.spec.id) options.progress = progress;
    const rt = new LessonRuntime(lesson, sessionLessonHost(this.port), options);
    this.runtime = rt;
    rt.subscribe((view) => this.publish(rt, view));
    await rt.start();
  }

  private publish(rt: LessonRuntime, view: LessonView): void {
    if (rt !== this.runtime) return;
    const msg: FromWorker = { v: PROTOCOL_VERSION, type: 'lesson', view, progress: rt.progress() };
    const key = JSON.stringify(msg);
    if (key === this.lastPosted) return;
    this.lastPosted = key;
    this.post(msg);
  }

  /**
   * A line the learner started in a terminal tab: recorded at once (a port-forward runs until
   * Ctrl-C, and the step asks for it while it runs); call the result with its exit status.
   */
  commandStarted(line: string): (status: number) => void {
    const rt = this.runtime;
    const cmd = rt?.recordCommand(line);
    return (status) => {
      if (rt && cmd && rt === this.runtime) rt.commandFinished(cmd, status);
    };
  }

  /** Once per tick: re-evaluate the current step if the cluster changed since the last tick. */
  tick(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.runtime?.notify();
  }

  async action(a: LessonAction): Promise<void> {
    const rt = this.runtime;
    if (!rt) return;
    switch (a.action) {
      case 'next':
        return rt.next();
      case 'skip':
        return rt.skip();
      case 'hint':
        rt.revealHint();
        return;
      case 'answer':
        try {
          rt.answer(a.choice);
        } catch {
          // Not a choice of this step (a stale panel): nothing to record.
        }
        return;
      case 'stop':
        this.stopRuntime();
        this.lastPosted = '';
        this.post({ v: PROTOCOL_VERSION, type: 'lesson', view: null, progress: null });
        return;
    }
  }

  /** Resolves when the runtime has no evaluation queued (tests). */
  async settled(): Promise<void> {
    await this.runtime?.settled();
  }

  private stopRuntime(): void {
    this.runtime?.dispose();
    this.runtime = undefined;
  }

  dispose(): void {
    this.stopRuntime();
    this.unsubscribe();
  }
}
