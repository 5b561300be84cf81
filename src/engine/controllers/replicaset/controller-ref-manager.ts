/**
 * ControllerRefManager (pkg/controller/controller_ref_manager.go): how a controller decides which
 * objects are its own.
 *
 * The selector alone is not enough: two ReplicaSets may select the same pods, and labels change.
 * So ownership is recorded in the object (an ownerReference with `controller: true`) and the
 * selector only decides what happens at the edges:
 *   - owned by us and still matching → ours;
 *   - owned by us but no longer matching → release it (remove our ownerReference);
 *   - owned by someone else → not ours, whatever its labels say;
 *   - owned by nobody and matching → adopt it (add our ownerReference), unless we are being
 *     deleted — checked with a fresh GET first, since adopting into a dying owner would get the
 *     orphan garbage-collected with it.
 * This is what makes `kubectl label pod web-abc app-` take a pod out of its ReplicaSet (which
 * then creates a replacement), and a bare pod with matching labels join one.
 */
import type { KubeObject, OwnerReference } from '../../../api/types';
import type { Selector } from '../../../apimachinery/labels';
import { isNotFound, reasonOf, type ResourceRef, type RestClient } from '../framework/client';
import { factsOf, type Facts } from './podutil';
import { selectorMatches } from './selectors';

/** RecheckDeletionTimestamp: a fresh read of the owner; adoption fails if it is being deleted. */
export function recheckDeletionTimestamp(getFresh: () => KubeObject): () => void {
  return () => {
    const fresh = getFresh();
    if (fresh.metadata.deletionTimestamp)
      throw new Error(
        `${fresh.metadata.namespace}/${fresh.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
      );
  };
}

/** The strategic merge patch that makes `controller` the controller of an object (adoption). */
function ownerRefControllerPatch(
  controller: KubeObject,
  apiVersion: string,
  kind: string,
  uid: string,
): unknown {
  const ref: OwnerReference = {
    apiVersion,
    kind,
    name: controller.metadata.name ?? '',
    uid: controller.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
  return { metadata: { ownerReferences: [ref], uid } };
}

/** GenerateDeleteOwnerRefStrategicMergeBytes: remove the reference to `ownerUID` (release). */
function deleteOwnerRefPatch(dependentUID: string, ownerUID: string, finalizers: string[] = []): unknown {
  const metadata: Record<string, unknown> = {
    ownerReferences: [{ $patch: 'delete', uid: ownerUID }],
    uid: dependentUID,
  };
  if (finalizers.length > 0) metadata['$deleteFromPrimitiveList/finalizers'] = finalizers;
  return { metadata };
}

export interface ClaimOptions {
  /** The controller (owner) and its GroupVersionKind. */
  controller: KubeObject;
  apiVersion: string;
  kind: string;
  selector: Selector;
  /** Checks, with a fresh read, that the controller may still adopt (throws otherwise). */
  canAdopt: () => void;
  /** Patches one dependent (strategic merge). */
  patch: (namespace: string, name: string, patch: unknown) => void;
  /** Finalizers added on adoption and removed on release (the Job controller's tracking finalizer). */
  finalizers?: string[];
}

/**
 * BaseControllerRefManager.ClaimObject + Adopt/Release for pods or ReplicaSets: returns the
 * objects the controller owns after adopting matching orphans and releasing owned non-matches.
 * Errors of individual objects are collected (the others are still claimed) and thrown at the end.
 */
export function claimObjects<T extends KubeObject>(
  objs: readonly T[],
  o: ClaimOptions,
  filter?: (obj: T) => boolean,
): T[] {
  const claimed: T[] = [];
  const errors: unknown[] = [];
  const controllerUID = o.controller.metadata.uid;
  const deleting = !!o.controller.metadata.deletionTimestamp;
  // CanAdopt runs at most once per claim (canAdoptOnce), and its answer, error or not, is kept.
  let adoptionChecked = false;
  let adoptionError: unknown;
  let facts: Facts;
  const match = (obj: T): boolean => selectorMatches(o.selector, obj, facts) && (!filter || filter(obj));
  for (const obj of objs) {
    facts = factsOf(obj);
    const ref = facts.controllerRef;
    try {
      if (ref) {
        if (ref.uid !== controllerUID) continue; // owned by someone else
        if (match(obj)) {
          claimed.push(obj);
          continue;
        }
        if (deleting) continue;
        // Release: ours, but the selector no longer matches.
        try {
          o.patch(
            obj.metadata.namespace ?? '',
            obj.metadata.name ?? '',
            deleteOwnerRefPatch(obj.metadata.uid ?? '', controllerUID ?? '', o.finalizers),
          );
        } catch (err) {
          // Gone already, or nothing to remove (Invalid): fine.
          if (isNotFound(err) || reasonOf(err) === 'Invalid') continue;
          throw err;
        }
        continue;
      }
      // An orphan.
      if (deleting || !match(obj)) continue;
      if (obj.metadata.deletionTimestamp) continue;
      if (o.controller.metadata.namespace && o.controller.metadata.namespace !== obj.metadata.namespace)
        continue;
      if (!adoptionChecked) {
        adoptionChecked = true;
        try {
          o.canAdopt();
        } catch (err) {
          adoptionError = err;
        }
      }
      if (adoptionError !== undefined) {
        const why = adoptionError instanceof Error ? adoptionError.message : String(adoptionError);
        throw new Error(
          `can't adopt ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name} (${obj.metadata.uid}): ${why}`,
          { cause: adoptionError },
        );
      }
      const patch = ownerRefControllerPatch(o.controller, o.apiVersion, o.kind, obj.metadata.uid ?? '');
      if (o.finalizers?.length)
        (patch as { metadata: Record<string, unknown> }).metadata.finalizers = o.finalizers;
      try {
        o.patch(obj.metadata.namespace ?? '', obj.metadata.name ?? '', patch);
      } catch (err) {
        if (isNotFound(err)) continue;
        throw err;
      }
      claimed.push(obj);
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length > 0) {
    const msgs = errors.map((e) => (e instanceof Error ? e.message : String(e)));
    throw new Error(msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`, { cause: errors[0] });
  }
  return claimed;
}

/** A ClaimOptions.patch that patches objects of `resource` through `rest`. */
export function patcher(rest: RestClient, resource: ResourceRef) {
  return (namespace: string, name: string, patch: unknown): void => {
    rest.patch(resource, namespace, name, 'application/strategic-merge-patch+json', patch);
  };
}
