/**
 * Expectations (pkg/controller/controller_utils.go ControllerExpectations and
 * UIDTrackingControllerExpectations).
 *
 * Why they exist: a controller reads pods from its informer cache, which lags behind its own
 * writes. Right after a ReplicaSet controller creates 3 pods, its cache still shows none; a sync
 * at that moment would create 3 more. So before writing, the controller records what it
 * *expects* to observe ("3 adds"), and every pod event it receives lowers that count. Until the
 * count reaches zero (or 5 minutes pass, in case an event was lost), the controller only
 * updates status and does not create or delete anything.
 *
 * Deletions are tracked by pod key, not just counted: a graceful delete shows up first as an
 * update that sets deletionTimestamp and later as the real delete, and each must count once.
 */
import type { SimClock } from '../../clock';

/** ExpectationsTimeout: after this long, unmet expectations are ignored (a watch event was lost). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60 * 1000;

/** ControlleeExpectations: pending adds and deletes of one controller, and when they were set. */
export interface ControlleeExpectations {
  add: number;
  del: number;
  timestamp: number;
}

export class ControllerExpectations {
  private readonly store = new Map<string, ControlleeExpectations>();

  constructor(private readonly clock: SimClock) {}

  getExpectations(key: string): ControlleeExpectations | undefined {
    return this.store.get(key);
  }

  /**
   * SatisfiedExpectations: true when the controller may act (create/delete) again — its
   * expectations are met, have expired, or were never set.
   */
  satisfiedExpectations(key: string): boolean {
    const exp = this.store.get(key);
    if (!exp) return true;
    if (exp.add <= 0 && exp.del <= 0) return true;
    return this.clock.now() - exp.timestamp > EXPECTATIONS_TIMEOUT_MS;
  }

  /** SetExpectations: forget what was expected before and expect exactly this. */
  setExpectations(key: string, add: number, del: number): void {
    this.store.set(key, { add, del, timestamp: this.clock.now() });
  }

  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  lowerExpectations(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add -= add;
    exp.del -= del;
  }

  raiseExpectations(key: string, add: number, del: number): void {
    const exp = this.store.get(key);
    if (!exp) return;
    exp.add += add;
    exp.del += del;
  }

  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  deleteExpectations(key: string): void {
    this.store.delete(key);
  }
}

/**
 * UIDTrackingControllerExpectations: expectations whose deletes are tracked by pod key, so that
 * the update setting deletionTimestamp and the final delete of the same pod count once.
 */
export class UIDTrackingControllerExpectations {
  private readonly uids = new Map<string, Set<string>>();

  constructor(readonly expectations: ControllerExpectations) {}

  satisfiedExpectations(key: string): boolean {
    return this.expectations.satisfiedExpectations(key);
  }

  expectCreations(key: string, adds: number): void {
    this.expectations.expectCreations(key, adds);
  }

  creationObserved(key: string): void {
    this.expectations.creationObserved(key);
  }

  getUIDs(key: string): Set<string> | undefined {
    return this.uids.get(key);
  }

  /** ExpectDeletions: record the keys (`namespace/name`) of the pods about to be deleted. */
  expectDeletions(key: string, deletedKeys: readonly string[]): void {
    const set = new Set(deletedKeys);
    this.uids.set(key, set);
    this.expectations.expectDeletions(key, set.size);
  }

  /** DeletionObserved: count a pod's deletion once, whichever event shows it first. */
  deletionObserved(key: string, deleteKey: string): void {
    const set = this.uids.get(key);
    if (set && set.has(deleteKey)) {
      this.expectations.deletionObserved(key);
      set.delete(deleteKey);
    }
  }

  deleteExpectations(key: string): void {
    this.expectations.deleteExpectations(key);
    this.uids.delete(key);
  }
}
