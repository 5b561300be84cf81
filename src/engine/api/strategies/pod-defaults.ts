/**
 * Pod defaulting, as SetObjectDefaults_Pod applies it (k8s pkg/apis/core/v1/defaults.go and the
 * generated zz_generated.defaults.go, v1.32): SetDefaults_Pod first (limits copied into missing
 * requests, enableServiceLinks), then SetDefaults_PodSpec, then each volume, container, port,
 * probe and handler. Pod templates (Deployments, Jobs …) get everything but SetDefaults_Pod.
 */
import type {
  Container,
  EphemeralContainer,
  LifecycleHandler,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Volume,
} from 'kubernetes-types/core/v1';
import { canonicalQuantity, has, type Json } from './util';

/** ProjectedVolumeSourceDefaultMode, SecretVolumeSourceDefaultMode …: 0644. */
export const DEFAULT_MODE = 420;

/**
 * `parsers.ParseImageName` → the tag: `latest` when neither tag nor digest is given, `""` when
 * the reference does not parse (SetDefaults_Container ignores the error).
 */
export function imageTag(image: string): string {
  const ref =
    /^(?:(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::([\w][\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$/;
  const m = ref.exec(image);
  if (!m || image.length > 255) return '';
  if (m[1]) return m[1];
  return m[2] ? '' : 'latest';
}

/** `SetDefaults_Container` (also for ephemeral containers). */
function defaultContainer(c: Container | EphemeralContainer): void {
  if (!c.imagePullPolicy)
    c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = '/dev/termination-log';
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
}

/** `SetDefaults_HTTPGetAction`. */
function defaultHTTPGet(h: { path?: string; scheme?: string } | undefined): void {
  if (!h) return;
  if (!h.path) h.path = '/';
  if (!h.scheme) h.scheme = 'HTTP';
}

/** `SetDefaults_Probe` and its handler's defaults. */
function defaultProbe(p: Probe | undefined): void {
  if (!has(p)) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  defaultHTTPGet(p.httpGet);
  if (has(p.grpc) && p.grpc.service == null) p.grpc.service = '';
}

function defaultLifecycleHandler(h: LifecycleHandler | undefined): void {
  if (has(h)) defaultHTTPGet(h.httpGet);
}

/** `SetDefaults_ResourceList`: round up to milli units (the canonical form is the decoder's). */
function defaultResourceList(list: Record<string, unknown> | undefined): void {
  if (!has(list)) return;
  for (const k of Object.keys(list)) list[k] = canonicalQuantity(list[k], true);
}

/** Everything zz_generated.defaults applies to one container of any kind. */
function defaultContainerTree(c: Container | EphemeralContainer): void {
  if (!has(c)) return;
  defaultContainer(c);
  for (const p of c.ports ?? []) if (has(p) && !p.protocol) p.protocol = 'TCP';
  for (const e of c.env ?? []) {
    const ref = has(e) ? e.valueFrom?.fieldRef : undefined;
    if (has(ref) && !ref.apiVersion) ref.apiVersion = 'v1';
  }
  if (has(c.resources)) {
    defaultResourceList(c.resources.limits as Json | undefined);
    defaultResourceList(c.resources.requests as Json | undefined);
  }
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (has(c.lifecycle)) {
    defaultLifecycleHandler(c.lifecycle.postStart);
    defaultLifecycleHandler(c.lifecycle.preStop);
  }
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

/** The volume source fields a Volume may set (one of them). */
export const volumeSourceNames: readonly string[] = VOLUME_SOURCES;

/** `SetDefaults_Volume` and the per-source defaults. */
function defaultVolume(v: Volume): void {
  if (!has(v)) return;
  const vol = v as unknown as Json;
  if (!VOLUME_SOURCES.some((s) => vol[s] != null)) v.emptyDir = {};
  if (has(v.hostPath) && v.hostPath.type == null) v.hostPath.type = '';
  if (has(v.secret) && v.secret.defaultMode == null) v.secret.defaultMode = DEFAULT_MODE;
  if (has(v.configMap) && v.configMap.defaultMode == null) v.configMap.defaultMode = DEFAULT_MODE;
  if (has(v.downwardAPI)) {
    if (v.downwardAPI.defaultMode == null) v.downwardAPI.defaultMode = DEFAULT_MODE;
    for (const item of v.downwardAPI.items ?? [])
      if (has(item?.fieldRef) && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
  }
  if (has(v.projected)) {
    if (v.projected.defaultMode == null) v.projected.defaultMode = DEFAULT_MODE;
    for (const src of v.projected.sources ?? []) {
      if (!has(src)) continue;
      for (const item of src.downwardAPI?.items ?? [])
        if (has(item?.fieldRef) && !item.fieldRef.apiVersion) item.fieldRef.apiVersion = 'v1';
      if (has(src.serviceAccountToken) && src.serviceAccountToken.expirationSeconds == null)
        src.serviceAccountToken.expirationSeconds = 3600;
    }
  }
  if (has(v.iscsi) && !v.iscsi.iscsiInterface) v.iscsi.iscsiInterface = 'default';
  if (has(v.rbd)) {
    if (!v.rbd.pool) v.rbd.pool = 'rbd';
    if (!v.rbd.user) v.rbd.user = 'admin';
    if (!v.rbd.keyring) v.rbd.keyring = '/etc/ceph/keyring';
  }
  if (has(v.azureDisk)) {
    if (v.azureDisk.cachingMode == null) v.azureDisk.cachingMode = 'ReadWrite';
    if (v.azureDisk.fsType == null) v.azureDisk.fsType = 'ext4';
    if (v.azureDisk.readOnly == null) v.azureDisk.readOnly = false;
    if (v.azureDisk.kind == null) v.azureDisk.kind = 'Shared';
  }
  if (has(v.scaleIO)) {
    if (!v.scaleIO.storageMode) v.scaleIO.storageMode = 'ThinProvisioned';
    if (!v.scaleIO.fsType) v.scaleIO.fsType = 'xfs';
  }
  const claim = v.ephemeral?.volumeClaimTemplate;
  if (has(claim) && has(claim.spec) && claim.spec.volumeMode == null) claim.spec.volumeMode = 'Filesystem';
}

/**
 * `SetDefaults_PodSpec` and everything below it, for Pods and pod templates alike. Also the v1
 * conversion's mirroring of `serviceAccountName` into the deprecated `serviceAccount`.
 */
export function defaultPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (spec.securityContext == null) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds == null) spec.terminationGracePeriodSeconds = 30;
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  // Convert_v1_PodSpec_To_core_PodSpec / Convert_core_PodSpec_To_v1_PodSpec.
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainerTree(c);
  for (const c of spec.containers ?? []) defaultContainerTree(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainerTree(c);
  defaultResourceList(spec.overhead as Json | undefined);
}

/** Defaults of a pod template (Deployment, ReplicaSet, DaemonSet, Job, CronJob). */
export function defaultPodTemplate(t: PodTemplateSpec | undefined): void {
  if (!has(t)) return;
  if (!has(t.spec)) t.spec = { containers: [] } as unknown as PodSpec;
  defaultPodSpec(t.spec as PodSpec);
}

/** `SetDefaults_Pod` (runs before the PodSpec defaults). */
export function defaultPodOnly(spec: PodSpec): void {
  for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
    if (!has(c) || !has(c.resources) || !has(c.resources.limits)) continue;
    const requests = (c.resources.requests ??= {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(c.resources.limits)) if (!(k in requests)) requests[k] = v;
  }
  if (spec.enableServiceLinks == null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])])
      for (const p of c?.ports ?? []) if (has(p) && !p.hostPort) p.hostPort = p.containerPort;
  }
}
