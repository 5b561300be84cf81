/** `kubectl create deployment NAME --image=image -- [COMMAND] [args...]` (create_deployment.go). */
import type { KubeObject } from '../../api/types';
import { container, objectMeta, templateMeta } from './meta';
import { GeneratorError, type GeneratorEnv } from './types';

export interface DeploymentOptions {
  name: string;
  images: string[];
  replicas: number;
  /** -1 (the default) means no containerPort. */
  port: number;
  command: string[];
}

export function validateDeployment(o: DeploymentOptions): void {
  if (o.images.length > 1 && o.command.length > 0)
    throw new GeneratorError('cannot specify multiple --image options and command');
}

/**
 * The container name is the image's last path element without tag or digest; names with `_` or
 * `.` (not valid DNS labels) get dashes and a random 5-letter suffix, as kubectl's
 * sanitizeAndUniquify does.
 */
export function containerNameFromImage(image: string, env: GeneratorEnv): string {
  const parts = image.split('/');
  let name = parts[parts.length - 1]!;
  if (name.includes(':')) name = name.split(':')[0]!;
  if (name.includes('@')) name = name.split('@')[0]!;
  if (/[_.]/.test(name)) name = `${name.replace(/_/g, '-').replace(/\./g, '-')}-${env.randomString(5)}`;
  return name;
}

export function generateDeployment(o: DeploymentOptions, env: GeneratorEnv): KubeObject {
  validateDeployment(o);
  const labels = { app: o.name };
  const containers = o.images.map((image) => container(containerNameFromImage(image, env), image, o.command));
  if (o.port >= 0 && containers.length > 0) {
    // Ports sit between command and resources in Container's field order.
    const first = containers[0]!;
    const { resources, ...rest } = first;
    containers[0] = { ...rest, ports: [{ containerPort: o.port }], resources };
  }
  return {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: objectMeta(o.name, env.enforcedNamespace, labels),
    spec: {
      replicas: o.replicas,
      selector: { matchLabels: { ...labels } },
      template: { metadata: templateMeta(labels), spec: { containers } },
      strategy: {},
    },
    status: {},
  };
}
