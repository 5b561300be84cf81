/**
 * What the worker needs to know about the API's resources, learnt the way kubectl learns it:
 * discovery requests through the client (GET /api, /api/v1, /apis, /apis/<group>/<version>).
 * New kinds that engineers add to the engine appear here, and so in the graph, with no change.
 */
import type { KubeClient } from '../api/client';
import type { APIGroupList, APIResourceList, KubeObject, Table } from '../api/types';
import type { WireObject } from './protocol';

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural resource name: `pods`, `deployments`. */
  plural: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: string[];
}

/** `kubectl get`'s Accept header: a server-side Table, falling back to JSON. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export class Resources {
  /** Subresources by resource: `pods` → {log, status, schedulingdecisions …}. */
  private readonly subresources = new Map<string, Set<string>>();
  /** Keyed by `apiVersion/Kind` (`apps/v1/Deployment`, `v1/Pod`). */
  private readonly byKind = new Map<string, ResourceInfo>();
  readonly all: ResourceInfo[] = [];

  static async discover(client: KubeClient): Promise<Resources> {
    const r = new Resources();
    const lists: APIResourceList[] = [];
    const core = await client.request({ method: 'GET', path: '/api/v1' });
    if (core.status === 200) lists.push(core.body as APIResourceList);
    const groups = await client.request({ method: 'GET', path: '/apis' });
    if (groups.status === 200) {
      for (const g of (groups.body as APIGroupList).groups) {
        const res = await client.request({ method: 'GET', path: `/apis/${g.preferredVersion.groupVersion}` });
        if (res.status === 200) lists.push(res.body as APIResourceList);
      }
    }
    for (const list of lists) {
      const [group, version] = list.groupVersion.includes('/')
        ? list.groupVersion.split('/', 2)
        : ['', list.groupVersion];
      for (const res of list.resources) {
        if (res.name.includes('/')) {
          // subresources (pods/log, deployments/scale)
          const [parent, sub] = res.name.split('/', 2) as [string, string];
          const set = r.subresources.get(parent) ?? new Set<string>();
          set.add(sub);
          r.subresources.set(parent, set);
          continue;
        }
        const info: ResourceInfo = {
          group: group!,
          version: version!,
          plural: res.name,
          singular: res.singularName || res.kind.toLowerCase(),
          kind: res.kind,
          namespaced: res.namespaced,
          shortNames: res.shortNames ?? [],
          verbs: res.verbs,
        };
        r.all.push(info);
        r.byKind.set(`${list.groupVersion}/${res.kind}`, info);
      }
    }
    return r;
  }

  hasSubresource(resource: string, sub: string): boolean {
    return this.subresources.get(resource)?.has(sub) ?? false;
  }

  forObject(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ResourceInfo | undefined {
    return this.byKind.get(`${obj.apiVersion}/${obj.kind}`);
  }

  /** Every resource with this kind name, whatever the group (`Event` is in two groups). */
  byKindName(kind: string): ResourceInfo[] {
    return this.all.filter((r) => r.kind === kind);
  }

  /** How kubectl names the resource unambiguously: `deployments.apps`, `pods`. */
  static qualified(info: ResourceInfo): string {
    return info.group ? `${info.plural}.${info.group}` : info.plural;
  }

  /** The collection path: `/apis/apps/v1/namespaces/default/deployments`. */
  static collectionPath(info: ResourceInfo, namespace?: string): string {
    const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
    return info.namespaced && namespace
      ? `${base}/namespaces/${namespace}/${info.plural}`
      : `${base}/${info.plural}`;
  }

  static objectPath(info: ResourceInfo, obj: KubeObject): string {
    return `${Resources.collectionPath(info, obj.metadata.namespace)}/${obj.metadata.name}`;
  }
}

/**
 * Kinds whose printer rows the UI never shows; they change often (leases renew every 10 s,
 * events repeat), so their rows are not computed per tick.
 */
const NO_CELLS = new Set(['Event', 'Lease']);

/** The printer's cells by column name, leaving out time columns (AGE changes every second). */
function cellsOf(table: Table, row: Table['rows'][number]): Record<string, string> {
  const cells: Record<string, string> = {};
  table.columnDefinitions.forEach((col, i) => {
    if (col.type === 'date' || col.name === 'Age') return;
    const v = row.cells[i];
    cells[col.name] = v === undefined || v === null ? '' : String(v);
  });
  return cells;
}

/** The printer row of one object (GET with `as=Table`), or undefined when it is gone. */
export async function cellsFor(
  client: KubeClient,
  resources: Resources,
  obj: KubeObject,
): Promise<Record<string, string> | undefined> {
  if (NO_CELLS.has(obj.kind)) return undefined;
  const info = resources.forObject(obj);
  if (!info || !info.verbs.includes('get')) return undefined;
  const res = await client.request({
    method: 'GET',
    path: Resources.objectPath(info, obj),
    query: { includeObject: 'None' },
    headers: { accept: TABLE_ACCEPT },
  });
  const table = res.body as Table;
  if (res.status !== 200 || table?.kind !== 'Table' || !table.rows[0]) return undefined;
  return cellsOf(table, table.rows[0]);
}

/**
 * The full listing for the initial snapshot: every listable resource, as Tables that carry the
 * whole objects (`includeObject=Object`), so objects and their printer cells come together.
 */
export async function listAll(client: KubeClient, resources: Resources): Promise<WireObject[]> {
  const out: WireObject[] = [];
  const seen = new Set<string>();
  for (const info of resources.all) {
    if (!info.verbs.includes('list')) continue;
    const res = await client.request({
      method: 'GET',
      path: Resources.collectionPath(info),
      query: { includeObject: 'Object' },
      headers: { accept: NO_CELLS.has(info.kind) ? 'application/json' : TABLE_ACCEPT },
    });
    if (res.status !== 200) continue;
    const body = res.body as Table | { items: KubeObject[] };
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    const add = (object: KubeObject | undefined, cells?: Record<string, string>) => {
      if (!object?.metadata?.uid || seen.has(object.metadata.uid)) return;
      seen.add(object.metadata.uid);
      const { managedFields: _drop, ...metadata } = object.metadata;
      out.push({ object: { ...object, apiVersion, kind: info.kind, metadata }, ...(cells ? { cells } : {}) });
    };
    if ('kind' in body && body.kind === 'Table') {
      for (const row of body.rows) add(row.object, cellsOf(body, row));
    } else if ('items' in body) {
      for (const item of body.items) add(item);
    }
  }
  return out;
}
