/**
 * CronJob `spec.timeZone` validation (upstream pkg/apis/batch/validation validateTimeZone): the
 * name must load with Go's time.LoadLocation, which knows the tz database by exact spelling.
 */
import { describe, expect, it } from 'vitest';
import { knownTimeZone, loadLocation, parseStandard } from '../../../../src/engine/api/strategies/cron';
import { defaulted, errorsOf } from './helpers';

const cronJob = (timeZone: string | undefined, schedule = '0 9 * * *') =>
  defaulted({
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'c', namespace: 'default' },
    spec: {
      schedule,
      ...(timeZone === undefined ? {} : { timeZone }),
      jobTemplate: {
        spec: { template: { spec: { containers: [{ name: 'c', image: 'x' }], restartPolicy: 'OnFailure' } } },
      },
    },
  });

describe('time.LoadLocation', () => {
  it('loads tz database names, links and UTC', () => {
    for (const tz of [
      'UTC',
      'Etc/UTC',
      'Asia/Tokyo',
      'America/New_York',
      'US/Eastern',
      'Japan',
      'Etc/GMT+5',
      'Local',
      '',
    ])
      expect(loadLocation(tz), tz).toBeUndefined();
  });

  it('refuses unknown names, other spellings and offsets', () => {
    for (const tz of ['Foo/Bar', 'asia/tokyo', 'Asia/calcutta', 'utc', 'Etc/utc', 'japan', '+09:00', 'Mars'])
      expect(loadLocation(tz)?.message, tz).toBe(`unknown time zone ${tz}`);
    expect(knownTimeZone('Foo/Bar')).toBe(false);
  });
});

describe('CronJob spec.timeZone', () => {
  it('accepts nil and known zones', () => {
    expect(errorsOf(cronJob(undefined))).toEqual([]);
    expect(errorsOf(cronJob('Asia/Tokyo'))).toEqual([]);
    expect(errorsOf(cronJob('Etc/UTC'))).toEqual([]);
  });

  it('rejects an unknown zone with LoadLocation’s error', () => {
    expect(errorsOf(cronJob('Foo/Bar'))).toEqual([
      'spec.timeZone: Invalid value: "Foo/Bar": unknown time zone Foo/Bar',
    ]);
    expect(errorsOf(cronJob('asia/tokyo'))).toEqual([
      'spec.timeZone: Invalid value: "asia/tokyo": unknown time zone asia/tokyo',
    ]);
  });

  it('rejects names that are not tz file names before loading them', () => {
    expect(errorsOf(cronJob('../etc/passwd'))).toEqual([
      'spec.timeZone: Invalid value: "../etc/passwd": unknown time zone ../etc/passwd',
    ]);
    expect(errorsOf(cronJob('America/Argentina_Buenos_Aires'))).toEqual([
      'spec.timeZone: Invalid value: "America/Argentina_Buenos_Aires": unknown time zone America/Argentina_Buenos_Aires',
    ]);
  });

  it('rejects the empty string and Local (which LoadLocation itself would accept)', () => {
    expect(errorsOf(cronJob(''))).toEqual([
      'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string',
    ]);
    expect(errorsOf(cronJob('Local'))).toEqual([
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ]);
    // EqualFold catches "local"; LoadLocation then fails on the spelling too.
    expect(errorsOf(cronJob('local'))).toEqual([
      'spec.timeZone: Invalid value: "local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      'spec.timeZone: Invalid value: "local": unknown time zone local',
    ]);
  });

  it('TZ= in the schedule: a bad location is a parse error, and TZ= is refused on create', () => {
    expect(() => parseStandard('TZ=Foo/Bar 0 9 * * *')).toThrow(
      'provided bad location Foo/Bar: unknown time zone Foo/Bar',
    );
    expect(errorsOf(cronJob(undefined, 'TZ=Foo/Bar 0 9 * * *'))).toEqual([
      'spec.schedule: Invalid value: "TZ=Foo/Bar 0 9 * * *": provided bad location Foo/Bar: unknown time zone Foo/Bar',
      'spec.schedule: Invalid value: "TZ=Foo/Bar 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    expect(errorsOf(cronJob('Asia/Tokyo', 'CRON_TZ=UTC 0 9 * * *'))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 9 * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
  });
});
