/**
 * Cluster DNS: CoreDNS's `kubernetes` plugin as kind's Corefile configures it
 * (`kubernetes cluster.local in-addr.arpa ip6.arpa { pods insecure; ttl 30 }`, `forward . /etc/resolv.conf`),
 * and the stub resolvers of the images (musl's getaddrinfo, busybox's nslookup).
 *
 * CoreDNS is an API client: it watches Services, EndpointSlices and Namespaces and answers from
 * them (reference §11.2):
 *
 *   <svc>.<ns>.svc.cluster.local            A: the ClusterIP; headless: the ready endpoints' IPs
 *   <svc>.<ns>.svc.cluster.local            ExternalName: CNAME to spec.externalName (+ its A records)
 *   <hostname>.<svc>.<ns>.svc.cluster.local A: the endpoint with that hostname (StatefulSets)
 *   _<port>._<proto>.<svc>.<ns>.svc.cluster.local  SRV
 *   <a-b-c-d>.<ns>.pod.cluster.local        A: a.b.c.d (`pods insecure`: not checked)
 *   d.c.b.a.in-addr.arpa                    PTR: Service FQDN for a ClusterIP, endpoint name for a pod IP
 *   anything else                           forwarded upstream (a small simulated Internet)
 *
 * Queries are answered only when they reach a DNS server: the stub sends them to the nameserver
 * of the pod's /etc/resolv.conf (10.96.0.10, the kube-dns Service), which kube-proxy DNATs to a
 * CoreDNS pod; if no CoreDNS pod listens there (scaled to zero, not ready, crashed) names do not
 * resolve ("connection timed out; no servers could be reached"), as on a real cluster.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { Endpoint } from 'kubernetes-types/discovery/v1';
import type { KubeObject } from '../../../api/types';
import type { SimClock } from '../../clock';
import type { ControllerClient } from '../../controllers/framework/client';
import { InformerFactory, type SharedInformer } from '../../controllers/framework/informer';
import type { Logger } from '../../controllers/framework/log';
import { ENDPOINTSLICES, NAMESPACES, SERVICES } from '../../controllers/framework/resources';
import type { NetNamespace, PodNetwork, ResolveResult } from '../index';

export const CLUSTER_DOMAIN = 'cluster.local';
/** The docker network's gateway: the nodes' (and hostNetwork pods') nameserver. */
export const DOCKER_GATEWAY = '172.18.0.1';
/** musl/busybox retry: 2 attempts of 5 s (resolv.conf defaults timeout:5 attempts:2). */
export const DNS_TIMEOUT_MS = 10_000;

export type RRType = 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'SRV' | 'TXT' | 'MX' | 'NS' | 'SOA' | 'ANY';

export interface ResourceRecord {
  name: string;
  type: RRType;
  ttl: number;
  /** A/AAAA: the address; CNAME/PTR/NS: the target name; SRV: `priority weight port target`. */
  data: string;
}

export interface DnsReply {
  rcode: 'NOERROR' | 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED';
  /** The `aa` bit: CoreDNS is authoritative for cluster.local; forwarded answers are not. */
  authoritative: boolean;
  answers: ResourceRecord[];
}

/** A reply, or why none came: the server port is closed (refused) or nothing answers (timeout). */
export type DnsOutcome = DnsReply | 'timeout' | 'refused';

type ServiceObject = Service & KubeObject;
type SliceObject = KubeObject & {
  endpoints?: Endpoint[] | null;
  ports?: { name?: string; port?: number; protocol?: string }[] | null;
};

/**
 * The simulated Internet's DNS (what `forward . /etc/resolv.conf` reaches through Docker):
 * a few well-known names with addresses they had in 2024–2025. Other names do not exist.
 */
export const UPSTREAM_RECORDS: Readonly<Record<string, { a?: string[]; aaaa?: string[]; cname?: string }>> = {
  'google.com': { a: ['142.250.196.110'], aaaa: ['2404:6800:4004:827::200e'] },
  'www.google.com': { a: ['142.250.207.4'], aaaa: ['2404:6800:4004:81d::2004'] },
  'example.com': { a: ['93.184.215.14'], aaaa: ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'] },
  'www.example.com': { cname: 'www.example.com-v4.edgesuite.net' },
  'www.example.com-v4.edgesuite.net': { cname: 'a1422.dscr.akamai.net' },
  'a1422.dscr.akamai.net': { a: ['23.215.0.136', '23.215.0.138'] },
  'kubernetes.io': { a: ['15.197.167.90', '3.33.186.135'] },
  'github.com': { a: ['20.27.177.113'] },
  'registry.k8s.io': { a: ['34.96.108.209'], aaaa: ['2600:1901:0:bbc4::'] },
  'registry-1.docker.io': { a: ['54.236.113.205', '44.208.254.194', '3.94.224.37'] },
  'docker.io': { a: ['54.236.113.205'] },
};

/** Answer from the simulated upstream (recursion done, not authoritative). */
export function upstreamQuery(qname: string, qtype: RRType): DnsReply {
  const answers: ResourceRecord[] = [];
  let name = qname;
  for (let hops = 0; hops < 8; hops++) {
    const rec = UPSTREAM_RECORDS[name];
    if (!rec)
      return hops === 0
        ? { rcode: 'NXDOMAIN', authoritative: false, answers: [] }
        : { rcode: 'NOERROR', authoritative: false, answers };
    if (rec.cname && qtype !== 'CNAME') {
      answers.push({ name, type: 'CNAME', ttl: 300, data: rec.cname });
      name = rec.cname;
      continue;
    }
    const list = qtype === 'A' ? rec.a : qtype === 'AAAA' ? rec.aaaa : undefined;
    for (const ip of list ?? []) answers.push({ name, type: qtype, ttl: 300, data: ip });
    return { rcode: 'NOERROR', authoritative: false, answers };
  }
  return { rcode: 'SERVFAIL', authoritative: false, answers: [] };
}

const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** CoreDNS's view of the cluster (one cache shared by the CoreDNS replicas). */
export class ClusterDNS {
  private readonly informers: InformerFactory;
  private readonly services: SharedInformer<ServiceObject>;
  private readonly slices: SharedInformer<SliceObject>;
  private readonly namespaces: SharedInformer;

  constructor(
    client: ControllerClient,
    clock: SimClock,
    logger: Logger,
    readonly domain = CLUSTER_DOMAIN,
  ) {
    this.informers = new InformerFactory(
      client,
      clock,
      logger,
      'coredns/v1.11.3 (linux/amd64) kubernetes/a6338e9',
    );
    this.services = this.informers.informerFor<ServiceObject>(SERVICES);
    this.slices = this.informers.informerFor<SliceObject>(ENDPOINTSLICES);
    this.namespaces = this.informers.informerFor(NAMESPACES);
    this.slices.addIndexers({
      'coredns:service': (sl) => {
        const svc = sl.metadata.labels?.['kubernetes.io/service-name'];
        return svc ? [`${sl.metadata.namespace}/${svc}`] : [];
      },
    });
  }

  run(): void {
    this.informers.start();
  }

  stop(): void {
    this.informers.stop();
  }

  private endpointsOf(ns: string, svc: string): { ip: string; hostname?: string; ready: boolean }[] {
    const out: { ip: string; hostname?: string; ready: boolean }[] = [];
    const seen = new Set<string>();
    for (const sl of this.slices.store.byIndex('coredns:service', `${ns}/${svc}`))
      for (const ep of sl.endpoints ?? []) {
        const ip = ep.addresses[0];
        if (!ip || seen.has(ip)) continue;
        seen.add(ip);
        out.push({ ip, hostname: ep.hostname ?? undefined, ready: ep.conditions?.ready !== false });
      }
    return out;
  }

  /** One query, as the CoreDNS server block `.:53` answers it. */
  query(rawName: string, qtype: RRType): DnsReply {
    const qname = rawName.toLowerCase().replace(/\.$/, '');
    const zone = this.domain;
    if (qname === zone || qname.endsWith('.' + zone)) return this.kubernetes(qname, qtype);
    if (qname.endsWith('.in-addr.arpa')) {
      const reply = this.reverse(qname);
      if (reply) return reply;
    }
    return upstreamQuery(qname, qtype);
  }

  private nodata(): DnsReply {
    return { rcode: 'NOERROR', authoritative: true, answers: [] };
  }

  private nx(): DnsReply {
    return { rcode: 'NXDOMAIN', authoritative: true, answers: [] };
  }

  /** The `kubernetes` plugin for names in cluster.local. */
  private kubernetes(qname: string, qtype: RRType): DnsReply {
    const labels = qname
      .slice(0, Math.max(0, qname.length - this.domain.length - 1))
      .split('.')
      .filter(Boolean);
    if (labels.length === 0) return this.nodata();
    const kind = labels[labels.length - 1];
    const rest = labels.slice(0, -1);
    const ttl = 30;
    if (kind === 'pod') {
      if (rest.length === 0) return this.nodata();
      if (rest.length !== 2) return this.nx();
      const [dashed, ns] = rest as [string, string];
      if (!this.namespaces.lister.get('', ns)) return this.nx();
      const ip = dashed.replace(/-/g, '.');
      if (!ipv4.test(ip)) return this.nx();
      return qtype === 'A'
        ? { rcode: 'NOERROR', authoritative: true, answers: [{ name: qname, type: 'A', ttl, data: ip }] }
        : this.nodata();
    }
    if (kind !== 'svc') return this.nx();
    if (rest.length === 0) return this.nodata();
    const ns = rest[rest.length - 1]!;
    if (!this.namespaces.lister.get('', ns)) return this.nx();
    if (rest.length === 1) return this.nodata();
    let svcName = rest[rest.length - 2]!;
    const prefix = rest.slice(0, -2);
    // SRV: _port._proto.svc.ns.svc.cluster.local
    if (prefix.length === 2 && prefix[0]!.startsWith('_') && prefix[1]!.startsWith('_')) {
      const svc = this.services.lister.get(ns, svcName);
      if (!svc) return this.nx();
      const port = (svc.spec?.ports ?? []).find(
        (p) => p.name === prefix[0]!.slice(1) && (p.protocol ?? 'TCP').toLowerCase() === prefix[1]!.slice(1),
      );
      if (!port) return this.nx();
      if (qtype !== 'SRV') return this.nodata();
      const target = `${svcName}.${ns}.svc.${this.domain}`;
      return {
        rcode: 'NOERROR',
        authoritative: true,
        answers: [{ name: qname, type: 'SRV', ttl, data: `0 100 ${port.port} ${target}` }],
      };
    }
    if (prefix.length > 1) return this.nx();
    const svc = this.services.lister.get(ns, svcName);
    if (!svc) return this.nx();
    const spec = svc.spec ?? {};
    if (prefix.length === 1) {
      // <hostname or dashed ip>.<headless svc>
      const host = prefix[0]!;
      const ep = this.endpointsOf(ns, svcName).find((e) => (e.hostname ?? e.ip.replace(/\./g, '-')) === host);
      if (!ep) return this.nx();
      return qtype === 'A'
        ? { rcode: 'NOERROR', authoritative: true, answers: [{ name: qname, type: 'A', ttl, data: ep.ip }] }
        : this.nodata();
    }
    svcName = svc.metadata.name ?? svcName;
    if (spec.type === 'ExternalName') {
      const target = (spec.externalName ?? '').replace(/\.$/, '');
      const answers: ResourceRecord[] = [{ name: qname, type: 'CNAME', ttl, data: target }];
      if (qtype !== 'CNAME') answers.push(...this.query(target, qtype).answers);
      return { rcode: 'NOERROR', authoritative: true, answers };
    }
    if (qtype !== 'A') return this.nodata();
    if (spec.clusterIP && spec.clusterIP !== 'None')
      return {
        rcode: 'NOERROR',
        authoritative: true,
        answers: [{ name: qname, type: 'A', ttl, data: spec.clusterIP }],
      };
    // headless: the ready endpoints (all of them with publishNotReadyAddresses)
    const eps = this.endpointsOf(ns, svcName).filter((e) => e.ready || spec.publishNotReadyAddresses);
    if (eps.length === 0) return this.nx();
    return {
      rcode: 'NOERROR',
      authoritative: true,
      answers: eps.map((e) => ({ name: qname, type: 'A' as const, ttl, data: e.ip })),
    };
  }

  /** PTR for ClusterIPs and endpoint IPs (`fallthrough in-addr.arpa`: others go upstream). */
  private reverse(qname: string): DnsReply | undefined {
    const parts = qname.replace(/\.in-addr\.arpa$/, '').split('.');
    if (parts.length !== 4) return undefined;
    const ip = parts.reverse().join('.');
    for (const svc of this.services.lister.list())
      if (svc.spec?.clusterIP === ip)
        return {
          rcode: 'NOERROR',
          authoritative: true,
          answers: [
            {
              name: qname,
              type: 'PTR',
              ttl: 30,
              data: `${svc.metadata.name}.${svc.metadata.namespace}.svc.${this.domain}`,
            },
          ],
        };
    for (const sl of this.slices.lister.list())
      for (const ep of sl.endpoints ?? [])
        if (ep.addresses[0] === ip) {
          const svc = sl.metadata.labels?.['kubernetes.io/service-name'] ?? '';
          const host = ep.hostname ?? ip.replace(/\./g, '-');
          return {
            rcode: 'NOERROR',
            authoritative: true,
            answers: [
              {
                name: qname,
                type: 'PTR',
                ttl: 30,
                data: `${host}.${svc}.${sl.metadata.namespace}.svc.${this.domain}`,
              },
            ],
          };
        }
    return undefined;
  }
}

// ---- /etc/resolv.conf and the stub resolver ----------------------------------------------------

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const line of text.split('\n')) {
    const f = line
      .replace(/[#;].*/, '')
      .trim()
      .split(/\s+/);
    if (f[0] === 'nameserver' && f[1]) conf.nameservers.push(f[1]);
    else if ((f[0] === 'search' || f[0] === 'domain') && f.length > 1) conf.search = f.slice(1);
    else if (f[0] === 'options')
      for (const o of f.slice(1)) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) conf.ndots = Math.min(15, Number(m[1]));
      }
  }
  return conf;
}

/** The resolv.conf the kubelet writes for a ClusterFirst pod of `namespace` (kind: 10.96.0.10). */
export function clusterFirstResolvConf(
  namespace: string,
  domain = CLUSTER_DOMAIN,
  nameserver = '10.96.0.10',
): ResolvConf {
  return {
    nameservers: [nameserver],
    search: [`${namespace}.svc.${domain}`, `svc.${domain}`, domain],
    ndots: 5,
  };
}

/**
 * The names a stub resolver tries, in order (musl's name_from_dns_search): with fewer dots than
 * ndots, each search domain, then the name itself; otherwise the name only. A trailing dot makes
 * the name absolute.
 */
export function searchCandidates(name: string, conf: ResolvConf): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1)];
  const dots = name.split('.').length - 1;
  if (dots >= conf.ndots) return [name];
  return [...conf.search.map((d) => `${name}.${d}`), name];
}

/** Sends queries from a network namespace to a nameserver, through the pod network (and kube-proxy). */
export class DnsTransport {
  constructor(
    private readonly network: PodNetwork,
    private readonly dns: ClusterDNS,
  ) {}

  /** One query to `server:53`. */
  query(from: NetNamespace, server: string, name: string, qtype: RRType): DnsOutcome {
    if (server === DOCKER_GATEWAY) return upstreamQuery(name.toLowerCase().replace(/\.$/, ''), qtype);
    const r = this.network.route(from, server, 53);
    if ('error' in r) return r.error === 'refused' ? 'refused' : 'timeout';
    return this.dns.query(name, qtype);
  }

  /**
   * getaddrinfo(name) for IPv4 as musl does it: every candidate of the search list in turn, the
   * first one with addresses wins; NXDOMAIN moves on; no server answering ends it.
   */
  resolve(from: NetNamespace, name: string, conf: ResolvConf): ResolveResult {
    if (conf.nameservers.length === 0) conf = { ...conf, nameservers: ['127.0.0.1'] };
    for (const candidate of searchCandidates(name, conf)) {
      let reply: DnsOutcome = 'timeout';
      for (const ns of conf.nameservers.slice(0, 3)) {
        reply = this.query(from, ns, candidate, 'A');
        if (typeof reply !== 'string') break;
      }
      if (typeof reply === 'string') return { ok: false, error: 'timeout' };
      if (reply.rcode === 'SERVFAIL' || reply.rcode === 'REFUSED') return { ok: false, error: 'SERVFAIL' };
      const ips = reply.answers.filter((a) => a.type === 'A').map((a) => a.data);
      if (ips.length) return { ok: true, ips };
    }
    return { ok: false, error: 'NXDOMAIN' };
  }
}

/** The resolv.conf a network namespace's processes use when the caller does not pass theirs. */
export function defaultResolvConf(from: NetNamespace): ResolvConf {
  const m = /^pod ([^/]+)\//.exec(from.owner);
  if (m) return clusterFirstResolvConf(m[1]!);
  return { nameservers: [DOCKER_GATEWAY], search: [], ndots: 0 };
}
