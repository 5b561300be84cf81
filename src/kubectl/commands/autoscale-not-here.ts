/**
 * `kubectl autoscale` creates a HorizontalPodAutoscaler. The simulator has no HPA controller yet,
 * so the verb fails clearly instead of creating an object nothing would act on.
 */
import { KubectlError } from '../errors';
import { registerCommand } from '../registry';
import { checkRequired, workloadSpec } from './workloads/util';

registerCommand({
  ...workloadSpec('autoscale'),
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  async run(inv) {
    // cobra checks the required flag before the command runs, as it does for real.
    checkRequired(inv, ['max']);
    throw new KubectlError(
      'kubectl autoscale is not simulated in Breakfix yet: HorizontalPodAutoscalers arrive with a later lesson; use kubectl scale',
    );
  },
});
