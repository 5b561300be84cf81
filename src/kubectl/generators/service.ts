/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME` (create_service.go).
 * Every `--tcp=port[:targetPort]` becomes a TCP port named after the spec with `:` → `-`.
 */
import type { KubeObject } from '../../api/types';
import { objectMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';
import { isDNS1123Subdomain, isValidPortName, isValidPortNum } from '../../apimachinery/validation';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServiceOptions {
  name: string;
  type: ServiceType;
  tcp: string[];
  /** --clusterip (clusterip only); '' when not given. */
  clusterIP: string;
  /** --node-port (nodeport only); 0 when not given. */
  nodePort: number;
  /** --external-name (externalname only). */
  externalName: string;
}

export function validateService(o: ServiceOptions): void {
  if (o.clusterIP === 'None' && o.type !== 'ClusterIP')
    throw new GeneratorError('ClusterIP=None can only be used with ClusterIP service type');
  if (o.clusterIP !== 'None' && o.tcp.length === 0 && o.type !== 'ExternalName')
    throw new GeneratorError('at least one tcp port specifier must be provided');
  if (o.type === 'ExternalName' && isDNS1123Subdomain(o.externalName).length !== 0)
    throw new GeneratorError(`invalid service external name ${o.externalName}`);
}

/** utilsnet.ParsePort(s, allowZero=true): strconv.ParseUint(s, 10, 16) with Go's messages. */
function parsePort(s: string): number {
  if (!/^[0-9]+$/.test(s))
    throw new GeneratorError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n > 65535)
    throw new GeneratorError(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

/** strconv.Atoi: an optional sign and decimal digits. */
function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) ? Number(s) : undefined;
}

function parsePorts(spec: string): [number, number | string] {
  const parts = spec.split(':');
  const port = parsePort(parts[0]!);
  if (parts.length === 1) return [port, port];
  const target = parts[1]!;
  const num = atoi(target);
  if (num === undefined) {
    const errs = isValidPortName(target);
    if (errs.length) throw new GeneratorError(errs.join(','));
    return [port, target];
  }
  const errs = isValidPortNum(num);
  if (errs.length) throw new GeneratorError(errs.join(','));
  return [port, num];
}

export function generateService(o: ServiceOptions, env: GeneratorEnv): KubeObject {
  validateService(o);
  const ports = o.tcp.map((spec) => {
    const [port, targetPort] = parsePorts(spec);
    const p: Record<string, unknown> = {
      name: spec.replace(/:/g, '-'),
      protocol: 'TCP',
      port,
      targetPort,
    };
    if (o.nodePort) p.nodePort = o.nodePort;
    return p;
  });
  const spec: Record<string, unknown> = {};
  if (ports.length > 0) spec.ports = ports;
  spec.selector = { app: o.name };
  if (o.clusterIP) spec.clusterIP = o.clusterIP;
  spec.type = o.type;
  if (o.externalName) spec.externalName = o.externalName;
  return {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: objectMeta(o.name, env.enforcedNamespace, { app: o.name }),
    spec,
    status: { loadBalancer: {} },
  };
}
