/**
 * NamespacedResourcesDeleter (pkg/controller/namespace/deletion): empties a terminating
 * namespace and then releases it.
 *
 *  1. GET the namespace; nothing to do unless it has a deletionTimestamp.
 *  2. Make sure status.phase is Terminating.
 *  3. For every namespaced resource discovery lists with the `delete` verb: DELETE the collection
 *     (or list and delete item by item), propagationPolicy Background; then list what is left.
 *  4. Record the outcome as status conditions (NamespaceContentRemaining …).
 *  5. If something is left, report how many seconds to wait (pods' grace period, or 15 s for
 *     objects held by finalizers); the controller tries again then.
 *  6. When nothing is left, PUT /finalize without the `kubernetes` finalizer; the API server then
 *     removes the namespace.
 */
import type { KubeObject } from '../../../api/types';
import {
  errorMessage,
  isConflict,
  isMethodNotSupported,
  isNotFound,
  type RestClient,
} from '../framework/client';
import type { Discovery, DiscoveredResource } from '../framework/discovery';
import type { Logger } from '../framework/log';
import { deepCopy, parseTime } from '../framework/objects';
import { NAMESPACES, PODS } from '../framework/resources';
import type { SimClock } from '../../clock';
import { NamespaceConditionUpdater, type NamespaceCondition } from './conditions';

/** The finalizer this controller owns (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = 'kubernetes';

/** Assumed time for finalizers to complete when found on items pending deletion. */
const FINALIZER_ESTIMATE_SECONDS = 15;

export interface Namespace extends KubeObject {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: NamespaceCondition[] };
}

/** Content remains; try again in about `estimate` seconds. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

interface GvrDeletionMetadata {
  finalizerEstimateSeconds: number;
  numRemaining: number;
  finalizersToNumRemaining?: Map<string, number>;
}

/** `schema.GroupVersionResource.String()`: `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
const gvrString = (r: DiscoveredResource): string => `${r.group}/${r.version}, Resource=${r.resource}`;

export class NamespacedResourcesDeleter {
  constructor(
    private readonly rest: RestClient,
    private readonly discovery: Discovery,
    private readonly clock: SimClock,
    private readonly logger: Logger,
  ) {}

  /** One deletion pass; throws ResourcesRemainingError to be called again later. */
  delete(nsName: string): void {
    let namespace: Namespace;
    try {
      namespace = this.rest.get<Namespace>(NAMESPACES, undefined, nsName);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!namespace.metadata.deletionTimestamp) return;

    // ensure that the status is up to date on the namespace
    try {
      namespace = this.retryOnConflict(namespace, (ns) => this.updateNamespaceStatus(ns));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!namespace.metadata.deletionTimestamp) return;

    // return if it is already finalized.
    if ((namespace.spec?.finalizers ?? []).length === 0) return;

    // there may still be content for us to remove
    const estimate = this.deleteAllContent(namespace);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);

    // we have removed content, so mark it finalized by us
    try {
      this.retryOnConflict(namespace, (ns) => this.finalizeNamespace(ns));
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
  }

  private retryOnConflict(namespace: Namespace, fn: (ns: Namespace) => Namespace): Namespace {
    let latest = namespace;
    for (;;) {
      try {
        return fn(latest);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const prev = latest;
      latest = this.rest.get<Namespace>(NAMESPACES, undefined, latest.metadata.name ?? '');
      if (prev.metadata.uid !== latest.metadata.uid)
        throw new Error('namespace uid has changed across retries');
    }
  }

  private updateNamespaceStatus(namespace: Namespace): Namespace {
    if (!namespace.metadata.deletionTimestamp || namespace.status?.phase === 'Terminating') return namespace;
    const updated = deepCopy(namespace);
    updated.status = { ...updated.status, phase: 'Terminating' };
    return this.rest.update<Namespace>(NAMESPACES, updated, 'status');
  }

  private finalizeNamespace(namespace: Namespace): Namespace {
    const finalize = deepCopy(namespace);
    const rest = new Set((namespace.spec?.finalizers ?? []).filter((f) => f !== FINALIZER_KUBERNETES));
    finalize.spec = { ...finalize.spec, finalizers: [...rest].sort() };
    try {
      return this.rest.update<Namespace>(NAMESPACES, finalize, 'finalize');
    } catch (err) {
      // it was removed already, so life is good
      if (isNotFound(err)) return namespace;
      throw err;
    }
  }

  /** Deletes everything; returns the seconds to wait before all of it is gone (0 = done). */
  private deleteAllContent(ns: Namespace): number {
    const namespace = ns.metadata.name ?? '';
    const deletedAt = parseTime(ns.metadata.deletionTimestamp);
    const conditionUpdater = new NamespaceConditionUpdater(this.clock.now());
    const errors: string[] = [];
    let estimate = 0;

    const { resources, failed } = this.discovery.preferredResources();
    if (failed.size > 0) {
      conditionUpdater.processDiscoverResourcesErr(failed);
      errors.push(`unable to retrieve the complete list of server APIs`);
    }
    const deletable = resources.filter((r) => r.namespaced && r.verbs.includes('delete'));

    const gvrToNumRemaining = new Map<string, number>();
    const finalizersToNumRemaining = new Map<string, number>();
    for (const gvr of deletable) {
      let meta: GvrDeletionMetadata;
      try {
        meta = this.deleteAllContentForGroupVersionResource(gvr, namespace, deletedAt);
      } catch (err) {
        const failure = err as { metadata?: GvrDeletionMetadata };
        meta = failure.metadata ?? { finalizerEstimateSeconds: 0, numRemaining: 0 };
        errors.push(errorMessage(err));
        conditionUpdater.processDeleteContentErr(errorMessage(err));
      }
      if (meta.finalizerEstimateSeconds > estimate) estimate = meta.finalizerEstimateSeconds;
      if (meta.numRemaining > 0) {
        gvrToNumRemaining.set(`${gvr.resource}.${gvr.group}`, meta.numRemaining);
        for (const [f, n] of meta.finalizersToNumRemaining ?? []) {
          if (n > 0) finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + n);
        }
      }
    }
    conditionUpdater.processContentTotals(gvrToNumRemaining, finalizersToNumRemaining);

    // Always update the conditions: a condition may have to go back to "it worked".
    const updated = deepCopy(ns);
    updated.status = { ...updated.status, conditions: updated.status?.conditions ?? [] };
    if (conditionUpdater.update(updated.status.conditions!)) {
      try {
        this.rest.update(NAMESPACES, updated, 'status');
      } catch (err) {
        this.logger.error(
          `couldn't update status condition for namespace ${JSON.stringify(namespace)}: ${errorMessage(err)}`,
        );
      }
    }
    if (errors.length > 0) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
    return estimate;
  }

  private deleteAllContentForGroupVersionResource(
    gvr: DiscoveredResource,
    namespace: string,
    deletedAt: number,
  ): GvrDeletionMetadata {
    // estimate how long it will take for the resource to be deleted (graceful deletion of pods)
    const estimate = this.estimateGracefulTermination(gvr, namespace, deletedAt);
    const fail = (message: string, metadata: GvrDeletionMetadata): never => {
      throw Object.assign(new Error(message), { metadata });
    };
    try {
      // first try to delete the entire collection
      if (!this.deleteCollection(gvr, namespace)) this.deleteEachItem(gvr, namespace);
    } catch (err) {
      fail(errorMessage(err), { finalizerEstimateSeconds: estimate, numRemaining: 0 });
    }

    // verify there are no more remaining items
    let items: KubeObject[] | undefined;
    try {
      items = this.listCollection(gvr, namespace);
    } catch (err) {
      fail(errorMessage(err), { finalizerEstimateSeconds: estimate, numRemaining: 0 });
    }
    if (items === undefined) return { finalizerEstimateSeconds: estimate, numRemaining: 0 };
    if (items.length === 0) return { finalizerEstimateSeconds: 0, numRemaining: 0 };

    const finalizersToNumRemaining = new Map<string, number>();
    for (const item of items) {
      for (const f of item.metadata.finalizers ?? []) {
        finalizersToNumRemaining.set(f, (finalizersToNumRemaining.get(f) ?? 0) + 1);
      }
    }
    if (estimate !== 0) {
      return { finalizerEstimateSeconds: estimate, numRemaining: items.length, finalizersToNumRemaining };
    }
    // items with finalizers are normal: allow time for the garbage collector and others to finish
    if (finalizersToNumRemaining.size > 0) {
      return {
        finalizerEstimateSeconds: FINALIZER_ESTIMATE_SECONDS,
        numRemaining: items.length,
        finalizersToNumRemaining,
      };
    }
    // nothing reported a finalizer, so something was unexpected as it should have been deleted.
    return fail(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`, {
      finalizerEstimateSeconds: estimate,
      numRemaining: items.length,
    });
  }

  /** True when the server supports deletecollection for the resource (and it succeeded). */
  private deleteCollection(gvr: DiscoveredResource, namespace: string): boolean {
    if (!gvr.verbs.includes('deletecollection')) return false;
    try {
      // the namespace controller deletes generically: never orphan, the GC cleans up dependents.
      this.rest.deleteCollection(gvr, namespace, { propagationPolicy: 'Background' });
      return true;
    } catch (err) {
      if (isMethodNotSupported(err) || isNotFound(err)) return false;
      throw err;
    }
  }

  private listCollection(gvr: DiscoveredResource, namespace: string): KubeObject[] | undefined {
    if (!gvr.verbs.includes('list')) return undefined;
    try {
      return this.rest.list(gvr, namespace).items;
    } catch (err) {
      if (isMethodNotSupported(err) || isNotFound(err)) return undefined;
      throw err;
    }
  }

  private deleteEachItem(gvr: DiscoveredResource, namespace: string): void {
    const items = this.listCollection(gvr, namespace);
    for (const item of items ?? []) {
      try {
        this.rest.delete(gvr, namespace, item.metadata.name ?? '', { propagationPolicy: 'Background' });
      } catch (err) {
        if (!isNotFound(err) && !isMethodNotSupported(err)) throw err;
      }
    }
  }

  /** Pods take up to their grace period to go away; nothing else has a known estimate. */
  private estimateGracefulTermination(gvr: DiscoveredResource, namespace: string, deletedAt: number): number {
    if (gvr.group !== PODS.group || gvr.resource !== PODS.resource) return 0;
    let estimate = 0;
    for (const pod of this.rest.list(PODS, namespace).items) {
      const phase = (pod.status as { phase?: string } | undefined)?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      const grace = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)
        ?.terminationGracePeriodSeconds;
      if (grace !== undefined && grace > estimate) estimate = grace;
    }
    // the estimate only counts until that much time has passed since the namespace was deleted
    if (this.clock.now() - deletedAt >= estimate * 1000) estimate = 0;
    return estimate;
  }
}
