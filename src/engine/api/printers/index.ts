/**
 * Server-side printing: the meta.k8s.io/v1 Table the apiserver returns when a request's Accept
 * header asks for `as=Table` (what `kubectl get` does). kubectl only lays the rows out; the columns
 * and cells are decided here, as in the real apiserver (k8s.io/kubernetes/pkg/printers/internalversion).
 *
 * Like the apiserver's TableConvertor, tables are always generated "wide": priority-1 columns are
 * included and kubectl drops them unless `-o wide`.
 */
import type { KubeList, KubeObject, Table, TableColumnDefinition, TableRow } from '../../../api/types';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  podPrinter,
  replicationControllerPrinter,
  resourceQuotaPrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core';
import { DOC } from './descriptions';
import {
  clusterRoleBindingPrinter,
  endpointSlicePrinter,
  hpaPrinter,
  ingressClassPrinter,
  ingressPrinter,
  leasePrinter,
  networkPolicyPrinter,
  pdbPrinter,
  priorityClassPrinter,
  roleBindingPrinter,
  runtimeClassPrinter,
  storageClassPrinter,
} from './other';
import { parseTime } from './format';
import { col, type Printer } from './types';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads';

export { podSummary } from './pod';
export { formatHPAMetrics } from './other';
export type { Printer } from './types';

/** Printers keyed by `<group>/<resource>` (the core group is empty: `/pods`). */
const PRINTERS: Record<string, Printer> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/services': servicePrinter,
  '/endpoints': endpointsPrinter,
  '/replicationcontrollers': replicationControllerPrinter,
  '/persistentvolumes': persistentVolumePrinter,
  '/persistentvolumeclaims': persistentVolumeClaimPrinter,
  '/resourcequotas': resourceQuotaPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/replicasets': replicaSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'discovery.k8s.io/endpointslices': endpointSlicePrinter,
  'scheduling.k8s.io/priorityclasses': priorityClassPrinter,
  'autoscaling/horizontalpodautoscalers': hpaPrinter,
  'policy/poddisruptionbudgets': pdbPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'networking.k8s.io/ingresses': ingressPrinter,
  'networking.k8s.io/ingressclasses': ingressClassPrinter,
  'networking.k8s.io/networkpolicies': networkPolicyPrinter,
  'storage.k8s.io/storageclasses': storageClassPrinter,
  'rbac.authorization.k8s.io/rolebindings': roleBindingPrinter,
  'rbac.authorization.k8s.io/clusterrolebindings': clusterRoleBindingPrinter,
  'node.k8s.io/runtimeclasses': runtimeClassPrinter,
};

/**
 * The default table of any other resource (apiserver defaultTableConvertor): NAME and CREATED AT,
 * the creation time in RFC3339 UTC.
 */
const defaultPrinter: Printer = {
  columns: [col('Name', 'string', DOC.name, 0, 'name'), col('Created At', 'date', DOC.creationTimestamp)],
  print: (o) => {
    const t = parseTime(o.metadata.creationTimestamp);
    // Go formats a zero time as 0001-01-01T00:00:00Z.
    const created =
      t === undefined ? '0001-01-01T00:00:00Z' : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return { cells: [o.metadata.name ?? '', created] };
  },
};

/** Which resource the objects belong to. */
export interface TableResourceInfo {
  /** API group, `''` for the core group. */
  group: string;
  /** Plural resource name, e.g. `pods`, `deployments`. */
  resource: string;
}

export interface TableOptions {
  /** Simulated time in ms since the epoch: AGE and the other durations are measured from it. */
  now: number;
  /**
   * `?includeObject=` of the request: `Metadata` (the default) puts a PartialObjectMetadata in each
   * row, `Object` the whole object, `None` nothing.
   */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** TableOptions.noHeaders: omit the column definitions (kubectl sets it on watches after the first page). */
  noHeaders?: boolean;
}

/** The printer used for a resource (exported for tests and for `kubectl get` of specific kinds). */
export function printerFor(info: TableResourceInfo): Printer {
  return PRINTERS[`${info.group}/${info.resource}`] ?? defaultPrinter;
}

function isList(x: unknown): x is KubeList {
  return typeof x === 'object' && x !== null && Array.isArray((x as { items?: unknown }).items);
}

function rowObject(obj: KubeObject, include: TableOptions['includeObject']): KubeObject | undefined {
  switch (include ?? 'Metadata') {
    case 'None':
      return undefined;
    case 'Object':
      return obj;
    default:
      return { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: obj.metadata };
  }
}

/**
 * Convert one object, a list, or an array of objects of one resource into a Table. The table's
 * resourceVersion (and continue token) is the list's, or the single object's.
 */
export function toTable(
  info: TableResourceInfo,
  objects: KubeObject | KubeList | KubeObject[],
  opts: TableOptions,
): Table {
  const printer = printerFor(info);
  const items = Array.isArray(objects) ? objects : isList(objects) ? objects.items : [objects];
  const rows: TableRow[] = items.map((obj) => {
    const data = printer.print(obj, opts.now);
    const row: TableRow = { cells: data.cells };
    if (data.conditions) row.conditions = data.conditions;
    const o = rowObject(obj, opts.includeObject);
    if (o) row.object = o;
    return row;
  });
  let metadata: Table['metadata'] = {};
  if (isList(objects)) {
    const m = objects.metadata ?? {};
    metadata = {
      ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
      ...(m.continue ? { continue: m.continue } : {}),
      ...(m.remainingItemCount != null ? { remainingItemCount: m.remainingItemCount } : {}),
    };
  } else if (!Array.isArray(objects) && objects.metadata?.resourceVersion) {
    metadata = { resourceVersion: objects.metadata.resourceVersion };
  }
  const columnDefinitions: TableColumnDefinition[] = opts.noHeaders
    ? []
    : printer.columns.map((c) => ({ ...c }));
  return { apiVersion: 'meta.k8s.io/v1', kind: 'Table', metadata, columnDefinitions, rows };
}
