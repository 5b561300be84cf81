/**
 * Shared by the lesson tests: read lesson folders from disk, and a LessonHost over the headless
 * CLI session (the same shell, kubectl and cluster a transcript uses).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { HostNetwork } from '../../src/api/hostnet';
import { CliSession, type CliOptions } from '../../src/cli/transcript';
import { PRESETS } from '../../src/engine/index';
import type { HttpProbe } from '../../src/lessons/checks/index';
import { hostHttpProbe, podHttpProbe, type PodHttpCall } from '../../src/lessons/hostnet';
import type { LessonFiles } from '../../src/lessons/loader';
import type { LessonHost } from '../../src/lessons/runtime';
import type { Capability, PresetName } from '../../src/lessons/types';
import type { Session } from '../../src/session/session';

export const lessonsRoot = join(__dirname, '..', '..', 'lessons');

/** Lesson folder names (every directory of lessons/). */
export function lessonIds(): string[] {
  return readdirSync(lessonsRoot)
    .filter((name) => statSync(join(lessonsRoot, name)).isDirectory())
    .sort();
}

/** All files of a lesson folder by relative path. */
export function readLessonFiles(id: string): LessonFiles {
  const root = join(lessonsRoot, id);
  const files: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(root, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(root);
  return files;
}

export function cliPreset(name: PresetName): CliOptions['preset'] {
  if (name === 'kind') return 'kind';
  if (name === 'kind-multinode') return 'multinode';
  const make = PRESETS[name];
  if (!make) throw new Error(`unknown preset ${name}`);
  return make();
}

/**
 * A LessonHost over a CliSession. `run` is the hidden shell (the runtime's own commands);
 * `learner` runs a line as the learner would and records it with the runtime.
 */
export class CliLessonHost implements LessonHost {
  readonly cli: CliSession;
  /** Everything the shell printed, in order. */
  transcript = '';
  has?: (c: Capability) => boolean;
  /** Requests from the learner's machine (`curl localhost:30599`) and from inside pods. */
  readonly http: HttpProbe;

  constructor(preset: PresetName, seed = 1) {
    this.cli = new CliSession({ seed, preset: cliPreset(preset) }, (s) => void (this.transcript += s));
    this.http = hostHttpProbe(drivenHostNetwork(this.cli.session), {
      fromPod: podHttpProbe(drivenPodHttp(this.cli.session)),
    });
  }

  get client(): LessonHost['client'] {
    return this.cli.session.cluster.client;
  }

  now(): number {
    return this.cli.session.cluster.now();
  }

  writeFile(path: string, content: string): void {
    this.cli.session.fs.writeFile(path, content);
  }

  async run(text: string): Promise<{ status: number; output: string }> {
    const start = this.transcript.length;
    this.transcript += `# (lesson) $ ${text}\n`;
    const status = await this.cli.run(text);
    return { status, output: this.transcript.slice(start) };
  }

  /** Run a line as the learner, echoing it like a transcript. */
  async learner(text: string): Promise<number> {
    this.transcript += `$ ${text}\n`;
    return this.cli.run(text);
  }

  /** Let simulated time pass (the learner reads, the cluster works). */
  advance(ms: number): void {
    this.cli.session.cluster.advance(ms);
  }
}

/**
 * Wait for a request that settles in simulated time, moving the clock along (at most to
 * `timeoutMs` + 1 s from now) while it is in flight.
 */
async function driven<T>(session: Session, timeoutMs: number, start: () => Promise<T>): Promise<T> {
  let done = false;
  const answer = start().finally(() => {
    done = true;
  });
  const limit = session.cluster.now() + timeoutMs + 1000;
  while (!done) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!done && !session.cluster.clock.step(limit)) break;
  }
  return answer;
}

/** The cluster's requests from inside pods, with simulated time moved along while in flight. */
export function drivenPodHttp(session: Session): Parameters<typeof podHttpProbe>[0] {
  return { podHttp: (req: PodHttpCall) => driven(session, req.timeoutMs, () => session.cluster.podHttp(req)) };
}

/**
 * The session's host network, with simulated time moved along while a request is in flight (the
 * browser's clock runs by itself; here nobody else would move it).
 */
export function drivenHostNetwork(session: Session): HostNetwork {
  const net = session.host;
  return {
    listen: (...args) => net.listen(...args),
    listeners: () => net.listeners(),
    request: async (host, port, req, opts) => {
      let done = false;
      const answer = net.request(host, port, req, opts).finally(() => {
        done = true;
      });
      const limit = session.cluster.now() + opts.timeoutMs + 1000;
      while (!done) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (!done && !session.cluster.clock.step(limit)) break;
      }
      return answer;
    },
  };
}
