/**
 * Printers for the core (v1) group: columns and cells exactly as printers.go registers them.
 */
import type {
  ConfigMap,
  Endpoints,
  Event,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import { DOC } from './descriptions';
import {
  compareStrings,
  formatLabels,
  int,
  joinHostPort,
  layoutContainerCells,
  parseTime,
  str,
  translateTimestampSince,
} from './format';
import { humanDuration } from '../../../apimachinery/duration';
import { printPod } from './pod';
import { col, type Printer } from './types';

const NAME = col('Name', 'string', DOC.name, 0, 'name');
const AGE = col('Age', 'string', DOC.creationTimestamp);
const CONTAINERS = 'Names of each container in the template.';
const IMAGES = 'Images referenced by each container in the template.';

const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata.creationTimestamp, now);

export const podPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'The aggregate readiness state of this pod for accepting traffic.'),
    col('Status', 'string', 'The aggregate status of the containers in this pod.'),
    col(
      'Restarts',
      'string',
      'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.',
    ),
    AGE,
    col('IP', 'string', DOC.podIP, 1),
    col('Node', 'string', DOC.nodeName, 1),
    col('Nominated Node', 'string', DOC.nominatedNodeName, 1),
    col('Readiness Gates', 'string', DOC.readinessGates, 1),
  ],
  print: (o, now) => printPod(o as unknown as Pod, now),
};

export const namespacePrinter: Printer = {
  columns: [NAME, col('Status', 'string', 'The status of the namespace'), AGE],
  print: (o, now) => {
    const ns = o as unknown as Namespace;
    return { cells: [o.metadata.name ?? '', str(ns.status?.phase), age(o, now)] };
  },
};

export const configMapPrinter: Printer = {
  columns: [NAME, col('Data', 'string', DOC.cmData), AGE],
  print: (o, now) => {
    const cm = o as unknown as ConfigMap;
    const n = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
    return { cells: [o.metadata.name ?? '', n, age(o, now)] };
  },
};

export const secretPrinter: Printer = {
  columns: [NAME, col('Type', 'string', DOC.secretType), col('Data', 'string', DOC.secretData), AGE],
  print: (o, now) => {
    const s = o as unknown as Secret;
    return { cells: [o.metadata.name ?? '', str(s.type), Object.keys(s.data ?? {}).length, age(o, now)] };
  },
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, col('Secrets', 'string', DOC.saSecrets), AGE],
  print: (o, now) => {
    const sa = o as unknown as ServiceAccount;
    return { cells: [o.metadata.name ?? '', (sa.secrets ?? []).length, age(o, now)] };
  },
};

/** loadBalancerStatusStringer: ingress IPs (or hostnames), deduplicated and sorted; clipped unless wide. */
function loadBalancerStatusStringer(svc: Service, wide: boolean): string {
  const set = new Set<string>();
  for (const ing of svc.status?.loadBalancer?.ingress ?? []) {
    if (ing.ip) set.add(ing.ip);
    else if (ing.hostname) set.add(ing.hostname);
  }
  let r = [...set].sort(compareStrings).join(',');
  if (!wide && r.length > 16) r = r.slice(0, 13) + '...';
  return r;
}

/**
 * getServiceExternalIP. The apiserver generates the table with Wide: true, so the load balancer
 * list is never clipped in what it returns (kubectl does not clip it either).
 */
function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lbIps = loadBalancerStatusStringer(svc, true);
      if (externalIPs.length > 0) {
        const results = lbIps.length > 0 ? lbIps.split(',') : [];
        return [...results, ...externalIPs].join(',');
      }
      return lbIps.length > 0 ? lbIps : '<pending>';
    }
    case 'ExternalName':
      return svc.spec?.externalName ?? '';
  }
  return '<unknown>';
}

function makePortString(svc: Service): string {
  return (svc.spec?.ports ?? [])
    .map((p) =>
      p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`,
    )
    .join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    col('Type', 'string', DOC.svcType),
    col('Cluster-IP', 'string', DOC.svcClusterIP),
    col('External-IP', 'string', DOC.svcExternalIPs),
    col('Port(s)', 'string', DOC.svcPorts),
    AGE,
    col('Selector', 'string', DOC.svcSelector, 1),
  ],
  print: (o, now) => {
    const svc = o as unknown as Service;
    // v1 → internal conversion fills clusterIPs from clusterIP when only the latter is set.
    const clusterIPs = svc.spec?.clusterIPs?.length
      ? svc.spec.clusterIPs
      : svc.spec?.clusterIP
        ? [svc.spec.clusterIP]
        : [];
    const internalIP = clusterIPs[0] ?? '<none>';
    const ports = makePortString(svc) || '<none>';
    return {
      cells: [
        o.metadata.name ?? '',
        str(svc.spec?.type),
        internalIP,
        serviceExternalIP(svc),
        ports,
        age(o, now),
        formatLabels(svc.spec?.selector),
      ],
    };
  },
};

/** formatEndpoints (ports = nil: all ports): the first three `ip:port`, then ` + N more...`. */
export function formatEndpoints(ep: Endpoints, portNames?: Set<string>): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    if ((ss.ports ?? []).length === 0) {
      // headless services may have no ports
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports ?? []) {
      if (portNames === undefined || portNames.has(port.name ?? '')) {
        count += addresses.length;
        for (const a of addresses) {
          if (list.length === max) {
            more = true;
            break;
          }
          list.push(joinHostPort(a.ip, port.port));
        }
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const endpointsPrinter: Printer = {
  columns: [NAME, col('Endpoints', 'string', DOC.epSubsets), AGE],
  print: (o, now) => ({
    cells: [o.metadata.name ?? '', formatEndpoints(o as unknown as Endpoints), age(o, now)],
  }),
};

/** findNodeRoles: `node-role.kubernetes.io/<role>` keys and `kubernetes.io/role=<role>`, sorted. */
export function findNodeRoles(labels: Record<string, string> | undefined): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role.length > 0) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') {
      roles.add(v);
    }
  }
  return [...roles].sort(compareStrings);
}

export const nodePrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    AGE,
    col('Version', 'string', DOC.kubeletVersion),
    col('Internal-IP', 'string', DOC.nodeAddresses, 1),
    col('External-IP', 'string', DOC.nodeAddresses, 1),
    col('OS-Image', 'string', DOC.osImage, 1),
    col('Kernel-Version', 'string', DOC.kernelVersion, 1),
    col('Container-Runtime', 'string', DOC.containerRuntimeVersion, 1),
  ],
  print: (o, now) => {
    const node = o as unknown as Node;
    const status: string[] = [];
    // Only the Ready condition is reported (NodeAllConditions = [NodeReady]); the last one wins.
    const ready = [...(node.status?.conditions ?? [])].reverse().find((c) => c.type === 'Ready');
    if (ready) status.push(ready.status === 'True' ? 'Ready' : 'NotReady');
    if (status.length === 0) status.push('Unknown');
    if (node.spec?.unschedulable) status.push('SchedulingDisabled');
    const roles = findNodeRoles(node.metadata?.labels).join(',') || '<none>';
    const info = node.status?.nodeInfo;
    const address = (type: string): string =>
      (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
    return {
      cells: [
        o.metadata.name ?? '',
        status.join(','),
        roles,
        age(o, now),
        info?.kubeletVersion ?? '',
        address('InternalIP'),
        address('ExternalIP'),
        info?.osImage || '<unknown>',
        info?.kernelVersion || '<unknown>',
        info?.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
};

/** formatEventSource: `component, host`, falling back to reportingController / reportingInstance. */
function formatEventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || '';
  const instance = e.source?.host || e.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

/** The events.k8s.io/v1 shape mapped onto core/v1 field names (as the apiserver's conversion does). */
export function asCoreEvent(o: KubeObject): Event {
  if (!o.apiVersion.startsWith('events.k8s.io/')) return o as unknown as Event;
  const e = o as Record<string, unknown>;
  return {
    ...(o as unknown as Event),
    involvedObject: (e.regarding ?? {}) as Event['involvedObject'],
    message: e.note as string | undefined,
    source: e.deprecatedSource as Event['source'],
    firstTimestamp: e.deprecatedFirstTimestamp as string | undefined,
    lastTimestamp: e.deprecatedLastTimestamp as string | undefined,
    count: e.deprecatedCount as number | undefined,
    reportingComponent: (e.reportingController as string | undefined) ?? '',
  };
}

const translateMicro = (ts: unknown, now: number): string => translateTimestampSince(ts, now);

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', DOC.evLastTimestamp),
    col('Type', 'string', DOC.evType),
    col('Reason', 'string', DOC.evReason),
    col('Object', 'string', DOC.evInvolvedObject),
    col('Subobject', 'string', DOC.evFieldPath, 1),
    col('Source', 'string', DOC.evSource, 1),
    col('Message', 'string', DOC.evMessage),
    col('First Seen', 'string', DOC.evFirstTimestamp, 1),
    col('Count', 'string', DOC.evCount, 1),
    col('Name', 'string', DOC.name, 1, 'name'),
  ],
  print: (o, now) => {
    const e = asCoreEvent(o);
    let firstTimestamp = translateTimestampSince(e.firstTimestamp, now);
    if (parseTime(e.firstTimestamp) === undefined) firstTimestamp = translateMicro(e.eventTime, now);
    let lastTimestamp = translateTimestampSince(e.lastTimestamp, now);
    if (parseTime(e.lastTimestamp) === undefined) lastTimestamp = firstTimestamp;
    let count = e.count ?? 0;
    if (e.series) {
      lastTimestamp = translateMicro(e.series.lastObservedTime, now);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      // singleton events of the new API have no count
      count = 1;
    }
    const kind = (e.involvedObject?.kind ?? '').toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject.name}` : kind;
    return {
      cells: [
        lastTimestamp,
        e.type ?? '',
        e.reason ?? '',
        target,
        e.involvedObject?.fieldPath ?? '',
        formatEventSource(e),
        (e.message ?? '').trim(),
        firstTimestamp,
        count,
        o.metadata.name ?? '',
      ],
    };
  },
};

export const replicationControllerPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', DOC.rcReplicas),
    col('Current', 'integer', DOC.rcStatusReplicas),
    col('Ready', 'integer', DOC.rcReadyReplicas),
    AGE,
    col('Containers', 'string', CONTAINERS, 1),
    col('Images', 'string', IMAGES, 1),
    col('Selector', 'string', DOC.rcSelector, 1),
  ],
  print: (o, now) => {
    const rc = o as unknown as ReplicationController;
    const [names, images] = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        int(rc.spec?.replicas),
        int(rc.status?.replicas),
        int(rc.status?.readyReplicas),
        age(o, now),
        names,
        images,
        formatLabels(rc.spec?.selector),
      ],
    };
  },
};

/** helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, comma-joined. */
function accessModesString(modes: string[] | undefined): string {
  const m = new Set(modes ?? []);
  const out: string[] = [];
  if (m.has('ReadWriteOnce')) out.push('RWO');
  if (m.has('ReadOnlyMany')) out.push('ROX');
  if (m.has('ReadWriteMany')) out.push('RWX');
  if (m.has('ReadWriteOncePod')) out.push('RWOP');
  return out.join(',');
}

export const persistentVolumePrinter: Printer = {
  columns: [
    NAME,
    col('Capacity', 'string', DOC.pvCapacity),
    col('Access Modes', 'string', DOC.pvAccessModes),
    col('Reclaim Policy', 'string', DOC.pvReclaim),
    col('Status', 'string', DOC.pvPhase),
    col('Claim', 'string', DOC.pvClaimRef),
    col('StorageClass', 'string', 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', DOC.pvReason),
    AGE,
    col('VolumeMode', 'string', DOC.pvVolumeMode, 1),
  ],
  print: (o, now) => {
    const pv = o as unknown as PersistentVolume;
    const claim = pv.spec?.claimRef
      ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}`
      : '';
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(pv.status?.phase);
    const storageClass =
      o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pv.spec?.storageClassName ?? '';
    return {
      cells: [
        o.metadata.name ?? '',
        String(pv.spec?.capacity?.storage ?? '0'),
        accessModesString(pv.spec?.accessModes),
        str(pv.spec?.persistentVolumeReclaimPolicy),
        phase,
        claim,
        storageClass,
        pv.spec?.volumeAttributesClassName ?? '<unset>',
        str(pv.status?.reason),
        age(o, now),
        pv.spec?.volumeMode ?? '<unset>',
      ],
    };
  },
};

export const persistentVolumeClaimPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', DOC.pvcPhase),
    col('Volume', 'string', DOC.pvcVolumeName),
    col('Capacity', 'string', DOC.pvcCapacity),
    col('Access Modes', 'string', DOC.pvcAccessModes),
    col('StorageClass', 'string', 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    AGE,
    col('VolumeMode', 'string', DOC.pvcVolumeMode, 1),
  ],
  print: (o, now) => {
    const pvc = o as unknown as PersistentVolumeClaim;
    const phase = o.metadata.deletionTimestamp ? 'Terminating' : str(pvc.status?.phase);
    let capacity = '';
    let accessModes = '';
    if (pvc.spec?.volumeName) {
      accessModes = accessModesString(pvc.status?.accessModes);
      capacity = String(pvc.status?.capacity?.storage ?? '0');
    }
    const storageClass =
      o.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? pvc.spec?.storageClassName ?? '';
    return {
      cells: [
        o.metadata.name ?? '',
        phase,
        pvc.spec?.volumeName ?? '',
        capacity,
        accessModes,
        storageClass,
        pvc.spec?.volumeAttributesClassName ?? '<unset>',
        age(o, now),
        pvc.spec?.volumeMode ?? '<unset>',
      ],
    };
  },
};

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME,
    col(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    col(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    AGE,
  ],
  print: (o, now) => {
    const q = o as unknown as ResourceQuota;
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    const request: string[] = [];
    const limit: string[] = [];
    for (const resource of Object.keys(hard).sort(compareStrings)) {
      const pieces = resource.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limit : request;
      target.push(`${resource}: ${String(used[resource] ?? '0')}/${String(hard[resource])}`);
    }
    return { cells: [o.metadata.name ?? '', request.join(', '), limit.join(', '), age(o, now)] };
  },
};

/** Used by the job printer too: DURATION is a raw HumanDuration (negative → `<invalid>`). */
export function durationBetween(startMs: number, endMs: number): string {
  return humanDuration(endMs - startMs);
}
