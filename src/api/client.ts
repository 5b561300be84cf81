/**
 * The client interface: how kubectl, the shell, lessons and the UI talk to the API server.
 *
 * It is deliberately REST-shaped (method, path, query, body) so that it maps one to one onto
 * the real Kubernetes HTTP API: kubectl's `-v=7` output shows these requests, and a later
 * HTTP front end can serve the same engine to the real kubectl.
 */
import type { WatchEvent } from './types';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: HttpMethod;
  /** URL path, e.g. `/api/v1/namespaces/default/pods/web`, `/apis/apps/v1/deployments`. */
  path: string;
  /**
   * Query parameters as the real API takes them: labelSelector, fieldSelector, watch,
   * resourceVersion, limit, dryRun=All, fieldManager, fieldValidation, propagationPolicy,
   * gracePeriodSeconds, container, tailLines, previous …
   */
  query?: Record<string, string>;
  headers?: {
    /** e.g. `application/json;as=Table;v=v1;g=meta.k8s.io,application/json` for `kubectl get`. */
    accept?: string;
    /**
     * For PATCH: `application/strategic-merge-patch+json`, `application/merge-patch+json`,
     * `application/json-patch+json` (or `application/apply-patch+yaml`, not simulated).
     */
    contentType?: string;
    /** Shown in -v=7 output and recorded as the manager; e.g. `kubectl/v1.32.4 (linux/amd64) kubernetes/…`. */
    userAgent?: string;
  };
  /** The request body, already parsed from JSON (objects, patches, DeleteOptions, Eviction …). */
  body?: unknown;
}

export interface ApiResponse {
  /** HTTP status code: 200, 201, 202, 400, 404, 409, 422, 500 … */
  status: number;
  /** The decoded JSON body: an object, a list, a Table, a Status, or text for logs. */
  body: unknown;
  /** Content type of the body; `text/plain` for pod logs, otherwise `application/json`. */
  contentType?: string;
  /**
   * The `Warning` headers of the response, e.g. `unknown field "spec.replica"` for a write with the
   * default fieldValidation (Warn); kubectl prints each on stderr as `Warning: <text>`.
   */
  warnings?: string[];
}

export interface WatchHandle {
  /** Stop the watch; no event is delivered after this returns. */
  stop(): void;
}

export type WatchResult = { ok: true; handle: WatchHandle } | { ok: false; response: ApiResponse };

export interface KubeClient {
  /** One request/response. Never throws for API errors: they come back as a Status body. */
  request(req: ApiRequest): Promise<ApiResponse>;
  /**
   * `GET path?watch=true`: events are delivered to `onEvent`, in order, asynchronously
   * (never from inside another request). Resolves once the watch is established or refused.
   */
  watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchResult>;
}
