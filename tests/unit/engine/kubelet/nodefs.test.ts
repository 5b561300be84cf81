/**
 * The node's root filesystem (src/engine/kubelet/nodefs.ts): hostPath volumes point into it, and
 * /var/log/pods and /var/log/containers follow the container runtime.
 */
import { describe, expect, it } from 'vitest';
import { hostPathNode, staticPodManifest } from '../../../../src/engine/kubelet/nodefs';
import type { DirNode, FsNode } from '../../../../src/engine/kubelet/runtime/fs';
import { kubeletCluster, secs } from './helpers';

const at = (root: DirNode, path: string): FsNode | undefined => hostPathNode(root, path, undefined, 0);
const names = (n: FsNode | undefined) => (n?.kind === 'dir' ? [...n.children.keys()].sort() : undefined);

describe('node root filesystem', () => {
  it('has the kind node identity and the control plane manifests', () => {
    const c = kubeletCluster();
    const root = c.kubelets.get('kind-control-plane')!.rootfs;
    expect((at(root, '/etc/hostname') as { data: string }).data).toBe('kind-control-plane\n');
    expect((at(root, '/etc/os-release') as { data: string }).data).toContain(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n',
    );
    expect(names(at(root, '/etc/kubernetes/manifests'))).toEqual([
      'etcd.yaml',
      'kube-apiserver.yaml',
      'kube-controller-manager.yaml',
      'kube-scheduler.yaml',
    ]);
    const config = at(root, '/var/lib/kubelet/config.yaml') as { data: string };
    expect(config.data).toMatch(/^apiVersion: kubelet.config.k8s.io\/v1beta1\n/);
    expect(config.data).toContain('kind: KubeletConfiguration\n');
  });

  it('a static pod manifest is the mirror pod without what the kubelet and API server added', () => {
    const yaml = staticPodManifest(
      {
        metadata: {
          name: 'kube-scheduler-kind-control-plane',
          namespace: 'kube-system',
          labels: { component: 'kube-scheduler', tier: 'control-plane' },
          annotations: { 'kubernetes.io/config.hash': 'abc', 'kubernetes.io/config.source': 'file' },
        },
        spec: {
          nodeName: 'kind-control-plane',
          dnsPolicy: 'ClusterFirst',
          restartPolicy: 'Always',
          tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
          containers: [
            {
              name: 'kube-scheduler',
              image: 'registry.k8s.io/kube-scheduler:v1.32.2',
              terminationMessagePath: '/dev/termination-log',
              livenessProbe: { httpGet: { path: '/healthz', port: 10259 }, successThreshold: 1 },
            },
          ],
          hostNetwork: true,
        },
      },
      'kind-control-plane',
    );
    expect(yaml).toBe(
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  creationTimestamp: null',
        '  labels:',
        '    component: kube-scheduler',
        '    tier: control-plane',
        '  name: kube-scheduler',
        '  namespace: kube-system',
        'spec:',
        '  containers:',
        '  - image: registry.k8s.io/kube-scheduler:v1.32.2',
        '    livenessProbe:',
        '      httpGet:',
        '        path: /healthz',
        '        port: 10259',
        '    name: kube-scheduler',
        '  hostNetwork: true',
        'status: {}',
        '',
      ].join('\n'),
    );
  });

  it('hostPath volumes share the node tree; a missing Directory fails the type check', () => {
    const c = kubeletCluster();
    c.createPod('writer', {
      restartPolicy: 'Never',
      volumes: [{ name: 'data', hostPath: { path: '/srv/data', type: 'DirectoryOrCreate' } }],
      containers: [
        {
          name: 'c',
          image: 'busybox:1.36.1',
          command: ['sh', '-c', 'echo kept > /data/note'],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
    });
    c.until(() => c.row('writer')[1] === 'Completed', secs(30));
    const root = c.kubelets.get('kind-control-plane')!.rootfs;
    expect((at(root, '/srv/data/note') as { data: string }).data).toBe('kept\n');

    c.createPod('strict', {
      volumes: [{ name: 'd', hostPath: { path: '/nope', type: 'Directory' } }],
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sleep', '60'] }],
    });
    c.advance(secs(5));
    expect(c.events('strict').map((e) => e.message)).toContain(
      'MountVolume.SetUp failed for volume "d" : hostPath type check failed: /nope is not a directory',
    );
    expect(at(root, '/nope')).toBeUndefined();
  });

  it('/var/log/pods and /var/log/containers follow the pods of the node', () => {
    const c = kubeletCluster();
    const pod = c.createPod('talk', {
      restartPolicy: 'Never',
      containers: [{ name: 'c', image: 'busybox:1.36.1', command: ['sh', '-c', 'echo one; echo two >&2'] }],
    });
    c.until(() => c.row('talk')[1] === 'Completed', secs(30));
    const root = c.kubelets.get('kind-control-plane')!.rootfs;
    const dirName = `default_talk_${pod.metadata!.uid}`;
    expect(names(at(root, '/var/log/pods'))).toContain(dirName);
    const log = (at(root, `/var/log/pods/${dirName}/c/0.log`) as { data: string }).data;
    expect(log).toMatch(/^\S+Z stdout F one\n\S+Z stderr F two\n$/);
    const link = names(at(root, '/var/log/containers'))!.find((n) => n.startsWith('talk_default_c-'));
    expect(link).toMatch(/^talk_default_c-[0-9a-f]{64}\.log$/);
    expect(at(root, `/var/log/containers/${link}`)).toMatchObject({
      kind: 'link',
      target: `/var/log/pods/${dirName}/c/0.log`,
    });
    c.call('DELETE', '/api/v1/namespaces/default/pods/talk');
    c.until(() => c.pod('talk') === undefined, secs(60));
    c.advance(secs(5));
    expect(names(at(root, '/var/log/pods'))).not.toContain(dirName);
  });
});
