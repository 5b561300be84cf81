/**
 * `kubectl expose (TYPE NAME | TYPE/NAME) --port=… [--target-port=…] [--name=…] [--type=…]`
 * (kubectl/pkg/cmd/expose, ServiceGeneratorV2): a Service whose selector is the exposed object's
 * (a Deployment's or ReplicaSet's matchLabels, a pod's labels, a Service's selector), whose
 * labels are the object's labels, and whose ports come from --port or, without it, from the
 * object's container ports (several: named `port-1`, `port-2` …). Unlike `create service`, a
 * single port has no name.
 */
import type { KubeObject } from '../../api/types';
import { KubectlError } from '../errors';
import { stringFlag, type FlagSpec } from '../flags';
import { registerCommand, type Invocation } from '../registry';
import { recordedHelp } from '../helptext/index';
import { stringArrayFlag, boolFlag } from '../flags';
import {
  Helper,
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  printObject,
  rejectKustomize,
  visitInfos,
} from './writeutil';

const LONG =
  'Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)';

const EXAMPLE =
  '  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rc nginx --port=80 --target-port=8000\n  \n  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000\n  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000\n  \n  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"\n  kubectl expose pod valid-pod --port=444 --name=frontend\n  \n  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"\n  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https\n  \n  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named \'video-stream\'.\n  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream\n  \n  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rs nginx --port=80 --target-port=8000\n  \n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose deployment nginx --port=80 --target-port=8000';

const KINDS: Record<string, { kind: string; base: string; plural: string }> = {};
for (const [names, kind, base] of [
  [['pod', 'pods', 'po'], 'Pod', '/api/v1'],
  [['service', 'services', 'svc'], 'Service', '/api/v1'],
  [['replicationcontroller', 'replicationcontrollers', 'rc'], 'ReplicationController', '/api/v1'],
  [
    ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'],
    'Deployment',
    '/apis/apps/v1',
  ],
  [['replicaset', 'replicasets', 'rs', 'replicaset.apps', 'replicasets.apps'], 'ReplicaSet', '/apis/apps/v1'],
] as const) {
  for (const n of names) KINDS[n] = { kind, base, plural: `${kind.toLowerCase()}s` };
}

const SHARED = [
  'allow-missing-template-keys',
  'dry-run',
  'output',
  'save-config',
  'show-managed-fields',
  'template',
];
const sharedFlags = (): FlagSpec[] =>
  recordedHelp('create service clusterip')
    .flags.filter((f) => SHARED.includes(f.name))
    .map((f) => ({ ...f }));

/** The object's selector as a map, or why it cannot be one. */
function selectorOf(obj: KubeObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as { selector?: Record<string, unknown> };
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0)
        throw new KubectlError(`the pod has no labels and cannot be exposed`);
      return { ...obj.metadata.labels };
    case 'Service':
    case 'ReplicationController':
      if (!spec.selector) throw new KubectlError(`the service has no pod selector set`);
      return { ...(spec.selector as Record<string, string>) };
    default: {
      const sel = (spec.selector ?? {}) as {
        matchLabels?: Record<string, string>;
        matchExpressions?: unknown[];
      };
      if ((sel.matchExpressions ?? []).length)
        throw new KubectlError(
          `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map: invalid input`,
        );
      return { ...(sel.matchLabels ?? {}) };
    }
  }
}

/** The object's ports (ProtocolsForObject / PortsForObject). */
function portsOf(obj: KubeObject): { port: number; protocol: string }[] {
  if (obj.kind === 'Service')
    return ((obj.spec as { ports?: { port: number; protocol?: string }[] }).ports ?? []).map((p) => ({
      port: p.port,
      protocol: p.protocol ?? 'TCP',
    }));
  const podSpec = (
    obj.kind === 'Pod' ? obj.spec : (obj.spec as { template?: { spec?: unknown } }).template?.spec
  ) as { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } | undefined;
  return (podSpec?.containers ?? [])
    .flatMap((c) => c.ports ?? [])
    .map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }));
}

async function run(inv: Invocation): Promise<void> {
  rejectKustomize(inv);
  const filenames = inv.flags.strings('filename');
  if (inv.args.length === 0 && filenames.length === 0)
    // a plain error: kubectl prints no "See 'kubectl expose -h'" hint here
    throw new KubectlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  checkOutput(inv, { typed: true });
  const dryRun = dryRunStrategy(inv);
  const { namespace, explicit } = inv.kube.namespace();
  // Builder without Latest(): objects named by arguments are fetched, objects from -f are used
  // as the file has them (so `expose -f x.yaml --dry-run=client` needs no object on the server).
  const result = await inv.kube.build({
    args: inv.args,
    filenames,
    recursive: inv.flags.bool('recursive'),
    namespace,
    enforceNamespace: explicit,
  });
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true, latestForFiles: false });
  const errs: Error[] = [...result.errors, ...errors];
  for (const info of infos) {
    try {
      await exposeOne(inv, info.object!, info.name, info.namespace || namespace, dryRun, info.mapping.group);
    } catch (e) {
      // like kubectl, the first object that cannot be exposed ends the command
      if (errs.length === 0) throw e;
      errs.push(e as Error);
    }
  }
  collectErrors(errs);
}

async function exposeOne(
  inv: Invocation,
  source: KubeObject,
  name: string,
  namespace: string,
  dryRun: ReturnType<typeof dryRunStrategy>,
  group: string,
): Promise<void> {
  const k = KINDS[source.kind.toLowerCase()];
  // CanBeExposedBy prints the GroupKind: `StatefulSet.apps`, `ConfigMap`
  if (!k) throw new KubectlError(`cannot expose a ${source.kind}${group ? `.${group}` : ''}`);
  const rest = inv.kube.rest();
  const obj = { ...source, kind: k.kind };
  let selector: Record<string, string>;
  const selectorFlag = inv.flags.string('selector');
  try {
    selector = selectorFlag
      ? Object.fromEntries(selectorFlag.split(',').map((kv) => kv.split('=', 2) as [string, string]))
      : selectorOf(obj);
  } catch (e) {
    throw new KubectlError(
      `couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`,
    );
  }
  const portFlag = inv.flags.string('port');
  const protocol = inv.flags.string('protocol');
  let ports: { port: number; protocol: string }[];
  if (portFlag)
    ports = portFlag.split(',').map((p) => {
      // strconv.Atoi: an optional sign and decimal digits only
      if (!/^[+-]?\d+$/.test(p))
        throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax`);
      return { port: Number(p), protocol: protocol || 'TCP' };
    });
  else {
    ports = portsOf(obj);
    if (ports.length === 0) throw new KubectlError("couldn't find port via --port flag or introspection");
    if (protocol) ports = ports.map((p) => ({ ...p, protocol }));
  }
  const target = inv.flags.string('target-port');
  const specPorts = ports.map((p, i) => {
    const sp: Record<string, unknown> = {};
    if (ports.length > 1) sp.name = `port-${i + 1}`;
    sp.port = p.port;
    sp.protocol = p.protocol;
    sp.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
    return sp;
  });
  const labelsFlag = inv.flags.string('labels');
  const labels = labelsFlag
    ? Object.fromEntries(labelsFlag.split(',').map((kv) => kv.split('=', 2) as [string, string]))
    : obj.metadata.labels;
  const spec: Record<string, unknown> = { ports: specPorts, selector };
  if (inv.flags.string('type')) spec.type = inv.flags.string('type');
  if (inv.flags.string('cluster-ip')) spec.clusterIP = inv.flags.string('cluster-ip');
  if (inv.flags.string('external-ip')) spec.externalIPs = inv.flags.string('external-ip').split(',');
  if (inv.flags.string('session-affinity')) spec.sessionAffinity = inv.flags.string('session-affinity');
  const metadata: Record<string, unknown> = { creationTimestamp: null };
  if (labels && Object.keys(labels).length) metadata.labels = labels;
  metadata.name = inv.flags.string('name') || name;
  let svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata as KubeObject['metadata'],
    spec,
    status: { loadBalancer: {} },
  };
  let typed = true;
  if (dryRun !== 'client') {
    const mapping = {
      name: 'services',
      singularName: '',
      namespaced: true,
      group: '',
      version: 'v1',
      kind: 'Service',
      verbs: [],
      shortNames: [],
      categories: [],
      preferred: true,
    };
    delete (svc.metadata as Record<string, unknown>).creationTimestamp;
    svc = await new Helper(rest, mapping).create(namespace, svc, {
      dryRun: dryRun === 'server',
      fieldManager: inv.flags.string('field-manager') || 'kubectl-expose',
      fieldValidation: 'Strict',
    });
    typed = false;
  }
  printObject(inv, svc, `exposed${dryRunSuffix(dryRun)}`, { typed });
}

registerCommand({
  name: 'expose',
  short:
    'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
  long: LONG,
  example: EXAMPLE,
  use: 'expose (-f FILENAME | TYPE NAME) [--port=port] [--protocol=TCP|UDP|SCTP] [--target-port=number-or-name] [--name=name] [--external-ip=external-ip-of-service] [--type=type]',
  flags: [
    ...sharedFlags(),
    stringFlag(
      'cluster-ip',
      "ClusterIP to be assigned to the service. Leave empty to auto-allocate, or set to 'None' to create a headless service.",
    ),
    stringFlag(
      'external-ip',
      'Additional external IP address (not managed by Kubernetes) to accept for the service. If this IP is routed to a node, the service can be accessed by this IP in addition to its generated service IP.',
    ),
    stringFlag('field-manager', 'Name of the manager used to track field ownership.', {
      default: 'kubectl-expose',
    }),
    stringArrayFlag(
      'filename',
      'Filename, directory, or URL to files identifying the resource to expose a service',
      { shorthand: 'f' },
    ),
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
    stringFlag('labels', 'Labels to apply to the service created by this call.', { shorthand: 'l' }),
    stringFlag('name', 'The name for the newly created object.'),
    stringFlag(
      'port',
      'The port that the service should serve on. Copied from the resource being exposed, if unspecified',
    ),
    stringFlag('protocol', "The network protocol for the service to be created. Default is 'TCP'."),
    stringFlag(
      'selector',
      'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)',
    ),
    stringFlag(
      'session-affinity',
      "If non-empty, set the session affinity for the service to this; legal values: 'None', 'ClientIP'",
    ),
    stringFlag(
      'target-port',
      'Name or number for the port on the container that the service should direct traffic to. Optional.',
    ),
    stringFlag(
      'type',
      "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'.",
    ),
  ],
  run,
});
