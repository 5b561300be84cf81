/**
 * `kubectl taint` (kubectl/pkg/cmd/taint/taint.go and utils.go).
 *
 *   kubectl taint nodes kind-worker disktype=ssd:NoSchedule     → node/kind-worker tainted
 *   kubectl taint nodes kind-worker disktype=ssd:NoSchedule-    → node/kind-worker untainted
 *   kubectl taint nodes kind-worker disktype-                   → every disktype taint removed
 *   kubectl taint nodes kind-worker disktype=hdd:NoSchedule --overwrite → node/kind-worker modified
 *
 * Arguments before the first taint spec are the resource (`node`/`nodes`) and node names; specs
 * are `key=value:Effect`, `key:Effect`, or with a trailing `-` to remove (`key:Effect-`, `key-`).
 * The new taint list is sent as a strategic merge patch (the list is replaced whole). Adding a
 * taint with the same key and effect as an existing one needs --overwrite.
 */
import type { KubeObject } from '../../api/types';
import {
  createTwoWayMergePatch,
  applyStrategicMergePatch,
  type JsonMap,
} from '../../apimachinery/strategicpatch/index';
import { isQualifiedName, isValidLabelValue } from '../../apimachinery/validation';
import { KubectlError } from '../errors';
import { operationLine, resourceName } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { helpSpec } from '../helptext/index';
import {
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  printer,
  sortDeep,
  visitInfos,
  type Info,
} from './writeutil';

export interface Taint {
  key: string;
  value?: string;
  effect?: string;
  timeAdded?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** `Taint.ToString()`. */
export function taintString(t: Taint): string {
  const value = t.value ?? '';
  if (!t.effect) return value ? `${t.key}=${value}:` : t.key;
  return value ? `${t.key}=${value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** `parseTaint`: `<key>=<value>:<effect>`, `<key>:<effect>` or `<key>`. */
export function parseTaint(st: string): Taint {
  const parts = st.split(':');
  let key: string;
  let value = '';
  let effect = '';
  if (parts.length === 1) key = parts[0]!;
  else if (parts.length === 2) {
    effect = parts[1]!;
    if (!EFFECTS.includes(effect))
      throw new KubectlError(`invalid taint effect: ${effect}, unsupported taint effect`);
    const kv = parts[0]!.split('=');
    if (kv.length > 2) throw new KubectlError(`invalid taint spec: ${st}`);
    key = kv[0]!;
    if (kv.length === 2) {
      value = kv[1]!;
      const errs = isValidLabelValue(value);
      if (errs.length > 0) throw new KubectlError(`invalid taint spec: ${st}, ${errs.join('; ')}`);
    }
  } else throw new KubectlError(`invalid taint spec: ${st}`);
  const errs = isQualifiedName(key);
  if (errs.length > 0) throw new KubectlError(`invalid taint spec: ${st}, ${errs.join('; ')}`);
  const t: Taint = { key };
  if (value) t.value = value;
  if (effect) t.effect = effect;
  return t;
}

/** `parseTaints`: taints to add (need an effect, unique by key+effect) and to remove. */
export function parseTaints(spec: string[]): { add: Taint[]; remove: Taint[] } {
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const unique = new Map<string, Set<string>>();
  for (const s of spec) {
    if (s.endsWith('-')) {
      const t = parseTaint(s.slice(0, -1));
      remove.push(t.effect ? { key: t.key, effect: t.effect } : { key: t.key });
      continue;
    }
    const t = parseTaint(s);
    if (!t.effect) throw new KubectlError(`invalid taint spec: ${s}`);
    const keys = unique.get(t.effect) ?? new Set<string>();
    if (keys.has(t.key))
      throw new KubectlError(
        `duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`,
      );
    keys.add(t.key);
    unique.set(t.effect, keys);
    add.push(t);
  }
  return { add, remove };
}

const matchTaint = (a: Taint, b: Taint): boolean => a.key === b.key && (a.effect ?? '') === (b.effect ?? '');

/**
 * `reorganizeTaints`: the node's new taint list (new ones first, then the old ones not replaced,
 * minus the removed ones) and the operation word: tainted, untainted or modified.
 */
export function reorganizeTaints(
  oldTaints: readonly Taint[],
  overwrite: boolean,
  add: readonly Taint[],
  remove: readonly Taint[],
): { operation: string; taints: Taint[]; errors: Error[] } {
  let taints: Taint[] = [...add];
  for (const old of oldTaints) if (!taints.some((t) => matchTaint(t, old))) taints.push(old);
  const added = oldTaints.length !== taints.length;
  const errors: Error[] = [];
  let deleted = false;
  for (const r of remove) {
    const before = taints.length;
    taints = r.effect ? taints.filter((t) => !matchTaint(r, t)) : taints.filter((t) => t.key !== r.key);
    deleted = taints.length !== before;
    if (!deleted) errors.push(new KubectlError(`taint ${JSON.stringify(taintString(r))} not found`));
  }
  const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
  return { operation, taints, errors };
}

/** taint.go Complete: resources before taint specs. */
function splitArgs(args: string[]): { resources: string[]; taintArgs: string[] } {
  const resources: string[] = [];
  const taintArgs: string[] = [];
  let met = false;
  for (const s of args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) {
      met = true;
      taintArgs.push(s);
    } else if (!met) resources.push(s);
    else throw new KubectlError(`all resources must be specified before taint changes: ${s}`);
  }
  return { resources, taintArgs };
}

async function run(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const { resources, taintArgs } = splitArgs(inv.args);
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv);
  if (resources.length < 1)
    throw new KubectlError('one or more resources must be specified as <resource> <name>');
  if (taintArgs.length < 1) throw new KubectlError('at least one taint update is required');
  let parsed: { add: Taint[]; remove: Taint[] };
  try {
    parsed = parseTaints(taintArgs);
  } catch (e) {
    throw inv.usageError((e as Error).message);
  }
  // Validate
  const resourceType = resources[0]!.toLowerCase();
  if (resourceType !== 'node' && resourceType !== 'nodes')
    throw new KubectlError(`invalid resource type ${resources[0]}, only ["node" "nodes"] are supported`);
  const conflicts: string[] = [];
  for (const a of parsed.add)
    for (const r of parsed.remove)
      if (a.key === r.key && (!r.effect || a.effect === r.effect))
        conflicts.push(`{"${r.key}":"${r.effect ?? ''}"}`);
  if (conflicts.length > 0)
    throw new KubectlError(
      `can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`,
    );
  const all = f.bool('all');
  const selector = f.string('selector');
  if (all && selector)
    throw new KubectlError("setting 'all' parameter with a non empty selector is prohibited");
  if (!all && !selector && resources.length < 2)
    throw new KubectlError("at least one resource name must be specified since 'all' parameter is not set");

  const { namespace } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: all || selector ? ['node'] : ['node', ...resources.slice(1)],
    labelSelector: selector || undefined,
    selectAll: all,
    namespace,
  });
  const overwrite = f.bool('overwrite');
  const rest = inv.kube.rest();
  const { errors } = await visitInfos(inv, result.refs, { latest: true }, (info) =>
    taintOne(inv, info, parsed, { overwrite, dryRun, rest }),
  );
  collectErrors([...result.errors, ...errors]);
}

async function taintOne(
  inv: Invocation,
  info: Info,
  parsed: { add: Taint[]; remove: Taint[] },
  o: {
    overwrite: boolean;
    dryRun: ReturnType<typeof dryRunStrategy>;
    rest: ReturnType<Invocation['kube']['rest']>;
  },
): Promise<void> {
  const obj = info.object!;
  const spec = (obj.spec ?? {}) as { taints?: Taint[] };
  const oldTaints = spec.taints ?? [];
  if (!o.overwrite) {
    const exists = parsed.add
      .filter((t) => oldTaints.some((old) => old.key === t.key && old.effect === t.effect))
      .map((t) => t.key);
    if (exists.length > 0)
      throw new KubectlError(
        `node ${obj.metadata.name} already has ${exists.join(',')} taint(s) with same effect(s) and --overwrite is false`,
      );
  }
  const r = reorganizeTaints(oldTaints, o.overwrite, parsed.add, parsed.remove);
  collectErrors(r.errors);
  const newObj: KubeObject = { ...obj, spec: { ...(obj.spec as object), taints: r.taints } };
  if (r.taints.length === 0) delete (newObj.spec as { taints?: unknown }).taints;
  const patch = createTwoWayMergePatch(sortDeep(obj) as JsonMap, sortDeep(newObj) as JsonMap, '/Node');
  const operation = r.operation + dryRunSuffix(o.dryRun);
  let out: KubeObject;
  if (o.dryRun === 'client') out = applyStrategicMergePatch(obj, patch, '/Node') as unknown as KubeObject;
  else
    out = await new Helper(o.rest, info.mapping).patch(
      info.namespace,
      info.name,
      'application/strategic-merge-patch+json',
      patch,
      {
        dryRun: o.dryRun === 'server',
        fieldManager: inv.flags.string('field-manager'),
      },
    );
  const output = inv.flags.string('output');
  if (!output) inv.out(operationLine(out, operation));
  else if (output === 'name') inv.out(`${resourceName(out)}\n`);
  else printer(inv).print(out, (t) => inv.out(t));
}

export const taintCommand: CommandSpec = {
  ...helpSpec('taint', 'Update the taints on one or more nodes'),
  run,
};
