/** Pod QoS class: the cases of reference §2.2 (kubectl util/qos and the kubelet agree). */
import type { Container, PodSpec } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import { computePodQOS, oomScoreAdj } from '../../../../src/engine/kubelet/cm/qos';

type RL = Record<string, string>;
const c = (name: string, requests: RL = {}, limits: RL = {}): Container => ({
  name,
  resources: { requests, limits },
});
const spec = (...containers: Container[]): PodSpec => ({ containers });

describe('computePodQOS (reference §2.2, no API defaulting)', () => {
  const cases: [string, PodSpec, string][] = [
    [
      'guaranteed',
      spec(c('c', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' })),
      'Guaranteed',
    ],
    [
      'guaranteed-guaranteed',
      spec(
        c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }),
        c('b', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }),
      ),
      'Guaranteed',
    ],
    ['best-effort', spec(c('c')), 'BestEffort'],
    ['best-effort-best-effort', spec(c('a'), c('b')), 'BestEffort'],
    ['best-effort-burstable', spec(c('a'), c('b', { cpu: '1' }, { cpu: '2' })), 'Burstable'],
    [
      'best-effort-guaranteed',
      spec(c('a'), c('b', { cpu: '10m', memory: '100Mi' }, { cpu: '10m', memory: '100Mi' })),
      'Burstable',
    ],
    ['burstable-cpu-guaranteed-memory', spec(c('c', { memory: '100Mi' }, { memory: '100Mi' })), 'Burstable'],
    ['burstable-no-limits', spec(c('c', { cpu: '100m', memory: '100Mi' })), 'Burstable'],
    [
      'burstable-guaranteed',
      spec(
        c('a', { cpu: '1', memory: '100Mi' }, { cpu: '2', memory: '100Mi' }),
        c('b', { cpu: '100m', memory: '100Mi' }, { cpu: '100m', memory: '100Mi' }),
      ),
      'Burstable',
    ],
    [
      'burstable-unbounded-but-requests-match-limits',
      spec(
        c('a', { cpu: '100m', memory: '100Mi' }, { cpu: '200m', memory: '200Mi' }),
        c('b', { cpu: '100m', memory: '100Mi' }),
      ),
      'Burstable',
    ],
    [
      'burstable-1',
      spec(c('c', { cpu: '10m', memory: '100Mi' }, { cpu: '100m', memory: '200Mi' })),
      'Burstable',
    ],
    [
      'burstable-2 (zero requests)',
      spec(c('c', { cpu: '0', memory: '0' }, { cpu: '100m', memory: '200Mi' })),
      'Burstable',
    ],
    [
      'equal value different notation',
      spec(c('c', { cpu: '100m', memory: '1Gi' }, { cpu: '0.1', memory: '1024Mi' })),
      'Guaranteed',
    ],
    ['requests only cpu', spec(c('c', { cpu: '500m' })), 'Burstable'],
    ['limits only cpu (no defaulting)', spec(c('c', {}, { cpu: '500m' })), 'Burstable'],
    [
      'hugepages only',
      spec(c('c', { 'hugepages-2Mi': '1Gi', cpu: '0', memory: '0' }, { 'hugepages-2Mi': '1Gi' })),
      'BestEffort',
    ],
  ];
  for (const [name, s, want] of cases) it(name, () => expect(computePodQOS(s)).toBe(want));

  it('after defaulting: limits copied into requests', () => {
    expect(
      computePodQOS(spec(c('c', { cpu: '500m', memory: '256Mi' }, { cpu: '500m', memory: '256Mi' }))),
    ).toBe('Guaranteed');
    expect(computePodQOS(spec(c('c', { cpu: '500m' }, { cpu: '500m' })))).toBe('Burstable');
    expect(
      computePodQOS(spec(c('c', { cpu: '250m', memory: '256Mi' }, { cpu: '500m', memory: '256Mi' }))),
    ).toBe('Burstable');
    expect(
      computePodQOS({
        containers: [c('app', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' })],
        initContainers: [c('init')],
      }),
    ).toBe('Burstable');
  });

  it('pod-level resources win (PodLevelResources)', () => {
    const s = {
      ...spec(c('a'), c('b', { cpu: '1' })),
      resources: { requests: { cpu: '10m', memory: '100Mi' }, limits: { cpu: '10m', memory: '100Mi' } },
    } as PodSpec;
    expect(computePodQOS(s)).toBe('Guaranteed');
    const b = {
      ...spec(c('a')),
      resources: { requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '20m', memory: '50Mi' } },
    } as PodSpec;
    expect(computePodQOS(b)).toBe('Burstable');
  });
});

describe('oomScoreAdj (pkg/kubelet/qos/policy.go)', () => {
  const cap = 6053964 * 1024;
  it('Guaranteed -997, BestEffort 1000, Burstable by its memory request', () => {
    const g = c('c', { cpu: '1', memory: '1Gi' }, { cpu: '1', memory: '1Gi' });
    expect(oomScoreAdj({ spec: spec(g) }, g, cap)).toBe(-997);
    const be = c('c');
    expect(oomScoreAdj({ spec: spec(be) }, be, cap)).toBe(1000);
    const b = c('c', { memory: '1Gi' });
    expect(oomScoreAdj({ spec: spec(b) }, b, cap)).toBe(1000 - Math.floor((1000 * 1024 ** 3) / cap));
  });
});
