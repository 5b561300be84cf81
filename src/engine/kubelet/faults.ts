/**
 * Faults a lesson, the UI or a learner can inject into the nodes. Each acts on the simulated
 * machine, below the API — what a crashing program, a failing health endpoint or a dying kubelet
 * process would do — and the cluster reacts as Kubernetes does (restarts, back-offs, events).
 * Every function throws an Error with a clear message when its target does not exist.
 */
import type { ApiResponse } from '../../api/client';
import { parseQuantityOrUndefined } from '../../apimachinery/quantity';
import type { ApiServer } from '../api/server';
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

  /**
   * The node goes down (power cut, `docker stop` of a kind node): the kubelet stops and every
   * container on it dies with it. Unlike {@link stopKubelet}, where the containers keep serving,
   * nothing answers on the node's pod IPs any more. Either way the API only notices the silence.
   */
  stopNode(node: string): void {
    const k = this.set.get(node);
    if (!k) throw new Error(`node "${node}" not found`);
    k.stop();
    for (const c of [...k.runtime.containers.values()]) k.runtime.killContainer(c, 137);
    this.settle();
  }

  /**
   * The node boots again: the kubelet starts, finds its containers exited and starts them again
   * as their pods' restartPolicy says (RESTARTS goes up by one), as after a reboot.
   */
  startNode(node: string): void {
    this.startKubelet(node);
  }

  kubeletRunning(node: string): boolean {
    const k = this.set.get(node);
    if (!k) throw new Error(`node "${node}" not found`);
    return k.running;
  }
}

// ---- the Breakfix API for faults -----------------------------------------------------------------

/** apiVersion of the fault requests (a Breakfix extension, not a Kubernetes API). */
export const FAULTS_API_VERSION = 'breakfix.dev/v1alpha1';
export const FAULTS_SUBRESOURCE = 'faults';

/** `POST /api/v1/namespaces/NS/pods/NAME/faults`. */
export interface PodFaultRequest {
  action: 'kill-container' | 'crash' | 'fail-probe' | 'clear-probe' | 'fill-memory';
  container?: string;
  signal?: 'SIGKILL' | 'SIGTERM' | 'SIGINT' | 'SIGQUIT';
  exitCode?: number;
  probe?: 'liveness' | 'readiness' | 'startup';
  amount?: string;
}

/** `POST /api/v1/nodes/NAME/faults`. */
export interface NodeFaultRequest {
  action: 'stop-kubelet' | 'start-kubelet' | 'stop-node' | 'start-node';
}

const fail = (code: number, reason: string, message: string): ApiResponse => ({
  status: code,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code },
  contentType: 'application/json',
});

const ok = (message: string): ApiResponse => ({
  status: 200,
  body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', message, code: 200 },
  contentType: 'application/json',
});

/**
 * The faults as two Breakfix subresources, so that the terminal's `breakfix fault` command and
 * lessons reach them through the API client like every other command (they live below the API:
 * the API server only forwards the request to the node, as it does for exec and log).
 */
export function registerFaultSubresources(
  server: ApiServer,
  faults: Faults,
  podExists: (ns: string, name: string) => boolean,
  nodeExists: (name: string) => boolean,
): void {
  const info = { kind: 'Status', group: 'breakfix.dev', version: 'v1alpha1', verbs: ['create'] };
  server.registerSubresource(
    'pods',
    FAULTS_SUBRESOURCE,
    (req) => {
      if (req.request.method !== 'POST')
        return fail(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      const ns = req.namespace ?? 'default';
      if (!podExists(ns, req.name)) return fail(404, 'NotFound', `pods "${req.name}" not found`);
      const b = (req.request.body ?? {}) as Partial<PodFaultRequest>;
      try {
        switch (b.action) {
          case 'kill-container':
            faults.killContainer(ns, req.name, b.container, b.signal ?? 'SIGKILL');
            return ok(
              `pod/${req.name}: container ${b.container ?? '(default)'} killed (${b.signal ?? 'SIGKILL'})`,
            );
          case 'crash':
            faults.crashProcess(ns, req.name, b.container, b.exitCode ?? 1);
            return ok(
              `pod/${req.name}: main process of container ${b.container ?? '(default)'} exited with code ${b.exitCode ?? 1}`,
            );
          case 'fail-probe':
          case 'clear-probe': {
            if (!b.container) return fail(400, 'BadRequest', 'a container is required');
            if (b.probe !== 'liveness' && b.probe !== 'readiness' && b.probe !== 'startup')
              return fail(
                400,
                'BadRequest',
                `unknown probe ${JSON.stringify(b.probe ?? '')}: expected liveness, readiness or startup`,
              );
            if (b.action === 'fail-probe') faults.failProbe(ns, req.name, b.container, b.probe);
            else faults.clearProbeFailure(ns, req.name, b.container, b.probe);
            return ok(
              `pod/${req.name}: ${b.probe} probe of container ${b.container} ${b.action === 'fail-probe' ? 'fails from now on' : 'runs normally again'}`,
            );
          }
          case 'fill-memory':
            if (!b.amount) return fail(400, 'BadRequest', 'an amount of memory is required');
            faults.fillMemory(ns, req.name, b.container, b.amount);
            return ok(`pod/${req.name}: container ${b.container ?? '(default)'} allocated ${b.amount} more`);
          default:
            return fail(400, 'BadRequest', `unknown pod fault ${JSON.stringify(b.action ?? '')}`);
        }
      } catch (e) {
        return fail(409, 'Conflict', e instanceof Error ? e.message : String(e));
      }
    },
    info,
  );
  server.registerSubresource(
    'nodes',
    FAULTS_SUBRESOURCE,
    (req) => {
      if (req.request.method !== 'POST')
        return fail(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        );
      if (!nodeExists(req.name)) return fail(404, 'NotFound', `nodes "${req.name}" not found`);
      const b = (req.request.body ?? {}) as Partial<NodeFaultRequest>;
      try {
        switch (b.action) {
          case 'stop-kubelet':
            faults.stopKubelet(req.name);
            return ok(`node/${req.name}: kubelet stopped (containers keep running)`);
          case 'start-kubelet':
            faults.startKubelet(req.name);
            return ok(`node/${req.name}: kubelet started`);
          case 'stop-node':
            faults.stopNode(req.name);
            return ok(`node/${req.name}: node stopped (kubelet and containers down)`);
          case 'start-node':
            faults.startNode(req.name);
            return ok(`node/${req.name}: node started`);
          default:
            return fail(400, 'BadRequest', `unknown node fault ${JSON.stringify(b.action ?? '')}`);
        }
      } catch (e) {
        return fail(409, 'Conflict', e instanceof Error ? e.message : String(e));
      }
    },
    info,
  );
}
