/**
 * Processes: what the catalog's images are programmed against (the "process API").
 *
 * An image's program is a TypeScript function that gets a `Proc` — argv, environment, the
 * container's filesystem, stdout/stderr, sockets, memory and CPU, signals, child processes — and
 * either returns a generator (a sequential program: `yield* wait(p.sleep(1000))`, its return
 * value is the exit code) or sets up listeners and timers and returns (a server, which runs until
 * it calls `p.exit()` or is killed).
 *
 * Semantics that learners see, kept from Linux:
 *  - stdout/stderr of the container's processes go to the container log, line by line;
 *  - a signal without a handler terminates the process with 128+signal — except PID 1, which
 *    the kernel protects from default actions (a `sleep 3600` container ignores SIGTERM and is
 *    SIGKILLed after the grace period: exit 137). SIGKILL cannot be caught;
 *  - when PID 1 exits, the container is over and every other process in it is killed;
 *  - going over the memory limit kills the whole container (cgroup v2 memory.oom.group).
 */
import type { SimClock, TimerId } from '../../clock';
import type {
  HttpHandler,
  HttpResult,
  Listener,
  NetNamespace,
  PodNetwork,
  ResolveResult,
} from '../../network/index';
import type { Cgroup, CgroupMember } from '../cm/cgroup';
import { Signal, sleepFor, spawn, type Task, type TaskHandle, type Waitable } from '../coroutine';
import type { ContainerFS, FsError } from './fs';

export const SIGNALS = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGWINCH: 28,
} as const;
export type SignalName = keyof typeof SIGNALS;

export const signalName = (n: number): string =>
  (Object.entries(SIGNALS).find(([, v]) => v === n)?.[0] as string | undefined) ?? `SIG${n}`;

/** Signals whose default action is to do nothing. */
const IGNORED_BY_DEFAULT = new Set<number>([SIGNALS.SIGCHLD, SIGNALS.SIGWINCH, SIGNALS.SIGCONT]);

export interface User {
  uid: number;
  gid: number;
  name: string;
}

/** An image's program. */
export type Program = (p: Proc) => void | Task<number | void>;

/** Where a process's output goes. */
export type Sink = (text: string) => void;

/** What a process reads on stdin: lines for interactive shells, or all at once. */
export class Stdin {
  private buf = '';
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(initial = '', ended = true) {
    this.buf = initial;
    this.ended = ended;
  }

  push(data: string): void {
    this.buf += data;
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  get isEnded(): boolean {
    return this.ended && this.buf === '';
  }

  /** The next line without its newline, or null at end of input. */
  readLine(): Waitable<string | null> {
    return {
      subscribe: (cb) => {
        const attempt = (): boolean => {
          const nl = this.buf.indexOf('\n');
          if (nl >= 0) {
            const line = this.buf.slice(0, nl);
            this.buf = this.buf.slice(nl + 1);
            cb(line);
            return true;
          }
          if (this.ended) {
            const rest = this.buf;
            this.buf = '';
            cb(rest === '' ? null : rest);
            return true;
          }
          return false;
        };
        if (attempt()) return () => {};
        let cancelled = false;
        const waiter = () => {
          if (cancelled) return;
          // clear first: the reader may wait again (and set a new waiter) from inside cb
          this.waiter = undefined;
          if (!attempt()) this.waiter = waiter;
        };
        this.waiter = waiter;
        return () => {
          cancelled = true;
          this.waiter = undefined;
        };
      },
    };
  }

  /** Everything until end of input. */
  readAll(): Waitable<string> {
    return {
      subscribe: (cb) => {
        if (this.ended) {
          const all = this.buf;
          this.buf = '';
          cb(all);
          return () => {};
        }
        let cancelled = false;
        const waiter = () => {
          if (cancelled || !this.ended) return;
          const all = this.buf;
          this.buf = '';
          this.waiter = undefined;
          cb(all);
        };
        this.waiter = waiter;
        return () => {
          cancelled = true;
          this.waiter = undefined;
        };
      },
    };
  }

  private wake(): void {
    this.waiter?.();
  }
}

/** A process as `ps` shows it. */
export interface ProcInfo {
  pid: number;
  ppid: number;
  user: string;
  args: string;
  startedAt: number;
  memory: number;
  cpuMs: number;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  stdout?: Sink;
  stderr?: Sink;
  stdin?: Stdin;
  tty?: boolean;
}

export interface ChildProcess {
  readonly pid: number;
  /** Fires with the exit status (128+n when killed by signal n). */
  readonly exited: Signal<number>;
  kill(sig: number): void;
}

export type SpawnError =
  'ENOENT' | 'EACCES' | 'ENOEXEC' | 'EISDIR' | 'ENOTDIR' | 'ELOOP' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY';

/** The process API that programs use. */
export interface Proc {
  readonly pid: number;
  readonly argv: readonly string[];
  /** The process's environment (mutable: `export` in a shell). */
  readonly env: Record<string, string>;
  cwd: string;
  readonly user: User;
  readonly fs: ContainerFS;
  readonly hostname: string;
  /** True when attached to a terminal (`kubectl exec -it`, `kubectl run -it`). */
  readonly tty: boolean;
  readonly stdin: Stdin;
  stdout(text: string): void;
  stderr(text: string): void;
  now(): number;
  /** A timer owned by the process (gone when it exits). */
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
  sleep(ms: number): Waitable<void>;
  /** Listen on `port` of the pod (all its addresses). An HTTP handler makes it an HTTP server. */
  listen(port: number, http?: HttpHandler, ip?: string): Listener | 'EADDRINUSE';
  /** Resolve a name (IP literals, localhost, /etc/hosts, then DNS when simulated). */
  resolve(name: string): ResolveResult;
  /** busybox nslookup's own resolver; undefined while DNS is not simulated. */
  nslookup(
    args: readonly string[],
  ): { stdout: string; stderr: string; exitCode: number; elapsedMs: number } | undefined;
  /** An HTTP request from this process's network namespace. */
  http(
    ip: string,
    port: number,
    req: { method: string; path: string; headers?: Record<string, string>; body?: string },
    timeoutMs: number,
  ): Waitable<HttpResult>;
  /** A TCP connect. */
  connect(ip: string, port: number, timeoutMs: number): Waitable<{ ok: boolean; error?: string }>;
  /** Resident memory of this process, bytes. Over the container's limit → OOM kill. */
  setMemory(bytes: number): void;
  readonly memory: number;
  /** Steady CPU demand (a busy loop), millicores. */
  setCpu(millicores: number): void;
  /**
   * Spend `cpuMs` of CPU (handling a request). Returns the wall-clock delay it causes: 0 without
   * a CPU limit (instantaneous at this scale), longer when the container is throttled.
   */
  spend(cpuMs: number): number;
  /** Run another program (fork+exec). `argv[0]` is looked up in $PATH. */
  spawn(argv: string[], opts?: SpawnOptions): ChildProcess | SpawnError;
  /** fork() without exec: a child running `program` (nginx workers, stress hogs). */
  fork(argv: string[], program: Program, opts?: SpawnOptions): ChildProcess;
  /**
   * execve(): replace this process's program, keeping its PID (an entrypoint script that ends
   * with `exec "$@"`). The caller must return right after; an error leaves it running.
   */
  execve(argv: string[], env?: Record<string, string>): SpawnError | undefined;
  /** What `ps` shows as the command (nginx: `nginx: master process nginx -g daemon off;`). */
  setTitle(title: string): void;
  /** Processes visible in this PID namespace. */
  ps(): ProcInfo[];
  /** kill(2). false: no such process. */
  kill(pid: number, sig: number): boolean;
  /** Install a handler for catchable signals (replaces the default action). */
  onSignal(handler: (sig: number) => void): void;
  exit(code: number): void;
  readonly exited: boolean;
}

/** What a container gives its processes. */
export interface ProcessContext {
  clock: SimClock;
  network: PodNetwork;
  netns: NetNamespace;
  fs: ContainerFS;
  cgroup: Cgroup;
  hostname: string;
  pids: PidNamespace;
  /** The program a file runs (`busybox`, `nginx`, `#!/bin/sh` …). */
  program(name: string): Program | undefined;
  /** The cgroup went over memory.max. */
  onOOM(): void;
  /** Some memory usage changed (the node-wide OOM check). */
  memoryChanged?(): void;
}

/** A PID namespace: a container's (or the pod's, with shareProcessNamespace). */
export class PidNamespace {
  private next = 1;
  readonly procs = new Map<number, Process>();

  allocate(): number {
    return this.next++;
  }

  /** Reserve PIDs (nginx's entrypoint scripts used some before the workers start). */
  skip(n: number): void {
    this.next += n;
  }
}

export interface ProcessOptions {
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  user: User;
  stdout: Sink;
  stderr: Sink;
  stdin: Stdin;
  tty: boolean;
  ppid: number;
}

export class Process implements Proc, CgroupMember {
  readonly pid: number;
  argv: readonly string[];
  env: Record<string, string>;
  title: string | undefined;
  private replacing = false;
  cwd: string;
  readonly user: User;
  readonly tty: boolean;
  readonly stdin: Stdin;
  readonly ppid: number;
  readonly startedAt: number;
  memory = 0;
  cpuDemand = 0;
  private trafficCpu = 0;
  private cpuSpent = 0;
  exitCode: number | undefined;
  readonly done = new Signal<number>();
  private timers = new Set<TimerId>();
  private sockets = new Set<Listener>();
  private task: TaskHandle<number | void> | undefined;
  private sigHandler: ((sig: number) => void) | undefined;
  private stdoutSink: Sink;
  private stderrSink: Sink;

  constructor(
    readonly ctx: ProcessContext,
    opts: ProcessOptions,
  ) {
    this.pid = ctx.pids.allocate();
    this.ppid = opts.ppid;
    this.argv = opts.argv;
    this.env = opts.env;
    this.cwd = opts.cwd;
    this.user = opts.user;
    this.tty = opts.tty;
    this.stdin = opts.stdin;
    this.stdoutSink = opts.stdout;
    this.stderrSink = opts.stderr;
    this.startedAt = ctx.clock.now();
    ctx.pids.procs.set(this.pid, this);
    ctx.cgroup.integrate();
    ctx.cgroup.members.add(this);
  }

  get fs(): ContainerFS {
    return this.ctx.fs;
  }

  get hostname(): string {
    return this.ctx.hostname;
  }

  get exited(): boolean {
    return this.exitCode !== undefined;
  }

  /** Run `program` as this process's image. */
  run(program: Program): void {
    let result: void | Task<number | void>;
    try {
      result = program(this);
    } catch (err) {
      this.crash(err);
      return;
    }
    if (result && typeof (result as Task<number | void>).next === 'function') {
      this.task = spawn(result as Task<number | void>, (r) => {
        if (this.exited || this.replacing) return;
        if (r.ok) this.exit(typeof r.value === 'number' ? r.value : 0);
        else if (!r.cancelled) this.crash(r.error);
      });
    }
  }

  private crash(err: unknown): void {
    if (this.exited) return;
    const msg = err instanceof Error ? err.message : String(err);
    this.stderr(`breakfix: program ${this.argv[0] ?? ''} failed: ${msg}\n`);
    this.exit(1);
  }

  stdout(text: string): void {
    if (!this.exited) this.stdoutSink(text);
  }

  stderr(text: string): void {
    if (!this.exited) this.stderrSink(text);
  }

  now(): number {
    return this.ctx.clock.now();
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const id = this.ctx.clock.setTimeout(
      () => {
        this.timers.delete(id);
        if (!this.exited) fn();
      },
      Math.max(0, Math.ceil(ms)),
      `pid ${this.pid} timer`,
    );
    this.timers.add(id);
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.timers.delete(id);
    this.ctx.clock.clearTimeout(id);
  }

  sleep(ms: number): Waitable<void> {
    return sleepFor(this.ctx.clock, ms, `pid ${this.pid} sleep`);
  }

  listen(port: number, http?: HttpHandler, ip = '0.0.0.0'): Listener | 'EADDRINUSE' {
    const l = this.ctx.network.listen(this.ctx.netns, ip, port, {
      http,
      owner: `${this.argv[0] ?? ''} (pid ${this.pid})`,
      // request rates through Services (the traffic model) cost this process CPU
      load: (m) => this.setTrafficLoad(m),
    });
    if (l !== 'EADDRINUSE') this.sockets.add(l);
    return l;
  }

  resolve(name: string): ResolveResult {
    const hosts = this.fs.read('/etc/hosts');
    if (typeof hosts === 'string') {
      for (const line of hosts.split('\n')) {
        const fields = line.replace(/#.*/, '').trim().split(/\s+/);
        if (fields.length >= 2 && fields.slice(1).includes(name) && /^\d+\.\d+\.\d+\.\d+$/.test(fields[0]!))
          return { ok: true, ips: [fields[0]!] };
      }
    }
    const conf = this.fs.read('/etc/resolv.conf');
    return this.ctx.network.resolve(this.ctx.netns, name, typeof conf === 'string' ? conf : undefined);
  }

  nslookup(
    args: readonly string[],
  ): { stdout: string; stderr: string; exitCode: number; elapsedMs: number } | undefined {
    const conf = this.fs.read('/etc/resolv.conf');
    return this.ctx.network.nslookup(this.ctx.netns, args, typeof conf === 'string' ? conf : undefined);
  }

  http(
    ip: string,
    port: number,
    req: { method: string; path: string; headers?: Record<string, string>; body?: string },
    timeoutMs: number,
  ): Waitable<HttpResult> {
    return {
      subscribe: (cb) => {
        let cancelled = false;
        this.ctx.network.http(this.ctx.netns, ip, port, req, { timeoutMs }, (r) => {
          if (!cancelled) cb(r);
        });
        return () => {
          cancelled = true;
        };
      },
    };
  }

  connect(ip: string, port: number, timeoutMs: number): Waitable<{ ok: boolean; error?: string }> {
    return {
      subscribe: (cb) => {
        let cancelled = false;
        this.ctx.network.connect(this.ctx.netns, ip, port, timeoutMs, (r) => {
          if (!cancelled) cb(r.ok ? { ok: true } : { ok: false, error: r.error });
        });
        return () => {
          cancelled = true;
        };
      },
    };
  }

  setMemory(bytes: number): void {
    if (this.exited) return;
    this.memory = Math.max(0, Math.floor(bytes));
    if (this.ctx.cgroup.checkMemory()) this.ctx.onOOM();
    this.ctx.memoryChanged?.();
  }

  setCpu(millicores: number): void {
    if (this.exited) return;
    this.ctx.cgroup.integrate();
    this.cpuDemand = Math.max(0, millicores) + this.trafficCpu;
  }

  /** The traffic model's steady load on this process's sockets, on top of its own demand. */
  private setTrafficLoad(millicores: number): void {
    if (this.exited) return;
    this.ctx.cgroup.integrate();
    this.cpuDemand += millicores - this.trafficCpu;
    this.trafficCpu = millicores;
  }

  spend(cpuMs: number): number {
    this.cpuSpent += cpuMs;
    const wall = this.ctx.cgroup.work(cpuMs);
    return this.ctx.cgroup.cpuMax === undefined ? 0 : wall;
  }

  spawn(argv: string[], opts: SpawnOptions = {}): ChildProcess | SpawnError {
    return spawnProcess(this.ctx, argv, {
      env: opts.env ?? { ...this.env },
      cwd: opts.cwd ?? this.cwd,
      user: this.user,
      stdout: opts.stdout ?? ((t) => this.stdout(t)),
      stderr: opts.stderr ?? ((t) => this.stderr(t)),
      stdin: opts.stdin ?? new Stdin(),
      tty: opts.tty ?? this.tty,
      ppid: this.pid,
    });
  }

  fork(argv: string[], program: Program, opts: SpawnOptions = {}): ChildProcess {
    const child = new Process(this.ctx, {
      argv,
      env: opts.env ?? { ...this.env },
      cwd: opts.cwd ?? this.cwd,
      user: this.user,
      stdout: opts.stdout ?? ((t) => this.stdout(t)),
      stderr: opts.stderr ?? ((t) => this.stderr(t)),
      stdin: opts.stdin ?? new Stdin(),
      tty: opts.tty ?? this.tty,
      ppid: this.pid,
    });
    child.run(program);
    return child.asChild();
  }

  execve(argv: string[], env?: Record<string, string>): SpawnError | undefined {
    const found = lookPath(this.ctx.fs, argv[0] ?? '', (env ?? this.env).PATH, this.cwd);
    if (typeof found === 'string') return found;
    const program = this.ctx.program(found.program);
    if (!program) return 'ENOEXEC';
    this.replacing = true;
    // the old program is still on the stack: switch images once it has returned
    this.ctx.clock.setTimeout(
      () => {
        if (this.exited) return;
        const old = this.task;
        this.task = undefined;
        old?.cancel();
        for (const t of this.timers) this.ctx.clock.clearTimeout(t);
        this.timers.clear();
        this.sigHandler = undefined;
        this.title = undefined;
        this.argv = argv;
        if (env) this.env = env;
        this.replacing = false;
        this.run(program);
      },
      0,
      `pid ${this.pid} exec`,
    );
    return undefined;
  }

  setTitle(title: string): void {
    this.title = title;
  }

  ps(): ProcInfo[] {
    return [...this.ctx.pids.procs.values()]
      .sort((a, b) => a.pid - b.pid)
      .map((p) => ({
        pid: p.pid,
        ppid: p.ppid,
        user: p.user.name,
        args: p.title ?? p.argv.join(' '),
        startedAt: p.startedAt,
        memory: p.memory,
        cpuMs: p.cpuSpent + (p.cpuDemand / 1000) * (this.now() - p.startedAt),
      }));
  }

  kill(pid: number, sig: number): boolean {
    const p = this.ctx.pids.procs.get(pid);
    if (!p) return false;
    p.signal(sig);
    return true;
  }

  onSignal(handler: (sig: number) => void): void {
    this.sigHandler = handler;
  }

  /** Deliver a signal (from kill(2), the runtime's StopContainer, the kernel). */
  signal(sig: number): void {
    if (this.exited) return;
    if (sig === SIGNALS.SIGKILL) return this.terminate(128 + sig);
    if (sig === SIGNALS.SIGSTOP) return;
    const handler = this.sigHandler;
    if (handler) {
      // delivered asynchronously, like a real signal interrupting whatever the program does
      this.ctx.clock.setTimeout(
        () => {
          if (!this.exited) handler(sig);
        },
        0,
        `pid ${this.pid} signal`,
      );
      return;
    }
    if (IGNORED_BY_DEFAULT.has(sig)) return;
    // the kernel does not apply default actions to a PID namespace's init
    if (this.pid === 1) return;
    this.terminate(128 + sig);
  }

  /** Killed (SIGKILL, OOM, default action of a signal). */
  terminate(status: number): void {
    this.exit(status);
  }

  exit(code: number): void {
    if (this.exited) return;
    this.exitCode = code & 0xff;
    this.ctx.cgroup.integrate();
    this.memory = 0;
    this.cpuDemand = 0;
    this.ctx.cgroup.members.delete(this);
    for (const t of this.timers) this.ctx.clock.clearTimeout(t);
    this.timers.clear();
    for (const s of this.sockets) s.close();
    this.sockets.clear();
    this.ctx.pids.procs.delete(this.pid);
    const task = this.task;
    this.task = undefined;
    task?.cancel();
    this.done.fire(this.exitCode);
  }

  asChild(): ChildProcess {
    return { pid: this.pid, exited: this.done, kill: (sig) => this.signal(sig) };
  }
}

/** Resolve argv[0] like execvp: a path, or the first match in $PATH. */
export function lookPath(
  fs: ContainerFS,
  name: string,
  pathEnv: string | undefined,
  cwd: string,
): { path: string; program: string } | SpawnError {
  const candidates = name.includes('/')
    ? [name]
    : (pathEnv ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin')
        .split(':')
        .map((d) => `${d || '.'}/${name}`);
  let firstError: SpawnError = 'ENOENT';
  for (const c of candidates) {
    const r = fs.executable(c, cwd);
    if (typeof r === 'object') return { path: c, program: r.program };
    if (r !== 'ENOENT' && r !== 'ENOTDIR' && firstError === 'ENOENT') firstError = r as SpawnError;
    if (name.includes('/')) return r as SpawnError;
  }
  return firstError;
}

/** fork+exec in a container: resolve the program, create the process, start it. */
export function spawnProcess(
  ctx: ProcessContext,
  argv: string[],
  opts: Omit<ProcessOptions, 'argv'>,
): (ChildProcess & { process: Process }) | SpawnError {
  if (argv.length === 0) return 'ENOENT';
  const found = lookPath(ctx.fs, argv[0]!, opts.env.PATH, opts.cwd);
  if (typeof found === 'string') return found;
  let programName = found.program;
  let args = argv;
  if (programName.startsWith('#!')) {
    // a script: exec its interpreter with the script as the first argument
    const [interp, ...iargs] = programName.slice(2).split(/\s+/);
    const ifound = lookPath(ctx.fs, interp!, undefined, opts.cwd);
    if (typeof ifound === 'string') return ifound;
    programName = ifound.program;
    args = [interp!, ...iargs, found.path, ...argv.slice(1)];
  }
  const program = ctx.program(programName);
  if (!program) return 'ENOEXEC';
  const proc = new Process(ctx, { ...opts, argv: args });
  proc.run(program);
  return Object.assign(proc.asChild(), { process: proc });
}

/** The message of a failed exec, as strerror prints it. */
export function spawnErrorText(e: SpawnError | FsError): string {
  switch (e) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'ENOEXEC':
      return 'Exec format error';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'ELOOP':
      return 'Too many levels of symbolic links';
    default:
      return e;
  }
}
