/**
 * A container's cgroup, as the kubelet configures it through the runtime
 * (pkg/kubelet/cm, kuberuntime_container_linux.go): memory.max from the memory limit,
 * cpu.max from the CPU limit, cpu.weight from the CPU request. It is also where usage is counted,
 * for OOM decisions, CPU throttling, eviction and the metrics pipeline.
 *
 *  - Memory: the sum of the processes' resident memory (plus tmpfs files). Going over memory.max
 *    is an OOM: with cgroup v2 the kubelet sets memory.oom.group, so the kernel kills every
 *    process of the container and containerd reports reason OOMKilled, exit code 137.
 *  - CPU: a limit is a CFS quota per 100 ms period. Kubernetes never sets less than 1 ms per
 *    period (MinQuotaPeriod), so a 5m limit behaves like 10m — which is why the book's HPA shows
 *    200% of a 5m request. Request work queues on the quota: a throttled server answers slower,
 *    and probes with short timeouts start failing.
 */

/** CFS period and the smallest quota the kubelet sets (milliCPUToQuota). */
export const CFS_PERIOD_MS = 100;
export const MIN_QUOTA_MILLICORES = 10;

export interface CgroupLimits {
  /** bytes */
  memoryLimit?: number;
  /** millicores as requested in the spec (the effective quota is at least 10m). */
  cpuLimit?: number;
  cpuRequest?: number;
}

export interface CgroupMember {
  /** Resident memory, bytes. */
  readonly memory: number;
  /** Steady CPU demand (busy loops), millicores. */
  readonly cpuDemand: number;
}

export class Cgroup {
  readonly members = new Set<CgroupMember>();
  /** Extra charged memory: tmpfs files, page cache. */
  extraMemory = 0;
  /** Cumulative CPU time, in core-milliseconds. */
  private cpuUsageMs = 0;
  private lastIntegrate: number;
  /** Request work queue under a CPU limit: when the quota is busy until. */
  private busyUntil = 0;
  /** Peak memory (memory.peak). */
  peakMemory = 0;
  /** Set when the kernel killed this group for going over memory.max. */
  oomKilled = false;

  constructor(
    readonly limits: CgroupLimits,
    private readonly now: () => number,
  ) {
    this.lastIntegrate = now();
  }

  /** memory.max in bytes, or undefined (unlimited). */
  get memoryMax(): number | undefined {
    return this.limits.memoryLimit;
  }

  /** The effective CPU limit in millicores (at least MinQuotaPeriod's 10m), or undefined. */
  get cpuMax(): number | undefined {
    const l = this.limits.cpuLimit;
    return l === undefined ? undefined : Math.max(l, MIN_QUOTA_MILLICORES);
  }

  memoryUsage(): number {
    let m = this.extraMemory;
    for (const p of this.members) m += p.memory;
    return m;
  }

  /** Steady demand of the members, millicores. */
  cpuDemand(): number {
    let d = 0;
    for (const p of this.members) d += p.cpuDemand;
    return d;
  }

  /** Call before a member's demand changes, so usage so far is counted at the old rate. */
  integrate(): void {
    const now = this.now();
    const dt = now - this.lastIntegrate;
    if (dt > 0) {
      const demand = this.cpuDemand();
      const max = this.cpuMax;
      const rate = max === undefined ? demand : Math.min(demand, max);
      this.cpuUsageMs += (rate / 1000) * dt;
    }
    this.lastIntegrate = now;
  }

  /** Cumulative CPU time so far, in core-milliseconds (cpu.stat usage_usec / 1000). */
  cpuUsage(): number {
    this.integrate();
    return this.cpuUsageMs;
  }

  /** The fraction of the demand the quota allows (1 = not throttled). */
  throttleRatio(): number {
    const max = this.cpuMax;
    const demand = this.cpuDemand();
    if (max === undefined || demand <= max) return 1;
    return max / demand;
  }

  /**
   * Spend `cpuMs` of CPU on a piece of work (answering a request, running a probe command).
   * Returns how long it takes in wall time: as long as it costs when there is no limit; queued on
   * the quota left over by the steady load when there is.
   */
  work(cpuMs: number): number {
    const max = this.cpuMax;
    if (max === undefined) {
      // no quota: only count the usage (steady demand is integrated when it changes)
      this.cpuUsageMs += cpuMs;
      return cpuMs;
    }
    this.integrate();
    this.cpuUsageMs += cpuMs;
    // the quota left over by busy loops; when they use it all, CFS shares it with this work
    const steady = Math.min(this.cpuDemand(), max);
    const free = steady >= max ? max / 2 : max - steady;
    const now = this.now();
    const start = Math.max(now, this.busyUntil);
    const finish = start + cpuMs / (free / 1000);
    this.busyUntil = finish;
    return finish - now;
  }

  /** Record the peak (memory.peak) and tell whether memory.max is exceeded. */
  checkMemory(): boolean {
    const usage = this.memoryUsage();
    if (usage > this.peakMemory) this.peakMemory = usage;
    const max = this.memoryMax;
    return max !== undefined && usage > max;
  }
}
