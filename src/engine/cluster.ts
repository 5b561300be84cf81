/**
 * The composition root: one simulated kind cluster.
 *
 *   SimClock(startTime) ─ Rand(seed) ─ ApiServer ─┬─ in-process KubeClient (kubectl, shell, UI)
 *                                                 ├─ kube-controller-manager (controllers/)
 *                                                 ├─ event TTL (the apiserver's etcd leases)
 *                                                 └─ bootstrap (the preset's nodes and system pods)
 *
 * Time: the cluster is created at `startTime` (kind create cluster). Its bootstrap runs on the
 * simulated clock over the next seconds, and the user arrives USER_ARRIVES_AFTER_MS (2 minutes)
 * later: when createCluster returns, `now()` is startTime + 2 min, so system objects have the
 * AGE a freshly created cluster shows.
 *
 * Determinism: every component draws from its own fork of Rand(seed), taken in a fixed order, and
 * all work happens on the one clock. The same seed and the same requests give the same objects,
 * uids, names and timestamps.
 */
import type { ChangeSet } from '../api/changeset';
import type { KubeClient } from '../api/client';
import { ApiServer } from './api/server';
import { createStrategies, podAdmissionPlugins } from './api/strategies/index';
import { createLocalClient } from './api/client';
import { deepClone } from './api/objects';
import { handOverBody } from './api/write';
import { VERSION_INFO } from './api/discovery';
import { runBootstrap, USER_ARRIVES_AFTER_MS } from './bootstrap/index';
import { DEFAULT_START_TIME, SimClock } from './clock';
import type { ControllerClient } from './controllers/framework/client';
import { newDiscovery, type ControllerContext } from './controllers/framework/context';
import { InformerFactory } from './controllers/framework/informer';
import type { Logger } from './controllers/framework/log';
import { ControllerManager } from './controllers/manager';
import { EventTTLController } from './controllers/eventttl/event-ttl-controller';
import { fakeClusterCA } from './controllers/rootcacert/fake-ca';
import { EventBroadcaster, NanoClock } from './events';
import { resolvePreset } from './presets';
import { Rand } from './rand';
import { createScheduler, type Scheduler } from './scheduler/index';
import type { Cluster, ClusterOptions, ClusterPreset } from './types';
import { startKubelets, StreamServer, type KubeletSet } from './kubelet/index';
import { createServiceAllocator } from './network/services/allocator';
import { startServiceNetwork, type ServiceNetwork } from './network/services/index';
import { podHttp } from './network/services/podhttp';
import { publishedPorts, withPortForward } from './network/services/portforward';

export { USER_ARRIVES_AFTER_MS };

/** kube-controller-manager's User-Agent (`<component>/<version> (<os>/<arch>) kubernetes/<commit>`). */
export const CONTROLLER_MANAGER_USER_AGENT = `kube-controller-manager/${VERSION_INFO.gitVersion} (linux/amd64) kubernetes/${VERSION_INFO.gitCommit.slice(0, 7)}`;

const APISERVER_USER_AGENT = `kube-apiserver/${VERSION_INFO.gitVersion} (linux/amd64) kubernetes/${VERSION_INFO.gitCommit.slice(0, 7)}`;

/** A bounded in-memory log (what `kubectl logs` of a control-plane pod could show later). */
export class LogBuffer implements Logger {
  readonly lines: string[] = [];

  constructor(
    private readonly clock: SimClock,
    private readonly max = 2000,
  ) {}

  info(message: string): void {
    this.push('I', message);
  }

  error(message: string): void {
    this.push('E', message);
  }

  private push(level: string, message: string): void {
    this.lines.push(`${level} ${new Date(this.clock.now()).toISOString()} ${message}`);
    if (this.lines.length > this.max) this.lines.splice(0, this.lines.length - this.max);
  }
}

/** The synchronous controller client over the API server (requests are copied, like JSON on the wire). */
export function inProcessControllerClient(server: ApiServer): ControllerClient {
  return {
    request: (req) => {
      const copy = deepClone(req);
      // The copy is the server's alone: its decoding need not copy the body again.
      handOverBody(copy.body);
      return server.handle(copy);
    },
    watch: (req, onEvent) => server.watch(deepClone(req), onEvent),
  };
}

/** Everything createCluster builds; tests and later issues (kubelets, scheduler) wire into it. */
export interface ClusterInternals {
  cluster: Cluster;
  server: ApiServer;
  clock: SimClock;
  /** The cluster's root Rand (already forked for the built-in components). */
  rand: Rand;
  controllerClient: ControllerClient;
  controllerManager: ControllerManager;
  nanoClock: NanoClock;
  /** PEM of the cluster CA. */
  caPem: string;
  logs: LogBuffer;
  /** kube-scheduler (src/engine/scheduler), started with kube-controller-manager. */
  scheduler: Scheduler;
  /** The kubelets (src/engine/kubelet), started once the bootstrap has registered the nodes. */
  kubelets: KubeletSet;
  /** kube-proxies, CoreDNS, NodePorts, port-forward (src/engine/network/services). */
  services: ServiceNetwork;
}

export function createClusterInternals(opts: ClusterOptions = {}): ClusterInternals {
  const preset: ClusterPreset = resolvePreset(opts.preset);
  const startTime = opts.startTime ?? DEFAULT_START_TIME;
  const clock = new SimClock(startTime);
  const rand = new Rand(opts.seed ?? 1);
  // One independent stream per component, forked in a fixed order.
  const serverRand = rand.fork();
  const controllerRand = rand.fork();
  const eventRand = rand.fork();
  const caRand = rand.fork();
  const bootstrapRand = rand.fork();
  const schedulerRand = rand.fork();
  const admissionRand = rand.fork();

  // Service ClusterIPs and NodePorts (src/engine/network/services/allocator.ts). Its random
  // stream is forked after the kubelets' (below): nothing allocates dynamically before then.
  const late: { allocatorRand?: Rand; services?: ServiceNetwork } = {};
  const serviceAllocator = createServiceAllocator({
    clock,
    rand: { int: (n) => late.allocatorRand!.int(n) },
    lookup: (ns, name) => server.get('services', ns, name),
  });
  const server = new ApiServer({
    clock,
    rand: serverRand,
    strategies: createStrategies({ serviceAllocator }),
  });
  server.onChange(serviceAllocator.onChange);
  // kube-apiserver's pod admission plugins, after the built-in NamespaceLifecycle:
  // ServiceAccount (token volume), Priority, DefaultTolerationSeconds.
  for (const plugin of podAdmissionPlugins({ randomSuffix: (n) => admissionRand.nameSuffix(n) })) {
    server.admission.register(plugin);
  }
  // pod log/exec/attach streams ride on the client's watch (src/engine/kubelet/server/streams.ts)
  const streams = new StreamServer(clock);
  // pods/portforward streams (src/engine/network/services/portforward.ts)
  const client: KubeClient = withPortForward(
    streams.wrap(createLocalClient(server, clock)),
    () => late.services,
  );
  const controllerClient = inProcessControllerClient(server);
  const logs = new LogBuffer(clock);
  const nanoClock = new NanoClock(clock, eventRand);
  const caPem = fakeClusterCA(caRand, startTime);

  // The API server's own event expiry (etcd leases), from the first instant.
  const apiserverInformers = new InformerFactory(controllerClient, clock, logs, APISERVER_USER_AGENT);
  new EventTTLController(controllerClient, clock, apiserverInformers, logs, APISERVER_USER_AGENT);
  apiserverInformers.start();

  const ctx = controllerContext(controllerClient, clock, controllerRand, nanoClock, logs);
  const controllerManager = new ControllerManager(ctx, { rootCA: caPem });
  const scheduler = createScheduler({
    server,
    client: controllerClient,
    clock,
    rand: schedulerRand,
    nanoClock,
    logger: logs,
    hostname: preset.nodes.find((n) => n.role === 'control-plane')?.name,
  });

  const cluster: Cluster = {
    clock,
    client,
    preset,
    now: () => clock.now(),
    advance: (ms: number) => clock.advance(ms),
    settle: () => {
      clock.settle();
    },
    onChange: (listener: (changes: ChangeSet) => void) => server.onChange(listener),
    get faults() {
      return kubelets.faults;
    },
    get publishedPorts() {
      return late.services ? publishedPorts(late.services) : [];
    },
    podHttp: (req) => {
      if (!late.services)
        return Promise.resolve({ ok: false, error: 'the pod network is not up yet', elapsedMs: 0 });
      return podHttp(late.services, (ns, name) => server.get('pods', ns, name), req);
    },
  };

  runBootstrap({
    client: controllerClient,
    clock,
    rand: bootstrapRand,
    preset,
    caPem,
    nanoClock,
    logger: logs,
    // kube-controller-manager and kube-scheduler start once the control plane is up (t0+4s).
    startControllerManager: () => {
      controllerManager.run();
      scheduler.run();
    },
  });

  // The kubelets take over the nodes (and adopt the system pods the bootstrap wrote as running).
  const kubelets = startKubelets(
    { server, controllerClient, clock, rand, nanoClock, logs, preset, streams },
    opts.kubelet,
  );
  // Services on the pod network: kube-proxy per node, CoreDNS, NodePorts, port-forward.
  late.allocatorRand = rand.fork();
  const services = startServiceNetwork({
    network: kubelets.network,
    client: controllerClient,
    clock,
    rand: rand.fork(),
    logger: logs,
    preset,
  });
  late.services = services;

  return {
    cluster,
    server,
    clock,
    rand,
    controllerClient,
    controllerManager,
    nanoClock,
    caPem,
    logs,
    scheduler,
    kubelets,
    services,
  };
}

function controllerContext(
  client: ControllerClient,
  clock: SimClock,
  rand: Rand,
  nanoClock: NanoClock,
  logger: Logger,
): ControllerContext {
  const { discovery, restMapper } = newDiscovery(client, CONTROLLER_MANAGER_USER_AGENT);
  return {
    client,
    clock,
    rand,
    informers: new InformerFactory(client, clock, logger, CONTROLLER_MANAGER_USER_AGENT),
    discovery,
    restMapper,
    events: new EventBroadcaster({
      client,
      clock,
      rand,
      nanoClock,
      userAgent: CONTROLLER_MANAGER_USER_AGENT,
      logger,
    }),
    logger,
    userAgent: CONTROLLER_MANAGER_USER_AGENT,
  };
}

/**
 * Create a simulated kind cluster. When it returns, the cluster has been bootstrapped and
 * `now()` is two minutes after `startTime` (see the file comment).
 */
export function createCluster(opts: ClusterOptions = {}): Cluster {
  return createClusterInternals(opts).cluster;
}
