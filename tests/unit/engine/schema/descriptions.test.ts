import { describe, expect, it } from 'vitest';
import { createLocalClient } from '../../../../src/engine/api/client';
import {
  loadSchemaDescriptions,
  schemaDescriptionsLoaded,
  setSchemaDescriptionSource,
  STRUCTURE_ONLY_MARK,
} from '../../../../src/engine/api/schema/descriptions';
import { k8sSchema } from '../../../../src/engine/api/schema/schema';
import { ApiServer } from '../../../../src/engine/api/server';
import { SimClock } from '../../../../src/engine/clock';
import { Rand } from '../../../../src/engine/rand';

/** What the browser build's plugin (vite.config.ts, schemaStructureOnly) gives schema.ts. */
function stripDescriptions(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDescriptions);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([k, x]) => k !== 'description' || typeof x !== 'string')
        .map(([k, x]) => [k, stripDescriptions(x)]),
    );
  return v;
}

describe('schema descriptions loaded on first use', () => {
  it('are there at once in Node, where the full document is imported', async () => {
    expect(schemaDescriptionsLoaded()).toBe(true);
    await loadSchemaDescriptions();
    expect(
      k8sSchema.definitions['io.k8s.api.apps.v1.DeploymentSpec']!.properties!.replicas!.description,
    ).toMatch(/desired pods/);
  });

  it('come back, in the generated key order, before an /openapi request is served', async () => {
    const full = JSON.stringify(k8sSchema);
    const server = new ApiServer({ clock: new SimClock(), rand: new Rand(1), strategies: {} });
    const client = createLocalClient(server, new SimClock());
    const reference = await client.request({ method: 'GET', path: '/openapi/v3' });

    // Make the module's document what the browser starts with, and the full one its own chunk.
    let fetched = 0;
    setSchemaDescriptionSource(async () => (fetched++, JSON.parse(full) as typeof k8sSchema));
    const structure = stripDescriptions(JSON.parse(full)) as typeof k8sSchema;
    structure.$comment = `${structure.$comment} ${STRUCTURE_ONLY_MARK}`;
    Object.assign(k8sSchema, structure);
    expect(schemaDescriptionsLoaded()).toBe(false);
    expect(JSON.stringify(k8sSchema).length).toBeLessThan(full.length / 2);
    // Other requests do not wait for it.
    expect((await client.request({ method: 'GET', path: '/api/v1/namespaces' })).status).toBe(200);
    expect(fetched).toBe(0);

    const index = await client.request({ method: 'GET', path: '/openapi/v3' });
    expect(schemaDescriptionsLoaded()).toBe(true);
    expect(fetched).toBe(1);
    expect(JSON.stringify(k8sSchema)).toBe(full);
    // The index hashes the documents: the same as with the full document from the start.
    expect(index.body).toEqual(reference.body);
    const apps = await client.request({ method: 'GET', path: '/openapi/v3/apis/apps/v1' });
    expect(JSON.stringify(apps.body)).toContain('Number of desired pods');
  });
});
