/**
 * Discovery and the RESTMapper: how kubectl turns `deploy`, `deployments.apps`,
 * `deployment.v1.apps`, `Deployment` or `po` into a resource it can build URLs for.
 *
 * Discovery is fetched from `/api` and `/apis` (asking for aggregated discovery first, as
 * kubectl v1.32 does; a server that answers with the legacy APIVersions/APIGroupList gets the
 * legacy per-group-version requests `/api/v1`, `/apis/apps/v1` …). Like kubectl's disk cache
 * (~/.kube/cache/discovery, 6 hours), the result is kept between invocations: per KubeClient,
 * keyed by server URL, for 6 hours of simulated time. That is why `kubectl get pods -v=6`
 * usually shows a single request, and why a type that is not found first invalidates the cache
 * and re-discovers ("Invalidating discovery information") before failing.
 */
import type { KubeClient } from '../api/client';
import type { APIResource } from '../api/types';
import { ConnectionError, NoKindMatchError, NoResourceMatchError } from './errors';
import type { Logger } from './klog';
import { ACCEPT_DISCOVERY, ACCEPT_JSON_ANY, type RestClient } from './rest';

/** One resource of one group/version, as kubectl's mapper and api-resources see it. */
export interface ResourceInfo {
  /** Plural resource name: `deployments`. */
  name: string;
  singularName: string;
  namespaced: boolean;
  /** `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  verbs: string[];
  shortNames: string[];
  categories: string[];
  /** True if `version` is the group's preferred version. */
  preferred: boolean;
}

/** A group as discovery lists it (core first, then /apis in server order). */
export interface GroupInfo {
  name: string;
  versions: string[];
  preferredVersion: string;
}

export interface DiscoveryData {
  groups: GroupInfo[];
  /** All resources of all group versions, in priority order (core, then groups; preferred version first). */
  resources: ResourceInfo[];
  /** Subresources (`pods/log`), kept apart: they are not types you can `get`. */
  subresources: ResourceInfo[];
}

/** kubectl's discovery cache TTL (cli-runtime: 6 hours). */
const DISCOVERY_TTL_MS = 6 * 3600 * 1000;

const cache = new WeakMap<KubeClient, Map<string, { at: number; data: DiscoveryData }>>();

export function gvString(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

/** The plural name qualified by its group, as errors print it: `deployments.apps`, `pods`. */
export function qualifiedResource(r: { name: string; group: string }): string {
  return r.group ? `${r.name}.${r.group}` : r.name;
}

/** The API path of a resource (collection, object or subresource). */
export function resourcePath(
  r: { name: string; group: string; version: string; namespaced: boolean },
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  let p = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
  if (r.namespaced && namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${r.name}`;
  if (name !== undefined) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}

interface AggregatedResource {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope?: string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: { subresource: string; responseKind?: { kind?: string }; verbs?: string[] }[];
}

interface AggregatedList {
  kind: 'APIGroupDiscoveryList';
  items: {
    metadata?: { name?: string };
    versions?: { version: string; resources?: AggregatedResource[] }[];
  }[];
}

function isAggregated(x: unknown): x is AggregatedList {
  return typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'APIGroupDiscoveryList';
}

export class Discovery {
  /**
   * How many `memcache.go:265 "Unhandled Error" … couldn't get current server API group list`
   * lines a failed fetch logs: kubectl's callers retry discovery a different number of times
   * (five for most verbs, one when mapping the objects of a `-f` file).
   */
  failureLines = 5;

  constructor(
    private readonly client: KubeClient,
    private readonly rest: RestClient,
    private readonly logger: Logger,
    private readonly now: () => number,
  ) {}

  private entries(): Map<string, { at: number; data: DiscoveryData }> {
    let m = cache.get(this.client);
    if (!m) {
      m = new Map();
      cache.set(this.client, m);
    }
    return m;
  }

  /** True if the cached discovery is still fresh. */
  fresh(): boolean {
    const e = this.entries().get(this.rest.server);
    return !!e && this.now() - e.at < DISCOVERY_TTL_MS;
  }

  invalidate(): void {
    this.logger.info(5, 'discovery.go:214', 'Invalidating discovery information');
    this.entries().delete(this.rest.server);
  }

  /** All discovery data, from the cache or the server. */
  async data(): Promise<DiscoveryData> {
    const e = this.entries().get(this.rest.server);
    if (e && this.now() - e.at < DISCOVERY_TTL_MS) return e.data;
    const data = await this.fetch();
    this.entries().set(this.rest.server, { at: this.now(), data });
    return data;
  }

  private async fetch(): Promise<DiscoveryData> {
    let api: unknown;
    let apis: unknown;
    try {
      api = await this.rest.get('/api', { timeout: '32s' }, ACCEPT_DISCOVERY);
      apis = await this.rest.get('/apis', { timeout: '32s' }, ACCEPT_DISCOVERY);
    } catch (e) {
      if (e instanceof ConnectionError) {
        // memcache.go logs the failed group-list fetch on every attempt kubectl makes.
        for (let i = 0; i < this.failureLines; i++) {
          this.logger.error(
            'memcache.go:265',
            `"Unhandled Error" err="couldn't get current server API group list: ${e.urlError.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`,
          );
        }
      }
      throw e;
    }
    const groups: GroupInfo[] = [];
    const resources: ResourceInfo[] = [];
    const subresources: ResourceInfo[] = [];

    if (isAggregated(api) && isAggregated(apis)) {
      for (const item of [...api.items, ...apis.items]) {
        const group = item.metadata?.name ?? '';
        const versions = (item.versions ?? []).map((v) => v.version);
        if (versions.length === 0) continue;
        groups.push({ name: group, versions, preferredVersion: versions[0]! });
        item.versions!.forEach((v, i) => {
          for (const r of v.resources ?? []) {
            const info: ResourceInfo = {
              name: r.resource,
              singularName: r.singularResource ?? '',
              namespaced: r.scope === 'Namespaced',
              group,
              version: v.version,
              kind: r.responseKind?.kind ?? '',
              verbs: r.verbs ?? [],
              shortNames: r.shortNames ?? [],
              categories: r.categories ?? [],
              preferred: i === 0,
            };
            resources.push(info);
            for (const s of r.subresources ?? []) {
              subresources.push({
                ...info,
                name: `${r.resource}/${s.subresource}`,
                singularName: '',
                kind: s.responseKind?.kind ?? '',
                verbs: s.verbs ?? [],
                shortNames: [],
                categories: [],
              });
            }
          }
        });
      }
      return { groups, resources: prioritise(resources), subresources };
    }

    // Legacy discovery: one request per group version.
    const coreVersions = ((api as { versions?: string[] }).versions ?? []).filter(Boolean);
    if (coreVersions.length > 0)
      groups.push({ name: '', versions: coreVersions, preferredVersion: coreVersions[0]! });
    for (const g of (
      apis as {
        groups?: { name: string; versions: { version: string }[]; preferredVersion?: { version: string } }[];
      }
    ).groups ?? []) {
      const versions = g.versions.map((v) => v.version);
      groups.push({ name: g.name, versions, preferredVersion: g.preferredVersion?.version ?? versions[0]! });
    }
    for (const g of groups) {
      for (const version of g.versions) {
        const path = g.name ? `/apis/${g.name}/${version}` : `/api/${version}`;
        let list: { resources?: APIResource[] };
        try {
          list = await this.rest.get(path, { timeout: '32s' }, ACCEPT_JSON_ANY);
        } catch (e) {
          if (e instanceof ConnectionError) throw e;
          continue; // a failing group version is skipped, as discovery's partial results are
        }
        for (const r of list.resources ?? []) {
          const info: ResourceInfo = {
            name: r.name,
            singularName: r.singularName ?? '',
            namespaced: r.namespaced,
            group: r.group ?? g.name,
            version: r.version ?? version,
            kind: r.kind,
            verbs: r.verbs ?? [],
            shortNames: r.shortNames ?? [],
            categories: r.categories ?? [],
            preferred: version === g.preferredVersion,
          };
          if (r.name.includes('/')) subresources.push({ ...info, group: g.name, version });
          else resources.push({ ...info, group: g.name, version });
        }
      }
    }
    return { groups, resources: prioritise(resources), subresources };
  }
}

/** Order: groups as discovered, and within a group the preferred version first. */
function prioritise(resources: ResourceInfo[]): ResourceInfo[] {
  const groupOrder = new Map<string, number>();
  for (const r of resources) if (!groupOrder.has(r.group)) groupOrder.set(r.group, groupOrder.size);
  return resources
    .map((r, i) => ({ r, i }))
    .sort((a, b) => {
      const ga = groupOrder.get(a.r.group)!;
      const gb = groupOrder.get(b.r.group)!;
      if (ga !== gb) return ga - gb;
      if (a.r.preferred !== b.r.preferred) return a.r.preferred ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.r);
}

/** The result of resolving a type argument: which resource, and how it was asked for. */
export type Mapping = ResourceInfo;

/** schema.ParseResourceArg: `resource.version.group` (if two dots) and `resource.group`. */
function parseResourceArg(arg: string): {
  gvr?: { resource: string; version: string; group: string };
  gr: { resource: string; group: string };
} {
  let gvr;
  const parts = arg.split('.');
  if (parts.length >= 3) gvr = { resource: parts[0]!, version: parts[1]!, group: parts.slice(2).join('.') };
  const i = arg.indexOf('.');
  const gr = i >= 0 ? { resource: arg.slice(0, i), group: arg.slice(i + 1) } : { resource: arg, group: '' };
  return { gvr, gr };
}

/** schema.ParseKindArg: `Kind.version.group` and `Kind.group`. */
function parseKindArg(arg: string): {
  gvk?: { kind: string; version: string; group: string };
  gk: { kind: string; group: string };
} {
  let gvk;
  const parts = arg.split('.');
  if (parts.length >= 3) gvk = { kind: parts[0]!, version: parts[1]!, group: parts.slice(2).join('.') };
  const i = arg.indexOf('.');
  const gk = i >= 0 ? { kind: arg.slice(0, i), group: arg.slice(i + 1) } : { kind: arg, group: '' };
  return { gvk, gk };
}

export class RESTMapper {
  constructor(private readonly discovery: Discovery) {}

  /** Run `fn` with a failed discovery fetch logging `lines` lines (see Discovery.failureLines). */
  async withDiscoveryFailureLines<T>(lines: number, fn: () => Promise<T>): Promise<T> {
    const before = this.discovery.failureLines;
    this.discovery.failureLines = lines;
    try {
      return await fn();
    } finally {
      this.discovery.failureLines = before;
    }
  }

  async resources(): Promise<ResourceInfo[]> {
    return (await this.discovery.data()).resources;
  }

  /**
   * The shortcut expander: a short name (`deploy`, `po`, `svc`) becomes its resource, unless
   * the name is already a resource's plural or singular name.
   */
  private expand(
    all: ResourceInfo[],
    r: { resource: string; group: string },
  ): { resource: string; group: string } {
    const resource = r.resource;
    for (const x of all) {
      if (r.group && r.group !== x.group) continue;
      if (resource === x.name || resource === x.singularName) return r;
    }
    for (const x of all) {
      if (r.group && r.group !== x.group) continue;
      if (x.shortNames.includes(resource)) return { resource: x.name, group: x.group };
    }
    if (!r.group) return r;
    for (const x of all) {
      if (!x.group.startsWith(r.group)) continue;
      if (x.shortNames.includes(resource)) return { resource: x.name, group: x.group };
    }
    return r;
  }

  private match(
    all: ResourceInfo[],
    resource: string,
    group: string | undefined,
    version: string | undefined,
  ) {
    const lower = resource.toLowerCase();
    return all.find(
      (x) =>
        (x.name === lower || x.singularName === lower) &&
        (group === undefined || x.group === group) &&
        (version === undefined || x.version === version),
    );
  }

  private matchKind(all: ResourceInfo[], kind: string, group: string, version?: string) {
    return all.find(
      (x) => x.kind === kind && x.group === group && (version === undefined || x.version === version),
    );
  }

  private resolve(all: ResourceInfo[], arg: string): ResourceInfo | undefined {
    const { gvr, gr } = parseResourceArg(arg);
    if (gvr) {
      const e = this.expand(all, { resource: gvr.resource, group: gvr.group });
      const m = this.match(all, e.resource, e.group, gvr.version);
      if (m) return m;
    }
    const e = this.expand(all, gr);
    const m = this.match(all, e.resource, e.group || (gr.group ? gr.group : undefined), undefined);
    if (m && (gr.group === '' || m.group === e.group)) return m;
    const { gvk, gk } = parseKindArg(arg);
    if (gvk) {
      const k = this.matchKind(all, gvk.kind, gvk.group, gvk.version);
      if (k) return k;
    }
    return this.matchKind(all, gk.kind, gk.group);
  }

  /**
   * Resolve a type argument as the resource builder's mappingFor does. Throws
   * NoResourceMatchError (`the server doesn't have a resource type "foos"`) after one
   * re-discovery, as kubectl's deferred discovery mapper does.
   */
  async mappingFor(arg: string): Promise<Mapping> {
    let found = this.resolve(await this.resources(), arg);
    if (!found) {
      this.discovery.invalidate();
      found = this.resolve(await this.resources(), arg);
    }
    if (found) return found;
    const { gr } = parseResourceArg(arg);
    throw new NoResourceMatchError(gr.resource, gr.group);
  }

  /** The mapping for an object's apiVersion and kind (`-f` files). Throws NoKindMatchError. */
  async mappingForKind(apiVersion: string, kind: string): Promise<Mapping> {
    const i = apiVersion.indexOf('/');
    const group = i >= 0 ? apiVersion.slice(0, i) : '';
    const version = i >= 0 ? apiVersion.slice(i + 1) : apiVersion;
    let found = this.matchKind(await this.resources(), kind, group, version);
    if (!found) {
      this.discovery.invalidate();
      found = this.matchKind(await this.resources(), kind, group, version);
    }
    if (found) return found;
    throw new NoKindMatchError(kind, group, [version]);
  }

  /** Resources of a category (`all`), in discovery order, preferred versions only. */
  async category(name: string): Promise<ResourceInfo[]> {
    const all = await this.resources();
    const seen = new Set<string>();
    const out: ResourceInfo[] = [];
    for (const r of all) {
      if (!r.categories.includes(name)) continue;
      const key = `${r.group}/${r.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(r);
    }
    return out;
  }

  /** True if `name` is a category some resource declares (and not itself a resource). */
  async isCategory(name: string): Promise<boolean> {
    const all = await this.resources();
    if (all.some((r) => r.name === name || r.singularName === name || r.shortNames.includes(name)))
      return false;
    return all.some((r) => r.categories.includes(name));
  }
}
