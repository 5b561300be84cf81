/**
 * apps/v1 strategies: Deployment, ReplicaSet, DaemonSet. Defaults from pkg/apis/apps/v1/defaults.go
 * (reference §4.1), validation from pkg/apis/apps/validation/validation.go, and the apps/v1
 * selector immutability the registry strategies add on update.
 */
import type { DaemonSet, Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { KubeObject } from '../../../api/types';
import {
  child,
  forbidden,
  goSyntax,
  immutable,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import { labelSelectorAsSelector, SelectorParseError, type Selector } from '../../../apimachinery/labels';
import {
  isValidPercent,
  validateLabelSelector,
  validateNonnegativeField,
} from '../../../apimachinery/validation';
import { atoi } from '../../../apimachinery/golang';
import type { KindStrategy } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { defaultPodTemplate } from './pod-defaults';
import { validatePodTemplateSpec } from './pod-validation';
import { ensureObj, goIntOrString, goLabelSelector, goMap, goPtr, has, jsonEqual, type Json } from './util';

type IntOrString = number | string;

// ---------------------------------------------------------------------------------------------
// Shared validation (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent, selectors)
// ---------------------------------------------------------------------------------------------

/** `ValidatePositiveIntOrPercent`. */
export function validatePositiveIntOrPercent(v: IntOrString, path: string): FieldError[] {
  if (typeof v === 'string')
    return isValidPercent(v).map((m) => invalid(path, goSyntax(goIntOrString(v)), m));
  return validateNonnegativeField(v, path);
}

/** `getPercentValue`: the number before `%`, when the value is a valid percentage. */
function percentValue(v: IntOrString): number | undefined {
  if (typeof v !== 'string' || isValidPercent(v).length) return undefined;
  try {
    return atoi(v.slice(0, -1));
  } catch {
    return undefined;
  }
}

/** `getIntOrPercentValue`. */
function intOrPercentValue(v: IntOrString | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  return percentValue(v) ?? 0;
}

/** `IsNotMoreThan100Percent`. */
export function isNotMoreThan100Percent(v: IntOrString, path: string): FieldError[] {
  const p = percentValue(v);
  if (p === undefined || p <= 100) return [];
  return [invalid(path, goSyntax(goIntOrString(v)), 'must not be greater than 100%')];
}

/** `metav1.LabelSelectorAsSelector`, or undefined when the selector does not parse. */
function asSelector(s: LabelSelector | undefined): Selector | undefined {
  try {
    return labelSelectorAsSelector(s as Parameters<typeof labelSelectorAsSelector>[0]);
  } catch (e) {
    if (e instanceof SelectorParseError) return undefined;
    throw e;
  }
}

const selectorValue = (s: LabelSelector | undefined) => goSyntax(goLabelSelector(s));

/**
 * The selector part of ValidateDeploymentSpec / ValidateReplicaSetSpec, and
 * `ValidatePodTemplateSpecForReplicaSet`.
 */
function validateSelectorAndTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  replicasPath: string,
  replicas: number,
): FieldError[] {
  const errs: FieldError[] = [];
  const path = 'spec';
  errs.push(...validateNonnegativeField(replicas, replicasPath));
  return errs.concat(selectorChecks(selector, template, path, 'deployment'));
}

function selectorChecks(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
  path: string,
  what: 'deployment',
): FieldError[] {
  const errs: FieldError[] = [];
  if (selector == null) errs.push(required(child(path, 'selector')));
  else {
    errs.push(
      ...validateLabelSelector(
        selector as Parameters<typeof validateLabelSelector>[0],
        {},
        child(path, 'selector'),
      ),
    );
    if (Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0)
      errs.push(
        invalid(child(path, 'selector'), selectorValue(selector), `empty selector is invalid for ${what}`),
      );
  }
  const sel = asSelector(selector);
  if (!sel) {
    errs.push(invalid(child(path, 'selector'), selectorValue(selector), 'invalid label selector'));
    return errs;
  }
  const tpath = child(path, 'template');
  if (!sel.empty() && !sel.matches(template?.metadata?.labels ?? {}))
    errs.push(
      invalid(
        child(tpath, 'metadata', 'labels'),
        goSyntax(goMap(template?.metadata?.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  errs.push(...validatePodTemplateSpec(template, tpath));
  const restart = template?.spec?.restartPolicy ?? '';
  if (restart !== 'Always')
    errs.push(notSupported(child(tpath, 'spec', 'restartPolicy'), restart, ['Always']));
  if (template?.spec?.activeDeadlineSeconds != null)
    errs.push(
      forbidden(
        child(tpath, 'spec', 'activeDeadlineSeconds'),
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  return errs;
}

/** The apps/v1 registry strategies forbid changing the selector (ValidateImmutableField). */
function selectorImmutable(sel: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  return jsonEqual(sel, old) ? [] : [immutable('spec.selector', selectorValue(sel))];
}

// ---------------------------------------------------------------------------------------------
// Deployment
// ---------------------------------------------------------------------------------------------

const deploymentSpec = (obj: KubeObject): NonNullable<Deployment['spec']> =>
  (has(obj.spec) ? obj.spec : (obj.spec = {})) as NonNullable<Deployment['spec']>;

function validateDeploymentSpec(obj: KubeObject): FieldError[] {
  const s = deploymentSpec(obj);
  const errs = validateSelectorAndTemplate(s.selector, s.template, 'spec.replicas', s.replicas ?? 0);
  // ValidateDeploymentStrategy
  const strategy = (s.strategy ?? {}) as NonNullable<NonNullable<Deployment['spec']>['strategy']>;
  const sp = 'spec.strategy';
  switch (strategy.type) {
    case 'Recreate':
      if (strategy.rollingUpdate != null)
        errs.push(
          forbidden(child(sp, 'rollingUpdate'), "may not be specified when strategy `type` is 'Recreate'"),
        );
      break;
    case 'RollingUpdate': {
      const ru = strategy.rollingUpdate;
      if (ru == null) {
        errs.push(required(child(sp, 'rollingUpdate'), 'this should be defaulted and never be nil'));
        break;
      }
      const rp = child(sp, 'rollingUpdate');
      const mu = ru.maxUnavailable ?? 0;
      const ms = ru.maxSurge ?? 0;
      errs.push(...validatePositiveIntOrPercent(mu, child(rp, 'maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ms, child(rp, 'maxSurge')));
      if (intOrPercentValue(mu) === 0 && intOrPercentValue(ms) === 0)
        errs.push(
          invalid(
            child(rp, 'maxUnavailable'),
            goSyntax(goIntOrString(mu)),
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      errs.push(...isNotMoreThan100Percent(mu, child(rp, 'maxUnavailable')));
      break;
    }
    default:
      errs.push(
        notSupported(
          sp,
          goSyntax(
            `apps.DeploymentStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${goPtr('apps.RollingUpdateDeployment', strategy.rollingUpdate ? '…' : undefined)}}`,
          ),
          ['Recreate', 'RollingUpdate'],
        ),
      );
  }
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  if (s.revisionHistoryLimit != null)
    errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (s.progressDeadlineSeconds != null) {
    errs.push(...validateNonnegativeField(s.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (s.progressDeadlineSeconds <= (s.minReadySeconds ?? 0))
      errs.push(
        invalid(
          'spec.progressDeadlineSeconds',
          s.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
  }
  return errs;
}

export const deploymentStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('apps/Deployment', obj);
    const s = deploymentSpec(obj);
    if (s.replicas == null) s.replicas = 1;
    const strategy = ensureObj(s as unknown as Json, 'strategy') as NonNullable<
      NonNullable<Deployment['spec']>['strategy']
    >;
    if (!strategy.type) strategy.type = 'RollingUpdate';
    if (strategy.type === 'RollingUpdate') {
      const ru = ensureObj(strategy as Json, 'rollingUpdate');
      if (ru.maxUnavailable == null) ru.maxUnavailable = '25%';
      if (ru.maxSurge == null) ru.maxSurge = '25%';
    }
    if (s.revisionHistoryLimit == null) s.revisionHistoryLimit = 10;
    if (s.progressDeadlineSeconds == null) s.progressDeadlineSeconds = 600;
    defaultPodTemplate(s.template);
  },
  validate(obj) {
    return validateObjectMeta(obj, true, nameIsDNSSubdomain).concat(validateDeploymentSpec(obj));
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old)
      .concat(validateDeploymentSpec(obj))
      .concat(selectorImmutable(deploymentSpec(obj).selector, deploymentSpec(old).selector));
  },
};

// ---------------------------------------------------------------------------------------------
// ReplicaSet
// ---------------------------------------------------------------------------------------------

const replicaSetSpec = (obj: KubeObject): NonNullable<ReplicaSet['spec']> =>
  (has(obj.spec) ? obj.spec : (obj.spec = {})) as NonNullable<ReplicaSet['spec']>;

function validateReplicaSetSpec(obj: KubeObject): FieldError[] {
  const s = replicaSetSpec(obj);
  const errs = validateNonnegativeField(s.replicas ?? 0, 'spec.replicas');
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  // ReplicaSet validation reuses the Deployment wording ("invalid for deployment") upstream.
  return errs.concat(selectorChecks(s.selector, s.template, 'spec', 'deployment'));
}

export const replicaSetStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('apps/ReplicaSet', obj);
    const s = replicaSetSpec(obj);
    if (s.replicas == null) s.replicas = 1;
    defaultPodTemplate(s.template);
  },
  validate(obj) {
    return validateObjectMeta(obj, true, nameIsDNSSubdomain).concat(validateReplicaSetSpec(obj));
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old)
      .concat(validateReplicaSetSpec(obj))
      .concat(selectorImmutable(replicaSetSpec(obj).selector, replicaSetSpec(old).selector));
  },
};

// ---------------------------------------------------------------------------------------------
// DaemonSet
// ---------------------------------------------------------------------------------------------

const daemonSetSpec = (obj: KubeObject): NonNullable<DaemonSet['spec']> =>
  (has(obj.spec) ? obj.spec : (obj.spec = {})) as NonNullable<DaemonSet['spec']>;

function validateDaemonSetSpec(obj: KubeObject): FieldError[] {
  const s = daemonSetSpec(obj);
  const errs = validateLabelSelector(
    s.selector as Parameters<typeof validateLabelSelector>[0],
    {},
    'spec.selector',
  );
  const sel = asSelector(s.selector);
  if (sel && !sel.matches(s.template?.metadata?.labels ?? {}))
    errs.push(
      invalid(
        'spec.template.metadata.labels',
        goSyntax(goMap(s.template?.metadata?.labels)),
        '`selector` does not match template `labels`',
      ),
    );
  if (
    s.selector != null &&
    Object.keys(s.selector.matchLabels ?? {}).length + (s.selector.matchExpressions ?? []).length === 0
  )
    errs.push(invalid('spec.selector', selectorValue(s.selector), 'empty selector is invalid for daemonset'));
  errs.push(...validatePodTemplateSpec(s.template, 'spec.template'));
  const restart = s.template?.spec?.restartPolicy ?? '';
  if (restart !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', restart, ['Always']));
  if (s.template?.spec?.activeDeadlineSeconds != null)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        s.template.spec.activeDeadlineSeconds,
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  errs.push(...validateNonnegativeField(s.minReadySeconds ?? 0, 'spec.minReadySeconds'));
  const us = s.updateStrategy ?? {};
  switch (us.type) {
    case 'OnDelete':
      break;
    case 'RollingUpdate': {
      const ru = us.rollingUpdate;
      if (!ru) {
        errs.push(required('spec.updateStrategy.rollingUpdate'));
        break;
      }
      const p = 'spec.updateStrategy.rollingUpdate';
      const mu = ru.maxUnavailable ?? 0;
      const ms = ru.maxSurge ?? 0;
      errs.push(...validatePositiveIntOrPercent(mu, `${p}.maxUnavailable`));
      errs.push(...validatePositiveIntOrPercent(ms, `${p}.maxSurge`));
      errs.push(...isNotMoreThan100Percent(mu, `${p}.maxUnavailable`));
      errs.push(...isNotMoreThan100Percent(ms, `${p}.maxSurge`));
      const hasU = intOrPercentValue(mu) !== 0;
      const hasS = intOrPercentValue(ms) !== 0;
      if (hasU && hasS)
        errs.push(
          invalid(
            `${p}.maxSurge`,
            goSyntax(goIntOrString(ms)),
            'may not be set when maxUnavailable is non-zero',
          ),
        );
      else if (!hasU && !hasS) errs.push(required(`${p}.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
      break;
    }
    default:
      errs.push(
        notSupported(
          'spec.updateStrategy',
          goSyntax(
            `apps.DaemonSetUpdateStrategy{Type:${JSON.stringify(us.type ?? '')}, RollingUpdate:${goPtr('apps.RollingUpdateDaemonSet', us.rollingUpdate ? '…' : undefined)}}`,
          ),
          ['RollingUpdate', 'OnDelete'],
        ),
      );
  }
  if (s.revisionHistoryLimit != null)
    errs.push(...validateNonnegativeField(s.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

export const daemonSetStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('apps/DaemonSet', obj);
    const s = daemonSetSpec(obj);
    const us = ensureObj(s as unknown as Json, 'updateStrategy') as NonNullable<
      NonNullable<DaemonSet['spec']>['updateStrategy']
    >;
    if (!us.type) us.type = 'RollingUpdate';
    if (us.type === 'RollingUpdate') {
      const ru = ensureObj(us as Json, 'rollingUpdate');
      if (ru.maxUnavailable == null) ru.maxUnavailable = 1;
      if (ru.maxSurge == null) ru.maxSurge = 0;
    }
    if (s.revisionHistoryLimit == null) s.revisionHistoryLimit = 10;
    defaultPodTemplate(s.template);
  },
  validate(obj) {
    return validateObjectMeta(obj, true, nameIsDNSSubdomain).concat(validateDaemonSetSpec(obj));
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old)
      .concat(validateDaemonSetSpec(obj))
      .concat(selectorImmutable(daemonSetSpec(obj).selector, daemonSetSpec(old).selector));
  },
};
