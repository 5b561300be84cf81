/**
 * Node-pressure eviction (pkg/kubelet/eviction): every 10 s, when a hard threshold such as
 * `memory.available<100Mi` is crossed, the node gets MemoryPressure and the kubelet evicts one
 * pod per round, ranked like rankMemoryPressure: pods using more memory than they requested
 * first (BestEffort always do), then lower priority, then by how far over their request — so
 * BestEffort goes before Burstable before Guaranteed in practice. The pod ends Failed with
 *   Reason: Evicted
 *   Message: The node was low on resource: memory. Threshold quantity: 100Mi, available: 92548Ki.
 *            Container hog was using 264780Ki, request is 0, has larger consumption of memory.
 *
 * kind's KubeletConfiguration has no memory threshold (see config.ts), so on the default presets
 * nothing is evicted and the kernel's OOM killer acts when memory runs out.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { newQuantity, parseQuantityOrUndefined } from '../../../apimachinery/quantity';
import type { SimClock, TimerId } from '../../clock';
import { bytesOf } from '../cm/resources';

export interface PodUsage {
  pod: Pod;
  containers: { name: string; workingSet: number }[];
}

export interface EvictionHost {
  clock: SimClock;
  memoryCapacity(): number;
  nodeWorkingSet(): number;
  activePods(): PodUsage[];
  evict(pod: Pod, message: string): void;
}

export interface Threshold {
  signal: string;
  /** Absolute bytes, or a percentage of capacity. */
  quantity?: number;
  percentage?: number;
  /** As configured (`100Mi`), for the message. */
  text: string;
}

export function parseThresholds(evictionHard: Record<string, string>): Threshold[] {
  const out: Threshold[] = [];
  for (const [signal, v] of Object.entries(evictionHard)) {
    if (signal !== 'memory.available') continue;
    if (v.endsWith('%')) {
      const p = Number(v.slice(0, -1));
      if (p > 0) out.push({ signal, percentage: p / 100, text: v });
    } else {
      const q = parseQuantityOrUndefined(v);
      if (q && q.sign() > 0) out.push({ signal, quantity: q.value(), text: v });
    }
  }
  return out;
}

const SYSTEM_CRITICAL_PRIORITY = 2_000_000_000;

export class EvictionManager {
  private timer: TimerId | undefined;
  private pressureSeen = -Infinity;

  constructor(
    private readonly h: EvictionHost,
    private readonly thresholds: Threshold[],
    private readonly intervalMs: number,
    private readonly transitionPeriodMs: number,
  ) {}

  start(): void {
    if (this.thresholds.length === 0 || this.timer !== undefined) return;
    this.timer = this.h.clock.setTimeout(() => this.tick(), this.intervalMs, 'eviction manager');
  }

  stop(): void {
    if (this.timer !== undefined) this.h.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** MemoryPressure condition: under pressure now, or within the transition period. */
  memoryPressure(): boolean {
    return this.h.clock.now() - this.pressureSeen <= this.transitionPeriodMs;
  }

  private tick(): void {
    this.timer = this.h.clock.setTimeout(() => this.tick(), this.intervalMs, 'eviction manager');
    this.synchronize();
  }

  synchronize(): Pod | undefined {
    const capacity = this.h.memoryCapacity();
    const available = capacity - this.h.nodeWorkingSet();
    const met = this.thresholds.find((t) => available < (t.quantity ?? (t.percentage ?? 0) * capacity));
    if (!met) return undefined;
    this.pressureSeen = this.h.clock.now();
    const candidates = this.h
      .activePods()
      .filter(
        (u) =>
          (u.pod.spec?.priority ?? 0) < SYSTEM_CRITICAL_PRIORITY &&
          !u.pod.metadata?.annotations?.['kubernetes.io/config.mirror'],
      );
    if (candidates.length === 0) return undefined;
    const requestOf = (u: PodUsage) => {
      let r = 0;
      for (const c of u.pod.spec?.containers ?? [])
        r += bytesOf((c.resources?.requests as Record<string, unknown> | undefined)?.memory) ?? 0;
      return r;
    };
    const usageOf = (u: PodUsage) => u.containers.reduce((s, c) => s + c.workingSet, 0);
    candidates.sort((a, b) => {
      const ea = usageOf(a) > requestOf(a) ? 0 : 1;
      const eb = usageOf(b) > requestOf(b) ? 0 : 1;
      if (ea !== eb) return ea - eb;
      const pa = a.pod.spec?.priority ?? 0;
      const pb = b.pod.spec?.priority ?? 0;
      if (pa !== pb) return pa - pb;
      return usageOf(b) - requestOf(b) - (usageOf(a) - requestOf(a));
    });
    const victim = candidates[0]!;
    let message = `The node was low on resource: memory. Threshold quantity: ${met.text}, available: ${newQuantity(Math.max(0, Math.floor(available / 1024)) * 1024, 'BinarySI').toString()}. `;
    for (const c of victim.containers) {
      const spec = (victim.pod.spec?.containers ?? []).find((x) => x.name === c.name);
      const req = (spec?.resources?.requests as Record<string, unknown> | undefined)?.memory;
      const reqBytes = bytesOf(req) ?? 0;
      if (c.workingSet > reqBytes)
        message += `Container ${c.name} was using ${newQuantity(Math.floor(c.workingSet / 1024) * 1024, 'BinarySI').toString()}, request is ${req === undefined ? '0' : String(req)}, has larger consumption of memory. `;
    }
    this.h.evict(victim.pod, message);
    return victim.pod;
  }
}
