/**
 * Services on the pod network: the composition of everything between "a Service exists in the
 * API" and "a packet reaches a pod".
 *
 *   API ──► kube-proxy (one per node) ──► rules ──► PodNetwork virtual IPs (ClusterIP DNAT) and
 *                                                   node IPs (NodePort DNAT)
 *   API ──► CoreDNS (ClusterDNS) ──► PodNetwork resolver (search list, ndots, via kube-dns:53)
 *   host ──► docker-proxy (kind's extraPortMappings) ──► node IP:containerPort
 *   kubectl port-forward ──► pods/portforward ──► the pod's localhost:port
 *
 * Who builds it: the composition root (src/engine/cluster.ts) once the kubelets exist, with the
 * pod network they share: `startServiceNetwork(...)`. The Service allocator is separate
 * (./allocator.ts): the API server needs it from the first request.
 *
 * Layout of this folder: allocator.ts (ClusterIP/NodePort allocation), proxy.ts (kube-proxy),
 * dns.ts (CoreDNS, stub resolver), nslookup.ts (busybox's nslookup output), envvars.ts (service
 * environment variables), portforward.ts (the portforward stream and docker-proxy), traffic.ts
 * (request rates through Services).
 */
import type { KubeObject } from '../../../api/types';
import type { SimClock } from '../../clock';
import type { ControllerClient } from '../../controllers/framework/client';
import type { Logger } from '../../controllers/framework/log';
import { nodeIP as presetNodeIP, podCIDR as presetPodCIDR } from '../../bootstrap/nodes';
import type { Rand } from '../../rand';
import type { ClusterPreset } from '../../types';
import { cidrContains, type NetNamespace, type PodNetwork, type ResolveResult } from '../index';
import {
  ClusterDNS,
  defaultResolvConf,
  DnsTransport,
  DOCKER_GATEWAY,
  parseResolvConf,
  type DnsOutcome,
  type RRType,
} from './dns';
import { LoadBalancerController } from './loadbalancer';
import { KubeProxy, type ProxyEndpoint, type RouteDecision } from './proxy';
import { TrafficModel } from './traffic';

export const KUBE_PROXY_USER_AGENT = 'kube-proxy/v1.32.2 (linux/amd64) kubernetes/67a30c0';

export interface ServiceNetworkDeps {
  network: PodNetwork;
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  logger: Logger;
  preset: ClusterPreset;
  /** kube-proxy's minSyncPeriod (default 1 s, as kind configures it). */
  minSyncPeriodMs?: number;
}

interface NodeInfo {
  name: string;
  ip: string;
  podCIDR: string;
  proxy: KubeProxy;
}

export class ServiceNetwork {
  readonly nodes: NodeInfo[] = [];
  readonly dns: ClusterDNS;
  readonly transport: DnsTransport;
  readonly traffic: TrafficModel;
  /** The simulated load-balancer controller, when the preset switches it on. */
  readonly loadBalancer: LoadBalancerController | undefined;
  /** The Docker bridge's gateway on the host: where docker-proxy's connections come from. */
  readonly hostNetns: NetNamespace;
  /** Virtual IP → nodes whose kube-proxy has rules for it. */
  private readonly vipNodes = new Map<string, Set<string>>();

  constructor(readonly deps: ServiceNetworkDeps) {
    const { network, client, clock, logger, preset } = deps;
    preset.nodes.forEach((n, i) => {
      const proxy = new KubeProxy(n.name, presetNodeIP(i), {
        client,
        clock,
        rand: deps.rand.fork(),
        logger,
        dataplane: { setVirtualIPs: (node, ips) => this.setVirtualIPs(node, ips) },
        userAgent: KUBE_PROXY_USER_AGENT,
        minSyncPeriodMs: deps.minSyncPeriodMs,
      });
      this.nodes.push({ name: n.name, ip: presetNodeIP(i), podCIDR: presetPodCIDR(i), proxy });
    });
    this.hostNetns =
      network.namespaceOf(DOCKER_GATEWAY) ??
      network.createNamespace([DOCKER_GATEWAY], 'host docker0 (docker-proxy)');
    this.dns = new ClusterDNS(client, clock, logger);
    this.transport = new DnsTransport(network, this.dns);
    this.traffic = new TrafficModel(this, (ip, port, m) => network.setLoad(ip, port, m));
    this.loadBalancer = preset.loadBalancer
      ? new LoadBalancerController(preset.loadBalancer, {
          client,
          clock,
          rand: deps.rand.fork(),
          logger,
          announcingNode: this.nodes[0]!.name,
        })
      : undefined;
  }

  /** Start kube-proxies and CoreDNS's watches; take over node IPs and name resolution. */
  start(): void {
    const { network } = this.deps;
    for (const n of this.nodes) {
      // NodePorts: connections to the node's own address go through its kube-proxy first.
      if (!network.namespaceOf(n.ip)) network.createNamespace([n.ip], `node ${n.name}`);
      network.addVirtualIP(n.ip, {
        route: (from, port) => {
          const d = n.proxy.routeNodePort(from, port);
          return d === undefined ? { ip: n.ip, port } : this.decision(d);
        },
      });
      n.proxy.run();
    }
    this.dns.run();
    this.loadBalancer?.run();
    network.setResolver((from, name, resolvConf?: string) => this.resolve(from, name, resolvConf));
    // busybox nslookup has its own resolver: one query per search domain and type (./nslookup.ts)
    network.setNslookup((from, args, resolvConf) =>
      runBusyboxNslookup(args, resolvConf, (server, name, type) => this.dnsQuery(from, server, name, type)),
    );
    this.deps.clock.settle();
  }

  stop(): void {
    for (const n of this.nodes) n.proxy.stop();
    this.dns.stop();
    this.loadBalancer?.stop();
  }

  /** The node a network namespace lives on (by its address: node IP or the node's pod CIDR). */
  nodeOf(from: NetNamespace): NodeInfo | undefined {
    const ip = from.ips[0];
    if (!ip) return undefined;
    return this.nodes.find((n) => n.ip === ip) ?? this.nodes.find((n) => cidrContains(n.podCIDR, ip));
  }

  private decision(d: RouteDecision): { ip: string; port: number } | 'reject' | 'drop' {
    return typeof d === 'string' ? d : { ip: d.ip, port: d.port };
  }

  private setVirtualIPs(node: string, ips: ReadonlySet<string>): void {
    const { network } = this.deps;
    // a kube-proxy synced: its endpoints may have changed, and with them where traffic goes
    this.traffic.recompute();
    for (const [ip, nodes] of this.vipNodes) {
      if (ips.has(ip) || !nodes.has(node)) continue;
      nodes.delete(node);
      if (nodes.size === 0) {
        this.vipNodes.delete(ip);
        network.removeVirtualIP(ip);
      }
    }
    for (const ip of ips) {
      let nodes = this.vipNodes.get(ip);
      if (!nodes) {
        nodes = new Set();
        this.vipNodes.set(ip, nodes);
        network.addVirtualIP(ip, { route: (from, port) => this.routeVirtual(from, ip, port) });
      }
      nodes.add(node);
    }
  }

  /** A connection to a Service IP: the rules of the client's node decide (host: no route). */
  routeVirtual(
    from: NetNamespace,
    ip: string,
    port: number,
  ): { ip: string; port: number } | 'reject' | 'drop' {
    const node = this.nodeOf(from);
    if (!node) return 'drop';
    return this.decision(node.proxy.routeVirtual(from, ip, port));
  }

  /** The endpoints a connection from `from` to `ip:port` may reach, for the traffic model. */
  distribution(from: NetNamespace, ip: string, port: number): ProxyEndpoint[] | 'reject' | 'drop' {
    const node = this.nodeOf(from);
    if (!node) return 'drop';
    return node.proxy.distribution(from, ip, port);
  }

  // ---- DNS ---------------------------------------------------------------------------------

  /** The network's resolver: getaddrinfo with the caller's resolv.conf (or its pod's default). */
  resolve(from: NetNamespace, name: string, resolvConf?: string): ResolveResult {
    const conf = resolvConf !== undefined ? parseResolvConf(resolvConf) : defaultResolvConf(from);
    return this.transport.resolve(from, name, conf);
  }

  /** One DNS query from `from` to `server:53` (nslookup, dig). */
  dnsQuery(from: NetNamespace, server: string, name: string, type: RRType): DnsOutcome {
    return this.transport.query(from, server, name, type);
  }

  /** Wait until every kube-proxy has loaded its first lists. */
  synced(): boolean {
    return this.nodes.every((n) => n.proxy.hasSynced());
  }

  /** The node whose container Docker publishes kind's extraPortMappings on: the first worker, else the control plane. */
  portMappingNode(): NodeInfo {
    return this.nodes[1] ?? this.nodes[0]!;
  }

  /** Read an object through the API (port-forward looks up pods). */
  get(path: string): KubeObject | undefined {
    const res = this.deps.client.request({
      method: 'GET',
      path,
      headers: { userAgent: 'kubelet/v1.32.2 (linux/amd64) kubernetes/67a30c0' },
    });
    return res.status === 200 ? (res.body as KubeObject) : undefined;
  }
}

/** Build and start the Service network of a cluster on the kubelets' pod network. */
export function startServiceNetwork(deps: ServiceNetworkDeps): ServiceNetwork {
  const sn = new ServiceNetwork(deps);
  sn.start();
  return sn;
}

export { createServiceAllocator, ServiceAllocatorImpl } from './allocator';
export { serviceEnvVars, fromServices } from './envvars';
import { runBusyboxNslookup } from './nslookup';
export { runBusyboxNslookup };
export type { DnsOutcome, DnsReply, RRType } from './dns';
