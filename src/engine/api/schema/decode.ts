/**
 * Strict decoding, as the apiserver decodes a request body into a Go struct before anything else
 * happens (k8s.io/apimachinery/pkg/runtime/serializer/json with sigs.k8s.io/json UnmarshalStrict,
 * then apiserver handlers' transformDecodeError). kubectl ≥1.27 asks for strict field validation,
 * so a typo'd field is a 400 BadRequest:
 *
 *   Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.replica"
 *
 * Go's decoder is reproduced rule by rule, because its messages are what users see:
 *  - A wrong JSON type for a field is an `*UnmarshalTypeError`; only the FIRST one is kept
 *    ("saved") and decoding goes on. Its text names the innermost Go struct and the JSON field
 *    path without list indices: `json: cannot unmarshal string into Go struct field
 *    DeploymentSpec.spec.replicas of type int32`. Integers that are fractional or overflow say
 *    `number 1.5`.
 *  - Types with their own UnmarshalJSON (Quantity, IntOrString, Time) abort decoding at once with
 *    their error (`quantities must match the regular expression ...`).
 *  - Unknown fields are "strict" errors: collected (deduplicated, at most 100) with a full path
 *    including indices, and reported only when nothing worse happened.
 *  - `null` is accepted everywhere (Go leaves the zero value).
 * Object keys are visited in sorted order: kubectl sends JSON built from Go maps, whose keys
 * encoding/json sorts, so the server meets them in that order.
 */
import { goCompareStrings, goQuote } from '../../../apimachinery/golang';
import { parseQuantity, QuantityError } from '../../../apimachinery/quantity';
import {
  INT_OR_STRING,
  k8sSchema,
  MICRO_TIME,
  QUANTITY,
  referencedDefinition,
  servedKinds,
  TIME,
  type JsonSchema,
} from './schema';
import { parseRFC3339, TimeParseError } from '../../../apimachinery/time';

/** A Go type as the decoder sees it. */
type GoType =
  | { k: 'struct'; name: string; go: string; fields: Map<string, GoType>; inline: Set<string> }
  | { k: 'map'; go: string; elem: GoType }
  | { k: 'slice'; go: string; elem: GoType }
  | { k: 'bytes' }
  | { k: 'string'; go: string }
  | { k: 'int'; go: 'int32' | 'int64' | 'uint8' }
  | { k: 'bool'; go: string }
  | { k: 'quantity' }
  | { k: 'intstr' }
  | { k: 'time' }
  | { k: 'any' };

const compiled = new Map<string, GoType>();

/** `io.k8s.api.apps.v1.DeploymentSpec` → Go package `v1`, type `DeploymentSpec`. */
function goName(definition: string): { pkg: string; name: string } {
  const parts = definition.split('.');
  return { name: parts[parts.length - 1]!, pkg: parts[parts.length - 2]! };
}

function compileDefinition(definition: string): GoType {
  const cached = compiled.get(definition);
  if (cached) return cached;
  if (definition === QUANTITY) return remember(definition, { k: 'quantity' });
  if (definition === INT_OR_STRING) return remember(definition, { k: 'intstr' });
  if (definition === TIME || definition === MICRO_TIME) return remember(definition, { k: 'time' });
  const s = k8sSchema.definitions[definition];
  if (!s) throw new Error(`schema: no definition ${definition}`);
  if (!s.properties) return remember(definition, { k: 'any' });
  const { pkg, name } = goName(definition);
  const struct: GoType = { k: 'struct', name, go: `${pkg}.${name}`, fields: new Map(), inline: new Set() };
  compiled.set(definition, struct); // before the fields: types may refer to themselves
  for (const [field, fs] of Object.entries(s.properties)) struct.fields.set(field, compile(fs));
  // Kinds embed metav1.TypeMeta inline: its fields' error context carries the Go field name.
  if (s['x-kubernetes-group-version-kind']) for (const f of ['apiVersion', 'kind']) struct.inline.add(f);
  return struct;
}

function remember(definition: string, t: GoType): GoType {
  compiled.set(definition, t);
  return t;
}

function goTypeString(t: GoType): string {
  switch (t.k) {
    case 'struct':
    case 'map':
    case 'slice':
    case 'string':
    case 'int':
    case 'bool':
      return t.go;
    case 'bytes':
      return '[]uint8';
    case 'quantity':
      return 'resource.Quantity';
    case 'intstr':
      return 'intstr.IntOrString';
    case 'time':
      return 'v1.Time';
    case 'any':
      return 'interface {}';
  }
}

function compile(s: JsonSchema): GoType {
  const ref = referencedDefinition(s);
  if (ref) return compileDefinition(ref);
  const named = s['x-go-type'];
  switch (s.type) {
    case 'array': {
      const elem = compile(s.items ?? {});
      return { k: 'slice', go: named ?? `[]${goTypeString(elem)}`, elem };
    }
    case 'object': {
      if (typeof s.additionalProperties === 'object') {
        const elem = compile(s.additionalProperties);
        return { k: 'map', go: named ?? `map[string]${goTypeString(elem)}`, elem };
      }
      return { k: 'any' };
    }
    case 'string':
      return s.format === 'byte' ? { k: 'bytes' } : { k: 'string', go: named ?? 'string' };
    case 'integer':
      return { k: 'int', go: s.format === 'int64' ? 'int64' : 'int32' };
    case 'boolean':
      return { k: 'bool', go: named ?? 'bool' };
    default:
      return { k: 'any' };
  }
}

/** JSON value kind as encoding/json names it in UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    default:
      return 'object';
  }
}

/** The number literal kubectl would have sent (Go's encoding of the float64 YAML gave it). */
function numberLiteral(n: number): string {
  return String(n);
}

const INT_RANGE = {
  uint8: [0, 255],
  int32: [-2147483648, 2147483647],
  // JavaScript numbers cannot tell int64 bounds apart from their neighbours; ±2^63 is the limit.
  int64: [-(2 ** 63), 2 ** 63],
} as const;

const UINT8: GoType = { k: 'int', go: 'uint8' };

/**
 * Timestamps already parsed successfully (creationTimestamp & co. repeat across writes); parsing
 * is pure, so a remembered success is the same success.
 */
const validTimes = new Set<string>();
const MAX_REMEMBERED_TIMES = 10_000;

class Abort {
  constructor(readonly message: string) {}
}

/** Decoder state: Go's decodeState fields that matter for errors. */
class Decoder {
  saved: string | undefined;
  readonly strict: string[] = [];
  private readonly seenStrict = new Set<string>();
  /** errorContext.Struct (Go struct type name) and errorContext.FieldStack. */
  struct: string | undefined;
  readonly fieldStack: string[] = [];
  /**
   * The JSON path of the value being decoded, as segments (a key, or an index of a list): the
   * text is built only when a message needs it.
   */
  private readonly pathSegments: (string | number)[] = [];

  /** The current path: `spec.containers[0].name` (keys joined by dots, indices in brackets). */
  private path(): string {
    let p = '';
    for (const seg of this.pathSegments)
      p = typeof seg === 'number' ? `${p}[${seg}]` : p ? `${p}.${seg}` : seg;
    return p;
  }

  /** Decode `v` as the element `seg` (a key or an index) of the current value. */
  private child(v: unknown, t: GoType, seg: string | number): void {
    this.pathSegments.push(seg);
    this.value(v, t);
    this.pathSegments.pop();
  }

  typeError(value: string, goType: string): string {
    if (this.struct !== undefined || this.fieldStack.length)
      return `json: cannot unmarshal ${value} into Go struct field ${this.struct ?? ''}.${this.fieldStack.join('.')} of type ${goType}`;
    return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
  }

  save(message: string): void {
    if (this.saved === undefined) this.saved = message;
  }

  saveStrict(message: string): void {
    if (this.strict.length >= 100 || this.seenStrict.has(message)) return;
    this.seenStrict.add(message);
    this.strict.push(message);
  }

  value(v: unknown, t: GoType): void {
    if (v === null || v === undefined) return; // null leaves Go's zero value
    switch (t.k) {
      case 'any':
        return;
      case 'struct':
        return this.object(v, t);
      case 'map':
        if (!isPlainObject(v)) return this.save(this.typeError(jsonKind(v), t.go));
        for (const key of sortedKeys(v)) this.child(v[key], t.elem, key);
        return;
      case 'slice':
        if (!Array.isArray(v)) return this.save(this.typeError(jsonKind(v), t.go));
        for (let i = 0; i < v.length; i++) this.child(v[i], t.elem, i);
        return;
      case 'bytes':
        return this.bytes(v);
      case 'string':
        if (typeof v !== 'string') this.save(this.typeError(jsonKind(v), t.go));
        return;
      case 'bool':
        if (typeof v !== 'boolean') this.save(this.typeError(jsonKind(v), t.go));
        return;
      case 'int':
        if (typeof v !== 'number') return this.save(this.typeError(jsonKind(v), t.go));
        if (!isGoInt(v, t.go)) this.save(this.typeError(`number ${numberLiteral(v)}`, t.go));
        return;
      case 'quantity':
        return this.quantity(v);
      case 'intstr':
        // IntOrString.UnmarshalJSON: a JSON string is the string form, anything else is
        // json.Unmarshal'd into an int32 (whose error gets this decoder's field context).
        if (typeof v === 'string') return;
        if (typeof v !== 'number') throw new Abort(this.typeError(jsonKind(v), 'int32'));
        if (!isGoInt(v, 'int32')) throw new Abort(this.typeError(`number ${numberLiteral(v)}`, 'int32'));
        return;
      case 'time':
        // metav1.Time.UnmarshalJSON: json.Unmarshal into a string, then time.Parse(RFC3339).
        if (typeof v !== 'string') throw new Abort(this.typeError(jsonKind(v), 'string'));
        if (validTimes.has(v)) return;
        try {
          parseRFC3339(v);
        } catch (e) {
          if (e instanceof TimeParseError) throw new Abort(e.message);
          throw e;
        }
        if (validTimes.size >= MAX_REMEMBERED_TIMES) validTimes.clear();
        validTimes.add(v);
        return;
    }
  }

  private object(v: unknown, t: Extract<GoType, { k: 'struct' }>): void {
    if (!isPlainObject(v)) return this.save(this.typeError(jsonKind(v), t.go));
    for (const key of sortedKeys(v)) {
      const ft = t.fields.get(key);
      if (!ft) {
        this.pathSegments.push(key);
        this.saveStrict(`unknown field ${goQuote(this.path())}`);
        this.pathSegments.pop();
        continue;
      }
      const origStruct = this.struct;
      const origLen = this.fieldStack.length;
      if (t.inline.has(key)) this.fieldStack.push('TypeMeta');
      this.fieldStack.push(key);
      this.struct = t.name;
      this.child(v[key], ft, key);
      // Go resets the context after each field (an abort skips this, keeping the failing path).
      while (this.fieldStack.length > origLen) this.fieldStack.pop();
      this.struct = origStruct;
    }
  }

  private quantity(v: unknown): void {
    // Quantity.UnmarshalJSON: strip the quotes of a JSON string, trim, ParseQuantity; other JSON
    // (numbers, true, {…}) is parsed as its raw text.
    const text =
      typeof v === 'string' ? v.trim() : typeof v === 'number' ? numberLiteral(v) : JSON.stringify(v);
    try {
      canonicalQuantity(text);
    } catch (e) {
      if (e instanceof QuantityError) throw new Abort(e.message);
      throw e;
    }
  }

  private bytes(v: unknown): void {
    if (typeof v === 'string') {
      const bad = base64CorruptAt(v);
      if (bad !== undefined) this.save(`illegal base64 data at input byte ${bad}`);
      return;
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) this.child(v[i], UINT8, i);
      return;
    }
    this.save(this.typeError(jsonKind(v), '[]uint8'));
  }
}

function isGoInt(v: number, go: keyof typeof INT_RANGE): boolean {
  const [min, max] = INT_RANGE[go];
  return Number.isInteger(v) && v >= min && v <= max;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function sortedKeys(o: Record<string, unknown>): string[] {
  const keys = Object.keys(o);
  // Most objects arrive sorted already (canonical JSON): check before sorting.
  for (let i = 1; i < keys.length; i++)
    if (compareKeys(keys[i - 1]!, keys[i]!) > 0) return keys.sort(compareKeys);
  return keys;
}

/**
 * Go's string order (UTF-8 bytes, i.e. code points), quickly: below the surrogate range a UTF-16
 * code unit is its code point, so keys are compared unit by unit and only a difference at a
 * surrogate falls back to the code-point comparison.
 */
function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    if (x < 0xd800 && y < 0xd800) return x < y ? -1 : 1;
    return goCompareStrings(a, b);
  }
  return a.length - b.length;
}

/**
 * Canonical forms of quantity texts already parsed (requests like `10m` and `16Mi` repeat in every
 * pod of a workload); parsing is pure, so a remembered answer is the same answer.
 */
const canonicalQuantities = new Map<string, string>();
const MAX_REMEMBERED_QUANTITIES = 10_000;

function canonicalQuantity(text: string): string {
  let c = canonicalQuantities.get(text);
  if (c === undefined) {
    c = parseQuantity(text).toString();
    if (canonicalQuantities.size >= MAX_REMEMBERED_QUANTITIES) canonicalQuantities.clear();
    canonicalQuantities.set(text, c);
  }
  return c;
}

const B64 = /[A-Za-z0-9+/]/;

/**
 * base64.StdEncoding.Decode's CorruptInputError offset, or undefined when `s` decodes. A port of
 * decodeQuantum: newlines are skipped, `=` padding must be complete, nothing may follow it.
 */
export function base64CorruptAt(s: string): number | undefined {
  let si = 0;
  for (;;) {
    let j = 0;
    for (; j < 4; j++) {
      if (si === s.length) {
        if (j === 0) return undefined;
        return si - j; // an incomplete quantum (StdEncoding requires padding)
      }
      const c = s[si]!;
      si++;
      if (B64.test(c)) continue;
      if (c === '\n' || c === '\r') {
        j--;
        continue;
      }
      if (c !== '=') return si - 1;
      // Padding.
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
        if (si === s.length) return s.length;
        if (s[si] !== '=') return si - 1;
        si++;
      }
      while (si < s.length && (s[si] === '\n' || s[si] === '\r')) si++;
      if (si < s.length) return si; // trailing garbage
      return undefined;
    }
  }
}

/**
 * Rewrites every Quantity of a (decoded) object into its canonical string, as a decoded Go
 * object re-encodes it: `cpu: 0.5` → `"500m"`, `memory: "1024Mi"` → `"1Gi"`. Values that do not
 * parse are left alone (decodeObject reports them).
 */
export function canonicalizeQuantities(kindKey: string, obj: unknown): void {
  const kd = servedKinds().get(kindKey);
  if (kd) canonicalize(obj, compileDefinition(kd.definition));
}

/**
 * Whether a value of type `t` can hold a Quantity anywhere (most of an object cannot: only its
 * resources and a few sizes do), so that canonicalize skips the rest. A type met again while its
 * own answer is being computed (recursive schemas) counts as possibly holding one.
 */
const holdsQuantity = new WeakMap<GoType, boolean>();

function mayHoldQuantity(t: GoType): boolean {
  switch (t.k) {
    case 'quantity':
      return true;
    case 'struct':
    case 'map':
    case 'slice': {
      const known = holdsQuantity.get(t);
      if (known !== undefined) return known;
      holdsQuantity.set(t, true);
      let holds = false;
      if (t.k === 'struct') {
        for (const ft of t.fields.values()) if (mayHoldQuantity(ft)) holds = true;
      } else holds = mayHoldQuantity(t.elem);
      holdsQuantity.set(t, holds);
      return holds;
    }
    default:
      return false;
  }
}

function canonicalize(v: unknown, t: GoType): unknown {
  if (v === null || v === undefined) return v;
  if (t.k !== 'quantity' && !mayHoldQuantity(t)) return v;
  switch (t.k) {
    case 'quantity':
      if (typeof v !== 'string' && typeof v !== 'number') return v;
      try {
        return canonicalQuantity(typeof v === 'string' ? v.trim() : numberLiteral(v));
      } catch (e) {
        if (e instanceof QuantityError) return v;
        throw e;
      }
    case 'struct':
      if (isPlainObject(v))
        for (const k of Object.keys(v)) {
          const ft = t.fields.get(k);
          if (ft !== undefined) v[k] = canonicalize(v[k], ft);
        }
      return v;
    case 'map':
      if (isPlainObject(v)) for (const k of Object.keys(v)) v[k] = canonicalize(v[k], t.elem);
      return v;
    case 'slice':
      if (Array.isArray(v)) v.forEach((x, i) => (v[i] = canonicalize(x, t.elem)));
      return v;
    default:
      return v;
  }
}

/**
 * Strict-decodes `body` as the kind `kindKey` (`<group>/<Kind>`, e.g. `apps/Deployment`, `/Pod`).
 * Returns undefined when the body decodes, else the apiserver's BadRequest message. Bodies that
 * are not JSON objects, and kinds without a schema, are left to the caller.
 */
export function decodeObject(kindKey: string, body: unknown): string | undefined {
  const kd = servedKinds().get(kindKey);
  if (!kd || !isPlainObject(body)) return undefined;
  const d = new Decoder();
  let err: string | undefined;
  try {
    d.value(body, compileDefinition(kd.definition));
    err = d.saved ?? (d.strict.length ? `strict decoding error: ${d.strict.join(', ')}` : undefined);
  } catch (e) {
    if (!(e instanceof Abort)) throw e;
    err = e.message;
  }
  if (err === undefined) return undefined;
  // transformDecodeError: the kind and version as the body declared them.
  const kind = typeof body.kind === 'string' && body.kind ? body.kind : kd.kind;
  const apiVersion = typeof body.apiVersion === 'string' ? body.apiVersion : '';
  const version = apiVersion ? apiVersion.slice(apiVersion.indexOf('/') + 1) : kd.version;
  return `${kind} in version ${goQuote(version)} cannot be handled as a ${kd.kind}: ${err}`;
}
