import { describe, expect, it } from 'vitest';
import { serviceEnvVars } from '../../../../../src/engine/network/services/envvars';

const svc = (
  ns: string,
  name: string,
  ip: string,
  ports: { name?: string; port: number; protocol?: string }[],
) => ({
  metadata: { namespace: ns, name },
  spec: { clusterIP: ip, ports },
});

describe('serviceEnvVars (reference §11.1)', () => {
  const kubernetes = svc('default', 'kubernetes', '10.96.0.1', [
    { name: 'https', port: 443, protocol: 'TCP' },
  ]);
  const mine = svc('dev', 'my-svc', '10.96.45.12', [{ name: 'http', port: 80, protocol: 'TCP' }]);
  it('injects the master service and the namespace services', () => {
    expect(serviceEnvVars([kubernetes, mine], 'dev')).toEqual([
      ['KUBERNETES_SERVICE_HOST', '10.96.0.1'],
      ['KUBERNETES_SERVICE_PORT', '443'],
      ['KUBERNETES_SERVICE_PORT_HTTPS', '443'],
      ['KUBERNETES_PORT', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP', 'tcp://10.96.0.1:443'],
      ['KUBERNETES_PORT_443_TCP_PROTO', 'tcp'],
      ['KUBERNETES_PORT_443_TCP_PORT', '443'],
      ['KUBERNETES_PORT_443_TCP_ADDR', '10.96.0.1'],
      ['MY_SVC_SERVICE_HOST', '10.96.45.12'],
      ['MY_SVC_SERVICE_PORT', '80'],
      ['MY_SVC_SERVICE_PORT_HTTP', '80'],
      ['MY_SVC_PORT', 'tcp://10.96.45.12:80'],
      ['MY_SVC_PORT_80_TCP', 'tcp://10.96.45.12:80'],
      ['MY_SVC_PORT_80_TCP_PROTO', 'tcp'],
      ['MY_SVC_PORT_80_TCP_PORT', '80'],
      ['MY_SVC_PORT_80_TCP_ADDR', '10.96.45.12'],
    ]);
  });
  it('keeps the master service without service links, skips headless and other namespaces', () => {
    const headless = svc('dev', 'h', 'None', [{ port: 80 }]);
    const other = svc('prod', 'o', '10.96.9.9', [{ port: 80 }]);
    const names = serviceEnvVars([kubernetes, mine, headless, other], 'dev', false).map(([k]) => k);
    expect(names.every((n) => n.startsWith('KUBERNETES_'))).toBe(true);
    expect(
      serviceEnvVars([kubernetes, headless, other], 'dev')
        .map(([k]) => k)
        .some((n) => n.startsWith('H_') || n.startsWith('O_')),
    ).toBe(false);
  });
});
