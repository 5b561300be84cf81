/** The pod network: IPAM, sockets, connect outcomes, HTTP between namespaces. */
import { describe, expect, it } from 'vitest';
import { SimClock } from '../../../../src/engine/clock';
import {
  HostLocalIPAM,
  PodNetwork,
  goHttpClientError,
  type HttpResult,
} from '../../../../src/engine/network/index';

describe('host-local IPAM', () => {
  it('hands out .2, .3 … and does not reuse a freed address at once', () => {
    const ipam = new HostLocalIPAM('10.244.1.0/24');
    expect([ipam.allocate('a'), ipam.allocate('b'), ipam.allocate('c')]).toEqual([
      '10.244.1.2',
      '10.244.1.3',
      '10.244.1.4',
    ]);
    ipam.release('10.244.1.3');
    expect(ipam.allocate('d')).toBe('10.244.1.5');
  });

  it('continues after addresses reserved before it started, and wraps around', () => {
    const ipam = new HostLocalIPAM('10.244.0.0/24');
    ipam.reserve('10.244.0.4', 'x');
    expect(ipam.allocate('a')).toBe('10.244.0.5');
    for (let i = 6; i <= 254; i++) ipam.allocate(`p${i}`);
    expect(ipam.allocate('wrap')).toBe('10.244.0.2');
  });
});

function net() {
  const clock = new SimClock(0);
  const n = new PodNetwork(clock);
  const node = n.createNamespace(['172.18.0.2'], 'node');
  const a = n.createNamespace(['10.244.0.5'], 'pod a');
  const b = n.createNamespace(['10.244.0.6'], 'pod b');
  return { clock, n, node, a, b };
}

describe('connecting', () => {
  it('a listener accepts; an existing address without one refuses at once', () => {
    const { n, node, a } = net();
    n.listen(a, '0.0.0.0', 80, {});
    const results: string[] = [];
    n.connect(node, '10.244.0.5', 80, 1000, (r) => results.push(r.ok ? 'ok' : r.error));
    n.connect(node, '10.244.0.5', 81, 1000, (r) => results.push(r.ok ? 'ok' : r.error));
    expect(results).toEqual(['ok', 'refused']);
  });

  it('a pod-range address nobody has: no route to host after 3 s; elsewhere a timeout', () => {
    const { clock, n, node } = net();
    const results: [string, number][] = [];
    n.connect(node, '10.244.0.99', 80, 10_000, (r) => results.push([r.ok ? 'ok' : r.error, clock.now()]));
    n.connect(node, '8.8.8.8', 80, 10_000, (r) => results.push([r.ok ? 'ok' : r.error, clock.now()]));
    clock.advance(20_000);
    expect(results).toEqual([
      ['unreachable', 3000],
      ['timeout', 10_000],
    ]);
  });

  it("127.0.0.1 is each namespace's own loopback", () => {
    const { n, a, b } = net();
    n.listen(a, '127.0.0.1', 9000, {});
    const results: string[] = [];
    n.connect(a, '127.0.0.1', 9000, 1000, (r) => results.push(r.ok ? 'ok' : r.error));
    n.connect(b, '127.0.0.1', 9000, 1000, (r) => results.push(r.ok ? 'ok' : r.error));
    n.connect(b, '10.244.0.5', 9000, 1000, (r) => results.push(r.ok ? 'ok' : r.error));
    expect(results).toEqual(['ok', 'refused', 'refused']);
  });

  it('EADDRINUSE for a second listener on the same port', () => {
    const { n, a } = net();
    expect(n.listen(a, '0.0.0.0', 80, {})).not.toBe('EADDRINUSE');
    expect(n.listen(a, '0.0.0.0', 80, {})).toBe('EADDRINUSE');
    expect(n.listen(a, '127.0.0.1', 80, {})).toBe('EADDRINUSE');
  });
});

describe('HTTP', () => {
  it('an immediate answer is synchronous', () => {
    const { n, node, a } = net();
    n.listen(a, '0.0.0.0', 8080, {
      http: (ex) => ex.respond({ status: 200, body: `hi ${ex.request.remoteAddr.split(':')[0]}` }),
    });
    let r: HttpResult | undefined;
    n.http(node, '10.244.0.5', 8080, { method: 'GET', path: '/' }, { timeoutMs: 1000 }, (x) => (r = x));
    expect(r).toMatchObject({ ok: true, response: { status: 200, body: 'hi 172.18.0.2' } });
  });

  it('a slow answer arrives later; a server that never answers times out', () => {
    const { clock, n, node, a } = net();
    n.listen(a, '0.0.0.0', 1, { http: (ex) => ex.respond({ status: 200 }, 500) });
    n.listen(a, '0.0.0.0', 2, { http: () => {} });
    const got: [string, number][] = [];
    n.http(node, '10.244.0.5', 1, { method: 'GET', path: '/' }, { timeoutMs: 1000 }, (x) =>
      got.push([x.ok ? 'ok' : x.error, clock.now()]),
    );
    n.http(node, '10.244.0.5', 2, { method: 'GET', path: '/' }, { timeoutMs: 1000 }, (x) =>
      got.push([x.ok ? 'ok' : x.error, clock.now()]),
    );
    clock.advance(2000);
    expect(got).toEqual([
      ['ok', 501],
      ['timeout', 1000],
    ]);
  });

  it('a server that dies with a request in flight: EOF (curl: Empty reply from server)', () => {
    const { clock, n, node, a } = net();
    const l = n.listen(a, '0.0.0.0', 8080, { http: () => {} });
    let r: HttpResult | undefined;
    n.http(node, '10.244.0.5', 8080, { method: 'GET', path: '/' }, { timeoutMs: 10_000 }, (x) => (r = x));
    if (l !== 'EADDRINUSE') l.close();
    clock.advance(10);
    expect(r).toMatchObject({ ok: false, error: 'eof' });
  });

  it("virtual IPs (the Networking issue's ClusterIPs) route to a backend, or reject", () => {
    const { n, node, a } = net();
    n.listen(a, '0.0.0.0', 8080, { http: (ex) => ex.respond({ status: 200, body: 'backend' }) });
    n.addVirtualIP('10.96.0.50', {
      route: (_from, port) => (port === 80 ? { ip: '10.244.0.5', port: 8080 } : 'reject'),
    });
    const got: string[] = [];
    n.http(node, '10.96.0.50', 80, { method: 'GET', path: '/' }, {}, (x) =>
      got.push(x.ok ? String(x.response.body) : x.error),
    );
    n.http(node, '10.96.0.50', 81, { method: 'GET', path: '/' }, {}, (x) =>
      got.push(x.ok ? String(x.response.body) : x.error),
    );
    expect(got).toEqual(['backend', 'refused']);
  });

  it('names need DNS: not simulated until the Networking issue sets a resolver', () => {
    const { n, a } = net();
    expect(n.resolve(a, '10.1.2.3')).toEqual({ ok: true, ips: ['10.1.2.3'] });
    expect(n.resolve(a, 'web')).toEqual({ ok: false, error: 'not-simulated' });
    n.setResolver((_from, name) =>
      name === 'web' ? { ok: true, ips: ['10.96.0.50'] } : { ok: false, error: 'NXDOMAIN' },
    );
    expect(n.resolve(a, 'web')).toEqual({ ok: true, ips: ['10.96.0.50'] });
  });

  it('Go client errors', () => {
    expect(goHttpClientError('GET', 'http://10.244.0.7:8081/health', 'refused', '10.244.0.7', 8081)).toBe(
      'Get "http://10.244.0.7:8081/health": dial tcp 10.244.0.7:8081: connect: connection refused',
    );
    expect(goHttpClientError('GET', 'http://10.244.0.7:8080/', 'timeout', '10.244.0.7', 8080)).toBe(
      'Get "http://10.244.0.7:8080/": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    );
  });
});
