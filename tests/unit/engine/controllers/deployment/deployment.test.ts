/**
 * The Deployment controller with the ReplicaSet controller, the scheduler and a fake kubelet:
 * rollouts as kubectl users watch them (reference §4.4, §9.3, book chapter 6).
 */
import { describe, expect, it } from 'vitest';
import {
  activePods,
  createDeployment,
  patchDeployment,
  rsSummary,
  setImage,
  workloadCluster,
  type WorkloadCluster,
  type Json,
} from '../replicaset/workload-helpers';

const DEPLOY = '/apis/apps/v1/namespaces/demo/deployments/web';
const scaling = (c: WorkloadCluster) =>
  c
    .events('deployment-controller')
    .map((e) => e.replace(/web-[bcdfghjklmnpqrstvwxz2456789]+/g, (m) => rsAlias(c, m)));

/** `web-old` / `web-new` by image, so that expectations do not depend on hashes. */
function rsAlias(c: WorkloadCluster, name: string): string {
  const rs = c.list('replicasets').find((r) => r.metadata.name === name);
  return rs ? `rs(${rs.spec.template.spec.containers[0].image})` : name;
}

const condition = (d: Json, type: string) =>
  (d.status?.conditions ?? []).find((x: { type: string }) => x.type === type);

describe('Deployment controller', () => {
  it('creates a ReplicaSet <name>-<pod-template-hash> with revision 1 and brings the Deployment to Available', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 3);
    const [rs] = c.list('replicasets');
    expect(rs!.metadata.name).toMatch(/^web-[4-9bcdf]{1,10}$/);
    const hash = rs!.metadata.name!.slice('web-'.length);
    expect(rs!.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs!.spec.selector).toEqual({ matchLabels: { app: 'web', 'pod-template-hash': hash } });
    expect(rs!.metadata.annotations).toEqual({
      'deployment.kubernetes.io/desired-replicas': '3',
      'deployment.kubernetes.io/max-replicas': '4',
      'deployment.kubernetes.io/revision': '1',
    });
    expect(c.list('pods').every((p) => p.metadata.labels['pod-template-hash'] === hash)).toBe(true);
    c.advanceSeconds(2);
    const d = c.get(DEPLOY);
    expect(d.metadata.generation).toBe(1);
    expect(d.metadata.annotations).toEqual({ 'deployment.kubernetes.io/revision': '1' });
    expect(d.status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(condition(d, 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
      message: 'Deployment has minimum availability.',
    });
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${rs!.metadata.name}" has successfully progressed.`,
    });
    expect(scaling(c)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.24.0) from 0 to 3',
    ]);
  });

  it('rolls 3 replicas one pod at a time with the 25%/25% defaults (surge 1, unavailable 0), as §9.3 shows', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 3);
    c.advanceSeconds(2);
    setImage(c, 'web', 'nginx:1.25.3');
    c.advanceSeconds(10);
    expect(scaling(c).slice(1)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.25.3) from 0 to 1',
      'Normal ScalingReplicaSet Scaled down replica set rs(nginx:1.24.0) from 3 to 2',
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.25.3) from 1 to 2',
      'Normal ScalingReplicaSet Scaled down replica set rs(nginx:1.24.0) from 2 to 1',
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.25.3) from 2 to 3',
      'Normal ScalingReplicaSet Scaled down replica set rs(nginx:1.24.0) from 1 to 0',
    ]);
    const d = c.get(DEPLOY);
    expect(d.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 0/0/0', 'nginx:1.25.3 3/3/3']);
  });

  it('rolls 10 replicas within 13 pods and at least 8 available (surge 3, unavailable 2)', () => {
    const c = workloadCluster({ readyAfterMs: 3000 });
    createDeployment(c, 'web', 10);
    c.advanceSeconds(4);
    setImage(c, 'web', 'nginx:1.25.3');
    // The first step at once: the new ReplicaSet gets the 3 surge pods, 2 old (available) pods go.
    expect(scaling(c).slice(1, 3)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.25.3) from 0 to 3',
      'Normal ScalingReplicaSet Scaled down replica set rs(nginx:1.24.0) from 10 to 8',
    ]);
    for (let s = 0; s < 30; s++) {
      const pods = activePods(c);
      expect(pods.length).toBeLessThanOrEqual(13);
      const ready = pods.filter((p) =>
        (p.status?.conditions ?? []).some((x: Json) => x.type === 'Ready' && x.status === 'True'),
      );
      expect(ready.length).toBeGreaterThanOrEqual(8);
      c.advanceSeconds(1);
    }
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 0/0/0', 'nginx:1.25.3 10/10/10']);
  });

  it('Recreate: scales the old ReplicaSet to 0, waits until its pods are gone, then creates the new one at full size', () => {
    const c = workloadCluster({ readyAfterMs: 1000, terminateAfterMs: 10_000 });
    createDeployment(c, 'web', 10, { strategy: { type: 'Recreate' } });
    c.advanceSeconds(2);
    setImage(c, 'web', 'nginx:1.25.3');
    expect(scaling(c).slice(1)).toEqual([
      'Normal ScalingReplicaSet Scaled down replica set rs(nginx:1.24.0) from 10 to 0',
    ]);
    c.advanceSeconds(9);
    // The old pods are still terminating (preStop-like 10s): no new ReplicaSet yet.
    expect(c.list('replicasets')).toHaveLength(1);
    expect(activePods(c)).toHaveLength(0);
    c.advanceSeconds(2);
    expect(scaling(c).slice(2)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.25.3) from 0 to 10',
    ]);
    c.advanceSeconds(2);
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 0/0/0', 'nginx:1.25.3 10/10/10']);
  });

  it('a missing image: 3/3 READY, 1 UP-TO-DATE, the old ReplicaSet keeps serving, then ProgressDeadlineExceeded', () => {
    const c = workloadCluster({ canStart: (p) => !JSON.stringify(p.spec).includes('hello-server:1.3') });
    createDeployment(c, 'web', 3, {
      image: 'blux2/hello-server:1.0',
      extraSpec: { progressDeadlineSeconds: 60 },
    });
    c.advanceSeconds(2);
    setImage(c, 'web', 'blux2/hello-server:1.3');
    c.advanceSeconds(30);
    let d = c.get(DEPLOY);
    expect(d.status).toMatchObject({
      replicas: 4,
      updatedReplicas: 1,
      readyReplicas: 3,
      availableReplicas: 3,
      unavailableReplicas: 1,
    });
    expect(rsSummary(c)).toEqual(['blux2/hello-server:1.0 3/3/3', 'blux2/hello-server:1.3 1/1/0']);
    expect(condition(d, 'Progressing')).toMatchObject({ status: 'True', reason: 'ReplicaSetUpdated' });
    c.advanceSeconds(40);
    d = c.get(DEPLOY);
    const newRS = c
      .list('replicasets')
      .find((r) => r.spec.template.spec.containers[0].image.endsWith(':1.3'))!;
    expect(condition(d, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'ProgressDeadlineExceeded',
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    // Nothing is rolled back: the old pods keep serving.
    expect(rsSummary(c)).toEqual(['blux2/hello-server:1.0 3/3/3', 'blux2/hello-server:1.3 1/1/0']);
  });

  it('maxSurge 0 with one replica: the only pod goes first (a full outage if the new one cannot start)', () => {
    const c = workloadCluster({ canStart: (p) => !p.metadata.annotations?.broken });
    createDeployment(c, 'web', 1, {
      image: 'blux2/hello-server:1.4',
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0 } },
    });
    c.advanceSeconds(2);
    patchDeployment(c, 'web', { spec: { template: { metadata: { annotations: { broken: 'yes' } } } } });
    c.advanceSeconds(5);
    expect(scaling(c).slice(1)).toEqual([
      'Normal ScalingReplicaSet Scaled down replica set rs(blux2/hello-server:1.4) from 1 to 0',
      'Normal ScalingReplicaSet Scaled up replica set rs(blux2/hello-server:1.4) from 0 to 1',
    ]);
    const ready = activePods(c).filter((p) =>
      (p.status?.conditions ?? []).some((x: Json) => x.type === 'Ready' && x.status === 'True'),
    );
    expect(ready).toHaveLength(0);
    // With one replica, maxUnavailable resolves to 1 (both fenceposts 0 → 1): the minimum is 0
    // available pods, so the Deployment still calls itself Available while nothing serves.
    expect(condition(c.get(DEPLOY), 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
  });

  it('paused: template changes wait; resume rolls them out; the Progressing condition says so', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 2);
    c.advanceSeconds(2);
    patchDeployment(c, 'web', { spec: { paused: true } });
    expect(condition(c.get(DEPLOY), 'Progressing')).toMatchObject({
      status: 'Unknown',
      reason: 'DeploymentPaused',
      message: 'Deployment is paused',
    });
    setImage(c, 'web', 'nginx:1.25.3');
    c.advanceSeconds(5);
    expect(c.list('replicasets')).toHaveLength(1);
    patchDeployment(c, 'web', { spec: { paused: null } });
    c.advanceSeconds(10);
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 0/0/0', 'nginx:1.25.3 2/2/2']);
    expect(condition(c.get(DEPLOY), 'Progressing')).toMatchObject({
      status: 'True',
      reason: 'NewReplicaSetAvailable',
    });
  });

  it('a resize in the middle of a rollout is shared proportionally between the ReplicaSets', () => {
    const c = workloadCluster({ canStart: (p) => !JSON.stringify(p.spec).includes('nginx:bad') });
    createDeployment(c, 'web', 10);
    c.advanceSeconds(2);
    setImage(c, 'web', 'nginx:bad');
    c.advanceSeconds(5);
    // Stuck at 13 pods (10 + surge 3): 8 old available, 5 new that never start.
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 8/8/8', 'nginx:bad 5/5/0']);
    patchDeployment(c, 'web', { spec: { replicas: 20 } });
    // 25 allowed (20 + 5 surge), 13 present, 12 to add: old 8 → round(8×25/13) = 15,
    // new 5 → round(5×25/13) = 10; nothing left over.
    expect(rsSummary(c)).toEqual(['nginx:1.24.0 15/15/8', 'nginx:bad 10/10/0']);
    expect(scaling(c).slice(-2)).toEqual([
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:1.24.0) from 8 to 15',
      'Normal ScalingReplicaSet Scaled up replica set rs(nginx:bad) from 5 to 10',
    ]);
  });

  it('minReadySeconds: pods count as available only after being ready that long', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 2, { extraSpec: { minReadySeconds: 5 } });
    c.advanceSeconds(2);
    expect(c.get(DEPLOY).status).toMatchObject({ readyReplicas: 2 });
    expect(c.get(DEPLOY).status.availableReplicas).toBeUndefined();
    c.advanceSeconds(6);
    expect(c.get(DEPLOY).status).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it('keeps revisionHistoryLimit old ReplicaSets', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 1, { extraSpec: { revisionHistoryLimit: 2 } });
    c.advanceSeconds(2);
    for (const v of ['1.25.0', '1.25.1', '1.25.2', '1.25.3']) {
      setImage(c, 'web', `nginx:${v}`);
      c.advanceSeconds(5);
    }
    expect(rsSummary(c)).toEqual(['nginx:1.25.1 0/0/0', 'nginx:1.25.2 0/0/0', 'nginx:1.25.3 1/1/1']);
    expect(c.get(DEPLOY).metadata.annotations['deployment.kubernetes.io/revision']).toBe('5');
  });

  it('a template equal to an old revision reuses its ReplicaSet with the next revision number', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 1);
    c.advanceSeconds(2);
    setImage(c, 'web', 'nginx:1.25.3');
    c.advanceSeconds(5);
    setImage(c, 'web', 'nginx:1.24.0');
    c.advanceSeconds(5);
    const rss = c.list('replicasets');
    expect(rss).toHaveLength(2);
    const back = rss.find((r) => r.spec.template.spec.containers[0].image === 'nginx:1.24.0')!;
    expect(back.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(back.metadata.annotations['deployment.kubernetes.io/revision-history']).toBe('1');
  });

  it('garbage collection: deleting the Deployment deletes its ReplicaSets and their pods; orphan leaves them', () => {
    const c = workloadCluster();
    createDeployment(c, 'web', 2);
    c.advanceSeconds(2);
    c.call('DELETE', DEPLOY);
    c.advanceSeconds(2);
    expect(c.list('replicasets')).toEqual([]);
    expect(c.list('pods')).toEqual([]);

    createDeployment(c, 'web', 2);
    c.advanceSeconds(2);
    c.call('DELETE', DEPLOY, { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' });
    c.advanceSeconds(2);
    expect(c.find(DEPLOY)).toBeUndefined();
    const [rs] = c.list('replicasets');
    expect(rs!.metadata.ownerReferences).toBeUndefined();
    expect(activePods(c)).toHaveLength(2);
  });
});
