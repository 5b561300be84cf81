/**
 * The garbage collector (pkg/controller/garbagecollector/garbagecollector.go).
 *
 * Owners and dependents: a ReplicaSet's pods carry `ownerReferences: [{kind: ReplicaSet, uid …}]`.
 * When an owner is deleted, what happens to its dependents depends on the propagation policy the
 * DELETE asked for (kubectl's `--cascade`):
 *  - background (default): the API server deletes the owner at once; the collector then sees
 *    dependents whose owners are all gone and deletes them (and, recursively, theirs);
 *  - foreground: the API server only marks the owner (deletionTimestamp + `foregroundDeletion`
 *    finalizer); the collector deletes the dependents first, and removes the finalizer when no
 *    dependent with `blockOwnerDeletion: true` is left, which lets the owner go;
 *  - orphan: the owner gets the `orphan` finalizer; the collector removes the ownerReference from
 *    every dependent, then the finalizer. The dependents live on, ownerless.
 * References to owners that do not exist (wrong uid, wrong name, another namespace) are
 * "dangling": an object whose owners all dangle is deleted too.
 *
 * Two work queues, as upstream: attemptToDelete (objects that may have to go, and owners that
 * may have finished waiting) and attemptToOrphan (owners being deleted with `orphan`). Both hold
 * uids; the graph (graph-builder.ts) knows the rest.
 */
import type { KubeObject, OwnerReference } from '../../../api/types';
import {
  errorMessage,
  isConflict,
  isNotFound,
  type DeleteOptions,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { QueueWorker } from '../framework/controller';
import { RestMappingError, type DiscoveredResource } from '../framework/discovery';
import type { SharedInformer } from '../framework/informer';
import { hasFinalizer, isBeingDeleted } from '../framework/objects';
import { RateLimitingQueue } from '../framework/workqueue';
import { identityKey, type GCNode, type ObjectIdentity } from './graph';
import { FINALIZER_DELETE_DEPENDENTS, FINALIZER_ORPHAN_DEPENDENTS, GraphBuilder } from './graph-builder';

/** Resources the collector does not watch (garbage collector config: ignoredResources). */
const IGNORED_RESOURCES = new Set(['/events', 'events.k8s.io/events']);

/** Marker results of attemptToDeleteItem that mean "done with this item, don't retry". */
class EnqueuedVirtualDeleteEvent extends Error {}
class NamespacedOwnerOfClusterScopedObject extends Error {}

export class GarbageCollector {
  private readonly rest: RestClient;
  private readonly attemptToDelete: RateLimitingQueue;
  private readonly attemptToOrphan: RateLimitingQueue;
  private readonly graph: GraphBuilder;
  private readonly graphWorker: QueueWorker;
  private readonly deleteWorker: QueueWorker;
  private readonly orphanWorker: QueueWorker;
  private readonly monitors: SharedInformer[] = [];

  constructor(private readonly ctx: ControllerContext) {
    this.rest = controllerRestClient(ctx, 'generic-garbage-collector');
    this.graphWorker = new QueueWorker(ctx.clock, 'garbage collector graph', () =>
      this.graph.processGraphChange(),
    );
    this.deleteWorker = new QueueWorker(ctx.clock, 'garbage collector attemptToDelete', () =>
      this.processAttemptToDelete(),
    );
    this.orphanWorker = new QueueWorker(ctx.clock, 'garbage collector attemptToOrphan', () =>
      this.processAttemptToOrphan(),
    );
    this.attemptToDelete = new RateLimitingQueue(
      ctx.clock,
      'garbage_collector_attempt_to_delete',
      undefined,
      () => this.deleteWorker.kick(),
    );
    this.attemptToOrphan = new RateLimitingQueue(
      ctx.clock,
      'garbage_collector_attempt_to_orphan',
      undefined,
      () => this.orphanWorker.kick(),
    );
    this.graph = new GraphBuilder(
      this.attemptToDelete,
      this.attemptToOrphan,
      ctx.events.newRecorder({ component: 'garbage-collector-controller' }),
      ctx.logger,
      () => this.graphWorker.kick(),
    );
    this.startMonitors();
  }

  /** Watch every resource that can be listed, watched and deleted (GetDeletableResources). */
  private startMonitors(): void {
    const { resources, failed } = this.ctx.discovery.preferredResources();
    for (const [gv, err] of failed)
      this.ctx.logger.error(`garbage collector: discovery of ${gv} failed: ${err}`);
    for (const r of resources) {
      const verbs = new Set(r.verbs);
      if (!verbs.has('delete') || !verbs.has('list') || !verbs.has('watch')) continue;
      if (IGNORED_RESOURCES.has(`${r.group}/${r.resource}`)) continue;
      this.monitor(r);
    }
  }

  private monitor(r: DiscoveredResource): void {
    const informer = this.ctx.informers.informerFor({
      group: r.group,
      version: r.version,
      resource: r.resource,
      namespaced: r.namespaced,
      kind: r.kind,
    });
    const withKind = (obj: KubeObject): KubeObject =>
      obj.apiVersion && obj.kind
        ? obj
        : { ...obj, apiVersion: r.group ? `${r.group}/${r.version}` : r.version, kind: r.kind };
    informer.addEventHandler({
      add: (obj) => this.graph.enqueueChange({ type: 'add', obj: withKind(obj), virtual: false }),
      update: (oldObj, obj) =>
        this.graph.enqueueChange({
          type: 'update',
          obj: withKind(obj),
          oldObj: withKind(oldObj),
          virtual: false,
        }),
      delete: (obj) => this.graph.enqueueChange({ type: 'delete', obj: withKind(obj), virtual: false }),
    });
    this.monitors.push(informer);
  }

  /** Start processing once every monitor has its first list. */
  run(): void {
    if (!this.monitors.every((m) => m.hasSynced())) {
      this.ctx.clock.setTimeout(() => this.run(), 100, 'garbage collector wait for cache sync');
      return;
    }
    this.graphWorker.start();
    this.deleteWorker.start();
    this.orphanWorker.start();
  }

  stop(): void {
    this.graphWorker.stop();
    this.deleteWorker.stop();
    this.orphanWorker.stop();
    this.attemptToDelete.shutDown();
    this.attemptToOrphan.shutDown();
  }

  /** The dependency graph (read-only use: tests, and later the UI's ownership view). */
  graphNodes(): ReadonlyMap<string, GCNode> {
    return this.graph.uidToNode;
  }

  // ---- attemptToDelete ------------------------------------------------------------------------

  private processAttemptToDelete(): boolean {
    const uid = this.attemptToDelete.get();
    if (uid === undefined) return false;
    const action = this.attemptToDeleteWorker(uid);
    if (action === 'forget') this.attemptToDelete.forget(uid);
    else this.attemptToDelete.addRateLimited(uid);
    this.attemptToDelete.done(uid);
    return this.attemptToDelete.len() > 0;
  }

  private attemptToDeleteWorker(uid: string): 'forget' | 'requeue' {
    const n = this.graph.uidToNode.get(uid);
    // No longer in the graph: the object was deleted meanwhile.
    if (!n) return 'forget';
    try {
      this.attemptToDeleteItem(n);
    } catch (err) {
      if (err instanceof EnqueuedVirtualDeleteEvent || err instanceof NamespacedOwnerOfClusterScopedObject)
        return 'forget';
      if (!(err instanceof RestMappingError)) {
        this.ctx.logger.error(`error syncing item ${identityKey(n.identity)}: ${errorMessage(err)}`);
      }
      return 'requeue';
    }
    // An owner we only know virtually: check again until the informer has shown it to us.
    return n.isObserved() ? 'forget' : 'requeue';
  }

  private attemptToDeleteItem(item: GCNode): void {
    // "being deleted" is a one-way trip to the final deletion; wait for it, then handle dependents.
    if (item.beingDeleted && !item.deletingDependents) return;

    let latest: KubeObject;
    try {
      latest = this.getObject(item.identity);
    } catch (err) {
      if (isNotFound(err)) {
        // A virtual node for an owner that does not exist: remove it from the graph.
        this.graph.enqueueVirtualDeleteEvent(item.identity);
        throw new EnqueuedVirtualDeleteEvent();
      }
      throw err;
    }
    if (latest.metadata.uid !== item.identity.uid) {
      this.graph.enqueueVirtualDeleteEvent(item.identity);
      throw new EnqueuedVirtualDeleteEvent();
    }

    if (item.deletingDependents) {
      this.processDeletingDependentsItem(item);
      return;
    }

    // compute if we should delete the item
    const ownerReferences = latest.metadata.ownerReferences ?? [];
    if (ownerReferences.length === 0) return;

    const { solid, dangling, waitingForDependentsDeletion } = this.classifyReferences(item, ownerReferences);

    if (solid.length > 0) {
      // At least one owner exists: keep the item, but drop references to owners that are gone or
      // waiting for their dependents (otherwise those owners would wait forever).
      if (dangling.length === 0 && waitingForDependentsDeletion.length === 0) return;
      const remove = new Set([...dangling, ...waitingForDependentsDeletion].map((r) => r.uid));
      this.patchOwnerReferences(item, latest, (refs) => refs.filter((r) => !remove.has(r.uid)));
      return;
    }

    if (waitingForDependentsDeletion.length > 0 && item.dependents.size > 0) {
      for (const dep of item.dependents) {
        if (dep.deletingDependents) {
          // An owner and a dependent are both in foreground deletion: make our references
          // non-blocking to break a potential cycle, then delete in the foreground.
          this.patchOwnerReferences(item, latest, (refs) =>
            refs.map((r) => (r.blockOwnerDeletion === true ? { ...r, blockOwnerDeletion: false } : r)),
          );
          break;
        }
      }
      // The item has dependents of its own: delete it in the foreground too, so that the owner
      // keeps waiting until the whole subtree is gone.
      this.deleteObject(item.identity, latest, 'Foreground');
      return;
    }

    // No solid owner: the item is garbage. Honour a finalizer it already has.
    const policy = hasFinalizer(latest, FINALIZER_ORPHAN_DEPENDENTS)
      ? 'Orphan'
      : hasFinalizer(latest, FINALIZER_DELETE_DEPENDENTS)
        ? 'Foreground'
        : 'Background';
    this.ctx.logger.info(`Deleting item ${identityKey(item.identity)} propagationPolicy=${policy}`);
    this.deleteObject(item.identity, latest, policy);
  }

  /** An owner in foreground deletion: release it once no blocking dependent is left. */
  private processDeletingDependentsItem(item: GCNode): void {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      this.removeFinalizer(item, FINALIZER_DELETE_DEPENDENTS);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) this.attemptToDelete.add(dep.identity.uid);
  }

  private classifyReferences(
    item: GCNode,
    refs: OwnerReference[],
  ): { solid: OwnerReference[]; dangling: OwnerReference[]; waitingForDependentsDeletion: OwnerReference[] } {
    const solid: OwnerReference[] = [];
    const dangling: OwnerReference[] = [];
    const waitingForDependentsDeletion: OwnerReference[] = [];
    for (const ref of refs) {
      const owner = this.ownerIfExists(ref, item);
      if (!owner) dangling.push(ref);
      else if (isBeingDeleted(owner) && hasFinalizer(owner, FINALIZER_DELETE_DEPENDENTS))
        waitingForDependentsDeletion.push(ref);
      else solid.push(ref);
    }
    return { solid, dangling, waitingForDependentsDeletion };
  }

  /** isDangling: the owner, or undefined when it does not exist (by name and uid, in the right namespace). */
  private ownerIfExists(ref: OwnerReference, item: GCNode): KubeObject | undefined {
    const coords = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
    // recorded absent cluster-scoped or namespaced owner
    if (this.graph.absentOwnerCache.has(identityKey({ ...coords, namespace: '' }))) return undefined;
    if (this.graph.absentOwnerCache.has(identityKey({ ...coords, namespace: item.identity.namespace })))
      return undefined;

    const resource = this.ctx.restMapper.resourceFor(ref.apiVersion, ref.kind);
    const absentKey = identityKey({
      ...coords,
      namespace: resource.namespaced ? item.identity.namespace : '',
    });
    if (item.identity.namespace === '' && resource.namespaced) {
      // A cluster-scoped object cannot be owned by a namespaced one; retrying will not help.
      throw new NamespacedOwnerOfClusterScopedObject();
    }
    let owner: KubeObject;
    try {
      owner = this.rest.get(resource, resource.namespaced ? item.identity.namespace : undefined, ref.name);
    } catch (err) {
      if (isNotFound(err)) {
        this.graph.absentOwnerCache.add(absentKey, true);
        return undefined;
      }
      throw err;
    }
    if (owner.metadata.uid !== ref.uid) {
      this.graph.absentOwnerCache.add(absentKey, true);
      return undefined;
    }
    return owner;
  }

  // ---- attemptToOrphan ------------------------------------------------------------------------

  private processAttemptToOrphan(): boolean {
    const uid = this.attemptToOrphan.get();
    if (uid === undefined) return false;
    const owner = this.graph.uidToNode.get(uid);
    let ok = true;
    if (owner) {
      try {
        this.orphanDependents(owner);
        this.removeFinalizer(owner, FINALIZER_ORPHAN_DEPENDENTS);
      } catch (err) {
        this.ctx.logger.error(
          `orphanDependents for ${identityKey(owner.identity)} failed with ${errorMessage(err)}`,
        );
        ok = false;
      }
    }
    if (ok) this.attemptToOrphan.forget(uid);
    else this.attemptToOrphan.addRateLimited(uid);
    this.attemptToOrphan.done(uid);
    return this.attemptToOrphan.len() > 0;
  }

  /** Remove the owner's reference from each of its dependents. */
  private orphanDependents(owner: GCNode): void {
    const errors: string[] = [];
    for (const dep of [...owner.dependents]) {
      try {
        const latest = this.getObject(dep.identity);
        if (latest.metadata.uid !== dep.identity.uid) continue;
        this.patchOwnerReferences(dep, latest, (refs) => refs.filter((r) => r.uid !== owner.identity.uid));
      } catch (err) {
        if (!isNotFound(err))
          errors.push(`orphaning ${identityKey(dep.identity)} failed, ${errorMessage(err)}`);
      }
    }
    if (errors.length > 0)
      throw new Error(
        `failed to orphan dependents of owner ${identityKey(owner.identity)}, got errors: ${errors.join('; ')}`,
      );
  }

  // ---- API operations -------------------------------------------------------------------------

  private resourceOf(identity: ObjectIdentity): {
    resource: DiscoveredResource;
    namespace: string | undefined;
  } {
    const resource = this.ctx.restMapper.resourceFor(identity.apiVersion, identity.kind);
    return { resource, namespace: resource.namespaced ? identity.namespace : undefined };
  }

  private getObject(identity: ObjectIdentity): KubeObject {
    const { resource, namespace } = this.resourceOf(identity);
    return this.rest.get(resource, namespace, identity.name);
  }

  /**
   * DELETE with uid and resourceVersion preconditions; if only the resourceVersion conflicts and
   * the ownerReferences did not change, try again without it (so unrelated rapid updates don't
   * starve the collector).
   */
  private deleteObject(
    identity: ObjectIdentity,
    latest: KubeObject,
    policy: DeleteOptions['propagationPolicy'],
  ): void {
    const { resource, namespace } = this.resourceOf(identity);
    const resourceVersion = latest.metadata.resourceVersion;
    const options: DeleteOptions = {
      preconditions: { uid: identity.uid, resourceVersion },
      propagationPolicy: policy,
    };
    try {
      this.rest.delete(resource, namespace, identity.name, options);
    } catch (err) {
      if (!isConflict(err) || !resourceVersion) throw err;
      let live: KubeObject;
      try {
        live = this.rest.get(resource, namespace, identity.name);
      } catch (getErr) {
        if (isNotFound(getErr)) return; // gone: success
        throw err;
      }
      const sameOwners =
        JSON.stringify(live.metadata.ownerReferences ?? []) ===
        JSON.stringify(latest.metadata.ownerReferences ?? []);
      if (
        live.metadata.uid !== identity.uid ||
        live.metadata.resourceVersion === resourceVersion ||
        !sameOwners
      )
        throw err;
      this.rest.delete(resource, namespace, identity.name, {
        preconditions: { uid: identity.uid },
        propagationPolicy: policy,
      });
    }
  }

  /**
   * Rewrite an object's ownerReferences with a JSON merge patch guarded by its resourceVersion
   * (the collector's deleteOwnerRefJSONMergePatch / unblockOwnerReferencesJSONMergePatch; upstream
   * tries a strategic merge patch first and uses these for types without one; the result is the
   * same object).
   */
  private patchOwnerReferences(
    item: GCNode,
    latest: KubeObject,
    edit: (refs: OwnerReference[]) => OwnerReference[],
  ): void {
    const { resource, namespace } = this.resourceOf(item.identity);
    const refs = edit(latest.metadata.ownerReferences ?? []);
    this.rest.patch(resource, namespace, item.identity.name, 'application/merge-patch+json', {
      metadata: {
        resourceVersion: latest.metadata.resourceVersion,
        ownerReferences: refs.length > 0 ? refs : null,
      },
    });
  }

  /** Remove one finalizer (GET + merge patch guarded by resourceVersion, retried on conflict). */
  private removeFinalizer(owner: GCNode, finalizer: string): void {
    const { resource, namespace } = this.resourceOf(owner.identity);
    for (let attempt = 0; ; attempt++) {
      let obj: KubeObject;
      try {
        obj = this.rest.get(resource, namespace, owner.identity.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw err;
      }
      const finalizers = obj.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) return;
      const rest = finalizers.filter((f) => f !== finalizer);
      try {
        this.rest.patch(resource, namespace, owner.identity.name, 'application/merge-patch+json', {
          metadata: {
            resourceVersion: obj.metadata.resourceVersion,
            finalizers: rest.length > 0 ? rest : null,
          },
        });
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 4) throw err;
      }
    }
  }
}
