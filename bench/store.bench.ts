/**
 * API server store benchmarks (issue: Foundation): 100k creates, 100k updates, listing 10k pods
 * by label selector, and watch fan-out to 10 watchers. Everything goes through `handle()` — the
 * same REST path kubectl and the controllers use, with admission (decode, defaults, validation).
 */
import { ApiServer } from '../src/engine/api/server';
import { SimClock } from '../src/engine/clock';
import { Rand } from '../src/engine/rand';
import type { BenchResult } from './types';

function podBody(name: string, labels: Record<string, string>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25.3' }] },
  };
}

function newServer(): { server: ApiServer; clock: SimClock } {
  const clock = new SimClock();
  const server = new ApiServer({ clock, rand: new Rand(1) });
  server.handle({
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } },
  });
  clock.settle();
  return { server, clock };
}

const ms = (t0: number) => performance.now() - t0;

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const { server, clock } = newServer();

  // 100k creates (pods with admission: strict decode, defaulting, validation).
  const N = 100_000;
  let t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = server.handle({
      method: 'POST',
      path: '/api/v1/namespaces/bench/pods',
      body: podBody(`p-${i}`, { app: i % 10 === 0 ? 'web' : 'other', shard: String(i % 7) }),
    });
    if (r.status !== 201) throw new Error(`create failed: ${JSON.stringify(r.body)}`);
  }
  clock.settle();
  const createMs = ms(t0);
  results.push({ name: 'store/create-100k-pods', value: createMs, unit: 'ms', goal: '< 1000 ms' });

  // 100k updates (PUT of labels, optimistic concurrency checked).
  t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = server.handle({
      method: 'PATCH',
      path: `/api/v1/namespaces/bench/pods/p-${i}`,
      headers: { contentType: 'application/merge-patch+json' },
      body: { metadata: { labels: { touched: 'yes' } } },
    });
    if (r.status !== 200) throw new Error(`update failed: ${JSON.stringify(r.body)}`);
  }
  clock.settle();
  results.push({ name: 'store/update-100k-pods', value: ms(t0), unit: 'ms' });

  // List 10k pods with a selector, in a namespace of 10k pods (the goal's shape).
  const { server: s2, clock: c2 } = newServer();
  for (let i = 0; i < 10_000; i++) {
    s2.handle({
      method: 'POST',
      path: '/api/v1/namespaces/bench/pods',
      body: podBody(`p-${i}`, { app: i % 2 ? 'web' : 'db' }),
    });
  }
  c2.settle();
  const samples: number[] = [];
  for (let k = 0; k < 20; k++) {
    t0 = performance.now();
    const r = s2.handle({
      method: 'GET',
      path: '/api/v1/namespaces/bench/pods',
      query: { labelSelector: 'app=web' },
    });
    samples.push(ms(t0));
    if ((r.body as { items: unknown[] }).items.length !== 5000) throw new Error('wrong list size');
  }
  samples.sort((a, b) => a - b);
  results.push({
    name: 'store/list-10k-pods-selector (median of 20)',
    value: samples[10]!,
    unit: 'ms',
    goal: '< 5 ms',
  });

  // Watch fan-out: 10 watchers with different selectors, 10k writes.
  const { server: s3, clock: c3 } = newServer();
  let delivered = 0;
  for (let w = 0; w < 10; w++) {
    s3.watch(
      {
        method: 'GET',
        path: '/api/v1/namespaces/bench/pods',
        query: { watch: 'true', labelSelector: w % 2 ? 'app=web' : '' },
      },
      () => void delivered++,
    );
  }
  t0 = performance.now();
  for (let i = 0; i < 10_000; i++) {
    s3.handle({
      method: 'POST',
      path: '/api/v1/namespaces/bench/pods',
      body: podBody(`p-${i}`, { app: i % 2 ? 'web' : 'db' }),
    });
  }
  c3.settle();
  results.push({
    name: 'store/watch-fanout-10-watchers-10k-writes',
    value: ms(t0),
    unit: 'ms',
    note: `${delivered} events delivered`,
  });
  return results;
}
