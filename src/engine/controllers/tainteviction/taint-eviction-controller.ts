/**
 * The taint eviction controller (k/k pkg/controller/tainteviction, kube-controller-manager's
 * `taint-eviction-controller`): a pod on a node with a NoExecute taint it does not tolerate is
 * deleted; a pod that tolerates it for `tolerationSeconds` is deleted when the shortest of those
 * runs out; a toleration without tolerationSeconds keeps the pod forever.
 *
 *   node taints change ─┐                         ┌─ not all NoExecute taints tolerated: delete now
 *   pod bound / its     ├─► processPodOnNode ─────┼─ tolerated for N s: delete at (first noticed + N s)
 *   tolerations change ─┘                         └─ tolerated forever, or no taints: cancel
 *
 * Deleting a pod: the event `TaintManagerEviction` "Marking for deletion Pod <ns>/<name>", the
 * DisruptionTarget condition (reason DeletionByTaintManager), then a graceful DELETE (the kubelet
 * stops the containers). A scheduled deletion that is no longer needed is cancelled with the
 * event "Cancelling deletion of Pod <ns>/<name>".
 *
 * Upstream's TimedWorkerQueue is a set of timers on the simulated clock here; a key whose work has
 * run stays in the map (with no timer) so that it is not scheduled twice, as upstream.
 */
import type { Node, Pod, PodCondition, Taint, Toleration } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import {
  createTwoWayMergePatch,
  isEmptyPatch,
  type JsonMap,
} from '../../../apimachinery/strategicpatch/index';
import type { SimClock, TimerId } from '../../clock';
import type { EventRecorder } from '../../events';
import { errorMessage, isNotFound, type RestClient } from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import type { SharedInformer } from '../framework/informer';
import type { Logger } from '../framework/log';
import { rfc3339 } from '../framework/objects';
import * as R from '../framework/resources';
import { jsonEqual } from '../../api/objects';

export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

interface Work {
  createdAt: number;
  fireAt: number;
  /** undefined once the work has run (the key stays to prevent a second deletion). */
  timer: TimerId | undefined;
}

/** `Toleration.ToleratesTaint`. */
function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** `v1helper.GetMatchingTolerations`: whether every taint is tolerated, and by which tolerations. */
export function getMatchingTolerations(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): [boolean, Toleration[]] {
  if (taints.length === 0) return [true, []];
  if (tolerations.length === 0) return [false, []];
  const used: Toleration[] = [];
  for (const taint of taints) {
    const t = tolerations.find((x) => toleratesTaint(x, taint));
    if (!t) return [false, []];
    used.push(t);
  }
  return [true, used];
}

/** `getMinTolerationTime` in ms: 0 when none, −1 for "forever". */
export function getMinTolerationTime(tolerations: readonly Toleration[]): number {
  if (tolerations.length === 0) return 0;
  let min = Infinity;
  for (const t of tolerations) {
    if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
    if (t.tolerationSeconds <= 0) return 0;
    if (t.tolerationSeconds < min) min = t.tolerationSeconds;
  }
  return min === Infinity ? -1 : min * 1000;
}

const noExecuteTaints = (taints: readonly Taint[] | undefined): Taint[] =>
  (taints ?? []).filter((t) => t.effect === 'NoExecute');

const podKey = (ns: string, name: string) => `${ns}/${name}`;

export class TaintEvictionController {
  private readonly clock: SimClock;
  private readonly rest: RestClient;
  private readonly recorder: EventRecorder;
  private readonly logger: Logger;
  private readonly pods: SharedInformer<KubeObject & Pod>;
  private readonly nodes: SharedInformer<KubeObject & Node>;
  /** Node → its NoExecute taints (only tainted nodes). */
  private readonly taintedNodes = new Map<string, Taint[]>();
  /** Node → keys of the pods bound to it. */
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly work = new Map<string, Work>();
  private stopped = false;

  constructor(ctx: ControllerContext) {
    this.clock = ctx.clock;
    this.logger = ctx.logger;
    this.rest = controllerRestClient(ctx, 'taint-eviction-controller');
    this.recorder = ctx.events.newRecorder({ component: TAINT_EVICTION_CONTROLLER });
    this.pods = ctx.informers.informerFor<KubeObject & Pod>(R.PODS);
    this.nodes = ctx.informers.informerFor<KubeObject & Node>(R.NODES);
    this.pods.addEventHandler({
      add: (p) => this.podUpdated(undefined, p),
      update: (o, n) => this.podUpdated(o, n),
      delete: (p) => this.podUpdated(p, undefined),
    });
    this.nodes.addEventHandler({
      add: (n) => this.nodeUpdated(undefined, n),
      update: (o, n) => this.nodeUpdated(o, n),
      delete: (n) => this.nodeUpdated(n, undefined),
    });
  }

  /** The informers (started by the manager) deliver every existing node and pod to the handlers. */
  run(): void {
    this.stopped = false;
  }

  stop(): void {
    this.stopped = true;
    for (const w of this.work.values()) if (w.timer !== undefined) this.clock.clearTimeout(w.timer);
    this.work.clear();
  }

  // ---- informer events -----------------------------------------------------------------------

  private index(old: Pod | undefined, cur: Pod | undefined): void {
    const remove = (p: Pod) => {
      const n = p.spec?.nodeName;
      if (n) this.podsByNode.get(n)?.delete(podKey(p.metadata!.namespace!, p.metadata!.name!));
    };
    const add = (p: Pod) => {
      const n = p.spec?.nodeName;
      if (!n) return;
      let s = this.podsByNode.get(n);
      if (!s) this.podsByNode.set(n, (s = new Set()));
      s.add(podKey(p.metadata!.namespace!, p.metadata!.name!));
    };
    if (old) remove(old);
    if (cur) add(cur);
  }

  /** `PodUpdated`: only binding, tolerations and deletion matter. */
  private podUpdated(old: Pod | undefined, cur: Pod | undefined): void {
    this.index(old, cur);
    if (this.stopped) return;
    if (
      old &&
      cur &&
      old.spec?.nodeName === cur.spec?.nodeName &&
      jsonEqual(old.spec?.tolerations ?? [], cur.spec?.tolerations ?? [])
    )
      return;
    const p = (cur ?? old)!;
    const ns = p.metadata!.namespace!;
    const name = p.metadata!.name!;
    // handlePodUpdate reads the pod again from the cache (on the next tick, as from the queue).
    this.clock.setTimeout(
      () => this.handlePodUpdate(ns, name, (cur ?? old)!.spec?.nodeName ?? ''),
      0,
      'taint-eviction pod update',
    );
  }

  private handlePodUpdate(ns: string, name: string, nodeName: string): void {
    const pod = this.pods.lister.get(ns, name);
    if (!pod) {
      this.cancelWorkWithEvent(ns, name);
      return;
    }
    if (pod.spec?.nodeName !== nodeName || !nodeName) return;
    const taints = this.taintedNodes.get(nodeName);
    if (!taints) return;
    this.processPodOnNode(ns, name, pod.spec?.tolerations ?? [], taints, this.clock.now());
  }

  /** `NodeUpdated`: only changes of the NoExecute taints matter. */
  private nodeUpdated(old: Node | undefined, cur: Node | undefined): void {
    const oldTaints = noExecuteTaints(old?.spec?.taints);
    const newTaints = noExecuteTaints(cur?.spec?.taints);
    if (old && cur && jsonEqual(oldTaints, newTaints)) return;
    const name = (cur ?? old)!.metadata!.name!;
    if (this.stopped) return;
    this.clock.setTimeout(() => this.handleNodeUpdate(name), 0, 'taint-eviction node update');
  }

  private handleNodeUpdate(nodeName: string): void {
    const node = this.nodes.lister.get('', nodeName);
    if (!node) {
      this.taintedNodes.delete(nodeName);
      return;
    }
    const taints = noExecuteTaints(node.spec?.taints);
    if (taints.length === 0) this.taintedNodes.delete(nodeName);
    else this.taintedNodes.set(nodeName, taints);
    const keys = [...(this.podsByNode.get(nodeName) ?? [])].sort();
    if (keys.length === 0) return;
    if (taints.length === 0) {
      for (const k of keys) {
        const [ns, name] = k.split('/') as [string, string];
        this.cancelWorkWithEvent(ns, name);
      }
      return;
    }
    const now = this.clock.now();
    for (const k of keys) {
      const [ns, name] = k.split('/') as [string, string];
      const pod = this.pods.lister.get(ns, name);
      if (!pod) continue;
      this.processPodOnNode(ns, name, pod.spec?.tolerations ?? [], taints, now);
    }
  }

  // ---- the decision ----------------------------------------------------------------------------

  private processPodOnNode(
    ns: string,
    name: string,
    tolerations: readonly Toleration[],
    taints: readonly Taint[],
    now: number,
  ): void {
    if (taints.length === 0) this.cancelWorkWithEvent(ns, name);
    const [allTolerated, used] = getMatchingTolerations(taints, tolerations);
    if (!allTolerated) {
      this.cancelWorkWithEvent(ns, name);
      this.addWork(ns, name, now, now);
      return;
    }
    const minTolerationTime = getMinTolerationTime(used);
    if (minTolerationTime < 0) {
      this.cancelWorkWithEvent(ns, name);
      return;
    }
    let startTime = now;
    const triggerTime = startTime + minTolerationTime;
    const scheduled = this.work.get(podKey(ns, name));
    if (scheduled && scheduled.timer !== undefined) {
      startTime = scheduled.createdAt;
      if (startTime + minTolerationTime < triggerTime) return;
      this.cancelWorkWithEvent(ns, name);
    }
    this.addWork(ns, name, startTime, triggerTime);
  }

  private addWork(ns: string, name: string, createdAt: number, fireAt: number): void {
    const key = podKey(ns, name);
    if (this.work.has(key)) return; // already existing work (or already done)
    const w: Work = { createdAt, fireAt, timer: undefined };
    w.timer = this.clock.setTimeout(
      () => {
        w.timer = undefined;
        if (!this.deletePod(ns, name)) this.work.delete(key);
      },
      Math.max(0, fireAt - this.clock.now()),
      'taint-eviction delete pod',
    );
    this.work.set(key, w);
  }

  private cancelWorkWithEvent(ns: string, name: string): void {
    const key = podKey(ns, name);
    const w = this.work.get(key);
    if (!w) return;
    this.work.delete(key);
    if (w.timer === undefined) return;
    this.clock.clearTimeout(w.timer);
    this.recorder.event(
      { apiVersion: 'v1', kind: 'Pod', name, namespace: ns },
      'Normal',
      'TaintManagerEviction',
      `Cancelling deletion of Pod ${key}`,
    );
  }

  /** `deletePodHandler` + `addConditionAndDeletePod`. Returns true on success. */
  private deletePod(ns: string, name: string): boolean {
    this.logger.info(`Deleting pod controller="taint-eviction-controller" pod="${ns}/${name}"`);
    this.recorder.event(
      { apiVersion: 'v1', kind: 'Pod', name, namespace: ns },
      'Normal',
      'TaintManagerEviction',
      `Marking for deletion Pod ${ns}/${name}`,
    );
    try {
      const pod = this.rest.get<KubeObject & Pod>(R.PODS, ns, name);
      const oldStatus = (pod.status ?? {}) as Record<string, unknown>;
      const conditions = [...((oldStatus.conditions as PodCondition[] | undefined) ?? [])];
      const i = conditions.findIndex((c) => c.type === 'DisruptionTarget');
      const cond: PodCondition = {
        type: 'DisruptionTarget',
        status: 'True',
        lastProbeTime: null as unknown as string,
        lastTransitionTime: rfc3339(this.clock.now()),
        reason: 'DeletionByTaintManager',
        message: 'Taint manager: deleting due to NoExecute taint',
      };
      let updated = true;
      if (i >= 0) {
        const o = conditions[i]!;
        if (o.status === cond.status) cond.lastTransitionTime = o.lastTransitionTime;
        updated = !(o.status === cond.status && o.reason === cond.reason && o.message === cond.message);
        conditions[i] = cond;
      } else conditions.push(cond);
      if (updated) {
        const patch = createTwoWayMergePatch(
          { status: oldStatus } as JsonMap,
          { status: { ...oldStatus, conditions } } as unknown as JsonMap,
          '/Pod',
        );
        if (!isEmptyPatch(patch))
          this.rest.patch(R.PODS, ns, name, 'application/strategic-merge-patch+json', patch, 'status');
      }
      this.rest.delete(R.PODS, ns, name);
      return true;
    } catch (e) {
      if (!isNotFound(e)) this.logger.error(`taint-eviction: deleting pod ${ns}/${name}: ${errorMessage(e)}`);
      return isNotFound(e);
    }
  }
}
