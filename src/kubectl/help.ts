/**
 * Help texts in kubectl's templates (kubectl/pkg/util/templates): the root help with its
 * command groups, per-command `--help`, and `kubectl options`.
 */
import { flagUsages, type FlagSpec } from './flags';
import type { CommandSpec } from './registry';

/** kubectl v1.32's top-level commands, grouped as `kubectl --help` lists them. */
export const COMMAND_GROUPS: { title: string; commands: [string, string][] }[] = [
  {
    title: 'Basic Commands (Beginner):',
    commands: [
      ['create', 'Create a resource from a file or from stdin'],
      [
        'expose',
        'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service',
      ],
      ['run', 'Run a particular image on the cluster'],
      ['set', 'Set specific features on objects'],
    ],
  },
  {
    title: 'Basic Commands (Intermediate):',
    commands: [
      ['explain', 'Get documentation for a resource'],
      ['get', 'Display one or many resources'],
      ['edit', 'Edit a resource on the server'],
      [
        'delete',
        'Delete resources by file names, stdin, resources and names, or by resources and label selector',
      ],
    ],
  },
  {
    title: 'Deploy Commands:',
    commands: [
      ['rollout', 'Manage the rollout of a resource'],
      ['scale', 'Set a new size for a deployment, replica set, or replication controller'],
      ['autoscale', 'Auto-scale a deployment, replica set, stateful set, or replication controller'],
    ],
  },
  {
    title: 'Cluster Management Commands:',
    commands: [
      ['certificate', 'Modify certificate resources'],
      ['cluster-info', 'Display cluster information'],
      ['top', 'Display resource (CPU/memory) usage'],
      ['cordon', 'Mark node as unschedulable'],
      ['uncordon', 'Mark node as schedulable'],
      ['drain', 'Drain node in preparation for maintenance'],
      ['taint', 'Update the taints on one or more nodes'],
    ],
  },
  {
    title: 'Troubleshooting and Debugging Commands:',
    commands: [
      ['describe', 'Show details of a specific resource or group of resources'],
      ['logs', 'Print the logs for a container in a pod'],
      ['attach', 'Attach to a running container'],
      ['exec', 'Execute a command in a container'],
      ['port-forward', 'Forward one or more local ports to a pod'],
      ['proxy', 'Run a proxy to the Kubernetes API server'],
      ['cp', 'Copy files and directories to and from containers'],
      ['auth', 'Inspect authorization'],
      ['debug', 'Create debugging sessions for troubleshooting workloads and nodes'],
      ['events', 'List events'],
    ],
  },
  {
    title: 'Advanced Commands:',
    commands: [
      ['diff', 'Diff the live version against a would-be applied version'],
      ['apply', 'Apply a configuration to a resource by file name or stdin'],
      ['patch', 'Update fields of a resource'],
      ['replace', 'Replace a resource by file name or stdin'],
      ['wait', 'Experimental: Wait for a specific condition on one or many resources'],
      ['kustomize', 'Build a kustomization target from a directory or URL'],
    ],
  },
  {
    title: 'Settings Commands:',
    commands: [
      ['label', 'Update the labels on a resource'],
      ['annotate', 'Update the annotations on a resource'],
      ['completion', 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)'],
    ],
  },
];

/** Commands outside the groups, in the order kubectl adds them. */
export const OTHER_COMMANDS: [string, string][] = [
  ['config', 'Modify kubeconfig files'],
  ['plugin', 'Provides utilities for interacting with plugins'],
  ['version', 'Print the client and server version information'],
  ['api-versions', 'Print the supported API versions on the server, in the form of "group/version"'],
  ['api-resources', 'Print the supported API resources on the server'],
  ['options', 'Print the list of flags inherited by all commands'],
];

/** Every top-level command name in cobra's order (what unknown-command suggestions iterate). */
export const ROOT_COMMAND_ORDER: string[] = [
  ...COMMAND_GROUPS.flatMap((g) => g.commands.map(([n]) => n)),
  ...OTHER_COMMANDS.map(([n]) => n),
];

const rpad = (s: string, n: number) => s.padEnd(n, ' ');

/** `kubectl` / `kubectl --help`. */
export function rootHelp(): string {
  const pad = 15;
  let s =
    'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
  for (const g of COMMAND_GROUPS) {
    s += `${g.title}\n${g.commands.map(([n, d]) => `  ${rpad(n, pad)} ${d}`).join('\n')}\n\n`;
  }
  s += 'Subcommands provided by plugins:\n\n';
  const others = OTHER_COMMANDS.filter(([n]) => n !== 'options').sort((a, b) => (a[0] < b[0] ? -1 : 1));
  s += `Other Commands:\n${others.map(([n, d]) => `  ${rpad(n, pad)} ${d}`).join('\n')}\n\n`;
  s += 'Usage:\n  kubectl [flags] [options]\n\n';
  s += 'Use "kubectl <command> --help" for more information about a given command.\n';
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return s;
}

/** Per-command help (MainHelpTemplate + MainUsageTemplate). */
export function commandHelp(cmd: CommandSpec, parentPath: string): string {
  let s = (cmd.long ?? cmd.short).trim();
  if (cmd.aliases && cmd.aliases.length > 0) s += `\n\nAliases:\n${[cmd.name, ...cmd.aliases].join(', ')}`;
  if (cmd.example) s += `\n\nExamples:\n${cmd.example.replace(/^\n+|\s+$/g, '')}`;
  // kubectl's usage template lists the subcommands before the flags (`kubectl create --help`).
  const subs = (cmd.subcommands ?? []).filter((c) => !c.hidden);
  if (subs.length > 0) {
    // cobra's NamePadding (at least 11) and kubectl's template, which adds three spaces.
    const pad = Math.max(11, ...subs.map((c) => c.name.length));
    const sorted = [...subs].sort((a, b) => (a.name < b.name ? -1 : 1));
    s += `\n\nAvailable Commands:\n${sorted.map((c) => `  ${rpad(c.name, pad)}   ${c.short}`).join('\n')}`;
  }
  const flags = (cmd.flags ?? []).filter((f: FlagSpec) => f.name !== 'help');
  if (flags.some((f) => !f.hidden && !f.deprecated))
    s += `\n\nOptions:\n${flagUsages(flags)}`.replace(/\n$/, '');
  s += `\n\nUsage:\n  kubectl ${cmd.use} [options]\n`;
  // A blank line after the usage line, then the "more information" line of commands with
  // subcommands (`kubectl config --help`), then the global-options line.
  if (subs.length > 0)
    s += `\nUse "${parentPath} ${cmd.name} <command> --help" for more information about a given command.\n`;
  else s += '\n';
  s += 'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
  return s;
}

/** `kubectl options`. */
export function optionsHelp(globalFlags: readonly FlagSpec[]): string {
  return `The following options can be passed to any command:\n\n${flagUsages(globalFlags)}\n`;
}

/** cobra's case-insensitive Levenshtein distance. */
export function levenshtein(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [
    i,
    ...new Array<number>(t.length).fill(0),
  ]);
  for (let j = 1; j <= t.length; j++) d[0]![j] = j;
  for (let j = 1; j <= t.length; j++) {
    for (let i = 1; i <= s.length; i++) {
      if (s[i - 1] === t[j - 1]) d[i]![j] = d[i - 1]![j - 1]!;
      else d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + 1);
    }
  }
  return d[s.length]![t.length]!;
}

/** cobra SuggestionsFor (minimum distance 2, or a prefix match). */
export function suggestionsFor(
  typed: string,
  names: readonly string[],
  suggestFor: Map<string, string[]>,
): string[] {
  const out: string[] = [];
  for (const name of names) {
    const byDistance = levenshtein(typed, name) <= 2;
    const byPrefix = name.toLowerCase().startsWith(typed.toLowerCase());
    if (byDistance || byPrefix) out.push(name);
    for (const s of suggestFor.get(name) ?? []) if (s.toLowerCase() === typed.toLowerCase()) out.push(name);
  }
  return out;
}
