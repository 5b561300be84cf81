/**
 * Helpers for the bootstrap objects: identifiers that look like the real ones (container IDs,
 * image IDs, template hashes), pod status as a kubelet reports a running pod, QoS class.
 */
import type { KubeObject } from '../../api/types';
import type { Rand } from '../rand';
import { NAME_ALPHABET } from '../rand';
import { rfc3339 } from '../controllers/framework/objects';

/** `n` random lowercase hex digits. */
export function randomHex(rand: Rand, n: number): string {
  let s = '';
  while (s.length < n) s += rand.nextUint32().toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** FNV-1a, 32 bit (hash/fnv New32a), over a string's UTF-16 code units. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * rand.SafeEncodeString(fmt.Sprint(hash)): how controllers turn a 32-bit template hash into the
 * `pod-template-hash` / `controller-revision-hash` label value (digits mapped onto the name
 * alphabet, e.g. `5d4f8b7c9`).
 */
export function safeEncode(n: number): string {
  return [...String(n)].map((c) => NAME_ALPHABET[c.charCodeAt(0) % NAME_ALPHABET.length]).join('');
}

/** A stable content digest for an image reference (`sha256:…`), the same in every cluster. */
export function imageDigest(image: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}:${image}`).toString(16).padStart(8, '0');
  return `sha256:${out.slice(0, 64)}`;
}

/** `containerd://` + 64 hex digits. */
export const containerId = (rand: Rand): string => `containerd://${randomHex(rand, 64)}`;

type Resources = { requests?: Record<string, string>; limits?: Record<string, string> };
interface ContainerSpec {
  name: string;
  image: string;
  resources?: Resources;
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean; recursiveReadOnly?: string }[];
}

/** v1.PodQOSClass of a pod spec (Guaranteed / Burstable / BestEffort, pkg/apis/core/helper/qos). */
export function qosClass(containers: ContainerSpec[]): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length > 0 || Object.keys(lim).length > 0) any = true;
    for (const r of ['cpu', 'memory']) {
      const l = lim[r];
      const q = req[r] ?? l;
      if (l === undefined || q !== l) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/** The image name as containerd reports it (`nginx` → `docker.io/library/nginx:latest`). */
export function normalizeImage(image: string): string {
  let ref = image;
  const firstSlash = ref.indexOf('/');
  const first = firstSlash < 0 ? '' : ref.slice(0, firstSlash);
  if (firstSlash < 0) ref = `docker.io/library/${ref}`;
  else if (!first.includes('.') && !first.includes(':') && first !== 'localhost') ref = `docker.io/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  if (!ref.slice(lastSlash).includes(':') && !ref.includes('@')) ref += ':latest';
  return ref;
}

export interface RunningPodTimes {
  /** When the pod was scheduled (or, for static pods, created). */
  scheduled: number;
  /** When the kubelet started working on it (status.startTime). */
  started: number;
  /** When the containers were running and ready. */
  ready: number;
}

/**
 * status of a running pod as the kubelet reports it: phase Running, every container running and
 * ready, conditions in the kubelet's order, IPs, QoS class. Built from the pod as the API server
 * stored it (so injected volumes show up in the containers' volumeMounts).
 */
export function runningPodStatus(
  pod: KubeObject,
  rand: Rand,
  hostIP: string,
  podIP: string,
  times: RunningPodTimes,
): Record<string, unknown> {
  const spec = pod.spec as { containers: ContainerSpec[] };
  const cond = (type: string, at: number) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: rfc3339(at),
  });
  return {
    phase: 'Running',
    conditions: [
      cond('PodReadyToStartContainers', times.started + 1000),
      cond('Initialized', times.started),
      cond('Ready', times.ready),
      cond('ContainersReady', times.ready),
      cond('PodScheduled', times.scheduled),
    ],
    hostIP,
    hostIPs: [{ ip: hostIP }],
    podIP,
    podIPs: [{ ip: podIP }],
    startTime: rfc3339(times.started),
    containerStatuses: spec.containers.map((c) => {
      const image = normalizeImage(c.image);
      // field order of v1.ContainerStatus, as the API server serialises it
      const status: Record<string, unknown> = {
        name: c.name,
        state: { running: { startedAt: rfc3339(times.started + 1000) } },
        lastState: {},
        ready: true,
        restartCount: 0,
        image,
        imageID: imageDigest(image),
        containerID: containerId(rand),
        started: true,
      };
      if (c.volumeMounts && c.volumeMounts.length > 0) {
        status.volumeMounts = c.volumeMounts.map((m) => {
          const vm: Record<string, unknown> = { name: m.name, mountPath: m.mountPath };
          if (m.readOnly) {
            vm.readOnly = true;
            vm.recursiveReadOnly = 'Disabled';
          }
          return vm;
        });
      }
      return status;
    }),
    qosClass: qosClass(spec.containers),
  };
}
