/**
 * From a kind or resource name to REST paths, through the API server's discovery documents, as
 * kubectl's RESTMapper does: `Deployment`, `deployment`, `deployments` and `deploy` all mean
 * `/apis/apps/v1/namespaces/<ns>/deployments`. Discovery is read once per runtime and cached.
 */
import type { KubeClient } from '../api/client';
import type { APIGroupList, APIResourceList, KubeObject, KubeList } from '../api/types';
import { isStatus } from '../api/types';

export interface ResourceInfo {
  group: string;
  version: string;
  /** Plural resource name, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
}

/** A failed API request, with the Status message when there is one. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export class ResourceMapper {
  private all: Promise<Discovered[]> | undefined;

  constructor(private readonly client: KubeClient) {}

  private load(): Promise<Discovered[]> {
    this.all ??= discover(this.client).catch((e: unknown) => {
      this.all = undefined; // try again next time
      throw e;
    });
    return this.all;
  }

  /** Resolve `kind` (a Kind, plural, singular or short name; optionally with an apiVersion). */
  async resolve(kind: string, apiVersion?: string): Promise<ResourceInfo> {
    const all = await this.load();
    const lower = kind.toLowerCase();
    const [group, version] = apiVersion
      ? apiVersion.includes('/')
        ? (apiVersion.split('/', 2) as [string, string])
        : ['', apiVersion]
      : [undefined, undefined];
    const candidates = all.filter(
      (r) =>
        (group === undefined || (r.group === group && r.version === version)) &&
        (r.kind === kind ||
          r.kind.toLowerCase() === lower ||
          r.resource === lower ||
          r.singular === lower ||
          r.shortNames.includes(lower)),
    );
    const found = candidates[0];
    if (!found) {
      throw new ApiError(
        404,
        `the server doesn't have a resource type "${kind}"${apiVersion ? ` in ${apiVersion}` : ''}`,
      );
    }
    const { group: g, version: v, resource, kind: k, namespaced } = found;
    return { group: g, version: v, resource, kind: k, namespaced };
  }
}

interface Discovered extends ResourceInfo {
  singular: string;
  shortNames: string[];
}

async function getJson<T>(client: KubeClient, path: string): Promise<T> {
  const res = await client.request({ method: 'GET', path });
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, path));
  return res.body as T;
}

export function statusMessage(body: unknown, what: string): string {
  return isStatus(body) && body.message ? body.message : `request for ${what} failed`;
}

async function discover(client: KubeClient): Promise<Discovered[]> {
  const out: Discovered[] = [];
  const add = (list: APIResourceList, group: string, version: string): void => {
    for (const r of list.resources) {
      if (r.name.includes('/')) continue; // subresources
      out.push({
        group,
        version,
        resource: r.name,
        kind: r.kind,
        namespaced: r.namespaced,
        singular: r.singularName || r.kind.toLowerCase(),
        shortNames: r.shortNames ?? [],
      });
    }
  };
  add(await getJson<APIResourceList>(client, '/api/v1'), '', 'v1');
  const groups = await getJson<APIGroupList>(client, '/apis');
  for (const g of groups.groups) {
    // The preferred version first, as kubectl prefers it.
    const versions = [
      g.preferredVersion,
      ...g.versions.filter((v) => v.version !== g.preferredVersion.version),
    ];
    for (const v of versions) {
      add(await getJson<APIResourceList>(client, `/apis/${v.groupVersion}`), g.name, v.version);
    }
  }
  return out;
}

/** The collection path: `/api/v1/namespaces/default/pods`, `/apis/apps/v1/deployments`. */
export function collectionPath(info: ResourceInfo, namespace?: string): string {
  const base = info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
  const ns = info.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${info.resource}`;
}

export function objectPath(info: ResourceInfo, name: string, namespace?: string): string {
  return `${collectionPath(info, namespace)}/${encodeURIComponent(name)}`;
}

/** GET one object: the object, or undefined on 404; other failures throw ApiError. */
export async function getObject(
  client: KubeClient,
  info: ResourceInfo,
  name: string,
  namespace: string,
): Promise<KubeObject | undefined> {
  const res = await client.request({ method: 'GET', path: objectPath(info, name, namespace) });
  if (res.status === 404) return undefined;
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, `${info.resource}/${name}`));
  return res.body as KubeObject;
}

/** LIST objects, optionally by label selector. */
export async function listObjects(
  client: KubeClient,
  info: ResourceInfo,
  namespace: string | undefined,
  query: Record<string, string> = {},
): Promise<KubeList> {
  const res = await client.request({ method: 'GET', path: collectionPath(info, namespace), query });
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, info.resource));
  return res.body as KubeList;
}
