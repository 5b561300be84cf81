/**
 * Evaluate checks against the live cluster. Each check kind is a function from the cluster (read
 * through the KubeClient, GET and LIST only) to `undefined` (it holds) or an explanation of what
 * is still wrong, in Japanese and English. A failed request or a bad template is a failed check
 * with the reason, never an exception.
 */
import { JsonPathParseError } from '../../apimachinery/jsonpath';
import { ApiError } from '../resources';
import type { Check, Text } from '../types';
import { evalCommand } from './commands';
import { text, type CheckContext, type CheckResult } from './context';
import { describeCheck } from './describe';
import { evalEndpoints } from './endpoints';
import { evalEvent } from './events';
import { evalHttp } from './http';
import { evalLogs } from './logs';
import { evalAbsent, evalCondition, evalExists, evalField } from './objects';
import { evalPodsReady } from './pods';
import { evalReplicas, evalRollout } from './workloads';

export type { CheckContext, CheckResult, HttpProbe, HttpProbeRequest, HttpProbeResult, RecordedCommand } from './context';
export { describeCheck, kindName } from './describe';
export { rolloutStatusMessage } from './workloads';

async function explain(ctx: CheckContext, c: Check): Promise<Text | undefined> {
  switch (c.check) {
    case 'exists':
      return evalExists(ctx, c);
    case 'absent':
      return evalAbsent(ctx, c);
    case 'field':
      return evalField(ctx, c);
    case 'podsReady':
      return evalPodsReady(ctx, c);
    case 'condition':
      return evalCondition(ctx, c);
    case 'replicas':
      return evalReplicas(ctx, c);
    case 'rollout':
      return evalRollout(ctx, c);
    case 'event':
      return evalEvent(ctx, c);
    case 'logs':
      return evalLogs(ctx, c);
    case 'endpoints':
      return evalEndpoints(ctx, c);
    case 'http':
      return evalHttp(ctx, c);
    case 'command':
      return evalCommand(ctx, c);
    case 'all':
    case 'any':
    case 'not':
      throw new Error('unreachable: combinators are evaluated by evaluateCheck');
  }
}

export async function evaluateCheck(ctx: CheckContext, c: Check): Promise<CheckResult> {
  const title = describeCheck(c, ctx.namespace);
  if (c.check === 'all' || c.check === 'any') {
    const children = await Promise.all(c.checks.map((x) => evaluateCheck(ctx, x)));
    const failed = children.filter((r) => !r.passed);
    const passed = c.check === 'all' ? failed.length === 0 : failed.length < children.length;
    if (passed) return { check: c.check, passed, title, children };
    const detail =
      c.check === 'all'
        ? joinDetails(failed)
        : text(
            `None of these holds: ${children.map((r) => r.title.en).join('; ')}.`,
            `次のどれも成り立っていません: ${children.map((r) => r.title.ja).join('、')}。`,
          );
    return { check: c.check, passed, title, detail, children };
  }
  if (c.check === 'not') {
    const inner = await evaluateCheck(ctx, c.of);
    if (!inner.passed) return { check: 'not', passed: true, title, children: [inner] };
    return {
      check: 'not',
      passed: false,
      title,
      detail: text(`This still holds: ${inner.title.en}.`, `まだ次が成り立っています: ${inner.title.ja}。`),
      children: [inner],
    };
  }
  try {
    const detail = await explain(ctx, c);
    return detail === undefined ? { check: c.check, passed: true, title } : { check: c.check, passed: false, title, detail };
  } catch (e) {
    return { check: c.check, passed: false, title, detail: errorText(e) };
  }
}

/** Evaluate a step's checks (in parallel; they only read). */
export function evaluateChecks(ctx: CheckContext, checks: readonly Check[]): Promise<CheckResult[]> {
  return Promise.all(checks.map((c) => evaluateCheck(ctx, c)));
}

function joinDetails(results: CheckResult[]): Text {
  const parts = results.map((r) => r.detail ?? r.title);
  return text(parts.map((p) => p.en).join(' '), parts.map((p) => p.ja).join(''));
}

function errorText(e: unknown): Text {
  if (e instanceof ApiError)
    return text(`The API server answered ${e.code}: ${e.message}`, `API サーバーの応答 ${e.code}: ${e.message}`);
  if (e instanceof JsonPathParseError)
    return text(`The JSONPath template is invalid: ${e.message}`, `JSONPath テンプレートが不正です: ${e.message}`);
  if (e instanceof SyntaxError)
    return text(`The check has an invalid regular expression: ${e.message}`, `チェックの正規表現が不正です: ${e.message}`);
  const msg = e instanceof Error ? e.message : String(e);
  return text(`The check could not be evaluated: ${msg}`, `チェックを評価できませんでした: ${msg}`);
}
