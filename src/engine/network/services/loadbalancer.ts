/**
 * A simulated load-balancer controller for `type: LoadBalancer` Services, off by default.
 *
 * A kind cluster has no cloud provider, so a LoadBalancer Service keeps `EXTERNAL-IP <pending>`
 * for ever — what the learner sees on a plain kind cluster. Clusters whose preset sets
 * `loadBalancer.addresses` get what MetalLB in layer-2 mode (or cloud-provider-kind) gives a
 * kind cluster: each LoadBalancer Service is assigned the lowest free address of the pool, written
 * to `status.loadBalancer.ingress`, and kube-proxy's rules for ingress IPs make the address lead
 * to the Service's endpoints from every node and pod. (The kind network is not routed to a Docker
 * Desktop host, so from the learner's machine the address only times out, as it does there.) Events are MetalLB's: `IPAllocated` from metallb-controller,
 * `nodeAssigned` from metallb-speaker, `AllocationFailed` when the pool is exhausted.
 *
 * Like every other component it works through the API: an informer on Services and PUTs to
 * `services/<name>/status`. Addresses are released when the Service is deleted or changes type.
 */
import type { Service } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { SimClock } from '../../clock';
import { RestClient, type ControllerClient } from '../../controllers/framework/client';
import { InformerFactory, type SharedInformer } from '../../controllers/framework/informer';
import type { Logger } from '../../controllers/framework/log';
import { SERVICES } from '../../controllers/framework/resources';
import { EventBroadcaster, type EventRecorder } from '../../events';
import type { Rand } from '../../rand';
import { ipToNumber, numberToIP, parseCIDR } from '../ipam';

type ServiceObject = Service & KubeObject;

export interface LoadBalancerConfig {
  /** Address ranges as MetalLB's IPAddressPool takes them: `172.18.255.200-172.18.255.250` or a CIDR. */
  addresses: string[];
}

/** The pool of a kind cluster with MetalLB as its docs set it up: the top of the kind network. */
export const DEFAULT_LB_ADDRESSES = ['172.18.255.200-172.18.255.250'];

const USER_AGENT = 'metallb-controller/v0.14.9';

/** Parse the pool into the list of its addresses, in order. */
export function poolAddresses(config: LoadBalancerConfig): string[] {
  const out: string[] = [];
  for (const range of config.addresses) {
    const m = /^(\d+\.\d+\.\d+\.\d+)\s*-\s*(\d+\.\d+\.\d+\.\d+)$/.exec(range.trim());
    let first: number;
    let last: number;
    if (m) {
      first = ipToNumber(m[1]!);
      last = ipToNumber(m[2]!);
    } else if (range.includes('/')) {
      const c = parseCIDR(range.trim());
      first = c.base;
      last = c.base + c.size - 1;
    } else {
      first = last = ipToNumber(range.trim());
    }
    if (!(first <= last) || Number.isNaN(first))
      throw new Error(`loadBalancer.addresses: invalid range ${JSON.stringify(range)}`);
    for (let n = first; n <= last && out.length < 65536; n++) out.push(numberToIP(n));
  }
  return out;
}

export class LoadBalancerController {
  private readonly informers: InformerFactory;
  private readonly services: SharedInformer<ServiceObject>;
  private readonly rest: RestClient;
  private readonly controllerEvents: EventRecorder;
  private readonly speakerEvents: EventRecorder;
  private readonly pool: string[];
  /** address → `ns/name` of the Service holding it. */
  private readonly owners = new Map<string, string>();
  private readonly queue = new Set<string>();
  private scheduled = false;

  constructor(
    config: LoadBalancerConfig,
    private readonly deps: {
      client: ControllerClient;
      clock: SimClock;
      rand: Rand;
      logger: Logger;
      /** The node whose speaker answers for the addresses (layer 2: one node per address). */
      announcingNode: string;
    },
  ) {
    this.pool = poolAddresses(config);
    this.informers = new InformerFactory(deps.client, deps.clock, deps.logger, USER_AGENT);
    this.services = this.informers.informerFor<ServiceObject>(SERVICES);
    this.rest = new RestClient(deps.client, USER_AGENT);
    const events = new EventBroadcaster({
      client: deps.client,
      clock: deps.clock,
      rand: deps.rand,
      userAgent: USER_AGENT,
      logger: deps.logger,
    });
    this.controllerEvents = events.newRecorder({ component: 'metallb-controller' });
    this.speakerEvents = events.newRecorder({ component: 'metallb-speaker' });
    const key = (s: KubeObject) => `${s.metadata.namespace}/${s.metadata.name}`;
    this.services.addEventHandler({
      add: (s) => this.enqueue(key(s)),
      update: (_o, s) => this.enqueue(key(s)),
      delete: (s) => this.enqueue(key(s)),
    });
  }

  run(): void {
    this.informers.start();
  }

  stop(): void {
    this.informers.stop();
  }

  /** Whether an address of the pool is handed out. */
  isAssigned(ip: string): boolean {
    return this.owners.has(ip);
  }

  private enqueue(key: string): void {
    this.queue.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.deps.clock.setTimeout(
      () => {
        this.scheduled = false;
        const keys = [...this.queue].sort();
        this.queue.clear();
        for (const k of keys) this.sync(k);
      },
      0,
      'metallb-controller sync',
    );
  }

  private release(key: string): void {
    let freed = false;
    for (const [ip, owner] of this.owners)
      if (owner === key) {
        this.owners.delete(ip);
        freed = true;
      }
    if (!freed) return;
    // an address came free: Services still waiting for one are tried again
    for (const s of this.services.lister.list())
      if (s.spec?.type === 'LoadBalancer' && !(s.status?.loadBalancer?.ingress ?? []).length)
        this.enqueue(`${s.metadata.namespace}/${s.metadata.name}`);
  }

  private sync(key: string): void {
    const [namespace, name] = key.split('/') as [string, string];
    const svc = this.services.lister.get(namespace, name);
    if (
      !svc ||
      svc.metadata.deletionTimestamp ||
      svc.spec?.type !== 'LoadBalancer' ||
      svc.spec.loadBalancerClass
    ) {
      this.release(key);
      return;
    }
    const current = (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip ?? '').filter(Boolean);
    const held = current.find((ip) => this.owners.get(ip) === key);
    if (held) return;
    // an address written before (e.g. after a restart of the controller) is kept when still free
    const wanted =
      current.find((ip) => this.pool.includes(ip) && !this.owners.has(ip)) ?? svc.spec.loadBalancerIP;
    let ip: string | undefined;
    if (wanted) {
      if (!this.pool.includes(wanted) || (this.owners.has(wanted) && this.owners.get(wanted) !== key)) {
        this.controllerEvents.event(
          svc,
          'Warning',
          'AllocationFailed',
          `Failed to allocate IP for "${key}": ["${wanted}"] is not allowed in config`,
        );
        return;
      }
      ip = wanted;
    } else {
      ip = this.pool.find((a) => !this.owners.has(a));
    }
    if (!ip) {
      this.controllerEvents.event(
        svc,
        'Warning',
        'AllocationFailed',
        `Failed to allocate IP for "${key}": no available IPs`,
      );
      return;
    }
    this.release(key);
    this.owners.set(ip, key);
    try {
      this.rest.update(
        SERVICES,
        { ...svc, status: { ...svc.status, loadBalancer: { ingress: [{ ip }] } } } as KubeObject,
        'status',
      );
    } catch (err) {
      this.owners.delete(ip);
      this.deps.logger.error(`metallb-controller: updating ${key} status: ${String(err)}`);
      this.enqueue(key);
      return;
    }
    this.controllerEvents.event(svc, 'Normal', 'IPAllocated', `Assigned IP ["${ip}"]`);
    this.speakerEvents.event(
      svc,
      'Normal',
      'nodeAssigned',
      `announcing from node "${this.deps.announcingNode}" with protocol "layer2"`,
    );
  }
}
