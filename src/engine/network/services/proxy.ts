/**
 * kube-proxy, one per node, in iptables mode as kind runs it (src/engine/bootstrap/config.ts:
 * `mode: iptables`, `minSyncPeriod: 1s`). Like the real one it is an API client of its own: it
 * watches Services and EndpointSlices (never Endpoints), and turns them into rules that the node
 * applies to every new connection:
 *
 *   ClusterIP:port    → DNAT to one endpoint, chosen at random with equal probability
 *                       (`-m statistic --mode random`), the seeded Rand standing in for the kernel;
 *                       ClientIP session affinity pins a client to its endpoint for timeoutSeconds.
 *   NodeIP:nodePort   → the same, for connections arriving at the node (the host's curl through
 *                       kind's port mapping, another node, a pod).
 *   no endpoints      → REJECT: the client sees "Connection refused" at once.
 *   an unused port    → REJECT as well (the book's CronJob curling :8081 on a Service that only
 *   of a ClusterIP      has 8080 shows `Connection refused`; iptables mode itself would drop it).
 *   traffic policy    → `Local` keeps only this node's endpoints; none there: DROP (a timeout).
 *
 * Endpoints are the slices' `ready` ones; when a Service has none, kube-proxy falls back to
 * endpoints that are `serving` and `terminating` (KEP-1669), so a rolling update loses no traffic.
 *
 * Rules change only when the proxy syncs: at most once per minSyncPeriod (1 s) after a change
 * (async.BoundedFrequencyRunner), so a pod that turns unready keeps receiving connections for up
 * to a second after its EndpointSlice changed. Between syncs the rules are what they were; when
 * the API server is down, they stay as they are and traffic keeps flowing (chapter 9).
 */
import type { ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import type { Endpoint, EndpointPort } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../../api/types';
import type { SimClock, TimerId } from '../../clock';
import type { ControllerClient } from '../../controllers/framework/client';
import { InformerFactory, type SharedInformer } from '../../controllers/framework/informer';
import type { Logger } from '../../controllers/framework/log';
import { ENDPOINTSLICES, SERVICES } from '../../controllers/framework/resources';
import type { Rand } from '../../rand';
import type { NetNamespace } from '../index';

export const KUBE_PROXY_MIN_SYNC_PERIOD_MS = 1000;
const SLICE_INDEX = 'kube-proxy:service';

type SliceObject = KubeObject & {
  addressType?: string;
  endpoints?: Endpoint[] | null;
  ports?: EndpointPort[] | null;
};
type ServiceObject = KubeObject & { spec?: ServiceSpec };

/** One backend of a Service port. */
export interface ProxyEndpoint {
  ip: string;
  port: number;
  nodeName: string;
  ready: boolean;
  serving: boolean;
  terminating: boolean;
}

/** The rules of one Service port (one KUBE-SVC-… chain). */
export interface PortRule {
  /** `ns/name:portName`, as kube-proxy names it in its comments. */
  name: string;
  protocol: string;
  port: number;
  nodePort: number;
  /** Endpoints for traffic policy Cluster (ready, else serving-terminating). */
  cluster: ProxyEndpoint[];
  internalLocal: boolean;
  externalLocal: boolean;
  affinitySeconds: number;
}

export type RouteDecision = { ip: string; port: number; endpoint: ProxyEndpoint } | 'reject' | 'drop';

interface ServiceRules {
  key: string;
  clusterIPs: string[];
  externalIPs: string[];
  ingressIPs: string[];
  ports: PortRule[];
}

/** What the proxy tells the node's dataplane (the shared pod network) after a sync. */
export interface ProxyDataplane {
  /** The virtual IPs this node now has rules for (ClusterIPs, external IPs, load-balancer IPs). */
  setVirtualIPs(node: string, ips: ReadonlySet<string>): void;
}

const categorize = (eps: ProxyEndpoint[]): ProxyEndpoint[] => {
  const ready = eps.filter((e) => e.ready);
  if (ready.length) return ready;
  return eps.filter((e) => e.serving && e.terminating);
};

export class KubeProxy {
  private readonly informers: InformerFactory;
  private readonly services: SharedInformer<ServiceObject>;
  private readonly slices: SharedInformer<SliceObject>;
  /** Rules in force (what iptables-restore last wrote). */
  private readonly byIP = new Map<string, ServiceRules>();
  private readonly byNodePort = new Map<number, PortRule>();
  private readonly rules = new Map<string, ServiceRules>();
  private readonly dirty = new Set<string>();
  private lastSync = -Infinity;
  private syncTimer: TimerId | undefined;
  private readonly affinity = new Map<string, { endpoint: ProxyEndpoint; until: number }>();
  /** Syncs done (for tests and the benchmark). */
  syncs = 0;
  /** When the last sync ran (simulated ms). */
  lastSyncAt = NaN;

  constructor(
    readonly nodeName: string,
    readonly nodeIP: string,
    private readonly deps: {
      client: ControllerClient;
      clock: SimClock;
      rand: Rand;
      logger: Logger;
      dataplane: ProxyDataplane;
      userAgent: string;
      minSyncPeriodMs?: number;
    },
  ) {
    this.informers = new InformerFactory(deps.client, deps.clock, deps.logger, deps.userAgent);
    this.services = this.informers.informerFor<ServiceObject>(SERVICES);
    this.slices = this.informers.informerFor<SliceObject>(ENDPOINTSLICES);
    this.slices.addIndexers({
      [SLICE_INDEX]: (sl) => {
        const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
        return svc ? [`${sl.metadata.namespace}/${svc}`] : [];
      },
    });
    const svcKey = (s: KubeObject) => `${s.metadata.namespace}/${s.metadata.name}`;
    const sliceKey = (s: KubeObject) => {
      const svc = s.metadata.labels?.['kubernetes.io/service-name'];
      return svc ? `${s.metadata.namespace}/${svc}` : undefined;
    };
    this.services.addEventHandler({
      add: (s) => this.changed(svcKey(s)),
      update: (o, s) => {
        if (o !== s) this.changed(svcKey(s));
      },
      delete: (s) => this.changed(svcKey(s)),
    });
    this.slices.addEventHandler({
      add: (s) => this.changed(sliceKey(s)),
      update: (o, s) => {
        if (o !== s) this.changed(sliceKey(s));
      },
      delete: (s) => this.changed(sliceKey(s)),
    });
  }

  run(): void {
    this.informers.start();
  }

  stop(): void {
    this.informers.stop();
    if (this.syncTimer !== undefined) this.deps.clock.clearTimeout(this.syncTimer);
  }

  private get minSyncPeriod(): number {
    return this.deps.minSyncPeriodMs ?? KUBE_PROXY_MIN_SYNC_PERIOD_MS;
  }

  /** A Service or its slices changed: sync now, or when minSyncPeriod allows. */
  private changed(key: string | undefined): void {
    if (!key) return;
    this.dirty.add(key);
    if (this.syncTimer !== undefined) return;
    const now = this.deps.clock.now();
    const at = Math.max(0, this.lastSync + this.minSyncPeriod - now);
    this.syncTimer = this.deps.clock.setTimeout(
      () => {
        this.syncTimer = undefined;
        this.syncProxyRules();
      },
      at,
      `kube-proxy ${this.nodeName} sync`,
    );
  }

  /** syncProxyRules (partial: only the Services that changed). */
  syncProxyRules(): void {
    this.lastSync = this.deps.clock.now();
    this.lastSyncAt = this.lastSync;
    this.syncs++;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const old = this.rules.get(key);
      if (old) this.unindex(old);
      const svc = this.services.lister.get(key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1));
      const next = svc ? this.build(svc) : undefined;
      if (next) {
        this.rules.set(key, next);
        this.index(next);
      } else this.rules.delete(key);
    }
    this.deps.dataplane.setVirtualIPs(this.nodeName, new Set(this.byIP.keys()));
  }

  private unindex(r: ServiceRules): void {
    for (const ip of [...r.clusterIPs, ...r.externalIPs, ...r.ingressIPs])
      if (this.byIP.get(ip) === r) this.byIP.delete(ip);
    for (const p of r.ports)
      if (p.nodePort && this.byNodePort.get(p.nodePort) === p) this.byNodePort.delete(p.nodePort);
  }

  private index(r: ServiceRules): void {
    for (const ip of [...r.clusterIPs, ...r.externalIPs, ...r.ingressIPs]) this.byIP.set(ip, r);
    for (const p of r.ports) if (p.nodePort) this.byNodePort.set(p.nodePort, p);
  }

  /** The rules of one Service: its IPs, and per port the endpoints of its slices. */
  private build(svc: ServiceObject): ServiceRules | undefined {
    const s = svc.spec ?? {};
    if (s.type === 'ExternalName') return undefined;
    const clusterIPs = (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])).filter(
      (ip) => ip && ip !== 'None',
    );
    if (clusterIPs.length === 0) return undefined; // headless: DNS hands out pod IPs, no proxying
    const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const slices = this.slices.store.byIndex(SLICE_INDEX, key).filter((sl) => sl.addressType !== 'FQDN');
    const ingressIPs =
      s.type === 'LoadBalancer'
        ? (
            (svc.status as { loadBalancer?: { ingress?: { ip?: string }[] } } | undefined)?.loadBalancer
              ?.ingress ?? []
          )
            .map((i) => i.ip ?? '')
            .filter(Boolean)
        : [];
    const ports = (s.ports ?? []).map((sp: ServicePort): PortRule => {
      const eps: ProxyEndpoint[] = [];
      const seen = new Set<string>();
      for (const sl of slices) {
        const port = (sl.ports ?? []).find(
          (p) => (p.name ?? '') === (sp.name ?? '') && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'),
        );
        if (!port || port.port == null) continue;
        for (const ep of sl.endpoints ?? []) {
          const ip = ep.addresses[0];
          if (!ip || seen.has(`${ip}:${port.port}`)) continue;
          seen.add(`${ip}:${port.port}`);
          eps.push({
            ip,
            port: port.port,
            nodeName: ep.nodeName ?? '',
            ready: ep.conditions?.ready !== false,
            serving: ep.conditions?.serving ?? ep.conditions?.ready !== false,
            terminating: ep.conditions?.terminating === true,
          });
        }
      }
      return {
        name: `${key}${sp.name ? ':' + sp.name : ''}`,
        protocol: sp.protocol ?? 'TCP',
        port: sp.port,
        nodePort: s.type === 'NodePort' || s.type === 'LoadBalancer' ? (sp.nodePort ?? 0) : 0,
        cluster: categorize(eps),
        internalLocal: s.internalTrafficPolicy === 'Local',
        externalLocal: s.externalTrafficPolicy === 'Local',
        affinitySeconds:
          s.sessionAffinity === 'ClientIP' ? (s.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800) : 0,
      };
    });
    return { key, clusterIPs, externalIPs: s.externalIPs ?? [], ingressIPs, ports };
  }

  // ---- the dataplane: what happens to a new connection on this node --------------------------

  /** A connection from `from` to a virtual IP this node has rules for. */
  routeVirtual(from: NetNamespace, ip: string, port: number): RouteDecision {
    const r = this.byIP.get(ip);
    if (!r) return 'drop';
    const rule = r.ports.find((p) => p.port === port && p.protocol === 'TCP');
    if (!rule) return 'reject';
    const external = !r.clusterIPs.includes(ip);
    return this.pick(rule, from, external ? rule.externalLocal : rule.internalLocal);
  }

  /** A connection arriving at this node's IP on `port`: a NodePort, or not ours (undefined). */
  routeNodePort(from: NetNamespace, port: number): RouteDecision | undefined {
    const rule = this.byNodePort.get(port);
    if (!rule) return undefined;
    return this.pick(rule, from, rule.externalLocal);
  }

  /** The endpoints a connection may go to, and the chance of each (for the traffic model). */
  distribution(from: NetNamespace, ip: string, port: number): ProxyEndpoint[] | 'reject' | 'drop' {
    const r = this.byIP.get(ip);
    if (!r) return 'drop';
    const rule = r.ports.find((p) => p.port === port && p.protocol === 'TCP');
    if (!rule) return 'reject';
    const eps = this.candidates(rule, rule.internalLocal);
    if (eps.length === 0) return rule.cluster.length === 0 ? 'reject' : 'drop';
    return eps;
  }

  private candidates(rule: PortRule, local: boolean): ProxyEndpoint[] {
    return local ? rule.cluster.filter((e) => e.nodeName === this.nodeName) : rule.cluster;
  }

  private pick(rule: PortRule, from: NetNamespace, local: boolean): RouteDecision {
    if (rule.cluster.length === 0) return 'reject';
    const eps = this.candidates(rule, local);
    if (eps.length === 0) return 'drop';
    const client = from.ips[0] ?? '';
    const now = this.deps.clock.now();
    if (rule.affinitySeconds > 0) {
      const a = this.affinity.get(`${rule.name}|${client}`);
      if (a && a.until > now && eps.includes(a.endpoint)) {
        a.until = now + rule.affinitySeconds * 1000;
        return { ip: a.endpoint.ip, port: a.endpoint.port, endpoint: a.endpoint };
      }
    }
    const ep = eps.length === 1 ? eps[0]! : eps[this.deps.rand.int(eps.length)]!;
    if (rule.affinitySeconds > 0)
      this.affinity.set(`${rule.name}|${client}`, { endpoint: ep, until: now + rule.affinitySeconds * 1000 });
    return { ip: ep.ip, port: ep.port, endpoint: ep };
  }

  /** The rules in force for a virtual IP (diagnostics, tests). */
  rulesFor(ip: string): readonly PortRule[] | undefined {
    return this.byIP.get(ip)?.ports;
  }

  hasSynced(): boolean {
    return this.informers.hasSynced();
  }
}
