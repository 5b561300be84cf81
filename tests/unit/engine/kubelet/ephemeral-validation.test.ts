/**
 * pods/ephemeralcontainers validation (upstream validateEphemeralContainers): fields that an
 * ephemeral container may not use are refused only when set to something other than Go's zero
 * value, so `resources: {}` (what kubectl debug sends) passes and `resources: {limits: …}` fails.
 */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs } from './helpers';

const PODS = '/api/v1/namespaces/default/pods';

function addDebugContainer(c: ReturnType<typeof kubeletCluster>, extra: Record<string, unknown>) {
  return c.raw(
    'PATCH',
    `${PODS}/web/ephemeralcontainers`,
    { spec: { ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36.1', ...extra }] } },
    undefined,
    'application/strategic-merge-patch+json',
  );
}

function webPod() {
  const c = kubeletCluster();
  c.createPod('web', { containers: [{ name: 'web', image: 'busybox:1.36.1', command: ['sleep', '3600'] }] });
  c.until(() => c.row('web')[1] === 'Running', secs(30));
  return c;
}

describe('ephemeral container validation', () => {
  it('accepts resources: {} and starts the container', () => {
    const c = webPod();
    const res = addDebugContainer(c, { resources: {}, stdin: true, tty: true });
    expect(res.status).toBe(200);
    c.until(() => !!c.pod('web')!.status!.ephemeralContainerStatuses?.[0]?.state?.running, secs(20));
    expect(c.pod('web')!.spec!.ephemeralContainers![0]!.name).toBe('debugger');
  });

  it('refuses set resources, ports and probes in container field order', () => {
    const c = webPod();
    const res = addDebugContainer(c, {
      readinessProbe: { exec: { command: ['true'] } },
      resources: { limits: { cpu: '100m' } },
      ports: [{ containerPort: 80 }],
    });
    expect(res.status).toBe(422);
    expect((res.body as { message: string }).message).toBe(
      'Pod "web" is invalid: [spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, ' +
        'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container]',
    );
  });

  it('an empty but present map is not the zero value', () => {
    const c = webPod();
    const res = addDebugContainer(c, { resources: { limits: {} } });
    expect(res.status).toBe(422);
    expect((res.body as { message: string }).message).toContain(
      'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container',
    );
  });
});
