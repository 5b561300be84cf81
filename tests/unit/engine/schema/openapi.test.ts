import { describe, expect, it } from 'vitest';
import { openAPIV3Document, openAPIV3Index } from '../../../../src/engine/api/schema/openapi';
import type { JsonSchema } from '../../../../src/engine/api/schema/schema';

const resolve = (doc: { components: { schemas: Record<string, JsonSchema> } }, s: JsonSchema): JsonSchema => {
  const ref = s.$ref ?? s.allOf?.[0]?.$ref;
  if (!ref) return s;
  const name = ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas[name];
  if (!target) throw new Error(`dangling $ref ${ref}`);
  return target;
};

describe('openAPIV3Index', () => {
  it('lists a group-version path per served API with a hashed URL', () => {
    const idx = openAPIV3Index();
    expect(Object.keys(idx.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/autoscaling/v2',
      'apis/batch/v1',
      'apis/coordination.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/policy/v1',
      'apis/scheduling.k8s.io/v1',
    ]);
    expect(idx.paths['apis/apps/v1']!.serverRelativeURL).toMatch(
      /^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/,
    );
    // Stable: the same content gives the same hash.
    expect(openAPIV3Index()).toEqual(idx);
  });
});

describe('openAPIV3Document', () => {
  const doc = openAPIV3Document('/openapi/v3/apis/apps/v1?hash=whatever')!;

  it('accepts index paths and request paths alike, and nothing else', () => {
    expect(openAPIV3Document('apis/apps/v1')).toBe(doc);
    expect(openAPIV3Document('apis/nope/v1')).toBeUndefined();
    expect(doc.openapi).toBe('3.0.0');
    expect(doc.info.title).toBe('Kubernetes');
  });

  it('names schemas as upstream and marks kinds with their GVK', () => {
    const d = doc.components.schemas['io.k8s.api.apps.v1.Deployment']!;
    expect(d['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(d.description).toBe('Deployment enables declarative updates for Pods and ReplicaSets.');
    // The apps document carries the core and meta types it references.
    expect(doc.components.schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toBeDefined();
    expect(doc.components.schemas['io.k8s.api.core.v1.Pod']).toBeUndefined();
  });

  it('shapes fields the way kubectl explain reads them', () => {
    const spec = doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec']!;
    expect(spec.properties!.replicas).toEqual({
      description:
        'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
      format: 'int32',
      type: 'integer',
    });
    expect(spec.required).toEqual(['selector', 'template']);
    expect(spec.additionalProperties).toBeUndefined();
    expect(spec.properties!.selector!.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
    ]);
    const ru = doc.components.schemas['io.k8s.api.apps.v1.RollingUpdateDeployment']!;
    expect(resolve(doc, ru.properties!.maxSurge!)).toMatchObject({
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    const container = doc.components.schemas['io.k8s.api.core.v1.Container']!;
    expect(container.properties!.imagePullPolicy!.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(container.properties!.imagePullPolicy!['x-go-type']).toBeUndefined();
    const limits = doc.components.schemas['io.k8s.api.core.v1.ResourceRequirements']!.properties!.limits!;
    expect(resolve(doc, limits.additionalProperties as JsonSchema).oneOf).toEqual([
      { type: 'string' },
      { type: 'number' },
    ]);
    const meta = doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!;
    expect(resolve(doc, meta.properties!.creationTimestamp!)).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
    expect(meta.properties!.generation).toMatchObject({ type: 'integer', format: 'int64' });
  });

  it('has no dangling references in any document', () => {
    for (const p of Object.keys(openAPIV3Index().paths)) {
      const d = openAPIV3Document(p)!;
      const text = JSON.stringify(d);
      for (const m of text.matchAll(/"#\/components\/schemas\/([^"]+)"/g))
        expect(d.components.schemas[m[1]!], m[1]).toBeDefined();
      expect(text).not.toContain('#/definitions/');
    }
  });
});
