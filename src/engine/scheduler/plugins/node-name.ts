/**
 * NodeName (Filter): a pod that names a node in `spec.nodeName` fits only there. (Pods created
 * with spec.nodeName already set skip the scheduler entirely; this filter matters for
 * preemption checks and for completeness.)
 */
import type { NodeInfo, PodInfo } from '../framework/node-info';
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
import { asNodes } from './helper';

export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = 'NodeName';

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const want = pod.pod.spec?.nodeName;
    if (!want || want === nodeInfo.name) return null;
    return newStatus(Code.UnschedulableAndUnresolvable, ERR_REASON_NODE_NAME);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: ActionType.Add },
        hint: (pod, oldObj, newObj) => {
          const [, modified] = asNodes(oldObj, newObj);
          const want = pod.spec?.nodeName;
          return !want || want === modified?.metadata?.name ? 'Queue' : 'QueueSkip';
        },
      },
    ];
  }
}
