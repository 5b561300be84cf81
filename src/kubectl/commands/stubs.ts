/**
 * The eager records of the commands implemented in modules loaded on first use (see ./lazy.ts):
 * each mirrors the tree its module exports, with {@link LAZY} where that tree has a `run`.
 * The help texts and flags come from the recorded help (helptext/index.ts), as in the modules.
 */
import { helpSpec } from '../helptext/index';
import type { CommandSpec } from '../registry';
import { LAZY, lazyCommandModule, registerLazyCommand } from './lazy';

/** A recorded-help node with a lazily loaded run. */
const leaf = (path: string, short = ''): CommandSpec => ({ ...helpSpec(path, short), run: LAZY });

const CREATE_SUBCOMMANDS = [
  'clusterrole',
  'clusterrolebinding',
  'configmap',
  'cronjob',
  'deployment',
  'ingress',
  'job',
  'namespace',
  'poddisruptionbudget',
  'priorityclass',
  'quota',
  'role',
  'rolebinding',
  'secret',
  'service',
  'serviceaccount',
  'token',
];
const CREATE_GROUPS: Record<string, string[]> = {
  secret: ['docker-registry', 'generic', 'tls'],
  service: ['clusterip', 'externalname', 'loadbalancer', 'nodeport'],
};

registerLazyCommand(
  {
    ...leaf('create', 'Create a resource from a file or from stdin'),
    subcommands: CREATE_SUBCOMMANDS.map((name) => {
      const group = CREATE_GROUPS[name];
      if (!group) return leaf(`create ${name}`);
      return {
        ...helpSpec(`create ${name}`, ''),
        flags: [],
        subcommands: group.map((sub) => leaf(`create ${name} ${sub}`)),
      };
    }),
  },
  lazyCommandModule(() => import('./create')),
  (m) => m.createCommand,
);

registerLazyCommand(
  {
    ...leaf('apply', 'Apply a configuration to a resource by file name or stdin'),
    subcommands: [
      leaf('apply edit-last-applied'),
      leaf('apply set-last-applied'),
      leaf('apply view-last-applied'),
    ],
  },
  lazyCommandModule(() => import('./apply')),
  (m) => m.applyCommand,
);

registerLazyCommand(
  leaf('diff', 'Diff the live version against a would-be applied version'),
  lazyCommandModule(() => import('./diff')),
  (m) => m.diffCommand,
);

registerLazyCommand(
  {
    ...helpSpec(
      'delete',
      'Delete resources by file names, stdin, resources and names, or by resources and label selector',
      // `--cascade` alone means background (pflag NoOptDefVal).
      (flags) => flags.map((fl) => (fl.name === 'cascade' ? { ...fl, noOptDefVal: 'background' } : fl)),
    ),
    run: LAZY,
  },
  lazyCommandModule(() => import('./delete')),
  (m) => m.deleteCommand,
);

registerLazyCommand(
  leaf('replace', 'Replace a resource by file name or stdin'),
  lazyCommandModule(() => import('./replace')),
  (m) => m.replaceCommand,
);

registerLazyCommand(
  leaf('edit', 'Edit a resource on the server'),
  lazyCommandModule(() => import('./edit')),
  (m) => m.editCommand,
);

registerLazyCommand(
  leaf('patch', 'Update fields of a resource'),
  lazyCommandModule(() => import('./patch')),
  (m) => m.patchCommand,
);

const label = lazyCommandModule(() => import('./label'));
registerLazyCommand(leaf('label', 'Update the labels on a resource'), label, (m) => m.labelCommand);
registerLazyCommand(
  leaf('annotate', 'Update the annotations on a resource'),
  label,
  (m) => m.annotateCommand,
);

registerLazyCommand(
  leaf('taint', 'Update the taints on one or more nodes'),
  lazyCommandModule(() => import('./taint')),
  (m) => m.taintCommand,
);

registerLazyCommand(
  leaf('wait', 'Experimental: Wait for a specific condition on one or many resources'),
  lazyCommandModule(() => import('./wait')),
  (m) => m.waitCommand,
);

registerLazyCommand(
  leaf('cordon', 'Mark node as unschedulable'),
  lazyCommandModule(() => import('./cordon')),
  (m) => m.cordonCommand,
);
registerLazyCommand(
  leaf('uncordon', 'Mark node as schedulable'),
  lazyCommandModule(() => import('./uncordon')),
  (m) => m.uncordonCommand,
);

registerLazyCommand(
  {
    ...leaf('scale', 'Set a new size for a deployment, replica set, or replication controller'),
    short: 'Set a new size for a deployment, replica set, or replication controller',
  },
  lazyCommandModule(() => import('./scale')),
  (m) => m.scaleCommand,
);

registerLazyCommand(
  {
    ...helpSpec('rollout'),
    short: 'Manage the rollout of a resource',
    subcommands: ['history', 'pause', 'restart', 'resume', 'status', 'undo'].map((name) =>
      leaf(`rollout ${name}`),
    ),
  },
  lazyCommandModule(() => import('./rollout')),
  (m) => m.rolloutCommand,
);

/** `kubectl set` subcommands that are not simulated (the module says so when they run). */
const setNotSimulated = (name: string, short: string): CommandSpec => ({
  name,
  short,
  use: `set ${name} [flags]`,
  run: LAZY,
});

registerLazyCommand(
  {
    ...helpSpec('set'),
    short: 'Set specific features on objects',
    subcommands: [
      leaf('set env'),
      leaf('set image'),
      leaf('set resources'),
      setNotSimulated('selector', 'Set the selector on a resource'),
      setNotSimulated('serviceaccount', 'Update the service account of a resource'),
      setNotSimulated(
        'subject',
        'Update the user, group, or service account in a role binding or cluster role binding',
      ),
    ],
  },
  lazyCommandModule(() => import('./set')),
  (m) => m.setCommand,
);
