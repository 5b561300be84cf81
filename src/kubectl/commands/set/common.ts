/**
 * What `kubectl set image/env/resources` share (kubectl/pkg/cmd/set): building the objects
 * (--all, -l, -f; --local is not simulated), patching each changed pod template with a strategic
 * merge patch, and printing `deployment.apps/web image updated`.
 */
import type { Container } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { KubectlError } from '../../errors';
import type { Invocation } from '../../registry';
import { calculatePatches, emptyPatch } from '../workloads/util';
import {
  collectErrors,
  dryRunSuffix,
  Helper,
  printObject,
  visitInfos,
  type DryRun,
  type Info,
} from '../writeutil';

/** Build and fetch the objects named by `resources` (and -f, -l, --all). */
export async function setInfos(
  inv: Invocation,
  resources: string[],
): Promise<{ infos: Info[]; errors: Error[] }> {
  const f = inv.flags;
  if (f.bool('local'))
    throw new KubectlError(
      `kubectl ${inv.commandPath.replace(/^kubectl /, '')} --local is not simulated in Breakfix`,
    );
  if (f.string('kustomize'))
    throw new KubectlError(
      `kubectl ${inv.commandPath.replace(/^kubectl /, '')} -k (kustomize) is not simulated in Breakfix`,
    );
  const { namespace, explicit } = inv.kube.namespace();
  const result = await inv.kube.build({
    args: resources,
    filenames: f.strings('filename'),
    recursive: f.bool('recursive'),
    labelSelector: f.string('selector') || undefined,
    selectAll: f.bool('all'),
    namespace,
    enforceNamespace: explicit,
  });
  if (result.errors.length > 0) throw result.errors[0];
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  if (errors.length > 0) throw errors[0];
  return { infos, errors: [] };
}

/**
 * Apply `mutate` to each object; print (dry run) or patch the changed ones; objects whose patch
 * is empty are skipped silently, as kubectl does. `patchError` words a failed PATCH.
 */
export async function patchAndPrint(
  inv: Invocation,
  infos: Info[],
  dryRun: DryRun,
  operation: string,
  mutate: (obj: KubeObject) => void,
  patchError: (e: Error) => string,
  errorFor: (info: Info, e: Error) => Error,
  allErrs: Error[],
  afterPatch?: () => void,
): Promise<void> {
  for (const p of calculatePatches(infos, mutate)) {
    const info = p.info;
    if (p.err) {
      allErrs.push(errorFor(info, p.err));
      continue;
    }
    if (emptyPatch(p.patch)) continue;
    if (dryRun === 'client') {
      printObject(inv, p.after, `${operation}${dryRunSuffix(dryRun)}`);
      continue;
    }
    let actual: KubeObject;
    try {
      actual = await new Helper(inv.kube.rest(), info.mapping).patch(
        info.namespace,
        info.name,
        'application/strategic-merge-patch+json',
        p.patch,
        { dryRun: dryRun === 'server', fieldManager: inv.flags.string('field-manager') },
      );
    } catch (e) {
      allErrs.push(new KubectlError(patchError(e as Error)));
      continue;
    }
    afterPatch?.();
    printObject(inv, actual, `${operation}${dryRunSuffix(dryRun)}`);
  }
  collectErrors(allErrs);
}

/** selectContainers: the containers whose name matches the (glob) selector, `*` for all. */
export function selectContainers<T extends Container>(containers: T[] | undefined, spec: string): T[] {
  const re = new RegExp(
    `^${spec
      .replace(/[.+^${}()|\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return (containers ?? []).filter((c) => re.test(c.name));
}

/** Info.ObjectName(): `deployments.apps/web`. */
export const infoObjectName = (info: Info): string =>
  info.mapping.group
    ? `${info.mapping.name}.${info.mapping.group}/${info.name}`
    : `${info.mapping.name}/${info.name}`;
