/**
 * Strategies of the smaller core/v1 kinds: Namespace, Node, Event, ConfigMap, Secret,
 * ServiceAccount, Endpoints (defaults from pkg/apis/core/v1/defaults.go, validation from
 * pkg/apis/core/validation/validation.go).
 */
import type {
  ConfigMap,
  EndpointPort,
  Endpoints,
  Event,
  Namespace,
  Node,
  Secret,
  Taint,
} from 'kubernetes-types/core/v1';
import type { KubeObject } from '../../../api/types';
import {
  child,
  forbidden,
  index,
  invalid,
  notSupported,
  required,
  tooLong,
  type FieldError,
} from '../../../apimachinery/field';
import {
  isConfigMapKey,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortNum,
  validateFinalizerName,
  validateLabelName,
} from '../../../apimachinery/validation';
import type { KindStrategy } from '../strategy';
import { canonicalizeQuantities } from '../schema/decode';
import {
  nameIsDNSSubdomain,
  validateKubeFinalizerName,
  validateNamespaceName,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from './meta';
import { validateTaintEffect } from './pod-validation';
import { has, invalidStr, jsonEqual, key, sortedKeys, validateIP, validateNonSpecialIP } from './util';

/** `core.MaxSecretSize`: 1 MiB for a Secret's or ConfigMap's data. */
const MAX_SECRET_SIZE = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Namespace
// ---------------------------------------------------------------------------------------------

export const namespaceStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    // SetDefaults_Namespace (and the strategy's Canonicalize): the name as a label.
    const name = obj.metadata.name;
    if (name) obj.metadata.labels = { ...(obj.metadata.labels ?? {}), 'kubernetes.io/metadata.name': name };
  },
  prepareForCreate(obj) {
    const ns = obj as unknown as Namespace;
    ns.status = { phase: 'Active' };
    const spec = (ns.spec ??= {});
    const fins = spec.finalizers ?? [];
    if (!fins.includes('kubernetes')) spec.finalizers = [...fins, 'kubernetes'];
  },
  validate(obj) {
    const errs = validateObjectMeta(obj, false, validateNamespaceName);
    for (const f of (obj as unknown as Namespace).spec?.finalizers ?? []) {
      errs.push(...validateFinalizerName(f, 'spec.finalizers'));
      errs.push(...validateKubeFinalizerName(f, 'spec.finalizers'));
    }
    return errs;
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old);
  },
};

// ---------------------------------------------------------------------------------------------
// Node
// ---------------------------------------------------------------------------------------------

/** `validateNodeTaints` (upstream reports them under `metadata.taints`). */
function validateNodeTaints(taints: Taint[] | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const unique = new Map<string, Set<string>>();
  (taints ?? []).forEach((t, i) => {
    const p = index(path, i);
    errs.push(...validateLabelName(t.key ?? '', child(p, 'key')));
    const msgs = isValidLabelValue(t.value ?? '');
    if (msgs.length) errs.push(invalidStr(child(p, 'value'), t.value ?? '', msgs.join(';')));
    errs.push(...validateTaintEffect(t.effect, false, child(p, 'effect')));
    const keys = unique.get(t.effect) ?? new Set<string>();
    if (keys.has(t.key)) {
      errs.push({
        type: 'FieldValueDuplicate',
        field: p,
        body: `Duplicate value: core.Taint{Key:${JSON.stringify(t.key)}, Value:${JSON.stringify(t.value ?? '')}, Effect:${JSON.stringify(t.effect)}, TimeAdded:<nil>}: taints must be unique by key and effect pair`,
      });
      return;
    }
    keys.add(t.key);
    unique.set(t.effect, keys);
  });
  return errs;
}

function validateNode(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, false, nameIsDNSSubdomain);
  const node = obj as unknown as Node;
  if (node.spec?.taints?.length) errs.push(...validateNodeTaints(node.spec.taints, 'metadata.taints'));
  for (const [i, cidr] of (node.spec?.podCIDRs ?? []).entries()) {
    if (!/^[0-9a-fA-F.:]+\/\d+$/.test(cidr))
      errs.push(
        invalidStr(
          `spec.podCIDRs[${i}]`,
          cidr,
          'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
        ),
      );
  }
  return errs;
}

export const nodeStrategy: KindStrategy = {
  hasStatus: true,
  default(obj) {
    canonicalizeQuantities('/Node', obj);
    // SetDefaults_NodeStatus
    const status = (obj as unknown as Node).status;
    if (has(status) && status.allocatable == null && status.capacity != null)
      status.allocatable = { ...status.capacity };
  },
  validate: validateNode,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old);
    errs.push(...validateNode(obj));
    const n = (obj as unknown as Node).spec ?? {};
    const o = (old as unknown as Node).spec ?? {};
    if (o.podCIDR && n.podCIDR !== o.podCIDR)
      errs.push(forbidden('spec.podCIDR', 'node updates may not change podCIDR except from "" to valid'));
    if (o.providerID && n.providerID !== o.providerID)
      errs.push(
        forbidden('spec.providerID', 'node updates may not change providerID except from "" to valid'),
      );
    return errs;
  },
};

// ---------------------------------------------------------------------------------------------
// Event (core/v1: legacy validation only)
// ---------------------------------------------------------------------------------------------

function validateEvent(obj: KubeObject): FieldError[] {
  const e = obj as unknown as Event;
  const errs: FieldError[] = [];
  const ns = obj.metadata.namespace ?? '';
  const involvedNs = e.involvedObject?.namespace ?? '';
  if (!e.eventTime) {
    if (!involvedNs) {
      if (ns !== '' && ns !== 'default')
        errs.push(invalidStr('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    } else if (ns !== involvedNs)
      errs.push(invalidStr('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  } else {
    if (!involvedNs && ns !== 'default' && ns !== 'kube-system')
      errs.push(invalidStr('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    const rc = e.reportingComponent ?? '';
    if (!rc) errs.push(required('source'));
    errs.push(...isQualifiedName(rc).map((m) => invalidStr('source', rc, m)));
    if (!e.reportingInstance) errs.push(required('reportingInstance'));
    if ((e.reportingInstance ?? '').length > 128)
      errs.push(invalidStr('reportingInstance', '', 'can have at most 128 characters'));
    if (!e.action) errs.push(required('action'));
    if ((e.action ?? '').length > 128) errs.push(invalidStr('action', '', 'can have at most 128 characters'));
    if (!e.reason) errs.push(required('reason'));
    if ((e.reason ?? '').length > 128) errs.push(invalidStr('reason', '', 'can have at most 128 characters'));
    if ((e.message ?? '').length > 1024)
      errs.push(invalidStr('message', '', 'can have at most 1024 characters'));
  }
  for (const m of isDNS1123Subdomain(ns)) errs.push(invalidStr('namespace', ns, m));
  return errs;
}

export const eventStrategy: KindStrategy = {
  validate: validateEvent,
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateEvent(obj));
  },
};

// ---------------------------------------------------------------------------------------------
// ConfigMap and Secret
// ---------------------------------------------------------------------------------------------

/** Bytes in a base64 string (the decoder already rejected malformed ones). */
const base64Size = (s: string): number => {
  const clean = s.replace(/[\r\n]/g, '');
  return Math.floor((clean.length * 3) / 4) - (clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0);
};

const utf8Size = (s: string): number => new TextEncoder().encode(s).length;

function validateConfigMap(obj: KubeObject): FieldError[] {
  const cm = obj as unknown as ConfigMap;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  let total = 0;
  const data = cm.data ?? {};
  const binary = cm.binaryData ?? {};
  for (const k of sortedKeys(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidStr(key('data', k), k, m));
    if (k in binary) errs.push(invalidStr(key('data', k), k, 'duplicate of key present in binaryData'));
    total += utf8Size(data[k] ?? '');
  }
  for (const k of sortedKeys(binary)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidStr(key('binaryData', k), k, m));
    total += base64Size(binary[k] ?? '');
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('', '', MAX_SECRET_SIZE));
  return errs;
}

function immutableData(obj: KubeObject, old: KubeObject, fields: string[]): FieldError[] {
  const errs: FieldError[] = [];
  if ((old as { immutable?: boolean }).immutable !== true) return errs;
  if ((obj as { immutable?: boolean }).immutable !== true)
    errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  for (const f of fields)
    if (!jsonEqual(obj[f] ?? {}, old[f] ?? {}))
      errs.push(forbidden(f, 'field is immutable when `immutable` is set'));
  return errs;
}

export const configMapStrategy: KindStrategy = {
  validate: validateConfigMap,
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(
      immutableData(obj, old, ['data', 'binaryData']),
      validateConfigMap(obj),
    );
  },
};

/** UTF-8 → base64, as the v1 → internal conversion stores `stringData`. */
function base64OfString(s: string): string {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}

function validateSecret(obj: KubeObject): FieldError[] {
  const s = obj as unknown as Secret;
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  const data = s.data ?? {};
  let total = 0;
  for (const k of sortedKeys(data)) {
    for (const m of isConfigMapKey(k)) errs.push(invalidStr(key('data', k), k, m));
    total += base64Size(data[k] ?? '');
  }
  if (total > MAX_SECRET_SIZE) errs.push(tooLong('data', '', MAX_SECRET_SIZE));
  const need = (k: string): void => {
    if (!(k in data)) errs.push(required(key('data', k)));
  };
  const jsonData = (k: string): void => {
    if (!(k in data)) return need(k);
    try {
      JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(data[k] ?? ''), (c) => c.charCodeAt(0))));
    } catch (e) {
      errs.push(
        invalidStr(key('data', k), '<secret contents redacted>', e instanceof Error ? e.message : String(e)),
      );
    }
  };
  switch (s.type) {
    case 'kubernetes.io/service-account-token':
      if (!s.metadata?.annotations?.['kubernetes.io/service-account.name'])
        errs.push(required(key('metadata.annotations', 'kubernetes.io/service-account.name')));
      break;
    case 'kubernetes.io/dockercfg':
      jsonData('.dockercfg');
      break;
    case 'kubernetes.io/dockerconfigjson':
      jsonData('.dockerconfigjson');
      break;
    case 'kubernetes.io/basic-auth':
      if (!('username' in data) && !('password' in data)) {
        need('username');
        need('password');
      }
      break;
    case 'kubernetes.io/ssh-auth':
      if (!data['ssh-privatekey']) errs.push(required(key('data', 'ssh-privatekey')));
      break;
    case 'kubernetes.io/tls':
      need('tls.crt');
      need('tls.key');
      break;
  }
  return errs;
}

export const secretStrategy: KindStrategy = {
  default(obj) {
    const s = obj as unknown as Secret;
    if (!s.type) s.type = 'Opaque';
    // Convert_v1_Secret_To_core_Secret: stringData is merged into data (and then dropped).
    if (has(s.stringData)) {
      const data = (s.data ??= {});
      for (const [k, v] of Object.entries(s.stringData)) data[k] = base64OfString(v);
    }
    delete s.stringData;
  },
  validate: validateSecret,
  validateUpdate(obj, old) {
    const errs = validateObjectMetaUpdate(obj, old);
    const t = (obj as unknown as Secret).type;
    const ot = (old as unknown as Secret).type;
    if (t !== ot) errs.push(invalidStr('type', t ?? '', 'field is immutable'));
    return errs.concat(immutableData(obj, old, ['data']), validateSecret(obj));
  },
};

// ---------------------------------------------------------------------------------------------
// ServiceAccount
// ---------------------------------------------------------------------------------------------

export const serviceAccountStrategy: KindStrategy = {
  validate(obj) {
    return validateObjectMeta(obj, true, nameIsDNSSubdomain);
  },
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateObjectMeta(obj, true, nameIsDNSSubdomain));
  },
};

// ---------------------------------------------------------------------------------------------
// Endpoints
// ---------------------------------------------------------------------------------------------

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

/** `validateEndpointPort` (shared with EndpointSlices' looser rules elsewhere). */
function validateEndpointPort(p: EndpointPort, requireName: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (requireName && !p.name) errs.push(required(child(path, 'name')));
  else if (p.name)
    errs.push(...isDNS1123Label(p.name).map((m) => invalidStr(child(path, 'name'), p.name!, m)));
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(invalid(child(path, 'port'), p.port ?? 0, m));
  if (!p.protocol) errs.push(required(child(path, 'protocol')));
  else if (!PROTOCOLS.includes(p.protocol))
    errs.push(notSupported(child(path, 'protocol'), p.protocol, PROTOCOLS));
  if (p.appProtocol != null)
    errs.push(
      ...isQualifiedName(p.appProtocol).map((m) => invalidStr(child(path, 'appProtocol'), p.appProtocol!, m)),
    );
  return errs;
}

function validateEndpoints(obj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(obj, true, nameIsDNSSubdomain);
  ((obj as unknown as Endpoints).subsets ?? []).forEach((ss, i) => {
    const p = index('subsets', i);
    if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length)
      errs.push(required(p, 'must specify `addresses` or `notReadyAddresses`'));
    for (const list of ['addresses', 'notReadyAddresses'] as const)
      (ss[list] ?? []).forEach((a, j) => {
        const ap = index(child(p, list), j);
        errs.push(...validateIP(child(ap, 'ip'), a.ip ?? ''));
        if (a.hostname)
          errs.push(
            ...isDNS1123Label(a.hostname).map((m) => invalidStr(child(ap, 'hostname'), a.hostname!, m)),
          );
        if (a.nodeName != null)
          for (const m of nameIsDNSSubdomain(a.nodeName, false))
            errs.push(invalidStr(child(ap, 'nodeName'), a.nodeName, m));
        errs.push(...validateNonSpecialIP(child(ap, 'ip'), a.ip ?? ''));
      });
    (ss.ports ?? []).forEach((port, j) =>
      errs.push(...validateEndpointPort(port, (ss.ports ?? []).length > 1, index(child(p, 'ports'), j))),
    );
  });
  return errs;
}

export const endpointsStrategy: KindStrategy = {
  default(obj) {
    for (const ss of (obj as unknown as Endpoints).subsets ?? [])
      for (const p of ss.ports ?? []) if (has(p) && !p.protocol) p.protocol = 'TCP';
  },
  validate: validateEndpoints,
  validateUpdate(obj, old) {
    return validateObjectMetaUpdate(obj, old).concat(validateEndpoints(obj));
  },
};
