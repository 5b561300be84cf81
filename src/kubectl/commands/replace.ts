/**
 * `kubectl replace -f` (kubectl/pkg/cmd/replace): PUT the object from the file over the live
 * one (filling in the live resourceVersion first, as resource.Helper.Replace does), or with
 * `--force` delete it, wait until it is gone and create it again.
 */
import { KubectlError } from '../errors';
import { type CommandSpec, type Invocation } from '../registry';
import { withNamespace } from './create';
import { createApplyAnnotation } from './lastapplied';
import {
  addSourceToErr,
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  helpSpec,
  isNotFoundError,
  kindString,
  printObject,
  requireFilename,
  sortDeep,
  validationDirective,
} from './writeutil';

async function runReplace(inv: Invocation): Promise<void> {
  const f = inv.flags;
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv);
  const fieldValidation = validationDirective(inv);
  requireFilename(inv);
  if (f.string('raw')) throw new KubectlError('kubectl replace --raw is not simulated in Breakfix');
  if (f.string('subresource'))
    throw new KubectlError('kubectl replace --subresource is not simulated in Breakfix');
  if (inv.args.length > 0) throw inv.usageError(`Unexpected args: [${inv.args.join(' ')}]`);
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    namespace,
    enforceNamespace: explicit,
    validate: fieldValidation !== 'Ignore',
  });
  const rest = inv.kube.rest();
  const errs: Error[] = [...result.errors];
  const opts = { fieldManager: f.string('field-manager'), fieldValidation };
  const saveConfig = f.bool('save-config');

  if (f.bool('force')) {
    if (dryRun !== 'none') throw new KubectlError('--dry-run can not be used when --force is set');
    // Delete everything first, wait for it to be gone, then create it again.
    const grace = f.int('grace-period');
    for (const ref of result.refs) {
      const options: Record<string, unknown> = {};
      if (grace >= 0) options.gracePeriodSeconds = grace;
      options.propagationPolicy = 'Background';
      try {
        await new Helper(rest, ref.mapping).delete(ref.namespace, ref.name ?? '', options);
        inv.out(`${kindString(ref.mapping)} "${ref.name}" deleted\n`);
      } catch (e) {
        errs.push(addSourceToErr('deleting', ref.source, e));
      }
    }
    collectErrors(errs);
    const timeout = f.duration('timeout') || 5 * 60 * 1000;
    for (const ref of result.refs) {
      const deadline = inv.ctx.now() + timeout;
      for (;;) {
        try {
          await new Helper(rest, ref.mapping).get(ref.namespace, ref.name ?? '');
        } catch (e) {
          if (isNotFoundError(e)) break;
          throw e;
        }
        if (inv.ctx.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
        await inv.ctx.sleep(1000, inv.ctx.signal);
        if (inv.ctx.signal.aborted) return;
      }
    }
    let count = 0;
    for (const ref of result.refs) {
      let obj = withNamespace(ref.object!, ref.mapping, ref.namespace);
      if (saveConfig) obj = createApplyAnnotation(obj);
      const created = await new Helper(rest, ref.mapping).create(ref.namespace, sortDeep(obj), opts);
      count++;
      printObject(inv, created, 'replaced');
    }
    if (count === 0) throw new KubectlError('no objects passed to replace');
    return;
  }

  for (const ref of result.refs) {
    let obj = withNamespace(ref.object!, ref.mapping, ref.namespace);
    if (saveConfig) obj = createApplyAnnotation(obj);
    if (dryRun === 'client') {
      printObject(inv, obj, `replaced${dryRunSuffix(dryRun)}`);
      continue;
    }
    try {
      const helper = new Helper(rest, ref.mapping);
      const name = ref.name ?? '';
      if (!obj.metadata.resourceVersion) {
        // Helper.Replace fills in the live resourceVersion; a missing object is the PUT's problem.
        try {
          const live = await helper.get(ref.namespace, name);
          obj = { ...obj, metadata: { ...obj.metadata, resourceVersion: live.metadata.resourceVersion } };
        } catch (e) {
          if (!isNotFoundError(e)) throw e;
        }
      }
      const replaced = await helper.replace(ref.namespace, name, sortDeep(obj), {
        ...opts,
        dryRun: dryRun === 'server',
      });
      printObject(inv, replaced, `replaced${dryRunSuffix(dryRun)}`);
    } catch (e) {
      errs.push(addSourceToErr('replacing', ref.source, e));
    }
  }
  collectErrors(errs);
}

export const replaceCommand: CommandSpec = {
  ...helpSpec('replace', 'Replace a resource by file name or stdin'),
  run: runReplace,
};
