/**
 * Per-kind behaviour of the API server, as the real apiserver's "registry strategies" do it
 * (pkg/registry/<group>/<resource>/strategy.go): defaulting (SetDefaults_*), PrepareForCreate /
 * PrepareForUpdate (status is reset on create, spec changes bump generation …), and validation
 * (pkg/apis/<group>/validation). Admission runs: decode → default → prepare → validate.
 */
import type { KubeObject } from '../../api/types';
import type { FieldError } from '../../apimachinery/field';

export interface StrategyContext {
  /** Simulated time in ms. */
  now: number;
  /** Read another object (e.g. a namespace, a PriorityClass) — read-only. */
  get(resource: string, group: string, namespace: string | undefined, name: string): KubeObject | undefined;
}

export interface KindStrategy {
  /** Fill defaults in place (SetDefaults_<Kind> of the served version). */
  default?(obj: KubeObject, ctx: StrategyContext): void;
  /**
   * The kind's own part of PrepareForCreate, run after the generic preparation (system fields
   * such as metadata.uid set, status reset) and before validation: e.g. the Pod's
   * status.qosClass, the Job's generated selector and labels (which need metadata.uid).
   */
  prepareForCreate?(obj: KubeObject, ctx: StrategyContext): void;
  /** The kind's own part of PrepareForUpdate, after the generic one and before validation. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): void;
  /** Validation on create; an empty list means valid. */
  validate?(obj: KubeObject, ctx: StrategyContext): FieldError[];
  /**
   * Validation on update: the kind's whole `ValidateUpdate` (metadata update rules, the object
   * re-validated, immutable fields). When present it replaces `validate` on update, as upstream's
   * strategies do (calling both would report every spec error twice).
   */
  validateUpdate?(obj: KubeObject, old: KubeObject, ctx: StrategyContext): FieldError[];
  /**
   * Whether the object has a status subresource: then writes to the main resource ignore
   * `status`, and writes to `/status` ignore everything but status (and metadata labels/annotations).
   */
  hasStatus?: boolean;
}

/** Keyed by `<group>/<Kind>`, with the core group empty: `/Pod`, `apps/Deployment`, `batch/Job`. */
export type StrategyTable = Record<string, KindStrategy>;

export const strategyKey = (group: string, kind: string): string => `${group}/${kind}`;
