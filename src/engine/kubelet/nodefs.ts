/**
 * The node's own root filesystem: what a kind node container (the kindest/node image, Debian 12)
 * holds, reduced to the parts a learner looks at from `kubectl debug node/NAME`, which mounts
 * it at /host:
 *
 *   /etc/hostname, /etc/os-release           the node's name; Debian bookworm, as in kindest/node
 *   /etc/kubernetes/manifests/*.yaml          the static pod manifests kubeadm wrote (control plane)
 *   /var/lib/kubelet/config.yaml              the KubeletConfiguration kubeadm wrote
 *   /var/log/pods/<ns>_<pod>_<uid>/<c>/<n>.log   containerd's CRI log files, one per container run
 *   /var/log/containers/<pod>_<ns>_<c>-<id>.log  links to them, as the kubelet makes them
 *
 * Paths named by hostPath volumes live in the same tree (created on first use, as the container
 * runtime creates a missing hostPath directory), so what one pod writes to a hostPath another
 * sees under /host. Everything else of a real node (binaries, /proc, /sys, systemd, containerd's
 * state) is not simulated; `chroot /host` therefore has nothing to run.
 *
 * The log directories are kept in step with the container runtime whenever they are read, so they
 * list exactly the pods and container runs the node has now (the kubelet removes a pod's log
 * directory with the pod). The manifests and kubelet config are rendered once, the first time
 * they are read, from what kubeadm made of them: the mirror pods and the `kubelet-config`
 * ConfigMap.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { stringify as toYaml } from 'yaml';
import { dir, type DirNode, type FileNode, type FsNode } from './runtime/fs';
import type { ContainerRuntime } from './runtime/containerd';
import { formatLogTime, type LogEntry } from './runtime/logs';

/** /etc/os-release of kindest/node v1.32 (its base image is debian:bookworm-slim). */
export const KIND_NODE_OS_RELEASE = `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
NAME="Debian GNU/Linux"
VERSION_ID="12"
VERSION="12 (bookworm)"
VERSION_CODENAME=bookworm
ID=debian
HOME_URL="https://www.debian.org/"
SUPPORT_URL="https://www.debian.org/support"
BUG_REPORT_URL="https://bugs.debian.org/"
`;

export interface NodeFSSource {
  nodeName: string;
  now(): number;
  runtime: ContainerRuntime;
  /** The mirror pods of this node's static pods (annotation `kubernetes.io/config.source: file`). */
  mirrorPods(): Pod[];
  /** The KubeletConfiguration text kubeadm wrote (the `kubelet` key of kube-system/kubelet-config). */
  kubeletConfig(): string | undefined;
}

/** The top-level directories of a Debian root, empty here unless something below is simulated. */
const ROOT_DIRS = [
  'bin',
  'boot',
  'dev',
  'etc',
  'home',
  'kind',
  'lib',
  'media',
  'mnt',
  'opt',
  'proc',
  'root',
  'run',
  'sbin',
  'srv',
  'sys',
  'tmp',
  'usr',
  'var',
];

/** Build the node's root tree. */
export function nodeRootFS(src: NodeFSSource): DirNode {
  const t = src.now();
  const root = dir(t);
  for (const d of ROOT_DIRS) root.children.set(d, dir(t, d === 'tmp' ? 0o1777 : 0o755));
  const etc = root.children.get('etc') as DirNode;
  etc.children.set('hostname', file(`${src.nodeName}\n`, t));
  etc.children.set('os-release', file(KIND_NODE_OS_RELEASE, t));
  const kubernetes = mkdirs(root, '/etc/kubernetes', t);
  kubernetes.children.set(
    'manifests',
    liveDir(t, (children) => syncManifests(children, src)),
  );
  const kubeletDir = mkdirs(root, '/var/lib/kubelet', t);
  let config: FileNode | undefined;
  // read once, when first looked at: the file does not change afterwards
  const kubeletFiles = kubeletDir.children;
  Object.defineProperty(kubeletDir, 'children', {
    get(): Map<string, FsNode> {
      if (!config) {
        const text = src.kubeletConfig();
        if (text !== undefined) {
          config = file(text, t);
          kubeletFiles.set('config.yaml', config);
        }
      }
      return kubeletFiles;
    },
  });
  const log = mkdirs(root, '/var/log', t);
  log.children.set(
    'pods',
    liveDir(t, (children) => syncPodLogs(children, src)),
  );
  log.children.set(
    'containers',
    liveDir(t, (children) => syncContainerLinks(children, src)),
  );
  return root;
}

/**
 * The node at an absolute path of the tree, for a hostPath volume. A missing path is created when
 * `create` says what as (the runtime's mkdir -p for an unset type and DirectoryOrCreate, an empty
 * file for FileOrCreate); otherwise undefined.
 */
export function hostPathNode(
  root: DirNode,
  path: string,
  create: 'dir' | 'file' | undefined,
  now: number,
): FsNode | undefined {
  const parts = path.split('/').filter(Boolean);
  let cur: FsNode = root;
  for (let i = 0; i < parts.length; i++) {
    if (cur.kind !== 'dir') return undefined;
    let next = cur.children.get(parts[i]!);
    if (!next) {
      if (!create) return undefined;
      next = create === 'file' && i === parts.length - 1 ? file('', now) : dir(now);
      cur.children.set(parts[i]!, next);
    }
    cur = next;
  }
  return cur;
}

// ---- helpers ---------------------------------------------------------------------------------

const file = (data: string, mtime: number, mode = 0o644): FileNode => ({ kind: 'file', data, mode, mtime });

function mkdirs(root: DirNode, path: string, t: number): DirNode {
  return hostPathNode(root, path, 'dir', t) as DirNode;
}

/** A directory whose entries are brought up to date by `sync` each time they are read. */
function liveDir(mtime: number, sync: (children: Map<string, FsNode>) => void): DirNode {
  const children = new Map<string, FsNode>();
  const d = dir(mtime);
  Object.defineProperty(d, 'children', {
    get(): Map<string, FsNode> {
      sync(children);
      return children;
    },
  });
  return d;
}

/** Set `children` to exactly the entries of `want`, keeping the nodes of entries already there. */
function reconcile(children: Map<string, FsNode>, want: Map<string, () => FsNode>): void {
  for (const name of [...children.keys()]) if (!want.has(name)) children.delete(name);
  for (const [name, make] of want) if (!children.has(name)) children.set(name, make());
}

/** `<ns>_<pod>_<uid>`: the directory name of a pod's logs (kubelet's BuildPodLogsDirectory). */
const podLogDir = (namespace: string, name: string, uid: string) => `${namespace}_${name}_${uid}`;

/**
 * The UID the kubelet runs each pod under. A static pod's is the hash of its manifest (the
 * `kubernetes.io/config.hash` annotation), not the UID the API server gave its mirror pod.
 */
function runUIDs(src: NodeFSSource): (apiUID: string) => string {
  const hashes = new Map<string, string>();
  for (const p of src.mirrorPods()) {
    const hash = p.metadata?.annotations?.['kubernetes.io/config.hash'];
    if (p.metadata?.uid && hash) hashes.set(p.metadata.uid, hash);
  }
  return (uid) => hashes.get(uid) ?? uid;
}

/** A CRI log line: `<time> <stream> <F|P> <text>`. */
const criLine = (e: LogEntry) => `${formatLogTime(e)} ${e.stream} ${e.full ? 'F' : 'P'} ${e.text}\n`;

function syncPodLogs(children: Map<string, FsNode>, src: NodeFSSource): void {
  const rt = src.runtime;
  const runUID = runUIDs(src);
  const want = new Map<string, () => FsNode>();
  for (const sb of rt.sandboxes.values()) {
    const d = podLogDir(sb.namespace, sb.podName, runUID(sb.podUID));
    want.set(d, () => {
      const podDir = liveDir(sb.createdAt, (containers) => {
        const byName = new Map<string, () => FsNode>();
        for (const c of rt.containers.values()) {
          if (c.sandboxId !== sb.id || byName.has(c.name)) continue;
          byName.set(c.name, () =>
            liveDir(c.createdAt, (files) => {
              const runs = new Map<string, () => FsNode>();
              for (const run of rt.containers.values())
                if (run.sandboxId === sb.id && run.name === c.name)
                  runs.set(`${run.attempt}.log`, () => {
                    const f: FileNode = { kind: 'file', data: '', mode: 0o640, mtime: run.createdAt };
                    Object.defineProperty(f, 'data', {
                      get: () => run.log.entries.map(criLine).join(''),
                      enumerable: true,
                    });
                    return f;
                  });
              reconcile(files, runs);
            }),
          );
        }
        reconcile(containers, byName);
      });
      return podDir;
    });
  }
  reconcile(children, want);
}

function syncContainerLinks(children: Map<string, FsNode>, src: NodeFSSource): void {
  const rt = src.runtime;
  const runUID = runUIDs(src);
  const want = new Map<string, () => FsNode>();
  for (const c of rt.containers.values()) {
    const sb = rt.sandboxes.get(c.sandboxId);
    if (!sb) continue;
    const dir = podLogDir(sb.namespace, sb.podName, runUID(sb.podUID));
    const target = `/var/log/pods/${dir}/${c.name}/${c.attempt}.log`;
    want.set(`${sb.podName}_${sb.namespace}_${c.name}-${c.id}.log`, () => ({
      kind: 'link',
      target,
      mtime: c.createdAt,
    }));
  }
  reconcile(children, want);
}

/** kubeadm's static pod manifest of a mirror pod: what the kubelet read, before it filled in the rest. */
export function staticPodManifest(mirror: Pod, nodeName: string): string {
  const meta = mirror.metadata ?? {};
  const annotations = Object.fromEntries(
    Object.entries(meta.annotations ?? {}).filter(([k]) => !k.startsWith('kubernetes.io/config.')),
  );
  const spec = JSON.parse(JSON.stringify(mirror.spec ?? {})) as Record<string, unknown>;
  // the kubelet adds these to the mirror pod, and the API server's defaults the rest: kubeadm's
  // manifest has none of them
  for (const f of POD_DEFAULTS) delete spec[f];
  for (const c of (spec.containers ?? []) as Record<string, unknown>[]) {
    for (const f of CONTAINER_DEFAULTS) delete c[f];
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe'])
      if (c[probe]) delete (c[probe] as Record<string, unknown>).successThreshold;
  }
  const name = (meta.name ?? '').replace(new RegExp(`-${escapeRegExp(nodeName)}$`), '');
  const manifest = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...(Object.keys(annotations).length ? { annotations } : {}),
      creationTimestamp: null,
      labels: meta.labels,
      name,
      namespace: meta.namespace,
    },
    spec,
    status: {},
  };
  return toYaml(manifest, { sortMapEntries: true, indentSeq: false, lineWidth: 0 });
}

const POD_DEFAULTS = [
  'nodeName',
  'tolerations',
  'dnsPolicy',
  'enableServiceLinks',
  'preemptionPolicy',
  'restartPolicy',
  'schedulerName',
  'terminationGracePeriodSeconds',
];
const CONTAINER_DEFAULTS = ['terminationMessagePath', 'terminationMessagePolicy'];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function syncManifests(children: Map<string, FsNode>, src: NodeFSSource): void {
  // written once by kubeadm: keep what is there, add what appears
  for (const pod of src.mirrorPods()) {
    const component = pod.metadata?.labels?.component;
    if (!component || children.has(`${component}.yaml`)) continue;
    children.set(`${component}.yaml`, file(staticPodManifest(pod, src.nodeName), src.now(), 0o600));
  }
}
