/**
 * podsReady: how many pods matching a selector are Ready. When some are not, the explanation
 * names them with the STATUS `kubectl get pods` shows (ImagePullBackOff, CrashLoopBackOff,
 * Pending …): the rows come from the API server's own pod printer (`as=Table`), the same one
 * kubectl's output comes from, so the lesson never re-derives a status.
 */
import type { KubeObject, Table } from '../../api/types';
import { ApiError, statusMessage } from '../resources';
import type { PodsReadyCheck, Text } from '../types';
import { text, type CheckContext } from './context';

export interface PodRow {
  name: string;
  /** The STATUS column (`Running`, `ImagePullBackOff`, `Terminating` …). */
  status: string;
  ready: boolean;
  deleting: boolean;
}

const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

export function isPodReady(pod: KubeObject): boolean {
  const conds = ((pod.status ?? {}) as { conditions?: { type: string; status: string }[] }).conditions ?? [];
  return conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pods matching a label selector in a namespace, with kubectl's STATUS column. */
export async function listPodRows(ctx: CheckContext, namespace: string, selector: string): Promise<PodRow[]> {
  const res = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    query: { labelSelector: selector, includeObject: 'Object' },
    headers: { accept: TABLE_ACCEPT },
  });
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, 'pods'));
  const table = res.body as Table;
  const statusCol = table.columnDefinitions.findIndex((d) => d.name === 'Status');
  const rows: PodRow[] = [];
  for (const row of table.rows) {
    const pod = row.object;
    if (!pod) continue;
    rows.push({
      name: pod.metadata.name ?? '',
      status: statusCol >= 0 ? String(row.cells[statusCol]) : '',
      ready: isPodReady(pod),
      deleting: typeof pod.metadata.deletionTimestamp === 'string',
    });
  }
  return rows;
}

export async function evalPodsReady(ctx: CheckContext, c: PodsReadyCheck): Promise<Text | undefined> {
  const namespace = c.namespace ?? ctx.namespace;
  const rows = await listPodRows(ctx, namespace, c.selector);
  const ready = rows.filter((r) => r.ready && !r.deleting);
  const ok = c.count !== undefined ? ready.length === c.count : ready.length >= (c.min ?? 1);
  if (ok) return undefined;
  if (rows.length === 0)
    return text(
      `No Pod matches ${c.selector} in namespace ${namespace}.`,
      `Namespace ${namespace} に ${c.selector} に一致する Pod がありません。`,
    );
  const want = c.count ?? c.min ?? 1;
  if (c.count !== undefined && ready.length > c.count)
    return text(
      `${ready.length} Pods with ${c.selector} are Ready; ${c.count} expected.`,
      `${c.selector} の Ready な Pod は ${ready.length} 個です（期待は ${c.count} 個）。`,
    );
  const others = rows.filter((r) => !r.ready || r.deleting).slice(0, 5);
  const list = others.map((r) => `${r.name} ${r.status}`).join(', ');
  const more = rows.length - ready.length > others.length ? ', …' : '';
  return text(
    `${ready.length} of ${want} Pods with ${c.selector} are Ready${list ? `; not ready: ${list}${more}` : ''}.`,
    `${c.selector} の Pod のうち Ready なのは ${ready.length}/${want} 個です${list ? `（Ready でない Pod: ${list}${more}）` : ''}。`,
  );
}
