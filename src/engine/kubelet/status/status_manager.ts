/**
 * The kubelet's status manager (pkg/kubelet/status/status_manager.go): it keeps the latest
 * status the kubelet computed for each pod and writes it to the API server — a strategic merge
 * PATCH of `pods/<name>/status` from the last status it knows the server has, exactly as
 * statusutil.PatchPodStatus does — whenever it changes. Probe results update the cached status
 * in place (SetContainerReadiness / SetContainerStartup).
 *
 * It also finishes a graceful deletion: once a pod marked for deletion has a terminal phase and
 * its containers and volumes are gone, it sends `DELETE …?gracePeriodSeconds=0` with the pod's UID
 * as precondition, and the API server removes the object.
 */
import type { Pod, PodStatus } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { createTwoWayMergePatch } from '../../../apimachinery/strategicpatch/index';
import { isConflict, isNotFound, type RestClient, errorMessage } from '../../controllers/framework/client';
import * as R from '../../controllers/framework/resources';
import type { Logger } from '../../controllers/framework/log';
import { cloneJson, semanticEqual } from '../../api/objects';
import { generatePodReadyCondition, generateContainersReadyCondition, normalizeStatus } from './generate';

interface Entry {
  status: PodStatus;
  /** The last pod object the server returned or the informer delivered (for the patch base). */
  apiPod: Pod | undefined;
}

export class StatusManager {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly rest: RestClient,
    private readonly now: () => number,
    private readonly logger: Logger,
  ) {}

  /** The cached status (what the kubelet last computed). */
  getPodStatus(uid: string): PodStatus | undefined {
    return this.entries.get(uid)?.status;
  }

  /** The informer saw a newer object: use it as the patch base when it is newer than ours. */
  observe(pod: Pod): void {
    const e = this.entries.get(pod.metadata!.uid!);
    if (!e) return;
    if (!e.apiPod || Number(pod.metadata!.resourceVersion) > Number(e.apiPod.metadata!.resourceVersion))
      e.apiPod = pod;
  }

  /** SetPodStatus: normalise, cache, write if it changed. */
  setPodStatus(pod: Pod, status: PodStatus): void {
    const uid = pod.metadata!.uid!;
    let e = this.entries.get(uid);
    if (!e) {
      e = { status: pod.status ?? {}, apiPod: pod };
      this.entries.set(uid, e);
    } else if (
      !e.apiPod ||
      Number(pod.metadata!.resourceVersion) > Number(e.apiPod.metadata!.resourceVersion)
    )
      e.apiPod = pod;
    const normalized = normalizeStatus(status, e.status, this.now());
    // the start time never changes once set
    if (e.status.startTime) normalized.startTime = e.status.startTime;
    if (semanticEqual(normalized, e.status) && semanticEqual(normalized, e.apiPod?.status)) return;
    e.status = normalized;
    this.sync(uid);
  }

  /** A readiness result changed: update the container's `ready` and the pod's conditions. */
  setContainerReadiness(uid: string, containerID: string, ready: boolean): void {
    this.updateContainer(uid, containerID, (cs) => (cs.ready = ready));
  }

  /** A startup result changed. */
  setContainerStartup(uid: string, containerID: string, started: boolean): void {
    this.updateContainer(uid, containerID, (cs) => (cs.started = started));
  }

  private updateContainer(
    uid: string,
    containerID: string,
    change: (cs: { ready: boolean; started?: boolean }) => void,
  ): void {
    const e = this.entries.get(uid);
    if (!e || !e.apiPod) return;
    const next = cloneJson(e.status);
    const cid = `containerd://${containerID}`;
    const cs = [...(next.containerStatuses ?? []), ...(next.initContainerStatuses ?? [])].find(
      (c) => c.containerID === cid,
    );
    if (!cs) return;
    const before = JSON.stringify(cs);
    change(cs);
    if (!cs.state?.running) cs.ready = false;
    if (JSON.stringify(cs) === before) return;
    const pod = e.apiPod;
    const all = [...(next.initContainerStatuses ?? []), ...(next.containerStatuses ?? [])];
    const phase = next.phase ?? 'Pending';
    const conds = (next.conditions ?? []).filter((c) => c.type !== 'Ready' && c.type !== 'ContainersReady');
    const ready = generatePodReadyCondition(pod, conds, all, phase);
    const containersReady = generateContainersReadyCondition(pod, all, phase);
    next.conditions = (next.conditions ?? []).map((c) =>
      c.type === 'Ready' ? ready : c.type === 'ContainersReady' ? containersReady : c,
    );
    e.status = normalizeStatus(next, e.status, this.now());
    this.sync(uid);
  }

  /** Forget a pod (it is gone from the API). */
  remove(uid: string): void {
    this.entries.delete(uid);
  }

  /** Write the cached status (syncPod of the status manager). */
  private sync(uid: string): void {
    const e = this.entries.get(uid);
    if (!e || !e.apiPod) return;
    const base = e.apiPod;
    // preserve conditions other components own (PodScheduled's reason, DisruptionTarget …)
    const merged: PodStatus = cloneJson(e.status);
    for (const c of base.status?.conditions ?? []) {
      if (!(merged.conditions ?? []).some((x) => x.type === c.type)) (merged.conditions ??= []).push(c);
    }
    if (semanticEqual(merged, base.status)) return;
    const original = { metadata: { uid }, status: base.status ?? {} };
    const modified = { metadata: { uid }, status: merged };
    let patch: Record<string, unknown>;
    try {
      patch = createTwoWayMergePatch(original as never, modified as never, '/Pod');
    } catch (err) {
      this.logger.error(
        `status manager: cannot build patch for ${base.metadata!.namespace}/${base.metadata!.name}: ${errorMessage(err)}`,
      );
      return;
    }
    try {
      const written = this.rest.patch<KubeObject>(
        R.PODS,
        base.metadata!.namespace,
        base.metadata!.name!,
        'application/strategic-merge-patch+json',
        patch,
        'status',
      ) as unknown as Pod;
      e.apiPod = written;
    } catch (err) {
      if (isNotFound(err)) return;
      if (isConflict(err)) return;
      this.logger.error(
        `status manager: failed to update status for ${base.metadata!.namespace}/${base.metadata!.name}: ${errorMessage(err)}`,
      );
    }
  }

  /**
   * The pod is terminal and cleaned up: finish its graceful deletion (DELETE with grace period 0
   * and the UID precondition).
   */
  deletePod(pod: Pod): void {
    try {
      this.rest.delete(R.PODS, pod.metadata!.namespace, pod.metadata!.name!, {
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata!.uid },
      });
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err))
        this.logger.error(
          `status manager: failed to delete ${pod.metadata!.namespace}/${pod.metadata!.name}: ${errorMessage(err)}`,
        );
    }
    this.entries.delete(pod.metadata!.uid!);
  }
}
