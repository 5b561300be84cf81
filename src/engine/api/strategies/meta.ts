/**
 * Object metadata validation as pkg/apis/core/validation wraps apimachinery's: the generic checks
 * (src/apimachinery/validation.ts) plus the "standard finalizer name" rule that core adds.
 */
import type { KubeObject } from '../../../api/types';
import { index, type FieldError } from '../../../apimachinery/field';
import {
  validateObjectMeta as genericValidateObjectMeta,
  validateObjectMetaUpdate as genericValidateObjectMetaUpdate,
  type ObjectMetaLike,
  type ValidateNameFunc,
} from '../../../apimachinery/validation';
import { invalidStr } from './util';

export {
  nameIsDNSSubdomain,
  nameIsDNSLabel,
  nameIsDNS1035Label,
  validateNamespaceName,
} from '../../../apimachinery/validation';

/** Finalizers that need no domain prefix (helper.IsStandardFinalizerName). */
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** `validateKubeFinalizerName`: an unqualified finalizer must be one of the standard ones. */
export function validateKubeFinalizerName(value: string, path: string): FieldError[] {
  if (!value.includes('/') && !STANDARD_FINALIZERS.has(value))
    return [invalidStr(path, value, 'name is neither a standard finalizer name nor is it fully qualified')];
  return [];
}

const meta = (obj: KubeObject): ObjectMetaLike => (obj.metadata ?? {}) as ObjectMetaLike;

/** core `ValidateObjectMeta`. */
export function validateObjectMeta(
  obj: KubeObject,
  namespaced: boolean,
  nameFn: ValidateNameFunc,
  path = 'metadata',
): FieldError[] {
  const m = meta(obj);
  const errs = genericValidateObjectMeta(m, namespaced, nameFn, path);
  (m.finalizers ?? []).forEach((f, i) =>
    errs.push(...validateKubeFinalizerName(f, index(`${path}.finalizers`, i))),
  );
  return errs;
}

/** core `ValidateObjectMetaUpdate`. */
export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject, path = 'metadata'): FieldError[] {
  const m = meta(obj);
  const errs = genericValidateObjectMetaUpdate(m, meta(old), path);
  (m.finalizers ?? []).forEach((f, i) =>
    errs.push(...validateKubeFinalizerName(f, index(`${path}.finalizers`, i))),
  );
  return errs;
}
