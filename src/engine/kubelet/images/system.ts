/**
 * The images a kind node (kindest/node:v1.32.2) has preloaded: the control plane, kube-proxy,
 * kindnet, CoreDNS, local-path-provisioner and the sandbox image. Their programs listen on the
 * components' ports (so their probes pass), use the memory and CPU such components use at rest,
 * and print the first lines of their real logs. They are not the components themselves: the
 * simulation's API server, controllers and scheduler are in-process code (docs: FIDELITY).
 */
import type { HttpExchange } from '../../network/index';
import { SIGNALS, type Proc, type Program } from '../runtime/process';
import {
  COREDNS_IMAGE,
  KINDNETD_IMAGE,
  KUBE_PROXY_IMAGE,
  LOCAL_PATH_HELPER_IMAGE,
  LOCAL_PATH_PROVISIONER_IMAGE,
} from '../../bootstrap/addons';
import { ETCD_IMAGE } from '../../bootstrap/control-plane';
import { KUBERNETES_VERSION } from '../../bootstrap/nodes';
import { busyboxRoot, defineImage, dirs, goLogPrefix, PATH_DEFAULT } from './common';
import { goResponse } from './golang';
import type { ImageEntry } from './types';
import { makeApplets, busyboxProgram } from './applets';
import { shellProgram } from '../sh/interpreter';

const MiB = 1024 * 1024;

/** klog's header: `I0101 00:00:03.123456       1 file.go:42] ` */
export function klogPrefix(p: Proc, file: string, level = 'I'): string {
  const d = new Date(p.now());
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const micros = pad(Math.floor((p.now() % 1000) * 1000 + ((p.pid * 37) % 1000)), 6);
  return `${level}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${micros}${String(p.pid).padStart(8)} ${file}] `;
}

interface DaemonSpec {
  memory: number;
  cpu: number;
  /** Lines written at start; `{k}` = klog prefix with that file, `{g}` = Go log prefix. */
  logs: [string, string][];
  /** Ports and, for HTTP ones, their paths. */
  ports: { port: number; ip?: string; paths?: Record<string, string> }[];
}

function daemon(spec: DaemonSpec): Program {
  return (p: Proc) => {
    p.setMemory(spec.memory);
    p.setCpu(spec.cpu);
    for (const [file, msg] of spec.logs)
      p.stderr((file === 'go' ? goLogPrefix(p.now()) : file === '' ? '' : klogPrefix(p, file)) + msg + '\n');
    for (const port of spec.ports) {
      const paths = port.paths;
      const handler = paths
        ? (ex: HttpExchange) => {
            const path = ex.request.path.split('?')[0]!;
            const body = paths[path];
            ex.respond(
              body === undefined ? goResponse(p, 404, '404 page not found\n') : goResponse(p, 200, body),
              p.spend(0.05),
            );
          }
        : undefined;
      p.listen(port.port, handler, port.ip);
    }
    p.onSignal((sig) => {
      if (sig === SIGNALS.SIGTERM || sig === SIGNALS.SIGINT) p.exit(0);
    });
  };
}

function split(image: string): { repo: string; tag: string } {
  const i = image.lastIndexOf(':');
  const repo = image.slice(0, i);
  return {
    repo: repo.includes('.') && repo.split('/')[0]!.includes('.') ? repo : `docker.io/${repo}`,
    tag: image.slice(i + 1),
  };
}

function systemImage(
  image: string,
  size: number,
  bin: string,
  program: Program,
  extraNames: string[] = [],
): ImageEntry[] {
  const { repo, tag } = split(image);
  const make = (r: string) =>
    defineImage({
      repo: r,
      tag,
      size,
      config: { entrypoint: [bin], env: [PATH_DEFAULT] },
      files: () => ({
        ...dirs('/dev', '/proc', '/sys', '/etc', '/tmp', '/var'),
        [bin]: { program: 'main', size: size * 2 },
      }),
      programs: { main: program },
    });
  return [make(repo), ...extraNames.map(make)];
}

const ok = { '/healthz': 'ok', '/livez': 'ok', '/readyz': 'ok' };

export function systemImages(): ImageEntry[] {
  const v = KUBERNETES_VERSION;
  const images: ImageEntry[] = [];
  images.push(
    ...systemImage(
      `registry.k8s.io/kube-apiserver:${v}`,
      98_001_233,
      '/usr/local/bin/kube-apiserver',
      daemon({
        memory: 262 * MiB,
        cpu: 38,
        logs: [
          ['server.go:211', `Version: ${v}`],
          ['options.go:228', 'external host was not specified, using 172.18.0.2'],
          ['secure_serving.go:213', 'Serving securely on [::]:6443'],
        ],
        ports: [{ port: 6443, paths: ok }],
      }),
      [`registry.k8s.io/kube-apiserver-amd64`],
    ),
    ...systemImage(
      `registry.k8s.io/kube-controller-manager:${v}`,
      90_793_286,
      '/usr/local/bin/kube-controller-manager',
      daemon({
        memory: 58 * MiB,
        cpu: 11,
        logs: [
          ['serving.go:386', 'Generated self-signed cert in-memory'],
          ['controllermanager.go:185', `"Starting" version="${v}"`],
          [
            'leaderelection.go:257',
            'attempting to acquire leader lease kube-system/kube-controller-manager...',
          ],
        ],
        ports: [{ port: 10257, ip: '127.0.0.1', paths: ok }],
      }),
      [`registry.k8s.io/kube-controller-manager-amd64`],
    ),
    ...systemImage(
      `registry.k8s.io/kube-scheduler:${v}`,
      70_649_158,
      '/usr/local/bin/kube-scheduler',
      daemon({
        memory: 23 * MiB,
        cpu: 3,
        logs: [
          ['serving.go:386', 'Generated self-signed cert in-memory'],
          ['server.go:166', `"Starting Kubernetes Scheduler" version="${v}"`],
          ['leaderelection.go:257', 'attempting to acquire leader lease kube-system/kube-scheduler...'],
        ],
        ports: [{ port: 10259, ip: '127.0.0.1', paths: ok }],
      }),
      [`registry.k8s.io/kube-scheduler-amd64`],
    ),
    ...systemImage(
      KUBE_PROXY_IMAGE,
      95_271_321,
      '/usr/local/bin/kube-proxy',
      daemon({
        memory: 19 * MiB,
        cpu: 1,
        logs: [
          ['server_linux.go:66', '"Using iptables proxy"'],
          ['server.go:698', '"Successfully retrieved node IP(s)" IPs=["172.18.0.2"]'],
          ['server_linux.go:170', '"Using iptables Proxier"'],
          ['config.go:199', '"Starting service config controller"'],
        ],
        ports: [
          { port: 10249, ip: '127.0.0.1', paths: { '/metrics': '' } },
          { port: 10256, paths: { '/healthz': '{"lastUpdated": "", "currentTime": ""}', '/livez': 'ok' } },
        ],
      }),
      [`registry.k8s.io/kube-proxy-amd64`],
    ),
    ...systemImage(
      ETCD_IMAGE,
      57_680_541,
      '/usr/local/bin/etcd',
      daemon({
        memory: 43 * MiB,
        cpu: 17,
        logs: [
          [
            '',
            '{"level":"info","ts":"2026-01-01T00:00:01.284137Z","caller":"etcdmain/etcd.go:73","msg":"Running: "}',
          ],
          [
            '',
            '{"level":"info","ts":"2026-01-01T00:00:01.617249Z","caller":"etcdserver/server.go:2651","msg":"setting up initial cluster version using v2 API","cluster-version":"3.5"}',
          ],
          [
            '',
            '{"level":"info","ts":"2026-01-01T00:00:01.618433Z","caller":"embed/serve.go:250","msg":"serving client traffic securely","traffic":"grpc+http","address":"172.18.0.2:2379"}',
          ],
        ],
        ports: [
          { port: 2379 },
          { port: 2380 },
          {
            port: 2381,
            ip: '127.0.0.1',
            paths: {
              '/health': '{"health":"true","reason":""}',
              '/livez': 'ok',
              '/readyz': 'ok',
              '/metrics': '',
            },
          },
        ],
      }),
    ),
    ...systemImage(
      COREDNS_IMAGE,
      18_562_039,
      '/coredns',
      daemon({
        memory: 15 * MiB,
        cpu: 2,
        logs: [
          ['', '.:53'],
          [
            '',
            '[INFO] plugin/reload: Running configuration SHA512 = 1b226df79860026c6a52e67daa10d7f0d57ec5b023288ec00c5e05f93523c894564e15b91770d3a07ae1cfbe861d15b37d4a0027e69c546ab112970993a3b03b',
          ],
          ['', 'CoreDNS-1.11.3'],
          ['', 'linux/amd64, go1.21.11, a6338e9'],
        ],
        ports: [
          { port: 53 },
          { port: 8080, paths: { '/health': 'OK' } },
          { port: 8181, paths: { '/ready': 'OK' } },
          { port: 9153, paths: { '/metrics': '' } },
        ],
      }),
    ),
    ...systemImage(
      KINDNETD_IMAGE,
      39_008_320,
      '/bin/kindnetd',
      daemon({
        memory: 12 * MiB,
        cpu: 1,
        logs: [
          ['main.go:109', 'connected to apiserver: https://kind-control-plane:6443'],
          ['main.go:139', 'hostIP = 172.18.0.2\npodIP = 172.18.0.2'],
          ['main.go:148', 'setting mtu 65535 for CNI '],
          ['main.go:178', 'kindnetd IP family: "ipv4"'],
        ],
        ports: [],
      }),
    ),
    ...systemImage(
      LOCAL_PATH_PROVISIONER_IMAGE,
      22_541_737,
      '/usr/local/bin/local-path-provisioner',
      daemon({
        memory: 9 * MiB,
        cpu: 1,
        logs: [
          ['go', 'local-path-provisioner started'],
          [
            '',
            'time="2026-01-01T00:00:18Z" level=debug msg="Applied config: {\\"nodePathMap\\":[{\\"node\\":\\"DEFAULT_PATH_FOR_NON_LISTED_NODES\\",\\"paths\\":[\\"/var/local-path-provisioner\\"]}]}"',
          ],
        ],
        ports: [],
      }),
    ),
    ...systemImage('registry.k8s.io/pause:3.10', 320_368, '/pause', (p) => {
      p.setMemory(0.2 * MiB);
      p.onSignal((sig) => {
        if (sig === SIGNALS.SIGTERM || sig === SIGNALS.SIGINT) p.exit(0);
      });
    }),
  );
  // the local-path helper is busybox
  const { repo, tag } = split(LOCAL_PATH_HELPER_IMAGE);
  images.push(
    defineImage({
      repo,
      tag,
      size: 3_084_671,
      config: { cmd: ['sh'], env: [PATH_DEFAULT] },
      files: () => busyboxRoot('1.36.1'),
      programs: { busybox: busyboxProgram(makeApplets('busybox'), shellProgram('ash'), '1.36.1') },
    }),
  );
  return images;
}

/** The images every kind node has before anything is pulled (docker.io/kindest/node preloads). */
export const PRELOADED_IMAGES: readonly string[] = [
  `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-apiserver-amd64:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-controller-manager-amd64:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  `registry.k8s.io/kube-scheduler-amd64:${KUBERNETES_VERSION}`,
  KUBE_PROXY_IMAGE,
  `registry.k8s.io/kube-proxy-amd64:${KUBERNETES_VERSION}`,
  ETCD_IMAGE,
  COREDNS_IMAGE,
  KINDNETD_IMAGE,
  LOCAL_PATH_PROVISIONER_IMAGE,
  LOCAL_PATH_HELPER_IMAGE,
  'registry.k8s.io/pause:3.10',
];
