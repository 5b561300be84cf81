/**
 * logs: what `kubectl logs` shows. Reads the pod's `log` subresource (text), for one pod or for
 * every pod matching a selector (any of them may show the line).
 */
import type { KubeList, KubeObject } from '../../api/types';
import { ApiError, statusMessage } from '../resources';
import type { LogsCheck, Text } from '../types';
import { q, text, type CheckContext } from './context';

/** The `kubectl logs` command a learner would type for the check. */
export function logsCommand(c: LogsCheck, namespace: string): string {
  const parts = ['kubectl logs'];
  parts.push(c.pod !== undefined ? c.pod : `-l ${c.selector ?? ''}`);
  if (c.container) parts.push(`-c ${c.container}`);
  if (c.previous) parts.push('-p');
  if (namespace !== 'default') parts.push(`-n ${namespace}`);
  return parts.join(' ');
}

async function podNames(ctx: CheckContext, c: LogsCheck, namespace: string): Promise<string[]> {
  if (c.pod !== undefined) return [c.pod];
  const res = await ctx.client.request({
    method: 'GET',
    path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
    query: { labelSelector: c.selector ?? '' },
  });
  if (res.status !== 200) throw new ApiError(res.status, statusMessage(res.body, 'pods'));
  return (res.body as KubeList<KubeObject>).items
    .filter((p) => typeof p.metadata.deletionTimestamp !== 'string')
    .map((p) => p.metadata.name ?? '');
}

export async function evalLogs(ctx: CheckContext, c: LogsCheck): Promise<Text | undefined> {
  const namespace = c.namespace ?? ctx.namespace;
  const re = new RegExp(c.matches, 'm');
  const names = await podNames(ctx, c, namespace);
  const cmd = logsCommand(c, namespace);
  if (names.length === 0)
    return text(
      `No Pod matches ${c.selector ?? ''} in namespace ${namespace}.`,
      `Namespace ${namespace} に ${c.selector ?? ''} に一致する Pod がありません。`,
    );
  let lastProblem: string | undefined;
  let lastLine: string | undefined;
  for (const name of names) {
    const query: Record<string, string> = {};
    if (c.container) query.container = c.container;
    if (c.previous) query.previous = 'true';
    const res = await ctx.client.request({
      method: 'GET',
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/log`,
      query,
    });
    if (res.status !== 200) {
      lastProblem = statusMessage(res.body, `the log of ${name}`);
      continue;
    }
    const log = typeof res.body === 'string' ? res.body : '';
    if (re.test(log)) return undefined;
    const lines = log.trimEnd().split('\n');
    lastLine = lines[lines.length - 1] ?? '';
  }
  if (lastLine !== undefined && lastLine !== '')
    return text(
      `No line matches /${c.matches}/ yet; the last line \`${cmd}\` shows is ${q(lastLine)}.`,
      `/${c.matches}/ に一致する行はまだありません。\`${cmd}\` の最後の行は ${q(lastLine)} です。`,
    );
  if (lastProblem !== undefined)
    return text(`\`${cmd}\` fails: ${lastProblem}`, `\`${cmd}\` がエラーになります: ${lastProblem}`);
  return text(`\`${cmd}\` shows nothing yet.`, `\`${cmd}\` にはまだ何も出ていません。`);
}
