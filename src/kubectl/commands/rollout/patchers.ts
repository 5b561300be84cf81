/**
 * `kubectl rollout pause`, `resume` and `restart` (kubectl/pkg/cmd/rollout and
 * polymorphichelpers objectpauser.go / objectresumer.go / objectrestarter.go).
 *
 * Each changes the object in memory (spec.paused, or the pod template's
 * `kubectl.kubernetes.io/restartedAt` annotation), computes a strategic merge patch from the
 * change, and sends it. A restart is nothing but a template change: the Deployment controller
 * rolls out new pods exactly as for a new image.
 */
import type { KubeObject } from '../../../api/types';
import { formatRFC3339 } from '../../../apimachinery/time';
import { KubectlError } from '../../errors';
import { resourceName } from '../../printers/index';
import type { CommandSpec, Invocation } from '../../registry';
import {
  calculatePatches,
  emptyPatch,
  podTemplateOf,
  RESTARTED_AT_ANNOTATION,
  resourceString,
  workloadSpec,
} from '../workloads/util';
import { checkOutput, collectErrors, Helper, printer, visitInfos } from '../writeutil';

type Mutator = (obj: KubeObject, now: number) => void;

const isApps = (obj: KubeObject, ...kinds: string[]): boolean =>
  (obj.apiVersion === 'apps/v1' || obj.apiVersion?.startsWith('apps/') === true) && kinds.includes(obj.kind);

/** defaultObjectPauser. */
const pause: Mutator = (obj) => {
  if (!isApps(obj, 'Deployment')) throw new Error('pausing is not supported');
  const spec = obj.spec as { paused?: boolean };
  if (spec.paused) throw new Error('is already paused');
  spec.paused = true;
};

/** defaultObjectResumer. */
const resume: Mutator = (obj) => {
  if (!isApps(obj, 'Deployment')) throw new Error('resuming is not supported');
  const spec = obj.spec as { paused?: boolean };
  if (!spec.paused) throw new Error('is not paused');
  delete spec.paused;
};

/** defaultObjectRestarter: the restartedAt annotation, time.Now() in RFC 3339. */
const restart: Mutator = (obj, now) => {
  if (!isApps(obj, 'Deployment', 'DaemonSet', 'StatefulSet')) throw new Error(`restarting is not supported`);
  if (obj.kind === 'Deployment' && (obj.spec as { paused?: boolean }).paused)
    throw new Error("can't restart paused deployment (run rollout resume first)");
  const template = podTemplateOf(obj)!;
  template.metadata ??= {};
  template.metadata.annotations = {
    ...(template.metadata.annotations ?? {}),
    [RESTARTED_AT_ANNOTATION]: formatRFC3339(now),
  };
};

interface Mode {
  path: string;
  mutate: Mutator;
  /** Operation printed after a successful patch. */
  done: string;
  /** What to do with an empty patch: print this operation, or fail. */
  empty: { print: string } | { fail: (name: string) => string };
}

async function run(inv: Invocation, mode: Mode): Promise<void> {
  const f = inv.flags;
  if (inv.args.length === 0 && f.strings('filename').length === 0)
    throw new KubectlError('required resource not specified');
  if (f.string('kustomize'))
    throw new KubectlError(`kubectl ${mode.path} -k (kustomize) is not simulated in Breakfix`);
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
  const allErrs: Error[] = [...result.errors];
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true });
  allErrs.push(...errors);
  const now = inv.ctx.now();
  const patches = calculatePatches(infos, (obj) => mode.mutate(obj, now));
  if (patches.length === 0 && allErrs.length === 0) {
    inv.err(`No resources found in ${namespace} namespace.\n`);
    return;
  }
  const output = f.string('output');
  const print = (obj: KubeObject, op: string): void => {
    if (!output) inv.out(`${resourceName(obj)} ${op}\n`);
    else printer(inv).print(obj, (t) => inv.out(t));
  };
  for (const p of patches) {
    const info = p.info;
    if (p.err) {
      allErrs.push(
        new KubectlError(
          `error: ${resourceString(info.mapping)} ${JSON.stringify(info.name)} ${p.err.message}`,
        ),
      );
      continue;
    }
    if (emptyPatch(p.patch)) {
      if ('print' in mode.empty) print(info.object!, mode.empty.print);
      else allErrs.push(new KubectlError(mode.empty.fail(info.name)));
      continue;
    }
    let obj: KubeObject;
    try {
      obj = await new Helper(inv.kube.rest(), info.mapping).patch(
        info.namespace,
        info.name,
        'application/strategic-merge-patch+json',
        p.patch,
        { fieldManager: f.string('field-manager') },
      );
    } catch (e) {
      allErrs.push(new KubectlError(`failed to patch: ${(e as Error).message}`));
      continue;
    }
    print(obj, mode.done);
  }
  collectErrors(allErrs);
}

export const rolloutPause: CommandSpec = {
  ...workloadSpec('rollout pause'),
  run: (inv) =>
    run(inv, { path: 'rollout pause', mutate: pause, done: 'paused', empty: { print: 'already paused' } }),
};

export const rolloutResume: CommandSpec = {
  ...workloadSpec('rollout resume'),
  run: (inv) =>
    run(inv, {
      path: 'rollout resume',
      mutate: resume,
      done: 'resumed',
      empty: { print: 'already resumed' },
    }),
};

export const rolloutRestart: CommandSpec = {
  ...workloadSpec('rollout restart'),
  run: (inv) =>
    run(inv, {
      path: 'rollout restart',
      mutate: restart,
      done: 'restarted',
      empty: {
        fail: (name) =>
          `failed to create patch for ${name}: if restart has already been triggered within the past second, please wait before attempting to trigger another`,
      },
    }),
};
