/**
 * The node lifecycle controller (kube-controller-manager's `node-lifecycle-controller`, k/k
 * pkg/controller/nodelifecycle/node_lifecycle_controller.go). It watches whether each kubelet is
 * still alive and turns a silent node into a NotReady one:
 *
 *   every 5 s (--node-monitor-period) monitorNodeHealth, per node:
 *     Lease renewed or Ready heartbeat moved? ──yes──► probeTimestamp = now
 *     now > probeTimestamp + grace (50 s)     ──yes──► Ready, MemoryPressure, DiskPressure,
 *                                                      PIDPressure := Unknown "NodeStatusUnknown"
 *                                                      "Kubelet stopped posting node status."
 *     Ready went True → not True ──► event NodeNotReady on the node; every pod's Ready := False
 *                                    (event NodeNotReady "Node is not ready" on each pod)
 *     Ready False / Unknown ──► queue the node for the NoExecute taint not-ready / unreachable
 *     Ready True            ──► remove both NoExecute taints
 *
 *   every 100 ms, while nodes wait: take a token from the zone's bucket (0.1/s, burst 1) and add
 *   the NoExecute taint; the taint-eviction controller then deletes the pods once their
 *   tolerations run out (300 s from DefaultTolerationSeconds).
 *
 *   on every node change: doNoScheduleTaintingPass keeps the NoSchedule taints in step with the
 *   conditions and spec.unschedulable (src/engine/controllers/nodelifecycle/taints.ts).
 *
 * The grace period is 50 s: kube-controller-manager v1.32 raised the default of
 * --node-monitor-grace-period from 40 s to 50 s (kubernetes/kubernetes PR #126287, "The default
 * value for node-monitor-grace-period has been increased to 50s", first released in v1.32).
 * A node that never posted a Ready condition gets --node-startup-grace-period (60 s) and the
 * reason NodeStatusNeverUpdated instead.
 *
 * Zone disruption as upstream: when every node of the zone is not Ready (a kind cluster is one
 * zone), the controller assumes the problem is its own view, removes the NoExecute taints and
 * stops tainting; in a partially disrupted small zone (more than 2 nodes and ≥ 55 % not Ready)
 * it stops tainting too.
 *
 * The RegisteredNode event of a new node is written by the cluster bootstrap (src/engine/bootstrap),
 * which plays the controller's first minute; nodes created later get none (docs/FIDELITY.md).
 */
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { NodeCondition, Pod, PodCondition } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { TimerId } from '../../clock';
import type { EventRecorder } from '../../events';
import { errorMessage, isNotFound, type RestClient } from '../framework/client';
import { controllerRestClient, type ControllerContext } from '../framework/context';
import { Controller } from '../framework/controller';
import type { SharedInformer } from '../framework/informer';
import { rfc3339 } from '../framework/objects';
import * as R from '../framework/resources';
import { RateLimitedTimedQueue, TokenBucket } from './rate-limited-queue';
import {
  managedNoScheduleTaints,
  NOT_READY_NOEXECUTE,
  swapNodeControllerTaint,
  taintExists,
  taintSetDiff,
  UNREACHABLE_NOEXECUTE,
  wantedNoScheduleTaints,
  type NodeObject,
} from './taints';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
/** scheduler.NodeEvictionPeriod: how often the NoExecute tainting pass runs. */
export const NODE_EVICTION_PERIOD_MS = 100;
const EVICTION_LIMITER_QPS = 0.1;
const SECONDARY_EVICTION_LIMITER_QPS = 0.01;
const LARGE_CLUSTER_SIZE_THRESHOLD = 50;
const UNHEALTHY_ZONE_THRESHOLD = 0.55;
const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const RETRY_MS = 50;

const CONDITIONS_TO_MARK_UNKNOWN = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

type PodObject = KubeObject & Pod;
type LeaseObject = KubeObject & Lease;
type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

interface NodeHealth {
  /** The Ready condition as last observed (undefined: none posted yet). */
  ready: NodeCondition | undefined;
  probeTimestamp: number;
  readyTransitionTimestamp: number;
  leaseRenewTime: string | undefined;
}

const readyOf = (node: { status?: { conditions?: NodeCondition[] } }): NodeCondition | undefined =>
  node.status?.conditions?.find((c) => c.type === 'Ready');

/** nodetopology.GetZoneKey: region and zone labels; "" for a kind cluster. */
function zoneKey(node: NodeObject): string {
  const l = node.metadata.labels ?? {};
  const region = l['topology.kubernetes.io/region'] ?? l['failure-domain.beta.kubernetes.io/region'] ?? '';
  const zone = l['topology.kubernetes.io/zone'] ?? l['failure-domain.beta.kubernetes.io/zone'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\x00:${zone}`;
}

export class NodeLifecycleController extends Controller {
  private readonly rest: RestClient;
  private readonly recorder: EventRecorder;
  private readonly nodes: SharedInformer<NodeObject>;
  private readonly pods: SharedInformer<PodObject>;
  private readonly leases: SharedInformer<LeaseObject>;
  private readonly health = new Map<string, NodeHealth>();
  private readonly zoneTainter = new Map<string, RateLimitedTimedQueue>();
  private readonly zoneStates = new Map<string, ZoneState>();
  /** Nodes whose pods could not all be marked not ready: retried at the next pass. */
  private readonly nodesToRetry = new Set<string>();
  private monitorTimer: TimerId | undefined;
  private taintTimer: TimerId | undefined;
  private started = false;

  constructor(ctx: ControllerContext) {
    super('node-lifecycle', ctx.clock, ctx.logger);
    this.rest = controllerRestClient(ctx, 'node-controller');
    this.recorder = ctx.events.newRecorder({ component: 'node-controller' });
    this.nodes = ctx.informers.informerFor<NodeObject>(R.NODES);
    this.pods = ctx.informers.informerFor<PodObject>(R.PODS);
    this.leases = ctx.informers.informerFor<LeaseObject>(R.LEASES);
    this.nodes.addEventHandler({
      add: (n) => this.enqueue(n.metadata.name),
      update: (_old, n) => this.enqueue(n.metadata.name),
    });
    this.pods.addEventHandler({
      add: (p) => this.podUpdated(undefined, p),
      update: (o, p) => this.podUpdated(o, p),
    });
    this.waitForCacheSync(
      () => this.nodes.hasSynced(),
      () => this.pods.hasSynced(),
      () => this.leases.hasSynced(),
    );
  }

  override run(): void {
    super.run();
    if (this.started) return;
    this.started = true;
    // The first pass runs once the caches are loaded (the informers LIST when the manager starts).
    this.monitorTimer = this.clock.setTimeout(() => this.monitorTick(), 0, 'node lifecycle monitor');
  }

  override stop(): void {
    super.stop();
    this.started = false;
    if (this.monitorTimer !== undefined) this.clock.clearTimeout(this.monitorTimer);
    if (this.taintTimer !== undefined) this.clock.clearTimeout(this.taintTimer);
    this.monitorTimer = this.taintTimer = undefined;
  }

  // ---- doNoScheduleTaintingPass (the work queue) -----------------------------------------------

  protected sync(name: string): void {
    const node = this.nodes.lister.get('', name);
    if (!node) return;
    const [add, remove] = taintSetDiff(wantedNoScheduleTaints(node), managedNoScheduleTaints(node));
    if (add.length === 0 && remove.length === 0) return;
    try {
      swapNodeControllerTaint(this.rest, name, add, remove, this.clock.now());
    } catch (err) {
      if (isNotFound(err)) return;
      throw new Error(`failed to swap taints of node ${name}: ${errorMessage(err)}`);
    }
  }

  // ---- pods bound to a node that is not ready (processPod) --------------------------------------

  private podUpdated(old: PodObject | undefined, pod: PodObject): void {
    const node = pod.spec?.nodeName;
    if (!node || (old && old.spec?.nodeName === node)) return;
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    this.clock.setTimeout(() => this.processPod(ns, name), 0, 'node lifecycle pod');
  }

  private processPod(ns: string, name: string): void {
    if (!this.started) return;
    const pod = this.pods.lister.get(ns, name);
    if (!pod?.spec?.nodeName) return;
    const h = this.health.get(pod.spec.nodeName);
    if (!h?.ready || !this.nodes.lister.get('', pod.spec.nodeName)) return;
    if (h.ready.status !== 'True') this.markPodsNotReady([pod], pod.spec.nodeName);
  }

  // ---- monitorNodeHealth ------------------------------------------------------------------------

  private monitorTick(): void {
    this.monitorTimer = this.clock.setTimeout(
      () => this.monitorTick(),
      NODE_MONITOR_PERIOD_MS,
      'node lifecycle monitor',
    );
    if (!this.nodes.hasSynced() || !this.pods.hasSynced() || !this.leases.hasSynced()) return;
    try {
      this.monitorNodeHealth();
    } catch (err) {
      this.logger.error(`node lifecycle: monitoring node health: ${errorMessage(err)}`);
    }
  }

  private monitorNodeHealth(): void {
    const nodes = this.nodes.lister.list().sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    const seen = new Set(nodes.map((n) => n.metadata.name));
    for (const name of [...this.health.keys()]) if (!seen.has(name)) this.health.delete(name);
    const zoneReady = new Map<string, (NodeCondition | undefined)[]>();
    for (const cached of nodes) {
      const zone = zoneKey(cached);
      this.ensureZone(zone);
      let result: { observed: NodeCondition; current: NodeCondition | undefined } | undefined;
      // Read-only until a write is needed (then a copy is written): this runs every 5 s per node.
      let node: NodeObject = cached;
      for (let attempt = 0; attempt < 2 && !result; attempt++) {
        try {
          result = this.tryUpdateNodeHealth(node);
        } catch (err) {
          if (isNotFound(err)) break;
          try {
            node = this.rest.get<NodeObject>(R.NODES, undefined, node.metadata.name);
          } catch {
            break;
          }
        }
      }
      if (!result) {
        this.logger.error(`node lifecycle: cannot update the health of node ${node.metadata.name}`);
        continue;
      }
      if (!('node.kubernetes.io/exclude-disruption' in (node.metadata.labels ?? {}))) {
        const list = zoneReady.get(zone) ?? [];
        list.push(result.current);
        zoneReady.set(zone, list);
      }
      const { observed, current } = result;
      if (!current) continue;
      this.processTaintBaseEviction(node, observed);
      const name = node.metadata.name;
      const needsRetry = this.nodesToRetry.has(name);
      const wentNotReady = current.status !== 'True' && observed.status === 'True';
      if (wentNotReady) {
        this.recorder.event(
          { apiVersion: 'v1', kind: 'Node', name, uid: node.metadata.uid },
          'Normal',
          'NodeNotReady',
          `Node ${name} status is now: NodeNotReady`,
        );
      }
      if (wentNotReady || (needsRetry && observed.status !== 'True')) {
        const pods = this.pods.lister.list().filter((p) => p.spec?.nodeName === name);
        if (!this.markPodsNotReady(pods, name)) {
          this.nodesToRetry.add(name);
          continue;
        }
      }
      this.nodesToRetry.delete(name);
    }
    this.handleDisruption(zoneReady, nodes);
  }

  /**
   * tryUpdateNodeHealth: returns the Ready condition as observed before this pass and as it is
   * now (after marking it Unknown when the grace period ran out). Throws when the write failed.
   */
  private tryUpdateNodeHealth(node: NodeObject): {
    observed: NodeCondition;
    current: NodeCondition | undefined;
  } {
    const now = this.clock.now();
    const name = node.metadata.name;
    const created = Date.parse(node.metadata.creationTimestamp ?? '') || now;
    let h = this.health.get(name);
    let current = readyOf(node);
    let observed: NodeCondition;
    let grace: number;
    if (!current) {
      // Never posted: pretend an Unknown condition as old as the node, with the startup grace.
      const ts = rfc3339(created);
      observed = { type: 'Ready', status: 'Unknown', lastHeartbeatTime: ts, lastTransitionTime: ts };
      grace = NODE_STARTUP_GRACE_PERIOD_MS;
      if (h) h.ready = undefined;
      else
        h = {
          ready: undefined,
          probeTimestamp: created,
          readyTransitionTimestamp: created,
          leaseRenewTime: undefined,
        };
    } else {
      observed = { ...current };
      grace = NODE_MONITOR_GRACE_PERIOD_MS;
    }
    const saved = h?.ready;
    if (!h) {
      h = {
        ready: current && { ...current },
        probeTimestamp: now,
        readyTransitionTimestamp: now,
        leaseRenewTime: undefined,
      };
    } else if (!saved && current) {
      h = {
        ready: { ...current },
        probeTimestamp: now,
        readyTransitionTimestamp: now,
        leaseRenewTime: h.leaseRenewTime,
      };
    } else if (saved && current && saved.lastHeartbeatTime !== current.lastHeartbeatTime) {
      const transition =
        saved.lastTransitionTime !== current.lastTransitionTime ? now : h.readyTransitionTimestamp;
      h = {
        ready: { ...current },
        probeTimestamp: now,
        readyTransitionTimestamp: transition,
        leaseRenewTime: h.leaseRenewTime,
      };
    }
    // The Lease is the heartbeat: any renewal counts as the node being alive.
    const lease = this.leases.lister.get(NODE_LEASE_NAMESPACE, name);
    const renew = lease?.spec?.renewTime;
    if (renew && (h.leaseRenewTime === undefined || Date.parse(h.leaseRenewTime) < Date.parse(renew))) {
      h.leaseRenewTime = renew;
      h.probeTimestamp = now;
    }
    this.health.set(name, h);

    if (now > h.probeTimestamp + grace) {
      const ts = rfc3339(now);
      const conditions = [...(node.status?.conditions ?? [])].map((c) => ({ ...c }));
      for (const type of CONDITIONS_TO_MARK_UNKNOWN) {
        const c = conditions.find((x) => x.type === type);
        if (!c) {
          conditions.push({
            type,
            status: 'Unknown',
            reason: 'NodeStatusNeverUpdated',
            message: 'Kubelet never posted node status.',
            lastHeartbeatTime: node.metadata.creationTimestamp,
            lastTransitionTime: ts,
          });
        } else if (c.status !== 'Unknown') {
          c.status = 'Unknown';
          c.reason = 'NodeStatusUnknown';
          c.message = 'Kubelet stopped posting node status.';
          c.lastTransitionTime = ts;
        }
      }
      const updated = { ...node, status: { ...node.status, conditions } } as NodeObject;
      current = readyOf(updated);
      if (JSON.stringify(current) !== JSON.stringify(observed)) {
        this.rest.update(R.NODES, updated as KubeObject, 'status');
        h.ready = current && { ...current };
        h.readyTransitionTimestamp = now;
      }
    }
    return { observed, current };
  }

  /** processTaintBaseEviction: not-ready and unreachable NoExecute taints follow Ready. */
  private processTaintBaseEviction(node: NodeObject, observed: NodeCondition): void {
    const name = node.metadata.name;
    const taints = node.spec?.taints;
    const swap = (add: typeof NOT_READY_NOEXECUTE, remove: typeof NOT_READY_NOEXECUTE) => {
      try {
        swapNodeControllerTaint(this.rest, name, [add], [remove], this.clock.now());
      } catch (err) {
        this.logger.error(
          `node lifecycle: failed to swap taints of node ${name}, retrying: ${errorMessage(err)}`,
        );
      }
    };
    switch (observed.status) {
      case 'False':
        if (taintExists(taints, UNREACHABLE_NOEXECUTE)) swap(NOT_READY_NOEXECUTE, UNREACHABLE_NOEXECUTE);
        else this.markNodeForTainting(node, 'False');
        break;
      case 'Unknown':
        if (taintExists(taints, NOT_READY_NOEXECUTE)) swap(UNREACHABLE_NOEXECUTE, NOT_READY_NOEXECUTE);
        else this.markNodeForTainting(node, 'Unknown');
        break;
      case 'True':
        this.markNodeAsReachable(node);
        break;
    }
  }

  private ensureZone(zone: string): RateLimitedTimedQueue {
    let q = this.zoneTainter.get(zone);
    if (!q) {
      q = new RateLimitedTimedQueue(new TokenBucket(EVICTION_LIMITER_QPS, 1, this.clock.now()));
      this.zoneTainter.set(zone, q);
      this.zoneStates.set(zone, 'Initial');
    }
    return q;
  }

  private markNodeForTainting(node: NodeObject, status: 'False' | 'Unknown'): void {
    const q = this.ensureZone(zoneKey(node));
    const taint = status === 'False' ? NOT_READY_NOEXECUTE : UNREACHABLE_NOEXECUTE;
    if (!taintExists(node.spec?.taints, taint)) q.remove(node.metadata.name);
    if (q.add(node.metadata.name, node.metadata.uid ?? '', this.clock.now())) this.armTaintPass();
  }

  private markNodeAsReachable(node: NodeObject): void {
    const name = node.metadata.name;
    if (
      taintExists(node.spec?.taints, UNREACHABLE_NOEXECUTE) ||
      taintExists(node.spec?.taints, NOT_READY_NOEXECUTE)
    ) {
      try {
        swapNodeControllerTaint(
          this.rest,
          name,
          [],
          [UNREACHABLE_NOEXECUTE, NOT_READY_NOEXECUTE],
          this.clock.now(),
        );
      } catch (err) {
        this.logger.error(`node lifecycle: failed to remove taints from node ${name}: ${errorMessage(err)}`);
        return;
      }
    }
    this.zoneTainter.get(zoneKey(node))?.remove(name);
  }

  // ---- doNoExecuteTaintingPass ------------------------------------------------------------------

  private armTaintPass(): void {
    if (this.taintTimer !== undefined || !this.started) return;
    this.taintTimer = this.clock.setTimeout(
      () => {
        this.taintTimer = undefined;
        this.doNoExecuteTaintingPass();
        if ([...this.zoneTainter.values()].some((q) => q.length > 0)) this.armTaintPass();
      },
      NODE_EVICTION_PERIOD_MS,
      'node lifecycle taint pass',
    );
  }

  private doNoExecuteTaintingPass(): void {
    const now = this.clock.now();
    for (const q of this.zoneTainter.values()) {
      q.try(now, (name) => {
        const node = this.nodes.lister.get('', name);
        if (!node) return [true, 0];
        const ready = readyOf(node);
        if (!ready) return [false, RETRY_MS];
        // "unreachable" and "not ready" mirror Ready and exclude each other.
        let add, opposite;
        if (ready.status === 'False') [add, opposite] = [NOT_READY_NOEXECUTE, UNREACHABLE_NOEXECUTE];
        else if (ready.status === 'Unknown') [add, opposite] = [UNREACHABLE_NOEXECUTE, NOT_READY_NOEXECUTE];
        else return [true, 0];
        try {
          swapNodeControllerTaint(this.rest, name, [add], [opposite], now);
          return [true, 0];
        } catch (err) {
          if (isNotFound(err)) return [true, 0];
          this.logger.error(`node lifecycle: failed to taint node ${name}: ${errorMessage(err)}`);
          return [false, 0];
        }
      });
    }
  }

  // ---- zones ------------------------------------------------------------------------------------

  /** ComputeZoneState. */
  private computeZoneState(ready: (NodeCondition | undefined)[]): ZoneState {
    const readyNodes = ready.filter((c) => c?.status === 'True').length;
    const notReady = ready.length - readyNodes;
    if (readyNodes === 0 && notReady > 0) return 'FullDisruption';
    if (notReady > 2 && notReady / (notReady + readyNodes) >= UNHEALTHY_ZONE_THRESHOLD)
      return 'PartialDisruption';
    return 'Normal';
  }

  private setLimiterInZone(zone: string, size: number, state: ZoneState): void {
    const q = this.zoneTainter.get(zone);
    if (!q) return;
    const now = this.clock.now();
    if (state === 'Normal') q.limiter.swap(EVICTION_LIMITER_QPS, now);
    else if (state === 'PartialDisruption')
      q.limiter.swap(size > LARGE_CLUSTER_SIZE_THRESHOLD ? SECONDARY_EVICTION_LIMITER_QPS : 0, now);
    else if (state === 'FullDisruption') q.limiter.swap(EVICTION_LIMITER_QPS, now);
  }

  /** handleDisruption. */
  private handleDisruption(zoneReady: Map<string, (NodeCondition | undefined)[]>, nodes: NodeObject[]): void {
    const newStates = new Map<string, ZoneState>();
    let allAreFullyDisrupted = true;
    for (const [zone, conds] of zoneReady) {
      const s = this.computeZoneState(conds);
      if (s !== 'FullDisruption') allAreFullyDisrupted = false;
      newStates.set(zone, s);
      if (!this.zoneStates.has(zone)) this.zoneStates.set(zone, 'Initial');
    }
    let allWasFullyDisrupted = true;
    for (const [zone, s] of [...this.zoneStates]) {
      if (!zoneReady.has(zone)) {
        this.zoneStates.delete(zone);
        continue;
      }
      if (s !== 'FullDisruption') {
        allWasFullyDisrupted = false;
        break;
      }
    }
    if (allAreFullyDisrupted && allWasFullyDisrupted) return;
    if (allAreFullyDisrupted) {
      // Every node silent at once: more likely our own problem than theirs. Evict nothing.
      this.logger.info('Controller detected that all Nodes are not-Ready. Entering master disruption mode');
      for (const n of nodes) this.markNodeAsReachable(this.nodes.lister.get('', n.metadata.name) ?? n);
      for (const [zone, q] of this.zoneTainter) {
        q.limiter.swap(0, this.clock.now());
        this.zoneStates.set(zone, 'FullDisruption');
      }
      return;
    }
    if (allWasFullyDisrupted) {
      this.logger.info('Controller detected that some Nodes are Ready. Exiting master disruption mode');
      const now = this.clock.now();
      for (const h of this.health.values()) {
        h.probeTimestamp = now;
        h.readyTransitionTimestamp = now;
      }
      for (const zone of [...this.zoneStates.keys()]) {
        const s = newStates.get(zone) ?? 'Normal';
        this.setLimiterInZone(zone, zoneReady.get(zone)?.length ?? 0, s);
        this.zoneStates.set(zone, s);
      }
      return;
    }
    for (const [zone, s] of [...this.zoneStates]) {
      const next = newStates.get(zone) ?? 'Normal';
      if (s === next) continue;
      this.setLimiterInZone(zone, zoneReady.get(zone)?.length ?? 0, next);
      this.zoneStates.set(zone, next);
    }
  }

  // ---- MarkPodsNotReady -------------------------------------------------------------------------

  /** controllerutil.MarkPodsNotReady: Ready := False on each pod; false when a write failed. */
  private markPodsNotReady(pods: PodObject[], nodeName: string): boolean {
    let ok = true;
    const now = rfc3339(this.clock.now());
    for (const cached of pods.sort((a, b) => (a.metadata.name! < b.metadata.name! ? -1 : 1))) {
      if (cached.spec?.nodeName !== nodeName) continue;
      const pod = structuredClone(cached);
      const conds = (pod.status?.conditions ?? []) as PodCondition[];
      const ready = conds.find((c) => c.type === 'Ready');
      // UpdatePodCondition: nothing to write when it already says False.
      if (!ready || ready.status === 'False') continue;
      ready.status = 'False';
      ready.lastTransitionTime = now;
      try {
        this.rest.update(R.PODS, pod, 'status');
      } catch (err) {
        if (isNotFound(err)) continue;
        this.logger.error(
          `node lifecycle: failed to update status of pod ${pod.metadata.namespace}/${pod.metadata.name}: ${errorMessage(err)}`,
        );
        ok = false;
        continue;
      }
      this.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
    return ok;
  }
}
