/**
 * `kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]` (kubectl/pkg/cmd/logs,
 * polymorphichelpers.logsForObject).
 *
 * One request per (pod, container) to the pods/log subresource. Without -f each is a plain GET
 * of the text; with -f each is a stream (`client.watch`, see the kubelet's server/streams.ts)
 * that lasts until the container stops or Ctrl-C. `TYPE/NAME` uses the most active pod of the
 * object's selector and says so on stderr when there is a choice (`Found 3 pods, using
 * pod/web-…`); a pod with several containers and no `-c` uses the first one and says so too
 * (`Defaulted container "web" out of: web, sidecar`).
 */
import type { KubeObject } from '../../api/types';
import { KubectlError, StatusError } from '../errors';
import { boolFlag, durationFlag, intFlag, stringFlag } from '../flags';
import { registerCommand, type Invocation } from '../registry';
import {
  openPodStream,
  podForObject,
  podSpec,
  selectorOf,
  sortMostActive,
  streamEndError,
} from './streams/pods';

const LONG = `Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is optional.`;

const EXAMPLE = `  # Return snapshot logs from pod nginx with only one container
  kubectl logs nginx
  
  # Return snapshot logs from pod nginx, prefixing each line with the source pod and container name
  kubectl logs nginx --prefix
  
  # Return snapshot logs from pod nginx, limiting output to 500 bytes
  kubectl logs nginx --limit-bytes=500
  
  # Return snapshot logs from pod nginx, waiting up to 20 seconds for it to start running.
  kubectl logs nginx --pod-running-timeout=20s
  
  # Return snapshot logs from pod nginx with multi containers
  kubectl logs nginx --all-containers=true
  
  # Return snapshot logs from all pods in the deployment nginx
  kubectl logs deployment/nginx --all-pods=true
  
  # Return snapshot logs from all containers in pods defined by label app=nginx
  kubectl logs -l app=nginx --all-containers=true
  
  # Return snapshot logs from all pods defined by label app=nginx, limiting concurrent log requests to 10 pods
  kubectl logs -l app=nginx --max-log-requests=10
  
  # Return snapshot of previous terminated ruby container logs from pod web-1
  kubectl logs -p -c ruby web-1
  
  # Begin streaming the logs from pod nginx, continuing even if errors occur
  kubectl logs nginx -f --ignore-errors=true
  
  # Begin streaming the logs of the ruby container in pod web-1
  kubectl logs -f -c ruby web-1
  
  # Begin streaming the logs from all containers in pods defined by label app=nginx
  kubectl logs -f -l app=nginx --all-containers=true
  
  # Display only the most recent 20 lines of output in pod nginx
  kubectl logs --tail=20 nginx
  
  # Show all logs from pod nginx written in the last hour
  kubectl logs --since=1h nginx
  
  # Show all logs with timestamps from pod nginx starting from August 30, 2024, at 06:00:00 UTC
  kubectl logs nginx --since-time=2024-08-30T06:00:00Z --timestamps=true
  
  # Show logs from a kubelet with an expired serving certificate
  kubectl logs --insecure-skip-tls-verify-backend nginx
  
  # Return snapshot logs from first container of a job named hello
  kubectl logs job/hello
  
  # Return snapshot logs from container nginx-1 of a deployment named nginx
  kubectl logs deployment/nginx -c nginx-1`;

const USAGE_ERR = `expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.
POD or TYPE/NAME is a required argument for the logs command`;

/** One log source: `pod/web-1` container `web`. */
interface Source {
  pod: KubeObject;
  container: string;
}

/** logsForObjectWithClient for one pod: the default or named container, or all of them. */
function sourcesOfPod(inv: Invocation, pod: KubeObject, container: string, all: boolean): Source[] {
  const s = podSpec(pod);
  const every = [...(s.initContainers ?? []), ...(s.containers ?? []), ...(s.ephemeralContainers ?? [])];
  if (all) return every.map((c) => ({ pod, container: c.name }));
  let name = container;
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'] ?? '';
  if (name === '' && annotated !== '') {
    if (every.some((c) => c.name === annotated)) name = annotated;
    else
      inv.err(`Default container name ${JSON.stringify(annotated)} not found in pod ${pod.metadata.name}\n`);
  }
  if (name === '') {
    const first = s.containers?.[0]?.name ?? '';
    name = first;
    if (
      (s.containers ?? []).length > 1 ||
      (s.initContainers ?? []).length > 0 ||
      (s.ephemeralContainers ?? []).length > 0
    ) {
      const names = [
        ...(s.containers ?? []).map((c) => c.name),
        ...(s.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
        ...(s.initContainers ?? []).map((c) => `${c.name} (init)`),
      ].join(', ');
      inv.err(`Defaulted container ${JSON.stringify(first)} out of: ${names}\n`);
    }
  }
  if (!every.some((c) => c.name === name))
    throw new KubectlError(`container ${name} is not valid for pod ${pod.metadata.name}`);
  return [{ pod, container: name }];
}

/** `[pod/web-1/web] ` (DefaultConsumeRequest with --prefix). */
const prefixOf = (s: Source) => `[pod/${s.pod.metadata.name}/${s.container}] `;

/** Prefix every complete line; keep a partial last line for the next chunk. */
function linePrefixer(prefix: string, write: (t: string) => void) {
  let atLineStart = true;
  return (data: string) => {
    if (prefix === '') return write(data);
    let out = '';
    for (const ch of data.split(/(?<=\n)/)) {
      if (ch === '') continue;
      if (atLineStart) out += prefix;
      out += ch;
      atLineStart = ch.endsWith('\n');
    }
    write(out);
  };
}

async function run(inv: Invocation): Promise<number> {
  const { flags, args } = inv;
  const selector = flags.string('selector');
  let container = flags.string('container');
  if (args.length === 0 && selector === '') throw inv.usageError(USAGE_ERR);
  if (args.length === 1 && selector !== '')
    throw inv.usageError('only a selector (-l) or a POD name is allowed');
  if (args.length > 2) throw inv.usageError(USAGE_ERR);
  if (flags.changed('since-time') && flags.changed('since'))
    throw new KubectlError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  const allContainers = flags.bool('all-containers');
  if (allContainers && container !== '')
    throw new KubectlError(`--all-containers=true should not be specified with container name ${container}`);
  if (flags.changed('container') && args.length === 2)
    throw new KubectlError('only one of -c or an inline [CONTAINER] arg is allowed');
  if (args.length === 2) container = args[1]!;
  if (flags.int('limit-bytes') < 0) throw new KubectlError('--limit-bytes must be greater than 0');
  if (flags.duration('since') < 0) throw new KubectlError('--since must be greater than 0');
  const tail = flags.int('tail');
  if (tail < -1) throw new KubectlError('--tail must be greater than or equal to -1');

  const query: Record<string, string> = {};
  if (flags.bool('previous')) query.previous = 'true';
  if (flags.bool('timestamps')) query.timestamps = 'true';
  if (flags.int('limit-bytes') > 0) query.limitBytes = String(flags.int('limit-bytes'));
  if (flags.changed('since')) query.sinceSeconds = String(Math.round(flags.duration('since') / 1000));
  if (flags.string('since-time') !== '') query.sinceTime = flags.string('since-time');
  if (flags.changed('tail') || selector !== '')
    query.tailLines = String(selector !== '' && !flags.changed('tail') ? 10 : tail);
  if (query.tailLines === '-1') delete query.tailLines;
  const follow = flags.bool('follow');
  const allPods = flags.bool('all-pods');
  const prefix = flags.bool('prefix') || allPods;

  const { namespace } = inv.kube.namespace();
  const rest = inv.kube.rest();
  let sources: Source[] = [];
  if (selector !== '') {
    const list = (
      await rest.requestOK({
        method: 'GET',
        path: `/api/v1/namespaces/${namespace}/pods`,
        query: { labelSelector: selector },
      })
    ).body as { items: KubeObject[] };
    if (list.items.length === 0) inv.err(`No resources found in ${namespace} namespace.\n`);
    for (const pod of list.items) sources.push(...sourcesOfPod(inv, pod, container, allContainers));
  } else {
    const found = await podForObject(
      inv,
      args[0]!,
      namespace,
      (resource, name) =>
        new KubectlError(
          `error from server (NotFound): ${resource} "${name}" not found in namespace "${namespace}"`,
        ),
    );
    if (!found.pod) {
      await inv.ctx.sleep(flags.duration('pod-running-timeout'), inv.ctx.signal);
      throw new KubectlError('timed out waiting for the condition');
    }
    if (allPods && found.object.kind !== 'Pod') {
      const list = (
        await rest.requestOK({
          method: 'GET',
          path: `/api/v1/namespaces/${namespace}/pods`,
          query: { labelSelector: selectorOf(found.object) },
        })
      ).body as { items: KubeObject[] };
      for (const pod of sortMostActive(list.items))
        sources.push(...sourcesOfPod(inv, pod, container, allContainers));
    } else {
      if (found.numPods > 1) inv.err(`Found ${found.numPods} pods, using pod/${found.pod.metadata.name}\n`);
      sources = sourcesOfPod(inv, found.pod, container, allContainers);
    }
  }

  const requestFor = (s: Source) => ({
    method: 'GET' as const,
    path: `/api/v1/namespaces/${s.pod.metadata.namespace ?? namespace}/pods/${s.pod.metadata.name}/log`,
    query: { ...query, container: s.container, ...(follow ? { follow: 'true' } : {}) },
  });
  const ignoreErrors = flags.bool('ignore-errors');

  if (!follow) {
    for (const s of sources) {
      const res = await rest.request(requestFor(s));
      if (res.status >= 300) {
        const e = rest.statusError(res);
        if (ignoreErrors) continue;
        throw e;
      }
      const text = typeof res.body === 'string' ? res.body : '';
      linePrefixer(prefix ? prefixOf(s) : '', inv.out)(text);
    }
    return 0;
  }

  const max = flags.int('max-log-requests');
  if (selector !== '' && sources.length > max)
    throw new KubectlError(
      `you are attempting to follow ${sources.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`,
    );
  const streams = [];
  for (const s of sources) {
    const write = linePrefixer(prefix ? prefixOf(s) : '', inv.out);
    try {
      streams.push(
        await openPodStream(inv, requestFor(s), { onChunk: (_stream, data) => write(data) }, inv.ctx.signal),
      );
    } catch (e) {
      if (ignoreErrors && e instanceof StatusError) continue;
      for (const open of streams) open.stop();
      throw e;
    }
  }
  const ends = await Promise.all(streams.map((s) => s.done));
  for (const end of ends) if (end && end.status === 'Failure' && !ignoreErrors) throw streamEndError(end);
  return 0;
}

registerCommand({
  name: 'logs',
  short: 'Print the logs for a container in a pod',
  long: LONG,
  example: EXAMPLE,
  use: 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]',
  flags: [
    boolFlag('all-containers', "Get all containers' logs in the pod(s)."),
    boolFlag('all-pods', 'Get logs from all pod(s). Sets prefix to true.'),
    stringFlag('container', 'Print the logs of this container', { shorthand: 'c' }),
    boolFlag('follow', 'Specify if the logs should be streamed.', { shorthand: 'f' }),
    boolFlag(
      'ignore-errors',
      'If watching / following pod logs, allow for any errors that occur to be non-fatal',
    ),
    boolFlag(
      'insecure-skip-tls-verify-backend',
      'Skip verifying the identity of the kubelet that logs are requested from.  In theory, an attacker could provide invalid log content back. You might want to use this if your kubelet serving certificates have expired.',
    ),
    intFlag('limit-bytes', 0, 'Maximum bytes of logs to return. Defaults to no limit.'),
    intFlag(
      'max-log-requests',
      5,
      'Specify maximum number of concurrent logs to follow when using by a selector. Defaults to 5.',
    ),
    durationFlag(
      'pod-running-timeout',
      20_000,
      'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    ),
    boolFlag('prefix', 'Prefix each log line with the log source (pod name and container name)'),
    boolFlag(
      'previous',
      'If true, print the logs for the previous instance of the container in a pod if it exists.',
      { shorthand: 'p' },
    ),
    stringFlag(
      'selector',
      "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
      { shorthand: 'l' },
    ),
    durationFlag(
      'since',
      0,
      'Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs. Only one of since-time / since may be used.',
    ),
    stringFlag(
      'since-time',
      'Only return logs after a specific date (RFC3339). Defaults to all logs. Only one of since-time / since may be used.',
    ),
    intFlag(
      'tail',
      -1,
      'Lines of recent log file to display. Defaults to -1 with no selector, showing all log lines otherwise 10, if a selector is provided.',
    ),
    boolFlag('timestamps', 'Include timestamps on each line in the log output'),
  ],
  run,
});
