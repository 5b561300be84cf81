/**
 * An HttpProbe (the http check's host function) over the learner's machine's network
 * (src/api/hostnet.ts): `from: host` requests go where `curl localhost:PORT` goes — a
 * port-forward, or the ports Docker publishes for kind's extraPortMappings (`localhost:30599`).
 * Failures are described as curl describes them, since that is what the learner sees.
 *
 * Requests from inside a pod need the pod network, which only the engine has: hosts pass
 * `fromPod` for those (`podHttpProbe` over the cluster's `podHttp`); without it the check says
 * that they are not available yet.
 */
import type { HostNetwork } from '../api/hostnet';
import type { HttpProbe, HttpProbeRequest, HttpProbeResult } from './checks/context';

const URL_RE = /^http:\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?([/?][^#]*)?$/;

export function parseHttpUrl(url: string): { host: string; port: number; path: string } | undefined {
  const m = URL_RE.exec(url);
  if (!m) return undefined;
  const host = m[1]!.replace(/^\[|\]$/g, '');
  const path = m[3] ?? '/';
  return { host, port: m[2] ? Number(m[2]) : 80, path: path.startsWith('?') ? `/${path}` : path };
}

export function hostHttpProbe(
  net: HostNetwork,
  options: { timeoutMs?: number; fromPod?: HttpProbe } = {},
): HttpProbe {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (req: HttpProbeRequest): Promise<HttpProbeResult> => {
    if (req.from !== 'host') {
      if (options.fromPod) return options.fromPod(req);
      return { ok: false, error: 'requests from inside a pod are not available yet in this playground' };
    }
    const target = parseHttpUrl(req.url);
    if (!target) return { ok: false, error: `curl: (3) URL rejected: ${req.url}` };
    const outcome = await net.request(
      target.host,
      target.port,
      {
        method: req.method,
        path: target.path,
        headers: { Host: `${target.host}:${target.port}`, 'User-Agent': 'curl/8.4.0', Accept: '*/*' },
      },
      { timeoutMs },
    );
    switch (outcome.kind) {
      case 'response':
        return { ok: true, status: outcome.response.status, body: outcome.response.body ?? '' };
      case 'refused':
        return {
          ok: false,
          error: `curl: (7) Failed to connect to ${target.host} port ${target.port} after ${Math.round(outcome.elapsedMs)} ms: Couldn't connect to server`,
        };
      case 'empty':
        return { ok: false, error: 'curl: (52) Empty reply from server' };
      case 'reset':
        return { ok: false, error: 'curl: (56) Recv failure: Connection reset by peer' };
      case 'timeout':
        return {
          ok: false,
          error: `curl: (28) Operation timed out after ${Math.round(outcome.elapsedMs)} milliseconds with 0 bytes received`,
        };
    }
  };
}

/** The engine's request from a pod (Cluster.podHttp), as far as the probe uses it. */
export interface PodHttpCall {
  namespace: string;
  pod: string;
  container?: string;
  url: string;
  method: string;
  timeoutMs: number;
}

export type PodHttpAnswer = { ok: true; status: number; body: string } | { ok: false; error: string };

/**
 * An HttpProbe for `from: {pod, namespace?, container?}`: the request starts in the pod's network
 * namespace and goes as `curl -sS -m 10 URL` in that container would send it (pod DNS, Services
 * through kube-proxy); failures read as curl prints them there. `namespace` defaults to
 * `default` (the http check fills in the lesson's namespace first).
 */
export function podHttpProbe(
  cluster: { podHttp(req: PodHttpCall): Promise<PodHttpAnswer> },
  options: { timeoutMs?: number } = {},
): HttpProbe {
  const timeoutMs = options.timeoutMs ?? 10_000;
  return async (req: HttpProbeRequest): Promise<HttpProbeResult> => {
    if (req.from === 'host') return { ok: false, error: 'this probe only makes requests from inside pods' };
    const r = await cluster.podHttp({
      namespace: req.from.namespace ?? 'default',
      pod: req.from.pod,
      container: req.from.container,
      url: req.url,
      method: req.method,
      timeoutMs,
    });
    return r.ok ? { ok: true, status: r.status, body: r.body } : { ok: false, error: r.error };
  };
}
