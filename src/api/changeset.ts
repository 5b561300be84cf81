/**
 * The one change format (ARCHITECTURE.md §6). Every write to the API server's store produces
 * exactly one ChangeEntry. Watches, the worker→UI stream, lesson checks and the timeline all
 * consume these entries; nothing else describes "what changed".
 */
import type { KubeObject } from './types';

export type ChangeEntry =
  | { op: 'added'; time: number; resourceVersion: string; object: KubeObject }
  | { op: 'updated'; time: number; resourceVersion: string; from: KubeObject; to: KubeObject }
  | { op: 'removed'; time: number; resourceVersion: string; object: KubeObject };

/** A batch of consecutive entries, oldest first (e.g. everything one tick or one request wrote). */
export type ChangeSet = readonly ChangeEntry[];

/** The object an entry is about, as it is after the change (or as it was when removed). */
export function changedObject(entry: ChangeEntry): KubeObject {
  return entry.op === 'updated' ? entry.to : entry.object;
}
