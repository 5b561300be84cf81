/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`
 * (kubectl/pkg/cmd/exec). Runs a command in a running container through the pods/exec
 * subresource; the exit code of the command is kubectl's (`command terminated with exit code
 * 3`). An image without the program fails as containerd does (`exec: "sh": executable file not
 * found in $PATH`).
 */
import { KubectlError } from '../errors';
import { type Invocation } from '../registry';
import { findOrDefaultContainer, podForObject, podStatus } from './streams/pods';
import { runSession, sessionResult, setupTTY } from './streams/session';

export async function run(inv: Invocation): Promise<number> {
  const { args, flags } = inv;
  if (flags.strings('filename').length > 0)
    throw new KubectlError('kubectl exec -f is not simulated in Breakfix: name the pod instead');
  if (args.length === 0 || inv.argsLenAtDash === 0)
    throw new KubectlError('pod, type/name or --filename must be specified');
  let command: string[];
  if (inv.argsLenAtDash > -1) command = args.slice(inv.argsLenAtDash);
  else if (args.length > 1)
    throw inv.usageError(
      'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
    );
  else command = [];
  if (inv.argsLenAtDash > 1)
    throw inv.usageError(
      'exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead',
    );
  if (command.length === 0) throw new KubectlError('you must specify at least one command for the container');

  const quiet = flags.bool('quiet');
  const stdin = flags.bool('stdin');
  const tty = setupTTY(inv, stdin, flags.bool('tty'), quiet);
  const { namespace } = inv.kube.namespace();
  const found = await podForObject(inv, args[0]!, namespace);
  const pod = found.pod;
  if (!pod) {
    await inv.ctx.sleep(flags.duration('pod-running-timeout'), inv.ctx.signal);
    throw new KubectlError('timed out waiting for the condition');
  }
  const phase = podStatus(pod).phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KubectlError(`cannot exec into a container in a completed pod; current phase is ${phase}`);
  const container = findOrDefaultContainer(pod, flags.string('container'), quiet, inv.err);
  const end = await runSession(inv, {
    kind: 'exec',
    namespace: pod.metadata.namespace ?? namespace,
    pod: pod.metadata.name!,
    container,
    command,
    stdin,
    tty,
  });
  return sessionResult(end);
}
