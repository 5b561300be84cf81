/**
 * An exec or attach session (kubectl's StreamOptions + remotecommand): open the stream, copy the
 * container's output to ours, send our stdin when `-i` was given, and map the end Status to
 * kubectl's results: success, `command terminated with exit code N` (exit N) or an error.
 *
 * stdin is `ctx.input`: a pipe or heredoc arrives in one piece followed by EOF; a terminal gives
 * each line as the learner enters it, and Ctrl-D as EOF. With a TTY the local terminal stops
 * echoing (kubectl's raw mode) because the remote pty echoes. Ctrl-C (ctx.signal) is sent to the
 * remote process as SIGINT when a TTY was allocated, and otherwise ends the session.
 */
import { stringInput } from '../../../api/io';
import type { Status } from '../../../api/types';
import { ExitError, KubectlError } from '../../errors';
import type { Invocation } from '../../registry';
import type { KubeObject } from '../../../api/types';
import { openPodStream, podSpec } from './pods';

export interface SessionOptions {
  kind: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  command?: string[];
  stdin: boolean;
  tty: boolean;
}

/** StreamOptions.SetupTTY: `-t` needs `-i` and a terminal; otherwise the TTY is dropped. */
export function setupTTY(inv: Invocation, stdin: boolean, tty: boolean, quiet: boolean): boolean {
  if (!stdin || !tty) return false;
  // term.TTY.IsTerminalIn: stdin itself must be the terminal (not a pipe or a heredoc)
  if (!inv.ctx.tty || (inv.ctx.input && !inv.ctx.input.terminal)) {
    if (!quiet) inv.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    return false;
  }
  return true;
}

/** Run the session to its end; resolves with the end Status (undefined when interrupted). */
export async function runSession(inv: Invocation, o: SessionOptions): Promise<Status | undefined> {
  const base = `/api/v1/namespaces/${o.namespace}/pods/${o.pod}/${o.kind}`;
  const rest = inv.kube.rest();
  const query: Record<string, string> = { container: o.container };
  if (o.stdin) query.stdin = 'true';
  query.stdout = 'true';
  if (!o.tty) query.stderr = 'true';
  if (o.tty) query.tty = 'true';
  const body =
    o.kind === 'exec'
      ? { command: o.command, container: o.container, stdin: o.stdin, tty: o.tty }
      : { container: o.container, stdin: o.stdin, tty: o.tty };
  const interrupt = new AbortController();
  /** Ends the stdin pump when the session ends (the remote side no longer reads). */
  const finished = new AbortController();
  const input = inv.ctx.input ?? stringInput(inv.ctx.stdin);
  const raw = o.tty && input.terminal;
  const stream = await openPodStream(
    inv,
    { method: 'POST', path: base, query, body },
    {
      onSession: (id) => {
        if (!o.stdin) return;
        void (async () => {
          const send = (b: Record<string, unknown>) =>
            rest.request({ method: 'POST', path: base, query: { session: id }, body: b });
          for (;;) {
            const chunk = await input.read(finished.signal);
            if (finished.signal.aborted) return;
            // a piped stdin ends the remote's input at its end; a terminal at Ctrl-D
            if (chunk === null) {
              await send({ eof: true });
              return;
            }
            await send({ stdin: chunk });
          }
        })();
      },
      onChunk: (stream, data) => (stream === 'stderr' ? inv.err(data) : inv.out(data)),
    },
    interrupt.signal,
  );
  const sigint = () => {
    const id = stream.session();
    if (id)
      void rest.request({ method: 'POST', path: base, query: { session: id }, body: { signal: 'SIGINT' } });
  };
  const onAbort = () => {
    if (o.tty && stream.session()) sigint();
    else interrupt.abort();
  };
  if (inv.ctx.signal.aborted) onAbort();
  else inv.ctx.signal.addEventListener('abort', onAbort, { once: true });
  if (raw) input.setRaw(sigint);
  try {
    return await stream.done;
  } finally {
    if (raw) input.setRaw(undefined);
    finished.abort();
    inv.ctx.signal.removeEventListener('abort', onAbort);
  }
}

/** The end Status as kubectl reports it (remotecommand errorDecoderV4 + cmdutil.CheckErr). */
export function sessionResult(end: Status | undefined): number {
  if (!end) return 130;
  if (end.status === 'Success') return 0;
  if ((end.reason as string) === 'NonZeroExitCode') {
    const rc = Number(end.details?.causes?.find((c) => c.reason === 'ExitCode')?.message ?? '1');
    throw new ExitError(rc, `command terminated with exit code ${rc}`);
  }
  throw new KubectlError(end.message ?? 'error stream protocol error: unknown error');
}

/** What attach.Run prints before it connects (kubectl v1.32: always, unless --quiet). */
export function attachNotice(inv: Invocation, quiet: boolean): void {
  if (!quiet) inv.err("If you don't see a command prompt, try pressing enter.\n");
}

/**
 * What attach.Run prints after a raw (`-it`) session ended: how to resume it, only for pods that
 * restart their containers (restartPolicy Always), on stdout.
 */
export function reattachMessage(
  inv: Invocation,
  pod: KubeObject,
  container: string,
  o: { quiet: boolean; stdin: boolean; raw: boolean },
): void {
  const spec = podSpec(pod) as { restartPolicy?: string; ephemeralContainers?: { name: string }[] };
  if (o.quiet || !o.stdin || !o.raw || (spec.restartPolicy ?? 'Always') !== 'Always') return;
  const name = pod.metadata.name!;
  if ((spec.ephemeralContainers ?? []).some((c) => c.name === container))
    inv.out(
      `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${name} -c ${container} -i -t' if it is still running\n`,
    );
  else
    inv.out(
      `Session ended, resume using 'kubectl attach ${name} -c ${container} -i -t' command when the pod is running\n`,
    );
}
