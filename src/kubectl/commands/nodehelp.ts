/**
 * Help texts and flags of `kubectl taint`, `cordon`, `uncordon` and `drain`, verbatim from the
 * real kubectl v1.32 (`kubectl <verb> --help`), parsed with the functions of
 * tests/unit/kubectl/fixtures/gen-writehelp.py. Do not edit by hand.
 */
import type { FlagSpec } from '../flags';

export interface NodeCommandHelp {
  long: string;
  example?: string;
  use: string;
  flags: FlagSpec[];
}

export const NODE_HELP: Record<'taint' | 'cordon' | 'uncordon' | 'drain', NodeCommandHelp> = {
  taint: {
    long: "Update the taints on one or more nodes.\n\n  *  A taint consists of a key, value, and effect. As an argument here, it is expressed as key=value:effect.\n  *  The key must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 253 characters.\n  *  Optionally, the key can begin with a DNS subdomain prefix and a single '/', like example.com/my-app.\n  *  The value is optional. If given, it must begin with a letter or number, and may contain letters, numbers, hyphens, dots, and underscores, up to 63 characters.\n  *  The effect must be NoSchedule, PreferNoSchedule or NoExecute.\n  *  Currently taint can only apply to node.",
    use: 'taint NODE NAME KEY_1=VAL_1:TAINT_EFFECT_1 ... KEY_N=VAL_N:TAINT_EFFECT_N',
    flags: [
      {
        name: 'all',
        usage: 'Select all nodes in the cluster',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'allow-missing-template-keys',
        usage:
          'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
        type: 'bool',
        default: true,
        noOptDefVal: 'true',
      },
      {
        name: 'dry-run',
        usage:
          'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        type: 'string',
        default: 'none',
        noOptDefVal: 'unchanged',
      },
      {
        name: 'field-manager',
        usage: 'Name of the manager used to track field ownership.',
        type: 'string',
        default: 'kubectl-taint',
      },
      {
        name: 'output',
        usage:
          'Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file).',
        shorthand: 'o',
        type: 'string',
        default: '',
      },
      {
        name: 'overwrite',
        usage:
          'If true, allow taints to be overwritten, otherwise reject taint updates that overwrite existing taints.',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'selector',
        usage:
          "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
        shorthand: 'l',
        type: 'string',
        default: '',
      },
      {
        name: 'show-managed-fields',
        usage: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'template',
        usage:
          'Template string or path to template file to use when -o=go-template, -o=go-template-file. The template format is golang templates [http://golang.org/pkg/text/template/#pkg-overview].',
        type: 'string',
        default: '',
      },
      {
        name: 'validate',
        usage:
          'Must be one of: strict (or true), warn, ignore (or false). "true" or "strict" will use a schema to validate the input and fail the request if invalid. It will perform server side validation if ServerSideFieldValidation is enabled on the api-server, but will fall back to less reliable client-side validation if not. "warn" will warn about unknown or duplicate fields without blocking the request if server-side field validation is enabled on the API server, and behave as "ignore" otherwise. "false" or "ignore" will not perform any schema validation, silently dropping any unknown or duplicate fields.',
        type: 'string',
        default: 'strict',
      },
    ],
    example:
      "  # Update node 'foo' with a taint with key 'dedicated' and value 'special-user' and effect 'NoSchedule'\n  # If a taint with that key and effect already exists, its value is replaced as specified\n  kubectl taint nodes foo dedicated=special-user:NoSchedule\n  \n  # Remove from node 'foo' the taint with key 'dedicated' and effect 'NoSchedule' if one exists\n  kubectl taint nodes foo dedicated:NoSchedule-\n  \n  # Remove from node 'foo' all the taints with key 'dedicated'\n  kubectl taint nodes foo dedicated-\n  \n  # Add a taint with key 'dedicated' on nodes having label myLabel=X\n  kubectl taint node -l myLabel=X  dedicated=foo:PreferNoSchedule\n  \n  # Add to node 'foo' a taint with key 'bar' and no value\n  kubectl taint nodes foo bar:NoSchedule",
  },
  cordon: {
    long: 'Mark node as unschedulable.',
    use: 'cordon NODE',
    flags: [
      {
        name: 'dry-run',
        usage:
          'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        type: 'string',
        default: 'none',
        noOptDefVal: 'unchanged',
      },
      {
        name: 'selector',
        usage:
          "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
        shorthand: 'l',
        type: 'string',
        default: '',
      },
    ],
    example: '  # Mark node "foo" as unschedulable\n  kubectl cordon foo',
  },
  uncordon: {
    long: 'Mark node as schedulable.',
    use: 'uncordon NODE',
    flags: [
      {
        name: 'dry-run',
        usage:
          'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        type: 'string',
        default: 'none',
        noOptDefVal: 'unchanged',
      },
      {
        name: 'selector',
        usage:
          "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
        shorthand: 'l',
        type: 'string',
        default: '',
      },
    ],
    example: '  # Mark node "foo" as schedulable\n  kubectl uncordon foo',
  },
  drain: {
    long: "Drain node in preparation for maintenance.\n\n The given node will be marked unschedulable to prevent new pods from arriving. 'drain' evicts the pods if the API server supports https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ eviction https://kubernetes.io/docs/concepts/workloads/pods/disruptions/ . Otherwise, it will use normal DELETE to delete the pods. The 'drain' evicts or deletes all pods except mirror pods (which cannot be deleted through the API server).  If there are daemon set-managed pods, drain will not proceed without --ignore-daemonsets, and regardless it will not delete any daemon set-managed pods, because those pods would be immediately replaced by the daemon set controller, which ignores unschedulable markings.  If there are any pods that are neither mirror pods nor managed by a replication controller, replica set, daemon set, stateful set, or job, then drain will not delete any pods unless you use --force.  --force will also allow deletion to proceed if the managing resource of one or more pods is missing.\n\n 'drain' waits for graceful termination. You should not operate on the machine until the command completes.\n\n When you are ready to put the node back into service, use kubectl uncordon, which will make the node schedulable again.\n\nhttps://kubernetes.io/images/docs/kubectl_drain.svg Workflowhttps://kubernetes.io/images/docs/kubectl_drain.svg",
    use: 'drain NODE',
    flags: [
      {
        name: 'chunk-size',
        usage:
          'Return large lists in chunks rather than all at once. Pass 0 to disable. This flag is beta and may change in the future.',
        type: 'int',
        default: 500,
      },
      {
        name: 'delete-emptydir-data',
        usage:
          'Continue even if there are pods using emptyDir (local data that will be deleted when the node is drained).',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'disable-eviction',
        usage:
          'Force drain to use delete, even if eviction is supported. This will bypass checking PodDisruptionBudgets, use with caution.',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'dry-run',
        usage:
          'Must be "none", "server", or "client". If client strategy, only print the object that would be sent, without sending it. If server strategy, submit server-side request without persisting the resource.',
        type: 'string',
        default: 'none',
        noOptDefVal: 'unchanged',
      },
      {
        name: 'force',
        usage: 'Continue even if there are pods that do not declare a controller.',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'grace-period',
        usage:
          'Period of time in seconds given to each pod to terminate gracefully. If negative, the default value specified in the pod will be used.',
        type: 'int',
        default: -1,
      },
      {
        name: 'ignore-daemonsets',
        usage: 'Ignore DaemonSet-managed pods.',
        type: 'bool',
        default: false,
        noOptDefVal: 'true',
      },
      {
        name: 'pod-selector',
        usage: 'Label selector to filter pods on the node',
        type: 'string',
        default: '',
      },
      {
        name: 'selector',
        usage:
          "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
        shorthand: 'l',
        type: 'string',
        default: '',
      },
      {
        name: 'skip-wait-for-delete-timeout',
        usage:
          'If pod DeletionTimestamp older than N seconds, skip waiting for the pod.  Seconds must be greater than 0 to skip.',
        type: 'int',
        default: 0,
      },
      {
        name: 'timeout',
        usage: 'The length of time to wait before giving up, zero means infinite',
        type: 'duration',
        default: 0,
      },
    ],
    example:
      '  # Drain node "foo", even if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set on it\n  kubectl drain foo --force\n  \n  # As above, but abort if there are pods not managed by a replication controller, replica set, job, daemon set, or stateful set, and use a grace period of 15 minutes\n  kubectl drain foo --grace-period=900',
  },
};
