/**
 * A terminal over a simulated cluster for the workload verbs: kubectl runs against the real API
 * server, controllers and scheduler, a fake kubelet (tests/unit/engine/controllers/replicaset)
 * makes pods Running and Ready, and `sleep` moves the simulated clock timer by timer as the CLI
 * driver does.
 */
import type { CommandContext } from '../../../../src/api/io';
import type { createClusterInternals, ClusterInternals } from '../../../../src/engine/cluster';
import { runKubectl } from '../../../../src/kubectl/index';
import { defaultKubeconfig } from '../../../../src/kubectl/kubeconfig';
import { MemoryFS } from '../../../../src/shell/fs';
import { FakeKubelet, type FakeKubeletOptions } from '../../engine/controllers/replicaset/fake-kubelet';
import { testCluster, type TestCluster } from '../../engine/controllers/helpers';

export interface Result {
  out: string;
  err: string;
  code: number;
}

export class Terminal {
  readonly c: TestCluster;
  readonly fs = new MemoryFS('/root');
  readonly kubelet: FakeKubelet;
  private sleepers = 0;

  constructor(kubelet: FakeKubeletOptions = {}, opts: Parameters<typeof createClusterInternals>[0] = {}) {
    this.c = testCluster(opts);
    this.kubelet = new FakeKubelet(this.c, kubelet);
    this.fs.writeFile('/root/.kube/config', defaultKubeconfig(this.c.cluster.preset.name));
  }

  get internals(): ClusterInternals {
    return this.c;
  }

  private sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      this.sleepers++;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.sleepers--;
        this.c.clock.clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        resolve();
      };
      const timer = this.c.clock.setTimeout(finish, Math.max(0, ms), 'sleep');
      signal?.addEventListener('abort', finish, { once: true });
    });
  }

  /** Run `kubectl <args>`, moving simulated time while it sleeps. */
  async kubectl(...args: string[]): Promise<Result> {
    let out = '';
    let err = '';
    const ac = new AbortController();
    const ctx: CommandContext = {
      client: this.c.cluster.client,
      args,
      stdin: '',
      stdout: (t) => void (out += t),
      stderr: (t) => void (err += t),
      fs: this.fs,
      env: { KUBECONFIG: '/root/.kube/config', HOME: '/root' },
      now: () => this.c.clock.now(),
      sleep: (ms, signal) => this.sleep(ms, signal),
      signal: ac.signal,
      editor: { edit: async () => null },
      tty: false,
    };
    let settled = false;
    const work = runKubectl(ctx).finally(() => (settled = true));
    const limit = this.c.clock.now() + 24 * 3600_000;
    while (!settled) {
      await new Promise((r) => setImmediate(r));
      if (settled) break;
      if (this.sleepers > 0 && !this.c.clock.step(limit)) ac.abort();
    }
    const code = await work;
    return { out, err, code };
  }

  /** Let simulated time pass (`sleep N` in a transcript). */
  advance(ms: number): void {
    this.c.cluster.advance(ms);
  }
}
