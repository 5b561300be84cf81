/**
 * describe deployment reproduces reference §9.3 byte for byte; the other workload describers are
 * checked on the lines that carry their logic (pod counts, old/new ReplicaSets, job statuses).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { DescribeClient } from '../../../../src/kubectl/describe/client';
import {
  describeCronJobByName,
  describeDeploymentByName,
  describeJobByName,
  describeReplicaSetByName,
} from '../../../../src/kubectl/describe/workloads';
import { FakeApi } from './fakeapi';

const fixture = (name: string): string =>
  readFileSync(new URL(`./fixtures/${name}.txt`, import.meta.url), 'utf8');
const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const template = (hash?: string) => ({
  metadata: { labels: hash ? { app: 'web', 'pod-template-hash': hash } : { app: 'web' } },
  spec: {
    containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, protocol: 'TCP' }] }],
  },
});

function rs(name: string, hash: string, replicas: number, created: number, image = 'nginx:1.25'): KubeObject {
  const t = template(hash);
  t.spec.containers[0]!.image = image;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      uid: `${name}-uid`,
      creationTimestamp: iso(created),
      labels: { app: 'web', 'pod-template-hash': hash },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'web-uid', controller: true },
      ],
    },
    spec: { replicas, selector: { matchLabels: { app: 'web', 'pod-template-hash': hash } }, template: t },
    status: { replicas },
  };
}

describe('describe deployment (reference §9.3)', () => {
  it('prints the deployment, its pod template, conditions, old/new ReplicaSets and scaling events', async () => {
    const created = Date.parse('2026-11-27T21:22:32Z');
    const now = created + 30 * 60_000;
    const deploy: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {
        name: 'web',
        namespace: 'default',
        uid: 'web-uid',
        creationTimestamp: iso(created),
        labels: { app: 'web' },
        annotations: { 'deployment.kubernetes.io/revision': '2' },
      },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: template(),
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
        minReadySeconds: 0,
      },
      status: {
        replicas: 3,
        updatedReplicas: 3,
        availableReplicas: 3,
        readyReplicas: 3,
        conditions: [
          { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' },
          { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' },
        ],
      },
    };
    const scaled = (n: number, msg: string, secondsAgo: number): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `web.${n}`, namespace: 'default' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: 'default', uid: 'web-uid' },
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: msg,
      source: { component: 'deployment-controller' },
      firstTimestamp: iso(now - secondsAgo * 1000),
      lastTimestamp: iso(now - secondsAgo * 1000),
      count: 1,
    });
    const api = new FakeApi([
      deploy,
      rs('web-5f6c7b8d9', '5f6c7b8d9', 0, created, 'nginx:1.24'),
      rs('web-7d4b9c8f5', '7d4b9c8f5', 3, created + 60_000),
      scaled(1, 'Scaled up replica set web-7d4b9c8f5 from 0 to 1', 14 * 60 + 50),
      scaled(2, 'Scaled down replica set web-5f6c7b8d9 from 3 to 2', 14 * 60 + 40),
      scaled(3, 'Scaled up replica set web-7d4b9c8f5 from 1 to 2', 14 * 60 + 40),
      scaled(4, 'Scaled down replica set web-5f6c7b8d9 from 2 to 1', 14 * 60 + 30),
      scaled(5, 'Scaled up replica set web-7d4b9c8f5 from 2 to 3', 14 * 60 + 30),
      scaled(6, 'Scaled down replica set web-5f6c7b8d9 from 1 to 0', 13 * 60 + 50),
    ]);
    const out = await describeDeploymentByName(new DescribeClient(api), 'default', 'web', {
      showEvents: true,
      now,
    });
    expect(out).toBe(fixture('deployment'));
    expect(api.requests).toEqual([
      'GET /apis/apps/v1/namespaces/default/deployments/web',
      'GET /api/v1/namespaces/default/events?fieldSelector=involvedObject.name=web,involvedObject.namespace=default,involvedObject.kind=Deployment,involvedObject.uid=web-uid&limit=500',
      'GET /apis/apps/v1/namespaces/default/replicasets?labelSelector=app=web&limit=500',
    ]);
  });
});

describe('describe replicaset', () => {
  it('counts only the pods it controls, by phase', async () => {
    const set = rs('web-7d4b9c8f5', '7d4b9c8f5', 3, Date.parse('2026-01-01T00:00:00Z'));
    const pod = (name: string, phase: string, owner = 'web-7d4b9c8f5-uid'): KubeObject => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: 'default',
        labels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x', uid: owner, controller: true },
        ],
      },
      spec: { containers: [] },
      status: { phase },
    });
    const api = new FakeApi([
      set,
      pod('a', 'Running'),
      pod('b', 'Pending'),
      pod('c', 'Failed'),
      pod('d', 'Running', 'someone-else'),
    ]);
    const out = await describeReplicaSetByName(new DescribeClient(api), 'default', 'web-7d4b9c8f5', {
      showEvents: true,
      now: Date.parse('2026-01-01T01:00:00Z'),
    });
    expect(out).toContain('Controlled By:  Deployment/web\n');
    expect(out).toContain('Replicas:       3 current / 3 desired\n');
    expect(out).toContain('Pods Status:    1 Running / 1 Waiting / 0 Succeeded / 1 Failed\n');
    expect(out).toContain('Selector:       app=web,pod-template-hash=7d4b9c8f5\n');
    expect(out.endsWith('\n  Tolerations:     <none>\nEvents:            <none>\n')).toBe(true);
  });
});

describe('describe job and cronjob', () => {
  const job: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: 'pi',
      namespace: 'default',
      uid: 'pi-uid',
      labels: { 'batch.kubernetes.io/job-name': 'pi' },
    },
    spec: {
      parallelism: 1,
      completions: 1,
      completionMode: 'NonIndexed',
      suspend: false,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'pi-uid' } },
      template: {
        metadata: { labels: { 'batch.kubernetes.io/job-name': 'pi' } },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'pi', image: 'perl', command: ['perl', '-e', 'print 1'] }],
        },
      },
    },
    status: {
      startTime: '2026-01-01T00:00:00Z',
      completionTime: '2026-01-01T00:00:42Z',
      succeeded: 1,
      ready: 0,
    },
  };

  it('prints parallelism, durations and pod statuses', async () => {
    const out = await describeJobByName(new DescribeClient(new FakeApi([job])), 'default', 'pi', {
      showEvents: false,
      now: Date.parse('2026-01-01T01:00:00Z'),
    });
    expect(out).toBe(
      [
        'Name:             pi',
        'Namespace:        default',
        'Selector:         batch.kubernetes.io/controller-uid=pi-uid',
        'Labels:           batch.kubernetes.io/job-name=pi',
        'Annotations:      <none>',
        'Parallelism:      1',
        'Completions:      1',
        'Completion Mode:  NonIndexed',
        'Suspend:          false',
        'Backoff Limit:    6',
        'Start Time:       Thu, 01 Jan 2026 00:00:00 +0000',
        'Completed At:     Thu, 01 Jan 2026 00:00:42 +0000',
        'Duration:         42s',
        'Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed',
        'Pod Template:',
        '  Labels:  batch.kubernetes.io/job-name=pi',
        '  Containers:',
        '   pi:',
        '    Image:      perl',
        '    Port:       <none>',
        '    Host Port:  <none>',
        '    Command:',
        '      perl',
        '      -e',
        '      print 1',
        '    Environment:   <none>',
        '    Mounts:        <none>',
        '  Volumes:         <none>',
        '  Node-Selectors:  <none>',
        '  Tolerations:     <none>',
        '',
      ].join('\n'),
    );
  });

  it('prints a cronjob with its job template and `Active Jobs: <none>`', async () => {
    const cj: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'hello', namespace: 'default', uid: 'cj-uid' },
      spec: {
        schedule: '*/5 * * * *',
        concurrencyPolicy: 'Allow',
        suspend: false,
        successfulJobsHistoryLimit: 3,
        failedJobsHistoryLimit: 1,
        jobTemplate: {
          spec: {
            template: {
              spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] },
            },
          },
        },
      },
      status: {},
    };
    const out = await describeCronJobByName(new DescribeClient(new FakeApi([cj])), 'default', 'hello', {
      showEvents: true,
      now: 0,
    });
    expect(out).toContain('Schedule:                      */5 * * * *\n');
    expect(out).toContain('Suspend:                       False\n');
    expect(out).toContain('Starting Deadline Seconds:     <unset>\n');
    expect(out).toContain('Selector:                      <unset>\n');
    expect(out).toContain(
      'Last Schedule Time:  <unset>\nActive Jobs:         <none>\nEvents:              <none>\n',
    );
  });
});
