/**
 * DefaultPreemption (PostFilter): when a pod fits nowhere, try to make room by evicting pods of
 * lower priority (preemption/preemption.ts). Its message becomes the `preemption: …` part of the
 * FailedScheduling event.
 */
import type { PluginHandle } from '../framework/handle';
import type { PodInfo } from '../framework/node-info';
import {
  Status,
  type CycleState,
  type NodeToStatus,
  type PostFilterPlugin,
  type PostFilterResult,
} from '../framework/types';
import { Evaluator } from '../preemption/preemption';

export class DefaultPreemption implements PostFilterPlugin {
  readonly name = 'DefaultPreemption';
  readonly evaluator: Evaluator;

  constructor(handle: PluginHandle) {
    this.evaluator = new Evaluator(this.name, handle);
  }

  postFilter(state: CycleState, pod: PodInfo, m: NodeToStatus): [PostFilterResult | null, Status | null] {
    const [result, status] = this.evaluator.preempt(state, pod, m);
    const msg = status.message();
    if (msg.length > 0) return [result, new Status(status.code, [`preemption: ${msg}`], status.err)];
    return [result, status];
  }
}
