/**
 * klog-style log lines, as kubectl writes them to stderr with `-v=N`.
 *
 * The header is klog's: severity letter, MMDD, wall time with microseconds, the thread id
 * (we print a fixed pid, right-aligned in 7 columns), the Go source file:line that logged it,
 * then `] ` and the message. Time comes from the simulated clock, in UTC.
 */

/** The pid every simulated kubectl process logs with. */
export const KUBECTL_PID = 12345;

const pad = (n: number, width: number, ch = '0') => String(n).padStart(width, ch);

/** `I1127 10:00:00.000000   12345 loader.go:402] ` */
export function klogHeader(severity: 'I' | 'W' | 'E' | 'F', timeMs: number, source: string): string {
  const d = new Date(timeMs);
  const micros = Math.floor(((timeMs % 1000) + 1000) % 1000) * 1000;
  return (
    `${severity}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)} ` +
    `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}.${pad(micros, 6)} ` +
    `${pad(KUBECTL_PID, 7, ' ')} ${source}] `
  );
}

/** Go's %q for a structured-logging value (klog's `key="value"` pairs). */
export function klogQuote(s: string): string {
  return JSON.stringify(s);
}

export class Logger {
  constructor(
    /** The -v level. */
    readonly verbosity: number,
    private readonly now: () => number,
    private readonly write: (text: string) => void,
  ) {}

  /** klog.V(level).Enabled() */
  v(level: number): boolean {
    return this.verbosity >= level;
  }

  /** klog.V(level).Info: one line (or a multi-line message) if -v is at least `level`. */
  info(level: number, source: string, msg: string): void {
    if (this.verbosity < level) return;
    this.write(klogHeader('I', this.now(), source) + msg + (msg.endsWith('\n') ? '' : '\n'));
  }

  /** klog InfoS: `"msg" key="value" …` */
  infoS(level: number, source: string, msg: string, kv: [string, string | boolean | number][]): void {
    if (this.verbosity < level) return;
    const pairs = kv.map(([k, v]) => ` ${k}=${typeof v === 'string' ? klogQuote(v) : String(v)}`).join('');
    this.info(level, source, `${klogQuote(msg)}${pairs}`);
  }

  warning(source: string, msg: string): void {
    this.write(klogHeader('W', this.now(), source) + msg + '\n');
  }

  error(source: string, msg: string): void {
    this.write(klogHeader('E', this.now(), source) + msg + '\n');
  }
}
