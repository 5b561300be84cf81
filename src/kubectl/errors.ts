/**
 * kubectl's error types and how they are printed (kubectl/pkg/cmd/util/helpers.go checkErr,
 * reference §12.2). Commands throw; runKubectl catches and prints exactly what kubectl's
 * CheckErr would print, on stderr, and returns the exit code.
 */
import { isStatus, type Status } from '../api/types';
import { JsonPathExecuteError, JsonPathPrintError } from '../apimachinery/jsonpath';

/** Exit code of a failed kubectl command (cmdutil.DefaultErrorExitCode). */
export const DEFAULT_ERROR_EXIT_CODE = 1;

/** A plain error: printed as `error: <message>` (unless it already starts with `error: `). */
export class KubectlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubectlError';
  }
}

/**
 * An error cobra prints itself before kubectl's CheckErr sees anything: flag parsing errors
 * (`Error: unknown flag: --x` + `See 'kubectl get --help' for usage.`) and unknown commands
 * (`Error: unknown command "x" for "kubectl"`). Printed as `Error: <message>` and a newline
 * (cobra's PrintErrln, which adds one even after a message ending in a newline).
 */
export class CobraError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CobraError';
  }
}

/** An API error: the server's Status (helpers.go StandardErrorMessage). */
export class StatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? '');
    this.name = 'StatusError';
  }
  get reason(): string {
    return this.status.reason ?? '';
  }
  get code(): number {
    return this.status.code;
  }
}

export function isNotFound(err: unknown): boolean {
  return err instanceof StatusError && (err.reason === 'NotFound' || (err.reason === '' && err.code === 404));
}

export function isAlreadyExists(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'AlreadyExists';
}

export function isConflict(err: unknown): boolean {
  return err instanceof StatusError && err.reason === 'Conflict';
}

/** `the server doesn't have a resource type "foos"` (meta.NoResourceMatchError). */
export class NoResourceMatchError extends Error {
  constructor(
    readonly resource: string,
    readonly group = '',
    readonly version = '',
  ) {
    super(noResourceMatchMessage(resource, group, version));
    this.name = 'NoResourceMatchError';
  }
}

function noResourceMatchMessage(resource: string, group: string, version: string): string {
  if (group && version) {
    return `the server doesn't have a resource type ${JSON.stringify(resource)} in group ${JSON.stringify(group)} and version ${JSON.stringify(version)}`;
  }
  if (group)
    return `the server doesn't have a resource type ${JSON.stringify(resource)} in group ${JSON.stringify(group)}`;
  if (version) {
    return `the server doesn't have a resource type ${JSON.stringify(resource)} in version ${JSON.stringify(version)}`;
  }
  return `the server doesn't have a resource type ${JSON.stringify(resource)}`;
}

/** `no matches for kind "Foo" in version "v1"` (meta.NoKindMatchError), used for -f objects. */
export class NoKindMatchError extends Error {
  constructor(
    readonly kind: string,
    readonly group: string,
    readonly searchedVersions: string[],
  ) {
    const gvs = [...new Set(searchedVersions.map((v) => (group ? `${group}/${v}` : v)))].sort();
    super(
      gvs.length === 0
        ? `no matches for kind ${JSON.stringify(kind)} in group ${JSON.stringify(group)}`
        : gvs.length === 1
          ? `no matches for kind ${JSON.stringify(kind)} in version ${JSON.stringify(gvs[0])}`
          : `no matches for kind ${JSON.stringify(kind)} in versions [${gvs.map((v) => JSON.stringify(v)).join(' ')}]`,
    );
    this.name = 'NoKindMatchError';
  }
}

/** The server could not be reached (url.Error): connection refused, or another transport error. */
export class ConnectionError extends Error {
  constructor(
    /** `127.0.0.1:6443` */
    readonly host: string,
    readonly refused: boolean,
    /** Go's url.Error text: `Get "https://…": dial tcp 127.0.0.1:6443: connect: connection refused`. */
    readonly urlError: string,
    /** The inner error (t.Err) for "Unable to connect to the server: %v". */
    readonly inner: string,
  ) {
    super(urlError);
    this.name = 'ConnectionError';
  }
}

/** utilerrors.Aggregate: several errors printed one per line. */
export class AggregateError extends Error {
  constructor(readonly errors: Error[]) {
    super(errors.length === 1 ? errors[0]!.message : `[${errors.map((e) => e.message).join(', ')}]`);
    this.name = 'AggregateError';
  }
}

/** An error in the kubeconfig (clientcmd.IsConfigurationInvalid): `Error in configuration: …`. */
export class ConfigurationError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`);
    this.name = 'ConfigurationError';
  }
}

/** Exit with a code and an exact message (may be empty: cmdutil.ErrExit). */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
    this.name = 'ExitError';
  }
}

/** Turn an API response into an error if it is a failure Status (or a bare non-2xx response). */
export function statusErrorFromResponse(status: number, body: unknown): StatusError {
  if (isStatus(body)) return new StatusError(body);
  const reasons: Record<number, Status['reason']> = {
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    409: 'Conflict',
    410: 'Gone',
    422: 'Invalid',
    429: 'ServiceUnavailable',
    500: 'InternalError',
    503: 'ServiceUnavailable',
    504: 'Timeout',
  };
  const message =
    status === 404
      ? 'the server could not find the requested resource'
      : `an error on the server (${typeof body === 'string' ? body : ''}) has prevented the request from succeeding`;
  return new StatusError({
    apiVersion: 'v1',
    kind: 'Status',
    metadata: {},
    status: 'Failure',
    message,
    reason: reasons[status] ?? 'InternalError',
    code: status,
  });
}

/** helpers.go StandardErrorMessage: the text for API and connection errors, or undefined. */
export function standardErrorMessage(err: Error): string | undefined {
  if (err instanceof StatusError) {
    const s = err.status;
    if (s.reason === 'Unauthorized') return `error: You must be logged in to the server (${s.message ?? ''})`;
    if (s.reason) return `Error from server (${s.reason}): ${err.message}`;
    return `Error from server: ${err.message}`;
  }
  if (err instanceof ConnectionError) {
    if (err.refused)
      return `The connection to the server ${err.host} was refused - did you specify the right host or port?`;
    return `Unable to connect to the server: ${err.inner}`;
  }
  return undefined;
}

function messageForError(err: Error): string {
  return standardErrorMessage(err) ?? err.message;
}

/** helpers.go MultilineError. */
export function multilineError(prefix: string, errs: string[]): string {
  if (errs.length === 0) return `${prefix}\n`;
  if (errs.length === 1) return `${prefix}${errs[0]}\n`;
  return `${prefix}\n${errs.map((e) => `* ${e}\n`).join('')}`;
}

/** helpers.go MultipleErrors. */
export function multipleErrors(prefix: string, errs: Error[]): string {
  return errs.map((e) => `${prefix}${messageForError(e)}\n`).join('');
}

/**
 * helpers.go checkErr: the text kubectl prints for `err` and its exit code. The text is
 * printed to stderr as is, with a newline added if it has none.
 */
export function formatError(err: unknown): { message: string; exitCode: number } {
  let e: Error = err instanceof Error ? err : new Error(String(err));
  if (e instanceof AggregateError && e.errors.length === 1) e = e.errors[0]!;

  if (e instanceof ExitError) return { message: e.message, exitCode: e.exitCode };
  // Where client-go's JSONPath hits a Go runtime error, kubectl panics: exit code 2. (Go then
  // prints the goroutine stack, which the simulator does not have.)
  if ((e instanceof JsonPathPrintError || e instanceof JsonPathExecuteError) && e.panic) {
    const text = e.message.startsWith('panic: ') ? e.message : `panic: ${e.message}`;
    return { message: `${text}\n\ngoroutine 1 [running]:\n`, exitCode: 2 };
  }
  if (e instanceof CobraError) return { message: `Error: ${e.message}\n`, exitCode: DEFAULT_ERROR_EXIT_CODE };
  if (e instanceof StatusError && e.reason === 'Invalid') {
    const details = e.status.details;
    let s = 'The request is invalid';
    if (!details) return { message: s, exitCode: DEFAULT_ERROR_EXIT_CODE };
    if (details.kind || details.name)
      s = `The ${details.kind ?? ''} ${JSON.stringify(details.name ?? '')} is invalid`;
    if (details.causes && details.causes.length > 0) {
      const seen = new Set<string>();
      const msgs: string[] = [];
      for (const c of details.causes) {
        const msg = `${c.field ?? ''}: ${c.message ?? ''}`;
        if (seen.has(msg)) continue;
        seen.add(msg);
        msgs.push(msg);
      }
      return { message: multilineError(`${s}: `, msgs), exitCode: DEFAULT_ERROR_EXIT_CODE };
    }
    return { message: s, exitCode: DEFAULT_ERROR_EXIT_CODE };
  }
  if (e instanceof ConfigurationError) {
    return {
      message: multilineError('Error in configuration: ', e.errors),
      exitCode: DEFAULT_ERROR_EXIT_CODE,
    };
  }
  if (e instanceof NoResourceMatchError) return { message: e.message, exitCode: DEFAULT_ERROR_EXIT_CODE };
  if (e instanceof AggregateError)
    return { message: multipleErrors('', e.errors), exitCode: DEFAULT_ERROR_EXIT_CODE };
  const std = standardErrorMessage(e);
  if (std !== undefined) return { message: std, exitCode: DEFAULT_ERROR_EXIT_CODE };
  let msg = e.message;
  if (!msg.startsWith('error: ')) msg = `error: ${msg}`;
  return { message: msg, exitCode: DEFAULT_ERROR_EXIT_CODE };
}

/** Print `err` as kubectl's CheckErr does; returns the exit code. */
export function printError(err: unknown, stderr: (text: string) => void): number {
  const { message, exitCode } = formatError(err);
  if (message.length > 0) stderr(message.endsWith('\n') ? message : `${message}\n`);
  return exitCode;
}
