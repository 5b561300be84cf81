/**
 * The image catalog: every image the simulated registries serve, by repository and tag. A pull
 * looks the reference up here; what is not here fails the way containerd fails:
 *  - a tag the repository does not have (hello-server 1.1 and 1.3): NotFound "…: not found";
 *  - a misspelt repository (`ngnix`): "pull access denied, repository does not exist …";
 *  - a registry that does not exist: the DNS error of the registry host;
 *  - any other real image: a clear "not in Breakfix's image catalog" (never a fake image).
 */
import { busyboxImages, curlImages, stressImages, ubuntuImages } from './busybox';
import { delayFailServerImages, helloServerImages } from './hello_server';
import { nginxImages } from './nginx';
import { normalizedName, repoOf, type ImageRef } from './reference';
import { systemImages } from './system';
import type { ImageEntry } from './types';

/** Registries the simulation knows (anything else fails to resolve). */
const KNOWN_REGISTRIES = new Set([
  'docker.io',
  'registry.k8s.io',
  'gcr.io',
  'ghcr.io',
  'quay.io',
  'mcr.microsoft.com',
  'public.ecr.aws',
  'k8s.gcr.io',
]);

export type ResolveError = { code: 'NotFound' | 'Unknown'; message: string };

function damerau(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

export class ImageCatalog {
  private readonly byName = new Map<string, ImageEntry>();
  private readonly repos = new Map<string, ImageEntry[]>();

  constructor(entries: ImageEntry[]) {
    for (const e of entries) this.add(e);
  }

  add(e: ImageEntry): void {
    this.byName.set(`${e.repo}:${e.tag}`, e);
    const list = this.repos.get(e.repo) ?? [];
    list.push(e);
    this.repos.set(e.repo, list);
  }

  /** All entries (for listings and tests). */
  entries(): ImageEntry[] {
    return [...this.byName.values()];
  }

  /** By fully qualified name `docker.io/library/nginx:1.25.3`. */
  get(name: string): ImageEntry | undefined {
    return this.byName.get(name);
  }

  /** What a registry answers for a reference: the image, or containerd's error text. */
  resolve(ref: ImageRef): ImageEntry | ResolveError {
    const name = normalizedName(ref);
    const repo = repoOf(ref);
    const prefix = `failed to pull and unpack image "${name}": failed to resolve reference "${name}": `;
    const tags = this.repos.get(repo);
    if (tags) {
      const hit = ref.digest
        ? tags.find((e) => e.digest === ref.digest)
        : this.byName.get(`${repo}:${ref.tag ?? 'latest'}`);
      if (hit) return hit;
      return { code: 'NotFound', message: `${prefix}${name}: not found` };
    }
    if (!KNOWN_REGISTRIES.has(ref.domain)) {
      const path = ref.path;
      const reference = ref.digest ?? ref.tag ?? 'latest';
      return {
        code: 'Unknown',
        message: `${prefix}failed to do request: Head "https://${ref.domain}/v2/${path}/manifests/${reference}": dial tcp: lookup ${ref.domain} on 172.18.0.1:53: no such host`,
      };
    }
    const short = ref.path.split('/').pop()!;
    const typo = [...this.repos.keys()].some((r) => {
      const other = r.split('/').pop()!;
      return other !== short && damerau(other, short) <= 2 && short.length >= 4;
    });
    if (typo)
      return {
        code: 'Unknown',
        message: `${prefix}pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
      };
    return {
      code: 'Unknown',
      message: `${prefix}image "${repo}" is not in Breakfix's image catalog (not simulated)`,
    };
  }
}

let defaultCatalog: ImageCatalog | undefined;

/** The catalog of the book's images, common images and a kind node's preloaded images. */
export function builtinCatalog(): ImageCatalog {
  return (defaultCatalog ??= new ImageCatalog([
    ...helloServerImages(),
    ...delayFailServerImages(),
    ...nginxImages(),
    ...busyboxImages(),
    ...ubuntuImages(),
    ...curlImages(),
    ...stressImages(),
    ...systemImages(),
  ]));
}
