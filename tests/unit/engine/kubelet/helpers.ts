/** A kind cluster with kubelets, and terse helpers for the kubelet tests. */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject, WatchEvent } from '../../../../src/api/types';
import { createClusterInternals, type ClusterInternals } from '../../../../src/engine/cluster';
import { podSummary } from '../../../../src/engine/api/printers/pod';
import type { ClusterOptions } from '../../../../src/engine/types';

export interface EventRow {
  type: string;
  reason: string;
  message: string;
  count: number;
  first: string;
  last: string;
  fieldPath?: string;
}

export interface KubeletTestCluster extends ClusterInternals {
  call<T = KubeObject>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
    query?: Record<string, string>,
  ): T;
  raw(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    query?: Record<string, string>,
    contentType?: string,
  ): { status: number; body: unknown };
  createPod(
    name: string,
    spec: Record<string, unknown>,
    meta?: Record<string, unknown>,
    namespace?: string,
  ): Pod;
  pod(name: string, namespace?: string): Pod | undefined;
  /** [READY, STATUS, RESTARTS] as kubectl get shows them. */
  row(name: string, namespace?: string): [string, string, string];
  advance(ms: number): void;
  /** Advance in steps until `pred` holds; returns the elapsed ms, or throws. */
  until(pred: () => boolean, maxMs: number, stepMs?: number): number;
  /** Every distinct row the pod shows while time advances (a `kubectl get -w`). */
  watchRows(name: string, ms: number, stepMs?: number, namespace?: string): string[];
  events(name?: string, namespace?: string): EventRow[];
  /** Open a stream (logs -f, exec, attach) through the cluster's client and collect its events. */
  stream(
    path: string,
    query?: Record<string, string>,
    body?: unknown,
  ): Promise<{
    ok: boolean;
    response?: unknown;
    events: WatchEvent[];
    stop(): void;
    text(): string;
    end(): unknown;
  }>;
}

export function kubeletCluster(opts: ClusterOptions = {}): KubeletTestCluster {
  const c = createClusterInternals(opts);
  const raw = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    query?: Record<string, string>,
    contentType?: string,
  ) => {
    const res = c.server.handle({
      method,
      path,
      body,
      query,
      headers: contentType ? { contentType } : undefined,
    });
    c.clock.settle();
    return { status: res.status, body: structuredClone(res.body) };
  };
  const call = <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    contentType?: string,
    query?: Record<string, string>,
  ): T => {
    const res = raw(method, path, body, query, contentType);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  };
  const pod = (name: string, ns = 'default') => {
    const r = c.server.handle({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods/${name}` });
    return r.status === 200 ? (structuredClone(r.body) as Pod) : undefined;
  };
  const row = (name: string, ns = 'default'): [string, string, string] => {
    const p = pod(name, ns);
    if (!p) return ['', 'gone', ''];
    const s = podSummary(p, c.clock.now());
    return [s.ready, s.status, s.restarts];
  };
  const t: KubeletTestCluster = {
    ...c,
    call,
    raw,
    createPod(name, spec, meta = {}, namespace = 'default') {
      const node = c.cluster.preset.nodes[0]!.name;
      return call<Pod>('POST', `/api/v1/namespaces/${namespace}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name, ...meta },
        spec: { nodeName: node, ...spec },
      });
    },
    pod,
    row,
    advance(ms) {
      c.clock.advance(ms);
    },
    until(pred, maxMs, stepMs = 100) {
      let waited = 0;
      while (!pred()) {
        if (waited >= maxMs) throw new Error(`condition not met within ${maxMs} ms`);
        c.clock.advance(stepMs);
        waited += stepMs;
      }
      return waited;
    },
    watchRows(name, ms, stepMs = 250, ns = 'default') {
      const out: string[] = [];
      let last = '';
      for (let waited = 0; waited <= ms; waited += stepMs) {
        const r = row(name, ns);
        const line = `${r[0]} ${r[1]} ${r[2].replace(/ \(.*\)$/, '')}`;
        if (line !== last) out.push(line);
        last = line;
        c.clock.advance(stepMs);
      }
      return out;
    },
    events(name, ns = 'default') {
      return (c.server.list('events', { namespace: ns }) as KubeObject[])
        .filter((e) => name === undefined || (e.involvedObject as { name: string }).name === name)
        .map((e) => ({
          type: e.type as string,
          reason: e.reason as string,
          message: e.message as string,
          count: e.count as number,
          first: e.firstTimestamp as string,
          last: e.lastTimestamp as string,
          fieldPath: (e.involvedObject as { fieldPath?: string }).fieldPath,
        }))
        .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
    },
    async stream(path, query, body) {
      const events: WatchEvent[] = [];
      const r = await c.cluster.client.watch({ method: 'GET', path, query, body }, (e) => events.push(e));
      const chunks = () =>
        events
          .filter((e) => (e.object as { kind: string }).kind === 'StreamChunk')
          .map((e) => (e.object as unknown as { data: string }).data);
      return {
        ok: r.ok,
        response: r.ok ? undefined : r.response.body,
        events,
        stop: () => {
          if (r.ok) r.handle.stop();
        },
        text: () => chunks().join(''),
        end: () =>
          (
            events.find((e) => (e.object as { kind: string }).kind === 'StreamEnd')?.object as unknown as
              { status: unknown } | undefined
          )?.status,
      };
    },
  };
  return t;
}

/** `docker.io/…` pods from the book, bound to the node. */
export const secs = (n: number) => n * 1000;
