/**
 * The status conditions the namespace controller keeps on a terminating namespace
 * (pkg/controller/namespace/deletion/status_condition_utils.go). `kubectl describe ns` shows them
 * and they explain why a namespace is stuck in Terminating ("Some resources are remaining: …").
 * Every condition type is always present: `False` with an "all good" reason, or `True` with
 * what went wrong.
 */
import { rfc3339 } from '../framework/objects';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export const NamespaceDeletionDiscoveryFailure = 'NamespaceDeletionDiscoveryFailure';
export const NamespaceDeletionGVParsingFailure = 'NamespaceDeletionGroupVersionParsingFailure';
export const NamespaceDeletionContentFailure = 'NamespaceDeletionContentFailure';
export const NamespaceContentRemaining = 'NamespaceContentRemaining';
export const NamespaceFinalizersRemaining = 'NamespaceFinalizersRemaining';

/** The condition types maintained by the deleter, in the order they are added to the status. */
const CONDITION_TYPES = [
  NamespaceDeletionDiscoveryFailure,
  NamespaceDeletionGVParsingFailure,
  NamespaceDeletionContentFailure,
  NamespaceContentRemaining,
  NamespaceFinalizersRemaining,
];

const OK_MESSAGES: Record<string, string> = {
  [NamespaceDeletionDiscoveryFailure]: 'All resources successfully discovered',
  [NamespaceDeletionGVParsingFailure]: 'All legacy kube types successfully parsed',
  [NamespaceDeletionContentFailure]: 'All content successfully deleted, may be waiting on finalization',
  [NamespaceContentRemaining]: 'All content successfully removed',
  [NamespaceFinalizersRemaining]: 'All content successfully removed',
};

const OK_REASONS: Record<string, string> = {
  [NamespaceDeletionDiscoveryFailure]: 'ResourcesDiscovered',
  [NamespaceDeletionGVParsingFailure]: 'ParsedGroupVersions',
  [NamespaceDeletionContentFailure]: 'ContentDeleted',
  [NamespaceContentRemaining]: 'ContentRemoved',
  [NamespaceFinalizersRemaining]: 'ContentRemoved',
};

/** Collects what happened during one deletion pass and turns it into conditions. */
export class NamespaceConditionUpdater {
  private newConditions: NamespaceCondition[] = [];
  private deleteContentErrors: string[] = [];

  constructor(private readonly now: number) {}

  processDiscoverResourcesErr(failed: Map<string, string>): void {
    const detail = [...failed].map(([gv, e]) => `${gv}: ${e}`).join(', ');
    this.newConditions.push({
      type: NamespaceDeletionDiscoveryFailure,
      status: 'True',
      lastTransitionTime: rfc3339(this.now),
      reason: 'DiscoveryFailed',
      message: `Discovery failed for some groups, ${failed.size} failing: unable to retrieve the complete list of server APIs: ${detail}`,
    });
  }

  processDeleteContentErr(message: string): void {
    this.deleteContentErrors.push(message);
  }

  /** NamespaceContentRemaining / NamespaceFinalizersRemaining from what is left. */
  processContentTotals(
    gvrToNumRemaining: Map<string, number>,
    finalizersToNumRemaining: Map<string, number>,
  ): void {
    if (gvrToNumRemaining.size > 0) {
      const remaining = [...gvrToNumRemaining]
        .filter(([, n]) => n > 0)
        .map(([gr, n]) => `${gr} has ${n} resource instances`)
        .sort();
      this.newConditions.push({
        type: NamespaceContentRemaining,
        status: 'True',
        lastTransitionTime: rfc3339(this.now),
        reason: 'SomeResourcesRemain',
        message: `Some resources are remaining: ${remaining.join(', ')}`,
      });
    }
    if (finalizersToNumRemaining.size > 0) {
      const remaining = [...finalizersToNumRemaining]
        .filter(([, n]) => n > 0)
        .map(([f, n]) => `${f} in ${n} resource instances`)
        .sort();
      this.newConditions.push({
        type: NamespaceFinalizersRemaining,
        status: 'True',
        lastTransitionTime: rfc3339(this.now),
        reason: 'SomeFinalizerRemain',
        message: `Some finalizers are remaining: ${remaining.join(', ')}`,
      });
    }
  }

  /** Merge into `conditions` (changed in place); true when anything changed. */
  update(conditions: NamespaceCondition[]): boolean {
    if (
      !this.newConditions.some((c) => c.type === NamespaceDeletionContentFailure) &&
      this.deleteContentErrors.length > 0
    ) {
      const msgs = [...this.deleteContentErrors].sort();
      this.newConditions.push({
        type: NamespaceDeletionContentFailure,
        status: 'True',
        lastTransitionTime: rfc3339(this.now),
        reason: 'ContentDeletionFailed',
        message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
      });
    }
    let changed = false;
    for (const type of CONDITION_TYPES) {
      const next = this.newConditions.find((c) => c.type === type) ?? {
        type,
        status: 'False' as const,
        lastTransitionTime: rfc3339(this.now),
        reason: OK_REASONS[type],
        message: OK_MESSAGES[type],
      };
      const old = conditions.find((c) => c.type === type);
      if (!old) {
        conditions.push(next);
        changed = true;
      } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
        if (old.status !== next.status) old.lastTransitionTime = rfc3339(this.now);
        old.status = next.status;
        old.reason = next.reason;
        old.message = next.message;
        changed = true;
      }
    }
    return changed;
  }
}
