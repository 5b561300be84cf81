/**
 * ServiceAccountsController (pkg/controller/serviceaccount/serviceaccounts_controller.go): every
 * active namespace has a ServiceAccount named `default`. It is created when a namespace
 * appears and re-created when someone deletes it. Pods that name no service account run as
 * `default`, which is why a brand-new namespace can run pods right away.
 */
import type { KubeObject } from '../../../api/types';
import {
  NAMESPACE_TERMINATING_CAUSE,
  errorMessage,
  hasStatusCause,
  isAlreadyExists,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { NAMESPACES, SERVICEACCOUNTS } from '../framework/resources';

/** The accounts to ensure in every namespace (DefaultServiceAccountsControllerOptions). */
const SERVICE_ACCOUNTS_TO_ENSURE = ['default'];

interface Namespace extends KubeObject {
  status?: { phase?: string };
}

export class ServiceAccountsController extends Controller {
  private readonly rest: RestClient;
  private readonly namespaces: SharedInformer<Namespace>;
  private readonly serviceAccounts: SharedInformer;

  constructor(ctx: ControllerContext) {
    super('serviceaccount', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'service-account-controller');
    this.serviceAccounts = ctx.informers.informerFor(SERVICEACCOUNTS);
    this.namespaces = ctx.informers.informerFor<Namespace>(NAMESPACES);
    this.serviceAccounts.addEventHandler({
      delete: (sa) => {
        // If the deleted account is one we maintain, sync its namespace to re-create it.
        if (SERVICE_ACCOUNTS_TO_ENSURE.includes(sa.metadata.name ?? ''))
          this.enqueue(sa.metadata.namespace ?? '');
      },
    });
    this.namespaces.addEventHandler({
      add: (ns) => this.enqueue(ns.metadata.name ?? ''),
      update: (_old, ns) => this.enqueue(ns.metadata.name ?? ''),
    });
    this.waitForCacheSync(
      () => this.serviceAccounts.hasSynced(),
      () => this.namespaces.hasSynced(),
    );
  }

  protected sync(key: string): void {
    const ns = this.namespaces.lister.get('', key);
    // Nothing to do for a namespace that is gone or terminating.
    if (!ns || ns.status?.phase !== 'Active') return;
    const errors: string[] = [];
    for (const name of SERVICE_ACCOUNTS_TO_ENSURE) {
      if (this.serviceAccounts.lister.get(key, name)) continue;
      try {
        this.rest.create(SERVICEACCOUNTS, key, {
          apiVersion: 'v1',
          kind: 'ServiceAccount',
          metadata: { name, namespace: key },
        });
      } catch (err) {
        // Someone else created it, or the namespace started terminating: fine.
        if (isAlreadyExists(err) || hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) continue;
        errors.push(errorMessage(err));
      }
    }
    if (errors.length > 0) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }
}
