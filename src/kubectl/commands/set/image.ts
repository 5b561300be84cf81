/**
 * `kubectl set image` (kubectl/pkg/cmd/set/set_image.go): change container images in pod
 * templates (and pods). `kubectl set image deployment/web nginx=nginx:1.25.3` patches the
 * Deployment's template; the Deployment controller starts a rollout. Setting an image to the
 * value it already has sends nothing and prints nothing.
 */
import type { Container } from 'kubernetes-types/core/v1';
import { KubectlError } from '../../errors';
import type { CommandSpec, Invocation } from '../../registry';
import { resourcesAndPairs } from '../label';
import { updatePodSpecForObject, workloadSpec } from '../workloads/util';
import { checkOutput, dryRunStrategy } from '../writeutil';
import { infoObjectName, patchAndPrint, setInfos } from './common';

/** cmdutil.ParsePairs(args, "image", false): `name=image`, in order. */
function parseImagePairs(pairs: string[]): Map<string, string> {
  const images = new Map<string, string>();
  const invalid: string[] = [];
  for (const s of pairs) {
    if (s.includes('=') && s[0] !== '=') {
      const i = s.indexOf('=');
      images.set(s.slice(0, i), s.slice(i + 1));
    } else invalid.push(s);
  }
  if (invalid.length > 0) throw new KubectlError(`invalid image format: ${invalid.join(', ')}`);
  return images;
}

/** setImage: every container named `name` (or all, for `*`) gets `image`. */
function setImage(containers: Container[] | undefined, name: string, image: string): boolean {
  let found = false;
  for (const c of containers ?? []) {
    if (c.name === name || name === '*') {
      found = true;
      c.image = image;
    }
  }
  return found;
}

export const setImageCommand: CommandSpec = {
  ...workloadSpec('set image'),
  async run(inv: Invocation): Promise<void> {
    const f = inv.flags;
    const dryRun = dryRunStrategy(inv);
    checkOutput(inv);
    const { resources, pairs } = resourcesAndPairs(inv.args, 'image');
    const images = parseImagePairs(pairs);
    // Complete fetches the objects before Validate looks at the flags, as upstream does: a
    // missing Deployment is reported before a missing image pair.
    const { infos } = await setInfos(inv, resources);
    const errs: string[] = [];
    if (f.bool('all') && f.string('selector')) errs.push('cannot set --all and --selector at the same time');
    if (resources.length < 1 && f.strings('filename').length === 0)
      errs.push('one or more resources must be specified as <resource> <name> or <resource>/<name>');
    if (images.size < 1) errs.push('at least one image update is required');
    else if (images.size > 1 && images.has('*'))
      errs.push(
        'all containers are already specified by *, but saw more than one container_name=container_image pairs',
      );
    if (errs.length === 1) throw new KubectlError(errs[0]!);
    if (errs.length > 1) throw new KubectlError(`[${errs.join(', ')}]`);
    const allErrs: Error[] = [];
    await patchAndPrint(
      inv,
      infos,
      dryRun,
      'image updated',
      (obj) =>
        updatePodSpecForObject(obj, (spec) => {
          for (const [name, image] of images) {
            const init = setImage(spec.initContainers, name, image);
            const regular = setImage(spec.containers, name, image);
            const ephemeral = setImage(spec.ephemeralContainers as Container[] | undefined, name, image);
            if (!init && !regular && !ephemeral)
              allErrs.push(new KubectlError(`error: unable to find container named ${JSON.stringify(name)}`));
          }
        }),
      (e) => `failed to patch image update to pod template: ${e.message}`,
      (info, e) => new KubectlError(`error: ${infoObjectName(info)} ${e.message}\n`),
      allErrs,
    );
  },
};
