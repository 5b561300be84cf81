/**
 * Role and ClusterRole describers: the rules are broken down to one verb, resource and name each,
 * then compacted again by resource (kubectl/pkg/util/rbac) and sorted by their Go String() form,
 * which is why `kubectl describe role` shows one line per resource with all its verbs.
 */
import type { PolicyRule, Role } from 'kubernetes-types/rbac/v1';
import type { DescribeClient } from './client';
import { printAnnotationsMultiline, printLabelsMultiline } from './helpers';
import { LEVEL_0, LEVEL_1, tabbedStringSync } from './writer';

interface Rule {
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
  verbs: string[];
}

/** BreakdownRule: one rule per (group, resource, verb[, name]) and per (non-resource URL, verb). */
export function breakdownRule(rule: PolicyRule): Rule[] {
  const out: Rule[] = [];
  const empty = { apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [] };
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if ((rule.resourceNames ?? []).length > 0) {
          for (const name of rule.resourceNames ?? []) {
            out.push({
              ...empty,
              apiGroups: [group],
              resources: [resource],
              verbs: [verb],
              resourceNames: [name],
            });
          }
        } else {
          out.push({ ...empty, apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) out.push({ ...empty, nonResourceURLs: [url], verbs: [verb] });
  }
  return out;
}

/** CompactRules: rules for the same single group, resource and name merge their verbs. */
export function compactRules(rules: Rule[]): Rule[] {
  const compacted: Rule[] = [];
  const simple = new Map<string, Rule>();
  for (const r of rules) {
    const isSimple =
      r.resourceNames.length <= 1 &&
      r.nonResourceURLs.length === 0 &&
      r.apiGroups.length === 1 &&
      r.resources.length === 1;
    if (!isSimple) {
      compacted.push(r);
      continue;
    }
    const key = JSON.stringify([
      r.apiGroups[0],
      r.resources[0],
      r.resourceNames.length > 0,
      r.resourceNames[0] ?? '',
    ]);
    const existing = simple.get(key);
    if (existing) existing.verbs.push(...r.verbs);
    else simple.set(key, { ...r, verbs: [...r.verbs] });
  }
  return [...compacted, ...simple.values()];
}

/** Go's %v of a []string. */
const goSlice = (xs: string[]): string => `[${xs.join(' ')}]`;

/** rbacv1.PolicyRule.String() (gogo-generated), the sort key of SortableRuleSlice. */
const ruleString = (r: Rule): string =>
  `&PolicyRule{Verbs:${goSlice(r.verbs)},APIGroups:${goSlice(r.apiGroups)},Resources:${goSlice(r.resources)},` +
  `ResourceNames:${goSlice(r.resourceNames)},NonResourceURLs:${goSlice(r.nonResourceURLs)},}`;

/** CombineResourceGroup: `resource.group[/subresource]`. */
export function combineResourceGroup(resources: string[], groups: string[]): string {
  if (resources.length === 0) return '';
  const [head, sub] = resources[0]!.split(/\/(.*)/s) as [string, string | undefined];
  let combine = head;
  if (groups.length > 0 && groups[0] !== '') combine = `${combine}.${groups[0]}`;
  if (sub !== undefined) combine = `${combine}/${sub}`;
  return combine;
}

export async function describeRoleByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  cluster: boolean,
): Promise<string> {
  const role = await client.get<Role>(
    'rbac.authorization.k8s.io/v1',
    cluster ? 'clusterroles' : 'roles',
    cluster ? undefined : namespace,
    name,
  );
  const rules = compactRules((role.rules ?? []).flatMap(breakdownRule));
  const keyed = rules.map((r) => ({ r, k: ruleString(r) }));
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${role.metadata?.name ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', role.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', role.metadata?.annotations);
    w.write(LEVEL_0, 'PolicyRule:\n');
    w.write(LEVEL_1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs\n');
    w.write(LEVEL_1, '---------\t-----------------\t--------------\t-----\n');
    for (const { r } of keyed) {
      w.write(
        LEVEL_1,
        `${combineResourceGroup(r.resources, r.apiGroups)}\t${goSlice(r.nonResourceURLs)}\t${goSlice(r.resourceNames)}\t${goSlice(r.verbs)}\n`,
      );
    }
  });
}
