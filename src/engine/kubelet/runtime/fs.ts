/**
 * A container's filesystem (its mount namespace): the image's layers, a writable layer on top,
 * and the pod's volumes mounted over it (ConfigMaps, Secrets, emptyDir, the service account
 * token, /etc/hosts …).
 *
 * The image tree is shared by every container of that image and never changed; the container
 * copies it on its first write (copy-on-write of the whole, small, tree — the catalog's images
 * are tiny). Mounts are looked up by path prefix before the tree, so a volume update (the
 * kubelet swapping a ConfigMap's `..data` link) shows through at once. Read-only mounts refuse
 * writes with EROFS, as the real bind mounts do.
 */

export type FsNode = FileNode | DirNode | LinkNode;

export interface FileNode {
  kind: 'file';
  data: string;
  mode: number;
  mtime: number;
  uid?: number;
  gid?: number;
  /** An executable: the catalog program it runs (`busybox`, `nginx` …). */
  program?: string;
  /** Size on disk when it differs from the data (binaries). */
  size?: number;
}

export interface DirNode {
  kind: 'dir';
  children: Map<string, FsNode>;
  mode: number;
  mtime: number;
  uid?: number;
  gid?: number;
}

export interface LinkNode {
  kind: 'link';
  target: string;
  mtime: number;
}

export type FsError = 'ENOENT' | 'ENOTDIR' | 'EISDIR' | 'EROFS' | 'EEXIST' | 'ENOTEMPTY' | 'ELOOP' | 'EACCES';

/** strerror(errno) as libc prints it. */
export const FS_ERROR_TEXT: Record<FsError, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  EROFS: 'Read-only file system',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
  EACCES: 'Permission denied',
};

export const dir = (mtime = 0, mode = 0o755): DirNode => ({ kind: 'dir', children: new Map(), mode, mtime });

/** A mounted volume: a directory tree the kubelet keeps up to date (or a single file). */
export interface MountSource {
  /** The current root (re-read on every access: updates show through). */
  root(): FsNode;
  /** For `mount`/`df`: `tmpfs`, `/dev/vda1` … */
  readonly device: string;
}

export interface Mount {
  path: string;
  source: MountSource;
  readOnly: boolean;
}

export interface Stat {
  kind: 'file' | 'dir' | 'link';
  size: number;
  mode: number;
  mtime: number;
  uid: number;
  gid: number;
  target?: string;
  program?: string;
}

/** Normalise an absolute path: resolve `.`, `..`, duplicate slashes. */
export function normalizePath(path: string, cwd = '/'): string {
  const abs = path.startsWith('/') ? path : `${cwd.replace(/\/$/, '')}/${path}`;
  const out: string[] = [];
  for (const part of abs.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return '/' + out.join('/');
}

/** Build a directory tree from a flat description: `{ '/etc/os-release': '…', '/bin/sh': { link: 'busybox' } }`. */
export type TreeSpec = Record<
  string,
  | string
  | { dir: true; mode?: number }
  | { link: string }
  | { program: string; size?: number; mode?: number }
  | { data: string; mode?: number; uid?: number; gid?: number }
>;

export function buildTree(spec: TreeSpec, mtime = 0): DirNode {
  const root = dir(mtime);
  for (const [path, v] of Object.entries(spec)) {
    const parts = normalizePath(path).split('/').filter(Boolean);
    let cur = root;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = cur.children.get(parts[i]!);
      if (!next || next.kind !== 'dir') {
        next = dir(mtime);
        cur.children.set(parts[i]!, next);
      }
      cur = next;
    }
    const name = parts[parts.length - 1];
    if (name === undefined) continue;
    let node: FsNode;
    if (typeof v === 'string') node = { kind: 'file', data: v, mode: 0o644, mtime };
    else if ('dir' in v)
      node = {
        ...dir(mtime, v.mode ?? 0o755),
        children: (cur.children.get(name) as DirNode | undefined)?.children ?? new Map(),
      };
    else if ('link' in v) node = { kind: 'link', target: v.link, mtime };
    else if ('program' in v)
      node = { kind: 'file', data: '', mode: v.mode ?? 0o755, mtime, program: v.program, size: v.size ?? 0 };
    else node = { kind: 'file', data: v.data, mode: v.mode ?? 0o644, mtime, uid: v.uid, gid: v.gid };
    cur.children.set(name, node);
  }
  return root;
}

function cloneNode(n: FsNode): FsNode {
  if (n.kind === 'dir') {
    const children = new Map<string, FsNode>();
    for (const [k, v] of n.children) children.set(k, cloneNode(v));
    return { ...n, children };
  }
  return { ...n };
}

interface Resolved {
  /** The final node is the root of this mount (a file mount such as /etc/hosts). */
  mount?: Mount;
  node: FsNode | undefined;
  parent: DirNode | undefined;
  name: string;
  /** Absolute path after following links. */
  path: string;
  readOnly: boolean;
}

export class ContainerFS {
  private root: DirNode;
  private copied = false;
  private readonly mounts: Mount[];

  constructor(
    image: DirNode,
    mounts: Mount[],
    private readonly now: () => number,
  ) {
    this.root = image;
    // longest mount path first so nested mounts win
    this.mounts = [...mounts].sort((a, b) => b.path.length - a.path.length);
  }

  mountTable(): readonly Mount[] {
    return this.mounts;
  }

  /** A file's content, or `{ error }`. */
  read(path: string, cwd = '/'): string | { error: FsError } {
    const r = this.resolve(path, cwd, true);
    if (typeof r === 'string') return { error: r };
    if (!r.node) return { error: 'ENOENT' };
    if (r.node.kind === 'dir') return { error: 'EISDIR' };
    if (r.node.kind === 'link') return { error: 'ELOOP' };
    return r.node.data;
  }

  stat(path: string, cwd = '/', follow = true): Stat | FsError {
    const r = this.resolve(path, cwd, follow);
    if (typeof r === 'string') return r;
    const n = r.node;
    if (!n) return 'ENOENT';
    if (n.kind === 'link')
      return {
        kind: 'link',
        size: n.target.length,
        mode: 0o777,
        mtime: n.mtime,
        uid: 0,
        gid: 0,
        target: n.target,
      };
    if (n.kind === 'dir')
      return { kind: 'dir', size: 4096, mode: n.mode, mtime: n.mtime, uid: n.uid ?? 0, gid: n.gid ?? 0 };
    return {
      kind: 'file',
      size: n.size ?? utf8Bytes(n.data),
      mode: n.mode,
      mtime: n.mtime,
      uid: n.uid ?? 0,
      gid: n.gid ?? 0,
      program: n.program,
    };
  }

  /** Names in a directory, sorted (ls order in the C locale). */
  list(path: string, cwd = '/'): string[] | FsError {
    const r = this.resolve(path, cwd, true);
    if (typeof r === 'string') return r;
    if (!r.node) return 'ENOENT';
    if (r.node.kind !== 'dir') return 'ENOTDIR';
    const names = new Set(r.node.children.keys());
    // mount points appear in their parent directory even if the image has no such entry
    for (const m of this.mounts) {
      const parent = m.path.slice(0, m.path.lastIndexOf('/')) || '/';
      if (parent === r.path) names.add(m.path.slice(m.path.lastIndexOf('/') + 1));
    }
    return [...names].sort();
  }

  write(path: string, data: string, cwd = '/', append = false, mode = 0o644): void | FsError {
    const r = this.resolveForWrite(path, cwd);
    if (typeof r === 'string') return r;
    if (r.node?.kind === 'dir') return 'EISDIR';
    if (r.mount && r.node?.kind === 'file') {
      // a file bind-mounted from the kubelet (/etc/hosts, /dev/termination-log): write through
      r.node.data = append ? r.node.data + data : data;
      r.node.mtime = this.now();
      return;
    }
    if (!r.parent) return 'ENOENT';
    const existing = r.node?.kind === 'file' ? r.node : undefined;
    const node: FileNode = {
      kind: 'file',
      data: append && existing ? existing.data + data : data,
      mode: existing?.mode ?? mode,
      mtime: this.now(),
    };
    r.parent.children.set(r.name, node);
  }

  mkdir(path: string, cwd = '/', parents = false): void | FsError {
    const abs = normalizePath(path, cwd);
    if (parents) {
      const parts = abs.split('/').filter(Boolean);
      let cur = '';
      for (const p of parts) {
        cur += '/' + p;
        const s = this.stat(cur);
        if (typeof s !== 'string') {
          if (s.kind !== 'dir') return 'ENOTDIR';
          continue;
        }
        const e = this.mkdir(cur);
        if (e) return e;
      }
      return;
    }
    const r = this.resolveForWrite(abs, '/');
    if (typeof r === 'string') return r;
    if (r.node) return 'EEXIST';
    if (!r.parent) return 'ENOENT';
    r.parent.children.set(r.name, dir(this.now()));
  }

  remove(path: string, cwd = '/', recursive = false): void | FsError {
    const r = this.resolveForWrite(path, cwd, false);
    if (typeof r === 'string') return r;
    if (!r.node || !r.parent) return 'ENOENT';
    if (r.node.kind === 'dir' && r.node.children.size > 0 && !recursive) return 'ENOTEMPTY';
    r.parent.children.delete(r.name);
  }

  symlink(target: string, path: string, cwd = '/'): void | FsError {
    const r = this.resolveForWrite(path, cwd, false);
    if (typeof r === 'string') return r;
    if (r.node) return 'EEXIST';
    if (!r.parent) return 'ENOENT';
    r.parent.children.set(r.name, { kind: 'link', target, mtime: this.now() });
  }

  /** The executable at `path` (following links): its program name and mode. */
  executable(path: string, cwd = '/'): { program: string } | FsError | 'ENOEXEC' {
    const r = this.resolve(path, cwd, true);
    if (typeof r === 'string') return r;
    if (!r.node) return 'ENOENT';
    if (r.node.kind === 'dir') return 'EACCES';
    if (r.node.kind !== 'file') return 'ENOENT';
    if ((r.node.mode & 0o111) === 0) return 'EACCES';
    if (!r.node.program) {
      // a script: `#!/bin/sh` runs its interpreter
      if (r.node.data.startsWith('#!'))
        return { program: `#!${r.node.data.slice(2).split('\n')[0]!.trim()}` };
      return 'ENOEXEC';
    }
    return { program: r.node.program };
  }

  // ---- path resolution ------------------------------------------------------------------------

  private mountAt(path: string): Mount | undefined {
    return this.mounts.find((m) => m.path === path);
  }

  private ensureCopied(): void {
    if (this.copied) return;
    this.root = cloneNode(this.root) as DirNode;
    this.copied = true;
  }

  private resolveForWrite(path: string, cwd: string, followLast = true): Resolved | FsError {
    const probe = this.resolve(path, cwd, followLast);
    if (typeof probe === 'string') return probe;
    if (probe.readOnly) return 'EROFS';
    const inMount = this.mounts.some((m) => probe.path === m.path || probe.path.startsWith(m.path + '/'));
    if (!inMount && !this.copied) {
      this.ensureCopied();
      return this.resolve(path, cwd, followLast);
    }
    return probe;
  }

  private resolve(path: string, cwd: string, followLast: boolean, depth = 0): Resolved | FsError {
    if (depth > 40) return 'ELOOP';
    const abs = normalizePath(path, cwd);
    const parts = abs.split('/').filter(Boolean);
    let node: FsNode = this.root;
    let readOnly = false;
    let cur = '';
    const m0 = this.mountAt('/');
    if (m0) {
      node = m0.source.root();
      readOnly = m0.readOnly;
    }
    let parent: DirNode | undefined;
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i]!;
      if (node.kind !== 'dir') return 'ENOTDIR';
      parent = node;
      cur += '/' + name;
      const mount = this.mountAt(cur);
      let next: FsNode | undefined;
      if (mount) {
        next = mount.source.root();
        readOnly = mount.readOnly;
      } else {
        next = node.children.get(name);
      }
      const last = i === parts.length - 1;
      if (!next) {
        return last ? { node: undefined, parent, name, path: cur, readOnly } : 'ENOENT';
      }
      if (next.kind === 'link' && (!last || followLast)) {
        const base = cur.slice(0, cur.lastIndexOf('/')) || '/';
        const rest = parts.slice(i + 1).join('/');
        const target = next.target.startsWith('/') ? next.target : `${base}/${next.target}`;
        return this.resolve(rest ? `${target}/${rest}` : target, '/', followLast, depth + 1);
      }
      if (last) return { node: next, parent, name, path: cur, readOnly, mount };
      node = next;
    }
    return { node, parent: undefined, name: '', path: '/', readOnly };
  }
}

export function utf8Bytes(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
