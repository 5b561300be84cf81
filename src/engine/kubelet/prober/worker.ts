/**
 * A probe worker (pkg/kubelet/prober/worker.go): one per container and probe type, started when
 * the kubelet first sees the pod. It probes at once, then every periodSeconds (a timer, never a
 * polling loop), and turns raw results into the container's probe state:
 *  - nothing happens before initialDelaySeconds after the container started;
 *  - liveness and readiness wait for the startup probe; startup stops once it succeeded;
 *  - the state flips to Failure after failureThreshold consecutive failures and back to Success
 *    after successThreshold consecutive successes;
 *  - initial state: readiness Failure, liveness Success, startup Unknown;
 *  - after a liveness/startup failure the worker holds until a new container ID appears.
 * Each failed probe records a Warning `Unhealthy` event: `Readiness probe failed: <output>`.
 */
import type { Container, Pod, PodStatus, Probe } from 'kubernetes-types/core/v1';
import type { SimClock, TimerId } from '../../clock';
import type { EventRecorder } from '../../events';
import type { CompiledProbe, ProbeOutcome, ProbeType, Prober } from './prober';

export type ProbeState = 'success' | 'failure' | 'unknown';

export interface WorkerHost {
  clock: SimClock;
  prober: Prober;
  recorder: EventRecorder;
  /** The kubelet's cached status of the pod. */
  podStatus(uid: string): PodStatus | undefined;
  /** Precise start time of a container instance (ms), from the runtime. */
  containerStartedAt(containerID: string): number | undefined;
  /** The probe state of a container changed. */
  setResult(type: ProbeType, containerID: string, state: ProbeState, pod: Pod): void;
  removeResult(type: ProbeType, containerID: string): void;
  /** Forced failures (faults API): container name → probe types that fail. */
  forcedFailure(uid: string, container: string, type: ProbeType): string | undefined;
}

const TITLE: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export class ProbeWorker {
  private timer: TimerId | undefined;
  private containerID = '';
  private lastResult: ProbeState = 'unknown';
  private resultRun = 0;
  private onHold = false;
  private inFlight = false;
  private stopped = false;
  private readonly initialValue: ProbeState;
  private lastManual = -1;
  private rawContainerID = '';
  private lastRaw = '';
  private lastCid = '';
  /** The state last reported to the results manager (which ignores repeats anyway). */
  private reported: ProbeState | undefined;
  private compiled: CompiledProbe | undefined;
  private compiledCid = '';
  private compiledIP = '';
  /** A probe answers synchronously or later; see doProbe. */
  private syncCall = false;
  private syncOutcome: ProbeOutcome | undefined;
  private probedCid = '';
  private readonly onOutcome = (o: ProbeOutcome): void => {
    if (this.syncCall) {
      this.syncOutcome = o;
      return;
    }
    this.inFlight = false;
    if (!this.stopped && this.containerID === this.probedCid) this.handle(o, this.probedCid);
  };

  constructor(
    private readonly host: WorkerHost,
    private pod: Pod,
    readonly container: Container,
    readonly type: ProbeType,
    private readonly spec: Probe,
    readonly isInit: boolean,
  ) {
    this.initialValue = type === 'readiness' ? 'failure' : type === 'liveness' ? 'success' : 'unknown';
  }

  private get periodMs(): number {
    return (this.spec.periodSeconds ?? 10) * 1000;
  }

  start(): void {
    this.tick();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.host.clock.clearTimeout(this.timer);
    if (this.containerID) this.host.removeResult(this.type, this.containerID);
  }

  updatePod(pod: Pod): void {
    this.pod = pod;
  }

  /** Run a probe now (the prober manager's manual trigger for readiness). */
  trigger(): void {
    const now = this.host.clock.now();
    if (this.stopped || this.inFlight || this.lastManual === now) return;
    this.lastManual = now;
    this.doProbe();
  }

  private tick(): void {
    if (this.stopped) return;
    if (!this.inFlight && this.doProbe() === false) {
      this.stop();
      return;
    }
    this.timer = this.host.clock.setTimeout(() => this.tick(), this.periodMs, 'probe');
  }

  /** One iteration; false: the worker should stop. */
  private doProbe(): boolean {
    const uid = this.pod.metadata!.uid!;
    const status = this.host.podStatus(uid);
    if (!status) return true;
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return false;
    const list = this.isInit ? status.initContainerStatuses : status.containerStatuses;
    let c;
    if (list) for (const s of list) if (s.name === this.container.name) c = s;
    if (!c || !c.containerID) {
      this.containerID = '';
      this.rawContainerID = '';
      return true;
    }
    // `containerd://<id>`: slice only when it changes (this runs for every probe)
    if (c.containerID !== this.rawContainerID) this.rawContainerID = c.containerID;
    const cid =
      this.rawContainerID === this.lastRaw
        ? this.lastCid
        : ((this.lastRaw = this.rawContainerID),
          (this.lastCid = this.rawContainerID.slice('containerd://'.length)));
    if (this.containerID !== cid) {
      if (this.containerID) this.host.removeResult(this.type, this.containerID);
      this.containerID = cid;
      this.reported = this.initialValue;
      this.host.setResult(this.type, cid, this.initialValue, this.pod);
      this.onHold = false;
      this.resultRun = 0;
      this.lastResult = 'unknown';
    }
    if (this.onHold) return true;
    if (!c.state?.running) {
      if (this.containerID) {
        this.reported = 'failure';
        this.host.setResult(this.type, cid, 'failure', this.pod);
      }
      return !c.state?.terminated || this.pod.spec?.restartPolicy !== 'Never';
    }
    if (this.pod.metadata?.deletionTimestamp && (this.type === 'liveness' || this.type === 'startup')) {
      this.reported = 'success';
      this.host.setResult(this.type, cid, 'success', this.pod);
      return false;
    }
    const delay = this.spec.initialDelaySeconds ?? 0;
    if (delay > 0) {
      const startedAt = this.host.containerStartedAt(cid) ?? Date.parse(c.state.running.startedAt ?? '');
      if (Math.floor((this.host.clock.now() - startedAt) / 1000) < delay) return true;
    }
    if (c.started) {
      if (this.type === 'startup') return true;
    } else if (this.type !== 'startup') return true;

    const forced = this.host.forcedFailure(uid, this.container.name, this.type);
    if (forced !== undefined) {
      this.handle({ result: 'failure', output: forced }, cid);
      return true;
    }
    const podIP = status.podIP ?? '';
    if (!this.compiled || this.compiledCid !== cid || this.compiledIP !== podIP) {
      this.compiled = this.host.prober.compile(this.spec, {
        pod: this.pod,
        container: this.container,
        containerID: cid,
        podIP,
      });
      this.compiledCid = cid;
      this.compiledIP = podIP;
    }
    this.inFlight = true;
    this.probedCid = cid;
    this.syncCall = true;
    this.syncOutcome = undefined;
    this.compiled.run(this.onOutcome);
    this.syncCall = false;
    const o = this.syncOutcome as ProbeOutcome | undefined;
    if (o) {
      this.syncOutcome = undefined;
      this.inFlight = false;
      this.handle(o, cid);
    }
    return true;
  }

  private handle(o: ProbeOutcome, cid: string): void {
    if (o.error !== undefined) {
      this.host.recorder.event(
        this.ref(),
        'Warning',
        'Unhealthy',
        `${TITLE[this.type]} probe errored and resulted in unknown state: ${o.error}`,
      );
      return;
    }
    const result: ProbeState =
      o.result === 'failure' ? 'failure' : o.result === 'unknown' ? 'unknown' : 'success';
    if (o.result === 'failure')
      this.host.recorder.event(
        this.ref(),
        'Warning',
        'Unhealthy',
        `${TITLE[this.type]} probe failed: ${o.output}`,
      );
    if (o.result === 'warning')
      this.host.recorder.event(
        this.ref(),
        'Warning',
        'ProbeWarning',
        `${TITLE[this.type]} probe warning: ${o.output}`,
      );
    if (this.lastResult === result) this.resultRun++;
    else {
      this.lastResult = result;
      this.resultRun = 1;
    }
    if (
      (result === 'failure' && this.resultRun < (this.spec.failureThreshold ?? 3)) ||
      (result === 'success' && this.resultRun < (this.spec.successThreshold ?? 1))
    )
      return;
    if (this.reported !== result) {
      this.reported = result;
      this.host.setResult(this.type, cid, result, this.pod);
    }
    if ((this.type === 'liveness' || this.type === 'startup') && result === 'failure') {
      this.onHold = true;
      this.resultRun = 0;
    }
  }

  private ref() {
    const idx = this.isInit ? 'initContainers' : 'containers';
    return {
      kind: 'Pod',
      namespace: this.pod.metadata!.namespace,
      name: this.pod.metadata!.name!,
      uid: this.pod.metadata!.uid,
      apiVersion: 'v1',
      resourceVersion: this.pod.metadata!.resourceVersion,
      fieldPath: `spec.${idx}{${this.container.name}}`,
    };
  }
}
