/**
 * `kubectl drain` is not simulated yet: it evicts pods through the Eviction API
 * (`pods/<name>/eviction`), which checks PodDisruptionBudgets, and both arrive in a later issue.
 * Until then it says so instead of deleting pods in a way a real cluster would not.
 */
import { KubectlError } from '../errors';
import { registerCommand } from '../registry';
import { helpSpec } from '../helptext/index';

registerCommand({
  ...helpSpec('drain', 'Drain node in preparation for maintenance'),
  async run(inv) {
    if (inv.args.length === 0 && !inv.flags.changed('selector'))
      throw inv.usageError(`USAGE: ${inv.command.use} [flags]`);
    throw new KubectlError(
      'kubectl drain is not simulated in Breakfix yet: it evicts pods through the Eviction API, which arrives together with PodDisruptionBudgets. Until then, use kubectl cordon and delete the pods yourself.',
    );
  },
});
