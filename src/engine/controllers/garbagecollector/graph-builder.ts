/**
 * GraphBuilder (pkg/controller/garbagecollector/graph_builder.go): keeps the dependency graph in
 * step with the cluster and decides what the collector must look at.
 *
 * Every informer event of every watched resource becomes a "graph change", processed in order:
 *  - a new object becomes a node, linked to its owners (unknown owners become virtual nodes,
 *    queued so the collector checks whether they exist);
 *  - changed ownerReferences re-link the node; removing a blocking reference may unblock an
 *    owner that waits in foreground deletion;
 *  - an object that starts being deleted with the `orphan` finalizer goes to attemptToOrphan;
 *    with `foregroundDeletion` it is marked deletingDependents and it and its dependents go to
 *    attemptToDelete;
 *  - a deleted object leaves the graph; its dependents go to attemptToDelete (their owner is
 *    gone), and so do its owners that wait for their dependents to disappear.
 */
import type { KubeObject, OwnerReference } from '../../../api/types';
import type { EventRecorder } from '../../events';
import type { Logger } from '../framework/log';
import { LruCache } from '../framework/lru';
import { hasFinalizer, isBeingDeleted } from '../framework/objects';
import type { RateLimitingQueue } from '../framework/workqueue';
import {
  GCNode,
  identityKey,
  identityString,
  ownerReferenceMatchesCoordinates,
  partitionDependents,
  sameIdentity,
  type ObjectIdentity,
} from './graph';

export const FINALIZER_ORPHAN_DEPENDENTS = 'orphan';
export const FINALIZER_DELETE_DEPENDENTS = 'foregroundDeletion';

export type GraphChangeType = 'add' | 'update' | 'delete';

export interface GraphChange {
  type: GraphChangeType;
  /** The object (for a virtual delete: a stub built from the identity). */
  obj: KubeObject;
  oldObj?: KubeObject;
  /** Produced by the collector after a GET found nothing, not observed by an informer. */
  virtual: boolean;
}

const identityFromObject = (obj: KubeObject): ObjectIdentity => ({
  apiVersion: obj.apiVersion,
  kind: obj.kind,
  name: obj.metadata.name ?? '',
  uid: obj.metadata.uid ?? '',
  namespace: obj.metadata.namespace ?? '',
});

/** Whether the object went from "not being deleted with finalizer f" to "being deleted with f". */
function deletionStartsWithFinalizer(
  oldObj: KubeObject | undefined,
  newObj: KubeObject,
  finalizer: string,
): boolean {
  if (!isBeingDeleted(newObj) || !hasFinalizer(newObj, finalizer)) return false;
  if (!oldObj) return true;
  return !(isBeingDeleted(oldObj) && hasFinalizer(oldObj, finalizer));
}

export class GraphBuilder {
  /** Every node of the graph, by uid. */
  readonly uidToNode = new Map<string, GCNode>();
  /** Owners confirmed absent (by identity incl. uid), so dependents need no GET for them. */
  readonly absentOwnerCache = new LruCache<true>(500);
  private changes: GraphChange[] = [];
  private head = 0;

  constructor(
    private readonly attemptToDelete: RateLimitingQueue,
    private readonly attemptToOrphan: RateLimitingQueue,
    private readonly recorder: EventRecorder,
    private readonly logger: Logger,
    /** Called when a graph change is queued (the collector schedules processing). */
    private readonly onChange: () => void,
  ) {}

  /** Queue an informer event. */
  enqueueChange(change: GraphChange): void {
    this.changes.push(change);
    this.onChange();
  }

  /** The collector verified that an owner does not exist: remove its virtual node. */
  enqueueVirtualDeleteEvent(identity: ObjectIdentity): void {
    this.enqueueChange({
      type: 'delete',
      virtual: true,
      obj: {
        apiVersion: identity.apiVersion,
        kind: identity.kind,
        metadata: { name: identity.name, namespace: identity.namespace || undefined, uid: identity.uid },
      },
    });
  }

  hasPendingChanges(): boolean {
    return this.head < this.changes.length;
  }

  /** Process one queued change; returns whether more are waiting. */
  processGraphChange(): boolean {
    const change = this.changes[this.head++];
    if (this.head >= this.changes.length) {
      this.changes = [];
      this.head = 0;
    }
    if (change) this.process(change);
    return this.hasPendingChanges();
  }

  private process(event: GraphChange): void {
    const obj = event.obj;
    const uid = obj.metadata.uid ?? '';
    let existing = this.uidToNode.get(uid);
    if (existing && !event.virtual && !existing.isObserved()) {
      // The first informer event for a node we only knew as an owner.
      const observed = identityFromObject(obj);
      if (!sameIdentity(observed, existing.identity)) {
        // Dependents that referenced the owner by other coordinates may be wrong: verify them.
        const { nonmatching } = partitionDependents(existing.dependents, observed);
        for (const dep of nonmatching) {
          if (observed.namespace !== '' && dep.identity.namespace !== observed.namespace) {
            this.reportInvalidNamespaceOwnerRef(dep, observed.uid);
          }
          this.attemptToDelete.add(dep.identity.uid);
        }
        existing = existing.clone();
        existing.identity = observed;
        this.uidToNode.set(uid, existing);
      }
      existing.markObserved();
    }

    if ((event.type === 'add' || event.type === 'update') && !existing) {
      const node = new GCNode(identityFromObject(obj), false);
      node.owners = obj.metadata.ownerReferences ?? [];
      node.beingDeleted = isBeingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, FINALIZER_DELETE_DEPENDENTS);
      this.insertNode(node);
      this.processTransitions(event.oldObj, obj, node);
      return;
    }

    if ((event.type === 'add' || event.type === 'update') && existing) {
      const newOwners = obj.metadata.ownerReferences ?? [];
      const { added, removed, changed } = referencesDiffs(existing.owners, newOwners);
      if (added.length > 0 || removed.length > 0 || changed.length > 0) {
        // a removed or no longer blocking reference may unblock an owner in foreground deletion
        this.addUnblockedOwnersToDeleteQueue(removed, changed);
        existing.owners = newOwners;
        this.addDependentToOwners(existing, added);
        this.removeDependentFromOwners(existing, removed);
      }
      if (isBeingDeleted(obj)) existing.beingDeleted = true;
      this.processTransitions(event.oldObj, obj, existing);
      return;
    }

    if (event.type !== 'delete') return;
    if (!existing) return; // not in the graph: nothing to do
    let removeExistingNode = true;
    if (event.virtual) {
      const deletedIdentity = identityFromObject(obj);
      if (existing.virtual) {
        // We are not sure of the virtual node's coordinates: see whether dependents disagree.
        const { matching, nonmatching } = partitionDependents(existing.dependents, deletedIdentity);
        if (nonmatching.length > 0) {
          removeExistingNode = false;
          if (matching.length > 0) {
            this.absentOwnerCache.add(identityKey(deletedIdentity), true);
            for (const dep of matching) this.attemptToDelete.add(dep.identity.uid);
          }
          if (sameIdentity(existing.identity, deletedIdentity)) {
            const replacement = alternateOwnerIdentity(nonmatching, deletedIdentity);
            if (replacement) {
              const node = existing.clone();
              node.identity = replacement;
              this.uidToNode.set(uid, node);
              this.attemptToDelete.addRateLimited(uid);
            }
          }
        }
      } else if (!sameIdentity(existing.identity, deletedIdentity)) {
        // The observed node disagrees with the coordinates the delete was verified for.
        removeExistingNode = false;
        const { matching } = partitionDependents(existing.dependents, deletedIdentity);
        if (matching.length > 0) {
          this.absentOwnerCache.add(identityKey(deletedIdentity), true);
          for (const dep of matching) this.attemptToDelete.add(dep.identity.uid);
        }
      }
    }
    if (!removeExistingNode) return;
    this.removeNode(existing);
    if (existing.dependents.size > 0) this.absentOwnerCache.add(identityKey(identityFromObject(obj)), true);
    for (const dep of existing.dependents) this.attemptToDelete.add(dep.identity.uid);
    for (const owner of existing.owners) {
      const ownerNode = this.uidToNode.get(owner.uid);
      // let the owner check whether all its dependents are gone now
      if (ownerNode?.deletingDependents) this.attemptToDelete.add(ownerNode.identity.uid);
    }
  }

  private insertNode(n: GCNode): void {
    this.uidToNode.set(n.identity.uid, n);
    this.addDependentToOwners(n, n.owners);
  }

  private removeNode(n: GCNode): void {
    this.uidToNode.delete(n.identity.uid);
    this.removeDependentFromOwners(n, n.owners);
  }

  private addDependentToOwners(n: GCNode, owners: OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const owner of owners) {
      let ownerNode = this.uidToNode.get(owner.uid);
      const known = ownerNode !== undefined;
      if (!ownerNode) {
        // A "virtual" node for an owner not seen yet; the collector verifies it exists.
        ownerNode = new GCNode(
          {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.name,
            uid: owner.uid,
            namespace: n.identity.namespace,
          },
          true,
        );
        this.uidToNode.set(owner.uid, ownerNode);
      }
      ownerNode.dependents.add(n);
      if (!known) {
        this.attemptToDelete.add(owner.uid);
        continue;
      }
      if (potentiallyInvalid) continue;
      const ownerIsNamespaced = ownerNode.identity.namespace !== '';
      if (ownerIsNamespaced && ownerNode.identity.namespace !== n.identity.namespace) {
        // A namespaced owner in another namespace is never a valid owner.
        if (ownerNode.isObserved()) this.reportInvalidNamespaceOwnerRef(n, owner.uid);
        potentiallyInvalid = true;
      } else if (!ownerReferenceMatchesCoordinates(owner, ownerNode.identity)) {
        potentiallyInvalid = true;
      } else if (
        !ownerIsNamespaced &&
        ownerNode.identity.namespace !== n.identity.namespace &&
        !ownerNode.isObserved()
      ) {
        potentiallyInvalid = true;
      }
    }
    // Let the collector verify whether the references are dangling.
    if (potentiallyInvalid) this.attemptToDelete.add(n.identity.uid);
  }

  private removeDependentFromOwners(n: GCNode, owners: OwnerReference[]): void {
    for (const owner of owners) this.uidToNode.get(owner.uid)?.dependents.delete(n);
  }

  private addUnblockedOwnersToDeleteQueue(
    removed: OwnerReference[],
    changed: [OwnerReference, OwnerReference][],
  ): void {
    for (const ref of removed) {
      if (ref.blockOwnerDeletion !== true) continue;
      const node = this.uidToNode.get(ref.uid);
      if (node) this.attemptToDelete.add(node.identity.uid);
    }
    for (const [oldRef, newRef] of changed) {
      const wasBlocked = oldRef.blockOwnerDeletion === true;
      const isBlocked = newRef.blockOwnerDeletion === true;
      if (!wasBlocked || isBlocked) continue;
      const node = this.uidToNode.get(newRef.uid);
      if (node) this.attemptToDelete.add(node.identity.uid);
    }
  }

  private processTransitions(oldObj: KubeObject | undefined, newObj: KubeObject, n: GCNode): void {
    if (deletionStartsWithFinalizer(oldObj, newObj, FINALIZER_ORPHAN_DEPENDENTS)) {
      this.attemptToOrphan.add(n.identity.uid);
      return;
    }
    if (deletionStartsWithFinalizer(oldObj, newObj, FINALIZER_DELETE_DEPENDENTS)) {
      n.deletingDependents = true;
      for (const dep of n.dependents) this.attemptToDelete.add(dep.identity.uid);
      this.attemptToDelete.add(n.identity.uid);
    }
  }

  /** Warning event OwnerRefInvalidNamespace on a dependent that names an owner from another namespace. */
  private reportInvalidNamespaceOwnerRef(n: GCNode, invalidOwnerUID: string): void {
    const ref = n.owners.find((o) => o.uid === invalidOwnerUID);
    if (!ref) return;
    const invalid: ObjectIdentity = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      uid: ref.uid,
      namespace: n.identity.namespace,
    };
    this.logger.info(`item references an owner but does not match namespaces: ${identityString(n.identity)}`);
    this.recorder.event(
      {
        kind: n.identity.kind,
        apiVersion: n.identity.apiVersion,
        namespace: n.identity.namespace,
        name: n.identity.name,
        uid: n.identity.uid,
      },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${identityString(invalid)} does not exist in namespace ${JSON.stringify(n.identity.namespace)}`,
    );
  }
}

/** referencesDiffs: references added, removed and changed (same uid, different content). */
function referencesDiffs(
  old: OwnerReference[],
  next: OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: [OwnerReference, OwnerReference][] } {
  const oldByUid = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: [OwnerReference, OwnerReference][] = [];
  for (const ref of next) {
    const o = oldByUid.get(ref.uid);
    if (!o) added.push(ref);
    else {
      if (JSON.stringify(o) !== JSON.stringify(ref)) changed.push([o, ref]);
      oldByUid.delete(ref.uid);
    }
  }
  return { added, removed: [...oldByUid.values()], changed };
}

/** Another set of coordinates dependents use for the owner uid than the one verified absent. */
function alternateOwnerIdentity(deps: GCNode[], absent: ObjectIdentity): ObjectIdentity | undefined {
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      const id: ObjectIdentity = {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        uid: ref.uid,
        namespace: dep.identity.namespace,
      };
      if (!sameIdentity(id, absent)) return id;
    }
  }
  return undefined;
}
