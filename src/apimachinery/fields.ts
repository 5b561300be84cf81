/**
 * Field selectors, ported from k8s.io/apimachinery v0.32 `pkg/fields` (selector.go).
 *
 * `kubectl get pods --field-selector status.phase=Running,spec.nodeName!=node-1` selects on
 * fields instead of labels. The grammar is much smaller than the label one: comma-separated
 * `field=value`, `field==value` or `field!=value` terms, ANDed. Values may contain `\,`, `\=`
 * and `\\` escapes; field names cannot be escaped, so the first operator in a term splits it.
 * Which fields a resource supports is decided by the API server per resource, not here.
 */
import { goCompareStrings } from './golang';

export type FieldOperator = '=' | '==' | '!=';

/** One term of a field selector. Parsed `==` terms report `=`, as upstream's hasTerm does. */
export interface FieldRequirement {
  field: string;
  operator: FieldOperator;
  value: string;
}

/** Reads a field of the object being matched; undefined counts as the empty string, as in Go. */
export type FieldGetter = (field: string) => string | undefined;

/** `TransformFunc`: rewrites a term's field and value (e.g. to map field aliases). */
export type TransformFunc = (field: string, value: string) => [string, string];

export interface FieldSelector {
  matches(get: FieldGetter): boolean;
  /** True if the selector does not restrict anything. */
  empty(): boolean;
  /** The value an `=` term requires for `field`, if there is one. */
  requiresExactMatch(field: string): string | undefined;
  /** A copy with every term rewritten; terms whose field and value both become "" are dropped. */
  transform(fn: TransformFunc): FieldSelector;
  requirements(): FieldRequirement[];
  /** `String()`: terms as `field=value` / `field!=value`, values escaped. */
  toString(): string;
}

/** Errors from parsing; the message is upstream's. */
export class FieldSelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldSelectorParseError';
  }
}

const read = (get: FieldGetter, field: string): string => get(field) ?? '';

class HasTerm implements FieldSelector {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {}
  matches(get: FieldGetter): boolean {
    return read(get, this.field) === this.value;
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(field: string): string | undefined {
    return this.field === field ? this.value : undefined;
  }
  transform(fn: TransformFunc): FieldSelector {
    const [field, value] = fn(this.field, this.value);
    if (field.length === 0 && value.length === 0) return everything();
    return new HasTerm(field, value);
  }
  requirements(): FieldRequirement[] {
    return [{ field: this.field, operator: '=', value: this.value }];
  }
  toString(): string {
    return `${this.field}=${escapeValue(this.value)}`;
  }
}

class NotHasTerm implements FieldSelector {
  constructor(
    readonly field: string,
    readonly value: string,
  ) {}
  matches(get: FieldGetter): boolean {
    return read(get, this.field) !== this.value;
  }
  empty(): boolean {
    return false;
  }
  requiresExactMatch(): string | undefined {
    return undefined;
  }
  transform(fn: TransformFunc): FieldSelector {
    const [field, value] = fn(this.field, this.value);
    if (field.length === 0 && value.length === 0) return everything();
    return new NotHasTerm(field, value);
  }
  requirements(): FieldRequirement[] {
    return [{ field: this.field, operator: '!=', value: this.value }];
  }
  toString(): string {
    return `${this.field}!=${escapeValue(this.value)}`;
  }
}

class AndTerm implements FieldSelector {
  constructor(private readonly terms: readonly FieldSelector[]) {}
  matches(get: FieldGetter): boolean {
    return this.terms.every((t) => t.matches(get));
  }
  empty(): boolean {
    return this.terms.every((t) => t.empty());
  }
  requiresExactMatch(field: string): string | undefined {
    for (const t of this.terms) {
      const v = t.requiresExactMatch(field);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  transform(fn: TransformFunc): FieldSelector {
    return new AndTerm(this.terms.map((t) => t.transform(fn)).filter((t) => !t.empty()));
  }
  requirements(): FieldRequirement[] {
    return this.terms.flatMap((t) => t.requirements());
  }
  toString(): string {
    return this.terms.map((t) => t.toString()).join(',');
  }
}

/** `fields.Everything()`. */
export const everything = (): FieldSelector => new AndTerm([]);

/** `OneTermEqualSelector(k, v)`: `k=v`. */
export const oneTermEqualSelector = (field: string, value: string): FieldSelector =>
  new HasTerm(field, value);

/** `OneTermNotEqualSelector(k, v)`: `k!=v`. */
export const oneTermNotEqualSelector = (field: string, value: string): FieldSelector =>
  new NotHasTerm(field, value);

/** `AndSelectors`. */
export const andSelectors = (...selectors: FieldSelector[]): FieldSelector => new AndTerm(selectors);

/** `fields.SelectorFromSet`: `k=v` for each entry (in key order; Go's map order is random). */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined | null): FieldSelector {
  if (set == null) return everything();
  const items = Object.keys(set)
    .sort(goCompareStrings)
    .map((k) => new HasTerm(k, set[k] ?? ''));
  return items.length === 1 && items[0] ? items[0] : new AndTerm(items);
}

/** `EscapeValue`: backslash-escape `\`, `,` and `=` so a value round-trips through the parser. */
export function escapeValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => '\\' + c);
}

/**
 * `UnescapeValue`: the literal value of an escaped one. Unknown escapes, a trailing backslash and
 * unescaped `,` or `=` are errors. (Go prints the offending rune with %v, i.e. as a number.)
 */
export function unescapeValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c === '\\' || c === ',' || c === '=') out += c;
      else throw new FieldSelectorParseError(`invalid field selector: invalid escape sequence: \\${c}`);
      inSlash = false;
      continue;
    }
    if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') {
      throw new FieldSelectorParseError(
        `invalid field selector: unescaped character in value: ${c.codePointAt(0)}`,
      );
    } else out += c;
  }
  if (inSlash) throw new FieldSelectorParseError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** `splitTerms`: split on commas that are not backslash-escaped; the escapes stay in the terms. */
function splitTerms(fieldSelector: string): string[] {
  if (fieldSelector.length === 0) return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < fieldSelector.length; i++) {
    const c = fieldSelector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(fieldSelector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(fieldSelector.slice(start));
  return terms;
}

/** `!=` first, and `==` before `=`, so that `a==b` does not leave `=b` as the value. */
const termOperators: FieldOperator[] = ['!=', '==', '='];

/** `splitTerm`: the first operator anywhere in the term splits it. */
function splitTerm(term: string): [string, FieldOperator, string] | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op, term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** `ParseAndTransformSelector`. */
export function parseAndTransformSelector(selector: string, fn: TransformFunc): FieldSelector {
  const parts = splitTerms(selector).sort(goCompareStrings);
  const items: FieldSelector[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split)
      throw new FieldSelectorParseError(`invalid selector: '${selector}'; can't understand '${part}'`);
    const [lhs, op, rhs] = split;
    const value = unescapeValue(rhs);
    items.push(op === '!=' ? new NotHasTerm(lhs, value) : new HasTerm(lhs, value));
  }
  if (items.length === 1 && items[0]) return items[0].transform(fn);
  return new AndTerm(items).transform(fn);
}

/**
 * `fields.ParseSelector`: terms are sorted (as strings) before parsing, so
 * `b=1,a=2` prints as `a=2,b=1`. Throws FieldSelectorParseError.
 */
export function parseSelector(selector: string): FieldSelector {
  return parseAndTransformSelector(selector, (f, v) => [f, v]);
}

/** Alias of parseSelector for modules that also import the label parser. */
export const parseFieldSelector = parseSelector;
