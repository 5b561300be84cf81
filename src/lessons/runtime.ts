/**
 * The lesson runtime: one lesson played on one cluster.
 *
 *     const rt = new LessonRuntime(lesson, host, { progress });
 *     rt.subscribe((view) => render(view));     // the panel: steps, live checklist, hints
 *     await rt.start();                         // files, start manifests/commands, resume
 *     cluster.onChange((cs) => rt.notify(cs));  // every ChangeSet (evaluations are coalesced)
 *     rt.recordCommand(line, status);           // every line the learner runs in a terminal
 *     rt.next(); rt.revealHint(); rt.answer('b'); rt.skip();
 *     save(rt.progress());
 *
 * It is host-independent: it reads the cluster through the host's KubeClient (checks only GET
 * and LIST), runs its own commands (`kubectl apply -f` of start manifests and injected faults)
 * through a hidden shell the host provides, and writes lesson files into the learner's file
 * system. It has no timers: the host calls `notify()` when the cluster changed (the browser
 * worker once per tick, with the tick's ChangeSet), and all notifications that arrive while an
 * evaluation is queued or running are answered by one more evaluation ("debounced per tick").
 */
import type { ChangeSet } from '../api/changeset';
import type { KubeClient } from '../api/client';
import { evaluateChecks, type CheckContext, type CheckResult, type HttpProbe, type RecordedCommand } from './checks/index';
import { PROGRESS_VERSION, type LessonProgress, type StepProgress } from './progress';
import { ResourceMapper } from './resources';
import type { Capability, Lesson, StepKind, StepSpec, Text } from './types';

export interface LessonHost {
  client: KubeClient;
  /** Simulated time (ms). */
  now(): number;
  /** Write a file into the learner's file system (absolute path). */
  writeFile(path: string, content: string): void;
  /**
   * Run shell text in a shell that is not the learner's terminal (no history, output not shown),
   * and resolve once it has finished. Used for start manifests, start commands, injected faults
   * and, when resuming, the solutions of the steps already done.
   */
  run(text: string): Promise<{ status: number; output: string }>;
  /** HTTP inside the simulated network; absent until the host can do it (http checks then fail and say so). */
  http?: HttpProbe;
  /** What the simulator can do (default: everything). Steps needing more are marked unavailable. */
  has?(capability: Capability): boolean;
}

export interface RuntimeOptions {
  /** Resume from saved progress: finished steps are replayed from their solutions. */
  progress?: LessonProgress;
  /** Move on as soon as a do/break/predict step is done (default: wait for `next()`). */
  autoAdvance?: boolean;
  /** The learner's home directory, where lesson files are copied (default `/root`). */
  home?: string;
  /**
   * The session itself was restored (a saved snapshot of cluster and files): the start state
   * and the steps done are already there, so `start()` neither applies nor replays anything.
   */
  sessionRestored?: boolean;
}

/**
 * - `pending`: not reached yet;
 * - `preparing`: a break step injecting its fault;
 * - `active`: the current step, checks evaluated live;
 * - `done`: its checks held (latched) or, for read steps, reached;
 * - `skipped`: passed over with `skip()`.
 */
export type StepState = 'pending' | 'preparing' | 'active' | 'done' | 'skipped';

export interface PredictReveal {
  chosen: string;
  answer: string;
  correct: boolean;
  explanation: Text;
}

export interface StepView {
  index: number;
  id: string;
  kind: StepKind;
  state: StepState;
  /** Latest check results of the current step (undefined before the first evaluation). */
  results?: CheckResult[];
  hintsShown: Text[];
  hintsLeft: number;
  /** predict: the learner's choice, and after the step is done, the reveal. */
  answer?: string;
  reveal?: PredictReveal;
  /** Capabilities the simulator lacks for this step. */
  missing: Capability[];
}

export type Phase = 'idle' | 'starting' | 'running' | 'finished' | 'failed';

export interface LessonView {
  lessonId: string;
  phase: Phase;
  current: number;
  steps: StepView[];
  /** Why the lesson could not start or inject a fault (phase `failed`). */
  error?: Text;
}

/** Where injected manifests are written: out of the learner's sight (the fault is theirs to find). */
export const INJECT_DIR = '/var/lib/breakfix/lessons';

interface StepRuntime {
  state: StepState;
  results?: CheckResult[];
  progress: StepProgress;
}

export class LessonRuntime {
  private readonly mapper: ResourceMapper;
  private readonly home: string;
  private phase: Phase = 'idle';
  private current = 0;
  private readonly steps: StepRuntime[];
  private error: Text | undefined;
  private lessonStartedAt = 0;
  private stepStartedAt = 0;
  private readonly commands: RecordedCommand[] = [];
  private readonly listeners = new Set<(view: LessonView) => void>();
  /** Bumped whenever the current step changes; evaluations of an older step are dropped. */
  private generation = 0;
  private dirty = false;
  private loop: Promise<void> | undefined;
  /** An automatic move to the next step (autoAdvance) in progress. */
  private moving: Promise<void> | undefined;
  private disposed = false;

  constructor(
    readonly lesson: Lesson,
    private readonly host: LessonHost,
    private readonly options: RuntimeOptions = {},
  ) {
    this.mapper = new ResourceMapper(host.client);
    this.home = options.home ?? '/root';
    this.steps = lesson.spec.steps.map((s) => ({
      state: 'pending',
      progress: { done: false, hints: 0, ...restored(options.progress, s) },
    }));
  }

  get spec(): Lesson['spec'] {
    return this.lesson.spec;
  }

  // ---- starting -----------------------------------------------------------------------------

  /** Put the cluster and the files in the lesson's start state, then enter the current step. */
  async start(): Promise<void> {
    if (this.phase !== 'idle') throw new Error('lesson already started');
    this.phase = 'starting';
    this.emit();
    this.lessonStartedAt = this.host.now();
    const { spec } = this.lesson;
    const restored = this.options.sessionRestored === true;
    if (!restored) {
      for (const name of spec.start?.files ?? []) this.host.writeFile(`${this.home}/${name}`, this.file(name));
    }
    try {
      if (!restored) {
        for (const name of spec.start?.manifests ?? []) await this.apply(name);
        for (const line of spec.start?.commands ?? []) await this.runOrFail(line);
      }
      // Resume: replay the steps already done from their solutions (unless the session has them).
      const resumeAt = this.resumeIndex();
      for (let i = 0; i < resumeAt; i++) {
        const step = spec.steps[i]!;
        if (!restored) {
          await this.inject(step);
          for (const line of step.solution ?? []) await this.host.run(line);
        }
        const s = this.steps[i]!;
        s.state = s.progress.done ? 'done' : 'skipped';
      }
      if (this.options.progress?.finished) {
        this.current = spec.steps.length - 1;
        this.phase = 'finished';
        this.emit();
        return;
      }
      this.phase = 'running';
      // A restored session already has the current break step's fault (if it was entered).
      await this.enter(resumeAt, !(restored && this.options.progress !== undefined));
    } catch (e) {
      this.fail(e);
    }
  }

  private resumeIndex(): number {
    const p = this.options.progress;
    if (!p || p.lessonId !== this.spec.id) return 0;
    const i = this.spec.steps.findIndex((s) => s.id === p.current);
    return p.finished ? this.spec.steps.length : Math.max(0, i);
  }

  private file(name: string): string {
    const content = this.lesson.files[name];
    if (content === undefined) throw new Error(`lesson ${this.spec.id}: files/${name} does not exist`);
    return content;
  }

  private async apply(name: string): Promise<void> {
    const path = `${INJECT_DIR}/${this.spec.id}/${name}`;
    this.host.writeFile(path, this.file(name));
    await this.runOrFail(`kubectl apply -f ${path}`);
  }

  private async runOrFail(line: string): Promise<void> {
    const { status, output } = await this.host.run(line);
    if (status !== 0) throw new StartError(line, status, output);
  }

  private async inject(step: StepSpec): Promise<void> {
    if (step.kind !== 'break' || !step.inject) return;
    for (const name of step.inject.manifests ?? []) await this.apply(name);
    for (const line of step.inject.commands ?? []) await this.runOrFail(line);
  }

  private fail(e: unknown): void {
    this.phase = 'failed';
    this.error =
      e instanceof StartError
        ? {
            en: `The lesson could not set up the cluster: \`${e.line}\` exited with ${e.status}.\n${e.output}`,
            ja: `レッスンの準備に失敗しました: \`${e.line}\` が終了コード ${e.status} で終わりました。\n${e.output}`,
          }
        : {
            en: `The lesson could not set up the cluster: ${e instanceof Error ? e.message : String(e)}`,
            ja: `レッスンの準備に失敗しました: ${e instanceof Error ? e.message : String(e)}`,
          };
    this.emit();
  }

  // ---- steps ----------------------------------------------------------------------------------

  private async enter(index: number, inject = true): Promise<void> {
    this.generation++;
    this.current = index;
    const step = this.spec.steps[index]!;
    const s = this.steps[index]!;
    s.results = undefined;
    s.state = 'preparing';
    this.emit();
    if (inject) await this.inject(step);
    this.stepStartedAt = this.host.now();
    s.state = 'active';
    if (step.kind === 'read' || (step.kind === 'predict' && !step.checks?.length && s.progress.answer)) {
      this.markDone(index);
    }
    this.emit();
    this.notify();
  }

  /** Move to the next step (the current one must be done). */
  async next(): Promise<void> {
    const s = this.steps[this.current];
    if (this.phase !== 'running' || !s || s.state !== 'done') return;
    await this.advance();
  }

  /** Pass over the current step without doing it (e.g. when the simulator cannot do it yet). */
  async skip(): Promise<void> {
    const s = this.steps[this.current];
    if (this.phase !== 'running' || !s || (s.state !== 'active' && s.state !== 'done')) return;
    if (s.state !== 'done') s.state = 'skipped';
    await this.advance();
  }

  private async advance(): Promise<void> {
    if (this.current + 1 >= this.spec.steps.length) {
      this.generation++;
      this.phase = 'finished';
      this.emit();
      return;
    }
    try {
      await this.enter(this.current + 1);
    } catch (e) {
      this.fail(e);
    }
  }

  private markDone(index: number): void {
    const s = this.steps[index]!;
    if (s.state === 'done') return;
    s.state = 'done';
    s.progress.done = true;
    this.emit();
    // Read steps wait for the learner even then: reading takes the time it takes.
    if (this.options.autoAdvance && index === this.current && this.spec.steps[index]!.kind !== 'read') {
      const moving = this.next().finally(() => {
        if (this.moving === moving) this.moving = undefined;
      });
      this.moving = moving;
    }
  }

  /** Show the next hint of the current step; returns it (undefined when there are no more). */
  revealHint(): Text | undefined {
    const step = this.spec.steps[this.current];
    const s = this.steps[this.current];
    if (!step || !s) return undefined;
    const hint = step.hints?.[s.progress.hints];
    if (!hint) return undefined;
    s.progress.hints++;
    this.emit();
    return hint;
  }

  /** Answer the current predict step. The answer is final once given. */
  answer(choiceId: string): void {
    const step = this.spec.steps[this.current];
    const s = this.steps[this.current];
    if (!step || !s || step.kind !== 'predict' || s.progress.answer !== undefined || s.state !== 'active') return;
    if (!step.choices?.some((c) => c.id === choiceId)) throw new Error(`unknown choice ${choiceId}`);
    s.progress.answer = choiceId;
    if (!step.checks?.length) this.markDone(this.current);
    this.emit();
    this.notify();
  }

  // ---- commands and evaluation ------------------------------------------------------------------

  /**
   * A line the learner ran in a terminal (with its exit status when known). Hosts that see a
   * command start before it ends (a port-forward runs until Ctrl-C) record it at once and give
   * the status later with `commandFinished`.
   */
  recordCommand(line: string, status?: number): RecordedCommand {
    const cmd: RecordedCommand = { line, time: this.host.now(), step: this.current };
    if (status !== undefined) cmd.status = status;
    this.commands.push(cmd);
    this.notify();
    return cmd;
  }

  /** The exit status of a command recorded without one. */
  commandFinished(cmd: RecordedCommand, status: number): void {
    cmd.status = status;
    this.notify();
  }

  /**
   * The cluster changed: call with every ChangeSet (or once per tick). The changes themselves
   * are not needed: checks read the cluster as it is now, and a burst of notifications costs one
   * evaluation.
   */
  notify(_changes?: ChangeSet): void {
    if (this.disposed) return;
    this.dirty = true;
    this.loop ??= this.runLoop();
  }

  private async runLoop(): Promise<void> {
    // Let the rest of the current burst of changes arrive first.
    await Promise.resolve();
    while (this.dirty && !this.disposed) {
      this.dirty = false;
      await this.evaluateCurrent();
    }
    this.loop = undefined;
  }

  /** Resolves when no evaluation (or automatic move to the next step) is queued or running. */
  async settled(): Promise<void> {
    while (this.loop || this.moving) await (this.loop ?? this.moving);
  }

  /** Evaluate the current step now and return its results (tests, "check again" buttons). */
  async evaluate(): Promise<CheckResult[]> {
    await this.evaluateCurrent();
    return this.steps[this.current]?.results ?? [];
  }

  private checkContext(): CheckContext {
    const ctx: CheckContext = {
      client: this.host.client,
      mapper: this.mapper,
      namespace: this.spec.namespace ?? 'default',
      now: () => this.host.now(),
      stepIndex: this.current,
      stepStartedAt: this.stepStartedAt,
      lessonStartedAt: this.lessonStartedAt,
      commands: this.commands,
    };
    if (this.host.http) ctx.http = this.host.http;
    return ctx;
  }

  private async evaluateCurrent(): Promise<void> {
    if (this.phase !== 'running') return;
    const index = this.current;
    const step = this.spec.steps[index]!;
    const s = this.steps[index]!;
    if (s.state !== 'active' || !step.checks?.length) return;
    // A predict step waits for its answer before it looks at the cluster.
    if (step.kind === 'predict' && s.progress.answer === undefined) return;
    const generation = this.generation;
    const results = await evaluateChecks(this.checkContext(), step.checks);
    if (generation !== this.generation || s.state !== 'active') return;
    s.results = results;
    if (results.every((r) => r.passed)) this.markDone(index);
    this.emit();
  }

  // ---- views ------------------------------------------------------------------------------------

  subscribe(listener: (view: LessonView) => void): () => void {
    this.listeners.add(listener);
    listener(this.view());
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const view = this.view();
    for (const l of this.listeners) l(view);
  }

  view(): LessonView {
    const view: LessonView = {
      lessonId: this.spec.id,
      phase: this.phase,
      current: this.current,
      steps: this.spec.steps.map((step, index) => this.stepView(step, index)),
    };
    if (this.error) view.error = this.error;
    return view;
  }

  private stepView(step: StepSpec, index: number): StepView {
    const s = this.steps[index]!;
    const hints = step.hints ?? [];
    const has = this.host.has;
    const missing = has
      ? [...(this.spec.requires ?? []), ...(step.requires ?? [])].filter((c) => !has.call(this.host, c))
      : [];
    const v: StepView = {
      index,
      id: step.id,
      kind: step.kind,
      state: s.state,
      hintsShown: hints.slice(0, s.progress.hints),
      hintsLeft: Math.max(0, hints.length - s.progress.hints),
      missing,
    };
    if (s.results) v.results = s.results;
    if (s.progress.answer !== undefined) {
      v.answer = s.progress.answer;
      if (s.state === 'done' && step.answer !== undefined && step.explanation) {
        v.reveal = {
          chosen: s.progress.answer,
          answer: step.answer,
          correct: s.progress.answer === step.answer,
          explanation: step.explanation,
        };
      }
    }
    return v;
  }

  /** Serialisable progress for saving and export. */
  progress(): LessonProgress {
    const steps: Record<string, StepProgress> = {};
    this.spec.steps.forEach((step, i) => {
      steps[step.id] = { ...this.steps[i]!.progress };
    });
    return {
      v: PROGRESS_VERSION,
      lessonId: this.spec.id,
      current: this.spec.steps[this.current]?.id ?? '',
      steps,
      finished: this.phase === 'finished',
    };
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.listeners.clear();
  }
}

class StartError extends Error {
  constructor(
    readonly line: string,
    readonly status: number,
    readonly output: string,
  ) {
    super(`${line} exited with ${status}`);
  }
}

function restored(progress: LessonProgress | undefined, step: StepSpec): Partial<StepProgress> {
  const p = progress?.steps[step.id];
  return p ? { ...p } : {};
}
