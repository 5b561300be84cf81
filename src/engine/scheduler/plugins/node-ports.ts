/**
 * NodePorts: a pod that asks for host ports fits only on nodes where no other pod holds the same
 * (protocol, port) on the same host IP or on 0.0.0.0: `node(s) didn't have free ports for the
 * requested pod ports`.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { podHostPorts, type HostPort, type NodeInfo, type PodInfo } from '../framework/node-info';
import {
  ActionType,
  Code,
  asStatus,
  newStatus,
  type ClusterEventWithHint,
  type CycleState,
  type EnqueueExtensions,
  type FilterPlugin,
  type PreFilterPlugin,
  type PreFilterResult,
  type StateData,
  type Status,
} from '../framework/types';
import { asPods } from './helper';

export const ERR_REASON_NODE_PORTS = "node(s) didn't have free ports for the requested pod ports";
const PRE_FILTER_STATE_KEY = 'PreFilterNodePorts';

class PreFilterState implements StateData {
  constructor(readonly ports: HostPort[]) {}
  clone(): StateData {
    return this;
  }
}

export function fitsPorts(wanted: readonly HostPort[], nodeInfo: NodeInfo): boolean {
  for (const p of wanted) if (nodeInfo.usedPorts.checkConflict(p)) return false;
  return true;
}

const portsConflict = (a: readonly HostPort[], b: readonly HostPort[]): boolean =>
  a.some((x) =>
    b.some(
      (y) =>
        x.hostPort === y.hostPort &&
        x.protocol === y.protocol &&
        (x.hostIP === y.hostIP || x.hostIP === '0.0.0.0' || y.hostIP === '0.0.0.0'),
    ),
  );

export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = 'NodePorts';

  preFilter(state: CycleState, pod: PodInfo): [PreFilterResult | null, Status | null] {
    const ports = pod.hostPorts;
    if (ports.length === 0) return [null, newStatus(Code.Skip)];
    state.write(PRE_FILTER_STATE_KEY, new PreFilterState(ports));
    return [null, null];
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status | null {
    const s = state.read<PreFilterState>(PRE_FILTER_STATE_KEY);
    if (!s)
      return asStatus(
        new Error(`reading ${JSON.stringify(PRE_FILTER_STATE_KEY)} from cycleState: not found`),
      );
    return fitsPorts(s.ports, nodeInfo) ? null : newStatus(Code.Unschedulable, ERR_REASON_NODE_PORTS);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'AssignedPod', actionType: ActionType.Delete },
        hint: (pod: Pod, oldObj, newObj) => {
          const [deleted] = asPods(oldObj, newObj);
          if (!deleted?.spec?.nodeName) return 'QueueSkip';
          return portsConflict(podHostPorts(pod), podHostPorts(deleted)) ? 'Queue' : 'QueueSkip';
        },
      },
      {
        event: {
          resource: 'Node',
          actionType:
            ActionType.Add |
            ActionType.UpdateNodeAllocatable |
            ActionType.UpdateNodeLabel |
            ActionType.UpdateNodeTaint,
        },
      },
    ];
  }
}
