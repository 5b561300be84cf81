/**
 * What the simulator can do today, found out by trying it on a fresh cluster (never by a list
 * somebody must remember to update). Lessons and steps declare `requires: [...]`; the replay
 * test skips what needs a missing capability, with the reason, and replays it as soon as the
 * capability works — at which point the step must pass.
 *
 * A missing capability fails the replay unless BREAKFIX_ALLOW_GATED_LESSONS=1 (see requireAll).
 */
import type { KubeObject } from '../../src/api/types';
import type { Capability } from '../../src/lessons/types';
import { CliLessonHost } from './support';

export interface Probe {
  ok: boolean;
  /** What was tried and what happened. */
  reason: string;
}

type Host = CliLessonHost;

async function get(host: Host, path: string): Promise<KubeObject | undefined> {
  const res = await host.client.request({ method: 'GET', path });
  return res.status === 200 ? (res.body as KubeObject) : undefined;
}

async function post(host: Host, path: string, body: unknown): Promise<void> {
  const res = await host.client.request({ method: 'POST', path, body });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Advance up to `ms` in 1 s steps until `done` holds. */
async function waitFor(host: Host, ms: number, done: () => Promise<boolean>): Promise<boolean> {
  for (let t = 0; t <= ms; t += 1000) {
    if (await done()) return true;
    host.advance(1000);
  }
  return false;
}

const pod = (name: string, extra: Record<string, unknown> = {}): unknown => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { probe: name } },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25.3', ports: [{ containerPort: 80 }] }], ...extra },
});

const isReady = (o: KubeObject | undefined): boolean =>
  ((o?.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === 'Ready' && c.status === 'True',
  );

async function kubectlVerb(verb: string): Promise<Probe> {
  const host = new CliLessonHost('kind');
  const { output } = await host.run(`kubectl help ${verb}`);
  return output.includes('Unknown help topic')
    ? { ok: false, reason: `kubectl ${verb} is not implemented yet (kubectl help ${verb}: unknown topic)` }
    : { ok: true, reason: `kubectl ${verb} is registered` };
}

const probes: Record<string, () => Promise<Probe>> = {
  async scheduler() {
    const host = new CliLessonHost('kind');
    await post(host, '/api/v1/namespaces/default/pods', pod('probe-scheduler'));
    const ok = await waitFor(host, 10_000, async () => {
      const p = await get(host, '/api/v1/namespaces/default/pods/probe-scheduler');
      return Boolean((p?.spec as { nodeName?: string } | undefined)?.nodeName);
    });
    return ok
      ? { ok, reason: 'a new pod got a node' }
      : { ok, reason: 'a new pod got no node within 10 s (no scheduler yet)' };
  },
  async kubelet() {
    const host = new CliLessonHost('kind');
    await post(host, '/api/v1/namespaces/default/pods', pod('probe-kubelet', { nodeName: 'kind-control-plane' }));
    const ok = await waitFor(host, 120_000, async () =>
      isReady(await get(host, '/api/v1/namespaces/default/pods/probe-kubelet')),
    );
    return ok
      ? { ok, reason: 'a pod bound to a node became Ready' }
      : { ok, reason: 'a pod bound to kind-control-plane did not become Ready within 120 s (no kubelet yet)' };
  },
  async logs() {
    const host = new CliLessonHost('kind');
    await post(host, '/api/v1/namespaces/default/pods', pod('probe-logs', { nodeName: 'kind-control-plane' }));
    let status = 0;
    const ok = await waitFor(host, 120_000, async () => {
      const res = await host.client.request({ method: 'GET', path: '/api/v1/namespaces/default/pods/probe-logs/log' });
      status = res.status;
      return res.status === 200;
    });
    return ok
      ? { ok, reason: 'the log of a running pod can be read' }
      : { ok, reason: `GET pods/probe-logs/log did not answer 200 within 120 s (last: ${status})` };
  },
  async exec() {
    const verb = await kubectlVerb('exec');
    if (!verb.ok) return verb;
    const kubelet = await probes.kubelet!();
    return kubelet.ok ? { ok: true, reason: 'kubectl exec and the kubelet exist' } : kubelet;
  },
  'port-forward': () => kubectlVerb('port-forward'),
  debug: () => kubectlVerb('debug'),
  async workloads() {
    const host = new CliLessonHost('kind');
    await post(host, '/apis/apps/v1/namespaces/default/deployments', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'probe' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'probe' } },
        template: { metadata: { labels: { app: 'probe' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25.3' }] } },
      },
    });
    const ok = await waitFor(host, 10_000, async () => {
      const res = await host.client.request({
        method: 'GET',
        path: '/api/v1/namespaces/default/pods',
        query: { labelSelector: 'app=probe' },
      });
      return res.status === 200 && (res.body as { items: unknown[] }).items.length > 0;
    });
    return ok
      ? { ok, reason: 'a Deployment made a pod' }
      : { ok, reason: 'a Deployment made no pod within 10 s (no Deployment/ReplicaSet controllers yet)' };
  },
  async jobs() {
    const host = new CliLessonHost('kind');
    await post(host, '/apis/batch/v1/namespaces/default/jobs', {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'probe' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'ubuntu:22.04', command: ['date'] }] } } },
    });
    const ok = await waitFor(host, 10_000, async () => {
      const res = await host.client.request({
        method: 'GET',
        path: '/api/v1/namespaces/default/pods',
        query: { labelSelector: 'job-name=probe' },
      });
      return res.status === 200 && (res.body as { items: unknown[] }).items.length > 0;
    });
    return ok
      ? { ok, reason: 'a Job made a pod' }
      : { ok, reason: 'a Job made no pod within 10 s (no Job controller yet)' };
  },
  async endpoints() {
    const host = new CliLessonHost('kind');
    await post(host, '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'probe' },
      spec: { selector: { probe: 'probe-endpoints' }, ports: [{ port: 80 }] },
    });
    await post(host, '/api/v1/namespaces/default/pods', pod('probe-endpoints', { nodeName: 'kind-control-plane' }));
    const ok = await waitFor(host, 120_000, async () => {
      const ep = await get(host, '/api/v1/namespaces/default/endpoints/probe');
      return ((ep?.subsets as { addresses?: unknown[] }[] | undefined) ?? []).some((s) => (s.addresses ?? []).length > 0);
    });
    return ok
      ? { ok, reason: 'a Service got an endpoint for a Ready pod' }
      : { ok, reason: 'a Service selecting a pod got no ready endpoint within 120 s (needs the kubelet and the endpoints controller)' };
  },
  async dns() {
    // A Service in front of hello-server, and a pod that curls it by its DNS name: needs DNS,
    // endpoints and the Service's virtual IP to work together, as the lessons do.
    const host = new CliLessonHost('kind');
    await post(host, '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'probe' },
      spec: { selector: { probe: 'probe-dns-server' }, ports: [{ port: 8080, targetPort: 8080 }] },
    });
    await post(host, '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe-dns-server', labels: { probe: 'probe-dns-server' } },
      spec: { containers: [{ name: 'c', image: 'blux2/hello-server:1.0' }] },
    });
    host.advance(30_000);
    await post(host, '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe-dns-client' },
      spec: {
        restartPolicy: 'Never',
        containers: [
          { name: 'c', image: 'curlimages/curl:8.4.0', command: ['curl', '-s', 'probe.default.svc.cluster.local:8080'] },
        ],
      },
    });
    let phase = '';
    const ok = await waitFor(host, 120_000, async () => {
      const p = await get(host, '/api/v1/namespaces/default/pods/probe-dns-client');
      phase = ((p?.status as { phase?: string } | undefined)?.phase ?? '') as string;
      return phase === 'Succeeded';
    });
    return ok
      ? { ok, reason: 'a pod reached a Service by its DNS name' }
      : { ok, reason: `curl from a pod to a Service's DNS name did not succeed within 120 s (pod phase ${phase || 'unknown'})` };
  },
  async http() {
    // hello-server behind a NodePort on the kind-nodeport cluster, reached as curl
    // localhost:30599 would reach it.
    const host = new CliLessonHost('kind-nodeport');
    await post(host, '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'probe' },
      spec: { type: 'NodePort', selector: { probe: 'probe-http' }, ports: [{ port: 8080, targetPort: 8080, nodePort: 30599 }] },
    });
    await post(host, '/api/v1/namespaces/default/pods', {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probe-http', labels: { probe: 'probe-http' } },
      spec: { containers: [{ name: 'c', image: 'blux2/hello-server:1.0' }] },
    });
    let last = '';
    const ok = await waitFor(host, 120_000, async () => {
      const r = await host.http({ from: 'host', url: 'http://localhost:30599/', method: 'GET' });
      last = r.ok ? `${r.status} ${r.body}` : r.error;
      return r.ok && r.status === 200;
    });
    return ok
      ? { ok, reason: 'curl localhost:30599 reached a pod through a NodePort' }
      : { ok, reason: `a request to localhost:30599 (NodePort) did not answer 200 within 120 s (last: ${last})` };
  },
};

const cache = new Map<string, Promise<Probe>>();

/** Probe a capability (once per test file). */
export function probe(c: Capability): Promise<Probe> {
  let p = cache.get(c);
  if (!p) {
    const fn = c.startsWith('kubectl:') ? () => kubectlVerb(c.slice('kubectl:'.length)) : probes[c];
    p = fn ? fn() : Promise.resolve({ ok: false, reason: `unknown capability ${c}` });
    cache.set(c, p);
  }
  return p;
}

/**
 * Every capability the lessons use exists now, so a missing one is a regression and fails the
 * replay. Set BREAKFIX_ALLOW_GATED_LESSONS=1 only while writing a lesson ahead of its feature.
 */
export const requireAll = process.env.BREAKFIX_ALLOW_GATED_LESSONS !== '1';
