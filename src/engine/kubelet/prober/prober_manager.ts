/**
 * The prober manager (pkg/kubelet/prober/prober_manager.go): probe workers per pod, and the
 * results the status generation reads (is this container started? ready?). Result changes go
 * to the kubelet: readiness and startup update the status at once, a liveness or startup
 * failure makes the pod worker sync (which kills and restarts the container).
 */
import type { Container, Pod } from 'kubernetes-types/core/v1';
import type { ProbeType } from './prober';
import { ProbeWorker, type ProbeState, type WorkerHost } from './worker';

export interface ResultListener {
  (type: ProbeType, containerID: string, state: ProbeState, pod: Pod): void;
}

export class ProbeManager {
  private readonly workers = new Map<string, ProbeWorker[]>();
  private readonly results: Record<ProbeType, Map<string, ProbeState>> = {
    liveness: new Map(),
    readiness: new Map(),
    startup: new Map(),
  };

  constructor(
    private readonly hostBase: Omit<WorkerHost, 'setResult' | 'removeResult'>,
    private readonly onChange: ResultListener,
  ) {}

  private host(): WorkerHost {
    return {
      ...this.hostBase,
      setResult: (type, cid, state, pod) => {
        const m = this.results[type];
        if (m.get(cid) === state) return;
        m.set(cid, state);
        this.onChange(type, cid, state, pod);
      },
      removeResult: (type, cid) => this.results[type].delete(cid),
    };
  }

  /** AddPod: workers for every probe of the pod's containers and sidecars. */
  addPod(pod: Pod): void {
    const uid = pod.metadata!.uid!;
    if (this.workers.has(uid)) return;
    const host = this.host();
    const ws: ProbeWorker[] = [];
    const add = (c: Container, isInit: boolean) => {
      if (c.startupProbe) ws.push(new ProbeWorker(host, pod, c, 'startup', c.startupProbe, isInit));
      if (c.readinessProbe) ws.push(new ProbeWorker(host, pod, c, 'readiness', c.readinessProbe, isInit));
      if (c.livenessProbe) ws.push(new ProbeWorker(host, pod, c, 'liveness', c.livenessProbe, isInit));
    };
    for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always') add(c, true);
    for (const c of pod.spec?.containers ?? []) add(c, false);
    this.workers.set(uid, ws);
    for (const w of ws) w.start();
  }

  updatePod(pod: Pod): void {
    for (const w of this.workers.get(pod.metadata!.uid!) ?? []) w.updatePod(pod);
  }

  removePod(uid: string): void {
    for (const w of this.workers.get(uid) ?? []) w.stop();
    this.workers.delete(uid);
  }

  private worker(uid: string, name: string, type: ProbeType): ProbeWorker | undefined {
    return this.workers.get(uid)?.find((w) => w.container.name === name && w.type === type);
  }

  get(type: ProbeType, containerID: string): ProbeState | undefined {
    return this.results[type].get(containerID);
  }

  /** UpdatePodStatus: started = startup success, or no startup probe. */
  started(uid: string, name: string, containerID: string): boolean {
    const r = this.results.startup.get(containerID);
    if (r !== undefined) return r === 'success';
    return !this.worker(uid, name, 'startup');
  }

  /** ready = readiness success, or no readiness probe (a pending probe is triggered at once). */
  ready(uid: string, name: string, containerID: string): boolean {
    if (this.results.readiness.get(containerID) === 'success') return true;
    const w = this.worker(uid, name, 'readiness');
    if (!w) return true;
    // "Trigger an immediate run of the readinessProbe to update ready state" (asynchronously)
    this.hostBase.clock.setTimeout(() => w.trigger(), 0, 'readiness trigger');
    return false;
  }
}

export type { ProbeState };
