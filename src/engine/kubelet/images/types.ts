/**
 * What an image is in the catalog: its identity (repository, tag, digests, size), its OCI config
 * (entrypoint, cmd, env, user, workdir, stop signal) and its root filesystem, whose executables
 * name the TypeScript programs that run when the container (or an exec) starts them.
 */
import type { DirNode } from '../runtime/fs';
import type { Program } from '../runtime/process';

export interface ImageConfig {
  entrypoint?: string[];
  cmd?: string[];
  /** `KEY=value` strings, as in the OCI config. */
  env: string[];
  workingDir?: string;
  /** `uid`, `uid:gid` or a user name from /etc/passwd. */
  user?: string;
  /** STOPSIGNAL (nginx: SIGQUIT): what the runtime sends on StopContainer. */
  stopSignal?: string;
  exposedPorts?: string[];
}

export interface ImageEntry {
  /** Fully qualified repository: `docker.io/library/nginx`. */
  repo: string;
  tag: string;
  /** Repository digest: `sha256:…` (what imageID shows after `@`). */
  digest: string;
  /** Image ID (config digest): `sha256:…`. */
  id: string;
  /** Size in bytes, as containerd reports it (the kubelet's "Image size: N bytes"). */
  size: number;
  config: ImageConfig;
  /** The root filesystem, built once and shared by every container of the image. */
  rootfs(): DirNode;
  /** Programs the executables of the rootfs refer to (`busybox`, `nginx`, `sh` …). */
  programs: Record<string, Program>;
}

/** `docker.io/library/nginx:1.25.3` */
export const imageName = (e: Pick<ImageEntry, 'repo' | 'tag'>): string => `${e.repo}:${e.tag}`;
