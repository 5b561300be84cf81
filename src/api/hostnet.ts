/**
 * The learner's own machine as commands see it: its loopback network, where `kubectl
 * port-forward` listens and where `curl localhost:PORT` connects, including the ports Docker
 * publishes for kind's extraPortMappings (`localhost:30599` → the node's NodePort).
 *
 * It is host state, not cluster state: the session owns it (src/session/hostnet.ts) and hands it
 * to the shells; kubectl reaches the cluster only through the API (a port-forward stream is a
 * request to the `pods/portforward` subresource).
 *
 * HTTP is modelled per connection: one request, one response (or the way the connection ended).
 */

export interface HostHttpRequest {
  method: string;
  /** Path with the query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface HostHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * How a connection went:
 *  - `response`: an HTTP answer;
 *  - `refused`: nothing listens on the port (curl: (7) Couldn't connect to server);
 *  - `empty`: accepted, then closed without an answer (curl: (52) Empty reply from server);
 *  - `reset`: reset by the peer (curl: (56) Recv failure);
 *  - `timeout`: no answer before the client's timeout (curl: (28)).
 */
export type HostHttpOutcome =
  | { kind: 'response'; response: HostHttpResponse; elapsedMs: number }
  | { kind: 'refused' | 'empty' | 'reset' | 'timeout'; elapsedMs: number };

/** Serves one accepted connection (a port-forward, docker-proxy). */
export type HostConnectionHandler = (
  req: HostHttpRequest,
  opts: { timeoutMs: number; signal?: AbortSignal },
) => Promise<HostHttpOutcome>;

export interface HostListener {
  readonly address: string;
  readonly port: number;
  readonly owner: string;
  close(): void;
}

export interface HostNetwork {
  /**
   * bind + listen on `address` (`127.0.0.1`, `::1`, `0.0.0.0`) and `port` (0: any free port).
   * Fails with the Go/POSIX error text, e.g. `listen tcp4 127.0.0.1:5555: bind: address already in use`.
   */
  listen(
    address: string,
    port: number,
    owner: string,
    handler: HostConnectionHandler,
  ): HostListener | { error: string };
  /** Connect to `host:port` (localhost, 127.0.0.1, ::1) and send one HTTP request. */
  request(
    host: string,
    port: number,
    req: HostHttpRequest,
    opts: { timeoutMs: number; signal?: AbortSignal },
  ): Promise<HostHttpOutcome>;
  /** Who listens where (for `ss`/`lsof`-like views and tests). */
  listeners(): readonly HostListener[];
}

// ---- the pods/portforward stream ------------------------------------------------------------

/** The body of `POST /api/v1/namespaces/{ns}/pods/{name}/portforward?ports=N`: one connection. */
export interface PortForwardConnection {
  apiVersion: 'v1';
  kind: 'PortForwardConnection';
  port: number;
  request: HostHttpRequest;
  timeoutMs: number;
}

/**
 * What came back on the connection's data and error streams: the response (or how the data
 * stream ended) and, when the kubelet could not connect, the error stream's message
 * (`error forwarding port 8080 to pod …: … connect: connection refused`).
 */
export interface PortForwardResult {
  apiVersion: 'v1';
  kind: 'PortForwardResult';
  outcome: HostHttpOutcome;
  error?: string;
}
