/**
 * `curl` on the learner's machine (curl 8 as macOS and current Linux ship it). It reaches only
 * the machine itself: `localhost`, 127.0.0.1 and ::1, where `kubectl port-forward` listens and
 * where Docker publishes kind's extraPortMappings (`curl localhost:30599`). Cluster addresses
 * (10.96.x.x, 10.244.x.x) have no route from the host, and cluster DNS names do not resolve there.
 *
 * Options: -s -S -v -i -I -f -o FILE -X METHOD -H HEADER -d DATA -m SECONDS --connect-timeout
 * SECONDS -w FORMAT (`%{http_code}`), with curl's exit codes and messages:
 *   (7)  Failed to connect to localhost port 5555 after 0 ms: Couldn't connect to server
 *   (52) Empty reply from server
 *   (28) Operation timed out after 5001 milliseconds with 0 bytes received
 *   (6)  Could not resolve host: web
 */
import type { CommandContext } from '../../api/io';
import type { HostHttpOutcome } from '../../api/hostnet';

export const HOST_CURL_VERSION = '8.7.1';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** How long curl waits for a connection that neither answers nor fails, before it is only Ctrl-C. */
const OPEN_WAIT_MS = 300_000;

interface Url {
  host: string;
  port: number;
  path: string;
  hostHeader: string;
  scheme: string;
}

function parseUrl(raw: string): Url | undefined {
  let s = raw;
  let scheme = 'http';
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(s);
  if (m) {
    scheme = m[1]!.toLowerCase();
    s = s.slice(m[0].length);
  }
  const slash = s.search(/[/?#]/);
  const authority = slash < 0 ? s : s.slice(0, slash);
  let path = slash < 0 ? '/' : s.slice(slash);
  if (path.startsWith('?')) path = '/' + path;
  path = path.replace(/#.*$/, '') || '/';
  const hp = authority.slice(authority.lastIndexOf('@') + 1);
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(hp);
  let host = hp;
  let portStr: string | undefined;
  if (v6) {
    host = `[${v6[1]}]`;
    portStr = v6[2];
  } else if (hp.includes(':')) {
    host = hp.slice(0, hp.lastIndexOf(':'));
    portStr = hp.slice(hp.lastIndexOf(':') + 1);
  }
  const port = portStr === undefined || portStr === '' ? (scheme === 'https' ? 443 : 80) : Number(portStr);
  if (!host || !Number.isInteger(port) || port < 0 || port > 65535) return undefined;
  return { host, port, path, hostHeader: hp, scheme };
}

const isLoopback = (host: string): boolean => /^(localhost|127(\.\d+){3}|\[::1\]|0\.0\.0\.0)$/.test(host);
const isIP = (host: string): boolean => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith('[');

export async function curl(ctx: CommandContext): Promise<number> {
  let silent = false;
  let showError = false;
  let verbose = false;
  let include = false;
  let head = false;
  let fail = false;
  let method: string | undefined;
  let output: string | undefined;
  let data: string | undefined;
  let maxTime: number | undefined;
  let connectTimeout: number | undefined;
  let writeOut: string | undefined;
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  const args = ctx.args;
  const addHeader = (h: string) => {
    const k = h.indexOf(':');
    if (k > 0) headers[h.slice(0, k).trim()] = h.slice(k + 1).trim();
  };
  const unknown = (opt: string) => {
    ctx.stderr(
      `curl: option ${opt}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
    );
    return 2;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const next = () => args[++i] ?? '';
    if (a === '--silent') silent = true;
    else if (a === '--show-error') showError = true;
    else if (a === '--verbose') verbose = true;
    else if (a === '--include') include = true;
    else if (a === '--head') head = true;
    else if (a === '--fail') fail = true;
    else if (a === '--location' || a === '--insecure') continue;
    else if (a === '--request') method = next();
    else if (a === '--output') output = next();
    else if (a === '--data' || a === '--data-raw') data = next();
    else if (a === '--header') addHeader(next());
    else if (a === '--max-time') maxTime = Number(next());
    else if (a === '--connect-timeout') connectTimeout = Number(next());
    else if (a === '--write-out') writeOut = next();
    else if (a === '--version' || a === '-V') {
      ctx.stdout(
        `curl ${HOST_CURL_VERSION} (x86_64-apple-darwin23.0) libcurl/${HOST_CURL_VERSION} (SecureTransport) LibreSSL/3.3.6 zlib/1.2.12 nghttp2/1.61.0\n`,
      );
      return 0;
    } else if (a.startsWith('--')) return unknown(a);
    else if (/^-[a-zA-Z]+$/.test(a)) {
      for (const c of a.slice(1)) {
        if (c === 's') silent = true;
        else if (c === 'S') showError = true;
        else if (c === 'v') verbose = true;
        else if (c === 'i') include = true;
        else if (c === 'I') head = true;
        else if (c === 'f') fail = true;
        else if (c === 'L' || c === 'k') continue;
        else if (c === 'X') method = next();
        else if (c === 'o') output = next();
        else if (c === 'd') data = next();
        else if (c === 'H') addHeader(next());
        else if (c === 'm') maxTime = Number(next());
        else if (c === 'w') writeOut = next();
        else return unknown(`-${c}`);
      }
    } else urls.push(a);
  }
  if (urls.length === 0) {
    ctx.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const err = (code: number, msg: string): number => {
    if (!silent || showError) ctx.stderr(`curl: (${code}) ${msg}\n`);
    return code;
  };
  const v = (s: string) => {
    if (verbose) ctx.stderr(s + '\n');
  };
  let rc = 0;
  for (const raw of urls) {
    const u = parseUrl(raw);
    if (!u) {
      rc = err(3, 'URL rejected: Malformed input to a URL function');
      continue;
    }
    if (u.scheme !== 'http') {
      rc = err(
        u.scheme === 'https' ? 35 : 1,
        u.scheme === 'https' ? 'TLS is not simulated in Breakfix' : `Protocol "${u.scheme}" not supported`,
      );
      continue;
    }
    const started = ctx.now();
    if (!isLoopback(u.host)) {
      if (!isIP(u.host)) {
        // cluster names (svc.ns.svc.cluster.local) exist only in the cluster's DNS
        v(`* Could not resolve host: ${u.host}`);
        rc = err(6, `Could not resolve host: ${u.host}`);
        continue;
      }
      // no route from the host to the cluster's networks: the SYN goes nowhere
      v(`*   Trying ${u.host}:${u.port}...`);
      const limit = (connectTimeout ?? maxTime ?? 75) * 1000;
      await ctx.sleep(limit, ctx.signal);
      if (ctx.signal.aborted) return 130;
      rc =
        maxTime !== undefined && connectTimeout === undefined
          ? err(28, `Connection timed out after ${Math.round(limit)} milliseconds`)
          : err(
              28,
              `Failed to connect to ${u.host} port ${u.port} after ${Math.round(limit)} ms: Timeout was reached`,
            );
      continue;
    }
    const m = method ?? (head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
    const reqHeaders: Record<string, string> = {
      Host: u.hostHeader,
      'User-Agent': `curl/${HOST_CURL_VERSION}`,
      Accept: '*/*',
      ...headers,
    };
    if (data !== undefined) {
      reqHeaders['Content-Length'] = String(data.length);
      reqHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
    }
    if (u.host === 'localhost') v(`* Host localhost:${u.port} was resolved.\n* IPv6: ::1\n* IPv4: 127.0.0.1`);
    const timeoutMs = maxTime !== undefined ? maxTime * 1000 : Infinity;
    const outcome = await waitFor(ctx, timeoutMs, (signal) =>
      ctx.host
        ? ctx.host.request(
            u.host,
            u.port,
            { method: m, path: u.path, headers: reqHeaders, body: data },
            { timeoutMs, signal },
          )
        : Promise.resolve<HostHttpOutcome>({ kind: 'refused', elapsedMs: 0 }),
    );
    if (ctx.signal.aborted) return 130;
    const took = Math.max(0, Math.round(ctx.now() - started));
    const addr = u.host === 'localhost' ? '::1' : u.host.replace(/^\[|\]$/g, '');
    if (outcome === 'timeout' || outcome.kind === 'timeout') {
      rc = err(28, `Operation timed out after ${took} milliseconds with 0 bytes received`);
      continue;
    }
    if (outcome.kind === 'refused') {
      if (u.host === 'localhost') {
        v(
          `*   Trying [::1]:${u.port}...\n* connect to ::1 port ${u.port} from ::1 port 50214 failed: Connection refused`,
        );
        v(
          `*   Trying 127.0.0.1:${u.port}...\n* connect to 127.0.0.1 port ${u.port} from 127.0.0.1 port 50215 failed: Connection refused`,
        );
      } else
        v(
          `*   Trying ${u.host}:${u.port}...\n* connect to ${addr} port ${u.port} from ${addr} port 50214 failed: Connection refused`,
        );
      v(
        `* Failed to connect to ${u.host} port ${u.port} after ${took} ms: Couldn't connect to server\n* Closing connection`,
      );
      rc = err(
        7,
        `Failed to connect to ${u.host} port ${u.port} after ${took} ms: Couldn't connect to server`,
      );
      continue;
    }
    v(
      `*   Trying ${u.host === 'localhost' ? '[::1]' : u.host}:${u.port}...\n* Connected to ${u.host} (${addr}) port ${u.port}`,
    );
    const sent = () => {
      v(`> ${m} ${u.path} HTTP/1.1`);
      for (const [k, val] of Object.entries(reqHeaders)) v(`> ${k}: ${val}`);
      v('> \n* Request completely sent off');
    };
    sent();
    if (outcome.kind === 'empty') {
      v('* Empty reply from server\n* Closing connection');
      rc = err(52, 'Empty reply from server');
      continue;
    }
    if (outcome.kind === 'reset') {
      v('* Recv failure: Connection reset by peer\n* Closing connection');
      rc = err(56, 'Recv failure: Connection reset by peer');
      continue;
    }
    if (outcome.kind !== 'response') continue;
    const resp = outcome.response;
    const statusLine = `HTTP/1.1 ${resp.status} ${STATUS_TEXT[resp.status] ?? ''}`.trimEnd();
    v(`< ${statusLine}`);
    for (const [k, val] of Object.entries(resp.headers ?? {})) v(`< ${k}: ${val}`);
    v('< ');
    if (fail && resp.status >= 400) {
      v(`* The requested URL returned error: ${resp.status}\n* Closing connection`);
      rc = err(22, `The requested URL returned error: ${resp.status}`);
      continue;
    }
    let out = '';
    if (include || head) {
      out += `${statusLine}\r\n`;
      for (const [k, val] of Object.entries(resp.headers ?? {})) out += `${k}: ${val}\r\n`;
      out += '\r\n';
    }
    if (!head) out += resp.body ?? '';
    if (output && output !== '-') ctx.fs.writeFile(ctx.fs.resolve(output), out);
    else ctx.stdout(out);
    v(`* Connection #0 to host ${u.host} left intact`);
    if (writeOut)
      ctx.stdout(
        writeOut
          .replace(/%\{http_code\}/g, String(resp.status))
          .replace(/%\{time_total\}/g, (took / 1000).toFixed(6))
          .replace(/\\n/g, '\n'),
      );
  }
  return rc;
}

/**
 * Wait for a connection in simulated time: the host sleeps while the cluster works on it, until
 * it answers, `timeoutMs` passes, or Ctrl-C. Without a timeout curl waits for ever; after
 * OPEN_WAIT_MS of silence only Ctrl-C (or `timeout N`) ends it.
 */
async function waitFor(
  ctx: CommandContext,
  timeoutMs: number,
  start: (signal: AbortSignal) => Promise<HostHttpOutcome>,
): Promise<HostHttpOutcome | 'timeout'> {
  const ctl = new AbortController();
  const onAbort = () => ctl.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  let done: HostHttpOutcome | undefined;
  const work = start(ctl.signal).then((o) => {
    done = o;
    ctl.abort();
    return o;
  });
  try {
    const finite = Number.isFinite(timeoutMs) ? timeoutMs : OPEN_WAIT_MS;
    await Promise.race([work, ctx.sleep(finite, ctl.signal)]);
    if (done) return done;
    if (ctx.signal.aborted) return 'timeout';
    if (Number.isFinite(timeoutMs)) return 'timeout';
    await Promise.race([work, ctx.sleep(Infinity, ctl.signal)]);
    return done ?? 'timeout';
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    ctl.abort();
  }
}
