import { describe, expect, it } from 'vitest';
import { fieldErrorString, type FieldError } from '../../../src/apimachinery/field';
import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isEnvVarName,
  isQualifiedName,
  isValidLabelValue,
  isValidPercent,
  isValidPortName,
  isValidPortNum,
  maskTrailingDash,
  nameIsDNSSubdomain,
  validateAnnotations,
  validateLabelSelector,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateOwnerReferences,
} from '../../../src/apimachinery/validation';

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const strings = (errs: FieldError[]): string[] => errs.map(fieldErrorString);

describe('reference §12.4 messages', () => {
  it('bad object name', () => {
    expect(
      strings(validateObjectMeta({ name: 'My_App', namespace: 'default' }, true, nameIsDNSSubdomain)),
    ).toEqual([`metadata.name: Invalid value: "My_App": ${SUBDOMAIN_MSG}`]);
  });

  it('bad container name (DNS-1123 label)', () => {
    expect(isDNS1123Label('Web')).toEqual([LABEL_MSG]);
  });
});

describe('Is… string checks', () => {
  it.each([
    ['simple', []],
    ['now-with-dashes', []],
    ['1-starts-with-num', []],
    ['1234', []],
    ['simple/simple', []],
    ['now-with-dashes/simple', []],
    ['example.com/Upper_Case.Name', []],
    ['a'.repeat(63), []],
    ['a'.repeat(64), ['name part must be no more than 63 characters']],
    ['-bad', [NAME_PART_MSG]],
    ['', ['name part must be non-empty', NAME_PART_MSG]],
    ['/simple', ['prefix part must be non-empty']],
    ['Example.com/x', [`prefix part ${SUBDOMAIN_MSG}`]],
    [
      'a/b/c',
      [
        "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
      ],
    ],
  ])('isQualifiedName(%j)', (value, expected) => {
    expect(isQualifiedName(value)).toEqual(expected);
  });

  it('label values', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('V-1.x_y')).toEqual([]);
    expect(isValidLabelValue('a b')).toEqual([VALUE_MSG]);
    expect(isValidLabelValue('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    // Lengths are bytes, as Go's len(): 32 two-byte characters are 64 bytes.
    expect(isValidLabelValue('é'.repeat(32))).toEqual(['must be no more than 63 characters', VALUE_MSG]);
  });

  it('DNS names', () => {
    expect(isDNS1123Label('my-name')).toEqual([]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isDNS1123Subdomain('example.com')).toEqual([]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isDNS1123Subdomain('-a')).toEqual([SUBDOMAIN_MSG]);
    expect(isDNS1035Label('1abc')).toEqual([
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });

  it('ports, percents, env vars and config keys', () => {
    expect(isValidPortNum(0)).toEqual(['must be between 1 and 65535, inclusive']);
    expect(isValidPortNum(8080)).toEqual([]);
    expect(isValidPortName('http')).toEqual([]);
    expect(isValidPortName('-a--b-')).toEqual([
      'must not contain consecutive hyphens',
      'must not begin or end with a hyphen',
    ]);
    expect(isValidPortName('1234567890123456')).toEqual([
      'must be no more than 15 characters',
      'must contain at least one letter (a-z)',
    ]);
    expect(isValidPercent('25%')).toEqual([]);
    expect(isValidPercent('25')).toEqual([
      "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
    ]);
    expect(isEnvVarName('MY_VAR')).toEqual([]);
    expect(isEnvVarName('..x')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('a/b')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('maskTrailingDash replaces the last two characters (upstream quirk)', () => {
    expect(maskTrailingDash('web-')).toBe('wea');
    expect(maskTrailingDash('-')).toBe('-');
    expect(nameIsDNSSubdomain('web-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('web-', false)).toEqual([SUBDOMAIN_MSG]);
  });
});

describe('ValidateObjectMeta', () => {
  it('requires a name and a namespace for namespaced kinds', () => {
    expect(strings(validateObjectMeta({}, true, nameIsDNSSubdomain))).toEqual([
      'metadata.name: Required value: name or generateName is required',
      'metadata.namespace: Required value',
    ]);
  });

  it('forbids a namespace on cluster-scoped kinds', () => {
    expect(strings(validateObjectMeta({ name: 'n', namespace: 'x' }, false, nameIsDNSSubdomain))).toEqual([
      'metadata.namespace: Forbidden: not allowed on this type',
    ]);
  });

  it('checks generateName, labels and annotations', () => {
    const errs = strings(
      validateObjectMeta(
        {
          generateName: 'Bad-',
          name: 'ok',
          namespace: 'default',
          labels: { app: 'a b' },
          annotations: { 'Example.com/Key': 'x', 'bad key': 'y' },
          generation: -1,
        },
        true,
        nameIsDNSSubdomain,
      ),
    );
    expect(errs).toEqual([
      `metadata.generateName: Invalid value: "Bad-": ${SUBDOMAIN_MSG}`,
      'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
      `metadata.labels: Invalid value: "a b": ${VALUE_MSG}`,
      `metadata.annotations: Invalid value: "bad key": ${NAME_PART_MSG}`,
    ]);
  });

  it('limits the total annotation size to 256 KiB', () => {
    expect(strings(validateAnnotations({ a: 'x'.repeat(262143) }, 'metadata.annotations'))).toEqual([]);
    expect(strings(validateAnnotations({ a: 'x'.repeat(262144) }, 'metadata.annotations'))).toEqual([
      'metadata.annotations: Too long: may not be more than 262144 bytes',
    ]);
  });

  it('validates owner references and finalizers', () => {
    expect(
      strings(
        validateOwnerReferences(
          [
            { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'a', uid: '1', controller: true },
            { apiVersion: '', kind: 'ReplicaSet', name: 'b', uid: '2', controller: true },
          ],
          'metadata.ownerReferences',
        ),
      ),
    ).toEqual([
      'metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
      'metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{APIVersion:"apps/v1", Kind:"ReplicaSet", Name:"a", UID:"1", Controller:(*bool)(true), BlockOwnerDeletion:(*bool)(nil)}, v1.OwnerReference{APIVersion:"", Kind:"ReplicaSet", Name:"b", UID:"2", Controller:(*bool)(true), BlockOwnerDeletion:(*bool)(nil)}}: Only one reference can have Controller set to true. Found "true" in references for ReplicaSet/a and ReplicaSet/b',
    ]);
    expect(
      strings(
        validateObjectMeta(
          { name: 'n', finalizers: ['orphan', 'foregroundDeletion'] },
          false,
          nameIsDNSSubdomain,
        ),
      ),
    ).toEqual([
      'metadata.finalizers: Invalid value: []string{"orphan", "foregroundDeletion"}: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
  });

  it('update: immutable identity, resourceVersion, finalizers while deleting', () => {
    const old = {
      name: 'a',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '5',
      generation: 2,
      deletionTimestamp: '2026-01-01T00:00:00Z',
      finalizers: ['x.io/a'],
    };
    expect(
      strings(
        validateObjectMetaUpdate(
          { ...old, name: 'b', resourceVersion: '', generation: 1, finalizers: ['x.io/a', 'x.io/b'] },
          old,
        ),
      ),
    ).toEqual([
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"x.io/b"}',
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
      'metadata.generation: Invalid value: 1: must not be decremented',
      'metadata.name: Invalid value: "b": field is immutable',
    ]);
  });
});

describe('ValidateLabelSelector', () => {
  it('reports operator, values and key problems', () => {
    expect(
      strings(
        validateLabelSelector(
          {
            matchLabels: { '-x': 'y' },
            matchExpressions: [
              { key: 'a', operator: 'In' },
              { key: 'b', operator: 'Exists', values: ['v'] },
              { key: 'c', operator: 'Gt', values: ['1'] },
              { key: 'd', operator: 'NotIn', values: ['-v'] },
            ],
          },
          {},
          'spec.selector',
        ),
      ),
    ).toEqual([
      `spec.selector.matchLabels: Invalid value: "-x": ${NAME_PART_MSG}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Gt": not a valid selector operator',
      `spec.selector.matchExpressions[3].values[0]: Invalid value: "-v": ${VALUE_MSG}`,
    ]);
  });
});
