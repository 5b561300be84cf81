/**
 * The upstream test tables of pkg/controller/deployment/util/deployment_util_test.go
 * (reference §4.2–4.3): ResolveFenceposts, MaxUnavailable, NewRSNewReplicas, DeploymentComplete,
 * DeploymentProgressing, DeploymentTimedOut — run against the controller's own helpers.
 */
import { describe, expect, it } from 'vitest';
import { resolveFenceposts } from '../../../../../src/apimachinery/intstr';
import {
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getProportion,
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  type DeploymentObject,
  type ReplicaSetObject,
} from '../../../../../src/engine/controllers/deployment/util';
import { computeHash, safeEncodeString } from '../../../../../src/engine/controllers/deployment/hash';

type IOS = number | string | undefined;

function deployment(
  replicas: number,
  maxSurge: IOS,
  maxUnavailable: IOS,
  type = 'RollingUpdate',
): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'foo', generation: 1 },
    spec: {
      replicas,
      selector: { matchLabels: { foo: 'bar' } },
      template: {},
      strategy:
        type === 'RollingUpdate'
          ? {
              type,
              rollingUpdate: { maxSurge: maxSurge as number, maxUnavailable: maxUnavailable as number },
            }
          : { type },
    },
  } as DeploymentObject;
}

const rs = (replicas: number, name = 'rs'): ReplicaSetObject =>
  ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name }, spec: { replicas } }) as ReplicaSetObject;

describe('TestResolveFenceposts', () => {
  const cases: [IOS, IOS, number, number, number, boolean][] = [
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
    [undefined, '39%', 10, 0, 3, false],
    ['39%', undefined, 10, 4, 0, false],
    [undefined, undefined, 10, 0, 1, false],
  ];
  it.each(cases)(
    'maxSurge %s maxUnavailable %s desired %i → surge %i unavailable %i',
    (s, u, d, es, eu, err) => {
      if (err) {
        expect(() => resolveFenceposts(s, u, d)).toThrow(
          'invalid value for IntOrString: invalid type: string is not a percentage',
        );
        return;
      }
      expect(resolveFenceposts(s, u, d)).toEqual({ surge: es, unavailable: eu });
    },
  );

  // Reference §4.3 [RUN] rows: replicas, surge, unavailable → MaxSurge(), MaxUnavailable().
  const run: [number, IOS, IOS, number, number][] = [
    [0, '25%', '25%', 0, 0],
    [1, '25%', '25%', 1, 0],
    [3, '25%', '25%', 1, 0],
    [4, '25%', '25%', 1, 1],
    [5, '25%', '25%', 2, 1],
    [8, '25%', '25%', 2, 2],
    [10, '25%', '25%', 3, 2],
    [12, '25%', '25%', 3, 3],
    [100, '25%', '25%', 25, 25],
    [10, '0%', '0%', 0, 1],
    [0, '0%', '0%', 0, 0],
    [3, 0, 0, 0, 1],
    [2, '1%', '25%', 1, 0],
    [5, '100%', '0%', 5, 0],
    [5, 10, 10, 10, 5],
    [1, '25%', 1, 1, 1],
  ];
  it.each(run)('replicas %i surge %s unavailable %s → MaxSurge %i MaxUnavailable %i', (r, s, u, es, eu) => {
    const d = deployment(r, s, u);
    expect(maxSurge(d)).toBe(es);
    expect(maxUnavailable(d)).toBe(eu);
  });
});

describe('TestMaxUnavailable', () => {
  const cases: [string, DeploymentObject, number][] = [
    ['maxUnavailable less than replicas', deployment(10, 1, 5), 5],
    ['maxUnavailable equal replicas', deployment(10, 1, 10), 10],
    ['maxUnavailable greater than replicas', deployment(5, 1, 10), 5],
    ['maxUnavailable with replicas is 0', deployment(0, 1, 10), 0],
    ['maxUnavailable with Recreate deployment strategy', deployment(10, 1, 5, 'Recreate'), 0],
    ['maxUnavailable less than replicas with percents', deployment(10, 1, '50%'), 5],
    ['maxUnavailable equal replicas with percents', deployment(10, 1, '100%'), 10],
    ['maxUnavailable greater than replicas with percents', deployment(5, 1, '100%'), 5],
  ];
  it.each(cases)('%s', (_name, d, expected) => expect(maxUnavailable(d)).toBe(expected));
});

describe('TestNewRSNewReplicas', () => {
  // allRSs: one other ReplicaSet with 5 replicas; maxUnavailable 1.
  const cases: [string, string, number, number, number, number][] = [
    ['can not scale up - to newRSreplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  it.each(cases)('%s', (_name, strategy, depReplicas, newRSReplicas, surge, expected) => {
    const d = deployment(depReplicas, surge, 1, strategy);
    const newRS = rs(newRSReplicas, 'new');
    expect(newRSNewReplicas(d, [newRS, rs(5, 'other')], newRS)).toBe(expected);
  });
});

describe('TestDeploymentComplete', () => {
  const status = (
    desired: number,
    current: number,
    updated: number,
    available: number,
    mu: number,
    ms: number,
  ) => {
    const d = deployment(desired, ms, mu);
    d.status = {
      replicas: current,
      updatedReplicas: updated,
      availableReplicas: available,
      observedGeneration: 1,
    };
    return d;
  };
  const cases: [string, DeploymentObject, boolean][] = [
    ['not complete: min but not all pods become available', status(5, 5, 5, 4, 1, 0), false],
    ['not complete: min availability is not honored', status(5, 5, 5, 3, 1, 0), false],
    ['complete', status(5, 5, 5, 5, 0, 0), true],
    ['not complete: all pods are available but not updated', status(5, 5, 4, 5, 0, 0), false],
    ['not complete: still running old pods', status(1, 2, 1, 1, 0, 1), false],
    ['not complete: one replica deployment never comes up', status(1, 1, 1, 0, 1, 1), false],
  ];
  it.each(cases)('%s', (_name, d, expected) => expect(deploymentComplete(d, d.status!)).toBe(expected));
});

describe('TestDeploymentProgressing', () => {
  const withStatus = (replicas: number, updated: number, ready: number, available: number) => {
    const d = deployment(10, 1, 1);
    d.status = { replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas: available };
    return d;
  };
  const cases: [string, [number, number, number, number], [number, number, number, number], boolean][] = [
    ['progressing: updated pods', [10, 4, 4, 4], [10, 6, 4, 4], true],
    ['not progressing', [10, 4, 4, 4], [10, 4, 4, 4], false],
    ['progressing: old pods removed', [10, 4, 6, 6], [8, 4, 6, 6], true],
    ['not progressing: less new pods', [10, 7, 3, 3], [10, 6, 3, 3], false],
    ['progressing: less overall but more new pods', [10, 4, 7, 7], [8, 8, 5, 5], true],
    ['progressing: more ready pods', [10, 10, 9, 8], [10, 10, 10, 8], true],
    ['progressing: more available pods', [10, 10, 10, 9], [10, 10, 10, 10], true],
  ];
  it.each(cases)('%s', (_name, old, next, expected) => {
    const d = withStatus(...old);
    const newStatus = withStatus(...next).status!;
    expect(deploymentProgressing(d, newStatus)).toBe(expected);
  });
});

describe('TestDeploymentTimedOut', () => {
  const at = (hms: string): number => Date.parse(`2026-01-01T${hms}Z`);
  const withCondition = (pds: number | undefined, lastUpdate: string, reason = 'ReplicaSetUpdated') => {
    const d = deployment(1, 1, 1);
    d.spec!.progressDeadlineSeconds = pds;
    d.status = {
      conditions: [
        {
          type: 'Progressing',
          status: 'True',
          reason,
          lastUpdateTime: `2026-01-01T${lastUpdate}Z`,
          lastTransitionTime: `2026-01-01T${lastUpdate}Z`,
        },
      ],
    };
    return d;
  };
  const now = at('00:01:20');
  it('no progressDeadlineSeconds specified - no timeout', () =>
    expect(
      deploymentTimedOut(
        withCondition(undefined, '00:01:09'),
        withCondition(undefined, '00:01:09').status!,
        now,
      ),
    ).toBe(false));
  it('progressDeadlineSeconds: MaxInt32 - no timeout', () => {
    const d = withCondition(2147483647, '00:01:09');
    expect(deploymentTimedOut(d, d.status!, now)).toBe(false);
  });
  it('progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', () => {
    const d = withCondition(10, '00:01:09');
    expect(deploymentTimedOut(d, d.status!, now)).toBe(true);
  });
  it('progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', () => {
    const d = withCondition(10, '00:01:11');
    expect(deploymentTimedOut(d, d.status!, now)).toBe(false);
  });
  it('previous status was a complete deployment', () => {
    const d = withCondition(10, '00:01:09', 'NewReplicaSetAvailable');
    expect(deploymentTimedOut(d, d.status!, now)).toBe(false);
  });
});

describe('GetProportion (proportional scaling)', () => {
  it('scales a ReplicaSet by its share of the old max-replicas', () => {
    // A Deployment of 10 (max 13) resized to 20 (max 25): a ReplicaSet holding 8 of the old 13
    // grows to round(8 × 25 / 13) = 15.
    const d = deployment(20, 5, 5);
    const r = rs(8);
    r.metadata.annotations = { 'deployment.kubernetes.io/max-replicas': '13' };
    expect(getProportion(r, d, 12, 0)).toBe(7);
    // never more than what is left to add
    expect(getProportion(r, d, 12, 10)).toBe(2);
    // scaling to zero removes everything
    expect(getProportion(r, deployment(0, 5, 5), -8, 0)).toBe(-8);
  });
});

describe('ComputeHash', () => {
  it('renders the FNV-32a sum in decimal through SafeEncodeString (digits → 4-9, b, c, d, f)', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    const hash = computeHash({
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }] },
    });
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
  });
  it('depends on the template and on collisionCount', () => {
    const t = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.24.0' }] },
    };
    const t2 = structuredClone(t);
    t2.spec.containers[0]!.image = 'nginx:1.25.3';
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t)).not.toBe(computeHash(t2));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
  });
});
