/**
 * An exec or attach session (kubectl's StreamOptions + remotecommand): open the stream, copy the
 * container's output to ours, send our stdin when `-i` was given, and map the end Status to
 * kubectl's results: success, `command terminated with exit code N` (exit N) or an error.
 *
 * The terminal host gives stdin as text (`ctx.stdin`: a heredoc or a pipe), so it is sent in
 * one piece followed by EOF, as a pipe into real kubectl would be. Ctrl-C (ctx.signal) is sent
 * to the remote process as SIGINT when a TTY was allocated, and otherwise ends the session.
 */
import type { Status } from '../../../api/types';
import { ExitError, KubectlError } from '../../errors';
import type { Invocation } from '../../registry';
import { openPodStream } from './pods';

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
  if (!inv.ctx.tty) {
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
  const stream = await openPodStream(
    inv,
    { method: 'POST', path: base, query, body },
    {
      onSession: (id) => {
        if (!o.stdin) return;
        const input = inv.ctx.stdin;
        void (async () => {
          if (input !== '')
            await rest.request({
              method: 'POST',
              path: base,
              query: { session: id },
              body: { stdin: input },
            });
          // an attached container keeps stdin open for others unless stdinOnce; a piped stdin ends here
          await rest.request({ method: 'POST', path: base, query: { session: id }, body: { eof: true } });
        })();
      },
      onChunk: (stream, data) => (stream === 'stderr' ? inv.err(data) : inv.out(data)),
    },
    interrupt.signal,
  );
  const onAbort = () => {
    const id = stream.session();
    if (o.tty && id)
      void rest.request({ method: 'POST', path: base, query: { session: id }, body: { signal: 'SIGINT' } });
    else interrupt.abort();
  };
  if (inv.ctx.signal.aborted) onAbort();
  else inv.ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await stream.done;
  } finally {
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
