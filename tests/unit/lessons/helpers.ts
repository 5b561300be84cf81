/**
 * A real cluster (a Session, as the hosts make one) for the check tests, and terse REST calls.
 *
 * Objects whose status a test sets by hand are kept away from the components that would
 * overwrite it once they exist: pods are bound to a node that does not exist (no scheduler or
 * kubelet touches them), and workload statuses are served through `overlay` (a client that
 * answers chosen paths with fixed objects and passes everything else to the cluster).
 */
import type { ApiRequest, KubeClient } from '../../../src/api/client';
import type { KubeObject } from '../../../src/api/types';
import type { CheckContext, RecordedCommand } from '../../../src/lessons/checks/index';
import { ResourceMapper } from '../../../src/lessons/resources';
import { Session } from '../../../src/session/session';

export interface TestEnv {
  session: Session;
  client: KubeClient;
  ctx(overrides?: Partial<CheckContext>): CheckContext;
  create(path: string, obj: unknown): Promise<KubeObject>;
  patchStatus(path: string, status: unknown): Promise<KubeObject>;
  del(path: string): Promise<void>;
  commands: RecordedCommand[];
}

export function testEnv(preset: 'kind' | 'multinode' = 'kind'): TestEnv {
  const session = new Session({ seed: 7, preset });
  const client = session.cluster.client;
  const mapper = new ResourceMapper(client);
  const commands: RecordedCommand[] = [];
  const call = async (req: ApiRequest): Promise<KubeObject> => {
    const res = await client.request(req);
    if (res.status >= 300) throw new Error(`${req.method} ${req.path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as KubeObject;
  };
  return {
    session,
    client,
    commands,
    ctx: (overrides = {}) => ({
      client,
      mapper,
      namespace: 'default',
      now: () => session.cluster.now(),
      stepIndex: 0,
      stepStartedAt: session.cluster.now(),
      lessonStartedAt: session.cluster.now(),
      commands,
      ...overrides,
    }),
    create: (path, body) => call({ method: 'POST', path, body }),
    patchStatus: (path, status) =>
      call({
        method: 'PATCH',
        path: `${path}/status`,
        body: { status },
        headers: { contentType: 'application/merge-patch+json' },
      }),
    del: async (path) => {
      await call({ method: 'DELETE', path });
    },
  };
}

/** A client answering GET of the given paths with fixed objects, and everything else from `base`. */
export function overlay(base: KubeClient, objects: Record<string, KubeObject>): KubeClient {
  return {
    request: async (req) => {
      const o = objects[req.path];
      if (req.method === 'GET' && o) return { status: 200, body: structuredClone(o) };
      return base.request(req);
    },
    watch: (req, onEvent) => base.watch(req, onEvent),
  };
}

/** A pod bound to a node that does not exist: only the test changes its status. */
export function ghostPod(name: string, labels: Record<string, string> = {}, image = 'nginx:1.25.3'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: { nodeName: 'ghost-node', containers: [{ name: 'c', image }] },
  };
}

export const readyStatus = (ip: string) => ({
  phase: 'Running',
  podIP: ip,
  conditions: [
    { type: 'Ready', status: 'True' },
    { type: 'ContainersReady', status: 'True' },
  ],
  containerStatuses: [
    { name: 'c', ready: true, restartCount: 0, image: 'nginx:1.25.3', imageID: '', state: { running: { startedAt: '2024-01-01T00:00:00Z' } } },
  ],
});

export const waitingStatus = (reason: string) => ({
  phase: 'Pending',
  conditions: [{ type: 'Ready', status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [c]' }],
  containerStatuses: [{ name: 'c', ready: false, restartCount: 0, image: 'nginx:1.25.3', imageID: '', state: { waiting: { reason } } }],
});
