/**
 * The wire types of the Kubernetes API as Breakfix speaks it.
 *
 * Everything that crosses the boundary between the engine (the "server") and its clients
 * (kubectl, the shell, the UI, lessons) is one of these shapes, exactly as the real
 * kube-apiserver would serialise it as JSON. Object types themselves come from the
 * `kubernetes-types` package (e.g. `import type { Pod } from 'kubernetes-types/core/v1'`).
 */
import type { ObjectMeta, ListMeta } from 'kubernetes-types/meta/v1';

export type { ObjectMeta, ListMeta, OwnerReference, LabelSelector } from 'kubernetes-types/meta/v1';

/** Any Kubernetes object: apiVersion, kind and metadata are always present on stored objects. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A `<Kind>List` as returned by a LIST request. */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion: string;
  kind: string;
  metadata: ListMeta;
  items: T[];
}

export type StatusReason =
  | ''
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'Forbidden'
  | 'Unauthorized'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Timeout'
  | 'Expired'
  | 'Gone'
  | 'ServiceUnavailable';

export interface StatusCause {
  /** e.g. "FieldValueInvalid", "FieldValueRequired", "FieldValueNotSupported". */
  reason?: string;
  message?: string;
  /** e.g. "spec.template.metadata.labels". */
  field?: string;
}

/** meta/v1 Status: what the API server returns for errors (and for some deletes). */
export interface Status {
  apiVersion: 'v1';
  kind: 'Status';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    uid?: string;
    causes?: StatusCause[];
    retryAfterSeconds?: number;
  };
  code: number;
}

export function isStatus(x: unknown): x is Status {
  return typeof x === 'object' && x !== null && (x as { kind?: unknown }).kind === 'Status';
}

/** meta.k8s.io/v1 Table: server-side printing, as `kubectl get` asks for it. */
export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRow {
  cells: unknown[];
  /** The object (or PartialObjectMetadata) the row was made from; kubectl uses it for -L, --show-labels and sorting. */
  object?: KubeObject;
  conditions?: { type: string; status: string }[];
}

export interface Table {
  apiVersion: 'meta.k8s.io/v1';
  kind: 'Table';
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** One event on a watch stream (`GET ...?watch=true`). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  /** The object, or a Table (when the watch asked for Table), or a Status for ERROR. */
  object: KubeObject | Table | Status;
}

/** Discovery: one resource of a group/version (`GET /api/v1`, `GET /apis/apps/v1`). */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface APIResourceList {
  kind: 'APIResourceList';
  apiVersion: 'v1';
  groupVersion: string;
  resources: APIResource[];
}

export interface APIGroup {
  name: string;
  versions: { groupVersion: string; version: string }[];
  preferredVersion: { groupVersion: string; version: string };
}

export interface APIGroupList {
  kind: 'APIGroupList';
  apiVersion: 'v1';
  groups: APIGroup[];
}

export interface APIVersions {
  kind: 'APIVersions';
  versions: string[];
}
