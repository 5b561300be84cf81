/**
 * NodeResourcesFit, NodeResourcesBalancedAllocation and ImageLocality against the formulas of
 * reference §10.2 (and upstream's test tables where they are simple to restate).
 */
import { describe, expect, it } from 'vitest';
import { CycleState } from '../../../../src/engine/scheduler/framework/types';
import { PodInfo, podRequests } from '../../../../src/engine/scheduler/framework/node-info';
import { NodeResourcesFit } from '../../../../src/engine/scheduler/plugins/node-resources-fit';
import {
  NodeResourcesBalancedAllocation,
  balancedResourceScorer,
} from '../../../../src/engine/scheduler/plugins/balanced-allocation';
import {
  ImageLocality,
  imageLocalityPriority,
  normalizedImageName,
} from '../../../../src/engine/scheduler/plugins/image-locality';
import { leastRequestedScore } from '../../../../src/engine/scheduler/plugins/resource-allocation';
import { handleFor, node, nodeInfo, pod } from './helpers';

const Gi = 1024 ** 3;
const Mi = 1024 ** 2;

function fitScore(p: ReturnType<typeof pod>, ni: ReturnType<typeof nodeInfo>): number {
  const fit = new NodeResourcesFit();
  const s = new CycleState();
  const pi = new PodInfo(p);
  fit.preFilter(s, pi);
  fit.preScore(s, pi);
  const one = fit.score(s, pi, ni);
  const batch = new Float64Array(1);
  fit.scoreNodes(s, pi, [ni], batch);
  expect(batch[0]).toBe(one);
  return one;
}

describe('NodeResourcesFit: Filter', () => {
  it('reports every resource that does not fit, in upstream order', () => {
    const ni = nodeInfo(node('n', { cpu: '1', memory: '1Gi', pods: '1' }), [
      pod({ cpu: '500m', memory: '512Mi' }),
    ]);
    const fit = new NodeResourcesFit();
    const s = new CycleState();
    const pi = new PodInfo(pod({ cpu: '600m', memory: '600Mi' }));
    fit.preFilter(s, pi);
    const st = fit.filter(s, pi, ni)!;
    expect(st.reasons).toEqual(['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
    expect(st.code).toBe(2); // Unschedulable: preemption may help
  });

  it('a request equal to what is left fits; one byte more does not', () => {
    const ni = nodeInfo(node('n', { cpu: '1', memory: '1Gi' }), [pod({ memory: '512Mi' })]);
    const fit = new NodeResourcesFit();
    for (const [mem, ok] of [
      ['512Mi', true],
      [`${512 * Mi + 1}`, false],
    ] as const) {
      const s = new CycleState();
      const pi = new PodInfo(pod({ memory: mem }));
      fit.preFilter(s, pi);
      expect(fit.filter(s, pi, ni) === null).toBe(ok);
    }
  });

  it('pods without requests only count against the pod limit', () => {
    const ni = nodeInfo(node('n', { cpu: '1', memory: '1Gi', pods: '2' }), [
      pod({ cpu: '1', memory: '1Gi' }),
    ]);
    const fit = new NodeResourcesFit();
    const s = new CycleState();
    const pi = new PodInfo(pod());
    fit.preFilter(s, pi);
    expect(fit.filter(s, pi, ni)).toBeNull();
  });

  it('extended resources: Insufficient <name>', () => {
    const n = node('n');
    n.status!.allocatable!['example.com/gpu'] = '1';
    const ni = nodeInfo(n);
    const fit = new NodeResourcesFit();
    const s = new CycleState();
    const p = pod();
    p.spec!.containers[0]!.resources = { requests: { 'example.com/gpu': '2' } };
    const pi = new PodInfo(p);
    fit.preFilter(s, pi);
    expect(fit.filter(s, pi, ni)!.reasons).toEqual(['Insufficient example.com/gpu']);
  });
});

describe('NodeResourcesFit: Score (LeastAllocated)', () => {
  it('reference example: 4 CPU / 8Gi, 1 CPU / 2Gi used, pod 1 CPU / 2Gi → 50', () => {
    const ni = nodeInfo(node('n', { cpu: '4', memory: '8Gi' }), [pod({ cpu: '1', memory: '2Gi' })]);
    expect(fitScore(pod({ cpu: '1', memory: '2Gi' }), ni)).toBe(50);
  });

  it('per resource ((allocatable − requested) × 100) / allocatable, averaged with integer division', () => {
    // cpu: (4000 − 1500) × 100 / 4000 = 62 (62.5 truncated); memory: (8Gi − 1Gi) × 100 / 8Gi = 87 (87.5)
    const ni = nodeInfo(node('n', { cpu: '4', memory: '8Gi' }), [pod({ cpu: '1', memory: '512Mi' })]);
    expect(leastRequestedScore(1500, 4000)).toBe(62);
    expect(leastRequestedScore(Gi, 8 * Gi)).toBe(87);
    expect(fitScore(pod({ cpu: '500m', memory: '512Mi' }), ni)).toBe(Math.trunc((62 + 87) / 2));
  });

  it('containers without requests count as 100m / 200Mi for scoring only', () => {
    const ni = nodeInfo(node('n', { cpu: '1', memory: '1000Mi' }));
    // cpu (1000 − 100) × 100 / 1000 = 90; memory (1000Mi − 200Mi) × 100 / 1000Mi = 80 → 85
    expect(fitScore(pod(), ni)).toBe(85);
    // …and existing pods without requests count too (NonZeroRequested)
    const busy = nodeInfo(node('n', { cpu: '1', memory: '1000Mi' }), [pod(), pod()]);
    // cpu 1000 − 300 → 70, memory 1000Mi − 600Mi → 40 → 55
    expect(fitScore(pod(), busy)).toBe(55);
  });

  it('a request above allocatable scores 0 for that resource', () => {
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(leastRequestedScore(1, 0)).toBe(0);
  });

  it('explicit zero requests stay zero (only missing requests get the defaults)', () => {
    const p = pod({ cpu: '0', memory: '0' });
    expect(podRequests(p, true).milliCPU).toBe(0);
    expect(podRequests(pod(), true).milliCPU).toBe(100);
    expect(podRequests(pod(), true).memory).toBe(200 * Mi);
  });
});

describe('pod requests (resourcehelper.PodRequests)', () => {
  it('sums containers, takes the largest init container, adds overhead', () => {
    const p = pod({ cpu: '100m', memory: '100Mi' });
    p.spec!.containers.push({ name: 'b', image: 'x', resources: { requests: { cpu: '200m' } } });
    p.spec!.initContainers = [
      { name: 'i1', image: 'x', resources: { requests: { cpu: '1', memory: '10Mi' } } },
      { name: 'i2', image: 'x', resources: { requests: { memory: '500Mi' } } },
    ];
    p.spec!.overhead = { cpu: '50m' };
    const r = podRequests(p, false);
    expect(r.milliCPU).toBe(1050); // max(300, 1000) + 50
    expect(r.memory).toBe(500 * Mi);
  });

  it('sidecars (restartPolicy: Always) add up and count while later init containers run', () => {
    const p = pod({ cpu: '100m' });
    p.spec!.initContainers = [
      { name: 'side', image: 'x', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
      { name: 'init', image: 'x', resources: { requests: { cpu: '500m' } } },
    ];
    // containers 100m + sidecar 200m = 300m; during init: 200m + 500m = 700m → 700m
    expect(podRequests(p, false).milliCPU).toBe(700);
  });
});

describe('NodeResourcesBalancedAllocation', () => {
  it('(1 − |f_cpu − f_mem| / 2) × 100 with the real requests (incoming pod included)', () => {
    const ni = nodeInfo(node('n', { cpu: '4', memory: '8Gi' }), [pod({ cpu: '1', memory: '1Gi' })]);
    const p = new PodInfo(pod({ cpu: '1', memory: '1Gi' }));
    const ba = new NodeResourcesBalancedAllocation();
    const s = new CycleState();
    ba.preScore(s, p);
    // f_cpu = 2/4 = 0.5, f_mem = 2/8 = 0.25 → std 0.125 → 87.5 → 87
    expect(ba.score(s, p, ni)).toBe(87);
    const out = new Float64Array(1);
    ba.scoreNodes(s, p, [ni], out);
    expect(out[0]).toBe(87);
  });

  it('fractions are capped at 1; three resources use the standard deviation', () => {
    expect(balancedResourceScorer([5000, 4 * Gi], [4000, 8 * Gi])).toBe(75); // f = 1, 0.5
    // fractions 0.2, 0.4, 0.6: mean 0.4, std sqrt((0.04+0+0.04)/3) = 0.1633 → 83
    expect(balancedResourceScorer([2, 4, 6], [10, 10, 10])).toBe(83);
    // a resource with allocatable 0 is left out
    expect(balancedResourceScorer([1, 5], [0, 10])).toBe(100);
  });

  it('pods without requests do not count (real requests, unlike LeastAllocated)', () => {
    const ni = nodeInfo(node('n', { cpu: '4', memory: '8Gi' }), [pod()]);
    const p = new PodInfo(pod());
    const ba = new NodeResourcesBalancedAllocation();
    const s = new CycleState();
    ba.preScore(s, p);
    expect(ba.score(s, p, ni)).toBe(100);
  });
});

describe('ImageLocality', () => {
  const image = (names: string[], sizeBytes: number) => ({ names, sizeBytes });

  it('normalizes image names with :latest', () => {
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('nginx:1.25.3')).toBe('nginx:1.25.3');
    expect(normalizedImageName('localhost:5000/app')).toBe('localhost:5000/app:latest');
  });

  it('clamps to [23MB, 1000MB × containers] and scales to 0..100', () => {
    expect(imageLocalityPriority(0, 1)).toBe(0);
    expect(imageLocalityPriority(23 * Mi, 1)).toBe(0);
    expect(imageLocalityPriority(1000 * Mi, 1)).toBe(100);
    expect(imageLocalityPriority(5000 * Mi, 1)).toBe(100);
    // (500MB − 23MB) × 100 / (1000MB − 23MB) = 48.8 → 48
    expect(imageLocalityPriority(500 * Mi, 1)).toBe(48);
    expect(imageLocalityPriority(1000 * Mi, 2)).toBe(Math.trunc((100 * (977 * Mi)) / (2000 * Mi - 23 * Mi)));
  });

  it('scales an image by the share of nodes that have it', () => {
    const big = image(['docker.io/library/big:1', 'big:1'], 800 * Mi);
    const n1 = nodeInfo(node('n1', { images: [big] }));
    const n2 = nodeInfo(node('n2'));
    // The cache fills imageStates; emulate it for two nodes, one with the image.
    const state = { size: 800 * Mi, nodes: new Set(['n1']) };
    n1.imageStates = new Map([
      ['big:1', state],
      ['docker.io/library/big:1', state],
    ]);
    const il = new ImageLocality(handleFor([n1, n2]));
    const p = new PodInfo(pod({ image: 'big:1' }));
    const s = new CycleState();
    // 800MB × 1/2 = 400MB → (400 − 23) × 100 / 977 = 38.5 → 38
    expect(il.score(s, p, n1)).toBe(38);
    expect(il.score(s, p, n2)).toBe(0);
    const out = new Float64Array(2);
    il.scoreNodes(s, p, [n1, n2], out);
    expect([...out]).toEqual([38, 0]);
  });
});
