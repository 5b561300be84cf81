/** Reading requests and limits off a container spec, in the units the runtime uses. */
import type { Container } from 'kubernetes-types/core/v1';
import { parseQuantityOrUndefined } from '../../../apimachinery/quantity';
import type { CgroupLimits } from './cgroup';

/** A quantity in bytes (memory), or undefined. */
export function bytesOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return remembered(bytesOfText, String(v), (q) => q.value());
}

/** Values of quantity texts already parsed (every pod of a workload asks the same): parsing is pure. */
const bytesOfText = new Map<string, number | undefined>();
const milliOfText = new Map<string, number | undefined>();

function remembered(
  cache: Map<string, number | undefined>,
  text: string,
  of: (q: NonNullable<ReturnType<typeof parseQuantityOrUndefined>>) => number,
): number | undefined {
  if (cache.has(text)) return cache.get(text);
  const q = parseQuantityOrUndefined(text);
  const n = q ? of(q) : undefined;
  if (cache.size >= 10_000) cache.clear();
  cache.set(text, n);
  return n;
}

/** A CPU quantity in millicores, or undefined. */
export function milliOf(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  return remembered(milliOfText, String(v), (q) => q.milliValue());
}

export function containerLimits(c: Container): CgroupLimits {
  const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
  const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
  return { memoryLimit: bytesOf(lim.memory), cpuLimit: milliOf(lim.cpu), cpuRequest: milliOf(req.cpu) };
}

/** Sum of the pod's effective requests (max of init containers vs sum of containers), for admission. */
export function podRequests(spec: { containers?: Container[]; initContainers?: Container[] }): {
  cpu: number;
  memory: number;
} {
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const r = (c.resources?.requests ?? {}) as Record<string, unknown>;
    cpu += milliOf(r.cpu) ?? 0;
    memory += bytesOf(r.memory) ?? 0;
  }
  let sidecarCPU = 0;
  let sidecarMem = 0;
  for (const c of spec.initContainers ?? []) {
    const r = (c.resources?.requests ?? {}) as Record<string, unknown>;
    const rc = milliOf(r.cpu) ?? 0;
    const rm = bytesOf(r.memory) ?? 0;
    if (c.restartPolicy === 'Always') {
      sidecarCPU += rc;
      sidecarMem += rm;
      continue;
    }
    cpu = Math.max(cpu, rc + sidecarCPU);
    memory = Math.max(memory, rm + sidecarMem);
  }
  return { cpu: cpu + sidecarCPU, memory: memory + sidecarMem };
}
