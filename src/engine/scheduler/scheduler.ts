/**
 * kube-scheduler: its own informers (pods, nodes, namespaces, services, replica sets, PDBs), the
 * scheduler cache, the scheduling queue, the default profile, an event recorder, and the
 * scheduling loop (schedule-one.ts) on zero-delay clock timers.
 *
 * Like the real one, it reads the cluster only through watches and writes only through the API:
 * `POST pods/<name>/binding`, `PATCH pods/<name>/status` (PodScheduled, nominatedNodeName,
 * DisruptionTarget), `DELETE` of preemption victims, and events.
 *
 * Event handlers (eventhandlers.go):
 *  - unscheduled pods with `schedulerName: default-scheduler` enter the queue; their updates may
 *    move them; a pod that gets bound (or deleted) leaves it;
 *  - bound pods go to the cache (and confirm assumed ones); an added or deleted bound pod is a
 *    cluster event that may make waiting pods schedulable;
 *  - node add/update events update the cache and move waiting pods whose rejecting plugins say
 *    the change may help.
 * Terminal pods (Succeeded, Failed) are filtered out by the pod informer's field selector, so
 * they leave the cache as deletes, as upstream.
 */
import type { Namespace, Node, Pod, ReplicationController, Service } from 'kubernetes-types/core/v1';
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { KubeObject } from '../../api/types';
import type { SimClock } from '../clock';
import { RestClient, type ControllerClient, type ResourceRef } from '../controllers/framework/client';
import { QueueWorker } from '../controllers/framework/controller';
import { InformerFactory, type SharedInformer } from '../controllers/framework/informer';
import { nopLogger, type Logger } from '../controllers/framework/log';
import type { NanoClock } from '../events';
import type { Rand } from '../rand';
import { SchedulerCache, type Snapshot } from './cache/cache';
import { DecisionStore, type AttemptRecord, type DecisionStoreOptions } from './decisions';
import { SchedulerEventRecorder } from './events';
import type { FitError } from './framework/fit-error';
import type { Listers, PluginHandle } from './framework/handle';
import type { PodInfo } from './framework/node-info';
import type { Framework } from './framework/runtime';
import {
  ActionType,
  EVENT_ASSIGNED_POD_ADD,
  EVENT_ASSIGNED_POD_DELETE,
  EVENT_NODE_ADD,
  EVENT_NODE_DELETE,
  type ClusterEvent,
} from './framework/types';
import { DefaultPreemption } from './plugins/default-preemption';
import type { Evaluator } from './preemption/preemption';
import { DEFAULT_SCHEDULER_NAME, defaultFramework } from './profile';
import { PriorityQueue, podSchedulingPropertiesChange } from './queue/scheduling-queue';
import { scheduleOne } from './schedule-one';
import { jsonEqual } from '../api/objects';

/** kube-scheduler's User-Agent (its events and bindings are written with it). */
export const SCHEDULER_USER_AGENT = 'kube-scheduler/v1.32.2 (linux/amd64) kubernetes/67a30c0';

const ref = (
  group: string,
  version: string,
  resource: string,
  kind: string,
  namespaced = true,
): ResourceRef => ({
  group,
  version,
  resource,
  kind,
  namespaced,
});

const PODS = ref('', 'v1', 'pods', 'Pod');
const NODES = ref('', 'v1', 'nodes', 'Node', false);
const NAMESPACES = ref('', 'v1', 'namespaces', 'Namespace', false);
const SERVICES = ref('', 'v1', 'services', 'Service');
const REPLICATIONCONTROLLERS = ref('', 'v1', 'replicationcontrollers', 'ReplicationController');
const REPLICASETS = ref('apps', 'v1', 'replicasets', 'ReplicaSet');
const STATEFULSETS = ref('apps', 'v1', 'statefulsets', 'StatefulSet');
const PDBS = ref('policy', 'v1', 'poddisruptionbudgets', 'PodDisruptionBudget');

export interface SchedulerOptions {
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  nanoClock: NanoClock;
  logger?: Logger;
  /** The host kube-scheduler runs on (the control-plane node): `default-scheduler-<host>` in events. */
  hostname?: string;
  /** percentageOfNodesToScore; 0 = adaptive (the default). */
  percentageOfNodesToScore?: number;
  decisions?: DecisionStoreOptions;
  userAgent?: string;
}

/** `assignedPod`. */
const assigned = (p: Pod): boolean => !!p.spec?.nodeName;

export class Scheduler {
  readonly clock: SimClock;
  readonly rand: Rand;
  readonly logger: Logger;
  readonly client: RestClient;
  readonly cache = new SchedulerCache();
  readonly queue: PriorityQueue;
  readonly framework: Framework;
  readonly recorder: SchedulerEventRecorder;
  readonly decisions: DecisionStore;
  readonly listers: Listers;
  readonly handle: PluginHandle;
  readonly preemptionEvaluator: Evaluator | undefined;
  /** Where the next cycle starts looking (findNodesThatFitPod rotates through the nodes). */
  nextStartNodeIndex = 0;
  /** The snapshot of the running cycle. */
  snapshotForCycle: Snapshot | undefined;
  /** The attempt being recorded. */
  currentRecord: AttemptRecord | undefined;
  /** The FitError of the running cycle (read by the failure handler). */
  lastFitError: FitError | undefined;

  private readonly informers: InformerFactory;
  private readonly podInformer: SharedInformer<Pod & KubeObject>;
  private readonly nodeInformer: SharedInformer<Node & KubeObject>;
  private readonly informerOf = new Map<string, SharedInformer>();
  private readonly worker: QueueWorker;
  private running = false;

  constructor(private readonly opts: SchedulerOptions) {
    this.clock = opts.clock;
    this.rand = opts.rand;
    this.logger = opts.logger ?? nopLogger;
    const ua = opts.userAgent ?? SCHEDULER_USER_AGENT;
    this.client = new RestClient(opts.client, ua);
    this.informers = new InformerFactory(opts.client, opts.clock, this.logger, ua);
    this.decisions = new DecisionStore({
      ...opts.decisions,
      onEvict: (r) => {
        const buf = r.scores?.result.buffer;
        if (buf) this.framework.scoreBuffers.release(buf);
        opts.decisions?.onEvict?.(r);
      },
    });
    this.recorder = new SchedulerEventRecorder(
      opts.client,
      opts.clock,
      opts.nanoClock,
      ua,
      DEFAULT_SCHEDULER_NAME,
      `${DEFAULT_SCHEDULER_NAME}-${opts.hostname ?? 'kind-control-plane'}`,
      this.logger,
    );

    this.podInformer = this.informers.informerFor(PODS, {
      fieldSelector: 'status.phase!=Succeeded,status.phase!=Failed',
    });
    this.nodeInformer = this.informers.informerFor(NODES);
    for (const r of [NAMESPACES, SERVICES, REPLICATIONCONTROLLERS, REPLICASETS, STATEFULSETS, PDBS])
      if (this.served(r)) this.informerOf.set(r.resource, this.informers.informerFor(r));

    this.listers = this.makeListers();
    this.handle = {
      snapshot: () => this.snapshotForCycle ?? this.cache.updateSnapshot(),
      framework: () => this.framework,
      nominatedPodsForNode: (n) => this.queue.nominator.nominatedPodsForNode(n),
      listers: this.listers,
      client: this.client,
      recorder: this.recorder,
      rand: this.rand,
      clock: this.clock,
    };
    this.framework = defaultFramework(this.handle);
    this.framework.percentageOfNodesToScore = opts.percentageOfNodesToScore ?? 0;
    this.framework.handle = { nominatedPodsForNode: (n) => this.queue.nominator.nominatedPodsForNode(n) };
    const dp = this.framework.plugins.find((p) => p instanceof DefaultPreemption) as
      DefaultPreemption | undefined;
    this.preemptionEvaluator = dp?.evaluator;

    const sort = this.framework.plugins.find((p) => p.name === 'PrioritySort') as
      { less(a: unknown, b: unknown): boolean } | undefined;
    this.worker = new QueueWorker(opts.clock, 'kube-scheduler', () => scheduleOne(this));
    this.queue = new PriorityQueue({
      clock: opts.clock,
      less: (a, b) => (sort ? sort.less(a, b) : a.timestamp < b.timestamp),
      preEnqueue: (pod) => this.framework.runPreEnqueuePlugins(pod),
      hints: this.framework.eventsToRegister(),
      getPod: (ns, name) => this.podInformer.lister.get(ns, name),
      namespaceLabels: (ns) => this.listers.namespace(ns)?.metadata?.labels ?? {},
      onActive: () => this.worker.kick(),
    });
    this.addEventHandlers();
  }

  /** Is this resource served? (Later issues add statefulsets, replicationcontrollers …) */
  private served(r: ResourceRef): boolean {
    const path = r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
    const res = this.opts.client.request({ method: 'GET', path });
    if (res.status !== 200) return false;
    const list = res.body as { resources?: { name: string }[] };
    return (list.resources ?? []).some((x) => x.name === r.resource);
  }

  private lister<T>(resource: string): SharedInformer<T & KubeObject> | undefined {
    return this.informerOf.get(resource) as SharedInformer<T & KubeObject> | undefined;
  }

  private makeListers(): Listers {
    // Services by namespace, rebuilt after any Service event (read once or twice per cycle).
    const servicesByNs = new Map<string, Service[]>();
    this.lister<Service>('services')?.addEventHandler({
      add: () => servicesByNs.clear(),
      update: () => servicesByNs.clear(),
      delete: () => servicesByNs.clear(),
    });
    const services = (ns: string): Service[] => {
      let list = servicesByNs.get(ns);
      if (!list) servicesByNs.set(ns, (list = this.lister<Service>('services')?.lister.list(ns) ?? []));
      return list;
    };
    return {
      pod: (ns, name) => this.podInformer.lister.get(ns, name),
      namespace: (name) => this.lister<Namespace>('namespaces')?.lister.get('', name),
      namespaces: (selector) =>
        (this.lister<Namespace>('namespaces')?.store.list() ?? []).filter((n) =>
          selector.matches(n.metadata?.labels ?? {}),
        ),
      services,
      replicaSet: (ns, name) => this.lister<ReplicaSet>('replicasets')?.lister.get(ns, name),
      statefulSet: (ns, name) => this.lister<StatefulSet>('statefulsets')?.lister.get(ns, name),
      replicationController: (ns, name) =>
        this.lister<ReplicationController>('replicationcontrollers')?.lister.get(ns, name),
      podDisruptionBudgets: () =>
        this.lister<PodDisruptionBudget>('poddisruptionbudgets')?.store.list() ?? [],
    };
  }

  private responsible(p: Pod): boolean {
    return (p.spec?.schedulerName ?? DEFAULT_SCHEDULER_NAME) === this.framework.profileName;
  }

  private addEventHandlers(): void {
    this.podInformer.addEventHandler({
      add: (pod) => {
        if (assigned(pod)) this.addPodToCache(pod);
        else if (this.responsible(pod)) this.queue.add(pod);
      },
      update: (oldPod, newPod) => {
        if (oldPod === newPod) return;
        const oa = assigned(oldPod);
        const na = assigned(newPod);
        if (oa && na) {
          this.cache.updatePod(oldPod, newPod);
          for (const evt of podSchedulingPropertiesChange(newPod, oldPod))
            this.queue.assignedPodUpdated(oldPod, newPod, evt);
          return;
        }
        if (!oa && na) {
          // Bound: it leaves the queue and joins the cache (confirming the assumed pod).
          if (this.responsible(oldPod)) this.queue.delete(oldPod);
          this.addPodToCache(newPod);
          return;
        }
        if (oa && !na) {
          this.cache.removePod(oldPod);
          if (this.responsible(newPod)) this.queue.add(newPod);
          return;
        }
        if (!this.responsible(newPod)) return;
        if (oldPod.metadata?.resourceVersion === newPod.metadata?.resourceVersion) return;
        if (this.cache.isAssumedPod(newPod.metadata?.uid ?? '')) return;
        this.queue.update(oldPod, newPod);
      },
      delete: (pod) => {
        if (assigned(pod)) {
          this.cache.removePod(pod);
          this.queue.moveAllToActiveOrBackoffQueue(EVENT_ASSIGNED_POD_DELETE, pod, undefined);
        } else if (this.responsible(pod)) {
          this.queue.delete(pod);
        }
      },
    });
    this.nodeInformer.addEventHandler({
      add: (node) => {
        this.cache.addNode(node);
        this.queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_ADD, undefined, node);
      },
      update: (oldNode, newNode) => {
        if (oldNode === newNode) return;
        this.cache.updateNode(oldNode, newNode);
        for (const evt of nodeSchedulingPropertiesChange(newNode, oldNode))
          this.queue.moveAllToActiveOrBackoffQueue(evt, oldNode, newNode);
      },
      delete: (node) => {
        this.cache.removeNode(node);
        this.queue.moveAllToActiveOrBackoffQueue(EVENT_NODE_DELETE, node, undefined);
      },
    });
  }

  private addPodToCache(pod: Pod): void {
    this.cache.addPod(pod);
    this.queue.assignedPodAdded(pod, EVENT_ASSIGNED_POD_ADD);
  }

  /** Start: informers LIST now, then the scheduling loop runs whenever activeQ has pods. */
  run(): void {
    if (this.running) return;
    this.running = true;
    this.informers.start();
    this.queue.run();
    this.worker.start();
  }

  stop(): void {
    this.running = false;
    this.worker.stop();
    this.queue.close();
    this.recorder.stop();
    this.informers.stop();
  }

  get isRunning(): boolean {
    return this.running;
  }

  /** The pods the scheduler knows on a node (assigned or assumed), for tests. */
  podsOnNode(nodeName: string): readonly PodInfo[] {
    return this.cache.nodes.get(nodeName)?.pods ?? [];
  }
}

// ---- node update events (framework/events.go NodeSchedulingPropertiesChange) ------------------

const sameJson = (a: unknown, b: unknown): boolean => jsonEqual(a ?? null, b ?? null);

export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const push = (actionType: number, label: string) => events.push({ resource: 'Node', actionType, label });
  if (!!newNode.spec?.unschedulable !== !!oldNode.spec?.unschedulable && !newNode.spec?.unschedulable)
    push(ActionType.UpdateNodeTaint, 'NodeSpecUnschedulableChange');
  if (!sameJson(newNode.status?.allocatable, oldNode.status?.allocatable))
    push(ActionType.UpdateNodeAllocatable, 'NodeAllocatableChange');
  if (!sameJson(newNode.metadata?.labels, oldNode.metadata?.labels))
    push(ActionType.UpdateNodeLabel, 'NodeLabelChange');
  if (!sameJson(newNode.spec?.taints, oldNode.spec?.taints))
    push(ActionType.UpdateNodeTaint, 'NodeTaintChange');
  const conds = (n: Node) => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  if (!sameJson(conds(newNode), conds(oldNode))) push(ActionType.UpdateNodeCondition, 'NodeConditionChange');
  if (!sameJson(newNode.metadata?.annotations, oldNode.metadata?.annotations))
    push(ActionType.UpdateNodeAnnotation, 'NodeAnnotationChange');
  return events;
}
