/**
 * `kubectl run`: its record (help and flags), registered at start. The implementation is in
 * ./run.run.ts, a chunk of its own in the browser build loaded the first time the command
 * runs (see ./lazy.ts).
 */
import { boolFlag, stringFlag, intFlag, durationFlag, stringArrayFlag, type FlagSpec } from '../flags';
import { recordedFlags } from '../helptext/index';
import { registerCommand } from '../registry';
import { lazyCommandModule, lazyRun } from './lazy';

const LONG = `Create and run a particular image in a pod.`;
const EXAMPLE = `  # Start a nginx pod
  kubectl run nginx --image=nginx
  
  # Start a hazelcast pod and let the container expose port 5701
  kubectl run hazelcast --image=hazelcast/hazelcast --port=5701
  
  # Start a hazelcast pod and set environment variables "DNS_DOMAIN=cluster" and "POD_NAMESPACE=default" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --env="DNS_DOMAIN=cluster" --env="POD_NAMESPACE=default"
  
  # Start a hazelcast pod and set labels "app=hazelcast" and "env=prod" in the container
  kubectl run hazelcast --image=hazelcast/hazelcast --labels="app=hazelcast,env=prod"
  
  # Dry run; print the corresponding API objects without creating them
  kubectl run nginx --image=nginx --dry-run=client
  
  # Start a nginx pod, but overload the spec with a partial set of values parsed from JSON
  kubectl run nginx --image=nginx --overrides='{ "apiVersion": "v1", "spec": { ... } }'
  
  # Start a busybox pod and keep it in the foreground, don't restart it if it exits
  kubectl run -i -t busybox --image=busybox --restart=Never
  
  # Start the nginx pod using the default command, but use custom arguments (arg1 .. argN) for that command
  kubectl run nginx --image=nginx -- <arg1> <arg2> ... <argN>
  
  # Start the nginx pod using a different command and custom arguments
  kubectl run nginx --image=nginx --command -- <cmd> <arg1> ... <argN>`;
/** A flag `kubectl run` shares with the recorded write verbs (filled in when the help loads). */
const writeFlag = (name: string): FlagSpec => recordedFlags(undefined, [name])[0]!;

const impl = lazyCommandModule(() => import('./run.run'));

registerCommand({
  name: 'run',
  short: 'Run a particular image on the cluster',
  long: LONG,
  example: EXAMPLE,
  use: 'run NAME --image=image [--env="key=value"] [--port=port] [--dry-run=server|client] [--overrides=inline-json] [--command] -- [COMMAND] [args...]',
  flags: [
    writeFlag('allow-missing-template-keys'),
    stringArrayFlag('annotations', 'Annotations to apply to the pod.'),
    boolFlag(
      'attach',
      "If true, wait for the Pod to start running, and then attach to the Pod as if 'kubectl attach ...' were called.  Default false, unless '-i/--stdin' is set, in which case the default is true. With '--restart=Never' the exit code of the container process is returned.",
    ),
    stringFlag(
      'cascade',
      'Must be "background", "orphan", or "foreground". Selects the deletion cascading strategy for the dependents (e.g. Pods created by a ReplicationController). Defaults to background.',
      { default: 'background', noOptDefVal: 'background' },
    ),
    boolFlag(
      'command',
      "If true and extra arguments are present, use them as the 'command' field in the container, rather than the 'args' field which is the default.",
    ),
    writeFlag('dry-run'),
    stringArrayFlag('env', 'Environment variables to set in the container.'),
    boolFlag('expose', 'If true, create a ClusterIP service associated with the pod.  Requires `--port`.'),
    stringFlag('field-manager', 'Name of the manager used to track field ownership.', {
      default: 'kubectl-run',
    }),
    stringArrayFlag('filename', 'to use to replace the resource.', { shorthand: 'f' }),
    boolFlag(
      'force',
      'If true, immediately remove resources from API and bypass graceful deletion. Note that immediate deletion of some resources may result in inconsistency or data loss and requires confirmation.',
    ),
    intFlag(
      'grace-period',
      -1,
      'Period of time in seconds given to the resource to terminate gracefully. Ignored if negative. Set to 1 for immediate shutdown. Can only be set to 0 when --force is true (force deletion).',
    ),
    stringFlag('image', 'The image for the container to run.'),
    stringFlag(
      'image-pull-policy',
      'The image pull policy for the container.  If left empty, this value will not be specified by the client and defaulted by the server.',
    ),
    stringFlag(
      'kustomize',
      "Process a kustomization directory. This flag can't be used together with -f or -R.",
      { shorthand: 'k' },
    ),
    stringFlag('labels', 'Comma separated labels to apply to the pod. Will override previous values.', {
      shorthand: 'l',
    }),
    boolFlag(
      'leave-stdin-open',
      'If the pod is started in interactive mode or with stdin, leave stdin open after the first attach completes. By default, stdin will be closed after the first attach completes.',
    ),
    writeFlag('output'),
    stringFlag(
      'override-type',
      'The method used to override the generated object: json, merge, or strategic.',
      {
        default: 'merge',
      },
    ),
    stringFlag(
      'overrides',
      'An inline JSON override for the generated object. If this is non-empty, it is used to override the generated object. Requires that the object supply a valid apiVersion field.',
    ),
    durationFlag(
      'pod-running-timeout',
      60_000,
      'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    ),
    stringFlag('port', 'The port that this container exposes.'),
    boolFlag('privileged', 'If true, run the container in privileged mode.'),
    boolFlag('quiet', 'If true, suppress prompt messages.', { shorthand: 'q' }),
    boolFlag(
      'recursive',
      'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
      { shorthand: 'R' },
    ),
    stringFlag('restart', 'The restart policy for this Pod.  Legal values [Always, OnFailure, Never].', {
      default: 'Always',
    }),
    boolFlag(
      'rm',
      "If true, delete the pod after it exits.  Only valid when attaching to the container, e.g. with '--attach' or with '-i/--stdin'.",
    ),
    boolFlag(
      'save-config',
      'If true, the configuration of current object will be saved in its annotation. Otherwise, the annotation will be unchanged. This flag is useful when you want to perform kubectl apply on this object in the future.',
    ),
    writeFlag('show-managed-fields'),
    boolFlag('stdin', 'Keep stdin open on the container in the pod, even if nothing is attached.', {
      shorthand: 'i',
    }),
    writeFlag('template'),
    durationFlag(
      'timeout',
      0,
      'The length of time to wait before giving up on a delete, zero means determine a timeout from the size of the object',
    ),
    boolFlag('tty', 'Allocate a TTY for the container in the pod.', { shorthand: 't' }),
    boolFlag('wait', 'If true, wait for resources to be gone before returning. This waits for finalizers.'),
  ],
  run: lazyRun(impl, (m) => m.run),
});
