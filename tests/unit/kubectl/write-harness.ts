/**
 * Test harness for the write verbs: a KubeClient over the same in-memory API server the real
 * kubectl talked to when the fixtures were captured (fixtures/oracle/fake-core.mjs), a memory
 * file system, a simulated clock whose sleep() advances time, and a scripted editor.
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchResult } from '../../../src/api/client';
import type { CommandContext } from '../../../src/api/io';
import type { WatchEvent } from '../../../src/api/types';
import { runKubectl } from '../../../src/kubectl/index';
import { MemoryFS } from '../../../src/shell/fs';
import { createFakeCore, type FakeCore } from './fixtures/oracle/fake-core.mjs';

export interface LoggedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  contentType?: string;
  body?: unknown;
}

const DISCOVERY = (p: string) =>
  p === '/api' ||
  p === '/apis' ||
  p === '/version' ||
  p.startsWith('/openapi') ||
  /^\/(api\/v1|apis\/[^/]+\/v1)$/.test(p);

/** A KubeClient over fake-core, logging every non-discovery request. */
export class FakeClient implements KubeClient {
  core: FakeCore = createFakeCore();
  log: LoggedRequest[] = [];
  /**
   * Optional server-side behaviour on top of fake-core: return a response to answer a request
   * yourself (e.g. apply strategic merge patches with the real patch code, or reject with 422).
   */
  intercept?: (req: ApiRequest, core: FakeCore) => ApiResponse | undefined;

  reset(): void {
    this.core = createFakeCore();
    this.log = [];
  }

  private send(req: ApiRequest, onEvent?: (ev: WatchEvent) => void) {
    const contentType = req.body === undefined ? undefined : (req.headers?.contentType ?? 'application/json');
    if (!DISCOVERY(req.path)) {
      this.log.push({
        method: req.method,
        path: req.path,
        query: { ...(req.query ?? {}) },
        contentType,
        body: req.body,
      });
    }
    return this.core.handle(
      {
        method: req.method,
        pathname: req.path,
        query: { ...(req.query ?? {}) },
        contentType,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
      },
      onEvent as ((ev: { type: string; object: unknown }) => void) | undefined,
    );
  }

  async request(req: ApiRequest): Promise<ApiResponse> {
    const own = this.intercept?.(req, this.core);
    if (own) {
      if (!DISCOVERY(req.path)) {
        const contentType =
          req.body === undefined ? undefined : (req.headers?.contentType ?? 'application/json');
        this.log.push({
          method: req.method,
          path: req.path,
          query: { ...(req.query ?? {}) },
          contentType,
          body: req.body,
        });
      }
      return { ...own, body: structuredClone(own.body) };
    }
    const r = this.send(req);
    return { status: r.status, body: structuredClone(r.body), contentType: 'application/json' };
  }

  async watch(req: ApiRequest, onEvent: (event: WatchEvent) => void): Promise<WatchResult> {
    const r = this.send({ ...req, query: { ...(req.query ?? {}), watch: 'true' } }, (ev) =>
      queueMicrotask(() => onEvent(structuredClone(ev))),
    );
    if (!r.stop) return { ok: false, response: { status: r.status, body: r.body } };
    return { ok: true, handle: { stop: r.stop } };
  }
}

export const kubeconfigFor = (server = 'http://127.0.0.1:18080') => `apiVersion: v1
kind: Config
clusters:
- cluster:
    server: ${server}
  name: fake
contexts:
- context:
    cluster: fake
    namespace: default
    user: fake
  name: fake
current-context: fake
users:
- name: fake
  user: {}
`;

export interface World {
  client: FakeClient;
  fs: MemoryFS;
  clock: { now: number };
  /** Things that happen on the server at a simulated time (run when sleep passes them). */
  timers: { at: number; run: () => void }[];
  /** Called by the editor with the text shown; returns the saved text (or null to abandon). */
  editor: (text: string, round: number) => string | null;
  env: Record<string, string>;
}

export function newWorld(files: Record<string, string> = {}, cwd = '/work'): World {
  const fs = new MemoryFS('/root');
  fs.mkdir('/root/.kube');
  fs.writeFile('/root/.kube/config', kubeconfigFor());
  fs.mkdir(cwd);
  fs.mkdir('/tmp');
  for (const [p, text] of Object.entries(files)) {
    const abs = p.startsWith('/') ? p : `${cwd}/${p}`;
    const dir = abs.slice(0, abs.lastIndexOf('/'));
    if (dir) mkdirp(fs, dir);
    fs.writeFile(abs, text);
  }
  (fs as unknown as { current: string }).current = cwd;
  return {
    client: new FakeClient(),
    fs,
    clock: { now: Date.UTC(2025, 0, 1, 12, 0, 0) },
    timers: [],
    editor: () => null,
    env: { HOME: '/root' },
  };
}

function mkdirp(fs: MemoryFS, dir: string): void {
  const parts = dir.split('/').filter(Boolean);
  let cur = '';
  for (const p of parts) {
    cur += `/${p}`;
    if (!fs.isDir(cur)) fs.mkdir(cur);
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number;
  requests: LoggedRequest[];
}

/** Run `kubectl <args>` in the world. */
export async function kubectl(w: World, args: string[], stdin = ''): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  let round = 0;
  w.client.log = [];
  const ctx: CommandContext = {
    client: w.client,
    args,
    stdin,
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    fs: w.fs,
    env: w.env,
    now: () => w.clock.now,
    // Like the CLI host: advance the clock, running due server-side timers on the way, and stop
    // early when the caller aborts (kubectl aborts its sleep when a watch event arrives).
    sleep: async (ms, signal) => {
      const end = Number.isFinite(ms) ? w.clock.now + ms : Infinity;
      for (;;) {
        if (signal?.aborted) return;
        const due = w.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        w.timers.splice(w.timers.indexOf(due), 1);
        w.clock.now = Math.max(w.clock.now, due.at);
        due.run();
        // Let watch events reach the command before going on.
        for (let i = 0; i < 5; i++) await new Promise<void>((r) => queueMicrotask(r));
      }
      if (signal?.aborted) return;
      if (Number.isFinite(end)) w.clock.now = end;
      await new Promise<void>((r) => queueMicrotask(r));
    },
    signal: new AbortController().signal,
    editor: { edit: async (_name, content) => w.editor(content, round++) },
    tty: false,
  };
  const code = await runKubectl(ctx);
  return { stdout, stderr, code, requests: w.client.log };
}

/** A sed `s/PAT/REP/` expression (as the capture's editor ran) applied line by line. */
export function sed(expr: string, text: string): string {
  const m = /^s\/((?:\\.|[^/])*)\/((?:\\.|[^/])*)\/$/.exec(expr);
  if (!m) throw new Error(`unsupported sed expression ${expr}`);
  const re = new RegExp(m[1]!);
  const rep = m[2]!.replace(/\\(.)/g, '$1');
  const lines = text.split('\n');
  return lines.map((l) => l.replace(re, () => rep)).join('\n');
}
