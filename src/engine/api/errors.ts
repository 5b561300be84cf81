/**
 * API errors as the apiserver builds them (apimachinery/pkg/api/errors, reference §12.1).
 * Anything in the engine that must fail a request throws a StatusError; the REST layer turns
 * it into the response. The messages are the real ones, word for word, because kubectl prints
 * them as they are.
 */
import type { Status, StatusCause, StatusReason } from '../../api/types';
import { fieldErrorString, type FieldError } from '../../apimachinery/field';

export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? status.reason ?? 'error');
    this.name = 'StatusError';
  }
  get code(): number {
    return this.status.code;
  }
}

/** A qualified resource as errors print it: `pods`, `deployments.apps`. */
export interface QualifiedResource {
  group: string;
  resource: string;
}

export const qualifiedResourceString = (qr: QualifiedResource): string =>
  qr.group ? `${qr.resource}.${qr.group}` : qr.resource;

/** A qualified kind as Invalid errors print it: `Pod`, `Deployment.apps`. */
export const qualifiedKindString = (group: string, kind: string): string =>
  group ? `${kind}.${group}` : kind;

function status(
  code: number,
  reason: StatusReason,
  message: string,
  details?: Status['details'],
): StatusError {
  const s: Status = {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
  if (details) s.details = details;
  return new StatusError(s);
}

export const newNotFound = (qr: QualifiedResource, name: string): StatusError =>
  status(404, 'NotFound', `${qualifiedResourceString(qr)} ${JSON.stringify(name)} not found`, {
    name,
    group: qr.group || undefined,
    kind: qr.resource,
  });

export const newAlreadyExists = (qr: QualifiedResource, name: string): StatusError =>
  status(409, 'AlreadyExists', `${qualifiedResourceString(qr)} ${JSON.stringify(name)} already exists`, {
    name,
    group: qr.group || undefined,
    kind: qr.resource,
  });

export const OPTIMISTIC_LOCK_MESSAGE =
  'the object has been modified; please apply your changes to the latest version and try again';

export const newConflict = (qr: QualifiedResource, name: string, detail: string): StatusError =>
  status(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${qualifiedResourceString(qr)} ${JSON.stringify(name)}: ${detail}`,
    { name, group: qr.group || undefined, kind: qr.resource },
  );

/** 422 Invalid: one error is printed bare, several as `[e1, e2]` (utilerrors.Aggregate). */
export function newInvalid(group: string, kind: string, name: string, errs: FieldError[]): StatusError {
  const causes: StatusCause[] = errs.map((e) => ({ reason: e.type, message: e.body, field: e.field }));
  // ToAggregate drops duplicate messages (the causes keep them).
  const strs = [...new Set(errs.map(fieldErrorString))];
  const agg = strs.length === 1 ? strs[0]! : `[${strs.join(', ')}]`;
  return status(
    422,
    'Invalid',
    `${qualifiedKindString(group, kind)} ${JSON.stringify(name)} is invalid: ${agg}`,
    {
      name,
      group: group || undefined,
      kind,
      causes,
    },
  );
}

export const newBadRequest = (message: string): StatusError => status(400, 'BadRequest', message);

/** NewForbidden: `pods "x" is forbidden: …`, or `pods is forbidden: …` when the name is not known yet. */
export const newForbidden = (
  qr: QualifiedResource,
  name: string,
  detail: string,
  causes?: StatusCause[],
): StatusError =>
  status(
    403,
    'Forbidden',
    name
      ? `${qualifiedResourceString(qr)} ${JSON.stringify(name)} is forbidden: ${detail}`
      : `${qualifiedResourceString(qr)} is forbidden: ${detail}`,
    {
      name: name || undefined,
      group: qr.group || undefined,
      kind: qr.resource,
      ...(causes ? { causes } : {}),
    },
  );

export const newMethodNotSupported = (qr: QualifiedResource, action: string): StatusError =>
  status(
    405,
    'MethodNotAllowed',
    `${action} is not supported on resources of kind ${JSON.stringify(qualifiedResourceString(qr))}`,
    {
      group: qr.group || undefined,
      kind: qr.resource,
    },
  );

export const newInternalError = (detail: string): StatusError =>
  status(500, 'InternalError', `Internal error occurred: ${detail}`, { causes: [{ message: detail }] });

export const newTimeout = (message: string): StatusError => status(504, 'Timeout', `Timeout: ${message}`);

/** 404 for a path the server does not serve at all (no reason, as the apiserver's mux answers). */
export const newPathNotFound = (): StatusError =>
  status(404, 'NotFound', 'the server could not find the requested resource');

/** 405 from the mux when a path exists but not for this HTTP method. */
export const newMethodNotAllowed = (): StatusError =>
  status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

/**
 * Breakfix's own answer for an API the real server has but the simulation does not implement
 * (yet): a 405 whose message says so plainly, so that nothing pretends to work.
 */
export const newNotSimulated = (what: string): StatusError =>
  status(405, 'MethodNotAllowed', `${what} is not simulated in Breakfix`, {});

/** 410 Expired: a watch or continue token older than the server's history. */
export const newResourceExpired = (message: string): StatusError => status(410, 'Expired', message);

/** The Status of an error raised anywhere while serving a request. */
export function errorToStatus(e: unknown): Status {
  if (e instanceof StatusError) return e.status;
  const detail = e instanceof Error ? e.message : String(e);
  return newInternalError(detail).status;
}
