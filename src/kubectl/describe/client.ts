/**
 * The few API calls the describers make, shaped like the typed clientset calls in describe.go
 * (`d.CoreV1().Pods(ns).Get(name)`, `.List(opts)` with chunking). Every call is a real REST request
 * on the KubeClient, so `-v=6` logging and the apiserver see exactly what kubectl would send.
 */
import type { ApiRequest, ApiResponse } from '../../api/client';
import { isStatus, type KubeList, type KubeObject } from '../../api/types';
import { StatusError, statusErrorFromResponse } from '../errors';

export const isNotFound = (e: unknown): boolean => e instanceof StatusError && e.status.reason === 'NotFound';
export const isForbidden = (e: unknown): boolean =>
  e instanceof StatusError && e.status.reason === 'Forbidden';

/** What the describers need from the transport: kubectl's RestClient (with -v logging) or a KubeClient. */
export interface RequestClient {
  request(req: ApiRequest): Promise<ApiResponse>;
}

/** Default --chunk-size of kubectl describe. */
export const DEFAULT_CHUNK_SIZE = 500;

/** The REST path of a resource: `/api/v1/namespaces/ns/pods/name`, `/apis/apps/v1/deployments`. */
export function resourcePath(
  groupVersion: string,
  resource: string,
  namespace?: string,
  name?: string,
): string {
  const base = groupVersion.includes('/') ? `/apis/${groupVersion}` : `/api/${groupVersion}`;
  const ns = namespace ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${resource}${name !== undefined ? `/${name}` : ''}`;
}

export class DescribeClient {
  constructor(
    readonly client: RequestClient,
    readonly chunkSize: number = DEFAULT_CHUNK_SIZE,
  ) {}

  async get<T = KubeObject>(
    groupVersion: string,
    resource: string,
    namespace: string | undefined,
    name: string,
  ): Promise<T> {
    const res = await this.client.request({
      method: 'GET',
      path: resourcePath(groupVersion, resource, namespace, name),
    });
    if (res.status >= 400 || isStatus(res.body)) throw statusErrorFromResponse(res.status, res.body);
    return res.body as T;
  }

  /**
   * A chunked LIST (runtimeresource.FollowContinue): pages of `chunkSize` items, following the
   * continue token. `namespace` undefined or '' lists across all namespaces.
   */
  async list<T = KubeObject>(
    groupVersion: string,
    resource: string,
    namespace: string | undefined,
    opts: { labelSelector?: string; fieldSelector?: string } = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let cont = '';
    for (;;) {
      const query: Record<string, string> = {};
      if (opts.fieldSelector) query.fieldSelector = opts.fieldSelector;
      if (opts.labelSelector) query.labelSelector = opts.labelSelector;
      if (this.chunkSize > 0) query.limit = String(this.chunkSize);
      if (cont) query.continue = cont;
      const res = await this.client.request({
        method: 'GET',
        path: resourcePath(groupVersion, resource, namespace || undefined),
        query,
      });
      if (res.status >= 400 || isStatus(res.body)) throw statusErrorFromResponse(res.status, res.body);
      const list = res.body as KubeList;
      items.push(...(list.items as unknown as T[]));
      cont = list.metadata?.continue ?? '';
      if (!cont) return items;
    }
  }
}
