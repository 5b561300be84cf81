/**
 * `kubectl debug (POD | node/NAME) --image=IMAGE [-it] [--target=CONTAINER] [-c NAME] [-- COMMAND…]`
 * (kubectl/pkg/cmd/debug), the ephemeral-container and node paths with the default (legacy)
 * profile:
 *
 *  - POD: add an ephemeral container through the pods/ephemeralcontainers subresource (a
 *    strategic merge patch of spec.ephemeralContainers), named `debugger-xxxxx` unless `-c`
 *    says otherwise; with `--target` it shares that container's process namespace.
 *  - node/NAME: create the pod `node-debugger-NAME-xxxxx` on that node in the host's network,
 *    PID and IPC namespaces, with the node's root file system mounted at /host.
 *
 * With `-i` (and so by default with `-it`) kubectl waits for the container and attaches to it.
 * `--copy-to` and the other profiles are not simulated and say so.
 */
import type { KubeObject } from '../../api/types';
import { ExitError, KubectlError, StatusError } from '../errors';
import { type Invocation } from '../registry';
import { podPath, podStatus } from './streams/pods';
import { attachNotice, reattachMessage, runSession, setupTTY } from './streams/session';
import { randomString, seededRandom } from './writeutil';

const PROFILES = ['legacy', 'general', 'baseline', 'netadmin', 'restricted', 'sysadmin'];

interface ContainerStatus {
  name: string;
  state?: { running?: unknown; terminated?: unknown; waiting?: { reason?: string } };
}

/** The status of container `name` (any kind), from the pod. */
function containerStatus(pod: KubeObject, name: string): ContainerStatus | undefined {
  const st = pod.status as
    | {
        containerStatuses?: ContainerStatus[];
        ephemeralContainerStatuses?: ContainerStatus[];
      }
    | undefined;
  return [...(st?.containerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])].find(
    (c) => c.name === name,
  );
}

/** waitForContainer: until the container runs or has stopped (polled; the real one watches). */
async function waitForContainer(
  inv: Invocation,
  namespace: string,
  name: string,
  container: string,
): Promise<KubeObject> {
  const rest = inv.kube.rest();
  const deadline = inv.ctx.now() + 60_000;
  for (;;) {
    const pod = (await rest.requestOK({ method: 'GET', path: podPath(namespace, name) })).body as KubeObject;
    const s = containerStatus(pod, container);
    const phase = podStatus(pod).phase;
    if (s?.state?.running || s?.state?.terminated || phase === 'Succeeded' || phase === 'Failed') return pod;
    if (inv.ctx.now() >= deadline) throw new KubectlError('timed out waiting for the condition');
    await inv.ctx.sleep(1000, inv.ctx.signal);
    if (inv.ctx.signal.aborted) throw new ExitError(130);
  }
}

/** debug's handleAttachPod: attach when the container runs, else print its logs. */
async function attachTo(inv: Invocation, namespace: string, pod: string, container: string): Promise<void> {
  const tty = setupTTY(inv, inv.flags.bool('stdin'), inv.flags.bool('tty'), inv.flags.bool('quiet'));
  const current = await waitForContainer(inv, namespace, pod, container);
  const s = containerStatus(current, container);
  const rest = inv.kube.rest();
  const logs = async () => {
    const res = await rest.requestOK({
      method: 'GET',
      path: `${podPath(namespace, pod)}/log`,
      query: { container },
    });
    if (typeof res.body === 'string') inv.out(res.body);
  };
  if (!s?.state?.running) return logs();
  const quiet = inv.flags.bool('quiet');
  const stdin = inv.flags.bool('stdin');
  attachNotice(inv, quiet);
  await logs();
  try {
    const end = await runSession(inv, { kind: 'attach', namespace, pod, container, stdin, tty });
    // attach.Run's reattach hint (for an ephemeral container: it will not be restarted)
    if (end) reattachMessage(inv, current, container, { quiet, stdin, raw: tty });
  } catch (e) {
    // the container stopped between the wait and the attach: kubectl falls back to its logs,
    // printed just above
    if (!(e instanceof StatusError)) throw e;
  }
}

function commandFields(inv: Invocation): { command?: string[]; args?: string[] } {
  const rest = inv.argsLenAtDash > -1 ? inv.args.slice(inv.argsLenAtDash) : [];
  if (rest.length === 0) return {};
  return inv.flags.bool('arguments-only') ? { args: rest } : { command: rest };
}

function envList(inv: Invocation): { name: string; value: string }[] | undefined {
  const env = inv.flags.strings('env');
  if (env.length === 0) return undefined;
  return env.map((e) => {
    const i = e.indexOf('=');
    if (i <= 0) throw new KubectlError(`invalid env: ${e}`);
    return { name: e.slice(0, i), value: e.slice(i + 1) };
  });
}

async function debugPod(inv: Invocation, namespace: string, name: string): Promise<void> {
  const f = inv.flags;
  const rest = inv.kube.rest();
  const pod = (await rest.requestOK({ method: 'GET', path: podPath(namespace, name) })).body as KubeObject;
  const existing = ((pod.spec as { ephemeralContainers?: { name: string }[] }).ephemeralContainers ?? []).map(
    (c) => c.name,
  );
  let container = f.string('container');
  if (container === '') {
    // kubectl draws five random characters; ours are seeded by the simulated time and by how many
    // debug containers the pod already has, so two debug sessions at the same instant differ.
    for (let i = existing.length; container === '' || existing.includes(container); i++)
      container = `debugger-${randomString(seededRandom((inv.ctx.now() ^ 0x5bd1e995) + i * 0x9e3779b1), 5)}`;
    if (!f.bool('quiet')) inv.err(`Defaulting debug container name to ${container}.\n`);
  }
  const ec: Record<string, unknown> = { name: container, image: f.string('image') };
  Object.assign(ec, commandFields(inv));
  const env = envList(inv);
  if (env) ec.env = env;
  // Go serialises the empty ResourceRequirements struct, so kubectl's patch carries `resources: {}`.
  ec.resources = {};
  ec.terminationMessagePolicy = 'FallbackToLogsOnError';
  if (f.string('image-pull-policy') !== '') ec.imagePullPolicy = f.string('image-pull-policy');
  if (f.bool('stdin')) ec.stdin = true;
  if (f.bool('tty')) ec.tty = true;
  if (f.string('target') !== '') ec.targetContainerName = f.string('target');
  if (existing.includes(container))
    throw new KubectlError(`ephemeral container ${JSON.stringify(container)} already exists in pod ${name}`);
  await rest.requestOK({
    method: 'PATCH',
    path: `${podPath(namespace, name)}/ephemeralcontainers`,
    headers: { contentType: 'application/strategic-merge-patch+json' },
    body: { spec: { ephemeralContainers: [ec] } },
  });
  if (attachWanted(inv)) await attachTo(inv, namespace, name, container);
}

async function debugNode(inv: Invocation, namespace: string, nodeName: string): Promise<void> {
  const f = inv.flags;
  const rest = inv.kube.rest();
  const node = (await rest.requestOK({ method: 'GET', path: `/api/v1/nodes/${nodeName}` }))
    .body as KubeObject;
  const nodeNameReal = node.metadata.name!;
  const podName = `node-debugger-${nodeNameReal}-${randomString(seededRandom(inv.ctx.now() ^ 0x27d4eb2d), 5)}`;
  const container: Record<string, unknown> = { name: 'debugger', image: f.string('image') };
  Object.assign(container, commandFields(inv));
  const env = envList(inv);
  if (env) container.env = env;
  container.volumeMounts = [{ name: 'host-root', mountPath: '/host' }];
  container.terminationMessagePolicy = 'FallbackToLogsOnError';
  if (f.string('image-pull-policy') !== '') container.imagePullPolicy = f.string('image-pull-policy');
  if (f.bool('stdin')) container.stdin = true;
  if (f.bool('tty')) container.tty = true;
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName },
    spec: {
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [container],
      restartPolicy: 'Never',
      nodeName: nodeNameReal,
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      tolerations: [{ operator: 'Exists' }],
    },
  };
  await rest.requestOK({ method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body: pod });
  if (!f.bool('quiet'))
    inv.err(`Creating debugging pod ${podName} with container debugger on node ${nodeNameReal}.\n`);
  if (attachWanted(inv)) await attachTo(inv, namespace, podName, 'debugger');
}

const attachWanted = (inv: Invocation) =>
  inv.flags.changed('attach') ? inv.flags.bool('attach') : inv.flags.bool('stdin');

export async function run(inv: Invocation): Promise<number> {
  const f = inv.flags;
  const names = inv.argsLenAtDash > -1 ? inv.args.slice(0, inv.argsLenAtDash) : inv.args;
  if (names.length === 0 && f.strings('filename').length === 0)
    throw new ExitError(1, 'Error: NAME or filename is required for debug');
  if (f.string('copy-to') === '' && f.string('image') === '')
    throw new KubectlError('you must specify --image when not using --copy-to.');
  if (f.string('copy-to') !== '' && f.string('target') !== '')
    throw new KubectlError('--target is incompatible with --copy-to. Use --share-processes instead.');
  if (f.bool('tty') && !f.bool('stdin'))
    throw new KubectlError('-i/--stdin is required for containers with -t/--tty=true');
  const profile = f.string('profile');
  if (!PROFILES.includes(profile)) throw new KubectlError(`unknown profile: ${profile}`);
  if (profile === 'legacy')
    inv.err(
      '--profile=legacy is deprecated and will be removed in the future. It is recommended to explicitly specify a profile, for example "--profile=general".\n',
    );
  if (f.string('copy-to') !== '')
    throw new KubectlError('kubectl debug --copy-to is not simulated in Breakfix');
  if (f.strings('filename').length > 0)
    throw new KubectlError('kubectl debug -f is not simulated in Breakfix');
  if (profile !== 'legacy' && profile !== 'general')
    throw new KubectlError(`kubectl debug --profile=${profile} is not simulated in Breakfix`);
  const { namespace } = inv.kube.namespace();
  for (const target of names) {
    const slash = target.indexOf('/');
    const type = slash < 0 ? 'pods' : target.slice(0, slash);
    const name = slash < 0 ? target : target.slice(slash + 1);
    const mapping = await inv.kube.mapper().mappingFor(type);
    if (mapping.kind === 'Pod') await debugPod(inv, namespace, name);
    else if (mapping.kind === 'Node') await debugNode(inv, namespace, name);
    else throw new KubectlError(`objects of type ${mapping.kind} are not supported by debug`);
  }
  return 0;
}
