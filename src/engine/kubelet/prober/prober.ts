/**
 * Running one probe (pkg/kubelet/prober/prober.go and pkg/probe/{http,tcp,exec}): what the
 * kubelet does against the container, and the output that ends up in the `Unhealthy` event.
 *
 *  - httpGet: a GET from the node to `scheme://host:port/path` (host: the pod IP unless set),
 *    User-Agent `kube-probe/1.32`, the probe's timeout. 2xx is success, 3xx a warning (counted as
 *    success), anything else `HTTP probe failed with statuscode: 503`; a connection error is Go's
 *    error string: `Get "http://10.244.0.7:8081/health": dial tcp 10.244.0.7:8081: connect:
 *    connection refused`.
 *  - tcpSocket: a connect; `dial tcp 10.244.0.7:80: connect: connection refused`.
 *  - exec: the command in the container; exit 0 is success, its combined output is the message;
 *    past the timeout: `command "cat /tmp/healthy" timed out`.
 *  - grpc: not simulated (the probe errors, which leaves the result unchanged).
 */
import type { Container, ContainerPort, Pod, Probe } from 'kubernetes-types/core/v1';
import type { NetNamespace, PodNetwork } from '../../network/index';
import { goDialError, goHttpClientError } from '../../network/http';
import type { Waitable } from '../coroutine';
import type { ContainerRuntime } from '../runtime/containerd';

export type ProbeType = 'liveness' | 'readiness' | 'startup';
export type ProbeResult = 'success' | 'failure' | 'warning' | 'unknown';

export interface ProbeOutcome {
  result: ProbeResult;
  output: string;
  /** Set when the probe could not run at all (errored). */
  error?: string;
}

export const PROBE_USER_AGENT = 'kube-probe/1.32';

/** Resolve an int-or-string port against the container's named ports. */
export function resolvePort(port: number | string | undefined, container: Container): number | string {
  if (typeof port === 'number') return port;
  if (port === undefined) return 'unable to resolve port: missing port';
  if (/^\d+$/.test(port)) return Number(port);
  const named = (container.ports ?? []).find((p: ContainerPort) => p.name === port);
  if (!named) return `couldn't find port: ${port} in ${JSON.stringify({ name: container.name })}`;
  return named.containerPort;
}

export interface ProbeTarget {
  pod: Pod;
  container: Container;
  containerID: string;
  podIP: string;
}

/** A probe prepared for one container instance: run() probes once, calling back (maybe at once). */
export interface CompiledProbe {
  run(cb: (o: ProbeOutcome) => void): void;
}

const SUCCESS: ProbeOutcome = { result: 'success', output: '' };

export class Prober {
  constructor(
    private readonly network: PodNetwork,
    private readonly nodeNetns: NetNamespace,
    private readonly runtime: ContainerRuntime,
  ) {}

  /**
   * Prepare a probe for a container instance: the URL, headers and address are computed once
   * (probes run hundreds of thousands of times per simulated hour).
   */
  compile(spec: Probe, target: ProbeTarget): CompiledProbe {
    const timeoutMs = (spec.timeoutSeconds ?? 1) * 1000;
    if (spec.httpGet) {
      const h = spec.httpGet;
      const port = resolvePort(h.port as number | string, target.container);
      if (typeof port === 'string')
        return { run: (cb) => cb({ result: 'unknown', output: '', error: port }) };
      const host = h.host || target.podIP;
      let path = h.path ?? '/';
      if (!path.startsWith('/')) path = '/' + path;
      const url = `${(h.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
      const headers: Record<string, string> = {
        'User-Agent': PROBE_USER_AGENT,
        Accept: '*/*',
        Connection: 'close',
      };
      for (const hh of h.httpHeaders ?? []) headers[hh.name] = hh.value;
      if (!headers.Host) headers.Host = `${host}:${port}`;
      const req = { method: 'GET', path, headers };
      const opts = { timeoutMs };
      return {
        run: (cb) =>
          this.network.http(this.nodeNetns, host, port, req, opts, (r) => {
            if (!r.ok)
              return cb({ result: 'failure', output: goHttpClientError('GET', url, r.error, host, port) });
            if (r.elapsedMs > timeoutMs)
              return cb({ result: 'failure', output: goHttpClientError('GET', url, 'timeout', host, port) });
            const code = r.response.status;
            if (code >= 200 && code < 300) return cb(SUCCESS);
            if (code >= 300 && code < 400) return cb({ result: 'warning', output: r.response.body ?? '' });
            cb({ result: 'failure', output: `HTTP probe failed with statuscode: ${code}` });
          }),
      };
    }
    return {
      run: (cb) => {
        this.probe(spec, target).subscribe(cb);
      },
    };
  }

  probe(spec: Probe, target: ProbeTarget): Waitable<ProbeOutcome> {
    const timeoutMs = (spec.timeoutSeconds ?? 1) * 1000;
    if (spec.httpGet) return this.http(spec, target, timeoutMs);
    if (spec.tcpSocket) return this.tcp(spec, target, timeoutMs);
    if (spec.exec) return this.exec(spec.exec.command ?? [], target, timeoutMs);
    if (spec.grpc)
      return done({ result: 'unknown', output: '', error: 'gRPC probes are not simulated in Breakfix' });
    return done({ result: 'unknown', output: '', error: 'missing probe handler' });
  }

  private http(spec: Probe, target: ProbeTarget, timeoutMs: number): Waitable<ProbeOutcome> {
    const h = spec.httpGet!;
    const port = resolvePort(h.port as number | string, target.container);
    if (typeof port === 'string') return done({ result: 'unknown', output: '', error: port });
    const host = h.host || target.podIP;
    const scheme = (h.scheme ?? 'HTTP').toLowerCase();
    let path = h.path ?? '/';
    if (!path.startsWith('/')) path = '/' + path;
    const url = `${scheme}://${host}:${port}${path}`;
    const headers: Record<string, string> = {
      'User-Agent': PROBE_USER_AGENT,
      Accept: '*/*',
      Connection: 'close',
    };
    for (const hh of h.httpHeaders ?? []) headers[hh.name] = hh.value;
    if (!headers.Host) headers.Host = `${host}:${port}`;
    return {
      subscribe: (cb) => {
        let cancelled = false;
        this.network.http(
          this.nodeNetns,
          host,
          port,
          { method: 'GET', path, headers },
          { timeoutMs },
          (r) => {
            if (cancelled) return;
            if (!r.ok)
              return cb({ result: 'failure', output: goHttpClientError('GET', url, r.error, host, port) });
            if (r.elapsedMs > timeoutMs)
              return cb({ result: 'failure', output: goHttpClientError('GET', url, 'timeout', host, port) });
            const code = r.response.status;
            if (code >= 200 && code < 300) return cb({ result: 'success', output: r.response.body ?? '' });
            if (code >= 300 && code < 400) return cb({ result: 'warning', output: r.response.body ?? '' });
            cb({ result: 'failure', output: `HTTP probe failed with statuscode: ${code}` });
          },
        );
        return () => {
          cancelled = true;
        };
      },
    };
  }

  private tcp(spec: Probe, target: ProbeTarget, timeoutMs: number): Waitable<ProbeOutcome> {
    const port = resolvePort(spec.tcpSocket!.port as number | string, target.container);
    if (typeof port === 'string') return done({ result: 'unknown', output: '', error: port });
    const host = spec.tcpSocket!.host || target.podIP;
    return {
      subscribe: (cb) => {
        let cancelled = false;
        this.network.connect(this.nodeNetns, host, port, timeoutMs, (r) => {
          if (cancelled) return;
          if (r.ok) cb({ result: 'success', output: '' });
          else cb({ result: 'failure', output: goDialError(r.error, host, port) });
        });
        return () => {
          cancelled = true;
        };
      },
    };
  }

  private exec(command: string[], target: ProbeTarget, timeoutMs: number): Waitable<ProbeOutcome> {
    return {
      subscribe: (cb) => {
        let out = '';
        const child = this.runtime.exec(target.containerID, command, {
          stdout: (t) => (out += t),
          stderr: (t) => (out += t),
        });
        if ('error' in child) {
          cb({
            result: 'unknown',
            output: '',
            error: `rpc error: code = Unknown desc = failed to exec in container: failed to start exec "${target.containerID.slice(0, 64)}": ${child.error}`,
          });
          return () => {};
        }
        let finished = false;
        const clock = this.runtime.clock;
        const timer = clock.setTimeout(
          () => {
            if (finished) return;
            finished = true;
            child.kill(9);
            cb({ result: 'failure', output: `command ${JSON.stringify(command.join(' '))} timed out` });
          },
          timeoutMs,
          'exec probe timeout',
        );
        const cancel = child.exited.subscribe((code) => {
          if (finished) return;
          finished = true;
          clock.clearTimeout(timer);
          cb({ result: code === 0 ? 'success' : 'failure', output: out.slice(0, 10 * 1024) });
        });
        return () => {
          finished = true;
          cancel();
          clock.clearTimeout(timer);
        };
      },
    };
  }
}

function done(o: ProbeOutcome): Waitable<ProbeOutcome> {
  return {
    subscribe(cb) {
      cb(o);
      return () => {};
    },
  };
}
