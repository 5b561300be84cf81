/**
 * Pod-failure back-off of the Job controller (pkg/controller/job/backoff_utils.go).
 *
 * After a pod of a Job fails, the replacement is not created at once: the controller waits
 * 10s · 2^(failures since the last success − 1), capped at 10 minutes (10s, 20s, 40s, 80s, 160s,
 * 320s, 600s), counted from when the last failed pod finished. A success resets the count.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { parseTime } from '../framework/objects';
import { getFinishedTime } from './util';

export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  key: string;
  failuresAfterLastSuccess: number;
  /** ms, or undefined. */
  lastFailureTime?: number;
}

const finished = (p: Pod): number => getFinishedTime(p, parseTime);
const sortByFinishedTime = (pods: Pod[]): Pod[] => pods.sort((a, b) => finished(a) - finished(b));

export class BackoffStore {
  private readonly store = new Map<string, BackoffRecord>();

  updateBackoffRecord(record: BackoffRecord): void {
    this.store.set(record.key, { ...record });
  }

  removeBackoffRecord(key: string): void {
    this.store.delete(key);
  }

  /** newBackoffRecord: the record after the newly finished pods of this sync. */
  newBackoffRecord(key: string, newSucceededPods: Pod[], newFailedPods: Pod[]): BackoffRecord {
    const backoff: BackoffRecord = { ...(this.store.get(key) ?? { key, failuresAfterLastSuccess: 0 }) };
    sortByFinishedTime(newSucceededPods);
    sortByFinishedTime(newFailedPods);
    if (newSucceededPods.length === 0) {
      if (newFailedPods.length === 0) return backoff;
      backoff.failuresAfterLastSuccess += newFailedPods.length;
      backoff.lastFailureTime = finished(newFailedPods[newFailedPods.length - 1]!);
      return backoff;
    }
    backoff.failuresAfterLastSuccess = 0;
    backoff.lastFailureTime = undefined;
    if (newFailedPods.length === 0) return backoff;
    const lastSuccessTime = finished(newSucceededPods[newSucceededPods.length - 1]!);
    for (let i = newFailedPods.length - 1; i >= 0; i--) {
      const failedTime = finished(newFailedPods[i]!);
      if (!(failedTime > lastSuccessTime)) break;
      if (backoff.lastFailureTime === undefined) backoff.lastFailureTime = failedTime;
      backoff.failuresAfterLastSuccess++;
    }
    return backoff;
  }
}

/** getRemainingTime: how long the next pod creation must still wait (0 = now). */
export function getRemainingTime(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let backoff = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    backoff *= 2;
    if (backoff >= MAX_JOB_POD_FAILURE_BACKOFF_MS) {
      backoff = MAX_JOB_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  if (backoff < elapsed) return 0;
  return backoff - elapsed;
}
