/**
 * What a check gets to look at the cluster with, and what it answers.
 */
import type { KubeClient } from '../../api/client';
import type { ResourceMapper } from '../resources';
import type { CheckKind, HttpFrom, Text } from '../types';

/** A command the learner ran, as the host recorded it. */
export interface RecordedCommand {
  /** The line as typed (heredocs included). */
  line: string;
  /** Simulated time when it was run. */
  time: number;
  /** Exit status, when the host knows it. */
  status?: number;
  /** Index of the lesson step that was current when it ran. */
  step: number;
}

export interface HttpProbeRequest {
  from: HttpFrom;
  url: string;
  method: string;
}

/** What came back: a response, or a failure as curl would describe it. */
export type HttpProbeResult =
  | { ok: true; status: number; body: string }
  | { ok: false; error: string };

/** Makes an HTTP request inside the simulated network (provided by the host; see LessonHost). */
export type HttpProbe = (req: HttpProbeRequest) => Promise<HttpProbeResult>;

export interface CheckContext {
  client: KubeClient;
  mapper: ResourceMapper;
  /** Namespace for checks that name none. */
  namespace: string;
  now(): number;
  /** Index of the current step. */
  stepIndex: number;
  /** Simulated time when the current step and the lesson started. */
  stepStartedAt: number;
  lessonStartedAt: number;
  /** Commands the learner ran during the lesson, oldest first. */
  commands: readonly RecordedCommand[];
  http?: HttpProbe;
}

export interface CheckResult {
  check: CheckKind;
  passed: boolean;
  /** The checklist line. */
  title: Text;
  /** When failed: what is still wrong. */
  detail?: Text;
  /** all / any / not: the results of the inner checks. */
  children?: CheckResult[];
}

export const text = (en: string, ja: string): Text => ({ ja, en });

/** "1 Pod", "3 Pods" (Japanese has no plural). */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Go-like quoting for values in messages. */
export const q = (s: string): string => JSON.stringify(s);
