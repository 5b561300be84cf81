/**
 * The describers against the real kubectl v1.32.4: captured.json holds what kubectl printed for
 * the objects of objects.mjs (served by a fake API server; see capture.mjs), and each describer
 * must print the same bytes and send the same requests.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DescribeClient } from '../../../../src/kubectl/describe/client';
import { describerFor, type DescribeMapping } from '../../../../src/kubectl/describe/describers';
import { FakeApi } from './fakeapi';
import { OBJECTS, materialize } from './fixtures/objects.mjs';

interface Captured {
  base: number;
  results: { args: string[]; stdout: string; stderr: string; code: number; requests: string[] }[];
}
const captured = JSON.parse(
  readFileSync(new URL('./fixtures/captured.json', import.meta.url), 'utf8'),
) as Captured;

const M = (group: string, version: string, kind: string, resource: string): DescribeMapping => ({
  group,
  version,
  kind,
  resource,
});
const TYPES: Record<string, DescribeMapping> = {
  node: M('', 'v1', 'Node', 'nodes'),
  pod: M('', 'v1', 'Pod', 'pods'),
  service: M('', 'v1', 'Service', 'services'),
  svc: M('', 'v1', 'Service', 'services'),
  endpoints: M('', 'v1', 'Endpoints', 'endpoints'),
  configmap: M('', 'v1', 'ConfigMap', 'configmaps'),
  secret: M('', 'v1', 'Secret', 'secrets'),
  serviceaccount: M('', 'v1', 'ServiceAccount', 'serviceaccounts'),
  namespace: M('', 'v1', 'Namespace', 'namespaces'),
  ns: M('', 'v1', 'Namespace', 'namespaces'),
  quota: M('', 'v1', 'ResourceQuota', 'resourcequotas'),
  limitrange: M('', 'v1', 'LimitRange', 'limitranges'),
  job: M('batch', 'v1', 'Job', 'jobs'),
  cronjob: M('batch', 'v1', 'CronJob', 'cronjobs'),
  priorityclass: M('scheduling.k8s.io', 'v1', 'PriorityClass', 'priorityclasses'),
  pdb: M('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets'),
  hpa: M('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers'),
  endpointslice: M('discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices'),
  lease: M('coordination.k8s.io', 'v1', 'Lease', 'leases'),
  event: M('', 'v1', 'Event', 'events'),
  daemonset: M('apps', 'v1', 'DaemonSet', 'daemonsets'),
};
const CLUSTER = new Set(['node', 'namespace', 'ns', 'priorityclass']);

/** kubectl builds the events field selector from a Go map: compare its terms as a set. */
const normalize = (req: string): string =>
  req.replace(
    /fieldSelector=([^&]*)/,
    (_, sel: string) => `fieldSelector=${sel.split(',').sort().join(',')}`,
  );

/** `describe TYPE NAME [-n NS]` commands: one object through its describer. */
const single = captured.results.filter(
  (r) => r.args.length >= 3 && TYPES[r.args[1]!] && !r.args[2]!.startsWith('-') && r.code === 0,
);

describe('describers match the real kubectl v1.32.4 (captured.json)', () => {
  const objects = OBJECTS.map((o) => materialize(o, captured.base));
  for (const r of single) {
    const [, type, name] = r.args as [string, string, string];
    if (type === 'pod' && name === 'web') continue; // prefix matching: a command-level behaviour
    it(`kubectl ${r.args.join(' ')}`, async () => {
      const nsFlag = r.args.indexOf('-n');
      const namespace = CLUSTER.has(type) ? '' : nsFlag >= 0 ? r.args[nsFlag + 1]! : 'default';
      const api = new FakeApi(objects);
      const out = await describerFor(TYPES[type]!)(new DescribeClient(api), namespace, name, {
        showEvents: true,
        now: captured.base + 500,
      });
      expect(out).toBe(r.stdout);
      // The first request of the capture is the resource builder's GET, made by the command.
      expect(api.requests.map(normalize)).toEqual(r.requests.slice(1).map(normalize));
    });
  }
});
