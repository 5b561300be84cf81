/**
 * Bootstrap: the objects a freshly created kind cluster has, written through the API in the
 * order and at the moments `kind create cluster` makes them, from the cluster's creation time t0:
 *
 *   t0         the API server's own objects: namespaces, the `kubernetes` Service, PriorityClasses
 *   t0+2s      each kubelet registers its Node (NotReady: no CNI yet) and its Lease
 *   t0+3s      the control-plane static pods appear as mirror pods, running
 *   t0+4s      kube-controller-manager and kube-scheduler start (leader Leases, service accounts)
 *   t0+6s      kubeadm add-ons: kube-proxy (DaemonSet), CoreDNS (Deployment → ReplicaSet → pods)
 *   t0+8s      kind installs the CNI (kindnet DaemonSet) and storage (local-path-provisioner)
 *   t0+14s     the control-plane node turns Ready; CoreDNS and local-path-provisioner start
 *   t0+20s…    workers join, get their kube-proxy and kindnet pods, turn Ready
 *
 * Kubelets, the scheduler and the workload controllers are not simulated yet (later issues), so
 * the statuses they would write are written here directly, at the time they would be: this is a
 * bootstrap state, not a simulation of how it came about (docs/FIDELITY.md, "Cluster presets").
 * Pods are created already bound to their node.
 */
import type { KubeObject } from '../../api/types';
import type { SimClock } from '../clock';
import {
  RestClient,
  isAlreadyExists,
  type ControllerClient,
  type ResourceRef,
} from '../controllers/framework/client';
import type { Logger } from '../controllers/framework/log';
import { deepCopy, rfc3339, rfc3339Micro } from '../controllers/framework/objects';
import * as R from '../controllers/framework/resources';
import { EventBroadcaster, type EventRecorder, type NanoClock } from '../events';
import type { Rand } from '../rand';
import type { ClusterPreset } from '../types';
import {
  COREDNS_TEMPLATE_HASH,
  LOCAL_PATH_TEMPLATE_HASH,
  corednsTemplate,
  daemonPodSpecExtras,
  daemonSet,
  deployment,
  kindnetTemplate,
  kubeProxyTemplate,
  localPathTemplate,
  podFromTemplate,
  replicaSetFor,
  type PodTemplate,
} from './addons';
import {
  CONTROLLER_SERVICE_ACCOUNTS,
  apiserverConfigMaps,
  bootstrapTokenSecret,
  corednsConfigMap,
  kubeProxyConfigMap,
  kubeadmConfigMaps,
  localPathConfigMap,
  serviceAccount,
  systemPriorityClasses,
} from './config';
import { controlPlanePods } from './control-plane';
import {
  nodeIP,
  nodeLease,
  nodeObject,
  nodeStatus,
  podCIDR,
  type HostIdentity,
  type NodeFacts,
} from './nodes';
import { kubeDnsService, kubernetesEndpoints, kubernetesService } from './services';
import { fnv32a, randomHex, runningPodStatus, safeEncode } from './util';

/** How long after the cluster's creation the user arrives (the clock's time when createCluster returns). */
export const USER_ARRIVES_AFTER_MS = 120_000;

const VERSION_SUFFIX = 'v1.32.2 (linux/amd64) kubernetes/67a30c0';
const AGENTS = {
  apiserver: `kube-apiserver/${VERSION_SUFFIX}`,
  kubelet: `kubelet/${VERSION_SUFFIX}`,
  kubeadm: `kubeadm/${VERSION_SUFFIX}`,
  kubectl: `kubectl/${VERSION_SUFFIX}`,
  controllerManager: `kube-controller-manager/${VERSION_SUFFIX}`,
  scheduler: `kube-scheduler/${VERSION_SUFFIX}`,
};

export interface BootstrapDeps {
  client: ControllerClient;
  clock: SimClock;
  rand: Rand;
  preset: ClusterPreset;
  /** PEM of the cluster CA (cluster-info, extension-apiserver-authentication). */
  caPem: string;
  nanoClock: NanoClock;
  logger: Logger;
  /** Called when kube-controller-manager starts (t0+4s): start the controllers. */
  startControllerManager?: () => void;
}

export interface BootstrapStep {
  /** Offset from the cluster's creation time, in ms. */
  at: number;
  label: string;
  run(): void;
}

const REFS: Record<string, ResourceRef> = {
  Namespace: R.NAMESPACES,
  Node: R.NODES,
  Pod: R.PODS,
  ConfigMap: R.CONFIGMAPS,
  Secret: R.SECRETS,
  ServiceAccount: R.SERVICEACCOUNTS,
  Service: R.SERVICES,
  Endpoints: R.ENDPOINTS,
  EndpointSlice: R.ENDPOINTSLICES,
  DaemonSet: R.DAEMONSETS,
  Deployment: R.DEPLOYMENTS,
  ReplicaSet: R.REPLICASETS,
  Lease: R.LEASES,
  PriorityClass: R.PRIORITYCLASSES,
};

/** Writes objects as one component (its User-Agent becomes the field manager). */
class Writer {
  private readonly rest: RestClient;

  constructor(client: ControllerClient, userAgent: string) {
    this.rest = new RestClient(client, userAgent);
  }

  /** POST; an object that already exists (e.g. a namespace) is read back instead. */
  create(obj: KubeObject): KubeObject {
    const ref = refOf(obj);
    try {
      return this.rest.create(ref, obj.metadata.namespace, obj);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      return this.rest.get(ref, obj.metadata.namespace, obj.metadata.name ?? '');
    }
  }

  /** PUT /status with the given status on top of the stored object. */
  status(obj: KubeObject, status: unknown): KubeObject {
    const ref = refOf(obj);
    const latest = this.rest.get(ref, obj.metadata.namespace, obj.metadata.name ?? '');
    return this.rest.update(ref, { ...deepCopy(latest), status: deepCopy(status) }, 'status');
  }

  /** PUT the object with some fields replaced. */
  update(obj: KubeObject, change: (o: KubeObject) => void): KubeObject {
    const ref = refOf(obj);
    const latest = deepCopy(this.rest.get(ref, obj.metadata.namespace, obj.metadata.name ?? ''));
    change(latest);
    return this.rest.update(ref, latest);
  }
}

function refOf(obj: KubeObject): ResourceRef {
  const ref = REFS[obj.kind];
  if (!ref) throw new Error(`bootstrap: no resource for kind ${obj.kind}`);
  return ref;
}

interface NodeState {
  facts: NodeFacts;
  obj?: KubeObject;
  registeredAt: number;
  readyAt: number;
  kubelet: EventRecorder;
  kubeletWriter: Writer;
}

interface Workload {
  obj: KubeObject;
  template: PodTemplate;
  pods: KubeObject[];
  hash: string;
}

/** The plan: steps sorted by time. cluster.ts runs each at t0 + at. */
export function bootstrapPlan(deps: BootstrapDeps): BootstrapStep[] {
  const { client, clock, rand, preset } = deps;
  const t0 = clock.now();
  const apiserver = new Writer(client, AGENTS.apiserver);
  const kubeadm = new Writer(client, AGENTS.kubeadm);
  const kubectl = new Writer(client, AGENTS.kubectl);
  const kcm = new Writer(client, AGENTS.controllerManager);
  const scheduler = new Writer(client, AGENTS.scheduler);
  const broadcaster = (agent: string) =>
    new EventBroadcaster({
      client,
      clock,
      rand,
      nanoClock: deps.nanoClock,
      userAgent: agent,
      logger: deps.logger,
    });
  const nodeController = broadcaster(AGENTS.controllerManager).newRecorder({ component: 'node-controller' });

  const host: HostIdentity = { systemUUID: rand.uuid(), bootID: rand.uuid() };
  const cpName = preset.nodes[0]!.name;
  const nodes: NodeState[] = preset.nodes.map((n, index) => {
    const isCP = index === 0;
    // kind joins the workers in parallel: they register within a few seconds of each other
    const registeredAt = isCP ? 2000 : 20_000 + 500 * Math.min(index - 1, 100);
    return {
      facts: { preset: n, index, ip: nodeIP(index), machineID: randomHex(rand, 32) },
      registeredAt,
      readyAt: isCP ? 14_000 : registeredAt + 10_000,
      kubelet: broadcaster(AGENTS.kubelet).newRecorder({ component: 'kubelet', host: n.name }),
      kubeletWriter: new Writer(client, AGENTS.kubelet),
    };
  });
  const cp = nodes[0]!;
  const lastReady = Math.max(...nodes.map((n) => n.readyAt));
  const steps: BootstrapStep[] = [];
  const at = (ms: number, label: string, run: () => void) => steps.push({ at: ms, label, run });

  // Pod IPs come from each node's pod CIDR (10.244.<index>.0/24 up to 256 nodes), .1 the bridge.
  const nextPodIP = nodes.map(() => 2);
  const allocPodIP = (node: NodeState): string => {
    const prefix = podCIDR(node.facts.index, preset.nodes.length).slice(0, -'0/24'.length);
    return `${prefix}${nextPodIP[node.facts.index]!++}`;
  };

  /** The pod runs on `node`: write the kubelet's status for it. */
  const startPod = (pod: KubeObject, node: NodeState, scheduled: number, started: number): KubeObject => {
    const hostNetwork = (pod.spec as { hostNetwork?: boolean }).hostNetwork === true;
    const podIP = hostNetwork ? node.facts.ip : allocPodIP(node);
    const status = runningPodStatus(pod, rand, node.facts.ip, podIP, {
      scheduled: t0 + scheduled,
      started: t0 + started,
      ready: clock.now(),
    });
    return node.kubeletWriter.status(pod, status);
  };

  // ---- t0: the API server's own objects ------------------------------------------------------
  at(0, 'apiserver bootstrap', () => {
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      apiserver.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    }
    for (const pc of systemPriorityClasses()) apiserver.create(pc);
    apiserver.create(kubernetesService());
    for (const o of kubernetesEndpoints(cp.facts.ip)) apiserver.create(o);
    for (const cm of apiserverConfigMaps(deps.caPem, rfc3339(t0).slice(0, 10))) apiserver.create(cm);
    const id = `apiserver-${base32(rand, 26)}`;
    apiserver.create({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: id,
        namespace: 'kube-system',
        labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': cpName },
      },
      spec: {
        holderIdentity: `${id}_${rand.uuid()}`,
        leaseDurationSeconds: 3600,
        renewTime: rfc3339Micro(clock.now()),
      },
    });
  });

  // ---- nodes register, then turn Ready --------------------------------------------------------
  for (const node of nodes) {
    at(node.registeredAt, `register node ${node.facts.preset.name}`, () => {
      const ref = { kind: 'Node', name: node.facts.preset.name, uid: node.facts.preset.name };
      node.kubelet.event(ref, 'Normal', 'Starting', 'Starting kubelet.');
      // the kubelet registers its Node with its status in one create
      const obj = node.kubeletWriter.create({
        ...nodeObject(preset, node.facts),
        status: nodeStatus(node.facts, host, clock.now(), clock.now()),
      });
      node.obj = obj;
      node.kubeletWriter.create(nodeLease(obj, clock.now()));
      for (const c of ['NodeHasSufficientMemory', 'NodeHasNoDiskPressure', 'NodeHasSufficientPID']) {
        node.kubelet.event(ref, 'Normal', c, `Node ${node.facts.preset.name} status is now: ${c}`);
      }
      node.kubelet.event(
        ref,
        'Normal',
        'NodeAllocatableEnforced',
        'Updated Node Allocatable limit across pods',
      );
    });
    // the node lifecycle controller notices the new node
    at(Math.max(node.registeredAt, 4000) + 500, `node controller registers ${node.facts.preset.name}`, () => {
      nodeController.event(
        { apiVersion: 'v1', kind: 'Node', name: node.facts.preset.name, uid: node.obj!.metadata.uid },
        'Normal',
        'RegisteredNode',
        `Node ${node.facts.preset.name} event: Registered Node ${node.facts.preset.name} in Controller`,
      );
    });
    at(node.readyAt, `node ${node.facts.preset.name} ready`, () => {
      const now = clock.now();
      node.obj = node.kubeletWriter.status(
        node.obj!,
        nodeStatus(node.facts, host, t0 + node.registeredAt, now, now),
      );
      const ref = { kind: 'Node', name: node.facts.preset.name, uid: node.facts.preset.name };
      node.kubelet.event(
        ref,
        'Normal',
        'NodeReady',
        `Node ${node.facts.preset.name} status is now: NodeReady`,
      );
    });
  }

  // Until the kubelet processes take over (startKubelets, once the user arrives), the bootstrap
  // renews each node's Lease every 10 s as its kubelet would: the node lifecycle controller reads a
  // Lease that stops moving as a dead node (src/engine/controllers/nodelifecycle).
  for (const node of nodes) {
    for (let t = node.registeredAt + 10_000; t < USER_ARRIVES_AFTER_MS; t += 10_000) {
      at(t, `renew lease ${node.facts.preset.name}`, () => {
        node.kubeletWriter.update(nodeLease(node.obj!, clock.now()), (o) => {
          (o.spec as { renewTime?: string }).renewTime = rfc3339Micro(clock.now());
        });
      });
    }
  }

  // ---- control-plane static pods ---------------------------------------------------------------
  at(3000, 'static pods', () => {
    const seen = `${rfc3339(t0 + 1000).slice(0, 19)}.${String(100_000_000 + rand.int(900_000_000))}Z`;
    for (const pod of controlPlanePods(preset.name, cp.obj!, cp.facts.ip, rand, seen)) {
      const created = cp.kubeletWriter.create(pod);
      startPod(created, cp, 3000, 1000);
    }
  });

  // ---- kube-controller-manager and kube-scheduler start ------------------------------------------
  at(4000, 'controller manager and scheduler start', () => {
    deps.startControllerManager?.();
    for (const [name, writer] of [
      ['kube-controller-manager', kcm],
      ['kube-scheduler', scheduler],
    ] as const) {
      writer.create({
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace: 'kube-system' },
        spec: {
          holderIdentity: `${cpName}_${rand.uuid()}`,
          leaseDurationSeconds: 15,
          acquireTime: rfc3339Micro(clock.now()),
          renewTime: rfc3339Micro(clock.now()),
          leaseTransitions: 0,
        },
      });
    }
    for (const sa of CONTROLLER_SERVICE_ACCOUNTS) kcm.create(serviceAccount('kube-system', sa));
  });

  // ---- kubeadm add-ons -------------------------------------------------------------------------
  const kubeProxy: Workload = { obj: undefined!, template: kubeProxyTemplate(), pods: [], hash: '' };
  const kindnet: Workload = { obj: undefined!, template: kindnetTemplate(cpName), pods: [], hash: '' };
  const coredns: Workload = {
    obj: undefined!,
    template: corednsTemplate(),
    pods: [],
    hash: COREDNS_TEMPLATE_HASH,
  };
  const localPath: Workload = {
    obj: undefined!,
    template: localPathTemplate(),
    pods: [],
    hash: LOCAL_PATH_TEMPLATE_HASH,
  };
  let corednsRS: KubeObject | undefined;
  let localPathRS: KubeObject | undefined;

  at(6000, 'kubeadm add-ons', () => {
    for (const cm of kubeadmConfigMaps(preset.name, cpName, deps.caPem)) kubeadm.create(cm);
    kubeadm.create(bootstrapTokenSecret(rfc3339(t0 + 24 * 3600 * 1000)));
    // CoreDNS
    kubeadm.create(serviceAccount('kube-system', 'coredns'));
    kubeadm.create(corednsConfigMap());
    coredns.obj = kubeadm.create(
      deployment(
        'coredns',
        'kube-system',
        { 'k8s-app': 'kube-dns' },
        2,
        { 'k8s-app': 'kube-dns' },
        coredns.template,
        {
          type: 'RollingUpdate',
          rollingUpdate: { maxUnavailable: 1 },
        },
      ),
    );
    // The Deployment controller makes the ReplicaSet (and the ReplicaSet controller its pods) at
    // once; they are created in the same step so that the real controllers, already running,
    // find them instead of making their own.
    corednsRS = createReplicaSet(kcm, coredns, cpName, rand);
    progressDeployment(kcm, coredns, corednsRS, clock.now());
    kubeadm.create(kubeDnsService());
    // kube-proxy
    kubeadm.create(serviceAccount('kube-system', 'kube-proxy'));
    kubeadm.create(kubeProxyConfigMap(cpName));
    kubeProxy.obj = kubeadm.create(
      daemonSet('kube-proxy', { 'k8s-app': 'kube-proxy' }, { 'k8s-app': 'kube-proxy' }, kubeProxy.template),
    );
  });

  at(6500, 'controllers create add-on pods', () => {
    createDaemonPods(kcm, kubeProxy, [cp], rand);
  });
  at(7500, 'kube-proxy starts', () => {
    for (const pod of kubeProxy.pods) startPod(pod, cp, 6500, 6600);
  });

  // ---- kind: CNI and storage ---------------------------------------------------------------------
  at(8000, 'kind installs CNI and storage', () => {
    kubectl.create(serviceAccount('kube-system', 'kindnet'));
    kindnet.obj = kubectl.create(
      daemonSet(
        'kindnet',
        { app: 'kindnet', 'k8s-app': 'kindnet', tier: 'node' },
        { app: 'kindnet' },
        kindnet.template,
      ),
    );
    kubectl.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'local-path-storage' } });
    kubectl.create(serviceAccount('local-path-storage', 'local-path-provisioner-service-account'));
    kubectl.create(localPathConfigMap());
    localPath.obj = kubectl.create(
      deployment(
        'local-path-provisioner',
        'local-path-storage',
        undefined,
        1,
        { app: 'local-path-provisioner' },
        localPath.template,
      ),
    );
    createDaemonPods(kcm, kindnet, [cp], rand);
    localPathRS = createReplicaSet(kcm, localPath, cpName, rand);
    progressDeployment(kcm, localPath, localPathRS, clock.now());
  });
  at(9500, 'kindnet starts', () => {
    for (const pod of kindnet.pods) startPod(pod, cp, 8500, 8600);
  });

  // ---- the control-plane node is Ready: CoreDNS and the provisioner start ------------------------
  at(cp.readyAt + 3000, 'coredns and local-path-provisioner start', () => {
    coredns.pods = coredns.pods.map((p) => startPod(p, cp, cp.readyAt + 100, cp.readyAt + 200));
    localPath.pods = localPath.pods.map((p) => startPod(p, cp, cp.readyAt + 100, cp.readyAt + 200));
  });
  at(cp.readyAt + 3500, 'add-ons available', () => {
    const now = clock.now();
    for (const [w, rs] of [
      [coredns, corednsRS!],
      [localPath, localPathRS!],
    ] as const) {
      kcm.status(rs, rsStatus(w.pods.length, w.pods.length));
      completeDeployment(kcm, w, rs, now);
    }
    // kube-dns Endpoints and EndpointSlice: written by the endpoints controllers once the
    // CoreDNS pods are Ready (src/engine/controllers), not here. The random draw of the old
    // hand-written slice name stays, so that every later random name (and every transcript)
    // is unchanged.
    rand.nameSuffix(5);
  });

  // ---- workers join ------------------------------------------------------------------------------
  for (const node of nodes.slice(1)) {
    at(node.registeredAt + 500, `daemon pods for ${node.facts.preset.name}`, () => {
      createDaemonPods(kcm, kubeProxy, [node], rand);
      createDaemonPods(kcm, kindnet, [node], rand);
    });
    at(node.registeredAt + 1500, `daemon pods on ${node.facts.preset.name} start`, () => {
      const name = node.facts.preset.name;
      const onNode = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName === name;
      kubeProxy.pods = kubeProxy.pods.map((p) =>
        onNode(p) ? startPod(p, node, node.registeredAt + 500, node.registeredAt + 600) : p,
      );
      kindnet.pods = kindnet.pods.map((p) =>
        onNode(p) ? startPod(p, node, node.registeredAt + 500, node.registeredAt + 600) : p,
      );
    });
  }
  at(Math.max(lastReady, cp.readyAt + 3500) + 1000, 'daemonsets available', () => {
    for (const ds of [kubeProxy, kindnet]) kcm.status(ds.obj, daemonSetStatus(nodes.length));
  });

  // ---- heartbeats just before the user arrives -----------------------------------------------------
  at(USER_ARRIVES_AFTER_MS - 4000, 'node heartbeats', () => {
    for (const node of nodes) {
      const lease = nodeLease(node.obj!, clock.now());
      node.kubeletWriter.update(lease, (l) => {
        (l.spec as Record<string, unknown>).renewTime = (lease.spec as Record<string, unknown>).renewTime;
      });
    }
  });
  return steps.sort((a, b) => a.at - b.at);
}

/** The Deployment controller's new ReplicaSet and the ReplicaSet controller's pods (bound at creation to `nodeName`). */
function createReplicaSet(kcm: Writer, w: Workload, nodeName: string, rand: Rand): KubeObject {
  const rs = kcm.create(replicaSetFor(w.obj, w.hash));
  const replicas = (rs.spec as { replicas: number }).replicas;
  const template = (rs.spec as { template: PodTemplate }).template;
  for (let i = 0; i < replicas; i++) {
    const name = `${rs.metadata.name}-${rand.nameSuffix(5)}`;
    w.pods.push(kcm.create(podFromTemplate(rs, template, name, {}, nodeName)));
  }
  kcm.status(rs, { replicas, fullyLabeledReplicas: replicas, observedGeneration: 1 });
  return rs;
}

function progressDeployment(kcm: Writer, w: Workload, rs: KubeObject, now: number): void {
  const replicas = (w.obj.spec as { replicas: number }).replicas;
  const ts = rfc3339(now);
  w.obj = kcm.status(w.obj, {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    unavailableReplicas: replicas,
    conditions: [
      {
        type: 'Available',
        status: 'False',
        lastUpdateTime: ts,
        lastTransitionTime: ts,
        reason: 'MinimumReplicasUnavailable',
        message: 'Deployment does not have minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: ts,
        lastTransitionTime: ts,
        reason: 'ReplicaSetUpdated',
        message: `ReplicaSet "${rs.metadata.name}" is progressing.`,
      },
    ],
  });
}

function completeDeployment(kcm: Writer, w: Workload, rs: KubeObject, now: number): void {
  const replicas = (w.obj.spec as { replicas: number }).replicas;
  const ts = rfc3339(now);
  const progressing = (
    (w.obj.status as { conditions?: { type: string; lastTransitionTime: string }[] }).conditions ?? []
  ).find((c) => c.type === 'Progressing');
  w.obj = kcm.status(w.obj, {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      {
        type: 'Available',
        status: 'True',
        lastUpdateTime: ts,
        lastTransitionTime: ts,
        reason: 'MinimumReplicasAvailable',
        message: 'Deployment has minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: ts,
        lastTransitionTime: progressing?.lastTransitionTime ?? ts,
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
      },
    ],
  });
}

const rsStatus = (replicas: number, ready: number) => ({
  replicas,
  fullyLabeledReplicas: replicas,
  readyReplicas: ready,
  availableReplicas: ready,
  observedGeneration: 1,
});

const daemonSetStatus = (n: number) => ({
  currentNumberScheduled: n,
  numberMisscheduled: 0,
  desiredNumberScheduled: n,
  numberReady: n,
  observedGeneration: 1,
  updatedNumberScheduled: n,
  numberAvailable: n,
});

/** The DaemonSet controller's pod for each node (`controller-revision-hash`, node affinity). */
function createDaemonPods(kcm: Writer, w: Workload, on: NodeState[], rand: Rand): void {
  if (!w.hash) w.hash = safeEncode(fnv32a(JSON.stringify(w.template)));
  for (const node of on) {
    const nodeName = node.facts.preset.name;
    const name = `${w.obj.metadata.name}-${rand.nameSuffix(5)}`;
    const pod = podFromTemplate(
      w.obj,
      w.template,
      name,
      { 'controller-revision-hash': w.hash, 'pod-template-generation': '1' },
      nodeName,
      daemonPodSpecExtras(w.template, nodeName),
    );
    w.pods.push(kcm.create(pod));
  }
}

/** `n` characters of lowercase base32 (a-z, 2-7), as apiserver identity lease names use. */
function base32(rand: Rand, n: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[rand.int(32)];
  return s;
}

/** Run the plan: each step at t0 + at, every timer on the way included; then the user arrives. */
export function runBootstrap(deps: BootstrapDeps): void {
  const t0 = deps.clock.now();
  for (const step of bootstrapPlan(deps)) {
    deps.clock.advanceTo(t0 + step.at);
    step.run();
    deps.clock.settle();
  }
  deps.clock.advanceTo(Math.max(deps.clock.now(), t0 + USER_ARRIVES_AFTER_MS));
}
