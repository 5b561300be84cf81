/**
 * What the endpoints and endpointslice controllers share (pkg/controller/util/endpoint,
 * staging/src/k8s.io/endpointslice/util, pkg/api/v1/pod FindPort): which pods belong in a
 * Service's endpoints, which port of the pod a Service port targets, the pod → Services lookup,
 * and the `endpoints.kubernetes.io/last-change-trigger-time` annotation.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { selectorFromSet, type Selector } from '../../../apimachinery/labels';
import { parseTime } from '../framework/objects';

export type PodObject = Pod & KubeObject;
export type ServiceObject = Service & KubeObject;

export const LAST_CHANGE_TRIGGER_TIME = 'endpoints.kubernetes.io/last-change-trigger-time';
export const HEADLESS_LABEL = 'service.kubernetes.io/headless';
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
export const CONTROLLER_NAME = 'endpointslice-controller.k8s.io';

/** IsPodReady: the kubelet's `Ready` condition is True. */
export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * ShouldPodBeInEndpoints: a pod with an IP that has not finished. `includeTerminating` keeps pods
 * being deleted (EndpointSlices list them as terminating; Endpoints drop them unless the Service
 * publishes not-ready addresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  const phase = pod.status?.phase;
  if (phase === 'Failed' || phase === 'Succeeded') return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/** The pod's IPv4 address (single-stack kind). */
export const podIPv4 = (pod: Pod): string =>
  (pod.status?.podIPs ?? []).map((p) => p.ip).find((ip) => ip && !ip.includes(':')) ??
  pod.status?.podIP ??
  '';

/**
 * podutil.FindPort: a numeric targetPort is used as it is; a named one is looked up among the
 * containers' ports with the Service port's protocol.
 */
export function findPort(pod: Pod, svcPort: ServicePort): number | undefined {
  const target = svcPort.targetPort ?? svcPort.port;
  if (typeof target === 'number') return target;
  if (/^[0-9]+$/.test(target)) return Number(target);
  const proto = svcPort.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? [])
      if (p.name === target && (p.protocol ?? 'TCP') === proto) return p.containerPort;
  return undefined;
}

/** ShouldSetHostname: the pod names this (headless) Service as its subdomain. */
export function shouldSetHostname(pod: Pod, svc: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === svc.metadata?.name &&
    svc.metadata?.namespace === pod.metadata?.namespace
  );
}

/** A Service's clusterIP is set (not empty, not `None`). */
export const isServiceIPSet = (svc: Service): boolean =>
  !!svc.spec?.clusterIP && svc.spec.clusterIP !== 'None';

const selectorCache = new WeakMap<object, Selector>();

/** The Service's selector (a map) as a Selector, cached per (frozen, shared) selector object. */
export function serviceSelector(svc: Service): Selector | undefined {
  const set = svc.spec?.selector;
  if (set == null) return undefined;
  let s = selectorCache.get(set);
  if (!s) {
    s = selectorFromSet(set);
    selectorCache.set(set, s);
  }
  return s;
}

/**
 * The moment the state a sync reflects last changed (EndpointsTriggerTimeTracker, simplified to
 * the latest change among the Service and its pods): creation, readiness transitions, deletion.
 */
export function lastChangeTriggerTime(svc: Service, pods: readonly Pod[]): number {
  let t = parseTime(svc.metadata?.creationTimestamp);
  for (const pod of pods) {
    for (const v of [
      pod.metadata?.creationTimestamp,
      pod.metadata?.deletionTimestamp,
      (pod.status?.conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime,
    ]) {
      const x = parseTime(v ?? undefined);
      if (!Number.isNaN(x) && (Number.isNaN(t) || x > t)) t = x;
    }
  }
  return t;
}

/** `time.Time.Format(time.RFC3339Nano)` of a whole-second instant: `2026-01-01T00:02:10Z`. */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d{3})Z$/, (_, frac: string) =>
    frac === '000' ? 'Z' : `.${frac.replace(/0+$/, '')}Z`,
  );
}

/**
 * Which Services select a pod (the controllers' getPodServiceMemberships): every Service of the
 * pod's namespace whose (non-nil) selector matches the pod's labels.
 */
export function servicesForPod(services: readonly ServiceObject[], pod: Pod): ServiceObject[] {
  const labels = pod.metadata?.labels ?? {};
  return services.filter((svc) => {
    const sel = serviceSelector(svc);
    return sel !== undefined && sel.matches(labels);
  });
}

/** apiequality.Semantic.DeepEqual for JSON values: key order does not matter, absent = undefined. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}
