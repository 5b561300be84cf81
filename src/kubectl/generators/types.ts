/**
 * What every `kubectl create <generator>` needs besides its own flags.
 *
 * The generators are pure: they turn options into the typed object kubectl would send, or fail
 * with the exact message the real kubectl prints after `error: `. They never talk to the server;
 * the command in `commands/create.ts` decides whether to POST (`--dry-run=none|server`) or only
 * print (`--dry-run=client`).
 */
import type { FileSystem } from '../../api/io';
import type { KubeObject } from '../../api/types';

export interface GeneratorEnv {
  /** Files for --from-file, --from-env-file, --cert, --key. */
  fs: FileSystem;
  /** Environment, for env-file lines without `=` (kubectl reads os.Getenv). */
  env: Record<string, string>;
  /**
   * The namespace to write into metadata.namespace: set only when the user gave `-n` (kubectl's
   * EnforceNamespace); generators otherwise leave the namespace out, as the real ones do.
   */
  enforcedNamespace?: string;
  /**
   * Random lowercase suffixes (utilrand.String): `kubectl create deployment` uses one for a
   * container name made from an image like `my_app`. The command passes a seeded source.
   */
  randomString(n: number): string;
}

/** A generator failure: kubectl prints `error: <message>` and exits 1. */
export class GeneratorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorError';
  }
}

export type Generated = KubeObject;
