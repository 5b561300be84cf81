/**
 * NamespaceController (pkg/controller/namespace/namespace_controller.go).
 *
 * `kubectl delete namespace dev` only marks the namespace: the API server sets its
 * deletionTimestamp and phase Terminating, and keeps it because of the `kubernetes` finalizer in
 * spec.finalizers. This controller notices, waits 5 seconds (so that every API server has seen
 * the deletion and refuses new content), deletes everything inside, and finally removes its
 * finalizer, which lets the API server delete the namespace itself.
 */
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { NAMESPACES } from '../framework/resources';
import { NamespacedResourcesDeleter, ResourcesRemainingError, type Namespace } from './deleter';

/**
 * Time to wait before processing a namespace deletion, so that lifecycle admission on every API
 * server has observed it and no last-minute object slips in after the cleanup.
 */
const NAMESPACE_DELETION_GRACE_PERIOD_MS = 5000;

/** --namespace-sync-period default. */
const NAMESPACE_RESYNC_MS = 5 * 60 * 1000;

export class NamespaceController extends Controller {
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly deleter: NamespacedResourcesDeleter;

  constructor(ctx: ControllerContext) {
    super('namespace', ctx.clock, ctx.logger);
    this.deleter = new NamespacedResourcesDeleter(
      controllerRestClient(ctx, 'namespace-controller'),
      ctx.discovery,
      ctx.clock,
      ctx.logger,
    );
    this.namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    this.namespaces.addEventHandler(
      {
        add: (ns) => this.enqueueNamespace(ns),
        update: (_old, ns) => this.enqueueNamespace(ns),
      },
      NAMESPACE_RESYNC_MS,
    );
    this.waitForCacheSync(() => this.namespaces.hasSynced());
  }

  private enqueueNamespace(ns: Namespace): void {
    // don't queue if we aren't deleted
    if (!ns.metadata.deletionTimestamp) return;
    this.queue.addAfter(ns.metadata.name ?? '', NAMESPACE_DELETION_GRACE_PERIOD_MS);
  }

  protected sync(key: string): void {
    const ns = this.namespaces.lister.get('', key);
    if (!ns) {
      this.logger.info(`Namespace has been deleted ${key}`);
      return;
    }
    this.deleter.delete(ns.metadata.name ?? '');
  }

  protected override handleErr(key: string, err: unknown): void {
    if (err instanceof ResourcesRemainingError) {
      const seconds = Math.floor(err.estimate / 2) + 1;
      this.logger.info(`Content remaining in namespace ${key}, waiting ${seconds} seconds`);
      this.queue.addAfter(key, seconds * 1000);
      return;
    }
    super.handleErr(key, err);
  }
}
