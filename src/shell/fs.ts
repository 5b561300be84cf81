/**
 * An in-memory file system for the learner's files (manifests written with heredocs or in the
 * editor, ~/.kube/config). The browser persists it; the CLI starts with an empty one per run.
 */
import type { FileSystem } from '../api/io';

export interface FsSnapshot {
  files: Record<string, string>;
  dirs: string[];
  cwd: string;
}

export class MemoryFS implements FileSystem {
  private files = new Map<string, string>();
  private dirs = new Set<string>(['/']);
  private current: string;
  /** Called after every write, for hosts that persist or mirror the files (the editor's tabs). */
  onWrite?: (path: string) => void;

  constructor(
    private readonly home = '/root',
    snapshot?: FsSnapshot,
  ) {
    this.current = home;
    if (snapshot) {
      for (const [k, v] of Object.entries(snapshot.files)) this.files.set(k, v);
      for (const d of snapshot.dirs) this.dirs.add(d);
      this.current = snapshot.cwd;
    }
    for (const d of ['/tmp', home, '/dev']) this.mkdir(d);
  }

  snapshot(): FsSnapshot {
    return { files: Object.fromEntries(this.files), dirs: [...this.dirs].sort(), cwd: this.current };
  }

  cwd(): string {
    return this.current;
  }

  chdir(path: string): void {
    this.current = this.resolve(path);
  }

  resolve(path: string): string {
    let p = path;
    if (p === '~' || p.startsWith('~/')) p = this.home + p.slice(1);
    if (!p.startsWith('/')) p = `${this.current}/${p}`;
    const out: string[] = [];
    for (const seg of p.split('/')) {
      if (!seg || seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    return '/' + out.join('/');
  }

  readFile(path: string): string | undefined {
    return this.files.get(this.resolve(path));
  }

  writeFile(path: string, data: string): void {
    const p = this.resolve(path);
    this.mkdir(p.slice(0, p.lastIndexOf('/')) || '/');
    this.files.set(p, data);
    this.onWrite?.(p);
  }

  readDir(path: string): string[] | undefined {
    const p = this.resolve(path);
    if (!this.dirs.has(p)) return undefined;
    const prefix = p === '/' ? '/' : p + '/';
    const names = new Set<string>();
    for (const k of [...this.files.keys(), ...this.dirs]) {
      if (k !== p && k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }

  isDir(path: string): boolean {
    return this.dirs.has(this.resolve(path));
  }

  exists(path: string): boolean {
    const p = this.resolve(path);
    return this.files.has(p) || this.dirs.has(p);
  }

  remove(path: string): boolean {
    const p = this.resolve(path);
    if (this.files.delete(p)) return true;
    if (this.dirs.has(p) && (this.readDir(p) ?? []).length === 0 && p !== '/') {
      this.dirs.delete(p);
      return true;
    }
    return false;
  }

  mkdir(path: string): void {
    const p = this.resolve(path);
    let cur = '';
    for (const seg of p.split('/').filter(Boolean)) {
      cur += '/' + seg;
      this.dirs.add(cur);
    }
  }
}
