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

const SELECTOR_INDEX = 'endpoints:service-selector';

/**
 * Index Services by one `key=value` pair of their selector (the smallest key), and Services with
 * an empty selector — which select every pod — under `<ns>/*`. A pod is then only checked
 * against the Services indexed under one of its own labels: each Service is indexed once, and
 * any Service that matches the pod has its indexed pair among the pod's labels.
 */
export function addServiceSelectorIndex(services: SharedInformer<ServiceObject>): void {
  services.addIndexers({
    [SELECTOR_INDEX]: (svc) => {
      const set = svc.spec?.selector;
      if (set == null) return [];
      const ns = svc.metadata.namespace ?? '';
      const keys = Object.keys(set).sort();
      return keys.length === 0 ? [`${ns}/*`] : [`${ns}/${keys[0]}=${set[keys[0]!]}`];
    },
  });
}

/**
 * getPodServiceMemberships: the keys of the Services whose selector matches the pod, in key
 * order (as a scan of the namespace's Services would give them). Needs addServiceSelectorIndex.
 */
export function podServiceKeys(services: SharedInformer<ServiceObject>, pod: PodObject): string[] {
  const ns = pod.metadata.namespace ?? '';
  const labels = pod.metadata.labels ?? {};
  const candidates = services.store.byIndex(SELECTOR_INDEX, `${ns}/*`);
  for (const [k, v] of Object.entries(labels))
    candidates.push(...services.store.byIndex(SELECTOR_INDEX, `${ns}/${k}=${v}`));
  return candidates
    .filter((s) => serviceSelector(s)!.matches(labels))
    .map((s) => `${s.metadata.namespace}/${s.metadata.name}`)
    .sort();
}
