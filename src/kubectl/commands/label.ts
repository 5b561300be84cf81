/**
 * `kubectl label` and `kubectl annotate` (kubectl/pkg/cmd/label, cmd/annotate).
 *
 * Both GET each object, change its labels (annotations) in memory, and send the difference as a
 * JSON merge patch: `{"metadata":{"labels":{"app":"web"}}}` to set, `{"app":null}` to remove.
 * kubectl sends the patch even when it is `{}`; `label` then says `not labeled`.
 */
import type { KubeObject } from '../../api/types';
import { createMergePatch, PATCH_TYPES } from '../../apimachinery/mergepatch';
import { isValidLabelValue } from '../../apimachinery/validation';
import { KubectlError } from '../errors';
import { operationLine, resourceName } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import {
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  helpSpec,
  printer,
  sortDeep,
  visitInfos,
  type Info,
} from './writeutil';

/** cmdutil.GetResourcesAndPairs: resources first, then `k=v` / `k-` pairs. */
export function resourcesAndPairs(
  args: string[],
  pairType: string,
): { resources: string[]; pairs: string[] } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const nonResource = (s.includes('=') && s[0] !== '=') || (s.endsWith('-') && s !== '-');
    if (nonResource) {
      foundPair = true;
      pairs.push(s);
    } else if (!foundPair) resources.push(s);
    else throw new KubectlError(`all resources must be specified before ${pairType} changes: ${s}`);
  }
  return { resources, pairs };
}

/** label.go parseLabels. */
function parseLabels(spec: string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const s of spec) {
    if (s.includes('=')) {
      const parts = s.split('=');
      if (parts.length !== 2) throw new KubectlError(`invalid label spec: ${s}`);
      const errs = isValidLabelValue(parts[1]!);
      if (errs.length > 0)
        throw new KubectlError(`invalid label value: ${JSON.stringify(s)}: ${errs.join(';')}`);
      set.set(parts[0]!, parts[1]!);
    } else if (s.endsWith('-')) remove.push(s.slice(0, -1));
    else throw new KubectlError(`unknown label spec: ${s}`);
  }
  for (const r of remove) {
    if (set.has(r)) throw new KubectlError('can not both modify and remove a label in the same command');
  }
  return { set, remove };
}

/** cmdutil.ParsePairs(args, "annotation", true). */
function parseAnnotations(spec: string[]): { set: Map<string, string>; remove: string[] } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const s of spec) {
    if (s.includes('=') && s[0] !== '=') {
      const i = s.indexOf('=');
      set.set(s.slice(0, i), s.slice(i + 1));
    } else if (s.endsWith('-') && s !== '-') remove.push(s.slice(0, -1));
    else invalid.push(s);
  }
  if (invalid.length > 0) throw new KubectlError(`invalid annotation format: ${invalid.join(', ')}`);
  return { set, remove };
}

interface Mode {
  verb: 'label' | 'annotate';
  field: 'labels' | 'annotations';
}

function apply(
  obj: KubeObject,
  mode: Mode,
  set: Map<string, string>,
  remove: string[],
  overwrite: boolean,
): KubeObject {
  const current = (obj.metadata[mode.field] ?? {}) as Record<string, string>;
  if (!overwrite) {
    // Setting a key to the value it already has is not an overwrite.
    const conflicts = [...set.keys()].filter((k) => k in current && current[k] !== set.get(k)).sort();
    if (mode.verb === 'label') {
      const errs = conflicts.map(
        (k) => new KubectlError(`'${k}' already has a value (${current[k]}), and --overwrite is false`),
      );
      collectErrors(errs);
    } else {
      const found = conflicts
        .filter((k) => k !== 'kubernetes.io/change-cause')
        .map((k) => `'${k}' already has a value (${current[k]})`);
      if (found.length > 0) {
        throw new KubectlError(
          `--overwrite is false but found the following declared annotation(s): ${found.join('; ')}`,
        );
      }
    }
  }
  const next: Record<string, string> = { ...current };
  for (const [k, v] of set) next[k] = v;
  for (const k of remove) delete next[k];
  return { ...obj, metadata: { ...obj.metadata, [mode.field]: next } };
}

/** The byte length of Go's json.Marshal of an unstructured object. */
const jsonLength = (o: unknown): number => new TextEncoder().encode(JSON.stringify(sortDeep(o))).length;

async function run(inv: Invocation, mode: Mode): Promise<void> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  const { resources, pairs } = resourcesAndPairs(inv.args, mode.verb);
  const parsed = mode.verb === 'label' ? parseLabels(pairs) : parseAnnotations(pairs);
  const list = f.bool('list');
  const output = f.string('output');
  if (list && output) throw new KubectlError('--list and --output may not be specified together');
  if (f.bool('local')) throw new KubectlError(`kubectl ${mode.verb} --local is not simulated in Breakfix`);
  const all = f.bool('all');
  if (all && f.string('selector')) throw new KubectlError('cannot set --all and --selector at the same time');
  if (all && f.string('field-selector'))
    throw new KubectlError('cannot set --all and --field-selector at the same time');
  if (resources.length < 1 && f.strings('filename').length === 0) {
    throw new KubectlError(
      'one or more resources must be specified as <resource> <name> or <resource>/<name>',
    );
  }
  if (parsed.set.size < 1 && parsed.remove.length < 1 && !list) {
    throw new KubectlError(
      `at least one ${mode.verb === 'label' ? 'label' : 'annotation'} update is required`,
    );
  }
  if (mode.verb === 'annotate') {
    const both = parsed.remove.filter((r) => parsed.set.has(r));
    if (both.length > 0) {
      throw new KubectlError(
        `can not both modify and remove the following annotation(s) in the same command: ${both.join(', ')}`,
      );
    }
  }
  if (output) printer(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: resources,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: f.string('selector') || undefined,
    fieldSelector: f.string('field-selector') || undefined,
    selectAll: all,
    allNamespaces: f.bool('all-namespaces'),
    namespace,
    enforceNamespace: explicit,
  });
  const resourceVersion = f.string('resource-version');
  if (!result.singleItemImplied && resourceVersion) {
    throw new KubectlError('--resource-version may only be used with a single resource');
  }
  const overwrite = f.bool('overwrite');
  const rest = inv.kube.rest();
  const { errors } = await visitInfos(inv, result.refs, { latest: true }, (info) =>
    one(inv, mode, info, parsed, {
      overwrite,
      dryRun,
      list,
      output,
      single: result.singleItemImplied,
      resourceVersion,
      rest,
    }),
  );
  const errs: Error[] = [...result.errors, ...errors];
  collectErrors(errs);
}

async function one(
  inv: Invocation,
  mode: Mode,
  info: Info,
  parsed: { set: Map<string, string>; remove: string[] },
  o: {
    overwrite: boolean;
    dryRun: ReturnType<typeof dryRunStrategy>;
    list: boolean;
    output: string;
    single: boolean;
    resourceVersion: string;
    rest: ReturnType<Invocation['kube']['rest']>;
  },
): Promise<void> {
  let obj = info.object!;
  if (o.resourceVersion) obj = { ...obj, metadata: { ...obj.metadata, resourceVersion: '' } };
  const oldData = sortDeep(obj);
  let outputObj: KubeObject;
  let changed: KubeObject;
  if (o.dryRun === 'client' || o.list) {
    changed = apply(obj, mode, parsed.set, parsed.remove, o.overwrite);
    outputObj = changed;
  } else {
    if (mode.verb === 'label') {
      const labels = (obj.metadata.labels ?? {}) as Record<string, string>;
      for (const r of parsed.remove) if (!(r in labels)) inv.out(`label ${JSON.stringify(r)} not found.\n`);
    }
    changed = apply(obj, mode, parsed.set, parsed.remove, o.overwrite);
    if (o.resourceVersion)
      changed = { ...changed, metadata: { ...changed.metadata, resourceVersion: o.resourceVersion } };
    const patch = createMergePatch(
      oldData as Record<string, unknown>,
      sortDeep(changed) as Record<string, unknown>,
    );
    const patched = await new Helper(o.rest, info.mapping).patch(
      info.namespace,
      info.name,
      PATCH_TYPES.merge,
      sortDeep(patch),
      {
        dryRun: o.dryRun === 'server',
        fieldManager: inv.flags.string('field-manager'),
      },
    );
    outputObj = mode.verb === 'label' ? changed : patched;
  }
  if (o.list) {
    const indent = o.single ? '' : ' ';
    if (!o.single) {
      inv.out(`Listing ${mode.field} for ${obj.kind}.${info.mapping.group}/${info.name}:\n`);
    }
    const m = (outputObj.metadata[mode.field] ?? {}) as Record<string, string>;
    for (const k of Object.keys(m).sort()) inv.out(`${indent}${k}=${m[k]}\n`);
    return;
  }
  let op = 'annotated';
  if (mode.verb === 'label') {
    const before = JSON.stringify(oldData);
    const after = JSON.stringify(sortDeep(changed));
    op = 'not labeled';
    if (before !== after)
      op = !o.overwrite && jsonLength(changed) < jsonLength(obj) ? 'unlabeled' : 'labeled';
  }
  op += dryRunSuffix(o.dryRun);
  if (!o.output) {
    inv.out(operationLine(outputObj, op));
    return;
  }
  if (o.output === 'name') {
    inv.out(`${resourceName(outputObj)}\n`);
    return;
  }
  // label builds a new printer per object (no `---`); annotate prints through one printer.
  printer(inv, { fresh: mode.verb === 'label' }).print(outputObj, (t) => inv.out(t));
}

export const labelCommand: CommandSpec = {
  ...helpSpec('label', 'Update the labels on a resource'),
  run: (inv) => run(inv, { verb: 'label', field: 'labels' }),
};

export const annotateCommand: CommandSpec = {
  ...helpSpec('annotate', 'Update the annotations on a resource'),
  run: (inv) => run(inv, { verb: 'annotate', field: 'annotations' }),
};
