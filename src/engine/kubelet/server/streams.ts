/**
 * Streams between kubectl and a container: `logs -f`, `exec`, `attach` (`run -it`). In Kubernetes
 * these are long-lived HTTP/2, SPDY or WebSocket connections the API server proxies to the
 * kubelet. Here they ride on `KubeClient.watch`, the client interface's push channel:
 *
 *   client.watch({ method: 'GET' | 'POST', path: '/api/v1/namespaces/{ns}/pods/{name}/{log|exec|attach}',
 *                  query: {…PodLogOptions | PodExecOptions | PodAttachOptions…}, body?: PodExecOptions }, onEvent)
 *
 * The answer is `{ ok: false, response }` (a Status: the same errors as the non-streaming
 * request, e.g. `container "web" in pod "web" is waiting to start: ContainerCreating`), or
 * `{ ok: true, handle }` and then events, in order:
 *
 *   { type: 'ADDED',   object: { apiVersion: 'v1', kind: 'StreamSession', metadata: { name: '<id>' } } }   exec/attach only: the session id for stdin
 *   { type: 'MODIFIED', object: { apiVersion: 'v1', kind: 'StreamChunk', metadata: {}, stream: 'stdout' | 'stderr', data: '…' } }   output, as written
 *   { type: 'DELETED', object: { apiVersion: 'v1', kind: 'StreamEnd', metadata: {}, status: <meta/v1 Status> } }   the end; nothing follows
 *
 * `logs -f` sends the selected backlog first (one chunk), then each new line; the stream ends
 * when the container stops (Status Success). `handle.stop()` closes a stream at any time.
 *
 * exec: the command is `body.command` (PodExecOptions) or a single `query.command`; `container`,
 * `stdin`, `tty` as in PodExecOptions. The end Status is what kubectl turns into its messages:
 *   success                   → { status: 'Success' }
 *   exit code n               → { status: 'Failure', reason: 'NonZeroExitCode', message: 'command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3',
 *                                  details: { causes: [{ reason: 'ExitCode', message: '3' }] } }   (kubectl: "command terminated with exit code 3")
 *   cannot start (no shell)   → { status: 'Failure', reason: 'InternalError', code: 500, message: 'Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "<id>": OCI runtime exec failed: exec failed: unable to start container process: exec: "sh": executable file not found in $PATH: unknown' }
 * A container that is not running refuses the upgrade: `unable to upgrade connection: container not found ("web")`.
 *
 * stdin and control for exec/attach sessions are plain requests (they show in `kubectl -v=8`):
 *   POST /api/v1/namespaces/{ns}/pods/{name}/exec?session=<id>   body { stdin?: string, eof?: true, signal?: 'SIGINT' | 'SIGTERM' | 'SIGQUIT', resize?: { width, height } }
 * An interactive session (`-it sh`) is driven line by line: send "ls\n", read the chunks; with
 * tty the terminal echoes each input line back (as a pty does); Ctrl-C is `signal: 'SIGINT'`
 * (the shell passes it to its foreground command), Ctrl-D is `eof: true`.
 *
 * attach: output from now on of the container's PID 1 (with tty: what the shell prints) and, when
 * the container has `stdin: true`, input to it; it ends when the container stops.
 */
import type { ApiRequest, ApiResponse, KubeClient, WatchHandle, WatchResult } from '../../../api/client';
import type { KubeObject, Status, WatchEvent } from '../../../api/types';
import type { SimClock } from '../../clock';
import type { SubresourceRequest } from '../../api/registry';
import type { KubeletSet } from '../index';
import { SIGNALS, Stdin, type ChildProcess } from '../runtime/process';
import type { Container } from '../runtime/containerd';
import { formatEntries, failure, resolveLogRequest } from './logs';
import { badRequest, locate, notFound, status } from './resolve';

const STREAM_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/(log|exec|attach)$/;

interface Session {
  id: string;
  stdin: Stdin;
  tty: boolean;
  /** The exec'd process (signals go to it), or the attached container. */
  process?: ChildProcess;
  container?: Container;
  emit: (stream: 'stdout' | 'stderr', data: string) => void;
}

type Emit = (e: WatchEvent) => void;

const chunk = (stream: string, data: string): WatchEvent => ({
  type: 'MODIFIED',
  object: { apiVersion: 'v1', kind: 'StreamChunk', metadata: {}, stream, data } as KubeObject,
});
const end = (s: Status): WatchEvent => ({
  type: 'DELETED',
  object: { apiVersion: 'v1', kind: 'StreamEnd', metadata: {}, status: s } as KubeObject,
});
const success = (): Status =>
  ({ apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 200 }) as Status;

export class StreamServer {
  private set: KubeletSet | undefined;
  private server: { get(r: string, ns: string, n: string): KubeObject | undefined } | undefined;
  private readonly sessions = new Map<string, Session>();
  private nextSession = 1;

  constructor(private readonly clock: SimClock) {}

  bind(set: KubeletSet, server: { get(r: string, ns: string, n: string): KubeObject | undefined }): void {
    this.set = set;
    this.server = server;
  }

  /** A KubeClient whose watch() also opens pod streams; everything else goes to `inner`. */
  wrap(inner: KubeClient): KubeClient {
    return {
      request: (req) => inner.request(req),
      watch: async (req, onEvent) => {
        const m = STREAM_PATH.exec(req.path);
        if (!m || !this.set) return inner.watch(req, onEvent);
        // delivered from the clock, never inside the caller's stack (as watch events are)
        const queue: WatchEvent[] = [];
        let scheduled = false;
        let stopped = false;
        const emit: Emit = (e) => {
          if (stopped) return;
          queue.push(structuredClone(e));
          if (scheduled) return;
          scheduled = true;
          this.clock.setTimeout(
            () => {
              scheduled = false;
              const batch = queue.splice(0);
              for (const ev of batch) if (!stopped) onEvent(ev);
            },
            0,
            'stream',
          );
        };
        const r = this.open(m[1]!, m[2]!, m[3]! as 'log' | 'exec' | 'attach', req, emit);
        this.clock.settle();
        if ('response' in r) return { ok: false, response: r.response };
        const handle: WatchHandle = {
          stop: () => {
            stopped = true;
            r.stop();
          },
        };
        return { ok: true, handle } satisfies WatchResult;
      },
    };
  }

  private open(
    namespace: string,
    name: string,
    kind: 'log' | 'exec' | 'attach',
    req: ApiRequest,
    emit: Emit,
  ): { stop(): void } | { response: ApiResponse } {
    const set = this.set!;
    const q = req.query ?? {};
    if (kind === 'log') {
      const r = resolveLogRequest(set, this.server!, namespace, name, q, this.clock.now());
      if (r === 'empty') {
        emit(end(success()));
        return { stop() {} };
      }
      if ('code' in r) return { response: failure(r) };
      const backlog = r.container.log.read(r.query);
      if (backlog) emit(chunk('stdout', backlog));
      if (!r.follow) {
        emit(end(success()));
        return { stop() {} };
      }
      let written = 0;
      const unsubscribe = r.container.log.follow((e) => {
        if (e === null) return emit(end(success()));
        if (r.query.limitBytes !== undefined && written >= r.query.limitBytes) return;
        const text = formatEntries([e], { timestamps: r.query.timestamps });
        written += text.length;
        emit(chunk('stdout', text));
      });
      return { stop: unsubscribe };
    }
    const pod = this.server!.get('pods', namespace, name);
    if (!pod) return { response: failure(notFound(name)) };
    const body = (req.body ?? {}) as {
      command?: string[];
      container?: string;
      stdin?: boolean;
      tty?: boolean;
    };
    const container = body.container ?? q.container;
    const l = locate(set, pod as never, container, `${kind}/${namespace}/${name}/${container ?? ''}`);
    if (!l) return { response: failure(badRequest(`pod ${name} does not have a host assigned`)) };
    if ('code' in l) return { response: failure(l) };
    const c = l.kubelet.containerOf(l.rec, l.container);
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed')
      return {
        response: failure(
          badRequest(`cannot ${kind} into a container in a completed pod; current phase is ${phase}`),
        ),
      };
    if (!c || c.state !== 'running')
      return {
        response: failure(
          status(
            404,
            'NotFound',
            `unable to upgrade connection: container not found (${JSON.stringify(l.container)})`,
          ),
        ),
      };
    const tty = body.tty ?? (q.tty === 'true' || q.tty === '1');
    const wantStdin = body.stdin ?? (q.stdin === 'true' || q.stdin === '1');
    const id = `${kind}-${this.nextSession++}`;
    if (kind === 'attach') {
      const session: Session = { id, stdin: c.stdin, tty, container: c, emit: (s, d) => emit(chunk(s, d)) };
      if (wantStdin) this.sessions.set(id, session);
      emit({
        type: 'ADDED',
        object: { apiVersion: 'v1', kind: 'StreamSession', metadata: { name: id } } as KubeObject,
      });
      // kubectl's attach resizes the terminal (size+1, then size) so that the program redraws
      // its screen: a shell waiting at its prompt shows the prompt again
      if (tty && c.log.partialLine('stdout')) emit(chunk('stdout', c.log.partialLine('stdout')));
      const detach = c.log.attach((stream, text) => emit(chunk(tty ? 'stdout' : stream, text)));
      const unsubscribe = c.log.follow((e) => {
        if (e !== null) return;
        detach();
        this.sessions.delete(id);
        emit(end(success()));
      });
      return {
        stop: () => {
          detach();
          unsubscribe();
          this.sessions.delete(id);
        },
      };
    }
    // exec
    let command = body.command;
    if (!command && q.command !== undefined) command = [q.command];
    if (!command || command.length === 0)
      return { response: failure(badRequest('you must specify at least 1 command')) };
    const stdin = new Stdin('', !wantStdin);
    let finished = false;
    const session: Session = { id, stdin, tty, emit: (s, d) => emit(chunk(s, d)) };
    emit({
      type: 'ADDED',
      object: { apiVersion: 'v1', kind: 'StreamSession', metadata: { name: id } } as KubeObject,
    });
    const child = l.kubelet.runtime.exec(c.id, command, {
      stdout: (t) => emit(chunk('stdout', t)),
      stderr: (t) => emit(chunk(tty ? 'stdout' : 'stderr', t)),
      stdin,
      tty,
    });
    if ('error' in child) {
      emit(
        end(
          status(
            500,
            'InternalError',
            `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${hexId(this.clock.now(), id)}": ${child.error}`,
          ),
        ),
      );
      return { stop() {} };
    }
    session.process = child;
    if (wantStdin) this.sessions.set(id, session);
    child.exited.subscribe((code) => {
      finished = true;
      this.sessions.delete(id);
      if (code === 0) emit(end(success()));
      else
        emit(
          end(
            status(
              500,
              'NonZeroExitCode' as Status['reason'],
              `command terminated with non-zero exit code: error executing command [${command!.join(' ')}], exit code ${code}`,
              {
                causes: [{ reason: 'ExitCode', message: String(code) }],
              },
            ),
          ),
        );
    });
    return {
      stop: () => {
        this.sessions.delete(id);
        if (!finished) stdin.end();
      },
    };
  }

  /** POST …/exec?session=<id> (and …/attach): stdin, EOF, signals. */
  control(req: SubresourceRequest): ApiResponse {
    const id = (req.request.query ?? {}).session;
    if (!id) return failure(badRequest('Upgrade request required'));
    const s = this.sessions.get(id);
    if (!s) return failure(status(404, 'NotFound', `session ${id} not found`));
    const body = (req.request.body ?? {}) as { stdin?: string; eof?: boolean; signal?: string };
    if (typeof body.stdin === 'string') {
      if (s.tty) s.emit('stdout', body.stdin);
      s.stdin.push(body.stdin);
    }
    if (body.signal) {
      const sig = SIGNALS[body.signal as keyof typeof SIGNALS];
      if (sig === undefined) return failure(badRequest(`unknown signal ${body.signal}`));
      // the pty echoes the interrupt character as it sends SIGINT (ECHOCTL)
      if (s.tty && body.signal === 'SIGINT') s.emit('stdout', '^C');
      if (s.process) s.process.kill(sig);
      else if (s.container?.init) s.container.init.signal(sig);
    }
    if (body.eof) s.stdin.end();
    this.clock.settle();
    return {
      status: 200,
      body: { apiVersion: 'v1', kind: 'Status', metadata: {}, status: 'Success', code: 200 },
      contentType: 'application/json',
    };
  }
}

/** containerd's exec ids are 64 hex digits. */
function hexId(now: number, id: string): string {
  let h = 0x811c9dc5;
  const s = `${now}/${id}`;
  let out = '';
  for (let round = 0; out.length < 64; round++) {
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i) + round;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, 64);
}

export { SIGNALS };
