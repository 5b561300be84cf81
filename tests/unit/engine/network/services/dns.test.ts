import { describe, expect, it } from 'vitest';
import { clusterFirstResolvConf, searchCandidates } from '../../../../../src/engine/network/services/dns';
import { runBusyboxNslookup } from '../../../../../src/engine/network/services/nslookup';
import { advance, create, deployment, list, networkCluster, service } from './helpers';

const RESOLV =
  'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n';

describe('stub resolver search list', () => {
  it('tries the search domains first below ndots, then the name', () => {
    expect(searchCandidates('web', clusterFirstResolvConf('default'))).toEqual([
      'web.default.svc.cluster.local',
      'web.svc.cluster.local',
      'web.cluster.local',
      'web',
    ]);
    expect(searchCandidates('a.b.c.d.e.f', clusterFirstResolvConf('default'))).toEqual(['a.b.c.d.e.f']);
    expect(searchCandidates('web.', clusterFirstResolvConf('default'))).toEqual(['web']);
  });
});

describe('cluster DNS', () => {
  function setup() {
    const c = networkCluster();
    create(c, deployment('web', 'blux2/hello-server:1.0', 2, 8080));
    const svc = create(c, service('web', { app: 'web' }, 80, 8080)).body;
    create(c, service('db', { app: 'web' }, 80, 8080, { clusterIP: 'None' }));
    create(c, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'ext', namespace: 'default' },
      spec: { type: 'ExternalName', externalName: 'example.com' },
    });
    advance(c, 30_000);
    const pod = list(c, 'Pod', 'default').find((p) => p.metadata.name!.startsWith('web-'))!;
    const from = c.kubelets.network.namespaceOf((pod.status as { podIP: string }).podIP)!;
    return {
      c,
      from,
      ip: (svc.spec as { clusterIP: string }).clusterIP,
      podIPs: list(c, 'Pod', 'default').map((p) => (p.status as { podIP: string }).podIP),
    };
  }

  it('resolves short names, FQDNs, headless Services, ExternalNames and upstream names', () => {
    const { c, from, ip, podIPs } = setup();
    const net = c.kubelets.network;
    expect(net.resolve(from, 'web')).toEqual({ ok: true, ips: [ip] });
    expect(net.resolve(from, 'web.default')).toEqual({ ok: true, ips: [ip] });
    expect(net.resolve(from, 'web.default.svc.cluster.local')).toEqual({ ok: true, ips: [ip] });
    const headless = net.resolve(from, 'db');
    expect(headless.ok && headless.ips.sort()).toEqual(podIPs.sort());
    expect(net.resolve(from, 'ext')).toEqual({ ok: true, ips: ['93.184.215.14'] });
    expect(net.resolve(from, 'kubernetes.default')).toEqual({ ok: true, ips: ['10.96.0.1'] });
    expect(net.resolve(from, 'nosuch')).toEqual({ ok: false, error: 'NXDOMAIN' });
    expect(net.resolve(from, 'google.com')).toEqual({ ok: true, ips: ['142.250.196.110'] });
  });

  it('stops resolving when CoreDNS is gone', () => {
    const { c, from } = setup();
    c.controllerClient.request({
      method: 'PATCH',
      path: '/apis/apps/v1/namespaces/kube-system/deployments/coredns/scale',
      headers: { contentType: 'application/merge-patch+json' },
      body: { spec: { replicas: 0 } },
    });
    advance(c, 60_000);
    expect(c.kubelets.network.resolve(from, 'web')).toEqual({ ok: false, error: 'timeout' });
  });

  it('prints busybox nslookup output', () => {
    const { c, from, ip } = setup();
    const send = (server: string, name: string, type: Parameters<typeof c.services.dnsQuery>[3]) =>
      c.services.dnsQuery(from, server, name, type);
    const short = runBusyboxNslookup(['web'], RESOLV, send);
    expect(short.stdout).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: ${ip}\n\n` +
        `** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n\n` +
        `** server can't find web.svc.cluster.local: NXDOMAIN\n\n** server can't find web.cluster.local: NXDOMAIN\n\n`,
    );
    expect(short.exitCode).toBe(1);
    const dotted = runBusyboxNslookup(['kubernetes.default'], RESOLV, send);
    expect(dotted.stdout).toContain("** server can't find kubernetes.default: NXDOMAIN");
    const fqdn = runBusyboxNslookup(['kubernetes.default.svc.cluster.local'], RESOLV, send);
    expect(fqdn.stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tkubernetes.default.svc.cluster.local\nAddress: 10.96.0.1\n\n\n',
    );
    expect(fqdn.exitCode).toBe(0);
    const google = runBusyboxNslookup(['google.com'], RESOLV, send);
    expect(google.stdout).toBe(
      'Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nNon-authoritative answer:\nName:\tgoogle.com\nAddress: 142.250.196.110\n\nNon-authoritative answer:\nName:\tgoogle.com\nAddress: 2404:6800:4004:827::200e\n\n',
    );
  });
});
