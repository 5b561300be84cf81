/**
 * SyncPod and KillPod (pkg/kubelet/kuberuntime/kuberuntime_manager.go): compare what the pod
 * spec wants with what runs, and act —
 *   1. create the sandbox (the pod gets its IP; PodReadyToStartContainers turns True);
 *   2. start ephemeral containers that are not started yet;
 *   3. init containers, one at a time in order (sidecars — init containers with restartPolicy
 *      Always — keep running and must be started before the next one);
 *   4. regular containers: kill those whose liveness/startup probe failed or whose definition
 *      changed, (re)start those that should run — subject to the restart policy and the
 *      CrashLoopBackOff back-off (doBackOff).
 * Every start failure is recorded in the reason cache (the waiting reason the status shows) and
 * makes the sync fail, so the pod worker retries it after 10–15 s.
 */
import type { Container as SpecContainer } from 'kubernetes-types/core/v1';
import { formatGoDuration } from '../../../apimachinery/duration';
import { sleepFor, spawn, wait, type Task, type TaskHandle } from '../coroutine';
import { containerHash, formatPod, latest, runtimePodStatus, type PodRecord } from '../pod_record';
import { isRestartableInitContainer, shouldContainerBeRestarted } from '../status/generate';
import type { Container } from '../runtime/containerd';
import { draw } from '../stages';
import type { KubeletContext } from './context';
import { killContainer, startContainer, type ContainerKind, type StartError } from './kuberuntime_container';

export interface RuntimeSyncResult {
  errors: { container: string; reason: StartError | string; message: string }[];
}

const stableKey = (rec: PodRecord, c: SpecContainer): string =>
  `${rec.pod.metadata!.name}_${rec.pod.metadata!.namespace}_${rec.uid}_${c.name}_${containerHash(c)}`;

/**
 * doBackOff: is the container's last exit too recent to restart it? If so, a `BackOff` event and
 * the CrashLoopBackOff message (`back-off 20s restarting failed container=web pod=web_default(…)`).
 */
function doBackOff(
  ctx: KubeletContext,
  rec: PodRecord,
  spec: SpecContainer,
  snapshot?: Container | null,
): string | undefined {
  // SyncPod looks at the pod's status as it was when the sync began: a container it has just
  // killed (liveness) is not the "last exited" one yet.
  const exited =
    snapshot !== undefined
      ? snapshot
      : (rec.instances.get(spec.name) ?? []).find((c) => c.state === 'exited');
  if (!exited) return undefined;
  const key = stableKey(rec, spec);
  const ts = exited.finishedAt ?? ctx.clock.now();
  if (ctx.backoff.isInBackOffSince(key, ts)) {
    ctx.recorder.event(
      ctx.containerRef(rec.pod, spec.name),
      'Warning',
      'BackOff',
      `Back-off restarting failed container ${spec.name} in pod ${formatPod(rec.pod)}`,
    );
    return `back-off ${formatGoDuration(ctx.backoff.get(key))} restarting failed container=${spec.name} pod=${formatPod(rec.pod)}`;
  }
  ctx.backoff.next(key, ts);
  return undefined;
}

function* start(
  ctx: KubeletContext,
  rec: PodRecord,
  spec: SpecContainer,
  kind: ContainerKind,
  result: RuntimeSyncResult,
  snapshot?: Container | null,
): Task<boolean> {
  const msg = kind === 'ephemeral' ? undefined : doBackOff(ctx, rec, spec, snapshot);
  if (msg !== undefined) {
    rec.reasonCache.set(spec.name, { reason: 'CrashLoopBackOff', message: msg });
    result.errors.push({ container: spec.name, reason: 'CrashLoopBackOff', message: msg });
    return false;
  }
  const r = yield* startContainer(ctx, rec, spec, kind);
  if (!r.ok) {
    rec.reasonCache.set(spec.name, { reason: r.reason!, message: r.message ?? '' });
    result.errors.push({ container: spec.name, reason: r.reason!, message: r.message ?? '' });
    return false;
  }
  rec.reasonCache.delete(spec.name);
  rec.hashes.set(spec.name, containerHash(spec));
  return true;
}

const graceFor = (
  rec: PodRecord,
  spec: SpecContainer | undefined,
  probe?: 'liveness' | 'startup',
): number => {
  const pod = rec.pod;
  if (
    pod.metadata?.deletionGracePeriodSeconds !== undefined &&
    pod.metadata.deletionGracePeriodSeconds !== null
  )
    return pod.metadata.deletionGracePeriodSeconds;
  if (probe === 'liveness' && spec?.livenessProbe?.terminationGracePeriodSeconds !== undefined)
    return spec.livenessProbe.terminationGracePeriodSeconds;
  if (probe === 'startup' && spec?.startupProbe?.terminationGracePeriodSeconds !== undefined)
    return spec.startupProbe.terminationGracePeriodSeconds;
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
};

export function* syncPodRuntime(ctx: KubeletContext, rec: PodRecord): Task<RuntimeSyncResult> {
  const result: RuntimeSyncResult = { errors: [] };
  const pod = rec.pod;
  const spec = pod.spec!;
  // 1. the sandbox
  if (!rec.sandbox || rec.sandbox.state !== 'ready') {
    yield* wait(sleepFor(ctx.clock, draw(ctx.rand, ctx.stages().sandbox), 'run pod sandbox'));
    if (rec.stage !== 'running') return result;
    const sb = ctx.runtime.runPodSandbox({
      uid: rec.uid,
      name: pod.metadata!.name!,
      namespace: pod.metadata!.namespace ?? 'default',
      hostname: spec.hostname ?? pod.metadata!.name!,
      hostNetwork: !!spec.hostNetwork,
      shareProcessNamespace: !!spec.shareProcessNamespace,
    });
    if (typeof sb === 'string') {
      const msg = `Failed to create pod sandbox: rpc error: code = Unknown desc = ${sb}`;
      ctx.recorder.event(pod as never, 'Warning', 'FailedCreatePodSandBox', msg);
      result.errors.push({ container: '', reason: 'CreatePodSandboxError', message: msg });
      return result;
    }
    rec.sandbox = sb;
    ctx.pleg(rec);
    // volumes see the pod IP (/etc/hosts)
    ctx.volumes.ensureMounted(pod, sb.ip, spec.hostNetwork ? nodeHosts(ctx) : undefined);
  }
  const status = () => runtimePodStatus(rec, ctx.nodeIP);

  // 2. ephemeral containers: started once, never restarted
  for (const e of spec.ephemeralContainers ?? []) {
    if (rec.instances.has(e.name)) continue;
    yield* start(ctx, rec, e as SpecContainer, 'ephemeral', result);
  }

  // 3. init containers
  for (const ic of spec.initContainers ?? []) {
    const c = latest(rec, ic.name);
    if (isRestartableInitContainer(ic)) {
      if (c && c.state === 'running') {
        const kill = probeKill(ctx, rec, ic, c);
        if (kill) {
          const before = (rec.instances.get(ic.name) ?? []).find((x) => x.state === 'exited') ?? null;
          yield* killContainer(ctx, rec, c, ic, kill.message, graceFor(rec, ic, kill.probe));
          yield* start(ctx, rec, ic, 'init', result, before);
          return result;
        }
        if (!ctx.probes.started(rec.uid, ic.name, c.id)) return result;
        continue;
      }
      if (!(yield* start(ctx, rec, ic, 'init', result))) return result;
      return result;
    }
    if (c && c.state === 'exited' && c.exitCode === 0) continue;
    if (c && c.state === 'running') return result;
    if (c && c.state === 'exited') {
      if ((spec.restartPolicy ?? 'Always') === 'Never') return result;
    }
    if (!c || shouldContainerBeRestarted(ic, pod, status(), true)) yield* start(ctx, rec, ic, 'init', result);
    return result;
  }

  // 4. regular containers
  for (const cs of spec.containers ?? []) {
    const c = latest(rec, cs.name);
    if (c && c.state === 'running') {
      const kill = probeKill(ctx, rec, cs, c) ?? definitionChanged(rec, cs);
      if (!kill) continue;
      const before = (rec.instances.get(cs.name) ?? []).find((x) => x.state === 'exited') ?? null;
      yield* killContainer(ctx, rec, c, cs, kill.message, graceFor(rec, cs, kill.probe));
      if ((spec.restartPolicy ?? 'Always') !== 'Never') yield* start(ctx, rec, cs, 'regular', result, before);
      continue;
    }
    if (!shouldContainerBeRestarted(cs, pod, status())) continue;
    yield* start(ctx, rec, cs, 'regular', result);
  }
  return result;
}

function probeKill(
  ctx: KubeletContext,
  rec: PodRecord,
  spec: SpecContainer,
  c: Container,
): { message: string; probe: 'liveness' | 'startup' } | undefined {
  const restart = (rec.pod.spec?.restartPolicy ?? 'Always') !== 'Never' || isRestartableInitContainer(spec);
  const tail = restart ? ', will be restarted' : '';
  if (ctx.probes.get('liveness', c.id) === 'failure')
    return { message: `Container ${spec.name} failed liveness probe${tail}`, probe: 'liveness' };
  if (ctx.probes.get('startup', c.id) === 'failure')
    return { message: `Container ${spec.name} failed startup probe${tail}`, probe: 'startup' };
  return undefined;
}

function definitionChanged(
  rec: PodRecord,
  spec: SpecContainer,
): { message: string; probe: undefined } | undefined {
  const h = rec.hashes.get(spec.name);
  if (h === undefined || h === containerHash(spec)) return undefined;
  return { message: `Container ${spec.name} definition changed, will be restarted`, probe: undefined };
}

/** /etc/hosts of a hostNetwork pod: the node's own file (kind's node container). */
export function nodeHosts(ctx: KubeletContext): string {
  return `127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n${ctx.nodeIP}\t${ctx.nodeName}\n`;
}

/**
 * KillPod: stop every running container of the pod, all at once, each with its grace period
 * (regular and ephemeral containers first, sidecars after them, in reverse order).
 */
export function* killPod(ctx: KubeletContext, rec: PodRecord, override?: number): Task<void> {
  const spec = rec.pod.spec!;
  const kill = function* (names: string[]): Task<void> {
    const tasks: TaskHandle<void>[] = [];
    for (const name of names) {
      const c = latest(rec, name);
      if (!c || c.state !== 'running') continue;
      const s = [
        ...(spec.containers ?? []),
        ...(spec.initContainers ?? []),
        ...((spec.ephemeralContainers ?? []) as SpecContainer[]),
      ].find((x) => x.name === name);
      tasks.push(spawn(killContainer(ctx, rec, c, s, undefined, graceFor(rec, s), override)));
    }
    for (const t of tasks) yield* wait(t);
  };
  const regular = [
    ...(spec.containers ?? []).map((c) => c.name),
    ...(spec.ephemeralContainers ?? []).map((c) => c.name),
    ...(spec.initContainers ?? []).filter((c) => !isRestartableInitContainer(c)).map((c) => c.name),
  ];
  yield* kill(regular);
  const sidecars = (spec.initContainers ?? [])
    .filter(isRestartableInitContainer)
    .map((c) => c.name)
    .reverse();
  for (const s of sidecars) yield* kill([s]);
}
