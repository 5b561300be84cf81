/**
 * Helpers shared by Score plugins (k/k pkg/scheduler/framework/plugins/helper) and the `As`
 * conversion the queueing hints use.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { MAX_NODE_SCORE } from '../framework/types';

/**
 * `DefaultNormalizeScore`: scale the scores to 0..maxPriority by the highest one; `reverse`
 * turns "more is worse" counts (intolerable taints) into scores. All zeros stay 0 (or become
 * maxPriority when reversed).
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: Float64Array): void {
  let maxCount = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > maxCount) maxCount = scores[i]!;
  if (maxCount === 0) {
    if (reverse) scores.fill(maxPriority);
    return;
  }
  for (let i = 0; i < scores.length; i++) {
    // Go's int64 division truncates.
    let score = Math.trunc((maxPriority * scores[i]!) / maxCount);
    if (reverse) score = maxPriority - score;
    scores[i] = score;
  }
}

export const normalizeToMax = (scores: Float64Array, reverse: boolean): void =>
  defaultNormalizeScore(MAX_NODE_SCORE, reverse, scores);

/** `util.As[*v1.Pod]`/`[*v1.Node]` for hints: old and new objects (either may be undefined). */
export const asPods = (oldObj: unknown, newObj: unknown): [Pod | undefined, Pod | undefined] => [
  oldObj as Pod | undefined,
  newObj as Pod | undefined,
];
export const asNodes = (oldObj: unknown, newObj: unknown): [Node | undefined, Node | undefined] => [
  oldObj as Node | undefined,
  newObj as Node | undefined,
];
