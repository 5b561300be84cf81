/**
 * Strategic merge patch metadata: which fields of the built-in kinds merge their lists by a key,
 * which replace whole objects, and which retain keys. In Kubernetes this lives in the Go struct
 * tags of k8s.io/api (`patchStrategy:"merge" patchMergeKey:"name"`) and in the OpenAPI
 * extensions generated from them (`x-kubernetes-patch-strategy`, `x-kubernetes-patch-merge-key`).
 * The apiserver reads the tags when it applies a strategic merge patch; kubectl reads the same
 * tags (or the OpenAPI) when `kubectl apply` computes one.
 *
 * The table below is written by hand from the k8s.io/api v0.32 tags (every tag with a patch
 * strategy that kubectl v1.32 is compiled with). A field that is not listed has no strategy:
 * objects are merged key by key, lists are replaced whole. That is why, for example,
 * `tolerations`, `envFrom`, `args`, `command`, node `taints` and Endpoints `subsets` are replaced
 * by a patch, while `containers`, `env`, `ports` and `volumes` are merged item by item.
 *
 * Only the types that lead to a field with a strategy are described; everything below an
 * undescribed type gets no metadata (a lenient stand-in for Go's "unable to find api field"
 * error, which the real code only hits for fields that a typed object cannot contain).
 */

/** The patch metadata of one field (strategicpatch.PatchMeta). */
export interface PatchMeta {
  /** `patchStrategy` split on commas: [], ['merge'], ['replace'], ['retainKeys'], ['merge', 'retainKeys']. */
  readonly strategies: readonly string[];
  /** `patchMergeKey`; empty for lists of scalars and for fields without a merge key. */
  readonly mergeKey: string;
}

/** A position in the type graph: a type name from TYPES, or undefined for "no metadata below". */
export type Schema = TypeName | undefined;

interface Field {
  /** Type of the field (for lists: of the items); omitted when nothing below it has metadata. */
  t?: TypeName;
  /** patchStrategy tag. */
  s?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
  /** patchMergeKey tag. */
  k?: string;
}

const merge = (k: string, t?: TypeName): Field => (t ? { s: 'merge', k, t } : { s: 'merge', k });
/** A list of objects merged by `type`: the Conditions convention of every status. */
const conditions: Field = { s: 'merge', k: 'type' };

type TypeName =
  | 'ObjectMeta'
  | 'MetadataOnly'
  | 'Pod'
  | 'PodSpec'
  | 'PodStatus'
  | 'Container'
  | 'ContainerStatus'
  | 'PodTemplate'
  | 'PodTemplateSpec'
  | 'ReplicationController'
  | 'ReplicationControllerSpec'
  | 'Service'
  | 'ServiceSpec'
  | 'Node'
  | 'NodeSpec'
  | 'NodeStatus'
  | 'ServiceAccount'
  | 'ConditionsStatus'
  | 'WithStatusConditions'
  | 'ComponentStatus'
  | 'Deployment'
  | 'DeploymentSpec'
  | 'TemplateSpec'
  | 'WithTemplate'
  | 'Job'
  | 'CronJob'
  | 'CronJobSpec'
  | 'JobTemplateSpec'
  | 'JobSpec'
  | 'PodDisruptionBudget'
  | 'PodDisruptionBudgetSpec'
  | 'CSINode'
  | 'CSINodeSpec'
  | 'WebhookConfiguration'
  | 'Webhook'
  | 'ValidatingAdmissionPolicy'
  | 'ValidatingAdmissionPolicySpec';

const TYPES: Record<TypeName, Readonly<Record<string, Field>>> = {
  // meta/v1
  ObjectMeta: {
    finalizers: { s: 'merge' }, // a set of strings: union on patch, $deleteFromPrimitiveList to remove
    ownerReferences: merge('uid'),
  },
  /** Any kind whose only strategic fields are in metadata (ConfigMap, Secret, Role, …). */
  MetadataOnly: { metadata: { t: 'ObjectMeta' } },

  // core/v1
  Pod: { metadata: { t: 'ObjectMeta' }, spec: { t: 'PodSpec' }, status: { t: 'PodStatus' } },
  PodSpec: {
    volumes: { s: 'merge,retainKeys', k: 'name' }, // each Volume keeps only the source it names
    initContainers: merge('name', 'Container'),
    containers: merge('name', 'Container'),
    ephemeralContainers: merge('name', 'Container'), // EphemeralContainerCommon has Container's tags
    imagePullSecrets: merge('name'),
    hostAliases: merge('ip'),
    topologySpreadConstraints: merge('topologyKey'),
    schedulingGates: merge('name'),
    resourceClaims: { s: 'merge,retainKeys', k: 'name' },
    // tolerations, readinessGates, affinity terms: no strategy (replaced whole)
  },
  Container: {
    ports: merge('containerPort'),
    env: merge('name'),
    volumeMounts: merge('mountPath'),
    volumeDevices: merge('devicePath'),
    // envFrom, args, command, resizePolicy: no strategy (replaced whole)
  },
  PodStatus: {
    conditions,
    podIPs: merge('ip'),
    hostIPs: merge('ip'),
    resourceClaimStatuses: { s: 'merge,retainKeys', k: 'name' },
    initContainerStatuses: { t: 'ContainerStatus' },
    containerStatuses: { t: 'ContainerStatus' },
    ephemeralContainerStatuses: { t: 'ContainerStatus' },
  },
  ContainerStatus: {
    volumeMounts: merge('mountPath'),
    allocatedResourcesStatus: merge('name'),
  },
  PodTemplate: { metadata: { t: 'ObjectMeta' }, template: { t: 'PodTemplateSpec' } },
  PodTemplateSpec: { metadata: { t: 'ObjectMeta' }, spec: { t: 'PodSpec' } },
  ReplicationController: {
    metadata: { t: 'ObjectMeta' },
    spec: { t: 'ReplicationControllerSpec' },
    status: { t: 'ConditionsStatus' },
  },
  ReplicationControllerSpec: { template: { t: 'PodTemplateSpec' } },
  Service: { metadata: { t: 'ObjectMeta' }, spec: { t: 'ServiceSpec' }, status: { t: 'ConditionsStatus' } },
  ServiceSpec: { ports: merge('port') },
  Node: { metadata: { t: 'ObjectMeta' }, spec: { t: 'NodeSpec' }, status: { t: 'NodeStatus' } },
  NodeSpec: { podCIDRs: { s: 'merge' } }, // taints: no strategy (replaced whole)
  NodeStatus: { conditions, addresses: merge('type') },
  ServiceAccount: { metadata: { t: 'ObjectMeta' }, secrets: merge('name') }, // imagePullSecrets: none here
  /** `status.conditions` merged by type: Namespace, PVC, Deployment, Job, HPA (v2), … */
  ConditionsStatus: { conditions },
  WithStatusConditions: { metadata: { t: 'ObjectMeta' }, status: { t: 'ConditionsStatus' } },
  ComponentStatus: { metadata: { t: 'ObjectMeta' }, conditions },

  // apps/v1
  Deployment: {
    metadata: { t: 'ObjectMeta' },
    spec: { t: 'DeploymentSpec' },
    status: { t: 'ConditionsStatus' },
  },
  DeploymentSpec: {
    template: { t: 'PodTemplateSpec' },
    // Switching type: Recreate drops rollingUpdate ($retainKeys), as the API requires.
    strategy: { s: 'retainKeys' },
  },
  /** ReplicaSet, StatefulSet, DaemonSet, Job specs: a pod template, nothing else strategic. */
  TemplateSpec: { template: { t: 'PodTemplateSpec' } },
  WithTemplate: {
    metadata: { t: 'ObjectMeta' },
    spec: { t: 'TemplateSpec' },
    status: { t: 'ConditionsStatus' },
  },

  // batch/v1
  Job: { metadata: { t: 'ObjectMeta' }, spec: { t: 'JobSpec' }, status: { t: 'ConditionsStatus' } },
  JobSpec: { template: { t: 'PodTemplateSpec' } },
  CronJob: { metadata: { t: 'ObjectMeta' }, spec: { t: 'CronJobSpec' } },
  CronJobSpec: { jobTemplate: { t: 'JobTemplateSpec' } },
  JobTemplateSpec: { metadata: { t: 'ObjectMeta' }, spec: { t: 'JobSpec' } },

  // policy/v1
  PodDisruptionBudget: {
    metadata: { t: 'ObjectMeta' },
    spec: { t: 'PodDisruptionBudgetSpec' },
    status: { t: 'ConditionsStatus' },
  },
  PodDisruptionBudgetSpec: { selector: { s: 'replace' } }, // a new selector replaces the old one whole

  // storage.k8s.io/v1
  CSINode: { metadata: { t: 'ObjectMeta' }, spec: { t: 'CSINodeSpec' } },
  CSINodeSpec: { drivers: merge('name') },

  // admissionregistration.k8s.io/v1
  WebhookConfiguration: { metadata: { t: 'ObjectMeta' }, webhooks: merge('name', 'Webhook') },
  Webhook: { matchConditions: merge('name') },
  ValidatingAdmissionPolicy: {
    metadata: { t: 'ObjectMeta' },
    spec: { t: 'ValidatingAdmissionPolicySpec' },
    status: { t: 'ConditionsStatus' },
  },
  ValidatingAdmissionPolicySpec: { matchConditions: merge('name'), variables: merge('name') },
};

/**
 * The built-in kinds, keyed `<group>/<Kind>` (core group empty), with the type of their root.
 * These are the kinds the apiserver applies strategic merge patches to and kubectl apply
 * computes strategic merge patches for; anything else (custom resources) uses JSON merge patch.
 */
const KINDS: Readonly<Record<string, TypeName>> = {
  '/Pod': 'Pod',
  '/PodTemplate': 'PodTemplate',
  '/ReplicationController': 'ReplicationController',
  '/Service': 'Service',
  '/Node': 'Node',
  '/Namespace': 'WithStatusConditions',
  '/PersistentVolumeClaim': 'WithStatusConditions',
  '/PersistentVolume': 'MetadataOnly',
  '/ServiceAccount': 'ServiceAccount',
  '/ComponentStatus': 'ComponentStatus',
  '/ConfigMap': 'MetadataOnly',
  '/Secret': 'MetadataOnly',
  '/Endpoints': 'MetadataOnly', // subsets and their addresses/ports: no strategy
  '/Event': 'MetadataOnly',
  '/LimitRange': 'MetadataOnly',
  '/ResourceQuota': 'MetadataOnly',
  '/Binding': 'MetadataOnly',
  'apps/Deployment': 'Deployment',
  'apps/ReplicaSet': 'WithTemplate',
  'apps/StatefulSet': 'WithTemplate',
  'apps/DaemonSet': 'WithTemplate',
  'apps/ControllerRevision': 'MetadataOnly',
  'batch/Job': 'Job',
  'batch/CronJob': 'CronJob',
  'autoscaling/HorizontalPodAutoscaler': 'WithStatusConditions',
  'policy/PodDisruptionBudget': 'PodDisruptionBudget',
  'networking.k8s.io/Ingress': 'MetadataOnly',
  'networking.k8s.io/IngressClass': 'MetadataOnly',
  'networking.k8s.io/NetworkPolicy': 'MetadataOnly',
  'discovery.k8s.io/EndpointSlice': 'MetadataOnly',
  'rbac.authorization.k8s.io/Role': 'MetadataOnly',
  'rbac.authorization.k8s.io/RoleBinding': 'MetadataOnly',
  'rbac.authorization.k8s.io/ClusterRole': 'MetadataOnly',
  'rbac.authorization.k8s.io/ClusterRoleBinding': 'MetadataOnly',
  'storage.k8s.io/StorageClass': 'MetadataOnly',
  'storage.k8s.io/CSIDriver': 'MetadataOnly',
  'storage.k8s.io/CSINode': 'CSINode',
  'storage.k8s.io/VolumeAttachment': 'MetadataOnly',
  'scheduling.k8s.io/PriorityClass': 'MetadataOnly',
  'coordination.k8s.io/Lease': 'MetadataOnly',
  'events.k8s.io/Event': 'MetadataOnly',
  'node.k8s.io/RuntimeClass': 'MetadataOnly',
  'certificates.k8s.io/CertificateSigningRequest': 'MetadataOnly',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration': 'WebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration': 'WebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy': 'ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding': 'MetadataOnly',
  'flowcontrol.apiserver.k8s.io/FlowSchema': 'WithStatusConditions',
  'flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration': 'WithStatusConditions',
  'apiextensions.k8s.io/CustomResourceDefinition': 'MetadataOnly',
  'apiregistration.k8s.io/APIService': 'MetadataOnly',
};

const NO_META: PatchMeta = { strategies: [], mergeKey: '' };

/** Whether the apiserver applies (and kubectl apply builds) strategic merge patches for the kind. */
export function isStrategicMergePatchKind(kindKey: string): boolean {
  return Object.prototype.hasOwnProperty.call(KINDS, kindKey);
}

/**
 * The schema at the root of a kind. Kinds outside the table get the ObjectMeta-only schema:
 * merging with no list strategies except metadata's, which is what a built-in kind without
 * strategic fields gets from its Go struct.
 */
export function rootSchema(kindKey: string): Schema {
  return KINDS[kindKey] ?? 'MetadataOnly';
}

/**
 * LookupPatchMetadataForStruct / ForSlice: the metadata of `key` in an object of type `schema`,
 * and the schema of its value (for a list: of the list's items).
 */
export function lookupField(schema: Schema, key: string): { schema: Schema; meta: PatchMeta } {
  if (!schema) return { schema: undefined, meta: NO_META };
  const fields = TYPES[schema];
  const f = Object.prototype.hasOwnProperty.call(fields, key) ? fields[key] : undefined;
  if (!f) return { schema: undefined, meta: NO_META };
  return { schema: f.t, meta: { strategies: f.s ? f.s.split(',') : [], mergeKey: f.k ?? '' } };
}

/**
 * The metadata of a field addressed by its path from the root of a kind, e.g.
 * `lookupPatchMeta('apps/Deployment', ['spec', 'template', 'spec', 'containers'])` →
 * `{ strategies: ['merge'], mergeKey: 'name' }`. List items are not part of the path.
 */
export function lookupPatchMeta(kindKey: string, path: readonly string[]): PatchMeta {
  let schema = rootSchema(kindKey);
  let meta = NO_META;
  for (const key of path) {
    const r = lookupField(schema, key);
    schema = r.schema;
    meta = r.meta;
  }
  return meta;
}
