/**
 * `kubectl rollout undo` (kubectl/pkg/cmd/rollout/rollout_undo.go, polymorphichelpers/rollback.go).
 *
 * A rollback is done by kubectl, not by the server: it finds the ReplicaSet of the wanted
 * revision (by default the one before the current), and JSON-patches the Deployment's
 * spec.template back to that ReplicaSet's template (without its pod-template-hash label). The
 * Deployment controller then sees a template equal to an old ReplicaSet's, makes that
 * ReplicaSet the new one and gives it the next revision number — so `rollout history` shows the
 * old revision moved to the top.
 */
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { KubectlError } from '../../errors';
import { resourceName } from '../../printers/index';
import type { Invocation } from '../../registry';
import {
  ANNOTATIONS_TO_SKIP,
  equalIgnoreHash,
  getAllReplicaSets,
  groupKindString,
  printTemplate,
  revision,
  workloadSpec,
} from '../workloads/util';
import {
  checkOutput,
  dryRunStrategy,
  dryRunSuffix,
  Helper,
  printer,
  visitInfos,
  type DryRun,
  type Info,
} from '../writeutil';

const revisionNotFound = (r: number): KubectlError =>
  new KubectlError(`unable to find specified revision ${r} in history`);

/** deploymentRevision: the ReplicaSet of `toRevision`, or (0) the second newest. */
async function deploymentRevision(
  inv: Invocation,
  deployment: KubeObject,
  toRevision: number,
): Promise<KubeObject> {
  let all: { newRS?: KubeObject; allOldRSs: KubeObject[] };
  try {
    all = await getAllReplicaSets(inv, deployment);
  } catch (e) {
    throw new KubectlError(
      `failed to retrieve replica sets from deployment ${deployment.metadata.name}: ${(e as Error).message}`,
    );
  }
  const allRSs = all.newRS ? [...all.allOldRSs, all.newRS] : all.allOldRSs;
  let latest: KubeObject | undefined;
  let latestRevision = -1;
  let previous: KubeObject | undefined;
  let previousRevision = -1;
  for (const rs of allRSs) {
    let v: number;
    try {
      v = revision(rs);
    } catch {
      continue;
    }
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        previous = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        previous = rs;
      }
    } else if (toRevision === v) return rs;
  }
  if (toRevision > 0) throw revisionNotFound(toRevision);
  if (!previous)
    throw new KubectlError(
      `no rollout history found for deployment ${JSON.stringify(deployment.metadata.name)}`,
    );
  return previous;
}

/** DeploymentRollbacker.Rollback: returns the operation text (`rolled back`, or why not). */
async function rollback(inv: Invocation, info: Info, toRevision: number, dryRun: DryRun): Promise<string> {
  if (toRevision < 0) throw revisionNotFound(toRevision);
  const helper = new Helper(inv.kube.rest(), info.mapping);
  let deployment: KubeObject;
  try {
    deployment = await helper.get(info.namespace, info.name);
  } catch (e) {
    throw new KubectlError(`failed to retrieve Deployment ${info.name}: ${(e as Error).message}`);
  }
  const rsForRevision = await deploymentRevision(inv, deployment, toRevision);
  const template = structuredClone((rsForRevision.spec as { template?: PodTemplateSpec }).template ?? {});
  if (dryRun === 'client') return printTemplate(template);
  if ((deployment.spec as { paused?: boolean }).paused)
    throw new KubectlError(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  // Skip if the revision already matches the current Deployment.
  if (equalIgnoreHash(template, (deployment.spec as { template?: PodTemplateSpec }).template))
    return `skipped rollback (current template already matches revision ${toRevision})`;
  // Remove the hash label before patching the template back into the Deployment.
  if (template.metadata?.labels) delete template.metadata.labels['pod-template-hash'];
  // The Deployment keeps its own revision annotations and takes the ReplicaSet's others
  // (change-cause in particular).
  const annotations: Record<string, string> = {};
  for (const k of ANNOTATIONS_TO_SKIP) {
    const v = deployment.metadata.annotations?.[k];
    if (v !== undefined) annotations[k] = v;
  }
  for (const [k, v] of Object.entries(rsForRevision.metadata.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  try {
    await helper.patch(info.namespace, info.name, 'application/json-patch+json', patch, {
      dryRun: dryRun === 'server',
    });
  } catch (e) {
    throw new KubectlError(`failed restoring revision ${toRevision}: ${(e as Error).message}`);
  }
  return 'rolled back';
}

export const rolloutUndo = {
  ...workloadSpec('rollout undo'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    if (inv.args.length === 0 && f.strings('filename').length === 0)
      throw new KubectlError('required resource not specified');
    if (f.string('kustomize'))
      throw new KubectlError('kubectl rollout undo -k (kustomize) is not simulated in Breakfix');
    const dryRun = dryRunStrategy(inv);
    checkOutput(inv);
    const toRevision = f.int('to-revision');
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
    const { errors } = await visitInfos(inv, result.refs, { latest: true }, async (info) => {
      if (info.mapping.group !== 'apps' || info.mapping.kind !== 'Deployment') {
        if (
          info.mapping.group === 'apps' &&
          (info.mapping.kind === 'DaemonSet' || info.mapping.kind === 'StatefulSet')
        )
          throw new KubectlError(`rollout undo of ${info.mapping.kind}s is not simulated in Breakfix yet`);
        throw new KubectlError(`no rollbacker has been implemented for ${groupKindString(info.mapping)}`);
      }
      const op = (await rollback(inv, info, toRevision, dryRun)) + dryRunSuffix(dryRun);
      const output = f.string('output');
      if (!output) inv.out(`${resourceName(info.object!)} ${op}\n`);
      else printer(inv).print(info.object, (t) => inv.out(t));
    });
    if (errors.length > 0) throw errors[0];
  },
};
