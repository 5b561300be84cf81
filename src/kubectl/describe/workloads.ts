/**
 * Describers of the workload controllers: Deployment, ReplicaSet, DaemonSet, StatefulSet, Job and
 * CronJob (describe.go), with the pods and ReplicaSets they look up.
 */
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1';
import type { CronJob, Job, JobTemplateSpec } from 'kubernetes-types/batch/v1';
import type { Event, Pod } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../api/types';
import type { DescribeClient } from './client';
import { describePodTemplate } from './containers';
import { describeEvents, searchEvents } from './events';
import { humanDuration } from '../../apimachinery/duration';
import {
  compareStrings,
  formatLabelSelector,
  formatLabels,
  formatRFC1123Z,
  intOrString,
  labelSelectorString,
  parseTime,
  printAnnotationsMultiline,
  printBoolPtr,
  printController,
  printLabelsMultiline,
} from './helpers';
import type { DescribeSettings } from './types';
import { LEVEL_0, LEVEL_1, tabbedStringSync, type PrefixWriter } from './writer';

/** The event reference of a typed object (reference.GetReference). */
const refOf = (kind: string, o: KubeObject | { metadata?: KubeObject['metadata'] }) => ({
  kind,
  name: o.metadata?.name ?? '',
  namespace: o.metadata?.namespace,
  uid: o.metadata?.uid,
});

/** `labels.Selector` printed with %s: an invalid selector cannot get this far (the describer errors). */
function selectorOrError(sel: Parameters<typeof labelSelectorString>[0]): string {
  const s = labelSelectorString(sel);
  if (s === undefined) throw new Error('invalid label selector');
  return s;
}

interface PodPhaseCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** getPodStatusForController: pods matching the selector and controlled by `uid`, by phase. */
async function getPodStatusForController(
  client: DescribeClient,
  namespace: string,
  selector: string,
  uid: string | undefined,
): Promise<PodPhaseCounts> {
  const pods = await client.list<Pod>('v1', 'pods', namespace, selector ? { labelSelector: selector } : {});
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const ref = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    if (!ref || ref.uid !== uid) continue;
    switch (pod.status?.phase) {
      case 'Running':
        counts.running++;
        break;
      case 'Pending':
        counts.waiting++;
        break;
      case 'Succeeded':
        counts.succeeded++;
        break;
      case 'Failed':
        counts.failed++;
        break;
    }
  }
  return counts;
}

const podsStatusLine = (c: PodPhaseCounts): string =>
  `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;

function conditionsTable(
  w: PrefixWriter,
  conditions: { type: string; status: string; reason?: string }[] | undefined,
): void {
  if ((conditions ?? []).length === 0) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions ?? []) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

// ---- Deployment ------------------------------------------------------------------------------

/** apiequality.Semantic.DeepEqual for JSON values: nil and empty slices/maps are equal. */
function semanticEqual(a: unknown, b: unknown): boolean {
  const empty = (v: unknown): boolean =>
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
  if (empty(a) && empty(b)) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => semanticEqual(x, b[i]));
  if (
    typeof a === 'object' &&
    a !== null &&
    typeof b === 'object' &&
    b !== null &&
    !Array.isArray(a) &&
    !Array.isArray(b)
  ) {
    const ra = a as Record<string, unknown>;
    const rb = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
    for (const k of keys) if (!semanticEqual(ra[k], rb[k])) return false;
    return true;
  }
  return a === b;
}

/** deploymentutil.EqualIgnoreHash: templates equal once the pod-template-hash label is dropped. */
function equalIgnoreHash(a: unknown, b: unknown): boolean {
  const strip = (t: unknown): unknown => {
    const copy = structuredClone(t) as { metadata?: { labels?: Record<string, string> } } | undefined;
    if (copy?.metadata?.labels) delete copy.metadata.labels['pod-template-hash'];
    return copy;
  };
  return semanticEqual(strip(a), strip(b));
}

/**
 * deploymentutil.GetAllReplicaSetsInChunks: the ReplicaSets the Deployment controls, sorted by
 * creation time (then name); the new one is the oldest whose template matches, all others are old.
 */
async function getAllReplicaSets(
  client: DescribeClient,
  d: Deployment,
): Promise<{ old: ReplicaSet[]; new?: ReplicaSet }> {
  const selector = labelSelectorString(d.spec?.selector) ?? '';
  const list = await client.list<ReplicaSet>(
    'apps/v1',
    'replicasets',
    d.metadata?.namespace,
    selector ? { labelSelector: selector } : {},
  );
  const owned = list.filter((rs) =>
    (rs.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === d.metadata?.uid),
  );
  owned.sort((a, b) => {
    const ta = parseTime(a.metadata?.creationTimestamp) ?? 0;
    const tb = parseTime(b.metadata?.creationTimestamp) ?? 0;
    return ta === tb ? compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? '') : ta - tb;
  });
  const newRS = owned.find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
  return { old: owned.filter((rs) => rs !== newRS), new: newRS };
}

function printReplicaSetsByLabels(list: ReplicaSet[]): string {
  const s = list
    .map(
      (rs) =>
        `${rs.metadata?.name ?? ''} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`,
    )
    .join(', ');
  return s === '' ? '<none>' : s;
}

export async function describeDeploymentByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const d = await client.get<Deployment>('apps/v1', 'deployments', namespace, name);
  const events = settings.showEvents ? await searchEvents(client, refOf('Deployment', d)) : undefined;
  let oldRSs: ReplicaSet[] = [];
  let newRSs: ReplicaSet[] = [];
  try {
    const all = await getAllReplicaSets(client, d);
    oldRSs = all.old;
    if (all.new) newRSs = [all.new];
  } catch {
    // describe ignores errors listing ReplicaSets
  }
  return describeDeployment(d, oldRSs, newRSs, events, settings.now);
}

export function describeDeployment(
  d: Deployment,
  oldRSs: ReplicaSet[],
  newRSs: ReplicaSet[],
  events: Event[] | undefined,
  now: number,
): string {
  const selector = selectorOrError(d.spec?.selector);
  return tabbedStringSync((w) => {
    const status = d.status ?? {};
    w.write(LEVEL_0, `Name:\t${d.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${d.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(d.metadata?.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', d.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', d.metadata?.annotations);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${d.spec?.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${d.spec?.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${d.spec?.minReadySeconds ?? 0}\n`);
    const ru = d.spec?.strategy?.rollingUpdate;
    if (ru) {
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    }
    describePodTemplate(d.spec?.template, w);
    conditionsTable(w, status.conditions);
    if (oldRSs.length > 0 || newRSs.length > 0) {
      w.write(LEVEL_0, `OldReplicaSets:\t${printReplicaSetsByLabels(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${printReplicaSetsByLabels(newRSs)}\n`);
    }
    if (events) describeEvents(events, w, now);
  });
}

// ---- ReplicaSet ------------------------------------------------------------------------------

export async function describeReplicaSetByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const rs = await client.get<ReplicaSet>('apps/v1', 'replicasets', namespace, name);
  const selector = selectorOrError(rs.spec?.selector);
  let counts: PodPhaseCounts | undefined;
  let podErr: Error | undefined;
  try {
    counts = await getPodStatusForController(client, namespace, selector, rs.metadata?.uid);
  } catch (e) {
    podErr = e as Error;
  }
  const events = settings.showEvents ? await searchEvents(client, refOf('ReplicaSet', rs)) : undefined;
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${rs.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${rs.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', rs.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', rs.metadata?.annotations);
    const controlledBy = printController(rs.metadata?.ownerReferences);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    if (podErr || !counts) w.write(LEVEL_0, `error in fetching pods: ${podErr?.message ?? ''}\n`);
    else w.write(LEVEL_0, `${podsStatusLine(counts)}\n`);
    describePodTemplate(rs.spec?.template, w);
    conditionsTable(w, rs.status?.conditions);
    if (events) describeEvents(events, w, settings.now);
  });
}

// ---- DaemonSet / StatefulSet -----------------------------------------------------------------

export async function describeDaemonSetByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const ds = await client.get<DaemonSet>('apps/v1', 'daemonsets', namespace, name);
  const selector = selectorOrError(ds.spec?.selector);
  const counts = await getPodStatusForController(client, namespace, selector, ds.metadata?.uid);
  const events = settings.showEvents ? await searchEvents(client, refOf('DaemonSet', ds)) : undefined;
  return tabbedStringSync((w) => {
    const s = ds.status;
    // kubectl v1.32 prints no Namespace line for DaemonSets (added in later releases).
    w.write(LEVEL_0, `Name:\t${ds.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', ds.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ds.metadata?.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${s?.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${s?.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${s?.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${s?.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${s?.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(ds.spec?.template, w);
    if (events) describeEvents(events, w, settings.now);
  });
}

export async function describeStatefulSetByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const ss = await client.get<StatefulSet>('apps/v1', 'statefulsets', namespace, name);
  const selector = selectorOrError(ss.spec?.selector);
  const counts = await getPodStatusForController(client, namespace, selector, ss.metadata?.uid);
  const events = settings.showEvents ? await searchEvents(client, refOf('StatefulSet', ss)) : undefined;
  return tabbedStringSync((w) => {
    w.write(LEVEL_0, `Name:\t${ss.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ss.metadata?.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${formatRFC1123Z(ss.metadata?.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', ss.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', ss.metadata?.annotations);
    w.write(LEVEL_0, `Replicas:\t${ss.spec?.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${ss.spec?.updateStrategy?.type ?? ''}\n`);
    const ru = ss.spec?.updateStrategy?.rollingUpdate;
    if (ru && typeof ru.partition === 'number') {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable != null) w.write(LEVEL_1, `MaxUnavailable:\t${intOrString(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatusLine(counts)}\n`);
    describePodTemplate(ss.spec?.template, w);
    const templates = ss.spec?.volumeClaimTemplates ?? [];
    if (templates.length === 0) {
      w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    } else {
      w.write(LEVEL_0, 'Volume Claims:\n');
      for (const pvc of templates) {
        w.write(LEVEL_1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
        w.write(LEVEL_1, `StorageClass:\t${pvc.spec?.storageClassName ?? ''}\n`);
        printLabelsMultiline(w, '  Labels', pvc.metadata?.labels);
        printLabelsMultiline(w, '  Annotations', pvc.metadata?.annotations);
        const cap = pvc.spec?.resources?.requests?.storage;
        w.write(LEVEL_1, `Capacity:\t${cap !== undefined ? String(cap) : '<default>'}\n`);
        w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
      }
    }
    if (events) describeEvents(events, w, settings.now);
  });
}

// ---- Job / CronJob ---------------------------------------------------------------------------

/** capIndexesListOrNone: the completed-indexes list cut after about 50 characters. */
function capIndexesListOrNone(indexes: string | undefined, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  for (; ix < indexes.length; ix++) if (indexes[ix] === ',') break;
  if (ix >= indexes.length) return indexes;
  return indexes.slice(0, ix + 1) + '...';
}

export async function describeJobByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const job = await client.get<Job>('batch/v1', 'jobs', namespace, name);
  const events = settings.showEvents ? await searchEvents(client, refOf('Job', job)) : undefined;
  return describeJob(job, events, settings.now);
}

export function describeJob(job: Job, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    const spec = job.spec;
    const status = job.status ?? {};
    w.write(LEVEL_0, `Name:\t${job.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${job.metadata?.namespace ?? ''}\n`);
    const selector = labelSelectorString(spec?.selector);
    if (selector !== undefined) w.write(LEVEL_0, `Selector:\t${selector}\n`);
    else w.write(LEVEL_0, 'Selector:\tFailed to get selector: invalid label selector\n');
    printLabelsMultiline(w, 'Labels', job.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', job.metadata?.annotations);
    const controlledBy = printController(job.metadata?.ownerReferences);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (typeof spec?.parallelism === 'number') w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    if (typeof spec?.completions === 'number') w.write(LEVEL_0, `Completions:\t${spec.completions}\n`);
    else w.write(LEVEL_0, 'Completions:\t<unset>\n');
    if (spec?.completionMode) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (typeof spec?.suspend === 'boolean') w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (typeof spec?.backoffLimit === 'number') w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (typeof spec?.ttlSecondsAfterFinished === 'number')
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${formatRFC1123Z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${formatRFC1123Z(status.completionTime)}\n`);
    const start = parseTime(status.startTime);
    const done = parseTime(status.completionTime);
    if (start !== undefined && done !== undefined)
      w.write(LEVEL_0, `Duration:\t${humanDuration(done - start)}\n`);
    if (typeof spec?.activeDeadlineSeconds === 'number')
      w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const active = status.active ?? 0;
    const succeeded = status.succeeded ?? 0;
    const failed = status.failed ?? 0;
    if (typeof status.ready !== 'number') {
      w.write(LEVEL_0, `Pods Statuses:\t${active} Active / ${succeeded} Succeeded / ${failed} Failed\n`);
    } else {
      w.write(
        LEVEL_0,
        `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${succeeded} Succeeded / ${failed} Failed\n`,
      );
    }
    if (spec?.completionMode === 'Indexed') {
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes, 50)}\n`);
    }
    describePodTemplate(spec?.template, w);
    if (events) describeEvents(events, w, now);
  });
}

function describeJobTemplate(t: JobTemplateSpec | undefined, w: PrefixWriter): void {
  const spec = t?.spec;
  if (spec?.selector) {
    const s = labelSelectorString(spec.selector);
    w.write(
      LEVEL_0,
      s !== undefined ? `Selector:\t${s}\n` : 'Selector:\tFailed to get selector: invalid label selector\n',
    );
  } else {
    w.write(LEVEL_0, 'Selector:\t<unset>\n');
  }
  w.write(LEVEL_0, `Parallelism:\t${typeof spec?.parallelism === 'number' ? spec.parallelism : '<unset>'}\n`);
  w.write(LEVEL_0, `Completions:\t${typeof spec?.completions === 'number' ? spec.completions : '<unset>'}\n`);
  if (typeof spec?.activeDeadlineSeconds === 'number')
    w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  describePodTemplate(spec?.template, w);
}

export async function describeCronJobByName(
  client: DescribeClient,
  namespace: string,
  name: string,
  settings: DescribeSettings,
): Promise<string> {
  const cj = await client.get<CronJob>('batch/v1', 'cronjobs', namespace, name);
  const events = settings.showEvents ? await searchEvents(client, refOf('CronJob', cj)) : undefined;
  return describeCronJob(cj, events, settings.now);
}

export function describeCronJob(cj: CronJob, events: Event[] | undefined, now: number): string {
  return tabbedStringSync((w) => {
    const spec = cj.spec;
    w.write(LEVEL_0, `Name:\t${cj.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cj.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cj.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', cj.metadata?.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec?.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec?.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec?.suspend)}\n`);
    const hist = (v: number | undefined): string => (typeof v === 'number' ? String(v) : '<unset>');
    w.write(LEVEL_0, `Successful Job History Limit:\t${hist(spec?.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${hist(spec?.failedJobsHistoryLimit)}\n`);
    w.write(
      LEVEL_0,
      `Starting Deadline Seconds:\t${typeof spec?.startingDeadlineSeconds === 'number' ? `${spec.startingDeadlineSeconds}s` : '<unset>'}\n`,
    );
    describeJobTemplate(spec?.jobTemplate, w);
    if (cj.status?.lastScheduleTime) {
      w.write(LEVEL_0, `Last Schedule Time:\t${formatRFC1123Z(cj.status.lastScheduleTime)}\n`);
    } else {
      w.write(LEVEL_0, 'Last Schedule Time:\t<unset>\n');
    }
    // printActiveJobs
    w.write(LEVEL_0, 'Active Jobs:\t');
    const active = cj.status?.active ?? [];
    if (active.length === 0) w.writeLine('<none>');
    else {
      active.forEach((j, i) => {
        if (i !== 0) w.write(LEVEL_0, ', ');
        w.write(LEVEL_0, j.name ?? '');
      });
      w.writeLine('');
    }
    if (events) describeEvents(events, w, now);
  });
}
