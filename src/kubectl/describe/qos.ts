/**
 * kubectl/pkg/util/qos (v0.32): the `QoS Class:` line of describe pod (reference §2). The class in
 * status wins; otherwise it is computed from cpu and memory requests and limits.
 */
import type { Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import { parseQuantity, type Quantity } from '../../apimachinery/quantity';

const supported = new Set(['cpu', 'memory']);

function positive(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    const q = parseQuantity(String(v));
    return q.sign() > 0 ? q : undefined;
  } catch {
    return undefined;
  }
}

export function computePodQOS(pod: Pod): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let isGuaranteed = true;
  const add = (m: Map<string, Quantity>, name: string, q: Quantity): void => {
    const prev = m.get(name);
    m.set(name, prev ? q.add(prev) : q);
  };
  const accumulate = (res: ResourceRequirements | undefined, perContainer: boolean): void => {
    for (const [name, v] of Object.entries(res?.requests ?? {})) {
      const q = supported.has(name) ? positive(v) : undefined;
      if (q) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, v] of Object.entries(res?.limits ?? {})) {
      const q = supported.has(name) ? positive(v) : undefined;
      if (q) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (perContainer && !(found.has('memory') && found.has('cpu'))) isGuaranteed = false;
  };
  const podLevel = (pod.spec as { resources?: ResourceRequirements } | undefined)?.resources;
  if (podLevel) {
    // Pod-level resources (PodLevelResources, alpha in 1.32) replace the containers' values.
    accumulate(podLevel, true);
  } else {
    for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
      accumulate(c.resources, true);
    }
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (isGuaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        isGuaranteed = false;
        break;
      }
    }
  }
  if (isGuaranteed && requests.size === limits.size) return 'Guaranteed';
  return 'Burstable';
}

export function getPodQOS(pod: Pod): string {
  return pod.status?.qosClass || computePodQOS(pod);
}
