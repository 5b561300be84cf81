/**
 * The container, volume and pod-template sections shared by the Pod describer and every
 * controller describer (describeContainers, describeVolumes, DescribePodTemplate in describe.go).
 */
import type {
  Container,
  ContainerState,
  ContainerStatus,
  EnvVar,
  Pod,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  TopologySpreadConstraint,
  Volume,
} from 'kubernetes-types/core/v1';
import { goQuote } from '../../apimachinery/golang';
import { parseQuantity, type Quantity } from '../../apimachinery/quantity';
import {
  compareStrings,
  formatLabelSelector,
  formatRFC1123Z,
  intOrString,
  joinHostPort,
  printAnnotationsMultiline,
  printBool,
  printLabelsMultiline,
  printTolerationsMultilineWithIndent,
  sortedKeys,
  stringOrNone,
} from './helpers';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, type PrefixWriter } from './writer';

/** Resolves a fieldRef env var to its value (EnvValueRetriever); undefined in pod templates. */
export type EnvVarResolver = (e: EnvVar) => string;

/**
 * EnvValueRetriever. kubectl converts the field path with its client scheme, which only knows
 * metadata.name and metadata.namespace for pods, and then extracts it with fieldpath
 * (metadata fields only); any other path (spec.nodeName, status.podIP …) resolves to "", which is
 * why real describe output shows `NODE:   (v1:spec.nodeName)` with an empty value.
 */
export function envValueRetriever(pod: Pod): EnvVarResolver {
  return (e) => {
    const path = e.valueFrom?.fieldRef?.fieldPath ?? '';
    if (path === 'metadata.name') return pod.metadata?.name ?? '';
    if (path === 'metadata.namespace') return pod.metadata?.namespace ?? '';
    return '';
  };
}

const quantityOrZero = (s: unknown): Quantity | undefined => {
  if (typeof s !== 'string' && typeof s !== 'number') return undefined;
  try {
    return parseQuantity(String(s));
  } catch {
    return undefined;
  }
};

/** resourcehelper.ExtractContainerResourceValue: the value of a resourceFieldRef, rounded up. */
function extractContainerResourceValue(
  ref: { resource: string; divisor?: string | number },
  container: Container,
): string | undefined {
  let divisor = quantityOrZero(ref.divisor);
  if (!divisor || divisor.isZero()) divisor = parseQuantity('1');
  const [kind, name] = ref.resource.split('.', 2) as [string, string | undefined];
  const list = (kind === 'limits' ? container.resources?.limits : container.resources?.requests) ?? {};
  if (kind !== 'limits' && kind !== 'requests') return undefined;
  const q = quantityOrZero(list[name ?? '']) ?? parseQuantity('0');
  if (name === 'cpu') return String(Math.ceil(q.milliValue() / divisor.milliValue()));
  if (name === 'memory' || name === 'ephemeral-storage' || (name ?? '').startsWith('hugepages-'))
    return String(Math.ceil(q.value() / divisor.value()));
  return undefined;
}

/** DescribeProbe: `http-get http://:80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3`. */
export function describeProbe(probe: Probe): string {
  const attrs =
    `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s ` +
    `#success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
  if (probe.exec) return `exec [${(probe.exec.command ?? []).join(' ')}] ${attrs}`;
  if (probe.httpGet) {
    const g = probe.httpGet;
    const scheme = (g.scheme ?? '').toLowerCase();
    const port = intOrString(g.port);
    const host = port.length > 0 ? joinHostPort(g.host ?? '', port) : (g.host ?? '');
    // url.URL{Scheme, Host, Path}.String()
    let url = scheme ? `${scheme}://${host}` : `//${host}`;
    if (g.path) url += g.path.startsWith('/') ? g.path : `/${g.path}`;
    return `http-get ${url} ${attrs}`;
  }
  if (probe.tcpSocket)
    return `tcp-socket ${probe.tcpSocket.host ?? ''}:${intOrString(probe.tcpSocket.port)} ${attrs}`;
  if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${probe.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeStatus(stateName: string, state: ContainerState | undefined, w: PrefixWriter): void {
  if (state?.running) {
    w.write(LEVEL_2, `${stateName}:\tRunning\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(state.running.startedAt)}\n`);
  } else if (state?.waiting) {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
    if (state.waiting.reason) w.write(LEVEL_3, `Reason:\t${state.waiting.reason}\n`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(LEVEL_2, `${stateName}:\tTerminated\n`);
    if (t.reason) w.write(LEVEL_3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(LEVEL_3, `Message:\t${t.message}\n`);
    w.write(LEVEL_3, `Exit Code:\t${t.exitCode ?? 0}\n`);
    if ((t.signal ?? 0) > 0) w.write(LEVEL_3, `Signal:\t${t.signal}\n`);
    w.write(LEVEL_3, `Started:\t${formatRFC1123Z(t.startedAt)}\n`);
    w.write(LEVEL_3, `Finished:\t${formatRFC1123Z(t.finishedAt)}\n`);
  } else {
    w.write(LEVEL_2, `${stateName}:\tWaiting\n`);
  }
}

/** describeResources: `Limits:` / `Requests:` with the resource names sorted. */
export function describeResources(
  resources: ResourceRequirements | undefined,
  w: PrefixWriter,
  level: number,
): void {
  if (!resources) return;
  const limits = resources.limits ?? {};
  if (Object.keys(limits).length > 0) w.write(level, 'Limits:\n');
  for (const name of sortedKeys(limits)) w.write(level + 1, `${name}:\t${String(limits[name])}\n`);
  const requests = resources.requests ?? {};
  if (Object.keys(requests).length > 0) w.write(level, 'Requests:\n');
  for (const name of sortedKeys(requests)) w.write(level + 1, `${name}:\t${String(requests[name])}\n`);
}

function describeContainerEnvVars(
  container: Container,
  resolve: EnvVarResolver | undefined,
  w: PrefixWriter,
): void {
  const env = container.env ?? [];
  w.write(LEVEL_2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of env) {
    if (!e.valueFrom) {
      (e.value ?? '').split('\n').forEach((s, i) => {
        w.write(LEVEL_3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`);
      });
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      const value = resolve ? resolve(e) : '';
      w.write(LEVEL_3, `${e.name}:\t${value} (${vf.fieldRef.apiVersion ?? ''}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      let value = extractContainerResourceValue(vf.resourceFieldRef, container) ?? '';
      const resource = vf.resourceFieldRef.resource;
      if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory'))
        value = 'node allocatable';
      w.write(LEVEL_3, `${e.name}:\t${value} (${resource})\n`);
    } else if (vf.secretKeyRef) {
      const optional = vf.secretKeyRef.optional === true;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name ?? ''}'>\tOptional: ${optional}\n`,
      );
    } else if (vf.configMapKeyRef) {
      const optional = vf.configMapKeyRef.optional === true;
      w.write(
        LEVEL_3,
        `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name ?? ''}'>\tOptional: ${optional}\n`,
      );
    }
  }
}

function describeContainerEnvFrom(container: Container, w: PrefixWriter): void {
  const envFrom = container.envFrom ?? [];
  w.write(LEVEL_2, `Environment Variables from:${envFrom.length === 0 ? '\t<none>' : ''}\n`);
  for (const e of envFrom) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(LEVEL_3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(LEVEL_3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

function describeContainerVolumes(container: Container, w: PrefixWriter): void {
  const mounts = [...(container.volumeMounts ?? [])];
  const none = mounts.length === 0 ? '\t<none>' : '';
  w.write(LEVEL_2, `Mounts:${none}\n`);
  mounts.sort((a, b) => compareStrings(a.mountPath, b.mountPath));
  for (const m of mounts) {
    const flags = [m.readOnly ? 'ro' : 'rw'];
    if (m.subPath) flags.push(`path=${goQuote(m.subPath)}`);
    w.write(LEVEL_3, `${m.mountPath} from ${m.name} (${flags.join(',')})\n`);
  }
  const devices = [...(container.volumeDevices ?? [])];
  if (devices.length > 0) {
    w.write(LEVEL_2, `Devices:${none}\n`);
    devices.sort((a, b) => compareStrings(a.devicePath, b.devicePath));
    for (const d of devices) w.write(LEVEL_3, `${d.devicePath} from ${d.name}\n`);
  }
}

/**
 * describeContainers: one block per container. `space` is "" for pods and "  " inside a pod
 * template (whose container names get one extra space: `   nginx:`).
 */
export function describeContainers(
  label: string,
  containers: Container[],
  statuses: ContainerStatus[] | undefined,
  resolve: EnvVarResolver | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const byName = new Map<string, ContainerStatus>();
  for (const s of statuses ?? []) byName.set(s.name, s);
  w.write(LEVEL_0, `${space}${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
  for (const c of containers) {
    const status = byName.get(c.name);
    // describeContainerBasicInfo
    w.write(LEVEL_1, `${space ? ' ' : ''}${c.name}:\n`);
    if (status) w.write(LEVEL_2, `Container ID:\t${status.containerID ?? ''}\n`);
    w.write(LEVEL_2, `Image:\t${c.image ?? ''}\n`);
    if (status) w.write(LEVEL_2, `Image ID:\t${status.imageID ?? ''}\n`);
    const ports = (c.ports ?? []).map((p) => `${p.containerPort}/${p.protocol ?? ''}`).join(', ');
    if (ports.includes(',')) w.write(LEVEL_2, `Ports:\t${ports}\n`);
    else w.write(LEVEL_2, `Port:\t${stringOrNone(ports)}\n`);
    const hostPorts = (c.ports ?? []).map((p) => `${p.hostPort ?? 0}/${p.protocol ?? ''}`).join(', ');
    if (hostPorts.includes(',')) w.write(LEVEL_2, `Host Ports:\t${hostPorts}\n`);
    else w.write(LEVEL_2, `Host Port:\t${stringOrNone(hostPorts)}\n`);
    const seccomp = c.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_2, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === 'Localhost')
        w.write(LEVEL_3, `LocalhostProfile:\t${seccomp.localhostProfile ?? ''}\n`);
    }
    // describeContainerCommand
    if ((c.command ?? []).length > 0) {
      w.write(LEVEL_2, 'Command:\n');
      for (const cmd of c.command ?? []) for (const s of cmd.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if ((c.args ?? []).length > 0) {
      w.write(LEVEL_2, 'Args:\n');
      for (const arg of c.args ?? []) for (const s of arg.split('\n')) w.write(LEVEL_3, `${s}\n`);
    }
    if (status) {
      // describeContainerState
      describeStatus('State', status.state, w);
      if (status.lastState?.terminated) describeStatus('Last State', status.lastState, w);
      w.write(LEVEL_2, `Ready:\t${printBool(status.ready)}\n`);
      w.write(LEVEL_2, `Restart Count:\t${status.restartCount ?? 0}\n`);
    }
    describeResources(c.resources ?? {}, w, LEVEL_2);
    if (c.livenessProbe) w.write(LEVEL_2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(LEVEL_2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(LEVEL_2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    if ((c.envFrom ?? []).length > 0) describeContainerEnvFrom(c, w);
    describeContainerEnvVars(c, resolve, w);
    describeContainerVolumes(c, w);
  }
}

const optionalPtr = (v: boolean | undefined): string => (typeof v === 'boolean' ? String(v) : '<nil>');

/** describeVolumes: one entry per volume with its source type's details. */
export function describeVolumes(volumes: Volume[] | undefined, w: PrefixWriter, space: string): void {
  const list = volumes ?? [];
  if (list.length === 0) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of list) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    if (v.hostPath) {
      w.write(
        LEVEL_2,
        `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
      );
    } else if (v.emptyDir) {
      const limit = quantityOrZero(v.emptyDir.sizeLimit);
      const sizeLimit = limit && limit.sign() > 0 ? limit.toString() : '<unset>';
      w.write(
        LEVEL_2,
        `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`,
      );
    } else if (v.gitRepo) {
      w.write(
        LEVEL_2,
        `Type:\tGitRepo (a volume that is pulled from git when the pod is created)\n    Repository:\t${v.gitRepo.repository}\n    Revision:\t${v.gitRepo.revision ?? ''}\n`,
      );
    } else if (v.secret) {
      w.write(
        LEVEL_2,
        `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n    Optional:\t${v.secret.optional === true}\n`,
      );
    } else if (v.configMap) {
      w.write(
        LEVEL_2,
        `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n    Optional:\t${v.configMap.optional === true}\n`,
      );
    } else if (v.nfs) {
      w.write(
        LEVEL_2,
        `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n    Path:\t${v.nfs.path}\n    ReadOnly:\t${v.nfs.readOnly === true}\n`,
      );
    } else if (v.persistentVolumeClaim) {
      w.write(
        LEVEL_2,
        `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${v.persistentVolumeClaim.claimName}\n    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
      );
    } else if (v.ephemeral) {
      w.write(
        LEVEL_2,
        'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
      );
    } else if (v.downwardAPI) {
      w.write(LEVEL_2, 'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n');
      for (const item of v.downwardAPI.items ?? []) {
        if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
        if (item.resourceFieldRef) w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
      }
    } else if (v.projected) {
      // kubectl v1.32 prints the sources' `optional` pointers with %v: `<nil>` when unset (a set
      // pointer would print its address; the simulator prints the value instead).
      w.write(LEVEL_2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
      for (const source of v.projected.sources ?? []) {
        if (source.secret) {
          w.write(
            LEVEL_2,
            `SecretName:\t${source.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPtr(source.secret.optional)}\n`,
          );
        } else if (source.downwardAPI) {
          w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
        } else if (source.configMap) {
          w.write(
            LEVEL_2,
            `ConfigMapName:\t${source.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPtr(source.configMap.optional)}\n`,
          );
        } else if (source.serviceAccountToken) {
          w.write(LEVEL_2, `TokenExpirationSeconds:\t${source.serviceAccountToken.expirationSeconds ?? 0}\n`);
        }
      }
    } else if (v.csi) {
      w.write(
        LEVEL_2,
        `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${v.csi.readOnly === true}\n`,
      );
      const attrs = v.csi.volumeAttributes ?? {};
      w.write(LEVEL_2, 'VolumeAttributes:\t');
      const keys = sortedKeys(attrs);
      if (keys.length === 0) w.writeLine('<none>');
      keys.forEach((key, i) => {
        if (i !== 0) {
          w.write(LEVEL_2, '');
          w.write(LEVEL_2, '\t');
        }
        const line = `${key}=${attrs[key]}`;
        w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
      });
    } else if ((v as unknown as { image?: { reference?: string; pullPolicy?: string } }).image) {
      const image = (v as unknown as { image: { reference?: string; pullPolicy?: string } }).image;
      w.write(
        LEVEL_2,
        `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${image.reference ?? ''}\n    PullPolicy:\t${image.pullPolicy ?? ''}\n`,
      );
    } else {
      w.write(LEVEL_1, '<unknown>\n');
    }
  }
}

/** describeTopologySpreadConstraints (sorted by topologyKey). */
export function describeTopologySpreadConstraints(
  tscs: TopologySpreadConstraint[] | undefined,
  w: PrefixWriter,
  space: string,
): void {
  const list = [...(tscs ?? [])];
  if (list.length === 0) return;
  list.sort((a, b) => compareStrings(a.topologyKey, b.topologyKey));
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  list.forEach((tsc, i) => {
    if (i !== 0) {
      w.write(LEVEL_0, space);
      w.write(LEVEL_0, '\t');
    }
    let s = `${tsc.topologyKey}:${tsc.whenUnsatisfiable} when max skew ${tsc.maxSkew} is exceeded`;
    if (tsc.labelSelector) s += ` for selector ${formatLabelSelector(tsc.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** DescribePodTemplate: the `Pod Template:` section of the controller describers. */
export function describePodTemplate(template: PodTemplateSpec | undefined, w: PrefixWriter): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  printLabelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length > 0) {
    printAnnotationsMultiline(w, '  Annotations', template.metadata?.annotations);
  }
  const spec = template.spec;
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if ((spec?.initContainers ?? []).length > 0) {
    describeContainers('Init Containers', spec?.initContainers ?? [], undefined, undefined, w, '  ');
  }
  describeContainers('Containers', spec?.containers ?? [], undefined, undefined, w, '  ');
  describeVolumes(spec?.volumes, w, '  ');
  describeTopologySpreadConstraints(spec?.topologySpreadConstraints, w, '  ');
  if (spec?.priorityClassName) w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, '  Node-Selectors', spec?.nodeSelector);
  printTolerationsMultilineWithIndent(w, '', '  Tolerations', '\t', spec?.tolerations);
}

/** A container's probe summary, exported for tests. */
export { describeStatus as describeContainerStatus };
