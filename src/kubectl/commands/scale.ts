/**
 * `kubectl scale` (kubectl/pkg/cmd/scale, kubectl/pkg/scale).
 *
 * It never edits the Deployment itself: it writes the `scale` subresource, a small autoscaling/v1
 * Scale object holding just the replica count — `PATCH …/deployments/web/scale` with
 * `{"spec":{"replicas":3}}`. With --current-replicas or --resource-version it GETs the Scale
 * first and checks the precondition, then PUTs it back. The Deployment controller does the rest.
 */
import type { KubeObject } from '../../api/types';
import { resourcePath } from '../discovery';
import { isConflict, KubectlError } from '../errors';
import { type CommandSpec, type Invocation } from '../registry';
import { checkRequired, workloadSpec } from './workloads/util';
import {
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  printObject,
  visitInfos,
  type Info,
} from './writeutil';

interface Scale extends KubeObject {
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

/** ScalePrecondition.validate: `Expected replicas to be 2, was 3`. */
function validatePrecondition(scale: Scale, size: number, resourceVersion: string): void {
  const current = scale.spec?.replicas ?? 0;
  if (size !== -1 && current !== size)
    throw new KubectlError(`Expected replicas to be ${size}, was ${current}`);
  if (resourceVersion && scale.metadata.resourceVersion !== resourceVersion)
    throw new KubectlError(
      `Expected resource version to be ${resourceVersion}, was ${scale.metadata.resourceVersion ?? ''}`,
    );
}

/** genericScaler.ScaleSimple: GET+PUT with a precondition, a merge PATCH without. */
async function scaleSimple(
  inv: Invocation,
  info: Info,
  newSize: number,
  precondition: { size: number; resourceVersion: string } | undefined,
  dryRun: boolean,
): Promise<void> {
  const rest = inv.kube.rest();
  const path = resourcePath(info.mapping, info.namespace, info.name, 'scale');
  const query = dryRun ? { dryRun: 'All' } : undefined;
  if (precondition) {
    const scale = (await rest.requestOK({ method: 'GET', path })).body as Scale;
    validatePrecondition(scale, precondition.size, precondition.resourceVersion);
    scale.spec = { ...(scale.spec ?? {}), replicas: newSize };
    await rest.requestOK({ method: 'PUT', path, query, body: scale });
    return;
  }
  await rest.requestOK({
    method: 'PATCH',
    path,
    query,
    headers: { contentType: 'application/merge-patch+json' },
    body: { spec: { replicas: newSize } },
  });
}

/** Poll every second until `cond` holds or `timeoutMs` passes (wait.PollImmediate). */
async function pollImmediate(
  inv: Invocation,
  timeoutMs: number,
  cond: () => Promise<boolean>,
): Promise<boolean> {
  const deadline = inv.ctx.now() + timeoutMs;
  for (;;) {
    if (await cond()) return true;
    if (inv.ctx.now() + 1000 > deadline || inv.ctx.signal.aborted) return false;
    await inv.ctx.sleep(1000, inv.ctx.signal);
  }
}

async function runScale(inv: Invocation): Promise<void> {
  checkRequired(inv, ['replicas']);
  const f = inv.flags;
  const replicas = f.int('replicas');
  const currentReplicas = f.int('current-replicas');
  if (replicas < 0)
    throw new KubectlError(
      'The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0',
    );
  if (currentReplicas < -1)
    throw new KubectlError('The --current-replicas must specify an integer of -1 or greater');
  const dryRun = dryRunStrategy(inv);
  checkOutput(inv);
  if (f.string('kustomize'))
    throw new KubectlError('kubectl scale -k (kustomize) is not simulated in Breakfix');
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
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  const infoErrors = [...result.errors, ...errors];
  const resourceVersion = f.string('resource-version');
  if (resourceVersion && infos.length > 1)
    throw new KubectlError('cannot use --resource-version with multiple resources');
  // Only a requested precondition costs a GET of the Scale first.
  const precondition =
    currentReplicas !== -1 || resourceVersion ? { size: currentReplicas, resourceVersion } : undefined;
  const timeoutMs = f.duration('timeout');
  if (infos.length === 0) {
    collectErrors(infoErrors);
    throw new KubectlError('no objects passed to scale');
  }
  for (const info of infos) {
    if (dryRun === 'client') {
      printObject(inv, info.object, `scaled${dryRunSuffix(dryRun)}`);
      continue;
    }
    // Retry on update conflicts, every second for up to five minutes (scale.NewRetryParams).
    const ok = await pollImmediate(inv, 5 * 60 * 1000, async () => {
      try {
        await scaleSimple(inv, info, replicas, precondition, dryRun === 'server');
        return true;
      } catch (e) {
        if (isConflict(e)) return false;
        throw e;
      }
    });
    if (!ok) throw new KubectlError('timed out waiting for the condition');
    if (timeoutMs !== 0 && dryRun === 'none') {
      // --timeout: wait until the controller reports the new size.
      const path = resourcePath(info.mapping, info.namespace, info.name, 'scale');
      const synced = await pollImmediate(inv, timeoutMs, async () => {
        const s = (await inv.kube.rest().requestOK({ method: 'GET', path })).body as Scale;
        if ((s.spec?.replicas ?? 0) !== replicas) return true; // reset by someone else
        return (s.status?.replicas ?? 0) === replicas;
      });
      if (!synced) throw new KubectlError(`timed out waiting for ${JSON.stringify(info.name)} to be synced`);
    }
    printObject(inv, info.object, `scaled${dryRunSuffix(dryRun)}`);
  }
  collectErrors(infoErrors);
}

export const scaleCommand: CommandSpec = {
  ...workloadSpec('scale', 'Set a new size for a deployment, replica set, or replication controller'),
  short: 'Set a new size for a deployment, replica set, or replication controller',
  run: runScale,
};
