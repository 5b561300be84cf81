/**
 * Checklist lines: what a check asks for, in both languages, known before it is evaluated (the
 * panel shows the list as soon as a step starts). A check's own `title` overrides them.
 */
import type { Check, HttpFrom, Text } from '../types';
import { text } from './context';
import { logsCommand } from './logs';

/** Kinds by the names kubectl accepts for them (the common ones; others are shown as written). */
const KINDS: Record<string, string> = {};
for (const [kind, ...names] of [
  ['Pod', 'pod', 'pods', 'po'],
  ['Deployment', 'deployment', 'deployments', 'deploy'],
  ['ReplicaSet', 'replicaset', 'replicasets', 'rs'],
  ['StatefulSet', 'statefulset', 'statefulsets', 'sts'],
  ['DaemonSet', 'daemonset', 'daemonsets', 'ds'],
  ['Service', 'service', 'services', 'svc'],
  ['Endpoints', 'endpoints', 'ep'],
  ['ConfigMap', 'configmap', 'configmaps', 'cm'],
  ['Secret', 'secret', 'secrets'],
  ['Namespace', 'namespace', 'namespaces', 'ns'],
  ['Node', 'node', 'nodes', 'no'],
  ['Job', 'job', 'jobs'],
  ['CronJob', 'cronjob', 'cronjobs', 'cj'],
  ['Event', 'event', 'events', 'ev'],
  ['ServiceAccount', 'serviceaccount', 'serviceaccounts', 'sa'],
  ['Lease', 'lease', 'leases'],
  ['PersistentVolumeClaim', 'persistentvolumeclaim', 'persistentvolumeclaims', 'pvc'],
  ['PersistentVolume', 'persistentvolume', 'persistentvolumes', 'pv'],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscaler', 'horizontalpodautoscalers', 'hpa'],
  ['PodDisruptionBudget', 'poddisruptionbudget', 'poddisruptionbudgets', 'pdb'],
] as const) {
  for (const n of [kind.toLowerCase(), ...names]) KINDS[n] = kind;
}

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED = new Set([
  'Namespace',
  'Node',
  'PersistentVolume',
  'ClusterRole',
  'ClusterRoleBinding',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
  'IngressClass',
  'RuntimeClass',
]);

export function kindName(kind: string): string {
  return KINDS[kind.toLowerCase()] ?? kind;
}

export function isClusterScoped(kind: string): boolean {
  return CLUSTER_SCOPED.has(kindName(kind));
}

/** `Pod myapp`, or `Pod myapp (namespace dev)` outside the default namespace. */
export function objectLabel(kind: string, name: string, namespace: string): Text {
  const k = kindName(kind);
  if (isClusterScoped(k) || namespace === 'default') return text(`${k} ${name}`, `${k} ${name}`);
  return text(`${k} ${name} (namespace ${namespace})`, `${k} ${name}（Namespace ${namespace}）`);
}

/** The kubectl command a learner would type to see the same thing. */
export function kubectlGet(kind: string, name: string | undefined, namespace: string, selector?: string): string {
  const k = kindName(kind).toLowerCase();
  const ns = isClusterScoped(k) || namespace === 'default' ? '' : ` -n ${namespace}`;
  const target = name !== undefined ? ` ${name}` : selector !== undefined ? ` -l ${selector}` : '';
  return `kubectl get ${k}${target}${ns}`;
}

function where(from: HttpFrom): Text {
  if (from === 'host') return text('from this machine', 'この端末から');
  const ns = from.namespace && from.namespace !== 'default' ? ` (namespace ${from.namespace})` : '';
  return text(`from Pod ${from.pod}${ns}`, `Pod ${from.pod}${ns ? `（Namespace ${from.namespace}）` : ''} から`);
}

/** The generated checklist line of a check. */
export function describeCheck(c: Check, defaultNamespace: string): Text {
  if (c.title) return c.title;
  const ns = 'namespace' in c && c.namespace ? c.namespace : defaultNamespace;
  switch (c.check) {
    case 'exists': {
      const o = objectLabel(c.kind, c.name, ns);
      return text(`${o.en} exists`, `${o.ja} がある`);
    }
    case 'absent': {
      const o = objectLabel(c.kind, c.name, ns);
      return text(`${o.en} does not exist`, `${o.ja} がない`);
    }
    case 'field': {
      const cmd = `${kubectlGet(c.kind, c.name, ns, c.selector)} -o jsonpath='${c.path}'`;
      if (c.equals !== undefined) {
        return c.equals === ''
          ? text(`\`${cmd}\` prints nothing`, `\`${cmd}\` の出力が空`)
          : text(`\`${cmd}\` prints ${c.equals}`, `\`${cmd}\` の出力が ${c.equals}`);
      }
      return text(
        `\`${cmd}\` prints something matching /${c.matches ?? ''}/`,
        `\`${cmd}\` の出力が /${c.matches ?? ''}/ に一致する`,
      );
    }
    case 'podsReady': {
      const nsEn = ns === 'default' ? '' : ` in namespace ${ns}`;
      const nsJa = ns === 'default' ? '' : `Namespace ${ns} の `;
      if (c.count !== undefined)
        return text(
          `${c.count === 1 ? '1 Pod' : `${c.count} Pods`} with ${c.selector}${nsEn} ${c.count === 1 ? 'is' : 'are'} Ready`,
          `${nsJa}${c.selector} の Pod が ${c.count} 個 Ready`,
        );
      const min = c.min ?? 1;
      return text(
        `At least ${min === 1 ? '1 Pod' : `${min} Pods`} with ${c.selector}${nsEn} ${min === 1 ? 'is' : 'are'} Ready`,
        `${nsJa}${c.selector} の Pod が ${min} 個以上 Ready`,
      );
    }
    case 'condition': {
      const o = objectLabel(c.kind, c.name, ns);
      const status = c.status ?? 'True';
      const reason = c.reason ? ` (reason ${c.reason})` : '';
      return text(
        `${o.en} has condition ${c.condition}=${status}${reason}`,
        `${o.ja} の condition ${c.condition} が ${status}${c.reason ? `（reason ${c.reason}）` : ''}`,
      );
    }
    case 'replicas': {
      const o = objectLabel(c.kind, c.name, ns);
      return c.count === undefined
        ? text(`${o.en} has all its replicas ready`, `${o.ja} のレプリカがすべて Ready`)
        : text(
            `${o.en} has ${c.count} ready ${c.count === 1 ? 'replica' : 'replicas'}`,
            `${o.ja} の Ready なレプリカが ${c.count} 個`,
          );
    }
    case 'rollout': {
      const o = objectLabel(c.kind, c.name, ns);
      return text(`The rollout of ${o.en} is complete`, `${o.ja} のロールアウトが完了している`);
    }
    case 'event': {
      const about = c.involved?.name
        ? objectLabel(c.involved.kind ?? 'Pod', c.involved.name, ns)
        : undefined;
      const what: string[] = [];
      if (c.type) what.push(`type ${c.type}`);
      if (c.reason) what.push(`reason ${c.reason}`);
      if (c.message) what.push(`a message matching /${c.message}/`);
      const whatJa: string[] = [];
      if (c.type) whatJa.push(`type が ${c.type}`);
      if (c.reason) whatJa.push(`reason が ${c.reason}`);
      if (c.message) whatJa.push(`message が /${c.message}/ に一致する`);
      return text(
        `An event${what.length ? ` with ${what.join(' and ')}` : ''} was recorded${about ? ` for ${about.en}` : ''}`,
        `${about ? `${about.ja} について` : ''}${whatJa.length ? `${whatJa.join('、')}` : ''}イベントが記録されている`,
      );
    }
    case 'logs': {
      const cmd = logsCommand(c, ns);
      return text(
        `\`${cmd}\` shows a line matching /${c.matches}/`,
        `\`${cmd}\` に /${c.matches}/ に一致する行が出ている`,
      );
    }
    case 'endpoints': {
      const o = objectLabel('Service', c.service, ns);
      const min = c.min ?? 1;
      return min === 1
        ? text(`${o.en} has ready endpoints`, `${o.ja} に Ready なエンドポイントがある`)
        : text(`${o.en} has at least ${min} ready endpoints`, `${o.ja} に Ready なエンドポイントが ${min} 個以上ある`);
    }
    case 'http': {
      const w = where(c.from);
      const status = c.status ?? 200;
      const body = c.body !== undefined ? ` with a body matching /${c.body}/` : '';
      const bodyJa = c.body !== undefined ? `、本文が /${c.body}/ に一致する` : '';
      const method = (c.method ?? 'GET').toUpperCase();
      return text(
        `${method} ${c.url} ${w.en} answers ${status}${body}`,
        `${w.ja} ${method} ${c.url} すると ${status} が返る${bodyJa}`,
      );
    }
    case 'command':
      return text(`Run \`${c.command}\``, `\`${c.command}\` を実行する`);
    case 'all':
      return joinTitles(c.checks, defaultNamespace, ' and ', '、かつ ');
    case 'any':
      return joinTitles(c.checks, defaultNamespace, ' or ', '、または ');
    case 'not': {
      const inner = describeCheck(c.of, defaultNamespace);
      return text(`Not: ${inner.en}`, `次が成り立たない: ${inner.ja}`);
    }
  }
}

function joinTitles(checks: readonly Check[], ns: string, en: string, ja: string): Text {
  const titles = checks.map((c) => describeCheck(c, ns));
  return text(titles.map((t) => t.en).join(en), titles.map((t) => t.ja).join(ja));
}


