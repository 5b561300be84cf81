/** `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]` (create_ingress.go). */
import type { KubeObject } from '../../api/types';
import { objectMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

/** host/path=svcname:svcport, then optionally ,tls[=secret]. */
const RULE_RE = /^([\w*\-.]*)(\/[^,=\n]*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?$/;

export interface IngressOptions {
  name: string;
  className: string;
  rules: string[];
  defaultBackend: string;
  annotations: string[];
}

export function validateIngress(o: IngressOptions): void {
  if (!o.defaultBackend && o.rules.length === 0) {
    throw new GeneratorError(
      'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
    );
  }
  for (const r of o.rules) {
    if (!RULE_RE.test(r)) {
      throw new GeneratorError(
        `rule ${r} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
      );
    }
  }
  for (const a of o.annotations) {
    if (!a.includes('='))
      throw new GeneratorError(`annotation ${a} is invalid and should be in format key=[value]`);
  }
  if (o.defaultBackend && o.defaultBackend.split(':').length !== 2) {
    throw new GeneratorError('default-backend should be in format servicename:serviceport');
  }
}

/** A service backend; the port is a number when it parses as one (intstr.Parse). */
function backend(service: string): Record<string, unknown> {
  const [name, port] = service.split(':') as [string, string];
  const portSpec = /^[+-]?\d+$/.test(port) ? { number: Number(port) } : { name: port };
  return { service: { name, port: portSpec } };
}

function httpPath(pathsvc: string): Record<string, unknown> {
  const split = pathsvc.split('=');
  let path = `/${split[0]}`;
  let pathType = 'Exact';
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backend(split[1]!) };
}

export function generateIngress(o: IngressOptions, env: GeneratorEnv): KubeObject {
  validateIngress(o);
  const annotations: Record<string, string> = {};
  for (const a of o.annotations) {
    const i = a.indexOf('=');
    annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  const spec: Record<string, unknown> = {};
  if (o.className) spec.ingressClassName = o.className;
  if (o.defaultBackend) spec.defaultBackend = backend(o.defaultBackend);
  // TLS: one entry per secret, each host once.
  const tls: { hosts?: string[]; secretName?: string }[] = [];
  const seen = new Set<string>();
  for (const rule of o.rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0]!;
    const eq = parts[1]!.split('=');
    const secret = eq.length > 1 ? eq[1]! : '';
    if (seen.has(host)) continue;
    const idx = tls.findIndex((t) => (t.secretName ?? '') === secret);
    if (idx > -1) {
      (tls[idx]!.hosts ??= []).push(host);
      seen.add(host);
      continue;
    }
    const entry: { hosts?: string[]; secretName?: string } = {};
    if (host) entry.hosts = [host];
    if (secret) entry.secretName = secret;
    if (entry.secretName || entry.hosts) tls.push(entry);
    seen.add(host);
  }
  if (tls.length > 0) spec.tls = tls;
  const rules: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const rule of o.rules) {
    const noTLS = rule.split(',')[0]!;
    const slash = noTLS.indexOf('/');
    const host = noTLS.slice(0, slash);
    const path = httpPath(noTLS.slice(slash + 1));
    const existing = rules.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http.paths.push(path);
      continue;
    }
    rules.push(host ? { host, http: { paths: [path] } } : { http: { paths: [path] } });
  }
  if (rules.length > 0) spec.rules = rules;
  return {
    kind: 'Ingress',
    apiVersion: 'networking.k8s.io/v1',
    metadata: objectMeta(o.name, env.enforcedNamespace, undefined, annotations),
    spec,
    status: { loadBalancer: {} },
  };
}
