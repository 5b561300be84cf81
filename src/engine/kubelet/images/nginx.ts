/**
 * nginx (docker.io/library/nginx, Debian based): `/docker-entrypoint.sh` prints its configuration
 * steps and `exec`s `nginx -g 'daemon off;'`; the master forks one worker per CPU; files are
 * served from /usr/share/nginx/html (a ConfigMap mounted there shows through); access log lines
 * go to stdout and notices to stderr in nginx's formats; STOPSIGNAL is SIGQUIT, a graceful
 * shutdown that exits 0. The image has bash and dash but no ps, curl or wget.
 *
 * Configuration: only `listen` and `root` are read from /etc/nginx/conf.d/default.conf (enough
 * for a ConfigMap that moves nginx to another port); the rest of nginx.conf is not simulated.
 */
import type { HttpExchange } from '../../network/index';
import { SIGNALS, type Proc, type Program } from '../runtime/process';
import { makeApplets } from './applets';
import { DEBIAN_TOOLS, debianRoot, defineImage, PATH_DEFAULT } from './common';
import { httpDate } from './httpclient';
import { shellProgram } from '../sh/interpreter';
import type { ImageEntry } from './types';

const MiB = 1024 * 1024;

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

const DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }
}
`;

interface NginxVersion {
  version: string;
  tag: string;
  gcc: string;
  os: string;
  size: number;
  localResolvers: boolean;
  njs: string;
  pkgRelease: string;
  built: string;
}

const VERSIONS: NginxVersion[] = [
  {
    version: '1.24.0',
    tag: '1.24.0',
    gcc: 'gcc 10.2.1 20210110 (Debian 10.2.1-6)',
    os: 'bullseye',
    size: 56_734_128,
    localResolvers: false,
    njs: '0.7.12',
    pkgRelease: '1~bullseye',
    built: '2023-04-12T01:17:02Z',
  },
  {
    version: '1.25.3',
    tag: '1.25.3',
    gcc: 'gcc 12.2.0 (Debian 12.2.0-14) ',
    os: 'bookworm',
    size: 70_520_156,
    localResolvers: true,
    njs: '0.8.2',
    pkgRelease: '1~bookworm',
    built: '2023-10-24T13:46:00Z',
  },
  {
    version: '1.27.4',
    tag: 'latest',
    gcc: 'gcc 12.2.0 (Debian 12.2.0-14) ',
    os: 'bookworm',
    size: 72_195_292,
    localResolvers: true,
    njs: '0.8.9',
    pkgRelease: '1~bookworm',
    built: '2025-02-05T21:27:16Z',
  },
];

let lastNginxSecond = NaN;
let lastNginxTime = '';

/** nginx's error log time: `2026/01/01 00:02:05`. */
function nginxTime(ms: number): string {
  // Every nginx of a rollout logs in the same few seconds: remember the last one formatted.
  const second = Math.floor(ms / 1000);
  if (second !== lastNginxSecond) {
    lastNginxTime = new Date(second * 1000).toISOString().replace(/-/g, '/').replace('T', ' ').slice(0, 19);
    lastNginxSecond = second;
  }
  return lastNginxTime;
}

/** Access log time: `01/Jan/2026:00:02:05 +0000`. */
function accessTime(ms: number): string {
  const d = new Date(ms);
  const mon = d.toUTCString().slice(8, 11);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${mon}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

function errorPage(status: number, text: string, version: string): string {
  return `<html>\r\n<head><title>${status} ${text}</title></head>\r\n<body>\r\n<center><h1>${status} ${text}</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
}

function entrypoint(v: NginxVersion): Program {
  return (p: Proc) => {
    const cmd = p.argv.slice(1);
    if (cmd.length === 0) {
      p.exit(0);
      return;
    }
    if (cmd[0] === 'nginx' || cmd[0] === 'nginx-debug') {
      const o = (s: string) => p.stdout(s + '\n');
      o('/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration');
      o('/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/');
      o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh');
      o('10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf');
      o('10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf');
      if (v.localResolvers)
        o('/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh');
      o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh');
      o('/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh');
      o('/docker-entrypoint.sh: Configuration complete; ready for start up');
      // the scripts above ran as child processes: the workers get PIDs from 29 on
      (p as unknown as { ctx: { pids: { skip(n: number): void } } }).ctx.pids.skip(27);
    }
    const err = p.execve(cmd);
    if (err) {
      p.stderr(`/docker-entrypoint.sh: exec: line 47: ${cmd[0]}: not found\n`);
      p.exit(127);
    }
  };
}

function nginx(v: NginxVersion): Program {
  return (p: Proc) => {
    const args = p.argv.slice(1);
    if (args.includes('-v') || args.includes('-V')) {
      p.stderr(`nginx version: nginx/${v.version}\n`);
      p.exit(0);
      return;
    }
    if (args.includes('-t')) {
      p.stderr(
        'nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\nnginx: configuration file /etc/nginx/nginx.conf test is successful\n',
      );
      p.exit(0);
      return;
    }
    if (args[0] === '-s') {
      p.stderr(`nginx: [notice] signal process started\n`);
      p.exit(0);
      return;
    }
    const notice = (pid: number, msg: string) =>
      p.stderr(`${nginxTime(p.now())} [notice] ${pid}#${pid}: ${msg}\n`);
    const conf = p.fs.read('/etc/nginx/conf.d/default.conf');
    const confText = typeof conf === 'string' ? conf : '';
    const port = Number(/^\s*listen\s+(\d+)\s*;/m.exec(confText)?.[1] ?? '80');
    const root = /root\s+([^;\s]+)\s*;/.exec(confText)?.[1] ?? '/usr/share/nginx/html';

    p.setTitle(`nginx: master process ${p.argv.join(' ')}`);
    p.setMemory(2.9 * MiB);
    const bind = p.listen(port, (ex) => serve(ex));
    if (bind === 'EADDRINUSE') {
      p.stderr(
        `${nginxTime(p.now())} [emerg] 1#1: bind() to 0.0.0.0:${port} failed (98: Address already in use)\nnginx: [emerg] bind() to 0.0.0.0:${port} failed (98: Address already in use)\n`,
      );
      p.exit(1);
      return;
    }
    notice(p.pid, 'using the "epoll" event method');
    notice(p.pid, `nginx/${v.version}`);
    notice(p.pid, `built by ${v.gcc}`);
    notice(p.pid, 'OS: Linux 6.10.14-linuxkit');
    notice(p.pid, 'getrlimit(RLIMIT_NOFILE): 1048576:1048576');
    notice(p.pid, 'start worker processes');
    const workers: {
      pid: number;
      kill(sig: number): void;
      exited: { subscribe(cb: (c: number) => void): () => void };
    }[] = [];
    for (let i = 0; i < 8; i++) {
      const w = p.fork(p.argv as string[], workerProgram(v));
      notice(p.pid, `start worker process ${w.pid}`);
      workers.push(w);
    }

    const serve = (ex: HttpExchange) => {
      const path = decodeURIComponent(ex.request.path.split('?')[0]!);
      const ua = ex.request.headers['User-Agent'] ?? '-';
      const remote = ex.request.remoteAddr.split(':')[0];
      const headers = (ct: string, len: number): Record<string, string> => ({
        Server: `nginx/${v.version}`,
        Date: httpDate(p.now()),
        'Content-Type': ct,
        'Content-Length': String(len),
        Connection: 'keep-alive',
      });
      const target = path.endsWith('/') ? `${root}${path}index.html` : `${root}${path}`;
      let status = 200;
      let body = typeof p.fs.read(target) === 'string' ? (p.fs.read(target) as string) : undefined;
      if (body === undefined) {
        const st = p.fs.stat(`${root}${path}`);
        if (typeof st !== 'string' && st.kind === 'dir' && !path.endsWith('/')) {
          status = 301;
          body = errorPage(301, 'Moved Permanently', v.version);
        } else if (typeof st !== 'string' && st.kind === 'dir') {
          status = 403;
          body = errorPage(403, 'Forbidden', v.version);
          p.stderr(
            `${nginxTime(p.now())} [error] 29#29: *1 directory index of "${root}${path}" is forbidden, client: ${remote}, server: localhost, request: "${ex.request.method} ${ex.request.path} HTTP/1.1", host: "${ex.request.headers.Host ?? ''}"\n`,
          );
        } else {
          status = 404;
          body = errorPage(404, 'Not Found', v.version);
          p.stderr(
            `${nginxTime(p.now())} [error] 29#29: *1 open() "${target}" failed (2: No such file or directory), client: ${remote}, server: localhost, request: "${ex.request.method} ${ex.request.path} HTTP/1.1", host: "${ex.request.headers.Host ?? ''}"\n`,
          );
        }
      }
      const ct =
        status === 200 && !target.endsWith('.html') && !target.endsWith('.htm')
          ? 'application/octet-stream'
          : 'text/html';
      const sendBody = ex.request.method === 'HEAD' ? '' : body;
      ex.respond({ status, headers: headers(ct, body.length), body: sendBody }, p.spend(0.04));
      p.stdout(
        `${remote} - - [${accessTime(p.now())}] "${ex.request.method} ${ex.request.path} HTTP/1.1" ${status} ${body.length} "-" "${ua}" "-"\n`,
      );
    };

    p.onSignal((sig) => {
      if (sig === SIGNALS.SIGQUIT) {
        notice(p.pid, 'signal 3 (SIGQUIT) received, shutting down');
        for (const w of workers) w.kill(SIGNALS.SIGQUIT);
      } else if (sig === SIGNALS.SIGTERM || sig === SIGNALS.SIGINT) {
        notice(p.pid, `signal ${sig} (${sig === SIGNALS.SIGTERM ? 'SIGTERM' : 'SIGINT'}) received, exiting`);
        for (const w of workers) w.kill(SIGNALS.SIGTERM);
      } else if (sig === SIGNALS.SIGHUP) {
        notice(p.pid, 'signal 1 (SIGHUP) received from 1, reconfiguring');
        return;
      } else return;
      let left = workers.length;
      for (const w of workers) {
        w.exited.subscribe((code) => {
          if (p.exited) return;
          notice(p.pid, `signal 17 (SIGCHLD) received from ${w.pid}`);
          notice(p.pid, `worker process ${w.pid} exited with code ${code}`);
          if (--left === 0) {
            notice(p.pid, 'exit');
            p.exit(0);
          }
        });
      }
    });
  };
}

function workerProgram(v: NginxVersion): Program {
  void v;
  return (p: Proc) => {
    p.setTitle('nginx: worker process');
    p.setMemory(1.2 * MiB);
    p.onSignal((sig) => {
      const n = (msg: string) => p.stderr(`${nginxTime(p.now())} [notice] ${p.pid}#${p.pid}: ${msg}\n`);
      if (sig === SIGNALS.SIGQUIT) {
        n('gracefully shutting down');
        n('exiting');
        n('exit');
        p.exit(0);
      } else if (sig === SIGNALS.SIGTERM || sig === SIGNALS.SIGINT) {
        n('exiting');
        n('exit');
        p.exit(0);
      }
    });
  };
}

export function nginxImages(): ImageEntry[] {
  const bash = shellProgram('bash');
  const dash = shellProgram('dash');
  return VERSIONS.map((v) => {
    const gnu = makeApplets('gnu');
    const programs: Record<string, Program> = {
      bash,
      dash,
      'docker-entrypoint.sh': entrypoint(v),
      nginx: nginx(v),
    };
    for (const t of DEBIAN_TOOLS) programs[`gnu:${t}`] = gnu[t]!;
    return defineImage({
      repo: 'docker.io/library/nginx',
      tag: v.tag,
      size: v.size,
      created: v.built,
      config: {
        entrypoint: ['/docker-entrypoint.sh'],
        cmd: ['nginx', '-g', 'daemon off;'],
        env: [
          PATH_DEFAULT,
          `NGINX_VERSION=${v.version}`,
          `NJS_VERSION=${v.njs}`,
          `PKG_RELEASE=${v.pkgRelease}`,
        ],
        stopSignal: 'SIGQUIT',
        exposedPorts: ['80/tcp'],
      },
      files: () => ({
        ...debianRoot(
          `PRETTY_NAME="Debian GNU/Linux ${v.os === 'bookworm' ? '12 (bookworm)' : '11 (bullseye)'}"\nNAME="Debian GNU/Linux"\nVERSION_ID="${v.os === 'bookworm' ? '12' : '11'}"\nVERSION="${v.os === 'bookworm' ? '12 (bookworm)' : '11 (bullseye)'}"\nVERSION_CODENAME=${v.os}\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`,
          DEBIAN_TOOLS,
        ),
        '/docker-entrypoint.sh': { program: 'docker-entrypoint.sh', size: 1620, mode: 0o775 },
        '/docker-entrypoint.d/10-listen-on-ipv6-by-default.sh': { data: '#!/bin/sh\n', mode: 0o775 },
        '/docker-entrypoint.d/20-envsubst-on-templates.sh': { data: '#!/bin/sh\n', mode: 0o775 },
        '/docker-entrypoint.d/30-tune-worker-processes.sh': { data: '#!/bin/sh\n', mode: 0o775 },
        '/usr/sbin/nginx': { program: 'nginx', size: 1_453_616 },
        '/usr/sbin/nginx-debug': { program: 'nginx', size: 1_523_520 },
        '/etc/nginx/nginx.conf':
          'user  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        /var/run/nginx.pid;\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  \'$remote_addr - $remote_user [$time_local] "$request" \'\n                      \'$status $body_bytes_sent "$http_referer" \'\n                      \'"$http_user_agent" "$http_x_forwarded_for"\';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n',
        '/etc/nginx/conf.d/default.conf': DEFAULT_CONF,
        '/etc/nginx/mime.types':
          'types {\n    text/html                                        html htm shtml;\n}\n',
        '/usr/share/nginx/html/index.html': NGINX_WELCOME,
        '/usr/share/nginx/html/50x.html':
          '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n</head>\n<body>\n<h1>An error occurred.</h1>\n</body>\n</html>\n',
        '/var/log/nginx/access.log': { link: '/dev/stdout' },
        '/var/log/nginx/error.log': { link: '/dev/stderr' },
        '/var/cache/nginx': { dir: true },
      }),
      programs,
    });
  });
}
