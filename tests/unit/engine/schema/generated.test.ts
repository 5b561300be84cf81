import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateSchema, KINDS, OUTPUT_PATH } from '../../../../scripts/gen-schema';
import { k8sSchema, servedKinds } from '../../../../src/engine/api/schema/schema';

const root = path.resolve(__dirname, '../../../..');

describe('generated schema', () => {
  it('is up to date (what `npm run gen:check` verifies)', () => {
    expect(generateSchema(root) === readFileSync(path.join(root, OUTPUT_PATH), 'utf8')).toBe(true);
  });

  it('serves every supported kind with its GVK', () => {
    const kinds = servedKinds();
    expect([...kinds.keys()].sort()).toEqual(KINDS.map((k) => `${k.group}/${k.kind}`).sort());
    expect(kinds.get('autoscaling/HorizontalPodAutoscaler')).toMatchObject({
      version: 'v2',
      definition: 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
    });
    expect(kinds.get('/Event')!.definition).toBe('io.k8s.api.core.v1.Event');
    expect(kinds.get('discovery.k8s.io/EndpointSlice')!.definition).toBe(
      'io.k8s.api.discovery.v1.EndpointSlice',
    );
  });

  it('dispatches on kind for the editor (monaco-yaml allOf/if/then)', () => {
    const branch = k8sSchema.allOf.find((b) => b.if.properties?.kind?.const === 'Deployment')!;
    expect(branch.if.required).toEqual(['kind']);
    expect(branch.then.$ref).toBe('#/definitions/io.k8s.api.apps.v1.Deployment');
    expect(k8sSchema.allOf).toHaveLength(KINDS.length);
  });

  it('keeps what kubernetes-types loses: int64, byte, enums, IntOrString, Quantity', () => {
    const d = k8sSchema.definitions;
    expect(d['io.k8s.api.core.v1.PodSpec']!.properties!.terminationGracePeriodSeconds).toMatchObject({
      type: 'integer',
      format: 'int64',
    });
    expect(d['io.k8s.api.core.v1.ContainerPort']!.properties!.containerPort).toMatchObject({
      type: 'integer',
      format: 'int32',
    });
    expect(d['io.k8s.api.core.v1.Secret']!.properties!.data!.additionalProperties).toEqual({
      format: 'byte',
      type: 'string',
    });
    expect(d['io.k8s.api.core.v1.PodSpec']!.properties!.restartPolicy!.enum).toEqual([
      'Always',
      'Never',
      'OnFailure',
    ]);
    expect(d['io.k8s.api.core.v1.ServicePort']!.properties!.targetPort!.allOf).toEqual([
      { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
    ]);
    expect(d['io.k8s.apimachinery.pkg.util.intstr.IntOrString']!['x-kubernetes-int-or-string']).toBe(true);
    expect(d['io.k8s.api.apps.v1.DeploymentSpec']!.additionalProperties).toBe(false);
    // No number is left without a Go integer type (only Quantity's own oneOf accepts JSON numbers).
    const numbers: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${where}[${i}]`));
      else if (node && typeof node === 'object') {
        if ((node as { type?: unknown }).type === 'number') numbers.push(where);
        for (const [k, v] of Object.entries(node)) walk(v, `${where}.${k}`);
      }
    };
    walk(d, '');
    expect(numbers).toEqual(['.io.k8s.apimachinery.pkg.api.resource.Quantity.oneOf[1]']);
  });
});
