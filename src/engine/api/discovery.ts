/**
 * Discovery, as a v1.32 kube-apiserver serves it: `/version`, `/api`, `/api/v1`, `/apis`,
 * `/apis/<group>`, `/apis/<group>/<version>`, and the aggregated form (apidiscovery.k8s.io/v2)
 * that kubectl ≥1.30 asks for first with
 * `Accept: application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,…`.
 *
 * The server is the control plane of a kind cluster whose node image is kindest/node:v1.32.2
 * (kind v0.27.0's default), so `/version` is v1.32.2's release build.
 */
import type { APIGroup, APIResource, APIResourceList } from '../../api/types';
import { apiVersionOf, type Registry, type ResourceInfo } from './registry';

export const VERSION_INFO = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.2',
  gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f',
  gitTreeState: 'clean',
  buildDate: '2025-02-12T21:19:47Z',
  goVersion: 'go1.23.6',
  compiler: 'gc',
  platform: 'linux/amd64',
} as const;

/** The control-plane container's address on kind's docker network. */
export const SERVER_ADDRESS = '172.18.0.2:6443';

export function apiVersions(): unknown {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: SERVER_ADDRESS }],
  };
}

function groupEntry(registry: Registry, group: string): APIGroup {
  const versions = registry.groupVersions(group).map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions, preferredVersion: versions[0]! };
}

export function apiGroupList(registry: Registry): unknown {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: registry.groups().map((g) => groupEntry(registry, g)),
  };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function apiGroup(registry: Registry, group: string): unknown {
  if (!registry.groups().includes(group)) return undefined;
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(registry, group) };
}

function resourcesOf(registry: Registry, group: string, version: string): ResourceInfo[] {
  return registry
    .inGroup(group)
    .filter((r) => r.versions.includes(version))
    .sort((a, b) => (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

/**
 * `/api/v1`, `/apis/<group>/<version>`: resources and subresources sorted by path, as the
 * installer registers them.
 */
export function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
): APIResourceList | undefined {
  const infos = resourcesOf(registry, group, version);
  if (infos.length === 0) return undefined;
  const resources: APIResource[] = [];
  for (const r of infos) {
    const main: APIResource & { storageVersionHash?: string } = {
      name: r.resource,
      singularName: r.singular,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: [...r.verbs],
    };
    if (r.shortNames.length) main.shortNames = [...r.shortNames];
    if (r.categories.length) main.categories = [...r.categories];
    main.storageVersionHash = r.storageVersionHash;
    resources.push(main);
    for (const s of r.subresources) {
      const sub: APIResource = {
        name: `${r.resource}/${s.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: s.kind,
        verbs: [...s.verbs],
      };
      if (s.group !== undefined) sub.group = s.group;
      if (s.version !== undefined) sub.version = s.version;
      resources.push(sub);
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf({ group, version }),
    resources,
  };
}

/** The media type of aggregated discovery, when the Accept header asks for it (v2 or v2beta1). */
export function aggregatedDiscoveryType(accept: string | undefined): string | undefined {
  if (!accept) return undefined;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s+/g, '');
    if (!p.includes('as=APIGroupDiscoveryList') || !p.includes('g=apidiscovery.k8s.io')) continue;
    if (p.includes('v=v2beta1'))
      return 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
    if (p.includes('v=v2')) return 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
  }
  return undefined;
}

/**
 * apidiscovery.k8s.io APIGroupDiscoveryList for `/api` (the core group) or `/apis` (every
 * other group): one request gives kubectl every resource of every version.
 */
export function aggregatedDiscovery(registry: Registry, legacy: boolean, mediaType: string): unknown {
  const groups = legacy ? [''] : registry.groups();
  const apiVersion = mediaType.includes('v=v2beta1')
    ? 'apidiscovery.k8s.io/v2beta1'
    : 'apidiscovery.k8s.io/v2';
  const items = groups.map((group) => ({
    metadata: group ? { name: group, creationTimestamp: null } : { creationTimestamp: null },
    versions: registry.groupVersions(group).map((version) => ({
      version,
      resources: resourcesOf(registry, group, version).map((r) => {
        const entry: Record<string, unknown> = {
          resource: r.resource,
          responseKind: { group: '', version: '', kind: r.kind },
          scope: r.namespaced ? 'Namespaced' : 'Cluster',
          singularResource: r.singular,
          verbs: [...r.verbs],
        };
        if (r.shortNames.length) entry.shortNames = [...r.shortNames];
        if (r.categories.length) entry.categories = [...r.categories];
        if (r.subresources.length)
          entry.subresources = r.subresources.map((s) => ({
            subresource: s.name,
            responseKind: { group: s.group ?? '', version: s.version ?? '', kind: s.kind },
            verbs: [...s.verbs],
          }));
        return entry;
      }),
      freshness: 'Current',
    })),
  }));
  return { kind: 'APIGroupDiscoveryList', apiVersion, metadata: {}, items };
}
