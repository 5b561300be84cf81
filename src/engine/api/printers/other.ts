/**
 * Printers for the remaining groups (discovery, scheduling, autoscaling, policy, coordination,
 * networking, storage, rbac, node), as printers.go registers them.
 */
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { Ingress, IngressClass, NetworkPolicy } from 'kubernetes-types/networking/v1';
import type { StorageClass } from 'kubernetes-types/storage/v1';
import type { ClusterRoleBinding, RoleBinding, Subject } from 'kubernetes-types/rbac/v1';
import type { KubeObject } from '../../../api/types';
import { DOC } from './descriptions';
import {
  compareStrings,
  formatLabelSelector,
  int,
  intOrStringString,
  listWithMoreString,
  translateTimestampSince,
} from './format';
import { col, type Printer } from './types';

const NAME = col('Name', 'string', DOC.name, 0, 'name');
const AGE = col('Age', 'string', DOC.creationTimestamp);

const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata.creationTimestamp, now);

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    col('AddressType', 'string', DOC.epsAddressType),
    col('Ports', 'string', DOC.epsPorts),
    col('Endpoints', 'string', DOC.epsEndpoints),
    AGE,
  ],
  print: (o, now) => {
    const eps = o as unknown as EndpointSlice;
    const max = 3;
    // formatDiscoveryPorts
    const ports: string[] = [];
    let more = false;
    let count = 0;
    for (const p of eps.ports ?? []) {
      if (ports.length < max) ports.push(p.port != null ? String(p.port) : (p.name ?? '*'));
      else if (ports.length === max) more = true;
      count++;
    }
    const portsCell = listWithMoreString(ports, more, count, max);
    // formatDiscoveryEndpoints
    const addrs: string[] = [];
    more = false;
    count = 0;
    for (const ep of eps.endpoints ?? []) {
      for (const a of ep.addresses ?? []) {
        if (addrs.length < max) addrs.push(a);
        else if (addrs.length === max) more = true;
        count++;
      }
    }
    return {
      cells: [
        o.metadata.name ?? '',
        eps.addressType ?? '',
        portsCell,
        listWithMoreString(addrs, more, count, max),
        age(o, now),
      ],
    };
  },
};

export const priorityClassPrinter: Printer = {
  columns: [
    NAME,
    col('Value', 'integer', DOC.pcValue),
    col('Global-Default', 'boolean', DOC.pcGlobalDefault),
    AGE,
    col('PreemptionPolicy', 'string', DOC.pcPreemptionPolicy, 1),
  ],
  print: (o, now) => {
    const pc = o as unknown as PriorityClass;
    return {
      cells: [
        o.metadata.name ?? '',
        int(pc.value),
        pc.globalDefault === true,
        age(o, now),
        pc.preemptionPolicy ?? '',
      ],
    };
  },
};

/**
 * The internal (version-independent) form of an HPA's metrics, which is what printers.go works on:
 * autoscaling/v1 objects carry a single CPU target, and an HPA without metrics is read back with the
 * v2 default of 80% CPU (the storage version's defaulting runs when it is decoded).
 */
function hpaMetrics(o: KubeObject): { specs: MetricSpec[]; statuses: MetricStatus[] } {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  const status = (o.status ?? {}) as Record<string, unknown>;
  let specs = (spec.metrics as MetricSpec[] | undefined) ?? [];
  let statuses = (status.currentMetrics as MetricStatus[] | undefined) ?? [];
  if (o.apiVersion === 'autoscaling/v1') {
    const target = spec.targetCPUUtilizationPercentage;
    specs = [
      {
        type: 'Resource',
        resource: {
          name: 'cpu',
          target: { type: 'Utilization', averageUtilization: typeof target === 'number' ? target : 80 },
        },
      },
    ];
    const current = status.currentCPUUtilizationPercentage;
    statuses =
      typeof current === 'number'
        ? [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } }]
        : [];
  } else if (specs.length === 0) {
    specs = [
      {
        type: 'Resource',
        resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
      },
    ];
  }
  return { specs, statuses };
}

const q = (v: unknown): string => (v === undefined || v === null ? '<unknown>' : String(v));

/** formatHPAMetrics: `cpu: 45%/80%`, `memory: 12Mi/500Mi`, `<unknown>` currents; at most two entries. */
export function formatHPAMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  let list: string[] = [];
  const max = 2;
  let count = 0;
  specs.forEach((spec, i) => {
    const st = statuses[i];
    switch (spec.type) {
      case 'External': {
        const target = spec.external?.target;
        if (target?.averageValue != null) {
          const current =
            st?.external?.current?.averageValue != null
              ? String(st.external.current.averageValue)
              : '<unknown>';
          list.push(`${current}/${String(target.averageValue)} (avg)`);
        } else {
          const current = st?.external ? q(st.external.current?.value) : '<unknown>';
          list.push(`${current}/${q(target?.value)}`);
        }
        break;
      }
      case 'Pods': {
        const current = st?.pods ? q(st.pods.current?.averageValue) : '<unknown>';
        list.push(`${current}/${q(spec.pods?.target?.averageValue)}`);
        break;
      }
      case 'Object': {
        const target = spec.object?.target;
        if (target?.averageValue != null) {
          const current =
            st?.object?.current?.averageValue != null ? String(st.object.current.averageValue) : '<unknown>';
          list.push(`${current}/${String(target.averageValue)} (avg)`);
        } else {
          const current = st?.object ? q(st.object.current?.value) : '<unknown>';
          list.push(`${current}/${q(target?.value)}`);
        }
        break;
      }
      case 'Resource': {
        const r = spec.resource;
        if (r?.target?.averageValue != null) {
          const current = st?.resource ? q(st.resource.current?.averageValue) : '<unknown>';
          list.push(`${r.name}: ${current}/${String(r.target.averageValue)}`);
        } else {
          const util = st?.resource?.current?.averageUtilization;
          const current = typeof util === 'number' ? `${util}%` : '<unknown>';
          const t = r?.target?.averageUtilization;
          list.push(`${r?.name ?? ''}: ${current}/${typeof t === 'number' ? `${t}%` : '<auto>'}`);
        }
        break;
      }
      case 'ContainerResource': {
        const r = spec.containerResource;
        if (r?.target?.averageValue != null) {
          const current = st?.containerResource ? q(st.containerResource.current?.averageValue) : '<unknown>';
          list.push(`${r.name}: ${current}/${String(r.target.averageValue)}`);
        } else {
          const util = st?.containerResource?.current?.averageUtilization;
          const current = typeof util === 'number' ? `${util}%` : '<unknown>';
          const t = r?.target?.averageUtilization;
          list.push(`${r?.name ?? ''}: ${current}/${typeof t === 'number' ? `${t}%` : '<auto>'}`);
        }
        break;
      }
      default:
        list.push('<unknown type>');
    }
    count++;
  });
  let more = false;
  if (count > max) {
    list = list.slice(0, max);
    more = true;
  }
  const ret = list.join(', ');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export const hpaPrinter: Printer = {
  columns: [
    NAME,
    col('Reference', 'string', DOC.hpaScaleTargetRef),
    col('Targets', 'string', DOC.hpaMetrics),
    col('MinPods', 'string', DOC.hpaMinReplicas),
    col('MaxPods', 'string', DOC.hpaMaxReplicas),
    col('Replicas', 'string', DOC.hpaCurrentReplicas),
    AGE,
  ],
  print: (o, now) => {
    const hpa = o as unknown as HorizontalPodAutoscaler;
    const ref = hpa.spec?.scaleTargetRef;
    const { specs, statuses } = hpaMetrics(o);
    const min = hpa.spec?.minReplicas;
    return {
      cells: [
        o.metadata.name ?? '',
        `${ref?.kind ?? ''}/${ref?.name ?? ''}`,
        formatHPAMetrics(specs, statuses),
        typeof min === 'number' ? String(min) : '<unset>',
        int(hpa.spec?.maxReplicas),
        int(hpa.status?.currentReplicas),
        age(o, now),
      ],
    };
  },
};

export const pdbPrinter: Printer = {
  columns: [
    NAME,
    col('Min Available', 'string', 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  print: (o, now) => {
    const pdb = o as unknown as PodDisruptionBudget;
    const min = pdb.spec?.minAvailable != null ? intOrStringString(pdb.spec.minAvailable) : 'N/A';
    const max = pdb.spec?.maxUnavailable != null ? intOrStringString(pdb.spec.maxUnavailable) : 'N/A';
    return { cells: [o.metadata.name ?? '', min, max, int(pdb.status?.disruptionsAllowed), age(o, now)] };
  },
};

export const leasePrinter: Printer = {
  columns: [NAME, col('Holder', 'string', DOC.leaseHolder), AGE],
  print: (o, now) => {
    const lease = o as unknown as Lease;
    return { cells: [o.metadata.name ?? '', lease.spec?.holderIdentity ?? '', age(o, now)] };
  },
};

export const ingressPrinter: Printer = {
  columns: [
    NAME,
    col(
      'Class',
      'string',
      'The name of the IngressClass resource that should be used for additional configuration',
    ),
    col('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    col('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    col('Ports', 'string', 'Ports of TLS configurations that open'),
    AGE,
  ],
  print: (o, now) => {
    const ing = o as unknown as Ingress;
    const rules = ing.spec?.rules ?? [];
    // formatHosts
    const hosts: string[] = [];
    const max = 3;
    let more = false;
    for (const rule of rules) {
      if (hosts.length === max) more = true;
      if (!more && rule.host) hosts.push(rule.host);
    }
    let hostsCell = hosts.length === 0 ? '*' : hosts.join(',');
    if (hosts.length > 0 && more) hostsCell = `${hostsCell} + ${rules.length - max} more...`;
    const addrs = new Set<string>();
    for (const i of ing.status?.loadBalancer?.ingress ?? []) {
      if (i.ip) addrs.add(i.ip);
      else if (i.hostname) addrs.add(i.hostname);
    }
    return {
      cells: [
        o.metadata.name ?? '',
        ing.spec?.ingressClassName ?? '<none>',
        hostsCell,
        [...addrs].sort(compareStrings).join(','),
        (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80',
        age(o, now),
      ],
    };
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME,
    col('Controller', 'string', 'Controller that is responsible for handling this class'),
    col('Parameters', 'string', 'A reference to a resource with additional parameters'),
    AGE,
  ],
  print: (o, now) => {
    const ic = o as unknown as IngressClass;
    const p = ic.spec?.parameters;
    let parameters = '<none>';
    if (p) parameters = `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}`;
    return { cells: [o.metadata.name ?? '', ic.spec?.controller ?? '', parameters, age(o, now)] };
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME, col('Pod-Selector', 'string', DOC.npPodSelector), AGE],
  print: (o, now) => {
    const np = o as unknown as NetworkPolicy;
    return { cells: [o.metadata.name ?? '', formatLabelSelector(np.spec?.podSelector ?? {}), age(o, now)] };
  },
};

export const storageClassPrinter: Printer = {
  columns: [
    NAME,
    col('Provisioner', 'string', DOC.scProvisioner),
    col('ReclaimPolicy', 'string', DOC.scReclaimPolicy),
    col('VolumeBindingMode', 'string', DOC.scVolumeBindingMode),
    col('AllowVolumeExpansion', 'string', DOC.scAllowVolumeExpansion),
    AGE,
  ],
  print: (o, now) => {
    const sc = o as unknown as StorageClass;
    const ann = o.metadata.annotations ?? {};
    const isDefault =
      ann['storageclass.kubernetes.io/is-default-class'] === 'true' ||
      ann['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return {
      cells: [
        (o.metadata.name ?? '') + (isDefault ? ' (default)' : ''),
        sc.provisioner ?? '',
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion === true,
        age(o, now),
      ],
    };
  },
};

/** rbac.SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjectsStrings(subjects: Subject[] | undefined): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of subjects ?? []) {
    if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name}`);
    else if (s.kind === 'User') users.push(s.name);
    else if (s.kind === 'Group') groups.push(s.name);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingPrinter(description: string, what: string): Printer {
  return {
    columns: [
      NAME,
      col('Role', 'string', description),
      AGE,
      col('Users', 'string', `Users in the ${what}`, 1),
      col('Groups', 'string', `Groups in the ${what}`, 1),
      col('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, 1),
    ],
    print: (o, now) => {
      const b = o as unknown as RoleBinding | ClusterRoleBinding;
      const [users, groups, sas] = subjectsStrings(b.subjects);
      return {
        cells: [
          o.metadata.name ?? '',
          `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`,
          age(o, now),
          users,
          groups,
          sas,
        ],
      };
    },
  };
}

export const roleBindingPrinter = bindingPrinter(DOC.rbRoleRef, 'roleBinding');
export const clusterRoleBindingPrinter = bindingPrinter(DOC.crbRoleRef, 'clusterRoleBinding');

export const runtimeClassPrinter: Printer = {
  // printers.go reads this description from ObjectMeta's SwaggerDoc, which has no "handler": empty.
  columns: [NAME, col('Handler', 'string', ''), AGE],
  print: (o, now) => ({ cells: [o.metadata.name ?? '', String(o.handler ?? ''), age(o, now)] }),
};
