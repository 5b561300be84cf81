/**
 * `kubectl attach`: its record (help and flags), registered at start. The implementation is in
 * ./attach.run.ts, a chunk of its own in the browser build loaded the first time the command
 * runs (see ./lazy.ts).
 */
import { boolFlag, stringFlag, durationFlag } from '../flags';
import { registerCommand } from '../registry';
import { lazyCommandModule, lazyRun } from './lazy';

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

const impl = lazyCommandModule(() => import('./attach.run'));

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
  run: lazyRun(impl, (m) => m.run),
});
