/**
 * What `rollout status` says about an object (kubectl polymorphichelpers/rollout_status.go):
 * one line describing how far the rollout has come, and whether it is done.
 */
import type { DaemonSet, Deployment, StatefulSet } from 'kubernetes-types/apps/v1';
import type { KubeObject } from '../../../api/types';
import { KubectlError } from '../../errors';

export interface RolloutStatus {
  message: string;
  done: boolean;
}

/** A status viewer: `revision` (> 0) pins the rollout to a revision (--revision). */
export type StatusViewer = (obj: KubeObject, revision: number) => RolloutStatus;

/**
 * DeploymentStatusViewer: wait until the controller has seen the latest spec, then until every
 * replica is updated, no old replica is left, and every updated replica is available — or the
 * Progressing condition says the deadline passed.
 */
export const deploymentStatus: StatusViewer = (obj, revision) => {
  const d = obj as Deployment & KubeObject;
  const name = JSON.stringify(d.metadata.name);
  if (revision > 0) {
    const v = d.metadata.annotations?.['deployment.kubernetes.io/revision'];
    let deploymentRev = 0;
    if (v !== undefined) {
      if (!/^[+-]?\d+$/.test(v))
        throw new KubectlError(
          `cannot get the revision of deployment ${name}: strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`,
        );
      deploymentRev = Number(v);
    }
    if (revision !== deploymentRev)
      throw new KubectlError(
        `desired revision (${revision}) is different from the running revision (${deploymentRev})`,
      );
  }
  const s = d.status ?? {};
  if ((d.metadata.generation ?? 0) <= (s.observedGeneration ?? 0)) {
    const cond = (s.conditions ?? []).find((c) => c.type === 'Progressing');
    if (cond && cond.reason === 'ProgressDeadlineExceeded')
      throw new KubectlError(`deployment ${name} exceeded its progress deadline`);
    const replicas = d.spec?.replicas;
    const updated = s.updatedReplicas ?? 0;
    if (replicas != null && updated < replicas)
      return {
        message: `Waiting for deployment ${name} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
        done: false,
      };
    if ((s.replicas ?? 0) > updated)
      return {
        message: `Waiting for deployment ${name} rollout to finish: ${(s.replicas ?? 0) - updated} old replicas are pending termination...\n`,
        done: false,
      };
    if ((s.availableReplicas ?? 0) < updated)
      return {
        message: `Waiting for deployment ${name} rollout to finish: ${s.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
        done: false,
      };
    return { message: `deployment ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for deployment spec update to be observed...\n', done: false };
};

/** DaemonSetStatusViewer (the revision is ignored: DaemonSets have no history here). */
export const daemonSetStatus: StatusViewer = (obj) => {
  const ds = obj as DaemonSet & KubeObject;
  const name = JSON.stringify(ds.metadata.name);
  if (ds.spec?.updateStrategy?.type !== 'RollingUpdate')
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  const s = ds.status;
  if ((ds.metadata.generation ?? 0) <= (s?.observedGeneration ?? 0)) {
    const desired = s?.desiredNumberScheduled ?? 0;
    if ((s?.updatedNumberScheduled ?? 0) < desired)
      return {
        message: `Waiting for daemon set ${name} rollout to finish: ${s?.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...\n`,
        done: false,
      };
    if ((s?.numberAvailable ?? 0) < desired)
      return {
        message: `Waiting for daemon set ${name} rollout to finish: ${s?.numberAvailable ?? 0} of ${desired} updated pods are available...\n`,
        done: false,
      };
    return { message: `daemon set ${name} successfully rolled out\n`, done: true };
  }
  return { message: 'Waiting for daemon set spec update to be observed...\n', done: false };
};

/** StatefulSetStatusViewer. */
export const statefulSetStatus: StatusViewer = (obj) => {
  const sts = obj as StatefulSet & KubeObject;
  const us = sts.spec?.updateStrategy;
  if (us?.type !== 'RollingUpdate')
    throw new KubectlError('rollout status is only available for RollingUpdate strategy type');
  const s = sts.status;
  if (!s?.observedGeneration || (sts.metadata.generation ?? 0) > s.observedGeneration)
    return { message: 'Waiting for statefulset spec update to be observed...\n', done: false };
  const replicas = sts.spec?.replicas;
  if (replicas != null && (s.readyReplicas ?? 0) < replicas)
    return { message: `Waiting for ${replicas - (s.readyReplicas ?? 0)} pods to be ready...\n`, done: false };
  if (us.rollingUpdate) {
    const partition = us.rollingUpdate.partition;
    if (replicas != null && partition != null && (s.updatedReplicas ?? 0) < replicas - partition)
      return {
        message: `Waiting for partitioned roll out to finish: ${s.updatedReplicas ?? 0} out of ${replicas - partition} new pods have been updated...\n`,
        done: false,
      };
    return {
      message: `partitioned roll out complete: ${s.updatedReplicas ?? 0} new pods have been updated...\n`,
      done: true,
    };
  }
  if (s.updateRevision !== s.currentRevision)
    return {
      message: `waiting for statefulset rolling update to complete ${s.updatedReplicas ?? 0} pods at revision ${s.updateRevision ?? ''}...\n`,
      done: false,
    };
  return {
    message: `statefulset rolling update complete ${s.currentReplicas ?? 0} pods at revision ${s.currentRevision ?? ''}...\n`,
    done: true,
  };
};

/** StatusViewerFor: by GroupKind. */
export function statusViewerFor(group: string, kind: string): StatusViewer {
  if (group === 'apps' || group === 'extensions') {
    if (kind === 'Deployment') return deploymentStatus;
    if (kind === 'DaemonSet') return daemonSetStatus;
    if (kind === 'StatefulSet' && group === 'apps') return statefulSetStatus;
  }
  throw new KubectlError(`no status viewer has been implemented for ${group ? `${kind}.${group}` : kind}`);
}
