/**
 * The EndpointSlice reconciler (staging/src/k8s.io/endpointslice/reconciler.go), in the shape the
 * controller needs: from a Service, its pods and its existing slices, compute the slices to
 * create, update and delete.
 *
 *  - One endpoint per pod that has an IP and has not finished, terminating pods included:
 *    `ready` = Ready and not terminating (or publishNotReadyAddresses), `serving` = Ready,
 *    `terminating` = being deleted. kube-proxy routes to ready endpoints, and falls back to
 *    serving terminating ones when there are none.
 *  - Endpoints are grouped by their port set (a named targetPort may resolve differently per pod);
 *    each group fills slices of at most 100 endpoints (--max-endpoints-per-slice).
 *  - Endpoints stay in the slice they are in; a changed endpoint updates its slice in place; new
 *    ones fill slices that have room before a new slice is created; empty slices are deleted.
 *  - A Service that selects no pod keeps one empty "placeholder" slice (no ports, no endpoints),
 *    which `kubectl get endpointslices` prints with `<unset>` ports.
 */
import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../../api/types';
import {
  CONTROLLER_NAME,
  findPort,
  HEADLESS_LABEL,
  isPodReady,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  MANAGED_BY_LABEL,
  podIPv4,
  rfc3339Nano,
  semanticEqual,
  SERVICE_NAME_LABEL,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  type PodObject,
  type ServiceObject,
} from './endpointutil';

export type EndpointSliceObject = EndpointSlice & KubeObject;

/** --max-endpoints-per-slice default. */
export const MAX_ENDPOINTS_PER_SLICE = 100;

export interface SliceChanges {
  create: EndpointSliceObject[];
  update: EndpointSliceObject[];
  delete: EndpointSliceObject[];
}

const portsKey = (ports: readonly EndpointPort[] | undefined | null): string =>
  JSON.stringify(
    [...(ports ?? [])]
      .map((p) => [p.name ?? '', p.port ?? 0, p.protocol ?? 'TCP', p.appProtocol ?? ''])
      .sort((a, b) => (String(a) < String(b) ? -1 : 1)),
  );

/** podToEndpoint. */
export function podToEndpoint(pod: PodObject, svc: ServiceObject, zone?: string): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata.deletionTimestamp;
  const ready = svc.spec?.publishNotReadyAddresses === true || (serving && !terminating);
  const ep: Endpoint = {
    addresses: [podIPv4(pod)],
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: 'Pod',
      namespace: pod.metadata.namespace,
      name: pod.metadata.name,
      uid: pod.metadata.uid,
    },
  };
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  if (zone) ep.zone = zone;
  if (shouldSetHostname(pod, svc)) ep.hostname = pod.spec!.hostname!;
  return ep;
}

/** getEndpointPorts: the pod's port for every Service port (skipped when a named port is missing). */
export function endpointPorts(svc: ServiceObject, pod: PodObject): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of svc.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

const endpointKey = (ep: Endpoint): string => `${ep.targetRef?.uid ?? ''}|${ep.addresses[0] ?? ''}`;

/** The labels every managed slice of the Service carries (setEndpointSliceLabels). */
export function sliceLabels(svc: ServiceObject): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(svc.metadata.labels ?? {}))
    if (k !== SERVICE_NAME_LABEL && k !== MANAGED_BY_LABEL && k !== HEADLESS_LABEL) labels[k] = v;
  if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
  labels[SERVICE_NAME_LABEL] = svc.metadata.name ?? '';
  labels[MANAGED_BY_LABEL] = CONTROLLER_NAME;
  return labels;
}

/** newEndpointSlice: generateName `<service>-`, owned by the Service. */
function newSlice(
  svc: ServiceObject,
  ports: EndpointPort[] | undefined,
  endpoints: Endpoint[],
  trigger: string | undefined,
): EndpointSliceObject {
  const name = svc.metadata.name ?? '';
  const slice: EndpointSliceObject = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      generateName: `${name.length > 56 ? name.slice(0, 56) : name}-`,
      namespace: svc.metadata.namespace,
      labels: sliceLabels(svc),
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          name,
          uid: svc.metadata.uid ?? '',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType: 'IPv4',
    endpoints,
    ports: ports ?? null,
  } as EndpointSliceObject;
  if (trigger) slice.metadata.annotations = { [LAST_CHANGE_TRIGGER_TIME]: trigger };
  return slice;
}

/**
 * Reconcile: the desired slices for the pods against the existing managed slices of the Service.
 * `zoneOf` gives a node's `topology.kubernetes.io/zone` label (kind nodes have none).
 */
export function reconcileSlices(
  svc: ServiceObject,
  pods: readonly PodObject[],
  existing: readonly EndpointSliceObject[],
  triggerTime: number,
  zoneOf: (node: string) => string | undefined = () => undefined,
): SliceChanges {
  const trigger = Number.isNaN(triggerTime) ? undefined : rfc3339Nano(triggerTime);
  const changes: SliceChanges = { create: [], update: [], delete: [] };
  // desired endpoints, grouped by port set
  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    if (!podIPv4(pod)) continue;
    const ports = endpointPorts(svc, pod);
    const k = portsKey(ports);
    let g = desired.get(k);
    if (!g) {
      g = { ports, endpoints: new Map() };
      desired.set(k, g);
    }
    const ep = podToEndpoint(pod, svc, pod.spec?.nodeName ? zoneOf(pod.spec.nodeName) : undefined);
    g.endpoints.set(endpointKey(ep), ep);
  }

  const labels = sliceLabels(svc);
  const withMeta = (
    s: EndpointSliceObject,
    endpoints: Endpoint[],
    ports: EndpointPort[] | null,
  ): EndpointSliceObject => {
    const copy = structuredClone(s) as EndpointSliceObject;
    copy.endpoints = endpoints;
    (copy as { ports?: EndpointPort[] | null }).ports = ports;
    copy.metadata.labels = { ...labels };
    const ann = { ...(copy.metadata.annotations ?? {}) };
    if (trigger) ann[LAST_CHANGE_TRIGGER_TIME] = trigger;
    else delete ann[LAST_CHANGE_TRIGGER_TIME];
    copy.metadata.annotations = ann;
    return copy;
  };

  const existingByPorts = new Map<string, EndpointSliceObject[]>();
  for (const s of existing) {
    const k = portsKey(s.ports);
    const list = existingByPorts.get(k) ?? [];
    list.push(s);
    existingByPorts.set(k, list);
  }

  const totalDesired = [...desired.values()].reduce((n, g) => n + g.endpoints.size, 0);
  if (totalDesired === 0) {
    // placeholder: keep exactly one empty slice without ports
    const keep =
      existing.find((s) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0) ?? existing[0];
    for (const s of existing) if (s !== keep) changes.delete.push(s);
    if (!keep) changes.create.push(newSlice(svc, undefined, [], trigger));
    else if (
      (keep.endpoints ?? []).length ||
      (keep.ports ?? []).length ||
      !semanticEqual(keep.metadata.labels ?? {}, labels)
    )
      changes.update.push(withMeta(keep, [], null));
    return changes;
  }

  for (const [k, list] of existingByPorts) if (!desired.has(k)) changes.delete.push(...list);
  for (const [k, group] of desired) {
    const slices = existingByPorts.get(k) ?? [];
    const remaining = new Map(group.endpoints);
    const kept: { slice: EndpointSliceObject; endpoints: Endpoint[]; changed: boolean }[] = [];
    for (const s of slices) {
      const eps: Endpoint[] = [];
      let changed = false;
      for (const old of s.endpoints ?? []) {
        const key = endpointKey(old);
        const want = remaining.get(key);
        if (!want) {
          changed = true;
          continue;
        }
        remaining.delete(key);
        if (!semanticEqual(old, want)) changed = true;
        eps.push(want);
      }
      if (!semanticEqual(s.metadata.labels ?? {}, labels)) changed = true;
      kept.push({ slice: s, endpoints: eps, changed });
    }
    // new endpoints fill the slices that have room, then new slices
    const fresh = [...remaining.values()];
    for (const k2 of kept) {
      while (fresh.length && k2.endpoints.length < MAX_ENDPOINTS_PER_SLICE) {
        k2.endpoints.push(fresh.shift()!);
        k2.changed = true;
      }
    }
    for (const k2 of kept) {
      if (k2.endpoints.length === 0) changes.delete.push(k2.slice);
      else if (k2.changed) changes.update.push(withMeta(k2.slice, k2.endpoints, group.ports));
    }
    while (fresh.length)
      changes.create.push(newSlice(svc, group.ports, fresh.splice(0, MAX_ENDPOINTS_PER_SLICE), trigger));
  }
  // A placeholder that would be deleted while a slice is created is reused instead
  // (the reconciler's placeholder handling): the Service keeps its slice name.
  const placeholder = changes.delete.findIndex(
    (s) => (s.endpoints ?? []).length === 0 && (s.ports ?? []).length === 0,
  );
  if (placeholder >= 0 && changes.create.length > 0) {
    const [old] = changes.delete.splice(placeholder, 1);
    const first = changes.create.shift()!;
    changes.update.push(withMeta(old!, first.endpoints, (first.ports ?? null) as EndpointPort[] | null));
  }
  return changes;
}
