/**
 * A session: one simulated cluster, the learner's files, and the shells of the terminal tabs.
 * Both hosts use it — the browser's worker and the Node CLI — and differ only in how they move
 * simulated time (see the drivers: the CLI jumps, the browser follows wall time × speed).
 *
 * `sleep` is a timer on the cluster's own clock, so a command waiting for 30 simulated seconds
 * wakes up in exact order with everything else the cluster does in those 30 seconds.
 */
import type { Editor } from '../api/io';
import { createCluster, type Cluster, type ClusterOptions } from '../engine/index';
import { defaultKubeconfig } from '../kubectl/kubeconfig';
import { createShell, MemoryFS, type Shell } from '../shell/index';
import { LocalHostNetwork } from './hostnet';

export interface SessionOptions extends ClusterOptions {
  editor?: Editor;
  tty?: boolean;
}

export class Session {
  readonly cluster: Cluster;
  readonly fs: MemoryFS;
  /** The learner's machine's loopback network: port-forwards and Docker's published ports. */
  readonly host = new LocalHostNetwork();
  /** Sleeps with a deadline, and sleeps that only a signal can end (`kubectl get -w`). */
  private finiteSleepers = 0;
  private openEndedSleepers = 0;
  editor: Editor;
  readonly tty: boolean;

  constructor(options: SessionOptions = {}) {
    this.cluster = createCluster(options);
    this.fs = new MemoryFS('/root');
    this.fs.writeFile('/root/.kube/config', defaultKubeconfig(this.cluster.preset.name));
    // kind's extraPortMappings: docker-proxy listens on the host and forwards to the node
    for (const p of this.cluster.publishedPorts ?? [])
      this.host.listen(p.listenAddress, p.hostPort, `docker-proxy (${p.node}:${p.containerPort})`, (req, o) =>
        p.forward(req, o.timeoutMs),
      );
    this.editor = options.editor ?? {
      edit: async () => {
        throw new Error('no editor is attached to this session');
      },
    };
    this.tty = options.tty ?? false;
  }

  newShell(env: Record<string, string> = {}, clearScreen?: () => void): Shell {
    return createShell(
      {
        client: this.cluster.client,
        fs: this.fs,
        editor: { edit: (name, content, signal, env) => this.editor.edit(name, content, signal, env) },
        now: () => this.cluster.now(),
        sleep: (ms, signal) => this.sleep(ms, signal),
        tty: this.tty,
        clearScreen,
        host: this.host,
      },
      { env: { KUBECONFIG: '/root/.kube/config', ...env } },
    );
  }

  /** Wait `ms` of simulated time, or until `signal` aborts. `Infinity` waits for the signal only. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const finite = Number.isFinite(ms);
      if (finite) this.finiteSleepers++;
      else this.openEndedSleepers++;
      let done = false;
      const finish = () => {
        if (done) return;
        done = true;
        if (finite) this.finiteSleepers--;
        else this.openEndedSleepers--;
        if (timer !== undefined) this.cluster.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const timer = finite ? this.cluster.clock.setTimeout(finish, Math.max(0, ms), 'sleep') : undefined;
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  /** What the shells are waiting for right now (the drivers decide how to move time from this). */
  waiting(): { finite: number; openEnded: number } {
    return { finite: this.finiteSleepers, openEnded: this.openEndedSleepers };
  }
}
