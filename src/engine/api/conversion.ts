/**
 * Serving a resource in more than one version. Objects are stored in one version (the
 * registry's `version`); a request in another version has its body converted to the stored
 * version on the way in and its responses converted back on the way out, as the apiserver does
 * through its internal types.
 *
 * The one case in Breakfix: HorizontalPodAutoscaler, stored as autoscaling/v2 and also served as
 * autoscaling/v1 (which `kubectl autoscale` still writes in 1.32). What v1 cannot express
 * (metrics other than CPU utilization, behavior, conditions) travels in the
 * `autoscaling.alpha.kubernetes.io/*` annotations, as pkg/apis/autoscaling/v1/conversion.go does.
 */
import type { KubeObject } from '../../api/types';
import { deepClone, isObject } from './objects';

export interface VersionConverter {
  /** A request body of this version → the stored version. */
  toStored(obj: KubeObject): KubeObject;
  /** A stored object → this version. */
  fromStored(obj: KubeObject): KubeObject;
}

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';

interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: { type?: string; averageUtilization?: number } };
  [k: string]: unknown;
}

const isCpuUtilization = (m: MetricSpec): boolean =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';

function parseJson(s: string | undefined): unknown {
  if (!s) return undefined;
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

/** autoscaling/v2 ⇄ autoscaling/v1 HorizontalPodAutoscaler. */
export const hpaV1: VersionConverter = {
  toStored(v1) {
    const out = deepClone(v1);
    out.apiVersion = 'autoscaling/v2';
    const ann = { ...(out.metadata.annotations ?? {}) };
    const spec = (isObject(out.spec) ? out.spec : {}) as Record<string, unknown>;
    const metrics: MetricSpec[] = [];
    if (typeof spec.targetCPUUtilizationPercentage === 'number')
      metrics.push({
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: spec.targetCPUUtilizationPercentage },
        },
      });
    const extra = parseJson(ann[METRICS]);
    if (Array.isArray(extra)) metrics.push(...(extra as MetricSpec[]));
    delete spec.targetCPUUtilizationPercentage;
    if (metrics.length) spec.metrics = metrics;
    const behavior = parseJson(ann[BEHAVIOR]);
    if (isObject(behavior)) spec.behavior = behavior;
    out.spec = spec;
    const status = isObject(out.status) ? (out.status as Record<string, unknown>) : undefined;
    if (status) {
      const current: unknown[] = [];
      if (typeof status.currentCPUUtilizationPercentage === 'number')
        current.push({
          type: 'Resource',
          resource: { name: 'cpu', current: { averageUtilization: status.currentCPUUtilizationPercentage } },
        });
      const moreCurrent = parseJson(ann[CURRENT_METRICS]);
      if (Array.isArray(moreCurrent)) current.push(...moreCurrent);
      delete status.currentCPUUtilizationPercentage;
      if (current.length) status.currentMetrics = current;
      const conditions = parseJson(ann[CONDITIONS]);
      if (Array.isArray(conditions)) status.conditions = conditions;
    }
    for (const k of [METRICS, CURRENT_METRICS, CONDITIONS, BEHAVIOR]) delete ann[k];
    if (Object.keys(ann).length) out.metadata.annotations = ann;
    else delete out.metadata.annotations;
    return out;
  },

  fromStored(v2) {
    const out = deepClone(v2) as KubeObject;
    out.apiVersion = 'autoscaling/v1';
    const ann = { ...(out.metadata.annotations ?? {}) };
    const spec = (isObject(out.spec) ? out.spec : {}) as Record<string, unknown>;
    const metrics = (Array.isArray(spec.metrics) ? spec.metrics : []) as MetricSpec[];
    const others: MetricSpec[] = [];
    for (const m of metrics) {
      if (isCpuUtilization(m) && spec.targetCPUUtilizationPercentage === undefined)
        spec.targetCPUUtilizationPercentage = m.resource!.target!.averageUtilization;
      else others.push(m);
    }
    delete spec.metrics;
    if (others.length) ann[METRICS] = JSON.stringify(others);
    if (spec.behavior !== undefined) {
      ann[BEHAVIOR] = JSON.stringify(spec.behavior);
      delete spec.behavior;
    }
    const status = isObject(out.status) ? (out.status as Record<string, unknown>) : undefined;
    if (status) {
      const current = (Array.isArray(status.currentMetrics) ? status.currentMetrics : []) as {
        type?: string;
        resource?: { name?: string; current?: { averageUtilization?: number } };
      }[];
      const rest: unknown[] = [];
      for (const m of current) {
        const util = m.resource?.current?.averageUtilization;
        if (m.type === 'Resource' && m.resource?.name === 'cpu' && typeof util === 'number')
          status.currentCPUUtilizationPercentage = util;
        else rest.push(m);
      }
      delete status.currentMetrics;
      if (rest.length) ann[CURRENT_METRICS] = JSON.stringify(rest);
      if (Array.isArray(status.conditions)) {
        ann[CONDITIONS] = JSON.stringify(status.conditions);
        delete status.conditions;
      }
      if (status.currentReplicas === undefined) status.currentReplicas = 0;
      if (status.desiredReplicas === undefined) status.desiredReplicas = 0;
    }
    if (Object.keys(ann).length) out.metadata.annotations = ann;
    return out;
  },
};
