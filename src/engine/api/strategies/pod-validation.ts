/**
 * Pod and pod-template validation, ported from k8s pkg/apis/core/validation/validation.go
 * (ValidatePodSpec, validateContainers, ValidatePodUpdate …) with the v1.32 feature gates: relaxed
 * environment variable names (beta, on), sleep action with zero seconds (alpha, off), pod-level
 * resources (alpha, off). Messages and field paths are upstream's, error order too; map keys are
 * visited sorted (upstream's order is random there).
 *
 * Volume sources are checked for the simulator's common kinds (emptyDir, hostPath, configMap,
 * secret, projected, downwardAPI, persistentVolumeClaim, nfs, csi, ephemeral); the rarer cloud
 * sources only get the "one volume type" rule.
 */
import type {
  Affinity,
  Container,
  ContainerPort,
  EnvFromSource,
  EnvVar,
  KeyToPath,
  LifecycleHandler,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodAffinityTerm,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  SecurityContext,
  Toleration,
  TopologySpreadConstraint,
  Volume,
  VolumeMount,
} from 'kubernetes-types/core/v1';
import type { ObjectMeta } from 'kubernetes-types/meta/v1';
import {
  child,
  duplicate,
  forbidden,
  goSyntax,
  index,
  invalid,
  notFound,
  notSupported,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import {
  inclusiveRangeError,
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isHTTPHeaderName,
  isQualifiedName,
  isRelaxedEnvVarName,
  isValidGroupID,
  isValidLabelValue,
  isValidPortName,
  isValidPortNum,
  isValidUserID,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabelName,
  validateLabels,
  validateLabelSelector,
  validateNamespaceName,
  validateNonnegativeField,
} from '../../../apimachinery/validation';
import { volumeSourceNames } from './pod-defaults';
import {
  goQuantity,
  has,
  invalidStr,
  isObj,
  jsonEqual,
  key,
  quantity,
  sortedKeys,
  validateIP,
  type Json,
} from './util';

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template): stricter hostPort and image checks. */
  resourceIsPod?: boolean;
}

const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';
const isNotPositiveErrorMsg = 'must be greater than zero';

const dnsLabel = (value: string, path: string): FieldError[] =>
  isDNS1123Label(value).map((m) => invalidStr(path, value, m));
const dnsSubdomain = (value: string, path: string): FieldError[] =>
  isDNS1123Subdomain(value).map((m) => invalidStr(path, value, m));
const qualifiedName = (value: string, path: string): FieldError[] =>
  isQualifiedName(value).map((m) => invalidStr(path, value, m));

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

/** `validatePathNoBacksteps`. */
function validatePathNoBacksteps(target: string, path: string): FieldError[] {
  return target.split('/').includes('..') ? [invalidStr(path, target, "must not contain '..'")] : [];
}

/** `validateLocalDescendingPath`. */
function validateLocalDescendingPath(target: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (target.startsWith('/')) errs.push(invalidStr(path, target, 'must be a relative path'));
  return errs.concat(validatePathNoBacksteps(target, path));
}

/** `ValidateLocalNonReservedPath`. */
function validateLocalNonReservedPath(target: string, path: string): FieldError[] {
  const errs = validateLocalDescendingPath(target, path);
  if (target.startsWith('..') && !target.startsWith('../'))
    errs.push(invalidStr(path, target, "must not start with '..'"));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Volumes
// ---------------------------------------------------------------------------------------------

function validateKeyToPath(kp: KeyToPath, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!kp.key) errs.push(required(child(path, 'key')));
  if (!kp.path) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(kp.path ?? '', child(path, 'path')));
  if (kp.mode != null && (kp.mode > 0o777 || kp.mode < 0))
    errs.push(invalid(child(path, 'mode'), kp.mode, fileModeErrorMsg));
  return errs;
}

function validateMode(mode: number | undefined, path: string): FieldError[] {
  return mode != null && (mode > 0o777 || mode < 0) ? [invalid(path, mode, fileModeErrorMsg)] : [];
}

const VOLUME_FIELD_PATH = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.labels',
  'metadata.annotations',
  'metadata.uid',
]);
const ENV_FIELD_PATH = new Set([
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);
const RESOURCE_FIELD_PATH = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];

/** `validateObjectFieldSelector`. */
function validateObjectFieldSelector(
  fs: { apiVersion?: string; fieldPath: string },
  expressions: Set<string>,
  path: string,
): FieldError[] {
  if (!fs.apiVersion) return [required(child(path, 'apiVersion'))];
  if (!fs.fieldPath) return [required(child(path, 'fieldPath'))];
  if (fs.apiVersion !== 'v1')
    return [
      invalidStr(
        child(path, 'fieldPath'),
        fs.fieldPath,
        `error converting fieldPath: field label not supported: ${fs.fieldPath}`,
      ),
    ];
  const m =
    /^(metadata\.(?:annotations|labels))\['(.*)'\]$/.exec(fs.fieldPath) ??
    /^([^[]*)\[(.*)\]$/.exec(fs.fieldPath);
  if (m) {
    if (m[1] === 'metadata.annotations') return qualifiedName(m[2]!.toLowerCase(), path);
    if (m[1] === 'metadata.labels') return qualifiedName(m[2]!, path);
    return [invalidStr(path, m[1]!, 'does not support subscript')];
  }
  if (!expressions.has(fs.fieldPath))
    return [notSupported(child(path, 'fieldPath'), fs.fieldPath, [...expressions].sort())];
  return [];
}

function validateResourceFieldSelector(
  fs: { containerName?: string; resource: string; divisor?: unknown },
  path: string,
  volume: boolean,
): FieldError[] {
  if (volume && !fs.containerName) return [required(child(path, 'containerName'))];
  if (!fs.resource) return [required(child(path, 'resource'))];
  if (!RESOURCE_FIELD_PATH.includes(fs.resource) && !/^(requests|limits)\.hugepages-/.test(fs.resource))
    return [notSupported(child(path, 'resource'), fs.resource, RESOURCE_FIELD_PATH)];
  return [];
}

function validateDownwardAPIFile(
  f: {
    path: string;
    fieldRef?: { apiVersion?: string; fieldPath: string };
    resourceFieldRef?: { containerName?: string; resource: string };
    mode?: number;
  },
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!f.path) errs.push(required(child(path, 'path')));
  errs.push(...validateLocalNonReservedPath(f.path ?? '', child(path, 'path')));
  if (f.fieldRef) {
    errs.push(...validateObjectFieldSelector(f.fieldRef, VOLUME_FIELD_PATH, child(path, 'fieldRef')));
    if (f.resourceFieldRef)
      errs.push(
        invalidStr(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'),
      );
  } else if (f.resourceFieldRef) {
    errs.push(...validateResourceFieldSelector(f.resourceFieldRef, child(path, 'resourceFieldRef'), true));
  } else {
    errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  }
  errs.push(...validateMode(f.mode, child(path, 'mode')));
  return errs;
}

/** The order validateVolumeSource checks sources in (it decides which one is "more than 1"). */
const VALIDATION_ORDER = [
  'emptyDir',
  'hostPath',
  'gitRepo',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'flocker',
  'persistentVolumeClaim',
  'rbd',
  'cinder',
  'cephfs',
  'quobyte',
  'downwardAPI',
  'fc',
  'flexVolume',
  'configMap',
  'azureFile',
  'vsphereVolume',
  'photonPersistentDisk',
  'portworxVolume',
  'azureDisk',
  'storageos',
  'projected',
  'scaleIO',
  'csi',
  'ephemeral',
  'image',
].filter((n) => volumeSourceNames.includes(n));

/** `validateVolumeSource`: exactly one source, and that source's own checks. */
function validateVolumeSource(v: Volume, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const src = v as unknown as Json;
  for (const name of VALIDATION_ORDER) {
    if (src[name] == null) continue;
    // Upstream's field path typo for downwardAPI is kept ("downwarAPI").
    const p = child(path, name === 'downwardAPI' ? 'downwarAPI' : name);
    if (n > 0) {
      errs.push(forbidden(p, 'may not specify more than 1 volume type'));
      continue;
    }
    n++;
    errs.push(...validateOneSource(name, src[name] as Json, child(path, name)));
  }
  if (n === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

function validateOneSource(name: string, s: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const str = (k: string): string => (typeof s[k] === 'string' ? (s[k] as string) : '');
  switch (name) {
    case 'emptyDir': {
      const q = s.sizeLimit != null ? quantity(s.sizeLimit) : undefined;
      if (q && q.sign() < 0)
        errs.push(forbidden(child(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'hostPath': {
      if (!str('path')) return [required(child(path, 'path'))];
      errs.push(...validatePathNoBacksteps(str('path'), child(path, 'path')));
      const types = [
        '',
        'BlockDevice',
        'CharDevice',
        'Directory',
        'DirectoryOrCreate',
        'File',
        'FileOrCreate',
        'Socket',
      ];
      if (s.type != null && !types.includes(s.type as string))
        errs.push(notSupported(child(path, 'type'), s.type, types));
      break;
    }
    case 'secret':
      if (!str('secretName')) errs.push(required(child(path, 'secretName')));
      errs.push(...validateMode(s.defaultMode as number | undefined, child(path, 'defaultMode')));
      ((s.items as KeyToPath[] | undefined) ?? []).forEach((kp, i) =>
        errs.push(...validateKeyToPath(kp, index(child(path, 'items'), i))),
      );
      break;
    case 'configMap':
      if (!str('name')) errs.push(required(child(path, 'name')));
      errs.push(...validateMode(s.defaultMode as number | undefined, child(path, 'defaultMode')));
      ((s.items as KeyToPath[] | undefined) ?? []).forEach((kp, i) =>
        errs.push(...validateKeyToPath(kp, index(child(path, 'items'), i))),
      );
      break;
    case 'persistentVolumeClaim':
      if (!str('claimName')) errs.push(required(child(path, 'claimName')));
      break;
    case 'nfs':
      if (!str('server')) errs.push(required(child(path, 'server')));
      if (!str('path')) errs.push(required(child(path, 'path')));
      if (!str('path').startsWith('/'))
        errs.push(invalidStr(child(path, 'path'), str('path'), 'must be an absolute path'));
      break;
    case 'csi':
      if (!str('driver')) errs.push(required(child(path, 'driver')));
      break;
    case 'ephemeral':
      if (!isObj(s.volumeClaimTemplate)) errs.push(required(child(path, 'volumeClaimTemplate')));
      break;
    case 'downwardAPI':
      errs.push(...validateMode(s.defaultMode as number | undefined, child(path, 'defaultMode')));
      for (const f of (s.items as Parameters<typeof validateDownwardAPIFile>[0][] | undefined) ?? [])
        errs.push(...validateDownwardAPIFile(f, path));
      break;
    case 'projected':
      errs.push(...validateMode(s.defaultMode as number | undefined, child(path, 'defaultMode')));
      errs.push(...validateProjectionSources(s, path));
      break;
  }
  return errs;
}

function validateProjectionSources(projection: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const allPaths = new Set<string>();
  const addPath = (p: string, bad: string): void => {
    if (allPaths.has(p)) errs.push(invalidStr(path, bad, 'conflicting duplicate paths'));
    else allPaths.add(p);
  };
  ((projection.sources as Json[] | undefined) ?? []).forEach((source, i) => {
    let n = 0;
    const srcPath = index(child(path, 'sources'), i);
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source[kind] as { name?: string; items?: KeyToPath[] } | undefined;
      if (!s) continue;
      n++;
      const p = child(srcPath, kind);
      if (!s.name) errs.push(required(child(p, 'name')));
      (s.items ?? []).forEach((kp, j) => {
        errs.push(...validateKeyToPath(kp, index(child(p, 'items'), j)));
        if (kp.path) addPath(kp.path, s.name ?? '');
      });
    }
    const d = source.downwardAPI as { items?: Parameters<typeof validateDownwardAPIFile>[0][] } | undefined;
    if (d) {
      n++;
      for (const f of d.items ?? []) {
        errs.push(...validateDownwardAPIFile(f, child(srcPath, 'downwardAPI')));
        if (f.path) addPath(f.path, f.path);
      }
    }
    const t = source.serviceAccountToken as { expirationSeconds?: number; path?: string } | undefined;
    if (t) {
      n++;
      const p = child(srcPath, 'serviceAccountToken');
      const exp = t.expirationSeconds ?? 0;
      if (exp < 600)
        errs.push(
          invalid(child(p, 'expirationSeconds'), exp, 'may not specify a duration less than 10 minutes'),
        );
      if (exp > 2 ** 32)
        errs.push(
          invalid(child(p, 'expirationSeconds'), exp, 'may not specify a duration larger than 2^32 seconds'),
        );
      if (!t.path) errs.push(required(child(path, 'path')));
      else errs.push(...validateLocalNonReservedPath(t.path, child(path, 'path')));
    }
    if (source.clusterTrustBundle != null) n++;
    if (n > 1) errs.push(forbidden(srcPath, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

/** `ValidateVolumes`: returns the valid volumes by name, and the errors. */
export function validateVolumes(
  volumes: Volume[] | undefined,
  podMeta: ObjectMeta | undefined,
  path: string,
): { vols: Map<string, Volume>; errs: FieldError[] } {
  const errs: FieldError[] = [];
  const vols = new Map<string, Volume>();
  const names = new Set<string>();
  const createdPVCs = new Set<string>();
  if (podMeta?.name)
    for (const v of volumes ?? []) if (v?.ephemeral) createdPVCs.add(`${podMeta.name}-${v.name}`);
  (volumes ?? []).forEach((v, i) => {
    const idx = index(path, i);
    const namePath = child(idx, 'name');
    const el = validateVolumeSource(v, idx);
    if (!v.name) el.push(required(namePath));
    else el.push(...dnsLabel(v.name, namePath));
    if (names.has(v.name)) el.push(duplicate(namePath, v.name));
    if (el.length === 0) {
      names.add(v.name);
      vols.set(v.name, v);
    } else errs.push(...el);
    if (v.persistentVolumeClaim && createdPVCs.has(v.persistentVolumeClaim.claimName))
      errs.push(
        invalidStr(
          child(idx, 'persistentVolumeClaim', 'claimName'),
          v.persistentVolumeClaim.claimName,
          'must not reference a PVC that gets created for an ephemeral volume',
        ),
      );
  });
  return { vols, errs };
}

// ---------------------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------------------

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `validateContainerPorts`. */
function validateContainerPorts(ports: ContainerPort[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const idx = index(path, i);
    if (port.name) {
      const msgs = isValidPortName(port.name);
      if (msgs.length) for (const m of msgs) errs.push(invalidStr(child(idx, 'name'), port.name, m));
      else if (names.has(port.name)) errs.push(duplicate(child(idx, 'name'), port.name));
      else names.add(port.name);
    }
    if (!port.containerPort) errs.push(required(child(idx, 'containerPort')));
    else
      for (const m of isValidPortNum(port.containerPort))
        errs.push(invalid(child(idx, 'containerPort'), port.containerPort, m));
    if (port.hostPort)
      for (const m of isValidPortNum(port.hostPort))
        errs.push(invalid(child(idx, 'hostPort'), port.hostPort, m));
    if (!port.protocol) errs.push(required(child(idx, 'protocol')));
    else if (!PROTOCOLS.includes(port.protocol))
      errs.push(notSupported(child(idx, 'protocol'), port.protocol, PROTOCOLS));
  });
  return errs;
}

/** `ValidateEnv` (RelaxedEnvironmentVariableValidation is beta and on in v1.32). */
function validateEnv(vars: EnvVar[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const idx = index(path, i);
    if (!ev.name) errs.push(required(child(idx, 'name')));
    else for (const m of isRelaxedEnvVarName(ev.name)) errs.push(invalidStr(child(idx, 'name'), ev.name, m));
    errs.push(...validateEnvVarValueFrom(ev, child(idx, 'valueFrom')));
  });
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, path: string): FieldError[] {
  const vf = ev.valueFrom;
  if (!vf) return [];
  const errs: FieldError[] = [];
  let n = 0;
  if (vf.fieldRef) {
    n++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, ENV_FIELD_PATH, child(path, 'fieldRef')));
  }
  if (vf.resourceFieldRef) {
    n++;
    errs.push(...validateResourceFieldSelector(vf.resourceFieldRef, child(path, 'resourceFieldRef'), false));
  }
  for (const kind of ['configMapKeyRef', 'secretKeyRef'] as const) {
    const s = vf[kind];
    if (!s) continue;
    n++;
    const p = child(path, kind);
    for (const m of nameIsDNSSubdomain(s.name ?? '', false))
      errs.push(invalidStr(child(p, 'name'), s.name ?? '', m));
    if (!s.key) errs.push(required(child(p, 'key')));
    else for (const m of isConfigMapKey(s.key)) errs.push(invalidStr(child(p, 'key'), s.key, m));
  }
  if (n === 0)
    errs.push(
      invalidStr(
        path,
        '',
        'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
      ),
    );
  else if (ev.value) errs.push(invalidStr(path, '', 'may not be specified when `value` is not empty'));
  else if (n > 1) errs.push(invalidStr(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** `ValidateEnvFrom`. */
function validateEnvFrom(vars: EnvFromSource[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (vars ?? []).forEach((ev, i) => {
    const idx = index(path, i);
    if (ev.prefix)
      for (const m of isRelaxedEnvVarName(ev.prefix))
        errs.push(invalidStr(child(idx, 'prefix'), ev.prefix, m));
    let n = 0;
    for (const kind of ['configMapRef', 'secretRef'] as const) {
      const s = ev[kind];
      if (!s) continue;
      n++;
      const p = child(idx, kind, 'name');
      if (!s.name) errs.push(required(p));
      else for (const m of nameIsDNSSubdomain(s.name, true)) errs.push(invalidStr(p, s.name, m));
    }
    if (n === 0) errs.push(invalidStr(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (n > 1) errs.push(invalidStr(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

/** `ValidateVolumeMounts`. */
function validateVolumeMounts(
  mounts: VolumeMount[] | undefined,
  volumes: Map<string, Volume>,
  container: Container,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const points = new Set<string>();
  (mounts ?? []).forEach((mnt, i) => {
    const idx = index(path, i);
    if (!mnt.name) errs.push(required(child(idx, 'name')));
    if (!volumes.has(mnt.name)) errs.push(notFound(child(idx, 'name'), mnt.name));
    if (!mnt.mountPath) errs.push(required(child(idx, 'mountPath')));
    if (points.has(mnt.mountPath))
      errs.push(invalidStr(child(idx, 'mountPath'), mnt.mountPath, 'must be unique'));
    points.add(mnt.mountPath);
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, child(path, 'subPath')));
    if (mnt.subPathExpr) {
      if (mnt.subPath)
        errs.push(
          invalidStr(
            child(idx, 'subPathExpr'),
            mnt.subPathExpr,
            'subPathExpr and subPath are mutually exclusive',
          ),
        );
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, child(path, 'subPathExpr')));
    }
    if (mnt.mountPropagation != null) {
      const modes = ['Bidirectional', 'HostToContainer', 'None'];
      const p = child(path, 'mountPropagation');
      if (!modes.includes(mnt.mountPropagation)) errs.push(notSupported(p, mnt.mountPropagation, modes));
      if (mnt.mountPropagation === 'Bidirectional' && !container.securityContext?.privileged)
        errs.push(forbidden(p, 'Bidirectional mount propagation is available only to privileged containers'));
    }
  });
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

/** `validateProbe` and the liveness/readiness/startup variants. */
function validateProbe(
  probe: Probe | undefined,
  grace: number | undefined,
  path: string,
  kind: 'liveness' | 'readiness' | 'startup',
): FieldError[] {
  if (!probe) return [];
  const errs = validateHandler(probe, grace, path, false);
  errs.push(...validateNonnegativeField(probe.initialDelaySeconds ?? 0, child(path, 'initialDelaySeconds')));
  errs.push(...validateNonnegativeField(probe.timeoutSeconds ?? 0, child(path, 'timeoutSeconds')));
  errs.push(...validateNonnegativeField(probe.periodSeconds ?? 0, child(path, 'periodSeconds')));
  errs.push(...validateNonnegativeField(probe.successThreshold ?? 0, child(path, 'successThreshold')));
  errs.push(...validateNonnegativeField(probe.failureThreshold ?? 0, child(path, 'failureThreshold')));
  if (probe.terminationGracePeriodSeconds != null && probe.terminationGracePeriodSeconds <= 0)
    errs.push(
      invalid(
        child(path, 'terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must be greater than 0',
      ),
    );
  if (kind !== 'readiness' && probe.successThreshold !== 1)
    errs.push(invalid(child(path, 'successThreshold'), probe.successThreshold ?? 0, 'must be 1'));
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds != null)
    errs.push(
      invalid(
        child(path, 'terminationGracePeriodSeconds'),
        probe.terminationGracePeriodSeconds,
        'must not be set for readinessProbes',
      ),
    );
  return errs;
}

/** `ValidatePortNumOrName`. */
export function validatePortNumOrName(port: number | string | undefined, path: string): FieldError[] {
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalidStr(path, port, m));
  const n = port ?? 0;
  return isValidPortNum(n).map((m) => invalid(path, n, m));
}

/** `validateHandler` (probes: exec/httpGet/tcpSocket/grpc; lifecycle: exec/httpGet/tcpSocket/sleep). */
function validateHandler(
  h: Probe | LifecycleHandler,
  grace: number | undefined,
  path: string,
  lifecycle: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  let n = 0;
  const one = (name: string, present: boolean, check: () => FieldError[]): void => {
    if (!present) return;
    if (n > 0) errs.push(forbidden(child(path, name), 'may not specify more than 1 handler type'));
    else {
      n++;
      errs.push(...check());
    }
  };
  one('exec', h.exec != null, () =>
    h.exec?.command?.length ? [] : [required(child(path, 'exec', 'command'))],
  );
  one('httpGet', h.httpGet != null, () => {
    const g = h.httpGet!;
    const p = child(path, 'httpGet');
    const e: FieldError[] = [];
    if (!g.path) e.push(required(child(p, 'path')));
    e.push(...validatePortNumOrName(g.port, child(p, 'port')));
    if (g.scheme !== 'HTTP' && g.scheme !== 'HTTPS')
      e.push(notSupported(child(p, 'scheme'), g.scheme ?? '', ['HTTP', 'HTTPS']));
    for (const hd of g.httpHeaders ?? [])
      for (const m of isHTTPHeaderName(hd.name)) e.push(invalidStr(child(p, 'httpHeaders'), hd.name, m));
    return e;
  });
  one('tcpSocket', h.tcpSocket != null, () =>
    validatePortNumOrName(h.tcpSocket!.port, child(path, 'tcpSocket', 'port')),
  );
  if (!lifecycle) {
    const grpc = (h as Probe).grpc;
    one('grpc', grpc != null, () => validatePortNumOrName(grpc!.port, child(path, 'grpc', 'port')));
  } else {
    const sleep = (h as LifecycleHandler).sleep;
    one('sleep', sleep != null, () => {
      const s = sleep!.seconds ?? 0;
      if (grace != null && (s <= 0 || s > grace))
        return [
          invalid(
            child(path, 'sleep'),
            s,
            `must be greater than 0 and less than terminationGracePeriodSeconds (${grace}). Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.`,
          ),
        ];
      return [];
    });
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
  return errs;
}

function validateLifecycle(c: Container, grace: number | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (c.lifecycle?.postStart)
    errs.push(...validateHandler(c.lifecycle.postStart, grace, child(path, 'postStart'), true));
  if (c.lifecycle?.preStop)
    errs.push(...validateHandler(c.lifecycle.preStop, grace, child(path, 'preStop'), true));
  return errs;
}

/** Resource names (helper.IsStandardResourceName / IsStandardContainerResourceName). */
const STANDARD_RESOURCES = new Set([
  'cpu',
  'memory',
  'ephemeral-storage',
  'requests.cpu',
  'requests.memory',
  'requests.ephemeral-storage',
  'limits.cpu',
  'limits.memory',
  'limits.ephemeral-storage',
  'pods',
  'services',
  'replicationcontrollers',
  'resourcequotas',
  'secrets',
  'configmaps',
  'persistentvolumeclaims',
  'storage',
  'requests.storage',
  'services.nodeports',
  'services.loadbalancers',
]);
const isHugePages = (n: string): boolean => n.startsWith('hugepages-');
const isNative = (n: string): boolean => !n.includes('/') || n.includes('kubernetes.io/');

function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = qualifiedName(name, path);
  if (errs.length) return errs;
  if (!name.includes('/')) {
    if (!STANDARD_RESOURCES.has(name) && !isHugePages(name))
      errs.push(invalidStr(path, name, 'must be a standard resource type or fully qualified'));
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name))
      errs.push(invalidStr(path, name, 'must be a standard resource for containers'));
  } else if (
    !isNative(name) &&
    (name.startsWith('requests.') || qualifiedName(`requests.${name}`, path).length)
  ) {
    errs.push(invalidStr(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** `ValidateResourceQuantityValue`. */
function validateResourceQuantityValue(name: string, value: unknown, path: string): FieldError[] {
  const q = quantity(value);
  if (!q) return [];
  const errs: FieldError[] = [];
  if (q.sign() < 0) errs.push(invalidStr(path, q.toString(), 'must be greater than or equal to 0'));
  const integer = !isNative(name) || name === 'pods';
  if (integer && q.milliValueBig() % 1000n !== 0n)
    errs.push(invalid(path, goSyntax(goQuantity(value)), 'must be an integer'));
  return errs;
}

/** `validateResourceRequirements` for a container. */
export function validateResourceRequirements(
  r: ResourceRequirements | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!r) return errs;
  const limits = (r.limits ?? {}) as Record<string, unknown>;
  const requests = (r.requests ?? {}) as Record<string, unknown>;
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  let limCPUMem = false;
  let reqCPUMem = false;
  let huge = false;
  for (const name of sortedKeys(limits)) {
    const p = key(limPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, limits[name], p));
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') limCPUMem = true;
  }
  for (const name of sortedKeys(requests)) {
    const p = key(reqPath, name);
    errs.push(...validateContainerResourceName(name, p));
    errs.push(...validateResourceQuantityValue(name, requests[name], p));
    const overcommit = isNative(name) && !isHugePages(name);
    const req = quantity(requests[name]);
    const lim = name in limits ? quantity(limits[name]) : undefined;
    if (req && lim) {
      if (req.cmp(lim) !== 0 && !overcommit)
        errs.push(invalidStr(reqPath, req.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
      else if (req.cmp(lim) > 0)
        errs.push(
          invalidStr(
            reqPath,
            req.toString(),
            `must be less than or equal to ${name} limit of ${lim.toString()}`,
          ),
        );
    } else if (!(name in limits) && !overcommit) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (isHugePages(name)) huge = true;
    if (name === 'cpu' || name === 'memory') reqCPUMem = true;
  }
  if (!limCPUMem && !reqCPUMem && huge) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}

/** `ValidateSecurityContext` (container). */
function validateSecurityContext(sc: SecurityContext | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!sc) return errs;
  if (sc.runAsUser != null)
    for (const m of isValidUserID(sc.runAsUser))
      errs.push(invalid(child(path, 'runAsUser'), sc.runAsUser, m));
  if (sc.runAsGroup != null)
    for (const m of isValidGroupID(sc.runAsGroup))
      errs.push(invalid(child(path, 'runAsGroup'), sc.runAsGroup, m));
  if (sc.procMount != null) {
    if (!['Default', 'Unmasked'].includes(sc.procMount))
      errs.push(notSupported(child(path, 'procMount'), sc.procMount, ['Default', 'Unmasked']));
    else if (sc.procMount === 'Unmasked')
      errs.push(
        invalidStr(child(path, 'procMount'), sc.procMount, '`hostUsers` must be false to use `Unmasked`'),
      );
  }
  errs.push(...validateSeccompProfile(sc.seccompProfile, child(path, 'seccompProfile')));
  return errs;
}

function validateSeccompProfile(
  sp: { type: string; localhostProfile?: string } | undefined,
  path: string,
): FieldError[] {
  if (!sp) return [];
  const errs: FieldError[] = [];
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!sp.type) errs.push(required(child(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(sp.type)) errs.push(notSupported(child(path, 'type'), sp.type, types));
  if (sp.type === 'Localhost') {
    if (sp.localhostProfile == null)
      errs.push(required(child(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errs.push(...validateLocalDescendingPath(sp.localhostProfile, child(path, 'localhostProfile')));
  }
  return errs;
}

/** `validateContainerCommon`. */
function validateContainerCommon(
  c: Container,
  volumes: Map<string, Volume>,
  path: string,
  restartPolicy: string | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = child(path, 'name');
  if (!c.name) errs.push(required(namePath));
  else errs.push(...dnsLabel(c.name, namePath));
  if (!c.image) errs.push(required(child(path, 'image')));
  switch (c.terminationMessagePolicy) {
    case 'File':
    case 'FallbackToLogsOnError':
      break;
    case '':
    case undefined:
      errs.push(required(child(path, 'terminationMessagePolicy')));
      break;
    default:
      errs.push(
        notSupported(child(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, [
          'File',
          'FallbackToLogsOnError',
        ]),
      );
  }
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, volumes, c, child(path, 'volumeMounts')));
  if (!c.imagePullPolicy) errs.push(required(child(path, 'imagePullPolicy')));
  else if (!PULL_POLICIES.includes(c.imagePullPolicy))
    errs.push(notSupported(child(path, 'imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  (c.resizePolicy ?? []).forEach((p) => {
    const rp = child(path, 'resizePolicy');
    if (!p.resourceName) errs.push(required(rp));
    else if (!['cpu', 'memory'].includes(p.resourceName))
      errs.push(notSupported(rp, p.resourceName, ['cpu', 'memory']));
    if (!p.restartPolicy) errs.push(required(rp));
    else if (!['NotRequired', 'RestartContainer'].includes(p.restartPolicy))
      errs.push(notSupported(rp, p.restartPolicy, ['NotRequired', 'RestartContainer']));
    if (restartPolicy === 'Never' && p.restartPolicy !== 'NotRequired')
      errs.push(invalidStr(rp, p.restartPolicy, "must be 'NotRequired' when `restartPolicy` is 'Never'"));
  });
  errs.push(...validateSecurityContext(c.securityContext, child(path, 'securityContext')));
  return errs;
}

/** `AccumulateUniqueHostPorts`. */
function checkHostPortConflicts(containers: Container[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) =>
    (c.ports ?? []).forEach((p, pi) => {
      if (!p.hostPort) return;
      const s = `${p.protocol ?? ''}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(s)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), s));
      else seen.add(s);
    }),
  );
  return errs;
}

function validateContainers(
  spec: PodSpec,
  volumes: Map<string, Volume>,
  grace: number | undefined,
  path: string,
): FieldError[] {
  const containers = spec.containers ?? [];
  if (containers.length === 0) return [required(path)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p, spec.restartPolicy));
    if (names.has(c.name)) errs.push(duplicate(child(p, 'name'), c.name));
    else names.add(c.name);
    if (c.lifecycle) errs.push(...validateLifecycle(c, grace, child(p, 'lifecycle')));
    errs.push(...validateProbe(c.livenessProbe, grace, child(p, 'livenessProbe'), 'liveness'));
    errs.push(...validateProbe(c.readinessProbe, grace, child(p, 'readinessProbe'), 'readiness'));
    errs.push(...validateProbe(c.startupProbe, grace, child(p, 'startupProbe'), 'startup'));
    if (c.restartPolicy != null)
      errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
  });
  errs.push(...checkHostPortConflicts(containers, path));
  return errs;
}

function validateInitContainers(
  spec: PodSpec,
  volumes: Map<string, Volume>,
  grace: number | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((spec.containers ?? []).map((c) => c.name));
  (spec.initContainers ?? []).forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, volumes, p, spec.restartPolicy));
    let always = false;
    if (c.restartPolicy != null) {
      if (c.restartPolicy !== 'Always')
        errs.push(notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
      always = c.restartPolicy === 'Always';
    }
    if (names.has(c.name)) errs.push(duplicate(child(p, 'name'), c.name));
    else if (c.name) names.add(c.name);
    errs.push(...checkHostPortConflicts([c], path));
    if (always) {
      if (c.lifecycle) errs.push(...validateLifecycle(c, grace, child(p, 'lifecycle')));
      errs.push(...validateProbe(c.livenessProbe, grace, child(p, 'livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, grace, child(p, 'readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, grace, child(p, 'startupProbe'), 'startup'));
    } else {
      const msg = 'may not be set for init containers without restartPolicy=Always';
      if (c.lifecycle) errs.push(forbidden(child(p, 'lifecycle'), msg));
      if (c.livenessProbe) errs.push(forbidden(child(p, 'livenessProbe'), msg));
      if (c.readinessProbe) errs.push(forbidden(child(p, 'readinessProbe'), msg));
      if (c.startupProbe) errs.push(forbidden(child(p, 'startupProbe'), msg));
    }
    if (c.resizePolicy?.length)
      errs.push(
        invalid(
          child(p, 'resizePolicy'),
          goSyntax('[]core.ContainerResizePolicy{…}'),
          'must not be set for init containers',
        ),
      );
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Scheduling fields
// ---------------------------------------------------------------------------------------------

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `validateTaintEffect`. */
export function validateTaintEffect(
  effect: string | undefined,
  allowEmpty: boolean,
  path: string,
): FieldError[] {
  if (!allowEmpty && !effect) return [required(path)];
  if (!TAINT_EFFECTS.includes(effect ?? '')) return [notSupported(path, effect ?? '', TAINT_EFFECTS)];
  return [];
}

/** `ValidateTolerations`. */
export function validateTolerations(tolerations: Toleration[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const p = index(path, i);
    if (t.key) errs.push(...validateLabelName(t.key, child(p, 'key')));
    if (!t.key && t.operator !== 'Exists')
      errs.push(
        invalidStr(
          child(p, 'operator'),
          t.operator ?? '',
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds != null && t.effect !== 'NoExecute')
      errs.push(
        invalidStr(
          child(p, 'effect'),
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '');
        if (msgs.length) errs.push(invalidStr(child(p, 'operator'), t.value ?? '', msgs.join(';')));
        break;
      }
      case 'Exists':
        if (t.value)
          errs.push(
            invalidStr(child(p, 'operator'), t.value, "value must be empty when `operator` is 'Exists'"),
          );
        break;
      default:
        errs.push(notSupported(child(p, 'operator'), t.operator, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, true, child(p, 'effect')));
  });
  return errs;
}

function validateNodeSelectorRequirement(
  rq: NodeSelectorRequirement,
  allowInvalidValues: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = rq.values ?? [];
  switch (rq.operator) {
    case 'In':
    case 'NotIn':
      if (!values.length)
        errs.push(required(child(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length)
        errs.push(
          forbidden(
            child(path, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1)
        errs.push(
          required(child(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"),
        );
      break;
    default:
      errs.push(invalidStr(child(path, 'operator'), rq.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(rq.key, child(path, 'key')));
  if (!allowInvalidValues)
    values.forEach((v, i) => {
      for (const m of isValidLabelValue(v)) errs.push(invalidStr(index(child(path, 'values'), i), v, m));
    });
  return errs;
}

function validateNodeSelectorTerm(
  term: NodeSelectorTerm,
  allowInvalidValues: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((r, j) =>
    errs.push(
      ...validateNodeSelectorRequirement(r, allowInvalidValues, index(child(path, 'matchExpressions'), j)),
    ),
  );
  (term.matchFields ?? []).forEach((r, j) => {
    const p = index(child(path, 'matchFields'), j);
    if (r.operator === 'In' || r.operator === 'NotIn') {
      if ((r.values ?? []).length !== 1)
        errs.push(
          required(
            child(p, 'values'),
            "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
          ),
        );
    } else errs.push(invalidStr(child(p, 'operator'), r.operator, 'not a valid selector operator'));
    if (r.key !== 'metadata.name')
      errs.push(invalidStr(child(p, 'key'), r.key, 'not a valid field selector key'));
    else
      (r.values ?? []).forEach((v, i) => {
        for (const m of nameIsDNSSubdomain(v, false))
          errs.push(invalidStr(index(child(p, 'values'), i), v, m));
      });
  });
  return errs;
}

function validatePodAffinityTerm(term: PodAffinityTerm, path: string): FieldError[] {
  const errs = validateLabelSelector(term.labelSelector, {}, child(path, 'labelSelector'));
  errs.push(...validateLabelSelector(term.namespaceSelector, {}, child(path, 'namespaceSelector')));
  for (const ns of term.namespaces ?? [])
    for (const m of validateNamespaceName(ns, false)) errs.push(invalidStr(child(path, 'namespace'), ns, m));
  if (!term.topologyKey) errs.push(required(child(path, 'topologyKey'), 'can not be empty'));
  return errs.concat(validateLabelName(term.topologyKey ?? '', child(path, 'topologyKey')));
}

function validateAffinity(a: Affinity | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!a) return errs;
  const na = a.nodeAffinity;
  if (na) {
    const p = child(path, 'nodeAffinity');
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const tp = child(p, 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms');
      if (!req.nodeSelectorTerms?.length)
        errs.push(required(tp, 'must have at least one node selector term'));
      else
        req.nodeSelectorTerms.forEach((t, i) =>
          errs.push(...validateNodeSelectorTerm(t, false, index(tp, i))),
        );
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (t.weight <= 0 || t.weight > 100)
        errs.push(invalid(child(tp, 'weight'), t.weight, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(t.preference, true, child(tp, 'preference')));
    });
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = a[kind];
    if (!pa) continue;
    const p = child(path, kind);
    (pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) =>
      errs.push(
        ...validatePodAffinityTerm(t, index(child(p, 'requiredDuringSchedulingIgnoredDuringExecution'), i)),
      ),
    );
    (pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = index(child(p, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (t.weight <= 0 || t.weight > 100)
        errs.push(invalid(child(tp, 'weight'), t.weight, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(t.podAffinityTerm, child(tp, 'podAffinityTerm')));
    });
  }
  return errs;
}

function validateTopologySpreadConstraints(
  cs: TopologySpreadConstraint[] | undefined,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const list = cs ?? [];
  list.forEach((c, i) => {
    const p = index(path, i);
    if (c.maxSkew <= 0) errs.push(invalid(child(p, 'maxSkew'), c.maxSkew, isNotPositiveErrorMsg));
    if (!c.topologyKey) errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    const actions = ['DoNotSchedule', 'ScheduleAnyway'];
    if (!actions.includes(c.whenUnsatisfiable))
      errs.push(notSupported(child(p, 'whenUnsatisfiable'), c.whenUnsatisfiable ?? '', actions));
    if (
      list
        .slice(i + 1)
        .some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)
    )
      errs.push(
        duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`),
      );
    if (c.minDomains != null) {
      if (c.minDomains <= 0) errs.push(invalid(child(p, 'minDomains'), c.minDomains, isNotPositiveErrorMsg));
      if (c.whenUnsatisfiable !== 'DoNotSchedule')
        errs.push(
          invalid(
            child(p, 'minDomains'),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`,
          ),
        );
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[f];
      if (v != null && v !== 'Honor' && v !== 'Ignore')
        errs.push(notSupported(child(p, f), v, ['Honor', 'Ignore']));
    }
    errs.push(...validateLabelSelector(c.labelSelector, {}, child(p, 'labelSelector')));
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// PodSpec
// ---------------------------------------------------------------------------------------------

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

/** `ValidatePodSpec`. */
export function validatePodSpec(
  spec: PodSpec,
  podMeta: ObjectMeta | undefined,
  path: string,
  opts: PodValidationOptions,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!has(spec)) return [required(path)];
  if (spec.terminationGracePeriodSeconds == null)
    errs.push(required(child(path, 'terminationGracePeriodSeconds')));
  const grace = spec.terminationGracePeriodSeconds;
  const { vols, errs: vErrs } = validateVolumes(spec.volumes, podMeta, child(path, 'volumes'));
  errs.push(...vErrs);
  errs.push(...validateContainers(spec, vols, grace, child(path, 'containers')));
  errs.push(...validateInitContainers(spec, vols, grace, child(path, 'initContainers')));
  if (spec.hostNetwork)
    (spec.containers ?? []).forEach((c, i) =>
      (c.ports ?? []).forEach((port, j) => {
        const hp = port.hostPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== port.containerPort)
          errs.push(
            invalid(
              child(index(child(index(child(path, 'containers'), i), 'ports'), j), 'hostPort'),
              hp,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
      }),
    );
  switch (spec.restartPolicy ?? '') {
    case 'Always':
    case 'OnFailure':
    case 'Never':
      break;
    case '':
      errs.push(required(child(path, 'restartPolicy')));
      break;
    default:
      errs.push(notSupported(child(path, 'restartPolicy'), spec.restartPolicy, RESTART_POLICIES));
  }
  if (!spec.dnsPolicy) errs.push(required(child(path, 'dnsPolicy')));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy))
    errs.push(notSupported(child(path, 'dnsPolicy'), spec.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, child(path, 'nodeSelector')));
  const psc = spec.securityContext;
  if (psc) {
    const p = child(path, 'securityContext');
    if (psc.fsGroup != null)
      for (const m of isValidGroupID(psc.fsGroup)) errs.push(invalid(child(p, 'fsGroup'), psc.fsGroup, m));
    if (psc.runAsUser != null)
      for (const m of isValidUserID(psc.runAsUser))
        errs.push(invalid(child(p, 'runAsUser'), psc.runAsUser, m));
    if (psc.runAsGroup != null)
      for (const m of isValidGroupID(psc.runAsGroup))
        errs.push(invalid(child(p, 'runAsGroup'), psc.runAsGroup, m));
    (psc.supplementalGroups ?? []).forEach((g, i) => {
      for (const m of isValidGroupID(g)) errs.push(invalid(index(child(p, 'supplementalGroups'), i), g, m));
    });
    if (spec.shareProcessNamespace && spec.hostPID)
      errs.push(
        invalid(
          child(p, 'shareProcessNamespace'),
          true,
          'ShareProcessNamespace and HostPID cannot both be enabled',
        ),
      );
    if (psc.fsGroupChangePolicy != null && !['Always', 'OnRootMismatch'].includes(psc.fsGroupChangePolicy))
      errs.push(
        notSupported(child(p, 'fsGroupChangePolicy'), psc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']),
      );
    errs.push(...validateSeccompProfile(psc.seccompProfile, child(p, 'seccompProfile')));
  }
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push(
        invalid(
          index(child(path, 'imagePullSecrets'), i),
          goSyntax(`core.LocalObjectReference{Name:"${s.name ?? ''}"}`),
          'only name may be set',
        ),
      );
  });
  errs.push(...validateAffinity(spec.affinity, child(path, 'affinity')));
  if (spec.dnsPolicy === 'None') {
    if (!spec.dnsConfig)
      errs.push(required(child(path, 'dnsConfig'), 'must provide `dnsConfig` when `dnsPolicy` is None'));
    else if (!spec.dnsConfig.nameservers?.length)
      errs.push(
        required(
          child(path, 'dnsConfig', 'nameservers'),
          'must provide at least one DNS nameserver when `dnsPolicy` is None',
        ),
      );
  }
  if (spec.dnsConfig) {
    const p = child(path, 'dnsConfig');
    const ns = spec.dnsConfig.nameservers ?? [];
    if (ns.length > 3)
      errs.push(
        invalid(
          child(p, 'nameservers'),
          goSyntax(`[]string{${ns.map((x) => JSON.stringify(x)).join(', ')}}`),
          'must not have more than 3 nameservers',
        ),
      );
    ns.forEach((n, i) => errs.push(...validateIP(index(child(p, 'nameservers'), i), n)));
    (spec.dnsConfig.searches ?? []).forEach((s, i) =>
      errs.push(...dnsSubdomain(s.replace(/\.$/, ''), index(child(p, 'searches'), i))),
    );
    (spec.dnsConfig.options ?? []).forEach((o, i) => {
      if (!o.name) errs.push(required(index(child(p, 'options'), i), 'must not be empty'));
    });
  }
  (spec.readinessGates ?? []).forEach((g, i) =>
    errs.push(
      ...qualifiedName(g.conditionType, child(index(child(path, 'readinessGates'), i), 'conditionType')),
    ),
  );
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    const p = index(child(path, 'schedulingGates'), i);
    errs.push(...qualifiedName(g.name, p));
    if (gates.has(g.name)) errs.push(duplicate(p, g.name));
    gates.add(g.name);
  });
  errs.push(
    ...validateTopologySpreadConstraints(
      spec.topologySpreadConstraints,
      child(path, 'topologySpreadConstraints'),
    ),
  );
  if (spec.serviceAccountName)
    for (const m of nameIsDNSSubdomain(spec.serviceAccountName, false))
      errs.push(invalidStr(child(path, 'serviceAccountName'), spec.serviceAccountName, m));
  if (spec.nodeName)
    for (const m of nameIsDNSSubdomain(spec.nodeName, false))
      errs.push(invalidStr(child(path, 'nodeName'), spec.nodeName, m));
  if (
    spec.activeDeadlineSeconds != null &&
    (spec.activeDeadlineSeconds < 1 || spec.activeDeadlineSeconds > 2147483647)
  )
    errs.push(
      invalid(
        child(path, 'activeDeadlineSeconds'),
        spec.activeDeadlineSeconds,
        inclusiveRangeError(1, 2147483647),
      ),
    );
  if (spec.hostname) errs.push(...dnsLabel(spec.hostname, child(path, 'hostname')));
  if (spec.subdomain) errs.push(...dnsLabel(spec.subdomain, child(path, 'subdomain')));
  if (spec.tolerations?.length)
    errs.push(...validateTolerations(spec.tolerations, child(path, 'tolerations')));
  (spec.hostAliases ?? []).forEach((h, i) => {
    const p = index(child(path, 'hostAliases'), i);
    errs.push(...validateIP(child(p, 'ip'), h.ip ?? ''));
    (h.hostnames ?? []).forEach((n, j) => errs.push(...dnsSubdomain(n, index(child(p, 'hostnames'), j))));
  });
  if (spec.priorityClassName)
    for (const m of nameIsDNSSubdomain(spec.priorityClassName, false))
      errs.push(invalidStr(child(path, 'priorityClassName'), spec.priorityClassName, m));
  if (spec.runtimeClassName != null)
    for (const m of nameIsDNSSubdomain(spec.runtimeClassName, false))
      errs.push(invalidStr(child(path, 'runtimeClassName'), spec.runtimeClassName, m));
  if (spec.preemptionPolicy != null)
    errs.push(...validatePreemptionPolicy(spec.preemptionPolicy, child(path, 'preemptionPolicy')));
  if (spec.overhead)
    errs.push(...validateResourceRequirements({ limits: spec.overhead }, child(path, 'overhead')));
  if (spec.os != null && spec.os.name !== 'linux' && spec.os.name !== 'windows')
    errs.push(notSupported(child(path, 'os', 'name'), spec.os.name, ['linux', 'windows']));
  return errs;
}

/** `ValidatePreemptionPolicy`. */
export function validatePreemptionPolicy(p: string, path: string): FieldError[] {
  if (p === 'PreemptLowerPriority' || p === 'Never') return [];
  if (p === '') return [required(path)];
  return [notSupported(path, p, ['PreemptLowerPriority', 'Never'])];
}

/** `ValidatePodTemplateSpec` (templates of workload controllers). */
export function validatePodTemplateSpec(t: PodTemplateSpec | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const meta = t?.metadata ?? {};
  errs.push(...validateLabels(meta.labels, child(path, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(path, 'annotations')));
  errs.push(...validatePodSpec((t?.spec ?? {}) as PodSpec, undefined, child(path, 'spec'), {}));
  if (t?.spec?.ephemeralContainers?.length)
    errs.push(
      forbidden(
        child(path, 'spec', 'ephemeralContainers'),
        'ephemeral containers not allowed in pod template',
      ),
    );
  return errs;
}

/** The Pod-only part of validatePodMetadataAndSpec (after ValidateObjectMeta). */
export function validatePodSpecForPod(spec: PodSpec, meta: ObjectMeta): FieldError[] {
  const errs = validatePodSpec(spec, meta, 'spec', { resourceIsPod: true });
  if (!spec.serviceAccountName)
    (spec.volumes ?? []).forEach((v, vi) =>
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s.serviceAccountToken)
          errs.push(
            forbidden(
              `spec.volumes[${vi}].projected.sources[${si}].serviceAccountToken`,
              'must not be specified when serviceAccountName is not set',
            ),
          );
      }),
    );
  for (const list of ['containers', 'initContainers'] as const)
    (spec[list] ?? []).forEach((c, i) => {
      const img = c.image ?? '';
      if (img.length !== img.trim().length)
        errs.push(
          invalidStr(`spec.${list}[${i}].image`, img, 'must not have leading or trailing whitespace'),
        );
    });
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Pod updates
// ---------------------------------------------------------------------------------------------

const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/** JSON field name → Go field name as go-cmp prints it. */
function goFieldName(k: string): string {
  const special: Record<string, string> = {
    dnsPolicy: 'DNSPolicy',
    dnsConfig: 'DNSConfig',
    hostIPC: 'HostIPC',
    hostPID: 'HostPID',
    os: 'OS',
    serviceAccount: 'DeprecatedServiceAccount',
  };
  return special[k] ?? k.charAt(0).toUpperCase() + k.slice(1);
}

/** A go-cmp-like rendering of a JSON value (`{Name: "x", Image: "nginx"}`). */
function cmpValue(v: unknown): string {
  if (v === undefined || v === null) return 'nil';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return `{${v.map(cmpValue).join(', ')}}`;
  return `{${Object.entries(v as Json)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => `${goFieldName(k)}: ${cmpValue(x)}`)
    .join(', ')}}`;
}

/**
 * An approximation of `cmp.Diff(oldPod.Spec, newPod.Spec)`: one `-`/`+` pair per changed
 * top-level field. (go-cmp's real output also randomises its whitespace; nobody can match it.)
 */
function specDiff(oldSpec: Json, newSpec: Json): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])];
  const lines = ['  core.PodSpec{'];
  let same = 0;
  for (const k of keys) {
    if (jsonEqual(oldSpec[k], newSpec[k])) {
      same++;
      continue;
    }
    lines.push(`- \t${goFieldName(k)}: ${cmpValue(oldSpec[k])},`);
    lines.push(`+ \t${goFieldName(k)}: ${cmpValue(newSpec[k])},`);
  }
  if (same) lines.push(`  \t... // ${same} identical fields`);
  lines.push('  }');
  return lines.join('\n') + '\n';
}

function validateContainerUpdates(
  news: Container[],
  olds: Container[],
  path: string,
): { errs: FieldError[]; stop: boolean } {
  if (news.length !== olds.length)
    return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  news.forEach((c, i) => {
    const img = c.image ?? '';
    if (!img) errs.push(required(child(index(path, i), 'image')));
    if (img.trim().length !== img.length)
      errs.push(
        invalidStr(child(index(path, i), 'image'), img, 'must not have leading or trailing whitespace'),
      );
  });
  return { errs, stop: false };
}

/** The spec part of `ValidatePodUpdate` (after metadata and the full spec validation). */
export function validatePodSpecUpdate(newSpec: PodSpec, oldSpec: PodSpec): FieldError[] {
  const errs: FieldError[] = [];
  let r = validateContainerUpdates(newSpec.containers ?? [], oldSpec.containers ?? [], 'spec.containers');
  errs.push(...r.errs);
  if (r.stop) return errs;
  r = validateContainerUpdates(
    newSpec.initContainers ?? [],
    oldSpec.initContainers ?? [],
    'spec.initContainers',
  );
  errs.push(...r.errs);
  if (r.stop) return errs;
  if (newSpec.activeDeadlineSeconds != null) {
    const n = newSpec.activeDeadlineSeconds;
    if (n < 0 || n > 2147483647)
      return errs.concat(invalid('spec.activeDeadlineSeconds', n, inclusiveRangeError(0, 2147483647)));
    if (oldSpec.activeDeadlineSeconds != null && oldSpec.activeDeadlineSeconds < n)
      return errs.concat(
        invalid('spec.activeDeadlineSeconds', n, 'must be less than or equal to previous value'),
      );
  } else if (oldSpec.activeDeadlineSeconds != null) {
    errs.push(
      invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'),
    );
  }
  // validateOnlyAddedTolerations
  const newTol = newSpec.tolerations ?? [];
  for (const old of oldSpec.tolerations ?? []) {
    if (!newTol.some((t) => jsonEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t))) {
      errs.push(
        forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'),
      );
      break;
    }
  }
  if (!errs.some((e) => e.field === 'spec.tolerations'))
    errs.push(...validateTolerations(newTol, 'spec.tolerations'));
  // validateOnlyDeletedSchedulingGates
  const oldGates = new Set((oldSpec.schedulingGates ?? []).map((g) => g.name));
  (newSpec.schedulingGates ?? []).forEach((g, i) => {
    if (!oldGates.has(g.name))
      errs.push(
        forbidden(
          `spec.schedulingGates[${i}].name`,
          `only deletion is allowed, but found new scheduling gate '${g.name}'`,
        ),
      );
  });
  if (jsonEqual(newSpec, oldSpec)) return errs;
  // Munge the updatable fields from the old spec and compare the rest.
  const munged = JSON.parse(JSON.stringify(newSpec)) as PodSpec;
  munged.containers = (munged.containers ?? []).map(
    (c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image }) as Container,
  );
  if (munged.initContainers)
    munged.initContainers = munged.initContainers.map(
      (c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image }) as Container,
    );
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  const clean = (s: PodSpec): Json => JSON.parse(JSON.stringify(s)) as Json;
  if (!jsonEqual(clean(munged), clean(oldSpec))) {
    errs.push(
      forbidden(
        'spec',
        `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(clean(oldSpec), clean(munged))}`,
      ),
    );
  }
  return errs;
}
