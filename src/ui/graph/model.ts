/**
 * From the mirror's objects to the graph's elements: which objects are drawn, inside what, and
 * which edges join them. Pure, so that tests (and `window.__breakfix`) read the same model the
 * canvas draws.
 *
 *  - Nodes are containers holding their Pods; Pods with no node sit in the "unscheduled" bucket.
 *  - Owner edges follow ownerReferences for any kind (Deployment → ReplicaSet → Pod, CronJob →
 *    Job → Pod, DaemonSet → Pod, and kinds added later).
 *  - Service → Pod edges come from EndpointSlices, or Endpoints, as kube-proxy would read them
 *    (ready solid, not ready dashed). Only when a Service has neither are its selector's matches
 *    drawn, dotted. A Service whose selector matches no Pod is marked broken.
 *  - ConfigMap / Secret / PVC → Pod edges where a Pod uses them.
 *  - The STATUS shown is the one the API server's printer computed (`kubectl get pods`); the
 *    model only sorts it into a colour.
 */
import type { KubeObject } from '../../api/types';
import type { WireObject } from '../../worker/protocol';

/** Colour classes. Pods: the STATUS column sorted into the issue's list of states. */
export type VisualState =
  | 'pending'
  | 'creating'
  | 'running'
  | 'ready'
  | 'error'
  | 'terminating'
  | 'completed'
  | 'cordoned'
  | 'missing'
  | 'neutral';

export interface GraphNode {
  id: string;
  kind: string;
  name: string;
  namespace?: string;
  /** What `kubectl get` shows: a Pod's STATUS, a Node's STATUS, a Deployment's READY … */
  status: string;
  state: VisualState;
  /** The compound this element sits in (a Node's uid, or the unscheduled bucket). */
  parent?: string;
  label: string;
  /** Layout: columns left of the nodes (1 = owns pods, 2 = owns owners …) or right of them (-1, -2). */
  column: number;
  broken?: boolean;
  /** The owner (by uid) drawn left of it, for aligning rows. */
  owner?: string;
  created: string;
}

export type EdgeKind =
  'owner' | 'endpoint' | 'endpoint-notready' | 'selector' | 'config' | 'volume' | 'backend' | 'scale';

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const UNSCHEDULED = 'bucket:unscheduled';

/** Namespaces of the cluster's own components (their ConfigMaps and Secrets stay hidden unless used). */
const SYSTEM_NAMESPACE = /^(kube-|local-path-storage$)/;

/** Kinds drawn even when nothing else refers to them. */
const SHOWN_KINDS = new Set([
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'CronJob',
  'ReplicationController',
  'Service',
  'Ingress',
  'HorizontalPodAutoscaler',
  'ConfigMap',
  'Secret',
  'PersistentVolumeClaim',
]);

/** How far left of the nodes a controller sits when it owns nothing yet. */
const DEFAULT_COLUMN: Record<string, number> = {
  ReplicaSet: 1,
  Job: 1,
  DaemonSet: 1,
  StatefulSet: 1,
  ReplicationController: 1,
  Deployment: 2,
  CronJob: 2,
  HorizontalPodAutoscaler: 3,
  Service: -1,
  Ingress: -2,
  ConfigMap: -3,
  Secret: -3,
  PersistentVolumeClaim: -3,
};

const POD_ERROR =
  /BackOff|Err|Error|OOMKilled|Invalid|Failed|Evicted|Unknown|NodeLost|CreateContainer|DeadlineExceeded|NodeAffinity|OutOf|Unschedulable/;

/** A Pod's STATUS (and READY) sorted into the colours of the graph. */
export function podState(status: string, ready: string, deleting: boolean): VisualState {
  if (deleting || status === 'Terminating') return 'terminating';
  if (status === 'Running') {
    const [a, b] = ready.split('/').map(Number);
    return b !== undefined && b > 0 && a === b ? 'ready' : 'running';
  }
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (POD_ERROR.test(status)) return 'error';
  if (status === 'Pending' || status === 'SchedulingGated') return 'pending';
  if (status === 'ContainerCreating' || status === 'PodInitializing' || status.startsWith('Init:'))
    return 'creating';
  return 'neutral';
}

function nodeState(status: string): VisualState {
  if (status.includes('SchedulingDisabled')) return 'cordoned';
  if (status.startsWith('Ready')) return 'ready';
  if (status) return 'error';
  return 'neutral';
}

interface PodLike {
  spec?: {
    nodeName?: string;
    volumes?: {
      name: string;
      configMap?: { name?: string };
      secret?: { secretName?: string };
      persistentVolumeClaim?: { claimName?: string };
      projected?: { sources?: { configMap?: { name?: string }; secret?: { name?: string } }[] };
    }[];
    containers?: ContainerLike[];
    initContainers?: ContainerLike[];
    imagePullSecrets?: { name?: string }[];
  };
  status?: { phase?: string };
}
interface ContainerLike {
  env?: { valueFrom?: { configMapKeyRef?: { name?: string }; secretKeyRef?: { name?: string } } }[];
  envFrom?: { configMapRef?: { name?: string }; secretRef?: { name?: string } }[];
}

/** The ConfigMaps, Secrets and PVCs a Pod uses, as `Kind/name`. */
export function podReferences(pod: KubeObject): string[] {
  const p = pod as KubeObject & PodLike;
  const refs = new Set<string>();
  for (const v of p.spec?.volumes ?? []) {
    if (v.configMap?.name) refs.add(`ConfigMap/${v.configMap.name}`);
    if (v.secret?.secretName) refs.add(`Secret/${v.secret.secretName}`);
    if (v.persistentVolumeClaim?.claimName)
      refs.add(`PersistentVolumeClaim/${v.persistentVolumeClaim.claimName}`);
    // The service-account token volume every Pod gets projects kube-root-ca.crt: not the learner's.
    if (v.projected && !v.name.startsWith('kube-api-access-')) {
      for (const src of v.projected.sources ?? []) {
        if (src.configMap?.name) refs.add(`ConfigMap/${src.configMap.name}`);
        if (src.secret?.name) refs.add(`Secret/${src.secret.name}`);
      }
    }
  }
  for (const c of [...(p.spec?.containers ?? []), ...(p.spec?.initContainers ?? [])]) {
    for (const e of c.env ?? []) {
      if (e.valueFrom?.configMapKeyRef?.name) refs.add(`ConfigMap/${e.valueFrom.configMapKeyRef.name}`);
      if (e.valueFrom?.secretKeyRef?.name) refs.add(`Secret/${e.valueFrom.secretKeyRef.name}`);
    }
    for (const e of c.envFrom ?? []) {
      if (e.configMapRef?.name) refs.add(`ConfigMap/${e.configMapRef.name}`);
      if (e.secretRef?.name) refs.add(`Secret/${e.secretRef.name}`);
    }
  }
  for (const s of p.spec?.imagePullSecrets ?? []) if (s.name) refs.add(`Secret/${s.name}`);
  return [...refs];
}

function selectorMatches(
  selector: Record<string, string>,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

const nsKey = (ns: string | undefined, kind: string, name: string | undefined) =>
  `${ns ?? ''}/${kind}/${name ?? ''}`;

export interface ModelOptions {
  /** Show only this namespace (cluster-scoped objects always); null = all. */
  namespace: string | null;
  /** Translated label of the unscheduled bucket. */
  unscheduledLabel?: string;
}

/** Kinds that never take part in the picture; most of a busy cluster's objects are Events. */
const NEVER_DRAWN = new Set(['Event', 'Lease']);

export function buildGraph(objects: Iterable<WireObject>, opts: ModelOptions): GraphModel {
  const all: WireObject[] = [];
  for (const w of objects) if (!NEVER_DRAWN.has(w.object.kind)) all.push(w);
  const inNs = (o: KubeObject) =>
    opts.namespace === null || !o.metadata.namespace || o.metadata.namespace === opts.namespace;
  const byUid = new Map<string, WireObject>();
  const byName = new Map<string, WireObject>();
  for (const w of all) {
    byUid.set(w.object.metadata.uid!, w);
    byName.set(nsKey(w.object.metadata.namespace, w.object.kind, w.object.metadata.name), w);
  }

  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const addEdge = (source: string, target: string, kind: EdgeKind) => {
    const id = `${kind}:${source}->${target}`;
    edges.set(id, { id, source, target, kind });
  };
  const base = (w: WireObject, column: number): GraphNode => {
    const o = w.object;
    return {
      id: o.metadata.uid!,
      kind: o.kind,
      name: o.metadata.name ?? '',
      ...(o.metadata.namespace ? { namespace: o.metadata.namespace } : {}),
      status: '',
      state: 'neutral',
      label: o.metadata.name ?? '',
      column,
      created: o.metadata.creationTimestamp ?? '',
    };
  };

  // Nodes (always shown) and the bucket.
  const nodeByName = new Map<string, string>();
  for (const w of all) {
    if (w.object.kind !== 'Node') continue;
    const status = w.cells?.Status ?? '';
    const n = { ...base(w, 0), status, state: nodeState(status), label: w.object.metadata.name ?? '' };
    nodes.set(n.id, n);
    nodeByName.set(n.name, n.id);
  }
  nodes.set(UNSCHEDULED, {
    id: UNSCHEDULED,
    kind: 'Bucket',
    name: 'unscheduled',
    status: '',
    state: 'neutral',
    label: opts.unscheduledLabel ?? 'Unscheduled',
    column: 0,
    created: '',
  });

  // Pods.
  const pods: WireObject[] = [];
  for (const w of all) {
    if (w.object.kind !== 'Pod' || !inNs(w.object)) continue;
    pods.push(w);
    const spec = (w.object as PodLike).spec;
    const status = w.cells?.Status ?? (w.object as PodLike).status?.phase ?? '';
    let parent = UNSCHEDULED;
    if (spec?.nodeName) {
      parent = nodeByName.get(spec.nodeName) ?? `node:${spec.nodeName}`;
      if (!nodes.has(parent))
        nodes.set(parent, {
          id: parent,
          kind: 'Node',
          name: spec.nodeName,
          status: 'NotFound',
          state: 'missing',
          label: spec.nodeName,
          column: 0,
          created: '',
        });
    }
    const ready = w.cells?.Ready ?? '';
    const n: GraphNode = {
      ...base(w, 0),
      status,
      state: podState(status, ready, !!w.object.metadata.deletionTimestamp),
      parent,
      label: `${w.object.metadata.name}\n${status}${ready ? `  ${ready}` : ''}`,
    };
    nodes.set(n.id, n);
  }

  // Which ConfigMaps/Secrets/PVCs the shown pods use.
  const used = new Map<string, string[]>();
  for (const p of pods) {
    for (const ref of podReferences(p.object)) {
      const [kind, name] = ref.split('/') as [string, string];
      const target = byName.get(nsKey(p.object.metadata.namespace, kind, name));
      if (!target) continue;
      const uid = target.object.metadata.uid!;
      push(used, uid, p.object.metadata.uid!);
    }
  }

  const podOwners = new Set<string>();
  for (const p of pods) for (const r of p.object.metadata.ownerReferences ?? []) podOwners.add(r.uid);

  // Other shown kinds.
  for (const w of all) {
    const o = w.object;
    if (!SHOWN_KINDS.has(o.kind) || !inNs(o)) continue;
    const uid = o.metadata.uid!;
    if (o.kind === 'ConfigMap' || o.kind === 'Secret') {
      const secretType = (o as { type?: string }).type;
      const system =
        SYSTEM_NAMESPACE.test(o.metadata.namespace ?? '') ||
        o.metadata.name === 'kube-root-ca.crt' ||
        secretType === 'kubernetes.io/service-account-token';
      if (system && !used.has(uid)) continue;
    }
    if (o.kind === 'ReplicaSet') {
      // Old ReplicaSets scaled to zero stay in the API (revision history) but not in the picture.
      const spec = (o as { spec?: { replicas?: number } }).spec;
      const st = (o as { status?: { replicas?: number } }).status;
      if ((spec?.replicas ?? 1) === 0 && (st?.replicas ?? 0) === 0 && !podOwners.has(uid)) continue;
    }
    const n = base(w, DEFAULT_COLUMN[o.kind] ?? 1);
    const desired = w.cells?.Desired;
    const ready =
      desired !== undefined && w.cells?.Ready !== undefined ? `${w.cells.Ready}/${desired}` : w.cells?.Ready;
    if (ready !== undefined && ready.includes('/')) {
      const [a, b] = ready.split('/').map(Number);
      n.status = ready;
      n.state = a === b ? 'ready' : 'creating';
      n.label = `${n.name}\n${ready}`;
    } else if (o.kind === 'Service') {
      n.status = w.cells?.Type ?? '';
      n.label = `${n.name}\n${n.status}`;
    } else if (o.kind === 'Job') {
      n.status = w.cells?.Status ?? w.cells?.Completions ?? '';
      n.state = n.status === 'Complete' ? 'completed' : n.status === 'Failed' ? 'error' : 'creating';
      n.label = `${n.name}\n${n.status}`;
    } else if (o.kind === 'CronJob') {
      n.status = w.cells?.Schedule ?? '';
      n.label = `${n.name}\n${n.status}`;
    } else if (o.kind === 'PersistentVolumeClaim') {
      n.status = w.cells?.Status ?? '';
      n.state = n.status === 'Bound' ? 'ready' : 'pending';
      n.label = `${n.name}\n${n.status}`;
    }
    nodes.set(uid, n);
  }

  // Owners: any kind that owns a drawn object is drawn too (kinds added later show up this way).
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of [...nodes.values()]) {
      const w = byUid.get(n.id);
      for (const ref of w?.object.metadata.ownerReferences ?? []) {
        const owner = byUid.get(ref.uid);
        if (!owner || owner.object.kind === 'Node') continue;
        if (!nodes.has(ref.uid)) {
          nodes.set(ref.uid, base(owner, DEFAULT_COLUMN[owner.object.kind] ?? 1));
          grew = true;
        }
        addEdge(ref.uid, n.id, 'owner');
        if (ref.controller) n.owner = ref.uid;
      }
    }
  }
  // A controller sits one column left of what it owns.
  const owned = new Map<string, string[]>();
  for (const e of edges.values()) if (e.kind === 'owner') push(owned, e.source, e.target);
  const columnOf = (id: string, seen = new Set<string>()): number => {
    const n = nodes.get(id)!;
    if (n.kind === 'Pod' || n.column <= 0 || seen.has(id)) return n.column;
    seen.add(id);
    let col = n.column;
    for (const target of owned.get(id) ?? []) col = Math.max(col, columnOf(target, seen) + 1);
    return col;
  };
  for (const n of nodes.values()) if (n.column > 0) n.column = columnOf(n.id);

  // Services → Pods.
  const slices = new Map<string, WireObject[]>();
  for (const w of all) {
    if (w.object.kind !== 'EndpointSlice') continue;
    const svc = w.object.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = nsKey(w.object.metadata.namespace, 'Service', svc);
    push(slices, key, w);
  }
  const podId = (ns: string | undefined, ref: { kind?: string; name?: string; uid?: string } | undefined) => {
    if (!ref || (ref.kind && ref.kind !== 'Pod')) return undefined;
    const id = ref.uid ?? byName.get(nsKey(ns, 'Pod', ref.name))?.object.metadata.uid;
    return id && nodes.has(id) ? id : undefined;
  };
  const podsByNs = new Map<string, WireObject[]>();
  for (const w of all)
    if (w.object.kind === 'Pod') {
      const ns = w.object.metadata.namespace ?? '';
      push(podsByNs, ns, w);
    }
  for (const n of nodes.values()) {
    if (n.kind !== 'Service') continue;
    const svc = byUid.get(n.id)!.object as KubeObject & { spec?: { selector?: Record<string, string> } };
    const key = nsKey(n.namespace, 'Service', n.name);
    const selector = svc.spec?.selector ?? {};
    const matching = (podsByNs.get(n.namespace ?? '') ?? []).filter((w) =>
      selectorMatches(selector, w.object.metadata.labels),
    );
    if (Object.keys(selector).length > 0 && matching.length === 0) {
      n.broken = true;
      n.state = 'error';
    }
    const eps = byName.get(nsKey(n.namespace, 'Endpoints', n.name))?.object as
      | (KubeObject & {
          subsets?: {
            addresses?: { targetRef?: { kind?: string; name?: string; uid?: string } }[];
            notReadyAddresses?: { targetRef?: { kind?: string; name?: string; uid?: string } }[];
          }[];
        })
      | undefined;
    const svcSlices = slices.get(key);
    if (svcSlices?.length) {
      for (const s of svcSlices) {
        const list = (
          s.object as KubeObject & {
            endpoints?: {
              conditions?: { ready?: boolean };
              targetRef?: { kind?: string; name?: string; uid?: string };
            }[];
          }
        ).endpoints;
        for (const ep of list ?? []) {
          const id = podId(n.namespace, ep.targetRef);
          if (id) addEdge(n.id, id, ep.conditions?.ready === false ? 'endpoint-notready' : 'endpoint');
        }
      }
    } else if (eps) {
      for (const sub of eps.subsets ?? []) {
        for (const a of sub.addresses ?? []) {
          const id = podId(n.namespace, a.targetRef);
          if (id) addEdge(n.id, id, 'endpoint');
        }
        for (const a of sub.notReadyAddresses ?? []) {
          const id = podId(n.namespace, a.targetRef);
          if (id) addEdge(n.id, id, 'endpoint-notready');
        }
      }
    } else {
      for (const p of matching)
        if (nodes.has(p.object.metadata.uid!)) addEdge(n.id, p.object.metadata.uid!, 'selector');
    }
  }

  // ConfigMaps / Secrets / PVCs → Pods.
  for (const [uid, podUids] of used) {
    if (!nodes.has(uid)) continue;
    const kind = nodes.get(uid)!.kind;
    for (const p of podUids) addEdge(uid, p, kind === 'PersistentVolumeClaim' ? 'volume' : 'config');
  }

  // Ingress → Service, HPA → its target.
  for (const n of nodes.values()) {
    const o = byUid.get(n.id)?.object as
      | (KubeObject & {
          spec?: {
            rules?: { http?: { paths?: { backend?: { service?: { name?: string } } }[] } }[];
            defaultBackend?: { service?: { name?: string } };
            scaleTargetRef?: { kind?: string; name?: string };
          };
        })
      | undefined;
    if (!o) continue;
    if (n.kind === 'Ingress') {
      const names = new Set<string>();
      if (o.spec?.defaultBackend?.service?.name) names.add(o.spec.defaultBackend.service.name);
      for (const r of o.spec?.rules ?? [])
        for (const p of r.http?.paths ?? []) if (p.backend?.service?.name) names.add(p.backend.service.name);
      for (const name of names) {
        const svc = byName.get(nsKey(n.namespace, 'Service', name));
        if (svc && nodes.has(svc.object.metadata.uid!)) addEdge(n.id, svc.object.metadata.uid!, 'backend');
      }
    }
    if (n.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind) {
      const t = byName.get(nsKey(n.namespace, o.spec.scaleTargetRef.kind, o.spec.scaleTargetRef.name));
      if (t && nodes.has(t.object.metadata.uid!)) addEdge(n.id, t.object.metadata.uid!, 'scale');
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}
