/**
 * command: the learner ran a command of a kind. Only lessons about the commands themselves use
 * it (e.g. "look at the nodes with kubectl get nodes"); everywhere else the cluster is checked.
 */
import { lineMatches } from '../commandline';
import type { CommandCheck, Text } from '../types';
import { text, type CheckContext } from './context';

export function evalCommand(ctx: CheckContext, c: CommandCheck): Text | undefined {
  const thisStep = (c.since ?? 'step') === 'step';
  const found = ctx.commands.some(
    (cmd) =>
      (!thisStep || cmd.step === ctx.stepIndex) &&
      (!c.succeeded || cmd.status === undefined || cmd.status === 0) &&
      lineMatches(c.command, cmd.line),
  );
  if (found) return undefined;
  return (c.since ?? 'step') === 'step'
    ? text('Not run in this step yet.', 'このステップではまだ実行していません。')
    : text('Not run in this lesson yet.', 'このレッスンではまだ実行していません。');
}
