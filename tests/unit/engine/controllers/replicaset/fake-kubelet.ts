/**
 * A fake kubelet for the workload-controller tests: it stops the cluster's real kubelets (so
 * the controllers can be tested with exact, kubelet-independent timings), watches the API
 * server's changes and, some simulated time after a pod appears, writes the pod's status
 * through `pods/<name>/status` as a kubelet would — Running and Ready, or stuck
 * waiting (a bad image). When a bound pod is deleted gracefully (deletionTimestamp set), it
 * finishes the deletion after `terminateAfterMs` with a DELETE of grace period 0, as the kubelet
 * does once the containers are gone.
 */
import type { KubeObject } from '../../../../../src/api/types';
import { rfc3339, rfc3339Micro } from '../../../../../src/engine/controllers/framework/objects';
import type { TestCluster } from '../helpers';

export interface FakeKubeletOptions {
  /** ms from pod creation to Running + Ready (default 1000). */
  readyAfterMs?: number;
  /** Pods for which this returns false never become ready (e.g. a missing image tag). */
  canStart?: (pod: KubeObject) => boolean;
  /** Jobs: ms after Running when the container exits; and with which code (default: never exits). */
  exitAfterMs?: (pod: KubeObject) => number | undefined;
  exitCode?: (pod: KubeObject) => number;
  /** ms from deletionTimestamp to the final delete (default 0: at once). */
  terminateAfterMs?: number;
}

type PodLike = KubeObject & {
  spec?: { containers?: { name: string; image?: string }[]; restartPolicy?: string };
  status?: Record<string, unknown>;
};

function podPath(pod: KubeObject): string {
  return `/api/v1/namespaces/${pod.metadata.namespace}/pods/${pod.metadata.name}`;
}

export class FakeKubelet {
  readonly started = new Set<string>();
  private readonly opts: Required<Pick<FakeKubeletOptions, 'readyAfterMs'>> & FakeKubeletOptions;

  constructor(
    private readonly c: TestCluster,
    opts: FakeKubeletOptions = {},
  ) {
    this.opts = { readyAfterMs: 1000, ...opts };
    // One kubelet per node: the real ones step aside (their running system pods stay as they are).
    for (const node of c.kubelets.kubelets.keys()) c.kubelets.faults.stopKubelet(node);
    // A live kubelet renews its node's Lease every 10 s; without it the node lifecycle controller
    // would call the nodes unreachable after the grace period and mark every pod not ready.
    const renew = (): void => {
      for (const node of c.kubelets.kubelets.keys()) this.renewLease(node);
      c.clock.setTimeout(renew, 10_000, 'fake kubelet lease');
    };
    renew();
    c.cluster.onChange((changes) => {
      for (const e of changes) {
        if (
          e.op === 'updated' &&
          e.to.kind === 'Pod' &&
          e.to.metadata.deletionTimestamp &&
          !e.from.metadata.deletionTimestamp &&
          !this.system(e.to)
        ) {
          const pod = e.to;
          c.clock.setTimeout(
            () => this.finishDeletion(pod),
            this.opts.terminateAfterMs ?? 0,
            'fake kubelet kill',
          );
          continue;
        }
        if (e.op !== 'added' || e.object.kind !== 'Pod') continue;
        const pod = e.object;
        if (pod.metadata.namespace === 'kube-system' || pod.metadata.namespace === 'local-path-storage')
          continue;
        const uid = pod.metadata.uid ?? '';
        c.clock.setTimeout(
          () => this.start(pod.metadata.namespace ?? '', pod.metadata.name ?? '', uid),
          this.opts.readyAfterMs,
          'fake kubelet',
        );
      }
    });
  }

  private system(pod: KubeObject): boolean {
    return pod.metadata.namespace === 'kube-system' || pod.metadata.namespace === 'local-path-storage';
  }

  private renewLease(node: string): void {
    this.c.server.handle({
      method: 'PATCH',
      path: `/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${node}`,
      body: { spec: { renewTime: rfc3339Micro(this.c.clock.now()) } },
      headers: { contentType: 'application/merge-patch+json' },
    });
  }

  /** The kubelet's final DELETE (grace period 0) once a deleted pod's containers have stopped. */
  private finishDeletion(pod: KubeObject): void {
    this.c.server.handle({
      method: 'DELETE',
      path: podPath(pod),
      body: {
        kind: 'DeleteOptions',
        apiVersion: 'v1',
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      },
    });
  }

  private current(ns: string, name: string, uid: string): PodLike | undefined {
    const res = this.c.server.handle({ method: 'GET', path: `/api/v1/namespaces/${ns}/pods/${name}` });
    if (res.status !== 200) return undefined;
    const pod = structuredClone(res.body) as PodLike;
    if (pod.metadata.uid !== uid || pod.metadata.deletionTimestamp) return undefined;
    return pod;
  }

  private writeStatus(pod: PodLike, status: Record<string, unknown>): void {
    pod.status = status;
    this.c.server.handle({ method: 'PUT', path: `${podPath(pod)}/status`, body: pod });
  }

  private start(ns: string, name: string, uid: string): void {
    const pod = this.current(ns, name, uid);
    if (!pod) return;
    const now = rfc3339(this.c.clock.now());
    const containers = pod.spec?.containers ?? [];
    if (this.opts.canStart && !this.opts.canStart(pod)) {
      this.writeStatus(pod, {
        ...(pod.status ?? {}),
        phase: 'Pending',
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            lastProbeTime: null,
            lastTransitionTime: now,
            reason: 'ContainersNotReady',
          },
        ],
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image,
          imageID: '',
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } },
        })),
      });
      return;
    }
    this.started.add(uid);
    this.writeStatus(pod, {
      ...(pod.status ?? {}),
      phase: 'Running',
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'ContainersReady', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
      startTime: now,
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: true,
        restartCount: 0,
        started: true,
        state: { running: { startedAt: now } },
      })),
    });
    const exitAfter = this.opts.exitAfterMs?.(pod);
    if (exitAfter !== undefined)
      this.c.clock.setTimeout(() => this.exit(ns, name, uid), exitAfter, 'fake kubelet exit');
  }

  private exit(ns: string, name: string, uid: string): void {
    const pod = this.current(ns, name, uid);
    if (!pod) return;
    const code = this.opts.exitCode?.(pod) ?? 0;
    const now = rfc3339(this.c.clock.now());
    const containers = pod.spec?.containers ?? [];
    this.writeStatus(pod, {
      ...(pod.status ?? {}),
      phase: code === 0 ? 'Succeeded' : 'Failed',
      conditions: [
        { type: 'Initialized', status: 'True', lastProbeTime: null, lastTransitionTime: now },
        {
          type: 'Ready',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'PodCompleted',
        },
        {
          type: 'ContainersReady',
          status: 'False',
          lastProbeTime: null,
          lastTransitionTime: now,
          reason: 'PodCompleted',
        },
        { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now },
      ],
      containerStatuses: containers.map((c) => ({
        name: c.name,
        image: c.image,
        imageID: '',
        ready: false,
        restartCount: 0,
        started: false,
        state: {
          terminated: {
            exitCode: code,
            reason: code === 0 ? 'Completed' : 'Error',
            startedAt: pod.status?.startTime ?? now,
            finishedAt: now,
          },
        },
      })),
    });
  }
}
