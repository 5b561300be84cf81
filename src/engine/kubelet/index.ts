/**
 * The node agents of a cluster: one kubelet per node of the preset, their container runtimes and
 * the pod network they share, the pod subresources the API server proxies to them (log, exec,
 * attach, ephemeralcontainers) and the faults that lessons inject.
 *
 * The composition root (src/engine/cluster.ts) creates a StreamServer before anything else (it
 * wraps the in-process KubeClient so that `watch` can open log/exec/attach streams), runs the
 * bootstrap, then calls `startKubelets`: the nodes exist by then, and each kubelet adopts the
 * system pods the bootstrap wrote as running.
 */
import type { KubeObject } from '../../api/types';
import type { ApiServer } from '../api/server';
import type { ControllerClient } from '../controllers/framework/client';
import type { Logger } from '../controllers/framework/log';
import type { SimClock } from '../clock';
import type { NanoClock } from '../events';
import { PodNetwork } from '../network/index';
import type { Rand } from '../rand';
import type { ClusterPreset, KubeletOptions } from '../types';
import type { KubeletConfig } from './config';
import { Faults, registerFaultSubresources } from './faults';
import { builtinCatalog, type ImageCatalog } from './images/catalog';
import { Kubelet } from './kubelet';
import { serveEphemeralContainers } from './server/ephemeral';
import { serveLogs } from './server/logs';
import { StreamServer } from './server/streams';

export class KubeletSet {
  readonly kubelets = new Map<string, Kubelet>();
  readonly faults: Faults;

  constructor(
    readonly network: PodNetwork,
    readonly catalog: ImageCatalog,
    settle: () => void,
  ) {
    this.faults = new Faults(this, settle);
  }

  get(node: string): Kubelet | undefined {
    return this.kubelets.get(node);
  }

  /** The kubelet running a pod. */
  forPod(namespace: string, name: string): Kubelet | undefined {
    for (const k of this.kubelets.values()) if (k.recordFor(namespace, name)) return k;
    return undefined;
  }
}

export interface StartKubeletsDeps {
  server: ApiServer;
  controllerClient: ControllerClient;
  clock: SimClock;
  rand: Rand;
  nanoClock: NanoClock;
  logs: Logger;
  preset: ClusterPreset;
  /** The stream server the cluster's client was wrapped with (logs -f, exec, attach). */
  streams?: StreamServer;
}

export interface StartKubeletsOptions extends KubeletOptions {
  /** Any KubeletConfiguration override (all nodes). */
  config?: Partial<KubeletConfig>;
  catalog?: ImageCatalog;
}

/** Create and start a kubelet for every node of the cluster; register the pod subresources. */
export function startKubelets(deps: StartKubeletsDeps, opts: StartKubeletsOptions = {}): KubeletSet {
  const { clock, server } = deps;
  const network = new PodNetwork(clock);
  const set = new KubeletSet(network, opts.catalog ?? builtinCatalog(), () => clock.settle());
  const rand = deps.rand.fork();
  const config: Partial<KubeletConfig> = { ...opts.config };
  if (opts.profile) config.profile = opts.profile;
  if (opts.evictionHard) config.evictionHard = { ...opts.evictionHard };
  for (const node of deps.preset.nodes) {
    set.kubelets.set(
      node.name,
      new Kubelet({
        nodeName: node.name,
        client: deps.controllerClient,
        clock,
        rand: rand.fork(),
        network,
        catalog: set.catalog,
        nanoClock: deps.nanoClock,
        logger: deps.logs,
        config,
      }),
    );
  }
  const reader = { get: (r: string, ns: string, n: string): KubeObject | undefined => server.get(r, ns, n) };
  const streams = deps.streams ?? new StreamServer(clock);
  streams.bind(set, reader);
  server.registerSubresource(
    'pods',
    'log',
    serveLogs(set, reader, () => clock.now()),
    { kind: 'Pod', verbs: ['get'] },
  );
  server.registerSubresource('pods', 'exec', (req) => streams.control(req), {
    kind: 'PodExecOptions',
    verbs: ['create', 'get'],
  });
  server.registerSubresource('pods', 'attach', (req) => streams.control(req), {
    kind: 'PodAttachOptions',
    verbs: ['create', 'get'],
  });
  server.registerSubresource('pods', 'ephemeralcontainers', serveEphemeralContainers(server), {
    kind: 'Pod',
    verbs: ['get', 'patch', 'update'],
  });
  registerFaultSubresources(
    server,
    set.faults,
    (ns, name) => !!server.get('pods', ns, name),
    (name) => !!server.get('nodes', '', name),
  );
  for (const k of set.kubelets.values()) k.start();
  clock.settle();
  return set;
}

export { Kubelet } from './kubelet';
export { StreamServer } from './server/streams';
export type { KubeletConfig } from './config';
export { PodNetwork };
