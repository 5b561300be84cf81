/**
 * The errors of apimachinery's `pkg/util/mergepatch` and `strategicpatch`, with the HTTP status
 * the apiserver gives each (handlers/patch.go interpretStrategicMergePatchError): the sentinel
 * "invalid patch format" errors are 400s, lists of lists and retainKeys mismatches are 422s, and
 * everything else is returned as it is, which the apiserver turns into a 500 with the Go text.
 */
import { PatchError } from '../mergepatch';
import { goS, goTypeName, goV, type JsonMap } from './gofmt';

export const errBadJSONDoc = (): PatchError => new PatchError('invalid JSON document', 'BadRequest');
export const errNoListOfLists = (): PatchError =>
  new PatchError('lists of lists are not supported', 'Invalid');
export const errBadPatchFormatForPrimitiveList = (): PatchError =>
  new PatchError('invalid patch format of primitive list', 'BadRequest');
export const errBadPatchFormatForRetainKeys = (): PatchError =>
  new PatchError('invalid patch format of retainKeys', 'BadRequest');
export const errBadPatchFormatForSetElementOrderList = (): PatchError =>
  new PatchError('invalid patch format of setElementOrder list', 'BadRequest');

/** mergepatch.ErrNoMergeKey. */
export const errNoMergeKey = (m: unknown, k: string): PatchError =>
  new PatchError(`map: ${goV(m ?? {})} does not contain declared merge key: ${k}`, 'Internal');

/** mergepatch.ErrBadArgType: `expected a map[string]interface {}, but received a string`. */
export const errBadArgType = (expected: 'map' | 'slice', actual: unknown): PatchError =>
  new PatchError(
    `expected a ${expected === 'map' ? 'map[string]interface {}' : '[]interface {}'}, but received a ${goTypeName(actual)}`,
    'Internal',
  );

/** mergepatch.ErrBadPatchType: an unknown `$patch` value. */
export const errBadPatchType = (t: unknown, m: JsonMap): PatchError =>
  new PatchError(`unknown patch type: ${goS(t)} in map: ${goV(m)}`, 'Internal');

/** Any other error text (fmt.Errorf in strategicpatch): a 500 on the server. */
export const internal = (message: string): PatchError => new PatchError(message, 'Internal');
