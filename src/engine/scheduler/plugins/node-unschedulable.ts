/**
 * NodeUnschedulable (Filter): a cordoned node (`spec.unschedulable: true`) takes no new pods,
 * unless the pod tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint (DaemonSet
 * pods do).
 */
import type { Taint } from 'kubernetes-types/core/v1';
import type { NodeInfo, PodInfo } from '../framework/node-info';
import { tolerationsTolerateTaint } from '../framework/helpers';
import {
  ActionType,
  Code,
  newStatus,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type Status,
} from '../framework/types';
import { asNodes, asPods } from './helper';

export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = 'NodeUnschedulable';

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    if (!nodeInfo.unschedulable) return null;
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_UNSCHEDULABLE);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add | ActionType.UpdateNodeTaint },
        hint: (_pod, oldObj, newObj) => {
          const [original, modified] = asNodes(oldObj, newObj);
          if (!modified) return 'QueueSkip';
          const was = !!original?.spec?.unschedulable;
          const is = !!modified.spec?.unschedulable;
          return (original && was && !is) || (!original && !is) ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: { resource: 'Pod', actionType: ActionType.UpdatePodTolerations },
        hint: (pod, oldObj, newObj) => {
          const [, modified] = asPods(oldObj, newObj);
          if (modified?.metadata?.uid !== pod.metadata?.uid) return 'QueueSkip';
          return tolerationsTolerateTaint(modified?.spec?.tolerations, UNSCHEDULABLE_TAINT)
            ? 'Queue'
            : 'QueueSkip';
        },
      },
    ];
  }
}
