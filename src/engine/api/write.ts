/**
 * POST, PUT and PATCH (apiserver/pkg/endpoints/handlers/{create,update,patch}.go and the generic
 * registry's Create/Update). The pipeline for every write:
 *
 *   decode (strict) → default → mutating admission → prepare (system fields, status, generation)
 *     → strategy validation → ObjectMeta validation → validating admission → store
 *
 * Nothing is stored until every step has passed, and with `dryRun=All` nothing is stored at all:
 * the response shows what would have been written.
 */
import type { ApiResponse } from '../../api/client';
import type { KubeObject } from '../../api/types';
import type { FieldError } from '../../apimachinery/field';
import { applyJsonPatch } from '../../apimachinery/jsonpatch';
import { applyMergePatch, PatchError, PATCH_TYPES } from '../../apimachinery/mergepatch';
import { applyStrategicMergePatch } from '../../apimachinery/strategicpatch/index';
import type { AdmissionAttributes } from './admission';
import {
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newNotFound,
  newNotSimulated,
  OPTIMISTIC_LOCK_MESSAGE,
  StatusError,
} from './errors';
import {
  canonicalizeNamespace,
  nameValidator,
  pathSegmentName,
  prepareForCreate,
  prepareForStatusUpdate,
  prepareForUpdate,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './metadata';
import { canonicalize, deepClone, isObject, meta, semanticEqual } from './objects';
import { apiVersionOf, parseApiVersion, type ResourceInfo } from './registry';
import { ok, type RequestContext } from './server';
import { dropUnknownFields } from './prune';
import { decodeObject } from './schema/decode';
import { strategyKey } from './strategy';

const qr = (info: ResourceInfo): { group: string; resource: string } => ({
  group: info.group,
  resource: info.resource,
});

/** Go package names of the internal API types, as conversion errors print them. */
const INTERNAL_PACKAGE: Record<string, string> = { '': 'core' };
const internalPackage = (group: string): string => INTERNAL_PACKAGE[group] ?? group.split('.')[0]!;

/**
 * The request body as an object of the resource's kind: a fresh mutable copy, apiVersion and
 * kind filled in when missing, strictly decoded, then defaulted.
 */
/**
 * Request bodies that are already the server's own copy (an in-process client copied them, as
 * JSON on the wire would): decodeBody takes the first such body as it is instead of copying it
 * again. Each body is taken once.
 */
const privateBodies = new WeakSet<object>();

/** @internal Mark a request body as a private copy nobody else holds (see privateBodies). */
export function handOverBody(body: unknown): void {
  if (isObject(body)) privateBodies.add(body);
}

export function decodeBody(
  ctx: RequestContext,
  body: unknown,
  what: 'create' | 'patch' = 'create',
): KubeObject {
  const { info, server } = ctx;
  if (!isObject(body)) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${info.kind}): couldn't get version/kind; json parse error: json: cannot unmarshal ${jsonType(body)} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`,
    );
  }
  let obj = (privateBodies.delete(body) ? body : deepClone(body)) as KubeObject;
  const expected = apiVersionOf({ group: info.group, version: ctx.version });
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expected;
  if (obj.kind === undefined || obj.kind === '') obj.kind = info.kind;
  if (typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string')
    throw newBadRequest(`the object provided is unrecognized (must be of type ${info.kind})`);
  const { group, version } = parseApiVersion(obj.apiVersion);
  if (obj.kind !== info.kind) {
    const known = server.registry.byGroupKind(group, obj.kind);
    const why = known
      ? `converting (${version}.${obj.kind}) to (${internalPackage(info.group)}.${info.kind}): unknown conversion`
      : `no kind ${JSON.stringify(obj.kind)} is registered for version ${JSON.stringify(obj.apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`;
    throw newBadRequest(
      `${obj.kind} in version ${JSON.stringify(version)} cannot be handled as a ${info.kind}: ${why}`,
    );
  }
  if (obj.apiVersion !== expected)
    throw newBadRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
    );
  if (!isObject(obj.metadata)) obj.metadata = {};
  if (ctx.converter) obj = ctx.converter.toStored(obj);
  const validation = ctx.query.fieldValidation ?? 'Warn';
  if (validation !== 'Strict' && validation !== 'Warn' && validation !== 'Ignore')
    throw newBadRequest(
      `fieldValidation must be one of "Ignore", "Warn", or "Strict", got ${JSON.stringify(validation)}`,
    );
  const kindKey = strategyKey(info.group, info.kind);
  const message = decodeObject(kindKey, obj);
  if (message !== undefined) {
    const marker = 'strict decoding error: ';
    const strictOnly = message.includes(`: ${marker}`);
    if (!strictOnly || validation === 'Strict') {
      if (what === 'patch' && strictOnly) throw newBadRequest(message.slice(message.indexOf(marker)));
      if (what === 'patch') throw patchDecodeError(obj, message);
      throw newBadRequest(message);
    }
    // Warn / Ignore: the decoder drops what it does not know.
    dropUnknownFields(kindKey, obj);
    if (validation === 'Warn')
      ctx.warnings.push(...message.slice(message.indexOf(marker) + marker.length).split(', '));
  }
  server.strategyFor(info).default?.(obj, server.strategyContext());
  return obj;
}

function patchDecodeError(obj: KubeObject, message: string): StatusError {
  const i = message.indexOf(': ', message.indexOf('cannot be handled as a'));
  const err = i >= 0 ? message.slice(i + 2) : message;
  return new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: ` "" is invalid: patch: Invalid value: ${JSON.stringify(JSON.stringify(obj))}: ${err}`,
    reason: 'Invalid',
    details: {
      causes: [
        {
          reason: 'FieldValueInvalid',
          message: `Invalid value: ${JSON.stringify(JSON.stringify(obj))}: ${err}`,
          field: 'patch',
        },
      ],
    },
    code: 422,
  });
}

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null || v === undefined) return 'null';
  return typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
}

function admissionAttrs(
  ctx: RequestContext,
  operation: AdmissionAttributes['operation'],
  obj: KubeObject | undefined,
  old: KubeObject | undefined,
  subresource = ctx.subresource,
): AdmissionAttributes {
  return {
    operation,
    info: ctx.info,
    subresource,
    namespace: ctx.namespace ?? '',
    name: obj?.metadata.name ?? old?.metadata.name ?? ctx.name ?? '',
    object: obj,
    oldObject: old,
    dryRun: ctx.dryRun,
    userAgent: ctx.req.headers?.userAgent,
  };
}

// ---------------------------------------------------------------------------------------------
// Create
// ---------------------------------------------------------------------------------------------

/** The generic registry retries a generated name that collides (RetryGenerateName, GA in 1.32). */
const MAX_NAME_GENERATION_ATTEMPTS = 8;

export function createObject(ctx: RequestContext): ApiResponse {
  const obj = decodeBody(ctx, ctx.req.body);
  return createDecoded(ctx, obj);
}

/** Create from an already decoded and defaulted object (also the create-on-update path). */
export function createDecoded(ctx: RequestContext, obj: KubeObject): ApiResponse {
  const { server } = ctx;
  // EnsureObjectNamespaceMatchesRequestNamespace
  const requestNs = ctx.namespace ?? '';
  const objNs = obj.metadata.namespace ?? '';
  if (objNs !== requestNs) {
    if (objNs === '') obj.metadata.namespace = requestNs;
    else if (requestNs === '') delete obj.metadata.namespace;
    else
      throw newBadRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
  }
  if (!requestNs) delete obj.metadata.namespace;
  const attrs = admissionAttrs(ctx, 'CREATE', obj, undefined);
  server.admit(attrs);
  const generate = !obj.metadata.name && !!obj.metadata.generateName;
  for (let attempt = 1; ; attempt++) {
    const candidate = generate && attempt < MAX_NAME_GENERATION_ATTEMPTS ? deepClone(obj) : obj;
    try {
      return createOnce(ctx, candidate, generate, attrs);
    } catch (e) {
      if (
        generate &&
        attempt < MAX_NAME_GENERATION_ATTEMPTS &&
        e instanceof StatusError &&
        e.status.reason === 'AlreadyExists'
      )
        continue;
      throw e;
    }
  }
}

function createOnce(
  ctx: RequestContext,
  obj: KubeObject,
  generate: boolean,
  attrs: AdmissionAttributes,
): ApiResponse {
  const { info, server } = ctx;
  const m = meta(obj);
  // FillObjectMetaSystemFields, then the generated name.
  m.uid = server.rand.uuid();
  m.creationTimestamp = server.nowTimestamp();
  if (generate) m.name = `${m.generateName}${server.rand.nameSuffix(5)}`;
  prepareForCreate(info, obj);
  const strategy = server.strategyFor(info);
  const sctx = server.strategyContext();
  strategy.prepareForCreate?.(obj, sctx);
  canonicalizeNamespace(info, obj);
  const name = m.name ?? '';
  const errs = strategy.validate?.(obj, sctx) ?? [];
  if (errs.length) throw server.invalid(info, name, errs);
  // Generic ObjectMeta validation runs after the kind's own, so the kind's messages win.
  const metaErrs = validateObjectMeta(obj, info, nameValidator(info.nameValidation));
  if (metaErrs.length) throw server.invalid(info, name, metaErrs);
  server.validateAdmission({ ...attrs, name, object: obj });
  const rs = server.resourceStore(info);
  const existing = rs.get(m.namespace ?? '', name);
  if (existing) {
    const err = newAlreadyExists(qr(info), name);
    if (existing.metadata.deletionTimestamp)
      err.status.message = `object is being deleted: ${err.status.message}`;
    throw err;
  }
  if (ctx.dryRun) return ok(canonicalize(obj), 201);
  return ok(server.writeCreate(info, obj), 201);
}

// ---------------------------------------------------------------------------------------------
// Update
// ---------------------------------------------------------------------------------------------

/** Kinds whose strategy allows PUT to create (AllowCreateOnUpdate). */
const CREATE_ON_UPDATE = new Set(['/Event', '/Endpoints', 'coordination.k8s.io/Lease']);

export function updateObject(ctx: RequestContext): ApiResponse {
  const { info, server } = ctx;
  const obj = decodeBody(ctx, ctx.req.body);
  checkName(ctx, obj);
  const existing = server.resourceStore(info).get(ctx.namespace ?? '', ctx.name!);
  if (!existing) {
    if (CREATE_ON_UPDATE.has(strategyKey(info.group, info.kind)) && ctx.subresource === '') {
      return createDecoded(ctx, obj);
    }
    throw newNotFound(qr(info), ctx.name!);
  }
  return applyUpdate(ctx, existing, obj);
}

/** checkName: the body's name and namespace must agree with the URL. */
export function checkName(ctx: RequestContext, obj: KubeObject): void {
  const objName = obj.metadata.name ?? '';
  if (objName !== ctx.name)
    throw newBadRequest(
      `the name of the object (${objName}) does not match the name on the URL (${ctx.name})`,
    );
  const ns = obj.metadata.namespace ?? '';
  if (ctx.namespace && ns && ns !== ctx.namespace)
    throw newBadRequest(
      `the namespace of the object (${ns}) does not match the namespace on the request (${ctx.namespace})`,
    );
  if (ctx.namespace) obj.metadata.namespace = ctx.namespace;
  else delete obj.metadata.namespace;
}

/**
 * The update pipeline shared by PUT, PATCH and the status/finalize/scale subresources.
 * `obj` is a mutable, decoded object; `existing` the stored one.
 */
export function applyUpdate(
  ctx: RequestContext,
  existing: KubeObject,
  obj: KubeObject,
  subresource: string = ctx.subresource,
): ApiResponse {
  const { info, server } = ctx;
  const name = existing.metadata.name!;
  // Optimistic concurrency: a resourceVersion in the body must be the stored one; none means
  // "whatever is there" (AllowUnconditionalUpdate).
  const rv = obj.metadata.resourceVersion;
  if (rv) {
    if (rv !== existing.metadata.resourceVersion) throw newConflict(qr(info), name, OPTIMISTIC_LOCK_MESSAGE);
  } else {
    meta(obj).resourceVersion = existing.metadata.resourceVersion;
  }
  const attrs = admissionAttrs(ctx, 'UPDATE', obj, existing, subresource);
  server.admit(attrs);

  const strategy = server.strategyFor(info);
  const sctx = server.strategyContext();
  let next = obj;
  if (subresource === 'status') {
    next = prepareForStatusUpdate(info, obj, existing);
    prepareForUpdate(info, next, existing, true);
  } else if (subresource === 'finalize') {
    next.status = deepClone(existing.status);
    if (existing.status === undefined) delete next.status;
    prepareForUpdate(info, next, existing, true);
  } else {
    prepareForUpdate(info, next, existing);
    strategy.prepareForUpdate?.(next, existing, sctx);
  }
  canonicalizeNamespace(info, next);

  const errs: FieldError[] = [
    ...validateObjectMeta(next, info, pathSegmentName),
    ...validateObjectMetaUpdate(next, existing),
  ];
  if (subresource === '') {
    // A kind's validateUpdate is its whole update validation (ValidateXUpdate calls ValidateX
    // upstream); kinds without one are validated as on create.
    if (strategy.validateUpdate) errs.push(...strategy.validateUpdate(next, existing, sctx));
    else errs.push(...(strategy.validate?.(next, sctx) ?? []));
  }
  if (errs.length) throw server.invalid(info, name, errs);
  server.validateAdmission({ ...attrs, object: next });

  // ShouldDeleteDuringUpdate: the last finalizer of an object being deleted was removed.
  if (shouldDeleteDuringUpdate(info, next, existing)) {
    if (!ctx.dryRun) server.writeDelete(info, existing);
    return ok(canonicalize(next));
  }
  // A no-op update writes nothing: no new resourceVersion, no watch event.
  if (semanticEqual(next, existing)) return ok(existing);
  if (ctx.dryRun) return ok(canonicalize(next));
  return ok(server.writeUpdate(info, existing, next));
}

function shouldDeleteDuringUpdate(info: ResourceInfo, obj: KubeObject, existing: KubeObject): boolean {
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  if (!existing.metadata.deletionTimestamp) return false;
  const grace = existing.metadata.deletionGracePeriodSeconds;
  if (grace !== undefined && grace !== null && grace !== 0) return false;
  if (info.group === '' && info.kind === 'Namespace') {
    // ShouldDeleteNamespaceDuringUpdate: spec.finalizers must be empty too.
    const fins = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers ?? [];
    if (fins.length > 0) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------
// Patch
// ---------------------------------------------------------------------------------------------

export function patchObject(ctx: RequestContext): ApiResponse {
  const { info, server } = ctx;
  const existing = server.resourceStore(info).get(ctx.namespace ?? '', ctx.name!);
  if (!existing) throw newNotFound(qr(info), ctx.name!);
  const current = ctx.converter ? ctx.converter.fromStored(existing) : existing;
  const patched = applyPatchDocument(ctx, current, strategyKey(info.group, info.kind));
  const obj = decodeBody(ctx, patched, 'patch');
  // A patch cannot move the object.
  obj.metadata.name = existing.metadata.name;
  if (existing.metadata.namespace) obj.metadata.namespace = existing.metadata.namespace;
  return applyUpdate(ctx, existing, obj);
}

/** Apply the request's patch (by Content-Type) to a copy of `current`. */
export function applyPatchDocument(ctx: RequestContext, current: unknown, kindKey: string): KubeObject {
  const type = (ctx.req.headers?.contentType ?? '').split(';')[0]!.trim();
  const body = ctx.req.body;
  let result: unknown;
  try {
    switch (type) {
      case PATCH_TYPES.json:
        result = applyJsonPatch(deepClone(current), body);
        break;
      case PATCH_TYPES.merge:
        result = applyMergePatch(deepClone(current), body);
        break;
      case PATCH_TYPES.strategic:
        // It copies the document itself: a stored (frozen) object needs no copy first.
        result = applyStrategicMergePatch(
          Object.isFrozen(current) ? current : deepClone(current),
          body,
          kindKey,
        );
        break;
      case PATCH_TYPES.apply:
        throw newNotSimulated('server-side apply (application/apply-patch+yaml)');
      default:
        throw new StatusError({
          apiVersion: 'v1',
          kind: 'Status',
          metadata: {},
          status: 'Failure',
          message: `the body of the request was in an unknown format - accepted media types include: ${PATCH_TYPES.json}, ${PATCH_TYPES.merge}, ${PATCH_TYPES.apply}, ${PATCH_TYPES.strategic}`,
          reason: 'UnsupportedMediaType',
          code: 415,
        });
    }
  } catch (e) {
    if (e instanceof PatchError) throw new StatusError(e.toStatus());
    throw e;
  }
  if (!isObject(result)) throw newBadRequest('the patched object is not a JSON object');
  return result as KubeObject;
}
