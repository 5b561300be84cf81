/**
 * Starting and stopping one container (pkg/kubelet/kuberuntime/kuberuntime_container.go).
 *
 * startContainer: ensure the image (pull policy, pulls, back-off) → compute the config (env from
 * ConfigMaps/Secrets/downward API, mounts) → CreateContainer (`Created container web`) →
 * StartContainer (`Started container web`) → the postStart hook. Each failure has its own
 * waiting reason: ErrImagePull/ImagePullBackOff/InvalidImageName/ErrImageNeverPull,
 * CreateContainerConfigError, CreateContainerError, RunContainerError.
 *
 * killContainer: `Killing` event (`Stopping container web`, or `Container web failed liveness
 * probe, will be restarted`) → the preStop hook (within the grace period) → the image's stop
 * signal (SIGTERM, nginx: SIGQUIT) → SIGKILL when the grace period runs out (exit 137).
 */
import type { Container as SpecContainer, LifecycleHandler, Pod } from 'kubernetes-types/core/v1';
import { goHttpClientError } from '../../network/http';
import { race, sleepFor, spawn, wait, type Task } from '../coroutine';
import { containerLimits } from '../cm/resources';
import { MINIMUM_GRACE_PERIOD_S } from '../config';
import { formatPod, latest, type PodRecord } from '../pod_record';
import { resolvePort } from '../prober/prober';
import { SIGNALS } from '../runtime/process';
import type { Container } from '../runtime/containerd';
import { draw } from '../stages';
import { EnvError, expandCommand, makeEnvironmentVariables } from '../volumes/envvars';
import type { KubeletContext } from './context';

export type StartError =
  | 'ErrImagePull'
  | 'ImagePullBackOff'
  | 'InvalidImageName'
  | 'ErrImageNeverPull'
  | 'CreateContainerConfigError'
  | 'CreateContainerError'
  | 'RunContainerError'
  | 'PostStartHookError'
  | 'CrashLoopBackOff';

export interface StartResult {
  ok: boolean;
  reason?: StartError;
  message?: string;
}

export type ContainerKind = 'init' | 'regular' | 'ephemeral';

/** The spec container of a name, with its kind. */
export function specContainer(
  pod: Pod,
  name: string,
): { spec: SpecContainer; kind: ContainerKind } | undefined {
  const c = (pod.spec?.containers ?? []).find((x) => x.name === name);
  if (c) return { spec: c, kind: 'regular' };
  const i = (pod.spec?.initContainers ?? []).find((x) => x.name === name);
  if (i) return { spec: i, kind: 'init' };
  const e = (pod.spec?.ephemeralContainers ?? []).find((x) => x.name === name);
  if (e) return { spec: e as SpecContainer, kind: 'ephemeral' };
  return undefined;
}

export function* startContainer(
  ctx: KubeletContext,
  rec: PodRecord,
  spec: SpecContainer,
  kind: ContainerKind,
): Task<StartResult> {
  const pod = rec.pod;
  const ref = ctx.containerRef(pod, spec.name);
  const fail = (reason: StartError, message: string, event?: string): StartResult => {
    if (event !== undefined) ctx.recorder.event(ref, 'Warning', 'Failed', `Error: ${event}`);
    return { ok: false, reason, message };
  };
  // 1. the image
  const img = yield* ctx.images.ensureImageExists(pod, spec, ref);
  if (!img.ok) return fail(img.reason, img.message, img.reason);
  const sb = rec.sandbox;
  if (!sb || sb.state !== 'ready')
    return fail('CreateContainerError', 'pod sandbox is not ready', 'pod sandbox is not ready');
  // 2. restart count: one more than the previous instance
  const prev = latest(rec, spec.name);
  const attempt = prev ? prev.attempt + 1 : 0;
  // 3. the container's config
  let env: [string, string][];
  try {
    env = makeEnvironmentVariables({ ...ctx.envContext(pod), container: spec });
  } catch (e) {
    if (e instanceof EnvError) return fail('CreateContainerConfigError', e.message, e.message);
    throw e;
  }
  const unmounted = (spec.volumeMounts ?? []).filter(
    (m) => !(pod.spec?.volumes ?? []).some((v) => v.name === m.name),
  );
  if (unmounted.length)
    return fail(
      'CreateContainerConfigError',
      `cannot find volume "${unmounted[0]!.name}" to mount into container "${spec.name}"`,
      `cannot find volume "${unmounted[0]!.name}" to mount into container "${spec.name}"`,
    );
  const mounts = ctx.volumes.mountsFor(
    pod,
    spec.name,
    spec.volumeMounts ?? [],
    spec.terminationMessagePath ?? '/dev/termination-log',
  );
  const target =
    kind === 'ephemeral' ? (spec as { targetContainerName?: string }).targetContainerName : undefined;
  const targetC = target ? latest(rec, target) : undefined;
  yield* wait(sleepFor(ctx.clock, draw(ctx.rand, ctx.stages().createContainer), 'create container'));
  if (rec.stage !== 'running' || !rec.sandbox || rec.sandbox.state !== 'ready')
    return fail('CreateContainerError', 'pod is terminating');
  const c = ctx.runtime.createContainer(sb.id, {
    name: spec.name,
    image: spec.image ?? '',
    imageEntry: img.image,
    command: expandCommand(spec.command, env),
    args: expandCommand(spec.args, env),
    env,
    workingDir: spec.workingDir,
    runAsUser: spec.securityContext?.runAsUser ?? pod.spec?.securityContext?.runAsUser,
    runAsGroup: spec.securityContext?.runAsGroup ?? pod.spec?.securityContext?.runAsGroup,
    mounts,
    limits: containerLimits(spec),
    tty: !!spec.tty,
    stdin: !!spec.stdin,
    stdinOnce: !!spec.stdinOnce,
    attempt,
    terminationMessagePath: spec.terminationMessagePath ?? '/dev/termination-log',
    terminationMessagePolicy: spec.terminationMessagePolicy ?? 'File',
    targetContainerId: targetC?.state === 'running' ? targetC.id : undefined,
    kind,
  });
  const list = rec.instances.get(spec.name) ?? [];
  rec.instances.set(spec.name, [c, ...list].slice(0, 2));
  for (const old of list.slice(1)) ctx.runtime.removeContainer(old.id);
  ctx.recorder.event(ref, 'Normal', 'Created', `Created container ${spec.name}`);
  ctx.pleg(rec);
  // 4. start it
  yield* wait(sleepFor(ctx.clock, draw(ctx.rand, ctx.stages().startContainer), 'start container'));
  if (rec.stage !== 'running') return fail('RunContainerError', 'pod is terminating');
  const err = ctx.runtime.startContainer(c.id);
  ctx.pleg(rec);
  if (err) return fail('RunContainerError', err, err);
  ctx.recorder.event(ref, 'Normal', 'Started', `Started container ${spec.name}`);
  // 5. postStart
  const post = spec.lifecycle?.postStart;
  if (post) {
    const r = yield* runHook(ctx, rec, c, spec, post, 'postStart');
    if (r !== undefined) {
      ctx.recorder.event(ref, 'Warning', 'FailedPostStartHook', r);
      yield* killContainer(
        ctx,
        rec,
        c,
        spec,
        `FailedPostStartHook`,
        pod.spec?.terminationGracePeriodSeconds ?? 30,
      );
      return { ok: false, reason: 'PostStartHookError', message: r };
    }
  }
  return { ok: true };
}

/** Run a lifecycle handler; undefined on success, the failure message otherwise. */
function* runHook(
  ctx: KubeletContext,
  rec: PodRecord,
  c: Container,
  spec: SpecContainer,
  h: LifecycleHandler,
  which: 'postStart' | 'preStop',
): Task<string | undefined> {
  const pod = rec.pod;
  const where = `for Container ${JSON.stringify(spec.name)} in Pod ${JSON.stringify(formatPod(pod))}`;
  if (h.exec) {
    const cmd = h.exec.command ?? [];
    let out = '';
    const child = ctx.runtime.exec(c.id, cmd, { stdout: (t) => (out += t), stderr: (t) => (out += t) });
    if ('error' in child)
      return `Exec lifecycle hook (${JSON.stringify(cmd).replace(/,/g, ' ').replace(/"/g, '')}) ${where} failed - error: rpc error: code = Unknown desc = failed to exec in container: failed to start exec: ${child.error}, message: ""`;
    const code = yield* wait(child.exited);
    if (code !== 0)
      return `Exec lifecycle hook ([${cmd.join(' ')}]) ${where} failed - error: command '${cmd.join(' ')}' exited with ${code}: ${out}, message: ${JSON.stringify(out)}`;
    return undefined;
  }
  if (h.httpGet) {
    const port = resolvePort(h.httpGet.port as number | string, spec);
    if (typeof port === 'string')
      return `HTTP lifecycle hook (${h.httpGet.path ?? ''}) ${where} failed - error: ${port}`;
    const host = h.httpGet.host || rec.sandbox?.ip || ctx.nodeIP;
    const path = h.httpGet.path ?? '/';
    const url = `${(h.httpGet.scheme ?? 'HTTP').toLowerCase()}://${host}:${port}${path}`;
    const r = yield* wait<{ ok: boolean; error?: string; status?: number }>({
      subscribe: (cb) => {
        ctx.network.http(
          ctx.nodeNetns,
          host,
          port,
          { method: 'GET', path, headers: { 'User-Agent': 'kube-lifecycle/1.32' } },
          { timeoutMs: 30_000 },
          (res) =>
            cb(
              res.ok
                ? { ok: res.response.status < 400, status: res.response.status }
                : { ok: false, error: goHttpClientError('GET', url, res.error, host, port) },
            ),
        );
        return () => {};
      },
    });
    if (!r.ok)
      return `HTTP lifecycle hook (${path}) ${where} failed - error: ${r.error ?? `HTTP lifecycle hook (${path}) for Container "${spec.name}" in Pod "${formatPod(pod)}" failed - error: ${r.status}`}`;
    return undefined;
  }
  if ((h as { sleep?: { seconds: number } }).sleep) {
    yield* wait(
      sleepFor(ctx.clock, (h as { sleep: { seconds: number } }).sleep.seconds * 1000, `${which} sleep`),
    );
    return undefined;
  }
  return undefined;
}

/**
 * Stop a container: Killing event, preStop (bounded by the grace period), stop signal, SIGKILL
 * after the grace period. Returns when the container has exited.
 */
export function* killContainer(
  ctx: KubeletContext,
  rec: PodRecord,
  c: Container,
  spec: SpecContainer | undefined,
  message: string | undefined,
  gracePeriodS: number,
  override?: number,
): Task<void> {
  if (c.state !== 'running') return;
  const name = c.name;
  ctx.recorder.event(
    ctx.containerRef(rec.pod, name),
    'Normal',
    'Killing',
    message ?? `Stopping container ${name}`,
  );
  let grace = gracePeriodS;
  const preStop = spec?.lifecycle?.preStop;
  if (preStop && grace > 0) {
    const start = ctx.clock.now();
    const hookTask = runHook(ctx, rec, c, spec!, preStop, 'preStop');
    let hookDone = false;
    let hookError: string | undefined;
    const handle = spawn(hookTask, (r) => {
      hookDone = true;
      if (r.ok) hookError = r.value;
    });
    yield* wait(race(handle, sleepFor(ctx.clock, grace * 1000, 'preStop grace'), c.exited));
    if (!hookDone) handle.cancel();
    if (hookError !== undefined)
      ctx.recorder.event(
        ctx.containerRef(rec.pod, name),
        'Warning',
        'FailedPreStopHook',
        'PreStopHook failed',
      );
    grace -= Math.floor((ctx.clock.now() - start) / 1000);
  }
  if (grace < MINIMUM_GRACE_PERIOD_S) grace = MINIMUM_GRACE_PERIOD_S;
  if (override !== undefined) grace = override;
  if (c.state !== 'running') return;
  if (grace <= 0) {
    ctx.runtime.killContainer(c, 128 + SIGNALS.SIGKILL);
  } else {
    ctx.runtime.signalContainer(c, ctx.runtime.stopSignal(c));
    const r = yield* wait(race(c.exited, sleepFor(ctx.clock, grace * 1000, 'grace period')));
    if (r.index === 1) ctx.runtime.killContainer(c, 128 + SIGNALS.SIGKILL);
  }
  if (c.state === 'running') yield* wait(c.exited);
}
