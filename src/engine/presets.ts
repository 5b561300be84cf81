/**
 * Cluster presets: the kind clusters of the book (shared/reference/book-hands-on.md §5), plus a
 * builder and a small cluster file format (docs/CLUSTERS.md) for lessons that need other shapes.
 *
 * A preset only says which nodes exist and what they look like; src/engine/bootstrap/ turns it
 * into the objects a freshly created kind cluster has.
 *
 * Node capacity: every kind node is a container on the same Docker host and reports the whole
 * host's CPU and memory. The default host is a Docker Desktop VM with 8 CPUs and about 5.8 GiB
 * of memory (6053964Ki): the machine of the book's learner notes, on which chapter 7's
 * 3 × 5Gi Deployment gets 1 Running and 2 Pending pods and `describe node` shows the 5Gi
 * request as 86% of allocatable. kind's kubelet reserves nothing and evicts on nothing, so
 * allocatable equals capacity.
 */
import { parse as parseYaml } from 'yaml';
import type { ClusterOptions, ClusterPreset, NodeSpecPreset } from './types';

/** Capacity (and allocatable) of each node unless a preset says otherwise. */
export const DEFAULT_NODE_CAPACITY: Readonly<Record<string, string>> = Object.freeze({
  cpu: '8',
  'ephemeral-storage': '61202244Ki',
  'hugepages-1Gi': '0',
  'hugepages-2Mi': '0',
  memory: '6053964Ki',
  pods: '110',
});

export const CONTROL_PLANE_TAINT = {
  key: 'node-role.kubernetes.io/control-plane',
  effect: 'NoSchedule',
} as const;

/** A kind cluster's node names: `<name>-control-plane`, `<name>-worker`, `<name>-worker2` … */
function kindNodes(name: string, workers: number): NodeSpecPreset[] {
  const nodes: NodeSpecPreset[] = [{ name: `${name}-control-plane`, role: 'control-plane' }];
  for (let i = 1; i <= workers; i++)
    nodes.push({ name: `${name}-worker${i === 1 ? '' : i}`, role: 'worker' });
  return nodes;
}

/** `kind create cluster` (no config): one control-plane node `kind-control-plane`, untainted. */
export function kindPreset(name = 'kind'): ClusterPreset {
  return { name, nodes: kindNodes(name, 0), portMappings: [] };
}

/** kind/multinode-config.yaml as `kind create cluster -n kind-multinode` makes it (chapter 7). */
export function multinodePreset(name = 'kind-multinode'): ClusterPreset {
  return { name, nodes: kindNodes(name, 2), portMappings: [] };
}

/** The NodePort mapping of kind/export-mapping.yaml and kind/multinode-nodeport.yaml. */
export const BOOK_NODEPORT_MAPPING = { hostPort: 30599, containerPort: 30599 } as const;

/**
 * The book's clusters by the name the learner notes give them:
 *  - `kind`: default cluster (chapters 4–5);
 *  - `kind-nodeport`: kind/export-mapping.yaml, NodePort 30599 on localhost (chapters 6, 8);
 *  - `kind-multinode`: kind/multinode-config.yaml, control plane + 2 workers (chapter 7);
 *  - `multinode-nodeport`: kind/multinode-nodeport.yaml, 3 nodes with the 30599 mapping (chapter 9).
 */
export const PRESETS: Readonly<Record<string, () => ClusterPreset>> = Object.freeze({
  kind: () => kindPreset('kind'),
  'kind-nodeport': () => ({ ...kindPreset('kind-nodeport'), portMappings: [{ ...BOOK_NODEPORT_MAPPING }] }),
  'kind-multinode': () => multinodePreset('kind-multinode'),
  'multinode-nodeport': () => ({
    ...multinodePreset('multinode-nodeport'),
    portMappings: [{ ...BOOK_NODEPORT_MAPPING }],
  }),
});

/** ClusterOptions.preset → a full preset (`multinode` is the book's `kind-multinode`). */
export function resolvePreset(preset: ClusterOptions['preset']): ClusterPreset {
  if (preset === undefined || preset === 'kind') return kindPreset();
  if (preset === 'multinode') return multinodePreset();
  validatePreset(preset);
  return preset;
}

export interface CustomPresetOptions {
  /** kind cluster name (default `kind`). */
  name?: string;
  /** Total number of nodes: 1 = a single control plane, n = control plane + n−1 workers. Default 1. */
  nodes?: number;
  /** CPU of every node as a Quantity, e.g. `4`. */
  cpu?: string;
  /** Memory of every node as a Quantity, e.g. `16Gi`. */
  memory?: string;
  /** Extra labels on every worker (on the control plane when it is the only node). */
  labels?: Record<string, string>;
  /** Taints on every worker (on the control plane when it is the only node). */
  taints?: NodeSpecPreset['taints'];
  portMappings?: ClusterPreset['portMappings'];
}

/** A kind-like cluster of any size, e.g. `customPreset({ nodes: 3, memory: '2Gi' })`. */
export function customPreset(opts: CustomPresetOptions = {}): ClusterPreset {
  const count = opts.nodes ?? 1;
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`invalid node count ${count}: at least 1 node is needed`);
  const preset = {
    name: opts.name ?? 'kind',
    nodes: kindNodes(opts.name ?? 'kind', count - 1),
    portMappings: opts.portMappings ?? [],
  };
  const capacity: Record<string, string> = {};
  if (opts.cpu) capacity.cpu = opts.cpu;
  if (opts.memory) capacity.memory = opts.memory;
  for (const node of preset.nodes) {
    if (Object.keys(capacity).length > 0) node.capacity = { ...capacity };
    const target = count === 1 || node.role === 'worker';
    if (target && opts.labels) node.labels = { ...opts.labels };
    if (target && opts.taints) node.taints = opts.taints.map((t) => ({ ...t }));
  }
  validatePreset(preset);
  return preset;
}

/**
 * The taints a node of the preset has: its own list when given; otherwise kind's rule: the
 * control plane keeps `node-role.kubernetes.io/control-plane:NoSchedule` when the cluster has
 * workers, and kind removes it on a single-node cluster so that pods can run there.
 */
export function nodeTaints(
  preset: ClusterPreset,
  node: NodeSpecPreset,
): NonNullable<NodeSpecPreset['taints']> {
  if (node.taints) return node.taints;
  const hasWorkers = preset.nodes.some((n) => n.role === 'worker');
  return node.role === 'control-plane' && hasWorkers ? [{ ...CONTROL_PLANE_TAINT }] : [];
}

/** The capacity of a node: the defaults, overridden by the preset's values. */
export function nodeCapacity(node: NodeSpecPreset): Record<string, string> {
  return { ...DEFAULT_NODE_CAPACITY, ...node.capacity };
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?[0-9]+)?$/;

/** Throws a readable error when a preset cannot make a cluster. */
export function validatePreset(preset: ClusterPreset): void {
  if (!DNS_LABEL.test(preset.name)) throw new Error(`invalid cluster name ${JSON.stringify(preset.name)}`);
  const cps = preset.nodes.filter((n) => n.role === 'control-plane');
  if (cps.length !== 1) {
    throw new Error(
      cps.length === 0
        ? 'a cluster needs one control-plane node'
        : 'multiple control-plane nodes (HA control plane) are not simulated in Breakfix',
    );
  }
  if (preset.nodes[0]?.role !== 'control-plane') throw new Error('the control-plane node must come first');
  const names = new Set<string>();
  for (const n of preset.nodes) {
    if (!DNS_LABEL.test(n.name) || n.name.length > 63)
      throw new Error(`invalid node name ${JSON.stringify(n.name)}`);
    if (names.has(n.name)) throw new Error(`duplicate node name ${JSON.stringify(n.name)}`);
    names.add(n.name);
    for (const [k, v] of Object.entries(n.capacity ?? {})) {
      if (!QUANTITY.test(v)) throw new Error(`node ${n.name}: invalid ${k} capacity ${JSON.stringify(v)}`);
    }
  }
  if (preset.nodes.length > MAX_NODES) throw new Error(`at most ${MAX_NODES} nodes are simulated`);
}

// ---- addresses (docs/CLUSTERS.md) ------------------------------------------------------------

/** The most nodes a cluster may have. */
export const MAX_NODES = 5000;

/** kind's default cluster CIDR: a /24 per node, so at most 256 nodes. */
export const KIND_CLUSTER_CIDR = '10.244.0.0/16';
/**
 * The cluster CIDR of a cluster with more nodes than kind's default holds (as a kind config's
 * `networking.podSubnet: 10.128.0.0/11` would give): 8,192 node /24s, clear of the Service
 * range 10.96.0.0/16 and of kind's 10.244.0.0/16.
 */
export const LARGE_CLUSTER_CIDR = '10.128.0.0/11';

/** The cluster CIDR (kube-controller-manager --cluster-cidr) of a cluster of `nodeCount` nodes. */
export const clusterCIDR = (nodeCount: number): string =>
  nodeCount <= 256 ? KIND_CLUSTER_CIDR : LARGE_CLUSTER_CIDR;

/**
 * The InternalIP of the node registered `index`-th (0 = the control plane): Docker hands out the
 * kind network's 172.18.0.0/16 in order from 172.18.0.2 (.1 is the gateway), carrying over into
 * the third octet: 172.18.0.255, 172.18.1.0, 172.18.1.1 …
 */
export function nodeAddress(index: number): string {
  const n = index + 2;
  return `172.18.${n >> 8}.${n & 255}`;
}

/**
 * The pod CIDR the node-ipam controller (range allocator) gives the node registered `index`-th:
 * the /24s of the cluster CIDR in order.
 */
export function nodePodCIDR(index: number, nodeCount: number): string {
  if (nodeCount <= 256) return `10.244.${index}.0/24`;
  return `10.${128 + (index >> 8)}.${index & 255}.0/24`;
}

// ---- cluster files (docs/CLUSTERS.md) --------------------------------------------------------

/** Breakfix's `loadBalancer: {addresses: [...]}` (a MetalLB IPAddressPool's addresses). */
function parseLoadBalancer(raw: unknown): { addresses: string[] } {
  const lb = (raw ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(lb))
    if (k !== 'addresses') throw new Error(`cluster file: loadBalancer.${k} is not simulated in Breakfix`);
  const addresses = lb.addresses ?? ['172.18.255.200-172.18.255.250'];
  if (!Array.isArray(addresses) || addresses.some((a) => typeof a !== 'string'))
    throw new Error('cluster file: loadBalancer.addresses must be a list of address ranges');
  return { addresses: addresses as string[] };
}

const NODE_FIELDS = new Set(['role', 'name', 'labels', 'extraPortMappings', 'capacity', 'taints']);
const CLUSTER_FIELDS = new Set(['kind', 'apiVersion', 'name', 'nodes', 'loadBalancer']);

/**
 * Parse a cluster file: a kind configuration (`kind: Cluster`, `apiVersion:
 * kind.x-k8s.io/v1alpha4`), so the book's kind/*.yaml files load as they are, with three
 * Breakfix additions per node: `name`, `capacity` and `taints`, and one for the cluster:
 * `loadBalancer` (a simulated MetalLB, see docs/CLUSTERS.md). kind settings Breakfix does not
 * simulate (networking, kubeadmConfigPatches, image, extraMounts …) are rejected by name.
 */
export function loadPreset(yamlText: string, defaultName = 'kind'): ClusterPreset {
  const doc = parseYaml(yamlText) as unknown;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new Error('cluster file: expected a mapping');
  const cfg = doc as Record<string, unknown>;
  if (cfg.kind !== 'Cluster')
    throw new Error(`cluster file: kind must be "Cluster", got ${JSON.stringify(cfg.kind)}`);
  if (cfg.apiVersion !== 'kind.x-k8s.io/v1alpha4') {
    throw new Error(
      `cluster file: apiVersion must be "kind.x-k8s.io/v1alpha4", got ${JSON.stringify(cfg.apiVersion)}`,
    );
  }
  for (const k of Object.keys(cfg)) {
    if (!CLUSTER_FIELDS.has(k)) throw new Error(`cluster file: ${k} is not simulated in Breakfix`);
  }
  const name = cfg.name === undefined ? defaultName : String(cfg.name);
  const rawNodes = (cfg.nodes ?? [{ role: 'control-plane' }]) as unknown;
  if (!Array.isArray(rawNodes) || rawNodes.length === 0)
    throw new Error('cluster file: nodes must be a non-empty list');
  const roles = rawNodes.map((n, i) => {
    const role = (n as Record<string, unknown> | null)?.role ?? 'control-plane';
    if (role !== 'control-plane' && role !== 'worker')
      throw new Error(`cluster file: nodes[${i}].role must be control-plane or worker`);
    return role;
  });
  // kind names nodes by role and order: the control plane, then worker, worker2, worker3 …
  const defaults = kindNodes(name, roles.filter((r) => r === 'worker').length);
  const preset: ClusterPreset = { name, nodes: [], portMappings: [] };
  if (cfg.loadBalancer !== undefined) preset.loadBalancer = parseLoadBalancer(cfg.loadBalancer);
  let worker = 0;
  rawNodes.forEach((raw, i) => {
    const n = (raw ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(n)) {
      if (!NODE_FIELDS.has(k)) throw new Error(`cluster file: nodes[${i}].${k} is not simulated in Breakfix`);
    }
    const role = roles[i] as NodeSpecPreset['role'];
    const node: NodeSpecPreset = {
      name:
        typeof n.name === 'string'
          ? n.name
          : role === 'control-plane'
            ? defaults[0]!.name
            : defaults[1 + worker++]!.name,
      role,
    };
    if (n.labels !== undefined) node.labels = stringMap(n.labels, `nodes[${i}].labels`);
    if (n.capacity !== undefined) node.capacity = stringMap(n.capacity, `nodes[${i}].capacity`);
    if (n.taints !== undefined) node.taints = parseTaints(n.taints, `nodes[${i}].taints`);
    for (const m of (n.extraPortMappings ?? []) as Record<string, unknown>[]) {
      const protocol = m.protocol ?? 'TCP';
      if (protocol !== 'TCP')
        throw new Error(
          `cluster file: nodes[${i}].extraPortMappings: protocol ${String(protocol)} is not simulated in Breakfix`,
        );
      const containerPort = Number(m.containerPort);
      const hostPort = m.hostPort === undefined ? containerPort : Number(m.hostPort);
      if (!Number.isInteger(containerPort) || !Number.isInteger(hostPort)) {
        throw new Error(
          `cluster file: nodes[${i}].extraPortMappings needs numeric containerPort and hostPort`,
        );
      }
      preset.portMappings!.push({ hostPort, containerPort });
    }
    preset.nodes.push(node);
  });
  const cp = preset.nodes.findIndex((n) => n.role === 'control-plane');
  if (cp > 0) preset.nodes.unshift(...preset.nodes.splice(cp, 1));
  validatePreset(preset);
  return preset;
}

function stringMap(v: unknown, where: string): Record<string, string> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Error(`cluster file: ${where} must be a mapping`);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) out[k] = String(val);
  return out;
}

function parseTaints(v: unknown, where: string): NonNullable<NodeSpecPreset['taints']> {
  if (!Array.isArray(v)) throw new Error(`cluster file: ${where} must be a list`);
  return v.map((t: Record<string, unknown>, i) => {
    const effect = t.effect;
    if (effect !== 'NoSchedule' && effect !== 'PreferNoSchedule' && effect !== 'NoExecute') {
      throw new Error(
        `cluster file: ${where}[${i}].effect must be NoSchedule, PreferNoSchedule or NoExecute`,
      );
    }
    if (typeof t.key !== 'string' || t.key === '')
      throw new Error(`cluster file: ${where}[${i}].key is required`);
    return t.value === undefined ? { key: t.key, effect } : { key: t.key, value: String(t.value), effect };
  });
}
