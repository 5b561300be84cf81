/**
 * Field errors, as apimachinery's `pkg/util/validation/field` builds them. The API server turns a
 * list of these into a 422 Invalid Status; kubectl prints them as `<field>: <body>`
 * (shared/reference/kubernetes-behaviour.md §12.1).
 */
import { goQuote } from './golang';

export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path with indices: `spec.template.spec.containers[0].image`. */
  field: string;
  /** The body after `<field>: `, e.g. `Required value`, `Invalid value: -1: must be greater than or equal to 0`. */
  body: string;
}

/** `<field>: <body>`: the form kubectl and the Status message show. */
export function fieldErrorString(e: FieldError): string {
  return e.field ? `${e.field}: ${e.body}` : e.body;
}

/**
 * Go's `%v`/`%q`-style rendering of a bad value as field.Invalid prints it: strings quoted,
 * numbers and booleans bare. Callers with map/struct values pass a pre-rendered Go `%#v` string
 * through `goSyntax` instead.
 */
export function renderValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

export const goSyntax = (rendered: string): { __go: string } => ({ __go: rendered });

function valueText(value: unknown): string {
  if (typeof value === 'object' && value !== null && '__go' in value)
    return String((value as { __go: string }).__go);
  return renderValue(value);
}

export const required = (field: string, detail = ''): FieldError => ({
  type: 'FieldValueRequired',
  field,
  body: detail ? `Required value: ${detail}` : 'Required value',
});

export const invalid = (field: string, value: unknown, detail: string): FieldError => ({
  type: 'FieldValueInvalid',
  field,
  body: detail ? `Invalid value: ${valueText(value)}: ${detail}` : `Invalid value: ${valueText(value)}`,
});

export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  body:
    `Unsupported value: ${valueText(value)}` +
    (supported.length ? `: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}` : ''),
});

export const forbidden = (field: string, detail: string): FieldError => ({
  type: 'FieldValueForbidden',
  field,
  body: `Forbidden: ${detail}`,
});

export const duplicate = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueDuplicate',
  field,
  body: `Duplicate value: ${valueText(value)}`,
});

export const notFound = (field: string, value: unknown): FieldError => ({
  type: 'FieldValueNotFound',
  field,
  body: `Not found: ${valueText(value)}`,
});

export const tooLong = (field: string, _value: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  body: `Too long: may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`,
});

export const tooMany = (field: string, actual: number, max: number): FieldError => ({
  type: 'FieldValueTooMany',
  field,
  body: `Too many: ${actual}: must have at most ${max} items`,
});

/** `ValidateImmutableField`: the message apiserver gives for changing an immutable field. */
export const immutable = (field: string, value: unknown): FieldError =>
  invalid(field, value, 'field is immutable');

/** Path helper: `child('spec', 'containers')` → `spec.containers`; `index('spec.containers', 0)` → `spec.containers[0]`. */
export const child = (...parts: string[]): string => parts.filter(Boolean).join('.');
export const index = (path: string, i: number | string): string =>
  typeof i === 'number' ? `${path}[${i}]` : `${path}[${i}]`;
