/**
 * NodeDescriber / describeNode: the node's conditions, capacity, the non-terminated pods on it
 * with their requests and limits as a share of allocatable, and the allocated totals.
 */
import type { Container, Event, Node, Pod, ResourceRequirements } from 'kubernetes-types/core/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import { parseQuantity, type Quantity } from '../../apimachinery/quantity';
import { isForbidden, type DescribeClient } from './client';
import { describeEvents, searchEvents } from './events';
import {
  compareStrings,
  formatRFC1123Z,
  printAnnotationsMultiline,
  printLabelsMultiline,
  printNodeTaintsMultiline,
  sortedKeys,
  translateTimestampSince,
} from './helpers';
import type { DescribeSettings } from './types';
import { LEVEL_0, LEVEL_1, tabbedStringSync, type PrefixWriter } from './writer';

type ResourceList = Map<string, Quantity>;

function toQuantity(v: unknown): Quantity | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  try {
    return parseQuantity(String(v));
  } catch {
    return undefined;
  }
}

const ZERO = parseQuantity('0');

function addResourceList(list: ResourceList, add: Record<string, unknown> | ResourceList | undefined): void {
  const entries = add instanceof Map ? [...add.entries()] : Object.entries(add ?? {});
  for (const [name, v] of entries) {
    const q = v instanceof Object && 'cmp' in (v as object) ? (v as Quantity) : toQuantity(v);
    if (!q) continue;
    const prev = list.get(name);
    list.set(name, prev ? prev.add(q) : q);
  }
}

function maxResourceList(list: ResourceList, other: ResourceList): void {
  for (const [name, q] of other) {
    const prev = list.get(name);
    if (!prev || q.cmp(prev) > 0) list.set(name, q);
  }
}

const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';

/**
 * resourcehelper.PodRequestsAndLimits (kubectl/pkg/util/resource): containers summed, init
 * containers as a maximum (sidecars added to both), plus the pod overhead.
 */
export function podRequestsAndLimits(pod: Pod): { reqs: ResourceList; limits: ResourceList } {
  const spec = pod.spec ?? { containers: [] };
  const sum = (
    pick: (r: ResourceRequirements | undefined) => Record<string, unknown> | undefined,
  ): ResourceList => {
    const total: ResourceList = new Map();
    for (const c of spec.containers ?? []) addResourceList(total, pick(c.resources));
    const restartable: ResourceList = new Map();
    const initMax: ResourceList = new Map();
    for (const c of spec.initContainers ?? []) {
      let containerList: ResourceList;
      if (isSidecar(c)) {
        addResourceList(total, pick(c.resources));
        addResourceList(restartable, pick(c.resources));
        containerList = restartable;
      } else {
        containerList = new Map();
        addResourceList(containerList, pick(c.resources));
        addResourceList(containerList, restartable);
      }
      maxResourceList(initMax, containerList);
    }
    maxResourceList(total, initMax);
    return total;
  };
  const reqs = sum((r) => r?.requests);
  const limits = sum((r) => r?.limits);
  if (spec.overhead) {
    addResourceList(reqs, spec.overhead);
    // overhead is only added to limits that are set
    for (const [name, v] of Object.entries(spec.overhead)) {
      const prev = limits.get(name);
      const q = toQuantity(v);
      if (prev && q) limits.set(name, prev.add(q));
    }
  }
  return { reqs, limits };
}

const get = (list: ResourceList, name: string): Quantity => list.get(name) ?? ZERO;

/** int64(float64(a) / float64(b) * 100); Go's conversion of ±Inf/NaN is not modelled (0). */
function percent(a: number, b: number): number {
  const f = (a / b) * 100;
  return Number.isFinite(f) ? Math.trunc(f) : 0;
}

const standardContainerResources = new Set(['cpu', 'memory', 'ephemeral-storage']);

function describeNodeResource(pods: Pod[], node: Node, w: PrefixWriter, now: number): void {
  w.write(LEVEL_0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  w.write(LEVEL_1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(LEVEL_1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const allocatableRaw =
    Object.keys(node.status?.allocatable ?? {}).length > 0 ? node.status?.allocatable : node.status?.capacity;
  const allocatable: ResourceList = new Map();
  addResourceList(allocatable, allocatableRaw);
  const allocCpu = get(allocatable, 'cpu').milliValue();
  const allocMem = get(allocatable, 'memory').value();
  for (const pod of pods) {
    const { reqs, limits } = podRequestsAndLimits(pod);
    const cpuReq = get(reqs, 'cpu');
    const cpuLimit = get(limits, 'cpu');
    const memReq = get(reqs, 'memory');
    const memLimit = get(limits, 'memory');
    w.write(
      LEVEL_1,
      `${pod.metadata?.namespace ?? ''}\t${pod.metadata?.name ?? ''}\t\t` +
        `${cpuReq.toString()} (${percent(cpuReq.milliValue(), allocCpu)}%)\t` +
        `${cpuLimit.toString()} (${percent(cpuLimit.milliValue(), allocCpu)}%)\t` +
        `${memReq.toString()} (${percent(memReq.value(), allocMem)}%)\t` +
        `${memLimit.toString()} (${percent(memLimit.value(), allocMem)}%)\t` +
        `${translateTimestampSince(pod.metadata?.creationTimestamp, now)}\n`,
    );
  }
  w.write(LEVEL_0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(LEVEL_1, 'Resource\tRequests\tLimits\n');
  w.write(LEVEL_1, '--------\t--------\t------\n');
  const reqs: ResourceList = new Map();
  const limits: ResourceList = new Map();
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    addResourceList(reqs, r.reqs);
    addResourceList(limits, r.limits);
  }
  const row = (name: string, allocatableValue: (q: Quantity) => number): void => {
    const alloc = allocatableValue(get(allocatable, name));
    const req = get(reqs, name);
    const lim = get(limits, name);
    const fr = alloc !== 0 ? percent(allocatableValue(req), alloc) : 0;
    const fl = alloc !== 0 ? percent(allocatableValue(lim), alloc) : 0;
    w.write(LEVEL_1, `${name}\t${req.toString()} (${fr}%)\t${lim.toString()} (${fl}%)\n`);
  };
  row('cpu', (q) => q.milliValue());
  row('memory', (q) => q.value());
  row('ephemeral-storage', (q) => q.value());
  const hugePages: string[] = [];
  const ext: string[] = [];
  for (const name of allocatable.keys()) {
    if (name.startsWith('hugepages-')) hugePages.push(name);
    else if (!standardContainerResources.has(name) && name !== 'pods') ext.push(name);
  }
  for (const name of hugePages.sort(compareStrings)) row(name, (q) => q.value());
  for (const name of ext.sort(compareStrings)) {
    w.write(LEVEL_1, `${name}\t${get(reqs, name).toString()}\t${get(limits, name).toString()}\n`);
  }
}

/** findNodeRoles. */
function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(compareStrings);
}

export async function describeNodeByName(
  client: DescribeClient,
  _namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const node = await client.get<Node>('v1', 'nodes', undefined, name);
  let pods: Pod[] | undefined;
  try {
    pods = await client.list<Pod>('v1', 'pods', undefined, {
      fieldSelector: `spec.nodeName=${name},status.phase!=Succeeded,status.phase!=Failed`,
    });
  } catch (e) {
    if (!isForbidden(e)) throw e;
    pods = undefined;
  }
  let events: Event[] | undefined;
  if (settings.showEvents) {
    // The node controller records events with the node's uid, the kubelet with its name.
    const byUid = await searchEvents(client, { kind: 'Node', name, namespace: '', uid: node.metadata?.uid });
    const byName = await searchEvents(client, { kind: 'Node', name, namespace: '', uid: name });
    events = byUid || byName ? [...(byUid ?? []), ...(byName ?? [])] : undefined;
  }
  let lease: Lease | undefined;
  let leaseErr: Error | undefined;
  try {
    lease = await client.get<Lease>('coordination.k8s.io/v1', 'leases', 'kube-node-lease', name);
  } catch (e) {
    leaseErr = e as Error;
  }
  return describeNode(node, pods, events, { lease, error: leaseErr }, settings.now);
}

export function describeNode(
  node: Node,
  pods: Pod[] | undefined,
  events: Event[] | undefined,
  lease: { lease?: Lease; error?: Error },
  now: number,
): string {
  return tabbedStringSync((w) => {
    const status = node.status ?? {};
    w.write(LEVEL_0, `Name:\t${node.metadata?.name ?? ''}\n`);
    const roles = findNodeRoles(node.metadata?.labels);
    w.write(LEVEL_0, `Roles:\t${roles.length > 0 ? roles.join(',') : '<none>'}\n`);
    printLabelsMultiline(w, 'Labels', node.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', node.metadata?.annotations);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(node.metadata?.creationTimestamp)}\n`);
    printNodeTaintsMultiline(w, 'Taints', node.spec?.taints);
    w.write(LEVEL_0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
    if (lease.lease) {
      const spec = lease.lease.spec;
      w.write(LEVEL_0, 'Lease:\n');
      w.write(LEVEL_1, `HolderIdentity:\t${spec?.holderIdentity ?? '<unset>'}\n`);
      w.write(LEVEL_1, `AcquireTime:\t${spec?.acquireTime ? formatRFC1123Z(spec.acquireTime) : '<unset>'}\n`);
      w.write(LEVEL_1, `RenewTime:\t${spec?.renewTime ? formatRFC1123Z(spec.renewTime) : '<unset>'}\n`);
    } else {
      w.write(LEVEL_0, `Lease:\tFailed to get lease: ${lease.error?.message ?? ''}\n`);
    }
    const conditions = status.conditions ?? [];
    if (conditions.length > 0) {
      w.write(
        LEVEL_0,
        'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n',
      );
      w.write(LEVEL_1, '----\t------\t-----------------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type} \t${c.status} \t${formatRFC1123Z(c.lastHeartbeatTime)} \t${formatRFC1123Z(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`,
        );
      }
    }
    w.write(LEVEL_0, 'Addresses:\n');
    for (const a of status.addresses ?? []) w.write(LEVEL_1, `${a.type}:\t${a.address}\n`);
    const printResourceList = (list: Record<string, unknown> | undefined): void => {
      for (const r of sortedKeys(list)) w.write(LEVEL_0, `  ${r}:\t${String(list![r])}\n`);
    };
    if (Object.keys(status.capacity ?? {}).length > 0) {
      w.write(LEVEL_0, 'Capacity:\n');
      printResourceList(status.capacity);
    }
    if (Object.keys(status.allocatable ?? {}).length > 0) {
      w.write(LEVEL_0, 'Allocatable:\n');
      printResourceList(status.allocatable);
    }
    const info = status.nodeInfo;
    w.write(LEVEL_0, 'System Info:\n');
    w.write(LEVEL_0, `  Machine ID:\t${info?.machineID ?? ''}\n`);
    w.write(LEVEL_0, `  System UUID:\t${info?.systemUUID ?? ''}\n`);
    w.write(LEVEL_0, `  Boot ID:\t${info?.bootID ?? ''}\n`);
    w.write(LEVEL_0, `  Kernel Version:\t${info?.kernelVersion ?? ''}\n`);
    w.write(LEVEL_0, `  OS Image:\t${info?.osImage ?? ''}\n`);
    w.write(LEVEL_0, `  Operating System:\t${info?.operatingSystem ?? ''}\n`);
    w.write(LEVEL_0, `  Architecture:\t${info?.architecture ?? ''}\n`);
    w.write(LEVEL_0, `  Container Runtime Version:\t${info?.containerRuntimeVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kubelet Version:\t${info?.kubeletVersion ?? ''}\n`);
    w.write(LEVEL_0, `  Kube-Proxy Version:\t${info?.kubeProxyVersion ?? ''}\n`);
    if (node.spec?.podCIDR) w.write(LEVEL_0, `PodCIDR:\t${node.spec.podCIDR}\n`);
    if ((node.spec?.podCIDRs ?? []).length > 0)
      w.write(LEVEL_0, `PodCIDRs:\t${(node.spec?.podCIDRs ?? []).join(',')}\n`);
    if (node.spec?.providerID) w.write(LEVEL_0, `ProviderID:\t${node.spec.providerID}\n`);
    if (pods) describeNodeResource(pods, node, w, now);
    else w.write(LEVEL_0, 'Pods:\tnot authorized\n');
    if (events) describeEvents(events, w, now);
  });
}
