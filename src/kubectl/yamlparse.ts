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
import { goYamlError } from './goyaml/index';

/** A manifest that go-yaml rejects: the message is go-yaml's (`yaml: line 4: did not find expected key`). */
export class YamlSyntaxError extends Error {
  constructor(message: string) {
    super(message);
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

/**
 * One document as go-yaml v2's Unmarshal reads it (the first document of `text`; an empty one
 * is null). The syntax is checked by the libyaml port (goyaml.ts), so that errors carry
 * go-yaml's wording and line numbers; the values come from the `yaml` package, configured
 * for YAML 1.1 plain scalars and, like go-yaml v2, letting a repeated key win.
 */
function unmarshal(text: string): unknown {
  const error = goYamlError(text);
  if (error !== undefined) throw new YamlSyntaxError(error);
  const docs = parseAllDocuments(text, { version: '1.1', customTags, uniqueKeys: false, merge: true });
  const doc = Array.isArray(docs) ? docs[0] : docs;
  if (!doc) return null;
  const err = doc.errors[0];
  if (err) throw new YamlSyntaxError(`yaml: ${err.message}`);
  return toPlain(doc.toJS({ maxAliasCount: 100 }));
}

/** A `---` line with anything but spaces or a comment after it (kubectl's YAMLReader refuses it). */
export class YamlSeparatorError extends Error {
  constructor(rest: string) {
    super(`invalid Yaml document separator: ${rest}`);
    this.name = 'YamlSeparatorError';
  }
}

/**
 * A stream read as kubectl reads `-f` files (its YAMLReader): documents split at lines that
 * start with `---`, each parsed on its own, so go-yaml's line numbers count from the
 * document's first line. Returns the documents before the first bad one and the error that
 * stopped the reading (kubectl acts on the objects it read before it fails).
 */
export function readYamlDocuments(text: string): { docs: unknown[]; error?: Error } {
  const docs: unknown[] = [];
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let buffer = '';
  const flush = (): Error | undefined => {
    if (buffer.length === 0) return undefined;
    try {
      docs.push(unmarshal(buffer));
    } catch (e) {
      if (e instanceof YamlSyntaxError) return e;
      throw e;
    }
    buffer = '';
    return undefined;
  };
  for (const line of lines) {
    if (line.startsWith('---')) {
      const rest = line.slice(3).trim();
      if (rest.length > 0 && !rest.startsWith('#')) return { docs, error: new YamlSeparatorError(rest) };
      const error = flush();
      if (error) return { docs, error };
      continue;
    }
    buffer += line;
  }
  const error = flush();
  return error ? { docs, error } : { docs };
}

/**
 * Parse a YAML (or JSON) stream into plain JSON-like values, one per document, as kubectl's
 * YAML reader and go-yaml v2 would. Empty documents come back as null. Throws YamlSyntaxError
 * (or YamlSeparatorError) at the first document that does not parse.
 */
export function parseYamlStream(text: string): unknown[] {
  const { docs, error } = readYamlDocuments(text);
  if (error) throw error;
  return docs;
}

/** Parse one YAML document (the kubeconfig, a patch): go-yaml reads the first document only. */
export function parseYaml(text: string): unknown {
  return unmarshal(text);
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
