/** `kubectl create poddisruptionbudget NAME --selector=SELECTOR --min-available=N` (create_pdb.go). */
import type { KubeObject } from '../../api/types';
import { parseToLabelSelector } from './labelselector';
import { objectMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

export interface PdbOptions {
  name: string;
  selector: string;
  minAvailable: string;
  maxUnavailable: string;
}

export function validatePdb(o: PdbOptions): void {
  if (!o.name) throw new GeneratorError('name must be specified');
  if (!o.selector) throw new GeneratorError('a selector must be specified');
  if (!o.maxUnavailable && !o.minAvailable)
    throw new GeneratorError('one of min-available or max-unavailable must be specified');
  if (o.maxUnavailable && o.minAvailable)
    throw new GeneratorError('min-available and max-unavailable cannot be both specified');
  // 10, 20, 30%, 50% (a number or a percentage), but not 10Gb.
  const re = /^[0-9]+%?$/;
  if (o.minAvailable && !re.test(o.minAvailable))
    throw new GeneratorError('invalid format specified for min-available');
  if (o.maxUnavailable && !re.test(o.maxUnavailable))
    throw new GeneratorError('invalid format specified for max-unavailable');
}

/** intstr.Parse: an int if it parses as one, otherwise the string. */
function intstrParse(s: string): number | string {
  return /^[+-]?[0-9]+$/.test(s) && Math.abs(Number(s)) <= 2147483647 ? Number(s) : s;
}

export function generatePdb(o: PdbOptions, env: GeneratorEnv): KubeObject {
  validatePdb(o);
  const selector = parseToLabelSelector(o.selector);
  const spec: Record<string, unknown> = {};
  if (o.minAvailable) spec.minAvailable = intstrParse(o.minAvailable);
  spec.selector = selector;
  if (!o.minAvailable && o.maxUnavailable) spec.maxUnavailable = intstrParse(o.maxUnavailable);
  return {
    kind: 'PodDisruptionBudget',
    apiVersion: 'policy/v1',
    metadata: objectMeta(o.name, env.enforcedNamespace),
    spec,
    status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
  };
}
