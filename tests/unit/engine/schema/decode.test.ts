import { describe, expect, it } from 'vitest';
import {
  base64CorruptAt,
  canonicalizeQuantities,
  decodeObject,
} from '../../../../src/engine/api/schema/decode';

const QUANTITY_RE =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const deployment = (spec: unknown): Record<string, unknown> => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web' },
  spec,
});

const pod = (spec: unknown, metadata: Record<string, unknown> = { name: 'p' }): Record<string, unknown> => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata,
  spec,
});

describe('decodeObject: strict decoding errors (reference §12.4)', () => {
  it('reports an unknown field with its full path', () => {
    expect(decodeObject('apps/Deployment', deployment({ replica: 3 }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"',
    );
  });

  it('lists several unknown fields in the order kubectl sends them (sorted keys), with list indices', () => {
    const body = deployment({
      template: {
        metadata: { containers: [], volumes: [] },
        spec: { containers: [{ name: 'a', image: 'nginx', imagee: 'x' }] },
      },
    });
    expect(decodeObject('apps/Deployment', body)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: ' +
        'unknown field "spec.template.metadata.containers", unknown field "spec.template.metadata.volumes", ' +
        'unknown field "spec.template.spec.containers[0].imagee"',
    );
  });

  it('does not descend into an unknown field', () => {
    expect(decodeObject('/Pod', pod({ containers: [], extra: { nested: { deeper: 1 } } }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.extra"',
    );
  });

  it('reports a string for an int32 as Go encoding/json does', () => {
    expect(decodeObject('apps/Deployment', deployment({ replicas: '3' }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('prints the literal of a fractional number', () => {
    expect(decodeObject('apps/Deployment', deployment({ replicas: 1.5 }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('names the innermost struct and leaves list indices out of the Go field path', () => {
    const body = pod({ containers: [{ name: 'a', image: 'nginx', ports: [{ containerPort: '80' }] }] });
    expect(decodeObject('/Pod', body)).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
  });

  it('reports a number where a label value (string) is expected', () => {
    expect(decodeObject('/Pod', pod({ containers: [] }, { name: 'p', labels: { version: 1 } }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
    );
  });

  it('prints Go type names for structs, slices and enums', () => {
    expect(decodeObject('apps/Deployment', deployment({ template: { spec: { containers: 'nginx' } } }))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container',
    );
    expect(decodeObject('apps/Deployment', deployment('x'))).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec',
    );
    expect(decodeObject('/Pod', pod({ containers: [], restartPolicy: 1 }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
    );
  });

  it('keeps only the first type error (Go saves the first and goes on)', () => {
    expect(decodeObject('apps/Deployment', deployment({ minReadySeconds: 'a', replicas: 'b' }))).toContain(
      'DeploymentSpec.spec.minReadySeconds of type int32',
    );
  });

  it('prefers a type error over unknown fields', () => {
    expect(decodeObject('apps/Deployment', deployment({ replica: 1, replicas: 'x' }))).toContain(
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas',
    );
  });

  it('rejects a malformed quantity with the parser error', () => {
    const body = pod({
      containers: [{ name: 'a', image: 'nginx', resources: { limits: { memory: '1GB' } } }],
    });
    expect(decodeObject('/Pod', body)).toBe(`Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_RE}`);
  });

  it('accepts quantities given as JSON numbers', () => {
    const body = pod({
      containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: 0.5, memory: 1e9 } } }],
    });
    expect(decodeObject('/Pod', body)).toBeUndefined();
  });

  it('a quantity error aborts decoding and wins over an earlier type error', () => {
    const body = pod(
      { containers: [{ name: 'a', image: 'nginx', resources: { limits: { cpu: 'abc' } } }] },
      { name: 'p', labels: { a: 1 } },
    );
    expect(decodeObject('/Pod', body)).toBe(`Pod in version "v1" cannot be handled as a Pod: ${QUANTITY_RE}`);
  });

  it('reports IntOrString number errors against int32 with the field context', () => {
    expect(
      decodeObject('apps/Deployment', deployment({ strategy: { rollingUpdate: { maxSurge: 1.5 } } })),
    ).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number 1.5 into Go struct field RollingUpdateDeployment.spec.strategy.rollingUpdate.maxSurge of type int32',
    );
    expect(
      decodeObject('/Pod', pod({ containers: [{ name: 'a', livenessProbe: { httpGet: { port: true } } }] })),
    ).toContain(
      'json: cannot unmarshal bool into Go struct field HTTPGetAction.spec.containers.livenessProbe.httpGet.port of type int32',
    );
  });

  it('reports a malformed timestamp with time.Parse text', () => {
    expect(decodeObject('/Pod', pod({ containers: [] }, { name: 'p', creationTimestamp: 'yesterday' }))).toBe(
      'Pod in version "v1" cannot be handled as a Pod: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
    );
  });

  it('checks Secret data as base64', () => {
    const secret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
      data: { password: 'YWRtaW4' },
    };
    expect(decodeObject('/Secret', secret)).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 4',
    );
  });

  it('accepts null everywhere and the generator outputs of §13', () => {
    const fromKubectl = {
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
    };
    expect(decodeObject('apps/Deployment', fromKubectl)).toBeUndefined();
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { creationTimestamp: null, name: 'my-pdb2' },
      spec: { maxUnavailable: '25%', selector: { matchLabels: { app: 'web' } } },
      status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 },
    };
    expect(decodeObject('policy/PodDisruptionBudget', pdb)).toBeUndefined();
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { creationTimestamp: null, name: 'my-cj' },
      spec: {
        jobTemplate: {
          metadata: { creationTimestamp: null, name: 'my-cj' },
          spec: {
            template: {
              metadata: { creationTimestamp: null },
              spec: {
                containers: [{ command: ['echo', 'hello'], image: 'busybox', name: 'my-cj', resources: {} }],
                restartPolicy: 'OnFailure',
              },
            },
          },
        },
        schedule: '*/5 * * * *',
      },
      status: {},
    };
    expect(decodeObject('batch/CronJob', cj)).toBeUndefined();
    const svc = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { creationTimestamp: null, labels: { app: 'my-np' }, name: 'my-np' },
      spec: {
        ports: [{ name: '80-8080', nodePort: 30080, port: 80, protocol: 'TCP', targetPort: 8080 }],
        selector: { app: 'my-np' },
        type: 'NodePort',
      },
      status: { loadBalancer: {} },
    };
    expect(decodeObject('/Service', svc)).toBeUndefined();
  });

  it('uses the kind and version the body declares', () => {
    expect(
      decodeObject('autoscaling/HorizontalPodAutoscaler', {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h' },
        spec: { maxReplica: 3 },
      }),
    ).toBe(
      'HorizontalPodAutoscaler in version "v2" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: unknown field "spec.maxReplica"',
    );
  });

  it('leaves unknown kinds and non-objects to the caller', () => {
    expect(decodeObject('apps/StatefulSet', { spec: { x: 1 } })).toBeUndefined();
    expect(decodeObject('/Pod', [1, 2])).toBeUndefined();
  });
});

describe('base64CorruptAt (encoding/base64 StdEncoding)', () => {
  it('matches Go offsets', () => {
    expect(base64CorruptAt('YWRtaW4=')).toBeUndefined();
    expect(base64CorruptAt('YWRtaW4')).toBe(4);
    expect(base64CorruptAt('abc')).toBe(0);
    expect(base64CorruptAt('ab!d')).toBe(2);
    expect(base64CorruptAt('YQ==YQ==')).toBe(4);
    expect(base64CorruptAt('YWRt\naW4=')).toBeUndefined();
    expect(base64CorruptAt('')).toBeUndefined();
  });
});

describe('canonicalizeQuantities', () => {
  it('rewrites quantities in canonical string form, as the apiserver stores them', () => {
    const body = pod({
      containers: [
        {
          name: 'a',
          image: 'nginx',
          resources: { limits: { cpu: 0.5, memory: '1024Mi' }, requests: { cpu: '1000m' } },
        },
      ],
      volumes: [{ name: 'v', emptyDir: { sizeLimit: '1Gi' } }],
    });
    canonicalizeQuantities('/Pod', body);
    const c = (body.spec as { containers: { resources: unknown }[] }).containers[0]!;
    expect(c.resources).toEqual({ limits: { cpu: '500m', memory: '1Gi' }, requests: { cpu: '1' } });
  });
});
