/**
 * The kubelet's volume manager, for the volume types a kind cluster's pods use: ConfigMap,
 * Secret, downwardAPI, projected (the service account token volume `kube-api-access-…`),
 * emptyDir and hostPath. It also writes the files the kubelet bind-mounts into every container
 * (/etc/hosts, /etc/hostname, /etc/resolv.conf, /dev/termination-log).
 *
 * ConfigMap/Secret/downwardAPI/projected contents are laid out by the AtomicWriter, as on a real
 * node: a timestamped directory, a `..data` link to it, and one link per key —
 *   ..2026_01_01_00_02_05.093145812/  ..data -> ..2026_…  myconfig.txt -> ..data/myconfig.txt
 * so an update replaces everything at once (after the pod's next periodic sync, about a minute).
 * These volumes are read-only. A missing source fails the mount:
 *   Warning FailedMount  MountVolume.SetUp failed for volume "config" : configmap "x" not found
 * retried with back-off (0.5 s doubling to 2m2s); the pod stays ContainerCreating and starts by
 * itself once the source appears.
 */
import type { Pod, Volume, VolumeProjection } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import type { Rand } from '../../rand';
import { dir, type DirNode, type FileNode, type FsNode, type Mount, type MountSource } from '../runtime/fs';
import { hostPathNode } from '../nodefs';
import { VOLUME_RETRY_INITIAL_MS, VOLUME_RETRY_MAX_MS } from '../config';
import type { EnvContext, ObjectSource } from './envvars';
import { resourceFieldValue } from './envvars';

/** A volume as mounted for a pod: its current tree. */
export interface MountedVolume {
  name: string;
  root: FsNode;
  /** Refreshable sources re-render their files on each sync. */
  refresh?: () => void | string;
  readOnly: boolean;
  device: string;
}

interface PodVolumes {
  mounted: Map<string, MountedVolume>;
  failures: Map<string, { nextRetry: number; backoff: number; message: string }>;
  /** Files the kubelet manages per pod. */
  hosts: FileNode;
  hostname: FileNode;
  resolv: FileNode;
  terminationLogs: Map<string, FileNode>;
  /** First sync that waited for volumes (the 2m3s WaitForAttachAndMount timeout). */
  waitingSince?: number;
}

function atomicDir(now: number, rand: Rand): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  const ns = String(Math.floor(rand.next() * 1e9)).padStart(9, '0');
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${ns}`;
}

/** Render key→content files into an AtomicWriter directory (in place, so mounts see the update). */
function writeAtomic(
  root: DirNode,
  files: Map<string, { data: string; mode: number }>,
  now: number,
  rand: Rand,
): boolean {
  const dataLink = root.children.get('..data');
  const current = dataLink?.kind === 'link' ? root.children.get(dataLink.target) : undefined;
  if (current?.kind === 'dir') {
    const same =
      files.size === countFiles(current) &&
      [...files].every(([p, f]) => readPath(current, p)?.data === f.data);
    if (same) return false;
  }
  const ts = atomicDir(now, rand);
  const tsDir = dir(now);
  for (const [path, f] of files) {
    const parts = path.split('/').filter(Boolean);
    let cur = tsDir;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = cur.children.get(parts[i]!);
      if (!next || next.kind !== 'dir') {
        next = dir(now);
        cur.children.set(parts[i]!, next);
      }
      cur = next;
    }
    cur.children.set(parts[parts.length - 1]!, { kind: 'file', data: f.data, mode: f.mode, mtime: now });
  }
  const oldTs = dataLink?.kind === 'link' ? dataLink.target : undefined;
  root.children.set(ts, tsDir);
  root.children.set('..data', { kind: 'link', target: ts, mtime: now });
  const tops = new Set([...files.keys()].map((p) => p.split('/')[0]!));
  for (const name of [...root.children.keys()])
    if (!name.startsWith('..') && !tops.has(name)) root.children.delete(name);
  for (const top of tops)
    if (!root.children.has(top))
      root.children.set(top, { kind: 'link', target: `..data/${top}`, mtime: now });
  if (oldTs) root.children.delete(oldTs);
  root.mtime = now;
  return true;
}

function countFiles(d: DirNode): number {
  let n = 0;
  for (const c of d.children.values()) n += c.kind === 'dir' ? countFiles(c) : 1;
  return n;
}

function readPath(d: DirNode, path: string): FileNode | undefined {
  let cur: FsNode | undefined = d;
  for (const part of path.split('/').filter(Boolean)) {
    if (!cur || cur.kind !== 'dir') return undefined;
    cur = cur.children.get(part);
  }
  return cur?.kind === 'file' ? cur : undefined;
}

const decode = (b64: string): string => {
  try {
    return atob(b64);
  } catch {
    return '';
  }
};

export interface VolumeHost {
  now(): number;
  rand: Rand;
  source: ObjectSource;
  /** The node's root filesystem, where hostPath volumes point (src/engine/kubelet/nodefs.ts). */
  hostRoot: DirNode;
  /** Downward API values need the pod's IPs and the node's allocatable. */
  envContext(pod: Pod): EnvContext;
  /** A deterministic service account token for the pod. */
  token(pod: Pod, audience: string): string;
  failedMount(pod: Pod, message: string): void;
  /** A retried mount succeeded: sync the pod again. */
  retrySucceeded(pod: Pod): void;
  setTimer(fn: () => void, ms: number): void;
}

export class VolumeManager {
  private readonly pods = new Map<string, PodVolumes>();

  constructor(private readonly host: VolumeHost) {}

  /**
   * Mount everything the pod needs (WaitForAttachAndMount). Returns the names of the volumes
   * that could not be mounted (empty: ready).
   */
  ensureMounted(pod: Pod, podIP: string, hostNetworkHosts: string | undefined): string[] {
    const uid = pod.metadata!.uid!;
    let pv = this.pods.get(uid);
    const now = this.host.now();
    if (!pv) {
      pv = {
        mounted: new Map(),
        failures: new Map(),
        hosts: { kind: 'file', data: '', mode: 0o644, mtime: now },
        hostname: {
          kind: 'file',
          data: `${pod.spec?.hostname ?? pod.metadata!.name}\n`,
          mode: 0o644,
          mtime: now,
        },
        resolv: { kind: 'file', data: '', mode: 0o644, mtime: now },
        terminationLogs: new Map(),
      };
      this.pods.set(uid, pv);
    }
    pv.hosts.data = hostNetworkHosts ?? managedHosts(pod, podIP);
    pv.resolv.data = resolvConf(pod);
    const unmounted: string[] = [];
    for (const v of pod.spec?.volumes ?? []) {
      if (pv.mounted.has(v.name)) continue;
      const f = pv.failures.get(v.name);
      if (f && f.nextRetry > now) {
        unmounted.push(v.name);
        continue;
      }
      const r = this.mount(pod, v);
      if (typeof r === 'string') {
        const backoff = f ? Math.min(f.backoff * 2, VOLUME_RETRY_MAX_MS) : VOLUME_RETRY_INITIAL_MS;
        pv.failures.set(v.name, { nextRetry: now + backoff, backoff, message: r });
        this.host.failedMount(pod, `MountVolume.SetUp failed for volume ${JSON.stringify(v.name)} : ${r}`);
        this.host.setTimer(() => this.retry(pod, v.name), backoff);
        unmounted.push(v.name);
        continue;
      }
      pv.failures.delete(v.name);
      pv.mounted.set(v.name, r);
    }
    if (unmounted.length === 0) pv.waitingSince = undefined;
    else pv.waitingSince ??= now;
    return unmounted;
  }

  /** How long the pod has waited for its volumes (ms), if it waits. */
  waitingFor(uid: string): number | undefined {
    const s = this.pods.get(uid)?.waitingSince;
    return s === undefined ? undefined : this.host.now() - s;
  }

  resetWait(uid: string): void {
    const pv = this.pods.get(uid);
    if (pv) pv.waitingSince = this.host.now();
  }

  private retry(pod: Pod, name: string): void {
    const pv = this.pods.get(pod.metadata!.uid!);
    if (!pv || pv.mounted.has(name)) return;
    const v = (pod.spec?.volumes ?? []).find((x) => x.name === name);
    if (!v) return;
    const f = pv.failures.get(name);
    if (f && f.nextRetry > this.host.now()) return;
    const r = this.mount(pod, v);
    if (typeof r === 'string') {
      const backoff = Math.min((f?.backoff ?? VOLUME_RETRY_INITIAL_MS) * 2, VOLUME_RETRY_MAX_MS);
      pv.failures.set(name, { nextRetry: this.host.now() + backoff, backoff, message: r });
      this.host.failedMount(pod, `MountVolume.SetUp failed for volume ${JSON.stringify(name)} : ${r}`);
      this.host.setTimer(() => this.retry(pod, name), backoff);
      return;
    }
    pv.failures.delete(name);
    pv.mounted.set(name, r);
    this.host.retrySucceeded(pod);
  }

  /** Re-render ConfigMap/Secret/downward API volumes (the periodic pod sync). */
  refresh(pod: Pod): void {
    const pv = this.pods.get(pod.metadata!.uid!);
    if (!pv) return;
    for (const m of pv.mounted.values()) m.refresh?.();
  }

  hasRefreshableVolumes(pod: Pod): boolean {
    return (pod.spec?.volumes ?? []).some(
      (v) =>
        v.configMap || v.secret || v.downwardAPI || (v.projected && !v.name.startsWith('kube-api-access-')),
    );
  }

  /** The mounts of one container: its volumeMounts plus the kubelet's files. */
  mountsFor(
    pod: Pod,
    containerName: string,
    volumeMounts: { name: string; mountPath: string; readOnly?: boolean; subPath?: string }[],
    terminationMessagePath: string,
  ): Mount[] {
    const pv = this.pods.get(pod.metadata!.uid!)!;
    const mounts: Mount[] = [];
    const file = (node: FileNode, device = '/dev/vda1'): MountSource => ({ root: () => node, device });
    mounts.push({ path: '/etc/hosts', source: file(pv.hosts), readOnly: false });
    mounts.push({ path: '/etc/hostname', source: file(pv.hostname), readOnly: false });
    mounts.push({ path: '/etc/resolv.conf', source: file(pv.resolv), readOnly: false });
    let tl = pv.terminationLogs.get(containerName);
    if (!tl) {
      tl = { kind: 'file', data: '', mode: 0o666, mtime: this.host.now() };
      pv.terminationLogs.set(containerName, tl);
    }
    mounts.push({
      path: terminationMessagePath || '/dev/termination-log',
      source: file(tl),
      readOnly: false,
    });
    for (const vm of volumeMounts) {
      const v = pv.mounted.get(vm.name);
      if (!v) continue;
      // A subPath is bind-mounted once, when the container starts: it pins the file it resolved
      // to, which is why ConfigMap/Secret updates never reach subPath mounts (as in Kubernetes).
      const pinned = vm.subPath ? resolveSubPath(v.root, vm.subPath, this.host.now()) : undefined;
      const root = pinned ? () => pinned : () => v.root;
      mounts.push({
        path: vm.mountPath,
        source: { root, device: v.device },
        readOnly: v.readOnly || !!vm.readOnly,
      });
    }
    return mounts;
  }

  teardown(uid: string): void {
    this.pods.delete(uid);
  }

  // ---- volume plugins ----------------------------------------------------------------------------

  private mount(pod: Pod, v: Volume): MountedVolume | string {
    const ns = pod.metadata!.namespace ?? 'default';
    const now = () => this.host.now();
    const src = this.host.source;
    const rand = this.host.rand;
    const atomic = (
      name: string,
      render: () => Map<string, { data: string; mode: number }> | string,
    ): MountedVolume | string => {
      const files = render();
      if (typeof files === 'string') return files;
      const root = dir(now(), 0o1777);
      writeAtomic(root, files, now(), rand);
      return {
        name,
        root,
        readOnly: true,
        device: 'tmpfs',
        refresh: () => {
          const next = render();
          if (typeof next === 'string') return next;
          writeAtomic(root, next, now(), rand);
        },
      };
    };
    if (v.configMap) {
      const cmName = v.configMap.name ?? '';
      return atomic(v.name, () =>
        renderKeys(
          src.configMap(ns, cmName),
          'configmap',
          cmName,
          v.configMap!.items,
          v.configMap!.defaultMode ?? 420,
          v.configMap!.optional ?? false,
          false,
        ),
      );
    }
    if (v.secret) {
      const sName = v.secret.secretName ?? '';
      return atomic(v.name, () =>
        renderKeys(
          src.secret(ns, sName),
          'secret',
          sName,
          v.secret!.items,
          v.secret!.defaultMode ?? 420,
          v.secret!.optional ?? false,
          true,
        ),
      );
    }
    if (v.downwardAPI) {
      return atomic(v.name, () => {
        const files = new Map<string, { data: string; mode: number }>();
        const ctx = this.host.envContext(pod);
        for (const item of v.downwardAPI!.items ?? []) {
          const data = item.fieldRef
            ? downwardField(pod, item.fieldRef.fieldPath)
            : item.resourceFieldRef
              ? resourceFieldValue(item.resourceFieldRef as never, ctx)
              : '';
          files.set(item.path, { data, mode: item.mode ?? v.downwardAPI!.defaultMode ?? 420 });
        }
        return files;
      });
    }
    if (v.projected) {
      return atomic(v.name, () => {
        const files = new Map<string, { data: string; mode: number }>();
        const mode = v.projected!.defaultMode ?? 420;
        for (const s of (v.projected!.sources ?? []) as VolumeProjection[]) {
          if (s.serviceAccountToken)
            files.set(s.serviceAccountToken.path, {
              data: this.host.token(pod, s.serviceAccountToken.audience ?? ''),
              mode: 0o600 & mode ? mode : 420,
            });
          else if (s.configMap) {
            const r = renderKeys(
              src.configMap(ns, s.configMap.name ?? ''),
              'configmap',
              s.configMap.name ?? '',
              s.configMap.items,
              mode,
              s.configMap.optional ?? false,
              false,
            );
            if (typeof r === 'string') return r;
            for (const [k, f] of r) files.set(k, f);
          } else if (s.secret) {
            const r = renderKeys(
              src.secret(ns, s.secret.name ?? ''),
              'secret',
              s.secret.name ?? '',
              s.secret.items,
              mode,
              s.secret.optional ?? false,
              true,
            );
            if (typeof r === 'string') return r;
            for (const [k, f] of r) files.set(k, f);
          } else if (s.downwardAPI) {
            for (const item of s.downwardAPI.items ?? [])
              if (item.fieldRef)
                files.set(item.path, { data: downwardField(pod, item.fieldRef.fieldPath), mode });
          }
        }
        return files;
      });
    }
    if (v.emptyDir) {
      return {
        name: v.name,
        root: dir(now(), 0o777),
        readOnly: false,
        device: v.emptyDir.medium === 'Memory' ? 'tmpfs' : '/dev/vda1',
      };
    }
    if (v.hostPath) {
      const path = v.hostPath.path;
      const type = v.hostPath.type ?? '';
      // an unset type and the …OrCreate types make a missing path; the others check what is there
      const create =
        type === '' || type === 'DirectoryOrCreate' ? 'dir' : type === 'FileOrCreate' ? 'file' : undefined;
      const node = hostPathNode(this.host.hostRoot, path, create, now());
      const special = SPECIAL_HOST_PATH_TYPES.get(type);
      if (!node || special)
        return `hostPath type check failed: ${path} is not a ${special ?? (type === 'File' ? 'file' : 'directory')}`;
      if ((type === 'Directory' || type === 'DirectoryOrCreate') && node.kind !== 'dir')
        return `hostPath type check failed: ${path} is not a directory`;
      if ((type === 'File' || type === 'FileOrCreate') && node.kind !== 'file')
        return `hostPath type check failed: ${path} is not a file`;
      return { name: v.name, root: node, readOnly: false, device: '/dev/vda1' };
    }
    if (v.persistentVolumeClaim)
      return `persistentVolumeClaim volumes are not simulated in Breakfix yet (claim "${v.persistentVolumeClaim.claimName}")`;
    const kind = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
    return `${kind} volumes are not simulated in Breakfix`;
  }
}

/** hostPath types the simulated node never has (no sockets or device files): what the check says. */
const SPECIAL_HOST_PATH_TYPES = new Map([
  ['Socket', 'socket file'],
  ['CharDevice', 'character device'],
  ['BlockDevice', 'block device'],
]);

/**
 * The node a subPath names inside a volume, following the atomic writer's symlinks
 * (`key` → `..data/key`, `..data` → `..2026_01_01…`); missing directories are created, as the
 * kubelet does for subPaths of emptyDir and hostPath volumes.
 */
function resolveSubPath(root: FsNode, subPath: string, now: number): FsNode {
  const follow = (n: FsNode | undefined, depth = 0): FsNode | undefined => {
    if (n?.kind !== 'link' || root.kind !== 'dir' || depth > 8) return n;
    let cur: FsNode | undefined = root;
    for (const part of n.target.split('/').filter(Boolean))
      cur = cur?.kind === 'dir' ? follow(cur.children.get(part), depth + 1) : undefined;
    return cur;
  };
  let cur: FsNode = root;
  for (const part of subPath.split('/').filter(Boolean)) {
    if (cur.kind !== 'dir') break;
    let next = follow(cur.children.get(part));
    if (!next) {
      next = dir(now);
      cur.children.set(part, next);
    }
    cur = next;
  }
  return cur;
}

function renderKeys(
  obj: KubeObject | undefined,
  kind: 'configmap' | 'secret',
  name: string,
  items: { key: string; path: string; mode?: number }[] | undefined,
  defaultMode: number,
  optional: boolean,
  base64: boolean,
): Map<string, { data: string; mode: number }> | string {
  const files = new Map<string, { data: string; mode: number }>();
  if (!obj) {
    if (optional) return files;
    return `${kind} "${name}" not found`;
  }
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>))
    data[k] = base64 ? decode(v) : v;
  if (kind === 'configmap')
    for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>))
      data[k] = decode(v);
  if (items && items.length) {
    for (const it of items) {
      if (data[it.key] === undefined) {
        if (optional) continue;
        return `${kind} references non-existent ${kind === 'configmap' ? 'config' : 'secret'} key: ${it.key}`;
      }
      files.set(it.path, { data: data[it.key]!, mode: it.mode ?? defaultMode });
    }
    return files;
  }
  for (const [k, v] of Object.entries(data)) files.set(k, { data: v, mode: defaultMode });
  return files;
}

function downwardField(pod: Pod, path: string): string {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return (pod.metadata?.[m[1] as 'labels'] ?? {})[m[2]!] ?? '';
  switch (path) {
    case 'metadata.name':
      return pod.metadata?.name ?? '';
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata?.uid ?? '';
    case 'metadata.labels':
      return Object.entries(pod.metadata?.labels ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .sort()
        .join('\n');
    case 'metadata.annotations':
      return Object.entries(pod.metadata?.annotations ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .sort()
        .join('\n');
  }
  return '';
}

/** The kubelet-managed /etc/hosts of a pod (pod IP and hostname, plus hostAliases). */
export function managedHosts(pod: Pod, podIP: string): string {
  let out =
    '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
  const hostname = pod.spec?.hostname ?? pod.metadata?.name ?? '';
  const sub = pod.spec?.subdomain;
  const fqdn = sub
    ? `${hostname}.${sub}.${pod.metadata?.namespace}.svc.cluster.local\t${hostname}`
    : hostname;
  if (podIP) out += `${podIP}\t${fqdn}\n`;
  for (const a of pod.spec?.hostAliases ?? []) {
    out += `\n# Entries added by HostAliases.\n${a.ip}\t${(a.hostnames ?? []).join('\t')}\n`;
  }
  return out;
}

/** /etc/resolv.conf for dnsPolicy ClusterFirst (kind: nameserver 10.96.0.10). */
export function resolvConf(pod: Pod): string {
  const ns = pod.metadata?.namespace ?? 'default';
  const policy = pod.spec?.dnsPolicy ?? 'ClusterFirst';
  if (policy === 'Default' || (pod.spec?.hostNetwork && policy !== 'ClusterFirstWithHostNet'))
    return 'nameserver 172.18.0.1\noptions edns0 trust-ad ndots:0\n';
  if (policy === 'None') {
    const c = pod.spec?.dnsConfig;
    return `${c?.searches?.length ? `search ${c.searches.join(' ')}\n` : ''}${(c?.nameservers ?? []).map((n) => `nameserver ${n}\n`).join('')}${c?.options?.length ? `options ${c.options.map((o) => (o.value ? `${o.name}:${o.value}` : o.name)).join(' ')}\n` : ''}`;
  }
  return `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n`;
}

export type { PodVolumes };
