/**
 * Helpers of the Job controller (pkg/controller/job/util, job_controller.go, pod_failure_policy.go,
 * success_policy.go): conditions, the tracking finalizer, and what counts as a failed pod.
 */
import type {
  Job,
  JobCondition,
  JobStatus,
  PodFailurePolicy,
  SuccessPolicy,
} from 'kubernetes-types/batch/v1';
import type { Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { ResourceRef } from '../framework/client';
import { rfc3339 } from '../framework/objects';
import { goOrder } from '../replicaset/replicaset-status';

export type JobObject = Job & KubeObject;

/** batch/v1 resources (framework/resources.ts lists the core and apps ones). */
export const JOBS: ResourceRef = {
  group: 'batch',
  version: 'v1',
  resource: 'jobs',
  kind: 'Job',
  namespaced: true,
};
export const CRONJOBS: ResourceRef = {
  group: 'batch',
  version: 'v1',
  resource: 'cronjobs',
  kind: 'CronJob',
  namespaced: true,
};

/**
 * batch.kubernetes.io/job-tracking: the controller puts this finalizer on every pod it creates
 * and removes it only once it has counted the pod as succeeded or failed in the Job's status.
 * A finished pod can therefore not vanish (deleted by someone, garbage-collected) before it was
 * counted — the Job never loses track of a completion.
 */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const JOB_COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
export const JOB_COMPLETION_INDEX_ENV_NAME = 'JOB_COMPLETION_INDEX';

export const hasJobTrackingFinalizer = (pod: Pod): boolean =>
  (pod.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** IsJobFinished: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** The finished condition (Complete or Failed) of a finished Job. */
export function finishedCondition(job: Job): JobCondition | undefined {
  return (job.status?.conditions ?? []).find(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

export const isJobSucceeded = (job: Job): boolean =>
  (job.status?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

export function findConditionByType(
  list: JobCondition[] | undefined,
  type: string,
): JobCondition | undefined {
  return (list ?? []).find((c) => c.type === type);
}

/** newCondition: lastProbeTime = lastTransitionTime = now (Go field order). */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): JobCondition {
  const t = rfc3339(now);
  const c: JobCondition = { type, status, lastProbeTime: t, lastTransitionTime: t };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

/**
 * ensureJobConditionStatus: update the condition of that type, or append it — but never append
 * a False condition (going from nothing to False is meaningless).
 */
export function ensureJobConditionStatus(
  list: JobCondition[] | undefined,
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): { list: JobCondition[]; updated: boolean } {
  const conditions = [...(list ?? [])];
  const i = conditions.findIndex((c) => c.type === type);
  if (i >= 0) {
    const c = conditions[i]!;
    if (c.status !== status || (c.reason ?? '') !== reason || (c.message ?? '') !== message) {
      conditions[i] = newCondition(type, status, reason, message, now);
      return { list: conditions, updated: true };
    }
    return { list: conditions, updated: false };
  }
  if (status !== 'False')
    return { list: [...conditions, newCondition(type, status, reason, message, now)], updated: true };
  return { list: conditions, updated: false };
}

/** JobStatus fields in Go struct order. */
const JOB_STATUS_FIELDS = [
  'conditions',
  'startTime',
  'completionTime',
  'active',
  'succeeded',
  'failed',
  'terminating',
  'completedIndexes',
  'failedIndexes',
  'uncountedTerminatedPods',
  'ready',
];

/** The status as the API would serialise it: Go order, omitempty fields left out when zero. */
export function normalizeJobStatus(status: JobStatus): JobStatus {
  const s = { ...status } as Record<string, unknown>;
  for (const k of ['active', 'succeeded', 'failed']) if (!s[k]) delete s[k];
  if (!s.completedIndexes) delete s.completedIndexes;
  if (s.conditions && (s.conditions as unknown[]).length === 0) delete s.conditions;
  const u = s.uncountedTerminatedPods as { succeeded?: string[]; failed?: string[] } | undefined;
  if (u) {
    const nu: { succeeded?: string[]; failed?: string[] } = {};
    if (u.succeeded?.length) nu.succeeded = u.succeeded;
    if (u.failed?.length) nu.failed = u.failed;
    s.uncountedTerminatedPods = nu;
  }
  return goOrder(s, JOB_STATUS_FIELDS) as JobStatus;
}

export const isIndexedJob = (job: Job): boolean => job.spec?.completionMode === 'Indexed';
export const hasBackoffLimitPerIndex = (job: Job): boolean => job.spec?.backoffLimitPerIndex != null;
export const jobSuspended = (job: Job): boolean => job.spec?.suspend === true;

/**
 * onlyReplaceFailedPods: podReplacementPolicy Failed (or a podFailurePolicy): a pod that is still
 * terminating is not replaced until it has actually failed.
 */
export function onlyReplaceFailedPods(job: Job): boolean {
  return job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy != null;
}

/**
 * isPodFailed: phase Failed — or, unless only failed pods are replaced, being deleted before it
 * succeeded (an orphan that never reaches Failed still counts as a failure).
 */
export function isPodFailed(p: Pod, job: Job): boolean {
  if (p.status?.phase === 'Failed') return true;
  if (onlyReplaceFailedPods(job)) return false;
  return !!p.metadata?.deletionTimestamp && p.status?.phase !== 'Succeeded';
}

/** pastBackoffLimitOnFailure: restartPolicy OnFailure counts container restarts instead of pods. */
export function pastBackoffLimitOnFailure(job: Job, pods: readonly Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let result = 0;
  for (const po of pods) {
    const phase = po.status?.phase;
    if (phase !== 'Running' && phase !== 'Pending') continue;
    for (const s of po.status?.initContainerStatuses ?? []) result += s.restartCount ?? 0;
    for (const s of po.status?.containerStatuses ?? []) result += s.restartCount ?? 0;
  }
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? result > 0 : result >= limit;
}

// ---------------------------------------------------------------------------------------------
// podFailurePolicy (pod_failure_policy.go)
// ---------------------------------------------------------------------------------------------

export interface PolicyMatch {
  /** A FailJob rule matched: the message of the FailureTarget condition. */
  message?: string;
  /** Whether the failure counts against backoffLimit (false for Ignore). */
  countFailed: boolean;
  action?: string;
}

/** matchPodFailurePolicy: the first rule that matches a failed pod decides. */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const rules = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.onExitCodes) {
      const req = rule.onExitCodes;
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ];
      const cs = statuses.find((s) => {
        if (req.containerName && req.containerName !== s.name) return false;
        const code = s.state?.terminated?.exitCode;
        if (code === undefined || code === 0) return false;
        const has = (req.values ?? []).includes(code);
        return req.operator === 'In' ? has : !has;
      });
      if (!cs) continue;
      switch (rule.action) {
        case 'Ignore':
          return { countFailed: false, action: 'Ignore' };
        case 'Count':
          return { countFailed: true, action: 'Count' };
        case 'FailJob':
          return {
            message: `Container ${cs.name} for pod ${pod.metadata?.namespace}/${pod.metadata?.name} failed with exit code ${cs.state?.terminated?.exitCode} matching FailJob rule at index ${index}`,
            countFailed: true,
            action: 'FailJob',
          };
        default:
          continue;
      }
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((c: PodCondition) =>
        rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status),
      );
      if (!cond) continue;
      switch (rule.action) {
        case 'Ignore':
          return { countFailed: false, action: 'Ignore' };
        case 'Count':
          return { countFailed: true, action: 'Count' };
        case 'FailJob':
          return {
            message: `Pod ${pod.metadata?.namespace}/${pod.metadata?.name} has condition ${cond.type} matching FailJob rule at index ${index}`,
            countFailed: true,
            action: 'FailJob',
          };
        default:
          continue;
      }
    }
  }
  return { countFailed: true };
}

// ---------------------------------------------------------------------------------------------
// Completion indexes (indexed_job_utils.go)
// ---------------------------------------------------------------------------------------------

/** getCompletionIndex: the pod's completion index annotation, or -1. */
export function getCompletionIndex(annotations: Record<string, string> | undefined): number {
  const v = annotations?.[JOB_COMPLETION_INDEX_ANNOTATION];
  if (v === undefined || !/^\d+$/.test(v)) return -1;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : -1;
}

export interface Interval {
  first: number;
  last: number;
}

/** orderedIntervals: sorted, disjoint ranges of indexes, printed as `1,3-5,7` (a pair as `1,2`). */
export class OrderedIntervals {
  constructor(readonly intervals: Interval[] = []) {}

  static parse(s: string | undefined, completions: number): OrderedIntervals {
    const out: Interval[] = [];
    for (const part of (s ?? '').split(',')) {
      if (!part) continue;
      const [a, b] = part.split('-');
      const first = Number(a);
      const last = b === undefined ? first : Number(b);
      if (!Number.isInteger(first) || !Number.isInteger(last) || first >= completions) continue;
      out.push({ first, last: Math.min(last, completions - 1) });
    }
    return new OrderedIntervals([]).withOrderedIndexes(out.flatMap((i) => range(i.first, i.last)));
  }

  total(): number {
    return this.intervals.reduce((n, i) => n + i.last - i.first + 1, 0);
  }

  has(ix: number): boolean {
    return this.intervals.some((i) => ix >= i.first && ix <= i.last);
  }

  /** withOrderedIndexes: the union with sorted indexes. */
  withOrderedIndexes(indexes: readonly number[]): OrderedIntervals {
    const all = new Set<number>(indexes);
    for (const i of this.intervals) for (let x = i.first; x <= i.last; x++) all.add(x);
    const sorted = [...all].sort((a, b) => a - b);
    const out: Interval[] = [];
    for (const x of sorted) {
      const last = out[out.length - 1];
      if (last && last.last + 1 === x) last.last = x;
      else out.push({ first: x, last: x });
    }
    return new OrderedIntervals(out);
  }

  toString(): string {
    return this.intervals
      .map((v) =>
        v.last > v.first ? `${v.first}${v.last === v.first + 1 ? ',' : '-'}${v.last}` : `${v.first}`,
      )
      .join(',');
  }
}

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let x = a; x <= b; x++) out.push(x);
  return out;
}

/**
 * matchSuccessPolicy (Indexed Jobs): the Job succeeds early once a rule's succeededIndexes
 * and/or succeededCount are met. Message `Matched rules at index N`.
 */
export function matchSuccessPolicy(
  policy: SuccessPolicy | undefined,
  completions: number,
  succeeded: OrderedIntervals,
): string | undefined {
  if (!policy || succeeded.intervals.length === 0) return undefined;
  const rules = policy.rules ?? [];
  for (let index = 0; index < rules.length; index++) {
    const rule = rules[index]!;
    if (rule.succeededIndexes != null) {
      const required = OrderedIntervals.parse(rule.succeededIndexes, completions);
      if (required.intervals.length === 0) continue;
      let matched = 0;
      for (const i of required.intervals)
        for (let x = i.first; x <= i.last; x++) if (succeeded.has(x)) matched++;
      if (rule.succeededCount == null ? matched === required.total() : matched >= rule.succeededCount)
        return `Matched rules at index ${index}`;
    } else if (rule.succeededCount != null && succeeded.total() >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return undefined;
}

/** The `terminated.finishedAt` / Ready=False / deletion time a pod finished at (getFinishedTime). */
export function getFinishedTime(p: Pod, parse: (s: string | undefined) => number): number {
  const ready = (p.status?.conditions ?? []).find((c) => c.type === 'Ready');
  if (ready && ready.status === 'False') {
    const t = parse(ready.lastTransitionTime);
    if (!Number.isNaN(t)) return t;
  }
  let latest = NaN;
  for (const s of p.status?.containerStatuses ?? []) {
    const f = s.state?.terminated?.finishedAt;
    if (!f) {
      latest = NaN;
      break;
    }
    const t = parse(f);
    if (Number.isNaN(latest) || t > latest) latest = t;
  }
  if (!Number.isNaN(latest)) return latest;
  if (p.metadata?.deletionTimestamp) {
    return parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  }
  return parse(p.metadata?.creationTimestamp);
}
