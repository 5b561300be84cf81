/**
 * Building blocks shared by the catalog's images: deterministic digests, base filesystems
 * (scratch, busybox, Debian, Ubuntu, Alpine), and the output conventions of the languages the
 * images are written in (Go's log package).
 */
import { buildTree, type DirNode, type TreeSpec } from '../runtime/fs';
import type { Program } from '../runtime/process';
import type { ImageConfig, ImageEntry } from './types';

/** FNV-1a 32-bit. */
function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** 64 hex digits derived from a string: the same in every cluster and every run. */
export function hex64(seed: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv32a(`${i}:${seed}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

/** When an image was built (its files' mtime), ms. */
export const epoch = (iso: string): number => Date.parse(iso);

export interface ImageDef {
  repo: string;
  tag: string;
  size: number;
  config: ImageConfig;
  files: () => TreeSpec;
  programs: Record<string, Program>;
  /** Build date, for file times. */
  created?: string;
  /** Override the generated digest (real ones where known). */
  digest?: string;
}

export function defineImage(def: ImageDef): ImageEntry {
  let tree: DirNode | undefined;
  return {
    repo: def.repo,
    tag: def.tag,
    digest: def.digest ?? `sha256:${hex64(`digest ${def.repo}:${def.tag}`)}`,
    id: `sha256:${hex64(`config ${def.repo}:${def.tag}`)}`,
    size: def.size,
    config: def.config,
    rootfs: () => (tree ??= buildTree(def.files(), def.created ? epoch(def.created) : 0)),
    programs: def.programs,
  };
}

let lastPrefixSecond = -1;
let lastPrefix = '';

/** Go's log package default prefix: `2026/01/01 00:02:05 ` (cached per second). */
export function goLogPrefix(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec === lastPrefixSecond) return lastPrefix;
  lastPrefixSecond = sec;
  lastPrefix = formatGoLogPrefix(sec * 1000);
  return lastPrefix;
}

function formatGoLogPrefix(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} `;
}

export const PATH_DEFAULT = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const PATH_BUSYBOX = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The directories every Linux root has (the runtime mounts /proc, /sys, /dev over them). */
const ROOT_DIRS = ['/dev', '/proc', '/sys', '/etc', '/tmp', '/root', '/var', '/usr', '/home'];

export function dirs(...paths: string[]): TreeSpec {
  const out: TreeSpec = {};
  for (const p of paths) out[p] = { dir: true };
  return out;
}

const BUSYBOX_PASSWD = `root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
`;

const DEBIAN_PASSWD = `root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
bin:x:2:2:bin:/bin:/usr/sbin/nologin
sys:x:3:3:sys:/dev:/usr/sbin/nologin
sync:x:4:65534:sync:/bin:/bin/sync
games:x:5:60:games:/usr/games:/usr/sbin/nologin
man:x:6:12:man:/var/cache/man:/usr/sbin/nologin
lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin
mail:x:8:8:mail:/var/mail:/usr/sbin/nologin
news:x:9:9:news:/var/spool/news:/usr/sbin/nologin
uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin
proxy:x:13:13:proxy:/bin:/usr/sbin/nologin
www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
backup:x:34:34:backup:/var/backups:/usr/sbin/nologin
list:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin
irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin
_apt:x:42:65534::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
`;

/** The busybox applets the catalog implements (the binary has ~400; the others say "not found"). */
export const BUSYBOX_APPLETS = [
  '[',
  'basename',
  'cat',
  'chmod',
  'cp',
  'cut',
  'date',
  'df',
  'dirname',
  'du',
  'echo',
  'env',
  'expr',
  'false',
  'find',
  'free',
  'grep',
  'head',
  'hostname',
  'id',
  'ip',
  'ifconfig',
  'kill',
  'ln',
  'ls',
  'mkdir',
  'mount',
  'mv',
  'nc',
  'netstat',
  'nslookup',
  'ping',
  'printenv',
  'printf',
  'ps',
  'pwd',
  'rm',
  'rmdir',
  'sed',
  'seq',
  'sh',
  'sleep',
  'sort',
  'stat',
  'tail',
  'tee',
  'test',
  'top',
  'touch',
  'tr',
  'true',
  'uname',
  'uniq',
  'uptime',
  'vi',
  'wc',
  'wget',
  'which',
  'whoami',
  'xargs',
  'yes',
  'awk',
  'ash',
  'clear',
  'less',
  'more',
  'watch',
  'traceroute',
  'telnet',
  'chroot',
];

/** A busybox root: /bin/busybox plus one hard link per applet (they all run the `busybox` program). */
export function busyboxRoot(version: string, opts: { applets?: string[] } = {}): TreeSpec {
  const spec: TreeSpec = {
    ...dirs(...ROOT_DIRS, '/bin', '/lib', '/lib64', '/usr/sbin', '/var/spool/mail', '/var/www', '/home'),
    '/bin/busybox': { program: 'busybox', size: 1_131_168 },
    '/etc/passwd': BUSYBOX_PASSWD,
    '/etc/group':
      'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:root\nnogroup:x:65534:\n',
    '/etc/shadow': { data: 'root:*:10933:0:99999:7:::\n', mode: 0o600 },
    '/etc/localtime': { data: '', mode: 0o644 },
    '/etc/busybox-version': version,
  };
  for (const a of opts.applets ?? BUSYBOX_APPLETS)
    spec[`/bin/${a}`] = { program: 'busybox', size: 1_131_168 };
  return spec;
}

/** Debian/Ubuntu base files: dash as /bin/sh, bash, GNU coreutils. */
export function debianRoot(osRelease: string, coreutils: string[]): TreeSpec {
  const spec: TreeSpec = {
    ...dirs(
      ...ROOT_DIRS,
      '/boot',
      '/lib',
      '/lib64',
      '/media',
      '/mnt',
      '/opt',
      '/run',
      '/sbin',
      '/srv',
      '/usr/bin',
      '/usr/sbin',
      '/usr/lib',
      '/usr/local/bin',
      '/usr/share',
      '/var/log',
      '/var/lib',
      '/var/cache',
      '/var/tmp',
    ),
    '/bin': { link: 'usr/bin' },
    '/usr/bin/bash': { program: 'bash', size: 1_396_520 },
    '/usr/bin/dash': { program: 'dash', size: 125_640 },
    '/usr/bin/sh': { link: 'dash' },
    '/etc/passwd': DEBIAN_PASSWD,
    '/etc/group':
      'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwww-data:x:33:\nstaff:x:50:\nnogroup:x:65534:\n',
    '/etc/os-release': osRelease,
    '/etc/debian_version': osRelease.includes('Ubuntu') ? 'bookworm/sid\n' : '12.4\n',
    '/etc/bash.bashrc': '# System-wide .bashrc file for interactive bash(1) shells.\n',
    '/root/.bashrc': '# ~/.bashrc: executed by bash(1) for non-login shells.\n',
    '/root/.profile': '# ~/.profile: executed by Bourne-compatible login shells.\n',
  };
  for (const c of coreutils) spec[`/usr/bin/${c}`] = { program: `gnu:${c}`, size: 140_000 };
  return spec;
}

/** GNU tools present in every Debian/Ubuntu base image (no ps, curl, wget, ping, ip, vi …). */
export const DEBIAN_TOOLS = [
  'basename',
  'cat',
  'chmod',
  'cp',
  'cut',
  'date',
  'df',
  'dirname',
  'du',
  'echo',
  'env',
  'expr',
  'false',
  'find',
  'grep',
  'head',
  'hostname',
  'id',
  'kill',
  'ln',
  'ls',
  'mkdir',
  'mount',
  'mv',
  'printenv',
  'printf',
  'pwd',
  'rm',
  'rmdir',
  'sed',
  'seq',
  'sleep',
  'sort',
  'stat',
  'tail',
  'tee',
  'test',
  '[',
  'touch',
  'tr',
  'true',
  'uname',
  'uniq',
  'wc',
  'whoami',
  'xargs',
  'yes',
  'clear',
  'which',
  'more',
];
