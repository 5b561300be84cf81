/**
 * The watch cache's trigger index: pod watchers pinned to one node (`spec.nodeName=<node>`, every
 * kubelet's) are only offered that node's pods, and what every watcher receives, and in which
 * order, is what a scan over all watchers gives.
 */
import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../../src/api/types';
import { harness, pod } from './helpers';

describe('pod watches indexed by spec.nodeName', () => {
  it('a node-pinned watch sees its pods only, with ADDED when a pod is bound to its node', () => {
    const h = harness();
    h.ns('dev');
    const log: string[] = [];
    const watch = (label: string, fieldSelector?: string) =>
      h.server.watch(
        {
          method: 'GET',
          path: '/api/v1/pods',
          query: {
            watch: 'true',
            resourceVersion: h.server.resourceVersion(),
            ...(fieldSelector ? { fieldSelector } : {}),
          },
        },
        (e: WatchEvent) => log.push(`${label} ${e.type} ${(e.object as KubeObject).metadata.name}`),
      );
    watch('all');
    watch('a', 'spec.nodeName=node-a');
    watch('b', 'spec.host=node-b');
    watch('unbound', 'spec.nodeName=');
    watch('a-running', 'spec.nodeName=node-a,status.phase=Running');

    const step = (run: () => void): string[] => {
      log.length = 0;
      run();
      h.clock.settle();
      return [...log];
    };
    expect(
      step(() => h.ok('POST', '/api/v1/namespaces/dev/pods', pod('p1', {}, { nodeName: 'node-a' }))),
    ).toEqual(['all ADDED p1', 'a ADDED p1']);
    expect(
      step(() => h.ok('POST', '/api/v1/namespaces/dev/pods', pod('p2', {}, { nodeName: 'node-b' }))),
    ).toEqual(['all ADDED p2', 'b ADDED p2']);
    let p3: KubeObject | undefined;
    expect(step(() => (p3 = h.ok<KubeObject>('POST', '/api/v1/namespaces/dev/pods', pod('p3'))))).toEqual([
      'all ADDED p3',
      'unbound ADDED p3',
    ]);
    // p3 is bound to node-b: it leaves the unbound selection and enters node-b's
    expect(
      step(() =>
        h.ok('PUT', '/api/v1/namespaces/dev/pods/p3', {
          ...p3!,
          spec: { ...(p3!.spec as object), nodeName: 'node-b' },
        }),
      ),
    ).toEqual(['all MODIFIED p3', 'b ADDED p3', 'unbound DELETED p3']);
    // node-a's watchers only hear of node-a's pod
    const gone = step(() => h.ok('DELETE', '/api/v1/namespaces/dev/pods/p1'));
    expect(gone.filter((l) => !l.startsWith('all '))).toEqual(
      gone.filter((l) => l.startsWith('all ')).map((l) => l.replace(/^all /, 'a ')),
    );
    expect(gone).toContain('a DELETED p1');
    expect(h.server.watches.size).toBe(5);
  });

  it('a stopped node watch gets nothing more, and the other watch of that node still does', () => {
    const h = harness();
    h.ns('dev');
    const got: Record<string, string[]> = { first: [], second: [] };
    const open = (label: string) =>
      h.server.watch(
        {
          method: 'GET',
          path: '/api/v1/pods',
          query: {
            watch: 'true',
            resourceVersion: h.server.resourceVersion(),
            fieldSelector: 'spec.nodeName=n1',
          },
        },
        (e: WatchEvent) => got[label]!.push(`${e.type} ${(e.object as KubeObject).metadata.name}`),
      );
    const first = open('first');
    open('second');
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('x', {}, { nodeName: 'n1' }));
    h.clock.settle();
    if (first.ok) first.handle.stop();
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('y', {}, { nodeName: 'n1' }));
    h.ok('POST', '/api/v1/namespaces/dev/pods', pod('z', {}, { nodeName: 'n2' }));
    h.clock.settle();
    expect(got.first).toEqual(['ADDED x']);
    expect(got.second).toEqual(['ADDED x', 'ADDED y']);
  });
});
