/**
 * Shared indexes on the pod and Service informers for the endpoint controllers. Upstream lists
 * every pod of the namespace and filters by selector on each sync; an index on `key=value`
 * labels gives the same pods (the full selector is still checked) without scanning thousands of
 * pods per Service, which the 1,000-Service benchmark needs.
 */
import type { SharedInformer } from '../framework/informer';
import { serviceSelector, type PodObject, type ServiceObject } from './endpointutil';

const LABEL_INDEX = 'endpoints:label';

export function addPodLabelIndex(pods: SharedInformer<PodObject>): void {
  pods.addIndexers({
    [LABEL_INDEX]: (pod) => {
      const ns = pod.metadata.namespace ?? '';
      return Object.entries(pod.metadata.labels ?? {}).map(([k, v]) => `${ns}/${k}=${v}`);
    },
  });
}

/** podLister.Pods(ns).List(selector) for a Service's (non-nil) selector. */
export function podsForService(pods: SharedInformer<PodObject>, svc: ServiceObject): PodObject[] {
  const ns = svc.metadata.namespace ?? '';
  const set = svc.spec?.selector ?? {};
  const sel = serviceSelector(svc)!;
  const entries = Object.entries(set);
  if (entries.length === 0) return pods.lister.list(ns).filter((p) => sel.matches(p.metadata.labels ?? {}));
  let best: PodObject[] | undefined;
  for (const [k, v] of entries) {
    const candidates = pods.store.byIndex(LABEL_INDEX, `${ns}/${k}=${v}`);
    if (!best || candidates.length < best.length) best = candidates;
    if (best.length === 0) break;
  }
  return (best ?? []).filter((p) => sel.matches(p.metadata.labels ?? {}));
}

/** Services of a namespace, from the informer (the pod → Services lookup scans them). */
export function servicesInNamespace(services: SharedInformer<ServiceObject>, ns: string): ServiceObject[] {
  return services.lister.list(ns);
}
