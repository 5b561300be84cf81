/** A cluster with kubelets and the Service network, and small API helpers for the tests. */
import type { KubeObject } from '../../../../../src/api/types';
import { createClusterInternals, type ClusterInternals } from '../../../../../src/engine/cluster';

export function networkCluster(
  opts: { preset?: 'kind' | 'multinode'; seed?: number } = {},
): ClusterInternals {
  return createClusterInternals({
    seed: opts.seed ?? 1,
    preset: opts.preset ?? 'kind',
    kubelet: { profile: 'fast' },
  });
}

const PLURAL: Record<string, string> = {
  Pod: 'pods',
  Service: 'services',
  Deployment: 'deployments',
  Endpoints: 'endpoints',
  EndpointSlice: 'endpointslices',
};

export function pathOf(kind: string, ns: string, name?: string): string {
  const plural = PLURAL[kind]!;
  const base =
    kind === 'Deployment'
      ? `/apis/apps/v1/namespaces/${ns}/${plural}`
      : kind === 'EndpointSlice'
        ? `/apis/discovery.k8s.io/v1/namespaces/${ns}/${plural}`
        : `/api/v1/namespaces/${ns}/${plural}`;
  return name ? `${base}/${name}` : base;
}

export function create(c: ClusterInternals, obj: KubeObject): { status: number; body: KubeObject } {
  const ns = obj.metadata.namespace ?? 'default';
  const res = c.controllerClient.request({ method: 'POST', path: pathOf(obj.kind, ns), body: obj });
  c.clock.settle();
  return res as { status: number; body: KubeObject };
}

export function get(c: ClusterInternals, kind: string, ns: string, name: string): KubeObject | undefined {
  const res = c.controllerClient.request({ method: 'GET', path: pathOf(kind, ns, name) });
  return res.status === 200 ? (res.body as KubeObject) : undefined;
}

export function list(c: ClusterInternals, kind: string, ns: string): KubeObject[] {
  const res = c.controllerClient.request({ method: 'GET', path: pathOf(kind, ns) });
  return (res.body as { items: KubeObject[] }).items;
}

export function deployment(
  name: string,
  image: string,
  replicas: number,
  port: number,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image, ports: [{ containerPort: port }], ...extra }] },
      },
    },
  };
}

export function service(
  name: string,
  selector: Record<string, string> | undefined,
  port: number,
  targetPort: number | string,
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: 'default' },
    spec: { selector, ports: [{ port, targetPort, protocol: 'TCP' }], ...extra },
  };
}

export function advance(c: ClusterInternals, ms: number): void {
  c.clock.advance(ms);
  c.clock.settle();
}
