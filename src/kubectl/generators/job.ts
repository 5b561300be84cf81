/** `kubectl create job NAME --image=image [--from=cronjob/name] -- [COMMAND] [args...]` (create_job.go). */
import type { KubeObject } from '../../api/types';
import { container, objectMeta, sortedMap, templateMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

export interface JobOptions {
  name: string;
  image: string;
  from: string;
  command: string[];
}

export function validateJob(o: JobOptions): void {
  if ((!o.image && !o.from) || (o.image && o.from))
    throw new GeneratorError('either --image or --from must be specified');
  if (o.command.length > 0 && o.from) throw new GeneratorError('cannot specify --from and command');
}

export function generateJob(o: JobOptions, env: GeneratorEnv): KubeObject {
  validateJob(o);
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata: objectMeta(o.name, env.enforcedNamespace),
    spec: {
      template: {
        metadata: templateMeta(),
        spec: { containers: [container(o.name, o.image, o.command)], restartPolicy: 'Never' },
      },
    },
    status: {},
  };
}

/**
 * `--from=cronjob/NAME`: a Job from the CronJob's jobTemplate, annotated
 * `cronjob.kubernetes.io/instantiate: manual` and owned (controller, without
 * blockOwnerDeletion) by the CronJob, as the CronJob controller's own Jobs are.
 */
export function generateJobFromCronJob(name: string, cronJob: KubeObject, env: GeneratorEnv): KubeObject {
  const spec = (cronJob.spec ?? {}) as {
    jobTemplate?: { metadata?: Record<string, unknown>; spec?: unknown };
  };
  const tmplMeta = (spec.jobTemplate?.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  const annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...(tmplMeta.annotations ?? {}) };
  const metadata: Record<string, unknown> = { name };
  if (env.enforcedNamespace) metadata.namespace = env.enforcedNamespace;
  metadata.creationTimestamp = null;
  if (tmplMeta.labels && Object.keys(tmplMeta.labels).length > 0)
    metadata.labels = sortedMap(tmplMeta.labels);
  metadata.annotations = sortedMap(annotations);
  metadata.ownerReferences = [
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      name: cronJob.metadata.name,
      uid: cronJob.metadata.uid,
      controller: true,
    },
  ];
  const jobSpec = structuredClone(spec.jobTemplate?.spec ?? {}) as Record<string, unknown>;
  // Decoded into a typed JobSpec, the pod template always carries metadata.creationTimestamp.
  const template = (jobSpec.template ?? {}) as Record<string, unknown>;
  const tm = (template.metadata ?? {}) as Record<string, unknown>;
  if (!('creationTimestamp' in tm)) template.metadata = { creationTimestamp: null, ...tm };
  jobSpec.template = template;
  return { kind: 'Job', apiVersion: 'batch/v1', metadata, spec: jobSpec, status: {} } as KubeObject;
}
