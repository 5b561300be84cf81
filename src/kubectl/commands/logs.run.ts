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
import { type Invocation } from '../registry';
import {
  openPodStream,
  podForObject,
  podSpec,
  selectorOf,
  sortMostActive,
  streamEndError,
} from './streams/pods';

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

export async function run(inv: Invocation): Promise<number> {
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
