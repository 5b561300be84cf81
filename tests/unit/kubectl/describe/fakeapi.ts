/**
 * A tiny in-memory API for the describe tests: objects keyed by REST path, LIST with label and
 * field selectors on the few fields the describers query, and a request log to assert on.
 */
import type { ApiRequest, ApiResponse, WatchResult } from '../../../../src/api/client';
import type { KubeObject, Status } from '../../../../src/api/types';

function notFound(resource: string, name: string): ApiResponse {
  const body: Status = {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: `${resource} "${name}" not found`,
    reason: 'NotFound',
    details: { name, kind: resource },
    code: 404,
  };
  return { status: 404, body };
}

const PLURAL: Record<string, string> = {
  Pod: 'pods',
  Node: 'nodes',
  Namespace: 'namespaces',
  Event: 'events',
  Service: 'services',
  Endpoints: 'endpoints',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  ServiceAccount: 'serviceaccounts',
  ResourceQuota: 'resourcequotas',
  LimitRange: 'limitranges',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  DaemonSet: 'daemonsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers',
  PodDisruptionBudget: 'poddisruptionbudgets',
  PriorityClass: 'priorityclasses',
  EndpointSlice: 'endpointslices',
  Lease: 'leases',
  StatefulSet: 'statefulsets',
  RoleBinding: 'rolebindings',
  Role: 'roles',
  ClusterRole: 'clusterroles',
};

/** Legacy discovery for the kinds above (what the real kubectl and Breakfix's RESTMapper read). */
const DISCOVERY: [string, string, string, boolean, string[]][] = [
  // group, version, kind, namespaced, shortNames
  ['', 'v1', 'Pod', true, ['po']],
  ['', 'v1', 'Node', false, ['no']],
  ['', 'v1', 'Namespace', false, ['ns']],
  ['', 'v1', 'Event', true, ['ev']],
  ['', 'v1', 'Service', true, ['svc']],
  ['', 'v1', 'Endpoints', true, ['ep']],
  ['', 'v1', 'ConfigMap', true, ['cm']],
  ['', 'v1', 'Secret', true, []],
  ['', 'v1', 'ServiceAccount', true, ['sa']],
  ['', 'v1', 'ResourceQuota', true, ['quota']],
  ['', 'v1', 'LimitRange', true, ['limits']],
  ['apps', 'v1', 'Deployment', true, ['deploy']],
  ['apps', 'v1', 'DaemonSet', true, ['ds']],
  ['apps', 'v1', 'ReplicaSet', true, ['rs']],
  ['apps', 'v1', 'StatefulSet', true, ['sts']],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'Role', true, []],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', false, []],
  ['batch', 'v1', 'Job', true, []],
  ['batch', 'v1', 'CronJob', true, ['cj']],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', true, ['hpa']],
  ['policy', 'v1', 'PodDisruptionBudget', true, ['pdb']],
  ['scheduling.k8s.io', 'v1', 'PriorityClass', false, ['pc']],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', true, []],
  ['coordination.k8s.io', 'v1', 'Lease', true, []],
];

function discovery(path: string): unknown {
  if (path === '/api') return { kind: 'APIVersions', versions: ['v1'] };
  if (path === '/apis') {
    const groups = [...new Set(DISCOVERY.filter((d) => d[0]).map((d) => `${d[0]}/${d[1]}`))].map((gv) => {
      const [name, version] = gv.split('/') as [string, string];
      return {
        name,
        versions: [{ groupVersion: gv, version }],
        preferredVersion: { groupVersion: gv, version },
      };
    });
    return { kind: 'APIGroupList', apiVersion: 'v1', groups };
  }
  const m = /^\/api\/(v1)$|^\/apis\/([^/]+)\/([^/]+)$/.exec(path);
  if (!m) return undefined;
  const group = m[2] ?? '';
  const version = m[1] ?? m[3]!;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources: DISCOVERY.filter((d) => d[0] === group && d[1] === version).map(
      ([, , kind, namespaced, shortNames]) => ({
        name: PLURAL[kind],
        singularName: kind.toLowerCase(),
        namespaced,
        kind,
        verbs: ['get', 'list'],
        shortNames,
      }),
    ),
  };
}

const CLUSTER_SCOPED = new Set(['Node', 'Namespace', 'PriorityClass', 'ClusterRole']);

/** `/api/v1/namespaces/ns/pods` for an object's collection. */
export function collectionPath(o: KubeObject): string {
  const base = o.apiVersion.includes('/') ? `/apis/${o.apiVersion}` : `/api/${o.apiVersion}`;
  const ns = CLUSTER_SCOPED.has(o.kind) ? '' : `/namespaces/${o.metadata.namespace ?? 'default'}`;
  return `${base}${ns}/${PLURAL[o.kind]}`;
}

function matchLabels(selector: string, labels: Record<string, string> = {}): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const [k, v] = term.split('=');
    return labels[k!] === v;
  });
}

function fieldValue(o: KubeObject, path: string): string {
  let cur: unknown = o;
  for (const part of path.split('.')) cur = (cur as Record<string, unknown> | undefined)?.[part];
  return cur === undefined || cur === null ? '' : String(cur);
}

function matchFields(selector: string, o: KubeObject): boolean {
  if (!selector) return true;
  return selector.split(',').every((term) => {
    const neq = term.indexOf('!=');
    if (neq >= 0) return fieldValue(o, term.slice(0, neq)) !== term.slice(neq + 2);
    const eq = term.indexOf('=');
    return fieldValue(o, term.slice(0, eq)) === term.slice(eq + 1);
  });
}

export class FakeApi {
  readonly requests: string[] = [];
  private readonly objects: KubeObject[] = [];

  constructor(objects: KubeObject[] = []) {
    for (const o of objects) this.add(o);
  }

  add(o: KubeObject): void {
    this.objects.push(o);
  }

  /** Only what the describe tests need of the KubeClient interface. */
  async watch(): Promise<WatchResult> {
    return { ok: false, response: { status: 405, body: {} } };
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    const d = req.method === 'GET' ? discovery(req.path) : undefined;
    if (d) return { status: 200, body: d };
    const q = req.query ?? {};
    const qs = Object.entries(q)
      .map(([k, v]) => `${k}=${v}`)
      .join('&');
    this.requests.push(`${req.method} ${req.path}${qs ? '?' + qs : ''}`);
    for (const o of this.objects) {
      if (`${collectionPath(o)}/${o.metadata.name}` === req.path) return { status: 200, body: o };
    }
    // LIST: a collection path, or the all-namespaces form `/api/v1/pods`.
    const items = this.objects.filter((o) => {
      const coll = collectionPath(o);
      const allNs = coll.replace(/\/namespaces\/[^/]+/, '');
      return (
        (coll === req.path || allNs === req.path) &&
        matchLabels(q.labelSelector ?? '', o.metadata.labels) &&
        matchFields(q.fieldSelector ?? '', o)
      );
    });
    const isList =
      /\/(pods|events|replicasets|secrets|resourcequotas|limitranges|endpointslices|deployments|services|configmaps|nodes|namespaces)$/.test(
        req.path,
      );
    if (isList)
      return {
        status: 200,
        body: { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '1' }, items },
      };
    const parts = req.path.split('/');
    const group = parts[1] === 'apis' ? `.${parts[2]}` : '';
    return notFound(`${parts[parts.length - 2] ?? ''}${group}`, parts[parts.length - 1] ?? '');
  }
}
