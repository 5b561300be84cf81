/**
 * The node's status and heartbeats (pkg/kubelet/kubelet_node_status.go, nodestatus/setters.go,
 * pkg/kubelet/nodelease):
 *  - every 10 s the kubelet computes its node status — conditions MemoryPressure, DiskPressure,
 *    PIDPressure, Ready; capacity and allocatable; the images it has (largest first, at most 50)
 *    — and PATCHes `nodes/<name>/status` when something changed, or every 5 minutes anyway
 *    (nodeStatusReportFrequency): `lastHeartbeatTime` moves then;
 *  - every 10 s it renews its Lease in kube-node-lease (the real heartbeat the node lifecycle
 *    controller watches; leaseDurationSeconds 40).
 * A stopped kubelet does neither: its Lease goes stale, which is what marks a node NotReady
 * (src/engine/controllers/nodelifecycle). Back up, it posts its conditions again at once: the
 * transitions from Unknown record NodeHasSufficientMemory … NodeReady, as the kubelet's setters do.
 */
import type { KubeObject } from '../../../api/types';
import { createTwoWayMergePatch } from '../../../apimachinery/strategicpatch/index';
import type { SimClock, TimerId } from '../../clock';
import { errorMessage, isConflict, type RestClient } from '../../controllers/framework/client';
import * as R from '../../controllers/framework/resources';
import type { Logger } from '../../controllers/framework/log';
import { rfc3339, rfc3339Micro } from '../../controllers/framework/objects';
import type { EventRecorder } from '../../events';
import type { ContainerRuntime } from '../runtime/containerd';

interface Condition {
  type: string;
  status: string;
  lastHeartbeatTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

const MAX_IMAGES = 50;

export interface NodeStatusHost {
  nodeName: string;
  clock: SimClock;
  rest: RestClient;
  runtime: ContainerRuntime;
  recorder: EventRecorder;
  logger: Logger;
  memoryPressure(): boolean;
  updateFrequencyMs: number;
  reportFrequencyMs: number;
  leaseDurationSeconds: number;
}

export class NodeStatusManager {
  private node: KubeObject | undefined;
  private lease: KubeObject | undefined;
  private lastReportAt = 0;
  private statusTimer: TimerId | undefined;
  private leaseTimer: TimerId | undefined;
  private lastImagesVersion = -1;

  constructor(private readonly h: NodeStatusHost) {}

  get current(): KubeObject | undefined {
    return this.node;
  }

  start(firstDelayMs: number): void {
    // A (re)started kubelet compares what it wants with the Node the API holds, whatever it
    // posted before: the node lifecycle controller may have set the conditions to Unknown.
    this.lastPressure = undefined;
    this.lastImagesVersion = -1;
    try {
      this.node = this.h.rest.get(R.NODES, undefined, this.h.nodeName);
      const conds = (this.node.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
      const hb = conds.map((c) => Date.parse(c.lastHeartbeatTime ?? '')).filter((n) => !Number.isNaN(n));
      this.lastReportAt = hb.length ? Math.max(...hb) : this.h.clock.now();
    } catch (err) {
      this.h.logger.error(`kubelet ${this.h.nodeName}: cannot read its Node: ${errorMessage(err)}`);
    }
    this.statusTimer = this.h.clock.setTimeout(() => this.statusTick(), firstDelayMs, 'node status');
    this.leaseTimer = this.h.clock.setTimeout(
      () => this.leaseTick(),
      Math.round(firstDelayMs / 2),
      'node lease',
    );
  }

  stop(): void {
    if (this.statusTimer !== undefined) this.h.clock.clearTimeout(this.statusTimer);
    if (this.leaseTimer !== undefined) this.h.clock.clearTimeout(this.leaseTimer);
    this.statusTimer = this.leaseTimer = undefined;
  }

  /** Compute and post now (a pressure change is reported at the next tick in the real kubelet). */
  private statusTick(): void {
    this.statusTimer = this.h.clock.setTimeout(
      () => this.statusTick(),
      this.h.updateFrequencyMs,
      'node status',
    );
    this.syncNodeStatus();
  }

  private lastPressure: boolean | undefined;

  syncNodeStatus(): void {
    if (!this.node) return;
    const now = this.h.clock.now();
    // nothing to report: no copy, no patch (this runs every 10 s on every node)
    const pressureNow = this.h.memoryPressure();
    if (
      pressureNow === this.lastPressure &&
      this.h.runtime.imagesVersion === this.lastImagesVersion &&
      now - this.lastReportAt < this.h.reportFrequencyMs
    )
      return;
    this.lastPressure = pressureNow;
    const old = (this.node.status ?? {}) as Record<string, unknown>;
    const next = structuredClone(old);
    const ts = rfc3339(now);
    const oldConds = (old.conditions as Condition[] | undefined) ?? [];
    const pressure = this.h.memoryPressure();
    const want: Condition[] = [
      pressure
        ? {
            type: 'MemoryPressure',
            status: 'True',
            reason: 'KubeletHasInsufficientMemory',
            message: 'kubelet has insufficient memory available',
          }
        : {
            type: 'MemoryPressure',
            status: 'False',
            reason: 'KubeletHasSufficientMemory',
            message: 'kubelet has sufficient memory available',
          },
      {
        type: 'DiskPressure',
        status: 'False',
        reason: 'KubeletHasNoDiskPressure',
        message: 'kubelet has no disk pressure',
      },
      {
        type: 'PIDPressure',
        status: 'False',
        reason: 'KubeletHasSufficientPID',
        message: 'kubelet has sufficient PID available',
      },
      { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
    ];
    let changed = false;
    next.conditions = want.map((c) => {
      const prev = oldConds.find((o) => o.type === c.type);
      const transitioned = !prev || prev.status !== c.status;
      if (transitioned || prev?.reason !== c.reason) changed = true;
      if (transitioned && prev) {
        const ev =
          c.type === 'MemoryPressure'
            ? c.status === 'True'
              ? 'NodeHasInsufficientMemory'
              : 'NodeHasSufficientMemory'
            : c.type === 'DiskPressure'
              ? 'NodeHasNoDiskPressure'
              : c.type === 'PIDPressure'
                ? 'NodeHasSufficientPID'
                : c.type === 'Ready'
                  ? 'NodeReady'
                  : '';
        if (ev)
          this.h.recorder.event(
            { kind: 'Node', name: this.h.nodeName, uid: this.h.nodeName },
            'Normal',
            ev,
            `Node ${this.h.nodeName} status is now: ${ev}`,
          );
      }
      return {
        type: c.type,
        status: c.status,
        lastHeartbeatTime: ts,
        lastTransitionTime: transitioned ? ts : prev!.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      };
    });
    if (this.h.runtime.imagesVersion !== this.lastImagesVersion) {
      this.lastImagesVersion = this.h.runtime.imagesVersion;
      const images = this.h.runtime
        .listImages()
        .sort((a, b) => b.entry.size - a.entry.size)
        .slice(0, MAX_IMAGES)
        .map((i) => ({ names: i.names, sizeBytes: i.entry.size }));
      if (JSON.stringify(images) !== JSON.stringify(old.images)) {
        next.images = images;
        changed = true;
      }
    }
    if (!changed && now - this.lastReportAt < this.h.reportFrequencyMs) return;
    const patch = createTwoWayMergePatch({ status: old } as never, { status: next } as never, '/Node');
    try {
      this.node = this.h.rest.patch(
        R.NODES,
        undefined,
        this.h.nodeName,
        'application/strategic-merge-patch+json',
        patch,
        'status',
      );
      this.lastReportAt = now;
    } catch (err) {
      this.h.logger.error(`kubelet ${this.h.nodeName}: error updating node status: ${errorMessage(err)}`);
      try {
        this.node = this.h.rest.get(R.NODES, undefined, this.h.nodeName);
      } catch {
        /* retried at the next tick */
      }
    }
  }

  private leaseTick(): void {
    const renewEvery = (this.h.leaseDurationSeconds * 1000) / 4;
    this.leaseTimer = this.h.clock.setTimeout(() => this.leaseTick(), renewEvery, 'node lease');
    this.renewLease();
  }

  renewLease(): void {
    const now = this.h.clock.now();
    try {
      this.lease ??= this.h.rest.get(R.LEASES, 'kube-node-lease', this.h.nodeName);
      const next = structuredClone(this.lease);
      (next.spec as Record<string, unknown>).renewTime = rfc3339Micro(now);
      this.lease = this.h.rest.update(R.LEASES, next);
    } catch (err) {
      this.lease = undefined;
      if (!isConflict(err))
        this.h.logger.error(`kubelet ${this.h.nodeName}: failed to update lease: ${errorMessage(err)}`);
    }
  }
}
