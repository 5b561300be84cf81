/**
 * Container logs as containerd's CRI plugin writes them to /var/log/pods/<ns>_<pod>_<uid>/<c>/<n>.log:
 * one entry per line, `<RFC3339Nano time> <stdout|stderr> <F|P> <text>` (P: a partial line, the
 * process has not written its newline yet). The kubelet reads these files for `kubectl logs`
 * (pkg/kubelet/kuberuntime/logs): `--timestamps` prints the time with exactly nine fractional
 * digits, `--tail`, `--since`, `--since-time` and `--limit-bytes` select.
 *
 * Every entry has a unique nanosecond time, strictly increasing within a container (the clock has
 * milliseconds; the nanoseconds below come from a counter), so a follower can resume after the
 * last entry it saw.
 */
export type Stream = 'stdout' | 'stderr';

export interface LogEntry {
  /** Milliseconds since the epoch… */
  ms: number;
  /** … and nanoseconds within that millisecond (the time is ms × 10⁶ + sub). */
  sub: number;
  stream: Stream;
  /** false: the line had no newline yet when it was flushed (CRI "P"). */
  full: boolean;
  text: string;
}

export interface LogQuery {
  tailLines?: number;
  /** Only entries at or after this time (ns). */
  sinceNs?: bigint;
  limitBytes?: number;
  timestamps?: boolean;
}

/** containerd's default max log line before splitting (16 KiB). */
const MAX_LINE = 16 * 1024;
/** kubelet's containerLogMaxSize (10Mi) in entries, roughly: older entries are rotated away. */
const MAX_ENTRIES = 20_000;

/** `2026-01-01T00:02:05.123456789Z`: the kubelet's output format (fixed nine digits). */
export function formatLogTime(e: Pick<LogEntry, 'ms' | 'sub'>): string {
  const base = new Date(e.ms).toISOString().slice(0, 19);
  const frac = String((e.ms % 1000) * 1_000_000 + e.sub).padStart(9, '0');
  return `${base}.${frac}Z`;
}

/** Nanoseconds since the epoch of an entry (for comparisons with sinceTime). */
export const entryNs = (e: Pick<LogEntry, 'ms' | 'sub'>): bigint => BigInt(e.ms) * 1_000_000n + BigInt(e.sub);

/** Parse an RFC 3339 time (with or without fraction) into ns; NaN-ish → undefined. */
export function parseLogTime(s: string): bigint | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) return undefined;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return undefined;
  const frac = BigInt((m[2] ?? '').padEnd(9, '0') || '0');
  return BigInt(ms) * 1_000_000n + frac;
}

export class ContainerLog {
  readonly entries: LogEntry[] = [];
  private partial: Record<Stream, string> = { stdout: '', stderr: '' };
  private lastMs = 0;
  private lastSub = 0;
  private followers = new Set<(e: LogEntry | null) => void>();
  /** Attached streams: the output as written, before it is cut into log lines. */
  private readonly attached = new Set<(stream: Stream, text: string) => void>();
  /** True once the container has exited: followers are told and no more lines come. */
  closed = false;

  constructor(private readonly nowMs: () => number) {}

  /** A process wrote to stdout/stderr. Complete lines become entries at once. */
  write(stream: Stream, text: string, atMs?: number): void {
    if (this.closed || text === '') return;
    if (this.attached.size) for (const a of [...this.attached]) a(stream, text);
    let buf = this.partial[stream] + text;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      let line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      while (line.length > MAX_LINE) {
        this.push(stream, line.slice(0, MAX_LINE), false, atMs);
        line = line.slice(MAX_LINE);
      }
      this.push(stream, line, true, atMs);
    }
    this.partial[stream] = buf;
  }

  /** The container stopped: flush unterminated output as partial lines, end followers. */
  close(): void {
    if (this.closed) return;
    for (const s of ['stdout', 'stderr'] as const) {
      if (this.partial[s]) this.push(s, this.partial[s], false);
      this.partial[s] = '';
    }
    this.closed = true;
    for (const f of [...this.followers]) f(null);
    this.followers.clear();
  }

  /** Follow new entries (`kubectl logs -f`); `null` marks the end. Returns an unsubscribe. */
  follow(cb: (e: LogEntry | null) => void): () => void {
    if (this.closed) {
      cb(null);
      return () => {};
    }
    this.followers.add(cb);
    return () => this.followers.delete(cb);
  }

  /**
   * `kubectl attach`: the output as the process writes it (a prompt without its newline too).
   * Returns an unsubscribe; `follow` tells when the container stops.
   */
  attach(cb: (stream: Stream, text: string) => void): () => void {
    this.attached.add(cb);
    return () => this.attached.delete(cb);
  }

  /** The unterminated last line of a stream: what a terminal redraw shows (a shell's prompt). */
  partialLine(stream: Stream): string {
    return this.partial[stream];
  }

  /** The entries a query selects (before formatting). */
  select(q: LogQuery): LogEntry[] {
    let out = this.entries;
    if (q.sinceNs !== undefined) {
      const since = q.sinceNs;
      out = out.filter((e) => entryNs(e) >= since);
    }
    if (q.tailLines !== undefined && q.tailLines >= 0) out = q.tailLines === 0 ? [] : out.slice(-q.tailLines);
    return out;
  }

  /** What `GET …/log` returns for a query. */
  read(q: LogQuery): string {
    return formatEntries(this.select(q), q);
  }

  private push(stream: Stream, text: string, full: boolean, atMs?: number): void {
    let ms = Math.floor(atMs ?? this.nowMs());
    let sub = 0;
    // unique and increasing: a few microseconds after the previous entry if it was in this ms
    if (ms < this.lastMs || (ms === this.lastMs && sub <= this.lastSub)) {
      ms = this.lastMs;
      sub = this.lastSub + 1_000 + (this.entries.length % 7) * 137;
      if (sub >= 1_000_000) {
        ms += 1;
        sub -= 1_000_000;
      }
    }
    this.lastMs = ms;
    this.lastSub = sub;
    const e: LogEntry = { ms, sub, stream, full, text };
    this.entries.push(e);
    // rotation drops a whole file's worth at once (and keeps pushes O(1) for chatty containers)
    if (this.entries.length > MAX_ENTRIES + MAX_ENTRIES / 4)
      this.entries.splice(0, this.entries.length - MAX_ENTRIES);
    if (this.followers.size) for (const f of [...this.followers]) f(e);
  }
}

/** Entries → the text of the log stream (ReadLogs). */
export function formatEntries(entries: readonly LogEntry[], q: LogQuery): string {
  let out = '';
  for (const e of entries) {
    const line = (q.timestamps ? `${formatLogTime(e)} ` : '') + e.text + (e.full ? '\n' : '');
    if (q.limitBytes !== undefined && out.length + line.length > q.limitBytes) {
      out += line.slice(0, Math.max(0, q.limitBytes - out.length));
      break;
    }
    out += line;
  }
  return out;
}
