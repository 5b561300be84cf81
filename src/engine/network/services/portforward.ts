/**
 * Streams from the outside into the pod network:
 *
 *  - `pods/portforward`: what the API server proxies to the kubelet's streaming server, which
 *    enters the pod's network namespace and dials `localhost:PORT` there (containerd's
 *    PortForward). One request of the subresource carries one forwarded connection
 *    (PortForwardConnection); it is answered when the pod answers, in simulated time. Upstream
 *    upgrades one HTTP connection to SPDY/WebSocket and multiplexes the connections in it;
 *    the in-process API server's handlers are synchronous, so this subresource is served by
 *    `withPortForward`, a thin layer in front of the in-process client.
 *  - docker-proxy: kind's extraPortMappings publish a node container's port on the host's
 *    127.0.0.1. docker-proxy accepts the host's connection, then dials the node; if that dial
 *    fails (kube-proxy REJECTs a NodePort without endpoints) it just closes the accepted
 *    connection, so the host's curl reads nothing: `curl: (52) Empty reply from server`.
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchResult } from '../../../api/client';
import type {
  HostHttpOutcome,
  HostHttpRequest,
  PortForwardConnection,
  PortForwardResult,
} from '../../../api/hostnet';
import type { KubeObject, WatchEvent } from '../../../api/types';
import type { HttpResult, NetNamespace } from '../index';
import type { ServiceNetwork } from './index';

const PORTFORWARD_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/;

/** A stable 64-hex id derived from a string (containerd sandbox ids in messages). */
export function hexId(seed: string, len = 64): string {
  let h1 = 0x811c9dc5;
  let out = '';
  for (let round = 0; out.length < len; round++) {
    for (let i = 0; i < seed.length; i++) {
      h1 ^= seed.charCodeAt(i) + round;
      h1 = Math.imul(h1, 0x01000193) >>> 0;
    }
    out += h1.toString(16).padStart(8, '0');
  }
  return out.slice(0, len);
}

const uuidFrom = (seed: string): string => {
  const h = hexId(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** Run one HTTP exchange on the pod network and wait for it in simulated time. */
export function httpOnNetwork(
  sn: ServiceNetwork,
  from: NetNamespace,
  ip: string,
  port: number,
  req: HostHttpRequest,
  timeoutMs: number,
): Promise<HttpResult> {
  return new Promise((resolve) => {
    sn.deps.network.http(
      from,
      ip,
      port,
      { method: req.method, path: req.path, headers: req.headers, body: req.body },
      { timeoutMs },
      resolve,
    );
  });
}

const toOutcome = (r: HttpResult): HostHttpOutcome => {
  if (r.ok)
    return {
      kind: 'response',
      response: { status: r.response.status, headers: r.response.headers, body: r.response.body },
      elapsedMs: r.elapsedMs,
    };
  switch (r.error) {
    case 'timeout':
      return { kind: 'timeout', elapsedMs: r.elapsedMs };
    case 'reset':
      return { kind: 'reset', elapsedMs: r.elapsedMs };
    default:
      return { kind: 'empty', elapsedMs: r.elapsedMs };
  }
};

/** The kubelet side of one forwarded connection: dial localhost:port inside the pod. */
export async function portForward(
  sn: ServiceNetwork,
  pod: KubeObject,
  conn: PortForwardConnection,
): Promise<PortForwardResult> {
  const status = (pod.status ?? {}) as { podIP?: string; hostIP?: string };
  const hostNetwork = (pod.spec as { hostNetwork?: boolean } | undefined)?.hostNetwork === true;
  const ip = hostNetwork ? status.hostIP : status.podIP;
  const netns = ip ? sn.deps.network.namespaceOf(ip) : undefined;
  const sandbox = hexId(`sandbox/${pod.metadata.uid ?? ''}`);
  if (!netns) {
    return {
      apiVersion: 'v1',
      kind: 'PortForwardResult',
      outcome: { kind: 'empty', elapsedMs: 0 },
      error: `error forwarding port ${conn.port} to pod ${sandbox}, uid : failed to find sandbox "${sandbox}" in store: not found`,
    };
  }
  const r = await httpOnNetwork(sn, netns, '127.0.0.1', conn.port, conn.request, conn.timeoutMs);
  if (!r.ok && (r.error === 'refused' || r.error === 'unreachable')) {
    const nsPath = `/var/run/netns/cni-${uuidFrom(`netns/${pod.metadata.uid ?? ''}`)}`;
    return {
      apiVersion: 'v1',
      kind: 'PortForwardResult',
      outcome: { kind: 'empty', elapsedMs: r.elapsedMs },
      error:
        `error forwarding port ${conn.port} to pod ${sandbox}, uid : failed to execute portforward in network namespace "${nsPath}": ` +
        `failed to connect to localhost:${conn.port} inside namespace "${sandbox}", IPv4: dial tcp4 127.0.0.1:${conn.port}: connect: connection refused ` +
        `IPv6 dial tcp6 [::1]:${conn.port}: connect: connection refused `,
    };
  }
  return { apiVersion: 'v1', kind: 'PortForwardResult', outcome: toOutcome(r) };
}

/**
 * The in-process client with the `pods/portforward` stream served (see the file comment).
 * Everything else goes to `client` unchanged.
 */
export function withPortForward(client: KubeClient, network: () => ServiceNetwork | undefined): KubeClient {
  return {
    async request(req: ApiRequest): Promise<ApiResponse> {
      const m = req.method === 'POST' ? PORTFORWARD_PATH.exec(req.path) : null;
      const sn = m ? network() : undefined;
      if (!m || !sn) return client.request(req);
      const [, ns, name] = m as unknown as [string, string, string];
      const got = await client.request({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/pods/${name}`,
        headers: req.headers,
      });
      if (got.status !== 200) return got;
      const pod = got.body as KubeObject;
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase !== 'Running') {
        return {
          status: 400,
          contentType: 'application/json',
          body: {
            kind: 'Status',
            apiVersion: 'v1',
            metadata: {},
            status: 'Failure',
            message: `unable to upgrade connection: pod does not exist`,
            reason: 'BadRequest',
            code: 400,
          },
        };
      }
      const conn = req.body as PortForwardConnection;
      const result = await portForward(sn, pod, conn);
      return { status: 200, contentType: 'application/json', body: result };
    },
    watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchResult> {
      return client.watch(req, onEvent);
    },
  };
}

export interface PublishedPort {
  hostPort: number;
  containerPort: number;
  listenAddress: string;
  node: string;
  /** docker-proxy: one host connection, forwarded to the node container. */
  forward(req: HostHttpRequest, timeoutMs: number): Promise<HostHttpOutcome>;
}

/** kind's extraPortMappings, as Docker publishes them on the host (listenAddress 127.0.0.1). */
export function publishedPorts(sn: ServiceNetwork): PublishedPort[] {
  const node = sn.portMappingNode();
  return (sn.deps.preset.portMappings ?? []).map((m) => ({
    hostPort: m.hostPort,
    containerPort: m.containerPort,
    listenAddress: '127.0.0.1',
    node: node.name,
    async forward(req: HostHttpRequest, timeoutMs: number): Promise<HostHttpOutcome> {
      const r = await httpOnNetwork(sn, sn.hostNetns, node.ip, m.containerPort, req, timeoutMs);
      // docker-proxy accepted the connection already: a failed dial is an empty reply
      if (!r.ok && r.error !== 'timeout' && r.error !== 'reset')
        return { kind: 'empty', elapsedMs: r.elapsedMs };
      return toOutcome(r);
    },
  }));
}
