/**
 * The Pod strategy (pkg/registry/core/pod/strategy.go): SetObjectDefaults_Pod, PrepareForCreate's
 * QoS class and scheduling-gated condition, ValidatePodCreate and ValidatePodUpdate.
 */
import type { Pod, PodSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { forbidden, type FieldError } from '../../../apimachinery/field';
import type { Quantity } from '../../../apimachinery/quantity';
import type { KindStrategy } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { defaultPodOnly, defaultPodSpec } from './pod-defaults';
import { validatePodSpecForPod, validatePodSpecUpdate } from './pod-validation';
import { ensureObj, has, quantity, type Json } from './util';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/**
 * `ComputePodQOS` (v1.32, reference §2.1): only cpu and memory count, summed over containers and
 * init containers; Guaranteed needs positive cpu and memory limits everywhere and requests equal
 * to limits.
 */
export function computePodQOS(spec: PodSpec): QOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const add = (m: Map<string, Quantity>, name: string, q: Quantity): void => {
    const prev = m.get(name);
    m.set(name, prev ? prev.add(q) : q);
  };
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    const r = c?.resources ?? {};
    for (const [name, v] of Object.entries(r.requests ?? {})) {
      const q = quantity(v);
      if ((name === 'cpu' || name === 'memory') && q && q.sign() > 0) add(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, v] of Object.entries(r.limits ?? {})) {
      const q = quantity(v);
      if ((name === 'cpu' || name === 'memory') && q && q.sign() > 0) {
        found.add(name);
        add(limits, name, q);
      }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}

const spec = (obj: KubeObject): PodSpec =>
  has((obj as unknown as Pod).spec) ? (obj as unknown as Pod).spec! : ({} as PodSpec);

export const podStrategy: KindStrategy = {
  hasStatus: true,

  default(obj) {
    canonicalizeQuantities('/Pod', obj);
    if (!has(obj.spec)) obj.spec = {};
    defaultPodOnly(spec(obj));
    defaultPodSpec(spec(obj));
  },

  prepareForCreate(obj) {
    const status = ensureObj(obj as Json, 'status');
    if (!status.phase) status.phase = 'Pending';
    status.qosClass = computePodQOS(spec(obj));
    // applySchedulingGatedCondition
    if ((spec(obj).schedulingGates ?? []).length > 0) {
      const conditions = (status.conditions as Json[] | undefined) ?? [];
      if (!conditions.some((c) => c.type === 'PodScheduled')) {
        conditions.push({
          type: 'PodScheduled',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: null,
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        });
        status.conditions = conditions;
      }
    }
  },

  validate(obj) {
    const errs: FieldError[] = validateObjectMeta(obj, true, nameIsDNSSubdomain);
    errs.push(...validatePodSpecForPod(spec(obj), obj.metadata));
    const s = spec(obj);
    if ((s.ephemeralContainers ?? []).length > 0)
      errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
    if (s.nodeName && (s.schedulingGates ?? []).length > 0)
      errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
    return errs;
  },

  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old);
    errs.push(...validateObjectMeta(obj, true, nameIsDNSSubdomain));
    errs.push(...validatePodSpecForPod(spec(obj), obj.metadata));
    errs.push(...validatePodSpecUpdate(spec(obj), spec(old)));
    return errs;
  },
};
