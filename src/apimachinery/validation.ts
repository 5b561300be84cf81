/**
 * Name, label and metadata validation, ported from k8s.io/apimachinery v0.32:
 * `pkg/util/validation` (the `Is…` string checks that return message lists),
 * `pkg/apis/meta/v1/validation` (ValidateLabels, ValidateLabelSelector) and
 * `pkg/api/validation` (ValidateObjectMeta and its helpers, the name functions).
 *
 * The `Is…` functions return the exact upstream message strings, which the API server wraps in
 * field errors such as `metadata.name: Invalid value: "My_App": a lowercase RFC 1123 subdomain …`
 * (reference §12.4). Go measures lengths in bytes, so the checks here do too.
 *
 * Where upstream iterates a Go map (labels, annotations), the order of its errors is random; the
 * port sorts keys so that the simulator is deterministic.
 */
import { child, forbidden, goSyntax, index, invalid, required, tooLong, type FieldError } from './field';
import { goCompareStrings, goQuote, goStringSliceSyntax, utf8Length } from './golang';

// ---------------------------------------------------------------------------------------------
// Message builders (validation.go)
// ---------------------------------------------------------------------------------------------

/** `MaxLenError`. v0.32 says "characters"; releases from v0.34 say "bytes". */
export const maxLenError = (length: number): string => `must be no more than ${length} characters`;

/** `RegexError`: the message, examples and the regex the value had to match. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = msg + ' (e.g. ';
  examples.forEach((ex, i) => {
    if (i > 0) out += ' or ';
    out += `'${ex}', `;
  });
  return out + `regex used for validation is '${fmt}')`;
}

export const emptyError = (): string => 'must be non-empty';

export const inclusiveRangeError = (lo: number, hi: number): string =>
  `must be between ${lo} and ${hi}, inclusive`;

const prefixEach = (msgs: string[], prefix: string): string[] => msgs.map((m) => prefix + m);

const anchored = (fmt: string): RegExp => new RegExp(`^(?:${fmt})$`);

// ---------------------------------------------------------------------------------------------
// Qualified names and label values
// ---------------------------------------------------------------------------------------------

const qnameCharFmt = '[A-Za-z0-9]';
const qnameExtCharFmt = '[-A-Za-z0-9_.]';
export const qualifiedNameFmt = `(${qnameCharFmt}${qnameExtCharFmt}*)?${qnameCharFmt}`;
const qualifiedNameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const qualifiedNameMaxLength = 63;
const qualifiedNameRegexp = anchored(qualifiedNameFmt);

/**
 * `IsQualifiedName`: an optional DNS-subdomain prefix and `/`, then a name of at most 63
 * characters. Label keys, annotation keys and finalizers use it.
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) errs.push('prefix part ' + emptyError());
    else {
      const msgs = isDNS1123Subdomain(prefix);
      if (msgs.length) errs.push(...prefixEach(msgs, 'prefix part '));
    }
  } else {
    return [
      'a qualified name ' +
        regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc') +
        " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ];
  }
  if (name.length === 0) errs.push('name part ' + emptyError());
  else if (utf8Length(name) > qualifiedNameMaxLength)
    errs.push('name part ' + maxLenError(qualifiedNameMaxLength));
  if (!qualifiedNameRegexp.test(name)) {
    errs.push(
      'name part ' + regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc'),
    );
  }
  return errs;
}

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LabelValueMaxLength = 63;
const labelValueRegexp = anchored(labelValueFmt);

/** `IsValidLabelValue`: empty, or at most 63 characters of the qualified-name alphabet. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > LabelValueMaxLength) errs.push(maxLenError(LabelValueMaxLength));
  if (!labelValueRegexp.test(value)) {
    errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// DNS names
// ---------------------------------------------------------------------------------------------

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123LabelMaxLength = 63;
const dns1123LabelRegexp = anchored(dns1123LabelFmt);

const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrorMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123SubdomainMaxLength = 253;
const dns1123SubdomainRegexp = anchored(dns1123SubdomainFmt);

/** `IsDNS1123Label`: namespace names, container names, port names' cousins. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!dns1123LabelRegexp.test(value)) {
    // A valid subdomain that is not a valid label can only be failing because of its dots.
    if (dns1123SubdomainRegexp.test(value)) errs.push('must not contain dots');
    else errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  }
  return errs;
}

/** `IsDNS1123Subdomain`: most object names (Pods, Deployments, ConfigMaps…). */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!dns1123SubdomainRegexp.test(value)) {
    errs.push(regexError(dns1123SubdomainErrorMsg, dns1123SubdomainFmt, 'example.com'));
  }
  return errs;
}

const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035LabelMaxLength = 63;
const dns1035LabelRegexp = anchored(dns1035LabelFmt);

/** `IsDNS1035Label`: Service names (they become DNS names and env var prefixes). */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1035LabelMaxLength) errs.push(maxLenError(DNS1035LabelMaxLength));
  if (!dns1035LabelRegexp.test(value)) {
    errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  }
  return errs;
}

const wildcardDNS1123SubdomainFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardDNS1123SubdomainErrMsg =
  "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";

/** `IsWildcardDNS1123Subdomain`: Ingress hosts like `*.example.com`. */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!anchored(wildcardDNS1123SubdomainFmt).test(value)) {
    errs.push(regexError(wildcardDNS1123SubdomainErrMsg, wildcardDNS1123SubdomainFmt, '*.example.com'));
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Other string and number checks
// ---------------------------------------------------------------------------------------------

const cIdentifierFmt = '[A-Za-z_][A-Za-z0-9_]*';
const identifierErrMsg =
  "a valid C identifier must start with alphabetic character or '_', followed by a string of alphanumeric characters or '_'";

/** `IsCIdentifier`. */
export function isCIdentifier(value: string): string[] {
  if (!anchored(cIdentifierFmt).test(value)) {
    return [regexError(identifierErrMsg, cIdentifierFmt, 'my_name', 'MY_NAME', 'MyName')];
  }
  return [];
}

/** `IsValidPortNum`: 1..65535. */
export function isValidPortNum(port: number): string[] {
  if (port >= 1 && port <= 65535) return [];
  return [inclusiveRangeError(1, 65535)];
}

/** `IsInRange`. */
export function isInRange(value: number, min: number, max: number): string[] {
  if (value >= min && value <= max) return [];
  return [inclusiveRangeError(min, max)];
}

/** `IsValidGroupID` / `IsValidUserID`: 0..2^32-1. */
export function isValidGroupID(gid: number): string[] {
  return gid >= 0 && gid <= 0xffffffff ? [] : [inclusiveRangeError(0, 0xffffffff)];
}
export function isValidUserID(uid: number): string[] {
  return uid >= 0 && uid <= 0xffffffff ? [] : [inclusiveRangeError(0, 0xffffffff)];
}

/**
 * `IsValidPortName` (IANA service names): at most 15 characters of [-a-z0-9], at least one
 * letter, no `--`, no leading or trailing `-`. Every failing rule adds its own message.
 */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (utf8Length(port) > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-')))
    errs.push('must not begin or end with a hyphen');
  return errs;
}

const percentFmt = '[0-9]+%';
const percentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";

/** `IsValidPercent`. */
export function isValidPercent(percent: string): string[] {
  if (!anchored(percentFmt).test(percent)) return [regexError(percentErrMsg, percentFmt, '1%', '93%')];
  return [];
}

const httpHeaderNameFmt = '[-A-Za-z0-9]+';
const httpHeaderNameErrMsg = "a valid HTTP header must consist of alphanumeric characters or '-'";

/** `IsHTTPHeaderName`. */
export function isHTTPHeaderName(value: string): string[] {
  if (!anchored(httpHeaderNameFmt).test(value)) {
    return [regexError(httpHeaderNameErrMsg, httpHeaderNameFmt, 'X-Header-Name')];
  }
  return [];
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

const envVarNameFmt = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const envVarNameFmtErrMsg =
  "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit";

/** `IsEnvVarName` (the strict rule). */
export function isEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (!anchored(envVarNameFmt).test(value)) {
    errs.push(regexError(envVarNameFmtErrMsg, envVarNameFmt, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

/** `IsRelaxedEnvVarName` (RelaxedEnvironmentVariableValidation): printable ASCII except '='. */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push('environment variable name ' + emptyError());
  for (const ch of value) {
    const r = ch.codePointAt(0) ?? 0;
    if (r > 0x7f || r < 0x20 || r === 0x7f || ch === '=') {
      errs.push(
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      );
      break;
    }
  }
  return errs;
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

/** `IsConfigMapKey`: keys of ConfigMap/Secret data. */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!anchored(configMapKeyFmt).test(value)) {
    errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  }
  errs.push(...hasChDirPrefix(value));
  return errs;
}

// ---------------------------------------------------------------------------------------------
// Name functions (pkg/api/validation/generic.go)
// ---------------------------------------------------------------------------------------------

/** `ValidateNameFunc`: `prefix` is true when checking a generateName prefix. */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

export const IsNegativeErrorMsg = 'must be greater than or equal to 0';
export const FieldImmutableErrorMsg = 'field is immutable';

/**
 * `maskTrailingDash`: a generateName like `web-` is valid although it ends in a dash, because a
 * random suffix follows. Upstream replaces the last two characters with `a` (a quirk: `ab-`
 * is checked as `aa`), and so does the port.
 */
export function maskTrailingDash(name: string): string {
  if (name.length > 1 && name.endsWith('-')) return name.slice(0, name.length - 2) + 'a';
  return name;
}

/** `NameIsDNSSubdomain`. */
export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

/** `NameIsDNSLabel`. */
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

/** `NameIsDNS1035Label`. */
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

/** `ValidateNamespaceName`. */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;

// ---------------------------------------------------------------------------------------------
// FieldError validators
// ---------------------------------------------------------------------------------------------

/** A string bad value, quoted as Go's `%q` would quote it. */
const invalidString = (path: string, value: string, detail: string): FieldError =>
  invalid(path, goSyntax(goQuote(value)), detail);

const sortedKeys = (m: Record<string, string> | undefined | null): string[] =>
  Object.keys(m ?? {}).sort(goCompareStrings);

/** `ValidateLabelName` (metav1 validation). */
export function validateLabelName(labelName: string, fldPath: string): FieldError[] {
  return isQualifiedName(labelName).map((msg) => invalidString(fldPath, labelName, msg));
}

/** `ValidateLabels`: every key a qualified name, every value a label value. */
export function validateLabels(
  labels: Record<string, string> | undefined | null,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of sortedKeys(labels)) {
    const v = labels?.[k] ?? '';
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(v)) errs.push(invalidString(fldPath, v, msg));
  }
  return errs;
}

/** 256 KiB: the total of all annotation keys and values. */
export const TotalAnnotationSizeLimitB = 256 * (1 << 10);

/** `ValidateAnnotationsSize`: the error text upstream builds (callers report TooLong instead). */
export function validateAnnotationsSize(
  annotations: Record<string, string> | undefined | null,
): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) total += utf8Length(k) + utf8Length(v);
  if (total > TotalAnnotationSizeLimitB) {
    return `annotations size ${total} is larger than limit ${TotalAnnotationSizeLimitB}`;
  }
  return undefined;
}

/** `ValidateAnnotations`: keys are qualified names (case-insensitive), total size ≤ 256 KiB. */
export function validateAnnotations(
  annotations: Record<string, string> | undefined | null,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of sortedKeys(annotations)) {
    // "The rule is QualifiedName except that case doesn't matter, so convert to lowercase."
    for (const msg of isQualifiedName(k.toLowerCase())) errs.push(invalidString(fldPath, k, msg));
  }
  if (validateAnnotationsSize(annotations) !== undefined)
    errs.push(tooLong(fldPath, '', TotalAnnotationSizeLimitB));
  return errs;
}

/** `ValidateNonnegativeField`. */
export function validateNonnegativeField(value: number, fldPath: string): FieldError[] {
  return value < 0 ? [invalid(fldPath, value, IsNegativeErrorMsg)] : [];
}

/** `ValidateFinalizerName` (apimachinery part: a qualified name). */
export function validateFinalizerName(value: string, fldPath: string): FieldError[] {
  return isQualifiedName(value).map((msg) => invalidString(fldPath, value, msg));
}

export const FinalizerOrphanDependents = 'orphan';
export const FinalizerDeleteDependents = 'foregroundDeletion';

/** `ValidateFinalizers`: names, and not both `orphan` and `foregroundDeletion`. */
export function validateFinalizers(
  finalizers: readonly string[] | undefined | null,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let orphan = false;
  let foreground = false;
  for (const f of finalizers ?? []) {
    errs.push(...validateFinalizerName(f, fldPath));
    if (f === FinalizerOrphanDependents) orphan = true;
    if (f === FinalizerDeleteDependents) foreground = true;
  }
  if (orphan && foreground) {
    errs.push(
      invalid(
        fldPath,
        goSyntax(goStringSliceSyntax(finalizers ?? null)),
        `finalizer ${FinalizerOrphanDependents} and ${FinalizerDeleteDependents} cannot be both set`,
      ),
    );
  }
  return errs;
}

/** The parts of metav1.OwnerReference that validation reads. */
export interface OwnerReferenceLike {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** `schema.FromAPIVersionAndKind`: `apps/v1` → group apps, version v1; bad strings give no group/version. */
function groupVersionOf(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const slashes = apiVersion.split('/').length - 1;
  if (slashes === 0) return { group: '', version: apiVersion };
  if (slashes === 1) {
    const i = apiVersion.indexOf('/');
    return { group: apiVersion.slice(0, i), version: apiVersion.slice(i + 1) };
  }
  return { group: '', version: '' };
}

/**
 * Go's `%#v` of a v1.OwnerReference. Go prints a set pointer as its address; the simulator has no
 * addresses, so a set `controller` prints as `(*bool)(true)`.
 */
function ownerReferenceSyntax(r: OwnerReferenceLike): string {
  const ptr = (b: boolean | undefined): string => (b === undefined ? '(*bool)(nil)' : `(*bool)(${b})`);
  return (
    `v1.OwnerReference{APIVersion:${goQuote(r.apiVersion ?? '')}, Kind:${goQuote(r.kind ?? '')}, ` +
    `Name:${goQuote(r.name ?? '')}, UID:${goQuote(r.uid ?? '')}, Controller:${ptr(r.controller)}, ` +
    `BlockOwnerDeletion:${ptr(r.blockOwnerDeletion)}}`
  );
}

function validateOwnerReference(ref: OwnerReferenceLike, fldPath: string): FieldError[] {
  const errs: FieldError[] = [];
  const gv = groupVersionOf(ref.apiVersion ?? '');
  const kind = ref.kind ?? '';
  if (gv.version.length === 0) {
    errs.push(invalidString(child(fldPath, 'apiVersion'), ref.apiVersion ?? '', 'version must not be empty'));
  }
  if (kind.length === 0) errs.push(invalidString(child(fldPath, 'kind'), kind, 'must not be empty'));
  if (!ref.name) errs.push(invalidString(child(fldPath, 'name'), ref.name ?? '', 'must not be empty'));
  if (!ref.uid) errs.push(invalidString(child(fldPath, 'uid'), ref.uid ?? '', 'must not be empty'));
  // BannedOwners: an Event may not own anything.
  if (gv.group === '' && gv.version === 'v1' && kind === 'Event') {
    errs.push(
      invalid(
        fldPath,
        goSyntax(ownerReferenceSyntax(ref)),
        `${gv.group}/${gv.version}, Kind=${kind} is disallowed from being an owner`,
      ),
    );
  }
  return errs;
}

/** `ValidateOwnerReferences`: each reference complete, and at most one controller. */
export function validateOwnerReferences(
  refs: readonly OwnerReferenceLike[] | undefined | null,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    errs.push(...validateOwnerReference(ref, fldPath));
    if (ref.controller) {
      const current = `${ref.kind ?? ''}/${ref.name ?? ''}`;
      if (firstController !== '') {
        errs.push(
          invalid(
            fldPath,
            goSyntax(`[]v1.OwnerReference{${(refs ?? []).map(ownerReferenceSyntax).join(', ')}}`),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else firstController = current;
    }
  }
  return errs;
}

/** The parts of metav1.ObjectMeta that ValidateObjectMeta reads. */
export interface ObjectMetaLike {
  name?: string;
  generateName?: string;
  namespace?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: readonly OwnerReferenceLike[];
  finalizers?: readonly string[];
  resourceVersion?: string;
  uid?: string;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  deletionGracePeriodSeconds?: number | null;
}

/**
 * `ValidateObjectMeta` (apimachinery): generateName and name through `nameFn`, namespace
 * presence, generation, labels, annotations, owner references and finalizers. It expects name
 * generation to have happened already (an empty name means neither was given).
 * `fldPath` is usually `metadata`.
 */
export function validateObjectMeta(
  meta: ObjectMetaLike,
  requiresNamespace: boolean,
  nameFn: ValidateNameFunc,
  fldPath = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  const generateName = meta.generateName ?? '';
  const name = meta.name ?? '';
  if (generateName.length !== 0) {
    for (const msg of nameFn(generateName, true)) {
      errs.push(invalidString(child(fldPath, 'generateName'), generateName, msg));
    }
  }
  if (name.length === 0) {
    errs.push(required(child(fldPath, 'name'), 'name or generateName is required'));
  } else {
    for (const msg of nameFn(name, false)) errs.push(invalidString(child(fldPath, 'name'), name, msg));
  }
  return errs.concat(validateObjectMetaCommon(meta, requiresNamespace, fldPath));
}

function validateObjectMetaCommon(
  meta: ObjectMetaLike,
  isNamespaced: boolean,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const namespace = meta.namespace ?? '';
  if (isNamespaced) {
    if (namespace.length === 0) errs.push(required(child(fldPath, 'namespace')));
    else {
      for (const msg of validateNamespaceName(namespace, false)) {
        errs.push(invalidString(child(fldPath, 'namespace'), namespace, msg));
      }
    }
  } else if (namespace.length !== 0) {
    errs.push(forbidden(child(fldPath, 'namespace'), 'not allowed on this type'));
  }
  errs.push(...validateNonnegativeField(meta.generation ?? 0, child(fldPath, 'generation')));
  errs.push(...validateLabels(meta.labels, child(fldPath, 'labels')));
  errs.push(...validateAnnotations(meta.annotations, child(fldPath, 'annotations')));
  errs.push(...validateOwnerReferences(meta.ownerReferences, child(fldPath, 'ownerReferences')));
  errs.push(...validateFinalizers(meta.finalizers, child(fldPath, 'finalizers')));
  return errs;
}

/**
 * `ValidateObjectMetaUpdate`: no new finalizers while deleting, resourceVersion present,
 * generation not decremented, identity fields immutable, then labels/annotations/owners/finalizers.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMetaLike,
  oldMeta: ObjectMetaLike,
  fldPath = 'metadata',
): FieldError[] {
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    const old = new Set(oldMeta.finalizers ?? []);
    const extra = [...new Set(newMeta.finalizers ?? [])].filter((f) => !old.has(f)).sort(goCompareStrings);
    if (extra.length) {
      errs.push(
        forbidden(
          child(fldPath, 'finalizers'),
          `no new finalizers can be added if the object is being deleted, found new finalizers ${goStringSliceSyntax(extra)}`,
        ),
      );
    }
  }
  if (!newMeta.resourceVersion) {
    errs.push(invalidString(child(fldPath, 'resourceVersion'), '', 'must be specified for an update'));
  }
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0)) {
    errs.push(invalid(child(fldPath, 'generation'), newMeta.generation ?? 0, 'must not be decremented'));
  }
  const immutableString = (field: 'name' | 'namespace' | 'uid', n?: string, o?: string): void => {
    if ((n ?? '') !== (o ?? ''))
      errs.push(invalidString(child(fldPath, field), n ?? '', FieldImmutableErrorMsg));
  };
  immutableString('name', newMeta.name, oldMeta.name);
  immutableString('namespace', newMeta.namespace, oldMeta.namespace);
  immutableString('uid', newMeta.uid, oldMeta.uid);
  // metav1.Time values print through their String() method (`2026-01-01 00:00:00 +0000 UTC`);
  // the API server normally restores these fields before validation, so only the field matters.
  const immutableOther = (field: string, n: unknown, o: unknown, render: string): void => {
    if ((n ?? null) !== (o ?? null))
      errs.push(invalid(child(fldPath, field), goSyntax(render), FieldImmutableErrorMsg));
  };
  immutableOther(
    'creationTimestamp',
    newMeta.creationTimestamp,
    oldMeta.creationTimestamp,
    goTimeString(newMeta.creationTimestamp),
  );
  immutableOther(
    'deletionTimestamp',
    newMeta.deletionTimestamp,
    oldMeta.deletionTimestamp,
    newMeta.deletionTimestamp ? goTimeString(newMeta.deletionTimestamp) : 'null',
  );
  immutableOther(
    'deletionGracePeriodSeconds',
    newMeta.deletionGracePeriodSeconds,
    oldMeta.deletionGracePeriodSeconds,
    newMeta.deletionGracePeriodSeconds == null ? 'null' : String(newMeta.deletionGracePeriodSeconds),
  );
  errs.push(...validateLabels(newMeta.labels, child(fldPath, 'labels')));
  errs.push(...validateAnnotations(newMeta.annotations, child(fldPath, 'annotations')));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, child(fldPath, 'ownerReferences')));
  errs.push(...validateFinalizers(newMeta.finalizers, child(fldPath, 'finalizers')));
  return errs;
}

/** Go's `time.Time.String()` for an RFC 3339 UTC timestamp: `2026-01-01 00:00:00 +0000 UTC`. */
function goTimeString(ts: string | null | undefined): string {
  if (!ts) return '0001-01-01 00:00:00 +0000 UTC';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(ts);
  return m ? `${m[1]} ${m[2]}${m[3] ?? ''} +0000 UTC` : ts;
}

// ---------------------------------------------------------------------------------------------
// Label selectors (metav1 validation)
// ---------------------------------------------------------------------------------------------

/** The wire shape of metav1.LabelSelector (kubernetes-types' LabelSelector is assignable to it). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

export interface LabelSelectorValidationOptions {
  /** Skip label-value validation of matchExpressions values (used for objects stored before it existed). */
  allowInvalidLabelValueInSelector?: boolean;
}

/** `ValidateLabelSelectorRequirement`. */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  opts: LabelSelectorValidationOptions,
  fldPath: string,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errs.push(required(child(fldPath, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errs.push(
          forbidden(
            child(fldPath, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      errs.push(invalidString(child(fldPath, 'operator'), sr.operator, 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(sr.key, child(fldPath, 'key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((value, i) => {
      for (const msg of isValidLabelValue(value))
        errs.push(invalidString(index(child(fldPath, 'values'), i), value, msg));
    });
  }
  return errs;
}

/** `ValidateLabelSelector`: matchLabels as labels, then each matchExpression. */
export function validateLabelSelector(
  ps: LabelSelector | undefined | null,
  opts: LabelSelectorValidationOptions,
  fldPath: string,
): FieldError[] {
  if (!ps) return [];
  const errs = validateLabels(ps.matchLabels, child(fldPath, 'matchLabels'));
  (ps.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, opts, index(child(fldPath, 'matchExpressions'), i)));
  });
  return errs;
}
