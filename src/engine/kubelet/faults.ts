/**
 * Faults a lesson, the UI or a learner can inject into the nodes. Each acts on the simulated
 * machine, below the API — what a crashing program, a failing health endpoint or a dying kubelet
 * process would do — and the cluster reacts as Kubernetes does (restarts, back-offs, events).
 * Every function throws an Error with a clear message when its target does not exist.
 */
import { parseQuantityOrUndefined } from '../../apimachinery/quantity';
import type { ClusterFaults } from '../types';
import type { KubeletSet } from './index';
import type { Kubelet } from './kubelet';
import type { PodRecord } from './pod_record';
import { SIGNALS } from './runtime/process';
import type { Container } from './runtime/containerd';

export class Faults implements ClusterFaults {
  constructor(
    private readonly set: KubeletSet,
    private readonly settle: () => void,
  ) {}

  private find(
    namespace: string,
    pod: string,
    container?: string,
  ): { kubelet: Kubelet; rec: PodRecord; c: Container } {
    for (const kubelet of this.set.kubelets.values()) {
      const rec = kubelet.recordFor(namespace, pod);
      if (!rec) continue;
      const name = container ?? rec.pod.spec?.containers?.[0]?.name ?? '';
      const c = kubelet.containerOf(rec, name);
      if (!c) throw new Error(`container "${name}" of pod ${namespace}/${pod} has not been created`);
      return { kubelet, rec, c };
    }
    throw new Error(`pod ${namespace}/${pod} is not running on any node`);
  }

  private running(
    namespace: string,
    pod: string,
    container?: string,
  ): { kubelet: Kubelet; rec: PodRecord; c: Container } {
    const r = this.find(namespace, pod, container);
    if (r.c.state !== 'running')
      throw new Error(`container "${r.c.name}" of pod ${namespace}/${pod} is not running`);
    return r;
  }

  killContainer(
    namespace: string,
    pod: string,
    container?: string,
    signal: 'SIGKILL' | 'SIGTERM' | 'SIGINT' | 'SIGQUIT' = 'SIGKILL',
  ): void {
    const { kubelet, c } = this.running(namespace, pod, container);
    if (signal === 'SIGKILL') kubelet.runtime.killContainer(c, 137);
    else kubelet.runtime.signalContainer(c, SIGNALS[signal]);
    this.settle();
  }

  crashProcess(namespace: string, pod: string, container?: string, exitCode = 1): void {
    const { c } = this.running(namespace, pod, container);
    c.init?.exit(exitCode);
    this.settle();
  }

  failProbe(
    namespace: string,
    pod: string,
    container: string,
    probe: 'liveness' | 'readiness' | 'startup',
    message?: string,
  ): void {
    const { kubelet, rec, c } = this.find(namespace, pod, container);
    const spec = [...(rec.pod.spec?.containers ?? []), ...(rec.pod.spec?.initContainers ?? [])].find(
      (x) => x.name === c.name,
    );
    const p =
      probe === 'liveness'
        ? spec?.livenessProbe
        : probe === 'readiness'
          ? spec?.readinessProbe
          : spec?.startupProbe;
    if (!p) throw new Error(`container "${c.name}" of pod ${namespace}/${pod} has no ${probe} probe`);
    const port = p.httpGet?.port ?? p.tcpSocket?.port;
    const ip = rec.sandbox?.ip ?? '';
    const text =
      message ??
      (p.httpGet
        ? 'HTTP probe failed with statuscode: 500'
        : p.tcpSocket
          ? `dial tcp ${ip}:${port}: connect: connection refused`
          : 'probe failed (injected fault)');
    kubelet.faults.probeFailures.set(`${rec.uid}/${c.name}/${probe}`, text);
    this.settle();
  }

  clearProbeFailure(
    namespace: string,
    pod: string,
    container: string,
    probe: 'liveness' | 'readiness' | 'startup',
  ): void {
    const { kubelet, rec } = this.find(namespace, pod, container);
    kubelet.faults.probeFailures.delete(`${rec.uid}/${container}/${probe}`);
    this.settle();
  }

  fillMemory(namespace: string, pod: string, container: string | undefined, amount: number | string): void {
    const { c } = this.running(namespace, pod, container);
    const bytes = typeof amount === 'number' ? amount : (parseQuantityOrUndefined(amount)?.value() ?? NaN);
    if (!Number.isFinite(bytes) || bytes <= 0) throw new Error(`invalid amount of memory: ${amount}`);
    const init = c.init;
    if (!init) throw new Error(`container "${c.name}" has no process`);
    // the main process leaks: its resident memory grows
    init.setMemory(init.memory + bytes);
    this.settle();
  }

  stopKubelet(node: string): void {
    const k = this.set.get(node);
    if (!k) throw new Error(`node "${node}" not found`);
    k.stop();
    this.settle();
  }

  startKubelet(node: string): void {
    const k = this.set.get(node);
    if (!k) throw new Error(`node "${node}" not found`);
    k.start();
    this.settle();
  }

  kubeletRunning(node: string): boolean {
    const k = this.set.get(node);
    if (!k) throw new Error(`node "${node}" not found`);
    return k.running;
  }
}
