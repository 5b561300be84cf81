import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/types';
import { applyTicks, createMirror, selectOnKinds } from '../../../src/ui/state/mirror';
import type { FromWorkerOf, WireChange } from '../../../src/worker/protocol';

const obj = (kind: string, name: string): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name, uid: `${kind}-${name}`, resourceVersion: '1' },
});
const tick = (...changes: [WireChange['op'], KubeObject][]) =>
  ({
    t: 'tick',
    now: 0,
    speed: 1,
    changes: changes.map(([op, object]) => ({ op, time: 0, resourceVersion: '1', object })),
  }) as unknown as FromWorkerOf<'tick'>;

describe('selectOnKinds', () => {
  it('recomputes only after batches that touch its kinds', () => {
    const mirror = createMirror();
    let scans = 0;
    const names = selectOnKinds(['Namespace'], (m) => {
      scans++;
      return [...m.objects.values()]
        .filter((o) => o.object.kind === 'Namespace')
        .map((o) => o.object.metadata.name)
        .join(',');
    });
    expect(names(mirror.getState())).toBe('');
    expect(scans).toBe(1);
    applyTicks(mirror, [tick(['added', obj('Namespace', 'dev')])]);
    expect(names(mirror.getState())).toBe('dev');
    expect(scans).toBe(2);
    // The same state again, then a batch of Pods only: no scan.
    expect(names(mirror.getState())).toBe('dev');
    applyTicks(mirror, [tick(['added', obj('Pod', 'a')], ['updated', obj('Pod', 'a')])]);
    expect(names(mirror.getState())).toBe('dev');
    expect(scans).toBe(2);
    applyTicks(mirror, [tick(['removed', obj('Namespace', 'dev')])]);
    expect(names(mirror.getState())).toBe('');
    expect(scans).toBe(3);
  });

  it('recomputes when it missed a batch (it cannot know what that one touched)', () => {
    const mirror = createMirror();
    let scans = 0;
    const count = selectOnKinds(['Pod'], (m) => (scans++, m.objects.size));
    expect(count(mirror.getState())).toBe(0);
    applyTicks(mirror, [tick(['added', obj('Service', 's')])]);
    applyTicks(mirror, [tick(['added', obj('ConfigMap', 'c')])]);
    expect(count(mirror.getState())).toBe(2);
    expect(scans).toBe(2);
  });
});
