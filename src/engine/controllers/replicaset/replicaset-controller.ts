/**
 * ReplicaSetController (pkg/controller/replicaset/replica_set.go): keeps the number of pods of
 * each ReplicaSet equal to spec.replicas.
 *
 *   pod / ReplicaSet event ──► key `ns/name` on the queue ──► syncReplicaSet(key):
 *     1. read the ReplicaSet from the cache; gone → forget its expectations;
 *     2. collect its active pods (its own and matching orphans), adopting/releasing by selector;
 *     3. if its expectations are met: create or delete the difference (manageReplicas);
 *     4. write status (replicas, ready, available, ReplicaFailure) if it changed.
 *
 * Deleting a pod of a ReplicaSet therefore brings a new one: the delete event enqueues the
 * ReplicaSet, the sync sees one pod too few and creates one. Scaling up creates pods in
 * slow-start batches (1, 2, 4 …), at most 500 per sync (burstReplicas); scaling down deletes the
 * pods that are least far along (see podDeletionLess).
 */
import type { ReplicaSetStatus } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../../api/types';
import type { Selector } from '../../../apimachinery/labels';
import type { EventRecorder } from '../../events';
import {
  hasStatusCause,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { splitMetaNamespaceKey } from '../framework/objects';
import { PODS, REPLICASETS } from '../framework/resources';
import { claimObjects, patcher, recheckDeletionTimestamp } from './controller-ref-manager';
import {
  PodControl,
  PodOwnerIndex,
  podKey,
  SLOW_START_INITIAL_BATCH_SIZE,
  slowStartBatch,
  firstPodsForDeletion,
} from './controller-utils';
import { cachedSelector, cachedSetSelector, selectorMatches } from './selectors';
import { ControllerExpectations, UIDTrackingControllerExpectations } from './expectations';
import {
  filterActivePods,
  getControllerOf,
  isPodActive,
  isPodReady,
  newControllerRef,
  type PodObject,
} from './podutil';
import {
  calculateStatus,
  statusFromCounts,
  updateReplicaSetStatus,
  type ReplicaSetObject,
} from './replicaset-status';
import { jsonEqual } from '../../api/objects';

/** BurstReplicas: at most this many pods are created or deleted per sync. */
export const BURST_REPLICAS = 500;

const CONTROLLER_UID_INDEX = 'controllerUID';

/** Parsed selectors, cached by the (frozen, shared) selector object of the cached ReplicaSet. */
export { cachedSelector };

export class ReplicaSetController extends Controller {
  readonly kind = 'ReplicaSet';
  readonly apiVersion = 'apps/v1';
  private readonly rest: RestClient;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  readonly expectations: UIDTrackingControllerExpectations;
  private readonly rsInformer: SharedInformer<ReplicaSetObject>;
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly podIndex: PodOwnerIndex;
  private readonly burstReplicas: number;

  constructor(ctx: ControllerContext, burstReplicas = BURST_REPLICAS) {
    super('replicaset', ctx.clock, ctx.logger);
    this.burstReplicas = burstReplicas;
    this.rest = controllerRestClient(ctx, 'replicaset-controller');
    this.recorder = ctx.events.newRecorder({ component: 'replicaset-controller' });
    this.podControl = new PodControl(this.rest, this.recorder);
    this.expectations = new UIDTrackingControllerExpectations(new ControllerExpectations(ctx.clock));
    this.rsInformer = ctx.informers.informerFor<ReplicaSetObject>(REPLICASETS);
    this.podInformer = ctx.informers.informerFor<PodObject>(PODS);

    this.rsInformer.addEventHandler({
      add: (rs) => this.enqueueRS(rs),
      update: (oldRS, curRS) => {
        // A ReplicaSet deleted and re-created under the same name between two events.
        if (curRS.metadata.uid !== oldRS.metadata.uid) this.deleteRS(oldRS);
        // Any change, status included, syncs the ReplicaSet: cheap (all reads are from the
        // cache) and a safety net for pod creations that failed without an event.
        this.enqueueRS(curRS);
      },
      delete: (rs) => this.deleteRS(rs),
    });
    this.rsInformer.addIndexers({
      [CONTROLLER_UID_INDEX]: (rs) => {
        const ref = getControllerOf(rs);
        return ref ? [ref.uid] : [];
      },
    });
    this.podIndex = new PodOwnerIndex(this.podInformer);
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (oldPod, curPod) => this.updatePod(oldPod, curPod),
      delete: (pod) => this.deletePod(pod),
    });
    this.waitForCacheSync(
      () => this.podInformer.hasSynced(),
      () => this.rsInformer.hasSynced(),
    );
  }

  private keyOf(obj: KubeObject): string {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
  }

  private enqueueRS(rs: KubeObject): void {
    this.queue.add(this.keyOf(rs));
  }

  private deleteRS(rs: ReplicaSetObject): void {
    const key = this.keyOf(rs);
    // Delete expectations for the ReplicaSet so if we create a new one with the same name it starts clean
    this.expectations.deleteExpectations(key);
    this.queue.add(key);
  }

  /** resolveControllerRef: the cached ReplicaSet a controllerRef points to (same name and uid). */
  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }) {
    if (ref.kind !== this.kind) return undefined;
    const rs = this.rsInformer.lister.get(namespace, ref.name);
    return rs && rs.metadata.uid === ref.uid ? rs : undefined;
  }

  /** rsLister.GetPodReplicaSets: ReplicaSets whose (non-empty) selector matches the pod's labels. */
  private getPodReplicaSets(pod: PodObject): ReplicaSetObject[] {
    const labels = pod.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    return this.rsInformer.lister.list(pod.metadata.namespace ?? '').filter((rs) => {
      const sel = cachedSelector(rs.spec?.selector);
      return !!sel && !sel.empty() && sel.matches(labels);
    });
  }

  /** A pod appeared: a creation we were waiting for, or an orphan someone may adopt. */
  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      // A pod that shows up already being deleted (controller restart) is not a creation.
      this.deletePod(pod);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const rs = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
      if (!rs) return;
      const key = this.keyOf(rs);
      this.expectations.creationObserved(key);
      this.queue.add(key);
      return;
    }
    // An orphan: sync every matching ReplicaSet to see if one wants to adopt it. Don't observe
    // a creation: no controller is waiting for an orphan.
    for (const rs of this.getPodReplicaSets(pod)) this.enqueueRS(rs);
  }

  private updatePod(oldPod: PodObject, curPod: PodObject): void {
    // Periodic resyncs send updates with identical resourceVersions: nothing changed.
    if (curPod.metadata.resourceVersion === oldPod.metadata.resourceVersion) return;
    const labelChanged = !jsonEqual(curPod.metadata.labels ?? {}, oldPod.metadata.labels ?? {});
    if (curPod.metadata.deletionTimestamp) {
      // A graceful delete starts as an update of deletionTimestamp. Treat it as the delete: the
      // ReplicaSet should replace the pod now, not once the kubelet has finished it.
      this.deletePod(curPod);
      if (labelChanged) this.deletePod(oldPod);
      return;
    }
    const curRef = getControllerOf(curPod);
    const oldRef = getControllerOf(oldPod);
    const refChanged = !jsonEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.resolveControllerRef(oldPod.metadata.namespace ?? '', oldRef);
      if (rs) this.enqueueRS(rs);
    }
    if (curRef) {
      const rs = this.resolveControllerRef(curPod.metadata.namespace ?? '', curRef);
      if (!rs) return;
      this.enqueueRS(rs);
      // With minReadySeconds, a pod that just became ready becomes available later: sync again
      // then (plus a second against rounding).
      const minReady = rs.spec?.minReadySeconds ?? 0;
      if (!isPodReady(oldPod) && isPodReady(curPod) && minReady > 0)
        this.queue.addAfter(this.keyOf(rs), minReady * 1000 + 1000);
      return;
    }
    if (labelChanged || refChanged) for (const rs of this.getPodReplicaSets(curPod)) this.enqueueRS(rs);
  }

  private deletePod(pod: PodObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return; // No controller should care about orphans being deleted.
    const rs = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!rs) return;
    const key = this.keyOf(rs);
    this.expectations.deletionObserved(key, podKey(pod));
    this.queue.add(key);
  }

  /** syncReplicaSet: level-triggered; everything it needs is read again from the caches. */
  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const rs = this.rsInformer.lister.get(namespace, name);
    if (!rs) {
      this.expectations.deleteExpectations(key);
      return;
    }
    const rsNeedsSync = this.expectations.satisfiedExpectations(key);
    const selector = cachedSelector(rs.spec?.selector);
    if (!selector) {
      this.logger.error(`error converting pod selector to selector for rs ${namespace}/${name}`);
      return;
    }
    const now = this.clock.now();
    const deleting = !!rs.metadata.deletionTimestamp;
    const replicasWanted = rs.spec?.replicas ?? 1;
    let newStatus: ReplicaSetStatus;
    let manageReplicasErr: unknown;

    // What the sync below finds by looking at every pod, the index keeps counted (see
    // PodOwnerIndex.ownedPodCounts). When nothing needs the pods themselves (no pod to release
    // or adopt, none to delete, no minReadySeconds to check against the clock) the counts are
    // the whole answer, and a ReplicaSet of 10,000 pods syncs without visiting 10,000 pods.
    const counts = this.podIndex.ownedPodCounts(
      rs.metadata.uid ?? '',
      selector,
      cachedSetSelector(rs.spec?.template?.metadata?.labels),
    );
    const countsSuffice =
      counts.notMatching === 0 &&
      (rs.spec?.minReadySeconds ?? 0) === 0 &&
      !(rsNeedsSync && !deleting && counts.matching > replicasWanted) &&
      (deleting || !this.hasAdoptableOrphan(namespace, selector));
    if (countsSuffice) {
      if (rsNeedsSync && !deleting) {
        try {
          this.manageReplicas(counts.matching, rs, () => []);
        } catch (err) {
          manageReplicasErr = err;
        }
      }
      newStatus = statusFromCounts(
        rs,
        {
          replicas: counts.matching,
          fullyLabeled: counts.fullyLabeled,
          ready: counts.ready,
          available: counts.ready,
        },
        manageReplicasErr,
        now,
      );
    } else {
      // The ReplicaSet's own pods (including ones whose labels no longer match, to release them)
      // and the namespace's orphans (to adopt matching ones), without inactive pods.
      const allRSPods = this.podIndex.podsByOwner(namespace, rs.metadata.uid ?? '', true);
      let filteredPods = filterActivePods(allRSPods);
      filteredPods = this.claimPods(rs, selector, filteredPods);

      if (rsNeedsSync && !deleting) {
        try {
          this.manageReplicas(filteredPods.length, rs, () => filteredPods);
        } catch (err) {
          manageReplicasErr = err;
        }
      }
      newStatus = calculateStatus(rs, filteredPods, manageReplicasErr, now);
    }
    const updated = updateReplicaSetStatus(this.rest, rs, newStatus);
    // Resync after minReadySeconds as a last line of defense to guard against clock skew.
    // (Plus one simulated millisecond: a pod that turned ready exactly now is available only
    // strictly after minReadySeconds, and the work queue keeps the earlier of two AddAfters, so
    // without it the +1s requeue of updatePod would be lost. Real clocks never tie like this.)
    const replicas = updated.spec?.replicas ?? 1;
    const minReady = updated.spec?.minReadySeconds ?? 0;
    if (
      manageReplicasErr === undefined &&
      minReady > 0 &&
      (updated.status?.readyReplicas ?? 0) === replicas &&
      (updated.status?.availableReplicas ?? 0) !== replicas
    )
      this.queue.addAfter(key, minReady * 1000 + 1);
    if (manageReplicasErr !== undefined) throw manageReplicasErr;
  }

  /** Is there an active pod without a controller that the selector matches (claimPods would adopt it)? */
  private hasAdoptableOrphan(namespace: string, selector: Selector): boolean {
    for (const pod of this.podIndex.orphans(namespace))
      if (isPodActive(pod) && selectorMatches(selector, pod)) return true;
    return false;
  }

  private claimPods(rs: ReplicaSetObject, selector: Selector, pods: PodObject[]): PodObject[] {
    return claimObjects(pods, {
      controller: rs,
      apiVersion: this.apiVersion,
      kind: this.kind,
      selector,
      canAdopt: recheckDeletionTimestamp(() => {
        const fresh = this.rest.get<ReplicaSetObject>(
          REPLICASETS,
          rs.metadata.namespace,
          rs.metadata.name ?? '',
        );
        if (fresh.metadata.uid !== rs.metadata.uid)
          throw new Error(
            `original ReplicaSet ${rs.metadata.namespace}/${rs.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${rs.metadata.uid}`,
          );
        return fresh;
      }),
      patch: patcher(this.rest, PODS),
    });
  }

  /**
   * manageReplicas: create or delete pods so that the count matches spec.replicas.
   * `filteredPods()` gives the pods themselves, which only a deletion needs.
   */
  private manageReplicas(count: number, rs: ReplicaSetObject, filteredPods: () => PodObject[]): void {
    const key = this.keyOf(rs);
    const replicas = rs.spec?.replicas ?? 1;
    let diff = count - replicas;
    if (diff < 0) {
      diff = Math.min(-diff, this.burstReplicas);
      // Expect the creations before making them: their watch events may arrive before this
      // sync returns, and each lowers the count.
      this.expectations.expectCreations(key, diff);
      const template = rs.spec?.template ?? {};
      const ref = newControllerRef(rs, this.apiVersion, this.kind);
      const { successes, error } = slowStartBatch(diff, SLOW_START_INITIAL_BATCH_SIZE, () => {
        try {
          this.podControl.createPods(rs.metadata.namespace ?? '', template, rs, ref);
        } catch (err) {
          // If the namespace is being terminated, every creation fails; nothing to do.
          if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) return;
          throw err;
        }
      });
      // Pods we never attempted to create won't be observed: stop expecting them. The next sync
      // retries the slow start.
      for (let i = 0; i < diff - successes; i++) this.expectations.creationObserved(key);
      if (error !== undefined) throw error;
    } else if (diff > 0) {
      diff = Math.min(diff, this.burstReplicas);
      const podsToDelete = getPodsToDelete(
        filteredPods(),
        this.relatedPodsPerNode(rs),
        diff,
        this.clock.now(),
      );
      // Snapshot the keys of the pods we expect to see deleted, so that the update setting
      // deletionTimestamp and the delete itself count once.
      this.expectations.expectDeletions(key, podsToDelete.map(podKey));
      let firstErr: unknown;
      for (const pod of podsToDelete) {
        try {
          this.podControl.deletePod(rs.metadata.namespace ?? '', pod.metadata.name ?? '', rs);
        } catch (err) {
          // The informer won't observe this deletion.
          this.expectations.deletionObserved(key, podKey(pod));
          if (!isNotFound(err) && firstErr === undefined) firstErr = err;
        }
      }
      if (firstErr !== undefined) throw firstErr;
    }
  }

  /**
   * getIndirectlyRelatedPods, counted per node: how many active pods of every ReplicaSet with the
   * same controller (the old and new ReplicaSets of one Deployment) run on each node. A scale-down
   * prefers deleting pods doubled up on a node with their siblings. Upstream lists the pods of
   * each related ReplicaSet and counts them (getPodsRankedByRelatedPodsOnSameNode); the pod index
   * keeps these counts (OwnedPodCounts.byNode), so a scale-down by one pod of a 10,000-pod
   * Deployment does not visit 20,000 pods. Orphans that a related selector matches count once.
   */
  private relatedPodsPerNode(rs: ReplicaSetObject): Map<string, number> {
    const perNode = new Map<string, number>();
    const ref = getControllerOf(rs);
    if (!ref) return perNode;
    const selectors: Selector[] = [];
    for (const related of this.rsInformer.store.byIndex(CONTROLLER_UID_INDEX, ref.uid)) {
      const sel = cachedSelector(related.spec?.selector);
      if (!sel) continue;
      selectors.push(sel);
      const counts = this.podIndex.ownedPodCounts(
        related.metadata.uid ?? '',
        sel,
        cachedSetSelector(related.spec?.template?.metadata?.labels),
      );
      for (const [node, n] of counts.byNode) perNode.set(node, (perNode.get(node) ?? 0) + n);
    }
    for (const pod of this.podIndex.orphans(rs.metadata.namespace ?? ''))
      if (isPodActive(pod) && selectors.some((sel) => selectorMatches(sel, pod))) {
        const node = pod.spec?.nodeName ?? '';
        perNode.set(node, (perNode.get(node) ?? 0) + 1);
      }
    return perNode;
  }
}

/**
 * getPodsToDelete: the `diff` pods to delete, ranked by getPodsRankedByRelatedPodsOnSameNode
 * (rank = number of active related pods on the same node, `relatedPerNode`) and podDeletionLess.
 */
export function getPodsToDelete(
  filteredPods: PodObject[],
  relatedPerNode: ReadonlyMap<string, number>,
  diff: number,
  now: number,
): PodObject[] {
  // No need to rank pods if we are about to delete all of them.
  if (diff >= filteredPods.length) return filteredPods.slice(0, diff);
  const ranks = filteredPods.map((p) => relatedPerNode.get(p.spec?.nodeName ?? '') ?? 0);
  return firstPodsForDeletion(filteredPods, ranks, now, diff);
}
