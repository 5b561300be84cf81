import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../../../src/api/types';
import { ApiServer } from '../../../../../src/engine/api/server';
import { inProcessControllerClient } from '../../../../../src/engine/cluster';
import { SimClock } from '../../../../../src/engine/clock';
import type { ControllerClient } from '../../../../../src/engine/controllers/framework/client';
import { Controller } from '../../../../../src/engine/controllers/framework/controller';
import { InformerFactory, SharedInformer } from '../../../../../src/engine/controllers/framework/informer';
import { CONFIGMAPS } from '../../../../../src/engine/controllers/framework/resources';
import { Rand } from '../../../../../src/engine/rand';

function bareServer() {
  const clock = new SimClock(Date.UTC(2026, 0, 1));
  const server = new ApiServer({ clock, rand: new Rand(1) });
  const client = inProcessControllerClient(server);
  const call = (method: 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string, body?: unknown) => {
    const res = server.handle({
      method,
      path,
      body,
      headers: method === 'PATCH' ? { contentType: 'application/merge-patch+json' } : undefined,
    });
    if (res.status >= 300) throw new Error(JSON.stringify(res.body));
    return res.body as KubeObject;
  };
  call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns' } });
  const cm = (name: string, data: Record<string, string> = {}) =>
    call('POST', '/api/v1/namespaces/ns/configmaps', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name },
      data,
    });
  return { clock, server, client, call, cm };
}

function recordingHandler(log: string[]) {
  return {
    add: (o: KubeObject, initial: boolean) =>
      log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
    update: (a: KubeObject, b: KubeObject) =>
      log.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    delete: (o: KubeObject, unknown: boolean) =>
      log.push(`delete ${o.metadata.name}${unknown ? ' (final state unknown)' : ''}`),
  };
}

describe('SharedInformer', () => {
  it('lists, then follows the watch; handlers run after the cache is updated', () => {
    const { clock, client, call, cm } = bareServer();
    cm('a');
    const informer = new SharedInformer(client, clock, CONFIGMAPS);
    const log: string[] = [];
    informer.addEventHandler({
      ...recordingHandler(log),
      add: (o, initial) => {
        // the cache already has the object when the handler runs
        expect(informer.lister.get('ns', o.metadata.name!)).toBe(o);
        log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`);
      },
    });
    informer.run();
    expect(informer.hasSynced()).toBe(true);
    expect(log).toEqual(['add a (initial)']);

    const b = cm('b');
    const b2 = call('PATCH', '/api/v1/namespaces/ns/configmaps/b', { data: { x: '1' } });
    call('DELETE', '/api/v1/namespaces/ns/configmaps/a');
    expect(log).toHaveLength(1); // delivered asynchronously
    clock.settle();
    expect(log).toEqual([
      'add a (initial)',
      'add b',
      `update b ${b.metadata.resourceVersion}->${b2.metadata.resourceVersion}`,
      'delete a',
    ]);
    expect(informer.lister.list('ns').map((o) => o.metadata.name)).toEqual(['b']);
    expect(informer.lastResourceVersion()).not.toBe('');
  });

  it('hands out frozen objects that say what they are', () => {
    const { clock, client, cm } = bareServer();
    cm('a', { k: 'v' });
    const informer = new SharedInformer(client, clock, CONFIGMAPS);
    informer.run();
    const obj = informer.lister.get('ns', 'a')!;
    // LIST items come without apiVersion/kind; the informer restores them
    expect([obj.apiVersion, obj.kind]).toEqual(['v1', 'ConfigMap']);
    expect(() => {
      (obj.data as Record<string, string>).k = 'changed';
    }).toThrow(TypeError);
  });

  it('replays the cache to a handler registered late', () => {
    const { clock, client, cm } = bareServer();
    cm('a');
    cm('b');
    const informer = new SharedInformer(client, clock, CONFIGMAPS);
    informer.run();
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    expect(log).toEqual(['add a (initial)', 'add b (initial)']);
  });

  it('relists after a watch error and reports what it missed', () => {
    const { clock, server, call, cm } = bareServer();
    cm('a');
    cm('b');
    let sink: ((e: WatchEvent) => void) | undefined;
    // a client whose watch can be broken from the test
    const client: ControllerClient = {
      request: (req) => server.handle(req),
      watch: (req, onEvent) => {
        sink = onEvent;
        return server.watch(req, onEvent);
      },
    };
    const informer = new SharedInformer(client, clock, CONFIGMAPS);
    const log: string[] = [];
    informer.addEventHandler(recordingHandler(log));
    informer.run();
    log.length = 0;

    const broken = sink!;
    call('DELETE', '/api/v1/namespaces/ns/configmaps/a');
    const c = cm('c');
    // the watch fails before it delivers those: 410 Gone, too old to resume
    broken({
      type: 'ERROR',
      object: {
        apiVersion: 'v1',
        kind: 'Status',
        metadata: {},
        status: 'Failure',
        code: 410,
        reason: 'Expired',
      },
    });
    clock.settle();
    expect(log).toEqual(['add c', 'delete a (final state unknown)']);
    expect(informer.lister.list().map((o) => o.metadata.name)).toEqual(['b', 'c']);
    // the new watch works, the old one's late events are ignored
    cm('d');
    broken({ type: 'ADDED', object: c });
    clock.settle();
    expect(log).toEqual(['add c', 'delete a (final state unknown)', 'add d']);
  });

  it('the factory shares one informer per resource', () => {
    const { clock, client } = bareServer();
    const factory = new InformerFactory(client, clock);
    expect(factory.informerFor(CONFIGMAPS)).toBe(factory.informerFor(CONFIGMAPS));
    expect(factory.informerFor(CONFIGMAPS, { namespace: 'ns' })).not.toBe(factory.informerFor(CONFIGMAPS));
    expect(factory.hasSynced()).toBe(false);
    factory.start();
    expect(factory.hasSynced()).toBe(true);
  });
});

describe('Controller', () => {
  class Flaky extends Controller {
    calls: number[] = [];
    failures = 2;
    protected sync(key: string): void {
      this.calls.push(this.clock.now());
      if (key === 'bad' && this.failures-- > 0) throw new Error('boom');
    }
    requeues(key: string) {
      return this.queue.numRequeues(key);
    }
  }

  it('syncs keys on zero-delay timers and retries failures with back-off', () => {
    const clock = new SimClock(0);
    const c = new Flaky('flaky', clock);
    c.enqueue('bad');
    c.enqueue('bad');
    c.run();
    expect(c.calls).toEqual([]);
    clock.settle();
    expect(c.calls).toEqual([0]);
    clock.advance(5);
    expect(c.calls).toEqual([0, 5]);
    clock.advance(10);
    expect(c.calls).toEqual([0, 5, 15]);
    // success: the back-off is forgotten
    expect(c.requeues('bad')).toBe(0);
    clock.advance(10_000);
    expect(c.calls).toHaveLength(3);
  });

  it('waits for its caches before the first sync', () => {
    const clock = new SimClock(0);
    let synced = false;
    class Waiting extends Flaky {
      constructor() {
        super('waiting', clock);
        this.waitForCacheSync(() => synced);
      }
    }
    const c = new Waiting();
    c.enqueue('k');
    c.run();
    clock.advance(250);
    expect(c.calls).toEqual([]);
    synced = true;
    clock.advance(100);
    expect(c.calls).toEqual([300]);
  });
});
