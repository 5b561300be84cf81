/**
 * How in-cluster components (controllers, and later the scheduler and kubelets) talk to the API
 * server: the same REST verbs and paths kubectl uses (ARCHITECTURE.md rule 1), never the store.
 *
 * Real controllers make HTTP calls from goroutines. Here a request is a synchronous function call
 * on the same REST surface: a controller's whole sync runs inside one SimClock timer, so
 * `settle()` can run every piece of work that is due to completion, deterministically. The wire
 * shapes (ApiRequest, ApiResponse, Status) are exactly the ones the async KubeClient carries.
 */
import type { ApiRequest, ApiResponse, WatchHandle } from '../../../api/client';
import { isStatus, type KubeList, type KubeObject, type Status, type WatchEvent } from '../../../api/types';
import { StatusError, newInternalError } from '../../api/errors';

export type ControllerWatchResult = { ok: true; handle: WatchHandle } | { ok: false; response: ApiResponse };

/** The synchronous face of the API server that in-process components use. */
export interface ControllerClient {
  /** One request, answered before it returns. API errors come back as a Status body. */
  request(req: ApiRequest): ApiResponse;
  /** `GET ...?watch=true`: events arrive later, on zero-delay clock timers, in order. */
  watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): ControllerWatchResult;
}

/** A resource as discovery describes it: enough to build its REST paths. */
export interface ResourceRef {
  group: string;
  version: string;
  /** Plural resource name, e.g. `pods`, `replicasets`. */
  resource: string;
  namespaced: boolean;
  /** The kind its objects have, e.g. `Pod` (optional: paths do not need it). */
  kind?: string;
}

/** `v1` for the core group, `apps/v1` otherwise. */
export const groupVersionString = (ref: Pick<ResourceRef, 'group' | 'version'>): string =>
  ref.group ? `${ref.group}/${ref.version}` : ref.version;

/** Splits an apiVersion (`apps/v1`, `v1`) into group and version. */
export function parseApiVersion(apiVersion: string): { group: string; version: string } {
  const i = apiVersion.indexOf('/');
  return i < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
}

/** `/api/v1/namespaces/ns/pods` or `/apis/apps/v1/replicasets` (all namespaces when ns is empty). */
export function collectionPath(ref: ResourceRef, namespace?: string): string {
  const root = ref.group ? `/apis/${ref.group}/${ref.version}` : `/api/${ref.version}`;
  return ref.namespaced && namespace
    ? `${root}/namespaces/${namespace}/${ref.resource}`
    : `${root}/${ref.resource}`;
}

/** `/api/v1/namespaces/ns/pods/web[/status]`. */
export function objectPath(
  ref: ResourceRef,
  namespace: string | undefined,
  name: string,
  subresource?: string,
): string {
  const base = `${collectionPath(ref, ref.namespaced ? namespace : undefined)}/${name}`;
  return subresource ? `${base}/${subresource}` : base;
}

export type PatchType =
  'application/strategic-merge-patch+json' | 'application/merge-patch+json' | 'application/json-patch+json';

/** metav1.DeleteOptions as sent in a DELETE body. */
export interface DeleteOptions {
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

/**
 * A typed REST client over a ControllerClient (client-go's typed + dynamic clients in one).
 * Every call either returns the decoded body or throws a StatusError, as client-go returns err.
 */
export class RestClient {
  constructor(
    readonly raw: ControllerClient,
    /** Sent as User-Agent; the API server records the part before `/` as the field manager. */
    readonly userAgent: string,
  ) {}

  /** Send a request; a non-2xx answer becomes a thrown StatusError. */
  do(req: ApiRequest): ApiResponse {
    const res = this.raw.request({ ...req, headers: { userAgent: this.userAgent, ...req.headers } });
    if (res.status >= 200 && res.status < 300) return res;
    throw toStatusError(res);
  }

  get<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace: string | undefined, name: string): T {
    return this.do({ method: 'GET', path: objectPath(ref, namespace, name) }).body as T;
  }

  list<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace?: string,
    query?: Record<string, string>,
  ): KubeList<T> {
    return this.do({ method: 'GET', path: collectionPath(ref, namespace), query }).body as KubeList<T>;
  }

  create<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    obj: unknown,
  ): T {
    return this.do({ method: 'POST', path: collectionPath(ref, namespace), body: obj }).body as T;
  }

  /** PUT the whole object (or one of its subresources: `status`, `finalize`). */
  update<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: KubeObject, subresource?: string): T {
    const path = objectPath(ref, obj.metadata.namespace, obj.metadata.name ?? '', subresource);
    return this.do({ method: 'PUT', path, body: obj }).body as T;
  }

  patch<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    patch: unknown,
    subresource?: string,
  ): T {
    return this.do({
      method: 'PATCH',
      path: objectPath(ref, namespace, name, subresource),
      headers: { contentType: type },
      body: patch,
    }).body as T;
  }

  delete(ref: ResourceRef, namespace: string | undefined, name: string, options?: DeleteOptions): unknown {
    return this.do({
      method: 'DELETE',
      path: objectPath(ref, namespace, name),
      body: options ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
    }).body;
  }

  deleteCollection(ref: ResourceRef, namespace: string | undefined, options?: DeleteOptions): unknown {
    return this.do({
      method: 'DELETE',
      path: collectionPath(ref, namespace),
      body: options ? { kind: 'DeleteOptions', apiVersion: 'v1', ...options } : undefined,
    }).body;
  }
}

/** Turn an error response into the StatusError client-go would return. */
export function toStatusError(res: ApiResponse): StatusError {
  if (isStatus(res.body)) return new StatusError(res.body);
  return newInternalError(`unexpected response ${res.status}`);
}

// ---- apierrors predicates (k8s.io/apimachinery/pkg/api/errors) -----------------------------

const statusOf = (err: unknown): Status | undefined => (err instanceof StatusError ? err.status : undefined);

export const reasonOf = (err: unknown): string => statusOf(err)?.reason ?? '';
export const isNotFound = (err: unknown): boolean => reasonOf(err) === 'NotFound';
export const isAlreadyExists = (err: unknown): boolean => reasonOf(err) === 'AlreadyExists';
export const isConflict = (err: unknown): boolean => reasonOf(err) === 'Conflict';
export const isMethodNotSupported = (err: unknown): boolean => reasonOf(err) === 'MethodNotAllowed';
export const isGone = (err: unknown): boolean =>
  reasonOf(err) === 'Gone' || reasonOf(err) === 'Expired' || statusOf(err)?.code === 410;

/** `apierrors.HasStatusCause`, e.g. the `NamespaceTerminating` cause of a create in a dying namespace. */
export function hasStatusCause(err: unknown, cause: string): boolean {
  return (statusOf(err)?.details?.causes ?? []).some((c) => c.reason === cause);
}

/** v1.NamespaceTerminatingCause. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** A readable one-line form of any thrown value, for logs and aggregated errors. */
export function errorMessage(err: unknown): string {
  if (err instanceof StatusError) return err.status.message ?? err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}
