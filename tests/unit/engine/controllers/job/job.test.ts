/**
 * The Job controller (v1.32) and the TTL-after-finished controller, with a fake kubelet whose
 * containers exit after a while (code 0, or 1 for pods labelled fail=yes).
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../../src/api/types';
import { workloadCluster, type WorkloadCluster, type Json } from '../replicaset/workload-helpers';

const JOBS = '/apis/batch/v1/namespaces/demo/jobs';

function createJob(
  c: WorkloadCluster,
  name: string,
  spec: Record<string, unknown>,
  labels: Record<string, string> = {},
) {
  const job = c.call('POST', JOBS, {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      ...spec,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'date-checker', image: 'ubuntu:22.04', command: ['date'] }],
        },
      },
    },
  });
  c.cluster.settle();
  return job;
}

const exitsAfter = (ms: number) => ({
  readyAfterMs: 1000,
  exitAfterMs: () => ms,
  exitCode: (p: KubeObject) => (p.metadata.labels?.fail ? 1 : 0),
});

const types = (job: Json) =>
  (job.status?.conditions ?? []).map((c: Json) => `${c.type}=${c.status}/${c.reason ?? ''}`);

describe('Job controller', () => {
  it('runs completions with at most parallelism pods, then Complete (after SuccessCriteriaMet)', () => {
    const c = workloadCluster(exitsAfter(3000));
    createJob(c, 'work', { completions: 3, parallelism: 2 });
    const running = c.list('pods');
    expect(running).toHaveLength(2);
    // Every pod carries the tracking finalizer until it has been counted.
    expect(running.every((p) => p.metadata.finalizers?.includes('batch.kubernetes.io/job-tracking'))).toBe(
      true,
    );
    expect(running.every((p) => p.metadata.labels['batch.kubernetes.io/job-name'] === 'work')).toBe(true);
    c.advanceSeconds(30);
    const job = c.get(`${JOBS}/work`);
    expect(types(job)).toEqual([
      'SuccessCriteriaMet=True/CompletionsReached',
      'Complete=True/CompletionsReached',
    ]);
    expect(job.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} });
    expect(job.status.completionTime).toBeDefined();
    expect(job.status.conditions[1].message).toBe('Reached expected number of succeeded pods');
    expect(c.list('pods')).toHaveLength(3);
    expect(c.list('pods').every((p) => (p.metadata.finalizers ?? []).length === 0)).toBe(true);
    expect(c.events('job-controller').filter((e) => !e.includes('SuccessfulCreate'))).toEqual([
      'Normal Completed Job completed',
    ]);
  });

  it('backoffLimit: replacements wait 10s, 20s …; the failure past the limit fails the Job', () => {
    const c = workloadCluster(exitsAfter(2000));
    createJob(c, 'failing', { backoffLimit: 2 }, { fail: 'yes' });
    const created: number[] = [];
    let seen = 0;
    for (let s = 0; s < 120; s++) {
      const n = c.list('pods').length;
      if (n > seen) {
        created.push(s);
        seen = n;
      }
      c.advanceSeconds(1);
    }
    // first pod at once; it fails at 3s, its replacement 10s later (13s); that one fails at 16s, the next 20s later (36s)
    expect(created).toEqual([0, 13, 36]);
    const job = c.get(`${JOBS}/failing`);
    expect(types(job)).toEqual([
      'FailureTarget=True/BackoffLimitExceeded',
      'Failed=True/BackoffLimitExceeded',
    ]);
    expect(job.status.failed).toBe(3);
    expect(job.status.conditions[1].message).toBe('Job has reached the specified backoff limit');
    expect(c.events('job-controller').pop()).toBe(
      'Warning BackoffLimitExceeded Job has reached the specified backoff limit',
    );
  });

  it('activeDeadlineSeconds: DeadlineExceeded, running pods are deleted', () => {
    const c = workloadCluster({ readyAfterMs: 1000 });
    createJob(c, 'slow', { activeDeadlineSeconds: 5 });
    c.advanceSeconds(10);
    const job = c.get(`${JOBS}/slow`);
    expect(types(job)).toEqual(['FailureTarget=True/DeadlineExceeded', 'Failed=True/DeadlineExceeded']);
    expect(job.status.conditions[1].message).toBe('Job was active longer than specified deadline');
    expect(c.list('pods')).toEqual([]);
    expect(c.events('job-controller')).toContain(
      'Warning DeadlineExceeded Job was active longer than specified deadline',
    );
  });

  it('suspend: no pods while suspended; resuming starts them and the deadline clock', () => {
    const c = workloadCluster(exitsAfter(2000));
    createJob(c, 'later', { suspend: true });
    c.advanceSeconds(2);
    let job = c.get(`${JOBS}/later`);
    expect(c.list('pods')).toEqual([]);
    expect(types(job)).toEqual(['Suspended=True/JobSuspended']);
    expect(job.status.startTime).toBeUndefined();
    c.call('PATCH', `${JOBS}/later`, { spec: { suspend: false } }, 'application/merge-patch+json');
    c.advanceSeconds(10);
    job = c.get(`${JOBS}/later`);
    expect(types(job)).toEqual([
      'Suspended=False/JobResumed',
      'SuccessCriteriaMet=True/CompletionsReached',
      'Complete=True/CompletionsReached',
    ]);
    expect(c.events('job-controller').filter((e) => /Suspended|Resumed/.test(e))).toEqual([
      'Normal Suspended Job suspended',
      'Normal Resumed Job resumed',
    ]);
  });

  it('Indexed: one pod per index with its annotation, label, hostname and JOB_COMPLETION_INDEX', () => {
    const c = workloadCluster(exitsAfter(2000));
    createJob(c, 'idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' });
    const pods = c.list('pods').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    expect(pods.map((p) => p.metadata.generateName)).toEqual(['idx-0-', 'idx-1-', 'idx-2-']);
    expect(pods.map((p) => p.metadata.annotations['batch.kubernetes.io/job-completion-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.map((p) => p.metadata.labels['batch.kubernetes.io/job-completion-index'])).toEqual([
      '0',
      '1',
      '2',
    ]);
    expect(pods.map((p) => p.spec.hostname)).toEqual(['idx-0', 'idx-1', 'idx-2']);
    expect(pods[0]!.spec.containers[0].env).toEqual([
      {
        name: 'JOB_COMPLETION_INDEX',
        valueFrom: {
          fieldRef: {
            apiVersion: 'v1',
            fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']",
          },
        },
      },
    ]);
    c.advanceSeconds(10);
    const job = c.get(`${JOBS}/idx`);
    expect(job.status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  });

  it('ttlSecondsAfterFinished: the finished Job and its pods are deleted that long after it finished', () => {
    const c = workloadCluster(exitsAfter(1000));
    createJob(c, 'short', { ttlSecondsAfterFinished: 10 });
    c.advanceSeconds(2);
    const job = c.get(`${JOBS}/short`);
    expect(types(job)).toContain('Complete=True/CompletionsReached');
    const finished = Date.parse(job.status.conditions[1].lastTransitionTime);
    c.cluster.clock.advanceTo(finished + 9_999);
    expect(c.find(`${JOBS}/short`)).toBeDefined();
    c.advanceSeconds(1);
    expect(c.find(`${JOBS}/short`)).toBeUndefined();
    expect(c.list('pods')).toEqual([]);
  });
});
