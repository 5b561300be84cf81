/**
 * The API server's Service allocators (pkg/registry/core/service/ipallocator, portallocator and
 * storage/alloc.go), plugged into the Service strategy as its `ServiceAllocator`:
 *
 *  - ClusterIPs from kind's service CIDR 10.96.0.0/16. The bitmap covers 10.96.0.1 … 10.96.255.254;
 *    since KEP-3070 the first `min(max(16, size/16), 256)` addresses (10.96.0.1 … 10.96.1.0) form a
 *    static band that dynamic allocation uses only when the rest is full. A dynamic address is a
 *    random free bit of the upper band, found by scanning forward from a random start
 *    (randomScanStrategyWithOffset), so kind's Services get addresses like 10.96.107.191 while
 *    `kubernetes` (10.96.0.1) and `kube-dns` (10.96.0.10) sit in the static band.
 *  - NodePorts from 30000-32767, with the KEP-3668 static band 30000-30085 used last.
 *
 * Errors are the apiserver's: `spec.ports[0].nodePort: Invalid value: 30599: provided port is
 * already allocated`, `spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to
 * allocate IP 10.96.0.10: provided IP is already allocated`, `... the provided IP (10.0.0.5) is
 * not in the valid range. The range of valid IPs is 10.96.0.0/16`.
 *
 * The store is the truth. The real apiserver allocates in BeginCreate/BeginUpdate and releases
 * again when the write fails (a transaction); here an allocation made while a request is being
 * admitted is a *reservation* that is checked against the store on a zero-delay timer, after the
 * request has finished: kept if the stored Service holds it, released otherwise (the create
 * failed, was a dry run, or was refused by validation). Deletes and updates that drop an address
 * or port release it the same way, from the API server's change feed.
 */
import type { Service, ServicePort, ServiceSpec } from 'kubernetes-types/core/v1';
import type { ChangeSet } from '../../../api/changeset';
import type { KubeObject } from '../../../api/types';
import { goSyntax, invalid } from '../../../apimachinery/field';
import { newInternalError, newInvalid } from '../../api/errors';
import type { ServiceAllocator } from '../../api/strategies/service';
import { goStrings } from '../../api/strategies/util';
import type { StrategyContext } from '../../api/strategy';
import type { SimClock } from '../../clock';
import { ipToNumber, numberToIP, parseCIDR } from '../ipam';

/** kind's default serviceSubnet (reference §11.3). */
export const SERVICE_CIDR = '10.96.0.0/16';
/** `--service-node-port-range` default. */
export const NODE_PORT_BASE = 30000;
export const NODE_PORT_SIZE = 2768;

/** The Go random source the allocators draw from (`rand.Intn`). */
export interface IntSource {
  int(n: number): number;
}

/**
 * allocator.AllocationBitmap with randomScanStrategyWithOffset: `max` slots, the first `offset`
 * of them reserved for static allocation.
 */
export class OffsetBitmap {
  private readonly owners: (string | undefined)[];
  private used = 0;

  constructor(
    readonly max: number,
    readonly offset: number,
    private readonly rand: IntSource,
  ) {
    this.owners = new Array<string | undefined>(max);
  }

  /** `allocator.Allocate(i)`: false when taken. */
  allocate(i: number, owner: string): boolean {
    if (this.owners[i] !== undefined) return false;
    this.owners[i] = owner;
    this.used++;
    return true;
  }

  /** `AllocateNext`: a random free slot of the upper band, else of the static band. */
  allocateNext(owner: string): number | undefined {
    if (this.used >= this.max) return undefined;
    const upper = this.max - this.offset;
    let start = this.rand.int(upper);
    for (let i = 0; i < upper; i++) {
      const at = this.offset + ((start + i) % upper);
      if (this.owners[at] === undefined) {
        this.owners[at] = owner;
        this.used++;
        return at;
      }
    }
    start = this.rand.int(this.offset);
    for (let i = 0; i < this.offset; i++) {
      const at = (start + i) % this.offset;
      if (this.owners[at] === undefined) {
        this.owners[at] = owner;
        this.used++;
        return at;
      }
    }
    return undefined;
  }

  release(i: number): void {
    if (this.owners[i] === undefined) return;
    this.owners[i] = undefined;
    this.used--;
  }

  owner(i: number): string | undefined {
    return this.owners[i];
  }

  get free(): number {
    return this.max - this.used;
  }
}

/** `calculateRangeOffset` (KEP-3070): the static band of a service CIDR. */
export function clusterIPRangeOffset(size: number): number {
  const min = 16;
  const max = 256;
  const step = 16;
  if (size < min) return 0;
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

/** `calculateRangeOffset` of the port allocator (KEP-3668). */
export function nodePortRangeOffset(size: number): number {
  const min = 16;
  const max = 128;
  const step = 32;
  if (size < min) return 0;
  return Math.min(Math.max(min, Math.floor(size / step)), max);
}

/** ipallocator.Range over a CIDR: network and broadcast addresses excluded. */
export class ClusterIPRange {
  readonly base: number;
  readonly bitmap: OffsetBitmap;

  constructor(
    readonly cidr: string,
    rand: IntSource,
  ) {
    const { base, size } = parseCIDR(cidr);
    this.base = base + 1;
    const max = Math.max(0, size - 2);
    this.bitmap = new OffsetBitmap(max, clusterIPRangeOffset(max), rand);
  }

  contains(ip: string): boolean {
    const n = ipToNumber(ip);
    return Number.isFinite(n) && n >= this.base && n < this.base + this.bitmap.max;
  }

  indexOf(ip: string): number {
    return ipToNumber(ip) - this.base;
  }

  ipAt(i: number): string {
    return numberToIP(this.base + i);
  }
}

/** portallocator.PortAllocator. */
export class NodePortRange {
  readonly bitmap: OffsetBitmap;

  constructor(
    readonly base: number,
    readonly size: number,
    rand: IntSource,
  ) {
    this.bitmap = new OffsetBitmap(size, nodePortRangeOffset(size), rand);
  }

  contains(port: number): boolean {
    return port >= this.base && port < this.base + this.size;
  }

  toString(): string {
    return `${this.base}-${this.base + this.size - 1}`;
  }
}

export interface AllocatorOptions {
  clock: SimClock;
  rand: IntSource;
  /** Read the stored Service (the allocator checks its reservations against it). */
  lookup(namespace: string, name: string): KubeObject | undefined;
  serviceCIDR?: string;
  nodePortBase?: number;
  nodePortSize?: number;
}

const keyOf = (svc: { metadata?: { namespace?: string; name?: string } }): string =>
  `${svc.metadata?.namespace ?? ''}/${svc.metadata?.name ?? ''}`;

const needsClusterIP = (s: ServiceSpec): boolean => s.type !== 'ExternalName';
const needsNodePort = (s: ServiceSpec): boolean =>
  s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const canHaveNodePorts = (s: ServiceSpec): boolean => s.type === 'NodePort' || s.type === 'LoadBalancer';
const needsHCNodePort = (s: ServiceSpec): boolean =>
  s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const externallyAccessible = (s: ServiceSpec): boolean =>
  s.type === 'LoadBalancer' ||
  s.type === 'NodePort' ||
  (s.type === 'ClusterIP' && (s.externalIPs ?? []).length > 0);

/** What a stored Service holds. */
function holdings(svc: KubeObject | undefined): { ips: string[]; ports: number[] } {
  if (!svc) return { ips: [], ports: [] };
  const s = (svc.spec ?? {}) as ServiceSpec;
  const ips = (s.clusterIPs ?? (s.clusterIP ? [s.clusterIP] : [])).filter((ip) => ip && ip !== 'None');
  const ports = (s.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n > 0);
  if (s.healthCheckNodePort) ports.push(s.healthCheckNodePort);
  return { ips, ports };
}

export class ServiceAllocatorImpl implements ServiceAllocator {
  readonly ips: ClusterIPRange;
  readonly nodePorts: NodePortRange;
  /** Reservations made during a request, checked on a zero-delay timer. */
  private pending = new Map<string, { ips: Set<string>; ports: Set<number> }>();
  private verifyScheduled = false;

  constructor(private readonly opts: AllocatorOptions) {
    this.ips = new ClusterIPRange(opts.serviceCIDR ?? SERVICE_CIDR, opts.rand);
    this.nodePorts = new NodePortRange(
      opts.nodePortBase ?? NODE_PORT_BASE,
      opts.nodePortSize ?? NODE_PORT_SIZE,
      opts.rand,
    );
  }

  /** Feed the API server's changes (ApiServer.onChange): released addresses and ports. */
  onChange = (changes: ChangeSet): void => {
    for (const c of changes) {
      const obj = c.op === 'updated' ? c.to : c.object;
      if (obj.kind !== 'Service' || obj.apiVersion !== 'v1') continue;
      this.reconcile(keyOf(obj));
    }
  };

  // ---- the strategy hooks ------------------------------------------------------------------

  allocate(svc: Service, _ctx: StrategyContext): void {
    const s = svc.spec ?? (svc.spec = {});
    const key = keyOf(svc);
    this.reconcile(key);
    if (needsClusterIP(s)) this.allocClusterIPs(svc, key, new Set());
    if (needsNodePort(s) || (s.ports ?? []).some((p) => p.nodePort)) this.initNodePorts(svc, key, new Set());
    if (needsHCNodePort(s)) this.allocHealthCheckNodePort(svc, key, new Set());
  }

  allocateUpdate(svc: Service, old: Service, _ctx: StrategyContext): void {
    const s = svc.spec ?? (svc.spec = {});
    const o = old.spec ?? {};
    const key = keyOf(svc);
    this.reconcile(key);
    dropTypeDependentFields(svc, old);
    const owned = holdings(old as unknown as KubeObject);
    if (needsClusterIP(s)) {
      const had = (o.clusterIPs ?? []).length > 0 && o.type !== 'ExternalName';
      if (!had) this.allocClusterIPs(svc, key, new Set(owned.ips));
    }
    if (canHaveNodePorts(s) && (needsNodePort(s) || (s.ports ?? []).some((p) => p.nodePort)))
      this.initNodePorts(svc, key, new Set(owned.ports));
    if (needsHCNodePort(s) && !s.healthCheckNodePort)
      this.allocHealthCheckNodePort(svc, key, new Set(owned.ports));
  }

  // ---- ClusterIPs (allocClusterIPs) ----------------------------------------------------------

  private allocClusterIPs(svc: Service, key: string, owned: Set<string>): void {
    const s = svc.spec!;
    const requested = s.clusterIPs?.[0] ?? s.clusterIP;
    if (requested === 'None') return;
    if (!requested) {
      const i = this.ips.bitmap.allocateNext(key);
      if (i === undefined) throw newInternalError('failed to allocate a serviceIP: range is full');
      const ip = this.ips.ipAt(i);
      this.reserveIP(key, ip);
      s.clusterIP = ip;
      s.clusterIPs = [ip];
      return;
    }
    if (owned.has(requested)) return;
    const fail = (why: string) =>
      newInvalid('', 'Service', svc.metadata?.name ?? '', [
        invalid(
          'spec.clusterIPs',
          goSyntax(goStrings(s.clusterIPs)),
          `failed to allocate IP ${requested}: ${why}`,
        ),
      ]);
    if (!this.ips.contains(requested))
      throw fail(
        `the provided IP (${requested}) is not in the valid range. The range of valid IPs is ${this.ips.cidr}`,
      );
    if (!this.ips.bitmap.allocate(this.ips.indexOf(requested), key))
      throw fail('provided IP is already allocated');
    this.reserveIP(key, requested);
  }

  // ---- NodePorts (initNodePorts / updateNodePorts) ------------------------------------------

  private allocatePort(svc: Service, key: string, port: number, field: string, owned: Set<number>): void {
    if (owned.has(port) && this.nodePorts.bitmap.owner(port - this.nodePorts.base) === key) return;
    const fail = (why: string) =>
      newInvalid('', 'Service', svc.metadata?.name ?? '', [invalid(field, port, why)]);
    if (!this.nodePorts.contains(port))
      throw fail(
        `provided port is not in the valid range. The range of valid ports is ${this.nodePorts.toString()}`,
      );
    if (!this.nodePorts.bitmap.allocate(port - this.nodePorts.base, key)) {
      // the same Service may name one port twice (TCP and UDP share it)
      if (
        this.nodePorts.bitmap.owner(port - this.nodePorts.base) === key &&
        this.pending.get(key)?.ports.has(port)
      )
        return;
      throw fail('provided port is already allocated');
    }
    this.reservePort(key, port);
  }

  private allocateNextPort(key: string): number {
    const i = this.nodePorts.bitmap.allocateNext(key);
    if (i === undefined) throw newInternalError('failed to allocate a nodePort: range is full');
    const port = this.nodePorts.base + i;
    this.reservePort(key, port);
    return port;
  }

  /** Ports with the same number (TCP and UDP) share one NodePort, as upstream's initNodePorts. */
  private initNodePorts(svc: Service, key: string, owned: Set<number>): void {
    const s = svc.spec!;
    const ports = s.ports ?? [];
    const byPort = new Map<number, number>();
    ports.forEach((p: ServicePort, i) => {
      const field = `spec.ports[${i}].nodePort`;
      if (!p.nodePort && !needsNodePort(s)) return;
      const allocated = byPort.get(p.port);
      if (allocated === undefined) {
        const requested =
          p.nodePort || ports.slice(i).find((q) => q.port === p.port && q.nodePort)?.nodePort || 0;
        if (requested) {
          this.allocatePort(svc, key, requested, field, owned);
          p.nodePort = requested;
        } else p.nodePort = this.allocateNextPort(key);
        byPort.set(p.port, p.nodePort);
      } else if (p.nodePort !== allocated) {
        if (!p.nodePort) p.nodePort = allocated;
        else this.allocatePort(svc, key, p.nodePort, field, owned);
      }
    });
  }

  private allocHealthCheckNodePort(svc: Service, key: string, owned: Set<number>): void {
    const s = svc.spec!;
    if (s.healthCheckNodePort)
      this.allocatePort(svc, key, s.healthCheckNodePort, 'spec.healthCheckNodePort', owned);
    else s.healthCheckNodePort = this.allocateNextPort(key);
  }

  // ---- reservations ------------------------------------------------------------------------

  private reserveIP(key: string, ip: string): void {
    this.reserve(key).ips.add(ip);
    this.ownedBy(key).ips.add(ip);
  }

  private reservePort(key: string, port: number): void {
    this.reserve(key).ports.add(port);
    this.ownedBy(key).ports.add(port);
  }

  private ownedBy(key: string): { ips: Set<string>; ports: Set<number> } {
    let o = this.owned.get(key);
    if (!o) {
      o = { ips: new Set(), ports: new Set() };
      this.owned.set(key, o);
    }
    return o;
  }

  private reserve(key: string): { ips: Set<string>; ports: Set<number> } {
    let r = this.pending.get(key);
    if (!r) {
      r = { ips: new Set(), ports: new Set() };
      this.pending.set(key, r);
    }
    if (!this.verifyScheduled) {
      this.verifyScheduled = true;
      this.opts.clock.setTimeout(() => this.verify(), 0, 'service allocator: verify reservations');
    }
    return r;
  }

  /** After the request: keep what the stored Services hold, release the rest. */
  private verify(): void {
    this.verifyScheduled = false;
    const keys = [...this.pending.keys()];
    this.pending.clear();
    for (const key of keys) this.reconcile(key);
  }

  /**
   * Make the bitmaps agree with the stored Service `key`: release what it no longer holds (except
   * reservations of a request still in flight), mark what it holds.
   */
  private reconcile(key: string): void {
    const [ns, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const stored = this.opts.lookup(ns, name);
    const held = holdings(stored);
    const pending = this.pending.get(key);
    const heldIPs = new Set(held.ips);
    const heldPorts = new Set(held.ports);
    const owned = this.owned.get(key) ?? { ips: new Set<string>(), ports: new Set<number>() };
    for (const ip of [...owned.ips]) {
      if (heldIPs.has(ip) || pending?.ips.has(ip)) continue;
      const i = this.ips.indexOf(ip);
      if (this.ips.bitmap.owner(i) === key) this.ips.bitmap.release(i);
      owned.ips.delete(ip);
    }
    for (const port of [...owned.ports]) {
      if (heldPorts.has(port) || pending?.ports.has(port)) continue;
      const i = port - this.nodePorts.base;
      if (this.nodePorts.bitmap.owner(i) === key) this.nodePorts.bitmap.release(i);
      owned.ports.delete(port);
    }
    for (const ip of held.ips) {
      if (!this.ips.contains(ip)) continue;
      const i = this.ips.indexOf(ip);
      if (this.ips.bitmap.owner(i) === undefined) this.ips.bitmap.allocate(i, key);
      if (this.ips.bitmap.owner(i) === key) owned.ips.add(ip);
    }
    for (const port of held.ports) {
      if (!this.nodePorts.contains(port)) continue;
      const i = port - this.nodePorts.base;
      if (this.nodePorts.bitmap.owner(i) === undefined) this.nodePorts.bitmap.allocate(i, key);
      if (this.nodePorts.bitmap.owner(i) === key) owned.ports.add(port);
    }
    for (const ip of pending?.ips ?? []) owned.ips.add(ip);
    for (const port of pending?.ports ?? []) owned.ports.add(port);
    if (owned.ips.size || owned.ports.size) this.owned.set(key, owned);
    else this.owned.delete(key);
  }

  /** What each Service key owns in the bitmaps (stored or reserved). */
  private readonly owned = new Map<string, { ips: Set<string>; ports: Set<number> }>();
}

/** `dropTypeDependentFields` (registry/core/service/storage): wipe what the new type no longer uses. */
export function dropTypeDependentFields(svc: Service, old: Service): void {
  const s = svc.spec!;
  const o = old.spec ?? {};
  const sameNodePorts =
    JSON.stringify((o.ports ?? []).map((p) => p.nodePort ?? 0)) ===
    JSON.stringify((s.ports ?? []).map((p) => p.nodePort ?? 0));
  if (canHaveNodePorts(o) && !canHaveNodePorts(s) && sameNodePorts)
    for (const p of s.ports ?? []) delete p.nodePort;
  if (
    needsHCNodePort(o) &&
    !needsHCNodePort(s) &&
    (o.healthCheckNodePort ?? 0) === (s.healthCheckNodePort ?? 0)
  )
    delete s.healthCheckNodePort;
  if (o.type === 'LoadBalancer' && s.type !== 'LoadBalancer') {
    if (
      s.allocateLoadBalancerNodePorts != null &&
      s.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts
    )
      delete s.allocateLoadBalancerNodePorts;
    if (o.loadBalancerClass === s.loadBalancerClass) delete s.loadBalancerClass;
    (svc as { status?: object }).status = { ...(svc.status ?? {}), loadBalancer: {} };
  }
  if (
    externallyAccessible(o) &&
    !externallyAccessible(s) &&
    o.externalTrafficPolicy === s.externalTrafficPolicy
  )
    delete s.externalTrafficPolicy;
}

/** The allocator for a cluster: reads the store through `lookup`, follows its change feed. */
export function createServiceAllocator(opts: AllocatorOptions): ServiceAllocatorImpl {
  return new ServiceAllocatorImpl(opts);
}
