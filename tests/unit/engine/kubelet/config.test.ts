/** ConfigMaps and Secrets in containers: env, envFrom, volumes, the downward API, service links. */
import { describe, expect, it } from 'vitest';
import { kubeletCluster, secs, type KubeletTestCluster } from './helpers';

function exec(c: KubeletTestCluster, pod: string, argv: string[], container?: string): string {
  const k = c.kubelets.get('kind-control-plane')!;
  const rec = k.recordFor('default', pod)!;
  const ctr = rec.instances.get(container ?? rec.pod.spec!.containers[0]!.name)![0]!;
  let out = '';
  const child = k.runtime.exec(ctr.id, argv, { stdout: (t) => (out += t), stderr: (t) => (out += t) });
  if ('error' in child) return child.error;
  c.advance(50);
  return out;
}
const cm = (c: KubeletTestCluster, name: string, data: Record<string, string>) =>
  c.call('POST', '/api/v1/namespaces/default/configmaps', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name },
    data,
  });
const secret = (c: KubeletTestCluster, name: string, data: Record<string, string>) =>
  c.call('POST', '/api/v1/namespaces/default/secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name },
    type: 'Opaque',
    data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, btoa(v)])),
  });

describe('environment', () => {
  it('env values, $(VAR) expansion, valueFrom ConfigMap/Secret, envFrom with prefix, downward API', () => {
    const c = kubeletCluster();
    cm(c, 'app', { MODE: 'dev', LEVEL: 'info' });
    secret(c, 'nginx-secret', { USERNAME: 'admin', PASSWORD: 'admin123' });
    c.createPod(
      'env',
      {
        containers: [
          {
            name: 'c',
            image: 'busybox:1.36.1',
            command: ['sh', '-c', 'echo $(GREETING) > /tmp/x; sleep 3600'],
            envFrom: [{ configMapRef: { name: 'app' }, prefix: 'APP_' }],
            env: [
              { name: 'NAME', value: 'world' },
              { name: 'GREETING', value: 'hello $(NAME), $$(NAME)' },
              { name: 'USER', valueFrom: { secretKeyRef: { name: 'nginx-secret', key: 'USERNAME' } } },
              { name: 'POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
              { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
              { name: 'TIER', valueFrom: { fieldRef: { fieldPath: "metadata.labels['tier']" } } },
              {
                name: 'MEM_LIMIT',
                valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
              },
              { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
              {
                name: 'OPTIONAL',
                valueFrom: { configMapKeyRef: { name: 'nope', key: 'x', optional: true } },
              },
            ],
            resources: { limits: { memory: '128Mi', cpu: '250m' } },
          },
        ],
      },
      { labels: { tier: 'backend' } },
    );
    c.until(() => c.row('env')[1] === 'Running', secs(20));
    const env = Object.fromEntries(
      exec(c, 'env', ['env'])
        .trim()
        .split('\n')
        .map((l) => l.split(/=(.*)/s).slice(0, 2)),
    );
    expect(env).toMatchObject({
      APP_MODE: 'dev',
      APP_LEVEL: 'info',
      NAME: 'world',
      GREETING: 'hello world, $(NAME)',
      USER: 'admin',
      POD_NAME: 'env',
      POD_IP: c.pod('env')!.status!.podIP,
      NODE: 'kind-control-plane',
      TIER: 'backend',
      MEM_LIMIT: '128',
      CPU_LIMIT: '1',
      HOSTNAME: 'env',
      KUBERNETES_SERVICE_HOST: '10.96.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      KUBERNETES_PORT: 'tcp://10.96.0.1:443',
      KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
    });
    expect(env.OPTIONAL).toBeUndefined();
    // the kubelet expanded $(GREETING) in the command; the shell then ran $(NAME) as a command
    expect(exec(c, 'env', ['cat', '/tmp/x'])).toBe('hello world,\n');
  });

  it("service links: the namespace's Services; a later Service is not in a running container", () => {
    const c = kubeletCluster();
    c.call('POST', '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'my-svc' },
      spec: { selector: { app: 'x' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
    });
    c.createPod('p', { containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sleep', '3600'] }] });
    c.until(() => c.row('p')[1] === 'Running', secs(20));
    const ip = c.call<{ spec: { clusterIP: string } }>('GET', '/api/v1/namespaces/default/services/my-svc')
      .spec.clusterIP;
    const env = exec(c, 'p', ['env']);
    expect(env).toContain(`MY_SVC_SERVICE_HOST=${ip}\n`);
    expect(env).toContain('MY_SVC_SERVICE_PORT_HTTP=80\n');
    expect(env).toContain(`MY_SVC_PORT_80_TCP=tcp://${ip}:80\n`);
    c.call('POST', '/api/v1/namespaces/default/services', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'later' },
      spec: { ports: [{ port: 81 }] },
    });
    c.advance(secs(5));
    expect(exec(c, 'p', ['env'])).not.toContain('LATER_SERVICE_HOST');
  });

  it("a ConfigMap change does not reach env (the book's chapter 6): the old value stays until a restart", () => {
    const c = kubeletCluster();
    cm(c, 'hello-server-configmap', { PORT: '8081' });
    c.createPod('hs', {
      containers: [
        {
          name: 'hs',
          image: 'blux2/hello-server:1.4',
          env: [
            { name: 'PORT', valueFrom: { configMapKeyRef: { name: 'hello-server-configmap', key: 'PORT' } } },
          ],
        },
      ],
    });
    c.until(() => c.row('hs')[1] === 'Running', secs(20));
    c.call('PUT', '/api/v1/namespaces/default/configmaps/hello-server-configmap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'hello-server-configmap' },
      data: { PORT: '8082' },
    });
    c.advance(secs(120));
    const log = c.call<string>('GET', '/api/v1/namespaces/default/pods/hs/log');
    expect(log.trim().split('\n')).toHaveLength(1);
    expect(log).toMatch(/Starting server on port 8081\n$/);
  });
});

describe('volumes', () => {
  it("ConfigMap volume: files appear; an update propagates after the pod's next periodic sync", () => {
    const c = kubeletCluster();
    cm(c, 'hello-server-configmap', { 'myconfig.txt': 'I am hungry.' });
    c.createPod('hs', {
      containers: [
        {
          name: 'hs',
          image: 'blux2/hello-server:1.5',
          volumeMounts: [{ name: 'config', mountPath: '/etc/config' }],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'hello-server-configmap' } }],
    });
    c.until(() => c.row('hs')[1] === 'Running', secs(20));
    const get = () => {
      let body = '';
      const net = c.kubelets.network;
      net.http(
        net.namespaceOf('172.18.0.2')!,
        c.pod('hs')!.status!.podIP!,
        8080,
        { method: 'GET', path: '/' },
        {},
        (r) => (body = r.ok ? r.response.body! : r.error),
      );
      return body;
    };
    expect(get()).toBe('I am hungry.');
    c.call('PUT', '/api/v1/namespaces/default/configmaps/hello-server-configmap', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'hello-server-configmap' },
      data: { 'myconfig.txt': 'I am full.' },
    });
    c.advance(secs(5));
    expect(get()).toBe('I am hungry.');
    const t = c.until(() => get() === 'I am full.', secs(120), 1000);
    expect(t).toBeGreaterThan(secs(20));
  });

  it('a subPath mount pins the file at container start: ConfigMap updates never reach it', () => {
    const c = kubeletCluster();
    cm(c, 'cfg', { 'a.txt': 'one' });
    c.createPod('p', {
      containers: [
        {
          name: 'p',
          image: 'busybox:1.36.1',
          command: ['sleep', '3600'],
          volumeMounts: [
            { name: 'config', mountPath: '/etc/config' },
            { name: 'config', mountPath: '/etc/a.txt', subPath: 'a.txt' },
          ],
        },
      ],
      volumes: [{ name: 'config', configMap: { name: 'cfg' } }],
    });
    c.until(() => c.row('p')[1] === 'Running', secs(20));
    expect(exec(c, 'p', ['cat', '/etc/a.txt'])).toBe('one');
    c.call('PUT', '/api/v1/namespaces/default/configmaps/cfg', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'cfg' },
      data: { 'a.txt': 'two' },
    });
    c.until(() => exec(c, 'p', ['cat', '/etc/config/a.txt']) === 'two', secs(120), 1000);
    expect(exec(c, 'p', ['cat', '/etc/a.txt'])).toBe('one');
  });

  it("Secret volume (the book's nginx-volume): decoded files, read-only", () => {
    const c = kubeletCluster();
    secret(c, 'nginx-secret', { 'server.key': 'k'.repeat(50) });
    c.createPod('nginx-sample', {
      containers: [
        {
          name: 'nginx',
          image: 'nginx:1.25.3',
          volumeMounts: [{ name: 'secret-volume', mountPath: '/etc/config' }],
        },
      ],
      volumes: [{ name: 'secret-volume', secret: { secretName: 'nginx-secret' } }],
    });
    c.until(() => c.row('nginx-sample')[1] === 'Running', secs(20));
    expect(exec(c, 'nginx-sample', ['cat', '/etc/config/server.key'])).toBe('k'.repeat(50));
    expect(exec(c, 'nginx-sample', ['sh', '-c', 'echo x > /etc/config/y'])).toBe(
      'sh: 1: cannot create /etc/config/y: Read-only file system\n',
    );
  });

  it('a missing ConfigMap volume: FailedMount, ContainerCreating; it mounts by itself once created', () => {
    const c = kubeletCluster();
    c.createPod('p', {
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config' }],
        },
      ],
      volumes: [{ name: 'config-volume', configMap: { name: 'special-config' } }],
    });
    c.advance(secs(30));
    expect(c.row('p')).toEqual(['0/1', 'ContainerCreating', '0']);
    const fm = c.events('p').find((e) => e.reason === 'FailedMount')!;
    expect(fm.type).toBe('Warning');
    expect(fm.message).toBe(
      'MountVolume.SetUp failed for volume "config-volume" : configmap "special-config" not found',
    );
    expect(fm.count).toBeGreaterThan(3);
    cm(c, 'special-config', { a: '1' });
    const t = c.until(() => c.row('p')[1] === 'Running', secs(60));
    expect(t).toBeLessThan(secs(40));
    expect(exec(c, 'p', ['cat', '/etc/config/a'])).toBe('1');
  });

  it('after 2m3s waiting: "Unable to attach or mount volumes … timed out waiting for the condition"', () => {
    const c = kubeletCluster();
    c.createPod('p', {
      containers: [
        { name: 'c', image: 'busybox:1.36.1', volumeMounts: [{ name: 'data', mountPath: '/data' }] },
      ],
      volumes: [{ name: 'data', secret: { secretName: 'missing' } }],
    });
    c.advance(secs(140));
    expect(c.events('p').map((e) => e.message)).toContain(
      'Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition',
    );
  });

  it("emptyDir is shared by the pod's containers; init containers run first", () => {
    const c = kubeletCluster();
    c.createPod('shared', {
      initContainers: [
        {
          name: 'init',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'echo from-init > /work/msg'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
      containers: [
        {
          name: 'main',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'cat /work/msg; sleep 3600'],
          volumeMounts: [{ name: 'work', mountPath: '/work' }],
        },
      ],
      volumes: [{ name: 'work', emptyDir: {} }],
    });
    const rows = c.watchRows('shared', secs(20));
    expect(rows).toEqual(['0/1 Pending 0', '0/1 Init:0/1 0', '0/1 PodInitializing 0', '1/1 Running 0']);
    expect(
      c.call<string>('GET', '/api/v1/namespaces/default/pods/shared/log', undefined, undefined, {
        container: 'main',
      }),
    ).toBe('from-init\n');
  });
});
