/**
 * The worker side of the protocol, written against injected effects (`post`, `schedule`,
 * `yieldToLoop`) so that it runs in a Worker and in vitest alike.
 *
 *  - Time: every tick moves simulated time by wall time × speed (capped at one second of wall
 *    time per tick, so a sleeping laptop does not come back to a cluster hours older).
 *  - Changes: every ChangeEntry the cluster emits is merged per object and posted once per tick,
 *    with the printer's cells (STATUS, READY …) attached; a full listing only on init.
 *  - Terminals: one shell per tab; a blocking command holds only its tab; output is batched.
 *  - kubectl edit: the session's editor asks the UI to open a tab and waits for its answer.
 *  - Saved state: every input is journaled (src/session/snapshot.ts) and the journal's changes
 *    travel with the ticks, so the UI can save it; `init` with a snapshot replays it.
 */
import { TerminalInput, type Editor } from '../api/io';
import { lazyLoadsInFlight } from '../api/lazy';
import type { KubeObject } from '../api/types';
import { customPreset, PRESETS, type Cluster, type ClusterPreset } from '../engine/index';
import { loadSchemaDescriptions } from '../engine/api/schema/descriptions';
import { k8sSchema } from '../engine/api/schema/schema';
import { globalFlagSpecs } from '../kubectl/factory';
import { kubectlHelpReady } from '../kubectl/index';
import type { FlagSpec } from '../kubectl/flags';
import { registeredCommands, type CommandSpec } from '../kubectl/registry';
import { Session } from '../session/session';
import {
  JournalRecorder,
  replayJournal,
  SESSION_FORMAT,
  SESSION_VERSION,
  type JournalEntry,
  type SessionSnapshot,
} from '../session/snapshot';
import { isComplete, type Shell } from '../shell/index';
import { complete, type CompletionSources, type FlagInfo, type KubectlCommandInfo } from './completion';
import type {
  ActionName,
  Capabilities,
  CommandResult,
  FromWorker,
  InspectWhat,
  RpcMethod,
  RpcMethods,
  ToWorker,
  WireChange,
} from './protocol';
import { PROTOCOL_VERSION } from './protocol';
import { WorkerLessons } from './lessons';
import { cellsFor, listAll, Resources } from './resources';

export interface HostEffects {
  post(msg: FromWorker): void;
  /** Run `fn` after the current task (batches terminal output). */
  schedule(fn: () => void): void;
  /** Let pending promise continuations run (one turn of the event loop). */
  yieldToLoop(): Promise<void>;
}

export interface WorkerHost {
  handle(msg: ToWorker): Promise<void>;
  /** Move simulated time by `wallMs` × speed and post the batched changes. */
  tick(wallMs: number): Promise<void>;
}

/** The most wall time one tick may turn into simulated time (see the file comment). */
const MAX_WALL_MS_PER_TICK = 1000;

/**
 * Engine faults (src/engine/kubelet/faults.ts, `cluster.faults`). Looked up at run time, so that
 * the UI enables a menu entry only when the engine offers it.
 *  - kill container: `faults.killContainer(namespace, pod, container)` (SIGKILL, exit 137);
 *  - stop / start node: `faults.stopKubelet(node)` / `startKubelet(node)` — the node stops
 *    heart-beating and goes NotReady while its containers keep running, as when a kind node's
 *    kubelet dies.
 */
interface FaultFns {
  killContainer?: (namespace: string, pod: string, container?: string) => unknown;
  stopKubelet?: (node: string) => unknown;
  startKubelet?: (node: string) => unknown;
}

function faultsOf(cluster: Cluster): FaultFns {
  return ((cluster as unknown as { faults?: FaultFns }).faults ?? {}) as FaultFns;
}

function capabilitiesOf(cluster: Cluster, resources: Resources | undefined): Capabilities {
  const f = faultsOf(cluster);
  return {
    killContainer: typeof f.killContainer === 'function',
    stopNode: typeof f.stopKubelet === 'function',
    startNode: typeof f.startKubelet === 'function',
    schedulerDecisions: !!resources?.hasSubresource('pods', 'schedulingdecisions'),
  };
}

/**
 * Preset names the worker accepts: the engine's PRESETS, `multinode`, and `custom:<nodes>`
 * (a kind-like cluster of that many nodes: benchmarks, lessons that need a big cluster).
 */
export function isPresetName(name: string): boolean {
  return name in PRESETS || name === 'multinode' || /^custom:\d{1,3}$/.test(name);
}

function resolvePresetName(name: string): 'kind' | 'multinode' | ClusterPreset {
  if (name === 'kind' || name === 'multinode') return name;
  const custom = /^custom:(\d{1,3})$/.exec(name);
  if (custom) return customPreset({ nodes: Math.max(1, Number(custom[1])) });
  return PRESETS[name]!();
}

/**
 * The object as the UI mirror gets it: without `metadata.managedFields`, which is often the
 * larger half of an object and which no part of the UI shows (the inspector's YAML comes from
 * `kubectl get -o yaml`, which hides it too). Copies; the engine's object is not touched.
 */
export function forWire(o: KubeObject): KubeObject {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _drop, ...metadata } = o.metadata;
  return { ...o, metadata };
}

const SHELL_QUOTE_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;
const quote = (s: string): string => (SHELL_QUOTE_SAFE.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

function flagInfo(f: FlagSpec): FlagInfo {
  return {
    name: f.name,
    shorthand: f.shorthand,
    takesValue: f.type !== 'bool' && f.noOptDefVal === undefined,
    hidden: f.hidden,
  };
}

function commandInfo(c: CommandSpec): KubectlCommandInfo {
  return {
    name: c.name,
    aliases: c.aliases,
    hidden: c.hidden,
    flags: (c.flags ?? []).map(flagInfo),
    subcommands: (c.subcommands ?? []).map(commandInfo),
  };
}

interface Running {
  id: number;
  ctl: AbortController;
  /** The tab's terminal as the command's stdin: what the learner types goes here. */
  terminal: TerminalInput;
}

interface PendingEdit {
  fileName: string;
  content: string;
  finish(text: string | null): void;
}

/** One session and everything the host keeps about it; replaced on init/reset. */
class HostSession {
  readonly session: Session;
  readonly journal: JournalRecorder;
  resources!: Resources;
  replaying = false;
  private readonly shells = new Map<string, Shell>();
  private readonly running = new Map<string, Running>();
  private readonly edits = new Map<number, PendingEdit>();
  private editorSeq = 0;
  private hiddenSeq = 0;
  /** The last state of every object, for actions and inspection by uid. */
  readonly objects = new Map<string, KubeObject>();
  /** Changes since the last tick, merged per object. */
  private pending = new Map<string, WireChange>();
  private readonly out = new Map<string, { id: number; text: string }>();
  private flushScheduled = false;
  private readonly unsubscribe: () => void;
  /** The lesson played on this session (src/worker/lessons.ts), once the session is ready. */
  lessons: WorkerLessons | undefined;
  /** The lesson a restored snapshot was playing (until the UI starts it again). */
  restoredLesson: string | undefined;

  constructor(
    private readonly fx: HostEffects,
    readonly presetName: string,
    readonly seed: number,
  ) {
    const preset = resolvePresetName(presetName);
    const editor: Editor = { edit: (name, content, signal) => this.edit(name, content, signal) };
    this.session = new Session({ seed, preset, tty: true, editor });
    this.journal = new JournalRecorder();
    this.unsubscribe = this.session.cluster.onChange((cs) => {
      for (const e of cs) this.record(e.op, e.time, e.resourceVersion, e.op === 'updated' ? e.to : e.object);
    });
  }

  get cluster(): Cluster {
    return this.session.cluster;
  }

  dispose(): void {
    this.lessons?.dispose();
    this.unsubscribe();
    for (const r of this.running.values()) r.ctl.abort('reset');
    for (const e of [...this.edits.values()]) e.finish(null);
  }

  // ---------------------------------------------------------------- changes

  private record(op: WireChange['op'], time: number, resourceVersion: string, full: KubeObject): void {
    const object = forWire(full);
    const uid = object.metadata.uid;
    if (!uid) return;
    if (op === 'removed') this.objects.delete(uid);
    else this.objects.set(uid, object);
    const prev = this.pending.get(uid);
    if (prev?.op === 'added' && op === 'removed') {
      // Born and gone within one tick: the UI never saw it.
      this.pending.delete(uid);
      return;
    }
    const merged: WireChange['op'] = prev?.op === 'added' && op === 'updated' ? 'added' : op;
    this.pending.delete(uid); // re-insert: the map keeps the order of the latest change
    this.pending.set(uid, { op: merged, time, resourceVersion, object });
  }

  /** Drop what replay or bootstrap produced: the full listing replaces it. */
  clearPending(): void {
    this.pending.clear();
  }

  async takeChanges(): Promise<WireChange[]> {
    const changes = [...this.pending.values()];
    this.pending = new Map();
    for (const c of changes) {
      if (c.op === 'removed') continue;
      const cells = await cellsFor(this.cluster.client, this.resources, c.object);
      if (cells) c.cells = cells;
    }
    return changes;
  }

  // ---------------------------------------------------------------- inputs

  /** The id of the command running in a tab, if any. */
  runningId(tab: string): number | undefined {
    return this.running.get(tab)?.id;
  }

  /** Whether no command is waiting: idle advances may then be merged in the journal. */
  idle(): boolean {
    return this.running.size === 0;
  }

  /** A journaled input: record it, then apply it. */
  input(entry: JournalEntry): Promise<void> | void {
    this.journal.push(entry);
    return this.apply(entry);
  }

  advance(ms: number): void {
    const mergeable = this.idle();
    this.cluster.advance(ms);
    this.journal.advance(ms, mergeable);
  }

  /** What an input does, live or replayed. */
  apply(entry: JournalEntry): Promise<void> | void {
    switch (entry.t) {
      case 'adv':
        this.cluster.advance(entry.ms);
        return;
      case 'run': {
        // The learner's commands (not the hidden shells') feed the lesson's command checks.
        const finished = entry.tab.startsWith('~') ? undefined : this.lessons?.commandStarted(entry.text);
        void this.startRun(entry.tab, entry.id, entry.text).then((status) => finished?.(status));
        return;
      }
      case 'int': {
        // Ctrl-C: a remote TTY (raw mode) gets it as a keystroke; otherwise it interrupts
        const r = this.running.get(entry.tab);
        if (r && !r.terminal.interrupt()) r.ctl.abort('interrupt');
        return;
      }
      case 'in': {
        const r = this.running.get(entry.tab);
        if (!r) return;
        if (entry.data === null) r.terminal.eof();
        else r.terminal.push(entry.data);
        return;
      }
      case 'close':
        this.running.get(entry.tab)?.ctl.abort('close');
        this.shells.delete(entry.tab);
        return;
      case 'edit':
        this.edits.get(entry.n)?.finish(entry.text);
        return;
      case 'write':
        this.session.fs.writeFile(this.session.fs.resolve(entry.path), entry.text);
        return;
      case 'req':
        return this.cluster.client.request(entry.req).then(() => undefined);
      case 'fault':
        this.fault(entry.action, entry.target);
        return;
    }
  }

  async replay(journal: JournalEntry[], onProgress: (done: number, total: number) => void): Promise<void> {
    this.replaying = true;
    try {
      await replayJournal(
        journal,
        { apply: (e) => this.apply(e), busy: () => !this.idle() },
        // Code loaded on first use held the clock when it ran live (see tick): wait for it here too.
        async () => {
          do await this.fx.yieldToLoop();
          while (lazyLoadsInFlight() > 0);
        },
        onProgress,
      );
      this.journal.entries.push(...journal.map((e) => ({ ...e })));
      // Hidden shells of the replayed journal are `~1`, `~2` …: continue after them.
      for (const e of journal)
        if (e.t === 'run' && e.tab.startsWith('~'))
          this.hiddenSeq = Math.max(this.hiddenSeq, Number(e.tab.slice(1)) || 0);
      // A reload ends whatever was running, as closing a terminal would.
      for (const tab of [...this.running.keys()]) this.input({ t: 'int', tab });
      await this.fx.yieldToLoop();
    } finally {
      this.replaying = false;
    }
  }

  // ---------------------------------------------------------------- terminals

  private shellFor(tab: string): Shell {
    let sh = this.shells.get(tab);
    if (!sh) {
      sh = this.session.newShell({}, () => {
        if (!this.replaying && !tab.startsWith('~'))
          this.fx.post({ v: PROTOCOL_VERSION, type: 'clear', tab });
      });
      this.shells.set(tab, sh);
    }
    return sh;
  }

  private write(tab: string, id: number, text: string): void {
    if (this.replaying || tab.startsWith('~')) return;
    const buf = this.out.get(tab);
    if (buf && buf.id === id) buf.text += text;
    else {
      if (buf) this.flushTab(tab);
      this.out.set(tab, { id, text });
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      this.fx.schedule(() => this.flushOutput());
    }
  }

  private flushTab(tab: string): void {
    const buf = this.out.get(tab);
    if (!buf) return;
    this.out.delete(tab);
    if (buf.text) this.fx.post({ v: PROTOCOL_VERSION, type: 'output', tab, id: buf.id, text: buf.text });
  }

  flushOutput(): void {
    this.flushScheduled = false;
    for (const tab of [...this.out.keys()]) this.flushTab(tab);
  }

  /** Start a command in a tab; hidden tabs (`~…`) collect their output into `sink`. */
  startRun(tab: string, id: number, text: string, sink?: (s: string) => void): Promise<number> {
    const shell = tab.startsWith('~') ? this.freshHiddenShell(tab) : this.shellFor(tab);
    const ctl = new AbortController();
    const hidden = tab.startsWith('~');
    const terminal = new TerminalInput((raw) => {
      if (this.replaying || hidden) return;
      this.flushTab(tab); // the mode applies after what was printed before it
      this.fx.post({ v: PROTOCOL_VERSION, type: 'termMode', tab, id, raw });
    });
    this.running.set(tab, { id, ctl, terminal });
    const emit = sink ?? ((s: string) => this.write(tab, id, s));
    // hidden shells (the UI's own commands) have no terminal: stdin is empty
    const io = { stdout: emit, stderr: emit, input: hidden ? undefined : terminal };
    return shell.run(text, io, ctl.signal).then(
      (status) => this.finishRun(tab, id, shell, status),
      (e: unknown) => {
        emit(`sh: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
        return this.finishRun(tab, id, shell, 1);
      },
    );
  }

  private freshHiddenShell(tab: string): Shell {
    this.shells.delete(tab);
    return this.shellFor(tab);
  }

  private finishRun(tab: string, id: number, shell: Shell, status: number): number {
    const r = this.running.get(tab);
    const unread = r?.id === id ? r.terminal.takeUnread() : [];
    if (r?.id === id) this.running.delete(tab);
    // `exit` ends the shell; the tab gets a fresh one with the next command.
    if (tab.startsWith('~') || shell.exitRequested !== undefined) this.shells.delete(tab);
    if (!this.replaying && !tab.startsWith('~')) {
      this.flushTab(tab);
      this.fx.post({
        v: PROTOCOL_VERSION,
        type: 'done',
        tab,
        id,
        status,
        ...(unread.length ? { unread } : {}),
      });
    }
    return status;
  }

  /** Run a command line in a hidden shell and collect its output. */
  async exec(text: string, journaled: boolean): Promise<CommandResult> {
    const tab = `~${++this.hiddenSeq}`;
    let output = '';
    const sink = (s: string) => void (output += s);
    if (journaled) this.journal.push({ t: 'run', tab, id: 1, text });
    const status = await this.startRun(tab, 1, text, sink);
    return { command: text, output, status };
  }

  // ---------------------------------------------------------------- kubectl edit

  private edit(fileName: string, content: string, signal?: AbortSignal): Promise<string | null> {
    return new Promise((resolve) => {
      const n = ++this.editorSeq;
      const onAbort = () => {
        if (!this.edits.has(n)) return;
        finish(null);
        if (!this.replaying) this.fx.post({ v: PROTOCOL_VERSION, type: 'editorClose', n });
      };
      const finish = (text: string | null) => {
        if (!this.edits.delete(n)) return;
        signal?.removeEventListener('abort', onAbort);
        resolve(text);
      };
      this.edits.set(n, { fileName, content, finish });
      signal?.addEventListener('abort', onAbort, { once: true });
      if (!this.replaying) this.fx.post({ v: PROTOCOL_VERSION, type: 'editorOpen', n, fileName, content });
    });
  }

  // ---------------------------------------------------------------- UI actions

  private fault(action: string, target: Record<string, string>): string {
    const f = faultsOf(this.cluster);
    try {
      if (action === 'killContainer' && f.killContainer)
        f.killContainer.call(f, target.namespace!, target.name!, target.container);
      else if (action === 'stopNode' && f.stopKubelet) f.stopKubelet.call(f, target.name!);
      else if (action === 'startNode' && f.startKubelet) f.startKubelet.call(f, target.name!);
      else return `error: ${action} is not simulated in Breakfix yet\n`;
    } catch (e) {
      return `error: ${e instanceof Error ? e.message : String(e)}\n`;
    }
    return '';
  }

  async action(action: ActionName, uid: string, container?: string): Promise<CommandResult> {
    const obj = this.objects.get(uid);
    if (!obj) return { command: action, output: `error: the object is gone\n`, status: 1 };
    const info = this.resources.forObject(obj);
    const name = obj.metadata.name!;
    const ns = obj.metadata.namespace;
    const nsFlag = ns ? ` -n ${quote(ns)}` : '';
    // What a learner would type: the same kubectl code, the same output, journaled like a command.
    switch (action) {
      case 'deletePod':
      case 'delete':
        if (!info) break;
        return this.exec(
          `kubectl delete ${Resources.qualified(info)} ${quote(name)}${nsFlag} --wait=false`,
          true,
        );
      case 'cordon':
      case 'uncordon':
        return this.exec(`kubectl ${action} ${quote(name)}`, true);
      case 'edit':
        if (!info) break;
        return this.exec(`kubectl edit ${Resources.qualified(info)} ${quote(name)}${nsFlag}`, true);
      case 'killContainer':
      case 'stopNode':
      case 'startNode': {
        const target: Record<string, string> = { name };
        if (ns) target.namespace = ns;
        if (container) target.container = container;
        this.journal.push({ t: 'fault', action, target });
        const err = this.fault(action, target);
        if (err) return { command: action, output: err, status: 1 };
        const done =
          action === 'killContainer'
            ? `pod/${name}: container ${container ?? '(default)'} killed (SIGKILL)`
            : `node/${name}: kubelet ${action === 'stopNode' ? 'stopped' : 'started'}`;
        return { command: action, output: `${done}\n`, status: 0 };
      }
    }
    return { command: action, output: `error: cannot ${action} a ${obj.kind}\n`, status: 1 };
  }

  async inspect(uid: string, what: InspectWhat): Promise<CommandResult> {
    const obj = this.objects.get(uid);
    const info = obj && this.resources.forObject(obj);
    if (!obj || !info) return { command: what, output: 'error: the object is gone\n', status: 1 };
    const name = quote(obj.metadata.name!);
    const nsFlag = obj.metadata.namespace ? ` -n ${quote(obj.metadata.namespace)}` : '';
    const type = Resources.qualified(info);
    switch (what) {
      case 'yaml':
        return this.exec(`kubectl get ${type} ${name}${nsFlag} -o yaml`, false);
      case 'describe':
        return this.exec(`kubectl describe ${type} ${name}${nsFlag}`, false);
      case 'logs':
        return this.exec(`kubectl logs ${name}${nsFlag} --all-containers=true`, false);
      case 'scheduling':
        // The scheduler's decision record, as the terminal's `breakfix why` explains it.
        return this.exec(`breakfix why pod/${name}${nsFlag}`, false);
    }
  }

  async applyFile(path: string, text: string, verb: 'apply' | 'diff' | 'delete'): Promise<CommandResult> {
    this.input({ t: 'write', path, text });
    return this.exec(`kubectl ${verb} -f ${quote(path)}`, true);
  }

  completionSources(tab: string): CompletionSources {
    const fs = this.session.fs;
    const client = this.cluster.client;
    return {
      commandNames: () => this.shellFor(tab).commandNames(),
      kubectlCommands: async () => {
        await kubectlHelpReady();
        return registeredCommands().map(commandInfo);
      },
      globalFlags: () => globalFlagSpecs('/root').map(flagInfo),
      resourceTypes: () => this.resources.all,
      listNames: async (type, namespace) => {
        const info = this.resources.all.find((r) => r.plural === type.plural && r.group === type.group);
        if (!info || !info.verbs.includes('list')) return [];
        const res = await client.request({
          method: 'GET',
          path: Resources.collectionPath(info, info.namespaced ? namespace : undefined),
        });
        if (res.status !== 200) return [];
        return ((res.body as { items?: KubeObject[] }).items ?? []).map((o) => o.metadata.name ?? '');
      },
      listDir: (path) => {
        const dir = fs.resolve(path);
        return fs.readDir(dir)?.map((e) => (fs.isDir(`${dir === '/' ? '' : dir}/${e}`) ? `${e}/` : e));
      },
    };
  }

  snapshot(): SessionSnapshot {
    return {
      format: SESSION_FORMAT,
      version: SESSION_VERSION,
      preset: this.presetName,
      seed: this.seed,
      journal: this.journal.entries.map((e) => ({ ...e })),
      now: this.cluster.now(),
      ...((this.lessons?.lessonId ?? this.restoredLesson)
        ? { lesson: this.lessons?.lessonId ?? this.restoredLesson }
        : {}),
    };
  }
}

export function createWorkerHost(fx: HostEffects): WorkerHost {
  let st: HostSession | undefined;
  let ready = false;
  let generation = 0;
  let speed = 1;
  let carry = 0;
  let ticking = false;
  /** Wall time of ticks that arrived while the previous one was still posting. */
  let backlog = 0;
  const post = fx.post;

  const reply = <M extends RpcMethod>(id: number, work: () => Promise<RpcMethods[M]['result']>) =>
    work().then(
      (result) => post({ v: PROTOCOL_VERSION, type: 'rpcResult', id, ok: true, result }),
      (e: unknown) =>
        post({
          v: PROTOCOL_VERSION,
          type: 'rpcResult',
          id,
          ok: false,
          error: e instanceof Error ? e.message : String(e),
        }),
    );

  async function init(msg: Extract<ToWorker, { type: 'init' }>): Promise<void> {
    const gen = ++generation;
    ready = false;
    st?.dispose();
    speed = Math.max(0, msg.speed);
    carry = 0;
    const presetName = isPresetName(msg.preset) ? msg.preset : 'kind';
    const s = new HostSession(fx, presetName, msg.seed);
    st = s;
    s.resources = await Resources.discover(s.cluster.client);
    if (msg.snapshot) {
      s.restoredLesson = msg.snapshot.lesson;
      await s.replay(msg.snapshot.journal, (done, total) =>
        post({ v: PROTOCOL_VERSION, type: 'progress', done, total }),
      );
    }
    if (gen !== generation) return;
    s.clearPending();
    const objects = await listAll(s.cluster.client, s.resources);
    for (const o of objects) s.objects.set(o.object.metadata.uid!, o.object);
    if (gen !== generation) return;
    s.journal.takeDelta();
    s.lessons = new WorkerLessons(s, post);
    ready = true;
    post({
      v: PROTOCOL_VERSION,
      type: 'ready',
      now: s.cluster.now(),
      speed,
      preset: presetName,
      seed: msg.seed,
      presets: Object.keys(PRESETS),
      objects,
      capabilities: capabilitiesOf(s.cluster, s.resources),
      journal: s.journal.entries.map((e) => ({ ...e })),
    });
  }

  async function rpc(msg: Extract<ToWorker, { type: 'rpc' }>, s: HostSession): Promise<void> {
    switch (msg.method) {
      case 'complete':
        return reply<'complete'>(msg.id, () =>
          complete(msg.params.line, s.completionSources(msg.params.tab)),
        );
      case 'isComplete':
        return reply<'isComplete'>(msg.id, async () => isComplete(msg.params.text));
      case 'exec':
        return reply<'exec'>(msg.id, () => s.exec(msg.params.text, true));
      case 'inspect':
        return reply<'inspect'>(msg.id, () => s.inspect(msg.params.uid, msg.params.what));
      case 'action':
        return reply<'action'>(msg.id, () =>
          s.action(msg.params.action, msg.params.uid, msg.params.container),
        );
      case 'applyFile':
        return reply<'applyFile'>(msg.id, () =>
          s.applyFile(msg.params.path, msg.params.text, msg.params.verb),
        );
      case 'writeFile':
        return reply<'writeFile'>(msg.id, async () => {
          s.input({ t: 'write', path: msg.params.path, text: msg.params.text });
          return null;
        });
      case 'readFile':
        return reply<'readFile'>(
          msg.id,
          async () => s.session.fs.readFile(s.session.fs.resolve(msg.params.path)) ?? null,
        );
      case 'schema':
        return reply<'schema'>(msg.id, async () => {
          await loadSchemaDescriptions(); // the editor's hover texts (loaded on first use)
          return k8sSchema;
        });
      case 'snapshot':
        return reply<'snapshot'>(msg.id, async () => s.snapshot());
    }
  }

  async function flushTick(s: HostSession): Promise<void> {
    s.lessons?.tick();
    const changes = await s.takeChanges();
    s.flushOutput();
    const journal = s.journal.takeDelta();
    post({
      v: PROTOCOL_VERSION,
      type: 'tick',
      now: s.cluster.now(),
      speed,
      changes,
      ...(journal ? { journal } : {}),
    });
  }

  return {
    async handle(msg) {
      if (msg.v !== PROTOCOL_VERSION) {
        post({
          v: PROTOCOL_VERSION,
          type: 'fatal',
          message: `protocol version ${String(msg.v)} is not ${PROTOCOL_VERSION}`,
        });
        return;
      }
      if (msg.type === 'init') return init(msg);
      const s = st;
      if (!s || !ready) {
        if (msg.type === 'rpc')
          post({
            v: PROTOCOL_VERSION,
            type: 'rpcResult',
            id: msg.id,
            ok: false,
            error: 'the session is starting',
          });
        return;
      }
      switch (msg.type) {
        case 'run':
          s.input({ t: 'run', tab: msg.tab, id: msg.id, text: msg.text });
          return;
        case 'interrupt':
          s.input({ t: 'int', tab: msg.tab });
          return;
        case 'input':
          // input meant for a command that has ended is dropped, as the UI would have
          if (s.runningId(msg.tab) === msg.id) s.input({ t: 'in', tab: msg.tab, data: msg.data });
          return;
        case 'closeTab':
          s.input({ t: 'close', tab: msg.tab });
          return;
        case 'editorResult':
          s.input({ t: 'edit', n: msg.n, text: msg.text });
          return;
        case 'setSpeed':
          speed = Math.max(0, msg.speed);
          return;
        case 'step':
          if (msg.ms > 0) s.advance(msg.ms);
          return flushTick(s);
        case 'rpc':
          return rpc(msg, s);
        case 'lessonStart':
          s.restoredLesson = undefined;
          return s.lessons?.start(msg.lesson, msg.progress, msg.restored);
        case 'lessonAction': {
          const { v: _v, type: _type, ...action } = msg;
          return s.lessons?.action(action);
        }
      }
    },

    async tick(wallMs) {
      const s = st;
      if (!s || !ready) return;
      if (ticking) {
        backlog += wallMs;
        return;
      }
      ticking = true;
      const wall = Math.min(wallMs + backlog, MAX_WALL_MS_PER_TICK);
      backlog = 0;
      try {
        // While code loaded on first use is on its way (a kubectl command's first run), simulated
        // time holds: the command then runs at the instant it was typed, live and when the journal
        // is replayed after a reload, so both draw the same names and uids.
        if (lazyLoadsInFlight() > 0) {
          await flushTick(s);
          return;
        }
        const ms = speed > 0 ? wall * speed + carry : 0;
        const whole = Math.floor(ms);
        carry = ms - whole;
        if (whole > 0) s.advance(whole);
        await flushTick(s);
      } finally {
        ticking = false;
      }
    },
  };
}
