/**
 * The container's environment (pkg/kubelet/kubelet_pods.go makeEnvironmentVariables and
 * pkg/kubelet/envvars): envFrom, env with `$(VAR)` expansion, valueFrom (ConfigMap/Secret keys,
 * the downward API's fieldRef and resourceFieldRef) and, with enableServiceLinks, the service
 * variables of the pod's namespace (`MY_SVC_SERVICE_HOST` …, reference §11.1).
 *
 * A missing ConfigMap, Secret or key that is not optional stops the container from being
 * created: the error message is the one CreateContainerConfigError shows
 * (`configmap "x" not found`, `couldn't find key HOST in ConfigMap default/hello-server-configmap`).
 * Env values are read once, at container creation: a ConfigMap change reaches the environment
 * only through a restart (the book's chapter 6 lesson).
 */
import type { Container, EnvVar, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { parseQuantityOrUndefined } from '../../../apimachinery/quantity';
import { serviceEnvVars } from '../../network/services/envvars';

export interface ObjectSource {
  configMap(namespace: string, name: string): KubeObject | undefined;
  secret(namespace: string, name: string): KubeObject | undefined;
  services(namespace: string): KubeObject[];
}

export class EnvError extends Error {}

export interface EnvContext {
  pod: Pod;
  container: Container;
  podIP: string;
  podIPs: string[];
  hostIP: string;
  nodeAllocatable: { cpu: number; memory: number; ephemeralStorage: number };
  source: ObjectSource;
  /** Invalid envFrom keys are skipped with an event. */
  warn(reason: string, message: string): void;
}

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** expansion.Expand: `$(VAR)` → value, `$$` → `$`, unknown references stay as they are. */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i]!;
    if (c === '$' && i + 1 < input.length) {
      const n = input[i + 1]!;
      if (n === '$') {
        out += '$';
        i++;
        continue;
      }
      if (n === '(') {
        const end = input.indexOf(')', i + 2);
        if (end > 0) {
          const name = input.slice(i + 2, end);
          const v = lookup(name);
          out += v !== undefined ? v : `$(${name})`;
          i = end;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}

/** envvars.FromServices for one Service. */
export function serviceEnv(svc: KubeObject): [string, string][] {
  const spec = (svc.spec ?? {}) as {
    clusterIP?: string;
    ports?: { name?: string; port: number; protocol?: string }[];
  };
  const ip = spec.clusterIP;
  if (!ip || ip === 'None') return [];
  const ports = spec.ports ?? [];
  if (ports.length === 0) return [];
  const name = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
  const out: [string, string][] = [];
  out.push([`${name}_SERVICE_HOST`, ip]);
  out.push([`${name}_SERVICE_PORT`, String(ports[0]!.port)]);
  for (const p of ports)
    if (p.name) out.push([`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port)]);
  const first = ports[0]!;
  const proto0 = (first.protocol ?? 'TCP').toLowerCase();
  out.push([`${name}_PORT`, `${proto0}://${ip}:${first.port}`]);
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    const prefix = `${name}_PORT_${p.port}_${proto}`;
    out.push([prefix, `${proto.toLowerCase()}://${ip}:${p.port}`]);
    out.push([`${prefix}_PROTO`, proto.toLowerCase()]);
    out.push([`${prefix}_PORT`, String(p.port)]);
    out.push([`${prefix}_ADDR`, ip]);
  }
  return out;
}

function fieldRefValue(path: string, ctx: EnvContext): string {
  const { pod } = ctx;
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata?.[m[1] as 'labels'] ?? {})[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'metadata.labels':
      return Object.entries(pod.metadata?.labels ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .sort()
        .join('\n');
    case 'metadata.annotations':
      return Object.entries(pod.metadata?.annotations ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .sort()
        .join('\n');
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? '';
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? '';
    case 'status.hostIP':
      return ctx.hostIP;
    case 'status.hostIPs':
      return ctx.hostIP;
    case 'status.podIP':
      return ctx.podIP;
    case 'status.podIPs':
      return ctx.podIPs.join(',');
  }
  throw new EnvError(`unsupported fieldRef path: ${path}`);
}

/** resourceFieldRef: the container's limit (node allocatable when unset) or request, ceil(value / divisor). */
export function resourceFieldValue(
  ref: { resource: string; divisor?: string; containerName?: string },
  ctx: EnvContext,
): string {
  const container = ref.containerName
    ? ([...(ctx.pod.spec?.containers ?? []), ...(ctx.pod.spec?.initContainers ?? [])].find(
        (c) => c.name === ref.containerName,
      ) ?? ctx.container)
    : ctx.container;
  const [kind, res] = ref.resource.split('.') as ['limits' | 'requests', string];
  const list = ((kind === 'limits' ? container.resources?.limits : container.resources?.requests) ??
    {}) as Record<string, unknown>;
  const divisor = parseQuantityOrUndefined(ref.divisor ?? '1') ?? parseQuantityOrUndefined('1')!;
  const q = list[res] !== undefined ? parseQuantityOrUndefined(String(list[res])) : undefined;
  if (res === 'cpu') {
    const milli = q ? q.milliValue() : kind === 'limits' ? ctx.nodeAllocatable.cpu : 0;
    return String(Math.ceil(milli / divisor.milliValue()));
  }
  const alloc = res === 'memory' ? ctx.nodeAllocatable.memory : ctx.nodeAllocatable.ephemeralStorage;
  const bytes = q ? q.value() : kind === 'limits' ? alloc : 0;
  return String(Math.ceil(bytes / divisor.value()));
}

const decode = (b64: string): string => {
  try {
    return atob(b64);
  } catch {
    return '';
  }
};

/** makeEnvironmentVariables: the container's env as ordered pairs. */
export function makeEnvironmentVariables(ctx: EnvContext): [string, string][] {
  const { pod, container, source } = ctx;
  const ns = pod.metadata?.namespace ?? 'default';
  const env = new Map<string, string>();
  const serviceVars = new Map<string, string>();
  // getServiceEnvVarMap: the master service (default/kubernetes) always, even with
  // enableServiceLinks: false; the namespace's own services only with it (network/services/envvars.ts)
  const services =
    ns === 'default' ? source.services('default') : [...source.services('default'), ...source.services(ns)];
  for (const [k, v] of serviceEnvVars(
    services as unknown as Parameters<typeof serviceEnvVars>[0],
    ns,
    pod.spec?.enableServiceLinks !== false,
  ))
    serviceVars.set(k, v);
  const lookup = (name: string) => env.get(name) ?? serviceVars.get(name);
  for (const from of container.envFrom ?? []) {
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      const cm = source.configMap(ns, name);
      if (!cm) {
        if (from.configMapRef.optional) continue;
        throw new EnvError(`configmap "${name}" not found`);
      }
      const invalid: string[] = [];
      for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, string>)) {
        const key = (from.prefix ?? '') + k;
        if (!ENV_NAME.test(key)) invalid.push(key);
        else env.set(key, v);
      }
      if (invalid.length)
        ctx.warn(
          'InvalidEnvironmentVariableNames',
          `Keys [${invalid.sort().join(', ')}] from the EnvFrom configMap ${ns}/${name} were skipped since they are considered invalid environment variable names.`,
        );
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      const s = source.secret(ns, name);
      if (!s) {
        if (from.secretRef.optional) continue;
        throw new EnvError(`secret "${name}" not found`);
      }
      const invalid: string[] = [];
      for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) {
        const key = (from.prefix ?? '') + k;
        if (!ENV_NAME.test(key)) invalid.push(key);
        else env.set(key, decode(v));
      }
      if (invalid.length)
        ctx.warn(
          'InvalidEnvironmentVariableNames',
          `Keys [${invalid.sort().join(', ')}] from the EnvFrom secret ${ns}/${name} were skipped since they are considered invalid environment variable names.`,
        );
    }
  }
  for (const e of (container.env ?? []) as EnvVar[]) {
    let value = '';
    if (e.value !== undefined) value = expand(e.value, lookup);
    else if (e.valueFrom) {
      const vf = e.valueFrom;
      if (vf.fieldRef) value = fieldRefValue(vf.fieldRef.fieldPath, ctx);
      else if (vf.resourceFieldRef) value = resourceFieldValue(vf.resourceFieldRef as never, ctx);
      else if (vf.configMapKeyRef) {
        const { name = '', key, optional } = vf.configMapKeyRef;
        const cm = source.configMap(ns, name);
        if (!cm) {
          if (optional) continue;
          throw new EnvError(`configmap "${name}" not found`);
        }
        const v = ((cm.data ?? {}) as Record<string, string>)[key];
        if (v === undefined) {
          if (optional) continue;
          throw new EnvError(`couldn't find key ${key} in ConfigMap ${ns}/${name}`);
        }
        value = v;
      } else if (vf.secretKeyRef) {
        const { name = '', key, optional } = vf.secretKeyRef;
        const s = source.secret(ns, name);
        if (!s) {
          if (optional) continue;
          throw new EnvError(`secret "${name}" not found`);
        }
        const v = ((s.data ?? {}) as Record<string, string>)[key];
        if (v === undefined) {
          if (optional) continue;
          throw new EnvError(`couldn't find key ${key} in Secret ${ns}/${name}`);
        }
        value = decode(v);
      }
    }
    env.set(e.name, value);
  }
  const out: [string, string][] = [...env.entries()];
  for (const [k, v] of serviceVars) if (!env.has(k)) out.push([k, v]);
  return out;
}

/** Expand `$(VAR)` in command and args with the container's environment. */
export function expandCommand(words: string[] | undefined, env: [string, string][]): string[] | undefined {
  if (!words) return undefined;
  const m = new Map(env);
  return words.map((w) => expand(w, (n) => m.get(n)));
}
