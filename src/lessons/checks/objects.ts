/**
 * Checks about one object (or one list): exists, absent, field (kubectl's JSONPath), condition.
 */
import type { KubeObject } from '../../api/types';
import { executeJsonPath, JsonPathPrintError, parseKubectlJsonPath } from '../../apimachinery/jsonpath';
import { getObject, listObjects, type ResourceInfo } from '../resources';
import type { AbsentCheck, ConditionCheck, ExistsCheck, FieldCheck, ObjectRef, Text } from '../types';
import { q, text, type CheckContext } from './context';
import { kubectlGet, objectLabel } from './describe';

/** The namespace a check means (cluster-scoped kinds have none). */
export function nsOf(ctx: CheckContext, info: ResourceInfo, namespace?: string): string {
  return info.namespaced ? (namespace ?? ctx.namespace) : '';
}

export async function fetchRef(
  ctx: CheckContext,
  ref: ObjectRef,
): Promise<{ info: ResourceInfo; namespace: string; label: Text; object: KubeObject | undefined }> {
  const info = await ctx.mapper.resolve(ref.kind, ref.apiVersion);
  const namespace = nsOf(ctx, info, ref.namespace);
  const object = await getObject(ctx.client, info, ref.name, namespace);
  return { info, namespace, label: objectLabel(info.kind, ref.name, namespace || 'default'), object };
}

export function notFound(label: Text, info: ResourceInfo, namespace: string): Text {
  if (!info.namespaced) return text(`${label.en} was not found.`, `${label.ja} が見つかりません。`);
  return text(
    `${label.en} was not found in namespace ${namespace}.`,
    `Namespace ${namespace} に ${label.ja} が見つかりません。`,
  );
}

const deleting = (o: KubeObject): boolean => typeof o.metadata.deletionTimestamp === 'string';

export async function evalExists(ctx: CheckContext, c: ExistsCheck): Promise<Text | undefined> {
  const { info, namespace, label, object } = await fetchRef(ctx, c);
  if (!object) return notFound(label, info, namespace);
  if (deleting(object))
    return text(`${label.en} is being deleted.`, `${label.ja} は削除中です。`);
  return undefined;
}

export async function evalAbsent(ctx: CheckContext, c: AbsentCheck): Promise<Text | undefined> {
  const { label, object } = await fetchRef(ctx, c);
  if (!object) return undefined;
  if (deleting(object))
    return text(
      `${label.en} is still being deleted (it has a deletionTimestamp${finalizers(object)}).`,
      `${label.ja} はまだ削除中です（deletionTimestamp があります${finalizersJa(object)}）。`,
    );
  return text(`${label.en} still exists.`, `${label.ja} はまだあります。`);
}

function finalizers(o: KubeObject): string {
  const f = o.metadata.finalizers ?? [];
  return f.length ? `; finalizers: ${f.join(', ')}` : '';
}

function finalizersJa(o: KubeObject): string {
  const f = o.metadata.finalizers ?? [];
  return f.length ? `。finalizers: ${f.join(', ')}` : '';
}

/** What `kubectl get … -o jsonpath=<path>` prints for the object or list. */
export function jsonpathOutput(path: string, data: unknown): string {
  return executeJsonPath(parseKubectlJsonPath(path), data);
}

export async function evalField(ctx: CheckContext, c: FieldCheck): Promise<Text | undefined> {
  const info = await ctx.mapper.resolve(c.kind, c.apiVersion);
  const namespace = nsOf(ctx, info, c.namespace);
  let data: unknown;
  if (c.name !== undefined) {
    const object = await getObject(ctx.client, info, c.name, namespace);
    if (!object) return notFound(objectLabel(info.kind, c.name, namespace || 'default'), info, namespace);
    data = object;
  } else {
    const query: Record<string, string> = c.selector ? { labelSelector: c.selector } : {};
    const list = await listObjects(ctx.client, info, namespace || undefined, query);
    // kubectl prints a List of the items, whatever kind of list the server sent.
    data = { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items: list.items };
  }
  let out: string;
  try {
    out = jsonpathOutput(c.path, data);
  } catch (e) {
    if (e instanceof JsonPathPrintError) {
      return text(`The template ${c.path} fails: ${e.reason}`, `テンプレート ${c.path} がエラーになります: ${e.reason}`);
    }
    throw e;
  }
  const ok = c.equals !== undefined ? out === c.equals : new RegExp(c.matches ?? '').test(out);
  if (ok) return undefined;
  const cmd = `${kubectlGet(info.kind, c.name, namespace || 'default', c.selector)} -o jsonpath='${c.path}'`;
  const shown = out === '' ? undefined : q(out.length > 200 ? `${out.slice(0, 200)}…` : out);
  return shown === undefined
    ? text(`\`${cmd}\` prints nothing yet.`, `\`${cmd}\` の出力はまだ空です。`)
    : text(`\`${cmd}\` prints ${shown}.`, `\`${cmd}\` の出力は ${shown} です。`);
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export async function evalCondition(ctx: CheckContext, c: ConditionCheck): Promise<Text | undefined> {
  const { info, namespace, label, object } = await fetchRef(ctx, c);
  if (!object) return notFound(label, info, namespace);
  const status = (object.status ?? {}) as { conditions?: Condition[] };
  const cond = (status.conditions ?? []).find((x) => x.type === c.condition);
  const want = c.status ?? 'True';
  if (!cond)
    return text(
      `${label.en} has no ${c.condition} condition yet.`,
      `${label.ja} にはまだ ${c.condition} condition がありません。`,
    );
  if (cond.status === want && (c.reason === undefined || cond.reason === c.reason)) return undefined;
  const why = [cond.reason, cond.message].filter(Boolean).join(': ');
  return text(
    `Its ${c.condition} condition is ${cond.status}${why ? ` (${why})` : ''}.`,
    `${c.condition} condition は ${cond.status} です${why ? `（${why}）` : ''}。`,
  );
}
