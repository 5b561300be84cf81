/**
 * `kubectl rollout status` (kubectl/pkg/cmd/rollout/rollout_status.go).
 *
 * For each object: LIST it by name, then WATCH it from the list's resourceVersion
 * (watchtools.UntilWithSync), and print the status viewer's line for *every* ADDED/MODIFIED
 * event — so the same "Waiting for …" line can repeat while unrelated status fields change —
 * until the viewer says done. --watch=false prints one line and stops; --timeout gives up with
 * `timed out waiting for the condition`. While it waits the command sleeps on the simulated
 * clock, which is what lets the cluster's controllers and kubelets move the rollout forward.
 */
import type { KubeObject, WatchEvent } from '../../../api/types';
import { resourcePath } from '../../discovery';
import { KubectlError } from '../../errors';
import type { Invocation } from '../../registry';
import { workloadSpec } from '../workloads/util';
import { visitInfos, type Info } from '../writeutil';
import { statusViewerFor } from './viewers';

/** The longest single sleep while waiting for the next event. */
const MAX_WAIT_CHUNK_MS = 10 * 60 * 1000;

async function watchStatus(
  inv: Invocation,
  info: Info,
  revision: number,
  watch: boolean,
  timeoutMs: number,
): Promise<void> {
  const viewer = statusViewerFor(info.mapping.group, info.mapping.kind);
  const rest = inv.kube.rest();
  const ctx = inv.ctx;
  const deadline = timeoutMs > 0 ? ctx.now() + timeoutMs : Infinity;
  const fieldSelector = `metadata.name=${info.name}`;
  const path = resourcePath(info.mapping, info.namespace);
  const list = (await rest.requestOK({ method: 'GET', path, query: { fieldSelector } })).body as {
    items?: KubeObject[];
    metadata?: { resourceVersion?: string };
  };
  const queue: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  const handle = await rest.watch(
    { method: 'GET', path, query: { fieldSelector, resourceVersion: list.metadata?.resourceVersion ?? '' } },
    (ev) => {
      queue.push(ev);
      wake?.();
    },
  );
  /** The condition: print the status; true to stop. */
  const onEvent = (type: WatchEvent['type'], obj: KubeObject): boolean => {
    if (type === 'DELETED') throw new KubectlError('object has been deleted');
    const status = viewer(obj, revision);
    inv.out(status.message);
    return status.done || !watch;
  };
  try {
    for (const item of list.items ?? []) if (onEvent('ADDED', item)) return;
    for (;;) {
      while (queue.length > 0) {
        const ev = queue.shift()!;
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
        if (onEvent(ev.type, ev.object as KubeObject)) return;
      }
      if (ctx.signal.aborted) return;
      const remaining = deadline - ctx.now();
      if (remaining <= 0) throw new KubectlError('timed out waiting for the condition');
      const ac = new AbortController();
      const onAbort = (): void => ac.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const arrived = new Promise<void>((resolve) => {
        wake = resolve;
      });
      // A finite sleep, even without --timeout: the CLI moves simulated time only while a
      // command waits on a deadline, and the rollout needs time to move.
      await Promise.race([ctx.sleep(Math.min(remaining, MAX_WAIT_CHUNK_MS), ac.signal), arrived]);
      wake = undefined;
      ac.abort();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  } finally {
    handle.stop();
  }
}

export const rolloutStatus = {
  ...workloadSpec('rollout status'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    const revision = f.int('revision');
    if (inv.args.length === 0 && f.strings('filename').length === 0)
      throw new KubectlError('required resource not specified');
    if (revision < 0) throw new KubectlError(`revision must be a positive integer: ${revision}`);
    if (f.string('kustomize'))
      throw new KubectlError('kubectl rollout status -k (kustomize) is not simulated in Breakfix');
    const { namespace, explicit } = inv.kube.namespace();
    const result = await inv.kube.build({
      args: inv.args,
      filenames: f.strings('filename'),
      recursive: f.bool('recursive'),
      labelSelector: f.string('selector') || undefined,
      allowEmptySelector: true,
      namespace,
      enforceNamespace: explicit,
    });
    if (result.errors.length > 0) throw result.errors[0];
    let found = false;
    const { errors } = await visitInfos(inv, result.refs, { latest: true }, async (info) => {
      found = true;
      await watchStatus(inv, info, revision, f.bool('watch'), f.duration('timeout'));
    });
    if (errors.length > 0) throw errors[0];
    if (!found) inv.err(`No resources found in ${namespace} namespace.\n`);
  },
};
