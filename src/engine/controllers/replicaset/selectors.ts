/**
 * Label selectors as the workload controllers use them, built once and shared. A controller
 * matches the same selector against the same pods on every sync; both are immutable (informer
 * objects are frozen and replaced on update), so the Selector and each match are remembered.
 */
import {
  labelSelectorAsSelector,
  selectorFromSet,
  type LabelSelector,
  type Selector,
} from '../../../apimachinery/labels';
import type { OwnerReference } from '../../../api/types';
import { factsOf, type Facts } from './podutil';

const selectorCache = new WeakMap<object, Selector | null>();
/**
 * The same selector by value: each status write replaces the ReplicaSet object (and its
 * spec.selector object), but not the selector, so equal selectors share one Selector and its
 * memo of matches (selectorMatches). Bounded: cleared when it grows past SELECTORS_BY_VALUE_MAX.
 */
const selectorsByValue = new Map<string, Selector | null>();
const SELECTORS_BY_VALUE_MAX = 10_000;

function selectorByValue(value: string, make: () => Selector): Selector | null {
  let s = selectorsByValue.get(value);
  if (s === undefined) {
    try {
      s = make();
    } catch {
      s = null;
    }
    if (selectorsByValue.size >= SELECTORS_BY_VALUE_MAX) selectorsByValue.clear();
    selectorsByValue.set(value, s);
  }
  return s;
}

/** metav1.LabelSelectorAsSelector, or null for an invalid selector. */
export function cachedSelector(sel: LabelSelector | undefined): Selector | null {
  if (!sel) return labelSelectorAsSelector(sel);
  let s = selectorCache.get(sel);
  if (s === undefined) {
    s = selectorByValue(`selector:${JSON.stringify(sel)}`, () => labelSelectorAsSelector(sel));
    selectorCache.set(sel, s);
  }
  return s;
}

/** labels.SelectorFromSet(labels), shared by value like cachedSelector. */
export function cachedSetSelector(labels: Record<string, string> | undefined): Selector {
  const set = labels ?? {};
  let s = selectorCache.get(set);
  if (s === undefined) {
    s = selectorByValue(`set:${JSON.stringify(set)}`, () => selectorFromSet(set));
    selectorCache.set(set, s);
  }
  return s!;
}

/**
 * selector.Matches(labels.Set(obj.metadata.labels)), remembered per frozen object (an informer's
 * copy: replaced, never changed, when the object is updated). `facts` saves a lookup when the
 * caller has them already.
 */
export function selectorMatches(
  selector: Selector,
  obj: { metadata?: { labels?: Record<string, string>; ownerReferences?: OwnerReference[] } },
  facts: Facts = factsOf(obj),
): boolean {
  let r = facts.matches?.get(selector);
  if (r === undefined) {
    r = selector.matches(obj.metadata?.labels ?? {});
    if (Object.isFrozen(obj)) (facts.matches ??= new Map()).set(selector, r);
  }
  return r;
}
