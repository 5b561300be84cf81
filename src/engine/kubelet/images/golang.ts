/**
 * How Go programs behave in a container: the log package's format, net/http's mux and
 * responses, and the runtime's signal handling. The book's apps (hello-server,
 * delayfailserver) and the control-plane components are Go binaries.
 *
 * Signals: the Go runtime catches SIGTERM/SIGINT/SIGHUP and, with no signal.Notify, "dies from
 * the signal": it restores the default action and re-raises it. As PID 1 of a container the
 * kernel ignores that default action, so the runtime falls back to `exit(2)` — which is why the
 * book's delayfailserver shows `Last State: Terminated, Exit Code: 2` after a liveness kill.
 */
import type { HttpExchange, HttpResponse } from '../../network/index';
import { GO_NOT_FOUND } from '../../network/http';
import { SIGNALS, type Proc } from '../runtime/process';
import { goLogPrefix } from './common';
import { httpDate } from './httpclient';

/** log.Printf / log.Println to stderr (Go's default logger). */
export function goLog(p: Proc, msg: string): void {
  p.stderr(goLogPrefix(p.now()) + (msg.endsWith('\n') ? msg : msg + '\n'));
}

/** The Go runtime's default signal behaviour (no signal.Notify). */
export function goDefaultSignals(p: Proc): void {
  p.onSignal((sig) => {
    if (sig === SIGNALS.SIGQUIT) {
      p.stderr(
        'SIGQUIT: quit\nPC=0x46b5c1 m=0 sigcode=0\n\ngoroutine 0 gp=0x7c8f40 m=0 mp=0x7c9780 [idle]:\n',
      );
      p.exit(2);
      return;
    }
    if (sig === SIGNALS.SIGCHLD || sig === SIGNALS.SIGWINCH || sig === SIGNALS.SIGPIPE) return;
    p.exit(p.pid === 1 ? 2 : 128 + sig);
  });
}

/** fmt.Fprintf(w, message) with a message that is not meant as a format (hello-server 1.5). */
export function goFormatNoArgs(s: string): string {
  return s.replace(/%%|%([a-zA-Z])/g, (m, verb: string | undefined) =>
    m === '%%' ? '%' : `%!${verb}(MISSING)`,
  );
}

/** A response as net/http writes it: Date, Content-Length, sniffed Content-Type. */
export function goResponse(
  p: Proc,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
  extra: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: {
      'Content-Type': contentType,
      Date: httpDate(p.now()),
      'Content-Length': String(body.length),
      ...extra,
    },
    body,
  };
}

export function goNotFound(p: Proc): HttpResponse {
  return {
    ...GO_NOT_FOUND,
    headers: { ...GO_NOT_FOUND.headers, Date: httpDate(p.now()), 'Content-Length': '19' },
  };
}

/** `/healthz?x=1` → `/healthz` */
export const urlPath = (ex: HttpExchange): string => {
  const p = ex.request.path;
  const q = p.indexOf('?');
  return q < 0 ? p : p.slice(0, q);
};

/** log.Fatal(http.ListenAndServe(":8080", nil)) when the port is taken. */
export function goListenFatal(p: Proc, port: string): void {
  goLog(p, `listen tcp :${port}: bind: address already in use`);
  p.exit(1);
}

/**
 * A plausible Go client_golang `/metrics` page (go_* and process_* collectors, promhttp's own).
 */
export function goMetrics(p: Proc, requests: number): string {
  const up = (p.now() - (p as unknown as { startedAt: number }).startedAt) / 1000;
  const mem = p.memory;
  return `# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.
# TYPE go_gc_duration_seconds summary
go_gc_duration_seconds{quantile="0"} 2.7791e-05
go_gc_duration_seconds{quantile="0.25"} 4.0916e-05
go_gc_duration_seconds{quantile="0.5"} 5.2042e-05
go_gc_duration_seconds{quantile="0.75"} 7.1792e-05
go_gc_duration_seconds{quantile="1"} 0.000180625
go_gc_duration_seconds_sum ${(0.00006 * Math.floor(up / 120)).toFixed(9)}
go_gc_duration_seconds_count ${Math.floor(up / 120)}
# HELP go_goroutines Number of goroutines that currently exist.
# TYPE go_goroutines gauge
go_goroutines 7
# HELP go_info Information about the Go environment.
# TYPE go_info gauge
go_info{version="go1.21.8"} 1
# HELP go_memstats_alloc_bytes Number of bytes allocated and still in use.
# TYPE go_memstats_alloc_bytes gauge
go_memstats_alloc_bytes ${Math.floor(mem * 0.35)}
# HELP go_memstats_heap_inuse_bytes Number of heap bytes that are in use.
# TYPE go_memstats_heap_inuse_bytes gauge
go_memstats_heap_inuse_bytes ${Math.floor(mem * 0.45)}
# HELP go_memstats_sys_bytes Number of bytes obtained from system.
# TYPE go_memstats_sys_bytes gauge
go_memstats_sys_bytes ${mem}
# HELP go_threads Number of OS threads created.
# TYPE go_threads gauge
go_threads 8
# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
# TYPE process_cpu_seconds_total counter
process_cpu_seconds_total ${(up * 0.0004).toFixed(2)}
# HELP process_max_fds Maximum number of open file descriptors.
# TYPE process_max_fds gauge
process_max_fds 1.048576e+06
# HELP process_open_fds Number of open file descriptors.
# TYPE process_open_fds gauge
process_open_fds 9
# HELP process_resident_memory_bytes Resident memory size in bytes.
# TYPE process_resident_memory_bytes gauge
process_resident_memory_bytes ${mem}
# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.
# TYPE process_start_time_seconds gauge
process_start_time_seconds ${((p as unknown as { startedAt: number }).startedAt / 1000).toFixed(2)}
# HELP promhttp_metric_handler_requests_in_flight Current number of scrapes being served.
# TYPE promhttp_metric_handler_requests_in_flight gauge
promhttp_metric_handler_requests_in_flight 1
# HELP promhttp_metric_handler_requests_total Total number of scrapes by HTTP status code.
# TYPE promhttp_metric_handler_requests_total counter
promhttp_metric_handler_requests_total{code="200"} ${requests}
promhttp_metric_handler_requests_total{code="500"} 0
promhttp_metric_handler_requests_total{code="503"} 0
`;
}
