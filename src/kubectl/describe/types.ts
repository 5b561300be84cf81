/**
 * The describer contract: like describe.ResourceDescriber, a describer fetches what it needs
 * through the client and returns the formatted text.
 */
import type { DescribeClient } from './client';

/** describe.DescriberSettings, plus the simulated time ages are measured from. */
export interface DescribeSettings {
  /** --show-events (default true). */
  showEvents: boolean;
  /** Simulated time in ms since the epoch (what time.Since reads in kubectl). */
  now: number;
}

/** Describe the object `name` in `namespace` ('' for cluster-scoped kinds). */
export type Describer = (
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
) => Promise<string>;
