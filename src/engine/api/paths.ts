/**
 * Request routing: what a URL path names, as the apiserver's RequestInfoFactory reads it
 * (apiserver/pkg/endpoints/request/requestinfo.go).
 *
 *   /api/v1/namespaces/{ns}/{resource}/{name}/{subresource}
 *   /apis/{group}/{version}/{resource}/{name}
 *   /api/v1/namespaces/{name}/status   (status and finalize are subresources of the namespace)
 */
import type { HttpMethod } from '../../api/client';

export type Route =
  | { type: 'version' }
  | { type: 'api' }
  | { type: 'apis' }
  | { type: 'group'; group: string }
  | { type: 'groupVersion'; group: string; version: string }
  | { type: 'openapi'; path: string }
  | {
      type: 'resource';
      group: string;
      version: string;
      /** Set when the path went through /namespaces/{ns}/. */
      namespace?: string;
      resource: string;
      name?: string;
      subresource?: string;
    }
  | { type: 'notFound' };

/** Kubernetes verbs, as discovery lists them and RBAC would check them. */
export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * Routes of paths already parsed (controllers and kubelets repeat the same few hundred paths);
 * parsing is pure and a Route is flat, so a copy of the remembered one is the same answer.
 */
const parsedPaths = new Map<string, Route>();
const MAX_REMEMBERED_PATHS = 10_000;

export function parsePath(path: string): Route {
  // The query does not take part in routing.
  const q = path.indexOf('?');
  const key = q < 0 ? path : path.slice(0, q);
  let route = parsedPaths.get(key);
  if (route === undefined) {
    route = parseUncached(key);
    if (parsedPaths.size >= MAX_REMEMBERED_PATHS) parsedPaths.clear();
    parsedPaths.set(key, route);
  }
  return { ...route };
}

function parseUncached(path: string): Route {
  const clean = path.split('?')[0]!.replace(/\/+$/, '');
  const split = clean.split('/').filter((p) => p !== '');
  const parts = clean.includes('%') ? split.map(decodeURIComponent) : split;
  if (parts.length === 0) return { type: 'notFound' };
  if (parts[0] === 'version' && parts.length === 1) return { type: 'version' };
  if (parts[0] === 'openapi') return { type: 'openapi', path: parts.slice(1).join('/') };
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api') {
    if (parts.length === 1) return { type: 'api' };
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
    if (rest.length === 0) return { type: 'groupVersion', group, version };
  } else if (parts[0] === 'apis') {
    if (parts.length === 1) return { type: 'apis' };
    group = parts[1]!;
    if (parts.length === 2) return { type: 'group', group };
    version = parts[2]!;
    rest = parts.slice(3);
    if (rest.length === 0) return { type: 'groupVersion', group, version };
  } else {
    return { type: 'notFound' };
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1]!;
    if (rest.length > 2 && !NAMESPACE_SUBRESOURCES.has(rest[2]!)) rest = rest.slice(2);
  }
  if (rest.length > 3) return { type: 'notFound' };
  const route: Route = { type: 'resource', group, version, resource: rest[0]! };
  if (namespace !== undefined && rest[0] !== 'namespaces') route.namespace = namespace;
  if (rest[1] !== undefined) route.name = rest[1];
  if (rest[2] !== undefined) route.subresource = rest[2];
  return route;
}

/** The verb of a resource request (RequestInfoFactory: GET on a collection is list or watch). */
export function verbOf(method: HttpMethod, hasName: boolean, watch: boolean): Verb {
  switch (method) {
    case 'GET':
      return hasName ? (watch ? 'watch' : 'get') : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
  }
}

/** `watch=true`/`watch=1`, as the query parameter decoder takes a bool. */
export const isTrue = (v: string | undefined): boolean =>
  v === 'true' || v === '1' || v === 'True' || v === 'TRUE';
