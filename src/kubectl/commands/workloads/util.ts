/**
 * What scale, rollout and set share: their help records, kubectl's own copy of the Deployment
 * helpers (kubectl/pkg/util/deployment), pod-template access for every workload kind
 * (polymorphichelpers.UpdatePodSpecForObject), and set.CalculatePatches.
 */
import type { PodSpec, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { labelSelectorAsSelector } from '../../../apimachinery/labels';
import { createTwoWayMergePatch, type JsonMap } from '../../../apimachinery/strategicpatch/index';
import { describePodTemplate } from '../../describe/containers';
import { TabWriter as DescribeTabWriter } from '../../describe/tabwriter';
import { PrefixWriter } from '../../describe/writer';
import type { Mapping } from '../../discovery';
import { ExitError, KubectlError } from '../../errors';
import type { CommandSpec, Invocation } from '../../registry';
import { Helper, kindKey, type Info } from '../writeutil';
import { helpSpec } from '../../helptext/index';

/** The help record of `kubectl <path>` (verbatim from kubectl v1.32, see src/kubectl/helptext). */
export function workloadSpec(path: string, short?: string): Omit<CommandSpec, 'run'> {
  return helpSpec(path, short);
}

/** cobra's required-flag check, reported as kubectl's main reports cobra errors. */
export function checkRequired(inv: Invocation, required: string[]): void {
  const missing = required.filter((f) => !inv.flags.changed(f));
  if (missing.length === 0) return;
  const msg = `required flag(s) ${missing.map((m) => `"${m}"`).join(', ')} not set`;
  inv.kube.logger.error('run.go:72', `"command failed" err=${JSON.stringify(msg)}`);
  throw new ExitError(1);
}

/** `deployments.apps` / `pods`: a mapping's resource with its group. */
export const resourceString = (m: Mapping): string => (m.group ? `${m.name}.${m.group}` : m.name);

/** GroupKind.String(): `Deployment.apps`, `Pod`. */
export const groupKindString = (m: Mapping): string => (m.group ? `${m.kind}.${m.group}` : m.kind);

// ---------------------------------------------------------------------------------------------
// kubectl/pkg/util/deployment
// ---------------------------------------------------------------------------------------------

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';
export const RESTARTED_AT_ANNOTATION = 'kubectl.kubernetes.io/restartedAt';

/** Annotations a rollback keeps from the Deployment rather than taking from the ReplicaSet. */
export const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

/** deploymentutil.Revision: the revision annotation (0 when absent); throws when not a number. */
export function revision(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  if (!/^[+-]?\d+$/.test(v))
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  return Number(v);
}

const isEmpty = (v: unknown): boolean =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0);

/** apiequality.Semantic.DeepEqual on JSON: absent, null and empty collections are equal. */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b || (isEmpty(a) && isEmpty(b))) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)]))
    if (!semanticEqual(ao[k], bo[k])) return false;
  return true;
}

/** EqualIgnoreHash: pod templates equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined): unknown => {
    if (!t) return t;
    const labels = { ...(t.metadata?.labels ?? {}) };
    delete labels['pod-template-hash'];
    return { ...t, metadata: { ...(t.metadata ?? {}), labels } };
  };
  return semanticEqual(strip(a), strip(b));
}

const created = (o: KubeObject): number => Date.parse(o.metadata.creationTimestamp ?? '');

/**
 * GetAllReplicaSets: the Deployment's ReplicaSets (listed by its selector, kept when the
 * Deployment controls them), the new one (oldest with the Deployment's template) and the old ones.
 */
export async function getAllReplicaSets(
  inv: Invocation,
  deployment: KubeObject,
): Promise<{ newRS?: KubeObject; allOldRSs: KubeObject[] }> {
  const mapping = await inv.kube.mapper().mappingFor('replicasets.apps');
  const selector = labelSelectorAsSelector(
    (deployment.spec as { selector?: Parameters<typeof labelSelectorAsSelector>[0] }).selector,
  ).toString();
  const { items } = await new Helper(inv.kube.rest(), mapping).list(
    deployment.metadata.namespace ?? '',
    selector,
  );
  const owned = items.filter((rs) =>
    (rs.metadata.ownerReferences ?? []).some((r) => r.controller && r.uid === deployment.metadata.uid),
  );
  const template = (deployment.spec as { template?: PodTemplateSpec }).template;
  const sorted = [...owned].sort((a, b) =>
    created(a) === created(b)
      ? (a.metadata.name ?? '') < (b.metadata.name ?? '')
        ? -1
        : 1
      : created(a) - created(b),
  );
  const newRS = sorted.find((rs) =>
    equalIgnoreHash((rs.spec as { template?: PodTemplateSpec }).template, template),
  );
  const allOldRSs = owned.filter((rs) => rs.metadata.uid !== newRS?.metadata.uid);
  return { newRS, allOldRSs };
}

/**
 * printTemplate: describe.DescribePodTemplate written straight into a buffer — no tabwriter, so
 * the cells keep their tab characters (as `rollout history --revision=N` prints them).
 */
export function printTemplate(template: PodTemplateSpec | undefined): string {
  class RawBuffer extends DescribeTabWriter {
    private text = '';
    override write(t: string): void {
      this.text += t;
    }
    override flush(): void {}
    override toString(): string {
      return this.text;
    }
  }
  const buf = new RawBuffer();
  describePodTemplate(template, new PrefixWriter(buf));
  return buf.toString();
}

// ---------------------------------------------------------------------------------------------
// Pod templates of every kind (polymorphichelpers.UpdatePodSpecForObject)
// ---------------------------------------------------------------------------------------------

/** The pod spec inside an object (a Pod's own spec, a template's, a CronJob's job template's). */
export function podSpecOf(obj: KubeObject): PodSpec | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  switch (obj.kind) {
    case 'Pod':
      return spec as PodSpec | undefined;
    case 'CronJob':
      return ((spec?.jobTemplate as { spec?: { template?: PodTemplateSpec } })?.spec?.template?.spec ??
        undefined) as PodSpec | undefined;
    case 'Deployment':
    case 'ReplicaSet':
    case 'DaemonSet':
    case 'StatefulSet':
    case 'Job':
    case 'ReplicationController':
      return (spec?.template as PodTemplateSpec | undefined)?.spec;
  }
  return undefined;
}

/** The pod template (metadata + spec) of a workload; undefined for kinds without one. */
export function podTemplateOf(obj: KubeObject): PodTemplateSpec | undefined {
  const spec = obj.spec as Record<string, unknown> | undefined;
  if (obj.kind === 'CronJob')
    return (spec?.jobTemplate as { spec?: { template?: PodTemplateSpec } })?.spec?.template;
  if (
    ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].includes(
      obj.kind,
    )
  )
    return spec?.template as PodTemplateSpec | undefined;
  return undefined;
}

/** UpdatePodSpecForObject: run `fn` on the object's pod spec (mutating `obj`). */
export function updatePodSpecForObject(obj: KubeObject, fn: (spec: PodSpec) => void): void {
  const spec = podSpecOf(obj);
  if (!spec)
    throw new KubectlError(`the object is not a pod or does not have a pod template: *${goType(obj)}`);
  fn(spec);
}

/** `%T` of a typed object: `v1.Service`. */
export const goType = (obj: KubeObject): string => `${(obj.apiVersion ?? '').split('/').pop()}.${obj.kind}`;

/** One patch of set.CalculatePatches. */
export interface CalculatedPatch {
  info: Info;
  err?: Error;
  patch?: JsonMap;
  /** The object after `mutate`. */
  after?: KubeObject;
}

/**
 * CalculatePatches: for each object, a copy mutated by `mutate` and the strategic merge patch
 * from the original to it. `mutate` throws to report an error for that object.
 */
export function calculatePatches(infos: Info[], mutate: (obj: KubeObject) => void): CalculatedPatch[] {
  const out: CalculatedPatch[] = [];
  for (const info of infos) {
    const before = structuredClone(info.object!) as KubeObject;
    const after = structuredClone(info.object!) as KubeObject;
    try {
      mutate(after);
    } catch (e) {
      out.push({ info, err: e as Error });
      continue;
    }
    const patch = createTwoWayMergePatch(before as JsonMap, after as JsonMap, kindKey(info.mapping));
    out.push({ info, patch, after });
  }
  return out;
}

/** `{}` or no patch at all. */
export const emptyPatch = (p: JsonMap | undefined): boolean => !p || Object.keys(p).length === 0;
