/**
 * SchedulingGates (PreEnqueue): a pod with `spec.schedulingGates` is not tried at all until every
 * gate is removed (the API server already set its PodScheduled condition to SchedulingGated).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import {
  ActionType,
  Code,
  newStatus,
  type ClusterEventWithHint,
  type EnqueueExtensions,
  type PreEnqueuePlugin,
  type Status,
} from '../framework/types';
import { asPods } from './helper';

export class SchedulingGates implements PreEnqueuePlugin, EnqueueExtensions {
  readonly name = 'SchedulingGates';

  preEnqueue(pod: Pod): Status | null {
    const gates = pod.spec?.schedulingGates ?? [];
    if (gates.length === 0) return null;
    return newStatus(
      Code.UnschedulableAndUnresolvable,
      `waiting for scheduling gates: [${gates.map((g) => g.name).join(' ')}]`,
    );
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodSchedulingGatesEliminated },
        hint: (pod, oldObj, newObj) => {
          const [, modified] = asPods(oldObj, newObj);
          return modified?.metadata?.uid === pod.metadata?.uid ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
