/**
 * One HTTP request made from inside a pod, as `curl -sS -m SECONDS URL` run in one of its
 * containers would make it (the lessons' `http` check with `from: {pod: …}`), without needing a
 * curl binary in the pod's image:
 *
 *  - it starts in the pod's network namespace (its pod IP; a hostNetwork pod: its node's);
 *  - the host name is looked up as the container's libc does it: the kubelet-managed
 *    /etc/hosts first (the pod's own name, hostAliases), then the cluster DNS with the search
 *    list and ndots of the pod's /etc/resolv.conf (dnsPolicy, dnsConfig) — `web`, `web.ns`, the
 *    FQDN, pod IPs and ClusterIPs (kube-proxy of the pod's node picks a ready endpoint);
 *  - failures are described with curl's own messages (images/curl.ts `curlNetFailure`).
 *
 * The containers of a pod share its network namespace and its resolv.conf, so `container` only
 * has to exist and be running, as it must for `kubectl exec`. Edits a learner makes by hand to a
 * container's /etc/hosts or /etc/resolv.conf are not seen here: the files are taken as the
 * kubelet writes them.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { CURL_VERSION, curlNetFailure } from '../../kubelet/images/curl';
import { parseURL } from '../../kubelet/images/httpclient';
import { managedHosts, resolvConf } from '../../kubelet/volumes/volume_manager';
import type { ServiceNetwork } from './index';
import { httpOnNetwork } from './portforward';

export interface PodHttpRequest {
  namespace: string;
  pod: string;
  /** A container of the pod (default: any; they share the network namespace). */
  container?: string;
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** The whole transfer's limit, ms (curl's `-m`). */
  timeoutMs: number;
}

export type PodHttpResult =
  | { ok: true; status: number; headers: Record<string, string>; body: string; elapsedMs: number }
  /** `error`: what curl prints (`curl: (7) Failed to connect …`), or why no request was made. */
  | { ok: false; error: string; elapsedMs: number };

interface ContainerStatusLite {
  name: string;
  state?: { running?: unknown };
}

/** An IPv4 address for `name` from a hosts file (first match wins, as in musl). */
function hostsLookup(hosts: string, name: string): string | undefined {
  for (const line of hosts.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length >= 2 && fields.slice(1).includes(name) && /^\d+\.\d+\.\d+\.\d+$/.test(fields[0]!))
      return fields[0];
  }
  return undefined;
}

/**
 * Make the request. `getPod` reads a pod from the API server's store. The promise settles in
 * simulated time: whoever awaits it must let the cluster's clock run (the browser does by itself;
 * headless hosts step it).
 */
export async function podHttp(
  sn: ServiceNetwork,
  getPod: (namespace: string, name: string) => KubeObject | undefined,
  req: PodHttpRequest,
): Promise<PodHttpResult> {
  const fail = (error: string, elapsedMs = 0): PodHttpResult => ({ ok: false, error, elapsedMs });
  const pod = getPod(req.namespace, req.pod) as Pod | undefined;
  if (!pod) return fail(`pods "${req.pod}" not found in namespace "${req.namespace}"`);
  const phase = pod.status?.phase ?? 'Pending';
  if (phase !== 'Running') return fail(`pod ${req.pod} is not running (its phase is ${phase})`);
  if (req.container !== undefined) {
    // an ephemeral container (`kubectl debug`) shares the pod's network namespace too
    const names = [...(pod.spec?.containers ?? []), ...(pod.spec?.ephemeralContainers ?? [])].map(
      (c) => c.name,
    );
    if (!names.includes(req.container))
      return fail(`container ${req.container} is not valid for pod ${req.pod}`);
    const statuses = [
      ...(pod.status?.containerStatuses ?? []),
      ...(pod.status?.ephemeralContainerStatuses ?? []),
    ] as ContainerStatusLite[];
    const cs = statuses.find((s) => s.name === req.container);
    if (!cs?.state?.running)
      return fail(`unable to upgrade connection: container not found ("${req.container}")`);
  }
  const hostNetwork = pod.spec?.hostNetwork === true;
  const ip = hostNetwork ? pod.status?.hostIP : pod.status?.podIP;
  const network = sn.deps.network;
  const netns = ip ? network.namespaceOf(ip) : undefined;
  if (!ip || !netns) return fail(`pod ${req.pod} has no network namespace (its sandbox is not running)`);

  const u = parseURL(req.url);
  if (!u) return fail('curl: (3) URL rejected: Malformed input to a URL function');
  if (u.scheme !== 'http' && u.scheme !== 'https')
    return fail(`curl: (1) Protocol "${u.scheme}" not supported`);
  if (u.scheme === 'https') return fail('curl: (35) TLS is not simulated in Breakfix');

  // the kubelet's /etc/hosts (a hostNetwork pod gets the node's, which names no cluster hosts)
  const fromHosts = hostNetwork ? undefined : hostsLookup(managedHosts(pod, ip), u.host);
  let target = fromHosts;
  if (target === undefined) {
    const r = network.resolve(netns, u.host, resolvConf(pod));
    if (!r.ok) return fail(`curl: (6) Could not resolve host: ${u.host}`);
    target = r.ips[0]!;
  }
  const headers: Record<string, string> = {
    Host: u.hostHeader,
    'User-Agent': `curl/${CURL_VERSION}`,
    Accept: '*/*',
    ...req.headers,
  };
  if (req.body !== undefined) {
    headers['Content-Length'] = String(req.body.length);
    headers['Content-Type'] ??= 'application/x-www-form-urlencoded';
  }
  const res = await httpOnNetwork(
    sn,
    netns,
    target,
    u.port,
    { method: req.method, path: u.path, headers, body: req.body },
    req.timeoutMs,
  );
  const took = Math.max(0, Math.round(res.elapsedMs));
  if (!res.ok) {
    const f = curlNetFailure(res.error, u.host, u.port, took, true);
    return fail(`curl: (${f.code}) ${f.message}`, took);
  }
  return {
    ok: true,
    status: res.response.status,
    headers: { ...res.response.headers },
    body: res.response.body ?? '',
    elapsedMs: took,
  };
}
