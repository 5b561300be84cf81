/** Validation messages of reference §12.4 and upstream validation.go, field error by field error. */
import { describe, expect, it } from 'vitest';
import { newInvalid } from '../../../../src/engine/api/errors';
import { strategies } from '../../../../src/engine/api/strategies/index';
import { created, ctx, defaulted, errorsOf, updateErrorsOf } from './helpers';

const deployment = (
  name: string,
  selector: unknown,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
) =>
  defaulted({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector,
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
      ...extra,
    },
  });

const pod = (spec: Record<string, unknown>, name = 'p') =>
  defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  });

const container = (c: Record<string, unknown>) => pod({ containers: [{ name: 'c', image: 'nginx', ...c }] });

describe('Deployment, ReplicaSet, DaemonSet', () => {
  it('selector does not match template labels (one error, printed bare)', () => {
    const d = deployment('bad', { matchLabels: { app: 'bad' } }, { app: 'other' });
    expect(errorsOf(d)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    ]);
    const err = newInvalid('apps', 'Deployment', 'bad', strategies['apps/Deployment']!.validate!(d, ctx));
    expect(err.status.message).toBe(
      'Deployment.apps "bad" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    );
  });

  it('missing selector gives two causes, in upstream order', () => {
    expect(errorsOf(deployment('bad2', undefined, { app: 'bad2' }))).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"bad2"}: `selector` does not match template `labels`',
    ]);
  });

  it('empty selector is invalid', () => {
    expect(errorsOf(deployment('e', {}, { app: 'e' }))).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid for deployment',
    ]);
  });

  it('replicas must not be negative', () => {
    expect(errorsOf(deployment('n', { matchLabels: { a: 'b' } }, { a: 'b' }, { replicas: -1 }))).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('the template restartPolicy must be Always', () => {
    const d = deployment('r', { matchLabels: { a: 'b' } }, { a: 'b' });
    d.spec.template.spec.restartPolicy = 'Never';
    expect(errorsOf(d)).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('the selector is immutable', () => {
    const old = deployment('web', { matchLabels: { app: 'web' } }, { app: 'web' });
    const changed = deployment('web', { matchLabels: { app: 'web2' } }, { app: 'web2' });
    expect(updateErrorsOf(changed, old)).toEqual([
      'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable',
    ]);
  });

  it('rolling update values are checked', () => {
    const d = deployment(
      'r',
      { matchLabels: { a: 'b' } },
      { a: 'b' },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '120%' } } },
    );
    expect(errorsOf(d)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"120%"}: must not be greater than 100%',
    ]);
    const z = deployment(
      'r',
      { matchLabels: { a: 'b' } },
      { a: 'b' },
      { strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } } },
    );
    expect(errorsOf(z)).toEqual([
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}: may not be 0 when `maxSurge` is 0',
    ]);
  });

  it('ReplicaSet keeps upstream wording and DaemonSet checks its selector', () => {
    const rs = defaulted({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'r', namespace: 'default' },
      spec: { selector: {}, template: { spec: { containers: [{ name: 'c', image: 'x' }] } } },
    });
    expect(errorsOf(rs)[0]).toContain('empty selector is invalid for deployment');
    const ds = defaulted({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'c' } }, spec: { containers: [{ name: 'c', image: 'x' }] } },
      },
    });
    expect(errorsOf(ds)).toEqual([
      'spec.template.metadata.labels: Invalid value: map[string]string{"a":"c"}: `selector` does not match template `labels`',
    ]);
  });
});

describe('object names', () => {
  it('rejects a bad object name with the DNS-1123 subdomain message', () => {
    expect(errorsOf(pod({}, 'My_App'))).toEqual([
      `metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it('uses DNS-1035 for Services and DNS-1123 labels for Namespaces', () => {
    const svc = defaulted({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: '1web', namespace: 'default' },
      spec: { ports: [{ port: 80 }] },
    });
    expect(errorsOf(svc)[0]).toContain(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character",
    );
    const ns = defaulted({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } });
    expect(errorsOf(ns)).toEqual(['metadata.name: Invalid value: "a.b": must not contain dots']);
  });

  it('checks finalizer names', () => {
    const p = pod({});
    p.metadata.finalizers = ['cleanup'];
    expect(errorsOf(p)).toEqual([
      'metadata.finalizers[0]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });
});

describe('containers', () => {
  it('container name and image', () => {
    expect(errorsOf(pod({ containers: [{ name: 'Web' }] }))).toEqual([
      `spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.containers[0].image: Required value',
    ]);
    expect(errorsOf(pod({ containers: [] }))).toEqual(['spec.containers: Required value']);
    expect(
      errorsOf(
        pod({
          containers: [
            { name: 'a', image: 'x' },
            { name: 'a', image: 'y' },
          ],
        }),
      ),
    ).toEqual(['spec.containers[1].name: Duplicate value: "a"']);
  });

  it('requests must not exceed limits', () => {
    expect(errorsOf(container({ resources: { requests: { cpu: '2' }, limits: { cpu: '1' } } }))).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ]);
  });

  it('resource names and integer extended resources', () => {
    expect(errorsOf(container({ resources: { limits: { cpus: '1' } } }))).toEqual([
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      // SetDefaults_Pod copied the limit into requests, which fails the same way.
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
      'spec.containers[0].resources.requests[cpus]: Invalid value: "cpus": must be a standard resource for containers',
    ]);
    expect(
      errorsOf(
        container({
          resources: { limits: { 'nvidia.com/gpu': '500m' }, requests: { 'nvidia.com/gpu': '500m' } },
        }),
      ),
    ).toContain(
      'spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"500m", Format:"DecimalSI"}: must be an integer',
    );
  });

  it('probes', () => {
    expect(errorsOf(container({ livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 } }))).toEqual([
      'spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1',
    ]);
    expect(errorsOf(container({ readinessProbe: { periodSeconds: 5 } }))).toEqual([
      'spec.containers[0].readinessProbe: Required value: must specify a handler type',
    ]);
    expect(
      errorsOf(container({ livenessProbe: { exec: { command: ['true'] }, tcpSocket: { port: 80 } } })),
    ).toEqual([
      'spec.containers[0].livenessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type',
    ]);
    expect(errorsOf(container({ readinessProbe: { httpGet: { port: 'web_http' } } }))).toEqual([
      'spec.containers[0].readinessProbe.httpGet.port: Invalid value: "web_http": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    ]);
  });

  it('ports, env and volume mounts', () => {
    expect(
      errorsOf(container({ ports: [{ containerPort: 70000 }, { containerPort: 80, protocol: 'HTTP' }] })),
    ).toEqual([
      'spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.containers[0].ports[1].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"',
    ]);
    expect(errorsOf(container({ env: [{ name: 'A=B', value: 'x' }, { value: 'y' }] }))).toEqual([
      'spec.containers[0].env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than \'=\'',
      'spec.containers[0].env[1].name: Required value',
    ]);
    expect(errorsOf(container({ volumeMounts: [{ name: 'data', mountPath: '/data' }] }))).toEqual([
      'spec.containers[0].volumeMounts[0].name: Not found: "data"',
    ]);
  });

  it('imagePullPolicy values', () => {
    expect(errorsOf(container({ imagePullPolicy: 'Sometimes' }))).toEqual([
      'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
    ]);
  });
});

describe('pod spec', () => {
  it('restartPolicy and dnsPolicy values', () => {
    expect(errorsOf(pod({ restartPolicy: 'Sometimes', dnsPolicy: 'Google' }))).toEqual([
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      'spec.dnsPolicy: Unsupported value: "Google": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
    ]);
  });

  it('volumes need exactly one source and valid DNS-label names', () => {
    expect(
      errorsOf(
        pod({
          volumes: [
            { name: 'c', emptyDir: {} },
            { name: 'c', emptyDir: {} },
          ],
        }),
      ),
    ).toEqual(['spec.volumes[1].name: Duplicate value: "c"']);
    expect(
      errorsOf(
        pod({
          volumes: [
            { name: 'a', emptyDir: {}, hostPath: { path: '/x' } },
            { name: 'a', emptyDir: {} },
            { name: 'B', configMap: {} },
          ],
        }),
      ),
    ).toEqual([
      'spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
      // The invalid first "a" was not recorded, so the second is no duplicate (as upstream).
      'spec.volumes[2].configMap.name: Required value',
      `spec.volumes[2].name: Invalid value: "B": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('tolerations', () => {
    expect(
      errorsOf(
        pod({
          tolerations: [
            { operator: 'Equal', value: 'x' },
            { key: 'k', operator: 'Exists', value: 'v', tolerationSeconds: 5, effect: 'NoSchedule' },
          ],
        }),
      ),
    ).toEqual([
      'spec.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"',
      'spec.tolerations[1].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
      'spec.tolerations[1].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
    ]);
  });

  it('nodeSelector labels', () => {
    expect(errorsOf(pod({ nodeSelector: { disk: 'ssd fast' } }))[0]).toMatch(
      /^spec\.nodeSelector: Invalid value: "ssd fast": a valid label must be an empty string/,
    );
  });
});

describe('pod updates', () => {
  const base = created({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'x', namespace: 'default', resourceVersion: '1' },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });

  it('allows changing the image', () => {
    const next = JSON.parse(JSON.stringify(base));
    next.spec.containers[0].image = 'nginx:1.25';
    expect(updateErrorsOf(next, base)).toEqual([]);
  });

  it('forbids other spec changes with upstream wording and a diff', () => {
    const next = JSON.parse(JSON.stringify(base));
    next.spec.containers[0].command = ['sleep', '1'];
    const errs = updateErrorsOf(next, base);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Forbidden: pod updates may not change fields other than `spec\.containers\[\*\]\.image`,`spec\.initContainers\[\*\]\.image`,`spec\.activeDeadlineSeconds`,`spec\.tolerations` \(only additions to existing tolerations\),`spec\.terminationGracePeriodSeconds` \(allow it to be set to 1 if it was previously negative\)\n {2}core\.PodSpec\{\n- \tContainers: /,
    );
  });

  it('forbids adding containers', () => {
    const next = JSON.parse(JSON.stringify(base));
    next.spec.containers.push({
      name: 'd',
      image: 'x',
      imagePullPolicy: 'Always',
      terminationMessagePolicy: 'File',
    });
    expect(updateErrorsOf(next, base)).toEqual([
      'spec.containers: Forbidden: pod updates may not add or remove containers',
    ]);
  });
});

describe('Job and CronJob', () => {
  const job = (restartPolicy?: string) =>
    created(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'j', namespace: 'default' },
        spec: {
          template: {
            spec: {
              containers: [{ name: 'c', image: 'busybox' }],
              ...(restartPolicy ? { restartPolicy } : {}),
            },
          },
        },
      },
      'uid-1',
    );

  it('restartPolicy must be OnFailure or Never', () => {
    expect(errorsOf(job())).toEqual([
      'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]);
    expect(errorsOf(job('Never'))).toEqual([]);
  });

  it('completions and template are immutable', () => {
    const old = job('Never');
    const next = JSON.parse(JSON.stringify(old));
    next.spec.completions = 3;
    next.spec.template.spec.containers[0].image = 'busybox:1.36';
    expect(updateErrorsOf(next, old)).toEqual([
      'spec.completions: Invalid value: 3: field is immutable',
      'spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable',
    ]);
  });

  it('CronJob schedule is parsed like robfig/cron', () => {
    const cj = (schedule: string) =>
      defaulted({
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        metadata: { name: 'c', namespace: 'default' },
        spec: {
          schedule,
          jobTemplate: {
            spec: {
              template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'OnFailure' } },
            },
          },
        },
      });
    expect(errorsOf(cj('* * * *'))).toEqual([
      'spec.schedule: Invalid value: "* * * *": expected exactly 5 fields, found 4: [* * * *]',
    ]);
    expect(errorsOf(cj('*/5 * * * *'))).toEqual([]);
    expect(errorsOf(cj('61 * * * *'))).toEqual([
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ]);
    expect(errorsOf(cj('TZ=UTC * * * * *'))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });
});

describe('Service', () => {
  const svc = (spec: Record<string, unknown>) =>
    created({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec });

  it('ports are required, and named when several', () => {
    expect(errorsOf(svc({}))).toEqual(['spec.ports: Required value']);
    expect(errorsOf(svc({ ports: [{ port: 80 }, { port: 443 }] }))).toEqual([
      'spec.ports[0].name: Required value',
      'spec.ports[1].name: Required value',
    ]);
  });

  it('port range, type values and nodePort with ClusterIP', () => {
    expect(errorsOf(svc({ ports: [{ port: 0, targetPort: 80 }] }))).toEqual([
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
    ]);
    expect(errorsOf(svc({ type: 'Internal', ports: [{ port: 80 }] }))).toEqual([
      'spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(errorsOf(svc({ ports: [{ port: 80, nodePort: 30080 }] }))).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
  });

  it('nodePort out of range is rejected by the (default) allocator', () => {
    expect(() => svc({ type: 'NodePort', ports: [{ port: 80, nodePort: 80 }] })).toThrow(
      'Service "s" is invalid: spec.ports[0].nodePort: Invalid value: 80: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('clusterIP is immutable, and kept when an update omits it', () => {
    const old = svc({ clusterIP: '10.96.0.20', ports: [{ port: 80 }] });
    const next = JSON.parse(JSON.stringify(old));
    next.spec.clusterIP = '10.96.0.21';
    strategies['/Service']!.prepareForUpdate!(next, old, ctx);
    expect(updateErrorsOf(next, old)).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.21"}: may not change once set',
    ]);
    const omitted = JSON.parse(JSON.stringify(old));
    delete omitted.spec.clusterIP;
    delete omitted.spec.clusterIPs;
    strategies['/Service']!.prepareForUpdate!(omitted, old, ctx);
    expect(omitted.spec.clusterIPs).toEqual(['10.96.0.20']);
    expect(updateErrorsOf(omitted, old)).toEqual([]);
  });
});

describe('ConfigMap and Secret keys', () => {
  it('data keys must be valid config keys', () => {
    const cm = defaulted({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { 'bad key': 'v', ok: 'v' },
    });
    expect(errorsOf(cm)).toEqual([
      "data[bad key]: Invalid value: \"bad key\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
    const s = defaulted({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's', namespace: 'default' },
      stringData: { '..x': 'v' },
    });
    expect(errorsOf(s)).toEqual(['data[..x]: Invalid value: "..x": must not start with \'..\'']);
  });

  it('immutable ConfigMaps', () => {
    const old = defaulted({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'c', namespace: 'default' },
      data: { a: '1' },
      immutable: true,
    });
    const next = JSON.parse(JSON.stringify(old));
    next.data.a = '2';
    expect(updateErrorsOf(next, old)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it('typed Secrets need their keys', () => {
    const s = defaulted({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 't', namespace: 'default' },
      type: 'kubernetes.io/tls',
      data: {},
    });
    expect(errorsOf(s)).toEqual(['data[tls.crt]: Required value', 'data[tls.key]: Required value']);
  });
});

describe('PDB, HPA, PriorityClass', () => {
  it('PDB: minAvailable and maxUnavailable cannot be both set', () => {
    const pdb = defaulted({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'p', namespace: 'default' },
      spec: { minAvailable: 1, maxUnavailable: '50%', selector: { matchLabels: { app: 'web' } } },
    });
    const errs = errorsOf(pdb);
    expect(errs).toHaveLength(1);
    expect(errs[0]).toMatch(
      /^spec: Invalid value: policy\.PodDisruptionBudgetSpec\{MinAvailable:.*\}: minAvailable and maxUnavailable cannot be both set$/,
    );
  });

  it('HPA: maxReplicas must be >= minReplicas', () => {
    const hpa = defaulted({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default' },
      spec: {
        minReplicas: 3,
        maxReplicas: 1,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      },
    });
    expect(errorsOf(hpa)).toEqual([
      'spec.maxReplicas: Invalid value: 1: must be greater than or equal to `minReplicas`',
    ]);
  });

  it('PriorityClass: value limit, system prefix, immutable value', () => {
    const pc = (name: string, value: number) =>
      defaulted({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name }, value });
    expect(errorsOf(pc('huge', 2000000000))).toEqual([
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    expect(errorsOf(pc('system-mine', 10))).toEqual([
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class",
    ]);
    expect(updateErrorsOf(pc('high', 2000), pc('high', 1000))).toEqual([
      'value: Forbidden: may not be changed in an update.',
    ]);
  });
});
