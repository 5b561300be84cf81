/**
 * Strategies of the remaining kinds: EndpointSlice (discovery.k8s.io/v1), PriorityClass
 * (scheduling.k8s.io/v1), HorizontalPodAutoscaler (autoscaling/v2), PodDisruptionBudget
 * (policy/v1) and Lease (coordination.k8s.io/v1). Defaults and messages follow each group's
 * v1.32 defaults.go and validation.go.
 */
import type {
  HorizontalPodAutoscaler,
  HPAScalingRules,
  MetricSpec,
  MetricTarget,
} from 'kubernetes-types/autoscaling/v2';
import type { EndpointSlice } from 'kubernetes-types/discovery/v1';
import type { Lease } from 'kubernetes-types/coordination/v1';
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import type { KubeObject } from '../../../api/types';
import {
  child,
  forbidden,
  goSyntax,
  immutable,
  index,
  invalid,
  notSupported,
  required,
  type FieldError,
} from '../../../apimachinery/field';
import {
  isDNS1123Label,
  isQualifiedName,
  isValidPortNum,
  validateLabelSelector,
} from '../../../apimachinery/validation';
import type { KindStrategy } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from './apps';
import { nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './meta';
import { validatePreemptionPolicy } from './pod-validation';
import {
  goIntOrString,
  goLabelSelector,
  goPtr,
  has,
  invalidStr,
  quantity,
  validateIPv4,
  validateIPv6,
  type Json,
} from './util';

// ---------------------------------------------------------------------------------------------
// EndpointSlice
// ---------------------------------------------------------------------------------------------

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];

function validateEndpointSlice(obj: KubeObject): FieldError[] {
  const s = obj as unknown as EndpointSlice;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  if (!s.addressType) errs.push(required('addressType'));
  else if (!ADDRESS_TYPES.includes(s.addressType))
    errs.push(notSupported('addressType', s.addressType, ADDRESS_TYPES));
  const eps = s.endpoints ?? [];
  if (eps.length > 1000)
    errs.push({
      type: 'FieldValueTooMany',
      field: 'endpoints',
      body: `Too many: ${eps.length}: must have at most 1000 items`,
    });
  eps.forEach((ep, i) => {
    const p = index('endpoints', i);
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(required(child(p, 'addresses'), 'must contain at least 1 address'));
    else if (addrs.length > 100)
      errs.push({
        type: 'FieldValueTooMany',
        field: child(p, 'addresses'),
        body: `Too many: ${addrs.length}: must have at most 100 items`,
      });
    addrs.forEach((a, j) => {
      const ap = index(child(p, 'addresses'), j);
      if (s.addressType === 'IPv4') errs.push(...validateIPv4(ap, a));
      else if (s.addressType === 'IPv6') errs.push(...validateIPv6(ap, a));
      else if (s.addressType === 'FQDN')
        errs.push(...nameIsDNSSubdomain(a, false).map((m) => invalidStr(ap, a, m)));
    });
    if (ep.nodeName)
      for (const m of nameIsDNSSubdomain(ep.nodeName, false))
        errs.push(invalidStr(child(p, 'nodeName'), ep.nodeName, m));
    if (ep.hostname)
      errs.push(...isDNS1123Label(ep.hostname).map((m) => invalidStr(child(p, 'hostname'), ep.hostname!, m)));
  });
  const names = new Set<string>();
  (s.ports ?? []).forEach((port, i) => {
    const p = index('ports', i);
    const name = port.name ?? '';
    if (name) errs.push(...isDNS1123Label(name).map((m) => invalidStr(child(p, 'name'), name, m)));
    if (names.has(name))
      errs.push({
        type: 'FieldValueDuplicate',
        field: child(p, 'name'),
        body: `Duplicate value: ${JSON.stringify(name)}`,
      });
    names.add(name);
    if (!port.protocol) errs.push(required(child(p, 'protocol')));
    else if (!['SCTP', 'TCP', 'UDP'].includes(port.protocol))
      errs.push(notSupported(child(p, 'protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']));
    if (port.port != null)
      for (const m of isValidPortNum(port.port)) errs.push(invalid(child(p, 'port'), port.port, m));
    if (port.appProtocol != null)
      errs.push(
        ...isQualifiedName(port.appProtocol).map((m) =>
          invalidStr(child(p, 'appProtocol'), port.appProtocol!, m),
        ),
      );
  });
  return errs;
}

export const endpointSliceStrategy: KindStrategy = {
  default(obj) {
    for (const p of (obj as unknown as EndpointSlice).ports ?? [])
      if (has(p) && !p.protocol) p.protocol = 'TCP';
  },
  validate: validateEndpointSlice,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old).concat(validateEndpointSlice(obj));
    const t = (obj as unknown as EndpointSlice).addressType;
    if (t !== (old as unknown as EndpointSlice).addressType)
      errs.push(invalidStr('addressType', t ?? '', 'field is immutable'));
    return errs;
  },
};

// ---------------------------------------------------------------------------------------------
// PriorityClass
// ---------------------------------------------------------------------------------------------

/** The system priority classes (scheduling.SystemPriorityClasses). */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};
const HIGHEST_USER_DEFINABLE_PRIORITY = 1000000000;

function validatePriorityClass(obj: KubeObject): FieldError[] {
  const pc = obj as unknown as PriorityClass;
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const name = obj.metadata.name ?? '';
  if (name.startsWith('system-')) {
    const known = SYSTEM_PRIORITY_CLASSES[name];
    let err: string | undefined;
    if (known === undefined) err = `${name} is not a known system priority class`;
    else if (pc.value !== known) err = `value of ${name} PriorityClass must be ${known}`;
    else if (pc.globalDefault) err = `globalDefault of ${name} PriorityClass must be false`;
    if (err)
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`,
        ),
      );
  } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`,
      ),
    );
  }
  if (pc.preemptionPolicy != null)
    errs.push(...validatePreemptionPolicy(pc.preemptionPolicy, 'preemptionPolicy'));
  return errs;
}

export const priorityClassStrategy: KindStrategy = {
  default(obj) {
    const pc = obj as unknown as PriorityClass;
    if (pc.preemptionPolicy == null) pc.preemptionPolicy = 'PreemptLowerPriority';
  },
  validate: validatePriorityClass,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old);
    const pc = obj as unknown as PriorityClass;
    const o = old as unknown as PriorityClass;
    if (pc.value !== o.value) errs.push(forbidden('value', 'may not be changed in an update.'));
    if (pc.preemptionPolicy !== o.preemptionPolicy)
      errs.push(immutable('preemptionPolicy', pc.preemptionPolicy ?? null));
    return errs;
  },
};

// ---------------------------------------------------------------------------------------------
// HorizontalPodAutoscaler (autoscaling/v2)
// ---------------------------------------------------------------------------------------------

/** GenerateHPAScaleUpRules / GenerateHPAScaleDownRules merged with what the user gave. */
function scalingRules(given: HPAScalingRules | undefined, up: boolean): HPAScalingRules {
  const rules: HPAScalingRules = up
    ? {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      }
    : { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };
  if (!given) return rules;
  if (given.selectPolicy != null) rules.selectPolicy = given.selectPolicy;
  if (given.stabilizationWindowSeconds != null)
    rules.stabilizationWindowSeconds = given.stabilizationWindowSeconds;
  if (given.policies != null) rules.policies = given.policies;
  return rules;
}

const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];

function validateMetricTarget(mt: MetricTarget | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const t = mt?.type ?? '';
  if (!t) errs.push(required(child(path, 'type'), 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(t))
    errs.push(invalidStr(child(path, 'type'), t, 'must be either Utilization, Value, or AverageValue'));
  const positive = (f: 'value' | 'averageValue'): void => {
    const v = mt?.[f];
    if (v == null) return;
    const q = quantity(v);
    if (q && q.sign() !== 1) errs.push(invalidStr(child(path, f), q.toString(), 'must be positive'));
  };
  positive('value');
  positive('averageValue');
  if (mt?.averageUtilization != null && mt.averageUtilization < 1)
    errs.push(invalid(child(path, 'averageUtilization'), mt.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateMetricSpec(m: MetricSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m.type) errs.push(required(child(path, 'type'), 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(m.type))
    errs.push(notSupported(child(path, 'type'), m.type ?? '', METRIC_SOURCE_TYPES));
  const present: string[] = [];
  const src = m as unknown as Json;
  for (const f of ['object', 'external', 'pods', 'resource', 'containerResource']) {
    if (src[f] == null) continue;
    present.push(f);
    if (present.length > 1) continue;
    const p = child(path, f);
    const s = src[f] as Json;
    if (f === 'resource' || f === 'containerResource') {
      if (!s.name) errs.push(required(child(p, 'name'), 'must specify a resource name'));
      if (f === 'containerResource' && !s.container)
        errs.push(required(child(p, 'container'), 'must specify a container'));
      errs.push(...validateMetricTarget(s.target as MetricTarget | undefined, child(p, 'target')));
    } else {
      const metric = s.metric as { name?: string } | undefined;
      if (!metric?.name) errs.push(required(child(p, 'metric', 'name'), 'must specify a metric name'));
      errs.push(...validateMetricTarget(s.target as MetricTarget | undefined, child(p, 'target')));
    }
  }
  const expected: Record<string, string> = {
    Object: 'object',
    Pods: 'pods',
    Resource: 'resource',
    External: 'external',
    ContainerResource: 'containerResource',
  };
  const want = expected[m.type];
  if (want) {
    if (src[want] == null)
      errs.push(required(child(path, want), 'must populate information for the given metric source'));
  } else if (m.type) errs.push(notSupported(child(path, 'type'), m.type, METRIC_SOURCE_TYPES));
  if (present.length !== 1)
    for (const f of present.filter((x) => x !== want))
      errs.push(forbidden(child(path, f), 'must populate the given metric source only'));
  return errs;
}

function validateScalingRules(r: HPAScalingRules | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!r) return errs;
  const w = r.stabilizationWindowSeconds;
  if (w != null && (w < 0 || w > 3600))
    errs.push(
      invalid(
        child(path, 'stabilizationWindowSeconds'),
        w,
        w < 0 ? 'must be greater than or equal to zero' : 'must be less than or equal to 3600',
      ),
    );
  if (r.selectPolicy != null && !['Disabled', 'Max', 'Min'].includes(r.selectPolicy))
    errs.push(notSupported(child(path, 'selectPolicy'), r.selectPolicy, ['Disabled', 'Max', 'Min']));
  const policies = r.policies ?? [];
  if (policies.length === 0 && r.selectPolicy !== 'Disabled')
    errs.push(required(child(path, 'policies'), 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const pp = index(child(path, 'policies'), i);
    if (!['Pods', 'Percent'].includes(p.type))
      errs.push(notSupported(child(pp, 'type'), p.type ?? '', ['Percent', 'Pods']));
    if (p.value <= 0) errs.push(invalid(child(pp, 'value'), p.value, 'must be greater than zero'));
    if (p.periodSeconds <= 0)
      errs.push(invalid(child(pp, 'periodSeconds'), p.periodSeconds, 'must be greater than zero'));
    if (p.periodSeconds > 1800)
      errs.push(invalid(child(pp, 'periodSeconds'), p.periodSeconds, 'must be less than or equal to 1800'));
  });
  return errs;
}

function validateHPA(obj: KubeObject): FieldError[] {
  const hpa = obj as unknown as HorizontalPodAutoscaler;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  const s = hpa.spec ?? ({} as NonNullable<HorizontalPodAutoscaler['spec']>);
  if (s.minReplicas != null && s.minReplicas < 1)
    errs.push(invalid('spec.minReplicas', s.minReplicas, 'must be greater than or equal to 1'));
  if ((s.maxReplicas ?? 0) < 1)
    errs.push(invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than 0'));
  if (s.minReplicas != null && (s.maxReplicas ?? 0) < s.minReplicas)
    errs.push(
      invalid('spec.maxReplicas', s.maxReplicas ?? 0, 'must be greater than or equal to `minReplicas`'),
    );
  const ref = s.scaleTargetRef ?? ({} as NonNullable<typeof s.scaleTargetRef>);
  const refErrs: FieldError[] = [];
  for (const f of ['kind', 'name'] as const) {
    const v = ref[f] ?? '';
    if (!v) refErrs.push(required(`spec.scaleTargetRef.${f}`));
    else if (v === '.' || v === '..')
      refErrs.push(invalidStr(`spec.scaleTargetRef.${f}`, v, `may not be '${v}'`));
    else if (/[/%]/.test(v))
      refErrs.push(
        invalidStr(`spec.scaleTargetRef.${f}`, v, `may not contain '${v.includes('/') ? '/' : '%'}'`),
      );
  }
  if (refErrs.length) errs.push(...refErrs);
  else (s.metrics ?? []).forEach((m, i) => errs.push(...validateMetricSpec(m, index('spec.metrics', i))));
  if (s.behavior) {
    errs.push(...validateScalingRules(s.behavior.scaleUp, 'spec.behavior.scaleUp'));
    errs.push(...validateScalingRules(s.behavior.scaleDown, 'spec.behavior.scaleDown'));
  }
  return errs;
}

export const hpaStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('autoscaling/HorizontalPodAutoscaler', obj);
    const hpa = obj as unknown as HorizontalPodAutoscaler;
    const s = (hpa.spec ??= {} as NonNullable<HorizontalPodAutoscaler['spec']>);
    if (s.minReplicas == null) s.minReplicas = 1;
    if (!(s.metrics ?? []).length)
      s.metrics = [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ];
    if (has(s.behavior)) {
      s.behavior.scaleUp = scalingRules(s.behavior.scaleUp, true);
      s.behavior.scaleDown = scalingRules(s.behavior.scaleDown, false);
    }
  },
  validate: validateHPA,
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateHPA(obj));
  },
};

// ---------------------------------------------------------------------------------------------
// PodDisruptionBudget
// ---------------------------------------------------------------------------------------------

function validatePDB(obj: KubeObject): FieldError[] {
  const pdb = obj as unknown as PodDisruptionBudget;
  const s = pdb.spec ?? {};
  const errs: FieldError[] = [];
  if (s.minAvailable != null && s.maxUnavailable != null) {
    const v = (x: number | string | undefined): string | undefined =>
      x == null ? undefined : goIntOrString(x);
    errs.push(
      invalid(
        'spec',
        goSyntax(
          `policy.PodDisruptionBudgetSpec{MinAvailable:${goPtr('intstr.IntOrString', v(s.minAvailable))}, Selector:${goPtr('v1.LabelSelector', s.selector ? goLabelSelector(s.selector) : undefined)}, MaxUnavailable:${goPtr('intstr.IntOrString', v(s.maxUnavailable))}, UnhealthyPodEvictionPolicy:${goPtr('policy.UnhealthyPodEvictionPolicyType', s.unhealthyPodEvictionPolicy == null ? undefined : JSON.stringify(s.unhealthyPodEvictionPolicy))}}`,
        ),
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  }
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    const v = s[f];
    if (v == null) continue;
    errs.push(...validatePositiveIntOrPercent(v, `spec.${f}`));
    errs.push(...isNotMoreThan100Percent(v, `spec.${f}`));
  }
  errs.push(
    ...validateLabelSelector(s.selector as Parameters<typeof validateLabelSelector>[0], {}, 'spec.selector'),
  );
  if (
    s.unhealthyPodEvictionPolicy != null &&
    !['AlwaysAllow', 'IfHealthyBudget'].includes(s.unhealthyPodEvictionPolicy)
  )
    errs.push(
      notSupported('spec.unhealthyPodEvictionPolicy', s.unhealthyPodEvictionPolicy, [
        'AlwaysAllow',
        'IfHealthyBudget',
      ]),
    );
  return errs;
}

export const pdbStrategy: KindStrategy = {
  hasStatus: true,
  prepareForCreate(obj) {
    // Status is reset; its non-omitempty counters serialise as zeros.
    obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: validatePDB,
  validateUpdate: validatePDB,
};

// ---------------------------------------------------------------------------------------------
// Lease
// ---------------------------------------------------------------------------------------------

function validateLease(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  const s = (obj as unknown as Lease).spec ?? {};
  if (s.leaseDurationSeconds != null && s.leaseDurationSeconds <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', s.leaseDurationSeconds, 'must be greater than 0'));
  if (s.leaseTransitions != null && s.leaseTransitions < 0)
    errs.push(invalid('spec.leaseTransitions', s.leaseTransitions, 'must be greater than or equal to 0'));
  return errs;
}

export const leaseStrategy: KindStrategy = {
  validate: validateLease,
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateLease(obj));
  },
};
