/**
 * `kubectl port-forward TYPE/NAME [LOCAL_PORT:]REMOTE_PORT...` (kubectl/pkg/cmd/portforward,
 * client-go tools/portforward).
 *
 *  1. Find the pod: `pod/NAME` (or a bare NAME), or the first active pod selected by a
 *     deployment, replica set, stateful set or service (AttachablePodForObject). For a service,
 *     the remote port names a *service* port and is translated to the pod's port via targetPort.
 *  2. Refuse a pod that is not Running.
 *  3. Listen on localhost (127.0.0.1 and ::1) for each port: `Forwarding from 127.0.0.1:5555 -> 8080`.
 *  4. Hold the terminal until Ctrl-C. Each accepted connection prints `Handling connection for
 *     5555` and becomes one `pods/portforward` stream to the kubelet, which dials localhost:8080
 *     inside the pod. If the kubelet reports an error (nothing listens on 8080, the pod is gone),
 *     client-go logs it, closes the whole session, and kubectl exits with `error: lost
 *     connection to pod`; the local client saw an empty reply.
 */
import type {
  HostConnectionHandler,
  HostHttpOutcome,
  HostListener,
  PortForwardConnection,
  PortForwardResult,
} from '../../api/hostnet';
import type { KubeObject } from '../../api/types';
import { parseSelector } from '../../apimachinery/labels';
import { KubectlError } from '../errors';
import { type Invocation } from '../registry';

const KINDS: Record<string, { path: (ns: string, n: string) => string; kind: string }> = {};
for (const [names, kind, base] of [
  [['pod', 'pods', 'po'], 'Pod', '/api/v1'],
  [
    ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'],
    'Deployment',
    '/apis/apps/v1',
  ],
  [['replicaset', 'replicasets', 'rs', 'replicaset.apps', 'replicasets.apps'], 'ReplicaSet', '/apis/apps/v1'],
  [
    ['statefulset', 'statefulsets', 'sts', 'statefulset.apps', 'statefulsets.apps'],
    'StatefulSet',
    '/apis/apps/v1',
  ],
  [['service', 'services', 'svc'], 'Service', '/api/v1'],
] as const) {
  const plural = `${kind.toLowerCase()}s`;
  for (const n of names)
    KINDS[n] = { kind, path: (ns, name) => `${base}/namespaces/${ns}/${plural}/${name}` };
}

/** klog's header for an error line: `E1127 23:45:01.123456   41235 portforward.go:413] `. */
function klogError(now: number, file: string): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = p(d.getUTCMilliseconds() * 1000, 6);
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${micros}   41235 ${file}] `;
}

interface PortPair {
  local: number;
  remote: string;
}

function parsePorts(specs: string[]): PortPair[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new KubectlError(`invalid port format '${spec}'`);
    const [l, r] = parts.length === 1 ? [parts[0]!, parts[0]!] : [parts[0]!, parts[1]!];
    const local = l === '' ? 0 : Number(l);
    if (!/^\d*$/.test(l) || local > 65535)
      throw new KubectlError(
        `Error parsing local port '${l}': strconv.ParseUint: parsing "${l}": invalid syntax`,
      );
    return { local, remote: r };
  });
}

/** podutils.ActivePods order, simplified: running and ready pods first, then the newest. */
function pickPod(pods: KubeObject[]): KubeObject | undefined {
  const score = (p: KubeObject) => {
    const st = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
    const ready = (st.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
    return (p.metadata.deletionTimestamp ? 0 : 4) + (st.phase === 'Running' ? 2 : 0) + (ready ? 1 : 0);
  };
  return [...pods].sort(
    (a, b) => score(b) - score(a) || ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1),
  )[0];
}

export async function run(inv: Invocation): Promise<number> {
  const { ctx } = inv;
  const args = inv.args;
  if (args.length < 2) throw inv.usageError('TYPE/NAME and list of ports are required for port-forward');
  const { namespace } = inv.kube.namespace();
  const rest = inv.kube.rest();
  const target = args[0]!;
  const slash = target.indexOf('/');
  const [type, name] = slash < 0 ? ['pod', target] : [target.slice(0, slash), target.slice(slash + 1)];
  const kind = KINDS[type.toLowerCase()];
  if (!kind) throw new KubectlError(`the server doesn't have a resource type "${type}"`);
  const obj = (await rest.requestOK({ method: 'GET', path: kind.path(namespace, name) })).body as KubeObject;
  const ports = parsePorts(args.slice(1));

  let pod = obj;
  if (kind.kind !== 'Pod') {
    const spec = (obj.spec ?? {}) as { selector?: Record<string, unknown> };
    const sel =
      kind.kind === 'Service'
        ? Object.entries((spec.selector ?? {}) as Record<string, string>)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : Object.entries(
            ((spec.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels ??
              {}) as Record<string, string>,
          )
            .map(([k, v]) => `${k}=${v}`)
            .join(',');
    parseSelector(sel);
    const list = (
      await rest.requestOK({
        method: 'GET',
        path: `/api/v1/namespaces/${namespace}/pods`,
        query: { labelSelector: sel },
      })
    ).body as { items: KubeObject[] };
    const chosen = pickPod(list.items);
    if (!chosen) throw new KubectlError(`timed out waiting for the condition`);
    pod = chosen;
    if (kind.kind === 'Service') {
      // translateServicePortToTargetPort
      const svcPorts =
        (obj.spec as { ports?: { name?: string; port: number; targetPort?: number | string }[] }).ports ?? [];
      for (const p of ports) {
        const sp = svcPorts.find((s) => String(s.port) === p.remote || s.name === p.remote);
        if (!sp) throw new KubectlError(`Service ${name} does not have a service port ${p.remote}`);
        let tp = sp.targetPort ?? sp.port;
        if (typeof tp === 'string') {
          const containers =
            (pod.spec as { containers?: { ports?: { name?: string; containerPort: number }[] }[] })
              .containers ?? [];
          const found = containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === tp);
          if (!found) throw new KubectlError(`Pod '${pod.metadata.name}' does not have a named port '${tp}'`);
          tp = found.containerPort;
        }
        if (p.local === 0 && !args.slice(1).some((a) => a.startsWith(':'))) p.local = sp.port;
        p.remote = String(tp);
      }
    }
  }
  for (const p of ports) {
    if (!/^\d+$/.test(p.remote)) {
      const containers =
        (pod.spec as { containers?: { ports?: { name?: string; containerPort: number }[] }[] }).containers ??
        [];
      const found = containers.flatMap((c) => c.ports ?? []).find((cp) => cp.name === p.remote);
      if (!found)
        throw new KubectlError(`Pod '${pod.metadata.name}' does not have a named port '${p.remote}'`);
      p.remote = String(found.containerPort);
    }
  }
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  if (phase !== 'Running')
    throw new KubectlError(
      `unable to forward port because pod is not running. Current status=${phase ?? 'Unknown'}`,
    );

  const host = ctx.host;
  if (!host) throw new KubectlError('port-forward needs a terminal on a machine: not available in this host');
  const addresses = inv.flags.strings('address');
  const binds: string[] = [];
  for (const a of addresses.length ? addresses : ['localhost']) {
    if (a === 'localhost') binds.push('127.0.0.1', '::1');
    else binds.push(a);
  }

  const podPath = `/api/v1/namespaces/${pod.metadata.namespace ?? namespace}/pods/${pod.metadata.name}/portforward`;
  const lost = new AbortController();
  const listeners: HostListener[] = [];
  const handlerFor =
    (local: () => number, remote: number): HostConnectionHandler =>
    async (request, opts) => {
      ctx.stdout(`Handling connection for ${local()}\n`);
      const conn: PortForwardConnection = {
        apiVersion: 'v1',
        kind: 'PortForwardConnection',
        port: remote,
        request,
        timeoutMs: Number.isFinite(opts.timeoutMs) ? opts.timeoutMs : 24 * 3600_000,
      };
      const res = await rest.request({
        method: 'POST',
        path: podPath,
        query: { ports: String(remote) },
        body: conn,
      });
      if (res.status !== 200) {
        lost.abort();
        return { kind: 'empty', elapsedMs: 0 } as HostHttpOutcome;
      }
      const result = res.body as PortForwardResult;
      if (result.error) {
        ctx.stderr(
          `${klogError(ctx.now(), 'portforward.go:413')}"Unhandled Error" err="an error occurred forwarding ${local()} -> ${remote}: ${result.error.replace(/"/g, '\\"')}"\n`,
        );
        lost.abort();
      }
      return result.outcome;
    };

  let anyOk = false;
  for (const p of ports) {
    const errors: string[] = [];
    let boundPort = p.local;
    for (const addr of binds) {
      const l = host.listen(
        addr,
        boundPort,
        `kubectl port-forward ${target}`,
        handlerFor(() => boundPort, Number(p.remote)),
      );
      if ('error' in l) {
        errors.push(`unable to create listener: Error ${l.error}`);
        continue;
      }
      boundPort = l.port;
      listeners.push(l);
      ctx.stdout(`Forwarding from ${addr.includes(':') ? `[${addr}]` : addr}:${l.port} -> ${p.remote}\n`);
    }
    if (errors.length === binds.length)
      ctx.stderr(
        `Unable to listen on port ${p.local}: Listeners failed to create with the following errors: [${errors.join(' ')}]\n`,
      );
    else anyOk = true;
  }
  const close = () => {
    for (const l of listeners) l.close();
  };
  if (!anyOk) {
    close();
    throw new KubectlError(
      `unable to listen on any of the requested ports: [${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`,
    );
  }
  const both = new AbortController();
  const stop = () => both.abort();
  ctx.signal.addEventListener('abort', stop, { once: true });
  lost.signal.addEventListener('abort', stop, { once: true });
  try {
    await ctx.sleep(Infinity, both.signal);
  } finally {
    close();
    ctx.signal.removeEventListener('abort', stop);
  }
  if (lost.signal.aborted && !ctx.signal.aborted) throw new KubectlError('lost connection to pod');
  return 0;
}
