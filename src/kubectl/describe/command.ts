/**
 * `kubectl describe` (kubectl/pkg/cmd/describe): resolve the arguments with the resource builder,
 * fetch what they name (GET for names, chunked LIST for types and selectors), then hand each object
 * to its describer. `kubectl describe TYPE NAME` falls back to every object whose name starts with
 * NAME when there is no exact match (DescribeMatchingResources).
 */
import { lazyModule } from '../../api/lazy';
import type { KubeList, KubeObject } from '../../api/types';
import { type Mapping, resourcePath } from '../discovery';
import { AggregateError, isNotFound, KubectlError, statusErrorFromResponse } from '../errors';
import { boolFlag, intFlag, stringFlag, stringSliceFlag } from '../flags';
import { registerCommand, type Invocation } from '../registry';
import { DescribeClient } from './client';
import type { describerFor as DescriberFor } from './describers';
import type { DescribeSettings } from './types';

const LONG = `Show details of a specific resource or group of resources.

 Print a detailed description of the selected resources, including related resources such as events or controllers. You may select a single object by name, all objects of that type, provide a name prefix, or label selector. For example:

        $ kubectl describe TYPE NAME_PREFIX
        
 will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubectl api-resources" for a complete list of supported resources.`;

const EXAMPLE = `  # Describe a node
  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal
  
  # Describe a pod
  kubectl describe pods/nginx
  
  # Describe a pod identified by type and name in "pod.json"
  kubectl describe -f pod.json
  
  # Describe all pods
  kubectl describe pods
  
  # Describe pods by label name=myLabel
  kubectl describe pods -l name=myLabel
  
  # Describe all pods managed by the 'frontend' replication controller
  # (rc-created pods get the name of the rc as a prefix in the pod name)
  kubectl describe pods frontend`;

/**
 * The describers are a chunk of their own in the browser build, fetched by the first `kubectl
 * describe`: the cluster worker does not need them to start.
 */
const describerFor = async (
  ...a: Parameters<typeof DescriberFor>
): Promise<ReturnType<typeof DescriberFor>> => (await describers()).describerFor(...a);
const describers = lazyModule(() => import('./describers'));

/** One object to describe (resource.Info). */
interface Info {
  mapping: Mapping;
  namespace: string;
  name: string;
}

/** A chunked LIST as the builder does it (RequestChunksOf): `limit`, following `continue`. */
async function listInfos(
  client: DescribeClient,
  mapping: Mapping,
  namespace: string,
  labelSelector: string | undefined,
  fieldSelector: string | undefined,
): Promise<Info[]> {
  const infos: Info[] = [];
  let cont = '';
  for (;;) {
    const query: Record<string, string> = {};
    if (labelSelector) query.labelSelector = labelSelector;
    if (fieldSelector) query.fieldSelector = fieldSelector;
    if (client.chunkSize > 0) query.limit = String(client.chunkSize);
    if (cont) query.continue = cont;
    const res = await client.client.request({
      method: 'GET',
      path: resourcePath(mapping, mapping.namespaced ? namespace : undefined),
      query,
    });
    if (res.status >= 400) throw statusErrorFromResponse(res.status, res.body);
    const list = res.body as KubeList<KubeObject>;
    for (const item of list.items ?? []) {
      infos.push({ mapping, namespace: item.metadata.namespace ?? '', name: item.metadata.name ?? '' });
    }
    cont = list.metadata?.continue ?? '';
    if (!cont) return infos;
  }
}

async function run(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const args = inv.args;
  const filenames = f.strings('filename');
  if (args.length === 0 && filenames.length === 0 && !f.string('kustomize')) {
    throw new KubectlError(
      'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
    );
  }
  if (f.string('kustomize')) throw new KubectlError('-k/--kustomize is not simulated in Breakfix');
  const { namespace, explicit } = inv.kube.namespace();
  const allNamespaces = f.bool('all-namespaces');
  const chunkSize = f.int('chunk-size');
  const client = new DescribeClient(inv.kube.rest(), chunkSize);
  const settings: DescribeSettings = { showEvents: f.bool('show-events'), now: inv.ctx.now() };
  const selector = f.changed('selector') ? f.string('selector') : undefined;

  const built = await inv.kube.build({
    args,
    filenames,
    recursive: f.bool('recursive'),
    labelSelector: selector,
    allNamespaces,
    namespace,
    enforceNamespace: explicit,
    allowEmptySelector: true,
  });

  // Builder.Do().Infos() with ContinueOnError: the infos that could be fetched, and the errors.
  const infos: Info[] = [];
  const visitErrors: Error[] = [...built.errors];
  for (const ref of built.refs) {
    try {
      if (ref.object) {
        infos.push({ mapping: ref.mapping, namespace: ref.namespace, name: ref.name ?? '' });
      } else if (ref.name !== undefined) {
        const res = await client.client.request({
          method: 'GET',
          path: resourcePath(ref.mapping, ref.namespace || undefined, ref.name),
        });
        if (res.status >= 400) throw statusErrorFromResponse(res.status, res.body);
        infos.push({ mapping: ref.mapping, namespace: ref.namespace, name: ref.name });
      } else {
        infos.push(
          ...(await listInfos(client, ref.mapping, ref.namespace, ref.labelSelector, ref.fieldSelector)),
        );
      }
    } catch (e) {
      visitErrors.push(e as Error);
    }
  }

  const allErrs: Error[] = [];
  if (visitErrors.length > 0) {
    // A single NotFound for `describe TYPE NAME` retries NAME as a prefix.
    if (visitErrors.length === 1 && isNotFound(visitErrors[0]) && args.length === 2) {
      await describeMatchingResources(inv, client, settings, visitErrors[0]!, args[0]!, args[1]!, namespace);
      return 0;
    }
    allErrs.push(visitErrors.length === 1 ? visitErrors[0]! : new AggregateError(visitErrors));
  }

  const seen = new Set<string>();
  let first = true;
  for (const info of infos) {
    const describer = await describerFor({
      group: info.mapping.group,
      version: info.mapping.version,
      kind: info.mapping.kind,
      resource: info.mapping.name,
    });
    let s: string;
    try {
      s = await describer(client, info.namespace, info.name, settings);
    } catch (e) {
      const err = e as Error;
      if (!seen.has(err.message)) {
        seen.add(err.message);
        allErrs.push(err);
      }
      continue;
    }
    if (first) {
      first = false;
      inv.out(s);
    } else {
      inv.out(`\n\n${s}`);
    }
  }

  if (infos.length === 0 && allErrs.length === 0) {
    inv.err(allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  }
  if (allErrs.length === 1) throw allErrs[0];
  if (allErrs.length > 1) throw new AggregateError(allErrs);
  return 0;
}

/** DescribeMatchingResources: describe every object of `resource` whose name starts with `prefix`. */
async function describeMatchingResources(
  inv: Invocation,
  client: DescribeClient,
  settings: DescribeSettings,
  originalError: Error,
  resource: string,
  prefix: string,
  namespace: string,
): Promise<void> {
  const built = await inv.kube.build({ args: [resource], namespace, allowEmptySelector: true });
  if (built.refs.length !== 1) throw new KubectlError('you must provide exactly one resource type');
  const ref = built.refs[0]!;
  const describer = await describerFor({
    group: ref.mapping.group,
    version: ref.mapping.version,
    kind: ref.mapping.kind,
    resource: ref.mapping.name,
  });
  const infos = await listInfos(client, ref.mapping, ref.namespace, ref.labelSelector, ref.fieldSelector);
  let found = false;
  for (const info of infos) {
    if (!info.name.startsWith(prefix)) continue;
    found = true;
    const s = await describer(client, info.namespace, info.name, settings);
    inv.out(`${s}\n`);
  }
  if (!found) throw originalError;
}

registerCommand({
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  long: LONG,
  example: EXAMPLE,
  use: 'describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME)',
  flags: [
    boolFlag(
      'all-namespaces',
      'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
      { shorthand: 'A' },
    ),
    intFlag(
      'chunk-size',
      500,
      'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
    ),
    stringSliceFlag('filename', 'Filename, directory, or URL to files containing the resource to describe', {
      shorthand: 'f',
    }),
    stringFlag(
      'kustomize',
      "Process the kustomization directory. This flag can't be used together with -f or -R.",
      { shorthand: 'k' },
    ),
    boolFlag(
      'recursive',
      'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
      { shorthand: 'R' },
    ),
    stringFlag(
      'selector',
      "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
      { shorthand: 'l' },
    ),
    boolFlag('show-events', 'If true, display events related to the described object.', { default: true }),
  ],
  run,
});
