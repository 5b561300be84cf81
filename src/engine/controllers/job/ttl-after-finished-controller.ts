/**
 * TTLAfterFinishedController (pkg/controller/ttlafterfinished): deletes a finished Job
 * ttlSecondsAfterFinished seconds after it finished (the lastTransitionTime of its Complete or
 * Failed condition), in the foreground so its pods go with it.
 *
 * It waits on the work queue (AddAfter) rather than polling, and re-reads the Job with a fresh
 * GET before deleting, in case someone changed the TTL meanwhile.
 */
import type { RestClient } from '../framework/client';
import { isNotFound } from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { parseTime, splitMetaNamespaceKey } from '../framework/objects';
import { finishedCondition, isJobFinished, JOBS, type JobObject } from './util';

export class TTLAfterFinishedController extends Controller {
  private readonly rest: RestClient;
  private readonly jobInformer: SharedInformer<JobObject>;

  constructor(ctx: ControllerContext) {
    super('ttl-after-finished', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'ttl-after-finished-controller');
    this.jobInformer = ctx.informers.informerFor<JobObject>(JOBS);
    const maybeEnqueue = (job: JobObject): void => {
      if (needsCleanup(job)) this.queue.add(`${job.metadata.namespace}/${job.metadata.name}`);
    };
    this.jobInformer.addEventHandler({ add: maybeEnqueue, update: (_old, job) => maybeEnqueue(job) });
    this.waitForCacheSync(() => this.jobInformer.hasSynced());
  }

  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const job = this.jobInformer.lister.get(namespace, name);
    if (!job || !needsCleanup(job)) return;
    // Ignore the Jobs that are already deleted or being deleted.
    if (job.metadata.deletionTimestamp) return;
    if (!this.processTTL(key, job)) return;
    // The Job's TTL is assumed to have expired, but the Job TTL might be stale. Before deleting
    // the Job, do a final sanity check with a fresh read.
    let fresh: JobObject;
    try {
      fresh = this.rest.get<JobObject>(JOBS, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (!needsCleanup(fresh) || !this.processTTL(key, fresh)) return;
    this.rest.delete(JOBS, namespace, name, {
      propagationPolicy: 'Foreground',
      preconditions: { uid: fresh.metadata.uid },
    });
  }

  /** processTTL: true if expired; otherwise requeue for when it will be. */
  private processTTL(key: string, job: JobObject): boolean {
    const finishAt = parseTime(finishedCondition(job)?.lastTransitionTime);
    if (Number.isNaN(finishAt)) return false;
    const expireAt = finishAt + (job.spec?.ttlSecondsAfterFinished ?? 0) * 1000;
    const remaining = expireAt - this.clock.now();
    if (remaining <= 0) return true;
    this.queue.addAfter(key, remaining);
    return false;
  }
}

/** needsCleanup: a finished Job with ttlSecondsAfterFinished set. */
const needsCleanup = (job: JobObject): boolean =>
  job.spec?.ttlSecondsAfterFinished != null && isJobFinished(job);
