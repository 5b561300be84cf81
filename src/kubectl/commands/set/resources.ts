/**
 * `kubectl set resources` (kubectl/pkg/cmd/set/set_resources.go): set requests and limits of
 * the containers of pod templates (`--limits=cpu=200m,memory=512Mi`, `-c <glob>`).
 */
import type { ResourceRequirements } from 'kubernetes-types/core/v1';
import { parseQuantity, QuantityError } from '../../../apimachinery/quantity';
import { KubectlError } from '../../errors';
import type { CommandSpec, Invocation } from '../../registry';
import { updatePodSpecForObject, workloadSpec } from '../workloads/util';
import { checkOutput, dryRunStrategy } from '../writeutil';
import { infoObjectName, patchAndPrint, selectContainers, setInfos } from './common';

/** populateResourceListV1: `cpu=200m,memory=512Mi` → a ResourceList of canonical quantities. */
function resourceList(spec: string): Record<string, string> | undefined {
  if (spec === '') return undefined;
  const result: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2)
      throw new KubectlError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    try {
      result[parts[0]!] = parseQuantity(parts[1]!).toString();
    } catch (e) {
      if (e instanceof QuantityError) throw new KubectlError(e.message);
      throw e;
    }
  }
  return result;
}

export const setResourcesCommand: CommandSpec = {
  ...workloadSpec('set resources'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    const dryRun = dryRunStrategy(inv);
    checkOutput(inv);
    // Complete fetches the objects, then Validate checks the flags (set_resources.go).
    const { infos } = await setInfos(inv, inv.args);
    if (f.bool('all') && f.string('selector'))
      throw new KubectlError('cannot set --all and --selector at the same time');
    const limitsSpec = f.string('limits');
    const requestsSpec = f.string('requests');
    if (!limitsSpec && !requestsSpec)
      throw new KubectlError(
        'you must specify an update to requests or limits (in the form of --requests/--limits)',
      );
    const limits = resourceList(limitsSpec);
    const requests = resourceList(requestsSpec);
    const selector = f.string('containers');
    const allErrs: Error[] = [];
    await patchAndPrint(
      inv,
      infos,
      dryRun,
      'resource requirements updated',
      (obj) =>
        updatePodSpecForObject(obj, (spec) => {
          const containers = [
            ...selectContainers(spec.containers, selector),
            ...selectContainers(spec.initContainers, selector),
          ];
          if (containers.length === 0) {
            allErrs.push(new KubectlError(`error: unable to find container named ${selector}`));
            return;
          }
          for (const c of containers) {
            const r: ResourceRequirements = (c.resources ??= {});
            if (limitsSpec) r.limits = { ...(r.limits ?? {}), ...(limits ?? {}) };
            if (requestsSpec) r.requests = { ...(r.requests ?? {}), ...(requests ?? {}) };
          }
        }),
      (e) => `failed to patch resources update to pod template ${e.message}`,
      (info, e) => new KubectlError(`error: ${infoObjectName(info)} ${e.message}\n`),
      allErrs,
    );
  },
};
