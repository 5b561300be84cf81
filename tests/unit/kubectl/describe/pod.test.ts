/**
 * describe pod reproduces the kubectl v1.32.4 captures of reference §9.2 byte for byte, from
 * equivalent objects served by a fake API.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { DescribeClient } from '../../../../src/kubectl/describe/client';
import { describePodByName } from '../../../../src/kubectl/describe/pod';
import { FakeApi } from './fakeapi';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const T = (s: string): string => new Date(Date.parse(s)).toISOString().replace('.000Z', 'Z');
const at = (base: string, plusSeconds: number): string =>
  T(new Date(Date.parse(base) + plusSeconds * 1000).toISOString());

const TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
];

const CONDITIONS = (ready: string) => [
  { type: 'PodReadyToStartContainers', status: 'True' },
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: ready },
  { type: 'ContainersReady', status: ready },
  { type: 'PodScheduled', status: 'True' },
];

function event(
  name: string,
  pod: KubeObject,
  type: string,
  reason: string,
  message: string,
  first: string,
  last = first,
  count = 1,
  component = 'kubelet',
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name, namespace: 'default', uid: `ev-${name}` },
    involvedObject: {
      kind: 'Pod',
      name: pod.metadata.name,
      namespace: 'default',
      uid: pod.metadata.uid,
      apiVersion: 'v1',
    },
    type,
    reason,
    message,
    source: { component },
    firstTimestamp: first,
    lastTimestamp: last,
    count,
  };
}

describe('describe pod (reference §9.2)', () => {
  it('prints a running pod with probes, resources, a projected volume and counted events', async () => {
    const start = '2026-11-27T22:17:19Z';
    const now = Date.parse(start) + (9 * 60 + 39) * 1000;
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-7d4b9c8f5-abcde',
        namespace: 'default',
        uid: 'pod-uid-1',
        labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
        ownerReferences: [
          {
            apiVersion: 'apps/v1',
            kind: 'ReplicaSet',
            name: 'web-7d4b9c8f5',
            uid: 'rs-uid',
            controller: true,
          },
        ],
      },
      spec: {
        priority: 0,
        serviceAccountName: 'default',
        nodeName: 'kind-worker',
        containers: [
          {
            name: 'nginx',
            image: 'nginx:1.25',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            resources: {
              limits: { cpu: '500m', memory: '128Mi' },
              requests: { cpu: '250m', memory: '64Mi' },
            },
            livenessProbe: {
              httpGet: { path: '/healthz', port: 80, scheme: 'HTTP' },
              initialDelaySeconds: 0,
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
            },
            readinessProbe: {
              tcpSocket: { port: 80 },
              initialDelaySeconds: 5,
              timeoutSeconds: 1,
              periodSeconds: 10,
              successThreshold: 1,
              failureThreshold: 3,
            },
            env: [{ name: 'FOO', value: 'bar' }],
            volumeMounts: [
              {
                name: 'kube-api-access-xyz12',
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
                readOnly: true,
              },
            ],
          },
        ],
        volumes: [
          {
            name: 'kube-api-access-xyz12',
            projected: {
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                {
                  downwardAPI: {
                    items: [
                      { path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } },
                    ],
                  },
                },
              ],
            },
          },
        ],
        tolerations: TOLERATIONS,
      },
      status: {
        phase: 'Running',
        hostIP: '172.18.0.3',
        podIP: '10.244.1.5',
        podIPs: [{ ip: '10.244.1.5' }],
        startTime: start,
        qosClass: 'Burstable',
        conditions: CONDITIONS('True'),
        containerStatuses: [
          {
            name: 'nginx',
            containerID: 'containerd://deadbeef',
            image: 'nginx:1.25',
            imageID: 'docker.io/library/nginx@sha256:abc',
            state: { running: { startedAt: at(start, 10) } },
            ready: true,
            restartCount: 0,
          },
        ],
      },
    };
    const api = new FakeApi([
      pod,
      event(
        'e1',
        pod,
        'Normal',
        'Scheduled',
        'Successfully assigned default/web-7d4b9c8f5-abcde to kind-worker',
        at(start, 0),
        at(start, 0),
        1,
        'default-scheduler',
      ),
      event('e2', pod, 'Normal', 'Pulling', 'Pulling image "nginx:1.25"', at(start, 1)),
      event(
        'e3',
        pod,
        'Normal',
        'Pulled',
        'Successfully pulled image "nginx:1.25" in 8.123s (8.123s including waiting). Image size: 70123456 bytes.',
        at(start, 9),
      ),
      event('e4', pod, 'Normal', 'Created', 'Created container nginx', at(start, 9)),
      event('e5', pod, 'Normal', 'Started', 'Started container nginx', at(start, 10)),
      event(
        'e6',
        pod,
        'Warning',
        'Unhealthy',
        'Readiness probe failed: dial tcp 10.244.1.5:80: connect: connection refused',
        at(start, 15),
        at(start, 180),
        3,
      ),
    ]);
    const out = await describePodByName(new DescribeClient(api), 'default', 'web-7d4b9c8f5-abcde', {
      showEvents: true,
      now,
    });
    expect(out).toBe(fixture('pod-running'));
    // kubectl's requests: the pod, then its events by name, namespace and uid (no kind for pods).
    expect(api.requests).toEqual([
      'GET /api/v1/namespaces/default/pods/web-7d4b9c8f5-abcde',
      'GET /api/v1/namespaces/default/events?fieldSelector=involvedObject.name=web-7d4b9c8f5-abcde,involvedObject.namespace=default,involvedObject.uid=pod-uid-1&limit=500',
    ]);
  });

  it('prints a CrashLoopBackOff pod with its last state and `Events: <none>` aligned with the block above', async () => {
    const start = '2026-11-27T22:12:25Z';
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crash', namespace: 'default', uid: 'crash-uid', labels: { run: 'crash' } },
      spec: {
        priority: 0,
        serviceAccountName: 'default',
        nodeName: 'kind-worker2',
        containers: [{ name: 'crash', image: 'busybox', command: ['sh', '-c', 'exit 1'] }],
        tolerations: TOLERATIONS,
      },
      status: {
        phase: 'Running',
        hostIP: '172.18.0.4',
        podIP: '10.244.2.7',
        podIPs: [{ ip: '10.244.2.7' }],
        startTime: start,
        qosClass: 'BestEffort',
        conditions: CONDITIONS('False'),
        containerStatuses: [
          {
            name: 'crash',
            containerID: 'containerd://cafe',
            image: 'busybox',
            imageID: 'docker.io/library/busybox@sha256:def',
            state: {
              waiting: { reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container' },
            },
            lastState: {
              terminated: {
                exitCode: 1,
                reason: 'Error',
                startedAt: '2026-11-27T22:21:15Z',
                finishedAt: '2026-11-27T22:21:15Z',
              },
            },
            ready: false,
            restartCount: 5,
          },
        ],
      },
    };
    const out = await describePodByName(new DescribeClient(new FakeApi([pod])), 'default', 'crash', {
      showEvents: true,
      now: Date.parse(start) + 600_000,
    });
    expect(out).toBe(fixture('pod-crash'));
  });

  it('prints a pending pod with an events.k8s.io series (`3s (x4 over 58s)`)', async () => {
    const now = Date.parse('2026-11-27T22:30:00Z');
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', namespace: 'default', uid: 'pending-uid', labels: { run: 'pending' } },
      spec: {
        priority: 0,
        serviceAccountName: 'default',
        containers: [{ name: 'big', image: 'nginx', resources: { requests: { cpu: '64' } } }],
      },
      status: {
        phase: 'Pending',
        qosClass: 'Burstable',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      },
    };
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: 'pending.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'pending', namespace: 'default', uid: 'pending-uid' },
      type: 'Warning',
      reason: 'FailedScheduling',
      message:
        '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..',
      eventTime: new Date(now - 58_000).toISOString().replace(/Z$/, '000Z'),
      series: { count: 4, lastObservedTime: new Date(now - 3_000).toISOString().replace(/Z$/, '000Z') },
      reportingComponent: 'default-scheduler',
      source: {},
    };
    const out = await describePodByName(new DescribeClient(new FakeApi([pod, ev])), 'default', 'pending', {
      showEvents: true,
      now,
    });
    expect(out).toBe(fixture('pod-pending'));
  });

  it('omits the Events section with --show-events=false', async () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'default', uid: 'u' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] },
      status: { phase: 'Pending' },
    };
    const api = new FakeApi([pod]);
    const out = await describePodByName(new DescribeClient(api), 'default', 'p', {
      showEvents: false,
      now: 0,
    });
    expect(out).not.toContain('Events');
    expect(out).toMatch(/\nQoS Class: +BestEffort\n/);
    expect(api.requests).toHaveLength(1);
  });
});
