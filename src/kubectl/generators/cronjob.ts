/** `kubectl create cronjob NAME --image=image --schedule='0/5 * * * ?' -- [COMMAND] [args...]` (create_cronjob.go). */
import type { KubeObject } from '../../api/types';
import { container, objectMeta, templateMeta } from './meta';
import type { GeneratorEnv } from './types';

export interface CronJobOptions {
  name: string;
  image: string;
  schedule: string;
  /** '' means OnFailure. kubectl does not check it: the server does. */
  restart: string;
  command: string[];
}

export function generateCronJob(o: CronJobOptions, env: GeneratorEnv): KubeObject {
  return {
    kind: 'CronJob',
    apiVersion: 'batch/v1',
    metadata: objectMeta(o.name, env.enforcedNamespace),
    spec: {
      schedule: o.schedule,
      jobTemplate: {
        metadata: { name: o.name, creationTimestamp: null },
        spec: {
          template: {
            metadata: templateMeta(),
            spec: {
              containers: [container(o.name, o.image, o.command)],
              restartPolicy: o.restart || 'OnFailure',
            },
          },
        },
      },
    },
    status: {},
  };
}
