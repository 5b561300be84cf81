/**
 * The pod network: a minimal, flat layer-3 network like kindnet gives a kind cluster, plus the
 * sockets of the simulated processes.
 *
 *  - Network namespaces (`NetNamespace`): one per node (the node's InternalIP, e.g. 172.18.0.2,
 *    shared by hostNetwork pods) and one per pod sandbox (its pod IP from the node's podCIDR,
 *    10.244.<n>.0/24). Each has its own loopback: 127.0.0.1 inside a pod is that pod.
 *  - Sockets: a process listens on `ip:port` of its namespace (`0.0.0.0` = every address of it).
 *  - Connecting to `ip:port` from any namespace (every pod reaches every pod and node, as in
 *    Kubernetes' network model):
 *      a listener            → accepted (TCP) / the handler answers (HTTP);
 *      the address exists    → `refused` (ECONNREFUSED, at once);
 *      a pod-range address nobody has → `unreachable` (EHOSTUNREACH after the 3 s ARP timeout);
 *      anything else         → `timeout` (a black hole: the client's own timeout).
 *  - HTTP requests carry the client's timeout; a server that never answers (hello-server:1.7 on
 *    `/`) times out, and a server that dies with requests in flight closes them (`eof`: curl's
 *    "Empty reply from server").
 *
 * Delivery: a handler that answers at once, with no modelled delay, answers synchronously (the
 * callback runs before `http()` returns, with `elapsedMs` set to the simulated round trip);
 * anything slower is delivered from a SimClock timer. Probes — 720,000 of them per simulated
 * hour in the benchmark — therefore cost no timers. Callers must accept both.
 *
 * What later issues add (Networking: Services, kube-proxy, DNS):
 *  - `addVirtualIP(ip, service)`: a ClusterIP; `service.route(from, port)` picks a backend
 *    `{ip, port}` (kube-proxy's DNAT), or says `reject` (no endpoints: ECONNREFUSED, as iptables'
 *    REJECT rule) / `drop`;
 *  - `setResolver(fn)`: DNS for names (CoreDNS). Until then `resolve()` of a name answers
 *    `not-simulated` and the images print a clear "not simulated" message.
 */
import type { SimClock } from '../clock';
import { cidrContains } from './ipam';
import type { HttpRequest, HttpResponse, HttpResult, NetErrorKind } from './http';

export * from './http';
export { HostLocalIPAM, cidrContains, ipToNumber, numberToIP, parseCIDR } from './ipam';

/** kind's cluster-wide pod range (every node's podCIDR is a /24 of it). */
export const POD_SUBNET = '10.244.0.0/16';
/** The Linux ARP resolution timeout: connecting to a missing pod IP fails after ~3 s. */
export const ARP_TIMEOUT_MS = 3000;
/** Linux's connect timeout with the default 6 SYN retries (1+2+4+8+16+32+64 s). */
export const KERNEL_CONNECT_TIMEOUT_MS = 127_000;
/** One way inside the cluster (veth + bridge), ms. Round trips are 2×. */
export const HOP_LATENCY_MS = 0.05;

export interface NetNamespace {
  readonly id: string;
  /** Addresses other than loopback (a pod: its pod IP; a node: its InternalIP). */
  readonly ips: readonly string[];
  /** What lives here, for `netstat`-like views: `pod default/web`, `node kind-worker`. */
  readonly owner: string;
}

/** One HTTP request as a server sees it. */
export interface HttpExchange {
  readonly request: HttpRequest;
  /** Answer. `delayMs`: time the server takes (processing, CPU throttling) before the answer leaves. */
  respond(response: HttpResponse, delayMs?: number): void;
  /** Close the connection without an answer (`eof`) or reset it. */
  abort(kind?: 'eof' | 'reset'): void;
  /** True once answered, aborted or abandoned by the client (timeout). */
  readonly closed: boolean;
}

export type HttpHandler = (exchange: HttpExchange) => void;

export interface ListenOptions {
  /** Serve HTTP; without it the socket only accepts TCP connections (tcpSocket probes, nc). */
  http?: HttpHandler;
  /** For diagnostics: `nginx (pid 1)`. */
  owner?: string;
  /**
   * The steady CPU load (millicores) that the traffic model's request rates put on this server;
   * called whenever it changes (and at once if the endpoint already carries a load).
   */
  load?: (cpuMillicores: number) => void;
}

export interface Listener {
  readonly ns: NetNamespace;
  readonly ip: string;
  readonly port: number;
  readonly owner: string;
  close(): void;
}

/** A ClusterIP and its proxy rules (added by the Networking issue). */
export interface VirtualService {
  route(from: NetNamespace, port: number): { ip: string; port: number } | 'reject' | 'drop' | undefined;
}

export type ResolveResult =
  { ok: true; ips: string[] } | { ok: false; error: 'NXDOMAIN' | 'SERVFAIL' | 'timeout' | 'not-simulated' };
/** DNS as a process sees it; `resolvConf` is the text of the caller's /etc/resolv.conf (search list, ndots). */
export type Resolver = (from: NetNamespace, name: string, resolvConf?: string) => ResolveResult;

/** busybox's nslookup, which has its own resolver (set by the Networking issue's CoreDNS). */
export type NslookupTool = (
  from: NetNamespace,
  args: readonly string[],
  resolvConf: string | undefined,
) => { stdout: string; stderr: string; exitCode: number; elapsedMs: number };

interface NsState {
  ns: NetNamespace;
  /** `ip:port` → listener; ip is 0.0.0.0, 127.0.0.1 or one of ns.ips. */
  listeners: Map<string, ListenerImpl>;
}

class ListenerImpl implements Listener {
  closed = false;
  readonly pending = new Set<ExchangeImpl>();

  constructor(
    private readonly net: PodNetwork,
    readonly ns: NetNamespace,
    readonly ip: string,
    readonly port: number,
    readonly owner: string,
    readonly http: HttpHandler | undefined,
    readonly load: ((cpuMillicores: number) => void) | undefined,
  ) {}

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.net.removeListener(this);
    // requests in flight lose their server: the client reads EOF ("Empty reply from server")
    for (const ex of [...this.pending]) ex.abort('eof');
  }
}

class ExchangeImpl implements HttpExchange {
  closed = false;
  /** True while the handler runs synchronously inside `http()`. */
  inHandler = true;
  syncResult: HttpResult | undefined;
  clientTimer: number | undefined;

  constructor(
    private readonly clock: SimClock,
    readonly request: HttpRequest,
    private readonly listener: ListenerImpl,
    private readonly startedAt: number,
    private readonly rtt: number,
    private readonly deliver: (r: HttpResult) => void,
  ) {}

  respond(response: HttpResponse, delayMs = 0): void {
    if (this.closed) return;
    if (this.inHandler && delayMs <= 0) {
      // the common case (an immediate answer): one result object, no timer
      this.closed = true;
      this.syncResult = { ok: true, response, elapsedMs: this.rtt };
      return;
    }
    this.finish({ ok: true, response, elapsedMs: 0 }, delayMs);
  }

  abort(kind: 'eof' | 'reset' = 'eof'): void {
    if (this.closed) return;
    this.finish({ ok: false, error: kind, elapsedMs: 0 }, 0);
  }

  /** The client gave up. */
  abandon(): void {
    this.closed = true;
    this.listener.pending.delete(this);
  }

  private finish(result: HttpResult, delayMs: number): void {
    this.closed = true;
    this.listener.pending.delete(this);
    if (this.inHandler && delayMs <= 0) {
      this.syncResult = { ...result, elapsedMs: this.rtt };
      return;
    }
    // whole milliseconds keep the simulated clock on integers
    const at = Math.ceil(Math.max(0, delayMs) + (this.inHandler ? this.rtt : this.rtt / 2));
    this.clock.setTimeout(
      () => {
        if (this.clientTimer !== undefined) this.clock.clearTimeout(this.clientTimer);
        this.deliver({ ...result, elapsedMs: this.clock.now() - this.startedAt });
      },
      at,
      'http response',
    );
  }
}

export interface HttpCallOptions {
  /** The client's total timeout, ms (Go http.Client.Timeout, curl -m). Default 30 s. */
  timeoutMs?: number;
  /** Source port for the request's remoteAddr (random ephemeral if absent). */
  sourcePort?: number;
}

export class PodNetwork {
  private readonly namespaces = new Map<string, NsState>();
  /** Address → namespace (pod and node IPs). */
  private readonly byIP = new Map<string, NsState>();
  private readonly virtual = new Map<string, VirtualService>();
  private resolver: Resolver | undefined;
  private nslookupTool: NslookupTool | undefined;
  /** `ip:port` → CPU load (millicores) the traffic model puts on whoever serves there. */
  private readonly loads = new Map<string, number>();
  private nextNsId = 1;
  private nextEphemeralPort = 32768;

  constructor(readonly clock: SimClock) {}

  // ---- namespaces --------------------------------------------------------------------------

  /** Create a network namespace with these addresses (a pod sandbox, a node). */
  createNamespace(ips: string[], owner: string): NetNamespace {
    const ns: NetNamespace = { id: `netns-${this.nextNsId++}`, ips: [...ips], owner };
    const state: NsState = { ns, listeners: new Map() };
    this.namespaces.set(ns.id, state);
    for (const ip of ips) this.byIP.set(ip, state);
    return ns;
  }

  /** Tear a namespace down: its sockets close, its addresses disappear. */
  deleteNamespace(ns: NetNamespace): void {
    const state = this.namespaces.get(ns.id);
    if (!state) return;
    for (const l of [...state.listeners.values()]) l.close();
    this.namespaces.delete(ns.id);
    for (const ip of ns.ips) if (this.byIP.get(ip) === state) this.byIP.delete(ip);
  }

  namespaceOf(ip: string): NetNamespace | undefined {
    return this.byIP.get(ip)?.ns;
  }

  // ---- sockets -------------------------------------------------------------------------------

  /** bind + listen. Fails with EADDRINUSE when the port is taken on that address. */
  listen(ns: NetNamespace, ip: string, port: number, opts: ListenOptions = {}): Listener | 'EADDRINUSE' {
    const state = this.namespaces.get(ns.id);
    if (!state) throw new Error(`listen: network namespace ${ns.id} is gone`);
    const conflicts = ip === '0.0.0.0' ? [...state.listeners.values()].filter((l) => l.port === port) : [];
    if (
      state.listeners.has(`${ip}:${port}`) ||
      state.listeners.has(`0.0.0.0:${port}`) ||
      conflicts.length > 0
    )
      return 'EADDRINUSE';
    const l = new ListenerImpl(this, ns, ip, port, opts.owner ?? '', opts.http, opts.load);
    state.listeners.set(`${ip}:${port}`, l);
    if (opts.load) {
      // a server restarted behind an endpoint that has traffic takes the load at once
      const addrs = ip === '0.0.0.0' ? ns.ips : [ip];
      const m = addrs.reduce((sum, a) => sum + (this.loads.get(`${a}:${port}`) ?? 0), 0);
      if (m > 0) opts.load(m);
    }
    return l;
  }

  /**
   * The traffic model's CPU load on the server at `ip:port` (a pod endpoint): handed to the
   * listening process, which charges it to its container's cgroup.
   */
  setLoad(ip: string, port: number, cpuMillicores: number): void {
    if (cpuMillicores > 0) this.loads.set(`${ip}:${port}`, cpuMillicores);
    else this.loads.delete(`${ip}:${port}`);
    const state = this.byIP.get(ip);
    const l = state?.listeners.get(`${ip}:${port}`) ?? state?.listeners.get(`0.0.0.0:${port}`);
    if (!l || l.closed || !l.load) return;
    const addrs = l.ip === '0.0.0.0' ? l.ns.ips : [l.ip];
    l.load(addrs.reduce((sum, a) => sum + (this.loads.get(`${a}:${port}`) ?? 0), 0));
  }

  /** @internal */
  removeListener(l: ListenerImpl): void {
    const state = this.namespaces.get(l.ns.id);
    if (state && state.listeners.get(`${l.ip}:${l.port}`) === l) state.listeners.delete(`${l.ip}:${l.port}`);
  }

  /** Sockets listening in a namespace (for `netstat`, diagnostics). */
  listeners(ns: NetNamespace): Listener[] {
    return [...(this.namespaces.get(ns.id)?.listeners.values() ?? [])];
  }

  // ---- services and DNS (filled in by the Networking issue) ----------------------------------

  addVirtualIP(ip: string, service: VirtualService): void {
    this.virtual.set(ip, service);
  }

  removeVirtualIP(ip: string): void {
    this.virtual.delete(ip);
  }

  setResolver(resolver: Resolver | undefined): void {
    this.resolver = resolver;
  }

  /** Resolve a host name as seen from `from` (IP literals and localhost need no DNS). */
  resolve(from: NetNamespace, name: string, resolvConf?: string): ResolveResult {
    if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return { ok: true, ips: [name] };
    if (name === 'localhost') return { ok: true, ips: ['127.0.0.1'] };
    if (!this.resolver) return { ok: false, error: 'not-simulated' };
    return this.resolver(from, name, resolvConf);
  }

  /** Install busybox nslookup's resolver (it does not use the libc one). */
  setNslookup(tool: NslookupTool | undefined): void {
    this.nslookupTool = tool;
  }

  /** Run busybox nslookup from `from`; undefined while DNS is not simulated. */
  nslookup(
    from: NetNamespace,
    args: readonly string[],
    resolvConf: string | undefined,
  ): ReturnType<NslookupTool> | undefined {
    return this.nslookupTool?.(from, args, resolvConf);
  }

  // ---- connecting ----------------------------------------------------------------------------

  /**
   * Where a connection from `from` to `ip:port` ends up: a listener, or why not. Loopback stays
   * in `from`; a virtual IP is translated first (DNAT), once.
   */
  route(from: NetNamespace, ip: string, port: number): { listener: ListenerImpl } | { error: NetErrorKind } {
    let targetIP = ip;
    let targetPort = port;
    const svc = this.virtual.get(ip);
    if (svc) {
      const r = svc.route(from, port);
      if (r === 'reject') return { error: 'refused' };
      if (r === 'drop' || r === undefined) return { error: 'timeout' };
      targetIP = r.ip;
      targetPort = r.port;
    }
    const loopback = targetIP === '127.0.0.1' || targetIP === 'localhost';
    const state = loopback ? this.namespaces.get(from.id) : this.byIP.get(targetIP);
    if (!state) {
      if (cidrContains(POD_SUBNET, targetIP)) return { error: 'unreachable' };
      return { error: 'timeout' };
    }
    const l =
      state.listeners.get(`${loopback ? '127.0.0.1' : targetIP}:${targetPort}`) ??
      state.listeners.get(`0.0.0.0:${targetPort}`);
    if (!l || l.closed) return { error: 'refused' };
    return { listener: l };
  }

  /**
   * A TCP connect (tcpSocket probes, `nc -z`). Synchronous for accept/refuse; `unreachable` and
   * `timeout` arrive after the ARP timeout or the caller's timeout.
   */
  connect(
    from: NetNamespace,
    ip: string,
    port: number,
    timeoutMs: number,
    cb: (r: { ok: true; elapsedMs: number } | { ok: false; error: NetErrorKind; elapsedMs: number }) => void,
  ): void {
    const r = this.route(from, ip, port);
    if ('listener' in r) return cb({ ok: true, elapsedMs: 2 * HOP_LATENCY_MS });
    this.failLater(r.error, timeoutMs, cb);
  }

  /** One HTTP request from a process in `from` (or the kubelet in the node's namespace). */
  http(
    from: NetNamespace,
    ip: string,
    port: number,
    req: { method: string; path: string; headers?: Record<string, string>; body?: string },
    opts: HttpCallOptions,
    cb: (r: HttpResult) => void,
  ): void {
    const timeoutMs = opts.timeoutMs ?? 30_000;
    const r = this.route(from, ip, port);
    if (!('listener' in r)) return this.failLater(r.error, timeoutMs, cb);
    const l = r.listener;
    if (!l.http) {
      // a plain TCP server: it never sends an HTTP status line
      return this.failLater('timeout', timeoutMs, cb);
    }
    const srcIP = ip === '127.0.0.1' ? '127.0.0.1' : (from.ips[0] ?? '127.0.0.1');
    const sport = opts.sourcePort ?? this.ephemeralPort();
    const request: HttpRequest = {
      method: req.method,
      path: req.path || '/',
      headers: req.headers ?? {},
      body: req.body ?? '',
      remoteAddr: `${srcIP}:${sport}`,
      localAddr: `${ip}:${port}`,
    };
    const startedAt = this.clock.now();
    let delivered = false;
    const deliver = (res: HttpResult) => {
      if (delivered) return;
      delivered = true;
      cb(res);
    };
    const ex = new ExchangeImpl(this.clock, request, l, startedAt, 2 * HOP_LATENCY_MS, deliver);
    try {
      l.http(ex);
    } catch {
      ex.abort('eof');
    }
    ex.inHandler = false;
    if (ex.syncResult) return deliver(ex.syncResult);
    // still open: the server dying must close it
    if (!ex.closed) l.pending.add(ex);
    // Not answered yet, or answered with a delay: the client waits, up to its timeout (a client
    // without one, like curl without -m, waits for as long as the server takes).
    if (!Number.isFinite(timeoutMs)) return;
    ex.clientTimer = this.clock.setTimeout(
      () => {
        if (delivered) return;
        ex.abandon();
        deliver({ ok: false, error: 'timeout', elapsedMs: this.clock.now() - startedAt });
      },
      Math.ceil(timeoutMs),
      'http client timeout',
    );
  }

  private failLater(
    error: NetErrorKind,
    timeoutMs: number,
    cb: (r: { ok: false; error: NetErrorKind; elapsedMs: number }) => void,
  ): void {
    if (error === 'refused') return cb({ ok: false, error, elapsedMs: 2 * HOP_LATENCY_MS });
    let kind: NetErrorKind = error;
    // Without a client timeout, the kernel gives up on a connect that gets no answer after its
    // SYN retries (tcp_syn_retries = 6: about 127 s).
    let after = Number.isFinite(timeoutMs) ? timeoutMs : KERNEL_CONNECT_TIMEOUT_MS;
    if (error === 'unreachable') {
      if (timeoutMs < ARP_TIMEOUT_MS) kind = 'timeout';
      else after = ARP_TIMEOUT_MS;
    }
    this.clock.setTimeout(
      () => cb({ ok: false, error: kind, elapsedMs: after }),
      Math.ceil(after),
      'connect failure',
    );
  }

  private ephemeralPort(): number {
    const p = this.nextEphemeralPort++;
    if (this.nextEphemeralPort > 60999) this.nextEphemeralPort = 32768;
    return p;
  }
}
