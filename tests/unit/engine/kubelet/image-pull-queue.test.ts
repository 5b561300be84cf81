/**
 * Pods of one image created together on a node: each records "Pulling", the pulls queue up
 * (serializeImagePulls), and once the first pull has stored the image the others transfer
 * nothing (containerd finds the layers in its content store): their pull takes well under a
 * second, and their "including waiting" time shows the queue.
 */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

/** Go duration text (`602ms`, `6.84s`) → milliseconds. */
const ms = (d: string): number => (d.endsWith('ms') ? Number(d.slice(0, -2)) : Number(d.slice(0, -1)) * 1000);

describe('pulls of an image another queued pull is fetching', () => {
  it('transfer nothing once the image is stored', () => {
    const c = kubeletCluster();
    for (const name of ['a', 'b', 'c'])
      c.createPod(name, { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.advance(secs(30));
    const pulls = ['a', 'b', 'c'].map((name) => {
      const reasons = c.events(name).map((e) => e.reason);
      expect(reasons.slice(0, 2)).toEqual(['Pulling', 'Pulled']);
      const msg = c.events(name).find((e) => e.reason === 'Pulled')!.message;
      const m =
        /^Successfully pulled image "nginx:1\.25\.3" in (\S+) \((\S+) including waiting\)\. Image size: 70520156 bytes\.$/.exec(
          msg,
        );
      expect(m, msg).not.toBeNull();
      return { pull: ms(m![1]!), total: ms(m![2]!) };
    });
    // The pod whose pull did not wait downloaded the image; the queued ones only resolve the
    // manifest (no download), after waiting for it.
    pulls.sort((x, y) => x.total - y.total);
    const [first, ...queued] = pulls;
    expect(first!.total).toBe(first!.pull);
    for (const p of queued) {
      expect(p.pull).toBeLessThan(first!.pull / 2);
      expect(p.total).toBeGreaterThan(first!.pull);
    }
    for (const name of ['a', 'b', 'c']) expect(c.row(name)[1]).toBe('Running');
  });

  it('a pod created once the image is stored finds it "already present on machine"', () => {
    const c = kubeletCluster();
    c.createPod('a', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.advance(secs(20));
    c.createPod('b', { containers: [{ name: 'web', image: 'nginx:1.25.3' }] });
    c.advance(secs(5));
    expect(c.events('b').map((e) => e.reason)).not.toContain('Pulling');
    expect(c.events('b').map((e) => e.message)).toContain(
      'Container image "nginx:1.25.3" already present on machine',
    );
  });
});
