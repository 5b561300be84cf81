/**
 * JSON output as kubectl's JSONPrinter writes it: Go's `json.MarshalIndent(obj, "", "    ")`
 * plus a newline. Go escapes `<`, `>`, `&`, U+2028 and U+2029 (HTML-safe encoding), and
 * marshals maps (unstructured objects, everything that came from the server) with sorted keys;
 * typed objects built client-side (generators) keep their Go struct field order.
 */

export interface JsonOptions {
  /**
   * Sort object keys by their UTF-8 bytes, as Go marshals maps (default true: objects from the
   * server are unstructured). Generators that build typed objects pass false and insert keys
   * in Go struct field order.
   */
  sortKeys?: boolean;
}

const escapeHtml = (s: string) =>
  s.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Go's byte-wise string order (sort.Strings): compares UTF-8 bytes, not UTF-16 units. */
export function goStringLess(a: string, b: string): boolean {
  if (a === b) return false;
  const ea = new TextEncoder().encode(a);
  const eb = new TextEncoder().encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) if (ea[i] !== eb[i]) return ea[i]! < eb[i]!;
  return ea.length < eb.length;
}

export function goSortStrings(keys: string[]): string[] {
  return [...keys].sort((x, y) => (goStringLess(x, y) ? -1 : goStringLess(y, x) ? 1 : 0));
}

function encode(v: unknown, indent: string, sort: boolean): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return escapeHtml(JSON.stringify(v));
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const inner = indent + '    ';
    return `[\n${v.map((x) => inner + encode(x, inner, sort)).join(',\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    const rec = v as Record<string, unknown>;
    let keys = Object.keys(rec).filter((k) => rec[k] !== undefined && typeof rec[k] !== 'function');
    if (sort) keys = goSortStrings(keys);
    if (keys.length === 0) return '{}';
    const inner = indent + '    ';
    return `{\n${keys.map((k) => `${inner}${escapeHtml(JSON.stringify(k))}: ${encode(rec[k], inner, sort)}`).join(',\n')}\n${indent}}`;
  }
  return 'null';
}

/** `json.MarshalIndent(v, "", "    ")` + "\n", as `kubectl ... -o json` prints. */
export function toJSON(value: unknown, opts: JsonOptions = {}): string {
  return encode(value, '', opts.sortKeys !== false) + '\n';
}

/** Compact Go JSON (`json.Marshal`), e.g. for -v=8 bodies and jsonpath's map/slice printing. */
export function toCompactJSON(value: unknown, opts: JsonOptions = {}): string {
  const sort = opts.sortKeys !== false;
  const enc = (v: unknown): string => {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'string') return escapeHtml(JSON.stringify(v));
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (Array.isArray(v)) return `[${v.map(enc).join(',')}]`;
    const rec = v as Record<string, unknown>;
    let keys = Object.keys(rec).filter((k) => rec[k] !== undefined);
    if (sort) keys = goSortStrings(keys);
    return `{${keys.map((k) => `${escapeHtml(JSON.stringify(k))}:${enc(rec[k])}`).join(',')}}`;
  };
  return enc(value);
}
