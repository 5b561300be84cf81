/**
 * Describers of the core (v1) kinds other than Pod and Node: Namespace, Service, Endpoints,
 * ConfigMap, Secret and ServiceAccount (describe.go).
 */
import type {
  ConfigMap,
  Endpoints,
  Event,
  LimitRange,
  LimitRangeSpec,
  Namespace,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from 'kubernetes-types/core/v1';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { RoleBinding } from 'kubernetes-types/rbac/v1';
import { newQuantity, parseQuantityOrUndefined } from '../../apimachinery/quantity';
import { isNotFound, type DescribeClient } from './client';
import { describeEvents, eventFieldSelector, searchEvents } from './events';
import {
  compareStrings,
  formatLabels,
  formatRFC1123Z,
  joinHostPort,
  printAnnotationsMultiline,
  printLabelsMultiline,
  sortedKeys,
} from './helpers';
import type { DescribeSettings } from './types';
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedStringSync, type PrefixWriter } from './writer';

// ---- Namespace -------------------------------------------------------------------------------

function helpTextForResourceQuotaScope(scope: string): string {
  switch (scope) {
    case 'Terminating':
      return 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.';
    case 'NotTerminating':
      return 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.';
    case 'BestEffort':
      return 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.';
    case 'NotBestEffort':
      return 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.';
    default:
      return '';
  }
}

/** DescribeResourceQuotas: all quotas of a namespace, sorted by name. */
function describeResourceQuotas(quotas: ResourceQuota[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = [...quotas].sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const q of sorted) {
    w.write(LEVEL_1, `Name:\t${q.metadata?.name ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(compareStrings);
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) {
        const help = helpTextForResourceQuotaScope(s);
        if (help) w.write(LEVEL_1, `* ${help}\n`);
      }
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const r of sortedKeys(hard)) {
      w.write(LEVEL_1, `${r}\t${used[r] !== undefined ? String(used[r]) : '0'}\t${String(hard[r])}\n`);
    }
  }
}

function describeLimitRangeSpec(spec: LimitRangeSpec | undefined, prefix: string, w: PrefixWriter): void {
  for (const item of spec?.limits ?? []) {
    const names = new Set<string>([
      ...Object.keys(item.max ?? {}),
      ...Object.keys(item.min ?? {}),
      ...Object.keys(item.default ?? {}),
      ...Object.keys(item.defaultRequest ?? {}),
      ...Object.keys(item.maxLimitRequestRatio ?? {}),
    ]);
    // Go iterates a map here (random order); the simulator sorts the resource names.
    for (const k of [...names].sort(compareStrings)) {
      const v = (m: Record<string, unknown> | undefined): string =>
        m && m[k] !== undefined ? String(m[k]) : '-';
      w.write(
        LEVEL_0,
        `${prefix}${item.type}\t${k}\t${v(item.min)}\t${v(item.max)}\t${v(item.defaultRequest)}\t${v(item.default)}\t${v(item.maxLimitRequestRatio)}\n`,
      );
    }
  }
}

/** DescribeLimitRanges: all limit ranges of a namespace merged into one table. */
function describeLimitRanges(limitRanges: LimitRange[], w: PrefixWriter): void {
  if (limitRanges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(
    LEVEL_0,
    'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n',
  );
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of limitRanges) describeLimitRangeSpec(lr.spec, ' ', w);
}

export async function describeNamespaceByName(
  client: DescribeClient,
  _namespace: string,
  name: string,
): Promise<string> {
  const ns = await client.get<Namespace>('v1', 'namespaces', undefined, name);
  let quotas: ResourceQuota[] | undefined;
  try {
    quotas = await client.list<ResourceQuota>('v1', 'resourcequotas', name);
  } catch (e) {
    // A server without resource quotas: the section is left out.
    if (!isNotFound(e)) throw e;
  }
  let limitRanges: LimitRange[] | undefined;
  try {
    limitRanges = await client.list<LimitRange>('v1', 'limitranges', name);
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  return describeNamespace(ns, quotas, limitRanges);
}

export function describeNamespace(
  ns: Namespace,
  quotas: ResourceQuota[] | undefined,
  limitRanges: LimitRange[] | undefined,
): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ''}\n`);
    const conditions = ns.status?.conditions ?? [];
    if (conditions.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conditions) {
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${formatRFC1123Z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`,
        );
      }
    }
    if (quotas) {
      w.write(LEVEL_0, '\n');
      describeResourceQuotas(quotas, w);
    }
    if (limitRanges) {
      w.write(LEVEL_0, '\n');
      describeLimitRanges(limitRanges, w);
    }
  });
}

// ---- Service / Endpoints ---------------------------------------------------------------------

/**
 * formatEndpointSlices(slices, ports): the ready addresses (the first address of each endpoint) of
 * the named port, three of them, then ` + N more...`; `<none>` when the service has no slices.
 */
export function formatEndpointSlices(slices: EndpointSlice[], portNames: Set<string> | undefined): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  const max = 3;
  let more = false;
  let count = 0;
  // A nil `ready` means unknown, which consumers should read as ready.
  const isReady = (e: EndpointSlice['endpoints'][number]): boolean => e.conditions?.ready !== false;
  for (const slice of slices) {
    const endpoints = slice.endpoints ?? [];
    if ((slice.ports ?? []).length === 0) {
      // headless services may have no ports
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(e.addresses[0] ?? '');
        count++;
      }
      continue;
    }
    for (const port of slice.ports ?? []) {
      if (portNames !== undefined && !portNames.has(port.name ?? '')) continue;
      for (const e of endpoints) {
        if (list.length === max) more = true;
        if (!isReady(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses[0] ?? '', port.port ?? 0));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - max} more...` : ret;
}

export async function describeServiceByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const svc = await client.get<Service>('v1', 'services', namespace, name);
  // kubectl lists the service's EndpointSlices (one page, no limit) and ignores errors.
  let slices: EndpointSlice[] = [];
  try {
    const res = await client.client.request({
      method: 'GET',
      path: '/apis/discovery.k8s.io/v1/namespaces/' + namespace + '/endpointslices',
      query: { labelSelector: `kubernetes.io/service-name=${name}` },
    });
    if (res.status < 400) slices = ((res.body as { items?: EndpointSlice[] }).items ?? []) as EndpointSlice[];
  } catch {
    slices = [];
  }
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'Service', name, namespace, uid: svc.metadata?.uid })
    : undefined;
  return describeService(svc, slices, events, settings.now);
}

export function describeService(
  svc: Service,
  slices: EndpointSlice[],
  events: Event[] | undefined,
  now: number,
): string {
  return tabbedStringSync((w) => {
    const spec = svc.spec ?? {};
    w.write(LEVEL_0, `Name:\t${svc.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${svc.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', svc.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', svc.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${formatLabels(spec.selector)}\n`);
    w.write(LEVEL_0, `Type:\t${spec.type ?? ''}\n`);
    if (spec.ipFamilyPolicy) w.write(LEVEL_0, `IP Family Policy:\t${spec.ipFamilyPolicy}\n`);
    const families = spec.ipFamilies ?? [];
    w.write(LEVEL_0, `IP Families:\t${families.length > 0 ? families.join(',') : '<none>'}\n`);
    w.write(LEVEL_0, `IP:\t${spec.clusterIP ?? ''}\n`);
    const ips = spec.clusterIPs ?? [];
    w.write(LEVEL_0, `IPs:\t${ips.length > 0 ? ips.join(',') : '<none>'}\n`);
    if ((spec.externalIPs ?? []).length > 0)
      w.write(LEVEL_0, `External IPs:\t${(spec.externalIPs ?? []).join(',')}\n`);
    if (spec.loadBalancerIP) w.write(LEVEL_0, `Desired LoadBalancer IP:\t${spec.loadBalancerIP}\n`);
    if (spec.externalName) w.write(LEVEL_0, `External Name:\t${spec.externalName}\n`);
    const ingress = svc.status?.loadBalancer?.ingress ?? [];
    if (ingress.length > 0) {
      const list = ingress
        .map((i) => (i.ip ? i.ip + (i.ipMode ? ` (${i.ipMode})` : '') : (i.hostname ?? '')))
        .join(', ');
      w.write(LEVEL_0, `LoadBalancer Ingress:\t${list}\n`);
    }
    for (const sp of spec.ports ?? []) {
      const name = sp.name || '<unset>';
      w.write(LEVEL_0, `Port:\t${name}\t${sp.port}/${sp.protocol ?? ''}\n`);
      const target = sp.targetPort ?? sp.port;
      w.write(LEVEL_0, `TargetPort:\t${String(target)}/${sp.protocol ?? ''}\n`);
      if (sp.nodePort) w.write(LEVEL_0, `NodePort:\t${name}\t${sp.nodePort}/${sp.protocol ?? ''}\n`);
      w.write(LEVEL_0, `Endpoints:\t${formatEndpointSlices(slices, new Set([sp.name ?? '']))}\n`);
    }
    w.write(LEVEL_0, `Session Affinity:\t${spec.sessionAffinity ?? ''}\n`);
    if (spec.externalTrafficPolicy)
      w.write(LEVEL_0, `External Traffic Policy:\t${spec.externalTrafficPolicy}\n`);
    if (spec.internalTrafficPolicy)
      w.write(LEVEL_0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy}\n`);
    if (spec.healthCheckNodePort) w.write(LEVEL_0, `HealthCheck NodePort:\t${spec.healthCheckNodePort}\n`);
    if ((spec.loadBalancerSourceRanges ?? []).length > 0)
      w.write(LEVEL_0, `LoadBalancer Source Ranges:\t${(spec.loadBalancerSourceRanges ?? []).join(',')}\n`);
    const td = (spec as { trafficDistribution?: string }).trafficDistribution;
    if (td) w.write(LEVEL_0, `Traffic Distribution:\t${td}\n`);
    if (events) describeEvents(events, w, now);
  });
}

export async function describeEndpointsByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const ep = await client.get<Endpoints>('v1', 'endpoints', namespace, name);
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'Endpoints', name, namespace, uid: ep.metadata?.uid })
    : undefined;
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', ep.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ep.metadata?.annotations);
    w.write(LEVEL_0, 'Subsets:\n');
    for (const subset of ep.subsets ?? []) {
      const addresses = (subset.addresses ?? []).map((a) => a.ip).join(',');
      w.write(LEVEL_1, `Addresses:\t${addresses || '<none>'}\n`);
      const notReady = (subset.notReadyAddresses ?? []).map((a) => a.ip).join(',');
      w.write(LEVEL_1, `NotReadyAddresses:\t${notReady || '<none>'}\n`);
      if ((subset.ports ?? []).length > 0) {
        w.write(LEVEL_1, 'Ports:\n');
        w.write(LEVEL_2, 'Name\tPort\tProtocol\n');
        w.write(LEVEL_2, '----\t----\t--------\n');
        for (const p of subset.ports ?? [])
          w.write(LEVEL_2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? ''}\n`);
      }
      w.write(LEVEL_0, '\n');
    }
    if (events) describeEvents(events, w, settings.now);
  });
}

// ---- ConfigMap / Secret / ServiceAccount -----------------------------------------------------

/** The decoded length of a base64 string (what `len(v)` of a []byte field gives in Go). */
export function base64Length(b64: string): number {
  const s = b64.replace(/\s/g, '');
  if (s.length === 0) return 0;
  const padding = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  return Math.floor((s.length * 3) / 4) - padding;
}

export async function describeConfigMapByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const cm = await client.get<ConfigMap>('v1', 'configmaps', namespace, name);
  // Unlike the other describers, an error searching events fails the ConfigMap describe.
  const events = settings.showEvents
    ? await client.list<Event>('v1', 'events', namespace, {
        fieldSelector: eventFieldSelector({ kind: 'ConfigMap', name, namespace, uid: cm.metadata?.uid }),
      })
    : undefined;
  return describeConfigMap(cm, events, settings.now);
}

/**
 * The data keys are printed sorted; Go ranges over a map here, so real kubectl's order varies
 * from run to run.
 */
export function describeConfigMap(cm: ConfigMap, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(cm.data)) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of sortedKeys(cm.binaryData))
      w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData![k]!)} bytes\n`);
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(events, w, now);
  });
}

export async function describeSecretByName(
  client: DescribeClient,
  namespace: string,
  name: string,
): Promise<string> {
  const secret = await client.get<Secret>('v1', 'secrets', namespace, name);
  return describeSecret(secret);
}

/** Values are never shown, only their sizes (except a service-account token, which is printed). */
export function describeSecret(secret: Secret): string {
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata?.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of sortedKeys(secret.data)) {
      const v = secret.data![k]!;
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token') {
        let decoded = '';
        try {
          decoded = atob(v);
        } catch {
          decoded = '';
        }
        w.write(LEVEL_0, `${k}:\t${decoded}\n`);
      } else {
        w.write(LEVEL_0, `${k}:\t${base64Length(v)} bytes\n`);
      }
    }
  });
}

export async function describeServiceAccountByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const sa = await client.get<ServiceAccount>('v1', 'serviceaccounts', namespace, name);
  const tokens: Secret[] = [];
  const missing = new Set<string>();
  try {
    const secrets = await client.list<Secret>('v1', 'secrets', namespace);
    const existing = new Set<string>();
    for (const s of secrets) {
      if (s.type === 'kubernetes.io/service-account-token') {
        const ann = s.metadata?.annotations ?? {};
        if (
          ann['kubernetes.io/service-account.name'] === sa.metadata?.name &&
          ann['kubernetes.io/service-account.uid'] === sa.metadata?.uid
        ) {
          tokens.push(s);
        }
      }
      existing.add(s.metadata?.name ?? '');
    }
    for (const s of [...(sa.secrets ?? []), ...(sa.imagePullSecrets ?? [])]) {
      if (!existing.has(s.name ?? '')) missing.add(s.name ?? '');
    }
  } catch {
    // errors are tolerated: the service account is described with the secrets it references
  }
  const events = settings.showEvents
    ? await searchEvents(client, { kind: 'ServiceAccount', name, namespace, uid: sa.metadata?.uid })
    : undefined;
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${sa.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata?.annotations);
    const emptyHeader = '                   ';
    const sections: [string, string[]][] = [
      ['Image pull secrets:', (sa.imagePullSecrets ?? []).map((s) => s.name ?? '')],
      ['Mountable secrets: ', (sa.secrets ?? []).map((s) => s.name ?? '')],
      ['Tokens:            ', tokens.map((s) => s.metadata?.name ?? '')],
    ];
    for (const [header, names] of sections) {
      if (names.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of names) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = emptyHeader;
      }
    }
    if (events) describeEvents(events, w, settings.now);
  });
}

// ---- LimitRange / ResourceQuota --------------------------------------------------------------

export async function describeLimitRangeByName(
  client: DescribeClient,
  namespace: string,
  name: string,
): Promise<string> {
  const lr = await client.get<LimitRange>('v1', 'limitranges', namespace, name);
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${lr.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${lr.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
    w.write(LEVEL_0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
    describeLimitRangeSpec(lr.spec, '', w);
  });
}

export async function describeResourceQuotaByName(
  client: DescribeClient,
  namespace: string,
  name: string,
): Promise<string> {
  const q = await client.get<ResourceQuota>('v1', 'resourcequotas', namespace, name);
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${q.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${q.metadata?.namespace ?? ''}\n`);
    const scopes = [...(q.spec?.scopes ?? [])].sort(compareStrings);
    if (scopes.length > 0) {
      w.write(LEVEL_0, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) {
        const help = helpTextForResourceQuotaScope(s);
        if (help) w.write(LEVEL_0, ` * ${help}\n`);
      }
    }
    w.write(LEVEL_0, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_0, '--------\t----\t----\n');
    const hard = q.status?.hard ?? {};
    const used = q.status?.used ?? {};
    for (const r of sortedKeys(hard)) {
      const h = parseQuantityOrUndefined(String(hard[r]));
      let u =
        parseQuantityOrUndefined(used[r] !== undefined ? String(used[r]) : '0') ??
        parseQuantityOrUndefined('0')!;
      // A used value in another format is shown in the hard value's format.
      if (h && u.format !== h.format) u = newQuantity(u.value(), h.format);
      w.write(LEVEL_0, `${r}\t${u.toString()}\t${h ? h.toString() : String(hard[r])}\n`);
    }
  });
}

// ---- RoleBinding / ClusterRoleBinding --------------------------------------------------------

export async function describeRoleBindingByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  cluster: boolean,
): Promise<string> {
  const binding = await client.get<RoleBinding>(
    'rbac.authorization.k8s.io/v1',
    cluster ? 'clusterrolebindings' : 'rolebindings',
    cluster ? undefined : namespace,
    name,
  );
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${binding.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', binding.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', binding.metadata?.annotations);
    w.write(LEVEL_0, 'Role:\n');
    w.write(LEVEL_1, `Kind:\t${binding.roleRef?.kind ?? ''}\n`);
    w.write(LEVEL_1, `Name:\t${binding.roleRef?.name ?? ''}\n`);
    w.write(LEVEL_0, 'Subjects:\n');
    w.write(LEVEL_1, 'Kind\tName\tNamespace\n');
    w.write(LEVEL_1, '----\t----\t---------\n');
    for (const s of binding.subjects ?? []) w.write(LEVEL_1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}\n`);
  });
}
