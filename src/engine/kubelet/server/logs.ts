/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log` — the pods/log subresource.
 *
 * Query (PodLogOptions): `container`, `previous`, `tailLines`, `sinceSeconds`, `sinceTime`
 * (RFC 3339, fractions allowed), `timestamps`, `limitBytes`, `follow`.
 * Answer: 200 `text/plain` with the log text, or a Status with the API server's / kubelet's
 * message (`a container name must be specified for pod web, choose one of: [a b]`,
 * `previous terminated container "web" in pod "web" not found`,
 * `container "web" in pod "web" is waiting to start: ContainerCreating` …).
 *
 * A plain request returns what is there now, also with `follow=true`. To follow, open the same
 * path with `KubeClient.watch` (see ./streams.ts): it sends what is there, then new lines as
 * they are written, and ends when the container stops.
 */
import type { ApiResponse } from '../../../api/client';
import type { KubeObject, Status } from '../../../api/types';
import type { SubresourceRequest } from '../../api/registry';
import type { KubeletSet } from '../index';
import { formatEntries, parseLogTime, type LogEntry, type LogQuery } from '../runtime/logs';
import type { Container } from '../runtime/containerd';
import { badRequest, locate, logContainer, notFound } from './resolve';

export interface LogRequest {
  container: Container;
  query: LogQuery;
  follow: boolean;
}

const truthy = (v: string | undefined) => v === 'true' || v === '1';

export function parseLogQuery(q: Record<string, string>, now: number): LogQuery | Status {
  const out: LogQuery = { timestamps: truthy(q.timestamps) };
  if (q.tailLines !== undefined) {
    const n = Number(q.tailLines);
    if (!Number.isInteger(n))
      return badRequest(`strconv.ParseInt: parsing ${JSON.stringify(q.tailLines)}: invalid syntax`);
    if (n >= 0) out.tailLines = n;
  }
  if (q.limitBytes !== undefined) {
    const n = Number(q.limitBytes);
    if (!Number.isInteger(n) || n < 1)
      return badRequest(`limitBytes: Invalid value: ${q.limitBytes}: must be greater than 0`);
    out.limitBytes = n;
  }
  if (q.sinceSeconds !== undefined) {
    const n = Number(q.sinceSeconds);
    if (!Number.isInteger(n) || n < 1)
      return badRequest(`sinceSeconds: Invalid value: ${q.sinceSeconds}: must be greater than 0`);
    out.sinceNs = BigInt(now - n * 1000) * 1_000_000n;
  }
  if (q.sinceTime !== undefined) {
    const t = parseLogTime(q.sinceTime);
    if (t === undefined)
      return badRequest(
        `parsing time ${JSON.stringify(q.sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(q.sinceTime)} as "2006"`,
      );
    if (out.sinceNs !== undefined)
      return badRequest('at most one of `sinceTime` or `sinceSeconds` may be specified');
    out.sinceNs = t;
  }
  return out;
}

/** Resolve a log request to a container instance and a query (shared by GET and follow). */
export function resolveLogRequest(
  set: KubeletSet,
  server: { get(r: string, ns: string, n: string): KubeObject | undefined },
  namespace: string,
  name: string,
  q: Record<string, string>,
  now: number,
): LogRequest | Status | 'empty' {
  const pod = server.get('pods', namespace, name);
  if (!pod) return notFound(name);
  const query = parseLogQuery(q, now);
  if ('code' in query) return query;
  const l = locate(set, pod as never, q.container, `containerLogs/${namespace}/${name}/${q.container ?? ''}`);
  if (!l) return 'empty';
  if ('code' in l) return l;
  const c = logContainer(l, truthy(q.previous));
  if ('code' in c) return c;
  return { container: c, query, follow: truthy(q.follow) && !truthy(q.previous) };
}

export function serveLogs(
  set: KubeletSet,
  server: { get(r: string, ns: string, n: string): KubeObject | undefined },
  now: () => number,
) {
  return (req: SubresourceRequest): ApiResponse => {
    if (req.request.method !== 'GET')
      return failure(badRequest('the server does not allow this method on the requested resource'), 405);
    const r = resolveLogRequest(
      set,
      server,
      req.namespace ?? 'default',
      req.name,
      req.request.query ?? {},
      now(),
    );
    if (r === 'empty') return { status: 200, body: '', contentType: 'text/plain' };
    if ('code' in r) return failure(r);
    return { status: 200, body: r.container.log.read(r.query), contentType: 'text/plain' };
  };
}

export function failure(s: Status, code = s.code): ApiResponse {
  return { status: code, body: { ...s, code }, contentType: 'application/json' };
}

export { formatEntries };
export type { LogEntry };
