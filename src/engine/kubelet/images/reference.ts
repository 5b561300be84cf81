/**
 * Image references (distribution/reference, as containerd and the kubelet parse them):
 * `nginx` → `docker.io/library/nginx:latest`, `blux2/hello-server:1.1` →
 * `docker.io/blux2/hello-server:1.1`, `registry.k8s.io/pause:3.10` stays as it is.
 */

export interface ImageRef {
  /** `docker.io`, `registry.k8s.io` … */
  domain: string;
  /** `library/nginx`, `blux2/hello-server` */
  path: string;
  tag?: string;
  digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;

export class ReferenceError extends Error {}

/** ParseNormalizedNamed: errors carry distribution's messages (`invalid reference format` …). */
export function parseReference(image: string): ImageRef {
  if (image === '') throw new ReferenceError('invalid reference format');
  let rest = image;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw new ReferenceError('invalid reference format');
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw new ReferenceError('invalid reference format');
  }
  let domain = 'docker.io';
  let path = rest;
  const first = rest.indexOf('/');
  if (first >= 0) {
    const d = rest.slice(0, first);
    if (d.includes('.') || d.includes(':') || d === 'localhost' || d !== d.toLowerCase()) {
      domain = d;
      path = rest.slice(first + 1);
    }
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !path.includes('/')) path = `library/${path}`;
  for (const c of path.split('/')) {
    if (!COMPONENT.test(c)) {
      if (c.toLowerCase() !== c && COMPONENT.test(c.toLowerCase()))
        throw new ReferenceError(`invalid reference format: repository name (${path}) must be lowercase`);
      throw new ReferenceError('invalid reference format');
    }
  }
  if (image.length > 255)
    throw new ReferenceError(
      'invalid reference format: repository name must not be more than 255 characters',
    );
  return { domain, path, tag, digest };
}

/** `docker.io/library/nginx` */
export const repoOf = (r: ImageRef): string => `${r.domain}/${r.path}`;

/** The normalized name with the default tag applied: `docker.io/library/nginx:latest`. */
export function normalizedName(r: ImageRef): string {
  if (r.digest) return `${repoOf(r)}@${r.digest}`;
  return `${repoOf(r)}:${r.tag ?? 'latest'}`;
}

/**
 * The kubelet's applyDefaultImageTag: an image without tag or digest gets `:latest`. Its error
 * is what the `InspectFailed` event shows.
 */
export function applyDefaultImageTag(image: string): string {
  let ref: ImageRef;
  try {
    ref = parseReference(image);
  } catch (e) {
    throw new ReferenceError(`couldn't parse image name "${image}": ${(e as Error).message}`);
  }
  if (!ref.tag && !ref.digest) return `${image}:latest`;
  return image;
}
