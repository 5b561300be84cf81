/**
 * `kubectl apply -f` — client-side apply (kubectl/pkg/cmd/apply/apply.go and patcher.go).
 *
 * For each object in the files: GET the live object. If there is none, POST the file's object
 * carrying the `last-applied-configuration` annotation (`created`). Otherwise compute a
 * three-way strategic merge patch between the last applied configuration (what the user
 * applied before), the file (what the user wants now, with its new annotation) and the live
 * object (what the cluster has, including fields set by controllers), and PATCH it
 * (`configured`), or send nothing when the patch is `{}` (`unchanged`). The three-way patch is
 * what lets apply delete a field the user removed from the file while leaving alone the fields
 * it never managed, such as `status` or a replica count set by an autoscaler.
 */
import type { KubeObject } from '../../api/types';
import {
  KUBECTL_APPLY_PRECONDITIONS,
  PATCH_TYPES,
  createThreeWayJsonMergePatch,
} from '../../apimachinery/mergepatch';
import {
  createThreeWayMergePatch,
  isEmptyPatch,
  isStrategicMergePatchKind,
} from '../../apimachinery/strategicpatch/index';
import type { ResourceRef } from '../builder';
import { type Mapping } from '../discovery';
import { KubectlError, StatusError, isConflict, isNotFound } from '../errors';
import { toYAML } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { withNamespace } from './create';
import {
  createApplyAnnotation,
  getModifiedConfiguration,
  getOriginalConfiguration,
  LAST_APPLIED_ANNOTATION,
} from './lastapplied';
import {
  addSourceToErr,
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  helpSpec,
  kindKey,
  printer,
  printObject,
  printsObjects,
  rejectKustomize,
  sortDeep,
  validationDirective,
  visitInfos,
  type DryRun,
} from './writeutil';

/** Info.String(): how apply's errors name the object. */
export function infoString(m: Mapping, name: string, namespace: string): string {
  const gv = m.group ? `${m.group}/${m.version}` : m.version;
  return `Resource: ${JSON.stringify(`${gv}, Resource=${m.name}`)}, GroupVersionKind: ${JSON.stringify(`${gv}, Kind=${m.kind}`)}\nName: ${JSON.stringify(name)}, Namespace: ${JSON.stringify(namespace)}`;
}

/** Info.ObjectName(): `pods/p1`, `deployments.apps/web`. */
export function objectName(m: Mapping, name: string): string {
  return m.group ? `${m.name}.${m.group}/${name}` : `${m.name}/${name}`;
}

/** The patch and its content type for an existing object (Patcher.patchSimple). */
export function computeApplyPatch(
  mapping: Mapping,
  live: KubeObject,
  modified: string,
): { patch: Record<string, unknown>; contentType: string } {
  const originalText = getOriginalConfiguration(live);
  const original = originalText ? (JSON.parse(originalText) as Record<string, unknown>) : undefined;
  const mod = JSON.parse(modified) as Record<string, unknown>;
  const current = JSON.parse(JSON.stringify(live)) as Record<string, unknown>;
  const key = kindKey(mapping);
  if (isStrategicMergePatchKind(key)) {
    return {
      patch: createThreeWayMergePatch(original, mod, current, key, true),
      contentType: PATCH_TYPES.strategic,
    };
  }
  return {
    patch: createThreeWayJsonMergePatch(original, mod, current, KUBECTL_APPLY_PRECONDITIONS),
    contentType: PATCH_TYPES.merge,
  };
}

interface ApplyContext {
  inv: Invocation;
  /** --force: replace the object when the patch cannot be applied (Patcher.deleteAndCreate). */
  force: boolean;
  dryRun: DryRun;
  fieldManager: string;
  fieldValidation: string;
  printed: KubeObject[];
}

const MAX_PATCH_RETRY = 5;

async function applyOne(c: ApplyContext, ref: ResourceRef): Promise<void> {
  const { inv, dryRun } = c;
  const obj = withNamespace(ref.object!, ref.mapping, ref.namespace);
  const name = obj.metadata.name ?? '';
  if (!name && obj.metadata.generateName) {
    throw new KubectlError(`from ${obj.metadata.generateName}: cannot use generate name with apply`);
  }
  const helper = new Helper(inv.kube.rest(), ref.mapping);
  const opts = {
    dryRun: dryRun === 'server',
    fieldManager: c.fieldManager,
    fieldValidation: c.fieldValidation,
  };
  const modified = getModifiedConfiguration(obj, true);
  let live: KubeObject;
  try {
    live = await helper.get(ref.namespace, name);
  } catch (e) {
    if (!isNotFound(e)) {
      throw addSourceToErr(
        `retrieving current configuration of:\n${infoString(ref.mapping, name, ref.namespace)}\nfrom server for:`,
        ref.source,
        e,
      );
    }
    // Create the object, remembering what was applied.
    let created = createApplyAnnotation(obj);
    if (dryRun !== 'client') {
      try {
        created = await helper.create(ref.namespace, sortDeep(created), opts);
      } catch (err) {
        throw addSourceToErr('creating', ref.source, err);
      }
    }
    finish(c, created, 'created');
    return;
  }

  if (dryRun === 'client') {
    finish(c, live, 'configured');
    return;
  }
  if (live.metadata.annotations?.[LAST_APPLIED_ANNOTATION] === undefined) {
    inv.err(
      `Warning: resource ${objectName(ref.mapping, name)} is missing the ${LAST_APPLIED_ANNOTATION} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\n`,
    );
  }
  let current = live;
  for (let attempt = 0; ; attempt++) {
    const { patch, contentType } = computeApplyPatch(ref.mapping, current, modified);
    if (isEmptyPatch(patch)) {
      finish(c, current, 'unchanged');
      return;
    }
    try {
      const patched = await helper.patch(ref.namespace, name, contentType, sortDeep(patch), opts);
      finish(c, patched, 'configured');
      return;
    } catch (err) {
      if (isConflict(err) && attempt < MAX_PATCH_RETRY) {
        current = await helper.get(ref.namespace, name);
        continue;
      }
      const where = `applying patch:\n${JSON.stringify(sortDeep(patch))}\nto:\n${infoString(ref.mapping, name, ref.namespace)}\nfor:`;
      if (c.force && (isConflict(err) || (err instanceof StatusError && err.reason === 'Invalid'))) {
        let replaced: KubeObject;
        try {
          replaced = await deleteAndCreate(c, helper, ref, current, modified);
        } catch (e) {
          throw addSourceToErr(where, ref.source, e);
        }
        finish(c, replaced, 'configured');
        return;
      }
      const inner = addSourceToErr('patching', ref.source, err);
      throw addSourceToErr(where, ref.source, inner);
    }
  }
}

/**
 * Patcher.deleteAndCreate: delete the live object, wait until it is gone, create the file's
 * version; if that fails, put the original back and report both errors.
 */
async function deleteAndCreate(
  c: ApplyContext,
  helper: Helper,
  ref: ResourceRef,
  original: KubeObject,
  modified: string,
): Promise<KubeObject> {
  const { inv } = c;
  const name = original.metadata.name ?? '';
  const options: Record<string, unknown> = {};
  const grace = inv.flags.int('grace-period');
  if (grace >= 0) options.gracePeriodSeconds = grace;
  options.propagationPolicy = cascadePolicy(inv.flags.string('cascade'));
  await helper.delete(ref.namespace, name, options);
  const timeout = inv.flags.duration('timeout');
  const deadline = inv.ctx.now() + timeout;
  for (;;) {
    try {
      await helper.get(ref.namespace, name);
    } catch (e) {
      if (isNotFound(e)) break;
      throw e;
    }
    if (timeout > 0 && inv.ctx.now() >= deadline)
      throw new KubectlError('timed out waiting for the condition');
    await inv.ctx.sleep(1000, inv.ctx.signal);
    if (inv.ctx.signal.aborted) throw new KubectlError('interrupted');
  }
  const opts = { fieldManager: c.fieldManager, fieldValidation: c.fieldValidation };
  try {
    return await helper.create(ref.namespace, JSON.parse(modified) as KubeObject, opts);
  } catch (err) {
    const { metadata, ...rest } = original;
    const restored = { ...rest, metadata: { ...metadata, resourceVersion: undefined, uid: undefined } };
    try {
      await helper.create(ref.namespace, sortDeep(restored), opts);
    } catch (recreateErr) {
      throw new KubectlError(
        `An error occurred force-replacing the existing object with the newly provided one:\n\n${(err as Error).message}.\n\nAdditionally, an error occurred attempting to restore the original object:\n\n${(recreateErr as Error).message}`,
      );
    }
    throw err;
  }
}

function cascadePolicy(v: string): string {
  return v === 'orphan' ? 'Orphan' : v === 'foreground' ? 'Foreground' : 'Background';
}

function finish(c: ApplyContext, obj: KubeObject, operation: string): void {
  if (obj.metadata.deletionTimestamp) {
    c.inv.err(
      `Warning: Detected changes to resource ${obj.metadata.name} which is currently being deleted.\n`,
    );
  }
  if (printsObjects(c.inv)) {
    c.printed.push(obj);
    return;
  }
  printObject(c.inv, obj, `${operation}${dryRunSuffix(c.dryRun)}`);
}

async function runApply(inv: Invocation): Promise<void> {
  const f = inv.flags;
  if (f.bool('server-side'))
    throw new KubectlError('kubectl apply --server-side is not simulated in Breakfix');
  if (f.bool('force-conflicts')) throw new KubectlError('--force-conflicts only works with --server-side');
  const dryRun = dryRunStrategy(inv);
  if (dryRun === 'server' && f.bool('force'))
    throw new KubectlError('--dry-run=server cannot be used with --force');
  rejectKustomize(inv);
  if (f.strings('filename').length === 0) throw new KubectlError('must specify one of -f and -k');
  if (inv.args.length > 0) throw inv.usageError(`Unexpected args: [${inv.args.join(' ')}]`);
  if (f.bool('all') && f.string('selector'))
    throw new KubectlError('cannot set --all and --selector at the same time');
  if (f.bool('prune')) {
    if (!f.bool('all') && !f.string('selector')) {
      throw new KubectlError(
        'all resources selected for prune without explicitly passing --all. To prune all resources, pass the --all flag. If you did not mean to prune all resources, specify a label selector',
      );
    }
    throw new KubectlError('kubectl apply --prune is not simulated in Breakfix');
  }
  if (f.string('subresource'))
    throw new KubectlError('--subresource can only be specified for --server-side');
  checkOutput(inv);
  const fieldValidation = validationDirective(inv);
  const fieldManager = f.changed('field-manager') ? f.string('field-manager') : 'kubectl-client-side-apply';
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: f.string('selector') || undefined,
    namespace,
    enforceNamespace: explicit,
    validate: fieldValidation !== 'Ignore',
  });
  const errs: Error[] = [...result.errors];
  if (result.refs.length === 0 && errs.length === 0) throw new KubectlError('no objects passed to apply');
  const c: ApplyContext = { inv, force: f.bool('force'), dryRun, fieldManager, fieldValidation, printed: [] };
  for (const ref of result.refs) {
    try {
      await applyOne(c, ref);
    } catch (e) {
      errs.push(e instanceof Error ? e : new Error(String(e)));
    }
  }
  collectErrors(errs);
  if (c.printed.length === 1) printer(inv).print(c.printed[0], (t) => inv.out(t));
  else if (c.printed.length > 1) {
    // A typed corev1.List (fields in struct order) around unstructured items (keys sorted).
    const list = { kind: 'List', apiVersion: 'v1', metadata: {}, items: c.printed.map(sortDeep) };
    printer(inv, { typed: true }).print(list, (t) => inv.out(t));
  }
}

/** `kubectl apply view-last-applied`: the annotation, as YAML (default) or indented JSON. */
async function runViewLastApplied(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const output = f.string('output');
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: inv.args,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: f.string('selector') || undefined,
    selectAll: f.bool('all'),
    namespace,
    enforceNamespace: explicit,
  });
  // Complete fetches the objects; Validate then checks -o.
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  collectErrors([...result.errors, ...errors]);
  if (output !== 'yaml' && output !== 'json') {
    throw inv.usageError(`Unexpected -o output mode: ${output}, the flag 'output' must be one of yaml|json`);
  }
  for (const info of infos) {
    const text = getOriginalConfiguration(info.object!);
    if (!text) continue;
    const value = JSON.parse(text) as unknown;
    inv.out(output === 'json' ? `${JSON.stringify(value, null, 2)}\n` : toYAML(value));
  }
}

/** `kubectl apply set-last-applied -f`: set the annotation to the file's content, nothing else. */
async function runSetLastApplied(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    filenames: f.strings('filename'),
    namespace,
    enforceNamespace: explicit,
  });
  collectErrors(result.errors);
  const rest = inv.kube.rest();
  const infos: { ref: ResourceRef; live: KubeObject }[] = [];
  for (const ref of result.refs) {
    const live = await new Helper(rest, ref.mapping).get(ref.namespace, ref.name ?? '');
    if (getOriginalConfiguration(live) === undefined && !f.bool('create-annotation')) {
      throw new KubectlError(
        `no last-applied-configuration annotation found on resource: ${ref.name}, to create the annotation, run the command with --create-annotation`,
      );
    }
    infos.push({ ref, live });
  }
  for (const { ref, live } of infos) {
    const obj = withNamespace(ref.object!, ref.mapping, ref.namespace);
    // editor.GetApplyPatch: a merge patch that only sets the annotation to the encoded file object.
    const patch = {
      metadata: { annotations: { [LAST_APPLIED_ANNOTATION]: JSON.stringify(sortDeep(obj)) + '\n' } },
    };
    let out: KubeObject = live;
    if (dryRun !== 'client') {
      out = await new Helper(rest, ref.mapping).patch(
        ref.namespace,
        ref.name ?? '',
        PATCH_TYPES.merge,
        patch,
        {
          dryRun: dryRun === 'server',
        },
      );
    }
    printObject(inv, out, `configured${dryRunSuffix(dryRun)}`);
  }
}

export const applyCommand: CommandSpec = {
  ...helpSpec('apply', 'Apply a configuration to a resource by file name or stdin'),
  run: runApply,
  subcommands: [
    {
      ...helpSpec('apply edit-last-applied', ''),
      async run() {
        throw new KubectlError('kubectl apply edit-last-applied is not simulated in Breakfix');
      },
    },
    { ...helpSpec('apply set-last-applied', ''), run: runSetLastApplied },
    { ...helpSpec('apply view-last-applied', ''), run: runViewLastApplied },
  ],
};
