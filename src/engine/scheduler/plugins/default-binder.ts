/**
 * DefaultBinder (Bind): POST a Binding to `pods/<name>/binding`, as kube-scheduler does. The API
 * server sets spec.nodeName and the PodScheduled=True condition; the kubelet of that node then
 * runs the pod.
 */
import { errorMessage } from '../../controllers/framework/client';
import type { PluginHandle } from '../framework/handle';
import type { PodInfo } from '../framework/node-info';
import { asStatus, type BindPlugin, type CycleState, type Status } from '../framework/types';

export class DefaultBinder implements BindPlugin {
  readonly name = 'DefaultBinder';

  constructor(private readonly handle: Pick<PluginHandle, 'client'>) {}

  bind(_state: CycleState, pod: PodInfo, nodeName: string): Status | null {
    try {
      this.handle.client.do({
        method: 'POST',
        path: `/api/v1/namespaces/${pod.namespace}/pods/${pod.name}/binding`,
        body: {
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: { namespace: pod.namespace, name: pod.name, uid: pod.uid },
          target: { kind: 'Node', name: nodeName },
        },
      });
      return null;
    } catch (e) {
      return asStatus(new Error(errorMessage(e)));
    }
  }
}
