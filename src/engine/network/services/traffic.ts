/**
 * The traffic model: steady request rates from clients (a load-generator pod, the host) through
 * Services to endpoints, aggregated as rates rather than one event per request.
 *
 * A flow says "this client sends R requests per second to ip:port". kube-proxy spreads new
 * connections evenly over the ready endpoints of the client's node's rules, so each endpoint
 * receives R / n of the flow; each request costs the serving process `cpuMsPerRequest` of CPU,
 * i.e. R / n × cpuMs / 1000 cores. That CPU is charged to the process listening on the
 * endpoint (through the `sink`, which the pod network hands to the listener's owner): it shows
 * in the container's cgroup usage, hence in the kubelet's stats, `kubectl top` and the HPA.
 * Not-ready endpoints are not in kube-proxy's rules and get nothing.
 *
 * Rates are recomputed whenever the rules may have changed (`recompute()`, after every
 * kube-proxy sync) and per flow when a flow changes (`setFlow`, touching only that flow's
 * endpoints, so setting 1,000 flows is not 1,000 full passes). Time is integrated in closed
 * form (`advance(ms)`), so an hour of 10,000 requests per second costs the same as a second.
 *
 * Flows whose Service has no endpoints fail at the rate they are sent (`failedPerSecond`): the
 * REJECT rule answers each connection with "Connection refused".
 */
import type { NetNamespace } from '../index';
import type { ProxyEndpoint } from './proxy';

export interface TrafficFlow {
  id: string;
  from: NetNamespace;
  ip: string;
  port: number;
  /** Requests per second. */
  rps: number;
  /** CPU each request costs the server, ms (hello-server: ~0.05 ms). */
  cpuMsPerRequest: number;
}

export interface EndpointLoad {
  ip: string;
  port: number;
  rps: number;
  /** CPU the requests cost, in millicores. */
  cpuMillicores: number;
  /** Requests served since the model started. */
  served: number;
}

interface Routing {
  distribution(from: NetNamespace, ip: string, port: number): ProxyEndpoint[] | 'reject' | 'drop';
}

/** Where an endpoint's CPU load goes: the process listening on ip:port (see PodNetwork.setLoad). */
export type LoadSink = (ip: string, port: number, cpuMillicores: number) => void;

/** One flow's share on one endpoint. */
interface Share {
  rps: number;
  cpu: number;
}

export class TrafficModel {
  private readonly flows = new Map<string, TrafficFlow>();
  private readonly loads = new Map<string, EndpointLoad>();
  /** flow id → endpoint key → that flow's share there. */
  private readonly shares = new Map<string, Map<string, Share>>();
  /** endpoint key → the flows that reach it. */
  private readonly flowsAt = new Map<string, Set<string>>();
  /** flow id → requests per second that found no endpoint. */
  private readonly failing = new Map<string, number>();
  /** Totals since the start. */
  totalRequests = 0;
  totalFailed = 0;

  constructor(
    private readonly routing: Routing,
    private readonly sink?: LoadSink,
  ) {}

  /** Add or change a flow; only its endpoints are recomputed. */
  setFlow(flow: TrafficFlow): void {
    this.flows.set(flow.id, flow);
    this.update([flow.id]);
  }

  removeFlow(id: string): void {
    if (!this.flows.delete(id)) return;
    this.update([id]);
  }

  /** Requests that found no endpoint, per second (all flows). */
  get failedPerSecond(): number {
    let f = 0;
    for (const r of this.failing.values()) f += r;
    return f;
  }

  /** Spread every flow over its endpoints as kube-proxy would (call after rules change). */
  recompute(): void {
    if (this.flows.size === 0 && this.shares.size === 0) return;
    this.update([...new Set([...this.flows.keys(), ...this.shares.keys()])]);
  }

  private update(ids: readonly string[]): void {
    const touched = new Set<string>();
    for (const id of ids) {
      const old = this.shares.get(id);
      if (old)
        for (const key of old.keys()) {
          touched.add(key);
          this.flowsAt.get(key)?.delete(id);
        }
      this.shares.delete(id);
      this.failing.delete(id);
      const f = this.flows.get(id);
      if (!f) continue;
      const d = this.routing.distribution(f.from, f.ip, f.port);
      if (typeof d === 'string' || d.length === 0) {
        this.failing.set(id, f.rps);
        continue;
      }
      const mine = new Map<string, Share>();
      const rps = f.rps / d.length;
      for (const ep of d) {
        const key = `${ep.ip}:${ep.port}`;
        const s = mine.get(key) ?? { rps: 0, cpu: 0 };
        s.rps += rps;
        s.cpu += rps * f.cpuMsPerRequest;
        mine.set(key, s);
        if (!this.loads.has(key))
          this.loads.set(key, { ip: ep.ip, port: ep.port, rps: 0, cpuMillicores: 0, served: 0 });
        let at = this.flowsAt.get(key);
        if (!at) this.flowsAt.set(key, (at = new Set()));
        at.add(id);
        touched.add(key);
      }
      this.shares.set(id, mine);
    }
    // Sum each touched endpoint afresh (no drift from adding and subtracting shares).
    for (const key of touched) {
      const l = this.loads.get(key)!;
      const before = l.cpuMillicores;
      l.rps = 0;
      l.cpuMillicores = 0;
      for (const id of this.flowsAt.get(key) ?? []) {
        const s = this.shares.get(id)?.get(key);
        if (!s) continue;
        l.rps += s.rps;
        l.cpuMillicores += s.cpu;
      }
      if (l.cpuMillicores !== before) this.sink?.(l.ip, l.port, l.cpuMillicores);
    }
  }

  /** Integrate `ms` of simulated time at the current rates. */
  advance(ms: number): void {
    const s = ms / 1000;
    for (const l of this.loads.values()) {
      l.served += l.rps * s;
      this.totalRequests += l.rps * s;
    }
    const failed = this.failedPerSecond;
    this.totalFailed += failed * s;
    this.totalRequests += failed * s;
  }

  /** The load on one endpoint (`ip:port`). */
  load(ip: string, port: number): EndpointLoad | undefined {
    return this.loads.get(`${ip}:${port}`);
  }

  endpoints(): EndpointLoad[] {
    return [...this.loads.values()].filter((l) => l.rps > 0 || l.served > 0);
  }
}
