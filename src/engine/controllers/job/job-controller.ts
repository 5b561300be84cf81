/**
 * The Job controller (pkg/controller/job/job_controller.go, v1.32): runs pods until the Job has
 * enough successes, or gives up.
 *
 * syncJob(key):
 *   1. a finished Job (Complete/Failed condition) is left alone;
 *   2. claim its pods; count pods newly finished since the last sync — a pod counts only while it
 *      still has the job-tracking finalizer, which the controller removes once the pod is counted
 *      (uncountedTerminatedPods records the pods in between, so a crash never counts twice);
 *   3. decide whether the Job is done: too many failures (failed > backoffLimit →
 *      BackoffLimitExceeded), running past activeDeadlineSeconds (DeadlineExceeded), a FailJob
 *      podFailurePolicy rule, or enough successes (completions) — the first two kill the active
 *      pods; v1.32 first records an interim condition (FailureTarget / SuccessCriteriaMet) and
 *      adds Failed / Complete only once no pod is still terminating;
 *   4. otherwise keep min(parallelism, completions − succeeded) pods running (manageJob),
 *      waiting out the pod-failure back-off before replacing failed pods;
 *   5. write status (active, ready, terminating, succeeded, failed, conditions).
 * Pod events are batched: they enqueue the Job with a 1s delay (syncJobBatchPeriod), which is why
 * a Job's counters move a second behind its pods.
 */
import type { JobCondition } from 'kubernetes-types/batch/v1';
import type { EnvVar, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { EventRecorder } from '../../events';
import {
  hasStatusCause,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller, QueueWorker } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { parseTime, rfc3339, splitMetaNamespaceKey } from '../framework/objects';
import { ItemExponentialFailureRateLimiter } from '../framework/ratelimiter';
import { PODS } from '../framework/resources';
import { RateLimitingQueue } from '../framework/workqueue';
import { claimObjects, patcher, recheckDeletionTimestamp } from '../replicaset/controller-ref-manager';
import {
  PodControl,
  PodOwnerIndex,
  SLOW_START_INITIAL_BATCH_SIZE,
  sortActivePods,
} from '../replicaset/controller-utils';
import { ControllerExpectations } from '../replicaset/expectations';
import {
  countTerminatingPods,
  filterActivePods,
  getControllerOf,
  isControlledBy,
  isPodReady,
  isPodTerminating,
  newControllerRef,
  type PodObject,
} from '../replicaset/podutil';
import { cachedSelector } from '../replicaset/selectors';
import {
  BackoffStore,
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  getRemainingTime,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
  type BackoffRecord,
} from './backoff';
import {
  ensureJobConditionStatus,
  findConditionByType,
  getCompletionIndex,
  hasBackoffLimitPerIndex,
  hasJobTrackingFinalizer,
  isIndexedJob,
  isJobFinished,
  isPodFailed,
  JOB_COMPLETION_INDEX_ANNOTATION,
  JOB_COMPLETION_INDEX_ENV_NAME,
  JOB_TRACKING_FINALIZER,
  jobSuspended,
  matchPodFailurePolicy,
  matchSuccessPolicy,
  newCondition,
  normalizeJobStatus,
  onlyReplaceFailedPods,
  OrderedIntervals,
  pastBackoffLimitOnFailure,
  JOBS,
  type JobObject,
} from './util';
import { jsonEqual } from '../../api/objects';

/** syncJobBatchPeriod: pod events and status updates sync the Job one second later. */
export const SYNC_JOB_BATCH_PERIOD_MS = 1000;
/** DefaultJobApiBackOff / MaxJobApiBackOff: retry back-off of failed syncs. */
const DEFAULT_JOB_API_BACKOFF_MS = 1000;
const MAX_JOB_API_BACKOFF_MS = 60_000;
/** MaxUncountedPods: at most this many pod UIDs in status.uncountedTerminatedPods. */
const MAX_UNCOUNTED_PODS = 500;
/** MaxPodCreateDeletePerSync. */
const MAX_POD_CREATE_DELETE_PER_SYNC = 500;
/** names.MaxGeneratedNameLength. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** Everything one syncJob computes (syncJobCtx). */
interface SyncJobCtx {
  job: JobObject;
  pods: PodObject[];
  finishedCondition?: JobCondition;
  activePods: PodObject[];
  succeeded: number;
  failed: number;
  prevSucceededIndexes: OrderedIntervals;
  succeededIndexes: OrderedIntervals;
  newBackoffRecord: BackoffRecord;
  expectedRmFinalizers: Set<string>;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  terminating: number;
  ready: number;
}

/** The `remove the job-tracking finalizer` strategic merge patch. */
function removeTrackingFinalizerPatch(pod: PodObject): unknown {
  if (!hasJobTrackingFinalizer(pod)) return undefined;
  return { metadata: { '$deleteFromPrimitiveList/finalizers': [JOB_TRACKING_FINALIZER] } };
}

/** The Job controller's finalizer expectations (uidTrackingExpectations). */
class FinalizerExpectations {
  private readonly sets = new Map<string, Set<string>>();
  getExpectedUIDs(key: string): Set<string> {
    return new Set(this.sets.get(key) ?? []);
  }
  expectFinalizersRemoved(key: string, uids: string[]): void {
    let s = this.sets.get(key);
    if (!s) this.sets.set(key, (s = new Set()));
    for (const u of uids) s.add(u);
  }
  finalizerRemovalObserved(key: string, uid: string): void {
    this.sets.get(key)?.delete(uid);
  }
  deleteExpectations(key: string): void {
    this.sets.delete(key);
  }
}

export class JobController extends Controller {
  private readonly rest: RestClient;
  private readonly recorder: EventRecorder;
  private readonly podControl: PodControl;
  private readonly expectations: ControllerExpectations;
  private readonly finalizerExpectations = new FinalizerExpectations();
  private readonly jobInformer: SharedInformer<JobObject>;
  private readonly podInformer: SharedInformer<PodObject>;
  private readonly podIndex: PodOwnerIndex;
  private readonly podBackoffStore = new BackoffStore();
  private readonly orphanQueue: RateLimitingQueue;
  private readonly orphanWorker: QueueWorker;

  constructor(ctx: ControllerContext) {
    super(
      'job',
      ctx.clock,
      ctx.logger,
      new ItemExponentialFailureRateLimiter(DEFAULT_JOB_API_BACKOFF_MS, MAX_JOB_API_BACKOFF_MS),
    );
    this.rest = controllerRestClient(ctx, 'job-controller');
    this.recorder = ctx.events.newRecorder({ component: 'job-controller' });
    this.podControl = new PodControl(this.rest, this.recorder);
    this.expectations = new ControllerExpectations(ctx.clock);
    this.jobInformer = ctx.informers.informerFor<JobObject>(JOBS);
    this.podInformer = ctx.informers.informerFor<PodObject>(PODS);
    this.orphanWorker = new QueueWorker(ctx.clock, 'job orphan pod worker', () =>
      this.processNextOrphanPod(),
    );
    this.orphanQueue = new RateLimitingQueue(
      ctx.clock,
      'job_orphan_pod',
      new ItemExponentialFailureRateLimiter(DEFAULT_JOB_API_BACKOFF_MS, MAX_JOB_API_BACKOFF_MS),
      () => this.orphanWorker.kick(),
    );

    this.jobInformer.addEventHandler({
      add: (job) => this.queue.add(this.keyOf(job)),
      update: (oldJob, curJob) => this.updateJob(oldJob, curJob),
      delete: (job) => {
        this.queue.add(this.keyOf(job));
        this.cleanupPodFinalizers(job);
      },
    });
    this.podIndex = new PodOwnerIndex(this.podInformer);
    this.podInformer.addEventHandler({
      add: (pod) => this.addPod(pod),
      update: (oldPod, curPod) => this.updatePod(oldPod, curPod),
      delete: (pod) => this.deletePod(pod, true),
    });
    this.waitForCacheSync(
      () => this.podInformer.hasSynced(),
      () => this.jobInformer.hasSynced(),
    );
  }

  override run(): void {
    super.run();
    this.orphanWorker.start();
  }

  override stop(): void {
    super.stop();
    this.orphanWorker.stop();
    this.orphanQueue.shutDown();
  }

  private keyOf(obj: KubeObject): string {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
  }

  private enqueueSyncJobBatched(job: KubeObject): void {
    this.queue.addAfter(this.keyOf(job), SYNC_JOB_BATCH_PERIOD_MS);
  }

  private enqueueSyncJobWithDelay(job: KubeObject, delayMs: number): void {
    this.queue.addAfter(this.keyOf(job), Math.max(delayMs, SYNC_JOB_BATCH_PERIOD_MS));
  }

  private enqueueOrphanPod(pod: PodObject): void {
    this.orphanQueue.add(this.keyOf(pod));
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }) {
    if (ref.kind !== 'Job') return undefined;
    const job = this.jobInformer.lister.get(namespace, ref.name);
    return job && job.metadata.uid === ref.uid ? job : undefined;
  }

  /** getPodJobs: Jobs whose (non-empty) selector matches the pod's labels. */
  private getPodJobs(pod: PodObject): JobObject[] {
    const labels = pod.metadata.labels ?? {};
    if (Object.keys(labels).length === 0) return [];
    return this.jobInformer.lister.list(pod.metadata.namespace ?? '').filter((j) => {
      const sel = cachedSelector(j.spec?.selector);
      return !!sel && !sel.empty() && sel.matches(labels);
    });
  }

  private updateJob(oldJob: JobObject, curJob: JobObject): void {
    const key = this.keyOf(curJob);
    // A status update (same generation) is batched; a spec change syncs at once.
    if (curJob.metadata.generation === oldJob.metadata.generation) this.enqueueSyncJobBatched(curJob);
    else this.queue.add(key);
    // The job shouldn't be marked as finished until all pod finalizers are removed. This is a
    // backup operation in this case.
    if (isJobFinished(curJob)) this.cleanupPodFinalizers(curJob);
    // A new activeDeadlineSeconds: sync again when it expires.
    const start = parseTime(curJob.status?.startTime);
    const curADS = curJob.spec?.activeDeadlineSeconds;
    if (!Number.isNaN(start) && curADS != null) {
      const oldADS = oldJob.spec?.activeDeadlineSeconds;
      if (oldADS == null || oldADS !== curADS) {
        const passed = this.clock.now() - start;
        this.queue.addAfter(key, curADS * 1000 - passed);
      }
    }
  }

  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      this.deletePod(pod, false);
      return;
    }
    const ref = getControllerOf(pod);
    if (ref) {
      const job = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
      if (!job) return;
      this.expectations.creationObserved(this.keyOf(job));
      this.enqueueSyncJobBatched(job);
      return;
    }
    // An orphan: clean its finalizer; sync matching Jobs in case one adopts it.
    if (hasJobTrackingFinalizer(pod)) this.enqueueOrphanPod(pod);
    for (const job of this.getPodJobs(pod)) this.enqueueSyncJobBatched(job);
  }

  private updatePod(oldPod: PodObject, curPod: PodObject): void {
    if (curPod.metadata.resourceVersion === oldPod.metadata.resourceVersion) return;
    if (curPod.metadata.deletionTimestamp) {
      // A graceful delete: treat it as the delete, so the Job replaces the pod at once.
      this.deletePod(curPod, false);
      return;
    }
    const finalizerRemoved = !hasJobTrackingFinalizer(curPod);
    const curRef = getControllerOf(curPod);
    const oldRef = getControllerOf(oldPod);
    const refChanged = !jsonEqual(curRef, oldRef);
    if (refChanged && oldRef) {
      const job = this.resolveControllerRef(oldPod.metadata.namespace ?? '', oldRef);
      if (job) {
        if (finalizerRemoved)
          this.finalizerExpectations.finalizerRemovalObserved(this.keyOf(job), curPod.metadata.uid ?? '');
        this.enqueueSyncJobBatched(job);
      }
    }
    if (curRef) {
      const job = this.resolveControllerRef(curPod.metadata.namespace ?? '', curRef);
      if (!job) return;
      if (finalizerRemoved)
        this.finalizerExpectations.finalizerRemovalObserved(this.keyOf(job), curPod.metadata.uid ?? '');
      this.enqueueSyncJobBatched(job);
      return;
    }
    if (hasJobTrackingFinalizer(curPod)) this.enqueueOrphanPod(curPod);
    const labelChanged = !jsonEqual(curPod.metadata.labels ?? {}, oldPod.metadata.labels ?? {});
    if (labelChanged || refChanged)
      for (const job of this.getPodJobs(curPod)) this.enqueueSyncJobBatched(job);
  }

  /** deletePod: `final` for the real delete event, false for the update setting deletionTimestamp. */
  private deletePod(pod: PodObject, final: boolean): void {
    const ref = getControllerOf(pod);
    const hasFinalizer = hasJobTrackingFinalizer(pod);
    if (!ref) {
      // This pod might have belonged to a Job and the GC removed the reference.
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const job = this.resolveControllerRef(pod.metadata.namespace ?? '', ref);
    if (!job || isJobFinished(job)) {
      // syncJob will not remove this finalizer.
      if (hasFinalizer) this.enqueueOrphanPod(pod);
      return;
    }
    const key = this.keyOf(job);
    this.expectations.deletionObserved(key);
    // Consider the finalizer removed if this is the final delete.
    if (final || !hasFinalizer)
      this.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata.uid ?? '');
    this.enqueueSyncJobBatched(job);
  }

  /** cleanupPodFinalizers: a finished or deleted Job's pods still carrying the finalizer. */
  private cleanupPodFinalizers(job: JobObject): void {
    const sel = cachedSelector(job.spec?.selector);
    if (!sel) return;
    for (const pod of this.podIndex.podsByOwner(job.metadata.namespace ?? '', job.metadata.uid ?? '', false))
      if (sel.matches(pod.metadata.labels ?? {}) && isControlledBy(pod, job) && hasJobTrackingFinalizer(pod))
        this.enqueueOrphanPod(pod);
  }

  // -------------------------------------------------------------------------------------------
  // Orphan pods
  // -------------------------------------------------------------------------------------------

  private processNextOrphanPod(): boolean {
    const key = this.orphanQueue.get();
    if (key === undefined) return false;
    try {
      this.syncOrphanPod(key);
      this.orphanQueue.forget(key);
    } catch {
      this.orphanQueue.addRateLimited(key);
    }
    this.orphanQueue.done(key);
    return this.orphanQueue.len() > 0;
  }

  /** syncOrphanPod: remove the tracking finalizer from a pod no unfinished Job owns. */
  private syncOrphanPod(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const pod = this.podInformer.lister.get(namespace, name);
    if (!pod) return;
    const ref = getControllerOf(pod);
    if (ref) {
      if (ref.kind !== 'Job' || ref.apiVersion !== 'batch/v1') return;
      const job = this.resolveControllerRef(namespace, ref);
      if (job && job.spec?.managedBy && job.spec.managedBy !== 'kubernetes.io/job-controller') return;
      if (job && !isJobFinished(job)) return; // The pod was adopted.
    }
    const patch = removeTrackingFinalizerPatch(pod);
    if (!patch) return;
    try {
      this.podControl.patchPod(namespace, name, patch);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  // -------------------------------------------------------------------------------------------
  // syncJob
  // -------------------------------------------------------------------------------------------

  /** getPodsForJob: claim pods (adoption adds the tracking finalizer). */
  private getPodsForJob(job: JobObject): PodObject[] {
    const selector = cachedSelector(job.spec?.selector);
    if (!selector) throw new Error("couldn't convert Job selector");
    const candidates = this.podIndex.podsByOwner(job.metadata.namespace ?? '', job.metadata.uid ?? '', true);
    const pods = claimObjects(candidates, {
      controller: job,
      apiVersion: 'batch/v1',
      kind: 'Job',
      selector,
      canAdopt: recheckDeletionTimestamp(() => {
        const fresh = this.rest.get<JobObject>(JOBS, job.metadata.namespace, job.metadata.name ?? '');
        if (fresh.metadata.uid !== job.metadata.uid)
          throw new Error(
            `original Job ${job.metadata.namespace}/${job.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${job.metadata.uid}`,
          );
        return fresh;
      }),
      patch: patcher(this.rest, PODS),
      finalizers: [JOB_TRACKING_FINALIZER],
    });
    // Just-adopted pods: count them as carrying the finalizer the adoption patch added.
    return pods.map((p) => {
      const adopted = !(p.metadata.ownerReferences ?? []).some((r) => r.uid === job.metadata.uid);
      if (adopted && !hasJobTrackingFinalizer(p)) {
        const copy = structuredClone(p);
        copy.metadata.finalizers = [...(p.metadata.finalizers ?? []), JOB_TRACKING_FINALIZER];
        return copy;
      }
      return p;
    });
  }

  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const shared = this.jobInformer.lister.get(namespace, name);
    if (!shared) {
      this.expectations.deleteExpectations(key);
      this.finalizerExpectations.deleteExpectations(key);
      this.podBackoffStore.removeBackoffRecord(key);
      return;
    }
    // A Job managed by another controller (spec.managedBy) is not ours to sync.
    if (shared.spec?.managedBy && shared.spec.managedBy !== 'kubernetes.io/job-controller') return;
    const job = structuredClone(shared) as JobObject;
    // If the job was finished previously, we don't want to redo the termination.
    if (isJobFinished(job)) {
      this.podBackoffStore.removeBackoffRecord(key);
      return;
    }
    const mode = job.spec?.completionMode;
    if (mode != null && mode !== 'NonIndexed' && mode !== 'Indexed') {
      this.recorder.event(
        job,
        'Warning',
        'UnknownCompletionMode',
        'Skipped Job sync because completion mode is unknown',
      );
      return;
    }
    if (hasBackoffLimitPerIndex(job))
      this.logger.error(
        `job ${key}: backoffLimitPerIndex is not simulated in Breakfix; using the Job's backoffLimit`,
      );
    job.status ??= {};
    job.status.uncountedTerminatedPods ??= {};

    // Check the expectations before counting active pods, so a pod created meanwhile cannot
    // sneak in unnoticed.
    const satisfiedExpectations = this.expectations.satisfiedExpectations(key);
    const pods = this.getPodsForJob(job);
    const activePods = filterActivePods(pods);
    const uncounted = job.status.uncountedTerminatedPods;
    const jobCtx: SyncJobCtx = {
      job,
      pods,
      activePods,
      ready: activePods.filter(isPodReady).length,
      uncountedSucceeded: new Set(uncounted.succeeded ?? []),
      uncountedFailed: new Set(uncounted.failed ?? []),
      expectedRmFinalizers: this.finalizerExpectations.getExpectedUIDs(key),
      terminating: countTerminatingPods(pods),
      succeeded: 0,
      failed: 0,
      prevSucceededIndexes: new OrderedIntervals(),
      succeededIndexes: new OrderedIntervals(),
      newBackoffRecord: { key, failuresAfterLastSuccess: 0 },
    };
    let active = activePods.length;
    const { newSucceededPods, newFailedPods } = this.getNewFinishedPods(jobCtx);
    jobCtx.succeeded = (job.status.succeeded ?? 0) + newSucceededPods.length + jobCtx.uncountedSucceeded.size;
    jobCtx.failed =
      (job.status.failed ?? 0) +
      nonIgnoredFailedPodsCount(jobCtx, newFailedPods) +
      jobCtx.uncountedFailed.size;

    // Job first start. Set StartTime only if the job is not in the suspended state.
    const now = this.clock.now();
    if (!job.status.startTime && !jobSuspended(job)) job.status.startTime = rfc(now);
    jobCtx.newBackoffRecord = this.podBackoffStore.newBackoffRecord(key, newSucceededPods, newFailedPods);

    let manageJobErr: unknown;
    const backoffLimit = job.spec?.backoffLimit ?? 6;
    const exceedsBackoffLimit = jobCtx.failed > backoffLimit;
    jobCtx.finishedCondition = hasSuccessCriteriaMetCondition(job);

    // With SuccessCriteriaMet already recorded, the podFailurePolicy is not evaluated again.
    if (!jobCtx.finishedCondition) {
      const failureTarget = findConditionByType(job.status.conditions, 'FailureTarget');
      if (failureTarget && failureTarget.status === 'True') {
        jobCtx.finishedCondition = newCondition(
          'Failed',
          'True',
          failureTarget.reason ?? '',
          failureTarget.message ?? '',
          now,
        );
      } else {
        const failJobMessage = getFailJobMessage(job, pods);
        if (failJobMessage !== undefined)
          jobCtx.finishedCondition = newCondition(
            'FailureTarget',
            'True',
            'PodFailurePolicy',
            failJobMessage,
            now,
          );
      }
    }
    if (!jobCtx.finishedCondition) {
      if (exceedsBackoffLimit || pastBackoffLimitOnFailure(job, pods)) {
        // Too many failed pods (or container restarts, for restartPolicy OnFailure).
        jobCtx.finishedCondition = newFailureCondition(
          'BackoffLimitExceeded',
          'Job has reached the specified backoff limit',
          now,
        );
      } else if (this.pastActiveDeadline(job)) {
        jobCtx.finishedCondition = newFailureCondition(
          'DeadlineExceeded',
          'Job was active longer than specified deadline',
          now,
        );
      } else if (job.spec?.activeDeadlineSeconds != null && !jobSuspended(job)) {
        const syncDuration = job.spec.activeDeadlineSeconds * 1000 - (now - parseTime(job.status.startTime));
        this.queue.addAfter(key, syncDuration);
      }
    }

    if (isIndexedJob(job)) {
      const completions = job.spec?.completions ?? 0;
      jobCtx.prevSucceededIndexes = OrderedIntervals.parse(job.status.completedIndexes, completions);
      const newSucceeded: number[] = [];
      for (const p of pods) {
        const ix = getCompletionIndex(p.metadata.annotations);
        if (p.status?.phase === 'Succeeded' && ix >= 0 && ix < completions && hasJobTrackingFinalizer(p))
          newSucceeded.push(ix);
      }
      jobCtx.succeededIndexes = jobCtx.prevSucceededIndexes.withOrderedIndexes(newSucceeded);
      jobCtx.succeeded = jobCtx.succeededIndexes.total();
      if (!jobCtx.finishedCondition) {
        const msg = matchSuccessPolicy(job.spec?.successPolicy, completions, jobCtx.succeededIndexes);
        if (msg !== undefined)
          jobCtx.finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, now);
      }
    }

    let suspendCondChanged = false;
    if (jobCtx.finishedCondition) {
      // The Job failed (or met its success policy): remove its active pods.
      const { deletedReady, deleted, error } = this.deleteActivePods(job, jobCtx.activePods);
      if (deleted !== active || !satisfiedExpectations) {
        // Can't declare the Job as finished yet: pod finalizers remain, or pods not in the
        // informer's cache yet.
        jobCtx.finishedCondition = undefined;
      }
      active -= deleted;
      jobCtx.terminating += deleted;
      jobCtx.ready -= deletedReady;
      manageJobErr = error;
    } else {
      let manageJobCalled = false;
      if (satisfiedExpectations && !job.metadata.deletionTimestamp) {
        try {
          active = this.manageJob(job, jobCtx);
        } catch (err) {
          manageJobErr = err;
          active = jobCtx.activePods.length;
        }
        manageJobCalled = true;
      }
      let complete: boolean;
      if (job.spec?.completions == null) {
        // Without completions, the Job is done once any pod succeeded and none is still running.
        complete = jobCtx.succeeded > 0 && active === 0;
      } else {
        complete = jobCtx.succeeded >= job.spec.completions && active === 0;
      }
      if (complete) {
        jobCtx.finishedCondition = newCondition(
          'SuccessCriteriaMet',
          'True',
          'CompletionsReached',
          'Reached expected number of succeeded pods',
          now,
        );
      } else if (manageJobCalled) {
        if (job.spec?.suspend) {
          const r = ensureJobConditionStatus(
            job.status.conditions,
            'Suspended',
            'True',
            'JobSuspended',
            'Job suspended',
            now,
          );
          job.status.conditions = r.list;
          if (r.updated) {
            suspendCondChanged = true;
            this.recorder.event(job, 'Normal', 'Suspended', 'Job suspended');
          }
        } else {
          const r = ensureJobConditionStatus(
            job.status.conditions,
            'Suspended',
            'False',
            'JobResumed',
            'Job resumed',
            now,
          );
          job.status.conditions = r.list;
          if (r.updated) {
            suspendCondChanged = true;
            this.recorder.event(job, 'Normal', 'Resumed', 'Job resumed');
            // Resumed jobs restart their activeDeadlineSeconds clock.
            job.status.startTime = rfc(now);
          }
        }
      }
    }

    const needsStatusUpdate =
      suspendCondChanged ||
      active !== (job.status.active ?? 0) ||
      jobCtx.ready !== job.status.ready ||
      jobCtx.terminating !== job.status.terminating;
    job.status.active = active;
    job.status.ready = jobCtx.ready;
    job.status.terminating = jobCtx.terminating;
    this.trackJobStatusAndRemoveFinalizers(jobCtx, needsStatusUpdate);
    if (manageJobErr !== undefined) throw manageJobErr;
  }

  private pastActiveDeadline(job: JobObject): boolean {
    const ads = job.spec?.activeDeadlineSeconds;
    const start = parseTime(job.status?.startTime);
    if (ads == null || Number.isNaN(start) || jobSuspended(job)) return false;
    return this.clock.now() - start >= ads * 1000;
  }

  /** getNewFinishedPods: finished pods still carrying the finalizer and not yet uncounted. */
  private getNewFinishedPods(jobCtx: SyncJobCtx): {
    newSucceededPods: PodObject[];
    newFailedPods: PodObject[];
  } {
    const valid = (uncounted: Set<string>, filter: (p: PodObject) => boolean): PodObject[] =>
      jobCtx.pods.filter((p) => {
        const uid = p.metadata.uid ?? '';
        if (!hasJobTrackingFinalizer(p) || uncounted.has(uid) || jobCtx.expectedRmFinalizers.has(uid))
          return false;
        if (isIndexedJob(jobCtx.job)) {
          const idx = getCompletionIndex(p.metadata.annotations);
          if (idx < 0 || idx >= (jobCtx.job.spec?.completions ?? 0)) return false;
        }
        return filter(p);
      });
    return {
      newSucceededPods: valid(jobCtx.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded'),
      newFailedPods: valid(jobCtx.uncountedFailed, (p) => isPodFailed(p, jobCtx.job)),
    };
  }

  /** deleteActivePods: delete with finalizers kept; trackJobStatusAndRemoveFinalizers removes them. */
  private deleteActivePods(
    job: JobObject,
    pods: PodObject[],
  ): { deletedReady: number; deleted: number; error?: unknown } {
    let deleted = pods.length;
    let deletedReady = 0;
    let error: unknown;
    for (const pod of pods) {
      try {
        this.podControl.deletePod(job.metadata.namespace ?? '', pod.metadata.name ?? '', job);
      } catch (err) {
        if (!isNotFound(err)) {
          deleted--;
          if (error === undefined) error = err;
        }
      }
      if (isPodReady(pod)) deletedReady++;
    }
    return { deletedReady, deleted, error };
  }

  /** deleteJobPods: remove the finalizer first, then delete (surplus pods, a suspended Job). */
  private deleteJobPods(
    job: JobObject,
    key: string,
    pods: PodObject[],
  ): { deletedReady: number; deleted: number; error?: unknown } {
    let deleted = pods.length;
    let deletedReady = 0;
    let error: unknown;
    const failDelete = (err: unknown): void => {
      this.expectations.deletionObserved(key);
      if (!isNotFound(err)) {
        deleted--;
        if (error === undefined) error = err;
      }
    };
    for (const pod of pods) {
      const patch = removeTrackingFinalizerPatch(pod);
      let ok = true;
      if (patch) {
        try {
          this.podControl.patchPod(pod.metadata.namespace ?? '', pod.metadata.name ?? '', patch);
        } catch (err) {
          failDelete(err);
          ok = false;
        }
      }
      if (ok) {
        try {
          this.podControl.deletePod(job.metadata.namespace ?? '', pod.metadata.name ?? '', job);
        } catch (err) {
          failDelete(err);
        }
      }
      if (isPodReady(pod)) deletedReady++;
    }
    return { deletedReady, deleted, error };
  }

  /**
   * manageJob: keep the right number of pods running — none while suspended, otherwise
   * min(parallelism, completions − succeeded) (or parallelism until the first success, for Jobs
   * without completions). New pods wait out the back-off after failures. Returns `active`.
   */
  private manageJob(job: JobObject, jobCtx: SyncJobCtx): number {
    let active = jobCtx.activePods.length;
    const parallelism = job.spec?.parallelism ?? 1;
    const key = this.keyOf(job);

    if (jobSuspended(job)) {
      const podsToDelete = activePodsForRemoval(job, jobCtx.activePods, active);
      this.expectations.expectDeletions(key, podsToDelete.length);
      const r = this.deleteJobPods(job, key, podsToDelete);
      active -= r.deleted;
      jobCtx.terminating += r.deleted;
      jobCtx.ready -= r.deletedReady;
      if (r.error !== undefined) throw r.error;
      return active;
    }

    let wantActive: number;
    if (job.spec?.completions == null) {
      wantActive = jobCtx.succeeded > 0 ? active : parallelism;
    } else {
      wantActive = Math.max(0, Math.min(job.spec.completions - jobCtx.succeeded, parallelism));
    }
    const rmAtLeast = Math.max(0, active - wantActive);
    let podsToDelete = activePodsForRemoval(job, jobCtx.activePods, rmAtLeast);
    if (podsToDelete.length > MAX_POD_CREATE_DELETE_PER_SYNC)
      podsToDelete = podsToDelete.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
    if (podsToDelete.length > 0) {
      this.expectations.expectDeletions(key, podsToDelete.length);
      const r = this.deleteJobPods(job, key, podsToDelete);
      active -= r.deleted;
      jobCtx.terminating += r.deleted;
      jobCtx.ready -= r.deletedReady;
      // Deletions take precedence over creations within one sync.
      if (r.error !== undefined) throw r.error;
      return active;
    }

    const terminating = onlyReplaceFailedPods(job) ? jobCtx.terminating : 0;
    let diff = wantActive - terminating - active;
    if (diff <= 0) return active;
    const remaining = getRemainingTime(jobCtx.newBackoffRecord, this.clock.now());
    if (remaining > 0) {
      // Wait out the pod-failure back-off before creating replacements.
      this.enqueueSyncJobWithDelay(job, remaining);
      return 0;
    }
    diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
    let indexesToAdd: number[] = [];
    if (isIndexedJob(job)) {
      indexesToAdd = firstPendingIndexes(jobCtx, diff, job.spec?.completions ?? 0);
      diff = indexesToAdd.length;
    }
    this.expectations.expectCreations(key, diff);
    active += diff;
    const podTemplate = structuredClone(job.spec?.template ?? {}) as PodTemplateSpec;
    if (isIndexedJob(job)) addCompletionIndexEnvVariables(podTemplate);
    podTemplate.metadata ??= {};
    const fins = podTemplate.metadata.finalizers ?? [];
    if (!fins.includes(JOB_TRACKING_FINALIZER))
      podTemplate.metadata.finalizers = [...fins, JOB_TRACKING_FINALIZER];
    const ref = newControllerRef(job, 'batch/v1', 'Job');

    let firstErr: unknown;
    for (
      let batchSize = Math.min(diff, SLOW_START_INITIAL_BATCH_SIZE);
      diff > 0;
      batchSize = Math.min(2 * batchSize, diff)
    ) {
      const errorsBefore = firstErr === undefined ? 0 : 1;
      let batchFailed = false;
      for (let i = 0; i < batchSize; i++) {
        let completionIndex = -1;
        if (indexesToAdd.length > 0) completionIndex = indexesToAdd.shift()!;
        let template = podTemplate;
        let generateName = '';
        if (completionIndex >= 0) {
          template = structuredClone(podTemplate);
          template.metadata!.annotations = {
            ...(template.metadata!.annotations ?? {}),
            [JOB_COMPLETION_INDEX_ANNOTATION]: String(completionIndex),
          };
          template.metadata!.labels = {
            ...(template.metadata!.labels ?? {}),
            [JOB_COMPLETION_INDEX_ANNOTATION]: String(completionIndex),
          };
          template.spec = { ...template.spec!, hostname: `${job.metadata.name}-${completionIndex}` };
          generateName = podGenerateNameWithIndex(job.metadata.name ?? '', completionIndex);
        }
        try {
          this.podControl.createPodsWithGenerateName(
            job.metadata.namespace ?? '',
            template,
            job,
            ref,
            generateName,
          );
        } catch (err) {
          // If the namespace is being torn down, every creation fails: ignore.
          if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) continue;
          // The informer won't observe this pod.
          this.expectations.creationObserved(key);
          active--;
          batchFailed = true;
          if (firstErr === undefined) firstErr = err;
        }
      }
      // Skipped pods that we never attempted to start shouldn't be expected.
      const skippedPods = diff - batchSize;
      if ((batchFailed || errorsBefore > 0) && skippedPods > 0) {
        active -= skippedPods;
        for (let i = 0; i < skippedPods; i++) this.expectations.creationObserved(key);
        break;
      }
      diff -= batchSize;
    }
    if (firstErr !== undefined) throw firstErr;
    return active;
  }

  /**
   * trackJobStatusAndRemoveFinalizers: record finished pods in uncountedTerminatedPods, remove
   * their finalizers, move them into the succeeded/failed counters, and add the final condition
   * once nothing is left uncounted or terminating.
   */
  private trackJobStatusAndRemoveFinalizers(jobCtx: SyncJobCtx, needsFlushIn: boolean): void {
    let needsFlush = needsFlushIn;
    const job = jobCtx.job;
    const isIndexed = isIndexedJob(job);
    const status = job.status!;
    const uncountedStatus = status.uncountedTerminatedPods!;
    uncountedStatus.succeeded = [...(uncountedStatus.succeeded ?? [])];
    uncountedStatus.failed = [...(uncountedStatus.failed ?? [])];
    const newSucceededIndexes: number[] = [];
    if (isIndexed)
      jobCtx.pods.sort(
        (a, b) => getCompletionIndex(a.metadata.annotations) - getCompletionIndex(b.metadata.annotations),
      );
    const uidsWithFinalizer = new Set<string>();
    for (const p of jobCtx.pods) {
      const uid = p.metadata.uid ?? '';
      if (hasJobTrackingFinalizer(p) && !jobCtx.expectedRmFinalizers.has(uid)) uidsWithFinalizer.add(uid);
    }
    if (cleanUncountedPodsWithoutFinalizers(status, uidsWithFinalizer)) needsFlush = true;
    const podsToRemoveFinalizer: PodObject[] = [];
    let reachedMaxUncountedPods = false;
    const completions = job.spec?.completions ?? 0;
    for (const pod of jobCtx.pods) {
      const uid = pod.metadata.uid ?? '';
      if (!hasJobTrackingFinalizer(pod) || jobCtx.expectedRmFinalizers.has(uid)) continue; // processed before
      const considerPodFailed = isPodFailed(pod, job);
      if (!(
        job.metadata.deletionTimestamp ||
        jobCtx.finishedCondition ||
        pod.status?.phase === 'Succeeded' ||
        considerPodFailed
      ))
        continue; // canRemoveFinalizer
      podsToRemoveFinalizer.push(pod);
      if (pod.status?.phase === 'Succeeded' && !jobCtx.uncountedFailed.has(uid)) {
        if (isIndexed) {
          // The completion index is enough to avoid recounting succeeded pods.
          const ix = getCompletionIndex(pod.metadata.annotations);
          if (ix >= 0 && ix < completions && !jobCtx.prevSucceededIndexes.has(ix)) {
            newSucceededIndexes.push(ix);
            needsFlush = true;
          }
        } else if (!jobCtx.uncountedSucceeded.has(uid)) {
          needsFlush = true;
          uncountedStatus.succeeded.push(uid);
        }
      } else if (
        considerPodFailed ||
        (jobCtx.finishedCondition && jobCtx.finishedCondition.type !== 'SuccessCriteriaMet')
      ) {
        // When the job is considered finished, every non-terminated pod is considered failed.
        const ix = getCompletionIndex(pod.metadata.annotations);
        if (!jobCtx.uncountedFailed.has(uid) && (!isIndexed || (ix >= 0 && ix < completions))) {
          if (job.spec?.podFailurePolicy) {
            if (matchPodFailurePolicy(job.spec.podFailurePolicy, pod).countFailed) {
              needsFlush = true;
              uncountedStatus.failed.push(uid);
            }
          } else {
            needsFlush = true;
            uncountedStatus.failed.push(uid);
          }
        }
      }
      if (
        newSucceededIndexes.length + uncountedStatus.succeeded.length + uncountedStatus.failed.length >=
        MAX_UNCOUNTED_PODS
      ) {
        // Enough pods for one sync: the Job and pod updates will sync it again.
        reachedMaxUncountedPods = true;
        break;
      }
    }
    if (isIndexed) {
      jobCtx.succeededIndexes = jobCtx.succeededIndexes.withOrderedIndexes(newSucceededIndexes);
      const str = jobCtx.succeededIndexes.toString();
      if (str !== (status.completedIndexes ?? '')) needsFlush = true;
      status.succeeded = jobCtx.succeededIndexes.total();
      status.completedIndexes = str;
    }
    if (jobCtx.finishedCondition?.type === 'FailureTarget') {
      // Record the interim FailureTarget condition before the finalizers (and so the pods) go.
      status.conditions = [...(status.conditions ?? []), jobCtx.finishedCondition];
      needsFlush = true;
      jobCtx.finishedCondition = newCondition(
        'Failed',
        'True',
        jobCtx.finishedCondition.reason ?? '',
        jobCtx.finishedCondition.message ?? '',
        this.clock.now(),
      );
    }
    if (jobCtx.finishedCondition?.type === 'SuccessCriteriaMet') {
      if (!hasSuccessCriteriaMetCondition(job)) {
        status.conditions = [...(status.conditions ?? []), jobCtx.finishedCondition];
        needsFlush = true;
      }
      jobCtx.finishedCondition = newCondition(
        'Complete',
        'True',
        jobCtx.finishedCondition.reason ?? '',
        jobCtx.finishedCondition.message ?? '',
        this.clock.now(),
      );
    }
    needsFlush = this.flushUncountedAndRemoveFinalizers(
      jobCtx,
      podsToRemoveFinalizer,
      uidsWithFinalizer,
      needsFlush,
    );
    const jobFinished = !reachedMaxUncountedPods && this.enactJobFinished(jobCtx);
    if (jobFinished) needsFlush = true;
    if (needsFlush) {
      this.updateJobStatus(jobCtx);
      if (jobFinished) this.recordJobFinished(jobCtx.job, jobCtx.finishedCondition!);
    }
  }

  /**
   * flushUncountedAndRemoveFinalizers: write the status (so the uncounted UIDs are safe), then
   * remove the finalizers, then fold the pods whose finalizer is gone into the counters.
   * Returns whether status changes remain to be written.
   */
  private flushUncountedAndRemoveFinalizers(
    jobCtx: SyncJobCtx,
    podsToRemoveFinalizer: PodObject[],
    uidsWithFinalizer: Set<string>,
    needsFlushIn: boolean,
  ): boolean {
    let needsFlush = needsFlushIn;
    if (needsFlush) {
      this.updateJobStatus(jobCtx);
      this.podBackoffStore.updateBackoffRecord(jobCtx.newBackoffRecord);
      needsFlush = false;
    }
    const key = this.keyOf(jobCtx.job);
    let rmErr: unknown;
    if (podsToRemoveFinalizer.length > 0) {
      this.finalizerExpectations.expectFinalizersRemoved(
        key,
        podsToRemoveFinalizer.map((p) => p.metadata.uid ?? ''),
      );
      for (const pod of podsToRemoveFinalizer) {
        const patch = removeTrackingFinalizerPatch(pod);
        if (!patch) continue;
        try {
          this.podControl.patchPod(pod.metadata.namespace ?? '', pod.metadata.name ?? '', patch);
        } catch (err) {
          this.finalizerExpectations.finalizerRemovalObserved(key, pod.metadata.uid ?? '');
          if (!isNotFound(err)) {
            if (rmErr === undefined) rmErr = err;
            continue;
          }
        }
        uidsWithFinalizer.delete(pod.metadata.uid ?? '');
      }
    }
    // Failed to remove some finalizers: attempt to update the status with the partial progress.
    if (cleanUncountedPodsWithoutFinalizers(jobCtx.job.status!, uidsWithFinalizer)) needsFlush = true;
    if (rmErr !== undefined && needsFlush) this.updateJobStatus(jobCtx);
    if (rmErr !== undefined) throw rmErr;
    return needsFlush;
  }

  /** enactJobFinished: add the Complete / Failed condition (completionTime for Complete). */
  private enactJobFinished(jobCtx: SyncJobCtx): boolean {
    const cond = jobCtx.finishedCondition;
    if (!cond) return false;
    const job = jobCtx.job;
    const u = job.status?.uncountedTerminatedPods;
    if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
    // v1.32 (JobManagedBy / JobPodReplacementPolicy): wait until no pod is terminating.
    if (jobCtx.terminating > 0) return false;
    const r = ensureJobConditionStatus(
      job.status!.conditions,
      cond.type,
      cond.status,
      cond.reason ?? '',
      cond.message ?? '',
      this.clock.now(),
    );
    job.status!.conditions = r.list;
    if (cond.type === 'Complete') job.status!.completionTime = cond.lastTransitionTime;
    return true;
  }

  private recordJobFinished(job: JobObject, cond: JobCondition): void {
    if (cond.type === 'Complete') {
      if (job.spec?.completions != null && (job.status?.succeeded ?? 0) > job.spec.completions)
        this.recorder.event(
          job,
          'Warning',
          'TooManySucceededPods',
          'Too many succeeded pods running after completion count reached',
        );
      this.recorder.event(job, 'Normal', 'Completed', 'Job completed');
    } else {
      this.recorder.event(job, 'Warning', cond.reason ?? '', cond.message ?? '');
    }
  }

  /** updateJobStatus: PUT jobs/<name>/status; keeps the returned object for further writes. */
  private updateJobStatus(jobCtx: SyncJobCtx): void {
    const body = { ...jobCtx.job, status: normalizeJobStatus(jobCtx.job.status!) };
    const updated = this.rest.update<JobObject>(JOBS, body, 'status');
    jobCtx.job.metadata = structuredClone(updated.metadata);
  }
}

const rfc = rfc3339;

/** newFailureCondition: v1.32 records FailureTarget first (delayTerminalCondition). */
function newFailureCondition(reason: string, message: string, now: number): JobCondition {
  return newCondition('FailureTarget', 'True', reason, message, now);
}

/** hasSuccessCriteriaMetCondition. */
function hasSuccessCriteriaMetCondition(job: JobObject): JobCondition | undefined {
  const c = findConditionByType(job.status?.conditions, 'SuccessCriteriaMet');
  return c && c.status === 'True' ? c : undefined;
}

function getFailJobMessage(job: JobObject, pods: PodObject[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const p of pods) {
    if (!isPodFailed(p, job)) continue;
    const m = matchPodFailurePolicy(job.spec.podFailurePolicy, p);
    if (m.message !== undefined) return m.message;
  }
  return undefined;
}

function nonIgnoredFailedPodsCount(jobCtx: SyncJobCtx, failedPods: PodObject[]): number {
  const policy = jobCtx.job.spec?.podFailurePolicy;
  if (!policy) return failedPods.length;
  return failedPods.filter((p) => matchPodFailurePolicy(policy, p).countFailed).length;
}

/** cleanUncountedPodsWithoutFinalizers: uncounted pods whose finalizer is gone move into the counters. */
function cleanUncountedPodsWithoutFinalizers(
  status: NonNullable<JobObject['status']>,
  uidsWithFinalizer: Set<string>,
): boolean {
  let updated = false;
  const u = status.uncountedTerminatedPods!;
  const succeeded = (u.succeeded ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (succeeded.length !== (u.succeeded ?? []).length) {
    updated = true;
    status.succeeded = (status.succeeded ?? 0) + (u.succeeded ?? []).length - succeeded.length;
    u.succeeded = succeeded;
  }
  const failed = (u.failed ?? []).filter((uid) => uidsWithFinalizer.has(uid));
  if (failed.length !== (u.failed ?? []).length) {
    updated = true;
    status.failed = (status.failed ?? 0) + (u.failed ?? []).length - failed.length;
    u.failed = failed;
  }
  return updated;
}

/**
 * activePodsForRemoval: surplus pods, least far along first; for Indexed Jobs first the
 * duplicates of an index and pods with invalid indexes.
 */
function activePodsForRemoval(job: JobObject, pods: PodObject[], rmAtLeast: number): PodObject[] {
  let rm: PodObject[] = [];
  let left: PodObject[];
  if (isIndexedJob(job)) {
    ({ rm, left } = appendDuplicatedIndexPodsForRemoval(pods, job.spec?.completions ?? 0));
  } else left = pods;
  if (rm.length < rmAtLeast) rm = [...rm, ...sortActivePods(left).slice(0, rmAtLeast - rm.length)];
  return rm;
}

function appendDuplicatedIndexPodsForRemoval(
  podsIn: PodObject[],
  completions: number,
): { rm: PodObject[]; left: PodObject[] } {
  const rm: PodObject[] = [];
  const left: PodObject[] = [];
  const pods = [...podsIn].sort(
    (a, b) => getCompletionIndex(a.metadata.annotations) - getCompletionIndex(b.metadata.annotations),
  );
  const flush = (group: PodObject[], ix: number): void => {
    if (ix < 0) {
      rm.push(...group);
      return;
    }
    if (group.length === 0) return;
    if (group.length === 1) {
      left.push(group[0]!);
      return;
    }
    const sorted = sortActivePods(group);
    rm.push(...sorted.slice(0, -1));
    left.push(sorted[sorted.length - 1]!);
  };
  let lastIndex = -1;
  let firstRepeatPos = 0;
  let countLooped = 0;
  for (let i = 0; i < pods.length; i++) {
    const ix = getCompletionIndex(pods[i]!.metadata.annotations);
    if (ix >= completions) {
      rm.push(...pods.slice(i));
      break;
    }
    if (ix !== lastIndex) {
      flush(pods.slice(firstRepeatPos, i), lastIndex);
      firstRepeatPos = i;
      lastIndex = ix;
    }
    countLooped++;
  }
  flush(pods.slice(firstRepeatPos, countLooped), lastIndex);
  return { rm, left };
}

/** firstPendingIndexes: the lowest indexes neither succeeded nor running (nor terminating). */
function firstPendingIndexes(jobCtx: SyncJobCtx, count: number, completions: number): number[] {
  if (count === 0) return [];
  const activeIdx = jobCtx.activePods
    .map((p) => getCompletionIndex(p.metadata.annotations))
    .filter((i) => i >= 0);
  let nonPending = jobCtx.succeededIndexes.withOrderedIndexes(activeIdx);
  if (onlyReplaceFailedPods(jobCtx.job)) {
    const term = jobCtx.pods
      .filter(isPodTerminating)
      .map((p) => getCompletionIndex(p.metadata.annotations))
      .filter((i) => i >= 0);
    nonPending = nonPending.withOrderedIndexes(term);
  }
  const result: number[] = [];
  for (let candidate = 0; candidate < completions && result.length < count; candidate++)
    if (!nonPending.has(candidate)) result.push(candidate);
  return result;
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the pod's annotation, in every container. */
function addCompletionIndexEnvVariables(template: PodTemplateSpec): void {
  const add = (c: { env?: EnvVar[] }): void => {
    if ((c.env ?? []).some((v) => v.name === JOB_COMPLETION_INDEX_ENV_NAME)) return;
    c.env = [
      ...(c.env ?? []),
      {
        name: JOB_COMPLETION_INDEX_ENV_NAME,
        valueFrom: { fieldRef: { fieldPath: `metadata.annotations['${JOB_COMPLETION_INDEX_ANNOTATION}']` } },
      },
    ];
  };
  for (const c of template.spec?.initContainers ?? []) add(c);
  for (const c of template.spec?.containers ?? []) add(c);
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name shortened if needed. */
function podGenerateNameWithIndex(jobName: string, index: number): string {
  const appendIndex = `-${index}-`;
  let prefix = jobName + appendIndex;
  if (prefix.length > MAX_GENERATED_NAME_LENGTH)
    prefix = jobName.slice(0, MAX_GENERATED_NAME_LENGTH - appendIndex.length) + appendIndex;
  return prefix;
}

export { DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, MAX_JOB_POD_FAILURE_BACKOFF_MS };
