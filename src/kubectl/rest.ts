/**
 * The REST helper every kubectl command talks to the server through.
 *
 * It turns an ApiRequest into what client-go would send (full URL with the query sorted and
 * escaped as Go's url.Values.Encode does, Accept and User-Agent headers), logs it at `-v=6..9`
 * exactly as client-go's round_trippers.go and rest helper do, and turns failures into the
 * errors kubectl prints: a Status becomes a StatusError, a dead server a ConnectionError
 * ("The connection to the server 127.0.0.1:6443 was refused …").
 *
 * Convention with the hosts: a KubeClient whose request() rejects with an Error mentioning
 * "connection refused" (e.g. the simulated API server is stopped) is shown as a refused TCP
 * connection; any other rejection as "Unable to connect to the server: <message>".
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchHandle } from '../api/client';
import { isStatus, type WatchEvent } from '../api/types';
import { goQuote } from '../apimachinery/golang';
import { ConnectionError, type StatusError, statusErrorFromResponse } from './errors';
import type { Logger } from './klog';
import { toCompactJSON } from './printers/json';

export const KUBECTL_VERSION = 'v1.32.4';
export const KUBECTL_GIT_COMMIT = '59526cd4867447956156ae3a602fcbac10a2c335';
export const KUSTOMIZE_VERSION = 'v5.5.0';
export const USER_AGENT = `kubectl/${KUBECTL_VERSION} (linux/amd64) kubernetes/${KUBECTL_GIT_COMMIT.slice(0, 7)}`;

/** Accept header of `kubectl get` (server-side printing). */
export const ACCEPT_TABLE =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
/** Accept header of discovery requests to /api and /apis (aggregated discovery first). */
export const ACCEPT_DISCOVERY =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';
/** Accept header of legacy per-group-version discovery requests. */
export const ACCEPT_JSON_ANY = 'application/json, */*';

/** The server kubectl falls back to without a kubeconfig (and then fails to reach). */
export const DEFAULT_SERVER = 'http://localhost:8080';

const HTTP_STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** `200 OK`, `404 Not Found` (Go's resp.Status). */
export const httpStatusLine = (code: number): string => `${code} ${HTTP_STATUS_TEXT[code] ?? ''}`.trimEnd();

/** Go's url.QueryEscape. */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's url.Values.Encode: keys sorted, `k=v` joined with `&`. */
export function encodeQuery(query: Record<string, string> | undefined): string {
  if (!query) return '';
  return Object.keys(query)
    .sort()
    .map((k) => `${queryEscape(k)}=${queryEscape(query[k]!)}`)
    .join('&');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An HTTP Date header (RFC 1123, GMT) for the simulated time. */
export function httpDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

/** A deterministic UUID-shaped id (for the Audit-Id and priority-and-fairness headers). */
function pseudoUUID(seed: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const c of seed) {
    h1 = Math.imul(h1 ^ c.charCodeAt(0), 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c.charCodeAt(0), 2246822519) >>> 0;
  }
  const hex = (n: number) => n.toString(16).padStart(8, '0');
  const a = hex(h1);
  const b = hex(h2);
  const c = hex(Math.imul(h1 ^ h2, 3266489917) >>> 0);
  const d = hex(Math.imul(h2 + 7, 668265263) >>> 0);
  return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${'89ab'[h1 & 3]}${c.slice(1, 4)}-${c.slice(4)}${d}`;
}

export interface RestClientOptions {
  client: KubeClient;
  /** From the kubeconfig, e.g. `https://127.0.0.1:6443`; empty for no configuration. */
  server: string;
  logger: Logger;
  now: () => number;
  /** Where the server's warnings go (kubectl's stderr); dropped if absent. */
  warningOut?: (text: string) => void;
  /** Highlight `Warning:` in yellow (term.AllowsColorOutput: a terminal, TERM not dumb, no NO_COLOR). */
  warningColor?: boolean;
}

/** The transport kubectl's commands share within one invocation. */
export class RestClient {
  readonly server: string;
  private requestCount = 0;
  private readonly configured: boolean;
  /** Warnings already printed: kubectl's warning writer prints each message once. */
  private readonly warned = new Set<string>();

  constructor(private readonly opts: RestClientOptions) {
    this.configured = opts.server !== '';
    this.server = (opts.server || DEFAULT_SERVER).replace(/\/+$/, '');
  }

  /** `127.0.0.1:6443`, as connection errors print the host. */
  get host(): string {
    return this.server.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  }

  /** The full URL client-go would request. */
  url(path: string, query?: Record<string, string>): string {
    const q = encodeQuery(query);
    return `${this.server}${path}${q ? '?' + q : ''}`;
  }

  private headers(req: ApiRequest): [string, string][] {
    const h: [string, string][] = [];
    h.push(['Accept', req.headers?.accept ?? 'application/json, */*']);
    if (req.body !== undefined) h.push(['Content-Type', req.headers?.contentType ?? 'application/json']);
    h.push(['User-Agent', req.headers?.userAgent ?? USER_AGENT]);
    return h;
  }

  /**
   * One request/response with -v logging. Never throws for API errors (those come back as
   * the response); throws ConnectionError if the server cannot be reached.
   */
  async request(req: ApiRequest): Promise<ApiResponse> {
    const log = this.opts.logger;
    const url = this.url(req.path, req.query);
    const headers = this.headers(req);
    const fullReq: ApiRequest = { ...req, headers: { userAgent: USER_AGENT, ...req.headers } };
    if (!fullReq.headers!.accept) fullReq.headers!.accept = headers[0]![1];
    const bodySource = this.bodySource(req);
    const first = this.requestCount++ === 0;
    const reqBody = req.body === undefined ? '' : toCompactJSON(req.body, { sortKeys: false });
    if (log.v(8)) log.infoS(8, bodySource, 'Request Body', [['body', truncateBody(reqBody, log.v(9))]]);
    if (log.v(9)) {
      const hs = headers.map(([k, v]) => ` -H ${goQuote(`${k}: ${v}`)}`).join('');
      log.info(9, 'round_trippers.go:473', `curl -v -X${req.method} ${hs} '${url}'`);
    } else if (log.v(7)) {
      log.info(7, 'round_trippers.go:470', `${req.method} ${url}`);
      log.info(7, 'round_trippers.go:476', 'Request Headers:');
      for (const [k, v] of headers) log.info(7, 'round_trippers.go:480', `    ${k}: ${v}`);
    }
    const start = this.opts.now();
    let resp: ApiResponse;
    try {
      if (!this.configured) throw new Error('connection refused');
      resp = await this.opts.client.request(fullReq);
    } catch (e) {
      const ms = this.opts.now() - start;
      if (log.v(6)) log.info(6, 'round_trippers.go:560', `${req.method} ${url}  in ${ms} milliseconds`);
      throw this.connectionError(req.method, url, e);
    }
    const ms = Math.max(0, Math.round(this.opts.now() - start));
    const status = httpStatusLine(resp.status);
    if (log.v(9)) {
      if (first) log.info(9, 'round_trippers.go:517', `HTTP Trace: Dial to tcp:${this.hostPort()} succeed`);
      log.info(9, 'round_trippers.go:560', `${req.method} ${url} ${status} in ${ms} milliseconds`);
      log.info(
        9,
        'round_trippers.go:577',
        first
          ? `HTTP Statistics: DNSLookup 0 ms Dial 0 ms TLSHandshake 0 ms ServerProcessing ${ms} ms Duration ${ms} ms`
          : `HTTP Statistics: GetConnection 0 ms ServerProcessing ${ms} ms Duration ${ms} ms`,
      );
    } else if (log.v(7)) {
      log.info(7, 'round_trippers.go:581', `Response Status: ${status} in ${ms} milliseconds`);
    } else if (log.v(6)) {
      log.info(6, 'round_trippers.go:560', `${req.method} ${url} ${status} in ${ms} milliseconds`);
    }
    if (log.v(8)) {
      log.info(8, 'round_trippers.go:584', 'Response Headers:');
      const seed = `${this.requestCount}:${start}:${url}`;
      const respHeaders: [string, string][] = [
        ['Audit-Id', pseudoUUID(seed)],
        ['Cache-Control', 'no-cache, private'],
        ['Content-Type', resp.contentType ?? 'application/json'],
        ['Date', httpDate(this.opts.now())],
        ['X-Kubernetes-Pf-Flowschema-Uid', pseudoUUID('flowschema-global-default')],
        ['X-Kubernetes-Pf-Prioritylevel-Uid', pseudoUUID('prioritylevel-global-default')],
      ];
      for (const [k, v] of respHeaders) log.info(8, 'round_trippers.go:587', `    ${k}: ${v}`);
      const body = typeof resp.body === 'string' ? resp.body : toCompactJSON(resp.body, { sortKeys: false });
      log.infoS(8, bodySource, 'Response Body', [['body', truncateBody(body, log.v(9))]]);
    }
    this.handleWarnings(resp);
    return resp;
  }

  /**
   * rest.NewWarningWriter as kubectl installs it: each `Warning` header of a response is printed
   * on stderr as `Warning: <text>`, once per message per command, as the response arrives.
   */
  private handleWarnings(resp: ApiResponse): void {
    const out = this.opts.warningOut;
    if (!out) return;
    for (const message of resp.warnings ?? []) {
      if (message === '' || this.warned.has(message)) continue;
      this.warned.add(message);
      out(this.opts.warningColor ? `\u001b[33;1mWarning:\u001b[0m ${message}\n` : `Warning: ${message}\n`);
    }
  }

  private hostPort(): string {
    const h = this.host;
    if (h.includes(':')) return h;
    return this.server.startsWith('https') ? `${h}:443` : `${h}:80`;
  }

  /** client-go logs bodies from two helpers; named-object requests come from the second. */
  private bodySource(req: ApiRequest): string {
    const parts = req.path.split('/').filter((p) => p !== '');
    const isCollection =
      parts.length >= 3 && (parts[0] === 'api' ? parts.length % 2 === 1 : parts.length % 2 === 0);
    return isCollection && req.method === 'GET' ? 'helper.go:113' : 'helper.go:105';
  }

  private connectionError(method: string, url: string, e: unknown): ConnectionError {
    const msg = e instanceof Error ? e.message : String(e);
    const verb = method[0]! + method.slice(1).toLowerCase();
    const refused = /refused/i.test(msg) || (e as { code?: string } | null)?.code === 'ECONNREFUSED';
    const inner = refused ? `dial tcp ${this.dialAddress()}: connect: connection refused` : msg;
    return new ConnectionError(this.host, refused, `${verb} ${goQuote(url)}: ${inner}`, inner);
  }

  private dialAddress(): string {
    const hp = this.hostPort();
    return hp.replace(/^localhost:/, '127.0.0.1:');
  }

  /** request() that throws a StatusError for any non-2xx response. */
  async requestOK(req: ApiRequest): Promise<ApiResponse> {
    const resp = await this.request(req);
    if (resp.status < 200 || resp.status > 299) throw this.statusError(resp);
    return resp;
  }

  /** A StatusError for a failed response, with helpers.go's -v=4 "server response object" line. */
  statusError(resp: ApiResponse): StatusError {
    const err = statusErrorFromResponse(resp.status, resp.body);
    const log = this.opts.logger;
    if (log.v(4) && isStatus(resp.body)) {
      log.info(4, 'helpers.go:246', `server response object: %s[${goStatusJSON(resp.body)}]`);
    }
    return err;
  }

  /** GET and decode, throwing StatusError on failure. */
  async get<T = unknown>(path: string, query?: Record<string, string>, accept?: string): Promise<T> {
    const resp = await this.requestOK({
      method: 'GET',
      path,
      query,
      headers: accept ? { accept } : undefined,
    });
    return resp.body as T;
  }

  /** Start a watch (`GET …?watch=true`), logging it like a request. Throws StatusError if refused. */
  async watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchHandle> {
    const log = this.opts.logger;
    const query = { ...req.query, watch: 'true' };
    const url = this.url(req.path, query);
    const start = this.opts.now();
    const fullReq: ApiRequest = { ...req, query, headers: { userAgent: USER_AGENT, ...req.headers } };
    if (log.v(7) && !log.v(9)) {
      log.info(7, 'round_trippers.go:470', `GET ${url}`);
      log.info(7, 'round_trippers.go:476', 'Request Headers:');
      for (const [k, v] of this.headers(req)) log.info(7, 'round_trippers.go:480', `    ${k}: ${v}`);
    }
    let result;
    try {
      if (!this.configured) throw new Error('connection refused');
      result = await this.opts.client.watch(fullReq, onEvent);
    } catch (e) {
      if (log.v(6)) log.info(6, 'round_trippers.go:560', `GET ${url}  in 0 milliseconds`);
      throw this.connectionError('GET', url, e);
    }
    const ms = Math.max(0, Math.round(this.opts.now() - start));
    const status = httpStatusLine(result.ok ? 200 : result.response.status);
    if (log.v(7) && !log.v(9))
      log.info(7, 'round_trippers.go:581', `Response Status: ${status} in ${ms} milliseconds`);
    else if (log.v(6)) log.info(6, 'round_trippers.go:560', `GET ${url} ${status} in ${ms} milliseconds`);
    if (!result.ok) {
      this.handleWarnings(result.response);
      throw this.statusError(result.response);
    }
    return result.handle;
  }
}

/** Go's `%q`-free truncation of logged bodies: 1024 bytes at -v=8, 10240 at -v=9. */
function truncateBody(body: string, v9: boolean): string {
  const max = v9 ? 10240 : 1024;
  if (body.length <= max) return body;
  return `${body.slice(0, max)} [truncated ${body.length - max} chars]`;
}

/** The Status as Go's json.MarshalIndent(status, "", "  ") of the typed struct prints it. */
function goStatusJSON(s: unknown): string {
  const st = s as Record<string, unknown>;
  const ordered: Record<string, unknown> = {
    kind: st.kind,
    apiVersion: st.apiVersion,
    metadata: st.metadata ?? {},
    status: st.status,
    message: st.message,
    reason: st.reason,
    details: st.details,
    code: st.code,
  };
  for (const k of Object.keys(ordered)) {
    const v = ordered[k];
    if (v === undefined || v === '' || (k === 'details' && v === null)) delete ordered[k];
  }
  if (ordered.details && typeof ordered.details === 'object') {
    const d = ordered.details as Record<string, unknown>;
    const od: Record<string, unknown> = {};
    for (const k of ['name', 'group', 'kind', 'uid', 'causes', 'retryAfterSeconds']) {
      if (d[k] !== undefined && d[k] !== '' && d[k] !== 0) od[k] = d[k];
    }
    ordered.details = od;
  }
  return indentJSON(ordered, '');
}

function indentJSON(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${indent}  ${indentJSON(x, indent + '  ')}`).join(',\n')}\n${indent}]`;
  }
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 0) return '{}';
    return `{\n${keys.map((k) => `${indent}  ${JSON.stringify(k)}: ${indentJSON((v as Record<string, unknown>)[k], indent + '  ')}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
