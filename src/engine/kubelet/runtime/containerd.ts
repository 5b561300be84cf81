/**
 * The container runtime of one node — what containerd's CRI plugin does for the kubelet:
 * image store (pulled images), pod sandboxes (network namespace, pod IP from host-local IPAM),
 * containers (create, start, stop with a grace period, exit status, logs), exec, and the kernel
 * underneath (cgroup OOM kills, the node-wide OOM killer).
 *
 * Methods are synchronous state changes; how long each takes (a pull, a container start) is the
 * kubelet's lifecycle stages (../stages.ts). Container exits are reported to `onContainerExit`,
 * which the kubelet's PLEG turns into pod syncs.
 */
import type { SimClock } from '../../clock';
import type { NetNamespace, PodNetwork } from '../../network/index';
import { HostLocalIPAM } from '../../network/ipam';
import type { Rand } from '../../rand';
import { Cgroup, type CgroupLimits } from '../cm/cgroup';
import { Signal } from '../coroutine';
import type { ImageEntry } from '../images/types';
import { imageName } from '../images/types';
import { ContainerFS, type Mount } from './fs';
import { ContainerLog } from './logs';
import {
  PidNamespace,
  type Process,
  SIGNALS,
  Stdin,
  lookPath,
  spawnProcess,
  type ChildProcess,
  type ProcessContext,
  type User,
} from './process';

export interface Sandbox {
  id: string;
  podUID: string;
  podName: string;
  namespace: string;
  hostname: string;
  netns: NetNamespace;
  ip: string;
  hostNetwork: boolean;
  /** shareProcessNamespace: one PID namespace for the pod. */
  sharedPids?: PidNamespace;
  createdAt: number;
  state: 'ready' | 'notready';
}

export interface ContainerConfig {
  name: string;
  /** The pod spec's image string, and the pulled image. */
  image: string;
  imageEntry: ImageEntry;
  /** command + args as the kubelet resolved them (empty: the image's). */
  command?: string[];
  args?: string[];
  env: [string, string][];
  workingDir?: string;
  runAsUser?: number;
  runAsGroup?: number;
  mounts: Mount[];
  limits: CgroupLimits;
  tty: boolean;
  stdin: boolean;
  stdinOnce: boolean;
  attempt: number;
  terminationMessagePath: string;
  terminationMessagePolicy: string;
  /** Join another container's PID namespace (ephemeral containers with --target). */
  targetContainerId?: string;
  /** Kubernetes container type, for the kubelet's bookkeeping. */
  kind: 'init' | 'regular' | 'ephemeral';
  /** Adopt a container that already runs (the kubelet started after the cluster's bootstrap). */
  adoptId?: string;
}

export type ContainerState = 'created' | 'running' | 'exited';

export interface Container {
  id: string;
  sandboxId: string;
  podUID: string;
  name: string;
  attempt: number;
  config: ContainerConfig;
  /** `docker.io/library/nginx:1.25.3` */
  imageName: string;
  /** `docker.io/library/nginx@sha256:…` */
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  message?: string;
  log: ContainerLog;
  fs: ContainerFS;
  cgroup: Cgroup;
  pids: PidNamespace;
  init?: Process;
  /** Fires with the exit code when the container stops. */
  exited: Signal<number>;
  user: User;
  /** stdin of PID 1 (kubectl run -i / attach). */
  stdin: Stdin;
}

export interface RuntimeOptions {
  nodeName: string;
  clock: SimClock;
  rand: Rand;
  network: PodNetwork;
  /** The node's network namespace (hostNetwork pods, the kubelet's probes). */
  nodeNetns: NetNamespace;
  podCIDR: string;
  /** Node memory capacity, bytes (the kernel OOM killer fires above it). */
  memoryCapacity: number;
  /** Memory used by the node itself (systemd, containerd, kubelet), bytes. */
  systemMemory: number;
}

function hex(rand: Rand, n: number): string {
  let s = '';
  while (s.length < n) s += rand.nextUint32().toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** What runc says when the container's process cannot be started. */
export function startErrorMessage(argv0: string, err: string): string {
  const detail =
    err === 'ENOENT'
      ? argv0.includes('/')
        ? `exec: "${argv0}": stat ${argv0}: no such file or directory`
        : `exec: "${argv0}": executable file not found in $PATH`
      : err === 'EACCES'
        ? `exec: "${argv0}": permission denied`
        : `exec format error`;
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: ${detail}: unknown`;
}

/** What runc says when an exec cannot start. */
export function execErrorMessage(argv0: string, err: string): string {
  const detail =
    err === 'ENOENT'
      ? argv0.includes('/')
        ? `exec: "${argv0}": stat ${argv0}: no such file or directory`
        : `exec: "${argv0}": executable file not found in $PATH`
      : err === 'EACCES'
        ? `exec: "${argv0}": permission denied`
        : 'exec format error';
  return `OCI runtime exec failed: exec failed: unable to start container process: ${detail}: unknown`;
}

export interface ExecIO {
  stdout: (t: string) => void;
  stderr: (t: string) => void;
  stdin?: Stdin;
  tty?: boolean;
}

export class ContainerRuntime {
  readonly images = new Map<string, ImageEntry>();
  readonly sandboxes = new Map<string, Sandbox>();
  readonly containers = new Map<string, Container>();
  readonly ipam: HostLocalIPAM;
  /** The kubelet's PLEG listens here. */
  onContainerExit: (c: Container) => void = () => {};
  /** The kernel's OOM killer chose a victim (the kubelet records a SystemOOM node event). */
  onSystemOOM: (c: Container, process: Process) => void = () => {};
  /** Version counter of the image store (node status lists images). */
  imagesVersion = 0;
  /** oom_score_adj of a container's processes (set by the kubelet from the pod's QoS). */
  oomScoreAdj: (c: Container) => number = () => 0;
  private nodeCheckScheduled = false;

  constructor(readonly opts: RuntimeOptions) {
    this.ipam = new HostLocalIPAM(opts.podCIDR);
  }

  get clock(): SimClock {
    return this.opts.clock;
  }

  // ---- images ------------------------------------------------------------------------------

  hasImage(name: string): ImageEntry | undefined {
    return this.images.get(name);
  }

  /** Store a pulled image under its name (and digest). */
  addImage(entry: ImageEntry): void {
    const name = imageName(entry);
    if (!this.images.has(name)) this.imagesVersion++;
    this.images.set(name, entry);
    this.images.set(`${entry.repo}@${entry.digest}`, entry);
  }

  /** Distinct images with their names (repo digests and tags), for node status. */
  listImages(): { entry: ImageEntry; names: string[] }[] {
    const byId = new Map<string, { entry: ImageEntry; names: Set<string> }>();
    for (const [name, e] of this.images) {
      const key = e.id;
      const rec = byId.get(key) ?? { entry: e, names: new Set<string>() };
      rec.names.add(name);
      byId.set(key, rec);
    }
    return [...byId.values()].map((r) => ({
      entry: r.entry,
      names: [...r.names].sort(
        (a, b) => Number(b.includes('@')) - Number(a.includes('@')) || (a < b ? -1 : 1),
      ),
    }));
  }

  // ---- sandboxes -----------------------------------------------------------------------------

  runPodSandbox(
    pod: {
      uid: string;
      name: string;
      namespace: string;
      hostname: string;
      hostNetwork: boolean;
      shareProcessNamespace: boolean;
    },
    reuseIP?: string,
  ): Sandbox | string {
    let ip: string;
    let netns: NetNamespace;
    if (pod.hostNetwork) {
      netns = this.opts.nodeNetns;
      ip = this.opts.nodeNetns.ips[0]!;
    } else {
      const allocated = reuseIP ?? this.ipam.allocate(pod.uid);
      if (!allocated)
        return `failed to setup network for sandbox: plugin type="bridge" failed (add): failed to allocate for range 0: no IP addresses available in range set: ${this.opts.podCIDR}`;
      if (reuseIP) this.ipam.reserve(reuseIP, pod.uid);
      ip = allocated;
      netns = this.opts.network.createNamespace([ip], `pod ${pod.namespace}/${pod.name}`);
    }
    const sb: Sandbox = {
      id: hex(this.opts.rand, 64),
      podUID: pod.uid,
      podName: pod.name,
      namespace: pod.namespace,
      hostname: pod.hostname,
      netns,
      ip,
      hostNetwork: pod.hostNetwork,
      sharedPids: pod.shareProcessNamespace ? new PidNamespace() : undefined,
      createdAt: this.clock.now(),
      state: 'ready',
    };
    this.sandboxes.set(sb.id, sb);
    return sb;
  }

  stopPodSandbox(id: string): void {
    const sb = this.sandboxes.get(id);
    if (!sb || sb.state === 'notready') return;
    for (const c of this.containers.values())
      if (c.sandboxId === id && c.state === 'running') this.killContainer(c, 128 + SIGNALS.SIGKILL);
    sb.state = 'notready';
    if (!sb.hostNetwork) {
      this.opts.network.deleteNamespace(sb.netns);
      this.ipam.release(sb.ip);
    }
  }

  removePodSandbox(id: string): void {
    this.stopPodSandbox(id);
    for (const c of [...this.containers.values()]) if (c.sandboxId === id) this.containers.delete(c.id);
    this.sandboxes.delete(id);
  }

  // ---- containers ----------------------------------------------------------------------------

  createContainer(sandboxId: string, cfg: ContainerConfig): Container {
    const sb = this.sandboxes.get(sandboxId);
    if (!sb) throw new Error(`sandbox ${sandboxId} not found`);
    const now = () => this.clock.now();
    const image = cfg.imageEntry;
    const fs = new ContainerFS(image.rootfs(), cfg.mounts, now);
    const user = this.resolveUser(fs, image.config.user, cfg.runAsUser, cfg.runAsGroup);
    const target = cfg.targetContainerId ? this.containers.get(cfg.targetContainerId) : undefined;
    const c: Container = {
      id: cfg.adoptId ?? hex(this.opts.rand, 64),
      sandboxId,
      podUID: sb.podUID,
      name: cfg.name,
      attempt: cfg.attempt,
      config: cfg,
      imageName: imageName(image),
      imageRef: `${image.repo}@${image.digest}`,
      state: 'created',
      createdAt: now(),
      log: new ContainerLog(now),
      fs,
      cgroup: new Cgroup(cfg.limits, now),
      pids: target?.pids ?? sb.sharedPids ?? new PidNamespace(),
      exited: new Signal<number>(),
      user,
      stdin: new Stdin('', !cfg.stdin),
    };
    this.containers.set(c.id, c);
    return c;
  }

  private resolveUser(
    fs: ContainerFS,
    imageUser: string | undefined,
    runAsUser?: number,
    runAsGroup?: number,
  ): User {
    let uid = 0;
    let gid = 0;
    let name = 'root';
    const passwd = fs.read('/etc/passwd');
    const lookup = (pred: (f: string[]) => boolean) =>
      typeof passwd === 'string'
        ? passwd
            .split('\n')
            .map((l) => l.split(':'))
            .find((f) => f.length > 3 && pred(f))
        : undefined;
    if (imageUser) {
      const [u, g] = imageUser.split(':');
      const byName = lookup((f) => f[0] === u);
      const byUid = /^\d+$/.test(u!) ? lookup((f) => f[2] === u) : undefined;
      const rec = byName ?? byUid;
      uid = rec ? Number(rec[2]) : Number(u) || 0;
      gid = g !== undefined ? Number(g) : rec ? Number(rec[3]) : 0;
      name = rec ? rec[0]! : String(uid);
    }
    if (runAsUser !== undefined) {
      uid = runAsUser;
      const rec = lookup((f) => f[2] === String(runAsUser));
      name = rec ? rec[0]! : String(runAsUser);
      gid = rec ? Number(rec[3]) : gid;
    }
    if (runAsGroup !== undefined) gid = runAsGroup;
    return { uid, gid, name };
  }

  /** The argv the container runs: command/args over the image's entrypoint/cmd (as Docker/CRI combine them). */
  static resolveArgv(cfg: ContainerConfig): string[] {
    const img = cfg.imageEntry.config;
    if (cfg.command && cfg.command.length > 0) return [...cfg.command, ...(cfg.args ?? [])];
    const entry = img.entrypoint ?? [];
    const args = cfg.args && cfg.args.length > 0 ? cfg.args : (img.cmd ?? []);
    return [...entry, ...args];
  }

  /** The environment of the container's processes: PATH, HOSTNAME, the image's, the pod spec's, HOME. */
  containerEnv(c: Container): Record<string, string> {
    const sb = this.sandboxes.get(c.sandboxId)!;
    const env: Record<string, string> = {
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: sb.hostname,
    };
    for (const kv of c.config.imageEntry.config.env) {
      const i = kv.indexOf('=');
      env[kv.slice(0, i)] = kv.slice(i + 1);
    }
    for (const [k, v] of c.config.env) env[k] = v;
    if (env.HOME === undefined) {
      const passwd = c.fs.read('/etc/passwd');
      const home =
        typeof passwd === 'string'
          ? passwd
              .split('\n')
              .map((l) => l.split(':'))
              .find((f) => f[2] === String(c.user.uid))?.[5]
          : undefined;
      env.HOME = home ?? '/';
    }
    return env;
  }

  private processContext(c: Container): ProcessContext {
    const sb = this.sandboxes.get(c.sandboxId)!;
    return {
      clock: this.clock,
      network: this.opts.network,
      netns: sb.netns,
      fs: c.fs,
      cgroup: c.cgroup,
      hostname: sb.hostname,
      pids: c.pids,
      program: (name) => c.config.imageEntry.programs[name],
      onOOM: () => this.oom(c),
      memoryChanged: () => this.scheduleNodeMemoryCheck(),
    };
  }

  /**
   * Start the container's init process. Returns an error message (a StartError) if the process
   * cannot start; the container is then exited with code 128.
   */
  startContainer(id: string, opts: { logTime?: number; startedAt?: number } = {}): string | undefined {
    const c = this.containers.get(id);
    if (!c || c.state !== 'created') return `container ${id} is not in created state`;
    const argv = ContainerRuntime.resolveArgv(c.config);
    const env = this.containerEnv(c);
    const cwd = c.config.workingDir || c.config.imageEntry.config.workingDir || '/';
    c.startedAt = opts.startedAt ?? this.clock.now();
    if (argv.length === 0) {
      const msg = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: no command specified: unknown`;
      this.finish(c, 128, 'StartError', msg);
      return msg;
    }
    const found = lookPath(c.fs, argv[0]!, env.PATH, cwd);
    if (typeof found === 'string') {
      const msg = startErrorMessage(argv[0]!, found);
      this.finish(c, 128, 'StartError', msg);
      return msg;
    }
    c.state = 'running';
    const ctx = this.processContext(c);
    const stamp = opts.logTime;
    let starting = true;
    const child = spawnProcess(ctx, argv, {
      env,
      cwd,
      user: c.user,
      stdout: (t) => c.log.write('stdout', t, starting ? stamp : undefined),
      stderr: (t) => c.log.write('stderr', t, starting ? stamp : undefined),
      stdin: c.stdin,
      tty: c.config.tty,
      ppid: 0,
    });
    starting = false;
    if (typeof child === 'string') {
      c.state = 'created';
      const msg = startErrorMessage(argv[0]!, child);
      this.finish(c, 128, 'StartError', msg);
      return msg;
    }
    c.init = child.process;
    child.exited.subscribe((code) => this.initExited(c, code));
    return undefined;
  }

  private initExited(c: Container, code: number): void {
    if (c.state !== 'running') return;
    // PID 1 is gone: the kernel kills the rest of the PID namespace
    if (c.pids !== this.sandboxes.get(c.sandboxId)?.sharedPids)
      for (const p of [...c.pids.procs.values()])
        if (c.cgroup.members.has(p)) p.terminate(128 + SIGNALS.SIGKILL);
    const oom = c.cgroup.oomKilled;
    const reason = oom ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
    this.finish(c, oom ? 137 : code, reason, this.terminationMessage(c, code));
  }

  private terminationMessage(c: Container, code: number): string | undefined {
    const path = c.config.terminationMessagePath || '/dev/termination-log';
    const data = c.fs.read(path);
    if (typeof data === 'string' && data !== '') return data.slice(0, 4096);
    if (c.config.terminationMessagePolicy === 'FallbackToLogsOnError' && code !== 0) {
      const tail = c.log.read({ tailLines: 80 });
      return tail.length > 2048 ? tail.slice(-2048) : tail || undefined;
    }
    return undefined;
  }

  private finish(c: Container, code: number, reason: string, message?: string): void {
    c.state = 'exited';
    c.finishedAt = this.clock.now();
    c.startedAt ??= c.finishedAt;
    c.exitCode = code;
    c.reason = reason;
    c.message = message;
    c.log.close();
    for (const p of [...c.pids.procs.values()]) if (c.cgroup.members.has(p)) p.terminate(137);
    c.exited.fire(code);
    this.onContainerExit(c);
  }

  /** Kill every process of the container (SIGKILL); the exit is reported as usual. */
  killContainer(c: Container, status = 137): void {
    if (c.state !== 'running') return;
    const init = c.init;
    for (const p of [...c.pids.procs.values()])
      if (c.cgroup.members.has(p) && p !== init) p.terminate(status);
    init?.terminate(status);
  }

  /** Deliver a signal to the container's PID 1 (StopContainer's first step, `kill` faults). */
  signalContainer(c: Container, sig: number): void {
    if (c.state !== 'running') return;
    c.init?.signal(sig);
  }

  /** The image's STOPSIGNAL, or SIGTERM. */
  stopSignal(c: Container): number {
    const s = c.config.imageEntry.config.stopSignal;
    return (s && SIGNALS[s as keyof typeof SIGNALS]) || SIGNALS.SIGTERM;
  }

  removeContainer(id: string): void {
    const c = this.containers.get(id);
    if (!c) return;
    this.killContainer(c);
    this.containers.delete(id);
  }

  // ---- exec ----------------------------------------------------------------------------------

  /** Run a command in a running container (`kubectl exec`, exec probes). */
  exec(id: string, argv: string[], io: ExecIO): ChildProcess | { error: string } {
    const c = this.containers.get(id);
    if (!c || c.state !== 'running') return { error: `container not running (${id})` };
    const ctx = this.processContext(c);
    const env = this.containerEnv(c);
    // the CRI plugin gives a process with a terminal TERM=xterm (oci.WithEnv in execInternal)
    if (io.tty) env.TERM = 'xterm';
    const cwd = c.config.workingDir || c.config.imageEntry.config.workingDir || '/';
    const child = spawnProcess(ctx, argv, {
      env,
      cwd,
      user: c.user,
      stdout: io.stdout,
      stderr: io.stderr,
      stdin: io.stdin ?? new Stdin(),
      tty: io.tty ?? false,
      ppid: 0,
    });
    if (typeof child === 'string') return { error: execErrorMessage(argv[0] ?? '', child) };
    return child;
  }

  // ---- the kernel's memory management --------------------------------------------------------

  /** memory.max exceeded: cgroup v2 memory.oom.group kills the whole container. */
  private oom(c: Container): void {
    if (c.cgroup.oomKilled || c.state !== 'running') return;
    c.cgroup.oomKilled = true;
    // the allocation that failed is inside the program's code: kill right after it returns
    this.clock.setTimeout(() => this.killContainer(c, 137), 0, 'oom kill');
  }

  private scheduleNodeMemoryCheck(): void {
    if (this.nodeCheckScheduled) return;
    this.nodeCheckScheduled = true;
    this.clock.setTimeout(
      () => {
        this.nodeCheckScheduled = false;
        this.checkNodeMemory(this.oomScoreAdj);
      },
      0,
      'node memory check',
    );
  }

  /** Memory in use on the node: the node's own processes and every running container. */
  nodeMemoryUsage(): number {
    let m = this.opts.systemMemory;
    for (const c of this.containers.values()) if (c.state === 'running') m += c.cgroup.memoryUsage();
    return m;
  }

  /**
   * The kernel's OOM killer when the node runs out of memory: the process with the highest
   * oom_score (its share of memory plus oom_score_adj: BestEffort 1000, Guaranteed -997,
   * Burstable in between) dies, and with memory.oom.group its whole container.
   */
  checkNodeMemory(oomScoreAdj: (c: Container) => number): void {
    if (this.nodeMemoryUsage() <= this.opts.memoryCapacity) return;
    let victim: { c: Container; p: Process; score: number } | undefined;
    for (const c of this.containers.values()) {
      if (c.state !== 'running') continue;
      for (const p of c.cgroup.members as Set<Process>) {
        const score = (p.memory / this.opts.memoryCapacity) * 1000 + oomScoreAdj(c);
        if (!victim || score > victim.score) victim = { c, p, score };
      }
    }
    if (!victim) return;
    victim.c.cgroup.oomKilled = true;
    this.onSystemOOM(victim.c, victim.p);
    this.killContainer(victim.c, 137);
  }
}
