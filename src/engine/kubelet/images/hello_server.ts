/**
 * blux2/hello-server, the book's app (aoi1/bbf-kubernetes hello-server/main.go at each tag):
 * a Go net/http server built FROM scratch — a single static binary `/hello`, no shell, so
 * `kubectl exec … -- sh` fails and learners use `kubectl debug`.
 *
 * | tag          | behaviour                                                                  |
 * |--------------|----------------------------------------------------------------------------|
 * | 1.0          | every path → `Hello, world!`; port 8080 fixed                              |
 * | 1.1, 1.3     | do not exist (the pull fails with "not found")                             |
 * | 1.2          | `Hello, world! Let's learn Kubernetes!`                                     |
 * | 1.4          | + `PORT` env (default 8080)                                                 |
 * | 1.5          | body from /etc/config/myconfig.txt (fallback: the 1.2 message)             |
 * | 1.6, 1.8     | `/` only (others 404), `GET /health` → `OK` and logs `Health Status OK`    |
 * | 1.7          | `/` leaks 50 MiB every ~10 ms and never answers; /health still works       |
 * | 2.0          | health path renamed `/healthz`                                             |
 * | 2.0.1        | message `Hello, world! Let's build, break and fix!`                        |
 * | 2.1, 2.3, 2.5| + `/metrics` (Prometheus client)                                           |
 * | 2.4, 2.4.1   | the leak again, with /healthz and /metrics                                 |
 * | 2.1.1, 2.2   | did not compile: never pushed (pull: "not found")                          |
 */
import { dirs, defineImage, PATH_DEFAULT } from './common';
import {
  goDefaultSignals,
  goFormatNoArgs,
  goListenFatal,
  goLog,
  goMetrics,
  goNotFound,
  goResponse,
  urlPath,
} from './golang';
import type { Proc, Program } from '../runtime/process';
import type { ImageEntry } from './types';
import type { HttpExchange } from '../../network/index';

const MiB = 1024 * 1024;
const LEARN = "Hello, world! Let's learn Kubernetes!";

interface Behaviour {
  message: string;
  portEnv: boolean;
  configFile: boolean;
  exactRoot: boolean;
  health?: '/health' | '/healthz';
  metrics: boolean;
  leak: boolean;
  /** log.Println("Starting server on port 8080") (1.0) vs log.Printf("Starting server on port %s\n", port). */
  size: number;
  built: string;
}

const TAGS: Record<string, Behaviour> = {
  '1.0': {
    message: 'Hello, world!',
    portEnv: false,
    configFile: false,
    exactRoot: false,
    metrics: false,
    leak: false,
    size: 3_467_264,
    built: '2023-11-05T09:12:33Z',
  },
  '1.2': {
    message: LEARN,
    portEnv: false,
    configFile: false,
    exactRoot: false,
    metrics: false,
    leak: false,
    size: 3_469_021,
    built: '2023-11-12T04:40:10Z',
  },
  '1.4': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: false,
    metrics: false,
    leak: false,
    size: 3_470_112,
    built: '2023-11-19T06:03:51Z',
  },
  '1.5': {
    message: LEARN,
    portEnv: true,
    configFile: true,
    exactRoot: false,
    metrics: false,
    leak: false,
    size: 3_471_895,
    built: '2023-11-26T02:18:44Z',
  },
  '1.6': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/health',
    metrics: false,
    leak: false,
    size: 3_472_640,
    built: '2023-12-10T11:27:09Z',
  },
  '1.7': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/health',
    metrics: false,
    leak: true,
    size: 3_473_408,
    built: '2023-12-17T08:55:36Z',
  },
  '1.8': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/health',
    metrics: false,
    leak: false,
    size: 3_472_640,
    built: '2023-12-24T03:31:12Z',
  },
  '2.0': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: false,
    leak: false,
    size: 3_472_896,
    built: '2024-01-14T10:02:58Z',
  },
  '2.0.1': {
    message: "Hello, world! Let's build, break and fix!",
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: false,
    leak: false,
    size: 3_473_152,
    built: '2024-03-12T13:45:20Z',
  },
  '2.1': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: true,
    leak: false,
    size: 6_841_357,
    built: '2024-02-04T07:14:39Z',
  },
  '2.3': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: true,
    leak: false,
    size: 6_842_113,
    built: '2024-02-18T09:21:05Z',
  },
  '2.4': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: true,
    leak: true,
    size: 6_842_880,
    built: '2024-02-25T12:36:47Z',
  },
  '2.4.1': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: true,
    leak: true,
    size: 6_842_880,
    built: '2024-03-03T05:09:30Z',
  },
  '2.5': {
    message: LEARN,
    portEnv: true,
    configFile: false,
    exactRoot: true,
    health: '/healthz',
    metrics: true,
    leak: false,
    size: 6_842_113,
    built: '2024-03-20T08:17:54Z',
  },
};

/** Resident memory of the Go binary at rest. */
const baseMemory = (b: Behaviour): number => (b.metrics ? 9.2 : 5.6) * MiB;

/** CPU time to zero-fill one 50 MiB chunk, ms. */
const CHUNK_CPU_MS = 6;
const CHUNK = 50 * MiB;

function helloServer(tag: string, b: Behaviour): Program {
  return (p: Proc) => {
    goDefaultSignals(p);
    p.setMemory(baseMemory(b));
    const port = b.portEnv ? p.env.PORT || '8080' : '8080';
    if (tag === '1.0') goLog(p, 'Starting server on port 8080');
    else goLog(p, `Starting server on port ${port}`);
    let scrapes = 0;
    let leaked = 0;

    const leakLoop = (ex: HttpExchange) => {
      // for { newData := make([]byte, 50<<20); zero-fill; append; time.Sleep(10ms) } — the
      // handler never writes a response; the loop goes on even after the client gave up.
      void ex;
      const step = () => {
        if (p.exited) return;
        leaked += CHUNK;
        p.setMemory(baseMemory(b) + leaked);
        if (p.exited) return;
        const wall = Math.max(p.spend(CHUNK_CPU_MS), CHUNK_CPU_MS);
        p.setTimeout(step, wall + 10);
      };
      step();
    };

    // the health answer is the same object within a second (probes hit it all the time)
    let okAt = -1;
    let okResponse = goResponse(p, 200, 'OK');
    const handler = (ex: HttpExchange) => {
      const path = urlPath(ex);
      const delay = p.spend(0.05);
      if (b.health && path === b.health) {
        const sec = Math.floor(p.now() / 1000);
        if (sec !== okAt) {
          okAt = sec;
          okResponse = goResponse(p, 200, 'OK');
        }
        ex.respond(okResponse, delay);
        goLog(p, 'Health Status OK');
        return;
      }
      if (b.metrics && path === '/metrics') {
        scrapes++;
        ex.respond(
          goResponse(p, 200, goMetrics(p, scrapes), 'text/plain; version=0.0.4; charset=utf-8'),
          p.spend(0.6),
        );
        return;
      }
      if (b.exactRoot && path !== '/') {
        ex.respond(goNotFound(p), delay);
        return;
      }
      if (b.leak) {
        leakLoop(ex);
        return;
      }
      let message = b.message;
      if (b.configFile) {
        const data = p.fs.read('/etc/config/myconfig.txt');
        if (typeof data === 'string') message = goFormatNoArgs(data);
      }
      ex.respond(goResponse(p, 200, message), delay);
    };
    if (p.listen(Number(port), handler) === 'EADDRINUSE') goListenFatal(p, port);
  };
}

export function helloServerImages(): ImageEntry[] {
  return Object.entries(TAGS).map(([tag, b]) =>
    defineImage({
      repo: 'docker.io/blux2/hello-server',
      tag,
      size: b.size,
      created: b.built,
      config: { cmd: ['/hello'], env: [PATH_DEFAULT], exposedPorts: ['8080/tcp'] },
      files: () => ({
        ...dirs('/dev', '/proc', '/sys', '/etc'),
        '/hello': { program: 'hello', size: b.size * 2 },
      }),
      programs: { hello: helloServer(tag, b) },
    }),
  );
}

/** blux2/delayfailserver:1.1 (chapter 7): healthy for about 10 s, then `/healthz` answers 503. */
export function delayFailServerImages(): ImageEntry[] {
  const program: Program = (p) => {
    goDefaultSignals(p);
    p.setMemory(5.4 * MiB);
    const started = p.now();
    goLog(p, 'Starting server...');
    const handler = (ex: HttpExchange) => {
      const path = urlPath(ex);
      if (path !== '/healthz') return ex.respond(goNotFound(p), p.spend(0.05));
      if (p.now() - started < 10_000) {
        goLog(p, 'Health Check: OK');
        ex.respond(goResponse(p, 200, 'OK'), p.spend(0.05));
      } else {
        goLog(p, 'Error: Service Unhealthy');
        ex.respond(goResponse(p, 503, 'Service Unhealthy'), p.spend(0.05));
      }
    };
    if (p.listen(8080, handler) === 'EADDRINUSE') goListenFatal(p, '8080');
  };
  return [
    defineImage({
      repo: 'docker.io/blux2/delayfailserver',
      tag: '1.1',
      size: 3_384_871,
      created: '2023-12-03T07:41:29Z',
      config: { cmd: ['/delayfailserver'], env: [PATH_DEFAULT], exposedPorts: ['8080/tcp'] },
      files: () => ({
        ...dirs('/dev', '/proc', '/sys', '/etc'),
        '/delayfailserver': { program: 'delayfailserver', size: 6_912_000 },
      }),
      programs: { delayfailserver: program },
    }),
  ];
}
