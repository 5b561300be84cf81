/**
 * `kubectl uncordon`, and the code cordon shares with it (kubectl/pkg/cmd/drain/drain.go
 * DrainCmdOptions.Complete + RunCordonOrUncordon, pkg/drain/cordon.go CordonHelper):
 *
 *  - the arguments are node names (or TYPE/NAME), or `-l selector`;
 *  - a node already in the desired state prints `already cordoned` / `already uncordoned`;
 *  - otherwise `spec.unschedulable` is patched (strategic merge patch: `{"spec":{"unschedulable":
 *    true}}`, or `null` to uncordon) and `cordoned` / `uncordoned` is printed.
 */
import type { KubeObject } from '../../api/types';
import { createTwoWayMergePatch, type JsonMap } from '../../apimachinery/strategicpatch/index';
import { KubectlError } from '../errors';
import { operationLine } from '../printers/index';
import { type CommandSpec, type Invocation } from '../registry';
import { helpSpec } from '../helptext/index';
import { dryRunStrategy, dryRunSuffix, Helper, sortDeep, visitInfos, type Info } from './writeutil';

/** drain.go Complete for cordon/uncordon/drain: the node infos (errors stop the command). */
export async function nodeInfos(inv: Invocation): Promise<Info[]> {
  const selector = inv.flags.string('selector');
  if (inv.args.length === 0 && !inv.flags.changed('selector'))
    throw inv.usageError(`USAGE: ${inv.command.use} [flags]`);
  if (inv.args.length > 0 && selector)
    throw inv.usageError('error: cannot specify both a node name and a --selector option');
  const { namespace } = inv.kube.namespace();
  const args = inv.args.map((a) => (a.includes('/') ? a : `nodes/${a}`));
  const result = await inv.kube.build({
    args: selector ? ['nodes'] : args,
    labelSelector: selector || undefined,
    namespace,
  });
  if (result.errors.length) throw result.errors[0]!;
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  if (errors.length) throw errors[0]!;
  for (const info of infos) {
    if (info.mapping.group !== '' || info.mapping.name !== 'nodes') {
      const gvr = `${info.mapping.group}/${info.mapping.version}, Resource=${info.mapping.name}`;
      throw new KubectlError(`error: expected resource of type node, got ${JSON.stringify(gvr)}`);
    }
  }
  return infos;
}

export async function runCordonOrUncordon(inv: Invocation, desired: boolean): Promise<void> {
  const dryRun = dryRunStrategy(inv);
  const infos = await nodeInfos(inv);
  const word = desired ? 'cordon' : 'uncordon';
  const rest = inv.kube.rest();
  for (const info of infos) {
    const node = info.object as KubeObject;
    const current = !!(node.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
    if (current === desired) {
      inv.out(operationLine(node, `already ${word}ed${dryRunSuffix(dryRun)}`));
      continue;
    }
    if (dryRun !== 'client') {
      const spec = { ...((node.spec ?? {}) as Record<string, unknown>) };
      if (desired) spec.unschedulable = true;
      else delete spec.unschedulable; // false is omitted (omitempty)
      const patch = createTwoWayMergePatch(
        sortDeep(node) as JsonMap,
        sortDeep({ ...node, spec }) as JsonMap,
        '/Node',
      );
      try {
        await new Helper(rest, info.mapping).patch(
          '',
          info.name,
          'application/strategic-merge-patch+json',
          patch,
          {
            dryRun: dryRun === 'server',
          },
        );
      } catch (e) {
        // Printed, not returned: kubectl goes on with the other nodes and exits 0.
        inv.err(`error: unable to ${word} node ${JSON.stringify(info.name)}: ${(e as Error).message}\n`);
        continue;
      }
    }
    inv.out(operationLine(node, `${word}ed${dryRunSuffix(dryRun)}`));
  }
}

export const uncordonCommand: CommandSpec = {
  ...helpSpec('uncordon', 'Mark node as schedulable'),
  run: (inv) => runCordonOrUncordon(inv, false),
};
