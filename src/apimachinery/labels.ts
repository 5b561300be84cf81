/**
 * Label selectors, ported from k8s.io/apimachinery v0.32 `pkg/labels` (selector.go, labels.go)
 * and the metav1 helpers `LabelSelectorAsSelector`, `FormatLabelSelector`, `LabelSelectorAsMap`.
 *
 * `kubectl get pods -l 'app in (web,db),!canary'` sends the string to the API server, which
 * parses it with this grammar (reference §3):
 *
 *   <selector>    ::= <requirement> | <requirement> "," <selector>
 *   <requirement> ::= [!] KEY [ ("in"|"notin") "(" VALUES ")" | ("="|"=="|"!="|">"|"<") VALUE ]
 *
 * Requirements are ANDed; there is no OR. The parser is a hand-written lexer plus a recursive
 * descent, and its error messages (`found ',', expected: identifier after ','`) are part of what
 * users see, so the port keeps its structure token for token.
 */
import { goCompareStrings, goQuote, goSortStrings, goStringSliceSyntax, parseInt64 } from './golang';
import { index, invalid, notSupported, goSyntax, fieldErrorString, type FieldError } from './field';
import {
  isQualifiedName,
  isValidLabelValue,
  type LabelSelector,
  type LabelSelectorRequirement,
} from './validation';

export type { LabelSelector, LabelSelectorRequirement } from './validation';
// Label key/value validation lives in validation.ts (ValidateObjectMeta needs it too).
export { isQualifiedName, isValidLabelValue, validateLabelName, validateLabels } from './validation';

/** selection.Operator: the strings are upstream's, and show up in error messages. */
export type Operator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

const binaryOperators: Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];
const unaryOperators: Operator[] = ['exists', '!'];
const validRequirementOperators: Operator[] = [...binaryOperators, ...unaryOperators];

/** A label set: absent keys and keys with an empty value are different (`x=` needs x present). */
export type Labels = Readonly<Record<string, string>> | undefined | null;

const has = (ls: Labels, key: string): boolean => ls != null && Object.prototype.hasOwnProperty.call(ls, key);

/** Parse and construction errors; the message is exactly upstream's `err.Error()`. */
export class SelectorParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorParseError';
  }
}

/**
 * `field.ErrorList.ToAggregate().Error()`: duplicates dropped, one error printed bare, several
 * as `[e1, e2]`.
 */
function aggregate(errs: FieldError[]): string | undefined {
  const msgs = [...new Set(errs.map(fieldErrorString))];
  if (msgs.length === 0) return undefined;
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
}

const invalidString = (path: string, value: string, detail: string): FieldError =>
  invalid(path, goSyntax(goQuote(value)), detail);

/**
 * Parse errors about a key are reported against the parser's field path, which is nil in
 * `labels.Parse`, and Go prints a nil *field.Path as `<nil>`.
 */
const NIL_PATH = '<nil>';

function validateLabelKey(key: string, path: string): FieldError | undefined {
  const errs = isQualifiedName(key);
  return errs.length ? invalidString(path, key, errs.join('; ')) : undefined;
}

function validateLabelValue(key: string, value: string, path: string): FieldError | undefined {
  const errs = isValidLabelValue(value);
  return errs.length ? invalidString(index(path, key), value, errs.join('; ')) : undefined;
}

/** A key, an operator and its values. Build one with `newRequirement` to get upstream's checks. */
export class Requirement {
  constructor(
    readonly key: string,
    readonly operator: Operator,
    readonly values: readonly string[],
  ) {}

  private hasValue(value: string): boolean {
    return this.values.includes(value);
  }

  /**
   * `=`, `==`, `in` need the key present with a listed value; `!=` and `notin` also match when
   * the key is absent; `gt`/`lt` need an integer label value.
   */
  matches(ls: Labels): boolean {
    switch (this.operator) {
      case 'in':
      case '=':
      case '==':
        return has(ls, this.key) && this.hasValue(ls?.[this.key] ?? '');
      case 'notin':
      case '!=':
        return !has(ls, this.key) || !this.hasValue(ls?.[this.key] ?? '');
      case 'exists':
        return has(ls, this.key);
      case '!':
        return !has(ls, this.key);
      case 'gt':
      case 'lt': {
        if (!has(ls, this.key)) return false;
        const lsValue = tryParseInt64(ls?.[this.key] ?? '');
        if (lsValue === undefined || this.values.length !== 1) return false;
        const rValue = tryParseInt64(this.values[0] ?? '');
        if (rValue === undefined) return false;
        return this.operator === 'gt' ? lsValue > rValue : lsValue < rValue;
      }
    }
  }

  /** `Requirement.String()`: `!k`, `k`, `k=v`, `k in (a,b)` with the values sorted. */
  toString(): string {
    let out = this.operator === '!' ? '!' + this.key : this.key;
    switch (this.operator) {
      case '=':
        out += '=';
        break;
      case '==':
        out += '==';
        break;
      case '!=':
        out += '!=';
        break;
      case 'in':
        out += ' in ';
        break;
      case 'notin':
        out += ' notin ';
        break;
      case 'gt':
        out += '>';
        break;
      case 'lt':
        out += '<';
        break;
      case 'exists':
      case '!':
        return out;
    }
    const set = this.operator === 'in' || this.operator === 'notin';
    if (set) out += '(';
    out += this.values.length === 1 ? (this.values[0] ?? '') : goSortStrings(this.values).join(',');
    if (set) out += ')';
    return out;
  }

  equal(other: Requirement): boolean {
    return (
      this.key === other.key &&
      this.operator === other.operator &&
      this.values.length === other.values.length &&
      this.values.every((v, i) => v === other.values[i])
    );
  }
}

function tryParseInt64(s: string): bigint | undefined {
  try {
    return parseInt64(s);
  } catch {
    return undefined;
  }
}

/**
 * `NewRequirement`: validates the key, the value count for the operator, integer values for
 * `gt`/`lt`, and each value. All problems are reported together (an aggregate). `path` prefixes
 * the field names in messages; upstream's default is none, giving `key` and `values[0][k]`.
 */
export function newRequirement(key: string, op: Operator, vals: readonly string[], path = ''): Requirement {
  return buildRequirement(key, op, vals, path, false);
}

/**
 * NewRequirement's body. `nilIfEmpty` renders an empty value list as Go's nil slice
 * (`[]string(nil)`), which is what LabelSelectorAsSelector passes for a missing or empty list.
 */
function buildRequirement(
  key: string,
  op: Operator,
  vals: readonly string[],
  path: string,
  nilIfEmpty: boolean,
): Requirement {
  const errs: FieldError[] = [];
  const at = (name: string): string => (path ? `${path}.${name}` : name);
  const keyErr = validateLabelKey(key, at('key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = at('values');
  const valuesSyntax = goSyntax(goStringSliceSyntax(nilIfEmpty && vals.length === 0 ? null : vals));
  switch (op) {
    case 'in':
    case 'notin':
      if (vals.length === 0) {
        errs.push(invalid(valuePath, valuesSyntax, "for 'in', 'notin' operators, values set can't be empty"));
      }
      break;
    case '=':
    case '==':
    case '!=':
      if (vals.length !== 1)
        errs.push(invalid(valuePath, valuesSyntax, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (vals.length !== 0) {
        errs.push(invalid(valuePath, valuesSyntax, 'values set must be empty for exists and does not exist'));
      }
      break;
    case 'gt':
    case 'lt':
      if (vals.length !== 1) {
        errs.push(
          invalid(valuePath, valuesSyntax, "for 'Gt', 'Lt' operators, exactly one value is required"),
        );
      }
      vals.forEach((v, i) => {
        if (tryParseInt64(v) === undefined) {
          errs.push(
            invalidString(index(valuePath, i), v, "for 'Gt', 'Lt' operators, the value must be an integer"),
          );
        }
      });
      break;
    default:
      errs.push(notSupported(at('operator'), op, validRequirementOperators));
  }
  vals.forEach((v, i) => {
    const err = validateLabelValue(key, v, index(valuePath, i));
    if (err) errs.push(err);
  });
  const message = aggregate(errs);
  if (message !== undefined) throw new SelectorParseError(message);
  return new Requirement(key, op, [...vals]);
}

/** A label selector: `matches`, `empty`, and `toString` as upstream `String()`. */
export interface Selector {
  matches(labels: Labels): boolean;
  /** True if the selector does not restrict anything (matches everything). */
  empty(): boolean;
  toString(): string;
  /** The requirements, and false for the Nothing selector (which selects nothing). */
  requirements(): [Requirement[], boolean];
  /** A new selector with more requirements (sorted by key). */
  add(...reqs: Requirement[]): Selector;
  /** The value a selector requires for `label` (`=`, `==` or a single-value `in`), if any. */
  requiresExactMatch(label: string): string | undefined;
}

/** Stable sort by key, as upstream's ByKey (Go's sort is stable for the short lists selectors have). */
const byKey = (reqs: Requirement[]): Requirement[] =>
  [...reqs].sort((a, b) => goCompareStrings(a.key, b.key));

class InternalSelector implements Selector {
  constructor(private readonly reqs: readonly Requirement[]) {}

  matches(labels: Labels): boolean {
    return this.reqs.every((r) => r.matches(labels));
  }

  empty(): boolean {
    return this.reqs.length === 0;
  }

  toString(): string {
    return this.reqs.map((r) => r.toString()).join(',');
  }

  requirements(): [Requirement[], boolean] {
    return [[...this.reqs], true];
  }

  add(...reqs: Requirement[]): Selector {
    return new InternalSelector(byKey([...this.reqs, ...reqs]));
  }

  requiresExactMatch(label: string): string | undefined {
    for (const r of this.reqs) {
      if (r.key !== label) continue;
      if ((r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) {
        return r.values[0];
      }
      return undefined;
    }
    return undefined;
  }
}

const nothingSelector: Selector = {
  matches: () => false,
  empty: () => false,
  toString: () => '',
  requirements: () => [[], false],
  add() {
    return nothingSelector;
  },
  requiresExactMatch: () => undefined,
};

const everythingSelector: Selector = new InternalSelector([]);

/** `labels.Everything()`: matches all label sets. */
export const everything = (): Selector => everythingSelector;

/** `labels.Nothing()`: matches nothing (what a nil metav1.LabelSelector means). */
export const nothing = (): Selector => nothingSelector;

// ---------------------------------------------------------------------------------------------
// Lexer
// ---------------------------------------------------------------------------------------------

const enum Token {
  Error,
  EndOfString,
  ClosedPar,
  Comma,
  DoesNotExist,
  DoubleEquals,
  Equals,
  GreaterThan,
  Identifier,
  In,
  LessThan,
  NotEquals,
  NotIn,
  OpenPar,
}

const string2token: Record<string, Token> = {
  ')': Token.ClosedPar,
  ',': Token.Comma,
  '!': Token.DoesNotExist,
  '==': Token.DoubleEquals,
  '=': Token.Equals,
  '>': Token.GreaterThan,
  in: Token.In,
  '<': Token.LessThan,
  '!=': Token.NotEquals,
  notin: Token.NotIn,
  '(': Token.OpenPar,
};
const literalToken = (s: string): Token | undefined =>
  Object.prototype.hasOwnProperty.call(string2token, s) ? string2token[s] : undefined;

interface ScannedItem {
  tok: Token;
  literal: string;
}

const isWhitespace = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecialSymbol = (ch: string): boolean => '=!(),><'.includes(ch) && ch !== '';

class Lexer {
  private pos = 0;
  constructor(private readonly s: string) {}

  /** The next character, or '' at the end. Go reads a 0 byte as the end too. */
  private read(): string {
    let ch = '';
    if (this.pos < this.s.length) {
      ch = this.s[this.pos] ?? '';
      this.pos++;
    }
    return ch === '\0' ? '' : ch;
  }

  private unread(): void {
    this.pos--;
  }

  private scanIDOrKeyword(): ScannedItem {
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === '') break;
      if (isSpecialSymbol(ch) || isWhitespace(ch)) {
        this.unread();
        break;
      }
      buffer += ch;
    }
    const tok = literalToken(buffer);
    return tok !== undefined ? { tok, literal: buffer } : { tok: Token.Identifier, literal: buffer };
  }

  /** Longest run of special symbols that still forms a token: `!=`, `==`, else one symbol. */
  private scanSpecialSymbol(): ScannedItem {
    let last: ScannedItem | undefined;
    let buffer = '';
    for (;;) {
      const ch = this.read();
      if (ch === '') break;
      if (isSpecialSymbol(ch)) {
        buffer += ch;
        const tok = literalToken(buffer);
        if (tok !== undefined) last = { tok, literal: buffer };
        else if (last) {
          this.unread();
          break;
        }
      } else {
        this.unread();
        break;
      }
    }
    if (!last) return { tok: Token.Error, literal: `error expected: keyword found '${buffer}'` };
    return last;
  }

  lex(): ScannedItem {
    let ch = this.read();
    while (isWhitespace(ch)) ch = this.read();
    if (ch === '') return { tok: Token.EndOfString, literal: '' };
    this.unread();
    return isSpecialSymbol(ch) ? this.scanSpecialSymbol() : this.scanIDOrKeyword();
  }
}

// ---------------------------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------------------------

/** In the Values context `in` and `notin` are ordinary identifiers (`x in (in, notin)`). */
const enum Context {
  KeyAndOperator,
  Values,
}

class Parser {
  private items: ScannedItem[] = [];
  private position = 0;

  constructor(private readonly lexer: Lexer) {}

  private lookahead(context: Context): ScannedItem {
    const item = this.items[this.position] ?? { tok: Token.EndOfString, literal: '' };
    return this.contextual(item, context);
  }

  private consume(context: Context): ScannedItem {
    const item = this.items[this.position] ?? { tok: Token.EndOfString, literal: '' };
    this.position++;
    return this.contextual(item, context);
  }

  private contextual(item: ScannedItem, context: Context): ScannedItem {
    if (context === Context.Values && (item.tok === Token.In || item.tok === Token.NotIn)) {
      return { tok: Token.Identifier, literal: item.literal };
    }
    return item;
  }

  private scan(): void {
    for (;;) {
      const item = this.lexer.lex();
      this.items.push(item);
      if (item.tok === Token.EndOfString) break;
    }
  }

  parse(): Requirement[] {
    this.scan();
    const requirements: Requirement[] = [];
    for (;;) {
      const { tok, literal } = this.lookahead(Context.Values);
      switch (tok) {
        case Token.Identifier:
        case Token.DoesNotExist: {
          let r: Requirement;
          try {
            r = this.parseRequirement();
          } catch (e) {
            if (e instanceof SelectorParseError)
              throw new SelectorParseError(`unable to parse requirement: ${e.message}`);
            throw e;
          }
          requirements.push(r);
          const t = this.consume(Context.Values);
          switch (t.tok) {
            case Token.EndOfString:
              return requirements;
            case Token.Comma: {
              const t2 = this.lookahead(Context.Values);
              if (t2.tok !== Token.Identifier && t2.tok !== Token.DoesNotExist) {
                throw new SelectorParseError(`found '${t2.literal}', expected: identifier after ','`);
              }
              break;
            }
            default:
              throw new SelectorParseError(`found '${t.literal}', expected: ',' or 'end of string'`);
          }
          break;
        }
        case Token.EndOfString:
          return requirements;
        default:
          throw new SelectorParseError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      }
    }
  }

  private parseRequirement(): Requirement {
    const [key, inferred] = this.parseKeyAndInferOperator();
    if (inferred === 'exists' || inferred === '!') return newRequirement(key, inferred, []);
    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    // sets.String.List(): sorted, duplicates removed.
    return newRequirement(key, operator, goSortStrings([...values]));
  }

  /** A key, and `exists`/`!` when no operator follows it. */
  private parseKeyAndInferOperator(): [string, Operator | undefined] {
    let operator: Operator | undefined;
    let { tok, literal } = this.consume(Context.Values);
    if (tok === Token.DoesNotExist) {
      operator = '!';
      ({ tok, literal } = this.consume(Context.Values));
    }
    if (tok !== Token.Identifier) throw new SelectorParseError(`found '${literal}', expected: identifier`);
    const err = validateLabelKey(literal, NIL_PATH);
    if (err) throw new SelectorParseError(fieldErrorString(err));
    const next = this.lookahead(Context.Values).tok;
    if ((next === Token.EndOfString || next === Token.Comma) && operator !== '!') operator = 'exists';
    return [literal, operator];
  }

  private parseOperator(): Operator {
    const { tok, literal } = this.consume(Context.KeyAndOperator);
    switch (tok) {
      case Token.In:
        return 'in';
      case Token.Equals:
        return '=';
      case Token.DoubleEquals:
        return '==';
      case Token.GreaterThan:
        return 'gt';
      case Token.LessThan:
        return 'lt';
      case Token.NotIn:
        return 'notin';
      case Token.NotEquals:
        return '!=';
      default:
        throw new SelectorParseError(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    }
  }

  /** `(a,b,c)`; `()` means the one value "" and `(a,)` adds "" too. */
  private parseValues(): Set<string> {
    let { tok, literal } = this.consume(Context.Values);
    if (tok !== Token.OpenPar) throw new SelectorParseError(`found '${literal}' expected: '('`);
    ({ tok, literal } = this.lookahead(Context.Values));
    switch (tok) {
      case Token.Identifier:
      case Token.Comma: {
        const s = this.parseIdentifiersList();
        if (this.consume(Context.Values).tok !== Token.ClosedPar) {
          throw new SelectorParseError(`found '${literal}', expected: ')'`);
        }
        return s;
      }
      case Token.ClosedPar:
        this.consume(Context.Values);
        return new Set(['']);
      default:
        throw new SelectorParseError(`found '${literal}', expected: ',', ')' or identifier`);
    }
  }

  private parseIdentifiersList(): Set<string> {
    const s = new Set<string>();
    for (;;) {
      const { tok, literal } = this.consume(Context.Values);
      switch (tok) {
        case Token.Identifier: {
          s.add(literal);
          const next = this.lookahead(Context.Values);
          if (next.tok === Token.Comma) continue;
          if (next.tok === Token.ClosedPar) return s;
          throw new SelectorParseError(`found '${next.literal}', expected: ',' or ')'`);
        }
        case Token.Comma: {
          if (s.size === 0) s.add(''); // "(,"
          const next = this.lookahead(Context.Values).tok;
          if (next === Token.ClosedPar) {
            s.add(''); // ",)"
            return s;
          }
          if (next === Token.Comma) {
            this.consume(Context.Values);
            s.add(''); // ",,"
          }
          break;
        }
        default:
          throw new SelectorParseError(`found '${literal}', expected: ',', or identifier`);
      }
    }
  }

  /** The single value after `=`, `==`, `!=`, `>`, `<`; nothing before `,` or the end means "". */
  private parseExactValue(): Set<string> {
    const next = this.lookahead(Context.Values).tok;
    if (next === Token.EndOfString || next === Token.Comma) return new Set(['']);
    const { tok, literal } = this.consume(Context.Values);
    if (tok === Token.Identifier) return new Set([literal]);
    throw new SelectorParseError(`found '${literal}', expected: identifier`);
  }
}

/**
 * `labels.Parse`: the selector string as a Selector, requirements sorted by key. Throws
 * SelectorParseError with upstream's message (the API server returns it as a 400).
 */
export function parseSelector(selector: string): Selector {
  const reqs = new Parser(new Lexer(selector)).parse();
  return new InternalSelector(byKey(reqs));
}

/** `labels.ParseToRequirements`. */
export function parseToRequirements(selector: string): Requirement[] {
  return parseSelector(selector).requirements()[0];
}

/**
 * `labels.SelectorFromSet` (= SelectorFromValidatedSet): `k=v` for each entry, sorted by key,
 * without validation. An empty or missing set is Everything.
 */
export function selectorFromSet(set: Labels): Selector {
  const keys = Object.keys(set ?? {});
  if (keys.length === 0) return new InternalSelector([]);
  return new InternalSelector(byKey(keys.map((k) => new Requirement(k, '=', [set?.[k] ?? '']))));
}

/** `labels.ValidatedSelectorFromSet`: as selectorFromSet, but each key and value is validated. */
export function validatedSelectorFromSet(set: Labels): Selector {
  const keys = Object.keys(set ?? {}).sort(goCompareStrings);
  if (keys.length === 0) return new InternalSelector([]);
  return new InternalSelector(keys.map((k) => newRequirement(k, '=', [set?.[k] ?? ''])));
}

/** `labels.Set(m).String()`: `k=v` pairs sorted by key, comma-separated. */
export function labelsToString(set: Labels): string {
  return Object.keys(set ?? {})
    .sort(goCompareStrings)
    .map((k) => `${k}=${set?.[k] ?? ''}`)
    .join(',');
}

/** `labels.FormatLabels`: as labelsToString, `<none>` when empty (`kubectl get --show-labels`). */
export function formatLabels(set: Labels): string {
  return labelsToString(set) || '<none>';
}

// ---------------------------------------------------------------------------------------------
// metav1.LabelSelector helpers (apimachinery/pkg/apis/meta/v1/helpers.go)
// ---------------------------------------------------------------------------------------------

const labelSelectorOperators: Record<string, Operator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * `metav1.LabelSelectorAsSelector`: a nil selector selects nothing, an empty one everything
 * (reference §3.1). Throws SelectorParseError for invalid keys, values or operators.
 */
export function labelSelectorAsSelector(ps: LabelSelector | undefined | null): Selector {
  if (ps == null) return nothingSelector;
  const matchLabels = ps.matchLabels ?? {};
  const exprs: LabelSelectorRequirement[] = ps.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort(goCompareStrings);
  if (labelKeys.length + exprs.length === 0) return everythingSelector;
  const requirements: Requirement[] = [];
  // Go iterates the matchLabels map in random order; sorting makes the first error deterministic.
  for (const k of labelKeys) requirements.push(newRequirement(k, '=', [matchLabels[k] ?? '']));
  for (const expr of exprs) {
    const op = Object.prototype.hasOwnProperty.call(labelSelectorOperators, expr.operator)
      ? labelSelectorOperators[expr.operator]
      : undefined;
    if (op === undefined)
      throw new SelectorParseError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    // `append([]string(nil), expr.Values...)`: an empty list is a nil slice in error messages.
    requirements.push(buildRequirement(expr.key, op, expr.values ?? [], '', true));
  }
  return new InternalSelector([]).add(...requirements);
}

/** `metav1.FormatLabelSelector`: the SELECTOR column of `kubectl get -o wide`; `<none>` if empty. */
export function formatLabelSelector(ps: LabelSelector | undefined | null): string {
  let selector: Selector;
  try {
    selector = labelSelectorAsSelector(ps);
  } catch {
    return '<error>';
  }
  return selector.toString() || '<none>';
}

/**
 * `metav1.LabelSelectorAsMap`: the old map form (used by `kubectl expose` and Service selectors).
 * Only single-value `In` expressions convert.
 */
export function labelSelectorAsMap(ps: LabelSelector | undefined | null): Record<string, string> | undefined {
  if (ps == null) return undefined;
  const selector: Record<string, string> = { ...(ps.matchLabels ?? {}) };
  for (const expr of ps.matchExpressions ?? []) {
    switch (expr.operator) {
      case 'In':
        if ((expr.values ?? []).length !== 1) {
          throw new SelectorParseError(
            `operator ${goQuote(expr.operator)} without a single value cannot be converted into the old label selector format`,
          );
        }
        selector[expr.key] = expr.values?.[0] ?? '';
        break;
      case 'NotIn':
      case 'Exists':
      case 'DoesNotExist':
        throw new SelectorParseError(
          `operator ${goQuote(expr.operator)} cannot be converted into the old label selector format`,
        );
      default:
        throw new SelectorParseError(`${goQuote(expr.operator)} is not a valid selector operator`);
    }
  }
  return selector;
}

/** `metav1.SetAsLabelSelector`: a map as `matchLabels` (undefined only for a missing map). */
export function setAsLabelSelector(set: Labels): LabelSelector | undefined {
  if (set == null) return undefined;
  return { matchLabels: { ...set } };
}
