/**
 * What the generic registry does to every object on its way into storage, whatever its kind
 * (apiserver/pkg/registry/rest/create.go BeforeCreate, update.go BeforeUpdate, and the parts of
 * each kind's PrepareForCreate/PrepareForUpdate that are the same pattern everywhere: status is
 * reset or preserved, generation is set and bumped), plus ObjectMeta validation
 * (apimachinery/pkg/api/validation/objectmeta.go).
 *
 * managedFields (server-side apply bookkeeping) are not simulated: incoming managedFields are
 * dropped and none are written, so objects read back without them.
 */
import type { KubeObject } from '../../api/types';
import type { FieldError } from '../../apimachinery/field';
import {
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta as validateMeta,
  validateObjectMetaUpdate as validateMetaUpdate,
  type ObjectMetaLike,
  type ValidateNameFunc,
} from '../../apimachinery/validation';
import { deepClone, isObject, meta, semanticEqual } from './objects';
import type { ResourceInfo } from './registry';

/** ValidatePathSegmentName: what every name must satisfy to fit in a URL. */
export const pathSegmentName: ValidateNameFunc = (name, prefix) => {
  const errs: string[] = [];
  if (!prefix && (name === '.' || name === '..')) errs.push(`may not be '${name}'`);
  for (const c of ['/', '%']) if (name.includes(c)) errs.push(`may not contain '${c}'`);
  return errs;
};

/** The kind's own name rule (ValidatePodName, ValidateNamespaceName, ValidateServiceName …). */
export function nameValidator(kind: ResourceInfo['nameValidation']): ValidateNameFunc {
  switch (kind) {
    case 'label':
      return nameIsDNSLabel;
    case 'dns1035':
      return nameIsDNS1035Label;
    default:
      return nameIsDNSSubdomain;
  }
}

/** ValidateObjectMetaAccessor with the given name rule. */
export function validateObjectMeta(
  obj: KubeObject,
  info: ResourceInfo,
  nameFn: ValidateNameFunc,
): FieldError[] {
  return validateMeta(obj.metadata as ObjectMetaLike, info.namespaced, nameFn);
}

/** ValidateObjectMetaAccessorUpdate. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  return validateMetaUpdate(obj.metadata as ObjectMetaLike, old.metadata as ObjectMetaLike);
}

// ---------------------------------------------------------------------------------------------
// Preparation (PrepareForCreate / PrepareForUpdate, the generic parts)
// ---------------------------------------------------------------------------------------------

/** Top-level fields that are neither metadata nor status: what a status write must not change. */
const NON_SPEC = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** DaemonSets carry their template generation in an annotation (apps/v1 conversion). */
export const DAEMONSET_TEMPLATE_GENERATION = 'deprecated.daemonset.template.generation';

function statusOf(info: ResourceInfo): boolean {
  return info.subresources.some((s) => s.name === 'status');
}

/**
 * An empty status as Go serialises it: the struct is always written, and its fields without
 * `omitempty` appear with their zero values (`replicas: 0`, `currentMetrics: null`).
 */
const ZERO_STATUS: Record<string, Record<string, unknown>> = {
  'apps/Deployment': {},
  'apps/ReplicaSet': { replicas: 0 },
  'apps/DaemonSet': {
    currentNumberScheduled: 0,
    numberMisscheduled: 0,
    desiredNumberScheduled: 0,
    numberReady: 0,
  },
  'batch/Job': {},
  'batch/CronJob': {},
  'autoscaling/HorizontalPodAutoscaler': { currentMetrics: null, desiredReplicas: 0 },
  'policy/PodDisruptionBudget': {
    disruptionsAllowed: 0,
    currentHealthy: 0,
    desiredHealthy: 0,
    expectedPods: 0,
  },
  '/Service': { loadBalancer: {} },
};

/** The create-time part: system fields are set by the caller; this resets status and generation. */
export function prepareForCreate(info: ResourceInfo, obj: KubeObject): void {
  const m = obj.metadata as Record<string, unknown>;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.resourceVersion;
  delete m.selfLink;
  delete m.managedFields;
  if (info.generation !== 'none') m.generation = 1;
  if (info.resetStatusOnCreate) {
    const zero = ZERO_STATUS[`${info.group}/${info.kind}`];
    if (zero) obj.status = deepClone(zero);
    else delete obj.status;
  }
  if (info.group === '' && info.kind === 'Pod') {
    // podStrategy.PrepareForCreate: status = {phase: Pending, qosClass} (the QoS class is the
    // Pod strategy's part).
    obj.status = { phase: 'Pending' };
  } else if (info.group === '' && info.kind === 'Namespace') {
    // namespaceStrategy.PrepareForCreate: Active, and the "kubernetes" finalizer is required.
    obj.status = { phase: 'Active' };
    const spec = (isObject(obj.spec) ? obj.spec : (obj.spec = {})) as { finalizers?: string[] };
    const fins = spec.finalizers ?? [];
    if (!fins.includes('kubernetes')) spec.finalizers = [...fins, 'kubernetes'];
  } else if (info.group === 'apps' && info.kind === 'DaemonSet') {
    const ann = ((m.annotations as Record<string, string> | undefined) ?? {}) as Record<string, string>;
    ann[DAEMONSET_TEMPLATE_GENERATION] = '1';
    m.annotations = ann;
  }
}

/** Keep system fields an update may not change (BeforeUpdate), and bump generation. */
export function prepareForUpdate(
  info: ResourceInfo,
  obj: KubeObject,
  old: KubeObject,
  statusWrite = false,
): void {
  const m = obj.metadata as Record<string, unknown>;
  const o = old.metadata;
  delete m.managedFields;
  delete m.selfLink;
  if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
  if (!m.uid) m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  if (statusOf(info) && !statusWrite) {
    if (old.status !== undefined) obj.status = deepClone(old.status);
    else delete obj.status;
  }
  if (info.group === '' && info.kind === 'Namespace' && !statusWrite) {
    // spec.finalizers change only through the finalize subresource.
    const spec = (isObject(obj.spec) ? obj.spec : (obj.spec = {})) as { finalizers?: string[] };
    const oldFins = (old.spec as { finalizers?: string[] } | undefined)?.finalizers;
    if (oldFins) spec.finalizers = [...oldFins];
    else delete spec.finalizers;
  }
  if (info.group === 'apps' && info.kind === 'DaemonSet') {
    const oldGen = o.annotations?.[DAEMONSET_TEMPLATE_GENERATION];
    const changed = !semanticEqual(
      (obj.spec as { template?: unknown })?.template,
      (old.spec as { template?: unknown })?.template,
    );
    const ann = { ...((m.annotations as Record<string, string> | undefined) ?? {}) };
    if (oldGen !== undefined)
      ann[DAEMONSET_TEMPLATE_GENERATION] = changed ? String(Number(oldGen) + 1) : oldGen;
    m.annotations = ann;
  }
  // Status strategies never bump metadata.generation (e.g. deploymentStatusStrategy keeps it even
  // when the controller changes the revision annotation through the status subresource).
  if (!statusWrite) bumpGeneration(info, obj, old);
}

function bumpGeneration(info: ResourceInfo, obj: KubeObject, old: KubeObject): void {
  const m = meta(obj);
  const prev = old.metadata.generation ?? 0;
  switch (info.generation) {
    case 'none':
      return;
    case 'spec':
      if (!semanticEqual(obj.spec, old.spec)) m.generation = prev + 1;
      return;
    case 'spec+annotations':
      if (!semanticEqual(obj.spec, old.spec) || !semanticEqual(m.annotations, old.metadata.annotations))
        m.generation = prev + 1;
      return;
    case 'content+labels': {
      const strip = (x: KubeObject): Record<string, unknown> => {
        const out: Record<string, unknown> = {};
        for (const k in x) if (k !== 'metadata') out[k] = x[k];
        return out;
      };
      if (!semanticEqual(strip(obj), strip(old)) || !semanticEqual(m.labels, old.metadata.labels))
        m.generation = prev + 1;
      return;
    }
  }
}

/**
 * The object a `/status` write produces: everything but status (and, for most kinds, the
 * metadata that status writers such as the kubelet may touch) comes from the stored object.
 */
export function prepareForStatusUpdate(info: ResourceInfo, obj: KubeObject, old: KubeObject): KubeObject {
  // Everything but status and metadata is the stored object's: a status write never changes it,
  // so its stored (deep-frozen, never mutated) values are shared instead of copied.
  const out: KubeObject = { ...old, metadata: deepClone(old.metadata), status: deepClone(obj.status) };
  if (obj.status === undefined) delete out.status;
  // Metadata: labels, annotations and finalizers may change through status (pods' kubelet does);
  // owner references and system fields may not. Apps kinds also keep their labels.
  const m = deepClone(obj.metadata);
  const meta = { ...out.metadata } as Record<string, unknown>;
  if (!info.statusKeepsLabels) {
    if (m.labels) meta.labels = m.labels;
    else delete meta.labels;
  }
  if (m.annotations) meta.annotations = m.annotations;
  else delete meta.annotations;
  if (m.finalizers) meta.finalizers = m.finalizers;
  else delete meta.finalizers;
  meta.resourceVersion = m.resourceVersion;
  out.metadata = meta;
  return out;
}

/** Namespaces always carry their name as a label (SetDefaults_Namespace / namespace Canonicalize). */
export function canonicalizeNamespace(info: ResourceInfo, obj: KubeObject): void {
  if (info.group !== '' || info.kind !== 'Namespace' || !obj.metadata.name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': obj.metadata.name };
}

/** Whether `k` is a top-level field other than metadata and status. */
export const isSpecField = (k: string): boolean => !NON_SPEC.has(k);
