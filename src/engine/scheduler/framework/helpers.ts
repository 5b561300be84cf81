/**
 * Helpers the scheduler shares with other components in upstream (k8s.io/component-helpers
 * scheduling/corev1 and nodeaffinity, k8s.io/api core/v1 toleration.go, pkg/apis/core/v1/helper):
 * toleration matching, required and preferred node affinity, pod priority.
 */
import type {
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  Pod,
  PreferredSchedulingTerm,
  Taint,
  Toleration,
} from 'kubernetes-types/core/v1';
import {
  everything,
  newRequirement,
  type Labels,
  type Operator,
  type Requirement,
  type Selector,
} from '../../../apimachinery/labels';

// ---- tolerations (core/v1 toleration.go, component-helpers TolerationsTolerateTaint) ----------

/** `Toleration.ToleratesTaint`: an empty operator means Equal; an empty key with Exists tolerates everything. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[] | undefined,
  taint: Taint,
): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** `helper.DoNotScheduleTaintsFilterFunc`: NoSchedule and NoExecute taints keep pods away. */
export const doNotScheduleTaintsFilter = (t: Taint): boolean =>
  t.effect === 'NoSchedule' || t.effect === 'NoExecute';

/** `FindMatchingUntoleratedTaint`: the first taint (in node order) that passes `filter` and is not tolerated. */
export function findMatchingUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  filter?: (t: Taint) => boolean,
): Taint | undefined {
  if (!taints) return undefined;
  for (const taint of taints) {
    if (filter && !filter(taint)) continue;
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** `Taint.ToString()`: `key=value:Effect`, `key:Effect`, `key=value:`, `key`. */
export function taintToString(t: { key?: string; value?: string; effect?: string }): string {
  const key = t.key ?? '';
  const value = t.value ?? '';
  if (!t.effect) return value ? `${key}=${value}:` : key;
  return value ? `${key}=${value}:${t.effect}` : `${key}:${t.effect}`;
}

// ---- pod priority ----------------------------------------------------------------------------

/** `corev1helpers.PodPriority`: spec.priority, 0 when unset (the Priority admission plugin sets it). */
export const podPriority = (pod: Pod): number => pod.spec?.priority ?? 0;

// ---- node affinity (component-helpers/scheduling/corev1/nodeaffinity) ----------------------------

const NODE_SELECTOR_OPS: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
  Gt: 'gt',
  Lt: 'lt',
};

/** `nodeSelectorRequirementsAsSelector`. Throws for an invalid requirement (the term is then ignored). */
function requirementsAsSelector(reqs: readonly NodeSelectorRequirement[]): Selector {
  if (reqs.length === 0) return nothingSelector;
  const out: Requirement[] = [];
  for (const r of reqs) {
    const op = NODE_SELECTOR_OPS[r.operator];
    if (!op) throw new Error(`${JSON.stringify(r.operator)} is not a valid node selector operator`);
    out.push(newRequirement(r.key, op, r.values ?? []));
  }
  return everything().add(...out);
}

const nothingSelector: Selector = {
  matches: () => false,
  empty: () => false,
  toString: () => '',
  requirements: () => [[], false],
  add: () => nothingSelector,
  requiresExactMatch: () => undefined,
};

/** One node selector term: label requirements AND `metadata.name` field requirements. */
interface CompiledTerm {
  labels: Selector | null;
  /** matchFields as a field selector over `{metadata.name: <node name>}` (the only field nodes offer). */
  fields: { key: string; op: 'In' | 'NotIn'; value: string }[] | null;
}

function compileTerm(term: NodeSelectorTerm): CompiledTerm | null {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return null; // matches nothing
  const labels = exprs.length ? requirementsAsSelector(exprs) : null;
  let f: CompiledTerm['fields'] = null;
  if (fields.length) {
    f = [];
    for (const r of fields) {
      if (r.operator !== 'In' && r.operator !== 'NotIn')
        throw new Error(`${JSON.stringify(r.operator)} is not a valid node field selector operator`);
      const values = r.values ?? [];
      if (values.length !== 1)
        throw new Error(
          `unexpected number of value (${values.length}) for node field selector operator ${JSON.stringify(r.operator)}`,
        );
      f.push({ key: r.key, op: r.operator, value: values[0]! });
    }
  }
  return { labels, fields: f };
}

function termMatches(t: CompiledTerm, nodeName: string, labels: Labels): boolean {
  if (t.labels && !t.labels.matches(labels)) return false;
  if (t.fields) {
    for (const f of t.fields) {
      const actual = f.key === 'metadata.name' ? nodeName : '';
      if (f.op === 'In' ? actual !== f.value : actual === f.value) return false;
    }
  }
  return true;
}

/**
 * `nodeaffinity.LazyErrorNodeSelector`: ORed terms; a term that fails to parse is dropped (and
 * remembered as an error), an empty term matches nothing.
 */
export class NodeSelectorMatcher {
  private readonly terms: CompiledTerm[] = [];
  readonly errors: string[] = [];

  constructor(ns: NodeSelector) {
    for (const term of ns.nodeSelectorTerms ?? []) {
      try {
        const c = compileTerm(term);
        if (c) this.terms.push(c);
      } catch (e) {
        this.errors.push((e as Error).message);
      }
    }
  }

  match(nodeName: string, labels: Labels): boolean {
    for (const t of this.terms) if (termMatches(t, nodeName, labels)) return true;
    return false;
  }
}

/**
 * `nodeaffinity.RequiredNodeAffinity`: spec.nodeSelector AND the required node affinity terms.
 * Parsing errors make the affinity part match nothing, as upstream ignores them "for backwards
 * compatibility" (the API server rejects most of them anyway).
 */
export class RequiredNodeAffinity {
  private readonly labelSelector: Record<string, string> | null;
  private readonly nodeSelector: NodeSelectorMatcher | null;

  constructor(pod: Pod) {
    const sel = pod.spec?.nodeSelector;
    this.labelSelector = sel && Object.keys(sel).length > 0 ? sel : null;
    const req = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.nodeSelector = req ? new NodeSelectorMatcher(req) : null;
  }

  /** True when neither nodeSelector nor required node affinity restricts the pod. */
  isEmpty(): boolean {
    return this.labelSelector === null && this.nodeSelector === null;
  }

  match(nodeName: string, labels: Labels): boolean {
    if (this.labelSelector) {
      for (const k in this.labelSelector) {
        if (!labels || labels[k] !== this.labelSelector[k]) return false;
      }
    }
    if (this.nodeSelector) return this.nodeSelector.match(nodeName, labels);
    return true;
  }
}

/** `nodeaffinity.PreferredSchedulingTerms`: the weights of the terms a node matches, summed. */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; term: CompiledTerm }[] = [];

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    for (const t of terms) {
      if (!t.weight) continue;
      const c = compileTerm(t.preference); // throws on a parse error (PreScore turns it into an error)
      if (c) this.terms.push({ weight: t.weight, term: c });
    }
  }

  get size(): number {
    return this.terms.length;
  }

  score(nodeName: string, labels: Labels): number {
    let s = 0;
    for (const t of this.terms) if (termMatches(t.term, nodeName, labels)) s += t.weight;
    return s;
  }
}
