/**
 * `kubectl expose (TYPE NAME | TYPE/NAME) --port=… [--target-port=…] [--name=…] [--type=…]`
 * (kubectl/pkg/cmd/expose, ServiceGeneratorV2): a Service whose selector is the exposed object's
 * (a Deployment's or ReplicaSet's matchLabels, a pod's labels, a Service's selector), whose
 * labels are the object's labels, and whose ports come from --port or, without it, from the
 * object's container ports (several: named `port-1`, `port-2` …). Unlike `create service`, a
 * single port has no name.
 */
import type { KubeObject } from '../../api/types';
import { KubectlError } from '../errors';
import { type Invocation } from '../registry';
import {
  Helper,
  checkOutput,
  collectErrors,
  dryRunStrategy,
  dryRunSuffix,
  printObject,
  rejectKustomize,
  visitInfos,
} from './writeutil';

const KINDS: Record<string, { kind: string; base: string; plural: string }> = {};
for (const [names, kind, base] of [
  [['pod', 'pods', 'po'], 'Pod', '/api/v1'],
  [['service', 'services', 'svc'], 'Service', '/api/v1'],
  [['replicationcontroller', 'replicationcontrollers', 'rc'], 'ReplicationController', '/api/v1'],
  [
    ['deployment', 'deployments', 'deploy', 'deployment.apps', 'deployments.apps'],
    'Deployment',
    '/apis/apps/v1',
  ],
  [['replicaset', 'replicasets', 'rs', 'replicaset.apps', 'replicasets.apps'], 'ReplicaSet', '/apis/apps/v1'],
] as const) {
  for (const n of names) KINDS[n] = { kind, base, plural: `${kind.toLowerCase()}s` };
}

/** The object's selector as a map, or why it cannot be one. */
function selectorOf(obj: KubeObject): Record<string, string> {
  const spec = (obj.spec ?? {}) as { selector?: Record<string, unknown> };
  switch (obj.kind) {
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0)
        throw new KubectlError(`the pod has no labels and cannot be exposed`);
      return { ...obj.metadata.labels };
    case 'Service':
    case 'ReplicationController':
      if (!spec.selector) throw new KubectlError(`the service has no pod selector set`);
      return { ...(spec.selector as Record<string, string>) };
    default: {
      const sel = (spec.selector ?? {}) as {
        matchLabels?: Record<string, string>;
        matchExpressions?: unknown[];
      };
      if ((sel.matchExpressions ?? []).length)
        throw new KubectlError(
          `couldn't convert expressions - "${JSON.stringify(sel.matchExpressions)}" to map: invalid input`,
        );
      return { ...(sel.matchLabels ?? {}) };
    }
  }
}

/** The object's ports (ProtocolsForObject / PortsForObject). */
function portsOf(obj: KubeObject): { port: number; protocol: string }[] {
  if (obj.kind === 'Service')
    return ((obj.spec as { ports?: { port: number; protocol?: string }[] }).ports ?? []).map((p) => ({
      port: p.port,
      protocol: p.protocol ?? 'TCP',
    }));
  const podSpec = (
    obj.kind === 'Pod' ? obj.spec : (obj.spec as { template?: { spec?: unknown } }).template?.spec
  ) as { containers?: { ports?: { containerPort: number; protocol?: string }[] }[] } | undefined;
  return (podSpec?.containers ?? [])
    .flatMap((c) => c.ports ?? [])
    .map((p) => ({ port: p.containerPort, protocol: p.protocol ?? 'TCP' }));
}

export async function run(inv: Invocation): Promise<void> {
  rejectKustomize(inv);
  const filenames = inv.flags.strings('filename');
  if (inv.args.length === 0 && filenames.length === 0)
    // a plain error: kubectl prints no "See 'kubectl expose -h'" hint here
    throw new KubectlError(
      "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  checkOutput(inv, { typed: true });
  const dryRun = dryRunStrategy(inv);
  const { namespace, explicit } = inv.kube.namespace();
  // Builder without Latest(): objects named by arguments are fetched, objects from -f are used
  // as the file has them (so `expose -f x.yaml --dry-run=client` needs no object on the server).
  const result = await inv.kube.build({
    args: inv.args,
    filenames,
    recursive: inv.flags.bool('recursive'),
    namespace,
    enforceNamespace: explicit,
  });
  const { infos, errors } = await visitInfos(inv, result.refs, { latest: true, latestForFiles: false });
  const errs: Error[] = [...result.errors, ...errors];
  for (const info of infos) {
    try {
      await exposeOne(inv, info.object!, info.name, info.namespace || namespace, dryRun, info.mapping.group);
    } catch (e) {
      // like kubectl, the first object that cannot be exposed ends the command
      if (errs.length === 0) throw e;
      errs.push(e as Error);
    }
  }
  collectErrors(errs);
}

async function exposeOne(
  inv: Invocation,
  source: KubeObject,
  name: string,
  namespace: string,
  dryRun: ReturnType<typeof dryRunStrategy>,
  group: string,
): Promise<void> {
  const k = KINDS[source.kind.toLowerCase()];
  // CanBeExposedBy prints the GroupKind: `StatefulSet.apps`, `ConfigMap`
  if (!k) throw new KubectlError(`cannot expose a ${source.kind}${group ? `.${group}` : ''}`);
  const rest = inv.kube.rest();
  const obj = { ...source, kind: k.kind };
  let selector: Record<string, string>;
  const selectorFlag = inv.flags.string('selector');
  try {
    selector = selectorFlag
      ? Object.fromEntries(selectorFlag.split(',').map((kv) => kv.split('=', 2) as [string, string]))
      : selectorOf(obj);
  } catch (e) {
    throw new KubectlError(
      `couldn't retrieve selectors via --selector flag or introspection: ${(e as Error).message}`,
    );
  }
  const portFlag = inv.flags.string('port');
  const protocol = inv.flags.string('protocol');
  let ports: { port: number; protocol: string }[];
  if (portFlag)
    ports = portFlag.split(',').map((p) => {
      // strconv.Atoi: an optional sign and decimal digits only
      if (!/^[+-]?\d+$/.test(p))
        throw new KubectlError(`strconv.Atoi: parsing ${JSON.stringify(p)}: invalid syntax`);
      return { port: Number(p), protocol: protocol || 'TCP' };
    });
  else {
    ports = portsOf(obj);
    if (ports.length === 0) throw new KubectlError("couldn't find port via --port flag or introspection");
    if (protocol) ports = ports.map((p) => ({ ...p, protocol }));
  }
  const target = inv.flags.string('target-port');
  const specPorts = ports.map((p, i) => {
    const sp: Record<string, unknown> = {};
    if (ports.length > 1) sp.name = `port-${i + 1}`;
    sp.port = p.port;
    sp.protocol = p.protocol;
    sp.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : p.port;
    return sp;
  });
  const labelsFlag = inv.flags.string('labels');
  const labels = labelsFlag
    ? Object.fromEntries(labelsFlag.split(',').map((kv) => kv.split('=', 2) as [string, string]))
    : obj.metadata.labels;
  const spec: Record<string, unknown> = { ports: specPorts, selector };
  if (inv.flags.string('type')) spec.type = inv.flags.string('type');
  if (inv.flags.string('cluster-ip')) spec.clusterIP = inv.flags.string('cluster-ip');
  if (inv.flags.string('external-ip')) spec.externalIPs = inv.flags.string('external-ip').split(',');
  if (inv.flags.string('session-affinity')) spec.sessionAffinity = inv.flags.string('session-affinity');
  const metadata: Record<string, unknown> = { creationTimestamp: null };
  if (labels && Object.keys(labels).length) metadata.labels = labels;
  metadata.name = inv.flags.string('name') || name;
  let svc: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: metadata as KubeObject['metadata'],
    spec,
    status: { loadBalancer: {} },
  };
  let typed = true;
  if (dryRun !== 'client') {
    const mapping = {
      name: 'services',
      singularName: '',
      namespaced: true,
      group: '',
      version: 'v1',
      kind: 'Service',
      verbs: [],
      shortNames: [],
      categories: [],
      preferred: true,
    };
    delete (svc.metadata as Record<string, unknown>).creationTimestamp;
    svc = await new Helper(rest, mapping).create(namespace, svc, {
      dryRun: dryRun === 'server',
      fieldManager: inv.flags.string('field-manager') || 'kubectl-expose',
      fieldValidation: 'Strict',
    });
    typed = false;
  }
  printObject(inv, svc, `exposed${dryRunSuffix(dryRun)}`, { typed });
}
