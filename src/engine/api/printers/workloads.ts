/**
 * Printers for the workload kinds (apps/v1 and batch/v1), as printers.go registers them.
 */
import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-types/apps/v1';
import type { CronJob, Job } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../../api/types';
import { DOC } from './descriptions';
import {
  formatLabelSelector,
  formatLabels,
  int,
  labelSelectorString,
  layoutContainerCells,
  parseTime,
  printBoolPtr,
  translateTimestampSince,
} from './format';
import { humanDuration } from '../../../apimachinery/duration';
import { col, type Printer } from './types';

const NAME = col('Name', 'string', DOC.name, 0, 'name');
const AGE = col('Age', 'string', DOC.creationTimestamp);
const CONTAINERS = col('Containers', 'string', 'Names of each container in the template.', 1);
const IMAGES = col('Images', 'string', 'Images referenced by each container in the template.', 1);

const age = (o: KubeObject, now: number): string =>
  translateTimestampSince(o.metadata.creationTimestamp, now);

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'string', DOC.deployUpdated),
    col('Available', 'string', DOC.deployAvailable),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', DOC.deploySelector, 1),
  ],
  print: (o, now) => {
    const d = o as unknown as Deployment;
    const [names, images] = layoutContainerCells(d.spec?.template?.spec?.containers);
    // selector.String(): an empty selector prints as "", an invalid one as <invalid>
    const selector = labelSelectorString(d.spec?.selector) ?? '<invalid>';
    return {
      cells: [
        o.metadata.name ?? '',
        `${int(d.status?.readyReplicas)}/${int(d.spec?.replicas)}`,
        int(d.status?.updatedReplicas),
        int(d.status?.availableReplicas),
        age(o, now),
        names,
        images,
        selector,
      ],
    };
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', DOC.rsReplicas),
    col('Current', 'integer', DOC.rsStatusReplicas),
    col('Ready', 'integer', DOC.rsReadyReplicas),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', DOC.rsSelector, 1),
  ],
  print: (o, now) => {
    const rs = o as unknown as ReplicaSet;
    const [names, images] = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        int(rs.spec?.replicas),
        int(rs.status?.replicas),
        int(rs.status?.readyReplicas),
        age(o, now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ],
    };
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    col('Desired', 'integer', DOC.dsDesired),
    col('Current', 'integer', DOC.dsCurrent),
    col('Ready', 'integer', DOC.dsReady),
    col('Up-to-date', 'integer', DOC.dsUpdated),
    col('Available', 'integer', DOC.dsAvailable),
    col('Node Selector', 'string', DOC.nodeSelector),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', DOC.dsSelector, 1),
  ],
  print: (o, now) => {
    const ds = o as unknown as DaemonSet;
    const [names, images] = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        int(ds.status?.desiredNumberScheduled),
        int(ds.status?.currentNumberScheduled),
        int(ds.status?.numberReady),
        int(ds.status?.updatedNumberScheduled),
        int(ds.status?.numberAvailable),
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(o, now),
        names,
        images,
        formatLabelSelector(ds.spec?.selector),
      ],
    };
  },
};

export const statefulSetPrinter: Printer = {
  columns: [NAME, col('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  print: (o, now) => {
    const ss = o as unknown as StatefulSet;
    const [names, images] = layoutContainerCells(ss.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        `${int(ss.status?.readyReplicas)}/${int(ss.spec?.replicas)}`,
        age(o, now),
        names,
        images,
      ],
    };
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME,
    col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'string', DOC.crRevision),
    AGE,
  ],
  print: (o, now) => {
    const cr = o as unknown as ControllerRevision;
    const ref = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
    let controller = '<none>';
    if (ref) {
      // formatResourceName(gvk.GroupKind(), name, true): lower-cased `kind.group/name`
      const slash = ref.apiVersion.indexOf('/');
      const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : '';
      const gk = group ? `${ref.kind}.${group}` : ref.kind;
      controller = `${gk.toLowerCase()}/${ref.name}`;
    }
    return { cells: [o.metadata.name ?? '', controller, int(cr.revision), age(o, now)] };
  },
};

function hasJobCondition(job: Job, type: string): boolean {
  const c = (job.status?.conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

export const jobPrinter: Printer = {
  columns: [
    NAME,
    col('Status', 'string', 'Status of the job.'),
    col('Completions', 'string', DOC.jobSucceeded),
    col('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', DOC.jobSelector, 1),
  ],
  print: (o, now) => {
    const job = o as unknown as Job;
    const succeeded = int(job.status?.succeeded);
    let completions: string;
    if (typeof job.spec?.completions === 'number') {
      completions = `${succeeded}/${job.spec.completions}`;
    } else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    const start = parseTime(job.status?.startTime);
    const completion = parseTime(job.status?.completionTime);
    let duration = '';
    if (start !== undefined) duration = humanDuration((completion ?? now) - start);
    let status = 'Running';
    if (hasJobCondition(job, 'Complete')) status = 'Complete';
    else if (hasJobCondition(job, 'Failed')) status = 'Failed';
    else if (o.metadata.deletionTimestamp) status = 'Terminating';
    else if (hasJobCondition(job, 'Suspended')) status = 'Suspended';
    else if (hasJobCondition(job, 'FailureTarget')) status = 'FailureTarget';
    const [names, images] = layoutContainerCells(job.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        status,
        completions,
        duration,
        age(o, now),
        names,
        images,
        formatLabelSelector(job.spec?.selector),
      ],
    };
  },
};

export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    col('Schedule', 'string', DOC.cjSchedule),
    col('Timezone', 'string', DOC.cjTimeZone),
    col('Suspend', 'boolean', DOC.cjSuspend),
    col('Active', 'integer', DOC.cjActive),
    col('Last Schedule', 'string', DOC.cjLastSchedule),
    AGE,
    CONTAINERS,
    IMAGES,
    col('Selector', 'string', DOC.jobSelector, 1),
  ],
  print: (o, now) => {
    const cj = o as unknown as CronJob;
    const last = cj.status?.lastScheduleTime
      ? translateTimestampSince(cj.status.lastScheduleTime, now)
      : '<none>';
    const [names, images] = layoutContainerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers);
    return {
      cells: [
        o.metadata.name ?? '',
        cj.spec?.schedule ?? '',
        cj.spec?.timeZone ?? '<none>',
        printBoolPtr(cj.spec?.suspend),
        (cj.status?.active ?? []).length,
        last,
        age(o, now),
        names,
        images,
        formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
      ],
    };
  },
};
