/**
 * `kubectl run NAME --image=IMAGE [--env=…] [--port=…] [--command] -- [COMMAND] [args…]`
 * (kubectl/pkg/cmd/run, generate/versioned BasicPod).
 *
 * Creates one pod (and with `--expose` a ClusterIP service first). With `-i`/`--attach` it waits
 * for the pod to run, attaches to its container (kubectl attach) and, with `--rm`, deletes the
 * pod afterwards (`pod "x" deleted`); with `--restart=Never` the container's exit code is
 * kubectl's. A pod that finished before kubectl could attach has its logs printed instead, as
 * kubectl's handleAttachPod does.
 */
import type { KubeObject } from '../../api/types';
import { ExitError, KubectlError, StatusError } from '../errors';
import { type Invocation } from '../registry';
import { podPath, podStatus } from './streams/pods';
import { attachNotice, reattachMessage, runSession, setupTTY } from './streams/session';
import { Helper, checkOutput, dryRunStrategy, dryRunSuffix, printObject } from './writeutil';

/** distribution/reference.ReferenceRegexp (anchored). */
const REFERENCE =
  /^((?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*)*)(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,})?$/;

/** klog's header for an error line, as kubectl's main prints cobra's required-flag error. */
function klogError(now: number, file: string): string {
  const d = new Date(now);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `E${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds() * 1000, 6)}   41235 ${file}] `;
}

const PODS_MAPPING = {
  name: 'pods',
  singularName: 'pod',
  namespaced: true,
  group: '',
  version: 'v1',
  kind: 'Pod',
  verbs: [],
  shortNames: ['po'],
  categories: ['all'],
  preferred: true,
};
const SERVICES_MAPPING = { ...PODS_MAPPING, name: 'services', singularName: 'service', kind: 'Service' };

function parseKeyValues(spec: string, what: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (spec === '') return out;
  for (const kv of spec.split(',')) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid ${what} spec: ${kv}`);
    out[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return out;
}

/** generate/versioned BasicPod, in Go field order (-o json shows it). */
function generatePod(inv: Invocation, name: string, image: string, rest: string[], restartPolicy: string) {
  const f = inv.flags;
  const labels = f.string('labels') !== '' ? parseKeyValues(f.string('labels'), 'label') : { run: name };
  const annotations: Record<string, string> = {};
  for (const a of f.strings('annotations')) {
    const i = a.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid annotation spec: ${a}`);
    annotations[a.slice(0, i)] = a.slice(i + 1);
  }
  const meta: Record<string, unknown> = { name, creationTimestamp: null, labels };
  if (Object.keys(annotations).length > 0) meta.annotations = annotations;
  const c: Record<string, unknown> = { name, image };
  if (rest.length > 0) {
    if (f.bool('command')) c.command = rest;
    else c.args = rest;
  }
  const port = f.string('port');
  if (port !== '') {
    if (!/^[+-]?\d+$/.test(port))
      throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`);
    c.ports = [{ containerPort: Number(port) }];
  }
  const env = f.strings('env');
  if (env.length > 0)
    c.env = env.map((e) => {
      const i = e.indexOf('=');
      if (i <= 0) throw new KubectlError(`invalid env: ${e}`);
      return { name: e.slice(0, i), value: e.slice(i + 1) };
    });
  c.resources = {};
  if (f.string('image-pull-policy') !== '') c.imagePullPolicy = f.string('image-pull-policy');
  if (f.bool('privileged')) c.securityContext = { privileged: true };
  const stdin = f.bool('stdin');
  if (stdin) c.stdin = true;
  if (stdin && !f.bool('leave-stdin-open')) c.stdinOnce = true;
  if (f.bool('tty')) c.tty = true;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta,
    spec: { containers: [c], restartPolicy, dnsPolicy: 'ClusterFirst' },
    status: {},
  } as unknown as KubeObject;
}

/** generate/versioned ServiceGeneratorV2 as `run --expose` calls it. */
function generateService(name: string, port: number, selector: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, creationTimestamp: null } as unknown as KubeObject['metadata'],
    spec: { ports: [{ protocol: 'TCP', port, targetPort: port }], selector },
    status: { loadBalancer: {} },
  };
}

async function create(inv: Invocation, mapping: typeof PODS_MAPPING, obj: KubeObject, server: boolean) {
  const { namespace } = inv.kube.namespace();
  delete (obj.metadata as Record<string, unknown>).creationTimestamp;
  return new Helper(inv.kube.rest(), mapping).create(namespace, obj, {
    dryRun: server,
    fieldManager: inv.flags.string('field-manager'),
    fieldValidation: 'Strict',
  });
}

/** waitForPod: poll until `done` says so (the real one watches); undefined on timeout. */
async function waitForPod(
  inv: Invocation,
  namespace: string,
  name: string,
  timeoutMs: number,
  done: (pod: KubeObject) => boolean,
): Promise<KubeObject> {
  const rest = inv.kube.rest();
  const deadline = inv.ctx.now() + timeoutMs;
  for (;;) {
    const pod = (await rest.requestOK({ method: 'GET', path: podPath(namespace, name) })).body as KubeObject;
    if (done(pod)) return pod;
    if (inv.ctx.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
    await inv.ctx.sleep(1000, inv.ctx.signal);
    if (inv.ctx.signal.aborted) throw new ExitError(130);
  }
}

const completed = (pod: KubeObject) => ['Succeeded', 'Failed'].includes(podStatus(pod).phase ?? '');
const runningAndReady = (pod: KubeObject) =>
  completed(pod) ||
  (podStatus(pod).phase === 'Running' &&
    (podStatus(pod).conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'));

async function printLogs(inv: Invocation, namespace: string, name: string, container: string) {
  const res = await inv.kube.rest().requestOK({
    method: 'GET',
    path: `${podPath(namespace, name)}/log`,
    query: { container },
  });
  if (typeof res.body === 'string') inv.out(res.body);
}

export async function run(inv: Invocation): Promise<number> {
  const f = inv.flags;
  if (!f.changed('image') && !f.changed('filename') && !f.changed('kustomize')) {
    inv.err(
      `${klogError(inv.ctx.now(), 'run.go:72')}"command failed" err="required flag(s) \\"image\\" not set"\n`,
    );
    return 1;
  }
  if (inv.args.length === 0 || inv.argsLenAtDash === 0) throw inv.usageError('NAME is required for run');
  const name = inv.args[0]!;
  const rest = inv.args.slice(1);
  const image = f.string('image');
  if (image === '') throw new KubectlError('--image is required');
  if (!REFERENCE.test(image))
    throw new KubectlError(`Invalid image name ${JSON.stringify(image)}: invalid reference format`);
  const interactive = f.bool('stdin');
  if (f.bool('tty') && !interactive)
    throw inv.usageError('-i/--stdin is required for containers with -t/--tty=true');
  if (f.bool('expose') && f.string('port') === '')
    throw inv.usageError('--port must be set when exposing a service');
  const { namespace } = inv.kube.namespace();
  let restartPolicy = f.string('restart');
  if (restartPolicy === '') restartPolicy = interactive ? 'OnFailure' : 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restartPolicy))
    throw inv.usageError(`invalid restart policy: ${restartPolicy}`);
  const attach = f.changed('attach') ? f.bool('attach') : interactive;
  const remove = f.bool('rm');
  if (!attach && remove) throw inv.usageError('--rm should only be used for attached containers');
  const dryRun = dryRunStrategy(inv);
  if (attach && dryRun !== 'none')
    throw inv.usageError(
      "--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)",
    );
  const pullPolicy = f.string('image-pull-policy');
  if (!['', 'Always', 'IfNotPresent', 'Never'].includes(pullPolicy))
    throw inv.usageError(`invalid image pull policy: ${pullPolicy}`);
  for (const flag of ['filename', 'kustomize', 'overrides'])
    if (f.changed(flag)) throw new KubectlError(`kubectl run --${flag} is not simulated in Breakfix`);
  checkOutput(inv, { typed: true });

  let pod = generatePod(inv, name, image, rest, restartPolicy);
  const labels = (pod.metadata.labels ?? {}) as Record<string, string>;
  if (dryRun === 'none' || dryRun === 'server')
    pod = await create(inv, PODS_MAPPING, pod, dryRun === 'server');
  if (f.bool('expose')) {
    let svc = generateService(name, Number(f.string('port')), labels);
    if (dryRun !== 'client') svc = await create(inv, SERVICES_MAPPING, svc, dryRun === 'server');
    printObject(inv, svc, `created${dryRunSuffix(dryRun)}`, { typed: dryRun === 'client' });
  }
  if (!attach) {
    printObject(inv, pod, `created${dryRunSuffix(dryRun)}`, { typed: dryRun === 'client' });
    return 0;
  }

  const quiet = f.bool('quiet');
  const timeout = f.duration('pod-running-timeout');
  let code = 0;
  let failure: Error | undefined;
  try {
    let current = await waitForPod(inv, namespace, name, timeout, runningAndReady);
    if (completed(current)) {
      await printLogs(inv, namespace, name, name);
    } else {
      const tty = setupTTY(inv, interactive, f.bool('tty'), quiet);
      attachNotice(inv, quiet);
      // what the container wrote before the attach (its output so far on the terminal)
      await printLogs(inv, namespace, name, name);
      try {
        const end = await runSession(inv, {
          kind: 'attach',
          namespace,
          pod: name,
          container: name,
          stdin: interactive,
          tty,
        });
        if (end) reattachMessage(inv, current, name, { quiet, stdin: interactive, raw: tty });
      } catch (e) {
        // the container stopped between the wait and the attach: kubectl falls back to its logs,
        // printed just above
        if (!(e instanceof StatusError)) throw e;
      }
    }
    if (!f.bool('leave-stdin-open') && (restartPolicy === 'Never' || restartPolicy === 'OnFailure')) {
      current = await waitForPod(inv, namespace, name, timeout, (p) =>
        restartPolicy === 'Never' ? completed(p) : podStatus(p).phase === 'Succeeded',
      );
      const phase = podStatus(current).phase;
      if (phase === 'Failed') {
        const st = (
          current.status as {
            containerStatuses?: {
              state?: { terminated?: { exitCode?: number; reason?: string; message?: string } };
            }[];
          }
        ).containerStatuses?.[0]?.state?.terminated;
        if (!st || !st.exitCode)
          failure = new KubectlError(`pod ${namespace}/${name} failed with unknown exit code`);
        else {
          code = st.exitCode;
          failure = new ExitError(
            code,
            `pod ${namespace}/${name} terminated (${st.reason ?? ''})\n${st.message ?? ''}`,
          );
        }
      }
    }
  } catch (e) {
    failure = e as Error;
  }
  if (remove) {
    await new Helper(inv.kube.rest(), PODS_MAPPING).delete(namespace, name, {}).catch(() => undefined);
    inv.out(`pod "${name}" deleted\n`);
  }
  if (failure) throw failure;
  return code;
}
