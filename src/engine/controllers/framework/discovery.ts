/**
 * API discovery as controllers use it (client-go discovery + restmapper): which resources the
 * server serves, with which verbs, and which resource a kind maps to. The namespace controller
 * uses it to find everything it must delete, the garbage collector to watch every resource and
 * to turn an ownerReference (apiVersion + kind) into a REST path.
 */
import type { APIGroupList, APIResourceList } from '../../../api/types';
import { errorMessage, parseApiVersion, type RestClient, type ResourceRef } from './client';

export interface DiscoveredResource extends ResourceRef {
  kind: string;
  verbs: string[];
}

export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** groupVersion → error, for groups whose discovery failed (discovery.ErrGroupDiscoveryFailed). */
  failed: Map<string, string>;
}

export class Discovery {
  private byGroupVersion = new Map<string, DiscoveredResource[]>();

  constructor(private readonly rest: RestClient) {}

  /**
   * ServerPreferredResources: the resources of every group at its preferred version,
   * subresources (`pods/status`) left out.
   */
  preferredResources(): DiscoveryResult {
    const failed = new Map<string, string>();
    const resources: DiscoveredResource[] = [];
    const gvs: string[] = ['v1'];
    try {
      const groups = this.rest.do({ method: 'GET', path: '/apis' }).body as APIGroupList;
      for (const g of groups.groups ?? []) gvs.push(g.preferredVersion.groupVersion);
    } catch (err) {
      failed.set('apis', errorMessage(err));
    }
    for (const gv of gvs) {
      try {
        resources.push(...this.fetchGroupVersion(gv));
      } catch (err) {
        failed.set(gv, errorMessage(err));
      }
    }
    return { resources, failed };
  }

  /** The resources of one group version (cached unless `refresh`). */
  groupVersion(gv: string, refresh = false): DiscoveredResource[] {
    const cached = this.byGroupVersion.get(gv);
    if (cached && !refresh) return cached;
    return this.fetchGroupVersion(gv);
  }

  private fetchGroupVersion(gv: string): DiscoveredResource[] {
    const { group, version } = parseApiVersion(gv);
    const path = group ? `/apis/${group}/${version}` : `/api/${version}`;
    const list = this.rest.do({ method: 'GET', path }).body as APIResourceList;
    const out: DiscoveredResource[] = [];
    for (const r of list.resources ?? []) {
      if (r.name.includes('/')) continue;
      out.push({
        group,
        version,
        resource: r.name,
        kind: r.kind,
        namespaced: r.namespaced,
        verbs: r.verbs ?? [],
      });
    }
    this.byGroupVersion.set(gv, out);
    return out;
  }
}

/** Error for a kind the server does not serve (the garbage collector's restMappingError). */
export class RestMappingError extends Error {
  constructor(apiVersion: string, kind: string) {
    super(`unable to get REST mapping for ${kind}.${apiVersion}`);
    this.name = 'RestMappingError';
  }
}

/** kind → resource (a DeferredDiscoveryRESTMapper: on a miss it asks discovery again once). */
export class RestMapper {
  constructor(private readonly discovery: Discovery) {}

  resourceFor(apiVersion: string, kind: string): DiscoveredResource {
    const find = (refresh: boolean) => {
      try {
        return this.discovery.groupVersion(apiVersion, refresh).find((r) => r.kind === kind);
      } catch {
        return undefined;
      }
    };
    const found = find(false) ?? find(true);
    if (!found) throw new RestMappingError(apiVersion, kind);
    return found;
  }
}
