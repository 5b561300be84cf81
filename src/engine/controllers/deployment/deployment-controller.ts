/**
 * DeploymentController (pkg/controller/deployment/deployment_controller.go): turns a Deployment
 * into ReplicaSets. It never touches pods itself: it creates a ReplicaSet for each new pod
 * template and changes the spec.replicas of its ReplicaSets; the ReplicaSet controller does the
 * rest. Watching both at once is the rollout learners see:
 *
 *   Deployment ──(this controller: how many pods each ReplicaSet should have)──► ReplicaSets
 *   ReplicaSet ──(ReplicaSet controller: create/delete pods to match)─────────► Pods
 *   Pods ready ──(ReplicaSet status: availableReplicas)──► this controller scales the next step
 *
 * syncDeployment(key), level-triggered:
 *   1. claim the ReplicaSets it owns (adopt matching orphans, release non-matching ones);
 *   2. being deleted → only status; paused → only scaling (sync); a resize during a rollout →
 *      proportional scaling (sync);
 *   3. otherwise roll out by strategy: rolloutRecreate or rolloutRolling;
 *   4. write status and the Progressing / Available conditions.
 * Most syncs end with a status write, whose watch event (and the ReplicaSets' status updates)
 * brings the next sync: the rollout advances one step per round trip.
 */
import type { KubeObject } from '../../../api/types';
import type { EventRecorder } from '../../events';
import { hasStatusCause, NAMESPACE_TERMINATING_CAUSE, type RestClient } from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { splitMetaNamespaceKey } from '../framework/objects';
import { DEPLOYMENTS, PODS, REPLICASETS } from '../framework/resources';
import { claimObjects, patcher, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager';
import { PodOwnerIndex } from '../replicaset/controller-utils';
import { getControllerOf, type PodObject } from '../replicaset/podutil';
import { cachedSelector, selectorMatches } from '../replicaset/selectors';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { checkPausedConditions, isScalingEvent, sync, syncStatusOnly } from './sync';
import type { DeploymentObject, ReplicaSetObject } from './util';
import { cloneJson, jsonEqual } from '../../api/objects';

/** maxRetries: a failing Deployment is retried this often with back-off, then dropped. */
const MAX_RETRIES = 15;

export class DeploymentController extends Controller {
  readonly rest: RestClient;
  readonly recorder: EventRecorder;
  readonly dInformer: SharedInformer<DeploymentObject>;
  readonly rsInformer: SharedInformer<ReplicaSetObject>;
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly podIndex: PodOwnerIndex;

  constructor(ctx: ControllerContext) {
    super('deployment', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'deployment-controller');
    this.recorder = ctx.events.newRecorder({ component: 'deployment-controller' });
    this.dInformer = ctx.informers.informerFor<DeploymentObject>(DEPLOYMENTS);
    this.rsInformer = ctx.informers.informerFor<ReplicaSetObject>(REPLICASETS);
    this.podInformer = ctx.informers.informerFor<PodObject>(PODS);

    this.dInformer.addEventHandler({
      add: (d) => this.enqueueDeployment(d),
      update: (_old, d) => this.enqueueDeployment(d),
      delete: (d) => this.enqueueDeployment(d),
    });
    this.rsInformer.addEventHandler({
      add: (rs) => this.addReplicaSet(rs),
      update: (oldRS, curRS) => this.updateReplicaSet(oldRS, curRS),
      delete: (rs) => this.deleteReplicaSet(rs),
    });
    this.podIndex = new PodOwnerIndex(this.podInformer);
    this.podInformer.addEventHandler({ delete: (pod) => this.deletePod(pod) });
    this.waitForCacheSync(
      () => this.dInformer.hasSynced(),
      () => this.rsInformer.hasSynced(),
      () => this.podInformer.hasSynced(),
    );
  }

  now(): number {
    return this.clock.now();
  }

  keyOf(obj: KubeObject): string {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
  }

  enqueueDeployment(d: KubeObject): void {
    this.queue.add(this.keyOf(d));
  }

  enqueueRateLimited(d: KubeObject): void {
    this.queue.addRateLimited(this.keyOf(d));
  }

  /** enqueueAfter: sync again after `ms` (the progress-deadline check). */
  enqueueAfter(d: KubeObject, ms: number): void {
    this.queue.addAfter(this.keyOf(d), ms);
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }) {
    if (ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.lister.get(namespace, ref.name);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** GetDeploymentsForReplicaSet: Deployments whose (non-empty) selector matches the ReplicaSet's labels. */
  private getDeploymentsForReplicaSet(rs: ReplicaSetObject): DeploymentObject[] {
    const labels = rs.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    return this.dInformer.lister.list(rs.metadata.namespace ?? '').filter((d) => {
      const sel = cachedSelector(d.spec?.selector);
      return !!sel && !sel.empty() && sel.matches(labels);
    });
  }

  private addReplicaSet(rs: ReplicaSetObject): void {
    if (rs.metadata.deletionTimestamp) {
      this.deleteReplicaSet(rs);
      return;
    }
    const ref = getControllerOf(rs);
    if (ref) {
      const d = this.resolveControllerRef(rs.metadata.namespace ?? '', ref);
      if (d) this.enqueueDeployment(d);
      return;
    }
    // An orphan: sync every Deployment that might adopt it.
    for (const d of this.getDeploymentsForReplicaSet(rs)) this.enqueueDeployment(d);
  }

  private updateReplicaSet(oldRS: ReplicaSetObject, curRS: ReplicaSetObject): void {
    if (curRS.metadata.resourceVersion === oldRS.metadata.resourceVersion) return;
    const curRef = getControllerOf(curRS);
    const oldRef = getControllerOf(oldRS);
    const refChanged = !jsonEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.resolveControllerRef(oldRS.metadata.namespace ?? '', oldRef);
      if (d) this.enqueueDeployment(d);
    }
    if (curRef) {
      const d = this.resolveControllerRef(curRS.metadata.namespace ?? '', curRef);
      if (d) this.enqueueDeployment(d);
      return;
    }
    const labelChanged = !jsonEqual(curRS.metadata.labels ?? {}, oldRS.metadata.labels ?? {});
    if (labelChanged || refChanged)
      for (const d of this.getDeploymentsForReplicaSet(curRS)) this.enqueueDeployment(d);
  }

  private deleteReplicaSet(rs: ReplicaSetObject): void {
    const ref = getControllerOf(rs);
    if (!ref) return;
    const d = this.resolveControllerRef(rs.metadata.namespace ?? '', ref);
    if (d) this.enqueueDeployment(d);
  }

  /**
   * deletePod: a Recreate Deployment waits for all old pods to be gone before it creates the
   * new ReplicaSet; a pod deletion may be the moment that happens.
   */
  private deletePod(pod: PodObject): void {
    const d = this.getDeploymentForPod(pod);
    if (!d || d.spec?.strategy?.type !== 'Recreate') return;
    const rsList = this.rsInformer.lister
      .list(d.metadata.namespace ?? '')
      .filter((rs) => getControllerOf(rs)?.uid === d.metadata.uid);
    const podMap = this.getPodMapForDeployment(d, rsList);
    let numPods = 0;
    for (const pods of podMap.values()) numPods += pods.length;
    if (numPods === 0) this.enqueueDeployment(d);
  }

  private getDeploymentForPod(pod: PodObject): DeploymentObject | undefined {
    const ref = getControllerOf(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const rs = this.rsInformer.lister.get(pod.metadata.namespace ?? '', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const dref = getControllerOf(rs);
    return dref ? this.resolveControllerRef(rs.metadata.namespace ?? '', dref) : undefined;
  }

  /**
   * getReplicaSetsForDeployment: the ReplicaSets this Deployment owns, reconciling ownership
   * through adoption and release (see controller-ref-manager.ts).
   */
  private getReplicaSetsForDeployment(d: DeploymentObject): ReplicaSetObject[] {
    const rsList = this.rsInformer.lister.list(d.metadata.namespace ?? '');
    const selector = cachedSelector(d.spec?.selector);
    if (!selector)
      throw new Error(`deployment ${d.metadata.namespace}/${d.metadata.name} has invalid label selector`);
    return claimObjects(rsList, {
      controller: d,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      selector,
      canAdopt: recheckDeletionTimestamp(() => {
        const fresh = this.rest.get<DeploymentObject>(
          DEPLOYMENTS,
          d.metadata.namespace,
          d.metadata.name ?? '',
        );
        if (fresh.metadata.uid !== d.metadata.uid)
          throw new Error(
            `original Deployment ${d.metadata.namespace}/${d.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${d.metadata.uid}`,
          );
        return fresh;
      }),
      patch: patcher(this.rest, REPLICASETS),
    });
  }

  /**
   * getPodMapForDeployment: the pods of each of the Deployment's ReplicaSets (including
   * inactive ones: Recreate must see that no old pod is still running), by ReplicaSet uid.
   */
  getPodMapForDeployment(d: DeploymentObject, rsList: readonly ReplicaSetObject[]): Map<string, PodObject[]> {
    const selector = cachedSelector(d.spec?.selector);
    const podMap = new Map<string, PodObject[]>();
    for (const rs of rsList) {
      const uid = rs.metadata.uid ?? '';
      const pods = this.podIndex.podsByOwner(d.metadata.namespace ?? '', uid, false);
      podMap.set(uid, selector ? pods.filter((p) => selectorMatches(selector, p)) : []);
    }
    return podMap;
  }

  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = this.dInformer.lister.get(namespace, name);
    if (!cached) return; // deleted
    // Never mutate the cache: work on a copy.
    const d = cloneJson(cached) as DeploymentObject;
    const sel = d.spec?.selector;
    if (sel && Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
      this.recorder.event(
        d,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
        this.rest.update(DEPLOYMENTS, d, 'status');
      }
      return;
    }
    const rsList = this.getReplicaSetsForDeployment(d);
    // Upstream builds the pod map (getPodMapForDeployment) here on every sync, but only Recreate
    // reads it (no old pod may still run when the new ReplicaSet scales up); it is built there.
    if (d.metadata.deletionTimestamp) {
      syncStatusOnly(this, d, rsList);
      return;
    }
    // Pausing and resuming set an Unknown Progressing condition, so that a Deployment paused
    // for longer than its progress deadline does not time out when resumed.
    checkPausedConditions(this, d);
    if (d.spec?.paused) {
      sync(this, d, rsList);
      return;
    }
    if (isScalingEvent(this, d, rsList)) {
      sync(this, d, rsList);
      return;
    }
    switch (d.spec?.strategy?.type) {
      case 'Recreate':
        rolloutRecreate(this, d, rsList, this.getPodMapForDeployment(d, rsList));
        return;
      case 'RollingUpdate':
        rolloutRolling(this, d, rsList);
        return;
    }
    throw new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type ?? ''}`);
  }

  protected override handleErr(key: string, err: unknown): void {
    if (err === undefined || hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) {
      this.queue.forget(key);
      return;
    }
    if (this.queue.numRequeues(key) < MAX_RETRIES) {
      this.queue.addRateLimited(key);
      return;
    }
    this.logger.error(`Dropping deployment ${JSON.stringify(key)} out of the queue: ${String(err)}`);
    this.queue.forget(key);
  }
}
