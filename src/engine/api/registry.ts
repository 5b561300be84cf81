/**
 * The resources the API server serves, with the same names, kinds, scopes, verbs, short names,
 * categories and subresources a v1.32 kube-apiserver announces in discovery (`kubectl
 * api-resources`). Besides the discovery facts, each entry carries the few behavioural switches
 * that the real registry strategies hard-code per kind (pkg/registry/<group>/<resource>/):
 * whether `metadata.generation` is tracked, what a create does to `status`, whether DELETE answers
 * with the deleted object or a Status, the default garbage-collection policy, and which fields a
 * `fieldSelector` may use.
 *
 * Later issues add kinds with `registerResource` and subresource handlers (binding, eviction, log,
 * exec …) with `registerSubresource`; until a handler is registered, such a subresource is listed
 * in discovery but answers a clear "not simulated" error.
 */
import type { ApiRequest, ApiResponse } from '../../api/client';
import type { KubeObject } from '../../api/types';
import { hpaV1, type VersionConverter } from './conversion';

/** How `metadata.generation` is maintained (PrepareForCreate / PrepareForUpdate of the strategy). */
export type GenerationPolicy =
  /** Not tracked (Pod in 1.32, ConfigMap, Service, Namespace …). */
  | 'none'
  /** 1 on create, +1 when `spec` changes (ReplicaSet, DaemonSet, Job, CronJob, PodDisruptionBudget). */
  | 'spec'
  /** Deployment: +1 when `spec` or `metadata.annotations` change (annotations are copied to ReplicaSets). */
  | 'spec+annotations'
  /** EndpointSlice: +1 when anything outside metadata changes, or the labels do. */
  | 'content+labels';

/** Default of DeleteOptions.propagationPolicy when the client sends none (DefaultGarbageCollectionPolicy). */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents';

export interface SubresourceInfo {
  /** `status`, `scale`, `binding`, `eviction`, `log`, `exec`, `finalize` … */
  name: string;
  /** Kind announced in discovery (`Pod` for pods/status, `Scale`, `Binding`, `Eviction` …). */
  kind: string;
  /** Group/version announced in discovery when it differs from the parent's (Scale: autoscaling/v1). */
  group?: string;
  version?: string;
  verbs: string[];
}

/** Field selectors: which labels the kind accepts and how an object projects onto them. */
export interface SelectableFields {
  /** Labels accepted besides the metadata ones (ConvertFieldLabel of the kind's conversion.go). */
  accepted: string[];
  /** Whether metadata.namespace is accepted (per kind: Node and Namespace do not accept it). */
  acceptsNamespace: boolean;
  /** Legacy spellings rewritten before matching (pods: spec.host → spec.nodeName). */
  aliases?: Record<string, string>;
  /** The message of the 400 for an unsupported label. */
  reject(label: string): string;
  /** The values of the kind-specific labels (ToSelectableFields); a missing label reads "". */
  values(obj: KubeObject): Record<string, string>;
}

export interface ResourceInfo {
  group: string;
  /** The version objects are served and stored in. */
  version: string;
  /**
   * Every version the group announces for this resource, preferred first (autoscaling: v2, v1).
   * Objects live in `version`; another version is served through its converter, or refused as
   * not simulated when it has none.
   */
  versions: string[];
  converters?: Record<string, VersionConverter>;
  kind: string;
  listKind: string;
  /** Plural resource name, as in URLs: `pods`, `deployments`. */
  resource: string;
  singular: string;
  shortNames: string[];
  categories: string[];
  namespaced: boolean;
  verbs: string[];
  /** As discovery shows it; a hash of the storage version, stable across releases. */
  storageVersionHash: string;
  subresources: SubresourceInfo[];
  generation: GenerationPolicy;
  /** Whether PrepareForCreate clears `status` (Node keeps what the kubelet registers). */
  resetStatusOnCreate: boolean;
  /** The `/status` subresource keeps the old metadata.labels (apps kinds' status strategies). */
  statusKeepsLabels: boolean;
  /** DELETE answers with the deleted object (Store.ReturnDeletedObject) instead of Status Success. */
  returnDeletedObject: boolean;
  gcPolicy?: GarbageCollectionPolicy;
  /** Name validation applied when the kind's strategy reports nothing (NameIsDNSSubdomain …). */
  nameValidation: 'subdomain' | 'label' | 'dns1035';
  fields: SelectableFields;
}

/** A handler for `<resource>/<subresource>` (binding, eviction, log, exec …). */
export type SubresourceHandler = (req: SubresourceRequest) => ApiResponse;

export interface SubresourceRequest {
  info: ResourceInfo;
  subresource: string;
  namespace: string | undefined;
  name: string;
  request: ApiRequest;
}

const metadataOnly = (): SelectableFields => ({
  accepted: [],
  acceptsNamespace: true,
  // runtime.DefaultMetaV1FieldSelectorConversion
  reject: (label) =>
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
  values: () => ({}),
});

const fieldLabelNotSupported = (label: string): string => `field label not supported: ${label}`;

/** Field paths split once (they are a few constants). */
const splitPaths = new Map<string, string[]>();

function get(obj: unknown, path: string): unknown {
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    splitPaths.set(path, parts);
  }
  let cur: unknown = obj;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const asString = (v: unknown): string =>
  typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
const str = (obj: unknown, path: string): string => asString(get(obj, path));
const bool = (obj: unknown, path: string): string => (get(obj, path) === true ? 'true' : 'false');
const int = (obj: unknown, path: string): string => {
  const v = get(obj, path);
  return typeof v === 'number' ? String(v) : '0';
};

const podFields: SelectableFields = {
  // pkg/apis/core/v1/conversion.go; status.podIPs is accepted but PodToSelectableFields never
  // sets it, so it matches only the empty value (as upstream).
  accepted: [
    'spec.nodeName',
    'spec.restartPolicy',
    'spec.schedulerName',
    'spec.serviceAccountName',
    'spec.hostNetwork',
    'status.phase',
    'status.podIP',
    'status.podIPs',
    'status.nominatedNodeName',
  ],
  acceptsNamespace: true,
  aliases: { 'spec.host': 'spec.nodeName' },
  reject: fieldLabelNotSupported,
  values: (o) => {
    // Read directly: every kubelet's list and watch asks for spec.nodeName of every pod.
    const p = o as {
      spec?: Record<string, unknown> | null;
      status?: Record<string, unknown> | null;
    };
    const spec = p.spec !== null && typeof p.spec === 'object' ? p.spec : undefined;
    const status = p.status !== null && typeof p.status === 'object' ? p.status : undefined;
    const podIPs = status?.podIPs as { ip?: string }[] | undefined;
    return {
      'spec.nodeName': asString(spec?.nodeName),
      'spec.restartPolicy': asString(spec?.restartPolicy),
      'spec.schedulerName': asString(spec?.schedulerName),
      'spec.serviceAccountName': asString(spec?.serviceAccountName),
      'spec.hostNetwork': spec?.hostNetwork === true ? 'true' : 'false',
      'status.phase': asString(status?.phase),
      // PodToSelectableFields reads Status.PodIPs[0].IP
      'status.podIP': podIPs?.[0]?.ip ?? asString(status?.podIP),
      'status.nominatedNodeName': asString(status?.nominatedNodeName),
    };
  },
};

const eventFields: SelectableFields = {
  accepted: [
    'involvedObject.kind',
    'involvedObject.namespace',
    'involvedObject.name',
    'involvedObject.uid',
    'involvedObject.apiVersion',
    'involvedObject.resourceVersion',
    'involvedObject.fieldPath',
    'reason',
    'reportingComponent',
    'source',
    'type',
  ],
  acceptsNamespace: true,
  reject: fieldLabelNotSupported,
  values: (o) => ({
    'involvedObject.kind': str(o, 'involvedObject.kind'),
    'involvedObject.namespace': str(o, 'involvedObject.namespace'),
    'involvedObject.name': str(o, 'involvedObject.name'),
    'involvedObject.uid': str(o, 'involvedObject.uid'),
    'involvedObject.apiVersion': str(o, 'involvedObject.apiVersion'),
    'involvedObject.resourceVersion': str(o, 'involvedObject.resourceVersion'),
    'involvedObject.fieldPath': str(o, 'involvedObject.fieldPath'),
    reason: str(o, 'reason'),
    reportingComponent: str(o, 'reportingComponent'),
    // EventToSelectableFields: Source.Component, falling back to ReportingController
    source: str(o, 'source.component') || str(o, 'reportingComponent'),
    type: str(o, 'type'),
  }),
};

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

interface Spec {
  group: string;
  version: string;
  versions?: string[];
  converters?: Record<string, VersionConverter>;
  kind: string;
  resource: string;
  singular: string;
  shortNames?: string[];
  categories?: string[];
  namespaced: boolean;
  verbs?: string[];
  storageVersionHash: string;
  subresources?: SubresourceInfo[];
  generation?: GenerationPolicy;
  resetStatusOnCreate?: boolean;
  statusKeepsLabels?: boolean;
  returnDeletedObject?: boolean;
  gcPolicy?: GarbageCollectionPolicy;
  nameValidation?: ResourceInfo['nameValidation'];
  fields?: SelectableFields;
}

function build(s: Spec): ResourceInfo {
  return {
    group: s.group,
    version: s.version,
    versions: s.versions ?? [s.version],
    converters: s.converters,
    kind: s.kind,
    listKind: `${s.kind}List`,
    resource: s.resource,
    singular: s.singular,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    namespaced: s.namespaced,
    verbs: s.verbs ?? ALL_VERBS,
    storageVersionHash: s.storageVersionHash,
    subresources: s.subresources ?? [],
    generation: s.generation ?? 'none',
    resetStatusOnCreate: s.resetStatusOnCreate ?? false,
    statusKeepsLabels: s.statusKeepsLabels ?? false,
    returnDeletedObject: s.returnDeletedObject ?? false,
    gcPolicy: s.gcPolicy,
    nameValidation: s.nameValidation ?? 'subdomain',
    fields: s.fields ?? metadataOnly(),
  };
}

const status = (kind: string): SubresourceInfo => ({ name: 'status', kind, verbs: STATUS_VERBS });
const scale: SubresourceInfo = {
  name: 'scale',
  kind: 'Scale',
  group: 'autoscaling',
  version: 'v1',
  verbs: STATUS_VERBS,
};

/** The built-in resources of a v1.32 cluster that Breakfix serves. */
export function builtinResources(): ResourceInfo[] {
  return [
    build({
      group: '',
      version: 'v1',
      kind: 'Namespace',
      resource: 'namespaces',
      singular: 'namespace',
      shortNames: ['ns'],
      namespaced: false,
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
      storageVersionHash: 'Q3oi5N2YM8M=',
      subresources: [{ name: 'finalize', kind: 'Namespace', verbs: ['update'] }, status('Namespace')],
      resetStatusOnCreate: true,
      returnDeletedObject: true,
      nameValidation: 'label',
      fields: {
        accepted: ['status.phase'],
        acceptsNamespace: false,
        reject: fieldLabelNotSupported,
        values: (o) => ({ 'status.phase': str(o, 'status.phase') }),
      },
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Node',
      resource: 'nodes',
      singular: 'node',
      shortNames: ['no'],
      namespaced: false,
      storageVersionHash: 'XwShjMxG9Fs=',
      subresources: [
        { name: 'proxy', kind: 'NodeProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        status('Node'),
      ],
      fields: {
        accepted: ['spec.unschedulable'],
        acceptsNamespace: false,
        reject: fieldLabelNotSupported,
        values: (o) => ({ 'spec.unschedulable': bool(o, 'spec.unschedulable') }),
      },
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Pod',
      resource: 'pods',
      singular: 'pod',
      shortNames: ['po'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'xPOwRZ+Yhw8=',
      subresources: [
        { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
        { name: 'binding', kind: 'Binding', verbs: ['create'] },
        { name: 'ephemeralcontainers', kind: 'Pod', verbs: STATUS_VERBS },
        { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
        { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
        { name: 'log', kind: 'Pod', verbs: ['get'] },
        { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
        { name: 'proxy', kind: 'PodProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        status('Pod'),
      ],
      resetStatusOnCreate: true,
      returnDeletedObject: true,
      fields: podFields,
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Event',
      resource: 'events',
      singular: 'event',
      shortNames: ['ev'],
      namespaced: true,
      storageVersionHash: 'r2yiGXH7wu8=',
      fields: eventFields,
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'ConfigMap',
      resource: 'configmaps',
      singular: 'configmap',
      shortNames: ['cm'],
      namespaced: true,
      storageVersionHash: 'qFsyl6wFWjQ=',
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Secret',
      resource: 'secrets',
      singular: 'secret',
      namespaced: true,
      storageVersionHash: 'S6u1pOWzb84=',
      fields: {
        accepted: ['type'],
        acceptsNamespace: true,
        reject: fieldLabelNotSupported,
        values: (o) => ({ type: str(o, 'type') }),
      },
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'ServiceAccount',
      resource: 'serviceaccounts',
      singular: 'serviceaccount',
      shortNames: ['sa'],
      namespaced: true,
      storageVersionHash: 'pbx9ZvyFpBE=',
      subresources: [
        {
          name: 'token',
          kind: 'TokenRequest',
          group: 'authentication.k8s.io',
          version: 'v1',
          verbs: ['create'],
        },
      ],
      returnDeletedObject: true,
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Service',
      resource: 'services',
      singular: 'service',
      shortNames: ['svc'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: '0/CO1lhkEBI=',
      subresources: [
        { name: 'proxy', kind: 'ServiceProxyOptions', verbs: ['create', 'delete', 'get', 'patch', 'update'] },
        status('Service'),
      ],
      resetStatusOnCreate: true,
      returnDeletedObject: true,
      nameValidation: 'dns1035',
      fields: {
        // spec.clusterIP and spec.type became selectable in v1.31 (kubernetes#122541).
        accepted: ['spec.clusterIP', 'spec.type'],
        acceptsNamespace: true,
        reject: fieldLabelNotSupported,
        values: (o) => ({ 'spec.clusterIP': str(o, 'spec.clusterIP'), 'spec.type': str(o, 'spec.type') }),
      },
    }),
    build({
      group: '',
      version: 'v1',
      kind: 'Endpoints',
      resource: 'endpoints',
      singular: 'endpoints',
      shortNames: ['ep'],
      namespaced: true,
      storageVersionHash: 'fWeeMqaN/OA=',
    }),
    build({
      group: 'discovery.k8s.io',
      version: 'v1',
      kind: 'EndpointSlice',
      resource: 'endpointslices',
      singular: 'endpointslice',
      namespaced: true,
      storageVersionHash: 'qgS0xkrxYAI=',
      generation: 'content+labels',
    }),
    build({
      group: 'apps',
      version: 'v1',
      kind: 'DaemonSet',
      resource: 'daemonsets',
      singular: 'daemonset',
      shortNames: ['ds'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'dd7pWHUlMKQ=',
      subresources: [status('DaemonSet')],
      generation: 'spec',
      resetStatusOnCreate: true,
      statusKeepsLabels: true,
      gcPolicy: 'DeleteDependents',
    }),
    build({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
      resource: 'deployments',
      singular: 'deployment',
      shortNames: ['deploy'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: '8aSe+NMegvE=',
      subresources: [scale, status('Deployment')],
      generation: 'spec+annotations',
      resetStatusOnCreate: true,
      statusKeepsLabels: true,
      gcPolicy: 'DeleteDependents',
    }),
    build({
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      resource: 'replicasets',
      singular: 'replicaset',
      shortNames: ['rs'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'P1RzHs8/mWQ=',
      subresources: [scale, status('ReplicaSet')],
      generation: 'spec',
      resetStatusOnCreate: true,
      statusKeepsLabels: true,
      gcPolicy: 'DeleteDependents',
      // apps/v1 registers no field label conversion: status.replicas is only selectable on
      // ReplicationControllers, so ReplicaSets get the metadata-only fallback.
    }),
    build({
      group: 'autoscaling',
      version: 'v2',
      versions: ['v2', 'v1'],
      converters: { v1: hpaV1 },
      kind: 'HorizontalPodAutoscaler',
      resource: 'horizontalpodautoscalers',
      singular: 'horizontalpodautoscaler',
      shortNames: ['hpa'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'qwQve8ut294=',
      subresources: [status('HorizontalPodAutoscaler')],
      // HPA generation tracking (feature HPAGeneration) arrived after 1.32.
      resetStatusOnCreate: true,
    }),
    build({
      group: 'batch',
      version: 'v1',
      kind: 'CronJob',
      resource: 'cronjobs',
      singular: 'cronjob',
      shortNames: ['cj'],
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'sd5LIXh4Fjs=',
      subresources: [status('CronJob')],
      generation: 'spec',
      resetStatusOnCreate: true,
      gcPolicy: 'DeleteDependents',
    }),
    build({
      group: 'batch',
      version: 'v1',
      kind: 'Job',
      resource: 'jobs',
      singular: 'job',
      categories: ['all'],
      namespaced: true,
      storageVersionHash: 'mudhfqk/qZY=',
      subresources: [status('Job')],
      generation: 'spec',
      resetStatusOnCreate: true,
      // batch/v1 Jobs orphan their pods by default, for backwards compatibility (kubectl always
      // sends propagationPolicy=Background).
      gcPolicy: 'OrphanDependents',
      fields: {
        accepted: ['status.successful'],
        acceptsNamespace: true,
        reject: (label) => `field label ${JSON.stringify(label)} not supported for Job`,
        values: (o) => ({ 'status.successful': int(o, 'status.succeeded') }),
      },
    }),
    build({
      group: 'policy',
      version: 'v1',
      kind: 'PodDisruptionBudget',
      resource: 'poddisruptionbudgets',
      singular: 'poddisruptionbudget',
      shortNames: ['pdb'],
      namespaced: true,
      storageVersionHash: 'EVWiDmWqyJw=',
      subresources: [status('PodDisruptionBudget')],
      generation: 'spec',
      resetStatusOnCreate: true,
    }),
    build({
      group: 'scheduling.k8s.io',
      version: 'v1',
      kind: 'PriorityClass',
      resource: 'priorityclasses',
      singular: 'priorityclass',
      shortNames: ['pc'],
      namespaced: false,
      storageVersionHash: '1QwjyaZjj3Y=',
    }),
    build({
      group: 'coordination.k8s.io',
      version: 'v1',
      kind: 'Lease',
      resource: 'leases',
      singular: 'lease',
      namespaced: true,
      storageVersionHash: 'gqkMMb/YqFM=',
    }),
  ];
}

/**
 * Group priorities of the aggregator (kube-aggregator apiVersionPriorities): the order of groups
 * in `/apis`. Groups not listed sort after these, alphabetically.
 */
export const GROUP_ORDER = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

/**
 * The table of served resources with lookups by resource, short name, kind and group. One
 * instance per API server, so tests and later issues can register more kinds without touching a
 * global.
 */
export class Registry {
  private readonly byKey = new Map<string, ResourceInfo>();
  private readonly byKind = new Map<string, ResourceInfo>();
  private readonly handlers = new Map<string, SubresourceHandler>();
  private ordered: ResourceInfo[] = [];

  constructor(resources: ResourceInfo[] = builtinResources()) {
    for (const r of resources) this.registerResource(r);
  }

  /** Add (or replace) a served resource. */
  registerResource(info: ResourceInfo): void {
    const key = resourceKey(info.group, info.resource);
    this.byKey.set(key, info);
    this.byKind.set(`${info.group}/${info.kind}`, info);
    this.ordered = [...this.byKey.values()];
  }

  /**
   * Serve `<resource>/<sub>` with `handler` (e.g. `registerSubresource('pods', 'binding', h)` for
   * the scheduler, `('pods', 'log', h)` for the kubelet). `resource` may be `group/resource`
   * (`apps/deployments`) or a bare core resource name. The subresource is added to discovery if it
   * is not listed yet (pass `info` for its discovery entry).
   */
  registerSubresource(
    resource: string,
    sub: string,
    handler: SubresourceHandler,
    info?: Omit<SubresourceInfo, 'name'>,
  ): void {
    const r = this.lookupResource(resource);
    if (!r) throw new Error(`registerSubresource: unknown resource ${resource}`);
    if (!r.subresources.some((s) => s.name === sub)) {
      r.subresources.push({
        name: sub,
        kind: info?.kind ?? r.kind,
        verbs: info?.verbs ?? ['create'],
        group: info?.group,
        version: info?.version,
      });
      r.subresources.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    }
    this.handlers.set(`${resourceKey(r.group, r.resource)}/${sub}`, handler);
  }

  subresourceHandler(info: ResourceInfo, sub: string): SubresourceHandler | undefined {
    return this.handlers.get(`${resourceKey(info.group, info.resource)}/${sub}`);
  }

  /** All served resources, in registration order. */
  all(): readonly ResourceInfo[] {
    return this.ordered;
  }

  /** By group and plural resource (`('apps', 'deployments')`, `('', 'pods')`). */
  get(group: string, resource: string): ResourceInfo | undefined {
    return this.byKey.get(resourceKey(group, resource));
  }

  /** By group and kind (`('apps', 'Deployment')`). */
  byGroupKind(group: string, kind: string): ResourceInfo | undefined {
    return this.byKind.get(`${group}/${kind}`);
  }

  /** By `apiVersion` and kind as written in a manifest (`('apps/v1', 'Deployment')`). */
  byApiVersionKind(apiVersion: string, kind: string): ResourceInfo | undefined {
    const { group } = parseApiVersion(apiVersion);
    return this.byGroupKind(group, kind);
  }

  /**
   * What a user might type: plural, singular, short name or kind, optionally qualified with the
   * group (`deploy`, `deployments.apps`, `Deployment`). The core group wins ties, as kubectl's
   * RESTMapper prefers it.
   */
  lookupResource(name: string): ResourceInfo | undefined {
    let group: string | undefined;
    let bare = name;
    if (name.includes('/')) {
      const [g, r] = name.split('/', 2) as [string, string];
      group = g;
      bare = r;
    } else if (name.includes('.')) {
      const i = name.indexOf('.');
      group = name.slice(i + 1);
      bare = name.slice(0, i);
    }
    const lower = bare.toLowerCase();
    const candidates = this.ordered.filter((r) => group === undefined || r.group === group);
    const match =
      candidates.find((r) => r.resource === lower) ??
      candidates.find((r) => r.singular === lower) ??
      candidates.find((r) => r.shortNames.includes(lower)) ??
      candidates.find((r) => r.kind.toLowerCase() === lower);
    return match;
  }

  /** Resources of one group (`''` for core), in registration order. */
  inGroup(group: string): ResourceInfo[] {
    return this.ordered.filter((r) => r.group === group);
  }

  /** The groups other than core, in `/apis` order. */
  groups(): string[] {
    const set = new Set(this.ordered.map((r) => r.group).filter((g) => g !== ''));
    return [...set].sort((a, b) => {
      const ia = GROUP_ORDER.indexOf(a);
      const ib = GROUP_ORDER.indexOf(b);
      if (ia !== ib) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib) || (a < b ? -1 : 1);
      return a < b ? -1 : a > b ? 1 : 0;
    });
  }

  /** The versions a group announces, preferred first. */
  groupVersions(group: string): string[] {
    const out: string[] = [];
    for (const r of this.inGroup(group)) for (const v of r.versions) if (!out.includes(v)) out.push(v);
    return out;
  }
}

export const resourceKey = (group: string, resource: string): string =>
  group ? `${group}/${resource}` : resource;

export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

export const apiVersionOf = (info: { group: string; version: string }): string =>
  info.group ? `${info.group}/${info.version}` : info.version;
