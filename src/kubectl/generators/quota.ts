/** `kubectl create quota NAME [--hard=key1=value1] [--scopes=Scope1,Scope2]` (create_quota.go). */
import type { KubeObject } from '../../api/types';
import { parseQuantity } from '../../apimachinery/quantity';
import { objectMeta, sortedMap } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

export interface QuotaOptions {
  name: string;
  /** `cpu=1,memory=1Gi` (a plain string flag, split at commas). */
  hard: string;
  scopes: string;
}

function populateResourceList(spec: string): Record<string, string> | undefined {
  if (spec === '') return undefined;
  const out: Record<string, string> = {};
  for (const statement of spec.split(',')) {
    const parts = statement.split('=');
    if (parts.length !== 2)
      throw new GeneratorError(`Invalid argument syntax ${statement}, expected <resource>=<value>`);
    try {
      out[parts[0]!] = parseQuantity(parts[1]!).toString();
    } catch (e) {
      throw new GeneratorError((e as Error).message);
    }
  }
  return out;
}

function parseScopes(spec: string): string[] | undefined {
  if (spec === '') return undefined;
  return spec.split(',').map((s) => {
    if (s === '') throw new GeneratorError('invalid resource quota scope ""');
    return s;
  });
}

export function generateQuota(o: QuotaOptions, env: GeneratorEnv): KubeObject {
  if (!o.name) throw new GeneratorError('name must be specified');
  const hard = populateResourceList(o.hard);
  const scopes = parseScopes(o.scopes);
  const spec: Record<string, unknown> = {};
  if (hard && Object.keys(hard).length > 0) spec.hard = sortedMap(hard);
  if (scopes && scopes.length > 0) spec.scopes = scopes;
  return {
    kind: 'ResourceQuota',
    apiVersion: 'v1',
    metadata: objectMeta(o.name, env.enforcedNamespace),
    spec,
    status: {},
  };
}
