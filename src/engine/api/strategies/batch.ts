/**
 * batch/v1 strategies: Job and CronJob. Defaults from pkg/apis/batch/v1/defaults.go (reference
 * §6.3/6.4), the Job strategy's generated selector and labels (pkg/registry/batch/job/strategy.go),
 * validation from pkg/apis/batch/validation/validation.go (v1.32 rules: prefixed controller
 * labels required, restartPolicy must be OnFailure or Never, template immutable unless the Job is
 * suspended and has never started).
 */
import type { CronJob, JobSpec } from 'kubernetes-types/batch/v1';
import type { KubeObject } from '../../../api/types';
import {
  child,
  goSyntax,
  immutable,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import { labelSelectorAsSelector, SelectorParseError } from '../../../apimachinery/labels';
import {
  isDNS1123Label,
  validateLabelSelector,
  validateNonnegativeField,
} from '../../../apimachinery/validation';
import type { KindStrategy } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import { CronParseError, knownTimeZone, parseStandard } from './cron';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodTemplateSpec } from './pod-validation';
import { clone, ensureObj, goLabelSelector, goMap, has, invalidStr, jsonEqual, type Json } from './util';

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
export const LEGACY_JOB_NAME_LABEL = 'job-name';
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';

const MAX_PARALLELISM_FOR_INDEXED_JOB = 100000;

const jobSpec = (obj: KubeObject): JobSpec => (has(obj.spec) ? obj.spec : (obj.spec = {})) as JobSpec;

/** SetDefaults_Job (v1.32; manualSelector is not defaulted in this release). */
function defaultJobSpec(spec: JobSpec, meta?: { labels?: Record<string, string> }): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  if (spec.parallelism == null) spec.parallelism = 1;
  if (spec.backoffLimit == null) spec.backoffLimit = spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  const labels = spec.template?.metadata?.labels;
  if (meta && labels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
  if (spec.completionMode == null) spec.completionMode = 'NonIndexed';
  if (spec.suspend == null) spec.suspend = false;
  for (const rule of spec.podFailurePolicy?.rules ?? [])
    for (const p of rule.onPodConditions ?? []) if (!p.status) p.status = 'True';
  if (spec.podReplacementPolicy == null)
    spec.podReplacementPolicy = spec.podFailurePolicy != null ? 'Failed' : 'TerminatingOrFailed';
}

/** `generateSelector`: the controller-uid selector and the labels every Job pod carries. */
function generateSelector(obj: KubeObject): void {
  const spec = jobSpec(obj);
  const template = ensureObj(ensureObj(spec as unknown as Json, 'template'), 'metadata');
  const labels = (template.labels ??= {}) as Record<string, string>;
  const name = obj.metadata.name ?? '';
  const uid = obj.metadata.uid ?? '';
  for (const k of [LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL]) if (!(k in labels)) labels[k] = name;
  for (const k of [LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL]) if (!(k in labels)) labels[k] = uid;
  const selector = (spec.selector ??= {});
  const matchLabels = (selector.matchLabels ??= {});
  if (!(CONTROLLER_UID_LABEL in matchLabels)) matchLabels[CONTROLLER_UID_LABEL] = uid;
}

/** `ValidateHasLabel`. */
function validateHasLabel(
  labels: Record<string, string> | undefined,
  path: string,
  k: string,
  expected: string,
): FieldError[] {
  const actual = labels?.[k];
  if (actual === undefined) return [required(`${path}.labels[${k}]`, `must be '${expected}'`)];
  if (actual !== expected)
    return [invalid(`${path}.labels[${k}]`, goSyntax(goMap(labels)), `must be '${expected}'`)];
  return [];
}

/** `validateGeneratedSelector` with RequirePrefixedLabels. */
function validateGeneratedSelector(obj: KubeObject): FieldError[] {
  const spec = jobSpec(obj);
  if (spec.manualSelector || spec.selector == null) return [];
  const errs: FieldError[] = [];
  const uid = obj.metadata.uid ?? '';
  const name = obj.metadata.name ?? '';
  if (!uid) errs.push(required('metadata.uid'));
  const labels = spec.template?.metadata?.labels;
  const tp = 'spec.template.metadata';
  errs.push(...validateHasLabel(labels, tp, LEGACY_CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(labels, tp, LEGACY_JOB_NAME_LABEL, name));
  errs.push(...validateHasLabel(labels, tp, CONTROLLER_UID_LABEL, uid));
  errs.push(...validateHasLabel(labels, tp, JOB_NAME_LABEL, name));
  try {
    const sel = labelSelectorAsSelector(spec.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    if (!sel.matches({ [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: name }))
      errs.push(
        invalid('spec.selector', goSyntax(goLabelSelector(spec.selector)), '`selector` not auto-generated'),
      );
  } catch (e) {
    if (!(e instanceof SelectorParseError)) throw e;
  }
  return errs;
}

/** `validateJobSpec` (the part shared with CronJob job templates). */
function validateJobSpecCommon(spec: JobSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const nonneg = (v: number | undefined, f: string): void => {
    if (v != null) errs.push(...validateNonnegativeField(v, child(path, f)));
  };
  nonneg(spec.parallelism, 'parallelism');
  nonneg(spec.completions, 'completions');
  nonneg(spec.activeDeadlineSeconds, 'activeDeadlineSeconds');
  nonneg(spec.backoffLimit, 'backoffLimit');
  nonneg(spec.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished');
  if (spec.completionMode != null) {
    if (spec.completionMode !== 'NonIndexed' && spec.completionMode !== 'Indexed')
      errs.push(notSupported(child(path, 'completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
    if (spec.completionMode === 'Indexed') {
      if (spec.completions == null)
        errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
      if (spec.parallelism != null && spec.parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB)
        errs.push(
          invalid(
            child(path, 'parallelism'),
            spec.parallelism,
            `must be less than or equal to ${MAX_PARALLELISM_FOR_INDEXED_JOB} when completion mode is Indexed`,
          ),
        );
    }
  }
  if (spec.podReplacementPolicy != null) {
    const allowed = spec.podFailurePolicy != null ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(spec.podReplacementPolicy))
      errs.push(notSupported(child(path, 'podReplacementPolicy'), spec.podReplacementPolicy, allowed));
  }
  errs.push(...validatePodTemplateSpec(spec.template, child(path, 'template')));
  const restart = spec.template?.spec?.restartPolicy ?? '';
  // restartPolicy is defaulted to Always when unset, so both mean "not chosen" here.
  if (restart === 'Always' || restart === '')
    errs.push(
      required(child(path, 'template', 'spec', 'restartPolicy'), 'valid values: "OnFailure", "Never"'),
    );
  else if (restart !== 'OnFailure' && restart !== 'Never')
    errs.push(
      notSupported(child(path, 'template', 'spec', 'restartPolicy'), restart, ['OnFailure', 'Never']),
    );
  else if (spec.podFailurePolicy != null && restart !== 'Never')
    errs.push(
      invalidStr(
        child(path, 'template', 'spec', 'restartPolicy'),
        restart,
        'only "Never" is supported when podFailurePolicy is specified',
      ),
    );
  return errs;
}

/** `ValidateJobSpec`. */
function validateJobSpec(spec: JobSpec): FieldError[] {
  const errs = validateJobSpecCommon(spec, 'spec');
  if (spec.selector == null) errs.push(required('spec.selector'));
  else
    errs.push(
      ...validateLabelSelector(
        spec.selector as Parameters<typeof validateLabelSelector>[0],
        {},
        'spec.selector',
      ),
    );
  try {
    const sel = labelSelectorAsSelector(spec.selector as Parameters<typeof labelSelectorAsSelector>[0]);
    if (sel.empty()) errs.push(required('spec.selector'));
    if (!sel.matches(spec.template?.metadata?.labels ?? {}))
      errs.push(
        invalid(
          'spec.template.metadata.labels',
          goSyntax(goMap(spec.template?.metadata?.labels)),
          '`selector` does not match template `labels`',
        ),
      );
  } catch (e) {
    if (!(e instanceof SelectorParseError)) throw e;
  }
  return errs;
}

function validateJob(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  errs.push(...validateGeneratedSelector(obj));
  const spec = jobSpec(obj);
  errs.push(...validateJobSpec(spec));
  if (spec.completionMode === 'Indexed' && (spec.completions ?? 0) > 0) {
    const host = `${obj.metadata.name ?? ''}-${(spec.completions ?? 1) - 1}`;
    if (isDNS1123Label(host).length)
      errs.push(
        invalidStr(
          'metadata.name',
          obj.metadata.name ?? '',
          `will not able to create pod with invalid DNS label: ${host}`,
        ),
      );
  }
  return errs;
}

/** A Job that is suspended and has never started may change its scheduling directives. */
function mutableSchedulingDirectives(obj: KubeObject, old: KubeObject): boolean {
  const status = (old.status ?? {}) as { startTime?: string };
  return jobSpec(obj).suspend === true && jobSpec(old).suspend === true && !status.startTime;
}

export const jobStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('batch/Job', obj);
    const spec = jobSpec(obj);
    defaultJobSpec(spec, obj.metadata);
    defaultPodTemplate(spec.template);
  },
  prepareForCreate(obj) {
    if (!jobSpec(obj).manualSelector) generateSelector(obj);
  },
  validate: validateJob,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old);
    const spec = jobSpec(obj);
    const oldSpec = jobSpec(old);
    errs.push(...validateJobSpec(spec));
    if (!jsonEqual(spec.completions, oldSpec.completions)) {
      const elastic = spec.completionMode === 'Indexed';
      if (!elastic) errs.push(immutable('spec.completions', spec.completions ?? null));
      else if (spec.completions != null && spec.completions !== spec.parallelism)
        errs.push(
          invalid(
            'spec.completions',
            spec.completions,
            'can only be modified in tandem with spec.parallelism',
          ),
        );
    }
    if (!jsonEqual(spec.selector, oldSpec.selector))
      errs.push(immutable('spec.selector', goSyntax(goLabelSelector(spec.selector))));
    let oldTemplate = oldSpec.template;
    if (mutableSchedulingDirectives(obj, old)) {
      const t = clone(oldTemplate) ?? {};
      const nt = spec.template ?? {};
      const ts = (t.spec ??= { containers: [] });
      ts.nodeSelector = nt.spec?.nodeSelector;
      ts.tolerations = nt.spec?.tolerations;
      ts.schedulingGates = nt.spec?.schedulingGates;
      ts.affinity = nt.spec?.affinity;
      const tm = (t.metadata ??= {});
      tm.annotations = nt.metadata?.annotations;
      tm.labels = nt.metadata?.labels;
      oldTemplate = t;
    }
    if (!jsonEqual(spec.template, oldTemplate))
      errs.push(immutable('spec.template', goSyntax('core.PodTemplateSpec{…}')));
    const imm = (
      f: 'completionMode' | 'podFailurePolicy' | 'backoffLimitPerIndex' | 'managedBy' | 'successPolicy',
    ): void => {
      if (!jsonEqual(spec[f], oldSpec[f])) {
        const v = spec[f];
        errs.push(
          immutable(`spec.${f}`, typeof v === 'object' && v !== null ? goSyntax('{…}') : (v ?? null)),
        );
      }
    };
    imm('completionMode');
    imm('podFailurePolicy');
    imm('backoffLimitPerIndex');
    imm('managedBy');
    imm('successPolicy');
    return errs;
  },
};

// ---------------------------------------------------------------------------------------------
// CronJob
// ---------------------------------------------------------------------------------------------

const cronJobSpec = (obj: KubeObject): NonNullable<CronJob['spec']> =>
  (has(obj.spec) ? obj.spec : (obj.spec = {})) as NonNullable<CronJob['spec']>;

const validTimeZoneCharacters = /^[A-Za-z.\-_0-9+]{1,14}$/;

function validateTimeZone(tz: string | undefined, path: string): FieldError[] {
  if (tz == null) return [];
  if (tz.length === 0) return [invalidStr(path, tz, 'timeZone must be nil or non-empty string')];
  for (const part of tz.split('/'))
    if (part === '.' || part === '..' || part.startsWith('-') || !validTimeZoneCharacters.test(part))
      return [invalidStr(path, tz, `unknown time zone ${tz}`)];
  const errs: FieldError[] = [];
  if (tz.toLowerCase() === 'local')
    errs.push(
      invalidStr(
        path,
        tz,
        'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
      ),
    );
  if (!knownTimeZone(tz)) errs.push(invalidStr(path, tz, `unknown time zone ${tz}`));
  return errs;
}

function validateCronJobSpec(
  spec: NonNullable<CronJob['spec']>,
  oldSpec: NonNullable<CronJob['spec']> | undefined,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else {
    try {
      parseStandard(spec.schedule);
    } catch (e) {
      if (!(e instanceof CronParseError)) throw e;
      errs.push(invalidStr('spec.schedule', spec.schedule, e.message));
    }
    const allowTZ = oldSpec ? (oldSpec.schedule?.includes('TZ') ?? false) : false;
    if (allowTZ && spec.schedule.includes('TZ') && spec.timeZone != null)
      errs.push(
        invalidStr(
          'spec.schedule',
          spec.schedule,
          'cannot use both timeZone field and TZ or CRON_TZ in schedule',
        ),
      );
    else if (!allowTZ && spec.schedule.includes('TZ'))
      errs.push(
        invalidStr(
          'spec.schedule',
          spec.schedule,
          'cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
        ),
      );
  }
  if (spec.startingDeadlineSeconds != null)
    errs.push(...validateNonnegativeField(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!oldSpec || oldSpec.timeZone !== spec.timeZone)
    errs.push(...validateTimeZone(spec.timeZone, 'spec.timeZone'));
  switch (spec.concurrencyPolicy ?? '') {
    case 'Allow':
    case 'Forbid':
    case 'Replace':
      break;
    case '':
      errs.push(required('spec.concurrencyPolicy'));
      break;
    default:
      errs.push(
        notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']),
      );
  }
  // ValidateJobTemplateSpec
  const jt = (spec.jobTemplate?.spec ?? {}) as JobSpec;
  errs.push(...validateJobSpecCommon(jt, 'spec.jobTemplate.spec'));
  if (jt.selector != null)
    errs.push(
      invalid(
        'spec.jobTemplate.spec.selector',
        goSyntax(goLabelSelector(jt.selector)),
        '`selector` will be auto-generated',
      ),
    );
  if (jt.manualSelector)
    errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  if (spec.successfulJobsHistoryLimit != null)
    errs.push(
      ...validateNonnegativeField(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'),
    );
  if (spec.failedJobsHistoryLimit != null)
    errs.push(...validateNonnegativeField(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

export const cronJobStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('batch/CronJob', obj);
    const spec = cronJobSpec(obj);
    if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
    if (spec.suspend == null) spec.suspend = false;
    if (spec.successfulJobsHistoryLimit == null) spec.successfulJobsHistoryLimit = 3;
    if (spec.failedJobsHistoryLimit == null) spec.failedJobsHistoryLimit = 1;
    defaultPodTemplate(spec.jobTemplate?.spec?.template);
  },
  validate(obj) {
    const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
    errs.push(...validateCronJobSpec(cronJobSpec(obj), undefined));
    const name = obj.metadata.name ?? '';
    // The controller appends an 11-character suffix (`-<timestamp>`) to Job names (63 at most).
    if (name.length > 52) errs.push(invalidStr('metadata.name', name, 'must be no more than 52 characters'));
    return errs;
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateCronJobSpec(cronJobSpec(obj), cronJobSpec(old)));
  },
};
