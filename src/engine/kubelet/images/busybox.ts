/**
 * busybox (one static multi-call binary, default command `sh`), ubuntu (bash, GNU coreutils, no
 * ps/curl/wget), curlimages/curl (Alpine: busybox + curl, user curl_user), and the stress images
 * of the Kubernetes docs (polinux/stress, vish/stress).
 */
import { wait, type Task } from '../coroutine';
import type { Proc, Program } from '../runtime/process';
import { shellProgram } from '../sh/interpreter';
import { busyboxProgram, formatDate, makeApplets } from './applets';
import {
  BUSYBOX_APPLETS,
  busyboxRoot,
  DEBIAN_TOOLS,
  debianRoot,
  defineImage,
  dirs,
  PATH_DEFAULT,
} from './common';
import { curlEntrypoint, curlProgram, CURL_VERSION } from './curl';
import type { ImageEntry } from './types';

const MiB = 1024 * 1024;

function busyboxImage(tag: string, version: string, size: number, built: string): ImageEntry {
  const applets = makeApplets('busybox');
  const sh = shellProgram('ash');
  return defineImage({
    repo: 'docker.io/library/busybox',
    tag,
    size,
    created: built,
    config: { cmd: ['sh'], env: [PATH_DEFAULT] },
    files: () => busyboxRoot(version),
    programs: { busybox: busyboxProgram(applets, sh, version) },
  });
}

export function busyboxImages(): ImageEntry[] {
  return [
    busyboxImage('1.28', '1.28.4', 727_869, '2018-05-23T00:36:38Z'),
    busyboxImage('1.36.1', '1.36.1', 2_155_528, '2023-07-18T23:19:33Z'),
    busyboxImage('1.36', '1.36.1', 2_155_528, '2023-07-18T23:19:33Z'),
    busyboxImage('1.37.0', '1.37.0', 2_167_041, '2024-09-26T21:31:42Z'),
    busyboxImage('latest', '1.37.0', 2_167_041, '2024-09-26T21:31:42Z'),
  ];
}

export function ubuntuImages(): ImageEntry[] {
  const gnu = makeApplets('gnu');
  const make = (tag: string, version: string, codename: string, size: number, built: string) => {
    const programs: Record<string, Program> = { bash: shellProgram('bash'), dash: shellProgram('dash') };
    for (const t of DEBIAN_TOOLS) programs[`gnu:${t}`] = gnu[t]!;
    return defineImage({
      repo: 'docker.io/library/ubuntu',
      tag,
      size,
      created: built,
      config: { cmd: ['/bin/bash'], env: [PATH_DEFAULT] },
      files: () =>
        debianRoot(
          `PRETTY_NAME="Ubuntu ${version}"\nNAME="Ubuntu"\nVERSION_ID="${version.slice(0, 5)}"\nVERSION="${version} (${codename[0]!.toUpperCase() + codename.slice(1)})"\nVERSION_CODENAME=${codename}\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=${codename}\n`,
          DEBIAN_TOOLS,
        ),
      programs,
    });
  };
  return [
    make('22.04', '22.04.5 LTS', 'jammy', 29_542_354, '2024-09-13T06:28:02Z'),
    make('jammy', '22.04.5 LTS', 'jammy', 29_542_354, '2024-09-13T06:28:02Z'),
    make('24.04', '24.04.1 LTS', 'noble', 29_754_422, '2025-01-26T05:31:09Z'),
    make('latest', '24.04.1 LTS', 'noble', 29_754_422, '2025-01-26T05:31:09Z'),
  ];
}

export function curlImages(): ImageEntry[] {
  const make = (tag: string, version: string, size: number, built: string) => {
    const applets = makeApplets('busybox');
    const sh = shellProgram('ash');
    return defineImage({
      repo: 'docker.io/curlimages/curl',
      tag,
      size,
      created: built,
      config: {
        entrypoint: ['/entrypoint.sh'],
        cmd: ['curl'],
        env: [
          PATH_DEFAULT,
          `CURL_CA_BUNDLE=/cacert.pem`,
          `CURL_RELEASE_TAG=curl-${version.replace(/\./g, '_')}`,
          `CURL_GIT_REPO=https://github.com/curl/curl.git`,
        ],
        user: 'curl_user',
        workingDir: '/home/curl_user',
      },
      files: () => {
        const root = busyboxRoot('1.37.0', { applets: BUSYBOX_APPLETS.filter((a) => a !== 'wget') });
        return {
          ...root,
          ...dirs('/home/curl_user'),
          '/etc/passwd': `${(root['/etc/passwd'] as string).trimEnd()}\ncurl_user:x:100:101:Linux User,,,:/home/curl_user:/sbin/nologin\n`,
          '/etc/alpine-release': '3.21.3\n',
          '/entrypoint.sh': { program: 'entrypoint', size: 428, mode: 0o755 },
          '/usr/bin/curl': { program: 'curl', size: 277_312 },
          '/cacert.pem': '# CA certificates\n',
        };
      },
      programs: {
        busybox: busyboxProgram(applets, sh, '1.37.0'),
        curl: curlProgram(version),
        entrypoint: curlEntrypoint(),
      },
    });
  };
  return [
    make('latest', CURL_VERSION, 11_923_556, '2025-02-13T10:21:44Z'),
    make('8.12.1', CURL_VERSION, 11_923_556, '2025-02-13T10:21:44Z'),
    make('8.4.0', '8.4.0', 10_346_102, '2023-10-11T07:55:02Z'),
  ];
}

/** stress 1.0.4: `--cpu N --vm N --vm-bytes B --vm-hang S --timeout T`. */
function stressProgram(): Program {
  return function* (p: Proc): Task<number> {
    const args = p.argv.slice(1);
    let cpu = 0;
    let vm = 0;
    let io = 0;
    let hdd = 0;
    let vmBytes = 256 * MiB;
    let vmHang: number | undefined;
    let timeout: number | undefined;
    const parseBytes = (s: string): number => {
      const m = /^(\d+(?:\.\d+)?)([bBkKmMgG]?)$/.exec(s);
      if (!m) return NaN;
      const mult: Record<string, number> = {
        '': 1,
        b: 1,
        B: 1,
        k: 1024,
        K: 1024,
        m: MiB,
        M: MiB,
        g: 1024 * MiB,
        G: 1024 * MiB,
      };
      return Number(m[1]) * mult[m[2]!]!;
    };
    const parseTime = (s: string): number => {
      const m = /^(\d+)([smhd]?)$/.exec(s);
      return m ? Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]!] ?? 1) : NaN;
    };
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const next = () => args[++i] ?? '';
      if (a === '-c' || a === '--cpu') cpu = Number(next());
      else if (a === '-m' || a === '--vm') vm = Number(next());
      else if (a === '-i' || a === '--io') io = Number(next());
      else if (a === '-d' || a === '--hdd') hdd = Number(next());
      else if (a === '--vm-bytes') vmBytes = parseBytes(next());
      else if (a === '--vm-hang') vmHang = Number(next());
      else if (a === '-t' || a === '--timeout') timeout = parseTime(next());
      else if (a === '-v' || a === '--verbose' || a === '-q' || a === '--quiet' || a === '--vm-keep')
        continue;
      else {
        p.stdout(
          `\`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n -?, --help         show this help statement\n     --version      show version statement\n -v, --verbose      be verbose\n -q, --quiet        be quiet\n -n, --dry-run      show what would have been done\n -t, --timeout N    timeout after N seconds\n     --backoff N    wait factor of N microseconds before work starts\n -c, --cpu N        spawn N workers spinning on sqrt()\n -i, --io N         spawn N workers spinning on sync()\n -m, --vm N         spawn N workers spinning on malloc()/free()\n     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)\n     --vm-stride B  touch a byte every B bytes (default is 4096)\n     --vm-hang N    sleep N secs before free (default none, 0 is inf)\n     --vm-keep      redirty memory instead of freeing and reallocating\n -d, --hdd N        spawn N workers spinning on write()/unlink()\n     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)\n\nExample: stress --cpu 2 --io 1 --vm 1 --vm-bytes 128M --timeout 10s\n\nNote: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).\n`,
        );
        return 1;
      }
    }
    if (cpu + vm + io + hdd === 0) {
      p.stdout(
        `\`stress' imposes certain types of compute stress on your system\n\nUsage: stress [OPTION [ARG]] ...\n`,
      );
      return 1;
    }
    p.stdout(`stress: info: [${p.pid}] dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd\n`);
    p.setMemory(0.3 * MiB);
    const started = p.now();
    const workers: {
      pid: number;
      exited: { subscribe(cb: (c: number) => void): () => void };
      kill(s: number): void;
    }[] = [];
    for (let i = 0; i < cpu + io; i++)
      workers.push(
        p.fork([...p.argv], (w) => {
          w.setCpu(1000);
        }),
      );
    for (let i = 0; i < vm; i++)
      workers.push(
        p.fork([...p.argv], (w) => {
          const cycle = () => {
            if (w.exited) return;
            w.setMemory(vmBytes);
            w.setCpu(1000);
            if (vmHang !== undefined) {
              w.setCpu(0);
              if (vmHang === 0) return;
              w.setTimeout(() => {
                w.setMemory(0.2 * MiB);
                w.setTimeout(cycle, 1);
              }, vmHang * 1000);
            }
          };
          cycle();
        }),
      );
    const first = yield* wait({
      subscribe: (cb: (v: { pid: number; code: number } | 'timeout') => void) => {
        const cancels = workers.map((w) => w.exited.subscribe((code) => cb({ pid: w.pid, code })));
        const t = timeout !== undefined ? p.setTimeout(() => cb('timeout'), timeout * 1000) : undefined;
        return () => {
          for (const c of cancels) c();
          if (t !== undefined) p.clearTimeout(t);
        };
      },
    });
    const secs = Math.round((p.now() - started) / 1000);
    for (const w of workers) w.kill(9);
    if (first === 'timeout') {
      p.stdout(`stress: info: [${p.pid}] successful run completed in ${secs}s\n`);
      return 0;
    }
    p.stderr(`stress: FAIL: [${p.pid}] (415) <-- worker ${first.pid} got signal ${first.code - 128}\n`);
    p.stderr(`stress: WARN: [${p.pid}] (417) now reaping child worker processes\n`);
    p.stderr(`stress: FAIL: [${p.pid}] (451) failed run completed in ${secs}s\n`);
    return 1;
  };
}

/** vish/stress (docs "Assign CPU Resources"): `-cpus N`, `-mem-total`, klog output. */
function vishStressProgram(): Program {
  return (p: Proc) => {
    const args = p.argv.slice(1);
    let cpus = 0;
    let memTotal = 0;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-cpus') cpus = Number(args[++i]);
      else if (args[i] === '-mem-total')
        memTotal =
          Number(/^(\d+)/.exec(args[++i] ?? '0')?.[1] ?? 0) *
          (/(Mi|M)$/.test(args[i] ?? '') ? MiB : /(Gi|G)$/.test(args[i] ?? '') ? 1024 * MiB : 1);
    }
    const klog = (line: number, msg: string) => {
      const d = new Date(p.now());
      const pad = (n: number, w = 2) => String(n).padStart(w, '0');
      p.stderr(
        `I${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad((p.now() % 1000) * 1000, 6)}       ${p.pid} main.go:${line}] ${msg}\n`,
      );
    };
    klog(26, `Allocating "${memTotal}" memory, in "4Ki" chunks, with a 1ms sleep between allocations`);
    p.setMemory(1.4 * MiB + memTotal);
    klog(39, `Spawning a thread to consume CPU`);
    p.setCpu(cpus * 1000);
    klog(29, `Allocated "${memTotal}" memory`);
  };
}

export function stressImages(): ImageEntry[] {
  const applets = makeApplets('busybox');
  const sh = shellProgram('ash');
  return [
    defineImage({
      repo: 'docker.io/polinux/stress',
      tag: 'latest',
      size: 4_041_182,
      created: '2018-10-12T18:11:05Z',
      config: { cmd: ['/usr/local/bin/stress'], env: [PATH_DEFAULT] },
      files: () => ({
        ...busyboxRoot('1.28.4'),
        '/usr/local/bin/stress': { program: 'stress', size: 33_192 },
        '/etc/alpine-release': '3.8.1\n',
      }),
      programs: { busybox: busyboxProgram(applets, sh, '1.28.4'), stress: stressProgram() },
    }),
    defineImage({
      repo: 'docker.io/vish/stress',
      tag: 'latest',
      size: 1_556_187,
      created: '2016-06-29T22:39:55Z',
      config: { entrypoint: ['/stress', '-logtostderr'], env: [PATH_DEFAULT] },
      files: () => ({
        ...dirs('/dev', '/proc', '/sys', '/etc'),
        '/stress': { program: 'stress', size: 3_897_216 },
      }),
      programs: { stress: vishStressProgram() },
    }),
  ];
}

void formatDate;
