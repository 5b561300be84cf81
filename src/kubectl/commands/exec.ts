/**
 * `kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [-i] [-t] -- COMMAND [args...]`
 * (kubectl/pkg/cmd/exec). Runs a command in a running container through the pods/exec
 * subresource; the exit code of the command is kubectl's (`command terminated with exit code
 * 3`). An image without the program fails as containerd does (`exec: "sh": executable file not
 * found in $PATH`).
 */
import { KubectlError } from '../errors';
import { boolFlag, durationFlag, stringArrayFlag, stringFlag } from '../flags';
import { registerCommand, type Invocation } from '../registry';
import { findOrDefaultContainer, podForObject, podStatus } from './streams/pods';
import { runSession, sessionResult, setupTTY } from './streams/session';

const LONG = `Execute a command in a container.`;

const EXAMPLE = `  # Get output from running the 'date' command from pod mypod, using the first container by default
  kubectl exec mypod -- date
  
  # Get output from running the 'date' command in ruby-container from pod mypod
  kubectl exec mypod -c ruby-container -- date
  
  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl exec mypod -c ruby-container -i -t -- bash -il
  
  # List contents of /usr from the first container of pod mypod and sort by modification time
  # If the command you want to execute in the pod has any flags in common (e.g. -i),
  # you must use two dashes (--) to separate your command's flags/arguments
  # Also note, do not surround your command and its flags/arguments with quotes
  # unless that is how you would execute it normally (i.e., do ls -t /usr, not "ls -t /usr")
  kubectl exec mypod -i -t -- ls -t /usr
  
  # Get output from running 'date' command from the first pod of the deployment mydeployment, using the first container by default
  kubectl exec deploy/mydeployment -- date
  
  # Get output from running 'date' command from the first pod of the service myservice, using the first container by default
  kubectl exec svc/myservice -- date`;

async function run(inv: Invocation): Promise<number> {
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

registerCommand({
  name: 'exec',
  short: 'Execute a command in a container',
  long: LONG,
  example: EXAMPLE,
  use: 'exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...]',
  flags: [
    stringFlag(
      'container',
      'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
      { shorthand: 'c' },
    ),
    stringArrayFlag('filename', 'to use to exec into the resource', { shorthand: 'f' }),
    durationFlag(
      'pod-running-timeout',
      60_000,
      'The length of time (like 5s, 2m, or 3h, higher than zero) to wait until at least one pod is running',
    ),
    boolFlag('quiet', 'Only print output from the remote session', { shorthand: 'q' }),
    boolFlag('stdin', 'Pass stdin to the container', { shorthand: 'i' }),
    boolFlag('tty', 'Stdin is a TTY', { shorthand: 't' }),
  ],
  run,
});
