/**
 * The kubelet of one node (pkg/kubelet/kubelet.go): it watches the pods bound to its node and
 * runs them in its container runtime; it reports their status, its node's status and its Lease.
 *
 *   informer (pods with spec.nodeName=<node>) ──► pod workers ──► syncPod
 *        │                                          ▲   ▲           ├─ admission (resources)
 *        └─► probe workers ── results ──────────────┘   │           ├─ status (generateAPIPodStatus → status manager → PATCH pods/status)
 *   container runtime ── exits ──► PLEG (1 s relist) ───┘           ├─ volumes (ConfigMap/Secret/…)
 *                                                                   └─ runtime: sandbox, init containers, containers (kuberuntime)
 *   node status (10 s) · Lease (10 s) · eviction manager (10 s, only with thresholds)
 *
 * Everything it reads comes from informers and GETs; everything it writes goes through the API
 * (pods/status PATCH, DELETE with gracePeriodSeconds=0, nodes/status PATCH, Lease PUT, Events).
 * Stopping the kubelet (a fault) stops heartbeats, syncs and probes; containers keep running, as
 * they do under containerd when the kubelet process dies.
 */
import type { Container as SpecContainer, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/types';
import { parseQuantityOrUndefined } from '../../apimachinery/quantity';
import type { SimClock } from '../clock';
import { errorMessage, isNotFound, RestClient, type ControllerClient } from '../controllers/framework/client';
import { InformerFactory, type SharedInformer } from '../controllers/framework/informer';
import type { Logger } from '../controllers/framework/log';
import * as R from '../controllers/framework/resources';
import { EventBroadcaster, type EventRecorder, type NanoClock, type ObjectReference } from '../events';
import type { HttpExchange, NetNamespace, PodNetwork } from '../network/index';
import type { Rand } from '../rand';
import { Backoff } from './backoff';
import { containerLimits, podRequests } from './cm/resources';
import { computePodQOS, oomScoreAdj } from './cm/qos';
import {
  BACKOFF_INITIAL_MS,
  BACKOFF_MAX_MS,
  KIND_KUBELET_CONFIG,
  KUBELET_USER_AGENT,
  MOUNT_TIMEOUT_MS,
  SANDBOX_MEMORY,
  SYSTEM_MEMORY,
  type KubeletConfig,
} from './config';
import { sleepFor, wait, type Task } from './coroutine';
import { EvictionManager, parseThresholds, type PodUsage } from './eviction/eviction_manager';
import { ImageManager } from './image_manager';
import type { ImageCatalog } from './images/catalog';
import { normalizedName, parseReference } from './images/reference';
import { PRELOADED_IMAGES } from './images/system';
import type { KubeletContext } from './kuberuntime/context';
import { killPod, nodeHosts, syncPodRuntime } from './kuberuntime/kuberuntime_manager';
import { NodeStatusManager } from './nodestatus/node_status';
import { PodWorkers, type SyncOutcome } from './pod_workers';
import { containerHash, latest, newRecord, runtimePodStatus, type PodRecord } from './pod_record';
import { Prober } from './prober/prober';
import { ProbeManager } from './prober/prober_manager';
import { ContainerRuntime, type Container } from './runtime/containerd';
import { StatsProvider, type Summary } from './stats';
import { generateAPIPodStatus } from './status/generate';
import { StatusManager } from './status/status_manager';
import { draw, jitter, PROFILES, type LifecycleStages } from './stages';
import type { EnvContext, ObjectSource } from './volumes/envvars';
import { VolumeManager } from './volumes/volume_manager';
import type { DirNode } from './runtime/fs';
import { nodeRootFS } from './nodefs';
import { jsonEqual } from '../api/objects';

export interface KubeletOptions {
  nodeName: string;
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  network: PodNetwork;
  catalog: ImageCatalog;
  nanoClock?: NanoClock;
  logger: Logger;
  config?: Partial<KubeletConfig>;
}

const isTerminal = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

export class Kubelet {
  readonly nodeName: string;
  readonly config: KubeletConfig;
  readonly runtime: ContainerRuntime;
  readonly network: PodNetwork;
  readonly nodeNetns: NetNamespace;
  readonly nodeIP: string;
  readonly stats: StatsProvider;
  readonly records = new Map<string, PodRecord>();
  readonly recorder: EventRecorder;
  readonly rest: RestClient;
  running = false;
  /** The node's root filesystem (hostPath volumes, `kubectl debug node/…`'s /host). */
  readonly rootfs: DirNode;

  private readonly clock: SimClock;
  private readonly rand: Rand;
  private readonly logger: Logger;
  private readonly client: ControllerClient;
  private readonly broadcaster: EventBroadcaster;
  private readonly images: ImageManager;
  private readonly statusManager: StatusManager;
  private readonly probes: ProbeManager;
  private readonly volumes: VolumeManager;
  private readonly podWorkers: PodWorkers;
  private readonly nodeStatus: NodeStatusManager;
  private readonly eviction: EvictionManager;
  private readonly backoff: Backoff;
  private readonly ctx: KubeletContext;
  private informers: InformerFactory | undefined;
  private podInformer: SharedInformer | undefined;
  private serviceInformer: SharedInformer | undefined;
  private node: KubeObject;
  private plegPhase: number;
  private allocatable = { cpu: 8000, memory: 0, pods: 110, ephemeralStorage: 0 };
  private capacityMemory = 0;
  private startedOnce = false;
  /** Fault injection: forced probe failures survive restarts of containers. */
  readonly faults = { probeFailures: new Map<string, string>() };

  constructor(opts: KubeletOptions) {
    this.nodeName = opts.nodeName;
    this.clock = opts.clock;
    this.rand = opts.rand;
    this.logger = opts.logger;
    this.client = opts.client;
    this.network = opts.network;
    this.config = { ...KIND_KUBELET_CONFIG, ...opts.config };
    this.rest = new RestClient(opts.client, KUBELET_USER_AGENT);
    this.node = this.rest.get(R.NODES, undefined, this.nodeName);
    const status = (this.node.status ?? {}) as {
      addresses?: { type: string; address: string }[];
      capacity?: Record<string, string>;
      allocatable?: Record<string, string>;
    };
    this.nodeIP = status.addresses?.find((a) => a.type === 'InternalIP')?.address ?? '172.18.0.2';
    const podCIDR = ((this.node.spec ?? {}) as { podCIDR?: string }).podCIDR ?? '10.244.0.0/24';
    const q = (v: string | undefined) => (v ? parseQuantityOrUndefined(v) : undefined);
    this.capacityMemory = q(status.capacity?.memory)?.value() ?? 8 * 1024 ** 3;
    this.allocatable = {
      cpu: q(status.allocatable?.cpu)?.milliValue() ?? 8000,
      memory: q(status.allocatable?.memory)?.value() ?? this.capacityMemory,
      pods: Number(status.allocatable?.pods ?? 110),
      ephemeralStorage: q(status.allocatable?.['ephemeral-storage'])?.value() ?? 0,
    };
    this.nodeNetns =
      this.network.namespaceOf(this.nodeIP) ??
      this.network.createNamespace([this.nodeIP], `node ${this.nodeName}`);
    this.plegPhase = this.rand.int(1000);

    this.broadcaster = new EventBroadcaster({
      client: opts.client,
      clock: this.clock,
      rand: this.rand.fork(),
      nanoClock: opts.nanoClock,
      userAgent: KUBELET_USER_AGENT,
      logger: this.logger,
    });
    this.recorder = this.broadcaster.newRecorder({ component: 'kubelet', host: this.nodeName });

    this.runtime = new ContainerRuntime({
      nodeName: this.nodeName,
      clock: this.clock,
      rand: this.rand.fork(),
      network: this.network,
      nodeNetns: this.nodeNetns,
      podCIDR,
      memoryCapacity: this.capacityMemory,
      systemMemory: SYSTEM_MEMORY,
    });
    this.rootfs = nodeRootFS({
      nodeName: this.nodeName,
      now: () => this.clock.now(),
      runtime: this.runtime,
      mirrorPods: () =>
        ((this.podInformer?.store.list() ?? []) as unknown as Pod[]).filter(
          (p) => p.metadata?.annotations?.['kubernetes.io/config.source'] === 'file',
        ),
      kubeletConfig: () => {
        const cm = this.getObject(R.CONFIGMAPS, 'kube-system', 'kubelet-config');
        return (cm?.data as Record<string, string> | undefined)?.kubelet;
      },
    });
    for (const img of PRELOADED_IMAGES) {
      const e = opts.catalog.get(normalizedName(parseReference(img)));
      if (e) this.runtime.addImage(e);
    }
    this.runtime.onContainerExit = (c) => this.onContainerExit(c);
    this.runtime.onSystemOOM = (c, p) =>
      this.recorder.event(
        { kind: 'Node', name: this.nodeName, uid: this.nodeName },
        'Warning',
        'SystemOOM',
        `System OOM encountered, victim process: ${(p.argv[0] ?? '').split('/').pop()}, pid: ${30000 + p.pid * 7 + (c.id.charCodeAt(0) % 97)}`,
      );
    this.runtime.oomScoreAdj = (c) => {
      const rec = this.records.get(c.podUID);
      if (!rec) return 0;
      const spec = [...(rec.pod.spec?.containers ?? []), ...(rec.pod.spec?.initContainers ?? [])].find(
        (x) => x.name === c.name,
      );
      return oomScoreAdj(rec.pod, spec, this.capacityMemory);
    };
    this.stats = new StatsProvider(this.runtime, () => this.clock.now());
    this.backoff = new Backoff(() => this.clock.now(), BACKOFF_INITIAL_MS, BACKOFF_MAX_MS);
    this.images = new ImageManager(
      this.clock,
      this.rand.fork(),
      this.runtime,
      opts.catalog,
      this.recorder,
      () => this.stages(),
    );
    this.statusManager = new StatusManager(this.rest, () => this.clock.now(), this.logger);
    const prober = new Prober(this.network, this.nodeNetns, this.runtime);
    this.probes = new ProbeManager(
      {
        clock: this.clock,
        prober,
        recorder: this.recorder,
        podStatus: (uid) => this.statusManager.getPodStatus(uid),
        containerStartedAt: (cid) => this.runtime.containers.get(cid)?.startedAt,
        forcedFailure: (uid, name, type) =>
          this.faults.probeFailures.size === 0
            ? undefined
            : this.faults.probeFailures.get(`${uid}/${name}/${type}`),
      },
      (type, cid, state, pod) => this.onProbeResult(type, cid, state, pod),
    );
    const objects: ObjectSource = {
      configMap: (ns, name) => this.getObject(R.CONFIGMAPS, ns, name),
      secret: (ns, name) => this.getObject(R.SECRETS, ns, name),
      services: (ns) => (this.serviceInformer?.lister.list(ns) ?? []) as KubeObject[],
    };
    this.volumes = new VolumeManager({
      now: () => this.clock.now(),
      rand: this.rand.fork(),
      source: objects,
      hostRoot: this.rootfs,
      envContext: (pod) => this.envContext(pod),
      token: (pod, aud) => serviceAccountToken(pod, aud, this.clock.now()),
      failedMount: (pod, message) =>
        this.recorder.event(pod as unknown as KubeObject, 'Warning', 'FailedMount', message),
      retrySucceeded: (pod) => this.podWorkers.request(pod.metadata!.uid!, 0),
      setTimer: (fn, ms) => this.clock.setTimeout(fn, ms, 'volume retry'),
    });
    this.podWorkers = new PodWorkers(
      this.clock,
      this.rand.fork(),
      (uid) => this.syncPod(uid),
      this.config.syncFrequencyMs,
      (uid, err) =>
        this.logger.error(
          `kubelet ${this.nodeName}: sync of pod ${this.records.get(uid)?.pod.metadata?.name ?? uid} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
        ),
    );
    this.eviction = new EvictionManager(
      {
        clock: this.clock,
        memoryCapacity: () => this.capacityMemory,
        nodeWorkingSet: () => this.runtime.nodeMemoryUsage(),
        activePods: () => this.activePodUsage(),
        evict: (pod, message) => this.evictPod(pod, message),
      },
      parseThresholds(this.config.evictionHard),
      this.config.evictionMonitoringIntervalMs,
      this.config.evictionPressureTransitionPeriodMs,
    );
    this.nodeStatus = new NodeStatusManager({
      nodeName: this.nodeName,
      clock: this.clock,
      rest: this.rest,
      runtime: this.runtime,
      recorder: this.recorder,
      logger: this.logger,
      memoryPressure: () => this.eviction.memoryPressure(),
      updateFrequencyMs: this.config.nodeStatusUpdateFrequencyMs,
      reportFrequencyMs: this.config.nodeStatusReportFrequencyMs,
      leaseDurationSeconds: this.config.nodeLeaseDurationSeconds,
    });
    this.ctx = {
      clock: this.clock,
      rand: this.rand.fork(),
      nodeName: this.nodeName,
      nodeIP: this.nodeIP,
      network: this.network,
      nodeNetns: this.nodeNetns,
      runtime: this.runtime,
      images: this.images,
      probes: this.probes,
      volumes: this.volumes,
      recorder: this.recorder,
      logger: this.logger,
      stages: () => this.stages(),
      backoff: this.backoff,
      objects,
      envContext: (pod) => this.envContext(pod),
      pleg: (rec) => this.pleg(rec),
      containerRef: (pod, name) => containerRef(pod, name),
    };
    this.serveKubeletAPI();
  }

  stages(): LifecycleStages {
    return PROFILES[this.config.profile];
  }

  // ---- lifecycle ---------------------------------------------------------------------------------

  /** Start (or restart) the kubelet: list its pods, sync them, heartbeat. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const restart = this.startedOnce;
    this.startedOnce = true;
    if (restart) {
      const ref = { kind: 'Node', name: this.nodeName, uid: this.nodeName };
      this.recorder.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
      this.recorder.event(
        ref,
        'Normal',
        'NodeAllocatableEnforced',
        'Updated Node Allocatable limit across pods',
      );
    }
    this.informers = new InformerFactory(this.client, this.clock, this.logger, KUBELET_USER_AGENT);
    this.serviceInformer = this.informers.informerFor(R.SERVICES);
    this.podInformer = this.informers.informerFor(R.PODS, {
      fieldSelector: `spec.nodeName=${this.nodeName}`,
    });
    this.podInformer.addEventHandler({
      add: (obj, initial) => this.onPodAdd(obj as unknown as Pod, initial && !restart),
      update: (_old, obj) => this.onPodUpdate(obj as unknown as Pod),
      delete: (obj) => this.onPodDelete(obj as unknown as Pod),
    });
    this.informers.start();
    // pods the API forgot while we were down
    if (restart) {
      const known = new Set(this.podInformer.store.list().map((p) => p.metadata.uid));
      for (const rec of this.records.values()) if (!known.has(rec.uid)) this.onPodDelete(rec.pod);
    }
    this.nodeStatus.start(restart ? 100 : jitter(this.rand, 1000, 4));
    this.eviction.start();
  }

  /** Stop the kubelet process: no syncs, no probes, no heartbeats. Containers keep running. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.informers?.stop();
    this.informers = undefined;
    this.podWorkers.stopAll();
    for (const uid of this.records.keys()) this.probes.removePod(uid);
    this.nodeStatus.stop();
    this.eviction.stop();
  }

  // ---- pods from the API -------------------------------------------------------------------------

  private onPodAdd(pod: Pod, initial: boolean): void {
    const uid = pod.metadata!.uid!;
    let rec = this.records.get(uid);
    if (rec) {
      // a restarted kubelet sees its pods again
      rec.pod = pod;
      this.statusManager.observe(pod);
      if (rec.stage === 'running' && !isTerminal(pod.status?.phase)) this.probes.addPod(pod);
      this.podWorkers.request(uid, draw(this.rand, this.stages().podWorkerStart));
      return;
    }
    rec = newRecord(pod, this.clock.now());
    this.records.set(uid, rec);
    if (initial) this.adopt(rec);
    if (!isTerminal(pod.status?.phase)) this.probes.addPod(pod);
    this.podWorkers.request(uid, draw(this.rand, this.stages().podWorkerStart));
  }

  private onPodUpdate(pod: Pod): void {
    const rec = this.records.get(pod.metadata!.uid!);
    if (!rec) return this.onPodAdd(pod, false);
    const old = rec.pod;
    rec.pod = pod;
    this.statusManager.observe(pod);
    this.probes.updatePod(pod);
    const changed =
      old.metadata?.deletionTimestamp !== pod.metadata?.deletionTimestamp ||
      old.metadata?.deletionGracePeriodSeconds !== pod.metadata?.deletionGracePeriodSeconds ||
      !jsonEqual(old.spec, pod.spec);
    if (changed) this.podWorkers.request(rec.uid, draw(this.rand, this.stages().podWorkerStart));
  }

  private onPodDelete(pod: Pod): void {
    const rec = this.records.get(pod.metadata!.uid!);
    if (!rec) return;
    rec.deleted = true;
    this.podWorkers.request(rec.uid, 0);
  }

  // ---- the PLEG ------------------------------------------------------------------------------------

  /** A runtime change is seen at the PLEG's next relist (every second). */
  private pleg(rec: PodRecord): void {
    if (!this.running) return;
    const period = this.stages().plegRelistMs;
    const now = this.clock.now();
    let delay = period - ((now - this.plegPhase) % period);
    if (delay <= 0) delay = period;
    this.podWorkers.request(rec.uid, delay);
  }

  private onContainerExit(c: Container): void {
    this.stats.forget(c.id);
    const rec = this.records.get(c.podUID);
    if (rec) this.pleg(rec);
  }

  private onProbeResult(type: string, cid: string, state: string, pod: Pod): void {
    const uid = pod.metadata!.uid!;
    if (type === 'readiness') this.statusManager.setContainerReadiness(uid, cid, state === 'success');
    else if (type === 'startup') {
      this.statusManager.setContainerStartup(uid, cid, state === 'success');
      if (this.running) this.podWorkers.request(uid, 0);
    } else if (type === 'liveness' && state === 'failure' && this.running) this.podWorkers.request(uid, 0);
  }

  // ---- syncing a pod -----------------------------------------------------------------------------

  private *syncPod(uid: string): Task<SyncOutcome> {
    const rec = this.records.get(uid);
    if (!rec) return { ok: true, resync: false };
    if (rec.stage === 'terminated') {
      if (rec.deleted) this.cleanup(rec);
      return { ok: true, resync: false };
    }
    const pod = rec.pod;
    const terminating = rec.deleted || !!pod.metadata?.deletionTimestamp || !!rec.failure;
    if (!terminating && !rec.admitted) {
      const rejection = this.admit(rec);
      if (rejection) {
        // rejectPod: a Failed status with the reason and nothing else; no container ever runs
        rec.failure = rejection;
        rec.stage = 'terminated';
        this.recorder.event(
          pod as unknown as KubeObject,
          'Warning',
          rejection.event,
          rejection.message.replace(/^Pod was rejected: /, ''),
        );
        this.statusManager.setPodStatus(pod, {
          qosClass: computePodQOS(pod.spec!),
          phase: 'Failed',
          reason: rejection.reason,
          message: rejection.message,
        });
        this.probes.removePod(rec.uid);
        return { ok: true, resync: false };
      }
      rec.admitted = true;
    }
    if (terminating) return yield* this.syncTerminating(rec);
    this.updateStatus(rec, false);
    if (isTerminal(this.statusManager.getPodStatus(uid)?.phase)) return yield* this.syncTerminating(rec);
    // volumes
    const hadAll = rec.sandbox !== undefined;
    const unmounted = this.volumes.ensureMounted(
      pod,
      rec.sandbox?.ip ?? '',
      pod.spec?.hostNetwork ? nodeHosts(this.ctx) : undefined,
    );
    if (unmounted.length) {
      const waited = this.volumes.waitingFor(uid) ?? 0;
      if (waited >= MOUNT_TIMEOUT_MS) {
        this.recorder.event(
          pod as unknown as KubeObject,
          'Warning',
          'FailedMount',
          `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition`,
        );
        this.volumes.resetWait(uid);
      }
      return { ok: false, error: 'volumes not mounted' };
    }
    if (!hadAll)
      yield* wait(sleepFor(this.clock, draw(this.rand, this.stages().mountVolumes), 'mount volumes'));
    const result = yield* syncPodRuntime(this.ctx, rec);
    this.refreshIfDue(rec);
    if (result.errors.length) return { ok: false, error: result.errors.map((e) => e.reason).join(', ') };
    return { ok: true, resync: this.volumes.hasRefreshableVolumes(pod) };
  }

  private refreshIfDue(rec: PodRecord): void {
    if (this.volumes.hasRefreshableVolumes(rec.pod)) this.volumes.refresh(rec.pod);
  }

  /** Kill the pod's containers, then write its terminal status; finish the deletion. */
  private *syncTerminating(rec: PodRecord): Task<SyncOutcome> {
    if (rec.stage === 'running') {
      rec.stage = 'terminating';
      this.updateStatus(rec, false);
      yield* killPod(this.ctx, rec, rec.gracePeriodOverride);
      if (rec.sandbox) this.runtime.stopPodSandbox(rec.sandbox.id);
      this.updateStatus(rec, true);
    }
    if (rec.stage === 'terminating') {
      yield* wait(sleepFor(this.clock, draw(this.rand, this.stages().teardown), 'teardown'));
      this.volumes.teardown(rec.uid);
      this.probes.removePod(rec.uid);
      rec.stage = 'terminated';
      if (rec.pod.metadata?.deletionTimestamp && !rec.deleted) this.statusManager.deletePod(rec.pod);
    }
    if (rec.deleted) this.cleanup(rec);
    return { ok: true, resync: false };
  }

  private cleanup(rec: PodRecord): void {
    if (rec.sandbox) this.runtime.removePodSandbox(rec.sandbox.id);
    for (const list of rec.instances.values()) for (const c of list) this.stats.forget(c.id);
    this.records.delete(rec.uid);
    this.podWorkers.forget(rec.uid);
    this.statusManager.remove(rec.uid);
    this.probes.removePod(rec.uid);
    this.volumes.teardown(rec.uid);
  }

  private updateStatus(rec: PodRecord, podIsTerminal: boolean): void {
    const pod = rec.pod;
    const uid = rec.uid;
    const old = this.statusManager.getPodStatus(uid) ?? pod.status ?? {};
    const status = generateAPIPodStatus({
      pod,
      runtime: runtimePodStatus(rec, this.nodeIP),
      oldStatus: old,
      reasonCache: (name) => rec.reasonCache.get(name),
      probes: {
        started: (name, cid) => this.probes.started(uid, name, cid),
        ready: (name, cid) => this.probes.ready(uid, name, cid),
      },
      podIsTerminal,
      hostIP: this.nodeIP,
      evict: rec.failure,
    });
    if (
      rec.failure?.reason === 'Evicted' &&
      !(status.conditions ?? []).some((c) => c.type === 'DisruptionTarget')
    )
      status.conditions = [
        {
          type: 'DisruptionTarget',
          status: 'True',
          reason: 'TerminationByKubelet',
          message: rec.failure.message,
        },
        ...(status.conditions ?? []),
      ];
    this.statusManager.setPodStatus(pod, status);
  }

  /** canAdmitPod: the node's resources (pods bound with spec.nodeName skip the scheduler). */
  private admit(rec: PodRecord): { reason: string; message: string; event: string } | undefined {
    const active = [...this.records.values()].filter(
      (r) => r !== rec && r.admitted && r.stage === 'running' && !isTerminal(r.pod.status?.phase),
    );
    if (active.length + 1 > this.allocatable.pods) {
      const msg = `Node didn't have enough resource: pods, requested: 1, used: ${active.length}, capacity: ${this.allocatable.pods}`;
      return { reason: 'OutOfpods', message: `Pod was rejected: ${msg}`, event: 'OutOfpods' };
    }
    const want = podRequests(rec.pod.spec ?? {});
    let usedCPU = 0;
    let usedMem = 0;
    for (const r of active) {
      const u = podRequests(r.pod.spec ?? {});
      usedCPU += u.cpu;
      usedMem += u.memory;
    }
    if (want.cpu > 0 && usedCPU + want.cpu > this.allocatable.cpu) {
      const msg = `Node didn't have enough resource: cpu, requested: ${want.cpu}, used: ${usedCPU}, capacity: ${this.allocatable.cpu}`;
      return { reason: 'OutOfcpu', message: `Pod was rejected: ${msg}`, event: 'OutOfcpu' };
    }
    if (want.memory > 0 && usedMem + want.memory > this.allocatable.memory) {
      const msg = `Node didn't have enough resource: memory, requested: ${want.memory}, used: ${usedMem}, capacity: ${this.allocatable.memory}`;
      return { reason: 'OutOfmemory', message: `Pod was rejected: ${msg}`, event: 'OutOfmemory' };
    }
    return undefined;
  }

  /** The eviction manager picked this pod. */
  private evictPod(pod: Pod, message: string): void {
    const rec = this.records.get(pod.metadata!.uid!);
    if (!rec || rec.failure) return;
    this.recorder.event(pod as unknown as KubeObject, 'Warning', 'Evicted', message);
    rec.failure = { reason: 'Evicted', message };
    rec.gracePeriodOverride = 1;
    this.podWorkers.request(rec.uid, 0);
  }

  private activePodUsage(): PodUsage[] {
    const out: PodUsage[] = [];
    for (const rec of this.records.values()) {
      if (rec.stage !== 'running' || rec.failure) continue;
      const containers: PodUsage['containers'] = [];
      for (const [name, list] of rec.instances) {
        const c = list[0];
        if (c && c.state === 'running') containers.push({ name, workingSet: c.cgroup.memoryUsage() });
      }
      if (containers.length) out.push({ pod: rec.pod, containers });
    }
    return out;
  }

  // ---- adoption of pods that run before the kubelet starts --------------------------------------

  /**
   * The cluster's bootstrap wrote the system pods as running before any kubelet existed (as a
   * restarted kubelet finds containers containerd kept running): take them over with their
   * container IDs, start times and IPs, and start their programs.
   */
  private adopt(rec: PodRecord): void {
    const pod = rec.pod;
    const st = pod.status;
    if (!st || st.phase !== 'Running' || !(st.containerStatuses ?? []).some((c) => c.state?.running)) return;
    const spec = pod.spec!;
    const sb = this.runtime.runPodSandbox(
      {
        uid: rec.uid,
        name: pod.metadata!.name!,
        namespace: pod.metadata!.namespace ?? 'default',
        hostname: spec.hostname ?? pod.metadata!.name!,
        hostNetwork: !!spec.hostNetwork,
        shareProcessNamespace: !!spec.shareProcessNamespace,
      },
      spec.hostNetwork ? undefined : st.podIP,
    );
    if (typeof sb === 'string') return;
    rec.sandbox = sb;
    this.volumes.ensureMounted(pod, sb.ip, undefined);
    for (const cs of st.containerStatuses ?? []) {
      const c = (spec.containers ?? []).find((x) => x.name === cs.name);
      if (!c || !cs.state?.running || !cs.containerID) continue;
      const image = this.runtime.hasImage(normalizedName(parseReference(c.image ?? '')));
      if (!image) continue;
      const startedAt = Date.parse(cs.state.running.startedAt ?? '') || this.clock.now();
      const created = this.runtime.createContainer(sb.id, {
        name: c.name,
        image: c.image ?? '',
        imageEntry: image,
        command: c.command,
        args: c.args,
        env: (c.env ?? [])
          .filter((e) => e.value !== undefined)
          .map((e) => [e.name, e.value!] as [string, string]),
        workingDir: c.workingDir,
        mounts: this.volumes.mountsFor(
          pod,
          c.name,
          c.volumeMounts ?? [],
          c.terminationMessagePath ?? '/dev/termination-log',
        ),
        limits: containerLimits(c),
        tty: false,
        stdin: false,
        stdinOnce: false,
        attempt: cs.restartCount ?? 0,
        terminationMessagePath: c.terminationMessagePath ?? '/dev/termination-log',
        terminationMessagePolicy: c.terminationMessagePolicy ?? 'File',
        kind: 'regular',
        adoptId: cs.containerID.replace(/^containerd:\/\//, ''),
      });
      created.createdAt = startedAt;
      this.runtime.startContainer(created.id, { logTime: startedAt, startedAt });
      rec.instances.set(c.name, [created]);
      rec.hashes.set(c.name, containerHash(c));
    }
    rec.admitted = true;
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private getObject(ref: typeof R.CONFIGMAPS, ns: string, name: string): KubeObject | undefined {
    try {
      return this.rest.get(ref, ns, name);
    } catch (err) {
      if (!isNotFound(err))
        this.logger.error(
          `kubelet ${this.nodeName}: get ${ref.resource} ${ns}/${name}: ${errorMessage(err)}`,
        );
      return undefined;
    }
  }

  private envContext(pod: Pod): EnvContext {
    const rec = this.records.get(pod.metadata!.uid!);
    const ip = pod.spec?.hostNetwork ? this.nodeIP : (rec?.sandbox?.ip ?? '');
    return {
      pod,
      container: (pod.spec?.containers ?? [])[0] as SpecContainer,
      podIP: ip,
      podIPs: ip ? [ip] : [],
      hostIP: this.nodeIP,
      nodeAllocatable: {
        cpu: this.allocatable.cpu,
        memory: this.allocatable.memory,
        ephemeralStorage: this.allocatable.ephemeralStorage,
      },
      source: {
        configMap: (ns, n) => this.getObject(R.CONFIGMAPS, ns, n),
        secret: (ns, n) => this.getObject(R.SECRETS, ns, n),
        services: (ns) => (this.serviceInformer?.lister.list(ns) ?? []) as KubeObject[],
      },
      warn: (reason, message) =>
        this.recorder.event(pod as unknown as KubeObject, 'Warning', reason, message),
    };
  }

  /** Find a pod this kubelet runs. */
  recordFor(namespace: string, name: string): PodRecord | undefined {
    for (const r of this.records.values())
      if (r.pod.metadata?.namespace === namespace && r.pod.metadata?.name === name) return r;
    return undefined;
  }

  /** The current (or previous) instance of a container. */
  containerOf(rec: PodRecord, name: string, previous = false): Container | undefined {
    const list = rec.instances.get(name);
    return previous ? list?.[1] : list?.[0];
  }

  /** Ask for a sync now (faults, subresources). */
  poke(uid: string): void {
    if (this.running) this.podWorkers.request(uid, 0);
  }

  /** The Summary API: node and per-pod, per-container usage. */
  summary(): Summary {
    const now = this.clock.now();
    const time = new Date(now).toISOString();
    const pods: Summary['pods'] = [];
    let nodeCPU = 0;
    let nodeCPUUsage = 0;
    for (const rec of this.records.values()) {
      const containers = [];
      for (const list of rec.instances.values()) {
        const c = list[0];
        if (c && c.state === 'running') containers.push(this.stats.containerStats(c));
      }
      if (containers.length === 0) continue;
      const cpuRate = containers.reduce((s, c) => s + c.cpu.usageNanoCores, 0);
      const cpuTotal = containers.reduce((s, c) => s + c.cpu.usageCoreNanoSeconds, 0);
      const mem = containers.reduce((s, c) => s + c.memory.workingSetBytes, 0) + SANDBOX_MEMORY;
      nodeCPU += cpuRate;
      nodeCPUUsage += cpuTotal;
      pods.push({
        podRef: { name: rec.pod.metadata!.name!, namespace: rec.pod.metadata!.namespace!, uid: rec.uid },
        startTime: rec.pod.status?.startTime ?? time,
        containers,
        cpu: { time, usageNanoCores: cpuRate, usageCoreNanoSeconds: cpuTotal },
        memory: { time, usageBytes: mem, workingSetBytes: mem, rssBytes: mem },
      });
    }
    const ws = this.runtime.nodeMemoryUsage();
    return {
      node: {
        nodeName: this.nodeName,
        startTime: new Date(now - 3600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        cpu: { time, usageNanoCores: nodeCPU + 120_000_000, usageCoreNanoSeconds: nodeCPUUsage },
        memory: {
          time,
          availableBytes: Math.max(0, this.capacityMemory - ws),
          usageBytes: ws,
          workingSetBytes: ws,
          rssBytes: ws,
        },
      },
      pods,
    };
  }

  /** The kubelet's own HTTP endpoints on the node (10250: stats for metrics-server; 10248: healthz). */
  private serveKubeletAPI(): void {
    const handler = (ex: HttpExchange) => {
      const path = ex.request.path.split('?')[0];
      if (!this.running) return ex.abort('reset');
      if (path === '/healthz') return ex.respond({ status: 200, body: 'ok' });
      if (path === '/stats/summary')
        return ex.respond({
          status: 200,
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(this.summary(), null, 2),
        });
      if (path === '/metrics/resource')
        return ex.respond({
          status: 200,
          headers: { 'Content-Type': 'text/plain; version=0.0.4' },
          body: resourceMetrics(this.summary(), this.clock.now()),
        });
      ex.respond({ status: 404, body: '404 page not found\n' });
    };
    this.network.listen(this.nodeNetns, '0.0.0.0', 10250, { http: handler, owner: 'kubelet' });
    this.network.listen(this.nodeNetns, '127.0.0.1', 10248, { http: handler, owner: 'kubelet' });
  }
}

function containerRef(pod: Pod, name: string): ObjectReference {
  const spec = pod.spec;
  const kind = (spec?.containers ?? []).some((c) => c.name === name)
    ? 'containers'
    : (spec?.initContainers ?? []).some((c) => c.name === name)
      ? 'initContainers'
      : 'ephemeralContainers';
  return {
    kind: 'Pod',
    namespace: pod.metadata?.namespace,
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
    apiVersion: 'v1',
    resourceVersion: pod.metadata?.resourceVersion,
    fieldPath: `spec.${kind}{${name}}`,
  };
}

/** A service account token that looks like one (header.payload.signature, base64url). */
function serviceAccountToken(pod: Pod, audience: string, now: number): string {
  const b64 = (s: string) => btoa(s).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const iat = Math.floor(now / 1000);
  const header = b64(
    JSON.stringify({ alg: 'RS256', kid: 'bGtxOUpZcWh0cHdqV2R2c3FOUm94c2J3ZHR5N2JnbVZ0cE5ZT0JxVjRzMA' }),
  );
  const payload = b64(
    JSON.stringify({
      aud: [audience || 'https://kubernetes.default.svc.cluster.local'],
      exp: iat + 3607,
      iat,
      iss: 'https://kubernetes.default.svc.cluster.local',
      jti: pod.metadata?.uid,
      'kubernetes.io': {
        namespace: pod.metadata?.namespace,
        node: { name: pod.spec?.nodeName },
        pod: { name: pod.metadata?.name, uid: pod.metadata?.uid },
        serviceaccount: { name: pod.spec?.serviceAccountName ?? 'default' },
      },
      nbf: iat,
      sub: `system:serviceaccount:${pod.metadata?.namespace}:${pod.spec?.serviceAccountName ?? 'default'}`,
    }),
  );
  let sig = '';
  const seed = `${pod.metadata?.uid}${iat}`;
  for (let i = 0; sig.length < 342; i++)
    sig += b64(String.fromCharCode(...[...seed].map((c, j) => (c.charCodeAt(0) * (i + 7) + j * 31) & 255)));
  return `${header}.${payload}.${sig.slice(0, 342)}`;
}

/** `/metrics/resource` in Prometheus text format (what metrics-server scrapes). */
function resourceMetrics(s: Summary, now: number): string {
  const ts = now;
  let out =
    '# HELP container_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the container in core-seconds\n# TYPE container_cpu_usage_seconds_total counter\n';
  for (const p of s.pods)
    for (const c of p.containers)
      out += `container_cpu_usage_seconds_total{container="${c.name}",namespace="${p.podRef.namespace}",pod="${p.podRef.name}"} ${(c.cpu.usageCoreNanoSeconds / 1e9).toFixed(9)} ${ts}\n`;
  out +=
    '# HELP container_memory_working_set_bytes [STABLE] Current working set of the container in bytes\n# TYPE container_memory_working_set_bytes gauge\n';
  for (const p of s.pods)
    for (const c of p.containers)
      out += `container_memory_working_set_bytes{container="${c.name}",namespace="${p.podRef.namespace}",pod="${p.podRef.name}"} ${c.memory.workingSetBytes} ${ts}\n`;
  out +=
    '# HELP node_cpu_usage_seconds_total [STABLE] Cumulative cpu time consumed by the node in core-seconds\n# TYPE node_cpu_usage_seconds_total counter\n';
  out += `node_cpu_usage_seconds_total ${(s.node.cpu.usageCoreNanoSeconds / 1e9).toFixed(9)} ${ts}\n`;
  out +=
    '# HELP node_memory_working_set_bytes [STABLE] Current working set of the node in bytes\n# TYPE node_memory_working_set_bytes gauge\n';
  out += `node_memory_working_set_bytes ${s.node.memory.workingSetBytes} ${ts}\n`;
  out +=
    '# HELP scrape_error [ALPHA] 1 if there was an error while getting container metrics, 0 otherwise\n# TYPE scrape_error gauge\nscrape_error 0\n';
  return out;
}

export { latest };
