/**
 * Resource usage as the kubelet's Summary API reports it (`/stats/summary`, the shape of
 * k8s.io/kubelet/pkg/apis/stats/v1alpha1) and as `/metrics/resource` exposes it for
 * metrics-server: per container CPU (cumulative core-nanoseconds and the rate over the last
 * ~10 s cadvisor window, in nanocores) and memory (working set). The metrics pipeline, `kubectl
 * top` and the HPA read these — over HTTP from the node's port 10250, like metrics-server.
 */
import type { ContainerRuntime, Container } from './runtime/containerd';

export interface CPUStats {
  time: string;
  usageNanoCores: number;
  usageCoreNanoSeconds: number;
}

export interface MemoryStats {
  time: string;
  availableBytes?: number;
  usageBytes: number;
  workingSetBytes: number;
  rssBytes: number;
}

export interface ContainerStats {
  name: string;
  startTime: string;
  cpu: CPUStats;
  memory: MemoryStats;
}

export interface PodStats {
  podRef: { name: string; namespace: string; uid: string };
  startTime: string;
  containers: ContainerStats[];
  cpu: CPUStats;
  memory: MemoryStats;
}

export interface Summary {
  node: { nodeName: string; startTime: string; cpu: CPUStats; memory: MemoryStats };
  pods: PodStats[];
}

/** cadvisor's housekeeping window for the usage rate. */
const WINDOW_MS = 10_000;

interface Sample {
  t: number;
  usage: number;
  prevT: number;
  prevUsage: number;
}

export class StatsProvider {
  private readonly samples = new Map<string, Sample>();

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly now: () => number,
  ) {}

  /** CPU usage rate (millicores) and cumulative usage (core-ms) of a container. */
  cpu(c: Container): { rateMilli: number; usageMs: number } {
    const now = this.now();
    const usage = c.cgroup.cpuUsage();
    let s = this.samples.get(c.id);
    if (!s) {
      const start = c.startedAt ?? now;
      s = { t: now, usage, prevT: start, prevUsage: 0 };
      this.samples.set(c.id, s);
    } else if (now - s.t >= WINDOW_MS) {
      s.prevT = s.t;
      s.prevUsage = s.usage;
      s.t = now;
      s.usage = usage;
    }
    const dt = s.t - s.prevT;
    const rate =
      dt > 0
        ? ((s.usage - s.prevUsage) / dt) * 1000
        : c.cgroup.cpuDemand() > 0
          ? Math.min(c.cgroup.cpuDemand(), c.cgroup.cpuMax ?? Infinity)
          : 0;
    return { rateMilli: rate, usageMs: usage };
  }

  forget(id: string): void {
    this.samples.delete(id);
  }

  containerStats(c: Container): ContainerStats {
    const time = new Date(this.now()).toISOString();
    const cpu = this.cpu(c);
    const mem = c.cgroup.memoryUsage();
    return {
      name: c.name,
      startTime: new Date(c.startedAt ?? this.now()).toISOString().replace(/\.\d+Z$/, 'Z'),
      cpu: {
        time,
        usageNanoCores: Math.round(cpu.rateMilli * 1e6),
        usageCoreNanoSeconds: Math.round(cpu.usageMs * 1e6),
      },
      memory: { time, usageBytes: mem, workingSetBytes: mem, rssBytes: mem },
    };
  }
}
