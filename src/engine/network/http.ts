/**
 * HTTP between simulated processes: the request and response shapes, Go's net/http status texts,
 * and the error strings Go clients print (the kubelet's prober and every Go program in the
 * catalog). curl and wget format their own errors (src/engine/kubelet/images/).
 */

export interface HttpRequest {
  method: string;
  /** Path with the query string, e.g. `/healthz?verbose=1`. */
  path: string;
  /** Header names in canonical form (`User-Agent`, `Host`). */
  headers: Record<string, string>;
  body: string;
  /** `ip:port` of the client. */
  remoteAddr: string;
  /** `ip:port` the client connected to. */
  localAddr: string;
}

export interface HttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Why a connection or request failed. */
export type NetErrorKind =
  /** Nothing listens on the port (the address exists): ECONNREFUSED, at once. */
  | 'refused'
  /** The address is in a pod range but nobody has it: EHOSTUNREACH after the ARP timeout. */
  | 'unreachable'
  /** No answer at all (a black hole, or a server that never answers): the client's timeout. */
  | 'timeout'
  /** The peer closed the connection without answering (the server process died). */
  | 'eof'
  /** The peer reset the connection. */
  | 'reset';

export type HttpResult =
  | { ok: true; response: HttpResponse; elapsedMs: number }
  | { ok: false; error: NetErrorKind; elapsedMs: number };

/** http.StatusText */
export const STATUS_TEXT: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export const statusText = (code: number): string => STATUS_TEXT[code] ?? '';

/** `dial tcp 10.244.0.7:8081: connect: connection refused` (net.OpError as Go prints it). */
export function goDialError(kind: NetErrorKind, ip: string, port: number): string {
  switch (kind) {
    case 'refused':
      return `dial tcp ${ip}:${port}: connect: connection refused`;
    case 'unreachable':
      return `dial tcp ${ip}:${port}: connect: no route to host`;
    case 'timeout':
      return `dial tcp ${ip}:${port}: i/o timeout`;
    case 'reset':
      return `read tcp ${ip}:${port}: read: connection reset by peer`;
    case 'eof':
      return 'EOF';
  }
}

/**
 * The error of a Go `http.Client.Do` (url.Error): `Get "http://10.244.0.7:8081/health": dial tcp
 * 10.244.0.7:8081: connect: connection refused`, or, when the client's Timeout expired,
 * `Get "…": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`.
 */
export function goHttpClientError(
  method: string,
  url: string,
  kind: NetErrorKind,
  ip: string,
  port: number,
): string {
  const op = method.charAt(0).toUpperCase() + method.slice(1).toLowerCase();
  if (kind === 'timeout')
    return `${op} "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  return `${op} "${url}": ${goDialError(kind, ip, port)}`;
}

/** Canonical header key (textproto.CanonicalMIMEHeaderKey): `content-type` → `Content-Type`. */
export function canonicalHeaderKey(k: string): string {
  return k
    .split('-')
    .map((p) => (p ? p[0]!.toUpperCase() + p.slice(1).toLowerCase() : p))
    .join('-');
}

/** Go's http.NotFound body. */
export const GO_NOT_FOUND: HttpResponse = {
  status: 404,
  headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
  body: '404 page not found\n',
};
