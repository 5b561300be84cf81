/**
 * The server-side tables: column sets of every kind (reference §8.2; priority 1 = `-o wide` only),
 * their cells, AGE (§8.3), and the Table envelope (resourceVersion, includeObject, noHeaders).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import { formatHPAMetrics, printerFor, toTable } from '../../../../src/engine/api/printers';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const ago = (seconds: number): string => new Date(NOW - seconds * 1000).toISOString().replace('.000Z', 'Z');
const o = (
  apiVersion: string,
  kind: string,
  rest: Record<string, unknown>,
  meta: Record<string, unknown> = {},
): KubeObject =>
  ({
    apiVersion,
    kind,
    metadata: { name: 'x', namespace: 'default', creationTimestamp: ago(300), ...meta },
    ...rest,
  }) as KubeObject;
const cells = (group: string, resource: string, obj: KubeObject): unknown[] =>
  toTable({ group, resource }, obj, { now: NOW }).rows[0]!.cells;

describe('column definitions (printers.go AddHandlers)', () => {
  const cols = (group: string, resource: string) => {
    const c = printerFor({ group, resource }).columns;
    return {
      normal: c.filter((x) => x.priority === 0).map((x) => x.name.toUpperCase()),
      wide: c.filter((x) => x.priority === 1).map((x) => x.name.toUpperCase()),
    };
  };
  const cases: [string, string, string[], string[]][] = [
    [
      '',
      'pods',
      ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
      ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    ],
    [
      'apps',
      'deployments',
      ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
      ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    ],
    [
      'apps',
      'replicasets',
      ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
      ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    ],
    ['apps', 'statefulsets', ['NAME', 'READY', 'AGE'], ['CONTAINERS', 'IMAGES']],
    [
      'apps',
      'daemonsets',
      ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
      ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    ],
    ['', 'services', ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'], ['SELECTOR']],
    ['', 'endpoints', ['NAME', 'ENDPOINTS', 'AGE'], []],
    ['discovery.k8s.io', 'endpointslices', ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], []],
    [
      '',
      'nodes',
      ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
      ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    ],
    [
      'batch',
      'jobs',
      ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
      ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    ],
    [
      'batch',
      'cronjobs',
      ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
      ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    ],
    ['', 'configmaps', ['NAME', 'DATA', 'AGE'], []],
    ['', 'secrets', ['NAME', 'TYPE', 'DATA', 'AGE'], []],
    ['', 'serviceaccounts', ['NAME', 'SECRETS', 'AGE'], []],
    [
      'autoscaling',
      'horizontalpodautoscalers',
      ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'],
      [],
    ],
    [
      'policy',
      'poddisruptionbudgets',
      ['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'],
      [],
    ],
    ['', 'namespaces', ['NAME', 'STATUS', 'AGE'], []],
    [
      '',
      'events',
      ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
      ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME'],
    ],
    [
      'scheduling.k8s.io',
      'priorityclasses',
      ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE'],
      ['PREEMPTIONPOLICY'],
    ],
    ['coordination.k8s.io', 'leases', ['NAME', 'HOLDER', 'AGE'], []],
    ['', 'resourcequotas', ['NAME', 'REQUEST', 'LIMIT', 'AGE'], []],
    [
      'rbac.authorization.k8s.io',
      'rolebindings',
      ['NAME', 'ROLE', 'AGE'],
      ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
    ],
    ['networking.k8s.io', 'ingresses', ['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], []],
    ['example.com', 'widgets', ['NAME', 'CREATED AT'], []],
  ];
  for (const [group, resource, normal, wide] of cases) {
    it(`${resource}${group ? '.' + group : ''}`, () => {
      expect(cols(group, resource)).toEqual({ normal, wide });
    });
  }

  it('events keep printers.go wide order: LAST SEEN TYPE REASON OBJECT SUBOBJECT SOURCE MESSAGE FIRST SEEN COUNT NAME', () => {
    expect(printerFor({ group: '', resource: 'events' }).columns.map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Subobject',
      'Source',
      'Message',
      'First Seen',
      'Count',
      'Name',
    ]);
  });

  it('carries type, format and the API doc text as description', () => {
    const [name, , , restarts] = printerFor({ group: '', resource: 'pods' }).columns;
    expect(name).toMatchObject({ name: 'Name', type: 'string', format: 'name', priority: 0 });
    expect(name!.description).toMatch(/^Name must be unique within a namespace\./);
    expect(restarts!.description).toBe(
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    );
    expect(printerFor({ group: '', resource: 'configmaps' }).columns[1]!.type).toBe('string');
    expect(printerFor({ group: 'batch', resource: 'cronjobs' }).columns[3]).toMatchObject({
      name: 'Suspend',
      type: 'boolean',
    });
  });
});

describe('AGE (HumanDuration of now - creationTimestamp)', () => {
  const age = (ms: number): unknown => {
    const obj = o('v1', 'ConfigMap', {}, { creationTimestamp: new Date(NOW - ms).toISOString() });
    return cells('', 'configmaps', obj)[2];
  };
  const s = 1000;
  const m = 60 * s;
  const h = 60 * m;
  const d = 24 * h;
  const y = 365 * d;
  it.each([
    [-3 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [999, '0s'],
    [90 * s, '90s'],
    [2 * m - s, '119s'],
    [2 * m, '2m'],
    [2 * m + 3 * s, '2m3s'],
    [10 * m - s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [3 * h - m, '179m'],
    [3 * h + 2 * m, '3h2m'],
    [8 * h - m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [51 * h, '2d3h'],
    [8 * d - h, '7d23h'],
    [8 * d, '8d'],
    [729 * d, '729d'],
    [731 * d, '2y1d'],
    [8 * y, '8y'],
  ])('%d ms → %s', (ms, want) => {
    expect(age(ms)).toBe(want);
  });

  it('is <unknown> without a creationTimestamp', () => {
    expect(cells('', 'configmaps', o('v1', 'ConfigMap', {}, { creationTimestamp: undefined }))[2]).toBe(
      '<unknown>',
    );
  });
});

describe('cells', () => {
  it('deployments: READY ready/desired, wide containers, images and selector', () => {
    const d = o('apps/v1', 'Deployment', {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [
              { name: 'a', image: 'nginx' },
              { name: 'b', image: 'redis:7' },
            ],
          },
        },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    });
    expect(cells('apps', 'deployments', d)).toEqual([
      'x',
      '2/3',
      3,
      2,
      '5m',
      'a,b',
      'nginx,redis:7',
      'app=web',
    ]);
  });

  it('replicasets and daemonsets', () => {
    const rs = o('apps/v1', 'ReplicaSet', {
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d4b9c8f5' } },
        template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] } },
      },
      status: { replicas: 3, readyReplicas: 1 },
    });
    expect(cells('apps', 'replicasets', rs)).toEqual([
      'x',
      3,
      3,
      1,
      '5m',
      'nginx',
      'nginx:1.25',
      'app=web,pod-template-hash=7d4b9c8f5',
    ]);
    const ds = o('apps/v1', 'DaemonSet', {
      spec: { selector: { matchLabels: { app: 'a' } }, template: { spec: { containers: [] } } },
      status: {
        desiredNumberScheduled: 2,
        currentNumberScheduled: 2,
        numberReady: 1,
        updatedNumberScheduled: 2,
        numberAvailable: 1,
      },
    });
    expect(cells('apps', 'daemonsets', ds).slice(0, 8)).toEqual(['x', 2, 2, 1, 2, 1, '<none>', '5m']);
  });

  it('services: ClusterIP, NodePort, LoadBalancer pending/ingress, ExternalName, headless', () => {
    const svc = (spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
      cells('', 'services', o('v1', 'Service', { spec, status }));
    expect(
      svc({
        type: 'ClusterIP',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        ports: [{ port: 80, protocol: 'TCP' }],
        selector: { app: 'web' },
      }),
    ).toEqual(['x', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app=web']);
    expect(
      svc({
        type: 'NodePort',
        clusterIPs: ['10.96.0.11'],
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 443, nodePort: 30443, protocol: 'TCP' },
        ],
      }).slice(3, 5),
    ).toEqual(['<none>', '80:30080/TCP,443:30443/TCP']);
    expect(svc({ type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] }).slice(3, 5)).toEqual([
      '<pending>',
      '<none>',
    ]);
    expect(
      svc(
        { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], externalIPs: ['5.5.5.5'] },
        { loadBalancer: { ingress: [{ ip: '1.2.3.4' }, { hostname: 'lb.example.com' }] } },
      )[3],
    ).toBe('1.2.3.4,lb.example.com,5.5.5.5');
    expect(svc({ type: 'ExternalName', externalName: 'example.com' }).slice(2, 4)).toEqual([
      '<none>',
      'example.com',
    ]);
    expect(svc({ type: 'ClusterIP', clusterIP: 'None', clusterIPs: ['None'] })[2]).toBe('None');
  });

  it('endpoints: first three ip:port, then + N more...', () => {
    const ep = o('v1', 'Endpoints', {
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }],
          ports: [{ port: 80 }],
        },
      ],
    });
    expect(cells('', 'endpoints', ep)[1]).toBe('10.0.0.1:80,10.0.0.2:80,10.0.0.3:80 + 1 more...');
    expect(cells('', 'endpoints', o('v1', 'Endpoints', {}))[1]).toBe('<none>');
    expect(
      cells('', 'endpoints', o('v1', 'Endpoints', { subsets: [{ addresses: [{ ip: '10.0.0.1' }] }] }))[1],
    ).toBe('10.0.0.1');
  });

  it('endpointslices: ports and addresses, <unset> when empty', () => {
    const eps = o('discovery.k8s.io/v1', 'EndpointSlice', {
      addressType: 'IPv4',
      ports: [{ port: 80 }, { name: 'named' }, {}],
      endpoints: [
        { addresses: ['10.0.0.1'] },
        { addresses: ['10.0.0.2', '10.0.0.3'] },
        { addresses: ['10.0.0.4'] },
      ],
    });
    expect(cells('discovery.k8s.io', 'endpointslices', eps).slice(1, 4)).toEqual([
      'IPv4',
      '80,named,*',
      '10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...',
    ]);
    expect(
      cells(
        'discovery.k8s.io',
        'endpointslices',
        o('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4' }),
      ).slice(2, 4),
    ).toEqual(['<unset>', '<unset>']);
  });

  it('nodes: status, roles, version, and the wide addresses and node info', () => {
    const node = o(
      'v1',
      'Node',
      {
        spec: { unschedulable: true },
        status: {
          conditions: [
            { type: 'MemoryPressure', status: 'False' },
            { type: 'Ready', status: 'True' },
          ],
          addresses: [{ type: 'InternalIP', address: '172.18.0.2' }],
          nodeInfo: {
            kubeletVersion: 'v1.32.4',
            osImage: 'Debian GNU/Linux 12 (bookworm)',
            kernelVersion: '6.8.0',
            containerRuntimeVersion: 'containerd://1.7.18',
          },
        },
      },
      { labels: { 'node-role.kubernetes.io/control-plane': '', 'kubernetes.io/role': 'master' } },
    );
    expect(cells('', 'nodes', node)).toEqual([
      'x',
      'Ready,SchedulingDisabled',
      'control-plane,master',
      '5m',
      'v1.32.4',
      '172.18.0.2',
      '<none>',
      'Debian GNU/Linux 12 (bookworm)',
      '6.8.0',
      'containerd://1.7.18',
    ]);
    expect(
      cells(
        '',
        'nodes',
        o('v1', 'Node', { status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }),
      ).slice(1, 3),
    ).toEqual(['NotReady', '<none>']);
    expect(cells('', 'nodes', o('v1', 'Node', { status: {} })).slice(1, 10)).toEqual([
      'Unknown',
      '<none>',
      '5m',
      '',
      '<none>',
      '<none>',
      '<unknown>',
      '<unknown>',
      '<unknown>',
    ]);
  });

  it('jobs: STATUS order, COMPLETIONS forms and DURATION', () => {
    const job = (spec: Record<string, unknown>, status: Record<string, unknown>, meta = {}) =>
      cells(
        'batch',
        'jobs',
        o('batch/v1', 'Job', { spec: { template: { spec: { containers: [] } }, ...spec }, status }, meta),
      );
    expect(job({ completions: 3 }, { succeeded: 1, startTime: ago(90) }).slice(1, 4)).toEqual([
      'Running',
      '1/3',
      '90s',
    ]);
    expect(
      job(
        { completions: 1 },
        {
          succeeded: 1,
          startTime: ago(300),
          completionTime: ago(258),
          conditions: [{ type: 'Complete', status: 'True' }],
        },
      ).slice(1, 4),
    ).toEqual(['Complete', '1/1', '42s']);
    expect(job({ parallelism: 2 }, { conditions: [{ type: 'Failed', status: 'True' }] }).slice(1, 4)).toEqual(
      ['Failed', '0/1 of 2', ''],
    );
    expect(
      job({ parallelism: 1 }, { conditions: [{ type: 'Suspended', status: 'True' }] }).slice(1, 3),
    ).toEqual(['Suspended', '0/1']);
    expect(job({}, { conditions: [{ type: 'FailureTarget', status: 'True' }] })[1]).toBe('FailureTarget');
    expect(job({}, {}, { deletionTimestamp: ago(1) })[1]).toBe('Terminating');
    expect(job({}, { conditions: [{ type: 'Complete', status: 'False' }] })[1]).toBe('Running');
  });

  it('cronjobs: TIMEZONE, SUSPEND, ACTIVE, LAST SCHEDULE', () => {
    const cj = o('batch/v1', 'CronJob', {
      spec: {
        schedule: '*/5 * * * *',
        suspend: false,
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } },
      },
      status: { active: [{ name: 'j' }], lastScheduleTime: ago(150) },
    });
    expect(cells('batch', 'cronjobs', cj)).toEqual([
      'x',
      '*/5 * * * *',
      '<none>',
      'False',
      1,
      '2m30s',
      '5m',
      'c',
      'busybox',
      '<none>',
    ]);
    const never = o('batch/v1', 'CronJob', {
      spec: {
        schedule: '@hourly',
        timeZone: 'Etc/UTC',
        jobTemplate: { spec: { template: { spec: { containers: [] } } } },
      },
      status: {},
    });
    expect(cells('batch', 'cronjobs', never).slice(2, 6)).toEqual(['Etc/UTC', '<unset>', 0, '<none>']);
  });

  it('configmaps, secrets, serviceaccounts, namespaces, leases', () => {
    expect(
      cells(
        '',
        'configmaps',
        o('v1', 'ConfigMap', { data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }),
      )[1],
    ).toBe(3);
    expect(
      cells(
        '',
        'secrets',
        o('v1', 'Secret', { type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }),
      ).slice(1, 3),
    ).toEqual(['kubernetes.io/tls', 2]);
    expect(cells('', 'serviceaccounts', o('v1', 'ServiceAccount', {}))[1]).toBe(0);
    expect(cells('', 'namespaces', o('v1', 'Namespace', { status: { phase: 'Terminating' } }))[1]).toBe(
      'Terminating',
    );
    expect(
      cells(
        'coordination.k8s.io',
        'leases',
        o('coordination.k8s.io/v1', 'Lease', { spec: { holderIdentity: 'node-1' } }),
      )[1],
    ).toBe('node-1');
  });

  it('priorityclasses and poddisruptionbudgets', () => {
    expect(
      cells(
        'scheduling.k8s.io',
        'priorityclasses',
        o('scheduling.k8s.io/v1', 'PriorityClass', { value: 1000, preemptionPolicy: 'Never' }),
      ),
    ).toEqual(['x', 1000, false, '5m', 'Never']);
    expect(
      cells(
        'policy',
        'poddisruptionbudgets',
        o('policy/v1', 'PodDisruptionBudget', {
          spec: { minAvailable: 1 },
          status: { disruptionsAllowed: 2 },
        }),
      ),
    ).toEqual(['x', '1', 'N/A', 2, '5m']);
    expect(
      cells(
        'policy',
        'poddisruptionbudgets',
        o('policy/v1', 'PodDisruptionBudget', { spec: { maxUnavailable: '25%' } }),
      ).slice(1, 4),
    ).toEqual(['N/A', '25%', 0]);
  });

  it('events: LAST SEEN, OBJECT, counts and series, source', () => {
    const ev = (rest: Record<string, unknown>) =>
      cells(
        '',
        'events',
        o('v1', 'Event', {
          involvedObject: { kind: 'Pod', name: 'web-abc' },
          type: 'Warning',
          reason: 'BackOff',
          message: ' msg ',
          ...rest,
        }),
      );
    expect(
      ev({
        firstTimestamp: ago(600),
        lastTimestamp: ago(30),
        count: 5,
        source: { component: 'kubelet', host: 'node-1' },
      }),
    ).toEqual(['30s', 'Warning', 'BackOff', 'pod/web-abc', '', 'kubelet, node-1', 'msg', '10m', 5, 'x']);
    // a new-style event: eventTime, series, reportingController
    expect(
      ev({
        eventTime: new Date(NOW - 58_000).toISOString(),
        series: { count: 4, lastObservedTime: new Date(NOW - 3000).toISOString() },
        reportingComponent: 'default-scheduler',
        source: {},
      }),
    ).toEqual(['3s', 'Warning', 'BackOff', 'pod/web-abc', '', 'default-scheduler', 'msg', '58s', 4, 'x']);
    // no timestamps at all; a singleton event counts 1
    expect(ev({})).toEqual([
      '<unknown>',
      'Warning',
      'BackOff',
      'pod/web-abc',
      '',
      '',
      'msg',
      '<unknown>',
      1,
      'x',
    ]);
  });

  it('events.k8s.io events are printed with the same columns', () => {
    const e = o('events.k8s.io/v1', 'Event', {
      regarding: { kind: 'Node', name: 'n1' },
      note: 'Node n1 status is now: NodeReady',
      reason: 'NodeReady',
      type: 'Normal',
      eventTime: ago(120),
      reportingController: 'kubelet',
      reportingInstance: 'n1',
    });
    expect(cells('events.k8s.io', 'events', e).slice(0, 7)).toEqual([
      '2m',
      'Normal',
      'NodeReady',
      'node/n1',
      '',
      'kubelet, n1',
      'Node n1 status is now: NodeReady',
    ]);
  });
});

describe('HPA TARGETS (formatHPAMetrics)', () => {
  const hpa = (apiVersion: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) =>
    cells(
      'autoscaling',
      'horizontalpodautoscalers',
      o(apiVersion, 'HorizontalPodAutoscaler', {
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 10, ...spec },
        status,
      }),
    );

  it('autoscaling/v2 resource utilization, unknown current, MINPODS unset', () => {
    const metrics = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
    expect(hpa('autoscaling/v2', { metrics, minReplicas: 1 }, { currentReplicas: 2 })).toEqual([
      'x',
      'Deployment/web',
      'cpu: <unknown>/80%',
      '1',
      10,
      2,
      '5m',
    ]);
    expect(
      hpa(
        'autoscaling/v2',
        { metrics },
        {
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } },
          ],
        },
      ).slice(2, 4),
    ).toEqual(['cpu: 45%/80%', '<unset>']);
  });

  it('autoscaling/v1 CPU target, and the 80% default when there is none', () => {
    expect(
      hpa(
        'autoscaling/v1',
        { targetCPUUtilizationPercentage: 50 },
        { currentCPUUtilizationPercentage: 12 },
      )[2],
    ).toBe('cpu: 12%/50%');
    expect(hpa('autoscaling/v1', {})[2]).toBe('cpu: <unknown>/80%');
  });

  it('value targets, pods and object metrics, and + N more...', () => {
    expect(
      formatHPAMetrics(
        [
          {
            type: 'Resource',
            resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } },
          },
          {
            type: 'Pods',
            pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: '1k' } },
          },
          {
            type: 'Object',
            object: {
              metric: { name: 'rps' },
              describedObject: { kind: 'Service', name: 's' },
              target: { type: 'AverageValue', averageValue: '10' },
            },
          },
        ],
        [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '12Mi' } } },
          { type: 'Pods', pods: { metric: { name: 'qps' }, current: { averageValue: '200' } } },
        ],
      ),
    ).toBe('memory: 12Mi/500Mi, 200/1k + 1 more...');
    expect(
      formatHPAMetrics(
        [
          {
            type: 'Object',
            object: {
              metric: { name: 'rps' },
              describedObject: { kind: 'Service', name: 's' },
              target: { type: 'AverageValue', averageValue: '10' },
            },
          },
        ],
        [
          {
            type: 'Object',
            object: {
              metric: { name: 'rps' },
              describedObject: { kind: 'Service', name: 's' },
              current: { averageValue: '8611m' },
            },
          },
        ],
      ),
    ).toBe('8611m/10 (avg)');
    expect(formatHPAMetrics([], [])).toBe('<none>');
  });
});

describe('the Table envelope', () => {
  const cm = (name: string): KubeObject =>
    o(
      'v1',
      'ConfigMap',
      { data: {} },
      { name, resourceVersion: '7', uid: `${name}-uid`, managedFields: [{ manager: 'kubectl' }] },
    );

  it('a list keeps the list resourceVersion and continue token; rows carry PartialObjectMetadata', () => {
    const t = toTable(
      { group: '', resource: 'configmaps' },
      {
        apiVersion: 'v1',
        kind: 'ConfigMapList',
        metadata: { resourceVersion: '42', continue: 'abc' },
        items: [cm('a'), cm('b')],
      },
      { now: NOW },
    );
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.kind).toBe('Table');
    expect(t.metadata).toEqual({ resourceVersion: '42', continue: 'abc' });
    expect(t.rows.map((r) => r.cells[0])).toEqual(['a', 'b']);
    expect(t.rows[0]!.object).toEqual({
      apiVersion: 'meta.k8s.io/v1',
      kind: 'PartialObjectMetadata',
      metadata: cm('a').metadata,
    });
  });

  it('a single object gives its resourceVersion; includeObject Object / None', () => {
    const full = toTable({ group: '', resource: 'configmaps' }, cm('a'), {
      now: NOW,
      includeObject: 'Object',
    });
    expect(full.metadata).toEqual({ resourceVersion: '7' });
    expect(full.rows[0]!.object).toEqual(cm('a'));
    const none = toTable({ group: '', resource: 'configmaps' }, cm('a'), { now: NOW, includeObject: 'None' });
    expect(none.rows[0]!.object).toBeUndefined();
  });

  it('noHeaders leaves the column definitions out', () => {
    expect(
      toTable({ group: '', resource: 'configmaps' }, [cm('a')], { now: NOW, noHeaders: true })
        .columnDefinitions,
    ).toEqual([]);
  });

  it('unknown resources get NAME and CREATED AT (RFC 3339, UTC)', () => {
    const t = toTable({ group: 'example.com', resource: 'widgets' }, o('example.com/v1', 'Widget', {}), {
      now: NOW,
    });
    expect(t.columnDefinitions.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Created At', 'date'],
    ]);
    expect(t.rows[0]!.cells).toEqual(['x', '2026-01-10T11:55:00Z']);
  });
});
