/**
 * `kubectl rollout history` (kubectl/pkg/cmd/rollout/rollout_history.go and
 * polymorphichelpers/history.go).
 *
 * A Deployment's history is its ReplicaSets: each keeps the revision number it last ran as and
 * the pod template of that revision; the CHANGE-CAUSE column is each ReplicaSet's
 * `kubernetes.io/change-cause` annotation (copied from the Deployment when it was current).
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { KubectlError } from '../../errors';
import { tabulate } from '../../printers/tabwriter';
import { resourceName } from '../../printers/index';
import type { Invocation } from '../../registry';
import {
  CHANGE_CAUSE_ANNOTATION,
  getAllReplicaSets,
  groupKindString,
  printTemplate,
  revision,
  workloadSpec,
} from '../workloads/util';
import { checkOutput, Helper, printer, visitInfos, type Info } from '../writeutil';

/** The ReplicaSets of a Deployment by revision (DeploymentHistoryViewer.GetHistory). */
async function deploymentHistory(inv: Invocation, info: Info): Promise<Map<number, KubeObject>> {
  let deployment: KubeObject;
  try {
    deployment = await new Helper(inv.kube.rest(), info.mapping).get(info.namespace, info.name);
  } catch (e) {
    throw new KubectlError(`failed to retrieve deployment ${info.name}: ${(e as Error).message}`);
  }
  const { newRS, allOldRSs } = await getAllReplicaSets(inv, deployment);
  const history = new Map<number, KubeObject>();
  for (const rs of newRS ? [...allOldRSs, newRS] : allOldRSs) {
    let v: number;
    try {
      v = revision(rs);
    } catch (e) {
      inv.kube.logger.warning(
        'history.go:116',
        `unable to get revision from replicaset ${rs.metadata.name} for deployment ${info.name} in namespace ${info.namespace}: ${(e as Error).message}`,
      );
      continue;
    }
    history.set(v, rs);
  }
  return history;
}

function historyFor(inv: Invocation, info: Info): Promise<Map<number, KubeObject>> {
  if (info.mapping.group === 'apps' && info.mapping.kind === 'Deployment')
    return deploymentHistory(inv, info);
  if (
    info.mapping.group === 'apps' &&
    (info.mapping.kind === 'DaemonSet' || info.mapping.kind === 'StatefulSet')
  )
    throw new KubectlError(`rollout history of ${info.mapping.kind}s is not simulated in Breakfix yet`);
  throw new KubectlError(`no history viewer has been implemented for ${groupKindString(info.mapping)}`);
}

/** ViewHistory: the REVISION / CHANGE-CAUSE table, or one revision's pod template. */
async function viewHistory(inv: Invocation, info: Info, rev: number): Promise<string> {
  const history = await historyFor(inv, info);
  if (history.size === 0) return 'No rollout history found.';
  const templates = new Map<number, PodTemplateSpec>();
  for (const [v, rs] of history) {
    const template = structuredClone((rs.spec as { template?: PodTemplateSpec }).template ?? {});
    const changeCause = rs.metadata.annotations?.[CHANGE_CAUSE_ANNOTATION] ?? '';
    template.metadata ??= {};
    template.metadata.annotations ??= {};
    if (changeCause) template.metadata.annotations[CHANGE_CAUSE_ANNOTATION] = changeCause;
    templates.set(v, template);
  }
  if (rev > 0) {
    const template = templates.get(rev);
    if (!template) throw new KubectlError('unable to find the specified revision');
    return printTemplate(template);
  }
  // tabwriter.NewWriter(out, 0, 8, 2, ' ', 0)
  let text = 'REVISION\tCHANGE-CAUSE\n';
  for (const r of [...templates.keys()].sort((a, b) => a - b)) {
    const cause = templates.get(r)!.metadata?.annotations?.[CHANGE_CAUSE_ANNOTATION] || '<none>';
    text += `${r}\t${cause}\n`;
  }
  return tabulate(text, { minwidth: 0, tabwidth: 8, padding: 2, padchar: ' ' });
}

export const rolloutHistory = {
  ...workloadSpec('rollout history'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    const rev = f.int('revision');
    if (inv.args.length === 0 && f.strings('filename').length === 0)
      throw new KubectlError('required resource not specified');
    if (rev < 0) throw new KubectlError(`revision must be a positive integer: ${rev}`);
    if (f.string('kustomize'))
      throw new KubectlError('kubectl rollout history -k (kustomize) is not simulated in Breakfix');
    checkOutput(inv);
    const { namespace, explicit } = inv.kube.namespace();
    const result = await inv.kube.build({
      args: inv.args,
      filenames: f.strings('filename'),
      recursive: f.bool('recursive'),
      labelSelector: f.string('selector') || undefined,
      allowEmptySelector: true,
      namespace,
      enforceNamespace: explicit,
    });
    if (result.errors.length > 0) throw result.errors[0];
    const output = f.string('output');
    const { errors } = await visitInfos(inv, result.refs, { latest: true }, async (info) => {
      if (output) {
        // -o: the ReplicaSets themselves (one revision, or all in order).
        const history = await historyFor(inv, info);
        const p = printer(inv);
        if (rev > 0) p.print(history.get(rev) ?? null, (t) => inv.out(t));
        else
          for (const r of [...history.keys()].sort((a, b) => a - b))
            p.print(history.get(r), (t) => inv.out(t));
        return;
      }
      const text = await viewHistory(inv, info, rev);
      const withRevision = rev > 0 ? `with revision #${rev}` : '';
      inv.out(`${resourceName(info.object!)} ${withRevision}\n${text}\n`);
    });
    if (errors.length > 0) throw errors[0];
  },
};
