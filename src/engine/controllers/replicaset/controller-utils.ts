/**
 * The pieces of pkg/controller/controller_utils.go that the workload controllers share: how a
 * controller creates and deletes pods (PodControl, with its events), slow-start batching, the
 * order in which surplus pods are chosen for deletion, the sort orders of ReplicaSets, and an
 * index of pods by their controller.
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { ReplicaSet } from 'kubernetes-types/apps/v1';
import type { KubeObject, OwnerReference } from '../../../api/types';
import { nameIsDNSSubdomain } from '../../../apimachinery/validation';
import type { EventRecorder } from '../../events';
import {
  errorMessage,
  hasStatusCause,
  isNotFound,
  NAMESPACE_TERMINATING_CAUSE,
  type RestClient,
} from '../framework/client';
import type { SharedInformer } from '../framework/informer';
import { metaNamespaceKey, parseTime } from '../framework/objects';
import { PODS } from '../framework/resources';
import type { Selector } from '../../../apimachinery/labels';
import {
  creationTime,
  factsOf,
  getControllerOf,
  isPodActive,
  isPodReady,
  maxContainerRestarts,
  podReadyTime,
  type PodObject,
} from './podutil';
import { selectorMatches } from './selectors';
import { cloneJson } from '../../api/objects';

/** SlowStartInitialBatchSize: the first batch of pod creations has one pod. */
export const SLOW_START_INITIAL_BATCH_SIZE = 1;

/** Event reasons of PodControl (and of the ReplicaFailure condition). */
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';

/**
 * slowStartBatch calls `fn` `count` times in batches of 1, 2, 4, 8 …, stopping after the first
 * batch with a failure. A ReplicaSet that cannot create pods (a quota is full, the namespace is
 * terminating) thus makes one failing request, not five hundred, and emits one FailedCreate event.
 * Returns the number of successful calls and the first error.
 */
export function slowStartBatch(
  count: number,
  initialBatchSize: number,
  fn: () => void,
): { successes: number; error?: unknown } {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    let firstError: unknown;
    let failed = 0;
    // Go runs a batch concurrently; here its calls run one after another, all of them.
    for (let i = 0; i < batch; i++) {
      try {
        fn();
      } catch (err) {
        failed++;
        if (firstError === undefined) firstError = err;
      }
    }
    successes += batch - failed;
    if (failed > 0) return { successes, error: firstError };
    remaining -= batch;
  }
  return { successes };
}

/** getPodsPrefix: `<controller>-`, unless that is not a valid generateName. */
function podsPrefix(controllerName: string): string {
  const prefix = `${controllerName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : controllerName;
}

/**
 * GetPodFromTemplate: a pod as a controller creates it — the template's labels, annotations,
 * finalizers and spec, `generateName: <owner>-` (the API server appends 5 random characters),
 * and the controller's ownerReference.
 */
export function getPodFromTemplate(
  template: PodTemplateSpec,
  parent: KubeObject,
  controllerRef: OwnerReference | undefined,
): PodObject {
  const metadata: PodObject['metadata'] = { generateName: podsPrefix(parent.metadata.name ?? '') };
  const tm = template.metadata ?? {};
  if (tm.labels) metadata.labels = { ...tm.labels };
  if (tm.annotations) metadata.annotations = { ...tm.annotations };
  if (tm.finalizers) metadata.finalizers = [...tm.finalizers];
  if (controllerRef) metadata.ownerReferences = [{ ...controllerRef }];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec: cloneJson(template.spec) } as PodObject;
}

/**
 * RealPodControl: creates, deletes and patches pods through the API and records what it did as
 * events on the owner (`SuccessfulCreate  Created pod: web-7d4b9c8f5-x2k9p`).
 */
export class PodControl {
  constructor(
    private readonly rest: RestClient,
    private readonly recorder: EventRecorder,
  ) {}

  createPods(
    namespace: string,
    template: PodTemplateSpec,
    owner: KubeObject,
    controllerRef: OwnerReference,
  ): PodObject {
    return this.createPodsWithGenerateName(namespace, template, owner, controllerRef, '');
  }

  createPodsWithGenerateName(
    namespace: string,
    template: PodTemplateSpec,
    owner: KubeObject,
    controllerRef: OwnerReference,
    generateName: string,
  ): PodObject {
    const pod = getPodFromTemplate(template, owner, controllerRef);
    if (generateName) pod.metadata.generateName = generateName;
    if (Object.keys(pod.metadata.labels ?? {}).length === 0)
      throw new Error('unable to create pods, no labels');
    let created: PodObject;
    try {
      created = this.rest.create<PodObject>(PODS, namespace, pod);
    } catch (err) {
      // only send an event if the namespace isn't terminating
      if (!hasStatusCause(err, NAMESPACE_TERMINATING_CAUSE))
        this.recorder.event(
          owner,
          'Warning',
          FAILED_CREATE_POD_REASON,
          `Error creating: ${errorMessage(err)}`,
        );
      throw err;
    }
    this.recorder.event(
      owner,
      'Normal',
      SUCCESSFUL_CREATE_POD_REASON,
      `Created pod: ${created.metadata.name}`,
    );
    return created;
  }

  deletePod(namespace: string, name: string, owner: KubeObject): void {
    try {
      this.rest.delete(PODS, namespace, name);
    } catch (err) {
      if (isNotFound(err)) throw err;
      this.recorder.event(owner, 'Warning', FAILED_DELETE_POD_REASON, `Error deleting: ${errorMessage(err)}`);
      throw new Error(`unable to delete pods: ${errorMessage(err)}`, { cause: err });
    }
    this.recorder.event(owner, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${name}`);
  }

  patchPod(namespace: string, name: string, patch: unknown): void {
    this.rest.patch(PODS, namespace, name, 'application/strategic-merge-patch+json', patch);
  }
}

// ---------------------------------------------------------------------------------------------
// Which pods go first: ActivePodsWithRanks
// ---------------------------------------------------------------------------------------------

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
const phaseOrdinal = (p: Pod): number => PHASE_ORDINAL[p.status?.phase ?? ''] ?? 0;

/** controller.PodDeletionCost annotation (pod-deletion-cost, beta and on since 1.22). */
const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';

function deletionCost(p: Pod): number {
  const v = p.metadata?.annotations?.[POD_DELETION_COST];
  if (v === undefined) return 0;
  const n = Number(v);
  return Number.isInteger(n) ? n : 0;
}

/** afterOrZero: a missing time sorts first, otherwise the later time does. */
function afterOrZero(t1: number, t2: number): boolean {
  if (Number.isNaN(t1) || Number.isNaN(t2)) return Number.isNaN(t1);
  return t1 > t2;
}

/**
 * logarithmicRankDiff (LogarithmicScaleDown, GA): compare how long ago two events happened on a
 * log2 scale of nanoseconds, so that pods of roughly the same age count as equally old and the
 * scale-down picks among them by UID (randomly, in effect) rather than always the newest.
 */
function logarithmicRankDiff(t1: number, t2: number, now: number): number {
  const d1 = (now - t1) * 1e6;
  const d2 = (now - t2) * 1e6;
  const r1 = d1 > 0 ? Math.floor(Math.log2(d1)) : -1;
  const r2 = d2 > 0 ? Math.floor(Math.log2(d2)) : -1;
  return r1 - r2;
}

/** compareMaxContainerRestarts: more restarts sort first. */
function compareMaxContainerRestarts(pi: Pod, pj: Pod): boolean | undefined {
  const a = maxContainerRestarts(pi);
  const b = maxContainerRestarts(pj);
  if (a.regular !== b.regular) return a.regular > b.regular;
  if (a.sidecar !== b.sidecar) return a.sidecar > b.sidecar;
  return undefined;
}

/**
 * ActivePodsWithRanks.Less: whether pod i should be deleted before pod j when a ReplicaSet
 * scales down. In order:
 *   1. not yet scheduled before scheduled;
 *   2. Pending before Unknown before Running;
 *   3. not ready before ready;
 *   4. lower pod-deletion-cost annotation first;
 *   5. pods doubled up on a node with more of their siblings (higher rank) first;
 *   6. ready for a shorter time first (log scale);
 *   7. more container restarts first;
 *   8. newer first (log scale), the UID breaking ties.
 */
export function podDeletionLess(pi: Pod, pj: Pod, ri: number, rj: number, now: number): boolean {
  const ni = pi.spec?.nodeName ?? '';
  const nj = pj.spec?.nodeName ?? '';
  if (ni !== nj && (ni === '' || nj === '')) return ni === '';
  const oi = phaseOrdinal(pi);
  const oj = phaseOrdinal(pj);
  if (oi !== oj) return oi < oj;
  const readyI = isPodReady(pi);
  const readyJ = isPodReady(pj);
  if (readyI !== readyJ) return !readyI;
  const ci = deletionCost(pi);
  const cj = deletionCost(pj);
  if (ci !== cj) return ci < cj;
  if (ri !== rj) return ri > rj;
  if (readyI && readyJ) {
    const t1 = podReadyTime(pi);
    const t2 = podReadyTime(pj);
    if (t1 !== t2 && !(Number.isNaN(t1) && Number.isNaN(t2))) {
      if (Number.isNaN(t1) || Number.isNaN(t2)) return afterOrZero(t1, t2);
      const diff = logarithmicRankDiff(t1, t2, now);
      if (diff === 0) return (pi.metadata?.uid ?? '') < (pj.metadata?.uid ?? '');
      return diff < 0;
    }
  }
  const restarts = compareMaxContainerRestarts(pi, pj);
  if (restarts !== undefined) return restarts;
  const c1 = creationTime(pi);
  const c2 = creationTime(pj);
  if (c1 !== c2 && !(Number.isNaN(c1) && Number.isNaN(c2))) {
    if (Number.isNaN(c1) || Number.isNaN(c2)) return afterOrZero(c1, c2);
    const diff = logarithmicRankDiff(c1, c2, now);
    if (diff === 0) return (pi.metadata?.uid ?? '') < (pj.metadata?.uid ?? '');
    return diff < 0;
  }
  return false;
}

/** sort.Sort(ActivePodsWithRanks{...}): the pods in deletion order (stable, for determinism). */
export function sortPodsForDeletion<T extends Pod>(pods: T[], ranks: number[], now: number): T[] {
  const idx = pods.map((_, i) => i);
  idx.sort(deletionOrder(pods, ranks, now));
  return idx.map((i) => pods[i]!);
}

/** The comparator of sortPodsForDeletion over indices; equal pods keep their order (stable). */
function deletionOrder(pods: readonly Pod[], ranks: readonly number[], now: number) {
  return (a: number, b: number): number => {
    if (podDeletionLess(pods[a]!, pods[b]!, ranks[a]!, ranks[b]!, now)) return -1;
    if (podDeletionLess(pods[b]!, pods[a]!, ranks[b]!, ranks[a]!, now)) return 1;
    return a - b;
  };
}

/**
 * sortPodsForDeletion(pods, ranks, now).slice(0, n), without sorting all the pods: a scale-down
 * by 1 of a ReplicaSet of 10,000 pods looks at each pod once instead of sorting them all. The
 * n first pods are kept in a max-heap (by deletion order, then position), then sorted.
 */
export function firstPodsForDeletion<T extends Pod>(pods: T[], ranks: number[], now: number, n: number): T[] {
  if (n <= 0) return [];
  if (n >= pods.length) return sortPodsForDeletion(pods, ranks, now);
  const cmp = deletionOrder(pods, ranks, now);
  const heap: number[] = []; // max-heap of indices: heap[0] is the last of the n kept so far
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (cmp(heap[i]!, heap[parent]!) <= 0) return;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && cmp(heap[l]!, heap[top]!) > 0) top = l;
      if (r < heap.length && cmp(heap[r]!, heap[top]!) > 0) top = r;
      if (top === i) return;
      [heap[i], heap[top]] = [heap[top]!, heap[i]!];
      i = top;
    }
  };
  for (let i = 0; i < pods.length; i++) {
    if (heap.length < n) {
      heap.push(i);
      up(heap.length - 1);
    } else if (cmp(i, heap[0]!) < 0) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort(cmp).map((i) => pods[i]!);
}

/**
 * controller.ActivePods.Less (the older ordering the Job controller uses): unscheduled first,
 * then Pending < Unknown < Running, not ready < ready, ready for less time first, more restarts
 * first, newer first.
 */
export function activePodsLess(pi: Pod, pj: Pod): boolean {
  const ni = pi.spec?.nodeName ?? '';
  const nj = pj.spec?.nodeName ?? '';
  if (ni !== nj && (ni === '' || nj === '')) return ni === '';
  const oi = phaseOrdinal(pi);
  const oj = phaseOrdinal(pj);
  if (oi !== oj) return oi < oj;
  const readyI = isPodReady(pi);
  const readyJ = isPodReady(pj);
  if (readyI !== readyJ) return !readyI;
  if (readyI && readyJ) {
    const t1 = podReadyTime(pi);
    const t2 = podReadyTime(pj);
    if (t1 !== t2) return afterOrZero(t1, t2);
  }
  const restarts = compareMaxContainerRestarts(pi, pj);
  if (restarts !== undefined) return restarts;
  const c1 = creationTime(pi);
  const c2 = creationTime(pj);
  if (c1 !== c2) return afterOrZero(c1, c2);
  return false;
}

export function sortActivePods<T extends Pod>(pods: T[]): T[] {
  return [...pods].sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// ReplicaSet orders
// ---------------------------------------------------------------------------------------------

type RS = ReplicaSet & KubeObject;

const created = (rs: RS): number => parseTime(rs.metadata.creationTimestamp);
const replicasOf = (rs: RS): number => rs.spec?.replicas ?? 1;

/** ReplicaSetsByCreationTimestamp: oldest first, then by name. */
export function rsByCreationTimestampLess(a: RS, b: RS): boolean {
  const ca = created(a);
  const cb = created(b);
  if (ca === cb) return (a.metadata.name ?? '') < (b.metadata.name ?? '');
  return ca < cb;
}

const comparator =
  <T>(less: (a: T, b: T) => boolean) =>
  (a: T, b: T): number =>
    less(a, b) ? -1 : less(b, a) ? 1 : 0;

export const sortRSByCreationTimestamp = (rss: RS[]): RS[] => rss.sort(comparator(rsByCreationTimestampLess));

/** ReplicaSetsBySizeOlder: larger first; among equal sizes, older first (scale down the old ones). */
export const sortRSBySizeOlder = (rss: RS[]): RS[] =>
  rss.sort(
    comparator((a: RS, b: RS) =>
      replicasOf(a) === replicasOf(b) ? rsByCreationTimestampLess(a, b) : replicasOf(a) > replicasOf(b),
    ),
  );

/** ReplicaSetsBySizeNewer: larger first; among equal sizes, newer first (scale up the new ones). */
export const sortRSBySizeNewer = (rss: RS[]): RS[] =>
  rss.sort(
    comparator((a: RS, b: RS) =>
      replicasOf(a) === replicasOf(b) ? rsByCreationTimestampLess(b, a) : replicasOf(a) > replicasOf(b),
    ),
  );

/** FilterActiveReplicaSets: the ReplicaSets that want pods (spec.replicas > 0). */
export function filterActiveReplicaSets(rss: readonly (RS | undefined)[]): RS[] {
  return rss.filter((rs): rs is RS => !!rs && replicasOf(rs) > 0);
}

// ---------------------------------------------------------------------------------------------
// Pods by controller (AddPodControllerUIDIndexer / FilterPodsByOwner)
// ---------------------------------------------------------------------------------------------

/** The index key of pods without a controller in a namespace (OrphanPodIndexKeyForNamespace). */
const orphanKey = (namespace: string): string => `_ORPHAN_POD/${namespace}`;

function ownerIndexKey(pod: Pod): string {
  const ref = getControllerOf(pod as { metadata?: { ownerReferences?: OwnerReference[] } });
  return ref ? ref.uid : orphanKey(pod.metadata?.namespace ?? '');
}

/**
 * The pod informer's "controllerUID" index, which the ReplicaSet and Job controllers use to find
 * the pods of one owner (plus the orphans of its namespace, candidates for adoption) without
 * scanning every pod. Kept up to date from the informer's events; iteration order is the order
 * in which pods appeared, which is deterministic in the simulation.
 */
export class PodOwnerIndex {
  private readonly byKey = new Map<string, Map<string, PodObject>>();
  private readonly keyOf = new Map<string, string>();
  /** Per owner bucket: counts kept for each (selector, template selector) pair asked for. */
  private readonly counts = new Map<string, Map<Selector, Map<Selector, OwnedPodCounts>>>();

  constructor(informer: SharedInformer<PodObject>) {
    const remove = (key: string): void => {
      const old = this.keyOf.get(key);
      if (old === undefined) return;
      const m = this.byKey.get(old);
      const pod = m?.get(key);
      if (pod) this.count(old, pod, -1);
      m?.delete(key);
      if (m && m.size === 0) {
        this.byKey.delete(old);
        this.counts.delete(old);
      }
      this.keyOf.delete(key);
    };
    const put = (pod: PodObject): void => {
      const key = metaNamespaceKey(pod);
      const idx = ownerIndexKey(pod);
      const oldIdx = this.keyOf.get(key);
      if (oldIdx !== undefined && oldIdx !== idx) remove(key);
      else if (oldIdx !== undefined) {
        // Same owner: replace in place (keeping the pod's position), minus its old counts.
        const prev = this.byKey.get(idx)?.get(key);
        if (prev) this.count(idx, prev, -1);
      }
      let m = this.byKey.get(idx);
      if (!m) this.byKey.set(idx, (m = new Map()));
      m.set(key, pod);
      this.keyOf.set(key, idx);
      this.count(idx, pod, +1);
    };
    informer.addEventHandler({
      add: put,
      update: (_old, pod) => put(pod),
      delete: (pod) => remove(metaNamespaceKey(pod)),
    });
  }

  /** FilterPodsByOwner: the pods controlled by `ownerUID`, and optionally the namespace's orphans. */
  podsByOwner(namespace: string, ownerUID: string, includeOrphans: boolean): PodObject[] {
    const out: PodObject[] = [];
    for (const p of this.byKey.get(ownerUID)?.values() ?? [])
      if (p.metadata.namespace === namespace) out.push(p);
    if (includeOrphans) for (const p of this.byKey.get(orphanKey(namespace))?.values() ?? []) out.push(p);
    return out;
  }

  /** The namespace's pods without a controller. */
  orphans(namespace: string): Iterable<PodObject> {
    return this.byKey.get(orphanKey(namespace))?.values() ?? [];
  }

  /**
   * Counts over the active pods controlled by `ownerUID` (which is unique cluster-wide), kept up
   * to date on every pod event once asked for: what syncReplicaSet would count by looking at each
   * pod, without looking at each pod. The first call counts; later ones are O(1).
   */
  ownedPodCounts(ownerUID: string, selector: Selector, template: Selector): OwnedPodCounts {
    let bySelector = this.counts.get(ownerUID);
    if (!bySelector) this.counts.set(ownerUID, (bySelector = new Map()));
    let byTemplate = bySelector.get(selector);
    if (!byTemplate) bySelector.set(selector, (byTemplate = new Map()));
    let c = byTemplate.get(template);
    if (!c) {
      c = { matching: 0, notMatching: 0, fullyLabeled: 0, ready: 0, byNode: new Map() };
      for (const pod of this.byKey.get(ownerUID)?.values() ?? []) addCounts(c, pod, selector, template, +1);
      byTemplate.set(template, c);
    }
    return c;
  }

  private count(idx: string, pod: PodObject, sign: 1 | -1): void {
    const bySelector = this.counts.get(idx);
    if (!bySelector) return;
    for (const [selector, byTemplate] of bySelector)
      for (const [template, c] of byTemplate) addCounts(c, pod, selector, template, sign);
  }
}

/** What ownedPodCounts counts: active pods by selector match, and of the matching ones how many are fully labeled and ready. */
export interface OwnedPodCounts {
  /** Active pods the selector matches: the pods a sync claims (if no orphan is adopted). */
  matching: number;
  /** Active pods the selector no longer matches: a sync releases them. */
  notMatching: number;
  /** Of `matching`, those the template's labels match too (status.fullyLabeledReplicas). */
  fullyLabeled: number;
  /** Of `matching`, those that are ready (status.readyReplicas). */
  ready: number;
  /** `matching` by node (spec.nodeName, '' while unscheduled): the scale-down ranking's input. */
  byNode: Map<string, number>;
}

function addCounts(
  c: OwnedPodCounts,
  pod: PodObject,
  selector: Selector,
  template: Selector,
  sign: 1 | -1,
): void {
  if (!isPodActive(pod)) return;
  const facts = factsOf(pod);
  if (!selectorMatches(selector, pod, facts)) {
    c.notMatching += sign;
    return;
  }
  c.matching += sign;
  const node = pod.spec?.nodeName ?? '';
  const onNode = (c.byNode.get(node) ?? 0) + sign;
  if (onNode === 0) c.byNode.delete(node);
  else c.byNode.set(node, onNode);
  if (selectorMatches(template, pod, facts)) c.fullyLabeled += sign;
  if (facts.ready) c.ready += sign;
}

/** PodKey: `namespace/name`, the key deletion expectations are tracked by. */
export const podKey = (pod: Pod): string => `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;

export { isPodActive };
