/**
 * curl 8 as curlimages/curl ships it: `-s -S -v -i -I -o -X -H -d -f -L -m --connect-timeout -w`,
 * the messages and exit codes learners meet (7 "Couldn't connect to server", 28 timeouts,
 * 52 "Empty reply from server", 22 with -f, 6 for names — DNS comes with the Networking issue).
 * The image's /entrypoint.sh runs `curl` with the container's arguments.
 */
import { wait, type Task } from '../coroutine';
import type { Proc, Program } from '../runtime/process';
import { statusText, type NetErrorKind } from '../../network/http';
import { DNS_NOT_SIMULATED, parseURL, resolveHost } from './httpclient';

export const CURL_VERSION = '8.12.1';

/**
 * curl's exit code and message for a transfer that failed on the network. `maxTime`: the
 * whole operation had a limit (`-m`); without one, a connect that gets no answer ends with
 * "Timeout was reached" instead. Also used by the lessons' http check from inside a pod.
 */
export function curlNetFailure(
  error: NetErrorKind,
  host: string,
  port: number,
  tookMs: number,
  maxTime: boolean,
): { code: number; message: string } {
  const connect = `Failed to connect to ${host} port ${port} after ${tookMs} ms`;
  switch (error) {
    case 'refused':
    case 'unreachable':
      return { code: 7, message: `${connect}: Couldn't connect to server` };
    case 'timeout':
      return maxTime
        ? { code: 28, message: `Operation timed out after ${tookMs} milliseconds with 0 bytes received` }
        : { code: 28, message: `${connect}: Timeout was reached` };
    case 'eof':
      return { code: 52, message: 'Empty reply from server' };
    case 'reset':
      return { code: 56, message: 'Recv failure: Connection reset by peer' };
  }
}

export function curlProgram(version = CURL_VERSION): Program {
  return function* (p: Proc): Task<number> {
    const args = p.argv.slice(1);
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
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const next = () => args[++i] ?? '';
      if (a === '--silent') silent = true;
      else if (a === '--show-error') showError = true;
      else if (a === '--verbose') verbose = true;
      else if (a === '--include') include = true;
      else if (a === '--head') head = true;
      else if (a === '--fail') fail = true;
      else if (a === '--request') method = next();
      else if (a === '--output') output = next();
      else if (a === '--data' || a === '--data-raw') data = next();
      else if (a === '--header') {
        const h = next();
        const c = h.indexOf(':');
        if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
      } else if (a === '--max-time') maxTime = Number(next());
      else if (a === '--connect-timeout') connectTimeout = Number(next());
      else if (a === '--write-out') writeOut = next();
      else if (a === '--version') {
        p.stdout(
          `curl ${version} (x86_64-pc-linux-musl) libcurl/${version} OpenSSL/3.3.3 zlib/1.3.1 brotli/1.1.0 zstd/1.5.6 c-ares/1.34.4 libidn2/2.3.7 libpsl/0.21.5 libssh2/1.11.1 nghttp2/1.64.0 nghttp3/1.7.0\nRelease-Date: 2025-02-13\nProtocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp scp sftp smb smbs smtp smtps telnet tftp ws wss\nFeatures: alt-svc AsynchDNS brotli HSTS HTTP2 HTTP3 HTTPS-proxy IDN IPv6 Largefile libz NTLM PSL SSL threadsafe TLS-SRP UnixSockets zstd\n`,
        );
        return 0;
      } else if (a === '--help' || a === '-h') {
        p.stdout(
          'Usage: curl [options...] <url>\n -d, --data <data>           HTTP POST data\n -f, --fail                  Fail fast with no output on HTTP errors\n -h, --help <category>       Get help for commands\n -i, --include               Include response headers in output\n -o, --output <file>         Write to file instead of stdout\n -O, --remote-name           Write output to file named as remote file\n -s, --silent                Silent mode\n -T, --upload-file <file>    Transfer local FILE to destination\n -u, --user <user:password>  Server user and password\n -A, --user-agent <name>     Send User-Agent <name> to server\n -v, --verbose               Make the operation more talkative\n -V, --version               Show version number and quit\n\nThis is not the full help; this menu is split into categories.\nUse "--help category" to get an overview of all categories.\nFor all options use the manual or "--help all".\n',
        );
        return 0;
      } else if (/^-[a-zA-Z]+$/.test(a)) {
        for (const c of a.slice(1)) {
          if (c === 's') silent = true;
          else if (c === 'S') showError = true;
          else if (c === 'v') verbose = true;
          else if (c === 'i') include = true;
          else if (c === 'I') head = true;
          else if (c === 'f') fail = true;
          else if (c === 'L' || c === 'k' || c === 'N') continue;
          else if (c === 'X') method = next();
          else if (c === 'o') output = next();
          else if (c === 'd') data = next();
          else if (c === 'H') {
            const h = next();
            const k = h.indexOf(':');
            if (k > 0) headers[h.slice(0, k).trim()] = h.slice(k + 1).trim();
          } else if (c === 'm') maxTime = Number(next());
          else if (c === 'w') writeOut = next();
          else if (c === 'V') {
            p.stdout(`curl ${version} (x86_64-pc-linux-musl) libcurl/${version}\n`);
            return 0;
          } else {
            p.stderr(
              `curl: option -${c}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
            );
            return 2;
          }
        }
      } else if (a.startsWith('--')) {
        p.stderr(
          `curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
        );
        return 2;
      } else urls.push(a);
    }
    if (urls.length === 0) {
      p.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n");
      return 2;
    }
    const err = (code: number, msg: string): number => {
      if (!silent || showError) p.stderr(`curl: (${code}) ${msg}\n`);
      return code;
    };
    const v = (s: string) => {
      if (verbose) p.stderr(s + '\n');
    };
    let rc = 0;
    for (const raw of urls) {
      const u = parseURL(raw);
      if (!u) {
        rc = err(3, 'URL rejected: Malformed input to a URL function');
        continue;
      }
      if (u.scheme !== 'http' && u.scheme !== 'https') {
        rc = err(1, `Protocol "${u.scheme}" not supported`);
        continue;
      }
      if (u.scheme === 'https') {
        rc = err(35, 'TLS is not simulated in Breakfix');
        continue;
      }
      const started = p.now();
      const r = resolveHost(p, u.host);
      if ('error' in r) {
        v(`* Could not resolve host: ${u.host}`);
        rc = err(6, `Could not resolve host: ${u.host}`);
        if (r.error === 'not-simulated' && (!silent || showError)) p.stderr(DNS_NOT_SIMULATED + '\n');
        continue;
      }
      const m = method ?? (head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
      v(`*   Trying ${r.ip}:${u.port}...`);
      const reqHeaders: Record<string, string> = {
        Host: u.hostHeader,
        'User-Agent': `curl/${version}`,
        Accept: '*/*',
        ...headers,
      };
      if (data !== undefined) {
        reqHeaders['Content-Length'] = String(data.length);
        reqHeaders['Content-Type'] ??= 'application/x-www-form-urlencoded';
      }
      const timeoutMs =
        maxTime !== undefined
          ? maxTime * 1000
          : connectTimeout !== undefined
            ? connectTimeout * 1000
            : 300_000;
      const res = yield* wait(
        p.http(r.ip, u.port, { method: m, path: u.path, headers: reqHeaders, body: data }, timeoutMs),
      );
      const took = Math.max(0, Math.round(p.now() - started));
      if (!res.ok) {
        const f = curlNetFailure(res.error, u.host, u.port, took, maxTime !== undefined);
        if (res.error === 'refused') {
          const self = p.resolve(p.hostname);
          const src = self.ok ? self.ips[0] : '127.0.0.1';
          v(
            `* connect to ${r.ip} port ${u.port} from ${src} port ${32768 + (Math.floor(p.now()) % 28000)} failed: Connection refused`,
          );
          v(`* ${f.message}`);
          v('* closing connection #0');
        } else if (res.error === 'unreachable') {
          v(`* connect to ${r.ip} port ${u.port} failed: No route to host`);
        } else if (res.error === 'eof') {
          v(`* Connected to ${u.host} (${r.ip}) port ${u.port}`);
          v('* Empty reply from server');
          v('* shutting down connection #0');
        }
        rc = err(f.code, f.message);
        continue;
      }
      const resp = res.response;
      const status = resp.status;
      const body = resp.body ?? '';
      v(`* Connected to ${u.host} (${r.ip}) port ${u.port}`);
      v(`* using HTTP/1.x`);
      v(`> ${m} ${u.path} HTTP/1.1`);
      for (const [k, val] of Object.entries(reqHeaders)) v(`> ${k}: ${val}`);
      v('> ');
      v('* Request completely sent off');
      const statusLine = `HTTP/1.1 ${status} ${statusText(status)}`;
      v(`< ${statusLine}`);
      for (const [k, val] of Object.entries(resp.headers ?? {})) v(`< ${k}: ${val}`);
      v('< ');
      if (fail && status >= 400) {
        v(`* The requested URL returned error: ${status}`);
        v(`* Closing connection`);
        rc = err(22, `The requested URL returned error: ${status}`);
        continue;
      }
      let out = '';
      if (include || head) {
        out += `${statusLine}\r\n`;
        for (const [k, val] of Object.entries(resp.headers ?? {})) out += `${k}: ${val}\r\n`;
        out += '\r\n';
      }
      if (!head) out += body;
      if (output && output !== '-') {
        const e = p.fs.write(output, out, p.cwd);
        if (e) {
          rc = err(23, `Failure writing output to destination, passed ${out.length} returned 0`);
          continue;
        }
      } else p.stdout(out);
      v(`* Connection #0 to host ${u.host} left intact`);
      if (writeOut)
        p.stdout(
          writeOut
            .replace(/%\{http_code\}/g, String(status))
            .replace(/%\{time_total\}/g, (took / 1000).toFixed(6))
            .replace(/\\n/g, '\n'),
        );
    }
    return rc;
  };
}

/** curlimages/curl's /entrypoint.sh: `curl` in front unless the first argument is a command. */
export function curlEntrypoint(): Program {
  return (p: Proc) => {
    let args = p.argv.slice(1);
    const first = args[0];
    const isCommand =
      first !== undefined &&
      !first.startsWith('-') &&
      ['sh', 'ash', 'curl', 'busybox', 'env', 'sleep', 'echo', 'cat', 'ls'].includes(first.split('/').pop()!);
    if (!isCommand) args = ['curl', ...args];
    const e = p.execve(args);
    if (e) {
      p.stderr(`/entrypoint.sh: exec: line 9: ${args[0]}: not found\n`);
      p.exit(127);
    }
  };
}
