/**
 * The traffic model: steady request rates from clients (a load-generator pod, the host) through
 * Services to endpoints, aggregated as rates rather than one event per request.
 *
 * A flow says "this client sends R requests per second to ip:port". kube-proxy spreads new
 * connections evenly over the ready endpoints of the client's node's rules, so each endpoint
 * receives R / n of the flow; each request costs the serving process `cpuMsPerRequest` of CPU,
 * i.e. R / n × cpuMs / 1000 cores. Rates are recomputed whenever the rules may have changed
 * (`recompute()`, cheap), and time is integrated in closed form (`advance(ms)`), so an hour of
 * 10,000 requests per second costs the same as a second of it.
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

export class TrafficModel {
  private readonly flows = new Map<string, TrafficFlow>();
  private readonly loads = new Map<string, EndpointLoad>();
  /** Requests that found no endpoint, per second (all flows). */
  failedPerSecond = 0;
  /** Totals since the start. */
  totalRequests = 0;
  totalFailed = 0;

  constructor(private readonly routing: Routing) {}

  setFlow(flow: TrafficFlow): void {
    this.flows.set(flow.id, flow);
    this.recompute();
  }

  removeFlow(id: string): void {
    this.flows.delete(id);
    this.recompute();
  }

  /** Spread every flow over its endpoints as kube-proxy would (call after rules change). */
  recompute(): void {
    for (const l of this.loads.values()) {
      l.rps = 0;
      l.cpuMillicores = 0;
    }
    this.failedPerSecond = 0;
    for (const f of this.flows.values()) {
      const d = this.routing.distribution(f.from, f.ip, f.port);
      if (typeof d === 'string' || d.length === 0) {
        this.failedPerSecond += f.rps;
        continue;
      }
      const share = f.rps / d.length;
      for (const ep of d) {
        const key = `${ep.ip}:${ep.port}`;
        let l = this.loads.get(key);
        if (!l) {
          l = { ip: ep.ip, port: ep.port, rps: 0, cpuMillicores: 0, served: 0 };
          this.loads.set(key, l);
        }
        l.rps += share;
        l.cpuMillicores += share * f.cpuMsPerRequest;
      }
    }
  }

  /** Integrate `ms` of simulated time at the current rates. */
  advance(ms: number): void {
    const s = ms / 1000;
    for (const l of this.loads.values()) {
      l.served += l.rps * s;
      this.totalRequests += l.rps * s;
    }
    this.totalFailed += this.failedPerSecond * s;
    this.totalRequests += this.failedPerSecond * s;
  }

  /** The load on one endpoint (`ip:port`). */
  load(ip: string, port: number): EndpointLoad | undefined {
    return this.loads.get(`${ip}:${port}`);
  }

  endpoints(): EndpointLoad[] {
    return [...this.loads.values()].filter((l) => l.rps > 0 || l.served > 0);
  }
}
