/**
 * The typed, versioned protocol between the UI (main thread) and the worker that runs the
 * session (engine + shells). Commands go in as requests; output and state come out as events.
 */
import type { ChangeSet } from '../api/changeset';
import type { KubeObject } from '../api/types';

export const PROTOCOL_VERSION = 1;

export type ToWorker =
  | { v: 1; type: 'init'; seed: number; preset: 'kind' | 'multinode' }
  | { v: 1; type: 'run'; tab: string; id: number; text: string }
  | { v: 1; type: 'interrupt'; tab: string }
  | { v: 1; type: 'setSpeed'; speed: number };

export type FromWorker =
  | { v: 1; type: 'ready'; now: number; objects: KubeObject[] }
  | { v: 1; type: 'output'; tab: string; id: number; text: string }
  | { v: 1; type: 'done'; tab: string; id: number; status: number }
  | { v: 1; type: 'clear'; tab: string }
  | { v: 1; type: 'tick'; now: number; changes: ChangeSet };
