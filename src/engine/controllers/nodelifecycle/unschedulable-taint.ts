/**
 * The part of the node lifecycle controller (k/k pkg/controller/nodelifecycle,
 * `doNoScheduleTaintingPass`) that keeps `node.kubernetes.io/unschedulable:NoSchedule` in step
 * with `spec.unschedulable`: `kubectl cordon` sets the field, this controller adds the taint,
 * `kubectl describe node` shows both, and `uncordon` removes them again.
 *
 * The rest of the node lifecycle controller (NotReady/unreachable taints from missing heartbeats,
 * and the condition-driven NoSchedule taints) arrives with node failure; docs/FIDELITY.md says so.
 */
import type { Node, Taint } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { errorMessage, isNotFound, type RestClient } from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { NODES } from '../framework/resources';

export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

type NodeObject = KubeObject & { metadata: { name: string }; spec?: Node['spec'] };

export class NodeLifecycleTaintController extends Controller {
  private readonly rest: RestClient;
  private readonly nodes: SharedInformer<NodeObject>;

  constructor(ctx: ControllerContext) {
    super('node-lifecycle', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'node-controller');
    this.nodes = ctx.informers.informerFor<NodeObject>(NODES);
    this.nodes.addEventHandler({
      add: (n) => this.enqueue(n.metadata.name),
      update: (_old, n) => this.enqueue(n.metadata.name),
    });
    this.waitForCacheSync(() => this.nodes.hasSynced());
  }

  protected sync(name: string): void {
    const node = this.nodes.lister.get('', name);
    if (!node) return;
    const taints = node.spec?.taints ?? [];
    const has = taints.some(
      (t) => t.key === UNSCHEDULABLE_TAINT.key && t.effect === UNSCHEDULABLE_TAINT.effect,
    );
    const want = node.spec?.unschedulable === true;
    if (has === want) return;
    const next = want
      ? [...taints, { ...UNSCHEDULABLE_TAINT }]
      : taints.filter((t) => !(t.key === UNSCHEDULABLE_TAINT.key && t.effect === UNSCHEDULABLE_TAINT.effect));
    try {
      // A JSON merge patch replaces the whole list, guarded by the resourceVersion we read, as
      // upstream's SwapNodeControllerTaint updates the node it just got.
      this.rest.patch(NODES, undefined, name, 'application/merge-patch+json', {
        metadata: { resourceVersion: node.metadata.resourceVersion },
        spec: { taints: next.length ? next : null },
      });
    } catch (err) {
      if (isNotFound(err)) return;
      throw new Error(`failed to swap the unschedulable taint on node ${name}: ${errorMessage(err)}`);
    }
  }
}
