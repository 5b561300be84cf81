/**
 * `kubectl wait` (kubectl/pkg/cmd/wait): for each object, wait until `--for` holds —
 * `delete`, `create`, `condition=Ready[=true]` (status.conditions, honouring observedGeneration)
 * or `jsonpath='{.status.phase}'[=Running]` — and print `pod/x condition met`; give up after
 * `--timeout` (30s) of simulated time with `timed out waiting for the condition on pods/x`.
 */
import type { KubeObject } from '../../api/types';
import {
  findResults,
  goSprint,
  isMap,
  JsonPathParseError,
  parseJsonPath,
  type JsonPathTemplate,
} from '../../apimachinery/jsonpath';
import { KubectlError, StatusError } from '../errors';
import {
  makePrinter,
  GENERIC_OUTPUT_FORMATS,
  operationLine,
  relaxedJSONPathExpression,
} from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { infoObjectName, timeoutError, untilWithSync, waitForDeletion, type Verdict } from './waitutil';
import { Helper, helpSpec, isNotFoundError, visitInfos, type Info } from './writeutil';

type Check = (obj: KubeObject) => boolean;

interface Condition {
  kind: 'delete' | 'create' | 'check';
  check?: Check;
}

/** ConditionalWait.checkCondition. */
function conditionCheck(name: string, status: string): Check {
  return (obj) => {
    const conditions = (obj.status as { conditions?: unknown } | undefined)?.conditions;
    if (!Array.isArray(conditions)) return false;
    for (const c of conditions as Record<string, unknown>[]) {
      if (typeof c.type !== 'string' || c.type.toLowerCase() !== name.toLowerCase()) continue;
      if (typeof c.status !== 'string') continue;
      const generation = obj.metadata.generation;
      if (typeof generation === 'number') {
        const observed =
          typeof c.observedGeneration === 'number'
            ? c.observedGeneration
            : (obj.status as { observedGeneration?: unknown }).observedGeneration;
        if (typeof observed === 'number' && observed < generation) return false;
      }
      return c.status.toLowerCase() === status.toLowerCase();
    }
    return false;
  };
}

/**
 * JSONPathWait.checkCondition: the template (named `wait`, missing keys allowed) must yield
 * exactly one value; with an expected value, its fmt.Sprint must equal it (spaces trimmed).
 */
function jsonPathCheck(template: JsonPathTemplate, value: string | undefined): Check {
  return (obj) => {
    const results = findResults(template, obj);
    if (results.length === 0 || results[0]!.length === 0) return false;
    if (results.length > 1) throw new KubectlError('given jsonpath expression matches more than one list');
    if (results[0]!.length > 1)
      throw new KubectlError('given jsonpath expression matches more than one value');
    if (value === undefined) return true;
    const r = results[0]![0];
    if (isMap(r) || Array.isArray(r)) {
      throw new KubectlError('jsonpath leads to a nested object or list which is not supported');
    }
    return goSprint(r).trim() === value.trim();
  };
}

/** processJSONPathInput + newJSONPathParser: `{.status.phase}=Running` → template and value. */
function parseJsonPathCondition(input: string): Condition {
  const parts = input.split('=');
  if (parts.length > 2) {
    throw new KubectlError(
      "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'",
    );
  }
  const expr = relaxedJSONPathExpression(parts[0]!);
  let value: string | undefined;
  if (parts.length === 2) {
    value = parts[1]!.replace(/^['"]+|['"]+$/g, '');
    if (value === '') {
      throw new KubectlError(
        "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3",
      );
    }
  }
  if (expr === '') throw new KubectlError('jsonpath expression cannot be empty');
  let template: JsonPathTemplate;
  try {
    template = parseJsonPath('wait', expr);
  } catch (e) {
    if (e instanceof JsonPathParseError) throw new KubectlError(e.message);
    throw e;
  }
  return { kind: 'check', check: jsonPathCheck(template, value) };
}

/** conditionFuncFor. */
export function parseCondition(forCondition: string): Condition {
  const lower = forCondition.toLowerCase();
  if (lower === 'delete') return { kind: 'delete' };
  if (lower === 'create') return { kind: 'create' };
  if (forCondition.startsWith('condition=')) {
    let name = forCondition.slice('condition='.length);
    let status = 'true';
    const eq = name.indexOf('=');
    if (eq !== -1) {
      status = name.slice(eq + 1);
      name = name.slice(0, eq);
    }
    return { kind: 'check', check: conditionCheck(name, status) };
  }
  if (forCondition.startsWith('jsonpath='))
    return parseJsonPathCondition(forCondition.slice('jsonpath='.length));
  throw new KubectlError(`unrecognized condition: ${JSON.stringify(forCondition)}`);
}

/** getObjAndCheckCondition. */
async function waitForCheck(
  inv: Invocation,
  info: Info,
  timeoutMs: number,
  check: Check,
): Promise<KubeObject> {
  if (timeoutMs === 0) {
    const obj = await new Helper(inv.kube.rest(), info.mapping).get(info.namespace, info.name);
    if (!check(obj)) throw new KubectlError(`condition not met for ${infoObjectName(info)}`);
    return obj;
  }
  if (timeoutMs < 0) throw timeoutError(info);
  const verdict = (type: string, obj: KubeObject): Verdict => {
    if (type === 'DELETED') return { done: false };
    return check(obj) ? { done: true, object: obj } : { done: false };
  };
  // The object went away before the condition held: NotFound, as the informer's precondition says.
  const qr = info.mapping.group ? `${info.mapping.name}.${info.mapping.group}` : info.mapping.name;
  const missing = (): Verdict => ({ error: new NotFoundError(qr, info.name) });
  const obj = await untilWithSync(inv, info, timeoutMs, verdict, missing);
  return obj ?? info.object!;
}

class NotFoundError extends StatusError {
  constructor(qr: string, name: string) {
    super({
      apiVersion: 'v1',
      kind: 'Status',
      metadata: {},
      status: 'Failure',
      message: `${qr} ${JSON.stringify(name)} not found`,
      reason: 'NotFound',
      details: { name, kind: qr },
      code: 404,
    });
  }
}

async function runWait(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const cond = parseCondition(f.string('for'));
  if (f.bool('local')) throw new KubectlError('kubectl wait --local is not simulated in Breakfix');
  const output = f.string('output');
  const printer = output
    ? makePrinter(output, {
        fs: inv.ctx.fs,
        allowedFormats: GENERIC_OUTPUT_FORMATS,
        showManagedFields: f.bool('show-managed-fields'),
        allowMissingTemplateKeys:
          !f.has('allow-missing-template-keys') || f.bool('allow-missing-template-keys'),
        template: f.has('template') ? f.string('template') : '',
        operation: 'condition met',
      })
    : undefined;
  const timeout = f.duration('timeout');
  const { namespace, explicit } = inv.kube.namespace();
  // wait's builder tries discovery four times before giving up on a stopped server.
  const result = await inv.kube.mapper().withDiscoveryFailureLines(4, () =>
    inv.kube.build({
      args: inv.args,
      filenames: f.strings('filename'),
      recursive: f.bool('recursive'),
      labelSelector: f.string('selector') || undefined,
      fieldSelector: f.string('field-selector') || undefined,
      selectAll: f.bool('all'),
      allNamespaces: f.bool('all-namespaces'),
      namespace,
      enforceNamespace: explicit,
      allowEmptySelector: true,
    }),
  );
  if (result.errors.length > 0) throw result.errors[0]!;
  if (cond.kind === 'create') {
    // Poll every 500ms until every named object exists (RunWait's PollUntilContextTimeout).
    const deadline = inv.ctx.now() + timeout;
    for (;;) {
      const { errors } = await visitInfos(inv, result.refs, { latest: true });
      if (errors.length === 0) break;
      if (!errors.every(isNotFoundError)) throw errors[0]!;
      if (inv.ctx.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
      await inv.ctx.sleep(500, inv.ctx.signal);
      if (inv.ctx.signal.aborted) return;
    }
  }
  const isForDelete = cond.kind === 'delete';
  let visitCount = 0;
  let failure: Error | undefined;
  const print = (obj: KubeObject) => {
    if (printer) printer.print(obj, (t) => inv.out(t));
    else inv.out(operationLine(obj, 'condition met'));
  };
  const { errors } = await visitInfos(inv, result.refs, { latest: true }, async (info) => {
    if (failure || inv.ctx.signal.aborted) return;
    visitCount++;
    try {
      if (cond.kind === 'delete') {
        await waitForDeletion(inv, info, timeout);
        if (!inv.ctx.signal.aborted) print(info.object!);
      } else if (cond.kind === 'create') {
        print(info.object!);
      } else {
        const obj = await waitForCheck(inv, info, timeout, cond.check!);
        if (!inv.ctx.signal.aborted) print(obj);
      }
    } catch (e) {
      failure = e as Error;
    }
  });
  if (failure) throw failure;
  const errs = errors.filter((e) => !(isForDelete && isNotFoundError(e)));
  if (errs.length > 0) throw errs[0]!;
  if (visitCount === 0 && !isForDelete) throw new KubectlError('no matching resources found');
}

export const waitCommand: CommandSpec = {
  ...helpSpec('wait', 'Experimental: Wait for a specific condition on one or many resources'),
  run: runWait,
};
