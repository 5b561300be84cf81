/**
 * A small fake API server for kubectl unit tests (G and H can reuse it).
 *
 *   const api = new FakeApi();                       // core/v1 + apps/v1 + events.k8s.io/v1 discovery
 *   api.add(pod('web-1', { labels: { app: 'web' } }));
 *   const r = await api.kubectl('get pods -o wide'); // { stdout, stderr, code }
 *
 * It serves aggregated discovery (as a v1.32 apiserver does), GET/LIST (JSON or as a Table with
 * NAME/AGE columns, or the columns a test registers with `api.columns(...)`), label selectors
 * on lists, simple POST/PUT/DELETE, and watches (`api.emit(...)` pushes events). Every request
 * is recorded in `api.requests` so tests can assert paths and queries.
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchResult } from '../../../src/api/client';
import type { CommandContext, FileSystem } from '../../../src/api/io';
import type { KubeObject, Status, Table, TableColumnDefinition, WatchEvent } from '../../../src/api/types';
import { parseSelector } from '../../../src/apimachinery/labels';
import { runKubectl } from '../../../src/kubectl/index';
import { defaultKubeconfig } from '../../../src/kubectl/kubeconfig';

export interface FakeResource {
  group: string;
  version: string;
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
}

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const DEFAULT_RESOURCES: FakeResource[] = [
  { group: '', version: 'v1', resource: 'configmaps', singular: 'configmap', kind: 'ConfigMap', namespaced: true, shortNames: ['cm'] },
  { group: '', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] },
  { group: '', version: 'v1', resource: 'namespaces', singular: 'namespace', kind: 'Namespace', namespaced: false, shortNames: ['ns'] },
  { group: '', version: 'v1', resource: 'nodes', singular: 'node', kind: 'Node', namespaced: false, shortNames: ['no'] },
  { group: '', version: 'v1', resource: 'pods', singular: 'pod', kind: 'Pod', namespaced: true, shortNames: ['po'], categories: ['all'] },
  { group: '', version: 'v1', resource: 'services', singular: 'service', kind: 'Service', namespaced: true, shortNames: ['svc'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', kind: 'Deployment', namespaced: true, shortNames: ['deploy'], categories: ['all'] },
  { group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', kind: 'ReplicaSet', namespaced: true, shortNames: ['rs'], categories: ['all'] },
  { group: 'events.k8s.io', version: 'v1', resource: 'events', singular: 'event', kind: 'Event', namespaced: true, shortNames: ['ev'] },
]; // prettier-ignore

/** Simulated "now" used by the fake (2025-11-27T10:05:00Z): objects created at 10:00 are 5m old. */
export const FAKE_NOW = Date.parse('2025-11-27T10:05:00Z');

export type ColumnFn = (obj: KubeObject) => unknown;

function notFound(resource: string, group: string, name: string): Status {
  return {
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message: `${group ? `${resource}.${group}` : resource} ${JSON.stringify(name)} not found`,
    reason: 'NotFound',
    details: { name, group: group || undefined, kind: resource },
    code: 404,
  };
}

function humanAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  return `${Math.floor(h / 24)}d`;
}

/** An in-memory POSIX-ish file system for tests. */
export class MemFS implements FileSystem {
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>(['/', '/root']);
  constructor(private readonly home = '/root') {}
  cwd(): string {
    return this.home;
  }
  resolve(p: string): string {
    let path = p.replace(/^~(?=\/|$)/, this.home);
    if (!path.startsWith('/')) path = `${this.home}/${path}`;
    const parts: string[] = [];
    for (const seg of path.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') parts.pop();
      else parts.push(seg);
    }
    return '/' + parts.join('/');
  }
  readFile(p: string): string | undefined {
    return this.files.get(this.resolve(p));
  }
  writeFile(p: string, data: string): void {
    const path = this.resolve(p);
    this.files.set(path, data);
    let dir = path.replace(/\/[^/]*$/, '');
    while (dir) {
      this.dirs.add(dir);
      dir = dir.replace(/\/[^/]*$/, '');
    }
  }
  readDir(p: string): string[] | undefined {
    const dir = this.resolve(p);
    if (!this.dirs.has(dir)) return undefined;
    const prefix = dir === '/' ? '/' : dir + '/';
    const names = new Set<string>();
    for (const f of [...this.files.keys(), ...this.dirs]) {
      if (f.startsWith(prefix) && f !== dir) names.add(f.slice(prefix.length).split('/')[0]!);
    }
    return [...names].sort();
  }
  isDir(p: string): boolean {
    return this.dirs.has(this.resolve(p));
  }
  exists(p: string): boolean {
    const path = this.resolve(p);
    return this.files.has(path) || this.dirs.has(path);
  }
  remove(p: string): boolean {
    return this.files.delete(this.resolve(p));
  }
  mkdir(p: string): void {
    this.dirs.add(this.resolve(p));
  }
}

interface Watcher {
  resource: FakeResource;
  namespace: string;
  table: boolean;
  onEvent: (e: WatchEvent) => void;
  stopped: boolean;
  first: boolean;
}

export class FakeApi implements KubeClient {
  readonly requests: ApiRequest[] = [];
  readonly objects: KubeObject[] = [];
  readonly fs = new MemFS();
  now = FAKE_NOW;
  resourceVersion = 1000;
  /** Serve legacy discovery (/api/v1, /apis/apps/v1) instead of aggregated. */
  legacyDiscovery = false;
  /** When set, every request rejects with this error (a stopped API server). */
  down?: Error;
  /** Extra responses keyed by `METHOD path` (take precedence). */
  readonly overrides = new Map<string, ApiResponse>();
  private readonly watchers: Watcher[] = [];
  private readonly tableColumns = new Map<string, { defs: TableColumnDefinition[]; cells: ColumnFn[] }>();

  constructor(readonly resources: FakeResource[] = DEFAULT_RESOURCES) {
    this.fs.writeFile('/root/.kube/config', defaultKubeconfig('kind'));
  }

  /** Register server-side print columns for a resource (`pods`, `deployments.apps`). */
  columns(
    resource: string,
    cols: { name: string; priority?: number; format?: string; cell: ColumnFn }[],
  ): void {
    this.tableColumns.set(resource, {
      defs: cols.map((c) => ({
        name: c.name,
        type: 'string',
        format: c.format ?? (c.name === 'Name' ? 'name' : ''),
        description: '',
        priority: c.priority ?? 0,
      })),
      cells: cols.map((c) => c.cell),
    });
  }

  add(...objs: KubeObject[]): this {
    for (const o of objs) {
      const meta = o.metadata as { resourceVersion?: string };
      meta.resourceVersion ??= String(++this.resourceVersion);
      this.objects.push(o);
    }
    return this;
  }

  resourceFor(obj: KubeObject): FakeResource | undefined {
    const [g, v] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    return this.resources.find((r) => r.group === g && r.version === v && r.kind === obj.kind);
  }

  /** Push a watch event to every matching watcher. */
  emit(type: WatchEvent['type'], obj: KubeObject): void {
    const r = this.resourceFor(obj);
    for (const w of this.watchers) {
      if (w.stopped || w.resource !== r) continue;
      if (w.namespace && obj.metadata.namespace !== w.namespace) continue;
      const object = w.table ? this.toTable(r!, [obj], !w.first) : obj;
      w.first = false;
      w.onEvent({ type, object });
    }
  }

  private key(r: FakeResource): string {
    return r.group ? `${r.resource}.${r.group}` : r.resource;
  }

  private toTable(r: FakeResource, objs: KubeObject[], noHeaders = false): Table {
    const cols = this.tableColumns.get(this.key(r)) ?? {
      defs: [
        { name: 'Name', type: 'string', format: 'name', description: '', priority: 0 },
        { name: 'Age', type: 'string', format: '', description: '', priority: 0 },
      ],
      cells: [
        (o: KubeObject) => o.metadata.name,
        (o: KubeObject) => humanAge(this.now - Date.parse(o.metadata.creationTimestamp ?? '')),
      ],
    };
    return {
      apiVersion: 'meta.k8s.io/v1',
      kind: 'Table',
      metadata: { resourceVersion: String(this.resourceVersion) },
      columnDefinitions: noHeaders ? [] : cols.defs,
      rows: objs.map((o) => ({
        cells: cols.cells.map((c) => c(o)),
        object: { apiVersion: 'meta.k8s.io/v1', kind: 'PartialObjectMetadata', metadata: o.metadata },
      })),
    };
  }

  private discovery(core: boolean): unknown {
    const groups = new Map<string, FakeResource[]>();
    for (const r of this.resources) {
      if (core !== (r.group === '')) continue;
      groups.set(r.group, [...(groups.get(r.group) ?? []), r]);
    }
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: [...groups].map(([g, rs]) => ({
        metadata: { name: g },
        versions: [
          {
            version: rs[0]!.version,
            resources: rs.map((r) => ({
              resource: r.resource,
              responseKind: { group: r.group, version: r.version, kind: r.kind },
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: r.singular,
              verbs: r.verbs ?? VERBS,
              shortNames: r.shortNames,
              categories: r.categories,
            })),
            freshness: 'Current',
          },
        ],
      })),
    };
  }

  private legacy(path: string): unknown {
    if (path === '/api') return { kind: 'APIVersions', versions: ['v1'] };
    if (path === '/apis') {
      const groups = [
        ...new Set(this.resources.filter((r) => r.group).map((r) => `${r.group}/${r.version}`)),
      ];
      return {
        kind: 'APIGroupList',
        apiVersion: 'v1',
        groups: groups.map((gv) => {
          const [name, version] = gv.split('/');
          return {
            name,
            versions: [{ groupVersion: gv, version }],
            preferredVersion: { groupVersion: gv, version },
          };
        }),
      };
    }
    const gv = path.replace(/^\/apis?\//, '');
    const rs = this.resources.filter((r) => (r.group ? `${r.group}/${r.version}` : r.version) === gv);
    if (rs.length === 0) return undefined;
    return {
      kind: 'APIResourceList',
      apiVersion: 'v1',
      groupVersion: gv,
      resources: rs.map((r) => ({
        name: r.resource,
        singularName: r.singular,
        namespaced: r.namespaced,
        kind: r.kind,
        verbs: r.verbs ?? VERBS,
        shortNames: r.shortNames,
        categories: r.categories,
      })),
    };
  }

  private route(path: string): { r: FakeResource; namespace: string; name?: string } | undefined {
    const m =
      /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    if (!m) return undefined;
    const group = m[2] ?? '';
    const version = m[1] ?? m[3]!;
    const r = this.resources.find((x) => x.group === group && x.version === version && x.resource === m[5]);
    if (!r) return undefined;
    return { r, namespace: m[4] ?? '', name: m[6] };
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    this.requests.push(req);
    if (this.down) throw this.down;
    const o = this.overrides.get(`${req.method} ${req.path}`);
    if (o) return structuredClone(o);
    if (req.path === '/version') {
      return {
        status: 200,
        body: { major: '1', minor: '32', gitVersion: 'v1.32.2', gitCommit: 'abc', platform: 'linux/amd64' },
      };
    }
    if (req.path === '/api' || req.path === '/apis') {
      if (this.legacyDiscovery) return { status: 200, body: this.legacy(req.path) };
      return { status: 200, body: this.discovery(req.path === '/api') };
    }
    if (this.legacyDiscovery && /^\/apis?\/[^/]+(\/[^/]+)?$/.test(req.path)) {
      const body = this.legacy(req.path);
      if (body) return { status: 200, body };
    }
    const route = this.route(req.path);
    if (!route) {
      return {
        status: 404,
        body: {
          apiVersion: 'v1',
          kind: 'Status',
          metadata: {},
          status: 'Failure',
          message: 'the server could not find the requested resource',
          reason: 'NotFound',
          details: {},
          code: 404,
        },
      };
    }
    const { r, namespace, name } = route;
    const table = (req.headers?.accept ?? '').includes('as=Table');
    const inScope = (o: KubeObject) => {
      const [g, v] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
      return (
        g === r.group &&
        v === r.version &&
        o.kind === r.kind &&
        (!namespace || o.metadata.namespace === namespace)
      );
    };
    if (req.method === 'GET') {
      if (name !== undefined) {
        const obj = this.objects.find((o) => inScope(o) && o.metadata.name === name);
        if (!obj) return { status: 404, body: notFound(r.resource, r.group, name) };
        return { status: 200, body: structuredClone(table ? this.toTable(r, [obj]) : obj) };
      }
      let items = this.objects.filter(inScope);
      const ls = req.query?.labelSelector;
      if (ls) {
        let sel;
        try {
          sel = parseSelector(ls);
        } catch (e) {
          return {
            status: 400,
            body: {
              apiVersion: 'v1',
              kind: 'Status',
              metadata: {},
              status: 'Failure',
              message: (e as Error).message,
              reason: 'BadRequest',
              code: 400,
            },
          };
        }
        items = items.filter((o) => sel.matches(o.metadata.labels ?? {}));
      }
      const fsel = req.query?.fieldSelector;
      if (fsel) {
        for (const term of fsel.split(',')) {
          const [k, v] = term.split('=');
          items = items.filter((o) =>
            k === 'metadata.name'
              ? o.metadata.name === v
              : k === 'metadata.namespace'
                ? o.metadata.namespace === v
                : true,
          );
        }
      }
      if (table) return { status: 200, body: structuredClone(this.toTable(r, items)) };
      return {
        status: 200,
        body: structuredClone({
          apiVersion: r.group ? `${r.group}/${r.version}` : r.version,
          kind: `${r.kind}List`,
          metadata: { resourceVersion: String(this.resourceVersion) },
          items: items.map((i) => {
            const { apiVersion: _a, kind: _k, ...rest } = i;
            return rest;
          }),
        }),
      };
    }
    if (req.method === 'DELETE' && name !== undefined) {
      const i = this.objects.findIndex((o) => inScope(o) && o.metadata.name === name);
      if (i < 0) return { status: 404, body: notFound(r.resource, r.group, name) };
      const [obj] = this.objects.splice(i, 1);
      return { status: 200, body: obj };
    }
    if (req.method === 'POST' || req.method === 'PUT') {
      const obj = structuredClone(req.body as KubeObject);
      const meta = obj.metadata as { namespace?: string; resourceVersion?: string };
      meta.namespace ??= r.namespaced ? namespace : undefined;
      meta.resourceVersion = String(++this.resourceVersion);
      this.objects.push(obj);
      return { status: req.method === 'POST' ? 201 : 200, body: obj };
    }
    return {
      status: 405,
      body: {
        apiVersion: 'v1',
        kind: 'Status',
        metadata: {},
        status: 'Failure',
        message: 'method not allowed',
        reason: 'MethodNotAllowed',
        code: 405,
      },
    };
  }

  async watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchResult> {
    this.requests.push(req);
    if (this.down) throw this.down;
    const route = this.route(req.path);
    if (!route) return { ok: false, response: { status: 404, body: notFound('', '', req.path) } };
    const w: Watcher = {
      resource: route.r,
      namespace: route.namespace,
      table: (req.headers?.accept ?? '').includes('as=Table'),
      onEvent,
      stopped: false,
      first: true,
    };
    this.watchers.push(w);
    return { ok: true, handle: { stop: () => (w.stopped = true) } };
  }

  /** The CommandContext kubectl runs with (stdout/stderr captured by the caller). */
  context(
    args: string[],
    out: { stdout: string; stderr: string },
    signal = new AbortController().signal,
    stdin = '',
  ): CommandContext {
    return {
      client: this,
      args,
      stdin,
      stdout: (t) => (out.stdout += t),
      stderr: (t) => (out.stderr += t),
      fs: this.fs,
      env: { HOME: '/root' },
      now: () => this.now,
      sleep: (ms, s) =>
        new Promise<void>((resolve) => {
          if (s?.aborted || ms === 0) return resolve();
          s?.addEventListener('abort', () => resolve(), { once: true });
          if (Number.isFinite(ms)) {
            this.now += ms;
            resolve();
          }
        }),
      signal,
      editor: { edit: async () => null },
      tty: false,
    };
  }

  /** Run kubectl with a command line (split like a shell would, honouring simple quotes). */
  async kubectl(
    line: string | string[],
    opts: { signal?: AbortSignal; stdin?: string } = {},
  ): Promise<{ stdout: string; stderr: string; code: number }> {
    const args = Array.isArray(line) ? line : splitArgs(line);
    const out = { stdout: '', stderr: '' };
    const code = await runKubectl(this.context(args, out, opts.signal, opts.stdin));
    return { ...out, code };
  }
}

/** Split a command line into words: whitespace-separated, with '…' and "…" quoting. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | null = null;
  let has = false;
  for (const c of line) {
    if (q) {
      if (c === q) q = null;
      else cur += c;
    } else if (c === "'" || c === '"') {
      q = c;
      has = true;
    } else if (c === ' ') {
      if (cur || has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (cur || has) out.push(cur);
  return out;
}

/** A minimal Pod for tests. */
export function pod(
  name: string,
  o: { namespace?: string; labels?: Record<string, string>; created?: string; phase?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      labels: o.labels,
      creationTimestamp: o.created ?? '2025-11-27T10:00:00Z',
      uid: `uid-${name}`,
    },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { phase: o.phase ?? 'Running' },
  };
}
