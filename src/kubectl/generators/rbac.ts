/**
 * `kubectl create role|clusterrole|rolebinding|clusterrolebinding` (create_role.go,
 * create_clusterrole.go, create_rolebinding.go, create_clusterrolebinding.go).
 *
 * Roles name resources the way the RESTMapper resolves them (`deploy` → `deployments` in
 * `apps`), so the role generators take a `resolve` function backed by discovery.
 */
import type { KubeObject } from '../../api/types';
import { objectMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

const RBAC = 'rbac.authorization.k8s.io';

export const VALID_RESOURCE_VERBS = [
  '*',
  'get',
  'delete',
  'list',
  'create',
  'update',
  'patch',
  'watch',
  'proxy',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
];
const VALID_NON_RESOURCE_VERBS = ['*', 'get', 'post', 'put', 'delete', 'patch', 'head', 'options'];

/** Verbs that only make sense on particular resources. */
const SPECIAL_VERBS: Record<string, [group: string, resource: string][]> = {
  use: [
    ['policy', 'podsecuritypolicies'],
    ['extensions', 'podsecuritypolicies'],
  ],
  bind: [
    [RBAC, 'roles'],
    [RBAC, 'clusterroles'],
  ],
  escalate: [
    [RBAC, 'roles'],
    [RBAC, 'clusterroles'],
  ],
  impersonate: [
    ['', 'users'],
    ['', 'serviceaccounts'],
    ['', 'groups'],
    ['authentication.k8s.io', 'userextras'],
    ['authentication.k8s.io', 'uids'],
  ],
};

export interface ResourceOption {
  group: string;
  resource: string;
  subresource: string;
}

/** Resolve `resource` in `group` (shortnames too) to its canonical name and group; throws if unknown. */
export type ResolveResource = (
  resource: string,
  group: string,
) => Promise<{ resource: string; group: string }>;

export interface RoleOptions {
  name: string;
  verbs: string[];
  /** `--resource` values: `pods`, `deployments.apps`, `pods/log`. */
  resources: string[];
  resourceNames: string[];
}

/** Complete: dedupe verbs (`*` wins) and resource names, split `resource.group/subresource`. */
export function completeRole(o: RoleOptions): {
  verbs: string[];
  resources: ResourceOption[];
  resourceNames: string[];
} {
  let verbs: string[] = [];
  for (const v of o.verbs) {
    if (v === '*') {
      verbs = ['*'];
      break;
    }
    if (!verbs.includes(v)) verbs.push(v);
  }
  let resources: ResourceOption[] = [];
  for (const r of o.resources) {
    const slash = r.indexOf('/');
    const sections = slash >= 0 ? [r.slice(0, slash), r.slice(slash + 1)] : [r];
    const dot = sections[0]!.indexOf('.');
    const parts = dot >= 0 ? [sections[0]!.slice(0, dot), sections[0]!.slice(dot + 1)] : [sections[0]!];
    const opt: ResourceOption = {
      resource: parts[0]!,
      group: parts[1] ?? '',
      subresource: sections[1] ?? '',
    };
    if (opt.resource === '*' && parts.length === 1 && sections.length === 1) {
      resources = [opt];
      break;
    }
    resources.push(opt);
  }
  const resourceNames = [...new Set(o.resourceNames)];
  return { verbs, resources, resourceNames };
}

/** validateResource: every resource must exist, and special verbs need their resources. */
async function validateResources(
  verbs: string[],
  resources: ResourceOption[],
  resolve: ResolveResource,
): Promise<void> {
  for (const r of resources) {
    if (r.resource === '')
      throw new GeneratorError('resource must be specified if apiGroup/subresource specified');
    if (r.resource === '*') return;
    let resolved = { resource: r.resource, group: r.group };
    let err: Error | undefined;
    try {
      resolved = await resolve(r.resource, r.group);
    } catch (e) {
      err = e as Error;
    }
    for (const v of verbs) {
      const special = SPECIAL_VERBS[v];
      if (!special) continue;
      if (!special.some(([g, res]) => res === resolved.resource && g === resolved.group)) {
        throw new GeneratorError(
          `can not perform '${v}' on '${resolved.resource}' in group '${resolved.group}'`,
        );
      }
      err = undefined;
    }
    if (err) throw err;
  }
}

/** generateResourcePolicyRules: one rule per API group (sorted), then the non-resource URLs. */
async function policyRules(
  verbs: string[],
  resources: ResourceOption[],
  resourceNames: string[],
  nonResourceURLs: string[],
  resolve: ResolveResource,
): Promise<Record<string, unknown>[]> {
  const byGroup = new Map<string, string[]>();
  for (const r of resources) {
    let res = { resource: r.resource, group: r.group };
    try {
      res = await resolve(r.resource, r.group);
    } catch {
      // kubectl keeps the resource as typed when the mapper does not know it.
    }
    const name = r.subresource ? `${res.resource}/${r.subresource}` : res.resource;
    const list = byGroup.get(res.group) ?? [];
    if (!list.includes(name)) list.push(name);
    byGroup.set(res.group, list);
  }
  const rules: Record<string, unknown>[] = [];
  for (const g of [...byGroup.keys()].sort()) {
    const rule: Record<string, unknown> = { verbs, apiGroups: [g], resources: byGroup.get(g) };
    if (resourceNames.length > 0) rule.resourceNames = resourceNames;
    rules.push(rule);
  }
  if (nonResourceURLs.length > 0) rules.push({ verbs, nonResourceURLs });
  return rules;
}

function warnVerbs(verbs: string[], warn: (msg: string) => void): void {
  for (const v of verbs)
    if (!VALID_RESOURCE_VERBS.includes(v)) warn(`Warning: '${v}' is not a standard resource verb\n`);
}

export async function generateRole(
  o: RoleOptions,
  env: GeneratorEnv,
  resolve: ResolveResource,
  warn: (msg: string) => void,
): Promise<KubeObject> {
  const c = completeRole(o);
  if (!o.name) throw new GeneratorError('name must be specified');
  if (c.verbs.length === 0) throw new GeneratorError('at least one verb must be specified');
  warnVerbs(c.verbs, warn);
  if (c.resources.length === 0) throw new GeneratorError('at least one resource must be specified');
  await validateResources(c.verbs, c.resources, resolve);
  const rules = await policyRules(c.verbs, c.resources, c.resourceNames, [], resolve);
  return {
    kind: 'Role',
    apiVersion: `${RBAC}/v1`,
    metadata: objectMeta(o.name, env.enforcedNamespace),
    rules,
  };
}

export interface ClusterRoleOptions extends RoleOptions {
  nonResourceURLs: string[];
  /** `--aggregation-rule=a=b,c=d` */
  aggregationRule: Record<string, string>;
}

export async function generateClusterRole(
  o: ClusterRoleOptions,
  resolve: ResolveResource,
  warn: (msg: string) => void,
): Promise<KubeObject> {
  const c = completeRole(o);
  if (!o.name) throw new GeneratorError('name must be specified');
  const meta = objectMeta(o.name);
  if (Object.keys(o.aggregationRule).length > 0) {
    if (
      o.nonResourceURLs.length > 0 ||
      c.verbs.length > 0 ||
      c.resources.length > 0 ||
      c.resourceNames.length > 0
    ) {
      throw new GeneratorError(
        'aggregation rule must be specified without nonResourceURLs, verbs, resources or resourceNames',
      );
    }
    const matchLabels: Record<string, string> = {};
    for (const k of Object.keys(o.aggregationRule).sort()) matchLabels[k] = o.aggregationRule[k]!;
    return {
      kind: 'ClusterRole',
      apiVersion: `${RBAC}/v1`,
      metadata: meta,
      rules: null,
      aggregationRule: { clusterRoleSelectors: [{ matchLabels }] },
    };
  }
  if (c.verbs.length === 0) throw new GeneratorError('at least one verb must be specified');
  if (c.resources.length === 0 && o.nonResourceURLs.length === 0) {
    throw new GeneratorError('one of resource or nonResourceURL must be specified');
  }
  if (c.resources.length > 0) {
    warnVerbs(c.verbs, warn);
    await validateResources(c.verbs, c.resources, resolve);
  }
  if (o.nonResourceURLs.length > 0) {
    if (c.resourceNames.length > 0)
      throw new GeneratorError('resource name(s) can not be applied to non-resource-url(s)');
    for (const v of c.verbs) {
      if (!VALID_NON_RESOURCE_VERBS.includes(v))
        throw new GeneratorError(`invalid verb: '${v}' for nonResourceURL`);
    }
    for (const u of o.nonResourceURLs) {
      if (u === '*') continue;
      if (u === '' || !u.startsWith('/')) throw new GeneratorError('nonResourceURL should start with /');
      if (u.slice(0, -1).includes('*')) {
        throw new GeneratorError("nonResourceURL only supports wildcard matches when '*' is at the end");
      }
    }
  }
  const rules = await policyRules(c.verbs, c.resources, c.resourceNames, o.nonResourceURLs, resolve);
  return { kind: 'ClusterRole', apiVersion: `${RBAC}/v1`, metadata: meta, rules };
}

export interface BindingOptions {
  name: string;
  role?: string;
  clusterRole: string;
  users: string[];
  groups: string[];
  serviceAccounts: string[];
}

/** Subjects: users, groups, then service accounts, in the order given (repeats kept). */
function subjects(o: BindingOptions): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const u of o.users) out.push({ kind: 'User', apiGroup: RBAC, name: u });
  for (const g of o.groups) out.push({ kind: 'Group', apiGroup: RBAC, name: g });
  for (const sa of o.serviceAccounts) {
    const t = sa.split(':');
    if (t.length !== 2 || t[1] === '') throw new GeneratorError('serviceaccount must be <namespace>:<name>');
    out.push({ kind: 'ServiceAccount', name: t[1], namespace: t[0] });
  }
  return out;
}

export function generateRoleBinding(o: BindingOptions, env: GeneratorEnv): KubeObject {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (!o.clusterRole === !o.role)
    throw new GeneratorError('exactly one of clusterrole or role must be specified');
  const subs = subjects(o);
  const rb: KubeObject = {
    kind: 'RoleBinding',
    apiVersion: `${RBAC}/v1`,
    metadata: objectMeta(o.name, env.enforcedNamespace),
  };
  if (subs.length > 0) rb.subjects = subs;
  rb.roleRef = o.role
    ? { apiGroup: RBAC, kind: 'Role', name: o.role }
    : { apiGroup: RBAC, kind: 'ClusterRole', name: o.clusterRole };
  return rb;
}

export function generateClusterRoleBinding(o: BindingOptions): KubeObject {
  if (!o.name) throw new GeneratorError('name must be specified');
  const subs = subjects(o);
  const crb: KubeObject = {
    kind: 'ClusterRoleBinding',
    apiVersion: `${RBAC}/v1`,
    metadata: objectMeta(o.name),
  };
  if (subs.length > 0) crb.subjects = subs;
  crb.roleRef = { apiGroup: RBAC, kind: 'ClusterRole', name: o.clusterRole };
  return crb;
}
