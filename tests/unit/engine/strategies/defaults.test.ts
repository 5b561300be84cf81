/**
 * Defaults compared with what a real v1.32 cluster stores for the kubectl generator outputs of
 * reference §13 (`kubectl create … --dry-run=client -o yaml` in, `kubectl get -o yaml` out).
 */
import { describe, expect, it } from 'vitest';
import { created, defaulted, sorted } from './helpers';

const TEMPLATE_POD_SPEC_DEFAULTS = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

const CONTAINER_DEFAULTS = {
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
};

describe('Deployment (reference §4.1)', () => {
  it('fills the spec a real cluster stores for `kubectl create deployment x --image=nginx --replicas=3`', () => {
    const d = defaulted({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null, labels: { app: 'x' }, name: 'x' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'x' } },
        strategy: {},
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'x' } },
          spec: { containers: [{ image: 'nginx', name: 'nginx', resources: {} }] },
        },
      },
      status: {},
    });
    expect(sorted(d.spec)).toEqual(
      sorted({
        progressDeadlineSeconds: 600,
        replicas: 3,
        revisionHistoryLimit: 10,
        selector: { matchLabels: { app: 'x' } },
        strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
        template: {
          metadata: { creationTimestamp: null, labels: { app: 'x' } },
          spec: {
            containers: [
              {
                image: 'nginx',
                imagePullPolicy: 'Always',
                name: 'nginx',
                resources: {},
                ...CONTAINER_DEFAULTS,
              },
            ],
            ...TEMPLATE_POD_SPEC_DEFAULTS,
          },
        },
      }),
    );
  });

  it('defaults replicas to 1, keeps given values, and leaves a Recreate strategy alone', () => {
    const d = defaulted({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x' },
      spec: {
        revisionHistoryLimit: 0,
        strategy: { type: 'Recreate' },
        template: { spec: { containers: [{ name: 'a', image: 'nginx:1.25' }] } },
      },
    });
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.revisionHistoryLimit).toBe(0);
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.template.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent' });
  });
});

describe('ReplicaSet and DaemonSet', () => {
  it('defaults ReplicaSet replicas to 1', () => {
    const rs = defaulted({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'r' },
      spec: { template: { spec: { containers: [] } } },
    });
    expect(rs.spec.replicas).toBe(1);
  });

  it('defaults the DaemonSet update strategy to RollingUpdate 1/0 and history 10', () => {
    const ds = defaulted({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd' },
      spec: { template: { spec: { containers: [] } } },
    });
    expect(ds.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
  });
});

describe('Pod', () => {
  it('fills the spec of `kubectl run nginx --image=nginx` (before admission)', () => {
    const p = created({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { creationTimestamp: null, labels: { run: 'nginx' }, name: 'nginx', namespace: 'default' },
      spec: {
        containers: [{ image: 'nginx', name: 'nginx', resources: {} }],
        dnsPolicy: 'ClusterFirst',
        restartPolicy: 'Always',
      },
      status: {},
    });
    expect(sorted(p.spec)).toEqual(
      sorted({
        containers: [
          { image: 'nginx', imagePullPolicy: 'Always', name: 'nginx', resources: {}, ...CONTAINER_DEFAULTS },
        ],
        enableServiceLinks: true,
        ...TEMPLATE_POD_SPEC_DEFAULTS,
      }),
    );
    expect(p.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('chooses imagePullPolicy from the tag (Always for :latest or no tag)', () => {
    const pull = (image: string): string =>
      defaulted({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image }] },
      }).spec.containers[0]!.imagePullPolicy as string;
    expect(pull('nginx')).toBe('Always');
    expect(pull('nginx:latest')).toBe('Always');
    expect(pull('nginx:1.25')).toBe('IfNotPresent');
    expect(pull('registry.example.com:5000/team/app')).toBe('Always');
    expect(pull('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef')).toBe(
      'IfNotPresent',
    );
    expect(pull('Nginx')).toBe('IfNotPresent');
  });

  it('defaults probes, ports, env field refs and volumes', () => {
    const p = defaulted({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          {
            name: 'c',
            image: 'nginx',
            ports: [{ containerPort: 80 }],
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            livenessProbe: { httpGet: { port: 80 } },
            readinessProbe: { grpc: { port: 9000 } },
            lifecycle: { preStop: { httpGet: { port: 'http' } } },
          },
        ],
        volumes: [
          { name: 'cfg', configMap: { name: 'cm' } },
          { name: 'scratch' },
          { name: 'h', hostPath: { path: '/data' } },
        ],
      },
    });
    const c = p.spec.containers[0]!;
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.env![0]!.valueFrom!.fieldRef).toEqual({ apiVersion: 'v1', fieldPath: 'spec.nodeName' });
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.readinessProbe).toMatchObject({ grpc: { port: 9000, service: '' } });
    expect(c.lifecycle!.preStop!.httpGet).toEqual({ port: 'http', path: '/', scheme: 'HTTP' });
    expect(p.spec.volumes).toEqual([
      { name: 'cfg', configMap: { name: 'cm', defaultMode: 420 } },
      { name: 'scratch', emptyDir: {} },
      { name: 'h', hostPath: { path: '/data', type: '' } },
    ]);
  });

  it('copies limits into missing requests (Pods only) and canonicalises quantities', () => {
    const spec = {
      containers: [
        {
          name: 'c',
          image: 'nginx',
          resources: { limits: { cpu: 0.5, memory: '256Mi' }, requests: { cpu: '0.25' } },
        },
      ],
    };
    const p = created({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
    expect(p.spec.containers[0]!.resources).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '250m', memory: '256Mi' },
    });
    expect((p.status as { qosClass: string }).qosClass).toBe('Burstable');
    const d = defaulted({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd' },
      spec: { template: { spec } },
    });
    expect(d.spec.template.spec.containers[0]!.resources).toEqual({
      limits: { cpu: '500m', memory: '256Mi' },
      requests: { cpu: '250m' },
    });
  });

  it('mirrors serviceAccountName into the deprecated serviceAccount field', () => {
    const p = defaulted({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { serviceAccount: 'builder', containers: [] },
    });
    expect(p.spec).toMatchObject({ serviceAccountName: 'builder', serviceAccount: 'builder' });
  });

  it('computes the QoS class (reference §2.2)', () => {
    const qos = (containers: unknown[]): string =>
      (
        created({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers } }).status as {
          qosClass: string;
        }
      ).qosClass;
    const c = (requests?: Record<string, string>, limits?: Record<string, string>) => ({
      name: 'c',
      image: 'x',
      resources: { requests, limits },
    });
    expect(qos([c({ cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' })])).toBe('Guaranteed');
    expect(qos([c(undefined, { cpu: '500m', memory: '256Mi' })])).toBe('Guaranteed');
    expect(qos([c(undefined, { cpu: '500m' })])).toBe('Burstable');
    expect(qos([c({ cpu: '0', memory: '0' }, { cpu: '100m', memory: '200Mi' })])).toBe('Burstable');
    expect(qos([c({ cpu: '100m', memory: '1Gi' }, { cpu: '0.1', memory: '1024Mi' })])).toBe('Guaranteed');
    expect(qos([c(), c({ cpu: '1' }, { cpu: '2' })])).toBe('Burstable');
    expect(qos([c()])).toBe('BestEffort');
  });

  it('adds the SchedulingGated condition when gates are set', () => {
    const p = created({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { schedulingGates: [{ name: 'example.com/gate' }], containers: [] },
    });
    expect((p.status as { conditions: unknown[] }).conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: null,
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ]);
  });
});

describe('Job and CronJob (reference §6.3, §6.4)', () => {
  it('defaults `kubectl create job my-job --image=busybox -- echo hello` and generates the selector', () => {
    const j = created(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { creationTimestamp: null, name: 'my-job' },
        spec: {
          template: {
            metadata: { creationTimestamp: null },
            spec: {
              containers: [{ command: ['echo', 'hello'], image: 'busybox', name: 'my-job', resources: {} }],
              restartPolicy: 'Never',
            },
          },
        },
        status: {},
      },
      'uid-1',
    );
    expect(sorted(j.spec)).toEqual(
      sorted({
        backoffLimit: 6,
        completionMode: 'NonIndexed',
        completions: 1,
        parallelism: 1,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'uid-1' } },
        suspend: false,
        template: {
          metadata: {
            creationTimestamp: null,
            labels: {
              'batch.kubernetes.io/controller-uid': 'uid-1',
              'batch.kubernetes.io/job-name': 'my-job',
              'controller-uid': 'uid-1',
              'job-name': 'my-job',
            },
          },
          spec: {
            containers: [
              {
                command: ['echo', 'hello'],
                image: 'busybox',
                imagePullPolicy: 'Always',
                name: 'my-job',
                resources: {},
                ...CONTAINER_DEFAULTS,
              },
            ],
            ...TEMPLATE_POD_SPEC_DEFAULTS,
            restartPolicy: 'Never',
          },
        },
      }),
    );
  });

  it('leaves completions unset for a work queue, and uses Failed with a pod failure policy', () => {
    const j = defaulted({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'j' },
      spec: {
        parallelism: 3,
        podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] },
        template: { spec: { containers: [] } },
      },
    });
    expect(j.spec.completions).toBeUndefined();
    expect(j.spec.podReplacementPolicy).toBe('Failed');
    expect(j.spec.podFailurePolicy!.rules[0]!.onPodConditions![0]!.status).toBe('True');
  });

  it('defaults the CronJob of `kubectl create cronjob my-cj`', () => {
    const cj = defaulted({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'my-cj' },
      spec: {
        jobTemplate: {
          metadata: { name: 'my-cj' },
          spec: {
            template: {
              spec: { containers: [{ image: 'busybox', name: 'my-cj' }], restartPolicy: 'OnFailure' },
            },
          },
        },
        schedule: '*/5 * * * *',
      },
    });
    expect(cj.spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    // The job template gets pod defaults only; Job defaults apply when the Job is created.
    expect(cj.spec.jobTemplate.spec).not.toHaveProperty('backoffLimit');
    expect(cj.spec.jobTemplate.spec.template.spec).toMatchObject({
      schedulerName: 'default-scheduler',
      restartPolicy: 'OnFailure',
    });
  });
});

describe('Service (reference §11.3, §13)', () => {
  it('defaults `kubectl create service clusterip my-svc --tcp=80:8080`', () => {
    const s = created({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { labels: { app: 'my-svc' }, name: 'my-svc' },
      spec: {
        ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'my-svc' },
        type: 'ClusterIP',
      },
      status: { loadBalancer: {} },
    });
    expect(sorted(s.spec)).toEqual(
      sorted({
        internalTrafficPolicy: 'Cluster',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        ports: [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'my-svc' },
        sessionAffinity: 'None',
        type: 'ClusterIP',
      }),
    );
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('defaults targetPort to port and protocol to TCP; NodePort gets externalTrafficPolicy', () => {
    const s = defaulted({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type: 'NodePort', ports: [{ port: 80 }] },
    });
    expect(s.spec.ports[0]).toEqual({ port: 80, protocol: 'TCP', targetPort: 80 });
    expect(s.spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
    });
    const lb = defaulted({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    });
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
  });

  it('keeps a headless service headless and ClientIP affinity gets its timeout', () => {
    const s = created({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'h' },
      spec: { clusterIP: 'None', selector: { app: 'h' }, sessionAffinity: 'ClientIP' },
    });
    expect(s.spec).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
    expect(s.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
    const ext = created({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'e' },
      spec: { type: 'ExternalName', externalName: 'example.com' },
    });
    expect(ext.spec).not.toHaveProperty('ipFamilies');
    expect(ext.spec).not.toHaveProperty('internalTrafficPolicy');
  });
});

describe('other kinds', () => {
  it('Namespace: name label, finalizer and Active phase', () => {
    const ns = created({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'dev' },
      spec: {},
      status: {},
    });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('Secret: type Opaque and stringData merged into data', () => {
    const s = defaulted({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { a: 'YQ==' },
      stringData: { username: 'admin', a: 'é' },
    });
    expect(s).toMatchObject({ type: 'Opaque', data: { a: 'w6k=', username: 'YWRtaW4=' } });
    expect(s).not.toHaveProperty('stringData');
  });

  it('PriorityClass: preemptionPolicy PreemptLowerPriority', () => {
    const pc = defaulted({
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
    });
    expect(pc.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('PodDisruptionBudget: zeroed status counters', () => {
    const pdb = created({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p' },
      spec: { minAvailable: 1 },
    });
    expect(pdb.status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
  });

  it('HorizontalPodAutoscaler v2: minReplicas 1, CPU 80%, behavior filled only when given', () => {
    const base = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } };
    const h = defaulted({
      ...base,
      spec: { maxReplicas: 5, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } },
    });
    expect(h.spec.minReplicas).toBe(1);
    expect(h.spec.metrics).toEqual([
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ]);
    expect(h.spec).not.toHaveProperty('behavior');
    const b = defaulted({
      ...base,
      spec: {
        maxReplicas: 5,
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        behavior: { scaleDown: { stabilizationWindowSeconds: 60 } },
      },
    });
    expect(b.spec.behavior).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: {
        stabilizationWindowSeconds: 60,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
      },
    });
  });

  it('Node: allocatable defaults to capacity', () => {
    const n = defaulted({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'n' },
      status: { capacity: { cpu: '8', memory: '16384Mi' } },
    });
    expect(n.status.allocatable).toEqual({ cpu: '8', memory: '16Gi' });
  });

  it('Endpoints and EndpointSlice ports default to TCP', () => {
    const ep = defaulted({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'e' },
      subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 80 }] }],
    });
    expect(ep.subsets[0]!.ports![0]!.protocol).toBe('TCP');
    const es = defaulted({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'e' },
      addressType: 'IPv4',
      endpoints: [],
      ports: [{ port: 80 }],
    });
    expect(es.ports[0]!.protocol).toBe('TCP');
  });
});
