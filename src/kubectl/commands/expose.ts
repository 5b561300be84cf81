/**
 * `kubectl expose`: its record (help and flags), registered at start. The implementation is in
 * ./expose.run.ts, a chunk of its own in the browser build loaded the first time the command
 * runs (see ./lazy.ts).
 */
import { boolFlag, stringFlag, stringArrayFlag, type FlagSpec } from '../flags';
import { recordedFlags } from '../helptext/index';
import { registerCommand } from '../registry';
import { lazyCommandModule, lazyRun } from './lazy';

const LONG =
  'Expose a resource as a new Kubernetes service.\n\n Looks up a deployment, service, replica set, replication controller or pod by name and uses the selector for that resource as the selector for a new service on the specified port. A deployment or replica set will be exposed as a service only if its selector is convertible to a selector that service supports, i.e. when the selector contains only the matchLabels component. Note that if no port is specified via --port and the exposed resource has multiple ports, all will be re-used by the new service. Also if no labels are specified, the new service will re-use the labels from the resource it exposes.\n\n Possible resources include (case insensitive):\n\n pod (po), service (svc), replicationcontroller (rc), deployment (deploy), replicaset (rs)';
const EXAMPLE =
  '  # Create a service for a replicated nginx, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rc nginx --port=80 --target-port=8000\n  \n  # Create a service for a replication controller identified by type and name specified in "nginx-controller.yaml", which serves on port 80 and connects to the containers on port 8000\n  kubectl expose -f nginx-controller.yaml --port=80 --target-port=8000\n  \n  # Create a service for a pod valid-pod, which serves on port 444 with the name "frontend"\n  kubectl expose pod valid-pod --port=444 --name=frontend\n  \n  # Create a second service based on the above service, exposing the container port 8443 as port 443 with the name "nginx-https"\n  kubectl expose service nginx --port=443 --target-port=8443 --name=nginx-https\n  \n  # Create a service for a replicated streaming application on port 4100 balancing UDP traffic and named \'video-stream\'.\n  kubectl expose rc streamer --port=4100 --protocol=UDP --name=video-stream\n  \n  # Create a service for a replicated nginx using replica set, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose rs nginx --port=80 --target-port=8000\n  \n  # Create a service for an nginx deployment, which serves on port 80 and connects to the containers on port 8000\n  kubectl expose deployment nginx --port=80 --target-port=8000';
const SHARED = [
  'allow-missing-template-keys',
  'dry-run',
  'output',
  'save-config',
  'show-managed-fields',
  'template',
];
const sharedFlags = (): FlagSpec[] => recordedFlags('create service clusterip', SHARED);

const impl = lazyCommandModule(() => import('./expose.run'));

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
  run: lazyRun(impl, (m) => m.run),
});
