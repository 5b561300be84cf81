/**
 * The endpoints controller (pkg/controller/endpoint/endpoints_controller.go): keeps one
 * `Endpoints` object per Service with a selector, listing the IPs of the pods it selects:
 *
 *   Service / pod / Endpoints event ──► key `ns/name` of each affected Service ──► syncService:
 *     1. Service gone → delete its Endpoints;
 *     2. ExternalName, or no selector → nothing to do (a Service without a selector has
 *        hand-written Endpoints);
 *     3. for every selected pod that has an IP and is not finished or terminating: one address
 *        per Service port (targetPort resolved by number or by container port name), under
 *        `addresses` when the pod is Ready, under `notReadyAddresses` otherwise
 *        (publishNotReadyAddresses puts them all under `addresses`);
 *     4. repack (one subset per distinct port set), and write only if something changed.
 *
 * A Service whose selector matches nothing still gets an Endpoints object, with no subsets:
 * `kubectl get endpoints` prints `<none>`. This is the book's selector-typo symptom.
 * The Endpoints API is deprecated in favour of EndpointSlices (1.33); kube-proxy reads slices.
 */
import type { EndpointAddress, EndpointPort, EndpointSubset, Endpoints } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import {
  hasStatusCause,
  isAlreadyExists,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { deepCopy, splitMetaNamespaceKey } from '../framework/objects';
import { ENDPOINTS, PODS, SERVICES } from '../framework/resources';
import {
  findPort,
  HEADLESS_LABEL,
  isPodReady,
  isServiceIPSet,
  LAST_CHANGE_TRIGGER_TIME,
  lastChangeTriggerTime,
  podIPv4,
  rfc3339Nano,
  shouldPodBeInEndpoints,
  shouldSetHostname,
  type PodObject,
  type ServiceObject,
  semanticEqual,
} from '../endpointslice/endpointutil';
import {
  addPodLabelIndex,
  addServiceSelectorIndex,
  podServiceKeys,
  podsForService,
} from '../endpointslice/podindex';

type EndpointsObject = Endpoints & KubeObject;

/** maxCapacity: an Endpoints object holds at most 1000 addresses. */
export const MAX_ENDPOINTS_CAPACITY = 1000;
const OVER_CAPACITY = 'endpoints.kubernetes.io/over-capacity';

const addrKey = (a: EndpointAddress): string => `${a.ip}|${a.targetRef?.uid ?? ''}`;
const portKey = (p: EndpointPort): string =>
  `${p.name ?? ''}|${p.port}|${p.protocol ?? ''}|${p.appProtocol ?? ''}`;

/**
 * endpoints.RepackSubsets: one subset per distinct port set, ready and not-ready addresses
 * merged, addresses sorted by IP. (Upstream orders ports and subsets by a hash of their Go
 * representation; here ports are ordered by name and port, subsets by their first port.)
 */
export function repackSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  const byPorts = new Map<
    string,
    { ports: EndpointPort[]; ready: Map<string, EndpointAddress>; notReady: Map<string, EndpointAddress> }
  >();
  for (const ss of subsets) {
    const ports = [...(ss.ports ?? [])].sort((a, b) =>
      portKey(a) < portKey(b) ? -1 : portKey(a) > portKey(b) ? 1 : 0,
    );
    const k = ports.map(portKey).join(',');
    let g = byPorts.get(k);
    if (!g) {
      g = { ports, ready: new Map(), notReady: new Map() };
      byPorts.set(k, g);
    }
    for (const a of ss.addresses ?? []) g.ready.set(addrKey(a), a);
    for (const a of ss.notReadyAddresses ?? []) if (!g.ready.has(addrKey(a))) g.notReady.set(addrKey(a), a);
  }
  const ipLess = (a: EndpointAddress, b: EndpointAddress): number => {
    const x = a.ip.split('.').map(Number);
    const y = b.ip.split('.').map(Number);
    for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
    return (a.targetRef?.uid ?? '') < (b.targetRef?.uid ?? '') ? -1 : 1;
  };
  const out: EndpointSubset[] = [];
  for (const [k, g] of [...byPorts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    void k;
    const ss: EndpointSubset = {};
    if (g.ready.size) ss.addresses = [...g.ready.values()].sort(ipLess);
    if (g.notReady.size) ss.notReadyAddresses = [...g.notReady.values()].sort(ipLess);
    if (g.ports.length) ss.ports = g.ports;
    out.push(ss);
  }
  return out;
}

/** truncateEndpoints: keep at most 1000 addresses, ready ones first, proportionally per subset. */
function truncateEndpoints(subsets: EndpointSubset[]): boolean {
  let total = 0;
  let ready = 0;
  for (const ss of subsets) {
    total += (ss.addresses ?? []).length + (ss.notReadyAddresses ?? []).length;
    ready += (ss.addresses ?? []).length;
  }
  if (total <= MAX_ENDPOINTS_CAPACITY) return false;
  const canReady = Math.min(ready, MAX_ENDPOINTS_CAPACITY);
  let remainingNotReady = MAX_ENDPOINTS_CAPACITY - canReady;
  let remainingReady = canReady;
  for (const ss of subsets) {
    const r = ss.addresses ?? [];
    const keepR = Math.min(r.length, remainingReady);
    remainingReady -= keepR;
    if (r.length) ss.addresses = r.slice(0, keepR);
    const n = ss.notReadyAddresses ?? [];
    const keepN = Math.min(n.length, remainingNotReady);
    remainingNotReady -= keepN;
    if (n.length) ss.notReadyAddresses = n.slice(0, keepN);
  }
  return true;
}

/** The subsets the Service should have for these pods (the body of syncService). */
export function computeSubsets(svc: ServiceObject, pods: readonly PodObject[]): EndpointSubset[] {
  const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
  const subsets: EndpointSubset[] = [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const epa: EndpointAddress = {
      ip,
      targetRef: {
        kind: 'Pod',
        namespace: pod.metadata.namespace,
        name: pod.metadata.name,
        uid: pod.metadata.uid,
      },
    };
    if (pod.spec?.nodeName) epa.nodeName = pod.spec.nodeName;
    if (shouldSetHostname(pod, svc)) epa.hostname = pod.spec!.hostname!;
    const ready = publishNotReady || isPodReady(pod);
    const add = (ports: EndpointPort[]) =>
      subsets.push(ready ? { addresses: [epa], ports } : { notReadyAddresses: [epa], ports });
    const svcPorts = svc.spec?.ports ?? [];
    if (svcPorts.length === 0 && svc.spec?.clusterIP === 'None') {
      add([]);
      continue;
    }
    for (const sp of svcPorts) {
      const port = findPort(pod, sp);
      if (port === undefined) continue; // "Failed to find port for service"
      const epp: EndpointPort = { port, protocol: sp.protocol ?? 'TCP' };
      if (sp.name) epp.name = sp.name;
      if (sp.appProtocol) epp.appProtocol = sp.appProtocol;
      add([epp]);
    }
  }
  return repackSubsets(subsets);
}

export class EndpointsController extends Controller {
  private readonly rest: RestClient;
  private readonly services: SharedInformer<ServiceObject>;
  private readonly pods: SharedInformer<PodObject>;
  private readonly endpoints: SharedInformer<EndpointsObject>;

  constructor(ctx: ControllerContext) {
    super('endpoints', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'endpoint-controller');
    this.services = ctx.informers.informerFor<ServiceObject>(SERVICES);
    this.pods = ctx.informers.informerFor<PodObject>(PODS);
    this.endpoints = ctx.informers.informerFor<EndpointsObject>(ENDPOINTS);
    addPodLabelIndex(this.pods);
    addServiceSelectorIndex(this.services);
    this.services.addEventHandler({
      add: (s) => this.enqueueObj(s),
      update: (_o, s) => this.enqueueObj(s),
      delete: (s) => this.enqueueObj(s),
    });
    this.pods.addEventHandler({
      add: (p) => this.enqueuePodServices(p),
      update: (o, p) => {
        if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
        const keys = new Set([...this.podServiceKeys(o), ...this.podServiceKeys(p)]);
        for (const k of keys) this.queue.add(k);
      },
      delete: (p) => this.enqueuePodServices(p),
    });
    // A deleted (or hand-edited) Endpoints object of a Service with a selector is put back.
    this.endpoints.addEventHandler({ delete: (e) => this.enqueueObj(e) });
    this.waitForCacheSync(
      () => this.services.hasSynced(),
      () => this.pods.hasSynced(),
      () => this.endpoints.hasSynced(),
    );
  }

  private enqueueObj(o: KubeObject): void {
    this.queue.add(`${o.metadata.namespace}/${o.metadata.name}`);
  }

  private podServiceKeys(pod: PodObject): string[] {
    return podServiceKeys(this.services, pod);
  }

  private enqueuePodServices(pod: PodObject): void {
    for (const k of this.podServiceKeys(pod)) this.queue.add(k);
  }

  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const svc = this.services.lister.get(namespace, name);
    if (!svc) {
      // The Service is gone: so are its Endpoints.
      try {
        this.rest.delete(ENDPOINTS, namespace, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      return;
    }
    if (svc.spec?.type === 'ExternalName') return;
    if (svc.spec?.selector == null) return;
    const pods = podsForService(this.pods, svc);
    const subsets = computeSubsets(svc, pods);
    const current = this.endpoints.lister.get(namespace, name);
    const triggerTime = lastChangeTriggerTime(svc, pods);

    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (!isServiceIPSet(svc)) labels[HEADLESS_LABEL] = '';
    else delete labels[HEADLESS_LABEL];
    const truncated = truncateEndpoints(subsets);
    if (
      current &&
      semanticEqual(current.subsets ?? [], subsets) &&
      semanticEqual(current.metadata.labels ?? {}, labels) &&
      (current.metadata.annotations?.[OVER_CAPACITY] === 'truncated') === truncated
    )
      return;
    if (svc.metadata.deletionTimestamp) return;

    const next: EndpointsObject = current
      ? deepCopy(current)
      : { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace } };
    next.subsets = subsets.length ? subsets : undefined;
    if (!next.subsets) delete next.subsets;
    next.metadata.labels = labels;
    const annotations = { ...(next.metadata.annotations ?? {}) };
    if (!Number.isNaN(triggerTime)) annotations[LAST_CHANGE_TRIGGER_TIME] = rfc3339Nano(triggerTime);
    else delete annotations[LAST_CHANGE_TRIGGER_TIME];
    if (truncated) annotations[OVER_CAPACITY] = 'truncated';
    else delete annotations[OVER_CAPACITY];
    next.metadata.annotations = annotations;
    try {
      if (current) this.rest.update(ENDPOINTS, next);
      else this.rest.create(ENDPOINTS, namespace, next);
    } catch (err) {
      // The namespace is going away: nothing to write, nothing to retry.
      if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) return;
      // Our cache is behind (someone else created it): the next event brings us up to date.
      if (!current && isAlreadyExists(err)) return;
      throw err;
    }
  }
}
