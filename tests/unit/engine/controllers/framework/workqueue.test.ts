import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../../../src/engine/clock';
import {
  BucketRateLimiter,
  ItemExponentialFailureRateLimiter,
  defaultControllerRateLimiter,
} from '../../../../../src/engine/controllers/framework/ratelimiter';
import { RateLimitingQueue } from '../../../../../src/engine/controllers/framework/workqueue';

describe('rate limiters', () => {
  it('backs off exponentially per item from 5 ms to 1000 s, and forget resets', () => {
    const rl = new ItemExponentialFailureRateLimiter(5, 1000 * 1000);
    const delays = Array.from({ length: 20 }, () => rl.when('a'));
    expect(delays.slice(0, 5)).toEqual([5, 10, 20, 40, 80]);
    expect(delays.at(-1)).toBe(1000 * 1000);
    expect(rl.numRequeues('a')).toBe(20);
    expect(rl.when('b')).toBe(5);
    rl.forget('a');
    expect(rl.when('a')).toBe(5);
  });

  it('the overall bucket allows 100 at once, then 10 per second', () => {
    const clock = new SimClock(0);
    const bucket = new BucketRateLimiter(clock, 10, 100);
    for (let i = 0; i < 100; i++) expect(bucket.when()).toBe(0);
    expect(bucket.when()).toBe(100);
    expect(bucket.when()).toBe(200);
    // reservations are debts: 100 ms later one token came back, the next waits for the one after
    clock.advance(100);
    expect(bucket.when()).toBe(200);
    clock.advance(10_000);
    expect(bucket.when()).toBe(0);
  });

  it('the default controller limiter takes the larger of both', () => {
    const clock = new SimClock(0);
    const rl = defaultControllerRateLimiter(clock);
    expect([rl.when('x'), rl.when('x'), rl.when('x')]).toEqual([5, 10, 20]);
  });
});

describe('RateLimitingQueue', () => {
  it('holds each key once and hands out keys in order', () => {
    const q = new RateLimitingQueue(new SimClock(0), 'test');
    q.add('a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(q.get()).toBe('a');
    expect(q.get()).toBe('b');
    expect(q.get()).toBeUndefined();
  });

  it('a key added while it is processed is queued again when done, not handed out twice', () => {
    const q = new RateLimitingQueue(new SimClock(0), 'test');
    q.add('a');
    expect(q.get()).toBe('a');
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    q.done('a');
    expect(q.len()).toBe(1);
    expect(q.get()).toBe('a');
    q.done('a');
    expect(q.len()).toBe(0);
  });

  it('addAfter waits on the clock, and the earliest time wins', () => {
    const clock = new SimClock(0);
    let ready = 0;
    const q = new RateLimitingQueue(clock, 'test', undefined, () => ready++);
    q.addAfter('a', 1000);
    q.addAfter('a', 300);
    q.addAfter('a', 2000);
    clock.advance(299);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(ready).toBe(1);
    clock.advance(5000);
    expect(q.len()).toBe(1);
  });

  it('addRateLimited retries after the back-off; forget resets it', () => {
    const clock = new SimClock(0);
    const q = new RateLimitingQueue(clock, 'test');
    const retry = () => {
      expect(q.get()).toBe('k');
      q.addRateLimited('k');
      q.done('k');
    };
    q.add('k');
    retry();
    clock.advance(4);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    retry();
    clock.advance(9);
    expect(q.len()).toBe(0);
    clock.advance(1);
    expect(q.len()).toBe(1);
    expect(q.numRequeues('k')).toBe(2);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });

  it('shutDown drops pending delayed keys', () => {
    const clock = new SimClock(0);
    const q = new RateLimitingQueue(clock, 'test');
    q.addAfter('a', 10);
    q.add('b');
    q.shutDown();
    clock.advance(100);
    expect(q.len()).toBe(0);
    q.add('c');
    expect(q.len()).toBe(0);
  });
});
