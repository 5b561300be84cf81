/**
 * CronJob schedules (robfig/cron semantics, reference §6.4) and the CronJob controller.
 */
import { describe, expect, it } from 'vitest';
import {
  getJobName,
  mostRecentScheduleTime,
} from '../../../../../src/engine/controllers/cronjob/cronjob-controller';
import { formatRFC3339In, parseSchedule } from '../../../../../src/engine/controllers/cronjob/schedule';
import { workloadCluster, type WorkloadCluster } from '../replicaset/workload-helpers';

const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

describe('schedules (reference §6.4, next 3 fire times after 2025-01-15T10:07:00Z)', () => {
  const from = Date.parse('2025-01-15T10:07:00Z');
  const cases: [string, string][] = [
    ['*/5 * * * *', '2025-01-15T10:10:00Z 2025-01-15T10:15:00Z 2025-01-15T10:20:00Z'],
    ['0 * * * *', '2025-01-15T11:00:00Z 2025-01-15T12:00:00Z 2025-01-15T13:00:00Z'],
    ['0 0 * * *', '2025-01-16T00:00:00Z 2025-01-17T00:00:00Z 2025-01-18T00:00:00Z'],
    ['30 2 * * 1-5', '2025-01-16T02:30:00Z 2025-01-17T02:30:00Z 2025-01-20T02:30:00Z'],
    ['0 9 1 * *', '2025-02-01T09:00:00Z 2025-03-01T09:00:00Z 2025-04-01T09:00:00Z'],
    ['0 0 * * 0', '2025-01-19T00:00:00Z 2025-01-26T00:00:00Z 2025-02-02T00:00:00Z'],
    ['15,45 * * * *', '2025-01-15T10:15:00Z 2025-01-15T10:45:00Z 2025-01-15T11:15:00Z'],
    ['@hourly', '2025-01-15T11:00:00Z 2025-01-15T12:00:00Z 2025-01-15T13:00:00Z'],
    ['@daily', '2025-01-16T00:00:00Z 2025-01-17T00:00:00Z 2025-01-18T00:00:00Z'],
    ['@midnight', '2025-01-16T00:00:00Z 2025-01-17T00:00:00Z 2025-01-18T00:00:00Z'],
    ['@weekly', '2025-01-19T00:00:00Z 2025-01-26T00:00:00Z 2025-02-02T00:00:00Z'],
    ['@monthly', '2025-02-01T00:00:00Z 2025-03-01T00:00:00Z 2025-04-01T00:00:00Z'],
    ['@yearly', '2026-01-01T00:00:00Z 2027-01-01T00:00:00Z 2028-01-01T00:00:00Z'],
    ['@annually', '2026-01-01T00:00:00Z 2027-01-01T00:00:00Z 2028-01-01T00:00:00Z'],
    ['@every 1h30m', '2025-01-15T11:37:00Z 2025-01-15T13:07:00Z 2025-01-15T14:37:00Z'],
    ['TZ=America/New_York 0 9 * * *', '2025-01-15T14:00:00Z 2025-01-16T14:00:00Z 2025-01-17T14:00:00Z'],
    ['CRON_TZ=UTC 0 9 * * *', '2025-01-16T09:00:00Z 2025-01-17T09:00:00Z 2025-01-18T09:00:00Z'],
    ['0 0 * JAN *', '2025-01-16T00:00:00Z 2025-01-17T00:00:00Z 2025-01-18T00:00:00Z'],
    ['0 0 * * MON-FRI', '2025-01-16T00:00:00Z 2025-01-17T00:00:00Z 2025-01-20T00:00:00Z'],
  ];
  it.each(cases)('%s', (spec, expected) => {
    const s = parseSchedule(spec);
    const t1 = s.next(from);
    const t2 = s.next(t1);
    const t3 = s.next(t2);
    expect([t1, t2, t3].map(iso).join(' ')).toBe(expected);
  });

  const errors: [string, string][] = [
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['', 'empty spec string'],
    ['@every', 'unrecognized descriptor: @every'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['5-2 * * * *', 'beginning of range (5) beyond end of range (2): 5-2'],
  ];
  it.each(errors)('rejects %j: %s', (spec, message) => expect(() => parseSchedule(spec)).toThrow(message));

  it('day of month and day of week: either, when both are restricted (robfig star bits)', () => {
    // 2025-01-15 is a Wednesday: the 1st of a month OR a Monday.
    const s = parseSchedule('0 0 1 * MON');
    const t1 = s.next(Date.parse('2025-01-15T10:07:00Z'));
    expect(iso(t1)).toBe('2025-01-20T00:00:00Z');
    expect(iso(s.next(Date.parse('2025-01-28T00:00:00Z')))).toBe('2025-02-01T00:00:00Z');
  });

  it('job names: <cronjob>-<scheduled time in minutes since the epoch>', () => {
    expect(
      getJobName(
        { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'hello' } },
        Date.parse('2025-01-07T14:00:00Z'),
      ),
    ).toBe('hello-28937640');
  });

  it('the scheduled-timestamp annotation is RFC 3339 in the CronJob time zone', () => {
    expect(formatRFC3339In(Date.parse('2026-01-01T00:00:00Z'), 'Asia/Tokyo')).toBe(
      '2026-01-01T09:00:00+09:00',
    );
    expect(formatRFC3339In(Date.parse('2026-01-01T00:00:00Z'), undefined)).toBe('2026-01-01T00:00:00Z');
  });

  it('counts missed schedules and finds the most recent one', () => {
    const cj = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'x', creationTimestamp: '2026-01-01T00:00:00Z' },
      spec: { schedule: '*/1 * * * *' },
    } as never;
    const r = mostRecentScheduleTime(
      cj,
      Date.parse('2026-01-01T03:00:30Z'),
      parseSchedule('*/1 * * * *'),
      false,
    );
    expect(r.missed).toBe('many');
    expect(iso(r.mostRecentTime!)).toBe('2026-01-01T03:00:00Z');
  });
});

function createCronJob(c: WorkloadCluster, name: string, spec: Record<string, unknown>) {
  c.call('POST', '/apis/batch/v1/namespaces/demo/cronjobs', {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      jobTemplate: {
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'date', image: 'ubuntu:22.04', command: ['date'] }],
            },
          },
        },
      },
      ...spec,
    },
  });
  c.cluster.settle();
}

const jobNames = (c: WorkloadCluster) =>
  c
    .list('jobs')
    .map((j) => j.metadata.name)
    .sort();
const minutes = (iso: string) => Date.parse(iso) / 60000;

describe('CronJob controller', () => {
  it('creates a Job each minute for */1, named from the scheduled time, and keeps 3 successful ones', () => {
    const c = workloadCluster({ readyAfterMs: 2000, exitAfterMs: () => 3000 });
    createCronJob(c, 'date', { schedule: '*/1 * * * *' });
    c.advanceSeconds(61); // 00:03:01
    expect(jobNames(c)).toEqual([`date-${minutes('2026-01-01T00:03:00Z')}`]);
    const job = c.list('jobs')[0]!;
    expect(job.metadata.annotations).toEqual({
      'batch.kubernetes.io/cronjob-scheduled-timestamp': '2026-01-01T00:03:00Z',
    });
    expect(job.metadata.ownerReferences[0]).toMatchObject({
      kind: 'CronJob',
      name: 'date',
      controller: true,
      blockOwnerDeletion: true,
    });
    c.advanceSeconds(5 * 60); // 00:08:01: three finished Jobs and the running one of 00:08
    expect(jobNames(c)).toEqual(
      ['00:05', '00:06', '00:07', '00:08'].map((t) => `date-${minutes(`2026-01-01T${t}:00Z`)}`),
    );
    c.advanceSeconds(10); // 00:08 finished: the oldest of four successful Jobs goes
    expect(jobNames(c)).toEqual(
      ['00:06', '00:07', '00:08'].map((t) => `date-${minutes(`2026-01-01T${t}:00Z`)}`),
    );
    const cj = c.get('/apis/batch/v1/namespaces/demo/cronjobs/date');
    expect(cj.status).toEqual({
      lastScheduleTime: '2026-01-01T00:08:00Z',
      lastSuccessfulTime: '2026-01-01T00:08:06Z',
    });
    const events = c.events('cronjob-controller');
    expect(events.slice(0, 2)).toEqual([
      `Normal SuccessfulCreate Created job date-${minutes('2026-01-01T00:03:00Z')}`,
      `Normal SawCompletedJob Saw completed job: date-${minutes('2026-01-01T00:03:00Z')}, status: Complete`,
    ]);
    expect(events).toContain(`Normal SuccessfulDelete Deleted job date-${minutes('2026-01-01T00:03:00Z')}`);
  });

  it('Forbid: no new Job while one is running', () => {
    const c = workloadCluster({ readyAfterMs: 1000 }); // containers never exit
    createCronJob(c, 'long', { schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid' });
    c.advanceSeconds(61 + 60);
    expect(jobNames(c)).toHaveLength(1);
    expect(c.events('cronjob-controller')).toContain(
      'Normal JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid',
    );
    expect(c.get('/apis/batch/v1/namespaces/demo/cronjobs/long').status.active).toHaveLength(1);
  });

  it('Replace: the running Job is deleted and a new one started', () => {
    const c = workloadCluster({ readyAfterMs: 1000 });
    createCronJob(c, 'long', { schedule: '*/1 * * * *', concurrencyPolicy: 'Replace' });
    c.advanceSeconds(61 + 60);
    expect(jobNames(c)).toEqual([`long-${minutes('2026-01-01T00:04:00Z')}`]);
    expect(c.events('cronjob-controller')).toContain(
      `Normal SuccessfulDelete Deleted job long-${minutes('2026-01-01T00:03:00Z')}`,
    );
  });

  it('suspend, and startingDeadlineSeconds: runs older than the deadline are not started late', () => {
    const c = workloadCluster({ readyAfterMs: 1000, exitAfterMs: () => 1000 });
    createCronJob(c, 'late', { schedule: '*/1 * * * *', suspend: true, startingDeadlineSeconds: 10 });
    c.advanceSeconds(90); // 00:03:30
    expect(jobNames(c)).toEqual([]);
    c.call(
      'PATCH',
      '/apis/batch/v1/namespaces/demo/cronjobs/late',
      { spec: { suspend: false } },
      'application/merge-patch+json',
    );
    c.cluster.settle();
    // The 00:03 run is 30s late, past the 10s deadline: it is never started. (The controller
    // only looks back startingDeadlineSeconds, so it does not even report it as missed.)
    expect(jobNames(c)).toEqual([]);
    expect(c.events('cronjob-controller')).toEqual([]);
    c.advanceSeconds(31); // 00:04:01
    expect(jobNames(c)).toEqual([`late-${minutes('2026-01-01T00:04:00Z')}`]);
  });

  it('timeZone: schedules in the CronJob time zone', () => {
    const c = workloadCluster({ readyAfterMs: 1000, exitAfterMs: () => 1000 });
    // 00:02 UTC is 09:02 in Tokyo: the 09:05 run is at 00:05 UTC.
    createCronJob(c, 'tokyo', { schedule: '5 9 * * *', timeZone: 'Asia/Tokyo' });
    c.advanceSeconds(3 * 60 + 1);
    const [job] = c.list('jobs');
    expect(job!.metadata.name).toBe(`tokyo-${minutes('2026-01-01T00:05:00Z')}`);
    expect(job!.metadata.annotations['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      '2026-01-01T09:05:00+09:00',
    );
  });
});
