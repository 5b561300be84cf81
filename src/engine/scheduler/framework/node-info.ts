/**
 * What the scheduler precomputes about pods and nodes (k/k pkg/scheduler/framework/types.go):
 *
 *  - PodInfo: a pod with its parsed affinity terms, resource requests (real and "non-zero"),
 *    host ports and priority, computed once when the pod enters the scheduler, not per node;
 *  - NodeInfo: a node with everything Filter and Score need in O(1): the pods on it, their summed
 *    requests, used host ports, pods with (anti-)affinity, image states, and a generation that
 *    changes whenever any of it does.
 *
 * Quantities are parsed once into plain numbers (milli-CPU, bytes), and repeated strings such as
 * `100m` or `64Mi` hit a small cache.
 */
import type { Node, Pod, PodAffinityTerm, Taint, WeightedPodAffinityTerm } from 'kubernetes-types/core/v1';
import {
  everything,
  labelSelectorAsSelector,
  nothing,
  type Labels,
  type Selector,
} from '../../../apimachinery/labels';
import { parseQuantity } from '../../../apimachinery/quantity';
import { podPriority } from './helpers';

/** Requests of containers without a cpu request, for scoring only (schedutil.DefaultMilliCPURequest). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** Requests of containers without a memory request, for scoring only: 200Mi (schedutil.DefaultMemoryRequest). */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;

// ---- quantities ------------------------------------------------------------------------------

const milliCache = new Map<string, number>();
const valueCache = new Map<string, number>();

/** Quantity.MilliValue() of a string (0 for an unparsable one; the API server validated it). */
export function milliValue(q: unknown): number {
  const s = String(q);
  let v = milliCache.get(s);
  if (v === undefined) {
    try {
      v = parseQuantity(s).milliValue();
    } catch {
      v = 0;
    }
    if (milliCache.size < 10_000) milliCache.set(s, v);
  }
  return v;
}

/** Quantity.Value() (rounded up) of a string. */
export function quantityValue(q: unknown): number {
  const s = String(q);
  let v = valueCache.get(s);
  if (v === undefined) {
    try {
      v = parseQuantity(s).value();
    } catch {
      v = 0;
    }
    if (valueCache.size < 10_000) valueCache.set(s, v);
  }
  return v;
}

// ---- Resource --------------------------------------------------------------------------------

/** framework.Resource: cpu in millicores, memory and ephemeral storage in bytes, other resources by name. */
export class Resource {
  milliCPU = 0;
  memory = 0;
  ephemeralStorage = 0;
  allowedPodNumber = 0;
  /** Extended resources, hugepages, attachable volumes (scalar resources), by resource name. */
  scalar: Map<string, number> | null = null;

  /** `Resource.Add(ResourceList)`. */
  addList(list: Record<string, unknown> | undefined, sign = 1): void {
    if (!list) return;
    for (const name in list) {
      const q = list[name];
      switch (name) {
        case 'cpu':
          this.milliCPU += sign * milliValue(q);
          break;
        case 'memory':
          this.memory += sign * quantityValue(q);
          break;
        case 'ephemeral-storage':
          this.ephemeralStorage += sign * quantityValue(q);
          break;
        case 'pods':
          this.allowedPodNumber += sign * quantityValue(q);
          break;
        default:
          if (isScalarResourceName(name)) {
            this.scalar ??= new Map();
            this.scalar.set(name, (this.scalar.get(name) ?? 0) + sign * quantityValue(q));
          }
      }
    }
  }

  add(r: Resource, sign = 1): void {
    this.milliCPU += sign * r.milliCPU;
    this.memory += sign * r.memory;
    this.ephemeralStorage += sign * r.ephemeralStorage;
    this.allowedPodNumber += sign * r.allowedPodNumber;
    if (r.scalar) {
      this.scalar ??= new Map();
      for (const [k, v] of r.scalar) this.scalar.set(k, (this.scalar.get(k) ?? 0) + sign * v);
    }
  }

  clone(): Resource {
    const c = new Resource();
    c.milliCPU = this.milliCPU;
    c.memory = this.memory;
    c.ephemeralStorage = this.ephemeralStorage;
    c.allowedPodNumber = this.allowedPodNumber;
    c.scalar = this.scalar ? new Map(this.scalar) : null;
    return c;
  }

  isZero(): boolean {
    return (
      this.milliCPU === 0 &&
      this.memory === 0 &&
      this.ephemeralStorage === 0 &&
      (!this.scalar || [...this.scalar.values()].every((v) => v === 0))
    );
  }
}

/** `schedutil.IsScalarResourceName`: extended resources, hugepages-*, attachable-volumes-*. */
export function isScalarResourceName(name: string): boolean {
  if (name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')) return true;
  // Extended resources: fully qualified, not in the kubernetes.io namespace (requests.* excluded).
  if (!name.includes('/')) return false;
  if (name.startsWith('kubernetes.io/') || name.includes('.kubernetes.io/')) return false;
  return !name.startsWith('requests.');
}

type ResourceList = Record<string, unknown>;

/**
 * `resourcehelper.PodRequests` (v1.32): the sum of the containers' requests and of restartable
 * (sidecar) init containers, at least the largest request of any init container while it runs
 * (counting the sidecars started before it), plus the pod overhead. With `nonMissing`, a container
 * that does not request cpu (or memory) counts as requesting the default (scoring only).
 */
export function podRequests(pod: Pod, nonMissing: boolean): Resource {
  const spec = pod.spec;
  const reqs = new Resource();
  if (!spec) return reqs;
  const containerReqs = (requests: ResourceList | undefined): Resource => {
    const r = new Resource();
    r.addList(requests);
    if (nonMissing) {
      if (!requests || !('cpu' in requests)) r.milliCPU += DEFAULT_MILLI_CPU_REQUEST;
      if (!requests || !('memory' in requests)) r.memory += DEFAULT_MEMORY_REQUEST;
    }
    return r;
  };
  for (const c of spec.containers ?? []) reqs.add(containerReqs(c.resources?.requests));
  const init = spec.initContainers ?? [];
  if (init.length > 0) {
    const restartable = new Resource();
    const initMax = new Resource();
    for (const c of init) {
      let r = containerReqs(c.resources?.requests);
      if (c.restartPolicy === 'Always') {
        reqs.add(r);
        restartable.add(r);
        r = restartable.clone();
      } else {
        r.add(restartable);
      }
      maxInto(initMax, r);
    }
    maxInto(reqs, initMax);
  }
  if (spec.overhead) reqs.addList(spec.overhead as ResourceList);
  return reqs;
}

function maxInto(dst: Resource, r: Resource): void {
  dst.milliCPU = Math.max(dst.milliCPU, r.milliCPU);
  dst.memory = Math.max(dst.memory, r.memory);
  dst.ephemeralStorage = Math.max(dst.ephemeralStorage, r.ephemeralStorage);
  if (r.scalar) {
    dst.scalar ??= new Map();
    for (const [k, v] of r.scalar) dst.scalar.set(k, Math.max(dst.scalar.get(k) ?? 0, v));
  }
}

// ---- affinity terms --------------------------------------------------------------------------

/** framework.AffinityTerm: a pod (anti-)affinity term with its selectors compiled. */
export class AffinityTerm {
  constructor(
    /** Namespaces the term applies to (the pod's own when none and no namespaceSelector). */
    public namespaces: Set<string>,
    readonly selector: Selector,
    readonly topologyKey: string,
    public namespaceSelector: Selector,
  ) {}

  /** `AffinityTerm.Matches`: the pod is in one of the namespaces and its labels match. */
  matches(pod: Pod, nsLabels: Labels): boolean {
    const ns = pod.metadata?.namespace ?? '';
    if (this.namespaces.has(ns) || this.namespaceSelector.matches(nsLabels ?? {})) {
      return this.selector.matches(pod.metadata?.labels ?? {});
    }
    return false;
  }

  clone(): AffinityTerm {
    return new AffinityTerm(
      new Set(this.namespaces),
      this.selector,
      this.topologyKey,
      this.namespaceSelector,
    );
  }
}

export interface WeightedAffinityTerm {
  term: AffinityTerm;
  weight: number;
}

/**
 * Parsed terms, interned by their source text (and the pod's namespace when it is implied): the
 * pods of one workload share one AffinityTerm, so plugins can match each distinct term once per
 * cycle. AffinityTerms are immutable once made (mergeNamespaces works on a clone).
 */
const internedTerms = new Map<string, AffinityTerm>();
const MAX_INTERNED_TERMS = 4096;

/** `newAffinityTerm`: nil namespaceSelector and no namespaces means the pod's own namespace. */
function newAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const implied = !t.namespaces?.length && t.namespaceSelector == null;
  const key = implied ? `${pod.metadata?.namespace ?? ''}\u0000${JSON.stringify(t)}` : JSON.stringify(t);
  let term = internedTerms.get(key);
  if (term === undefined) {
    term = parseAffinityTerm(pod, t);
    if (internedTerms.size >= MAX_INTERNED_TERMS) internedTerms.clear();
    internedTerms.set(key, term);
  }
  return term;
}

function parseAffinityTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const selector = labelSelectorAsSelector(t.labelSelector ?? null);
  const namespaces = new Set<string>(t.namespaces ?? []);
  if (namespaces.size === 0 && t.namespaceSelector == null) namespaces.add(pod.metadata?.namespace ?? '');
  const nsSelector = t.namespaceSelector == null ? nothing() : labelSelectorAsSelector(t.namespaceSelector);
  return new AffinityTerm(namespaces, selector, t.topologyKey, nsSelector);
}

export const getAffinityTerms = (pod: Pod, terms: readonly PodAffinityTerm[] | undefined): AffinityTerm[] =>
  (terms ?? []).map((t) => newAffinityTerm(pod, t));

const getWeightedAffinityTerms = (
  pod: Pod,
  terms: readonly WeightedPodAffinityTerm[] | undefined,
): WeightedAffinityTerm[] =>
  (terms ?? []).map((t) => ({ term: newAffinityTerm(pod, t.podAffinityTerm), weight: t.weight }));

// ---- host ports ------------------------------------------------------------------------------

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

/** The host ports a pod asks for (NodePorts' getContainerPorts: containers with hostPort > 0). */
export function podHostPorts(pod: Pod): HostPort[] {
  const out: HostPort[] = [];
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!p.hostPort || p.hostPort <= 0) continue;
      out.push({ hostIP: p.hostIP || '0.0.0.0', protocol: p.protocol || 'TCP', hostPort: p.hostPort });
    }
  }
  return out;
}

/** framework.HostPortInfo: ip → protocol/port set. 0.0.0.0 conflicts with every IP. */
export class HostPortInfo {
  readonly byIP = new Map<string, Map<string, number>>();

  add(p: HostPort): void {
    let m = this.byIP.get(p.hostIP);
    if (!m) this.byIP.set(p.hostIP, (m = new Map()));
    const k = `${p.protocol}/${p.hostPort}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  remove(p: HostPort): void {
    const m = this.byIP.get(p.hostIP);
    if (!m) return;
    const k = `${p.protocol}/${p.hostPort}`;
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIP.delete(p.hostIP);
  }

  checkConflict(p: HostPort): boolean {
    if (p.hostPort <= 0) return false;
    const k = `${p.protocol}/${p.hostPort}`;
    if (p.hostIP === '0.0.0.0') {
      for (const m of this.byIP.values()) if (m.has(k)) return true;
      return false;
    }
    return !!this.byIP.get('0.0.0.0')?.has(k) || !!this.byIP.get(p.hostIP)?.has(k);
  }

  get size(): number {
    return this.byIP.size;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIP) c.byIP.set(ip, new Map(m));
    return c;
  }
}

// ---- PodInfo ---------------------------------------------------------------------------------

/** framework.PodInfo. Immutable once built; a changed pod gets a new PodInfo. */
export class PodInfo {
  readonly key: string;
  readonly uid: string;
  readonly namespace: string;
  readonly name: string;
  readonly priority: number;
  readonly requiredAffinityTerms: AffinityTerm[] = [];
  readonly requiredAntiAffinityTerms: AffinityTerm[] = [];
  readonly preferredAffinityTerms: WeightedAffinityTerm[] = [];
  readonly preferredAntiAffinityTerms: WeightedAffinityTerm[] = [];
  /** Set when an affinity term could not be parsed (`NewPodInfo`'s error). */
  readonly parseError: string | undefined;
  /** spec.affinity has podAffinity or podAntiAffinity (upstream's `podWithAffinity`). */
  readonly withAffinity: boolean;
  private _requests: Resource | undefined;
  private _nonZero: Resource | undefined;
  private _hostPorts: HostPort[] | undefined;

  constructor(
    readonly pod: Pod,
    /** An earlier PodInfo of the same pod whose pod affinity terms (immutable) can be reused. */
    prev?: PodInfo,
  ) {
    const m = pod.metadata ?? {};
    this.namespace = m.namespace ?? '';
    this.name = m.name ?? '';
    this.key = `${this.namespace}/${this.name}`;
    this.uid = m.uid ?? '';
    this.priority = podPriority(pod);
    const a = pod.spec?.affinity;
    this.withAffinity = !!(a?.podAffinity || a?.podAntiAffinity);
    if (prev && prev.uid === this.uid && prev.withAffinity === this.withAffinity) {
      this.requiredAffinityTerms = prev.requiredAffinityTerms;
      this.requiredAntiAffinityTerms = prev.requiredAntiAffinityTerms;
      this.preferredAffinityTerms = prev.preferredAffinityTerms;
      this.preferredAntiAffinityTerms = prev.preferredAntiAffinityTerms;
      this.parseError = prev.parseError;
    } else if (a && this.withAffinity) {
      try {
        this.requiredAffinityTerms = getAffinityTerms(
          pod,
          a.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
        );
        this.requiredAntiAffinityTerms = getAffinityTerms(
          pod,
          a.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
        );
        this.preferredAffinityTerms = getWeightedAffinityTerms(
          pod,
          a.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
        );
        this.preferredAntiAffinityTerms = getWeightedAffinityTerms(
          pod,
          a.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
        );
      } catch (e) {
        this.parseError = (e as Error).message;
      }
    }
  }

  /**
   * A PodInfo for a newer version of the same pod: what comes from the spec fields that cannot
   * change once the pod exists (container resources, overhead, host ports, pod (anti-)affinity)
   * is carried over.
   */
  static next(pod: Pod, prev: PodInfo | undefined): PodInfo {
    const pi = new PodInfo(pod, prev);
    if (prev && prev.uid === pi.uid) {
      pi._requests = prev._requests;
      pi._nonZero = prev._nonZero;
      pi._hostPorts = prev._hostPorts;
    }
    return pi;
  }

  get labels(): Record<string, string> {
    return this.pod.metadata?.labels ?? {};
  }

  /** The pod's requests (resourcehelper.PodRequests). */
  get requests(): Resource {
    return (this._requests ??= podRequests(this.pod, false));
  }

  /** The requests with defaults for containers that request no cpu/memory (for scoring). */
  get nonZeroRequests(): Resource {
    return (this._nonZero ??= podRequests(this.pod, true));
  }

  get hostPorts(): HostPort[] {
    return (this._hostPorts ??= podHostPorts(this.pod));
  }

  /** Terms that InterPodAffinity scores for the pods that come after this one. */
  get hasScoringTerms(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }

  get hasAffinity(): boolean {
    return (
      this.requiredAffinityTerms.length > 0 ||
      this.requiredAntiAffinityTerms.length > 0 ||
      this.preferredAffinityTerms.length > 0 ||
      this.preferredAntiAffinityTerms.length > 0
    );
  }

  get nodeName(): string {
    return this.pod.spec?.nodeName ?? '';
  }

  get isTerminating(): boolean {
    return !!this.pod.metadata?.deletionTimestamp;
  }
}

// ---- images ----------------------------------------------------------------------------------

/** framework.ImageStateSummary: an image's size and the nodes that have it (shared by the cache). */
export interface ImageState {
  size: number;
  nodes: Set<string>;
}

// ---- NodeInfo --------------------------------------------------------------------------------

const EMPTY_LABELS: Record<string, string> = Object.freeze({}) as Record<string, string>;

const ALLOC_CPU = 0;
const ALLOC_MEM = 1;
const ALLOC_EPH = 2;
const REQ_CPU = 3;
const REQ_MEM = 4;
const REQ_EPH = 5;
const NZ_CPU = 6;
const NZ_MEM = 7;
/** 64 bytes: a clone's own one-slot buffer stays small enough for V8 to keep it on the heap. */
const STRIDE = 8;

/**
 * Storage for NodeInfos' flat (double) numbers: STRIDE doubles per node, slots handed out in order and
 * never reused (a slot costs 80 bytes; node churn is small). The buffer doubles when full; the
 * NodeInfos keep the store, not the buffer.
 */
export class NodeNumbers {
  buf: Float64Array;
  private used = 0;

  constructor(capacity = 64) {
    this.buf = new Float64Array(capacity * STRIDE);
  }

  /** A new slot's offset. */
  alloc(): number {
    const off = this.used;
    this.used += STRIDE;
    if (this.used > this.buf.length) {
      const b = new Float64Array(Math.max(this.buf.length * 2, this.used));
      b.set(this.buf);
      this.buf = b;
    }
    return off;
  }
}

const NO_IMAGES: ReadonlyMap<string, ImageState> = new Map<string, ImageState>();

/**
 * Topology label values, interned per key to small integers for the life of the process (they
 * are node label values: hostnames, zones; few, and stable). Plugins that count pods per topology
 * domain index arrays with them instead of building maps of strings every cycle.
 */
const topologyValueIds = new Map<string, Map<string, number>>();

/** The interned id of a topology value (allocated on first sight). */
export function topologyValueId(key: string, value: string): number {
  let m = topologyValueIds.get(key);
  if (!m) topologyValueIds.set(key, (m = new Map()));
  let id = m.get(value);
  if (id === undefined) m.set(value, (id = m.size));
  return id;
}

/** How many values of a key have been interned (an upper bound for the ids). */
export const topologyValueCount = (key: string): number => topologyValueIds.get(key)?.size ?? 0;

let generationCounter = 0;

let imageStatesCounter = 0;
/**
 * Changes whenever the cluster-wide image states change (an image's node set grows or shrinks):
 * ImageLocality's memo of a node's score is only valid for the version it was computed at.
 */
export const imageStatesVersion = (): number => imageStatesCounter;
export const bumpImageStatesVersion = (): void => {
  imageStatesCounter++;
};
/** A cluster-wide increasing generation (framework.nextGeneration). */
export const nextGeneration = (): number => ++generationCounter;

export class NodeInfo {
  node: Node | null;
  pods: PodInfo[];
  podsWithAffinity: PodInfo[];
  podsWithRequiredAntiAffinity: PodInfo[];
  usedPorts: HostPortInfo;
  requested: Resource;
  /** Requested cpu and memory with the non-zero defaults (what scoring sees). */
  nonZeroRequested: Resource;
  allocatable: Resource;
  private _imageStates: ReadonlyMap<string, ImageState>;
  /** imageStates.size > 0, flat: ImageLocality reads it for every node. */
  hasImages: boolean;
  /**
   * ImageLocality's memo: its score of this node for the key it last computed (the pod's images,
   * the node count, imageStatesVersion); '' when none. Reset whenever imageStates is replaced.
   */
  localityKey = '';
  localityScore = 0;
  generation: number;
  /** node.metadata.labels ({} without), node.spec.taints, node.spec.unschedulable: read per node per cycle. */
  labels: Record<string, string>;
  /** topologyId's memo: keys looked up on this node's labels and their value ids (-1: no label). */
  private topoKeys: string[];
  private topoIds: number[];
  taints: readonly Taint[] | undefined;
  unschedulable: boolean;
  /**
   * Flat copies of the numbers Filter and Score read for every node (allocatable, requested,
   * non-zero requested cpu/memory, pod count), kept in sync by setNode, addPodInfo, removePod and
   * clone; the Resource objects stay the reference. The doubles live in a NodeNumbers buffer,
   * STRIDE per node: the cache gives all its nodes slots of one buffer in the order nodes arrive,
   * so a cycle's walk over the node list reads memory in order instead of chasing a boxed number
   * per field per node. The small integers are plain fields.
   */
  private readonly nums: NodeNumbers;
  private readonly off: number;
  allocPods: number;
  numPods: number;

  /** A NodeInfo without a node; `from` makes it a copy of another (clone). */
  constructor(
    readonly name: string,
    numbers?: NodeNumbers,
    from?: NodeInfo,
  ) {
    this.nums = numbers ?? new NodeNumbers(1);
    this.off = this.nums.alloc();
    if (from) {
      this.node = from.node;
      this.pods = from.pods.slice();
      this.podsWithAffinity = from.podsWithAffinity.slice();
      this.podsWithRequiredAntiAffinity = from.podsWithRequiredAntiAffinity.slice();
      this.usedPorts = from.usedPorts.size ? from.usedPorts.clone() : new HostPortInfo();
      this.requested = from.requested.clone();
      this.nonZeroRequested = from.nonZeroRequested.clone();
      this.allocatable = from.allocatable;
      this._imageStates = from._imageStates;
      this.hasImages = from.hasImages;
      this.generation = from.generation;
      this.labels = from.labels;
      this.topoKeys = from.topoKeys;
      this.topoIds = from.topoIds;
      this.taints = from.taints;
      this.unschedulable = from.unschedulable;
      this.allocPods = from.allocPods;
      this.numPods = from.numPods;
      this.nums.buf.set(from.nums.buf.subarray(from.off, from.off + STRIDE), this.off);
    } else {
      this.node = null;
      this.pods = [];
      this.podsWithAffinity = [];
      this.podsWithRequiredAntiAffinity = [];
      this.usedPorts = new HostPortInfo();
      this.requested = new Resource();
      this.nonZeroRequested = new Resource();
      this.allocatable = new Resource();
      this._imageStates = NO_IMAGES;
      this.hasImages = false;
      this.generation = nextGeneration();
      this.labels = EMPTY_LABELS;
      this.topoKeys = [];
      this.topoIds = [];
      this.taints = undefined;
      this.unschedulable = false;
      this.allocPods = 0;
      this.numPods = 0;
    }
  }

  get allocCPU(): number {
    return this.nums.buf[this.off + ALLOC_CPU]!;
  }
  get allocMem(): number {
    return this.nums.buf[this.off + ALLOC_MEM]!;
  }
  get allocEph(): number {
    return this.nums.buf[this.off + ALLOC_EPH]!;
  }
  get reqCPU(): number {
    return this.nums.buf[this.off + REQ_CPU]!;
  }
  get reqMem(): number {
    return this.nums.buf[this.off + REQ_MEM]!;
  }
  get reqEph(): number {
    return this.nums.buf[this.off + REQ_EPH]!;
  }
  get nzCPU(): number {
    return this.nums.buf[this.off + NZ_CPU]!;
  }
  get nzMem(): number {
    return this.nums.buf[this.off + NZ_MEM]!;
  }

  setNode(node: Node): void {
    this.node = node;
    this.labels = node.metadata?.labels ?? EMPTY_LABELS;
    this.topoKeys = [];
    this.topoIds = [];
    this.taints = node.spec?.taints;
    this.unschedulable = !!node.spec?.unschedulable;
    this.allocatable = new Resource();
    this.allocatable.addList(node.status?.allocatable as ResourceList | undefined);
    this.generation = nextGeneration();
    this.syncMirrors();
  }

  private syncMirrors(): void {
    const a = this.allocatable;
    const r = this.requested;
    const b = this.nums.buf;
    const o = this.off;
    b[o + ALLOC_CPU] = a.milliCPU;
    b[o + ALLOC_MEM] = a.memory;
    b[o + ALLOC_EPH] = a.ephemeralStorage;
    b[o + REQ_CPU] = r.milliCPU;
    b[o + REQ_MEM] = r.memory;
    b[o + REQ_EPH] = r.ephemeralStorage;
    b[o + NZ_CPU] = this.nonZeroRequested.milliCPU;
    b[o + NZ_MEM] = this.nonZeroRequested.memory;
    this.allocPods = a.allowedPodNumber;
    this.numPods = this.pods.length;
  }

  removeNode(): void {
    this.node = null;
    this.labels = EMPTY_LABELS;
    this.topoKeys = [];
    this.topoIds = [];
    this.taints = undefined;
    this.unschedulable = false;
    this.generation = nextGeneration();
  }

  /** The interned id of this node's value for a topology key, -1 when it has no such label. */
  topologyId(key: string): number {
    const keys = this.topoKeys;
    for (let i = 0; i < keys.length; i++) if (keys[i] === key) return this.topoIds[i]!;
    const v = this.labels[key];
    const id = v === undefined ? -1 : topologyValueId(key, v);
    // Shared with clones, whose labels are the same: a new entry is right for both.
    keys.push(key);
    this.topoIds.push(id);
    return id;
  }

  addPodInfo(pi: PodInfo): void {
    this.pods.push(pi);
    if (pi.withAffinity) this.podsWithAffinity.push(pi);
    if (pi.requiredAntiAffinityTerms.length) this.podsWithRequiredAntiAffinity.push(pi);
    this.update(pi, 1);
  }

  /** Remove a pod (by uid). Returns false when it was not on this node. */
  removePod(pod: Pod): boolean {
    const uid = pod.metadata?.uid ?? '';
    const i = this.pods.findIndex((p) => p.uid === uid);
    if (i < 0) return false;
    const pi = this.pods[i]!;
    this.pods.splice(i, 1);
    removeFrom(this.podsWithAffinity, uid);
    removeFrom(this.podsWithRequiredAntiAffinity, uid);
    this.update(pi, -1);
    return true;
  }

  private update(pi: PodInfo, sign: 1 | -1): void {
    this.requested.add(pi.requests, sign);
    const nz = pi.nonZeroRequests;
    this.nonZeroRequested.milliCPU += sign * nz.milliCPU;
    this.nonZeroRequested.memory += sign * nz.memory;
    for (const p of pi.hostPorts) {
      if (sign > 0) this.usedPorts.add(p);
      else this.usedPorts.remove(p);
    }
    this.generation = nextGeneration();
    this.syncMirrors();
  }

  /** The node's images with their cluster-wide state (replaced whole by the cache). */
  get imageStates(): ReadonlyMap<string, ImageState> {
    return this._imageStates;
  }

  set imageStates(m: ReadonlyMap<string, ImageState>) {
    this._imageStates = m;
    this.hasImages = m.size > 0;
    this.localityKey = '';
  }

  /** `NodeInfo.Snapshot()`: a copy whose pod lists and sums can be changed independently. */
  clone(): NodeInfo {
    return new NodeInfo(this.name, undefined, this);
  }
}

function removeFrom(list: PodInfo[], uid: string): void {
  const i = list.findIndex((p) => p.uid === uid);
  if (i >= 0) list.splice(i, 1);
}

/** labels.Everything(), re-exported for plugins that need a match-all selector. */
export const matchAll = everything;
