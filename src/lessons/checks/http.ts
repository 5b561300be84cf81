/**
 * http: an HTTP request from a pod (its network namespace) or from the learner's machine
 * (`curl localhost:30599`, a port-forward) returns a status and a body. The request itself is
 * the host's business (LessonHost.http): it runs inside the simulated network, so a wrong port
 * or a selector typo fails here exactly as it fails for curl.
 */
import type { HttpCheck, Text } from '../types';
import { q, text, type CheckContext } from './context';

export async function evalHttp(ctx: CheckContext, c: HttpCheck): Promise<Text | undefined> {
  if (!ctx.http)
    return text(
      'HTTP checks are not available yet: this playground does not simulate requests between pods, Services and your machine yet.',
      'HTTP のチェックはまだ使えません。このプレイグラウンドは、Pod・Service・手元の端末の間の通信をまだシミュレートしていません。',
    );
  // a pod named without a namespace is in the lesson's namespace, like every other check's object
  const from = c.from === 'host' ? c.from : { ...c.from, namespace: c.from.namespace ?? ctx.namespace };
  const res = await ctx.http({ from, url: c.url, method: (c.method ?? 'GET').toUpperCase() });
  if (!res.ok) return text(`The request failed: ${res.error}`, `リクエストが失敗しました: ${res.error}`);
  const want = c.status ?? 200;
  if (res.status !== want)
    return text(`It answered ${res.status} (${want} expected).`, `応答は ${res.status} でした（期待は ${want}）。`);
  if (c.body !== undefined && !new RegExp(c.body).test(res.body)) {
    const body = res.body.length > 200 ? `${res.body.slice(0, 200)}…` : res.body;
    return text(
      `The body does not match /${c.body}/: ${q(body)}.`,
      `本文が /${c.body}/ に一致しません: ${q(body)}。`,
    );
  }
  return undefined;
}
