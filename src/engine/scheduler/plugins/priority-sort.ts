/**
 * PrioritySort (QueueSort): the pod with the higher priority goes first; with equal priority,
 * the one that entered the queue earlier (its queue timestamp, not its creation time).
 */
import type { QueuedPodInfo } from '../queue/scheduling-queue';
import type { Plugin } from '../framework/types';

export class PrioritySort implements Plugin {
  readonly name = 'PrioritySort';

  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    const p1 = a.podInfo.priority;
    const p2 = b.podInfo.priority;
    return p1 > p2 || (p1 === p2 && a.timestamp < b.timestamp);
  }
}
