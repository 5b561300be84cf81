/**
 * kube-controller-manager: builds the controllers on one shared informer factory, starts the
 * informers, then the controllers. Later issues add their controllers to CONTROLLERS.
 */
import type { ControllerContext } from './framework/context';
import { CronJobController } from './cronjob/cronjob-controller';
import { DeploymentController } from './deployment/deployment-controller';
import { EndpointsController } from './endpoint/endpoints-controller';
import { EndpointSliceController } from './endpointslice/endpointslice-controller';
import { GarbageCollector } from './garbagecollector/garbagecollector';
import { JobController } from './job/job-controller';
import { TTLAfterFinishedController } from './job/ttl-after-finished-controller';
import { NamespaceController } from './namespace/namespace-controller';
import { ReplicaSetController } from './replicaset/replicaset-controller';
import { RootCACertPublisher } from './rootcacert/publisher';
import { ServiceAccountsController } from './serviceaccount/serviceaccounts-controller';
import { TaintEvictionController } from './tainteviction/taint-eviction-controller';
import { NodeLifecycleController } from './nodelifecycle/node-lifecycle-controller';

/** What the manager needs to know about a controller: how to start and stop it. */
export interface RunnableController {
  run(): void;
  stop(): void;
}

export interface ControllerManagerOptions {
  /** PEM of the cluster CA, published as `kube-root-ca.crt`. */
  rootCA: string;
}

/** Controller names as `kube-controller-manager --controllers` knows them, with constructors. */
export const CONTROLLERS: Record<
  string,
  (ctx: ControllerContext, opts: ControllerManagerOptions) => RunnableController
> = {
  namespace: (ctx) => new NamespaceController(ctx),
  'garbage-collector': (ctx) => new GarbageCollector(ctx),
  serviceaccount: (ctx) => new ServiceAccountsController(ctx),
  'root-ca-certificate-publisher': (ctx, opts) => new RootCACertPublisher(ctx, opts.rootCA),
  replicaset: (ctx) => new ReplicaSetController(ctx),
  deployment: (ctx) => new DeploymentController(ctx),
  job: (ctx) => new JobController(ctx),
  cronjob: (ctx) => new CronJobController(ctx),
  'ttl-after-finished': (ctx) => new TTLAfterFinishedController(ctx),
  endpoint: (ctx) => new EndpointsController(ctx),
  endpointslice: (ctx) => new EndpointSliceController(ctx),
  'taint-eviction-controller': (ctx) => new TaintEvictionController(ctx),
  'node-lifecycle-controller': (ctx) => new NodeLifecycleController(ctx),
};

export class ControllerManager {
  readonly controllers = new Map<string, RunnableController>();

  constructor(
    private readonly ctx: ControllerContext,
    opts: ControllerManagerOptions,
  ) {
    for (const [name, make] of Object.entries(CONTROLLERS)) this.controllers.set(name, make(ctx, opts));
  }

  /** Start the shared informers (each LISTs now), then every controller. */
  run(): void {
    this.ctx.informers.start();
    for (const c of this.controllers.values()) c.run();
  }

  stop(): void {
    for (const c of this.controllers.values()) c.stop();
    this.ctx.informers.stop();
  }
}
