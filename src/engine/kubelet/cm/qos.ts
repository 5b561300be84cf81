/**
 * Pod QoS class (pkg/apis/core/v1/helper/qos, reference §2) and what the kubelet derives from it:
 * the OOM score adjustment of the containers' processes (pkg/kubelet/qos/policy.go), which is how
 * the kernel chooses a victim when the node runs out of memory.
 */
import type { Container, Pod, PodSpec } from 'kubernetes-types/core/v1';
import { parseQuantityOrUndefined, type Quantity } from '../../../apimachinery/quantity';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const SUPPORTED = ['cpu', 'memory'] as const;

function positive(v: unknown): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  const q = parseQuantityOrUndefined(String(v));
  return q && q.sign() > 0 ? q : undefined;
}

/**
 * ComputePodQOS: pod-level resources when set; otherwise the sum over containers and init
 * containers of the positive cpu/memory requests and limits. Guaranteed needs every container to
 * have both limits and the sums of requests to equal the sums of limits.
 */
export function computePodQOS(spec: PodSpec): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const podLevel = (
    spec as { resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> } }
  ).resources;
  const add = (m: Map<string, Quantity>, name: string, q: Quantity) =>
    m.set(name, m.has(name) ? m.get(name)!.add(q) : q);
  if (podLevel && (podLevel.requests || podLevel.limits)) {
    for (const r of SUPPORTED) {
      const rq = positive(podLevel.requests?.[r]);
      if (rq) requests.set(r, rq);
      const lq = positive(podLevel.limits?.[r]);
      if (lq) limits.set(r, lq);
    }
    if (!limits.has('cpu') || !limits.has('memory')) guaranteed = false;
  } else {
    const all: Container[] = [...(spec.containers ?? []), ...(spec.initContainers ?? [])];
    for (const c of all) {
      const req = (c.resources?.requests ?? {}) as Record<string, unknown>;
      const lim = (c.resources?.limits ?? {}) as Record<string, unknown>;
      for (const r of SUPPORTED) {
        const rq = positive(req[r]);
        if (rq) add(requests, r, rq);
      }
      let hasCPU = false;
      let hasMem = false;
      for (const r of SUPPORTED) {
        const lq = positive(lim[r]);
        if (lq) {
          add(limits, r, lq);
          if (r === 'cpu') hasCPU = true;
          else hasMem = true;
        }
      }
      if (!hasCPU || !hasMem) guaranteed = false;
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    let equal = requests.size === limits.size;
    for (const [name, q] of requests) {
      const l = limits.get(name);
      if (!l || q.cmp(l) !== 0) equal = false;
    }
    if (equal) return 'Guaranteed';
  }
  return 'Burstable';
}

/** GetPodQOS: the stored class if set, else computed. */
export function getPodQOS(pod: Pod): QOSClass {
  return (pod.status?.qosClass as QOSClass | undefined) ?? computePodQOS(pod.spec ?? { containers: [] });
}

/** policy.GetContainerOOMScoreAdjust. */
export function oomScoreAdj(pod: Pod, container: Container | undefined, memoryCapacity: number): number {
  const qos = getPodQOS(pod);
  if (qos === 'Guaranteed') return -997;
  if (qos === 'BestEffort') return 1000;
  const req = positive((container?.resources?.requests as Record<string, unknown> | undefined)?.memory);
  const memoryRequest = req ? req.value() : 0;
  let adj = 1000 - Math.floor((1000 * memoryRequest) / memoryCapacity);
  if (adj < 2) adj = 2;
  if (adj === 1000) adj = 999;
  return adj;
}
