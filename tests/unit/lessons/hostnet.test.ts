/** The http check's host function over the learner's machine's network. */
import { describe, expect, it } from 'vitest';
import type { HostHttpOutcome, HostHttpRequest, HostNetwork } from '../../../src/api/hostnet';
import { hostHttpProbe, parseHttpUrl } from '../../../src/lessons/hostnet';

function fakeNet(outcome: HostHttpOutcome, seen: { host: string; port: number; req: HostHttpRequest }[]): HostNetwork {
  return {
    listen: () => ({ error: 'not in this test' }),
    listeners: () => [],
    request: async (host, port, req) => {
      seen.push({ host, port, req });
      return outcome;
    },
  };
}

describe('hostHttpProbe', () => {
  it('parses URLs as curl would take them', () => {
    expect(parseHttpUrl('http://localhost:30599/')).toEqual({ host: 'localhost', port: 30599, path: '/' });
    expect(parseHttpUrl('http://localhost:8080')).toEqual({ host: 'localhost', port: 8080, path: '/' });
    expect(parseHttpUrl('http://127.0.0.1/healthz?x=1')).toEqual({ host: '127.0.0.1', port: 80, path: '/healthz?x=1' });
    expect(parseHttpUrl('http://[::1]:5555/a')).toEqual({ host: '::1', port: 5555, path: '/a' });
    expect(parseHttpUrl('https://localhost/')).toBeUndefined();
  });

  it('sends the request from the host and maps every outcome to what curl says', async () => {
    const seen: { host: string; port: number; req: HostHttpRequest }[] = [];
    const req = { from: 'host' as const, url: 'http://localhost:30599/hello', method: 'GET' };
    const ok = await hostHttpProbe(
      fakeNet({ kind: 'response', response: { status: 200, body: 'Hello, world!' }, elapsedMs: 1 }, seen),
    )(req);
    expect(ok).toEqual({ ok: true, status: 200, body: 'Hello, world!' });
    expect(seen[0]).toMatchObject({ host: 'localhost', port: 30599, req: { method: 'GET', path: '/hello' } });
    const err = async (o: HostHttpOutcome) => {
      const r = await hostHttpProbe(fakeNet(o, []))(req);
      return r.ok ? undefined : r.error;
    };
    expect(await err({ kind: 'refused', elapsedMs: 0 })).toBe(
      "curl: (7) Failed to connect to localhost port 30599 after 0 ms: Couldn't connect to server",
    );
    expect(await err({ kind: 'empty', elapsedMs: 3 })).toBe('curl: (52) Empty reply from server');
    expect(await err({ kind: 'reset', elapsedMs: 3 })).toBe('curl: (56) Recv failure: Connection reset by peer');
    expect(await err({ kind: 'timeout', elapsedMs: 10000 })).toBe(
      'curl: (28) Operation timed out after 10000 milliseconds with 0 bytes received',
    );
  });

  it('requests from a pod go to the host-provided function, or are not available yet', async () => {
    const probe = hostHttpProbe(fakeNet({ kind: 'refused', elapsedMs: 0 }, []));
    expect(await probe({ from: { pod: 'curl' }, url: 'http://web:8080/', method: 'GET' })).toEqual({
      ok: false,
      error: 'requests from inside a pod are not available yet in this playground',
    });
    const withPods = hostHttpProbe(fakeNet({ kind: 'refused', elapsedMs: 0 }, []), {
      fromPod: async () => ({ ok: true, status: 204, body: '' }),
    });
    expect(await withPods({ from: { pod: 'curl' }, url: 'http://web:8080/', method: 'GET' })).toEqual({
      ok: true,
      status: 204,
      body: '',
    });
  });
});
