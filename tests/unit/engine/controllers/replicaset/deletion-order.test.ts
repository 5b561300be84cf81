/**
 * The scale-down choice: firstPodsForDeletion (a bounded heap) must pick exactly what sorting all
 * pods with ActivePodsWithRanks (sortPodsForDeletion) and taking the first n picks, in the same
 * order; and the ranking must follow upstream's rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1';
import {
  firstPodsForDeletion,
  sortPodsForDeletion,
} from '../../../../../src/engine/controllers/replicaset/controller-utils';
import { deepFreeze } from '../../../../../src/engine/controllers/framework/objects';

const NOW = Date.parse('2026-01-01T01:00:00Z');
const iso = (msAgo: number): string => new Date(NOW - msAgo).toISOString().replace(/\.\d+Z$/, 'Z');

const podArb = fc
  .record({
    node: fc.constantFrom('', 'kind-worker', 'kind-worker2'),
    phase: fc.constantFrom('Pending', 'Unknown', 'Running'),
    ready: fc.boolean(),
    readyAgo: fc.integer({ min: 0, max: 3_600_000 }),
    restarts: fc.integer({ min: 0, max: 3 }),
    createdAgo: fc.integer({ min: 0, max: 3_600_000 }),
    cost: fc.option(fc.constantFrom('-5', '0', '10'), { nil: undefined }),
    uid: fc.uuid(),
  })
  .map((p): Pod =>
    deepFreeze({
      metadata: {
        name: p.uid.slice(0, 8),
        uid: p.uid,
        creationTimestamp: iso(p.createdAgo),
        ...(p.cost ? { annotations: { 'controller.kubernetes.io/pod-deletion-cost': p.cost } } : {}),
      },
      spec: { nodeName: p.node || undefined, containers: [{ name: 'c' }] },
      status: {
        phase: p.phase,
        conditions: [
          { type: 'Ready', status: p.ready ? 'True' : 'False', lastTransitionTime: iso(p.readyAgo) },
        ],
        containerStatuses: [{ name: 'c', restartCount: p.restarts } as never],
      },
    }),
  );

describe('deletion order', () => {
  it('firstPodsForDeletion = sortPodsForDeletion(...).slice(0, n)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(podArb, fc.integer({ min: 0, max: 4 })), { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 0, max: 45 }),
        (entries, n) => {
          const pods = entries.map(([p]) => p);
          const ranks = entries.map(([, r]) => r);
          const expected = sortPodsForDeletion(pods, ranks, NOW).slice(0, n);
          expect(firstPodsForDeletion(pods, ranks, NOW, n)).toEqual(expected);
        },
      ),
      { numRuns: 300, seed: 4242 },
    );
  });

  it('ranks unscheduled, then pending, then not ready pods first', () => {
    const pod = (name: string, node: string, phase: string, ready: boolean): Pod =>
      deepFreeze({
        metadata: { name, uid: name, creationTimestamp: iso(1000) },
        spec: { nodeName: node || undefined, containers: [] },
        status: {
          phase,
          conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: iso(500) }],
        },
      });
    const pods = [
      pod('ready', 'n', 'Running', true),
      pod('not-ready', 'n', 'Running', false),
      pod('pending', 'n', 'Pending', false),
      pod('unscheduled', '', 'Pending', false),
    ];
    const order = (n: number) =>
      firstPodsForDeletion(pods, [0, 0, 0, 0], NOW, n).map((p) => p.metadata?.name);
    expect(order(4)).toEqual(['unscheduled', 'pending', 'not-ready', 'ready']);
    expect(order(1)).toEqual(['unscheduled']);
    expect(order(2)).toEqual(['unscheduled', 'pending']);
  });
});
