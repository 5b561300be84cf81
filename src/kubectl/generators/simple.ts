/**
 * The small generators: namespace, serviceaccount, priorityclass (create_namespace.go,
 * create_serviceaccount.go, create_priorityclass.go).
 */
import type { KubeObject } from '../../api/types';
import { objectMeta } from './meta';
import type { GeneratorEnv } from './types';

export function generateNamespace(name: string): KubeObject {
  return { kind: 'Namespace', apiVersion: 'v1', metadata: objectMeta(name), spec: {}, status: {} };
}

export function generateServiceAccount(name: string, env: GeneratorEnv): KubeObject {
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: objectMeta(name, env.enforcedNamespace) };
}

export interface PriorityClassOptions {
  name: string;
  value: number;
  globalDefault: boolean;
  description: string;
  /** Default PreemptLowerPriority; not checked on the client. */
  preemptionPolicy: string;
}

export function generatePriorityClass(o: PriorityClassOptions): KubeObject {
  const pc: KubeObject = {
    kind: 'PriorityClass',
    apiVersion: 'scheduling.k8s.io/v1',
    metadata: objectMeta(o.name),
    value: o.value,
  };
  if (o.globalDefault) pc.globalDefault = true;
  if (o.description) pc.description = o.description;
  pc.preemptionPolicy = o.preemptionPolicy;
  return pc;
}
