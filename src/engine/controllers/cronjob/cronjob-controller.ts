/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go): creates
 * a Job at each scheduled time.
 *
 * It does not poll. Each sync works out the most recent scheduled time that has not been run
 * yet, creates its Job (named `<cronjob>-<scheduled time in minutes since the epoch>`, so that
 * the same time can never run twice), and puts the CronJob back on the queue for the next
 * scheduled time plus 100ms. If the controller was down and missed runs, only the latest one is
 * started (and a warning is recorded when more than 100 were missed). It also keeps
 * status.active in step with the Jobs, and deletes the oldest finished Jobs beyond
 * successfulJobsHistoryLimit (3) and failedJobsHistoryLimit (1).
 */
import type { CronJob } from 'kubernetes-types/batch/v1';
import type { ObjectReference } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { EventRecorder } from '../../events';
import {
  errorMessage,
  hasStatusCause,
  isAlreadyExists,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { parseTime, rfc3339, splitMetaNamespaceKey } from '../framework/objects';
import { getControllerOf, isControlledBy, newControllerRef } from '../replicaset/podutil';
import { goOrder } from '../replicaset/replicaset-status';
import {
  CRONJOBS,
  finishedCondition,
  isJobFinished,
  isJobSucceeded,
  JOBS,
  type JobObject,
} from '../job/util';
import { formatRFC3339In, loadLocation, parseSchedule, type Schedule } from './schedule';

export type CronJobObject = CronJob & KubeObject;

/** nextScheduleDelta: wake up 100ms after the scheduled time (clock skew). */
const NEXT_SCHEDULE_DELTA_MS = 100;
export const CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

type MissedSchedules = 'none' | 'few' | 'many';

/**
 * mostRecentScheduleTime: from the last schedule time (or creation, or now − startingDeadline),
 * the latest scheduled time not after now, and how many were missed.
 */
export function mostRecentScheduleTime(
  cj: CronJobObject,
  now: number,
  schedule: Schedule,
  includeStartingDeadlineSeconds: boolean,
): { earliestTime: number; mostRecentTime?: number; missed: MissedSchedules; error?: Error } {
  let earliestTime = parseTime(cj.metadata.creationTimestamp);
  const last = parseTime(cj.status?.lastScheduleTime);
  if (!Number.isNaN(last)) earliestTime = last;
  if (includeStartingDeadlineSeconds && cj.spec?.startingDeadlineSeconds != null) {
    // The controller is not going to schedule anything below this point.
    const schedulingDeadline = now - cj.spec.startingDeadlineSeconds * 1000;
    if (schedulingDeadline > earliestTime) earliestTime = schedulingDeadline;
  }
  const t1 = schedule.next(earliestTime);
  const t2 = schedule.next(t1);
  if (now < t1) return { earliestTime, missed: 'none' };
  if (now < t2) return { earliestTime, mostRecentTime: t1, missed: 'none' };
  // A grammatically valid schedule that never fires twice a second apart (e.g. 31 February).
  const timeBetweenTwoSchedules = Math.round((t2 - t1) / 1000);
  if (timeBetweenTwoSchedules < 1)
    return {
      earliestTime,
      missed: 'none',
      error: new Error('time difference between two schedules is less than 1 second'),
    };
  // A rough count of the missed runs: how many intervals fit between t1 and now.
  const timeElapsed = Math.trunc((now - t1) / 1000);
  const numberOfMissedSchedules = Math.trunc(timeElapsed / timeBetweenTwoSchedules) + 1;
  // Start a little before the estimate and let the schedule find the exact latest time (this
  // matters for irregular schedules such as `30 6-16/4 * * 1-5`).
  const potentialEarliest = t1 + (numberOfMissedSchedules - 1 - 1) * timeBetweenTwoSchedules * 1000;
  let mostRecentTime: number | undefined;
  for (let t = schedule.next(potentialEarliest); t <= now; t = schedule.next(t)) mostRecentTime = t;
  const missed: MissedSchedules =
    numberOfMissedSchedules > 100 ? 'many' : numberOfMissedSchedules > 0 ? 'few' : 'none';
  return { earliestTime, mostRecentTime, missed };
}

/** nextScheduleTimeDuration: how long until the next scheduled time (+100ms) from now. */
export function nextScheduleTimeDuration(cj: CronJobObject, now: number, schedule: Schedule): number {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let mostRecent: number;
  if (r.error) mostRecent = now;
  else if (r.mostRecentTime === undefined) mostRecent = r.missed === 'none' ? r.earliestTime : now;
  else mostRecent = r.mostRecentTime;
  return schedule.next(mostRecent) + NEXT_SCHEDULE_DELTA_MS - now;
}

/** getJobName: `<cronjob>-<scheduledTime.Unix()/60>`. */
export const getJobName = (cj: KubeObject, scheduledTime: number): string =>
  `${cj.metadata.name}-${Math.floor(Math.floor(scheduledTime / 1000) / 60)}`;

/** formatSchedule: the schedule with `TZ=<spec.timeZone>` prefixed (cron.ParseStandard reads it). */
function formatSchedule(cj: CronJobObject, recorder: EventRecorder | undefined): string {
  const schedule = cj.spec?.schedule ?? '';
  if (schedule.includes('TZ')) {
    recorder?.event(
      cj,
      'Warning',
      'UnsupportedSchedule',
      `CRON_TZ or TZ used in schedule ${JSON.stringify(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`,
    );
    return schedule;
  }
  if (cj.spec?.timeZone != null) {
    if (loadLocation(cj.spec.timeZone)) return schedule;
    return `TZ=${cj.spec.timeZone} ${schedule}`;
  }
  return schedule;
}

/** ref.GetReference of a Job: what status.active lists. */
function jobRef(job: JobObject): ObjectReference {
  return goOrder(
    {
      kind: 'Job',
      namespace: job.metadata.namespace,
      name: job.metadata.name,
      uid: job.metadata.uid,
      apiVersion: 'batch/v1',
      resourceVersion: job.metadata.resourceVersion,
    },
    ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion'],
  );
}

export class CronJobController extends Controller {
  private readonly rest: RestClient;
  private readonly recorder: EventRecorder;
  private readonly jobInformer: SharedInformer<JobObject>;
  private readonly cjInformer: SharedInformer<CronJobObject>;

  constructor(ctx: ControllerContext) {
    super('cronjob', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'cronjob-controller');
    this.recorder = ctx.events.newRecorder({ component: 'cronjob-controller' });
    this.jobInformer = ctx.informers.informerFor<JobObject>(JOBS);
    this.cjInformer = ctx.informers.informerFor<CronJobObject>(CRONJOBS);
    this.jobInformer.addEventHandler({
      add: (job) => this.addJob(job),
      update: (oldJob, curJob) => this.updateJob(oldJob, curJob),
      delete: (job) => this.deleteJob(job),
    });
    this.cjInformer.addEventHandler({
      add: (cj) => this.enqueue(this.keyOf(cj)),
      update: (oldCJ, newCJ) => this.updateCronJob(oldCJ, newCJ),
      delete: (cj) => this.enqueue(this.keyOf(cj)),
    });
    this.waitForCacheSync(
      () => this.jobInformer.hasSynced(),
      () => this.cjInformer.hasSynced(),
    );
  }

  private keyOf(obj: KubeObject): string {
    return `${obj.metadata.namespace}/${obj.metadata.name}`;
  }

  private resolveControllerRef(namespace: string, ref: { kind: string; name: string; uid: string }) {
    if (ref.kind !== 'CronJob') return undefined;
    const cj = this.cjInformer.lister.get(namespace, ref.name);
    return cj && cj.metadata.uid === ref.uid ? cj : undefined;
  }

  private addJob(job: JobObject): void {
    if (job.metadata.deletionTimestamp) {
      this.deleteJob(job);
      return;
    }
    const ref = getControllerOf(job);
    if (!ref) return;
    const cj = this.resolveControllerRef(job.metadata.namespace ?? '', ref);
    if (cj) this.enqueue(this.keyOf(cj));
  }

  private updateJob(oldJob: JobObject, curJob: JobObject): void {
    if (curJob.metadata.resourceVersion === oldJob.metadata.resourceVersion) return;
    const curRef = getControllerOf(curJob);
    const oldRef = getControllerOf(oldJob);
    if (JSON.stringify(curRef) !== JSON.stringify(oldRef) && oldRef) {
      const cj = this.resolveControllerRef(oldJob.metadata.namespace ?? '', oldRef);
      if (cj) this.enqueue(this.keyOf(cj));
    }
    if (curRef) {
      const cj = this.resolveControllerRef(curJob.metadata.namespace ?? '', curRef);
      if (cj) this.enqueue(this.keyOf(cj));
    }
  }

  private deleteJob(job: JobObject): void {
    const ref = getControllerOf(job);
    if (!ref) return;
    const cj = this.resolveControllerRef(job.metadata.namespace ?? '', ref);
    if (cj) this.enqueue(this.keyOf(cj));
  }

  /** updateCronJob: a new schedule or time zone requeues for the new next time; anything else now. */
  private updateCronJob(oldCJ: CronJobObject, newCJ: CronJobObject): void {
    if (
      oldCJ.spec?.schedule !== newCJ.spec?.schedule ||
      (oldCJ.spec?.timeZone ?? null) !== (newCJ.spec?.timeZone ?? null)
    ) {
      let sched: Schedule;
      try {
        sched = parseSchedule(formatSchedule(newCJ, undefined));
      } catch {
        this.recorder.event(
          newCJ,
          'Warning',
          'UnParseableCronJobSchedule',
          `unparseable schedule for cronjob: ${newCJ.spec?.schedule ?? ''}`,
        );
        return;
      }
      this.queue.addAfter(this.keyOf(newCJ), nextScheduleTimeDuration(newCJ, this.clock.now(), sched));
      return;
    }
    this.enqueue(this.keyOf(newCJ));
  }

  /** sync: reconcile, write status once, and requeue for the next scheduled time. */
  protected sync(key: string): void {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cronJob = this.cjInformer.lister.get(namespace, name);
    if (!cronJob) return; // deleted
    // Jobs that still point at this CronJob by name (labels may have changed since).
    const jobs = this.jobInformer.lister
      .list(namespace)
      .filter((j) => getControllerOf(j)?.name === cronJob.metadata.name);
    const cj = structuredClone(cronJob) as CronJobObject;
    const updateStatusAfterCleanup = this.cleanupFinishedJobs(cj, jobs);
    const { requeueAfter, updateStatus, error } = this.syncCronJob(cj, jobs);
    if (updateStatusAfterCleanup || updateStatus) {
      cj.status = goOrder(cj.status ?? {}, ['active', 'lastScheduleTime', 'lastSuccessfulTime']);
      if (cj.status.active && cj.status.active.length === 0) delete cj.status.active;
      this.rest.update(CRONJOBS, cj, 'status');
    }
    if (requeueAfter !== undefined) {
      this.queue.addAfter(key, requeueAfter);
      return;
    }
    if (error !== undefined) throw error;
  }

  /**
   * syncCronJob: bring status.active in line with the Jobs, then start the Job of the most recent
   * unmet scheduled time if the policy allows. Returns when to sync again.
   */
  private syncCronJob(
    cronJob: CronJobObject,
    jobs: JobObject[],
  ): { requeueAfter?: number; updateStatus: boolean; error?: unknown } {
    const now = this.clock.now();
    let updateStatus = false;
    const status = (cronJob.status ??= {});
    const inActiveList = (uid: string | undefined): boolean =>
      (status.active ?? []).some((j) => j.uid === uid);
    const deleteFromActiveList = (uid: string | undefined): void => {
      status.active = (status.active ?? []).filter((j) => j.uid !== uid);
    };
    const childrenJobs = new Set<string>();
    for (const j of jobs) {
      childrenJobs.add(j.metadata.uid ?? '');
      const found = inActiveList(j.metadata.uid);
      if (!found && !isJobFinished(j)) {
        let fresh: CronJobObject;
        try {
          fresh = this.rest.get<CronJobObject>(
            CRONJOBS,
            cronJob.metadata.namespace,
            cronJob.metadata.name ?? '',
          );
        } catch (err) {
          return { updateStatus, error: err };
        }
        if ((fresh.status?.active ?? []).some((a) => a.uid === j.metadata.uid)) {
          cronJob.status = { ...fresh.status };
          Object.assign(status, cronJob.status);
          continue;
        }
        // An unfinished Job that names us as its controller but is not in our active list.
        this.recorder.event(
          cronJob,
          'Warning',
          'UnexpectedJob',
          `Saw a job that the controller did not create or forgot: ${j.metadata.name}`,
        );
      } else if (found && isJobFinished(j)) {
        const cond = finishedCondition(j);
        deleteFromActiveList(j.metadata.uid);
        this.recorder.event(
          cronJob,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${j.metadata.name}, status: ${cond?.type}`,
        );
        updateStatus = true;
      } else if (isJobSucceeded(j)) {
        // A Job does not have to be in the active list to count as the last success.
        const completion = j.status?.completionTime;
        if (!status.lastSuccessfulTime && completion) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
        if (completion && parseTime(completion) > parseTime(status.lastSuccessfulTime)) {
          status.lastSuccessfulTime = completion;
          updateStatus = true;
        }
      }
    }
    // Remove active references to Jobs that no longer exist (checked with a fresh GET).
    for (const a of [...(status.active ?? [])]) {
      if (childrenJobs.has(a.uid ?? '')) continue;
      try {
        this.rest.get(JOBS, a.namespace, a.name ?? '');
      } catch (err) {
        if (!isNotFound(err)) return { updateStatus, error: err };
        this.recorder.event(cronJob, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`);
        deleteFromActiveList(a.uid);
        updateStatus = true;
      }
    }

    if (cronJob.metadata.deletionTimestamp) return { updateStatus };
    if (cronJob.spec?.timeZone != null) {
      const err = loadLocation(cronJob.spec.timeZone);
      if (err) {
        this.recorder.event(
          cronJob,
          'Warning',
          'UnknownTimeZone',
          `invalid timeZone: ${JSON.stringify(cronJob.spec.timeZone)}: ${err.message}`,
        );
        return { updateStatus };
      }
    }
    if (cronJob.spec?.suspend) return { updateStatus };

    let sched: Schedule;
    try {
      sched = parseSchedule(formatSchedule(cronJob, this.recorder));
    } catch (err) {
      this.recorder.event(
        cronJob,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(cronJob.spec?.schedule ?? '')} : ${errorMessage(err)}`,
      );
      return { updateStatus };
    }
    const r = mostRecentScheduleTime(cronJob, now, sched, true);
    if (r.error) {
      this.recorder.event(
        cronJob,
        'Warning',
        'InvalidSchedule',
        `invalid schedule: ${cronJob.spec?.schedule ?? ''} : ${r.error.message}`,
      );
      return { updateStatus };
    }
    const scheduledTime =
      r.mostRecentTime !== undefined && r.mostRecentTime <= now ? r.mostRecentTime : undefined;
    if (scheduledTime !== undefined && r.missed === 'many')
      this.recorder.event(
        cronJob,
        'Warning',
        'TooManyMissedTimes',
        'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
      );
    if (scheduledTime === undefined) {
      // No unmet start time: wait for the next one.
      return { requeueAfter: nextScheduleTimeDuration(cronJob, now, sched), updateStatus };
    }

    const deadline = cronJob.spec?.startingDeadlineSeconds;
    if (deadline != null && scheduledTime + deadline * 1000 < now) {
      this.recorder.event(
        cronJob,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc1123z(scheduledTime)}`,
      );
      return { requeueAfter: nextScheduleTimeDuration(cronJob, now, sched), updateStatus };
    }
    const jobName = getJobName(cronJob, scheduledTime);
    if (
      (status.active ?? []).some((a) => a.name === jobName && a.namespace === cronJob.metadata.namespace) ||
      parseTime(status.lastScheduleTime) === Math.floor(scheduledTime / 1000) * 1000
    ) {
      // This scheduled time was processed already.
      return { requeueAfter: nextScheduleTimeDuration(cronJob, now, sched), updateStatus };
    }
    if (cronJob.spec?.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      this.recorder.event(
        cronJob,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return { requeueAfter: nextScheduleTimeDuration(cronJob, now, sched), updateStatus };
    }
    if (cronJob.spec?.concurrencyPolicy === 'Replace') {
      for (const a of [...(status.active ?? [])]) {
        let job: JobObject;
        try {
          job = this.rest.get<JobObject>(JOBS, a.namespace, a.name ?? '');
        } catch (err) {
          this.recorder.event(cronJob, 'Warning', 'FailedGet', `Get job: ${errorMessage(err)}`);
          return { updateStatus, error: err };
        }
        if (!this.deleteJobOf(cronJob, job))
          return {
            updateStatus,
            error: new Error(`could not replace job ${job.metadata.namespace}/${job.metadata.name}`),
          };
        updateStatus = true;
      }
    }

    const jobReq = this.getJobFromTemplate(cronJob, scheduledTime);
    let jobResp: JobObject;
    let jobAlreadyExists = false;
    try {
      jobResp = this.rest.create<JobObject>(JOBS, cronJob.metadata.namespace, jobReq);
    } catch (err) {
      if (hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE)) return { updateStatus, error: err };
      if (!isAlreadyExists(err)) {
        this.recorder.event(cronJob, 'Warning', 'FailedCreate', `Error creating job: ${errorMessage(err)}`);
        return { updateStatus, error: err };
      }
      // Created before, but the status update that should have recorded it failed.
      jobAlreadyExists = true;
      try {
        jobResp = this.rest.get<JobObject>(JOBS, jobReq.metadata.namespace, jobReq.metadata.name ?? '');
      } catch (getErr) {
        return { updateStatus, error: getErr };
      }
      if (!isControlledBy(jobResp, cronJob)) return { updateStatus };
      if (inActiveList(jobResp.metadata.uid)) return { updateStatus };
    }
    if (!jobAlreadyExists)
      this.recorder.event(cronJob, 'Normal', 'SuccessfulCreate', `Created job ${jobResp.metadata.name}`);
    status.active = [...(status.active ?? []), jobRef(jobResp)];
    status.lastScheduleTime = rfc3339(scheduledTime);
    updateStatus = true;
    return { requeueAfter: nextScheduleTimeDuration(cronJob, now, sched), updateStatus };
  }

  /** getJobFromTemplate2: the Job for one scheduled time. */
  private getJobFromTemplate(cj: CronJobObject, scheduledTime: number): JobObject {
    const tmpl = cj.spec?.jobTemplate ?? {};
    const labels = { ...(tmpl.metadata?.labels ?? {}) };
    const annotations: Record<string, string> = { ...(tmpl.metadata?.annotations ?? {}) };
    annotations[CRONJOB_SCHEDULED_TIMESTAMP_ANNOTATION] = formatRFC3339In(
      scheduledTime,
      cj.spec?.timeZone ?? undefined,
    );
    const metadata: JobObject['metadata'] = {
      name: getJobName(cj, scheduledTime),
      namespace: cj.metadata.namespace,
    };
    if (Object.keys(labels).length > 0) metadata.labels = labels;
    metadata.annotations = annotations;
    metadata.ownerReferences = [newControllerRef(cj, 'batch/v1', 'CronJob')];
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata,
      spec: structuredClone(tmpl.spec ?? {}),
    } as JobObject;
  }

  /** deleteJob: delete a Job (in the background) and drop it from the active list. */
  private deleteJobOf(cj: CronJobObject, job: JobObject): boolean {
    try {
      this.rest.delete(JOBS, job.metadata.namespace, job.metadata.name ?? '', {
        propagationPolicy: 'Background',
      });
    } catch (err) {
      this.recorder.event(cj, 'Warning', 'FailedDelete', `Deleted job: ${errorMessage(err)}`);
      return false;
    }
    if (cj.status) cj.status.active = (cj.status.active ?? []).filter((a) => a.uid !== job.metadata.uid);
    this.recorder.event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    return true;
  }

  /** cleanupFinishedJobs: keep at most successfulJobsHistoryLimit / failedJobsHistoryLimit finished Jobs. */
  private cleanupFinishedJobs(cj: CronJobObject, jobs: JobObject[]): boolean {
    const successLimit = cj.spec?.successfulJobsHistoryLimit;
    const failedLimit = cj.spec?.failedJobsHistoryLimit;
    if (successLimit == null && failedLimit == null) return false;
    const successful: JobObject[] = [];
    const failed: JobObject[] = [];
    for (const job of jobs) {
      const cond = (job.status?.conditions ?? []).find(
        (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
      );
      if (cond?.type === 'Complete') successful.push(job);
      else if (cond?.type === 'Failed') failed.push(job);
    }
    let updateStatus = false;
    if (successLimit != null && this.removeOldestJobs(cj, successful, successLimit)) updateStatus = true;
    if (failedLimit != null && this.removeOldestJobs(cj, failed, failedLimit)) updateStatus = true;
    return updateStatus;
  }

  private removeOldestJobs(cj: CronJobObject, jobs: JobObject[], maxJobs: number): boolean {
    const numToDelete = jobs.length - maxJobs;
    if (numToDelete <= 0) return false;
    // byJobStartTime: started first (no startTime last), then by name.
    const start = (j: JobObject): number => parseTime(j.status?.startTime);
    jobs.sort((a, b) => {
      const sa = start(a);
      const sb = start(b);
      if (Number.isNaN(sa) && !Number.isNaN(sb)) return 1;
      if (!Number.isNaN(sa) && Number.isNaN(sb)) return -1;
      if (sa === sb || (Number.isNaN(sa) && Number.isNaN(sb)))
        return (a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1;
      return sa - sb;
    });
    let updateStatus = false;
    for (let i = 0; i < numToDelete; i++) if (this.deleteJobOf(cj, jobs[i]!)) updateStatus = true;
    return updateStatus;
  }
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
export function rfc1123z(ms: number): string {
  const d = new Date(ms);
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
