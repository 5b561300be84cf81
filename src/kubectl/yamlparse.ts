/**
 * Reading YAML the way kubectl does (sigs.k8s.io/yaml → go-yaml v2 → JSON).
 *
 * go-yaml v2 speaks YAML 1.1 for plain scalars: `yes`/`no`/`on`/`off`/`y`/`n` are booleans,
 * `0755` is octal, `1e3` is a float, unquoted dates are timestamps (which become RFC 3339
 * strings in JSON). It does not support base-60 numbers (`1:20` stays a string). The `yaml`
 * package is configured below to read plain scalars the same way, so that a ConfigMap with
 * `enabled: yes` reaches the server as `true` and fails exactly as it does for real users.
 */
import { parseAllDocuments, type ScalarTag, type Tags } from 'yaml';

export class YamlSyntaxError extends Error {
  constructor(
    /** 1-based line of the problem. */
    readonly line: number,
    /** libyaml-style text, e.g. `did not find expected node content`. */
    readonly problem: string,
  ) {
    super(`yaml: line ${line}: ${problem}`);
    this.name = 'YamlSyntaxError';
  }
}

const TIMESTAMP =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?[ \t]*(Z|[+-]\d{1,2}(?::\d{2})?)?)?$/;

const pad2 = (s: string) => s.padStart(2, '0');

/** An unquoted YAML timestamp as Go's time.Time marshals to JSON (RFC 3339). */
function goTimestampString(s: string): string {
  const m = TIMESTAMP.exec(s)!;
  const date = `${m[1]}-${pad2(m[2]!)}-${pad2(m[3]!)}`;
  if (m[4] === undefined) return `${date}T00:00:00Z`;
  const frac = (m[7] ?? '').replace(/0+$/, '');
  let zone = m[8] ?? 'Z';
  if (zone !== 'Z') {
    const [h, mm] = zone.slice(1).split(':');
    zone = `${zone[0]}${pad2(h!)}:${mm ?? '00'}`;
    if (zone === '+00:00' || zone === '-00:00') zone = 'Z';
  }
  return `${date}T${pad2(m[4])}:${m[5]}:${m[6]}${frac ? '.' + frac : ''}${zone}`;
}

const goTimestamp: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  test: TIMESTAMP,
  resolve: (str: string) => goTimestampString(str),
  stringify: (item) => String(item.value),
};

const customTags = (tags: Tags): Tags => [
  ...tags.filter((t) => {
    const tag = t as ScalarTag;
    return tag.format !== 'TIME' && tag.tag !== 'tag:yaml.org,2002:timestamp';
  }),
  goTimestamp,
];

/** Common libyaml problems for the yaml package's error codes (close, not always identical). */
function problemFor(code: string, message: string): string {
  switch (code) {
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      return 'did not find expected node content';
    case 'DUPLICATE_KEY':
      return message.replace(/ at line.*$/s, '');
    case 'TAB_AS_INDENT':
      return 'found character that cannot start any token';
    case 'BLOCK_AS_IMPLICIT_KEY':
    case 'MULTILINE_IMPLICIT_KEY':
      return "could not find expected ':'";
    case 'UNEXPECTED_TOKEN':
      return 'did not find expected key';
    default:
      return 'did not find expected node content';
  }
}

/**
 * Parse a YAML (or JSON) stream into plain JSON-like values, one per document, as go-yaml v2
 * would. Empty documents come back as null. Throws YamlSyntaxError.
 */
export function parseYamlStream(text: string): unknown[] {
  const docs = parseAllDocuments(text, { version: '1.1', customTags, uniqueKeys: true, merge: true });
  const out: unknown[] = [];
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) throw new YamlSyntaxError(err.linePos?.[0].line ?? 1, problemFor(err.code, err.message));
    out.push(toPlain(doc.toJS({ maxAliasCount: 100 })));
  }
  return out;
}

/** Parse one YAML document (the kubeconfig, a single manifest). */
export function parseYaml(text: string): unknown {
  const docs = parseYamlStream(text);
  return docs.length === 0 ? null : docs[0];
}

/** Keys become strings (as sigs.k8s.io/yaml converts them), binary data becomes base64 text. */
function toPlain(v: unknown): unknown {
  if (v instanceof Uint8Array) {
    let s = '';
    for (const b of v) s += String.fromCharCode(b);
    return btoa(s);
  }
  if (v instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, val] of v) o[String(k)] = toPlain(val);
    return o;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (v !== null && typeof v === 'object') {
    const o: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) o[k] = toPlain(val);
    return o;
  }
  return v;
}
