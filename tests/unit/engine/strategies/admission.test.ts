import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/api/types';
import type { AdmissionAttributes, AdmissionContext } from '../../../../src/engine/api/admission';
import { StatusError } from '../../../../src/engine/api/errors';
import type { ResourceInfo } from '../../../../src/engine/api/registry';
import { podAdmissionPlugins, priorityAdmission } from '../../../../src/engine/api/strategies/index';
import { defaulted, sorted, type Loose } from './helpers';

const podsInfo = { group: '', resource: 'pods', kind: 'Pod' } as ResourceInfo;

function cluster(objects: KubeObject[]): AdmissionContext {
  const resourceOf = (o: KubeObject): string =>
    ({ ServiceAccount: 'serviceaccounts', PriorityClass: 'priorityclasses' })[o.kind] ?? '';
  const groupOf = (o: KubeObject): string => (o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '');
  return {
    now: 0,
    get: (group, resource, namespace, name) =>
      objects.find(
        (o) =>
          groupOf(o) === group &&
          resourceOf(o) === resource &&
          (o.metadata.namespace ?? undefined) === namespace &&
          o.metadata.name === name,
      ),
    list: (group, resource) => objects.filter((o) => groupOf(o) === group && resourceOf(o) === resource),
  };
}

const defaultSA: KubeObject = {
  apiVersion: 'v1',
  kind: 'ServiceAccount',
  metadata: { name: 'default', namespace: 'default' },
};

function createPod(pod: KubeObject, objects: KubeObject[] = [defaultSA]): Loose {
  const ctx = cluster(objects);
  const attrs: AdmissionAttributes = {
    operation: 'CREATE',
    info: podsInfo,
    subresource: '',
    namespace: 'default',
    name: pod.metadata.name ?? '',
    object: pod,
    dryRun: false,
  };
  const plugins = podAdmissionPlugins({ randomSuffix: (n) => 'x7k2p'.slice(0, n) });
  for (const p of plugins) p.admit?.(attrs, ctx);
  for (const p of plugins) p.validate?.(attrs, ctx);
  return pod;
}

const nginx = () =>
  defaulted({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { labels: { run: 'nginx' }, name: 'nginx', namespace: 'default' },
    spec: {
      containers: [{ image: 'nginx', name: 'nginx', resources: {} }],
      dnsPolicy: 'ClusterFirst',
      restartPolicy: 'Always',
    },
  });

describe('pod admission (ServiceAccount, Priority, DefaultTolerationSeconds)', () => {
  it('turns `kubectl run nginx --image=nginx` into the spec a real v1.32 cluster stores', () => {
    const pod = createPod(nginx());
    expect(sorted(pod.spec)).toEqual(
      sorted({
        containers: [
          {
            image: 'nginx',
            imagePullPolicy: 'Always',
            name: 'nginx',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            volumeMounts: [
              {
                mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
                name: 'kube-api-access-x7k2p',
                readOnly: true,
              },
            ],
          },
        ],
        dnsPolicy: 'ClusterFirst',
        enableServiceLinks: true,
        preemptionPolicy: 'PreemptLowerPriority',
        priority: 0,
        restartPolicy: 'Always',
        schedulerName: 'default-scheduler',
        securityContext: {},
        serviceAccount: 'default',
        serviceAccountName: 'default',
        terminationGracePeriodSeconds: 30,
        tolerations: [
          {
            effect: 'NoExecute',
            key: 'node.kubernetes.io/not-ready',
            operator: 'Exists',
            tolerationSeconds: 300,
          },
          {
            effect: 'NoExecute',
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            tolerationSeconds: 300,
          },
        ],
        volumes: [
          {
            name: 'kube-api-access-x7k2p',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
                {
                  downwardAPI: {
                    items: [
                      { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' },
                    ],
                  },
                },
              ],
            },
          },
        ],
      }),
    );
  });

  it('rejects a pod whose service account does not exist', () => {
    const pod = nginx();
    pod.spec.serviceAccountName = 'foo';
    let err: unknown;
    try {
      createPod(pod);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "nginx" is forbidden: error looking up service account default/foo: serviceaccount "foo" not found',
    });
  });

  it('names a generateName pod by its prefix in the error, as admission runs before name generation', () => {
    const pod = nginx();
    delete pod.metadata.name;
    pod.metadata.generateName = 'web-7d4b9c-';
    expect(() => createPod(pod, [])).toThrow(
      'pods "web-7d4b9c-" is forbidden: error looking up service account default/default: serviceaccount "default" not found',
    );
  });

  it('respects automountServiceAccountToken: false and existing mounts', () => {
    const pod = nginx();
    pod.spec.automountServiceAccountToken = false;
    expect(createPod(pod).spec.volumes).toBeUndefined();
    const sa: KubeObject = { ...defaultSA, automountServiceAccountToken: false };
    expect(createPod(nginx(), [sa]).spec.volumes).toBeUndefined();
  });

  it('keeps tolerations that already cover the taints', () => {
    const pod = nginx();
    pod.spec.tolerations = [{ operator: 'Exists' }];
    expect(createPod(pod).spec.tolerations).toEqual([{ operator: 'Exists' }]);
  });

  it('resolves priorityClassName, and rejects an unknown class', () => {
    const high: KubeObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'high' },
      value: 1000,
      preemptionPolicy: 'Never',
    };
    const pod = nginx();
    pod.spec.priorityClassName = 'high';
    expect(createPod(pod, [defaultSA, high]).spec).toMatchObject({
      priority: 1000,
      preemptionPolicy: 'Never',
    });
    const missing = nginx();
    missing.spec.priorityClassName = 'urgent';
    expect(() => createPod(missing)).toThrow(
      'pods "nginx" is forbidden: no PriorityClass with name urgent was found',
    );
  });

  it('applies a global default PriorityClass', () => {
    const def: KubeObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'normal' },
      value: 100,
      globalDefault: true,
      preemptionPolicy: 'PreemptLowerPriority',
    };
    expect(createPod(nginx(), [defaultSA, def]).spec).toMatchObject({
      priorityClassName: 'normal',
      priority: 100,
    });
  });

  it('allows only one global default PriorityClass', () => {
    const existing: KubeObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'normal' },
      value: 100,
      globalDefault: true,
    };
    const another: KubeObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'other' },
      value: 5,
      globalDefault: true,
    };
    const attrs: AdmissionAttributes = {
      operation: 'CREATE',
      info: {
        group: 'scheduling.k8s.io',
        resource: 'priorityclasses',
        kind: 'PriorityClass',
      } as ResourceInfo,
      subresource: '',
      namespace: '',
      name: 'other',
      object: another,
      dryRun: false,
    };
    expect(() => priorityAdmission.validate!(attrs, cluster([existing]))).toThrow(
      'priorityclasses.scheduling.k8s.io "other" is forbidden: PriorityClass normal is already marked as default. Only one default can exist',
    );
  });
});
