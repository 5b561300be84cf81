/**
 * `kubectl top pod|node` (kubectl/pkg/cmd/top). Usage comes from the metrics API
 * (metrics.k8s.io), served by metrics-server. kind does not install it, so — exactly as on a
 * fresh kind cluster — both subcommands ask discovery for the group and fail with
 * `error: Metrics API not available`. (The usage numbers themselves exist: the kubelets serve
 * `/stats/summary`; a metrics-server that scrapes them is a later issue.)
 */
import { KubectlError } from '../errors';
import { boolFlag, stringFlag } from '../flags';
import { registerCommand, type CommandSpec, type Invocation } from '../registry';

const SELECTOR_USAGE =
  "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.";

/** cmd/top: `metricsAPIAvailable := SupportedMetricsAPIVersionAvailable(apiGroups)`. */
async function requireMetricsAPI(inv: Invocation): Promise<void> {
  const data = await inv.kube.discovery().data();
  if (!data.groups.some((g) => g.name === 'metrics.k8s.io'))
    throw new KubectlError('Metrics API not available');
  throw new KubectlError('kubectl top with metrics-server is not simulated in Breakfix yet');
}

const topPod: CommandSpec = {
  name: 'pod',
  aliases: ['pods', 'po'],
  short: 'Display resource (CPU/memory) usage of pods',
  long: `Display resource (CPU/memory) usage of pods.

 The 'top pod' command allows you to see the resource consumption of pods.

 Due to the metrics pipeline delay, they may be unavailable for a few minutes since pod creation.`,
  example: `  # Show metrics for all pods in the default namespace
  kubectl top pod
  
  # Show metrics for all pods in the given namespace
  kubectl top pod --namespace=NAMESPACE
  
  # Show metrics for a given pod and its containers
  kubectl top pod POD_NAME --containers
  
  # Show metrics for the pods defined by label name=myLabel
  kubectl top pod -l name=myLabel`,
  use: 'top pod [NAME | -l label]',
  flags: [
    boolFlag(
      'all-namespaces',
      'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
      { shorthand: 'A' },
    ),
    boolFlag('containers', 'If present, print usage of containers within a pod.'),
    stringFlag(
      'field-selector',
      "Selector (field query) to filter on, supports '=', '==', and '!='.(e.g. --field-selector key1=value1,key2=value2). The server only supports a limited number of field queries per type.",
    ),
    boolFlag('no-headers', 'If present, print output without headers.'),
    stringFlag('selector', SELECTOR_USAGE, { shorthand: 'l' }),
    stringFlag(
      'sort-by',
      "If non-empty, sort pods list using specified field. The field can be either 'cpu' or 'memory'.",
    ),
    boolFlag('sum', 'Print the sum of the resource usage'),
    boolFlag('use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.', {
      default: true,
    }),
  ],
  async run(inv) {
    if (inv.args.length > 0 && inv.flags.string('selector') !== '')
      throw new KubectlError('only one of NAME or --selector can be provided');
    const sort = inv.flags.string('sort-by');
    if (sort !== '' && sort !== 'cpu' && sort !== 'memory')
      throw new KubectlError('--sort-by accepts only cpu or memory');
    await requireMetricsAPI(inv);
  },
};

const topNode: CommandSpec = {
  name: 'node',
  aliases: ['nodes', 'no'],
  short: 'Display resource (CPU/memory) usage of nodes',
  long: `Display resource (CPU/memory) usage of nodes.

 The top-node command allows you to see the resource consumption of nodes.`,
  example: `  # Show metrics for all nodes
  kubectl top node
  
  # Show metrics for a given node
  kubectl top node NODE_NAME`,
  use: 'top node [NAME | -l label]',
  flags: [
    boolFlag('no-headers', 'If present, print output without headers'),
    stringFlag('selector', SELECTOR_USAGE, { shorthand: 'l' }),
    boolFlag(
      'show-capacity',
      'Print node resources based on Capacity instead of Allocatable(default) of the nodes.',
    ),
    stringFlag(
      'sort-by',
      "If non-empty, sort nodes list using specified field. The field can be either 'cpu' or 'memory'.",
    ),
    boolFlag('use-protocol-buffers', 'Enables using protocol-buffers to access Metrics API.', {
      default: true,
    }),
  ],
  async run(inv) {
    if (inv.args.length > 0 && inv.flags.string('selector') !== '')
      throw new KubectlError('only one of NAME or --selector can be provided');
    const sort = inv.flags.string('sort-by');
    if (sort !== '' && sort !== 'cpu' && sort !== 'memory')
      throw new KubectlError('--sort-by accepts only cpu or memory');
    await requireMetricsAPI(inv);
  },
};

registerCommand({
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  long: `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.`,
  use: 'top [flags]',
  subcommands: [topNode, topPod],
});
