/**
 * Service environment variables (pkg/kubelet/envvars.FromServices and the kubelet's
 * getServiceEnvVarMap; reference §11.1). For a container of a pod in `namespace`:
 *
 *  - the master service `default/kubernetes` is always injected, even with enableServiceLinks: false;
 *  - with enableServiceLinks (the default), every Service of the pod's namespace that has a
 *    ClusterIP (not headless, not ExternalName) is injected too;
 *  - per Service: `{SVC}_SERVICE_HOST`, `{SVC}_SERVICE_PORT` (first port), `{SVC}_SERVICE_PORT_{NAME}`
 *    for named ports, and the Docker-link variables `{SVC}_PORT`, `{SVC}_PORT_{port}_{PROTO}[_PROTO|_PORT|_ADDR]`.
 *
 * The kubelet computes these when it creates a container, so a Service created after the
 * container started is not in its environment (until the container restarts). Variables the
 * container sets itself win over these (makeEnvironmentVariables).
 */
import type { Service } from 'kubernetes-types/core/v1';

type ServiceLike = Pick<Service, 'metadata' | 'spec'>;

/** makeEnvVariableName: upper case, `-` → `_`. */
export const envVariableName = (s: string): string => s.toUpperCase().replace(/-/g, '_');

/** IsServiceIPSet. */
const hasClusterIP = (svc: ServiceLike): boolean => !!svc.spec?.clusterIP && svc.spec.clusterIP !== 'None';

/** envvars.FromServices, in Go's order (name, value pairs). */
export function fromServices(services: readonly ServiceLike[]): [string, string][] {
  const out: [string, string][] = [];
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const ports = svc.spec?.ports ?? [];
    if (ports.length === 0) continue;
    const ip = svc.spec!.clusterIP!;
    const prefix = envVariableName(svc.metadata?.name ?? '');
    out.push([`${prefix}_SERVICE_HOST`, ip]);
    out.push([`${prefix}_SERVICE_PORT`, String(ports[0]!.port)]);
    for (const p of ports)
      if (p.name) out.push([`${prefix}_SERVICE_PORT_${envVariableName(p.name)}`, String(p.port)]);
    ports.forEach((p, i) => {
      const proto = p.protocol || 'TCP';
      const url = `${proto.toLowerCase()}://${ip}:${p.port}`;
      if (i === 0) out.push([`${prefix}_PORT`, url]);
      const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.push(
        [pp, url],
        [`${pp}_PROTO`, proto.toLowerCase()],
        [`${pp}_PORT`, String(p.port)],
        [`${pp}_ADDR`, ip],
      );
    });
  }
  return out;
}

/**
 * getServiceEnvVarMap + FromServices: the service variables for a container of a pod in
 * `namespace`, from all Services the kubelet knows (any namespace). Later entries of the same
 * name overwrite earlier ones, as in the kubelet's map.
 */
export function serviceEnvVars(
  services: readonly ServiceLike[],
  namespace: string,
  enableServiceLinks = true,
): [string, string][] {
  const chosen = new Map<string, ServiceLike>();
  for (const svc of services) {
    if (!hasClusterIP(svc)) continue;
    const name = svc.metadata?.name ?? '';
    const ns = svc.metadata?.namespace ?? '';
    if (ns === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, svc);
    } else if (ns === namespace && enableServiceLinks) chosen.set(name, svc);
  }
  const m = new Map<string, string>();
  for (const [k, v] of fromServices([...chosen.values()])) m.set(k, v);
  return [...m.entries()];
}
