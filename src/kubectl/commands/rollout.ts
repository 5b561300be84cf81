/**
 * `kubectl rollout` and its subcommands (kubectl/pkg/cmd/rollout): status, history, undo, pause,
 * resume, restart. The implementations live in ./rollout/.
 */
import { type CommandSpec } from '../registry';
import { rolloutHistory } from './rollout/history';
import { rolloutPause, rolloutRestart, rolloutResume } from './rollout/patchers';
import { rolloutStatus } from './rollout/status';
import { rolloutUndo } from './rollout/undo';
import { workloadSpec } from './workloads/util';

export const rolloutCommand: CommandSpec = {
  ...workloadSpec('rollout'),
  short: 'Manage the rollout of a resource',
  subcommands: [rolloutHistory, rolloutPause, rolloutRestart, rolloutResume, rolloutStatus, rolloutUndo],
};
