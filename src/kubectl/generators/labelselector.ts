/**
 * metav1.ParseToLabelSelector for `kubectl create pdb --selector`: `labels.Parse`'s requirements
 * turned into matchLabels / matchExpressions (in LabelSelector field order).
 */
import { parseToRequirements } from '../../apimachinery/labels';
import { GeneratorError } from './types';

const OPS: Record<string, string> = { in: 'In', notin: 'NotIn', exists: 'Exists', '!': 'DoesNotExist' };

export function parseToLabelSelector(selector: string): Record<string, unknown> {
  let reqs;
  try {
    reqs = parseToRequirements(selector);
  } catch (e) {
    throw new GeneratorError(`couldn't parse the selector string "${selector}": ${(e as Error).message}`);
  }
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Record<string, unknown>[] = [];
  for (const r of reqs) {
    if (r.operator === '=' || r.operator === '==') {
      if (r.values.length !== 1) throw new GeneratorError('equals operator must have exactly one value');
      matchLabels[r.key] = r.values[0]!;
      continue;
    }
    if (r.operator === 'gt' || r.operator === 'lt')
      throw new GeneratorError(`${JSON.stringify(r.operator)} isn't supported in label selectors`);
    const op = OPS[r.operator];
    if (!op) throw new GeneratorError(`${JSON.stringify(r.operator)} is not a valid label selector operator`);
    const expr: Record<string, unknown> = { key: r.key, operator: op };
    if (r.values.length > 0) expr.values = [...r.values].sort();
    matchExpressions.push(expr);
  }
  const sel: Record<string, unknown> = {};
  if (Object.keys(matchLabels).length > 0) sel.matchLabels = matchLabels;
  if (matchExpressions.length > 0) sel.matchExpressions = matchExpressions;
  return sel;
}
