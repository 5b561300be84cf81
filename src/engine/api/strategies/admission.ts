/**
 * The pod admission plugins every real cluster runs (kube-apiserver's default set), as plugins for
 * the API server's admission chain (src/engine/api/admission.ts). Register them in upstream's
 * order: ServiceAccount, Priority, DefaultTolerationSeconds.
 *
 *  - ServiceAccount (plugin/pkg/admission/serviceaccount): defaults `serviceAccountName` to
 *    `default`, rejects a pod whose service account does not exist, and mounts the projected
 *    `kube-api-access-<5 random chars>` token volume into every container.
 *  - Priority (plugin/pkg/admission/priority): resolves `priorityClassName` into `priority` and
 *    `preemptionPolicy` (0 / PreemptLowerPriority without a global default class) and keeps at
 *    most one global default PriorityClass.
 *  - DefaultTolerationSeconds: tolerate `not-ready` and `unreachable` NoExecute taints for 300s.
 */
import type { Container, Pod, PodSpec, Toleration } from 'kubernetes-types/core/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../../../api/types';
import type { AdmissionAttributes, AdmissionContext, AdmissionPlugin } from '../admission';
import { newForbidden } from '../errors';
import { DEFAULT_MODE } from './pod-defaults';

/** `admission.NewForbidden`'s name: the request name, else the object's name or generateName. */
function resourceName(attrs: AdmissionAttributes): string {
  if (attrs.name) return attrs.name;
  const m = attrs.object?.metadata;
  return m?.name || m?.generateName || 'Unknown';
}

const forbidden = (attrs: AdmissionAttributes, detail: string) =>
  newForbidden({ group: attrs.info.group, resource: attrs.info.resource }, resourceName(attrs), detail);

const isPodCreate = (attrs: AdmissionAttributes): boolean =>
  attrs.info.group === '' &&
  attrs.info.resource === 'pods' &&
  attrs.subresource === '' &&
  attrs.operation === 'CREATE';

const MIRROR_POD_ANNOTATION = 'kubernetes.io/config.mirror';

export const SERVICE_ACCOUNT_VOLUME_PREFIX = 'kube-api-access-';
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ServiceAccountPluginOptions {
  /** `utilrand.String(n)`: n characters of Kubernetes' name alphabet (the engine's seeded Rand). */
  randomSuffix(n: number): string;
}

/** `TokenVolumeSource()`: the projected volume of a bound service-account token. */
function tokenVolume(name: string): NonNullable<PodSpec['volumes']>[number] {
  return {
    name,
    projected: {
      defaultMode: DEFAULT_MODE,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    },
  };
}

/** The ServiceAccount admission plugin. */
export function serviceAccountAdmission(opts: ServiceAccountPluginOptions): AdmissionPlugin {
  const lookup = (attrs: AdmissionAttributes, ctx: AdmissionContext, sa: string): KubeObject => {
    const found = ctx.get('', 'serviceaccounts', attrs.namespace, sa);
    if (!found)
      throw forbidden(
        attrs,
        `error looking up service account ${attrs.namespace}/${sa}: serviceaccount ${JSON.stringify(sa)} not found`,
      );
    return found;
  };
  return {
    name: 'ServiceAccount',
    admit(attrs, ctx) {
      if (!isPodCreate(attrs) || !attrs.object) return;
      const pod = attrs.object as unknown as Pod;
      if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return;
      const spec = (pod.spec ??= { containers: [] });
      if (!spec.serviceAccountName) spec.serviceAccountName = 'default';
      // The v1 serialisation mirrors the name into the deprecated field.
      spec.serviceAccount = spec.serviceAccountName;
      const sa = lookup(attrs, ctx, spec.serviceAccountName) as unknown as {
        automountServiceAccountToken?: boolean;
        imagePullSecrets?: { name?: string }[];
      };
      const automount = spec.automountServiceAccountToken ?? sa.automountServiceAccountToken ?? true;
      if (automount) mountServiceAccountToken(spec, opts);
      if (!(spec.imagePullSecrets ?? []).length && (sa.imagePullSecrets ?? []).length)
        spec.imagePullSecrets = sa.imagePullSecrets!.map((s) => ({ name: s.name }));
    },
    validate(attrs, ctx) {
      if (!isPodCreate(attrs) || !attrs.object) return;
      const spec = (attrs.object as unknown as Pod).spec;
      if (spec?.serviceAccountName) lookup(attrs, ctx, spec.serviceAccountName);
    },
  };
}

/** `mountServiceAccountToken`: one token volume, mounted read-only into every container. */
function mountServiceAccountToken(spec: PodSpec, opts: ServiceAccountPluginOptions): void {
  let volumeName = '';
  for (const v of spec.volumes ?? [])
    if (v.name?.startsWith(SERVICE_ACCOUNT_VOLUME_PREFIX)) {
      volumeName = v.name;
      break;
    }
  const hasVolume = volumeName !== '';
  if (!hasVolume) volumeName = SERVICE_ACCOUNT_VOLUME_PREFIX + opts.randomSuffix(5);
  let needsVolume = false;
  const mount = (containers: Container[] | undefined): void => {
    for (const c of containers ?? []) {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === SERVICE_ACCOUNT_MOUNT_PATH)) continue;
      c.volumeMounts = [
        ...(c.volumeMounts ?? []),
        { name: volumeName, readOnly: true, mountPath: SERVICE_ACCOUNT_MOUNT_PATH },
      ];
      needsVolume = true;
    }
  };
  mount(spec.initContainers);
  mount(spec.containers);
  if (!hasVolume && needsVolume) spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
}

/** The Priority admission plugin (pods and PriorityClasses). */
export const priorityAdmission: AdmissionPlugin = {
  name: 'Priority',
  admit(attrs, ctx) {
    const { info } = attrs;
    if (info.group !== '' || info.resource !== 'pods' || attrs.subresource !== '' || !attrs.object) return;
    const spec = ((attrs.object as unknown as Pod).spec ??= { containers: [] });
    if (attrs.operation === 'UPDATE') {
      // Priority is set on create and immutable afterwards.
      const old = (attrs.oldObject as unknown as Pod | undefined)?.spec;
      if (old) {
        if (old.priority === undefined) delete spec.priority;
        else spec.priority = old.priority;
        if (old.preemptionPolicy === undefined) delete spec.preemptionPolicy;
        else spec.preemptionPolicy = old.preemptionPolicy;
      }
      return;
    }
    if (attrs.operation !== 'CREATE') return;
    let priority = 0;
    let preemptionPolicy: string | undefined;
    if (!spec.priorityClassName) {
      const def = defaultPriorityClass(ctx);
      if (def) {
        spec.priorityClassName = def.metadata?.name;
        priority = def.value;
        preemptionPolicy = def.preemptionPolicy;
      } else preemptionPolicy = 'PreemptLowerPriority';
    } else {
      const pc = ctx.get(
        'scheduling.k8s.io',
        'priorityclasses',
        undefined,
        spec.priorityClassName,
      ) as unknown as PriorityClass | undefined;
      if (!pc) throw forbidden(attrs, `no PriorityClass with name ${spec.priorityClassName} was found`);
      priority = pc.value;
      preemptionPolicy = pc.preemptionPolicy;
    }
    if (spec.priority != null && spec.priority !== priority)
      throw forbidden(
        attrs,
        `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
      );
    spec.priority = priority;
    if (preemptionPolicy !== undefined) {
      if (spec.preemptionPolicy != null && spec.preemptionPolicy !== preemptionPolicy)
        throw forbidden(
          attrs,
          `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
        );
      spec.preemptionPolicy = preemptionPolicy;
    }
  },
  validate(attrs, ctx) {
    const { info } = attrs;
    if (info.group !== 'scheduling.k8s.io' || info.resource !== 'priorityclasses') return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    const pc = attrs.object as unknown as PriorityClass | undefined;
    if (!pc?.globalDefault) return;
    const other = ctx
      .list('scheduling.k8s.io', 'priorityclasses')
      .map((o) => o as unknown as PriorityClass)
      .find((o) => o.globalDefault && o.metadata?.name !== pc.metadata?.name);
    if (other)
      throw forbidden(
        attrs,
        `PriorityClass ${other.metadata?.name} is already marked as default. Only one default can exist`,
      );
  },
};

/** The global-default PriorityClass with the lowest value, if any. */
function defaultPriorityClass(ctx: AdmissionContext): PriorityClass | undefined {
  let best: PriorityClass | undefined;
  for (const o of ctx.list('scheduling.k8s.io', 'priorityclasses')) {
    const pc = o as unknown as PriorityClass;
    if (pc.globalDefault && (!best || best.value > pc.value)) best = pc;
  }
  return best;
}

const NOT_READY: Toleration = {
  key: 'node.kubernetes.io/not-ready',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};
const UNREACHABLE: Toleration = {
  key: 'node.kubernetes.io/unreachable',
  operator: 'Exists',
  effect: 'NoExecute',
  tolerationSeconds: 300,
};

/** The DefaultTolerationSeconds admission plugin. */
export const defaultTolerationSecondsAdmission: AdmissionPlugin = {
  name: 'DefaultTolerationSeconds',
  admit(attrs) {
    const { info } = attrs;
    if (info.group !== '' || info.resource !== 'pods' || attrs.subresource !== '' || !attrs.object) return;
    if (attrs.operation !== 'CREATE' && attrs.operation !== 'UPDATE') return;
    const spec = ((attrs.object as unknown as Pod).spec ??= { containers: [] });
    const tolerations = spec.tolerations ?? [];
    const tolerates = (k: string): boolean =>
      tolerations.some((t) => (t.key === k || !t.key) && (t.effect === 'NoExecute' || !t.effect));
    const add: Toleration[] = [];
    if (!tolerates(NOT_READY.key!)) add.push({ ...NOT_READY });
    if (!tolerates(UNREACHABLE.key!)) add.push({ ...UNREACHABLE });
    if (add.length) spec.tolerations = [...tolerations, ...add];
  },
};

/** The three plugins in kube-apiserver's order. */
export function podAdmissionPlugins(opts: ServiceAccountPluginOptions): AdmissionPlugin[] {
  return [serviceAccountAdmission(opts), priorityAdmission, defaultTolerationSecondsAdmission];
}
