import type { ApiRequest, ApiResponse } from '../../../../src/api/client';
import type { KubeObject, Status, WatchEvent } from '../../../../src/api/types';
import { SimClock } from '../../../../src/engine/clock';
import { Rand } from '../../../../src/engine/rand';
import { ApiServer, type ApiServerOptions } from '../../../../src/engine/api/server';

export interface Harness {
  server: ApiServer;
  clock: SimClock;
  req(method: ApiRequest['method'], path: string, body?: unknown, extra?: Partial<ApiRequest>): ApiResponse;
  /** A request that must succeed; returns the body. */
  ok<T = KubeObject>(
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    extra?: Partial<ApiRequest>,
  ): T;
  /** A request that must fail; returns the Status. */
  fail(method: ApiRequest['method'], path: string, body?: unknown, extra?: Partial<ApiRequest>): Status;
  ns(name: string): KubeObject;
  /** Collects watch events; `events` fills as the clock settles. */
  watch(
    path: string,
    query?: Record<string, string>,
    headers?: ApiRequest['headers'],
  ): { events: WatchEvent[]; stop(): void };
}

/** An API server with no per-kind strategies (so tests exercise only the generic machinery). */
export function harness(opts: Partial<ApiServerOptions> = {}): Harness {
  const clock = new SimClock();
  const server = new ApiServer({ clock, rand: new Rand(42), strategies: {}, ...opts });
  const req = (
    method: ApiRequest['method'],
    path: string,
    body?: unknown,
    extra: Partial<ApiRequest> = {},
  ): ApiResponse => {
    const [p, qs] = path.split('?');
    const query: Record<string, string> = { ...(extra.query ?? {}) };
    if (qs)
      for (const kv of qs.split('&')) {
        const i = kv.indexOf('=');
        query[decodeURIComponent(kv.slice(0, i))] = decodeURIComponent(kv.slice(i + 1));
      }
    return server.handle({ method, path: p!, body, ...extra, query });
  };
  const h: Harness = {
    server,
    clock,
    req,
    ok(method, path, body, extra) {
      const r = req(method, path, body, extra);
      if (r.status >= 300) throw new Error(`${method} ${path} → ${r.status}: ${JSON.stringify(r.body)}`);
      return r.body as never;
    },
    fail(method, path, body, extra) {
      const r = req(method, path, body, extra);
      if (r.status < 300)
        throw new Error(`${method} ${path} unexpectedly succeeded: ${JSON.stringify(r.body)}`);
      return r.body as Status;
    },
    ns(name) {
      return h.ok('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
    },
    watch(path, query = {}, headers) {
      const events: WatchEvent[] = [];
      const res = server.watch({ method: 'GET', path, query: { watch: 'true', ...query }, headers }, (e) =>
        events.push(e),
      );
      if (!res.ok) throw new Error(`watch failed: ${JSON.stringify(res.response.body)}`);
      return { events, stop: () => res.handle.stop() };
    },
  };
  return h;
}

export const cm = (
  name: string,
  data: Record<string, string> = {},
  extraMeta: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extraMeta },
  data,
});

export const pod = (
  name: string,
  labels: Record<string, string> = {},
  spec: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
});

export const deployment = (name: string, replicas = 1): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
});
