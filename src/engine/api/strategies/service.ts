/**
 * The Service strategy: SetDefaults_Service, the REST layer's IP-family defaulting and
 * "patch the allocated values back in" on update (pkg/registry/core/service/storage), and
 * ValidateService / ValidateServiceUpdate.
 *
 * Allocation (ClusterIPs from the service CIDR, NodePorts from 30000-32767) is the simulated
 * network's job: it plugs in a ServiceAllocator (createStrategies({ serviceAllocator })). Without
 * one, only the checks that need no allocator state run (a requested NodePort must be in range).
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import {
  child,
  duplicate,
  forbidden,
  goSyntax,
  index,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortNum,
  validateLabels,
} from '../../../apimachinery/validation';
import { newInvalid } from '../errors';
import type { KindStrategy, StrategyContext } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import { nameIsDNS1035Label, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validatePortNumOrName } from './pod-validation';
import { goStrings, has, invalidStr, parseIP, validateCIDR, validateIP, validateNonSpecialIP } from './util';

/** kube-apiserver's default --service-node-port-range (reference §11.3). */
export const NODE_PORT_RANGE = { base: 30000, size: 2768 };

/**
 * The hook through which the simulated network allocates Service addresses. It runs in
 * PrepareForCreate/PrepareForUpdate after the IP-family fields are set; it fills
 * `spec.clusterIP`/`spec.clusterIPs` (unless `None` or ExternalName) and missing NodePorts, and
 * throws a StatusError (422, e.g. `provided port is already allocated`) when it cannot.
 */
export interface ServiceAllocator {
  allocate(svc: Service, ctx: StrategyContext): void;
  allocateUpdate?(svc: Service, old: Service, ctx: StrategyContext): void;
}

const spec = (obj: KubeObject | Service): ServiceSpec =>
  (has((obj as Service).spec) ? (obj as Service).spec : ((obj as Service).spec = {})) as ServiceSpec;

const externallyAccessible = (s: ServiceSpec): boolean =>
  s.type === 'LoadBalancer' ||
  s.type === 'NodePort' ||
  (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);

const isHeadless = (s: ServiceSpec): boolean =>
  s.type === 'ClusterIP' && (s.clusterIPs ?? []).length === 1 && s.clusterIPs![0] === 'None';

const needsClusterIP = (s: ServiceSpec): boolean => s.type !== 'ExternalName';
const needsNodePort = (s: ServiceSpec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsHealthCheck = (s: ServiceSpec): boolean =>
  s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';

/** SetDefaults_Service (and the declarative port protocol default). */
function defaultService(obj: KubeObject): void {
  const s = spec(obj);
  if (!s.sessionAffinity) s.sessionAffinity = 'None';
  if (s.sessionAffinity === 'None') delete s.sessionAffinityConfig;
  if (s.sessionAffinity === 'ClientIP' && s.sessionAffinityConfig?.clientIP?.timeoutSeconds == null)
    s.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  if (!s.type) s.type = 'ClusterIP';
  for (const p of s.ports ?? []) {
    if (!has(p)) continue;
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort == null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (externallyAccessible(s) && !s.externalTrafficPolicy) s.externalTrafficPolicy = 'Cluster';
  if (
    s.internalTrafficPolicy == null &&
    (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP')
  )
    s.internalTrafficPolicy = 'Cluster';
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts == null)
    s.allocateLoadBalancerNodePorts = true;
  if (s.type === 'LoadBalancer')
    for (const ing of (obj.status as Service['status'])?.loadBalancer?.ingress ?? [])
      if (ing.ip && ing.ipMode == null) ing.ipMode = 'VIP';
}

/** The single-stack (IPv4) cluster's `initIPFamilyFields`. */
function initIPFamilyFields(s: ServiceSpec, old: ServiceSpec | undefined): void {
  if (s.type === 'ExternalName') {
    // The allocator clears these for ExternalName services (validation forbids them otherwise).
    if (old && old.type !== 'ExternalName') {
      delete s.clusterIP;
      delete s.clusterIPs;
      delete s.ipFamilies;
      delete s.ipFamilyPolicy;
    }
    return;
  }
  if (old && old.type !== 'ExternalName') {
    if (s.ipFamilyPolicy == null) s.ipFamilyPolicy = old.ipFamilyPolicy;
    if (s.ipFamilies == null) s.ipFamilies = old.ipFamilies;
  }
  const headlessNoSelector = isHeadless(s) && Object.keys(s.selector ?? {}).length === 0;
  if (s.ipFamilyPolicy == null) s.ipFamilyPolicy = headlessNoSelector ? 'RequireDualStack' : 'SingleStack';
  if (s.ipFamilies == null || s.ipFamilies.length === 0) {
    const first = s.clusterIPs?.[0];
    const ip = first && first !== 'None' ? parseIP(first) : undefined;
    s.ipFamilies = [ip?.length === 16 ? 'IPv6' : 'IPv4'];
  }
}

/** `NormalizeClusterIPs`. */
function normalizeClusterIPs(s: ServiceSpec, old: ServiceSpec | undefined): void {
  if (!old) {
    if (s.clusterIP && !(s.clusterIPs ?? []).length) s.clusterIPs = [s.clusterIP];
    return;
  }
  const same = (): boolean => JSON.stringify(old.clusterIPs ?? []) === JSON.stringify(s.clusterIPs ?? []);
  if (
    (old.clusterIPs ?? []).length > 0 &&
    !(s.clusterIPs ?? []).length &&
    (old.clusterIP ?? '') === (s.clusterIP ?? '')
  )
    s.clusterIPs = old.clusterIPs;
  if ((old.clusterIP ?? '') !== (s.clusterIP ?? '')) {
    if (old.clusterIP && !s.clusterIP) {
      if (same()) delete s.clusterIPs;
    } else if (same()) s.clusterIPs = [s.clusterIP!];
  }
}

/** `patchAllocatedValues`: fields the server allocated that an update left out are kept. */
function patchAllocatedValues(s: ServiceSpec, old: ServiceSpec): void {
  if (needsClusterIP(old) && needsClusterIP(s)) {
    if (!s.clusterIP && old.clusterIP) s.clusterIP = old.clusterIP;
    if (!(s.clusterIPs ?? []).length && (old.clusterIPs ?? []).length) s.clusterIPs = old.clusterIPs;
  }
  if (needsNodePort(old) && needsNodePort(s)) {
    const used = (ports: ServicePort[] | undefined): Set<number> =>
      new Set((ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n));
    const oldUsed = used(old.ports);
    const newUsed = used(s.ports);
    const both = new Set([...oldUsed].filter((n) => newUsed.has(n)));
    const byName = new Map((old.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of s.ports ?? []) {
      if (p.nodePort) continue;
      const v = byName.get(p.name ?? '') ?? 0;
      if (v && !both.has(v)) p.nodePort = v;
    }
  }
  if (needsHealthCheck(old) && needsHealthCheck(s) && !s.healthCheckNodePort)
    s.healthCheckNodePort = old.healthCheckNodePort;
}

/** What the allocator checks without allocator state: requested NodePorts must be in range. */
function checkNodePortRange(obj: KubeObject): void {
  const s = spec(obj);
  const errs: FieldError[] = [];
  const { base, size } = NODE_PORT_RANGE;
  (s.ports ?? []).forEach((p, i) => {
    const n = p.nodePort ?? 0;
    if (n && (n < base || n >= base + size))
      errs.push(
        invalid(
          `spec.ports[${i}].nodePort`,
          n,
          `provided port is not in the valid range. The range of valid ports is ${base}-${base + size - 1}`,
        ),
      );
  });
  if (errs.length) throw newInvalid('', 'Service', obj.metadata.name ?? '', errs);
}

const SESSION_AFFINITIES = ['ClientIP', 'None'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateServicePort(
  p: ServicePort,
  requireName: boolean,
  names: Set<string>,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(path, 'name')));
  else if (p.name) {
    errs.push(...isDNS1123Label(p.name).map((m) => invalidStr(child(path, 'name'), p.name!, m)));
    if (names.has(p.name)) errs.push(duplicate(child(path, 'name'), p.name));
    else names.add(p.name);
  }
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(invalid(child(path, 'port'), p.port ?? 0, m));
  if (!p.protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(child(path, 'protocol'), p.protocol, PROTOCOLS));
  errs.push(...validatePortNumOrName(p.targetPort ?? 0, child(path, 'targetPort')));
  if (p.appProtocol != null)
    errs.push(
      ...isQualifiedName(p.appProtocol).map((m) => invalidStr(child(path, 'appProtocol'), p.appProtocol!, m)),
    );
  return errs;
}

/** Go's `%#v` of a core.ServicePort used as a duplicate key ({Protocol, Port} only). */
const goServicePortKey = (p: ServicePort): string =>
  `core.ServicePort{Name:"", Protocol:${JSON.stringify(p.protocol ?? '')}, AppProtocol:(*string)(nil), Port:${p.port ?? 0}, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`;

function validateClusterIPs(s: ServiceSpec): FieldError[] {
  if (s.type === 'ExternalName') return [];
  const errs: FieldError[] = [];
  const ips = s.clusterIPs ?? [];
  const ipsValue = goSyntax(goStrings(s.clusterIPs));
  if (s.clusterIP) {
    if (!ips.length) errs.push(required('spec.clusterIPs'));
    else if (ips[0] !== s.clusterIP)
      errs.push(invalid('spec.clusterIPs', ipsValue, 'first value must match `clusterIP`'));
  } else if (ips.length)
    errs.push(invalid('spec.clusterIPs', ipsValue, 'must be empty when `clusterIP` is not specified'));
  const seen = new Set<string>();
  (s.ipFamilies ?? []).forEach((f, i) => {
    if (f !== 'IPv4' && f !== 'IPv6') errs.push(notSupported(`spec.ipFamilies[${i}]`, f, ['IPv4', 'IPv6']));
    if (seen.has(f)) errs.push(duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  const policies = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
  if (s.ipFamilyPolicy != null && !policies.includes(s.ipFamilyPolicy))
    errs.push(notSupported('spec.ipFamilyPolicy', s.ipFamilyPolicy, policies));
  let bad = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        bad = true;
        errs.push(invalid('spec.clusterIPs', ipsValue, "'None' must be the first and only value"));
      }
      return;
    }
    const e = validateIP(`spec.clusterIPs[${i}]`, ip);
    if (e.length) bad = true;
    errs.push(...e);
  });
  if (ips.length > 2) errs.push(invalid('spec.clusterIPs', ipsValue, 'may only hold up to 2 values'));
  if (bad) return errs;
  if (ips.length > 1) {
    const fams = ips.map((ip) => parseIP(ip)?.length);
    if (fams[0] === fams[1])
      errs.push(invalid('spec.clusterIPs', ipsValue, 'may specify no more than one IP for each IP family'));
  }
  if (!isHeadless(s) && ips.length && (s.ipFamilies ?? []).length)
    ips.forEach((ip, i) => {
      const fam = s.ipFamilies?.[i];
      if (fam === undefined) return;
      const v6 = parseIP(ip)?.length === 16;
      if (fam === 'IPv4' && v6)
        errs.push(
          invalidStr(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      if (fam === 'IPv6' && !v6)
        errs.push(
          invalidStr(
            `spec.clusterIPs[${i}]`,
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
    });
  return errs;
}

/** `ValidateService`. */
function validateService(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNS1035Label);
  const s = spec(obj);
  const ports = s.ports ?? [];
  if (ports.length === 0 && !isHeadless(s) && s.type !== 'ExternalName') errs.push(required('spec.ports'));
  switch (s.type) {
    case 'LoadBalancer':
    case 'NodePort':
      if (isHeadless(s))
        errs.push(
          invalidStr('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${s.type} services`),
        );
      break;
    case 'ExternalName': {
      if ((s.clusterIPs ?? []).length)
        errs.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
      if ((s.ipFamilies ?? []).length)
        errs.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
      if (s.ipFamilyPolicy != null)
        errs.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
      const cname = (s.externalName ?? '').replace(/\.$/, '');
      if (cname)
        errs.push(...isDNS1123Subdomain(cname).map((m) => invalidStr('spec.externalName', cname, m)));
      else errs.push(required('spec.externalName'));
      break;
    }
  }
  const names = new Set<string>();
  ports.forEach((p, i) =>
    errs.push(...validateServicePort(p, ports.length > 1, names, index('spec.ports', i))),
  );
  if (s.selector != null) errs.push(...validateLabels(s.selector, 'spec.selector'));
  if (!s.sessionAffinity) errs.push(required('spec.sessionAffinity'));
  else if (!SESSION_AFFINITIES.includes(s.sessionAffinity))
    errs.push(notSupported('spec.sessionAffinity', s.sessionAffinity, SESSION_AFFINITIES));
  if (s.sessionAffinity === 'ClientIP') {
    const cfg = s.sessionAffinityConfig;
    const p = 'spec.sessionAffinityConfig';
    if (!cfg) errs.push(required(p, 'when session affinity type is ClientIP'));
    else if (!cfg.clientIP) errs.push(required(`${p}.clientIP`, 'when session affinity type is ClientIP'));
    else if (cfg.clientIP.timeoutSeconds == null)
      errs.push(required(`${p}.clientIP.timeoutSeconds`, 'when session affinity type is ClientIP'));
    else if (cfg.clientIP.timeoutSeconds <= 0 || cfg.clientIP.timeoutSeconds > 86400)
      errs.push(
        invalid(
          `${p}.clientIP.timeoutSeconds`,
          cfg.clientIP.timeoutSeconds,
          'must be greater than 0 and less than 86400',
        ),
      );
  } else if (s.sessionAffinity === 'None' && s.sessionAffinityConfig != null) {
    errs.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  }
  errs.push(...validateClusterIPs(s));
  (s.externalIPs ?? []).forEach((ip, i) => {
    const e = validateIP(`spec.externalIPs[${i}]`, ip);
    errs.push(...(e.length ? e : validateNonSpecialIP(`spec.externalIPs[${i}]`, ip)));
  });
  if (!s.type) errs.push(required('spec.type'));
  else if (!SERVICE_TYPES.includes(s.type)) errs.push(notSupported('spec.type', s.type, SERVICE_TYPES));
  if (s.type === 'ClusterIP')
    ports.forEach((p, i) => {
      if (p.nodePort)
        errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    });
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    if (!p.nodePort) return;
    const k = `${p.protocol}/${p.nodePort}`;
    if (nodePorts.has(k)) errs.push(duplicate(`spec.ports[${i}].nodePort`, p.nodePort));
    nodePorts.add(k);
  });
  const seenPorts = new Set<string>();
  ports.forEach((p, i) => {
    const k = `${p.protocol}/${p.port}`;
    if (seenPorts.has(k)) errs.push(duplicate(`spec.ports[${i}]`, goSyntax(goServicePortKey(p))));
    seenPorts.add(k);
  });
  if ((s.loadBalancerSourceRanges ?? []).length) {
    if (s.type !== 'LoadBalancer')
      errs.push(forbidden('spec.LoadBalancerSourceRanges', "may only be used when `type` is 'LoadBalancer'"));
    s.loadBalancerSourceRanges!.forEach((v, i) =>
      errs.push(...validateCIDR(`spec.LoadBalancerSourceRanges[${i}]`, v.trim())),
    );
  }
  if (s.allocateLoadBalancerNodePorts != null && s.type !== 'LoadBalancer')
    errs.push(
      forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"),
    );
  if (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts == null)
    errs.push(required('allocateLoadBalancerNodePorts'));
  if (s.loadBalancerClass != null) {
    if (s.type !== 'LoadBalancer')
      errs.push(forbidden('spec.loadBalancerClass', "may only be used when `type` is 'LoadBalancer'"));
    else
      errs.push(
        ...isQualifiedName(s.loadBalancerClass).map((m) =>
          invalidStr('spec.loadBalancerClass', s.loadBalancerClass!, m),
        ),
      );
  }
  // validateServiceExternalTrafficPolicy
  if (!externallyAccessible(s)) {
    if (s.externalTrafficPolicy)
      errs.push(
        invalidStr(
          'spec.externalTrafficPolicy',
          s.externalTrafficPolicy,
          'may only be set for externally-accessible services',
        ),
      );
  } else if (!s.externalTrafficPolicy) errs.push(required('spec.externalTrafficPolicy'));
  else if (!['Cluster', 'Local'].includes(s.externalTrafficPolicy))
    errs.push(notSupported('spec.externalTrafficPolicy', s.externalTrafficPolicy, ['Cluster', 'Local']));
  if (!needsHealthCheck(s)) {
    if (s.healthCheckNodePort)
      errs.push(
        invalid(
          'spec.healthCheckNodePort',
          s.healthCheckNodePort,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
  } else if (!s.healthCheckNodePort) errs.push(required('spec.healthCheckNodePort'));
  else
    for (const m of isValidPortNum(s.healthCheckNodePort))
      errs.push(invalid('spec.healthCheckNodePort', s.healthCheckNodePort, m));
  // validateServiceInternalTrafficFieldsValue
  if (s.internalTrafficPolicy == null) {
    if (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.type === 'ClusterIP')
      errs.push(required('spec.internalTrafficPolicy'));
  } else if (!['Cluster', 'Local'].includes(s.internalTrafficPolicy))
    errs.push(notSupported('spec.internalTrafficPolicy', s.internalTrafficPolicy, ['Cluster', 'Local']));
  if (s.trafficDistribution != null && s.trafficDistribution !== 'PreferClose')
    errs.push(notSupported('spec.trafficDistribution', s.trafficDistribution, ['PreferClose']));
  return errs;
}

/** `validateUpgradeDowngradeClusterIPs` (single-stack view) and `validateUpgradeDowngradeIPFamilies`. */
function validateClusterIPsUpdate(s: ServiceSpec, old: ServiceSpec): FieldError[] {
  if (s.type === 'ExternalName' || old.type === 'ExternalName') return [];
  if (isHeadless(s) && isHeadless(old)) return [];
  const errs: FieldError[] = [];
  const oldIPs = old.clusterIPs ?? [];
  const ips = s.clusterIPs ?? [];
  const value = goSyntax(goStrings(s.clusterIPs));
  if (oldIPs.length === ips.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== ips[i]) errs.push(invalid(index('spec.clusterIPs', i), value, 'may not change once set'));
    });
  } else if (oldIPs.length > ips.length) {
    if (ips.length === 0)
      errs.push(invalid('spec.clusterIPs[0]', value, 'primary clusterIP can not be unset'));
    if (oldIPs.length > 0 && ips.length > 0 && ips[0] !== oldIPs[0])
      errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
    if (ips.length === 1 && s.ipFamilyPolicy !== 'SingleStack')
      errs.push(
        invalid(
          'spec.clusterIPs[0]',
          value,
          "`ipFamilyPolicy` must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
  } else if (oldIPs.length > 0 && ips[0] !== oldIPs[0]) {
    errs.push(invalid('spec.clusterIPs[0]', value, 'may not change once set'));
  }
  const oldFams = old.ipFamilies ?? [];
  const fams = s.ipFamilies ?? [];
  if (oldFams.length && fams.length && oldFams[0] !== fams[0])
    errs.push(
      invalid(
        'spec.ipFamilies[0]',
        goSyntax(goStrings(s.ipFamilies, '[]core.IPFamily')),
        'may not change once set',
      ),
    );
  return errs;
}

export function createServiceStrategy(allocator?: ServiceAllocator): KindStrategy {
  return {
    hasStatus: true,
    default(obj) {
      canonicalizeQuantities('/Service', obj);
      defaultService(obj);
    },
    prepareForCreate(obj, ctx) {
      const s = spec(obj);
      obj.status = { loadBalancer: {} };
      normalizeClusterIPs(s, undefined);
      initIPFamilyFields(s, undefined);
      checkNodePortRange(obj);
      allocator?.allocate(obj as unknown as Service, ctx);
    },
    prepareForUpdate(obj, old, ctx) {
      const s = spec(obj);
      const o = spec(old);
      normalizeClusterIPs(s, o);
      patchAllocatedValues(s, o);
      initIPFamilyFields(s, o);
      checkNodePortRange(obj);
      allocator?.allocateUpdate?.(obj as unknown as Service, old as unknown as Service, ctx);
    },
    validate: validateService,
    validateUpdate(obj, old) {
      const s = spec(obj);
      const o = spec(old);
      const errs = validateObjectMetaUpdate(obj, old);
      errs.push(...validateClusterIPsUpdate(s, o));
      if (
        s.loadBalancerClass !== o.loadBalancerClass &&
        o.type === 'LoadBalancer' &&
        s.type === 'LoadBalancer'
      )
        errs.push(invalid('spec.loadBalancerClass', s.loadBalancerClass ?? null, 'may not change once set'));
      if (needsHealthCheck(o) && needsHealthCheck(s) && s.healthCheckNodePort !== o.healthCheckNodePort)
        errs.push(forbidden('spec.healthCheckNodePort', 'field is immutable'));
      return errs.concat(validateService(obj));
    },
  };
}
