/**
 * `kubectl set` and its subcommands (kubectl/pkg/cmd/set): image, env, resources. The
 * implementations live in ./set/. (selector, serviceaccount and subject are not simulated.)
 */
import { KubectlError } from '../errors';
import { type CommandSpec } from '../registry';
import { setEnvCommand } from './set/env';
import { setImageCommand } from './set/image';
import { setResourcesCommand } from './set/resources';
import { workloadSpec } from './workloads/util';

const notSimulated = (name: string, short: string): CommandSpec => ({
  name,
  short,
  use: `set ${name} [flags]`,
  async run() {
    throw new KubectlError(`kubectl set ${name} is not simulated in Breakfix`);
  },
});

export const setCommand: CommandSpec = {
  ...workloadSpec('set'),
  short: 'Set specific features on objects',
  subcommands: [
    setEnvCommand,
    setImageCommand,
    setResourcesCommand,
    notSimulated('selector', 'Set the selector on a resource'),
    notSimulated('serviceaccount', 'Update the service account of a resource'),
    notSimulated(
      'subject',
      'Update the user, group, or service account in a role binding or cluster role binding',
    ),
  ],
};
