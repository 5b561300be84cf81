/**
 * replicas and rollout: read a workload's status the way `kubectl get deploy` (READY column)
 * and `kubectl rollout status` read it.
 */
import type { KubeObject } from '../../api/types';
import type { ReplicasCheck, RolloutCheck, Text } from '../types';
import { text, type CheckContext } from './context';
import { fetchRef, notFound } from './objects';

interface WorkloadStatus {
  replicas?: number;
  readyReplicas?: number;
  updatedReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: { type: string; status: string; reason?: string }[];
}

const specReplicas = (o: KubeObject): number => {
  const r = (o.spec as { replicas?: number } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
};

export async function evalReplicas(ctx: CheckContext, c: ReplicasCheck): Promise<Text | undefined> {
  const { info, namespace, label, object } = await fetchRef(ctx, c);
  if (!object) return notFound(label, info, namespace);
  const status = (object.status ?? {}) as WorkloadStatus;
  const ready = status.readyReplicas ?? 0;
  const want = c.count ?? specReplicas(object);
  if (ready >= want && (c.count === undefined || ready === c.count)) return undefined;
  return text(
    `${label.en} has ${ready}/${want} ready replicas.`,
    `${label.ja} の Ready なレプリカは ${ready}/${want} 個です。`,
  );
}

/**
 * kubectl's DeploymentStatusViewer: the message `kubectl rollout status` prints while it waits,
 * or undefined once "successfully rolled out".
 */
export function rolloutStatusMessage(d: KubeObject): string | undefined {
  const name = d.metadata.name ?? '';
  const status = (d.status ?? {}) as WorkloadStatus;
  if ((d.metadata.generation ?? 0) > (status.observedGeneration ?? 0))
    return 'Waiting for deployment spec update to be observed...';
  const progressing = (status.conditions ?? []).find((c) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded')
    return `deployment ${JSON.stringify(name)} exceeded its progress deadline`;
  const replicas = (d.spec as { replicas?: number } | undefined)?.replicas;
  const updated = status.updatedReplicas ?? 0;
  if (replicas !== undefined && updated < replicas)
    return `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`;
  if ((status.replicas ?? 0) > updated)
    return `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${(status.replicas ?? 0) - updated} old replicas are pending termination...`;
  if ((status.availableReplicas ?? 0) < updated)
    return `Waiting for deployment ${JSON.stringify(name)} rollout to finish: ${status.availableReplicas ?? 0} of ${updated} updated replicas are available...`;
  return undefined;
}

export async function evalRollout(ctx: CheckContext, c: RolloutCheck): Promise<Text | undefined> {
  const { info, namespace, label, object } = await fetchRef(ctx, c);
  if (info.kind !== 'Deployment')
    return text(
      `The rollout check reads Deployments only, not ${info.kind}.`,
      `rollout チェックは Deployment 専用です（${info.kind} は対象外）。`,
    );
  if (!object) return notFound(label, info, namespace);
  const msg = rolloutStatusMessage(object);
  if (msg === undefined) return undefined;
  return text(
    `Not finished: \`kubectl rollout status\` says "${msg}"`,
    `まだ完了していません。\`kubectl rollout status\` の表示: "${msg}"`,
  );
}
