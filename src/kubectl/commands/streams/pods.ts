/**
 * Shared by logs, exec, attach, run and debug: finding the pod behind `TYPE/NAME`
 * (polymorphichelpers.AttachablePodForObject), choosing the default container
 * (podcmd.FindOrDefaultContainerByName) and reading a pod stream to its end.
 */
import type { ApiRequest } from '../../../api/client';
import type { KubeObject, Status, WatchEvent } from '../../../api/types';
import { KubectlError, StatusError, statusErrorFromResponse } from '../../errors';
import type { Mapping } from '../../discovery';
import type { Invocation } from '../../registry';

export interface ContainerSpec {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  stdin?: boolean;
  tty?: boolean;
}

export interface PodSpecLike {
  nodeName?: string;
  containers?: ContainerSpec[];
  initContainers?: ContainerSpec[];
  ephemeralContainers?: ContainerSpec[];
}

interface PodStatusLike {
  phase?: string;
  conditions?: { type: string; status: string; lastTransitionTime?: string }[];
  containerStatuses?: { name: string; restartCount?: number }[];
}

export const podSpec = (pod: KubeObject): PodSpecLike => (pod.spec ?? {}) as PodSpecLike;
export const podStatus = (pod: KubeObject): PodStatusLike => (pod.status ?? {}) as PodStatusLike;

export function resourcePath(m: Mapping, namespace: string, name?: string): string {
  const base = m.group === '' ? `/api/${m.version}` : `/apis/${m.group}/${m.version}`;
  const ns = m.namespaced ? `/namespaces/${namespace}` : '';
  return `${base}${ns}/${m.name}${name === undefined ? '' : `/${name}`}`;
}

export const podPath = (namespace: string, name: string): string =>
  `/api/v1/namespaces/${namespace}/pods/${name}`;

/** GET a pod; a 404 becomes the server's `pods "x" not found` error. */
export async function getPod(inv: Invocation, namespace: string, name: string): Promise<KubeObject> {
  return (await inv.kube.rest().requestOK({ method: 'GET', path: podPath(namespace, name) }))
    .body as KubeObject;
}

const isReady = (p: KubeObject) =>
  (podStatus(p).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: KubeObject) =>
  (podStatus(p).conditions ?? []).find((c) => c.type === 'Ready')?.lastTransitionTime ?? '';
const maxRestarts = (p: KubeObject) =>
  Math.max(0, ...(podStatus(p).containerStatuses ?? []).map((c) => c.restartCount ?? 0));

/** controller.ActivePods.Less: true if `a` is "less active" than `b`. */
function lessActive(a: KubeObject, b: KubeObject): boolean {
  const na = podSpec(a).nodeName ?? '';
  const nb = podSpec(b).nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const rank: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const ra = rank[podStatus(a).phase ?? ''] ?? 0;
  const rb = rank[podStatus(b).phase ?? ''] ?? 0;
  if (ra !== rb) return ra < rb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return readyTime(a) > readyTime(b);
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = a.metadata.creationTimestamp ?? '';
  const cb = b.metadata.creationTimestamp ?? '';
  if (ca !== cb) return ca > cb;
  return false;
}

/** sort.Reverse(ActivePods): the most active pod first. */
export function sortMostActive(pods: KubeObject[]): KubeObject[] {
  return [...pods].sort((a, b) => (lessActive(b, a) ? -1 : lessActive(a, b) ? 1 : 0));
}

/** The label selector of a workload or service, as `k=v,…` (SelectorsForObject). */
export function selectorOf(obj: KubeObject): string {
  const spec = (obj.spec ?? {}) as {
    selector?: Record<string, unknown> & {
      matchLabels?: Record<string, string>;
      matchExpressions?: { key: string; operator: string; values?: string[] }[];
    };
  };
  const sel = spec.selector ?? {};
  if (obj.kind === 'Service' || obj.kind === 'ReplicationController')
    return Object.entries(sel as Record<string, string>)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
  const parts = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of sel.matchExpressions ?? []) {
    const vals = (e.values ?? []).join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${vals})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${vals})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

const SELECTOR_KINDS = new Set([
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'Service',
]);

export interface ObjectPods {
  /** The named object (the pod itself for `pod/x` and bare names). */
  object: KubeObject;
  pod?: KubeObject;
  /** How many pods the selector matched (GetFirstPod's numPods). */
  numPods: number;
}

/**
 * `POD` or `TYPE/NAME` → the object and the pod kubectl would use
 * (AttachablePodForObject → GetFirstPod: the most active pod of the selector).
 * `onNotFound` lets a verb word the missing object its own way (logs does).
 */
export async function podForObject(
  inv: Invocation,
  arg: string,
  namespace: string,
  onNotFound?: (resource: string, name: string) => Error,
): Promise<ObjectPods> {
  const slash = arg.indexOf('/');
  const type = slash < 0 ? 'pods' : arg.slice(0, slash);
  const name = slash < 0 ? arg : arg.slice(slash + 1);
  if (name === '')
    throw new KubectlError(`arguments in resource/name form must have a single resource and name`);
  const mapping = await inv.kube.mapper().mappingFor(type);
  const rest = inv.kube.rest();
  const res = await rest.request({ method: 'GET', path: resourcePath(mapping, namespace, name) });
  if (res.status === 404 && onNotFound) {
    const resource = mapping.group === '' ? mapping.name : `${mapping.name}.${mapping.group}`;
    throw onNotFound(resource, name);
  }
  if (res.status >= 300) throw rest.statusError(res);
  const object = res.body as KubeObject;
  if (mapping.kind === 'Pod') return { object, pod: object, numPods: 1 };
  if (!SELECTOR_KINDS.has(mapping.kind))
    throw new KubectlError(`cannot attach to ${objectKindString(object)}: not implemented`);
  const selector = selectorOf(object);
  const list = (
    await rest.requestOK({
      method: 'GET',
      path: `/api/v1/namespaces/${namespace}/pods`,
      query: { labelSelector: selector },
    })
  ).body as { items: KubeObject[] };
  const pods = sortMostActive(list.items);
  return { object, pod: pods[0], numPods: pods.length };
}

function objectKindString(obj: KubeObject): string {
  return `*${obj.apiVersion?.includes('/') ? obj.apiVersion.split('/')[0] : 'v1'}.${obj.kind}`;
}

/** podcmd.AllContainerNames. */
export function allContainerNames(pod: KubeObject): string {
  const s = podSpec(pod);
  return [
    ...(s.containers ?? []).map((c) => c.name),
    ...(s.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(s.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** podcmd.FindOrDefaultContainerByName (returns the name). */
export function findOrDefaultContainer(
  pod: KubeObject,
  name: string,
  quiet: boolean,
  warn: (text: string) => void,
): string {
  const s = podSpec(pod);
  const all = [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])];
  if (name !== '') {
    if (!all.some((c) => c.name === name))
      throw new KubectlError(`container ${name} not found in pod ${pod.metadata.name}`);
    return name;
  }
  const containers = s.containers ?? [];
  if (containers.length === 0)
    throw new KubectlError(`pod ${pod.metadata.namespace}/${pod.metadata.name} does not have any containers`);
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (annotated && all.some((c) => c.name === annotated)) return annotated;
  const first = containers[0]!.name;
  if (
    !quiet &&
    (containers.length > 1 || (s.initContainers ?? []).length > 0 || (s.ephemeralContainers ?? []).length > 0)
  )
    warn(`Defaulted container ${JSON.stringify(first)} out of: ${allContainerNames(pod)}\n`);
  return first;
}

export interface StreamHandlers {
  onSession?: (id: string) => void;
  onChunk: (stream: 'stdout' | 'stderr', data: string) => void;
}

export interface OpenStream {
  /** The session id for stdin (exec/attach), once known. */
  session(): string | undefined;
  /** Resolves with the end Status, or undefined when stopped by the signal. */
  done: Promise<Status | undefined>;
  stop(): void;
}

/**
 * Open a pod stream (`log`, `exec`, `attach`) on the client's watch channel; throws the
 * server's Status (as a StatusError) when the stream is refused.
 */
export async function openPodStream(
  inv: Invocation,
  req: ApiRequest,
  handlers: StreamHandlers,
  signal: AbortSignal,
): Promise<OpenStream> {
  let session: string | undefined;
  let resolve!: (s: Status | undefined) => void;
  const done = new Promise<Status | undefined>((r) => (resolve = r));
  const onEvent = (ev: WatchEvent) => {
    const obj = ev.object as KubeObject & { stream?: string; data?: string; status?: Status };
    if (obj.kind === 'StreamSession') {
      session = obj.metadata.name;
      handlers.onSession?.(session ?? '');
    } else if (obj.kind === 'StreamChunk') {
      handlers.onChunk(obj.stream === 'stderr' ? 'stderr' : 'stdout', obj.data ?? '');
    } else if (obj.kind === 'StreamEnd') {
      resolve(obj.status);
    } else if (ev.type === 'ERROR') {
      resolve(ev.object as unknown as Status);
    }
  };
  const handle = await inv.kube.rest().watch(req, onEvent);
  const abort = () => {
    handle.stop();
    resolve(undefined);
  };
  if (signal.aborted) abort();
  else signal.addEventListener('abort', abort, { once: true });
  void done.then(() => signal.removeEventListener('abort', abort));
  return { session: () => session, done, stop: () => handle.stop() };
}

/** A failed stream end Status as the error kubectl prints. */
export function streamEndError(s: Status): Error {
  return statusErrorFromResponse(s.code ?? 500, s);
}

export { StatusError };
