/**
 * The rollout invariant (issue 4): random Deployments, random sequences of scaling, image changes
 * and pod deletions. At every simulated second:
 *   - there are never more than replicas + maxSurge pods (not counting terminating ones);
 *   - during a rollout that started from a healthy Deployment, at least replicas − maxUnavailable
 *     pods stay ready;
 * and after the last action the rollout completes: every pod runs the latest template, only the
 * newest ReplicaSet has replicas, and the status says so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  maxSurge,
  maxUnavailable,
  type DeploymentObject,
} from '../../../../../src/engine/controllers/deployment/util';
import {
  activePods,
  createDeployment,
  isReady,
  patchDeployment,
  setImage,
  workloadCluster,
} from '../replicaset/workload-helpers';

type Action =
  | { kind: 'scale'; replicas: number; after: number }
  | { kind: 'image'; after: number }
  | { kind: 'delete'; index: number; after: number };

const intOrPercent = fc.oneof(fc.constantFrom('0%', '25%', '50%', '100%'), fc.integer({ min: 0, max: 3 }));
const zero = (v: number | string): boolean => v === 0 || v === '0%';

const scenario = fc
  .record({
    replicas: fc.integer({ min: 1, max: 8 }),
    maxSurge: intOrPercent,
    maxUnavailable: intOrPercent,
    readyAfterMs: fc.integer({ min: 300, max: 4000 }),
    actions: fc.array<Action>(
      fc.oneof(
        fc.record({
          kind: fc.constant('scale' as const),
          replicas: fc.integer({ min: 0, max: 8 }),
          after: fc.integer({ min: 0, max: 8 }),
        }),
        fc.record({ kind: fc.constant('image' as const), after: fc.integer({ min: 0, max: 8 }) }),
        fc.record({
          kind: fc.constant('delete' as const),
          index: fc.nat(20),
          after: fc.integer({ min: 0, max: 8 }),
        }),
      ),
      { minLength: 1, maxLength: 6 },
    ),
  })
  // the API rejects maxSurge and maxUnavailable both 0
  .filter((s) => !(zero(s.maxSurge) && zero(s.maxUnavailable)));

describe('rollout invariant (fast-check)', () => {
  it('stays within replicas + maxSurge and above replicas − maxUnavailable, and always completes', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const c = workloadCluster({ readyAfterMs: s.readyAfterMs });
        createDeployment(c, 'web', s.replicas, {
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: { maxSurge: s.maxSurge, maxUnavailable: s.maxUnavailable },
          },
        });
        const path = '/apis/apps/v1/namespaces/demo/deployments/web';
        let version = 0;
        let image = 'nginx:1.24.0';
        /** While set, a rollout from a healthy Deployment is under way: keep minAvailable ready. */
        let guardMinAvailable: number | undefined;

        const check = (): void => {
          const d = c.get<DeploymentObject>(path);
          const replicas = d.spec?.replicas ?? 1;
          const pods = activePods(c);
          expect(pods.length, `pods ≤ replicas + maxSurge at ${c.clock.now()}`).toBeLessThanOrEqual(
            replicas + maxSurge(d),
          );
          if (guardMinAvailable !== undefined)
            expect(pods.filter(isReady).length, 'ready ≥ replicas − maxUnavailable').toBeGreaterThanOrEqual(
              guardMinAvailable,
            );
        };
        const wait = (seconds: number): void => {
          for (let i = 0; i < seconds; i++) {
            c.cluster.advance(1000);
            check();
          }
        };

        wait(6);
        for (const a of s.actions) {
          wait(a.after);
          guardMinAvailable = undefined;
          if (a.kind === 'scale') patchDeployment(c, 'web', { spec: { replicas: a.replicas } });
          else if (a.kind === 'image') {
            const d = c.get<DeploymentObject>(path);
            const replicas = d.spec?.replicas ?? 1;
            const min = replicas - maxUnavailable(d);
            if (activePods(c).filter(isReady).length >= min) guardMinAvailable = min;
            image = `nginx:1.25.${++version}`;
            setImage(c, 'web', image);
          } else {
            const pods = activePods(c);
            if (pods.length > 0)
              c.call('DELETE', `/api/v1/namespaces/demo/pods/${pods[a.index % pods.length]!.metadata.name}`);
            c.cluster.settle();
          }
          check();
        }
        wait(120);

        const d = c.get<DeploymentObject>(path);
        const replicas = d.spec?.replicas ?? 1;
        expect(d.status?.observedGeneration).toBe(d.metadata.generation);
        expect(d.status?.updatedReplicas ?? 0).toBe(replicas);
        expect(d.status?.replicas ?? 0).toBe(replicas);
        expect(d.status?.availableReplicas ?? 0).toBe(replicas);
        const pods = activePods(c);
        expect(pods).toHaveLength(replicas);
        expect(pods.every((p) => p.spec.containers[0].image === image && isReady(p))).toBe(true);
        const withReplicas = c.list('replicasets').filter((r) => r.spec.replicas > 0);
        expect(withReplicas.every((r) => r.spec.template.spec.containers[0].image === image)).toBe(true);
      }),
      { numRuns: 20, seed: 4242, endOnFailure: true },
    );
  }, 300_000);
});
