/**
 * `kubectl attach (POD | TYPE/NAME) -c CONTAINER [-i] [-t]` (kubectl/pkg/cmd/attach): the output
 * of a running container's main process from now on and, with `-i` on a container that has
 * `stdin: true`, input to it. It ends when the container stops (or Ctrl-C).
 */
import { KubectlError } from '../errors';
import { boolFlag, durationFlag, stringFlag } from '../flags';
import { registerCommand, type Invocation } from '../registry';
import { findOrDefaultContainer, podForObject, podSpec, podStatus } from './streams/pods';
import { attachNotice, reattachMessage, runSession, sessionResult, setupTTY } from './streams/session';

const LONG = `Attach to a process that is already running inside an existing container.`;

const EXAMPLE = `  # Get output from running pod mypod; use the 'kubectl.kubernetes.io/default-container' annotation
  # for selecting the container to be attached or the first container in the pod will be chosen
  kubectl attach mypod
  
  # Get output from ruby-container from pod mypod
  kubectl attach mypod -c ruby-container
  
  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod
  # and sends stdout/stderr from 'bash' back to the client
  kubectl attach mypod -c ruby-container -i -t
  
  # Get output from the first pod of a replica set named nginx
  kubectl attach rs/nginx`;

async function run(inv: Invocation): Promise<number> {
  const { args, flags } = inv;
  if (args.length === 0) throw new KubectlError('at least 1 argument is required for attach');
  if (args.length > 2)
    throw inv.usageError('expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw %d: %v');
  const { namespace } = inv.kube.namespace();
  const target = args.length === 2 ? `${args[0]}/${args[1]}` : args[0]!;
  const found = await podForObject(inv, target, namespace);
  const pod = found.pod;
  if (!pod) {
    await inv.ctx.sleep(flags.duration('pod-running-timeout'), inv.ctx.signal);
    throw new KubectlError('timed out waiting for the condition');
  }
  const phase = podStatus(pod).phase;
  if (phase === 'Succeeded' || phase === 'Failed')
    throw new KubectlError(`cannot attach a container in a completed pod; current phase is ${phase}`);
  const quiet = flags.bool('quiet');
  const container = findOrDefaultContainer(pod, flags.string('container'), quiet, inv.err);
  const spec = [...(podSpec(pod).containers ?? []), ...(podSpec(pod).ephemeralContainers ?? [])].find(
    (c) => c.name === container,
  );
  let stdin = flags.bool('stdin');
  let tty = flags.bool('tty');
  // attach.go: -t only when the container has a TTY; -i only when it takes stdin
  if (tty && !spec?.tty) {
    tty = false;
    if (!quiet) inv.err(`error: Unable to use a TTY - container ${container} did not allocate one\n`);
  } else if (!tty && spec?.tty) tty = true; // the remote side has one: "Unrecognized input header" otherwise
  if (stdin && !spec?.stdin) stdin = false;
  tty = setupTTY(inv, stdin, tty, quiet);
  attachNotice(inv, quiet);
  const end = await runSession(inv, {
    kind: 'attach',
    namespace: pod.metadata.namespace ?? namespace,
    pod: pod.metadata.name!,
    container,
    stdin,
    tty,
  });
  const code = sessionResult(end);
  if (end) reattachMessage(inv, pod, container, { quiet, stdin, raw: tty });
  return code;
}

registerCommand({
  name: 'attach',
  short: 'Attach to a running container',
  long: LONG,
  example: EXAMPLE,
  use: 'attach (POD | TYPE/NAME) -c CONTAINER',
  flags: [
    stringFlag(
      'container',
      'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen',
      { shorthand: 'c' },
    ),
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
