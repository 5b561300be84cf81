/**
 * Waiting on an object as kubectl's wait package does (watchtools.UntilWithSync): LIST the one
 * object by `metadata.name`, treat what came back as ADDED events, then WATCH from the list's
 * resourceVersion until a condition holds or the timeout passes. Time is the simulated clock:
 * the command sleeps with ctx.sleep, which the CLI turns into advancing the cluster's clock, so
 * controllers and kubelets make progress while kubectl waits.
 */
import type { KubeObject, WatchEvent } from '../../api/types';
import { resourcePath } from '../discovery';
import { KubectlError } from '../errors';
import type { Invocation } from '../registry';
import { Helper, isNotFoundError, seededRandom, type Info } from './writeutil';

/** `timed out waiting for the condition on pods/x` (wait.ErrWaitTimeout extended with the name). */
export const timeoutError = (info: Info): KubectlError =>
  new KubectlError(`timed out waiting for the condition on ${infoObjectName(info)}`);

/** Info.ObjectName(): `pods/x`, `deployments.apps/web`. */
export function infoObjectName(info: Info): string {
  const m = info.mapping;
  return m.group ? `${m.name}.${m.group}/${info.name}` : `${m.name}/${info.name}`;
}

export type Verdict = { done: true; object?: KubeObject } | { done: false } | { error: Error };

/**
 * List-then-watch one object until `check` says done. `missing` decides what a missing object
 * means (done for --for=delete, NotFound otherwise). Throws the timeout error when the deadline
 * passes, and returns undefined if the command is interrupted (Ctrl-C).
 */
export async function untilWithSync(
  inv: Invocation,
  info: Info,
  timeoutMs: number,
  check: (type: WatchEvent['type'], obj: KubeObject) => Verdict,
  missing: () => Verdict,
): Promise<KubeObject | undefined> {
  const rest = inv.kube.rest();
  const ctx = inv.ctx;
  const deadline = ctx.now() + timeoutMs;
  const fieldSelector = `metadata.name=${info.name}`;
  const path = resourcePath(info.mapping, info.namespace);
  const listResp = await rest.requestOK({
    method: 'GET',
    path,
    query: { fieldSelector, limit: '500', resourceVersion: '0' },
  });
  const list = listResp.body as {
    apiVersion?: string;
    kind?: string;
    items?: KubeObject[];
    metadata?: { resourceVersion?: string };
  };
  const decide = (v: Verdict): KubeObject | undefined | null => {
    if ('error' in v) throw v.error;
    if (v.done) return v.object ?? null;
    return undefined;
  };
  // The reflector asks for a random watch timeout between 5 and 10 minutes.
  const rand = seededRandom(ctx.now() ^ 0x5bd1e995);
  const timeoutSeconds = String(300 + Math.floor(rand() * 300));
  const queue: WatchEvent[] = [];
  let wake: (() => void) | undefined;
  const handle = await rest.watch(
    {
      method: 'GET',
      path,
      query: {
        allowWatchBookmarks: 'true',
        fieldSelector,
        resourceVersion: list.metadata?.resourceVersion ?? '',
        timeoutSeconds,
      },
    },
    (ev) => {
      queue.push(ev);
      wake?.();
    },
  );
  try {
    // The informer lists and watches before the condition sees anything.
    // The wire omits the items' apiVersion and kind; the unstructured list decoder fills them in
    // from the list's (`PodList` → `Pod`), so that `pod/x condition met` can name the object.
    const itemKind = (list.kind ?? '').replace(/List$/, '');
    const items = (list.items ?? []).map((it) => ({
      ...it,
      apiVersion: it.apiVersion || list.apiVersion || '',
      kind: it.kind || itemKind,
    }));
    if (items.length === 0) {
      const r = decide(missing());
      if (r !== undefined) return r ?? undefined;
    }
    for (const item of items) {
      const r = decide(check('ADDED', item));
      if (r !== undefined) return r ?? item;
    }
    for (;;) {
      while (queue.length > 0) {
        const ev = queue.shift()!;
        if (ev.type === 'BOOKMARK' || ev.type === 'ERROR') continue;
        const obj = ev.object as KubeObject;
        const r = decide(check(ev.type, obj));
        if (r !== undefined) return r ?? obj;
      }
      if (ctx.signal.aborted) return undefined;
      const remaining = deadline - ctx.now();
      if (remaining <= 0) throw timeoutError(info);
      const ac = new AbortController();
      const onAbort = () => ac.abort();
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const arrived = new Promise<void>((resolve) => {
        wake = resolve;
      });
      await Promise.race([ctx.sleep(remaining, ac.signal), arrived]);
      wake = undefined;
      ac.abort();
      ctx.signal.removeEventListener('abort', onAbort);
    }
  } finally {
    handle.stop();
  }
}

/**
 * wait.IsDeleted: GET the object; gone (or replaced by one with another UID) means deleted;
 * otherwise watch until a DELETED event. `uid` is the UID the DELETE response had.
 */
export async function waitForDeletion(
  inv: Invocation,
  info: Info,
  timeoutMs: number,
  uid?: string,
): Promise<void> {
  let current: KubeObject;
  try {
    current = await new Helper(inv.kube.rest(), info.mapping).get(info.namespace, info.name);
  } catch (e) {
    if (isNotFoundError(e)) return;
    throw e;
  }
  if (uid && current.metadata.uid !== uid) return;
  if (timeoutMs <= 0) throw timeoutError(info);
  await untilWithSync(
    inv,
    info,
    timeoutMs,
    (type) => (type === 'DELETED' ? { done: true } : { done: false }),
    () => ({ done: true }),
  );
}
