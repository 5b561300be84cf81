/**
 * `kubectl delete` (kubectl/pkg/cmd/delete): DELETE each object with a DeleteOptions body
 * (grace period, propagation policy), print `pod "x" deleted` as each one goes, then — unless
 * `--wait=false` — wait until every deleted object is really gone (finalizers run, pods finish
 * their graceful termination), watching with the simulated clock.
 */
import { KubectlError } from '../errors';
import { parseGoBool } from '../flags';
import { type CommandSpec, type Invocation } from '../registry';
import { waitForDeletion } from './waitutil';
import {
  addSourceToErr,
  collectErrors,
  dryRunStrategy,
  Helper,
  helpSpec,
  isNotFoundError,
  kindString,
  visitInfos,
  type DryRun,
  type Info,
} from './writeutil';

/** One week: kubectl's "wait forever" for --timeout=0. */
const WEEK_MS = 168 * 3600 * 1000;

function parseCascade(inv: Invocation, v: string): string {
  const b = parseGoBool(v);
  if (b === undefined) {
    switch (v) {
      case 'orphan':
        return 'Orphan';
      case 'foreground':
        return 'Foreground';
      case 'background':
        return 'Background';
    }
    throw new KubectlError(`invalid cascade value (${v}). Must be "background", "foreground", or "orphan"`);
  }
  const repl = b ? 'background' : 'orphan';
  inv.err(
    `warning: --cascade=${v} is deprecated (boolean value) and can be replaced with --cascade=${repl}.\n`,
  );
  return b ? 'Background' : 'Orphan';
}

/** `pod "x" deleted`, `pod "x" force deleted`, `… (dry run)`, or `pod/x` with -o name. */
function printDeleted(inv: Invocation, info: Info, grace: number, dryRun: DryRun, output: string): void {
  const kind = kindString(info.mapping);
  if (output === 'name') {
    inv.out(`${kind}/${info.name}\n`);
    return;
  }
  let op = grace === 0 ? 'force deleted' : 'deleted';
  if (dryRun === 'client') op += ' (dry run)';
  else if (dryRun === 'server') op += ' (server dry run)';
  inv.out(`${kind} "${info.name}" ${op}\n`);
}

async function runDelete(inv: Invocation): Promise<void> {
  const f = inv.flags;
  if (f.string('raw')) throw new KubectlError('kubectl delete --raw is not simulated in Breakfix');
  if (f.bool('interactive'))
    throw new KubectlError('kubectl delete --interactive is not simulated in Breakfix');
  if (f.string('kustomize'))
    throw new KubectlError('kubectl delete -k (kustomize) is not simulated in Breakfix');
  const cascade = parseCascade(inv, f.string('cascade'));
  const all = f.bool('all');
  const labelSelector = f.string('selector');
  const fieldSelector = f.string('field-selector');
  let ignoreNotFound = f.bool('ignore-not-found');
  if ((all || labelSelector || fieldSelector) && !f.changed('ignore-not-found')) ignoreNotFound = true;
  let grace = f.int('grace-period');
  const force = f.bool('force');
  if (f.bool('now')) {
    if (grace !== -1) throw new KubectlError('--now and --grace-period cannot be specified together');
    grace = 1;
  }
  if (grace === 0 && !force) grace = 1;
  if (force && grace < 0) grace = 0;
  const dryRun = dryRunStrategy(inv);
  const { namespace, explicit } = inv.kube.namespace();
  const allNamespaces = f.bool('all-namespaces');
  const result = await inv.kube.build({
    args: inv.args,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: labelSelector || undefined,
    fieldSelector: fieldSelector || undefined,
    selectAll: all,
    allNamespaces,
    namespace,
    enforceNamespace: explicit,
  });

  // Validate
  const output = f.string('output');
  if (output !== '' && output !== 'name') {
    throw new KubectlError(`unexpected -o output mode: ${output}. We only support '-o name'`);
  }
  if (all && labelSelector) throw new KubectlError('cannot set --all and --selector at the same time');
  if (all && fieldSelector) throw new KubectlError('cannot set --all and --field-selector at the same time');
  if (grace === 0 && force) {
    inv.err(
      'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
    );
  } else if (grace > 0 && force) {
    throw new KubectlError('--force and --grace-period greater than 0 cannot be specified together');
  }

  const rest = inv.kube.rest();
  const deleted: { info: Info; uid?: string }[] = [];
  const errs: Error[] = [...result.errors];
  let found = 0;
  let warnClusterScope = explicit && !allNamespaces;
  const { errors } = await visitInfos(inv, result.refs, { latest: false }, async (info) => {
    found++;
    const options: Record<string, unknown> = {};
    if (grace >= 0) options.gracePeriodSeconds = grace;
    options.propagationPolicy = cascade;
    if (warnClusterScope && !info.mapping.namespaced) {
      inv.err('Warning: deleting cluster-scoped resources, not scoped to the provided namespace\n');
      warnClusterScope = false;
    }
    if (dryRun === 'client') {
      printDeleted(inv, info, grace, dryRun, output);
      return;
    }
    if (dryRun === 'server') options.dryRun = ['All'];
    let response: unknown;
    try {
      response = await new Helper(rest, info.mapping).delete(info.namespace, info.name, options);
    } catch (e) {
      // An ignored NotFound still counts as deleted: kubectl waits on it (a GET that says 404).
      if (ignoreNotFound && isNotFoundError(e)) deleted.push({ info });
      else errs.push(addSourceToErr('deleting', info.source, e));
      return;
    }
    printDeleted(inv, info, grace, dryRun, output);
    const r = response as { kind?: string; details?: { uid?: string }; metadata?: { uid?: string } };
    deleted.push({ info, uid: r?.kind === 'Status' ? r.details?.uid : r?.metadata?.uid });
  });
  errs.push(...errors.filter((e) => !(ignoreNotFound && isNotFoundError(e))));
  collectErrors(errs);
  if (found === 0) {
    inv.out('No resources found\n');
    return;
  }
  if (!f.bool('wait') || dryRun !== 'none') return;
  const timeout = f.duration('timeout') || WEEK_MS;
  for (const d of deleted) {
    try {
      await waitForDeletion(inv, d.info, timeout, d.uid);
    } catch (e) {
      const reason = (e as { status?: { reason?: string } }).status?.reason;
      if (reason === 'Forbidden' || reason === 'MethodNotAllowed') return;
      throw e;
    }
    if (inv.ctx.signal.aborted) return;
  }
}

export const deleteCommand: CommandSpec = {
  ...helpSpec(
    'delete',
    'Delete resources by file names, stdin, resources and names, or by resources and label selector',
    // `--cascade` alone means background (pflag NoOptDefVal).
    (flags) => flags.map((fl) => (fl.name === 'cascade' ? { ...fl, noOptDefVal: 'background' } : fl)),
  ),
  run: runDelete,
};
