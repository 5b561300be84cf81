/** flowcontrol.Backoff as the kubelet uses it (reference §6.1, §6.2). */
import { describe, expect, it } from 'vitest';
import { Backoff } from '../../../../src/engine/kubelet/backoff';

describe('Backoff(10s, 300s)', () => {
  it('doubles from 10 s to the 5 minute cap', () => {
    let now = 0;
    const b = new Backoff(() => now, 10_000, 300_000);
    const seq: number[] = [];
    for (let i = 0; i < 8; i++) {
      b.next('c', now);
      seq.push(b.get('c'));
      now += 1000;
    }
    expect(seq).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });

  it('isInBackOffSince measures from the failure (container restarts)', () => {
    let now = 0;
    const b = new Backoff(() => now, 10_000, 300_000);
    expect(b.isInBackOffSince('c', 0)).toBe(false);
    b.next('c', 0);
    now = 9_999;
    expect(b.isInBackOffSince('c', 0)).toBe(true);
    now = 10_000;
    expect(b.isInBackOffSince('c', 0)).toBe(false);
  });

  it('isInBackOffSinceUpdate measures from the last recorded failure (image pulls)', () => {
    let now = 50_000;
    const b = new Backoff(() => now, 10_000, 300_000);
    b.next('img', now);
    now = 55_000;
    expect(b.isInBackOffSinceUpdate('img', now)).toBe(true);
    now = 60_000;
    expect(b.isInBackOffSinceUpdate('img', now)).toBe(false);
  });

  it('resets after 10 minutes (2 × max) without a failure', () => {
    let now = 0;
    const b = new Backoff(() => now, 10_000, 300_000);
    for (let i = 0; i < 5; i++) b.next('c', now);
    expect(b.get('c')).toBe(160_000);
    now = 600_001;
    b.next('c', now);
    expect(b.get('c')).toBe(10_000);
  });

  it('gc drops entries untouched for 10 minutes', () => {
    let now = 0;
    const b = new Backoff(() => now, 10_000, 300_000);
    b.next('c', 0);
    now = 600_001;
    b.gc();
    expect(b.entry('c')).toBeUndefined();
  });
});
