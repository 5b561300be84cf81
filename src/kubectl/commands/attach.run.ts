/**
 * `kubectl attach (POD | TYPE/NAME) -c CONTAINER [-i] [-t]` (kubectl/pkg/cmd/attach): the output
 * of a running container's main process from now on and, with `-i` on a container that has
 * `stdin: true`, input to it. It ends when the container stops (or Ctrl-C).
 */
import { KubectlError } from '../errors';
import { type Invocation } from '../registry';
import { findOrDefaultContainer, podForObject, podSpec, podStatus } from './streams/pods';
import { attachNotice, reattachMessage, runSession, sessionResult, setupTTY } from './streams/session';

export async function run(inv: Invocation): Promise<number> {
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
